//! Layout calibration from the desktop ("Kalibrasi formulir" in Persiapan): detect a draft
//! from a sample on the workstation's disk, name its fields against the page's catalogue,
//! install it, and return a page to its shipped layout.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use pleno_core::template::{Layout, Template};

use super::{NoArgs, Ws, de};
use crate::calibration::{DetectRequest, detect_layout_picture, name_fields};
use crate::error::{AppError, AppResult, ErrorCode, bad_request};
use crate::workspace::Who;

/// A layout in force for one page code.
#[derive(Serialize, JsonSchema)]
pub struct CalibratedLayoutView {
    pub page_code: u16,
    pub id: String,
    pub fields: usize,
    pub boxes: usize,
}

pub fn calibrated_layouts(w: &Ws, _: NoArgs) -> AppResult<Vec<CalibratedLayoutView>> {
    Ok(w.calibrated_layouts()?
        .into_iter()
        .map(|(page_code, l)| CalibratedLayoutView {
            page_code,
            id: l.id.clone(),
            fields: l.fields.len(),
            boxes: l.fields.iter().map(|f| f.boxes.len()).sum(),
        })
        .collect())
}

#[derive(Deserialize, JsonSchema)]
pub struct DetectSample {
    /// The sample scan on the workstation's disk (PNG, JPEG, TIFF or PDF).
    sample: PathBuf,
    /// The draft's layout id.
    id: String,
    /// The page the sample is, for a sheet printed without an AprilTag (a sample whose tag is
    /// read must carry this code if one is given).
    #[serde(default)]
    page_code: Option<u16>,
}

/// A field of the form the page must hold, to name a detected field with.
#[derive(Serialize, JsonSchema)]
pub struct FieldChoice {
    pub key: String,
    /// Row code as on the form (`IV.1`).
    pub code: String,
    pub label: String,
}

/// A detected field, numbered as in the picture.
#[derive(Serialize, JsonSchema)]
pub struct DraftField {
    pub number: usize,
    pub boxes: usize,
    pub bubbles: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct DraftView {
    /// The draft itself, handed back unchanged to `install_layout`.
    pub layout: serde_json::Value,
    /// The page code its tag carries, or the one given for a sheet without a tag.
    pub page_code: Option<u16>,
    /// The sheet prints no AprilTag: its pages are told apart by their boxes (or the clerk).
    pub tagless: bool,
    /// The text of the QR code the sample prints: photos whose code's text begins with
    /// `layout.qr.text` are this page (the clerk may shorten it to what every sheet shares).
    pub qr: Option<String>,
    pub fields: Vec<DraftField>,
    /// The page's fields in this workspace's forms, in paper order (empty for a page code the
    /// workspace's forms do not have).
    pub choices: Vec<FieldChoice>,
    /// A first naming: the page's fields in paper order onto the detected fields in reading
    /// order, where their counts agree (the clerk checks it against the picture).
    pub proposal: Vec<Option<String>>,
    pub stray_boxes: usize,
    pub warnings: Vec<String>,
    /// The sample with the detected fields numbered, as a PNG data URL.
    pub picture: String,
}

/// Longest side of the picture sent to the screen.
const PICTURE_SIDE: u32 = 1400;

pub fn detect_layout_sample(w: &Ws, a: DetectSample) -> AppResult<DraftView> {
    let (draft, overlay) = detect_layout_picture(&DetectRequest {
        sample: a.sample,
        sheet: None,
        id: a.id,
        overlay: None,
    })?;
    let picture = picture(overlay)?;
    let page_code = match (draft.report.tag_id, a.page_code) {
        (Some(read), Some(given)) if read != given => {
            return Err(bad_request(format!(
                "contoh pindaian berkode halaman {read} (AprilTag), bukan {given}: periksa kode halaman yang diisi"
            )));
        }
        (read, given) => read.or(given),
    };
    let choices: Vec<FieldChoice> = page_code
        .and_then(|tag| {
            w.catalogues().into_iter().find_map(|cat| {
                let t = Template::for_tag(tag, &cat, None).ok()?;
                Some(
                    t.fields
                        .iter()
                        .filter_map(|f| cat.get(f.key))
                        .map(|d| FieldChoice {
                            key: d.key.to_string(),
                            code: d.code.clone(),
                            label: d.label_id.clone(),
                        })
                        .collect(),
                )
            })
        })
        .unwrap_or_default();
    let n = draft.layout.fields.len();
    let proposal = if choices.len() == n {
        choices.iter().map(|c| Some(c.key.clone())).collect()
    } else {
        vec![None; n]
    };
    Ok(DraftView {
        layout: serde_json::to_value(&draft.layout)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?,
        page_code,
        tagless: draft.layout.tag.is_none(),
        qr: draft.report.qr.clone(),
        fields: draft
            .layout
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| DraftField {
                number: i + 1,
                boxes: f.boxes.len(),
                bubbles: !f.bubbles.is_empty(),
            })
            .collect(),
        choices,
        proposal,
        stray_boxes: draft.report.stray_boxes,
        warnings: draft.report.warnings,
        picture,
    })
}

fn picture(overlay: image::RgbImage) -> AppResult<String> {
    let io = |e: &dyn std::fmt::Display| AppError::new(ErrorCode::Io, e.to_string());
    let img = image::DynamicImage::ImageRgb8(overlay);
    let img = if img.width().max(img.height()) > PICTURE_SIDE {
        img.resize(
            PICTURE_SIDE,
            PICTURE_SIDE,
            image::imageops::FilterType::Triangle,
        )
    } else {
        img
    };
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| io(&e))?;
    Ok(format!("data:image/png;base64,{}", base64(&png)))
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[derive(Deserialize, JsonSchema)]
pub struct Install {
    page_code: u16,
    /// The draft as `detect_layout_sample` returned it.
    layout: serde_json::Value,
    /// One per detected field, in its order: the catalogue key it is, or null for boxes that
    /// hold no figure of the form (dropped).
    names: Vec<Option<String>>,
}

pub fn install_layout(w: &Ws, who: &Who, a: Install) -> AppResult<Vec<CalibratedLayoutView>> {
    let mut layout: Layout = serde_json::from_value(a.layout)
        .map_err(|e| bad_request(format!("tata letak tidak sah: {e}")))?;
    if a.names.len() != layout.fields.len() {
        return Err(bad_request(format!(
            "{} nama untuk {} isian",
            a.names.len(),
            layout.fields.len()
        )));
    }
    let names: Vec<(usize, String, Option<u8>)> = a
        .names
        .into_iter()
        .enumerate()
        .map(|(i, k)| (i + 1, k.unwrap_or_else(|| "-".into()), None))
        .collect();
    name_fields(&mut layout, &names)?;
    w.install_layout(who, a.page_code, &layout)?;
    calibrated_layouts(w, NoArgs {})
}

#[derive(Deserialize, JsonSchema)]
pub struct LayoutFile {
    page_code: u16,
    /// A named layout file on the workstation's disk (`pleno layout name` / `layout export`,
    /// e.g. sent by the KPU Kabupaten/Kota).
    path: PathBuf,
}

pub fn install_layout_file(
    w: &Ws,
    who: &Who,
    a: LayoutFile,
) -> AppResult<Vec<CalibratedLayoutView>> {
    let text = std::fs::read_to_string(&a.path).map_err(|e| {
        AppError::new(
            ErrorCode::FileNotFound,
            format!("{} tidak dapat dibaca: {e}", a.path.display()),
        )
    })?;
    let layout: Layout = serde_json::from_str(&text).map_err(|e| {
        AppError::new(
            ErrorCode::BadInputFile,
            format!(
                "{} bukan berkas tata letak (JSON dari pleno layout name/export): {e}",
                a.path.display()
            ),
        )
    })?;
    w.install_layout(who, a.page_code, &layout)?;
    calibrated_layouts(w, NoArgs {})
}

#[derive(Deserialize, JsonSchema)]
pub struct PageCodeArg {
    #[serde(deserialize_with = "de::page_code")]
    page_code: u16,
}

pub fn remove_layout(w: &Ws, who: &Who, a: PageCodeArg) -> AppResult<Vec<CalibratedLayoutView>> {
    w.remove_layout(who, a.page_code)?;
    calibrated_layouts(w, NoArgs {})
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_pads_as_the_rfc_says() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
