//! Helpers of the LAN tests: the workstation's tokens, a demo workspace with figures, one
//! in-process request, devices made and paired as the operator and a laptop do.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use pleno_app::demo::default_assets;
use pleno_app::http::Tokens;
use pleno_app::{Who, Workspace};
use serde_json::{Value, json};
use tower::ServiceExt;

pub const FULL: &str = "full-token-0123456789abcdef";
pub const READ: &str = "read-token-0123456789abcdef";
pub const FORM: &str = "/api/forms/3303192003004/ppwp";
/// The desa of TPS 3303192003004 (panel 1's) and another (panel 2's).
pub const DESA_1: &str = "3303192003";
pub const DESA_2: &str = "3303192001";

pub fn tokens() -> Tokens {
    Tokens {
        full: FULL.into(),
        read_only: READ.into(),
    }
}

pub fn workspace(dir: &std::path::Path) -> Arc<Workspace> {
    let who = Who::new("Sekretariat PPK");
    let ws = super::demo_workspace(dir, &who);
    ws.import_figures(&who, &default_assets().join("demo/hasil.xlsx"), &[])
        .unwrap();
    Arc::new(ws)
}

/// One request; `token` as a Bearer header, `actor` as X-Pleno-Actor.
pub async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    actor: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    if let Some(a) = actor {
        req = req.header("x-pleno-actor", a);
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    send(
        app,
        req.header("content-type", "application/json")
            .body(body)
            .unwrap(),
    )
    .await
}

/// Sends one request in-process; the answer's status and JSON (null when not JSON).
pub async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, Value) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The operator makes a device; the answer carries its one-time code.
pub async fn make_device(app: &axum::Router, device: Value) -> (i64, String) {
    let (s, v) = call(
        app,
        "POST",
        "/api/devices",
        Some(FULL),
        Some("Operator PPK"),
        Some(device),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let code = v["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 8, "{v}");
    assert!(v["expires_at"].as_str().unwrap().ends_with('Z'));
    (v["device"]["id"].as_i64().unwrap(), code)
}

pub async fn pair(app: &axum::Router, code: &str) -> (StatusCode, Value) {
    call(
        app,
        "POST",
        "/api/pair",
        None,
        None,
        Some(json!({"code": code, "device_name": "laptop meja 1"})),
    )
    .await
}

/// Two panels with a desa each, as the operator sets them up in Persiapan.
pub async fn two_panels(app: &axum::Router) {
    for (i, desa) in [(1, DESA_1), (2, DESA_2)] {
        let (s, v) = call(
            app,
            "POST",
            "/api/panels",
            Some(FULL),
            Some("Operator PPK"),
            Some(json!({"name": format!("Panel {i}")})),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let (s, v) = call(
            app,
            "POST",
            &format!("/api/panels/{i}/desa"),
            Some(FULL),
            Some("Operator PPK"),
            Some(json!({"desa": desa})),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
}

/// A device made by the operator and paired: its token.
pub async fn paired(app: &axum::Router, device: Value) -> String {
    let (_, code) = make_device(app, device).await;
    let (s, v) = pair(app, &code).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["token"].as_str().unwrap().to_string()
}
