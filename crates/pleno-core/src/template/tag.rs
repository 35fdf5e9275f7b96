//! Drawing and reading the tag36h10 AprilTag of a page as an 8 × 8 grid of cells (the black
//! border ring plus 6 × 6 data cells), in the AprilTag library's canonical orientation.

use super::tag36h10::{BIT_X, BIT_Y, CODES};

/// Canonical cells of tag `id` (row-major, `[row][column]`, true = black), or None when the
/// family has no such id.
pub fn cells(id: u16) -> Option<[[bool; 8]; 8]> {
    let code = *CODES.get(usize::from(id))?;
    let mut g = [[true; 8]; 8];
    for i in 0..36 {
        if code & (1u64 << (35 - i)) != 0 {
            g[usize::from(BIT_Y[i])][usize::from(BIT_X[i])] = false;
        }
    }
    Some(g)
}

/// The 36-bit word read from canonical cells (the border ring is not part of it).
pub fn word(g: &[[bool; 8]; 8]) -> u64 {
    (0..36).fold(0u64, |w, i| {
        let white = !g[usize::from(BIT_Y[i])][usize::from(BIT_X[i])];
        (w << 1) | u64::from(white)
    })
}

/// The grid turned a quarter clockwise.
pub fn rotate_cw(g: &[[bool; 8]; 8]) -> [[bool; 8]; 8] {
    let mut r = [[false; 8]; 8];
    for (row, line) in r.iter_mut().enumerate() {
        for (col, cell) in line.iter_mut().enumerate() {
            *cell = g[7 - col][row];
        }
    }
    r
}

/// A decoded tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    pub id: u16,
    /// Clockwise rotation (0, 90, 180, 270) that turns the canonical tag into the sampled grid.
    pub rotation: u16,
    /// Bits that differed from the code word.
    pub hamming: u32,
    /// Black cells missing from the border ring.
    pub border_errors: u32,
}

/// Decodes a sampled 8 × 8 grid in any of the four rotations: the id whose code word is
/// nearest, if within `max_hamming` bits (the family's distance is 10, so up to 4 is safe).
pub fn decode(sampled: &[[bool; 8]; 8], max_hamming: u32) -> Option<Decoded> {
    let border_errors = (0..8)
        .flat_map(|i| [(0, i), (7, i), (i, 0), (i, 7)])
        .filter(|&(r, c)| !sampled[r][c])
        .count() as u32;
    let mut best: Option<Decoded> = None;
    // Undo the rotation: turning the sample back by k quarters gives the canonical grid.
    let mut g = *sampled;
    for k in 0..4u16 {
        let w = word(&g);
        for (id, code) in CODES.iter().enumerate() {
            let d = (w ^ code).count_ones();
            if d <= max_hamming && best.is_none_or(|b| d < b.hamming) {
                best = Some(Decoded {
                    id: id as u16,
                    rotation: (360 - k * 90) % 360,
                    hamming: d,
                    border_errors,
                });
            }
        }
        g = rotate_cw(&g);
    }
    best
}
