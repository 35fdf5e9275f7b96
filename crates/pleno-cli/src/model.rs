//! `pleno model show|check|install|remove`: the digit model a workspace reads with. A model
//! retrained at the KPU Kab/Kota (tools/digits) is checked against the one in use and installed
//! only when it passes; `remove` returns to the model shipped with Pleno.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use pleno_app::digit_model::ModelCheck;
use pleno_app::{Mode, Who, Workspace};

#[derive(clap::Subcommand)]
pub enum Args {
    /// The model the workspace reads with now.
    Show {
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Compare a retrained model (.onnx) with the one in use, installing nothing.
    Check {
        dir: PathBuf,
        model: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Check a retrained model and, when it passes, read every later photo with it.
    Install {
        dir: PathBuf,
        model: PathBuf,
        /// Its model card (training.json from tools/digits): kept with the model, so the
        /// audit names the kecamatan bundles it learnt from.
        #[arg(long)]
        kartu: Option<PathBuf>,
        /// Its name (the model card's title).
        #[arg(long)]
        nama: String,
        /// Why (e.g. the KPU Kab/Kota's letter).
        #[arg(long)]
        alasan: String,
        #[arg(long, default_value = "Operator PPK")]
        petugas: String,
    },
    /// Return to the model shipped with Pleno.
    Remove {
        dir: PathBuf,
        #[arg(long)]
        alasan: String,
        #[arg(long, default_value = "Operator PPK")]
        petugas: String,
    },
}

fn open(dir: &std::path::Path, mode: Mode) -> anyhow::Result<Workspace> {
    Workspace::open(dir, mode).with_context(|| format!("tidak dapat membuka {}", dir.display()))
}

fn print_check(c: &ModelCheck) {
    println!(
        "Dibandingkan dengan model yang dipakai: {} (ambang kotak {}).",
        c.in_use, c.gate
    );
    println!(
        "{:<10} {:>6} {:>14} {:>14} {:>18} {:>18}",
        "kotak",
        "jumlah",
        "benar (kini)",
        "benar (calon)",
        "lolos salah (kini)",
        "lolos salah (calon)"
    );
    for s in &c.sets {
        println!(
            "{:<10} {:>6} {:>14} {:>14} {:>18} {:>18}",
            s.name,
            s.boxes,
            s.in_use.right,
            s.candidate.right,
            format!("{} / {}", s.in_use.accepted_wrong, s.in_use.accepted),
            format!("{} / {}", s.candidate.accepted_wrong, s.candidate.accepted)
        );
    }
    if !c.embedding {
        println!(
            "Model ini tidak memberi embedding: penyesuaian setempat (tetangga terdekat) tidak bekerja dengannya."
        );
    }
    for p in &c.problems {
        println!("Tidak lolos: {p}");
    }
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    match args {
        Args::Show { dir, json } => {
            let m = open(dir, Mode::ReadOnly)?.model_in_use()?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&m)?);
            } else if m.installed {
                println!(
                    "Model terpasang: {}\n  dipasang {} oleh {}: {}",
                    m.version,
                    m.installed_at.as_deref().unwrap_or("?"),
                    m.installed_by.as_deref().unwrap_or("?"),
                    m.reason.as_deref().unwrap_or("")
                );
                if !m.card {
                    println!("  tanpa kartu model");
                }
                for s in &m.sources {
                    println!(
                        "  dilatih dengan potongan Kecamatan {} ({}): {} kotak latih, {} kotak uji; paket sha256 {}",
                        s.kecamatan, s.kecamatan_code, s.train, s.held_out, s.bundle_sha256
                    );
                }
            } else {
                println!("Model bawaan Pleno: {}", m.version);
            }
            Ok(ExitCode::SUCCESS)
        }
        Args::Check { dir, model, json } => {
            let c = open(dir, Mode::ReadOnly)?.check_model(model)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&c)?);
            } else {
                print_check(&c);
                println!(
                    "{}",
                    if c.passed() {
                        "Lolos: model ini boleh dipasang (pleno model install)."
                    } else {
                        "Model ini tidak akan dipasang."
                    }
                );
            }
            Ok(if c.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Args::Install {
            dir,
            model,
            kartu,
            nama,
            alasan,
            petugas,
        } => {
            let ws = open(dir, Mode::ReadWrite)?;
            let c = ws.install_model(&Who::new(petugas), model, kartu.as_deref(), nama, alasan)?;
            print_check(&c);
            println!(
                "Terpasang: foto yang dibaca mulai sekarang dibaca dengan {}.",
                ws.model_in_use()?.version
            );
            Ok(ExitCode::SUCCESS)
        }
        Args::Remove {
            dir,
            alasan,
            petugas,
        } => {
            let ws = open(dir, Mode::ReadWrite)?;
            ws.remove_model(&Who::new(petugas), alasan)?;
            println!(
                "Kembali ke model bawaan Pleno: {}.",
                ws.model_in_use()?.version
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
