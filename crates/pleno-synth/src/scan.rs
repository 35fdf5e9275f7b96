//! A scanner's PDF: each page one JPEG image filling the page, as office scanners and phone
//! "scan to PDF" apps write them. Used to test the reader's PDF path on real PDF files.

use std::fmt::Write as _;

/// One page of the scan: the JPEG bytes (RGB, baseline) and its pixel size.
pub struct ScanPage<'a> {
    pub jpeg: &'a [u8],
    pub width: u32,
    pub height: u32,
}

impl<'a> ScanPage<'a> {
    /// A page from JPEG bytes, its size read from the JPEG header; None if it is not a JPEG.
    pub fn of(jpeg: &'a [u8]) -> Option<ScanPage<'a>> {
        let (width, height) =
            image::ImageReader::with_format(std::io::Cursor::new(jpeg), image::ImageFormat::Jpeg)
                .into_dimensions()
                .ok()?;
        Some(ScanPage {
            jpeg,
            width,
            height,
        })
    }
}

/// Page size in points for an image scanned at `dpi`.
fn points(px: u32, dpi: f64) -> f64 {
    f64::from(px) * 72.0 / dpi
}

/// Writes a PDF 1.4 file with one page per image, each page sized as if scanned at `dpi`.
pub fn pdf_of_jpegs(pages: &[ScanPage<'_>], dpi: f64) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets: Vec<usize> = Vec::new();
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, then per page: page, content, image.
    let page_obj = |i: usize| 3 + 3 * i;
    let mut push = |out: &mut Vec<u8>, body: &[u8]| {
        offsets.push(out.len());
        out.extend_from_slice(body);
    };
    push(
        &mut out,
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
    );
    let kids: String = (0..n).fold(String::new(), |mut s, i| {
        let _ = write!(s, "{} 0 R ", page_obj(i));
        s
    });
    push(
        &mut out,
        format!("2 0 obj\n<< /Type /Pages /Kids [{kids}] /Count {n} >>\nendobj\n").as_bytes(),
    );
    for (i, p) in pages.iter().enumerate() {
        let (w, h) = (points(p.width, dpi), points(p.height, dpi));
        let (po, co, io) = (page_obj(i), page_obj(i) + 1, page_obj(i) + 2);
        push(
            &mut out,
            format!(
                "{po} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.2} {h:.2}] \
                 /Resources << /XObject << /Im{i} {io} 0 R >> >> /Contents {co} 0 R >>\nendobj\n"
            )
            .as_bytes(),
        );
        let content = format!("q {w:.2} 0 0 {h:.2} 0 0 cm /Im{i} Do Q\n");
        push(
            &mut out,
            format!(
                "{co} 0 obj\n<< /Length {} >>\nstream\n{content}endstream\nendobj\n",
                content.len()
            )
            .as_bytes(),
        );
        let mut img = format!(
            "{io} 0 obj\n<< /Type /XObject /Subtype /Image /Width {} /Height {} \
             /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
            p.width,
            p.height,
            p.jpeg.len()
        )
        .into_bytes();
        img.extend_from_slice(p.jpeg);
        img.extend_from_slice(b"\nendstream\nendobj\n");
        push(&mut out, &img);
    }
    let xref = out.len();
    let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for o in &offsets {
        let _ = writeln!(tail, "{o:010} 00000 n ");
    }
    let _ = write!(
        tail,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        offsets.len() + 1
    );
    out.extend_from_slice(tail.as_bytes());
    out
}
