//! PDF scans → one grey PNG per page, through poppler's `pdftoppm` (Debian `poppler-utils`).
//!
//! No maintained pure-Rust crate renders arbitrary scanner PDFs (JPEG, JBIG2, CCITT, JPX
//! images, rotated pages); poppler does, and it is already on every machine that prints our
//! PDFs for checking. Each page is rendered with its long side at [`LONG_SIDE_PX`], the size of
//! a 12 MP phone photo of the page: enough for the boxes, independent of the PDF's page size.
//! pdftoppm writes raw PGM and Pleno encodes the PNG itself: poppler's own PNG writer took 9 to
//! 23 CPU-seconds for one such page here, the PGM 0.3 s.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use image::ImageEncoder as _;

use crate::error::Rejection;

/// Long side of a rendered page, px (12 MP for a 2:3 page).
pub const LONG_SIDE_PX: u32 = 4200;
/// More pages than a TPS's five forms ever have: a bigger PDF is not one TPS's scan.
pub const MAX_PAGES: usize = 60;
/// pdfinfo answers in milliseconds on any scan; longer means a crafted or broken file.
const INFO_LIMIT: Duration = Duration::from_secs(10);
/// A scanner page renders in about a second of CPU here; 20 CPU-seconds per page leaves room
/// for a slow laptop and still ends a pathological file (one took over 120 s).
const PAGE_LIMIT: Duration = Duration::from_secs(20);
/// The limits count the tool's own CPU time where the system tells it (Linux), so a machine
/// busy with other work (a photo import beside it, a CI run) does not stop a good scan; wall
/// time is only a backstop, this many times the limit, for a tool that waits instead of works.
const WALL_FACTOR: u32 = 6;

/// CPU seconds (user + system) process `pid` has used, from `/proc/<pid>/stat`; `None` where
/// there is no /proc.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; the fields after it start past its ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // Field 3 (state) is fields[0], so utime (14) and stime (15) are fields[11] and [12], in
    // clock ticks, which Linux fixes at 100 per second for user space (USER_HZ).
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF")
}

fn tool_missing(tool: &str, e: &std::io::Error) -> Rejection {
    Rejection::PdfTool(format!(
        "{tool} tidak dapat dijalankan ({e}); pasang poppler-utils, atau pindai ulang sebagai JPEG/PNG"
    ))
}

/// Runs `cmd` to its end or until it has used `limit` of CPU (or `WALL_FACTOR` times `limit`
/// of wall time), then kills it: poppler on a crafted PDF can render for minutes. Its output
/// goes to files in `dir`, so a chatty tool cannot block on a pipe.
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
    let wall_limit = limit.saturating_mul(WALL_FACTOR);
    let within = |elapsed: Duration, pid: u32| match cpu_seconds(pid) {
        Some(cpu) => cpu < limit.as_secs_f64() && elapsed < wall_limit,
        None => elapsed < limit,
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if within(started.elapsed(), child.id()) => {
                std::thread::sleep(Duration::from_millis(20));
            }
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
    cmd.args(["-gray", "-scale-to"])
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
    // pdftoppm names pages hal-1.pgm … or hal-01.pgm …, padded to the page count's digits.
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
        .map(|(_, p)| {
            let bytes = std::fs::read(&p).map_err(|e| Rejection::Decode(e.to_string()))?;
            png_of_pgm(&bytes)
        })
        .collect()
}

/// A binary 8-bit PGM (`P5`, as pdftoppm writes it) as a PNG.
fn png_of_pgm(pgm: &[u8]) -> Result<Vec<u8>, Rejection> {
    let bad = || Rejection::Decode("gambar halaman PDF dari pdftoppm tidak terbaca".into());
    // Header: "P5", width, height, maxval, separated by whitespace (or # comments), then one
    // whitespace byte and the pixels.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while pgm.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if pgm.get(i) == Some(&b'#') {
            while pgm.get(i).is_some_and(|b| *b != b'\n') {
                i += 1;
            }
            continue;
        }
        let start = i;
        while pgm.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
            i += 1;
        }
        if start == i {
            return Err(bad());
        }
        fields.push(std::str::from_utf8(&pgm[start..i]).map_err(|_| bad())?);
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    if fields[0] != "P5" || num(fields[3])? != 255 {
        return Err(bad());
    }
    let (w, h) = (num(fields[1])?, num(fields[2])?);
    let pixels = pgm.get(i + 1..).ok_or_else(bad)?;
    let img = image::GrayImage::from_raw(w, h, pixels.to_vec()).ok_or_else(bad)?;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Sub,
    )
    .write_image(&img, w, h, image::ExtendedColorType::L8)
    .map_err(|_| bad())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pgm_page_becomes_the_same_pixels_as_png() {
        let pixels: Vec<u8> = (0..12u8).map(|v| v * 20).collect();
        let mut pgm = b"P5\n# pdftoppm\n4 3\n255\n".to_vec();
        pgm.extend_from_slice(&pixels);
        let png = png_of_pgm(&pgm).unwrap();
        let back = image::load_from_memory(&png).unwrap().to_luma8();
        assert_eq!((back.width(), back.height()), (4, 3));
        assert_eq!(back.into_raw(), pixels);
        // Short of pixels, another format, 16-bit: refused, not guessed.
        assert!(png_of_pgm(&pgm[..pgm.len() - 1]).is_err());
        assert!(png_of_pgm(b"P6\n4 3\n255\n").is_err());
        assert!(png_of_pgm(b"P5\n1 1\n65535\n\0\0").is_err());
    }

    #[test]
    fn a_tool_that_does_not_finish_is_stopped_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        let started = Instant::now();
        let err = run_limited(cmd, "sleep", dir.path(), Duration::from_millis(300)).unwrap_err();
        assert_eq!(err.code(), "pdf_too_slow");
        // A tool that waits is stopped by the wall-time backstop (6 × 0.3 s).
        assert!(started.elapsed() < Duration::from_secs(5));
        // A tool that computes forever is stopped by its CPU time, which Linux reports.
        #[cfg(target_os = "linux")]
        assert!(cpu_seconds(std::process::id()).is_some());
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "while :; do :; done"]);
        let started = Instant::now();
        let err = run_limited(cmd, "sh", dir.path(), Duration::from_millis(300)).unwrap_err();
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
