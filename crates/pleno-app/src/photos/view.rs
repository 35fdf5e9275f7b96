//! A filed page as the panel screen shows it: the photo (upright, scaled), where each field's
//! boxes lie on it, and re-reading after a clerk drags the four corners or assigns the TPS.

use std::collections::BTreeMap;

use image::{DynamicImage, ImageDecoder, ImageReader};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};

use pleno_core::template::{Rect, Template};
use pleno_core::{Catalogue, Contest, FieldKey};
use pleno_reader::geom::Homography;
use pleno_reader::{ReadOptions, Reader};
use pleno_store::{Page, PageId, PageIdentity, PageStatus, Reading};

use super::read::{PageRead, from_page};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::events::AppEvent;
use crate::workspace::{Who, Workspace};

/// Where one field's digit boxes lie on the photo, in image pixels: [x, y, w, h] each.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FieldBoxes {
    pub key: FieldKey,
    pub boxes: Vec<[f64; 4]>,
    /// The whole row of the paper (label, boxes and the words line), [x, y, w, h]: the panel
    /// shows it beside the typed figure.
    pub row: Option<[f64; 4]>,
}

/// The photo's size (upright) and where the form lies on it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PageGeometry {
    pub width: u32,
    pub height: u32,
    /// Corner-mark centres, page order; null until the page has been located.
    pub corners: Option<[[f64; 2]; 4]>,
    /// How far the sheet is turned in the photo, clockwise, in degrees (0, 90, 180, 270), as
    /// the reader found it: a sheet photographed sideways has its rows running down the
    /// photo, and the panel turns a row's cut back so that it reads left to right.
    pub orientation: u16,
    pub fields: Vec<FieldBoxes>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PageView {
    pub page: Page,
    pub readings: Vec<Reading>,
    /// Null only when the photo itself cannot be decoded.
    pub geometry: Option<PageGeometry>,
}

/// Width and height of the photo as seen (EXIF orientation applied), from its header.
pub(super) fn upright_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut decoder = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_decoder()
        .ok()?;
    let (w, h) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation().ok()?,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    Some(if turned { (h, w) } else { (w, h) })
}

fn bad_image(page: PageId, e: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::ImageUnreadable,
        format!("foto halaman #{} tidak dapat dibuka ({e})", page.0),
    )
}

/// The photo as it should be seen (EXIF orientation applied).
fn upright(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut decoder = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .into_decoder()
        .map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    Ok(img)
}

fn corners_of(geometry: &Value) -> Option<[(f64, f64); 4]> {
    let c = geometry.get("corners")?.as_array()?;
    let mut out = [(0.0, 0.0); 4];
    for (o, p) in out.iter_mut().zip(c) {
        *o = (p.get(0)?.as_f64()?, p.get(1)?.as_f64()?);
    }
    (c.len() == 4).then_some(out)
}

fn field_boxes(template: &Template, corners: [(f64, f64); 4]) -> Vec<FieldBoxes> {
    let mm = template.corner_centres().map(|p| (p.x, p.y));
    let Some(h) = Homography::from_points(&mm, &corners) else {
        return Vec::new();
    };
    // The image-pixel bounding box of a rectangle on the page (mm).
    let on_photo = |r: &Rect| {
        let pts = r.corners().map(|p| h.apply(p.x, p.y));
        let (x0, x1) = pts
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
        let (y0, y1) = pts
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
        [x0, y0, x1 - x0, y1 - y0]
    };
    // Row labels start at the page's left content edge: the leftmost box or words line.
    let left = template
        .fields
        .iter()
        .flat_map(|f| f.words.iter().chain(f.boxes.first()))
        .map(|r| r.x)
        .fold(f64::MAX, f64::min);
    let mut by_key: BTreeMap<FieldKey, FieldBoxes> = BTreeMap::new();
    for f in &template.fields {
        let entry = by_key.entry(f.key).or_insert_with(|| FieldBoxes {
            key: f.key,
            boxes: Vec::new(),
            row: None,
        });
        entry.boxes.extend(f.boxes.iter().map(&on_photo));
        let parts: Vec<&Rect> = f.boxes.iter().chain(f.words.iter()).collect();
        if let (Some(first), false) = (f.boxes.first(), parts.is_empty()) {
            let pad = first.h * 0.4;
            let x0 = left.min(first.x) - pad;
            let x1 = parts.iter().map(|r| r.right()).fold(f64::MIN, f64::max) + pad;
            let y0 = parts.iter().map(|r| r.y).fold(f64::MAX, f64::min) - pad;
            let y1 = parts.iter().map(|r| r.bottom()).fold(f64::MIN, f64::max) + pad;
            entry.row = Some(on_photo(&Rect::new(x0, y0, x1 - x0, y1 - y0)));
        }
    }
    by_key.into_values().collect()
}

impl Workspace {
    /// The forms of this workspace's contests, as the reader takes them.
    pub(crate) fn catalogues(&self) -> Vec<Catalogue> {
        let store = self.store();
        Contest::ALL
            .into_iter()
            .filter_map(|c| store.catalogue(c).ok().cloned())
            .collect()
    }

    /// The page, its readings and where its fields lie on the photo.
    pub fn page_view(&self, id: PageId) -> AppResult<PageView> {
        let (page, readings) = self.query(|s| Ok((s.page(id)?, s.readings(id)?)))?;
        let tag = page.page_code.map(|c| c.0).or_else(|| {
            page.geometry
                .as_ref()
                .and_then(|g| g.get("tag"))
                .and_then(Value::as_u64)
                .and_then(|t| u16::try_from(t).ok())
        });
        let corners = page.geometry.as_ref().and_then(corners_of);
        let fields = match (tag, corners) {
            // The layout the page was read with: a calibrated one puts the boxes elsewhere.
            (Some(tag), Some(corners)) => self
                .page_template(tag)?
                .map(|t| field_boxes(&t, corners))
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let size = page
            .geometry
            .as_ref()
            .and_then(|g| Some((g.get("width")?.as_u64()?, g.get("height")?.as_u64()?)))
            .and_then(|(w, h)| Some((u32::try_from(w).ok()?, u32::try_from(h).ok()?)))
            .or_else(|| {
                let bytes = self.query(|s| s.read_blob(&page.blob)).ok()?;
                upright_size(&bytes)
            });
        let orientation = page
            .geometry
            .as_ref()
            .and_then(|g| g.get("orientation")?.as_u64())
            .and_then(|o| u16::try_from(o).ok())
            .unwrap_or(0);
        Ok(PageView {
            geometry: size.map(|(width, height)| PageGeometry {
                width,
                height,
                corners: corners.map(|c| c.map(|(x, y)| [x, y])),
                orientation,
                fields,
            }),
            page,
            readings,
        })
    }

    /// The photo of a page, upright, scaled to fit `max_px`, as JPEG.
    pub fn page_image(&self, id: PageId, max_px: u32) -> AppResult<Vec<u8>> {
        let bytes = self.query(|s| {
            let page = s.page(id)?;
            s.read_blob(&page.blob)
        })?;
        let img = upright(&bytes).map_err(|e| bad_image(id, e))?;
        let max = max_px.clamp(200, 6000);
        let img = if img.width() > max || img.height() > max {
            img.resize(max, max, image::imageops::FilterType::Triangle)
        } else {
            img
        };
        let mut out = Vec::new();
        img.to_rgb8()
            .write_to(
                &mut std::io::Cursor::new(&mut out),
                image::ImageFormat::Jpeg,
            )
            .map_err(|e| bad_image(id, e))?;
        Ok(out)
    }

    /// Reads a page again: with a clerk's four corners (photo pixels of the upright image,
    /// page order top-left, top-right, bottom-right, bottom-left), or after its TPS was
    /// assigned. New readings are added (old ones stay in the history).
    pub fn reread_page(
        &self,
        who: &Who,
        id: PageId,
        corners: Option<[(f64, f64); 4]>,
    ) -> AppResult<PageView> {
        self.reread_as(who, id, corners, None)
    }

    /// As [`Workspace::reread_page`], reading the photo as page `expected` when it carries no
    /// page code of its own (half a sheet whose other half was identified).
    pub(crate) fn reread_as(
        &self,
        who: &Who,
        id: PageId,
        corners: Option<[(f64, f64); 4]>,
        expected: Option<u16>,
    ) -> AppResult<PageView> {
        let page = self.query(|s| s.page(id))?;
        let bytes = self.query(|s| s.read_blob(&page.blob))?;
        let reader = Reader::with_model(self.digit_model()?);
        let cats = self.catalogues();
        let calibrated = self.calibrated_layouts()?;
        let prototypes = self.prototypes(reader.model())?;
        let mut opts = ReadOptions::new(&cats);
        opts.calibrated = &calibrated;
        opts.prototypes = prototypes.as_deref();
        opts.corners = corners;
        opts.expected_tag = page.page_code.map(|c| c.0).or(expected);
        let reading = reader.read(&bytes, &opts);
        match from_page(&reading, &bytes, reader.model().version()) {
            PageRead::Rejected { code, message } => Err(AppError::new(
                ErrorCode::PageRefused,
                format!("halaman #{} belum terbaca ({code}): {message}", id.0),
            )),
            PageRead::Read {
                page_code,
                contest,
                mut geometry,
                readings,
                model_version,
                crops,
            } => {
                geometry["manual"] = json!(corners.is_some());
                let mut store = self.writable()?;
                store.set_page_geometry(
                    &who.actor,
                    id,
                    geometry,
                    Some(if corners.is_some() {
                        "sudut halaman ditetapkan petugas"
                    } else {
                        "dibaca ulang"
                    }),
                )?;
                let page = store.page(id)?;
                let election = store.election()?;
                let tps = page.tps.clone().or_else(|| {
                    super::paths::tps_from_path(std::path::Path::new(&page.source_path), &election)
                });
                if page.status != PageStatus::Identified
                    && let Some(tps) = tps
                {
                    store.assign_page(
                        &who.actor,
                        id,
                        &PageIdentity {
                            tps,
                            contest,
                            page_code,
                        },
                        Some(if expected.is_some() {
                            "separuh lembar, dikenali dari separuh lainnya"
                        } else {
                            "dibaca ulang dengan sudut dari petugas"
                        }),
                    )?;
                }
                let page = store.page(id)?;
                if page.status == PageStatus::Identified && !readings.is_empty() {
                    let readings = super::with_crops(&mut store, who, crops.as_ref(), &readings)?;
                    store.add_readings(&who.actor, id, &model_version, &readings)?;
                }
                drop(store);
                if let (Some(tps), Some(contest)) = (page.tps, page.contest) {
                    self.notify(AppEvent::FormChanged { tps, contest });
                }
                self.page_view(id)
            }
        }
    }
}
