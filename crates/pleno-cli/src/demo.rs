//! `pleno demo`: the bundled demo kecamatan end to end, printed in Indonesian.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use pleno_app::demo::{DemoReport, run};
use pleno_core::{Contest, FieldKey, Severity};

#[derive(clap::Args)]
pub struct Args {
    /// Folder for the demo's outputs (full recap tables, later the workspace and documents).
    #[arg(long, default_value = "pleno-demo")]
    out: PathBuf,
    /// Folder holding demo/referensi.xlsx and demo/hasil.xlsx (defaults to the workbooks built
    /// into the program, written to OUT/contoh).
    #[arg(long)]
    assets: Option<PathBuf>,
    /// Print every candidate row of DPR/DPRD tables too.
    #[arg(long)]
    lengkap: bool,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "GALAT",
        Severity::Warning => "PERINGATAN",
    }
}

pub fn run_cmd(args: &Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    std::fs::create_dir_all(&args.out)?;
    let report = run(args.assets.as_deref(), &args.out)?;
    let mut out = String::new();
    header(&mut out, &report);
    for table in &report.tables {
        std::fs::write(
            args.out.join(format!("rekap-{}.txt", table.contest.slug())),
            table.render_text(),
        )?;
        let shown = if table.contest.is_party_list() && !args.lengkap {
            table.with_rows(|r| !matches!(r.key, FieldKey::CandidateVotes(..)))
        } else {
            table.clone()
        };
        let _ = writeln!(out);
        out.push_str(&shown.render_text());
        if table.contest.is_party_list() && !args.lengkap {
            let _ = writeln!(
                out,
                "(baris suara calon A.2 ada di {}; atau jalankan dengan --lengkap)",
                args.out
                    .join(format!("rekap-{}.txt", table.contest.slug()))
                    .display()
            );
        }
    }
    findings(&mut out, &report);
    let _ = writeln!(out, "\nDOKUMEN (SEMENTARA, UJI COBA)");
    for d in &report.documents {
        let _ = writeln!(out, "  {} ({} halaman)", d.path.display(), d.pages);
    }
    for f in &report.export {
        let _ = writeln!(out, "  {}", f.display());
    }
    let _ = writeln!(out, "\nWAKTU");
    for (what, d) in &report.timings {
        let _ = writeln!(out, "  {:<52} {:>9.1} ms", what, d.as_secs_f64() * 1e3);
    }
    let _ = writeln!(
        out,
        "  {:<52} {:>9.1} ms",
        "seluruh demo",
        started.elapsed().as_secs_f64() * 1e3
    );
    crate::output::emit(&out);
    Ok(ExitCode::SUCCESS)
}

fn header(out: &mut String, r: &DemoReport) {
    let k = &r.election.kecamatan;
    let _ = writeln!(
        out,
        "PLENO — DEMO REKAPITULASI KECAMATAN {} ({}), KABUPATEN {}, PROVINSI {}",
        k.name,
        k.code.dotted(),
        k.kabupaten_name,
        k.provinsi_name
    );
    let _ = writeln!(
        out,
        "{} desa, {} TPS, {} jenis pemilihan. {} formulir diterima: {} lolos semua aturan dan disepakati, {} perlu diperiksa panel.",
        k.desa.len(),
        k.tps_count(),
        Contest::ALL.len(),
        r.forms_total,
        r.forms_agreed,
        r.open_forms.len()
    );
    let p = &r.photos;
    let _ = writeln!(
        out,
        "Foto: {} halaman C.Hasil dari {} formulir difoto (simulator kamera) lalu dibaca mesin: {} dikenali, {} ditolak; {} formulir disepakati otomatis, {} menunggu panel.",
        r.photo_files, r.photo_forms, p.identified, p.rejected, p.agreed, p.to_review
    );
    for i in &p.issues {
        let _ = writeln!(out, "  foto {}: {} ({})", i.file, i.message, i.code);
    }
    if let Some(pl) = &r.plenary {
        let _ = writeln!(
            out,
            "Pleno desa {}: foto dicocokkan dengan kertas, {} angka dibetulkan, {} formulir disepakati ({} menunggu hitung ulang/keberatan); {} kotak menjadi contoh tulisan berlabel (`pleno crops stats {}`).",
            pl.desa,
            pl.fields_corrected,
            pl.forms_agreed,
            pl.forms_left,
            pl.labelled_boxes,
            r.workspace.display()
        );
    }
    let _ = writeln!(
        out,
        "Rekap di bawah hanya menghitung formulir yang disepakati; kelengkapan disebut di bawah setiap tabel."
    );
    let _ = writeln!(
        out,
        "Ruang kerja (uji coba): {} — buka dengan `pleno serve {}` atau aplikasi desktop.",
        r.workspace.display(),
        r.workspace.display()
    );
}

fn findings(out: &mut String, r: &DemoReport) {
    let _ = writeln!(out, "\nFORMULIR YANG PERLU DIPERIKSA PANEL");
    for f in &r.open_forms {
        let _ = writeln!(
            out,
            "\nTPS {:03} {} ({}) — {}",
            f.tps.nomor(),
            f.desa,
            f.tps.dotted(),
            f.contest.form_suffix()
        );
        for x in &f.findings {
            let _ = writeln!(
                out,
                "  {:<10} {:<3} {}",
                severity(x.severity),
                x.rule,
                x.text_id
            );
        }
        match f.misread.suggestions.first() {
            Some(s) if !f.misread.ambiguous => {
                let _ = writeln!(
                    out,
                    "  SARAN      {} (periksa pada gambar; tidak diterapkan otomatis)",
                    s.text_id
                );
            }
            Some(s) => {
                let _ = writeln!(
                    out,
                    "  SARAN      {} — belum pasti, {} kemungkinan lain; baca ulang formulir",
                    s.text_id,
                    f.misread.suggestions.len() - 1
                );
            }
            None if f.misread.suspects.iter().any(|s| s.read > 300) => {
                let list: Vec<String> = f
                    .misread
                    .suspects
                    .iter()
                    .filter(|s| s.read > 300 && !s.alternatives.is_empty())
                    .take(6)
                    .map(|s| {
                        let alts: Vec<String> =
                            s.alternatives.iter().map(|(v, _)| v.to_string()).collect();
                        format!("{} {} (mungkin {})", s.key, s.read, alts.join("/"))
                    })
                    .collect();
                let _ = writeln!(out, "  CURIGA     {}", list.join("; "));
            }
            None => {}
        }
        if let Some(first) = f.findings.iter().min_by_key(|x| x.severity) {
            let _ = writeln!(
                out,
                "  TINDAK     {}",
                pleno_core::rules::rule(first.rule).handling_id
            );
        }
    }
    let cross: Vec<_> = r
        .tps_findings
        .iter()
        .filter(|f| f.rule.as_str().starts_with('X') || f.rule.as_str().starts_with('L'))
        .collect();
    if !cross.is_empty() {
        let _ = writeln!(out, "\nTEMUAN LINTAS FORMULIR DAN LINTAS TINGKAT");
        for x in cross {
            let _ = writeln!(
                out,
                "  {:<10} {:<3} {} {}",
                severity(x.severity),
                x.rule,
                x.place.as_deref().unwrap_or(""),
                x.text_id
            );
        }
    }
}
