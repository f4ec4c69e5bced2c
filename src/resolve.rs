//! Stage 6, resolve: one entity, one IRI, across documents.
//!
//! A document's graph names entities as that document does, and depends on that document
//! alone. Identity across documents lives in one more named graph, the identity graph, which
//! [`recompute`] rebuilds from every stored document after each build. It is a function of the
//! set of stored documents (and the user's curation and link files), never of the order they
//! were built in, so a store built at once, in another order or document by document holds the
//! same identity graph.
//!
//! Organisations are joined when one is a bracket alias of the other, when the curation file
//! says so, or when their names agree once the place is read as a division code and the body's
//! short forms are expanded (河南省妇幼院, 河南省鹤壁市… and a bare 省妇幼保健院 in an article
//! about 河南 all read as place 410000 + 妇幼保健院). People are joined only when name and
//! organisation agree, so two 张伟 at two hospitals stay two. Each cluster's canonical IRI is
//! minted from its preferred name; every other member points to it with owl:sameAs.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};

use crate::error::{Error, Result};
use crate::fact::{Fact, Relation};
use crate::fault::{self, Phase};
use crate::graph::{
    digest, entity_iri, hospital_type, percent_decode, rules_stamp, EntityKind, IdentityRecord,
    DCTERMS, HKG, ID, RDFS_LABEL, RDF_TYPE, SCHEMA, SKOS,
};
use crate::link::{Gazetteer, Level};
use crate::rules::Rules;
use crate::scope::{leading_place, relative, scoped_name};
use crate::store::{Hash128, KgStore};

/// The identity graph's IRI. It is not a document graph, so `hkg facts` and `hkg eval` never
/// see it.
pub const IDENTITY: &str = "https://w3id.org/hkg/identity";

/// The identity graph's copy in the store's folder (see [`crate::store::GraphCopy`]).
pub const IDENTITY_COPY: &str = "hkg-identity.nt";
const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
const ORG: &str = "http://www.w3.org/ns/org#";
const WIKIDATA: &str = "http://www.wikidata.org/entity/";

/// The built-in link table of institutions (name, code, Wikidata ID, source).
pub const BUILTIN_LINKS: &str = include_str!("../data/links.tsv");

/// What a curation line asks for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Override {
    /// These two names are one entity.
    Merge(String, String),
    /// These two names are never one entity, whatever the rules find.
    Split(String, String),
    /// Never extract this string as this kind of fact.
    Reject(String, Relation),
}

/// A user's curation file: overrides applied at every build and recorded in the identity graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Curation {
    pub overrides: Vec<Override>,
    /// The file's text, kept in the store so later builds apply it without the flag.
    pub text: String,
}

impl Curation {
    /// The rules hash documents are stamped with: reject lines change what is extracted, so
    /// they are part of the rules, and adding or removing one rebuilds the documents.
    pub fn rules_hash(&self, rules_hash: &str) -> String {
        let rejects: Vec<&str> = self
            .overrides
            .iter()
            .flat_map(|o| match o {
                Override::Reject(s, r) => vec![s.as_str(), r.as_str()],
                _ => Vec::new(),
            })
            .collect();
        if rejects.is_empty() {
            rules_hash.to_owned()
        } else {
            format!("{rules_hash}+{}", digest(&rejects))
        }
    }

    /// Parses `merge A B`, `split A B` and `reject STRING RELATION` lines (tab-separated,
    /// `#` comments; see [`fields`] for names holding `#`, tabs, newlines or `\`).
    pub fn parse(text: &str, path: &str) -> Result<Self> {
        let mut overrides = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let f = fields(line);
            if f.is_empty() {
                continue;
            }
            let f: Vec<&str> = f.iter().map(String::as_str).collect();
            let bad = |message: String| Error::Rules {
                path: path.to_owned(),
                line: i + 1,
                message,
            };
            let o = match (f.first().copied(), f.len()) {
                (Some("merge"), 3) => Override::Merge(f[1].to_owned(), f[2].to_owned()),
                (Some("split"), 3) => Override::Split(f[1].to_owned(), f[2].to_owned()),
                (Some("reject"), 3) => Override::Reject(
                    f[1].to_owned(),
                    Relation::parse(f[2])
                        .ok_or_else(|| bad(format!("unknown relation {:?}", f[2])))?,
                ),
                _ => {
                    return Err(bad(
                        "expected merge<TAB>A<TAB>B, split<TAB>A<TAB>B or reject<TAB>STRING<TAB>RELATION"
                            .into(),
                    ))
                }
            };
            overrides.push(o);
        }
        Ok(Curation {
            overrides,
            text: text.to_owned(),
        })
    }

    /// Drops the facts a `reject` line forbids: the fact of that relation about the string,
    /// and, for an entity, every fact that names it.
    pub fn filter(&self, facts: &mut Vec<Fact>) {
        for o in &self.overrides {
            if let Override::Reject(s, rel) = o {
                let entity = matches!(
                    rel,
                    Relation::Hospital | Relation::Institution | Relation::Person
                );
                facts.retain(|f| {
                    if f.relation == *rel && f.args[0] == *s {
                        return false;
                    }
                    !(entity && f.args.iter().any(|a| a == s))
                });
            }
        }
    }
}

/// One row of a link table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub name: String,
    pub code: String,
    pub qid: String,
    pub source: String,
}

/// The tab-separated fields of a curation or links line, trimmed, without its comment: a
/// `#` at the start of the line or after a space or tab starts a comment (one inside a word,
/// as in a URL's `#fragment`, does not), and a backslash escapes: `\#` is `#`, `\t` a tab,
/// `\n` a newline, `\\` a backslash, so any name can be written. Empty for a blank or
/// comment line.
pub fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    let mut after_space = true;
    while let Some(c) = chars.next() {
        let field = out.last_mut().expect("one field at least");
        let was_after_space = std::mem::replace(&mut after_space, matches!(c, ' ' | '\t'));
        match c {
            '#' if was_after_space => break,
            '\t' => out.push(String::new()),
            '\\' => match chars.next() {
                Some('t') => field.push('\t'),
                Some('n') => field.push('\n'),
                Some(other) => field.push(other),
                None => field.push('\\'),
            },
            c => field.push(c),
        }
    }
    // Spaces around a field (before a comment, after a tab) are not part of it.
    for f in &mut out {
        let t = f.trim_matches([' ', '\r']);
        if t.len() != f.len() {
            *f = t.to_owned();
        }
    }
    if out.iter().all(String::is_empty) {
        return Vec::new();
    }
    out
}

/// Parses a link table: name, code, Wikidata ID (Q…), source; a header line starting `name`;
/// fields as [`fields`] reads them.
pub fn parse_links(text: &str, path: &str) -> Result<Vec<Link>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("name\t") {
            continue;
        }
        let f = fields(line);
        if f.is_empty() {
            continue;
        }
        let f: Vec<&str> = f.iter().map(String::as_str).collect();
        // `hkg link` adds a score and a candidate count, which are for the reader.
        if !(f.len() == 4 || f.len() == 6) || f[0].is_empty() || !is_qid(f[2]) || f[3].is_empty() {
            return Err(Error::Rules {
                path: path.to_owned(),
                line: i + 1,
                message: "expected name<TAB>code<TAB>Q-id<TAB>source[<TAB>score<TAB>candidates] (every link cites its source)"
                    .into(),
            });
        }
        out.push(Link {
            name: f[0].to_owned(),
            code: f[1].to_owned(),
            qid: f[2].to_owned(),
            source: f[3].to_owned(),
        });
    }
    Ok(out)
}

/// Whether `q` is a Wikidata item ID: Q and digits.
pub(crate) fn is_qid(q: &str) -> bool {
    q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The IRI of a gazetteer place.
pub fn place_iri(code: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ID}place/{code}"))
}

/// The places a document writes, for reading a bare 省/市/县 in a name.
#[derive(Debug, Default, Clone)]
pub struct DocContext {
    places: Vec<usize>,
}

impl DocContext {
    pub fn new(g: &Gazetteer, place_names: &[String]) -> Self {
        let mut places = Vec::new();
        for n in place_names {
            if let Some((p, rest)) = leading_place(g, n) {
                if rest.is_empty() {
                    places.push(p);
                }
            }
        }
        places.sort_unstable();
        places.dedup();
        DocContext { places }
    }

    /// The one division of `level` the document's places lie in, if there is exactly one.
    fn unique(&self, g: &Gazetteer, level: Level) -> Option<usize> {
        let set: BTreeSet<usize> = self
            .places
            .iter()
            .filter_map(|&p| g.ancestor(p, level))
            .collect();
        (set.len() == 1).then(|| *set.iter().next().unwrap_or(&0))
    }
}

/// The key under which names of one organisation agree: a division code and the body with
/// its short forms expanded. None when the name has no place the key could rest on.
pub fn org_key(
    g: &Gazetteer,
    abbreviations: &[(String, String)],
    name: &str,
    ctx: &DocContext,
) -> Option<(String, String)> {
    let (place, mut body) = place_and_body(g, name, ctx)?;
    // (A body that ends in the full form already, 妇幼保健院 for 保健院, keeps it.)
    if let Some((short, full)) = abbreviations
        .iter()
        .find(|(s, f)| body.ends_with(s.as_str()) && !body.ends_with(f.as_str()))
    {
        body.truncate(body.len() - short.len());
        body.push_str(full);
    }
    Some((g.places[place].code.clone(), body))
}

/// The division a name's key rests on (its leading places, or a bare 省/市/县/区 read from the
/// document) and the body after it, which must be more than one character.
fn place_and_body(g: &Gazetteer, name: &str, ctx: &DocContext) -> Option<(usize, String)> {
    let (place, body) = match leading_place(g, name) {
        Some(x) => x,
        None => {
            let level = [
                ("省", Level::Province),
                ("市", Level::Prefecture),
                ("县", Level::County),
                ("区", Level::County),
            ]
            .into_iter()
            .find(|(w, _)| name.starts_with(w))?;
            let p = ctx.unique(g, level.1)?;
            (p, name[level.0.len()..].to_owned())
        }
    };
    (body.chars().count() >= 2).then_some((place, body))
}

/// The clustering node of a name: the name itself, or for a name relative to its document,
/// the name within that document, so that two articles' 市妇幼保健院 are never one node.
fn node(g: &Gazetteer, name: &str, doc: &str) -> String {
    if relative(g, name) {
        format!("{name}\u{0}{doc}")
    } else {
        name.to_owned()
    }
}

/// The name of a clustering node.
fn label(node: &str) -> &str {
    node.split('\u{0}').next().unwrap_or(node)
}

/// The document a node relative to its document is scoped to (its id), as the graph stage
/// scopes the IRI of such a name.
fn scope(node: &str) -> Option<String> {
    node.split_once('\u{0}')
        .map(|(_, doc)| crate::graph::doc_id_of(doc).unwrap_or_default())
}

/// An organisation node as the context of a person's or branch's IRI: its name, and for a
/// name relative to its document, the document too (市中心医院@doc).
fn context_of_node(node: &str) -> String {
    match scope(node) {
        Some(doc) => scoped_name(label(node), &doc),
        None => node.to_owned(),
    }
}

/// Union-find over names, with pairs that must stay apart.
struct Clusters {
    parent: Vec<usize>,
    index: HashMap<String, usize>,
    names: Vec<String>,
    apart: Vec<(usize, usize)>,
}

impl Clusters {
    fn id(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len();
        self.names.push(name.to_owned());
        self.parent.push(i);
        self.index.insert(name.to_owned(), i);
        i
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Joins two names unless a split keeps their clusters apart; false when refused.
    fn join(&mut self, a: &str, b: &str) -> bool {
        let (a, b) = (self.id(a), self.id(b));
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        for k in 0..self.apart.len() {
            let (x, y) = self.apart[k];
            let (rx, ry) = (self.find(x), self.find(y));
            if (rx == ra && ry == rb) || (rx == rb && ry == ra) {
                return false;
            }
        }
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        self.parent[hi] = lo;
        true
    }
}

/// Counts of entities before and after resolution, per class.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityStats {
    /// Entities as the documents name them: one per document and name.
    pub before: BTreeMap<&'static str, usize>,
    /// Canonical entities.
    pub after: BTreeMap<&'static str, usize>,
    /// No document changed and the rules, curation and links are those of the stored
    /// identity graph: it was kept as it was, and the counts are not recomputed.
    pub unchanged: bool,
    /// Stored documents without an identity record (written by an hkg older than records),
    /// left out of resolution until they are built again.
    pub without_record: usize,
}

/// A digest of everything besides the documents that the identity graph depends on: the
/// rules (places, abbreviations), the curation and the link table.
pub fn inputs_hash(rules: &Rules, curation: &Curation, links: &[Link]) -> String {
    let stamp = rules_stamp(rules);
    let mut parts: Vec<&str> = vec![&stamp, &curation.text];
    for l in links {
        parts.extend([l.name.as_str(), &l.code, &l.qid, &l.source]);
    }
    digest(&parts)
}

/// Whether the stored identity graph was computed from these inputs (see [`inputs_hash`]).
pub fn is_current(store: &KgStore, inputs_hash: &str) -> Result<bool> {
    let id = NamedNode::new_unchecked(IDENTITY);
    Ok(store.literal_of(&id, "inputsHash")?.as_deref() == Some(inputs_hash))
}

/// Removes the identity graph's stamp, so that [`is_current`] is false until identity is
/// recomputed: a write killed after it changed documents and before it recomputed identity
/// leaves a store whose next build recomputes it. Call it before changing the first
/// document.
pub fn mark_stale(store: &KgStore) -> Result<()> {
    store.remove_stamp(NamedNodeRef::new_unchecked(IDENTITY), "inputsHash")
}

/// What one organisation name is known by in the documents. Sets are sorted vectors (see
/// [`OrgInfo::settle`]): most hold one element, and a B-tree spends a 300-byte node on it.
#[derive(Default)]
struct OrgInfo {
    /// Its number among the names the documents use (see [`Gathered::partners`]); None for
    /// a name known only as an alias.
    id: Option<u32>,
    iris: Vec<String>,
    /// The documents that name it (their ordinals in [`Gathered::docs`]), in the order of
    /// their graph IRIs.
    docs: Vec<u32>,
    hospital: bool,
    kinds: Vec<String>,
    located: Vec<String>,
    alias_only: bool,
}

impl OrgInfo {
    /// Sorts and deduplicates what was gathered; `rank` orders documents by graph IRI.
    fn settle(&mut self, rank: &[u32]) {
        for v in [&mut self.iris, &mut self.kinds, &mut self.located] {
            v.sort_unstable();
            v.dedup();
            v.shrink_to_fit();
        }
        self.docs.sort_by_key(|d| rank[*d as usize]);
        self.docs.shrink_to_fit();
    }
}

/// A term's text: an IRI, or a literal's value.
pub(crate) fn text(t: &Option<Term>) -> String {
    match t {
        Some(Term::NamedNode(n)) => n.as_str().to_owned(),
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The label an entity IRI was minted from, and its context after '@'.
fn iri_parts(iri: &str) -> (String, Option<String>) {
    let local = iri.rsplit('/').next().unwrap_or("");
    match local.split_once('@') {
        Some((n, c)) => (percent_decode(n), Some(percent_decode(c))),
        None => (percent_decode(local), None),
    }
}

/// What the documents' identity records say, gathered one record at a time. Memory holds the
/// organisation names and one entry per document; the people and branches, one row per
/// document that names them, wait in [`Members`] on disk until the organisations are resolved.
struct Gathered {
    /// The documents' graph IRIs, by ordinal.
    docs: Vec<String>,
    orgs: BTreeMap<String, OrgInfo>,
    /// The places each document names, by ordinal (None: it names none).
    contexts: Vec<Option<DocContext>>,
    /// (clustering node of an entity, place as written): applied once every name is known.
    located: Vec<(String, String)>,
    /// (clustering node of an entity, of its alias): kept where the entity is an organisation.
    aliases: BTreeSet<(String, String)>,
    /// Partnerships between two names, by their [`OrgInfo::id`]s: 8 bytes a pair, where the
    /// 100k corpus names 250,000 of them.
    partners: Vec<(u32, u32)>,
    /// How many names have an id.
    org_ids: u32,
    members: Members,
}

impl Gathered {
    fn new() -> Result<Self> {
        Ok(Gathered {
            docs: Vec::new(),
            orgs: BTreeMap::new(),
            contexts: Vec::new(),
            located: Vec::new(),
            aliases: BTreeSet::new(),
            partners: Vec::new(),
            org_ids: 0,
            members: Members::new()?,
        })
    }

    /// Streams every document's [`IdentityRecord`] out of the store; memory holds names, not
    /// rows of the documents' graphs.
    fn read(store: &KgStore, g: &Gazetteer) -> Result<Self> {
        let mut out = Gathered::new()?;
        let mut bad: Option<Error> = None;
        store.select_each(
            "identity: records",
            &format!(
                "SELECT ?g ?r WHERE {{ GRAPH ?g {{ ?g <{HKG}identityRecord> ?r }} FILTER(?g != <{IDENTITY}>) }}"
            ),
            &mut |row| {
                let (Some(Term::NamedNode(graph)), Some(Term::Literal(json))) = (&row[0], &row[1])
                else {
                    return;
                };
                if bad.is_none() {
                    bad = out.add_json(g, graph.as_str(), json.value()).err();
                }
            },
        )?;
        if let Some(e) = bad {
            return Err(e);
        }
        out.finish()?;
        Ok(out)
    }

    fn add_json(&mut self, g: &Gazetteer, graph: &str, json: &str) -> Result<()> {
        let record = IdentityRecord::from_json(json).map_err(|e| {
            Error::Invalid(format!(
                "{graph}: unreadable identity record ({e}); rebuild it with `hkg build --force`"
            ))
        })?;
        self.add(g, graph, record)
    }

    /// Once every record is in: each name's documents in the order of their graph IRIs, so
    /// that which document speaks first does not depend on the order the records came in.
    fn finish(&mut self) -> Result<()> {
        self.members.finish()?;
        let mut by_name: Vec<u32> = (0..self.docs.len() as u32).collect();
        by_name.sort_by(|a, b| self.docs[*a as usize].cmp(&self.docs[*b as usize]));
        let mut rank = vec![0u32; by_name.len()];
        for (r, d) in by_name.into_iter().enumerate() {
            rank[d as usize] = r as u32;
        }
        let Gathered {
            orgs,
            located,
            aliases,
            partners,
            ..
        } = self;
        partners.sort_unstable();
        partners.dedup();
        partners.shrink_to_fit();
        for (n, place) in located.drain(..) {
            if let Some(o) = orgs.get_mut(&n) {
                o.located.push(place);
            }
        }
        for o in orgs.values_mut() {
            o.settle(&rank);
        }
        aliases.retain(|(n, _)| orgs.contains_key(n));
        Ok(())
    }

    fn add(&mut self, g: &Gazetteer, doc: &str, r: IdentityRecord) -> Result<()> {
        let ordinal = u32::try_from(self.docs.len())
            .map_err(|_| Error::Invalid("more than 4 billion documents".into()))?;
        self.docs.push(doc.to_owned());
        let full = |local: &str| format!("{ID}{local}");
        // Each organisation's id, by its IRI in the document, for the partnerships below.
        let mut ids: HashMap<&str, u32> = HashMap::new();
        for m in &r.orgs {
            for label in &m.labels {
                let o = self.orgs.entry(node(g, label, doc)).or_default();
                let id = *o.id.get_or_insert_with(|| {
                    self.org_ids += 1;
                    self.org_ids - 1
                });
                ids.entry(m.iri.as_str()).or_insert(id);
                let iri = full(&m.iri);
                if !o.iris.contains(&iri) {
                    o.iris.push(iri);
                }
                if o.docs.last() != Some(&ordinal) {
                    o.docs.push(ordinal);
                }
                o.hospital |= m.hospital;
                for k in &m.kinds {
                    if !o.kinds.contains(k) {
                        o.kinds.push(k.clone());
                    }
                }
            }
        }
        let places: Vec<String> = r.located.iter().map(|(_, p)| p.clone()).collect();
        self.contexts
            .push((!places.is_empty()).then(|| DocContext::new(g, &places)));
        for (e, place) in r.located {
            self.located.push((node(g, &iri_parts(&e).0, doc), place));
        }
        for (e, alt) in r.aliases {
            self.aliases
                .insert((node(g, &iri_parts(&e).0, doc), node(g, &alt, doc)));
        }
        for (e, name) in r.people {
            self.members.push(ordinal, &e, &name, None)?;
        }
        for (b, name, h) in r.branches {
            self.members.push(ordinal, &b, &name, Some(&h))?;
        }
        for (a, b) in &r.partners {
            if let (Some(&a), Some(&b)) = (ids.get(a.as_str()), ids.get(b.as_str())) {
                self.partners.push((a.min(b), a.max(b)));
            }
        }
        Ok(())
    }
}

/// The people and branches of every identity record, one row per document that names them,
/// spilled to an unnamed temporary file: at 100,000 documents they are 700,000 rows, which
/// held in memory with their groups took most of the 870 MB identity resolution added to the
/// build. Read back to count them and whenever the identity graph is written.
struct Members {
    file: std::io::BufWriter<std::fs::File>,
    people: usize,
    branches: usize,
}

/// One row of [`Members`]: a person (no unit) or a branch (its unit's entity IRI), with the
/// document's ordinal, its entity IRI in the document (without the ID prefix) and its name.
struct MemberRow {
    doc: u32,
    iri: String,
    name: String,
    unit: Option<String>,
}

impl Members {
    fn new() -> Result<Self> {
        let file = tempfile::tempfile().map_err(Self::io_error)?;
        Ok(Members {
            file: std::io::BufWriter::new(file),
            people: 0,
            branches: 0,
        })
    }

    fn io_error(e: std::io::Error) -> Error {
        Error::Invalid(format!(
            "identity: the temporary file of people and branches failed: {e}"
        ))
    }

    fn push(&mut self, doc: u32, iri: &str, name: &str, unit: Option<&str>) -> Result<()> {
        use std::io::Write;
        // The document's ordinal (4 bytes), then each string after its length.
        self.file
            .write_all(&doc.to_le_bytes())
            .map_err(Self::io_error)?;
        let f = &mut self.file;
        let mut write = |bytes: &[u8]| -> std::io::Result<()> {
            f.write_all(&(bytes.len() as u32).to_le_bytes())?;
            f.write_all(bytes)
        };
        write(iri.as_bytes())
            .and_then(|()| write(name.as_bytes()))
            .and_then(|()| write(unit.unwrap_or("").as_bytes()))
            .map_err(Self::io_error)?;
        match unit {
            Some(_) => self.branches += 1,
            None => self.people += 1,
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        use std::io::Write;
        self.file.flush().map_err(Self::io_error)
    }

    /// Hands every row to `f`, in the order they were pushed.
    fn each(&self, f: &mut dyn FnMut(MemberRow)) -> Result<()> {
        use std::io::{BufReader, Read, Seek, SeekFrom};
        let mut file = self.file.get_ref();
        file.seek(SeekFrom::Start(0)).map_err(Self::io_error)?;
        let mut r = BufReader::new(file);
        let field = |r: &mut BufReader<&std::fs::File>| -> std::io::Result<String> {
            let mut len = [0u8; 4];
            r.read_exact(&mut len)?;
            let mut bytes = vec![0u8; u32::from_le_bytes(len) as usize];
            r.read_exact(&mut bytes)?;
            String::from_utf8(bytes)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        };
        loop {
            let mut doc = [0u8; 4];
            match r.read_exact(&mut doc) {
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
                other => other.map_err(Self::io_error)?,
            }
            let mut next = || field(&mut r).map_err(Self::io_error);
            let (iri, name, unit) = (next()?, next()?, next()?);
            f(MemberRow {
                doc: u32::from_le_bytes(doc),
                iri,
                name,
                unit: (!unit.is_empty()).then_some(unit),
            });
        }
    }
}

/// One resolved organisation.
struct OrgOut {
    iri: NamedNode,
    hospital: bool,
    label: String,
    /// The institution kind (institutions only).
    kind: Option<String>,
    alt_labels: Vec<String>,
    place: Option<usize>,
    qid: Option<String>,
}

/// The identity graph before it is written: one struct per organisation rather than one quad
/// per statement, and people and branches left in their spill file, so that it can be
/// written twice over (see [`KgStore::sync_graph_with`]) without holding its quads.
struct Resolved {
    orgs: Vec<OrgOut>,
    /// Partnerships between resolved organisations, by index in `orgs`, once per pair.
    partners: Vec<(u32, u32)>,
    members: Members,
    /// The documents' graph IRIs, by ordinal (relative names are read within them).
    docs: Vec<String>,
    /// Clustering node of each organisation name -> (its cluster's preferred node, its IRI).
    canonical_of: HashMap<String, (String, NamedNode)>,
    /// Places the organisations are in, with their ancestors.
    places: BTreeSet<usize>,
    /// (document-level IRI, canonical IRI) of organisations, where they differ.
    same_as: Vec<(String, NamedNode)>,
    /// Each override and whether it could be applied.
    overrides: Vec<(Override, bool)>,
    inputs_hash: String,
    curation: String,
}

/// Where one person or branch row of a document belongs.
struct MemberOf {
    /// Its group: the clustering node of its (resolved) organisation. Rows of one name and
    /// group are one entity.
    group: String,
    /// Its canonical IRI and its organisation's, when the organisation resolved to an entity.
    /// A person placed at no organisation is scoped to their document and keeps its IRI.
    entity: Option<(NamedNode, NamedNode)>,
}

/// Recomputes the identity graph from every stored document and writes what changed in one
/// transaction.
pub fn recompute(
    store: &KgStore,
    rules: &Rules,
    curation: &Curation,
    links: &[Link],
) -> Result<IdentityStats> {
    let gathered = Gathered::read(store, rules.gazetteer)?;
    let without_record = store.documents()?.len().saturating_sub(gathered.docs.len());
    write_identity(store, rules, curation, links, gathered, without_record)
}

/// Identity's input, gathered while a build writes documents into a store that held none.
/// Reading them back instead, from files RocksDB has not compacted yet, was half of
/// identity's time in a fresh build of 10,000 documents and most of it at 100,000.
pub struct Gatherer {
    gathered: Gathered,
    gazetteer: &'static Gazetteer,
    /// Stored documents without a record, met by [`Gatherer::add_stored`].
    without_record: usize,
}

impl Gatherer {
    pub fn new(rules: &Rules) -> Result<Self> {
        Ok(Gatherer {
            gathered: Gathered::new()?,
            gazetteer: rules.gazetteer,
            without_record: 0,
        })
    }

    /// Takes the identity record of a stored document this build did not write, so that a
    /// build that replaced most documents reads back only the others' records: reading them
    /// all through [`recompute`], from the files the bulk loader had just added, took 4-40 s
    /// of a 1k replacement that gathers in 1 s.
    pub fn add_stored(&mut self, store: &KgStore, doc_id: &str) -> Result<()> {
        let graph = crate::graph::doc_graph(doc_id);
        match store.literal_of(&graph, "identityRecord")? {
            Some(json) => self
                .gathered
                .add_json(self.gazetteer, graph.as_str(), &json),
            None => {
                self.without_record += 1;
                Ok(())
            }
        }
    }

    /// Takes the identity record from the quads of one document as it is stored.
    pub fn add_document(&mut self, quads: &[Quad]) -> Result<()> {
        for q in quads {
            if q.predicate.as_str().strip_prefix(HKG) != Some("identityRecord") {
                continue;
            }
            if let (
                NamedOrBlankNode::NamedNode(s),
                GraphName::NamedNode(graph),
                Term::Literal(json),
            ) = (&q.subject, &q.graph_name, &q.object)
            {
                if s == graph {
                    return self
                        .gathered
                        .add_json(self.gazetteer, graph.as_str(), json.value());
                }
            }
        }
        Ok(())
    }
}

/// [`recompute`] from records gathered during the build; every document of the store must
/// have been given to `gatherer`.
pub fn recompute_gathered(
    store: &KgStore,
    rules: &Rules,
    curation: &Curation,
    links: &[Link],
    gatherer: Gatherer,
) -> Result<IdentityStats> {
    let mut gathered = gatherer.gathered;
    gathered.finish()?;
    write_identity(
        store,
        rules,
        curation,
        links,
        gathered,
        gatherer.without_record,
    )
}

fn write_identity(
    store: &KgStore,
    rules: &Rules,
    curation: &Curation,
    links: &[Link],
    gathered: Gathered,
    without_record: usize,
) -> Result<IdentityStats> {
    let g = rules.gazetteer;
    let (resolved, mut stats) = resolve(g, rules, curation, links, gathered);
    resolved.count_members(g, &mut stats)?;
    stats.without_record = without_record;
    fault::point(Phase::Identity);
    store.sync_graph_with(
        NamedNodeRef::new_unchecked(IDENTITY),
        IDENTITY_COPY,
        &|add| resolved.emit(g, add),
    )?;
    Ok(stats)
}

/// Clusters the gathered names into entities.
fn resolve(
    g: &Gazetteer,
    rules: &Rules,
    curation: &Curation,
    links: &[Link],
    gathered: Gathered,
) -> (Resolved, IdentityStats) {
    let Gathered {
        docs,
        mut orgs,
        contexts,
        aliases,
        partners,
        org_ids,
        members: member_rows,
        ..
    } = gathered;
    let context_of = |d: &u32| contexts[*d as usize].as_ref();
    let empty = DocContext::default();

    // Clusters: curated merges first, then bracket aliases, then agreeing keys; splits hold.
    let mut cl = Clusters {
        parent: Vec::new(),
        index: HashMap::new(),
        names: Vec::new(),
        apart: Vec::new(),
    };
    for n in orgs.keys() {
        cl.id(n);
    }
    for o in &curation.overrides {
        if let Override::Split(a, b) = o {
            let pair = (cl.id(a), cl.id(b));
            cl.apart.push(pair);
        }
    }
    let mut refused = Vec::new();
    for o in &curation.overrides {
        if let Override::Merge(a, b) = o {
            if !cl.join(a, b) {
                refused.push(o.clone());
            }
        }
    }
    for (n, alt) in &aliases {
        if !orgs.contains_key(alt) {
            orgs.entry(alt.clone()).or_default().alias_only = true;
        }
        cl.join(n, alt);
    }
    let mut by_key: BTreeMap<(String, String), Vec<&String>> = BTreeMap::new();
    for (n, o) in &orgs {
        let mut keys = BTreeSet::new();
        if o.docs.is_empty() {
            keys.extend(org_key(g, &rules.abbreviations, label(n), &empty));
        }
        for d in &o.docs {
            keys.extend(org_key(
                g,
                &rules.abbreviations,
                label(n),
                context_of(d).unwrap_or(&empty),
            ));
        }
        for k in keys {
            by_key.entry(k).or_default().push(n);
        }
    }
    for names in by_key.values() {
        for w in names.windows(2) {
            cl.join(w[0], w[1]);
        }
    }
    drop(by_key);

    // Each cluster's preferred name: a name some document uses as an entity, read with a
    // place of its own, used by the most documents, the longest, then the first in order.
    let mut members: BTreeMap<usize, Vec<&String>> = BTreeMap::new();
    for n in orgs.keys() {
        let i = cl.id(n);
        let root = cl.find(i);
        members.entry(root).or_default().push(n);
    }
    let mut stats = IdentityStats::default();
    let mut canonical_of: HashMap<String, (String, NamedNode)> = HashMap::new();
    let mut same_as: Vec<(String, NamedNode)> = Vec::new();
    let mut places = BTreeSet::new();
    // A link names its entity by name and, when it gives one, by the code of its place: two
    // hospitals of one name in two counties take each their own.
    let mut links_by_name: HashMap<&str, Vec<&Link>> = HashMap::new();
    for l in links {
        links_by_name.entry(l.name.as_str()).or_default().push(l);
    }
    let mut org_out = Vec::new();
    // Each name's entity: its index in `org_out`, by the name's id.
    let mut out_of_id = vec![u32::MAX; org_ids as usize];
    for ms in members.values() {
        let pref: &String = ms
            .iter()
            .copied()
            .max_by(|a, b| {
                let rank = |n: &String| {
                    let o = &orgs[n];
                    (
                        !o.alias_only,
                        leading_place(g, label(n)).is_some(),
                        o.docs.len(),
                        n.chars().count(),
                    )
                };
                rank(a).cmp(&rank(b)).then_with(|| b.cmp(a))
            })
            .expect("a cluster has a member");
        if orgs[pref].alias_only {
            continue;
        }
        let hospital = ms.iter().any(|n| orgs[*n].hospital);
        let kind = if hospital {
            EntityKind::Hospital
        } else {
            EntityKind::Organisation
        };
        let class = if hospital { "Hospital" } else { "Institution" };
        *stats.after.entry(class).or_default() += 1;
        let c = entity_iri(kind, label(pref), scope(pref).as_deref());
        let mut alt_labels = Vec::new();
        for n in ms {
            if label(n) != label(pref) {
                alt_labels.push(label(n).to_owned());
            }
            same_as.extend(
                orgs[*n]
                    .iris
                    .iter()
                    .filter(|i| *i != c.as_str())
                    .map(|i| (i.clone(), c.clone())),
            );
            canonical_of.insert((*n).clone(), (pref.clone(), c.clone()));
            if let Some(id) = orgs[*n].id {
                out_of_id[id as usize] = org_out.len() as u32;
            }
        }
        // Its place: the division its names start with, else where the documents locate it.
        let by_preference = std::iter::once(pref).chain(ms.iter().copied().filter(|n| *n != pref));
        let mut place = by_preference.clone().find_map(|n| {
            let docs = &orgs[n].docs;
            docs.iter()
                .find_map(|d| place_and_body(g, label(n), context_of(d).unwrap_or(&empty)))
                .or_else(|| place_and_body(g, label(n), &empty))
                .map(|(p, _)| p)
        });
        if place.is_none() {
            place = by_preference.flat_map(|n| &orgs[n].located).find_map(|p| {
                leading_place(g, p)
                    .filter(|(_, r)| r.is_empty())
                    .map(|x| x.0)
            });
        }
        let mut up = place;
        while let Some(x) = up {
            places.insert(x);
            up = g.places[x].parent;
        }
        let kinds: BTreeSet<&String> = ms.iter().flat_map(|n| &orgs[*n].kinds).collect();
        org_out.push(OrgOut {
            iri: c,
            hospital,
            label: label(pref).to_owned(),
            kind: (!hospital).then(|| {
                kinds
                    .iter()
                    .next()
                    .map_or("other", |k| k.as_str())
                    .to_owned()
            }),
            alt_labels,
            place,
            qid: ms
                .iter()
                .flat_map(|n| links_by_name.get(label(n)).into_iter().flatten())
                .find(|l| l.code.is_empty() || place.is_some_and(|p| g.places[p].code == l.code))
                .map(|l| l.qid.clone()),
        });
    }
    for info in orgs.values() {
        if info.alias_only {
            continue;
        }
        let class = if info.hospital {
            "Hospital"
        } else {
            "Institution"
        };
        *stats.before.entry(class).or_default() += info.docs.len();
    }

    let mut partners: Vec<(u32, u32)> = partners
        .into_iter()
        .map(|(a, b)| (out_of_id[a as usize], out_of_id[b as usize]))
        .filter(|&(a, b)| a != b && a != u32::MAX && b != u32::MAX)
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    partners.sort_unstable();
    partners.dedup();

    let resolved = Resolved {
        orgs: org_out,
        partners,
        members: member_rows,
        docs,
        canonical_of,
        places,
        same_as,
        overrides: curation
            .overrides
            .iter()
            .map(|o| (o.clone(), !refused.contains(o)))
            .collect(),
        inputs_hash: inputs_hash(rules, curation, links),
        curation: curation.text.clone(),
    };
    (resolved, stats)
}

impl Resolved {
    /// Where a person (no unit) or branch row belongs. People are joined when name and
    /// (resolved) organisation agree; branches are one per name and (resolved) hospital.
    fn member_of(&self, g: &Gazetteer, row: &MemberRow) -> MemberOf {
        let doc = &self.docs[row.doc as usize];
        let (kind, org) = match &row.unit {
            // The context of a person's IRI is an organisation's name, or a name scoped to
            // the document (市中心医院@doc), whose node is the name within the document.
            None => (
                EntityKind::Person,
                iri_parts(&row.iri)
                    .1
                    .map(|c| node(g, c.split('@').next().unwrap_or(&c), doc)),
            ),
            Some(h) => (EntityKind::Branch, Some(node(g, &iri_parts(h).0, doc))),
        };
        if let Some((pref, org_iri)) = org.as_deref().and_then(|o| self.canonical_of.get(o)) {
            return MemberOf {
                entity: Some((
                    entity_iri(kind, &row.name, Some(&context_of_node(pref))),
                    org_iri.clone(),
                )),
                group: pref.clone(),
            };
        }
        // Unresolved: a branch stays with its hospital's name; a person is scoped to their
        // document.
        let group = match (org, kind) {
            (Some(unit), EntityKind::Branch) => unit,
            _ => format!("\u{0}{}", row.iri),
        };
        MemberOf {
            group,
            entity: None,
        }
    }

    /// Counts people and branches before (one per document row) and after resolution (one
    /// per name and group), keeping a 128-bit hash per entity rather than its name.
    fn count_members(&self, g: &Gazetteer, stats: &mut IdentityStats) -> Result<()> {
        let hash = Hash128::default();
        let mut seen = rustc_hash::FxHashSet::default();
        let (mut people, mut branches) = (0, 0);
        self.members.each(&mut |row| {
            let m = self.member_of(g, &row);
            if seen.insert(hash.of(&(row.unit.is_some(), &row.name, &m.group))) {
                if row.unit.is_some() {
                    branches += 1;
                } else {
                    people += 1;
                }
            }
        })?;
        *stats.before.entry("Person").or_default() += self.members.people;
        *stats.before.entry("Branch").or_default() += self.members.branches;
        *stats.after.entry("Person").or_default() += people;
        *stats.after.entry("Branch").or_default() += branches;
        Ok(())
    }

    /// Hands every quad of the identity graph to `out`, always in the same order.
    fn emit(&self, g: &Gazetteer, out: &mut dyn FnMut(Quad)) -> Result<()> {
        let graph = GraphName::NamedNode(NamedNode::new_unchecked(IDENTITY));
        let mut add = |s: &NamedNode, p: &str, o: Term| {
            out(Quad::new(
                NamedOrBlankNode::NamedNode(s.clone()),
                NamedNode::new_unchecked(p),
                o,
                graph.clone(),
            ));
        };
        let class = |l: &str| Term::NamedNode(NamedNode::new_unchecked(format!("{HKG}{l}")));
        let hkg = |l: &str| format!("{HKG}{l}");
        let zh = |s: &str| Term::Literal(Literal::new_language_tagged_literal_unchecked(s, "zh"));
        let plain = |s: &str| Term::Literal(Literal::new_simple_literal(s));
        let pref_label = format!("{SKOS}prefLabel");

        for o in &self.orgs {
            let c = &o.iri;
            if o.hospital {
                add(c, RDF_TYPE, class("Hospital"));
                add(
                    c,
                    RDF_TYPE,
                    NamedNode::new_unchecked(format!("{SCHEMA}Hospital")).into(),
                );
                add(c, &hkg("hospitalType"), class(hospital_type(&o.label)));
            } else {
                let kind = o.kind.as_deref().unwrap_or("other");
                add(c, RDF_TYPE, class("Institution"));
                add(
                    c,
                    RDF_TYPE,
                    NamedNode::new_unchecked(format!("{ORG}Organization")).into(),
                );
                add(c, &hkg("institutionKind"), plain(kind));
                add(
                    c,
                    &hkg("organisationType"),
                    class(crate::graph::organisation_type(&o.label, kind)),
                );
            }
            add(c, &pref_label, zh(&o.label));
            add(c, RDFS_LABEL, zh(&o.label));
            for alt in &o.alt_labels {
                add(c, &format!("{SKOS}altLabel"), zh(alt));
            }
            if let Some(p) = o.place {
                add(c, &hkg("place"), place_iri(&g.places[p].code).into());
                add(c, &hkg("adminLevel"), class(g.places[p].level.concept()));
            }
            if let Some(q) = &o.qid {
                add(
                    c,
                    OWL_SAME_AS,
                    NamedNode::new_unchecked(format!("{WIKIDATA}{q}")).into(),
                );
            }
        }
        for &(a, b) in &self.partners {
            let (a, b) = (&self.orgs[a as usize].iri, &self.orgs[b as usize].iri);
            add(a, &hkg("partner"), b.clone().into());
            add(b, &hkg("partner"), a.clone().into());
        }
        // People and branches, read back from their spill file: an entity named in several
        // documents is handed out once per document, which the store keeps once.
        let read = self.members.each(&mut |row| {
            let m = self.member_of(g, &row);
            let Some((iri, of)) = m.entity else {
                return;
            };
            if row.unit.is_none() {
                add(&iri, RDF_TYPE, class("Person"));
                add(
                    &iri,
                    RDF_TYPE,
                    NamedNode::new_unchecked(format!("{SCHEMA}Person")).into(),
                );
                add(&iri, &format!("{SCHEMA}name"), zh(&row.name));
                add(&iri, RDFS_LABEL, zh(&row.name));
                add(&iri, &format!("{ORG}memberOf"), of.into());
            } else {
                add(&iri, RDF_TYPE, class("Branch"));
                add(
                    &iri,
                    RDF_TYPE,
                    NamedNode::new_unchecked(format!("{ORG}OrganizationalUnit")).into(),
                );
                add(&iri, &pref_label, zh(&row.name));
                add(&iri, RDFS_LABEL, zh(&row.name));
                add(&iri, &format!("{ORG}unitOf"), of.into());
            }
            let member = format!("{ID}{}", row.iri);
            if member != iri.as_str() {
                add(
                    &NamedNode::new_unchecked(member),
                    OWL_SAME_AS,
                    iri.clone().into(),
                );
            }
        });

        // Places and their ancestors, linked to Wikidata from the gazetteer.
        for &p in &self.places {
            let pl = &g.places[p];
            let n = place_iri(&pl.code);
            add(&n, RDF_TYPE, class("Place"));
            add(&n, &pref_label, zh(&pl.name));
            add(&n, RDFS_LABEL, zh(&pl.name));
            add(&n, &hkg("divisionCode"), plain(&pl.code));
            add(&n, &hkg("adminLevel"), class(pl.level.concept()));
            if let Some(parent) = pl.parent {
                add(&n, &hkg("within"), place_iri(&g.places[parent].code).into());
            }
            if let Some(q) = &pl.qid {
                add(
                    &n,
                    OWL_SAME_AS,
                    NamedNode::new_unchecked(format!("{WIKIDATA}{q}")).into(),
                );
            }
        }

        // The curation, recorded: each override and whether it could be applied.
        let id_node = NamedNode::new_unchecked(IDENTITY);
        add(&id_node, RDF_TYPE, class("IdentityGraph"));
        add(&id_node, &hkg("inputsHash"), plain(&self.inputs_hash));
        if !self.curation.is_empty() {
            add(&id_node, &hkg("curation"), plain(&self.curation));
        }
        for (i, (o, applied)) in self.overrides.iter().enumerate() {
            let n = NamedNode::new_unchecked(format!("{IDENTITY}#override-{}", i + 1));
            let (action, a, b) = match o {
                Override::Merge(a, b) => ("merge", a.as_str(), b.as_str()),
                Override::Split(a, b) => ("split", a.as_str(), b.as_str()),
                Override::Reject(a, r) => ("reject", a.as_str(), r.as_str()),
            };
            add(&n, RDF_TYPE, class("Override"));
            add(&n, &hkg("action"), plain(action));
            add(&n, &hkg("arg1"), zh(a));
            add(&n, &hkg("arg2"), zh(b));
            add(&n, &hkg("applied"), Literal::from(*applied).into());
        }

        for (member, canonical) in &self.same_as {
            add(
                &NamedNode::new_unchecked(member.as_str()),
                OWL_SAME_AS,
                canonical.clone().into(),
            );
        }
        read
    }
}

/// The curation stored by an earlier build, if any.
pub fn stored_curation(store: &KgStore) -> Result<Option<Curation>> {
    let (_, rows) = store.select(
        "identity: curation",
        &format!("SELECT ?t WHERE {{ GRAPH <{IDENTITY}> {{ <{IDENTITY}> <{HKG}curation> ?t }} }}"),
    )?;
    match rows.first() {
        Some(r) => Ok(Some(Curation::parse(
            &text(&r[0]),
            "(curation stored in the store)",
        )?)),
        None => Ok(None),
    }
}

/// Reads a user link table, or the built-in one.
pub fn load_links(path: Option<&Path>) -> Result<Vec<Link>> {
    let mut links = parse_links(BUILTIN_LINKS, "data/links.tsv")?;
    if let Some(p) = path {
        let t = std::fs::read_to_string(p).map_err(Error::read(p))?;
        links.extend(parse_links(&t, &p.display().to_string())?);
    }
    Ok(links)
}

/// One fact about an entity, with its evidence, for `hkg show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub doc: String,
    /// The article's date (roles and honours are as of it), when it gives one.
    pub date: Option<String>,
    pub relation: String,
    pub args: Vec<String>,
    pub start: String,
    pub end: String,
    pub sentence: String,
    /// The evidence sentence's character offsets in the stored text (`hkg:content`), which
    /// the fact's own offsets fall within: a page shows the sentence as the file has it and
    /// marks the span.
    pub sentence_start: u64,
    pub sentence_end: u64,
    /// The article's headline, when it has one.
    pub title: Option<String>,
    /// The fact's subject and, when it is an entity, its object, as the document's IRIs:
    /// the entities a page links to.
    pub subject: String,
    pub object: Option<String>,
}

/// Everything known about one entity.
#[derive(Debug, Clone, Default)]
pub struct Description {
    pub iri: String,
    pub names: Vec<String>,
    pub classes: Vec<String>,
    pub places: Vec<String>,
    pub same_as: Vec<String>,
    pub facts: Vec<Shown>,
}

fn sparql_string(s: &str) -> String {
    Literal::new_simple_literal(s).to_string()
}

/// Finds an entity by IRI, name or alias, and gathers what every document says about it and
/// about every document-level IRI resolved to it.
pub fn describe(store: &KgStore, entity: &str) -> Result<Description> {
    let prefixes = format!(
        "PREFIX hkg: <{HKG}> PREFIX skos: <{SKOS}> PREFIX owl: <http://www.w3.org/2002/07/owl#> \
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
    );
    let q = |name: &str, body: String| store.select(name, &format!("{prefixes} {body}"));
    // The entity: the IRI itself, or the nodes carrying the name; then their canonical node.
    let start: Vec<String> = if entity.starts_with("http://") || entity.starts_with("https://") {
        // Written into the queries below between < and >: it must be an IRI, nothing more.
        let iri = NamedNode::new(entity)
            .map_err(|e| Error::Invalid(format!("{entity} is not an IRI: {e}")))?;
        vec![iri.into_string()]
    } else {
        let lit = Literal::new_language_tagged_literal_unchecked(entity, "zh").to_string();
        let (_, rows) = q(
            "show: find",
            format!(
                "SELECT DISTINCT ?e WHERE {{ {{ ?e skos:prefLabel|skos:altLabel|rdfs:label {lit} }}
                   UNION {{ ?e skos:prefLabel|skos:altLabel|rdfs:label ?l FILTER(STR(?l) = {}) }} }}",
                sparql_string(entity)
            ),
        )?;
        rows.iter().map(|r| text(&r[0])).collect()
    };
    let mut canon = BTreeSet::new();
    for e in &start {
        let (_, rows) = q(
            "show: canonical",
            format!(
                "SELECT ?c WHERE {{ GRAPH <{IDENTITY}> {{ <{e}> owl:sameAs ?c FILTER(STRSTARTS(STR(?c), \"{ID}\")) }} }}"
            ),
        )?;
        match rows.first() {
            Some(r) => canon.insert(text(&r[0])),
            None => canon.insert(e.clone()),
        };
    }
    let Some(iri) = canon.iter().find(|c| !c.contains("/role/")).cloned() else {
        return Err(Error::NotFound {
            what: "entity",
            name: entity.to_owned(),
        });
    };
    if canon.len() > 1 {
        return Err(Error::Invalid(format!(
            "{entity} names {} entities; give one IRI: {}",
            canon.len(),
            canon.iter().cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    let (_, rows) = q(
        "show: members",
        format!("SELECT ?m WHERE {{ GRAPH <{IDENTITY}> {{ ?m owl:sameAs <{iri}> }} }}"),
    )?;
    let mut members: Vec<String> = rows.iter().map(|r| text(&r[0])).collect();
    members.push(iri.clone());
    let values: String = members.iter().map(|m| format!("<{m}> ")).collect();
    let mut d = Description {
        iri: iri.clone(),
        ..Default::default()
    };
    let (_, rows) = q(
        "show: about",
        format!(
            "SELECT DISTINCT ?p ?o WHERE {{ VALUES ?e {{ {values} }} ?e ?p ?o
               VALUES ?p {{ skos:prefLabel skos:altLabel <{SCHEMA}name> <{RDF_TYPE}> hkg:hospitalType
                           hkg:organisationType hkg:place owl:sameAs }} }}"
        ),
    )?;
    let mut names = BTreeSet::new();
    for r in &rows {
        let (p, o) = (text(&r[0]), text(&r[1]));
        match p.rsplit(['#', '/']).next().unwrap_or("") {
            "prefLabel" | "altLabel" | "name" => {
                names.insert(o);
            }
            "place" => d.places.push(place_chain(store, &o)?),
            "sameAs" if !o.starts_with(ID) => d.same_as.push(o),
            "sameAs" => {}
            _ => d
                .classes
                .push(o.rsplit(['#', '/']).next().unwrap_or("").to_owned()),
        }
    }
    // The preferred name first.
    let (_, pref) = q(
        "show: pref",
        format!("SELECT ?l WHERE {{ GRAPH <{IDENTITY}> {{ <{iri}> skos:prefLabel|<{SCHEMA}name> ?l }} }}"),
    )?;
    if let Some(r) = pref.first() {
        let p = text(&r[0]);
        names.remove(&p);
        d.names.push(p);
    }
    d.names.extend(names);
    d.classes.sort();
    d.classes.dedup();
    d.places.sort();
    d.places.dedup();
    d.same_as.sort();
    // One lookup per name and side, each starting from the entity's IRI: with the IRIs in
    // VALUES and the sides in a UNION, Oxigraph read every fact of the store first (228 s
    // for one hospital at 100,000 documents, against 0.1 s so).
    let mut seen = BTreeSet::new();
    for m in &members {
        for side in ["subject", "object"] {
            let (_, rows) = q(
                "show: facts",
                format!(
                    "SELECT ?g ?rel ?a1 ?a2 ?a3 ?start ?end ?text ?date ?ss ?se ?title ?subj ?obj WHERE {{
                       GRAPH ?g {{ ?f hkg:{side} <{m}> .
                                   ?f hkg:relation ?rel ; hkg:arg1 ?a1 ; hkg:start ?start ; hkg:end ?end ;
                                      hkg:evidence ?s ; hkg:subject ?subj .
                                   ?s hkg:text ?text ; hkg:start ?ss ; hkg:end ?se }}
                       OPTIONAL {{ ?f hkg:arg2 ?a2 }} OPTIONAL {{ ?f hkg:arg3 ?a3 }}
                       OPTIONAL {{ ?f hkg:object ?obj FILTER(isIRI(?obj)) }}
                       OPTIONAL {{ GRAPH ?g {{ ?g <{DCTERMS}date> ?date }} }}
                       OPTIONAL {{ GRAPH ?g {{ ?g <{DCTERMS}title> ?title }} }} }}"
                ),
            )?;
            for r in &rows {
                let shown = Shown {
                    doc: crate::graph::doc_id_of(&text(&r[0])).unwrap_or_default(),
                    relation: text(&r[1]),
                    args: r[2..5].iter().filter(|a| a.is_some()).map(text).collect(),
                    start: text(&r[5]),
                    end: text(&r[6]),
                    sentence: text(&r[7]),
                    date: r[8].as_ref().map(|_| text(&r[8])),
                    sentence_start: text(&r[9]).parse().unwrap_or(0),
                    sentence_end: text(&r[10]).parse().unwrap_or(0),
                    title: r[11].as_ref().map(|_| text(&r[11])),
                    subject: text(&r[12]),
                    object: r[13].as_ref().map(|_| text(&r[13])),
                };
                let key = (
                    shown.doc.clone(),
                    shown.relation.clone(),
                    shown.args.clone(),
                    shown.start.clone(),
                    shown.end.clone(),
                );
                if seen.insert(key) {
                    d.facts.push(shown);
                }
            }
        }
    }
    // By date (undated last), then document and position: a change of post reads in order.
    d.facts.sort_by(|a, b| {
        (
            a.date.is_none(),
            &a.date,
            &a.doc,
            a.start.parse::<u64>().unwrap_or(0),
            &a.relation,
        )
            .cmp(&(
                b.date.is_none(),
                &b.date,
                &b.doc,
                b.start.parse::<u64>().unwrap_or(0),
                &b.relation,
            ))
    });
    Ok(d)
}

/// "鹤壁市 (410600, wikidata Q…) < 河南省 (410000 …)"
fn place_chain(store: &KgStore, place: &str) -> Result<String> {
    let (_, rows) = store.select(
        "show: place",
        &format!(
            "SELECT ?l ?code WHERE {{ GRAPH <{IDENTITY}> {{ <{place}> <{HKG}within>* ?p .
               ?p <{SKOS}prefLabel> ?l ; <{HKG}divisionCode> ?code }} }} ORDER BY DESC(?code)"
        ),
    )?;
    let parts: Vec<String> = rows
        .iter()
        .map(|r| format!("{} ({})", text(&r[0]), text(&r[1])))
        .collect();
    Ok(parts.join(" < "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, places: &[&str]) -> Option<(String, String)> {
        let g = Gazetteer::builtin();
        let rules = Rules::load(None).expect("rules");
        let ctx = DocContext::new(
            g,
            &places.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>(),
        );
        org_key(g, &rules.abbreviations, name, &ctx)
    }

    #[test]
    fn spilled_people_and_branches_read_back_as_written() {
        let mut m = Members::new().expect("temporary file");
        m.push(0, "person/%E5%BC%A0%E4%BC%9F@x", "张伟", None)
            .expect("written");
        m.push(7, "branch/b", "第一党支部", Some("hospital/h"))
            .expect("written");
        m.push(7, "person/p", "", None).expect("written");
        m.finish().expect("flushed");
        for _ in 0..2 {
            let mut rows = Vec::new();
            m.each(&mut |r| rows.push((r.doc, r.iri, r.name, r.unit)))
                .expect("read");
            assert_eq!(
                rows,
                [
                    (
                        0,
                        "person/%E5%BC%A0%E4%BC%9F@x".to_owned(),
                        "张伟".to_owned(),
                        None
                    ),
                    (
                        7,
                        "branch/b".to_owned(),
                        "第一党支部".to_owned(),
                        Some("hospital/h".to_owned())
                    ),
                    (7, "person/p".to_owned(), String::new(), None),
                ],
                "every read gives every row, in order"
            );
        }
        assert_eq!((m.people, m.branches), (2, 1));
    }

    #[test]
    fn names_of_one_organisation_share_a_key() {
        let full = key("河南省妇幼保健院", &[]);
        assert_eq!(full, Some(("410000".into(), "妇幼保健院".into())));
        assert_eq!(key("河南省妇幼院", &[]), full);
        assert_eq!(key("河南省保健院", &[]), full);
        // A bare 省 is read from the document's places, here a county of 河南.
        assert_eq!(key("省妇幼保健院", &["淇县"]), full);
        // ... and stays unread when the document's places span two provinces.
        assert_eq!(key("省妇幼保健院", &["淇县", "湘潭县"]), None);
        // Chained places read as the most specific one.
        assert_eq!(key("河南省新乡市人民医院", &[]), key("新乡市人民医院", &[]));
        assert_ne!(key("新乡市人民医院", &[]), key("新乡市第一人民医院", &[]));
        // An ambiguous district name (朝阳区 is in 北京 and in 长春) is not a place alone.
        assert_eq!(key("朝阳区妇幼保健院", &[]), None);
        assert!(key("北京市朝阳区妇幼保健院", &[]).is_some());
    }

    #[test]
    fn curation_and_link_lines_are_checked() {
        let c = Curation::parse(
            "merge\tA\tB\n# note\nsplit\tC\tD\nreject\tE\tperson\n",
            "c.tsv",
        )
        .expect("parses");
        assert_eq!(c.overrides.len(), 3);
        let err = Curation::parse("reject\tE\tplanet\n", "c.tsv").expect_err("bad relation");
        assert!(err.to_string().starts_with("c.tsv:1:"), "{err}");
        assert!(parse_links("name\tcode\tqid\tsource\nX\t1\tQ1\tsrc\n", "l.tsv").is_ok());
        assert!(parse_links("X\t1\t123\tsrc\n", "l.tsv").is_err());
        assert!(parse_links(BUILTIN_LINKS, "data/links.tsv").is_ok());
    }
}
