//! Broken figure tables: the demo's PPWP figures for a few TPS, with cells a person or another
//! program might write (decimals, exponents, formulas, far-away cells, doubled headers and
//! rows), saved as a workbook or a CSV folder, sometimes damaged as bytes.

use std::path::{Path, PathBuf};

use calamine::{Reader, open_workbook_auto};
use rust_xlsxwriter::{Formula, Workbook};

use super::rng::Rng;

/// The demo's `ppwp` sheet, header and the first `rows` TPS, as text.
pub fn base_grid(hasil: &Path, rows: usize) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(hasil).unwrap();
    let range = wb.worksheet_range("ppwp").unwrap();
    range
        .rows()
        .take(rows + 1)
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect()
}

const ODD: &[&str] = &[
    "12.5",
    "1.5",
    "1e2",
    "-3",
    "1000",
    "99999999999999999999",
    "",
    " 7 ",
    "abc",
    "0x10",
    "½",
    "１２",
    "NaN",
    "inf",
    "1.234",
    "007",
    "12,5",
    "=1+1",
    "\u{0}",
    "7\n8",
];

/// Writes one broken table under `dir` and returns the path to import (a workbook file or a
/// folder of CSV files).
pub fn broken_table(rng: &mut Rng, base: &[Vec<String>], dir: &Path) -> PathBuf {
    let mut grid = base.to_vec();
    let cols = grid[0].len();
    // Sometimes none: the control, a good table in one of the forms below, must be accepted.
    for _ in 0..rng.below(4) {
        match rng.below(7) {
            0 | 1 => {
                let r = 1 + rng.below(grid.len() - 1);
                let c = 1 + rng.below(cols - 1);
                grid[r][c] = (*rng.pick(ODD)).to_string();
            }
            2 => {
                let (a, b) = (rng.below(cols), rng.below(cols));
                let header = grid[0][a].clone();
                grid[0][b] = header;
            }
            3 => {
                let c = rng.below(cols);
                grid[0][c] = (*rng.pick(&["suara_paslon_99", "", "Kode TPS", "kode_tps", "x y z"]))
                    .to_string();
            }
            4 => {
                let r = 1 + rng.below(grid.len() - 1);
                let row = grid[r].clone();
                grid.push(row);
            }
            5 => {
                let r = 1 + rng.below(grid.len() - 1);
                grid[r][0] = (*rng.pick(&[
                    "3303192001999",
                    "abc",
                    "33.03.19.2001.001",
                    "",
                    "9999999999999",
                    "3303192001",
                ]))
                .to_string();
            }
            _ => {
                // A few thousand rows of a row that is already there.
                let r = 1 + rng.below(grid.len() - 1);
                let row = grid[r].clone();
                for _ in 0..rng.below(3000) {
                    grid.push(row.clone());
                }
            }
        }
    }
    if rng.below(2) == 0 {
        let path = dir.join("hasil.xlsx");
        write_xlsx(rng, &grid, &path);
        if rng.below(4) == 0 {
            damage(rng, &path);
        }
        path
    } else {
        let folder = dir.join("hasil");
        std::fs::create_dir_all(&folder).unwrap();
        let sep = if rng.below(2) == 0 { "," } else { ";" };
        let mut text: Vec<u8> = grid
            .iter()
            .map(|r| r.join(sep))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes();
        match rng.below(6) {
            0 => text.insert(rng.below(text.len()), b'"'),
            1 => {
                // Bytes that are not UTF-8 before the header.
                let mut bad = vec![0xFF, 0xFE, 0xC3, 0x28];
                bad.append(&mut text);
                text = bad;
            }
            2 => text.truncate(rng.below(text.len())),
            _ => {}
        }
        let name = *rng.pick(&["ppwp.csv", "PPWP.csv", "dpr.csv", "ppwp.CSV"]);
        std::fs::write(folder.join(name), text).unwrap();
        folder
    }
}

fn write_xlsx(rng: &mut Rng, grid: &[Vec<String>], path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(*rng.pick(&["ppwp", "PPWP", "ppwp ", "dpd"]))
        .unwrap();
    for (r, row) in grid.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if let Some(f) = v.strip_prefix('=') {
                // A formula without a cached value, as some programs save them.
                ws.write_formula(r, c, Formula::new(f)).unwrap();
            } else if let Ok(n) = v.parse::<f64>()
                && r > 0
                && c > 0
            {
                ws.write_number(r, c, n).unwrap();
            } else {
                ws.write_string(r, c, v).unwrap();
            }
        }
    }
    if rng.below(4) == 0 {
        // One cell at the far corner of the sheet (5.8 KB that once asked for 512 GB).
        ws.write_number(1_048_575, 16_383, 1.0).unwrap();
    }
    wb.save(path).unwrap();
}

fn damage(rng: &mut Rng, path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    if rng.below(2) == 0 {
        bytes.truncate(rng.below(bytes.len()));
    } else {
        for _ in 0..=rng.below(16) {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
        }
    }
    std::fs::write(path, bytes).unwrap();
}
