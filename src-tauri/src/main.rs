//! Placeholder until the desktop issue lands the Tauri shell.
fn main() {
    println!("pleno desktop shell: not built yet");
}
