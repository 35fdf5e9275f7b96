//! `pleno serve` over a real socket, tried as a careless or hostile LAN client would: headers
//! never finished, connections held open and idle, a body that never arrives, a body larger than
//! the server takes. Each is cut or refused within its limit and a good request is still
//! served. The limits are shortened here so the test takes about a second.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pleno_app::demo::default_assets;
use pleno_app::http::{Limits, Tokens, router_with, serve_on};
use pleno_app::{CreateOptions, Who, Workspace};

const FULL: &str = "full-token-0123456789abcdef";

const LIMITS: Limits = Limits {
    header_timeout: Duration::from_millis(400),
    body_timeout: Duration::from_millis(400),
    max_body: 64 << 10,
    max_connections: 4,
};

/// Starts the server on a free port; the runtime lives as long as the returned value.
fn start(dir: &std::path::Path) -> (SocketAddr, tokio::runtime::Runtime) {
    let ws = Workspace::create(
        &dir.join("ws"),
        &default_assets().join("demo/referensi.xlsx"),
        &Who::new("Sekretariat PPK"),
        &CreateOptions::default(),
    )
    .unwrap();
    let tokens = Tokens {
        full: FULL.into(),
        read_only: "read-token-0123456789abcdef".into(),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(serve_on(
        listener,
        router_with(Arc::new(ws), tokens, LIMITS),
        LIMITS,
    ));
    (addr, rt)
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// Everything the server sends until it closes the connection (or the read times out).
fn read_all(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn health(addr: SocketAddr) -> String {
    let mut s = connect(addr);
    s.write_all(b"GET /api/health HTTP/1.1\r\nHost: pleno\r\nConnection: close\r\n\r\n")
        .unwrap();
    read_all(&mut s)
}

#[test]
fn slow_idle_and_oversized_clients_are_cut_and_the_plenary_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, _rt) = start(dir.path());
    assert!(health(addr).starts_with("HTTP/1.1 200"), "{}", health(addr));

    // Headers never finished: the connection is closed after the header limit.
    let t = Instant::now();
    let mut half = connect(addr);
    half.write_all(b"GET /api/health HTTP/1.1\r\nHost: pleno\r\n")
        .unwrap();
    let got = read_all(&mut half);
    let waited = t.elapsed();
    assert!(!got.contains("200 OK"), "{got}");
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(5),
        "closed after {waited:?}"
    );

    // Every connection slot held by an idle client: they are reaped, and a good request that
    // waited in the queue is served.
    let idle: Vec<TcpStream> = (0..LIMITS.max_connections).map(|_| connect(addr)).collect();
    let t = Instant::now();
    let answer = health(addr);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    drop(idle);

    // A body announced and never sent: 408 with the reason, after the body limit.
    let mut slow = connect(addr);
    let t = Instant::now();
    slow.write_all(
        format!(
            "POST /api/panels HTTP/1.1\r\nHost: pleno\r\nAuthorization: Bearer {FULL}\r\n\
             X-Pleno-Actor: Operator\r\nContent-Type: application/json\r\n\
             Content-Length: 100\r\nConnection: close\r\n\r\n{{\"name\":"
        )
        .as_bytes(),
    )
    .unwrap();
    let got = read_all(&mut slow);
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    assert!(got.contains("request_timeout"), "{got}");
    assert!(t.elapsed() < Duration::from_secs(5));

    // A body larger than the server takes: 413 before it is read.
    let mut big = connect(addr);
    big.write_all(
        format!(
            "POST /api/panels HTTP/1.1\r\nHost: pleno\r\nAuthorization: Bearer {FULL}\r\n\
             X-Pleno-Actor: Operator\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            LIMITS.max_body + 1
        )
        .as_bytes(),
    )
    .unwrap();
    let got = read_all(&mut big);
    assert!(got.starts_with("HTTP/1.1 413"), "{got}");
    assert!(got.contains("request_too_large"), "{got}");

    // Without a token the body is never read: 401 at once.
    let mut anon = connect(addr);
    anon.write_all(
        b"POST /api/panels HTTP/1.1\r\nHost: pleno\r\nContent-Length: 100\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let got = read_all(&mut anon);
    assert!(got.starts_with("HTTP/1.1 401"), "{got}");

    // And a good write still works.
    let body = r#"{"name":"Panel Uji"}"#;
    let mut good = connect(addr);
    good.write_all(
        format!(
            "POST /api/panels HTTP/1.1\r\nHost: pleno\r\nAuthorization: Bearer {FULL}\r\n\
             X-Pleno-Actor: Operator\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .unwrap();
    let got = read_all(&mut good);
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
}
