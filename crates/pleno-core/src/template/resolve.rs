//! Filling a layout's placeholders for one page: field keys from the slots, labels from the
//! catalogue and, when given, the ballot.

use std::fmt::Write as _;

use super::layout::{FieldSpec, Layout, QrSpec, TagSpec, Text};
use super::plan::{Group, Plan};
use super::{Template, TemplateError, TemplateField};
use crate::ballot::{Ballot, parties_2024};
use crate::catalogue::Catalogue;
use crate::contest::Contest;
use crate::field::FieldKey;

struct Ctx<'a> {
    plan: &'a Plan,
    catalogue: &'a Catalogue,
    ballot: Option<&'a Ballot>,
    salinan: bool,
}

/// What a placeholder may refer to on one layout item.
struct Item<'a> {
    group: Option<&'a Group>,
    number: Option<u8>,
}

impl Ctx<'_> {
    fn item(&self, group: Option<u8>, slot: Option<u8>) -> Option<Item<'_>> {
        let g = self
            .plan
            .groups
            .get(usize::from(group.unwrap_or(1).max(1) - 1));
        let number = match slot {
            Some(s) => Some(*g?.numbers.get(usize::from(s.max(1) - 1))?),
            None => None,
        };
        Some(Item { group: g, number })
    }

    fn party_name(&self, p: u8) -> String {
        self.ballot
            .and_then(|b| b.parties().iter().find(|l| l.party.nomor == p))
            .map(|l| l.party.name.clone())
            .or_else(|| {
                parties_2024()
                    .into_iter()
                    .find(|(x, _)| x.nomor == p)
                    .map(|(x, _)| x.name)
            })
            .unwrap_or_default()
            .to_uppercase()
    }

    /// Name of the pair/candidate numbered `n` in `item`, or the official blank's wording.
    fn name(&self, item: &Item<'_>, n: u8, wakil: bool) -> String {
        let Some(b) = self.ballot else {
            return match (self.catalogue.contest, wakil) {
                (Contest::Ppwp, false) => "NAMA CALON PRESIDEN".into(),
                (Contest::Ppwp, true) => "NAMA CALON WAKIL PRESIDEN".into(),
                (_, true) => String::new(),
                _ => "NAMA CALON".into(),
            };
        };
        let party = item.group.and_then(|g| g.party);
        let name = match (self.catalogue.contest, party) {
            (Contest::Ppwp, _) => b.pairs().iter().find(|p| p.nomor == n).map(|p| {
                if wakil {
                    p.wakil.clone()
                } else {
                    p.presiden.clone()
                }
            }),
            (_, Some(p)) if !wakil => b
                .parties()
                .iter()
                .find(|l| l.party.nomor == p)
                .and_then(|l| l.candidates.iter().find(|c| c.nomor == n))
                .map(|c| c.name.clone()),
            (Contest::Dpd, None) if !wakil => b
                .dpd_candidates()
                .iter()
                .find(|c| c.nomor == n)
                .map(|c| c.name.clone()),
            _ => None,
        };
        name.unwrap_or_default().to_uppercase()
    }

    fn contest_title(&self) -> &'static str {
        match self.catalogue.contest {
            Contest::Ppwp => "PRESIDEN DAN WAKIL PRESIDEN",
            Contest::Dpr => "ANGGOTA DEWAN PERWAKILAN RAKYAT",
            Contest::Dpd => "ANGGOTA DEWAN PERWAKILAN DAERAH",
            Contest::DprdProv => "ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH PROVINSI",
            Contest::DprdKab => "ANGGOTA DEWAN PERWAKILAN RAKYAT DAERAH KABUPATEN/KOTA",
        }
    }

    fn witness_title(&self) -> &'static str {
        match self.catalogue.contest {
            Contest::Ppwp => {
                "NAMA DAN TANDA TANGAN SAKSI PASANGAN CALON PRESIDEN DAN WAKIL PRESIDEN"
            }
            Contest::Dpd => "NAMA DAN TANDA TANGAN SAKSI CALON ANGGOTA DPD",
            _ => "NAMA DAN TANDA TANGAN SAKSI PARTAI POLITIK",
        }
    }

    /// "( IV.1 + IV.2 + IV.3 )", "( IV.1.B + IV.2.B + … + IV.24.B )".
    fn sah_formula(&self) -> String {
        let parts: Vec<String> = self
            .catalogue
            .valid_total_parts()
            .into_iter()
            .map(|k| match k {
                FieldKey::PartyTotal(p) => format!("IV.{p}.B"),
                FieldKey::Paslon(n) | FieldKey::DpdCandidate(n) => format!("IV.{n}"),
                _ => String::new(),
            })
            .collect();
        let body = if parts.len() > 3 {
            format!(
                "{} + {} + … + {}",
                parts[0],
                parts[1],
                parts[parts.len() - 1]
            )
        } else {
            parts.join(" + ")
        };
        format!("( {body} )")
    }

    fn model(&self) -> String {
        let sfx = self.catalogue.contest.form_suffix();
        if self.salinan {
            format!("C.HASIL SALINAN-{sfx}")
        } else {
            format!("C.HASIL-{sfx}")
        }
    }

    fn value(&self, name: &str, item: &Item<'_>) -> Option<String> {
        let party = item.group.and_then(|g| g.party);
        Some(match name {
            "tag" => self.plan.tag_id.to_string(),
            "model" => self.model(),
            "contest" => self.contest_title().to_string(),
            "contest_name" => self.catalogue.contest.name_id().to_string(),
            "witness" => self.witness_title().to_string(),
            "section_iv" => crate::catalogue::Section::IV
                .title_id(self.catalogue.contest)
                .to_string(),
            "sah_formula" => self.sah_formula(),
            "page" => self.plan.page_no.to_string(),
            "pages" => self.plan.page_count.to_string(),
            "dapil" => self
                .ballot
                .and_then(|b| b.dapil.as_ref())
                .map(|d| d.name.to_uppercase())
                .unwrap_or_default(),
            "party" => party?.to_string(),
            "party_name" => self.party_name(party?),
            "n" => item.number?.to_string(),
            "name" => self.name(item, item.number?, false),
            "wakil" => self.name(item, item.number?, true),
            _ => return None,
        })
    }

    /// Fills `{…}` placeholders. `Ok(None)` when a placeholder has no value on this page (the
    /// item is then left out); an unknown placeholder is a broken layout.
    fn fill(
        &self,
        layout: &Layout,
        s: &str,
        item: &Item<'_>,
    ) -> Result<Option<String>, TemplateError> {
        let mut out = String::new();
        let mut rest = s;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let Some(len) = rest[start..].find('}') else {
                return Err(bad(layout, format!("unclosed placeholder in '{s}'")));
            };
            let name = &rest[start + 1..start + len];
            if !KNOWN.contains(&name) {
                return Err(bad(
                    layout,
                    format!("unknown placeholder {{{name}}} in '{s}'"),
                ));
            }
            match self.value(name, item) {
                Some(v) => {
                    let _ = write!(out, "{v}");
                }
                None => return Ok(None),
            }
            rest = &rest[start + len + 1..];
        }
        out.push_str(rest);
        Ok(Some(out))
    }
}

const KNOWN: &[&str] = &[
    "tag",
    "model",
    "contest",
    "contest_name",
    "witness",
    "section_iv",
    "sah_formula",
    "page",
    "pages",
    "dapil",
    "party",
    "party_name",
    "n",
    "name",
    "wakil",
];

fn bad(layout: &Layout, detail: String) -> TemplateError {
    TemplateError::BadLayout {
        id: layout.id.clone(),
        detail,
    }
}

fn fill_text(ctx: &Ctx<'_>, layout: &Layout, t: &Text) -> Result<Option<Text>, TemplateError> {
    let Some(item) = ctx.item(t.group, t.slot) else {
        return Ok(None);
    };
    Ok(ctx
        .fill(layout, &t.text, &item)?
        .filter(|s| !s.trim().is_empty())
        .map(|text| Text { text, ..t.clone() }))
}

pub(super) fn instantiate(
    layout: &Layout,
    plan: &Plan,
    catalogue: &Catalogue,
    ballot: Option<&Ballot>,
) -> Result<Template, TemplateError> {
    let ctx = Ctx {
        plan,
        catalogue,
        ballot,
        salinan: layout.family == super::Family::Salinan,
    };
    let mut fields = Vec::new();
    for spec in &layout.fields {
        let Some(item) = ctx.item(spec.group, spec.slot) else {
            continue;
        };
        let Some(key) = ctx.fill(layout, &spec.key, &item)? else {
            continue;
        };
        fields.push(resolved_field(layout, &key, spec)?);
    }
    let mut texts = Vec::new();
    for t in &layout.texts {
        if let Some(t) = fill_text(&ctx, layout, t)? {
            texts.push(t);
        }
    }
    let tag = match &layout.tag {
        Some(spec) => Some(TagSpec {
            label: match &spec.label {
                Some(t) => fill_text(&ctx, layout, t)?,
                None => None,
            },
            ..spec.clone()
        }),
        None => None,
    };
    assemble(
        layout,
        plan.tag_id,
        Resolved { fields, texts, tag },
        (plan.page_no, plan.page_count),
    )
}

/// The field `spec` of `layout` under its resolved key `name`.
pub(super) fn resolved_field(
    layout: &Layout,
    name: &str,
    spec: &FieldSpec,
) -> Result<TemplateField, TemplateError> {
    let key: FieldKey = name
        .parse()
        .map_err(|e: crate::field::UnknownField| bad(layout, e.to_string()))?;
    Ok(TemplateField {
        key,
        boxes: spec.boxes.clone(),
        bubbles: spec.bubbles.clone(),
        words: spec.words,
        guides: spec.guides,
    })
}

/// What a layout's placeholders resolve to on one page.
pub(super) struct Resolved {
    pub fields: Vec<TemplateField>,
    pub texts: Vec<Text>,
    pub tag: Option<TagSpec>,
}

/// Page `tag_id` (number `page.0` of `page.1`) of `layout` with its items resolved.
pub(super) fn assemble(
    layout: &Layout,
    tag_id: u16,
    items: Resolved,
    page: (usize, usize),
) -> Result<Template, TemplateError> {
    if let Some(qr) = &layout.qr {
        let r = qr.rect;
        let on_page = r.w > 0.0
            && r.h > 0.0
            && r.x >= 0.0
            && r.y >= 0.0
            && r.right() <= layout.width
            && r.bottom() <= layout.height;
        if !QrSpec::text_ok(&qr.text) || !on_page {
            return Err(bad(
                layout,
                format!(
                    "qr: the code needs a text of 1–{} bytes and a rectangle on the page",
                    QrSpec::MAX_TEXT
                ),
            ));
        }
    }
    Ok(Template {
        tag_id,
        layout_id: layout.id.clone(),
        family: layout.family,
        provenance: layout.provenance,
        width: layout.width,
        height: layout.height,
        box_line: layout.box_line,
        marks: layout.marks.clone(),
        tag: items.tag,
        qr: layout.qr.clone(),
        fields: items.fields,
        lines: layout.lines.clone(),
        fills: layout.fills.clone(),
        texts: items.texts,
        page_no: page.0,
        page_count: page.1,
    })
}

/// The page must hold exactly the catalogue's fields for it: a layout with too few rows, or a
/// key typo, would otherwise silently lose numbers.
pub(super) fn check_fields(
    t: &Template,
    plan: &Plan,
    catalogue: &Catalogue,
) -> Result<(), TemplateError> {
    let expected: Vec<FieldKey> = catalogue
        .fields
        .iter()
        .filter(|f| plan.holds(f.key, f.page))
        .map(|f| f.key)
        .collect();
    same_keys(t, plan.tag_id, &expected)
}

/// The page holds exactly `expected`, each once.
pub(super) fn same_keys(
    t: &Template,
    page: u16,
    expected: &[FieldKey],
) -> Result<(), TemplateError> {
    let got: Vec<FieldKey> = t.keys().collect();
    let missing: Vec<String> = expected
        .iter()
        .filter(|k| !got.contains(k))
        .map(ToString::to_string)
        .collect();
    let extra: Vec<String> = got
        .iter()
        .filter(|k| !expected.contains(k))
        .map(ToString::to_string)
        .collect();
    let mut seen: Vec<FieldKey> = Vec::new();
    let dup: Vec<String> = got
        .iter()
        .filter(|k| {
            let d = seen.contains(k);
            seen.push(**k);
            d
        })
        .map(ToString::to_string)
        .collect();
    if missing.is_empty() && extra.is_empty() && dup.is_empty() {
        Ok(())
    } else {
        Err(TemplateError::Mismatch {
            page,
            detail: format!(
                "kurang: [{}], lebih: [{}], ganda: [{}]",
                missing.join(", "),
                extra.join(", "),
                dup.join(", ")
            ),
        })
    }
}
