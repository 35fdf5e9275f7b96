//! The two Noto Sans faces of assets/fonts (SIL OFL 1.1, licence beside them) and their
//! advance widths. Widths are cached per character because a 1,500-TPS lampiran measures
//! hundreds of thousands of numbers and the digits repeat.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use ab_glyph::{Font, FontRef};

pub const REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/NotoSans-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../../../../assets/fonts/NotoSans-Bold.ttf");

/// Advance widths in thousandths of an em, per face and character.
struct Metrics {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
    cache: Mutex<HashMap<(bool, char), f32>>,
}

static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();

fn metrics() -> Option<&'static Metrics> {
    METRICS
        .get_or_init(|| {
            Some(Metrics {
                regular: FontRef::try_from_slice(REGULAR).ok()?,
                bold: FontRef::try_from_slice(BOLD).ok()?,
                cache: Mutex::new(HashMap::new()),
            })
        })
        .as_ref()
}

/// Whether the embedded faces parse (checked once before a document is laid out).
pub fn available() -> bool {
    metrics().is_some()
}

fn advance(m: &Metrics, bold: bool, ch: char) -> f32 {
    if let Ok(cache) = m.cache.lock()
        && let Some(w) = cache.get(&(bold, ch))
    {
        return *w;
    }
    let face = if bold { &m.bold } else { &m.regular };
    // Unscaled units over units per em: ab_glyph's scaled sizes are relative to the font's
    // height (ascent − descent), not to the em the PDF font size means.
    let em = face.units_per_em().unwrap_or(1000.0);
    let w = face.h_advance_unscaled(face.glyph_id(ch)) / em * 1000.0;
    if let Ok(mut cache) = m.cache.lock() {
        cache.insert((bold, ch), w);
    }
    w
}

/// Width of `text` in mm at `size_pt` points. Kerning is ignored: the PDF text operators
/// printpdf writes do not kern either, so this matches what is drawn.
pub fn width_mm(text: &str, size_pt: f64, bold: bool) -> f64 {
    let Some(m) = metrics() else {
        return 0.0;
    };
    let em: f32 = text.chars().map(|c| advance(m, bold, c)).sum();
    f64::from(em) / 1000.0 * size_pt * MM_PER_PT
}

pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// Breaks `text` into lines no wider than `max_mm`, at spaces where possible and inside a
/// word only when the word alone is too wide.
pub fn wrap(text: &str, size_pt: f64, bold: bool, max_mm: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width_mm(&candidate, size_pt, bold) <= max_mm {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A single word wider than the line is cut where it must be.
            let mut piece = String::new();
            for ch in word.chars() {
                piece.push(ch);
                if width_mm(&piece, size_pt, bold) > max_mm && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(ch);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

/// `text` shortened with an ellipsis to fit `max_mm`.
pub fn fit(text: &str, size_pt: f64, bold: bool, max_mm: f64) -> String {
    if width_mm(text, size_pt, bold) <= max_mm {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && width_mm(&format!("{out}…"), size_pt, bold) > max_mm {
        out.pop();
    }
    format!("{}…", out.trim_end())
}
