//! File names and the dates printed on documents.

use pleno_core::Contest;

use super::DocKind;

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// `2024-03-02T09:05:00.000Z` → `2 Maret 2024`; anything else is returned as it is.
pub fn date_of(rfc3339: &str) -> String {
    let parts: Vec<&str> = rfc3339.get(..10).unwrap_or("").split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
            _ => rfc3339.to_string(),
        },
        _ => rfc3339.to_string(),
    }
}

/// `2024-03-02T09:05:00.000Z` → `2 Maret 2024 pukul 09.05 UTC`. The store keeps UTC; the
/// zone is printed so nobody reads it as WIB.
pub fn time_of(rfc3339: &str) -> String {
    match rfc3339.get(11..16) {
        Some(hm) if rfc3339.len() >= 16 => {
            format!("{} pukul {} UTC", date_of(rfc3339), hm.replace(':', "."))
        }
        _ => rfc3339.to_string(),
    }
}

/// `d-hasil-kecamatan-ppwp.pdf`, `lampiran-d-hasil-kecamatan-dpr-SEMENTARA-UJICOBA.pdf`,
/// `d-kejadian-khusus-keberatan-UJICOBA.pdf`.
pub fn file_name(
    kind: DocKind,
    contest: Option<Contest>,
    provisional: bool,
    drill: bool,
) -> String {
    let mut name = match (kind, contest) {
        (DocKind::DHasil, Some(c)) => format!("d-hasil-kecamatan-{}", c.slug()),
        (DocKind::Lampiran, Some(c)) => format!("lampiran-d-hasil-kecamatan-{}", c.slug()),
        (DocKind::DHasil | DocKind::Lampiran, None) => kind.slug().to_string(),
        (DocKind::DKejadian, _) => "d-kejadian-khusus-keberatan".to_string(),
    };
    if provisional {
        name.push_str("-SEMENTARA");
    }
    if drill {
        name.push_str("-UJICOBA");
    }
    name.push_str(".pdf");
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_indonesian_documents_write_them() {
        assert_eq!(date_of("2024-03-02T09:05:00.000Z"), "2 Maret 2024");
        assert_eq!(
            time_of("2024-02-15T16:30:00.000Z"),
            "15 Februari 2024 pukul 16.30 UTC"
        );
        assert_eq!(date_of("kemarin"), "kemarin");
    }

    #[test]
    fn drill_and_provisional_show_in_the_file_name() {
        assert_eq!(
            file_name(DocKind::DHasil, Some(Contest::Ppwp), false, false),
            "d-hasil-kecamatan-ppwp.pdf"
        );
        assert_eq!(
            file_name(DocKind::Lampiran, Some(Contest::DprdKab), true, true),
            "lampiran-d-hasil-kecamatan-dprd-kab-SEMENTARA-UJICOBA.pdf"
        );
        assert_eq!(
            file_name(DocKind::DKejadian, None, false, true),
            "d-kejadian-khusus-keberatan-UJICOBA.pdf"
        );
    }
}
