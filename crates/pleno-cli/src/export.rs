//! `pleno export DIR --format xlsx|csv`: the recap as spreadsheets, one sheet per contest in
//! the D.Hasil shape and one with a column per TPS.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use pleno_app::documents::ExportFormat;
use pleno_app::{Mode, Workspace};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Xlsx,
    Csv,
}

#[derive(clap::Args)]
pub struct Args {
    /// Workspace folder.
    dir: PathBuf,
    #[arg(long, value_enum, default_value = "xlsx")]
    format: Format,
    /// Output folder (default DIR/ekspor).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let ws = Workspace::open(&args.dir, Mode::ReadOnly)
        .with_context(|| format!("tidak dapat membuka ruang kerja {}", args.dir.display()))?;
    let out = args.out.clone().unwrap_or_else(|| args.dir.join("ekspor"));
    let format = match args.format {
        Format::Xlsx => ExportFormat::Xlsx,
        Format::Csv => ExportFormat::Csv,
    };
    for path in ws.export_to(format, &out)? {
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
