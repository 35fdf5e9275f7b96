//! `pleno layout detect SAMPLE --out draft.json`: a draft layout of a sheet Pleno does not
//! know, from one flat scan of it (`pleno_app::calibration`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;
use pleno_app::calibration::{DetectRequest, SheetSize, detect_layout};

#[derive(Subcommand)]
pub enum Args {
    /// Detect marks, digit boxes (grouped into fields), bubbles and tag of a sample scan and
    /// write a draft layout with unnamed fields (?1, ?2, … in reading order).
    Detect {
        /// The whole sheet, flat and upright: PNG, JPEG, TIFF or PDF (first page).
        sample: PathBuf,
        /// Draft layout JSON (the format of assets/forms/*.json).
        #[arg(long)]
        out: PathBuf,
        /// Sheet size in mm, e.g. 600x900; guessed from the image's proportions when absent.
        #[arg(long, value_parser = parse_sheet)]
        ukuran: Option<SheetSize>,
        /// Layout id of the draft.
        #[arg(long, default_value = "kalibrasi")]
        id: String,
        /// Write the sample with the detected fields numbered (PNG), to name them from.
        #[arg(long)]
        gambar: Option<PathBuf>,
        /// Print the detection report as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn parse_sheet(s: &str) -> Result<SheetSize, String> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("ukuran '{s}': tulis LEBARxTINGGI dalam mm, mis. 600x900"))?;
    let n = |v: &str| {
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|n| (50.0..=2000.0).contains(n))
            .ok_or_else(|| format!("ukuran '{s}': {v} bukan panjang 50–2000 mm"))
    };
    Ok(SheetSize {
        width: n(w)?,
        height: n(h)?,
    })
}

pub fn run(args: &Args) -> Result<std::process::ExitCode> {
    let Args::Detect {
        sample,
        out,
        ukuran,
        id,
        gambar,
        json,
    } = args;
    let draft = detect_layout(&DetectRequest {
        sample: sample.clone(),
        sheet: *ukuran,
        id: id.clone(),
        overlay: gambar.clone(),
    })?;
    let text = serde_json::to_string_pretty(&draft.layout)? + "\n";
    std::fs::write(out, text).with_context(|| format!("menulis {}", out.display()))?;
    let r = &draft.report;
    if *json {
        println!("{}", serde_json::to_string(r)?);
    } else {
        println!(
            "{}: {} isian, {} kotak, {} kolom bulatan, tanda sudut {:?}, tag {}, {:.2} px/mm{}",
            out.display(),
            r.fields,
            r.boxes,
            r.bubble_columns,
            r.marks,
            r.tag_id.map_or_else(|| "-".into(), |t| t.to_string()),
            r.px_per_mm,
            if r.deskew_deg == 0.0 {
                String::new()
            } else {
                format!(", diluruskan {:.2}°", r.deskew_deg)
            }
        );
        if r.stray_boxes > 0 {
            println!(
                "{} kotak lepas diabaikan (ukurannya tidak sama dengan kotak isian mana pun)",
                r.stray_boxes
            );
        }
        for w in &r.warnings {
            println!("perhatian: {w}");
        }
        println!("Beri nama setiap isian (?1, ?2, …) dengan kunci dari katalog kontes.");
    }
    Ok(std::process::ExitCode::SUCCESS)
}
