//! When the process started, so the log can say how long a cold start took to the first
//! painted screen (the figure the installation check reports).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

static STARTED: OnceLock<Instant> = OnceLock::new();
static PAINTED: AtomicBool = AtomicBool::new(false);

pub fn mark() {
    STARTED.get_or_init(Instant::now);
}

/// The log line for the first paint (later calls, e.g. after a reload, say so). The wall
/// clock in milliseconds lets a script that started the process measure from before exec.
pub fn painted_line() -> String {
    let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
    let epoch_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    if PAINTED.swap(true, Ordering::Relaxed) {
        format!("layar dimuat ulang {ms} ms setelah mulai")
    } else {
        format!("layar pertama tampil {ms} ms setelah mulai (epoch_ms {epoch_ms})")
    }
}
