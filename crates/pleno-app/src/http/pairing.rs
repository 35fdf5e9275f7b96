//! `POST /api/pair`: the one call made without a token. A laptop sends the code the operator
//! read out; it gets its device token back. Wrong codes are audited and limited: after
//! `MAX_FAILURES` in `WINDOW`, every attempt is refused until the window has passed, so the
//! 31⁸ codes cannot be tried from the LAN in the ten minutes a code lives.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::auth::{Access, Peer, error_response};
use crate::error::{AppError, ErrorCode, bad_request};

pub(crate) const MAX_FAILURES: usize = 5;
pub(crate) const WINDOW: Duration = Duration::from_mins(1);

/// When the recent wrong codes were sent (all clients together).
#[derive(Clone, Default)]
pub(crate) struct Failures(Arc<Mutex<VecDeque<Instant>>>);

impl Failures {
    fn recent(&self, now: Instant) -> usize {
        let mut q = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while q.front().is_some_and(|t| now.duration_since(*t) > WINDOW) {
            q.pop_front();
        }
        q.len()
    }

    fn add(&self, now: Instant) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push_back(now);
    }
}

#[derive(Deserialize)]
struct PairRequest {
    code: String,
    /// What the laptop calls itself, for the audit log of a refused attempt.
    #[serde(default)]
    device_name: String,
}

pub(crate) async fn pair(
    State(s): State<AppState>,
    peer: Option<Extension<Peer>>,
    body: Bytes,
) -> Response {
    let req: PairRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error_response(&bad_request(format!(
                "isi permintaan pasangan harus {{\"code\": \"…\"}}: {e}"
            )));
        }
    };
    let now = Instant::now();
    if s.pairing_failures.recent(now) >= MAX_FAILURES {
        eprintln!("pleno serve: pasangan ditolak 429 (terlalu banyak kode salah)");
        return error_response(&AppError::new(
            ErrorCode::TooManyAttempts,
            "terlalu banyak kode salah; tunggu satu menit lalu ketik kode dari operator lagi",
        ));
    }
    let peer = peer.map_or_else(|| "lokal".to_string(), |p| p.0.0.ip().to_string());
    let ws = s.ws.clone();
    let result =
        tokio::task::spawn_blocking(move || ws.pair_device(&req.code, &req.device_name, &peer))
            .await;
    match result {
        Ok(Ok(paired)) => Json(paired).into_response(),
        Ok(Err(e)) => {
            if e.code == ErrorCode::PairingRefused {
                s.pairing_failures.add(now);
            }
            error_response(&e)
        }
        Err(e) => error_response(&AppError::new(
            ErrorCode::Internal,
            format!("tugas gagal: {e}"),
        )),
    }
}

/// `GET /api/me`: what this token is, so the UI of a paired laptop names its person and role
/// instead of asking for a clerk's name.
pub(crate) async fn me(Extension(access): Extension<Access>) -> Response {
    let (kind, device) = match &access {
        Access::Full => ("workstation", None),
        Access::ReadOnly => ("read_only", None),
        Access::Device(d) => ("device", Some(d.as_ref().clone())),
    };
    Json(serde_json::json!({ "kind": kind, "device": device })).into_response()
}
