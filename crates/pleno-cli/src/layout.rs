//! `pleno layout detect SAMPLE --out draft.json`: a draft layout of a sheet Pleno does not
//! know, from one flat scan of it (`pleno_app::calibration`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;
use pleno_app::calibration::{DetectRequest, SheetSize, detect_layout, name_fields};
use pleno_app::{Mode, Who, Workspace};
use pleno_core::template::{Layout, MarkShape};

#[derive(Subcommand)]
pub enum Args {
    /// Detect marks, digit boxes (grouped into fields), bubbles and tag of a sample scan and
    /// write a draft layout with unnamed fields (?1, ?2, … in reading order).
    Detect {
        /// The whole sheet, flat and upright: PNG, JPEG, TIFF or PDF (first page).
        sample: PathBuf,
        /// Draft layout JSON (the format of assets/forms/*.json).
        #[arg(long)]
        out: PathBuf,
        /// Sheet size in mm, e.g. 600x900; guessed from the image's proportions when absent.
        #[arg(long, value_parser = parse_sheet)]
        ukuran: Option<SheetSize>,
        /// Layout id of the draft.
        #[arg(long, default_value = "kalibrasi")]
        id: String,
        /// Write the sample with the detected fields numbered (PNG), to name them from.
        #[arg(long)]
        gambar: Option<PathBuf>,
        /// Print the detection report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Name a draft's fields with catalogue keys: `--isian 3=suara_sah` or, for keys with
    /// {n}, `--isian 1=suara_calon_{n}@1`; `--isian 9=-` drops boxes that hold no figure (the
    /// closing page's date); `--deret KEY` names every field still unnamed, in order, KEY with
    /// slots 1, 2, ….
    Name {
        draft: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_parser = parse_name)]
        isian: Vec<(usize, String, Option<u8>)>,
        #[arg(long)]
        deret: Option<String>,
    },
    /// Install a named layout in a workspace for one page code: its photos are read with it.
    Install {
        /// The workspace folder.
        dir: PathBuf,
        layout: PathBuf,
        /// The page code (tag id) the layout draws, e.g. 302.
        #[arg(long)]
        halaman: u16,
        #[arg(long, default_value = "Operator PPK")]
        petugas: String,
    },
    /// Return a page code to its shipped layout.
    Remove {
        dir: PathBuf,
        #[arg(long)]
        halaman: u16,
        #[arg(long, default_value = "Operator PPK")]
        petugas: String,
    },
    /// The calibrated layouts a workspace reads with.
    List { dir: PathBuf },
    /// Write the layout a workspace reads page N with to a file (to send to other offices,
    /// which install it with `layout install`).
    Export {
        dir: PathBuf,
        #[arg(long)]
        halaman: u16,
        #[arg(long)]
        out: PathBuf,
    },
}

fn parse_name(s: &str) -> Result<(usize, String, Option<u8>), String> {
    let bad =
        || format!("isian '{s}': tulis N=KUNCI atau N=KUNCI@URUT, mis. 1=suara_calon_{{n}}@1");
    let (n, rest) = s.split_once('=').ok_or_else(bad)?;
    let n: usize = n
        .trim()
        .trim_start_matches('?')
        .parse()
        .map_err(|_| bad())?;
    let (key, slot) = match rest.split_once('@') {
        Some((k, slot)) => (k, Some(slot.trim().parse::<u8>().map_err(|_| bad())?)),
        None => (rest, None),
    };
    Ok((n, key.trim().to_string(), slot))
}

fn read_layout(path: &PathBuf) -> Result<Layout> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("membaca {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "{} bukan berkas tata letak (JSON assets/forms)",
            path.display()
        )
    })
}

fn parse_sheet(s: &str) -> Result<SheetSize, String> {
    let (width, height) =
        crate::dims::width_by_height(s, 50.0..=2000.0, "panjang dalam mm", "600x900")?;
    Ok(SheetSize { width, height })
}

pub fn run(args: &Args) -> Result<std::process::ExitCode> {
    match args {
        Args::Detect { .. } => detect(args)?,
        Args::Name {
            draft,
            out,
            isian,
            deret,
        } => {
            let mut layout = read_layout(draft)?;
            let mut names = isian.clone();
            if let Some(key) = deret {
                let unnamed: Vec<usize> = layout
                    .fields
                    .iter()
                    .filter_map(|f| f.key.strip_prefix('?')?.parse().ok())
                    .filter(|n| !isian.iter().any(|(m, _, _)| m == n))
                    .collect();
                for (slot, n) in unnamed.into_iter().enumerate() {
                    let slot = key
                        .contains("{n}")
                        .then(|| u8::try_from(slot + 1))
                        .transpose()?;
                    names.push((n, key.clone(), slot));
                }
            }
            name_fields(&mut layout, &names)?;
            std::fs::write(out, serde_json::to_string_pretty(&layout)? + "\n")
                .with_context(|| format!("menulis {}", out.display()))?;
            println!("{}: {} isian dinamai", out.display(), layout.fields.len());
        }
        Args::Install {
            dir,
            layout,
            halaman,
            petugas,
        } => {
            let l = read_layout(layout)?;
            let ws = Workspace::open(dir, Mode::ReadWrite)?;
            ws.install_layout(&Who::new(petugas), *halaman, &l)?;
            println!("halaman {halaman} kini dibaca dengan tata letak {}", l.id);
        }
        Args::Remove {
            dir,
            halaman,
            petugas,
        } => {
            let ws = Workspace::open(dir, Mode::ReadWrite)?;
            ws.remove_layout(&Who::new(petugas), *halaman)?;
            println!("halaman {halaman} kembali ke tata letak bawaan");
        }
        Args::List { dir } => {
            let ws = Workspace::open(dir, Mode::ReadOnly)?;
            let all = ws.calibrated_layouts()?;
            if all.is_empty() {
                println!(
                    "tidak ada tata letak kalibrasi: setiap halaman memakai tata letak bawaan"
                );
            }
            for (tag, l) in all {
                println!("{tag:>5}  {:<20} {} isian", l.id, l.fields.len());
            }
        }
        Args::Export { dir, halaman, out } => {
            let ws = Workspace::open(dir, Mode::ReadOnly)?;
            let Some((_, l)) = ws
                .calibrated_layouts()?
                .into_iter()
                .find(|(t, _)| t == halaman)
            else {
                anyhow::bail!(
                    "halaman {halaman} tidak memakai tata letak kalibrasi di ruang kerja ini"
                );
            };
            std::fs::write(out, serde_json::to_string_pretty(&l)? + "\n")
                .with_context(|| format!("menulis {}", out.display()))?;
            println!(
                "{}: tata letak {} untuk halaman {halaman}",
                out.display(),
                l.id
            );
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

fn detect(args: &Args) -> Result<()> {
    let Args::Detect {
        sample,
        out,
        ukuran,
        id,
        gambar,
        json,
    } = args
    else {
        return Ok(());
    };
    let draft = detect_layout(&DetectRequest {
        sample: sample.clone(),
        sheet: *ukuran,
        id: id.clone(),
        overlay: gambar.clone(),
    })?;
    let text = serde_json::to_string_pretty(&draft.layout)? + "\n";
    std::fs::write(out, text).with_context(|| format!("menulis {}", out.display()))?;
    let r = &draft.report;
    if *json {
        println!("{}", serde_json::to_string(r)?);
    } else {
        println!(
            "{}: {} isian, {} kotak, {} kolom bulatan, tanda sudut {}, tag {}{}, {:.2} px/mm{}",
            out.display(),
            r.fields,
            r.boxes,
            r.bubble_columns,
            match r.marks {
                Some(MarkShape::Checker) => "kotak catur",
                Some(MarkShape::Square) => "persegi",
                Some(MarkShape::Corner) => "siku (L)",
                Some(MarkShape::Frame) => "tidak ada (sudut garis tabel)",
                None => "-",
            },
            r.tag_id.map_or_else(|| "-".into(), |t| t.to_string()),
            r.qr.as_ref()
                .map_or_else(String::new, |q| format!(", kode QR \"{q}\"")),
            r.px_per_mm,
            if r.deskew_deg == 0.0 {
                String::new()
            } else {
                format!(", diluruskan {:.2}°", r.deskew_deg)
            }
        );
        if r.stray_boxes > 0 {
            println!(
                "{} kotak lepas diabaikan (ukurannya tidak sama dengan kotak isian mana pun)",
                r.stray_boxes
            );
        }
        for w in &r.warnings {
            println!("perhatian: {w}");
        }
        println!(
            "Beri nama setiap isian (?1, ?2, …) dengan kunci dari katalog kontes (pleno layout name)."
        );
    }
    Ok(())
}
