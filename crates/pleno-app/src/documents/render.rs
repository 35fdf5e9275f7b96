//! The requested documents as PDFs in memory, after the completeness check.

use pleno_core::Contest;
use pleno_core::recap::Completeness;
use pleno_core::reference::Election;
use pleno_print::doc::{self, DocLevel, DocSetup, Pdf, Signer};

use super::gather::Inputs;
use super::naming::{date_of, file_name, time_of};
use super::{DocKind, DocumentsError, PrintOptions};

/// A document rendered, not yet written.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub kind: DocKind,
    pub contest: Option<Contest>,
    pub file_name: String,
    pub pdf: Pdf,
    pub drill: bool,
    pub provisional: bool,
}

/// How many missing TPS a refusal lists per contest before summarising the rest.
const LIST_MAX: usize = 15;

fn missing_lines(e: &Election, contest: Contest, c: &Completeness) -> Vec<String> {
    let desa = |t: &pleno_core::wilayah::TpsCode| {
        e.kecamatan
            .find_tps(t)
            .map_or_else(String::new, |(d, _)| d.name.clone())
    };
    let suffix = contest.form_suffix();
    let all: Vec<String> = c
        .missing
        .iter()
        .map(|t| {
            format!(
                "{suffix}: Desa {} TPS {:03} belum ada angka",
                desa(t),
                t.nomor()
            )
        })
        .chain(c.unagreed.iter().map(|t| {
            format!(
                "{suffix}: Desa {} TPS {:03} belum disepakati",
                desa(t),
                t.nomor()
            )
        }))
        .collect();
    let extra = all.len().saturating_sub(LIST_MAX);
    let mut out: Vec<String> = all.into_iter().take(LIST_MAX).collect();
    if extra > 0 {
        out.push(format!("{suffix}: … dan {extra} TPS lagi"));
    }
    out
}

fn setup(inputs: &Inputs, opts: &PrintOptions, provisional: bool) -> DocSetup {
    let k = &inputs.recap.election.kecamatan;
    let now = opts.printed_at.clone().unwrap_or_else(pleno_store::now);
    let ppk = opts.ppk.clone().unwrap_or_else(|| {
        inputs
            .recap
            .election
            .members
            .iter()
            .map(|m| Signer {
                role: m.role.clone(),
                name: m.name.clone(),
            })
            .collect()
    });
    DocSetup {
        level: DocLevel::Kecamatan,
        paper: opts.paper,
        provinsi: format!("{} ({})", k.provinsi_name, k.provinsi.dotted()),
        kabupaten: format!("{} ({})", k.kabupaten_name, k.kabupaten.dotted()),
        kecamatan: format!("{} ({})", k.name, k.code.dotted()),
        kecamatan_name: k.name.clone(),
        tempat: opts.tempat.clone().unwrap_or_else(|| k.name.clone()),
        tanggal: opts.tanggal.clone().unwrap_or_else(|| date_of(&now)),
        workspace_id: inputs.workspace_id.clone(),
        key_fingerprint: inputs.key_fingerprint.clone(),
        audit_head: inputs
            .audit_head
            .as_ref()
            .map(pleno_store::ChainHead::short),
        printed_at: time_of(&now),
        drill: inputs.drill,
        provisional,
        ppk,
    }
}

/// Renders what `opts` asks for. Refuses with the list of what is missing when a document
/// would show figures not yet agreed (or undecided objections), unless `opts.provisional`,
/// in which case exactly those documents are marked SEMENTARA.
pub fn render(inputs: &Inputs, opts: &PrintOptions) -> Result<Vec<Rendered>, DocumentsError> {
    let recap = &inputs.recap;
    let contests: Vec<Contest> = match opts.contest {
        Some(c) if recap.contest(c).is_none() => return Err(DocumentsError::NoContest(c)),
        Some(c) => vec![c],
        None => recap.contests.iter().map(|c| c.contest).collect(),
    };
    let wants = |k: DocKind| opts.docs.contains(&k);
    let tables = wants(DocKind::DHasil) || wants(DocKind::Lampiran);
    let mut missing = Vec::new();
    if tables {
        for c in &contests {
            if let Some(cr) = recap.contest(*c) {
                missing.extend(missing_lines(
                    &recap.election,
                    *c,
                    &cr.kecamatan.completeness,
                ));
            }
        }
    }
    if wants(DocKind::DKejadian) {
        missing.extend(inputs.open.iter().cloned());
    }
    if !missing.is_empty() && !opts.provisional {
        return Err(DocumentsError::Incomplete { missing });
    }
    let drill = inputs.drill;
    let mut out = Vec::new();
    for c in contests.iter().filter(|_| tables) {
        let (Some(cr), Some(ballot)) = (recap.contest(*c), recap.election.ballot(*c)) else {
            continue;
        };
        let provisional = !cr.kecamatan.completeness.is_complete();
        let s = setup(inputs, opts, provisional);
        let saksi = &recap.election.saksi;
        if wants(DocKind::DHasil) {
            out.push(Rendered {
                kind: DocKind::DHasil,
                contest: Some(*c),
                file_name: file_name(DocKind::DHasil, Some(*c), provisional, drill),
                pdf: doc::d_hasil(&s, &cr.kecamatan, ballot, saksi)?,
                drill,
                provisional,
            });
        }
        if wants(DocKind::Lampiran) {
            out.push(Rendered {
                kind: DocKind::Lampiran,
                contest: Some(*c),
                file_name: file_name(DocKind::Lampiran, Some(*c), provisional, drill),
                pdf: doc::lampiran(&s, &cr.lampiran, ballot, saksi)?,
                drill,
                provisional,
            });
        }
    }
    if wants(DocKind::DKejadian) {
        let provisional = !inputs.open.is_empty();
        let s = setup(inputs, opts, provisional);
        out.push(Rendered {
            kind: DocKind::DKejadian,
            contest: None,
            file_name: file_name(DocKind::DKejadian, None, provisional, drill),
            pdf: doc::d_kejadian(&s, &inputs.incidents, &inputs.raisers)?,
            drill,
            provisional,
        });
    }
    Ok(out)
}
