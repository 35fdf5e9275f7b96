//! The kinds of audit event, declared once (id, machine name, description), as VotingWorks
//! declares its log events in `log_event_details.toml`. The same list fills the `event_kind`
//! table, so the database explains itself to anyone reading it with the sqlite3 shell.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! event_kinds {
    ($(($id:literal, $variant:ident, $kind:literal, $desc:literal)),* $(,)?) => {
        /// What a mutation did. The id and the name are stable: never renumber or rename.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventKind { $($variant),* }

        impl EventKind {
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant),*];

            pub const fn id(self) -> u16 {
                match self { $(EventKind::$variant => $id),* }
            }

            /// Machine name stored in `audit_event.kind`.
            pub const fn kind(self) -> &'static str {
                match self { $(EventKind::$variant => $kind),* }
            }

            /// What the event means, in Indonesian, for the audit screen and the DB table.
            pub const fn description(self) -> &'static str {
                match self { $(EventKind::$variant => $desc),* }
            }
        }

        impl FromStr for EventKind {
            type Err = UnknownEventKind;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($kind => Ok(EventKind::$variant),)*
                    _ => Err(UnknownEventKind(s.to_string())),
                }
            }
        }
    };
}

event_kinds! {
    (1, WorkspaceCreated, "workspace_created", "Ruang kerja dibuat beserta data wilayah, TPS, DPT, surat suara, anggota PPK dan saksi"),
    (2, SchemaMigrated, "schema_migrated", "Skema basis data dinaikkan ke versi baru"),
    (3, SettingsUpdated, "settings_updated", "Pengaturan ruang kerja diubah (uji coba, ambang, jumlah panel)"),
    (4, PanelAdded, "panel_added", "Panel pleno dibentuk"),
    (5, PanelDesaAssigned, "panel_desa_assigned", "Desa/kelurahan ditugaskan ke panel"),
    (6, PanelChairSet, "panel_chair_set", "Pimpinan panel ditetapkan"),
    (7, TpsHandedOver, "tps_handed_over", "TPS dialihkan ke panel lain dengan alasan"),
    (8, KppsPanelsRecorded, "kpps_panels_recorded", "Jumlah panel penghitungan KPPS (1 atau 2) di TPS dicatat"),
    (9, BlobStored, "blob_stored", "Berkas asli (foto/pindaian) disimpan dengan sidik SHA-256"),
    (10, PageAdded, "page_added", "Halaman formulir dicatat dari berkas"),
    (11, PageStatusSet, "page_status_set", "Status halaman diubah (dikenali/tidak dikenali/ditolak)"),
    (12, PageAssigned, "page_assigned", "Halaman ditetapkan ke TPS, jenis pemilihan dan kode halaman"),
    (13, ReadingsAdded, "readings_added", "Hasil baca mesin untuk isian halaman dicatat"),
    (14, EntriesAdded, "entries_added", "Angka isian dicatat (OCR diterima, petugas, hitung ulang, impor)"),
    (15, ObjectionRaised, "objection_raised", "Keberatan atau kejadian khusus dicatat"),
    (16, ObjectionResolved, "objection_resolved", "Keberatan atau kejadian khusus diputuskan"),
    (17, FormAgreed, "form_agreed", "Formulir TPS disepakati dalam pleno"),
    (18, DesaClosed, "desa_closed", "Rekapitulasi desa/kelurahan ditutup"),
    (19, KecamatanFinal, "kecamatan_final", "Rekapitulasi kecamatan ditetapkan"),
    (20, SignOffRevoked, "signoff_revoked", "Persetujuan atau penutupan dibuka kembali dengan alasan"),
    (21, KecamatanTotalsImported, "kecamatan_totals_imported", "Jumlah hasil kecamatan diimpor untuk rekap kabupaten/kota"),
    (22, PageGeometrySet, "page_geometry_set", "Letak formulir pada foto (ukuran, arah putar, empat sudut) ditetapkan atau dibetulkan"),
    (23, FormAbsentRecorded, "form_absent_recorded", "Formulir TPS dicatat tidak ada (mis. kotak suara hilang) berdasarkan kejadian khusus"),
    (24, BundleKeyEnrolled, "bundle_key_enrolled", "Kunci PPK suatu kecamatan didaftarkan sebagai kunci paket yang dipercaya"),
    (25, BackupMade, "backup_made", "Cadangan ruang kerja dibuat di folder lain dan diperiksa ulang"),
    (26, DeviceCreated, "device_created", "Perangkat jaringan (laptop panel, layar) dibuat untuk seseorang dengan perannya; kode pasangan dibuat"),
    (27, DevicePaired, "device_paired", "Perangkat jaringan dipasangkan dengan kodenya dan menerima token"),
    (28, DeviceRevoked, "device_revoked", "Perangkat jaringan dicabut; tokennya tidak berlaku lagi"),
    (29, PairingRefused, "pairing_refused", "Percobaan pasangan perangkat ditolak (kode salah atau kedaluwarsa)"),
    (30, KeyProtected, "key_protected", "Kunci stasiun kerja dilindungi frasa sandi (baru atau diganti) oleh ketua PPK"),
    (32, KabupatenReferenceSet, "kabupaten_reference_set", "Data wilayah KPU Kabupaten/Kota (setiap kecamatan dan desanya) ditetapkan untuk memeriksa paket PPK"),
    (31, ChainCheckpoint, "chain_checkpoint", "Kepala rantai audit ditandatangani dengan kunci stasiun kerja (titik periksa)"),
    (33, LayoutCalibrated, "layout_calibrated", "Tata letak formulir hasil kalibrasi dipasang untuk satu kode halaman, atau dicabut sehingga halaman itu kembali ke tata letak bawaan"),
    (34, ModelInstalled, "model_installed", "Model angka hasil latih ulang dipasang untuk ruang kerja ini setelah lolos pemeriksaan, atau dicabut sehingga kembali ke model bawaan"),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("jenis peristiwa audit '{0}' tidak dikenal oleh versi Pleno ini; perbarui Pleno")]
pub struct UnknownEventKind(pub String);

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind())
    }
}

impl Serialize for EventKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.kind())
    }
}

// Travels as its machine name, so the UI's type lists those.
impl schemars::JsonSchema for EventKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EventKind".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.kind()).collect();
        schemars::json_schema!({ "type": "string", "enum": names })
    }
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_round_trip() {
        let ids: BTreeSet<u16> = EventKind::ALL.iter().map(|k| k.id()).collect();
        let names: BTreeSet<&str> = EventKind::ALL.iter().map(|k| k.kind()).collect();
        assert_eq!(ids.len(), EventKind::ALL.len());
        assert_eq!(names.len(), EventKind::ALL.len());
        for k in EventKind::ALL {
            assert_eq!(k.kind().parse::<EventKind>().unwrap(), *k);
            assert!(!k.description().is_empty());
        }
        assert!("entry_deleted".parse::<EventKind>().is_err());
    }
}
