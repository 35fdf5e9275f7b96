//! The audit chain anchored outside the workspace (issue 17): the head printed on a document
//! and carried in a bundle is what `pleno verify --anchor` and `pleno verify-doc` check the
//! chain against. Someone who edits `pleno.db` with the sqlite3 shell and recomputes every
//! later hash gets a chain that `pleno verify` alone finds consistent; the printed head catches
//! it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;
use common::pleno;

use std::path::Path;

use pleno_app::demo::default_assets;
use rusqlite::Connection;
use sha2::{Digest as _, Sha256};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The chain's hash as the store's documentation states it (audit.rs): SHA-256 over
/// "pleno-audit-v1\n" and each of seq, at, actor, role, kind, payload, prev_hash as
/// "LEN:TEXT\n". An attacker needs nothing more.
fn event_hash(parts: [&str; 7]) -> String {
    let mut h = Sha256::new();
    h.update(b"pleno-audit-v1\n");
    for p in parts {
        h.update(format!("{}:{p}\n", p.len()).as_bytes());
    }
    pleno_store::hex(&h.finalize())
}

/// Renames the actor of event `seq` and recomputes every hash from there on, putting the
/// append-only trigger back as it was so that the schema check sees nothing.
fn rewrite_history(ws: &Path, seq: i64, actor: &str) {
    let db = Connection::open(ws.join("pleno.db")).unwrap();
    let trigger: String = db
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'audit_event_no_update'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    db.execute_batch("DROP TRIGGER audit_event_no_update")
        .unwrap();
    db.execute(
        "UPDATE audit_event SET actor = ?1 WHERE seq = ?2",
        (actor, seq),
    )
    .unwrap();
    let rows: Vec<(i64, String, String, Option<String>, String, String)> = db
        .prepare("SELECT seq, at, actor, role, kind, payload FROM audit_event WHERE seq >= ?1 ORDER BY seq")
        .unwrap()
        .query_map([seq], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev: String = db
        .query_row(
            "SELECT coalesce((SELECT hash FROM audit_event WHERE seq = ?1), ?2)",
            (seq - 1, "0".repeat(64)),
            |r| r.get(0),
        )
        .unwrap();
    for (n, at, who, role, kind, payload) in rows {
        let n_text = n.to_string();
        let hash = event_hash([
            &n_text,
            &at,
            &who,
            role.as_deref().unwrap_or(""),
            &kind,
            &payload,
            &prev,
        ]);
        db.execute(
            "UPDATE audit_event SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            (&prev, &hash, n),
        )
        .unwrap();
        prev = hash;
    }
    db.execute_batch(&trigger).unwrap();
}

/// `Rantai audit: 12:0123456789abcdef` → `12:0123456789abcdef`.
fn head_in(text: &str, label: &str) -> String {
    let line = text
        .lines()
        .find_map(|l| l.split_once(label).map(|(_, rest)| rest.trim().to_string()))
        .unwrap_or_else(|| panic!("\"{label}\" missing:\n{text}"));
    line.split_whitespace().next().unwrap().to_string()
}

/// `DIR/ws`: the demo kecamatan with its typed figures, made by the CLI as an office would.
fn demo_with_figures(dir: &Path) -> std::path::PathBuf {
    let ws = dir.join("ws");
    let demo = default_assets().join("demo");
    let (code, _, err) = pleno(&[
        "init",
        s(&ws),
        "--referensi",
        s(&demo.join("referensi.xlsx")),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = pleno(&["import-angka", s(&ws), s(&demo.join("hasil.xlsx"))]);
    assert_eq!(code, Some(0), "{err}");
    ws
}

#[test]
fn a_chain_rewritten_after_printing_is_caught_by_the_printed_head() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo_with_figures(dir.path());
    let (code, out, err) = pleno(&[
        "print",
        s(&ws),
        "--doc",
        "d-hasil",
        "--contest",
        "ppwp",
        "--sementara",
    ]);
    assert_eq!(code, Some(0), "{out}{err}");
    let pdf = std::fs::read_dir(ws.join("dokumen"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a printed PDF");

    // The head is on the paper (marker and footer) and in the bundle's signed manifest.
    let (code, out, err) = pleno(&["verify-doc", s(&ws), s(&pdf)]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("rantai audit masih melalui"), "{out}");
    let printed = head_in(&out, "masih melalui");
    let printed = printed.trim_end_matches(':').to_string();
    if let Ok(text) = std::process::Command::new("pdftotext")
        .args([s(&pdf), "-"])
        .output()
    {
        let text = String::from_utf8_lossy(&text.stdout);
        assert_eq!(head_in(&text, "Rantai audit:"), printed, "footer");
    }
    let (code, out, err) = pleno(&["bundle", "export", s(&ws)]);
    assert_eq!(code, Some(0), "{out}{err}");
    let bundled = head_in(&out, "rantai audit:");
    let (code, out, err) = pleno(&["verify", s(&ws), "--anchor", &printed, "--anchor", &bundled]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert_eq!(out.matches("cocok").count(), 2, "{out}");

    // An early event under another name, every later hash recomputed: the chain alone is
    // consistent again ...
    rewrite_history(&ws, 2, "Penyusup");
    let (code, out, err) = pleno(&["verify", s(&ws)]);
    assert_eq!(code, Some(0), "the plain chain is fooled: {out}{err}");
    let (code, _, err) = pleno(&["verify", s(&ws), "--json"]);
    assert_eq!(code, Some(0), "{err}");

    // ... but it no longer passes through the heads on paper and at the KPU Kab/Kota.
    for anchor in [&printed, &bundled] {
        let (code, out, err) = pleno(&["verify", s(&ws), "--anchor", anchor]);
        assert_eq!(code, Some(2), "{out}{err}");
        assert!(err.contains("JANGKAR TIDAK COCOK"), "{err}");
        assert!(err.contains("ditulis ulang"), "{err}");
    }
    let (code, out, err) = pleno(&["verify-doc", s(&ws), s(&pdf)]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(err.contains("rantai audit"), "{err}");
    assert!(out.contains("ditulis ulang"), "{out}");

    // Anchors are read as printed, and a mistyped one is refused in words.
    let (code, _, err) = pleno(&["verify", s(&ws), "--anchor", "12:abc"]);
    assert_eq!(code, Some(2), "clap's usage error: {err}");
    assert!(err.contains("NOMOR:HEKSA"), "{err}");
    let beyond = format!("999999:{}", "0".repeat(16));
    let (code, _, err) = pleno(&["verify", s(&ws), "--anchor", &beyond]);
    assert_eq!(code, Some(2));
    assert!(err.contains("lebih pendek"), "{err}");
}

#[test]
fn a_chain_rewritten_behind_a_signed_checkpoint_fails_plain_verify() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo_with_figures(dir.path());
    let (code, _, err) = pleno(&["verify", s(&ws)]);
    assert_eq!(code, Some(0));
    assert!(err.contains("belum dilindungi frasa sandi"), "{err}");

    // The chair sets the passphrase: the seed leaves the file, the head is signed at once.
    let secret = dir.path().join("frasa.txt");
    std::fs::write(&secret, "rapat pleno kecamatan 2024\n").unwrap();
    let (code, out, err) = pleno(&[
        "key",
        "protect",
        s(&ws),
        "--petugas",
        "Ketua PPK",
        "--passphrase-file",
        s(&secret),
    ]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("frasa sandi: dilindungi"), "{out}");
    assert!(!out.contains("titik periksa terakhir: belum ada"), "{out}");
    let key = std::fs::read_to_string(ws.join(pleno_app::bundle::KEY_FILE)).unwrap();
    assert!(
        key.starts_with("pleno-kunci 2\n") && key.contains("\nrahasia "),
        "{key}"
    );

    // Signing needs the passphrase now.
    let (code, _, err) = pleno(&["bundle", "export", s(&ws)]);
    assert_ne!(code, Some(0));
    assert!(err.contains("dilindungi frasa sandi"), "{err}");
    let wrong = dir.path().join("salah.txt");
    std::fs::write(&wrong, "rapat pleno kecamatan 2025\n").unwrap();
    let (code, _, err) = pleno(&["bundle", "export", s(&ws), "--passphrase-file", s(&wrong)]);
    assert_ne!(code, Some(0));
    assert!(err.contains("frasa sandi salah"), "{err}");
    let (code, out, err) = pleno(&["bundle", "export", s(&ws), "--passphrase-file", s(&secret)]);
    assert_eq!(code, Some(0), "{out}{err}");
    let bundle = out
        .lines()
        .find_map(|l| l.strip_prefix("paket ditulis: "))
        .and_then(|l| l.split(" (").next())
        .unwrap()
        .to_string();

    // The KPU Kab/Kota enrols the key from the public key file the PPK handed over apart
    // from the bundle; a file with another key under the same fingerprint line is refused.
    let public = dir.path().join("kunci-publik.txt");
    let (code, out, err) = pleno(&["key", "export-public", s(&ws), "--out", s(&public)]);
    assert_eq!(code, Some(0), "{out}{err}");
    let text = std::fs::read_to_string(&public).unwrap();
    assert!(!text.contains("rahasia"), "{text}");
    let forged = dir.path().join("palsu.txt");
    let other = "ab".repeat(32);
    let swapped: String = text
        .lines()
        .map(|l| {
            if l.starts_with("publik ") {
                format!("publik {other}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&forged, swapped).unwrap();
    let kab = dir.path().join("kab");
    let (code, _, err) = pleno(&[
        "init-kabupaten",
        s(&kab),
        "--paket",
        &bundle,
        "--kunci",
        s(&forged),
    ]);
    assert_ne!(code, Some(0));
    assert!(err.contains("berkas kunci publik tidak sah"), "{err}");
    let (code, out, err) = pleno(&[
        "init-kabupaten",
        s(&kab),
        "--paket",
        &bundle,
        "--kunci",
        s(&public),
    ]);
    assert_eq!(code, Some(0), "{out}{err}");

    let (code, out, err) = pleno(&["verify", s(&ws)]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        err.contains("1 dari 1 titik periksa rantai audit cocok") && err.contains("dilindungi"),
        "{err}"
    );

    // The recompute attack that fools the bare chain: the checkpoint signed the old head,
    // and a new one cannot be signed without the passphrase.
    rewrite_history(&ws, 2, "Penyusup");
    let (code, out, err) = pleno(&["verify", s(&ws)]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(
        err.contains("titik periksa menandatangani peristiwa"),
        "{err}"
    );
    assert!(err.contains("ditulis ulang"), "{err}");
    assert!(err.contains("0 dari 1 titik periksa"), "{err}");
}
