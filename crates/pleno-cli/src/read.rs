//! `pleno read IMAGE...`: reads photographed C.Hasil pages without a workspace and shows, per
//! field, what an import would accept (`pleno_app::loose_read`). Exit 2 when a page is refused.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use pleno_app::loose_read::{LooseRequest, read_loose};
use pleno_core::kind::ContestKind;
use pleno_core::template::Layout;

#[derive(clap::Args)]
pub struct Args {
    /// Photos or scans (JPEG, PNG, TIFF; a PDF scan is read page by page).
    #[arg(required = true)]
    images: Vec<PathBuf>,
    /// One JSON document per image (per page of a PDF), one per line.
    #[arg(long)]
    json: bool,
    /// Write debug pictures per image into this directory: the page flattened with its boxes
    /// coloured (NAME.debug.png: green accepted, orange needs review, red unreadable, blue
    /// empty) and one per stage the read reached, also when it failed (NAME.1-decode,
    /// .2-marks, .3-page, .4-boxes, .5-crops .png).
    #[arg(long)]
    debug: Option<PathBuf>,
    /// The page code the images should be (e.g. 102); another page is rejected.
    #[arg(long)]
    expect_page: Option<u16>,
    /// Manual corner marks for a single image: eight numbers "x1,y1,…,x4,y4" in photo pixels,
    /// top-left, top-right, bottom-right, bottom-left of the printed page.
    #[arg(long)]
    corners: Option<String>,
    /// A calibrated layout to read page N with (`pleno layout name` or `layout export`), e.g.
    /// 302=dpd-kantor.json; repeatable. A sheet printed without a tag is read only this way.
    #[arg(long, value_name = "HALAMAN=BERKAS")]
    tata_letak: Vec<String>,
    /// A contest kind defined by data (docs/contest-kinds.md), e.g. a Pilkada form: its pages
    /// are read with their --tata-letak layout and checked by its rules; repeatable.
    #[arg(long, value_name = "BERKAS")]
    jenis: Vec<PathBuf>,
}

fn parse_kind(path: &std::path::Path) -> Result<ContestKind> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--jenis: {} tidak terbaca", path.display()))?;
    ContestKind::from_json(&text).with_context(|| format!("--jenis {}", path.display()))
}

fn parse_layout(s: &str) -> Result<(u16, Layout)> {
    let (page, path) = s
        .split_once('=')
        .context("--tata-letak: HALAMAN=BERKAS, mis. 302=dpd-kantor.json")?;
    let page: u16 = page
        .trim()
        .parse()
        .with_context(|| format!("--tata-letak {s}: kode halaman bukan angka"))?;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--tata-letak: {path} tidak terbaca"))?;
    let layout: Layout = serde_json::from_str(&text)
        .with_context(|| format!("--tata-letak: {path} bukan berkas tata letak"))?;
    Ok((page, layout))
}

fn parse_corners(s: &str) -> Result<[(f64, f64); 4]> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .context("--corners: delapan angka dipisah koma")?;
    if v.len() != 8 {
        bail!("--corners: perlu delapan angka, ada {}", v.len());
    }
    Ok([(v[0], v[1]), (v[2], v[3]), (v[4], v[5]), (v[6], v[7])])
}

pub fn run(args: &Args) -> Result<ExitCode> {
    let request = LooseRequest {
        images: args.images.clone(),
        json: args.json,
        debug: args.debug.clone(),
        expect_page: args.expect_page,
        corners: args.corners.as_deref().map(parse_corners).transpose()?,
        layouts: args
            .tata_letak
            .iter()
            .map(|s| parse_layout(s))
            .collect::<Result<_>>()?,
        kinds: args
            .jenis
            .iter()
            .map(|p| parse_kind(p))
            .collect::<Result<_>>()?,
    };
    let any_rejected = read_loose(&request, &mut |chunk| crate::output::emit(chunk))?;
    Ok(if any_rejected {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
