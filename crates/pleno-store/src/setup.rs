//! What a workspace is created with, its validation, and the master data tables
//! (wilayah, desa, TPS with DPT, ballots, PPK members, saksi) written from it and read back as
//! a pleno-core `Election`.

use std::collections::BTreeSet;
use std::path::Path;

use pleno_core::reference::{Desa, Election, Kecamatan, Member, Saksi, Tps};
use pleno_core::wilayah::{DesaCode, KabupatenCode, KecamatanCode, ProvinsiCode, TpsCode};
use pleno_core::{Ballot, Catalogue, Contest, Dapil};
use rusqlite::Connection;
use serde_json::Value;

use crate::audit::Tx;
use crate::clock;
use crate::error::{Result, SqlContext, StoreError};
use crate::rows::Table;
use crate::types::{Actor, WorkspaceLevel};

/// Panels a PPK may form without KPU Kab/Kota approval (docs/domain.md §1.5).
pub const DEFAULT_MAX_PANELS: u8 = 4;

/// Everything needed to create a workspace.
#[derive(Debug, Clone)]
pub struct Setup {
    pub election: Election,
    pub level: WorkspaceLevel,
    /// Uji coba (drill): a rehearsal workspace; printed documents say so.
    pub drill: bool,
    /// Random identifier of this workspace, carried into exports and bundles.
    pub workspace_id: String,
    /// Who created it.
    pub actor: Actor,
    pub max_panels: u8,
    /// Thresholds of the app layer (confidence cut-offs …) as JSON; the store only keeps them.
    pub thresholds: Value,
}

impl Setup {
    /// A kecamatan workspace with a fresh random id, no drill, 4 panels, empty thresholds.
    pub fn new(election: Election, actor: Actor) -> Result<Setup> {
        Ok(Setup {
            election,
            level: WorkspaceLevel::Kecamatan,
            drill: false,
            workspace_id: new_workspace_id()?,
            actor,
            max_panels: DEFAULT_MAX_PANELS,
            thresholds: Value::Object(serde_json::Map::new()),
        })
    }
}

/// 16 random hex digits from the operating system's generator.
pub fn new_workspace_id() -> Result<String> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Io {
        action: "mengambil angka acak untuk",
        path: "id ruang kerja".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(crate::rows::hex(&bytes))
}

fn invalid(detail: impl Into<String>) -> StoreError {
    StoreError::InvalidSetup {
        detail: detail.into(),
    }
}

/// Checks the setup before anything is written.
pub fn validate(setup: &Setup) -> Result<()> {
    setup.actor.check()?;
    let id = &setup.workspace_id;
    if !(8..=64).contains(&id.len()) || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(invalid(format!(
            "id ruang kerja '{id}' harus 8–64 huruf/angka"
        )));
    }
    if !(1..=99).contains(&setup.max_panels) {
        return Err(invalid(format!(
            "batas panel {} harus 1–99",
            setup.max_panels
        )));
    }
    let e = &setup.election;
    let k = &e.kecamatan;
    if k.kabupaten.provinsi() != k.provinsi || k.code.kabupaten() != k.kabupaten {
        return Err(invalid(format!(
            "kode kecamatan {} tidak berada di bawah kabupaten {} / provinsi {}",
            k.code, k.kabupaten, k.provinsi
        )));
    }
    let mut desa_seen = BTreeSet::new();
    let mut tps_seen = BTreeSet::new();
    for d in &k.desa {
        if d.code.kecamatan() != k.code {
            return Err(invalid(format!(
                "desa {} ({}) tidak berada di kecamatan {}",
                d.code, d.name, k.code
            )));
        }
        if d.name.trim().is_empty() {
            return Err(invalid(format!("desa {} tidak bernama", d.code)));
        }
        if !desa_seen.insert(d.code.clone()) {
            return Err(invalid(format!("desa {} tercantum dua kali", d.code)));
        }
        for t in &d.tps {
            if t.code.desa() != d.code {
                return Err(invalid(format!(
                    "TPS {} tidak berada di desa {}",
                    t.code, d.code
                )));
            }
            if !tps_seen.insert(t.code.clone()) {
                return Err(invalid(format!("TPS {} tercantum dua kali", t.code)));
            }
        }
    }
    if setup.level == WorkspaceLevel::Kecamatan && tps_seen.is_empty() {
        return Err(invalid("kecamatan tidak memuat satu TPS pun"));
    }
    let mut contests = BTreeSet::new();
    for b in &e.ballots {
        b.validate().map_err(|err| invalid(err.to_string()))?;
        if !contests.insert(b.contest) {
            return Err(invalid(format!(
                "surat suara {} tercantum dua kali",
                b.contest
            )));
        }
    }
    if contests.is_empty() {
        return Err(invalid("tidak ada surat suara (jenis pemilihan)"));
    }
    for m in &e.members {
        if m.name.trim().is_empty() {
            return Err(invalid("ada anggota PPK tanpa nama"));
        }
    }
    for s in &e.saksi {
        let Some(ballot) = e.ballot(s.contest) else {
            return Err(invalid(format!(
                "saksi {} untuk {} yang tidak ada surat suaranya",
                s.name, s.contest
            )));
        };
        if !ballot
            .participants()
            .iter()
            .any(|(n, _)| *n == s.participant)
        {
            return Err(invalid(format!(
                "saksi {} mewakili nomor urut {} yang tidak ada di surat suara {}",
                s.name, s.participant, s.contest
            )));
        }
        if s.name.trim().is_empty() {
            return Err(invalid("ada saksi tanpa nama"));
        }
    }
    Ok(())
}

/// Writes the setup into a fresh schema (inside the creating transaction).
pub fn insert(tx: &mut Tx<'_>, setup: &Setup) -> Result<()> {
    let path = tx.path;
    let e = &setup.election;
    let k = &e.kecamatan;
    let now = clock::now();
    tx.sql
        .execute(
            "INSERT INTO settings (id, workspace_id, level, drill, max_panels, thresholds, created_at, created_by) \
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (
                &setup.workspace_id,
                setup.level,
                setup.drill,
                setup.max_panels,
                setup.thresholds.to_string(),
                &now,
                &setup.actor.name,
            ),
        )
        .db(path)?;
    tx.record(Table::Settings, 1);
    tx.sql
        .execute(
            "INSERT INTO wilayah VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
            (
                k.provinsi.as_str(),
                &k.provinsi_name,
                k.kabupaten.as_str(),
                &k.kabupaten_name,
                k.code.as_str(),
                &k.name,
            ),
        )
        .db(path)?;
    tx.record(Table::Wilayah, 1);
    let mut tps_ord = 0i64;
    for (i, d) in k.desa.iter().enumerate() {
        tx.sql
            .execute(
                "INSERT INTO desa (code, name, ord) VALUES (?1, ?2, ?3)",
                (d.code.as_str(), &d.name, i as i64),
            )
            .db(path)?;
        tx.record(Table::Desa, d.code.as_str());
        for t in &d.tps {
            tps_ord += 1;
            tx.sql
                .execute(
                    "INSERT INTO tps (code, desa, dpt_l, dpt_p, ord) VALUES (?1, ?2, ?3, ?4, ?5)",
                    (t.code.as_str(), d.code.as_str(), t.dpt_l, t.dpt_p, tps_ord),
                )
                .db(path)?;
            tx.record(Table::Tps, t.code.as_str());
        }
    }
    for (i, b) in e.ballots.iter().enumerate() {
        let items = serde_json::to_string(&b.items).map_err(|err| invalid(err.to_string()))?;
        tx.sql
            .execute(
                "INSERT INTO ballot (contest, ord, dapil_code, dapil_name, items) VALUES (?1, ?2, ?3, ?4, ?5)",
                (
                    b.contest.slug(),
                    i as i64,
                    b.dapil.as_ref().map(|d| d.code.as_str()),
                    b.dapil.as_ref().map(|d| d.name.as_str()),
                    items,
                ),
            )
            .db(path)?;
        tx.record(Table::Ballot, b.contest.slug());
        let cat = Catalogue::new(b);
        // Ids follow FieldKey order (ord keeps paper order): the packed current values are then
        // already sorted for FormValues, which keeps loading a whole kecamatan fast.
        let mut by_key: Vec<(usize, &pleno_core::FieldDef)> =
            cat.fields.iter().enumerate().collect();
        by_key.sort_by_key(|(_, f)| f.key);
        for (ord, f) in by_key {
            tx.sql
                .execute(
                    "INSERT INTO field (contest, name, ord) VALUES (?1, ?2, ?3)",
                    (b.contest.slug(), f.key.to_string(), ord as i64),
                )
                .db(path)?;
            tx.record(Table::Field, tx.sql.last_insert_rowid());
        }
    }
    for m in &e.members {
        tx.sql
            .execute(
                "INSERT INTO member (name, role) VALUES (?1, ?2)",
                (&m.name, &m.role),
            )
            .db(path)?;
        tx.record(Table::Member, tx.sql.last_insert_rowid());
    }
    for s in &e.saksi {
        tx.sql
            .execute(
                "INSERT INTO saksi (contest, participant, name) VALUES (?1, ?2, ?3)",
                (s.contest.slug(), s.participant, &s.name),
            )
            .db(path)?;
        tx.record(Table::Saksi, tx.sql.last_insert_rowid());
    }
    Ok(())
}

fn corrupt(path: &Path, what: &str, value: &str) -> StoreError {
    StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("{what} tersimpan '{value}' tidak sah"),
    }
}

fn contest(path: &Path, s: &str) -> Result<Contest> {
    s.parse().map_err(|_| corrupt(path, "jenis pemilihan", s))
}

/// Rebuilds the pleno-core `Election` the workspace was created with.
pub fn election(conn: &Connection, path: &Path) -> Result<Election> {
    let (prov, prov_name, kab, kab_name, kec, kec_name): (String, String, String, String, String, String) = conn
        .query_row(
            "SELECT provinsi, provinsi_name, kabupaten, kabupaten_name, kecamatan, kecamatan_name FROM wilayah",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .db(path)?;
    let mut desa: Vec<Desa> = Vec::new();
    let mut stmt = conn
        .prepare("SELECT code, name FROM desa ORDER BY ord")
        .db(path)?;
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .db(path)?
        .collect::<rusqlite::Result<_>>()
        .db(path)?;
    for (code, name) in rows {
        desa.push(Desa {
            code: DesaCode::parse(&code).map_err(|_| corrupt(path, "kode desa", &code))?,
            name,
            tps: Vec::new(),
        });
    }
    let mut stmt = conn
        .prepare("SELECT code, desa, dpt_l, dpt_p FROM tps ORDER BY ord")
        .db(path)?;
    let rows: Vec<(String, String, u32, u32)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .db(path)?
        .collect::<rusqlite::Result<_>>()
        .db(path)?;
    for (code, desa_code, dpt_l, dpt_p) in rows {
        let code = TpsCode::parse(&code).map_err(|_| corrupt(path, "kode TPS", &code))?;
        if let Some(d) = desa.iter_mut().find(|d| d.code.as_str() == desa_code) {
            d.tps.push(Tps { code, dpt_l, dpt_p });
        }
    }
    let mut stmt = conn
        .prepare("SELECT contest, dapil_code, dapil_name, items FROM ballot ORDER BY ord")
        .db(path)?;
    let rows: Vec<(String, Option<String>, Option<String>, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .db(path)?
        .collect::<rusqlite::Result<_>>()
        .db(path)?;
    let mut ballots = Vec::new();
    for (c, dapil_code, dapil_name, items) in rows {
        ballots.push(Ballot {
            contest: contest(path, &c)?,
            dapil: dapil_code
                .zip(dapil_name)
                .map(|(code, name)| Dapil { code, name }),
            items: serde_json::from_str(&items)
                .map_err(|_| corrupt(path, "isi surat suara", &c))?,
        });
    }
    let mut stmt = conn
        .prepare("SELECT name, role FROM member ORDER BY id")
        .db(path)?;
    let members: Vec<Member> = stmt
        .query_map([], |r| {
            Ok(Member {
                name: r.get(0)?,
                role: r.get(1)?,
            })
        })
        .db(path)?
        .collect::<rusqlite::Result<_>>()
        .db(path)?;
    let mut stmt = conn
        .prepare("SELECT contest, participant, name FROM saksi ORDER BY id")
        .db(path)?;
    let rows: Vec<(String, u8, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .db(path)?
        .collect::<rusqlite::Result<_>>()
        .db(path)?;
    let mut saksi = Vec::new();
    for (c, participant, name) in rows {
        saksi.push(Saksi {
            contest: contest(path, &c)?,
            participant,
            name,
        });
    }
    Ok(Election {
        kecamatan: Kecamatan {
            provinsi: ProvinsiCode::parse(&prov)
                .map_err(|_| corrupt(path, "kode provinsi", &prov))?,
            provinsi_name: prov_name,
            kabupaten: KabupatenCode::parse(&kab)
                .map_err(|_| corrupt(path, "kode kabupaten", &kab))?,
            kabupaten_name: kab_name,
            code: KecamatanCode::parse(&kec).map_err(|_| corrupt(path, "kode kecamatan", &kec))?,
            name: kec_name,
            desa,
        },
        ballots,
        members,
        saksi,
    })
}
