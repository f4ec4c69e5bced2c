//! Stage 5, store: the embedded Oxigraph store, one named graph per document.
//!
//! New and changed documents are bulk-loaded (see [`Bulk`]); a changed document's old graph
//! is removed first, in one transaction, so it is replaced, never duplicated, and a build
//! stopped at any point leaves it whole: old, absent, or new. When most documents change, the
//! build writes a new store beside this one instead and swaps the folders (see [`swap_in`]).
//! Each graph records the content hash and the rules hash it was built from; a document whose
//! two hashes match is skipped.
//! Queries see the union of all graphs by default.

use std::path::{Path, PathBuf};

use oxigraph::model::{
    GraphNameRef, Literal, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef,
    Term,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::eval::Row;
use crate::fact::Relation;
use crate::fault::{self, Phase};
use crate::graph::{doc_graph, doc_id_of, HKG};

/// Table files a build keeps open (see [`KgStore::open_for_build`]).
pub const BUILD_OPEN_FILES: u32 = 64;

/// The knowledge-graph store.
#[derive(Clone)]
pub struct KgStore {
    store: Store,
    label: String,
    /// The store's folder (None in memory).
    dir: Option<std::path::PathBuf>,
}

impl KgStore {
    /// Opens (or creates) an on-disk store.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, oxigraph::store::StoreOptions::default())
    }

    /// Opens (or creates) an on-disk store for a build, with RocksDB keeping at most
    /// [`BUILD_OPEN_FILES`] table files open. Each open file holds its index blocks in memory
    /// (about 1 MB per 64 MB file), so a build of 100k documents (270 files) held 619 MB at its
    /// peak with every file open, and 542 MB with 64, in the same time. Queries open the store
    /// with the default: reopening files made the listings 0.8 s slower at 100k.
    pub fn open_for_build(path: &Path) -> Result<Self> {
        Self::open_with(
            path,
            oxigraph::store::StoreOptions::default().with_max_open_files(BUILD_OPEN_FILES),
        )
    }

    /// Opens a store read-only: a snapshot (see [`crate::snapshot`]), or a store no process
    /// writes.
    pub fn open_read_only(path: &Path) -> Result<Self> {
        Self::labelled(path, Store::open_read_only(path))
    }

    fn open_with(path: &Path, options: oxigraph::store::StoreOptions) -> Result<Self> {
        Self::labelled(path, Store::open_with_options(path, options))
    }

    /// An opened store, named in its errors by its path.
    fn labelled(
        path: &Path,
        opened: std::result::Result<Store, oxigraph::store::StorageError>,
    ) -> Result<Self> {
        let label = path.display().to_string();
        match opened {
            Ok(store) => Ok(KgStore {
                store,
                label,
                dir: Some(path.to_path_buf()),
            }),
            Err(source) => Err(Error::Store {
                path: label,
                source,
            }),
        }
    }

    /// A throw-away in-memory store.
    pub fn memory() -> Result<Self> {
        let label = "(memory)".to_owned();
        let store = Store::new().map_err(|e| Error::Store {
            path: label.clone(),
            source: e,
        })?;
        Ok(KgStore {
            store,
            label,
            dir: None,
        })
    }

    /// The underlying Oxigraph store.
    pub fn inner(&self) -> &Store {
        &self.store
    }

    pub(crate) fn err(&self, e: oxigraph::store::StorageError) -> Error {
        Error::Store {
            path: self.label.clone(),
            source: e,
        }
    }

    /// The statements `graph` makes about itself with `predicate` (in `HKG`): its stamps and
    /// records.
    fn self_statements(
        &self,
        graph: NamedNodeRef<'_>,
        predicate: &str,
    ) -> impl Iterator<Item = std::result::Result<Quad, oxigraph::store::StorageError>> + '_ {
        let p = NamedNode::new_unchecked(format!("{HKG}{predicate}"));
        self.store.quads_for_pattern(
            Some(graph.into()),
            Some(p.as_ref()),
            None,
            Some(GraphNameRef::NamedNode(graph)),
        )
    }

    pub(crate) fn literal_of(&self, graph: &NamedNode, predicate: &str) -> Result<Option<String>> {
        let q = self.self_statements(graph.as_ref(), predicate).next();
        match q {
            Some(Ok(q)) => Ok(match q.object {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            }),
            Some(Err(e)) => Err(self.err(e)),
            None => Ok(None),
        }
    }

    /// Whether the document is stored, and with this content and rules.
    ///
    /// Asked of every input by every build, so the usual answer (stored, current) is found by
    /// looking the two stamps up as they should read, which RocksDB answers from its quad
    /// indexes: reading the stamps back instead decodes each hash through Oxigraph's string
    /// table, two random reads of it per document, 200,000 at 100k, whose blocks fill that
    /// table's block cache (128 MB, which Oxigraph fixes) before the build has changed
    /// anything.
    pub fn stored(&self, doc_id: &str, content_hash: &str, rules_hash: &str) -> Result<Stored> {
        let g = doc_graph(doc_id);
        let holds = |predicate: &str, value: &str| {
            let p = NamedNode::new_unchecked(format!("{HKG}{predicate}"));
            self.store
                .contains(QuadRef::new(
                    g.as_ref(),
                    p.as_ref(),
                    LiteralRef::new_simple_literal(value),
                    GraphNameRef::NamedNode(g.as_ref()),
                ))
                .map_err(|e| self.err(e))
        };
        if holds("contentHash", content_hash)? && holds("rulesHash", rules_hash)? {
            return Ok(Stored::Current);
        }
        // Stored in another form or not at all: whether its graph is named, which RocksDB also
        // answers without the string table. Reading the old hash back instead filled that
        // table's cache while every document of the store was replaced in place.
        let named = self
            .store
            .contains_named_graph(g.as_ref())
            .map_err(|e| self.err(e))?;
        Ok(if named {
            Stored::Changed
        } else {
            Stored::Absent
        })
    }

    /// A bulk writer for documents the store does not hold yet (see [`Bulk`]).
    pub fn bulk(&self) -> Bulk<'_> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        Bulk {
            kg: self,
            loader: self
                .store
                .bulk_loader()
                .with_num_threads(threads)
                .with_max_memory_size_in_megabytes(BULK_MEMORY_MB),
            pending: Vec::new(),
            batch: BULK_MEMORY_MB * 1000 / threads,
            written: 0,
            removed_since_flush: 0,
        }
    }

    /// Replaces a document's graph with `quads`, atomically.
    pub fn replace_document(&self, doc_id: &str, quads: &[Quad]) -> Result<()> {
        self.replace_graph(doc_graph(doc_id).as_ref(), quads)
    }

    /// Replaces any named graph with `quads`, atomically.
    pub fn replace_graph(&self, g: NamedNodeRef<'_>, quads: &[Quad]) -> Result<()> {
        let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(g).map_err(|e| self.err(e))?;
        tx.insert_named_graph(g);
        for q in quads {
            tx.insert(q);
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Makes graph `g` hold exactly the quads `emit` hands out, writing only the difference
    /// from what it holds now: a rebuild that changes a few documents changes a few identity
    /// quads, and rewriting the whole graph cost more than the rest of such a build. An
    /// absent graph is bulk-loaded. One transaction, so readers see the old graph or the new
    /// one.
    ///
    /// `emit` may hand out a quad more than once, and is called twice when the graph exists,
    /// so it must give the same quads each time; neither the new nor the old graph is held in
    /// memory, only a 128-bit hash of each quad the graph should hold. An absent graph needs
    /// not even that: the bulk loader drops repeated quads itself, and the hashes of the 100k
    /// build's 3 M identity quads were 70-100 MB of its peak.
    ///
    /// The old quads are read from a copy of the graph in the file `copy` of the store's
    /// folder, which every sync writes, when the graph's digest (see [`GraphCopy`]) says the
    /// copy is of the graph as it stands; else from the store. Reading them from the store
    /// decodes every term through RocksDB's string table, a random read per term: at 100k
    /// documents, with more table files than a build keeps open, that reopened files for
    /// over ten minutes of a replacement of 1k documents.
    pub fn sync_graph_with(&self, g: NamedNodeRef<'_>, copy: &str, emit: &Emit<'_>) -> Result<()> {
        let exists = self
            .store
            .contains_named_graph(g)
            .map_err(|e| self.err(e))?;
        let copy = self.dir.as_ref().map(|d| GraphCopy::at(d.join(copy)));
        if !exists {
            return self.load_graph(g, copy.as_ref(), emit);
        }
        let stored_digest = self.literal_of(&g.into_owned(), DIGEST)?;
        // The graph's statements about itself are few, and one of them is the digest: they
        // are compared on their own, never through the copy.
        let mut own_new: Vec<Quad> = Vec::new();
        let mut new = Vec::new();
        let mut digest = Digest::default();
        emit(&mut |q| {
            if is_about(&q, g) {
                if !own_new.contains(&q) {
                    own_new.push(q);
                }
            } else {
                new.push(digest.add(quad_hash(&q)));
            }
        })?;
        let mut new = Marks::of(new);
        own_new.push(digest.quad(g));
        // Each hash in `new` has its lowest bit clear until the graph is found to hold its
        // quad; what the graph holds and should not is stale.
        let mut stale = Vec::new();
        let copied = match (&copy, &stored_digest) {
            (Some(c), Some(d)) => c.read(d, g, &mut |q| mark_old(&mut new, &mut stale, q)),
            _ => Copied::Unread,
        };
        if copied == Copied::Broken {
            // Some quads were marked from the copy: unmark them and read the store.
            stale.clear();
            new.unmark_all();
        }
        if copied != Copied::Read {
            for q in self
                .store
                .quads_for_pattern(None, None, None, Some(g.into()))
            {
                let q = q.map_err(|e| self.err(e))?;
                if !is_about(&q, g) {
                    mark_old(&mut new, &mut stale, q);
                }
            }
        }
        let own_old = self
            .store
            .quads_for_pattern(Some(g.into()), None, None, Some(g.into()))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        stale.extend(own_old.iter().filter(|q| !own_new.contains(q)).cloned());
        let mut fresh: Vec<Quad> = own_new
            .into_iter()
            .filter(|q| !own_old.contains(q))
            .collect();
        let mut writer = copy.as_ref().map(GraphCopy::create).transpose()?;
        let mut failed = None;
        let mut text = String::new();
        emit(&mut |q| {
            if is_about(&q, g) {
                return;
            }
            triple_text(&q, &mut text);
            if let Some(w) = &mut writer {
                if failed.is_none() {
                    failed = w.write(&text).err();
                }
            }
            if new.mark(text_hash(&text)) == Some(false) {
                fresh.push(q);
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        drop(new);
        let written = writer.map(|w| w.finish(&digest)).transpose()?;
        if !stale.is_empty() || !fresh.is_empty() {
            let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
            for q in &stale {
                tx.remove(q);
            }
            for q in &fresh {
                tx.insert(q);
            }
            tx.commit().map_err(|e| self.err(e))?;
        }
        fault::point(Phase::Identity);
        if let (Some(c), Some(tmp)) = (&copy, written) {
            c.publish(&tmp)?;
        }
        Ok(())
    }

    /// Hands each line of the copy of graph `g` in the file `copy` of the store's folder (see
    /// [`GraphCopy`]: a triple as N-Triples writes it, without its closing dot) to `each`, in
    /// the copy's order, when the copy is of the graph as it stands. False when it is not, or
    /// when it proves broken once read (its lines do not add up to its digest): the caller
    /// then drops what it was handed and reads the graph from the store. A reader of a whole
    /// synced graph gets its triples from one sequential file this way, where the store
    /// decodes each term with a random read of its string table.
    pub fn copied_lines(
        &self,
        g: NamedNodeRef<'_>,
        copy: &str,
        each: &mut dyn FnMut(&str) -> Result<()>,
    ) -> Result<bool> {
        let Some(dir) = &self.dir else {
            return Ok(false);
        };
        let Some(digest) = self.literal_of(&g.into_owned(), DIGEST)? else {
            return Ok(false);
        };
        let Some(mut input) = GraphCopy::at(dir.join(copy)).open(&digest) else {
            return Ok(false);
        };
        let mut read = Digest::default();
        let mut line = String::new();
        loop {
            line.clear();
            match std::io::BufRead::read_line(&mut input, &mut line) {
                Ok(0) => break,
                Ok(_) => {}
                Err(_) => return Ok(false),
            }
            let Some(text) = line.strip_suffix(" .\n") else {
                return Ok(false);
            };
            read.add(text_hash(text));
            each(text)?;
        }
        Ok(read.text() == digest)
    }

    /// [`KgStore::sync_graph_with`] for a graph the store lacks: bulk-loaded, with its copy.
    fn load_graph(
        &self,
        g: NamedNodeRef<'_>,
        copy: Option<&GraphCopy>,
        emit: &Emit<'_>,
    ) -> Result<()> {
        // A copy left from an earlier graph of that name could pass for this one's if the
        // load stopped half way.
        if let Some(c) = copy {
            c.remove()?;
        }
        let mut bulk = self.bulk();
        let mut writer = copy.map(GraphCopy::create).transpose()?;
        let mut digest = Digest::default();
        let mut failed = None;
        let mut text = String::new();
        emit(&mut |q| {
            if failed.is_some() {
                return;
            }
            if !is_about(&q, g) {
                triple_text(&q, &mut text);
                digest.add(text_hash(&text));
                if let Some(w) = &mut writer {
                    if let Err(e) = w.write(&text) {
                        failed = Some(e);
                        return;
                    }
                }
            }
            failed = bulk.push(q).err();
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        bulk.push(digest.quad(g))?;
        let written = writer.map(|w| w.finish(&digest)).transpose()?;
        bulk.commit()?;
        fault::point(Phase::Identity);
        if let (Some(c), Some(tmp)) = (copy, written) {
            c.publish(&tmp)?;
        }
        Ok(())
    }

    /// Removes the statements `graph` makes about itself with `predicate` (in `HKG`), such
    /// as a stamp, in one transaction; the stamp then reads as absent.
    pub(crate) fn remove_stamp(&self, graph: NamedNodeRef<'_>, predicate: &str) -> Result<()> {
        let stamps = self
            .self_statements(graph, predicate)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        if stamps.is_empty() {
            return Ok(());
        }
        let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
        for q in &stamps {
            tx.remove(q);
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Removes a document's graph; false when there was none.
    pub fn remove_document(&self, doc_id: &str) -> Result<bool> {
        let g = doc_graph(doc_id);
        let exists = self
            .store
            .contains_named_graph(g.as_ref())
            .map_err(|e| self.err(e))?;
        if exists {
            let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
            tx.remove_named_graph(g.as_ref()).map_err(|e| self.err(e))?;
            tx.commit().map_err(|e| self.err(e))?;
        }
        Ok(exists)
    }

    /// Ids of the stored documents, sorted.
    pub fn documents(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for g in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g.map_err(|e| self.err(e))? {
                if let Some(id) = doc_id_of(n.as_str()) {
                    out.push(id);
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Whether the store holds any document (stops at the first).
    pub fn has_documents(&self) -> Result<bool> {
        for g in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g.map_err(|e| self.err(e))? {
                if is_doc_graph(n.as_ref()) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Runs a SELECT query over the union of all graphs; rows of optional terms.
    pub fn select(&self, name: &str, sparql: &str) -> Result<Table> {
        let mut rows = Vec::new();
        let vars = self.select_each(name, sparql, &mut |r| rows.push(r.to_vec()))?;
        Ok((vars, rows))
    }

    /// Runs a SELECT query over the union of all graphs, handing each row to `row` as it
    /// streams out of the store, so a large result is never held whole; returns the variables.
    pub fn select_each(
        &self,
        name: &str,
        sparql: &str,
        row: &mut dyn FnMut(&[Option<Term>]),
    ) -> Result<Vec<String>> {
        let qerr = |m: String| Error::Query {
            name: name.to_owned(),
            message: m,
        };
        let mut prepared = SparqlEvaluator::new()
            .parse_query(sparql)
            .map_err(|e| qerr(e.to_string()))?;
        prepared.dataset_mut().set_default_graph_as_union();
        let results = prepared
            .on_store(&self.store)
            .execute()
            .map_err(|e| qerr(e.to_string()))?;
        match results {
            QueryResults::Solutions(solutions) => {
                let vars: Vec<String> = solutions
                    .variables()
                    .iter()
                    .map(|v| v.as_str().to_owned())
                    .collect();
                let mut values = Vec::with_capacity(vars.len());
                for s in solutions {
                    let s = s.map_err(|e| qerr(e.to_string()))?;
                    values.clear();
                    values.extend(vars.iter().map(|v| s.get(v.as_str()).cloned()));
                    row(&values);
                }
                Ok(vars)
            }
            _ => Err(qerr("expected a SELECT query".into())),
        }
    }

    /// Every stored fact as a gold-format row, sorted by document, relation and arguments.
    pub fn facts(&self) -> Result<Vec<Row>> {
        let q = format!(
            "PREFIX hkg: <{HKG}>
             SELECT ?g ?rel ?a1 ?a2 ?a3 WHERE {{
               GRAPH ?g {{ ?f a hkg:Fact ; hkg:relation ?rel ; hkg:arg1 ?a1 .
                          OPTIONAL {{ ?f hkg:arg2 ?a2 }} OPTIONAL {{ ?f hkg:arg3 ?a3 }} }}
             }}"
        );
        let (_, rows) = self.select("facts", &q)?;
        let mut out = Vec::new();
        for r in rows {
            let text = |t: &Option<Term>| -> Option<String> {
                match t {
                    Some(Term::Literal(l)) => Some(l.value().to_owned()),
                    Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
                    _ => None,
                }
            };
            let (Some(g), Some(rel)) = (text(&r[0]), text(&r[1])) else {
                continue;
            };
            let (Some(doc), Some(relation)) = (doc_id_of(&g), Relation::parse(&rel)) else {
                continue;
            };
            let args: Vec<String> = r[2..].iter().filter_map(text).collect();
            out.push(Row {
                doc,
                relation,
                args,
            });
        }
        out.sort();
        Ok(out)
    }

    /// Counts for `hkg stats`.
    pub fn stats(&self) -> Result<Stats> {
        let documents = self.documents()?.len();
        let mut per_relation = std::collections::BTreeMap::new();
        for r in self.facts()? {
            *per_relation.entry(r.relation).or_insert(0usize) += 1;
        }
        let q = format!(
            "PREFIX hkg: <{HKG}> PREFIX schema: <https://schema.org/>
             SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{
               VALUES ?c {{ hkg:Hospital hkg:Institution hkg:Person hkg:Branch }}
               ?e a ?c }} GROUP BY ?c"
        );
        let (_, rows) = self.select("stats", &q)?;
        let mut entities = std::collections::BTreeMap::new();
        for r in rows {
            if let (Some(Term::NamedNode(c)), Some(Term::Literal(n))) = (&r[0], &r[1]) {
                let name = c.as_str().trim_start_matches(HKG).to_owned();
                entities.insert(name, n.value().parse().unwrap_or(0));
            }
        }
        let quads = self.store.len().map_err(|e| self.err(e))?;
        Ok(Stats {
            documents,
            per_relation,
            entities,
            quads,
        })
    }

    /// Flushes pending writes to disk.
    pub fn flush(&self) -> Result<()> {
        self.store.flush().map_err(|e| self.err(e))
    }

    /// Compacts every index into RocksDB's sorted levels. The bulk loader leaves its files in
    /// level 0, where they overlap, so each lookup opens every one of them: a 100k store kept
    /// about 100 such files, a replacement of 1k of its documents ran for over 20 minutes
    /// reopening them, and queries were several times slower. A build only compacts after
    /// loading most of a store with more files than it keeps open (see
    /// [`crate::pipeline::build`]).
    pub fn compact(&self) -> Result<()> {
        self.store.optimize().map_err(|e| self.err(e))
    }

    /// How many table files the store's folder holds (0 in memory): more than a build keeps
    /// open ([`BUILD_OPEN_FILES`]) and lookups reopen files.
    pub fn table_files(&self) -> Result<usize> {
        let Some(dir) = &self.dir else { return Ok(0) };
        let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
            path: dir.clone(),
            source,
        })?;
        Ok(entries
            .filter_map(std::result::Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "sst"))
            .count())
    }

    /// Copies the graphs of documents `ids` into `to`, which must not hold them, through its
    /// bulk loader: for documents a rebuild beside the store has no input for.
    pub fn copy_documents(&self, ids: &[String], to: &KgStore) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut bulk = to.bulk();
        for id in ids {
            let g = doc_graph(id);
            for q in self
                .store
                .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
            {
                bulk.push(q.map_err(|e| self.err(e))?)?;
            }
        }
        bulk.commit()
    }
}

/// Where a store is rebuilt beside itself before it is swapped in (see [`swap_in`]): a hidden
/// folder next to it, so that the swap is a rename within one file system.
pub fn beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "store".to_owned());
    path.with_file_name(format!(".{name}.hkg-rebuild"))
}

/// Removes what a killed rebuild left beside the store: before the swap a half-built new
/// store, after it the old one. Either way the store itself is whole, so this is safe.
pub fn remove_leftover(path: &Path) -> Result<()> {
    let left = beside(path);
    if left.is_dir() {
        std::fs::remove_dir_all(&left).map_err(|source| Error::Write {
            what: format!("{} (left by a stopped rebuild)", left.display()),
            source,
        })?;
    }
    Ok(())
}

/// Whether a store can be rebuilt beside itself and swapped in: its folder's file system
/// swaps two folders in one step, and has room for a second copy of the store (with a
/// quarter to spare). Tried with two empty folders, since some file systems refuse the swap.
pub fn can_swap(path: &Path) -> bool {
    let size: u64 = match std::fs::read_dir(path) {
        Ok(entries) => entries
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum(),
        Err(_) => return false,
    };
    swap_supported(path, size + size / 4)
}

#[cfg(target_os = "linux")]
fn swap_supported(path: &Path, room: u64) -> bool {
    use rustix::fs::statvfs;
    let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return swap_supported(&Path::new(".").join(path), room);
    };
    let free = statvfs(parent).map_or(0, |st| st.f_bavail.saturating_mul(st.f_frsize));
    if free < room {
        return false;
    }
    let a = beside(path);
    let b = a.with_extension("hkg-probe");
    let made = std::fs::create_dir(&a).is_ok() && std::fs::create_dir(&b).is_ok();
    let swapped = made && exchange(&a, &b).is_ok();
    let _ = std::fs::remove_dir(&a);
    let _ = std::fs::remove_dir(&b);
    swapped
}

#[cfg(not(target_os = "linux"))]
fn swap_supported(_: &Path, _: u64) -> bool {
    false
}

/// Puts the store rebuilt at [`beside`]`(path)` in the place of the one at `path` in one
/// step (the two folders are exchanged), then removes the old one. Stopped at any point, the
/// folder at `path` holds a whole store, the old one or the new one; both stores must be
/// closed.
pub fn swap_in(path: &Path) -> Result<()> {
    let rebuilt = beside(path);
    let failed = |source| Error::Write {
        what: format!(
            "{} (swapping in the store rebuilt beside it)",
            path.display()
        ),
        source,
    };
    exchange(&rebuilt, path).map_err(failed)?;
    remove_leftover(path)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// How [`KgStore::stored`] finds a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Absent,
    /// Stored from the same text with the same rules.
    Current,
    /// Stored, but from another text or other rules.
    Changed,
}

/// The bulk loader's memory target. Oxigraph plans for 2 GB per thread unless told. Each
/// loader thread sorts `BULK_MEMORY_MB * 1000 / threads` quads at a time, and two do at once:
/// at 200 the 10k build peaked at 500 MB, at 100 at 400-450 MB, in the same time (33-39 s).
const BULK_MEMORY_MB: usize = 100;

/// Writes documents through Oxigraph's bulk loader, which sorts quads into SST files
/// instead of inserting them one by one into RocksDB's memtables (ten times fewer cycles on
/// a fresh store). Nothing is visible until [`Bulk::commit`], which adds all the files at
/// once: a build that stops early leaves the new documents absent, and they are simply built
/// again next time.
///
/// The loader adds, it never removes, so a document stored in another form goes through
/// [`Bulk::replace`], which removes its old graph at once. Replacing one transaction each
/// instead (old graph out, new graph in) put every new quad through RocksDB's memtables six
/// times over, plus its strings: 0.7 MB per document that Oxigraph's memtable settings (128 MB
/// per column family, several per family before a flush) let grow to 2.4 GB while replacing
/// 10,000 documents, in 275 s against 40 s for a fresh build.
pub struct Bulk<'a> {
    kg: &'a KgStore,
    loader: oxigraph::store::BulkLoader<'a>,
    pending: Vec<Quad>,
    batch: usize,
    written: usize,
    /// Quads of old graphs removed since the memtables were last flushed (estimated by the
    /// size of their new versions).
    removed_since_flush: usize,
}

impl Bulk<'_> {
    /// Queues one document's quads; they are sorted and written in batches.
    pub fn add(&mut self, quads: Vec<Quad>) -> Result<()> {
        self.written += quads.len();
        if self.pending.is_empty() {
            self.pending = quads;
        } else {
            self.pending.extend(quads);
        }
        self.load_full_batches()
    }

    /// Queues the new version of a document the store holds in another form
    /// ([`Stored::Changed`]) and removes the old one now, in a transaction of its own. Until
    /// [`Bulk::commit`] the document is absent: a build stopped in between (killed, or a
    /// failed commit) leaves it absent, never half-written, and the next build sees it
    /// [`Stored::Absent`] and builds it again. The caller must make sure the next build also
    /// recomputes anything derived from the documents (the identity graph).
    ///
    /// The removal writes a tombstone per quad into each of Oxigraph's six quad indexes, which
    /// sit in RocksDB's memtables, so the memtables are flushed every
    /// [`FLUSH_AFTER_REMOVED`] quads instead of growing with the number of documents replaced.
    pub fn replace(&mut self, doc_id: &str, quads: Vec<Quad>) -> Result<()> {
        let g = doc_graph(doc_id);
        let kg = self.kg;
        let mut tx = kg.store.start_transaction().map_err(|e| kg.err(e))?;
        tx.remove_named_graph(g.as_ref()).map_err(|e| kg.err(e))?;
        tx.commit().map_err(|e| kg.err(e))?;
        fault::point(Phase::Replace);
        self.removed_since_flush += quads.len();
        if self.removed_since_flush >= FLUSH_AFTER_REMOVED {
            kg.flush()?;
            self.removed_since_flush = 0;
        }
        self.add(quads)
    }

    /// Queues one quad.
    pub fn push(&mut self, quad: Quad) -> Result<()> {
        self.written += 1;
        self.pending.push(quad);
        self.load_full_batches()
    }

    fn load_full_batches(&mut self) -> Result<()> {
        // Exactly one loader batch at a time: the loader splits a longer list into a full
        // batch and a small rest, and the rest's sorting thread then takes one of the two
        // thread slots, so that only one full batch was being sorted at a time.
        while self.pending.len() >= self.batch {
            let rest = self.pending.split_off(self.batch);
            let full = std::mem::replace(&mut self.pending, rest);
            self.loader.load_quads(full).map_err(|e| self.kg.err(e))?;
            fault::point(Phase::Load);
        }
        Ok(())
    }

    /// Quads queued so far.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Writes what is queued and makes every queued document visible.
    pub fn commit(mut self) -> Result<()> {
        let rest = std::mem::take(&mut self.pending);
        if !rest.is_empty() {
            self.loader.load_quads(rest).map_err(|e| self.kg.err(e))?;
        }
        fault::point(Phase::Load);
        self.loader.commit().map_err(|e| self.kg.err(e))
    }
}

/// How many removed quads [`Bulk::replace`] lets accumulate in RocksDB's memtables before it
/// flushes them: a removed quad costs about 6 × 90 bytes there. The memtables peak just before
/// a flush, on top of what the bulk loader is sorting: replacing 1k of the 100k bench documents
/// peaked at 531-538 MB with 200,000, and at 466 MB with 50,000, in the same time (BENCHMARKS
/// 41). At 10k the peak lay elsewhere, and the two were alike.
const FLUSH_AFTER_REMOVED: usize = 50_000;

/// Something that hands out a graph's quads, the same ones each time it is called.
/// An error stops the write before anything is stored.
pub type Emit<'a> = dyn Fn(&mut dyn FnMut(Quad)) -> Result<()> + 'a;

/// A 128-bit hash (two SipHash keys, random per process), to tell large numbers of quads or
/// names apart by their hashes instead of holding them: a collision needs about 2^64 of them.
#[derive(Default)]
pub(crate) struct Hash128(std::hash::RandomState, std::hash::RandomState);

impl Hash128 {
    pub(crate) fn of<T: std::hash::Hash>(&self, x: &T) -> u128 {
        use std::hash::BuildHasher;
        (u128::from(self.0.hash_one(x)) << 64) | u128::from(self.1.hash_one(x))
    }
}

/// The predicate (in `HKG`) of a synced graph's digest of its quads (see [`GraphCopy`]).
const DIGEST: &str = "quadsDigest";

/// Whether `q` is a statement graph `g` makes about itself (its stamps and its digest).
fn is_about(q: &Quad, g: NamedNodeRef<'_>) -> bool {
    matches!(&q.subject, NamedOrBlankNode::NamedNode(s) if s.as_ref() == g)
}

/// Puts the triple of `q` into `text` as N-Triples writes it, without the closing dot: what
/// a copy's line holds and what a quad's hash is taken of.
fn triple_text(q: &Quad, text: &mut String) {
    use std::fmt::Write;
    text.clear();
    let _ = write!(text, "{} {} {}", q.subject, q.predicate, q.object);
}

/// The 128-bit hash of a triple's text (see [`triple_text`]), with its lowest bit clear
/// ([`KgStore::sync_graph_with`] marks hashes with that bit): FNV-1a, so the digest one build
/// records (and exports) is the one the next computes, whatever Rust compiled either.
fn text_hash(text: &str) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    text.bytes()
        .fold(OFFSET, |h, b| (h ^ u128::from(b)).wrapping_mul(PRIME))
        & !1
}

/// A quad's hash (see [`text_hash`]).
fn quad_hash(q: &Quad) -> u128 {
    let mut text = String::with_capacity(160);
    triple_text(q, &mut text);
    text_hash(&text)
}

/// A digest of a graph's quads as they are handed out: the sum of their hashes and their
/// number, which no order changes.
#[derive(Default)]
struct Digest {
    sum: u128,
    count: u64,
}

impl Digest {
    /// Adds a quad by its hash, returning the hash.
    fn add(&mut self, h: u128) -> u128 {
        self.sum = self.sum.wrapping_add(h);
        self.count += 1;
        h
    }

    fn text(&self) -> String {
        format!("{:032x} {:020}", self.sum, self.count)
    }

    /// The statement of graph `g` that records this digest.
    fn quad(&self, g: NamedNodeRef<'_>) -> Quad {
        Quad::new(
            g.into_owned(),
            NamedNode::new_unchecked(format!("{HKG}{DIGEST}")),
            Literal::new_simple_literal(self.text()),
            g.into_owned(),
        )
    }
}

/// A copy of a synced graph's quads in a file of the store's folder, as N-Triples after a
/// first line that holds the digest of the quads it was written with. The graph holds the
/// digest of the quads it was last synced with (`hkg:quadsDigest`); the copy is only read
/// when the two agree, so a build stopped between writing the graph and replacing the copy,
/// or an older hkg that synced the graph without one, leaves a copy that is not believed.
/// The copy leaves out the graph's statements about itself: removing a stamp (see
/// [`KgStore::remove_stamp`]) does not make it wrong.
pub struct GraphCopy {
    path: PathBuf,
}

/// What [`GraphCopy::read`] made of a copy.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Copied {
    /// Read to its end: it holds the graph's quads.
    Read,
    /// None, or of another state of the graph: nothing was handed out.
    Unread,
    /// It could not be read to its end, after some quads were handed out.
    Broken,
}

/// The hashes of the quads a synced graph should hold, sorted, each marked (its lowest bit
/// set) once the graph is found to hold its quad or the quad is written. A sorted vector
/// rather than a hash set: 16 bytes a quad, where a set of the 100k build's 3 M identity
/// quads held about 70 MB and twice that while it grew, and marking in place never grows it.
struct Marks(Vec<u128>);

impl Marks {
    /// From hashes as [`quad_hash`] gives them (lowest bit clear), repeats and all.
    fn of(mut hashes: Vec<u128>) -> Marks {
        hashes.sort_unstable();
        hashes.dedup();
        hashes.shrink_to_fit();
        Marks(hashes)
    }

    /// Marks `h`: whether it was marked already, or None when it is not one of them.
    fn mark(&mut self, h: u128) -> Option<bool> {
        let i = self.0.binary_search_by(|x| (x & !1).cmp(&h)).ok()?;
        let was = self.0[i] & 1 == 1;
        self.0[i] |= 1;
        Some(was)
    }

    fn unmark_all(&mut self) {
        for h in &mut self.0 {
            *h &= !1;
        }
    }
}

/// Marks `q`, a quad the graph holds, in `new` (see [`KgStore::sync_graph_with`]), or notes
/// it as stale when the graph should not hold it.
fn mark_old(new: &mut Marks, stale: &mut Vec<Quad>, q: Quad) {
    if new.mark(quad_hash(&q)).is_none() {
        stale.push(q);
    }
}

/// A copy being written, under a temporary name until [`GraphCopy::publish`].
struct CopyWriter {
    path: PathBuf,
    out: std::io::BufWriter<std::fs::File>,
}

/// The first line of a copy: the header and a digest of fixed width, written last.
const COPY_HEADER: &str = "# hkg graph copy, digest ";

impl GraphCopy {
    fn at(path: PathBuf) -> GraphCopy {
        GraphCopy { path }
    }

    fn tmp(&self) -> PathBuf {
        let mut name = self.path.clone().into_os_string();
        name.push(".tmp");
        PathBuf::from(name)
    }

    fn remove(&self) -> Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::write(&self.path)(e)),
            _ => Ok(()),
        }
    }

    /// Starts a new copy under the temporary name, its first line held for the digest.
    fn create(&self) -> Result<CopyWriter> {
        use std::io::Write;
        let path = self.tmp();
        let file = std::fs::File::create(&path).map_err(Error::write(&path))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        writeln!(out, "{COPY_HEADER}{}", Digest::default().text()).map_err(Error::write(&path))?;
        Ok(CopyWriter { path, out })
    }

    /// The copy, past its first line, when its digest is `digest`.
    fn open(&self, digest: &str) -> Option<std::io::BufReader<std::fs::File>> {
        use std::io::BufRead;
        let file = std::fs::File::open(&self.path).ok()?;
        let mut input = std::io::BufReader::with_capacity(1 << 16, file);
        let mut first = String::new();
        input.read_line(&mut first).ok()?;
        (first.trim_end().strip_prefix(COPY_HEADER) == Some(digest)).then_some(input)
    }

    /// Hands each quad of the copy to `each` as a quad of graph `g`, when the copy's digest is
    /// `digest`.
    fn read(&self, digest: &str, g: NamedNodeRef<'_>, each: &mut dyn FnMut(Quad)) -> Copied {
        let Some(input) = self.open(digest) else {
            return Copied::Unread;
        };
        for q in oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
            .for_reader(input)
        {
            match q {
                Ok(q) => each(Quad::new(q.subject, q.predicate, q.object, g.into_owned())),
                Err(_) => return Copied::Broken,
            }
        }
        Copied::Read
    }

    /// Puts a finished copy in place of the last one. A failure leaves the last one, whose
    /// digest no longer agrees with the graph's.
    fn publish(&self, tmp: &Path) -> Result<()> {
        std::fs::rename(tmp, &self.path).map_err(Error::write(&self.path))
    }
}

impl CopyWriter {
    /// Writes a line: a triple's text (see [`triple_text`]) and its closing dot.
    fn write(&mut self, text: &str) -> Result<()> {
        use std::io::Write;
        writeln!(self.out, "{text} .").map_err(Error::write(&self.path))
    }

    /// Writes the digest into the first line and the copy to disk; returns its path.
    fn finish(self, digest: &Digest) -> Result<PathBuf> {
        use std::io::{Seek, Write};
        let CopyWriter { path, out } = self;
        let written = (|| {
            let mut file = out
                .into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            file.seek(std::io::SeekFrom::Start(0))?;
            writeln!(file, "{COPY_HEADER}{}", digest.text())?;
            file.sync_all()
        })();
        written.map_err(Error::write(&path))?;
        Ok(path)
    }
}

/// Variable names and rows of a SELECT result.
pub type Table = (Vec<String>, Vec<Vec<Option<Term>>>);

/// Store counts.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub documents: usize,
    pub per_relation: std::collections::BTreeMap<Relation, usize>,
    /// Distinct entity IRIs per class (Hospital, Institution, Person, Branch).
    pub entities: std::collections::BTreeMap<String, usize>,
    pub quads: usize,
}

/// Whether a named node is a document graph.
pub fn is_doc_graph(n: NamedNodeRef<'_>) -> bool {
    doc_id_of(n.as_str()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedOrBlankNode};
    use std::collections::BTreeSet;

    fn quad(s: &str, o: &str) -> Quad {
        Quad::new(
            NamedOrBlankNode::NamedNode(NamedNode::new_unchecked(format!("http://e/{s}"))),
            NamedNode::new_unchecked("http://e/p"),
            Literal::new_simple_literal(o),
            GraphName::NamedNode(NamedNode::new_unchecked("http://e/g")),
        )
    }

    /// The quads of the store but the synced graph's digest, as text.
    fn held(kg: &KgStore) -> BTreeSet<String> {
        kg.inner()
            .quads_for_pattern(None, None, None, None)
            .map(|q| q.expect("quad"))
            .filter(|q| !q.predicate.as_str().ends_with(DIGEST))
            .map(|q| q.to_string())
            .collect()
    }

    /// Syncs graph <http://e/g> to `quads` and checks it holds exactly them.
    fn sync(kg: &KgStore, quads: &[Quad], what: &str) {
        let g = NamedNodeRef::new_unchecked("http://e/g");
        kg.sync_graph_with(g, "copy.nt", &|out| {
            quads.iter().cloned().for_each(&mut *out);
            Ok(())
        })
        .expect("synced");
        let want: BTreeSet<String> = quads.iter().map(ToString::to_string).collect();
        assert_eq!(held(kg), want, "{what}");
    }

    #[test]
    fn sync_graph_with_leaves_exactly_the_emitted_quads() {
        let kg = KgStore::memory().expect("store");
        sync(
            &kg,
            &[quad("a", "1"), quad("b", "2"), quad("a", "1")],
            "a repeated quad is held once",
        );
        assert_eq!(
            kg.inner().len().expect("len"),
            3,
            "two quads and the digest"
        );
        sync(
            &kg,
            &[quad("a", "1"), quad("c", "3")],
            "the stale quad is gone, the new one is in",
        );
    }

    #[test]
    fn a_synced_graphs_copy_is_read_only_while_its_digest_is_the_graphs() {
        let dir = tempfile::tempdir().expect("tmp");
        let kg = KgStore::open(&dir.path().join("kg")).expect("store");
        let copy = dir.path().join("kg").join("copy.nt");
        let a = [quad("a", "1"), quad("b", "2"), quad("b", "2")];
        sync(&kg, &a, "bulk-loaded");
        let text = std::fs::read_to_string(&copy).expect("a copy beside the store");
        assert_eq!(
            text.lines().count(),
            4,
            "the digest line and each quad handed out"
        );
        let b = [quad("a", "1"), quad("c", "3")];
        sync(&kg, &b, "diffed against the copy");
        let after_b = std::fs::read_to_string(&copy).expect("copy");
        assert_ne!(after_b, text, "the copy follows the graph");
        // A build stopped after writing the graph and before replacing the copy leaves the
        // copy of the graph before: believed, it would keep c.
        std::fs::write(&copy, &text).expect("old copy back");
        sync(
            &kg,
            &[quad("a", "1"), quad("d", "4")],
            "a stale copy is not read",
        );
        // A copy that cannot be read to its end is not half-believed: d would stay.
        let current = std::fs::read_to_string(&copy).expect("copy");
        let spoilt = current.replace("<http://e/d>", "<http://e/d> spoilt");
        assert_ne!(spoilt, current);
        std::fs::write(&copy, spoilt).expect("spoil");
        sync(&kg, &[quad("e", "5")], "an unreadable copy is not read");
        std::fs::remove_file(&copy).expect("rm");
        sync(&kg, &[quad("a", "1")], "without a copy the store is read");
        // A stamp the graph loses (a build that changed documents removes it first) is put
        // back, though the copy was written with it.
        let g = NamedNodeRef::new_unchecked("http://e/g");
        let stamp = Quad::new(
            g.into_owned(),
            NamedNode::new_unchecked(format!("{HKG}stamp")),
            Literal::new_simple_literal("s1"),
            g.into_owned(),
        );
        sync(&kg, &[quad("a", "1"), stamp.clone()], "stamped");
        kg.remove_stamp(g, "stamp").expect("unstamped");
        sync(&kg, &[quad("a", "1"), stamp], "stamped again");
    }

    #[test]
    fn a_synced_graphs_copy_gives_its_lines_only_while_they_add_up_to_its_digest() {
        let dir = tempfile::tempdir().expect("tmp");
        let kg = KgStore::open(&dir.path().join("kg")).expect("store");
        let copy = dir.path().join("kg").join("copy.nt");
        let g = NamedNodeRef::new_unchecked("http://e/g");
        let lines = |kg: &KgStore| {
            let mut got = BTreeSet::new();
            let whole = kg
                .copied_lines(g, "copy.nt", &mut |l| {
                    got.insert(format!("{l} <http://e/g>"));
                    Ok(())
                })
                .expect("read");
            whole.then_some(got)
        };
        assert_eq!(lines(&kg), None, "no graph, no copy");
        sync(&kg, &[quad("a", "1"), quad("b", "2")], "synced");
        assert_eq!(
            lines(&kg),
            Some(held(&kg)),
            "the copy's lines are the graph's"
        );
        let text = std::fs::read_to_string(&copy).expect("copy");
        // A line changed and still N-Triples, or a line lost, no longer adds up.
        for spoilt in [
            text.replace("<http://e/b>", "<http://e/x>"),
            text.lines().take(2).map(|l| format!("{l}\n")).collect(),
        ] {
            assert_ne!(spoilt, text);
            std::fs::write(&copy, spoilt).expect("spoil");
            assert_eq!(lines(&kg), None, "a spoilt copy");
        }
        std::fs::write(&copy, &text).expect("restored");
        sync(&kg, &[quad("a", "1")], "changed");
        std::fs::write(&copy, &text).expect("the copy before the change");
        assert_eq!(lines(&kg), None, "a stale copy");
        std::fs::remove_file(&copy).expect("rm");
        assert_eq!(lines(&kg), None, "no copy");
        assert_eq!(
            KgStore::memory()
                .expect("mem")
                .copied_lines(g, "copy.nt", &mut |_| Ok(()))
                .ok(),
            Some(false)
        );
    }

    #[test]
    fn bulk_writes_every_quad_whatever_the_batch_boundaries() {
        let kg = KgStore::memory().expect("store");
        let mut bulk = kg.bulk();
        bulk.batch = 5;
        let mut want = BTreeSet::new();
        for doc in 0..3 {
            let quads: Vec<Quad> = (0..7)
                .map(|i| quad(&format!("d{doc}"), &i.to_string()))
                .collect();
            want.extend(quads.iter().map(ToString::to_string));
            bulk.add(quads).expect("queued");
        }
        assert_eq!(bulk.written(), 21);
        bulk.commit().expect("committed");
        assert_eq!(held(&kg), want);
    }
}
