//! `pleno serve DIR`: the HTTP API for browsers on the LAN (panel laptops, displays) and the
//! browser UI itself at `/`, from inside the program.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use pleno_app::Mode;
use pleno_app::Workspace;
use pleno_app::http::{Limits, ServeConfig, Tokens, UiSource, serve};

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
    /// A built browser UI folder to serve at `/` instead of the one inside the program
    /// (while working on the UI: `--ui ui/dist`).
    #[arg(long, env = "PLENO_UI")]
    ui: Option<PathBuf>,
    /// HTTPS with the workspace's own self-signed certificate (made on the first use, kept in
    /// the workspace's tls/ folder); its fingerprint is printed and shown on the pairing screen.
    #[arg(long)]
    tls: bool,
    /// Open the workstation key for this session (so bundles and checkpoints can be signed):
    /// a file whose first line is the PPK chair's passphrase ("-": standard input).
    #[arg(long, value_name = "BERKAS")]
    passphrase_file: Option<PathBuf>,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mode = if args.read_only {
        Mode::ReadOnly
    } else {
        Mode::ReadWrite
    };
    let ws = Arc::new(Workspace::open(&args.dir, mode)?);
    crate::key::unlock(
        &ws,
        &pleno_app::Who::new("Operator PPK (pleno serve)"),
        args.passphrase_file.as_deref(),
    )?;
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
        Some(d) => Some(UiSource::Folder(d.clone())),
        None => UiSource::embedded(),
    };
    let tls = if args.tls {
        // The names a laptop may open: this machine's LAN addresses, and loopback for itself.
        let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
        names.extend(
            pleno_app::http::lan_addresses()
                .iter()
                .map(ToString::to_string),
        );
        if !args.bind.ip().is_unspecified() {
            names.push(args.bind.ip().to_string());
        }
        names.sort_unstable();
        names.dedup();
        Some(pleno_app::http::tls_identity(ws.dir(), &names)?)
    } else {
        None
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!(
        "Pleno melayani {} di {scheme}://{}",
        args.dir.display(),
        args.bind
    );
    if let Some(t) = &tls {
        println!("sidik sertifikat: {}", t.fingerprint);
        println!("                  (cocokkan di peramban laptop sebelum memasangkan)");
    }
    println!("token penuh     : {}", tokens.full);
    println!("token hanya-baca: {}", tokens.read_only);
    match &ui {
        Some(source) => {
            if let UiSource::Folder(d) = source {
                println!("antarmuka dari  : {}", d.display());
            }
            println!(
                "komputer utama  : {scheme}://{}/?token={} (token penuh: jangan dibagikan)",
                args.bind, tokens.full
            );
            println!(
                "laptop panel    : buka {scheme}://{}/ lalu ketik kode pasangan dari Persiapan → Perangkat jaringan",
                args.bind
            );
        }
        None => println!(
            "program ini dibuat tanpa antarmuka peramban (npm run build sebelum cargo build, atau --ui FOLDER); hanya API /api/* yang dilayani"
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
            tls,
        },
    ))?;
    Ok(ExitCode::SUCCESS)
}
