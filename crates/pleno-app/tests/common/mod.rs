//! Helpers shared by the import tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod bundles;
pub mod lan;
pub mod pdf;

use std::path::{Path, PathBuf};

use pleno_app::demo::default_assets;
use pleno_app::{CreateOptions, Who, Workspace};
use pleno_core::reference::Election;

pub fn no_progress(_: &pleno_app::photos::ImportProgress) {}

/// A workspace of the demo kecamatan with nothing imported yet.
pub fn demo_workspace(dir: &Path, who: &Who) -> Workspace {
    Workspace::create(
        &dir.join("ws"),
        &default_assets().join("demo/referensi.xlsx"),
        who,
        &CreateOptions::default(),
    )
    .unwrap()
}

/// A drill workspace of the demo kecamatan, the demo's figures file and its election.
pub fn drill_workspace(dir: &Path, who: &Who) -> (Workspace, PathBuf, Election) {
    let ws = Workspace::create(
        &dir.join("ws"),
        &default_assets().join("demo/referensi.xlsx"),
        who,
        &CreateOptions {
            drill: true,
            ..CreateOptions::default()
        },
    )
    .unwrap();
    let election = ws.read(pleno_store::Store::election).unwrap();
    (ws, default_assets().join("demo/hasil.xlsx"), election)
}

/// Every form's current values and how many readings each page has, to compare two runs.
pub fn photo_outcome(ws: &Workspace) -> (Vec<String>, Vec<(String, usize)>) {
    let pages = ws.pages(&pleno_store::PageFilter::default()).unwrap();
    let mut forms = Vec::new();
    let mut readings = Vec::new();
    for p in &pages {
        let n = ws.read(|s| s.readings(p.id)).unwrap().len();
        readings.push((p.source_path.clone(), n));
        if let (Some(tps), Some(contest)) = (&p.tps, p.contest) {
            let current = ws.read(|s| s.current_values(tps, contest)).unwrap();
            let values: Vec<String> = current
                .entries
                .iter()
                .map(|(k, e)| format!("{k}={} {:?}", e.value, e.source))
                .collect();
            forms.push(format!("{tps} {contest}: {}", values.join(", ")));
        }
    }
    forms.sort();
    forms.dedup();
    readings.sort();
    (forms, readings)
}

/// One filled page photographed by the simulator, imported from its TPS folder (`foto/Desa
/// NAME/TPS 001` under `dir`, as the import expects) into `ws`; asserts that it was identified
/// and returns how many of `values` (the figures on the page) were read and how many of those
/// are right.
pub fn import_one_photo(
    ws: &Workspace,
    who: &Who,
    (dir, election): (&Path, &Election),
    form: &pleno_app::import::TypedForm,
    values: &pleno_core::FormValues,
    jpeg: &[u8],
) -> (usize, usize) {
    let desa = election
        .kecamatan
        .desa
        .iter()
        .find(|d| d.code == form.tps.desa())
        .unwrap();
    let folder = dir
        .join("foto")
        .join(format!("Desa {}", desa.name))
        .join(format!("TPS {:03}", form.tps.nomor()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("halaman.jpg"), jpeg).unwrap();
    let report = ws
        .import_photos(
            who,
            &[dir.join("foto")],
            &std::sync::atomic::AtomicBool::new(false),
            &no_progress,
        )
        .unwrap();
    assert_eq!(
        (report.files, report.identified),
        (1, 1),
        "{:?}",
        report.issues
    );
    let view = ws.form(&form.tps, form.contest).unwrap();
    let (mut read, mut right) = (0, 0);
    for (k, v) in values.iter() {
        if let Some(r) = view.field(k).and_then(|f| f.reading.as_ref()) {
            read += 1;
            right += usize::from(r.value == Some(v));
        }
    }
    (read, right)
}

/// An office's own print of DPD page 302 in a drill workspace: every digit box 22 mm lower than
/// the shipped layout has it. With the form of the first DPD TPS and its figures on the page.
pub struct OfficeSheet {
    pub ws: Workspace,
    pub election: Election,
    pub form: pleno_app::import::TypedForm,
    pub catalogue: pleno_core::Catalogue,
    pub sheet: pleno_core::template::Template,
    pub values: pleno_core::FormValues,
}

pub fn office_dpd_sheet(dir: &Path, who: &Who) -> OfficeSheet {
    use pleno_core::Contest;
    let (ws, hasil, election) = drill_workspace(dir, who);
    let form = pleno_app::import::load_figures(&hasil, &election)
        .unwrap()
        .into_iter()
        .find(|f| f.contest == Contest::Dpd)
        .unwrap();
    let ballot = election.ballot(Contest::Dpd).unwrap();
    let catalogue = pleno_core::Catalogue::new(ballot);
    let mut sheet = pleno_core::template::Template::for_tag(302, &catalogue, Some(ballot)).unwrap();
    for b in sheet.fields.iter_mut().flat_map(|f| f.boxes.iter_mut()) {
        b.y += 22.0;
    }
    let values: pleno_core::FormValues = form
        .values
        .iter()
        .filter(|(k, _)| sheet.field(*k).is_some())
        .collect();
    assert!(values.iter().any(|(_, v)| v > 0));
    OfficeSheet {
        ws,
        election,
        form,
        catalogue,
        sheet,
        values,
    }
}
