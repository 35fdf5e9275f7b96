//! Pages printed without an AprilTag (layouts an office calibrated from such a sample). Their
//! four filled-square corner marks place the page; its printed digit boxes say which page it
//! is and which way up. A square looks the same in every turn, so every tagless page is tried
//! in every turn the marks allow: the boxes of the right page the right way up lie on dark
//! outlines, those of another page or turn mostly on paper, text or a box's inside.

use image::GrayImage;
use pleno_core::template::{Point, Rect, Template};

use crate::corners::Mark;
use crate::error::Rejection;
use crate::geom::{Homography, sample};
use crate::tagread::{Identity, Located, orientation};

/// Share of the box-side samples that must lie on a dark outline for a page to be taken.
const MIN_MATCH: f64 = 0.6;
/// Pages or turns whose share is within this of the best are settled on the boxes where they
/// differ; those further behind are out.
const MIN_LEAD: f64 = 0.2;
/// Reach of the outline search either side of where the marks put a box side, mm: paper
/// curl moves the middle of a sheet by a few mm from any plane map through its corners.
const REACH_MM: f64 = 2.0;
/// Where the paper beside the outline is looked at, mm from the side.
const PAPER_MM: f64 = 3.5;
/// Reach of the outline search on the boxes that settle close rivals, mm.
const TIGHT_MM: f64 = 0.8;
/// A box side this far from every box of another page is evidence between the two.
const APART_MM: f64 = 3.0;
/// Fewest such samples that count as evidence.
const MIN_EXCLUSIVE: usize = 6;
/// How much more of one page's own boxes than of the other's the photo must show.
const SETTLED: f64 = 0.4;

/// A page a tagless layout draws: its code and its template.
#[derive(Clone, Copy)]
pub struct Page<'a> {
    pub code: u16,
    pub template: &'a Template,
}

/// One page in one turn, and how much of its printed structure the photo shows.
#[derive(Debug, Clone, PartialEq)]
struct Fit<'a> {
    code: u16,
    template: &'a Template,
    h: Homography,
    photo: [(f64, f64); 4],
    /// Clockwise quarter turn of the page in the photo.
    turn: u16,
    /// Every box-side sample: where it lies in the photo and whether a dark outline is there.
    samples: Vec<((f64, f64), bool)>,
    /// The same, with the outline looked for within [`TIGHT_MM`] only (where two pages differ,
    /// any ink within the reach of paper curl is too easily found on a dense page).
    tight: Vec<((f64, f64), bool)>,
    share: f64,
}

/// Every map (page mm → photo px) that puts `t`'s corner marks on one of `quads`, in each turn
/// whose proportions agree: where a tagless page could lie before its boxes say which.
pub fn maps(quads: &[[(f64, f64); 4]], t: &Template) -> Vec<Homography> {
    let centres = t.marks.centres.map(|c| (c.x, c.y));
    quads
        .iter()
        .flat_map(|q| (0..4).map(move |k| std::array::from_fn(|i| q[(i + k) % 4])))
        .filter(|photo| proportions_agree(&centres, photo))
        .filter_map(|photo| Homography::from_points(&centres, &photo))
        .collect()
}

/// The quadrilaterals the square marks may form: for each size class of square candidates,
/// the outermost one towards each corner of the photo, clockwise from the top left.
pub fn quads(squares: &[Mark]) -> Vec<[(f64, f64); 4]> {
    let mut out: Vec<[(f64, f64); 4]> = Vec::new();
    for m in squares.iter().take(12) {
        let group: Vec<&Mark> = squares
            .iter()
            .filter(|o| o.size >= m.size * 0.75 && o.size <= m.size * 1.33)
            .collect();
        if group.len() < 4 {
            continue;
        }
        let pick = |key: &dyn Fn(&Mark) -> f64| {
            group
                .iter()
                .max_by(|a, b| key(a).total_cmp(&key(b)))
                .map(|m| (m.x, m.y))
        };
        let q = [
            pick(&|m| -(m.x + m.y)),
            pick(&|m| m.x - m.y),
            pick(&|m| m.x + m.y),
            pick(&|m| m.y - m.x),
        ];
        let Some(q) = q.into_iter().collect::<Option<Vec<_>>>() else {
            continue;
        };
        let q = [q[0], q[1], q[2], q[3]];
        let distinct = (0..4).all(|i| (i + 1..4).all(|j| q[i] != q[j]));
        if distinct && !out.contains(&q) {
            out.push(q);
        }
    }
    out
}

/// Where the quadrilaterals come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quads {
    /// Marks a person placed, in page order.
    Placed,
    /// Marks found on the photo, in any turn.
    Marks,
    /// The corners of the photo's rulings ([`crate::rulings`]), in any turn. Every form has
    /// rulings, so the boxes must agree more closely: measured, the right page matched 0.93–0.98
    /// of its samples, an installed sheet's layout on a photo of another (tagged) salinan sheet
    /// 0.72.
    Rulings,
}

/// Share of the samples a page must match on rulings' corners.
const MIN_MATCH_RULINGS: f64 = 0.85;

/// Which of `pages` the photo shows and where, from quadrilaterals of its marks or rulings
/// (clockwise from the photo's top left; see [`Quads`]). `expected` is the page the clerk
/// named: only it is tried.
pub fn locate(
    img: &GrayImage,
    quads: &[[(f64, f64); 4]],
    pages: &[Page<'_>],
    expected: Option<u16>,
    source: Quads,
) -> Result<Located, Rejection> {
    let any_turn = source != Quads::Placed;
    let min_match = if source == Quads::Rulings {
        MIN_MATCH_RULINGS
    } else {
        MIN_MATCH
    };
    let pages: Vec<&Page<'_>> = pages
        .iter()
        .filter(|p| expected.is_none_or(|e| e == p.code))
        .collect();
    let mut fits: Vec<Fit<'_>> = Vec::new();
    for q in quads {
        for page in &pages {
            let t = page.template;
            let centres = t.marks.centres.map(|c| (c.x, c.y));
            for k in 0..if any_turn { 4 } else { 1 } {
                let photo: [(f64, f64); 4] = std::array::from_fn(|i| q[(i + k) % 4]);
                if !proportions_agree(&centres, &photo) {
                    continue;
                }
                let Some(h) = Homography::from_points(&centres, &photo) else {
                    continue;
                };
                let samples = box_samples(img, &h, t, REACH_MM);
                let tight = box_samples(img, &h, t, TIGHT_MM);
                let hits = samples.iter().filter(|s| s.1).count();
                // Too few boxes on the photo to tell pages apart.
                let share = if samples.len() < 24 {
                    0.0
                } else {
                    hits as f64 / samples.len() as f64
                };
                fits.push(Fit {
                    code: page.code,
                    template: t,
                    h,
                    photo,
                    turn: orientation(&h, &t.marks.centres),
                    samples,
                    tight,
                    share,
                });
            }
        }
    }
    fits.sort_by(|a, b| b.share.total_cmp(&a.share));
    let unmatched = |share: f64| Rejection::StructureUnmatched {
        page: expected,
        percent: (share * 100.0).round() as u8,
    };
    let Some(first) = fits.first() else {
        return Err(unmatched(0.0));
    };
    if first.share < min_match {
        return Err(unmatched(first.share));
    }
    // Every other reading of the marks (another page, or this page in another turn) that the
    // boxes agree with nearly as well is settled on the boxes where the two differ.
    let close: Vec<&Fit<'_>> = fits
        .iter()
        .filter(|f| f.share >= first.share - MIN_LEAD)
        .collect();
    // The same page the same way up on another quadrilateral (a stray square taken for a
    // mark) is no rival: the better fit of the two is the map.
    let rivals = |a: &Fit<'_>, b: &Fit<'_>| a.code != b.code || a.turn != b.turn;
    let mut champion = close[0];
    for rival in &close[1..] {
        if !rivals(champion, rival) {
            continue;
        }
        match settle(champion, rival) {
            Some(true) => {}
            Some(false) if rival.share >= min_match => champion = rival,
            _ => {
                return Err(Rejection::StructureAmbiguous {
                    first: champion.code,
                    second: rival.code,
                });
            }
        }
    }
    // The one that won the last round must also have beaten those met before it.
    if let Some(rival) = close
        .iter()
        .find(|f| rivals(champion, f) && settle(champion, f) != Some(true))
    {
        return Err(Rejection::StructureAmbiguous {
            first: champion.code,
            second: rival.code,
        });
    }
    Ok(Located {
        h: champion.h,
        corners: champion.photo,
        page: champion.code,
        identity: if expected.is_some() {
            Identity::Named
        } else {
            Identity::Structure
        },
        orientation: champion.turn,
    })
}

/// Whether `a` rather than `b` is what the photo shows (None: the photo cannot tell), judged
/// on the boxes only one of them prints: those of `a` that `b` has nothing near must be there,
/// those of `b` that `a` has nothing near must not.
fn settle(a: &Fit<'_>, b: &Fit<'_>) -> Option<bool> {
    let a_only = exclusive_share(a, b);
    let b_only = exclusive_share(b, a);
    if a_only.is_none() && b_only.is_none() {
        return None;
    }
    let for_a = a_only.unwrap_or(1.0) - b_only.unwrap_or(0.0);
    let for_b = b_only.unwrap_or(1.0) - a_only.unwrap_or(0.0);
    if for_a >= SETTLED {
        Some(true)
    } else if for_b >= SETTLED {
        Some(false)
    } else {
        None
    }
}

/// Share of `a`'s samples with an outline among those farther than [`APART_MM`] from every
/// box of `b` (in `b`'s page); None when too few are.
fn exclusive_share(a: &Fit<'_>, b: &Fit<'_>) -> Option<f64> {
    let back = b.h.inverse()?;
    let (mut n, mut hits) = (0usize, 0usize);
    for &((x, y), hit) in &a.tight {
        let (px, py) = back.apply(x, y);
        let near = b
            .template
            .fields
            .iter()
            .flat_map(|f| f.boxes.iter())
            .any(|r| outline_distance(r, px, py) < APART_MM);
        if !near {
            n += 1;
            hits += usize::from(hit);
        }
    }
    (n >= MIN_EXCLUSIVE).then(|| hits as f64 / n as f64)
}

/// Distance (mm) from a point to a rectangle's outline.
fn outline_distance(r: &Rect, x: f64, y: f64) -> f64 {
    let dx = (r.x - x).max(x - r.right()).max(0.0);
    let dy = (r.y - y).max(y - r.bottom()).max(0.0);
    if dx > 0.0 || dy > 0.0 {
        return dx.hypot(dy);
    }
    (x - r.x)
        .min(r.right() - x)
        .min(y - r.y)
        .min(r.bottom() - y)
}

/// Whether the marks' quadrilateral has the page's proportions (a quarter turn of a page that
/// is not square does not; perspective and a slant are allowed for).
fn proportions_agree(page: &[(f64, f64); 4], photo: &[(f64, f64); 4]) -> bool {
    let d = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).hypot(a.1 - b.1);
    let across = |q: &[(f64, f64); 4]| d(q[0], q[1]) + d(q[3], q[2]);
    let down = |q: &[(f64, f64); 4]| d(q[0], q[3]) + d(q[1], q[2]);
    let ratio = (across(photo) / down(photo).max(1e-9)) / (across(page) / down(page).max(1e-9));
    (0.75..=1.33).contains(&ratio)
}

/// Sample points along the template's box sides (where `h` puts them in the photo), each
/// with whether the photo has a dark line there: darker than the paper a little further out
/// on either side. Points off the photo are left out.
fn box_samples(
    img: &GrayImage,
    h: &Homography,
    t: &Template,
    reach: f64,
) -> Vec<((f64, f64), bool)> {
    let mut out = Vec::new();
    let at = |p: Point| {
        let (x, y) = h.apply(p.x, p.y);
        sample(img, x, y)
    };
    for b in t.fields.iter().flat_map(|f| f.boxes.iter()) {
        let c = b.corners();
        for side in 0..4 {
            let (a, z) = (c[side], c[(side + 1) % 4]);
            let len = (z.x - a.x).hypot(z.y - a.y).max(1e-9);
            let normal = Point::new(-(z.y - a.y) / len, (z.x - a.x) / len);
            for frac in [0.3, 0.5, 0.7] {
                let p = Point::new(a.x + (z.x - a.x) * frac, a.y + (z.y - a.y) * frac);
                let off = |mm: f64| Point::new(p.x + normal.x * mm, p.y + normal.y * mm);
                let line = (-8..=8)
                    .map(|i| at(off(f64::from(i) * reach / 8.0)))
                    .collect::<Option<Vec<f32>>>();
                let (Some(line), Some(out_side), Some(in_side)) =
                    (line, at(off(PAPER_MM)), at(off(-PAPER_MM)))
                else {
                    continue;
                };
                let dark = line.iter().copied().fold(f32::MAX, f32::min);
                let paper = out_side.max(in_side);
                out.push((h.apply(p.x, p.y), paper - dark > (0.2 * paper).max(20.0)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fit whose samples are the box sides of `boxes` (mm = px), present where `shown`.
    fn fit<'a>(t: &'a Template, shown: &dyn Fn(f64, f64) -> bool) -> Fit<'a> {
        let mut samples = Vec::new();
        for b in t.fields.iter().flat_map(|f| f.boxes.iter()) {
            for (x, y) in [(b.x, b.centre().y), (b.right(), b.centre().y)] {
                samples.push(((x, y), shown(x, y)));
            }
        }
        Fit {
            code: t.tag_id,
            template: t,
            h: Homography([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]),
            photo: [(0.0, 0.0); 4],
            turn: 0,
            share: 1.0,
            tight: samples.clone(),
            samples,
        }
    }

    fn page(code: u16, xs: &[f64]) -> Template {
        let cat = pleno_core::Catalogue::new(&pleno_core::Ballot::ppwp_2024());
        let mut t = Template::for_tag(1102, &cat, None).expect("salinan page");
        t.tag_id = code;
        for (f, x) in t.fields.iter_mut().zip(xs.iter().cycle()) {
            for (i, b) in f.boxes.iter_mut().enumerate() {
                b.x = x + 8.0 * i as f64;
            }
        }
        t
    }

    /// Whether a point lies on one of `t`'s box outlines: a photo of `t`.
    fn photo_of(t: &Template) -> impl Fn(f64, f64) -> bool + '_ {
        |x, y| {
            t.fields
                .iter()
                .flat_map(|f| f.boxes.iter())
                .any(|b| outline_distance(b, x, y) < 0.5)
        }
    }

    #[test]
    fn two_pages_are_told_apart_on_the_boxes_only_one_prints() {
        // Every other row of page 2 lies elsewhere than page 1's.
        let one = page(1, &[160.0]);
        let two = page(2, &[160.0, 100.0]);
        let of_one = photo_of(&one);
        assert_eq!(settle(&fit(&one, &of_one), &fit(&two, &of_one)), Some(true));
        let of_two = photo_of(&two);
        assert_eq!(
            settle(&fit(&one, &of_two), &fit(&two, &of_two)),
            Some(false)
        );
        // Identical structures cannot be told apart.
        let three = page(3, &[160.0]);
        assert_eq!(settle(&fit(&one, &of_one), &fit(&three, &of_one)), None);
    }

    #[test]
    fn distance_to_an_outline_inside_and_outside() {
        let r = Rect::new(10.0, 10.0, 8.0, 6.0);
        assert!((outline_distance(&r, 11.0, 13.0) - 1.0).abs() < 1e-9);
        assert!((outline_distance(&r, 14.0, 20.0) - 4.0).abs() < 1e-9);
        assert!((outline_distance(&r, 21.0, 20.0) - 5.0).abs() < 1e-9);
    }
}
