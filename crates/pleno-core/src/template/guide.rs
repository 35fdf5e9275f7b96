//! The faint dotted guide printed in every digit box of the PPWP result page (plano page 2):
//! a 5 × 9 grid of dots of which the outline, the middle row and the middle column are printed,
//! an "8" with a centre stroke. Many KPPS members trace it, so their digits come out
//! seven-segment-like (docs/reader.md). The printer draws it, the reader erases it and reads
//! the segments along it, the simulator writes along it: all from these numbers.
//!
//! Measured on the official C.HASIL-PPWP plano (PKPU 25/2023 annex) rendered at 200 dpi:
//! dot centres at 0.290 / 0.497 / 0.704 of the box width (line centre to line centre) and
//! 0.168 / 0.500 / 0.832 of its height; dots 0.64 mm square, grey ~201 on white.

use super::geom::{Point, Rect};

/// Columns of the guide's outline and centre stroke, as fractions of the box width.
pub const GUIDE_X: [f64; 3] = [0.290, 0.497, 0.704];
/// Rows of the guide's top, middle and bottom bars, as fractions of the box height.
pub const GUIDE_Y: [f64; 3] = [0.168, 0.500, 0.832];
/// Side of one printed dot, mm.
pub const GUIDE_DOT_MM: f64 = 0.64;
/// Grey level of the dots (0 black, 255 paper).
pub const GUIDE_GREY: u8 = 201;

/// A node of the guide: column 0 left / 1 centre / 2 right, row 0 top / 1 middle / 2 bottom.
pub type Node = (usize, usize);

/// The seven segments of a seven-segment digit along the guide, plus the centre column's two
/// halves (a "1" written down the middle), as node pairs.
pub const SEGMENTS: [(char, Node, Node); 9] = [
    ('a', (0, 0), (2, 0)),
    ('b', (2, 0), (2, 1)),
    ('c', (2, 1), (2, 2)),
    ('d', (0, 2), (2, 2)),
    ('e', (0, 1), (0, 2)),
    ('f', (0, 0), (0, 1)),
    ('g', (0, 1), (2, 1)),
    ('h', (1, 0), (1, 1)),
    ('i', (1, 1), (1, 2)),
];

/// The guide's node `n` in box `b` (page mm).
pub fn node(b: Rect, n: Node) -> Point {
    Point::new(b.x + b.w * GUIDE_X[n.0], b.y + b.h * GUIDE_Y[n.1])
}

/// Centres of every printed dot of the guide in box `b` (page mm): 5 columns × 9 rows, of
/// which those on the outline, the middle row and the middle column.
pub fn dots(b: Rect) -> Vec<Point> {
    let lerp = |v: &[f64; 3], t: f64| {
        if t <= 0.5 {
            v[0] + (v[1] - v[0]) * t * 2.0
        } else {
            v[1] + (v[2] - v[1]) * (t - 0.5) * 2.0
        }
    };
    let mut out = Vec::with_capacity(33);
    for j in 0..9 {
        for i in 0..5 {
            if i % 2 == 0 || j % 4 == 0 {
                let (fx, fy) = (
                    lerp(&GUIDE_X, i as f64 / 4.0),
                    lerp(&GUIDE_Y, j as f64 / 8.0),
                );
                out.push(Point::new(b.x + b.w * fx, b.y + b.h * fy));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_is_an_eight_with_a_centre_stroke() {
        let b = Rect::new(10.0, 20.0, 20.0, 20.0);
        let d = dots(b);
        // Three full columns of 9, and the two dots between them on the three bars: 33.
        assert_eq!(d.len(), 33);
        let tl = node(b, (0, 0));
        assert!((tl.x - 15.8).abs() < 1e-9 && (tl.y - 23.36).abs() < 1e-9);
        assert!(d.iter().any(|p| (p.x - node(b, (1, 1)).x).abs() < 1e-9));
        for (_, a, z) in SEGMENTS {
            assert!(a.0 <= 2 && a.1 <= 2 && z.0 <= 2 && z.1 <= 2);
        }
    }
}
