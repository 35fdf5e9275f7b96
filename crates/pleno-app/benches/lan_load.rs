//! The LAN plenary under load, on loopback: four paired panel laptops each make 200
//! corrections over their own keep-alive connection while two displays poll the recap and the
//! queue and one event stream listens. Prints write latency (p50/p95/max), errors, what the
//! displays and the stream saw, then checks that every write is in its field's history and
//! that `pleno verify` finds nothing.
//!
//! `cargo bench -p pleno-app --bench lan_load` (PLENO_LOAD_WRITES changes the 200).

#![allow(
    clippy::expect_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)] // a bench: a failure is its report

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pleno_app::demo::default_assets;
use pleno_app::http::{Limits, Tokens, router, serve_on};
use pleno_app::{CreateOptions, Who, Workspace};
use pleno_core::wilayah::TpsCode;
use pleno_core::{Contest, FieldKey};
use pleno_store::{DeviceRole, NewDevice};

const PANELS: usize = 4;

/// One keep-alive HTTP/1.1 connection: enough client for JSON answers with a Content-Length.
struct Conn {
    reader: BufReader<TcpStream>,
    token: String,
}

impl Conn {
    fn open(addr: SocketAddr, token: &str) -> Conn {
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_nodelay(true).ok();
        Conn {
            reader: BufReader::new(stream),
            token: token.to_string(),
        }
    }

    fn request(&mut self, method: &str, path: &str, body: &str) -> (u16, String) {
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: pleno\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.token,
            body.len()
        );
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes()).expect("send");
        stream.write_all(body.as_bytes()).expect("send");
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status");
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line).expect("header");
            let l = line.trim();
            if l.is_empty() {
                break;
            }
            if let Some(v) = l.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut buf = vec![0; length];
        self.reader.read_exact(&mut buf).expect("body");
        (status, String::from_utf8_lossy(&buf).into_owned())
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let writes: usize = std::env::var("PLENO_LOAD_WRITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("tempdir");
    let operator = Who::new("Operator PPK");
    let ws = Arc::new(
        Workspace::create(
            &dir.path().join("ws"),
            &default_assets().join("demo/referensi.xlsx"),
            &operator,
            &CreateOptions::default(),
        )
        .expect("workspace"),
    );
    let election = ws.election().expect("election");
    let tps: Vec<TpsCode> = election
        .kecamatan
        .desa
        .iter()
        .flat_map(|d| d.tps.iter().map(|t| t.code.clone()))
        .collect();
    let keys: Vec<FieldKey> = ws
        .form(&tps[0], Contest::Ppwp)
        .expect("form")
        .fields
        .iter()
        .map(|f| f.def.key)
        .collect();

    // Four panels, a paired member's laptop in each, and two paired displays.
    let mut panel_tokens = Vec::new();
    for p in 0..PANELS {
        let id = ws
            .add_panel(&operator, &format!("Panel {}", p + 1))
            .expect("panel");
        let made = ws
            .create_device(
                &operator,
                &NewDevice {
                    name: format!("Laptop panel {}", p + 1),
                    person: format!("Anggota panel {}", p + 1),
                    role: DeviceRole::PanelMember,
                    panel: Some(id),
                },
            )
            .expect("device");
        panel_tokens.push(
            ws.pair_device(&made.code, "beban", "lokal")
                .expect("pair")
                .token,
        );
    }
    let mut display_tokens = Vec::new();
    for d in 0..2 {
        let made = ws
            .create_device(
                &operator,
                &NewDevice {
                    name: format!("Layar {d}"),
                    person: format!("Layar {d}"),
                    role: DeviceRole::Display,
                    panel: None,
                },
            )
            .expect("device");
        display_tokens.push(
            ws.pair_device(&made.code, "beban", "lokal")
                .expect("pair")
                .token,
        );
    }

    let tokens = Tokens::generate().expect("tokens");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    runtime.spawn(serve_on(
        listener,
        router(ws.clone(), tokens),
        Limits::default(),
    ));

    let done = Arc::new(AtomicBool::new(false));
    let events = Arc::new(AtomicUsize::new(0));
    let sse = {
        let (done, events, token) = (done.clone(), events.clone(), display_tokens[0].clone());
        std::thread::spawn(move || {
            let mut s = TcpStream::connect(addr).expect("connect");
            s.set_read_timeout(Some(Duration::from_millis(200))).ok();
            write!(
                s,
                "GET /api/events?token={token} HTTP/1.1\r\nHost: pleno\r\n\r\n"
            )
            .expect("send");
            let mut reader = BufReader::new(s);
            let mut line = String::new();
            while !done.load(Ordering::Relaxed) {
                line.clear();
                match reader.read_line(&mut line) {
                    Ok(0) => break,
                    Ok(_) if line.starts_with("data:") => {
                        events.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {}
                }
            }
        })
    };
    let displays: Vec<_> = display_tokens
        .iter()
        .map(|token| {
            let (done, token) = (done.clone(), token.clone());
            std::thread::spawn(move || {
                let mut conn = Conn::open(addr, &token);
                let (mut polls, mut errors, mut times) = (0usize, 0usize, Vec::new());
                while !done.load(Ordering::Relaxed) {
                    for path in ["/api/recap", "/api/queue"] {
                        let t = Instant::now();
                        let (status, _) = conn.request("GET", path, "");
                        times.push(t.elapsed());
                        polls += 1;
                        errors += usize::from(status != 200);
                    }
                    std::thread::sleep(Duration::from_millis(250));
                }
                (polls, errors, times)
            })
        })
        .collect();

    let started = Instant::now();
    let panels: Vec<_> = panel_tokens
        .iter()
        .enumerate()
        .map(|(p, token)| {
            let token = token.clone();
            let mine: Vec<(TpsCode, FieldKey)> = tps
                .iter()
                .enumerate()
                .filter(|(i, _)| i % PANELS == p)
                .flat_map(|(_, t)| keys.iter().map(move |k| (t.clone(), *k)))
                .take(writes)
                .collect();
            std::thread::spawn(move || {
                let mut conn = Conn::open(addr, &token);
                let mut times = Vec::with_capacity(mine.len());
                let mut errors = Vec::new();
                for (n, (t, k)) in mine.iter().enumerate() {
                    let body = format!(
                        r#"{{"value": {}, "reason": "", "based_on": 0}}"#,
                        100 + n % 50
                    );
                    let path = format!("/api/forms/{t}/ppwp/fields/{k}");
                    let start = Instant::now();
                    let (status, answer) = conn.request("PUT", &path, &body);
                    times.push(start.elapsed());
                    if status != 200 {
                        errors.push(format!("{path}: {status} {answer}"));
                    }
                }
                (mine, times, errors)
            })
        })
        .collect();
    let results: Vec<_> = panels
        .into_iter()
        .map(|h| h.join().expect("panel"))
        .collect();
    let elapsed = started.elapsed();
    // Let the last events reach the stream before it stops.
    std::thread::sleep(Duration::from_millis(500));
    done.store(true, Ordering::Relaxed);
    let display_results: Vec<_> = displays
        .into_iter()
        .map(|h| h.join().expect("display"))
        .collect();
    sse.join().expect("sse");

    let mut times: Vec<Duration> = results.iter().flat_map(|r| r.1.iter().copied()).collect();
    times.sort();
    let errors: Vec<&String> = results.iter().flat_map(|r| r.2.iter()).collect();
    let total = times.len();
    println!(
        "lan_load: {PANELS} panel laptops × {writes} corrections, 2 displays polling, 1 event stream (loopback)"
    );
    println!(
        "  writes: {total} in {:.2} s ({:.0}/s); latency p50 {}, p95 {}, max {}; errors {}",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(times.last().copied().unwrap_or_default()),
        errors.len()
    );
    for e in errors.iter().take(5) {
        println!("    {e}");
    }
    let mut polls: Vec<Duration> = display_results
        .iter()
        .flat_map(|r| r.2.iter().copied())
        .collect();
    polls.sort();
    println!(
        "  displays: {} reads, errors {}, latency p50 {}, p95 {}",
        display_results.iter().map(|r| r.0).sum::<usize>(),
        display_results.iter().map(|r| r.1).sum::<usize>(),
        ms(percentile(&polls, 0.5)),
        ms(percentile(&polls, 0.95))
    );
    println!("  event stream: {} events", events.load(Ordering::Relaxed));

    // Every write is in its field's history, by its panel's person.
    let mut missing = 0;
    for (p, (mine, _, _)) in results.iter().enumerate() {
        let person = format!("Anggota panel {}", p + 1);
        for (t, k) in mine {
            let history = ws.field_history(t, Contest::Ppwp, *k).expect("history");
            if !history.iter().any(|e| e.actor.name == person) {
                missing += 1;
            }
        }
    }
    let report = ws.verify_audit().expect("verify");
    println!(
        "  history: {} of {total} writes found; verify: {} events, {} problems",
        total - missing,
        report.events,
        report.problem_count
    );
    assert!(
        errors.is_empty() && missing == 0 && report.problems.is_empty(),
        "load run failed"
    );
}
