//! Calibrated layouts in the workspace: installed for one page code after checking that they
//! draw exactly the page's fields on a sane sheet, listed, and removed (back to the shipped
//! layout). The store keeps each as an audit event (`layout_calibrated`).

use pleno_core::template::{Layout, MarkShape, Template};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::{Who, Workspace};

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

    /// Page `tag` as this office reads it: drawn by its calibrated layout where one is
    /// installed, else by the shipped one. None for a page code the workspace's forms lack.
    pub fn page_template(&self, tag: u16) -> AppResult<Option<Template>> {
        let calibrated = self.calibrated_layouts()?;
        Ok(self
            .catalogues()
            .iter()
            .find_map(|cat| Template::in_force(tag, cat, &calibrated).ok()))
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

/// A layout file from elsewhere (another office, a hand edit) must describe a sheet the reader
/// can work with: a real size, marks and tag (if any) and every box on the sheet, 1–6 boxes a field and
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
    // A sheet without marks (held by its rulings' corners) has no square.
    let square_ok =
        l.marks.shape == MarkShape::Frame || (l.marks.square.is_finite() && l.marks.square > 0.0);
    if !marks_on_sheet || !square_ok {
        return Err("tanda sudut di luar lembar".into());
    }
    // No tag is allowed: such pages are told apart by their boxes or by the clerk.
    if let Some(tag) = &l.tag
        && (!on_sheet(&tag.rect) || ![0, 90, 180, 270].contains(&tag.rotation))
    {
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
