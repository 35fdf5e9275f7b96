//! The signed bundle from PPK to KPU Kab/Kota: export, import into a kabupaten workspace with
//! the same recap, and refusal of tampered, truncated and path-traversing bundles.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::io::Write;

use pleno_app::bundle::{ExportOptions, KeyTrust, read_bundle};
use pleno_app::demo::default_assets;
use pleno_app::recap::{kabupaten_recap, workspace_recap};
use pleno_app::{CreateOptions, Who, Workspace};

fn kecamatan(dir: &std::path::Path) -> Workspace {
    let who = Who::new("Sekretariat PPK");
    let ws = Workspace::create(
        &dir.join("kec"),
        &default_assets().join("demo/referensi.xlsx"),
        &who,
        &CreateOptions::default(),
    )
    .unwrap();
    ws.import_figures(&who, &default_assets().join("demo/hasil.xlsx"), &[])
        .unwrap();
    ws
}

#[test]
fn a_bundle_carries_the_recap_to_the_kabupaten() {
    let dir = tempfile::tempdir().unwrap();
    let kec = kecamatan(dir.path());
    let report = kec
        .export_bundle(&ExportOptions {
            dest: Some(dir.path().join("paket.pleno")),
            without_images: false,
            with_crops: false,
        })
        .unwrap();
    assert!(report.files >= 7, "{report:?}");
    assert_eq!(report.sha256.len(), 64);
    let checked = read_bundle(std::path::Path::new(&report.path)).unwrap();
    assert_eq!(checked.manifest.kecamatan_code, "330319");
    assert!(
        checked.files.contains_key("audit.jsonl") && checked.files.contains_key("entries.jsonl")
    );

    let who = Who::new("Operator KPU Purbalingga");
    let kab = Workspace::create_kabupaten(
        &dir.path().join("kab"),
        std::path::Path::new(&report.path),
        &who,
        &KeyTrust {
            fingerprint: Some(report.fingerprint.clone()),
            replace: false,
            new_chain: false,
        },
    )
    .unwrap();
    let kab_tables = kab.read(kabupaten_recap).unwrap();
    let kec_recap = kec.read(workspace_recap).unwrap();
    for (table, contest) in kab_tables.iter().zip(&kec_recap.contests) {
        assert_eq!(table.contest, contest.contest);
        assert_eq!(table.total, contest.kecamatan.total, "{}", table.contest);
        assert_eq!(
            table.completeness.agreed,
            contest.kecamatan.completeness.agreed
        );
        assert_eq!(table.columns.len(), 1);
    }
    // Importing the same bundle again (its key now enrolled) supersedes and leaves the same
    // recap.
    kab.import_bundle(
        &who,
        std::path::Path::new(&report.path),
        &KeyTrust::default(),
    )
    .unwrap();
    assert_eq!(
        kab.read(|s| s.kecamatan_totals(pleno_core::Contest::Ppwp))
            .unwrap()
            .len(),
        1
    );
    // A kecamatan workspace cannot import bundles.
    let err = kec
        .import_bundle(
            &who,
            std::path::Path::new(&report.path),
            &KeyTrust::default(),
        )
        .unwrap_err();
    assert_eq!(err.code, "wrong_level", "{err}");
}

fn expect_bad(path: &std::path::Path, words: &str) {
    let err = read_bundle(path).unwrap_err();
    assert_eq!(err.code, "bad_bundle", "{err}");
    assert!(err.message.contains(words), "{}", err.message);
    assert!(err.message.contains("Tidak ada yang diubah"));
}

#[test]
fn tampered_truncated_and_traversing_bundles_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let kec = kecamatan(dir.path());
    let good = dir.path().join("paket.pleno");
    kec.export_bundle(&ExportOptions {
        dest: Some(good.clone()),
        without_images: true,
        with_crops: false,
    })
    .unwrap();
    let bytes = std::fs::read(&good).unwrap();

    // One figure changed inside recap.json: the manifest hash no longer matches.
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let pos = text
        .find("\"suara_paslon_2\": ")
        .expect("recap.json holds the figure")
        + "\"suara_paslon_2\": ".len();
    let mut tampered = bytes.clone();
    tampered[pos] = if tampered[pos] == b'9' { b'8' } else { b'9' };
    let p = dir.path().join("diubah.pleno");
    std::fs::write(&p, &tampered).unwrap();
    expect_bad(&p, "tidak sama dengan manifest");

    // The manifest itself edited: the signature fails.
    let mpos = text.find("\"kecamatan\": \"SUKAMAJU\"").unwrap() + "\"kecamatan\": \"".len();
    let mut forged = bytes.clone();
    forged[mpos] = b'X';
    let p = dir.path().join("palsu.pleno");
    std::fs::write(&p, &forged).unwrap();
    expect_bad(&p, "tanda tangan tidak cocok");

    // Cut in half.
    let p = dir.path().join("terpotong.pleno");
    std::fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
    let err = read_bundle(&p).unwrap_err();
    assert_eq!(err.code, "bad_bundle");

    // A member named ../../evil.
    let p = dir.path().join("jahat.pleno");
    let mut out = std::fs::File::create(&p).unwrap();
    let mut header = tar::Header::new_old();
    let name = b"../../evil.txt";
    header.as_old_mut().name[..name.len()].copy_from_slice(name);
    header.set_size(4);
    header.set_mode(0o644);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_cksum();
    out.write_all(header.as_bytes()).unwrap();
    out.write_all(b"evil").unwrap();
    out.write_all(&[0u8; 508]).unwrap();
    out.write_all(&[0u8; 1024]).unwrap();
    drop(out);
    expect_bad(&p, "keluar dari paket");
    assert!(!dir.path().join("../evil.txt").exists());

    // Nothing of this reached a kabupaten workspace.
    let who = Who::new("Operator KPU");
    assert!(
        Workspace::create_kabupaten(
            &dir.path().join("kab"),
            &dir.path().join("diubah.pleno"),
            &who,
            &KeyTrust::default(),
        )
        .is_err()
    );
    assert!(!dir.path().join("kab/pleno.db").exists());
}
