//! The Tauri commands: one per use case, named like the HTTP API's routes (docs/api.md,
//! ui/src/lib/api/commands.ts) and taking one `args` object with the same fields as the HTTP
//! path parameters + JSON body; writes carry `who` instead of the X-Pleno-Actor header.
//! Each body is a one-line call into pleno-app, run off the main thread.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Value, json};
use tauri::{AppHandle, State};

use pleno_app::queue::{QueueFilter, QueueKind};
use pleno_app::workspace::Selection;
use pleno_app::{AppError, CreateOptions, Who, Workspace};
use pleno_core::wilayah::{DesaCode, TpsCode};
use pleno_core::{Contest, FieldKey, FormValues};
use pleno_store::{
    EventFilter, EventKind, MemberId, Mode, NewObjection, ObjectionId, ObjectionKind, PageFilter,
    PageId, PageIdentity, PageStatus, PanelId, SignOffId, Source,
};

use crate::{Shell, recent};

type Reply<T> = Result<T, AppError>;

/// Runs `f` on the open workspace on a blocking thread (it takes the store lock, may fsync).
async fn with<T, F>(shell: &State<'_, Shell>, f: F) -> Reply<T>
where
    T: Send + 'static,
    F: FnOnce(&Workspace) -> Reply<T> + Send + 'static,
{
    let ws = shell.workspace()?;
    tauri::async_runtime::spawn_blocking(move || f(&ws))
        .await
        .map_err(|e| AppError::new("internal", format!("tugas gagal: {e}")))?
}

fn bad(message: impl Into<String>) -> AppError {
    AppError::new("bad_request", message)
}

/// Who acts, as the X-Pleno-Actor / X-Pleno-Panel headers say over HTTP.
#[derive(Debug, Clone, Deserialize)]
pub struct WhoArg {
    actor: String,
    #[serde(default)]
    panel: Option<i64>,
}

impl WhoArg {
    fn who(&self) -> Reply<Who> {
        let name = self.actor.trim();
        if name.is_empty() {
            return Err(AppError::new(
                "actor_required",
                "perubahan harus menyebut nama petugas; isi nama petugas di kanan atas",
            ));
        }
        let who = Who::new(name);
        Ok(match self.panel {
            Some(p) => who.in_panel(PanelId(p)),
            None => who,
        })
    }
}

fn values_of(raw: &BTreeMap<FieldKey, u32>) -> FormValues {
    raw.iter().map(|(k, v)| (*k, *v)).collect()
}

// ── Argument objects (path parameters + body of the HTTP route) ─────────────────────────

#[derive(Deserialize)]
pub struct Id {
    id: i64,
}
#[derive(Deserialize)]
pub struct Form {
    tps: TpsCode,
    contest: Contest,
}
#[derive(Deserialize)]
pub struct FieldAt {
    tps: TpsCode,
    contest: Contest,
    key: FieldKey,
}
#[derive(Deserialize)]
pub struct Named {
    name: String,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct AssignDesa {
    id: i64,
    desa: DesaCode,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Chair {
    id: i64,
    member: Option<i64>,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Handover {
    tps: TpsCode,
    panel: Option<i64>,
    reason: String,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct KppsPanels {
    tps: TpsCode,
    count: u8,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct PolicyArgs {
    #[serde(flatten)]
    policy: pleno_app::policy::AcceptancePolicy,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct MaxPanels {
    max: u8,
    #[serde(default)]
    reason: String,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Queue {
    panel: Option<i64>,
    desa: Option<String>,
    tps: Option<TpsCode>,
    contest: Option<Contest>,
    kind: Option<QueueKind>,
}
#[derive(Deserialize)]
pub struct Confirm {
    tps: TpsCode,
    contest: Contest,
    #[serde(default)]
    acknowledge_warnings: bool,
    objection: Option<i64>,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Correct {
    tps: TpsCode,
    contest: Contest,
    key: FieldKey,
    value: u32,
    #[serde(default)]
    reason: String,
    objection: Option<i64>,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Suggestion {
    tps: TpsCode,
    contest: Contest,
    index: usize,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Recount {
    tps: TpsCode,
    contest: Contest,
    reason: String,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Values {
    tps: TpsCode,
    contest: Contest,
    values: BTreeMap<FieldKey, u32>,
    #[serde(default)]
    note: String,
    reason: Option<String>,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Pages {
    status: Option<PageStatus>,
    tps: Option<TpsCode>,
    contest: Option<Contest>,
}
#[derive(Deserialize)]
pub struct Image {
    id: i64,
    #[serde(default)]
    max: Option<u32>,
}
#[derive(Deserialize)]
pub struct AssignPage {
    id: i64,
    tps: TpsCode,
    contest: Contest,
    page_code: u16,
    reason: String,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Corners {
    id: i64,
    corners: Vec<[f64; 2]>,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct ImportPhotos {
    paths: Vec<PathBuf>,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct PathArg {
    path: PathBuf,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct JobArg {
    id: u64,
}
#[derive(Deserialize)]
pub struct CancelJob {
    id: u64,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct RaiseObjection {
    kind: ObjectionKind,
    raised_by: String,
    desa: Option<DesaCode>,
    tps: Option<TpsCode>,
    contest: Option<Contest>,
    #[serde(default)]
    fields: Vec<FieldKey>,
    text: String,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Resolve {
    id: i64,
    accepted: bool,
    resolution: String,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct CloseDesa {
    desa: DesaCode,
    note: Option<String>,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Note {
    note: Option<String>,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Reopen {
    id: i64,
    objection: Option<i64>,
    reason: String,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Print {
    doc: String,
    contest: Option<Contest>,
    #[serde(default)]
    paper: Option<String>,
    #[serde(default)]
    provisional: bool,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Export {
    format: String,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct BundleExport {
    dest: Option<PathBuf>,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct Audit {
    kind: Option<String>,
    actor: Option<String>,
    after: Option<i64>,
    limit: Option<u32>,
}
#[derive(Deserialize)]
pub struct SetSelection {
    tps: TpsCode,
    contest: Contest,
    field: Option<FieldKey>,
    page: Option<i64>,
}
#[derive(Deserialize)]
pub struct OpenWorkspace {
    dir: PathBuf,
    #[serde(default)]
    read_only: bool,
}
#[derive(Deserialize)]
pub struct CreateWorkspace {
    dir: PathBuf,
    reference: PathBuf,
    #[serde(default)]
    drill: bool,
    figures: Option<PathBuf>,
    who: WhoArg,
}
#[derive(Deserialize)]
pub struct OpenDocument {
    path: PathBuf,
}

// ── Reads ───────────────────────────────────────────────────────────────────────────────

#[tauri::command]
async fn workspace_summary(shell: State<'_, Shell>) -> Reply<pleno_app::workspace::Summary> {
    with(&shell, Workspace::summary).await
}
#[tauri::command]
async fn election(shell: State<'_, Shell>) -> Reply<pleno_core::reference::Election> {
    with(&shell, |w| w.read(pleno_store::Store::election)).await
}
#[tauri::command]
async fn organisation(shell: State<'_, Shell>) -> Reply<pleno_app::organisation::Organisation> {
    with(&shell, Workspace::organisation).await
}
#[tauri::command]
async fn policy(shell: State<'_, Shell>) -> Reply<pleno_app::policy::AcceptancePolicy> {
    with(&shell, |w| Ok(w.policy())).await
}
#[tauri::command]
async fn queue(shell: State<'_, Shell>, args: Queue) -> Reply<Vec<pleno_app::queue::QueueItem>> {
    let filter = QueueFilter {
        panel: args.panel.map(PanelId),
        desa: args.desa,
        tps: args.tps,
        contest: args.contest,
        kind: args.kind,
    };
    with(&shell, move |w| w.queue(&filter)).await
}
#[tauri::command]
async fn form(shell: State<'_, Shell>, args: Form) -> Reply<pleno_app::forms::FormView> {
    with(&shell, move |w| w.form(&args.tps, args.contest)).await
}
#[tauri::command]
async fn field_history(shell: State<'_, Shell>, args: FieldAt) -> Reply<Vec<pleno_store::Entry>> {
    with(&shell, move |w| {
        w.field_history(&args.tps, args.contest, args.key)
    })
    .await
}
#[tauri::command]
async fn pages(shell: State<'_, Shell>, args: Pages) -> Reply<Vec<pleno_store::Page>> {
    let filter = PageFilter {
        status: args.status,
        tps: args.tps,
        contest: args.contest,
    };
    with(&shell, move |w| w.read(|s| s.pages(&filter))).await
}
#[tauri::command]
async fn page(shell: State<'_, Shell>, args: Id) -> Reply<pleno_app::photos::PageView> {
    with(&shell, move |w| w.page_view(PageId(args.id))).await
}
#[tauri::command]
async fn page_image(
    shell: State<'_, Shell>,
    args: Image,
) -> Result<tauri::ipc::Response, AppError> {
    let jpeg = with(&shell, move |w| {
        w.page_image(PageId(args.id), args.max.unwrap_or(1600))
    })
    .await?;
    Ok(tauri::ipc::Response::new(jpeg))
}
#[tauri::command]
async fn jobs(shell: State<'_, Shell>) -> Reply<Vec<pleno_app::jobs::JobStatus>> {
    with(&shell, |w| Ok(w.jobs().all())).await
}
#[tauri::command]
async fn job(shell: State<'_, Shell>, args: JobArg) -> Reply<pleno_app::jobs::JobStatus> {
    with(&shell, move |w| {
        w.jobs()
            .status(args.id)
            .ok_or_else(|| AppError::new("not_found", format!("pekerjaan {} tidak ada", args.id)))
    })
    .await
}
#[tauri::command]
async fn objections(shell: State<'_, Shell>) -> Reply<Vec<pleno_store::Objection>> {
    with(&shell, Workspace::objections).await
}
#[tauri::command]
async fn signoffs(shell: State<'_, Shell>) -> Reply<Vec<pleno_store::SignOff>> {
    with(&shell, Workspace::signoffs).await
}
#[tauri::command]
async fn recap(shell: State<'_, Shell>) -> Reply<Value> {
    with(&shell, |w| {
        let r = w.read(pleno_app::recap::workspace_recap)?;
        let contests: Vec<Value> = r
            .contests
            .iter()
            .map(
                |c| json!({"contest": c.contest, "kecamatan": c.kecamatan, "lampiran": c.lampiran}),
            )
            .collect();
        Ok(json!({ "contests": contests }))
    })
    .await
}
#[tauri::command]
async fn audit(shell: State<'_, Shell>, args: Audit) -> Reply<Vec<pleno_store::AuditEvent>> {
    let mut filter = EventFilter::default();
    if let Some(k) = args.kind.filter(|k| !k.is_empty()) {
        filter.kind = Some(k.parse::<EventKind>().map_err(|e| bad(e.to_string()))?);
    }
    filter.actor = args.actor.filter(|a| !a.is_empty());
    filter.after = args.after.map(pleno_store::EventSeq);
    filter.limit = args.limit.unwrap_or(0);
    with(&shell, move |w| w.read(|s| s.events(&filter))).await
}
#[tauri::command]
async fn selection(shell: State<'_, Shell>) -> Reply<Option<Selection>> {
    with(&shell, |w| Ok(w.selection())).await
}

// ── Organisation and settings ───────────────────────────────────────────────────────────

#[tauri::command]
async fn add_panel(shell: State<'_, Shell>, args: Named) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.add_panel(&who, &args.name).map(|id| json!({"id": id}))
    })
    .await
}
#[tauri::command]
async fn assign_desa(shell: State<'_, Shell>, args: AssignDesa) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.assign_desa(&who, PanelId(args.id), &args.desa)
            .map(|()| json!({}))
    })
    .await
}
#[tauri::command]
async fn set_panel_chair(shell: State<'_, Shell>, args: Chair) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.set_panel_chair(&who, PanelId(args.id), args.member.map(MemberId))
            .map(|()| json!({}))
    })
    .await
}
#[tauri::command]
async fn hand_over_tps(shell: State<'_, Shell>, args: Handover) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.hand_over_tps(&who, &args.tps, args.panel.map(PanelId), &args.reason)
            .map(|()| json!({}))
    })
    .await
}
#[tauri::command]
async fn set_kpps_panels(shell: State<'_, Shell>, args: KppsPanels) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.set_kpps_panels(&who, &args.tps, args.count)
            .map(|()| json!({}))
    })
    .await
}
#[tauri::command]
async fn set_policy(
    shell: State<'_, Shell>,
    args: PolicyArgs,
) -> Reply<pleno_app::policy::AcceptancePolicy> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.set_policy(&who, args.policy).map(|()| args.policy)
    })
    .await
}
#[tauri::command]
async fn set_max_panels(shell: State<'_, Shell>, args: MaxPanels) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.set_max_panels(&who, args.max, &args.reason)
            .map(|()| json!({}))
    })
    .await
}

// ── The panel's work ────────────────────────────────────────────────────────────────────

#[tauri::command]
async fn confirm_form(shell: State<'_, Shell>, args: Confirm) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.confirm_form(
            &who,
            &args.tps,
            args.contest,
            args.acknowledge_warnings,
            args.objection.map(ObjectionId),
        )
        .map(|id| json!({"signoff": id}))
    })
    .await
}
#[tauri::command]
async fn correct_field(shell: State<'_, Shell>, args: Correct) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.correct_field(
            &who,
            &args.tps,
            args.contest,
            args.key,
            args.value,
            &args.reason,
            args.objection.map(ObjectionId),
        )
        .map(|()| json!({}))
    })
    .await
}
#[tauri::command]
async fn accept_suggestion(shell: State<'_, Shell>, args: Suggestion) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.accept_suggestion(&who, &args.tps, args.contest, args.index)
            .map(|()| json!({}))
    })
    .await
}
#[tauri::command]
async fn request_recount(shell: State<'_, Shell>, args: Recount) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.request_recount(&who, &args.tps, args.contest, &args.reason)
            .map(|id| json!({"objection": id}))
    })
    .await
}
#[tauri::command]
async fn enter_recount(shell: State<'_, Shell>, args: Values) -> Reply<Value> {
    let who = args.who.who()?;
    let values = values_of(&args.values);
    with(&shell, move |w| {
        w.enter_recount(&who, &args.tps, args.contest, &values, &args.note)
            .map(|()| json!({}))
    })
    .await
}
#[tauri::command]
async fn enter_form(shell: State<'_, Shell>, args: Values) -> Reply<Value> {
    let who = args.who.who()?;
    let values = values_of(&args.values);
    with(&shell, move |w| {
        w.enter_form(
            &who,
            &args.tps,
            args.contest,
            &values,
            Source::Clerk,
            args.reason.as_deref(),
        )
        .map(|()| json!({}))
    })
    .await
}

// ── Pages and imports ───────────────────────────────────────────────────────────────────

#[tauri::command]
async fn assign_page(shell: State<'_, Shell>, args: AssignPage) -> Reply<Value> {
    let who = args.who.who()?;
    let identity = PageIdentity {
        tps: args.tps,
        contest: args.contest,
        page_code: pleno_core::catalogue::PageCode(args.page_code),
    };
    with(&shell, move |w| {
        w.assign_page(&who, PageId(args.id), &identity, &args.reason)
            .map(|()| json!({}))
    })
    .await
}
#[tauri::command]
async fn set_corners(shell: State<'_, Shell>, args: Corners) -> Reply<Value> {
    let who = args.who.who()?;
    let corners: [(f64, f64); 4] = match args.corners.as_slice() {
        [a, b, c, d] => [(a[0], a[1]), (b[0], b[1]), (c[0], c[1]), (d[0], d[1])],
        _ => return Err(bad("tepat empat sudut [x, y] diperlukan")),
    };
    let view = with(&shell, move |w| {
        w.reread_page(&who, PageId(args.id), Some(corners))
    })
    .await?;
    Ok(json!({ "page": view }))
}
#[tauri::command]
async fn import_photos(shell: State<'_, Shell>, args: ImportPhotos) -> Reply<Value> {
    let who = args.who.who()?;
    let ws = shell.workspace()?;
    let job = ws.start_photo_import(who, args.paths)?;
    Ok(json!({ "job": job }))
}
#[tauri::command]
async fn import_figures(
    shell: State<'_, Shell>,
    args: PathArg,
) -> Reply<pleno_app::figures_import::FiguresReport> {
    let who = args.who.who()?;
    with(&shell, move |w| w.import_figures(&who, &args.path, &[])).await
}
#[tauri::command]
async fn cancel_job(shell: State<'_, Shell>, args: CancelJob) -> Reply<Value> {
    let _ = args.who.who()?;
    with(&shell, move |w| {
        Ok(json!({"cancelled": w.jobs().cancel(args.id)}))
    })
    .await
}

// ── Objections and sign-offs ────────────────────────────────────────────────────────────

#[tauri::command]
async fn raise_objection(shell: State<'_, Shell>, args: RaiseObjection) -> Reply<Value> {
    let who = args.who.who()?;
    let new = NewObjection {
        kind: args.kind,
        raised_by: args.raised_by,
        saksi: None,
        desa: args.desa,
        tps: args.tps,
        contest: args.contest,
        fields: args.fields,
        text: args.text,
    };
    with(&shell, move |w| {
        w.raise_objection(&who, &new).map(|id| json!({"id": id}))
    })
    .await
}
#[tauri::command]
async fn resolve_objection(shell: State<'_, Shell>, args: Resolve) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.resolve_objection(&who, ObjectionId(args.id), args.accepted, &args.resolution)
            .map(|()| json!({}))
    })
    .await
}
#[tauri::command]
async fn close_desa(shell: State<'_, Shell>, args: CloseDesa) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.close_desa(&who, &args.desa, args.note.as_deref())
            .map(|id| json!({"signoff": id}))
    })
    .await
}
#[tauri::command]
async fn finalize_kecamatan(shell: State<'_, Shell>, args: Note) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.finalize_kecamatan(&who, args.note.as_deref())
            .map(|id| json!({"signoff": id}))
    })
    .await
}
#[tauri::command]
async fn reopen_signoff(shell: State<'_, Shell>, args: Reopen) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| {
        w.reopen(
            &who,
            SignOffId(args.id),
            args.objection.map(ObjectionId),
            &args.reason,
        )
        .map(|()| json!({}))
    })
    .await
}

// ── Documents ───────────────────────────────────────────────────────────────────────────

#[tauri::command]
async fn print(shell: State<'_, Shell>, args: Print) -> Reply<Value> {
    let _ = args.who.who()?;
    with(&shell, move |w| {
        let files = w.print_documents(
            &args.doc,
            args.contest,
            args.paper.as_deref(),
            args.provisional,
        )?;
        Ok(json!({ "files": files }))
    })
    .await
}
#[tauri::command]
async fn export(shell: State<'_, Shell>, args: Export) -> Reply<Value> {
    let _ = args.who.who()?;
    with(&shell, move |w| {
        let files: Vec<String> = w
            .export_recap(&args.format)?
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        Ok(json!({ "files": files }))
    })
    .await
}
#[tauri::command]
async fn bundle_export(shell: State<'_, Shell>, args: BundleExport) -> Reply<Value> {
    let _who = args.who.who()?;
    let options = pleno_app::bundle::ExportOptions {
        dest: args.dest,
        without_images: false,
    };
    with(&shell, move |w| w.export_bundle(&options))
        .await
        .map(|r| json!(r))
}
#[tauri::command]
async fn bundle_import(shell: State<'_, Shell>, args: PathArg) -> Reply<Value> {
    let who = args.who.who()?;
    with(&shell, move |w| w.import_bundle(&who, &args.path))
        .await
        .map(|r| json!(r))
}
#[tauri::command]
async fn verify_audit(shell: State<'_, Shell>) -> Reply<pleno_store::VerifyReport> {
    with(&shell, |w| w.read(pleno_store::Store::verify)).await
}

// ── Projector ───────────────────────────────────────────────────────────────────────────

#[tauri::command]
async fn set_selection(shell: State<'_, Shell>, args: SetSelection) -> Reply<Value> {
    let sel = Selection {
        tps: args.tps,
        contest: args.contest,
        field: args.field,
        page: args.page,
    };
    with(&shell, move |w| {
        w.select(sel);
        Ok(json!({}))
    })
    .await
}
#[tauri::command]
async fn open_projector(app: AppHandle) -> Reply<Value> {
    crate::open_projector(&app).map(|()| json!({}))
}

// ── The shell: which workspace, recent list, opening documents ─────────────────────────

#[tauri::command]
async fn recent_workspaces(app: AppHandle) -> Reply<Vec<recent::Recent>> {
    Ok(recent::list(&app))
}
#[tauri::command]
async fn open_workspace(
    app: AppHandle,
    args: OpenWorkspace,
) -> Reply<pleno_app::workspace::Summary> {
    let mode = if args.read_only {
        Mode::ReadOnly
    } else {
        Mode::ReadWrite
    };
    let dir = args.dir;
    // Release the current workspace (and its lock) before opening another.
    crate::uninstall(&app);
    let ws = tauri::async_runtime::spawn_blocking(move || Workspace::open(&dir, mode))
        .await
        .map_err(|e| AppError::new("internal", e.to_string()))??;
    let ws = crate::install(&app, ws);
    recent::remember(&app, &ws);
    ws.summary()
}
#[tauri::command]
async fn create_workspace(
    app: AppHandle,
    args: CreateWorkspace,
) -> Reply<pleno_app::workspace::Summary> {
    let who = args.who.who()?;
    crate::uninstall(&app);
    let ws = tauri::async_runtime::spawn_blocking(move || {
        let ws = Workspace::create(
            &args.dir,
            &args.reference,
            &who,
            &CreateOptions {
                drill: args.drill,
                ..CreateOptions::default()
            },
        )?;
        if let Some(f) = &args.figures {
            ws.import_figures(&who, f, &[])?;
        }
        Ok::<_, AppError>(ws)
    })
    .await
    .map_err(|e| AppError::new("internal", e.to_string()))??;
    let ws = crate::install(&app, ws);
    recent::remember(&app, &ws);
    ws.summary()
}
#[tauri::command]
async fn close_workspace(app: AppHandle) -> Reply<Value> {
    crate::uninstall(&app);
    Ok(json!({}))
}

/// Opens a document Pleno wrote (inside the workspace folder) in the system viewer.
#[tauri::command]
async fn open_document(
    app: AppHandle,
    shell: State<'_, Shell>,
    args: OpenDocument,
) -> Reply<Value> {
    let ws: Arc<Workspace> = shell.workspace()?;
    let path = std::fs::canonicalize(&args.path).map_err(|e| {
        AppError::new(
            "not_found",
            format!("berkas {} tidak ada: {e}", args.path.display()),
        )
    })?;
    let root = std::fs::canonicalize(ws.dir()).unwrap_or_else(|_| ws.dir().to_path_buf());
    if !path.starts_with(&root) {
        return Err(AppError::new(
            "forbidden",
            "hanya berkas di dalam folder ruang kerja yang dibuka dari Pleno",
        ));
    }
    open_path(&app, &path).map(|()| json!({}))
}

fn open_path(app: &AppHandle, path: &Path) -> Reply<()> {
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            AppError::new(
                "open_failed",
                format!(
                    "{} tidak dapat dibuka: {e}; buka dari pengelola berkas",
                    path.display()
                ),
            )
        })
}

/// Every command, for the invoke handler.
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        workspace_summary,
        election,
        organisation,
        policy,
        queue,
        form,
        field_history,
        pages,
        page,
        page_image,
        jobs,
        job,
        objections,
        signoffs,
        recap,
        audit,
        selection,
        add_panel,
        assign_desa,
        set_panel_chair,
        hand_over_tps,
        set_kpps_panels,
        set_policy,
        set_max_panels,
        confirm_form,
        correct_field,
        accept_suggestion,
        request_recount,
        enter_recount,
        enter_form,
        assign_page,
        set_corners,
        import_photos,
        import_figures,
        cancel_job,
        raise_objection,
        resolve_objection,
        close_desa,
        finalize_kecamatan,
        reopen_signoff,
        print,
        export,
        bundle_export,
        bundle_import,
        verify_audit,
        set_selection,
        open_projector,
        recent_workspaces,
        open_workspace,
        create_workspace,
        close_workspace,
        open_document,
    ]
}
