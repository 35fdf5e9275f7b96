//! `pleno`: the command-line face of Pleno. One clap command tree; each subcommand lives in
//! its own module and calls the library crates.

mod backup;
mod bundle;
mod crops;
mod demo;
mod dims;
mod export;
mod form;
mod import_photos;
mod init;
mod key;
mod layout;
mod model;
mod output;
mod print;
mod read;
mod rules;
mod serve;
mod verify;
mod verify_doc;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "pleno",
    version,
    about = "Rekapitulasi suara PPK/KPU Kab/Kota — Pleno"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the bundled demo kecamatan: recap of every contest with its findings.
    Demo(demo::Args),
    /// Create a kecamatan workspace from reference files.
    Init(init::InitArgs),
    /// Create a KPU Kabupaten/Kota workspace from a PPK bundle.
    InitKabupaten(init::InitKabupatenArgs),
    /// Import typed C.Hasil figures (xlsx/csv) into a workspace.
    ImportAngka(init::ImportFiguresArgs),
    /// Import photographs/scans of C.Hasil pages (files or folders) into a workspace.
    ImportFoto(import_photos::Args),
    /// Export or import the signed PPK → KPU Kab/Kota bundle.
    #[command(subcommand)]
    Bundle(bundle::Args),
    /// The workstation key: status, the PPK chair's passphrase, a signed checkpoint now.
    #[command(subcommand)]
    Key(key::Args),
    /// Serve a workspace over HTTP: the API (tokens, JSON, events) and the browser UI at / for
    /// panel laptops and the projector display on the LAN.
    Serve(serve::Args),
    /// List every rule with its id, severity and text.
    Rules(rules::Args),
    /// Blank forms and synthetic photographed forms from the page templates.
    Form(form::Args),
    /// A form layout Pleno does not know: a draft detected from one sample scan.
    #[command(subcommand)]
    Layout(layout::Args),
    /// Read photographed C.Hasil pages (no workspace needed): page, figures, what would be
    /// accepted automatically.
    Read(read::Args),
    /// Re-check a workspace: audit hash chain, every audited row, every blob file.
    Verify(verify::Args),
    /// Make a consistent copy of a workspace (database and blobs), even while it is open.
    Backup(backup::Args),
    /// Print D.Hasil Kecamatan, its lampiran and D.Kejadian Khusus/Keberatan as PDF.
    Print(print::Args),
    /// Export the recap as xlsx or csv (a sheet per contest, a sheet per contest by TPS).
    Export(export::Args),
    /// Check a printed PDF against the workspace (SHA-256 of the data it shows).
    VerifyDoc(verify_doc::Args),
    /// The box crops the plenary's agreements labelled: counts, or a dataset for retraining.
    #[command(subcommand)]
    Crops(crops::Args),
    /// The digit model a workspace reads with: show it, check a retrained one, install it.
    #[command(subcommand)]
    Model(model::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => demo::run_cmd(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Init(args) => init::init(&args),
        Command::InitKabupaten(args) => init::init_kabupaten(&args),
        Command::ImportAngka(args) => init::import_figures(&args),
        Command::ImportFoto(args) => import_photos::run(&args),
        Command::Bundle(args) => bundle::run(&args),
        Command::Key(args) => key::run(&args),
        Command::Form(args) => form::run(&args),
        Command::Layout(args) => layout::run(&args),
        Command::Read(args) => read::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Backup(args) => backup::run(&args),
        Command::Print(args) => print::run(&args),
        Command::Export(args) => export::run(&args),
        Command::VerifyDoc(args) => verify_doc::run(&args),
        Command::Crops(args) => crops::run(&args),
        Command::Model(args) => model::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("galat: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
