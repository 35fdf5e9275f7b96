//! Registering a page by its printed structure, when the corner marks alone cannot place it
//! (a mark cut off by the frame or a scanner's crop, half a sheet, only the tag in view).
//!
//! Starting from a rough map (a few marks, the tag's corners), the photo is warped back onto
//! the page and compared, block by block, with the template's own rulings, box outlines,
//! bubbles, marks and tag: each block's best shift (normalised cross-correlation) says where
//! that part of the page really is. A robust fit of all the shifts corrects the map; the rounds
//! go from coarse and far-reaching to fine. Blocks of a page hold many lines in both
//! directions, so a block does not lock onto a neighbouring ruling the way one line would.

use image::GrayImage;
use pleno_core::template::{Point, Rect, Template};

use crate::geom::{Homography, Model, Pair, sample};

/// Page sampling of the finest warp, px per mm; coarser levels are block means of it.
const BASE_PPM: f64 = 2.0;
/// Smallest normalised correlation a block's best shift must reach to count.
const MIN_NCC: f32 = 0.3;
/// Fewest blocks that must agree with the final map: a few blocks pinned by the marks they
/// hold agree with any map through those marks.
const MIN_AGREEING: usize = 8;
/// Share of a block that must lie on the photo to be compared.
const MIN_ON_PHOTO: usize = 6;

const IDENTITY: Homography = Homography([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);

/// Where a page point is known to be in the photo (a found mark or tag corner).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Known {
    pub page: Point,
    pub photo: (f64, f64),
}

/// The outcome of a registration.
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    /// Page mm → photo px.
    pub h: Homography,
    /// Blocks of the last round that hold structure and lie on the photo, and how many of them
    /// matched where the fitted map puts them (to within [`AGREE_MM`]). A block that matched
    /// nowhere counts against: another page with the same signature grids matches only there.
    pub blocks: usize,
    pub agreeing: usize,
    /// Root mean square of the agreeing blocks' residuals, mm.
    pub rms_mm: f64,
}

impl Registration {
    /// Whether enough of the page agrees with the map to read its fields: at least
    /// [`MIN_AGREEING`] blocks and `share` of those compared. Where no tag vouches for the
    /// page's identity the share must be higher: another page's identical signature grids
    /// match too (measured: 29–40 % of a wrong page's blocks, 65–100 % of the right one's).
    pub fn trustworthy(&self, share: f64) -> bool {
        self.agreeing >= MIN_AGREEING && self.agreeing as f64 >= self.blocks as f64 * share
    }
}

/// One round: sampling level, search reach, which blocks, which model, and how far a block
/// may lie from the fitted map and still count (paper curl moves parts of a plano by several
/// mm from any plane map; each field's own alignment takes up the rest).
struct Round {
    ppm: f64,
    /// Side and spacing of the comparison blocks, mm.
    block_mm: f64,
    stride_mm: f64,
    search_mm: f64,
    /// Only blocks whose centre lies this close to a known point (mm).
    near_mm: f64,
    model: Model,
    tolerance_mm: f64,
}

/// How far (mm) a block may lie from the final map and still agree with it: what each
/// field's local alignment absorbs with room to spare.
pub const AGREE_MM: f64 = 3.0;

/// A page-space raster, row-major; `None` where the photo has no pixel.
struct Raster {
    w: usize,
    h: usize,
    ppm: f64,
    v: Vec<f32>,
    valid: Vec<bool>,
}

impl Raster {
    fn new(w: usize, h: usize, ppm: f64) -> Raster {
        Raster {
            w,
            h,
            ppm,
            v: vec![0.0; w * h],
            valid: vec![true; w * h],
        }
    }

    /// Block mean by an integer factor (a missing pixel makes its block missing).
    fn shrink(&self, f: usize) -> Raster {
        let (w, h) = (self.w / f, self.h / f);
        let mut out = Raster::new(w, h, self.ppm / f as f64);
        for y in 0..h {
            for x in 0..w {
                let (mut s, mut ok) = (0.0, true);
                for j in 0..f {
                    for i in 0..f {
                        let k = (y * f + j) * self.w + x * f + i;
                        s += self.v[k];
                        ok &= self.valid[k];
                    }
                }
                out.v[y * w + x] = s / (f * f) as f32;
                out.valid[y * w + x] = ok;
            }
        }
        out
    }
}

/// Refines `h0` (page mm → photo px) on the printed structure of `t`. `known` are page points
/// whose photo position is certain; they take part in every fit and anchor the first rounds.
/// `coarse_only` stops after the first, far-reaching round: enough to rank many first maps.
pub fn register(
    img: &GrayImage,
    t: &Template,
    h0: Homography,
    known: &[Known],
    coarse_only: bool,
) -> Option<Registration> {
    let model = structure(t);
    let mut h = h0;
    let far = t.width.max(t.height) * 2.0;
    let round = |ppm, search_mm, near_mm, model, tolerance_mm| Round {
        ppm,
        block_mm: 110.0,
        stride_mm: 90.0,
        search_mm,
        near_mm,
        model,
        tolerance_mm,
    };
    // The map grows out from what is known: first the blocks near the known points, then
    // those near the blocks that agreed, then all; a first map out by centimetres far from the
    // known points is corrected step by step before those parts are compared (a page of
    // identical candidate rows would otherwise match one row off). Then it is refined.
    let rounds = [
        round(0.5, 16.0, 220.0, Model::Affine, 8.0),
        round(0.5, 16.0, 200.0, Model::Projective, 8.0),
        round(0.5, 16.0, 200.0, Model::Projective, 8.0),
        round(0.5, 16.0, far, Model::Projective, 6.0),
        round(1.0, 6.0, far, Model::Projective, 4.0),
        round(1.0, 3.0, far, Model::Projective, AGREE_MM),
    ];
    let mut last = None;
    let rounds = if coarse_only {
        &rounds[..1]
    } else {
        &rounds[..]
    };
    // Page points trusted so far: the known ones, then the blocks that agreed.
    let mut trusted: Vec<Point> = known.iter().map(|k| k.page).collect();
    for round in rounds {
        let centres = block_centres(t, &trusted, &h, round);
        // Only the part of the page this round compares is warped.
        let reach = round.block_mm / 2.0 + round.search_mm + 2.0;
        let roi = centres.iter().fold(None::<Rect>, |r, c| {
            let b = Rect::new(c.x - reach, c.y - reach, 2.0 * reach, 2.0 * reach);
            Some(r.map_or(b, |r| {
                let (x0, y0) = (r.x.min(b.x), r.y.min(b.y));
                let (x1, y1) = (r.right().max(b.right()), r.bottom().max(b.bottom()));
                Rect::new(x0, y0, x1 - x0, y1 - y0)
            }))
        });
        let Some(roi) = roi else {
            continue;
        };
        let photo = warp(img, &h, t.width, t.height, roi);
        let f = (BASE_PPM / round.ppm).round() as usize;
        let (p, m) = (photo.shrink(f), model.shrink(f));
        let shifts: Vec<Block> = crate::par::map(&centres, |c| block_shift(&m, &p, *c, round));
        let comparable = shifts
            .iter()
            .filter(|b| !matches!(b, Block::Skipped))
            .count();
        let found: Vec<(Point, (f64, f64))> = centres
            .iter()
            .zip(&shifts)
            .filter_map(|(c, b)| match b {
                Block::Shift(d) => Some((*c, *d)),
                _ => None,
            })
            .collect();
        // A round that finds too little to fit leaves the map as it was.
        let (c, agreed, rms) = fit(&found, known, &h, round.model, round.tolerance_mm).unwrap_or((
            IDENTITY,
            Vec::new(),
            0.0,
        ));
        let agreeing = agreed.len();
        trusted.extend(agreed);
        h = h.after(&c);
        last = Some(Registration {
            h,
            blocks: comparable,
            agreeing,
            rms_mm: rms,
        });
    }
    last
}

/// Centres (page mm) of the blocks worth comparing: those that hold printed structure and,
/// for the first round, lie near what is already known.
fn block_centres(t: &Template, trusted: &[Point], h: &Homography, round: &Round) -> Vec<Point> {
    let mut out = Vec::new();
    let (block, stride, near_mm) = (round.block_mm, round.stride_mm, round.near_mm);
    let half = block / 2.0;
    let nx = ((t.width - block) / stride).ceil().max(0.0) as usize + 1;
    let ny = ((t.height - block) / stride).ceil().max(0.0) as usize + 1;
    for j in 0..ny {
        for i in 0..nx {
            let cx = (half + i as f64 * stride).min(t.width - half);
            let cy = (half + j as f64 * stride).min(t.height - half);
            let c = Point::new(cx, cy);
            let near = trusted.is_empty()
                || trusted
                    .iter()
                    .any(|k| (k.x - cx).hypot(k.y - cy) <= near_mm);
            // The map must be defined there (a point behind the camera is not).
            let (px, py) = h.apply(cx, cy);
            if near && px.is_finite() && py.is_finite() {
                out.push(c);
            }
        }
    }
    out
}

/// The photo's ink darkness on the page grid at [`BASE_PPM`]: 1 − grey / local paper level.
fn warp(img: &GrayImage, h: &Homography, width: f64, height: f64, roi: Rect) -> Raster {
    let (w, hh) = ((width * BASE_PPM) as usize, (height * BASE_PPM) as usize);
    let px = |v: f64, n: usize| ((v * BASE_PPM).max(0.0) as usize).min(n);
    let (x0, x1) = (px(roi.x, w), px(roi.right(), w));
    let (y0, y1) = (px(roi.y, hh), px(roi.bottom(), hh));
    let rows: Vec<(Vec<f32>, Vec<bool>)> = crate::par::map(&crate::par::bands(hh), |b| {
        let mut v = Vec::with_capacity(b.len() * w);
        let mut ok = Vec::with_capacity(b.len() * w);
        for y in b.clone() {
            if !(y0..y1).contains(&y) {
                v.resize(v.len() + w, 0.0);
                ok.resize(ok.len() + w, false);
                continue;
            }
            let row = h.row((y as f64 + 0.5) / BASE_PPM);
            for x in 0..w {
                if !(x0..x1).contains(&x) {
                    v.push(0.0);
                    ok.push(false);
                    continue;
                }
                let (px, py) = row.apply((x as f64 + 0.5) / BASE_PPM);
                let g = sample(img, px, py);
                v.push(g.unwrap_or(0.0));
                ok.push(g.is_some());
            }
        }
        (v, ok)
    });
    let mut r = Raster::new(w, hh, BASE_PPM);
    r.v.clear();
    r.valid.clear();
    for (v, ok) in rows {
        r.v.extend(v);
        r.valid.extend(ok);
    }
    darkness(&mut r);
    r
}

/// Grey → ink darkness against the paper around it (a light gradient or shadow across the
/// page must not look like ink).
fn darkness(r: &mut Raster) {
    // Paper level: the brightest of the means of 8 mm cells around, so ink does not lower it.
    let cell = (8.0 * r.ppm) as usize;
    let (cw, ch) = (r.w.div_ceil(cell), r.h.div_ceil(cell));
    let mut paper = vec![0f32; cw * ch];
    for cy in 0..ch {
        for cx in 0..cw {
            let mut vals: Vec<f32> = Vec::new();
            for y in cy * cell..((cy + 1) * cell).min(r.h) {
                for x in cx * cell..((cx + 1) * cell).min(r.w) {
                    if r.valid[y * r.w + x] {
                        vals.push(r.v[y * r.w + x]);
                    }
                }
            }
            if !vals.is_empty() {
                let k = vals.len() * 9 / 10;
                vals.select_nth_unstable_by(k, f32::total_cmp);
                paper[cy * cw + cx] = vals[k];
            }
        }
    }
    let spread = paper.clone();
    for cy in 0..ch {
        for cx in 0..cw {
            let mut best = 0f32;
            for (dx, dy) in [(0i64, 0i64), (-1, 0), (1, 0), (0, -1), (0, 1)] {
                let (x, y) = (cx as i64 + dx, cy as i64 + dy);
                if x >= 0 && y >= 0 && (x as usize) < cw && (y as usize) < ch {
                    best = best.max(spread[y as usize * cw + x as usize]);
                }
            }
            paper[cy * cw + cx] = best;
        }
    }
    for y in 0..r.h {
        for x in 0..r.w {
            let k = y * r.w + x;
            let p = paper[(y / cell) * cw + x / cell];
            r.v[k] = if r.valid[k] && p > 1.0 {
                (1.0 - r.v[k] / p).max(0.0)
            } else {
                0.0
            };
        }
    }
}

/// The template's printed structure on the page grid at [`BASE_PPM`]: rulings, box and bubble
/// outlines, corner marks and the tag, as ink cover 0..1.
fn structure(t: &Template) -> Raster {
    let (w, h) = (
        (t.width * BASE_PPM) as usize,
        (t.height * BASE_PPM) as usize,
    );
    let mut r = Raster::new(w, h, BASE_PPM);
    let mut fill = |rect: Rect, ink: f32| {
        let x0 = (rect.x * BASE_PPM).floor().max(0.0) as usize;
        let y0 = (rect.y * BASE_PPM).floor().max(0.0) as usize;
        let x1 = ((rect.right() * BASE_PPM).ceil() as usize).min(w);
        let y1 = ((rect.bottom() * BASE_PPM).ceil() as usize).min(h);
        for y in y0..y1 {
            for x in x0..x1 {
                let v = &mut r.v[y * w + x];
                *v = v.max(ink);
            }
        }
    };
    let stroke = |a: Point, b: Point, width: f64| {
        let half = (width / 2.0).max(0.3);
        Rect::new(
            a.x.min(b.x) - half,
            a.y.min(b.y) - half,
            (a.x - b.x).abs() + 2.0 * half,
            (a.y - b.y).abs() + 2.0 * half,
        )
    };
    for l in &t.lines {
        // Only straight rulings along the axes are drawn; the page has no others worth it.
        if (l.a.x - l.b.x).abs() < 0.5 || (l.a.y - l.b.y).abs() < 0.5 {
            let ink = f32::from(255 - l.grey) / 255.0;
            fill(stroke(l.a, l.b, l.width), ink);
        }
    }
    let outline = |b: Rect, width: f64| {
        let c = b.corners();
        (0..4).map(move |i| stroke(c[i], c[(i + 1) % 4], width))
    };
    for f in &t.fields {
        for b in &f.boxes {
            for s in outline(*b, t.box_line) {
                fill(s, 1.0);
            }
        }
        for b in f.bubbles.iter().flatten() {
            // A ring drawn as its bounding square's outline is close enough at 0.5–1 px/mm.
            for s in outline(b.inflate(-b.w * 0.15), t.box_line * 0.75) {
                fill(s, 0.7);
            }
        }
    }
    for i in 0..4 {
        for sq in t.marks.pieces(i) {
            fill(sq, 1.0);
        }
    }
    if let Some(tag) = &t.tag {
        fill(tag.rect, 0.8);
    }
    r
}

/// What comparing one block gave.
enum Block {
    /// Off the photo, or too little printed structure to compare.
    Skipped,
    /// Compared, but matched nowhere clearly.
    NoMatch,
    /// The shift (mm) that lays the photo's block on the template's.
    Shift((f64, f64)),
}

/// Compares the photo's block at `c` with the template's over the round's search.
fn block_shift(m: &Raster, p: &Raster, c: Point, round: &Round) -> Block {
    match block_compare(m, p, c, round) {
        Err(()) => Block::Skipped,
        Ok(None) => Block::NoMatch,
        Ok(Some(d)) => Block::Shift(d),
    }
}

/// `Err` when the block cannot be compared (off the photo, no structure), `Ok(None)` when
/// it matches nowhere clearly, else the shift.
fn block_compare(
    m: &Raster,
    p: &Raster,
    c: Point,
    round: &Round,
) -> Result<Option<(f64, f64)>, ()> {
    let ppm = m.ppm;
    let b = (round.block_mm * ppm) as i64;
    let s = (round.search_mm * ppm).ceil() as i64;
    let x0 = (c.x * ppm) as i64 - b / 2;
    let y0 = (c.y * ppm) as i64 - b / 2;
    let (w, h) = (m.w as i64, m.h as i64);
    if x0 < 0 || y0 < 0 || x0 + b > w || y0 + b > h {
        return Err(());
    }
    // The template block, zero mean.
    let n = (b * b) as usize;
    let mut tv = Vec::with_capacity(n);
    for y in y0..y0 + b {
        for x in x0..x0 + b {
            tv.push(m.v[(y * w + x) as usize]);
        }
    }
    let mean = tv.iter().sum::<f32>() / n as f32;
    for v in &mut tv {
        *v -= mean;
    }
    let tvar: f32 = tv.iter().map(|v| v * v).sum();
    if tvar < n as f32 * 0.002 {
        return Err(());
    }
    // The photo block must be on the photo where it is now.
    let on = (y0..y0 + b)
        .flat_map(|y| (x0..x0 + b).map(move |x| (y * w + x) as usize))
        .filter(|&k| p.valid[k])
        .count();
    if on * 10 < n * MIN_ON_PHOTO {
        return Err(());
    }
    let side = (2 * s + 1) as usize;
    let mut score = vec![f32::MIN; side * side];
    for dy in -s..=s {
        for dx in -s..=s {
            let (px0, py0) = (x0 + dx, y0 + dy);
            if px0 < 0 || py0 < 0 || px0 + b > w || py0 + b > h {
                continue;
            }
            let (mut num, mut sum, mut sq) = (0f32, 0f32, 0f32);
            for (j, y) in (py0..py0 + b).enumerate() {
                let row = &p.v[(y * w + px0) as usize..(y * w + px0 + b) as usize];
                let trow = &tv[j * b as usize..(j + 1) * b as usize];
                for (a, v) in trow.iter().zip(row) {
                    num += a * v;
                    sum += v;
                    sq += v * v;
                }
            }
            let pvar = sq - sum * sum / n as f32;
            if pvar > 1e-6 {
                score[((dy + s) as usize) * side + (dx + s) as usize] = num / (tvar * pvar).sqrt();
            }
        }
    }
    let (k, best) = score
        .iter()
        .copied()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .ok_or(())?;
    if best < MIN_NCC {
        return Ok(None);
    }
    let (ix, iy) = ((k % side) as i64, (k / side) as i64);
    // A block of repeated rulings (the tally grid) matches as well one period away: in a wide
    // search only a peak clearly above every shift a few mm away counts. (A narrow search
    // around an agreed map has no room for another period.)
    let apart = if round.search_mm >= 8.0 {
        (3.0 * ppm).ceil() as i64
    } else {
        2 * s + 1
    };
    let second = score
        .iter()
        .enumerate()
        .filter(|(j, _)| {
            let (jx, jy) = ((j % side) as i64, (j / side) as i64);
            (jx - ix).abs() > apart || (jy - iy).abs() > apart
        })
        .map(|(_, v)| *v)
        .fold(f32::MIN, f32::max);
    if best - second < 0.06 {
        return Ok(None);
    }
    // Sub-pixel peak: a parabola through the neighbours on each axis.
    let at = |x: i64, y: i64| -> Option<f32> {
        (x >= 0 && y >= 0 && x < side as i64 && y < side as i64)
            .then(|| score[y as usize * side + x as usize])
            .filter(|v| *v > f32::MIN)
    };
    let vertex = |l: Option<f32>, r: Option<f32>| match (l, r) {
        (Some(l), Some(r)) => {
            let d = l - 2.0 * best + r;
            if d < -1e-6 {
                f64::from(((l - r) / (2.0 * d)).clamp(-0.5, 0.5))
            } else {
                0.0
            }
        }
        _ => 0.0,
    };
    let fx = ix as f64 + vertex(at(ix - 1, iy), at(ix + 1, iy)) - s as f64;
    let fy = iy as f64 + vertex(at(ix, iy - 1), at(ix, iy + 1)) - s as f64;
    // A best shift on the edge of the search is no match: the block lies further away.
    if ix == 0 || iy == 0 || ix == side as i64 - 1 || iy == side as i64 - 1 {
        return Ok(None);
    }
    Ok(Some((fx / ppm, fy / ppm)))
}

/// The correction (page mm → page mm under `h`) that best explains the block shifts and the
/// known points, fitted robustly; with the blocks it explains to within `tolerance_mm` and
/// their residual.
fn fit(
    found: &[(Point, (f64, f64))],
    known: &[Known],
    h: &Homography,
    model: Model,
    tolerance_mm: f64,
) -> Option<(Homography, Vec<Point>, f64)> {
    let inv = h.inverse()?;
    let mut pairs: Vec<Pair> = found
        .iter()
        .map(|(c, d)| Pair::new((c.x, c.y), (c.x + d.0, c.y + d.1), 1.0))
        .collect();
    let n_blocks = pairs.len();
    for k in known {
        let to = inv.apply(k.photo.0, k.photo.1);
        pairs.push(Pair::new((k.page.x, k.page.y), to, 4.0));
    }
    if pairs.len() < 3 {
        return None;
    }
    // A projective correction needs blocks spread over the page; otherwise stay affine.
    let model = if model == Model::Projective && spread(&pairs) < 0.35 {
        Model::Affine
    } else {
        model
    };
    let model = if pairs.len() < 3 || (model != Model::Similarity && pairs.len() < 4) {
        Model::Similarity
    } else {
        model
    };
    let tukey = tolerance_mm * 1.5;
    let mut weights = vec![1.0; pairs.len()];
    let mut c = Homography::fit(model, &pairs)?;
    for _ in 0..4 {
        for (p, w) in pairs.iter().zip(weights.iter_mut()) {
            let r = residual(&c, p);
            let u = r / tukey;
            *w = if u < 1.0 { (1.0 - u * u).powi(2) } else { 0.0 };
        }
        let weighted: Vec<Pair> = pairs
            .iter()
            .zip(&weights)
            .filter(|(_, w)| **w > 0.0)
            .map(|(p, w)| Pair {
                weight: p.weight * w,
                ..*p
            })
            .collect();
        if weighted.len() < 3 {
            break;
        }
        c = Homography::fit(model, &weighted).unwrap_or(c);
    }
    let good: Vec<(Point, f64)> = pairs[..n_blocks]
        .iter()
        .map(|p| (Point::new(p.from.0, p.from.1), residual(&c, p)))
        .filter(|(_, r)| *r < tolerance_mm)
        .collect();
    let rms = (good.iter().map(|(_, r)| r * r).sum::<f64>() / good.len().max(1) as f64).sqrt();
    Some((c, good.into_iter().map(|(p, _)| p).collect(), rms))
}

fn residual(c: &Homography, p: &Pair) -> f64 {
    let (x, y) = c.apply(p.from.0, p.from.1);
    (x - p.to.0).hypot(y - p.to.1)
}

/// How far the pairs spread over their own bounding box's smaller side, relative to a page:
/// the smaller of their x and y extent over 600 mm.
fn spread(pairs: &[Pair]) -> f64 {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pairs {
        x0 = x0.min(p.from.0);
        x1 = x1.max(p.from.0);
        y0 = y0.min(p.from.1);
        y1 = y1.max(p.from.1);
    }
    (x1 - x0).min(y1 - y0) / 600.0
}
