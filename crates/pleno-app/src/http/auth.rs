//! Tokens and the identity of the person acting. The workstation's full token may write and
//! names its clerk in a header; its read-only token may only read; a paired device's token
//! says who acts and in what role (`crate::devices`). Everything else is refused and logged.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use std::net::SocketAddr;
use std::sync::Arc;

use pleno_store::{Actor, Device, PanelId};

use super::AppState;
use crate::error::{AppError, ErrorCode};
use crate::workspace::Who;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    pub full: String,
    pub read_only: String,
}

impl Tokens {
    /// Two fresh random tokens.
    pub fn generate() -> Result<Tokens, AppError> {
        Ok(Tokens {
            full: random_token()?,
            read_only: random_token()?,
        })
    }
}

fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("angka acak tidak tersedia: {e}"),
        )
    })?;
    Ok(pleno_store::hex(&bytes))
}

/// What the presented token grants.
#[derive(Clone)]
pub(crate) enum Access {
    /// The workstation's own token (`pleno serve` prints it).
    Full,
    /// The workstation's read-only token (the projector link).
    ReadOnly,
    /// A paired device: its person and role say who acts and what it may do.
    Device(Arc<Device>),
}

/// The address the request came from (absent for in-process calls, which are local).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Peer(pub SocketAddr);

/// Paths on the workstation's disk are taken only from the workstation itself: the full
/// token on a loopback connection (the CLI and the desktop shell do not use HTTP at all).
pub(crate) fn local(req_peer: Option<Peer>, access: &Access) -> bool {
    matches!(access, Access::Full) && req_peer.is_none_or(|p| p.0.ip().is_loopback())
}

/// Constant-time comparison so that response timing does not leak a token's prefix.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A token in the query string is taken only where the browser itself fetches and cannot
/// add a header: an <img> of a page and the event stream.
fn query_token_allowed(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == axum::http::Method::GET
        && (path == "/api/events" || (path.starts_with("/api/pages/") && path.ends_with("/image")))
}

fn presented(req: &Request) -> Option<String> {
    if let Some(v) = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(t) = v.strip_prefix("Bearer ")
    {
        return Some(t.trim().to_string());
    }
    if !query_token_allowed(req) {
        return None;
    }
    req.uri().query().and_then(|q| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "token")
            .map(|(_, v)| v.to_string())
    })
}

pub(crate) fn error_response(e: &AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(e.clone())).into_response()
}

/// Paths anyone may fetch without a token: the health check and pairing itself.
fn open_path(path: &str) -> bool {
    path == "/api/health" || path == "/api/pair"
}

pub(crate) async fn check(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if open_path(req.uri().path()) {
        return next.run(req).await;
    }
    let token = presented(&req);
    let access = match token {
        Some(ref t) if same(t, &state.tokens.full) => Some(Access::Full),
        Some(ref t) if same(t, &state.tokens.read_only) => Some(Access::ReadOnly),
        Some(t) => {
            // Looked up on every request, so a revoked device is refused at once.
            let ws = state.ws.clone();
            match tokio::task::spawn_blocking(move || ws.identify(&t)).await {
                Ok(Ok(Some(device))) => Some(Access::Device(Arc::new(device))),
                Ok(Ok(None)) => None,
                Ok(Err(e)) => return error_response(&e),
                Err(e) => {
                    return error_response(&AppError::new(
                        ErrorCode::Internal,
                        format!("tugas gagal: {e}"),
                    ));
                }
            }
        }
        None => None,
    };
    let Some(access) = access else {
        eprintln!(
            "pleno serve: ditolak 401 {} {} (token {})",
            req.method(),
            req.uri().path(),
            if presented(&req).is_some() {
                "salah atau dicabut"
            } else {
                "tidak ada"
            }
        );
        return error_response(&AppError::new(
            ErrorCode::Unauthorized,
            "permintaan tanpa token yang sah; pasangkan perangkat ini dengan kode dari operator, atau buka tautan dari komputer utama",
        ));
    };
    req.extensions_mut().insert(access);
    next.run(req).await
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Who is acting, from `X-Pleno-Actor` and `X-Pleno-Panel`.
pub(crate) fn who(headers: &axum::http::HeaderMap) -> Result<Who, AppError> {
    let name = headers
        .get("x-pleno-actor")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::ActorRequired,
                "perubahan harus menyebut nama petugas (header X-Pleno-Actor); pilih nama petugas di aplikasi",
            )
        })?;
    let panel = headers
        .get("x-pleno-panel")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .map(PanelId);
    Ok(Who {
        actor: Actor::new(name.trim()),
        panel,
        device: None,
    })
}
