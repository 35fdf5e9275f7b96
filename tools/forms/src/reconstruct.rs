//! Layouts with no official sheet here, reconstructed in the visual language and scale of the
//! measured PPWP plano (same sheet, corner marks, tag, header, boxes, tally grid, signature
//! block), following docs/domain.md §2: a legislative admin page (I–III), party pages (A.1, up to
//! 10/12/14 candidates, B), DPD pages of 8 candidates, a closing page (V), and the A4 salinan.

use std::path::Path;

use anyhow::{Context, Result};
use pleno_core::template::{
    Align, CornerMarks, Family, FieldSpec, Layout, Line, MarkShape, Point, Provenance, Rect,
    TagSpec, Text,
};

use crate::salinan;
use crate::write_layout;

pub fn text(x: f64, y: f64, size: f64, s: &str, bold: bool, align: Align) -> Text {
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

pub fn rule(x0: f64, y0: f64, x1: f64, y1: f64, width: f64, grey: u8) -> Line {
    Line {
        a: Point::new(x0, y0),
        b: Point::new(x1, y1),
        width,
        grey,
        dash: None,
    }
}

pub fn dots(x0: f64, x1: f64, y: f64) -> Line {
    Line {
        a: Point::new(x0, y),
        b: Point::new(x1, y),
        width: 0.5,
        grey: 0,
        dash: Some([0.5, 1.2]),
    }
}

pub fn field(key: &str, slot: Option<u8>, boxes: Vec<Rect>) -> FieldSpec {
    FieldSpec {
        key: key.into(),
        slot,
        group: None,
        boxes,
        bubbles: Vec::new(),
        words: None,
        guides: false,
    }
}

fn load(dir: &Path, id: &str) -> Result<Layout> {
    let path = dir.join(format!("{id}.json"));
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{} (run `forms-tool measure` first)", path.display()))?;
    Ok(serde_json::from_str(&text)?)
}

// Geometry of the measured PPWP result page (mm), reused for every reconstructed plano page.
const LEFT: f64 = 72.5;
const RIGHT: f64 = 527.5;
const NAME_R: f64 = 181.0;
const GRID_R: f64 = 416.0;
const TOTAL_R: f64 = 450.0;
const COL_W: f64 = (GRID_R - NAME_R) / 12.0;
const BOX_X: [f64; 3] = [455.04, 478.54, 502.03];
const BOX_W: f64 = 19.94;
const BOX_H: f64 = 20.07;
const TABLE_TOP: f64 = 158.1;
const BODY_TOP: f64 = 178.0;
const BODY_END: f64 = 735.0;

fn boxes_at(y: f64) -> Vec<Rect> {
    BOX_X
        .iter()
        .map(|&x| Rect::new(x, y, BOX_W, BOX_H))
        .collect()
}

/// The frame every plano page shares: everything of the measured page 2 above the section
/// title, the crop lines, the KPPS signature block; and a witness block of numbered slots.
fn frame(p2: &Layout, id: &str, dapil: bool) -> Layout {
    let mut l = p2.clone();
    l.id = id.into();
    l.provenance = Provenance::Reconstructed;
    l.source = "Reconstructed from the measured Model C.HASIL-PPWP page 2 frame (same sheet, \
                marks, tag, header, boxes, tally grid, signature block); section content after \
                domain.md §2"
        .into();
    l.fields.clear();
    l.lines.retain(|x| {
        let y0 = x.a.y.min(x.b.y);
        let y1 = x.a.y.max(x.b.y);
        let outer_frame = y1 - y0 > 700.0 || (x.a.y - x.b.y).abs() < 0.01 && x.a.x < 65.0;
        y1 < 125.0 || outer_frame || (y0 >= 740.0 && y1 <= 790.0) || (y0 > 740.0 && y1 > 857.5)
    });
    l.texts
        .retain(|t| t.at.y < 125.0 || (t.at.y > 740.0 && t.at.y < 790.0) || t.at.y > 860.0);
    witness_block(&mut l);
    if dapil {
        daerah_pemilihan(&mut l, 106.2, 113.5, 150.0, 162.0, 266.0);
    }
    l
}

fn daerah_pemilihan(l: &mut Layout, x: f64, y: f64, colon: f64, d0: f64, d1: f64) {
    l.texts
        .push(text(x, y, 4.8, "Daerah Pemilihan", true, Align::Left));
    l.texts.push(text(colon, y, 4.8, ":", true, Align::Left));
    l.texts
        .push(text(d0 + 1.0, y - 0.8, 4.2, "{dapil}", false, Align::Left));
    l.lines.push(dots(d0, d1, y + 2.1));
}

/// Witness slots: a title and 2 × 12 numbered cells (parties or DPD candidates sign there).
fn witness_block(l: &mut Layout) {
    let (x0, x1) = (69.98, 529.97);
    let (y0, ym, y1) = (798.7, 827.66, 856.62);
    l.lines.push(rule(x0, y0, x1, y0, 1.02, 0));
    l.lines.push(rule(x0, ym, x1, ym, 0.5, 0));
    l.lines.push(rule(x0, y1, x1, y1, 1.02, 0));
    l.texts
        .push(text(300.0, 795.7, 5.0, "{witness}", true, Align::Centre));
    let w = (x1 - x0) / 12.0;
    for k in 1..12 {
        let x = x0 + w * f64::from(k);
        l.lines.push(rule(x, y0, x, y1, 0.5, 0));
    }
    for row in 0..2 {
        for k in 0..12 {
            let x = x0 + w * f64::from(k);
            let y = y0 + f64::from(row) * (ym - y0);
            let n = row * 12 + k + 1;
            l.texts.push(text(
                x + 2.0,
                y + 6.0,
                4.2,
                &format!("{n}."),
                true,
                Align::Left,
            ));
            l.lines.push(dots(x + 4.0, x + w - 4.0, y + 24.0));
        }
    }
}

/// Column headers of a result table (as on the measured page 2).
fn table_header(l: &mut Layout, left_title: [&str; 2], right_title: &str) {
    let (y0, ym, y1) = (TABLE_TOP, 171.0, BODY_TOP);
    l.lines.push(rule(LEFT, y0, RIGHT, y0, 0.89, 0));
    l.lines.push(rule(NAME_R, ym, GRID_R, ym, 0.89, 0));
    l.lines.push(rule(LEFT, y1, RIGHT, y1, 0.89, 0));
    for x in [NAME_R, GRID_R, TOTAL_R] {
        l.lines.push(rule(x, y0, x, y1, 0.89, 0));
    }
    for k in 1..12 {
        let x = NAME_R + COL_W * f64::from(k);
        l.lines.push(rule(x, ym, x, y1, 0.38, 183));
        l.texts.push(text(
            x - COL_W / 2.0,
            176.0,
            3.8,
            &k.to_string(),
            false,
            Align::Centre,
        ));
    }
    l.texts.push(text(
        GRID_R - COL_W / 2.0,
        176.0,
        3.8,
        "12",
        false,
        Align::Centre,
    ));
    l.texts
        .push(text(126.7, 166.9, 4.4, left_title[0], true, Align::Centre));
    l.texts
        .push(text(126.7, 172.5, 4.4, left_title[1], true, Align::Centre));
    l.texts.push(text(
        298.5,
        166.2,
        4.8,
        "RINCIAN PEROLEHAN SUARA SAH",
        true,
        Align::Centre,
    ));
    l.texts
        .push(text(432.9, 167.0, 4.2, "JUMLAH", true, Align::Centre));
    l.texts
        .push(text(432.9, 172.1, 4.2, "TIAP BARIS", true, Align::Centre));
    l.texts
        .push(text(488.4, 169.5, 4.2, right_title, true, Align::Centre));
}

/// A tally grid (12 × 5 cells, grey) and its row-total cells between `y0` and `y1`.
fn tally(l: &mut Layout, y0: f64, y1: f64) {
    let h = (y1 - y0) / 5.0;
    for k in 1..12 {
        let x = NAME_R + COL_W * f64::from(k);
        l.lines.push(rule(x, y0, x, y1, 0.38, 183));
    }
    for x in [421.0, 433.0, 445.0] {
        l.lines.push(rule(x, y0, x, y1, 0.51, 197));
    }
    for r in 1..5 {
        let y = y0 + h * f64::from(r);
        l.lines.push(rule(NAME_R, y, GRID_R, y, 0.64, 199));
        l.lines.push(rule(420.8, y, 445.3, y, 0.64, 201));
    }
}

/// Vertical rules of the table body from `y0` to `y1` (outer frame and column splits).
fn body_frame(l: &mut Layout, y0: f64, y1: f64) {
    l.lines.push(rule(LEFT, y0, LEFT, y1, 0.89, 0));
    l.lines.push(rule(RIGHT, y0, RIGHT, y1, 0.89, 0));
    l.lines.push(rule(TOTAL_R, y0, TOTAL_R, y1, 0.89, 0));
    l.lines.push(rule(LEFT, y1, RIGHT, y1, 0.89, 0));
}

fn words_label(l: &mut Layout, x: f64, y: f64) {
    l.texts.push(text(
        x,
        y,
        3.6,
        "( ditulis menggunakan huruf kapital )",
        false,
        Align::Centre,
    ));
}

fn party_page(p2: &Layout, rows: usize) -> Layout {
    let mut l = frame(p2, &format!("party-{rows}"), true);
    l.texts
        .push(text(73.5, 138.9, 6.2, "IV.", true, Align::Left));
    l.texts
        .push(text(89.4, 138.9, 6.2, "{section_iv}", true, Align::Left));
    l.texts.push(text(
        73.5,
        152.0,
        6.6,
        "PARTAI POLITIK NOMOR URUT {party}",
        true,
        Align::Left,
    ));
    l.texts
        .push(text(230.0, 152.0, 6.6, "{party_name}", true, Align::Left));
    table_header(&mut l, ["NOMOR URUT DAN", "NAMA CALON"], "JUMLAH SUARA SAH");
    let h = (BODY_END - BODY_TOP) / (rows as f64 + 2.4);
    let hb = BODY_END - BODY_TOP - h * (rows as f64 + 1.0);
    let mut y = BODY_TOP;
    // A.1: party-only votes.
    for k in 0..=rows {
        let (y0, y1) = (y, y + h);
        body_frame(&mut l, y0, y1);
        l.lines.push(rule(NAME_R, y0, NAME_R, y1, 0.89, 0));
        l.lines.push(rule(GRID_R, y0, GRID_R, y1, 0.89, 0));
        tally(&mut l, y0 + 1.5, y1 - 1.5);
        let by = y0 + (h - BOX_H) / 2.0;
        let size = (h / 8.0).clamp(3.6, 4.6);
        if k == 0 {
            l.texts.push(text(
                75.0,
                y0 + h / 2.0 - 1.0,
                5.0,
                "A.1",
                true,
                Align::Left,
            ));
            l.texts.push(text(
                88.0,
                y0 + h / 2.0 - 1.0,
                4.4,
                "SUARA PARTAI POLITIK",
                true,
                Align::Left,
            ));
            l.texts.push(text(
                88.0,
                y0 + h / 2.0 + 5.0,
                4.0,
                "(tanpa calon)",
                false,
                Align::Left,
            ));
            l.fields
                .push(field("suara_partai_{party}", None, boxes_at(by)));
        } else {
            let slot = Some(k as u8);
            let mut n = text(
                75.0,
                y0 + h / 2.0 + 2.0,
                size * 1.6,
                "{n}",
                true,
                Align::Left,
            );
            n.slot = slot;
            l.texts.push(n);
            let mut name = text(
                89.0,
                y0 + h / 2.0 + 1.5,
                size * 0.9,
                "{name}",
                false,
                Align::Left,
            );
            name.slot = slot;
            l.texts.push(name);
            if k == 1 {
                l.texts
                    .push(text(75.0, y0 + 5.0, 3.6, "A.2 CALON", true, Align::Left));
            }
            l.fields
                .push(field("suara_calon_{party}_{n}", slot, boxes_at(by)));
        }
        y = y1;
    }
    // B: party total with its words line.
    let (y0, y1) = (y, y + hb);
    body_frame(&mut l, y0, y1);
    l.lines.push(rule(NAME_R, y0, NAME_R, y1, 0.89, 0));
    l.texts
        .push(text(75.0, y0 + 8.0, 5.0, "B.", true, Align::Left));
    l.texts.push(text(
        84.0,
        y0 + 8.0,
        4.2,
        "JUMLAH SUARA SAH",
        true,
        Align::Left,
    ));
    l.texts.push(text(
        84.0,
        y0 + 13.5,
        4.2,
        "PARTAI POLITIK DAN CALON",
        true,
        Align::Left,
    ));
    l.texts
        .push(text(84.0, y0 + 19.0, 4.2, "(A.1 + A.2)", true, Align::Left));
    let mut f = field("jumlah_suara_partai_{party}", None, boxes_at(y0 + 4.0));
    f.words = Some(Rect::new(
        NAME_R + 3.0,
        y0 + 3.0,
        TOTAL_R - NAME_R - 6.0,
        hb - 10.0,
    ));
    words_label(&mut l, 298.5, y1 - 2.5);
    l.fields.push(f);
    l
}

fn dpd_page(p2: &Layout) -> Layout {
    let mut l = frame(p2, "dpd-8", true);
    l.texts
        .push(text(73.5, 138.9, 6.2, "IV.", true, Align::Left));
    l.texts
        .push(text(89.4, 138.9, 6.2, "{section_iv}", true, Align::Left));
    table_header(&mut l, ["NOMOR URUT DAN", "NAMA CALON"], "JUMLAH SUARA SAH");
    let h = (BODY_END - BODY_TOP) / 8.0;
    for k in 0..8u8 {
        let y0 = BODY_TOP + h * f64::from(k);
        let y1 = y0 + h;
        let grid_end = y0 + h * 0.62;
        body_frame(&mut l, y0, y1);
        l.lines.push(rule(NAME_R, y0, NAME_R, grid_end, 0.89, 0));
        l.lines.push(rule(GRID_R, y0, GRID_R, grid_end, 0.89, 0));
        l.lines
            .push(rule(LEFT, grid_end, TOTAL_R, grid_end, 0.89, 0));
        tally(&mut l, y0 + 1.5, grid_end);
        let slot = Some(k + 1);
        let mut n = text(126.7, y0 + 15.0, 10.0, "{n}", true, Align::Centre);
        n.slot = slot;
        l.texts.push(n);
        let mut name = text(126.7, y0 + 24.0, 4.4, "{name}", true, Align::Centre);
        name.slot = slot;
        l.texts.push(name);
        let mut label = text(
            209.2,
            y1 - 2.5,
            3.6,
            "( ditulis menggunakan huruf kapital )",
            false,
            Align::Centre,
        );
        label.slot = slot;
        l.texts.push(label);
        let mut f = field(
            "suara_calon_{n}",
            slot,
            boxes_at(y0 + (h * 0.62 - BOX_H) / 2.0 + 0.8),
        );
        f.words = Some(Rect::new(
            LEFT + 3.0,
            grid_end + 2.0,
            TOTAL_R - LEFT - 6.0,
            y1 - grid_end - 8.0,
        ));
        l.fields.push(f);
    }
    l
}

/// Page 1 or the closing page of the legislative forms: the measured PPWP page with the
/// legislative header (Daerah Pemilihan) and the witness slots.
fn leg_from(measured: &Layout, id: &str, first: bool) -> Layout {
    let mut l = measured.clone();
    l.id = id.into();
    l.provenance = Provenance::Reconstructed;
    l.source = format!(
        "Reconstructed from the measured Model C.HASIL-PPWP page {} (same geometry and fields); \
         legislative header and witness slots after domain.md §2",
        if first { 1 } else { 3 }
    );
    let sig = if first { 0.0 } else { 419.5 - 750.96 };
    let witness_top = 789.5 + sig;
    l.lines.retain(|x| {
        let y0 = x.a.y.min(x.b.y);
        let y1 = x.a.y.max(x.b.y);
        y1 < witness_top || (y1 - y0 > 100.0 && (x.a.x < 75.0 || x.a.x > 525.0)) || y0 > 860.0
    });
    l.texts.retain(|t| t.at.y < witness_top || t.at.y > 860.0);
    let mut w = Layout {
        lines: Vec::new(),
        texts: Vec::new(),
        ..l.clone()
    };
    witness_block(&mut w);
    for mut x in w.lines {
        x.a.y += sig;
        x.b.y += sig;
        l.lines.push(x);
    }
    for mut t in w.texts {
        t.at.y += sig;
        l.texts.push(t);
    }
    if first {
        daerah_pemilihan(&mut l, 73.3, 235.5, 120.0, 129.0, 233.0);
    } else {
        daerah_pemilihan(&mut l, 106.2, 113.5, 150.0, 162.0, 266.0);
    }
    l
}

pub fn write_all(dir: &Path) -> Result<()> {
    let p1 = load(dir, "ppwp-1")?;
    let p2 = load(dir, "ppwp-2")?;
    let p3 = load(dir, "ppwp-3")?;
    let mut out = vec![
        leg_from(&p1, "leg-admin", true),
        leg_from(&p3, "leg-closing", false),
        dpd_page(&p2),
    ];
    for rows in [10, 12, 14] {
        out.push(party_page(&p2, rows));
    }
    out.extend(salinan::all());
    for l in &out {
        write_layout(dir, l)?;
    }
    Ok(())
}

/// Corner marks and tag of our own A4 salinan sheets.
pub fn a4_frame(id: &str, source: &str) -> Layout {
    Layout {
        id: id.into(),
        family: Family::Salinan,
        provenance: Provenance::Reconstructed,
        source: source.into(),
        width: 210.0,
        height: 297.0,
        box_line: 0.35,
        marks: CornerMarks {
            shape: MarkShape::Checker,
            square: 4.0,
            centres: [
                Point::new(12.0, 12.0),
                Point::new(198.0, 12.0),
                Point::new(198.0, 285.0),
                Point::new(12.0, 285.0),
            ],
        },
        tag: TagSpec {
            family: "tag36h10".into(),
            rect: Rect::new(176.0, 20.0, 16.0, 16.0),
            rotation: 0,
            label: Some(Text {
                vertical: true,
                ..text(173.5, 36.0, 3.0, "{tag}", false, Align::Left)
            }),
        },
        fields: Vec::new(),
        lines: Vec::new(),
        fills: Vec::new(),
        texts: Vec::new(),
    }
}
