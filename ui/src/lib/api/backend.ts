// The Backend the screens talk to. Two implementations: Tauri IPC (the desktop app) and HTTP
// (`pleno serve`: browser, LAN projector, E2E). Screens never know which one they have; they
// only look at `capabilities` to hide what the transport cannot do (choose a workspace folder,
// open a PDF in the system viewer).

import { ROUTES, type Command } from './commands';
import type { Api } from './generated/types';
import type {
  AppEvent,
  AuditEvent,
  AuditFilter,
  BundleResult,
  Contest,
  CreateWorkspaceRequest,
  DesaCode,
  Device,
  Election,
  Entry,
  FieldKey,
  FiguresReport,
  Floor,
  FormView,
  JobStatus,
  KeyStatus,
  CalibratedLayoutView,
  DraftView,
  Me,
  NewObjection,
  Objection,
  Organisation,
  OutputEntry,
  Page,
  PageDetail,
  PageFilter,
  Paired,
  PairingCode,
  Policy,
  PrintRequest,
  PrintResult,
  QueueFilter,
  QueueItem,
  Recap,
  Reread,
  Places,
  RecentWorkspace,
  Selection,
  SharingStatus,
  SignOff,
  Summary,
  TpsCode,
  Uploaded,
  VerifyResult,
  Who,
} from './types';

/** An error as it crosses every boundary: a stable code and an Indonesian message. */
export class BackendError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  constructor(code: string, message: string, status?: number) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
    this.status = status;
  }

  /** Anything thrown by a transport, as a BackendError. */
  static from(e: unknown): BackendError {
    if (e instanceof BackendError) return e;
    if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
      const o = e as { code: unknown; message: unknown };
      return new BackendError(String(o.code), String(o.message));
    }
    if (typeof e === 'string') {
      // Tauri may hand back a plain string; it may itself be JSON.
      try {
        return BackendError.from(JSON.parse(e));
      } catch {
        return new BackendError('internal', e);
      }
    }
    if (e instanceof TypeError) {
      // fetch() failing: the server is not there.
      return new BackendError('offline', e.message);
    }
    return new BackendError('internal', e instanceof Error ? e.message : String(e));
  }
}

export interface Capabilities {
  /** Open/create another workspace folder (desktop only; `pleno serve` serves one). */
  switchWorkspace: boolean;
  /** Choose files or folders with the system dialog (desktop); otherwise paths are typed. */
  pickFiles: boolean;
  /** Open a generated PDF/xlsx in the system viewer. */
  openFiles: boolean;
  /** Save a generated PDF/xlsx/bundle on this computer as a download (a LAN browser). */
  downloadFiles?: boolean;
  /** Serve the workspace to the office LAN from here ("Buka untuk jaringan", desktop). */
  lanSharing?: boolean;
  /** A separate projector window the app opens itself. */
  projectorWindow: boolean;
}

export interface PickOptions {
  directory?: boolean;
  multiple?: boolean;
  save?: boolean;
  title?: string;
  filters?: { name: string; extensions: string[] }[];
}

export type Unsubscribe = () => void;

/** The four corners of a page a clerk placed, clockwise from top-left. */
export type Corners = Api['set_corners']['args']['corners'];

/** A use case's arguments: optional when it needs none. */
type ArgsOf<C extends Command> = {} extends Api[C]['args'] ? [args?: Api[C]['args']] : [args: Api[C]['args']];

export interface Backend {
  readonly kind: 'http' | 'tauri';
  readonly capabilities: Capabilities;
  /** Who acts on writes from now on. */
  setWho(who: Who | null): void;
  who(): Who | null;

  // Workspace (the shell chooses the folder; HTTP serves one)
  recentWorkspaces(): Promise<RecentWorkspace[]>;
  openWorkspace(dir: string, readOnly?: boolean): Promise<Summary>;
  createWorkspace(req: CreateWorkspaceRequest): Promise<Summary>;
  closeWorkspace(): Promise<void>;
  /** Where the desktop app proposes workspaces, makes the demo and keeps its log (null over HTTP). */
  places(): Promise<Places | null>;
  /** The demo kecamatan in the documents folder: made on the first try, opened afterwards (desktop). */
  openDemo(): Promise<Summary>;
  /** The first screen is painted: the desktop shell logs how long the start took. */
  painted(): void;
  /** A verified copy of the workspace in a new folder inside `folder` (a USB stick). */
  backup(folder: string): Promise<Api['backup']['out']>;

  /** What this window's token is; a paired device names its person and role. */
  me(): Promise<Me>;
  /** Pairs this browser with the code the operator read out (HTTP only). */
  pair(code: string, deviceName: string): Promise<Paired>;
  devices(): Promise<Device[]>;
  createDevice(d: Api['create_device']['args']): Promise<PairingCode>;
  revokeDevice(id: number): Promise<Device>;

  workspaceSummary(): Promise<Summary>;
  cropLearning(): Promise<Api['crop_learning']['out']>;
  election(): Promise<Election>;
  organisation(): Promise<Organisation>;
  addPanel(name: string): Promise<{ id: number }>;
  assignDesa(panel: number, desa: DesaCode): Promise<void>;
  setPanelChair(panel: number, member: number | null): Promise<void>;
  handOverTps(tps: TpsCode, panel: number | null, reason: string): Promise<void>;
  setKppsPanels(tps: TpsCode, count: 1 | 2): Promise<void>;
  policy(): Promise<Policy>;
  setPolicy(policy: Api['set_policy']['args']): Promise<Policy>;
  setMaxPanels(max: number, reason: string): Promise<void>;

  queue(filter?: QueueFilter): Promise<QueueItem[]>;
  form(tps: TpsCode, contest: Contest): Promise<FormView>;
  confirmForm(
    tps: TpsCode,
    contest: Contest,
    acknowledgeWarnings: boolean,
    objection?: number | null,
    /** The form's newest entry id as the screen showed it (see `formVersion`). */
    basedOn?: number,
  ): Promise<{ signoff: number }>;
  correctField(
    tps: TpsCode,
    contest: Contest,
    key: FieldKey,
    value: number,
    reason: string,
    objection?: number | null,
    /** The field's entry id as the screen showed it (0: none). */
    basedOn?: number,
  ): Promise<void>;
  acceptSuggestion(tps: TpsCode, contest: Contest, index: number, basedOn?: number): Promise<void>;
  requestRecount(tps: TpsCode, contest: Contest, reason: string): Promise<{ objection: number }>;
  enterRecount(
    tps: TpsCode,
    contest: Contest,
    values: Record<FieldKey, number>,
    note: string,
  ): Promise<void>;
  enterForm(
    tps: TpsCode,
    contest: Contest,
    values: Record<FieldKey, number>,
    reason?: string,
  ): Promise<void>;
  fieldHistory(tps: TpsCode, contest: Contest, key: FieldKey): Promise<Entry[]>;

  pages(filter?: PageFilter): Promise<Page[]>;
  page(id: number): Promise<PageDetail>;
  /** A URL an <img> can show (HTTP: with the token; Tauri: a blob URL). */
  pageImageUrl(id: number, max?: number): Promise<string>;
  assignPage(
    id: number,
    tps: TpsCode,
    contest: Contest,
    pageCode: number,
    reason: string,
  ): Promise<void>;
  setCorners(id: number, corners: Corners): Promise<Reread>;
  importPhotos(paths: string[]): Promise<{ job: number }>;
  /** Sends one file from this browser into upload batch `batch` (HTTP only). */
  uploadFile(batch: string, path: string, file: Blob): Promise<Uploaded>;
  /** Imports what was uploaded into `batch`, as a folder. */
  importUploads(batch: string): Promise<{ job: number }>;
  importFigures(path: string): Promise<FiguresReport>;
  /** Imports a figures workbook this browser sent into `batch` (an operator's laptop). */
  importUploadedFigures(batch: string, path: string): Promise<FiguresReport>;
  jobs(): Promise<JobStatus[]>;
  job(id: number): Promise<JobStatus>;
  cancelJob(id: number): Promise<{ cancelled: boolean }>;

  objections(): Promise<Objection[]>;
  raiseObjection(o: NewObjection): Promise<{ id: number }>;
  resolveObjection(id: number, accepted: boolean, resolution: string): Promise<void>;
  signoffs(): Promise<SignOff[]>;
  closeDesa(desa: DesaCode, note?: string | null): Promise<{ signoff: number }>;
  finalizeKecamatan(note?: string | null): Promise<{ signoff: number }>;
  reopenSignoff(id: number, reason: string, objection?: number | null): Promise<void>;

  recap(): Promise<Recap>;
  print(req: PrintRequest): Promise<PrintResult>;
  exportFiles(format: 'xlsx' | 'csv'): Promise<{ files: string[] }>;
  /** `withCrops` carries the labelled box crops, for retraining the reader at the KPU Kab/Kota. */
  bundleExport(dest?: string | null, withCrops?: boolean): Promise<BundleResult>;
  /** `fingerprint` confirms a kecamatan's first key (read off its signed D.Hasil); with `replace`, a new one. */
  bundleImport(path: string, fingerprint?: string | null, replace?: boolean): Promise<{ kecamatan: string; contests: number; fingerprint: string; key_enrolled: boolean }>;

  audit(filter?: AuditFilter): Promise<AuditEvent[]>;
  /** Every kind of audit event and its Indonesian description, as the store declares them. */
  auditKinds(): Promise<{ kind: string; label: string }[]>;
  verifyAudit(): Promise<VerifyResult>;
  /** The workstation key: fingerprint, passphrase, opened this session, newest checkpoint. */
  keyStatus(): Promise<KeyStatus>;
  /** Opens the key for this session with the chair's passphrase (workstation only). */
  unlockKey(passphrase: string): Promise<KeyStatus>;
  lockKey(): Promise<KeyStatus>;
  /** Puts the key under a new passphrase; `current` when it has one already. */
  protectKey(passphrase: string, repeated: string, current?: string | null): Promise<KeyStatus>;
  /** The form layouts this office calibrated, by page code. */
  calibratedLayouts(): Promise<CalibratedLayoutView[]>;
  /** A draft layout detected from a sample scan on the workstation's disk, numbered;
   * `pageCode` names the page of a sheet printed without an AprilTag. */
  detectLayout(sample: string, id: string, pageCode?: number | null): Promise<DraftView>;
  /** Names the draft's fields (a catalogue key each, null drops it) and installs it. */
  installLayout(pageCode: number, layout: unknown, names: (string | null)[]): Promise<CalibratedLayoutView[]>;
  /** Installs a named layout file on the workstation's disk (sent by another office). */
  installLayoutFile(pageCode: number, path: string): Promise<CalibratedLayoutView[]>;
  /** Returns a page to its shipped layout. */
  removeLayout(pageCode: number): Promise<CalibratedLayoutView[]>;
  /** The digit model photos are read with (shipped or installed). */
  modelInUse(): Promise<Api['model_in_use']['out']>;
  /** A retrained model on the workstation's disk compared with the one in use. */
  checkModel(path: string): Promise<Api['check_model']['out']>;
  /** Checks and, when it passes, installs a retrained model (with its training.json card). */
  installModel(path: string, name: string, reason: string, card?: string | null): Promise<Api['install_model']['out']>;
  /** Returns to the model shipped with Pleno. */
  removeModel(reason: string): Promise<Api['remove_model']['out']>;
  selection(): Promise<Selection | null>;
  setSelection(sel: Omit<Api['set_selection']['args'], 'panel'>): Promise<void>;
  /** Whose selection the projector shows (a panel, or null: the workstation) and every
   * screen's selection. */
  floor(): Promise<Floor>;
  /** The operator gives the floor to a panel's laptop (null: back to the workstation). */
  giveFloor(panel: number | null): Promise<Floor>;
  /** Files printed or exported so far (dokumen/, ekspor/), newest first. */
  outputs(): Promise<OutputEntry[]>;
  /** Saves one of those files on this computer (a LAN browser's download). */
  downloadFile(file: { folder: string; name: string }): Promise<void>;

  /** Every AppEvent (job progress, form changes, selection, recap). */
  subscribe(listener: (e: AppEvent) => void): Unsubscribe;
  /** Called each time the event stream (re)connects: events sent before it are not heard, so a
   * screen that follows them fetches what it shows again. */
  onConnected(listener: () => void): Unsubscribe;

  /** Files or folders chosen by the user; null when cancelled or not possible here. */
  pickPaths(options: PickOptions): Promise<string[] | null>;
  /** Opens a generated file in the system viewer (desktop). */
  openPath(path: string): Promise<void>;
  /** Opens (or focuses) the projector window (desktop). */
  openProjector(): Promise<void>;
  /** Whether the desktop app serves its workspace to the LAN, and where (null: a browser,
   * which is already on the LAN). */
  sharingStatus(): Promise<SharingStatus | null>;
  /** "Buka untuk jaringan" on or off (desktop). */
  setSharing(on: boolean): Promise<SharingStatus>;
  /** A QR code of `text` as SVG, drawn by Pleno. */
  qr(text: string): Promise<string>;
  /** The server certificate's fingerprint when served over HTTPS (`pleno serve --tls`). */
  serverFingerprint(): Promise<string | null>;
  /** Paths of files dropped on the window (desktop only; a browser cannot see paths). */
  onDropPaths(listener: (paths: string[]) => void): Unsubscribe;
}

/** The version a write was based on, when the screen knows it (`stale_write` if it moved). */
function seen(basedOn: number | undefined): { based_on?: number } {
  return basedOn === undefined ? {} : { based_on: basedOn };
}

/** The typed methods over one `call(command, args)`; transports implement `call`. */
export abstract class BaseBackend implements Backend {
  abstract readonly kind: 'http' | 'tauri';
  abstract readonly capabilities: Capabilities;
  protected currentWho: Who | null = null;

  setWho(who: Who | null): void {
    this.currentWho = who;
  }
  who(): Who | null {
    return this.currentWho;
  }

  /** Sends one use case over the transport; rejects with a BackendError. */
  protected abstract send(command: Command, args: Record<string, unknown>): Promise<unknown>;

  /** Runs one use case with the arguments pleno-app declares for it and answers what it
   * declares (generated/types.ts), so a field the app does not have fails the type check. */
  call<C extends Command>(command: C, ...args: ArgsOf<C>): Promise<Api[C]['out']> {
    return this.send(command, { ...(args[0] ?? {}) }) as Promise<Api[C]['out']>;
  }
  abstract subscribe(listener: (e: AppEvent) => void): Unsubscribe;
  abstract pageImageUrl(id: number, max?: number): Promise<string>;
  abstract pickPaths(options: PickOptions): Promise<string[] | null>;
  abstract openPath(path: string): Promise<void>;
  abstract openProjector(): Promise<void>;
  abstract onDropPaths(listener: (paths: string[]) => void): Unsubscribe;
  /** Transports whose stream cannot drop (Tauri, tests) never call it. */
  onConnected(_listener: () => void): Unsubscribe {
    return () => {};
  }
  abstract recentWorkspaces(): Promise<RecentWorkspace[]>;
  abstract openWorkspace(dir: string, readOnly?: boolean): Promise<Summary>;
  abstract createWorkspace(req: CreateWorkspaceRequest): Promise<Summary>;
  abstract closeWorkspace(): Promise<void>;
  abstract places(): Promise<Places | null>;
  abstract openDemo(): Promise<Summary>;
  abstract painted(): void;

  backup(folder: string) {
    return this.call('backup', { folder });
  }

  protected requireWho(command: Command): void {
    if (ROUTES[command].access === 'write' && !this.currentWho?.actor?.trim()) {
      throw new BackendError(
        'actor_required',
        'Tuliskan nama petugas dulu (kanan atas) sebelum mengubah data.',
      );
    }
  }

  async sharingStatus(): Promise<SharingStatus | null> {
    return null;
  }
  async setSharing(_on: boolean): Promise<SharingStatus> {
    throw new BackendError('not_available', 'Berbagi ke jaringan dibuka dari aplikasi desktop di komputer utama.');
  }
  async serverFingerprint(): Promise<string | null> {
    return null;
  }
  async qr(text: string): Promise<string> {
    return (await this.call('qr', { text })).svg;
  }

  abstract me(): Promise<Me>;
  async uploadFile(_batch: string, _path: string, _file: Blob): Promise<Uploaded> {
    throw new BackendError('not_available', 'Aplikasi desktop mengimpor foto langsung dari foldernya.');
  }
  importUploads(batch: string) {
    return this.call('import_uploads', { batch });
  }
  importUploadedFigures(batch: string, path: string) {
    return this.call('import_uploaded_figures', { batch, path });
  }
  abstract pair(code: string, deviceName: string): Promise<Paired>;
  devices() {
    return this.call('devices');
  }
  createDevice(d: Api['create_device']['args']) {
    return this.call('create_device', { ...d });
  }
  revokeDevice(id: number) {
    return this.call('revoke_device', { id });
  }

  workspaceSummary() {
    return this.call('workspace_summary');
  }
  cropLearning() {
    return this.call('crop_learning');
  }
  election() {
    return this.call('election');
  }
  organisation() {
    return this.call('organisation');
  }
  addPanel(name: string) {
    return this.call('add_panel', { name });
  }
  async assignDesa(panel: number, desa: DesaCode) {
    await this.call('assign_desa', { id: panel, desa });
  }
  async setPanelChair(panel: number, member: number | null) {
    await this.call('set_panel_chair', { id: panel, member });
  }
  async handOverTps(tps: TpsCode, panel: number | null, reason: string) {
    await this.call('hand_over_tps', { tps, panel, reason });
  }
  async setKppsPanels(tps: TpsCode, count: 1 | 2) {
    await this.call('set_kpps_panels', { tps, count });
  }
  policy() {
    return this.call('policy');
  }
  setPolicy(policy: Api['set_policy']['args']) {
    return this.call('set_policy', { ...policy });
  }
  async setMaxPanels(max: number, reason: string) {
    await this.call('set_max_panels', { max, reason });
  }

  queue(filter: QueueFilter = {}) {
    return this.call('queue', { ...filter });
  }
  form(tps: TpsCode, contest: Contest) {
    return this.call('form', { tps, contest });
  }
  confirmForm(tps: TpsCode, contest: Contest, acknowledgeWarnings: boolean, objection?: number | null, basedOn?: number) {
    return this.call('confirm_form', {
      tps,
      contest,
      acknowledge_warnings: acknowledgeWarnings,
      objection: objection ?? null,
      ...seen(basedOn),
    });
  }
  async correctField(
    tps: TpsCode,
    contest: Contest,
    key: FieldKey,
    value: number,
    reason: string,
    objection?: number | null,
    basedOn?: number,
  ) {
    await this.call('correct_field', { tps, contest, key, value, reason, objection: objection ?? null, ...seen(basedOn) });
  }
  async acceptSuggestion(tps: TpsCode, contest: Contest, index: number, basedOn?: number) {
    await this.call('accept_suggestion', { tps, contest, index, ...seen(basedOn) });
  }
  requestRecount(tps: TpsCode, contest: Contest, reason: string) {
    return this.call('request_recount', { tps, contest, reason });
  }
  async enterRecount(tps: TpsCode, contest: Contest, values: Record<FieldKey, number>, note: string) {
    await this.call('enter_recount', { tps, contest, values, note });
  }
  async enterForm(tps: TpsCode, contest: Contest, values: Record<FieldKey, number>, reason?: string) {
    await this.call('enter_form', { tps, contest, values, reason: reason ?? null });
  }
  fieldHistory(tps: TpsCode, contest: Contest, key: FieldKey) {
    return this.call('field_history', { tps, contest, key });
  }

  pages(filter: PageFilter = {}) {
    return this.call('pages', { ...filter });
  }
  page(id: number) {
    return this.call('page', { id });
  }
  async assignPage(id: number, tps: TpsCode, contest: Contest, pageCode: number, reason: string) {
    await this.call('assign_page', { id, tps, contest, page_code: pageCode, reason });
  }
  setCorners(id: number, corners: Corners) {
    return this.call('set_corners', { id, corners });
  }
  importPhotos(paths: string[]) {
    return this.call('import_photos', { paths });
  }
  importFigures(path: string) {
    return this.call('import_figures', { path });
  }
  jobs() {
    return this.call('jobs');
  }
  job(id: number) {
    return this.call('job', { id });
  }
  cancelJob(id: number) {
    return this.call('cancel_job', { id });
  }

  objections() {
    return this.call('objections');
  }
  raiseObjection(o: NewObjection) {
    return this.call('raise_objection', {
      desa: null,
      tps: null,
      contest: null,
      ...o,
    });
  }
  async resolveObjection(id: number, accepted: boolean, resolution: string) {
    await this.call('resolve_objection', { id, accepted, resolution });
  }
  signoffs() {
    return this.call('signoffs');
  }
  closeDesa(desa: DesaCode, note?: string | null) {
    return this.call('close_desa', { desa, note: note ?? null });
  }
  finalizeKecamatan(note?: string | null) {
    return this.call('finalize_kecamatan', { note: note ?? null });
  }
  async reopenSignoff(id: number, reason: string, objection?: number | null) {
    await this.call('reopen_signoff', { id, reason, objection: objection ?? null });
  }

  recap() {
    return this.call('recap');
  }
  print(req: PrintRequest) {
    return this.call('print', { contest: null, paper: 'a4', provisional: false, ...req });
  }
  exportFiles(format: 'xlsx' | 'csv') {
    return this.call('export', { format });
  }
  bundleExport(dest?: string | null, withCrops?: boolean) {
    return this.call('bundle_export', { dest: dest ?? null, with_crops: withCrops ?? false });
  }
  bundleImport(path: string, fingerprint?: string | null, replace?: boolean) {
    return this.call('bundle_import', {
      path,
      fingerprint: fingerprint ?? null,
      replace: replace ?? false,
    });
  }

  audit(filter: AuditFilter = {}) {
    return this.call('audit', { ...filter });
  }
  auditKinds() {
    return this.call('audit_kinds');
  }
  verifyAudit() {
    return this.call('verify_audit');
  }
  keyStatus() {
    return this.call('key_status');
  }
  unlockKey(passphrase: string) {
    return this.call('unlock_key', { passphrase });
  }
  lockKey() {
    return this.call('lock_key');
  }
  protectKey(passphrase: string, repeated: string, current?: string | null) {
    return this.call('protect_key', { passphrase, repeated, current: current ?? null });
  }
  calibratedLayouts() {
    return this.call('calibrated_layouts');
  }
  detectLayout(sample: string, id: string, pageCode?: number | null) {
    return this.call('detect_layout_sample', { sample, id, page_code: pageCode ?? null });
  }
  installLayout(pageCode: number, layout: unknown, names: (string | null)[]) {
    return this.call('install_layout', { page_code: pageCode, layout, names });
  }
  installLayoutFile(pageCode: number, path: string) {
    return this.call('install_layout_file', { page_code: pageCode, path });
  }
  removeLayout(pageCode: number) {
    return this.call('remove_layout', { page_code: pageCode });
  }
  modelInUse() {
    return this.call('model_in_use');
  }
  checkModel(path: string) {
    return this.call('check_model', { path });
  }
  installModel(path: string, name: string, reason: string, card?: string | null) {
    return this.call('install_model', { path, name, reason, card: card ?? null });
  }
  removeModel(reason: string) {
    return this.call('remove_model', { reason });
  }
  /** What the panel has chosen, or null before anything is (the HTTP API answers an empty
   * body then, which arrives here as {}). */
  async selection(): Promise<Selection | null> {
    const s = await this.call('selection');
    return s && s.tps && s.contest ? (s as Selection) : null;
  }
  async setSelection(sel: Omit<Api['set_selection']['args'], 'panel'>) {
    await this.call('set_selection', {
      tps: sel.tps,
      contest: sel.contest,
      field: sel.field ?? null,
      page: sel.page ?? null,
    });
  }
  floor() {
    return this.call('floor');
  }
  giveFloor(panel: number | null) {
    return this.call('give_floor', { panel });
  }
  outputs() {
    return this.call('outputs');
  }
  async downloadFile(_file: { folder: string; name: string }): Promise<void> {
    throw new BackendError('not_available', 'Aplikasi desktop membuka berkasnya langsung dari folder ruang kerja.');
  }
}
