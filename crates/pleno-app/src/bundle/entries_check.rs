//! Rule L1 at the KPU Kab/Kota: each desa figure a bundle reports must equal the sum, over the
//! desa's TPS whose form stands agreed in the bundle's own sign-offs, of the values its entries
//! held when the form was agreed. A bundle whose recap was edited consistently (desa and
//! kecamatan alike, so L2 holds) but not its entries is refused here.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use pleno_core::recap::Totals;
use pleno_core::reference::Election;
use pleno_core::rules::level::{Reported, check_sum};
use pleno_core::{Catalogue, Contest, FieldKey, RuleId};

use super::ContestTotals;
use crate::error::AppResult;

#[derive(Deserialize)]
struct EntryLine {
    id: i64,
    tps: String,
    contest: Contest,
    field: FieldKey,
    value: u32,
}

#[derive(Deserialize)]
struct SignOffLine {
    kind: String,
    tps: Option<String>,
    contest: Option<Contest>,
    last_entry: Option<i64>,
    revoked: Option<serde_json::Value>,
}

type Form = (String, Contest);

pub fn check_l1(
    path: &Path,
    election: &Election,
    recap: &[ContestTotals],
    files: &BTreeMap<String, Vec<u8>>,
) -> AppResult<()> {
    let bad = |what: String| super::import::bad(path, what);
    let read = |name: &str| files.get(name).map_or(&[][..], Vec::as_slice);
    let signoffs: Vec<SignOffLine> = serde_json::from_slice(read("signoffs.json"))
        .map_err(|e| bad(format!("signoffs.json tidak terbaca ({e})")))?;
    // The latest standing agreement of each form, and the last entry it agreed.
    let mut agreed: HashMap<Form, i64> = HashMap::new();
    for s in signoffs {
        if let (true, None, Some(tps), Some(contest), Some(last)) = (
            s.kind == "form_agreed",
            &s.revoked,
            s.tps,
            s.contest,
            s.last_entry,
        ) {
            agreed.insert((tps, contest), last);
        }
    }
    // Each agreed form's values as agreed: per field, its newest entry up to that last one.
    let mut values: HashMap<Form, BTreeMap<FieldKey, (i64, u32)>> = HashMap::new();
    for (n, line) in read("entries.jsonl")
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let e: EntryLine = serde_json::from_slice(line).map_err(|err| {
            bad(format!(
                "entries.jsonl baris {}: tidak terbaca ({err})",
                n + 1
            ))
        })?;
        let form = (e.tps, e.contest);
        let Some(&last) = agreed.get(&form) else {
            continue;
        };
        if e.id > last {
            continue;
        }
        let fields = values.entry(form).or_default();
        if fields.get(&e.field).is_none_or(|(id, _)| *id < e.id) {
            fields.insert(e.field, (e.id, e.value));
        }
    }
    for c in recap {
        let Some(ballot) = election.ballot(c.contest) else {
            continue;
        };
        let cat = Catalogue::new(ballot);
        for (code, name, reported) in &c.desa {
            let Some(desa) = election
                .kecamatan
                .desa
                .iter()
                .find(|d| d.code.as_str() == code)
            else {
                continue;
            };
            let tps: Vec<(String, Totals)> = desa
                .tps
                .iter()
                .filter_map(|t| {
                    let fields = values.get(&(t.code.as_str().to_string(), c.contest))?;
                    let mut totals = Totals::default();
                    for (key, (_, value)) in fields {
                        totals.set(*key, u64::from(*value));
                    }
                    Some((t.code.as_str().to_string(), totals))
                })
                .collect();
            let children: Vec<Reported<'_>> = tps
                .iter()
                .map(|(code, totals)| Reported {
                    code,
                    name: code,
                    totals,
                })
                .collect();
            let parent = Reported {
                code,
                name,
                totals: reported,
            };
            if let Some(f) = check_sum(RuleId::L1, &cat, &parent, &children).first() {
                return Err(bad(format!(
                    "{} — {} (dihitung ulang dari entri formulir yang disepakati di paket ini)",
                    c.contest.form_suffix(),
                    f.text_id
                )));
            }
        }
    }
    Ok(())
}
