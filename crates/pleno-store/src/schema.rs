//! The database schema and its migrations, keyed on `PRAGMA user_version`.
//!
//! Tables are STRICT; CHECK constraints carry the invariants that must hold whatever program
//! writes the file (value ranges, enumerated sources and statuses, one settings row), and
//! triggers make the record tables append-only, so a bug cannot rewrite history silently.

use std::fmt::Write as _;

use rusqlite::Connection;

use crate::event::EventKind;
use crate::rows::Table;

/// Marks the file as a Pleno database ("PLNO"), so a stray SQLite file is refused clearly.
pub const APPLICATION_ID: i32 = 0x504C_4E4F;

/// The schema version this build writes. Opening a newer file is refused.
pub const SCHEMA_VERSION: i64 = 10;

const CONTESTS: &str = "('ppwp','dpr','dpd','dprd-prov','dprd-kab')";

/// Version 1. Kept verbatim forever: later versions add migration steps after it.
fn v1() -> String {
    let digits = |col: &str, n: usize| format!("length({col}) = {n} AND {col} NOT GLOB '*[^0-9]*'");
    let mut sql = format!(
        r"
CREATE TABLE event_kind (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL
) STRICT;

CREATE TABLE audit_event (
    seq INTEGER PRIMARY KEY CHECK (seq > 0),
    at TEXT NOT NULL,
    actor TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    role TEXT,
    kind TEXT NOT NULL REFERENCES event_kind(kind),
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;
CREATE INDEX audit_event_kind ON audit_event(kind, seq);
CREATE INDEX audit_event_actor ON audit_event(actor, seq);

CREATE TABLE settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    workspace_id TEXT NOT NULL CHECK (length(workspace_id) BETWEEN 8 AND 64),
    level TEXT NOT NULL CHECK (level IN ('kecamatan','kabupaten')),
    drill INTEGER NOT NULL CHECK (drill IN (0, 1)),
    max_panels INTEGER NOT NULL CHECK (max_panels BETWEEN 1 AND 99),
    thresholds TEXT NOT NULL CHECK (json_valid(thresholds)),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
) STRICT;

CREATE TABLE wilayah (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    provinsi TEXT NOT NULL CHECK ({prov}),
    provinsi_name TEXT NOT NULL,
    kabupaten TEXT NOT NULL CHECK ({kab} AND substr(kabupaten, 1, 2) = provinsi),
    kabupaten_name TEXT NOT NULL,
    kecamatan TEXT NOT NULL CHECK ({kec} AND substr(kecamatan, 1, 4) = kabupaten),
    kecamatan_name TEXT NOT NULL
) STRICT;

CREATE TABLE desa (
    code TEXT PRIMARY KEY CHECK ({desa}),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    ord INTEGER NOT NULL
) STRICT;

CREATE TABLE panel (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    chair INTEGER REFERENCES member(id),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE tps (
    code TEXT PRIMARY KEY CHECK ({tps}),
    desa TEXT NOT NULL REFERENCES desa(code),
    dpt_l INTEGER NOT NULL CHECK (dpt_l >= 0),
    dpt_p INTEGER NOT NULL CHECK (dpt_p >= 0),
    ord INTEGER NOT NULL,
    kpps_panels INTEGER CHECK (kpps_panels IN (1, 2)),
    panel INTEGER REFERENCES panel(id),
    CHECK (substr(code, 1, 10) = desa)
) STRICT;
CREATE INDEX tps_desa ON tps(desa, ord);

CREATE TABLE panel_desa (
    desa TEXT PRIMARY KEY REFERENCES desa(code),
    panel INTEGER NOT NULL REFERENCES panel(id)
) STRICT;

CREATE TABLE ballot (
    contest TEXT PRIMARY KEY CHECK (contest IN {CONTESTS}),
    ord INTEGER NOT NULL,
    dapil_code TEXT,
    dapil_name TEXT,
    items TEXT NOT NULL CHECK (json_valid(items)),
    CHECK ((dapil_code IS NULL) = (dapil_name IS NULL))
) STRICT;

CREATE TABLE field (
    id INTEGER PRIMARY KEY,
    contest TEXT NOT NULL REFERENCES ballot(contest),
    name TEXT NOT NULL,
    ord INTEGER NOT NULL,
    UNIQUE (contest, name)
) STRICT;

CREATE TABLE member (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role TEXT NOT NULL
) STRICT;

CREATE TABLE saksi (
    id INTEGER PRIMARY KEY,
    contest TEXT NOT NULL REFERENCES ballot(contest),
    participant INTEGER NOT NULL CHECK (participant BETWEEN 1 AND 99),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE blob (
    hash TEXT PRIMARY KEY CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
    size INTEGER NOT NULL CHECK (size >= 0),
    stored_at TEXT NOT NULL
) STRICT;

CREATE TABLE page (
    id INTEGER PRIMARY KEY,
    blob TEXT NOT NULL REFERENCES blob(hash),
    source_path TEXT NOT NULL,
    tps TEXT REFERENCES tps(code),
    contest TEXT REFERENCES ballot(contest),
    page_code INTEGER CHECK (page_code BETWEEN 101 AND 599),
    status TEXT NOT NULL CHECK (status IN ('identified','unidentified','rejected')),
    reason TEXT,
    added_at TEXT NOT NULL,
    -- Where the form lies on the photo: width, height, orientation, corners, manual.
    geometry TEXT CHECK (geometry IS NULL OR (json_valid(geometry) AND json_type(geometry) = 'object')),
    CHECK (status <> 'identified' OR (tps IS NOT NULL AND contest IS NOT NULL AND page_code IS NOT NULL)),
    CHECK (status = 'identified' OR (reason IS NOT NULL AND length(trim(reason)) > 0)),
    CHECK (page_code IS NULL OR contest IS NULL OR page_code / 100 =
        CASE contest WHEN 'ppwp' THEN 1 WHEN 'dpr' THEN 2 WHEN 'dpd' THEN 3
                     WHEN 'dprd-prov' THEN 4 WHEN 'dprd-kab' THEN 5 END)
) STRICT;
CREATE INDEX page_form ON page(tps, contest);
CREATE INDEX page_blob ON page(blob);

CREATE TABLE reading (
    id INTEGER PRIMARY KEY,
    page INTEGER NOT NULL REFERENCES page(id),
    field INTEGER NOT NULL REFERENCES field(id),
    value INTEGER CHECK (value BETWEEN 0 AND 999),
    status TEXT NOT NULL CHECK (status IN ('read','empty','unreadable','inconsistent')),
    digits TEXT NOT NULL CHECK (json_valid(digits)),
    -- The OMR bubble reading (PPWP result page), per digit column.
    bubbles TEXT CHECK (bubbles IS NULL OR (json_valid(bubbles) AND json_type(bubbles) <> 'null')),
    confidence REAL NOT NULL CHECK (confidence BETWEEN 0.0 AND 1.0),
    model_version TEXT NOT NULL,
    at TEXT NOT NULL,
    CHECK (value IS NULL OR status IN ('read','empty')),
    CHECK (status <> 'read' OR value IS NOT NULL)
) STRICT;
CREATE INDEX reading_page ON reading(page);

CREATE TABLE objection (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('keberatan','kejadian_khusus')),
    raised_by TEXT NOT NULL CHECK (length(trim(raised_by)) > 0),
    saksi INTEGER REFERENCES saksi(id),
    desa TEXT REFERENCES desa(code),
    tps TEXT REFERENCES tps(code),
    contest TEXT REFERENCES ballot(contest),
    fields TEXT NOT NULL CHECK (json_valid(fields)),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    status TEXT NOT NULL CHECK (status IN ('open','accepted','rejected')),
    resolution TEXT,
    resolved_by TEXT,
    resolved_at TEXT,
    actor TEXT NOT NULL,
    role TEXT,
    panel INTEGER REFERENCES panel(id),
    at TEXT NOT NULL,
    CHECK ((status = 'open') = (resolution IS NULL)),
    CHECK ((resolution IS NULL) = (resolved_at IS NULL)),
    CHECK (tps IS NULL OR substr(tps, 1, 10) = desa)
) STRICT;

CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    tps TEXT NOT NULL REFERENCES tps(code),
    contest TEXT NOT NULL REFERENCES ballot(contest),
    field INTEGER NOT NULL REFERENCES field(id),
    value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 999),
    source TEXT NOT NULL CHECK (source IN ('ocr_accepted','clerk','recount','import')),
    reason TEXT CHECK (reason IS NULL OR length(trim(reason)) > 0),
    reading INTEGER REFERENCES reading(id),
    objection INTEGER REFERENCES objection(id),
    actor TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    role TEXT,
    panel INTEGER REFERENCES panel(id),
    at TEXT NOT NULL,
    supersedes INTEGER UNIQUE REFERENCES entry(id),
    CHECK (source <> 'ocr_accepted' OR reading IS NOT NULL),
    CHECK (source <> 'recount' OR reason IS NOT NULL),
    CHECK (supersedes IS NULL OR supersedes < id)
) STRICT;
CREATE INDEX entry_form ON entry(tps, contest, field, id);
CREATE INDEX entry_objection ON entry(objection) WHERE objection IS NOT NULL;

-- Derived, never a record: the current values of each form, packed, so that the recap can
-- load a whole kecamatan at once. Rebuilt from `entry` by `pleno verify` and compared.
CREATE TABLE form_current (
    id INTEGER PRIMARY KEY,
    tps TEXT NOT NULL REFERENCES tps(code),
    contest TEXT NOT NULL REFERENCES ballot(contest),
    packed BLOB NOT NULL,
    last_entry INTEGER NOT NULL REFERENCES entry(id),
    UNIQUE (tps, contest)
) STRICT;

CREATE TABLE signoff (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('form_agreed','desa_closed','kecamatan_final','form_absent')),
    tps TEXT REFERENCES tps(code),
    contest TEXT REFERENCES ballot(contest),
    desa TEXT REFERENCES desa(code),
    last_entry INTEGER REFERENCES entry(id),
    objection INTEGER REFERENCES objection(id),
    note TEXT,
    actor TEXT NOT NULL,
    role TEXT,
    panel INTEGER REFERENCES panel(id),
    at TEXT NOT NULL,
    CHECK (CASE kind
        WHEN 'form_agreed' THEN tps IS NOT NULL AND contest IS NOT NULL AND last_entry IS NOT NULL
                                AND desa = substr(tps, 1, 10)
        WHEN 'form_absent' THEN tps IS NOT NULL AND contest IS NOT NULL AND objection IS NOT NULL
                                AND desa = substr(tps, 1, 10)
        WHEN 'desa_closed' THEN desa IS NOT NULL AND tps IS NULL AND contest IS NULL
        ELSE tps IS NULL AND contest IS NULL AND desa IS NULL END)
) STRICT;
CREATE INDEX signoff_form ON signoff(tps, contest);

CREATE TABLE signoff_revocation (
    id INTEGER PRIMARY KEY,
    signoff INTEGER NOT NULL UNIQUE REFERENCES signoff(id),
    objection INTEGER REFERENCES objection(id),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    actor TEXT NOT NULL,
    role TEXT,
    at TEXT NOT NULL
) STRICT;

CREATE TABLE kecamatan_import (
    id INTEGER PRIMARY KEY,
    kecamatan TEXT NOT NULL CHECK ({kec}),
    name TEXT NOT NULL,
    contest TEXT NOT NULL REFERENCES ballot(contest),
    source TEXT NOT NULL,
    blob TEXT REFERENCES blob(hash),
    completeness TEXT NOT NULL CHECK (json_valid(completeness)),
    supersedes INTEGER UNIQUE REFERENCES kecamatan_import(id),
    actor TEXT NOT NULL,
    role TEXT,
    at TEXT NOT NULL
) STRICT;

CREATE TABLE kecamatan_total (
    id INTEGER PRIMARY KEY,
    import INTEGER NOT NULL REFERENCES kecamatan_import(id),
    field TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value >= 0),
    UNIQUE (import, field)
) STRICT;

-- For people reading the file with the sqlite3 shell.
CREATE VIEW entry_named AS
    SELECT e.id, e.tps, e.contest, f.name AS field, e.value, e.source, e.reason, e.actor,
           e.panel, e.at, e.supersedes, e.objection
    FROM entry e JOIN field f ON f.id = e.field;
",
        prov = digits("provinsi", 2),
        kab = digits("kabupaten", 4),
        kec = digits("kecamatan", 6),
        desa = digits("code", 10),
        tps = digits("code", 13),
    );
    // Records are never rewritten or removed; mutable reference rows are never removed.
    let append_only = [
        "audit_event",
        "event_kind",
        "entry",
        "reading",
        "blob",
        "field",
        "signoff",
        "signoff_revocation",
        "kecamatan_import",
        "kecamatan_total",
    ];
    let keep_rows = [
        "settings",
        "wilayah",
        "desa",
        "tps",
        "ballot",
        "member",
        "saksi",
        "panel",
        "panel_desa",
        "page",
        "objection",
    ];
    for table in append_only {
        let _ = writeln!(
            sql,
            "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} \
             BEGIN SELECT RAISE(ABORT, '{table} hanya boleh ditambah, tidak diubah'); END;"
        );
    }
    for table in append_only.iter().chain(&keep_rows) {
        let _ = writeln!(
            sql,
            "CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} \
             BEGIN SELECT RAISE(ABORT, '{table} tidak boleh dihapus'); END;"
        );
    }
    sql
}

/// Creates the current schema in an empty database (inside the caller's transaction).
pub fn create(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(&v1())?;
    for step in MIGRATIONS {
        conn.execute_batch(step.sql)?;
    }
    sync_event_kinds(conn)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(())
}

/// Adds event kinds declared in code but not yet in the table (after an upgrade).
pub fn sync_event_kinds(conn: &Connection) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO event_kind (id, kind, description) VALUES (?1, ?2, ?3) \
         ON CONFLICT (id) DO NOTHING",
    )?;
    for kind in EventKind::ALL {
        stmt.execute((kind.id(), kind.kind(), kind.description()))?;
    }
    Ok(())
}

/// Migration steps from version `n` to `n + 1`, applied in one transaction on read-write open
/// (and after version 1 when a workspace is created, so a new file and a migrated one agree).
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        from: 1,
        sql: V2_BUNDLE_KEYS,
        logs: None,
    },
    Migration {
        from: 2,
        sql: V3_RECOUNT_ORDERS,
        logs: Some((
            Table::RecountOrder,
            "SELECT objection FROM recount_order ORDER BY objection",
        )),
    },
    Migration {
        from: 3,
        sql: V4_REFUSAL_CODES,
        logs: Some((Table::Page, "SELECT id FROM page ORDER BY id")),
    },
    Migration {
        from: 4,
        sql: V5_BACKUP_EVENTS,
        logs: None,
    },
    Migration {
        from: 5,
        sql: V6_DEVICES,
        logs: None,
    },
    // Adds no table: the step exists so that the new event kinds (`key_protected`,
    // `chain_checkpoint`, `kabupaten_reference_set`) are put into `event_kind` before an event
    // of theirs is written.
    Migration {
        from: 6,
        sql: "",
        logs: None,
    },
    // Adds no table either: it puts `layout_calibrated` into `event_kind` (the event holds
    // the calibrated layout, `layouts.rs`).
    Migration {
        from: 7,
        sql: "",
        logs: None,
    },
    Migration {
        from: 8,
        sql: V9_CROPS,
        logs: None,
    },
    // Adds no table: it puts `model_installed` into `event_kind` (the event names the
    // installed model's blob, `models.rs`).
    Migration {
        from: 9,
        sql: "",
        logs: None,
    },
];

/// One step of [`MIGRATIONS`].
pub struct Migration {
    /// The version it upgrades (to `from + 1`).
    pub from: i64,
    pub sql: &'static str,
    /// Rows the step adds or changes in tables that hold rows already: the table and a query
    /// of their keys. The migration event logs them, so `pleno verify` finds every row logged
    /// as it now is.
    pub logs: Option<(Table, &'static str)>,
}

/// Version 5: a backup made from the app is an audit event (`backup_made`), so the office
/// sees when the last verified copy was made. No table changes: the migration's own
/// `sync_event_kinds` adds the kind, which `audit_event.kind` must reference.
const V5_BACKUP_EVENTS: &str = "";

/// Version 6: devices of the LAN plenary (`devices.rs`). A row is updated when the device is
/// paired and when it is revoked, never deleted; codes and tokens are kept as SHA-256 only.
const V6_DEVICES: &str = "
CREATE TABLE device (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    person TEXT NOT NULL CHECK (length(trim(person)) > 0),
    role TEXT NOT NULL CHECK (role IN ('operator','panel_member','panel_chair','display','witness')),
    panel INTEGER REFERENCES panel(id),
    code_sha256 TEXT CHECK (code_sha256 IS NULL OR length(code_sha256) = 64),
    code_expires TEXT,
    token_sha256 TEXT UNIQUE CHECK (token_sha256 IS NULL OR length(token_sha256) = 64),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    paired_at TEXT,
    revoked_at TEXT,
    revoked_by TEXT,
    CHECK ((role IN ('panel_member','panel_chair')) = (panel IS NOT NULL))
) STRICT;
CREATE TRIGGER device_no_delete BEFORE DELETE ON device
    BEGIN SELECT RAISE(ABORT, 'device tidak boleh dihapus'); END;
";

/// Version 4: why the reader refused a page is stored as its code (`reason_code`, what the UI
/// translates) beside the message (`reason`, what to do), not as one "code: message" text.
/// Pages refused by an older version are split when their text begins with one of the codes
/// those versions wrote (a reason a clerk typed, "pindah: …", stays whole); the migration event
/// logs every page, so the chain shows each row with its new column.
const V4_REFUSAL_CODES: &str = "
ALTER TABLE page ADD COLUMN reason_code TEXT
    CHECK (reason_code IS NULL OR (length(reason_code) > 0 AND reason_code NOT GLOB '*[^a-z0-9_]*'));
UPDATE page SET
    reason_code = substr(reason, 1, instr(reason, ':') - 1),
    reason = trim(substr(reason, instr(reason, ':') + 1))
WHERE status = 'rejected' AND instr(reason, ':') > 1
  AND length(trim(substr(reason, instr(reason, ':') + 1))) > 0
  AND substr(reason, 1, instr(reason, ':') - 1) IN (
    'decode_error', 'unsupported_format', 'pdf_document', 'pdf_tool_missing',
    'pdf_too_many_pages', 'pdf_too_slow', 'pixel_limit', 'too_small', 'boxes_too_small',
    'too_dark', 'too_bright', 'blurred', 'corner_not_found', 'corners_not_found',
    'tag_not_decoded', 'unknown_page', 'wrong_page', 'page_unknown', 'file_unreadable',
    'reader_failed', 'duplicate_page', 'duplicate_file');
";

/// Version 9: the box crops the model saw, kept per reading (a row of a PNG sheet stored as a
/// blob, one sheet per read photo), and the labels the plenary's agreement gives them: the
/// office's own handwriting, labelled by the figures it agreed (issue 22).
const V9_CROPS: &str = "
CREATE TABLE reading_crop (
    reading INTEGER PRIMARY KEY REFERENCES reading(id),
    blob TEXT NOT NULL REFERENCES blob(hash),
    row INTEGER NOT NULL CHECK (row >= 0),
    boxes INTEGER NOT NULL CHECK (boxes BETWEEN 1 AND 4)
) STRICT;
CREATE TRIGGER reading_crop_no_update BEFORE UPDATE ON reading_crop
    BEGIN SELECT RAISE(ABORT, 'reading_crop hanya boleh ditambah, tidak diubah'); END;
CREATE TRIGGER reading_crop_no_delete BEFORE DELETE ON reading_crop
    BEGIN SELECT RAISE(ABORT, 'reading_crop tidak boleh dihapus'); END;
CREATE TABLE crop_label (
    id INTEGER PRIMARY KEY,
    reading INTEGER NOT NULL REFERENCES reading_crop(reading),
    box INTEGER NOT NULL CHECK (box BETWEEN 0 AND 3),
    label TEXT NOT NULL CHECK (label IN ('0','1','2','3','4','5','6','7','8','9','empty','mark','lead')),
    entry INTEGER NOT NULL REFERENCES entry(id),
    signoff INTEGER NOT NULL REFERENCES signoff(id),
    at TEXT NOT NULL
) STRICT;
CREATE INDEX crop_label_reading ON crop_label(reading, box);
CREATE TRIGGER crop_label_no_update BEFORE UPDATE ON crop_label
    BEGIN SELECT RAISE(ABORT, 'crop_label hanya boleh ditambah, tidak diubah'); END;
CREATE TRIGGER crop_label_no_delete BEFORE DELETE ON crop_label
    BEGIN SELECT RAISE(ABORT, 'crop_label tidak boleh dihapus'); END;
";

/// Version 3: a recount order is its own record beside the kejadian khusus that puts it on
/// Model D.Kejadian (before, only the text's first words marked it). Orders made by an older
/// version are found by those words, which that version always wrote, and carried over; the
/// migration event logs the rows it adds.
const V3_RECOUNT_ORDERS: &str = "
CREATE TABLE recount_order (
    objection INTEGER PRIMARY KEY REFERENCES objection(id),
    tps TEXT NOT NULL REFERENCES tps(code),
    contest TEXT NOT NULL REFERENCES ballot(contest)
) STRICT;
CREATE TRIGGER recount_order_no_update BEFORE UPDATE ON recount_order
    BEGIN SELECT RAISE(ABORT, 'recount_order hanya boleh ditambah, tidak diubah'); END;
CREATE TRIGGER recount_order_no_delete BEFORE DELETE ON recount_order
    BEGIN SELECT RAISE(ABORT, 'recount_order tidak boleh dihapus'); END;
INSERT INTO recount_order (objection, tps, contest)
    SELECT id, tps, contest FROM objection
    WHERE kind = 'kejadian_khusus' AND tps IS NOT NULL AND contest IS NOT NULL
      AND text LIKE 'Penghitungan suara ulang %';
";

/// Version 2: the PPK keys a KPU Kab/Kota workspace trusts, one current key per kecamatan
/// (a replacement supersedes the previous row; rows are never changed or removed).
const V2_BUNDLE_KEYS: &str = "
CREATE TABLE bundle_key (
    id INTEGER PRIMARY KEY,
    kecamatan TEXT NOT NULL CHECK (length(kecamatan) = 6 AND kecamatan NOT GLOB '*[^0-9]*'),
    name TEXT NOT NULL,
    public_key TEXT NOT NULL CHECK (length(public_key) = 64 AND public_key NOT GLOB '*[^0-9a-f]*'),
    how TEXT NOT NULL CHECK (length(trim(how)) > 0),
    supersedes INTEGER UNIQUE REFERENCES bundle_key(id),
    actor TEXT NOT NULL,
    role TEXT,
    at TEXT NOT NULL
) STRICT;
CREATE TRIGGER bundle_key_no_update BEFORE UPDATE ON bundle_key
    BEGIN SELECT RAISE(ABORT, 'bundle_key hanya boleh ditambah, tidak diubah'); END;
CREATE TRIGGER bundle_key_no_delete BEFORE DELETE ON bundle_key
    BEGIN SELECT RAISE(ABORT, 'bundle_key tidak boleh dihapus'); END;
";
