//! Crash safety, for real: a child process writes entries and blobs in a loop and prints each
//! committed id; the parent SIGKILLs it at random moments (seeded), reopens the workspace and
//! checks integrity, that every reported id is there, no blob row lacks its file, and verify.
//!
//! The child is this test binary re-invoked with `PLENO_CRASH_CHILD` set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use pleno_core::{Contest, FieldKey};
use pleno_store::{BlobHash, Mode, NewEntry, NewPage, Store, verify};

const KILLS: u32 = 60;
const SEED: u64 = 0x5EED_2024;

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The child: runs until killed.
#[test]
fn crash_child() {
    let Ok(dir) = std::env::var("PLENO_CRASH_CHILD") else {
        return; // a normal test run: nothing to do
    };
    let seed: u64 = std::env::var("PLENO_CRASH_SEED").unwrap().parse().unwrap();
    let mut rng = Rng(seed | 1);
    let mut store = Store::open(Path::new(&dir), Mode::ReadWrite).unwrap();
    let all_tps: Vec<_> = election()
        .kecamatan
        .all_tps()
        .map(|(_, t)| t.code.clone())
        .collect();
    let keys: Vec<FieldKey> = store.catalogue(Contest::Ppwp).unwrap().keys().collect();
    let actor = clerk();
    println!("READY");
    loop {
        if rng.below(4) == 0 {
            // A photo of 16–80 KB, sometimes a duplicate of an earlier one.
            let n = 16_384 + rng.below(65_536) as usize;
            let range = if rng.below(5) == 0 { 3 } else { 1 << 30 };
            let fill = rng.below(range) as u8;
            let mut bytes = vec![fill; n];
            bytes[..8].copy_from_slice(&rng.next().to_le_bytes());
            if fill < 3 {
                bytes[..8].copy_from_slice(&u64::from(fill).to_le_bytes());
            }
            let put = store.put_blob(&actor, &bytes).unwrap();
            println!("BLOB {}", put.hash);
            let page = store
                .add_page(
                    &actor,
                    &NewPage {
                        blob: put.hash,
                        source_path: format!("foto-{n}.jpg"),
                        identity: None,
                        reason: Some("belum dikenali".into()),
                        geometry: None,
                    },
                )
                .unwrap();
            println!("PAGE {page}");
        } else {
            let t = &all_tps[rng.below(all_tps.len() as u64) as usize];
            let count = 1 + rng.below(30) as usize;
            let batch: Vec<NewEntry> = (0..count)
                .map(|_| {
                    let k = keys[rng.below(keys.len() as u64) as usize];
                    NewEntry::clerk(t, Contest::Ppwp, k, rng.below(1000) as u32)
                        .with_reason("uji crash")
                })
                .collect();
            let ids = store.add_entries(&actor, None, &batch).unwrap();
            let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
            println!("ENTRIES {}", list.join(","));
        }
    }
}

#[test]
fn killed_writers_never_lose_or_corrupt_committed_data() {
    if std::env::var("PLENO_CRASH_CHILD").is_ok() {
        return;
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    drop(create(dir.path()));
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng(SEED);
    let mut entries: BTreeSet<i64> = BTreeSet::new();
    let mut blobs: BTreeSet<String> = BTreeSet::new();
    let mut pages: BTreeSet<i64> = BTreeSet::new();
    let mut mid_write_kills = 0;
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env("PLENO_CRASH_CHILD", dir.path())
            .env(
                "PLENO_CRASH_SEED",
                (SEED ^ (u64::from(round) * 7919)).to_string(),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        // One kill in six within 5 ms (while starting and recovering the WAL), the rest
        // within 300 ms, in the middle of writes.
        let wait = if rng.below(6) == 0 {
            rng.below(5)
        } else {
            rng.below(300)
        };
        std::thread::sleep(Duration::from_millis(wait));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let lines = reader.join().unwrap();
        if lines.iter().any(|l| l.ends_with("READY")) {
            mid_write_kills += 1;
        }
        for line in lines {
            if let Some(ids) = line.strip_prefix("ENTRIES ") {
                entries.extend(ids.split(',').map(|s| s.parse::<i64>().unwrap()));
            } else if let Some(h) = line.strip_prefix("BLOB ") {
                blobs.insert(h.to_string());
            } else if let Some(p) = line.strip_prefix("PAGE ") {
                pages.insert(p.parse().unwrap());
            }
        }
        check(dir.path(), &entries, &blobs, &pages, round);
    }
    let elapsed = started.elapsed();
    println!(
        "crash test: {KILLS} kills ({mid_write_kills} after the writer was running), {} entry ids, {} blobs, {} pages checked, {:.1} s",
        entries.len(),
        blobs.len(),
        pages.len(),
        elapsed.as_secs_f64()
    );
    assert!(
        mid_write_kills >= KILLS / 2,
        "most kills must hit a running writer"
    );
    assert!(
        entries.len() > 500,
        "the writer must have made progress: {}",
        entries.len()
    );
}

fn check(
    dir: &Path,
    entries: &BTreeSet<i64>,
    blobs: &BTreeSet<String>,
    pages: &BTreeSet<i64>,
    round: u32,
) {
    // Reopening read-write recovers the WAL exactly as the next Pleno session would.
    let store = Store::open(dir, Mode::ReadWrite).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok", "round {round}");
    let present: BTreeSet<i64> = store
        .connection()
        .prepare("SELECT id FROM entry")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    if let Some(lost) = entries.difference(&present).next() {
        panic!("round {round}: entry {lost} was reported committed but is gone");
    }
    let stored: BTreeSet<String> = store
        .blobs()
        .unwrap()
        .into_iter()
        .map(|b| b.hash.to_string())
        .collect();
    for h in blobs {
        assert!(stored.contains(h), "round {round}: blob {h} lost");
    }
    for b in store.blobs().unwrap() {
        store
            .read_blob(&BlobHash::parse(b.hash.as_str()).unwrap())
            .unwrap_or_else(|e| panic!("round {round}: orphan blob row: {e}"));
    }
    for p in pages {
        store
            .page(pleno_store::PageId(*p))
            .unwrap_or_else(|e| panic!("round {round}: page {p} lost: {e}"));
    }
    drop(store);
    let report = verify(dir).unwrap();
    assert!(report.is_ok(), "round {round}: {:?}", report.problems);
}
