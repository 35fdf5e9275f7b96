//! A photo import that fails at any durable step — before any blob write, fsync, rename or
//! commit — by a crash (the process stops there, as a power cut or a kill leaves it) or by an
//! I/O error (a full or failing disk) ends, once imported again, exactly where an uninterrupted
//! import ends: the same pages, the same readings per page, the same figures with the same
//! sources, nothing filed twice, and `verify` finds nothing wrong. Each step is tried in turn
//! (`pleno_store::failpoint`), not by random kills.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use pleno_app::demo::default_assets;
use pleno_app::demo_photos::{photograph, photographed};
use pleno_app::photos::PhotoImportReport;
use pleno_app::policy::AcceptancePolicy;
use pleno_app::{CreateOptions, Mode, Who, Workspace};
use pleno_store::failpoint::{self, Failure};

mod common;

use common::{drill_workspace, no_progress, photo_outcome as outcome};

const CHILD_WS: &str = "PLENO_FAILPOINT_WS";
const CHILD_PHOTOS: &str = "PLENO_FAILPOINT_PHOTOS";
const TEST: &str = "an_import_failing_at_any_durable_step_ends_like_an_uninterrupted_one";

fn import(ws: &Workspace, photos: &Path) -> pleno_app::AppResult<PhotoImportReport> {
    ws.import_photos(
        &Who::new("Operator PPK"),
        &[photos.to_path_buf()],
        &AtomicBool::new(false),
        &no_progress,
    )
}

/// A workspace of the demo kecamatan whose policy accepts any reading the rules let pass, so
/// that the one form imported is accepted and agreed: the acceptance's commits are among the
/// steps, and losing them is what a crash between filing and acceptance did before.
fn fresh(dir: &Path) -> PathBuf {
    let ws = dir.join("ws");
    let policy = AcceptancePolicy {
        min_field_confidence: 0.0,
        min_digit_probability: 0.0,
        min_confirmed_probability: 0.0,
        max_smear: f32::MAX,
        warnings_need_review: false,
    };
    Workspace::create(
        &ws,
        &default_assets().join("demo/referensi.xlsx"),
        &Who::new("Operator PPK"),
        &CreateOptions {
            policy,
            ..CreateOptions::default()
        },
    )
    .unwrap();
    ws
}

/// Imported again after the failure: it must end as the uninterrupted import did, and a
/// third import must find nothing left to do.
fn finish_and_compare(
    ws_dir: &Path,
    photos: &Path,
    expected: &(Vec<String>, Vec<(String, usize)>),
    case: &str,
) {
    let ws = Workspace::open(ws_dir, Mode::ReadWrite).unwrap_or_else(|e| panic!("{case}: {e}"));
    let again = import(&ws, photos).unwrap_or_else(|e| panic!("{case}: {e}"));
    assert!(again.issues.is_empty(), "{case}: {:?}", again.issues);
    assert_eq!(&outcome(&ws), expected, "{case}");
    let third = import(&ws, photos).unwrap();
    assert_eq!(
        (third.pages, third.reread, third.agreed),
        (0, 0, 0),
        "{case}: {third:?}"
    );
    let check = ws.verify_audit().unwrap();
    assert!(check.problems.is_empty(), "{case}: {:?}", check.problems);
}

#[test]
fn an_import_failing_at_any_durable_step_ends_like_an_uninterrupted_one() {
    // The child: armed by the environment, it imports until the armed step stops it.
    if let (Ok(ws), Ok(photos)) = (std::env::var(CHILD_WS), std::env::var(CHILD_PHOTOS)) {
        let ws = Workspace::open(Path::new(&ws), Mode::ReadWrite).unwrap();
        let _ = import(&ws, Path::new(&photos));
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    // One form photographed, the first of the demo's whose readings pass every rule, so that
    // it is accepted and agreed during the import.
    let (ws, hasil, election) = drill_workspace(&dir.path().join("template"), &Who::new("x"));
    drop(ws);
    let mut chosen = None;
    for (i, form) in photographed(&hasil).unwrap().iter().enumerate().take(40) {
        let photos = dir.path().join(format!("foto-{i}"));
        photograph(&photos, &hasil, &election, std::slice::from_ref(form)).unwrap();
        let ws_dir = fresh(&dir.path().join(format!("utuh-{i}")));
        let ws = Workspace::open(&ws_dir, Mode::ReadWrite).unwrap();
        failpoint::reset();
        let whole = import(&ws, &photos).unwrap();
        if whole.agreed == 1 && whole.issues.is_empty() {
            chosen = Some((photos, failpoint::reached(), outcome(&ws)));
            break;
        }
    }
    let (photos, steps, expected) = chosen.expect("a demo form whose readings pass the rules");
    assert!(
        expected.0.iter().any(|f| f.contains("OcrAccepted")),
        "{expected:?}"
    );
    assert!(steps >= 10, "only {steps} durable steps counted");

    let mut crashed = 0;
    for step in 1..=steps {
        // Crash: a child process stops dead before step `step`.
        let ws_dir = fresh(&dir.path().join(format!("crash-{step}")));
        let child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([TEST, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_WS, &ws_dir)
            .env(CHILD_PHOTOS, &photos)
            .env("PLENO_FAILPOINT", format!("{step}:crash"))
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&child.stderr);
        if !child.status.success() {
            assert!(said.contains("failpoint"), "step {step}: {said}");
            crashed += 1;
        }
        finish_and_compare(
            &ws_dir,
            &photos,
            &expected,
            &format!("crash before step {step}"),
        );

        // Error: the step fails with an I/O error and the import goes on or stops in words.
        let ws_dir = fresh(&dir.path().join(format!("error-{step}")));
        let ws = Workspace::open(&ws_dir, Mode::ReadWrite).unwrap();
        failpoint::reset();
        failpoint::arm(step, Failure::Error);
        let first = import(&ws, &photos);
        failpoint::disarm();
        if let Ok(r) = &first {
            assert!(
                !r.issues.is_empty() || failpoint::reached() < step,
                "step {step}: an injected error went unreported: {r:?}"
            );
        }
        drop(ws);
        finish_and_compare(
            &ws_dir,
            &photos,
            &expected,
            &format!("error at step {step}"),
        );
    }
    println!(
        "{steps} durable steps; each tried as a crash ({crashed} child imports stopped there) and as an I/O error; {} pages, {} readings",
        expected.1.len(),
        expected.1.iter().map(|(_, n)| n).sum::<usize>()
    );
    // Steps can be reached in another order from run to run (pages are read in parallel), but
    // each run stops at one of them.
    assert!(
        crashed as u64 >= steps * 9 / 10,
        "{crashed} of {steps} child runs crashed"
    );
}
