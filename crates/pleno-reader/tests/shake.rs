//! A shaken photo of small boxes: the model can be sure of an 8 smeared into a 0, so the page
//! says how much of a box the shake smears, and such boxes go to a person (docs/reader.md,
//! "A shaken photo").
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Shot, acceptable, catalogues, reader};
use pleno_reader::{MAX_SMEAR, PageReading, ReadOptions};
use pleno_synth::{Force, Hand, Style};

fn read(shake_px: Option<f64>) -> PageReading {
    let shot = Shot {
        hand: Hand::Traced,
        megapixels: 2.0,
        force: Force {
            shake_px,
            ..Force::default()
        },
        ..Shot::new(102, Style::Phone, 41)
    }
    .take();
    let r = reader().read(&shot.jpeg, &ReadOptions::new(catalogues()));
    assert!(r.rejected.is_none(), "{:?}", r.rejected);
    assert_eq!(r.tag_id, Some(102));
    r
}

fn smears(r: &PageReading) -> Vec<f32> {
    r.fields
        .iter()
        .flat_map(|f| f.digits.iter().map(|d| d.smear.expect("measured")))
        .collect()
}

#[test]
fn a_shaken_photo_of_small_boxes_sends_every_box_to_a_person() {
    let still = read(None);
    let shaken = read(Some(10.0));
    let (a, b) = (smears(&still), smears(&shaken));
    println!(
        "box px {:?} / {:?}; shake {:?} / {:?} px; smear {:.3}–{:.3} / {:.3}–{:.3}",
        still.quality.box_px,
        shaken.quality.box_px,
        still.quality.shake_px,
        shaken.quality.shake_px,
        a.iter().copied().fold(f32::MAX, f32::min),
        a.iter().copied().fold(0.0, f32::max),
        b.iter().copied().fold(f32::MAX, f32::min),
        b.iter().copied().fold(0.0, f32::max),
    );
    // Page 102: three candidates, three boxes each.
    assert_eq!((a.len(), b.len()), (9, 9));
    // The same page held still: nothing smeared, and no word of it.
    assert!(a.iter().all(|&s| s < 0.5 * MAX_SMEAR), "{a:?}");
    assert!(!still.quality.reasons.iter().any(|q| q.code == "smeared"));
    // Shaken: every box beyond the bar, the page says so without refusing it...
    assert!(b.iter().all(|&s| s > MAX_SMEAR), "{b:?}");
    let why = shaken.quality.reasons.iter().find(|q| q.code == "smeared");
    let why = why.expect("a smeared reason");
    assert!(!why.fatal && shaken.quality.ok, "{why:?}");
    assert!(why.message.contains("perlu diperiksa"), "{}", why.message);
    // ...and however sure the model is, nothing passes unseen.
    assert!(shaken.fields.iter().all(|f| !acceptable(f)));
    assert!(still.fields.iter().any(acceptable));
}
