//! `pleno verify DIR`: re-checks a workspace read-only (it may be open in Pleno meanwhile).
//! Exit 0 when intact; 2 when damaged, naming the first bad event, row or blob; 1 when the
//! workspace cannot be opened at all.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

#[derive(clap::Args)]
pub struct Args {
    /// Workspace folder (holds pleno.db and blobs/).
    dir: PathBuf,
    /// Print the full report as JSON.
    #[arg(long)]
    json: bool,
}

/// Exit status for a workspace that opened but failed a check.
const DAMAGED: u8 = 2;

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let report = pleno_app::Workspace::open(&args.dir, pleno_app::Mode::ReadOnly)
        .and_then(|ws| ws.verify_audit())
        .with_context(|| format!("tidak dapat memeriksa {}", args.dir.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else if report.is_ok() {
        println!(
            "Ruang kerja {} utuh: {} peristiwa audit, {} baris, {} berkas asli ({} bait) diperiksa.",
            args.dir.display(),
            report.events,
            report.rows,
            report.blobs,
            report.blob_bytes
        );
    } else {
        if let Some(first) = report.first_problem() {
            eprintln!("RUSAK: {first}");
        }
        for p in report.problems.iter().skip(1) {
            eprintln!("  juga: {p}");
        }
        eprintln!(
            "{} masalah ditemukan di {}. Jangan ubah ruang kerja ini; pulihkan dari cadangan (pleno backup) dan laporkan ke KPU Kab/Kota.",
            report.problem_count,
            args.dir.display()
        );
    }
    for note in &report.notes {
        eprintln!("catatan: {note}");
    }
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(DAMAGED)
    })
}
