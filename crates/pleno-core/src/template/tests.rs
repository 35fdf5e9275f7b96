use super::*;
use crate::ballot::{BallotItems, Candidate, Dapil, PartyList, parties_for};
use crate::contest::Contest;

fn cand(n: u8) -> Candidate {
    Candidate {
        nomor: n,
        name: format!("Calon Nomor {n}"),
        gender: None,
    }
}

/// Party lists of varying length (1..=max), so short lists and full pages both occur.
fn party_ballot(contest: Contest, provinsi: &str, max: u8) -> Ballot {
    let lists = parties_for(contest, provinsi)
        .into_iter()
        .enumerate()
        .map(|(i, party)| PartyList {
            candidates: (1..=(i as u8 % max) + 1).map(cand).collect(),
            party,
        })
        .collect();
    Ballot {
        contest,
        dapil: Some(Dapil {
            code: "1101".into(),
            name: "Aceh 1".into(),
        }),
        items: BallotItems::Parties(lists),
    }
}

fn dpd_ballot(n: u8) -> Ballot {
    Ballot {
        contest: Contest::Dpd,
        dapil: None,
        items: BallotItems::Candidates((1..=n).map(cand).collect()),
    }
}

fn sample_ballots() -> Vec<Ballot> {
    vec![
        Ballot::ppwp_2024(),
        party_ballot(Contest::Dpr, "33", 10),
        dpd_ballot(20),
        dpd_ballot(7),
        party_ballot(Contest::DprdProv, "11", 12),
        party_ballot(Contest::DprdProv, "33", 13),
        party_ballot(Contest::DprdKab, "11", 14),
    ]
}

#[test]
fn every_layout_file_parses() {
    let all = layouts().unwrap();
    assert_eq!(all.len(), LAYOUT_IDS.len());
    for l in all {
        assert!(l.width > 100.0 && l.height > 100.0, "{}", l.id);
        let tag = l.tag.as_ref().expect("every shipped layout prints its tag");
        assert!([0, 90, 180, 270].contains(&tag.rotation), "{}", l.id);
        assert_eq!(tag.family, "tag36h10");
        assert!(!l.fields.is_empty(), "{} has no fields", l.id);
    }
    let measured: Vec<&str> = all
        .iter()
        .filter(|l| l.provenance == Provenance::Measured)
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(measured, ["ppwp-1", "ppwp-2", "ppwp-3"]);
}

#[test]
fn plano_pages_hold_exactly_the_catalogue_fields_of_their_page() {
    for ballot in sample_ballots() {
        let cat = Catalogue::new(&ballot);
        for code in cat.pages() {
            let t = Template::for_page_with_ballot(code, &cat, &ballot)
                .unwrap_or_else(|e| panic!("{:?} page {code}: {e}", ballot.contest));
            let want: Vec<FieldKey> = cat.page_fields(code).map(|f| f.key).collect();
            let mut got: Vec<FieldKey> = t.keys().collect();
            assert_eq!(got.len(), want.len(), "page {code}");
            got.sort();
            let mut want_sorted = want.clone();
            want_sorted.sort();
            assert_eq!(got, want_sorted, "page {code}");
            assert_eq!(t.tag_id, code.0);
            assert_eq!(t.family, Family::Plano);
            // Without a ballot the same page instantiates too (blank forms).
            assert_eq!(Template::for_page(code, &cat).unwrap().fields, t.fields);
        }
    }
}

#[test]
fn salinan_sheets_cover_the_whole_form_once() {
    for ballot in sample_ballots() {
        let cat = Catalogue::new(&ballot);
        let mut seen: Vec<FieldKey> = Vec::new();
        for plan in salinan_plans(&cat) {
            assert!(plan.tag_id > SALINAN_TAG_BASE);
            let t = Template::for_tag(plan.tag_id, &cat, Some(&ballot)).unwrap();
            assert_eq!(t.family, Family::Salinan);
            seen.extend(t.keys());
        }
        let mut all: Vec<FieldKey> = cat.keys().collect();
        assert_eq!(seen.len(), all.len(), "{:?}", ballot.contest);
        seen.sort();
        all.sort();
        assert_eq!(seen, all);
    }
}

#[test]
fn page_codes_follow_the_catalogue_and_reject_strangers() {
    let ballot = party_ballot(Contest::Dpr, "33", 10);
    let cat = Catalogue::new(&ballot);
    // Party i (1-based, ballot order) is on page 201 + i; its keys resolve from the ballot.
    let third = &ballot.parties()[2];
    let t = Template::for_page(PageCode(204), &cat).unwrap();
    assert_eq!(t.layout_id, "party-10");
    assert!(t.field(FieldKey::PartyTotal(third.party.nomor)).is_some());
    assert!(
        t.field(FieldKey::CandidateVotes(third.party.nomor, 3))
            .is_some()
    );
    assert!(
        t.field(FieldKey::CandidateVotes(third.party.nomor, 4))
            .is_none()
    );
    assert_eq!(
        Template::for_page(PageCode(220), &cat).unwrap().layout_id,
        "leg-closing"
    );
    assert!(matches!(
        Template::for_page(PageCode(221), &cat),
        Err(TemplateError::UnknownPage(221))
    ));
    assert!(matches!(
        Template::for_page(PageCode(102), &cat),
        Err(TemplateError::UnknownPage(102))
    ));
    // 13 candidates on a DPRD Provinsi list need the 14-row layout.
    let prov = Catalogue::new(&party_ballot(Contest::DprdProv, "33", 13));
    assert_eq!(
        Template::for_page(PageCode(402), &prov).unwrap().layout_id,
        "party-14"
    );
}

#[test]
fn labels_are_filled_and_names_come_from_the_ballot() {
    for ballot in sample_ballots() {
        let cat = Catalogue::new(&ballot);
        for plan in Template::plans(&cat) {
            let t = Template::for_tag(plan.tag_id, &cat, Some(&ballot)).unwrap();
            let tag = t.tag.as_ref().unwrap();
            for x in t.texts.iter().chain(tag.label.iter()) {
                assert!(!x.text.contains('{'), "{}: {}", t.layout_id, x.text);
            }
            let label = tag.label.as_ref().map(|l| l.text.clone());
            assert_eq!(label, Some(t.tag_id.to_string()));
        }
    }
    let cat = Catalogue::new(&Ballot::ppwp_2024());
    let named = Template::for_page_with_ballot(PageCode(102), &cat, &Ballot::ppwp_2024()).unwrap();
    assert!(named.texts.iter().any(|t| t.text == "H. PRABOWO SUBIANTO"));
    let blank = Template::for_page(PageCode(102), &cat).unwrap();
    assert!(
        blank
            .texts
            .iter()
            .any(|t| t.text == "NAMA CALON WAKIL PRESIDEN")
    );
    assert!(blank.texts.iter().any(|t| t.text == "Halaman 2 dari 3"));
}

/// Boxes and bubbles lie on the page, apart from each other, clear of the marks and of the
/// tag's quiet zone; static rules stay out of the quiet zone too (a rule there would break
/// the tag's border for a detector).
#[test]
fn geometry_is_consistent() {
    for ballot in sample_ballots() {
        let cat = Catalogue::new(&ballot);
        for plan in Template::plans(&cat) {
            let t = Template::for_tag(plan.tag_id, &cat, Some(&ballot)).unwrap();
            let page = Rect::new(0.0, 0.0, t.width, t.height);
            let tag = t.tag.as_ref().unwrap();
            let quiet = tag.rect.inflate(tag.cell_size());
            let marks: Vec<Rect> = (0..4).flat_map(|i| t.marks.pieces(i)).collect();
            let mut all = Vec::new();
            for f in &t.fields {
                assert_eq!(f.boxes.len(), 3, "{}", f.key);
                for col in &f.bubbles {
                    assert_eq!(col.len(), 10, "{}", f.key);
                }
                all.extend(f.boxes.iter().copied());
                all.extend(f.bubbles.iter().flatten().copied());
            }
            for (i, r) in all.iter().enumerate() {
                assert!(page.contains(r.corners()[0]) && page.contains(r.corners()[2]));
                assert!(!r.intersects(&quiet), "{} box in tag zone", t.layout_id);
                assert!(marks.iter().all(|m| !m.intersects(r)));
                for o in &all[i + 1..] {
                    assert!(!r.intersects(o), "{}: {r:?} overlaps {o:?}", t.layout_id);
                }
            }
            for l in &t.lines {
                let bb = Rect::new(
                    l.a.x.min(l.b.x) - l.width / 2.0,
                    l.a.y.min(l.b.y) - l.width / 2.0,
                    (l.a.x - l.b.x).abs() + l.width,
                    (l.a.y - l.b.y).abs() + l.width,
                );
                assert!(
                    !bb.intersects(&quiet),
                    "{}: rule {l:?} in tag zone",
                    t.layout_id
                );
            }
            // Marks are at the corners: TL, TR, BR, BL.
            let [tl, tr, br, bl] = t.corner_centres();
            assert!(tl.x < tr.x && bl.x < br.x && tl.y < bl.y && tr.y < br.y);
        }
    }
}

#[test]
fn tag_cells_decode_in_all_four_rotations() {
    for id in [0u16, 101, 102, 103, 220, 399, 599, 1101, 2319] {
        let g = tag::cells(id).unwrap();
        // The border ring is black.
        assert!(g[0].iter().all(|&b| b) && g[7].iter().all(|&b| b));
        let mut r = g;
        for rot in [0u16, 90, 180, 270] {
            let d = tag::decode(&r, 0).unwrap();
            assert_eq!((d.id, d.rotation, d.hamming), (id, rot, 0));
            r = tag::rotate_cw(&r);
        }
        // Three flipped data cells are still read, with their count.
        let mut noisy = g;
        for (y, x) in [(2, 3), (4, 4), (6, 1)] {
            noisy[y][x] = !noisy[y][x];
        }
        let d = tag::decode(&noisy, 4).unwrap();
        assert_eq!((d.id, d.hamming), (id, 3));
    }
    assert!(tag::cells(2320).is_none());
    // A blank (all black) square is no tag.
    assert!(tag::decode(&[[true; 8]; 8], 4).is_none());
}

#[test]
fn tag_cells_follow_the_rotation() {
    let mut spec = layout("ppwp-1").unwrap().tag.clone().unwrap();
    let r0 = spec.page_cell(1, 0);
    spec.rotation = 90;
    // Canonical top row becomes the right column after a quarter turn clockwise.
    let r90 = spec.page_cell(1, 0);
    assert!((r90.x - (spec.rect.x + 7.0 * spec.cell_size())).abs() < 1e-9);
    assert!((r90.y - (spec.rect.y + spec.cell_size())).abs() < 1e-9);
    assert!((r0.x - (spec.rect.x + spec.cell_size())).abs() < 1e-9);
}

#[test]
fn l_marks_open_towards_the_page_from_their_outer_angle() {
    let marks = CornerMarks {
        shape: MarkShape::Corner,
        square: 12.0,
        centres: [
            Point::new(10.0, 10.0),
            Point::new(200.0, 10.0),
            Point::new(200.0, 287.0),
            Point::new(10.0, 287.0),
        ],
    };
    let inside = Rect::new(10.0, 10.0, 190.0, 277.0);
    for (i, c) in marks.centres.iter().enumerate() {
        let bars = marks.pieces(i);
        assert_eq!(bars.len(), 2);
        for b in &bars {
            assert!(
                b.x >= inside.x - 1e-9
                    && b.y >= inside.y - 1e-9
                    && b.right() <= inside.right() + 1e-9
                    && b.bottom() <= inside.bottom() + 1e-9,
                "{i}: {b:?}"
            );
            // Each bar touches the outer angle.
            let near = (b.x - c.x).abs().min((b.right() - c.x).abs()) < 1e-9
                && (b.y - c.y).abs().min((b.bottom() - c.y).abs()) < 1e-9;
            assert!(near, "{i}: {b:?}");
        }
        let long = |b: &Rect| b.w.max(b.h);
        assert!(bars.iter().all(|b| (long(b) - 12.0).abs() < 1e-9));
        assert!(
            bars.iter()
                .all(|b| (b.w.min(b.h) - 12.0 * L_BAR).abs() < 1e-9)
        );
    }
}

#[test]
fn a_layouts_qr_code_needs_a_text_and_a_place_on_the_page() {
    let cat = Catalogue::new(&Ballot::ppwp_2024());
    let mut layout = layout("ppwp-2").unwrap().clone();
    let rect = layout.tag.take().unwrap().rect;
    let with = |text: &str, rect: Rect| {
        let mut l = layout.clone();
        l.qr = Some(QrSpec {
            rect,
            text: text.into(),
        });
        Template::for_tag_in(&l, 102, &cat, None)
    };
    let t = with("C.HASIL-PPWP HAL 2", rect).unwrap();
    assert_eq!(t.qr.unwrap().text, "C.HASIL-PPWP HAL 2");
    for (text, r) in [
        ("  ", rect),
        (&"x".repeat(QrSpec::MAX_TEXT + 1), rect),
        ("C.HASIL", Rect::new(590.0, 10.0, 32.0, 32.0)),
    ] {
        let err = with(text, r).unwrap_err().to_string();
        assert!(err.contains("qr:"), "{err}");
    }
}
