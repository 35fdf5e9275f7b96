//! Tokens and the identity of the person acting. A full token may write; a read-only token
//! (projector, LAN display) may only read (`api_routes` holds each use case to its access).
//! Everything else is refused and logged.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use pleno_store::{Actor, PanelId};

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

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Full,
    ReadOnly,
}

/// Constant-time comparison so that response timing does not leak a token's prefix.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
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
    // Images and the event stream are fetched by the browser itself, which cannot add headers.
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

pub(crate) async fn check(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if req.uri().path() == "/api/health" {
        return next.run(req).await;
    }
    let access = match presented(&req) {
        Some(t) if same(&t, &state.tokens.full) => Access::Full,
        Some(t) if same(&t, &state.tokens.read_only) => Access::ReadOnly,
        other => {
            eprintln!(
                "pleno serve: ditolak 401 {} {} (token {})",
                req.method(),
                req.uri().path(),
                if other.is_some() {
                    "salah"
                } else {
                    "tidak ada"
                }
            );
            return error_response(&AppError::new(
                ErrorCode::Unauthorized,
                "permintaan tanpa token yang sah; buka Pleno dari aplikasi desktop atau gunakan tautan dengan token",
            ));
        }
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
    })
}
