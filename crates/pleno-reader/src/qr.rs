//! QR codes a sheet prints that name its page (a layout calibrated from such a sample). Pages
//! of one contest often print the same table (the party pages of a legislative plano), which
//! their boxes cannot tell apart; the code can. The photo's codes are read only when the boxes
//! fit two pages without a tag alike and one of them has a code (`locate.rs`).

use image::{GrayImage, Luma};
use pleno_core::template::Rect;

use crate::geom::{Homography, sample};
use crate::untagged::Page;

/// Pixels per page mm a code is redrawn at from where a page map puts it: a plano code's
/// 1.3 mm modules become 10 px. Redrawing adds no detail: on a 900 × 1600 photo, where those
/// modules get under 2 px, the finder squares come out but the data modules merge (0 of 12
/// such photos named, with or without a threshold of the redrawn code).
const PX_PER_MM: f64 = 8.0;
/// Quiet zone redrawn around the code, mm (the standard 4 modules of a plano code).
const QUIET_MM: f64 = 6.0;

/// A QR code on the image: its text and its four corners (px, the code's own order).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub text: String,
    pub corners: [(f64, f64); 4],
}

/// Every QR code on `img` that decodes. rqrr has been seen to panic on odd images (an
/// assertion in its perspective fit, rqrr issue 54): such a photo has no code, and its read
/// goes on without one.
pub fn find(img: &GrayImage) -> Vec<Found> {
    std::panic::catch_unwind(|| decode_all(img)).unwrap_or_default()
}

/// The code `h` (page mm → photo px) puts at `rect`, redrawn upright at [`PX_PER_MM`] from the
/// photo, with its corners mapped back onto the photo: a few hundred pixels searched instead
/// of the whole photo.
pub fn find_at(img: &GrayImage, h: &Homography, rect: Rect) -> Vec<Found> {
    let (x0, y0) = (rect.x - QUIET_MM, rect.y - QUIET_MM);
    let side = |mm: f64| ((mm + 2.0 * QUIET_MM) * PX_PER_MM).round() as u32;
    let (w, ht) = (side(rect.w), side(rect.h));
    let mm = |px: f64, origin: f64| origin + px / PX_PER_MM;
    let crop = GrayImage::from_fn(w, ht, |x, y| {
        let (px, py) = h.apply(mm(f64::from(x) + 0.5, x0), mm(f64::from(y) + 0.5, y0));
        // Off the photo reads as paper, the quiet zone's colour.
        Luma([sample(img, px, py).map_or(255, |v| v.round() as u8)])
    });
    find(&crop)
        .into_iter()
        .map(|f| Found {
            corners: f.corners.map(|(x, y)| h.apply(mm(x, x0), mm(y, y0))),
            ..f
        })
        .collect()
}

fn decode_all(img: &GrayImage) -> Vec<Found> {
    let (w, h) = img.dimensions();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
            img.get_pixel(x as u32, y as u32).0[0]
        });
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|g| {
            let (_, text) = g.decode().ok()?;
            let corners = g.bounds.map(|p| (f64::from(p.x), f64::from(p.y)));
            Some(Found { text, corners })
        })
        .collect()
}

/// The page whose layout's QR text begins one of the codes found, the longest such text
/// winning; None when no page's does, or two pages' equally long texts do.
pub fn page_named(found: &[Found], pages: &[Page<'_>]) -> Option<u16> {
    let mut best: Option<(usize, u16)> = None;
    let mut tied = false;
    for page in pages {
        let Some(spec) = &page.template.qr else {
            continue;
        };
        if !found.iter().any(|f| f.text.starts_with(&spec.text)) {
            continue;
        }
        let len = spec.text.len();
        match best {
            Some((l, code)) if l == len && code != page.code => tied = true,
            Some((l, _)) if l >= len => {}
            _ => {
                best = Some((len, page.code));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, code)| code)
}

#[cfg(test)]
mod tests {
    use pleno_core::template::{QrSpec, Rect, Template};

    use super::*;

    fn coded(code: u16, text: &str) -> Template {
        let cat = pleno_core::Catalogue::new(&pleno_core::Ballot::ppwp_2024());
        let mut t = Template::for_tag(1102, &cat, None).expect("salinan page");
        t.tag_id = code;
        t.qr = Some(QrSpec {
            rect: Rect::new(10.0, 10.0, 20.0, 20.0),
            text: text.into(),
        });
        t
    }

    fn pages<'a>(a: &'a Template, b: &'a Template) -> [Page<'a>; 2] {
        [a, b].map(|t| Page {
            code: t.tag_id,
            template: t,
        })
    }

    fn seen(texts: &[&str]) -> Vec<Found> {
        texts
            .iter()
            .map(|t| Found {
                text: (*t).into(),
                corners: [(0.0, 0.0); 4],
            })
            .collect()
    }

    #[test]
    fn the_longest_shared_beginning_names_the_page() {
        let (a, b) = (coded(202, "DPR HAL 2"), coded(212, "DPR HAL 21"));
        let pages = pages(&a, &b);
        assert_eq!(page_named(&seen(&["DPR HAL 2 TPS 004"]), &pages), Some(202));
        assert_eq!(
            page_named(&seen(&["DPR HAL 21 TPS 004"]), &pages),
            Some(212)
        );
        // Another code on the photo (a witness's sticker) does not get in the way.
        let both = seen(&["https://example.org/x", "DPR HAL 21 TPS 9"]);
        assert_eq!(page_named(&both, &pages), Some(212));
        assert_eq!(page_named(&seen(&["DPD HAL 2"]), &pages), None);
        assert_eq!(page_named(&[], &pages), None);
    }

    #[test]
    fn two_pages_with_one_text_name_nothing() {
        let (a, b) = (coded(202, "DPR"), coded(203, "DPR"));
        let pages = pages(&a, &b);
        assert_eq!(page_named(&seen(&["DPR HAL 3"]), &pages), None);
    }
}
