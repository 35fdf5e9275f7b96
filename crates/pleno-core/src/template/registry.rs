//! The layout files, embedded at build time (pleno-core does no I/O) and parsed once.

use std::sync::OnceLock;

use super::TemplateError;
use super::layout::Layout;

macro_rules! layout_files {
    ($($id:literal),* $(,)?) => {
        /// Ids of every layout file in `assets/forms/` (file name without `.json`).
        pub const LAYOUT_IDS: &[&str] = &[$($id),*];
        const FILES: &[(&str, &str)] = &[
            $(($id, include_str!(concat!("../../../../assets/forms/", $id, ".json")))),*
        ];
    };
}

layout_files!(
    "ppwp-1",
    "ppwp-2",
    "ppwp-3",
    "leg-admin",
    "leg-closing",
    "party-10",
    "party-12",
    "party-14",
    "dpd-8",
    "salinan-admin",
    "salinan-ppwp-2",
    "salinan-party-10",
    "salinan-party-12",
    "salinan-party-14",
    "salinan-dpd-20",
    "salinan-closing",
);

static PARSED: OnceLock<Result<Vec<Layout>, TemplateError>> = OnceLock::new();

fn parse_all() -> Result<Vec<Layout>, TemplateError> {
    FILES
        .iter()
        .map(|(id, text)| {
            let layout: Layout =
                serde_json::from_str(text).map_err(|e| TemplateError::BadLayout {
                    id: (*id).to_string(),
                    detail: e.to_string(),
                })?;
            if layout.id != *id {
                return Err(TemplateError::BadLayout {
                    id: (*id).to_string(),
                    detail: format!("file declares id '{}'", layout.id),
                });
            }
            Ok(layout)
        })
        .collect()
}

/// Every layout, parsed.
pub fn layouts() -> Result<&'static [Layout], TemplateError> {
    match PARSED.get_or_init(parse_all) {
        Ok(v) => Ok(v),
        Err(e) => Err(e.clone()),
    }
}

/// The layout with file id `id`.
pub fn layout(id: &str) -> Result<&'static Layout, TemplateError> {
    layouts()?
        .iter()
        .find(|l| l.id == id)
        .ok_or_else(|| TemplateError::MissingLayout(id.to_string()))
}
