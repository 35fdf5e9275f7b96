//! Round trip: a rendered blank page carries its corner marks and tag exactly where the
//! template says, readable by a simple threshold + connected components and by sampling the
//! tag cells at the template position, in all four rotations of the image.

use image::GrayImage;
use image::imageops::{rotate90, rotate180, rotate270};
use pleno_core::ballot::{BallotItems, Candidate, PartyList, parties_for};
use pleno_core::template::{Point, Template, tag};
use pleno_core::{Ballot, Catalogue, Contest, Dapil};

use super::{Fit, blank_pdf, blank_raster};

fn ballot(contest: Contest) -> Ballot {
    let cands = |n: u8| {
        (1..=n)
            .map(|k| Candidate {
                nomor: k,
                name: format!("Calon {k}"),
                gender: None,
            })
            .collect()
    };
    let parties = |n| {
        BallotItems::Parties(
            parties_for(contest, "33")
                .into_iter()
                .map(|party| PartyList {
                    party,
                    candidates: cands(n),
                })
                .collect(),
        )
    };
    let dapil = Some(Dapil {
        code: "3307".into(),
        name: "Jawa Tengah VII".into(),
    });
    match contest {
        Contest::Ppwp => Ballot::ppwp_2024(),
        Contest::Dpd => Ballot {
            contest,
            dapil: None,
            items: BallotItems::Candidates(cands(20)),
        },
        Contest::Dpr => Ballot {
            contest,
            dapil,
            items: parties(10),
        },
        Contest::DprdProv => Ballot {
            contest,
            dapil,
            items: parties(12),
        },
        Contest::DprdKab => Ballot {
            contest,
            dapil,
            items: parties(14),
        },
    }
}

/// One page of every layout.
pub(super) fn one_page_per_layout() -> Vec<Template> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for c in Contest::ALL {
        let b = ballot(c);
        let cat = Catalogue::new(&b);
        for plan in Template::plans(&cat) {
            if !seen.contains(&plan.layout) {
                seen.push(plan.layout);
                out.push(Template::for_tag(plan.tag_id, &cat, Some(&b)).unwrap());
            }
        }
    }
    out
}

/// Centres (px) of dark 8-connected blobs shaped like a checker corner mark of about `size` px:
/// a square bounding box half filled, ink in one diagonal pair of quarters.
fn find_marks(img: &GrayImage, size: f64) -> Vec<(f64, f64)> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let dark: Vec<bool> = img.pixels().map(|p| p.0[0] < 128).collect();
    let mut seen = vec![false; w * h];
    let mut found = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if !dark[start] || seen[start] {
            continue;
        }
        let (mut x0, mut y0, mut x1, mut y1, mut n) = (usize::MAX, usize::MAX, 0, 0, 0usize);
        seen[start] = true;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            n += 1;
            for (dx, dy) in [
                (-1i64, -1i64),
                (0, -1),
                (1, -1),
                (-1, 0),
                (1, 0),
                (-1, 1),
                (0, 1),
                (1, 1),
            ] {
                let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                if nx >= 0 && ny >= 0 && (nx as usize) < w && (ny as usize) < h {
                    let j = ny as usize * w + nx as usize;
                    if dark[j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        let (bw, bh) = ((x1 - x0 + 1) as f64, (y1 - y0 + 1) as f64);
        let fill = n as f64 / (bw * bh);
        if (bw / size - 1.0).abs() > 0.25
            || (bw / bh - 1.0).abs() > 0.15
            || !(0.4..0.6).contains(&fill)
        {
            continue;
        }
        let q = |fx: f64, fy: f64| {
            dark[(y0 as f64 + bh * fy) as usize * w + (x0 as f64 + bw * fx) as usize]
        };
        let diagonal = (q(0.25, 0.25) && q(0.75, 0.75) && !q(0.75, 0.25) && !q(0.25, 0.75))
            || (!q(0.25, 0.25) && !q(0.75, 0.75) && q(0.75, 0.25) && q(0.25, 0.75));
        if diagonal {
            found.push((x0 as f64 + bw / 2.0, y0 as f64 + bh / 2.0));
        }
    }
    found
}

/// Where page point `p` (mm) lands in the image turned `quarters` quarter turns clockwise.
fn turned(p: Point, ppm: f64, w: f64, h: f64, quarters: u32) -> (f64, f64) {
    let (x, y) = (p.x * ppm, p.y * ppm);
    match quarters % 4 {
        1 => (h - y, x),
        2 => (w - x, h - y),
        3 => (y, w - x),
        _ => (x, y),
    }
}

#[test]
fn blank_pages_carry_marks_and_tag_where_the_template_says() {
    for t in one_page_per_layout() {
        // About 2 px per mm on the plano, 5 on A4: marks of 14 and 40 px.
        let ppm = if t.width > 300.0 { 2.0 } else { 5.0 };
        let img = blank_raster(&t, Fit::Actual, ppm);
        let (w, h) = (f64::from(img.width()), f64::from(img.height()));
        for quarters in 0..4u32 {
            let rotated = match quarters {
                1 => rotate90(&img),
                2 => rotate180(&img),
                3 => rotate270(&img),
                _ => img.clone(),
            };
            let marks = find_marks(&rotated, 2.0 * t.marks.square * ppm);
            assert_eq!(
                marks.len(),
                4,
                "{} ({quarters}): marks {marks:?}",
                t.layout_id
            );
            for c in t.corner_centres() {
                let (ex, ey) = turned(c, ppm, w, h, quarters);
                let best = marks
                    .iter()
                    .map(|(x, y)| ((x - ex).powi(2) + (y - ey).powi(2)).sqrt())
                    .fold(f64::MAX, f64::min);
                assert!(best < 1.0, "{}: mark off by {best:.2} px", t.layout_id);
            }
            // Sample the 8 × 8 cells of the tag square at the template position (page
            // orientation), whatever way the image was turned.
            let mut grid = [[false; 8]; 8];
            let s = t.tag.as_ref().unwrap().cell_size();
            for (row, line) in grid.iter_mut().enumerate() {
                for (col, cell) in line.iter_mut().enumerate() {
                    let p = Point::new(
                        t.tag.as_ref().unwrap().rect.x + (col as f64 + 0.5) * s,
                        t.tag.as_ref().unwrap().rect.y + (row as f64 + 0.5) * s,
                    );
                    let (x, y) = turned(p, ppm, w, h, quarters);
                    *cell = rotated.get_pixel(x as u32, y as u32).0[0] < 128;
                }
            }
            let d = tag::decode(&grid, 0).unwrap_or_else(|| panic!("{}: no tag", t.layout_id));
            assert_eq!(d.id, t.tag_id, "{}", t.layout_id);
            assert_eq!(d.rotation, t.tag.as_ref().unwrap().rotation);
            assert_eq!(d.border_errors, 0);
        }
        // The quiet zone around the tag is white.
        let q = t.tag.as_ref().unwrap().rect.inflate(s_half(&t));
        for k in 0..40 {
            let f = f64::from(k) / 40.0;
            for p in [
                Point::new(q.x + q.w * f, q.y),
                Point::new(q.x + q.w * f, q.bottom()),
                Point::new(q.x, q.y + q.h * f),
                Point::new(q.right(), q.y + q.h * f),
            ] {
                let v = img.get_pixel((p.x * ppm) as u32, (p.y * ppm) as u32).0[0];
                assert!(
                    v > 200,
                    "{}: ink in the tag's quiet zone at {p:?}",
                    t.layout_id
                );
            }
        }
    }
}

fn s_half(t: &Template) -> f64 {
    t.tag.as_ref().unwrap().cell_size() / 2.0
}

/// Page count and size of a PDF as poppler's `pdfinfo` reads it (None when not installed).
fn pdfinfo(pdf: &[u8], name: &str) -> Option<(usize, String)> {
    let dir = std::env::temp_dir().join("pleno-print-form-tests");
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(name);
    std::fs::write(&path, pdf).ok()?;
    let out = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let field = |k: &str| {
        text.lines()
            .find(|l| l.starts_with(k))
            .map(|l| l[k.len()..].trim().to_string())
    };
    Some((field("Pages:")?.parse().ok()?, field("Page size:")?))
}

#[test]
fn blank_pdfs_have_the_sheet_size_asked_for() {
    let pages = one_page_per_layout();
    let plano = pages.iter().find(|t| t.layout_id == "ppwp-2").unwrap();
    let pdf = blank_pdf(std::slice::from_ref(plano), Fit::Actual).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let a4 = blank_pdf(&pages[..2], Fit::A4).unwrap();
    let Some((n, size)) = pdfinfo(&pdf, "plano.pdf") else {
        println!("SKIP page-size check: pdfinfo (poppler-utils) not installed");
        return;
    };
    assert_eq!(n, 1);
    assert!(size.starts_with("1700.79 x 2551.18"), "{size}");
    let (n, size) = pdfinfo(&a4, "a4.pdf").unwrap();
    assert_eq!(n, 2);
    assert!(size.starts_with("595.276 x 841.89"), "{size}");
}
