//! A second reader for boxes with the printed dotted guide: OMR for digits. Many KPPS members
//! trace the guide (pleno_core `template::guide`), so a digit is a set of inked segments of a
//! known grid. After alignment the guide sits at known places in the crop: measure ink along
//! each segment and decode the pattern. It knows nothing of the CNN's training data, so when
//! the two agree the reading is earned, and when they disagree a person looks.
//!
//! It has an opinion only on a clean pattern: every segment clearly inked or clearly bare, and
//! the pattern one of a digit's. Ordinary handwriting, marks and empty boxes give none.

use pleno_core::template::guide::{GUIDE_X, GUIDE_Y, SEGMENTS};
use serde::Serialize;

use crate::digits::{CROP, to_crop};

/// Share of a segment's samples with ink near them, above which it is inked.
const ON: f32 = 0.72;
/// ... and below which it is bare. In between, the box has no clean pattern.
const OFF: f32 = 0.28;
/// How far (crop px, 56 across the box) ink may lie beside the guide and still trace it:
/// about 1.2 mm in a 20 mm box, a writer's wobble plus half a marker stroke.
const REACH: f64 = 3.8;
/// Samples per segment, spread over its middle (the joints belong to two segments).
const SAMPLES: usize = 9;

/// Segment patterns of each digit: bits a..i (a top, b upper right, c lower right, d bottom,
/// e lower left, f upper left, g middle, h and i the centre column's halves).
const PATTERNS: &[(u8, &str)] = &[
    (0, "abcdef"),
    (1, "bc"),
    (1, "hi"),
    (1, "ef"),
    (2, "abdeg"),
    (3, "abcdg"),
    (4, "bcfg"),
    (5, "acdfg"),
    (6, "acdefg"),
    (6, "cdefg"),
    (7, "abc"),
    (7, "abcf"),
    (8, "abcdefg"),
    (9, "abcdfg"),
    (9, "abcfg"),
];

/// What the segment reader saw in one box.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SegmentReading {
    /// The digit the inked segments spell, when they spell one cleanly.
    pub digit: Option<u8>,
    /// Ink share along each segment a..i.
    pub coverage: [f32; 9],
}

fn bits(p: &str) -> u16 {
    p.bytes().fold(0, |acc, c| acc | 1 << (c - b'a'))
}

/// Reads the segments of one 56 × 56 box crop (the raw grey crop, guide dots included: they
/// are far fainter than ink).
pub fn read_segments(crop: &[u8]) -> Option<SegmentReading> {
    if crop.len() < CROP * CROP {
        return None;
    }
    let ink = ink_mask(crop);
    // The writer's hand and the alignment move the digit by a px or two: take the shift that
    // finds the most ink along the guide, and of equals the most decided pattern.
    let mut best: Option<((f32, f32), SegmentReading)> = None;
    for dy in [-2.5, 0.0, 2.5] {
        for dx in [-2.5, 0.0, 2.5] {
            let coverage = coverage_at(&ink, dx, dy);
            let found: f32 = coverage.iter().sum();
            let decided: f32 = coverage.iter().map(|c| (c - 0.5).abs()).sum();
            if best.as_ref().is_none_or(|(d, _)| (found, decided) > *d) {
                best = Some((
                    (found, decided),
                    SegmentReading {
                        digit: decode(&coverage),
                        coverage,
                    },
                ));
            }
        }
    }
    best.map(|(_, r)| r)
}

/// Ink pixels: far darker than the paper, as the model's normalisation sees them, so that the
/// guide's dots (a fifth below the paper) and shadows are not ink.
fn ink_mask(crop: &[u8]) -> Vec<bool> {
    let mut sorted = crop.to_vec();
    sorted.sort_unstable();
    let paper = f32::from(sorted[sorted.len() / 2]);
    let dark = f32::from(sorted[0]);
    let span = paper - dark;
    if span < 60.0 {
        // Nothing on the box is clearly darker than the paper: no strokes to read.
        return vec![false; CROP * CROP];
    }
    let limit = paper - (span * 0.45).max(45.0);
    crop.iter().map(|&v| f32::from(v) < limit).collect()
}

fn coverage_at(ink: &[bool], dx: f64, dy: f64) -> [f32; 9] {
    let cols = GUIDE_X.map(|f| to_crop(f) + dx);
    let rows = GUIDE_Y.map(|f| to_crop(f) + dy);
    let near = |x: f64, y: f64, horizontal: bool| -> bool {
        let steps = (REACH * 2.0) as i64;
        (0..=steps).any(|k| {
            let t = k as f64 - REACH;
            let (px, py) = if horizontal { (x, y + t) } else { (x + t, y) };
            let (i, j) = (px.floor() as i64, py.floor() as i64);
            i >= 0
                && j >= 0
                && (i as usize) < CROP
                && (j as usize) < CROP
                && ink[j as usize * CROP + i as usize]
        })
    };
    let mut out = [0f32; 9];
    for (k, (_, a, b)) in SEGMENTS.iter().enumerate() {
        let (x0, y0) = (cols[a.0], rows[a.1]);
        let (x1, y1) = (cols[b.0], rows[b.1]);
        let horizontal = a.1 == b.1;
        let hits = (0..SAMPLES)
            .filter(|&s| {
                // The middle 70 % of the segment: its ends are shared with its neighbours.
                let t = 0.15 + 0.7 * s as f64 / (SAMPLES - 1) as f64;
                near(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, horizontal)
            })
            .count();
        out[k] = hits as f32 / SAMPLES as f32;
    }
    out
}

/// The digit of a clean pattern: every segment inked or bare, and the inked set a digit's.
fn decode(coverage: &[f32; 9]) -> Option<u8> {
    let mut on = 0u16;
    for (k, c) in coverage.iter().enumerate() {
        if *c >= ON {
            on |= 1 << k;
        } else if *c > OFF {
            return None;
        }
    }
    PATTERNS
        .iter()
        .find(|(_, p)| bits(p) == on)
        .map(|(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crop with the given segments drawn 3 px wide along the guide, on paper 230.
    fn drawn(segments: &str, shift: (f64, f64)) -> Vec<u8> {
        let mut crop = vec![230u8; CROP * CROP];
        let cols = GUIDE_X.map(|f| to_crop(f) + shift.0);
        let rows = GUIDE_Y.map(|f| to_crop(f) + shift.1);
        for (name, a, b) in SEGMENTS {
            if !segments.contains(name) {
                continue;
            }
            let (x0, y0, x1, y1) = (cols[a.0], rows[a.1], cols[b.0], rows[b.1]);
            for s in 0..=200 {
                let t = f64::from(s) / 200.0;
                let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
                for oy in -1..=1 {
                    for ox in -1..=1 {
                        let (i, j) = ((x as i64 + ox) as usize, (y as i64 + oy) as usize);
                        if i < CROP && j < CROP {
                            crop[j * CROP + i] = 40;
                        }
                    }
                }
            }
        }
        crop
    }

    #[test]
    fn every_digit_pattern_decodes_even_a_little_off_the_guide() {
        for (digit, pattern) in PATTERNS {
            for shift in [(0.0, 0.0), (2.0, -1.5), (-3.0, 2.5)] {
                let r = read_segments(&drawn(pattern, shift)).unwrap();
                assert_eq!(r.digit, Some(*digit), "{pattern} shifted {shift:?}: {r:?}");
            }
        }
    }

    #[test]
    fn no_opinion_on_blanks_and_non_digits() {
        assert_eq!(read_segments(&drawn("", (0.0, 0.0))).unwrap().digit, None);
        // a and g only: no digit.
        assert_eq!(read_segments(&drawn("ag", (0.0, 0.0))).unwrap().digit, None);
        // The faint guide alone is not ink.
        let mut crop = vec![235u8; CROP * CROP];
        for j in (6..50).step_by(3) {
            for i in [15usize, 28, 41] {
                crop[j * CROP + i] = 195;
            }
        }
        assert_eq!(read_segments(&crop).unwrap().digit, None);
    }
}
