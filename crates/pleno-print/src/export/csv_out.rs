//! The sheets as .csv files, one per sheet, with one header row each (for scripts).

use std::path::{Path, PathBuf};

use super::{ExportError, Sheet};

/// Writes `<dir>/<file_stem>.csv` for every sheet and returns the paths. The header row joins
/// the sheet's header rows per column ("KARANGANYAR / TPS 001 / 3303…").
pub fn write_csv(dir: &Path, sheets: &[Sheet]) -> Result<Vec<PathBuf>, ExportError> {
    let mut out = Vec::new();
    for s in sheets {
        let path = dir.join(format!("{}.csv", s.file_stem));
        let fail = |detail: String| ExportError::Write {
            path: path.display().to_string(),
            detail,
        };
        let mut w = csv::Writer::from_path(&path).map_err(|e| fail(e.to_string()))?;
        let cols = s.header.first().map_or(0, Vec::len);
        let mut header = vec!["kode".to_string(), "uraian".to_string()];
        for c in 0..cols {
            let parts: Vec<&str> = s
                .header
                .iter()
                .filter_map(|h| h.get(c).map(String::as_str))
                .filter(|p| !p.is_empty())
                .collect();
            header.push(parts.join(" / "));
        }
        w.write_record(&header).map_err(|e| fail(e.to_string()))?;
        for row in &s.rows {
            let mut rec = vec![row.code.clone(), row.label.clone()];
            rec.extend(row.values.iter().map(u64::to_string));
            w.write_record(&rec).map_err(|e| fail(e.to_string()))?;
        }
        w.flush().map_err(|e| fail(e.to_string()))?;
        out.push(path);
    }
    Ok(out)
}
