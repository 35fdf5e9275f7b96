//! `pleno form …`: blank forms from the templates (for printing and bimtek training) and
//! synthetic photographed forms (for the reader's tests and benchmarks).

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Subcommand, ValueEnum};
use pleno_core::template::{MarkShape, QrSpec, Template};
use pleno_core::{Ballot, Catalogue, FormValues};
use pleno_print::form::{Fit, blank_pdf, blank_raster};
use pleno_synth::{Force, Options, Style, contest_of, sample_ballot};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: FormCommand,
}

#[derive(Clone, Copy, ValueEnum)]
enum FitArg {
    /// True size (plano 600 × 900 mm).
    Actual,
    A4,
    F4,
}

#[derive(Clone, Copy, ValueEnum)]
enum StyleArg {
    Clean,
    Phone,
    Poor,
    /// A phone scanner app's A4 page (CamScanner-style): written as a PDF when --out ends in
    /// .pdf.
    Scan,
}

/// A page printed otherwise than the shipped layout has it: the sheets of an office that
/// calibrates its own layout.
#[derive(clap::Args, Clone)]
struct Redraw {
    /// Print the page without its AprilTag (Pleno then knows it by its boxes).
    #[arg(long)]
    tanpa_tag: bool,
    /// Filled squares of this side (mm, 2–30) at the corners instead of the checkers.
    #[arg(long, value_name = "MM")]
    tanda_persegi: Option<f64>,
    /// An L at each corner instead of the checkers, its bars this long (mm, 4–40) and a
    /// quarter of that thick.
    #[arg(long, value_name = "MM", conflicts_with = "tanda_persegi")]
    tanda_siku: Option<f64>,
    /// Print no corner marks at all (as the official A4 salinan): Pleno then holds the page by
    /// the outer corners of its printed lines.
    #[arg(long, conflicts_with_all = ["tanda_persegi", "tanda_siku"])]
    tanpa_tanda: bool,
    /// Print a QR code holding TEXT where the AprilTag was, instead of the tag (Pleno then
    /// knows the page by the code).
    #[arg(long, value_name = "TEKS")]
    qr: Option<String>,
}

impl Redraw {
    fn apply(&self, t: &mut Template) -> Result<()> {
        if let Some(text) = &self.qr {
            let Some(tag) = &t.tag else {
                bail!(
                    "--qr: halaman {} tidak punya tempat AprilTag untuk kode QR",
                    t.tag_id
                );
            };
            if !QrSpec::text_ok(text) {
                bail!(
                    "--qr: teks kode QR harus berisi 1–{} byte",
                    QrSpec::MAX_TEXT
                );
            }
            t.qr = Some(QrSpec {
                rect: tag.rect,
                text: text.clone(),
            });
            t.tag = None;
        }
        if self.tanpa_tag {
            t.tag = None;
        }
        if let Some(side) = self.tanda_persegi {
            if !(2.0..=30.0).contains(&side) {
                bail!("--tanda-persegi {side}: sisi tanda sudut 2–30 mm");
            }
            t.marks.shape = MarkShape::Square;
            t.marks.square = side;
        }
        if let Some(arm) = self.tanda_siku {
            if !(4.0..=40.0).contains(&arm) {
                bail!("--tanda-siku {arm}: panjang kaki tanda siku 4–40 mm");
            }
            t.marks.shape = MarkShape::Corner;
            t.marks.square = arm;
        }
        if self.tanpa_tanda {
            t.marks.shape = MarkShape::Frame;
            t.marks.square = 0.0;
        }
        Ok(())
    }
}

#[derive(Subcommand)]
enum FormCommand {
    /// List the pages of a form with their tag ids and layouts.
    List {
        /// ppwp, dpr, dpd, dprd-prov or dprd-kab.
        contest: String,
        /// Ballot JSON (pleno-core `Ballot`); default: the 2024 sample ballot.
        #[arg(long)]
        ballot: Option<PathBuf>,
    },
    /// A blank page as PDF and/or PNG.
    Blank {
        /// Tag id: plano page code (101, 102, 205, 399 …) or salinan sheet id (1101 …).
        #[arg(long)]
        page: u16,
        #[arg(long)]
        ballot: Option<PathBuf>,
        /// PDF output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// PNG output.
        #[arg(long)]
        png: Option<PathBuf>,
        #[arg(long, default_value_t = 100.0)]
        dpi: f64,
        #[arg(long, value_enum, default_value_t = FitArg::Actual)]
        fit: FitArg,
        #[command(flatten)]
        redraw: Redraw,
    },
    /// A synthetic phone photo of a filled page, with its truth JSON.
    Synth {
        #[arg(long)]
        page: u16,
        /// Values JSON: {"suara_paslon_1": 103, …}; absent fields stay empty.
        #[arg(long)]
        values: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        truth: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = StyleArg::Phone)]
        style: StyleArg,
        /// Handwriting: mnist (ordinary digits in the boxes), traced (along the dotted guide,
        /// seven-segment-like) or kpps (as on real 2024 planos: traced or loose, leading
        /// boxes crossed out corner to corner).
        #[arg(long, default_value = "mnist")]
        hand: pleno_synth::Hand,
        #[arg(long)]
        ballot: Option<PathBuf>,
        /// Photo size in megapixels (default 8–12).
        #[arg(long)]
        megapixels: Option<f64>,
        /// Force the page's quarter turn in the photo: 0, 90, 180 or 270.
        #[arg(long)]
        rotation: Option<u16>,
        /// Push corner mark N (0 TL, 1 TR, 2 BR, 3 BL) out of the frame.
        #[arg(long)]
        crop_corner: Option<usize>,
        /// Slide the page until corner mark N touches the frame's edge.
        #[arg(long)]
        edge_touch: Option<usize>,
        /// Photograph only the top or the bottom half of the sheet.
        #[arg(long)]
        half: Option<pleno_synth::Half>,
        /// Exact photo size, e.g. 900x1600 (SIREKAP's uploads).
        #[arg(long, value_parser = parse_size)]
        size: Option<(u32, u32)>,
        /// Shake the camera along a line of this many photo pixels (motion blur).
        #[arg(long)]
        shake: Option<f64>,
        /// Print this tag id instead of the page's (a wrong page for rejection tests).
        #[arg(long)]
        tag_override: Option<u16>,
        #[command(flatten)]
        redraw: Redraw,
    },
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    crate::dims::width_by_height(s, 200..=20_000, "jumlah piksel", "900x1600")
}

fn ballot_for(page: u16, path: Option<&PathBuf>) -> Result<(Ballot, bool)> {
    if let Some(p) = path {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("membaca {}", p.display()))?;
        return Ok((serde_json::from_str(&text)?, true));
    }
    let contest = contest_of(page).ok_or_else(|| anyhow!("kode halaman {page} tidak dikenal"))?;
    Ok((sample_ballot(contest), false))
}

fn template(page: u16, ballot: Option<&PathBuf>) -> Result<Template> {
    let (b, named) = ballot_for(page, ballot)?;
    let cat = Catalogue::new(&b);
    Ok(Template::for_tag(page, &cat, named.then_some(&b))?)
}

pub fn run(args: &Args) -> Result<std::process::ExitCode> {
    match &args.command {
        FormCommand::List { contest, ballot } => {
            let contest: pleno_core::Contest = contest.parse()?;
            let b = match ballot {
                Some(p) => serde_json::from_str(&std::fs::read_to_string(p)?)?,
                None => sample_ballot(contest),
            };
            let cat = Catalogue::new(&b);
            for plan in Template::plans(&cat) {
                let t = Template::for_tag(plan.tag_id, &cat, Some(&b))?;
                println!(
                    "{:>5}  {:<18} {:?}/{:?}  {} isian",
                    plan.tag_id,
                    plan.layout,
                    t.family,
                    t.provenance,
                    t.fields.len()
                );
            }
        }
        FormCommand::Blank {
            page,
            ballot,
            out,
            png,
            dpi,
            fit,
            redraw,
        } => {
            if out.is_none() && png.is_none() {
                bail!("berikan --out FILE.pdf dan/atau --png FILE.png");
            }
            let mut t = template(*page, ballot.as_ref())?;
            redraw.apply(&mut t)?;
            let fit = match fit {
                FitArg::Actual => Fit::Actual,
                FitArg::A4 => Fit::A4,
                FitArg::F4 => Fit::F4,
            };
            if let Some(path) = out {
                std::fs::write(path, blank_pdf(std::slice::from_ref(&t), fit)?)?;
                println!("{}", path.display());
            }
            if let Some(path) = png {
                blank_raster(&t, fit, dpi / 25.4).save(path)?;
                println!("{}", path.display());
            }
        }
        FormCommand::Synth {
            page,
            values,
            out,
            truth,
            seed,
            style,
            hand,
            ballot,
            megapixels,
            rotation,
            crop_corner,
            edge_touch,
            half,
            size,
            shake,
            tag_override,
            redraw,
        } => {
            let mut t = template(*page, ballot.as_ref())?;
            redraw.apply(&mut t)?;
            let values: FormValues = serde_json::from_str(
                &std::fs::read_to_string(values)
                    .with_context(|| format!("membaca {}", values.display()))?,
            )?;
            let mut opts = Options::new(
                match style {
                    StyleArg::Clean => Style::Clean,
                    StyleArg::Phone => Style::Phone,
                    StyleArg::Poor => Style::Poor,
                    StyleArg::Scan => Style::Scan,
                },
                *seed,
            );
            opts.megapixels = *megapixels;
            opts.hand = *hand;
            opts.tag_override = *tag_override;
            opts.force = Force {
                rotation: *rotation,
                crop_corner: *crop_corner,
                edge_touch: *edge_touch,
                half: *half,
                size: *size,
                shake_px: *shake,
            };
            let s = pleno_synth::synth(&t, &values, &opts)?;
            let pdf = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            if pdf {
                let page = pleno_synth::scan::ScanPage::of(&s.jpeg)
                    .ok_or_else(|| anyhow!("JPEG sintetis tidak terbaca"))?;
                std::fs::write(out, pleno_synth::scan::pdf_of_jpegs(&[page], 300.0))?;
            } else {
                std::fs::write(out, &s.jpeg)?;
            }
            std::fs::write(truth, serde_json::to_string_pretty(&s.truth)? + "\n")?;
            println!("{} ({} × {})", out.display(), s.truth.width, s.truth.height);
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}
