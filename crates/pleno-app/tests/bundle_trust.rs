//! Which bundles a KPU Kab/Kota workspace accepts: a kecamatan's first bundle only once its
//! key's fingerprint is confirmed, later ones only from that key, and never content that no
//! export can hold — not even when signed by the enrolled key (the attacks of issue 17: a
//! forged +50,000 for pair 1, an invented kecamatan, 2⁶⁴−1, an unknown field, a bundle of two
//! files).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::bundles::{Files, edit_json, files_of, signed};
use pleno_app::bundle::{ExportOptions, KeyTrust, Manifest, WorkstationKey, fingerprint};
use pleno_app::demo::default_assets;
use pleno_app::recap::kabupaten_recap;
use pleno_app::{Who, Workspace};
use pleno_core::Contest;

fn who() -> Who {
    Who::new("Operator KPU Purbalingga")
}

/// A kecamatan workspace with the demo figures, under `dir/name`, and its bundle.
fn kecamatan_bundle(dir: &Path, name: &str) -> (PathBuf, String) {
    let clerk = Who::new("Sekretariat PPK");
    let ws = common::demo_workspace(&dir.join(name), &clerk);
    ws.import_figures(&clerk, &default_assets().join("demo/hasil.xlsx"), &[])
        .unwrap();
    let report = ws
        .export_bundle(&ExportOptions {
            dest: Some(dir.join(format!("{name}.pleno"))),
            without_images: true,
            with_crops: false,
        })
        .unwrap();
    (PathBuf::from(report.path), report.fingerprint)
}

/// A kabupaten workspace made from the PPK "ppk"'s first bundle, its key enrolled: the
/// bundle, its key's fingerprint and the workspace.
fn kabupaten_with_ppk(dir: &Path) -> (PathBuf, String, Workspace) {
    let (bundle, fp) = kecamatan_bundle(dir, "ppk");
    let kab =
        Workspace::create_kabupaten(&dir.join("kab"), &bundle, &who(), &trusting(&fp)).unwrap();
    (bundle, fp, kab)
}

fn trusting(fp: &str) -> KeyTrust {
    KeyTrust {
        fingerprint: Some(fp.to_string()),
        replace: false,
        new_chain: false,
    }
}

fn ppwp_total(kab: &Workspace) -> Vec<(String, u64)> {
    kab.read(kabupaten_recap)
        .unwrap()
        .iter()
        .find(|t| t.contest == Contest::Ppwp)
        .unwrap()
        .total
        .iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

#[test]
fn a_key_is_trusted_only_once_its_fingerprint_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, fp) = kecamatan_bundle(dir.path(), "ppk");
    let kab_dir = dir.path().join("kab");

    // Not confirmed: refused with the fingerprint to compare, and nothing is created.
    let err = Workspace::create_kabupaten(&kab_dir, &bundle, &who(), &KeyTrust::default())
        .err()
        .unwrap();
    assert_eq!(err.code, "key_not_enrolled", "{err}");
    assert!(err.message.contains(&fp), "{}", err.message);
    assert!(!kab_dir.join("pleno.db").exists());
    // A fingerprint that is not the bundle's (read off another PPK's paper).
    let err =
        Workspace::create_kabupaten(&kab_dir, &bundle, &who(), &trusting("0000-1111-2222-3333"))
            .err()
            .unwrap();
    assert_eq!(err.code, "fingerprint_mismatch", "{err}");
    assert!(!kab_dir.join("pleno.db").exists());

    // Typed as people type it: lower case, spaces.
    let typed = fp.to_lowercase().replace('-', " ");
    let kab = Workspace::create_kabupaten(&kab_dir, &bundle, &who(), &trusting(&typed)).unwrap();
    let keys = kab.read(pleno_store::Store::bundle_keys).unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(fingerprint(&keys[0].public_key), fp);
    assert_eq!(keys[0].kecamatan, "330319");
    let before = ppwp_total(&kab);

    // The same PPK's next bundle needs nothing more.
    let report = kab
        .import_bundle(&who(), &bundle, &KeyTrust::default())
        .unwrap();
    assert!(!report.key_enrolled);
    assert_eq!(report.fingerprint, fp);

    // Another workstation's bundle for the same kecamatan (a forger's fresh key): refused,
    // naming both keys; the recap is unchanged.
    let (other, other_fp) = kecamatan_bundle(dir.path(), "palsu");
    assert_ne!(other_fp, fp);
    let err = kab
        .import_bundle(&who(), &other, &KeyTrust::default())
        .unwrap_err();
    assert_eq!(err.code, "key_not_trusted", "{err}");
    assert!(
        err.message.contains(&fp) && err.message.contains(&other_fp),
        "{}",
        err.message
    );
    // Confirming its fingerprint is not enough without asking to replace the key.
    let err = kab
        .import_bundle(&who(), &other, &trusting(&other_fp))
        .unwrap_err();
    assert_eq!(err.code, "key_not_trusted", "{err}");
    assert_eq!(ppwp_total(&kab), before);

    // A deliberate replacement (the PPK moved to a new laptop) supersedes the old key, which
    // is then refused in turn; every step is in the audit log and verify passes.
    let replace = KeyTrust {
        fingerprint: Some(other_fp.clone()),
        replace: true,
        new_chain: false,
    };
    let report = kab.import_bundle(&who(), &other, &replace).unwrap();
    assert!(report.key_enrolled);
    let keys = kab.read(pleno_store::Store::bundle_keys).unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(fingerprint(&keys[0].public_key), other_fp);
    assert!(keys[0].supersedes.is_some());
    let err = kab
        .import_bundle(&who(), &bundle, &KeyTrust::default())
        .unwrap_err();
    assert_eq!(err.code, "key_not_trusted", "{err}");
    let report = kab.verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn content_no_export_can_hold_is_refused_even_from_an_enrolled_key() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, fp, kab) = kabupaten_with_ppk(dir.path());
    let before = ppwp_total(&kab);
    // The attacker holds the enrolled key itself (the worst case): the content checks alone
    // must refuse.
    let key = WorkstationKey::load(&dir.path().join("ppk/ws")).unwrap();
    let (manifest, good) = files_of(&bundle);
    let ppwp = |v: &mut serde_json::Value| -> usize {
        v.as_array()
            .unwrap()
            .iter()
            .position(|c| c["contest"] == "ppwp")
            .unwrap()
    };

    // Re-signed unchanged, it is accepted: the helper makes bundles Pleno reads.
    let p = signed(
        &dir.path().join("sama.pleno"),
        manifest.clone(),
        &good,
        &key,
    );
    kab.import_bundle(&who(), &p, &KeyTrust::default()).unwrap();

    let mut cases: Vec<(&str, Files, Manifest, &str)> = Vec::new();
    // +50,000 for pair 1, added consistently to the kecamatan and its first desa: more than
    // the desa's TPS can hold.
    let mut f = good.clone();
    edit_json(&mut f, "recap.json", |v| {
        let i = ppwp(v);
        let n = v[i]["totals"]["suara_paslon_1"].as_u64().unwrap();
        v[i]["totals"]["suara_paslon_1"] = (n + 50_000).into();
        let d = v[i]["desa"][0][2]["suara_paslon_1"].as_u64().unwrap();
        v[i]["desa"][0][2]["suara_paslon_1"] = (d + 50_000).into();
    });
    cases.push(("+50.000", f, manifest.clone(), "melebihi"));
    // +50 for pair 1 in the kecamatan total only: within range, but the desa columns disagree
    // (L2).
    let mut f = good.clone();
    edit_json(&mut f, "recap.json", |v| {
        let i = ppwp(v);
        let n = v[i]["totals"]["suara_paslon_1"].as_u64().unwrap();
        v[i]["totals"]["suara_paslon_1"] = (n + 50).into();
    });
    cases.push(("+50", f, manifest.clone(), "jumlah"));
    // +5 for pair 1 in the kecamatan and its first desa alike: within range and L2 holds, but
    // the desa's agreed forms in entries.jsonl add up to 5 less (L1).
    let mut f = good.clone();
    edit_json(&mut f, "recap.json", |v| {
        let i = ppwp(v);
        let n = v[i]["totals"]["suara_paslon_1"].as_u64().unwrap();
        v[i]["totals"]["suara_paslon_1"] = (n + 5).into();
        let d = v[i]["desa"][0][2]["suara_paslon_1"].as_u64().unwrap();
        v[i]["desa"][0][2]["suara_paslon_1"] = (d + 5).into();
    });
    cases.push((
        "+5 desa and kecamatan",
        f,
        manifest.clone(),
        "dihitung ulang dari entri",
    ));
    // 2⁶⁴−1.
    let mut f = good.clone();
    edit_json(&mut f, "recap.json", |v| {
        let i = ppwp(v);
        v[i]["totals"]["suara_paslon_1"] = u64::MAX.into();
    });
    cases.push(("2^64-1", f, manifest.clone(), "melebihi"));
    // A field the form does not have.
    let mut f = good.clone();
    edit_json(&mut f, "recap.json", |v| {
        let i = ppwp(v);
        v[i]["totals"]["suara_paslon_99"] = 5.into();
    });
    cases.push(("suara_paslon_99", f, manifest.clone(), "suara_paslon_99"));
    // Only election.json and recap.json.
    let f: BTreeMap<_, _> = good
        .iter()
        .filter(|(k, _)| *k == "election.json" || *k == "recap.json")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    cases.push(("two files", f, manifest.clone(), "tidak ada"));
    // A file no export writes, and a record that is not the JSON Pleno writes.
    let mut f = good.clone();
    f.insert("tambahan.bin".into(), b"MZ".to_vec());
    cases.push(("extra file", f, manifest.clone(), "bukan bagian paket"));
    let mut f = good.clone();
    f.insert("signoffs.json".into(), b"{not json".to_vec());
    cases.push(("broken record", f, manifest.clone(), "signoffs.json rusak"));
    // An invented kecamatan "PALSU" 330320 in the manifest only, then in election.json too.
    let mut m = manifest.clone();
    m.kecamatan = "PALSU".into();
    m.kecamatan_code = "330320".into();
    cases.push((
        "PALSU manifest",
        good.clone(),
        m.clone(),
        "manifest menyebut",
    ));
    let mut f = good.clone();
    edit_json(&mut f, "election.json", |v| {
        v["kecamatan"]["code"] = "330320".into();
        v["kecamatan"]["name"] = "PALSU".into();
    });
    cases.push(("PALSU election", f, m, "bukan bagian"));

    // The audit log with an event taken out, and a manifest naming another chain head: the
    // head the KPU Kab/Kota keeps as its anchor must be the end of one unbroken chain.
    let mut f = good.clone();
    let audit = String::from_utf8(f["audit.jsonl"].clone()).unwrap();
    let without_second: Vec<&str> = audit
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, l)| l)
        .collect();
    f.insert(
        "audit.jsonl".into(),
        format!("{}\n", without_second.join("\n")).into_bytes(),
    );
    cases.push(("chain cut", f, manifest.clone(), "audit.jsonl terputus"));
    let mut m = manifest.clone();
    let head = m
        .audit_head
        .as_mut()
        .expect("an export names its chain head");
    head.hash = "0".repeat(64);
    cases.push(("another head", good.clone(), m, "kepala rantai audit"));
    // Not hex at all, in characters of two bytes: refused in words, not by a panic.
    let mut m = manifest.clone();
    m.audit_head.as_mut().unwrap().hash = format!("a{}", "é".repeat(40));
    cases.push(("non-hex head", good.clone(), m, "kepala rantai audit"));

    // A checkpoint carried in the chain must be the PPK key's signature over a head of this
    // chain: one signed by another key, or over a head the chain does not hold, is refused;
    // the genuine one is accepted.
    let other = WorkstationKey::create(&dir.path().join("lain")).unwrap();
    let with_checkpoint = |signer: &WorkstationKey, signed_hash: Option<String>| {
        let audit = String::from_utf8(good["audit.jsonl"].clone()).unwrap();
        let last: serde_json::Value = serde_json::from_str(audit.lines().last().unwrap()).unwrap();
        let seq = last["seq"].as_i64().unwrap();
        let head = pleno_store::ChainHead {
            seq,
            hash: signed_hash.unwrap_or_else(|| last["hash"].as_str().unwrap().to_string()),
        };
        let signature = signer.sign(&pleno_app::keyring::checkpoint_message(
            &manifest.workspace_id,
            &head,
        ));
        let event = serde_json::json!({
            "seq": seq + 1, "at": last["at"], "actor": {"name": "Ketua PPK"},
            "kind": "chain_checkpoint",
            "payload": {"detail": {"seq": head.seq, "hash": head.hash,
                        "public_key": key.public_hex(), "signature": signature}, "rows": {}},
            "prev_hash": last["hash"], "hash": "c".repeat(64),
        });
        let mut f = good.clone();
        f.insert(
            "audit.jsonl".into(),
            format!("{audit}{event}\n").into_bytes(),
        );
        let mut m = manifest.clone();
        m.audit_head = Some(pleno_store::ChainHead {
            seq: seq + 1,
            hash: "c".repeat(64),
        });
        (f, m)
    };
    let (f, m) = with_checkpoint(&key, None);
    let p = signed(&dir.path().join("titik.pleno"), m, &f, &key);
    kab.import_bundle(&who(), &p, &KeyTrust::default())
        .expect("a checkpoint signed by the PPK key");
    let (f, m) = with_checkpoint(&other, None);
    cases.push((
        "checkpoint by another key",
        f,
        m,
        "tanda tangannya tidak sah",
    ));
    let (f, m) = with_checkpoint(&key, Some("d".repeat(64)));
    cases.push((
        "checkpoint of another head",
        f,
        m,
        "tidak ada di rantai ini",
    ));

    for (name, files, manifest, words) in cases {
        let p = signed(&dir.path().join("x.pleno"), manifest, &files, &key);
        let err = kab
            .import_bundle(&who(), &p, &trusting(&fp))
            .expect_err(name);
        assert_eq!(err.code, "bad_bundle", "{name}: {err}");
        assert!(err.message.contains(words), "{name}: {}", err.message);
        assert!(err.message.contains("Tidak ada yang diubah"), "{name}");
    }
    assert_eq!(ppwp_total(&kab), before);
    assert_eq!(kab.read(pleno_store::Store::bundle_keys).unwrap().len(), 1);
}

/// Issue 17: a kabupaten workspace's export showed a kecamatan table of zeros, and its print
/// printed one. Now both have a column per kecamatan with the bundles' totals (D.Hasil
/// Kabupaten/Kota), and the documents only a PPK prints are refused by name.
#[test]
fn a_kabupaten_exports_and_prints_its_kecamatan_totals() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, kab) = kabupaten_with_ppk(dir.path());
    let out = dir.path().join("ekspor");
    let files = kab
        .export_to(pleno_app::documents::ExportFormat::Csv, &out)
        .unwrap();
    let ppwp = files
        .iter()
        .find(|p| p.ends_with("d-hasil-kabupaten-ppwp.csv"))
        .unwrap_or_else(|| panic!("{files:?}"));
    let text = std::fs::read_to_string(ppwp).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.contains("SUKAMAJU") && header.ends_with("JUMLAH"),
        "{header}"
    );
    let jumlah: u64 = lines
        .map(|l| l.rsplit(',').next().unwrap().parse::<u64>().unwrap())
        .sum();
    let expected: u64 = ppwp_total(&kab).iter().map(|(_, v)| v).sum();
    assert!(expected > 0);
    assert_eq!(jumlah, expected, "{text}");
    let xlsx = kab
        .export_to(pleno_app::documents::ExportFormat::Xlsx, &out)
        .unwrap();
    assert!(xlsx[0].ends_with("rekap-3303.xlsx"), "{xlsx:?}");

    // Printing: D.Hasil Kabupaten/Kota, a column per kecamatan. The PPK's bundle still holds
    // TPS not agreed, so only a provisional print is made, and it says so.
    let docs = dir.path().join("dokumen");
    let err = kab
        .print(&pleno_app::documents::PrintOptions::all(&docs))
        .unwrap_err();
    let err = pleno_app::AppError::from(err);
    assert_eq!(err.code, "recap_incomplete", "{err}");
    assert!(
        err.message.contains("Kecamatan SUKAMAJU") && err.message.contains("disepakati di PPK"),
        "{}",
        err.message
    );
    assert!(!docs.exists());
    let printed = kab
        .print(&pleno_app::documents::PrintOptions {
            provisional: true,
            ..pleno_app::documents::PrintOptions::all(&docs)
        })
        .unwrap();
    assert_eq!(
        printed.len(),
        5,
        "one D.Hasil per contest, no lampiran or D.Kejadian"
    );
    let pdf = printed
        .iter()
        .find(|p| p.contest == Some(Contest::Ppwp))
        .unwrap();
    assert!(
        pdf.path.ends_with("d-hasil-kabupaten-ppwp-SEMENTARA.pdf"),
        "{pdf:?}"
    );
    let check = kab.verify_doc(&pdf.path).unwrap();
    assert!(check.matches(), "{check:?}");
    if common::pdf::poppler() {
        let text = common::pdf::text(&pdf.path);
        for words in [
            "MODEL D.HASIL KABUPATEN/KOTA-PPWP",
            "DARI SETIAP KECAMATAN",
            "SUKAMAJU",
            "JUMLAH",
            "KOMISI PEMILIHAN UMUM KABUPATEN/KOTA PURBALINGGA",
            "SEMENTARA",
        ] {
            assert!(text.contains(words), "{words}:\n{text}");
        }
        let sah = ppwp_total(&kab)
            .into_iter()
            .find(|(k, _)| k == "suara_sah")
            .unwrap()
            .1;
        let dotted = pleno_core::format::thousands(sah);
        assert!(text.contains(&dotted), "suara sah {dotted}:\n{text}");
    }
    // What only a PPK prints is refused by name.
    let err = kab
        .print(&pleno_app::documents::PrintOptions {
            docs: vec![pleno_app::documents::DocKind::Lampiran],
            provisional: true,
            ..pleno_app::documents::PrintOptions::all(dir.path().join("lain"))
        })
        .unwrap_err();
    let err = pleno_app::AppError::from(err);
    assert_eq!(err.code, "wrong_level", "{err}");
}

/// Issue 17: a bundle was read whole into memory (a 1 GiB entry took 1.06 GB). Page images
/// are now hashed as they stream past, and each entry is judged by the size its header
/// declares before a byte of it is read.
#[test]
fn bundle_entries_are_bounded_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, _, kab) = kabupaten_with_ppk(dir.path());
    let key = WorkstationKey::load(&dir.path().join("ppk/ws")).unwrap();
    let (manifest, good) = files_of(&bundle);

    // A page image named by its own hash streams through and is accepted; one named by
    // another hash is refused.
    let image = b"\xff\xd8 not really a jpeg, but bytes with a hash".to_vec();
    let sha = pleno_store::hex(&<sha2::Sha256 as sha2::Digest>::digest(&image));
    let mut f = good.clone();
    f.insert(format!("blobs/{sha}"), image.clone());
    let p = signed(&dir.path().join("img.pleno"), manifest.clone(), &f, &key);
    kab.import_bundle(&who(), &p, &KeyTrust::default()).unwrap();
    let mut f = good.clone();
    f.insert(format!("blobs/{}", "0".repeat(64)), image);
    let p = signed(&dir.path().join("img2.pleno"), manifest.clone(), &f, &key);
    let err = kab
        .import_bundle(&who(), &p, &KeyTrust::default())
        .unwrap_err();
    assert!(err.message.contains("sidiknya"), "{}", err.message);

    // Entries whose headers declare 1 GiB (an image) and 1 GiB (a record), with only a block
    // of data behind them: refused on the header, naming the entry.
    for name in ["blobs/aaaa", "audit.jsonl"] {
        let mut header = tar::Header::new_gnu();
        header.set_path(name).unwrap();
        header.set_size(1 << 30);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        let mut bytes = header.as_bytes().to_vec();
        bytes.extend([0u8; 512]);
        let p = dir.path().join("besar.pleno");
        std::fs::write(&p, &bytes).unwrap();
        let err = kab
            .import_bundle(&who(), &p, &KeyTrust::default())
            .unwrap_err();
        assert_eq!(err.code, "bad_bundle", "{err}");
        assert!(
            err.message.contains(name) && err.message.contains("terlalu besar"),
            "{}",
            err.message
        );
    }
}

/// Issue 17: the KPU Kab/Kota keeps each bundle's chain head; a later bundle from the same PPK
/// workspace must carry a chain that passes through it. A PPK whose history was rewritten
/// between two bundles (every later hash recomputed, re-signed with the genuine key), or an
/// older bundle sent again, is refused.
#[test]
fn a_later_bundle_must_extend_the_chain_of_the_earlier_one() {
    let dir = tempfile::tempdir().unwrap();
    let (first, _, kab) = kabupaten_with_ppk(dir.path());
    let ppk = Workspace::open(&dir.path().join("ppk/ws"), pleno_app::Mode::ReadWrite).unwrap();
    ppk.add_panel(&Who::new("Sekretariat PPK"), "Panel 9")
        .unwrap();
    let second = ppk
        .export_bundle(&ExportOptions {
            dest: Some(dir.path().join("kedua.pleno")),
            without_images: true,
            with_crops: false,
        })
        .unwrap();
    drop(ppk);
    let r = kab
        .import_bundle(&who(), Path::new(&second.path), &KeyTrust::default())
        .expect("a bundle that extends the earlier chain");
    assert_eq!(r.audit_head, second.audit_head);

    // The earlier bundle again: its chain ends before the head now kept.
    let err = kab
        .import_bundle(&who(), &first, &KeyTrust::default())
        .expect_err("an older bundle");
    assert!(
        err.message.contains("tidak melanjutkan rantai audit"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("tidak ada di paket ini"),
        "{}",
        err.message
    );

    // The second bundle's chain rewritten from event 2 on (every later hash and link
    // recomputed), re-signed with the PPK's own key.
    let key = WorkstationKey::load(&dir.path().join("ppk/ws")).unwrap();
    let (mut manifest, mut files) = files_of(Path::new(&second.path));
    let audit = String::from_utf8(files["audit.jsonl"].clone()).unwrap();
    let mut prev = String::new();
    let mut lines = Vec::new();
    for line in audit.lines() {
        let mut e: serde_json::Value = serde_json::from_str(line).unwrap();
        if e["seq"].as_i64().unwrap() >= 2 {
            if e["seq"] == 2 {
                e["actor"]["name"] = "Penyusup".into();
            } else {
                e["prev_hash"] = prev.clone().into();
            }
            let h = pleno_store::hex(&<sha2::Sha256 as sha2::Digest>::digest(
                e.to_string().as_bytes(),
            ));
            e["hash"] = h.into();
        }
        prev = e["hash"].as_str().unwrap().to_string();
        lines.push(e.to_string());
    }
    files.insert(
        "audit.jsonl".into(),
        format!("{}\n", lines.join("\n")).into_bytes(),
    );
    manifest.audit_head.as_mut().unwrap().hash = prev;
    let forged = signed(
        &dir.path().join("ditulis-ulang.pleno"),
        manifest,
        &files,
        &key,
    );
    let err = kab
        .import_bundle(&who(), &forged, &KeyTrust::default())
        .expect_err("a rewritten chain");
    assert!(
        err.message.contains("tidak melanjutkan rantai audit"),
        "{}",
        err.message
    );
    assert!(err.message.contains("kini bersidik"), "{}", err.message);
    assert!(err.message.contains("--rantai-baru"), "{}", err.message);

    // A PPK that restored a backup and went on from it: accepted only on the operator's word,
    // and the import's record says so.
    let decided = KeyTrust {
        new_chain: true,
        ..KeyTrust::default()
    };
    kab.import_bundle(&who(), &forged, &decided).unwrap();
    let last = kab
        .audit(&pleno_store::EventFilter {
            kind: Some(pleno_store::EventKind::KecamatanTotalsImported),
            newest_first: true,
            limit: 1,
            ..pleno_store::EventFilter::default()
        })
        .unwrap();
    let detail = last[0].payload["detail"].to_string();
    assert!(
        detail.contains("diterima atas keputusan petugas"),
        "{detail}"
    );
}

/// Writes the KPU Kabupaten/Kota's own list as a CSV folder: SUKAMAJU with the desa given, and
/// a second kecamatan whose bundle never comes.
fn kabupaten_list(dir: &Path, sukamaju_desa: &[(String, String)]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("kecamatan.csv"),
        "kode_kecamatan,nama_kecamatan\n33.03.19,SUKAMAJU\n33.03.20,KARANGANYAR\n",
    )
    .unwrap();
    let desa: String = std::iter::once("kode_desa,nama_desa\n3303202001,KALIJAYA\n".to_string())
        .chain(
            sukamaju_desa
                .iter()
                .map(|(code, name)| format!("{code},{name}\n")),
        )
        .collect();
    std::fs::write(dir.join("desa.csv"), desa).unwrap();
    dir.to_path_buf()
}

/// Issue 17: bundles are checked against the KPU Kab/Kota's own list of its kecamatan and desa,
/// not only against what the bundle says of itself; D.Hasil Kabupaten/Kota names the kecamatan
/// whose bundle has not arrived.
#[test]
fn bundles_are_checked_against_the_kabupatens_own_wilayah_list() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, fp) = kecamatan_bundle(dir.path(), "ppk");
    let election = pleno_app::bundle::read_bundle(&bundle).unwrap().election;
    let desa: Vec<(String, String)> = election
        .kecamatan
        .desa
        .iter()
        .map(|d| (d.code.as_str().to_string(), d.name.clone()))
        .collect();

    // A list that lacks one of SUKAMAJU's desa: refused before anything is made.
    let short = kabupaten_list(&dir.path().join("daftar-kurang"), &desa[1..]);
    let err = Workspace::create_kabupaten_with(
        &dir.path().join("kab0"),
        &bundle,
        &who(),
        &trusting(&fp),
        Some(&short),
    )
    .err()
    .expect("a desa the list does not know");
    assert_eq!(err.code, "bad_bundle", "{err}");
    assert!(err.message.contains(desa[0].0.as_str()), "{}", err.message);
    assert!(!dir.path().join("kab0").exists());

    // The right list: accepted; printing names the kecamatan whose bundle is missing.
    let list = kabupaten_list(&dir.path().join("daftar"), &desa);
    let kab = Workspace::create_kabupaten_with(
        &dir.path().join("kab"),
        &bundle,
        &who(),
        &trusting(&fp),
        Some(&list),
    )
    .unwrap();
    let err = kab
        .print(&pleno_app::documents::PrintOptions::all(
            dir.path().join("dok"),
        ))
        .unwrap_err();
    let err = pleno_app::AppError::from(err);
    assert!(
        err.message
            .contains("Kecamatan KARANGANYAR (330320): paket PPK belum diterima"),
        "{}",
        err.message
    );
    assert!(kab.verify_audit().unwrap().problems.is_empty());

    // A kabupaten whose list holds only KARANGANYAR refuses SUKAMAJU's genuine bundle.
    let other = dir.path().join("daftar-lain");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(
        other.join("kecamatan.csv"),
        "kode_kecamatan,nama_kecamatan\n330320,KARANGANYAR\n",
    )
    .unwrap();
    std::fs::write(
        other.join("desa.csv"),
        "kode_desa,nama_desa\n3303202001,KALIJAYA\n",
    )
    .unwrap();
    let err = Workspace::create_kabupaten_with(
        &dir.path().join("kab2"),
        &bundle,
        &who(),
        &trusting(&fp),
        Some(&other),
    )
    .err()
    .expect("a kecamatan not on the list");
    assert!(
        err.message
            .contains("tidak ada di data wilayah KPU Kabupaten/Kota"),
        "{}",
        err.message
    );
}
