//! Printing from a real workspace (the demo kecamatan): refusal while figures are unagreed,
//! SEMENTARA on request, UJI COBA exactly for drills, totals equal to the pleno-core recap,
//! D.Kejadian from the objections, verify-doc, and the xlsx/csv export.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::pdf::{poppler, text};

use pleno_app::demo::default_assets;
use pleno_app::documents::{
    DocKind, DocumentsError, ExportFormat, PrintOptions, export, print_all, verify_doc,
};
use pleno_app::import::{TypedForm, load_figures, load_reference};
use pleno_app::recap::workspace_recap;
use pleno_core::Catalogue;
use pleno_core::consistent::{Turnout, build_form};
use pleno_core::format::thousands;
use pleno_core::{Contest, FieldKey};
use pleno_store::{
    Actor, NewEntry, NewObjection, ObjectionKind, ObjectionStatus, Setup, Source, Store,
};

fn actor() -> Actor {
    Actor::with_role("Siti Aminah", "Anggota PPK")
}

/// The demo kecamatan as a workspace with every typed form entered; every form agreed except
/// those `keep_open` names.
fn workspace(
    dir: &Path,
    drill: bool,
    keep_open: &[(usize, Contest)],
) -> (Store, Vec<(pleno_core::wilayah::TpsCode, Contest)>) {
    let demo = default_assets().join("demo");
    let election = load_reference(&demo.join("referensi.xlsx")).unwrap();
    let forms = load_figures(&demo.join("hasil.xlsx"), &election).unwrap();
    let mut setup = Setup::new(election, actor()).unwrap();
    setup.drill = drill;
    let mut store = Store::create(&dir.join("ws"), &setup).unwrap();
    let forms = complete(&setup.election, forms);
    let entries: Vec<NewEntry> = forms
        .iter()
        .flat_map(|f| {
            f.values
                .iter()
                .map(|(k, v)| NewEntry::new(&f.tps, f.contest, k, v, Source::Import))
        })
        .collect();
    store.add_entries(&actor(), None, &entries).unwrap();
    let all_tps: Vec<_> = setup_tps(&store);
    let open: Vec<(pleno_core::wilayah::TpsCode, Contest)> = keep_open
        .iter()
        .map(|(i, c)| (all_tps[*i].clone(), *c))
        .collect();
    for f in &forms {
        if !open.contains(&(f.tps.clone(), f.contest)) {
            store
                .agree_form(&actor(), None, &f.tps, f.contest, None, None)
                .unwrap();
        }
    }
    (store, open)
}

/// The demo leaves some forms out on purpose; documents need every form, so the missing ones
/// are filled with consistent figures (every valid vote to the first participant).
fn complete(e: &pleno_core::reference::Election, mut forms: Vec<TypedForm>) -> Vec<TypedForm> {
    for (_, tps) in e.kecamatan.all_tps() {
        for b in &e.ballots {
            if forms
                .iter()
                .any(|f| f.tps == tps.code && f.contest == b.contest)
            {
                continue;
            }
            let cat = Catalogue::new(b);
            let t = Turnout {
                dpt_l: tps.dpt_l,
                dpt_p: tps.dpt_p,
                dpt_used_l: tps.dpt_l / 2,
                dpt_used_p: tps.dpt_p / 2,
                ..Turnout::default()
            };
            let first = cat
                .keys()
                .find(|k| k.is_result() && !matches!(k, FieldKey::PartyTotal(_)))
                .unwrap();
            let votes = [(first, t.voters() - 2)].into_iter().collect();
            forms.push(TypedForm {
                tps: tps.code.clone(),
                contest: b.contest,
                values: build_form(&cat, &t, &votes).unwrap(),
                row: 0,
            });
        }
    }
    forms
}

fn setup_tps(store: &Store) -> Vec<pleno_core::wilayah::TpsCode> {
    store
        .election()
        .unwrap()
        .kecamatan
        .all_tps()
        .map(|(_, t)| t.code.clone())
        .collect()
}

fn opts(out: &Path) -> PrintOptions {
    PrintOptions {
        printed_at: Some("2024-03-02T09:05:00.000Z".into()),
        ..PrintOptions::all(out)
    }
}

fn pages(text: &str) -> Vec<&str> {
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect()
}

fn pdfinfo_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap()
}

#[test]
fn refuses_unagreed_figures_then_prints_sementara_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, open) = workspace(tmp.path(), false, &[(3, Contest::Ppwp)]);
    let out = tmp.path().join("dokumen");
    let err = print_all(&store, &opts(&out)).unwrap_err();
    let DocumentsError::Incomplete { missing } = &err else {
        panic!("expected a refusal, got {err}");
    };
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(
        missing[0].contains(&format!("TPS {:03}", open[0].0.nomor())),
        "{missing:?}"
    );
    assert!(missing[0].contains("belum disepakati"));
    assert_eq!(err.code(), "recap_incomplete");
    assert!(!out.exists(), "a refused print writes nothing");

    let printed = print_all(
        &store,
        &PrintOptions {
            provisional: true,
            ..opts(&out)
        },
    )
    .unwrap();
    for p in &printed {
        let ppwp = p.contest == Some(Contest::Ppwp);
        assert_eq!(p.provisional, ppwp, "{}", p.path.display());
        assert_eq!(p.path.to_string_lossy().contains("SEMENTARA"), ppwp);
        assert!(!p.path.to_string_lossy().contains("UJICOBA"));
    }
    if !poppler() {
        return;
    }
    for p in &printed {
        let t = text(&p.path);
        let every = pages(&t).iter().all(|pg| pg.contains("SEMENTARA"));
        let any = t.contains("SEMENTARA");
        if p.provisional {
            assert!(every, "SEMENTARA missing on a page of {}", p.path.display());
        } else {
            assert!(!any, "{} wrongly marked", p.path.display());
        }
    }
}

#[test]
fn official_documents_show_the_recap_signatures_and_no_drill_mark() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = workspace(tmp.path(), false, &[]);
    let out = tmp.path().join("dokumen");
    let printed = print_all(&store, &opts(&out)).unwrap();
    let recap = workspace_recap(&store).unwrap();
    assert_eq!(printed.len(), recap.contests.len() * 2 + 1);
    if !poppler() {
        return;
    }
    for p in &printed {
        let t = text(&p.path);
        assert_eq!(pages(&t).len(), p.pages);
        assert_eq!(pdfinfo_pages(&p.path), p.pages);
        assert!(!t.contains("UJI COBA"), "{}", p.path.display());
        assert!(t.contains(&format!("Halaman {} dari {}", p.pages, p.pages)));
        assert!(t.contains("PANITIA PEMILIHAN KECAMATAN") && t.contains("Ketua"));
        assert!(t.contains("Ditetapkan di"));
        let Some(c) = p.contest else { continue };
        let cr = recap.contest(c).unwrap();
        assert!(t.contains("SAKSI PESERTA PEMILU"));
        let words: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
        match p.kind {
            DocKind::DHasil => {
                for col in &cr.kecamatan.columns {
                    // Long desa names wrap in the column heading; every word is there.
                    for w in col.name.split_whitespace() {
                        assert!(words.contains(w), "{c}: desa {} missing", col.name);
                    }
                }
                for key in [
                    FieldKey::SuaraSah,
                    FieldKey::SuaraTidakSah,
                    FieldKey::SuaraTotal,
                ] {
                    let v = thousands(cr.kecamatan.total.value(key));
                    assert!(t.contains(&v), "{c}: total {key} {v} missing");
                }
            }
            DocKind::Lampiran => {
                for l in &cr.lampiran {
                    assert!(
                        t.contains(&l.place_name),
                        "{c}: lampiran of {} missing",
                        l.place_name
                    );
                    let v = thousands(l.total.value(FieldKey::SuaraTotal));
                    assert!(t.contains(&v), "{c}: {} V.C {v} missing", l.place_name);
                }
            }
            DocKind::DKejadian => {}
        }
    }
}

#[test]
fn drill_workspace_marks_every_page_and_file_name() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = workspace(tmp.path(), true, &[]);
    let out = tmp.path().join("dokumen");
    let o = PrintOptions {
        contest: Some(Contest::Ppwp),
        ..opts(&out)
    };
    let printed = print_all(&store, &o).unwrap();
    assert_eq!(printed.len(), 3);
    for p in &printed {
        assert!(
            p.path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .ends_with("-UJICOBA.pdf")
        );
        if poppler() {
            let t = text(&p.path);
            for (i, pg) in pages(&t).iter().enumerate() {
                assert!(
                    pg.contains("UJI COBA / BUKAN DOKUMEN RESMI"),
                    "page {i} of {}",
                    p.path.display()
                );
            }
        }
    }
}

#[test]
fn d_kejadian_lists_objections_and_verify_doc_follows_the_data() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, _) = workspace(tmp.path(), false, &[]);
    let tps = setup_tps(&store)[0].clone();
    let id = store
        .raise_objection(
            &actor(),
            None,
            &NewObjection {
                kind: ObjectionKind::Keberatan,
                raised_by: "Saksi Partai Gerindra – Rudi Hartono".into(),
                saksi: None,
                desa: None,
                tps: Some(tps.clone()),
                contest: Some(Contest::Ppwp),
                fields: vec![FieldKey::Paslon(2)],
                text: "Perolehan suara paslon 02 berbeda dengan salinan saksi.".into(),
            },
        )
        .unwrap();
    let out = tmp.path().join("dokumen");
    let only_kejadian = PrintOptions {
        docs: vec![DocKind::DKejadian],
        ..opts(&out)
    };
    let err = print_all(&store, &only_kejadian).unwrap_err();
    assert!(err.to_string().contains("belum diputuskan"), "{err}");
    store
        .resolve_objection(
            &actor(),
            id,
            ObjectionStatus::Rejected,
            "Angka C.Hasil sesuai salinan PPS; rekomendasi Panwascam: tetap.",
        )
        .unwrap();
    let printed = print_all(&store, &only_kejadian).unwrap();
    let pdf = &printed[0].path;
    assert!(pdf.ends_with("d-kejadian-khusus-keberatan.pdf"));
    if poppler() {
        let t = text(pdf);
        let words: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
        for want in [
            "Rudi Hartono",
            "Keberatan",
            "Ditolak",
            "Panwaslu Kecamatan",
            "IV.2",
            &format!("TPS {:03}", tps.nomor()),
        ] {
            assert!(words.contains(want), "{want} missing:\n{t}");
        }
    }
    let check = verify_doc(&store, pdf).unwrap();
    assert!(check.matches(), "{check:?}");

    // A D.Hasil matches until a figure changes.
    let printed = print_all(
        &store,
        &PrintOptions {
            docs: vec![DocKind::DHasil],
            contest: Some(Contest::Ppwp),
            ..opts(&out)
        },
    )
    .unwrap();
    let pdf = printed[0].path.clone();
    assert!(verify_doc(&store, &pdf).unwrap().matches());
    let current = store.current_values(&tps, Contest::Ppwp).unwrap();
    let v = current.values.get(FieldKey::SuaraTidakSah).unwrap();
    // Closed desas need an objection; this one is not closed.
    store
        .add_entries(
            &actor(),
            None,
            &[
                NewEntry::clerk(&tps, Contest::Ppwp, FieldKey::SuaraTidakSah, v + 1)
                    .with_reason("salah tulis"),
            ],
        )
        .unwrap();
    let check = verify_doc(&store, &pdf).unwrap();
    assert!(check.same_workspace());
    assert!(!check.matches());
    let not_pdf = tmp.path().join("x.pdf");
    std::fs::write(&not_pdf, b"%PDF-1.3 nothing").unwrap();
    assert!(matches!(
        verify_doc(&store, &not_pdf),
        Err(DocumentsError::NotPlenoDocument { .. })
    ));
}

#[test]
fn export_writes_numbers_per_desa_and_per_tps() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = workspace(tmp.path(), false, &[]);
    let recap = workspace_recap(&store).unwrap();
    let out = tmp.path().join("ekspor");
    let files: Vec<PathBuf> = export(&store, ExportFormat::Csv, &out).unwrap();
    assert_eq!(files.len(), recap.contests.len() * 2);
    let ppwp = recap.contest(Contest::Ppwp).unwrap();
    let mut rd = csv::Reader::from_path(out.join("d-hasil-ppwp.csv")).unwrap();
    let header = rd.headers().unwrap().clone();
    assert_eq!(header.len(), 2 + ppwp.kecamatan.columns.len() + 1);
    let row = rd
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "V.C")
        .unwrap();
    let total: u64 = row[row.len() - 1].parse().unwrap();
    assert_eq!(total, ppwp.kecamatan.total.value(FieldKey::SuaraTotal));
    let tps = csv::Reader::from_path(out.join("tps-ppwp.csv"))
        .unwrap()
        .headers()
        .unwrap()
        .len();
    assert_eq!(tps, 2 + store.election().unwrap().kecamatan.tps_count() + 1);

    let xlsx = export(&store, ExportFormat::Xlsx, &out).unwrap();
    use calamine::{Data, Reader as _};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx[0]).unwrap();
    let names = book.sheet_names();
    assert!(
        names.contains(&"D.Hasil PPWP".to_string()) && names.contains(&"TPS PPWP".to_string()),
        "{names:?}"
    );
    let range = book.worksheet_range("D.Hasil PPWP").unwrap();
    let vc = range
        .rows()
        .find(|r| r.first() == Some(&Data::String("V.C".into())))
        .unwrap();
    assert_eq!(vc.last(), Some(&Data::Float(total as f64)));
}
