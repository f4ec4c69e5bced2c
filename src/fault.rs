//! Fault injection, for the kill tests only: `HKG_FAULT=PHASE:N` kills the process, with
//! SIGKILL where there is one, the Nth time it reaches a point of the named phase.
//!
//! A kill at a random moment mostly lands in the long phases (extraction, loading) and almost
//! never in the short ones (publishing a snapshot, swapping a rebuilt store in), which are
//! where a crash is most likely to leave something half-done. The points sit at the
//! boundaries inside each phase where a kill is most telling: just after one part of a
//! write and before the next. They are compiled into every build, so the tests kill the
//! binary users run; with `HKG_FAULT` unset each costs one load of a cached value.
//!
//! Each kill is announced on standard error first, so a test can log which phase it hit:
//! `hkg: HKG_FAULT: killed in PHASE (point N)`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The phases with fault points, as `HKG_FAULT` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// After a document is extracted, before it is written (once per document).
    Extract,
    /// After the bulk loader has written a batch of quads to files, and before it adds them
    /// to the store at its commit (once per batch and once before the commit).
    Load,
    /// After a changed document's old graph is removed in place, its new one not yet loaded
    /// (once per document).
    Replace,
    /// After a document is removed by `build --prune` (once per document).
    Prune,
    /// After the identity graph is computed, before it is written, and after it is written,
    /// before its copy beside the store replaces the last one (twice per recompute).
    Identity,
    /// After a document is removed by `hkg rm` (once per document).
    Rm,
    /// A rebuild beside the store: once after the other documents are copied into the new
    /// store, once when it is built, once when the lock and snapshots have moved into it,
    /// and once after the swap, before the snapshot.
    Swap,
    /// Publishing a snapshot: once after the checkpoint is written under a temporary name,
    /// and once after it takes its final one, before older snapshots are removed.
    Publish,
    /// `hkg export -o FILE`: once when the export is written to its temporary file and not
    /// yet renamed to FILE.
    Export,
    /// `hkg push`: once after each graph the server accepted (a PUT or DELETE), before the
    /// state file records it.
    Push,
}

impl Phase {
    /// Every phase, by its name in `HKG_FAULT`.
    pub const ALL: [(Phase, &'static str); 10] = [
        (Phase::Extract, "extract"),
        (Phase::Load, "load"),
        (Phase::Replace, "replace"),
        (Phase::Prune, "prune"),
        (Phase::Identity, "identity"),
        (Phase::Rm, "rm"),
        (Phase::Swap, "swap"),
        (Phase::Publish, "publish"),
        (Phase::Export, "export"),
        (Phase::Push, "push"),
    ];

    pub fn name(self) -> &'static str {
        Phase::ALL
            .iter()
            .find(|(p, _)| *p == self)
            .map_or("?", |(_, n)| n)
    }
}

/// The phase and point number `HKG_FAULT` names, if it is set and well formed. A malformed
/// value is reported once and ignored, so a typo cannot make a test pass by never killing.
fn target() -> Option<(Phase, usize)> {
    static TARGET: OnceLock<Option<(Phase, usize)>> = OnceLock::new();
    *TARGET.get_or_init(|| {
        let value = std::env::var("HKG_FAULT").ok()?;
        let parsed = value.split_once(':').and_then(|(name, n)| {
            let phase = Phase::ALL.iter().find(|(_, p)| *p == name)?.0;
            Some((phase, n.parse::<usize>().ok().filter(|n| *n > 0)?))
        });
        if parsed.is_none() {
            let names: Vec<&str> = Phase::ALL.iter().map(|(_, n)| *n).collect();
            eprintln!(
                "hkg: HKG_FAULT={value} ignored: expected PHASE:N with N from 1 and PHASE one of {}",
                names.join(", ")
            );
        }
        parsed
    })
}

/// A fault point of `phase`: kills the process when `HKG_FAULT` names this phase and this is
/// the point's Nth time (counting every point of the phase in this process).
pub fn point(phase: Phase) {
    static HITS: AtomicUsize = AtomicUsize::new(0);
    let Some((wanted, n)) = target() else {
        return;
    };
    if wanted != phase {
        return;
    }
    let hit = HITS.fetch_add(1, Ordering::SeqCst) + 1;
    if hit == n {
        eprintln!("hkg: HKG_FAULT: killed in {} (point {n})", phase.name());
        kill_self();
    }
}

#[cfg(target_os = "linux")]
fn kill_self() -> ! {
    use rustix::process::{getpid, kill_process, Signal};
    let _ = kill_process(getpid(), Signal::KILL);
    std::process::abort()
}

#[cfg(not(target_os = "linux"))]
fn kill_self() -> ! {
    std::process::abort()
}
