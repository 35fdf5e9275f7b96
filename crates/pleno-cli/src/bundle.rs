//! `pleno bundle export|import`: the signed hand-over from PPK to KPU Kabupaten/Kota.

use std::path::PathBuf;
use std::process::ExitCode;

use pleno_app::Mode;
use pleno_app::bundle::{ExportOptions, KeyTrust};
use pleno_app::{Who, Workspace};

#[derive(clap::Subcommand)]
pub enum Args {
    /// Write the signed bundle of a kecamatan workspace.
    Export {
        dir: PathBuf,
        /// Bundle file (default: DIR/ekspor/paket-….pleno).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Leave the page images out (their hashes stay in the bundle).
        #[arg(long)]
        tanpa_gambar: bool,
        /// Carry the labelled box crops (crops/, as `pleno crops export` writes them) for
        /// retraining the digit model at the KPU Kab/Kota (`pleno crops from-bundles`).
        #[arg(long)]
        dengan_potongan: bool,
        /// The workstation key's passphrase, when it has one: a file whose first line it is
        /// ("-": standard input).
        #[arg(long, value_name = "BERKAS")]
        passphrase_file: Option<PathBuf>,
    },
    /// Check a bundle and import it into a kabupaten workspace.
    Import {
        dir: PathBuf,
        paket: PathBuf,
        #[arg(long, default_value = "Operator KPU Kabupaten/Kota")]
        petugas: String,
        /// The PPK key's fingerprint as printed on its signed D.Hasil (a kecamatan's first
        /// bundle, or with --ganti-kunci).
        #[arg(long)]
        sidik: Option<String>,
        /// The PPK's public key file (`pleno key export-public`), delivered apart from the
        /// bundle: instead of typing --sidik.
        #[arg(long, value_name = "BERKAS")]
        kunci: Option<PathBuf>,
        /// Replace the key enrolled for this kecamatan (the PPK changed workstation).
        #[arg(long)]
        ganti_kunci: bool,
        /// Accept a bundle whose audit chain does not extend the earlier bundle's from the same
        /// PPK workspace (the PPK restored a backup), on the PPK's written explanation; the
        /// import's record says so.
        #[arg(long)]
        rantai_baru: bool,
    },
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    match args {
        Args::Export {
            dir,
            out,
            tanpa_gambar,
            dengan_potongan,
            passphrase_file,
        } => {
            let ws = Workspace::open(dir, Mode::ReadOnly)?;
            super::key::unlock(&ws, &Who::new("pleno"), passphrase_file.as_deref())?;
            let r = ws.export_bundle(&ExportOptions {
                dest: out.clone(),
                without_images: *tanpa_gambar,
                with_crops: *dengan_potongan,
            })?;
            println!(
                "paket ditulis: {} ({} berkas, {} bita)",
                r.path, r.files, r.bytes
            );
            println!("SHA-256 paket: {}", r.sha256);
            println!("sidik kunci PPK: {}", r.fingerprint);
            if let Some(head) = &r.audit_head {
                println!("rantai audit: {head}");
            }
        }
        Args::Import {
            dir,
            paket,
            petugas,
            sidik,
            kunci,
            ganti_kunci,
            rantai_baru,
        } => {
            let ws = Workspace::open(dir, Mode::ReadWrite)?;
            let trust = KeyTrust {
                fingerprint: super::key::trusted_fingerprint(sidik.as_ref(), kunci.as_deref())?,
                replace: *ganti_kunci,
                new_chain: *rantai_baru,
            };
            let r = ws.import_bundle(&Who::new(petugas), paket, &trust)?;
            println!(
                "paket Kecamatan {} ({}) diterima: {} jenis pemilihan; kunci {}{}",
                r.kecamatan,
                r.kecamatan_code,
                r.contests,
                r.fingerprint,
                if r.key_enrolled {
                    " (baru didaftarkan)"
                } else {
                    ""
                }
            );
            if let Some(head) = &r.audit_head {
                println!(
                    "rantai audit PPK saat ekspor: {head} (jangkar untuk pleno verify --anchor)"
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
