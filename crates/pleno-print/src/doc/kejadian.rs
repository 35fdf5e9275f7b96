//! Model D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN: every incident and objection of the plenary
//! with where it applies, who raised it, what it says, how it was settled and its status; or
//! NIHIL. Signed by the PPK and by those who raised the items.

use super::canvas::{Align, Style};
use super::digest::{self, Marker};
use super::flow::Flow;
use super::font::wrap;
use super::frame::Frame;
use super::writer::Doc;
use super::{DocError, DocSetup, Incident, Orientation, Pdf, SaksiSlot, signature};

const PT: f64 = 7.0;
const LINE: f64 = 3.0;

const HEADINGS: [&str; 6] = [
    "NO.",
    "TEMPAT / PEMILIHAN",
    "JENIS / DIAJUKAN OLEH",
    "URAIAN KEJADIAN ATAU KEBERATAN",
    "PENYELESAIAN",
    "STATUS",
];
const FRACTIONS: [f64; 6] = [0.05, 0.16, 0.18, 0.27, 0.24, 0.10];

pub fn document(setup: &DocSetup, items: &[Incident], raisers: &[String]) -> Result<Pdf, DocError> {
    let model = "MODEL D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN".to_string();
    let marker = Marker {
        doc: "d-kejadian".to_string(),
        contest: None,
        workspace_id: setup.workspace_id.clone(),
        sha256: digest::d_kejadian_sha256(items),
        head: setup.audit_head.clone(),
    };
    let doc = Doc::new(&model)?;
    let frame = Frame::new(
        setup,
        Orientation::Portrait,
        model,
        &[
            "CATATAN KEJADIAN KHUSUS DAN/ATAU KEBERATAN SAKSI".to_string(),
            "DALAM RAPAT PLENO REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA DI TINGKAT KECAMATAN"
                .to_string(),
            "PEMILIHAN UMUM TAHUN 2024".to_string(),
        ],
        format!(
            "D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN — {}",
            setup.kecamatan_name
        ),
        marker,
    )?;
    let fields = vec![
        ("Provinsi".to_string(), setup.provinsi.clone()),
        ("Kabupaten/Kota".to_string(), setup.kabupaten.clone()),
        ("Kecamatan".to_string(), setup.kecamatan.clone()),
    ];
    let mut flow = Flow::new(&frame, doc.fonts.clone(), fields);
    flow.cont = format!("Kecamatan {} (lanjutan)", setup.kecamatan_name);
    flow.new_page(true);
    let l = frame.left();
    let w = frame.body_width();
    let intro = format!(
        "Dalam rapat pleno terbuka rekapitulasi hasil penghitungan perolehan suara di tingkat Kecamatan {} dicatat kejadian khusus dan/atau keberatan saksi sebagai berikut:",
        setup.kecamatan_name
    );
    for line in wrap(&intro, 8.0, false, w) {
        flow.y += 4.0;
        let y = flow.y;
        flow.page()
            .text(l, y, Align::Left, Style::new(8.0, false), &line);
    }
    flow.y += 3.0;
    let mut x = vec![l];
    for f in FRACTIONS {
        let last = x[x.len() - 1];
        x.push(last + w * f);
    }
    header(&mut flow, &x);
    if items.is_empty() {
        let y = flow.y;
        let c = flow.page();
        c.text(
            l + w / 2.0,
            y + 6.0,
            Align::Centre,
            Style::new(9.0, true),
            "NIHIL",
        );
        c.text(
            l + w / 2.0,
            y + 10.0,
            Align::Centre,
            Style::new(7.0, false),
            "Tidak ada kejadian khusus dan/atau keberatan saksi yang dicatat.",
        );
        c.stroke_rect(l, y, w, 13.0, 0.2);
        flow.y += 13.0;
    }
    for item in items {
        let cells: [Vec<String>; 6] = [
            vec![format!("{}.", item.number)],
            [
                wrap(&item.place, PT, false, x[2] - x[1] - 2.5),
                wrap(&item.contest, PT, true, x[2] - x[1] - 2.5),
            ]
            .concat(),
            [
                wrap(&item.kind, PT, true, x[3] - x[2] - 2.5),
                wrap(&item.raised_by, PT, false, x[3] - x[2] - 2.5),
            ]
            .concat(),
            wrap(&item.text, PT, false, x[4] - x[3] - 2.5),
            wrap(&item.resolution, PT, false, x[5] - x[4] - 2.5),
            wrap(&item.status, PT, true, x[6] - x[5] - 2.5),
        ];
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
        let h = lines as f64 * LINE + 2.5;
        if flow.room() < h {
            flow.new_page(false);
            header(&mut flow, &x);
        }
        let top = flow.y;
        let c = flow.page();
        for (i, cell) in cells.iter().enumerate() {
            for (j, line) in cell.iter().enumerate() {
                let bold = (i == 1 && j >= cell.len() - 1) || (i == 2 && j == 0) || i == 5;
                c.text(
                    x[i] + 1.2,
                    top + 3.2 + j as f64 * LINE,
                    Align::Left,
                    Style::new(PT, bold),
                    line,
                );
            }
        }
        c.stroke_rect(l, top, w, h, 0.2);
        for xi in &x[1..6] {
            c.line(*xi, top, *xi, top + h, 0.15);
        }
        flow.y += h;
    }
    flow.cont = format!("Kecamatan {} — tanda tangan", setup.kecamatan_name);
    let slots: Vec<SaksiSlot> = raisers
        .iter()
        .enumerate()
        .map(|(i, r)| SaksiSlot {
            nomor: (i + 1).to_string(),
            participant: r.clone(),
            name: String::new(),
        })
        .collect();
    signature::draw(
        &mut flow,
        setup,
        "SAKSI DAN PIHAK YANG MENGAJUKAN KEBERATAN ATAU MENCATAT KEJADIAN",
        "DIAJUKAN OLEH",
        &slots,
    );
    let (pages, overflow) = flow.finish();
    Ok(doc.save(setup, &frame, pages, overflow))
}

fn header(flow: &mut Flow<'_>, x: &[f64]) {
    let y = flow.y;
    let c = flow.page();
    let (l, r) = (x[0], x[x.len() - 1]);
    c.fill_rect(l, y, r - l, 6.5, 0.88);
    for (i, h) in HEADINGS.iter().enumerate() {
        let lines = wrap(h, 6.0, true, x[i + 1] - x[i] - 1.5);
        let top = y + 6.5 / 2.0 - (lines.len() as f64 - 1.0) * 1.25 + 1.0;
        for (j, line) in lines.iter().enumerate() {
            c.text(
                f64::midpoint(x[i], x[i + 1]),
                top + j as f64 * 2.5,
                Align::Centre,
                Style::new(6.0, true),
                line,
            );
        }
    }
    c.stroke_rect(l, y, r - l, 6.5, 0.3);
    flow.y += 6.5;
}
