//! Comparing a detected layout with the template it was rendered from.

use pleno_core::template::{Layout, MarkShape, Rect, Template};
use pleno_print::form::{Fit, blank_raster};
use pleno_reader::calibrate::{Draft, SheetSize, detect};

pub const MM: f64 = 1.0;

pub fn sheet(t: &Template) -> SheetSize {
    SheetSize {
        width: t.width,
        height: t.height,
    }
}

pub fn off(a: &Rect, b: &Rect) -> f64 {
    [
        a.x - b.x,
        a.y - b.y,
        a.right() - b.right(),
        a.bottom() - b.bottom(),
    ]
    .iter()
    .fold(0.0_f64, |m, d| m.max(d.abs()))
}

/// Worst distance, mm, between the template and the draft; panics on anything missing or
/// invented.
pub fn compare(t: &Template, d: &Layout) -> f64 {
    // The closing pages also print the date in digit boxes (2 + 2 + 4, sharing walls): the
    // detection finds them too, and the clerk drops them when naming.
    let closing = ["leg-closing", "ppwp-3", "salinan-closing", "salinan-ppwp-2"];
    let dates = if closing.contains(&t.layout_id.as_str()) {
        3
    } else {
        0
    };
    compare_dated(t, d, dates)
}

/// As [`compare`], for a page that prints `dates` date fields besides its figures.
pub fn compare_dated(t: &Template, d: &Layout, dates: usize) -> f64 {
    let mut worst = 0.0_f64;
    for (c, e) in d.marks.centres.iter().zip(t.marks.centres.iter()) {
        worst = worst.max((c.x - e.x).abs()).max((c.y - e.y).abs());
    }
    assert_eq!(d.marks.shape, t.marks.shape);
    assert!(
        (d.marks.square - t.marks.square).abs() < MM,
        "{}",
        d.marks.square
    );
    match (&d.tag, &t.tag) {
        (Some(a), Some(b)) => {
            worst = worst.max(off(&a.rect, &b.rect));
            assert_eq!(a.rotation, b.rotation);
        }
        (a, b) => assert_eq!(a.is_some(), b.is_some(), "{}: tag", t.layout_id),
    }
    assert_eq!(
        d.fields.len(),
        t.fields.len() + dates,
        "{}: detected {:?}",
        t.layout_id,
        d.fields.iter().map(|f| f.boxes[0]).collect::<Vec<_>>()
    );
    for f in &t.fields {
        let g = d
            .fields
            .iter()
            .find(|g| off(&g.boxes[0], &f.boxes[0]) < 3.0 * MM)
            .unwrap_or_else(|| panic!("{}: {} not detected", t.layout_id, f.key));
        assert_eq!(g.boxes.len(), f.boxes.len(), "{}", f.key);
        for (a, b) in g.boxes.iter().zip(&f.boxes) {
            worst = worst.max(off(a, b));
        }
        assert_eq!(g.bubbles.len(), f.bubbles.len(), "{} bubble columns", f.key);
        for (ca, cb) in g.bubbles.iter().zip(&f.bubbles) {
            assert_eq!(ca.len(), cb.len());
            for (a, b) in ca.iter().zip(cb) {
                worst = worst.max(off(a, b));
            }
        }
        assert!(
            (d.box_line - t.box_line).abs() < 0.5 * MM,
            "stroke {}",
            d.box_line
        );
    }
    worst
}

/// Names each detected field with the key `t` prints there and drops the fields it prints none
/// at (what the clerk does on the screen or with `pleno layout name`).
pub fn name_as_printed(t: &Template, layout: &mut Layout) {
    layout.fields.retain_mut(|f| {
        let printed = t
            .fields
            .iter()
            .find(|g| off(&g.boxes[0], &f.boxes[0]) < 3.0 * MM);
        if let Some(p) = printed {
            f.key = p.key.to_string();
        }
        printed.is_some()
    });
}

/// The draft detected on a blank render of `t` (6 px/mm), a sheet printed without a tag whose
/// marks are of `shape`.
pub fn blank_draft(t: &Template, shape: MarkShape) -> Draft {
    let img = blank_raster(t, Fit::Actual, 6.0);
    let draft = detect(&img, sheet(t), &t.layout_id).expect("detected");
    assert_eq!(draft.layout.marks.shape, shape, "{}", t.layout_id);
    assert!(draft.layout.tag.is_none());
    draft
}

/// `layout` named as `t` prints it; it must then hold every field of `t`.
pub fn named(t: &Template, mut layout: Layout) -> Layout {
    name_as_printed(t, &mut layout);
    assert_eq!(layout.fields.len(), t.fields.len());
    layout
}

/// The PPWP salinan's result sheet and administration sheet, as page codes: the sheets the
/// tests of layouts without a tag redraw.
pub const RESULTS: u16 = 1102;
pub const ADMIN: u16 = 1101;

/// Page `code` as layout `{id}-{code}`, printed without its tag and with these marks.
pub fn without_tag(code: u16, id: &str, shape: MarkShape, square: f64) -> Template {
    let mut t = super::template(code);
    t.layout_id = format!("{id}-{code}");
    t.marks.shape = shape;
    t.marks.square = square;
    t.tag = None;
    t
}

/// As [`without_tag`], and on the result sheet a fourth box in front of every field, at the
/// field's own spacing: a sheet Pleno never shipped.
pub fn four_box_sheet(code: u16, id: &str, shape: MarkShape, square: f64) -> Template {
    let mut t = without_tag(code, id, shape, square);
    if code == RESULTS {
        for f in &mut t.fields {
            let (b, pitch) = (f.boxes[0], f.boxes[1].x - f.boxes[0].x);
            f.boxes.insert(0, Rect::new(b.x - pitch, b.y, b.w, b.h));
        }
    }
    t
}
