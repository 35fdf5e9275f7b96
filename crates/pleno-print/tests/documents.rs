//! The recap documents checked the way a reader sees them: text through `pdftotext -layout`,
//! page size through `pdfinfo`, word boxes through `pdftotext -bbox`. Set PLENO_DOC_PREVIEW to
//! a folder to keep the PDFs for looking at (`pdftoppm -r 60 -png`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::many_single_char_names
)]

mod common;

use std::path::PathBuf;

use common::{election, forms, pdfinfo, pdftotext, poppler, recap, setup, write};
use pleno_core::format::thousands;
use pleno_core::{Contest, FieldKey};
use pleno_print::doc::{self, Incident, Paper, digest};

fn out_dir() -> (Option<tempfile::TempDir>, PathBuf) {
    if let Some(p) = std::env::var_os("PLENO_DOC_PREVIEW") {
        std::fs::create_dir_all(&p).unwrap();
        (None, PathBuf::from(p))
    } else {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().to_path_buf();
        (Some(t), p)
    }
}

fn pages_text(text: &str) -> Vec<&str> {
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[test]
fn d_hasil_shows_every_desa_and_the_core_totals() {
    let e = election(6, 5);
    let f = forms(&e, 1);
    let r = recap(&e, &f, Contest::Ppwp, &[]);
    let s = setup(&e, false, Paper::A4);
    let pdf = doc::d_hasil(&s, &r.kecamatan, e.ballot(Contest::Ppwp).unwrap(), &e.saksi).unwrap();
    assert!(pdf.overflow.is_empty(), "{:?}", pdf.overflow);
    assert_eq!(doc::find_marker(&pdf.bytes).as_ref(), Some(&pdf.marker));
    assert_eq!(pdf.marker.sha256, digest::d_hasil_sha256(&r.kecamatan));
    if !poppler() {
        return;
    }
    let (_keep, dir) = out_dir();
    let path = write(&dir, "d-hasil-ppwp.pdf", &pdf.bytes);
    let text = pdftotext(&path);
    let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The key fingerprint the KPU Kab/Kota compares before it trusts this PPK's bundle.
    assert!(
        words.contains("Sidik kunci paket: 5577-DB28-91AC-0F3E"),
        "fingerprint missing"
    );
    for d in &e.kecamatan.desa {
        // Long names wrap in the column heading; each word is printed.
        for w in d.name.split_whitespace() {
            assert!(words.contains(w), "desa {} missing", d.name);
        }
    }
    for key in [
        FieldKey::SuaraSah,
        FieldKey::SuaraTidakSah,
        FieldKey::SuaraTotal,
        FieldKey::Paslon(2),
    ] {
        let total = thousands(r.kecamatan.total.value(key));
        assert!(text.contains(&total), "total {key} = {total} missing");
    }
    for role in [
        "Ketua",
        "Anggota",
        "Drs. Suparman",
        "SAKSI PESERTA PEMILU PPWP",
        "Ahmad Fauzi",
        "Ditetapkan di",
        "KETERANGAN",
    ] {
        assert!(text.contains(role), "{role} missing");
    }
    assert!(!text.contains("UJI COBA"));
    assert!(!text.contains("SEMENTARA"));
    let pages = pages_text(&text);
    assert_eq!(pages.len(), pdf.pages);
    assert!(pdfinfo(&path).contains(&format!("Pages:           {}", pdf.pages)));
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains(&format!("Halaman {} dari {}", i + 1, pdf.pages)),
            "page {i}"
        );
    }
}

#[test]
fn lampiran_splits_wide_desa_into_carried_blocks() {
    let e = election(2, 40);
    let f = forms(&e, 3);
    let r = recap(&e, &f, Contest::Ppwp, &[]);
    let s = setup(&e, true, Paper::F4);
    let pdf = doc::lampiran(&s, &r.lampiran, e.ballot(Contest::Ppwp).unwrap(), &e.saksi).unwrap();
    assert_eq!(pdf.orientation, doc::Orientation::Landscape);
    assert!(pdf.overflow.is_empty(), "{:?}", pdf.overflow);
    assert_eq!(pdf.marker.sha256, digest::lampiran_sha256(&r.lampiran));
    if !poppler() {
        return;
    }
    let (_keep, dir) = out_dir();
    let path = write(&dir, "lampiran-ppwp-f4.pdf", &pdf.bytes);
    let text = pdftotext(&path);
    // Headings wrap: "JUMLAH" over "PINDAHAN" / "AKHIR".
    assert!(text.contains("PINDAHAN") && text.contains("AKHIR") && text.contains("dibawa ke blok"));
    for l in &r.lampiran {
        assert!(text.contains(&l.place_name));
        let vc = thousands(l.total.value(FieldKey::SuaraTotal));
        // V.C of the desa closes the JUMLAH AKHIR column of its last block.
        let line = text
            .lines()
            .find(|x| x.contains("V.C") && x.trim_end().ends_with(&vc));
        assert!(
            line.is_some(),
            "{}: JUMLAH AKHIR V.C {vc} missing",
            l.place_name
        );
    }
    // Every page is F4 landscape and carries the drill mark.
    let info = pdfinfo(&path);
    assert!(
        info.contains("935.43") || info.contains("935.433"),
        "{info}"
    );
    for p in pages_text(&text) {
        assert!(p.contains("UJI COBA / BUKAN DOKUMEN RESMI"));
    }
}

/// Word boxes as `pdftotext -bbox` reports them, with the page size: nothing may sit in the
/// 4 mm an office printer leaves blank.
#[test]
fn no_text_runs_off_the_page() {
    if !poppler() {
        return;
    }
    let e = election(9, 12);
    let f = forms(&e, 4);
    let (_keep, dir) = out_dir();
    let mut files = Vec::new();
    for (c, paper) in [
        (Contest::Dpr, Paper::A4),
        (Contest::Dpd, Paper::F4),
        (Contest::Ppwp, Paper::A4),
    ] {
        let r = recap(&e, &f, c, &[]);
        let s = setup(&e, false, paper);
        let b = e.ballot(c).unwrap();
        files.push(write(
            &dir,
            &format!("bbox-d-hasil-{}.pdf", c.slug()),
            &doc::d_hasil(&s, &r.kecamatan, b, &e.saksi).unwrap().bytes,
        ));
        files.push(write(
            &dir,
            &format!("bbox-lampiran-{}.pdf", c.slug()),
            &doc::lampiran(&s, &r.lampiran[..1], b, &e.saksi)
                .unwrap()
                .bytes,
        ));
    }
    let margin = 4.0 * 72.0 / 25.4;
    for path in files {
        let out = std::process::Command::new("pdftotext")
            .arg("-bbox")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let html = String::from_utf8_lossy(&out.stdout);
        let attr = |tag: &str, name: &str| -> f64 {
            let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            tag[start..].split('"').next().unwrap().parse().unwrap()
        };
        let (mut w, mut h) = (0.0, 0.0);
        let mut words = 0;
        for tag in html.split('<') {
            if tag.starts_with("page ") {
                w = attr(tag, "width");
                h = attr(tag, "height");
                let (a4, f4) = ((595.0, 842.0), (609.0, 935.0));
                let size = (w.min(h).round(), w.max(h).round());
                assert!(
                    size == (a4.0, a4.1) || size == (f4.0, f4.1),
                    "{}: page {w}×{h}",
                    path.display()
                );
            } else if tag.starts_with("word ") {
                words += 1;
                let (x0, y0, x1, y1) = (
                    attr(tag, "xMin"),
                    attr(tag, "yMin"),
                    attr(tag, "xMax"),
                    attr(tag, "yMax"),
                );
                assert!(
                    x0 >= margin && y0 >= margin && x1 <= w - margin && y1 <= h - margin,
                    "{}: word off the page at {x0},{y0}–{x1},{y1}: {tag}",
                    path.display()
                );
            }
        }
        assert!(words > 100, "{}", path.display());
    }
}

#[test]
fn d_kejadian_prints_nihil_without_items() {
    let e = election(2, 2);
    let s = setup(&e, false, Paper::A4);
    let pdf = doc::d_kejadian(&s, &[], &[]).unwrap();
    assert_eq!(pdf.pages, 1);
    assert_eq!(doc::find_marker(&pdf.bytes).unwrap().doc, "d-kejadian");
    if poppler() {
        let (_keep, dir) = out_dir();
        let t = pdftotext(&write(&dir, "d-kejadian-nihil.pdf", &pdf.bytes));
        assert!(t.contains("NIHIL") && t.contains("Ketua") && t.contains("Halaman 1 dari 1"));
    }
}

#[test]
fn preview_all_documents() {
    let e = election(12, 38);
    let f = forms(&e, 2);
    let (_keep, dir) = out_dir();
    for c in [Contest::Ppwp, Contest::Dpr] {
        let r = recap(&e, &f, c, &[]);
        let s = setup(&e, c == Contest::Dpr, Paper::A4);
        let b = e.ballot(c).unwrap();
        let pdf = doc::d_hasil(&s, &r.kecamatan, b, &e.saksi).unwrap();
        write(&dir, &format!("d-hasil-{}.pdf", c.slug()), &pdf.bytes);
        let pdf = doc::lampiran(&s, &r.lampiran[..2], b, &e.saksi).unwrap();
        write(&dir, &format!("lampiran-{}.pdf", c.slug()), &pdf.bytes);
    }
    let s = setup(&e, false, Paper::F4);
    let items = vec![Incident {
        number: 1,
        kind: "Keberatan".into(),
        place: "Desa KARANGANYAR, TPS 003".into(),
        contest: "DPR".into(),
        raised_by: "Saksi Partai Demokrasi Indonesia Perjuangan – Joko Susilo".into(),
        text: "Jumlah suara sah partai pada C.Hasil berbeda dengan salinan yang diterima saksi; mohon dibuka kotak suara dan dihitung ulang.".into(),
        resolution: "Diterima — penghitungan suara ulang: suara sah PDI-P menjadi 87.".into(),
        status: "Diterima".into(),
        at: "20-02-2024".into(),
    }];
    let pdf = doc::d_kejadian(&s, &items, &["Saksi PDI-P – Joko Susilo".to_string()]).unwrap();
    write(&dir, "d-kejadian.pdf", &pdf.bytes);
}
