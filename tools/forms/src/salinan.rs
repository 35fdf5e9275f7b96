//! Our A4 "salinan"-style sheets for scanned copies: the official C.Hasil Salinan (A4, three
//! plain boxes per value, words lines in IV and V) with Pleno's own corner marks and tag added
//! (the official salinan has neither; see `SALINAN_TAG_BASE` in pleno-core).

use pleno_core::template::{Align, FieldSpec, Layout, Rect};

use crate::reconstruct::{a4_frame, dots, field, rule, text};

const SOURCE: &str = "Pleno's A4 salinan sheet in the style of Model C.HASIL SALINAN (PKPU 25/2023 \
                      Lampiran XVI); corner marks and tag are Pleno's own";
const L: f64 = 18.0;
const R: f64 = 192.0;
const BW: f64 = 7.0;
const BH: f64 = 8.0;

fn boxes(x: f64, y: f64, w: f64, h: f64) -> Vec<Rect> {
    (0..3)
        .map(|k| Rect::new(x + f64::from(k) * (w + 1.2), y, w, h))
        .collect()
}

fn header(l: &mut Layout, first: bool) {
    l.texts
        .push(text(168.0, 22.0, 2.8, "MODEL {model}", true, Align::Right));
    l.texts.push(text(
        168.0,
        26.5,
        2.8,
        "Hal. {page} dari {pages}",
        true,
        Align::Right,
    ));
    let top = if first {
        l.texts.extend([
            text(
                95.0,
                24.0,
                3.6,
                "BERITA ACARA, SERTIFIKAT DAN CATATAN HASIL PENGHITUNGAN",
                true,
                Align::Centre,
            ),
            text(
                95.0,
                28.5,
                3.6,
                "PEROLEHAN SUARA DI TEMPAT PEMUNGUTAN SUARA",
                true,
                Align::Centre,
            ),
            text(95.0, 33.5, 4.2, "{contest}", true, Align::Centre),
            text(95.0, 38.0, 3.4, "TAHUN 2024", true, Align::Centre),
        ]);
        44.0
    } else {
        // Below the tag's quiet zone (y 18–38).
        41.0
    };
    let rows = [
        ("Provinsi", "Kecamatan"),
        ("Kabupaten / Kota", "Kelurahan / Desa"),
        ("Daerah Pemilihan", "Nomor TPS"),
    ];
    for (i, (a, b)) in rows.iter().enumerate() {
        let y = top + 5.0 * i as f64;
        l.texts.push(text(L, y, 3.0, a, false, Align::Left));
        l.texts.push(text(48.0, y, 3.0, ":", false, Align::Left));
        l.lines.push(dots(50.0, 100.0, y + 0.8));
        l.texts.push(text(106.0, y, 3.0, b, false, Align::Left));
        l.texts.push(text(130.0, y, 3.0, ":", false, Align::Left));
        // Ends short of the tag's quiet zone (x ≥ 174) when the rows sit level with the tag.
        let end = if y < 40.0 { 172.0 } else { 190.0 };
        l.lines.push(dots(132.0, end, y + 0.8));
    }
    l.texts
        .push(text(51.0, top + 9.4, 2.6, "{dapil}", false, Align::Left));
}

fn kpps_signatures(l: &mut Layout, y: f64) {
    l.lines.push(rule(L, y, R, y, 0.4, 0));
    l.lines.push(rule(L, y + 18.0, R, y + 18.0, 0.4, 0));
    l.texts.push(text(
        105.0,
        y + 4.0,
        3.0,
        "NAMA DAN TANDA TANGAN KELOMPOK PENYELENGGARA PEMUNGUTAN SUARA",
        true,
        Align::Centre,
    ));
    let w = (R - L) / 7.0;
    for k in 0..7 {
        let x = L + w * f64::from(k);
        let label = if k == 0 {
            "1. KETUA".to_string()
        } else {
            format!("{}. ANGGOTA", k + 1)
        };
        l.texts
            .push(text(x + w / 2.0, y + 8.5, 2.6, &label, true, Align::Centre));
        l.lines.push(dots(x + 3.0, x + w - 3.0, y + 15.5));
    }
}

/// A table row of label + value boxes; returns the boxes.
fn row_frame(l: &mut Layout, y0: f64, y1: f64) {
    l.lines.push(rule(L, y1, R, y1, 0.3, 0));
    l.lines.push(rule(L, y0, L, y1, 0.3, 0));
    l.lines.push(rule(R, y0, R, y1, 0.3, 0));
}

fn admin() -> Layout {
    let mut l = a4_frame("salinan-admin", SOURCE);
    header(&mut l, true);
    let cols = [(112.0, "L"), (139.0, "P"), (166.0, "L+P")];
    let mut y = 64.0;
    l.texts.push(text(
        L,
        y,
        3.4,
        "I. DATA PEMILIH DAN PENGGUNA HAK PILIH",
        true,
        Align::Left,
    ));
    y += 2.0;
    l.lines.push(rule(L, y, R, y, 0.3, 0));
    l.texts
        .push(text(60.0, y + 4.5, 2.8, "URAIAN", true, Align::Centre));
    for (x, c) in cols {
        l.texts
            .push(text(x + 12.5, y + 4.5, 2.8, c, true, Align::Centre));
    }
    row_frame(&mut l, y, y + 7.0);
    y += 7.0;
    let voter = [
        ("pemilih_dpt", "A. Jumlah Pemilih dalam DPT"),
        ("pengguna_dpt", "B.1 Pengguna hak pilih dalam DPT"),
        ("pengguna_dptb", "B.2 Pengguna hak pilih dalam DPTb"),
        ("pengguna_dpk", "B.3 Pengguna hak pilih dalam DPK"),
        (
            "pengguna_total",
            "B.4 Jumlah Pengguna Hak Pilih (B.1+B.2+B.3)",
        ),
    ];
    for (stem, label) in voter {
        l.texts.push(text(
            L + 2.0,
            y + 6.5,
            2.9,
            label,
            stem == "pengguna_total",
            Align::Left,
        ));
        for ((x, _), col) in cols.iter().zip(["l", "p", "j"]) {
            l.fields.push(field(
                &format!("{stem}_{col}"),
                None,
                boxes(x + 1.0, y + 1.5, BW, BH),
            ));
        }
        row_frame(&mut l, y, y + 11.0);
        y += 11.0;
    }
    y += 8.0;
    l.texts.push(text(
        L,
        y,
        3.4,
        "II. DATA PENGGUNAAN SURAT SUARA",
        true,
        Align::Left,
    ));
    y += 2.0;
    l.lines.push(rule(L, y, R, y, 0.3, 0));
    let surat = [
        (
            "surat_diterima",
            "1. Jumlah surat suara yang diterima, termasuk cadangan 2% dari DPT",
        ),
        ("surat_digunakan", "2. Jumlah surat suara yang digunakan"),
        (
            "surat_dikembalikan",
            "3. Jumlah surat suara yang dikembalikan (rusak/keliru coblos)",
        ),
        (
            "surat_tidak_digunakan",
            "4. Jumlah surat suara yang tidak digunakan/tidak terpakai",
        ),
    ];
    for (key, label) in surat {
        l.texts
            .push(text(L + 2.0, y + 6.5, 2.9, label, false, Align::Left));
        l.fields
            .push(field(key, None, boxes(167.0, y + 1.5, BW, BH)));
        row_frame(&mut l, y, y + 11.0);
        y += 11.0;
    }
    y += 8.0;
    l.texts.push(text(
        L,
        y,
        3.4,
        "III. DATA PEMILIH DISABILITAS",
        true,
        Align::Left,
    ));
    y += 2.0;
    l.lines.push(rule(L, y, R, y, 0.3, 0));
    l.texts.push(text(
        L + 2.0,
        y + 6.5,
        2.9,
        "Jumlah pemilih disabilitas yang menggunakan hak pilih",
        false,
        Align::Left,
    ));
    for ((x, _), col) in cols.iter().zip(["l", "p", "j"]) {
        l.fields.push(field(
            &format!("pemilih_disabilitas_{col}"),
            None,
            boxes(x + 1.0, y + 1.5, BW, BH),
        ));
    }
    row_frame(&mut l, y, y + 11.0);
    kpps_signatures(&mut l, 252.0);
    l
}

fn words_field(key: &str, slot: Option<u8>, bx: f64, y: f64, words: Rect) -> FieldSpec {
    let mut f = field(key, slot, boxes(bx, y, BW, BH));
    f.words = Some(words);
    f
}

fn closing_rows(l: &mut Layout, mut y: f64) -> f64 {
    l.texts.push(text(
        L,
        y,
        3.4,
        "V. DATA SUARA SAH DAN TIDAK SAH",
        true,
        Align::Left,
    ));
    y += 2.0;
    l.lines.push(rule(L, y, R, y, 0.3, 0));
    let rows = [
        ("suara_sah", "A. JUMLAH SELURUH SUARA SAH", "{sah_formula}"),
        ("suara_tidak_sah", "B. JUMLAH SUARA TIDAK SAH", ""),
        (
            "suara_total",
            "C. JUMLAH SELURUH SUARA SAH DAN TIDAK SAH",
            "(A + B)",
        ),
    ];
    for (key, label, sub) in rows {
        l.texts
            .push(text(L + 2.0, y + 5.5, 2.9, label, true, Align::Left));
        if !sub.is_empty() {
            l.texts
                .push(text(L + 6.0, y + 10.0, 2.6, sub, true, Align::Left));
        }
        l.texts.push(text(
            140.0,
            y + 15.0,
            2.3,
            "(ditulis dengan huruf)",
            false,
            Align::Right,
        ));
        l.fields.push(words_field(
            key,
            None,
            167.0,
            y + 4.0,
            Rect::new(84.0, y + 2.0, 80.0, 11.0),
        ));
        row_frame(l, y, y + 17.0);
        y += 17.0;
    }
    y += 8.0;
    l.texts
        .push(text(L, y, 3.0, "DITETAPKAN DI :", true, Align::Left));
    l.lines.push(dots(45.0, 90.0, y + 0.8));
    l.texts
        .push(text(95.0, y, 3.0, "TANGGAL :", true, Align::Left));
    l.texts
        .push(text(128.0, y, 3.0, "BULAN :", true, Align::Left));
    l.texts
        .push(text(158.0, y, 3.0, "TAHUN :", true, Align::Left));
    for (x, n) in [(112.0, 2), (141.0, 2), (172.0, 4)] {
        for k in 0..n {
            let r = Rect::new(x + f64::from(k) * 5.0, y - 4.5, 5.0, 6.0);
            for (a, b) in [(0, 1), (1, 2), (2, 3), (3, 0)] {
                let c = r.corners();
                l.lines.push(rule(c[a].x, c[a].y, c[b].x, c[b].y, 0.3, 0));
            }
        }
    }
    y
}

fn ppwp2() -> Layout {
    let mut l = a4_frame("salinan-ppwp-2", SOURCE);
    header(&mut l, false);
    let mut y = 60.0;
    l.texts
        .push(text(L, y, 3.4, "IV. {section_iv}", true, Align::Left));
    y += 2.0;
    l.lines.push(rule(L, y, R, y, 0.3, 0));
    l.texts.push(text(
        95.0,
        y + 4.5,
        2.8,
        "NOMOR DAN NAMA PASANGAN CALON",
        true,
        Align::Centre,
    ));
    l.texts
        .push(text(178.0, y + 4.5, 2.8, "SUARA SAH", true, Align::Centre));
    row_frame(&mut l, y, y + 7.0);
    y += 7.0;
    for k in 1..=3u8 {
        let slot = Some(k);
        for (s, dy, size, bold) in [
            ("{n}.", 11.0, 5.0, true),
            ("{name}", 7.0, 2.9, true),
            ("{wakil}", 11.5, 2.9, true),
        ] {
            let x = if s == "{n}." { L + 3.0 } else { 95.0 };
            let align = if s == "{n}." {
                Align::Left
            } else {
                Align::Centre
            };
            let mut t = text(x, y + dy, size, s, bold, align);
            t.slot = slot;
            l.texts.push(t);
        }
        let mut w = text(
            163.0,
            y + 21.0,
            2.3,
            "(ditulis dengan huruf kapital)",
            false,
            Align::Right,
        );
        w.slot = slot;
        l.texts.push(w);
        l.fields.push(words_field(
            "suara_paslon_{n}",
            slot,
            167.0,
            y + 4.0,
            Rect::new(30.0, y + 14.0, 134.0, 8.0),
        ));
        row_frame(&mut l, y, y + 23.0);
        y += 23.0;
    }
    closing_rows(&mut l, y + 10.0);
    kpps_signatures(&mut l, 252.0);
    l
}

fn party(rows: usize) -> Layout {
    let mut l = a4_frame(&format!("salinan-party-{rows}"), SOURCE);
    header(&mut l, false);
    l.texts
        .push(text(L, 59.0, 3.4, "IV. {section_iv}", true, Align::Left));
    let (top, bottom) = (62.0, 272.0);
    let h = (bottom - top - 8.0) / (rows as f64 + 2.6);
    let bw = 5.6;
    let bh = (h - 1.6).min(8.0);
    for g in 0..2u8 {
        let x0 = if g == 0 { L } else { 106.0 };
        let x1 = x0 + 86.0;
        let bx = x1 - 3.0 * (bw + 1.2) - 1.0;
        let group = Some(g + 1);
        let mut head = text(
            x0 + 2.0,
            top + 5.5,
            3.0,
            "{party}. {party_name}",
            true,
            Align::Left,
        );
        head.group = group;
        l.texts.push(head);
        l.lines.push(rule(x0, top, x1, top, 0.35, 0));
        l.lines.push(rule(x0, top + 8.0, x1, top + 8.0, 0.35, 0));
        let mut y = top + 8.0;
        for k in 0..=rows {
            let (label, key, slot) = if k == 0 {
                (
                    "A.1 Suara partai".to_string(),
                    "suara_partai_{party}".to_string(),
                    None,
                )
            } else {
                (
                    "{n}. {name}".to_string(),
                    "suara_calon_{party}_{n}".to_string(),
                    Some(k as u8),
                )
            };
            let mut t = text(
                x0 + 2.0,
                y + h / 2.0 + 1.0,
                2.5,
                &label,
                k == 0,
                Align::Left,
            );
            t.slot = slot;
            t.group = group;
            l.texts.push(t);
            let mut f = FieldSpec {
                group,
                ..field(&key, slot, boxes(bx, y + (h - bh) / 2.0, bw, bh))
            };
            f.slot = slot;
            l.fields.push(f);
            l.lines.push(rule(x0, y + h, x1, y + h, 0.25, 0));
            y += h;
        }
        let hb = bottom - y;
        l.texts.push(text(
            x0 + 2.0,
            y + 4.0,
            2.6,
            "B. Jumlah suara sah partai",
            true,
            Align::Left,
        ));
        l.texts.push(text(
            x0 + 2.0,
            y + 7.5,
            2.6,
            "dan calon (A.1 + A.2)",
            true,
            Align::Left,
        ));
        let mut f = FieldSpec {
            group,
            ..field(
                "jumlah_suara_partai_{party}",
                None,
                boxes(bx, y + 1.0, bw, bh),
            )
        };
        f.words = Some(Rect::new(x0 + 2.0, y + 9.0, 82.0, hb - 10.0));
        l.fields.push(f);
        for x in [x0, x1] {
            l.lines.push(rule(x, top, x, bottom, 0.35, 0));
        }
        l.lines.push(rule(x0, bottom, x1, bottom, 0.35, 0));
    }
    l
}

fn dpd() -> Layout {
    let mut l = a4_frame("salinan-dpd-20", SOURCE);
    header(&mut l, false);
    l.texts
        .push(text(L, 59.0, 3.4, "IV. {section_iv}", true, Align::Left));
    let (top, h) = (62.0, 10.35);
    l.lines.push(rule(L, top, R, top, 0.3, 0));
    for k in 0..20u8 {
        let y = top + h * f64::from(k);
        let slot = Some(k + 1);
        let mut t = text(L + 2.0, y + 6.5, 2.8, "{n}. {name}", true, Align::Left);
        t.slot = slot;
        l.texts.push(t);
        l.fields.push(words_field(
            "suara_calon_{n}",
            slot,
            167.0,
            y + 1.2,
            Rect::new(95.0, y + 1.5, 68.0, 7.5),
        ));
        row_frame(&mut l, y, y + h);
    }
    l
}

fn closing() -> Layout {
    let mut l = a4_frame("salinan-closing", SOURCE);
    header(&mut l, false);
    closing_rows(&mut l, 62.0);
    kpps_signatures(&mut l, 252.0);
    l
}

pub fn all() -> Vec<Layout> {
    let mut v = vec![admin(), ppwp2(), dpd(), closing()];
    for rows in [10, 12, 14] {
        v.push(party(rows));
    }
    v
}
