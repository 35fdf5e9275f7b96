//! `pleno import-foto DIR PATH…`: photographs and scans of C.Hasil pages into a workspace,
//! with progress on stderr. Interrupting it (Ctrl-C, power cut) loses nothing; running it
//! again over the same folder files only what is not there yet.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use pleno_app::Mode;
use pleno_app::photos::ImportProgress;
use pleno_app::{Who, Workspace};

#[derive(clap::Args)]
pub struct Args {
    /// The workspace folder.
    dir: PathBuf,
    /// Image files or folders (walked recursively; TPS from names like `Desa X/TPS 003/`).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, default_value = "Operator PPK")]
    petugas: String,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let ws = Workspace::open(&args.dir, Mode::ReadWrite)?;
    let progress = |p: &ImportProgress| {
        let rate = p
            .per_minute
            .map_or_else(String::new, |r| format!(", {r:.0} foto/menit"));
        let eta = p
            .eta_seconds
            .map_or_else(String::new, |s| format!(", sisa ±{s} dtk"));
        eprintln!("[{}/{}] {}{rate}{eta}", p.done, p.total, p.current);
        let _ = std::io::stderr().flush();
    };
    let r = ws.import_photos(
        &Who::new(&args.petugas),
        &args.paths,
        &AtomicBool::new(false),
        &progress,
    )?;
    println!(
        "{} berkas: {} halaman baru ({} dikenali, {} tanpa TPS, {} ditolak), {} sudah ada sebelumnya",
        r.files, r.pages, r.identified, r.unidentified, r.rejected, r.already_imported
    );
    if r.reread > 0 {
        println!(
            "{} halaman dari impor yang terputus belum punya hasil baca: dibaca ulang",
            r.reread
        );
    }
    println!(
        "{} formulir disepakati otomatis, {} formulir menunggu pemeriksaan panel",
        r.agreed, r.to_review
    );
    for i in &r.issues {
        println!("  {}: {} ({})", i.file, i.message, i.code);
    }
    Ok(ExitCode::SUCCESS)
}
