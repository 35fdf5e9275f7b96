//! One synthetic photo, read with every stage's debug picture: for looking at what the
//! reader does with a case (a cut corner, half a sheet, a small photo).
//!
//!     cargo run -p pleno-reader --example synth_read -- --page 102 --seed 3 --style poor \
//!         --hand traced --mp 1.4 --out /tmp/sr

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use pleno_core::template::Template;
use pleno_core::{Catalogue, FormValues};
use pleno_reader::{ReadOptions, Reader, debug, stages};
use pleno_synth::rng::Rng;
use pleno_synth::{Force, Options, Style, sample_ballot};

fn main() {
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut page = 102u16;
    let mut seed = 1u64;
    let mut style = Style::Phone;
    let mut hand = pleno_synth::Hand::Mnist;
    let mut mp: Option<f64> = None;
    let mut out = PathBuf::from("/tmp/sr");
    let mut force = Force::default();
    let mut expect = None;
    for w in v.chunks(2) {
        let val = &w[1];
        match w[0].as_str() {
            "--page" => page = val.parse().unwrap(),
            "--seed" => seed = val.parse().unwrap(),
            "--style" => style = val.parse().unwrap(),
            "--hand" => hand = val.parse().unwrap(),
            "--mp" => mp = Some(val.parse().unwrap()),
            "--out" => out = PathBuf::from(val),
            "--crop-corner" => force.crop_corner = Some(val.parse().unwrap()),
            "--rotation" => force.rotation = Some(val.parse().unwrap()),
            "--expect" => expect = Some(val.parse().unwrap()),
            "--edge-touch" => force.edge_touch = Some(val.parse().unwrap()),
            "--half" => force.half = Some(val.parse().unwrap()),
            "--size" => {
                let (w, h) = val.split_once('x').unwrap();
                force.size = Some((w.parse().unwrap(), h.parse().unwrap()));
            }
            f => panic!("unknown flag {f}"),
        }
    }
    std::fs::create_dir_all(&out).unwrap();
    let cat = Catalogue::new(&sample_ballot(pleno_synth::contest_of(page).unwrap()));
    let t = Template::for_tag(page, &cat, None).unwrap();
    let mut rng = Rng::new(seed);
    let values: FormValues = t
        .fields
        .iter()
        .map(|f| (f.key, 100 + rng.below(900) as u32))
        .collect();
    let mut o = Options::new(style, seed);
    o.hand = hand;
    o.megapixels = mp;
    o.force = force;
    let s = pleno_synth::synth(&t, &values, &o).unwrap();
    std::fs::write(out.join("photo.jpg"), &s.jpeg).unwrap();
    let cats = vec![cat];
    let mut opts = ReadOptions::new(&cats);
    opts.expected_tag = expect;
    let reader = Reader::new().unwrap();
    let (r, grey) = reader.read_keeping_image(&s.jpeg, &opts);
    println!(
        "{} × {}: {:?} framing {:?} box {:?} px, {:?}",
        s.truth.width,
        s.truth.height,
        r.rejected.as_ref().map(ToString::to_string),
        r.framing,
        r.quality.box_px,
        r.timings_ms
    );
    for (f, placed) in r.fields.iter().zip(&r.placed) {
        // Placement error: where the reader cut each box against where it is, in mm.
        let err = r.homography.map_or(f64::NAN, |h| {
            placed
                .iter()
                .zip(&s.truth.box_centres[&f.key.to_string()])
                .map(|(b, t)| {
                    let c = b.centre();
                    let (x, y) = h.apply(c.x, c.y);
                    (x - t[0]).hypot(y - t[1]) / h.scale_at(c.x, c.y)
                })
                .fold(0.0, f64::max)
        });
        println!(
            "  {} read {:?} truth {:?} p {:.3} segments {:?} placed within {err:.2} mm",
            f.key,
            f.value,
            s.truth.fields[&f.key.to_string()],
            f.confidence,
            f.segments_agree
        );
    }
    if let Some(g) = grey {
        for (name, img) in stages::pictures(&g, &r, |_, f| debug::status_colour(f)) {
            img.save(out.join(format!("{name}.png"))).unwrap();
        }
    }
}
