//! Where the page lands in the photo: a pinhole camera over a tilted, rotated, slightly curled
//! sheet. Gives the forward map page mm → photo px (for the truth) and its inverse (for
//! rendering).

use pleno_core::template::Point;

use crate::geom::Homography;
use crate::rng::Rng;
use crate::style::Style;

/// Paper curl: a smooth displacement in page mm that leaves the sheet corners in place and
/// bows the edges and the middle, as a plano lying on a table or taped to a wall does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Curl {
    pub width: f64,
    pub height: f64,
    pub ax: f64,
    pub ay: f64,
    pub wave: f64,
    pub phase: f64,
}

impl Curl {
    pub fn none(width: f64, height: f64) -> Curl {
        Curl {
            width,
            height,
            ax: 0.0,
            ay: 0.0,
            wave: 0.0,
            phase: 0.0,
        }
    }

    pub fn displace(&self, p: Point) -> Point {
        use std::f64::consts::PI;
        let (u, v) = (p.x / self.width, p.y / self.height);
        let dx = self.ax * (2.0 * u - 1.0) * (PI * v).sin();
        let dy = self.ay * (2.0 * v - 1.0) * (PI * u).sin()
            + self.wave * (2.0 * PI * u + self.phase).sin() * (PI * v).sin();
        Point::new(p.x + dx, p.y + dy)
    }

    /// The page point whose displaced position is `r` (fixed-point iteration: the
    /// displacement is small and smooth).
    pub fn undo(&self, r: Point) -> Point {
        let mut p = r;
        for _ in 0..4 {
            let d = self.displace(p);
            p = Point::new(r.x - (d.x - p.x), r.y - (d.y - p.y));
        }
        p
    }
}

/// One camera placement.
#[derive(Debug, Clone, PartialEq)]
pub struct Camera {
    pub width: u32,
    pub height: u32,
    /// Page mm → photo px, before curl.
    pub h: Homography,
    pub curl: Curl,
    /// Quarter-turn of the page in the photo (clockwise degrees), before the small jitter.
    pub rotation: u16,
    pub tilt_deg: f64,
}

impl Camera {
    /// Page mm → photo px.
    pub fn forward(&self, p: Point) -> Point {
        self.h.apply(self.curl.displace(p))
    }
}

fn rotate3(p: [f64; 3], axis: [f64; 3], angle: f64) -> [f64; 3] {
    // Rodrigues' rotation formula.
    let (s, c) = angle.sin_cos();
    let [kx, ky, kz] = axis;
    let dot = kx * p[0] + ky * p[1] + kz * p[2];
    let cross = [
        ky * p[2] - kz * p[1],
        kz * p[0] - kx * p[2],
        kx * p[1] - ky * p[0],
    ];
    [
        p[0] * c + cross[0] * s + kx * dot * (1.0 - c),
        p[1] * c + cross[1] * s + ky * dot * (1.0 - c),
        p[2] * c + cross[2] * s + kz * dot * (1.0 - c),
    ]
}

/// Options that force a particular shot (fixtures for the reader's framing tests).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Force {
    pub rotation: Option<u16>,
    /// Move this corner mark (0 TL, 1 TR, 2 BR, 3 BL) out of the frame.
    pub crop_corner: Option<usize>,
    /// Move the page until this corner mark touches the frame's edge (up to a quarter of it
    /// cut off), as when the sheet fills the phone's screen.
    pub edge_touch: Option<usize>,
    /// Photograph only this half of the sheet (a plano too long for one shot).
    pub half: Option<Half>,
    /// Exact photo size in px (e.g. SIREKAP's 900 × 1600 uploads), portrait or landscape as
    /// the page needs.
    pub size: Option<(u32, u32)>,
    /// Shake the camera along a line of this many photo pixels (on top of the style's own
    /// effects), as a hand does in poor light; under 1 px, none.
    pub shake_px: Option<f64>,
}

/// Which part of the sheet a half-sheet photo shows: the top (with the tag) or the bottom,
/// each about 58 % of the sheet's height so that the two overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Half {
    Top,
    Bottom,
}

impl std::str::FromStr for Half {
    type Err = String;
    fn from_str(s: &str) -> Result<Half, String> {
        match s {
            "top" | "atas" => Ok(Half::Top),
            "bottom" | "bawah" => Ok(Half::Bottom),
            _ => Err(format!("separuh '{s}' tidak dikenal: top atau bottom")),
        }
    }
}

/// Share of the sheet's height one half shows.
const HALF_SHARE: f64 = 0.58;

pub fn place(
    page_w: f64,
    page_h: f64,
    marks: &[Point; 4],
    style: Style,
    force: Force,
    rng: &mut Rng,
) -> Camera {
    let p = style.params();
    let rotation = force.rotation.unwrap_or_else(|| match rng.below(20) {
        0..=13 => 0,
        14 | 15 => 180,
        16 | 17 => 90,
        _ => 270,
    });
    // The phone is held so the page fills the frame: portrait photo for an upright page.
    let (mp_w, mp_h) = *rng.pick(&p.sizes);
    let (mp_w, mp_h) = force.size.unwrap_or((mp_w, mp_h));
    let turned = rotation % 180 == 90;
    // The part of the sheet the photo is framed on: all of it, or one half.
    let (y_lo, y_hi) = match force.half {
        None => (0.0, page_h),
        Some(Half::Top) => (0.0, page_h * HALF_SHARE),
        Some(Half::Bottom) => (page_h * (1.0 - HALF_SHARE), page_h),
    };
    let portrait_page = (y_hi - y_lo) >= page_w;
    let (width, height) = if portrait_page == turned {
        (mp_w.max(mp_h), mp_w.min(mp_h))
    } else {
        (mp_w.min(mp_h), mp_w.max(mp_h))
    };
    let tilt = rng.range(0.0, p.max_tilt).to_radians();
    let axis_angle = rng.range(0.0, std::f64::consts::TAU);
    let axis = [axis_angle.cos(), axis_angle.sin(), 0.0];
    let spin = (f64::from(rotation) + rng.range(-p.max_spin, p.max_spin)).to_radians();
    let dist = 1.7 * page_w.max(page_h);
    let corners = [
        Point::new(0.0, 0.0),
        Point::new(page_w, 0.0),
        Point::new(page_w, page_h),
        Point::new(0.0, page_h),
    ];
    let framed = [
        Point::new(0.0, y_lo),
        Point::new(page_w, y_lo),
        Point::new(page_w, y_hi),
        Point::new(0.0, y_hi),
    ];
    let project = |c: &Point| {
        let q = [c.x - page_w / 2.0, c.y - page_h / 2.0, 0.0];
        let q = rotate3(q, axis, tilt);
        let q = rotate3(q, [0.0, 0.0, 1.0], spin);
        let z = dist + q[2];
        Point::new(q[0] * dist / z, q[1] * dist / z)
    };
    let projected: Vec<Point> = corners.iter().map(project).collect();
    let seen: Vec<Point> = framed.iter().map(project).collect();
    let (min_x, max_x) = seen
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), q| (a.min(q.x), b.max(q.x)));
    let (min_y, max_y) = seen
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), q| (a.min(q.y), b.max(q.y)));
    let cover = rng.range(p.coverage.0, p.coverage.1);
    let scale = (f64::from(width) * cover / (max_x - min_x))
        .min(f64::from(height) * cover / (max_y - min_y));
    let spare_x = f64::from(width) - (max_x - min_x) * scale;
    let spare_y = f64::from(height) - (max_y - min_y) * scale;
    let ox = spare_x * rng.range(0.3, 0.7) - min_x * scale;
    let oy = spare_y * rng.range(0.3, 0.7) - min_y * scale;
    let to: Vec<Point> = projected
        .iter()
        .map(|q| Point::new(q.x * scale + ox, q.y * scale + oy))
        .collect();
    let fallback = Homography([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
    let mut h =
        Homography::from_points(&corners, &[to[0], to[1], to[2], to[3]]).unwrap_or(fallback);
    let curl = Curl {
        width: page_w,
        height: page_h,
        ax: rng.range(-1.0, 1.0) * p.curl * page_w,
        ay: rng.range(-1.0, 1.0) * p.curl * page_h,
        wave: rng.range(-1.0, 1.0) * p.curl * 0.5 * page_h,
        phase: rng.range(0.0, std::f64::consts::TAU),
    };
    let mut cam = Camera {
        width,
        height,
        h,
        curl,
        rotation,
        tilt_deg: tilt.to_degrees(),
    };
    if let Some(k) = force.crop_corner {
        // Push the whole page towards that corner's side of the frame until its mark lies a
        // little outside.
        let m = cam.forward(marks[k % 4]);
        let centre = cam.forward(Point::new(page_w / 2.0, page_h / 2.0));
        let (w, hh) = (f64::from(width), f64::from(height));
        let dx = if m.x < centre.x {
            -m.x - 0.02 * w
        } else {
            w - m.x + 0.02 * w
        };
        let dy = if m.y < centre.y {
            -m.y - 0.02 * hh
        } else {
            hh - m.y + 0.02 * hh
        };
        // Move along the shorter way out only, so the rest of the page stays in view.
        let (dx, dy) = if dx.abs() < dy.abs() {
            (dx, 0.0)
        } else {
            (0.0, dy)
        };
        h = cam.h.then_translate(dx, dy);
        cam.h = h;
    }
    if let Some(k) = force.edge_touch {
        // Slide the page towards that corner's nearer frame edge until the mark's outer edge
        // lies on it, or a little past (a quarter of the mark at most).
        let m = cam.forward(marks[k % 4]);
        let reach = cam.forward(Point::new(marks[k % 4].x + 7.0, marks[k % 4].y));
        let size = (reach.x - m.x).hypot(reach.y - m.y) * 2.0;
        let cut = rng.range(-0.05, 0.25) * size;
        let (w, hh) = (f64::from(width), f64::from(height));
        let to_edge = [
            (-(m.x - size / 2.0 + cut), 0.0, m.x),
            (w - (m.x + size / 2.0 - cut), 0.0, w - m.x),
            (0.0, -(m.y - size / 2.0 + cut), m.y),
            (0.0, hh - (m.y + size / 2.0 - cut), hh - m.y),
        ];
        let (dx, dy, _) = to_edge
            .into_iter()
            .min_by(|a, b| a.2.total_cmp(&b.2))
            .unwrap_or((0.0, 0.0, 0.0));
        cam.h = cam.h.then_translate(dx, dy);
    }
    cam
}
