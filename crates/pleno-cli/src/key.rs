//! `pleno key status|protect|checkpoint`: the workstation key under the PPK chair's
//! passphrase, and a signed checkpoint of the audit chain's head on demand.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use pleno_app::{Mode, Who, Workspace};

#[derive(clap::Subcommand)]
pub enum Args {
    /// The key's fingerprint, whether it is protected, and the newest checkpoint.
    Status { dir: PathBuf },
    /// Put the key under a passphrase (at least 10 characters), or change it.
    Protect {
        dir: PathBuf,
        #[arg(long)]
        petugas: String,
        /// A file whose first line is the new passphrase ("-": standard input).
        #[arg(long, value_name = "BERKAS")]
        passphrase_file: PathBuf,
        /// A file whose first line is the passphrase now, when the key has one.
        #[arg(long, value_name = "BERKAS")]
        current_passphrase_file: Option<PathBuf>,
    },
    /// Write the public key file to hand to the KPU Kab/Kota apart from the bundle (nothing
    /// secret in it); `bundle import --kunci FILE` enrols the key from it.
    ExportPublic {
        dir: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign the audit chain's head now (a checkpoint `pleno verify` checks).
    Checkpoint {
        dir: PathBuf,
        #[arg(long)]
        petugas: String,
        /// The key's passphrase, when it has one: a file whose first line it is ("-": stdin).
        #[arg(long, value_name = "BERKAS")]
        passphrase_file: Option<PathBuf>,
    },
}

/// The first line of `path` ("-": standard input), without its line end.
pub fn read_passphrase(path: &Path) -> anyhow::Result<String> {
    let mut line = String::new();
    if path == Path::new("-") {
        std::io::stdin().lock().read_line(&mut line)?;
    } else {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("berkas frasa sandi {} tidak dapat dibaca", path.display()))?;
        line = text.lines().next().unwrap_or_default().to_string();
    }
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// The fingerprint to trust: typed (`--sidik`) or read from a public key file (`--kunci`).
pub fn trusted_fingerprint(
    typed: Option<&String>,
    key_file: Option<&Path>,
) -> anyhow::Result<Option<String>> {
    match (typed, key_file) {
        (Some(_), Some(_)) => anyhow::bail!("pakai --sidik atau --kunci, bukan keduanya"),
        (Some(f), None) => Ok(Some(f.clone())),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("berkas kunci {} tidak dapat dibaca", path.display()))?;
            Ok(Some(pleno_app::bundle::fingerprint_of_key_file(&text)?))
        }
        (None, None) => Ok(None),
    }
}

/// Opens `ws`'s key for this run when a passphrase file is given.
pub fn unlock(ws: &Workspace, who: &Who, file: Option<&Path>) -> anyhow::Result<()> {
    if let Some(file) = file {
        ws.unlock_key(who, &read_passphrase(file)?)?;
    }
    Ok(())
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let (ws, who) = match args {
        Args::Status { dir } | Args::ExportPublic { dir, .. } => {
            (Workspace::open(dir, Mode::ReadOnly)?, None)
        }
        Args::Protect { dir, petugas, .. } | Args::Checkpoint { dir, petugas, .. } => (
            Workspace::open(dir, Mode::ReadWrite)?,
            Some(Who::new(petugas)),
        ),
    };
    match (args, &who) {
        (
            Args::Protect {
                passphrase_file,
                current_passphrase_file,
                ..
            },
            Some(who),
        ) => {
            let new = read_passphrase(passphrase_file)?;
            let current = current_passphrase_file
                .as_deref()
                .map(read_passphrase)
                .transpose()?;
            ws.protect_key(who, current.as_deref(), &new, &new)?;
            println!("kunci stasiun kerja kini dilindungi frasa sandi.");
        }
        (
            Args::Checkpoint {
                passphrase_file, ..
            },
            Some(who),
        ) => {
            unlock(&ws, who, passphrase_file.as_deref())?;
            match ws.checkpoint(&who.actor, true)? {
                Some(seq) => println!("titik periksa dicatat sebagai peristiwa {seq}."),
                None => println!("kepala rantai sudah ditandatangani; tidak ada yang baru."),
            }
        }
        (Args::ExportPublic { dir, out }, _) => {
            let s = ws.summary()?;
            let text = pleno_app::bundle::public_key_file(
                dir,
                &format!("{} {}", s.kecamatan_code, s.kecamatan),
            )?;
            std::fs::write(out, text)
                .with_context(|| format!("{} tidak dapat ditulis", out.display()))?;
            println!("kunci publik ditulis ke {}", out.display());
        }
        _ => {}
    }
    let s = ws.key_status()?;
    println!("sidik kunci: {}", s.fingerprint);
    println!(
        "frasa sandi: {}",
        if s.protected {
            "dilindungi"
        } else {
            "BELUM dilindungi (pleno key protect)"
        }
    );
    println!(
        "titik periksa terakhir: {}; peristiwa terbaru: {}",
        s.last_checkpoint
            .map_or_else(|| "belum ada".to_string(), |n| format!("peristiwa {n}")),
        s.head.map_or_else(|| "-".to_string(), |n| n.to_string())
    );
    Ok(ExitCode::SUCCESS)
}
