//! Failure injection at every durable step of a write: each blob write, fsync and rename and
//! each transaction's commit calls [`step`] first. Built with the `failpoints` feature (the
//! tests' builds only), a test arms step N to crash the process there (`abort`, as a power cut
//! or a kill would leave it) or to fail with an I/O error (a full or failing disk), then checks
//! that the resumed or repeated import ends exactly where an uninterrupted one does
//! (`pleno-app/tests/import_failpoints.rs`). Without the feature every step is a no-op.

use std::io;

#[cfg(feature = "failpoints")]
mod armed {
    use std::io;
    use std::sync::Once;
    use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

    use super::Failure;

    static COUNT: AtomicU64 = AtomicU64::new(0);
    static AT: AtomicU64 = AtomicU64::new(0);
    static HOW: AtomicU8 = AtomicU8::new(0);
    static FROM_ENV: Once = Once::new();

    /// Arms step `at` (counted from the next [`reset`]) to fail as `how`.
    pub fn arm(at: u64, how: Failure) {
        HOW.store(how as u8, Ordering::SeqCst);
        AT.store(at, Ordering::SeqCst);
    }

    pub fn disarm() {
        AT.store(0, Ordering::SeqCst);
    }

    pub fn reset() {
        COUNT.store(0, Ordering::SeqCst);
    }

    /// Steps reached since the last [`reset`].
    pub fn reached() -> u64 {
        COUNT.load(Ordering::SeqCst)
    }

    /// `PLENO_FAILPOINT=N:crash|error` arms a child process the test starts.
    fn from_env() {
        FROM_ENV.call_once(|| {
            let Ok(spec) = std::env::var("PLENO_FAILPOINT") else {
                return;
            };
            let (n, how) = spec.split_once(':').unwrap_or((spec.as_str(), "crash"));
            if let Ok(n) = n.parse() {
                arm(
                    n,
                    if how == "error" {
                        Failure::Error
                    } else {
                        Failure::Crash
                    },
                );
            }
        });
    }

    pub fn step(what: &str) -> io::Result<()> {
        from_env();
        let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
        if n != AT.load(Ordering::SeqCst) {
            return Ok(());
        }
        if HOW.load(Ordering::SeqCst) == Failure::Crash as u8 {
            eprintln!("failpoint {n}: berhenti mendadak sebelum {what}");
            std::process::abort();
        }
        Err(io::Error::other(format!(
            "kegagalan disuntikkan pada langkah {n}: {what}"
        )))
    }
}

/// How an armed step fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The process stops there (`abort`): nothing after it happens.
    Crash = 1,
    /// The step answers an I/O error.
    Error = 2,
}

#[cfg(feature = "failpoints")]
pub use armed::{arm, disarm, reached, reset};

/// A durable step about to happen (`what`, for the message).
#[inline]
pub fn step(what: &str) -> io::Result<()> {
    #[cfg(feature = "failpoints")]
    {
        armed::step(what)
    }
    #[cfg(not(feature = "failpoints"))]
    {
        let _ = what;
        Ok(())
    }
}
