//! The accept loop of `pleno serve`, bounded so that one client cannot stop the plenary: a
//! connection that has not sent a request's headers within `header_timeout` (half-sent, or
//! idle between requests) is closed; a request body must arrive within `body_timeout` and be at
//! most `max_body` bytes; at most `max_connections` connections are served at once, the rest
//! wait in the kernel's queue, well under the 1,024 open files a process gets by default.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::Service as _;

use super::auth::{Peer, error_response};
use crate::error::{AppError, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub max_body: usize,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            // The API's bodies are small JSON; figures and photos are read from files.
            max_body: 4 << 20,
            max_connections: 256,
        }
    }
}

/// Reads the whole body under the limits before any handler sees the request.
pub(crate) async fn bounded_body(
    State(limits): State<Limits>,
    req: Request,
    next: Next,
) -> Response {
    // A file upload streams to disk under its own per-file limit (`http/uploads.rs`).
    if req.method() == axum::http::Method::PUT && req.uri().path().starts_with("/api/uploads/") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let declared = parts
        .headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = || {
        error_response(&AppError::new(
            ErrorCode::RequestTooLarge,
            format!(
                "isi permintaan lebih dari {} MB; kirim berkasnya lewat impor berkas",
                limits.max_body >> 20
            ),
        ))
    };
    if declared.is_some_and(|n| n > limits.max_body as u64) {
        return too_large();
    }
    match tokio::time::timeout(
        limits.body_timeout,
        axum::body::to_bytes(body, limits.max_body),
    )
    .await
    {
        Err(_) => error_response(&AppError::new(
            ErrorCode::RequestTimeout,
            format!(
                "isi permintaan tidak selesai dikirim dalam {} detik; periksa jaringan lalu ulangi",
                limits.body_timeout.as_secs()
            ),
        )),
        Ok(Err(_)) => too_large(),
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    }
}

/// Serves `app` on `listener` until the process stops.
pub async fn serve_on(listener: TcpListener, app: Router, limits: Limits) -> std::io::Result<()> {
    serve_until(listener, app, limits, None, std::future::pending()).await
}

/// Serves `app` on `listener` (over TLS when `tls` is given) until `stop` completes; then
/// every open connection is cut, event streams included, so nothing is served from the
/// workspace afterwards.
pub async fn serve_until(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    tls: Option<Arc<rustls::ServerConfig>>,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    let mut connections = tokio::task::JoinSet::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let Ok(permit) = permits.clone().acquire_owned().await else {
            return Ok(());
        };
        let accepted = tokio::select! {
            () = &mut stop => {
                connections.shutdown().await;
                return Ok(());
            }
            accepted = listener.accept() => accepted,
        };
        // Finished connections leave the set as they go.
        while connections.try_join_next().is_some() {}
        let (stream, addr) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors or a reset before accept: wait and go on serving.
                eprintln!("pleno serve: koneksi tidak dapat diterima ({e})");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let app = app.clone();
        let acceptor = acceptor.clone();
        connections.spawn(async move {
            let _permit = permit;
            match acceptor {
                None => serve_connection(stream, app, addr, limits).await,
                // A handshake is held to the same limit as a request's headers.
                Some(acceptor) => {
                    if let Ok(Ok(tls)) =
                        tokio::time::timeout(limits.header_timeout, acceptor.accept(stream)).await
                    {
                        serve_connection(tls, app, addr, limits).await;
                    }
                }
            }
        });
    }
}

async fn serve_connection<I>(io: I, app: Router, addr: std::net::SocketAddr, limits: Limits)
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
        let mut req = req.map(Body::new);
        // Paths on the workstation's disk are taken only from loopback (`auth::local`).
        req.extensions_mut().insert(Peer(addr));
        app.clone().call(req)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    // A connection cut by a timeout or by the client ends here; nothing to report.
    let _ = builder.serve_connection(TokioIo::new(io), service).await;
}
