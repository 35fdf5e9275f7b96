//! Generates the Tauri context and one permission per app command, so that the capability
//! files can give the projector window the read commands only.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(pleno_desktop_commands::ALL);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        eprintln!("tauri-build: {e:#}");
        std::process::exit(1);
    }
}

/// The command names, shared with src/lib.rs through `include!` (the build uses only `ALL`).
#[allow(dead_code)]
mod pleno_desktop_commands {
    include!("src/command_names.rs");
}
