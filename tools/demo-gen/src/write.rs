//! Writes the demo (and the empty templates) as .xlsx in the layouts of
//! docs/reference-files.md.

use std::path::Path;

use pleno_core::ballot::Gender;
use pleno_core::reference::Election;
use pleno_core::{Catalogue, Contest, FieldKey};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::model::Demo;

fn header(ws: &mut Worksheet, cols: &[&str]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (i, c) in cols.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *c, &bold)?;
        ws.set_column_width(i as u16, (c.len() as f64 + 4.0).max(12.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    cols: &[&str],
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    header(ws, cols)?;
    Ok(ws)
}

/// A workbook with a fixed creation time, so that regenerating the demo gives the same bytes.
fn workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let when = ExcelDateTime::from_ymd(2024, 2, 15)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&when)
            .set_author("Pleno (pleno-demo-gen)"),
    );
    Ok(wb)
}

fn contest_name(c: Contest) -> &'static str {
    c.slug()
}

/// referensi.xlsx: wilayah, desa, tps, dapil, calon, ppk, saksi.
pub fn reference(e: &Election, path: &Path) -> Result<(), XlsxError> {
    let mut wb = workbook()?;
    let k = &e.kecamatan;
    let ws = sheet(&mut wb, "wilayah", &["tingkat", "kode", "nama"])?;
    let rows = [
        ("provinsi", k.provinsi.to_string(), &k.provinsi_name),
        ("kabupaten", k.kabupaten.to_string(), &k.kabupaten_name),
        ("kecamatan", k.code.to_string(), &k.name),
    ];
    for (i, (level, code, name)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *level)?;
        ws.write_string(r, 1, code)?;
        ws.write_string(r, 2, name.as_str())?;
    }
    let ws = sheet(&mut wb, "desa", &["kode_desa", "nama_desa"])?;
    for (i, d) in k.desa.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, d.code.as_str())?;
        ws.write_string(i as u32 + 1, 1, &d.name)?;
    }
    let ws = sheet(&mut wb, "tps", &["kode_tps", "dpt_l", "dpt_p"])?;
    for (i, (_, t)) in k.all_tps().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, t.code.as_str())?;
        ws.write_number(r, 1, f64::from(t.dpt_l))?;
        ws.write_number(r, 2, f64::from(t.dpt_p))?;
    }
    let ws = sheet(&mut wb, "dapil", &["jenis", "kode_dapil", "nama_dapil"])?;
    let mut r = 1;
    for b in &e.ballots {
        if let Some(d) = &b.dapil {
            ws.write_string(r, 0, contest_name(b.contest))?;
            ws.write_string(r, 1, &d.code)?;
            ws.write_string(r, 2, &d.name)?;
            r += 1;
        }
    }
    let ws = sheet(
        &mut wb,
        "calon",
        &[
            "jenis",
            "nomor_partai",
            "nomor_urut",
            "nama",
            "jenis_kelamin",
        ],
    )?;
    let mut r = 1;
    let gender = |g: Option<Gender>| match g {
        Some(Gender::L) => "L",
        Some(Gender::P) => "P",
        None => "",
    };
    for b in &e.ballots {
        for list in b.parties() {
            for c in &list.candidates {
                ws.write_string(r, 0, contest_name(b.contest))?;
                ws.write_number(r, 1, f64::from(list.party.nomor))?;
                ws.write_number(r, 2, f64::from(c.nomor))?;
                ws.write_string(r, 3, &c.name)?;
                ws.write_string(r, 4, gender(c.gender))?;
                r += 1;
            }
        }
        for c in b.dpd_candidates() {
            ws.write_string(r, 0, contest_name(b.contest))?;
            ws.write_number(r, 2, f64::from(c.nomor))?;
            ws.write_string(r, 3, &c.name)?;
            ws.write_string(r, 4, gender(c.gender))?;
            r += 1;
        }
    }
    let ws = sheet(&mut wb, "ppk", &["nama", "jabatan"])?;
    for (i, m) in e.members.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, &m.name)?;
        ws.write_string(i as u32 + 1, 1, &m.role)?;
    }
    let ws = sheet(&mut wb, "saksi", &["jenis", "nomor_peserta", "nama"])?;
    for (i, s) in e.saksi.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, contest_name(s.contest))?;
        ws.write_number(r, 1, f64::from(s.participant))?;
        ws.write_string(r, 2, &s.name)?;
    }
    wb.save(path)
}

/// hasil.xlsx: one sheet per contest (row per TPS, column per field key), plus `foto` (forms
/// the demo photographs) and `catatan` (the planted cases, for people).
pub fn figures(demo: &Demo, path: &Path) -> Result<(), XlsxError> {
    let mut wb = workbook()?;
    for b in &demo.election.ballots {
        let cat = Catalogue::new(b);
        let keys: Vec<FieldKey> = cat.keys().collect();
        let names: Vec<String> = keys.iter().map(ToString::to_string).collect();
        let mut cols = vec!["kode_tps"];
        cols.extend(names.iter().map(String::as_str));
        let ws = sheet(&mut wb, contest_name(b.contest), &cols)?;
        let mut r = 1;
        for (tps, contest, values) in &demo.forms {
            if *contest != b.contest {
                continue;
            }
            ws.write_string(r, 0, tps.as_str())?;
            for (i, k) in keys.iter().enumerate() {
                if let Some(v) = values.get(*k) {
                    ws.write_number(r, i as u16 + 1, f64::from(v))?;
                }
            }
            r += 1;
        }
    }
    let ws = sheet(&mut wb, "foto", &["kode_tps", "jenis", "gaya"])?;
    for (i, (tps, contest, style)) in demo.photographed.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, tps.as_str())?;
        ws.write_string(r, 1, contest_name(*contest))?;
        ws.write_string(r, 2, *style)?;
    }
    let ws = sheet(
        &mut wb,
        "catatan",
        &["kode_tps", "jenis", "kasus", "keterangan"],
    )?;
    for (i, p) in demo.plants.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, p.tps.as_str())?;
        ws.write_string(r, 1, contest_name(p.contest))?;
        ws.write_string(r, 2, p.case)?;
        ws.write_string(r, 3, &p.note)?;
    }
    ws.set_column_width(3, 90)?;
    wb.save(path)
}
