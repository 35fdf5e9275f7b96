//! Which PPK keys a KPU Kab/Kota workspace trusts. A bundle's signature proves only that the
//! holder of *some* key signed it; the key must also be the one the kecamatan's PPK uses. The
//! first bundle of a kecamatan is accepted only after the operator has compared the key's
//! fingerprint with the one printed on the PPK's signed D.Hasil (or a key file delivered
//! apart from the bundle); from then on only that key is accepted, until the operator
//! deliberately replaces it the same way.

use schemars::JsonSchema;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use pleno_store::{BundleKey, NewBundleKey};

use super::Manifest;
use super::key::unhex;
use crate::error::{AppError, AppResult, ErrorCode};

/// What the operator vouches for when importing a bundle.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
pub struct KeyTrust {
    /// The fingerprint the operator read on the kecamatan's signed D.Hasil.
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// Replace the kecamatan's enrolled key (the PPK moved to another workstation).
    #[serde(default)]
    pub replace: bool,
    /// Accept a bundle whose audit chain does not extend the one of the earlier bundle from the
    /// same PPK workspace (the PPK restored a backup and went on from it), as the operator
    /// decided on the PPK's written explanation; the import's record says so.
    #[serde(default)]
    pub new_chain: bool,
}

/// The short form people compare: the first 64 bits of the key's SHA-256, as
/// `5577-DB28-91AC-0F3E`. Enough that nobody can make a key with a chosen fingerprint.
pub fn fingerprint(public_hex: &str) -> String {
    let digest = Sha256::digest(unhex(public_hex).unwrap_or_default());
    let hex = pleno_store::hex(&digest[..8]).to_uppercase();
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed fingerprint in the form compared: hex digits only, upper case.
fn normalised(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_uppercase()
}

/// Decides whether a bundle signed by `manifest.public_key` may be imported, given the
/// kecamatan's enrolled key; returns the key to enrol with the import, if any.
pub fn decide(
    manifest: &Manifest,
    enrolled: Option<&BundleKey>,
    trust: &KeyTrust,
) -> AppResult<Option<NewBundleKey>> {
    let theirs = fingerprint(&manifest.public_key);
    let place = format!(
        "Kecamatan {} ({})",
        manifest.kecamatan, manifest.kecamatan_code
    );
    if let Some(k) = enrolled {
        if k.public_key == manifest.public_key {
            return Ok(None);
        }
        if !trust.replace {
            return Err(AppError::new(
                ErrorCode::KeyNotTrusted,
                format!(
                    "paket {place} ditandatangani kunci {theirs}, padahal kunci yang terdaftar untuk kecamatan ini {} (didaftarkan oleh {} pada {}). Paket ditolak; tidak ada yang diubah. Jika PPK memang berganti stasiun kerja, cocokkan sidik kunci baru dengan D.Hasil bertanda tangan, lalu impor dengan 'ganti kunci' (baris perintah: --ganti-kunci --sidik {theirs})",
                    fingerprint(&k.public_key),
                    k.actor,
                    k.at
                ),
            ));
        }
    }
    let Some(given) = &trust.fingerprint else {
        return Err(AppError::new(
            ErrorCode::KeyNotEnrolled,
            format!(
                "{place} belum punya kunci terdaftar. Sidik kunci paket ini: {theirs}. Cocokkan dengan sidik kunci yang tercetak di kaki D.Hasil Kecamatan bertanda tangan (atau berkas kunci yang dikirim terpisah); jika sama, impor ulang dengan sidik itu (baris perintah: --sidik {theirs}). Tidak ada yang diubah"
            ),
        ));
    };
    if normalised(given) != normalised(&theirs) {
        return Err(AppError::new(
            ErrorCode::FingerprintMismatch,
            format!(
                "sidik kunci yang diketik ({given}) tidak sama dengan sidik kunci paket {place} ({theirs}): paket ini tidak ditandatangani stasiun kerja yang mencetak D.Hasil itu. Paket ditolak; tidak ada yang diubah"
            ),
        ));
    }
    let code = pleno_core::wilayah::KecamatanCode::parse(&manifest.kecamatan_code)
        .map_err(|e| AppError::new(ErrorCode::BadBundle, e.to_string()))?;
    Ok(Some(NewBundleKey {
        kecamatan: code,
        name: manifest.kecamatan.clone(),
        public_key: manifest.public_key.clone(),
        how: if enrolled.is_some() {
            format!("kunci pengganti; sidik {theirs} dicocokkan operator")
        } else {
            format!("sidik {theirs} dicocokkan operator dengan D.Hasil bertanda tangan")
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_sixteen_hex_digits_in_four_groups() {
        let fp = fingerprint(&"ab".repeat(32));
        assert_eq!(fp.len(), 19, "{fp}");
        assert_eq!(fp.matches('-').count(), 3);
        assert_ne!(fp, fingerprint(&"ac".repeat(32)));
        assert_eq!(
            normalised(&fp.to_lowercase().replace('-', " ")),
            normalised(&fp)
        );
    }
}
