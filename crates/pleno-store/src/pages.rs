//! Original files (blobs) and the pages found in them: which TPS, contest and page each one
//! is, or why it could not be identified or was rejected.

use std::path::Path;

use pleno_core::Contest;
use pleno_core::catalogue::PageCode;
use pleno_core::wilayah::TpsCode;
use rusqlite::{Connection, Row};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::blob::{BlobHash, BlobInfo, PutBlob};
use crate::clock;
use crate::codes;
use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::fields::Fields;
use crate::panels::{not_found, reason_text, require_tps};
use crate::rows::Table;
use crate::store::Store;
use crate::types::{Actor, PageId, PageStatus};

/// Which form page this is, when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageIdentity {
    pub tps: TpsCode,
    pub contest: Contest,
    pub page_code: PageCode,
}

/// What the reader made of a page being filed.
#[derive(Debug, Clone, Copy)]
pub enum Filing<'a> {
    /// Nothing read (a page filed by hand, or unidentified with its reason in the page).
    Plain,
    /// Refused by the reader: its code (`too_dark`, what the UI translates) and the message
    /// that says what to do.
    Rejected { code: &'a str, message: &'a str },
    /// Read: the readings are stored with the page when it is identified.
    Read {
        model_version: &'a str,
        readings: &'a [crate::readings::NewReading],
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPage {
    pub blob: BlobHash,
    /// Where the file came from (as imported), for people to find the original.
    pub source_path: String,
    /// `Some` for an identified page; `None` with a reason for an unidentified one.
    pub identity: Option<PageIdentity>,
    /// Required when the page is not identified ("tag tidak terbaca", "sudut 3 tidak ditemukan").
    pub reason: Option<String>,
    /// Where the form lies on the photo, when the reader found it (see [`Page::geometry`]).
    pub geometry: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Page {
    pub id: PageId,
    pub blob: BlobHash,
    pub source_path: String,
    pub tps: Option<TpsCode>,
    pub contest: Option<Contest>,
    pub page_code: Option<PageCode>,
    pub status: PageStatus,
    /// Why the page is not identified: the reader's message or what a person wrote.
    pub reason: Option<String>,
    /// The reader's refusal code, for a page it refused (`None` for a person's reason).
    pub reason_code: Option<String>,
    pub added_at: String,
    /// Where the form lies on the photo, for highlighting field boxes and dragging corners:
    /// `{"width": px, "height": px, "orientation": 0|90|180|270, "corners": [[x, y] × 4],
    /// "manual": bool}` (`manual`: a clerk placed the corners).
    pub geometry: Option<Value>,
}

/// Which pages to list; `None` fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct PageFilter {
    pub status: Option<PageStatus>,
    pub tps: Option<TpsCode>,
    pub contest: Option<Contest>,
}

pub(crate) const PAGE_COLUMNS: &str = "id, blob, source_path, tps, contest, page_code, status, reason, added_at, geometry, reason_code";

pub(crate) fn page_from_row(path: &Path, r: &Row<'_>) -> Result<Page> {
    let blob: String = r.get(1).db(path)?;
    let tps: Option<String> = r.get(3).db(path)?;
    let contest: Option<String> = r.get(4).db(path)?;
    let geometry: Option<String> = r.get(9).db(path)?;
    Ok(Page {
        id: r.get(0).db(path)?,
        blob: BlobHash::parse(&blob)?,
        source_path: r.get(2).db(path)?,
        tps: codes::opt(path, tps.as_deref(), codes::tps)?,
        contest: codes::opt(path, contest.as_deref(), codes::contest)?,
        page_code: r.get::<_, Option<u16>>(5).db(path)?.map(codes::page_code),
        status: r.get(6).db(path)?,
        reason: r.get(7).db(path)?,
        reason_code: r.get(10).db(path)?,
        added_at: r.get(8).db(path)?,
        geometry: geometry
            .map(|g| serde_json::from_str(&g))
            .transpose()
            .map_err(|e| StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("letak halaman tersimpan tidak terbaca: {e}"),
            })?,
    })
}

/// Checks a page geometry: `{"width", "height", "orientation", "corners", "manual"}`, and
/// optionally `tag`, `partial`, `framing`, `identity`, nothing else; the text stored is its
/// canonical JSON.
fn check_geometry(target: impl std::fmt::Display, g: &Value) -> Result<String> {
    let bad = |why: &str| StoreError::InvalidGeometry {
        target: target.to_string(),
        why: why.to_string(),
    };
    let Some(obj) = g.as_object() else {
        return Err(bad("harus berupa objek JSON"));
    };
    if let Some(k) = obj.keys().find(|k| {
        !matches!(
            k.as_str(),
            "width"
                | "height"
                | "orientation"
                | "corners"
                | "manual"
                | "tag"
                | "partial"
                | "framing"
                | "identity"
        )
    }) {
        return Err(bad(&format!("kunci '{k}' tidak dikenal")));
    }
    for dim in ["width", "height"] {
        if !obj
            .get(dim)
            .and_then(Value::as_u64)
            .is_some_and(|v| (1..=100_000).contains(&v))
        {
            return Err(bad(&format!("{dim} harus bilangan bulat piksel 1–100000")));
        }
    }
    if !obj
        .get("orientation")
        .and_then(Value::as_u64)
        .is_some_and(|o| matches!(o, 0 | 90 | 180 | 270))
    {
        return Err(bad("orientation harus 0, 90, 180 atau 270"));
    }
    let corners = obj.get("corners").and_then(Value::as_array);
    let ok = corners.is_some_and(|c| {
        c.len() == 4
            && c.iter().all(|p| {
                p.as_array()
                    .is_some_and(|xy| xy.len() == 2 && xy.iter().all(Value::is_number))
            })
    });
    if !ok {
        return Err(bad("corners harus empat pasang [x, y] berupa angka"));
    }
    if !obj.get("manual").is_some_and(Value::is_boolean) {
        return Err(bad("manual harus true atau false"));
    }
    // The AprilTag id read from the page: kept even when the TPS is not yet known, so that
    // assigning the page later needs no second guess at which page it is.
    if obj
        .get("tag")
        .is_some_and(|t| !t.as_u64().is_some_and(|t| (1..=9999).contains(&t)))
    {
        return Err(bad("tag harus bilangan bulat 1–9999"));
    }
    // Half a sheet: the photo shows only part of the page (the other half holds the rest).
    if obj.get("partial").is_some_and(|p| !p.is_boolean()) {
        return Err(bad("partial harus true atau false"));
    }
    // How the reader placed the page: by its four marks, or otherwise (pleno-reader Framing).
    if obj.get("framing").is_some_and(|f| {
        !matches!(
            f.as_str(),
            Some("marks" | "manual" | "three_marks" | "tag" | "two_marks" | "rulings")
        ) && !f.is_null()
    }) {
        return Err(bad(
            "framing harus marks, manual, three_marks, tag, two_marks atau rulings",
        ));
    }
    // How the page's code was known (pleno-reader Identity): its tag, its printed boxes (a
    // sheet without a tag), a QR code it prints, or the page named to the reader (the clerk,
    // the other half).
    if obj.get("identity").is_some_and(|f| {
        !matches!(f.as_str(), Some("tag" | "structure" | "qr" | "named")) && !f.is_null()
    }) {
        return Err(bad("identity harus tag, structure, qr atau named"));
    }
    Ok(g.to_string())
}

pub(crate) fn load_page(conn: &Connection, path: &Path, id: PageId) -> Result<Page> {
    let mut stmt = conn
        .prepare_cached(&format!("SELECT {PAGE_COLUMNS} FROM page WHERE id = ?1"))
        .db(path)?;
    let mut rows = stmt.query([id]).db(path)?;
    match rows.next().db(path)? {
        Some(r) => page_from_row(path, r),
        None => Err(not_found("halaman", id)),
    }
}

fn check_identity(
    conn: &Connection,
    path: &Path,
    fields: &Fields,
    id: &PageIdentity,
) -> Result<()> {
    require_tps(conn, path, &id.tps)?;
    let cat = fields.catalogue(id.contest)?;
    if id.page_code.contest() != Some(id.contest) || !cat.pages().contains(&id.page_code) {
        return Err(StoreError::PageCodeNotOnForm {
            page_code: id.page_code.0,
            contest: id.contest.to_string(),
        });
    }
    Ok(())
}

impl Store {
    /// Stores the original bytes of a photo or scan. The same bytes twice are stored once:
    /// the second call writes nothing, logs nothing, and says `already_stored`. A blob whose
    /// row exists but whose file went missing is written again (repair by re-import).
    pub fn put_blob(&mut self, actor: &Actor, bytes: &[u8]) -> Result<PutBlob> {
        actor.check()?;
        if self.ctx.mode == crate::types::Mode::ReadOnly {
            return Err(StoreError::ReadOnly {
                path: self.ctx.dir.clone(),
            });
        }
        let hash = BlobHash::of(bytes);
        let size = bytes.len() as u64;
        let known: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM blob WHERE hash = ?1)",
                [hash.as_str()],
                |r| r.get(0),
            )
            .db(&self.ctx.db_path)?;
        let intact = self.ctx.blobs.is_intact(&hash);
        if !intact {
            self.ctx.blobs.write(&hash, bytes)?;
        }
        if known {
            return Ok(PutBlob {
                hash,
                size,
                already_stored: true,
            });
        }
        let (mut tx, _) = self.begin()?;
        tx.sql
            .execute(
                "INSERT INTO blob (hash, size, stored_at) VALUES (?1, ?2, ?3)",
                (hash.as_str(), size as i64, clock::now()),
            )
            .db(tx.path)?;
        tx.record(Table::Blob, hash.as_str());
        let detail = serde_json::json!({ "hash": hash.as_str(), "size": size });
        tx.commit(actor, EventKind::BlobStored, detail)?;
        Ok(PutBlob {
            hash,
            size,
            already_stored: false,
        })
    }

    /// The original bytes of a blob, checked against its hash.
    pub fn read_blob(&self, hash: &BlobHash) -> Result<Vec<u8>> {
        self.ctx.blobs.read(hash)
    }

    /// Where a blob's file lives (for the image viewer).
    pub fn blob_path(&self, hash: &BlobHash) -> std::path::PathBuf {
        self.ctx.blobs.path(hash)
    }

    pub fn blobs(&self) -> Result<Vec<BlobInfo>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare("SELECT hash, size, stored_at FROM blob ORDER BY hash")
            .db(path)?;
        let rows: Vec<(String, i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)?;
        rows.into_iter()
            .map(|(hash, size, stored_at)| {
                let hash = BlobHash::parse(&hash)?;
                Ok(BlobInfo {
                    path: self.ctx.blobs.path(&hash),
                    hash,
                    size: size as u64,
                    stored_at,
                })
            })
            .collect()
    }

    pub fn add_page(&mut self, actor: &Actor, page: &NewPage) -> Result<PageId> {
        self.file_page(actor, page, &Filing::Plain)
    }

    /// Files a page and what its reading found in one transaction and one event, so a crash
    /// leaves either the page with every reading or no page at all (and the photo is read
    /// again on the next import). The blob is stored before, on its own.
    pub fn file_page(
        &mut self,
        actor: &Actor,
        page: &NewPage,
        filing: &Filing<'_>,
    ) -> Result<PageId> {
        actor.check()?;
        let reason = page
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let mut code = None;
        let (status, reason) = match filing {
            Filing::Rejected { code: c, message } => {
                let c = c.trim();
                if c.is_empty()
                    || !c
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                {
                    return Err(StoreError::InvalidSetup {
                        detail: format!(
                            "kode penolakan halaman '{c}' tidak sah (huruf kecil, angka, _)"
                        ),
                    });
                }
                code = Some(c);
                (
                    PageStatus::Rejected,
                    Some(reason_text(message, "status halaman")?),
                )
            }
            _ if page.identity.is_some() => (PageStatus::Identified, reason.map(str::to_string)),
            _ => match reason {
                Some(r) => (PageStatus::Unidentified, Some(r.to_string())),
                None => {
                    return Err(StoreError::EmptyReason {
                        what: "halaman yang tidak dikenali",
                    });
                }
            },
        };
        let (mut tx, ctx) = self.begin()?;
        let path = tx.path;
        let known: bool = tx
            .sql
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM blob WHERE hash = ?1)",
                [page.blob.as_str()],
                |r| r.get(0),
            )
            .db(path)?;
        if !known {
            return Err(not_found("berkas asli", &page.blob));
        }
        if let Some(id) = &page.identity {
            check_identity(&tx.sql, path, &ctx.fields, id)?;
        }
        let geometry = page
            .geometry
            .as_ref()
            .map(|g| check_geometry(&page.source_path, g))
            .transpose()?;
        let id = page.identity.as_ref();
        tx.sql
            .execute(
                "INSERT INTO page (blob, source_path, tps, contest, page_code, status, reason, added_at, geometry, reason_code) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                (
                    page.blob.as_str(),
                    &page.source_path,
                    id.map(|i| i.tps.as_str()),
                    id.map(|i| i.contest.slug()),
                    id.map(|i| i.page_code.0),
                    status,
                    reason,
                    clock::now(),
                    geometry,
                    code,
                ),
            )
            .db(path)?;
        let page_id = tx.sql.last_insert_rowid();
        tx.record(Table::Page, page_id);
        let mut detail = serde_json::json!({
            "page": page_id,
            "blob": page.blob.as_str(),
            "status": status,
            "tps": id.map(|i| i.tps.as_str()),
            "contest": id.map(|i| i.contest.slug()),
            "page_code": id.map(|i| i.page_code.0),
            "geometry": page.geometry.is_some(),
            "reason_code": code,
        });
        if let (
            Filing::Read {
                model_version,
                readings,
            },
            Some(identity),
        ) = (filing, id)
            && !readings.is_empty()
        {
            let (_, statuses) = crate::readings::insert_readings(
                &mut tx,
                &ctx.fields,
                PageId(page_id),
                identity.contest,
                model_version,
                readings,
            )?;
            detail["readings"] = serde_json::json!({
                "model_version": model_version,
                "count": readings.len(),
                "statuses": statuses,
            });
        }
        tx.commit(actor, EventKind::PageAdded, detail)?;
        Ok(PageId(page_id))
    }

    /// Sets where the form lies on the photo (the reader's finding corrected, or a clerk's
    /// four corners): one event with the previous geometry and the reason, if any.
    pub fn set_page_geometry(
        &mut self,
        actor: &Actor,
        page: PageId,
        geometry: Value,
        reason: Option<&str>,
    ) -> Result<()> {
        actor.check()?;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        let current = load_page(&tx.sql, path, page)?;
        let text = check_geometry(format_args!("halaman {page}"), &geometry)?;
        tx.sql
            .execute("UPDATE page SET geometry = ?1 WHERE id = ?2", (&text, page))
            .db(path)?;
        tx.record(Table::Page, page.0);
        let mut detail = serde_json::json!({
            "page": page,
            "from": current.geometry,
            "reason": reason,
        });
        detail["geometry"] = geometry;
        tx.commit(actor, EventKind::PageGeometrySet, detail)?;
        Ok(())
    }

    /// Marks a page unidentified or rejected (with a reason), or identified again when it
    /// already carries an identity.
    pub fn set_page_status(
        &mut self,
        actor: &Actor,
        page: PageId,
        status: PageStatus,
        reason: Option<&str>,
    ) -> Result<()> {
        actor.check()?;
        let reason = match (status, reason) {
            (PageStatus::Identified, r) => r
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
            (_, r) => Some(reason_text(r.unwrap_or(""), "status halaman")?),
        };
        let (mut tx, _) = self.begin()?;
        let path = tx.path;
        let current = load_page(&tx.sql, path, page)?;
        if status == PageStatus::Identified && current.tps.is_none() {
            return Err(StoreError::PageNotIdentified { page: page.0 });
        }
        tx.sql
            .execute(
                "UPDATE page SET status = ?1, reason = ?2, reason_code = NULL WHERE id = ?3",
                (status, &reason, page),
            )
            .db(path)?;
        tx.record(Table::Page, page.0);
        let detail = serde_json::json!({ "page": page, "from": current.status, "status": status, "reason": reason });
        tx.commit(actor, EventKind::PageStatusSet, detail)?;
        Ok(())
    }

    /// Sets which TPS, contest and page a page is (manual identification or re-assignment).
    /// Changing an existing identity needs a reason.
    pub fn assign_page(
        &mut self,
        actor: &Actor,
        page: PageId,
        identity: &PageIdentity,
        reason: Option<&str>,
    ) -> Result<()> {
        actor.check()?;
        let (mut tx, ctx) = self.begin()?;
        let path = tx.path;
        let current = load_page(&tx.sql, path, page)?;
        check_identity(&tx.sql, path, &ctx.fields, identity)?;
        let changes_identity = current.tps.is_some()
            && (current.tps.as_ref() != Some(&identity.tps)
                || current.contest != Some(identity.contest)
                || current.page_code != Some(identity.page_code));
        let reason = match reason.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => Some(r.to_string()),
            None if changes_identity => {
                return Err(StoreError::EmptyReason {
                    what: "pemindahan halaman ke TPS/formulir lain",
                });
            }
            None => None,
        };
        tx.sql
            .execute(
                "UPDATE page SET tps = ?1, contest = ?2, page_code = ?3, status = 'identified', reason = ?4, reason_code = NULL WHERE id = ?5",
                (identity.tps.as_str(), identity.contest.slug(), identity.page_code.0, &reason, page),
            )
            .db(path)?;
        tx.record(Table::Page, page.0);
        let detail = serde_json::json!({
            "page": page,
            "from": { "tps": current.tps.as_ref().map(TpsCode::as_str), "contest": current.contest.map(Contest::slug), "page_code": current.page_code.map(|p| p.0) },
            "to": identity,
            "reason": reason,
        });
        tx.commit(actor, EventKind::PageAssigned, detail)?;
        Ok(())
    }

    pub fn page(&self, id: PageId) -> Result<Page> {
        load_page(&self.conn, &self.ctx.db_path, id)
    }

    pub fn pages(&self, filter: &PageFilter) -> Result<Vec<Page>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {PAGE_COLUMNS} FROM page WHERE (?1 IS NULL OR status = ?1) \
                 AND (?2 IS NULL OR tps = ?2) AND (?3 IS NULL OR contest = ?3) ORDER BY id"
            ))
            .db(path)?;
        let mut rows = stmt
            .query((
                filter.status,
                filter.tps.as_ref().map(TpsCode::as_str),
                filter.contest.map(Contest::slug),
            ))
            .db(path)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().db(path)? {
            out.push(page_from_row(path, r)?);
        }
        Ok(out)
    }

    /// The page(s) stored from one blob.
    pub fn pages_of_blob(&self, hash: &BlobHash) -> Result<Vec<PageId>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM page WHERE blob = ?1 ORDER BY id")
            .db(path)?;
        stmt.query_map([hash.as_str()], |r| r.get(0))
            .db(path)?
            .collect::<rusqlite::Result<_>>()
            .db(path)
    }
}

#[cfg(test)]
mod tests {
    use pleno_core::Ballot;
    use pleno_core::reference::{Desa, Election, Kecamatan, Tps};
    use pleno_core::wilayah::{DesaCode, KabupatenCode, KecamatanCode, ProvinsiCode};

    use crate::blob::fault;
    use crate::{Actor, Setup, Store, StoreError};

    fn election() -> Election {
        let code = DesaCode::parse("3303212001").unwrap();
        Election {
            kecamatan: Kecamatan {
                provinsi: ProvinsiCode::parse("33").unwrap(),
                provinsi_name: "P".into(),
                kabupaten: KabupatenCode::parse("3303").unwrap(),
                kabupaten_name: "K".into(),
                code: KecamatanCode::parse("330321").unwrap(),
                name: "C".into(),
                desa: vec![Desa {
                    tps: vec![Tps {
                        code: code.tps(1).unwrap(),
                        dpt_l: 1,
                        dpt_p: 1,
                    }],
                    code,
                    name: "D".into(),
                }],
            },
            ballots: vec![Ballot::ppwp_2024()],
            members: vec![],
            saksi: vec![],
        }
    }

    #[test]
    fn a_failed_blob_write_leaves_no_row_no_file_and_no_event() {
        let dir = tempfile::tempdir().unwrap();
        let actor = Actor::new("Uji");
        let mut store =
            Store::create(dir.path(), &Setup::new(election(), actor.clone()).unwrap()).unwrap();
        let events = store.events(&crate::EventFilter::default()).unwrap().len();
        fault::fail_writes(true);
        let err = store.put_blob(&actor, b"photo").unwrap_err();
        fault::fail_writes(false);
        assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
        assert!(err.to_string().contains("blobs"), "{err}");
        assert!(store.blobs().unwrap().is_empty());
        assert!(store.ctx.blobs.files_on_disk().is_empty());
        assert_eq!(
            std::fs::read_dir(store.ctx.blobs.root().join("tmp"))
                .unwrap()
                .count(),
            0
        );
        assert_eq!(
            store.events(&crate::EventFilter::default()).unwrap().len(),
            events
        );
        let ok = store.put_blob(&actor, b"photo").unwrap();
        assert!(!ok.already_stored);
        assert!(store.verify().unwrap().is_ok());
    }
}
