//! "Buka untuk jaringan": the desktop app serves its open workspace to the office LAN (the API
//! and the browser UI inside the program, as `pleno serve` does) until the operator closes it
//! or the workspace closes. The screen shows the addresses a laptop opens, each with a QR code.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Serialize;
use tokio::sync::oneshot;

use super::{Limits, Tokens, UiSource, router_with, server, with_ui};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::workspace::Workspace;

/// The port `pleno serve` and the desktop app listen on, unless told otherwise.
pub const DEFAULT_PORT: u16 = 8470;

/// What the Persiapan screen shows about sharing.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SharingStatus {
    pub on: bool,
    pub port: u16,
    /// `http://<address>:<port>/` for each of this machine's LAN addresses (none found: the
    /// loopback address, so the machine itself can still check).
    pub addresses: Vec<String>,
    /// A QR code (SVG) of each address, in the same order.
    pub qr: Vec<String>,
}

/// LAN sharing while it runs; stopping it (or dropping it) cuts every connection.
pub struct Sharing {
    status: SharingStatus,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// This machine's IPv4 addresses a laptop on the LAN can reach: not loopback, not link-local.
pub fn lan_addresses() -> Vec<Ipv4Addr> {
    let mut found: Vec<Ipv4Addr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| match i.ip() {
            IpAddr::V4(a) if !a.is_loopback() && !a.is_link_local() && !a.is_unspecified() => {
                Some(a)
            }
            _ => None,
        })
        .collect();
    // Office LANs use private ranges; those come first.
    found.sort_by_key(|a| (!a.is_private(), *a));
    found.dedup();
    found
}

/// An SVG QR code of `text`, for a screen.
pub fn qr_svg(text: &str) -> AppResult<String> {
    pleno_print::doc::Qr::new(text)
        .map(|q| q.svg())
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("kode QR: {e}")))
}

impl Sharing {
    /// Starts serving `ws` on every interface at `port` (inside a tokio runtime). The tokens
    /// are fresh and shown nowhere: laptops pair as devices, the desktop needs none.
    pub async fn start(ws: Arc<Workspace>, port: u16) -> AppResult<Sharing> {
        let bind = SocketAddr::from((Ipv4Addr::UNSPECIFIED, port));
        let listener = tokio::net::TcpListener::bind(bind).await.map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!(
                    "port {port} tidak dapat dibuka ({e}); tutup program lain yang memakainya (mis. 'pleno serve') lalu coba lagi"
                ),
            )
        })?;
        let port = listener.local_addr().map_or(port, |a| a.port());
        let limits = Limits::default();
        let mut app = router_with(ws, Tokens::generate()?, limits);
        if let Some(ui) = UiSource::embedded() {
            app = with_ui(app, ui);
        }
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server::serve_until(listener, app, limits, None, async {
            let _ = stopped.await;
        }));
        let mut ips = lan_addresses();
        if ips.is_empty() {
            ips.push(Ipv4Addr::LOCALHOST);
        }
        let addresses: Vec<String> = ips
            .iter()
            .map(|ip| format!("http://{ip}:{port}/"))
            .collect();
        let qr = addresses
            .iter()
            .map(|a| qr_svg(a))
            .collect::<AppResult<Vec<_>>>()?;
        Ok(Sharing {
            status: SharingStatus {
                on: true,
                port,
                addresses,
                qr,
            },
            stop: Some(stop),
            task,
        })
    }

    pub fn status(&self) -> SharingStatus {
        self.status.clone()
    }

    /// Stops serving and waits until every connection is cut.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for Sharing {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The status when nothing is shared.
pub fn not_sharing() -> SharingStatus {
    SharingStatus {
        on: false,
        port: DEFAULT_PORT,
        addresses: Vec::new(),
        qr: Vec::new(),
    }
}
