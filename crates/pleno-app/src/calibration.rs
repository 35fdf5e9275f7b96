//! Layout calibration as a use case: a draft page layout detected from one sample scan of a
//! sheet Pleno has no layout for (`pleno layout detect`), with the numbered picture a person
//! names its fields from.

use std::path::{Path, PathBuf};

use pleno_reader::calibrate::detect;
pub use pleno_reader::calibrate::{Draft, Report, SheetSize};
use pleno_reader::decode::{DEFAULT_MAX_PIXELS, decode_grey};
use pleno_reader::pdf;

use pleno_core::template::{Layout, Template};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::{Who, Workspace};

/// What to detect from.
#[derive(Debug, Clone)]
pub struct DetectRequest {
    /// The sample: PNG, JPEG or TIFF of the whole sheet, or a PDF (its first page).
    pub sample: PathBuf,
    /// The sheet's size; guessed from the image's proportions when absent (plano 600 × 900,
    /// A4, F4).
    pub sheet: Option<SheetSize>,
    /// The draft's layout id.
    pub id: String,
    /// Where to write the numbered picture (PNG).
    pub overlay: Option<PathBuf>,
}

fn refused(path: &Path, why: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::CalibrationFailed,
        format!("{}: {why}", path.display()),
    )
}

/// Detects the draft layout of `request.sample` and writes its picture when asked.
pub fn detect_layout(request: &DetectRequest) -> AppResult<Draft> {
    let (draft, img) = detect_sample(request)?;
    if let Some(out) = &request.overlay {
        draft.overlay(&img).save(out).map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("{} tidak dapat ditulis: {e}", out.display()),
            )
        })?;
    }
    Ok(draft)
}

/// As [`detect_layout`], with the numbered picture in memory (for the screen).
pub fn detect_layout_picture(request: &DetectRequest) -> AppResult<(Draft, image::RgbImage)> {
    let (draft, img) = detect_sample(request)?;
    let picture = draft.overlay(&img);
    Ok((draft, picture))
}

fn detect_sample(request: &DetectRequest) -> AppResult<(Draft, image::GrayImage)> {
    let path = &request.sample;
    let bytes = std::fs::read(path).map_err(|e| {
        AppError::new(
            ErrorCode::FileNotFound,
            format!("{} tidak dapat dibaca: {e}", path.display()),
        )
    })?;
    let image_bytes = if pdf::is_pdf(&bytes) {
        pdf::render_pages(&bytes)
            .map_err(|e| refused(path, e))?
            .into_iter()
            .next()
            .ok_or_else(|| refused(path, "PDF tanpa halaman"))?
    } else {
        bytes
    };
    let img = decode_grey(&image_bytes, DEFAULT_MAX_PIXELS).map_err(|e| {
        AppError::new(
            ErrorCode::ImageUnreadable,
            format!("{}: {e}", path.display()),
        )
    })?;
    let sheet = match request.sheet {
        Some(s) => s,
        None => SheetSize::guess(img.width(), img.height()).ok_or_else(|| {
            refused(
                path,
                format_args!(
                    "ukuran lembar tidak dapat ditebak dari gambar {} × {} px: sebutkan --ukuran LEBARxTINGGI dalam mm (mis. 600x900)",
                    img.width(),
                    img.height()
                ),
            )
        })?,
    };
    let draft = detect(&img, sheet, &request.id).map_err(|e| refused(path, e))?;
    Ok((draft, img))
}

impl Workspace {
    /// The layouts this office calibrated, by the page code they draw (read with every photo).
    pub fn calibrated_layouts(&self) -> AppResult<Vec<(u16, Layout)>> {
        let stored = self.query(pleno_store::Store::calibrated_layouts)?;
        stored
            .into_iter()
            .map(|c| {
                serde_json::from_value::<Layout>(c.layout)
                    .map(|l| (c.tag, l))
                    .map_err(|e| {
                        AppError::new(
                            ErrorCode::DatabaseCorrupt,
                            format!(
                                "tata letak kalibrasi halaman {} (peristiwa {}) rusak: {e}",
                                c.tag, c.seq.0
                            ),
                        )
                    })
            })
            .collect()
    }

    /// Installs a named layout for page code `tag`: photos of that page are read with it from
    /// now on. It must draw exactly the page's fields in this workspace's forms.
    pub fn install_layout(&self, who: &Who, tag: u16, layout: &Layout) -> AppResult<()> {
        if let Some(f) = layout.fields.iter().find(|f| f.key.starts_with('?')) {
            return Err(AppError::new(
                ErrorCode::CalibrationFailed,
                format!(
                    "tata letak {}: isian {} belum dinamai; beri nama setiap isian dengan kunci dari katalog (pleno layout name)",
                    layout.id, f.key
                ),
            ));
        }
        check_geometry(layout).map_err(|why| {
            AppError::new(
                ErrorCode::CalibrationFailed,
                format!(
                    "tata letak {}: {why}; deteksi ulang dari contoh pindaian",
                    layout.id
                ),
            )
        })?;
        let cats = self.catalogues();
        let cat = cats
            .iter()
            .find(|c| Template::plans(c).iter().any(|p| p.tag_id == tag))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::BadRequest,
                    format!("kode halaman {tag} tidak ada pada formulir ruang kerja ini"),
                )
            })?;
        Template::for_tag_in(layout, tag, cat, None).map_err(|e| {
            AppError::new(
                ErrorCode::CalibrationFailed,
                format!(
                    "tata letak {} tidak cocok untuk halaman {tag}: {e}",
                    layout.id
                ),
            )
        })?;
        let json = serde_json::to_value(layout)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        self.writable()?
            .record_layout(&who.actor, tag, Some(&json))?;
        Ok(())
    }

    /// Returns page code `tag` to its shipped layout.
    pub fn remove_layout(&self, who: &Who, tag: u16) -> AppResult<()> {
        let known = self.calibrated_layouts()?.iter().any(|(t, _)| *t == tag);
        if !known {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("halaman {tag} tidak memakai tata letak kalibrasi"),
            ));
        }
        self.writable()?.record_layout(&who.actor, tag, None)?;
        Ok(())
    }
}

/// Names the fields of a draft: `names` maps a draft number (`?N`) to a catalogue key,
/// possibly with `{n}` and its slot (`suara_calon_{n}` and 3), or to `-` for boxes that hold
/// no figure of the form (the date of the closing page), which are dropped. Every field must
/// end up named or dropped.
pub fn name_fields(draft: &mut Layout, names: &[(usize, String, Option<u8>)]) -> AppResult<()> {
    let dropped: Vec<String> = names
        .iter()
        .filter(|(_, key, _)| key == "-")
        .map(|(n, _, _)| format!("?{n}"))
        .collect();
    for (n, key, slot) in names.iter().filter(|(_, key, _)| key != "-") {
        let f = draft
            .fields
            .iter_mut()
            .find(|f| f.key == format!("?{n}"))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::BadRequest,
                    format!(
                        "draf {} tidak punya isian ?{n} (atau sudah dinamai)",
                        draft.id
                    ),
                )
            })?;
        if key.contains("{n}") != slot.is_some() {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!("isian ?{n}: kunci dengan {{n}} perlu nomor urut (@N), kunci lain tidak"),
            ));
        }
        f.key.clone_from(key);
        f.slot = *slot;
    }
    for d in &dropped {
        let before = draft.fields.len();
        draft.fields.retain(|f| &f.key != d);
        if draft.fields.len() == before {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!("draf {} tidak punya isian {d} untuk dibuang", draft.id),
            ));
        }
    }
    match draft.fields.iter().find(|f| f.key.starts_with('?')) {
        Some(f) => Err(AppError::new(
            ErrorCode::BadRequest,
            format!("isian {} belum dinamai", f.key),
        )),
        None => Ok(()),
    }
}

/// A layout file from elsewhere (another office, a hand edit) must describe a sheet the reader
/// can work with: a real size, marks and tag and every box on the sheet, 1–6 boxes a field and
/// ten bubbles under each box or none.
fn check_geometry(l: &Layout) -> Result<(), String> {
    let sheet = |v: f64| v.is_finite() && (50.0..=2000.0).contains(&v);
    if !sheet(l.width) || !sheet(l.height) {
        return Err(format!(
            "ukuran lembar {} × {} mm tidak masuk akal",
            l.width, l.height
        ));
    }
    let on_sheet = |r: &pleno_core::template::Rect| {
        [r.x, r.y, r.w, r.h].iter().all(|v| v.is_finite())
            && r.w > 0.0
            && r.h > 0.0
            && r.x >= 0.0
            && r.y >= 0.0
            && r.right() <= l.width
            && r.bottom() <= l.height
    };
    let marks_on_sheet = l
        .marks
        .centres
        .iter()
        .all(|c| (0.0..=l.width).contains(&c.x) && (0.0..=l.height).contains(&c.y));
    let square_ok = l.marks.square.is_finite() && l.marks.square > 0.0;
    if !marks_on_sheet || !square_ok {
        return Err("tanda sudut di luar lembar".into());
    }
    if !on_sheet(&l.tag.rect) || ![0, 90, 180, 270].contains(&l.tag.rotation) {
        return Err("AprilTag di luar lembar atau arahnya tidak sah".into());
    }
    for f in &l.fields {
        if !(1..=6).contains(&f.boxes.len()) {
            return Err(format!(
                "isian {} punya {} kotak (1–6)",
                f.key,
                f.boxes.len()
            ));
        }
        if !f.boxes.iter().all(on_sheet) {
            return Err(format!("kotak isian {} di luar lembar", f.key));
        }
        let bubbles_ok = f.bubbles.is_empty()
            || (f.bubbles.len() == f.boxes.len()
                && f.bubbles
                    .iter()
                    .all(|c| c.len() == 10 && c.iter().all(on_sheet)));
        if !bubbles_ok {
            return Err(format!(
                "bulatan isian {} harus sepuluh di bawah setiap kotak",
                f.key
            ));
        }
    }
    Ok(())
}
