//! The Tauri commands. Every use case of pleno-app goes through two commands, `read` and
//! `write`, that look it up by name in pleno-app's table (`pleno_app::api`): the projector
//! window's capability has `read` only, and `read` refuses anything that is not a read, so the
//! projector cannot change anything. The rest are what only a desktop shell does: choose the
//! workspace folder, open a document, open the projector window, hand a page image over as
//! bytes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Value, json};
use tauri::{AppHandle, State};

use pleno_app::api::{self, Access, Input, actor_required};
use pleno_app::http::{Sharing, SharingStatus};
use pleno_app::{AppError, CreateOptions, Mode, PageId, PanelId, Who, Workspace};

use crate::{Shell, recent};
use pleno_app::ErrorCode;

type Reply<T> = Result<T, AppError>;

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
            return Err(actor_required());
        }
        let who = Who::new(name);
        Ok(match self.panel {
            Some(p) => who.in_panel(PanelId(p)),
            None => who,
        })
    }
}

/// Runs the use case `name` off the main thread (it takes the store lock, may fsync).
async fn run(
    shell: &State<'_, Shell>,
    name: String,
    args: Value,
    who: Option<Who>,
) -> Reply<Value> {
    let ws = shell.workspace()?;
    tauri::async_runtime::spawn_blocking(move || {
        api::call(&ws, who.as_ref(), &name, Input::Json(args))
    })
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("tugas gagal: {e}")))?
}

fn unknown(name: &str) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        format!("perintah '{name}' tidak dikenal; lihat docs/api.md"),
    )
}

/// The use case `name` as the `read` command may run it: reads only.
pub(crate) fn readable(name: &str) -> Reply<&'static api::UseCase> {
    let case = api::find(name).ok_or_else(|| unknown(name))?;
    if case.access != Access::Read {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            format!("'{name}' mengubah data; perubahan dilakukan di jendela utama"),
        ));
    }
    Ok(case)
}

/// A use case that only reads (any window).
#[tauri::command]
async fn read(shell: State<'_, Shell>, name: String, args: Option<Value>) -> Reply<Value> {
    readable(&name)?;
    run(&shell, name, args.unwrap_or(Value::Null), None).await
}

/// A use case that changes something (the main window only); writes name the clerk.
#[tauri::command]
async fn write(
    shell: State<'_, Shell>,
    name: String,
    args: Option<Value>,
    who: Option<WhoArg>,
) -> Reply<Value> {
    let case = api::find(&name).ok_or_else(|| unknown(&name))?;
    let who = match (case.access, who) {
        (Access::Write, Some(w)) => Some(w.who()?),
        (Access::Write, None) => return Err(actor_required()),
        _ => None,
    };
    let failed = name.clone();
    run(&shell, name, args.unwrap_or(Value::Null), who)
        .await
        .inspect_err(|e| crate::log::line(&format!("{failed} gagal: {} ({})", e.message, e.code)))
}

#[derive(Deserialize)]
pub struct Image {
    id: i64,
    #[serde(default)]
    max: Option<u32>,
}

/// The page photo as JPEG bytes (not JSON), for an <img> through a blob URL.
#[tauri::command]
async fn page_image(
    shell: State<'_, Shell>,
    args: Image,
) -> Result<tauri::ipc::Response, AppError> {
    let ws = shell.workspace()?;
    let jpeg = tauri::async_runtime::spawn_blocking(move || {
        ws.page_image(PageId(args.id), args.max.unwrap_or(1600))
    })
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("tugas gagal: {e}")))??;
    Ok(tauri::ipc::Response::new(jpeg))
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

// ── The shell: the projector window, which workspace, recent list, opening documents ────

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
    crate::uninstall(&app).await;
    let shown = dir.display().to_string();
    let ws = tauri::async_runtime::spawn_blocking(move || Workspace::open(&dir, mode))
        .await
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?
        .inspect_err(|e| {
            crate::log::line(&format!(
                "ruang kerja {shown} tidak dapat dibuka: {} ({})",
                e.message, e.code
            ));
        })?;
    let ws = crate::install(&app, ws);
    crate::log::line(&format!("ruang kerja dibuka: {}", ws.dir().display()));
    recent::remember(&app, &ws);
    ws.summary()
}
#[tauri::command]
async fn create_workspace(
    app: AppHandle,
    args: CreateWorkspace,
) -> Reply<pleno_app::workspace::Summary> {
    let who = args.who.who()?;
    crate::uninstall(&app).await;
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
    .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))??;
    let ws = crate::install(&app, ws);
    crate::log::line(&format!("ruang kerja dibuat: {}", ws.dir().display()));
    recent::remember(&app, &ws);
    ws.summary()
}
#[tauri::command]
async fn close_workspace(app: AppHandle) -> Reply<Value> {
    crate::uninstall(&app).await;
    crate::log::line("ruang kerja ditutup");
    Ok(json!({}))
}

#[tauri::command]
async fn places(app: AppHandle) -> Reply<crate::places::Places> {
    Ok(crate::places::places(&app))
}

/// "Coba dengan data contoh": the demo kecamatan in the documents folder, made on the first
/// try from the workbooks inside the program and opened as it was left on later tries.
#[tauri::command]
async fn open_demo(app: AppHandle) -> Reply<pleno_app::workspace::Summary> {
    let out = crate::places::demo(&app);
    crate::uninstall(&app).await;
    let ws = tauri::async_runtime::spawn_blocking(move || pleno_app::demo::open_or_run(&out))
        .await
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?
        .inspect_err(|e| {
            crate::log::line(&format!("data contoh gagal: {} ({})", e.message, e.code));
        })?;
    let ws = crate::install(&app, ws);
    crate::log::line(&format!("data contoh dibuka: {}", ws.dir().display()));
    recent::remember(&app, &ws);
    ws.summary()
}

/// Whether the open workspace is served to the LAN, and at which addresses.
#[tauri::command]
async fn sharing_status(shell: State<'_, Shell>) -> Reply<SharingStatus> {
    Ok(shell
        .sharing
        .lock()
        .await
        .as_ref()
        .map_or_else(pleno_app::http::not_sharing, Sharing::status))
}

#[derive(Deserialize)]
pub struct SetSharing {
    on: bool,
}

/// "Buka untuk jaringan" / "Tutup dari jaringan": serves the open workspace to the office LAN
/// on port 8470 (panel laptops and displays pair as devices), or stops, cutting every
/// connection.
#[tauri::command]
async fn set_sharing(shell: State<'_, Shell>, args: SetSharing) -> Reply<SharingStatus> {
    let mut sharing = shell.sharing.lock().await;
    if args.on && sharing.is_none() {
        let ws = shell.workspace()?;
        let started = Sharing::start(ws, pleno_app::http::DEFAULT_PORT)
            .await
            .inspect_err(|e| {
                crate::log::line(&format!("berbagi ke jaringan gagal: {}", e.message));
            })?;
        crate::log::line(&format!(
            "berbagi ke jaringan dibuka: {}",
            started.status().addresses.join(", ")
        ));
        *sharing = Some(started);
    } else if !args.on
        && let Some(s) = sharing.take()
    {
        s.stop().await;
        crate::log::line("berbagi ke jaringan ditutup");
    }
    Ok(sharing
        .as_ref()
        .map_or_else(pleno_app::http::not_sharing, Sharing::status))
}

/// The UI has painted its first screen: how long the start took goes into the log.
#[tauri::command]
async fn painted() -> Reply<Value> {
    crate::log::line(&crate::started::painted_line());
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
            ErrorCode::NotFound,
            format!("berkas {} tidak ada: {e}", args.path.display()),
        )
    })?;
    let root = std::fs::canonicalize(ws.dir()).unwrap_or_else(|_| ws.dir().to_path_buf());
    if !path.starts_with(&root) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
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
                ErrorCode::OpenFailed,
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
        read,
        write,
        page_image,
        open_projector,
        recent_workspaces,
        open_workspace,
        create_workspace,
        close_workspace,
        places,
        open_demo,
        painted,
        open_document,
        sharing_status,
        set_sharing,
    ]
}
