//! The optional `crops/` part of a bundle: exactly the dataset `pleno crops export` writes,
//! checked before a KPU Kab/Kota trains on it. A crop the labels do not name, a label row
//! without its crops, a label that is no class, or a picture of another size is not what an
//! export writes.

use std::collections::{BTreeMap, BTreeSet};

use super::CROPS_DIR;
use crate::crops::CSV_HEADER;

/// What a label cell may hold (`lead`: a leading box the figure cannot tell empty, crossed or 0).
fn known_label(label: &str) -> bool {
    matches!(label, "empty" | "mark" | "lead")
        || (label.len() == 1 && label.bytes().all(|b| b.is_ascii_digit()))
}

/// A crop's file name: `R-B.png`, a reading id and a box number.
fn crop_name(name: &str) -> bool {
    name.strip_suffix(".png")
        .and_then(|n| n.split_once('-'))
        .is_some_and(|(r, b)| {
            [r, b]
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
        })
}

/// Checks the bundle's `crops/` files, if it has any; the error says what is wrong.
pub(super) fn check(files: &BTreeMap<String, Vec<u8>>) -> Result<(), String> {
    let crops: BTreeMap<&str, &Vec<u8>> = files
        .iter()
        .filter_map(|(k, v)| k.strip_prefix(CROPS_DIR).map(|k| (k, v)))
        .collect();
    if crops.is_empty() {
        return Ok(());
    }
    let labels = crops
        .get("labels.csv")
        .ok_or("potongan kotak tanpa crops/labels.csv")?;
    let text = std::str::from_utf8(labels).map_err(|_| "crops/labels.csv bukan teks UTF-8")?;
    let mut lines = text.lines();
    if lines.next().map(|h| format!("{h}\n")).as_deref() != Some(CSV_HEADER) {
        return Err("crops/labels.csv tidak berkepala kolom ekspor potongan Pleno".into());
    }
    let mut named = BTreeSet::from(["labels.csv"]);
    for (i, line) in lines.enumerate() {
        let row = i + 2;
        // The first three cells (source, input, label) are never quoted.
        let mut cells = line.splitn(4, ',');
        let (Some(source), Some(input), Some(label)) = (cells.next(), cells.next(), cells.next())
        else {
            return Err(format!("crops/labels.csv baris {row} terpotong"));
        };
        if !known_label(label) {
            return Err(format!(
                "crops/labels.csv baris {row}: label '{label}' bukan angka 0-9, empty, mark atau lead"
            ));
        }
        for (path, side) in [(source, 56), (input, 28)] {
            let name = path
                .strip_prefix(if side == 56 { "source/" } else { "input/" })
                .filter(|n| crop_name(n))
                .ok_or_else(|| format!("crops/labels.csv baris {row}: nama '{path}' tidak sah"))?;
            let bytes = crops
                .get(path)
                .ok_or_else(|| format!("crops/{path} yang disebut baris {row} tidak ada"))?;
            let img = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
                .map_err(|e| format!("crops/{path} bukan PNG ({e})"))?;
            if (img.width(), img.height()) != (side, side) {
                return Err(format!(
                    "crops/{path} berukuran {} × {}, bukan {side} × {side}",
                    img.width(),
                    img.height()
                ));
            }
            if !named.insert(path) {
                return Err(format!("crops/{path} disebut dua kali ({name})"));
            }
        }
    }
    if let Some(extra) = crops.keys().find(|k| !named.contains(*k)) {
        return Err(format!("crops/{extra} tidak disebut crops/labels.csv"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(side: u32) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        image::GrayImage::new(side, side)
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap();
        out.into_inner()
    }

    fn bundle(rows: &[&str]) -> BTreeMap<String, Vec<u8>> {
        let mut csv = String::from(CSV_HEADER);
        for r in rows {
            csv.push_str(r);
            csv.push('\n');
        }
        let mut files = BTreeMap::from([("crops/labels.csv".to_string(), csv.into_bytes())]);
        files.insert("crops/source/7-0.png".into(), png(56));
        files.insert("crops/input/7-0.png".into(), png(28));
        files
    }

    const ROW: &str = "source/7-0.png,input/7-0.png,4,digit,3303192001001,3303192001,ppwp,IV.1,0,12,3,5,102,ab,4,0.99,0.98,v";

    #[test]
    fn an_exported_dataset_passes_and_a_bundle_without_one_too() {
        assert_eq!(check(&BTreeMap::new()), Ok(()));
        assert_eq!(check(&bundle(&[ROW])), Ok(()));
    }

    #[test]
    fn what_no_export_writes_is_named() {
        let mut extra = bundle(&[ROW]);
        extra.insert("crops/input/8-0.png".into(), png(28));
        assert!(
            check(&extra)
                .unwrap_err()
                .contains("crops/input/8-0.png tidak disebut")
        );

        let mut small = bundle(&[ROW]);
        small.insert("crops/source/7-0.png".into(), png(28));
        assert!(check(&small).unwrap_err().contains("bukan 56 × 56"));

        let bad_label = ROW.replace(",4,digit", ",x,digit");
        assert!(
            check(&bundle(&[&bad_label]))
                .unwrap_err()
                .contains("label 'x'")
        );

        let escape = ROW.replace("source/7-0.png", "source/../../etc.png");
        assert!(
            check(&bundle(&[&escape]))
                .unwrap_err()
                .contains("tidak sah")
        );

        let missing = ROW.replace("7-0", "9-1");
        assert!(
            check(&bundle(&[&missing]))
                .unwrap_err()
                .contains("tidak ada")
        );

        let twice = bundle(&[ROW, ROW]);
        assert!(check(&twice).unwrap_err().contains("dua kali"));

        let mut headless = bundle(&[ROW]);
        headless.insert("crops/labels.csv".into(), ROW.as_bytes().to_vec());
        assert!(check(&headless).unwrap_err().contains("berkepala"));

        let mut no_labels = bundle(&[ROW]);
        no_labels.remove("crops/labels.csv");
        assert!(check(&no_labels).unwrap_err().contains("labels.csv"));
    }
}
