//! The app's log: one line per thing worth knowing after the fact (start, which workspace,
//! failed commands, how long the first screen took), in the XDG state folder
//! (`$XDG_STATE_HOME/pleno`, else `~/.local/state/pleno`), where a KPU technician looks.
//! Rotated at 1 MiB, three old files kept, so a week-long plenary cannot fill the disk.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

const FILE: &str = "pleno-desktop.log";
const ROTATE_AT: u64 = 1 << 20;
const KEEP: usize = 3;

static LOCK: Mutex<()> = Mutex::new(());

/// The log folder, from the environment (XDG base directories).
pub fn dir() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(state.join("pleno"))
}

pub fn file() -> Option<PathBuf> {
    dir().map(|d| d.join(FILE))
}

/// Appends a line (and echoes it on stderr). A log that cannot be written is not worth
/// stopping the plenary for.
pub fn line(msg: &str) {
    eprintln!("pleno-desktop: {msg}");
    let Some(path) = file() else { return };
    let _guard = LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(parent) = path.parent() {
        let _ = fs::create_dir_all(parent);
    }
    if fs::metadata(&path).is_ok_and(|m| m.len() >= ROTATE_AT) {
        rotate(&path);
    }
    if let Ok(mut f) = OpenOptions::new().create(true).append(true).open(&path) {
        let _ = writeln!(f, "{} {msg}", crate::recent::now_utc());
    }
}

/// `x.log` → `x.log.1` → … → `x.log.KEEP`, the oldest dropped.
fn rotate(path: &std::path::Path) {
    let numbered = |n: usize| PathBuf::from(format!("{}.{n}", path.display()));
    let _ = fs::remove_file(numbered(KEEP));
    for n in (1..KEEP).rev() {
        let _ = fs::rename(numbered(n), numbered(n + 1));
    }
    let _ = fs::rename(path, numbered(1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_keeps_three_old_files() {
        let dir = std::env::temp_dir().join(format!("pleno-log-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE);
        for i in 0..5 {
            fs::write(&path, format!("generation {i}")).unwrap();
            rotate(&path);
        }
        let read = |n: usize| fs::read_to_string(format!("{}.{n}", path.display())).unwrap();
        assert_eq!(read(1), "generation 4");
        assert_eq!(read(3), "generation 2");
        assert!(!PathBuf::from(format!("{}.4", path.display())).exists());
        assert!(!path.exists());
        let _ = fs::remove_dir_all(&dir);
    }
}
