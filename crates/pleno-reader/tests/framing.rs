//! The page finder on the framings of real photos and scans (issue: real 2024 paper): a corner
//! mark cut off, a mark touching the frame's edge, SIREKAP-sized 900 × 1600 photos, a phone
//! scanner app's A4 page (as a real PDF through poppler), and halves of a sheet. Each case over
//! several pages and seeds: the page is identified and every field it shows is placed within
//! 1 mm of where it is (paper curl included).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Shot, catalogues, placement_error, reader, template};
use pleno_core::FormValues;
use pleno_reader::{Framing, PageReading, ReadOptions, Rejection};
use pleno_synth::{Force, Half, Options, Style};

/// Pages of three forms: the PPWP tally page (with the guide), its page 1 (22 fields), a DPR
/// party page (identical candidate rows) and a DPD page.
const PAGES: [u16; 4] = [102, 101, 202, 302];

fn shot(case: u64, seed: u64, style: Style, force: Force) -> (Shot, pleno_synth::Synth) {
    let tag = PAGES[((case + seed) % 4) as usize];
    let mut s = Shot::new(tag, style, 9000 + 31 * case + seed);
    s.force = force;
    let synth = s.take();
    (s, synth)
}

/// A `framing_cases` shot rebuilt exactly: page `tag` with the case's figures for `seed`,
/// photographed in `style` with `force` and options seed 9000 + `seed`.
fn case_shot(tag: u16, seed: u64, style: Style, force: Force) -> pleno_synth::Synth {
    let t = template(tag);
    let values = pleno_synth::uniform_values(&t, seed);
    let mut options = Options::new(style, 9000 + seed);
    options.force = force;
    pleno_synth::synth(&t, &values, &options).unwrap()
}

/// A `case_shot` read as an import reads it, with no page named.
fn read_case_shot(
    tag: u16,
    seed: u64,
    style: Style,
    force: Force,
) -> (pleno_synth::Synth, PageReading) {
    let synth = case_shot(tag, seed, style, force);
    let r = reader().read(&synth.jpeg, &ReadOptions::new(catalogues()));
    (synth, r)
}

/// The worst box placement (mm) of a reading that must have identified page `tag`.
fn placed_as(tag: u16, r: &PageReading, synth: &pleno_synth::Synth, what: &str) -> f64 {
    assert_eq!(r.tag_id, Some(tag), "{what}: {:?}", r.rejected);
    placement_error(r, &synth.truth)
}

/// Every field the app would accept from the reading alone holds what was written.
fn accepted_right(r: &PageReading, synth: &pleno_synth::Synth, what: &str) {
    let values = r.form_values();
    for f in r.fields.iter().filter(|f| common::acceptable(f)) {
        assert_eq!(
            values.get(f.key),
            synth.truth.fields[&f.key.to_string()],
            "{what}: {} accepted wrong",
            f.key
        );
    }
}

fn check(what: &str, s: &Shot, synth: &pleno_synth::Synth, r: &PageReading) {
    assert_eq!(
        r.rejected.as_ref().map(Rejection::code),
        None,
        "{what}, page {} seed {}: {:?}",
        s.tag,
        s.seed,
        r.rejected
    );
    assert_eq!(r.tag_id, Some(s.tag), "{what}: page identity");
    let e = placement_error(r, &synth.truth);
    println!(
        "{what}: page {} seed {} framed by {:?}, {} fields, every one within {e:.2} mm",
        s.tag,
        s.seed,
        r.framing,
        r.fields.len()
    );
    assert!(
        e <= 1.0,
        "{what}, page {} seed {}: {e:.2} mm",
        s.tag,
        s.seed
    );
    // Whatever the photo shows of the page is read: no field wholly on it is lost (a box
    // reaches about 11 mm from its centre).
    let t = &synth.truth;
    let m = &t.homography;
    let px_per_mm = (m[0] * m[0] + m[3] * m[3]).sqrt() / m[8].abs().max(1e-9);
    let margin = 11.0 * px_per_mm;
    let shown = t
        .box_centres
        .values()
        .filter(|c| {
            c.iter().all(|p| {
                p[0] > margin
                    && p[1] > margin
                    && p[0] < f64::from(t.width) - margin
                    && p[1] < f64::from(t.height) - margin
            })
        })
        .count();
    assert!(
        r.fields.len() >= shown,
        "{what}: {} of {shown} fields",
        r.fields.len()
    );
}

#[test]
fn a_corner_mark_out_of_the_frame() {
    for seed in 0..3 {
        let force = Force {
            crop_corner: Some(seed as usize % 4),
            ..Force::default()
        };
        let (s, synth) = shot(1, seed, Style::Phone, force);
        let r = reader().read(&synth.jpeg, &ReadOptions::new(catalogues()));
        check("corner out of frame", &s, &synth, &r);
    }
}

#[test]
fn a_mark_touching_the_frame_edge_is_still_a_mark() {
    for seed in 0..3 {
        let force = Force {
            edge_touch: Some(seed as usize % 4),
            ..Force::default()
        };
        let (s, synth) = shot(2, seed, Style::Phone, force);
        let r = reader().read(&synth.jpeg, &ReadOptions::new(catalogues()));
        check("mark touching the edge", &s, &synth, &r);
        assert_eq!(r.framing, Some(Framing::Marks));
    }
}

#[test]
fn a_900_by_1600_photo_is_read() {
    for seed in 0..4 {
        let force = Force {
            size: Some((900, 1600)),
            ..Force::default()
        };
        let (s, synth) = shot(3, seed, Style::Phone, force);
        assert!(synth.truth.width.min(synth.truth.height) == 900);
        let r = reader().read(&synth.jpeg, &ReadOptions::new(catalogues()));
        check("900 x 1600", &s, &synth, &r);
        let px = r.quality.box_px.unwrap();
        assert!((18.0..40.0).contains(&px), "box {px} px");
    }
}

/// A 720 × 1280 photo puts the boxes at 13–18 px: readable by eye, and refused before the
/// floor went from 18 to 12 px (docs/reader.md has the measurement). Placed within three of
/// its pixels (1–2 mm at this size; the crop holds a box with its margin), and no figure the
/// gate would let through is wrong.
#[test]
fn a_720_by_1280_photo_with_boxes_under_18_px_is_read() {
    let mut smallest = f32::MAX;
    for seed in 0..4 {
        let force = Force {
            size: Some((720, 1280)),
            ..Force::default()
        };
        let (s, synth) = shot(6, seed, Style::Phone, force);
        let r = reader().read(&synth.jpeg, &ReadOptions::new(catalogues()));
        assert_eq!(r.rejected, None, "page {} seed {}", s.tag, s.seed);
        assert_eq!(r.tag_id, Some(s.tag));
        let px = r.quality.box_px.unwrap();
        smallest = smallest.min(px);
        let e = placement_error(&r, &synth.truth);
        let m = &synth.truth.homography;
        let px_per_mm = (m[0] * m[0] + m[3] * m[3]).sqrt() / m[8].abs().max(1e-9);
        println!(
            "720 x 1280: page {} seed {}, boxes {px:.1} px, placed within {e:.2} mm = {:.1} px",
            s.tag,
            s.seed,
            e * px_per_mm
        );
        assert!(
            e * px_per_mm <= 3.0,
            "page {} seed {}: {e:.2} mm",
            s.tag,
            s.seed
        );
        for f in &r.fields {
            let sure = f.status == pleno_reader::FieldStatus::Read
                && f.confidence >= 0.97
                && f.min_digit_p >= 0.98
                && f.omr_agrees() != Some(false);
            let truth = synth.truth.fields[&f.key.to_string()];
            assert!(
                !sure || f.value == truth,
                "page {} seed {}: {} read {:?} at {:.3}, truth {truth:?}",
                s.tag,
                s.seed,
                f.key,
                f.value,
                f.confidence
            );
        }
    }
    assert!(
        smallest < 18.0,
        "boxes of {smallest} px: not the case meant"
    );
}

#[test]
fn a_scanner_apps_a4_pdf_is_read() {
    for seed in 0..3 {
        let (s, synth) = shot(4, seed, Style::Scan, Force::default());
        // As the office gets it: the app's A4 PDF, pages rendered by poppler.
        let page = pleno_synth::scan::ScanPage::of(&synth.jpeg).unwrap();
        let pdf = pleno_synth::scan::pdf_of_jpegs(&[page], 300.0);
        let rendered = pleno_reader::pdf::render_pages(&pdf).expect("pdftoppm renders the scan");
        assert_eq!(rendered.len(), 1);
        let r = reader().read(&rendered[0], &ReadOptions::new(catalogues()));
        assert_eq!(r.tag_id, Some(s.tag), "scan seed {seed}: {:?}", r.rejected);
        // The JPEG inside the PDF holds the same pixels the truth describes.
        let r = reader().read(&synth.jpeg, &ReadOptions::new(catalogues()));
        check("scanner app page", &s, &synth, &r);
    }
}

#[test]
fn halves_of_a_sheet_are_read_for_what_they_show() {
    for seed in 0..3 {
        let force = Force {
            half: Some(Half::Top),
            ..Force::default()
        };
        let (s, synth) = shot(5, seed, Style::Phone, force);
        let r = reader().read(&synth.jpeg, &ReadOptions::new(catalogues()));
        check("top half", &s, &synth, &r);
        assert!(r.partial || r.fields.len() == template(s.tag).fields.len());

        // The bottom half has no tag: read as the page the clerk (or the top half) names, and
        // refused by name when nobody does.
        let force = Force {
            half: Some(Half::Bottom),
            ..Force::default()
        };
        let (s, synth) = shot(5, seed, Style::Phone, force);
        let unnamed = reader().read(&synth.jpeg, &ReadOptions::new(catalogues()));
        assert!(unnamed.rejected.is_some() || unnamed.tag_id == Some(s.tag));
        let mut opts = ReadOptions::new(catalogues());
        opts.expected_tag = Some(s.tag);
        let r = reader().read(&synth.jpeg, &opts);
        check("bottom half, page named", &s, &synth, &r);
        // Named as another page, it is not read as that page.
        opts.expected_tag = Some(if s.tag == 101 { 102 } else { 101 });
        let wrong = reader().read(&synth.jpeg, &opts);
        assert!(
            wrong.rejected.is_some(),
            "bottom half read as the wrong page"
        );
    }
}

#[test]
fn the_values_of_a_small_photo_come_out_right() {
    // A SIREKAP-sized photo is not only placed: its boxes, ~25 px, are read.
    let mut s = Shot::new(102, Style::Phone, 77);
    s.force = Force {
        size: Some((900, 1600)),
        ..Force::default()
    };
    let synth = s.take();
    let r = reader().read(&synth.jpeg, &ReadOptions::new(catalogues()));
    let values: FormValues = r.form_values();
    let right = r
        .fields
        .iter()
        .filter(|f| values.get(f.key) == synth.truth.fields[&f.key.to_string()])
        .count();
    assert!(right >= 2, "{right} of {} fields right", r.fields.len());
}

#[test]
fn a_thumb_and_glare_over_marks_leave_the_tag_to_place_the_page() {
    // Poor photos (tilted up to 30°, a thumb over one corner, glare) whose marks alone do not
    // place the page: the tag does, with the marks it leads to.
    // Seeds of the held-out traced set that were refused before the tag led to the far marks
    // (11000043, 11000053) or vouched for the page with two marks hidden (11000045).
    for (seed, mp) in [(11_000_043, 6.3), (11_000_045, 9.3), (11_000_053, 6.1)] {
        let mut s = Shot::new(102, Style::Poor, seed);
        s.hand = pleno_synth::Hand::Traced;
        s.megapixels = mp;
        let synth = s.take();
        assert!(synth.truth.effects.occluded_corner.is_some());
        let r = reader().read(&synth.jpeg, &ReadOptions::new(catalogues()));
        assert_eq!(r.rejected, None, "seed {seed}");
        assert_eq!(r.tag_id, Some(102));
        assert_eq!(r.framing, Some(Framing::Tag), "seed {seed}");
        // The map rests on the tag and one to three marks: within 1.5 mm, and each box is then
        // aligned on its own outline (±1.2 mm).
        let e = placement_error(&r, &synth.truth);
        assert!(e <= 1.5, "seed {seed}: {e:.2} mm");
        // What the app would accept is right.
        accepted_right(&r, &synth, &format!("seed {seed}"));
        println!("seed {seed}: placed within {e:.2} mm");
    }
}

/// A phone photo of page 101 turned 180° whose crop took the two marks of one side: the tag
/// and two marks 810 mm apart remain. An affine first map was 20 mm off halfway between the
/// marks (the plano foreshortened by the tilt), beyond the registration's reach, and the page
/// was refused; the projective fit the tag's size allows is tried beside it (`frame.rs`).
#[test]
fn two_marks_of_a_steeply_tilted_plano_and_its_tag_place_the_page() {
    for (tag, seed, corner) in [(101, 9020, 0), (302, 9023, 3)] {
        let mut s = Shot::new(tag, Style::Phone, seed);
        s.force = Force {
            crop_corner: Some(corner),
            ..Force::default()
        };
        let synth = s.take();
        let gone = synth.truth.corners_in_frame.iter().filter(|c| !**c).count();
        let r = reader().read(&synth.jpeg, &ReadOptions::new(catalogues()));
        check(&format!("{gone} marks cut"), &s, &synth, &r);
        assert_eq!(r.framing, Some(Framing::Tag));
    }
}

/// A page 101 cropped at its top-left mark (`framing_cases --case 1`, seed 8): the frame's
/// edge also takes both top marks and the top 3–7 px of the tag's 114, so the tag's black
/// blob ran into the edge and was refused as `tag_not_decoded`. Around the photo lies paper.
#[test]
fn a_tag_the_frames_edge_cuts_into_still_names_the_page() {
    let force = Force {
        crop_corner: Some(0),
        ..Force::default()
    };
    let (synth, r) = read_case_shot(101, 8, Style::Phone, force);
    let top = synth.truth.tag_corners.expect("tag")[..2]
        .iter()
        .map(|c| c[1])
        .fold(f64::INFINITY, f64::min);
    assert!(top < 0.0, "the tag is cut by the frame ({top:.1} px)");
    let e = placed_as(101, &r, &synth, "seed 8");
    assert_eq!(r.framing, Some(Framing::Tag));
    assert!(e <= 1.0, "placed within {e:.2} mm");
}

/// A poor photo of page 101 (`framing_cases --case 8`, seed 36: a thumb over one mark, glare,
/// motion blur) whose tag is read but whose print agrees with no map enough to place the
/// fields: the refusal names the page and says it was not placed. It said `tag_not_decoded`,
/// sending the clerk after a tag that was read. (This test read seed 92 until the far marks'
/// pair placed it, then 56 until a far mark was looked for where the map puts it.)
#[test]
fn a_page_known_by_its_tag_but_not_placed_is_refused_as_such() {
    let (_, r) = read_case_shot(101, 36, Style::Poor, Force::default());
    match &r.rejected {
        Some(Rejection::PageNotPlaced { page: 101, percent }) => assert!(*percent < 50),
        other => panic!("{other:?}"),
    }
    assert!(r.fields.is_empty());
}

/// A motion-blurred photo with a thumb and glare (`framing_cases --case 8`, seed 73): two of
/// page 102's three fields have a row profile that peaks 5 mm off, the box tops on the row's
/// rule, 1–4 % above the boxes' true place. With fewer than five fields no neighbours' trend
/// overrules them; the field search takes the nearer of nearly equal peaks.
#[test]
fn a_blurred_fields_nearly_equal_wrong_edge_does_not_pull_it_off() {
    let (synth, r) = read_case_shot(102, 73, Style::Poor, Force::default());
    assert!(synth.truth.effects.motion_blur_px.is_some());
    let e = placed_as(102, &r, &synth, "seed 73");
    assert!(e <= 1.5, "placed within {e:.2} mm");
}

/// A motion-blurred DPR page 202 (`framing_cases --case 8`, seed 58) whose map is turned
/// locally: down the candidate rows its error grows to 1.5 mm per box along a field, which
/// one shift per field cannot follow and the ±1.2 mm box search could not reach (first boxes
/// 1.6 mm off, 3.76 mm at worst). Each field now leans with its own outlines.
#[test]
fn a_field_leans_with_its_boxes_where_the_map_is_turned() {
    let (synth, r) = read_case_shot(202, 58, Style::Poor, Force::default());
    let e = placed_as(202, &r, &synth, "seed 58");
    assert!(e <= 0.5, "placed within {e:.2} mm");
}

/// Motion-blurred photos with glare over part of the page (`framing_cases --case 8`). Glare
/// and blur hide the printed structure, and a block that matches nowhere counts against the
/// map: with the tag and three marks in view 41–49 % of the blocks agreed (seeds 9 and 16),
/// with the tag alone 56–58 % (seeds 46 and 60), and all four were refused although a
/// person reads them. The tag vouches for the page, and three marks found where the map puts
/// them hold it at the page's ends.
#[test]
fn glare_over_the_structure_leaves_the_tag_and_marks_to_hold_the_page() {
    for (tag, seed) in [(102, 9), (101, 16), (202, 46), (101, 60)] {
        let (synth, r) = read_case_shot(tag, seed, Style::Poor, Force::default());
        let e = placed_as(tag, &r, &synth, &format!("seed {seed}"));
        assert_eq!(r.framing, Some(Framing::Tag), "seed {seed}");
        assert!(e <= 1.0, "seed {seed}: placed within {e:.2} mm");
        accepted_right(&r, &synth, &format!("seed {seed}"));
    }
}

/// Bottom halves photographed at a slant (`framing_cases --case 7`, seeds 0 and 1): two marks
/// of the page the clerk names, and 62 % and 67 % of the printed structure's blocks agreeing
/// with the map, under the 70 % bar then asked where no tag vouches for the page. Named as
/// another page, such halves agreed on at most 38 %: the bar is 60 %, and that page is
/// still refused.
#[test]
fn a_slanted_bottom_half_is_read_as_the_page_named_and_not_as_another() {
    for (tag, seed) in [(101, 0), (102, 1)] {
        let force = Force {
            half: Some(Half::Bottom),
            ..Force::default()
        };
        let synth = case_shot(tag, seed, Style::Phone, force);
        let mut opts = ReadOptions::new(catalogues());
        opts.expected_tag = Some(tag);
        let r = reader().read(&synth.jpeg, &opts);
        assert_eq!(r.tag_id, Some(tag), "seed {seed}: {:?}", r.rejected);
        assert_eq!(r.framing, Some(Framing::TwoMarks), "seed {seed}");
        let e = placement_error(&r, &synth.truth);
        assert!(e <= 1.0, "seed {seed}: placed within {e:.2} mm");
        opts.expected_tag = Some(if tag == 101 { 102 } else { 101 });
        let wrong = reader().read(&synth.jpeg, &opts);
        assert!(wrong.rejected.is_some(), "seed {seed} read as another page");
    }
}

/// A tilted plano with the mark beside its tag under glare or a thumb (`framing_cases --case
/// 8`, seeds 84 and 92): the far marks lie beyond the reach the small tag promises, and the
/// tag's map alone was too far off to register (9–10 % of the blocks agreed). The pair of far
/// marks the tag agrees with best, clearly better than any other pair, now holds the map.
#[test]
fn far_marks_hold_a_tilted_page_whose_near_mark_is_hidden() {
    for seed in [84, 92] {
        let (synth, r) = read_case_shot(101, seed, Style::Poor, Force::default());
        let e = placed_as(101, &r, &synth, &format!("seed {seed}"));
        assert_eq!(r.framing, Some(Framing::Tag), "seed {seed}");
        assert!(e <= 1.0, "seed {seed}: placed within {e:.2} mm");
    }
}

/// A tilted, motion-blurred plano whose tag and two marks were found, the mark under a thumb
/// and the far one smeared into one blob the photo-wide search passed over (`framing_cases
/// --case 8`, seed 56): 44 % of the blocks agreed with the map of the tag and two marks. The
/// far mark, looked for where that map puts it, holds the page's far end.
#[test]
fn a_far_mark_the_search_passed_over_is_found_where_the_map_puts_it() {
    let (synth, r) = read_case_shot(101, 56, Style::Poor, Force::default());
    let e = placed_as(101, &r, &synth, "seed 56");
    assert_eq!(r.framing, Some(Framing::Tag));
    assert!(e <= 1.5, "placed within {e:.2} mm");
    accepted_right(&r, &synth, "seed 56");
}
