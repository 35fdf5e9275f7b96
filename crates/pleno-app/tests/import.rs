//! Reference and figure import from real .xlsx and .csv files, including the errors a clerk
//! sees for bad files.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::{Path, PathBuf};

use pleno_app::demo::default_assets;
use pleno_app::import::{load_figures, load_reference};
use pleno_core::{Contest, FieldKey};
use rust_xlsxwriter::Workbook;

mod common;

use common::demo_workspace;

fn demo(file: &str) -> PathBuf {
    default_assets().join("demo").join(file)
}

/// Writes a workbook whose cells are all text (numbers typed as text are accepted too).
fn book(path: &Path, sheets: &[(&str, Vec<Vec<&str>>)]) {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if let Ok(n) = v.parse::<f64>()
                    && !v.starts_with('3')
                {
                    ws.write_number(r as u32, c as u16, n).unwrap();
                } else {
                    ws.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

fn minimal(tps_rows: Vec<Vec<&'static str>>) -> Vec<(&'static str, Vec<Vec<&'static str>>)> {
    let mut tps = vec![vec!["kode_tps", "dpt_l", "dpt_p"]];
    tps.extend(tps_rows);
    vec![
        (
            "wilayah",
            vec![
                vec!["tingkat", "kode", "nama"],
                vec!["provinsi", "33", "JAWA TENGAH"],
                vec!["kabupaten", "33.03", "PURBALINGGA"],
                vec!["kecamatan", "33.03.19", "SUKAMAJU"],
            ],
        ),
        (
            "desa",
            vec![
                vec!["Kode Desa", "Nama Desa"],
                vec!["33.03.19.2001", "KARANGJATI"],
            ],
        ),
        ("tps", tps),
        (
            "dapil",
            vec![
                vec!["jenis", "kode_dapil", "nama_dapil"],
                vec!["dpr", "3307", "JAWA TENGAH VII"],
                vec!["DPRD Provinsi", "3308", "JAWA TENGAH 8"],
                vec!["dprd-kab", "330303", "PURBALINGGA 3"],
            ],
        ),
        (
            "calon",
            vec![
                vec![
                    "jenis",
                    "nomor_partai",
                    "nomor_urut",
                    "nama",
                    "jenis_kelamin",
                ],
                vec!["dpr", "3", "1", "Budi Santoso", "L"],
                vec!["dpd", "", "1", "Ratna Wijaya", "P"],
            ],
        ),
        (
            "ppk",
            vec![vec!["nama", "jabatan"], vec!["Sri Rahayu", "Ketua"]],
        ),
    ]
}

#[test]
fn demo_reference_loads_completely() {
    let e = load_reference(&demo("referensi.xlsx")).unwrap();
    let k = &e.kecamatan;
    assert_eq!(k.code.as_str(), "330319");
    assert_eq!(k.desa.len(), 15);
    assert_eq!(k.tps_count(), 120);
    assert!(
        k.all_tps().all(|(_, t)| (150..=300).contains(&t.dpt())),
        "DPT 150–300"
    );
    assert_eq!(e.ballots.len(), 5);
    for b in &e.ballots {
        assert_eq!(b.contest.has_dapil(), b.dapil.is_some(), "{}", b.contest);
        b.validate().unwrap();
    }
    assert_eq!(e.ballot(Contest::Dpd).unwrap().dpd_candidates().len(), 20);
    assert_eq!(e.ballot(Contest::Dpr).unwrap().parties().len(), 18);
    assert_eq!(e.members.iter().filter(|m| m.role == "Ketua").count(), 1);
    assert!(
        e.saksi
            .iter()
            .filter(|s| s.contest == Contest::Ppwp)
            .count()
            == 3
    );
}

#[test]
fn csv_folder_gives_the_same_election() {
    let dir = tempfile::tempdir().unwrap();
    let rows = minimal(vec![
        vec!["3303192001001", "120", "130"],
        vec!["3303192001002", "99", "101"],
    ]);
    for (i, (name, table)) in rows.iter().enumerate() {
        let text: String = table.iter().map(|r| r.join(";") + "\n").collect();
        // Another program may save `TPS.CSV`: found as a workbook's sheet would be.
        let file = if i == 0 {
            format!("{}.CSV", name.to_uppercase())
        } else {
            format!("{name}.csv")
        };
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let from_csv = load_reference(dir.path()).unwrap();
    let xlsx = dir.path().join("ref.xlsx");
    book(&xlsx, &rows);
    let from_xlsx = load_reference(&xlsx).unwrap();
    assert_eq!(from_csv, from_xlsx);
    assert_eq!(from_csv.kecamatan.tps_count(), 2);
    assert_eq!(from_csv.kecamatan.desa[0].tps[1].dpt(), 200);
    let dpr = from_csv.ballot(Contest::Dpr).unwrap();
    assert_eq!(dpr.parties()[2].candidates[0].name, "Budi Santoso");
    // Two files for one sheet: which one is meant is not guessed.
    let first = rows[0].0;
    std::fs::copy(
        dir.path().join(format!("{}.CSV", first.to_uppercase())),
        dir.path().join(format!("{first}.csv")),
    )
    .unwrap();
    let err = load_reference(dir.path()).unwrap_err();
    assert!(err.to_string().contains("dua berkas CSV"), "{err}");
}

fn error_of(sheets: &[(&str, Vec<Vec<&str>>)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("referensi-salah.xlsx");
    book(&path, sheets);
    load_reference(&path).unwrap_err().to_string()
}

#[test]
fn a_bad_dpt_cell_names_file_sheet_row_and_column() {
    let msg = error_of(&minimal(vec![
        vec!["3303192001001", "120", "130"],
        vec!["3303192001002", "dua ratus", "101"],
    ]));
    assert!(msg.contains("referensi-salah.xlsx"), "{msg}");
    assert!(
        msg.contains("lembar 'tps', baris 3, kolom 'dpt_l'"),
        "{msg}"
    );
    assert!(
        msg.contains("'dua ratus' bukan bilangan bulat") && msg.contains("0 sampai 999"),
        "{msg}"
    );
}

#[test]
fn a_tps_outside_the_desa_list_is_refused() {
    let msg = error_of(&minimal(vec![vec!["3303192002001", "120", "130"]]));
    assert!(
        msg.contains("baris 2, kolom 'kode_tps'") && msg.contains("desa 3303192002 tidak ada"),
        "{msg}"
    );
    let msg = error_of(&minimal(vec![vec!["330319200100", "120", "130"]]));
    assert!(msg.contains("harus 13 digit"), "{msg}");
    let msg = error_of(&minimal(vec![
        vec!["3303192001001", "120", "130"],
        vec!["3303192001001", "1", "1"],
    ]));
    assert!(
        msg.contains("baris 3") && msg.contains("sudah ada"),
        "{msg}"
    );
}

#[test]
fn missing_sheets_and_columns_say_what_to_add() {
    let mut rows = minimal(vec![vec!["3303192001001", "120", "130"]]);
    rows.retain(|(n, _)| *n != "desa");
    let msg = error_of(&rows);
    assert!(msg.contains("'desa' tidak ada"), "{msg}");
    let mut rows = minimal(vec![vec!["3303192001001", "120", "130"]]);
    rows[5].1[1][1] = "Anggota";
    let msg = error_of(&rows);
    assert!(msg.contains("'Ketua'"), "{msg}");
    let mut rows = minimal(vec![vec!["3303192001001", "120", "130"]]);
    rows[4].1[1][1] = "19";
    let msg = error_of(&rows);
    assert!(msg.contains("partai nomor 19 tidak ada"), "{msg}");
    let mut rows = minimal(vec![vec!["3303192001001", "120", "130"]]);
    rows[2].1[0] = vec!["kode", "dpt_l", "dpt_p"];
    let msg = error_of(&rows);
    assert!(msg.contains("kolom 'kode_tps' tidak ditemukan"), "{msg}");
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("foto.jpg");
    std::fs::write(&path, b"not a workbook").unwrap();
    let msg = load_reference(&path).unwrap_err().to_string();
    assert!(msg.contains("harus berkas .xlsx atau folder"), "{msg}");
    let fake = dir.path().join("rusak.xlsx");
    std::fs::write(&fake, b"PK garbage").unwrap();
    let msg = load_reference(&fake).unwrap_err().to_string();
    assert!(
        msg.contains("rusak.xlsx") && msg.contains("tidak dapat dibuka"),
        "{msg}"
    );
}

#[test]
fn demo_figures_load_with_their_planted_misreads() {
    let e = load_reference(&demo("referensi.xlsx")).unwrap();
    let forms = load_figures(&demo("hasil.xlsx"), &e).unwrap();
    // 120 TPS × 5 contests, less the two forms of the TPS whose DPRD forms never arrived.
    assert_eq!(forms.len(), 598);
    let kalibaru = forms
        .iter()
        .find(|f| f.tps.as_str() == "3303192003004" && f.contest == Contest::Ppwp)
        .unwrap();
    assert_eq!(kalibaru.values.get(FieldKey::Paslon(2)), Some(652));
}

#[test]
fn bad_figure_sheets_are_refused_with_the_place() {
    let e = load_reference(&demo("referensi.xlsx")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hasil-salah.xlsx");
    book(
        &path,
        &[(
            "ppwp",
            vec![
                vec!["kode_tps", "suara_paslon_1", "suara_paslon_4"],
                vec!["3303192001001", "10", "1"],
            ],
        )],
    );
    let msg = load_figures(&path, &e).unwrap_err().to_string();
    assert!(
        msg.contains("kolom 'suara_paslon_4'") && msg.contains("tidak ada pada formulir PPWP"),
        "{msg}"
    );
    book(
        &path,
        &[(
            "dpd",
            vec![
                vec!["kode_tps", "suara_calon_1"],
                vec!["3303192001001", "1200"],
            ],
        )],
    );
    let msg = load_figures(&path, &e).unwrap_err().to_string();
    assert!(
        msg.contains("lembar 'dpd', baris 2, kolom 'suara_calon_1'")
            && msg.contains("0 sampai 999"),
        "{msg}"
    );
    book(
        &path,
        &[(
            "dpr",
            vec![vec!["kode_tps", "suara_sah"], vec!["3303999001001", "1"]],
        )],
    );
    let msg = load_figures(&path, &e).unwrap_err().to_string();
    assert!(msg.contains("tidak ada dalam daftar TPS"), "{msg}");
}

#[test]
fn typed_figures_that_are_not_whole_numbers_are_refused_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let who = pleno_app::Who::new("Sekretariat PPK");
    let ws = demo_workspace(dir.path(), &who);
    let csv = dir.path().join("hasil");
    std::fs::create_dir_all(&csv).unwrap();
    // Before, "12.5" became 125 and "1e2" 100 without a word.
    for (body, said) in [
        (
            "kode_tps,suara_paslon_1,suara_paslon_2\n3303192001001,40,12.5\n",
            "ppwp.csv, baris 2, kolom 'suara_paslon_2': '12.5' bukan bilangan bulat",
        ),
        (
            "kode_tps,suara_paslon_1\n3303192001001,1e2\n",
            "'1e2' bukan bilangan bulat",
        ),
        (
            "kode_tps;suara_paslon_1\n3303192001001;0,5\n",
            "'0,5' bukan bilangan bulat",
        ),
        (
            "kode_tps,suara_paslon_1,suara_paslon_1\n3303192001001,40,41\n",
            "kolom 'suara_paslon_1' muncul dua kali (kolom B dan C)",
        ),
    ] {
        std::fs::write(csv.join("ppwp.csv"), body).unwrap();
        let err = ws.import_figures(&who, &csv, &[]).unwrap_err();
        assert_eq!(err.code, "bad_input_file");
        assert!(err.message.contains(said), "{err}");
    }
    let form = ws
        .form(
            &pleno_core::wilayah::TpsCode::parse("3303192001001").unwrap(),
            Contest::Ppwp,
        )
        .unwrap();
    assert!(
        form.fields.iter().all(|f| f.value.is_none()),
        "nothing imported"
    );
}

#[test]
fn a_cell_at_the_far_corner_of_a_sheet_is_refused_by_its_address() {
    let dir = tempfile::tempdir().unwrap();
    let who = pleno_app::Who::new("Sekretariat PPK");
    let ws = demo_workspace(dir.path(), &who);
    // One filled cell at XFD1048576: read densely it asked for 549,755,813,888 bytes and
    // aborted the process.
    let path = dir.path().join("hasil-sudut.xlsx");
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet().set_name("ppwp").unwrap();
    sheet.write_string(0, 0, "kode_tps").unwrap();
    sheet.write_string(0, 1, "suara_paslon_1").unwrap();
    sheet.write_string(1, 0, "3303192001001").unwrap();
    sheet.write_number(1, 1, 40).unwrap();
    sheet.write_number(1_048_575, 16_383, 1).unwrap();
    wb.save(&path).unwrap();
    let err = ws.import_figures(&who, &path, &[]).unwrap_err();
    assert_eq!(err.code, "bad_input_file");
    assert!(
        err.message
            .contains("lembar 'ppwp', baris 1048576, kolom 'XFD': sel terisi di luar batas"),
        "{err}"
    );
}
