//! The explorer: the store as web pages, for a reader in a browser rather than a SPARQL
//! client. Every fact on a page shows the sentence it was read from, with the span marked at
//! the offsets the store records, and links to the article it came from; that evidence is
//! what sets hkg's graph apart, and these pages are where a reader checks it.
//!
//! - `/` searches names and counts entities by class (from the label index);
//! - `/find?q=` lists the entities whose names or aliases begin with the query;
//! - `/entity?iri=` (or `?name=`) shows one entity: names, class, place chain with GB/T 2260
//!   codes, external links, posts over time, and every fact grouped by relation;
//! - `/doc?id=` shows an article's stored text with every fact's span marked, the facts
//!   beside it;
//! - `/graph?iri=&depth=1|2` draws an entity's neighbourhood in the identity graph as SVG,
//!   laid out here (no Graphviz needed), and as DOT with `&format=dot`;
//! - `/query` runs the library's queries with their parameters, a page at a time, with a CSV
//!   download, and free SPARQL from a plain form.
//!
//! Pages are plain HTML with one embedded stylesheet: nothing is loaded from the internet and
//! nothing needs JavaScript. Every string from an article is written through [`esc`], and a
//! Content-Security-Policy that allows no script at all stands behind it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use oxhttp::model::{header, Body, Request, Response, StatusCode};
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use oxigraph::sparql::{CancellationToken, SparqlEvaluator};
use petgraph::graph::{NodeIndex, UnGraph};

use super::{failed, first, number, params, Endpoint, Refusal, Wanted};
use crate::export::{self, DrawNode};
use crate::graph::{doc_graph, doc_id_of, DOC, HKG, ID, ORG, SCHEMA, SKOS};
use crate::index;
use crate::resolve::{self, text as text_of, Description, Shown, IDENTITY};
use crate::{query, snapshot::Reader};

/// The stylesheet, the one static file.
const CSS: &str = include_str!("hkg.css");
/// The most facts an entity page shows (the busiest entities of a large corpus have
/// thousands; `hkg show` and the evidence-for-entity query give them all).
const MAX_FACTS: usize = 400;
/// The most nodes a neighbourhood drawing holds.
const MAX_NODES: usize = 60;
/// The most rows the free SPARQL form shows.
const EDITOR_ROWS: usize = 1000;
/// A library page's rows on the query page.
const QUERY_PAGE: usize = 50;

/// The answer to a path the explorer serves, None for the others.
pub(super) fn route(
    ep: &Endpoint,
    request: &Request<Body>,
) -> Option<Result<Response<Body>, Refusal>> {
    let path = request.uri().path();
    let params = params(request.uri().query().unwrap_or("").as_bytes());
    let page = match path {
        "/" => home(ep),
        "/find" => find(ep, &params),
        "/entity" => entity(ep, &params),
        "/doc" => document(ep, &params),
        "/graph" => graph(ep, &params),
        "/query" => queries(ep, &params),
        p if p.starts_with("/query/") => library(ep, &p["/query/".len()..], &params),
        p if p.starts_with("/static/") => return Some(stylesheet(&p["/static/".len()..])),
        _ => return None,
    };
    Some(Ok(page.unwrap_or_else(|e| {
        let status = e.status();
        let mut r = html(
            "Not shown",
            &format!(
                "<h1>{}</h1><p class=\"error\">{}</p>",
                status.as_u16(),
                esc(&e.to_string())
            ),
        );
        *r.status_mut() = status;
        r
    })))
}

/// Text for HTML, in element content and in quoted attributes alike.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A link's address: `path` with its query pairs encoded, escaped for an attribute.
fn href(path: &str, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return esc(path);
    }
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        q.append_pair(k, v);
    }
    esc(&format!("{path}?{}", q.finish()))
}

fn entity_link(iri: &str, text: &str) -> String {
    format!(
        "<a href=\"{}\">{}</a>",
        href("/entity", &[("iri", iri)]),
        esc(text)
    )
}

fn doc_link(id: &str, text: &str, fragment: &str) -> String {
    format!(
        "<a href=\"{}{}\">{}</a>",
        href("/doc", &[("id", id)]),
        esc(fragment),
        esc(text)
    )
}

/// A whole page: the header with its search box, then `body`.
fn html(title: &str, body: &str) -> Response<Body> {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · hkg</title><link rel=\"stylesheet\" href=\"/static/hkg.css\"></head>\
         <body><header><a class=\"brand\" href=\"/\">hkg</a>\
         <form action=\"/find\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" placeholder=\"医院、人名、机构…\" aria-label=\"Search names\">\
         <button>Search</button></form><nav><a href=\"/query\">Queries</a> \
         <a href=\"/sparql\" title=\"SPARQL 1.1 Protocol endpoint\">SPARQL</a></nav></header>\
         <main>{body}</main></body></html>\n",
        esc(title)
    );
    let mut r = Response::new(Body::from(page));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // Escaping keeps article text from becoming markup; this keeps any that slipped through
    // from running or loading anything.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'",
        ),
    );
    r
}

/// The stylesheet; any other path under /static, `..` or not, is not found.
fn stylesheet(name: &str) -> Result<Response<Body>, Refusal> {
    if name != "hkg.css" {
        return Err(Refusal::NotFound(format!("no static file {name:?}")));
    }
    let mut r = Response::new(Body::from(CSS));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/css; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("max-age=3600"),
    );
    Ok(r)
}

/// Rows of a SELECT answer, a cell per variable.
type Rows = Vec<Vec<Option<Term>>>;

fn select(reader: &Reader, name: &str, q: &str) -> Result<Rows, Refusal> {
    reader.select(name, q).map(|(_, rows)| rows).map_err(failed)
}

fn required<'a>(
    params: &'a [(String, String)],
    key: &str,
    example: &str,
) -> Result<&'a str, Refusal> {
    first(params, key)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Refusal::BadRequest(format!("give ?{key}=…, for example ?{key}={example}")))
}

/// The class names shown for the index's classes.
fn class_title(class: &str) -> &str {
    match class {
        "Hospital" => "Hospitals",
        "Institution" => "Institutions",
        "Person" => "People",
        "Branch" => "Party branches",
        "Place" => "Places",
        c => c,
    }
}

fn home(ep: &Endpoint) -> Result<Response<Body>, Refusal> {
    let mut b = String::from(
        "<h1>Hospital knowledge graph</h1>\
         <form class=\"big\" action=\"/find\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" placeholder=\"A name or its beginning: 县人民医院, 张…\" \
         aria-label=\"Search names\" autofocus><button>Search</button></form>",
    );
    match ep.labels(&ep.reader()) {
        Ok(labels) => {
            b.push_str("<ul class=\"counts\">");
            for (class, n) in labels.counts() {
                let _ = write!(
                    b,
                    "<li><a href=\"{}\"><b>{n}</b> {}</a></li>",
                    href("/find", &[("q", ""), ("type", class)]),
                    esc(class_title(class))
                );
            }
            b.push_str("</ul>");
        }
        Err(e) => {
            let _ = write!(b, "<p class=\"error\">{}</p>", esc(&e.to_string()));
        }
    }
    b.push_str(
        "<p>Every fact shows the sentence it was read from. Start from a name, or from a \
         <a href=\"/query\">library query</a>: leaders of each hospital, partners of \
         provincial children's hospitals, honours, party branches.</p>\
         <p class=\"small\">For programs: SPARQL at <code>/sparql</code>, graphs at \
         <code>/store?graph=IRI</code>, queries as data at <code>/queries</code>, name search at \
         <code>/search?q=</code>, OpenRefine reconciliation at <code>/reconcile</code>.</p>",
    );
    Ok(html("Hospital knowledge graph", &b))
}

fn find(ep: &Endpoint, params: &[(String, String)]) -> Result<Response<Body>, Refusal> {
    let q = first(params, "q").map(str::trim).unwrap_or("");
    let class = first(params, "type").filter(|c| !c.is_empty());
    let limit = match first(params, "limit") {
        Some(l) => number("limit", l)?,
        None => 100,
    }
    .clamp(1, 1000);
    let labels = ep.labels(&ep.reader())?;
    let hits = labels.search(q, limit, &|e| {
        class.is_none_or(|c| e.class.eq_ignore_ascii_case(c))
    });
    let mut b = format!(
        "<h1>{}{}</h1>",
        if q.is_empty() {
            "All names".to_owned()
        } else {
            format!("Names beginning {}", esc(q))
        },
        class
            .map(|c| format!(" · {}", esc(class_title(c))))
            .unwrap_or_default()
    );
    if hits.is_empty() {
        b.push_str("<p>No name or alias begins so.</p>");
    }
    b.push_str("<ol class=\"hits\">");
    for h in &hits {
        let e = &h.entity;
        let _ = write!(
            b,
            "<li>{} <span class=\"class\">{}</span>",
            entity_link(&e.iri, &e.name),
            esc(&e.class)
        );
        if h.label != e.name {
            let _ = write!(b, " <span class=\"alias\">also {}</span>", esc(&h.label));
        }
        let mut where_ = Vec::new();
        if !e.of.is_empty() {
            where_.push(esc(&e.of));
        }
        if !e.place.is_empty() && e.class != "Place" {
            where_.push(format!("{} <code>{}</code>", esc(&e.place), esc(&e.code)));
        }
        if !where_.is_empty() {
            let _ = write!(b, " <span class=\"where\">{}</span>", where_.join(" · "));
        }
        b.push_str("</li>");
    }
    b.push_str("</ol>");
    if hits.len() == limit {
        let more = (limit * 4).min(1000).to_string();
        let mut pairs = vec![("q", q), ("limit", more.as_str())];
        if let Some(c) = class {
            pairs.push(("type", c));
        }
        let _ = write!(b, "<p><a href=\"{}\">More</a></p>", href("/find", &pairs));
    }
    Ok(html(&format!("Search {q}"), &b))
}

/// What each relation's facts are headed with, in the order an entity page lists them.
const RELATIONS: [(&str, &str); 12] = [
    ("role", "Posts"),
    ("former_role", "Former posts"),
    ("affiliation", "Affiliations"),
    ("partner", "Partners"),
    ("award", "Honours"),
    ("branch", "Party branches"),
    ("level", "Accreditation level"),
    ("located", "Location"),
    ("alias", "Other names"),
    ("hospital", "Named as a hospital"),
    ("institution", "Named as an institution"),
    ("person", "Named as a person"),
];

/// Which argument of a fact is its object entity (the first is its subject).
fn object_arg(relation: &str) -> Option<usize> {
    match relation {
        "role" | "former_role" => Some(2),
        "affiliation" | "branch" | "partner" => Some(1),
        _ => None,
    }
}

/// A fact's arguments, its subject and object entities as links.
fn fact_args(relation: &str, args: &[String], subject: &str, object: Option<&str>) -> String {
    let o = object_arg(relation);
    args.iter()
        .enumerate()
        .map(|(i, a)| match (i, object) {
            (0, _) => entity_link(subject, a),
            (i, Some(obj)) if Some(i) == o => entity_link(obj, a),
            _ => format!("<span class=\"arg\">{}</span>", esc(a)),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The characters `from..to` of `text`.
fn chars(text: &str, from: usize, to: usize) -> String {
    text.chars()
        .skip(from)
        .take(to.saturating_sub(from))
        .collect()
}

/// The evidence as the file has it, the fact's span marked.
fn evidence(content: Option<&str>, f: &Shown) -> String {
    let (Some(content), Ok(start), Ok(end)) =
        (content, f.start.parse::<usize>(), f.end.parse::<usize>())
    else {
        return format!(
            "<blockquote class=\"evidence\">{}</blockquote>",
            esc(&f.sentence)
        );
    };
    let (ss, se) = (f.sentence_start as usize, f.sentence_end as usize);
    let (ss, se) = (ss.min(start), se.max(end));
    format!(
        "<blockquote class=\"evidence\">{}<mark>{}</mark>{}</blockquote>",
        esc(&chars(content, ss, start)),
        esc(&chars(content, start, end)),
        esc(&chars(content, end, se))
    )
}

/// The stored text of each document named, for marking spans.
fn contents(reader: &Reader, docs: &BTreeSet<&str>) -> Result<HashMap<String, String>, Refusal> {
    let mut out = HashMap::new();
    for d in docs {
        let g = doc_graph(d);
        let rows = select(
            reader,
            "explorer: content",
            &format!(
                "SELECT ?c WHERE {{ GRAPH <{g}> {{ <{g}> <{HKG}content> ?c }} }}",
                g = g.as_str()
            ),
        )?;
        if let Some(r) = rows.first() {
            out.insert((*d).to_owned(), text_of(&r[0]));
        }
    }
    Ok(out)
}

/// A place chain, most specific first: (name, code, Wikidata IRI).
fn places(reader: &Reader, iri: &str) -> Result<Vec<(String, String, String)>, Refusal> {
    let rows = select(
        reader,
        "explorer: places",
        &format!(
            "SELECT DISTINCT ?l ?code ?q WHERE {{ GRAPH <{IDENTITY}> {{
               <{iri}> (<{HKG}place>|<{ORG}memberOf>/<{HKG}place>|<{ORG}unitOf>/<{HKG}place>)?/<{HKG}within>* ?p .
               ?p <{SKOS}prefLabel> ?l ; <{HKG}divisionCode> ?code .
               OPTIONAL {{ ?p <http://www.w3.org/2002/07/owl#sameAs> ?q }} }} }} ORDER BY DESC(?code)"
        ),
    )?;
    Ok(rows
        .iter()
        .map(|r| (text_of(&r[0]), text_of(&r[1]), text_of(&r[2])))
        .collect())
}

fn source_line(f: &Shown) -> String {
    let title = f.title.as_deref().unwrap_or(&f.doc);
    format!(
        "<p class=\"source\">{}{} <span class=\"offsets\">chars {}–{}</span></p>",
        f.date
            .as_deref()
            .map(|d| format!("<time>{}</time> · ", esc(d)))
            .unwrap_or_default(),
        doc_link(&f.doc, title, &format!("#fact-{}-{}", f.start, f.end)),
        esc(&f.start),
        esc(&f.end)
    )
}

fn entity(ep: &Endpoint, params: &[(String, String)]) -> Result<Response<Body>, Refusal> {
    let (iri, name) = (nonempty(params, "iri"), nonempty(params, "name"));
    let wanted = match (iri, name) {
        (Some(iri), _) => iri.to_owned(),
        (None, Some(name)) => match named(ep, name)? {
            Named::One(iri) => iri,
            Named::Several(page) => return Ok(page),
            Named::Unknown => name.to_owned(),
        },
        (None, None) => return Err(Refusal::BadRequest("give ?iri=… or ?name=…".into())),
    };
    let wanted = wanted.as_str();
    let reader = ep.reader();
    let d = match resolve::describe(&reader, wanted) {
        Ok(d) => d,
        Err(crate::Error::NotFound { .. }) => {
            return Err(Refusal::NotFound(format!("no entity {wanted}")))
        }
        Err(crate::Error::Invalid(m)) => return Err(Refusal::BadRequest(m)),
        Err(e) => return Err(failed(e)),
    };
    if d.names.is_empty() && d.classes.is_empty() {
        return Err(Refusal::NotFound(format!("no entity {wanted}")));
    }
    Ok(html(
        d.names.first().map_or("Entity", String::as_str),
        &entity_body(&reader, &d)?,
    ))
}

fn nonempty<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    first(params, key).map(str::trim).filter(|v| !v.is_empty())
}

/// The entities a whole name or alias names, found in the label index.
enum Named {
    One(String),
    /// A page that lists them.
    Several(Response<Body>),
    /// None in the index (or no index): the store is asked.
    Unknown,
}

fn named(ep: &Endpoint, name: &str) -> Result<Named, Refusal> {
    let Ok(labels) = ep.labels(&ep.reader()) else {
        return Ok(Named::Unknown);
    };
    let hits: Vec<_> = labels
        .search(name, 50, &|_| true)
        .into_iter()
        .filter(|h| h.how != index::Match::Prefix)
        .collect();
    Ok(match hits.as_slice() {
        [] => Named::Unknown,
        [one] => Named::One(one.entity.iri.clone()),
        several => {
            let mut b = format!(
                "<h1>{}</h1><p>{} entities are named so:</p><ol class=\"hits\">",
                esc(name),
                several.len()
            );
            for h in several {
                let e = &h.entity;
                let _ = write!(
                    b,
                    "<li>{} <span class=\"class\">{}</span> <span class=\"where\">{} {}</span></li>",
                    entity_link(&e.iri, &e.name),
                    esc(&e.class),
                    esc(&e.of),
                    esc(&e.place)
                );
            }
            b.push_str("</ol>");
            Named::Several(html(name, &b))
        }
    })
}

fn entity_body(reader: &Reader, d: &Description) -> Result<String, Refusal> {
    let name = d.names.first().map_or("", String::as_str);
    let mut b = format!(
        "<h1>{}</h1><p class=\"class\">{}</p><dl class=\"about\">",
        esc(name),
        esc(&d.classes.join(", "))
    );
    if d.names.len() > 1 {
        let _ = write!(
            b,
            "<dt>Also named</dt><dd>{}</dd>",
            d.names[1..]
                .iter()
                .map(|n| esc(n))
                .collect::<Vec<_>>()
                .join("、")
        );
    }
    let chain = places(reader, &d.iri)?;
    if !chain.is_empty() {
        let parts: Vec<String> = chain
            .iter()
            .map(|(l, code, q)| {
                let q = q
                    .strip_prefix("http://www.wikidata.org/entity/")
                    .map(|id| format!(" <a class=\"ext\" href=\"{}\">{}</a>", esc(q), esc(id)))
                    .unwrap_or_default();
                format!("{} <code>{}</code>{q}", esc(l), esc(code))
            })
            .collect();
        let _ = write!(b, "<dt>Place</dt><dd>{}</dd>", parts.join(" &lt; "));
    }
    if !d.same_as.is_empty() {
        let links: Vec<String> = d
            .same_as
            .iter()
            .map(|s| format!("<a class=\"ext\" href=\"{}\">{}</a>", esc(s), esc(s)))
            .collect();
        let _ = write!(b, "<dt>Same as</dt><dd>{}</dd>", links.join(" "));
    }
    let _ = write!(
        b,
        "<dt>IRI</dt><dd><code>{}</code></dd></dl><p class=\"actions\"><a href=\"{}\">Neighbourhood graph</a> · \
         <a href=\"{}\">Turtle</a></p>",
        esc(&d.iri),
        href("/graph", &[("iri", &d.iri)]),
        href("/sparql", &[("query", &format!("DESCRIBE <{}>", d.iri)), ("format", "turtle")])
    );
    let shown = &d.facts[..d.facts.len().min(MAX_FACTS)];
    let docs: BTreeSet<&str> = shown.iter().map(|f| f.doc.as_str()).collect();
    let texts = contents(reader, &docs)?;
    let evidence_of = |f: &Shown| evidence(texts.get(&f.doc).map(String::as_str), f);

    // Posts over time: the role facts, already in date order.
    let posts: Vec<&Shown> = shown
        .iter()
        .filter(|f| f.relation == "role" || f.relation == "former_role")
        .collect();
    let is_person = d.classes.iter().any(|c| c == "Person");
    if !posts.is_empty() {
        b.push_str(
            "<section><h2>Posts over time</h2><table class=\"posts\"><thead><tr><th>Date</th>",
        );
        b.push_str(if is_person {
            "<th>Title</th><th>Organisation</th>"
        } else {
            "<th>Person</th><th>Title</th>"
        });
        b.push_str("<th>Article</th></tr></thead><tbody>");
        for f in &posts {
            let title = format!(
                "{}{}",
                esc(f.args.get(1).map_or("", String::as_str)),
                if f.relation == "former_role" {
                    " <small>(former)</small>"
                } else {
                    ""
                }
            );
            let other = if is_person {
                let org = f.args.get(2).map_or("", String::as_str);
                let org = match &f.object {
                    Some(o) => entity_link(o, org),
                    None => esc(org),
                };
                format!("<td>{title}</td><td>{org}</td>")
            } else {
                format!(
                    "<td>{}</td><td>{title}</td>",
                    entity_link(&f.subject, &f.args[0])
                )
            };
            let _ = write!(
                b,
                "<tr><td>{}</td>{other}<td>{}</td></tr>",
                esc(f.date.as_deref().unwrap_or("undated")),
                doc_link(
                    &f.doc,
                    f.title.as_deref().unwrap_or(&f.doc),
                    &format!("#fact-{}-{}", f.start, f.end)
                )
            );
        }
        b.push_str("</tbody></table></section>");
    }

    let mut groups: BTreeMap<usize, Vec<&Shown>> = BTreeMap::new();
    for f in shown {
        let at = RELATIONS
            .iter()
            .position(|(r, _)| *r == f.relation)
            .unwrap_or(RELATIONS.len());
        groups.entry(at).or_default().push(f);
    }
    for (at, facts) in groups {
        let heading = RELATIONS.get(at).map_or("Other facts", |(_, h)| h);
        let _ = write!(
            b,
            "<section><h2>{heading} <small>{}</small></h2><ol class=\"facts\">",
            facts.len()
        );
        for f in facts {
            let _ = write!(
                b,
                "<li><p class=\"fact\">{}</p>{}{}</li>",
                fact_args(&f.relation, &f.args, &f.subject, f.object.as_deref()),
                evidence_of(f),
                source_line(f)
            );
        }
        b.push_str("</ol></section>");
    }
    if d.facts.len() > shown.len() {
        let _ = write!(
            b,
            "<p>{} more facts are not shown: <code>hkg show</code> lists them all.</p>",
            d.facts.len() - shown.len()
        );
    }
    if d.facts.is_empty() {
        b.push_str("<p>No article states a fact about it directly.</p>");
    }
    Ok(b)
}

/// One fact of a document, for its page.
struct DocFact {
    relation: String,
    args: Vec<String>,
    start: usize,
    end: usize,
    subject: String,
    object: Option<String>,
}

fn document(ep: &Endpoint, params: &[(String, String)]) -> Result<Response<Body>, Refusal> {
    let id = required(params, "id", "sample_01")?;
    let reader = ep.reader();
    let g = doc_graph(id);
    let g = g.as_str();
    let rows = select(
        reader.as_ref(),
        "explorer: document",
        &format!("SELECT ?p ?o WHERE {{ GRAPH <{g}> {{ <{g}> ?p ?o }} }}"),
    )?;
    if rows.is_empty() {
        return Err(Refusal::NotFound(format!("no document {id} in the store")));
    }
    let mut meta: BTreeMap<String, String> = BTreeMap::new();
    for r in &rows {
        let p = text_of(&r[0]);
        let key = p.rsplit(['#', '/']).next().unwrap_or("").to_owned();
        meta.insert(key, text_of(&r[1]));
    }
    let rows = select(
        reader.as_ref(),
        "explorer: document facts",
        &format!(
            "PREFIX hkg: <{HKG}>
             SELECT ?rel ?a1 ?a2 ?a3 ?start ?end ?subj ?obj WHERE {{ GRAPH <{g}> {{
               ?f a hkg:Fact ; hkg:relation ?rel ; hkg:arg1 ?a1 ; hkg:start ?start ; hkg:end ?end ;
                  hkg:subject ?subj .
               OPTIONAL {{ ?f hkg:arg2 ?a2 }} OPTIONAL {{ ?f hkg:arg3 ?a3 }}
               OPTIONAL {{ ?f hkg:object ?obj FILTER(isIRI(?obj)) }} }} }}"
        ),
    )?;
    let mut facts: Vec<DocFact> = rows
        .iter()
        .map(|r| DocFact {
            relation: text_of(&r[0]),
            args: r[1..4]
                .iter()
                .filter(|a| a.is_some())
                .map(text_of)
                .collect(),
            start: text_of(&r[4]).parse().unwrap_or(0),
            end: text_of(&r[5]).parse().unwrap_or(0),
            subject: text_of(&r[6]),
            object: r[7].as_ref().map(|_| text_of(&r[7])),
        })
        .collect();
    facts.sort_by(|a, b| {
        (a.start, a.end, &a.relation, &a.args).cmp(&(b.start, b.end, &b.relation, &b.args))
    });
    let content = meta.get("content").cloned().unwrap_or_default();
    let title = meta.get("title").cloned().unwrap_or_else(|| id.to_owned());

    let mut b = format!("<h1>{}</h1><dl class=\"about\">", esc(&title));
    for (key, label) in [
        ("date", "Date"),
        ("publisher", "Publisher"),
        ("byline", "Byline"),
        ("sourcePath", "File"),
    ] {
        if let Some(v) = meta.get(key) {
            let _ = write!(b, "<dt>{label}</dt><dd>{}</dd>", esc(v));
        }
    }
    if let Some(url) = meta.get("source") {
        let _ = write!(
            b,
            "<dt>Source</dt><dd><a class=\"ext\" href=\"{}\">{}</a></dd>",
            esc(url),
            esc(url)
        );
    }
    let _ = write!(
        b,
        "<dt>Document</dt><dd><code>{}</code> · <a href=\"{}\">its graph in Turtle</a></dd></dl>",
        esc(id),
        href("/store", &[("graph", g), ("format", "turtle")])
    );
    b.push_str("<div class=\"doc\"><article class=\"text\">");
    b.push_str(&marked(&content, &facts));
    let _ = write!(
        b,
        "</article><aside><h2>Facts <small>{}</small></h2><ol class=\"docfacts\">",
        facts.len()
    );
    for f in &facts {
        let _ = write!(
            b,
            "<li id=\"fact-{s}-{e}\"><a class=\"rel\" href=\"#span-{s}-{e}\">{}</a> {}</li>",
            esc(&f.relation),
            fact_args(&f.relation, &f.args, &f.subject, f.object.as_deref()),
            s = f.start,
            e = f.end
        );
    }
    b.push_str("</ol></aside></div>");
    Ok(html(&title, &b))
}

/// The text with every fact's span in a `<mark>`, and an anchor where each span starts.
fn marked(content: &str, facts: &[DocFact]) -> String {
    let chars: Vec<char> = content.chars().collect();
    let mut cuts: BTreeSet<usize> = [0, chars.len()].into();
    for f in facts {
        cuts.insert(f.start.min(chars.len()));
        cuts.insert(f.end.min(chars.len()));
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut out = String::with_capacity(content.len() * 2);
    let mut anchored = BTreeSet::new();
    for w in cuts.windows(2) {
        let (from, to) = (w[0], w[1]);
        for f in facts
            .iter()
            .filter(|f| f.start == from && anchored.insert((f.start, f.end)))
        {
            let _ = write!(
                out,
                "<a class=\"anchor\" id=\"span-{}-{}\"></a>",
                f.start, f.end
            );
        }
        let text: String = chars[from..to].iter().collect();
        let over: Vec<&DocFact> = facts
            .iter()
            .filter(|f| f.start <= from && f.end >= to && f.start < f.end)
            .collect();
        if over.is_empty() {
            out.push_str(&esc(&text));
        } else {
            let says: Vec<String> = over
                .iter()
                .map(|f| format!("{}: {}", f.relation, f.args.join(" · ")))
                .collect();
            let _ = write!(
                out,
                "<mark title=\"{}\">{}</mark>",
                esc(&says.join("\n")),
                esc(&text)
            );
        }
    }
    out
}

/// The class names the drawing styles nodes by (see [`export::write_dot`]).
fn draw_class(class: &str) -> &'static str {
    match class {
        "Hospital" => "hospital",
        "Institution" => "institution",
        "Person" => "person",
        "Branch" => "branch",
        "Place" => "place",
        _ => "other",
    }
}

/// A neighbourhood to draw: its graph (the entity is node 0), each node's distance from
/// the entity, and how many neighbours were left out.
struct Drawing {
    graph: UnGraph<DrawNode, String>,
    depths: Vec<usize>,
    left_out: usize,
}

/// The entity's neighbourhood in the identity graph, `depth` steps out (at most
/// [`MAX_NODES`] nodes), with each node's distance. Places are drawn but not stepped through:
/// every hospital of a county is not a neighbour of each.
fn neighbourhood(reader: &Reader, iri: &str, depth: usize) -> Result<Drawing, Refusal> {
    let same = "http://www.w3.org/2002/07/owl#sameAs";
    let rows = select(
        reader,
        "explorer: canonical",
        &format!("SELECT ?c WHERE {{ GRAPH <{IDENTITY}> {{ <{iri}> <{same}> ?c FILTER(STRSTARTS(STR(?c), \"{ID}\")) }} }}"),
    )?;
    let focus = rows
        .first()
        .map_or_else(|| iri.to_owned(), |r| text_of(&r[0]));
    let mut dist: BTreeMap<String, usize> = BTreeMap::from([(focus.clone(), 0)]);
    let mut order = vec![focus.clone()];
    let mut edges: BTreeSet<(String, String, &'static str)> = BTreeSet::new();
    let mut frontier = vec![focus.clone()];
    let mut left_out = 0;
    let label = |p: &str| -> &'static str {
        match p.rsplit(['#', '/']).next().unwrap_or("") {
            "partner" => "partner",
            "memberOf" => "member of",
            "unitOf" => "branch of",
            _ => "in",
        }
    };
    for step in 1..=depth {
        if frontier.is_empty() {
            break;
        }
        let values: String = frontier.iter().map(|f| format!("<{f}> ")).collect();
        let rows = select(
            reader,
            "explorer: neighbours",
            &format!(
                "SELECT ?a ?p ?b ?out WHERE {{ GRAPH <{IDENTITY}> {{ VALUES ?a {{ {values} }}
                   {{ ?a ?p ?b VALUES ?p {{ <{HKG}partner> <{ORG}memberOf> <{ORG}unitOf> <{HKG}place> }} BIND(true AS ?out) }}
                   UNION {{ ?b ?p ?a VALUES ?p {{ <{ORG}memberOf> <{ORG}unitOf> }} BIND(false AS ?out) }} }} }}
                 ORDER BY ?a ?p ?b LIMIT 5000"
            ),
        )?;
        let mut next = Vec::new();
        for r in &rows {
            let (a, p, b) = (text_of(&r[0]), text_of(&r[1]), text_of(&r[2]));
            if !dist.contains_key(&b) {
                if dist.len() >= MAX_NODES {
                    left_out += 1;
                    continue;
                }
                dist.insert(b.clone(), step);
                order.push(b.clone());
                if !p.ends_with("place") {
                    next.push(b.clone());
                }
            }
            let out = matches!(&r[3], Some(Term::Literal(l)) if l.value() == "true");
            let (x, y) = if out { (a, b) } else { (b, a) };
            edges.insert((x, y, label(&p)));
        }
        frontier = next;
    }
    let values: String = order.iter().map(|f| format!("<{f}> ")).collect();
    let rows = select(
        reader,
        "explorer: node labels",
        &format!(
            "SELECT ?e ?l ?c WHERE {{ GRAPH <{IDENTITY}> {{ VALUES ?e {{ {values} }}
               ?e <{SKOS}prefLabel>|<{SCHEMA}name> ?l .
               OPTIONAL {{ ?e a ?c FILTER(STRSTARTS(STR(?c), \"{HKG}\")) }} }} }}"
        ),
    )?;
    let mut named: HashMap<String, (String, &'static str)> = HashMap::new();
    for r in &rows {
        let class = r[2].as_ref().map_or("other", |_| {
            draw_class(text_of(&r[2]).trim_start_matches(HKG))
        });
        named.insert(text_of(&r[0]), (text_of(&r[1]), class));
    }
    let mut g = UnGraph::new_undirected();
    let mut index: HashMap<&str, NodeIndex> = HashMap::new();
    let mut depths = Vec::new();
    for n in &order {
        let (label, class) = named
            .get(n)
            .cloned()
            .unwrap_or_else(|| (n.trim_start_matches(ID).to_owned(), "other"));
        index.insert(
            n,
            g.add_node(DrawNode {
                key: n.clone(),
                label,
                class,
            }),
        );
        depths.push(dist[n]);
    }
    for (a, b, l) in &edges {
        if let (Some(&x), Some(&y)) = (index.get(a.as_str()), index.get(b.as_str())) {
            g.add_edge(x, y, (*l).to_owned());
        }
    }
    Ok(Drawing {
        graph: g,
        depths,
        left_out,
    })
}

fn graph(ep: &Endpoint, params: &[(String, String)]) -> Result<Response<Body>, Refusal> {
    let iri = required(params, "iri", "https://w3id.org/hkg/id/hospital/…")?;
    // Written into queries between < and >: it must be an IRI, nothing more.
    let iri = NamedNode::new(iri)
        .map_err(|e| Refusal::BadRequest(format!("{iri} is not an IRI: {e}")))?;
    let iri = iri.as_str();
    let depth = match first(params, "depth") {
        Some(d) => number("depth", d)?,
        None => 1,
    };
    if !(1..=2).contains(&depth) {
        return Err(Refusal::BadRequest("depth is 1 or 2".into()));
    }
    let reader = ep.reader();
    let Drawing {
        graph: g,
        depths,
        left_out,
    } = neighbourhood(&reader, iri, depth)?;
    if first(params, "format") == Some("dot") {
        let mut out = Vec::new();
        export::write_dot(&g, &mut out).map_err(failed)?;
        return Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, "text/vnd.graphviz; charset=utf-8")
            .body(Body::from(out))
            .map_err(failed);
    }
    let focus = &g[NodeIndex::new(0)];
    let mut b = format!(
        "<h1>{}</h1><p class=\"actions\">{} · depth <a href=\"{}\">1</a> <a href=\"{}\">2</a> · <a href=\"{}\">DOT</a></p>",
        esc(&focus.label),
        entity_link(&focus.key, "Entity page"),
        href("/graph", &[("iri", &focus.key), ("depth", "1")]),
        href("/graph", &[("iri", &focus.key), ("depth", "2")]),
        href("/graph", &[("iri", &focus.key), ("depth", &depth.to_string()), ("format", "dot")])
    );
    b.push_str(&svg(&g, &depths));
    if left_out > 0 {
        let _ = write!(
            b,
            "<p>{left_out} more neighbours are left out of the drawing.</p>"
        );
    }
    b.push_str("<ul class=\"legend\"><li class=\"hospital\">hospital</li><li class=\"institution\">institution</li>\
                <li class=\"person\">person</li><li class=\"branch\">party branch</li><li class=\"place\">place</li></ul>");
    Ok(html(&format!("Neighbourhood of {}", focus.label), &b))
}

/// The drawing: the entity at the centre, its neighbours on a ring around it, theirs on an
/// outer ring near the neighbour that brought them; each node links to its page.
fn svg(g: &UnGraph<DrawNode, String>, depths: &[usize]) -> String {
    use std::f64::consts::TAU;
    let mut pos = vec![(0.0f64, 0.0f64); g.node_count()];
    let ring1: Vec<NodeIndex> = g
        .node_indices()
        .filter(|i| depths[i.index()] == 1)
        .collect();
    let mut angle = vec![0.0f64; g.node_count()];
    for (k, &i) in ring1.iter().enumerate() {
        let a = TAU * k as f64 / ring1.len().max(1) as f64;
        angle[i.index()] = a;
        pos[i.index()] = (220.0 * a.cos(), 220.0 * a.sin());
    }
    // The outer ring: each node in its parent's sector, the sector shared among its children.
    let sector = TAU / ring1.len().max(1) as f64;
    let mut children: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    for i in g.node_indices().filter(|i| depths[i.index()] == 2) {
        let parent = g
            .neighbors(i)
            .find(|p| depths[p.index()] == 1)
            .map_or(0, |p| p.index());
        children.entry(parent).or_default().push(i);
    }
    for (parent, kids) in &children {
        for (k, &i) in kids.iter().enumerate() {
            let a = angle[*parent] + sector * ((k as f64 + 0.5) / kids.len() as f64 - 0.5);
            pos[i.index()] = (420.0 * a.cos(), 420.0 * a.sin());
        }
    }
    // The drawing's box: the nodes, with room for their names.
    let (mut x0, mut y0, mut x1, mut y1) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for &(x, y) in &pos {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let mut s = format!(
        "<svg class=\"graph\" viewBox=\"{:.0} {:.0} {:.0} {:.0}\" role=\"img\" aria-label=\"neighbourhood graph\">",
        x0 - 110.0,
        y0 - 30.0,
        x1 - x0 + 220.0,
        y1 - y0 + 70.0
    );
    for e in g.edge_indices() {
        if let Some((a, b)) = g.edge_endpoints(e) {
            let ((x1, y1), (x2, y2)) = (pos[a.index()], pos[b.index()]);
            let _ = write!(
                s,
                "<g class=\"edge\"><line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\"/>\
                 <title>{}</title></g>",
                esc(&g[e])
            );
        }
    }
    for i in g.node_indices() {
        let n = &g[i];
        let (x, y) = pos[i.index()];
        let short: String = n.label.chars().take(14).collect();
        let short = if short.chars().count() < n.label.chars().count() {
            format!("{short}…")
        } else {
            short
        };
        let _ = write!(
            s,
            "<a href=\"{}\" class=\"node {}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{}\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text><title>{}</title></a>",
            href("/entity", &[("iri", &n.key)]),
            n.class,
            if depths[i.index()] == 0 { 14 } else { 9 },
            y + 26.0,
            esc(&short),
            esc(&n.label)
        );
    }
    s.push_str("</svg>");
    s
}

/// Parses a page of SPARQL TSV results into variables and rows.
fn tsv_table(tsv: &[u8]) -> Result<(Vec<String>, Rows), Refusal> {
    // A cut answer ends with a `# truncated` line, which is not TSV.
    let rows: Vec<&[u8]> = tsv
        .split_inclusive(|b| *b == b'\n')
        .filter(|l| !l.starts_with(b"#"))
        .collect();
    let tsv = rows.concat();
    let parsed = QueryResultsParser::from_format(QueryResultsFormat::Tsv)
        .for_slice(&tsv)
        .map_err(failed)?;
    let SliceQueryResultsParserOutput::Solutions(solutions) = parsed else {
        return Ok((vec!["boolean".into()], Vec::new()));
    };
    let vars: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    let mut out = Vec::new();
    for s in solutions {
        let s = s.map_err(failed)?;
        out.push(vars.iter().map(|v| s.get(v.as_str()).cloned()).collect());
    }
    Ok((vars, out))
}

/// A result cell: entities and documents as links to their pages.
fn cell(var: &str, t: &Option<Term>) -> String {
    match t {
        None => String::new(),
        Some(Term::NamedNode(n)) => {
            let s = n.as_str();
            if let Some(id) = s.strip_prefix(DOC).and_then(|_| doc_id_of(s)) {
                doc_link(&id, &id, "")
            } else if let Some(local) = s.strip_prefix(ID) {
                entity_link(s, local)
            } else if s.starts_with("http://") || s.starts_with("https://") {
                format!("<a class=\"ext\" href=\"{}\">{}</a>", esc(s), esc(s))
            } else {
                esc(s)
            }
        }
        Some(Term::Literal(l)) if var == "doc" => doc_link(l.value(), l.value(), ""),
        Some(Term::Literal(l)) => esc(l.value()),
        Some(t) => esc(&t.to_string()),
    }
}

fn results_table(vars: &[String], rows: &[Vec<Option<Term>>]) -> String {
    let mut b = String::from("<div class=\"scroll\"><table class=\"results\"><thead><tr>");
    for v in vars {
        let _ = write!(b, "<th>{}</th>", esc(v));
    }
    b.push_str("</tr></thead><tbody>");
    for r in rows {
        b.push_str("<tr>");
        for (v, t) in vars.iter().zip(r) {
            let _ = write!(b, "<td>{}</td>", cell(v, t));
        }
        b.push_str("</tr>");
    }
    b.push_str("</tbody></table></div>");
    b
}

/// The query library, and the free SPARQL form with its answer.
fn queries(ep: &Endpoint, params: &[(String, String)]) -> Result<Response<Body>, Refusal> {
    let sparql = first(params, "sparql").filter(|q| !q.trim().is_empty());
    let mut b = String::from("<h1>Queries</h1><ul class=\"library\">");
    for q in query::library(ep.queries.as_deref()).map_err(failed)? {
        let name = q.name.trim_end_matches(".rq");
        let params: Vec<String> = query::parameters(&q.text)
            .iter()
            .map(|p| {
                format!(
                    "{}{}",
                    esc(&p.name),
                    if p.required { " (required)" } else { "" }
                )
            })
            .collect();
        let _ = write!(
            b,
            "<li><a href=\"{}\">{}</a> {}{}</li>",
            href(&format!("/query/{name}"), &[]),
            esc(name),
            esc(&query::question(&q.text)),
            if params.is_empty() {
                String::new()
            } else {
                format!(" <small>takes {}</small>", params.join(", "))
            }
        );
    }
    b.push_str("</ul><h2 id=\"sparql\">SPARQL</h2><form action=\"/query#sparql\" method=\"get\">");
    let example = format!(
        "PREFIX hkg: <{HKG}>\nPREFIX skos: <{SKOS}>\nSELECT ?hospital ?name WHERE {{\n  ?hospital a hkg:Hospital ; skos:prefLabel ?name .\n}}\nLIMIT 20"
    );
    let _ = write!(
        b,
        "<textarea name=\"sparql\" rows=\"10\" spellcheck=\"false\" aria-label=\"SPARQL query\">{}</textarea>\
         <button>Run</button> <small>over every document and the identity graph, as <code>hkg query</code>; \
         at most {EDITOR_ROWS} rows here, all of them from <code>/sparql</code></small></form>",
        esc(sparql.unwrap_or(&example))
    );
    let mut status = StatusCode::OK;
    if let Some(text) = sparql {
        match editor_answer(ep, text) {
            Ok(answer) => b.push_str(&answer),
            Err(e) => {
                status = e.status();
                let _ = write!(b, "<p class=\"error\">{}</p>", esc(&e.to_string()));
            }
        }
    }
    let mut r = html("Queries", &b);
    *r.status_mut() = status;
    Ok(r)
}

/// The free form's answer: a table of solutions, a yes or no, or Turtle.
fn editor_answer(ep: &Endpoint, text: &str) -> Result<String, Refusal> {
    let token = CancellationToken::new();
    let evaluator = SparqlEvaluator::new().with_cancellation_token(token.clone());
    let prepared =
        query::prepare(evaluator, "form", text).map_err(|e| Refusal::BadRequest(e.to_string()))?;
    let wanted = Wanted {
        format: None,
        accept: Some("text/tab-separated-values, text/turtle".into()),
    };
    let answer = ep.timed(prepared, token, wanted, EDITOR_ROWS)?;
    let body = String::from_utf8_lossy(&answer.body);
    let mut b = String::new();
    if answer.content_type.contains("turtle") {
        let _ = write!(b, "<pre class=\"turtle\">{}</pre>", esc(&body));
    } else if body.starts_with('?') || body.trim().is_empty() {
        let (vars, rows) = tsv_table(&answer.body)?;
        let cut = if answer.truncated { " (cut here)" } else { "" };
        let _ = write!(b, "<p>{} rows{cut}</p>", rows.len());
        b.push_str(&results_table(&vars, &rows));
    } else {
        let _ = write!(b, "<p class=\"boolean\">{}</p>", esc(body.trim()));
    }
    let _ = write!(
        b,
        "<p><a href=\"{}\">As CSV</a></p>",
        href("/sparql", &[("query", text), ("format", "csv")])
    );
    Ok(b)
}

/// One library query: its parameters as a form, a page of its answer, and a CSV download.
fn library(
    ep: &Endpoint,
    name: &str,
    params: &[(String, String)],
) -> Result<Response<Body>, Refusal> {
    let q = query::library(ep.queries.as_deref())
        .map_err(failed)?
        .into_iter()
        .find(|q| q.name.trim_end_matches(".rq") == name)
        .ok_or_else(|| Refusal::NotFound(format!("no library query {name:?}")))?;
    let declared = query::parameters(&q.text);
    // A form sends its empty fields: they are not given.
    let given: Vec<(String, String)> = params
        .iter()
        .filter(|(k, v)| !v.trim().is_empty() && k != "format")
        .cloned()
        .collect();
    let args: Vec<(&str, &str)> = given
        .iter()
        .filter(|(k, _)| k != "offset" && k != "limit")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut b = format!(
        "<h1>{}</h1><p>{}</p>",
        esc(name),
        esc(&query::question(&q.text))
    );
    if !declared.is_empty() {
        let _ = write!(
            b,
            "<form class=\"params\" action=\"{}\" method=\"get\">",
            href(&format!("/query/{name}"), &[])
        );
        for p in &declared {
            let value = args
                .iter()
                .find(|(k, _)| *k == p.name)
                .map_or("", |(_, v)| v);
            let _ = write!(
                b,
                "<label>{}{} <input name=\"{}\" value=\"{}\"></label> ",
                esc(&p.name),
                if p.required { " (required)" } else { "" },
                esc(&p.name),
                esc(value)
            );
        }
        b.push_str("<button>Run</button></form>");
    }
    let missing = query::missing(
        &declared,
        &args
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<Vec<_>>(),
    );
    if let Some(p) = missing {
        let _ = write!(b, "<p>Give {} to run it.</p>", esc(&p.name));
        return Ok(html(name, &b));
    }
    let offset = first(&given, "offset")
        .map(|o| number("offset", o))
        .transpose()?
        .unwrap_or(0);
    let limit = first(&given, "limit")
        .map(|l| number("limit", l))
        .transpose()?
        .unwrap_or(QUERY_PAGE);
    let mut asked = given.clone();
    asked.retain(|(k, _)| k != "offset" && k != "limit");
    asked.push(("offset".into(), offset.to_string()));
    asked.push(("limit".into(), limit.to_string()));
    let wanted = Wanted {
        format: Some("tsv".into()),
        accept: None,
    };
    let paged = ep.library_run(name, &asked, wanted)?;
    let (vars, rows) = tsv_table(&paged.body)?;
    let link = |offset: usize, limit: usize, format: Option<&str>| {
        let (o, l) = (offset.to_string(), limit.to_string());
        let mut pairs: Vec<(&str, &str)> = args.clone();
        pairs.push(("offset", &o));
        pairs.push(("limit", &l));
        match format {
            Some(f) => {
                pairs.push(("format", f));
                href(&format!("/queries/{name}"), &pairs)
            }
            None => href(&format!("/query/{name}"), &pairs),
        }
    };
    let _ = write!(
        b,
        "<p class=\"actions\">Rows {}–{}{} · <a href=\"{}\">this page as CSV</a> · <a href=\"{}\">all rows as CSV</a></p>",
        offset + usize::from(!rows.is_empty()),
        offset + rows.len(),
        paged.total.map(|t| format!(" of {t}")).unwrap_or_default(),
        link(offset, paged.limit, Some("csv")),
        link(0, ep.limits.max_rows, Some("csv"))
    );
    b.push_str(&results_table(&vars, &rows));
    b.push_str("<p class=\"pager\">");
    if offset > 0 {
        let _ = write!(
            b,
            "<a rel=\"prev\" href=\"{}\">Previous</a> ",
            link(offset.saturating_sub(paged.limit), paged.limit, None)
        );
    }
    if paged.more {
        let _ = write!(
            b,
            "<a rel=\"next\" href=\"{}\">Next</a>",
            link(offset + paged.limit, paged.limit, None)
        );
    }
    b.push_str("</p>");
    Ok(html(name, &b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_markup_character_is_escaped() {
        assert_eq!(
            esc("<script>a&b</script>\"'x"),
            "&lt;script&gt;a&amp;b&lt;/script&gt;&quot;&#39;x"
        );
        assert_eq!(href("/find", &[("q", "\"><b>")]), "/find?q=%22%3E%3Cb%3E");
    }

    #[test]
    fn spans_are_marked_once_each_even_where_they_overlap() {
        let f = |start, end, relation: &str| DocFact {
            relation: relation.into(),
            args: vec!["甲<".into()],
            start,
            end,
            subject: String::new(),
            object: None,
        };
        let facts = [f(1, 4, "hospital"), f(2, 3, "person")];
        let m = marked("一二三四五", &facts);
        assert_eq!(
            m,
            "一<a class=\"anchor\" id=\"span-1-4\"></a><mark title=\"hospital: 甲&lt;\">二</mark>\
             <a class=\"anchor\" id=\"span-2-3\"></a><mark title=\"hospital: 甲&lt;\nperson: 甲&lt;\">三</mark>\
             <mark title=\"hospital: 甲&lt;\">四</mark>五"
        );
    }
}
