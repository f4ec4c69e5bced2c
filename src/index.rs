//! Stage 7, index: what each published snapshot carries beside the store for readers that
//! page through listings and look names up, two things Oxigraph alone answers too slowly on
//! a large store. Written by the writer into the snapshot before it is published (see
//! [`crate::snapshot::WriteLock::publish`]), so a reader sees the indexes of the build it
//! reads, never of another.
//!
//! **Views.** A library query that needs no parameter lists the whole corpus (every
//! hospital's leaders, every honour), and Oxigraph computes and sorts every row before it
//! hands out the first: a minute at 100,000 documents. Its rows, written once per build in
//! the query's own order as SPARQL TSV results, with the byte offset of every row in a file
//! beside them, give any page with two reads. The `.rq` files stay plain SPARQL; a view is
//! their answer, kept.
//!
//! **Labels.** Oxigraph has no text index. Every name and alias of the identity graph's
//! entities goes into an [`fst`] map, whose sorted keys share their prefixes, so a prefix
//! finds all names that begin with it by walking the map. Each key points at a line of the
//! entity table: IRI, class, name, place and its GB/T 2260 code.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::rc::Rc;

use fst::{Automaton, IntoStreamer, Streamer};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator, Variable};

use crate::error::{Error, Result};
use crate::export::{SortedLines, RUN_BYTES};
use crate::graph::{HKG, ORG, RDF_TYPE, SCHEMA, SKOS};
use crate::query::{self, NamedQuery};
use crate::resolve::{IDENTITY, IDENTITY_COPY};
use crate::store::KgStore;

/// A view's rows, as SPARQL TSV results: `hkg-view-NAME.tsv`.
const VIEW: &str = "hkg-view-";
/// The label map and the entity table its values point into.
const LABELS: &str = "hkg-labels.fst";
const ENTITIES: &str = "hkg-entities.tsv";

/// Whether `name` (a file of a snapshot's folder) is one of the indexes.
fn is_index(name: &str) -> bool {
    name.starts_with(VIEW) || name == LABELS || name == ENTITIES
}

/// Rows of a view, or (labels, entities) of the label index.
type Counts = (usize, usize);

/// What [`write`] wrote.
#[derive(Debug, Default, Clone)]
pub struct Written {
    /// (query, rows) of each view.
    pub views: Vec<(String, usize)>,
    pub labels: usize,
    pub entities: usize,
}

/// The library queries that get a view: those that answer without a parameter.
pub fn viewed() -> impl Iterator<Item = NamedQuery> {
    query::BUILTIN
        .iter()
        .filter(|(_, text)| query::parameters(text).iter().all(|p| !p.required))
        .map(|(name, text)| NamedQuery {
            name: name.trim_end_matches(".rq").to_owned(),
            text: (*text).to_owned(),
        })
}

/// Writes the label index of `kg` into the folder `dir`, and with `views` the views of every
/// parameterless library query.
pub fn write(kg: &KgStore, dir: &Path, views: bool) -> Result<Written> {
    let queries: Vec<NamedQuery> = viewed().filter(|_| views).collect();
    // One job per view, and the labels, on as many threads as there are cores: each query
    // is evaluated by one thread, and a store is read by many at once.
    let jobs = queries.len() + 1;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: std::sync::Mutex<Vec<(usize, Result<Counts>)>> = Default::default();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(jobs));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let job = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let result = match queries.get(job) {
                    Some(q) => write_view(kg, q, dir).map(|rows| (rows, 0)),
                    None if job == queries.len() => write_labels(kg, dir),
                    None => break,
                };
                done.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push((job, result));
            });
        }
    });
    let mut done = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_by_key(|(job, _)| *job);
    let mut written = Written::default();
    for (job, result) in done {
        let (n, m) = result?;
        match queries.get(job) {
            Some(q) => written.views.push((q.name.clone(), n)),
            None => (written.labels, written.entities) = (n, m),
        }
    }
    Ok(written)
}

/// Links the indexes of the snapshot `from` into `to`: for a build that changed nothing.
/// False when `from` has none (written before hkg kept indexes).
pub fn carry(from: &Path, to: &Path) -> Result<bool> {
    let failed = Error::write(to);
    let mut any = false;
    for entry in std::fs::read_dir(from).map_err(&failed)? {
        let entry = entry.map_err(&failed)?;
        if is_index(&entry.file_name().to_string_lossy()) {
            std::fs::hard_link(entry.path(), to.join(entry.file_name())).map_err(&failed)?;
            any = true;
        }
    }
    Ok(any)
}

/// Whether the snapshot folder `dir` has views.
pub fn has_views(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(VIEW))
    })
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 16, f))
        .map_err(Error::write(path))
}

/// A writer that notes where each line ends.
struct Lines<W> {
    inner: W,
    at: u64,
    ends: Vec<u64>,
}

impl<W: Write> Write for Lines<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        for (i, b) in buf[..n].iter().enumerate() {
            if *b == b'\n' {
                self.ends.push(self.at + i as u64 + 1);
            }
        }
        self.at += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// One key of an ORDER BY that a view sorts itself (see [`Sorted`]).
enum Key {
    /// `?var`, ascending.
    Value(Variable),
    /// `(!BOUND(?var))`: rows that bind it first.
    Unbound(Variable),
}

/// A `SELECT DISTINCT … ORDER BY` query whose order a view applies itself, in bounded
/// memory, instead of Oxigraph: Oxigraph holds every solution of an ORDER BY and every one
/// of a DISTINCT in memory (1.6 GB at 100,000 documents for posts-by-date's 690,000 rows).
/// The query runs without either, and its rows go through the external sort that `hkg
/// export` uses, each behind a key that sorts as SPARQL orders its values (strings by code
/// point), and each once.
struct Sorted {
    text: String,
    keys: Vec<Key>,
}

impl Sorted {
    /// The query `text` without its DISTINCT and ORDER BY, when it has both and its ORDER BY
    /// (the last clause) holds only ascending variables and `(!BOUND(?var))`; else None, and
    /// Oxigraph orders it.
    fn of(text: &str) -> Option<Sorted> {
        let at = text.rfind("\nORDER BY ")?;
        let mut keys = Vec::new();
        for token in text[at + "\nORDER BY ".len()..].split_whitespace() {
            let key = if let Some(v) = token.strip_prefix('?') {
                Key::Value(Variable::new(v).ok()?)
            } else {
                let v = token.strip_prefix("(!BOUND(?")?.strip_suffix("))")?;
                Key::Unbound(Variable::new(v).ok()?)
            };
            keys.push(key);
        }
        let head = &text[..at];
        let select = head.find("\nSELECT DISTINCT ")?;
        let text = format!(
            "{}\nSELECT {}\n",
            &head[..select],
            &head[select + "\nSELECT DISTINCT ".len()..]
        );
        Some(Sorted { text, keys })
    }

    /// The sort key of a solution: per key, a part that compares as SPARQL orders (unbound
    /// first, then IRIs, then literals by their text), ended by a byte lower than any it
    /// holds, so a shorter string sorts first. Control bytes are escaped, so the key holds
    /// no tab (which ends it) or newline (which ends a line of the sort).
    fn key(&self, s: &QuerySolution) -> String {
        let mut k = String::new();
        for key in &self.keys {
            match key {
                Key::Unbound(v) => k.push(if s.get(v).is_some() { '0' } else { '1' }),
                Key::Value(v) => {
                    let (marker, text) = match s.get(v) {
                        None => ('\u{1}', ""),
                        Some(Term::NamedNode(n)) => ('\u{3}', n.as_str()),
                        Some(Term::Literal(l)) => ('\u{4}', l.value()),
                        Some(_) => ('\u{2}', ""),
                    };
                    k.push(marker);
                    for c in text.chars() {
                        if matches!(c, '\u{0}'..='\u{5}' | '\t' | '\n' | '\r') {
                            k.push('\u{5}');
                            k.push(char::from(c as u8 + 0x40));
                        } else {
                            k.push(c);
                        }
                    }
                    k.push('\u{0}');
                }
            }
        }
        k
    }
}

/// A writer into a buffer that its owner reads between writes.
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes the rows of `sorted` as SPARQL TSV results to `out`, sorted outside Oxigraph.
fn write_sorted(kg: &KgStore, name: &str, sorted: &Sorted, out: &mut impl Write) -> Result<()> {
    let qerr = |message: String| Error::Query {
        name: name.to_owned(),
        message,
    };
    let werr = |source| Error::Write {
        what: format!("the view of {name}"),
        source,
    };
    let prepared = query::prepare(SparqlEvaluator::new(), name, &sorted.text)?;
    let QueryResults::Solutions(solutions) = prepared
        .on_store(kg.inner())
        .execute()
        .map_err(|e| qerr(e.to_string()))?
    else {
        return Err(qerr("a view needs a SELECT query".into()));
    };
    let buf = Rc::new(RefCell::new(Vec::new()));
    let mut ser = QueryResultsSerializer::from_format(QueryResultsFormat::Tsv)
        .serialize_solutions_to_writer(Shared(Rc::clone(&buf)), solutions.variables().to_vec())
        .map_err(werr)?;
    out.write_all(&std::mem::take(&mut *buf.borrow_mut()))
        .map_err(werr)?;
    let mut lines = SortedLines::new(RUN_BYTES);
    for s in solutions {
        let s = s.map_err(|e| qerr(e.to_string()))?;
        ser.serialize(&s).map_err(werr)?;
        let row = std::mem::take(&mut *buf.borrow_mut());
        let row = String::from_utf8_lossy(&row);
        let mut line = sorted.key(&s);
        line.push('\t');
        line.push_str(row.trim_end_matches('\n'));
        lines.push(line).map_err(werr)?;
    }
    for line in lines.merged().map_err(werr)? {
        let line = line.map_err(werr)?;
        let row = line.split_once('\t').map_or("", |(_, r)| r);
        out.write_all(row.as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .map_err(werr)?;
    }
    Ok(())
}

/// Writes one view: the rows, then the offsets of their line ends (the header's first), as
/// little-endian u64. Returns the number of rows.
fn write_view(kg: &KgStore, q: &NamedQuery, dir: &Path) -> Result<usize> {
    let tsv = dir.join(format!("{VIEW}{}.tsv", q.name));
    let mut lines = Lines {
        inner: create(&tsv)?,
        at: 0,
        ends: Vec::new(),
    };
    match Sorted::of(&q.text) {
        Some(sorted) => write_sorted(kg, &q.name, &sorted, &mut lines)?,
        None => query::run(kg, q, &[], query::Format::Tsv, &mut lines)?,
    }
    lines.flush().map_err(Error::write(&tsv))?;
    let idx = dir.join(format!("{VIEW}{}.idx", q.name));
    let mut out = create(&idx)?;
    for end in &lines.ends {
        out.write_all(&end.to_le_bytes())
            .map_err(Error::write(&idx))?;
    }
    out.flush().map_err(Error::write(&idx))?;
    Ok(lines.ends.len().saturating_sub(1))
}

/// Rows `offset..offset + limit` of a view, as SPARQL TSV results (header first).
#[derive(Debug)]
pub struct Page {
    pub tsv: Vec<u8>,
    /// Rows in the page.
    pub rows: usize,
    /// Rows in the whole view.
    pub total: usize,
}

/// A page of the view of library query `name` in the snapshot folder `dir`; None when the
/// snapshot has no view of it.
pub fn page(dir: &Path, name: &str, offset: usize, limit: usize) -> Result<Option<Page>> {
    let idx_path = dir.join(format!("{VIEW}{name}.idx"));
    let tsv_path = dir.join(format!("{VIEW}{name}.tsv"));
    let (Ok(mut idx), Ok(mut tsv)) = (File::open(&idx_path), File::open(&tsv_path)) else {
        return Ok(None);
    };
    let len = idx.metadata().map_err(Error::read(&idx_path))?.len();
    let total = (len / 8).saturating_sub(1) as usize;
    let mut end_at = |i: usize| -> Result<u64> {
        let mut b = [0u8; 8];
        idx.seek(SeekFrom::Start(i as u64 * 8))
            .and_then(|_| idx.read_exact(&mut b))
            .map_err(Error::read(&idx_path))?;
        Ok(u64::from_le_bytes(b))
    };
    let header_end = end_at(0)?;
    let from = offset.min(total);
    let to = offset.saturating_add(limit).min(total);
    let (a, b) = (end_at(from)?, end_at(to)?);
    let mut out = vec![0u8; (header_end + (b - a)) as usize];
    let (head, body) = out.split_at_mut(header_end as usize);
    tsv.read_exact(head)
        .and_then(|()| tsv.seek(SeekFrom::Start(a)))
        .and_then(|_| tsv.read_exact(body))
        .map_err(Error::read(&tsv_path))?;
    Ok(Some(Page {
        tsv: out,
        rows: to - from,
        total,
    }))
}

/// A labelled entity of the identity graph.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entity {
    pub iri: String,
    /// Hospital, Institution, Person, Branch or Place.
    pub class: String,
    /// Its preferred name.
    pub name: String,
    /// The administrative division it lies in (a place: itself; a person or branch: its
    /// organisation's), and its GB/T 2260 code.
    pub place: String,
    pub code: String,
    /// The organisation a person or branch belongs to, by name.
    pub of: String,
}

/// How a name matched a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Match {
    /// The entity's preferred name, whole.
    Exact,
    /// One of its aliases, whole.
    Alias,
    /// A name that begins with the query.
    Prefix,
}

/// An entity a name found, and the name that found it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    #[serde(flatten)]
    pub entity: Entity,
    pub label: String,
    #[serde(rename = "match")]
    pub how: Match,
}

/// The label index of a snapshot, in memory.
pub struct Labels {
    map: fst::Map<Vec<u8>>,
    entities: Vec<u8>,
    counts: std::sync::OnceLock<Vec<(String, usize)>>,
}

/// A key of the label map: the label, a NUL (which no label holds), and the entity's
/// line offset, so that one label may name several entities. Its value is that offset,
/// shifted, with the low bit set for an alias.
fn key(label: &str, at: u64) -> Vec<u8> {
    let mut k = Vec::with_capacity(label.len() + 9);
    k.extend_from_slice(label.as_bytes());
    k.push(0);
    k.extend_from_slice(&at.to_be_bytes());
    k
}

impl Labels {
    /// The label index of the snapshot folder `dir`; None when it has none.
    pub fn open(dir: &Path) -> Result<Option<Labels>> {
        let (map, entities) = (dir.join(LABELS), dir.join(ENTITIES));
        let (Ok(m), Ok(e)) = (std::fs::read(&map), std::fs::read(&entities)) else {
            return Ok(None);
        };
        let map = fst::Map::new(m).map_err(|e| Error::Query {
            name: map.display().to_string(),
            message: format!("the label index is damaged: {e}"),
        })?;
        Ok(Some(Labels {
            map,
            entities: e,
            counts: std::sync::OnceLock::new(),
        }))
    }

    /// Entities that `keep` accepts with a name or alias that begins with `prefix` (all names
    /// when it is empty), ordered: exact names, aliases, then longer names, shortest first;
    /// at most `limit`.
    pub fn search(&self, prefix: &str, limit: usize, keep: &dyn Fn(&Entity) -> bool) -> Vec<Hit> {
        let automaton = fst::automaton::Str::new(prefix).starts_with();
        let mut stream = self.map.search(automaton).into_stream();
        let mut hits: Vec<Hit> = Vec::new();
        // Whole-name hits are all kept; prefix hits only some times as many as are shown.
        let mut prefixed = 0;
        while let Some((k, v)) = stream.next() {
            let label_len = k.len() - 9;
            let label = String::from_utf8_lossy(&k[..label_len]).into_owned();
            let whole = label_len == prefix.len();
            if !whole && prefixed >= limit.saturating_mul(4).max(200) {
                // Whole names sort first (a NUL follows them): none is left.
                break;
            }
            let Some(entity) = self.entity(v >> 1).filter(|e| keep(e)) else {
                continue;
            };
            let how = match (whole, v & 1 == 1) {
                (true, false) => Match::Exact,
                (true, true) => Match::Alias,
                (false, _) => {
                    prefixed += 1;
                    Match::Prefix
                }
            };
            hits.push(Hit { entity, label, how });
        }
        hits.sort_by(|a, b| {
            (a.how, a.label.chars().count(), &a.label, &a.entity.iri).cmp(&(
                b.how,
                b.label.chars().count(),
                &b.label,
                &b.entity.iri,
            ))
        });
        // An entity found by several of its names counts once, by its best.
        let mut seen = std::collections::HashSet::new();
        hits.retain(|h| seen.insert(h.entity.iri.clone()));
        hits.truncate(limit);
        hits
    }

    /// How many entities of each class the index holds, classes in name order: what a home
    /// page shows of the graph without asking the store (one pass over the entity table, the
    /// first time it is asked: 70 ms at 100,000 documents).
    pub fn counts(&self) -> &[(String, usize)] {
        self.counts.get_or_init(|| {
            let mut counts: std::collections::BTreeMap<&[u8], usize> = Default::default();
            for line in self.entities.split(|b| *b == b'\n') {
                if let Some(class) = line.split(|b| *b == b'\t').nth(1) {
                    *counts.entry(class).or_default() += 1;
                }
            }
            counts
                .into_iter()
                .map(|(c, n)| (String::from_utf8_lossy(c).into_owned(), n))
                .collect()
        })
    }

    fn entity(&self, at: u64) -> Option<Entity> {
        let rest = self.entities.get(at as usize..)?;
        let line = rest.split(|b| *b == b'\n').next()?;
        let line = std::str::from_utf8(line).ok()?;
        let mut f = line.split('\t').map(str::to_owned);
        Some(Entity {
            iri: f.next()?,
            class: f.next()?,
            name: f.next()?,
            place: f.next()?,
            code: f.next()?,
            of: f.next().unwrap_or_default(),
        })
    }
}

/// What the identity graph says of one subject.
#[derive(Default)]
struct Subject {
    iri: String,
    class: Option<&'static str>,
    name: Option<String>,
    aliases: Vec<String>,
    place: Option<String>,
    of: Option<String>,
    code: Option<String>,
}

const CLASSES: [&str; 5] = ["Hospital", "Institution", "Person", "Branch", "Place"];

/// Where the label index reads the identity graph from.
enum Identity {
    /// The graph's copy beside the store (see [`KgStore::copied_lines`]), sorted by subject
    /// into an unnamed temporary file of N-Triples.
    Sorted(File),
    /// The store, when there is no copy of the graph as it stands.
    Store,
}

impl Identity {
    /// Sorts the copy of the identity graph by subject, in bounded memory (the external sort
    /// `hkg export` uses), once for both readings of [`write_labels`]. Reading the graph
    /// from the store instead decodes each of its terms with a random read of Oxigraph's
    /// string table: at 100k documents (3 M quads), with more table files than RocksDB keeps
    /// open, that kept a replacement of 1k documents in this stage for over 15 minutes.
    fn of(kg: &KgStore, dir: &Path) -> Result<Identity> {
        let failed = |e| Error::Write {
            what: format!("the label index in {}", dir.display()),
            source: e,
        };
        let mut lines = SortedLines::new(RUN_BYTES);
        let graph = NamedNodeRef::new_unchecked(IDENTITY);
        let copied = kg.copied_lines(graph, IDENTITY_COPY, &mut |l| {
            lines.push(l.to_owned()).map_err(failed)
        })?;
        if !copied {
            return Ok(Identity::Store);
        }
        let mut out = BufWriter::new(tempfile::tempfile().map_err(failed)?);
        for line in lines.merged().map_err(failed)? {
            out.write_all(line.map_err(failed)?.as_bytes())
                .and_then(|()| out.write_all(b" .\n"))
                .map_err(failed)?;
        }
        let mut file = out.into_inner().map_err(|e| failed(e.into_error()))?;
        file.rewind().map_err(failed)?;
        Ok(Identity::Sorted(file))
    }

    /// The graph's quads, each subject's together.
    fn quads<'a>(
        &'a mut self,
        kg: &'a KgStore,
    ) -> Result<Box<dyn Iterator<Item = Result<Quad>> + 'a>> {
        Ok(match self {
            Identity::Store => {
                let graph = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(IDENTITY));
                Box::new(
                    kg.inner()
                        .quads_for_pattern(None, None, None, Some(graph))
                        .map(|q| q.map_err(|e| kg.err(e))),
                )
            }
            Identity::Sorted(file) => {
                let failed = |e: std::io::Error| Error::Query {
                    name: ENTITIES.to_owned(),
                    message: format!("the sorted identity graph could not be read: {e}"),
                };
                file.rewind().map_err(failed)?;
                let input = std::io::BufReader::with_capacity(1 << 16, &*file);
                Box::new(
                    RdfParser::from_format(RdfFormat::NTriples)
                        .for_reader(input)
                        .map(move |q| q.map_err(|e| failed(e.into()))),
                )
            }
        })
    }
}

/// Hands each labelled subject of the identity graph to `f`, reading the graph in subject
/// order (the store's index keeps a graph's quads by subject, and the copy is sorted, so each
/// subject is whole before the next begins).
fn each_subject(
    kg: &KgStore,
    identity: &mut Identity,
    f: &mut dyn FnMut(Subject) -> Result<()>,
) -> Result<()> {
    let (pref, name, alt) = (
        format!("{SKOS}prefLabel"),
        format!("{SCHEMA}name"),
        format!("{SKOS}altLabel"),
    );
    let (place, member, unit, code) = (
        format!("{HKG}place"),
        format!("{ORG}memberOf"),
        format!("{ORG}unitOf"),
        format!("{HKG}divisionCode"),
    );
    let text = |t: &Term| match t {
        Term::Literal(l) => Some(l.value().to_owned()),
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    };
    let mut current = Subject::default();
    for q in identity.quads(kg)? {
        let q = q?;
        let NamedOrBlankNode::NamedNode(s) = &q.subject else {
            continue;
        };
        if s.as_str() != current.iri {
            let done = std::mem::take(&mut current);
            if done.class.is_some() && done.name.is_some() {
                f(done)?;
            }
            current.iri = s.as_str().to_owned();
        }
        let p = q.predicate.as_str();
        if p == RDF_TYPE {
            if let Term::NamedNode(c) = &q.object {
                if let Some(local) = c.as_str().strip_prefix(HKG) {
                    if let Some(class) = CLASSES.iter().find(|k| **k == local) {
                        current.class = Some(*class);
                    }
                }
            }
        } else if p == pref || p == name {
            current.name = text(&q.object);
        } else if p == alt {
            current.aliases.extend(text(&q.object));
        } else if p == place {
            current.place = text(&q.object);
        } else if p == member || p == unit {
            current.of = text(&q.object);
        } else if p == code {
            current.code = text(&q.object);
        }
    }
    if current.class.is_some() && current.name.is_some() {
        f(current)?;
    }
    Ok(())
}

/// Writes the entity table and the label map in bounded memory: a first reading of the
/// identity graph keeps the organisations and places (thousands, where people are hundreds
/// of thousands), a second writes every entity's line, and the labels are sorted by the
/// external sort `hkg export` uses. Returns (labels, entities).
fn write_labels(kg: &KgStore, dir: &Path) -> Result<(usize, usize)> {
    // (name, place IRI, code) of organisations and places.
    let mut known: HashMap<String, (String, Option<String>, String)> = HashMap::new();
    let mut identity = Identity::of(kg, dir)?;
    each_subject(kg, &mut identity, &mut |s| {
        if matches!(s.class, Some("Hospital" | "Institution" | "Place")) {
            let name = s.name.unwrap_or_default();
            known.insert(s.iri, (name, s.place, s.code.unwrap_or_default()));
        }
        Ok(())
    })?;
    let name_and_code = |iri: Option<&String>| -> (String, String) {
        iri.and_then(|i| known.get(i))
            .map(|(name, _, code)| (name.clone(), code.clone()))
            .unwrap_or_default()
    };
    let path = dir.join(ENTITIES);
    let mut out = create(&path)?;
    let (mut at, mut entities) = (0u64, 0usize);
    let mut keys = SortedLines::new(RUN_BYTES);
    let clean = |s: &str| s.replace(['\t', '\n', '\r', '\u{0}'], " ");
    let label_line = |label: &str, value: u64| format!("{}\u{0}{value:016x}", clean(label));
    each_subject(kg, &mut identity, &mut |s| {
        let class = s.class.unwrap_or_default();
        let own = s.name.clone().unwrap_or_default();
        let (place, code) = if class == "Place" {
            (own.clone(), s.code.clone().unwrap_or_default())
        } else {
            // A person or branch lies where its organisation does.
            let placed = s.place.as_ref().or_else(|| {
                let of = known.get(s.of.as_ref()?)?;
                of.1.as_ref()
            });
            name_and_code(placed)
        };
        let (of, _) = name_and_code(s.of.as_ref());
        let line = format!(
            "{}\t{class}\t{}\t{}\t{}\t{}\n",
            s.iri,
            clean(&own),
            clean(&place),
            clean(&code),
            clean(&of)
        );
        out.write_all(line.as_bytes())
            .map_err(Error::write(&path))?;
        let failed = Error::write(&path);
        keys.push(label_line(&own, at << 1)).map_err(&failed)?;
        for a in &s.aliases {
            if *a != own {
                keys.push(label_line(a, at << 1 | 1)).map_err(&failed)?;
            }
        }
        at += line.len() as u64;
        entities += 1;
        Ok(())
    })?;
    out.flush().map_err(Error::write(&path))?;
    let path = dir.join(LABELS);
    let fst_failed = |e: fst::Error| Error::write(&path)(std::io::Error::other(e));
    let mut builder = fst::MapBuilder::new(create(&path)?).map_err(fst_failed)?;
    let mut labels = 0;
    for line in keys.merged().map_err(Error::write(&path))? {
        let line = line.map_err(Error::write(&path))?;
        let Some((label, value)) = line.rsplit_once('\u{0}') else {
            continue;
        };
        let value = u64::from_str_radix(value, 16).unwrap_or_default();
        builder
            .insert(key(label, value >> 1), value)
            .map_err(fst_failed)?;
        labels += 1;
    }
    builder.finish().map_err(fst_failed)?;
    Ok((labels, entities))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    #[test]
    fn labels_read_from_the_identity_copy_are_those_read_from_the_store() {
        let tmp = tempfile::tempdir().expect("tmp");
        let kg = KgStore::open(&tmp.path().join("kg")).expect("store");
        let g = NamedNodeRef::new_unchecked(IDENTITY);
        let iri = |s: &str| NamedNode::new_unchecked(format!("http://e/{s}"));
        let quad = |s: &str, p: String, o: Term| {
            Quad::new(iri(s), NamedNode::new_unchecked(p), o, g.into_owned())
        };
        let lit = |s: &str| Term::from(Literal::new_simple_literal(s));
        let class = |c: &str| Term::from(NamedNode::new_unchecked(format!("{HKG}{c}")));
        let mut quads = vec![
            quad("zz", RDF_TYPE.into(), class("Place")),
            quad("zz", format!("{SKOS}prefLabel"), lit("株洲市")),
            quad("zz", format!("{HKG}divisionCode"), lit("430200")),
            quad("h", RDF_TYPE.into(), class("Hospital")),
            quad("h", format!("{SKOS}prefLabel"), lit("松涛市第一人民医院")),
            quad("h", format!("{SKOS}altLabel"), lit("松涛一院")),
            quad("h", format!("{HKG}place"), iri("zz").into()),
        ];
        // People sort around the hospital, and a quad may come twice.
        for (who, name) in [("a", "柯雨桐"), ("p", "骆新宇"), ("a", "柯雨桐")] {
            quads.push(quad(who, RDF_TYPE.into(), class("Person")));
            quads.push(quad(who, format!("{SCHEMA}name"), lit(name)));
            quads.push(quad(who, format!("{ORG}memberOf"), iri("h").into()));
        }
        kg.sync_graph_with(g, IDENTITY_COPY, &|out| {
            quads.iter().cloned().for_each(&mut *out);
            Ok(())
        })
        .expect("synced");
        let index = |name: &str| {
            let dir = tmp.path().join(name);
            std::fs::create_dir(&dir).expect("dir");
            assert_eq!(write_labels(&kg, &dir).expect("labels"), (5, 4));
            // Entities are listed in the order they were read: compare what searches find.
            let labels = Labels::open(&dir).expect("open").expect("an index");
            let mut hits: Vec<String> = [
                "",
                "株洲市",
                "松涛市第一人民医院",
                "松涛一院",
                "柯雨桐",
                "骆新宇",
            ]
            .iter()
            .flat_map(|q| labels.search(q, 10, &|_| true))
            .map(|h| format!("{:?} {} {:?}", h.how, h.label, h.entity))
            .collect();
            hits.sort();
            hits
        };
        let from_copy = index("copy");
        let person = r#"Exact 骆新宇 Entity { iri: "http://e/p", class: "Person", name: "骆新宇", place: "株洲市", code: "430200", of: "松涛市第一人民医院" }"#;
        assert!(from_copy.iter().any(|h| h == person), "{from_copy:#?}");
        assert!(
            from_copy.iter().any(|h| h.starts_with("Alias 松涛一院 ")),
            "{from_copy:#?}"
        );
        assert_eq!(from_copy.len(), 4 + 5, "{from_copy:#?}");
        std::fs::remove_file(tmp.path().join("kg").join(IDENTITY_COPY)).expect("rm copy");
        assert_eq!(from_copy, index("store"));
        // With a copy, the store's quads are not what is read.
        kg.sync_graph_with(g, IDENTITY_COPY, &|out| {
            quads.iter().cloned().for_each(&mut *out);
            Ok(())
        })
        .expect("synced again");
        kg.inner()
            .insert(&quad("p", format!("{SKOS}altLabel"), lit("骆主任")))
            .expect("behind the copy's back");
        assert_eq!(from_copy, index("copy again"));
    }

    #[test]
    fn parameterless_library_queries_get_views_and_lookups_do_not() {
        let names: Vec<String> = viewed().map(|q| q.name).collect();
        assert!(names.contains(&"hospital-leaders".to_owned()), "{names:?}");
        assert!(
            names.contains(&"awards-by-recipient".to_owned()),
            "{names:?}"
        );
        for lookup in [
            "evidence-for-entity",
            "hospitals-in-place",
            "post-holder-as-of",
        ] {
            assert!(!names.contains(&lookup.to_owned()), "{lookup} in {names:?}");
        }
    }

    #[test]
    fn listings_with_distinct_and_plain_order_are_sorted_outside_oxigraph() {
        let text = |name: &str| {
            query::BUILTIN
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| *t)
                .expect("a built-in query")
        };
        for name in ["hospital-leaders.rq", "posts-by-date.rq", "dual-leaders.rq"] {
            let sorted = Sorted::of(text(name)).unwrap_or_else(|| panic!("{name}"));
            assert!(!sorted.text.contains("ORDER BY") && !sorted.text.contains("DISTINCT ?"));
        }
        // GROUP BY, DESC: Oxigraph orders them.
        assert!(Sorted::of(text("awards-by-recipient.rq")).is_none());
        assert!(Sorted::of(text("branches-per-hospital.rq")).is_none());
        let sorted = Sorted::of(text("posts-by-date.rq")).expect("posts-by-date");
        let solution = |org: &str, date: Option<&str>| -> QuerySolution {
            let vars: std::sync::Arc<[Variable]> = ["org", "title", "person", "date", "doc"]
                .map(Variable::new_unchecked)
                .into();
            let lit = |s: &str| Some(Term::from(oxigraph::model::Literal::new_simple_literal(s)));
            (
                vars,
                vec![
                    lit(org),
                    lit("院长"),
                    lit("甲"),
                    date.and_then(lit),
                    lit("d"),
                ],
            )
                .into()
        };
        let rows = [
            ("市医院", None),
            ("市医院", Some("2024-05")),
            ("市医院\t分院", Some("2020")),
            ("市医", Some("2030")),
            ("市医院", Some("2024-05-01")),
        ];
        let mut keyed: Vec<(String, usize)> = rows
            .iter()
            .enumerate()
            .map(|(i, (org, date))| (sorted.key(&solution(org, *date)), i))
            .collect();
        keyed.sort();
        // A name before the longer names it begins; undated rows after the dated ones of their
        // organisation and title; dates by their text.
        let order: Vec<usize> = keyed.iter().map(|(_, i)| *i).collect();
        assert_eq!(order, [3, 1, 4, 0, 2]);
        assert!(keyed
            .iter()
            .all(|(k, _)| !k.contains('\t') && !k.contains('\n')));
    }

    #[test]
    fn keys_of_one_label_sort_together_before_longer_labels() {
        let mut keys = [key("市医院分院", 0), key("市医院", 90), key("市医院", 7)];
        keys.sort();
        assert!(keys[0].starts_with("市医院\0".as_bytes()));
        assert!(keys[1].starts_with("市医院\0".as_bytes()));
        assert!(keys[2].starts_with("市医院分院".as_bytes()));
    }
}
