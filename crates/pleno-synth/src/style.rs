//! The three photo styles and their parameter ranges.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// A flat scan-like image: no perspective, even light, little noise.
    Clean,
    /// A phone photo of a plano on a table or wall: perspective, rotation, uneven light and
    /// shadow, paper curl, slight blur, noise, JPEG.
    Phone,
    /// As `Phone`, plus motion blur, glare and a corner partly covered (a thumb).
    Poor,
    /// A phone scanner app's A4 page (CamScanner and the like): the folded sheet shot filling
    /// the screen, its marks at or past the edge, warped to A4, whitened, contrast-boosted.
    Scan,
}

impl std::str::FromStr for Style {
    type Err = String;
    fn from_str(s: &str) -> Result<Style, String> {
        match s {
            "clean" => Ok(Style::Clean),
            "phone" => Ok(Style::Phone),
            "poor" => Ok(Style::Poor),
            "scan" => Ok(Style::Scan),
            _ => Err(format!(
                "gaya foto '{s}' tidak dikenal: clean, phone, poor atau scan"
            )),
        }
    }
}

pub struct Params {
    /// Photo sizes to pick from (8–12 MP for phones).
    pub sizes: Vec<(u32, u32)>,
    pub max_tilt: f64,
    /// Small in-plane rotation on top of the quarter turn, degrees.
    pub max_spin: f64,
    /// Share of the frame the page's bounding box fills.
    pub coverage: (f64, f64),
    /// Curl amplitude as a share of the page size.
    pub curl: f64,
    pub blur: (f64, f64),
    pub noise: (f64, f64),
    pub jpeg: (u8, u8),
    pub light: f64,
    pub shadow: f64,
    pub motion: bool,
    pub glare: bool,
    pub occlude: bool,
}

impl Style {
    pub fn params(self) -> Params {
        let phone_sizes = vec![(4000, 3000), (3648, 2736), (3264, 2448), (4032, 3024)];
        match self {
            Style::Clean => Params {
                sizes: vec![(3508, 2480)],
                max_tilt: 0.0,
                max_spin: 0.4,
                coverage: (0.96, 0.98),
                curl: 0.0,
                blur: (0.0, 0.3),
                noise: (0.5, 1.5),
                jpeg: (90, 95),
                light: 0.0,
                shadow: 0.0,
                motion: false,
                glare: false,
                occlude: false,
            },
            Style::Phone => Params {
                sizes: phone_sizes,
                max_tilt: 25.0,
                max_spin: 6.0,
                coverage: (0.78, 0.93),
                curl: 0.006,
                blur: (0.4, 1.2),
                noise: (2.0, 5.0),
                jpeg: (75, 92),
                light: 0.25,
                shadow: 0.5,
                motion: false,
                glare: false,
                occlude: false,
            },
            Style::Scan => Params {
                sizes: phone_sizes,
                max_tilt: 12.0,
                max_spin: 3.0,
                // The sheet fills the screen: its marks sit at or past the frame's edge.
                coverage: (1.0, 1.07),
                curl: 0.008,
                blur: (0.3, 0.9),
                noise: (1.5, 4.0),
                jpeg: (78, 92),
                light: 0.25,
                shadow: 0.6,
                motion: false,
                glare: false,
                occlude: false,
            },
            Style::Poor => Params {
                sizes: phone_sizes,
                max_tilt: 30.0,
                max_spin: 10.0,
                coverage: (0.75, 0.9),
                curl: 0.012,
                blur: (0.8, 1.8),
                noise: (4.0, 8.0),
                jpeg: (55, 80),
                light: 0.4,
                shadow: 0.9,
                motion: true,
                glare: true,
                occlude: true,
            },
        }
    }
}
