//! Each way a photo goes wrong gives its own rejection code, and a turned photo is no error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Shot, catalogues, reader};
use image::{DynamicImage, ImageFormat};
use pleno_reader::ReadOptions;
use pleno_synth::{Force, Style};

fn read_opts(jpeg: &[u8], opts: &ReadOptions<'_>) -> pleno_reader::PageReading {
    reader().read(jpeg, opts)
}

fn code(r: &pleno_reader::PageReading) -> Option<&'static str> {
    r.rejected.as_ref().map(pleno_reader::Rejection::code)
}

#[test]
fn quarter_and_half_turned_photos_read_via_the_tag() {
    for (rot, seed) in [(90, 21), (180, 22), (270, 23)] {
        let mut shot = Shot::new(102, Style::Clean, seed);
        shot.force = Force {
            rotation: Some(rot),
            crop_corner: None,
        };
        let s = shot.take();
        let r = read_opts(&s.jpeg, &ReadOptions::new(catalogues()));
        assert_eq!(code(&r), None, "rotation {rot}");
        assert_eq!(r.tag_id, Some(102));
        assert_eq!(r.orientation, Some(rot));
        let right = r
            .fields
            .iter()
            .filter(|f| f.value == s.truth.fields[&f.key.to_string()])
            .count();
        assert!(right >= 2, "rotation {rot}: {right}/3 fields right");
    }
}

#[test]
fn a_cropped_or_covered_corner_is_named() {
    // A clean photo with the frame cut inside one corner mark (everything beyond it black).
    for corner in [1usize, 3] {
        let mut shot = Shot::new(101, Style::Clean, 30 + corner as u64);
        shot.force = Force {
            rotation: Some(0),
            crop_corner: None,
        };
        let s = shot.take();
        let mut img = image::load_from_memory(&s.jpeg).unwrap().to_luma8();
        let [cx, cy] = s.truth.corners[corner];
        let (w, h) = (f64::from(img.width()), f64::from(img.height()));
        for (x, y, p) in img.enumerate_pixels_mut() {
            let (x, y) = (f64::from(x), f64::from(y));
            let beyond_x = if cx > w / 2.0 {
                x > cx - 8.0
            } else {
                x < cx + 8.0
            };
            let beyond_y = if cy > h / 2.0 {
                y > cy - 8.0
            } else {
                y < cy + 8.0
            };
            if beyond_x && beyond_y {
                p.0[0] = 20;
            }
        }
        let mut png = Vec::new();
        DynamicImage::ImageLuma8(img)
            .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let r = read_opts(&png, &ReadOptions::new(catalogues()));
        assert_eq!(
            r.rejected,
            Some(pleno_reader::Rejection::CornerNotFound {
                corner: corner as u8 + 1
            })
        );
        assert_eq!(code(&r), Some("corner_not_found"));
        assert!(r.rejected.unwrap().to_string().contains("tanda sudut 2") == (corner == 1));
    }
}

#[test]
fn a_phone_photo_cut_at_a_corner_is_refused() {
    // pleno-synth pushes the page out of the frame; with perspective the missing mark cannot
    // always be named (three marks fix no perspective), but the page is never read.
    let mut shot = Shot::new(101, Style::Phone, 323);
    shot.force = Force {
        rotation: Some(0),
        crop_corner: Some(1),
    };
    let s = shot.take();
    assert!(!s.truth.corners_in_frame[1]);
    let r = read_opts(&s.jpeg, &ReadOptions::new(catalogues()));
    assert!(
        matches!(code(&r), Some("corner_not_found" | "tag_not_decoded")),
        "{:?}",
        r.rejected
    );
}

#[test]
fn a_blurred_photo_is_refused_as_blurred() {
    let s = Shot::new(102, Style::Clean, 40).take();
    let img = image::load_from_memory(&s.jpeg).unwrap().to_luma8();
    let blurred = image::imageops::blur(&img, 9.0);
    let mut png = Vec::new();
    DynamicImage::ImageLuma8(blurred)
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    let r = read_opts(&png, &ReadOptions::new(catalogues()));
    assert_eq!(code(&r), Some("blurred"), "{:?}", r.rejected);
    assert!(!r.quality.ok);
    assert!(
        r.quality
            .reasons
            .iter()
            .any(|q| q.code == "blurred" && q.fatal)
    );
}

#[test]
fn a_wrong_page_is_refused() {
    // The clerk says page 102, the photo is of page 101.
    let s = Shot::new(101, Style::Clean, 50).take();
    let mut opts = ReadOptions::new(catalogues());
    opts.expected_tag = Some(102);
    let r = read_opts(&s.jpeg, &opts);
    assert_eq!(code(&r), Some("wrong_page"));
    // A page whose printed tag is another page's.
    let mut shot = Shot::new(102, Style::Clean, 51);
    shot.tag_override = Some(103);
    let s = shot.take();
    let mut opts = ReadOptions::new(catalogues());
    opts.expected_tag = Some(102);
    assert_eq!(code(&read_opts(&s.jpeg, &opts)), Some("wrong_page"));
    // A tag no loaded form has.
    let mut shot = Shot::new(102, Style::Clean, 52);
    shot.tag_override = Some(777);
    let s = shot.take();
    let r = read_opts(&s.jpeg, &ReadOptions::new(catalogues()));
    assert_eq!(code(&r), Some("unknown_page"));
}

#[test]
fn small_dark_bright_and_broken_images_are_refused() {
    let png = |img: image::GrayImage| {
        let mut out = Vec::new();
        DynamicImage::ImageLuma8(img)
            .write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    };
    let opts = ReadOptions::new(catalogues());
    let r = read_opts(&png(image::GrayImage::new(640, 480)), &opts);
    assert_eq!(code(&r), Some("too_small"));
    let r = read_opts(
        &png(image::GrayImage::from_pixel(1600, 1200, image::Luma([20]))),
        &opts,
    );
    assert_eq!(code(&r), Some("too_dark"));
    let r = read_opts(
        &png(image::GrayImage::from_pixel(1600, 1200, image::Luma([252]))),
        &opts,
    );
    assert_eq!(code(&r), Some("too_bright"));
    let r = read_opts(
        &png(image::GrayImage::from_pixel(1600, 1200, image::Luma([200]))),
        &opts,
    );
    assert_eq!(code(&r), Some("corners_not_found"));
    let s = Shot::new(102, Style::Clean, 60).take();
    let r = read_opts(&s.jpeg[..s.jpeg.len() / 3], &opts);
    assert!(r.rejected.is_some(), "a truncated JPEG must not be read");
    let mut small = ReadOptions::new(catalogues());
    small.max_pixels = 1_000_000;
    assert_eq!(code(&read_opts(&s.jpeg, &small)), Some("pixel_limit"));
}

#[test]
fn manual_corners_override_the_search() {
    let mut shot = Shot::new(102, Style::Phone, 70);
    shot.force = Force {
        rotation: Some(0),
        crop_corner: None,
    };
    let s = shot.take();
    let mut opts = ReadOptions::new(catalogues());
    opts.corners = Some(s.truth.corners.map(|c| (c[0], c[1])));
    let r = read_opts(&s.jpeg, &opts);
    assert_eq!(code(&r), None, "{:?}", r.rejected);
    assert_eq!(r.tag_id, Some(102));
    // Corners that are nowhere near the page: the tag is not found there.
    opts.corners = Some([(10.0, 10.0), (60.0, 10.0), (60.0, 60.0), (10.0, 60.0)]);
    assert_eq!(code(&read_opts(&s.jpeg, &opts)), Some("tag_not_decoded"));
}
