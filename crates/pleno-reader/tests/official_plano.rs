//! The official PPWP plano (PKPU 25/2023 annex, `../shared/reference/forms/C.HASIL-PPWP.pdf`)
//! rendered by poppler, handwritten into by pleno-synth at the boxes our measured templates
//! name, and read back: the page is identified from the official corner marks and AprilTag, and
//! every field is either right or not acceptable. Skips with a message when the reference PDF
//! is absent (it lives beside the repository, not in it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{acceptable, catalogues, form, reader, template};
use image::{GrayImage, RgbImage};
use pleno_core::Contest;
use pleno_reader::{ReadOptions, pdf};
use pleno_synth::{atlas, fill, ink, rng::Rng};

fn official_pdf() -> Option<Vec<u8>> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/forms/C.HASIL-PPWP.pdf");
    let bytes = std::fs::read(&p).ok();
    if bytes.is_none() {
        eprintln!(
            "SKIP official plano test: {} not found (the shared reference folder sits beside the repository)",
            p.display()
        );
    }
    bytes
}

#[test]
fn the_official_plano_with_handwritten_figures_reads_right_or_asks() {
    let Some(bytes) = official_pdf() else {
        return;
    };
    let pages = pdf::render_pages(&bytes).unwrap();
    assert_eq!(pages.len(), 3, "the PPWP plano has three pages");
    let values = form(Contest::Ppwp, 2024);
    let (mut fields, mut right, mut accepted) = (0, 0, 0);
    for (i, png) in pages.iter().enumerate() {
        let tag = 101 + u16::try_from(i).unwrap();
        let t = template(tag);
        let grey: GrayImage = image::load_from_memory(png).unwrap().into_luma8();
        let ppm = f64::from(grey.width()) / t.width;
        assert!(
            (f64::from(grey.height()) / t.height - ppm).abs() < 0.01,
            "page {tag}: the official page has the template's proportions"
        );
        let mut page = RgbImage::from_fn(grey.width(), grey.height(), |x, y| {
            let v = grey.get_pixel(x, y).0[0];
            image::Rgb([v, v, v.saturating_sub(8)])
        });
        let mut rng = Rng::new(u64::from(tag));
        let pen = ink::Pen::random(&mut rng);
        let mut sheet = ink::Sheet {
            img: &mut page,
            ppm,
        };
        let written = fill::fill(
            &mut sheet,
            atlas::atlas().unwrap(),
            &t,
            &values,
            &mut rng,
            pen,
            pleno_synth::Hand::Mnist,
            None,
        )
        .unwrap();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
            .encode_image(&page)
            .unwrap();
        if let Ok(dir) = std::env::var("PLENO_DEBUG_DIR") {
            std::fs::write(format!("{dir}/official-{tag}.jpg"), &jpeg).unwrap();
        }

        let r = reader().read(&jpeg, &ReadOptions::new(catalogues()));
        assert!(r.rejected.is_none(), "page {tag}: {:?}", r.rejected);
        assert_eq!(r.tag_id, Some(tag), "the official tag names the page");
        assert_eq!(r.orientation, Some(0));
        assert_eq!(r.fields.len(), t.fields.len());
        for f in &r.fields {
            let truth = written[&f.key].value;
            fields += 1;
            right += usize::from(f.value == truth);
            accepted += usize::from(acceptable(f));
            assert!(
                f.value == truth || !acceptable(f),
                "page {tag} {}: read {:?}, written {truth:?} — a wrong figure passed as sure",
                f.key,
                f.value
            );
        }
    }
    println!(
        "official plano: {fields} fields, {right} read right, {accepted} acceptable without a person, 0 silent errors"
    );
    assert!(right * 10 >= fields * 8, "{right} of {fields} read right");
}
