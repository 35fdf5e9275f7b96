//! Each way a photo goes wrong gives its own rejection code, and a turned photo is no error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Shot, catalogues, placement_error, reader};
use image::{DynamicImage, ImageFormat};
use pleno_reader::{Framing, ReadOptions};
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
            ..Force::default()
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
fn a_cropped_corner_is_read_from_the_rest_of_the_page() {
    // A clean photo with the frame cut inside one corner mark (everything beyond it black):
    // three marks and the printed structure place the page.
    for corner in [1usize, 3] {
        let mut shot = Shot::new(101, Style::Clean, 30 + corner as u64);
        shot.force = Force {
            rotation: Some(0),
            ..Force::default()
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
        assert_eq!(code(&r), None, "corner {corner}");
        assert_eq!(r.tag_id, Some(101));
        assert_eq!(r.framing, Some(Framing::ThreeMarks));
        let e = placement_error(&r, &s.truth);
        assert!(e <= 1.0, "corner {corner}: fields placed within {e:.2} mm");
    }
}

#[test]
fn a_photo_showing_no_mark_and_no_tag_is_refused_by_name() {
    // The middle of a page: nothing to place it by, nothing to say which page it is.
    let s = Shot::new(101, Style::Clean, 35).take();
    let img = image::load_from_memory(&s.jpeg).unwrap().to_luma8();
    let (w, h) = (img.width(), img.height());
    let middle = image::imageops::crop_imm(&img, w / 4, h / 3, w / 2, h / 3).to_image();
    let mut png = Vec::new();
    DynamicImage::ImageLuma8(middle)
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    let r = read_opts(&png, &ReadOptions::new(catalogues()));
    assert!(
        matches!(code(&r), Some("corners_not_found" | "tag_not_decoded")),
        "{:?}",
        r.rejected
    );
    assert!(r.fields.is_empty());
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
    let r = read_opts(&png(image::GrayImage::new(320, 240)), &opts);
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
        ..Force::default()
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
