//! The demo kecamatan end to end: load the bundled reference and figure workbooks, check every
//! form and TPS, suggest misread fixes, and recap what can be agreed. Prints nothing itself;
//! the CLI renders the report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pleno_core::misread::{MisreadReport, Options, suggest};
use pleno_core::recap::{FormRecord, FormState, RecapTable, recap_kecamatan};
use pleno_core::reference::Election;
use pleno_core::rules::Finding;
use pleno_core::rules::form::check_form;
use pleno_core::rules::level::check_expected_tps;
use pleno_core::rules::tps::check_tps;
use pleno_core::wilayah::TpsCode;
use pleno_core::{Catalogue, Contest, FormValues};

use crate::import::{ImportError, TypedForm, load_figures, load_reference};
use crate::policy::AcceptancePolicy;

/// Where the bundled demo data lives in a source checkout.
pub fn default_assets() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets"))
}

/// A form that needs a person, with what the rules and the misread search say.
#[derive(Debug, Clone)]
pub struct OpenForm {
    pub tps: TpsCode,
    pub desa: String,
    pub contest: Contest,
    pub findings: Vec<Finding>,
    pub misread: MisreadReport,
}

#[derive(Debug, Clone)]
pub struct DemoReport {
    pub election: Election,
    pub tables: Vec<RecapTable>,
    pub open_forms: Vec<OpenForm>,
    /// Findings across the forms of a TPS and across levels.
    pub tps_findings: Vec<Finding>,
    pub forms_total: usize,
    pub forms_agreed: usize,
    pub timings: Vec<(&'static str, Duration)>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Import(#[from] ImportError),
}

pub fn run(assets: &Path) -> Result<DemoReport, DemoError> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };

    let demo = assets.join("demo");
    let election = load_reference(&demo.join("referensi.xlsx"))?;
    let forms = load_figures(&demo.join("hasil.xlsx"), &election)?;
    lap("baca berkas referensi dan hasil (xlsx)", &mut timings);

    let policy = AcceptancePolicy::default();
    let cats: BTreeMap<Contest, Catalogue> = election
        .ballots
        .iter()
        .map(|b| (b.contest, Catalogue::new(b)))
        .collect();
    let mut by_tps: BTreeMap<&TpsCode, Vec<&TypedForm>> = BTreeMap::new();
    for f in &forms {
        by_tps.entry(&f.tps).or_default().push(f);
    }

    let mut states: Vec<(usize, FormState)> = Vec::new();
    let mut open_forms = Vec::new();
    let mut tps_findings = Vec::new();
    for (tps, tps_forms) in &by_tps {
        let pairs: Vec<(&Catalogue, &FormValues)> = tps_forms
            .iter()
            .filter_map(|f| cats.get(&f.contest).map(|c| (c, &f.values)))
            .collect();
        let cross = check_tps(Some(tps.as_str()), &pairs);
        for f in tps_forms {
            let Some(cat) = cats.get(&f.contest) else {
                continue;
            };
            let mut findings = check_form(cat, &f.values);
            findings.extend(
                cross
                    .iter()
                    .filter(|x| match x.contest {
                        Some(c) => c == f.contest,
                        None => x.fields.iter().any(|r| r.contest == f.contest),
                    })
                    .cloned(),
            );
            let idx = forms.iter().position(|x| std::ptr::eq(x, *f)).unwrap_or(0);
            if policy.form_passes(&findings) {
                states.push((idx, FormState::Agreed));
            } else {
                states.push((idx, FormState::Unagreed));
                let desa = election
                    .kecamatan
                    .find_tps(tps)
                    .map(|(d, _)| d.name.clone())
                    .unwrap_or_default();
                open_forms.push(OpenForm {
                    tps: (*tps).clone(),
                    desa,
                    contest: f.contest,
                    misread: suggest(cat, &f.values, &Options::default()),
                    findings,
                });
            }
        }
        tps_findings.extend(cross);
    }
    let present: Vec<(TpsCode, Contest)> =
        forms.iter().map(|f| (f.tps.clone(), f.contest)).collect();
    tps_findings.extend(check_expected_tps(
        &election.kecamatan,
        &Contest::ALL,
        &present,
    ));
    lap("periksa aturan dan cari salah baca", &mut timings);

    let state_of = |i: usize| {
        states
            .iter()
            .find(|(j, _)| *j == i)
            .map_or(FormState::Unagreed, |(_, s)| *s)
    };
    let records: Vec<FormRecord<'_>> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| FormRecord {
            tps: &f.tps,
            contest: f.contest,
            values: &f.values,
            state: state_of(i),
        })
        .collect();
    let tables = Contest::ALL
        .iter()
        .filter_map(|c| cats.get(c))
        .map(|cat| recap_kecamatan(cat, &election.kecamatan, &records))
        .collect();
    lap("rekapitulasi TPS → desa → kecamatan", &mut timings);

    let forms_agreed = states
        .iter()
        .filter(|(_, s)| *s == FormState::Agreed)
        .count();
    Ok(DemoReport {
        forms_total: forms.len(),
        forms_agreed,
        election,
        tables,
        open_forms,
        tps_findings,
        timings,
    })
}
