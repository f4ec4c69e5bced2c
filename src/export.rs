//! Stage 7, export: the store as files other tools open — the standard RDF formats, and a
//! GraphViz drawing of the entities built with petgraph.
//!
//! Output is deterministic: hkg mints no blank nodes, and quads are written sorted, so the
//! same corpus gives the same bytes whatever the build order or the kind of store.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Write;

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNodeRef, Term, Triple};
use petgraph::graph::{NodeIndex, UnGraph};

use crate::error::{Error, Result};
use crate::graph::{doc_graph, HKG, ID, ORG, PROV, SCHEMA, SKOS};
use crate::resolve::IDENTITY;
use crate::store::{is_doc_graph, KgStore};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Turtle,
    NTriples,
    NQuads,
    TriG,
    RdfXml,
    JsonLd,
    Dot,
}

impl ExportFormat {
    /// The format a file name's extension names (`.ttl`, `.nq`, `.dot` ...).
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "ttl" | "turtle" => Self::Turtle,
            "nt" => Self::NTriples,
            "nq" => Self::NQuads,
            "trig" => Self::TriG,
            "rdf" | "xml" | "owl" => Self::RdfXml,
            "jsonld" | "json" => Self::JsonLd,
            "dot" | "gv" => Self::Dot,
            _ => return None,
        })
    }

    fn rdf(self) -> Option<RdfFormat> {
        Some(match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::NTriples => RdfFormat::NTriples,
            Self::NQuads => RdfFormat::NQuads,
            Self::TriG => RdfFormat::TriG,
            Self::RdfXml => RdfFormat::RdfXml,
            Self::JsonLd => RdfFormat::from_media_type("application/ld+json")?,
            Self::Dot => return None,
        })
    }

    /// N-Quads and TriG keep the named graphs; the other RDF formats merge them.
    fn keeps_graphs(self) -> bool {
        matches!(self, Self::NQuads | Self::TriG)
    }
}

/// The prefixes written in Turtle and JSON-LD.
pub(crate) const PREFIXES: &[(&str, &str)] = &[
    ("hkg", HKG),
    ("id", ID),
    ("schema", SCHEMA),
    ("org", ORG),
    ("skos", SKOS),
    ("prov", PROV),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// Lines sorted and deduplicated in bounded memory. Runs of up to [`RUN_BYTES`] are sorted
/// and spilled to unnamed temporary files, then merged: exporting a 100k-document store (54 M
/// quads, about 8 GB of N-Quads) would otherwise hold every quad in memory to sort it.
pub(crate) struct SortedLines {
    run: Vec<String>,
    run_bytes: usize,
    limit: usize,
    spilled: Vec<std::fs::File>,
}

/// Bytes of lines held before a run is spilled.
pub(crate) const RUN_BYTES: usize = 64 << 20;

impl SortedLines {
    pub(crate) fn new(limit: usize) -> Self {
        SortedLines {
            run: Vec::new(),
            run_bytes: 0,
            limit,
            spilled: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, line: String) -> std::io::Result<()> {
        self.run_bytes += line.len() + std::mem::size_of::<String>();
        self.run.push(line);
        if self.run_bytes >= self.limit {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> std::io::Result<()> {
        self.run.sort_unstable();
        self.run.dedup();
        let mut f = std::io::BufWriter::new(tempfile::tempfile()?);
        for l in self.run.drain(..) {
            f.write_all(l.as_bytes())?;
            f.write_all(b"\n")?;
        }
        let mut f = f.into_inner().map_err(|e| e.into_error())?;
        std::io::Seek::rewind(&mut f)?;
        self.spilled.push(f);
        self.run_bytes = 0;
        Ok(())
    }

    /// The lines in order, each once.
    pub(crate) fn merged(mut self) -> std::io::Result<Merged> {
        if self.spilled.is_empty() {
            self.run.sort_unstable();
            self.run.dedup();
            return Ok(Merged::Memory(self.run.into_iter()));
        }
        if !self.run.is_empty() {
            self.spill()?;
        }
        let mut runs: Vec<std::io::Lines<std::io::BufReader<std::fs::File>>> = self
            .spilled
            .into_iter()
            .map(|f| std::io::BufRead::lines(std::io::BufReader::new(f)))
            .collect();
        let mut heads = std::collections::BinaryHeap::new();
        for (i, r) in runs.iter_mut().enumerate() {
            if let Some(l) = r.next() {
                heads.push(std::cmp::Reverse((l?, i)));
            }
        }
        Ok(Merged::Files {
            runs,
            heads,
            last: None,
        })
    }
}

/// The merged lines of [`SortedLines`].
pub(crate) enum Merged {
    Memory(std::vec::IntoIter<String>),
    Files {
        runs: Vec<std::io::Lines<std::io::BufReader<std::fs::File>>>,
        heads: std::collections::BinaryHeap<std::cmp::Reverse<(String, usize)>>,
        last: Option<String>,
    },
}

impl Iterator for Merged {
    type Item = std::io::Result<String>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Merged::Memory(it) => it.next().map(Ok),
            Merged::Files { runs, heads, last } => loop {
                let std::cmp::Reverse((line, i)) = heads.pop()?;
                match runs[i].next() {
                    Some(Ok(l)) => heads.push(std::cmp::Reverse((l, i))),
                    Some(Err(e)) => return Some(Err(e)),
                    None => {}
                }
                if last.as_deref() != Some(line.as_str()) {
                    *last = Some(line.clone());
                    return Some(Ok(line));
                }
            },
        }
    }
}

/// Hands merged N-Quads lines to a parser as one stream, each closed with " .".
struct LinesReader {
    lines: Merged,
    buf: Vec<u8>,
    pos: usize,
}

impl std::io::Read for LinesReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.buf.len() {
            match self.lines.next() {
                None => return Ok(0),
                Some(l) => {
                    self.buf.clear();
                    self.buf.extend_from_slice(l?.as_bytes());
                    self.buf.extend_from_slice(b" .\n");
                    self.pos = 0;
                }
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The quads of every document graph and of the identity graph (resolved entities, places and
/// their links, which a user exporting the store expects to keep), or of one graph, as
/// sorted N-Quads lines (N-Triples lines when `triples`, merging the graphs), each once.
fn sorted_lines(kg: &KgStore, graph: Option<NamedNodeRef<'_>>, triples: bool) -> Result<Merged> {
    let spill_err = |e: std::io::Error| Error::Write {
        what: "the export's sort runs (temporary files)".into(),
        source: e,
    };
    let mut lines = SortedLines::new(RUN_BYTES);
    for q in kg
        .inner()
        .quads_for_pattern(None, None, None, graph.map(GraphNameRef::NamedNode))
    {
        let q = q.map_err(|e| kg.err(e))?;
        let wanted = match q.graph_name.as_ref() {
            GraphNameRef::NamedNode(n) => {
                graph.is_some() || is_doc_graph(n) || n.as_str() == IDENTITY
            }
            _ => false,
        };
        if wanted {
            let line = if triples {
                Triple::from(q).to_string()
            } else {
                q.to_string()
            };
            lines.push(line).map_err(spill_err)?;
        }
    }
    lines.merged().map_err(spill_err)
}

/// Writes the store (or one document's graph) in an RDF format, streaming: memory stays
/// bounded by the sort's runs whatever the store's size.
pub fn write_rdf(
    kg: &KgStore,
    format: ExportFormat,
    doc: Option<&str>,
    out: &mut impl Write,
) -> Result<()> {
    let rdf = format
        .rdf()
        .ok_or_else(|| Error::Invalid(format!("{format:?} is not an RDF format")))?;
    let graph = doc.map(doc_graph);
    if let Some(d) = doc {
        if !kg.documents()?.iter().any(|k| k == d) {
            return Err(Error::NotFound {
                what: "document",
                name: d.to_owned(),
            });
        }
    }
    let lines = sorted_lines(
        kg,
        graph.as_ref().map(|g| g.as_ref()),
        !format.keeps_graphs(),
    )?;
    write_lines(lines, rdf, out)
}

/// Writes one named graph, or with `None` the merge of the document graphs and the identity
/// graph (as [`write_rdf`] merges them), as triples in `format`, sorted and each once, in
/// bounded memory. The graph must exist; an absent one writes an empty document.
pub fn write_graph(
    kg: &KgStore,
    format: RdfFormat,
    graph: Option<NamedNodeRef<'_>>,
    out: &mut impl Write,
) -> Result<()> {
    write_lines(sorted_lines(kg, graph, true)?, format, out)
}

/// Writes sorted N-Quads or N-Triples lines in `rdf`.
fn write_lines(lines: Merged, rdf: RdfFormat, out: &mut impl Write) -> Result<()> {
    let werr = |e: std::io::Error| Error::Write {
        what: "the export".into(),
        source: e,
    };
    // N-Quads and N-Triples are the sorted lines themselves, as the serializer writes them.
    if matches!(rdf, RdfFormat::NQuads | RdfFormat::NTriples) {
        for l in lines {
            out.write_all(l.map_err(werr)?.as_bytes()).map_err(werr)?;
            out.write_all(b" .\n").map_err(werr)?;
        }
        return Ok(());
    }
    let mut ser = RdfSerializer::from_format(rdf);
    for (p, iri) in PREFIXES {
        ser = ser
            .with_prefix(*p, *iri)
            .map_err(|e| Error::Invalid(e.to_string()))?;
    }
    let mut w = ser.for_writer(&mut *out);
    let reader = LinesReader {
        lines,
        buf: Vec::new(),
        pos: 0,
    };
    for q in RdfParser::from_format(RdfFormat::NQuads).for_reader(reader) {
        let q = q.map_err(|e| match e {
            oxigraph::io::RdfParseError::Io(e) => werr(e),
            e => Error::Invalid(format!("export: re-reading a sorted line: {e}")),
        })?;
        w.serialize_quad(&q).map_err(werr)?;
    }
    w.finish().map_err(werr)?;
    Ok(())
}

/// A node of the drawing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DrawNode {
    pub key: String,
    pub label: String,
    pub class: &'static str,
}

/// The most characters of one DOT string: Graphviz refuses a quoted string of more than
/// 16384 bytes, and 2000 characters stay under it even as escaped 4-byte characters.
const DOT_MAX_CHARS: usize = 2000;

/// Escapes a string for a double-quoted DOT ID (labels, tooltips, attribute values). Every
/// string that reaches the DOT text goes through here; one too long to draw is cut, with `…`.
pub fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let cut = s.char_indices().nth(DOT_MAX_CHARS).map(|(i, _)| i);
    for c in s[..cut.unwrap_or(s.len())].chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    if cut.is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

/// The entity graph: entities and honours as nodes, relations as labelled edges.
pub fn entity_graph(kg: &KgStore) -> Result<UnGraph<DrawNode, String>> {
    let classes = [
        ("Hospital", "hospital"),
        ("Institution", "institution"),
        ("Person", "person"),
        ("Branch", "branch"),
    ];
    let mut nodes: BTreeMap<String, DrawNode> = BTreeMap::new();
    for (class, style) in classes {
        let (_, rows) = kg.select(
            "entities",
            &format!(
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                 SELECT DISTINCT ?e ?l WHERE {{ ?e a <{HKG}{class}> ; rdfs:label ?l }}"
            ),
        )?;
        for r in rows {
            if let (Some(Term::NamedNode(e)), Some(Term::Literal(l))) = (&r[0], &r[1]) {
                nodes.entry(e.as_str().to_owned()).or_insert(DrawNode {
                    key: e.as_str().to_owned(),
                    label: l.value().to_owned(),
                    class: style,
                });
            }
        }
    }
    // Edges: (a, b, label), kept once per unordered pair and label.
    let mut edges: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut edge = |a: &str, b: &str, l: String| {
        let (x, y) = if a <= b { (a, b) } else { (b, a) };
        edges.insert((x.to_owned(), y.to_owned(), l));
    };
    let pairs = |q: &str| -> Result<Vec<(String, String, String)>> {
        let (_, rows) = kg.select("edges", q)?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let s = |t: &Option<Term>| match t {
                    Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
                    Some(Term::Literal(l)) => Some(l.value().to_owned()),
                    _ => None,
                };
                Some((s(&r[0])?, s(&r[1])?, s(&r[2])?))
            })
            .collect())
    };
    for (a, b, _) in pairs(&format!(
        "SELECT DISTINCT ?a ?b ?l WHERE {{ ?a <{HKG}partner> ?b BIND(\"合作\" AS ?l) }}"
    ))? {
        edge(&a, &b, "合作".into());
    }
    for (p, o, t) in pairs(&format!(
        "PREFIX org: <{ORG}> PREFIX skos: <{SKOS}>
         SELECT DISTINCT ?p ?o ?t WHERE {{ ?m org:member ?p ; org:organization ?o ; org:role ?r .
           ?r skos:prefLabel ?t }}"
    ))? {
        edge(&p, &o, t);
    }
    for (b, h, l) in pairs(&format!(
        "SELECT DISTINCT ?b ?h ?l WHERE {{ ?b <{ORG}unitOf> ?h BIND(\"下属\" AS ?l) }}"
    ))? {
        edge(&b, &h, l);
    }
    for (r, a, l) in pairs(&format!(
        "SELECT DISTINCT ?r ?a ?l WHERE {{ ?r <{SCHEMA}award> ?a BIND(\"获得\" AS ?l) }}"
    ))? {
        let key = format!("award:{a}");
        nodes.entry(key.clone()).or_insert(DrawNode {
            key: key.clone(),
            label: a,
            class: "award",
        });
        edge(&r, &key, l);
    }
    let mut g = UnGraph::new_undirected();
    let mut index: BTreeMap<String, NodeIndex> = BTreeMap::new();
    for (k, n) in nodes {
        index.insert(k, g.add_node(n));
    }
    for (a, b, l) in edges {
        if let (Some(&x), Some(&y)) = (index.get(&a), index.get(&b)) {
            g.add_edge(x, y, l);
        }
    }
    Ok(g)
}

/// Keeps the nodes within `depth` steps of the nodes labelled or keyed `focus`.
pub fn neighbourhood(
    g: &UnGraph<DrawNode, String>,
    focus: &str,
    depth: usize,
) -> Result<UnGraph<DrawNode, String>> {
    let starts: Vec<NodeIndex> = g
        .node_indices()
        .filter(|&i| g[i].label == focus || g[i].key == focus)
        .collect();
    if starts.is_empty() {
        return Err(Error::NotFound {
            what: "entity to focus on",
            name: focus.to_owned(),
        });
    }
    let mut dist: BTreeMap<NodeIndex, usize> = starts.iter().map(|&s| (s, 0)).collect();
    let mut queue: VecDeque<NodeIndex> = starts.into_iter().collect();
    while let Some(n) = queue.pop_front() {
        let d = dist[&n];
        if d == depth {
            continue;
        }
        for m in g.neighbors_undirected(n) {
            if let std::collections::btree_map::Entry::Vacant(v) = dist.entry(m) {
                v.insert(d + 1);
                queue.push_back(m);
            }
        }
    }
    Ok(g.filter_map(
        |i, n| dist.contains_key(&i).then(|| n.clone()),
        |_, e| Some(e.clone()),
    ))
}

/// Writes the graph as GraphViz DOT: nodes styled by class, edges labelled.
pub fn write_dot(g: &UnGraph<DrawNode, String>, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "graph hkg {{")?;
    writeln!(
        out,
        "  graph [layout=dot, rankdir=LR, fontname={}];",
        dot_escape("Noto Sans CJK SC")
    )?;
    writeln!(out, "  node [fontname={}];", dot_escape("Noto Sans CJK SC"))?;
    writeln!(
        out,
        "  edge [fontname={}, fontsize=10];",
        dot_escape("Noto Sans CJK SC")
    )?;
    let style = |class: &str| match class {
        "hospital" => ("box", "#cfe8ff"),
        "institution" => ("box", "#e8e8e8"),
        "person" => ("ellipse", "#fff2c2"),
        "branch" => ("octagon", "#ffd6d6"),
        _ => ("note", "#e2f5d8"),
    };
    for i in g.node_indices() {
        let n = &g[i];
        let (shape, fill) = style(n.class);
        writeln!(
            out,
            "  n{} [label={}, tooltip={}, shape={}, style=filled, fillcolor={}, class={}];",
            i.index(),
            dot_escape(&n.label),
            dot_escape(&n.key),
            shape,
            dot_escape(fill),
            dot_escape(n.class)
        )?;
    }
    for e in g.edge_indices() {
        if let Some((a, b)) = g.edge_endpoints(e) {
            writeln!(
                out,
                "  n{} -- n{} [label={}];",
                a.index(),
                b.index(),
                dot_escape(&g[e])
            )?;
        }
    }
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_are_escaped_and_cut_to_what_graphviz_reads() {
        assert_eq!(dot_escape("a\"b\\c\nd\r\u{0}"), "\"a\\\"b\\\\c\\nd \"");
        let long = dot_escape(&"院".repeat(20_000));
        assert!(
            long.len() < 16_384 && long.ends_with("…\""),
            "{}",
            long.len()
        );
        assert_eq!(
            dot_escape(&"院".repeat(DOT_MAX_CHARS)).chars().count(),
            DOT_MAX_CHARS + 2
        );
    }

    #[test]
    fn lines_spilled_in_runs_merge_sorted_and_once() {
        // Runs of about three lines: duplicates fall in different runs and within one.
        let mut input: Vec<String> = (0..40)
            .map(|i| format!("<s{}> \"{}\"", i % 17, i % 5))
            .collect();
        input.reverse();
        let mut lines = SortedLines::new(100);
        for l in &input {
            lines.push(l.clone()).expect("push");
        }
        assert!(lines.spilled.len() > 5, "{} runs", lines.spilled.len());
        let got: Vec<String> = lines
            .merged()
            .expect("merge")
            .collect::<std::io::Result<_>>()
            .expect("read");
        let mut want = input;
        want.sort();
        want.dedup();
        assert_eq!(got, want);
    }

    #[test]
    fn dot_strings_are_escaped_once_for_every_awkward_character() {
        assert_eq!(dot_escape(r#"say "hi""#), r#""say \"hi\"""#);
        assert_eq!(dot_escape(r"a\b"), r#""a\\b""#);
        assert_eq!(dot_escape("第一行\n第二行\r"), r#""第一行\n第二行""#);
        // Inside a quoted ID, angle brackets and braces are plain text.
        assert_eq!(dot_escape("<医院>{科室}"), r#""<医院>{科室}""#);
        assert_eq!(dot_escape("tab\there"), r#""tab here""#);
    }

    #[test]
    fn a_node_with_awkward_names_renders_as_valid_dot() {
        let mut g = UnGraph::new_undirected();
        let a = g.add_node(DrawNode {
            key: "https://w3id.org/hkg/id/hospital/\"X\"医院".into(),
            label: "“X”\\医院\n{分院}<1>".into(),
            class: "hospital",
        });
        let b = g.add_node(DrawNode {
            key: "award:a\"b".into(),
            label: "a\"b".into(),
            class: "award",
        });
        g.add_edge(a, b, "获\"得".into());
        let mut out = Vec::new();
        write_dot(&g, &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.contains(r#"label="“X”\\医院\n{分院}<1>""#), "{text}");
        assert!(text.contains(r#"label="获\"得""#), "{text}");
        // Every quote in the text is either escaped or delimits a string: an even count.
        for line in text.lines() {
            let unescaped = line.replace("\\\\", "").replace("\\\"", "");
            assert_eq!(unescaped.matches('"').count() % 2, 0, "{line}");
        }
    }
}
