// Generated from pleno-app's use-case table (crates/pleno-app/src/api/table.rs) by
// crates/pleno-app/src/api/ts.rs. Do not edit: `PLENO_BLESS=1 cargo test -p pleno-app
// generated_ts` rewrites it, and that test fails while it is stale.

/** Thresholds an office may tune (stored in the workspace settings). */
export interface AcceptancePolicy {
  /**
   * Largest share of a box's side that the photo's shake may smear for the box to be
   * accepted unseen (pleno-reader `MAX_SMEAR`: a shaken photo of small boxes turns 8s into
   * 0s that the model is sure of).
   */
  max_smear: number;
  /**
   * Lowest probability of any box when the segment reader spelled every written digit as
   * the model read it (boxes with the printed guide): two readers that share nothing
   * agreeing earn the confidence one alone would need more of (docs/reader.md).
   */
  min_confirmed_probability: number;
  /** Lowest probability of any single digit box. */
  min_digit_probability: number;
  /** Lowest per-field confidence (product of its digit probabilities) accepted unseen. */
  min_field_confidence: number;
  /** Whether warnings (R14, R15, R17, X-rules) also send a form to a person. */
  warnings_need_review: boolean;
}

/**
 * Who made a change: a person's name as they sign, and optionally their role
 * ("Ketua PPK", "Anggota PPK", "Operator"). Processes use a name such as `pleno-reader`.
 */
export interface Actor {
  name: string;
  role?: string | null;
}

/**
 * One step of the machine's agreement with the panels: a run of up to 100 agreed fields,
 * in the order they were agreed.
 */
export interface AgreementStep {
  /** Of those, the share the machine had read exactly as the panel agreed (every box). */
  agreed_share: number;
  /** Agreed fields up to the end of this run. */
  fields: number;
  /** Fields in this run (100, fewer in the last). */
  run: number;
}

export type AppEvent = {
  current: string;
  done: number;
  /** Seconds left at the current rate, once there is a rate. */
  eta_seconds: number | null;
  job: number;
  per_minute: number | null;
  total: number;
  type: "job_progress";
} | {
  cancelled: boolean;
  /** The import stopped on an error; `summary` says which file and what to do. */
  failed: boolean;
  job: number;
  summary: string;
  type: "job_finished";
} | {
  contest: Contest;
  tps: TpsCode;
  type: "form_changed";
} | {
  contest: Contest;
  field: FieldKey | null;
  page: number | null;
  /** Whose selection: a panel, or none for the workstation. */
  panel: number | null;
  tps: TpsCode;
  type: "selection";
} | {
  panel: number | null;
  type: "floor";
} | {
  type: "recap_changed";
} | {
  device: number;
  type: "device_revoked";
};

/** One event as stored. */
export interface AuditEvent {
  actor: Actor;
  at: string;
  hash: string;
  kind: EventKind;
  /** `{"detail": {...}, "rows": {"table": [[column, ...], ...]}}`. */
  payload: unknown;
  prev_hash: string;
  seq: EventSeq;
}

/** One kind of audit event as the Audit screen names it. */
export interface AuditKind {
  kind: string;
  label: string;
}

/** What a backup made and checked. */
export interface BackupMade {
  blob_bytes: number;
  blobs: number;
  /** The new folder holding the copy. */
  dest: string;
  events: number;
  /** Whether the workstation's signing key was copied too (a PPK workspace has one). */
  key_copied: boolean;
}

/** The ballot of one contest as seen by one kecamatan. */
export interface Ballot {
  contest: Contest;
  dapil?: Dapil | null;
  items: BallotItems;
}

export type BallotItems = {
  items: Pair[];
  kind: "pairs";
} | {
  items: PartyList[];
  kind: "parties";
} | {
  items: Candidate[];
  kind: "candidates";
};

/** SHA-256 of a blob's bytes, 64 lowercase hex digits. */
export type BlobHash = string;

/** On-site adaptation's verdict on one box. */
export interface BoxAdaptation {
  /**
   * `raised`: the nearest labelled crops all carry the model's class, its doubt was cut;
   * `disputed`: they agree on another class, the field goes to a person.
   */
  how: string;
  /** The network's own probability of its class, before. */
  network_p: number;
}

export interface BundleImportReport {
  /**
   * The PPK's audit chain head when it exported (`SEQ:HEX16`), kept with the figures: an
   * anchor for `pleno verify --anchor` on that PPK's workspace.
   */
  audit_head: string | null;
  contests: number;
  /** The key's fingerprint as printed on the PPK's documents. */
  fingerprint: string;
  kecamatan: string;
  kecamatan_code: string;
  /** True when this import enrolled the key (the kecamatan's first bundle, or a replacement). */
  key_enrolled: boolean;
  public_key: string;
}

export interface BundleReport {
  /**
   * The audit chain's head it carries (`SEQ:HEX16`), for the hand-over minutes: the KPU
   * Kab/Kota can later prove the PPK's chain still passes through it.
   */
  audit_head: string | null;
  bytes: number;
  files: number;
  /** The signing key's fingerprint, as printed on the D.Hasil the KPU Kab/Kota compares. */
  fingerprint: string;
  path: string;
  /** SHA-256 of the bundle file itself, for the hand-over minutes. */
  sha256: string;
}

/** A layout in force for one page code. */
export interface CalibratedLayoutView {
  boxes: number;
  fields: number;
  id: string;
  page_code: number;
}

export interface Cancelled {
  cancelled: boolean;
}

export interface Candidate {
  gender?: Gender | null;
  name: string;
  /** Ballot number within the party list (or within the DPD list). */
  nomor: number;
}

/**
 * An office's crops a model learnt from, as its card names them (`pleno crops from-bundles`'
 * sumber.json in training.json's `real_sources`).
 */
export interface CardSource {
  bundle_sha256: string;
  held_out: number;
  kecamatan: string;
  kecamatan_code: string;
  /** Boxes it trained on (the rest were held out by TPS). */
  train: number;
}

export interface Change {
  boxes_changed: number;
  cost: number;
  from: number;
  key: FieldKey;
  pattern: Pattern;
  to: number;
}

/** A set of boxes and how both models read it. */
export interface CheckSet {
  boxes: number;
  candidate: Score;
  in_use: Score;
  /** `sintetis` (pages the simulator wrote) or `kantor` (boxes this office's plenary agreed). */
  name: string;
}

/** Column of the sex-disaggregated rows of sections I and III. */
export type Col = "L" | "P" | "J";

export interface Completeness {
  /**
   * TPS whose form the PPK recorded as never received (with a kejadian khusus): not
   * counted, but accounted for.
   */
  absent: TpsCode[];
  /** TPS whose form is agreed and counted. */
  agreed: number;
  /** TPS expected from the master list. */
  expected: number;
  /** TPS with no figures at all. */
  missing: TpsCode[];
  /** TPS with figures that are not yet agreed (not counted). */
  unagreed: TpsCode[];
}

export type Contest = "dpr" | "dpd" | "dprd_prov" | "dprd_kab" | "ppwp";

export interface ContestView {
  contest: Contest;
  kecamatan: RecapTable;
  lampiran: RecapTable[];
}

/** A record made: its id. */
export interface Created {
  id: number;
}

/** The Beranda card "Pembacaan mesin belajar": what the office has taught the reader. */
export interface CropLearning {
  agreement: AgreementStep[];
  fields_auto_accepted: number;
  /**
   * Fields of identified photos the machine read, and how many hold a figure it had
   * accepted without a person.
   */
  fields_read: number;
  labelled_boxes: number;
  labelled_fields: number;
  /** The digit model the workspace reads with now. */
  model: ModelInUse;
}

/** The electoral district a legislative contest is held in. */
export interface Dapil {
  code: string;
  name: string;
}

export interface Desa {
  code: DesaCode;
  name: string;
  tps: Tps[];
}

export type DesaCode = string;

/** A device as the operator sees it (no hashes). */
export interface Device {
  /** Until when its pairing code may be used; None once paired or revoked. */
  code_expires: string | null;
  created_at: string;
  id: number;
  name: string;
  paired_at: string | null;
  panel: PanelId | null;
  person: string;
  revoked_at: string | null;
  role: DeviceRole;
}

/** What a paired device may do (`docs/lan.md` has the table). */
export type DeviceRole = "operator" | "panel_member" | "panel_chair" | "display" | "witness";

/** One digit box as the model saw it. */
export interface DigitReading {
  /**
   * What on-site adaptation (the office's labelled crops) did to the box; absent when it
   * did nothing or did not exist yet.
   */
  adapted?: BoxAdaptation | null;
  /** 0–9, or `None` for an empty box. */
  class: number | null;
  /** Probabilities the model gave (its own class order, usually 0–9 then empty). */
  probabilities: number[];
  /**
   * The digit the segment reader spelled in a box with the printed guide, when it spelled
   * one (absent in readings made before it existed).
   */
  segments?: number | null;
  /**
   * The share of the box's side the photo's shake smears (pleno-reader
   * `DigitReading::smear`); absent in readings made before it was measured, or where no
   * mark could be measured.
   */
  smear?: number | null;
}

export type DocChoice = "d-hasil" | "lampiran" | "d-kejadian" | "all";

/** An answer with nothing to say (`{}`). */
export type Done = Record<string, never>;

/** A detected field, numbered as in the picture. */
export interface DraftField {
  boxes: number;
  bubbles: boolean;
  number: number;
}

export interface DraftView {
  /**
   * The page's fields in this workspace's forms, in paper order (empty for a page code the
   * workspace's forms do not have).
   */
  choices: FieldChoice[];
  fields: DraftField[];
  /** The draft itself, handed back unchanged to `install_layout`. */
  layout: unknown;
  /** The page code its tag carries, or the one given for a sheet without a tag. */
  page_code: number | null;
  /** The sample with the detected fields numbered, as a PNG data URL. */
  picture: string;
  /**
   * A first naming: the page's fields in paper order onto the detected fields in reading
   * order, where their counts agree (the clerk checks it against the picture).
   */
  proposal: (string | null)[];
  /**
   * The text of the QR code the sample prints: photos whose code's text begins with
   * `layout.qr.text` are this page (the clerk may shorten it to what every sheet shares).
   */
  qr: string | null;
  stray_boxes: number;
  /** The sheet prints no AprilTag: its pages are told apart by their boxes (or the clerk). */
  tagless: boolean;
  warnings: string[];
}

/** Everything a kecamatan recap is set up with. */
export interface Election {
  ballots: Ballot[];
  kecamatan: Kecamatan;
  members: Member[];
  saksi: Saksi[];
}

/** A recorded figure with its provenance. */
export interface Entry {
  actor: Actor;
  at: string;
  contest: Contest;
  field: FieldKey;
  id: EntryId;
  objection: ObjectionId | null;
  panel: PanelId | null;
  reading: ReadingId | null;
  reason: string | null;
  source: Source;
  /** The entry this one replaced as the field's current value. */
  supersedes: EntryId | null;
  tps: TpsCode;
  value: number;
}

/** An entry: one figure of one field, made by a person or a process. */
export type EntryId = number;

export type EventKind = "workspace_created" | "schema_migrated" | "settings_updated" | "panel_added" | "panel_desa_assigned" | "panel_chair_set" | "tps_handed_over" | "kpps_panels_recorded" | "blob_stored" | "page_added" | "page_status_set" | "page_assigned" | "readings_added" | "entries_added" | "objection_raised" | "objection_resolved" | "form_agreed" | "desa_closed" | "kecamatan_final" | "signoff_revoked" | "kecamatan_totals_imported" | "page_geometry_set" | "form_absent_recorded" | "bundle_key_enrolled" | "backup_made" | "device_created" | "device_paired" | "device_revoked" | "pairing_refused" | "key_protected" | "kabupaten_reference_set" | "chain_checkpoint" | "layout_calibrated" | "model_installed";

/** The sequence number of an audit event (1, 2, 3, … without gaps). */
export type EventSeq = number;

export type ExportFormat = "xlsx" | "csv";

export interface Exported {
  files: string[];
}

/** The likeliest other readings of one suspect field, each plausible on its own. */
export interface FieldAlternatives {
  alternatives: ([number, number])[];
  key: FieldKey;
  read: number;
}

/** Where one field's digit boxes lie on the photo, in image pixels: [x, y, w, h] each. */
export interface FieldBoxes {
  boxes: ([number, number, number, number])[];
  key: FieldKey;
  /**
   * The whole row of the paper (label, boxes and the words line), [x, y, w, h]: the panel
   * shows it beside the typed figure.
   */
  row: [number, number, number, number] | null;
}

/** A field of the form the page must hold, to name a detected field with. */
export interface FieldChoice {
  /** Row code as on the form (`IV.1`). */
  code: string;
  key: string;
  label: string;
}

/** What the catalogue knows of one field. */
export interface FieldDef {
  /** Row code as on the form, e.g. `I.B.2`, `II.3`, `IV.5.A.2.3`, `V.C`. */
  code: string;
  /** Column for L/P/J rows. */
  col: Col | null;
  key: FieldKey;
  label_en: string;
  label_id: string;
  page: PageCode;
  /** The row's label without the column (for tables that show L/P/J as columns or codes). */
  row_label_id: string;
  section: Section;
}

export type FieldKey = string;

/** A field of a particular contest's form. */
export interface FieldRef {
  contest: Contest;
  key: FieldKey;
}

/** What the catalogue knows of one field. */
export interface FieldView {
  /** Row code as on the form, e.g. `I.B.2`, `II.3`, `IV.5.A.2.3`, `V.C`. */
  code: string;
  /** Column for L/P/J rows. */
  col: Col | null;
  entry: EntryId | null;
  key: FieldKey;
  label_en: string;
  label_id: string;
  page: PageCode;
  reading: ReadingView | null;
  /** The row's label without the column (for tables that show L/P/J as columns or codes). */
  row_label_id: string;
  /** Ids of the rules failing over this field. */
  rules: string[];
  section: Section;
  /** Source of the current entry; `None` while only a reading exists. */
  source: Source | null;
  /** What the best misread suggestion would put here. */
  suggestion: number | null;
  /** The agreed figure if there is one, else what the machine read. */
  value: number | null;
}

export interface FiguresReport {
  agreed: number;
  entries: number;
  forms: number;
  /**
   * Fields a person set in the plenary (a clerk's correction, a recount) that the file
   * would change: the person's figure stands; the file's is not recorded.
   */
  kept: number;
  skipped: number;
  to_review: number;
  /** Fields already holding the same figure (a re-import): not written again. */
  unchanged: number;
}

export interface Finding {
  actual?: number | null;
  /** The form the finding is about, when it is about one form. */
  contest?: Contest | null;
  expected?: number | null;
  fields: FieldRef[];
  /** Stable message id for translation tables (e.g. `rule.R8`). */
  message_id: string;
  /** Wilayah or TPS code, for findings across TPS and levels. */
  place?: string | null;
  rule: RuleId;
  severity: Severity;
  text_en: string;
  text_id: string;
}

/** Whose selection the projector shows, and who has one to show. */
export interface Floor {
  /** The panel that has the floor; none: the workstation. */
  panel: number | null;
  /** Every screen's current selection (the workstation's has no panel). */
  selections: Selection[];
}

export type FormStatus = "agreed" | "missing" | "open" | "recount_pending";

export interface FormView {
  agreed: SignOffId | null;
  contest: Contest;
  desa: string;
  desa_name: string;
  fields: FieldView[];
  findings: Finding[];
  misread: MisreadReport;
  missing_pages: PageCode[];
  objections: Objection[];
  pages: Page[];
  panel: PanelId | null;
  recount: ObjectionId | null;
  status: FormStatus;
  tps: TpsCode;
  tps_nomor: number;
}

export type Gender = "L" | "P";

export interface JobStatus {
  cancelled: boolean;
  current: string;
  done: number;
  /** Stopped on an error (`summary` holds it). */
  failed: boolean;
  finished: boolean;
  id: number;
  kind: string;
  summary: string | null;
  total: number;
}

export type KabupatenCode = string;

export interface Kecamatan {
  code: KecamatanCode;
  desa: Desa[];
  kabupaten: KabupatenCode;
  kabupaten_name: string;
  name: string;
  provinsi: ProvinsiCode;
  provinsi_name: string;
}

export type KecamatanCode = string;

/** What Persiapan shows about the key. */
export interface KeyStatus {
  /** As printed on every D.Hasil page and compared by the KPU Kab/Kota. */
  fingerprint: string;
  /** The chain's newest event. */
  head: number | null;
  /** The newest event whose head a checkpoint signed. */
  last_checkpoint: number | null;
  /** Kept under the chair's passphrase. */
  protected: boolean;
  /** Opened in this session (always true for a key without passphrase). */
  unlocked: boolean;
}

/** The newest backup recorded in the audit log: when, by whom, where to. */
export interface LastBackup {
  actor: string;
  at: string;
  dest: string;
}

/** Which level of the wilayah tree a code belongs to. */
export type Level = "provinsi" | "kabupaten" | "kecamatan" | "desa" | "tps";

/** A PPK member (or KPU Kab/Kota member) who signs the documents. */
export interface Member {
  name: string;
  /** "Ketua" or "Anggota". */
  role: string;
}

/** A PPK member. */
export type MemberId = number;

export interface MisreadReport {
  /** True when several fixes are about equally likely: a person must read the form. */
  ambiguous: boolean;
  /** True when the search covered every combination within its cost bound. */
  exhaustive: boolean;
  /** Ranked, best first. */
  suggestions: Suggestion[];
  /** Fields involved in failing rules with their likeliest other readings. */
  suspects: FieldAlternatives[];
}

/** What installing a model would change, and whether it may be installed. */
export interface ModelCheck {
  /** Whether the model gives the box embedding on-site adaptation compares. */
  embedding: boolean;
  /** The lowest digit probability accepted unseen (the workspace's policy). */
  gate: number;
  /** The model it was compared with (the one the workspace reads with now). */
  in_use: string;
  /** Why it may not be installed; empty when it may. */
  problems: string[];
  sets: CheckSet[];
  /** The candidate ONNX file's SHA-256. */
  sha256: string;
}

/** The model in force, for the Beranda card and `pleno model show`. */
export interface ModelInUse {
  /** Whether a model card came with it. */
  card: boolean;
  /** The check it passed when installed. */
  check: unknown;
  /** False for the model shipped with Pleno. */
  installed: boolean;
  installed_at: string | null;
  installed_by: string | null;
  name: string | null;
  reason: string | null;
  sha256: string | null;
  /** The kecamatan bundles whose crops it learnt from, as its card names them. */
  sources: CardSource[];
  /** What readings record (`reading.model_version`). */
  version: string;
}

export interface Objection {
  /** Who recorded it. */
  actor: Actor;
  at: string;
  contest: Contest | null;
  desa: DesaCode | null;
  /** Entries made under this objection. */
  entries: EntryId[];
  fields: FieldKey[];
  id: ObjectionId;
  kind: ObjectionKind;
  panel: PanelId | null;
  raised_by: string;
  /**
   * A kejadian khusus that orders penghitungan suara ulang of its TPS and contest
   * ([`Store::order_recount`]).
   */
  recount: boolean;
  resolution: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  saksi: SaksiId | null;
  status: ObjectionStatus;
  text: string;
  tps: TpsCode | null;
}

/** A keberatan or kejadian khusus. */
export type ObjectionId = number;

/** The two items of Model D.Kejadian Khusus dan/atau Keberatan. */
export type ObjectionKind = "keberatan" | "kejadian_khusus";

/** Where an objection stands. */
export type ObjectionStatus = "open" | "accepted" | "rejected";

export interface Organisation {
  max_panels: number;
  members: ([MemberId, Member])[];
  panels: Panel[];
  saksi: ([SaksiId, Saksi])[];
  tps: TpsRow[];
  /** Desa not yet given to any panel. */
  unassigned_desa: DesaCode[];
}

/** A file in an output folder, as the Cetak screen lists it. */
export interface OutputEntry {
  bytes: number;
  /** `dokumen` or `ekspor`. */
  folder: string;
  name: string;
  /** Where it is on the workstation (the desktop opens it from there). */
  path: string;
  /** When it was written, UTC, as the audit log writes times. */
  written: string;
}

export interface Page {
  added_at: string;
  blob: BlobHash;
  contest: Contest | null;
  /**
   * Where the form lies on the photo, for highlighting field boxes and dragging corners:
   * `{"width": px, "height": px, "orientation": 0|90|180|270, "corners": [[x, y] × 4],
   * "manual": bool}` (`manual`: a clerk placed the corners).
   */
  geometry: unknown;
  id: PageId;
  page_code: PageCode | null;
  /** Why the page is not identified: the reader's message or what a person wrote. */
  reason: string | null;
  /** The reader's refusal code, for a page it refused (`None` for a person's reason). */
  reason_code: string | null;
  source_path: string;
  status: PageStatus;
  tps: TpsCode | null;
}

/** AprilTag page code: contest type × 100 + page (101 = PPWP page 1, 399 = DPD last page). */
export type PageCode = number;

/** The photo's size (upright) and where the form lies on it. */
export interface PageGeometry {
  /** Corner-mark centres, page order; null until the page has been located. */
  corners: [[number, number], [number, number], [number, number], [number, number]] | null;
  fields: FieldBoxes[];
  height: number;
  /**
   * How far the sheet is turned in the photo, clockwise, in degrees (0, 90, 180, 270), as
   * the reader found it: a sheet photographed sideways has its rows running down the
   * photo, and the panel turns a row's cut back so that it reads left to right.
   */
  orientation: number;
  width: number;
}

/** A page: one photographed or scanned sheet. */
export type PageId = number;

/** Whether a page was recognised. */
export type PageStatus = "identified" | "unidentified" | "rejected";

export interface PageView {
  /** Null only when the photo itself cannot be decoded. */
  geometry: PageGeometry | null;
  page: Page;
  readings: Reading[];
}

export interface Pair {
  /** Ballot number 1..=3. */
  nomor: number;
  presiden: string;
  wakil: string;
}

/** A device waiting to be paired, with the code to type on it (shown once). */
export interface PairingCode {
  code: string;
  device: Device;
  expires_at: string;
}

export interface Panel {
  chair: MemberId | null;
  created_at: string;
  desa: DesaCode[];
  id: PanelId;
  name: string;
}

/** A plenary panel. */
export type PanelId = number;

export type PaperChoice = "a4" | "f4";

export interface Party {
  name: string;
  /** Ballot number: 1–17 and 24 nationally, 18–23 only in Aceh. */
  nomor: number;
  short: string;
}

export interface PartyList {
  candidates: Candidate[];
  party: Party;
}

/** What kind of slip explains one changed field. */
export type Pattern = "leading_blank_read_as_digit" | "leading_one_read_as_digit" | "digit_substituted" | "digit_read_as_blank" | "several_boxes" | "bubbles_differ";

export interface Printed {
  files: PrintedFile[];
}

export interface PrintedFile {
  pages: number;
  path: string;
}

export type Problem = {
  detail: string;
  kind: "integrity";
} | {
  kind: "foreign_key";
  parent: string;
  rowid: number;
  table: string;
} | {
  detail: string;
  kind: "schema";
  name: string;
} | {
  detail: string;
  kind: "chain";
  seq: number;
} | {
  key: string;
  kind: "row_changed";
  seq: number;
  table: string;
} | {
  key: string;
  kind: "row_not_logged";
  table: string;
} | {
  key: string;
  kind: "row_missing";
  seq: number;
  table: string;
} | {
  detail: string;
  kind: "derived";
} | {
  hash: string;
  kind: "blob_missing";
  path: string;
} | {
  actual: string;
  hash: string;
  kind: "blob_corrupt";
  path: string;
} | {
  actual: number;
  expected: number;
  hash: string;
  kind: "blob_size";
  path: string;
};

export type ProvinsiCode = string;

export interface QrPicture {
  svg: string;
}

export interface QueueItem {
  contest: Contest | null;
  desa: string | null;
  desa_name: string | null;
  kind: QueueKind;
  label: string;
  page: PageId | null;
  panel: PanelId | null;
  /**
   * Where a page that is not filed to a TPS seems to belong, from its folder or file name
   * ("KARANGJATI · TPS 004"): a hint for the clerk, not an assignment.
   */
  place_hint: string | null;
  /** Short reasons shown in the list (rule texts; for a page why it is not identified). */
  reasons: string[];
  /** For a page the reader refused, its refusal code (`too_dark`): the UI titles it. */
  refusal: string | null;
  /** The page's file, for a page item (the clerk knows photos by their names). */
  source: string | null;
  tps: TpsCode | null;
}

/** Kinds in queue order (the enum's order is the priority). */
export type QueueKind = "rejected_page" | "unidentified_page" | "duplicate_page" | "rule_error" | "recount_pending" | "missing_pages" | "low_confidence" | "warning" | "to_confirm";

export interface Reading {
  at: string;
  bubbles: unknown;
  confidence: number;
  contest: Contest;
  digits: DigitReading[];
  field: FieldKey;
  id: ReadingId;
  model_version: string;
  page: PageId;
  status: ReadingStatus;
  value: number | null;
}

/** A machine reading of one field on one page. */
export type ReadingId = number;

/** What the reader made of one field. */
export type ReadingStatus = "read" | "empty" | "unreadable" | "inconsistent";

export interface ReadingView {
  confidence: number;
  digits: DigitReading[];
  id: ReadingId;
  page: PageId;
  value: number | null;
}

export interface RecapColumn {
  code: string;
  completeness: Completeness;
  name: string;
  totals: Totals;
}

/** A D.Hasil table: rows are the form's fields, columns are TPS, desa or kecamatan. */
export interface RecapTable {
  /** Level of the columns. */
  column_level: Level;
  columns: RecapColumn[];
  completeness: Completeness;
  contest: Contest;
  place_code: string;
  place_name: string;
  rows: FieldDef[];
  total: Totals;
}

/** The recap as the UI draws it. */
export interface RecapView {
  contests: ContestView[];
}

/** A recount ordered: the objection that records it. */
export interface RecountOrdered {
  objection: number;
}

/** The page read again from the corners the clerk placed. */
export interface Reread {
  page: PageView;
}

export interface Revocation {
  actor: Actor;
  at: string;
  objection: ObjectionId | null;
  reason: string;
}

/** Identifier of a rule as written in docs/domain.md §3 (R1–R20, X1–X6, L1–L6). */
export type RuleId = "R1" | "R2" | "R3" | "R4" | "R5" | "R6" | "R7" | "R8" | "R9" | "R10" | "R11" | "R12" | "R13" | "R14" | "R15" | "R16" | "R17" | "R18" | "R19" | "R20" | "X1" | "X2" | "X3" | "X4" | "X5" | "X6" | "L1" | "L2" | "L3" | "L4" | "L5" | "L6";

/** A saksi mandated by one participant of one contest. */
export interface Saksi {
  contest: Contest;
  name: string;
  /** Ballot number of the pair, party or DPD candidate. */
  participant: number;
}

/** A saksi. */
export type SaksiId = number;

/** One model's figures on one set of boxes. */
export interface Score {
  /** Boxes whose top probability reaches the gate: what would pass unseen. */
  accepted: number;
  /** Of those, read wrong: what would slip through if the rules did not catch it. */
  accepted_wrong: number;
  /** Boxes read right (an empty box and a crossed-out one both count as "no digit"). */
  right: number;
}

export type Section = "I" | "II" | "III" | "IV" | "V";

/** What a screen shows now: the form (and field, and page photo) under discussion. */
export interface Selection {
  contest: Contest;
  field: FieldKey | null;
  page: number | null;
  /**
   * Whose selection it is: a panel's laptop, or none for the workstation. Set by Pleno from
   * who sent it, never taken from the request.
   */
  panel: number | null;
  tps: TpsCode;
}

export type Severity = "error" | "warning";

/** What the Persiapan screen shows about sharing. */
export interface SharingStatus {
  /**
   * `http://<address>:<port>/` for each of this machine's LAN addresses (none found: the
   * loopback address, so the machine itself can still check).
   */
  addresses: string[];
  on: boolean;
  port: number;
  /** A QR code (SVG) of each address, in the same order. */
  qr: string[];
}

export interface SignOff {
  actor: Actor;
  at: string;
  contest: Contest | null;
  desa: DesaCode | null;
  id: SignOffId;
  kind: SignOffKind;
  /**
   * Form agreed: the last entry of the form when agreed. Form absent: its last entry when
   * recorded, if it had figures. Desa/kecamatan: none.
   */
  last_entry: EntryId | null;
  note: string | null;
  objection: ObjectionId | null;
  panel: PanelId | null;
  revoked: Revocation | null;
  tps: TpsCode | null;
}

/** A sign-off: form agreed, form recorded absent, desa closed or kecamatan final. */
export type SignOffId = number;

/** What a sign-off closes. */
export type SignOffKind = "form_agreed" | "desa_closed" | "kecamatan_final" | "form_absent";

/** A sign-off made. */
export interface SignedOff {
  signoff: number;
}

/** Who or what produced an entry. */
export type Source = "ocr_accepted" | "clerk" | "recount" | "import";

/** The import runs as a job; its progress arrives as events. */
export interface Started {
  job: number;
}

/** A set of changes after which every error rule (and the anomaly warnings R14, R17) passes. */
export interface Suggestion {
  changes: Change[];
  /** Sum of the changes' costs; lower is more likely. */
  cost: number;
  text_en: string;
  text_id: string;
}

/** What the first screen shows about an open workspace. */
export interface Summary {
  desa: number;
  desa_closed: number;
  dir: string;
  drill: boolean;
  forms_agreed: number;
  forms_total: number;
  kabupaten: string;
  kecamatan: string;
  kecamatan_code: string;
  kecamatan_final: boolean;
  /** The workstation key's fingerprint, as printed in document footers. */
  key_fingerprint: string | null;
  /** The newest backup made from the app (none yet: the UI urges one). */
  last_backup: LastBackup | null;
  level: WorkspaceLevel;
  pages: number;
  provinsi: string;
  read_only: boolean;
  tps: number;
  workspace_id: string;
}

/**
 * Sums of field values. Adding is associative and commutative, so any grouping of the same
 * forms gives the same totals.
 */
export type Totals = Record<string, number>;

export interface Tps {
  code: TpsCode;
  dpt_l: number;
  dpt_p: number;
}

export type TpsCode = string;

/** A TPS with its DPT and where it stands in the panel organisation. */
export interface TpsRow {
  code: TpsCode;
  desa: DesaCode;
  dpt_l: number;
  dpt_p: number;
  /** The panel this TPS was handed to, overriding its desa's panel. */
  handed_to: PanelId | null;
  /** 1 or 2 counting panels at the TPS, once recorded. */
  kpps_panels: number | null;
  /** The panel that handles it now (hand-over, else the desa's panel). */
  panel: PanelId | null;
}

export interface VerifyReport {
  blob_bytes: number;
  blobs: number;
  events: number;
  /** Findings that do not break the workspace (files no row refers to, left by a crash). */
  notes: string[];
  /** How many problems there were in all (the list stops at 200). */
  problem_count: number;
  /** The first problems found, in check order; empty when the workspace is intact. */
  problems: Problem[];
  rows: number;
}

/** The office a workspace belongs to. */
export type WorkspaceLevel = "kecamatan" | "kabupaten";

/** Each use case's arguments and answer, by the name `ROUTES` gives it. */
export interface Api {
  workspace_summary: {
    args: Record<string, never>;
    out: Summary;
  };
  crop_learning: {
    args: Record<string, never>;
    out: CropLearning;
  };
  election: {
    args: Record<string, never>;
    out: Election;
  };
  organisation: {
    args: Record<string, never>;
    out: Organisation;
  };
  add_panel: {
    args: {
      name: string;
    };
    out: Created;
  };
  assign_desa: {
    args: {
      desa: DesaCode;
      id: number;
    };
    out: Done;
  };
  set_panel_chair: {
    args: {
      id: number;
      member?: number | null;
    };
    out: Done;
  };
  hand_over_tps: {
    args: {
      panel?: number | null;
      reason: string;
      tps: TpsCode;
    };
    out: Done;
  };
  set_kpps_panels: {
    args: {
      count: number;
      tps: TpsCode;
    };
    out: Done;
  };
  policy: {
    args: Record<string, never>;
    out: AcceptancePolicy;
  };
  set_policy: {
    args: {
      /**
       * Largest share of a box's side that the photo's shake may smear for the box to be
       * accepted unseen (pleno-reader `MAX_SMEAR`: a shaken photo of small boxes turns 8s into
       * 0s that the model is sure of).
       */
      max_smear?: number;
      /**
       * Lowest probability of any box when the segment reader spelled every written digit as
       * the model read it (boxes with the printed guide): two readers that share nothing
       * agreeing earn the confidence one alone would need more of (docs/reader.md).
       */
      min_confirmed_probability?: number;
      /** Lowest probability of any single digit box. */
      min_digit_probability: number;
      /** Lowest per-field confidence (product of its digit probabilities) accepted unseen. */
      min_field_confidence: number;
      /** Whether warnings (R14, R15, R17, X-rules) also send a form to a person. */
      warnings_need_review: boolean;
    };
    out: AcceptancePolicy;
  };
  set_max_panels: {
    args: {
      max: number;
      reason?: string;
    };
    out: Done;
  };
  devices: {
    args: Record<string, never>;
    out: Device[];
  };
  create_device: {
    args: {
      name: string;
      panel?: PanelId | null;
      person: string;
      role: DeviceRole;
    };
    out: PairingCode;
  };
  revoke_device: {
    args: {
      id: number;
    };
    out: Device;
  };
  qr: {
    args: {
      text: string;
    };
    out: QrPicture;
  };
  queue: {
    args: {
      contest?: Contest | null;
      desa?: string | null;
      kind?: QueueKind | null;
      panel?: PanelId | null;
      tps?: TpsCode | null;
    };
    out: QueueItem[];
  };
  form: {
    args: {
      contest: Contest;
      tps: TpsCode;
    };
    out: FormView;
  };
  confirm_form: {
    args: {
      acknowledge_warnings?: boolean;
      /**
       * The form's newest entry id as the panel saw it (0: none); another panel's change since
       * refuses the agreement with `stale_write`.
       */
      based_on?: number | null;
      contest: Contest;
      objection?: number | null;
      tps: TpsCode;
    };
    out: SignedOff;
  };
  correct_field: {
    args: {
      /** The field's entry id as the clerk saw it (0: none yet). */
      based_on?: number | null;
      contest: Contest;
      key: FieldKey;
      objection?: number | null;
      reason?: string;
      tps: TpsCode;
      value: number;
    };
    out: Done;
  };
  accept_suggestion: {
    args: {
      /** The form's newest entry id as the panel saw it (0: none). */
      based_on?: number | null;
      contest: Contest;
      index: number;
      tps: TpsCode;
    };
    out: Done;
  };
  request_recount: {
    args: {
      contest: Contest;
      reason: string;
      tps: TpsCode;
    };
    out: RecountOrdered;
  };
  enter_recount: {
    args: {
      contest: Contest;
      note?: string;
      reason?: string | null;
      tps: TpsCode;
      values: Record<string, number>;
    };
    out: Done;
  };
  enter_form: {
    args: {
      contest: Contest;
      note?: string;
      reason?: string | null;
      tps: TpsCode;
      values: Record<string, number>;
    };
    out: Done;
  };
  field_history: {
    args: {
      contest: Contest;
      key: FieldKey;
      tps: TpsCode;
    };
    out: Entry[];
  };
  pages: {
    args: {
      contest?: Contest | null;
      status?: PageStatus | null;
      tps?: TpsCode | null;
    };
    out: Page[];
  };
  page: {
    args: {
      id: number;
    };
    out: PageView;
  };
  assign_page: {
    args: {
      contest: Contest;
      id: number;
      page_code: number;
      reason: string;
      tps: TpsCode;
    };
    out: Done;
  };
  set_corners: {
    args: {
      corners: [[number, number], [number, number], [number, number], [number, number]];
      id: number;
    };
    out: Reread;
  };
  import_photos: {
    args: {
      paths: string[];
    };
    out: Started;
  };
  import_uploads: {
    args: {
      /** The batch the browser sent its files into (`PUT /api/uploads/{batch}`). */
      batch: string;
    };
    out: Started;
  };
  import_figures: {
    args: {
      path: string;
    };
    out: FiguresReport;
  };
  import_uploaded_figures: {
    args: {
      batch: string;
      /** The file's name as it was sent (`PUT /api/uploads/{batch}?path=`). */
      path: string;
    };
    out: FiguresReport;
  };
  jobs: {
    args: Record<string, never>;
    out: JobStatus[];
  };
  job: {
    args: {
      id: number;
    };
    out: JobStatus;
  };
  cancel_job: {
    args: {
      id: number;
    };
    out: Cancelled;
  };
  objections: {
    args: Record<string, never>;
    out: Objection[];
  };
  raise_objection: {
    args: {
      contest?: Contest | null;
      desa?: DesaCode | null;
      fields?: FieldKey[];
      kind: ObjectionKind;
      raised_by: string;
      text: string;
      tps?: TpsCode | null;
    };
    out: Created;
  };
  resolve_objection: {
    args: {
      accepted: boolean;
      id: number;
      resolution: string;
    };
    out: Done;
  };
  signoffs: {
    args: Record<string, never>;
    out: SignOff[];
  };
  close_desa: {
    args: {
      desa: DesaCode;
      note?: string | null;
    };
    out: SignedOff;
  };
  finalize_kecamatan: {
    args: {
      note?: string | null;
    };
    out: SignedOff;
  };
  reopen_signoff: {
    args: {
      id: number;
      objection?: number | null;
      reason: string;
    };
    out: Done;
  };
  recap: {
    args: Record<string, never>;
    out: RecapView;
  };
  print: {
    args: {
      contest?: Contest | null;
      doc: DocChoice;
      paper?: PaperChoice | null;
      provisional?: boolean;
    };
    out: Printed;
  };
  export: {
    args: {
      format: ExportFormat;
    };
    out: Exported;
  };
  bundle_export: {
    args: {
      dest?: string | null;
      /** Carry the labelled box crops for retraining at the KPU Kab/Kota. */
      with_crops?: boolean;
    };
    out: BundleReport;
  };
  bundle_import: {
    args: {
      /** The fingerprint the operator read on the kecamatan's signed D.Hasil. */
      fingerprint?: string | null;
      /**
       * Accept a bundle whose audit chain does not extend the one of the earlier bundle from the
       * same PPK workspace (the PPK restored a backup and went on from it), as the operator
       * decided on the PPK's written explanation; the import's record says so.
       */
      new_chain?: boolean;
      path: string;
      /** Replace the kecamatan's enrolled key (the PPK moved to another workstation). */
      replace?: boolean;
    };
    out: BundleImportReport;
  };
  outputs: {
    args: Record<string, never>;
    out: OutputEntry[];
  };
  key_status: {
    args: Record<string, never>;
    out: KeyStatus;
  };
  unlock_key: {
    args: {
      passphrase: string;
    };
    out: KeyStatus;
  };
  lock_key: {
    args: Record<string, never>;
    out: KeyStatus;
  };
  protect_key: {
    args: {
      /** The passphrase now, when the key has one. */
      current?: string | null;
      passphrase: string;
      /** The new passphrase typed again. */
      repeated: string;
    };
    out: KeyStatus;
  };
  calibrated_layouts: {
    args: Record<string, never>;
    out: CalibratedLayoutView[];
  };
  detect_layout_sample: {
    args: {
      /** The draft's layout id. */
      id: string;
      /**
       * The page the sample is, for a sheet printed without an AprilTag (a sample whose tag is
       * read must carry this code if one is given).
       */
      page_code?: number | null;
      /** The sample scan on the workstation's disk (PNG, JPEG, TIFF or PDF). */
      sample: string;
    };
    out: DraftView;
  };
  install_layout: {
    args: {
      /** The draft as `detect_layout_sample` returned it. */
      layout: unknown;
      /**
       * One per detected field, in its order: the catalogue key it is, or null for boxes that
       * hold no figure of the form (dropped).
       */
      names: (string | null)[];
      page_code: number;
    };
    out: CalibratedLayoutView[];
  };
  install_layout_file: {
    args: {
      page_code: number;
      /**
       * A named layout file on the workstation's disk (`pleno layout name` / `layout export`,
       * e.g. sent by the KPU Kabupaten/Kota).
       */
      path: string;
    };
    out: CalibratedLayoutView[];
  };
  remove_layout: {
    args: {
      page_code: number;
    };
    out: CalibratedLayoutView[];
  };
  model_in_use: {
    args: Record<string, never>;
    out: ModelInUse;
  };
  check_model: {
    args: {
      /** The retrained model (.onnx from tools/digits) on the workstation's disk. */
      path: string;
    };
    out: ModelCheck;
  };
  install_model: {
    args: {
      /** Its model card (training.json from tools/digits), when one came with it. */
      card?: string | null;
      /** The model's name (its card's title, e.g. "KPU Kab. Contoh 2026-12 kec. 6"). */
      name: string;
      path: string;
      /** Why it is installed (e.g. the KPU Kab/Kota's letter). */
      reason: string;
    };
    out: ModelCheck;
  };
  remove_model: {
    args: {
      reason: string;
    };
    out: ModelInUse;
  };
  audit: {
    args: {
      actor?: string | null;
      after?: number | null;
      before?: number | null;
      kind?: string | null;
      limit?: number | null;
      /** Newest first, paged by `before` (the last seq seen). */
      newest_first?: boolean;
    };
    out: AuditEvent[];
  };
  audit_kinds: {
    args: Record<string, never>;
    out: AuditKind[];
  };
  verify_audit: {
    args: Record<string, never>;
    out: VerifyReport;
  };
  backup: {
    args: {
      /** The folder (a USB stick) the new backup folder is made in. */
      folder: string;
    };
    out: BackupMade;
  };
  selection: {
    args: Record<string, never>;
    out: Selection | null;
  };
  set_selection: {
    args: {
      contest: Contest;
      field?: FieldKey | null;
      page?: number | null;
      /**
       * Whose selection it is: a panel's laptop, or none for the workstation. Set by Pleno from
       * who sent it, never taken from the request.
       */
      panel?: number | null;
      tps: TpsCode;
    };
    out: Done;
  };
  floor: {
    args: Record<string, never>;
    out: Floor;
  };
  give_floor: {
    args: {
      /** The panel whose laptop the projector follows; none: the workstation. */
      panel?: number | null;
    };
    out: Floor;
  };
}
