//! The committed Noto Sans faces (assets/fonts, SIL OFL 1.1) for both back ends, and text
//! metrics so PDF and raster centre labels the same way.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, ScaleFont};

pub const REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/NotoSans-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../../../../assets/fonts/NotoSans-Bold.ttf");

pub struct Faces {
    pub regular: FontRef<'static>,
    pub bold: FontRef<'static>,
}

static FACES: OnceLock<Option<Faces>> = OnceLock::new();

/// The parsed faces (None only if the committed font files are broken).
pub fn faces() -> Option<&'static Faces> {
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: FontRef::try_from_slice(REGULAR).ok()?,
                bold: FontRef::try_from_slice(BOLD).ok()?,
            })
        })
        .as_ref()
}

impl Faces {
    pub fn face(&self, bold: bool) -> &FontRef<'static> {
        if bold { &self.bold } else { &self.regular }
    }
}

/// Advance width of `text` at em size `size` (any unit; the result is in the same unit).
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let Some(f) = faces() else {
        return 0.0;
    };
    let font = f.face(bold).as_scaled(1000.0);
    let mut w = 0.0f32;
    let mut prev = None;
    for ch in text.chars() {
        let id = font.glyph_id(ch);
        if let Some(p) = prev {
            w += font.kern(p, id);
        }
        w += font.h_advance(id);
        prev = Some(id);
    }
    f64::from(w) / 1000.0 * size
}
