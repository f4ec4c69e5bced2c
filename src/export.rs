//! Stage 7, export: the store as files other tools open — the standard RDF formats, and a
//! GraphViz drawing of the entities built with petgraph.
//!
//! Output is deterministic: hkg mints no blank nodes, and quads are written sorted, so the
//! same corpus gives the same bytes whatever the build order or the kind of store.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, Quad, Term, Triple};
use petgraph::graph::{NodeIndex, UnGraph};

use crate::error::{Error, Result};
use crate::graph::{doc_graph, HKG, ID, ORG, PROV, SCHEMA, SKOS};
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

const PREFIXES: &[(&str, &str)] = &[
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

/// The quads of every document graph, or of one document's, sorted.
fn quads(kg: &KgStore, doc: Option<&str>) -> Result<Vec<Quad>> {
    let graph = doc.map(doc_graph);
    if let Some(d) = doc {
        if !kg.documents()?.iter().any(|k| k == d) {
            return Err(Error::NotFound {
                what: "document",
                name: d.to_owned(),
            });
        }
    }
    let mut out: Vec<Quad> = Vec::new();
    for q in kg.inner().quads_for_pattern(
        None,
        None,
        None,
        graph.as_ref().map(|g| GraphNameRef::NamedNode(g.as_ref())),
    ) {
        let q = q.map_err(|e| kg.err(e))?;
        let in_doc = match q.graph_name.as_ref() {
            GraphNameRef::NamedNode(n) => is_doc_graph(n),
            _ => false,
        };
        if in_doc {
            out.push(q);
        }
    }
    let mut keyed: Vec<(String, Quad)> = out.into_iter().map(|q| (q.to_string(), q)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    Ok(keyed.into_iter().map(|(_, q)| q).collect())
}

/// Writes the store (or one document's graph) in an RDF format.
pub fn write_rdf(
    kg: &KgStore,
    format: ExportFormat,
    doc: Option<&str>,
    out: &mut impl Write,
) -> Result<()> {
    let rdf = format
        .rdf()
        .ok_or_else(|| Error::Invalid(format!("{format:?} is not an RDF format")))?;
    let werr = |e: std::io::Error| Error::Write {
        what: "the export".into(),
        source: e,
    };
    let mut ser = RdfSerializer::from_format(rdf);
    for (p, iri) in PREFIXES {
        ser = ser
            .with_prefix(*p, *iri)
            .map_err(|e| Error::Invalid(e.to_string()))?;
    }
    let mut w = ser.for_writer(&mut *out);
    let all = quads(kg, doc)?;
    if format.keeps_graphs() {
        for q in &all {
            w.serialize_quad(q).map_err(werr)?;
        }
    } else {
        let mut triples: Vec<(String, Triple)> = all
            .into_iter()
            .map(|q| {
                let t = Triple::from(q);
                (t.to_string(), t)
            })
            .collect();
        triples.sort_by(|a, b| a.0.cmp(&b.0));
        triples.dedup_by(|a, b| a.0 == b.0);
        for (_, t) in &triples {
            w.serialize_triple(t).map_err(werr)?;
        }
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

/// Escapes a string for a double-quoted DOT ID (labels, tooltips, attribute values). Every
/// string that reaches the DOT text goes through here.
pub fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
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
