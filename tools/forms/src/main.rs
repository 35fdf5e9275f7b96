//! `forms-tool`: produces the page layouts of `assets/forms/`.
//!
//! - `measure --pdf C.HASIL-PPWP.pdf --out assets/forms`: renders the official PPWP plano with
//!   pdftoppm at 200 dpi, finds its corner marks, tag, digit boxes, bubbles and rules, and
//!   writes `ppwp-1.json` … `ppwp-3.json` (provenance "measured");
//! - `reconstruct --out assets/forms`: derives every other layout (legislative, DPD, salinan)
//!   from the measured pages in the same visual language (provenance "reconstructed").
//!
//! - `tagfamily [--out FILE]`: writes pleno-core's tag36h10 table from `kornia-apriltag`;
//! - `textboxes --pdf FILE`: prints glyph-line boxes (mm) used to place the labels by eye.
//!
//! Run from the repository root:
//! `cargo run --release -p pleno-synth --features tools --bin forms-tool -- all --pdf ../shared/reference/forms/C.HASIL-PPWP.pdf --out assets/forms`

mod labels;
mod measure;
mod ppwp;
mod raster;
mod reconstruct;
mod salinan;
mod tagfamily;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use pleno_core::template::Layout;

/// Rendering resolution for measuring: 0.127 mm per pixel.
pub const DPI: f64 = 200.0;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

pub fn write_layout(dir: &Path, layout: &Layout) -> Result<()> {
    let path = dir.join(format!("{}.json", layout.id));
    let mut text = compact_numbers(&serde_json::to_string_pretty(layout)?);
    text.push('\n');
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// Puts arrays of plain numbers (points, rectangles) on one line: `[72.5, 158.1]`.
fn compact_numbers(pretty: &str) -> String {
    let lines: Vec<&str> = pretty.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_end().ends_with('[') {
            let mut j = i + 1;
            let mut items = Vec::new();
            while j < lines.len() {
                let t = lines[j].trim().trim_end_matches(',');
                if t.parse::<f64>().is_ok() {
                    items.push(t.to_string());
                    j += 1;
                } else {
                    break;
                }
            }
            if !items.is_empty() && j < lines.len() && lines[j].trim().starts_with(']') {
                let close = lines[j].trim().trim_start_matches(']');
                out.push(format!("{}{}]{}", line.trim_end(), items.join(", "), close));
                i = j + 1;
                continue;
            }
        }
        out.push(line.to_string());
        i += 1;
    }
    out.join("\n")
}

fn render(pdf: &Path, tmp: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(tmp)?;
    let prefix = tmp.join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", &DPI.to_string(), "-gray"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .context("running pdftoppm (poppler-utils)")?;
    if !status.success() {
        bail!("pdftoppm failed on {}", pdf.display());
    }
    Ok((1..=3).map(|p| tmp.join(format!("page-{p}.pgm"))).collect())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = args.first().map_or("", String::as_str);
    let out = PathBuf::from(arg(&args, "--out").unwrap_or_else(|| "assets/forms".into()));
    if matches!(cmd, "measure" | "all") {
        let pdf = PathBuf::from(arg(&args, "--pdf").context("--pdf FILE is required")?);
        let tmp = std::env::temp_dir().join("pleno-forms-measure");
        let pages = render(&pdf, &tmp)?;
        for (i, page) in pages.iter().enumerate() {
            let img = raster::Grey::read_pgm(page)?;
            let layout = ppwp::measured_layout(i + 1, &img)?;
            write_layout(&out, &layout)?;
        }
    }
    if matches!(cmd, "reconstruct" | "all") {
        reconstruct::write_all(&out)?;
    }
    if cmd == "tagfamily" {
        let path = arg(&args, "--out")
            .unwrap_or_else(|| "crates/pleno-core/src/template/tag36h10.rs".into());
        return tagfamily::write(Path::new(&path));
    }
    if cmd == "textboxes" {
        let pdf = PathBuf::from(arg(&args, "--pdf").context("--pdf FILE is required")?);
        let tmp = std::env::temp_dir().join("pleno-forms-measure");
        for (i, page) in render(&pdf, &tmp)?.iter().enumerate() {
            let img = raster::Grey::read_pgm(page)?;
            let scale = measure::Scale {
                px_per_mm: DPI / 25.4,
            };
            for r in measure::text_boxes(&img, &scale) {
                println!("p{} {:7.2} {:7.2} {:6.2} {:5.2}", i + 1, r.x, r.y, r.w, r.h);
            }
        }
        return Ok(());
    }
    if !matches!(cmd, "measure" | "reconstruct" | "all") {
        bail!("usage: forms-tool measure|reconstruct|all [--pdf FILE] [--out DIR]");
    }
    Ok(())
}
