//! Image bytes → grey pixels, upright per EXIF. JPEG goes straight to luma through zune-jpeg
//! (no RGB buffer: that halves the decode cost of a 12 MP photo); PNG and TIFF through `image`
//! with its allocation limits. The pixel limit is checked from the header, before any buffer
//! is allocated, so a decompression bomb costs nothing.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, GrayImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

use crate::error::Rejection;

/// Default pixel limit: 50 MP is well above any phone camera in use at a TPS.
pub const DEFAULT_MAX_PIXELS: u64 = 50_000_000;

pub fn decode_grey(bytes: &[u8], max_pixels: u64) -> Result<GrayImage, Rejection> {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => decode_jpeg(bytes, max_pixels),
        Ok(ImageFormat::Png | ImageFormat::Tiff) => decode_other(bytes, max_pixels),
        Ok(_) => Err(Rejection::UnsupportedFormat),
        Err(_) if crate::pdf::is_pdf(bytes) => Err(Rejection::PdfDocument),
        Err(e) => Err(Rejection::Decode(e.to_string())),
    }
}

fn check_limit(width: u64, height: u64, limit: u64) -> Result<(), Rejection> {
    if width.saturating_mul(height) > limit {
        return Err(Rejection::PixelLimit {
            width,
            height,
            limit,
        });
    }
    Ok(())
}

fn decode_jpeg(bytes: &[u8], max_pixels: u64) -> Result<GrayImage, Rejection> {
    let opts = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(1 << 16)
        .set_max_height(1 << 16);
    let mut dec = JpegDecoder::new_with_options(ZCursor::new(bytes), opts);
    dec.decode_headers()
        .map_err(|e| Rejection::Decode(format!("{e:?}")))?;
    let info = dec
        .info()
        .ok_or_else(|| Rejection::Decode("JPEG tanpa header".into()))?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    check_limit(u64::from(w), u64::from(h), max_pixels)?;
    let orientation = dec
        .exif()
        .and_then(|e| Orientation::from_exif_chunk(e))
        .unwrap_or(Orientation::NoTransforms);
    let pixels = dec
        .decode()
        .map_err(|e| Rejection::Decode(format!("{e:?}")))?;
    let grey = GrayImage::from_raw(w, h, pixels)
        .ok_or_else(|| Rejection::Decode("ukuran data JPEG tidak cocok".into()))?;
    Ok(upright(grey, orientation))
}

fn decode_other(bytes: &[u8], max_pixels: u64) -> Result<GrayImage, Rejection> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Rejection::Decode(e.to_string()))?;
    let mut dec = reader
        .into_decoder()
        .map_err(|e| Rejection::Decode(e.to_string()))?;
    let (w, h) = dec.dimensions();
    check_limit(u64::from(w), u64::from(h), max_pixels)?;
    let mut limits = Limits::default();
    // RGBA16 plus the converted copy: the decoder must not need more than that.
    limits.max_alloc = Some(max_pixels.saturating_mul(16));
    dec.set_limits(limits)
        .map_err(|e| Rejection::Decode(e.to_string()))?;
    let orientation = dec.orientation().unwrap_or(Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(dec).map_err(|e| Rejection::Decode(e.to_string()))?;
    Ok(upright(img.into_luma8(), orientation))
}

fn upright(grey: GrayImage, orientation: Orientation) -> GrayImage {
    if orientation == Orientation::NoTransforms {
        return grey;
    }
    let mut img = DynamicImage::ImageLuma8(grey);
    img.apply_orientation(orientation);
    img.into_luma8()
}

/// Box-filter downscale by an integer factor (cheap and alias-free enough to find marks).
/// Rows and columns beyond the last whole block are dropped.
pub fn downscale(img: &GrayImage, factor: u32) -> GrayImage {
    let f = factor.max(1) as usize;
    let (w, h) = (img.width() as usize, img.height() as usize);
    let (ow, oh) = (w / f, h / f);
    if ow == 0 || oh == 0 {
        return GrayImage::new(1, 1);
    }
    // The pass is memory bound: a 12 MP photo is read once, in bands, one per core.
    let raw = img.as_raw();
    let out: Vec<u8> = crate::par::map(&crate::par::bands(oh), |b| {
        downscale_band(&raw[b.start * f * w..b.end * f * w], w, f, ow)
    })
    .concat();
    GrayImage::from_raw(ow as u32, oh as u32, out).unwrap_or_else(|| GrayImage::new(1, 1))
}

/// Output rows of [`downscale`] from `rows`, a whole number of f-row blocks of the image.
fn downscale_band(rows: &[u8], w: usize, f: usize, ow: usize) -> Vec<u8> {
    // Column sums first (a plain add over each row, which the compiler vectorises), then the
    // blocks along each row.
    let mut cols = vec![0u32; ow * f];
    let mut out = Vec::with_capacity(rows.len() / (f * f));
    let n = (f * f) as u32;
    for block in rows.chunks_exact(w * f) {
        cols.fill(0);
        for row in block.chunks_exact(w) {
            // A column holds at most f × 255 and a block f² × 255: nothing can wrap, and the
            // unchecked add lets the loop vectorise in test builds too.
            for (c, &v) in cols.iter_mut().zip(&row[..ow * f]) {
                *c = c.wrapping_add(u32::from(v));
            }
        }
        out.extend(cols.chunks_exact(f).map(|b| {
            let sum = b.iter().fold(0u32, |a, &v| a.wrapping_add(v));
            (sum / n) as u8
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_png_bomb_from_its_header() {
        let img = GrayImage::new(5000, 300);
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let err = decode_grey(&png, 1_000_000).unwrap_err();
        assert_eq!(err.code(), "pixel_limit");
    }

    #[test]
    fn downscale_is_the_mean_of_each_whole_block() {
        let img = GrayImage::from_fn(10, 7, |x, y| image::Luma([(x * 20 + y * 3) as u8]));
        let small = downscale(&img, 3);
        assert_eq!((small.width(), small.height()), (3, 2));
        for (ox, oy, p) in small.enumerate_pixels() {
            let mut sum = 0u32;
            for y in oy * 3..oy * 3 + 3 {
                for x in ox * 3..ox * 3 + 3 {
                    sum += u32::from(img.get_pixel(x, y).0[0]);
                }
            }
            assert_eq!(u32::from(p.0[0]), sum / 9, "block {ox},{oy}");
        }
        assert_eq!(downscale(&img, 1).as_raw(), img.as_raw());
        assert_eq!(downscale(&img, 20).width(), 1);
    }

    #[test]
    fn garbage_is_a_decode_error_not_a_panic() {
        assert_eq!(
            decode_grey(b"not an image", 1000).unwrap_err().code(),
            "decode_error"
        );
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
        jpeg.extend([0u8; 64]);
        assert_eq!(decode_grey(&jpeg, 1000).unwrap_err().code(), "decode_error");
    }
}
