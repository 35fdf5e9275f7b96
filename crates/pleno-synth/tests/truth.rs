//! The truth file says where things are in the photo as a reader counts pixels.

use pleno_core::template::Template;
use pleno_core::{Catalogue, Contest};
use pleno_synth::{Options, Style, sample_ballot, synth, uniform_values};

/// The darkness-weighted centre (px, pixel x covering x..x+1) of what lies within `r` px of
/// `at`, against the brightest grey there as paper.
fn dark_centre(photo: &image::RgbImage, at: [f64; 2], r: f64) -> [f64; 2] {
    let grey = |x: u32, y: u32| {
        let p = photo.get_pixel(x, y).0;
        (f64::from(p[0]) + f64::from(p[1]) + f64::from(p[2])) / 3.0
    };
    let xs = (at[0] - r).max(0.0) as u32..(at[0] + r).min(f64::from(photo.width())) as u32;
    let ys = (at[1] - r).max(0.0) as u32..(at[1] + r).min(f64::from(photo.height())) as u32;
    let paper = ys
        .clone()
        .flat_map(|y| xs.clone().map(move |x| (x, y)))
        .map(|(x, y)| grey(x, y))
        .fold(0.0, f64::max);
    let (mut sx, mut sy, mut sw) = (0.0, 0.0, 0.0);
    for y in ys {
        for x in xs.clone() {
            let w = (paper - grey(x, y)).max(0.0);
            sx += (f64::from(x) + 0.5) * w;
            sy += (f64::from(y) + 0.5) * w;
            sw += w;
        }
    }
    [sx / sw, sy / sw]
}

/// A small clean photo puts the page at about 1 px/mm, where the half pixels of the page
/// raster and of the photo's own sampling, left out, moved the truth 0.3 px off the print.
#[test]
fn the_corner_marks_are_where_the_truth_puts_them() {
    let cat = Catalogue::new(&sample_ballot(Contest::Ppwp));
    let t = Template::for_tag(102, &cat, None).expect("template");
    let values = uniform_values(&t, 5);
    let (mut dx, mut dy) = (0.0, 0.0);
    for seed in 0..4 {
        let mut opts = Options::new(Style::Clean, seed);
        opts.megapixels = Some(0.3);
        let s = synth(&t, &values, &opts).expect("synth");
        let h = pleno_synth::geom::Homography(s.truth.homography);
        for (k, at) in s.truth.corners.iter().enumerate() {
            let c = t.marks.centres[k];
            let side = t.marks.square;
            let a = h.apply(pleno_core::template::Point::new(c.x - side, c.y));
            let b = h.apply(pleno_core::template::Point::new(c.x + side, c.y));
            let r = 1.6 * (a.x - b.x).hypot(a.y - b.y) / 2.0;
            let seen = dark_centre(&s.photo, *at, r);
            dx += (seen[0] - at[0]) / 16.0;
            dy += (seen[1] - at[1]) / 16.0;
        }
    }
    assert!(
        dx.abs() < 0.08 && dy.abs() < 0.08,
        "the marks' ink sits ({dx:+.3}, {dy:+.3}) px from the truth on average"
    );
}
