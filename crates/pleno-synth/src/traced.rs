//! Guide-traced digits, as many KPPS members write them: along the dotted guide printed in the
//! box (pleno_core `template::guide`), so that each digit comes out seven-segment-like.
//!
//! This generator is deliberately not the one the digit model trains on
//! (`tools/digits/traced.py`): its strokes meet with independent ends instead of shared
//! nodes, bow instead of wobbling, round corners with arcs, slant by rotation, taper at the
//! ends, and draw its choices from other ranges. Pages written with it are the held-out test of
//! whether the model learnt the style rather than the training generator.

use pleno_core::template::guide::{self, Node};
use pleno_core::template::{Point, Rect};

use crate::ink::{Pen, Sheet};
use crate::rng::Rng;

/// How one writer traces: chosen once per page.
#[derive(Debug, Clone, Copy)]
pub struct TraceHand {
    /// Stroke width, mm (ballpoint 0.35–0.8, marker 1.0–2.0).
    pub width: f64,
    /// Radius of rounded corners, mm (0 = square).
    pub corner: f64,
    /// Rotation of the whole digit, degrees (clockwise positive leans the top right).
    pub slant: f64,
    /// Standard deviation of each stroke end around its guide node, mm.
    pub jitter: f64,
    /// Mean extension of stroke ends past the node, mm (negative: a gap).
    pub reach: f64,
    /// Sagitta of each straight stroke as a share of its length.
    pub bow: f64,
    /// Size of the digit relative to the guide.
    pub scale: f64,
    pub retrace: f64,
    pub partial: f64,
}

impl TraceHand {
    pub fn random(rng: &mut Rng) -> TraceHand {
        let marker = rng.chance(0.4);
        TraceHand {
            width: if marker {
                rng.range(1.0, 2.0)
            } else {
                rng.range(0.35, 0.8)
            },
            corner: if rng.chance(0.5) {
                0.0
            } else {
                rng.range(0.3, 1.2)
            },
            slant: rng.range(-7.0, 7.0),
            jitter: rng.range(0.1, 0.45),
            reach: rng.range(-0.5, 0.9),
            bow: rng.range(0.0, 0.03),
            scale: if rng.chance(0.15) {
                rng.range(1.1, 1.3)
            } else {
                rng.range(0.97, 1.12)
            },
            retrace: rng.range(0.0, 0.2),
            partial: rng.range(0.0, 0.04),
        }
    }
}

const TL: Node = (0, 0);
const TM: Node = (1, 0);
const TR: Node = (2, 0);
const ML: Node = (0, 1);
const MR: Node = (2, 1);
const BL: Node = (0, 2);
const BM: Node = (1, 2);
const BR: Node = (2, 2);

/// A stroke: a pen path through guide nodes, or an extra mark in node units.
enum Part {
    Path(&'static [Node]),
    /// Straight stroke between two points in node units (0..2 per axis, may leave the grid).
    Free((f64, f64), (f64, f64)),
}

/// The strokes of digit `d` in this writer's variant.
fn strokes(d: u8, rng: &mut Rng) -> Vec<Part> {
    use Part::{Free, Path};
    match d {
        0 => {
            if rng.chance(0.7) {
                vec![Path(&[TR, TL, BL, BR, TR])]
            } else {
                vec![Path(&[TL, TR, BR]), Path(&[TL, BL, BR])]
            }
        }
        1 => {
            let u = rng.unit();
            let (col, path): (f64, &'static [Node]) = if u < 0.6 {
                (2.0, &[TR, BR])
            } else if u < 0.95 {
                (1.0, &[TM, BM])
            } else {
                (0.0, &[TL, BL])
            };
            let mut v = Vec::new();
            if rng.chance(0.2) {
                v.push(Free((col - 0.5, 0.4), (col, 0.0)));
            }
            v.push(Path(path));
            v
        }
        2 => vec![Path(&[TL, TR, MR, ML, BL, BR])],
        3 => {
            if rng.chance(0.6) {
                vec![Path(&[TL, TR, BR, BL]), Free((0.1, 1.0), (2.0, 1.0))]
            } else {
                vec![Path(&[TL, TR, MR, ML]), Path(&[MR, BR, BL])]
            }
        }
        4 => {
            if rng.chance(0.8) {
                vec![Path(&[TL, ML, MR]), Path(&[TR, BR])]
            } else {
                vec![Path(&[TL, ML, MR]), Free((2.0, -0.2), (2.0, 2.0))]
            }
        }
        5 => vec![Path(&[TR, TL, ML, MR, BR, BL])],
        6 => {
            if rng.chance(0.6) {
                vec![Path(&[TR, TL, BL, BR, MR, ML])]
            } else {
                vec![Path(&[TL, BL, BR, MR, ML])]
            }
        }
        7 => {
            let mut v = vec![Path(&[TL, TR, BR])];
            let u = rng.unit();
            if u < 0.2 {
                v.push(Free((0.0, 0.3), (0.0, 0.0)));
            } else if u < 0.3 {
                v.push(Free((1.5, 1.0), (2.4, 1.0)));
            }
            v
        }
        8 => {
            if rng.chance(0.6) {
                vec![Path(&[TL, TR, BR, BL, TL]), Path(&[ML, MR])]
            } else {
                vec![Path(&[MR, TR, TL, ML, MR, BR, BL, ML])]
            }
        }
        _ => {
            if rng.chance(0.55) {
                vec![Path(&[MR, ML, TL, TR, BR, BL])]
            } else {
                vec![Path(&[MR, ML, TL, TR, BR])]
            }
        }
    }
}

/// A node-unit point (0..2 per axis) in box `b`, page mm.
fn at(b: Rect, u: f64, v: f64) -> Point {
    let lerp = |g: &[f64; 3], t: f64| {
        if t <= 1.0 {
            g[0] + (g[1] - g[0]) * t
        } else {
            g[1] + (g[2] - g[1]) * (t - 1.0)
        }
    };
    Point::new(
        b.x + b.w * lerp(&guide::GUIDE_X, u),
        b.y + b.h * lerp(&guide::GUIDE_Y, v),
    )
}

/// Corners replaced by circular-looking arcs of radius `r` (mm).
fn round_corners(pts: &[Point], r: f64) -> Vec<Point> {
    if r <= 0.0 || pts.len() < 3 {
        return pts.to_vec();
    }
    let mut out = vec![pts[0]];
    for w in pts.windows(3) {
        let (a, p, c) = (w[0], w[1], w[2]);
        let (la, lc) = (dist(a, p), dist(c, p));
        if la < 1e-6 || lc < 1e-6 {
            continue;
        }
        let r = r.min(la * 0.4).min(lc * 0.4);
        let p0 = Point::new(p.x + (a.x - p.x) / la * r, p.y + (a.y - p.y) / la * r);
        let p1 = Point::new(p.x + (c.x - p.x) / lc * r, p.y + (c.y - p.y) / lc * r);
        // A quarter circle is close to a quadratic curve with its control at the corner,
        // pulled in a little.
        let ctrl = Point::new(
            p.x * 0.83 + f64::midpoint(p0.x, p1.x) * 0.17,
            p.y * 0.83 + f64::midpoint(p0.y, p1.y) * 0.17,
        );
        for k in 0..=6 {
            let t = f64::from(k) / 6.0;
            let s = 1.0 - t;
            out.push(Point::new(
                s * s * p0.x + 2.0 * s * t * ctrl.x + t * t * p1.x,
                s * s * p0.y + 2.0 * s * t * ctrl.y + t * t * p1.y,
            ));
        }
    }
    out.push(pts[pts.len() - 1]);
    out
}

fn dist(a: Point, b: Point) -> f64 {
    (a.x - b.x).hypot(a.y - b.y)
}

/// A straight stroke from `a` to `b` bowed sideways by `sag` of its length.
fn bowed(a: Point, b: Point, sag: f64) -> Vec<Point> {
    let (nx, ny) = (-(b.y - a.y), b.x - a.x);
    (0..=8)
        .map(|k| {
            let t = f64::from(k) / 8.0;
            let s = sag * 4.0 * t * (1.0 - t);
            Point::new(
                a.x + (b.x - a.x) * t + nx * s,
                a.y + (b.y - a.y) * t + ny * s,
            )
        })
        .collect()
}

/// Cuts `d` mm of arc length off the end of the path.
fn shorten_end(pts: &mut Vec<Point>, d: f64) {
    let mut left = d;
    while pts.len() > 2 {
        let (a, z) = (pts[pts.len() - 2], pts[pts.len() - 1]);
        let l = dist(a, z);
        if l > left {
            let t = left / l.max(1e-9);
            let last = pts.len() - 1;
            pts[last] = Point::new(z.x + (a.x - z.x) * t, z.y + (a.y - z.y) * t);
            return;
        }
        left -= l;
        pts.pop();
    }
}

/// Moves the first point of `pts` by `d` mm along the path's direction at that end.
fn extend_start(pts: &mut [Point], d: f64) {
    if pts.len() < 2 {
        return;
    }
    let (a, b) = (pts[0], pts[1]);
    let l = dist(a, b).max(1e-6);
    let d = d.max(-0.45 * l);
    pts[0] = Point::new(a.x + (a.x - b.x) / l * d, a.y + (a.y - b.y) / l * d);
}

impl Sheet<'_> {
    /// Digit `d` traced along the guide of box `b` (the box's line centres, page mm).
    pub fn traced(&mut self, d: u8, b: Rect, hand: &TraceHand, rng: &mut Rng, pen: Pen) {
        let centre = guide::node(b, (1, 1));
        let scale = hand.scale * rng.range(0.97, 1.03);
        let (sin, cos) = (hand.slant + rng.range(-1.5, 1.5)).to_radians().sin_cos();
        let shift = (rng.normal() * 0.3, rng.normal() * 0.3);
        let place = |p: Point| {
            let (dx, dy) = ((p.x - centre.x) * scale, (p.y - centre.y) * scale);
            Point::new(
                centre.x + dx * cos - dy * sin + shift.0,
                centre.y + dx * sin + dy * cos + shift.1,
            )
        };
        let width = hand.width * rng.range(0.9, 1.1);
        let pen = Pen { width, ..pen };
        for part in strokes(d, rng) {
            let mut pts: Vec<Point> = match part {
                Part::Path(nodes) => nodes
                    .iter()
                    .map(|n| {
                        let p = place(at(b, n.0 as f64, n.1 as f64));
                        Point::new(
                            p.x + rng.normal() * hand.jitter,
                            p.y + rng.normal() * hand.jitter,
                        )
                    })
                    .collect(),
                Part::Free(a, z) => vec![place(at(b, a.0, a.1)), place(at(b, z.0, z.1))],
            };
            // Each side bowed a little, then the corners rounded.
            let mut path: Vec<Point> = Vec::new();
            for w in pts.windows(2) {
                let sag = rng.range(-1.0, 1.0) * hand.bow;
                let seg = bowed(w[0], w[1], sag);
                path.extend(if path.is_empty() { &seg[..] } else { &seg[1..] });
            }
            pts = round_corners(&path, hand.corner);
            extend_start(&mut pts, hand.reach + rng.normal() * 0.25);
            pts.reverse();
            extend_start(&mut pts, hand.reach + rng.normal() * 0.25);
            if rng.chance(hand.partial) {
                // The pen lifts early on the last stroke: short of the node, never a whole
                // segment gone (a 9 without its loop is a 7 to anyone).
                shorten_end(&mut pts, rng.range(0.15, 0.5) * 0.4 * b.w);
            }
            self.tapered(&pts, pen);
            if rng.chance(hand.retrace) {
                let (ox, oy) = (rng.normal() * 0.25, rng.normal() * 0.25);
                let again: Vec<Point> =
                    pts.iter().map(|p| Point::new(p.x + ox, p.y + oy)).collect();
                self.tapered(
                    &again,
                    Pen {
                        width: width * 0.8,
                        ..pen
                    },
                );
            }
        }
    }

    /// A stroke whose ends are a little thinner, as a pen lands and lifts.
    fn tapered(&mut self, pts: &[Point], pen: Pen) {
        let n = pts.len();
        if n < 4 {
            self.stroke(pts, pen.width, pen);
            return;
        }
        let k = (n / 6).max(1);
        self.stroke(&pts[..=k], pen.width * 0.75, pen);
        self.stroke(&pts[k..n - k], pen.width, pen);
        self.stroke(&pts[n - k - 1..], pen.width * 0.75, pen);
    }
}
