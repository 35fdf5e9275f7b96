//! The KPU Kabupaten/Kota's document: Model D.HASIL KABUPATEN/KOTA per contest, a column per
//! kecamatan with the totals its PPK's bundle carried, then JUMLAH. A kabupaten workspace holds
//! no forms, so there is no lampiran per TPS and no D.Kejadian of a PPK to print.

use pleno_core::Contest;
use pleno_print::doc::{self, DocLevel, DocSetup};
use pleno_store::{Store, StoreError};

use super::naming::{date_of, time_of};
use super::render::Rendered;
use super::{DocKind, DocumentsError, PrintOptions};
use crate::recap::kabupaten_recap;

fn file_name(contest: Contest, provisional: bool, drill: bool) -> String {
    format!(
        "d-hasil-kabupaten-{}{}{}.pdf",
        contest.slug(),
        if provisional { "-SEMENTARA" } else { "" },
        if drill { "-UJICOBA" } else { "" }
    )
}

/// D.Hasil Kabupaten/Kota for each contest `opts` asks for. Refuses while a kecamatan's bundle
/// holds TPS not yet agreed at its PPK (unless provisional), and when no bundle was received.
pub fn render_kabupaten(
    store: &Store,
    opts: &PrintOptions,
) -> Result<Vec<Rendered>, DocumentsError> {
    if !opts.docs.contains(&DocKind::DHasil) {
        return Err(DocumentsError::Store(StoreError::WrongLevel {
            operation: "mencetak lampiran per TPS atau D.Kejadian PPK (KPU Kabupaten/Kota mencetak D.Hasil Kabupaten/Kota dari paket PPK)",
            needed: "kecamatan",
            actual: "kabupaten",
        }));
    }
    let settings = store.settings()?;
    let election = store.election()?;
    let k = &election.kecamatan;
    let tables: Vec<_> = kabupaten_recap(store)?
        .into_iter()
        .filter(|t| opts.contest.is_none_or(|c| c == t.contest))
        .filter(|t| !t.columns.is_empty())
        .collect();
    if tables.is_empty() {
        return Err(DocumentsError::Incomplete {
            missing: vec![match opts.contest {
                Some(c) => format!("{}: belum ada paket PPK yang diterima", c.form_suffix()),
                None => "belum ada paket PPK yang diterima".to_string(),
            }],
        });
    }
    // Kecamatan on the KPU's own list whose bundle has not arrived.
    let received: Vec<&str> = tables
        .iter()
        .flat_map(|t| t.columns.iter().map(|c| c.code.as_str()))
        .collect();
    let not_received: Vec<String> = crate::bundle::stored_reference(store)
        .map_err(|e| {
            DocumentsError::Store(StoreError::Corrupt {
                path: store.dir().to_path_buf(),
                detail: e.message,
            })
        })?
        .map(|r| {
            r.kecamatan
                .into_iter()
                .filter(|k| !received.contains(&k.code.as_str()))
                .map(|k| {
                    format!(
                        "Kecamatan {} ({}): paket PPK belum diterima",
                        k.name, k.code
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut missing: Vec<String> = not_received.clone();
    missing.extend(tables.iter().flat_map(|t| {
        t.columns
            .iter()
            .filter(|c| !c.completeness.is_complete())
            .map(move |c| {
                format!(
                    "{}: Kecamatan {}: {} dari {} TPS disepakati di PPK",
                    t.contest.form_suffix(),
                    c.name,
                    c.completeness.agreed,
                    c.completeness.expected
                )
            })
    }));
    if !missing.is_empty() && !opts.provisional {
        return Err(DocumentsError::Incomplete { missing });
    }
    let now = opts.printed_at.clone().unwrap_or_else(pleno_store::now);
    let drill = settings.drill;
    let mut out = Vec::new();
    for t in &tables {
        let Some(ballot) = election.ballot(t.contest) else {
            continue;
        };
        let provisional =
            !not_received.is_empty() || t.columns.iter().any(|c| !c.completeness.is_complete());
        let setup = DocSetup {
            level: DocLevel::Kabupaten,
            paper: opts.paper,
            provinsi: format!("{} ({})", k.provinsi_name, k.provinsi.dotted()),
            kabupaten: format!("{} ({})", k.kabupaten_name, k.kabupaten.dotted()),
            kecamatan: String::new(),
            kecamatan_name: k.kabupaten_name.clone(),
            tempat: opts
                .tempat
                .clone()
                .unwrap_or_else(|| k.kabupaten_name.clone()),
            tanggal: opts.tanggal.clone().unwrap_or_else(|| date_of(&now)),
            workspace_id: settings.workspace_id.clone(),
            key_fingerprint: crate::bundle::WorkstationKey::fingerprint_in(store.dir()),
            audit_head: store
                .chain_head()?
                .as_ref()
                .map(pleno_store::ChainHead::short),
            printed_at: time_of(&now),
            drill,
            provisional,
            // The KPU members sign by hand: the workspace knows the PPK's, not theirs.
            ppk: opts.ppk.clone().unwrap_or_default(),
        };
        out.push(Rendered {
            kind: DocKind::DHasil,
            contest: Some(t.contest),
            file_name: file_name(t.contest, provisional, drill),
            // The saksi at this level are mandated anew: their names are written by hand.
            pdf: doc::d_hasil(&setup, t, ballot, &[])?,
            drill,
            provisional,
        });
    }
    Ok(out)
}
