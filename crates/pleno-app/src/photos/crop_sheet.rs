//! A read photo's box crops as one grey PNG (its crop sheet): a row of 56 × 56 squares per
//! field, boxes from the left. Kept as a blob beside the photo so that, once the plenary agrees
//! the form, each crop becomes a labelled example of the office's handwriting (issue 22).

use image::{GrayImage, ImageFormat};
use pleno_store::{BlobHash, CROP_SIDE, CropRef, NewReading};

/// The widest field has four boxes.
const MAX_BOXES: u32 = 4;

/// The sheet of one photo and, per field in reading order, its row and box count (None when a
/// box was off the photo or the field has more boxes than a row holds).
#[derive(Debug, Clone, PartialEq)]
pub struct CropSheet {
    pub png: Vec<u8>,
    pub rows: Vec<Option<(u32, u8)>>,
}

impl CropSheet {
    /// Builds the sheet from the reader's 56 × 56 crops per field; None when no field has all
    /// its boxes.
    pub fn build(fields: &[Vec<Option<Vec<u8>>>]) -> Option<CropSheet> {
        let side = CROP_SIDE as usize;
        let whole: Vec<Option<Vec<&[u8]>>> = fields
            .iter()
            .map(|boxes| {
                let n = boxes.len();
                if n == 0 || n > MAX_BOXES as usize {
                    return None;
                }
                boxes
                    .iter()
                    .map(|c| c.as_deref().filter(|c| c.len() == side * side))
                    .collect()
            })
            .collect();
        let count = whole.iter().flatten().count() as u32;
        if count == 0 {
            return None;
        }
        let mut img =
            GrayImage::from_pixel(CROP_SIDE * MAX_BOXES, CROP_SIDE * count, image::Luma([255]));
        let mut rows = Vec::with_capacity(whole.len());
        let mut row = 0u32;
        for boxes in &whole {
            let Some(boxes) = boxes else {
                rows.push(None);
                continue;
            };
            for (b, crop) in boxes.iter().enumerate() {
                for (i, &v) in crop.iter().enumerate() {
                    let (x, y) = ((i % side) as u32, (i / side) as u32);
                    img.put_pixel(
                        b as u32 * CROP_SIDE + x,
                        row * CROP_SIDE + y,
                        image::Luma([v]),
                    );
                }
            }
            rows.push(Some((row, boxes.len() as u8)));
            row += 1;
        }
        let mut png = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
            .ok()?;
        Some(CropSheet { png, rows })
    }

    /// The readings pointing at their rows of the sheet stored as `blob`.
    pub fn attach(&self, blob: &BlobHash, readings: &[NewReading]) -> Vec<NewReading> {
        readings
            .iter()
            .zip(self.rows.iter().chain(std::iter::repeat(&None)))
            .map(|(r, row)| match row {
                Some((row, boxes)) if usize::from(*boxes) == r.digits.len() => {
                    r.clone().with_crops(CropRef {
                        blob: blob.clone(),
                        row: *row,
                        boxes: *boxes,
                    })
                }
                _ => r.clone(),
            })
            .collect()
    }
}

/// One box's 56 × 56 crop cut from a stored sheet; None when the sheet does not hold it.
pub fn cut(sheet: &GrayImage, crop: &CropRef, box_index: u8) -> Option<GrayImage> {
    let (x, y) = (u32::from(box_index) * CROP_SIDE, crop.row * CROP_SIDE);
    (box_index < crop.boxes && x + CROP_SIDE <= sheet.width() && y + CROP_SIDE <= sheet.height())
        .then(|| image::imageops::crop_imm(sheet, x, y, CROP_SIDE, CROP_SIDE).to_image())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_keeps_every_whole_field_and_cuts_back_the_same_crops() {
        let crop = |v: u8| Some(vec![v; 56 * 56]);
        let fields = vec![
            vec![crop(10), crop(20), crop(30)],
            vec![crop(40), None, crop(60)],
            vec![crop(70)],
        ];
        let sheet = CropSheet::build(&fields).unwrap();
        assert_eq!(sheet.rows, vec![Some((0, 3)), None, Some((1, 1))]);
        let img = image::load_from_memory(&sheet.png).unwrap().to_luma8();
        assert_eq!((img.width(), img.height()), (224, 112));
        let blob = BlobHash::of(&sheet.png);
        let r = CropRef {
            blob,
            row: 1,
            boxes: 1,
        };
        assert_eq!(cut(&img, &r, 0).unwrap().get_pixel(5, 5).0, [70]);
        assert!(cut(&img, &r, 1).is_none());
        assert!(CropSheet::build(&[vec![None]]).is_none());
    }
}
