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

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use fst::{Automaton, IntoStreamer, Streamer};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Term};

use crate::error::{Error, Result};
use crate::graph::{HKG, ORG, RDF_TYPE, SCHEMA, SKOS};
use crate::query::{self, NamedQuery};
use crate::resolve::IDENTITY;
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
    pub seconds: f64,
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
    let started = std::time::Instant::now();
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
    written.seconds = started.elapsed().as_secs_f64();
    Ok(written)
}

/// Links the indexes of the snapshot `from` into `to`: for a build that changed nothing.
/// False when `from` has none (written before hkg kept indexes).
pub fn carry(from: &Path, to: &Path) -> Result<bool> {
    let failed = |source| Error::Write {
        what: to.display().to_string(),
        source,
    };
    let mut any = false;
    for entry in std::fs::read_dir(from).map_err(failed)? {
        let entry = entry.map_err(failed)?;
        if is_index(&entry.file_name().to_string_lossy()) {
            std::fs::hard_link(entry.path(), to.join(entry.file_name())).map_err(failed)?;
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
        .map_err(|source| Error::Write {
            what: path.display().to_string(),
            source,
        })
}

fn write_failed(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        what: path.display().to_string(),
        source,
    }
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

/// Writes one view: the rows, then the offsets of their line ends (the header's first), as
/// little-endian u64. Returns the number of rows.
fn write_view(kg: &KgStore, q: &NamedQuery, dir: &Path) -> Result<usize> {
    let tsv = dir.join(format!("{VIEW}{}.tsv", q.name));
    let mut lines = Lines {
        inner: create(&tsv)?,
        at: 0,
        ends: Vec::new(),
    };
    query::run(kg, q, &[], query::Format::Tsv, &mut lines)?;
    lines.flush().map_err(write_failed(&tsv))?;
    let idx = dir.join(format!("{VIEW}{}.idx", q.name));
    let mut out = create(&idx)?;
    for end in &lines.ends {
        out.write_all(&end.to_le_bytes())
            .map_err(write_failed(&idx))?;
    }
    out.flush().map_err(write_failed(&idx))?;
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
        Ok(Some(Labels { map, entities: e }))
    }

    /// Entities with a name or alias that begins with `prefix` (all names when it is
    /// empty), ordered: exact names, aliases, then longer names, shortest first; at most
    /// `limit`.
    pub fn search(&self, prefix: &str, limit: usize) -> Vec<Hit> {
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
            let Some(entity) = self.entity(v >> 1) else {
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

/// Reads the identity graph in subject order (its index keeps a graph's quads by subject,
/// so each subject is whole before the next begins), and writes the entity table and the
/// label map. Returns (labels, entities).
fn write_labels(kg: &KgStore, dir: &Path) -> Result<(usize, usize)> {
    let graph = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(IDENTITY));
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
    let mut subjects: Vec<Subject> = Vec::new();
    let mut current = Subject::default();
    let text = |t: &Term| match t {
        Term::Literal(l) => Some(l.value().to_owned()),
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    };
    for q in kg.inner().quads_for_pattern(None, None, None, Some(graph)) {
        let q = q.map_err(|e| kg.err(e))?;
        let NamedOrBlankNode::NamedNode(s) = &q.subject else {
            continue;
        };
        if s.as_str() != current.iri {
            let done = std::mem::take(&mut current);
            if done.class.is_some() && done.name.is_some() {
                subjects.push(done);
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
        subjects.push(current);
    }
    let by_iri: HashMap<&str, usize> = subjects
        .iter()
        .enumerate()
        .map(|(i, s)| (s.iri.as_str(), i))
        .collect();
    let label_of = |iri: &Option<String>| -> (String, String) {
        iri.as_deref()
            .and_then(|i| by_iri.get(i))
            .map(|&i| {
                let s = &subjects[i];
                (
                    s.name.clone().unwrap_or_default(),
                    s.code.clone().unwrap_or_default(),
                )
            })
            .unwrap_or_default()
    };
    let path = dir.join(ENTITIES);
    let mut out = create(&path)?;
    let mut at = 0u64;
    let mut keys: Vec<(Vec<u8>, u64)> = Vec::new();
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    for s in &subjects {
        let class = s.class.unwrap_or_default();
        let own = s.name.clone().unwrap_or_default();
        // A person or branch lies where its organisation does.
        let placed = s.place.as_ref().or_else(|| {
            let of = by_iri.get(s.of.as_deref()?)?;
            subjects[*of].place.as_ref()
        });
        let (place, code) = if class == "Place" {
            (own.clone(), s.code.clone().unwrap_or_default())
        } else {
            label_of(&placed.cloned())
        };
        let (of, _) = label_of(&s.of);
        let line = format!(
            "{}\t{class}\t{}\t{}\t{}\t{}\n",
            s.iri,
            clean(&own),
            clean(&place),
            clean(&code),
            clean(&of)
        );
        out.write_all(line.as_bytes())
            .map_err(write_failed(&path))?;
        keys.push((key(&own, at), at << 1));
        for a in &s.aliases {
            if *a != own {
                keys.push((key(a, at), at << 1 | 1));
            }
        }
        at += line.len() as u64;
    }
    out.flush().map_err(write_failed(&path))?;
    keys.sort_unstable();
    keys.dedup_by(|a, b| a.0 == b.0);
    let path = dir.join(LABELS);
    let mut builder = fst::MapBuilder::new(create(&path)?).map_err(|e| Error::Write {
        what: path.display().to_string(),
        source: std::io::Error::other(e),
    })?;
    for (k, v) in &keys {
        builder.insert(k, *v).map_err(|e| Error::Write {
            what: path.display().to_string(),
            source: std::io::Error::other(e),
        })?;
    }
    builder.finish().map_err(|e| Error::Write {
        what: path.display().to_string(),
        source: std::io::Error::other(e),
    })?;
    Ok((keys.len(), subjects.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn keys_of_one_label_sort_together_before_longer_labels() {
        let mut keys = [key("市医院分院", 0), key("市医院", 90), key("市医院", 7)];
        keys.sort();
        assert!(keys[0].starts_with("市医院\0".as_bytes()));
        assert!(keys[1].starts_with("市医院\0".as_bytes()));
        assert!(keys[2].starts_with("市医院分院".as_bytes()));
    }
}
