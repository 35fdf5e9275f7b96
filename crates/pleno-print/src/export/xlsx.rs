//! The sheets as one .xlsx workbook (rust_xlsxwriter).

use std::path::Path;

use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};

use super::{ExportError, Sheet};

fn err(path: &Path, e: &XlsxError) -> ExportError {
    ExportError::Write {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

/// Writes every sheet into `path`: numbers as numbers (shown 1.234 by the viewer's locale),
/// title and header rows plus the KODE/URAIAN columns frozen.
pub fn write_xlsx(path: &Path, sheets: &[Sheet]) -> Result<(), ExportError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0x00D9_D9D9));
    let number = Format::new().set_num_format("#,##0");
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&s.name).map_err(|e| err(path, &e))?;
        let mut r: u32 = 0;
        for t in &s.title {
            ws.write_string_with_format(r, 0, t, &bold)
                .map_err(|e| err(path, &e))?;
            r += 1;
        }
        r += 1;
        for (i, h) in s.header.iter().enumerate() {
            let (a, b) = if i == 0 { ("KODE", "URAIAN") } else { ("", "") };
            ws.write_string_with_format(r, 0, a, &head)
                .map_err(|e| err(path, &e))?;
            ws.write_string_with_format(r, 1, b, &head)
                .map_err(|e| err(path, &e))?;
            for (c, text) in h.iter().enumerate() {
                ws.write_string_with_format(r, (c + 2) as u16, text, &head)
                    .map_err(|e| err(path, &e))?;
            }
            r += 1;
        }
        ws.set_freeze_panes(r, 2).map_err(|e| err(path, &e))?;
        for row in &s.rows {
            ws.write_string(r, 0, &row.code)
                .map_err(|e| err(path, &e))?;
            ws.write_string(r, 1, &row.label)
                .map_err(|e| err(path, &e))?;
            for (c, v) in row.values.iter().enumerate() {
                ws.write_number_with_format(r, (c + 2) as u16, *v as f64, &number)
                    .map_err(|e| err(path, &e))?;
            }
            r += 1;
        }
        ws.set_column_width(0, 12).map_err(|e| err(path, &e))?;
        ws.set_column_width(1, 60).map_err(|e| err(path, &e))?;
    }
    book.save(path).map_err(|e| err(path, &e))
}
