//! Reading and checking a bundle, and importing it into a kabupaten workspace.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Component, Path};

use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};

use pleno_core::reference::Election;
use pleno_core::wilayah::KecamatanCode;
use pleno_store::{ChainHead, KecamatanImport, Store, StoreError, WorkspaceLevel};

use super::key::verify;
use super::trust::{KeyTrust, decide, fingerprint};
use super::validate::{REQUIRED_FILES, check_chain, check_election, check_files, check_recap};
use super::{ContestTotals, FORMAT, Manifest};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::events::AppEvent;
use crate::workspace::{Who, Workspace};

/// Largest bundle accepted (page images included).
const MAX_BYTES: u64 = 8 << 30;
/// Largest page image in a bundle: what an upload takes (uploads.rs). Images are hashed as
/// they stream past and not kept: the kabupaten needs only that each is what its name says.
const MAX_IMAGE_BYTES: u64 = 64 << 20;
/// Largest record file (the audit log of a 1,500-TPS kecamatan is a few hundred MB at most).
/// Records are read whole for their checks, so this bounds the memory an import takes.
const MAX_RECORD_BYTES: u64 = 768 << 20;

/// A bundle whose signature and every file checked out.
#[derive(Debug, Clone)]
pub struct ImportedBundle {
    pub manifest: Manifest,
    pub election: Election,
    pub recap: Vec<ContestTotals>,
    /// The record files; page images are checked as they stream past and not kept.
    pub files: BTreeMap<String, Vec<u8>>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, JsonSchema)]
pub struct BundleImportReport {
    pub kecamatan: String,
    pub kecamatan_code: String,
    pub contests: usize,
    pub public_key: String,
    /// The key's fingerprint as printed on the PPK's documents.
    pub fingerprint: String,
    /// True when this import enrolled the key (the kecamatan's first bundle, or a replacement).
    pub key_enrolled: bool,
    /// The PPK's audit chain head when it exported (`SEQ:HEX16`), kept with the figures: an
    /// anchor for `pleno verify --anchor` on that PPK's workspace.
    pub audit_head: Option<String>,
}

pub(super) fn bad(path: &Path, what: impl Into<String>) -> AppError {
    AppError::new(
        ErrorCode::BadBundle,
        format!(
            "paket {} ditolak: {}. Tidak ada yang diubah; minta PPK mengirim ulang paketnya",
            path.display(),
            what.into()
        ),
    )
}

/// Feeds what is written into a hash: an image is checked without being kept.
struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn safe(name: &Path) -> bool {
    !name.as_os_str().is_empty() && name.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Reads `path` and checks it completely before anything is used.
pub fn read_bundle(path: &Path) -> AppResult<ImportedBundle> {
    let file =
        std::fs::File::open(path).map_err(|e| bad(path, format!("tidak dapat dibuka ({e})")))?;
    let mut archive = tar::Archive::new(file);
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    // Page images: name → (SHA-256, size), hashed as they stream past.
    let mut images: BTreeMap<String, (String, u64)> = BTreeMap::new();
    let mut total = 0u64;
    let entries = archive
        .entries()
        .map_err(|e| bad(path, format!("bukan paket Pleno ({e})")))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| bad(path, format!("terpotong atau rusak ({e})")))?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(bad(path, "memuat tautan atau folder, bukan berkas biasa"));
        }
        let name = entry
            .path()
            .map_err(|e| bad(path, format!("nama berkas tidak sah ({e})")))?
            .into_owned();
        if !safe(&name) {
            return Err(bad(
                path,
                format!("nama berkas '{}' keluar dari paket", name.display()),
            ));
        }
        let key = name.to_string_lossy().replace('\\', "/");
        total += entry.size();
        if total > MAX_BYTES {
            return Err(bad(path, "terlalu besar"));
        }
        // Judged on the header's size, before a byte is read: a 1 GiB entry was read whole.
        let image = key.starts_with("blobs/");
        let limit = if image {
            MAX_IMAGE_BYTES
        } else {
            MAX_RECORD_BYTES
        };
        if entry.size() > limit {
            return Err(bad(
                path,
                format!(
                    "berkas {key} terlalu besar ({} bait; paling besar {limit})",
                    entry.size()
                ),
            ));
        }
        if files.contains_key(&key) || images.contains_key(&key) {
            return Err(bad(path, format!("berkas {key} muncul dua kali")));
        }
        if image {
            let mut hasher = Sha256::new();
            let size = std::io::copy(&mut entry, &mut HashWriter(&mut hasher))
                .map_err(|e| bad(path, format!("terpotong ({e})")))?;
            if size != entry.size() {
                return Err(bad(path, format!("berkas {key} terpotong")));
            }
            images.insert(key, (pleno_store::hex(&hasher.finalize()), size));
            continue;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| bad(path, format!("terpotong ({e})")))?;
        if bytes.len() as u64 != entry.size() {
            return Err(bad(path, format!("berkas {key} terpotong")));
        }
        files.insert(key, bytes);
    }
    let manifest_bytes = files
        .remove("manifest.json")
        .ok_or_else(|| bad(path, "manifest.json tidak ada"))?;
    let signature = files
        .remove("manifest.sig")
        .ok_or_else(|| bad(path, "tanda tangan manifest.sig tidak ada"))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| bad(path, format!("manifest.json tidak terbaca ({e})")))?;
    if manifest.format != FORMAT {
        return Err(bad(
            path,
            format!("format '{}' tidak dikenal", manifest.format),
        ));
    }
    if manifest.public_key.len() != 64
        || !manifest
            .public_key
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(bad(path, "kunci publik di manifest tidak sah"));
    }
    if !verify(
        &manifest.public_key,
        &manifest_bytes,
        &String::from_utf8_lossy(&signature),
    ) {
        return Err(bad(
            path,
            "tanda tangan tidak cocok dengan manifest (paket diubah setelah ditandatangani)",
        ));
    }
    for f in &manifest.files {
        let (sha, size) = match (files.get(&f.path), images.get(&f.path)) {
            (Some(bytes), _) => (pleno_store::hex(&Sha256::digest(bytes)), bytes.len() as u64),
            (None, Some((sha, size))) => (sha.clone(), *size),
            (None, None) => {
                return Err(bad(
                    path,
                    format!("berkas {} yang tercantum di manifest tidak ada", f.path),
                ));
            }
        };
        if size != f.size || sha != f.sha256 {
            return Err(bad(
                path,
                format!("isi berkas {} tidak sama dengan manifest", f.path),
            ));
        }
    }
    if let Some(extra) = files
        .keys()
        .chain(images.keys())
        .find(|k| !manifest.files.iter().any(|f| &f.path == *k))
    {
        return Err(bad(
            path,
            format!("berkas {extra} tidak tercantum di manifest"),
        ));
    }
    if let Some(missing) = REQUIRED_FILES.iter().find(|f| !files.contains_key(**f)) {
        return Err(bad(path, format!("berkas {missing} tidak ada")));
    }
    check_files(path, &files, &images)?;
    check_chain(path, &manifest, &files)?;
    let parse = |name: &str| {
        files
            .get(name)
            .ok_or_else(|| bad(path, format!("{name} tidak ada")))
    };
    let election: Election = serde_json::from_slice(parse("election.json")?)
        .map_err(|e| bad(path, format!("election.json tidak terbaca ({e})")))?;
    let recap: Vec<ContestTotals> = serde_json::from_slice(parse("recap.json")?)
        .map_err(|e| bad(path, format!("recap.json tidak terbaca ({e})")))?;
    check_election(path, &manifest, &election)?;
    check_recap(path, &election, &recap)?;
    super::entries_check::check_l1(path, &election, &recap, &files)?;
    Ok(ImportedBundle {
        manifest,
        election,
        recap,
        files,
    })
}

impl Workspace {
    /// Imports a checked bundle into this kabupaten workspace: one kecamatan's totals per
    /// contest (a later bundle of the same kecamatan supersedes the earlier one), signed by the
    /// key enrolled for that kecamatan or, with `trust`, enrolling it.
    pub fn import_bundle(
        &self,
        who: &Who,
        path: &Path,
        trust: &KeyTrust,
    ) -> AppResult<BundleImportReport> {
        let bundle = read_bundle(path)?;
        let mut store = self.writable()?;
        let report = import_checked(&mut store, who, path, bundle, trust)?;
        drop(store);
        self.notify(AppEvent::RecapChanged);
        Ok(report)
    }
}

/// Checks `bundle` against this workspace and its enrolled key, then writes it in one
/// transaction.
pub(crate) fn import_checked(
    store: &mut Store,
    who: &Who,
    path: &Path,
    bundle: ImportedBundle,
    trust: &KeyTrust,
) -> AppResult<BundleImportReport> {
    if store.level() != WorkspaceLevel::Kabupaten {
        return Err(StoreError::WrongLevel {
            operation: "impor paket kecamatan",
            needed: WorkspaceLevel::Kabupaten.as_str(),
            actual: store.level().as_str(),
        }
        .into());
    }
    let code = KecamatanCode::parse(&bundle.manifest.kecamatan_code)
        .map_err(|e| bad(path, e.to_string()))?;
    let settings = store.settings()?;
    if settings.drill != bundle.manifest.drill {
        return Err(bad(
            path,
            if bundle.manifest.drill {
                "paket dari ruang kerja uji coba tidak boleh masuk ruang kerja resmi"
            } else {
                "paket resmi tidak boleh masuk ruang kerja uji coba"
            },
        ));
    }
    if let Some(reference) = super::stored_reference(store)? {
        super::check_reference(path, &reference, &bundle)?;
    }
    let mine = store.election()?;
    if mine.kecamatan.kabupaten != bundle.election.kecamatan.kabupaten {
        return Err(bad(
            path,
            format!(
                "Kecamatan {} berada di kabupaten/kota {}, bukan {} ruang kerja ini",
                bundle.manifest.kecamatan,
                bundle.election.kecamatan.kabupaten,
                mine.kecamatan.kabupaten
            ),
        ));
    }
    for c in &bundle.recap {
        let mine = store.catalogue(c.contest)?;
        let theirs = bundle
            .election
            .ballot(c.contest)
            .map(pleno_core::Catalogue::new)
            .ok_or_else(|| {
                bad(
                    path,
                    format!("surat suara {} tidak ada di paket", c.contest),
                )
            })?;
        if mine.keys().collect::<Vec<_>>() != theirs.keys().collect::<Vec<_>>() {
            return Err(bad(
                path,
                format!(
                    "isian {} paket berbeda dengan ruang kerja ini (dapil atau daftar calon lain)",
                    c.contest.form_suffix()
                ),
            ));
        }
    }
    let enrol = decide(&bundle.manifest, store.bundle_key(&code)?.as_ref(), trust)?;
    let fp = fingerprint(&bundle.manifest.public_key);
    let audit_head = bundle.manifest.audit_head.as_ref().map(ChainHead::short);
    let mut source = format!(
        "{} (ruang kerja {}, kunci {fp}{})",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        bundle.manifest.workspace_id,
        audit_head
            .as_deref()
            .map_or_else(String::new, |h| format!(", rantai audit {h}")),
    );
    // A later bundle of the same PPK workspace must carry the chain of the earlier one.
    if let Some((workspace, earlier)) = store.last_imported_head(&code)?
        && workspace == bundle.manifest.workspace_id
        && let now = super::validate::chain_hash_at(&bundle.files, earlier.seq)
        && now.as_deref() != Some(earlier.hash.as_str())
    {
        if trust.new_chain {
            source = format!(
                "{source}; rantai audit tidak melanjutkan {} paket sebelumnya, diterima atas keputusan petugas",
                earlier.short()
            );
        } else {
            return Err(bad(
                path,
                format!(
                    "paket ini tidak melanjutkan rantai audit paket sebelumnya dari ruang kerja PPK yang sama: peristiwa {} {}; riwayat di PPK telah ditulis ulang, atau ini paket yang lebih lama. Minta PPK menjelaskan secara tertulis; bila PPK memulihkan cadangan, impor dengan --rantai-baru",
                    earlier.short(),
                    now.map_or_else(
                        || "tidak ada di paket ini".to_string(),
                        |h| format!("kini bersidik {}…", h.chars().take(16).collect::<String>())
                    )
                ),
            ));
        }
    }
    let imports: Vec<KecamatanImport> = bundle
        .recap
        .iter()
        .map(|c| KecamatanImport {
            kecamatan: code.clone(),
            name: bundle.manifest.kecamatan.clone(),
            contest: c.contest,
            source: source.clone(),
            blob: None,
            totals: c.totals.clone(),
            completeness: c.completeness.clone(),
            audit_head: bundle
                .manifest
                .audit_head
                .clone()
                .map(|h| (bundle.manifest.workspace_id.clone(), h)),
        })
        .collect();
    store.import_kecamatan(&who.actor, enrol.as_ref(), &imports)?;
    Ok(BundleImportReport {
        kecamatan: bundle.manifest.kecamatan,
        kecamatan_code: code.to_string(),
        contests: bundle.recap.len(),
        public_key: bundle.manifest.public_key,
        fingerprint: fp,
        key_enrolled: enrol.is_some(),
        audit_head,
    })
}
