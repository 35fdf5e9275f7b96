//! The LAN plenary over HTTP: the operator makes devices, laptops pair with a code, and from
//! then on a device's token alone says who acts and what it may do. Server paths are refused
//! to devices, the query-string token is kept to images and the event stream, revocation
//! cuts a device off at once (its event stream too), and wrong codes are limited and audited.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use std::io::{BufRead, BufReader, Write};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use pleno_app::Workspace;
use pleno_app::demo::default_assets;
use pleno_app::http::{Limits, router, serve_on};
use serde_json::{Value, json};

use common::lan::{
    DESA_1, DESA_2, FORM, FULL, READ, call, make_device, pair, paired, send, tokens, two_panels,
    workspace,
};

/// The entry behind a field as a form view shows it (0: none).
fn field_entry(form: &Value, key: &str) -> i64 {
    form["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .and_then(|f| f["entry"].as_i64())
        .unwrap_or(0)
}

/// The newest entry of a form view, as the UI sends it back (`formVersion`).
fn form_version(form: &Value) -> i64 {
    form["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["entry"].as_i64())
        .max()
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_acts_as_its_person_within_its_role() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let app = router(ws.clone(), tokens());
    two_panels(&app).await;

    let (_, chair_code) = make_device(&app, json!({"name": "Laptop panel 1", "person": "Rina Wulandari", "role": "panel_chair", "panel": 1})).await;
    let (_, member_code) = make_device(&app, json!({"name": "Laptop panel 2", "person": "Agus Salim", "role": "panel_member", "panel": 2})).await;
    let (_, witness_code) = make_device(
        &app,
        json!({"name": "Layar saksi", "person": "Layar saksi", "role": "witness"}),
    )
    .await;
    // A panel role needs its panel; other roles take none.
    let (s, v) = call(
        &app,
        "POST",
        "/api/devices",
        Some(FULL),
        Some("Operator PPK"),
        Some(json!({"name": "x", "person": "y", "role": "panel_member"})),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_device"))
    );

    // Codes are forgiving of case and dashes, and work once.
    let typed = format!("{}-{}", &member_code[..4], &member_code[4..]).to_lowercase();
    let (s, member) = pair(&app, &typed).await;
    assert_eq!(s, StatusCode::OK, "{member}");
    let member_token = member["token"].as_str().unwrap().to_string();
    assert_eq!(member["device"]["role"], "panel_member");
    let (s, v) = pair(&app, &member_code).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("pairing_refused"))
    );
    let chair_token = pair(&app, &chair_code).await.1["token"]
        .as_str()
        .unwrap()
        .to_string();
    let witness_token = pair(&app, &witness_code).await.1["token"]
        .as_str()
        .unwrap()
        .to_string();

    let (_, me) = call(&app, "GET", "/api/me", Some(&member_token), None, None).await;
    assert_eq!(
        (me["kind"].as_str(), me["device"]["person"].as_str()),
        (Some("device"), Some("Agus Salim")),
        "{me}"
    );
    let (_, me) = call(&app, "GET", "/api/me", Some(FULL), None, None).await;
    assert_eq!(me["kind"], "workstation");

    // Both panels have the form open; the chair's screen shows IV.2 as it was.
    let (_, before) = call(&app, "GET", FORM, Some(&chair_token), None, None).await;
    let seen_field = field_entry(&before, "suara_paslon_2");
    let seen_form = form_version(&before);

    // The member takes the suggestion: the entry is theirs, whatever the header claims.
    let (s, v) = call(
        &app,
        "POST",
        &format!("{FORM}/suggestions/0/accept"),
        Some(&member_token),
        Some("Ketua KPU"),
        Some(json!({"based_on": seen_form})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, hist) = call(
        &app,
        "GET",
        &format!("{FORM}/fields/suara_paslon_2/history"),
        Some(READ),
        None,
        None,
    )
    .await;
    let last = hist.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"]["name"], "Agus Salim", "{last}");
    assert_eq!(last["actor"]["role"], "anggota panel", "{last}");
    assert_eq!(last["panel"], 2, "{last}");

    // The chair, still looking at the old figures, is stopped and told who changed what.
    let (s, v) = call(
        &app,
        "PUT",
        &format!("{FORM}/fields/suara_paslon_2"),
        Some(&chair_token),
        None,
        Some(json!({"value": 652, "reason": "kembali", "based_on": seen_field})),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("stale_write")),
        "{v}"
    );
    let message = v["message"].as_str().unwrap();
    for part in [
        "Agus Salim",
        "anggota panel",
        "panel 2",
        "IV.2",
        "152",
        "muat ulang",
    ] {
        assert!(message.contains(part), "{part} missing: {message}");
    }
    let (s, v) = call(
        &app,
        "POST",
        &format!("{FORM}/confirm"),
        Some(&chair_token),
        None,
        Some(json!({"acknowledge_warnings": true, "based_on": seen_form})),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("stale_write")),
        "{v}"
    );
    // Reloaded, the chair's screen is current again and its agreement goes through.
    let (_, after) = call(&app, "GET", FORM, Some(&chair_token), None, None).await;
    let (s, v) = call(
        &app,
        "POST",
        &format!("{FORM}/confirm"),
        Some(&chair_token),
        None,
        Some(json!({"acknowledge_warnings": true, "based_on": form_version(&after)})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    // Only a chair closes a desa, and only a desa of the chair's panel.
    let (s, v) = call(
        &app,
        "POST",
        &format!("/api/desa/{DESA_1}/close"),
        Some(&member_token),
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden")),
        "{v}"
    );
    let (s, v) = call(
        &app,
        "POST",
        &format!("/api/desa/{DESA_2}/close"),
        Some(&chair_token),
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_panel_chair")),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("Panel 2"), "{v}");
    let (s, v) = call(
        &app,
        "POST",
        &format!("/api/desa/{DESA_1}/close"),
        Some(&chair_token),
        None,
        Some(json!({})),
    )
    .await;
    assert_ne!(
        s,
        StatusCode::FORBIDDEN,
        "the chair of panel 1 may close its desa: {v}"
    );
    // Panels do not run the workstation: settings, devices and imports are the operator's.
    for (method, uri, body) in [
        ("POST", "/api/panels", json!({"name": "Panel 3"})),
        (
            "POST",
            "/api/devices",
            json!({"name": "x", "person": "y", "role": "display"}),
        ),
        ("POST", "/api/import", json!({"paths": ["/etc"]})),
    ] {
        let (s, v) = call(&app, method, uri, Some(&chair_token), None, Some(body)).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{uri}: {v}");
    }
    let (s, _) = call(&app, "GET", "/api/devices", Some(&member_token), None, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The witness display sees figures only: the recap, not forms, photos or the device list.
    let (s, v) = call(&app, "GET", "/api/recap", Some(&witness_token), None, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    for uri in [
        FORM,
        "/api/organisation",
        "/api/devices",
        "/api/audit",
        "/api/election",
        "/api/workspace",
    ] {
        let (s, _) = call(&app, "GET", uri, Some(&witness_token), None, None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{uri}");
    }
    let (s, _) = call(
        &app,
        "GET",
        &format!("/api/pages/1/image?token={witness_token}"),
        None,
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Each pairing is in the audit log with the name the laptop gave.
    let (_, paired) = call(
        &app,
        "GET",
        "/api/audit?kind=device_paired",
        Some(FULL),
        None,
        None,
    )
    .await;
    assert_eq!(paired.as_array().unwrap().len(), 3, "{paired}");
    assert_eq!(
        paired[0]["payload"]["detail"]["device_name"], "laptop meja 1",
        "{paired}"
    );

    // The operator sees every device, none with its code or token.
    let (_, list) = call(&app, "GET", "/api/devices", Some(FULL), None, None).await;
    assert_eq!(list.as_array().unwrap().len(), 3, "{list}");
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|d| !d["paired_at"].is_null())
    );
    assert!(!list.to_string().contains(&member_token));
    let report = ws.verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[tokio::test(flavor = "multi_thread")]
async fn devices_name_no_server_paths_and_tokens_stay_out_of_urls() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let app = router(ws.clone(), tokens());
    let (_, code) = make_device(
        &app,
        json!({"name": "Laptop sekretariat", "person": "Dewi", "role": "operator"}),
    )
    .await;
    let token = pair(&app, &code).await.1["token"]
        .as_str()
        .unwrap()
        .to_string();
    let outside = dir.path().join("di-luar");
    for (uri, body) in [
        ("/api/import", json!({"paths": [dir.path().join("ws")]})),
        (
            "/api/import/figures",
            json!({"path": default_assets().join("demo/hasil.xlsx")}),
        ),
        (
            "/api/bundle/export",
            json!({"dest": outside.join("paket.pleno")}),
        ),
        ("/api/backup", json!({"folder": outside})),
    ] {
        let (s, v) = call(&app, "POST", uri, Some(&token), None, Some(body)).await;
        assert_eq!(
            (s, v["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("server_path_refused")),
            "{uri}: {v}"
        );
    }
    assert!(
        !outside.exists(),
        "nothing may be written outside the workspace"
    );
    // Without a place named, the bundle goes to the workspace's own export folder.
    let (s, v) = call(
        &app,
        "POST",
        "/api/bundle/export",
        Some(&token),
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let written = std::path::PathBuf::from(v["path"].as_str().unwrap());
    assert!(
        written.starts_with(dir.path().join("ws").join("ekspor")),
        "{}",
        written.display()
    );

    // A token in the query string is taken for images and the event stream only.
    for (method, uri) in [("POST", "/api/panels"), ("GET", "/api/workspace")] {
        let (s, _) = call(
            &app,
            method,
            &format!("{uri}?token={FULL}"),
            None,
            Some("Budi"),
            Some(json!({"name": "P"})),
        )
        .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{method} {uri}");
    }
    let (s, _) = call(
        &app,
        "GET",
        &format!("/api/pages/999/image?token={token}"),
        None,
        None,
        None,
    )
    .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "the token was taken; the page does not exist"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_codes_are_limited_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let app = router(ws.clone(), tokens());
    let (_, code) = make_device(
        &app,
        json!({"name": "Proyektor", "person": "Proyektor", "role": "display"}),
    )
    .await;
    for guess in ["AAAAAAAA", "BBBBBBBB", "short", "CCCCCCCC", "DDDDDDDD"] {
        let (s, v) = pair(&app, guess).await;
        assert_eq!(
            (s, v["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("pairing_refused")),
            "{guess}"
        );
    }
    // Now even the right code waits for the window to pass.
    let (s, v) = pair(&app, &code).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("too_many_attempts"))
    );
    let (_, audit) = call(
        &app,
        "GET",
        "/api/audit?kind=pairing_refused",
        Some(FULL),
        None,
        None,
    )
    .await;
    assert_eq!(audit.as_array().unwrap().len(), 5, "{audit}");
    assert_eq!(
        audit[0]["payload"]["detail"]["device_name"], "laptop meja 1",
        "{audit}"
    );
    // A 10 MB body is refused before it is read.
    let big = json!({"name": "x".repeat(10 << 20)});
    let (s, v) = call(
        &app,
        "POST",
        "/api/panels",
        Some(FULL),
        Some("Budi"),
        Some(big),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("request_too_large"))
    );
}

/// Revocation over a real socket: the device's open event stream ends and its next request
/// is refused.
#[test]
fn a_revoked_device_is_cut_off_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let app = router(ws.clone(), tokens());
    let (id, code) = rt.block_on(make_device(
        &app,
        json!({"name": "Proyektor", "person": "Proyektor", "role": "display"}),
    ));
    let token = rt.block_on(pair(&app, &code)).1["token"]
        .as_str()
        .unwrap()
        .to_string();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(serve_on(listener, app.clone(), Limits::default()));

    let mut sse = std::net::TcpStream::connect(addr).unwrap();
    sse.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        sse,
        "GET /api/events?token={token} HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(sse);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.contains("200"), "{line}");
    std::thread::sleep(Duration::from_millis(200));
    let (s, v) = rt.block_on(call(
        &app,
        "POST",
        &format!("/api/devices/{id}/revoke"),
        Some(FULL),
        Some("Operator PPK"),
        Some(json!({})),
    ));
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(!v["revoked_at"].is_null(), "{v}");
    // The chunked stream ends with its zero-length chunk; then the server closes or idles.
    let mut ended = false;
    for _ in 0..200 {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => {
                ended = true;
                break;
            }
            Ok(_) if line.trim() == "0" => {
                ended = true;
                break;
            }
            Ok(_) => {}
            Err(e) => panic!("the stream did not end: {e}"),
        }
    }
    assert!(ended, "the revoked device's event stream is still open");
    let (s, v) = rt.block_on(call(&app, "GET", "/api/recap", Some(&token), None, None));
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let (s, v) = rt.block_on(call(
        &app,
        "POST",
        &format!("/api/devices/{id}/revoke"),
        Some(FULL),
        Some("Operator PPK"),
        Some(json!({})),
    ));
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("already_revoked")),
        "{v}"
    );
}

/// A raw-body upload of `bytes` as `path` into `batch`.
async fn put_file(
    app: &axum::Router,
    token: &str,
    batch: &str,
    path: &str,
    bytes: Vec<u8>,
    sha256: Option<&str>,
) -> (StatusCode, Value) {
    let mut query = vec![("path", path)];
    if let Some(h) = sha256 {
        query.push(("sha256", h));
    }
    let uri = format!(
        "/api/uploads/{batch}?{}",
        serde_urlencoded::to_string(query).unwrap()
    );
    let req = Request::builder()
        .method("PUT")
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::from(bytes))
        .unwrap();
    send(app, req).await
}

/// A panel laptop sends the photos of a TPS folder by folder, as a browser can; a damaged or
/// repeated file changes nothing; the batch is imported like a USB folder.
#[tokio::test(flavor = "multi_thread")]
async fn a_panel_uploads_photos_and_imports_them() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let app = router(ws.clone(), tokens());
    two_panels(&app).await;
    let (_, code) = make_device(&app, json!({"name": "Laptop panel 2", "person": "Agus Salim", "role": "panel_member", "panel": 2})).await;
    let token = pair(&app, &code).await.1["token"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, code) = make_device(
        &app,
        json!({"name": "Proyektor", "person": "Proyektor", "role": "display"}),
    )
    .await;
    let display = pair(&app, &code).await.1["token"]
        .as_str()
        .unwrap()
        .to_string();

    let photo = std::fs::read(default_assets().join("../tests/fixtures/photos/ppwp-102-clean.jpg"))
        .unwrap();
    let batch = "k1-ab12cd34";
    let name = "3303192001001/ppwp-102-clean.jpg";
    // Bigger than the 4 MB the JSON API takes: a file is streamed, not held.
    let mut big = photo.clone();
    big.resize(5 << 20, 0);
    let (s, v) = put_file(&app, &token, batch, "3303192001001/besar.jpg", big, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // Cut short (the browser's hash does not match): refused, nothing left behind.
    let sha = pleno_store::hex(&<sha2::Sha256 as sha2::Digest>::digest(&photo));
    let (s, v) = put_file(
        &app,
        &token,
        batch,
        name,
        photo[..1000].to_vec(),
        Some(&sha),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_request")),
        "{v}"
    );
    let folder = ws.upload_batch_dir(batch).unwrap().join("3303192001001");
    assert!(!folder.join("ppwp-102-clean.jpg").exists());
    // Whole, twice: stored once.
    let (s, v) = put_file(&app, &token, batch, name, photo.clone(), Some(&sha)).await;
    assert_eq!(
        (s, v["duplicate"].as_bool()),
        (StatusCode::OK, Some(false)),
        "{v}"
    );
    let (s, v) = put_file(&app, &token, batch, name, photo.clone(), None).await;
    assert_eq!(
        (s, v["duplicate"].as_bool()),
        (StatusCode::OK, Some(true)),
        "{v}"
    );
    let names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary files remain: {names:?}");
    // No way out of the inbox, and no uploads from a display.
    for bad in ["../../pleno.db", "a/../../../x.jpg", ".ssh/x"] {
        let (s, _) = put_file(&app, &token, batch, bad, photo.clone(), None).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
    }
    let (s, _) = put_file(&app, &token, "../../x-12345678", name, photo.clone(), None).await;
    assert_ne!(s, StatusCode::OK);
    let (s, _) = put_file(&app, &display, batch, name, photo.clone(), None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let (s, v) = call(
        &app,
        "POST",
        &format!("/api/uploads/{batch}/import"),
        Some(&token),
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let job = v["job"].as_u64().unwrap();
    for _ in 0..600 {
        let (_, j) = call(
            &app,
            "GET",
            &format!("/api/jobs/{job}"),
            Some(&token),
            None,
            None,
        )
        .await;
        if j["finished"] == true {
            assert_eq!(j["failed"], false, "{j}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (_, pages) = call(&app, "GET", "/api/pages", Some(&token), None, None).await;
    let pages = pages.as_array().unwrap();
    assert_eq!(pages.len(), 2, "{pages:?}");
    let read = pages
        .iter()
        .find(|p| p["status"] == "identified")
        .expect("the photo is read");
    assert_eq!(read["tps"], "3303192001001", "{read}");
    let (_, audit) = call(
        &app,
        "GET",
        "/api/audit?kind=page_added",
        Some(FULL),
        None,
        None,
    )
    .await;
    assert_eq!(audit[0]["actor"]["name"], "Agus Salim", "{audit}");

    // Served read-only beside the desktop app, the same laptop's files are refused, unwritten.
    let ws_dir = ws.dir().to_path_buf();
    drop(app);
    drop(ws);
    let ro = Arc::new(Workspace::open(&ws_dir, pleno_app::Mode::ReadOnly).unwrap());
    let app = router(ro, tokens());
    let (s, v) = put_file(&app, &token, "k1-readonly1", name, photo, None).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("read_only")),
        "{v}"
    );
    assert!(!ws_dir.join("masuk/k1-readonly1").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_operator_sends_a_figures_workbook_from_a_laptop() {
    let dir = tempfile::tempdir().unwrap();
    // No figures yet: the workbook from the laptop brings them.
    let ws = Arc::new(common::demo_workspace(
        dir.path(),
        &pleno_app::Who::new("Sekretariat PPK"),
    ));
    let app = router(ws.clone(), tokens());
    two_panels(&app).await;
    let operator = paired(
        &app,
        json!({"name": "Laptop sekretariat", "person": "Dewi", "role": "operator"}),
    )
    .await;
    let member = paired(
        &app,
        json!({"name": "Laptop panel 2", "person": "Agus", "role": "panel_member", "panel": 2}),
    )
    .await;
    let workbook = std::fs::read(default_assets().join("demo/hasil.xlsx")).unwrap();
    let batch = "k1-f1gures0";
    let (s, v) = put_file(&app, &operator, batch, "hasil.xlsx", workbook, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");

    let uri = format!("/api/uploads/{batch}/figures");
    // A panel laptop may send photos, not figures for the whole kecamatan.
    let (s, v) = call(
        &app,
        "POST",
        &uri,
        Some(&member),
        None,
        Some(json!({"path": "hasil.xlsx"})),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden")),
        "{v}"
    );
    for (path, code) in [
        ("../pleno.db", "bad_request"),
        ("lain.xlsx", "file_not_found"),
    ] {
        let (s, v) = call(
            &app,
            "POST",
            &uri,
            Some(&operator),
            None,
            Some(json!({"path": path})),
        )
        .await;
        assert_eq!(v["code"].as_str(), Some(code), "{path}: {s} {v}");
    }
    let (s, report) = call(
        &app,
        "POST",
        &uri,
        Some(&operator),
        None,
        Some(json!({"path": "hasil.xlsx"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert!(report["forms"].as_u64().unwrap() > 500, "{report}");
    assert!(report["entries"].as_u64().unwrap() > 0, "{report}");
    // Recorded as the operator's person, from the device.
    let (_, audit) = call(
        &app,
        "GET",
        "/api/audit?kind=entries_added&newest_first=true&limit=1",
        Some(FULL),
        None,
        None,
    )
    .await;
    assert_eq!(audit[0]["actor"]["name"], "Dewi", "{audit}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chair_decides_the_objections_of_its_own_panel_only() {
    let dir = tempfile::tempdir().unwrap();
    let app = router(workspace(dir.path()), tokens());
    two_panels(&app).await;
    let chair = paired(&app, json!({"name": "Laptop panel 1", "person": "Rina Wulandari", "role": "panel_chair", "panel": 1})).await;
    let raise = |place: Value| {
        let app = app.clone();
        async move {
            let mut body = json!({"kind": "keberatan", "raised_by": "Saksi Partai A", "text": "angka berbeda"});
            body.as_object_mut()
                .unwrap()
                .extend(place.as_object().unwrap().clone());
            let (s, v) = call(
                &app,
                "POST",
                "/api/objections",
                Some(FULL),
                Some("Sekretariat"),
                Some(body),
            )
            .await;
            assert_eq!(s, StatusCode::OK, "{v}");
            v["id"].as_i64().unwrap()
        }
    };
    let own = raise(json!({"tps": format!("{DESA_1}004")})).await;
    let other = raise(json!({"desa": DESA_2})).await;
    let kecamatan = raise(json!({})).await;
    let resolve = |id: i64| {
        let (app, chair) = (app.clone(), chair.clone());
        async move {
            call(
                &app,
                "POST",
                &format!("/api/objections/{id}/resolve"),
                Some(&chair),
                None,
                Some(json!({"accepted": false, "resolution": "ditolak pleno"})),
            )
            .await
        }
    };
    let (s, v) = resolve(other).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_panel_chair")),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("Panel 2"), "{v}");
    let (s, v) = resolve(kecamatan).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_panel_chair")),
        "{v}"
    );
    let (s, v) = resolve(own).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // The workstation decides any.
    let (s, v) = call(
        &app,
        "POST",
        &format!("/api/objections/{other}/resolve"),
        Some(FULL),
        Some("Ketua PPK"),
        Some(json!({"accepted": true, "resolution": "diterima"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
}
