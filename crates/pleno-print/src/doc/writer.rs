//! Puts a recap document together: orientation, frame, table sections, signatures, footers,
//! and the PDF with its fonts and the marker in the document information.

use pleno_core::recap::RecapTable;
use pleno_core::reference::Saksi;
use pleno_core::wilayah::DesaCode;
use pleno_core::{Ballot, Contest};
use printpdf::{ParsedFont, PdfDocument, PdfPage, PdfSaveOptions};

use super::canvas::Fonts;
use super::digest::{self, Marker};
use super::flow::Flow;
use super::font::{self, BOLD, REGULAR};
use super::frame::{Fields, Frame};
use super::{DocError, DocSetup, Orientation, Pdf, rows, signature, table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecapKind {
    DHasil,
    Lampiran,
    DHasilKabupaten,
}

/// Label column width: wide enough for "Jumlah pengguna hak pilih dalam DPK (KTP-el/surat
/// keterangan)" at 7 pt in portrait; a little wider in landscape for candidate names.
const LABEL_PORTRAIT: f64 = 64.0;
const LABEL_LANDSCAPE: f64 = 72.0;

/// A document being built: the PDF with its two embedded faces.
pub struct Doc {
    pub pdf: PdfDocument,
    pub fonts: Fonts,
}

impl Doc {
    pub fn new(title: &str) -> Result<Doc, DocError> {
        if !font::available() {
            return Err(DocError::Font);
        }
        let mut pdf = PdfDocument::new(title);
        let mut warnings = Vec::new();
        let regular = ParsedFont::from_bytes(REGULAR, 0, &mut warnings).ok_or(DocError::Font)?;
        let bold = ParsedFont::from_bytes(BOLD, 0, &mut warnings).ok_or(DocError::Font)?;
        let fonts = Fonts {
            regular: pdf.add_font(&regular),
            bold: pdf.add_font(&bold),
        };
        Ok(Doc { pdf, fonts })
    }

    /// Saves with the marker as Keywords, where `pleno verify-doc` looks for it.
    pub fn save(
        mut self,
        setup: &DocSetup,
        frame: &Frame,
        pages: Vec<PdfPage>,
        overflow: Vec<(usize, [f64; 4])>,
    ) -> Pdf {
        let count = pages.len();
        let info = &mut self.pdf.metadata.info;
        info.keywords = vec![frame.marker.encode()];
        info.subject = format!("{} — {}, {}", frame.model, setup.place(), setup.kabupaten);
        info.creator = "Pleno".to_string();
        info.producer = "Pleno (printpdf)".to_string();
        info.author = match setup.level {
            super::DocLevel::Kecamatan => format!("PPK {}", setup.kecamatan_name),
            super::DocLevel::Kabupaten => format!("KPU {}", setup.kecamatan_name),
        };
        let mut warnings = Vec::new();
        let bytes = self
            .pdf
            .with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut warnings);
        Pdf {
            bytes,
            pages: count,
            orientation: frame.orientation,
            marker: frame.marker.clone(),
            overflow,
        }
    }
}

pub fn wilayah_fields(setup: &DocSetup, ballot: &Ballot) -> Fields {
    let mut f = vec![
        ("Provinsi".to_string(), setup.provinsi.clone()),
        ("Kabupaten/Kota".to_string(), setup.kabupaten.clone()),
    ];
    if setup.level == super::DocLevel::Kecamatan {
        f.push(("Kecamatan".to_string(), setup.kecamatan.clone()));
    }
    if ballot.contest.has_dapil() {
        let dapil = ballot
            .dapil
            .as_ref()
            .map_or_else(String::new, |d| format!("{} ({})", d.name, d.code));
        f.push(("Daerah Pemilihan".to_string(), dapil));
    }
    f
}

fn election_line(contest: Contest) -> String {
    format!(
        "PEMILIHAN UMUM {} TAHUN 2024",
        contest.name_id().to_uppercase()
    )
}

pub fn recap_document(
    setup: &DocSetup,
    kind: RecapKind,
    tables: &[RecapTable],
    ballot: &Ballot,
    saksi: &[Saksi],
) -> Result<Pdf, DocError> {
    let contest = ballot.contest;
    let suffix = contest.form_suffix();
    let (model, title, short, doc_name, sha) = match kind {
        RecapKind::DHasil => {
            let sha = tables
                .first()
                .map(digest::d_hasil_sha256)
                .unwrap_or_default();
            (
                format!("MODEL D.HASIL KECAMATAN-{suffix}"),
                vec![
                    "RINCIAN HASIL PENGHITUNGAN PEROLEHAN SUARA DARI SETIAP DESA/KELURAHAN"
                        .to_string(),
                    format!("DI TINGKAT KECAMATAN — {}", election_line(contest)),
                ],
                format!("D.HASIL KECAMATAN-{suffix} — {}", setup.kecamatan_name),
                "d-hasil",
                sha,
            )
        }
        RecapKind::DHasilKabupaten => (
            format!("MODEL D.HASIL KABUPATEN/KOTA-{suffix}"),
            vec![
                "RINCIAN HASIL PENGHITUNGAN PEROLEHAN SUARA DARI SETIAP KECAMATAN".to_string(),
                format!("DI TINGKAT KABUPATEN/KOTA — {}", election_line(contest)),
            ],
            format!("D.HASIL KABUPATEN/KOTA-{suffix} — {}", setup.kecamatan_name),
            "d-hasil-kabupaten",
            tables
                .first()
                .map(digest::d_hasil_sha256)
                .unwrap_or_default(),
        ),
        RecapKind::Lampiran => (
            format!("LAMPIRAN MODEL D.HASIL KECAMATAN-{suffix}"),
            vec![
                "RINCIAN PEROLEHAN SUARA DARI SETIAP TPS DI DESA/KELURAHAN".to_string(),
                election_line(contest),
            ],
            format!(
                "LAMPIRAN D.HASIL KECAMATAN-{suffix} — {}",
                setup.kecamatan_name
            ),
            "lampiran",
            digest::lampiran_sha256(tables),
        ),
    };
    let marker = Marker {
        doc: doc_name.to_string(),
        contest: Some(contest.slug().to_string()),
        workspace_id: setup.workspace_id.clone(),
        sha256: sha,
        head: setup.audit_head.clone(),
    };
    // Portrait when every table fits the portrait width in one block; landscape otherwise,
    // which also gives the column blocks of a wide lampiran the most columns per page.
    let (pw, _) = setup.paper.size_mm();
    let portrait_body = pw - 2.0 * super::frame::MARGIN_X;
    let orientation = if tables
        .iter()
        .all(|t| table::fits(t, portrait_body, LABEL_PORTRAIT))
    {
        Orientation::Portrait
    } else {
        Orientation::Landscape
    };
    let label_w = match orientation {
        Orientation::Portrait => LABEL_PORTRAIT,
        Orientation::Landscape => LABEL_LANDSCAPE,
    };
    let doc = Doc::new(&model)?;
    let frame = Frame::new(setup, orientation, model, &title, short, marker)?;
    let base_fields = wilayah_fields(setup, ballot);
    let mut flow = Flow::new(&frame, doc.fonts.clone(), base_fields.clone());
    for t in tables {
        let units = rows::units(contest, &t.rows, ballot);
        let plan = table::plan(t, frame.body_width(), label_w);
        let place = match kind {
            RecapKind::DHasil | RecapKind::DHasilKabupaten => setup.place(),
            RecapKind::Lampiran => {
                let code = DesaCode::parse(&t.place_code)
                    .map_or_else(|_| t.place_code.clone(), |c| c.dotted());
                let mut f = base_fields.clone();
                f.push((
                    "Desa/Kelurahan".to_string(),
                    format!("{} ({code})", t.place_name),
                ));
                flow.fields = f;
                format!("Desa/Kelurahan {} ({code})", t.place_name)
            }
        };
        // Every desa of a lampiran starts on its own page with the full header.
        flow.new_page(true);
        table::draw(&mut flow, t, &units, &plan, &place);
        if setup.provisional {
            note_completeness(&mut flow, t);
        }
    }
    flow.fields = base_fields;
    flow.cont = format!("{} — tanda tangan", setup.place());
    let slots = signature::saksi_slots(ballot, saksi);
    signature::draw(
        &mut flow,
        setup,
        &format!("SAKSI PESERTA PEMILU {}", contest.form_suffix()),
        match contest {
            Contest::Ppwp => "PASANGAN CALON",
            Contest::Dpd => "CALON ANGGOTA DPD",
            _ => "PARTAI POLITIK",
        },
        &slots,
    );
    let (pages, overflow) = flow.finish();
    Ok(doc.save(setup, &frame, pages, overflow))
}

/// Under a provisional table: how many TPS are counted, so nobody mistakes it for final.
fn note_completeness(flow: &mut Flow<'_>, t: &RecapTable) {
    use super::canvas::{Align, Style};
    flow.ensure(6.0);
    let c = &t.completeness;
    let text = format!(
        "SEMENTARA: {} dari {} TPS disepakati; {} TPS belum ada angka, {} TPS belum disepakati (tidak dihitung).",
        c.agreed,
        c.expected,
        c.missing.len(),
        c.unagreed.len()
    );
    let y = flow.y + 4.0;
    let x = flow.frame.left();
    flow.page()
        .text(x, y, Align::Left, Style::new(7.0, true), &text);
    flow.y = y + 1.0;
}
