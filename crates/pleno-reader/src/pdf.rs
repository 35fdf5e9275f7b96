//! PDF scans → one grey PNG per page, through poppler's `pdftoppm` (Debian `poppler-utils`).
//!
//! No maintained pure-Rust crate renders arbitrary scanner PDFs (JPEG, JBIG2, CCITT, JPX
//! images, rotated pages); poppler does, and it is already on every machine that prints our
//! PDFs for checking. Each page is rendered with its long side at [`LONG_SIDE_PX`], the size of
//! a 12 MP phone photo of the page: enough for the boxes, independent of the PDF's page size.

use std::path::Path;
use std::process::Command;

use crate::error::Rejection;

/// Long side of a rendered page, px (12 MP for a 2:3 page).
pub const LONG_SIDE_PX: u32 = 4200;
/// More pages than a TPS's five forms ever have: a bigger PDF is not one TPS's scan.
pub const MAX_PAGES: usize = 60;

pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF")
}

fn tool_missing(tool: &str, e: &std::io::Error) -> Rejection {
    Rejection::PdfTool(format!(
        "{tool} tidak dapat dijalankan ({e}); pasang poppler-utils, atau pindai ulang sebagai JPEG/PNG"
    ))
}

/// Number of pages, from `pdfinfo` (which also tells a broken PDF early).
fn page_count(file: &Path) -> Result<usize, Rejection> {
    let out = Command::new("pdfinfo")
        .arg(file)
        .output()
        .map_err(|e| tool_missing("pdfinfo", &e))?;
    if !out.status.success() {
        return Err(Rejection::Decode(format!(
            "PDF rusak atau terkunci: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| Rejection::Decode("PDF tanpa halaman".into()))
}

/// Renders every page of a PDF to a grey PNG, in page order.
pub fn render_pages(bytes: &[u8]) -> Result<Vec<Vec<u8>>, Rejection> {
    let dir = tempfile::tempdir()
        .map_err(|e| Rejection::Decode(format!("folder sementara tidak dapat dibuat: {e}")))?;
    let input = dir.path().join("scan.pdf");
    std::fs::write(&input, bytes)
        .map_err(|e| Rejection::Decode(format!("berkas sementara tidak dapat ditulis: {e}")))?;
    let pages = page_count(&input)?;
    if pages == 0 {
        return Err(Rejection::Decode("PDF tanpa halaman".into()));
    }
    if pages > MAX_PAGES {
        return Err(Rejection::TooManyPages {
            pages,
            limit: MAX_PAGES,
        });
    }
    let prefix = dir.path().join("hal");
    let out = Command::new("pdftoppm")
        .args(["-gray", "-png", "-scale-to"])
        .arg(LONG_SIDE_PX.to_string())
        .arg(&input)
        .arg(&prefix)
        .output()
        .map_err(|e| tool_missing("pdftoppm", &e))?;
    if !out.status.success() {
        return Err(Rejection::Decode(format!(
            "PDF tidak dapat digambar: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    // pdftoppm names pages hal-1.png … or hal-01.png …, padded to the page count's digits.
    let mut files: Vec<(usize, std::path::PathBuf)> = std::fs::read_dir(dir.path())
        .map_err(|e| Rejection::Decode(e.to_string()))?
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            let n = p
                .file_stem()?
                .to_str()?
                .strip_prefix("hal-")?
                .parse()
                .ok()?;
            Some((n, p))
        })
        .collect();
    files.sort();
    if files.len() != pages {
        return Err(Rejection::Decode(format!(
            "PDF {pages} halaman, hanya {} yang dapat digambar",
            files.len()
        )));
    }
    files
        .into_iter()
        .map(|(_, p)| std::fs::read(&p).map_err(|e| Rejection::Decode(e.to_string())))
        .collect()
}
