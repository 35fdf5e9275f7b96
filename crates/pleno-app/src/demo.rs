//! The demo kecamatan end to end, through the same use cases as the desktop app: create a
//! workspace (uji coba) from the bundled reference workbook, bring in the figures, let the
//! acceptance policy agree the clean forms, and collect what the panel must look at, the recap
//! and where the time went. Prints nothing itself; the CLI renders the report.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pleno_core::Contest;
use pleno_core::misread::MisreadReport;
use pleno_core::recap::RecapTable;
use pleno_core::reference::Election;
use pleno_core::rules::Finding;
use pleno_core::wilayah::TpsCode;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::figures_import::FiguresReport;
use crate::queue::{QueueFilter, QueueKind};
use crate::recap::workspace_recap;
use crate::workspace::{CreateOptions, Who, Workspace};

/// Where the bundled demo data lives in a source checkout.
pub fn default_assets() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets"))
}

/// The demo's two workbooks, inside the binary: an installed Pleno has no assets folder.
const REFERENSI: &[u8] = include_bytes!("../../../assets/demo/referensi.xlsx");
const HASIL: &[u8] = include_bytes!("../../../assets/demo/hasil.xlsx");

/// Writes the embedded workbooks into `out/contoh` (where the office can also open them to
/// see what a reference file looks like) and returns that folder, laid out as `assets`.
fn embedded_assets(out: &Path) -> AppResult<PathBuf> {
    let root = out.join("contoh");
    let demo = root.join("demo");
    let write = |name: &str, bytes: &[u8]| {
        let path = demo.join(name);
        std::fs::create_dir_all(&demo)
            .and_then(|()| std::fs::write(&path, bytes))
            .map_err(|e| {
                AppError::new(
                    ErrorCode::Io,
                    format!("{} tidak dapat ditulis: {e}", path.display()),
                )
            })
    };
    write("referensi.xlsx", REFERENSI)?;
    write("hasil.xlsx", HASIL)?;
    Ok(root)
}

/// A form that needs a person, with what the rules and the misread search say.
#[derive(Debug, Clone)]
pub struct OpenForm {
    pub tps: TpsCode,
    pub desa: String,
    pub contest: Contest,
    pub kind: QueueKind,
    pub findings: Vec<Finding>,
    pub misread: MisreadReport,
}

#[derive(Debug)]
pub struct DemoReport {
    pub workspace: PathBuf,
    pub election: Election,
    pub figures: FiguresReport,
    pub photos: crate::photos::PhotoImportReport,
    pub photo_files: usize,
    /// The provisional document set and the xlsx export written into `out/dokumen`.
    pub documents: Vec<crate::documents::PrintedDoc>,
    pub export: Vec<PathBuf>,
    /// Forms the demo photographs instead of importing typed.
    pub photo_forms: usize,
    pub tables: Vec<RecapTable>,
    pub open_forms: Vec<OpenForm>,
    /// Findings across the forms of a TPS and across levels.
    pub tps_findings: Vec<Finding>,
    pub forms_total: usize,
    pub forms_agreed: usize,
    /// The photographed forms of one desa agreed as a panel would (their crops labelled).
    pub plenary: Option<crate::demo_plenary::DemoPlenary>,
    pub timings: Vec<(&'static str, Duration)>,
}

/// The demo workspace folder inside `out`; an earlier demo workspace there is replaced.
fn fresh_workspace_dir(out: &Path) -> AppResult<PathBuf> {
    let dir = out.join("ruang-kerja");
    if dir.exists() {
        // Only ever remove something that is a Pleno workspace made by an earlier demo.
        if !dir.join(pleno_store::DB_FILE).exists() {
            return Err(AppError::new(
                ErrorCode::WorkspaceExists,
                format!(
                    "{} sudah ada dan bukan ruang kerja demo; pilih folder --out lain",
                    dir.display()
                ),
            ));
        }
        std::fs::remove_dir_all(&dir).map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!(
                    "ruang kerja demo lama {} tidak dapat dihapus: {e}",
                    dir.display()
                ),
            )
        })?;
    }
    std::fs::create_dir_all(out).map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!("folder {} tidak dapat dibuat: {e}", out.display()),
        )
    })?;
    Ok(dir)
}

/// The demo workspace in `out` for a first try from the desktop app: opened when an earlier
/// try made it (so practice work is kept), otherwise made from the built-in workbooks. A mark
/// written only when the demo is complete means an app closed during the half minute it takes
/// leaves nothing half-made to be opened next time: the next try makes it again.
pub fn open_or_run(out: &Path) -> AppResult<Workspace> {
    let done = out.join(DEMO_DONE);
    if !done.exists() {
        run(None, out)?;
        std::fs::write(&done, "data contoh Pleno selesai dibuat\n").map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("{} tidak dapat ditulis: {e}", done.display()),
            )
        })?;
    }
    Workspace::open(&out.join("ruang-kerja"), crate::Mode::ReadWrite)
}

const DEMO_DONE: &str = "selesai.txt";

/// Runs the demo into `out`, from `assets` (a folder holding `demo/referensi.xlsx` and
/// `demo/hasil.xlsx`) or, without one, from the workbooks built into the program.
pub fn run(assets: Option<&Path>, out: &Path) -> AppResult<DemoReport> {
    let assets = match assets {
        Some(a) => a.to_path_buf(),
        None => embedded_assets(out)?,
    };
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let demo = assets.join("demo");
    let dir = fresh_workspace_dir(out)?;
    let who = Who::new("Sekretariat PPK (demo)");
    let ws = Workspace::create(
        &dir,
        &demo.join("referensi.xlsx"),
        &who,
        &CreateOptions {
            drill: true,
            ..CreateOptions::default()
        },
    )?;
    lap("buat ruang kerja dari referensi.xlsx", &mut timings);

    let hasil = demo.join("hasil.xlsx");
    let election = ws.query(pleno_store::Store::election)?;
    let photographed = crate::demo_photos::photographed(&hasil)?;
    let foto_dir = out.join("foto");
    let photo_files = crate::demo_photos::photograph(&foto_dir, &hasil, &election, &photographed)?;
    lap("memotret formulir contoh (simulator kamera)", &mut timings);

    let skip: Vec<(TpsCode, Contest)> = photographed
        .iter()
        .map(|(t, c, _)| (t.clone(), *c))
        .collect();
    let figures = ws.import_figures(&who, &hasil, &skip)?;
    lap(
        "impor angka C.Hasil (xlsx) dan penerimaan otomatis",
        &mut timings,
    );

    let photos = ws.import_photos(
        &who,
        &[foto_dir],
        &std::sync::atomic::AtomicBool::new(false),
        &|_| {},
    )?;
    lap("impor dan baca foto C.Hasil", &mut timings);

    let plenary = crate::demo_plenary::agree_one_desa(&ws, &hasil, &election, &skip)?;
    lap(
        "pleno satu desa: foto dicocokkan dengan kertas dan disepakati",
        &mut timings,
    );

    let queue = ws.queue(&QueueFilter::default())?;
    let mut open_forms = Vec::new();
    for item in queue
        .iter()
        .filter(|q| q.tps.is_some() && q.contest.is_some())
    {
        let (Some(tps), Some(contest)) = (&item.tps, item.contest) else {
            continue;
        };
        let view = ws.form(tps, contest)?;
        open_forms.push(OpenForm {
            tps: tps.clone(),
            desa: view.desa_name.clone(),
            contest,
            kind: item.kind,
            findings: view.findings,
            misread: view.misread,
        });
    }
    lap("antrean panel, temuan dan saran salah baca", &mut timings);

    let (recap, tps_findings) = {
        let store = ws.store();
        let recap = workspace_recap(&store)?;
        let snapshots = store.all_current_values()?;
        let present: Vec<(TpsCode, Contest)> = snapshots
            .iter()
            .map(|s| (s.tps.clone(), s.contest))
            .collect();
        let findings = pleno_core::rules::level::check_expected_tps(
            &recap.election.kecamatan,
            &Contest::ALL,
            &present,
        );
        (recap, findings)
    };
    let mut tps_findings = tps_findings;
    tps_findings.extend(
        open_forms
            .iter()
            .flat_map(|f| f.findings.iter())
            .filter(|f| f.rule.as_str().starts_with('X'))
            .cloned(),
    );
    tps_findings.dedup();
    lap("rekapitulasi TPS → desa → kecamatan", &mut timings);

    // The plenary is not over (forms wait for the panels), so the documents are provisional:
    // SEMENTARA and UJI COBA on every page, exactly as a drill office would print them.
    let doc_err = |e: crate::documents::DocumentsError| AppError::new(e.code(), e.to_string());
    let (documents, export) = {
        let store = ws.store();
        let mut opts = crate::documents::PrintOptions::all(out.join("dokumen"));
        opts.provisional = true;
        let printed = crate::documents::print_all(&store, &opts).map_err(doc_err)?;
        let export = crate::documents::export(
            &store,
            crate::documents::ExportFormat::Xlsx,
            &out.join("dokumen"),
        )
        .map_err(doc_err)?;
        (printed, export)
    };
    lap(
        "cetak D.Hasil, lampiran, D.Kejadian (PDF) dan ekspor xlsx",
        &mut timings,
    );

    let summary = ws.summary()?;
    Ok(DemoReport {
        documents,
        export,
        workspace: dir,
        forms_total: figures.forms + photographed.len(),
        forms_agreed: summary.forms_agreed,
        figures,
        photos,
        photo_files: photo_files.len(),
        photo_forms: photographed.len(),
        tables: recap.contests.iter().map(|c| c.kecamatan.clone()).collect(),
        election: recap.election,
        open_forms,
        tps_findings,
        plenary,
        timings,
    })
}
