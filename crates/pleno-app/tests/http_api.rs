//! The HTTP API end to end on a demo workspace: tokens, identity, errors as {code, message},
//! the review endpoints, and Server-Sent Events over a real socket.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::io::{BufRead, BufReader, Write};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use pleno_app::http::router;
use serde_json::json;
use tower::ServiceExt;

mod common;
use common::lan::{FULL, READ, call, tokens, workspace};

#[tokio::test(flavor = "multi_thread")]
async fn tokens_and_identity_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let app = router(workspace(dir.path()), tokens());
    let (s, _) = call(&app, "GET", "/api/health", None, None, None).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = call(&app, "GET", "/api/workspace", None, None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(v["code"], "unauthorized");
    let (s, _) = call(
        &app,
        "GET",
        "/api/workspace",
        Some("wrong-token-wrong-token"),
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, v) = call(&app, "GET", "/api/workspace", Some(READ), None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["tps"], 120);
    // A read-only token may not write, even with an actor.
    let (s, v) = call(
        &app,
        "POST",
        "/api/panels",
        Some(READ),
        Some("Budi"),
        Some(json!({"name": "Panel 1"})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(v["code"], "forbidden");
    // A write must say who acts.
    let (s, v) = call(
        &app,
        "POST",
        "/api/panels",
        Some(FULL),
        None,
        Some(json!({"name": "Panel 1"})),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("actor_required"))
    );
    let (s, v) = call(
        &app,
        "POST",
        "/api/panels",
        Some(FULL),
        Some("Budi"),
        Some(json!({"name": "Panel 1"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, org) = call(&app, "GET", "/api/organisation", Some(FULL), None, None).await;
    assert_eq!(org["panels"][0]["name"], "Panel 1");
    // What the projector shows is the main window's to choose: not a read-only token's.
    let selection = json!({"tps": "3303192001001", "contest": "dprd_kab"});
    let (s, _) = call(
        &app,
        "POST",
        "/api/selection",
        Some(READ),
        None,
        Some(selection.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = call(
        &app,
        "POST",
        "/api/selection",
        Some(FULL),
        None,
        Some(selection),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // Paths spell contests with a dash, JSON with an underscore: both name the same form.
    let (s, form) = call(
        &app,
        "GET",
        "/api/forms/3303192001001/dprd-kab",
        Some(READ),
        None,
        None,
    )
    .await;
    assert_eq!(
        (s, form["contest"].as_str()),
        (StatusCode::OK, Some("dprd_kab")),
        "{form}"
    );
    // Unknown paths and bad codes answer with {code, message}.
    let (s, v) = call(&app, "GET", "/api/nope", Some(FULL), None, None).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (s, v) = call(&app, "GET", "/api/forms/123/ppwp", Some(FULL), None, None).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_request"))
    );
    assert!(v["message"].as_str().unwrap().contains("13 digit"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_misread_is_reviewed_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let app = router(workspace(dir.path()), tokens());
    let (s, queue) = call(
        &app,
        "GET",
        "/api/queue?kind=rule_error",
        Some(FULL),
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(queue.as_array().unwrap().len(), 6);
    let form_uri = "/api/forms/3303192003004/ppwp";
    let (_, form) = call(&app, "GET", form_uri, Some(FULL), None, None).await;
    let paslon2 = form["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "suara_paslon_2")
        .unwrap()
        .clone();
    assert_eq!(paslon2["value"], 652);
    assert_eq!(paslon2["suggestion"], 152);
    assert_eq!(paslon2["code"], "IV.2");
    let (s, v) = call(
        &app,
        "POST",
        &format!("{form_uri}/confirm"),
        Some(FULL),
        Some("Siti"),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("form_has_errors"))
    );
    let (s, v) = call(
        &app,
        "PUT",
        &format!("{form_uri}/fields/suara_paslon_2"),
        Some(FULL),
        Some("Siti"),
        Some(json!({"value": 152})),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("reason_required"))
    );
    let (s, _) = call(
        &app,
        "POST",
        &format!("{form_uri}/suggestions/0/accept"),
        Some(FULL),
        Some("Siti"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = call(
        &app,
        "POST",
        &format!("{form_uri}/confirm"),
        Some(FULL),
        Some("Siti"),
        Some(json!({})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, hist) = call(
        &app,
        "GET",
        &format!("{form_uri}/fields/suara_paslon_2/history"),
        Some(READ),
        None,
        None,
    )
    .await;
    assert_eq!(hist.as_array().unwrap().len(), 2);
    assert_eq!(hist[1]["actor"]["name"], "Siti");
    let (_, recap) = call(&app, "GET", "/api/recap", Some(READ), None, None).await;
    let ppwp = &recap["contests"][0]["kecamatan"];
    assert_eq!(ppwp["completeness"]["agreed"], 118);
    let (_, audit) = call(
        &app,
        "GET",
        "/api/audit?kind=form_agreed&limit=5",
        Some(READ),
        None,
        None,
    )
    .await;
    // The import agreed its clean forms in one batch event; the panel's agreement is the second.
    assert_eq!(audit.as_array().unwrap().len(), 2, "{audit}");
    assert_eq!(audit[1]["actor"]["name"], "Siti");
    // Newest first: the panel's agreement, then the import's batch.
    let (_, newest) = call(
        &app,
        "GET",
        "/api/audit?kind=form_agreed&newest_first=true&limit=1",
        Some(READ),
        None,
        None,
    )
    .await;
    assert_eq!(newest[0]["seq"], audit[1]["seq"], "{newest}");
    let (_, kinds) = call(&app, "GET", "/api/audit/kinds", Some(READ), None, None).await;
    let form_agreed = kinds
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "form_agreed")
        .unwrap();
    assert_eq!(form_agreed["label"], "Formulir TPS disepakati dalam pleno");
    // Checking the chain only reads: a read-only token (the projector, an auditor) may.
    let (s, verify) = call(&app, "POST", "/api/audit/verify", Some(READ), None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(verify["problem_count"], 0, "{verify}");
}

#[test]
fn events_stream_over_a_real_socket() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(ws.clone(), tokens());
    rt.spawn(async move { axum::serve(listener, app).await.unwrap() });

    let mut sse = std::net::TcpStream::connect(addr).unwrap();
    sse.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        sse,
        "GET /api/events?token={READ} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(sse);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.contains("200"), "{line}");
    // Once connected, select a form the way the main window does; the projector hears it.
    std::thread::sleep(Duration::from_millis(200));
    let mut post = std::net::TcpStream::connect(addr).unwrap();
    let body = r#"{"tps":"3303192003004","contest":"ppwp","field":"suara_paslon_2"}"#;
    write!(
        post,
        "POST /api/selection HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {FULL}\r\nX-Pleno-Actor: Siti\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut seen = String::new();
    for _ in 0..50 {
        line.clear();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if line.starts_with("data:") {
            seen = line.clone();
            break;
        }
    }
    assert!(
        seen.contains(r#""type":"selection""#) && seen.contains("suara_paslon_2"),
        "{seen}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_of_a_missing_folder_is_refused_in_the_clerks_words() {
    let dir = tempfile::tempdir().unwrap();
    let app = router(workspace(dir.path()), tokens());
    let (s, v) = call(
        &app,
        "POST",
        "/api/import",
        Some(FULL),
        Some("Siti Aminah"),
        Some(json!({"paths": ["/tidak/ada/Desa Karangjati"]})),
    )
    .await;
    assert!(s.is_client_error(), "{s}: {v}");
    assert_eq!(v["code"], "file_not_found");
    let message = v["message"].as_str().unwrap();
    assert!(message.contains("/tidak/ada/Desa Karangjati"), "{message}");
    assert!(message.contains("tidak ada"), "{message}");
    assert!(!message.contains("os error"), "English OS text: {message}");
    // No job was started for it.
    let (_, jobs) = call(&app, "GET", "/api/jobs", Some(FULL), None, None).await;
    assert_eq!(jobs.as_array().map(Vec::len), Some(0), "{jobs}");
}

#[tokio::test(flavor = "multi_thread")]
async fn documents_and_exports_name_what_they_accept() {
    let dir = tempfile::tempdir().unwrap();
    let app = router(workspace(dir.path()), tokens());
    // A document, paper or format the app does not know is refused in words, naming the choices.
    for (uri, body, said) in [
        (
            "/api/print",
            json!({"doc": "d-hasill"}),
            "dokumen 'd-hasill' tidak dikenal (d-hasil, lampiran, d-kejadian, all)",
        ),
        (
            "/api/print",
            json!({"doc": "d-hasil", "paper": "letter"}),
            "kertas 'letter' tidak dikenal (a4, f4)",
        ),
        (
            "/api/export",
            json!({"format": "pdf"}),
            "format 'pdf' tidak dikenal (xlsx, csv)",
        ),
    ] {
        let (s, v) = call(&app, "POST", uri, Some(FULL), Some("Siti"), Some(body)).await;
        assert_eq!(
            (s, v["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad_request")),
            "{v}"
        );
        assert!(v["message"].as_str().unwrap().contains(said), "{v}");
    }
    let (s, v) = call(
        &app,
        "POST",
        "/api/export",
        Some(FULL),
        Some("Siti"),
        Some(json!({"format": "csv"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let files = v["files"].as_array().unwrap();
    assert!(
        !files.is_empty()
            && files
                .iter()
                .all(|f| std::path::Path::new(f.as_str().unwrap())
                    .extension()
                    .is_some_and(|e| e == "csv")),
        "{v}"
    );
    let (s, v) = call(
        &app,
        "POST",
        "/api/print",
        Some(FULL),
        Some("Siti"),
        Some(json!({"doc": "d-kejadian", "paper": "f4", "provisional": true})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["files"].as_array().unwrap().len(), 1, "{v}");
}

#[tokio::test]
async fn the_browser_ui_is_served_without_a_token_and_only_from_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let ui = tmp.path().join("ui");
    std::fs::create_dir_all(ui.join("assets")).unwrap();
    std::fs::write(ui.join("index.html"), "<!doctype html><title>Pleno</title>").unwrap();
    std::fs::write(ui.join("assets/app-1.js"), "console.log(1)").unwrap();
    std::fs::write(tmp.path().join("secret.txt"), "rahasia").unwrap();
    let app = pleno_app::http::with_ui(
        router(workspace(tmp.path()), tokens()),
        pleno_app::http::UiSource::Folder(ui),
    );
    let get = |uri: &str| {
        let app = app.clone();
        let req = Request::builder().uri(uri).body(Body::empty()).unwrap();
        async move {
            let res = app.oneshot(req).await.unwrap();
            let status = res.status();
            let kind = res
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default();
            let body = res.into_body().collect().await.unwrap().to_bytes();
            (status, kind, String::from_utf8_lossy(&body).into_owned())
        }
    };
    let (s, kind, body) = get("/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(kind.starts_with("text/html") && body.contains("<title>Pleno"));
    let (s, kind, body) = get("/assets/app-1.js").await;
    assert_eq!((s, body.as_str()), (StatusCode::OK, "console.log(1)"));
    assert!(kind.starts_with("text/javascript"));
    // A page address is the UI; a missing asset, a way out of the folder or an unknown API
    // path is not.
    assert!(get("/panel").await.2.contains("<title>Pleno"));
    assert_eq!(get("/assets/missing.js").await.0, StatusCode::NOT_FOUND);
    let (s, _, body) = get("/../secret.txt").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(!body.contains("rahasia"));
    assert_eq!(get("/api/no-such-thing").await.0, StatusCode::NOT_FOUND);
    // The API still wants its token.
    let (s, _) = call(&app, "GET", "/api/workspace", None, None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, v) = call(&app, "GET", "/api/workspace", Some(READ), None, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn the_program_serves_the_ui_built_before_it() {
    // CI builds ui/dist before cargo: the program must then hold that very UI. Without a built
    // UI (a Rust-only checkout) there is nothing to compare.
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/dist");
    let Ok(index) = std::fs::read_to_string(dist.join("index.html")) else {
        return;
    };
    let source = pleno_app::http::UiSource::embedded().expect("ui/dist exists but is not inside");
    let tmp = tempfile::tempdir().unwrap();
    let app = pleno_app::http::with_ui(router(workspace(tmp.path()), tokens()), source);
    for uri in ["/", "/#panel"] {
        let req = Request::builder().uri(uri).body(Body::empty()).unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(String::from_utf8_lossy(&body), index, "{uri}");
    }
    let asset = index
        .split('"')
        .find(|s| {
            s.starts_with("./assets/")
                && std::path::Path::new(s)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("js"))
        })
        .expect("index.html names its script");
    let on_disk = std::fs::read(dist.join(&asset[2..])).unwrap();
    let req = Request::builder()
        .uri(&asset[1..])
        .body(Body::empty())
        .unwrap();
    let res = app.oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.into_body().collect().await.unwrap().to_bytes(), on_disk);
}
