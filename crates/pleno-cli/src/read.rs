//! `pleno read IMAGE...`: reads photographed C.Hasil pages without a workspace and shows, per
//! field, what an import would accept: the reader's figures judged by the app's default
//! acceptance policy on what one page can tell (confidence, boxes against bubbles, the rules
//! whose fields are all on the page).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use pleno_app::policy::{AcceptancePolicy, FieldScore, WhyNot};
use pleno_core::rules::form::{check_page, constraints};
use pleno_core::{Catalogue, Contest, FieldKey};
use pleno_reader::{
    FieldReading, PageReading, ReadOptions, Reader, debug, model::CLASS_NAMES, pdf, stages,
};
use pleno_synth::sample_ballot;
use serde_json::{Value, json};

#[derive(clap::Args)]
pub struct Args {
    /// Photos or scans (JPEG, PNG, TIFF; a PDF scan is read page by page).
    #[arg(required = true)]
    images: Vec<PathBuf>,
    /// One JSON document per image (per page of a PDF), one per line.
    #[arg(long)]
    json: bool,
    /// Write debug pictures per image into this directory: the page flattened with its boxes
    /// coloured (NAME.debug.png: green accepted, orange needs review, red unreadable, blue
    /// empty) and one per stage the read reached, also when it failed (NAME.1-decode,
    /// .2-marks, .3-page, .4-boxes, .5-crops .png).
    #[arg(long)]
    debug: Option<PathBuf>,
    /// The page code the images should be (e.g. 102); another page is rejected.
    #[arg(long)]
    expect_page: Option<u16>,
    /// Manual corner marks for a single image: eight numbers "x1,y1,…,x4,y4" in photo pixels,
    /// top-left, top-right, bottom-right, bottom-left of the printed page.
    #[arg(long)]
    corners: Option<String>,
}

fn parse_corners(s: &str) -> Result<[(f64, f64); 4]> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .context("--corners: delapan angka dipisah koma")?;
    if v.len() != 8 {
        bail!("--corners: perlu delapan angka, ada {}", v.len());
    }
    Ok([(v[0], v[1]), (v[2], v[3]), (v[4], v[5]), (v[6], v[7])])
}

pub fn run(args: &Args) -> Result<ExitCode> {
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
    let reader = Reader::new()?;
    let mut opts = ReadOptions::new(&catalogues);
    opts.expected_tag = args.expect_page;
    if let Some(c) = &args.corners {
        if args.images.len() != 1 {
            bail!("--corners hanya untuk satu gambar");
        }
        opts.corners = Some(parse_corners(c)?);
    }
    if let Some(dir) = &args.debug {
        std::fs::create_dir_all(dir).with_context(|| format!("membuat {}", dir.display()))?;
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
                    crate::output::emit(
                        &(json!({"file": name, "pdf_page": null, "rejected": {"code": code, "message": msg}})
                            .to_string()
                            + "\n"),
                    );
                } else {
                    crate::output::emit(&format!("{name}\n  DITOLAK [{code}] {msg}\n"));
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
            let reasons = cat.map_or_else(Vec::new, |cat| {
                page_reasons(&policy, cat, &reading, duplicate_of.is_some())
            });
            any_rejected |= reading.rejected.is_some();
            let doc = document(&name, pdf_page, &reading, &reasons, duplicate_of.as_deref());
            if args.json {
                crate::output::emit(&(doc.to_string() + "\n"));
            } else {
                crate::output::emit(&text(&label, &reading, &reasons, duplicate_of.as_deref()));
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
                    img.save(&out)
                        .with_context(|| format!("menulis {}", out.display()))?;
                }
                // One picture per stage the read reached (also when it failed: what was seen).
                for (stage, img) in stages::pictures(&grey, &reading, colour) {
                    let out = debug_path(dir, path, pdf_page, stage);
                    img.save(&out)
                        .with_context(|| format!("menulis {}", out.display()))?;
                }
            }
        }
    }
    Ok(if any_rejected {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
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
    let mut out: Vec<Vec<WhyNot>> = reading
        .fields
        .iter()
        .map(|f| {
            let score = FieldScore {
                status: f.status.as_str(),
                confidence: f.confidence,
                min_digit_probability: f.min_digit_p,
                omr: f.bubbles.as_ref().map(|b| (f.value, b.value)),
                segments_agree: f.segments_agree,
            };
            let mut r =
                policy.field_reasons(&score, policy.rule_reasons(cat.contest, f.key, &findings));
            if duplicate {
                r.push(WhyNot::NotRead {
                    status: "duplicate_page".into(),
                });
            }
            r
        })
        .collect();
    // A rule on this page that cannot be checked because one of its fields is not accepted
    // leaves its other fields unchecked too.
    let held: BTreeSet<FieldKey> = reading
        .fields
        .iter()
        .zip(&out)
        .filter(|(_, r)| !r.is_empty())
        .map(|(f, _)| f.key)
        .collect();
    for c in constraints(cat) {
        let vars = c.vars();
        if !vars.iter().all(|k| on_page.contains(k)) || !vars.iter().any(|k| held.contains(k)) {
            continue;
        }
        for (f, r) in reading.fields.iter().zip(out.iter_mut()) {
            if vars.contains(&f.key) && r.is_empty() {
                r.push(WhyNot::FormNeedsReview);
            }
        }
    }
    out
}

fn round4(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}

fn document(
    name: &str,
    pdf_page: Option<usize>,
    r: &PageReading,
    reasons: &[Vec<WhyNot>],
    duplicate_of: Option<&str>,
) -> Value {
    let mut quality_reasons: Vec<Value> = r
        .quality
        .reasons
        .iter()
        .map(|q| json!({"code": q.code, "message": q.message, "value": round4(q.value), "limit": round4(q.limit), "fatal": q.fatal}))
        .collect();
    if let Some(first) = duplicate_of {
        quality_reasons.push(json!({"code": "duplicate_page", "message": format!("halaman yang sama sudah ada: {first}"), "value": 1, "limit": 0, "fatal": false}));
    }
    let fields: Vec<Value> = r
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let why = reasons.get(i).cloned().unwrap_or_default();
            json!({
                "key": f.key.to_string(),
                "value": f.value,
                "confidence": round4(f.confidence),
                "status": f.status.as_str(),
                "digits": f.digits.iter().map(|d| json!({
                    "class": CLASS_NAMES.get(d.class).copied().unwrap_or("?"),
                    "p": d.p.iter().map(|p| round4(*p)).collect::<Vec<_>>(),
                    "segments": d.segments.and_then(|s| s.digit),
                })).collect::<Vec<_>>(),
                "segments_agree": f.segments_agree,
                "bubbles": f.bubbles.as_ref().map(|b| b.columns.iter().map(|c| json!({
                    "digit": c.digit,
                    "ambiguous": c.ambiguous,
                    "fill": c.fill.iter().map(|p| round4(*p)).collect::<Vec<_>>(),
                })).collect::<Vec<_>>()),
                "auto_accept": why.is_empty() && r.rejected.is_none(),
                "why_not": why,
            })
        })
        .collect();
    json!({
        "file": name,
        "pdf_page": pdf_page,
        "page_code": r.tag_id,
        "contest": r.contest.map(Contest::slug),
        "page": r.page,
        "template": r.layout,
        "orientation": r.orientation,
        "framing": r.framing,
        "partial": r.partial,
        "quality": {"ok": r.quality.ok && r.rejected.is_none(), "reasons": quality_reasons, "box_px": r.quality.box_px.map(round4)},
        "rejected": r.rejected.as_ref().map(|x| json!({"code": x.code(), "message": x.to_string()})),
        "fields": fields,
        "timings_ms": r.timings_ms,
    })
}

fn text(
    name: &str,
    r: &PageReading,
    reasons: &[Vec<WhyNot>],
    duplicate_of: Option<&str>,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{name}");
    if let Some(x) = &r.rejected {
        let _ = writeln!(s, "  DITOLAK [{}] {x}", x.code());
        return s;
    }
    let _ = writeln!(
        s,
        "  halaman {} ({}, {}), orientasi {}°",
        r.tag_id.unwrap_or(0),
        r.contest.map_or("?", Contest::slug),
        r.layout.as_deref().unwrap_or("?"),
        r.orientation.unwrap_or(0)
    );
    for q in &r.quality.reasons {
        let _ = writeln!(s, "  mutu: {}", q.message);
    }
    if let Some(first) = duplicate_of {
        let _ = writeln!(s, "  halaman ganda: sama dengan {first}");
    }
    let mut accepted = 0;
    for (i, f) in r.fields.iter().enumerate() {
        let why = reasons.get(i).map(Vec::as_slice).unwrap_or_default();
        if why.is_empty() {
            accepted += 1;
        }
        let value = f.value.map_or_else(|| "-".to_string(), |v| v.to_string());
        let omr = f
            .bubbles
            .as_ref()
            .map(|b| {
                format!(
                    " omr={}",
                    b.value.map_or_else(|| "-".into(), |v| v.to_string())
                )
            })
            .unwrap_or_default();
        let verdict = if why.is_empty() {
            "terima".to_string()
        } else {
            let codes: Vec<String> = why
                .iter()
                .map(|w| {
                    serde_json::to_value(w)
                        .ok()
                        .and_then(|v| v.get("code").and_then(|c| c.as_str().map(String::from)))
                        .unwrap_or_default()
                })
                .collect();
            format!("periksa ({})", codes.join(", "))
        };
        let _ = writeln!(
            s,
            "  {:<28} {:>6}  {:<12} p={:.3}{omr}  {verdict}",
            f.key.to_string(),
            value,
            f.status.as_str(),
            f.confidence
        );
    }
    let _ = writeln!(
        s,
        "  diterima otomatis: {accepted} dari {} isian; waktu {:.0} ms",
        r.fields.len(),
        r.timings_ms.get("total").copied().unwrap_or(0.0)
    );
    s
}
