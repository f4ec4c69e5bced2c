//! `hkg build` end to end: ingest → extract → graph → store, in parallel and streaming.
//!
//! Inputs are listed first (paths only), then processed in batches: each batch is read,
//! decoded, extracted and turned into quads on all cores, then handed to the bulk loader. The
//! records of JSON Lines and WARC files are read as the batches need them ([`Inputs`]).
//! Memory holds one batch at a time, so it does not grow with the corpus.
//! A file that fails is reported through the progress callback and the build goes on.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::extract::extract;
use crate::fault::{self, Phase};
use crate::graph::{document_quads, rules_stamp, Stamp};
use crate::ingest::{self, Encoding, Format, Input, Inputs, Source};
use crate::resolve::{self, Curation, IdentityStats, Link};
use crate::rules::Rules;
use crate::snapshot::WriteLock;
use crate::store::{KgStore, Stored};

/// What `hkg build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub inputs: Vec<PathBuf>,
    /// How to read the inputs (`Auto`: by extension and content).
    pub format: Format,
    /// Text encoding of plain text (web pages say their own).
    pub encoding: Encoding,
    /// Document id for standard input.
    pub stdin_id: String,
    /// Remove documents that are not among the inputs.
    pub prune: bool,
    /// Rebuild even unchanged documents.
    pub force: bool,
    /// Documents per batch.
    pub batch: usize,
    /// The largest document read, in bytes; larger ones are reported and skipped.
    pub max_doc_size: u64,
    /// The user's overrides; None reuses the ones the store recorded at its last build.
    pub curation: Option<Curation>,
    /// Institution links (the built-in table plus the user's).
    pub links: Vec<Link>,
    /// Write the ordered views of the library's listings into the published snapshot (see
    /// [`crate::index`]); the label index is written either way.
    pub views: bool,
}

/// The source of an outcome whose input could not be read at all (its error names it).
const UNREAD: &str = "";

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
    /// The inputs listed: files, standard input and folders that could not be read.
    Started {
        total: usize,
    },
    /// The inputs as now known: JSON Lines and WARC files count as the records read so far.
    Total {
        total: usize,
    },
    Done(&'a Outcome),
    Pruned {
        id: &'a str,
    },
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
    /// With `prune`: JSON Lines lines or WARC records (or such files) that could not be read.
    /// Their documents' ids are unknown, so nothing was pruned.
    pub prune_withheld: usize,
    /// Whether the store was rebuilt beside itself and swapped in (see [`build_at`]).
    pub beside: bool,
    /// Wall-clock seconds spent reading and extracting, writing the store, and resolving
    /// identity, so a slow build shows which stage to look at.
    pub stage_seconds: StageSeconds,
    /// Entities before and after cross-document resolution.
    pub identity: IdentityStats,
    /// The indexes published with the store's snapshot.
    pub index: Indexed,
}

/// Where a build's time went (wall clock).
#[derive(Debug, Default, Clone, Copy)]
pub struct StageSeconds {
    pub extract: f64,
    pub store: f64,
    pub identity: f64,
    /// Writing the views and the label index (see [`crate::index`]).
    pub index: f64,
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
    let listed = sources.len() + list_errors.len();
    progress(Event::Started { total: listed });
    for e in list_errors {
        summary.failed += 1;
        progress(Event::Done(&Outcome::Failed {
            source: String::new(),
            error: e,
        }));
    }
    // A missing file, a dangling link or a link loop is reported here, by the error that
    // following it gives, and not read.
    let sources: Vec<Source> = sources
        .into_iter()
        .filter(|s| match s {
            Source::File(p) => match std::fs::metadata(p) {
                Ok(_) => true,
                Err(source) => {
                    summary.failed += 1;
                    progress(Event::Done(&Outcome::Failed {
                        source: p.display().to_string(),
                        error: Error::Read {
                            path: p.clone(),
                            source,
                        },
                    }));
                    false
                }
            },
            _ => true,
        })
        .collect();
    let mut seen_ids: HashSet<String> = HashSet::new();
    let (curation, rules_hash) = curation_and_rules_hash(store, rules, opts)?;
    let stamp = Stamp {
        rules_hash: &rules_hash,
    };
    let mut bulk = store.bulk();
    let mut identity_stale = false;
    // Identity takes its input from the documents the build writes (see the end).
    let mut gatherer = resolve::Gatherer::new(rules)?;
    let mut written_ids: HashSet<String> = HashSet::new();
    // One input's quads, on a worker thread.
    let prepare = |input: &Input, source: &str| -> Result<Prepared> {
        let doc = input.read(opts.encoding)?;
        let bytes = doc.text.len() as u64;
        let stored = store.stored(&doc.id, &doc.content_hash, &rules_hash)?;
        if !opts.force && stored == Stored::Current {
            return Ok(Prepared::Skip { id: doc.id, bytes });
        }
        let (quads, facts) = guarded(source, || {
            let mut facts = extract(&doc, rules).facts;
            curation.filter(&mut facts);
            (document_quads(&doc, &facts, &stamp), facts.len())
        })?;
        fault::point(Phase::Extract);
        Ok(Prepared::Write {
            id: doc.id,
            quads,
            facts,
            bytes,
            new: stored == Stored::Absent,
        })
    };
    let mut inputs =
        Inputs::new(sources.clone(), opts.format, &opts.stdin_id).max_doc_size(opts.max_doc_size);
    let mut announced = listed;
    loop {
        let batch: Vec<Result<Input>> = inputs.by_ref().take(opts.batch.max(1)).collect();
        if batch.is_empty() {
            break;
        }
        let total = listed + inputs.records() - inputs.containers();
        if total != announced {
            announced = total;
            progress(Event::Total { total });
        }
        let extract_started = Instant::now();
        let results: Vec<(String, Result<Prepared>)> = batch
            .into_par_iter()
            .map(|input| {
                let input = match input {
                    Ok(input) => input,
                    Err(e) => return (UNREAD.to_owned(), Err(e)),
                };
                let source = input.source.display();
                let prepared = prepare(&input, &source);
                (source, prepared)
            })
            .collect();
        summary.stage_seconds.extract += extract_started.elapsed().as_secs_f64();
        let store_started = Instant::now();
        for (source, r) in results {
            if source == UNREAD {
                summary.prune_withheld += 1;
            }
            let outcome = match r {
                Ok(p) => {
                    let id = p.id().to_owned();
                    if !seen_ids.insert(id.clone()) {
                        Outcome::Failed {
                            source: source.clone(),
                            error: Error::Invalid(format!(
                                "{source}: duplicate document id {id} (another input has the same file name or id)"
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
                                        source: source.clone(),
                                        error: e,
                                    },
                                }
                            }
                        }
                    }
                }
                Err(error) => Outcome::Failed {
                    source: source.clone(),
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
    // A record that could not be read may hold a stored document: then nothing is pruned.
    if opts.prune && summary.prune_withheld == 0 {
        // An input that failed this time is still among the inputs: its document stays.
        let named: HashSet<String> = named_ids(&sources, &opts.stdin_id);
        for id in store.documents()? {
            if seen_ids.contains(&id) || named.contains(&id) {
                continue;
            }
            mark_identity_stale(store, &mut identity_stale)?;
            if store.remove_document(&id)? {
                fault::point(Phase::Prune);
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
    // A build that loaded most of the store (a fresh one, or one beside the old store) left
    // the loader's files unsorted; once they outnumber the files a build keeps open, every
    // lookup reopens some, so they are compacted now (see [`KgStore::compact`]). Below that,
    // compacting cost a 10k build 95 MB of peak memory for nothing a lookup needed.
    if summary.built > 0
        && store.table_files()? > crate::store::BUILD_OPEN_FILES as usize
        && summary.built * 2 >= store.documents()?.len()
    {
        store.compact()?;
    }
    summary.stage_seconds.store += flush_started.elapsed().as_secs_f64();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The overrides a build applies (the user's, or those the store recorded at its last build)
/// and the rules hash each document it writes records, which folds them in.
fn curation_and_rules_hash(
    store: &KgStore,
    rules: &Rules,
    opts: &BuildOptions,
) -> Result<(Curation, String)> {
    let curation = match &opts.curation {
        Some(c) => c.clone(),
        None => resolve::stored_curation(store)?.unwrap_or_default(),
    };
    let rules_hash = curation.rules_hash(&rules_stamp(rules));
    Ok((curation, rules_hash))
}

/// Documents read to judge whether most of a store's documents changed (see [`build_at`]).
const SAMPLE: usize = 64;

/// Builds the inputs into the store at `path`.
///
/// When most of the documents the store holds have changed (new rules, a new graph format,
/// every text edited), replacing them one by one costs several times a fresh build: each old
/// graph is read back and a tombstone is written for every quad in six indexes. Such a build
/// instead builds a new store beside the old one, as a fresh build does, copies in the
/// documents it has no input for, and swaps the two folders in one step (see
/// [`crate::store::swap_in`]). Stopped at any point it leaves the old store or the new one,
/// whole. It needs free disk space for a second copy; without it, or where the file system
/// cannot swap folders, or with `in_place`, documents are replaced inside the store.
///
/// The caller holds the store's write lock; the build publishes a snapshot for readers at its
/// end (see [`crate::snapshot`]).
pub fn build_at(
    lock: &mut WriteLock,
    rules: &Rules,
    opts: &BuildOptions,
    in_place: bool,
    progress: &mut dyn FnMut(Event<'_>),
) -> Result<Summary> {
    let started = Instant::now();
    let path = &lock.store().to_owned();
    crate::store::remove_leftover(path)?;
    let store = KgStore::open_for_build(path)?;
    if !in_place {
        if let Some(plan) = plan_beside(&store, path, rules, opts)? {
            return build_beside(store, lock, plan, rules, opts, progress, started);
        }
    }
    let mut summary = build(&store, rules, opts, progress)?;
    let unchanged = summary.identity.unchanged;
    summary.index = publish(lock, store, Some(opts.views), unchanged)?;
    summary.stage_seconds.index = summary.index.seconds;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Publishes the store's snapshot with its indexes (see [`crate::index`]): those of the
/// previous snapshot when nothing changed since and the same views are wanted, else written
/// anew, from the snapshot (see [`WriteLock::publish`], which closes the store). `views` None
/// wants views when the previous snapshot had them (`hkg rm` keeps the choice of the last
/// build).
pub fn publish(
    lock: &WriteLock,
    kg: KgStore,
    views: Option<bool>,
    unchanged: bool,
) -> Result<Indexed> {
    let spent = std::cell::Cell::new(0.0);
    let written = std::cell::RefCell::new(None);
    lock.publish(kg, &|to, previous| {
        let started = Instant::now();
        let had_views = previous.is_some_and(crate::index::has_views);
        let views = views.unwrap_or(had_views);
        let carried = match previous {
            Some(p) if unchanged && views == had_views => crate::index::carry(p, to)?,
            _ => false,
        };
        if !carried {
            let snapshot = KgStore::open_read_only(to)?;
            *written.borrow_mut() = Some(crate::index::write(&snapshot, to, views)?);
        }
        spent.set(started.elapsed().as_secs_f64());
        Ok(())
    })?;
    Ok(Indexed {
        seconds: spent.get(),
        written: written.into_inner(),
    })
}

/// What a build's snapshot got of the indexes (see [`publish`]).
#[derive(Debug, Default, Clone)]
pub struct Indexed {
    pub seconds: f64,
    /// None when the previous snapshot's were linked in (nothing had changed).
    pub written: Option<crate::index::Written>,
}

/// What a rebuild beside the store carries over from it.
struct Beside {
    /// The documents the store holds.
    stored: Vec<String>,
    /// Those the inputs do not name, copied over (none with `prune`).
    others: Vec<String>,
    /// Those the inputs do not name and `prune` removes.
    pruned: Vec<String>,
    curation: Curation,
}

/// Whether to rebuild beside the store: it can be swapped, and of an even sample of the
/// stored documents the inputs name, at least half changed, so that an estimated half of the
/// store's documents or more are to be replaced. None when the build should run in place.
fn plan_beside(
    store: &KgStore,
    path: &Path,
    rules: &Rules,
    opts: &BuildOptions,
) -> Result<Option<Beside>> {
    if opts.inputs.iter().any(|p| p.as_os_str() == "-") {
        return Ok(None);
    }
    let stored = store.documents()?;
    if stored.is_empty() {
        return Ok(None);
    }
    let (sources, _) = ingest::list_inputs(&opts.inputs);
    // The ids of a JSON Lines or WARC file's records are known only by reading it all: such
    // a build runs in place.
    if sources.iter().any(|s| is_container(s, opts.format)) {
        return Ok(None);
    }
    let held: HashSet<&str> = stored.iter().map(String::as_str).collect();
    let inputs: Vec<&Source> = sources
        .iter()
        .filter(|s| matches!(s, Source::File(p) if held.contains(ingest::doc_id(p).as_str())))
        .collect();
    if inputs.is_empty() {
        return Ok(None);
    }
    let (curation, rules_hash) = curation_and_rules_hash(store, rules, opts)?;
    let step = inputs.len().div_ceil(SAMPLE);
    let sample: Vec<Source> = inputs.iter().step_by(step).map(|s| (*s).clone()).collect();
    let sample: Vec<Result<Input>> = Inputs::new(sample, opts.format, &opts.stdin_id)
        .max_doc_size(opts.max_doc_size)
        .collect();
    let changed = sample
        .par_iter()
        .filter(|input| {
            opts.force
                || input.as_ref().is_ok_and(|input| {
                    input.read(opts.encoding).is_ok_and(|doc| {
                        store
                            .stored(&doc.id, &doc.content_hash, &rules_hash)
                            .is_ok_and(|s| s == Stored::Changed)
                    })
                })
        })
        .count();
    let estimated = changed * inputs.len() / sample.len();
    if estimated * 2 < stored.len() || !crate::store::can_swap(path) {
        return Ok(None);
    }
    let named = named_ids(&sources, &opts.stdin_id);
    let (pruned, others) = stored
        .iter()
        .filter(|id| !named.contains(*id))
        .cloned()
        .partition(|_| opts.prune);
    Ok(Some(Beside {
        stored,
        others,
        pruned,
        curation,
    }))
}

/// The ids of the documents the inputs name, read or not (those of a JSON Lines or WARC
/// file's records are the ones read).
fn named_ids(sources: &[Source], stdin_id: &str) -> HashSet<String> {
    sources
        .iter()
        .filter_map(|s| match s {
            Source::File(p) => Some(ingest::doc_id(p)),
            Source::Stdin => Some(stdin_id.to_owned()),
            Source::Record { .. } => None,
        })
        .collect()
}

/// Whether a listed input holds many articles (by `--format`, else by its name, else by its
/// first bytes).
fn is_container(source: &Source, format: Format) -> bool {
    match source {
        Source::File(p) => ingest::format_of(p, format).is_ok_and(Format::is_container),
        _ => format.is_container(),
    }
}

/// Builds into a new store beside `old` and swaps it in (see [`build_at`]).
fn build_beside(
    old: KgStore,
    lock: &mut WriteLock,
    plan: Beside,
    rules: &Rules,
    opts: &BuildOptions,
    progress: &mut dyn FnMut(Event<'_>),
    started: Instant,
) -> Result<Summary> {
    let path = &lock.store().to_owned();
    let new = KgStore::open_for_build(&crate::store::beside(path))?;
    old.copy_documents(&plan.others, &new)?;
    fault::point(Phase::Swap);
    // Closed while the new store is built: its open table files and caches were 80 MB of
    // the peak of a 10k rebuild.
    drop(old);
    let opts = BuildOptions {
        curation: Some(plan.curation.clone()),
        prune: false,
        ..opts.clone()
    };
    let mut summary = build(&new, rules, &opts, progress)?;
    // A stored document whose input failed this time keeps its old version, as in place.
    let built: HashSet<String> = new.documents()?.into_iter().collect();
    let pruned: HashSet<&String> = plan.pruned.iter().collect();
    let kept: Vec<String> = plan
        .stored
        .iter()
        .filter(|id| !built.contains(*id) && !pruned.contains(id))
        .cloned()
        .collect();
    if !kept.is_empty() {
        KgStore::open_for_build(path)?.copy_documents(&kept, &new)?;
        summary.identity = resolve::recompute(&new, rules, &plan.curation, &opts.links)?;
    }
    for id in &plan.pruned {
        progress(Event::Pruned { id });
    }
    summary.pruned = plan.pruned.len();
    new.flush()?;
    drop(new);
    fault::point(Phase::Swap);
    lock.carry_into(&crate::store::beside(path))?;
    fault::point(Phase::Swap);
    crate::store::swap_in(path)?;
    fault::point(Phase::Swap);
    summary.index = publish(
        lock,
        KgStore::open_for_build(path)?,
        Some(opts.views),
        false,
    )?;
    summary.stage_seconds.index = summary.index.seconds;
    summary.beside = true;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Removes the identity graph's stamp (its inputs hash) once, before the build changes the
/// first document. The stamp comes back when identity is recomputed at the end of the build;
/// a build that never gets there leaves the identity graph unstamped, so the next build
/// recomputes it (see [`resolve::is_current`]).
fn mark_identity_stale(store: &KgStore, done: &mut bool) -> Result<()> {
    if !*done {
        resolve::mark_stale(store)?;
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
