//! Pleno desktop shell: a thin Tauri 2 layer over pleno-app.
//!
//! - Commands (`commands.rs`): `read` and `write` run any use case of pleno-app's table by
//!   name (the same names and arguments as the HTTP API of `pleno serve`, docs/api.md); the
//!   rest are what only a desktop shell does. Errors cross as `{code, message}`.
//! - Two windows: `main` (the clerk) and `projector` (read only, full screen on a second
//!   monitor when there is one). The projector follows `AppEvent::Selection`: every event of
//!   the workspace's bus is forwarded to both windows as `pleno://event`.
//! - One instance: a second launch focuses the running window (and opens its workspace
//!   argument when none is open); the store's lock keeps any other process from writing.

pub mod command_names;
mod commands;
mod log;
mod places;
mod recent;
mod started;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

use pleno_app::ErrorCode;
use pleno_app::{AppError, Workspace};

/// The event every window listens on; its payload is one serialised `AppEvent`.
pub const EVENT: &str = "pleno://event";
const PROJECTOR: &str = "projector";

/// What the shell holds: the open workspace (at most one) and, while the operator has it
/// open for the LAN, its sharing.
#[derive(Default)]
pub struct Shell {
    workspace: Mutex<Option<Arc<Workspace>>>,
    sharing: tokio::sync::Mutex<Option<pleno_app::http::Sharing>>,
}

impl Shell {
    /// The open workspace, or the error the UI shows on the first screen.
    pub fn workspace(&self) -> Result<Arc<Workspace>, AppError> {
        self.workspace
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NoWorkspace,
                    "belum ada ruang kerja yang dibuka; buka atau buat ruang kerja di Beranda",
                )
            })
    }

    fn set(&self, ws: Option<Arc<Workspace>>) {
        *self
            .workspace
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = ws;
    }
}

/// Makes `ws` the open workspace and forwards its events to every window until it is closed.
pub(crate) fn install(app: &AppHandle, ws: Workspace) -> Arc<Workspace> {
    let ws = Arc::new(ws);
    let mut rx = ws.events().subscribe();
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match rx.recv().await {
                Ok(ev) => {
                    let _ = handle.emit(EVENT, &ev);
                }
                // A slow window missed events; the next one makes it reload.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                // The workspace was closed or replaced.
                Err(_) => break,
            }
        }
    });
    app.state::<Shell>().set(Some(ws.clone()));
    ws
}

/// Closes the workspace. The projector and the LAN sharing close with it: the plenary must
/// never watch figures of a workspace the clerk has left, and the workspace's lock is free
/// for the next one once this returns.
pub(crate) async fn uninstall(app: &AppHandle) {
    let sharing = app.state::<Shell>().sharing.lock().await.take();
    if let Some(s) = sharing {
        s.stop().await;
        log::line("berbagi ke jaringan ditutup bersama ruang kerja");
    }
    app.state::<Shell>().set(None);
    if let Some(w) = app.get_webview_window(PROJECTOR) {
        let _ = w.close();
    }
}

/// Opens the projector window, or brings it forward. On a second monitor it fills the screen;
/// with one monitor it opens as a normal window so the clerk is not locked out.
pub(crate) fn open_projector(app: &AppHandle) -> Result<(), AppError> {
    if let Some(w) = app.get_webview_window(PROJECTOR) {
        let _ = w.show();
        let _ = w.set_focus();
        return Ok(());
    }
    let main_monitor = app
        .get_webview_window("main")
        .and_then(|w| w.current_monitor().ok().flatten());
    let other = app.available_monitors().ok().and_then(|all| {
        all.into_iter().find(|m| {
            main_monitor
                .as_ref()
                .is_none_or(|mm| m.position() != mm.position())
        })
    });
    // The same UI bundle; the script tells it to render the projector (ui/src/main.ts).
    let mut builder =
        WebviewWindowBuilder::new(app, PROJECTOR, WebviewUrl::App(PathBuf::from("index.html")))
            .initialization_script("window.__PLENO_WINDOW__ = 'projector';")
            .title("Pleno — Proyektor")
            .inner_size(1280.0, 720.0)
            .min_inner_size(800.0, 450.0);
    if let Some(m) = &other {
        let scale = m.scale_factor();
        let pos = m.position().to_logical::<f64>(scale);
        builder = builder.position(pos.x, pos.y).fullscreen(true);
    }
    builder.build().map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("jendela proyektor tidak dapat dibuka: {e}"),
        )
    })?;
    Ok(())
}

/// A workspace folder named on the command line or in `PLENO_WORKSPACE`.
fn workspace_argument(args: &[String]) -> Option<PathBuf> {
    args.iter()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("PLENO_WORKSPACE").map(PathBuf::from))
}

fn open_at_start(app: &AppHandle, dir: &std::path::Path) {
    match Workspace::open(dir, pleno_app::Mode::ReadWrite) {
        Ok(ws) => {
            let ws = install(app, ws);
            log::line(&format!("ruang kerja dibuka: {}", ws.dir().display()));
            recent::remember(app, &ws);
        }
        Err(e) => log::line(&format!(
            "ruang kerja {} tidak dapat dibuka: {} ({})",
            dir.display(),
            e.message,
            e.code
        )),
    }
}

/// Builds and runs the app.
pub fn run() -> Result<(), tauri::Error> {
    started::mark();
    log::line(&format!(
        "Pleno {} mulai (pid {})",
        env!("CARGO_PKG_VERSION"),
        std::process::id()
    ));
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            if let Some(dir) = workspace_argument(&args)
                && app.state::<Shell>().workspace().is_err()
            {
                open_at_start(app, &dir);
            }
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(Shell::default())
        .setup(|app| {
            let args: Vec<String> = std::env::args().collect();
            if let Some(dir) = workspace_argument(&args) {
                open_at_start(app.handle(), &dir);
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the main window ends the app (the projector must not linger alone).
            if window.label() == "main" && matches!(event, tauri::WindowEvent::Destroyed) {
                window.app_handle().exit(0);
            }
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
}

#[cfg(test)]
mod tests {
    use super::command_names::{ALL, READ, WRITE};

    fn permissions(capability: &str) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(capability).unwrap_or_default();
        v["permissions"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn allow(cmd: &str) -> String {
        format!("allow-{}", cmd.replace('_', "-"))
    }

    #[test]
    fn every_command_is_read_or_write_once() {
        let joined: Vec<&str> = READ.iter().chain(WRITE).copied().collect();
        assert_eq!(ALL, joined.as_slice());
        let mut sorted = joined.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ALL.len(), "a command is listed twice");
    }

    #[test]
    fn the_projector_may_only_read() {
        let p = permissions(include_str!("../capabilities/projector.json"));
        for cmd in WRITE {
            assert!(!p.contains(&allow(cmd)), "projector may call {cmd}");
        }
        for cmd in READ {
            assert!(p.contains(&allow(cmd)), "projector cannot call {cmd}");
        }
        assert!(
            !p.iter().any(|x| x.starts_with("dialog:")
                || x.starts_with("opener:")
                || x.starts_with("fs:"))
        );
    }

    #[test]
    fn the_main_window_has_every_command_and_no_file_system() {
        let p = permissions(include_str!("../capabilities/main.json"));
        for cmd in ALL {
            assert!(p.contains(&allow(cmd)), "main window cannot call {cmd}");
        }
        assert!(
            !p.iter().any(|x| x.starts_with("fs:")
                || x.starts_with("shell:")
                || x.starts_with("opener:"))
        );
    }

    #[test]
    fn the_read_command_runs_reads_only() {
        // The projector's one way into the use cases refuses every one that is not a read,
        // and the table has reads and writes both (so the test is not empty).
        let mut reads = 0;
        for case in pleno_app::api::USE_CASES {
            let got = super::commands::readable(case.name);
            if case.access == pleno_app::api::Access::Read {
                assert!(got.is_ok(), "{} refused", case.name);
                reads += 1;
            } else {
                assert_eq!(
                    got.err().map(|e| e.code.as_str()),
                    Some("forbidden"),
                    "{}",
                    case.name
                );
            }
        }
        assert!(reads > 10 && reads < pleno_app::api::USE_CASES.len());
        assert!(super::commands::readable("no_such_case").is_err());
    }
}
