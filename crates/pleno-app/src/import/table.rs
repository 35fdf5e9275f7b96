//! A sheet of rows from an .xlsx workbook or a .csv file, with typed cell access whose errors
//! name the file, sheet, row and column and say what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

use std::collections::BTreeMap;
use std::io::{Read, Seek};

use calamine::{Data, Reader, Sheets, Xlsx, open_workbook_auto};

/// Where a value came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: PathBuf,
    pub sheet: Option<String>,
    /// 1-based row number as the spreadsheet shows it.
    pub row: Option<usize>,
    pub column: Option<String>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(s) = &self.sheet {
            write!(f, ", lembar '{s}'")?;
        }
        if let Some(r) = self.row {
            write!(f, ", baris {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", kolom '{c}'")?;
        }
        Ok(())
    }
}

/// A problem in an input file. Nothing is imported when one occurs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {message}")]
pub struct ImportError {
    pub place: Place,
    pub message: String,
}

impl ImportError {
    pub fn at(place: Place, message: impl Into<String>) -> Self {
        ImportError {
            place,
            message: message.into(),
        }
    }

    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        ImportError::at(
            Place {
                file: file.to_path_buf(),
                sheet: None,
                row: None,
                column: None,
            },
            message,
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
}

/// The rows of one sheet; the first non-empty row is the header.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub header: Vec<String>,
    /// (1-based row number, cells aligned with `header`).
    pub rows: Vec<(usize, Vec<Cell>)>,
}

/// Column names are compared lower-cased with spaces and dashes as underscores, so that
/// "Kode TPS" and "kode_tps" match.
pub fn normalise_header(h: &str) -> String {
    h.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

impl Table {
    fn from_grid(file: &Path, sheet: Option<String>, grid: Vec<(usize, Vec<Cell>)>) -> Self {
        let mut rows = grid
            .into_iter()
            .filter(|(_, cells)| cells.iter().any(|c| *c != Cell::Empty));
        let header = rows
            .next()
            .map(|(_, cells)| {
                cells
                    .iter()
                    .map(|c| match c {
                        Cell::Text(t) => normalise_header(t),
                        Cell::Number(n) => n.to_string(),
                        Cell::Empty => String::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Table {
            file: file.to_path_buf(),
            sheet,
            header,
            rows: rows.collect(),
        }
    }

    pub fn place(&self, row: Option<usize>, column: Option<&str>) -> Place {
        Place {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
            column: column.map(str::to_string),
        }
    }

    /// Index of a required column.
    pub fn column(&self, name: &str) -> Result<usize, ImportError> {
        self.header.iter().position(|h| h == name).ok_or_else(|| {
            ImportError::at(
                self.place(None, Some(name)),
                format!(
                    "kolom '{name}' tidak ditemukan; kolom yang ada: {}. Lihat docs/reference-files.md",
                    self.header.join(", ")
                ),
            )
        })
    }

    pub fn optional_column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    fn cell(cells: &[Cell], col: usize) -> &Cell {
        cells.get(col).unwrap_or(&Cell::Empty)
    }

    /// A non-empty text cell (numbers are given back as their digits).
    pub fn text(&self, row: usize, cells: &[Cell], col: usize) -> Result<String, ImportError> {
        match Self::cell(cells, col) {
            Cell::Text(t) if !t.trim().is_empty() => Ok(t.trim().to_string()),
            Cell::Number(n) if n.fract() == 0.0 => Ok(format!("{n:.0}")),
            Cell::Number(n) => Ok(n.to_string()),
            _ => Err(ImportError::at(
                self.place(Some(row), Some(&self.header[col])),
                "sel kosong; isi sel ini",
            )),
        }
    }

    pub fn optional_text(&self, cells: &[Cell], col: usize) -> Option<String> {
        match Self::cell(cells, col) {
            Cell::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
            Cell::Number(n) if n.fract() == 0.0 => Some(format!("{n:.0}")),
            _ => None,
        }
    }

    /// A whole number within `0..=max`; `None` for an empty cell.
    pub fn number(
        &self,
        row: usize,
        cells: &[Cell],
        col: usize,
        max: u32,
    ) -> Result<Option<u32>, ImportError> {
        let bad = |what: String| {
            ImportError::at(
                self.place(Some(row), Some(&self.header[col])),
                format!("{what}; isi dengan bilangan bulat 0 sampai {max} atau kosongkan"),
            )
        };
        let value = match Self::cell(cells, col) {
            Cell::Empty => return Ok(None),
            Cell::Number(n) => *n,
            Cell::Text(t) if t.trim().is_empty() => return Ok(None),
            Cell::Text(t) => integer_text(t).ok_or_else(|| {
                bad(format!(
                    "'{}' bukan bilangan bulat (desimal, pangkat, tanda minus dan huruf tidak diterima)",
                    t.trim()
                ))
            })? as f64,
        };
        if value.fract() != 0.0 || value < 0.0 || value > f64::from(max) {
            return Err(bad(format!("nilai {value} tidak sah")));
        }
        Ok(Some(value as u32))
    }

    pub fn required_number(
        &self,
        row: usize,
        cells: &[Cell],
        col: usize,
        max: u32,
    ) -> Result<u32, ImportError> {
        self.number(row, cells, col, max)?.ok_or_else(|| {
            ImportError::at(
                self.place(Some(row), Some(&self.header[col])),
                format!("sel kosong; isi dengan bilangan bulat 0 sampai {max}"),
            )
        })
    }
}

/// A whole number typed as text: digits only, or digits grouped by thousands with dots as
/// Indonesian spreadsheets write them ("1.234"). Anything else ("12.5", "1,5", "1e2", "-3")
/// is refused rather than guessed: before, "12.5" silently became 125.
fn integer_text(t: &str) -> Option<u64> {
    let t = t.trim();
    let groups: Vec<&str> = t.split('.').collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let plain = groups.len() == 1 && digits(t);
    let grouped = groups.len() > 1
        && groups.iter().all(|g| digits(g))
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3);
    if !(plain || grouped) {
        return None;
    }
    t.replace('.', "").parse().ok()
}

/// Spreadsheet column letters (0 → A, 26 → AA) for messages.
fn column_letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Table {
    /// A column named twice would let one silently win over the other.
    fn check_headers(&self) -> Result<(), ImportError> {
        for (i, h) in self.header.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            if let Some(j) = self.header[i + 1..].iter().position(|x| x == h) {
                return Err(ImportError::at(
                    self.place(None, Some(h)),
                    format!(
                        "kolom '{h}' muncul dua kali (kolom {} dan {}); hapus atau ganti nama salah satunya",
                        column_letters(i),
                        column_letters(i + 1 + j)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Input files: one workbook with named sheets, or a folder of `<sheet>.csv` files.
pub enum Source {
    Workbook(PathBuf),
    CsvFolder(PathBuf),
}

impl Source {
    pub fn detect(path: &Path) -> Result<Source, ImportError> {
        if path.is_dir() {
            return Ok(Source::CsvFolder(path.to_path_buf()));
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase);
        match ext.as_deref() {
            Some("xlsx" | "xlsm" | "xls" | "ods") if path.is_file() => {
                Ok(Source::Workbook(path.to_path_buf()))
            }
            Some("xlsx" | "xlsm" | "xls" | "ods") => Err(ImportError::file(
                path,
                "berkas tidak ditemukan; periksa nama dan letak berkas",
            )),
            _ => Err(ImportError::file(
                path,
                "harus berkas .xlsx atau folder berisi berkas .csv",
            )),
        }
    }

    /// Reads every sheet named in `names` that exists (a missing one is `None`).
    pub fn tables(&self, names: &[&str]) -> Result<Vec<Option<Table>>, ImportError> {
        match self {
            Source::Workbook(path) => {
                let mut wb = open_workbook_auto(path).map_err(|e| {
                    ImportError::file(
                        path,
                        format!("tidak dapat dibuka sebagai lembar kerja: {e}"),
                    )
                })?;
                let present: Vec<String> = wb.sheet_names().clone();
                let mut out = Vec::with_capacity(names.len());
                for name in names {
                    let Some(actual) = present
                        .iter()
                        .find(|s| normalise_header(s) == normalise_header(name))
                    else {
                        out.push(None);
                        continue;
                    };
                    let grid = match &mut wb {
                        Sheets::Xlsx(x) => xlsx_grid(path, x, actual)?,
                        other => {
                            let range = other.worksheet_range(actual).map_err(|e| {
                                ImportError::file(
                                    path,
                                    format!("lembar '{actual}' tidak terbaca: {e}"),
                                )
                            })?;
                            let first_row = range.start().map_or(0, |(r, _)| r as usize);
                            let first_col = range.start().map_or(0, |(_, c)| c as usize);
                            range
                                .rows()
                                .enumerate()
                                .map(|(i, r)| {
                                    let mut cells = vec![Cell::Empty; first_col];
                                    cells.extend(r.iter().map(cell_of));
                                    (first_row + i + 1, cells)
                                })
                                .collect()
                        }
                    };
                    let table = Table::from_grid(path, Some(actual.clone()), grid);
                    table.check_headers()?;
                    out.push(Some(table));
                }
                Ok(out)
            }
            Source::CsvFolder(dir) => {
                // Matched as a workbook's sheets are (`PPWP.csv`, `Dprd Kab.CSV`), so the same
                // file saved by another program is found; two files for one sheet are refused.
                let listing = std::fs::read_dir(dir).map_err(|e| {
                    ImportError::file(dir, format!("folder tidak dapat dibaca: {e}"))
                })?;
                let mut csv: Vec<(String, std::path::PathBuf)> = Vec::new();
                for entry in listing.flatten() {
                    let path = entry.path();
                    let is_csv = path
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
                    if let (true, Some(stem)) = (is_csv, path.file_stem().and_then(|s| s.to_str()))
                    {
                        csv.push((normalise_header(stem), path));
                    }
                }
                names
                    .iter()
                    .map(|name| {
                        let want = normalise_header(name);
                        let mut found = csv.iter().filter(|(stem, _)| *stem == want);
                        match (found.next(), found.next()) {
                            (Some(_), Some((_, other))) => Err(ImportError::file(
                                other,
                                format!("ada dua berkas CSV untuk lembar {name}; sisakan satu"),
                            )),
                            (Some((_, path)), None) if path.is_file() => {
                                let table = read_csv(path)?;
                                table.check_headers()?;
                                Ok(Some(table))
                            }
                            _ => Ok(None),
                        }
                    })
                    .collect()
            }
        }
    }
}

/// Far more than any kecamatan needs (a few hundred TPS rows, a few hundred field columns),
/// and small enough that a sheet is never a memory hazard.
const MAX_ROWS: u32 = 100_000;
const MAX_COLUMNS: u32 = 2_000;

/// The used cells of an xlsx sheet, streamed: a workbook whose one cell sits at XFD1048576
/// is refused by its address instead of making a dense grid of 17 billion cells (which
/// aborted the process before).
fn xlsx_grid<RS: Read + Seek>(
    path: &Path,
    wb: &mut Xlsx<RS>,
    sheet: &str,
) -> Result<Vec<(usize, Vec<Cell>)>, ImportError> {
    let unreadable = |e: calamine::XlsxError| {
        ImportError::file(path, format!("lembar '{sheet}' tidak terbaca: {e}"))
    };
    let mut reader = wb.worksheet_cells_reader(sheet).map_err(unreadable)?;
    let mut rows: BTreeMap<u32, Vec<(u32, Cell)>> = BTreeMap::new();
    while let Some(c) = reader.next_cell().map_err(unreadable)? {
        let value = Data::from(c.get_value().clone());
        if value == Data::Empty {
            continue;
        }
        let (r, col) = c.get_position();
        if r >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(ImportError::at(
                Place {
                    file: path.to_path_buf(),
                    sheet: Some(sheet.to_string()),
                    row: Some(r as usize + 1),
                    column: Some(column_letters(col as usize)),
                },
                format!(
                    "sel terisi di luar batas lembar ({MAX_ROWS} baris, {MAX_COLUMNS} kolom); hapus isi sel itu atau salin data ke lembar baru"
                ),
            ));
        }
        rows.entry(r).or_default().push((col, cell_of(&value)));
    }
    Ok(rows
        .into_iter()
        .map(|(r, cells)| {
            let width = cells
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut line = vec![Cell::Empty; width];
            for (c, cell) in cells {
                line[c as usize] = cell;
            }
            (r as usize + 1, line)
        })
        .collect())
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        other => Cell::Text(other.to_string()),
    }
}

fn read_csv(path: &Path) -> Result<Table, ImportError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ImportError::file(path, format!("tidak dapat dibaca: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| ImportError::file(path, "bukan teks UTF-8; simpan ulang sebagai CSV UTF-8"))?;
    // Spreadsheet programs in Indonesian locales write ';' separated CSV.
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut grid = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            ImportError::at(
                Place {
                    file: path.to_path_buf(),
                    sheet: None,
                    row: Some(i + 1),
                    column: None,
                },
                format!("baris CSV rusak: {e}"),
            )
        })?;
        if i as u32 >= MAX_ROWS || rec.len() as u32 > MAX_COLUMNS {
            return Err(ImportError::at(
                Place {
                    file: path.to_path_buf(),
                    sheet: None,
                    row: Some(i + 1),
                    column: None,
                },
                format!(
                    "di luar batas berkas ({MAX_ROWS} baris, {MAX_COLUMNS} kolom); periksa pemisah kolom atau pecah berkasnya"
                ),
            ));
        }
        let cells = rec
            .iter()
            .map(|s| {
                let t = s.trim();
                if t.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(t.to_string())
                }
            })
            .collect();
        grid.push((i + 1, cells));
    }
    Ok(Table::from_grid(path, None, grid))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(header: &[&str], row: Vec<Cell>) -> Table {
        let head = header
            .iter()
            .map(|h| Cell::Text((*h).to_string()))
            .collect();
        Table::from_grid(Path::new("hasil.csv"), None, vec![(1, head), (2, row)])
    }

    #[test]
    fn figures_are_whole_numbers_or_refused_with_their_place() {
        let t = table(&["suara"], vec![]);
        let number = |text: &str| t.number(2, &[Cell::Text(text.into())], 0, 999);
        assert_eq!(number("152").unwrap(), Some(152));
        assert_eq!(number(" 007 ").unwrap(), Some(7));
        assert_eq!(number("").unwrap(), None);
        // Grouped by thousands is a whole number, and then too large for a TPS.
        assert!(
            number("1.234")
                .unwrap_err()
                .message
                .contains("nilai 1234 tidak sah")
        );
        for wrong in [
            "12.5", "1.5", "0.5", "1,5", "1e2", "-3", "1.23", "12.", "satu",
        ] {
            let e = number(wrong).unwrap_err();
            assert!(e.message.contains("bukan bilangan bulat"), "{wrong}: {e}");
            assert_eq!(e.place.row, Some(2));
            assert_eq!(e.place.column.as_deref(), Some("suara"));
        }
        // Numbers stored as numbers: whole and in range only.
        let cell = |n: f64| t.number(2, &[Cell::Number(n)], 0, 999);
        assert_eq!(cell(25.0).unwrap(), Some(25));
        assert!(cell(12.5).is_err());
        assert!(cell(f64::NAN).is_err());
        assert!(cell(1000.0).is_err());
    }

    #[test]
    fn a_column_named_twice_is_refused_naming_both() {
        let t = table(&["kode_tps", "suara_sah", "x", "suara sah"], vec![]);
        let e = t.check_headers().unwrap_err();
        assert_eq!(e.place.column.as_deref(), Some("suara_sah"));
        assert!(e.message.contains("kolom B dan D"), "{e}");
        assert!(table(&["a", "", ""], vec![]).check_headers().is_ok());
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
    }
}
