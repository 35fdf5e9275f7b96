//! Page identity: which corner mark is which, and which page this is, from the AprilTag sampled
//! at its template position once the marks are assigned. Only the right assignment puts the
//! samples on the tag (it is far from the page centre), so the tag also gives the orientation.

use image::GrayImage;
use pleno_core::template::tag::{self, Decoded};
use pleno_core::template::{Point, TagSpec, layouts};

use crate::corners::Mark;
use crate::error::Rejection;
use crate::geom::{Homography, sample};

/// Bits a sampled tag may differ from its code word (the family's distance is 10).
const MAX_HAMMING: u32 = 3;

/// The parts of a layout that identification needs: marks and tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    pub centres: [Point; 4],
    pub tag: TagSpec,
}

/// Every distinct marks + tag geometry among the layouts.
pub fn geometries() -> Vec<Geometry> {
    let mut out: Vec<Geometry> = Vec::new();
    for l in layouts().unwrap_or_default() {
        let Some(tag) = l.tag.clone() else {
            continue;
        };
        let g = Geometry {
            centres: l.marks.centres,
            tag,
        };
        if !out
            .iter()
            .any(|o| o.centres == g.centres && o.tag.rect == g.tag.rect)
        {
            out.push(g);
        }
    }
    out
}

/// A way to read the tag once the marks are assigned: in place, or searched around.
type TagReader = fn(&GrayImage, &Homography, &TagSpec) -> Option<Decoded>;

/// How the page's identity was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// Its AprilTag was read.
    Tag,
    /// A page printed without a tag: its printed boxes matched one calibrated layout, in one
    /// turn, clearly better than any other.
    Structure,
    /// A page printed without a tag: a QR code on it named a calibrated layout (see
    /// [`pleno_core::template::QrSpec`]), whose boxes the photo then matched.
    Qr,
    /// The page the caller named — the clerk's choice, or the other half of the sheet in the
    /// same TPS folder — held to the photo's marks and structure; no tag was read.
    Named,
}

/// A page located in the photo.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// Page mm → photo px.
    pub h: Homography,
    /// Mark centres in the photo, page order (TL, TR, BR, BL of the printed page).
    pub corners: [(f64, f64); 4],
    /// The page's code (its tag id, or the code a tagless calibrated layout was installed for).
    pub page: u16,
    pub identity: Identity,
    /// Clockwise quarter turn of the page in the photo.
    pub orientation: u16,
}

fn pt(p: Point) -> (f64, f64) {
    (p.x, p.y)
}

/// Samples the tag's 8 × 8 cells (page orientation) and decodes them.
pub fn read_tag(img: &GrayImage, h: &Homography, spec: &TagSpec) -> Option<Decoded> {
    read_tag_at(img, h, spec, (0.0, 0.0))
}

/// Paper curl moves the tag by up to a cell from where the marks put it: search around,
/// keeping only a decode that holds at neighbouring offsets too (a stray match does not).
pub fn search_tag(img: &GrayImage, h: &Homography, spec: &TagSpec) -> Option<Decoded> {
    search_tag_within(img, h, spec, 4)
}

/// As [`search_tag`], `steps` of 0.35 cell each way.
fn search_tag_within(
    img: &GrayImage,
    h: &Homography,
    spec: &TagSpec,
    steps: i32,
) -> Option<Decoded> {
    let step = spec.cell_size() * 0.35;
    let mut hits: Vec<((i32, i32), Decoded)> = Vec::new();
    for j in -steps..=steps {
        for i in -steps..=steps {
            let off = (f64::from(i) * step, f64::from(j) * step);
            if let Some(d) = read_tag_at(img, h, spec, off) {
                hits.push(((i, j), d));
            }
        }
    }
    hits.iter()
        .filter(|((i, j), d)| {
            hits.iter().any(|((a, b), e)| {
                e.id == d.id && (a, b) != (i, j) && (a - i).abs() <= 1 && (b - j).abs() <= 1
            })
        })
        .min_by_key(|(_, d)| (d.hamming, d.border_errors))
        .map(|(_, d)| *d)
}

fn read_tag_at(
    img: &GrayImage,
    h: &Homography,
    spec: &TagSpec,
    off: (f64, f64),
) -> Option<Decoded> {
    let s = spec.cell_size();
    let mut r = spec.rect;
    r.x += off.0;
    r.y += off.1;
    let cell = |row: i32, col: i32| -> Option<f32> {
        let mut acc = 0.0;
        for dy in [-0.2, 0.0, 0.2] {
            for dx in [-0.2, 0.0, 0.2] {
                let x = r.x + (f64::from(col) + 0.5 + dx) * s;
                let y = r.y + (f64::from(row) + 0.5 + dy) * s;
                let (px, py) = h.apply(x, y);
                acc += sample(img, px, py)?;
            }
        }
        Some(acc / 9.0)
    };
    let mut quiet = Vec::new();
    let mut ring = Vec::new();
    let mut grid = [[0f32; 8]; 8];
    for row in -1..=8 {
        for col in -1..=8 {
            let v = cell(row, col)?;
            let inside = (0..8).contains(&row) && (0..8).contains(&col);
            if inside {
                grid[row as usize][col as usize] = v;
                if row == 0 || row == 7 || col == 0 || col == 7 {
                    ring.push(v);
                }
            } else {
                quiet.push(v);
            }
        }
    }
    let white = median(&mut quiet);
    let black = median(&mut ring);
    if white - black < 25.0 {
        return None;
    }
    let thr = f32::midpoint(white, black);
    let bits = grid.map(|row| row.map(|v| v < thr));
    let d = tag::decode(&bits, MAX_HAMMING)?;
    (d.rotation == spec.rotation && d.border_errors <= 3).then_some(d)
}

fn median(v: &mut [f32]) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

/// Clockwise order around the centroid (image y points down).
fn clockwise<const N: usize>(pts: [(f64, f64); N]) -> [(f64, f64); N] {
    let cx = pts.iter().map(|p| p.0).sum::<f64>() / N as f64;
    let cy = pts.iter().map(|p| p.1).sum::<f64>() / N as f64;
    let mut out = pts;
    out.sort_by(|a, b| {
        (a.1 - cy)
            .atan2(a.0 - cx)
            .total_cmp(&(b.1 - cy).atan2(b.0 - cx))
    });
    out
}

/// Clockwise quarter turn of the page in the photo, from where `h` puts its top marks.
pub(crate) fn orientation(h: &Homography, centres: &[Point; 4]) -> u16 {
    let a = h.apply(centres[0].x, centres[0].y);
    let b = h.apply(centres[1].x, centres[1].y);
    let deg = (b.1 - a.1).atan2(b.0 - a.0).to_degrees();
    (((deg / 90.0).round() as i64).rem_euclid(4) * 90) as u16
}

/// Tries `photo` (page order) against every geometry.
pub fn locate_fixed(
    img: &GrayImage,
    photo: [(f64, f64); 4],
    geoms: &[Geometry],
) -> Option<Located> {
    locate_with(img, photo, geoms, read_tag).or_else(|| locate_with(img, photo, geoms, search_tag))
}

fn locate_with(
    img: &GrayImage,
    photo: [(f64, f64); 4],
    geoms: &[Geometry],
    read: TagReader,
) -> Option<Located> {
    for g in geoms {
        let page = g.centres.map(pt);
        let Some(h) = Homography::from_points(&page, &photo) else {
            continue;
        };
        if let Some(tag) = read(img, &h, &g.tag) {
            return Some(Located {
                h,
                corners: photo,
                page: tag.id,
                identity: Identity::Tag,
                orientation: orientation(&h, &g.centres),
            });
        }
    }
    None
}

fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

fn quad_area(q: &[(f64, f64); 4]) -> f64 {
    let mut a = 0.0;
    for i in 0..4 {
        let (p, n) = (q[i], q[(i + 1) % 4]);
        a += p.0 * n.1 - n.0 * p.1;
    }
    a.abs() / 2.0
}

/// Three marks and the tag found through them: a first map of the page (affine, so without
/// its perspective), for registration to finish.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreeMarks {
    pub h: Homography,
    pub tag: Decoded,
    /// The page's marks that were found: (page point, photo px).
    pub marks: Vec<(Point, (f64, f64))>,
    /// 1 top-left … 4 bottom-left: the one not found.
    pub missing: u8,
}

/// Why the marks alone did not place the page, and what they did show.
#[derive(Debug, Clone, PartialEq)]
pub struct NotLocated {
    pub rejection: Rejection,
    pub three: Option<Box<ThreeMarks>>,
}

/// Finds the page from mark candidates, or says which mark is missing.
pub fn locate(img: &GrayImage, marks: &[Mark], geoms: &[Geometry]) -> Result<Located, NotLocated> {
    let n = marks.len().min(12);
    let mut quads: Vec<(f64, [(f64, f64); 4])> = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            for c in b + 1..n {
                for d in c + 1..n {
                    let ms = [marks[a], marks[b], marks[c], marks[d]];
                    let (lo, hi) = ms.iter().fold((f64::MAX, 0f64), |(lo, hi), m| {
                        (lo.min(m.size), hi.max(m.size))
                    });
                    if hi > lo * 1.8 {
                        continue;
                    }
                    let q = clockwise(ms.map(|m| (m.x, m.y)));
                    quads.push((quad_area(&q), q));
                }
            }
        }
    }
    quads.sort_by(|a, b| b.0.total_cmp(&a.0));
    let passes: [(usize, TagReader); 2] = [(8, read_tag), (2, search_tag)];
    for (take, read) in passes {
        for (_, q) in quads.iter().take(take) {
            for k in 0..4 {
                let photo = [q[k], q[(k + 1) % 4], q[(k + 2) % 4], q[(k + 3) % 4]];
                if let Some(found) = locate_with(img, photo, geoms, read) {
                    return Ok(found);
                }
            }
        }
    }
    // Three marks: an affine guess is close enough to read the tag and name the missing one.
    let n3 = marks.len().min(8);
    for a in 0..n3 {
        for b in a + 1..n3 {
            for c in b + 1..n3 {
                let t = clockwise([marks[a], marks[b], marks[c]].map(|m| (m.x, m.y)));
                for (missing, shift) in (0..4).flat_map(|m| (0..3).map(move |s| (m, s))) {
                    let t = [t[shift], t[(shift + 1) % 3], t[(shift + 2) % 3]];
                    for g in geoms {
                        let page = [1, 2, 3].map(|i| pt(g.centres[(missing + i) % 4]));
                        // The two sides must have the page's proportions; this keeps the wide
                        // tag search below for the few assignments that can be right.
                        let ratio = (dist(t[0], t[1]) / dist(t[1], t[2]).max(1e-9))
                            / (dist(page[0], page[1]) / dist(page[1], page[2]).max(1e-9));
                        if !(0.7..=1.45).contains(&ratio) {
                            continue;
                        }
                        let Some(h) = Homography::affine(&page, &t) else {
                            continue;
                        };
                        // Without the fourth mark perspective is unknown: search further.
                        if let Some(tag) = search_tag_within(img, &h, &g.tag, 10) {
                            let pages = [1, 2, 3].map(|i| g.centres[(missing + i) % 4]);
                            return Err(NotLocated {
                                rejection: Rejection::CornerNotFound {
                                    corner: missing as u8 + 1,
                                },
                                three: Some(Box::new(ThreeMarks {
                                    h,
                                    tag,
                                    marks: pages.into_iter().zip(t).collect(),
                                    missing: missing as u8 + 1,
                                })),
                            });
                        }
                    }
                }
            }
        }
    }
    let rejection = if marks.len() >= 4 {
        Rejection::TagNotDecoded
    } else {
        Rejection::CornersNotFound {
            found: marks.len() as u8,
        }
    };
    Err(NotLocated {
        rejection,
        three: None,
    })
}
