//! `pleno verify DIR [--anchor SEQ:HEX]…`: re-checks a workspace read-only (it may be open in
//! Pleno meanwhile), and that its audit chain still passes through each head published
//! earlier (printed on a document's footer, carried in a bundle). Exit 0 when intact; 2 when
//! damaged or an anchor does not hold, naming the first bad event, row, blob or anchor; 1 when
//! the workspace cannot be opened at all.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

#[derive(clap::Args)]
pub struct Args {
    /// Workspace folder (holds pleno.db and blobs/).
    dir: PathBuf,
    /// Print the full report as JSON.
    #[arg(long)]
    json: bool,
    /// A chain head published earlier, as printed ("Rantai audit: 1234:ab12cd34ef567890");
    /// may be given more than once.
    #[arg(long = "anchor", value_name = "NOMOR:HEKSA")]
    anchors: Vec<pleno_app::Anchor>,
}

/// Exit status for a workspace that opened but failed a check.
const DAMAGED: u8 = 2;

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let checked = pleno_app::Workspace::open(&args.dir, pleno_app::Mode::ReadOnly).and_then(|ws| {
        let report = ws.verify_audit()?;
        let anchors = args
            .anchors
            .iter()
            .map(|a| Ok((a.clone(), ws.check_anchor(a)?)))
            .collect::<pleno_app::AppResult<Vec<_>>>()?;
        Ok((report, anchors))
    });
    let (report, anchors) =
        checked.with_context(|| format!("tidak dapat memeriksa {}", args.dir.display()))?;
    let anchors_hold = anchors.iter().all(|(_, check)| check.holds());
    if args.json && !args.anchors.is_empty() {
        let anchors: Vec<_> = anchors
            .iter()
            .map(|(a, check)| serde_json::json!({"anchor": a.to_string(), "check": check}))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"report": report, "anchors": anchors})
            )?
        );
    } else if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else if report.is_ok() {
        println!(
            "Ruang kerja {} utuh: {} peristiwa audit, {} baris, {} berkas asli ({} bait) diperiksa.",
            args.dir.display(),
            report.events,
            report.rows,
            report.blobs,
            report.blob_bytes
        );
    } else {
        if let Some(first) = report.first_problem() {
            eprintln!("RUSAK: {first}");
        }
        for p in report.problems.iter().skip(1) {
            eprintln!("  juga: {p}");
        }
        eprintln!(
            "{} masalah ditemukan di {}. Jangan ubah ruang kerja ini; pulihkan dari cadangan (pleno backup) dan laporkan ke KPU Kab/Kota.",
            report.problem_count,
            args.dir.display()
        );
    }
    for note in &report.notes {
        eprintln!("catatan: {note}");
    }
    if !args.json {
        for (anchor, check) in &anchors {
            if check.holds() {
                println!("Jangkar {anchor} cocok: {}.", check.describe(anchor));
            } else {
                eprintln!(
                    "JANGKAR TIDAK COCOK: {}. Ruang kerja telah diubah di luar Pleno; jangan pakai, laporkan ke KPU Kab/Kota.",
                    check.describe(anchor)
                );
            }
        }
    }
    Ok(if report.is_ok() && anchors_hold {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(DAMAGED)
    })
}
