//! `pleno serve --tls`: HTTPS with a self-signed certificate made once for the workspace
//! (`<workspace>/tls/`), so the certificate, and with it its fingerprint, stays the same from one
//! plenary day to the next. Nobody on an office LAN can get a certificate a browser trusts by
//! itself; the fingerprint is what a person compares instead: printed at start, shown on the
//! pairing screen (`/api/health`) and in Persiapan (`docs/lan.md`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult, ErrorCode};

/// The folder inside the workspace.
pub const TLS_DIR: &str = "tls";
const CERT: &str = "sertifikat.pem";
const KEY: &str = "kunci-tls.pem";

/// The server's certificate and key, ready to serve.
#[derive(Clone)]
pub struct TlsIdentity {
    pub config: Arc<rustls::ServerConfig>,
    /// SHA-256 of the certificate, as browsers show it (`AB:CD:…`).
    pub fingerprint: String,
    /// The certificate itself (DER), for a client that pins it.
    pub certificate: Vec<u8>,
}

impl std::fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsIdentity")
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

fn tls_error(what: &str, path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Io,
        format!(
            "{what} {} ({e}); hapus folder {TLS_DIR}/ di ruang kerja agar dibuat ulang (laptop harus mencocokkan sidik jari baru)",
            path.display()
        ),
    )
}

/// `AB:CD:…` of the certificate's SHA-256.
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The workspace's certificate, made on the first `--tls` start for `names` (the addresses
/// laptops open) and read back on every later one.
pub fn load_or_make(workspace: &Path, names: &[String]) -> AppResult<TlsIdentity> {
    let dir = workspace.join(TLS_DIR);
    let (cert_path, key_path) = (dir.join(CERT), dir.join(KEY));
    if !cert_path.exists() {
        make(&dir, &cert_path, &key_path, names)?;
    }
    let cert = CertificateDer::from_pem_file(&cert_path)
        .map_err(|e| tls_error("sertifikat tidak terbaca:", &cert_path, e))?;
    let key = PrivateKeyDer::from_pem_file(&key_path)
        .map_err(|e| tls_error("kunci TLS tidak terbaca:", &key_path, e))?;
    // ring, not aws-lc (cmake and a long C build on every CI run). rustls marks ring's
    // provider deprecated for lacking post-quantum key exchange; a closed office LAN whose trust
    // rests on a fingerprint read off a screen does not need it.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| {
            b.with_no_client_auth()
                .with_single_cert(vec![cert.clone()], key)
        })
        .map_err(|e| tls_error("sertifikat dan kunci tidak cocok:", &cert_path, e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsIdentity {
        config: Arc::new(config),
        fingerprint: fingerprint(cert.as_ref()),
        certificate: cert.as_ref().to_vec(),
    })
}

fn make(dir: &PathBuf, cert_path: &Path, key_path: &Path, names: &[String]) -> AppResult<()> {
    std::fs::create_dir_all(dir).map_err(|e| tls_error("folder tidak dapat dibuat:", dir, e))?;
    let made = rcgen::generate_simple_self_signed(names.to_vec())
        .map_err(|e| tls_error("sertifikat tidak dapat dibuat untuk", cert_path, e))?;
    write_private(key_path, made.signing_key.serialize_pem().as_bytes())?;
    // The certificate last: its presence says the pair is complete.
    std::fs::write(cert_path, made.cert.pem())
        .map_err(|e| tls_error("sertifikat tidak dapat ditulis:", cert_path, e))
}

/// The key readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> AppResult<()> {
    crate::bundle::write_private(path, bytes)
        .map_err(|e| tls_error("kunci TLS tidak dapat ditulis:", path, e))
}
