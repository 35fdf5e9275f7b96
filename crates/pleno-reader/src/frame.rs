//! Finding the page when its four corner marks do not: a mark cut off or bent by the frame or
//! a scanner's crop, a sheet photographed in halves, only the tag in view. Each way of getting
//! a first, rough map of the page — three marks, the tag's own corners (with any marks near
//! where they predict), two marks of a page the clerk named — is finished by registration on
//! the printed structure ([`crate::register`]); the map most of the page agrees with wins.
//! The page's identity comes from its tag wherever the tag is in the photo; a photo without
//! it is read only as the page the caller names.

use image::GrayImage;
use pleno_core::template::tag::Decoded;
use pleno_core::template::{Point, TagSpec, Template};

use crate::corners::{self, Mark};
use crate::error::Rejection;
use crate::geom::{Homography, Model, Pair};
use crate::register::{Known, Registration, register};
use crate::stages::Seen;
use crate::tagfind::{FoundTag, find_tags};
use crate::tagread::{self, Identity, Located, NotLocated};

/// How the page was found, for the reading's record and the debug picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Framing {
    /// All four corner marks.
    Marks,
    /// Marks the caller placed by hand.
    Manual,
    /// Three marks, the fourth out of view; the printed structure did the rest.
    ThreeMarks,
    /// The tag's corners (and any marks near where they put them), then the structure.
    Tag,
    /// Two marks of the page the caller named (half a sheet), then the structure.
    TwoMarks,
    /// A page that prints no marks: the outer corners of its printed lines.
    Rulings,
}

/// A rough map of the page to be registered.
struct Guess {
    tag_id: u16,
    /// The tag as read, when it was.
    tag: Option<Decoded>,
    h: Homography,
    known: Vec<Known>,
    framing: Framing,
}

/// The page found without its four marks, and how.
pub struct Recovered {
    pub located: Located,
    pub framing: Framing,
}

/// What the search has to go on: the photo, its search copy (`full` box-filtered by
/// `factor`) and the mark candidates found on it.
pub struct Search<'a> {
    pub grey: &'a GrayImage,
    pub small: &'a GrayImage,
    pub factor: u32,
    pub marks: &'a [Mark],
}

/// Tries every other way to place the page. `failed` is why the marks alone did not;
/// `expected` the page the caller names; `template_of` the page of a tag id.
pub fn recover(
    search: &Search<'_>,
    expected: Option<u16>,
    template_of: &dyn Fn(u16) -> Option<Template>,
    failed: NotLocated,
    seen: &mut Seen,
) -> Result<Recovered, Rejection> {
    let Search {
        grey,
        small,
        factor,
        marks,
    } = *search;
    let mut guesses: Vec<Guess> = Vec::new();
    if let Some(three) = failed.three.as_deref() {
        guesses.push(Guess {
            tag_id: three.tag.id,
            tag: Some(three.tag),
            h: three.h,
            known: three
                .marks
                .iter()
                .map(|(page, photo)| Known {
                    page: *page,
                    photo: *photo,
                })
                .collect(),
            framing: Framing::ThreeMarks,
        });
    }
    let tags = find_tags(grey, small, factor);
    seen.tags.clone_from(&tags);
    for t in &tags {
        if let Some(tpl) = template_of(t.decoded.id) {
            guesses.extend(from_tag(grey, t, &tpl, marks));
        }
    }
    if guesses.is_empty()
        && let Some(id) = expected
        && let Some(tpl) = template_of(id)
    {
        // Two marks fit many ways: keep the few the page's large structure agrees with most.
        let mut ranked: Vec<(usize, Guess)> = from_two_marks(id, &tpl, marks)
            .into_iter()
            .map(|g| {
                let score = register(grey, &tpl, g.h, &g.known, true).map_or(0, |r| r.agreeing);
                (score, g)
            })
            .filter(|(score, _)| *score > 0)
            .collect();
        ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
        guesses.extend(ranked.into_iter().take(2).map(|(_, g)| g));
    }
    let mut best: Option<(Guess, Registration, Template)> = None;
    // The page a read tag names and the largest share of its print any map held, should none
    // be trusted: the refusal then says the page was known and not placed, not that no tag
    // was read.
    let mut named: Option<(u16, f64)> = None;
    for g in guesses {
        let Some(tpl) = template_of(g.tag_id) else {
            continue;
        };
        if let Some(e) = expected
            && e != g.tag_id
        {
            return Err(Rejection::WrongPage {
                expected: e,
                found: g.tag_id,
            });
        }
        let reg = register(grey, &tpl, g.h, &g.known, false);
        if g.tag.is_some() {
            let share = reg
                .as_ref()
                .map_or(0.0, |r| r.agreeing as f64 / r.blocks.max(1) as f64);
            if named.is_none_or(|(_, s)| share > s) {
                named = Some((g.tag_id, share));
            }
        }
        let Some(reg) = reg else {
            continue;
        };
        // A mark the guess placed by looking where its map put it is as found as any.
        let found: Vec<(f64, f64)> = g
            .known
            .iter()
            .filter(|k| tpl.marks.centres.contains(&k.page))
            .map(|k| k.photo)
            .chain(marks.iter().map(|m| (m.x, m.y)))
            .collect();
        let seen = marks_seen(&reg.h, &tpl, &found, grey);
        if !reg.trustworthy(share_needed(&g, &seen))
            || !(seen.agree() || tag_anchored(&g, &reg, &tpl, grey))
        {
            continue;
        }
        let better = best
            .as_ref()
            .is_none_or(|(_, b, _)| (reg.agreeing, -reg.rms_mm) > (b.agreeing, -b.rms_mm));
        if better {
            best = Some((g, reg, tpl));
        }
    }
    let Some((g, reg, tpl)) = best else {
        return Err(match named {
            Some((page, share)) => Rejection::PageNotPlaced {
                page,
                percent: (share * 100.0).round() as u8,
            },
            None => failed.rejection,
        });
    };
    // Where the tag is in the photo it must read as the page placed (a guess from two marks
    // must not read another page's fields).
    let read = tpl
        .tag
        .as_ref()
        .and_then(|spec| tagread::search_tag(grey, &reg.h, spec));
    let tag = match read {
        Some(d) if d.id != g.tag_id => {
            return Err(Rejection::WrongPage {
                expected: g.tag_id,
                found: d.id,
            });
        }
        Some(d) => Some(d),
        None => g.tag,
    };
    let corners = tpl.marks.centres.map(|c| reg.h.apply(c.x, c.y));
    let orientation = tagread::orientation(&reg.h, &tpl.marks.centres);
    Ok(Recovered {
        located: Located {
            h: reg.h,
            corners,
            page: g.tag_id,
            identity: if tag.is_some() {
                Identity::Tag
            } else {
                Identity::Named
            },
            orientation,
        },
        framing: g.framing,
    })
}

/// The share of the compared blocks that must agree with a guess's registered map. Without
/// the tag (two marks of the page the caller names) the blocks also vouch for the page's
/// identity, and another page's identical signature grids match too: named as another page,
/// 48 bottom halves agreed on at most 38 % (with 8 blocks or more); named right, 62–100 %
/// wherever the registration held.
/// With the tag they vouch only for the map; where three marks are found where the map puts
/// them as well, the map is held at the page's ends and the blocks only refine it. Glare and
/// blur hide structure, and a block that matches nowhere counts against: such photos, tag and
/// three marks in view, agreed on 41–49 % (`framing_cases --case 7` and `8`; docs/reader.md).
fn share_needed(g: &Guess, seen: &MarksSeen) -> f64 {
    match (g.tag.is_some(), seen.found >= 3) {
        (false, _) => 0.6,
        (true, false) => 0.5,
        (true, true) => 0.35,
    }
}

/// Of the corner marks a map puts wholly inside the photo, how many were found there.
struct MarksSeen {
    inside: usize,
    found: usize,
}

impl MarksSeen {
    /// Whether the corner marks are where the map puts them: every one inside the photo must
    /// have been found there, but one (a thumb may cover it) when three are. A map that
    /// matched a page of identical rows one row off puts the marks where there are none.
    fn agree(&self) -> bool {
        self.found == self.inside || (self.found >= 3 && self.inside - self.found == 1)
    }
}

fn marks_seen(h: &Homography, t: &Template, found: &[(f64, f64)], img: &GrayImage) -> MarksSeen {
    let (w, hh) = (f64::from(img.width()), f64::from(img.height()));
    let mut seen = MarksSeen {
        inside: 0,
        found: 0,
    };
    for c in t.marks.centres {
        let (x, y) = h.apply(c.x, c.y);
        let scale = h.scale_at(c.x, c.y);
        let r = 2.0 * t.marks.square * scale;
        if x - r < 0.0 || y - r < 0.0 || x + r >= w || y + r >= hh {
            continue;
        }
        seen.inside += 1;
        let near = (3.0 * scale).max(r * 0.25);
        if found.iter().any(|m| (m.0 - x).hypot(m.1 - y) < near) {
            seen.found += 1;
        }
    }
    seen
}

/// Whether a map from the tag holds without the marks (a thumb, glare or shadow over them):
/// the tag reads again where the map puts it, so a map one row of identical boxes off, which
/// the mark check exists for, cannot pass. The share of agreeing blocks is the tag's bar
/// (half): a higher one (70 %) refused six of 96 poor photos that are placed within 1 mm
/// now that each field leans (`framing_cases --case 8`; docs/reader.md).
fn tag_anchored(g: &Guess, reg: &Registration, t: &Template, img: &GrayImage) -> bool {
    g.tag.is_some()
        && t.tag
            .as_ref()
            .and_then(|spec| tagread::search_tag(img, &reg.h, spec))
            .is_some_and(|d| d.id == g.tag_id)
}

/// The page corners of the tag's black square, in page order (TL, TR, BR, BL).
fn tag_corners(spec: &TagSpec) -> [Point; 4] {
    spec.rect.corners()
}

/// A first map from the tag's four corners, with the marks found near where it puts them.
fn from_tag(grey: &GrayImage, found: &FoundTag, t: &Template, marks: &[Mark]) -> Vec<Guess> {
    let Some(spec) = &t.tag else {
        return Vec::new();
    };
    // The sampled grid shows the canonical tag turned by `decoded.rotation`; the page prints it
    // turned by `tag.rotation`: the page is turned by the difference in the photo, so the
    // page's top-left tag corner is that many corners further round the sampled quadrilateral.
    let turn = usize::from((found.decoded.rotation + 360 - spec.rotation) % 360 / 90);
    let page = tag_corners(spec);
    let photo: [(f64, f64); 4] = std::array::from_fn(|i| found.corners[(i + turn) % 4]);
    let Some(h_tag) = Homography::from_points(&page.map(|p| (p.x, p.y)), &photo) else {
        return Vec::new();
    };
    let tag_known: Vec<Known> = page
        .iter()
        .zip(photo)
        .map(|(p, q)| Known { page: *p, photo: q })
        .collect();
    // Marks near their predicted places. The tag's small square extrapolates roughly (accept
    // within a tenth of the page, and only marks of about the right size); each mark found
    // corrects the map, which then puts the others closer to where a tilted page has them.
    let mut h = h_tag;
    let mut picked: Vec<Known> = Vec::new();
    for _ in 0..3 {
        let before = picked.len();
        for c in t.marks.centres {
            if picked.iter().any(|k| k.page == c) {
                continue;
            }
            let (px, py) = h.apply(c.x, c.y);
            let reach = t.width.max(t.height) * 0.1 * h.scale_at(c.x, c.y);
            let near = marks
                .iter()
                .find(|m| (m.x - px).hypot(m.y - py) < reach && mark_sized(t, &h, c, m));
            if let Some(m) = near {
                picked.push(at_mark(c, m));
            }
        }
        if picked.len() == before {
            break;
        }
        h = fit_known(&tag_known, &picked).unwrap_or(h_tag);
    }
    // A steeply tilted page puts the far marks beyond any reach the small tag can promise: a
    // mark anywhere that every point found so far agrees with (in mm of the page) is taken.
    while picked.len() < 4 {
        let Some(best) = consistent_mark(t, &tag_known, &picked, marks) else {
            break;
        };
        picked.push(best);
        h = fit_known(&tag_known, &picked).unwrap_or(h);
    }
    // A mark next to the tag hidden (a thumb, glare) leaves only marks far from it, beyond
    // the reach the small tag can promise: the pair of them the tag agrees with best.
    if picked.len() < 2
        && let Some(pair) = pair_beyond_reach(t, &tag_known, &picked, marks)
    {
        picked.extend(pair);
        h = fit_known(&tag_known, &picked).unwrap_or(h);
    }
    // A far mark the photo-wide search passed over (small, its squares smeared together),
    // looked for where the map now puts it and taken where it fits as well as a found one.
    for c in t.marks.centres {
        if picked.len() < 2 || picked.iter().any(|k| k.page == c) {
            continue;
        }
        let (px, py) = h.apply(c.x, c.y);
        let scale = h.scale_at(c.x, c.y);
        let size = 2.0 * t.marks.square * scale;
        let Some(m) = corners::checker_near(grey, (px, py), size, NEAR_REACH_MM * scale) else {
            continue;
        };
        let cand = at_mark(c, &m);
        let all: Vec<Known> = picked.iter().copied().chain([cand]).collect();
        if let Some((fitted, worst)) = fit_all(&tag_known, &all)
            && worst < 1.5
        {
            picked.push(cand);
            h = fitted;
        }
    }
    let known: Vec<Known> = tag_known
        .iter()
        .copied()
        .chain(picked.iter().copied())
        .collect();
    let guess = |h| Guess {
        tag_id: found.decoded.id,
        tag: Some(found.decoded),
        h,
        known: known.clone(),
        framing: Framing::Tag,
    };
    let mut out = vec![guess(h)];
    // Two marks: the affine map cannot follow the perspective along the line between them (a
    // tilted plano is foreshortened by centimetres there), which the tag's own size beside one
    // end tells; a projective fit of the same points can, but where the marks are close
    // together it may bend wildly elsewhere. Both are tried; the registration keeps the one
    // more of the page agrees with.
    if picked.len() == 2 {
        let pairs: Vec<Pair> = known
            .iter()
            .map(|k| Pair::new((k.page.x, k.page.y), k.photo, 1.0))
            .collect();
        if let Some(p) = Homography::fit(Model::Projective, &pairs) {
            out.push(guess(p));
        }
    }
    out
}

/// Worst disagreement (mm on the page) of a map with the points it was fitted to.
fn worst_mm(h: &Homography, points: &[Known]) -> f64 {
    points
        .iter()
        .map(|k| {
            let (x, y) = h.apply(k.page.x, k.page.y);
            (x - k.photo.0).hypot(y - k.photo.1) / h.scale_at(k.page.x, k.page.y).max(1e-9)
        })
        .fold(0.0, f64::max)
}

/// The one further corner mark that fits the tag and the marks already placed best, if any
/// fits within 1.5 mm everywhere (a wrong one bends the fitted map by centimetres).
fn consistent_mark(t: &Template, tag: &[Known], picked: &[Known], marks: &[Mark]) -> Option<Known> {
    if picked.len() < 2 {
        return None;
    }
    let mut best: Option<(f64, Known)> = None;
    for c in t.marks.centres {
        if picked.iter().any(|k| k.page == c) {
            continue;
        }
        for m in marks.iter().take(8) {
            if picked.iter().any(|k| k.photo == (m.x, m.y)) {
                continue;
            }
            let cand = at_mark(c, m);
            let all: Vec<Known> = picked.iter().copied().chain([cand]).collect();
            let Some((h, worst)) = fit_all(tag, &all) else {
                continue;
            };
            if !mark_sized(t, &h, c, m) {
                continue;
            }
            if worst < 1.5 && best.as_ref().is_none_or(|b| worst < b.0) {
                best = Some((worst, cand));
            }
        }
    }
    best.map(|b| b.1)
}

/// How far (mm of the page) from where the tag and two marks put a third mark it is looked
/// for when the photo-wide search passed it over.
const NEAR_REACH_MM: f64 = 40.0;

/// Worst disagreement (share of the page's longer side) of the tag with the pair of far marks
/// fitted to it. The affine fit cannot follow a tilted photo's perspective: the true pair of a
/// plano tilted like `framing_cases --case 8` seed 84 disagrees by 5.7 mm (0.6 %).
const PAIR_BOUND: f64 = 0.01;
/// How much worse the next best pair must fit: marks in boxes ("8", "X") fit within 15 mm
/// where the true pair fits within 5.7 mm (seed 84).
const PAIR_MARGIN: f64 = 2.0;

/// Two further corner marks, each of them at a page corner not yet placed, that the tag's
/// corners and the marks already placed agree with best (mm on the page), with the marks' own
/// size as the map puts them; none when another pair fits nearly as well.
fn pair_beyond_reach(
    t: &Template,
    tag: &[Known],
    picked: &[Known],
    marks: &[Mark],
) -> Option<[Known; 2]> {
    let free: Vec<Point> = t
        .marks
        .centres
        .into_iter()
        .filter(|c| picked.iter().all(|k| k.page != *c))
        .collect();
    let cands: Vec<&Mark> = marks
        .iter()
        .take(8)
        .filter(|m| picked.iter().all(|k| k.photo != (m.x, m.y)))
        .collect();
    let mut best: Option<(f64, [Known; 2])> = None;
    let mut runner_up: Option<f64> = None;
    for (i, &a) in free.iter().enumerate() {
        for &b in &free[i + 1..] {
            for ma in &cands {
                for mb in &cands {
                    if std::ptr::eq(*ma, *mb) {
                        continue;
                    }
                    let pair = [at_mark(a, ma), at_mark(b, mb)];
                    let all: Vec<Known> = picked.iter().copied().chain(pair).collect();
                    let Some((h, worst)) = fit_all(tag, &all) else {
                        continue;
                    };
                    if !(mark_sized(t, &h, a, ma) && mark_sized(t, &h, b, mb)) {
                        continue;
                    }
                    if best.as_ref().is_none_or(|b| worst < b.0) {
                        runner_up = best.map(|b| b.0);
                        best = Some((worst, pair));
                    } else if runner_up.is_none_or(|r| worst < r) {
                        runner_up = Some(worst);
                    }
                }
            }
        }
    }
    let bound = PAIR_BOUND * t.width.max(t.height);
    best.filter(|b| b.0 < bound && runner_up.is_none_or(|r| r > PAIR_MARGIN * b.0))
        .map(|b| b.1)
}

/// A found mark as the photo's point of the page's corner mark at `page`.
fn at_mark(page: Point, m: &Mark) -> Known {
    Known {
        page,
        photo: (m.x, m.y),
    }
}

/// Whether mark `m` is about the size that map `h` draws the page's corner mark at `c`.
fn mark_sized(t: &Template, h: &Homography, c: Point, m: &Mark) -> bool {
    let size = 2.0 * t.marks.square * h.scale_at(c.x, c.y);
    (0.6..1.6).contains(&(m.size / size))
}

/// [`fit_known`] and its worst disagreement (mm on the page) with the points it was fitted to.
fn fit_all(tag: &[Known], marks: &[Known]) -> Option<(Homography, f64)> {
    let h = fit_known(tag, marks)?;
    let points: Vec<Known> = tag.iter().chain(marks).copied().collect();
    let worst = worst_mm(&h, &points);
    Some((h, worst))
}

/// The map the tag's corners and the marks found so far agree on: the tag alone is a small
/// square, so marks far from it decide; with few of them a plainer model is steadier.
fn fit_known(tag: &[Known], marks: &[Known]) -> Option<Homography> {
    let model = match marks.len() {
        0 => return None,
        1 => Model::Similarity,
        2 => Model::Affine,
        _ => Model::Projective,
    };
    let pairs: Vec<Pair> = tag
        .iter()
        .chain(marks)
        .map(|k| Pair::new((k.page.x, k.page.y), k.photo, 1.0))
        .collect();
    Homography::fit(model, &pairs)
}

/// First maps from two marks of a named page (half a sheet): every pair of found marks as
/// every pair of the page's marks on one side, when the marks' own size agrees with the
/// scale that assignment implies.
fn from_two_marks(id: u16, t: &Template, marks: &[Mark]) -> Vec<Guess> {
    let mut out = Vec::new();
    let c = t.marks.centres;
    let sides = [(0, 1), (3, 2), (0, 3), (1, 2)];
    let ms: Vec<&Mark> = marks.iter().take(5).collect();
    for (i, a) in ms.iter().enumerate() {
        for b in ms.iter().skip(i + 1) {
            for (p, q) in sides {
                for (m1, m2) in [(a, b), (b, a)] {
                    let (pp, pq) = (c[p], c[q]);
                    let page_len = (pp.x - pq.x).hypot(pp.y - pq.y);
                    let photo_len = (m1.x - m2.x).hypot(m1.y - m2.y);
                    let scale = photo_len / page_len;
                    let expect = f64::midpoint(m1.size, m2.size) / (2.0 * t.marks.square);
                    if !(0.7..1.4).contains(&(scale / expect)) {
                        continue;
                    }
                    let pairs = [
                        Pair::new((pp.x, pp.y), (m1.x, m1.y), 1.0),
                        Pair::new((pq.x, pq.y), (m2.x, m2.y), 1.0),
                    ];
                    let Some(h) = Homography::fit(Model::Similarity, &pairs) else {
                        continue;
                    };
                    // The checker's dark diagonal turns with the page: a quarter turn shows the
                    // other one.
                    let (ux, uy) = h.apply(pp.x + 1.0, pp.y);
                    let (ox, oy) = h.apply(pp.x, pp.y);
                    let quarter = ((uy - oy).atan2(ux - ox).to_degrees().rem_euclid(180.0) - 90.0)
                        .abs()
                        < 45.0;
                    let want = if quarter { -1 } else { 1 };
                    if [m1.diagonal, m2.diagonal]
                        .iter()
                        .any(|d| *d != 0 && *d != want)
                    {
                        continue;
                    }
                    out.push(Guess {
                        tag_id: id,
                        tag: None,
                        h,
                        known: vec![at_mark(pp, m1), at_mark(pq, m2)],
                        framing: Framing::TwoMarks,
                    });
                }
            }
        }
    }
    out
}
