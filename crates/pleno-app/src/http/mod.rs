//! The HTTP face of the use cases (`pleno serve`): JSON endpoints for the browser UI on the
//! workstation and on paired LAN devices, Server-Sent Events for job progress and for what
//! the main window shows, and the browser UI's own files when a built UI folder is given.
//! Loopback by default; every API request but pairing carries a token (`docs/lan.md`).

mod api_routes;
mod auth;
mod pairing;
mod server;
mod sharing;
mod sse;
mod tls;
mod ui_files;
mod uploads;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;

use crate::workspace::Workspace;

pub use auth::Tokens;
pub use server::{Limits, serve_on, serve_until};
pub use sharing::{DEFAULT_PORT, Sharing, SharingStatus, lan_addresses, not_sharing, qr_svg};
pub use tls::{TLS_DIR, TlsIdentity, fingerprint, load_or_make as tls_identity};
pub use ui_files::{UiSource, with_ui};

/// What `pleno serve` starts with.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub bind: SocketAddr,
    pub tokens: Tokens,
    pub limits: Limits,
    /// The browser UI's files, if any.
    pub ui: Option<UiSource>,
    /// HTTPS with the workspace's certificate (`--tls`); plain HTTP without.
    pub tls: Option<TlsIdentity>,
}

#[derive(Clone)]
pub(crate) struct AppState {
    pub ws: Arc<Workspace>,
    pub tokens: Tokens,
    pub pairing_failures: pairing::Failures,
    /// The certificate's fingerprint when serving HTTPS: `/api/health` tells the pairing screen.
    pub tls_fingerprint: Option<String>,
}

/// The whole API as a router with the default limits (used by tests in-process).
pub fn router(ws: Arc<Workspace>, tokens: Tokens) -> Router {
    router_with(ws, tokens, Limits::default())
}

/// The whole API as a router: the token is checked first, then the body is read under
/// `limits`, then the use case runs.
pub fn router_with(ws: Arc<Workspace>, tokens: Tokens, limits: Limits) -> Router {
    router_tls(ws, tokens, limits, None)
}

/// `router_with` for a server on HTTPS with the certificate of `tls_fingerprint`.
pub fn router_tls(
    ws: Arc<Workspace>,
    tokens: Tokens,
    limits: Limits,
    tls_fingerprint: Option<String>,
) -> Router {
    let state = AppState {
        ws,
        tokens,
        pairing_failures: pairing::Failures::default(),
        tls_fingerprint,
    };
    api_routes::routes()
        .merge(sse::routes())
        .layer(axum::middleware::from_fn_with_state(
            limits,
            server::bounded_body,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::check,
        ))
        .with_state(state)
}

/// Serves until the process is stopped.
pub async fn serve(ws: Arc<Workspace>, config: ServeConfig) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let fingerprint = config.tls.as_ref().map(|t| t.fingerprint.clone());
    let mut app = router_tls(ws, config.tokens, config.limits, fingerprint);
    if let Some(ui) = config.ui {
        app = with_ui(app, ui);
    }
    let tls = config.tls.map(|t| t.config);
    serve_until(listener, app, config.limits, tls, std::future::pending()).await
}
