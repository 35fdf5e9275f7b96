//! Finding the printed elements of an official plano page rendered by pdftoppm: corner marks,
//! the AprilTag, digit boxes, OMR bubbles and the straight rules of the frame.

use pleno_core::template::{Line, Point, Rect};

use crate::raster::{Component, Grey, components};

/// Ink darker than this is "black" (boxes, marks, tag, black rules).
const DARK: u8 = 128;
/// Rules lighter than black (the grey tally grid and frame) are darker than this.
const RULE: u8 = 225;

pub struct Measured {
    pub mark_square: f64,
    pub mark_centres: [Point; 4],
    pub tag: Rect,
    /// Digit boxes (stroke centre lines), in reading order.
    pub boxes: Vec<Rect>,
    /// OMR bubbles (stroke centre lines), in reading order.
    pub bubbles: Vec<Rect>,
    pub box_line: f64,
    pub lines: Vec<Line>,
    /// Sampled 8 × 8 cells of the tag's black square as printed (true = black), row by row.
    pub tag_cells: Vec<Vec<bool>>,
}

pub struct Scale {
    pub px_per_mm: f64,
}

impl Scale {
    fn mm(&self, px: f64) -> f64 {
        px / self.px_per_mm
    }
    fn rect(&self, c: &Component) -> Rect {
        Rect::new(
            self.mm(c.x0 as f64),
            self.mm(c.y0 as f64),
            self.mm(c.w() as f64),
            self.mm(c.h() as f64),
        )
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

pub fn round_rect(r: Rect) -> Rect {
    Rect::new(round2(r.x), round2(r.y), round2(r.w), round2(r.h))
}

/// Mean thickness of a hollow outline: dark run length entering from the left and the top,
/// sampled along the middle of each side.
fn stroke(img: &Grey, c: &Component) -> f64 {
    let mut runs = Vec::new();
    for k in 1..4 {
        let y = c.y0 + c.h() * k / 4;
        let mut n = 0;
        while c.x0 + n <= c.x1 && img.at(c.x0 + n, y) < DARK {
            n += 1;
        }
        runs.push(n);
        let x = c.x0 + c.w() * k / 4;
        let mut n = 0;
        while c.y0 + n <= c.y1 && img.at(x, c.y0 + n) < DARK {
            n += 1;
        }
        runs.push(n);
    }
    runs.iter().sum::<usize>() as f64 / runs.len() as f64
}

pub fn measure(img: &Grey, scale: &Scale) -> anyhow::Result<Measured> {
    let (comps, labels) = components(img, DARK);
    let mm = |c: &Component| (scale.mm(c.w() as f64), scale.mm(c.h() as f64));
    let square = |c: &Component| {
        let (w, h) = mm(c);
        (w / h - 1.0).abs() < 0.12
    };
    let mut used = vec![false; comps.len() + 1];

    // Corner marks: two solid squares of ~7.6 mm touching diagonally (one 8-connected
    // component of twice the size, half filled, with ink in the up-left and down-right quarters).
    let mut centres = Vec::new();
    let mut side = Vec::new();
    for c in &comps {
        let (w, h) = mm(c);
        if !(square(c) && (10.0..20.0).contains(&w) && (0.4..0.6).contains(&c.fill())) {
            continue;
        }
        let q = |fx: f64, fy: f64| {
            img.at(
                c.x0 + (c.w() as f64 * fx) as usize,
                c.y0 + (c.h() as f64 * fy) as usize,
            ) < DARK
        };
        if q(0.25, 0.25) && q(0.75, 0.75) && !q(0.75, 0.25) && !q(0.25, 0.75) {
            let cx = c.x0 as f64 + c.w() as f64 / 2.0;
            let cy = c.y0 as f64 + c.h() as f64 / 2.0;
            centres.push(Point::new(round2(scale.mm(cx)), round2(scale.mm(cy))));
            side.extend([w / 2.0, h / 2.0]);
            used[c.label as usize] = true;
        }
    }
    anyhow::ensure!(centres.len() == 4, "found {} corner marks", centres.len());
    let page_w = scale.mm(img.w as f64);
    let page_h = scale.mm(img.h as f64);
    let corner = |left: bool, top: bool| {
        centres
            .iter()
            .copied()
            .min_by(|p, q| {
                let d = |r: &Point| {
                    let dx = if left { r.x } else { page_w - r.x };
                    let dy = if top { r.y } else { page_h - r.y };
                    dx + dy
                };
                d(p).total_cmp(&d(q))
            })
            .unwrap_or(Point::new(0.0, 0.0))
    };
    let mark_centres = [
        corner(true, true),
        corner(false, true),
        corner(false, false),
        corner(true, false),
    ];
    let mark_square = round2(side.iter().sum::<f64>() / side.len() as f64);

    // The tag: a square of 25–40 mm, half black.
    let tag_c = comps
        .iter()
        .find(|c| {
            let (w, _) = mm(c);
            square(c) && (25.0..40.0).contains(&w) && (0.4..0.95).contains(&c.fill())
        })
        .ok_or_else(|| anyhow::anyhow!("tag not found"))?;
    used[tag_c.label as usize] = true;
    let tag = round_rect(scale.rect(tag_c));
    let cell_w = tag_c.w() as f64 / 8.0;
    let cell_h = tag_c.h() as f64 / 8.0;
    let tag_cells = (0..8)
        .map(|r| {
            (0..8)
                .map(|q| {
                    let x = tag_c.x0 as f64 + (q as f64 + 0.5) * cell_w;
                    let y = tag_c.y0 as f64 + (r as f64 + 0.5) * cell_h;
                    img.at(x as usize, y as usize) < DARK
                })
                .collect()
        })
        .collect();

    // Digit boxes: hollow squares of 14–26 mm. Bubbles: hollow circles of 6–11 mm.
    let mut boxes = Vec::new();
    let mut bubbles = Vec::new();
    let mut strokes = Vec::new();
    for c in &comps {
        let (w, h) = mm(c);
        let hollow = c.fill() < 0.3;
        if hollow && (14.0..26.0).contains(&w) && (14.0..30.0).contains(&h) && (w / h) > 0.7 {
            let t = stroke(img, c);
            strokes.push(t);
            boxes.push(round_rect(scale.rect(c).inflate(-scale.mm(t) / 2.0)));
            used[c.label as usize] = true;
        } else if hollow && square(c) && (6.0..11.0).contains(&w) && c.fill() > 0.08 {
            bubbles.push((c, stroke(img, c)));
            used[c.label as usize] = true;
        }
    }
    let bubbles = bubbles
        .into_iter()
        .map(|(c, t)| round_rect(scale.rect(c).inflate(-scale.mm(t) / 2.0)))
        .collect::<Vec<_>>();
    let box_line = if strokes.is_empty() {
        0.8
    } else {
        round2(scale.mm(strokes.iter().sum::<f64>() / strokes.len() as f64))
    };
    let mut boxes = boxes;
    reading_order(&mut boxes);
    let mut bubbles = bubbles;
    reading_order(&mut bubbles);

    let lines = rules(img, scale, &labels, &used);
    Ok(Measured {
        mark_square,
        mark_centres,
        tag,
        boxes,
        bubbles,
        box_line,
        lines,
        tag_cells,
    })
}

/// Top to bottom by rows (centres within 3 mm), left to right within a row.
pub fn reading_order(rects: &mut [Rect]) {
    rects.sort_by(|a, b| a.centre().y.total_cmp(&b.centre().y));
    let mut i = 0;
    while i < rects.len() {
        let y = rects[i].centre().y;
        let mut j = i;
        while j < rects.len() && (rects[j].centre().y - y).abs() < 3.0 {
            j += 1;
        }
        rects[i..j].sort_by(|a, b| a.x.total_cmp(&b.x));
        i = j;
    }
}

/// Straight horizontal and vertical rules at least 6 mm long and at most 1.6 mm thick, outside
/// the elements already found (boxes, bubbles, marks, tag).
fn rules(img: &Grey, scale: &Scale, labels: &[u32], used: &[bool]) -> Vec<Line> {
    let min_len = (6.0 * scale.px_per_mm) as usize;
    let max_thick = (1.6 * scale.px_per_mm) as usize;
    let ink = |x: usize, y: usize| {
        let i = y * img.w + x;
        img.px[i] < RULE && !used[labels[i] as usize]
    };
    let mut out = Vec::new();
    for horizontal in [true, false] {
        let (n_lines, n_along) = if horizontal {
            (img.h, img.w)
        } else {
            (img.w, img.h)
        };
        let at = |line: usize, along: usize| {
            if horizontal {
                ink(along, line)
            } else {
                ink(line, along)
            }
        };
        // Runs per scan line, then stacked runs with the same extent form one rule.
        let mut open: Vec<(usize, usize, usize, usize)> = Vec::new(); // (start, end, first line, last line)
        let mut done = Vec::new();
        for line in 0..n_lines {
            let mut runs = Vec::new();
            let mut k = 0;
            while k < n_along {
                if at(line, k) {
                    let s = k;
                    while k < n_along && at(line, k) {
                        k += 1;
                    }
                    if k - s >= min_len {
                        runs.push((s, k));
                    }
                } else {
                    k += 1;
                }
            }
            let mut next = Vec::new();
            for (s, e) in runs {
                let tol = (1.0 * scale.px_per_mm) as usize;
                if let Some(pos) = open.iter().position(|o| {
                    o.3 + 1 == line && o.0.abs_diff(s) <= tol && o.1.abs_diff(e) <= tol
                }) {
                    let o = open.remove(pos);
                    next.push((o.0.min(s), o.1.max(e), o.2, line));
                } else {
                    next.push((s, e, line, line));
                }
            }
            done.append(&mut open);
            open = next;
        }
        done.append(&mut open);
        for (s, e, l0, l1) in done {
            let thick = l1 - l0 + 1;
            if thick > max_thick {
                continue;
            }
            // A rule has paper on both sides along most of its length (not a sliver of a
            // filled shape such as the emblem).
            let clear = |line: i64| {
                if line < 0 || line >= n_lines as i64 {
                    return true;
                }
                let light = (s..e)
                    .filter(|&k| {
                        let v = if horizontal {
                            img.at(k, line as usize)
                        } else {
                            img.at(line as usize, k)
                        };
                        v >= RULE
                    })
                    .count();
                light * 10 >= (e - s) * 6
            };
            if !clear(l0 as i64 - 2) || !clear(l1 as i64 + 2) {
                continue;
            }
            // The stem of a bold "1" looks like a short thick rule.
            if scale.mm(thick as f64) > 1.2 && scale.mm((e - s) as f64) < 12.0 {
                continue;
            }
            let mut sum = 0u64;
            let mut n = 0u64;
            for line in l0..=l1 {
                for k in s..e {
                    sum += u64::from(if horizontal {
                        img.at(k, line)
                    } else {
                        img.at(line, k)
                    });
                    n += 1;
                }
            }
            let grey = (sum / n.max(1)) as u8;
            let mid = scale.mm((l0 + l1 + 1) as f64 / 2.0);
            let (a, b) = (scale.mm(s as f64), scale.mm(e as f64));
            let (pa, pb) = if horizontal {
                (
                    Point::new(round2(a), round2(mid)),
                    Point::new(round2(b), round2(mid)),
                )
            } else {
                (
                    Point::new(round2(mid), round2(a)),
                    Point::new(round2(mid), round2(b)),
                )
            };
            out.push(Line {
                a: pa,
                b: pb,
                width: round2(scale.mm(thick as f64)),
                grey: if grey < 100 { 0 } else { grey },
                dash: None,
            });
        }
    }
    out
}

/// Debug aid for placing labels: bounding boxes (mm) of the lines of small glyph-sized
/// components, printed so a person can match them with the words on the render.
pub fn text_boxes(img: &Grey, scale: &Scale) -> Vec<Rect> {
    let (comps, _) = components(img, DARK);
    let mut glyphs: Vec<Rect> = comps
        .iter()
        .filter(|c| {
            let (w, h) = (scale.mm(c.w() as f64), scale.mm(c.h() as f64));
            h < 9.0 && w < 12.0 && h > 0.8 && c.fill() > 0.12
        })
        .map(|c| scale.rect(c))
        .collect();
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut lines: Vec<Rect> = Vec::new();
    for g in glyphs {
        let hit = lines.iter_mut().find(|l| {
            let overlap = (l.bottom().min(g.bottom()) - l.y.max(g.y)).max(0.0);
            overlap > 0.5 * g.h.min(l.h) && g.x - l.right() < 2.5 && g.x - l.right() > -1.0
        });
        match hit {
            Some(l) => {
                let (x0, y0) = (l.x.min(g.x), l.y.min(g.y));
                let (x1, y1) = (l.right().max(g.right()), l.bottom().max(g.bottom()));
                *l = Rect::new(x0, y0, x1 - x0, y1 - y0);
            }
            None => lines.push(g),
        }
    }
    lines.retain(|l| l.w > 2.0);
    let mut lines: Vec<Rect> = lines.into_iter().map(round_rect).collect();
    reading_order(&mut lines);
    lines
}
