//! `PUT /api/uploads/{batch}?path=…&sha256=…`: one file from a browser, its bytes as the
//! body, streamed to disk (`crate::uploads`) rather than held in memory; the body limit of the
//! JSON API does not apply, the per-file limit does. Who may send files is who may import
//! them (`import_uploads` in the use-case table).

use std::time::Duration;

use axum::Json;
use axum::body::Body;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt as _;

use super::AppState;
use super::auth::{Access, error_response};
use crate::devices;
use crate::error::{AppError, ErrorCode, bad_request};

/// A connection silent this long in the middle of a file is given up (the file is dropped).
const IDLE: Duration = Duration::from_secs(30);

pub(crate) async fn upload(
    State(s): State<AppState>,
    Extension(access): Extension<Access>,
    Path(batch): Path<String>,
    RawQuery(query): RawQuery,
    body: Body,
) -> Response {
    let allowed = match &access {
        Access::Full => true,
        Access::ReadOnly => false,
        Access::Device(d) => {
            crate::api::find("import_uploads").is_some_and(|c| devices::permits(d.role, c))
        }
    };
    if !allowed {
        return error_response(&AppError::new(
            ErrorCode::Forbidden,
            "perangkat ini tidak dapat mengunggah foto; minta operator atau panel",
        ));
    }
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let arg = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let Some(path) = arg("path") else {
        return error_response(&bad_request(
            "unggahan harus menyebut ?path= (nama berkas dan foldernya)",
        ));
    };
    let mut upload = match s.ws.begin_upload(&batch, &path) {
        Ok(u) => u,
        Err(e) => return error_response(&e),
    };
    let mut stream = body.into_data_stream();
    loop {
        match tokio::time::timeout(IDLE, stream.next()).await {
            Err(_) => {
                return error_response(&AppError::new(
                    ErrorCode::RequestTimeout,
                    format!("{path} berhenti terkirim; unggah lagi berkas itu"),
                ));
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                return error_response(&bad_request(format!(
                    "{path} terputus saat dikirim ({e}); unggah lagi berkas itu"
                )));
            }
            Ok(Some(Ok(chunk))) => {
                if let Err(e) = upload.write(&chunk) {
                    return error_response(&e);
                }
            }
        }
    }
    let sha = arg("sha256");
    match tokio::task::spawn_blocking(move || upload.finish(sha.as_deref())).await {
        Ok(Ok(done)) => Json(done).into_response(),
        Ok(Err(e)) => error_response(&e),
        Err(e) => error_response(&AppError::new(
            ErrorCode::Internal,
            format!("tugas gagal: {e}"),
        )),
    }
}
