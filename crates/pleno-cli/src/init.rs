//! `pleno init` (a kecamatan workspace from reference files), `pleno init-kabupaten` (a KPU
//! Kab/Kota workspace from a PPK bundle) and `pleno import-angka` (typed C.Hasil figures).

use std::path::PathBuf;
use std::process::ExitCode;

use pleno_app::Mode;
use pleno_app::bundle::KeyTrust;
use pleno_app::{CreateOptions, Who, Workspace};

#[derive(clap::Args)]
pub struct InitArgs {
    /// New (or empty) workspace folder.
    dir: PathBuf,
    /// Reference workbook (.xlsx) or folder of CSV files; see docs/reference-files.md.
    #[arg(long)]
    referensi: PathBuf,
    /// Mark the workspace as a drill: documents print "UJI COBA".
    #[arg(long)]
    uji_coba: bool,
    /// Who sets it up (recorded in the audit log).
    #[arg(long, default_value = "Sekretariat PPK")]
    petugas: String,
}

pub fn init(args: &InitArgs) -> anyhow::Result<ExitCode> {
    let ws = Workspace::create(
        &args.dir,
        &args.referensi,
        &Who::new(&args.petugas),
        &CreateOptions {
            drill: args.uji_coba,
            ..CreateOptions::default()
        },
    )?;
    let s = ws.summary()?;
    println!(
        "ruang kerja {} dibuat: Kecamatan {} ({}), {} desa, {} TPS{}",
        args.dir.display(),
        s.kecamatan,
        s.kecamatan_code,
        s.desa,
        s.tps,
        if s.drill { ", UJI COBA" } else { "" }
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct InitKabupatenArgs {
    /// New (or empty) workspace folder for the KPU Kabupaten/Kota.
    dir: PathBuf,
    /// A bundle exported by a PPK (`pleno bundle export`).
    #[arg(long)]
    paket: PathBuf,
    #[arg(long, default_value = "Operator KPU Kabupaten/Kota")]
    petugas: String,
    /// The PPK key's fingerprint as printed on its signed D.Hasil (the first import asks).
    #[arg(long)]
    sidik: Option<String>,
    /// The PPK's public key file (`pleno key export-public`), instead of typing --sidik.
    #[arg(long, value_name = "BERKAS")]
    kunci: Option<PathBuf>,
    /// The KPU Kabupaten/Kota's own list of its kecamatan and desa (xlsx or a CSV folder with
    /// sheets kecamatan and desa): bundles of a kecamatan or desa not on it are refused.
    #[arg(long, value_name = "BERKAS")]
    referensi: Option<PathBuf>,
}

pub fn init_kabupaten(args: &InitKabupatenArgs) -> anyhow::Result<ExitCode> {
    let ws = Workspace::create_kabupaten(
        &args.dir,
        &args.paket,
        &Who::new(&args.petugas),
        &KeyTrust {
            fingerprint: crate::key::trusted_fingerprint(
                args.sidik.as_ref(),
                args.kunci.as_deref(),
            )?,
            replace: false,
            new_chain: false,
        },
    )?;
    let s = ws.summary()?;
    println!(
        "ruang kerja KPU Kabupaten/Kota {} dibuat di {} dari paket Kecamatan {}",
        s.kabupaten,
        args.dir.display(),
        s.kecamatan
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ImportFiguresArgs {
    /// The workspace folder.
    dir: PathBuf,
    /// Workbook of typed C.Hasil figures (one sheet per contest).
    file: PathBuf,
    #[arg(long, default_value = "Sekretariat PPK")]
    petugas: String,
}

pub fn import_figures(args: &ImportFiguresArgs) -> anyhow::Result<ExitCode> {
    let ws = Workspace::open(&args.dir, Mode::ReadWrite)?;
    let r = ws.import_figures(&Who::new(&args.petugas), &args.file, &[])?;
    println!(
        "{} formulir dibaca: {} angka dicatat ({} sudah sama), {} formulir lolos semua aturan dan disepakati, {} menunggu pemeriksaan panel",
        r.forms, r.entries, r.unchanged, r.agreed, r.to_review
    );
    Ok(ExitCode::SUCCESS)
}
