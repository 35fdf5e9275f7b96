//! What a bundle must hold besides a good signature: every file a PPK export writes, a
//! manifest that agrees with the election it carries, valid wilayah codes (L6), figures only for
//! the contest's catalogue fields and within what the kecamatan's forms can hold, and desa
//! figures that add up to the kecamatan's (L2). A signature only says who sent a bundle; these
//! checks refuse what no honest Pleno export can contain, whoever signed it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pleno_core::Catalogue;
use pleno_core::recap::Totals;
use pleno_core::reference::Election;
use pleno_core::rules::level::{Reported, check_codes, check_sum};
use pleno_core::values::MAX_BOX_VALUE;
use pleno_core::{RuleId, Severity};

use super::{ContestTotals, Manifest};
use crate::error::AppResult;

/// The files every bundle holds (page images are optional: `--tanpa-gambar`).
pub const REQUIRED_FILES: &[&str] = &[
    "election.json",
    "recap.json",
    "objections.json",
    "signoffs.json",
    "entries.jsonl",
    "audit.jsonl",
    "pages.json",
];

/// Checks that the bundle holds only what an export writes, each in its form (called after
/// the contents were checked against the manifest): the required files, page images under
/// `blobs/` named by their own SHA-256, the optional labelled crops under `crops/`, and records
/// that are JSON
/// (arrays of objects, or one object per line). The kabupaten uses only the election and the
/// recap, but a bundle with a damaged or foreign record is not one a PPK exported, and it
/// would be kept as the kecamatan's record.
pub fn check_files(
    path: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    images: &BTreeMap<String, (String, u64)>,
) -> AppResult<()> {
    let bad = |what: String| super::import::bad(path, what);
    for (name, (sha, _)) in images {
        // The content was checked against the manifest's SHA-256 already; the name must be
        // that hash.
        if name.strip_prefix("blobs/") != Some(sha.as_str()) {
            return Err(bad(format!(
                "gambar {name} tidak sama dengan sidiknya; paket ini bukan ekspor Pleno"
            )));
        }
    }
    super::crops_check::check(files).map_err(|what| {
        bad(format!(
            "{what}; paket ini bukan ekspor Pleno, minta PPK mengekspor ulang"
        ))
    })?;
    for (name, bytes) in files {
        if name.starts_with(super::CROPS_DIR) {
            continue; // checked above
        }
        if !REQUIRED_FILES.contains(&name.as_str()) {
            return Err(bad(format!(
                "berkas {name} bukan bagian paket Pleno; minta PPK mengekspor ulang"
            )));
        }
        // The names are exactly REQUIRED_FILES here: one record per line in the two logs.
        let shape_ok = if name == "entries.jsonl" || name == "audit.jsonl" {
            bytes
                .split(|b| *b == b'\n')
                .filter(|l| !l.is_empty())
                .all(|l| {
                    serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(l).is_ok()
                })
        } else if name == "election.json" || name == "recap.json" {
            true // read into their types by the caller
        } else {
            serde_json::from_slice::<Vec<serde_json::Map<String, serde_json::Value>>>(bytes).is_ok()
        };
        if !shape_ok {
            return Err(bad(format!(
                "{name} rusak (bukan catatan JSON yang ditulis Pleno); minta PPK mengekspor ulang"
            )));
        }
    }
    Ok(())
}

/// Checks that `audit.jsonl` is one unbroken chain, numbered from 1, each event naming the
/// previous one's hash, and that it ends at the head the signed manifest names. The KPU Kab/Kota
/// keeps that head: a PPK workspace whose chain no longer passes through it was rewritten
/// after sending (`pleno verify --anchor`).
pub fn check_chain(
    path: &Path,
    manifest: &Manifest,
    files: &BTreeMap<String, Vec<u8>>,
) -> AppResult<()> {
    #[derive(serde::Deserialize)]
    struct Link {
        seq: i64,
        prev_hash: String,
        hash: String,
        #[serde(default)]
        kind: String,
    }
    let bad = |what: String| super::import::bad(path, what);
    let audit = files.get("audit.jsonl").map_or(&[][..], Vec::as_slice);
    let mut last: Option<Link> = None;
    let mut hashes: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    for line in audit.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let link: Link = serde_json::from_slice(line).map_err(|e| {
            bad(format!(
                "audit.jsonl: peristiwa tanpa nomor dan sidik ({e})"
            ))
        })?;
        let (want_seq, want_prev) = last
            .as_ref()
            .map_or((1, pleno_store::GENESIS), |l| (l.seq + 1, l.hash.as_str()));
        let hex =
            |h: &str| h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !hex(&link.hash) {
            return Err(bad(format!(
                "audit.jsonl: sidik peristiwa {} bukan SHA-256",
                link.seq
            )));
        }
        if link.seq != want_seq || link.prev_hash != want_prev {
            return Err(bad(format!(
                "audit.jsonl terputus di peristiwa {} (diharapkan peristiwa {want_seq} yang menyambung sidik sebelumnya)",
                link.seq
            )));
        }
        if link.kind == pleno_store::EventKind::ChainCheckpoint.kind() {
            check_checkpoint(line, manifest, &hashes).map_err(|why| {
                bad(format!(
                    "audit.jsonl: titik periksa di peristiwa {}: {why}",
                    link.seq
                ))
            })?;
        }
        hashes.insert(link.seq, link.hash.clone());
        last = Some(link);
    }
    if let Some(head) = &manifest.audit_head
        && last
            .as_ref()
            .is_none_or(|l| l.seq != head.seq || l.hash != head.hash)
    {
        return Err(bad(format!(
            "manifest menyebut kepala rantai audit {}, audit.jsonl berakhir di {}",
            head.short(),
            last.map_or_else(
                || "(kosong)".to_string(),
                |l| format!("{}:{}", l.seq, &l.hash[..16])
            )
        )));
    }
    Ok(())
}

/// The hash `audit.jsonl` holds for event `seq` (read after `check_chain` passed).
pub fn chain_hash_at(files: &BTreeMap<String, Vec<u8>>, seq: i64) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Link {
        seq: i64,
        hash: String,
    }
    files
        .get("audit.jsonl")?
        .split(|b| *b == b'\n')
        .filter_map(|l| serde_json::from_slice::<Link>(l).ok())
        .find(|l| l.seq == seq)
        .map(|l| l.hash)
}

/// A checkpoint event carried in `audit.jsonl` must be signed by the bundle's key, over the
/// bundle's workspace and a head the carried chain holds: the PPK's own signature on its chain
/// as it stood then.
fn check_checkpoint(
    line: &[u8],
    manifest: &Manifest,
    hashes: &std::collections::HashMap<i64, String>,
) -> Result<(), String> {
    #[derive(serde::Deserialize)]
    struct Event {
        payload: Payload,
    }
    #[derive(serde::Deserialize)]
    struct Payload {
        detail: Detail,
    }
    #[derive(serde::Deserialize)]
    struct Detail {
        seq: i64,
        hash: String,
        public_key: String,
        signature: String,
    }
    let d = serde_json::from_slice::<Event>(line)
        .map_err(|e| format!("isinya tidak terbaca ({e})"))?
        .payload
        .detail;
    if d.public_key != manifest.public_key {
        return Err("ditandatangani kunci lain daripada paket ini".into());
    }
    if hashes.get(&d.seq) != Some(&d.hash) {
        return Err(format!(
            "menandatangani peristiwa {} dengan sidik yang tidak ada di rantai ini",
            d.seq
        ));
    }
    let head = pleno_store::ChainHead {
        seq: d.seq,
        hash: d.hash,
    };
    let message = crate::keyring::checkpoint_message(&manifest.workspace_id, &head);
    if !super::verify_signature(&d.public_key, &message, &d.signature) {
        return Err("tanda tangannya tidak sah".into());
    }
    Ok(())
}

/// Checks the manifest against the election it carries and the wilayah codes.
pub fn check_election(path: &Path, manifest: &Manifest, election: &Election) -> AppResult<()> {
    let bad = |what: String| super::import::bad(path, what);
    let k = &election.kecamatan;
    if manifest.kecamatan_code != k.code.as_str()
        || manifest.kabupaten_code != k.kabupaten.as_str()
        || manifest.kecamatan != k.name
    {
        return Err(bad(format!(
            "manifest menyebut Kecamatan {} ({}, kabupaten {}), election.json Kecamatan {} ({}, kabupaten {})",
            manifest.kecamatan,
            manifest.kecamatan_code,
            manifest.kabupaten_code,
            k.name,
            k.code,
            k.kabupaten
        )));
    }
    if let Some(f) = check_codes(k)
        .into_iter()
        .find(|f| f.severity == Severity::Error)
    {
        return Err(bad(f.text_id));
    }
    Ok(())
}

/// Checks every contest's figures against the catalogue, the field ranges and L2.
pub fn check_recap(path: &Path, election: &Election, recap: &[ContestTotals]) -> AppResult<()> {
    let bad = |what: String| super::import::bad(path, what);
    let k = &election.kecamatan;
    let mut seen = BTreeSet::new();
    for c in recap {
        if !seen.insert(c.contest) {
            return Err(bad(format!("{} muncul dua kali di recap.json", c.contest)));
        }
        let ballot = election
            .ballot(c.contest)
            .ok_or_else(|| bad(format!("surat suara {} tidak ada di paket", c.contest)))?;
        let cat = Catalogue::new(ballot);
        let all_tps = k.all_tps().count() as u64;
        check_totals(&cat, &k.name, &c.totals, all_tps).map_err(bad)?;
        let desa_codes: Vec<&str> = c.desa.iter().map(|(code, ..)| code.as_str()).collect();
        let expected: Vec<&str> = k.desa.iter().map(|d| d.code.as_str()).collect();
        if desa_codes != expected {
            return Err(bad(format!(
                "{}: kolom desa/kelurahan ({}) tidak sama dengan daftar desa kecamatan ({})",
                c.contest.form_suffix(),
                desa_codes.join(", "),
                expected.join(", ")
            )));
        }
        for ((_, _, totals), desa) in c.desa.iter().zip(&k.desa) {
            check_totals(&cat, &desa.name, totals, desa.tps.len() as u64).map_err(bad)?;
        }
        let children: Vec<Reported<'_>> = c
            .desa
            .iter()
            .map(|(code, name, totals)| Reported { code, name, totals })
            .collect();
        let parent = Reported {
            code: k.code.as_str(),
            name: &k.name,
            totals: &c.totals,
        };
        if let Some(f) = check_sum(RuleId::L2, &cat, &parent, &children).first() {
            return Err(bad(format!("{} — {}", c.contest.form_suffix(), f.text_id)));
        }
    }
    Ok(())
}

/// Only catalogue fields, each at most what `tps` forms of three boxes can add up to.
fn check_totals(cat: &Catalogue, place: &str, totals: &Totals, tps: u64) -> Result<(), String> {
    let ceiling = tps * u64::from(MAX_BOX_VALUE);
    for (key, value) in totals.iter() {
        let Some(field) = cat.get(key) else {
            return Err(format!(
                "{} {place}: isian '{key}' tidak ada di formulir {}",
                cat.contest.form_suffix(),
                cat.contest.form_suffix()
            ));
        };
        if value > ceiling {
            return Err(format!(
                "{} {place} {}: {value} melebihi yang dapat ditulis di {tps} TPS (paling banyak {ceiling})",
                cat.contest.form_suffix(),
                field.code
            ));
        }
    }
    Ok(())
}
