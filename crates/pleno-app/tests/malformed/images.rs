//! Broken photos and scans: cut short, damaged headers and data, sizes no page has, files that
//! only carry a picture's name.

use super::rng::Rng;

/// One broken image: its file name (the extension matters to the reader) and its bytes.
pub fn broken_image(rng: &mut Rng, bases: &[Vec<u8>]) -> (String, Vec<u8>) {
    let base = rng.pick(bases).clone();
    let ext = *rng.pick(&["jpg", "jpeg", "png", "tif", "pdf", "JPG"]);
    match rng.below(10) {
        0 => {
            let n = rng.below(base.len());
            (format!("terpotong.{ext}"), base[..n].to_vec())
        }
        1 => {
            let k = 1 + rng.below(8);
            ("kepala-rusak.jpg".into(), flip(rng, base, 0, 1024, k))
        }
        2 => {
            let n = base.len();
            let k = 1 + rng.below(64);
            ("isi-rusak.jpg".into(), flip(rng, base, 1024, n, k))
        }
        3 => {
            let n = rng.below(65_536);
            (format!("acak.{ext}"), rng.bytes(n))
        }
        4 => ("raksasa.png".into(), huge_png(rng)),
        5 => ("raksasa.jpg".into(), huge_jpeg(rng, base)),
        6 => ("pindaian.pdf".into(), broken_pdf(rng)),
        7 => (format!("kosong.{ext}"), Vec::new()),
        8 => (
            format!("teks.{ext}"),
            b"<html><body>bukan foto</body></html>\nkode_tps;suara_sah\n".to_vec(),
        ),
        _ => ("tiff-rusak.tif".into(), broken_tiff(rng)),
    }
}

fn flip(rng: &mut Rng, mut bytes: Vec<u8>, from: usize, to: usize, k: usize) -> Vec<u8> {
    let to = to.min(bytes.len());
    if to <= from {
        return bytes;
    }
    for _ in 0..k {
        let i = from + rng.below(to - from);
        bytes[i] ^= 1 << rng.below(8);
    }
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: [u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// A PNG whose header (with a correct checksum) claims up to 2³¹ pixels a side.
fn huge_png(rng: &mut Rng) -> Vec<u8> {
    let side = |rng: &mut Rng| (1u32 << (10 + rng.below(21))) + rng.below(1000) as u32;
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&side(rng).to_be_bytes());
    ihdr.extend_from_slice(&side(rng).to_be_bytes());
    ihdr.extend_from_slice(&[8, *rng.pick(&[0u8, 2, 6]), 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, *b"IHDR", &ihdr);
    let n = rng.below(4096);
    chunk(&mut out, *b"IDAT", &rng.bytes(n));
    chunk(&mut out, *b"IEND", &[]);
    out
}

/// A real JPEG whose frame header claims another size (up to 65535 × 65535).
fn huge_jpeg(rng: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    let sof = bytes
        .windows(2)
        .position(|w| w[0] == 0xFF && (w[1] == 0xC0 || w[1] == 0xC2));
    if let Some(i) = sof
        && i + 9 <= bytes.len()
    {
        let h = rng.below(65_536) as u16;
        let w = rng.below(65_536) as u16;
        bytes[i + 5..i + 7].copy_from_slice(&h.to_be_bytes());
        bytes[i + 7..i + 9].copy_from_slice(&w.to_be_bytes());
    }
    bytes
}

fn broken_pdf(rng: &mut Rng) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    match rng.below(3) {
        0 => {
            let n = rng.below(8192);
            out.extend(rng.bytes(n));
        }
        1 => out.extend_from_slice(
            b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count 99999 /Kids [] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        ),
        _ => out.extend_from_slice(b"1 0 obj << /Length 99999999 >> stream\n"),
    }
    out
}

fn broken_tiff(rng: &mut Rng) -> Vec<u8> {
    let mut out = if rng.below(2) == 0 {
        b"II*\0".to_vec()
    } else {
        b"MM\0*".to_vec()
    };
    out.extend_from_slice(&(rng.next() as u32).to_le_bytes());
    let n = rng.below(2048);
    out.extend(rng.bytes(n));
    out
}
