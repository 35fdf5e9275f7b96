//! The recently opened workspaces (newest first), kept in the app's config folder.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};

use pleno_app::Workspace;

const FILE: &str = "recent.json";
const KEEP: usize = 8;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Recent {
    pub dir: String,
    pub kecamatan: String,
    pub opened_at: String,
}

fn file(app: &AppHandle) -> Option<PathBuf> {
    app.path().app_config_dir().ok().map(|d| d.join(FILE))
}

pub fn list(app: &AppHandle) -> Vec<Recent> {
    file(app)
        .and_then(|f| std::fs::read(f).ok())
        .and_then(|b| serde_json::from_slice::<Vec<Recent>>(&b).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|r| std::path::Path::new(&r.dir).exists())
        .collect()
}

/// Puts `ws` at the top of the list. Failing to write the list is not worth an error.
pub fn remember(app: &AppHandle, ws: &Workspace) {
    let Some(path) = file(app) else { return };
    let kecamatan = ws.summary().map(|s| s.kecamatan).unwrap_or_default();
    let entry = Recent {
        dir: ws.dir().display().to_string(),
        kecamatan,
        opened_at: now_utc(),
    };
    let updated = merge(list(app), entry);
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Ok(bytes) = serde_json::to_vec_pretty(&updated) {
        let _ = std::fs::write(path, bytes);
    }
}

fn merge(mut list: Vec<Recent>, entry: Recent) -> Vec<Recent> {
    list.retain(|r| r.dir != entry.dir);
    list.insert(0, entry);
    list.truncate(KEEP);
    list
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339(secs)
}

/// Civil date from days since 1970 (Howard Hinnant's algorithm).
fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_709_190_309), "2024-02-29T07:05:09Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn newest_first_without_duplicates() {
        let r = |d: &str| Recent {
            dir: d.into(),
            kecamatan: "K".into(),
            opened_at: String::new(),
        };
        let list = merge(vec![r("/a"), r("/b")], r("/b"));
        assert_eq!(
            list.iter().map(|x| x.dir.as_str()).collect::<Vec<_>>(),
            ["/b", "/a"]
        );
        let many = (0..20).fold(Vec::new(), |l, i| merge(l, r(&format!("/{i}"))));
        assert_eq!(many.len(), KEEP);
        assert_eq!(many[0].dir, "/19");
    }
}
