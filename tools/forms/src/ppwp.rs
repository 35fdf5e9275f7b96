//! The measured PPWP plano pages: measured elements → layout with field keys.

use anyhow::{Result, ensure};
use pleno_core::template::{
    CornerMarks, Family, FieldSpec, Layout, MarkShape, Provenance, Rect, TagSpec,
};

use crate::measure::{Scale, measure, reading_order};
use crate::raster::Grey;
use crate::{DPI, labels};

/// Rotation of the tag image on the official pages (checked by pleno-print's overlay test
/// against the printed cells: the id reads 101/102/103 only in this orientation).
pub const OFFICIAL_TAG_ROTATION: u16 = 0;

fn rows(boxes: &[Rect]) -> Vec<Vec<Rect>> {
    let mut out: Vec<Vec<Rect>> = Vec::new();
    for b in boxes {
        match out.last_mut() {
            Some(row) if (row[0].centre().y - b.centre().y).abs() < 3.0 => row.push(*b),
            _ => out.push(vec![*b]),
        }
    }
    out
}

fn field(key: &str, boxes: &[Rect]) -> FieldSpec {
    FieldSpec {
        key: key.to_string(),
        slot: None,
        group: None,
        boxes: boxes.to_vec(),
        bubbles: Vec::new(),
        words: None,
        guides: false,
    }
}

pub fn measured_layout(page: usize, img: &Grey) -> Result<Layout> {
    let scale = Scale {
        px_per_mm: DPI / 25.4,
    };
    let m = measure(img, &scale)?;
    println!(
        "page {page}: marks {:?} square {} tag {:?} boxes {} bubbles {} rules {} line {}",
        m.mark_centres,
        m.mark_square,
        m.tag,
        m.boxes.len(),
        m.bubbles.len(),
        m.lines.len(),
        m.box_line
    );
    for r in &m.tag_cells {
        println!(
            "  tag {}",
            r.iter()
                .map(|b| if *b { '#' } else { '.' })
                .collect::<String>()
        );
    }
    let box_rows = rows(&m.boxes);
    let mut fields = Vec::new();
    match page {
        1 => {
            ensure!(box_rows.len() == 10, "page 1: {} box rows", box_rows.len());
            let stems = [
                "pemilih_dpt",
                "pengguna_dpt",
                "pengguna_dptb",
                "pengguna_dpk",
                "pengguna_total",
            ];
            for (row, stem) in box_rows[..5].iter().zip(stems) {
                ensure!(row.len() == 9, "voter row of {} boxes", row.len());
                for (i, col) in ["l", "p", "j"].iter().enumerate() {
                    fields.push(field(&format!("{stem}_{col}"), &row[i * 3..i * 3 + 3]));
                }
            }
            let surat = [
                "surat_diterima",
                "surat_digunakan",
                "surat_dikembalikan",
                "surat_tidak_digunakan",
            ];
            for (row, key) in box_rows[5..9].iter().zip(surat) {
                ensure!(row.len() == 3, "ballot row of {} boxes", row.len());
                fields.push(field(key, row));
            }
            ensure!(box_rows[9].len() == 9, "disability row");
            for (i, col) in ["l", "p", "j"].iter().enumerate() {
                fields.push(field(
                    &format!("pemilih_disabilitas_{col}"),
                    &box_rows[9][i * 3..i * 3 + 3],
                ));
            }
        }
        2 => {
            ensure!(box_rows.len() == 3, "page 2: {} box rows", box_rows.len());
            // Only the bubble columns under the boxes (the legend "0 → ●" has one too).
            let columns: Vec<Rect> = m.boxes.clone();
            let bubbles: Vec<Rect> = m
                .bubbles
                .iter()
                .copied()
                .filter(|b| {
                    columns
                        .iter()
                        .any(|x| b.centre().x > x.x && b.centre().x < x.right())
                })
                .collect();
            let bubble_rows = rows(&bubbles);
            ensure!(
                bubble_rows.len() == 30,
                "page 2: {} bubble rows",
                bubble_rows.len()
            );
            for (k, row) in box_rows.iter().enumerate() {
                ensure!(row.len() == 3, "pair row of {} boxes", row.len());
                let mut f = field("suara_paslon_{n}", row);
                f.slot = Some(k as u8 + 1);
                f.guides = true;
                f.bubbles = (0..3)
                    .map(|col| {
                        (0..10)
                            .map(|digit| bubble_rows[k * 10 + digit][col])
                            .collect()
                    })
                    .collect();
                f.words = Some(labels::ppwp2_words(k));
                fields.push(f);
            }
        }
        _ => {
            ensure!(box_rows.len() == 3, "page 3: {} box rows", box_rows.len());
            for (row, key) in box_rows
                .iter()
                .zip(["suara_sah", "suara_tidak_sah", "suara_total"])
            {
                let mut f = field(key, row);
                f.words = Some(labels::ppwp3_words(key));
                fields.push(f);
            }
        }
    }
    let cols = grid_columns(&m.lines, if page == 3 { 227.0 } else { 176.0 });
    let mut lines = m.lines;
    lines.extend(labels::extra_lines(page));
    let (texts, tag_label) = labels::ppwp(page, &cols);
    let mut check = m.boxes.clone();
    reading_order(&mut check);
    Ok(Layout {
        id: format!("ppwp-{page}"),
        family: Family::Plano,
        provenance: Provenance::Measured,
        source: format!(
            "Model C.HASIL-PPWP plano page {page} (PKPU 25/2023 annex, 1700.8 x 2551.2 pt), \
             rendered by pdftoppm at {DPI} dpi and measured by tools/forms; labels placed by eye"
        ),
        width: round_page(img.w as f64 / scale.px_per_mm),
        height: round_page(img.h as f64 / scale.px_per_mm),
        box_line: m.box_line,
        marks: CornerMarks {
            shape: MarkShape::Checker,
            square: m.mark_square,
            centres: m.mark_centres,
        },
        tag: TagSpec {
            family: "tag36h10".into(),
            rect: m.tag,
            rotation: OFFICIAL_TAG_ROTATION,
            label: Some(tag_label),
        },
        fields,
        lines,
        fills: Vec::new(),
        texts,
    })
}

/// Centres of the 12 tally columns: midpoints between the vertical rules crossing height `y`
/// in the tally area (x 175–420 mm).
fn grid_columns(lines: &[pleno_core::template::Line], y: f64) -> Vec<f64> {
    let mut xs: Vec<f64> = lines
        .iter()
        .filter(|l| (l.a.x - l.b.x).abs() < 0.01 && (175.0..420.0).contains(&l.a.x))
        .filter(|l| l.a.y.min(l.b.y) <= y && l.a.y.max(l.b.y) >= y)
        .map(|l| l.a.x)
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    xs.windows(2)
        .map(|w| ((w[0] + w[1]) / 2.0 * 100.0).round() / 100.0)
        .take(12)
        .collect()
}

/// pdftoppm rounds the page to whole pixels; the sheet is 600 × 900 mm.
fn round_page(v: f64) -> f64 {
    v.round()
}
