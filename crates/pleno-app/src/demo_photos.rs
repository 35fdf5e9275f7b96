//! The demo's photographed forms: the `foto` sheet of hasil.xlsx names forms whose C.Hasil
//! arrive as phone photos instead of typed figures. The demo photographs them with the form
//! simulator (pleno-synth: the real templates, MNIST handwriting, a simulated phone camera)
//! into `foto/Desa …/TPS nnn/`, the way offices file them, and imports that folder.

use std::path::{Path, PathBuf};

use pleno_core::catalogue::PageCode;
use pleno_core::reference::Election;
use pleno_core::template::Template;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Catalogue, Contest, FormValues};
use pleno_synth::{Options, Style};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::import::load_figures;
use crate::import::table::{ImportError, Source};

/// (TPS, contest, photo style) of every photographed form.
pub fn photographed(hasil: &Path) -> AppResult<Vec<(TpsCode, Contest, Style)>> {
    let source = Source::detect(hasil)?;
    let Some(table) = source.tables(&["foto"])?.into_iter().flatten().next() else {
        return Ok(Vec::new());
    };
    let (c_tps, c_contest, c_style) = (
        table.column("kode_tps")?,
        table.column("jenis")?,
        table.column("gaya")?,
    );
    let mut out = Vec::new();
    for (row, cells) in &table.rows {
        let bad = |col: &str, m: String| ImportError::at(table.place(Some(*row), Some(col)), m);
        let tps_text = table.text(*row, cells, c_tps)?;
        let tps = TpsCode::parse(&tps_text).map_err(|e| bad("kode_tps", e.to_string()))?;
        let contest_text = table.text(*row, cells, c_contest)?;
        let contest: Contest = contest_text
            .parse()
            .map_err(|_| bad("jenis", format!("'{contest_text}' bukan jenis pemilu")))?;
        let style = match table.text(*row, cells, c_style)?.as_str() {
            "clean" | "pindai" => Style::Clean,
            "poor" | "buruk" => Style::Poor,
            _ => Style::Phone,
        };
        out.push((tps, contest, style));
    }
    Ok(out)
}

/// Photographs every page of the listed forms into `dir`; returns the files written.
pub fn photograph(
    dir: &Path,
    hasil: &Path,
    election: &Election,
    forms: &[(TpsCode, Contest, Style)],
) -> AppResult<Vec<PathBuf>> {
    let typed = load_figures(hasil, election)?;
    let mut files = Vec::new();
    for (n, (tps, contest, style)) in forms.iter().enumerate() {
        let Some(form) = typed
            .iter()
            .find(|f| &f.tps == tps && f.contest == *contest)
        else {
            return Err(AppError::new(
                ErrorCode::DemoData,
                format!("angka {contest} TPS {tps} tidak ada di hasil.xlsx"),
            ));
        };
        let Some(ballot) = election.ballot(*contest) else {
            continue;
        };
        let cat = Catalogue::new(ballot);
        let desa = election
            .kecamatan
            .desa
            .iter()
            .find(|d| d.code == tps.desa())
            .map_or_else(|| tps.desa().to_string(), |d| d.name.clone());
        let folder = dir
            .join(format!("Desa {desa}"))
            .join(format!("TPS {:03}", tps.nomor()));
        std::fs::create_dir_all(&folder).map_err(|e| io(&folder, &e))?;
        for (p, code) in page_codes(&cat).into_iter().enumerate() {
            let template = Template::for_page_with_ballot(code, &cat, ballot)
                .map_err(|e| AppError::new(ErrorCode::Template, e.to_string()))?;
            let values: FormValues = form
                .values
                .iter()
                .filter(|(k, _)| template.field(*k).is_some())
                .collect();
            let mut opts = Options::new(*style, 20_240_214 + (n as u64) * 16 + p as u64);
            // 5 MP keeps the demo quick and its folder small; the reader is benchmarked at 12.
            opts.megapixels = Some(5.0);
            let shot = pleno_synth::synth(&template, &values, &opts)
                .map_err(|e| AppError::new(ErrorCode::DemoData, e.to_string()))?;
            let file = folder.join(format!("{}-hal{}.jpg", contest.slug(), code.0 % 100));
            std::fs::write(&file, &shot.jpeg).map_err(|e| io(&file, &e))?;
            // What was written and where the corners lie, beside the photo (imports skip it).
            let truth = file.with_extension("truth.json");
            let json = serde_json::to_vec_pretty(&shot.truth)
                .map_err(|e| AppError::new(ErrorCode::DemoData, e.to_string()))?;
            std::fs::write(&truth, json).map_err(|e| io(&truth, &e))?;
            files.push(file);
        }
    }
    Ok(files)
}

fn page_codes(cat: &Catalogue) -> Vec<PageCode> {
    let mut codes = cat.pages();
    codes.sort();
    codes.dedup();
    codes
}

fn io(path: &Path, e: &std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Io,
        format!("{} tidak dapat ditulis: {e}", path.display()),
    )
}
