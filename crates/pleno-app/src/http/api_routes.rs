//! The HTTP routes, one per row of the use-case table (`crate::api`): the arguments are the
//! path parameters plus the JSON body (or, for GET, the query string); writes name the clerk
//! in `X-Pleno-Actor`; a read-only token may call the reads only.

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, get, on};
use axum::{Json, Router};
use serde_json::{Value, json};

use pleno_store::PageId;

use super::AppState;
use super::auth::{Access, error_response, who};
use crate::api::{self, Input, UseCase};
use crate::error::{AppError, ErrorCode, bad_request, not_found};

pub(crate) fn routes() -> Router<AppState> {
    let mut router = Router::new()
        .route(
            "/api/health",
            get(|| async { Json(json!({"ok": true, "version": env!("CARGO_PKG_VERSION")})) }),
        )
        // The one answer that is not JSON: the browser loads it straight into an <img>.
        .route("/api/pages/{id}/image", get(page_image));
    for case in api::USE_CASES {
        let filter = match case.method {
            api::Method::Get => MethodFilter::GET,
            api::Method::Post => MethodFilter::POST,
            api::Method::Put => MethodFilter::PUT,
        };
        // Every matched route carries its path parameters, none for a path without any.
        router = router.route(
            case.path,
            on(
                filter,
                move |State(s): State<AppState>,
                      Extension(access): Extension<Access>,
                      headers: HeaderMap,
                      Path(params): Path<Vec<(String, String)>>,
                      RawQuery(query): RawQuery,
                      body: Bytes| async move {
                    handle(case, s, access, &headers, params, query, &body).await
                },
            ),
        );
    }
    router.fallback(|| async {
        error_response(&not_found("alamat API tidak dikenal; lihat docs/api.md"))
    })
}

async fn handle(
    case: &'static UseCase,
    state: AppState,
    access: Access,
    headers: &HeaderMap,
    params: Vec<(String, String)>,
    query: Option<String>,
    body: &[u8],
) -> Response {
    if case.access != api::Access::Read && access == Access::ReadOnly {
        eprintln!(
            "pleno serve: ditolak 403 {} {} (token hanya-baca)",
            case.method.as_str(),
            case.path
        );
        return error_response(&AppError::new(
            ErrorCode::Forbidden,
            "token ini hanya untuk melihat (proyektor/LAN); perubahan dilakukan di jendela utama",
        ));
    }
    let who = if case.access == api::Access::Write {
        match who(headers) {
            Ok(w) => Some(w),
            Err(e) => return error_response(&e),
        }
    } else {
        None
    };
    let input = match input(case, params, query.as_deref(), body) {
        Ok(i) => i,
        Err(e) => return error_response(&e),
    };
    let ws = state.ws;
    match tokio::task::spawn_blocking(move || api::call(&ws, who.as_ref(), case.name, input)).await
    {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e)) => error_response(&e),
        Err(e) => error_response(&AppError::new(
            ErrorCode::Internal,
            format!("tugas gagal: {e}"),
        )),
    }
}

/// Path parameters join the query string (GET) or the JSON body (the rest).
fn input(
    case: &UseCase,
    params: Vec<(String, String)>,
    query: Option<&str>,
    body: &[u8],
) -> Result<Input, AppError> {
    if case.method == api::Method::Get {
        let mut q = form_pairs(query.unwrap_or(""));
        q.extend(params);
        // Empty filters mean "any", as the UI leaves them out.
        q.retain(|(k, v)| !v.is_empty() && k != "token");
        let encoded = serde_urlencoded::to_string(&q)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        return Ok(Input::Query(encoded));
    }
    let mut object = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Map::new()
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(m)) => m,
            Ok(_) => return Err(bad_request("isi permintaan harus objek JSON")),
            Err(e) => {
                return Err(bad_request(format!(
                    "isi permintaan bukan JSON yang sah: {e}"
                )));
            }
        }
    };
    for (k, v) in params {
        object.insert(k, Value::String(v));
    }
    Ok(Input::Json(Value::Object(object)))
}

fn form_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default()
}

async fn page_image(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Response {
    let max = form_pairs(query.as_deref().unwrap_or(""))
        .into_iter()
        .find(|(k, _)| k == "max")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(1600);
    let ws = s.ws;
    match tokio::task::spawn_blocking(move || ws.page_image(PageId(id), max)).await {
        Ok(Ok(jpeg)) => ([(header::CONTENT_TYPE, "image/jpeg")], jpeg).into_response(),
        Ok(Err(e)) => error_response(&e),
        Err(e) => error_response(&AppError::new(
            ErrorCode::Internal,
            format!("tugas gagal: {e}"),
        )),
    }
}
