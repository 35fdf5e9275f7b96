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

    /// `self ∘ inner`: first `inner`, then `self`.
    pub fn after(&self, inner: &Homography) -> Homography {
        let (a, b) = (&self.0, &inner.0);
        let mut m = [0.0; 9];
        for r in 0..3 {
            for c in 0..3 {
                m[r * 3 + c] = (0..3).map(|k| a[r * 3 + k] * b[k * 3 + c]).sum();
            }
        }
        Homography(m)
    }

    pub fn inverse(&self) -> Option<Homography> {
        let m = &self.0;
        let det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
            + m[2] * (m[3] * m[7] - m[4] * m[6]);
        if det.abs() < 1e-15 || !det.is_finite() {
            return None;
        }
        let inv = [
            m[4] * m[8] - m[5] * m[7],
            m[2] * m[7] - m[1] * m[8],
            m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8],
            m[0] * m[8] - m[2] * m[6],
            m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6],
            m[1] * m[6] - m[0] * m[7],
            m[0] * m[4] - m[1] * m[3],
        ];
        Some(Homography(inv.map(|v| v / det)))
    }

    /// The map of `kind` that best takes each `from` to its `to` in weighted least squares. A
    /// pair may constrain one axis only (a printed ruling fixes its perpendicular position).
    /// Coordinates are normalised first, so page mm and photo px fit alike.
    pub fn fit(kind: Model, pairs: &[Pair]) -> Option<Homography> {
        let (nf, nt) = (
            Norm::of(pairs.iter().map(|p| p.from)),
            Norm::of(pairs.iter().map(|p| p.to)),
        );
        let n = kind.unknowns();
        let mut ata = vec![0.0f64; n * n];
        let mut atb = vec![0.0f64; n];
        let mut rows = 0usize;
        for p in pairs {
            let (x, y) = nf.apply(p.from);
            let (u, v) = nt.apply(p.to);
            for (axis, t) in [(Axis::X, u), (Axis::Y, v)] {
                if p.axis != Axis::Both && p.axis != axis {
                    continue;
                }
                let row = kind.row(axis, x, y, t);
                for i in 0..n {
                    atb[i] += p.weight * row[i] * t;
                    for j in 0..n {
                        ata[i * n + j] += p.weight * row[i] * row[j];
                    }
                }
                rows += 1;
            }
        }
        if rows < n {
            return None;
        }
        let h = solve(&mut ata, &mut atb, n)?;
        let m = kind.matrix(&h);
        // Undo the normalisation: to = Nt⁻¹ · M · Nf.
        Some(nt.inverse().after(&Homography(m)).after(&nf.matrix()))
    }
}

/// Which maps [`Homography::fit`] may choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// Scale, rotation, translation (two points fix it).
    Similarity,
    Affine,
    Projective,
}

impl Model {
    fn unknowns(self) -> usize {
        match self {
            Model::Similarity => 4,
            Model::Affine => 6,
            Model::Projective => 8,
        }
    }

    /// The linear equation of one coordinate: `row · h = t`.
    fn row(self, axis: Axis, x: f64, y: f64, t: f64) -> [f64; 8] {
        let mut r = [0.0; 8];
        match (self, axis) {
            // u = a x − b y + c, v = b x + a y + d
            (Model::Similarity, Axis::Y) => r[..4].copy_from_slice(&[y, x, 0.0, 1.0]),
            (Model::Similarity, _) => r[..4].copy_from_slice(&[x, -y, 1.0, 0.0]),
            (Model::Affine, Axis::Y) => r[3..6].copy_from_slice(&[x, y, 1.0]),
            (Model::Affine, _) => r[..3].copy_from_slice(&[x, y, 1.0]),
            (Model::Projective, Axis::Y) => {
                r = [0.0, 0.0, 0.0, x, y, 1.0, -t * x, -t * y];
            }
            (Model::Projective, _) => r = [x, y, 1.0, 0.0, 0.0, 0.0, -t * x, -t * y],
        }
        r
    }

    fn matrix(self, h: &[f64]) -> [f64; 9] {
        match self {
            Model::Similarity => [h[0], -h[1], h[2], h[1], h[0], h[3], 0.0, 0.0, 1.0],
            Model::Affine => [h[0], h[1], h[2], h[3], h[4], h[5], 0.0, 0.0, 1.0],
            Model::Projective => [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1.0],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    Both,
    X,
    Y,
}

/// One correspondence for [`Homography::fit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub weight: f64,
    pub axis: Axis,
}

impl Pair {
    pub fn new(from: (f64, f64), to: (f64, f64), weight: f64) -> Pair {
        Pair {
            from,
            to,
            weight,
            axis: Axis::Both,
        }
    }
}

/// Translation and scale that bring a point set to the origin with unit mean distance.
#[derive(Debug, Clone, Copy)]
struct Norm {
    cx: f64,
    cy: f64,
    s: f64,
}

impl Norm {
    fn of(points: impl Iterator<Item = (f64, f64)> + Clone) -> Norm {
        let n = points.clone().count().max(1) as f64;
        let (sx, sy) = points
            .clone()
            .fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
        let (cx, cy) = (sx / n, sy / n);
        let d = points.map(|p| (p.0 - cx).hypot(p.1 - cy)).sum::<f64>() / n;
        Norm {
            cx,
            cy,
            s: if d > 1e-9 { 1.0 / d } else { 1.0 },
        }
    }
    fn apply(&self, p: (f64, f64)) -> (f64, f64) {
        ((p.0 - self.cx) * self.s, (p.1 - self.cy) * self.s)
    }
    fn matrix(&self) -> Homography {
        Homography([
            self.s,
            0.0,
            -self.cx * self.s,
            0.0,
            self.s,
            -self.cy * self.s,
            0.0,
            0.0,
            1.0,
        ])
    }
    fn inverse(&self) -> Homography {
        Homography([
            1.0 / self.s,
            0.0,
            self.cx,
            0.0,
            1.0 / self.s,
            self.cy,
            0.0,
            0.0,
            1.0,
        ])
    }
}

/// Solves the n × n system `a x = b` (Gaussian elimination, partial pivoting).
fn solve(a: &mut [f64], b: &mut [f64], n: usize) -> Option<Vec<f64>> {
    for col in 0..n {
        let piv =
            (col..n).max_by(|&i, &j| a[i * n + col].abs().total_cmp(&a[j * n + col].abs()))?;
        if a[piv * n + col].abs() < 1e-12 {
            return None;
        }
        if piv != col {
            for k in 0..n {
                a.swap(col * n + k, piv * n + k);
            }
            b.swap(col, piv);
        }
        for row in 0..n {
            if row != col {
                let f = a[row * n + col] / a[col * n + col];
                if f != 0.0 {
                    for k in col..n {
                        a[row * n + k] -= f * a[col * n + k];
                    }
                    b[row] -= f * b[col];
                }
            }
        }
    }
    let x: Vec<f64> = (0..n).map(|i| b[i] / a[i * n + i]).collect();
    x.iter().all(|v| v.is_finite()).then_some(x)
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
/// The upright rectangle around four points: (x, y, width, height).
pub fn bounds(points: &[(f64, f64); 4]) -> (f64, f64, f64, f64) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in points {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    (x0, y0, x1 - x0, y1 - y0)
}

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
    fn fit_recovers_a_map_from_mixed_constraints() {
        let truth = Homography::from_points(
            &[(0.0, 0.0), (600.0, 0.0), (600.0, 900.0), (0.0, 900.0)],
            &[
                (120.0, 80.0),
                (2900.0, 140.0),
                (3050.0, 4100.0),
                (60.0, 3950.0),
            ],
        )
        .unwrap();
        let mut pairs = Vec::new();
        for (x, y) in [
            (50.0, 60.0),
            (550.0, 70.0),
            (540.0, 860.0),
            (40.0, 850.0),
            (300.0, 400.0),
        ] {
            pairs.push(Pair::new((x, y), truth.apply(x, y), 1.0));
        }
        // Rulings: only their perpendicular position counts.
        for (x, y, axis) in [(200.0, 300.0, Axis::Y), (420.0, 610.0, Axis::X)] {
            pairs.push(Pair {
                from: (x, y),
                to: truth.apply(x, y),
                weight: 2.0,
                axis,
            });
        }
        let h = Homography::fit(Model::Projective, &pairs).unwrap();
        for (x, y) in [(10.0, 10.0), (590.0, 890.0), (333.0, 123.0)] {
            let (a, b) = (h.apply(x, y), truth.apply(x, y));
            assert!(
                (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6,
                "{x},{y}"
            );
        }
        let inv = h.inverse().unwrap();
        let (u, v) = h.apply(77.0, 88.0);
        let back = inv.apply(u, v);
        assert!((back.0 - 77.0).abs() < 1e-6 && (back.1 - 88.0).abs() < 1e-6);
        // Two points fix a similarity.
        let sim = Homography::fit(
            Model::Similarity,
            &[
                Pair::new((0.0, 0.0), (10.0, 20.0), 1.0),
                Pair::new((100.0, 0.0), (10.0, 220.0), 1.0),
            ],
        )
        .unwrap();
        let (u, v) = sim.apply(100.0, 50.0);
        assert!(
            (u - -90.0).abs() < 1e-6 && (v - 220.0).abs() < 1e-6,
            "{u},{v}"
        );
    }

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
