//! Importing photographs and scans of C.Hasil pages: every file is kept byte for byte (blob +
//! SHA-256), read by the reader, and filed as a page of a TPS form with its machine readings.
//! The reader computes; what becomes an agreed figure is decided here, under the policy.
//!
//! Interrupting an import loses nothing: a file counts as imported once its page row exists
//! (blob, page and readings are written before the next file starts), and importing the same
//! files again skips what is already there instead of duplicating it.

mod accept;
mod crop_sheet;
pub mod paths;
mod read;
mod view;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::Serialize;

use pleno_core::Contest;
use pleno_core::wilayah::TpsCode;
use pleno_store::{BlobHash, Filing, NewPage, PageFilter, PageIdentity, PageStatus};

use crate::error::AppResult;
use crate::events::AppEvent;
use crate::workspace::{Who, Workspace};

pub use accept::box_probabilities;
pub(crate) use accept::reading_passes;
pub use crop_sheet::{CropSheet, cut as cut_crop};
pub use read::{PageRead, read_photo};
pub use view::{FieldBoxes, PageGeometry, PageView};

/// One file the import could not use as it is, and why (shown in the Unggah screen).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportIssue {
    pub file: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PhotoImportReport {
    pub files: usize,
    /// New pages filed (identified, unidentified or rejected).
    pub pages: usize,
    pub identified: usize,
    /// Read, but the TPS is unknown: the clerk assigns it.
    pub unidentified: usize,
    /// Refused by the reader (quality, marks, tag); the photo is kept with the reason.
    pub rejected: usize,
    /// Same bytes already in the workspace: not filed again.
    pub already_imported: usize,
    /// Of those, identified pages without readings (filed by a version that stored readings
    /// apart from the page, when it was interrupted in between): read again now.
    pub reread: usize,
    pub issues: Vec<ImportIssue>,
    /// Forms whose readings the policy accepted and agreed.
    pub agreed: usize,
    /// Forms (with a new page, or filed before and without any figure yet) left for a person.
    pub to_review: usize,
    pub cancelled: bool,
}

/// Progress as the Unggah screen shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
    pub current: String,
    pub per_minute: Option<f64>,
    pub eta_seconds: Option<u64>,
}

fn display_name(root_hint: &[PathBuf], file: &Path) -> String {
    for r in root_hint {
        if let Ok(rel) = file.strip_prefix(r)
            && !rel.as_os_str().is_empty()
        {
            let base = r.file_name().map(|n| n.to_string_lossy().into_owned());
            return match base {
                Some(b) => format!("{b}/{}", rel.display()),
                None => rel.display().to_string(),
            };
        }
    }
    file.display().to_string()
}

impl Workspace {
    /// Imports the image files under `paths` (folders recursively). Reading runs on all cores;
    /// the store is written one file at a time. `cancel` stops after the file in hand.
    pub fn import_photos(
        &self,
        who: &Who,
        paths: &[PathBuf],
        cancel: &AtomicBool,
        progress: &dyn Fn(&ImportProgress),
    ) -> AppResult<PhotoImportReport> {
        let files = paths::collect_files(paths)?;
        let election = self.query(pleno_store::Store::election)?;
        // Built once per import: every photo is read against the same forms.
        let catalogues = self.catalogues();
        let calibrated = self.calibrated_layouts()?;
        let reader = pleno_reader::Reader::with_model(self.digit_model()?);
        let prototypes = self.prototypes(reader.model())?;
        let mut report = PhotoImportReport {
            files: files.len(),
            ..PhotoImportReport::default()
        };
        let mut touched: BTreeSet<(TpsCode, Contest)> = BTreeSet::new();
        let mut filed: Vec<pleno_store::PageId> = Vec::new();
        let started = Instant::now();
        let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let mut done = 0;
        // The same bytes twice in one import (a photo copied into two folders) are filed once;
        // the copy is named in the report instead of counted as imported before.
        let mut first_of: std::collections::HashMap<BlobHash, String> =
            std::collections::HashMap::new();
        for chunk in files.chunks(workers) {
            if cancel.load(Ordering::SeqCst) {
                report.cancelled = true;
                break;
            }
            // Files already filed are skipped before the (slow) reading.
            let todo: Vec<(&PathBuf, std::io::Result<Vec<u8>>)> =
                chunk.iter().map(|f| (f, std::fs::read(f))).collect();
            let mut fresh = Vec::new();
            for (file, bytes) in todo {
                let name = display_name(paths, file);
                match bytes {
                    Err(e) => report.issues.push(ImportIssue {
                        file: name,
                        code: "file_unreadable".into(),
                        message: format!(
                            "berkas tidak dapat dibaca ({e}); salin ulang dari kartu memori"
                        ),
                    }),
                    Ok(bytes) if pleno_reader::pdf::is_pdf(&bytes) => {
                        self.split_pdf(
                            who,
                            file,
                            &name,
                            &bytes,
                            &mut fresh,
                            &mut report,
                            &mut touched,
                        )?;
                    }
                    Ok(bytes) => {
                        let hash = BlobHash::of(&bytes);
                        if let Some(first) = first_of.get(&hash) {
                            report.issues.push(ImportIssue {
                                message: format!(
                                    "sama persis dengan {first}; dicatat sekali saja. Bila ini foto TPS lain, foto ulang halamannya"
                                ),
                                file: name,
                                code: "duplicate_file".into(),
                            });
                        } else if self.query(|s| s.pages_of_blob(&hash))?.is_empty() {
                            first_of.insert(hash, name.clone());
                            fresh.push((file, name, bytes));
                        } else {
                            report.already_imported += 1;
                            self.resume_filed(who, &hash, &name, &mut report, &mut touched)?;
                        }
                    }
                }
            }
            let reads: Vec<PageRead> = std::thread::scope(|s| {
                let handles: Vec<_> = fresh
                    .iter()
                    .map(|(_, _, bytes)| {
                        s.spawn(|| {
                            read_photo(
                                &reader,
                                bytes,
                                &catalogues,
                                &calibrated,
                                prototypes.as_deref(),
                            )
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|_| PageRead::crashed()))
                    .collect()
            });
            for ((file, name, bytes), outcome) in fresh.iter().zip(reads) {
                let tps = paths::tps_from_path(file, &election);
                filed.push(self.file_page(
                    who,
                    name,
                    bytes,
                    tps.as_ref(),
                    &outcome,
                    &mut report,
                    &mut touched,
                )?);
            }
            done += chunk.len();
            let secs = started.elapsed().as_secs_f64();
            let per_minute = (secs > 0.5).then(|| done as f64 * 60.0 / secs);
            let p = ImportProgress {
                done,
                total: files.len(),
                current: chunk
                    .last()
                    .map(|f| display_name(paths, f))
                    .unwrap_or_default(),
                per_minute,
                eta_seconds: per_minute
                    .filter(|r| *r > 0.0)
                    .map(|r| ((files.len() - done) as f64 * 60.0 / r).round() as u64),
            };
            progress(&p);
        }
        self.pair_halves(who, &filed, &mut report, &mut touched)?;
        let (agreed, left) = self.accept_readings(&touched)?;
        report.agreed = agreed;
        report.to_review = left;
        for (tps, contest) in touched {
            self.notify(AppEvent::FormChanged { tps, contest });
        }
        Ok(report)
    }

    /// A scanned PDF: the file itself is kept as it came (its own blob), and each page is
    /// rendered to a PNG that is filed as a page of its own, named "<file> halaman N". A PDF
    /// that cannot be rendered is filed as one rejected page holding the PDF, with the reason.
    #[allow(clippy::too_many_arguments)] // the import loop's state, passed through; internal
    fn split_pdf<'f>(
        &self,
        who: &Who,
        file: &'f PathBuf,
        name: &str,
        bytes: &[u8],
        fresh: &mut Vec<(&'f PathBuf, String, Vec<u8>)>,
        report: &mut PhotoImportReport,
        touched: &mut BTreeSet<(TpsCode, Contest)>,
    ) -> AppResult<()> {
        match pleno_reader::pdf::render_pages(bytes) {
            Err(r) => {
                if self
                    .query(|s| s.pages_of_blob(&BlobHash::of(bytes)))?
                    .is_empty()
                {
                    let refused = PageRead::Rejected {
                        code: r.code().to_string(),
                        message: r.to_string(),
                    };
                    let mut untouched = BTreeSet::new();
                    self.file_page(who, name, bytes, None, &refused, report, &mut untouched)?;
                } else {
                    report.already_imported += 1;
                }
            }
            Ok(pages) => {
                self.writable()?.put_blob(&who.actor, bytes)?;
                for (i, png) in pages.into_iter().enumerate() {
                    let hash = BlobHash::of(&png);
                    let page_name = format!("{name} halaman {}", i + 1);
                    if self.query(|s| s.pages_of_blob(&hash))?.is_empty() {
                        fresh.push((file, page_name, png));
                    } else {
                        report.already_imported += 1;
                        self.resume_filed(who, &hash, &page_name, report, touched)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// A photo filed by an earlier import: an identified page of it that has no readings (an
    /// older version stored them apart and was interrupted in between) is read again, and its
    /// form is offered to automatic acceptance again if nobody has entered a figure for it, so
    /// an interrupted import resumed ends where an uninterrupted one does.
    fn resume_filed(
        &self,
        who: &Who,
        hash: &BlobHash,
        name: &str,
        report: &mut PhotoImportReport,
        touched: &mut BTreeSet<(TpsCode, Contest)>,
    ) -> AppResult<()> {
        for id in self.query(|s| s.pages_of_blob(hash))? {
            let page = self.query(|s| s.page(id))?;
            let (PageStatus::Identified, Some(tps), Some(contest)) =
                (page.status, page.tps.clone(), page.contest)
            else {
                continue;
            };
            let has_fields = match page.page_code {
                Some(code) => self.query(|s| {
                    s.catalogue(contest)
                        .map(|c| c.page_fields(code).next().is_some())
                })?,
                None => false,
            };
            if has_fields && self.query(|s| s.readings(id))?.is_empty() {
                match self.reread_page(who, id, None) {
                    Ok(_) => report.reread += 1,
                    Err(e) => report.issues.push(ImportIssue {
                        file: name.to_string(),
                        code: e.code.as_str().to_string(),
                        message: format!(
                            "halaman #{} tanpa hasil baca; dibaca ulang gagal: {}",
                            id.0, e.message
                        ),
                    }),
                }
            }
            if self.query(|s| s.form_history(&tps, contest))?.is_empty() {
                touched.insert((tps, contest));
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)] // the one place a read page becomes rows; internal
    fn file_page(
        &self,
        who: &Who,
        name: &str,
        bytes: &[u8],
        tps: Option<&TpsCode>,
        outcome: &PageRead,
        report: &mut PhotoImportReport,
        touched: &mut BTreeSet<(TpsCode, Contest)>,
    ) -> AppResult<pleno_store::PageId> {
        let mut store = self.writable()?;
        let blob = store.put_blob(&who.actor, bytes)?.hash;
        report.pages += 1;
        match outcome {
            PageRead::Rejected { code, message } => {
                let id = store.file_page(
                    &who.actor,
                    &NewPage {
                        blob,
                        source_path: name.to_string(),
                        identity: None,
                        reason: Some(message.clone()),
                        geometry: None,
                    },
                    &Filing::Rejected { code, message },
                )?;
                report.rejected += 1;
                report.issues.push(ImportIssue {
                    file: name.to_string(),
                    code: code.clone(),
                    message: message.clone(),
                });
                Ok(id)
            }
            PageRead::Read {
                page_code,
                contest,
                geometry,
                readings,
                model_version,
                crops,
            } => {
                let readings = with_crops(&mut store, who, crops.as_ref(), readings)?;
                let identity = tps.cloned().map(|tps| PageIdentity {
                    tps,
                    contest: *contest,
                    page_code: *page_code,
                });
                let reason = identity.is_none().then(|| {
                    format!(
                        "halaman {} terbaca, tetapi TPS-nya tidak tertulis di nama folder/berkas; tetapkan TPS-nya",
                        page_code.0
                    )
                });
                let id = store.file_page(
                    &who.actor,
                    &NewPage {
                        blob,
                        source_path: name.to_string(),
                        identity: identity.clone(),
                        reason,
                        geometry: Some(geometry.clone()),
                    },
                    &Filing::Read {
                        model_version,
                        readings: &readings,
                    },
                )?;
                if let Some(identity) = identity {
                    report.identified += 1;
                    touched.insert((identity.tps, identity.contest));
                } else {
                    report.unidentified += 1;
                }
                Ok(id)
            }
        }
    }

    /// Sheets photographed in two halves: a refused photo filed under a TPS where a half of
    /// one page (and only one) was identified is read again as that page — the half without
    /// the tag takes its identity from the half with it.
    fn pair_halves(
        &self,
        who: &Who,
        filed: &[pleno_store::PageId],
        report: &mut PhotoImportReport,
        touched: &mut BTreeSet<(TpsCode, Contest)>,
    ) -> AppResult<()> {
        let election = self.query(pleno_store::Store::election)?;
        for &id in filed {
            let page = self.query(|s| s.page(id))?;
            if page.status != PageStatus::Rejected {
                continue;
            }
            let Some(tps) = paths::tps_from_path(Path::new(&page.source_path), &election) else {
                continue;
            };
            let halves = self.query(|s| {
                s.pages(&PageFilter {
                    tps: Some(tps.clone()),
                    contest: None,
                    status: Some(PageStatus::Identified),
                })
            })?;
            let mut codes: Vec<u16> = halves
                .iter()
                .filter(|p| {
                    p.geometry.as_ref().and_then(|g| g.get("partial"))
                        == Some(&serde_json::Value::Bool(true))
                })
                .filter_map(|p| p.page_code.map(|c| c.0))
                .collect();
            codes.sort_unstable();
            codes.dedup();
            let [code] = codes[..] else {
                continue;
            };
            if let Ok(view) = self.reread_as(who, id, None, Some(code)) {
                report.rejected -= 1;
                report.identified += 1;
                report.issues.retain(|i| i.file != page.source_path);
                if let (Some(t), Some(c)) = (view.page.tps, view.page.contest) {
                    touched.insert((t, c));
                }
            }
        }
        Ok(())
    }

    /// Starts [`Workspace::import_photos`] in the background; progress goes to the job table
    /// and to listeners as events. Returns the job id; a path that cannot be opened is refused
    /// here, before any job, with its name.
    pub fn start_photo_import(self: &Arc<Self>, who: Who, paths: Vec<PathBuf>) -> AppResult<u64> {
        let total = paths::collect_files(&paths)?.len();
        let (job, cancel) = self.jobs().start("impor foto", total);
        let ws = Arc::clone(self);
        std::thread::spawn(move || {
            let progress = |p: &ImportProgress| {
                ws.jobs().update(job, |s| {
                    s.done = p.done;
                    s.total = p.total;
                    s.current.clone_from(&p.current);
                });
                ws.notify(AppEvent::JobProgress {
                    job,
                    done: p.done,
                    total: p.total,
                    current: p.current.clone(),
                    eta_seconds: p.eta_seconds,
                    per_minute: p.per_minute,
                });
            };
            let result = ws.import_photos(&who, &paths, &cancel, &progress);
            let (cancelled, failed, summary) = match result {
                Ok(r) => (
                    r.cancelled,
                    false,
                    format!(
                        "{} berkas: {} halaman baru ({} dikenali, {} tanpa TPS, {} ditolak), {} sudah ada; {} formulir disepakati otomatis, {} perlu diperiksa",
                        r.files,
                        r.pages,
                        r.identified,
                        r.unidentified,
                        r.rejected,
                        r.already_imported,
                        r.agreed,
                        r.to_review
                    ),
                ),
                Err(e) => (
                    false,
                    true,
                    format!(
                        "Impor gagal: {}. Halaman yang sudah masuk tetap tersimpan.",
                        e.message
                    ),
                ),
            };
            ws.jobs().update(job, |s| {
                s.finished = true;
                s.cancelled = cancelled;
                s.failed = failed;
                s.summary = Some(summary.clone());
            });
            ws.notify(AppEvent::JobFinished {
                job,
                cancelled,
                failed,
                summary,
            });
        });
        Ok(job)
    }

    /// Pages of the workspace filed from photos, for the Unggah list.
    pub fn pages(&self, filter: &PageFilter) -> AppResult<Vec<pleno_store::Page>> {
        self.query(|s| s.pages(filter))
    }
}

/// The readings pointing at their crops, once the photo's crop sheet is stored beside it.
/// Without a sheet (nothing cropped whole) they are filed as they are.
pub(crate) fn with_crops(
    store: &mut pleno_store::Store,
    who: &Who,
    crops: Option<&CropSheet>,
    readings: &[pleno_store::NewReading],
) -> AppResult<Vec<pleno_store::NewReading>> {
    Ok(match crops {
        Some(sheet) => {
            let blob = store.put_blob(&who.actor, &sheet.png)?.hash;
            sheet.attach(&blob, readings)
        }
        None => readings.to_vec(),
    })
}
