//! Plane homographies in f64 (page mm ↔ photo px) and bilinear sampling of a grey image.

use image::GrayImage;

/// Row-major 3 × 3 projective map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Homography(pub [f64; 9]);

impl Homography {
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let m = &self.0;
        let w = m[6] * x + m[7] * y + m[8];
        let w = if w.abs() < 1e-12 { 1e-12 } else { w };
        (
            (m[0] * x + m[1] * y + m[2]) / w,
            (m[3] * x + m[4] * y + m[5]) / w,
        )
    }

    /// The map taking `from[i]` to `to[i]`; None when the points are degenerate.
    pub fn from_points(from: &[(f64, f64); 4], to: &[(f64, f64); 4]) -> Option<Homography> {
        let mut a = [[0.0f64; 9]; 8];
        for i in 0..4 {
            let (x, y) = from[i];
            let (u, v) = to[i];
            a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
            a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
        }
        let h = solve8(a)?;
        Some(Homography([
            h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1.0,
        ]))
    }

    /// The affine map through three point pairs (used to locate a missing fourth mark).
    pub fn affine(from: &[(f64, f64); 3], to: &[(f64, f64); 3]) -> Option<Homography> {
        // Complete both triangles to parallelograms; the affine map sends one to the other.
        let fourth = |p: &[(f64, f64); 3]| (p[0].0 + p[2].0 - p[1].0, p[0].1 + p[2].1 - p[1].1);
        Homography::from_points(
            &[from[0], from[1], from[2], fourth(from)],
            &[to[0], to[1], to[2], fourth(to)],
        )
    }

    /// The map restricted to one page row `y`: the terms in `y` computed once for a run of
    /// samples along the row.
    pub fn row(&self, y: f64) -> RowMap {
        let m = &self.0;
        RowMap {
            a: m[0],
            b: m[1] * y + m[2],
            c: m[3],
            d: m[4] * y + m[5],
            e: m[6],
            f: m[7] * y + m[8],
        }
    }

    /// Local scale (px per mm) around a page point: the mean stretch of a 1 mm step.
    pub fn scale_at(&self, x: f64, y: f64) -> f64 {
        let (x0, y0) = self.apply(x, y);
        let (x1, y1) = self.apply(x + 1.0, y);
        let (x2, y2) = self.apply(x, y + 1.0);
        f64::midpoint((x1 - x0).hypot(y1 - y0), (x2 - x0).hypot(y2 - y0))
    }
}

/// [`Homography::apply`] along one page row.
#[derive(Debug, Clone, Copy)]
pub struct RowMap {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    e: f64,
    f: f64,
}

impl RowMap {
    #[inline]
    pub fn apply(&self, x: f64) -> (f64, f64) {
        let w = self.e * x + self.f;
        let w = if w.abs() < 1e-12 { 1e-12 } else { w };
        let inv = 1.0 / w;
        ((self.a * x + self.b) * inv, (self.c * x + self.d) * inv)
    }
}

/// Gaussian elimination with partial pivoting on an 8 × 9 augmented matrix.
fn solve8(mut a: [[f64; 9]; 8]) -> Option<[f64; 8]> {
    for col in 0..8 {
        let pivot = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        for row in 0..8 {
            if row != col {
                let f = a[row][col] / a[col][col];
                for k in col..9 {
                    a[row][k] -= f * a[col][k];
                }
            }
        }
    }
    let mut out = [0.0; 8];
    for i in 0..8 {
        out[i] = a[i][8] / a[i][i];
    }
    out.iter().all(|v| v.is_finite()).then_some(out)
}

/// Bilinear sample at pixel-centre coordinates; None outside the image.
#[inline]
pub fn sample(img: &GrayImage, x: f64, y: f64) -> Option<f32> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let fx = x - 0.5;
    let fy = y - 0.5;
    if !(fx >= 0.0 && fy >= 0.0) {
        return None;
    }
    let x0 = fx as usize;
    let y0 = fy as usize;
    if x0 + 1 >= w || y0 + 1 >= h {
        return None;
    }
    let (tx, ty) = ((fx - x0 as f64) as f32, (fy - y0 as f64) as f32);
    let raw = img.as_raw();
    let p = |xx: usize, yy: usize| f32::from(raw[yy * w + xx]);
    let top = p(x0, y0) * (1.0 - tx) + p(x0 + 1, y0) * tx;
    let bot = p(x0, y0 + 1) * (1.0 - tx) + p(x0 + 1, y0 + 1) * tx;
    Some(top * (1.0 - ty) + bot * ty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homography_maps_its_control_points() {
        let from = [(0.0, 0.0), (10.0, 0.0), (10.0, 20.0), (0.0, 20.0)];
        let to = [(5.0, 7.0), (105.0, 12.0), (98.0, 230.0), (2.0, 215.0)];
        let h = Homography::from_points(&from, &to).unwrap();
        for (f, t) in from.iter().zip(&to) {
            let (u, v) = h.apply(f.0, f.1);
            assert!((u - t.0).abs() < 1e-6 && (v - t.1).abs() < 1e-6);
        }
        for (x, y) in [(3.0, 4.0), (9.5, 17.25), (-2.0, 30.0)] {
            let (u, v) = h.apply(x, y);
            let (ru, rv) = h.row(y).apply(x);
            assert!((u - ru).abs() < 1e-9 && (v - rv).abs() < 1e-9, "{x},{y}");
        }
    }
}
