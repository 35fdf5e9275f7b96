//! Held-out box crops through the real pipeline: synthetic photos of the PPWP result page
//! (the page with the dotted guide) written in one hand, each read by the reader, every box's
//! crop saved with its truth — the set the digit model is measured on for handwriting styles
//! it did not train on (pleno-synth's own traced generator, not tools/digits/traced.py).
//!
//!     cargo run --release -p pleno-reader --example heldout_crops -- \
//!         --hand traced --pages 2000 --seed 1 --out /tmp/heldout-traced
//!
//! Writes `crops.u8` (N × 56 × 56 grey, row-major, as the model sees them: guide as printed),
//! `labels.csv` (label 0–9 / 10 EMPTY / 11 MARK, what was written, page seed, field, box,
//! the model's class and top probability — blank and 0 for every box of a field the reader
//! could not read whole —, the segment reader's digit, the photo's style, its blur and shake
//! at the marks, its smallest box in px and the box's smear) and prints the figures:
//! digit accuracy per class, and what the confidence gate and the segment reader make of them.
//! With HELDOUT_VERBOSE set, each refused page is named and kept as `refused-SEED.jpg`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use pleno_core::template::Template;
use pleno_core::{Catalogue, FormValues};
use pleno_reader::{ReadOptions, Reader};
use pleno_synth::rng::Rng;
use pleno_synth::{Hand, Options, Style, sample_ballot};

struct Args {
    hand: Hand,
    pages: u64,
    seed: u64,
    out: PathBuf,
    page: u16,
    /// Exact photo size (SIREKAP's 900 × 1600) instead of 1.4–12 MP.
    size: Option<(u32, u32)>,
    /// `--no-poor`: clean and phone photos only, so what is measured is the hand, not a
    /// thumb, glare or heavy blur (the poor style's boxes are a third of the kpps review).
    no_poor: bool,
}

fn args() -> Args {
    let mut a = Args {
        hand: Hand::Traced,
        pages: 200,
        seed: 1,
        out: PathBuf::from("/tmp/heldout"),
        page: 102,
        size: None,
        no_poor: false,
    };
    let mut v: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = v.iter().position(|f| f == "--no-poor") {
        v.remove(i);
        a.no_poor = true;
    }
    for w in v.chunks(2) {
        let val = w.get(1).expect("value after flag");
        match w[0].as_str() {
            "--hand" => a.hand = val.parse().unwrap(),
            "--pages" => a.pages = val.parse().unwrap(),
            "--seed" => a.seed = val.parse().unwrap(),
            "--out" => a.out = PathBuf::from(val),
            "--page" => a.page = val.parse().unwrap(),
            "--size" => {
                let (w, h) = val.split_once('x').unwrap();
                a.size = Some((w.parse().unwrap(), h.parse().unwrap()));
            }
            f => panic!("unknown flag {f}"),
        }
    }
    a
}

fn label(written: &str) -> usize {
    match written {
        "" => 10,
        "X" | "-" => 11,
        d => d.parse().unwrap(),
    }
}

fn main() {
    let a = args();
    std::fs::create_dir_all(&a.out).unwrap();
    let contest = pleno_synth::contest_of(a.page).unwrap();
    let cat = Catalogue::new(&sample_ballot(contest));
    let cats = vec![cat.clone()];
    let t = Template::for_tag(a.page, &cat, None).unwrap();
    let reader = Reader::new().unwrap();
    let opts = ReadOptions::new(&cats);
    let mut crops = std::fs::File::create(a.out.join("crops.u8")).unwrap();
    let mut csv = String::from(
        "label,written,page_seed,field,box,model_class,model_p,segments,style,blur_mm,shake_px,box_px,smear\n",
    );
    let (mut n, mut rejected) = (0usize, 0usize);
    let mut refusals: BTreeMap<&str, usize> = BTreeMap::new();
    // [label] -> (count, right)
    let mut per: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let mut rows: Vec<Row> = Vec::new();
    for k in 0..a.pages {
        let seed = a.seed * 1_000_003 + k;
        let mut rng = Rng::new(seed ^ 0x5eed);
        let values: FormValues = t
            .fields
            .iter()
            .map(|f| (f.key, pleno_synth::three_box_value(&mut rng)))
            .collect();
        let style = match rng.below(10) {
            0 => Style::Clean,
            1..=2 if !a.no_poor => Style::Poor,
            _ => Style::Phone,
        };
        let mut o = Options::new(style, seed);
        o.hand = a.hand;
        o.megapixels = Some(rng.range(1.4, 12.0));
        if let Some(size) = a.size {
            o.megapixels = None;
            o.force.size = Some(size);
        }
        let s = pleno_synth::synth(&t, &values, &o).unwrap();
        let r = reader.read(&s.jpeg, &opts);
        if r.rejected.is_some() || r.tag_id != Some(a.page) {
            rejected += 1;
            let why = r.rejected.as_ref().map_or("other page", |x| x.code());
            *refusals.entry(why).or_default() += 1;
            if std::env::var_os("HELDOUT_VERBOSE").is_some() {
                println!(
                    "  seed {seed}: {why} ({} x {}, {style:?})",
                    s.truth.width, s.truth.height
                );
                std::fs::write(a.out.join(format!("refused-{seed}.jpg")), &s.jpeg).unwrap();
            }
            continue;
        }
        for (fi, f) in r.fields.iter().enumerate() {
            let written = &s.truth.written[&f.key.to_string()];
            let field_crops = &r.crops[fi];
            // A box the reader could not read (a blot, cut off) leaves the field unreadable,
            // with fewer readings than boxes that no longer match them: every box of it goes
            // to a person, none counted as read.
            let whole = f.digits.len() == field_crops.len();
            for (bi, crop) in field_crops.iter().enumerate() {
                let Some(crop) = crop else {
                    continue;
                };
                let d = f.digits.get(bi).filter(|_| whole);
                let lab = label(&written.boxes[bi]);
                crops.write_all(crop).unwrap();
                let class = d.map(|d| d.class);
                let p = d.map_or(0.0, |d| d.p[d.class]);
                let seg = d.and_then(|d| d.segments.and_then(|s| s.digit));
                let smear = d.and_then(|d| d.smear);
                let _ = writeln!(
                    csv,
                    "{lab},{},{seed},{},{bi},{},{p:.6},{},{style:?},{},{},{},{}",
                    written.boxes[bi],
                    f.key,
                    class.map_or(String::new(), |c| c.to_string()),
                    seg.map_or(String::new(), |s| s.to_string()),
                    opt(r.quality.blur_mm),
                    opt(r.quality.shake_px),
                    opt(r.quality.box_px),
                    smear.map_or(String::new(), |v| format!("{v:.4}")),
                );
                let e = per.entry(lab).or_default();
                e.0 += 1;
                e.1 += usize::from(class.is_some_and(|c| c == lab || (lab >= 10 && c >= 10)));
                rows.push((lab, class.unwrap_or(NOT_READ), p, seg, smear));
                n += 1;
            }
        }
    }
    std::fs::write(a.out.join("labels.csv"), csv).unwrap();
    if !refusals.is_empty() {
        println!("pages not read: {refusals:?}");
    }
    report(a.hand, a.pages, rejected, n, &per, &rows);
}

fn opt(v: Option<f32>) -> String {
    v.map_or(String::new(), |v| format!("{v:.3}"))
}

/// The class of a box in a field the reader could not read whole; its probability is 0, so
/// every gate sends it to a person.
const NOT_READ: usize = usize::MAX;

/// One box: its label, the model's class and probability, the segment reader's digit, and
/// how much of it the photo's shake smears.
type Row = (usize, usize, f32, Option<u8>, Option<f32>);

/// Prints accuracy per class and the gate with and without the segment reader.
fn report(
    hand: Hand,
    pages: u64,
    rejected: usize,
    n: usize,
    per: &BTreeMap<usize, (usize, usize)>,
    rows: &[Row],
) {
    let digits: Vec<_> = rows.iter().filter(|r| r.0 < 10).collect();
    let right = digits.iter().filter(|r| r.0 == r.1).count();
    println!(
        "hand {hand:?}: {pages} pages ({rejected} not read), {n} boxes, {} digits: {:.2} % right",
        digits.len(),
        100.0 * right as f64 / digits.len().max(1) as f64
    );
    let mut line = String::from("per class:");
    for (lab, (c, ok)) in per {
        let _ = write!(
            line,
            " {lab} {:.2}",
            100.0 * *ok as f64 / (*c).max(1) as f64
        );
    }
    println!("{line}");
    // Wrong = another reading of the count (EMPTY and MARK both mean "nothing").
    let wrong = |r: &Row| r.0.min(10) != r.1.min(10);
    for gate in [0.9f32, 0.98, 0.99] {
        let acc: Vec<&Row> = rows.iter().filter(|r| r.2 >= gate).collect();
        let bad = acc.iter().filter(|r| wrong(r)).count();
        // With the segment reader: a digit it spells as the model read it passes from 0.8;
        // one it spells otherwise goes to a person.
        let with: Vec<&Row> = rows
            .iter()
            .filter(|r| match r.3 {
                Some(s) if usize::from(s) != r.1 && r.1 < 10 => false,
                Some(_) if r.1 < 10 => r.2 >= 0.8,
                _ => r.2 >= gate,
            })
            .collect();
        let bad_with = with.iter().filter(|r| wrong(r)).count();
        println!(
            "gate {gate}: model alone {:.2} % to review, {bad} wrong passed ({:.3} %); \
             with segments {:.2} % to review, {bad_with} wrong passed ({:.3} %)",
            100.0 * (1.0 - acc.len() as f64 / n.max(1) as f64),
            100.0 * bad as f64 / acc.len().max(1) as f64,
            100.0 * (1.0 - with.len() as f64 / n.max(1) as f64),
            100.0 * bad_with as f64 / with.len().max(1) as f64,
        );
    }
    // The app's default policy: 0.98 per box, or 0.90 where the segment reader spells the box
    // as the model read it; then the same with boxes a shake smeared held back.
    let policy = |r: &&Row| match r.3 {
        Some(s) if r.1 < 10 => usize::from(s) == r.1 && r.2 >= 0.90,
        _ => r.2 >= 0.98,
    };
    for bar in [None, Some(pleno_reader::MAX_SMEAR)] {
        let acc: Vec<&Row> = rows
            .iter()
            .filter(policy)
            .filter(|r| bar.is_none_or(|b| r.4.is_none_or(|s| s <= b)))
            .collect();
        let bad = acc.iter().filter(|r| wrong(r)).count();
        println!(
            "policy gate{}: {:.2} % to review, {bad} wrong passed ({:.3} %)",
            bar.map_or(String::new(), |b| format!(" with the smear bar {b}")),
            100.0 * (1.0 - acc.len() as f64 / n.max(1) as f64),
            100.0 * bad as f64 / acc.len().max(1) as f64,
        );
    }
    let opinions = rows.iter().filter(|r| r.3.is_some()).count();
    let seg_right = rows
        .iter()
        .filter(|r| r.3.is_some_and(|s| usize::from(s) == r.0))
        .count();
    println!("segment reader: an opinion on {opinions} of {n} boxes, {seg_right} of them right");
}
