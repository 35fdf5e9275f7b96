//! The export sheets as plain data, shared by the xlsx and csv writers.

use pleno_core::catalogue::FieldDef;
use pleno_core::field::Col;
use pleno_core::recap::RecapTable;

/// One sheet: title lines, header rows, then rows of (code, label, values).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Sheet name (≤ 31 characters, no `/`), also the csv file stem.
    pub name: String,
    pub file_stem: String,
    /// Lines above the table (model, place, marks).
    pub title: Vec<String>,
    /// Header rows over the value columns (the first two columns are KODE and URAIAN).
    pub header: Vec<Vec<String>>,
    pub rows: Vec<SheetRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    pub code: String,
    pub label: String,
    pub values: Vec<u64>,
}

fn code_of(f: &FieldDef) -> String {
    match f.col {
        Some(Col::L) => format!("{} L", f.code),
        Some(Col::P) => format!("{} P", f.code),
        Some(Col::J) => format!("{} J", f.code),
        None => f.code.clone(),
    }
}

/// A recap table as one sheet: a column per place (desa, or kecamatan at the kabupaten) with
/// its name and code over it, then JUMLAH.
fn columns_sheet(table: &RecapTable, name: String, file_stem: String, title: Vec<String>) -> Sheet {
    Sheet {
        name,
        file_stem,
        title,
        header: vec![
            table
                .columns
                .iter()
                .map(|c| c.name.clone())
                .chain(std::iter::once("JUMLAH".to_string()))
                .collect(),
            table
                .columns
                .iter()
                .map(|c| c.code.clone())
                .chain(std::iter::once(String::new()))
                .collect(),
        ],
        rows: table
            .rows
            .iter()
            .map(|f| SheetRow {
                code: code_of(f),
                label: f.label_id.clone(),
                values: table
                    .columns
                    .iter()
                    .map(|c| c.totals.value(f.key))
                    .chain(std::iter::once(table.total.value(f.key)))
                    .collect(),
            })
            .collect(),
    }
}

/// The KPU Kabupaten/Kota's sheet of one contest: a column per kecamatan (the totals its PPK
/// bundle carried) and JUMLAH. A kabupaten workspace holds no desa or TPS figures, so there is
/// no second sheet.
pub fn kabupaten_sheet(kabupaten: &RecapTable, marks: &[String]) -> Sheet {
    let contest = kabupaten.contest;
    let suffix = contest.form_suffix();
    let mut title = vec![
        format!("MODEL D.HASIL KABUPATEN/KOTA-{suffix}"),
        format!(
            "Kabupaten/Kota {} ({})",
            kabupaten.place_name, kabupaten.place_code
        ),
    ];
    title.extend(marks.iter().cloned());
    columns_sheet(
        kabupaten,
        format!("D.Hasil {}", suffix.replace('/', "-")),
        format!("d-hasil-kabupaten-{}", contest.slug()),
        title,
    )
}

/// The two sheets of one contest: D.Hasil (a column per desa) and TPS (a column per TPS,
/// desa by desa). `marks` go under the title (UJI COBA, completeness).
pub fn sheets(kecamatan: &RecapTable, lampiran: &[RecapTable], marks: &[String]) -> [Sheet; 2] {
    let contest = kecamatan.contest;
    let suffix = contest.form_suffix();
    let sheet_suffix = suffix.replace('/', "-");
    let place = format!(
        "Kecamatan {} ({})",
        kecamatan.place_name, kecamatan.place_code
    );
    let mut title = vec![format!("MODEL D.HASIL KECAMATAN-{suffix}"), place.clone()];
    title.extend(marks.iter().cloned());
    let rows = |values: &dyn Fn(&FieldDef) -> Vec<u64>| -> Vec<SheetRow> {
        kecamatan
            .rows
            .iter()
            .map(|f| SheetRow {
                code: code_of(f),
                label: f.label_id.clone(),
                values: values(f),
            })
            .collect()
    };
    let d_hasil = columns_sheet(
        kecamatan,
        format!("D.Hasil {sheet_suffix}"),
        format!("d-hasil-{}", contest.slug()),
        title.clone(),
    );
    let tps_cols: Vec<(&RecapTable, usize)> = lampiran
        .iter()
        .flat_map(|t| (0..t.columns.len()).map(move |i| (t, i)))
        .collect();
    let mut tps_title = title;
    tps_title[0] = format!("LAMPIRAN MODEL D.HASIL KECAMATAN-{suffix} (per TPS)");
    let tps = Sheet {
        name: format!("TPS {sheet_suffix}"),
        file_stem: format!("tps-{}", contest.slug()),
        title: tps_title,
        header: vec![
            tps_cols
                .iter()
                .map(|(t, _)| t.place_name.clone())
                .chain(std::iter::once("JUMLAH".to_string()))
                .collect(),
            tps_cols
                .iter()
                .map(|(t, i)| t.columns[*i].name.clone())
                .chain(std::iter::once(String::new()))
                .collect(),
            tps_cols
                .iter()
                .map(|(t, i)| t.columns[*i].code.clone())
                .chain(std::iter::once(String::new()))
                .collect(),
        ],
        rows: rows(&|f| {
            tps_cols
                .iter()
                .map(|(t, i)| t.cell(f.key, *i))
                .chain(std::iter::once(kecamatan.total.value(f.key)))
                .collect()
        }),
    };
    [d_hasil, tps]
}
