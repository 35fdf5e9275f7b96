//! On-site adaptation measured: an office's agreed boxes (the first N crops of a `heldout_crops`
//! set, labelled by their truth as the plenary's agreement labels them) become prototypes,
//! and a held-out set in the same hand is read with and without them.
//!
//!     cargo run --release -p pleno-reader --example heldout_crops -- --hand kpps --pages 120 --seed 41 --out /tmp/adapt/pool
//!     cargo run --release -p pleno-reader --example heldout_crops -- --hand kpps --pages 120 --seed 42 --out /tmp/adapt/test
//!     cargo run --release -p pleno-reader --example adaptation -- /tmp/adapt/pool /tmp/adapt/test
//!
//! Prints, per number of agreed boxes: digit accuracy, the share of boxes the gate sends to
//! review (a box is accepted when its probability is at least the gate and its neighbours do
//! not dispute it), and the error among accepted boxes; then a sweep of the neighbour
//! parameters at 500 agreed boxes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use pleno_reader::digits::normalise;
use pleno_reader::model::CLASSES;
use pleno_reader::{AdaptParams, Adaptation, DigitModel, Prototypes};

struct Box {
    label: usize,
    p: [f32; CLASSES],
    embedding: Vec<f32>,
}

fn load(model: &DigitModel, dir: &Path) -> Vec<Box> {
    let crops = std::fs::read(dir.join("crops.u8")).unwrap();
    let labels = std::fs::read_to_string(dir.join("labels.csv")).unwrap();
    let labels: Vec<usize> = labels
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    let inputs: Vec<[f32; 784]> = crops.chunks_exact(56 * 56).map(normalise).collect();
    assert_eq!(inputs.len(), labels.len());
    // ADAPT_SPACE=pixels compares the normalised pixels instead of the embedding.
    let pixels = std::env::var("ADAPT_SPACE").is_ok_and(|s| s == "pixels");
    let mut out = Vec::new();
    for (chunk, labs) in inputs.chunks(256).zip(labels.chunks(256)) {
        for (((p, embedding), &label), x) in model
            .classify_embedded(chunk)
            .unwrap()
            .into_iter()
            .zip(labs)
            .zip(chunk)
        {
            let embedding = if pixels { x.to_vec() } else { embedding };
            out.push(Box {
                label,
                p,
                embedding,
            });
        }
    }
    out
}

fn argmax(p: &[f32; CLASSES]) -> usize {
    (0..CLASSES).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap()
}

struct Figures {
    accuracy: f64,
    review: f64,
    accepted_error: f64,
    raised: usize,
    disputed: usize,
    disputed_wrong: usize,
}

fn measure(test: &[Box], protos: &Prototypes, gate: f32) -> Figures {
    let (mut digits, mut right, mut review, mut accepted, mut accepted_wrong) = (0, 0, 0, 0, 0);
    let (mut raised, mut disputed, mut disputed_wrong) = (0, 0, 0);
    for b in test {
        let (p, how) = protos.adapt(&b.p, &b.embedding);
        let class = argmax(&p);
        let wrong = class != b.label;
        if b.label <= 9 {
            digits += 1;
            right += usize::from(!wrong);
        }
        match how {
            Some(Adaptation::Raised) => raised += 1,
            Some(Adaptation::Disputed) => {
                disputed += 1;
                disputed_wrong += usize::from(wrong);
            }
            None => {}
        }
        if how == Some(Adaptation::Disputed) || p[class] < gate {
            review += 1;
        } else {
            accepted += 1;
            accepted_wrong += usize::from(wrong);
        }
    }
    Figures {
        accuracy: 100.0 * right as f64 / digits.max(1) as f64,
        review: 100.0 * review as f64 / test.len().max(1) as f64,
        accepted_error: 100.0 * accepted_wrong as f64 / accepted.max(1) as f64,
        raised,
        disputed,
        disputed_wrong,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (pool, test) = (Path::new(&args[0]), Path::new(&args[1]));
    let gate: f32 = args.get(2).map_or(0.98, |g| g.parse().unwrap());
    let model = DigitModel::embedded().unwrap();
    let pool = load(&model, pool);
    let test = load(&model, test);
    println!(
        "pool {} boxes, held-out {} boxes, embedding {} values, gate {gate}",
        pool.len(),
        test.len(),
        test[0].embedding.len()
    );
    let protos_of = |n: usize, params: AdaptParams| {
        Prototypes::new(
            pool.iter().take(n).map(|b| (b.embedding.clone(), b.label)),
            params,
        )
    };
    let defaults = AdaptParams::default();
    let mut sets = vec![defaults];
    for (k, max_distance) in [(5, 0.2), (5, 0.3), (7, 0.3)] {
        sets.push(AdaptParams {
            k,
            max_distance,
            ..defaults
        });
    }
    for params in sets {
        println!(
            "\nk {} max distance {:.2} doubt kept {:.2}{}",
            params.k,
            params.max_distance,
            params.doubt_kept,
            if params == defaults { " (Pleno's)" } else { "" }
        );
        println!(
            "agreed boxes | digits right % | review % | accepted-box error % | raised | disputed (wrong)"
        );
        for n in [0, 50, 100, 200, 500, 1000] {
            let f = measure(&test, &protos_of(n, params), gate);
            println!(
                "{n:>12} | {:>14.2} | {:>8.2} | {:>20.3} | {:>6} | {:>5} ({})",
                f.accuracy, f.review, f.accepted_error, f.raised, f.disputed, f.disputed_wrong
            );
        }
    }
    println!(
        "\nsweep at 500 agreed boxes: k, max distance, doubt kept → review %, accepted-box error %"
    );
    for k in [3, 5, 7] {
        for max_distance in [0.1, 0.2, 0.3, 0.5] {
            for doubt_kept in [0.05, 0.2, 0.5] {
                let params = AdaptParams {
                    k,
                    max_distance,
                    doubt_kept,
                };
                let f = measure(&test, &protos_of(500, params), gate);
                println!(
                    "k {k} d {max_distance:.2} keep {doubt_kept:.2} → review {:.2} %, error {:.3} % (disputed {})",
                    f.review, f.accepted_error, f.disputed
                );
            }
        }
    }
}
