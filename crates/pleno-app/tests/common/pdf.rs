//! Printed PDFs read back as a person sees them, with poppler-utils.

use std::path::Path;
use std::process::Command;

/// Whether pdftotext is installed; the checks that need it say why they are skipped.
pub fn poppler() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        eprintln!("pdftotext (poppler-utils) tidak terpasang: pemeriksaan teks PDF dilewati");
    }
    ok
}

/// The text of `pdf`, laid out as on the page.
pub fn text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}
