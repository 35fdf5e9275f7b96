//! Broken bundles: damaged or cut archives, and archives re-signed by the enrolled key around
//! content no export makes (odd values anywhere in the JSON, files missing, added or not JSON,
//! a manifest that disagrees with its files).

use std::path::{Path, PathBuf};

use pleno_app::bundle::{Manifest, WorkstationKey};
use serde_json::Value;

use super::rng::Rng;
use crate::common::bundles::{Files, signed, signed_as_is};

pub struct Good {
    pub raw: Vec<u8>,
    pub manifest: Manifest,
    pub files: Files,
}

/// Writes one broken bundle to `out`; also says what was broken.
pub fn broken_bundle(
    rng: &mut Rng,
    good: &Good,
    key: &WorkstationKey,
    out: &Path,
) -> (PathBuf, String) {
    let mut files = good.files.clone();
    let json: Vec<String> = files
        .keys()
        .filter(|k| Path::new(k).extension().is_some_and(|e| e == "json"))
        .cloned()
        .collect();
    match rng.below(8) {
        0 => {
            let mut raw = good.raw.clone();
            for _ in 0..=rng.below(16) {
                let i = rng.below(raw.len());
                raw[i] ^= 1 << rng.below(8);
            }
            std::fs::write(out, raw).unwrap();
            (out.to_path_buf(), "bytes flipped".into())
        }
        1 => {
            let n = rng.below(good.raw.len());
            std::fs::write(out, &good.raw[..n]).unwrap();
            (out.to_path_buf(), format!("cut at {n}"))
        }
        2..=4 => {
            let name = rng.pick(&json).clone();
            let mut v: Value = serde_json::from_slice(&files[&name]).unwrap();
            let mut what = Vec::new();
            for _ in 0..=rng.below(3) {
                what.push(poke(rng, &mut v, ""));
            }
            files.insert(name.clone(), serde_json::to_vec(&v).unwrap());
            let path = signed(out, good.manifest.clone(), &files, key);
            (path, format!("{name}: {}", what.join("; ")))
        }
        5 => {
            let what = if rng.below(2) == 0 {
                let keys: Vec<String> = files.keys().cloned().collect();
                let k = rng.pick(&keys).clone();
                files.remove(&k);
                format!("{k} left out")
            } else {
                let n = rng.below(4096);
                let k =
                    (*rng.pick(&["tambahan.bin", "recap.json.bak", "dokumen/x.pdf"])).to_string();
                files.insert(k.clone(), rng.bytes(n));
                format!("{k} added")
            };
            (signed(out, good.manifest.clone(), &files, key), what)
        }
        6 => {
            let name = rng.pick(&json).clone();
            let n = rng.below(512);
            files.insert(name.clone(), rng.bytes(n));
            (
                signed(out, good.manifest.clone(), &files, key),
                format!("{name}: not JSON"),
            )
        }
        _ => {
            // A manifest that lists other sizes, or names a format this Pleno does not know.
            let mut m = serde_json::to_value(&good.manifest).unwrap();
            let what = if rng.below(2) == 0 {
                m["format"] = "pleno-bundle-99".into();
                "manifest format".to_string()
            } else if let Some(list) = m["files"].as_array_mut()
                && !list.is_empty()
            {
                let i = rng.below(list.len());
                list[i]["size"] = u64::MAX.into();
                format!("manifest size of {}", list[i]["path"])
            } else {
                "manifest unchanged".to_string()
            };
            let bytes = serde_json::to_vec_pretty(&m).unwrap();
            (signed_as_is(out, &bytes, &files, key), what)
        }
    }
}

/// Changes one value somewhere in `v` to something odd, or takes a key away; says where.
fn poke(rng: &mut Rng, v: &mut Value, at: &str) -> String {
    let odd = |rng: &mut Rng| -> Value {
        match rng.below(10) {
            0 => Value::from(u64::MAX),
            1 => Value::from(-1),
            2 => Value::from(1.5),
            3 => Value::from("x"),
            4 => Value::Null,
            5 => Value::from(1e300),
            6 => Value::from("9".repeat(100_000)),
            7 => serde_json::json!({}),
            8 => serde_json::json!([]),
            _ => Value::from(0),
        }
    };
    match v {
        Value::Object(m) if !m.is_empty() => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = rng.pick(&keys).clone();
            let here = format!("{at}.{k}");
            match rng.below(6) {
                0 => {
                    m.remove(&k);
                    format!("{here} removed")
                }
                1 => {
                    let o = odd(rng);
                    m.insert(format!("{k}_lain"), o);
                    format!("{here}_lain added")
                }
                2 => {
                    let o = odd(rng);
                    let shown = short(&o);
                    m.insert(k, o);
                    format!("{here} = {shown}")
                }
                _ => poke(rng, m.get_mut(&k).unwrap(), &here),
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = rng.below(a.len());
            let here = format!("{at}[{i}]");
            match rng.below(5) {
                0 => {
                    a.remove(i);
                    format!("{here} removed")
                }
                1 => {
                    a[i] = odd(rng);
                    format!("{here} = {}", short(&a[i]))
                }
                _ => poke(rng, &mut a[i], &here),
            }
        }
        leaf => {
            *leaf = odd(rng);
            format!("{at} = {}", short(leaf))
        }
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 24 {
        format!("{}…", &s[..24])
    } else {
        s
    }
}
