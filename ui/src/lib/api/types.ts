// The shapes pleno-app serialises (docs/api.md). Field names are the Rust names, unchanged, so
// HTTP JSON and Tauri IPC results can be used as they arrive.

export type Contest = 'ppwp' | 'dpr' | 'dpd' | 'dprd_prov' | 'dprd_kab';
export const CONTESTS: Contest[] = ['ppwp', 'dpr', 'dpd', 'dprd_prov', 'dprd_kab'];

export type FieldKey = string;
export type TpsCode = string;
export type DesaCode = string;

export interface Actor {
  name: string;
  role?: string | null;
}

/** Who acts: sent as `X-Pleno-Actor` / `X-Pleno-Panel` over HTTP, as `who` over Tauri IPC. */
export interface Who {
  actor: string;
  panel?: number | null;
}

export interface Summary {
  dir: string;
  workspace_id: string;
  level: 'kecamatan' | 'kabupaten';
  drill: boolean;
  read_only: boolean;
  provinsi: string;
  kabupaten: string;
  kecamatan: string;
  kecamatan_code: string;
  desa: number;
  tps: number;
  pages: number;
  forms_agreed: number;
  forms_total: number;
  desa_closed: number;
  kecamatan_final: boolean;
  /** The workstation key's fingerprint, as printed in document footers. */
  key_fingerprint: string | null;
}

export interface TpsRef {
  code: TpsCode;
  dpt_l: number;
  dpt_p: number;
}
export interface DesaRef {
  code: DesaCode;
  name: string;
  tps: TpsRef[];
}
export interface Kecamatan {
  provinsi: string;
  provinsi_name: string;
  kabupaten: string;
  kabupaten_name: string;
  code: string;
  name: string;
  desa: DesaRef[];
}
export interface Pair {
  nomor: number;
  presiden: string;
  wakil: string;
}
export interface Candidate {
  nomor: number;
  name: string;
  gender?: 'L' | 'P';
}
export interface Party {
  nomor: number;
  name: string;
  short: string;
}
export type BallotItems =
  | { kind: 'pairs'; items: Pair[] }
  | { kind: 'parties'; items: { party: Party; candidates: Candidate[] }[] }
  | { kind: 'candidates'; items: Candidate[] };
export interface Ballot {
  contest: Contest;
  dapil?: { code: string; name: string } | null;
  items: BallotItems;
}
export interface Member {
  name: string;
  role: string;
}
export interface Saksi {
  contest: Contest;
  participant: number;
  name: string;
}
export interface Election {
  kecamatan: Kecamatan;
  ballots: Ballot[];
  members: Member[];
  saksi: Saksi[];
}

export interface Panel {
  id: number;
  name: string;
  chair: number | null;
  desa: DesaCode[];
  created_at: string;
}
export interface TpsRow {
  code: TpsCode;
  desa: DesaCode;
  dpt_l: number;
  dpt_p: number;
  kpps_panels: number | null;
  handed_to: number | null;
  panel: number | null;
}
export interface Organisation {
  members: [number, Member][];
  saksi: [number, Saksi][];
  panels: Panel[];
  max_panels: number;
  unassigned_desa: DesaCode[];
  tps: TpsRow[];
}

export interface Policy {
  min_field_confidence: number;
  min_digit_probability: number;
  warnings_need_review: boolean;
}

export type QueueKind =
  | 'rejected_page'
  | 'unidentified_page'
  | 'duplicate_page'
  | 'rule_error'
  | 'recount_pending'
  | 'missing_pages'
  | 'low_confidence'
  | 'warning'
  | 'to_confirm';

export interface QueueItem {
  kind: QueueKind;
  label: string;
  tps: TpsCode | null;
  contest: Contest | null;
  desa: DesaCode | null;
  desa_name: string | null;
  panel: number | null;
  page: number | null;
  /** The page's file, for a page item. */
  source?: string | null;
  /** Where an unfiled page seems to belong, from its folder name ("KARANGJATI · TPS 004"). */
  place_hint?: string | null;
  /** Rule texts; for a page item its refusal ("code: message"). */
  reasons: string[];
}
export interface QueueFilter {
  panel?: number | null;
  desa?: DesaCode | null;
  tps?: TpsCode | null;
  contest?: Contest | null;
  kind?: QueueKind | null;
}

export type Source = 'ocr_accepted' | 'clerk' | 'recount' | 'import';

export interface DigitReading {
  class: number | null;
  probabilities: number[];
}
export interface ReadingView {
  id: number;
  page: number;
  value: number | null;
  confidence: number;
  digits: DigitReading[];
}
export interface FieldView {
  key: FieldKey;
  section: string;
  code: string;
  col: 'L' | 'P' | 'J' | null;
  row_label_id: string;
  label_id: string;
  label_en: string;
  page: number;
  value: number | null;
  source: Source | null;
  entry: number | null;
  reading: ReadingView | null;
  suggestion: number | null;
  rules: string[];
}
export interface FindingField {
  contest: Contest;
  key: FieldKey;
}
export interface Finding {
  rule: string;
  severity: 'error' | 'warning' | string;
  contest: Contest | null;
  fields: FindingField[];
  expected: number | null;
  actual: number | null;
  message_id: string;
  text_id: string;
  text_en: string;
}
export interface MisreadChange {
  key: FieldKey;
  from: number;
  to: number;
  boxes_changed: number;
  pattern: string;
  cost: number;
}
export interface MisreadSuggestion {
  changes: MisreadChange[];
  cost: number;
  text_id: string;
  text_en: string;
}
export interface MisreadReport {
  suggestions: MisreadSuggestion[];
  suspects: { key: FieldKey; read: number; alternatives: [number, number][] }[];
  exhaustive: boolean;
  ambiguous: boolean;
}
export type PageStatus = 'identified' | 'unidentified' | 'rejected';
export interface Page {
  id: number;
  blob: string;
  source_path: string;
  tps: TpsCode | null;
  contest: Contest | null;
  page_code: number | null;
  status: PageStatus;
  reason: string | null;
  added_at: string;
  geometry?: unknown;
}
export type FormStatus = 'missing' | 'open' | 'recount_pending' | 'agreed';
export interface FormView {
  tps: TpsCode;
  tps_nomor: number;
  desa: DesaCode;
  desa_name: string;
  contest: Contest;
  panel: number | null;
  status: FormStatus;
  fields: FieldView[];
  findings: Finding[];
  misread: MisreadReport;
  pages: Page[];
  missing_pages: number[];
  objections: Objection[];
  recount: number | null;
  agreed: number | null;
}

export interface Entry {
  id: number;
  tps: TpsCode;
  contest: Contest;
  field: FieldKey;
  value: number;
  source: Source;
  reason: string | null;
  reading: number | null;
  objection: number | null;
  actor: Actor;
  panel: number | null;
  at: string;
  supersedes: number | null;
}

export interface PageGeometry {
  width: number;
  height: number;
  corners: [number, number][] | null;
  /** Per field: its digit boxes and the whole row of the paper (label, boxes, words line). */
  fields: { key: FieldKey; boxes: [number, number, number, number][]; row?: [number, number, number, number] | null }[];
}
export interface PageDetail {
  page: Page;
  readings: unknown[];
  geometry: PageGeometry | null;
}
export interface PageFilter {
  status?: PageStatus | null;
  tps?: TpsCode | null;
  contest?: Contest | null;
}

export interface JobStatus {
  id: number;
  kind: string;
  done: number;
  total: number;
  current: string;
  finished: boolean;
  cancelled: boolean;
  failed: boolean;
  summary: string | null;
}
export interface FiguresReport {
  forms: number;
  entries: number;
  unchanged: number;
  agreed: number;
  to_review: number;
  skipped: number;
}

export type ObjectionKind = 'keberatan' | 'kejadian_khusus';
export type ObjectionStatus = 'open' | 'accepted' | 'rejected';
export interface Objection {
  id: number;
  kind: ObjectionKind;
  raised_by: string;
  saksi: number | null;
  desa: DesaCode | null;
  tps: TpsCode | null;
  contest: Contest | null;
  fields: FieldKey[];
  text: string;
  status: ObjectionStatus;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  actor: Actor;
  panel: number | null;
  at: string;
  entries: number[];
}
export interface NewObjection {
  kind: ObjectionKind;
  raised_by: string;
  saksi?: number | null;
  desa?: DesaCode | null;
  tps?: TpsCode | null;
  contest?: Contest | null;
  fields: FieldKey[];
  text: string;
}

export type SignOffKind = 'form_agreed' | 'desa_closed' | 'kecamatan_final' | 'form_absent';
export interface SignOff {
  id: number;
  kind: SignOffKind;
  tps: TpsCode | null;
  contest: Contest | null;
  desa: DesaCode | null;
  last_entry: number | null;
  objection: number | null;
  note: string | null;
  actor: Actor;
  panel: number | null;
  at: string;
  revoked: { objection: number | null; reason: string; actor: Actor; at: string } | null;
}

export interface FieldDef {
  key: FieldKey;
  section: string;
  code: string;
  col: 'L' | 'P' | 'J' | null;
  row_label_id: string;
  label_id: string;
  label_en: string;
  page: number;
}
export interface Completeness {
  expected: number;
  agreed: number;
  missing: TpsCode[];
  unagreed: TpsCode[];
}
export interface RecapColumn {
  code: string;
  name: string;
  totals: Record<FieldKey, number>;
  completeness: Completeness;
}
export interface RecapTable {
  contest: Contest;
  column_level: 'desa' | 'tps';
  place_code: string;
  place_name: string;
  rows: FieldDef[];
  columns: RecapColumn[];
  total: Record<FieldKey, number>;
  completeness: Completeness;
}
export interface Recap {
  contests: { contest: Contest; kecamatan: RecapTable; lampiran: RecapTable[] }[];
}

export type PrintDoc = 'd-hasil' | 'lampiran' | 'd-kejadian' | 'all';
export interface PrintRequest {
  doc: PrintDoc;
  contest?: Contest | null;
  paper?: 'a4' | 'f4';
  provisional?: boolean;
}
export interface PrintResult {
  files: { path: string; pages: number }[];
}
export interface BundleResult {
  path: string;
  files: number;
  sha256: string;
}

export interface AuditEvent {
  seq: number;
  at: string;
  actor: Actor;
  role?: string | null;
  kind: string;
  description?: string;
  payload: unknown;
  prev_hash: string;
  hash: string;
}
export interface AuditFilter {
  kind?: string | null;
  actor?: string | null;
  after?: number | null;
  /** Newest first, paged by `before` (the last seq seen). */
  newest_first?: boolean;
  before?: number | null;
  limit?: number | null;
}
export interface VerifyResult {
  ok?: boolean;
  events: number;
  blobs: number;
  rows?: number;
  problems: unknown[];
  problem_count?: number;
  notes?: string[];
}

export interface Selection {
  tps: TpsCode;
  contest: Contest;
  field?: FieldKey | null;
  page?: number | null;
}

export type AppEvent =
  | {
      type: 'job_progress';
      job: number;
      done: number;
      total: number;
      current: string;
      eta_seconds: number | null;
      per_minute: number | null;
    }
  | { type: 'job_finished'; job: number; cancelled: boolean; failed: boolean; summary: string }
  | { type: 'form_changed'; tps: TpsCode; contest: Contest }
  | ({ type: 'selection' } & Selection)
  | { type: 'recap_changed' };

export interface RecentWorkspace {
  dir: string;
  kecamatan: string;
  opened_at: string;
}
export interface CreateWorkspaceRequest {
  dir: string;
  reference: string;
  drill: boolean;
  figures?: string | null;
}
