//! `pleno verify-doc DIR FILE.pdf`: checks a printed document against the workspace. Exit 0
//! when the PDF shows exactly what the workspace holds now and the workspace's audit chain
//! still passes through the head printed on it; 2 when not (other workspace, figures changed
//! since printing, or the chain rewritten); 1 when it is not a Pleno document.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use pleno_app::{Mode, Workspace};

#[derive(clap::Args)]
pub struct Args {
    /// Workspace folder.
    dir: PathBuf,
    /// The PDF printed by `pleno print`.
    file: PathBuf,
}

const MISMATCH: u8 = 2;

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let ws = Workspace::open(&args.dir, Mode::ReadOnly)
        .with_context(|| format!("tidak dapat membuka ruang kerja {}", args.dir.display()))?;
    let check = ws.verify_doc(&args.file)?;
    let m = &check.marker;
    let what = match &m.contest {
        Some(c) => format!("{} {c}", m.doc),
        None => m.doc.clone(),
    };
    println!("Dokumen      : {what}");
    println!(
        "Ruang kerja  : {} (dokumen) / {} (folder)",
        m.workspace_id, check.workspace_id
    );
    println!("SHA-256 kertas   : {}", m.sha256);
    println!(
        "SHA-256 sekarang : {}",
        check
            .current_sha256
            .as_deref()
            .unwrap_or("(tidak dapat dihitung)")
    );
    if let Some((anchor, outcome)) = &check.anchor {
        println!("Rantai audit : {}", outcome.describe(anchor));
    }
    if !check.chain_holds() {
        eprintln!(
            "TIDAK COCOK: rantai audit ruang kerja tidak lagi melalui kepala yang tercetak; \
             ruang kerja telah diubah di luar Pleno. Jangan pakai ruang kerja ini; laporkan ke KPU Kab/Kota."
        );
        Ok(ExitCode::from(MISMATCH))
    } else if check.matches() {
        println!("COCOK: dokumen memuat data yang sama dengan ruang kerja.");
        Ok(ExitCode::SUCCESS)
    } else if !check.same_workspace() {
        eprintln!("TIDAK COCOK: dokumen dicetak dari ruang kerja lain.");
        Ok(ExitCode::from(MISMATCH))
    } else {
        eprintln!("TIDAK COCOK: angka di ruang kerja telah berubah sejak dokumen dicetak.");
        Ok(ExitCode::from(MISMATCH))
    }
}
