//! `pleno`: the command-line face of Pleno. One clap command tree; each subcommand lives in
//! its own module and calls the library crates.

mod rules;

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
    /// List every rule with its id, severity and text.
    Rules(rules::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Rules(args) => rules::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("galat: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
