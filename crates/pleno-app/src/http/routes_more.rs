//! Endpoints for pages, objections, sign-offs, the recap, the audit log, jobs and the
//! projector's selection.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use pleno_core::catalogue::PageCode;
use pleno_core::wilayah::DesaCode;
use pleno_store::{
    EventFilter, NewObjection, ObjectionId, ObjectionKind, PageFilter, PageId, PageIdentity,
    SignOffId,
};

use super::AppState;
use super::auth::{error_response, who};
use super::routes::{contest, field, run, tps, try_or_respond};
use crate::error::{AppResult, bad_request, not_found};
use crate::recap::{WorkspaceRecap, workspace_recap};
use crate::workspace::{Selection, Workspace};

#[derive(Deserialize)]
struct AssignBody {
    tps: String,
    contest: String,
    page_code: u16,
    reason: String,
}
#[derive(Deserialize)]
struct ObjectionBody {
    kind: ObjectionKind,
    raised_by: String,
    desa: Option<String>,
    tps: Option<String>,
    contest: Option<String>,
    #[serde(default)]
    fields: Vec<String>,
    text: String,
}
#[derive(Deserialize)]
struct ResolveBody {
    accepted: bool,
    resolution: String,
}
#[derive(Deserialize)]
struct NoteBody {
    note: Option<String>,
}
#[derive(Deserialize)]
struct ReopenBody {
    objection: Option<i64>,
    reason: String,
}
#[derive(Deserialize)]
struct PathBody {
    path: String,
}
#[derive(Deserialize)]
struct PathsBody {
    paths: Vec<String>,
}
#[derive(Deserialize)]
struct PrintBody {
    doc: String,
    contest: Option<String>,
    paper: Option<String>,
    #[serde(default)]
    provisional: bool,
}
#[derive(Deserialize)]
struct ExportBody {
    format: String,
}
#[derive(Deserialize)]
struct BundleExportBody {
    dest: Option<String>,
}
#[derive(Deserialize)]
struct CornersBody {
    corners: [[f64; 2]; 4],
}

/// The recap as the UI draws it.
#[derive(Serialize)]
struct RecapView {
    contests: Vec<ContestView>,
}
#[derive(Serialize)]
struct ContestView {
    contest: pleno_core::Contest,
    kecamatan: pleno_core::recap::RecapTable,
    lampiran: Vec<pleno_core::recap::RecapTable>,
}

fn recap_view(r: WorkspaceRecap) -> RecapView {
    RecapView {
        contests: r
            .contests
            .into_iter()
            .map(|c| ContestView {
                contest: c.contest,
                kecamatan: c.kecamatan,
                lampiran: c.lampiran,
            })
            .collect(),
    }
}

fn page_filter(q: &BTreeMap<String, String>) -> AppResult<PageFilter> {
    let get = |k: &str| q.get(k).map(String::as_str).filter(|v| !v.is_empty());
    Ok(PageFilter {
        status: get("status")
            .map(|s| {
                s.parse()
                    .map_err(|_| bad_request(format!("status halaman '{s}' tidak dikenal")))
            })
            .transpose()?,
        tps: get("tps").map(tps).transpose()?,
        contest: get("contest").map(contest).transpose()?,
    })
}

fn objection_of(b: ObjectionBody) -> AppResult<NewObjection> {
    let c = b.contest.as_deref().map(contest).transpose()?;
    Ok(NewObjection {
        kind: b.kind,
        raised_by: b.raised_by,
        saksi: None,
        desa: b
            .desa
            .as_deref()
            .map(|d| DesaCode::parse(d).map_err(|e| bad_request(e.to_string())))
            .transpose()?,
        tps: b.tps.as_deref().map(tps).transpose()?,
        contest: c,
        fields: b
            .fields
            .iter()
            .map(|f| field(f))
            .collect::<AppResult<_>>()?,
        text: b.text,
    })
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/pages",
            get(|State(s): State<AppState>, Query(q): Query<BTreeMap<String, String>>| async move {
                let f = try_or_respond!(page_filter(&q));
                run(s.ws, move |w| w.read(|st| st.pages(&f))).await
            }),
        )
        .route(
            "/api/pages/{id}",
            get(|State(s): State<AppState>, Path(id): Path<i64>| async move {
                run(s.ws, move |w| w.page_view(PageId(id))).await
            }),
        )
        .route(
            "/api/pages/{id}/image",
            get(|State(s): State<AppState>, Path(id): Path<i64>, Query(q): Query<BTreeMap<String, String>>| async move {
                let max = q.get("max").and_then(|m| m.parse().ok()).unwrap_or(1600);
                let ws = s.ws;
                match tokio::task::spawn_blocking(move || ws.page_image(PageId(id), max)).await {
                    Ok(Ok(jpeg)) => ([(header::CONTENT_TYPE, "image/jpeg")], jpeg).into_response(),
                    Ok(Err(e)) => error_response(&e),
                    Err(e) => error_response(&crate::error::AppError::new("internal", format!("tugas gagal: {e}"))),
                }
            }),
        )
        .route(
            "/api/pages/{id}/corners",
            post(|State(s): State<AppState>, h: HeaderMap, Path(id): Path<i64>, Json(b): Json<CornersBody>| async move {
                let who = try_or_respond!(who(&h));
                run(s.ws, move |w| w.reread_page(&who, PageId(id), Some(b.corners.map(|[x, y]| (x, y))))).await
            }),
        )
        .route(
            "/api/import",
            post(|State(s): State<AppState>, h: HeaderMap, Json(b): Json<PathsBody>| async move {
                let who = try_or_respond!(who(&h));
                if s.ws.is_read_only() {
                    return error_response(&crate::error::AppError::new(
                        "read_only",
                        "ruang kerja ini dibuka hanya-baca; impor dilakukan di jendela utama",
                    ));
                }
                let paths = b.paths.into_iter().map(std::path::PathBuf::from).collect();
                let job = try_or_respond!(s.ws.start_photo_import(who, paths));
                Json(json!({"job": job})).into_response()
            }),
        )
        .route(
            "/api/pages/{id}/assign",
            post(|State(s): State<AppState>, h: HeaderMap, Path(id): Path<i64>, Json(b): Json<AssignBody>| async move {
                let who = try_or_respond!(who(&h));
                let identity = try_or_respond!(tps(&b.tps).and_then(|t| Ok(PageIdentity {
                    tps: t,
                    contest: contest(&b.contest)?,
                    page_code: PageCode(b.page_code),
                })));
                run(s.ws, move |w| w.assign_page(&who, PageId(id), &identity, &b.reason).map(|()| json!({}))).await
            }),
        )
        .route(
            "/api/print",
            post(|State(s): State<AppState>, h: HeaderMap, Json(b): Json<PrintBody>| async move {
                let _who = try_or_respond!(who(&h));
                run(s.ws, move |w| {
                    let contest = b.contest.as_deref().map(contest).transpose()?;
                    let files = w.print_documents(&b.doc, contest, b.paper.as_deref(), b.provisional)?;
                    Ok(json!({"files": files}))
                })
                .await
            }),
        )
        .route(
            "/api/export",
            post(|State(s): State<AppState>, h: HeaderMap, Json(b): Json<ExportBody>| async move {
                let _who = try_or_respond!(who(&h));
                run(s.ws, move |w| Ok(json!({"files": w.export_recap(&b.format)?}))).await
            }),
        )
        .route(
            "/api/bundle/export",
            post(|State(s): State<AppState>, h: HeaderMap, Json(b): Json<BundleExportBody>| async move {
                let _who = try_or_respond!(who(&h));
                let options = crate::bundle::ExportOptions {
                    dest: b.dest.map(std::path::PathBuf::from),
                    without_images: false,
                };
                run(s.ws, move |w| w.export_bundle(&options)).await
            }),
        )
        .route(
            "/api/bundle/import",
            post(|State(s): State<AppState>, h: HeaderMap, Json(b): Json<PathBody>| async move {
                let who = try_or_respond!(who(&h));
                run(s.ws, move |w| w.import_bundle(&who, std::path::Path::new(&b.path))).await
            }),
        )
        .route(
            "/api/import/figures",
            post(|State(s): State<AppState>, h: HeaderMap, Json(b): Json<PathBody>| async move {
                let who = try_or_respond!(who(&h));
                run(s.ws, move |w| w.import_figures(&who, std::path::Path::new(&b.path), &[])).await
            }),
        )
        .route(
            "/api/objections",
            get(|State(s): State<AppState>| async move { run(s.ws, Workspace::objections).await }).post(
                |State(s): State<AppState>, h: HeaderMap, Json(b): Json<ObjectionBody>| async move {
                    let who = try_or_respond!(who(&h));
                    let new = try_or_respond!(objection_of(b));
                    run(s.ws, move |w| w.raise_objection(&who, &new).map(|id| json!({"id": id}))).await
                },
            ),
        )
        .route(
            "/api/objections/{id}/resolve",
            post(|State(s): State<AppState>, h: HeaderMap, Path(id): Path<i64>, Json(b): Json<ResolveBody>| async move {
                let who = try_or_respond!(who(&h));
                run(s.ws, move |w| w.resolve_objection(&who, ObjectionId(id), b.accepted, &b.resolution).map(|()| json!({}))).await
            }),
        )
        .route(
            "/api/signoffs",
            get(|State(s): State<AppState>| async move { run(s.ws, Workspace::signoffs).await }),
        )
        .route(
            "/api/desa/{desa}/close",
            post(|State(s): State<AppState>, h: HeaderMap, Path(d): Path<String>, Json(b): Json<NoteBody>| async move {
                let who = try_or_respond!(who(&h));
                let d = try_or_respond!(DesaCode::parse(&d).map_err(|e| bad_request(e.to_string())));
                run(s.ws, move |w| w.close_desa(&who, &d, b.note.as_deref()).map(|id| json!({"signoff": id}))).await
            }),
        )
        .route(
            "/api/kecamatan/finalize",
            post(|State(s): State<AppState>, h: HeaderMap, Json(b): Json<NoteBody>| async move {
                let who = try_or_respond!(who(&h));
                run(s.ws, move |w| w.finalize_kecamatan(&who, b.note.as_deref()).map(|id| json!({"signoff": id}))).await
            }),
        )
        .route(
            "/api/signoffs/{id}/reopen",
            post(|State(s): State<AppState>, h: HeaderMap, Path(id): Path<i64>, Json(b): Json<ReopenBody>| async move {
                let who = try_or_respond!(who(&h));
                run(s.ws, move |w| w.reopen(&who, SignOffId(id), b.objection.map(ObjectionId), &b.reason).map(|()| json!({}))).await
            }),
        )
        .route(
            "/api/recap",
            get(|State(s): State<AppState>| async move {
                run(s.ws, |w| {
                    let store = w.store();
                    Ok(recap_view(workspace_recap(&store)?))
                })
                .await
            }),
        )
        .route(
            "/api/audit",
            get(|State(s): State<AppState>, Query(q): Query<BTreeMap<String, String>>| async move {
                let filter = try_or_respond!(audit_filter(&q));
                run(s.ws, move |w| w.read(|st| st.events(&filter))).await
            }),
        )
        .route(
            "/api/audit/verify",
            post(|State(s): State<AppState>| async move { run(s.ws, |w| w.read(pleno_store::Store::verify)).await }),
        )
        .route(
            "/api/jobs",
            get(|State(s): State<AppState>| async move { run(s.ws, |w| Ok(w.jobs().all())).await }),
        )
        .route(
            "/api/jobs/{id}",
            get(|State(s): State<AppState>, Path(id): Path<u64>| async move {
                run(s.ws, move |w| w.jobs().status(id).ok_or_else(|| not_found(format!("pekerjaan {id} tidak ada")))).await
            }),
        )
        .route(
            "/api/jobs/{id}/cancel",
            post(|State(s): State<AppState>, Path(id): Path<u64>| async move {
                run(s.ws, move |w| Ok(json!({"cancelled": w.jobs().cancel(id)}))).await
            }),
        )
        .route(
            "/api/selection",
            get(|State(s): State<AppState>| async move { run(s.ws, |w| Ok(w.selection())).await }).post(
                |State(s): State<AppState>, Json(b): Json<Selection>| async move {
                    run(s.ws, move |w| {
                        w.select(b);
                        Ok(json!({}))
                    })
                    .await
                },
            ),
        )
        .fallback(|| async {
            error_response(&crate::error::not_found(
                "alamat API tidak dikenal; lihat docs/api.md",
            ))
        })
}

fn audit_filter(q: &BTreeMap<String, String>) -> AppResult<EventFilter> {
    let get = |k: &str| q.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let mut f = EventFilter::default();
    if let Some(k) = get("kind") {
        f.kind = Some(
            k.parse()
                .map_err(|e: pleno_store::UnknownEventKind| bad_request(e.to_string()))?,
        );
    }
    if let Some(a) = get("actor") {
        f.actor = Some(a.to_string());
    }
    if let Some(a) = get("after") {
        f.after =
            Some(pleno_store::EventSeq(a.parse().map_err(|_| {
                bad_request(format!("after '{a}' bukan nomor urut"))
            })?));
    }
    if let Some(l) = get("limit") {
        f.limit = l
            .parse()
            .map_err(|_| bad_request(format!("limit '{l}' bukan angka")))?;
    }
    Ok(f)
}
