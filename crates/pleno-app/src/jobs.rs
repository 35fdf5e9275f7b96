//! Background jobs (imports): an id, a cancel flag, and the last progress seen.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use schemars::JsonSchema;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct JobStatus {
    pub id: u64,
    pub kind: String,
    pub done: usize,
    pub total: usize,
    pub current: String,
    pub finished: bool,
    pub cancelled: bool,
    /// Stopped on an error (`summary` holds it).
    pub failed: bool,
    pub summary: Option<String>,
}

#[derive(Default)]
pub struct Jobs {
    next: AtomicU64,
    table: Mutex<BTreeMap<u64, (JobStatus, Arc<AtomicBool>)>>,
}

impl Jobs {
    pub fn start(&self, kind: &str, total: usize) -> (u64, Arc<AtomicBool>) {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let cancel = Arc::new(AtomicBool::new(false));
        let status = JobStatus {
            id,
            kind: kind.to_string(),
            done: 0,
            total,
            current: String::new(),
            finished: false,
            cancelled: false,
            failed: false,
            summary: None,
        };
        self.lock().insert(id, (status, cancel.clone()));
        (id, cancel)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, (JobStatus, Arc<AtomicBool>)>> {
        self.table
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn update(&self, id: u64, f: impl FnOnce(&mut JobStatus)) {
        if let Some((s, _)) = self.lock().get_mut(&id) {
            f(s);
        }
    }

    pub fn cancel(&self, id: u64) -> bool {
        match self.lock().get(&id) {
            Some((s, flag)) if !s.finished => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            _ => false,
        }
    }

    pub fn status(&self, id: u64) -> Option<JobStatus> {
        self.lock().get(&id).map(|(s, _)| s.clone())
    }

    pub fn all(&self) -> Vec<JobStatus> {
        self.lock().values().map(|(s, _)| s.clone()).collect()
    }

    pub fn running(&self) -> bool {
        self.lock().values().any(|(s, _)| !s.finished)
    }
}
