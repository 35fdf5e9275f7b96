//! `pleno`: the command-line face of Pleno. One clap command tree; each subcommand lives in
//! its own module and calls the library crates.

mod backup;
mod demo;
mod output;
mod rules;
mod verify;

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
    /// List every rule with its id, severity and text.
    Rules(rules::Args),
    /// Re-check a workspace: audit hash chain, every audited row, every blob file.
    Verify(verify::Args),
    /// Make a consistent copy of a workspace (database and blobs), even while it is open.
    Backup(backup::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => demo::run_cmd(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Backup(args) => backup::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("galat: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
