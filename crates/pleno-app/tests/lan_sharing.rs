//! "Buka untuk jaringan": the desktop app's sharing serves the workspace (API and UI) on every
//! interface, names the addresses with their QR codes, and on stop cuts every connection (an
//! open event stream too) and lets go of the workspace.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use common::lan::{FULL, workspace};
use pleno_app::http::Sharing;

fn get(port: u16, path: &str, token: Option<&str>) -> std::io::Result<TcpStream> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n"
    )?;
    Ok(s)
}

/// The whole answer to one GET, read off the runtime's threads.
async fn answer(port: u16, path: &'static str, token: Option<&'static str>) -> String {
    tokio::task::spawn_blocking(move || {
        let mut body = String::new();
        get(port, path, token)
            .unwrap()
            .read_to_string(&mut body)
            .unwrap();
        body
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn sharing_serves_the_lan_until_stopped_and_lets_go_of_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    // Port 0: a free port, so the test never meets a running `pleno serve`.
    let sharing = Sharing::start(ws.clone(), 0).await.unwrap();
    let status = sharing.status();
    assert!(status.on && status.port != 0);
    assert!(!status.addresses.is_empty());
    assert_eq!(status.addresses.len(), status.qr.len());
    for (a, qr) in status.addresses.iter().zip(&status.qr) {
        assert!(
            a.starts_with("http://") && a.ends_with(&format!(":{}/", status.port)),
            "{a}"
        );
        assert!(
            !a.contains("127.0.0.1") || status.addresses.len() == 1,
            "{a}"
        );
        assert!(qr.starts_with("<svg") && qr.contains("<path d=\"M"), "{qr}");
    }
    let port = status.port;

    let health = answer(port, "/api/health", None).await;
    assert!(
        health.starts_with("HTTP/1.1 200") && health.contains("\"ok\":true"),
        "{health}"
    );
    // The LAN's tokens are not the workstation's: a guessed or old one is refused.
    let refused = answer(port, "/api/workspace", Some(FULL)).await;
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");

    // A laptop's open event stream (as a paired device would hold one).
    let (_, code) = {
        let who = pleno_app::Who::new("Operator PPK");
        let made = ws
            .create_device(
                &who,
                &pleno_store::NewDevice {
                    name: "Proyektor".into(),
                    person: "Proyektor".into(),
                    role: pleno_store::DeviceRole::Display,
                    panel: None,
                },
            )
            .unwrap();
        (made.device.id, made.code)
    };
    let token = ws
        .pair_device(&code, "proyektor", "127.0.0.1")
        .unwrap()
        .token;
    let stream = tokio::task::spawn_blocking(move || {
        let s = get(port, "/api/events", Some(&token)).unwrap();
        let mut r = BufReader::new(s);
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        r
    })
    .await
    .unwrap();

    sharing.stop().await;
    // The stream ends (EOF, not a timeout) and nothing answers any more.
    let ended = tokio::task::spawn_blocking(move || {
        let mut r = stream;
        let mut rest = Vec::new();
        r.read_to_end(&mut rest).is_ok()
    })
    .await
    .unwrap();
    assert!(ended, "the event stream was left open");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
    // Nothing of the server holds the workspace: the next one can take its lock.
    assert_eq!(Arc::strong_count(&ws), 1);
}
