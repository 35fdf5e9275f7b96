//! The whole reader on synthetic photographs: identity, orientation, rejections, and the
//! promise that matters most: no field is wrong and acceptable at the same time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Shot, acceptable, catalogues, reader};
use pleno_reader::ReadOptions;
use pleno_synth::{Force, Style};

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

#[test]
#[ignore = "writes crops for looking at"]
fn dump_crops() {
    let s = Shot::new(102, Style::Clean, 1).take();
    let r = reader().read(&s.jpeg, &ReadOptions::new(catalogues()));
    let grey = pleno_reader::decode::decode_grey(&s.jpeg, u64::MAX).unwrap();
    let h = r.homography.unwrap();
    let mut sheet = image::GrayImage::new(56 * 3, 56 * r.placed.len() as u32);
    for (i, boxes) in r.placed.iter().enumerate() {
        for (j, b) in boxes.iter().enumerate() {
            let c = pleno_reader::digits::crop56(&grey, &h, *b).unwrap();
            for (k, v) in c.iter().enumerate() {
                sheet.put_pixel(
                    j as u32 * 56 + (k % 56) as u32,
                    i as u32 * 56 + (k / 56) as u32,
                    image::Luma([*v]),
                );
            }
        }
    }
    sheet.save("/tmp/rd/crops.png").unwrap();
}

#[test]
#[ignore = "writes a fixture photo for looking at"]
fn dump_photo() {
    let spec = std::env::var("SHOT").unwrap_or_else(|_| "102 poor 7".into());
    let p: Vec<&str> = spec.split(' ').collect();
    let shot = Shot::new(
        p[0].parse().unwrap(),
        p[1].parse().unwrap(),
        p[2].parse().unwrap(),
    );
    let s = shot.take();
    std::fs::write("/tmp/rd/shot.jpg", &s.jpeg).unwrap();
    let marks = pleno_reader::corners::find_marks(
        &pleno_reader::decode::decode_grey(&s.jpeg, u64::MAX).unwrap(),
    );
    println!(
        "truth corners {:?} effects {:?}",
        s.truth.corners, s.truth.effects
    );
    println!("marks {marks:?}");
}

#[test]
#[ignore = "debugging aid"]
fn debug_crop() {
    let mut shot = Shot::new(101, Style::Phone, 323);
    shot.force = Force {
        rotation: Some(0),
        crop_corner: Some(1),
    };
    let s = shot.take();
    let grey = pleno_reader::decode::decode_grey(&s.jpeg, u64::MAX).unwrap();
    println!(
        "size {}x{} truth {:?} in {:?}",
        grey.width(),
        grey.height(),
        s.truth.corners,
        s.truth.corners_in_frame
    );
    let marks = pleno_reader::corners::find_marks(&grey);
    println!("marks {marks:?}");
    let g = pleno_reader::tagread::geometries();
    let c = s.truth.corners;
    for geo in &g {
        let page = [2, 3, 0].map(|i| (geo.centres[i].x, geo.centres[i].y));
        let photo = [2, 3, 0].map(|i| (c[i][0], c[i][1]));
        let h = pleno_reader::geom::Homography::affine(&page, &photo).unwrap();
        println!(
            "geo {:?}: {:?}",
            geo.tag.rect,
            pleno_reader::tagread::search_tag(&grey, &h, &geo.tag)
        );
        let tc = s.truth.tag_corners[0];
        println!(
            "  tag tl predicted {:?} truth {:?}",
            h.apply(geo.tag.rect.x, geo.tag.rect.y),
            tc
        );
    }
}
