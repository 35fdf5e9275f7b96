//! Scanned PDFs: a two-page scan (JPEG pages, as scanners write them) is rendered through
//! poppler and each page read like a photo; broken and oversized PDFs are refused by name.
//! Needs `pdfinfo`/`pdftoppm` (poppler-utils, installed by .ci/run).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Shot, acceptable, catalogues, reader};
use pleno_reader::{ReadOptions, pdf};
use pleno_synth::Style;
use pleno_synth::scan::{ScanPage, pdf_of_jpegs};

#[test]
fn a_two_page_scan_reads_page_by_page() {
    let shots = [
        Shot::new(101, Style::Clean, 41),
        Shot::new(102, Style::Clean, 42),
    ];
    let synths: Vec<_> = shots.iter().map(Shot::take).collect();
    let pages: Vec<ScanPage<'_>> = synths
        .iter()
        .map(|s| ScanPage {
            jpeg: &s.jpeg,
            width: s.truth.width,
            height: s.truth.height,
        })
        .collect();
    let bytes = pdf_of_jpegs(&pages, 200.0);
    assert!(pdf::is_pdf(&bytes));

    // Given whole, the PDF is not one image: the caller is told to split it.
    let whole = reader().read(&bytes, &ReadOptions::new(catalogues()));
    assert_eq!(whole.rejected.unwrap().code(), "pdf_document");

    let rendered = pdf::render_pages(&bytes).unwrap();
    assert_eq!(rendered.len(), 2);
    for ((png, s), tag) in rendered.iter().zip(&synths).zip([101u16, 102]) {
        assert!(png.starts_with(b"\x89PNG"));
        let r = reader().read(png, &ReadOptions::new(catalogues()));
        assert!(r.rejected.is_none(), "page {tag}: {:?}", r.rejected);
        assert_eq!(r.tag_id, Some(tag));
        let mut right = 0;
        for f in &r.fields {
            let truth = s.truth.fields[&f.key.to_string()];
            assert!(
                f.value == truth || !acceptable(f),
                "page {tag} {}: read {:?}, truth {truth:?}",
                f.key,
                f.value
            );
            right += usize::from(f.value == truth);
        }
        println!(
            "PDF page {tag}: {right} of {} fields read right",
            r.fields.len()
        );
        assert!(
            right * 10 >= r.fields.len() * 7,
            "page {tag}: {right} right"
        );
    }
}

#[test]
fn a_broken_pdf_is_refused_with_a_reason() {
    let err = pdf::render_pages(b"%PDF-1.4\nthis is not a pdf\n").unwrap_err();
    assert_eq!(err.code(), "decode_error");
    assert!(err.to_string().contains("PDF"), "{err}");
}

#[test]
fn a_pdf_of_too_many_pages_is_refused_before_rendering() {
    // A tiny valid JPEG, repeated: cheap pages.
    let img = image::RgbImage::from_pixel(8, 8, image::Rgb([250, 250, 250]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
        .encode_image(&img)
        .unwrap();
    let page = || ScanPage {
        jpeg: &jpeg,
        width: 8,
        height: 8,
    };
    let pages: Vec<ScanPage<'_>> = (0..=pdf::MAX_PAGES).map(|_| page()).collect();
    let err = pdf::render_pages(&pdf_of_jpegs(&pages, 72.0)).unwrap_err();
    assert_eq!(err.code(), "pdf_too_many_pages");
}
