//! `pleno read IMAGE...` as a use case: photographed C.Hasil pages read without a workspace,
//! showing per field what an import would accept: the reader's figures judged by the default
//! acceptance policy (`AcceptancePolicy::judge`, the one decider) on what one page can tell
//! (confidence, boxes against bubbles, the rules whose fields are all on the page).

mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pleno_core::kind::{ContestKind, KindRule};
use pleno_core::rules::Constraint;
use pleno_core::rules::form::{check_page, constraints};
use pleno_core::template::Layout;
use pleno_core::{Catalogue, Contest, FieldKey};
use pleno_reader::{FieldReading, PageReading, ReadOptions, Reader, debug, pdf, stages};
use pleno_synth::sample_ballot;
use serde_json::json;

use crate::error::{AppError, AppResult, ErrorCode, bad_request};
use crate::policy::{AcceptancePolicy, FieldScore, WhyNot};
use render::{document, text};

/// What to read and how to report it.
#[derive(Debug, Clone, Default)]
pub struct LooseRequest {
    /// Photos or scans (JPEG, PNG, TIFF; a PDF scan is read page by page).
    pub images: Vec<PathBuf>,
    /// One JSON document per image (per page of a PDF), one per line.
    pub json: bool,
    /// Where to write the debug pictures (the flattened page with coloured boxes, and one per
    /// stage the read reached).
    pub debug: Option<PathBuf>,
    /// The page code the images should be; another page is rejected.
    pub expect_page: Option<u16>,
    /// Corner marks placed by hand for a single image (photo pixels, TL, TR, BR, BL).
    pub corners: Option<[(f64, f64); 4]>,
    /// Calibrated layouts to read with, by page code (an office's sheet, one without a tag).
    pub layouts: Vec<(u16, Layout)>,
    /// Contest kinds defined by data (docs/contest-kinds.md) whose pages the images may be;
    /// their pages are read with their layout in `layouts` and checked by the kind's rules.
    pub kinds: Vec<ContestKind>,
}

fn io_error(path: &Path, e: &dyn std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Io,
        format!("{} tidak dapat ditulis: {e}", path.display()),
    )
}

/// Reads every image of `request`, writing one report per page through `emit` (text, or one
/// JSON document per line). Returns whether any page was refused.
pub fn read_loose(request: &LooseRequest, emit: &mut dyn FnMut(&str)) -> AppResult<bool> {
    let args = request;
    let catalogues: Vec<Catalogue> = [
        Contest::Ppwp,
        Contest::Dpr,
        Contest::Dpd,
        Contest::DprdProv,
        Contest::DprdKab,
    ]
    .iter()
    .map(|c| Catalogue::new(&sample_ballot(*c)))
    .collect();
    let reader = Reader::new().map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("model angka tidak dapat dimuat: {e}"),
        )
    })?;
    let mut opts = ReadOptions::new(&catalogues);
    opts.expected_tag = args.expect_page;
    opts.calibrated = &args.layouts;
    opts.kinds = &args.kinds;
    if let Some(c) = args.corners {
        if args.images.len() != 1 {
            return Err(bad_request("sudut manual hanya untuk satu gambar"));
        }
        opts.corners = Some(c);
    }
    if let Some(dir) = &args.debug {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    }
    let policy = AcceptancePolicy::default();
    let mut seen: BTreeMap<u16, String> = BTreeMap::new();
    let mut any_rejected = false;
    for path in &args.images {
        let name = path.display().to_string();
        let pages = match std::fs::read(path) {
            Ok(bytes) => split_pdf(bytes),
            Err(e) => Err((
                "io_error".to_string(),
                format!("{name}: {e}; periksa nama dan letak berkasnya"),
            )),
        };
        let pages = match pages {
            Ok(p) => p,
            Err((code, msg)) => {
                if args.json {
                    emit(
                        &(json!({"file": name, "pdf_page": null, "rejected": {"code": code, "message": msg}})
                            .to_string()
                            + "\n"),
                    );
                } else {
                    emit(&format!("{name}\n  DITOLAK [{code}] {msg}\n"));
                }
                any_rejected = true;
                continue;
            }
        };
        for (pdf_page, bytes) in pages {
            let label = pdf_page.map_or_else(|| name.clone(), |n| format!("{name} halaman {n}"));
            let (reading, grey) = reader.read_keeping_image(&bytes, &opts);
            // Halves of one sheet are two photos of the same page, not duplicates.
            let duplicate_of = reading
                .tag_id
                .filter(|_| reading.rejected.is_none() && !reading.partial)
                .and_then(|t| {
                    if let Some(first) = seen.get(&t) {
                        Some(first.clone())
                    } else {
                        seen.insert(t, label.clone());
                        None
                    }
                });
            let cat = reading
                .contest
                .and_then(|c| catalogues.iter().find(|k| k.contest == c));
            let kind = reading
                .kind
                .as_deref()
                .and_then(|id| args.kinds.iter().find(|k| k.id() == id));
            let duplicate = duplicate_of.is_some();
            let reasons = match (cat, kind) {
                (Some(cat), _) => page_reasons(&policy, cat, &reading, duplicate),
                (None, Some(kind)) => kind_reasons(&policy, kind, &reading, duplicate),
                (None, None) => Vec::new(),
            };
            any_rejected |= reading.rejected.is_some();
            let doc = document(&name, pdf_page, &reading, &reasons, duplicate_of.as_deref());
            if args.json {
                emit(&(doc.to_string() + "\n"));
            } else {
                emit(&text(&label, &reading, &reasons, duplicate_of.as_deref()));
            }
            if let (Some(dir), Some(grey)) = (&args.debug, grey) {
                let colour = |i: usize, f: &FieldReading| match (reasons.get(i), f.status) {
                    (_, pleno_reader::FieldStatus::Empty) => debug::BLUE,
                    (
                        _,
                        pleno_reader::FieldStatus::Unreadable
                        | pleno_reader::FieldStatus::Inconsistent,
                    ) => debug::RED,
                    (Some(r), _) if r.is_empty() => debug::GREEN,
                    _ => debug::ORANGE,
                };
                if let Some(img) = debug::render(&grey, &reading, colour) {
                    let out = debug_path(dir, path, pdf_page, "debug");
                    img.save(&out).map_err(|e| io_error(&out, &e))?;
                }
                // One picture per stage the read reached (also when it failed: what was seen).
                for (stage, img) in stages::pictures(&grey, &reading, colour) {
                    let out = debug_path(dir, path, pdf_page, stage);
                    img.save(&out).map_err(|e| io_error(&out, &e))?;
                }
            }
        }
    }
    Ok(any_rejected)
}

fn debug_path(dir: &Path, image: &Path, pdf_page: Option<usize>, what: &str) -> PathBuf {
    let stem = image.file_stem().map_or_else(
        || "gambar".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    match pdf_page {
        Some(n) => dir.join(format!("{stem}-hal{n}.{what}.png")),
        None => dir.join(format!("{stem}.{what}.png")),
    }
}

/// A file's images: itself, or each page of a PDF scan (numbered from 1).
type Pages = Vec<(Option<usize>, Vec<u8>)>;

fn split_pdf(bytes: Vec<u8>) -> Result<Pages, (String, String)> {
    if !pdf::is_pdf(&bytes) {
        return Ok(vec![(None, bytes)]);
    }
    let pages = pdf::render_pages(&bytes).map_err(|r| (r.code().to_string(), r.to_string()))?;
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(i, p)| (Some(i + 1), p))
        .collect())
}

/// Why-not lists per field, in field order.
fn page_reasons(
    policy: &AcceptancePolicy,
    cat: &Catalogue,
    reading: &PageReading,
    duplicate: bool,
) -> Vec<Vec<WhyNot>> {
    let on_page: BTreeSet<FieldKey> = reading.fields.iter().map(|f| f.key).collect();
    let findings = check_page(cat, &reading.form_values(), &on_page);
    let rules = |key| policy.rule_reasons(cat.contest, key, &findings);
    let vars = constraints(cat).iter().map(Constraint::vars).collect();
    judged(policy, reading, duplicate, rules, vars)
}

/// As [`page_reasons`], for a page of a contest kind defined by data: its own rules.
fn kind_reasons(
    policy: &AcceptancePolicy,
    kind: &ContestKind,
    reading: &PageReading,
    duplicate: bool,
) -> Vec<Vec<WhyNot>> {
    let on_page: BTreeSet<FieldKey> = reading.fields.iter().map(|f| f.key).collect();
    let findings = kind.check(&reading.form_values(), &on_page);
    let rules = |key| {
        findings
            .iter()
            .filter(|x| x.involves(key) && (!x.warning || policy.warnings_need_review))
            .map(|x| WhyNot::Rule {
                rule: x.rule.clone(),
                message: x.message(),
            })
            .collect()
    };
    let vars = kind.rules.iter().map(KindRule::vars).collect();
    judged(policy, reading, duplicate, rules, vars)
}

/// Why each field is not accepted: the policy's verdict on its reading, the failed rules
/// against it (`rules`), a page already read from another image; then a rule on this page
/// (by its fields, `vars`) that cannot be checked because one of its fields is held leaves its
/// other fields unchecked too.
fn judged(
    policy: &AcceptancePolicy,
    reading: &PageReading,
    duplicate: bool,
    rules: impl Fn(FieldKey) -> Vec<WhyNot>,
    vars: Vec<Vec<FieldKey>>,
) -> Vec<Vec<WhyNot>> {
    let mut out: Vec<Vec<WhyNot>> = reading
        .fields
        .iter()
        .map(|f| {
            let mut r = policy.field_reasons(&FieldScore::of_field(f), rules(f.key));
            if duplicate {
                r.push(WhyNot::NotRead {
                    status: "duplicate_page".into(),
                });
            }
            r
        })
        .collect();
    hold_unchecked_rules(reading, &mut out, vars);
    out
}

/// A rule on this page that cannot be checked because one of its fields is not accepted
/// leaves its other fields unchecked too.
fn hold_unchecked_rules(reading: &PageReading, out: &mut [Vec<WhyNot>], rules: Vec<Vec<FieldKey>>) {
    let on_page: BTreeSet<FieldKey> = reading.fields.iter().map(|f| f.key).collect();
    let held: BTreeSet<FieldKey> = reading
        .fields
        .iter()
        .zip(out.iter())
        .filter(|(_, r)| !r.is_empty())
        .map(|(f, _)| f.key)
        .collect();
    for vars in rules {
        if !vars.iter().all(|k| on_page.contains(k)) || !vars.iter().any(|k| held.contains(k)) {
            continue;
        }
        for (f, r) in reading.fields.iter().zip(out.iter_mut()) {
            if vars.contains(&f.key) && r.is_empty() {
                r.push(WhyNot::FormNeedsReview);
            }
        }
    }
}
