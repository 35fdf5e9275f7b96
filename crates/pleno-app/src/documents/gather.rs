//! What the documents need from the store: the recap, the workspace id and drill flag, and the
//! objections as printed items (with how each was settled, read from the entries made under
//! it).

use pleno_core::reference::Election;
use pleno_print::doc::Incident;
use pleno_store::{Objection, ObjectionKind, ObjectionStatus, Source, Store};

use super::DocumentsError;
use super::naming::date_of;
use crate::recap::{WorkspaceRecap, workspace_recap};

/// Everything the documents are made from, read in one go.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub recap: WorkspaceRecap,
    pub workspace_id: String,
    /// The workstation key's fingerprint, printed so the next level can check a bundle's key.
    pub key_fingerprint: Option<String>,
    /// The audit chain's head after everything above was read: the paper anchors the chain.
    pub audit_head: Option<pleno_store::ChainHead>,
    pub drill: bool,
    pub incidents: Vec<Incident>,
    /// Who raised the items, in order of first appearance: they sign D.Kejadian.
    pub raisers: Vec<String>,
    /// Items still undecided, described for the refusal message.
    pub open: Vec<String>,
}

pub fn gather(store: &Store) -> Result<Inputs, DocumentsError> {
    let settings = store.settings()?;
    let recap = workspace_recap(store)?;
    let objections = store.objections()?;
    let mut incidents = Vec::new();
    let mut open = Vec::new();
    for (i, o) in objections.iter().enumerate() {
        let entries = store.objection_entries(o.id)?;
        let recount = entries.iter().any(|e| e.source == Source::Recount);
        let incident = incident(&recap.election, o, i + 1, entries.len(), recount);
        if o.status == ObjectionStatus::Open {
            open.push(format!(
                "{} nomor {} ({}, {}) belum diputuskan",
                incident.kind, incident.number, incident.place, incident.contest
            ));
        }
        incidents.push(incident);
    }
    let mut raisers: Vec<String> = Vec::new();
    for o in &objections {
        if !raisers.contains(&o.raised_by) {
            raisers.push(o.raised_by.clone());
        }
    }
    Ok(Inputs {
        recap,
        workspace_id: settings.workspace_id,
        key_fingerprint: crate::bundle::WorkstationKey::fingerprint_in(store.dir()),
        audit_head: store.chain_head()?,
        drill: settings.drill,
        incidents,
        raisers,
        open,
    })
}

fn place(e: &Election, o: &Objection) -> String {
    let desa_name = |code: &pleno_core::wilayah::DesaCode| {
        e.kecamatan
            .find_desa(code)
            .map_or_else(|| code.to_string(), |d| d.name.clone())
    };
    match (&o.tps, &o.desa) {
        // On its own line so "TPS" and its number never part at a wrap.
        (Some(t), _) => format!("Desa {}\nTPS {:03}", desa_name(&t.desa()), t.nomor()),
        (None, Some(d)) => format!("Desa {}", desa_name(d)),
        (None, None) => "Seluruh kecamatan".to_string(),
    }
}

/// How an item was settled, in the words of the form: pembetulan, penghitungan suara ulang,
/// ditolak, or the Panwaslu Kecamatan's recommendation; followed by the decision as recorded.
fn resolution(o: &Objection, corrections: usize, recount: bool) -> String {
    let decision = o.resolution.as_deref().unwrap_or("").trim();
    let panwas = decision.to_lowercase().contains("panwas");
    let how = match o.status {
        ObjectionStatus::Open => return "Belum diputuskan.".to_string(),
        ObjectionStatus::Rejected => "Ditolak".to_string(),
        ObjectionStatus::Accepted if recount => "Diterima — penghitungan suara ulang".to_string(),
        ObjectionStatus::Accepted if corrections > 0 => {
            format!("Diterima — pembetulan ({corrections} angka)")
        }
        ObjectionStatus::Accepted => "Diterima".to_string(),
    };
    let how = if panwas {
        format!("{how}, sesuai rekomendasi Panwaslu Kecamatan")
    } else {
        how
    };
    let by = o
        .resolved_by
        .as_deref()
        .map(|b| format!(" (diputuskan oleh {b})"))
        .unwrap_or_default();
    if decision.is_empty() {
        format!("{how}{by}.")
    } else {
        format!("{how}: {decision}{by}")
    }
}

fn incident(
    e: &Election,
    o: &Objection,
    number: usize,
    corrections: usize,
    recount: bool,
) -> Incident {
    let mut text = o.text.trim().to_string();
    if let Some(c) = o.contest
        && !o.fields.is_empty()
        && let Some(ballot) = e.ballot(c)
    {
        let cat = pleno_core::Catalogue::new(ballot);
        let codes: Vec<String> = o
            .fields
            .iter()
            .filter_map(|k| cat.get(*k).map(|f| f.code.clone()))
            .collect();
        if !codes.is_empty() {
            text = format!("{text} (isian: {})", codes.join(", "));
        }
    }
    Incident {
        number,
        kind: match o.kind {
            ObjectionKind::Keberatan => "Keberatan".to_string(),
            ObjectionKind::KejadianKhusus => "Kejadian khusus".to_string(),
        },
        place: place(e, o),
        contest: o.contest.map_or_else(
            || "Semua jenis pemilihan".to_string(),
            |c| c.form_suffix().to_string(),
        ),
        raised_by: o.raised_by.clone(),
        text,
        resolution: resolution(o, corrections, recount),
        status: match o.status {
            ObjectionStatus::Open => "Belum diputuskan",
            ObjectionStatus::Accepted => "Diterima",
            ObjectionStatus::Rejected => "Ditolak",
        }
        .to_string(),
        at: date_of(&o.at),
    }
}
