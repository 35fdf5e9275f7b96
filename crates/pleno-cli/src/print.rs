//! `pleno print DIR --doc …`: the signed documents of the plenary as PDF files. Refuses (exit
//! 2) with the list of what is missing while figures are not agreed, unless `--sementara`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use pleno_app::documents::{DocKind, DocumentsError, Paper, PrintOptions, Signer};
use pleno_app::{Mode, Workspace};
use pleno_core::Contest;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Doc {
    /// Model D.HASIL KECAMATAN per contest.
    DHasil,
    /// Lampiran per desa (a column per TPS).
    Lampiran,
    /// Model D.KEJADIAN KHUSUS DAN/ATAU KEBERATAN.
    DKejadian,
    All,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PaperArg {
    A4,
    /// Folio 215 × 330 mm.
    F4,
}

#[derive(clap::Args)]
pub struct Args {
    /// Workspace folder.
    dir: PathBuf,
    /// Which document.
    #[arg(long, value_enum, default_value = "all")]
    doc: Doc,
    /// Only this contest: ppwp, dpr, dpd, dprd-prov, dprd-kab.
    #[arg(long)]
    contest: Option<Contest>,
    #[arg(long, value_enum, default_value = "a4")]
    paper: PaperArg,
    /// Output folder (default DIR/dokumen).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print although figures are not all agreed, marked SEMENTARA on every page.
    #[arg(long)]
    sementara: bool,
    /// Place of "Ditetapkan di …" (default the kecamatan).
    #[arg(long)]
    tempat: Option<String>,
    /// Date of "… tanggal …" (default today), e.g. "2 Maret 2024".
    #[arg(long)]
    tanggal: Option<String>,
    /// PPK signature slot "NAMA=JABATAN", in order (repeat; default the workspace members).
    #[arg(long = "ppk", value_name = "NAMA=JABATAN")]
    ppk: Vec<String>,
}

/// Exit status when documents are refused because figures are not agreed.
const REFUSED: u8 = 2;

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let ws = Workspace::open(&args.dir, Mode::ReadOnly)
        .with_context(|| format!("tidak dapat membuka ruang kerja {}", args.dir.display()))?;
    let docs = match args.doc {
        Doc::DHasil => vec![DocKind::DHasil],
        Doc::Lampiran => vec![DocKind::Lampiran],
        Doc::DKejadian => vec![DocKind::DKejadian],
        Doc::All => DocKind::ALL.to_vec(),
    };
    let opts = PrintOptions {
        docs,
        contest: args.contest,
        paper: match args.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::F4 => Paper::F4,
        },
        out_dir: args.out.clone().unwrap_or_else(|| args.dir.join("dokumen")),
        provisional: args.sementara,
        tempat: args.tempat.clone(),
        tanggal: args.tanggal.clone(),
        printed_at: None,
        ppk: (!args.ppk.is_empty()).then(|| {
            args.ppk
                .iter()
                .map(|s| {
                    let (name, role) = s.split_once('=').unwrap_or((s.as_str(), "Anggota"));
                    Signer {
                        name: name.trim().to_string(),
                        role: role.trim().to_string(),
                    }
                })
                .collect()
        }),
    };
    match ws.print(&opts) {
        Ok(printed) => {
            for p in &printed {
                let mut marks = Vec::new();
                if p.provisional {
                    marks.push("SEMENTARA");
                }
                if p.drill {
                    marks.push("UJI COBA");
                }
                println!(
                    "{}  {} halaman  sha256 {}{}",
                    p.path.display(),
                    p.pages,
                    &p.sha256[..16],
                    if marks.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", marks.join(", "))
                    }
                );
            }
            println!(
                "{} dokumen ditulis ke {}.",
                printed.len(),
                opts.out_dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ DocumentsError::Incomplete { .. }) => {
            eprintln!("DITOLAK: {e}");
            Ok(ExitCode::from(REFUSED))
        }
        Err(e) => Err(e.into()),
    }
}
