//! Finding the four checker corner marks on a small box-filtered copy of the photo, then
//! refining each centre on the full-resolution image.
//!
//! A mark is two filled squares touching at one corner. Whatever quarter turn the photo has,
//! its dark component is about square, about half filled, with two opposite quadrants dark
//! and the other two light: no printed text or box outline looks like that.

use image::GrayImage;

use crate::decode::downscale;

/// Long side of the image the marks are searched on.
const SEARCH_SIDE: u32 = 1200;

/// A mark candidate, in full-resolution pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    pub x: f64,
    pub y: f64,
    /// Side of the mark's bounding box, px.
    pub size: f64,
    /// 0..1, how checker-like.
    pub score: f64,
}

/// Integer factor that brings the long side near [`SEARCH_SIDE`].
pub fn search_factor(img: &GrayImage) -> u32 {
    img.width().max(img.height()).div_ceil(SEARCH_SIDE).max(1)
}

/// Mark candidates, best first.
pub fn find_marks(full: &GrayImage) -> Vec<Mark> {
    let f = search_factor(full);
    find_marks_on(full, &downscale(full, f), f)
}

/// As [`find_marks`], with the search image already made (`small` = `full` box-filtered by
/// `factor`): the quality gate needs the same copy.
pub fn find_marks_on(full: &GrayImage, small: &GrayImage, factor: u32) -> Vec<Mark> {
    let mut marks = candidates(small);
    // Refining reads the full image around each candidate: only the best are worth it.
    marks.sort_by(|a, b| b.score.total_cmp(&a.score));
    marks.truncate(16);
    let s = f64::from(factor);
    marks
        .into_iter()
        .map(|m| {
            refine(
                full,
                Mark {
                    x: m.x * s,
                    y: m.y * s,
                    size: m.size * s,
                    score: m.score,
                },
            )
        })
        .collect()
}

/// Dark pixels: darker than 75 % of the local mean over a window larger than a mark, so that
/// shadows and light gradients across the page do not matter.
fn dark_mask(img: &GrayImage) -> Vec<bool> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_raw();
    let mut integral = vec![0u64; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0u64;
        for x in 0..w {
            row += u64::from(raw[y * w + x]);
            integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
        }
    }
    let r = (w.max(h) / 24).max(8);
    let mut out = vec![false; w * h];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum = integral[y1 * (w + 1) + x1] + integral[y0 * (w + 1) + x0]
                - integral[y0 * (w + 1) + x1]
                - integral[y1 * (w + 1) + x0];
            let n = ((y1 - y0) * (x1 - x0)) as u64;
            out[y * w + x] = u64::from(raw[y * w + x]) * 4 * n < sum * 3;
        }
    }
    out
}

fn candidates(img: &GrayImage) -> Vec<Mark> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let dark = dark_mask(img);
    let mut seen = vec![false; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    let max_side = w.max(h) / 6;
    for start in 0..w * h {
        if !dark[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        let mut pixels = Vec::new();
        while let Some(p) = stack.pop() {
            let (x, y) = (p % w, p / w);
            pixels.push((x, y));
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                    if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                        continue;
                    }
                    let q = ny as usize * w + nx as usize;
                    if dark[q] && !seen[q] {
                        seen[q] = true;
                        stack.push(q);
                    }
                }
            }
        }
        let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
        if bw < 6 || bh < 6 || bw > max_side || bh > max_side {
            continue;
        }
        if bw.max(bh) as f64 / bw.min(bh) as f64 > 2.2 {
            continue;
        }
        let fill = pixels.len() as f64 / (bw * bh) as f64;
        if !(0.28..=0.72).contains(&fill) {
            continue;
        }
        let n = pixels.len() as f64;
        let cx = pixels.iter().map(|p| p.0 as f64).sum::<f64>() / n;
        let cy = pixels.iter().map(|p| p.1 as f64).sum::<f64>() / n;
        // Dark share of each quadrant of the bounding box around the centroid.
        let mut dark_q = [0f64; 4];
        let mut all_q = [0f64; 4];
        for y in y0..=y1 {
            for x in x0..=x1 {
                let q = usize::from(x as f64 >= cx) + 2 * usize::from(y as f64 >= cy);
                all_q[q] += 1.0;
                if dark[y * w + x] {
                    dark_q[q] += 1.0;
                }
            }
        }
        let share: Vec<f64> = (0..4).map(|i| dark_q[i] / all_q[i].max(1.0)).collect();
        // Quadrants 0 TL, 1 TR, 2 BL, 3 BR.
        let main = f64::midpoint(share[0], share[3]);
        let anti = f64::midpoint(share[1], share[2]);
        let score = (main - anti).abs();
        if score < 0.45 {
            continue;
        }
        out.push(Mark {
            x: cx + 0.5,
            y: cy + 0.5,
            size: bw.max(bh) as f64,
            score,
        });
    }
    out
}

/// The centroid of the mark's dark pixels on the full image: the checker is point-symmetric,
/// so its centroid is its centre.
fn refine(full: &GrayImage, m: Mark) -> Mark {
    let (w, h) = (i64::from(full.width()), i64::from(full.height()));
    let r = (m.size * 0.62).ceil() as i64 + 2;
    let (cx, cy) = (m.x as i64, m.y as i64);
    let (x0, x1) = ((cx - r).max(0), (cx + r).min(w - 1));
    let (y0, y1) = ((cy - r).max(0), (cy + r).min(h - 1));
    if x1 <= x0 || y1 <= y0 {
        return m;
    }
    let mut lo = 255u8;
    let mut hi = 0u8;
    for y in y0..=y1 {
        for x in x0..=x1 {
            let v = full.get_pixel(x as u32, y as u32).0[0];
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    let mid = f64::midpoint(f64::from(lo), f64::from(hi));
    let (mut sx, mut sy, mut sw) = (0.0, 0.0, 0.0);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let v = f64::from(full.get_pixel(x as u32, y as u32).0[0]);
            if v < mid {
                let wgt = (mid - v) / (mid - f64::from(lo)).max(1.0);
                sx += wgt * (x as f64 + 0.5);
                sy += wgt * (y as f64 + 0.5);
                sw += wgt;
            }
        }
    }
    if sw <= 0.0 {
        return m;
    }
    Mark {
        x: sx / sw,
        y: sy / sw,
        ..m
    }
}
