//! The bubble columns of PPWP page 102: read like the boxes, and a field whose bubbles and
//! boxes disagree is never acceptable.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Shot, acceptable, catalogues, reader, template};
use image::{DynamicImage, ImageFormat};
use pleno_core::FieldKey;
use pleno_reader::ReadOptions;
use pleno_synth::Style;

#[test]
fn bubbles_spell_the_written_numbers() {
    let mut read = 0;
    for (style, seed) in [(Style::Clean, 80), (Style::Phone, 81), (Style::Phone, 82)] {
        let s = Shot::new(102, style, seed).take();
        let r = reader().read(&s.jpeg, &ReadOptions::new(catalogues()));
        assert!(r.rejected.is_none(), "{:?}", r.rejected);
        for f in &r.fields {
            let b = f.bubbles.as_ref().expect("page 102 has bubbles");
            assert_eq!(b.columns.len(), 3);
            let truth = s.truth.fields[&f.key.to_string()];
            if b.readable {
                assert_eq!(b.value, truth, "{style:?} {}", f.key);
                read += 1;
            }
        }
    }
    assert!(read >= 8, "bubbles read in {read} of 9 fields");
}

#[test]
fn bubbles_that_disagree_with_the_boxes_hold_the_field() {
    let s = Shot::new(102, Style::Clean, 83).take();
    let t = template(102);
    let h = s.truth.homography;
    let to_px = |x: f64, y: f64| {
        let w = h[6] * x + h[7] * y + h[8];
        (
            (h[0] * x + h[1] * y + h[2]) / w,
            (h[3] * x + h[4] * y + h[5]) / w,
        )
    };
    let mut img = image::load_from_memory(&s.jpeg).unwrap().to_luma8();
    // In the last column of the first pair: clear the blackened bubble, blacken its neighbour.
    let key = FieldKey::Paslon(1);
    let written = &s.truth.written[&key.to_string()];
    let d = usize::from(written.bubbles[2].unwrap());
    let other = if d == 9 { 8 } else { d + 1 };
    let column = &t.field(key).unwrap().bubbles[2];
    for (digit, paint) in [(d, 235u8), (other, 25u8)] {
        let c = column[digit].centre();
        let r = column[digit].w * 0.42;
        let (cx, cy) = to_px(c.x, c.y);
        let (ex, _) = to_px(c.x + r, c.y);
        let rad = ex - cx;
        for y in (cy - rad) as u32..=(cy + rad) as u32 {
            for x in (cx - rad) as u32..=(cx + rad) as u32 {
                if (f64::from(x) - cx).hypot(f64::from(y) - cy) < rad {
                    img.put_pixel(x, y, image::Luma([paint]));
                }
            }
        }
    }
    let mut png = Vec::new();
    DynamicImage::ImageLuma8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    let r = reader().read(&png, &ReadOptions::new(catalogues()));
    let f = r.fields.iter().find(|f| f.key == key).unwrap();
    assert_eq!(
        f.omr_agrees(),
        Some(false),
        "{:?} vs {:?}",
        f.value,
        f.bubbles.as_ref().map(|b| b.value)
    );
    assert!(!acceptable(f));
}
