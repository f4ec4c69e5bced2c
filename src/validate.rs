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
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};

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
    Class,
    NodeKind,
    In,
    Pattern,
    MinInclusive,
    Closed,
}

impl Component {
    pub const ALL: [Component; 9] = [
        Component::MinCount,
        Component::MaxCount,
        Component::Datatype,
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
    "targetClass, property, path, minCount, maxCount, datatype, class, nodeKind, in, pattern, \
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

/// The SPARQL that finds the violations of one constraint: rows of ?g ?f and, for value
/// constraints, ?v.
fn constraint_query(class: &NamedNode, path: &NamedNode, c: &Constraint) -> String {
    let head = "SELECT ?g ?f ?v WHERE { GRAPH ?g {";
    match c {
        Constraint::MinCount(n) => format!(
            "SELECT ?g ?f WHERE {{ GRAPH ?g {{ ?f a {class} OPTIONAL {{ ?f {path} ?v }} }} }}
             GROUP BY ?g ?f HAVING (COUNT(DISTINCT ?v) < {n})"
        ),
        Constraint::MaxCount(n) => format!(
            "SELECT ?g ?f WHERE {{ GRAPH ?g {{ ?f a {class} . ?f {path} ?v }} }}
             GROUP BY ?g ?f HAVING (COUNT(DISTINCT ?v) > {n})"
        ),
        other => {
            let fails = match other {
                Constraint::Datatype(d) => format!("!isLiteral(?v) || datatype(?v) != {d}"),
                Constraint::Class(k) => {
                    format!("isLiteral(?v) || NOT EXISTS {{ ?v a {k} }}")
                }
                Constraint::NodeKind(k) => match k {
                    NodeKind::Iri => "!isIRI(?v)",
                    NodeKind::Literal => "!isLiteral(?v)",
                    NodeKind::BlankNode => "!isBlank(?v)",
                    NodeKind::BlankNodeOrIri => "isLiteral(?v)",
                    NodeKind::BlankNodeOrLiteral => "isIRI(?v)",
                    NodeKind::IriOrLiteral => "isBlank(?v)",
                }
                .to_owned(),
                Constraint::In(values) => {
                    let any: Vec<String> = values
                        .iter()
                        .map(|t| format!("sameTerm(?v, {t})"))
                        .collect();
                    if any.is_empty() {
                        "true".to_owned()
                    } else {
                        format!("!({})", any.join(" || "))
                    }
                }
                Constraint::Pattern { regex, flags } => {
                    let re = Literal::new_simple_literal(regex);
                    let fl = Literal::new_simple_literal(flags.as_deref().unwrap_or(""));
                    format!("isBlank(?v) || !regex(str(?v), {re}, {fl})")
                }
                // An incomparable value is a violation too, hence the COALESCE.
                Constraint::MinInclusive(min) => format!("COALESCE(!(?v >= {min}), true)"),
                Constraint::MinCount(_) | Constraint::MaxCount(_) => unreachable!(),
            };
            format!("{head} ?f a {class} . ?f {path} ?v . FILTER({fails}) }} }}")
        }
    }
}

fn closed_query(shape: &NodeShape) -> String {
    let mut allowed: Vec<String> = shape.ignored.iter().map(|n| n.to_string()).collect();
    allowed.extend(shape.properties.iter().map(|p| p.path.to_string()));
    format!(
        "SELECT ?g ?f ?p ?v WHERE {{ GRAPH ?g {{ ?f a {} . ?f ?p ?v FILTER(?p NOT IN ({})) }} }}",
        shape.target_class,
        allowed.join(", ")
    )
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
        Constraint::Class(k) => format!("{p} {v} is not a {} in this graph", short(k.as_str())),
        Constraint::NodeKind(k) => format!("{p} {v} is not of node kind {k:?}"),
        Constraint::In(_) => format!("{p} {v} is not one of the allowed values"),
        Constraint::Pattern { regex, .. } => format!("{p} {v} does not match /{regex}/"),
        Constraint::MinInclusive(m) => format!("{p} {v} is below {}", m.value()),
    }
}

/// Validates every named graph of `store` against `shapes`, calling `report` for each
/// violation; returns how many there were.
pub fn validate(
    store: &KgStore,
    shapes: &Shapes,
    report: &mut dyn FnMut(Violation),
) -> Result<usize> {
    let mut n = 0;
    for shape in &shapes.shapes {
        for prop in &shape.properties {
            for c in &prop.constraints {
                let q = constraint_query(&shape.target_class, &prop.path, c);
                store.select_each(&validation(shape), &q, &mut |row| {
                    let value = row.get(2).and_then(|v| v.as_ref()).map(term_text);
                    n += 1;
                    report(Violation {
                        document: graph_label(&row[0]),
                        focus: row[1].as_ref().map(term_text).unwrap_or_default(),
                        shape: shape.id.clone(),
                        path: Some(prop.path.as_str().to_owned()),
                        component: c.component(),
                        message: message(c, prop.path.as_str(), value.as_deref()),
                        value,
                    });
                })?;
            }
        }
        if shape.closed {
            store.select_each(&validation(shape), &closed_query(shape), &mut |row| {
                let p = row[2].as_ref().map(term_text).unwrap_or_default();
                let value = row[3].as_ref().map(term_text);
                n += 1;
                report(Violation {
                    document: graph_label(&row[0]),
                    focus: row[1].as_ref().map(term_text).unwrap_or_default(),
                    shape: shape.id.clone(),
                    message: format!(
                        "{} is not a property the shape allows (the shape is closed)",
                        short(&p)
                    ),
                    path: Some(p),
                    component: Component::Closed,
                    value,
                });
            })?;
        }
    }
    Ok(n)
}

/// Names a shape's queries in errors.
fn validation(shape: &NodeShape) -> String {
    format!("validation of {}", shape.id)
}

fn graph_label(t: &Option<Term>) -> String {
    match t {
        Some(Term::NamedNode(n)) => doc_id_of(n.as_str()).unwrap_or_else(|| n.as_str().to_owned()),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}
