//! The HTTP routes, one per row of the use-case table (`crate::api`): the arguments are the
//! path parameters plus the JSON body (or, for GET, the query string). The workstation's full
//! token names its clerk in `X-Pleno-Actor`; a paired device acts as its token's person, within
//! its role (`crate::devices`); a read-only token may call the reads only. Paths on the
//! workstation's disk are taken from the workstation only.

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, get, on};
use axum::{Json, Router};
use serde_json::{Value, json};

use pleno_store::PageId;

use super::AppState;
use super::auth::{Access, Peer, error_response, local, who};
use crate::api::{self, Input, UseCase};
use crate::devices;
use crate::error::{AppError, ErrorCode, bad_request, not_found};

pub(crate) fn routes() -> Router<AppState> {
    let mut router = Router::new()
        // Without a token: the pairing screen shows the certificate's fingerprint from here.
        .route(
            "/api/health",
            get(|State(s): State<AppState>| async move {
                Json(json!({
                    "ok": true,
                    "version": env!("CARGO_PKG_VERSION"),
                    "tls_fingerprint": s.tls_fingerprint,
                }))
            }),
        )
        // The one answer that is not JSON: the browser loads it straight into an <img>.
        .route("/api/pages/{id}/image", get(page_image))
        // Documents and exports as downloads, for laptops that cannot open the workstation's
        // folders.
        .route("/api/files/{folder}/{name}", get(output_file))
        .route("/api/pair", axum::routing::post(super::pairing::pair))
        .route("/api/me", get(super::pairing::me))
        .route(
            "/api/uploads/{batch}",
            axum::routing::put(super::uploads::upload),
        );
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
                      peer: Option<Extension<Peer>>,
                      headers: HeaderMap,
                      Path(params): Path<Vec<(String, String)>>,
                      RawQuery(query): RawQuery,
                      body: Bytes| async move {
                    handle(
                        case,
                        s,
                        access,
                        peer.map(|p| p.0),
                        &headers,
                        params,
                        query,
                        &body,
                    )
                    .await
                },
            ),
        );
    }
    router.fallback(|| async {
        error_response(&not_found("alamat API tidak dikenal; lihat docs/api.md"))
    })
}

/// The arguments that name a place on the workstation's disk, by use case.
const SERVER_PATH_ARGS: &[(&str, &str)] = &[
    ("import_photos", "paths"),
    ("import_figures", "path"),
    ("bundle_import", "path"),
    ("bundle_export", "dest"),
    ("backup", "folder"),
    ("detect_layout_sample", "sample"),
    ("install_layout_file", "path"),
    ("check_model", "path"),
    ("install_model", "path"),
    ("install_model", "card"),
];

fn names_server_path(case: &UseCase, input: &Input) -> bool {
    let Input::Json(Value::Object(args)) = input else {
        return false;
    };
    SERVER_PATH_ARGS
        .iter()
        .any(|(name, arg)| *name == case.name && args.get(*arg).is_some_and(|v| !v.is_null()))
}

fn forbidden(case: &UseCase, why: &str, e: &AppError) -> Response {
    eprintln!(
        "pleno serve: ditolak 403 {} {} ({why})",
        case.method.as_str(),
        case.path
    );
    error_response(e)
}

#[allow(clippy::too_many_arguments)] // the parts of one request, as axum hands them over
async fn handle(
    case: &'static UseCase,
    state: AppState,
    access: Access,
    peer: Option<Peer>,
    headers: &HeaderMap,
    params: Vec<(String, String)>,
    query: Option<String>,
    body: &[u8],
) -> Response {
    let who = match &access {
        Access::ReadOnly if case.access != api::Access::Read => {
            return forbidden(
                case,
                "token hanya-baca",
                &AppError::new(
                    ErrorCode::Forbidden,
                    "token ini hanya untuk melihat (proyektor/LAN); perubahan dilakukan di jendela utama",
                ),
            );
        }
        Access::Device(d) if !devices::permits(d.role, case) => {
            return forbidden(case, d.role.as_str(), &devices::refusal(d.role, case));
        }
        // A device acts as the person its token was made for, whatever a header says.
        Access::Device(d) => Some(devices::who_for(d)),
        _ if case.access == api::Access::Write => match who(headers) {
            Ok(w) => Some(w),
            Err(e) => return error_response(&e),
        },
        _ => None,
    };
    let input = match input(case, params, query.as_deref(), body) {
        Ok(i) => i,
        Err(e) => return error_response(&e),
    };
    if names_server_path(case, &input) && !local(peer, &access) {
        return forbidden(
            case,
            "jalur di komputer utama",
            &AppError::new(
                ErrorCode::ServerPathRefused,
                "perangkat jaringan tidak dapat menyebut folder di komputer utama; unggah berkasnya, atau lakukan dari komputer utama",
            ),
        );
    }
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

fn witness_refused(access: &Access, what: &str) -> Option<Response> {
    match access {
        Access::Device(d) if d.role == pleno_store::DeviceRole::Witness => {
            Some(error_response(&AppError::new(
                ErrorCode::Forbidden,
                format!("layar saksi menampilkan angka saja, tanpa {what}"),
            )))
        }
        _ => None,
    }
}

/// A file of `dokumen/` or `ekspor/`, streamed: a bundle with its photos runs to tens of MB.
async fn output_file(
    State(s): State<AppState>,
    Extension(access): Extension<Access>,
    Path((folder, name)): Path<(String, String)>,
) -> Response {
    // Signed documents name the PPK members and saksi.
    if let Some(refused) = witness_refused(&access, "dokumen") {
        return refused;
    }
    let ws = s.ws;
    let opened = tokio::task::spawn_blocking(move || {
        let found = ws.output_file(&folder, &name)?;
        let file = std::fs::File::open(&found.path).map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("{folder}/{name} tidak dapat dibaca: {e}"),
            )
        })?;
        let len = file.metadata().map(|m| m.len()).ok();
        Ok::<_, AppError>((found, file, len))
    })
    .await;
    let (found, file, len) = match opened {
        Ok(Ok(opened)) => opened,
        Ok(Err(e)) => return error_response(&e),
        Err(e) => {
            return error_response(&AppError::new(
                ErrorCode::Internal,
                format!("tugas gagal: {e}"),
            ));
        }
    };
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let read = tokio::task::spawn_blocking(move || {
            use std::io::Read as _;
            let mut buf = vec![0u8; 1 << 20];
            let n = file.read(&mut buf)?;
            buf.truncate(n);
            Ok::<_, std::io::Error>((buf, file))
        })
        .await
        .map_err(std::io::Error::other)
        .and_then(|r| r);
        match read {
            Ok((buf, _)) if buf.is_empty() => None,
            Ok((buf, file)) => Some((Ok(Bytes::from(buf)), Some(file))),
            Err(e) => Some((Err(e), None)),
        }
    });
    let mut res = axum::body::Body::from_stream(chunks).into_response();
    let headers = res.headers_mut();
    let plain: String = found
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let pairs = [
        (header::CONTENT_TYPE, found.content_type.to_string()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{plain}\""),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
    ];
    for (k, v) in pairs {
        if let Ok(v) = header::HeaderValue::from_str(&v) {
            headers.insert(k, v);
        }
    }
    if let Some(len) = len {
        headers.insert(header::CONTENT_LENGTH, len.into());
    }
    res
}

async fn page_image(
    State(s): State<AppState>,
    Extension(access): Extension<Access>,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Response {
    // A form's photo carries the KPPS members' names and signatures.
    if let Some(refused) = witness_refused(&access, "foto formulir") {
        return refused;
    }
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
