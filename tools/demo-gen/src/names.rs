//! Invented but plausible names for candidates, PPK members and saksi.

use crate::rng::Rng;

const GIVEN_M: &[&str] = &[
    "Agus",
    "Bambang",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hadi",
    "Hendra",
    "Imam",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Muhammad",
    "Nur",
    "Purnomo",
    "Rahmat",
    "Slamet",
    "Sugeng",
    "Teguh",
    "Wahyu",
    "Yusuf",
    "Arif",
    "Dwi",
    "Heru",
    "Iwan",
    "Rudi",
    "Sutrisno",
    "Tri",
    "Wawan",
    "Zainal",
];
const GIVEN_F: &[&str] = &[
    "Ani", "Dewi", "Endah", "Fitri", "Indah", "Kartika", "Lestari", "Maya", "Nining", "Puji",
    "Ratna", "Siti", "Sri", "Tuti", "Umi", "Wulan", "Yuni", "Ayu", "Dian", "Rina", "Nurul", "Eka",
    "Ratih", "Sari",
];
const FAMILY: &[&str] = &[
    "Santoso",
    "Wibowo",
    "Saputra",
    "Pratama",
    "Hidayat",
    "Setiawan",
    "Kusuma",
    "Nugroho",
    "Susanto",
    "Prasetyo",
    "Wijaya",
    "Hartono",
    "Purwanto",
    "Rahayu",
    "Utomo",
    "Handayani",
    "Suryani",
    "Wulandari",
    "Permana",
    "Firmansyah",
    "Maulana",
    "Ramadhan",
    "Sulistyo",
    "Haryanto",
    "Sudarsono",
    "Mulyadi",
    "Riyanto",
    "Suharto",
    "Widodo",
    "Yulianto",
];
const TITLES: &[&str] = &["", "", "", "", "Dr. ", "Ir. ", "H. ", "Hj. "];
const DEGREES: &[&str] = &[
    "", "", "", ", S.H.", ", S.E.", ", S.Pd.", ", M.M.", ", S.Sos.",
];

pub fn person(rng: &mut Rng, female: bool) -> String {
    let given = if female {
        rng.pick(GIVEN_F)
    } else {
        rng.pick(GIVEN_M)
    };
    let mut title = *rng.pick(TITLES);
    if (title == "Hj. " && !female) || (title == "H. " && female) {
        title = "";
    }
    format!("{title}{given} {}{}", rng.pick(FAMILY), rng.pick(DEGREES))
}

/// The desa of the fictional Kecamatan Sukamaju with their TPS counts (120 TPS in all).
pub const DESA: [(&str, u16); 15] = [
    ("KARANGJATI", 10),
    ("SIDAREJA", 8),
    ("TLAGAYASA", 9),
    ("KEDUNGWULUH", 7),
    ("BANJARSARI", 6),
    ("PANUNGGALAN", 11),
    ("GUNUNGWANGI", 8),
    ("SUMBERAGUNG", 7),
    ("CANDINATA", 9),
    ("REJASARI", 5),
    ("LARANGAN", 8),
    ("PAGERANDONG", 6),
    ("KALIJARAN", 10),
    ("SOKAWERA", 7),
    ("TEGALPINGEN", 9),
];
