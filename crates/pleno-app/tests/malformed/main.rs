//! The malformed-input suite (issue 17): seeded broken photos, figure tables and bundles go
//! through `pleno read`, the photo import, the figure import and the bundle import. Every case
//! must end within its time limit, without a panic, with a refusal that has a code or a sane
//! result; a refused figure or bundle import must change nothing (the audit chain has not
//! grown) and `pleno verify` must pass at the end.
//!
//! `PLENO_MALFORMED=N` runs N cases of each kind (default 30: what CI runs);
//! `tools/malformed.sh` runs 400 of each in release and prints the figures.
//! `PLENO_MALFORMED_SEED` picks another seed; a failure names its case, which is made the same
//! way from the seed and its number alone.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

#[path = "../common/mod.rs"]
mod common;

mod bundles;
mod images;
mod rng;
mod tables;

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use pleno_app::bundle::{ExportOptions, KeyTrust, WorkstationKey, read_bundle};
use pleno_app::demo::default_assets;
use pleno_app::loose_read::{LooseRequest, read_loose};
use pleno_app::recap::kabupaten_recap;
use pleno_app::{AppError, Who, Workspace};
use pleno_store::{EventFilter, EventKind};

use rng::Rng;

fn cases() -> usize {
    std::env::var("PLENO_MALFORMED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30)
}

fn case_rng(kind: u64, i: usize) -> Rng {
    let seed = std::env::var("PLENO_MALFORMED_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2024_u64);
    Rng::new(seed ^ (kind << 48) ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D))
}

/// `PLENO_MALFORMED_SHOW=1`: print every case's outcome.
fn show() -> bool {
    std::env::var_os("PLENO_MALFORMED_SHOW").is_some()
}

enum Outcome<T> {
    Done(T),
    Panicked(String),
    Hung,
}

/// Runs `f` on its own thread; a panic or a run past `limit` is reported, not propagated.
fn guarded<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Outcome<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let out = std::panic::catch_unwind(AssertUnwindSafe(f));
        let _ = tx.send(out);
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(v)) => Outcome::Done(v),
        Ok(Err(p)) => Outcome::Panicked(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(ToString::to_string))
                .unwrap_or_default(),
        ),
        Err(_) => Outcome::Hung,
    }
}

/// What a kind of input came to: refusals by code, acceptances, the slowest case.
#[derive(Default)]
struct Tally {
    refused: BTreeMap<String, usize>,
    accepted: usize,
    slowest: Duration,
    failures: Vec<String>,
}

impl Tally {
    fn run<T: Send + 'static>(
        &mut self,
        case: &str,
        limit: Duration,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let started = Instant::now();
        let out = guarded(limit, f);
        self.slowest = self.slowest.max(started.elapsed());
        match out {
            Outcome::Done(v) => Some(v),
            Outcome::Panicked(m) => {
                self.failures.push(format!("{case}: panic: {m}"));
                None
            }
            Outcome::Hung => {
                self.failures
                    .push(format!("{case}: still running after {limit:?}"));
                None
            }
        }
    }

    fn refusal(&mut self, case: &str, e: &AppError) {
        if e.message.trim().is_empty() {
            self.failures
                .push(format!("{case}: a refusal that does not say why: {e:?}"));
        }
        *self.refused.entry(e.code.as_str().to_string()).or_default() += 1;
    }

    fn finish(self, kind: &str, n: usize) {
        eprintln!(
            "{kind}: {n} cases, {} accepted, refused {:?}, slowest {:.2} s",
            self.accepted,
            self.refused,
            self.slowest.as_secs_f64()
        );
        assert!(
            self.failures.is_empty(),
            "{kind}:\n{}",
            self.failures.join("\n")
        );
    }
}

/// The newest audit event's number: it grows with every change a workspace keeps.
fn head(ws: &Workspace) -> i64 {
    ws.audit(&EventFilter {
        newest_first: true,
        limit: 1,
        ..EventFilter::default()
    })
    .unwrap()
    .first()
    .map_or(0, |e| e.seq.0)
}

fn entries_added(ws: &Workspace) -> usize {
    ws.audit(&EventFilter {
        kind: Some(EventKind::EntriesAdded),
        limit: u32::MAX,
        ..EventFilter::default()
    })
    .unwrap()
    .len()
}

fn verified(ws: &Workspace) {
    let report = ws.verify_audit().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn broken_photos_are_refused_by_code_and_never_become_figures() {
    let n = cases();
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator");
    let ws = Arc::new(common::demo_workspace(dir.path(), &who));
    let photos = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/photos");
    let bases: Vec<Vec<u8>> = [
        "ppwp-102-clean.jpg",
        "ppwp-101-phone.jpg",
        "ppwp-102-poor.jpg",
    ]
    .iter()
    .map(|f| std::fs::read(photos.join(f)).unwrap())
    .collect();
    // Outside any TPS folder: however a photo reads, it cannot be filed as a form's figures.
    let folder = dir.path().join("foto/lain-lain");
    std::fs::create_dir_all(&folder).unwrap();
    let figures = entries_added(&ws);
    let mut tally = Tally::default();
    for i in 0..n {
        let (name, bytes) = images::broken_image(&mut case_rng(1, i), &bases);
        let path: PathBuf = folder.join(format!("{i:04}-{name}"));
        std::fs::write(&path, &bytes).unwrap();
        let case = format!("foto {i} ({name}, {} bytes)", bytes.len());
        let read = path.clone();
        let loose = tally.run(&case, Duration::from_mins(2), move || {
            let request = LooseRequest {
                images: vec![read],
                json: true,
                debug: None,
                expect_page: None,
                corners: None,
                layouts: Vec::new(),
                kinds: Vec::new(),
            };
            read_loose(&request, &mut |_| {})
        });
        if let Some(Err(e)) = &loose {
            tally.refusal(&case, e);
        }
        let w = Arc::clone(&ws);
        let actor = who.clone();
        let imported = tally.run(&case, Duration::from_mins(2), move || {
            w.import_photos(&actor, &[path], &AtomicBool::new(false), &|_| {})
        });
        match imported {
            Some(Ok(report)) => {
                if report.identified > 0 {
                    tally.failures.push(format!(
                        "{case}: filed to a TPS from outside any TPS folder"
                    ));
                }
                for issue in &report.issues {
                    *tally.refused.entry(issue.code.clone()).or_default() += 1;
                }
                tally.accepted += report.pages - report.rejected;
            }
            Some(Err(e)) => tally.refusal(&case, &e),
            None => {}
        }
    }
    assert_eq!(entries_added(&ws), figures, "a broken photo became figures");
    verified(&ws);
    tally.finish("photos", n);
}

#[test]
fn broken_figure_tables_are_refused_whole_and_change_nothing() {
    let n = cases();
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new("Operator");
    let ws = Arc::new(common::demo_workspace(dir.path(), &who));
    let base = tables::base_grid(&default_assets().join("demo/hasil.xlsx"), 8);
    let mut tally = Tally::default();
    for i in 0..n {
        let case_dir = dir.path().join(format!("tabel-{i:04}"));
        std::fs::create_dir_all(&case_dir).unwrap();
        let path = tables::broken_table(&mut case_rng(2, i), &base, &case_dir);
        let case = format!("tabel {i} ({})", path.display());
        let before = head(&ws);
        let w = Arc::clone(&ws);
        let actor = who.clone();
        match tally.run(&case, Duration::from_mins(1), move || {
            w.import_figures(&actor, &path, &[])
        }) {
            Some(Ok(_)) => tally.accepted += 1,
            Some(Err(e)) => {
                if show() {
                    eprintln!("{case}: {e}");
                }
                tally.refusal(&case, &e);
                if head(&ws) != before {
                    tally
                        .failures
                        .push(format!("{case}: refused ({e}) but the workspace changed"));
                }
            }
            None => {}
        }
    }
    verified(&ws);
    tally.finish("tables", n);
}

#[test]
fn broken_bundles_are_refused_whole_and_change_nothing() {
    let n = cases();
    let dir = tempfile::tempdir().unwrap();
    let clerk = Who::new("Sekretariat PPK");
    let ppk = common::demo_workspace(&dir.path().join("ppk"), &clerk);
    ppk.import_figures(&clerk, &default_assets().join("demo/hasil.xlsx"), &[])
        .unwrap();
    let good_path = dir.path().join("baik.pleno");
    let report = ppk
        .export_bundle(&ExportOptions {
            dest: Some(good_path.clone()),
            without_images: true,
            with_crops: false,
        })
        .unwrap();
    let key = WorkstationKey::load(&dir.path().join("ppk/ws")).unwrap();
    let checked = read_bundle(&good_path).unwrap();
    let good = bundles::Good {
        raw: std::fs::read(&good_path).unwrap(),
        manifest: checked.manifest,
        files: checked.files,
    };
    let who = Who::new("Operator KPU");
    let kab = Arc::new(
        Workspace::create_kabupaten(
            &dir.path().join("kab"),
            &good_path,
            &who,
            &KeyTrust {
                fingerprint: Some(report.fingerprint.clone()),
                replace: false,
                new_chain: false,
            },
        )
        .unwrap(),
    );
    let figures = |ws: &Workspace| format!("{:?}", ws.read(kabupaten_recap).unwrap());
    let agreed = figures(&kab);
    let mut tally = Tally::default();
    for i in 0..n {
        let out = dir.path().join(format!("paket-{i:04}.pleno"));
        let (path, what) = bundles::broken_bundle(&mut case_rng(3, i), &good, &key, &out);
        let case = format!("paket {i} ({what})");
        let before = head(&kab);
        let w = Arc::clone(&kab);
        let actor = who.clone();
        match tally.run(&case, Duration::from_mins(1), move || {
            w.import_bundle(&actor, &path, &KeyTrust::default())
        }) {
            Some(Ok(_)) => {
                if show() {
                    eprintln!("{case}: accepted");
                }
                // Whatever a re-signed bundle may still carry, the kecamatan's figures are the
                // PPK's: an accepted change can only be in its records, never in the totals.
                if figures(&kab) != agreed {
                    tally
                        .failures
                        .push(format!("{case}: accepted with other figures"));
                }
                tally.accepted += 1;
            }
            Some(Err(e)) => {
                tally.refusal(&case, &e);
                if head(&kab) != before {
                    tally
                        .failures
                        .push(format!("{case}: refused ({e}) but the workspace changed"));
                }
            }
            None => {}
        }
    }
    verified(&kab);
    tally.finish("bundles", n);
}
