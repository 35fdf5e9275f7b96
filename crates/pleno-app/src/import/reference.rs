//! Reference files → the `Election` a workspace is set up with: wilayah, desa, TPS with DPT,
//! dapil, candidates, PPK members and saksi. Layouts are documented in
//! docs/reference-files.md; a template is in assets/templates/.

use std::collections::BTreeMap;
use std::path::Path;

use pleno_core::Contest;
use pleno_core::ballot::{Ballot, BallotItems, Candidate, Dapil, Gender, PartyList, parties_for};
use pleno_core::reference::{Desa, Election, Kecamatan, Member, Saksi, Tps};
use pleno_core::rules::level::check_codes;
use pleno_core::wilayah::{DesaCode, KabupatenCode, KecamatanCode, ProvinsiCode, TpsCode};

use super::table::{ImportError, Source, Table};

/// Sheet names of the reference workbook (or CSV file stems).
pub const SHEETS: [&str; 7] = ["wilayah", "desa", "tps", "dapil", "calon", "ppk", "saksi"];

/// Largest DPT of one column of one TPS that the import accepts.
const MAX_DPT: u32 = 999;

fn required<'a>(t: Option<&'a Table>, name: &str, path: &Path) -> Result<&'a Table, ImportError> {
    t.ok_or_else(|| {
        ImportError::file(
            path,
            format!(
                "lembar/berkas '{name}' tidak ada; lihat templat assets/templates/referensi.xlsx"
            ),
        )
    })
}

fn contest_of(
    t: &Table,
    row: usize,
    cells: &[super::table::Cell],
    col: usize,
) -> Result<Contest, ImportError> {
    let raw = t.text(row, cells, col)?;
    raw.parse::<Contest>()
        .map_err(|e| ImportError::at(t.place(Some(row), Some(&t.header[col])), e.to_string()))
}

/// Loads a reference workbook (.xlsx) or a folder of CSV files. Nothing is written anywhere;
/// the caller stores the result in one transaction.
pub fn load_reference(path: &Path) -> Result<Election, ImportError> {
    let source = Source::detect(path)?;
    let tables = source.tables(&SHEETS)?;
    let [wilayah, desa, tps, dapil, calon, ppk, saksi] = &tables[..] else {
        return Err(ImportError::file(path, "jumlah lembar tidak sesuai"));
    };

    // wilayah: tingkat | kode | nama
    let w = required(wilayah.as_ref(), "wilayah", path)?;
    let (c_level, c_code, c_name) = (w.column("tingkat")?, w.column("kode")?, w.column("nama")?);
    let mut levels: BTreeMap<String, (usize, String, String)> = BTreeMap::new();
    for (row, cells) in &w.rows {
        let level = w.text(*row, cells, c_level)?.to_lowercase();
        let level = match level.as_str() {
            "provinsi" => "provinsi",
            "kabupaten" | "kota" | "kabupaten/kota" => "kabupaten",
            "kecamatan" => "kecamatan",
            other => {
                return Err(ImportError::at(
                    w.place(Some(*row), Some("tingkat")),
                    format!(
                        "'{other}' bukan tingkat yang dikenal; gunakan provinsi, kabupaten atau kecamatan"
                    ),
                ));
            }
        };
        levels.insert(
            level.to_string(),
            (
                *row,
                w.text(*row, cells, c_code)?,
                w.text(*row, cells, c_name)?,
            ),
        );
    }
    let get_level = |name: &str| {
        levels.get(name).cloned().ok_or_else(|| {
            ImportError::at(
                w.place(None, Some("tingkat")),
                format!("baris tingkat '{name}' tidak ada; lembar wilayah memerlukan provinsi, kabupaten dan kecamatan"),
            )
        })
    };
    let code_err = |row: usize, e: pleno_core::wilayah::CodeError| {
        ImportError::at(w.place(Some(row), Some("kode")), e.to_string())
    };
    let (pr, prov_code, prov_name) = get_level("provinsi")?;
    let (kr, kab_code, kab_name) = get_level("kabupaten")?;
    let (cr, kec_code, kec_name) = get_level("kecamatan")?;
    let provinsi = ProvinsiCode::parse(&prov_code).map_err(|e| code_err(pr, e))?;
    let kabupaten = KabupatenCode::parse(&kab_code).map_err(|e| code_err(kr, e))?;
    let code = KecamatanCode::parse(&kec_code).map_err(|e| code_err(cr, e))?;

    // desa: kode_desa | nama_desa
    let d = required(desa.as_ref(), "desa", path)?;
    let (c_dcode, c_dname) = (d.column("kode_desa")?, d.column("nama_desa")?);
    let mut desa_list: Vec<Desa> = Vec::new();
    for (row, cells) in &d.rows {
        let raw = d.text(*row, cells, c_dcode)?;
        let dcode = DesaCode::parse(&raw)
            .map_err(|e| ImportError::at(d.place(Some(*row), Some("kode_desa")), e.to_string()))?;
        if dcode.kecamatan() != code {
            return Err(ImportError::at(
                d.place(Some(*row), Some("kode_desa")),
                format!("desa {dcode} tidak berada di kecamatan {code}"),
            ));
        }
        if desa_list.iter().any(|x| x.code == dcode) {
            return Err(ImportError::at(
                d.place(Some(*row), Some("kode_desa")),
                format!("kode desa {dcode} sudah ada di baris sebelumnya"),
            ));
        }
        desa_list.push(Desa {
            code: dcode,
            name: d.text(*row, cells, c_dname)?,
            tps: Vec::new(),
        });
    }

    // tps: kode_tps | dpt_l | dpt_p   (or kode_desa | nomor_tps | dpt_l | dpt_p)
    let t = required(tps.as_ref(), "tps", path)?;
    let (c_l, c_p) = (t.column("dpt_l")?, t.column("dpt_p")?);
    // A TPS is given by its 13-digit code, or by its desa code and number.
    let by_code = match (
        t.optional_column("kode_desa"),
        t.optional_column("nomor_tps"),
    ) {
        (Some(cd), Some(cn)) if t.optional_column("kode_tps").is_none() => Err((cd, cn)),
        _ => Ok(t.column("kode_tps")?),
    };
    for (row, cells) in &t.rows {
        let code_res = match by_code {
            Ok(c) => TpsCode::parse(&t.text(*row, cells, c)?),
            Err((cd, cn)) => {
                let dcode = DesaCode::parse(&t.text(*row, cells, cd)?).map_err(|e| {
                    ImportError::at(t.place(Some(*row), Some("kode_desa")), e.to_string())
                })?;
                let n = t.required_number(*row, cells, cn, 999)?;
                dcode.tps(n as u16)
            }
        };
        let tcode = code_res
            .map_err(|e| ImportError::at(t.place(Some(*row), Some("kode_tps")), e.to_string()))?;
        let Some(target) = desa_list.iter_mut().find(|x| x.code == tcode.desa()) else {
            return Err(ImportError::at(
                t.place(Some(*row), Some("kode_tps")),
                format!(
                    "TPS {tcode}: desa {} tidak ada di lembar desa",
                    tcode.desa()
                ),
            ));
        };
        if target.tps.iter().any(|x| x.code == tcode) {
            return Err(ImportError::at(
                t.place(Some(*row), Some("kode_tps")),
                format!("TPS {tcode} sudah ada di baris sebelumnya"),
            ));
        }
        target.tps.push(Tps {
            code: tcode,
            dpt_l: t.required_number(*row, cells, c_l, MAX_DPT)?,
            dpt_p: t.required_number(*row, cells, c_p, MAX_DPT)?,
        });
    }
    for dd in &mut desa_list {
        dd.tps.sort_by(|a, b| a.code.cmp(&b.code));
    }
    if let Some(empty) = desa_list.iter().find(|x| x.tps.is_empty()) {
        return Err(ImportError::at(
            t.place(None, None),
            format!(
                "desa {} ({}) belum memiliki TPS; tambahkan TPS-nya",
                empty.name, empty.code
            ),
        ));
    }

    let kecamatan = Kecamatan {
        provinsi,
        provinsi_name: prov_name,
        kabupaten,
        kabupaten_name: kab_name,
        code,
        name: kec_name,
        desa: desa_list,
    };
    if let Some(f) = check_codes(&kecamatan).into_iter().next() {
        return Err(ImportError::file(path, f.text_id));
    }

    let ballots = load_ballots(
        path,
        dapil.as_ref(),
        calon.as_ref(),
        kecamatan.provinsi.as_str(),
    )?;
    let members = load_members(path, ppk.as_ref())?;
    let saksi = load_saksi(saksi.as_ref(), &ballots)?;
    Ok(Election {
        kecamatan,
        ballots,
        members,
        saksi,
    })
}

fn load_ballots(
    path: &Path,
    dapil: Option<&Table>,
    calon: Option<&Table>,
    provinsi: &str,
) -> Result<Vec<Ballot>, ImportError> {
    let mut dapils: BTreeMap<Contest, Dapil> = BTreeMap::new();
    if let Some(t) = dapil {
        let (cj, ck, cn) = (
            t.column("jenis")?,
            t.column("kode_dapil")?,
            t.column("nama_dapil")?,
        );
        for (row, cells) in &t.rows {
            let contest = contest_of(t, *row, cells, cj)?;
            dapils.insert(
                contest,
                Dapil {
                    code: t.text(*row, cells, ck)?,
                    name: t.text(*row, cells, cn)?,
                },
            );
        }
    }
    let mut party_cands: BTreeMap<(Contest, u8), Vec<Candidate>> = BTreeMap::new();
    let mut dpd: Vec<Candidate> = Vec::new();
    if let Some(t) = calon {
        let (cj, cp, cu, cn) = (
            t.column("jenis")?,
            t.column("nomor_partai")?,
            t.column("nomor_urut")?,
            t.column("nama")?,
        );
        let cg = t.optional_column("jenis_kelamin");
        for (row, cells) in &t.rows {
            let contest = contest_of(t, *row, cells, cj)?;
            let nomor = t.required_number(*row, cells, cu, 99)? as u8;
            let gender = match cg.and_then(|c| t.optional_text(cells, c)).as_deref() {
                None => None,
                Some("L" | "l") => Some(Gender::L),
                Some("P" | "p") => Some(Gender::P),
                Some(other) => {
                    return Err(ImportError::at(
                        t.place(Some(*row), Some("jenis_kelamin")),
                        format!("'{other}' bukan L atau P"),
                    ));
                }
            };
            let cand = Candidate {
                nomor,
                name: t.text(*row, cells, cn)?,
                gender,
            };
            match contest {
                Contest::Dpd => dpd.push(cand),
                Contest::Ppwp => {
                    return Err(ImportError::at(
                        t.place(Some(*row), Some("jenis")),
                        "pasangan calon PPWP sudah terpasang; lembar calon hanya untuk DPR, DPD dan DPRD",
                    ));
                }
                _ => {
                    let party = t.required_number(*row, cells, cp, 99)? as u8;
                    if !parties_for(contest, provinsi)
                        .iter()
                        .any(|p| p.nomor == party)
                    {
                        return Err(ImportError::at(
                            t.place(Some(*row), Some("nomor_partai")),
                            format!(
                                "partai nomor {party} tidak ada pada surat suara {contest} provinsi {provinsi}"
                            ),
                        ));
                    }
                    party_cands.entry((contest, party)).or_default().push(cand);
                }
            }
        }
    }
    let mut ballots = vec![Ballot::ppwp_2024()];
    for contest in [
        Contest::Dpr,
        Contest::Dpd,
        Contest::DprdProv,
        Contest::DprdKab,
    ] {
        let items = if contest == Contest::Dpd {
            dpd.sort_by_key(|c| c.nomor);
            BallotItems::Candidates(dpd.clone())
        } else {
            BallotItems::Parties(
                parties_for(contest, provinsi)
                    .into_iter()
                    .map(|party| {
                        let mut candidates = party_cands
                            .remove(&(contest, party.nomor))
                            .unwrap_or_default();
                        candidates.sort_by_key(|c| c.nomor);
                        PartyList { party, candidates }
                    })
                    .collect(),
            )
        };
        let ballot = Ballot {
            contest,
            dapil: dapils.remove(&contest),
            items,
        };
        if contest.has_dapil() && ballot.dapil.is_none() {
            return Err(ImportError::file(
                path,
                format!(
                    "dapil {} belum diisi di lembar dapil",
                    contest.form_suffix()
                ),
            ));
        }
        ballot.validate().map_err(|e| match e {
            pleno_core::ballot::BallotError::Empty { contest } => ImportError::file(
                path,
                format!(
                    "lembar calon belum memuat calon {}; tambahkan baris dengan jenis '{}'",
                    contest.form_suffix(),
                    contest.slug()
                ),
            ),
            other => ImportError::file(path, format!("lembar calon: {other}")),
        })?;
        ballots.push(ballot);
    }
    Ok(ballots)
}

fn load_members(path: &Path, ppk: Option<&Table>) -> Result<Vec<Member>, ImportError> {
    let Some(t) = ppk else {
        return Err(ImportError::file(
            path,
            "lembar 'ppk' (anggota PPK) tidak ada",
        ));
    };
    let (cn, cj) = (t.column("nama")?, t.column("jabatan")?);
    let mut out = Vec::new();
    for (row, cells) in &t.rows {
        out.push(Member {
            name: t.text(*row, cells, cn)?,
            role: t.text(*row, cells, cj)?,
        });
    }
    if !out.iter().any(|m| m.role.eq_ignore_ascii_case("ketua")) {
        return Err(ImportError::at(
            t.place(None, Some("jabatan")),
            "tidak ada anggota PPK berjabatan 'Ketua'",
        ));
    }
    Ok(out)
}

fn load_saksi(saksi: Option<&Table>, ballots: &[Ballot]) -> Result<Vec<Saksi>, ImportError> {
    let Some(t) = saksi else {
        return Ok(Vec::new());
    };
    let (cj, cp, cn) = (
        t.column("jenis")?,
        t.column("nomor_peserta")?,
        t.column("nama")?,
    );
    let mut out = Vec::new();
    for (row, cells) in &t.rows {
        let contest = contest_of(t, *row, cells, cj)?;
        let participant = t.required_number(*row, cells, cp, 99)? as u8;
        let known = ballots
            .iter()
            .find(|b| b.contest == contest)
            .is_some_and(|b| b.participants().iter().any(|(n, _)| *n == participant));
        if !known {
            return Err(ImportError::at(
                t.place(Some(*row), Some("nomor_peserta")),
                format!("peserta nomor {participant} tidak ada pada surat suara {contest}"),
            ));
        }
        out.push(Saksi {
            contest,
            participant,
            name: t.text(*row, cells, cn)?,
        });
    }
    Ok(out)
}
