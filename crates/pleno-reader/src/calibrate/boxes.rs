//! Digit boxes and OMR bubbles of a sample, in pixels.
//!
//! A digit box is printed as its own closed outline: a dark component whose four bounding-box
//! sides are ink almost all along and whose inside is mostly paper (handwriting inside a box
//! of a filled sheet joins the outline's component but leaves its bounding box alone). Letters
//! fail the four sides, table grids are far larger than a box, filled marks are not hollow.

use super::ink::{Component, Ink};

/// A box outline found on the sample, px. `outer` is the bounding box (exclusive right and
/// bottom); `stroke` the outline's measured width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxOutline {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub stroke: f64,
}

impl BoxOutline {
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

/// Share of each side of the bounding box that must be ink.
const SIDE_COVER: f64 = 0.9;
/// Most of a box's inside is paper, even with a digit written in it.
const MAX_INSIDE_INK: f64 = 0.65;

/// Longest row of boxes sharing walls (a "comb") taken apart into its cells.
const MAX_COMB: f64 = 8.0;
/// Narrowest cell of a comb, width over height (the salinan's party boxes are 0.7).
const MIN_CELL_ASPECT: f64 = 0.55;

/// Every closed rectangular outline whose sides are between `min` and `max` px, combs of
/// boxes that share their walls taken apart into their cells.
pub fn outlines(ink: &Ink, min: f64, max: f64) -> Vec<BoxOutline> {
    ink.components
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let (w, h) = (c.w() as f64, c.h() as f64);
            (min..=MAX_COMB * max).contains(&w) && (min..=max).contains(&h) && c.fill() < 0.8
        })
        .filter_map(|(i, c)| Some(cells(ink, i, c, outline(ink, i, c)?)))
        .flatten()
        .collect()
}

/// The cells of an outline split by inner walls (columns inked from top to bottom): the
/// outline itself when it has none. Cells must be of one width (±20 %) and box-shaped;
/// otherwise, and for a single box that is not box-shaped (a table row), nothing.
fn cells(ink: &Ink, i: usize, c: &Component, whole: BoxOutline) -> Vec<BoxOutline> {
    let boxy = |w: f64, h: f64| (0.4..=2.5).contains(&(w / h));
    let edge = whole.stroke.ceil() as usize + 1;
    let wall = |x: usize| {
        let inked = (c.y0..=c.y1).filter(|&y| ink.is(x, y, i)).count();
        inked as f64 >= SIDE_COVER * c.h() as f64
    };
    // Inner walls lie between the outline's own left and right walls, with paper on both
    // sides: the side walls themselves (however thick the scan made them) are not counted.
    let Some(first_paper) = (c.x0..=c.x1).find(|&x| !wall(x)) else {
        return Vec::new();
    };
    let Some(last_paper) = (c.x0..=c.x1).rev().find(|&x| !wall(x)) else {
        return Vec::new();
    };
    let mut bounds = vec![c.x0];
    let mut x = first_paper.max(c.x0 + edge);
    while x < last_paper {
        if wall(x) {
            let start = x;
            while x < last_paper && wall(x) {
                x += 1;
            }
            bounds.push(start);
            bounds.push(x);
        }
        x += 1;
    }
    bounds.push(c.x1 + 1);
    // Cell k runs from the start of the wall on its left to the end of the wall on its right.
    let mut starts = vec![c.x0];
    let mut ends = Vec::new();
    for pair in bounds[1..bounds.len() - 1].chunks(2) {
        ends.push(pair[1]);
        starts.push(pair[0]);
    }
    ends.push(c.x1 + 1);
    let out: Vec<BoxOutline> = starts
        .iter()
        .zip(&ends)
        .map(|(&a, &b)| BoxOutline {
            x: a as f64,
            w: (b - a) as f64,
            ..whole
        })
        .collect();
    let first_w = out[0].w;
    let even = out.iter().all(|b| (b.w - first_w).abs() <= 0.2 * first_w);
    // A cell narrower than this share of its height is half a box cut by a written "1" that
    // runs from the top of the box to its bottom, not a box of a comb.
    let wide = out.iter().all(|b| b.w >= MIN_CELL_ASPECT * b.h);
    if out.len() > 1 && even && wide && out.iter().all(|b| boxy(b.w, b.h)) {
        out
    } else if boxy(whole.w, whole.h) {
        vec![whole]
    } else {
        Vec::new()
    }
}

fn outline(ink: &Ink, i: usize, c: &Component) -> Option<BoxOutline> {
    let band = (c.w().min(c.h()) / 8).max(2);
    let covered = |along: &mut dyn Iterator<Item = usize>, hit: &dyn Fn(usize) -> bool| {
        let (mut n, mut k) = (0usize, 0usize);
        for a in along {
            n += 1;
            k += usize::from(hit(a));
        }
        n > 0 && k as f64 >= SIDE_COVER * n as f64
    };
    let in_band_y = |x: usize, ys: std::ops::Range<usize>| ys.into_iter().any(|y| ink.is(x, y, i));
    let in_band_x = |y: usize, xs: std::ops::Range<usize>| xs.into_iter().any(|x| ink.is(x, y, i));
    let top = covered(&mut (c.x0..=c.x1), &|x| in_band_y(x, c.y0..c.y0 + band));
    let bottom = covered(&mut (c.x0..=c.x1), &|x| {
        in_band_y(x, c.y1 + 1 - band..c.y1 + 1)
    });
    let left = covered(&mut (c.y0..=c.y1), &|y| in_band_x(y, c.x0..c.x0 + band));
    let right = covered(&mut (c.y0..=c.y1), &|y| {
        in_band_x(y, c.x1 + 1 - band..c.x1 + 1)
    });
    if !(top && bottom && left && right) {
        return None;
    }
    let stroke = stroke_width(ink, i, c, band);
    let inset = (stroke.ceil() as usize + 1).max(band);
    if c.w() <= 2 * inset + 2 || c.h() <= 2 * inset + 2 {
        return None;
    }
    let (mut n, mut k) = (0usize, 0usize);
    for y in c.y0 + inset..=c.y1 - inset {
        for x in c.x0 + inset..=c.x1 - inset {
            n += 1;
            k += usize::from(ink.dark(x, y));
        }
    }
    if k as f64 > MAX_INSIDE_INK * n as f64 {
        return None;
    }
    Some(BoxOutline {
        x: c.x0 as f64,
        y: c.y0 as f64,
        w: c.w() as f64,
        h: c.h() as f64,
        stroke,
    })
}

/// Mean run of ink from each side inwards, measured at the middle half of every side.
fn stroke_width(ink: &Ink, i: usize, c: &Component, band: usize) -> f64 {
    let mut runs = Vec::new();
    let (qx, qy) = (c.w() / 4, c.h() / 4);
    for x in c.x0 + qx..=c.x1 - qx {
        runs.push(
            (c.y0..c.y0 + 2 * band)
                .take_while(|&y| ink.is(x, y, i))
                .count(),
        );
        runs.push(
            (c.y1 + 1 - 2 * band..=c.y1)
                .rev()
                .take_while(|&y| ink.is(x, y, i))
                .count(),
        );
    }
    for y in c.y0 + qy..=c.y1 - qy {
        runs.push(
            (c.x0..c.x0 + 2 * band)
                .take_while(|&x| ink.is(x, y, i))
                .count(),
        );
        runs.push(
            (c.x1 + 1 - 2 * band..=c.x1)
                .rev()
                .take_while(|&x| ink.is(x, y, i))
                .count(),
        );
    }
    runs.sort_unstable();
    // The median: a digit touching the outline lengthens a few runs, not most.
    runs.get(runs.len() / 2).map_or(1.0, |&r| r.max(1) as f64)
}

/// Boxes in reading order grouped into fields: neighbours of the same size on one row, each
/// within `gap` box widths of the last.
pub fn fields(mut boxes: Vec<BoxOutline>, gap: f64) -> Vec<Vec<BoxOutline>> {
    boxes.sort_by(|a, b| a.cy().total_cmp(&b.cy()).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<BoxOutline>> = Vec::new();
    for b in boxes {
        match rows
            .iter_mut()
            .find(|r| (r[0].cy() - b.cy()).abs() < 0.25 * r[0].h.min(b.h))
        {
            Some(r) => r.push(b),
            None => rows.push(vec![b]),
        }
    }
    let mut out = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut field: Vec<BoxOutline> = Vec::new();
        for b in row {
            // Boxes of one field are evenly spaced: a wider space than the field's own starts
            // the next field (the administration page's L, P and total on one row).
            let spacing = (field.len() >= 2).then(|| field[1].x - (field[0].x + field[0].w));
            let joins = field.last().is_some_and(|l| {
                let space = b.x - (l.x + l.w);
                let even =
                    spacing.is_none_or(|s| (space - s).abs() <= 0.5 * s.abs() + 2.0 * l.stroke);
                same_size(l, &b) && space >= -1.5 * l.stroke && space < gap * l.w && even
            });
            if !joins && !field.is_empty() {
                out.push(std::mem::take(&mut field));
            }
            field.push(b);
        }
        if !field.is_empty() {
            out.push(field);
        }
    }
    out
}

pub fn same_size(a: &BoxOutline, b: &BoxOutline) -> bool {
    (a.w - b.w).abs() <= 0.15 * a.w.max(b.w) && (a.h - b.h).abs() <= 0.15 * a.h.max(b.h)
}

/// The ten bubbles (digits 0–9, top down) under `digit_box`: a column of ten outlines of one
/// size, centred on the box's centre line, evenly spaced, starting within four box heights
/// below it. Bubbles are round: they are found among `round` components, not as boxes.
pub fn bubble_column(
    ink: &Ink,
    digit_box: &BoxOutline,
    round: &[Component],
) -> Option<Vec<BoxOutline>> {
    let cx = digit_box.cx();
    let mut col: Vec<&Component> = round
        .iter()
        .filter(|c| {
            let (x, y) = c.centre();
            (x - cx).abs() < 0.2 * digit_box.w
                && y > digit_box.y + digit_box.h
                && (c.w() as f64) < 0.8 * digit_box.w
                && (c.w() as f64) > 0.2 * digit_box.w
        })
        .collect();
    col.sort_by_key(|c| c.y0);
    let first = *col.first()?;
    if (first.y0 as f64) > digit_box.y + 5.0 * digit_box.h {
        return None;
    }
    let mut run = vec![first];
    for c in col.iter().skip(1) {
        let last = run[run.len() - 1];
        let size_ok = (c.w() as f64 - first.w() as f64).abs() <= 0.2 * first.w() as f64;
        if !size_ok {
            continue;
        }
        let step = c.centre().1 - last.centre().1;
        let pitch = if run.len() >= 2 {
            run[1].centre().1 - run[0].centre().1
        } else {
            step
        };
        if step > 0.0 && (step - pitch).abs() <= 0.15 * pitch && step < 3.0 * first.h() as f64 {
            run.push(c);
        }
        if run.len() == 10 {
            break;
        }
    }
    if run.len() < 10 {
        return None;
    }
    // The column's ring width: a bubble filled by the voter would measure its whole disc.
    let mut strokes: Vec<f64> = run.iter().map(|c| stroke_guess(ink, c)).collect();
    strokes.sort_by(f64::total_cmp);
    let stroke = strokes[strokes.len() / 2];
    Some(
        run.iter()
            .map(|c| BoxOutline {
                x: c.x0 as f64,
                y: c.y0 as f64,
                w: c.w() as f64,
                h: c.h() as f64,
                stroke,
            })
            .collect(),
    )
}

/// A bubble's outline width: the ink run at the middle of its left side.
fn stroke_guess(ink: &Ink, c: &Component) -> f64 {
    let y = usize::midpoint(c.y0, c.y1);
    let run = (c.x0..=c.x1).take_while(|&x| ink.dark(x, y)).count();
    run.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GrayImage, Luma};

    fn frame(img: &mut GrayImage, x: u32, y: u32, w: u32, h: u32, t: u32) {
        for yy in y..y + h {
            for xx in x..x + w {
                let edge = xx < x + t || xx >= x + w - t || yy < y + t || yy >= y + h - t;
                if edge {
                    img.put_pixel(xx, yy, Luma([20]));
                }
            }
        }
    }

    #[test]
    fn three_boxes_make_one_field_and_a_letter_makes_none() {
        let mut img = GrayImage::from_pixel(300, 120, Luma([245]));
        for i in 0..3 {
            frame(&mut img, 20 + i * 40, 30, 34, 36, 3);
        }
        // An "L"-like stroke pair: two sides only.
        for y in 30..66 {
            for x in 200..203 {
                img.put_pixel(x, y, Luma([20]));
            }
        }
        for x in 200..234 {
            for y in 63..66 {
                img.put_pixel(x, y, Luma([20]));
            }
        }
        // A digit written into the middle box, touching its outline.
        for y in 33..62 {
            img.put_pixel(77, y, Luma([30]));
            img.put_pixel(78, y, Luma([30]));
        }
        let ink = Ink::of(&img, 60);
        let found = outlines(&ink, 10.0, 100.0);
        assert_eq!(found.len(), 3, "{found:?}");
        let sizes: Vec<[f64; 3]> = found.iter().map(|b| [b.stroke, b.w, b.h]).collect();
        assert_eq!(sizes, [[3.0, 34.0, 36.0]; 3]);
        // A "1" from the top of the third box to its bottom does not cut it in two.
        let mut one = img.clone();
        for y in 30..66 {
            for x in 116..119 {
                one.put_pixel(x, y, Luma([25]));
            }
        }
        let cut = outlines(&Ink::of(&one, 60), 10.0, 100.0);
        assert_eq!(cut.len(), 3, "{cut:?}");
        let f = fields(found, 0.6);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].iter().map(|b| b.x).collect::<Vec<_>>(),
            [20.0, 60.0, 100.0]
        );
    }
}
