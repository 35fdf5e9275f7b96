//! `pleno rules`: the rule catalogue of docs/domain.md §3 as Pleno implements it.

use std::fmt::Write as _;
use std::process::ExitCode;

use pleno_core::rules::{RULES, Scope, Severity};

#[derive(clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Texts in English.
    #[arg(long)]
    en: bool,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if args.json {
        crate::output::emit(&(serde_json::to_string_pretty(RULES)? + "\n"));
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for def in RULES {
        let severity = match (def.severity, args.en) {
            (Severity::Error, false) => "GALAT",
            (Severity::Warning, false) => "PERINGATAN",
            (Severity::Error, true) => "ERROR",
            (Severity::Warning, true) => "WARNING",
        };
        let scope = match def.scope {
            Scope::Form => "formulir",
            Scope::Tps => "TPS",
            Scope::Level => "antar-tingkat",
        };
        let title = if args.en { def.title_en } else { def.title_id };
        let _ = writeln!(
            out,
            "{:<4} {severity:<10} {scope:<13} {title}",
            def.id.as_str()
        );
        let _ = writeln!(out, "     rumus: {}", def.formula);
        let _ = match def.not_automated {
            None => writeln!(out, "     tindak lanjut: {}", def.handling_id),
            Some(why) => writeln!(out, "     tidak diperiksa otomatis: {why}"),
        };
    }
    crate::output::emit(&out);
    Ok(ExitCode::SUCCESS)
}
