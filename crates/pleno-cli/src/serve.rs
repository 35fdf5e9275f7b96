//! `pleno serve DIR`: the HTTP API for browsers on the LAN (panel laptops, displays) and, when
//! a built UI is found, the browser UI itself at `/`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use pleno_app::Mode;
use pleno_app::Workspace;
use pleno_app::http::{Limits, ServeConfig, Tokens, serve};

#[derive(clap::Args)]
pub struct Args {
    /// The workspace folder.
    dir: PathBuf,
    /// Address to listen on. Loopback by default; a LAN address exposes the display to the
    /// office network.
    #[arg(long, default_value = "127.0.0.1:8470")]
    bind: SocketAddr,
    /// Token for full access (default: random, printed at start).
    #[arg(long, env = "PLENO_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Token for read-only access (projector, LAN display).
    #[arg(long, env = "PLENO_READ_TOKEN", hide_env_values = true)]
    read_token: Option<String>,
    /// Open the workspace read-only (another Pleno holds it for writing).
    #[arg(long)]
    read_only: bool,
    /// The built browser UI to serve at `/` (default: /usr/share/pleno/ui beside an installed
    /// pleno, or ui/dist in a source checkout).
    #[arg(long, env = "PLENO_UI")]
    ui: Option<PathBuf>,
}

/// The built UI next to this program: `../share/pleno/ui` when installed (`/usr/bin/pleno`),
/// `../../ui/dist` when run from a checkout's `target/<profile>/`.
fn default_ui() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let bin = exe.parent()?;
    [bin.join("../share/pleno/ui"), bin.join("../../ui/dist")]
        .into_iter()
        .find(|d| d.join("index.html").is_file())
        .map(|d| d.canonicalize().unwrap_or(d))
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mode = if args.read_only {
        Mode::ReadOnly
    } else {
        Mode::ReadWrite
    };
    let ws = Arc::new(Workspace::open(&args.dir, mode)?);
    let generated = Tokens::generate()?;
    let tokens = Tokens {
        full: args.token.clone().unwrap_or(generated.full),
        read_only: args.read_token.clone().unwrap_or(generated.read_only),
    };
    if tokens.full.len() < 16 || tokens.read_only.len() < 16 || tokens.full == tokens.read_only {
        anyhow::bail!("token harus paling sedikit 16 karakter dan kedua token harus berbeda");
    }
    let ui = match &args.ui {
        Some(d) if !d.join("index.html").is_file() => anyhow::bail!(
            "{} bukan folder antarmuka Pleno (tidak ada index.html); jalankan 'npm run build' atau pilih folder ui/dist",
            d.display()
        ),
        Some(d) => Some(d.clone()),
        None => default_ui(),
    };
    println!(
        "Pleno melayani {} di http://{}",
        args.dir.display(),
        args.bind
    );
    println!("token penuh     : {}", tokens.full);
    println!("token hanya-baca: {}", tokens.read_only);
    match &ui {
        Some(d) => {
            println!("antarmuka dari  : {}", d.display());
            println!(
                "komputer utama  : http://{}/?token={} (token penuh: jangan dibagikan)",
                args.bind, tokens.full
            );
            println!(
                "laptop panel    : buka http://{}/ lalu ketik kode pasangan dari Persiapan → Perangkat jaringan",
                args.bind
            );
        }
        None => println!(
            "antarmuka peramban tidak ditemukan (--ui FOLDER); hanya API /api/* yang dilayani"
        ),
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(
        ws,
        ServeConfig {
            bind: args.bind,
            tokens,
            limits: Limits::default(),
            ui,
        },
    ))?;
    Ok(ExitCode::SUCCESS)
}
