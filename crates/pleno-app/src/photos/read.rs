//! The reader's result for one photo, turned into what the store files: a page identity and
//! its readings, or a rejection with its reason.

use serde_json::{Value, json};

use pleno_core::catalogue::PageCode;
use pleno_core::template::Layout;
use pleno_core::{Catalogue, Contest};
use pleno_reader::{Adaptation, Prototypes};
use pleno_reader::{FieldReading, FieldStatus, PageReading, ReadOptions, Reader};
use pleno_store::{BoxAdaptation, DigitReading, NewReading, ReadingStatus};

use super::crop_sheet::CropSheet;

/// One photo after reading.
#[derive(Debug, Clone)]
pub enum PageRead {
    Read {
        page_code: PageCode,
        contest: Contest,
        /// Where the page lies on the photo (store `geometry`).
        geometry: Value,
        readings: Vec<NewReading>,
        model_version: String,
        /// The boxes' crops as the model saw them, kept for labelling once agreed.
        crops: Option<CropSheet>,
    },
    Rejected {
        code: String,
        message: String,
    },
}

impl PageRead {
    pub(crate) fn crashed() -> PageRead {
        PageRead::Rejected {
            code: "reader_failed".into(),
            message: "pembaca berhenti tak terduga pada foto ini; foto ulang halaman ini atau isi angkanya dengan tangan".into(),
        }
    }
}

fn status(s: FieldStatus) -> ReadingStatus {
    match s {
        FieldStatus::Read => ReadingStatus::Read,
        FieldStatus::Empty => ReadingStatus::Empty,
        FieldStatus::Unreadable => ReadingStatus::Unreadable,
        FieldStatus::Inconsistent => ReadingStatus::Inconsistent,
    }
}

fn reading(f: &FieldReading) -> NewReading {
    let digits = f
        .digits
        .iter()
        .map(|d| DigitReading {
            class: u8::try_from(d.class).ok().filter(|c| *c <= 9),
            probabilities: d.p.to_vec(),
            segments: d.segments.and_then(|s| s.digit),
            adapted: d.adapted.map(|(how, network_p)| BoxAdaptation {
                how: match how {
                    Adaptation::Raised => "raised",
                    Adaptation::Disputed => "disputed",
                }
                .into(),
                network_p,
            }),
            smear: d.smear,
        })
        .collect();
    // Boxes and bubbles that spell different numbers make the field inconsistent: a person
    // must look, whatever the confidence.
    let st = if f.omr_agrees() == Some(false) {
        ReadingStatus::Inconsistent
    } else {
        status(f.status)
    };
    let value = match st {
        ReadingStatus::Read => f.value,
        ReadingStatus::Empty => Some(0),
        ReadingStatus::Unreadable | ReadingStatus::Inconsistent => None,
    };
    let mut r = NewReading::new(f.key, value, digits, f.confidence.clamp(0.0, 1.0)).with_status(st);
    if let Some(b) = &f.bubbles
        && let Ok(v) = serde_json::to_value(b)
        && !v.is_null()
    {
        r = r.with_bubbles(v);
    }
    r
}

/// Reads one photo against the forms of the workspace, drawn by its calibrated layouts where
/// it has them, adapted to the office's labelled crops where it has them.
pub fn read_photo(
    reader: &Reader,
    bytes: &[u8],
    catalogues: &[Catalogue],
    calibrated: &[(u16, Layout)],
    prototypes: Option<&Prototypes>,
) -> PageRead {
    let mut opts = ReadOptions::new(catalogues);
    opts.calibrated = calibrated;
    opts.prototypes = prototypes;
    let page = reader.read(bytes, &opts);
    from_page(&page, bytes, reader.model().version())
}

/// `model_version` names the model that read the page (the shipped one or the office's
/// installed one), recorded with every reading.
pub(super) fn from_page(page: &PageReading, bytes: &[u8], model_version: &str) -> PageRead {
    if let Some(r) = &page.rejected {
        let cm = r.to_code_message();
        return PageRead::Rejected {
            code: cm.code,
            message: cm.message,
        };
    }
    let (Some(tag), Some(contest)) = (page.tag_id, page.contest) else {
        return PageRead::Rejected {
            code: "page_unknown".into(),
            message:
                "halaman tidak dikenali (kode AprilTag tidak terbaca); foto ulang seluruh halaman"
                    .into(),
        };
    };
    let (width, height) = super::view::upright_size(bytes).unwrap_or((1, 1));
    let corners = page.corners.unwrap_or_default();
    let geometry = json!({
        "width": width,
        "height": height,
        "orientation": page.orientation.unwrap_or(0),
        "corners": corners.iter().map(|(x, y)| [x, y]).collect::<Vec<_>>(),
        "manual": false,
        "tag": tag,
        // Half a sheet: the other photo of the page holds the rest (not a duplicate).
        "partial": page.partial,
        "framing": page.framing,
        // How the page's code was known: its tag, its printed boxes (a sheet without a tag),
        // or the page named to the reader (the clerk's choice, the sheet's other half).
        "identity": page.identity,
    });
    PageRead::Read {
        page_code: PageCode(tag),
        contest,
        geometry,
        readings: page.fields.iter().map(reading).collect(),
        model_version: model_version.to_string(),
        crops: CropSheet::build(&page.crops),
    }
}
