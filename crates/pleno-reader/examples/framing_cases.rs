//! The framing cases of real photos and scans, measured over many seeds: a corner mark cut
//! off, a mark touching the frame's edge, SIREKAP-sized 900 × 1600 photos and smaller ones
//! (720 × 1280: boxes under 18 px), CamScanner-style A4 pages, halves of a sheet, and the
//! `poor` style (a thumb, glare and motion blur at once). For each: how many pages were
//! identified, and how many had every field placed within 1 mm of where it is (paper curl
//! included); of the fields of the pages identified, how many were read right and how many
//! the gate would let through wrong. `--only CASE SEED` prints, per box, how far it was
//! placed and how far the page's map alone put it.
//!
//!     cargo run --release -p pleno-reader --example framing_cases -- --seeds 20 [--case N]

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use pleno_core::template::{Rect, Template};
use pleno_core::{Catalogue, Contest};
use pleno_reader::{PageReading, ReadOptions, Reader};
use pleno_synth::{Force, Half, Options, Style, sample_ballot};

struct Case {
    name: &'static str,
    style: Style,
    force: fn(u64) -> Force,
    /// The clerk names the page (a half without the tag).
    named: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "four marks (reference)",
        style: Style::Phone,
        force: |_| Force::default(),
        named: false,
    },
    Case {
        name: "one corner mark cut off",
        style: Style::Phone,
        force: |s| Force {
            crop_corner: Some((s % 4) as usize),
            ..Force::default()
        },
        named: false,
    },
    Case {
        name: "a mark touching the frame edge",
        style: Style::Phone,
        force: |s| Force {
            edge_touch: Some((s % 4) as usize),
            ..Force::default()
        },
        named: false,
    },
    Case {
        name: "900 x 1600 photo",
        style: Style::Phone,
        force: |_| Force {
            size: Some((900, 1600)),
            ..Force::default()
        },
        named: false,
    },
    Case {
        name: "720 x 1280 photo",
        style: Style::Phone,
        force: |_| Force {
            size: Some((720, 1280)),
            ..Force::default()
        },
        named: false,
    },
    Case {
        name: "CamScanner-style A4 page",
        style: Style::Scan,
        force: |_| Force::default(),
        named: false,
    },
    Case {
        name: "top half of the sheet",
        style: Style::Phone,
        force: |_| Force {
            half: Some(Half::Top),
            ..Force::default()
        },
        named: false,
    },
    Case {
        name: "bottom half, page named",
        style: Style::Phone,
        force: |_| Force {
            half: Some(Half::Bottom),
            ..Force::default()
        },
        named: true,
    },
    Case {
        name: "thumb, glare and motion blur",
        style: Style::Poor,
        force: |_| Force::default(),
        named: false,
    },
];

const PAGES: [u16; 4] = [101, 102, 202, 302];

/// The app's default acceptance policy on the reading alone (pleno-app `policy.rs`; the
/// page's rules, which catch more, are not applied here): a figure a person would not see.
fn acceptable(f: &pleno_reader::FieldReading) -> bool {
    let status = matches!(
        f.status,
        pleno_reader::FieldStatus::Read | pleno_reader::FieldStatus::Empty
    );
    let confident = if f.segments_agree == Some(true) {
        f.min_digit_p >= 0.90
    } else {
        f.confidence >= 0.97 && f.min_digit_p >= 0.98
    };
    status && confident && f.omr_agrees() != Some(false) && f.segments_agree != Some(false)
}

/// Largest distance (mm) between where the reader cut a field's boxes and where they are.
fn placement_error(r: &PageReading, truth: &pleno_synth::Truth) -> f64 {
    let Some(h) = r.homography else {
        return f64::INFINITY;
    };
    let mut worst = 0f64;
    for (f, placed) in r.fields.iter().zip(&r.placed) {
        for (b, t) in placed.iter().zip(&truth.box_centres[&f.key.to_string()]) {
            let c = b.centre();
            let (x, y) = h.apply(c.x, c.y);
            worst = worst.max((x - t[0]).hypot(y - t[1]) / h.scale_at(c.x, c.y));
        }
    }
    worst
}

/// Each box's distance (mm, photo axes) from where the photo shows it, as the map puts `boxes`.
fn box_errors(h: &pleno_reader::geom::Homography, boxes: &[Rect], truth: &[[f64; 2]]) -> String {
    let errs: Vec<String> = boxes
        .iter()
        .zip(truth)
        .map(|(b, t)| {
            let c = b.centre();
            let (x, y) = h.apply(c.x, c.y);
            let k = h.scale_at(c.x, c.y);
            format!("({:+.2},{:+.2})", (x - t[0]) / k, (y - t[1]) / k)
        })
        .collect();
    errs.join(" ")
}

fn main() {
    let v: Vec<String> = std::env::args().skip(1).collect();
    let seeds: u64 = v
        .iter()
        .position(|a| a == "--seeds")
        .map_or(12, |i| v[i + 1].parse().unwrap());
    let catalogues: Vec<Catalogue> = [Contest::Ppwp, Contest::Dpr, Contest::Dpd]
        .iter()
        .map(|c| Catalogue::new(&sample_ballot(*c)))
        .collect();
    // --only CASE SEED: one shot, traced, its debug pictures in /tmp/fc.
    let only: Option<(usize, u64)> = v
        .iter()
        .position(|a| a == "--only")
        .map(|i| (v[i + 1].parse().unwrap(), v[i + 2].parse().unwrap()));
    // --case N: only that case, over every seed.
    let case_only: Option<usize> = v
        .iter()
        .position(|a| a == "--case")
        .map(|i| v[i + 1].parse().unwrap());
    let reader = Reader::new().unwrap();
    for (ci, case) in CASES.iter().enumerate() {
        if only.is_some_and(|(c, _)| c != ci) || case_only.is_some_and(|c| c != ci) {
            continue;
        }
        let (mut identified, mut placed, mut n) = (0, 0, 0);
        let (mut fields, mut right, mut accepted, mut accepted_wrong) = (0, 0, 0, 0);
        let mut worst = 0f64;
        let mut ms: Vec<f64> = Vec::new();
        let mut refusals: Vec<String> = Vec::new();
        let range = only.map_or(0..seeds, |(_, s)| s..s + 1);
        for seed in range {
            let page = PAGES[(seed % 4) as usize];
            let contest = pleno_synth::contest_of(page).unwrap();
            let cat = catalogues.iter().find(|c| c.contest == contest).unwrap();
            let t = Template::for_tag(page, cat, None).unwrap();
            let values = pleno_synth::uniform_values(&t, seed);
            let mut o = Options::new(case.style, 9000 + seed);
            o.force = (case.force)(seed);
            let s = pleno_synth::synth(&t, &values, &o).unwrap();
            let mut opts = ReadOptions::new(&catalogues);
            if case.named {
                opts.expected_tag = Some(page);
            }
            let t0 = Instant::now();
            let (r, grey) = reader.read_keeping_image(&s.jpeg, &opts);
            ms.push(t0.elapsed().as_secs_f64() * 1000.0);
            if only.is_some()
                && let Some(g) = grey
            {
                std::fs::create_dir_all("/tmp/fc").unwrap();
                for (name, img) in pleno_reader::stages::pictures(&g, &r, |_, f| {
                    pleno_reader::debug::status_colour(f)
                }) {
                    img.save(format!("/tmp/fc/{name}.png")).unwrap();
                }
            }
            n += 1;
            if only.is_some() {
                for (f, placed) in r.fields.iter().zip(&r.placed) {
                    let h = r.homography.unwrap();
                    let truth = &s.truth.box_centres[&f.key.to_string()];
                    let printed = &t.fields.iter().find(|x| x.key == f.key).unwrap().boxes;
                    println!(
                        "  {} {:?} {} map {}",
                        f.key,
                        f.value,
                        box_errors(&h, placed, truth),
                        box_errors(&h, printed, truth)
                    );
                }
            }
            if r.rejected.is_none() && r.tag_id == Some(page) {
                identified += 1;
                for f in &r.fields {
                    let truth = values.get(f.key).unwrap_or(0);
                    let got = f.value.unwrap_or(0);
                    fields += 1;
                    if got == truth {
                        right += 1;
                    }
                    if acceptable(f) {
                        accepted += 1;
                        if got != truth {
                            accepted_wrong += 1;
                            refusals.push(format!(
                                "seed {seed} page {page}: {} read {got} (truth {truth}) at {:.3}, acceptable; boxes {:.1} px",
                                f.key,
                                f.confidence,
                                r.quality.box_px.unwrap_or(0.0)
                            ));
                        }
                    }
                }
                let e = placement_error(&r, &s.truth);
                worst = worst.max(e);
                if e <= 1.0 {
                    placed += 1;
                } else {
                    refusals.push(format!("seed {seed} page {page}: placed within {e:.2} mm"));
                }
            } else {
                refusals.push(format!(
                    "seed {seed} page {page}: {}",
                    r.rejected.map_or("other page".into(), |x| format!("{x:?}"))
                ));
            }
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "{:<32} {identified}/{n} identified, {placed}/{n} with every field within 1 mm \
             (worst {worst:.2} mm), median {:.0} ms",
            case.name,
            ms[ms.len() / 2]
        );
        println!(
            "{:<32} fields of identified pages: {right}/{fields} read right, {accepted} \
             acceptable by the reading alone, {accepted_wrong} of them wrong",
            ""
        );
        for r in refusals {
            println!("    {r}");
        }
    }
}
