//! The truth file written beside each synthetic photo.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Hand;
use crate::fill::Written;
use crate::photo::Effects;
use crate::style::Style;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// The page photographed (tag id of its template).
    pub page: u16,
    /// The tag id printed on it (differs from `page` only for "wrong page" fixtures).
    pub tag_id: u16,
    pub layout: String,
    pub style: Style,
    /// Whose handwriting fills the boxes.
    #[serde(default)]
    pub hand: Hand,
    pub seed: u64,
    /// Image size, px. Every photo position below counts pixel x as covering x..x+1 (its
    /// centre at x + ½), as the reader and the `image` crate do.
    pub width: u32,
    pub height: u32,
    /// Corner-mark centres in the photo (px), in the page's order: top-left, top-right,
    /// bottom-right, bottom-left of the printed page (not of the photo).
    pub corners: [[f64; 2]; 4],
    pub corners_in_frame: [bool; 4],
    /// The tag's black square corners in the photo (px), page order as above.
    /// None on a page printed without a tag.
    pub tag_corners: Option<[[f64; 2]; 4]>,
    /// Page mm → photo px, row-major 3 × 3 (without the paper curl, which moves interior
    /// points by up to ~1 % of the page).
    pub homography: [f64; 9],
    /// Quarter turn of the page in the photo, clockwise degrees (plus a few degrees of jitter).
    pub rotation: u16,
    pub tilt_deg: f64,
    pub pen: String,
    pub jpeg_quality: u8,
    pub effects: Effects,
    /// Where each field's digit boxes are in the photo (box centres, px, paper curl included),
    /// for checking where the reader placed them.
    #[serde(default)]
    pub box_centres: BTreeMap<String, Vec<[f64; 2]>>,
    /// Every field of the page: its value, or null when left empty.
    pub fields: BTreeMap<String, Option<u32>>,
    /// What was written in each box (and bubble column).
    pub written: BTreeMap<String, Written>,
}
