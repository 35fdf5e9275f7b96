//! `pleno backup DIR DEST`: a consistent copy of a workspace (SQLite online backup of one
//! snapshot, then the blobs it refers to), safe to run while Pleno has the workspace open.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

#[derive(clap::Args)]
pub struct Args {
    /// Workspace folder to copy.
    dir: PathBuf,
    /// Destination folder (must not exist or be empty).
    dest: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let ws = pleno_app::Workspace::open(&args.dir, pleno_app::Mode::ReadOnly)
        .with_context(|| format!("tidak dapat membuka ruang kerja {}", args.dir.display()))?;
    let report = ws.backup_to(&args.dest).with_context(|| {
        format!(
            "cadangan {} ke {} gagal",
            args.dir.display(),
            args.dest.display()
        )
    })?;
    println!(
        "Cadangan dibuat di {}: {} peristiwa audit, {} berkas asli ({} bait). Periksa dengan `pleno verify {}`.",
        report.dest.display(),
        report.events,
        report.blobs,
        report.blob_bytes,
        report.dest.display()
    );
    Ok(ExitCode::SUCCESS)
}
