//! The LAN plenary's shared screens and take-away files over HTTP: the projector follows the
//! panel the operator gives the floor to (a panel's selecting never moves it otherwise), and
//! laptops download the documents and exports the workstation wrote, from `dokumen/` and
//! `ekspor/` only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use pleno_app::http::router;
use serde_json::{Value, json};
use tower::ServiceExt;

use common::lan::{FULL, READ, call, paired, tokens, two_panels, workspace};

/// A GET with a Bearer token: status, headers and the raw body.
async fn download(
    app: &axum::Router,
    uri: &str,
    token: &str,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let req = Request::builder()
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes().to_vec();
    (parts.status, parts.headers, bytes)
}

fn code_of(body: &[u8]) -> String {
    serde_json::from_slice::<Value>(body).map_or_else(
        |_| String::from_utf8_lossy(body).into_owned(),
        |v| v["code"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_projector_follows_the_panel_given_the_floor() {
    let dir = tempfile::tempdir().unwrap();
    let app = router(workspace(dir.path()), tokens());
    two_panels(&app).await;
    let panel_2 = paired(&app, json!({"name": "Laptop panel 2", "person": "Agus Salim", "role": "panel_member", "panel": 2})).await;
    let display = paired(
        &app,
        json!({"name": "Proyektor", "person": "Proyektor", "role": "display"}),
    )
    .await;
    let select = |token: &str, tps: &str| {
        let (app, token, tps) = (app.clone(), token.to_string(), tps.to_string());
        async move {
            // The request's own `panel` is not believed: Pleno sets it from who sent it.
            let body =
                json!({"tps": tps, "contest": "ppwp", "field": null, "page": null, "panel": 4});
            call(
                &app,
                "POST",
                "/api/selection",
                Some(&token),
                None,
                Some(body),
            )
            .await
        }
    };
    let shown = |token: String| {
        let app = app.clone();
        async move {
            let (s, v) = call(&app, "GET", "/api/selection", Some(&token), None, None).await;
            assert_eq!(s, StatusCode::OK, "{v}");
            (
                v["tps"].as_str().unwrap_or("-").to_string(),
                v["panel"].clone(),
            )
        }
    };

    // The workstation has the floor to begin with.
    let (s, v) = select(FULL, "3303192003004").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        shown(display.clone()).await,
        ("3303192003004".into(), Value::Null)
    );
    // Panel 2 works on its own form: the projector stays.
    let token_2 = panel_2.as_str();
    let (s, v) = select(token_2, "3303192001001").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(shown(display.clone()).await.0, "3303192003004");

    // Only the operator gives the floor, and only to a panel there is.
    let (s, v) = call(
        &app,
        "POST",
        "/api/floor",
        Some(FULL),
        None,
        Some(json!({"panel": 9})),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_request")),
        "{v}"
    );
    for token in [token_2, READ, display.as_str()] {
        let (s, v) = call(
            &app,
            "POST",
            "/api/floor",
            Some(token),
            None,
            Some(json!({"panel": 2})),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    }
    let (s, floor) = call(
        &app,
        "POST",
        "/api/floor",
        Some(FULL),
        None,
        Some(json!({"panel": 2})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{floor}");
    assert_eq!(floor["panel"], 2);
    assert_eq!(floor["selections"].as_array().unwrap().len(), 2, "{floor}");
    assert_eq!(
        shown(display.clone()).await,
        ("3303192001001".into(), json!(2))
    );

    // Now panel 2's next form is projected, and the workstation's selecting is not.
    select(token_2, "3303192001002").await;
    select(FULL, "3303192003001").await;
    assert_eq!(shown(display.clone()).await.0, "3303192001002");
    let (_, floor) = call(&app, "GET", "/api/floor", Some(&display), None, None).await;
    assert_eq!(floor["panel"], 2, "{floor}");

    // The floor back to the workstation; a panel without a selection shows nothing.
    call(
        &app,
        "POST",
        "/api/floor",
        Some(FULL),
        None,
        Some(json!({"panel": null})),
    )
    .await;
    assert_eq!(shown(display.clone()).await.0, "3303192003001");
    call(
        &app,
        "POST",
        "/api/floor",
        Some(FULL),
        None,
        Some(json!({"panel": 1})),
    )
    .await;
    let (s, v) = call(&app, "GET", "/api/selection", Some(&display), None, None).await;
    assert_eq!((s, v), (StatusCode::OK, Value::Null));
}

#[tokio::test(flavor = "multi_thread")]
async fn laptops_download_documents_and_exports_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let app = router(ws.clone(), tokens());
    two_panels(&app).await;
    let chair = paired(
        &app,
        json!({"name": "Laptop panel 1", "person": "Rina", "role": "panel_chair", "panel": 1}),
    )
    .await;
    let witness = paired(
        &app,
        json!({"name": "Layar saksi", "person": "Layar saksi", "role": "witness"}),
    )
    .await;

    let (s, v) = call(
        &app,
        "POST",
        "/api/print",
        Some(FULL),
        Some("Sekretariat"),
        Some(json!({"doc": "d-hasil", "contest": "ppwp", "provisional": true})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let pdf = std::path::PathBuf::from(v["files"][0]["path"].as_str().unwrap());
    let name = pdf.file_name().unwrap().to_str().unwrap().to_string();
    assert_eq!(pdf.parent().unwrap(), ws.dir().join("dokumen"));

    let (s, headers, bytes) = download(&app, &format!("/api/files/dokumen/{name}"), &chair).await;
    assert_eq!(s, StatusCode::OK, "{}", code_of(&bytes));
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(bytes, std::fs::read(&pdf).unwrap());
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["content-length"], bytes.len().to_string().as_str());
    assert_eq!(
        headers["content-disposition"],
        format!("attachment; filename=\"{name}\"").as_str()
    );

    // The export and the bundle, as a laptop fetches them after the operator made them.
    let (s, v) = call(
        &app,
        "POST",
        "/api/export",
        Some(FULL),
        Some("Sekretariat"),
        Some(json!({"format": "xlsx"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let xlsx = std::path::PathBuf::from(v["files"][0].as_str().unwrap());
    let (s, _, bytes) = download(
        &app,
        &format!(
            "/api/files/ekspor/{}",
            xlsx.file_name().unwrap().to_str().unwrap()
        ),
        READ,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    let (s, v) = call(
        &app,
        "POST",
        "/api/bundle/export",
        Some(FULL),
        Some("Sekretariat"),
        Some(json!({})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let bundle = std::path::PathBuf::from(v["path"].as_str().unwrap());
    let (s, _, bytes) = download(
        &app,
        &format!(
            "/api/files/ekspor/{}",
            bundle.file_name().unwrap().to_str().unwrap()
        ),
        &chair,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(bytes.len() as u64, v["bytes"].as_u64().unwrap());

    // The Cetak screen's list: what was written, newest first, with its folder.
    let (s, list) = call(&app, "GET", "/api/files", Some(&chair), None, None).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let listed: Vec<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["folder"].as_str().unwrap().to_string(),
                f["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(listed.contains(&("dokumen".into(), name.clone())), "{list}");
    assert_eq!(
        listed.iter().filter(|(f, _)| f == "ekspor").count(),
        2,
        "{list}"
    );
    let (s, _) = call(&app, "GET", "/api/files", Some(&witness), None, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The witness display shows figures only; nothing outside the two folders leaves.
    let (s, _, body) = download(&app, &format!("/api/files/dokumen/{name}"), &witness).await;
    assert_eq!(
        (s, code_of(&body).as_str()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    std::os::unix::fs::symlink(
        ws.dir().join("pleno.db"),
        ws.dir().join("dokumen/basis-data.pdf"),
    )
    .unwrap();
    for (uri, status, code) in [
        (
            "/api/files/masuk/x.jpg",
            StatusCode::FORBIDDEN,
            "server_path_refused",
        ),
        ("/api/files/dokumen/..", StatusCode::NOT_FOUND, "not_found"),
        (
            "/api/files/dokumen/%2E%2E%2Fpleno.db",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/files/dokumen/basis-data.pdf",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/files/dokumen/tidak-ada.pdf",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ] {
        let (s, _, body) = download(&app, uri, &chair).await;
        assert_eq!((s, code_of(&body).as_str()), (status, code), "{uri}");
    }
    // A token is still needed.
    let req = Request::builder()
        .uri(format!("/api/files/dokumen/{name}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.clone().oneshot(req).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}
