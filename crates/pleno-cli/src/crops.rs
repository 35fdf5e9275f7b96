//! `pleno crops stats WS` and `pleno crops export WS --out DIR`: the box crops the plenary's
//! agreements labelled, counted and written out as a dataset for `tools/digits`; `pleno crops
//! from-bundles` does the same at the KPU Kab/Kota from the kecamatan bundles that carry them.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

#[derive(clap::Subcommand)]
pub enum Args {
    /// Labelled boxes per label and per desa, and how many the model had read otherwise.
    Stats {
        /// Workspace folder.
        dir: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the labelled crops (PNG) and labels.csv to a new or empty folder.
    Export {
        /// Workspace folder.
        dir: PathBuf,
        /// Output folder (must not hold files yet).
        #[arg(long)]
        out: PathBuf,
    },
    /// At the KPU Kab/Kota: check kecamatan bundles exported with --dengan-potongan and write
    /// each one's labelled crops to OUT/kec-<code>/ (with sumber.json), for train.py --real.
    FromBundles {
        /// Bundle files (.pleno), one per kecamatan.
        #[arg(required = true)]
        paket: Vec<PathBuf>,
        /// Output folder; a kecamatan's folder in it must not exist yet.
        #[arg(long)]
        out: PathBuf,
        /// Leave out bundles of drill (uji coba) workspaces.
        #[arg(long)]
        tanpa_uji_coba: bool,
    },
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    match args {
        Args::Stats { dir, json } => {
            let ws = pleno_app::Workspace::open(dir, pleno_app::Mode::ReadOnly)
                .with_context(|| format!("tidak dapat membuka {}", dir.display()))?;
            let s = ws.crop_stats()?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&s)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "Potongan kotak berlabel: {} kotak dari pleno (model salah baca {}); {} isian terbaca dengan potongannya.",
                s.boxes, s.model_wrong, s.fields_with_crops
            );
            println!("{:<8} {:>7} {:>12}", "label", "kotak", "model salah");
            for (label, c) in &s.per_label {
                println!("{label:<8} {:>7} {:>12}", c.boxes, c.model_wrong);
            }
            println!(
                "{:<12} {:<24} {:>7} {:>12}",
                "desa", "nama", "kotak", "model salah"
            );
            for d in &s.per_desa {
                println!(
                    "{:<12} {:<24} {:>7} {:>12}",
                    d.desa, d.name, d.boxes, d.model_wrong
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Args::FromBundles {
            paket,
            out,
            tanpa_uji_coba,
        } => {
            for b in pleno_app::crops::crops_from_bundles(paket, out, *tanpa_uji_coba)? {
                let s = &b.source;
                match (&b.dir, &b.skipped) {
                    (Some(dir), _) => println!(
                        "Kecamatan {} ({}): {} potongan berlabel ditulis ke {} (kunci PPK {}{}).",
                        s.kecamatan,
                        s.kecamatan_code,
                        s.boxes,
                        dir.display(),
                        s.fingerprint,
                        if s.drill { ", uji coba" } else { "" }
                    ),
                    (None, why) => println!(
                        "Kecamatan {} ({}): dilewati, {}.",
                        s.kecamatan,
                        s.kecamatan_code,
                        why.as_deref().unwrap_or("tanpa potongan")
                    ),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Args::Export { dir, out } => {
            let ws = pleno_app::Workspace::open(dir, pleno_app::Mode::ReadOnly)
                .with_context(|| format!("tidak dapat membuka {}", dir.display()))?;
            let e = ws.export_crops(out)?;
            println!(
                "{} potongan kotak berlabel ditulis ke {} (source/, input/, labels.csv).",
                e.boxes,
                e.dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
