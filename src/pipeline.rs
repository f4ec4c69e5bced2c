//! `hkg build` end to end: ingest → extract → graph → store, in parallel and streaming.
//!
//! Inputs are listed first (paths only), then processed in batches: each batch is read,
//! decoded, extracted and turned into quads on all cores, then handed to the bulk loader.
//! Memory holds one batch at a time, so it does not grow with the corpus.
//! A file that fails is reported through the progress callback and the build goes on.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::extract::extract;
use crate::graph::{document_quads, rules_stamp, Stamp};
use crate::ingest::{self, Encoding, Source};
use crate::resolve::{self, Curation, IdentityStats, Link};
use crate::rules::Rules;
use crate::store::{KgStore, Stored};

/// What `hkg build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub inputs: Vec<PathBuf>,
    pub encoding: Encoding,
    /// Document id for standard input.
    pub stdin_id: String,
    /// Remove documents that are not among the inputs.
    pub prune: bool,
    /// Rebuild even unchanged documents.
    pub force: bool,
    /// Documents per batch.
    pub batch: usize,
    /// The user's overrides; None reuses the ones the store recorded at its last build.
    pub curation: Option<Curation>,
    /// Institution links (the built-in table plus the user's).
    pub links: Vec<Link>,
}

/// What happened to one input.
#[derive(Debug)]
pub enum Outcome {
    Built { id: String, facts: usize },
    Skipped { id: String },
    Failed { source: String, error: Error },
}

/// Progress reports for a front end.
#[derive(Debug)]
pub enum Event<'a> {
    Started { total: usize },
    Done(&'a Outcome),
    Pruned { id: &'a str },
}

/// The end-of-build summary.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub built: usize,
    pub skipped: usize,
    pub failed: usize,
    pub pruned: usize,
    pub facts: usize,
    pub bytes: u64,
    pub seconds: f64,
    /// Wall-clock seconds spent reading and extracting, writing the store, and resolving
    /// identity, so a slow build shows which stage to look at.
    pub stage_seconds: StageSeconds,
    /// Entities before and after cross-document resolution.
    pub identity: IdentityStats,
}

/// Where a build's time went (wall clock).
#[derive(Debug, Default, Clone, Copy)]
pub struct StageSeconds {
    pub extract: f64,
    pub store: f64,
    pub identity: f64,
}

/// Builds the inputs into `store`.
///
/// Documents the store does not hold yet go through the bulk loader, committed once at the
/// end; changed documents too, their old graphs removed as they come (see
/// [`crate::store::Bulk::replace`]).
///
/// Before it changes the first document, a build removes the identity graph's stamp, so that
/// a build killed after its documents are written but before identity is recomputed leaves a
/// store whose next build recomputes it, even though every document is then current.
pub fn build(
    store: &KgStore,
    rules: &Rules,
    opts: &BuildOptions,
    progress: &mut dyn FnMut(Event<'_>),
) -> Result<Summary> {
    let started = Instant::now();
    let (sources, list_errors) = ingest::list_inputs(&opts.inputs);
    let mut summary = Summary::default();
    progress(Event::Started {
        total: sources.len() + list_errors.len(),
    });
    for e in list_errors {
        summary.failed += 1;
        progress(Event::Done(&Outcome::Failed {
            source: String::new(),
            error: e,
        }));
    }
    for p in &opts.inputs {
        if p.as_os_str() != "-" && !p.exists() {
            summary.failed += 1;
            progress(Event::Done(&Outcome::Failed {
                source: p.display().to_string(),
                error: Error::Read {
                    path: p.clone(),
                    source: std::io::Error::from(std::io::ErrorKind::NotFound),
                },
            }));
        }
    }
    let sources: Vec<Source> = sources
        .into_iter()
        .filter(|s| !matches!(s, Source::File(p) if !p.exists()))
        .collect();
    let mut seen_ids: HashSet<String> = HashSet::new();
    let curation = match &opts.curation {
        Some(c) => c.clone(),
        None => resolve::stored_curation(store)?.unwrap_or_default(),
    };
    let rules_hash = curation.rules_hash(&rules_stamp(rules));
    let stamp = Stamp {
        rules_hash: &rules_hash,
    };
    let mut bulk = store.bulk();
    let mut identity_stale = false;
    // Identity takes its input from the documents the build writes (see the end).
    let mut gatherer = resolve::Gatherer::new(rules)?;
    let mut written_ids: HashSet<String> = HashSet::new();
    for batch in sources.chunks(opts.batch.max(1)) {
        let extract_started = Instant::now();
        let results: Vec<Result<Prepared>> = batch
            .par_iter()
            .map(|source| {
                let doc = ingest::read(source, opts.encoding, &opts.stdin_id)?;
                let bytes = doc.text.len() as u64;
                let stored = store.stored(&doc.id, &doc.content_hash, &rules_hash)?;
                if !opts.force && stored == Stored::Current {
                    return Ok(Prepared::Skip { id: doc.id, bytes });
                }
                let (quads, facts) = guarded(&source.display(), || {
                    let mut facts = extract(&doc, rules).facts;
                    curation.filter(&mut facts);
                    (document_quads(&doc, &facts, &stamp), facts.len())
                })?;
                Ok(Prepared::Write {
                    id: doc.id,
                    quads,
                    facts,
                    bytes,
                    new: stored == Stored::Absent,
                })
            })
            .collect();
        summary.stage_seconds.extract += extract_started.elapsed().as_secs_f64();
        let store_started = Instant::now();
        for (source, r) in batch.iter().zip(results) {
            let outcome = match r {
                Ok(p) => {
                    let id = p.id().to_owned();
                    if !seen_ids.insert(id.clone()) {
                        Outcome::Failed {
                            source: source.display(),
                            error: Error::Invalid(format!(
                                "{}: duplicate document id {id} (another input has the same file name)",
                                source.display()
                            )),
                        }
                    } else {
                        match p {
                            Prepared::Skip { id, bytes } => {
                                summary.bytes += bytes;
                                Outcome::Skipped { id }
                            }
                            Prepared::Write {
                                id,
                                quads,
                                facts,
                                bytes,
                                new,
                            } => {
                                summary.bytes += bytes;
                                let written = match gatherer.add_document(&quads) {
                                    Err(e) => Err(e),
                                    Ok(()) if new => bulk.add(quads),
                                    Ok(()) => mark_identity_stale(store, &mut identity_stale)
                                        .and_then(|()| bulk.replace(&id, quads)),
                                };
                                match written {
                                    Ok(()) => {
                                        written_ids.insert(id.clone());
                                        Outcome::Built { id, facts }
                                    }
                                    Err(e) => Outcome::Failed {
                                        source: source.display(),
                                        error: e,
                                    },
                                }
                            }
                        }
                    }
                }
                Err(error) => Outcome::Failed {
                    source: source.display(),
                    error,
                },
            };
            match &outcome {
                Outcome::Built { facts, .. } => {
                    summary.built += 1;
                    summary.facts += facts;
                }
                Outcome::Skipped { .. } => summary.skipped += 1,
                Outcome::Failed { .. } => summary.failed += 1,
            }
            progress(Event::Done(&outcome));
        }
        summary.stage_seconds.store += store_started.elapsed().as_secs_f64();
    }
    let store_started = Instant::now();
    let queued = bulk.written();
    if queued > 0 {
        mark_identity_stale(store, &mut identity_stale)?;
    }
    bulk.commit().map_err(|e| {
        Error::Invalid(format!(
            "{e}; the documents new or changed in this build ({queued} quads) were not stored (a changed one is now absent), the next build builds them again"
        ))
    })?;
    summary.stage_seconds.store += store_started.elapsed().as_secs_f64();
    if opts.prune {
        for id in store.documents()? {
            if seen_ids.contains(&id) {
                continue;
            }
            mark_identity_stale(store, &mut identity_stale)?;
            if store.remove_document(&id)? {
                summary.pruned += 1;
                progress(Event::Pruned { id: &id });
            }
        }
    }
    let identity_started = Instant::now();
    let unchanged = summary.built == 0
        && summary.pruned == 0
        && resolve::is_current(store, &resolve::inputs_hash(rules, &curation, &opts.links))?;
    summary.identity = if unchanged {
        IdentityStats {
            unchanged: true,
            ..IdentityStats::default()
        }
    } else {
        // Identity reads back the records of the documents this build did not write, or all
        // of them when those are most: reading them all from the files the bulk loader has
        // just added, before RocksDB compacts them, was half of identity's time in a fresh
        // 10k build, and 4-40 s of a 1k replacement that gathers them in about 1 s.
        let stored = store.documents()?;
        let others: Vec<&String> = stored
            .iter()
            .filter(|id| !written_ids.contains(*id))
            .collect();
        if others.len() <= written_ids.len() {
            for id in others {
                gatherer.add_stored(store, id)?;
            }
            resolve::recompute_gathered(store, rules, &curation, &opts.links, gatherer)?
        } else {
            drop(gatherer);
            resolve::recompute(store, rules, &curation, &opts.links)?
        }
    };
    summary.stage_seconds.identity = identity_started.elapsed().as_secs_f64();
    // Flushing waits until RocksDB has compacted the files the bulk loader added far enough
    // for writes to go on unstalled. That is store work (9 of 44 seconds when 10,000 new
    // documents were loaded), so it is counted there.
    let flush_started = Instant::now();
    store.flush()?;
    summary.stage_seconds.store += flush_started.elapsed().as_secs_f64();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Removes the identity graph's stamp (its inputs hash) once, before the build changes the
/// first document. The stamp comes back when identity is recomputed at the end of the build;
/// a build that never gets there leaves the identity graph unstamped, so the next build
/// recomputes it (see [`resolve::is_current`]).
fn mark_identity_stale(store: &KgStore, done: &mut bool) -> Result<()> {
    if !*done {
        store.remove_stamp(
            oxigraph::model::NamedNodeRef::new_unchecked(resolve::IDENTITY),
            "inputsHash",
        )?;
        *done = true;
    }
    Ok(())
}

/// Runs one document's extraction so that a panic (a bug in a rule) fails that document
/// alone instead of the whole build.
fn guarded<T>(source: &str, work: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        Error::Internal {
            path: source.to_owned(),
            message,
        }
    })
}

enum Prepared {
    Skip {
        id: String,
        bytes: u64,
    },
    Write {
        id: String,
        quads: Vec<oxigraph::model::Quad>,
        facts: usize,
        bytes: u64,
        /// Not in the store yet: bulk-loaded.
        new: bool,
    },
}

impl Prepared {
    fn id(&self) -> &str {
        match self {
            Prepared::Skip { id, .. } | Prepared::Write { id, .. } => id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_one_document_becomes_that_documents_error() {
        let err = guarded("news/a.txt", || -> usize {
            panic!("byte index 7 is out of bounds")
        })
        .expect_err("a panic is an error");
        let msg = err.to_string();
        assert!(msg.starts_with("news/a.txt: internal error"), "{msg}");
        assert!(msg.contains("byte index 7"), "{msg}");
        assert_eq!(guarded("b.txt", || 3).expect("no panic"), 3);
    }
}
