//! `hkg validate`: checks a store against the SHACL shapes in `ontology/shapes.ttl`.
//!
//! A small checker driven by the shapes file, rather than a general SHACL engine: it supports
//! the constraint components hkg's shapes use (listed in [`Component`]) and turns each into
//! one SPARQL query run inside every named graph, so violations stream out with the document
//! they were found in and memory does not grow with the store. Any `sh:` term it does not
//! understand is an error when the shapes are loaded: an unsupported constraint can never pass
//! silently. (The rudof `shacl` crates validate an in-memory graph, which would mean loading
//! the whole store into memory, and pull in a second RDF stack beside Oxigraph.)

use std::collections::{BTreeSet, HashMap, HashSet};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};

use crate::error::{Error, Result};
use crate::graph::{doc_id_of, RDF_TYPE};
use crate::store::KgStore;

const SH: &str = "http://www.w3.org/ns/shacl#";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// The shapes shipped with hkg.
pub const BUILTIN_SHAPES: &str = include_str!("../ontology/shapes.ttl");

/// The SHACL constraint components hkg's validator implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Component {
    MinCount,
    MaxCount,
    Datatype,
    Or,
    Class,
    NodeKind,
    In,
    Pattern,
    MinInclusive,
    Closed,
}

impl Component {
    pub const ALL: [Component; 10] = [
        Component::MinCount,
        Component::MaxCount,
        Component::Datatype,
        Component::Or,
        Component::Class,
        Component::NodeKind,
        Component::In,
        Component::Pattern,
        Component::MinInclusive,
        Component::Closed,
    ];

    /// The component's IRI local name, as in validation reports (sh:MinCountConstraintComponent).
    pub fn name(self) -> &'static str {
        match self {
            Component::MinCount => "MinCountConstraintComponent",
            Component::MaxCount => "MaxCountConstraintComponent",
            Component::Datatype => "DatatypeConstraintComponent",
            Component::Or => "OrConstraintComponent",
            Component::Class => "ClassConstraintComponent",
            Component::NodeKind => "NodeKindConstraintComponent",
            Component::In => "InConstraintComponent",
            Component::Pattern => "PatternConstraintComponent",
            Component::MinInclusive => "MinInclusiveConstraintComponent",
            Component::Closed => "ClosedConstraintComponent",
        }
    }
}

/// One constraint of a property shape, with its parameter.
#[derive(Debug, Clone)]
pub enum Constraint {
    MinCount(u64),
    MaxCount(u64),
    Datatype(NamedNode),
    /// sh:or of shapes that each give one sh:datatype: the value has one of them (a date
    /// that is a whole date or only a month).
    DatatypeOneOf(Vec<NamedNode>),
    Class(NamedNode),
    NodeKind(NodeKind),
    In(Vec<Term>),
    Pattern {
        regex: String,
        flags: Option<String>,
    },
    MinInclusive(Literal),
}

impl Constraint {
    pub fn component(&self) -> Component {
        match self {
            Constraint::MinCount(_) => Component::MinCount,
            Constraint::MaxCount(_) => Component::MaxCount,
            Constraint::Datatype(_) => Component::Datatype,
            Constraint::DatatypeOneOf(_) => Component::Or,
            Constraint::Class(_) => Component::Class,
            Constraint::NodeKind(_) => Component::NodeKind,
            Constraint::In(_) => Component::In,
            Constraint::Pattern { .. } => Component::Pattern,
            Constraint::MinInclusive(_) => Component::MinInclusive,
        }
    }
}

/// sh:nodeKind's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Iri,
    Literal,
    BlankNode,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

/// A property shape: one path and its constraints.
#[derive(Debug, Clone)]
pub struct PropertyShape {
    pub path: NamedNode,
    pub constraints: Vec<Constraint>,
}

/// A node shape targeting the instances of one class.
#[derive(Debug, Clone)]
pub struct NodeShape {
    /// The shape's IRI (or blank node label), for reports.
    pub id: String,
    pub target_class: NamedNode,
    pub properties: Vec<PropertyShape>,
    /// sh:closed: properties outside `properties` and `ignored` are violations.
    pub closed: bool,
    pub ignored: Vec<NamedNode>,
}

/// A parsed shapes graph.
#[derive(Debug, Clone)]
pub struct Shapes {
    pub shapes: Vec<NodeShape>,
}

/// One violation: the focus node, where it was found, and what it broke.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// The document id, or the graph IRI for a graph that is not a document's.
    pub document: String,
    pub focus: String,
    pub shape: String,
    pub path: Option<String>,
    pub component: Component,
    /// The offending value, when there is one.
    pub value: Option<String>,
    pub message: String,
}

fn sh(local: &str) -> String {
    format!("{SH}{local}")
}

fn shapes_error(path: &str, message: String) -> Error {
    Error::Shapes {
        path: path.to_owned(),
        message,
    }
}

/// The triples of a shapes file, indexed by subject, with a record of which have been read so
/// that any sh: triple left unread can be reported as unsupported.
struct Index {
    by_subject: HashMap<NamedOrBlankNode, Vec<(NamedNode, Term)>>,
    used: HashSet<(NamedOrBlankNode, NamedNode, Term)>,
}

impl Index {
    fn values(&mut self, s: &NamedOrBlankNode, p: &str) -> Vec<Term> {
        let mut out = Vec::new();
        if let Some(po) = self.by_subject.get(s) {
            for (pred, o) in po {
                if pred.as_str() == p {
                    out.push(o.clone());
                    self.used.insert((s.clone(), pred.clone(), o.clone()));
                }
            }
        }
        out
    }

    fn one(&mut self, s: &NamedOrBlankNode, p: &str) -> Option<Term> {
        self.values(s, p).into_iter().next()
    }

    /// The members of an RDF list.
    fn list(&mut self, head: &Term, path: &str) -> Result<Vec<Term>> {
        let mut out = Vec::new();
        let mut node = head.clone();
        loop {
            match node {
                Term::NamedNode(n) if n.as_str() == format!("{RDF}nil") => return Ok(out),
                Term::BlankNode(b) => {
                    let s = NamedOrBlankNode::BlankNode(b);
                    let first = self.one(&s, &format!("{RDF}first"));
                    let rest = self.one(&s, &format!("{RDF}rest"));
                    match (first, rest) {
                        (Some(f), Some(r)) => {
                            out.push(f);
                            node = r;
                        }
                        _ => return Err(shapes_error(path, "a malformed RDF list".into())),
                    }
                }
                other => {
                    return Err(shapes_error(path, format!("{other} is not an RDF list")));
                }
            }
        }
    }
}

fn named(t: Term, what: &str, path: &str) -> Result<NamedNode> {
    match t {
        Term::NamedNode(n) => Ok(n),
        other => Err(shapes_error(
            path,
            format!("{what} must be an IRI, not {other}"),
        )),
    }
}

fn count(t: Term, what: &str, path: &str) -> Result<u64> {
    match &t {
        Term::Literal(l) => l.value().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        shapes_error(
            path,
            format!("{what} must be a non-negative integer, not {t}"),
        )
    })
}

impl Shapes {
    /// The shapes shipped with hkg.
    pub fn builtin() -> Result<Self> {
        Self::parse(BUILTIN_SHAPES, "ontology/shapes.ttl")
    }

    /// Parses a Turtle shapes graph; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Self> {
        let mut index = Index {
            by_subject: HashMap::new(),
            used: HashSet::new(),
        };
        let mut all: Vec<Triple> = Vec::new();
        for q in RdfParser::from_format(RdfFormat::Turtle).for_reader(text.as_bytes()) {
            let t: Triple = q.map_err(|e| shapes_error(path, e.to_string()))?.into();
            index
                .by_subject
                .entry(t.subject.clone())
                .or_default()
                .push((t.predicate.clone(), t.object.clone()));
            all.push(t);
        }
        let mut node_shapes: Vec<NamedOrBlankNode> = index
            .by_subject
            .iter()
            .filter(|(_, po)| po.iter().any(|(p, _)| p.as_str() == sh("targetClass")))
            .map(|(s, _)| s.clone())
            .collect();
        node_shapes.sort_by_key(|s| s.to_string());
        let mut shapes = Vec::new();
        for s in node_shapes {
            let id = match &s {
                NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
                other => other.to_string(),
            };
            index.values(&s, RDF_TYPE);
            let targets = index.values(&s, &sh("targetClass"));
            if targets.len() != 1 {
                return Err(shapes_error(
                    path,
                    format!("{id}: hkg supports exactly one sh:targetClass per shape"),
                ));
            }
            let target_class = named(targets[0].clone(), "sh:targetClass", path)?;
            let closed = match index.one(&s, &sh("closed")) {
                None => false,
                Some(Term::Literal(l)) => l.value() == "true",
                Some(other) => {
                    return Err(shapes_error(path, format!("{id}: sh:closed {other}")));
                }
            };
            let mut ignored = Vec::new();
            if let Some(head) = index.one(&s, &sh("ignoredProperties")) {
                for t in index.list(&head, path)? {
                    ignored.push(named(t, "sh:ignoredProperties member", path)?);
                }
            }
            let mut properties = Vec::new();
            for p in index.values(&s, &sh("property")) {
                let ps = match p {
                    Term::BlankNode(b) => NamedOrBlankNode::BlankNode(b),
                    Term::NamedNode(n) => NamedOrBlankNode::NamedNode(n),
                    other => return Err(shapes_error(path, format!("sh:property {other}"))),
                };
                properties.push(parse_property(&mut index, &ps, &id, path)?);
            }
            shapes.push(NodeShape {
                id,
                target_class,
                properties,
                closed,
                ignored,
            });
        }
        // Annotations are fine; any other sh: term would be a constraint hkg cannot check.
        const ANNOTATIONS: [&str; 5] = ["name", "description", "message", "order", "group"];
        for t in &all {
            let Some(local) = t.predicate.as_str().strip_prefix(SH) else {
                continue;
            };
            let key = (t.subject.clone(), t.predicate.clone(), t.object.clone());
            if !index.used.contains(&key) && !ANNOTATIONS.contains(&local) {
                return Err(shapes_error(
                    path,
                    format!(
                        "unsupported SHACL term sh:{local} on {} (hkg validate supports {})",
                        t.subject,
                        supported_terms()
                    ),
                ));
            }
        }
        if shapes.is_empty() {
            return Err(shapes_error(path, "no shape with sh:targetClass".into()));
        }
        Ok(Shapes { shapes })
    }

    /// The components these shapes use.
    pub fn components(&self) -> BTreeSet<Component> {
        let mut out = BTreeSet::new();
        for s in &self.shapes {
            if s.closed {
                out.insert(Component::Closed);
            }
            for p in &s.properties {
                out.extend(p.constraints.iter().map(Constraint::component));
            }
        }
        out
    }
}

fn supported_terms() -> &'static str {
    "targetClass, property, path, minCount, maxCount, datatype, or (of datatypes), class, nodeKind, in, pattern, \
     flags, minInclusive, closed, ignoredProperties"
}

fn parse_property(
    index: &mut Index,
    s: &NamedOrBlankNode,
    shape: &str,
    path: &str,
) -> Result<PropertyShape> {
    let Some(p) = index.one(s, &sh("path")) else {
        return Err(shapes_error(
            path,
            format!("{shape}: property without sh:path"),
        ));
    };
    let prop = match p {
        Term::NamedNode(n) => n,
        other => {
            return Err(shapes_error(
                path,
                format!("{shape}: unsupported sh:path {other} (hkg supports a single IRI)"),
            ))
        }
    };
    index.values(s, RDF_TYPE);
    let mut constraints = Vec::new();
    for t in index.values(s, &sh("minCount")) {
        constraints.push(Constraint::MinCount(count(t, "sh:minCount", path)?));
    }
    for t in index.values(s, &sh("maxCount")) {
        constraints.push(Constraint::MaxCount(count(t, "sh:maxCount", path)?));
    }
    for t in index.values(s, &sh("datatype")) {
        constraints.push(Constraint::Datatype(named(t, "sh:datatype", path)?));
    }
    for t in index.values(s, &sh("or")) {
        let mut datatypes = Vec::new();
        for member in index.list(&t, path)? {
            let Term::BlankNode(b) = member else {
                return Err(shapes_error(path, format!("{shape}: sh:or member {member} (hkg supports shapes that each give one sh:datatype)")));
            };
            let member = NamedOrBlankNode::BlankNode(b);
            let given = index.values(&member, &sh("datatype"));
            let [d] = given.as_slice() else {
                return Err(shapes_error(
                    path,
                    format!("{shape}: an sh:or member must give one sh:datatype"),
                ));
            };
            datatypes.push(named(d.clone(), "sh:datatype", path)?);
        }
        constraints.push(Constraint::DatatypeOneOf(datatypes));
    }
    for t in index.values(s, &sh("class")) {
        constraints.push(Constraint::Class(named(t, "sh:class", path)?));
    }
    for t in index.values(s, &sh("nodeKind")) {
        let n = named(t, "sh:nodeKind", path)?;
        let kind = match n.as_str().strip_prefix(SH) {
            Some("IRI") => NodeKind::Iri,
            Some("Literal") => NodeKind::Literal,
            Some("BlankNode") => NodeKind::BlankNode,
            Some("BlankNodeOrIRI") => NodeKind::BlankNodeOrIri,
            Some("BlankNodeOrLiteral") => NodeKind::BlankNodeOrLiteral,
            Some("IRIOrLiteral") => NodeKind::IriOrLiteral,
            _ => return Err(shapes_error(path, format!("{shape}: sh:nodeKind {n}"))),
        };
        constraints.push(Constraint::NodeKind(kind));
    }
    for t in index.values(s, &sh("in")) {
        constraints.push(Constraint::In(index.list(&t, path)?));
    }
    let flags = match index.one(s, &sh("flags")) {
        Some(Term::Literal(l)) => Some(l.value().to_owned()),
        Some(other) => return Err(shapes_error(path, format!("sh:flags {other}"))),
        None => None,
    };
    for t in index.values(s, &sh("pattern")) {
        let Term::Literal(l) = t else {
            return Err(shapes_error(
                path,
                format!("{shape}: sh:pattern must be a string"),
            ));
        };
        constraints.push(Constraint::Pattern {
            regex: l.value().to_owned(),
            flags: flags.clone(),
        });
    }
    for t in index.values(s, &sh("minInclusive")) {
        let Term::Literal(l) = t else {
            return Err(shapes_error(
                path,
                format!("{shape}: sh:minInclusive must be a literal"),
            ));
        };
        constraints.push(Constraint::MinInclusive(l));
    }
    Ok(PropertyShape {
        path: prop,
        constraints,
    })
}

fn term_text(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}

fn short(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

fn message(c: &Constraint, path: &str, value: Option<&str>) -> String {
    let p = short(path);
    let v = value.unwrap_or("");
    match c {
        Constraint::MinCount(n) => format!("fewer than {n} value(s) of {p}"),
        Constraint::MaxCount(n) => format!("more than {n} value(s) of {p}"),
        Constraint::Datatype(d) => format!("{p} {v} is not a {}", short(d.as_str())),
        Constraint::DatatypeOneOf(ds) => format!(
            "{p} {v} is none of {}",
            ds.iter()
                .map(|d| short(d.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Constraint::Class(k) => format!("{p} {v} is not a {} in this graph", short(k.as_str())),
        Constraint::NodeKind(k) => format!("{p} {v} is not of node kind {k:?}"),
        Constraint::In(_) => format!("{p} {v} is not one of the allowed values"),
        Constraint::Pattern { regex, .. } => format!("{p} {v} does not match /{regex}/"),
        Constraint::MinInclusive(m) => format!("{p} {v} is below {}", m.value()),
    }
}

/// A constraint made ready to check: its regex compiled.
enum Check<'a> {
    Plain(&'a Constraint),
    Pattern(&'a Constraint, Option<regex::Regex>),
}

impl Check<'_> {
    fn constraint(&self) -> &Constraint {
        match self {
            Check::Plain(c) | Check::Pattern(c, _) => c,
        }
    }
}

/// Compiles an sh:pattern with SPARQL's flags (i, s, m, x, q); None when it does not compile,
/// which makes every value a violation, as SPARQL's regex() error would.
fn compile(regex: &str, flags: Option<&str>) -> Option<regex::Regex> {
    let flags = flags.unwrap_or("");
    let pattern = if flags.contains('q') {
        regex::escape(regex)
    } else {
        regex.to_owned()
    };
    regex::RegexBuilder::new(&pattern)
        .case_insensitive(flags.contains('i'))
        .dot_matches_new_line(flags.contains('s'))
        .multi_line(flags.contains('m'))
        .ignore_whitespace(flags.contains('x'))
        .build()
        .ok()
}

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// A numeric literal's value, for sh:minInclusive.
fn numeric(l: &Literal) -> Option<f64> {
    let d = l.datatype().as_str().strip_prefix(XSD)?;
    let numeric = matches!(
        d,
        "integer"
            | "decimal"
            | "float"
            | "double"
            | "int"
            | "long"
            | "short"
            | "byte"
            | "nonNegativeInteger"
            | "positiveInteger"
            | "nonPositiveInteger"
            | "negativeInteger"
            | "unsignedInt"
            | "unsignedLong"
            | "unsignedShort"
            | "unsignedByte"
    );
    if !numeric {
        return None;
    }
    match l.value().trim() {
        "INF" | "+INF" => Some(f64::INFINITY),
        "-INF" => Some(f64::NEG_INFINITY),
        v => v.parse().ok().filter(|x: &f64| !x.is_nan()),
    }
}

/// Whether `v >= min` holds as SPARQL compares them: numbers by value, strings and dates of
/// one datatype by their lexical forms; anything else is incomparable, and so a violation.
fn at_least(v: &Term, min: &Literal) -> bool {
    let Term::Literal(v) = v else {
        return false;
    };
    match (numeric(v), numeric(min)) {
        (Some(a), Some(b)) => a >= b,
        (None, None) => {
            v.datatype() == min.datatype()
                && matches!(
                    v.datatype().as_str().strip_prefix(XSD),
                    Some("string" | "date" | "dateTime")
                )
                && v.value() >= min.value()
        }
        _ => false,
    }
}

/// The values of one property of a focus node that break `check`.
fn broken<'v>(
    store: &KgStore,
    graph: &NamedOrBlankNode,
    check: &Check<'_>,
    values: &[&'v Term],
) -> Result<Vec<Option<&'v Term>>> {
    let fails = |v: &Term| -> Result<bool> {
        Ok(match check {
            Check::Pattern(_, re) => match v {
                Term::BlankNode(_) => true,
                Term::NamedNode(n) => !re.as_ref().is_some_and(|r| r.is_match(n.as_str())),
                Term::Literal(l) => !re.as_ref().is_some_and(|r| r.is_match(l.value())),
            },
            Check::Plain(c) => match c {
                Constraint::Datatype(d) => {
                    !matches!(v, Term::Literal(l) if l.datatype() == d.as_ref())
                }
                Constraint::DatatypeOneOf(ds) => {
                    !matches!(v, Term::Literal(l) if ds.iter().any(|d| l.datatype() == d.as_ref()))
                }
                Constraint::Class(k) => match v {
                    Term::NamedNode(n) => !has_type(store, n.clone().into(), k, graph)?,
                    Term::BlankNode(b) => !has_type(store, b.clone().into(), k, graph)?,
                    _ => true,
                },
                Constraint::NodeKind(k) => {
                    let (iri, blank, literal) = (
                        matches!(v, Term::NamedNode(_)),
                        matches!(v, Term::BlankNode(_)),
                        matches!(v, Term::Literal(_)),
                    );
                    !match k {
                        NodeKind::Iri => iri,
                        NodeKind::Literal => literal,
                        NodeKind::BlankNode => blank,
                        NodeKind::BlankNodeOrIri => blank || iri,
                        NodeKind::BlankNodeOrLiteral => blank || literal,
                        NodeKind::IriOrLiteral => iri || literal,
                    }
                }
                Constraint::In(allowed) => !allowed.contains(v),
                Constraint::MinInclusive(min) => !at_least(v, min),
                Constraint::MinCount(_) | Constraint::MaxCount(_) | Constraint::Pattern { .. } => {
                    false
                }
            },
        })
    };
    Ok(match check.constraint() {
        Constraint::MinCount(n) if (values.len() as u64) < *n => vec![None],
        Constraint::MaxCount(n) if (values.len() as u64) > *n => vec![None],
        Constraint::MinCount(_) | Constraint::MaxCount(_) => Vec::new(),
        _ => {
            let mut out = Vec::new();
            for v in values {
                if fails(v)? {
                    out.push(Some(*v));
                }
            }
            out
        }
    })
}

/// Whether `node` is typed `class` in `graph`: class membership is checked in the focus
/// node's own graph.
fn has_type(
    store: &KgStore,
    node: NamedOrBlankNode,
    class: &NamedNode,
    graph: &NamedOrBlankNode,
) -> Result<bool> {
    let q = oxigraph::model::Quad::new(
        node,
        NamedNode::new_unchecked(RDF_TYPE),
        class.clone(),
        graph.clone(),
    );
    store.inner().contains(&q).map_err(|e| store.err(e))
}

/// Checks one focus node of `shape` against its constraints, reporting each violation.
fn check_focus(
    store: &KgStore,
    shape: &NodeShape,
    checks: &[Vec<Check<'_>>],
    graph: &NamedOrBlankNode,
    focus: &NamedOrBlankNode,
    props: &[(NamedNode, Term)],
    report: &mut dyn FnMut(Violation),
) -> Result<()> {
    let document = graph_label(&Some(graph.clone().into()));
    let focus = term_text(&focus.clone().into());
    let violation = |path: &str, component, message, value| Violation {
        document: document.clone(),
        focus: focus.clone(),
        shape: shape.id.clone(),
        path: Some(path.to_owned()),
        component,
        message,
        value,
    };
    for (prop, checks) in shape.properties.iter().zip(checks) {
        let values: Vec<&Term> = props
            .iter()
            .filter(|(p, _)| *p == prop.path)
            .map(|(_, o)| o)
            .collect();
        for check in checks {
            let c = check.constraint();
            for bad in broken(store, graph, check, &values)? {
                let value = bad.map(term_text);
                let message = message(c, prop.path.as_str(), value.as_deref());
                report(violation(prop.path.as_str(), c.component(), message, value));
            }
        }
    }
    if shape.closed {
        for (p, o) in props {
            let allowed =
                shape.ignored.contains(p) || shape.properties.iter().any(|prop| prop.path == *p);
            if !allowed {
                let message = format!(
                    "{} is not a property the shape allows (the shape is closed)",
                    short(p.as_str())
                );
                report(violation(
                    p.as_str(),
                    Component::Closed,
                    message,
                    Some(term_text(o)),
                ));
            }
        }
    }
    Ok(())
}

/// The most quads of one graph that validation holds in memory at once, sorted by subject:
/// a document's graph holds hundreds. A larger graph (the identity graph of 100k documents
/// holds 3 M) is read focus node by focus node instead, which is slower on a store the bulk
/// loader has just written.
const WHOLE_GRAPH_QUADS: usize = 200_000;

/// Validates every named graph of `store` against `shapes`, calling `report` for each
/// violation; returns how many there were.
///
/// Each graph is read once, and each focus node's statements are checked against every
/// constraint of its shape: a SPARQL query per constraint over every graph took a minute
/// for 1,000 documents (see [`WHOLE_GRAPH_QUADS`] for the graphs too large to hold).
pub fn validate(
    store: &KgStore,
    shapes: &Shapes,
    report: &mut dyn FnMut(Violation),
) -> Result<usize> {
    let checks: Vec<Vec<Vec<Check<'_>>>> = shapes
        .shapes
        .iter()
        .map(|shape| {
            shape
                .properties
                .iter()
                .map(|prop| {
                    prop.constraints
                        .iter()
                        .map(|c| match c {
                            Constraint::Pattern { regex, flags } => {
                                Check::Pattern(c, compile(regex, flags.as_deref()))
                            }
                            other => Check::Plain(other),
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut n = 0;
    let mut report = |v| {
        n += 1;
        report(v);
    };
    let fetch_err = |e| store.err(e);
    for graph in store.inner().named_graphs() {
        let graph = graph.map_err(fetch_err)?;
        let g = graph.as_ref().into();
        // A graph read whole and sorted by subject, unless it is too large to hold.
        let mut quads = Vec::new();
        for q in store.inner().quads_for_pattern(None, None, None, Some(g)) {
            let q = q.map_err(fetch_err)?;
            quads.push((q.subject, q.predicate, q.object));
            if quads.len() > WHOLE_GRAPH_QUADS {
                break;
            }
        }
        if quads.len() <= WHOLE_GRAPH_QUADS {
            let key = |n: &NamedOrBlankNode| match n {
                NamedOrBlankNode::NamedNode(n) => (0, n.as_str().to_owned()),
                NamedOrBlankNode::BlankNode(b) => (1, b.as_str().to_owned()),
            };
            quads.sort_by_cached_key(|q| key(&q.0));
            for same in quads.chunk_by(|a, b| a.0 == b.0) {
                let props: Vec<(NamedNode, Term)> = same
                    .iter()
                    .map(|(_, p, o)| (p.clone(), o.clone()))
                    .collect();
                for (shape, checks) in shapes.shapes.iter().zip(&checks) {
                    let typed = props.iter().any(|(p, o)| {
                        p.as_str() == RDF_TYPE
                            && matches!(o, Term::NamedNode(c) if *c == shape.target_class)
                    });
                    if typed {
                        check_focus(
                            store,
                            shape,
                            checks,
                            &graph,
                            &same[0].0,
                            &props,
                            &mut report,
                        )?;
                    }
                }
            }
            continue;
        }
        drop(quads);
        // A large graph (the identity graph of a large store): each focus node on its own.
        for (shape, checks) in shapes.shapes.iter().zip(&checks) {
            let typed = store.inner().quads_for_pattern(
                None,
                Some(NamedNodeRef::new_unchecked(RDF_TYPE)),
                Some(shape.target_class.as_ref().into()),
                Some(g),
            );
            for q in typed {
                let focus = q.map_err(fetch_err)?.subject;
                let props = store
                    .inner()
                    .quads_for_pattern(Some(focus.as_ref()), None, None, Some(g))
                    .map(|q| q.map(|q| (q.predicate, q.object)))
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(fetch_err)?;
                check_focus(store, shape, checks, &graph, &focus, &props, &mut report)?;
            }
        }
    }
    Ok(n)
}

fn graph_label(t: &Option<Term>) -> String {
    match t {
        Some(Term::NamedNode(n)) => doc_id_of(n.as_str()).unwrap_or_else(|| n.as_str().to_owned()),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}
