//! Labels of the measured PPWP plano pages. Their text is drawn as curves in the official PDF,
//! so positions were read off the 200 dpi render (glyph-line boxes from `forms-tool
//! textboxes`) and typed in here; sizes are em sizes in mm for Noto Sans.

use pleno_core::template::{Align, Line, Point, Rect, Text};

/// Vertical pitch of the three pair blocks on page 2.
const PAIR_PITCH: f64 = 152.02;

fn text(x: f64, y: f64, size: f64, s: &str, bold: bool, align: Align) -> Text {
    Text {
        at: Point::new(x, y),
        size,
        text: s.to_string(),
        bold,
        align,
        vertical: false,
        slot: None,
        group: None,
    }
}
fn l(x: f64, y: f64, size: f64, s: &str) -> Text {
    text(x, y, size, s, false, Align::Left)
}
fn b(x: f64, y: f64, size: f64, s: &str) -> Text {
    text(x, y, size, s, true, Align::Left)
}
fn c(x: f64, y: f64, size: f64, s: &str) -> Text {
    text(x, y, size, s, true, Align::Centre)
}
fn cl(x: f64, y: f64, size: f64, s: &str) -> Text {
    text(x, y, size, s, false, Align::Centre)
}

fn dots(x0: f64, x1: f64, y: f64) -> Line {
    Line {
        a: Point::new(x0, y),
        b: Point::new(x1, y),
        width: 0.7,
        grey: 0,
        dash: Some([0.6, 1.4]),
    }
}

/// The "( ditulis menggunakan huruf kapital )" area of pair `k` (0-based) on page 2.
pub fn ppwp2_words(k: usize) -> Rect {
    Rect::new(76.0, 261.0 + k as f64 * PAIR_PITCH, 282.0, 47.0)
}

/// The words areas of rows A, B and C on page 3.
pub fn ppwp3_words(key: &str) -> Rect {
    match key {
        "suara_sah" => Rect::new(182.0, 159.0, 268.0, 21.0),
        "suara_tidak_sah" => Rect::new(457.0, 266.0, 63.0, 19.0),
        _ => Rect::new(182.0, 302.0, 268.0, 24.0),
    }
}

/// Rules the measurement does not find: dotted writing lines and the dotted crop line.
pub fn extra_lines(page: usize) -> Vec<Line> {
    let mut v = vec![Line {
        a: Point::new(40.0, 51.0),
        b: Point::new(560.0, 51.0),
        width: 0.8,
        grey: 150,
        dash: Some([1.2, 4.0]),
    }];
    match page {
        1 => {
            v.extend([
                dots(129.0, 233.0, 212.0),
                dots(129.0, 233.0, 224.7),
                dots(324.0, 428.0, 212.0),
                dots(324.0, 428.0, 224.7),
                dots(324.0, 340.0, 237.0),
                dots(347.0, 425.0, 237.0),
            ]);
            for y in [167.7] {
                v.extend([
                    dots(110.0, 155.0, y),
                    dots(183.0, 251.0, y),
                    dots(276.0, 335.0, y),
                    dots(358.0, 526.0, y),
                ]);
            }
        }
        _ => v.extend([
            dots(162.0, 266.0, 90.1),
            dots(162.0, 266.0, 102.6),
            dots(357.0, 461.0, 90.1),
            dots(357.0, 461.0, 102.6),
            dots(357.0, 374.0, 115.6),
            dots(380.0, 461.0, 115.6),
        ]),
    }
    if page == 3 {
        v.push(dots(170.0, 262.0, 369.0));
    }
    // Signature name lines (KPPS 1–7, then the three witnesses).
    let sig = if page == 3 { 419.5 - 750.96 } else { 0.0 };
    for k in 0..7 {
        let x = 85.0 + k as f64 * 65.7;
        v.push(dots(x, x + 45.0, 785.0 + sig));
    }
    for x in [111.9, 265.2, 418.6] {
        v.push(dots(x, x + 69.0, 853.0 + sig));
    }
    v
}

/// Model box, header lines and signature blocks shared by the three pages.
fn common(page: usize, texts: &mut Vec<Text>) {
    texts.extend([
        c(505.0, 86.9, 5.0, "MODEL"),
        c(505.0, 92.8, 5.0, "{model}"),
        c(505.0, 104.8, 5.0, "Halaman {page} dari {pages}"),
        l(
            30.0,
            889.0,
            3.4,
            "PEMILU {contest} - Hal {page} dari {pages}",
        ),
        text(
            525.0,
            869.0,
            3.8,
            "*) Coret yang tidak perlu",
            false,
            Align::Right,
        ),
    ]);
    let (dy, top) = if page == 1 {
        (0.0, 206.25)
    } else {
        (0.0, 84.33)
    };
    let hx = if page == 1 { 73.3 } else { 106.2 };
    let kx = if page == 1 { 251.1 } else { 284.1 };
    let cx1 = if page == 1 { 120.0 } else { 150.0 };
    let cx2 = if page == 1 { 318.0 } else { 350.0 };
    let y1 = top + 3.7 + dy;
    let y2 = y1 + 12.5;
    let y3 = y2 + 12.8;
    texts.extend([
        b(hx, y1, 4.8, "Provinsi"),
        b(hx, y2, 4.8, "Kabupaten / Kota"),
        b(kx, y1, 4.8, "Kecamatan"),
        b(kx, y2, 4.8, "Kelurahan / Desa *)"),
        b(kx, y3, 4.8, "Nomor TPS"),
        b(cx1, y1, 4.8, ":"),
        b(cx1, y2, 4.8, ":"),
        b(cx2, y1, 4.8, ":"),
        b(cx2, y2, 4.8, ":"),
        b(cx2, y3, 4.8, ":"),
        l(cx2 + 22.0, y3, 4.8, "("),
        l(cx2 + 111.5, y3, 4.8, ")"),
    ]);
    let sig = if page == 3 { 419.5 } else { 750.96 };
    texts.push(c(
        300.1,
        sig,
        5.0,
        "NAMA DAN TANDA TANGAN KELOMPOK PENYELENGGARA PEMUNGUTAN SUARA",
    ));
    for k in 0..7 {
        texts.push(b(
            75.2 + k as f64 * 65.7,
            sig + 22.9,
            6.0,
            &format!("{}.", k + 1),
        ));
    }
    texts.push(c(300.0, sig + 44.7, 5.0, "{witness}"));
    for (k, x) in [78.1, 231.3, 384.6].into_iter().enumerate() {
        texts.push(b(x, sig + 63.74, 8.0, &format!("{}.", k + 1)));
        texts.push(b(x + 14.2, sig + 59.44, 5.0, "NAMA CALON PRESIDEN"));
        texts.push(b(x + 14.2, sig + 66.14, 5.0, "NAMA CALON WAKIL PRESIDEN"));
    }
}

/// The labels of page `page` and the printed tag id (vertical, left of the tag).
pub fn ppwp(page: usize, grid_cols: &[f64]) -> (Vec<Text>, Text) {
    let mut t = Vec::new();
    common(page, &mut t);
    match page {
        1 => page1(&mut t),
        2 => page2(&mut t, grid_cols),
        _ => page3(&mut t, grid_cols),
    }
    let mut label = l(490.6, 128.5, 6.0, "{tag}");
    label.vertical = true;
    (t, label)
}

fn page1(t: &mut Vec<Text>) {
    t.extend([
        c(300.0, 96.4, 7.1, "BERITA ACARA, SERTIFIKAT DAN CATATAN HASIL PENGHITUNGAN PEROLEHAN SUARA"),
        c(300.0, 104.9, 7.1, "DI TEMPAT PEMUNGUTAN SUARA DALAM PEMILIHAN UMUM"),
        c(300.0, 114.7, 8.5, "{contest}"),
        c(300.0, 124.9, 8.5, "REPUBLIK INDONESIA"),
        c(300.0, 133.7, 7.0, "TAHUN 2024"),
        b(73.3, 168.2, 5.1, "Pada hari ini"),
        b(159.0, 168.2, 5.1, "tanggal"),
        b(256.8, 168.2, 5.1, "bulan"),
        b(338.6, 168.2, 5.1, "tahun"),
        b(73.4, 179.6, 5.1, "Kelompok Penyelenggara Pemungutan Suara (KPPS) mengadakan Rapat Pemungutan dan Penghitungan Suara dalam Pemilihan Umum {contest_name}"),
        b(73.3, 191.1, 5.1, "Republik Indonesia, yang dihadiri oleh Saksi dan/atau Panwaslu Kelurahan/Desa / Pengawas TPS, bertempat di:"),
        b(73.3, 256.5, 5.1, "Pemungutan dan Penghitungan Suara dipimpin oleh Ketua KPPS dengan kegiatan membuka Rapat Pemungutan Suara, membuka kotak suara dan mengeluarkan seluruh"),
        b(73.4, 267.9, 5.1, "isi kotak suara, mengidentifikasi dan menghitung jenis serta jumlah dokumen dan peralatan pemungutan dan penghitungan suara, memeriksa dan menandatangani"),
        b(73.2, 279.4, 5.1, "surat suara yang akan digunakan oleh Pemilih, dimulai pada pukul ..... : ..... s.d. ..... : ..... waktu setempat."),
        b(73.3, 290.9, 5.1, "Selanjutnya Rapat Penghitungan Suara dimulai pukul ..... : ..... s.d. ..... : ..... waktu setempat di hari yang sama / setelahnya *).  Adapun data pemilih dan"),
        b(73.3, 302.3, 5.1, "pengguna hak pilih, penggunaan surat suara, dan hasil penghitungan suara terinci sebagai berikut:"),
        b(73.5, 338.2, 6.2, "I."),
        b(89.4, 338.2, 6.2, "DATA PEMILIH DAN PENGGUNA HAK PILIH"),
        b(79.1, 375.9, 5.3, "A."),
        b(91.6, 375.9, 5.3, "DATA PEMILIH"),
        l(95.6, 393.2, 5.1, "Jumlah Pemilih dalam Daftar Pemilih Tetap (DPT)"),
        l(96.0, 400.5, 5.1, "( Terdapat dalam Model A-Kabko Daftar Pemilih )"),
        b(79.6, 418.9, 5.3, "B."),
        b(91.6, 418.9, 5.3, "PENGGUNA HAK PILIH"),
        l(95.9, 439.5, 5.1, "1. Jumlah pengguna hak pilih dalam Daftar Pemilih Tetap (DPT)"),
        l(95.9, 462.5, 5.1, "2. Jumlah pengguna hak pilih dalam Daftar Pemilih Tambahan (DPTb)"),
        l(95.9, 485.5, 5.1, "3. Jumlah pengguna hak pilih dalam Daftar Pemilih Khusus (DPK)"),
        b(95.6, 508.6, 5.1, "4. Jumlah Pengguna Hak Pilih (B.1 + B.2 + B.3)"),
        b(73.5, 538.2, 6.2, "II."),
        b(89.4, 538.2, 6.2, "DATA PENGGUNAAN SURAT SUARA"),
        c(262.4, 553.3, 4.8, "URAIAN"),
        c(489.4, 553.3, 4.8, "JUMLAH"),
        c(262.5, 564.3, 4.8, "(1)"),
        c(489.4, 564.3, 4.8, "(2)"),
        l(81.0, 581.6, 5.1, "1. Jumlah surat suara yang diterima, termasuk surat suara cadangan 2% dari DPT"),
        l(81.0, 604.9, 5.1, "2. Jumlah surat suara yang digunakan"),
        l(81.0, 627.9, 5.1, "3. Jumlah surat suara yang dikembalikan oleh pemilih (karena rusak atau keliru coblos)"),
        l(81.0, 651.0, 5.1, "4. Jumlah surat suara yang tidak digunakan/tidak terpakai, termasuk sisa surat suara cadangan"),
        b(73.5, 677.4, 6.2, "III."),
        b(89.4, 677.4, 6.2, "DATA PEMILIH DISABILITAS"),
        l(77.7, 720.6, 5.1, "Jumlah seluruh Pemilih disabilitas yang menggunakan hak pilih"),
    ]);
    for y in [353.2, 692.5] {
        t.extend([
            c(187.5, y, 4.8, "URAIAN"),
            c(339.5, y, 4.8, "LAKI-LAKI (L)"),
            c(414.5, y, 4.8, "PEREMPUAN (P)"),
            c(489.3, y, 4.8, "JUMLAH (L+P)"),
            c(187.5, y + 11.0, 4.8, "(1)"),
            c(339.5, y + 11.0, 4.8, "(2)"),
            c(414.5, y + 11.0, 4.8, "(3)"),
            c(489.4, y + 11.0, 4.8, "(4)"),
        ]);
    }
}

fn grid_numbers(t: &mut Vec<Text>, cols: &[f64], y: f64) {
    for (i, x) in cols.iter().enumerate() {
        t.push(cl(*x, y, 3.8, &(i + 1).to_string()));
    }
}

fn page2(t: &mut Vec<Text>, cols: &[f64]) {
    t.extend([
        b(73.5, 138.9, 6.2, "IV."),
        b(
            89.4,
            138.9,
            6.2,
            "DATA RINCIAN PEROLEHAN SUARA PASANGAN CALON PRESIDEN DAN WAKIL PRESIDEN",
        ),
        c(127.1, 166.9, 4.4, "NOMOR DAN NAMA"),
        c(127.1, 172.5, 4.4, "PASANGAN CALON"),
        c(298.5, 166.2, 4.8, "RINCIAN PEROLEHAN SUARA SAH"),
        c(432.9, 167.0, 4.2, "JUMLAH"),
        c(432.9, 172.1, 4.2, "TIAP BARIS"),
        c(488.4, 169.5, 4.2, "JUMLAH SUARA SAH"),
    ]);
    grid_numbers(t, cols, 176.0);
    for k in 0..3u8 {
        let dy = f64::from(k) * PAIR_PITCH;
        let slot = |mut x: Text| {
            x.slot = Some(k + 1);
            x
        };
        t.push(slot(c(126.5, 195.2 + dy, 12.4, "{n}")));
        t.push(slot(c(127.0, 210.3 + dy, 5.0, "{name}")));
        t.push(slot(c(127.0, 217.2 + dy, 5.0, "{wakil}")));
        let mut w = text(
            209.2,
            312.7 + dy,
            3.6,
            "( ditulis menggunakan huruf kapital )",
            false,
            Align::Centre,
        );
        w.slot = Some(k + 1);
        t.push(w);
        t.push(text(
            443.9,
            285.4 + dy,
            4.2,
            "Hitamkan bulatan ini sesuai dengan",
            false,
            Align::Right,
        ));
        t.push(text(
            429.5,
            291.3 + dy,
            4.2,
            "isian angka pada kotak",
            false,
            Align::Right,
        ));
    }
}

fn page3(t: &mut Vec<Text>, cols: &[f64]) {
    t.extend([
        b(73.0, 138.9, 6.2, "V."),
        b(89.4, 138.9, 6.2, "DATA SUARA SAH DAN SUARA TIDAK SAH"),
        b(78.0, 177.8, 5.0, "A."),
        c(134.2, 171.1, 5.2, "JUMLAH SELURUH"),
        c(134.2, 178.5, 5.2, "SUARA SAH"),
        c(134.6, 185.4, 5.2, "{sah_formula}"),
        text(
            416.7,
            184.3,
            3.6,
            "( ditulis menggunakan huruf kapital )",
            false,
            Align::Centre,
        ),
        b(78.5, 251.8, 5.0, "B."),
        c(134.5, 247.9, 6.0, "JUMLAH SUARA"),
        c(134.5, 256.4, 6.0, "TIDAK SAH"),
        c(298.5, 217.3, 4.8, "RINCIAN PEROLEHAN SUARA TIDAK SAH"),
        c(432.9, 218.0, 4.2, "JUMLAH"),
        c(432.9, 223.1, 4.2, "TIAP BARIS"),
        c(488.4, 220.6, 4.2, "JUMLAH SUARA TIDAK SAH"),
        text(
            488.6,
            289.0,
            3.6,
            "( ditulis menggunakan huruf kapital )",
            false,
            Align::Centre,
        ),
        b(78.4, 323.9, 5.0, "C."),
        c(134.2, 312.8, 5.2, "JUMLAH SELURUH"),
        c(134.4, 320.4, 5.2, "SUARA SAH DAN"),
        c(134.4, 327.7, 5.2, "SUARA TIDAK SAH"),
        c(134.7, 335.0, 5.2, "( V.A + V.B )"),
        text(
            416.7,
            330.4,
            3.6,
            "( ditulis menggunakan huruf kapital )",
            false,
            Align::Centre,
        ),
        b(114.8, 368.4, 5.2, "DITETAPKAN DI :"),
        b(282.8, 368.4, 5.2, "TANGGAL :"),
        b(362.3, 368.4, 5.2, "BULAN :"),
        b(432.6, 368.4, 5.2, "TAHUN :"),
    ]);
    grid_numbers(t, cols, 227.0);
}
