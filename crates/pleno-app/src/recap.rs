//! The recap of a workspace: every contest's D.Hasil table and each desa's lampiran, from the
//! current entries and sign-offs in the store. Only agreed forms count (pleno-core decides
//! how; the store says which forms are agreed).

use pleno_core::recap::{FormRecord, RecapTable, recap_desa, recap_kecamatan};
use pleno_core::reference::Election;
use pleno_core::{Catalogue, Contest};
use pleno_store::{FormSnapshot, Store};

/// All tables of one contest.
#[derive(Debug, Clone)]
pub struct ContestRecap {
    pub contest: Contest,
    /// Model D.Hasil Kecamatan: a column per desa.
    pub kecamatan: RecapTable,
    /// Lampiran: per desa, a column per TPS (in the kecamatan's desa order).
    pub lampiran: Vec<RecapTable>,
}

#[derive(Debug, Clone)]
pub struct WorkspaceRecap {
    pub election: Election,
    pub contests: Vec<ContestRecap>,
}

impl WorkspaceRecap {
    pub fn contest(&self, contest: Contest) -> Option<&ContestRecap> {
        self.contests.iter().find(|c| c.contest == contest)
    }
}

/// Builds the recap from snapshots already loaded (one query for the whole workspace).
pub fn recap_from(election: Election, snapshots: &[FormSnapshot]) -> WorkspaceRecap {
    let records: Vec<FormRecord<'_>> = snapshots
        .iter()
        .map(|s| FormRecord {
            tps: &s.tps,
            contest: s.contest,
            values: &s.values,
            state: s.state,
        })
        .collect();
    let contests = Contest::ALL
        .iter()
        .filter_map(|c| election.ballot(*c))
        .map(|ballot| {
            let cat = Catalogue::new(ballot);
            ContestRecap {
                contest: ballot.contest,
                kecamatan: recap_kecamatan(&cat, &election.kecamatan, &records),
                lampiran: election
                    .kecamatan
                    .desa
                    .iter()
                    .map(|d| recap_desa(&cat, d, &records))
                    .collect(),
            }
        })
        .collect();
    WorkspaceRecap { election, contests }
}

/// The recap of everything the workspace holds now.
pub fn workspace_recap(store: &Store) -> Result<WorkspaceRecap, pleno_store::StoreError> {
    let election = store.election()?;
    let snapshots = store.all_current_values()?;
    let mut recap = recap_from(election, &snapshots);
    // A form whose photo is filed to its TPS is in the office even before any figure is
    // entered: waiting for the panel, not missing.
    for page in store.pages(&pleno_store::PageFilter::default())? {
        let (Some(tps), Some(contest)) = (&page.tps, page.contest) else {
            continue;
        };
        for c in recap.contests.iter_mut().filter(|c| c.contest == contest) {
            c.kecamatan.mark_received(tps);
            for l in &mut c.lampiran {
                l.mark_received(tps);
            }
        }
    }
    for (tps, contest, _) in store.absent_forms()? {
        for c in recap.contests.iter_mut().filter(|c| c.contest == contest) {
            c.kecamatan.mark_absent(&tps);
            for l in &mut c.lampiran {
                l.mark_absent(&tps);
            }
        }
    }
    Ok(recap)
}

/// The KPU Kabupaten/Kota recap: one column per imported kecamatan, per contest.
pub fn kabupaten_recap(store: &Store) -> Result<Vec<RecapTable>, pleno_store::StoreError> {
    let election = store.election()?;
    let k = &election.kecamatan;
    let mut out = Vec::new();
    for contest in Contest::ALL {
        let Some(ballot) = election.ballot(contest) else {
            continue;
        };
        let cat = Catalogue::new(ballot);
        let totals = store.kecamatan_totals(contest)?;
        out.push(pleno_core::recap::recap_kabupaten(
            &cat,
            k.kabupaten.as_str(),
            &k.kabupaten_name,
            &totals,
        ));
    }
    Ok(out)
}
