//! Endpoints for the workspace, its organisation, the queue and the forms.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use pleno_core::wilayah::{DesaCode, TpsCode};
use pleno_core::{Contest, FieldKey, FormValues};
use pleno_store::{MemberId, ObjectionId, PanelId, Source};

use super::AppState;
use super::auth::{error_response, who};
use crate::error::{AppError, AppResult, bad_request};
use crate::policy::AcceptancePolicy;
use crate::queue::QueueFilter;
use crate::workspace::Workspace;

/// Runs a use case off the async threads (it takes the store lock and may fsync).
pub(crate) async fn run<T, F>(ws: Arc<Workspace>, f: F) -> Response
where
    T: serde::Serialize + Send + 'static,
    F: FnOnce(&Workspace) -> AppResult<T> + Send + 'static,
{
    match tokio::task::spawn_blocking(move || f(&ws)).await {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e)) => error_response(&e),
        Err(e) => error_response(&AppError::new("internal", format!("tugas gagal: {e}"))),
    }
}

pub(crate) fn tps(s: &str) -> AppResult<TpsCode> {
    TpsCode::parse(s).map_err(|e| bad_request(e.to_string()))
}

pub(crate) fn contest(s: &str) -> AppResult<Contest> {
    s.parse()
        .map_err(|e: pleno_core::contest::UnknownContest| bad_request(e.to_string()))
}

pub(crate) fn field(s: &str) -> AppResult<FieldKey> {
    s.parse()
        .map_err(|e: pleno_core::field::UnknownField| bad_request(e.to_string()))
}

fn desa(s: &str) -> AppResult<DesaCode> {
    DesaCode::parse(s).map_err(|e| bad_request(e.to_string()))
}

macro_rules! try_or_respond {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(err) => return error_response(&err),
        }
    };
}
pub(crate) use try_or_respond;

#[derive(Deserialize)]
struct NameBody {
    name: String,
}
#[derive(Deserialize)]
struct DesaBody {
    desa: String,
}
#[derive(Deserialize)]
struct ChairBody {
    member: Option<i64>,
}
#[derive(Deserialize)]
struct HandoverBody {
    panel: Option<i64>,
    reason: String,
}
#[derive(Deserialize)]
struct CountBody {
    count: u8,
}
#[derive(Deserialize)]
struct MaxPanelsBody {
    max: u8,
    #[serde(default)]
    reason: String,
}
#[derive(Deserialize)]
struct ConfirmBody {
    #[serde(default)]
    acknowledge_warnings: bool,
    objection: Option<i64>,
}
#[derive(Deserialize)]
struct FieldBody {
    value: u32,
    #[serde(default)]
    reason: String,
    objection: Option<i64>,
}
#[derive(Deserialize)]
struct ReasonBody {
    reason: String,
}
#[derive(Deserialize)]
struct ValuesBody {
    values: BTreeMap<String, u32>,
    #[serde(default)]
    note: String,
    reason: Option<String>,
}

fn values_of(raw: &BTreeMap<String, u32>) -> AppResult<FormValues> {
    raw.iter().map(|(k, v)| Ok((field(k)?, *v))).collect()
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/health", get(|| async { Json(json!({"ok": true, "version": env!("CARGO_PKG_VERSION")})) }))
        .route(
            "/api/workspace",
            get(|State(s): State<AppState>| async move { run(s.ws, Workspace::summary).await }),
        )
        .route(
            "/api/election",
            get(|State(s): State<AppState>| async move { run(s.ws, |w| w.read(pleno_store::Store::election)).await }),
        )
        .route(
            "/api/organisation",
            get(|State(s): State<AppState>| async move { run(s.ws, Workspace::organisation).await }),
        )
        .route(
            "/api/panels",
            post(|State(s): State<AppState>, h: HeaderMap, Json(b): Json<NameBody>| async move {
                let who = try_or_respond!(who(&h));
                run(s.ws, move |w| w.add_panel(&who, &b.name).map(|id| json!({"id": id}))).await
            }),
        )
        .route(
            "/api/panels/{id}/desa",
            post(|State(s): State<AppState>, h: HeaderMap, Path(id): Path<i64>, Json(b): Json<DesaBody>| async move {
                let who = try_or_respond!(who(&h));
                let d = try_or_respond!(desa(&b.desa));
                run(s.ws, move |w| w.assign_desa(&who, PanelId(id), &d).map(|()| json!({}))).await
            }),
        )
        .route(
            "/api/panels/{id}/chair",
            post(|State(s): State<AppState>, h: HeaderMap, Path(id): Path<i64>, Json(b): Json<ChairBody>| async move {
                let who = try_or_respond!(who(&h));
                run(s.ws, move |w| w.set_panel_chair(&who, PanelId(id), b.member.map(MemberId)).map(|()| json!({}))).await
            }),
        )
        .route(
            "/api/tps/{tps}/handover",
            post(|State(s): State<AppState>, h: HeaderMap, Path(t): Path<String>, Json(b): Json<HandoverBody>| async move {
                let who = try_or_respond!(who(&h));
                let t = try_or_respond!(tps(&t));
                run(s.ws, move |w| w.hand_over_tps(&who, &t, b.panel.map(PanelId), &b.reason).map(|()| json!({}))).await
            }),
        )
        .route(
            "/api/tps/{tps}/kpps-panels",
            post(|State(s): State<AppState>, h: HeaderMap, Path(t): Path<String>, Json(b): Json<CountBody>| async move {
                let who = try_or_respond!(who(&h));
                let t = try_or_respond!(tps(&t));
                run(s.ws, move |w| w.set_kpps_panels(&who, &t, b.count).map(|()| json!({}))).await
            }),
        )
        .route(
            "/api/settings/policy",
            get(|State(s): State<AppState>| async move { run(s.ws, |w| Ok(w.policy())).await }).put(
                |State(s): State<AppState>, h: HeaderMap, Json(b): Json<AcceptancePolicy>| async move {
                    let who = try_or_respond!(who(&h));
                    run(s.ws, move |w| w.set_policy(&who, b).map(|()| b)).await
                },
            ),
        )
        .route(
            "/api/settings/max-panels",
            put(|State(s): State<AppState>, h: HeaderMap, Json(b): Json<MaxPanelsBody>| async move {
                let who = try_or_respond!(who(&h));
                run(s.ws, move |w| w.set_max_panels(&who, b.max, &b.reason).map(|()| json!({}))).await
            }),
        )
        .route(
            "/api/queue",
            get(|State(s): State<AppState>, Query(q): Query<BTreeMap<String, String>>| async move {
                let filter = try_or_respond!(queue_filter(&q));
                run(s.ws, move |w| w.queue(&filter)).await
            }),
        )
        .route(
            "/api/forms/{tps}/{contest}",
            get(|State(s): State<AppState>, Path((t, c)): Path<(String, String)>| async move {
                let (t, c) = try_or_respond!(tps(&t).and_then(|t| Ok((t, contest(&c)?))));
                run(s.ws, move |w| w.form(&t, c)).await
            }),
        )
        .route(
            "/api/forms/{tps}/{contest}/confirm",
            post(|State(s): State<AppState>, h: HeaderMap, Path((t, c)): Path<(String, String)>, Json(b): Json<ConfirmBody>| async move {
                let who = try_or_respond!(who(&h));
                let (t, c) = try_or_respond!(tps(&t).and_then(|t| Ok((t, contest(&c)?))));
                run(s.ws, move |w| {
                    w.confirm_form(&who, &t, c, b.acknowledge_warnings, b.objection.map(ObjectionId))
                        .map(|id| json!({"signoff": id}))
                })
                .await
            }),
        )
        .route(
            "/api/forms/{tps}/{contest}/fields/{key}",
            put(|State(s): State<AppState>, h: HeaderMap, Path((t, c, k)): Path<(String, String, String)>, Json(b): Json<FieldBody>| async move {
                let who = try_or_respond!(who(&h));
                let (t, c, k) = try_or_respond!(tps(&t).and_then(|t| Ok((t, contest(&c)?, field(&k)?))));
                run(s.ws, move |w| {
                    w.correct_field(&who, &t, c, k, b.value, &b.reason, b.objection.map(ObjectionId))
                        .map(|()| json!({}))
                })
                .await
            }),
        )
        .route(
            "/api/forms/{tps}/{contest}/fields/{key}/history",
            get(|State(s): State<AppState>, Path((t, c, k)): Path<(String, String, String)>| async move {
                let (t, c, k) = try_or_respond!(tps(&t).and_then(|t| Ok((t, contest(&c)?, field(&k)?))));
                run(s.ws, move |w| w.field_history(&t, c, k)).await
            }),
        )
        .route(
            "/api/forms/{tps}/{contest}/suggestions/{index}/accept",
            post(|State(s): State<AppState>, h: HeaderMap, Path((t, c, i)): Path<(String, String, usize)>| async move {
                let who = try_or_respond!(who(&h));
                let (t, c) = try_or_respond!(tps(&t).and_then(|t| Ok((t, contest(&c)?))));
                run(s.ws, move |w| w.accept_suggestion(&who, &t, c, i).map(|()| json!({}))).await
            }),
        )
        .route(
            "/api/forms/{tps}/{contest}/recount",
            post(|State(s): State<AppState>, h: HeaderMap, Path((t, c)): Path<(String, String)>, Json(b): Json<ReasonBody>| async move {
                let who = try_or_respond!(who(&h));
                let (t, c) = try_or_respond!(tps(&t).and_then(|t| Ok((t, contest(&c)?))));
                run(s.ws, move |w| w.request_recount(&who, &t, c, &b.reason).map(|id| json!({"objection": id}))).await
            }),
        )
        .route(
            "/api/forms/{tps}/{contest}/recount-result",
            post(|State(s): State<AppState>, h: HeaderMap, Path((t, c)): Path<(String, String)>, Json(b): Json<ValuesBody>| async move {
                let who = try_or_respond!(who(&h));
                let (t, c) = try_or_respond!(tps(&t).and_then(|t| Ok((t, contest(&c)?))));
                let values = try_or_respond!(values_of(&b.values));
                run(s.ws, move |w| w.enter_recount(&who, &t, c, &values, &b.note).map(|()| json!({}))).await
            }),
        )
        .route(
            "/api/forms/{tps}/{contest}/entries",
            post(|State(s): State<AppState>, h: HeaderMap, Path((t, c)): Path<(String, String)>, Json(b): Json<ValuesBody>| async move {
                let who = try_or_respond!(who(&h));
                let (t, c) = try_or_respond!(tps(&t).and_then(|t| Ok((t, contest(&c)?))));
                let values = try_or_respond!(values_of(&b.values));
                run(s.ws, move |w| {
                    w.enter_form(&who, &t, c, &values, Source::Clerk, b.reason.as_deref()).map(|()| json!({}))
                })
                .await
            }),
        )
}

fn queue_filter(q: &BTreeMap<String, String>) -> AppResult<QueueFilter> {
    let get = |k: &str| q.get(k).map(String::as_str).filter(|v| !v.is_empty());
    Ok(QueueFilter {
        panel: get("panel")
            .map(|p| {
                p.parse::<i64>()
                    .map(PanelId)
                    .map_err(|_| bad_request(format!("panel '{p}' bukan nomor panel")))
            })
            .transpose()?,
        desa: get("desa").map(str::to_string),
        tps: get("tps").map(tps).transpose()?,
        contest: get("contest").map(contest).transpose()?,
        kind: get("kind")
            .map(|k| {
                serde_json::from_value(Value::String(k.to_string()))
                    .map_err(|_| bad_request(format!("jenis antrean '{k}' tidak dikenal")))
            })
            .transpose()?,
    })
}
