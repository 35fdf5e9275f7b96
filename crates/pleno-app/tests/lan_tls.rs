//! `pleno serve --tls`: the workspace's self-signed certificate is made once and kept (same
//! fingerprint on the next start), its key is the owner's alone, a client that trusts exactly
//! that certificate gets the API over HTTPS with the fingerprint in `/api/health`, and plain
//! HTTP on the same port gets no answer.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use std::sync::Arc;

use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use common::lan::{tokens, workspace};
use pleno_app::http::{Limits, TLS_DIR, router_tls, serve_until, tls_identity, with_ui};

const NAMES: [&str; 2] = ["localhost", "127.0.0.1"];

async fn over_tls(port: u16, trusted: &[u8]) -> std::io::Result<String> {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from(trusted.to_vec()))
        .map_err(std::io::Error::other)?;
    #[allow(deprecated)] // the same ring provider as the server (tls.rs says why)
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(std::io::Error::other)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let name = ServerName::try_from("127.0.0.1").map_err(std::io::Error::other)?;
    let mut tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await?;
    tls.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await?;
    let mut answer = String::new();
    tls.read_to_string(&mut answer).await?;
    Ok(answer)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_workspace_serves_https_with_its_own_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let names: Vec<String> = NAMES.iter().map(ToString::to_string).collect();
    let identity = tls_identity(ws.dir(), &names).unwrap();
    assert_eq!(
        identity.fingerprint.len(),
        32 * 3 - 1,
        "{}",
        identity.fingerprint
    );
    let key = ws.dir().join(TLS_DIR).join("kunci-tls.pem");
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&key).unwrap().permissions())
            & 0o777,
        0o600
    );
    // The next start reads the same certificate: laptops compare the same fingerprint.
    assert_eq!(
        tls_identity(ws.dir(), &names).unwrap().fingerprint,
        identity.fingerprint
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = router_tls(
        ws.clone(),
        tokens(),
        Limits::default(),
        Some(identity.fingerprint.clone()),
    );
    let app = match pleno_app::http::UiSource::embedded() {
        Some(ui) => with_ui(app, ui),
        None => app,
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_until(
        listener,
        app,
        Limits::default(),
        Some(identity.config.clone()),
        async {
            let _ = stopped.await;
        },
    ));

    let answer = over_tls(port, &identity.certificate).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(&identity.fingerprint), "{answer}");

    // Another workspace's certificate is not this server's: the handshake fails.
    let other = tempfile::tempdir().unwrap();
    let stranger = tls_identity(other.path(), &names).unwrap();
    assert!(over_tls(port, &stranger.certificate).await.is_err());

    // Plain HTTP on the TLS port is not answered as HTTP.
    let mut plain = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    plain
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut back = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        plain.read_to_end(&mut back),
    )
    .await;
    assert!(
        !back.starts_with(b"HTTP/"),
        "{}",
        String::from_utf8_lossy(&back)
    );

    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
