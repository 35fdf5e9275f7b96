//! The measured PPWP templates against the official form: every digit box, bubble, corner mark
//! and the tag square lands within 1 mm of what is printed on the PKPU 25/2023 plano rendered
//! at 100 dpi. Needs `../shared/reference/forms/C.HASIL-PPWP.pdf` (beside the repository) and
//! poppler's pdftoppm; skips with a message when either is missing. Writes overlay PNGs to
//! `tests/output/forms/` for a person to look at.

use std::path::{Path, PathBuf};

use image::{Rgb, RgbImage};
use pleno_core::template::{Point, Rect, Template, tag};
use pleno_core::{Ballot, Catalogue, PageCode};

const DPI: f64 = 100.0;
const PPM: f64 = DPI / 25.4;
const TOLERANCE_MM: f64 = 1.0;

struct Grey {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

impl Grey {
    fn at(&self, x: f64, y: f64) -> f64 {
        let (x, y) = (x.round(), y.round());
        if x < 0.0 || y < 0.0 || x as usize >= self.w || y as usize >= self.h {
            255.0
        } else {
            f64::from(self.px[y as usize * self.w + x as usize])
        }
    }
}

fn read_pgm(path: &Path) -> Grey {
    let bytes = std::fs::read(path).unwrap();
    // pdftoppm writes "P5\n<w> <h>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let s = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[s..i]).to_string());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    Grey {
        w,
        h,
        px: bytes[i + 1..i + 1 + w * h].to_vec(),
    }
}

fn official_pdf() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/forms/C.HASIL-PPWP.pdf")
}

/// Darkness-weighted centre (mm) of the stroke crossing the segment from `a` to `b` (mm), or
/// None when the segment holds no ink.
fn stroke_centre(img: &Grey, a: Point, b: Point) -> Option<f64> {
    let n = (((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt() * PPM * 4.0) as usize;
    let (mut sum, mut wsum) = (0.0, 0.0);
    for k in 0..=n {
        let t = k as f64 / n as f64;
        let v = img.at((a.x + (b.x - a.x) * t) * PPM, (a.y + (b.y - a.y) * t) * PPM);
        let dark = (160.0 - v).max(0.0);
        sum += dark * t;
        wsum += dark;
    }
    (wsum > 0.0).then(|| {
        let t = sum / wsum;
        let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
        t * len
    })
}

/// Errors (mm) of the four edges of an outline (box or bubble) whose stroke centre line is `r`.
fn edge_errors(img: &Grey, r: Rect, window: f64) -> [f64; 4] {
    let mut errs = [0.0; 4];
    let fractions: &[f64] = if r.w > 12.0 {
        &[0.3, 0.4, 0.5, 0.6, 0.7]
    } else {
        &[0.5]
    };
    for (side, err) in errs.iter_mut().enumerate() {
        let mut found = Vec::new();
        for &f in fractions {
            let (a, b) = match side {
                0 => (
                    Point::new(r.x - window, r.y + r.h * f),
                    Point::new(r.x + window, r.y + r.h * f),
                ),
                1 => (
                    Point::new(r.right() - window, r.y + r.h * f),
                    Point::new(r.right() + window, r.y + r.h * f),
                ),
                2 => (
                    Point::new(r.x + r.w * f, r.y - window),
                    Point::new(r.x + r.w * f, r.y + window),
                ),
                _ => (
                    Point::new(r.x + r.w * f, r.bottom() - window),
                    Point::new(r.x + r.w * f, r.bottom() + window),
                ),
            };
            match stroke_centre(img, a, b) {
                Some(c) => found.push(c - window),
                None => found.push(f64::INFINITY),
            }
        }
        *err = (found.iter().sum::<f64>() / found.len() as f64).abs();
    }
    errs
}

/// Position (mm) of the white → black step nearest `at` along a scan from `a` to `b`.
fn step(img: &Grey, a: Point, b: Point) -> f64 {
    let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
    let n = (len * PPM * 4.0) as usize;
    for k in 0..n {
        let t = k as f64 / n as f64;
        let v = img.at((a.x + (b.x - a.x) * t) * PPM, (a.y + (b.y - a.y) * t) * PPM);
        if v < 128.0 {
            return t * len;
        }
    }
    f64::INFINITY
}

fn draw_rect(img: &mut RgbImage, r: Rect, c: Rgb<u8>) {
    let (x0, y0) = ((r.x * PPM).round() as u32, (r.y * PPM).round() as u32);
    let (x1, y1) = (
        (r.right() * PPM).round() as u32,
        (r.bottom() * PPM).round() as u32,
    );
    for x in x0..=x1.min(img.width() - 1) {
        for y in [y0, y1] {
            if y < img.height() {
                img.put_pixel(x, y, c);
            }
        }
    }
    for y in y0..=y1.min(img.height() - 1) {
        for x in [x0, x1] {
            if x < img.width() {
                img.put_pixel(x, y, c);
            }
        }
    }
}

#[test]
fn measured_ppwp_templates_match_the_official_form_within_1_mm() {
    let pdf = official_pdf();
    if !pdf.exists() {
        println!(
            "SKIP: {} not found (the shared reference folder is not beside the repository)",
            pdf.display()
        );
        return;
    }
    let tmp = std::env::temp_dir().join("pleno-ppwp-overlay");
    std::fs::create_dir_all(&tmp).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "100", "-gray"])
        .arg(&pdf)
        .arg(tmp.join("p"))
        .status();
    if !status.is_ok_and(|s| s.success()) {
        println!("SKIP: pdftoppm (poppler-utils) is not available");
        return;
    }
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/output/forms");
    std::fs::create_dir_all(&out_dir).unwrap();
    let cat = Catalogue::new(&Ballot::ppwp_2024());
    let mut worst: f64 = 0.0;
    let mut checked = 0;
    for page in 1..=3u16 {
        let t = Template::for_page(PageCode(100 + page), &cat).unwrap();
        let img = read_pgm(&tmp.join(format!("p-{page}.pgm")));
        assert!((img.w as f64 / PPM - t.width).abs() < 1.0, "page width");
        let mut overlay = RgbImage::from_fn(img.w as u32, img.h as u32, |x, y| {
            let v = img.px[y as usize * img.w + x as usize];
            Rgb([v, v, v])
        });
        let mut page_worst: f64 = 0.0;
        for f in &t.fields {
            for b in &f.boxes {
                let e = edge_errors(&img, *b, 1.7);
                page_worst = page_worst.max(e.iter().copied().fold(0.0, f64::max));
                checked += 4;
                draw_rect(&mut overlay, *b, Rgb([230, 0, 0]));
            }
            for b in f.bubbles.iter().flatten() {
                let e = edge_errors(&img, *b, 1.5);
                page_worst = page_worst.max(e.iter().copied().fold(0.0, f64::max));
                checked += 4;
                draw_rect(&mut overlay, *b, Rgb([0, 90, 230]));
            }
            if let Some(w) = f.words {
                draw_rect(&mut overlay, w, Rgb([0, 170, 0]));
            }
        }
        // Corner marks: the centre is where the two squares touch; its horizontal and
        // vertical steps are the squares' inner edges.
        for (i, c) in t.corner_centres().into_iter().enumerate() {
            let s = t.marks.square;
            let y = c.y - s / 2.0;
            let x_edge = step(&img, Point::new(c.x + 2.0, y), Point::new(c.x - 2.0, y));
            let x = c.x + s / 2.0;
            let y_edge = step(&img, Point::new(x, c.y - 2.0), Point::new(x, c.y + 2.0));
            let e = (x_edge - 2.0).abs().max((y_edge - 2.0).abs());
            page_worst = page_worst.max(e);
            checked += 2;
            for sq in t.marks.pieces(i) {
                draw_rect(&mut overlay, sq, Rgb([0, 200, 0]));
            }
        }
        // Tag square: its four outer edges are white → black steps.
        let r = t.tag.as_ref().unwrap().rect;
        for k in [0.3, 0.5, 0.7] {
            let y = r.y + r.h * k;
            let x = r.x + r.w * k;
            let errs = [
                step(&img, Point::new(r.x - 2.0, y), Point::new(r.x + 2.0, y)) - 2.0,
                step(
                    &img,
                    Point::new(r.right() + 2.0, y),
                    Point::new(r.right() - 2.0, y),
                ) - 2.0,
                step(&img, Point::new(x, r.y - 2.0), Point::new(x, r.y + 2.0)) - 2.0,
                step(
                    &img,
                    Point::new(x, r.bottom() + 2.0),
                    Point::new(x, r.bottom() - 2.0),
                ) - 2.0,
            ];
            page_worst = errs.iter().fold(page_worst, |m, e| m.max(e.abs()));
            checked += 4;
        }
        draw_rect(&mut overlay, r, Rgb([200, 0, 200]));
        // And the printed cells decode to this page's id at the template position.
        let mut grid = [[false; 8]; 8];
        for (row, line) in grid.iter_mut().enumerate() {
            for (col, cell) in line.iter_mut().enumerate() {
                let cs = t.tag.as_ref().unwrap().cell_size();
                let p = Point::new(r.x + (col as f64 + 0.5) * cs, r.y + (row as f64 + 0.5) * cs);
                *cell = img.at(p.x * PPM, p.y * PPM) < 128.0;
            }
        }
        let d = tag::decode(&grid, 0).expect("official tag decodes");
        assert_eq!(
            (d.id, d.rotation),
            (t.tag_id, t.tag.as_ref().unwrap().rotation)
        );
        let path = out_dir.join(format!("ppwp-overlay-{page}.png"));
        overlay.save(&path).unwrap();
        println!(
            "page {page}: max edge error {page_worst:.3} mm; overlay {}",
            path.display()
        );
        worst = worst.max(page_worst);
    }
    println!("PPWP overlay: {checked} edges, max error {worst:.3} mm");
    assert!(worst <= TOLERANCE_MM, "max edge error {worst:.3} mm");
}
