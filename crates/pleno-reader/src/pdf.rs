//! PDF scans → one grey PNG per page, through poppler's `pdftoppm` (Debian `poppler-utils`).
//!
//! No maintained pure-Rust crate renders arbitrary scanner PDFs (JPEG, JBIG2, CCITT, JPX
//! images, rotated pages); poppler does, and it is already on every machine that prints our
//! PDFs for checking. Each page is rendered with its long side at [`LONG_SIDE_PX`], the size of
//! a 12 MP phone photo of the page: enough for the boxes, independent of the PDF's page size.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::error::Rejection;

/// Long side of a rendered page, px (12 MP for a 2:3 page).
pub const LONG_SIDE_PX: u32 = 4200;
/// More pages than a TPS's five forms ever have: a bigger PDF is not one TPS's scan.
pub const MAX_PAGES: usize = 60;
/// pdfinfo answers in milliseconds on any scan; longer means a crafted or broken file.
const INFO_LIMIT: Duration = Duration::from_secs(10);
/// A scanner page renders in about a second here (2 cores); 20 s per page leaves room for a
/// slow laptop and still ends a pathological file (one took over 120 s).
const PAGE_LIMIT: Duration = Duration::from_secs(20);

pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF")
}

fn tool_missing(tool: &str, e: &std::io::Error) -> Rejection {
    Rejection::PdfTool(format!(
        "{tool} tidak dapat dijalankan ({e}); pasang poppler-utils, atau pindai ulang sebagai JPEG/PNG"
    ))
}

/// Runs `cmd` to its end or until `limit`, then kills it: poppler on a crafted PDF can render
/// for minutes. Its output goes to files in `dir`, so a chatty tool cannot block on a pipe.
fn run_limited(
    mut cmd: Command,
    tool: &str,
    dir: &Path,
    limit: Duration,
) -> Result<Output, Rejection> {
    let out_path = dir.join(format!("{tool}.out"));
    let err_path = dir.join(format!("{tool}.err"));
    let file = |p: &Path| {
        std::fs::File::create(p)
            .map_err(|e| Rejection::Decode(format!("berkas sementara tidak dapat ditulis: {e}")))
    };
    let mut child = cmd
        .stdout(file(&out_path)?)
        .stderr(file(&err_path)?)
        .spawn()
        .map_err(|e| tool_missing(tool, &e))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Rejection::PdfTooSlow {
                    seconds: limit.as_secs(),
                });
            }
        }
    };
    Ok(Output {
        status,
        stdout: std::fs::read(&out_path).unwrap_or_default(),
        stderr: std::fs::read(&err_path).unwrap_or_default(),
    })
}

/// Number of pages, from `pdfinfo` (which also tells a broken PDF early).
fn page_count(file: &Path, dir: &Path) -> Result<usize, Rejection> {
    let mut cmd = Command::new("pdfinfo");
    cmd.arg(file);
    let out = run_limited(cmd, "pdfinfo", dir, INFO_LIMIT)?;
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
    let pages = page_count(&input, dir.path())?;
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
    let mut cmd = Command::new("pdftoppm");
    cmd.args(["-gray", "-png", "-scale-to"])
        .arg(LONG_SIDE_PX.to_string())
        .arg(&input)
        .arg(&prefix);
    let limit = PAGE_LIMIT.saturating_mul(pages as u32);
    let out = run_limited(cmd, "pdftoppm", dir.path(), limit)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tool_that_does_not_finish_is_stopped_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        let started = Instant::now();
        let err = run_limited(cmd, "sleep", dir.path(), Duration::from_millis(300)).unwrap_err();
        assert_eq!(err.code(), "pdf_too_slow");
        assert!(started.elapsed() < Duration::from_secs(5));
        // A tool that finishes gives its output as before.
        let mut cmd = Command::new("echo");
        cmd.arg("Pages: 3");
        let out = run_limited(cmd, "echo", dir.path(), Duration::from_secs(5)).unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "Pages: 3");
    }
}
