//! Form layouts the office calibrated from a sample of its sheet (`pleno layout detect`), one
//! per page code. The audit event is the record: its detail holds the page code and the whole
//! layout, the newest event of a page code counts, and one with no layout returns that page to
//! the shipped layout. Every version therefore stays in the chain with who installed it.

use std::collections::BTreeMap;

use crate::error::{Result, SqlContext, StoreError};
use crate::event::EventKind;
use crate::store::Store;
use crate::types::{Actor, EventSeq};

/// A calibrated layout in force.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibratedLayout {
    /// The page code (tag id) it draws.
    pub tag: u16,
    /// The layout JSON (`pleno_core::template::Layout`).
    pub layout: serde_json::Value,
    /// The event that installed it.
    pub seq: EventSeq,
}

impl Store {
    /// Installs `layout` for page code `tag`, or with `None` returns the page to its shipped
    /// layout.
    pub fn record_layout(
        &mut self,
        actor: &Actor,
        tag: u16,
        layout: Option<&serde_json::Value>,
    ) -> Result<EventSeq> {
        actor.check()?;
        let (tx, _) = self.begin()?;
        let id = layout.and_then(|l| l.get("id")).cloned();
        tx.commit(
            actor,
            EventKind::LayoutCalibrated,
            serde_json::json!({ "page_code": tag, "layout_id": id, "layout": layout }),
        )
    }

    /// The calibrated layouts in force, by page code.
    pub fn calibrated_layouts(&self) -> Result<Vec<CalibratedLayout>> {
        let path = &self.ctx.db_path;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, json_extract(payload, '$.detail') FROM audit_event \
                 WHERE kind = ?1 ORDER BY seq",
            )
            .db(path)?;
        let rows = stmt
            .query_map([EventKind::LayoutCalibrated.kind()], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .db(path)?;
        let mut by_tag: BTreeMap<u16, Option<CalibratedLayout>> = BTreeMap::new();
        for row in rows {
            let (seq, text) = row.db(path)?;
            let corrupt = |detail: String| StoreError::Corrupt {
                path: path.clone(),
                detail: format!("tata letak kalibrasi (peristiwa {seq}): {detail}"),
            };
            let mut detail: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| corrupt(e.to_string()))?;
            let tag = detail
                .get("page_code")
                .and_then(serde_json::Value::as_u64)
                .and_then(|t| u16::try_from(t).ok())
                .ok_or_else(|| corrupt("tanpa kode halaman".into()))?;
            let layout = detail.get_mut("layout").map(serde_json::Value::take);
            by_tag.insert(
                tag,
                layout
                    .filter(|l| !l.is_null())
                    .map(|layout| CalibratedLayout {
                        tag,
                        layout,
                        seq: EventSeq(seq),
                    }),
            );
        }
        Ok(by_tag.into_values().flatten().collect())
    }
}
