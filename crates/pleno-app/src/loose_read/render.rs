//! The report of one page: a JSON document or lines of text.

use std::fmt::Write as _;

use pleno_core::Contest;
use pleno_reader::model::CLASS_NAMES;
use pleno_reader::{Identity, PageReading};
use serde_json::{Value, json};

use crate::policy::WhyNot;

fn round4(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}

pub(super) fn document(
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
        "kind": r.kind,
        "page": r.page,
        "template": r.layout,
        "orientation": r.orientation,
        "framing": r.framing,
        "identity": r.identity,
        "partial": r.partial,
        "quality": {"ok": r.quality.ok && r.rejected.is_none(), "reasons": quality_reasons, "box_px": r.quality.box_px.map(round4)},
        "rejected": r.rejected.as_ref().map(|x| json!({"code": x.code(), "message": x.to_string()})),
        "fields": fields,
        "timings_ms": r.timings_ms,
    })
}

pub(super) fn text(
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
        "  halaman {} ({}, {}), orientasi {}°{}",
        r.tag_id.unwrap_or(0),
        r.contest
            .map(Contest::slug)
            .or(r.kind.as_deref())
            .unwrap_or("?"),
        r.layout.as_deref().unwrap_or("?"),
        r.orientation.unwrap_or(0),
        match r.identity {
            Some(Identity::Structure) => ", dikenali dari susunan kotaknya (tanpa AprilTag)",
            Some(Identity::Qr) => ", dikenali dari kode QR-nya (tanpa AprilTag)",
            Some(Identity::Named) => ", halaman sesuai yang ditetapkan (AprilTag tidak terbaca)",
            _ => "",
        }
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
