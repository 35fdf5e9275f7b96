//! Which files an import takes, and which TPS a file's path names. Offices file photos as
//! `…/3303190001001/…` (the 13-digit code SIREKAP prints) or `…/Desa Sukamaju/TPS 003/…`;
//! anything else is left for the clerk to assign.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use pleno_core::reference::Election;
use pleno_core::wilayah::TpsCode;

use crate::error::{AppError, AppResult, ErrorCode};

/// File name endings the reader decodes.
pub const IMAGE_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "tif", "tiff", "pdf"];

fn is_image(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Every image file under `paths` (files as given, folders recursively), sorted and without
/// repeats, so an interrupted import resumes over the same list.
pub fn collect_files(paths: &[PathBuf]) -> AppResult<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            AppError::new(
                ErrorCode::FileNotFound,
                format!(
                    "{} tidak dapat dibuka ({}); periksa nama dan letaknya",
                    p.display(),
                    os_reason(&e)
                ),
            )
        })?;
        if meta.is_dir() {
            walk(p, &mut out, &mut HashSet::new())?;
        } else if meta.is_file() {
            out.push(p.clone());
        } else {
            return Err(AppError::new(
                ErrorCode::FileNotFound,
                format!(
                    "{} bukan berkas foto atau folder biasa; pilih foto atau folder fotonya",
                    p.display()
                ),
            ));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The system's reason in the clerk's words (the OS text is English).
fn os_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "tidak ada".to_string(),
        ErrorKind::PermissionDenied => "tidak ada izin membaca".to_string(),
        ErrorKind::NotADirectory => "bukan folder".to_string(),
        _ => format!("galat sistem: {e}"),
    }
}

/// Walks `dir` for images. A folder reached twice (a symbolic link back up the tree) is walked
/// once, and only regular files are taken: a named pipe would block the import forever.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut HashSet<PathBuf>) -> AppResult<()> {
    if !seen.insert(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())) {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        AppError::new(
            ErrorCode::FileNotFound,
            format!(
                "folder {} tidak dapat dibaca ({}); periksa nama dan izinnya",
                dir.display(),
                os_reason(&e)
            ),
        )
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if is_hidden(&path) {
            continue;
        }
        // Follows links, as a clerk's shortcut to a folder should be followed.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, out, seen)?;
        } else if meta.is_file() && is_image(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// The TPS a path names, if it names exactly one TPS of this kecamatan.
pub fn tps_from_path(path: &Path, election: &Election) -> Option<TpsCode> {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
        .collect();
    // A 13-digit run anywhere (folder or file name) is the SIREKAP TPS code.
    for part in parts.iter().rev() {
        for run in digit_runs(part) {
            if run.len() == 13
                && let Ok(code) = TpsCode::parse(run)
                && known(&code, election)
            {
                return Some(code);
            }
        }
    }
    // Else a desa (by name or 10-digit code) followed somewhere below by "TPS n".
    for (i, part) in parts.iter().enumerate() {
        let Some(desa) = election.kecamatan.desa.iter().find(|d| {
            squash(part) == squash(&d.name.to_lowercase())
                || digit_runs(part).any(|r| r == d.code.as_str())
        }) else {
            continue;
        };
        for below in &parts[i + 1..] {
            if let Some(n) = tps_number(below)
                && let Ok(code) = desa.code.tps(n)
                && known(&code, election)
            {
                return Some(code);
            }
        }
    }
    None
}

fn known(code: &TpsCode, election: &Election) -> bool {
    election
        .kecamatan
        .desa
        .iter()
        .any(|d| d.tps.iter().any(|t| &t.code == code))
}

fn digit_runs(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
}

/// "desa sukamaju" and "Desa_Suka-Maju" name the same desa.
fn squash(s: &str) -> String {
    let s: String = s.chars().filter(char::is_ascii_alphanumeric).collect();
    s.strip_prefix("desa")
        .or_else(|| s.strip_prefix("kelurahan"))
        .or_else(|| s.strip_prefix("kel"))
        .unwrap_or(&s)
        .to_string()
}

/// "tps 003", "TPS_3", "tps3.jpg" → 3.
fn tps_number(part: &str) -> Option<u16> {
    let rest = part.strip_prefix("tps")?;
    let rest = rest.trim_start_matches([' ', '_', '-', '.']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn election() -> Election {
        let path = crate::demo::default_assets().join("demo/referensi.xlsx");
        crate::import::load_reference(&path).unwrap()
    }

    #[test]
    fn a_link_back_up_the_tree_and_a_named_pipe_do_not_hang_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        let tps = dir.path().join("foto/TPS 001");
        std::fs::create_dir_all(&tps).unwrap();
        std::fs::write(tps.join("ppwp-1.jpg"), b"x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("foto"), tps.join("kembali")).unwrap();
        let fifo = tps.join("pipa.jpg");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let files = collect_files(&[dir.path().join("foto")]).unwrap();
        assert_eq!(files, [tps.join("ppwp-1.jpg")]);
        // Named directly, the pipe is refused in words rather than read forever.
        let err = collect_files(&[fifo]).unwrap_err();
        assert!(
            err.message.contains("bukan berkas foto atau folder biasa"),
            "{err}"
        );
    }

    #[test]
    fn thirteen_digit_code_in_a_folder_or_file_name() {
        let e = election();
        let tps = &e.kecamatan.desa[2].tps[4].code;
        let p = PathBuf::from(format!("/foto/{}/ppwp-1.jpg", tps.as_str()));
        assert_eq!(tps_from_path(&p, &e).as_ref(), Some(tps));
        let p = PathBuf::from(format!("/foto/C_HASIL_{}_DPR.jpeg", tps.as_str()));
        assert_eq!(tps_from_path(&p, &e).as_ref(), Some(tps));
    }

    #[test]
    fn desa_name_then_tps_folder() {
        let e = election();
        let desa = &e.kecamatan.desa[1];
        let p = PathBuf::from(format!("/foto/Desa {}/TPS 002/IMG_0001.jpg", desa.name));
        assert_eq!(tps_from_path(&p, &e), Some(desa.tps[1].code.clone()));
        let p = PathBuf::from(format!("/foto/{}/tps_2.jpg", desa.name.to_uppercase()));
        assert_eq!(tps_from_path(&p, &e), Some(desa.tps[1].code.clone()));
    }

    #[test]
    fn unknown_or_foreign_codes_are_left_to_the_clerk() {
        let e = election();
        assert_eq!(
            tps_from_path(Path::new("/foto/IMG_20240214_1532.jpg"), &e),
            None
        );
        assert_eq!(
            tps_from_path(Path::new("/foto/9999999999999.jpg"), &e),
            None
        );
        let desa = &e.kecamatan.desa[0];
        let p = PathBuf::from(format!("/foto/{}/TPS 999/a.jpg", desa.name));
        assert_eq!(tps_from_path(&p, &e), None);
    }

    #[test]
    fn folders_are_walked_recursively_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        for f in ["b/c/2.JPG", "b/1.png", "a.tif", "notes.txt", ".hidden.jpg"] {
            std::fs::write(dir.path().join(f), b"x").unwrap();
        }
        let files = collect_files(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.tif", "b/1.png", "b/c/2.JPG"]);
        let err = collect_files(&[dir.path().join("nope")]).unwrap_err();
        assert_eq!(err.code, "file_not_found");
    }
}
