//! The whole reader on synthetic photographs: identity, orientation, rejections, and the
//! promise that matters most: no field is wrong and acceptable at the same time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Shot, acceptable, catalogues, reader};
use pleno_reader::ReadOptions;
use pleno_synth::Style;

/// Writes the debug picture when PLENO_DEBUG_DIR is set (for looking, not asserting).
fn dump(name: &str, jpeg: &[u8], r: &pleno_reader::PageReading) {
    let Ok(dir) = std::env::var("PLENO_DEBUG_DIR") else {
        return;
    };
    let grey = pleno_reader::decode::decode_grey(jpeg, u64::MAX).unwrap();
    std::fs::write(format!("{dir}/{name}.jpg"), jpeg).unwrap();
    if let Some(img) =
        pleno_reader::debug::render(&grey, r, |_, f| pleno_reader::debug::status_colour(f))
    {
        img.save(format!("{dir}/{name}.debug.png")).unwrap();
    }
}

fn read(shot: &Shot) -> (pleno_reader::PageReading, pleno_synth::Synth) {
    let s = shot.take();
    let r = reader().read(&s.jpeg, &ReadOptions::new(catalogues()));
    (r, s)
}

#[test]
fn clean_ppwp_result_page_reads_every_field() {
    let (r, s) = read(&Shot::new(102, Style::Clean, 1));
    dump("clean102", &s.jpeg, &r);
    assert!(r.rejected.is_none(), "{:?}", r.rejected);
    assert_eq!(r.tag_id, Some(102));
    assert_eq!(r.orientation, Some(0));
    for f in &r.fields {
        let truth = s.truth.fields[&f.key.to_string()];
        println!(
            "{} {:?} {:?} {:.3} {:?} {:?}",
            f.key,
            f.value,
            truth,
            f.confidence,
            f.bubbles.as_ref().map(|b| b
                .columns
                .iter()
                .map(|c| (c.digit, c.fill.map(|x| (x * 100.0) as u8)))
                .collect::<Vec<_>>()),
            f.digits
                .iter()
                .map(|d| {
                    let mut idx: Vec<usize> = (0..12).collect();
                    idx.sort_by(|a, b| d.p[*b].total_cmp(&d.p[*a]));
                    idx[..3]
                        .iter()
                        .map(|&c| (c, (d.p[c] * 1000.0) as u32))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        );
        println!("   written {:?}", s.truth.written[&f.key.to_string()]);
        assert!(
            f.value == truth || !acceptable(f),
            "{}: read {:?}, truth {truth:?}",
            f.key,
            f.value
        );
    }
    assert!(r.fields.iter().filter(|f| acceptable(f)).count() >= 2);
}
