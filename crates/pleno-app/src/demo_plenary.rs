//! The demo's plenary at work on one desa: its photographed forms read aloud against the paper
//! (here the figures the photographs were made from), every figure the machine got wrong or
//! could not read corrected with its reason, and each form agreed through the same use cases
//! as a panel in the desktop app. The agreements label the forms' box crops, so the demo
//! workspace holds a dataset for `pleno crops export`.

use std::collections::BTreeMap;
use std::path::Path;

use pleno_core::Contest;
use pleno_core::reference::Election;
use pleno_core::wilayah::TpsCode;

use crate::error::{AppResult, ErrorCode};
use crate::forms::FormStatus;
use crate::import::load_figures;
use crate::workspace::{Who, Workspace};

/// What the demo's panel did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPlenary {
    pub desa: String,
    pub forms_agreed: usize,
    /// Forms the paper itself leaves in breach of a rule: they wait for a recount or an
    /// objection, as in a real plenary.
    pub forms_left: usize,
    pub fields_corrected: usize,
    pub labelled_boxes: usize,
}

const REASON: &str = "dibacakan dalam pleno, sesuai kertas C.Hasil";

/// Agrees the photographed forms of the desa with the most of them (the first such desa).
pub(crate) fn agree_one_desa(
    ws: &Workspace,
    hasil: &Path,
    election: &Election,
    photographed: &[(TpsCode, Contest)],
) -> AppResult<Option<DemoPlenary>> {
    let mut per_desa: BTreeMap<String, usize> = BTreeMap::new();
    for (t, _) in photographed {
        *per_desa.entry(t.desa().to_string()).or_default() += 1;
    }
    let Some(desa) = per_desa
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(d, _)| d.clone())
    else {
        return Ok(None);
    };
    let truth = load_figures(hasil, election)?;
    let panel = Who::new("Panel 1 (demo)");
    let mut done = DemoPlenary {
        desa: election
            .kecamatan
            .desa
            .iter()
            .find(|d| d.code.to_string() == desa)
            .map_or_else(|| desa.clone(), |d| d.name.clone()),
        forms_agreed: 0,
        forms_left: 0,
        fields_corrected: 0,
        labelled_boxes: 0,
    };
    let before = ws.crop_stats()?.boxes;
    for (tps, contest) in photographed
        .iter()
        .filter(|(t, _)| t.desa().to_string() == desa)
    {
        let view = ws.form(tps, *contest)?;
        if view.status == FormStatus::Agreed {
            continue;
        }
        let Some(paper) = truth
            .iter()
            .find(|f| &f.tps == tps && f.contest == *contest)
        else {
            continue;
        };
        for f in &view.fields {
            let right = paper.values.get(f.def.key).unwrap_or(0);
            if f.value != Some(right) {
                ws.correct_field(&panel, tps, *contest, f.def.key, right, REASON, None)?;
                done.fields_corrected += 1;
            }
        }
        match ws.confirm_form(&panel, tps, *contest, true, None) {
            Ok(_) => done.forms_agreed += 1,
            Err(e) if e.code == ErrorCode::FormHasErrors => done.forms_left += 1,
            Err(e) => return Err(e),
        }
    }
    done.labelled_boxes = ws.crop_stats()?.boxes - before;
    Ok(Some(done))
}
