//! `pleno read IMAGE...`: reads photographed C.Hasil pages without a workspace and shows, per
//! field, what an import would accept (`pleno_app::loose_read`). Exit 2 when a page is refused.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use pleno_app::loose_read::{LooseRequest, read_loose};

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
    };
    let any_rejected = read_loose(&request, &mut |chunk| crate::output::emit(chunk))?;
    Ok(if any_rejected {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
