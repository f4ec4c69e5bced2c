//! Stage 7, serve: the store over HTTP, for the tools that reach a graph that way (YASGUI and
//! other SPARQL editors, notebooks, other triple stores). Requests in, responses out:
//!
//! - the SPARQL 1.1 Protocol at `/sparql` (GET, POST form-encoded, POST
//!   `application/sparql-query`), over the default graph `hkg query` has (see
//!   [`query::prepare`]), `default-graph-uri` and `named-graph-uri` honoured;
//! - the read side of the Graph Store Protocol at `/store?graph=IRI` and `/store?default`,
//!   written as `hkg export` writes a graph (see [`export::write_graph`]);
//! - the query library at `/queries` (its list) and `/queries/NAME?arg=…&limit=…&offset=…`
//!   (a page of its answer: from the snapshot's ordered view of a listing, see
//!   [`crate::index`], else by running the query for that page);
//! - name search at `/search?q=PREFIX`, and the W3C Reconciliation API at `/reconcile` (see
//!   [`reconcile`]), both over the snapshot's label index.
//!
//! It is read-only: an update or a Graph Store write is refused with 403, not merely unable
//! to run, so a client learns why. Each answer comes from the newest finished build: every
//! request asks whether a newer snapshot was published (one listing of a small folder), and
//! a newer one is opened for the requests that follow, while the requests that hold the old
//! one finish on it (an `Arc` keeps its reader lock until the last of them ends).
//!
//! Why a SPARQL answer is held in memory, up to the row cap, before it is sent: its status
//! line and headers go first, and they must say whether it was cut at the cap and whether
//! the query ran past the time limit, which only the rows themselves tell. The cap bounds
//! that memory. A Graph Store read has no cap (it is a graph, whole or not at all) and is
//! streamed from a thread through a pipe.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::time::Duration;

use oxhttp::model::{header, Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, QueryResultsSerializer, SliceQueryResultsParserOutput,
};
use oxigraph::sparql::{CancellationToken, PreparedSparqlQuery, QueryResults, SparqlEvaluator};

use crate::index::{self, Labels};
use crate::snapshot::{self, Reader};
use crate::{export, query};

pub mod pages;
pub mod reconcile;

/// What a request may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long a query may run before it is stopped and answered with 500.
    pub timeout: Duration,
    /// The most solutions (or triples) one answer carries.
    pub max_rows: usize,
}

/// The header that gives the number of rows of a whole library listing, beside a page of it.
pub const TOTAL_ROWS: &str = "x-hkg-total-rows";
/// A library page's rows when the request gives no `limit`.
const PAGE: usize = 100;
/// The header that says an answer was cut at the row cap, and the one that gives the cap.
pub const TRUNCATED: &str = "x-hkg-truncated";
/// The row cap an answer was cut at.
pub const MAX_ROWS: &str = "x-hkg-max-rows";
/// The most bytes of a request body read (a POSTed query or form).
const MAX_BODY: u64 = 16 << 20;

/// Results formats of SELECT and ASK, the first the default, and their `format` names.
const RESULTS: &[(&str, QueryResultsFormat)] = &[
    ("json", QueryResultsFormat::Json),
    ("xml", QueryResultsFormat::Xml),
    ("csv", QueryResultsFormat::Csv),
    ("tsv", QueryResultsFormat::Tsv),
];

/// RDF formats of CONSTRUCT, DESCRIBE and the Graph Store, the first the default.
fn graph_formats() -> [(&'static str, RdfFormat); 4] {
    [
        ("turtle", RdfFormat::Turtle),
        ("ntriples", RdfFormat::NTriples),
        (
            "jsonld",
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
        ("rdfxml", RdfFormat::RdfXml),
    ]
}

/// Why a request gets no answer: each becomes its status and a plain-text message.
#[derive(Debug, thiserror::Error)]
enum Refusal {
    #[error("{0}")]
    BadRequest(String),
    #[error("hkg serve is read-only: {0}")]
    ReadOnly(&'static str),
    #[error("{0}")]
    NotFound(String),
    #[error("method {0} is not allowed on {1}")]
    Method(Method, &'static str),
    #[error("{0}")]
    NotAcceptable(String),
    #[error("request body over {} bytes", MAX_BODY)]
    TooLarge,
    #[error("{0}")]
    UnsupportedType(String),
    #[error("the query ran past the time limit of {0:?} (hkg serve --timeout) and was stopped")]
    Timeout(Duration),
    #[error("{0}")]
    Failed(String),
    #[error("{0}")]
    Unavailable(String),
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::BadRequest(_) => StatusCode::BAD_REQUEST,
            Refusal::ReadOnly(_) => StatusCode::FORBIDDEN,
            Refusal::NotFound(_) => StatusCode::NOT_FOUND,
            Refusal::Method(..) => StatusCode::METHOD_NOT_ALLOWED,
            Refusal::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refusal::Timeout(_) | Refusal::Failed(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Refusal::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

fn failed(e: impl std::fmt::Display) -> Refusal {
    Refusal::Failed(e.to_string())
}

/// The label index of one snapshot generation, None when it has none.
type LabelsOf = (Option<u64>, Option<Arc<Labels>>);

/// The store served: its folder, the snapshot being read, its label index (read once per
/// snapshot), the user's query folder, and the limits.
pub struct Endpoint {
    store: PathBuf,
    current: Mutex<Arc<Reader>>,
    labels: Mutex<Option<LabelsOf>>,
    queries: Option<PathBuf>,
    limits: Limits,
}

impl Endpoint {
    /// Serves the store at `store`, starting from `reader`, its newest snapshot opened.
    pub fn new(store: PathBuf, reader: Reader, limits: Limits) -> Endpoint {
        Endpoint {
            store,
            current: Mutex::new(Arc::new(reader)),
            labels: Mutex::new(None),
            queries: None,
            limits,
        }
    }

    /// Adds the `.rq` files of `dir` to the query library served, as `hkg query --queries`
    /// does.
    pub fn with_queries(mut self, dir: Option<PathBuf>) -> Endpoint {
        self.queries = dir;
        self
    }

    /// Answers one request; every answer, refusals included, carries the CORS headers.
    pub fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        let mut response = self.route(request).unwrap_or_else(|e| {
            let mut r = text(e.status(), format!("{e}\n"));
            if let Refusal::Method(..) = e {
                let allow = match request.uri().path() {
                    "/store" => "GET, HEAD, OPTIONS",
                    _ => "GET, POST, OPTIONS",
                };
                r.headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static(allow));
            }
            r
        });
        let h = response.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("X-HKG-Truncated, X-HKG-Max-Rows"),
        );
        response
    }

    fn route(&self, request: &mut Request<Body>) -> Result<Response<Body>, Refusal> {
        let method = request.method().clone();
        if method == Method::OPTIONS {
            return Ok(preflight(request));
        }
        if method == Method::GET || method == Method::HEAD {
            if let Some(page) = pages::route(self, request) {
                return page;
            }
        }
        match request.uri().path() {
            "/sparql" => match method {
                Method::GET | Method::POST => self.sparql(request),
                m => Err(Refusal::Method(m, "/sparql")),
            },
            "/store" => match method {
                Method::GET | Method::HEAD => self.graph_store(request),
                Method::PUT | Method::POST | Method::DELETE | Method::PATCH => Err(
                    Refusal::ReadOnly("the Graph Store Protocol's writes are refused"),
                ),
                m => Err(Refusal::Method(m, "/store")),
            },
            "/queries" | "/search" if method != Method::GET && method != Method::HEAD => {
                Err(Refusal::Method(method, "this path"))
            }
            "/queries" => self.library(),
            "/search" => self.search(request),
            "/reconcile" => match method {
                Method::GET | Method::POST => self.reconcile(request),
                m => Err(Refusal::Method(m, "/reconcile")),
            },
            path if path.starts_with("/queries/") => match method {
                Method::GET | Method::HEAD => {
                    let name = path.trim_start_matches("/queries/").to_owned();
                    self.library_page(request, &name)
                }
                m => Err(Refusal::Method(m, "/queries/NAME")),
            },
            path => Err(Refusal::NotFound(format!(
                "no such path: {path} (pages for browsers start at /; the endpoint is /sparql, \
                 graphs are at /store, library queries at /queries, search at /search, \
                 reconciliation at /reconcile)"
            ))),
        }
    }

    /// The reader of the newest snapshot, reopened when a build has published a newer one
    /// since the last request. If the newer one cannot be opened, the old one serves.
    fn reader(&self) -> Arc<Reader> {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if snapshot::newest(&self.store) > current.generation() {
            if let Ok(newer) = snapshot::open(&self.store) {
                *current = Arc::new(newer);
            }
        }
        Arc::clone(&current)
    }

    /// The SPARQL 1.1 Protocol's query operation.
    fn sparql(&self, request: &mut Request<Body>) -> Result<Response<Body>, Refusal> {
        let mut params = params(request.uri().query().unwrap_or("").as_bytes());
        let mut text = None;
        if request.method() == Method::POST {
            let content_type = content_type(request);
            match content_type.as_str() {
                "application/x-www-form-urlencoded" => {
                    params.extend(self::params(&body(request)?));
                }
                "application/sparql-query" => {
                    let b = body(request)?;
                    text =
                        Some(String::from_utf8(b).map_err(|_| {
                            Refusal::BadRequest("the query is not UTF-8 text".into())
                        })?);
                }
                "application/sparql-update" => {
                    return Err(Refusal::ReadOnly("SPARQL Update is refused"));
                }
                other => {
                    return Err(Refusal::UnsupportedType(format!(
                        "unsupported Content-Type {other:?}: POST a query as \
                         application/x-www-form-urlencoded (query=...) or application/sparql-query"
                    )))
                }
            }
        }
        if params.iter().any(|(k, _)| k == "update") {
            return Err(Refusal::ReadOnly("SPARQL Update is refused"));
        }
        let text = match text.or_else(|| first(&params, "query").map(str::to_owned)) {
            Some(t) => t,
            None => {
                return Err(Refusal::BadRequest(
                    "no query: give ?query=SPARQL, a form with query=, or POST \
                     application/sparql-query"
                        .into(),
                ))
            }
        };
        let wanted = Wanted::of(request, &params);
        let token = CancellationToken::new();
        let evaluator = SparqlEvaluator::new().with_cancellation_token(token.clone());
        let mut prepared = query::prepare(evaluator, "request", &text)
            .map_err(|e| Refusal::BadRequest(e.to_string()))?;
        set_dataset(&mut prepared, &params)?;

        let answer = self.timed(prepared, token, wanted, self.limits.max_rows)?;
        let limits = self.limits;
        let mut response = Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, answer.content_type)
            .header(header::VARY, "Accept")
            .body(Body::from(answer.body))
            .map_err(failed)?;
        if answer.truncated {
            let h = response.headers_mut();
            h.insert(TRUNCATED, HeaderValue::from_static("true"));
            h.insert(MAX_ROWS, HeaderValue::from(limits.max_rows));
        }
        Ok(response)
    }

    /// Evaluates a query on the newest snapshot in a thread of its own, and stops waiting for
    /// it at the time limit.
    fn timed(
        &self,
        prepared: PreparedSparqlQuery,
        token: CancellationToken,
        wanted: Wanted,
        max_rows: usize,
    ) -> Result<Answer, Refusal> {
        let reader = self.reader();
        let limits = self.limits;
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("hkg serve query".into())
            .spawn(move || {
                let _ = tx.send(evaluate(&reader, prepared, &wanted, max_rows));
            })
            .map_err(failed)?;
        match rx.recv_timeout(limits.timeout) {
            Ok(answer) => answer,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // The evaluation stops at its next read of the store, which Oxigraph checks
                // the token at; a join it computes in memory (a cross product) goes on in the
                // background until it ends. This answer goes now either way.
                token.cancel();
                Err(Refusal::Timeout(limits.timeout))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(Refusal::Failed("the query failed without an answer".into()))
            }
        }
    }

    /// The query library: every query's name, question and parameters, as JSON.
    fn library(&self) -> Result<Response<Body>, Refusal> {
        let has_views = self.reader().dir().is_some_and(index::has_views);
        let queries: Vec<serde_json::Value> = query::library(self.queries.as_deref())
            .map_err(failed)?
            .into_iter()
            .map(|q| {
                let name = q.name.trim_end_matches(".rq").to_owned();
                let viewed = has_views && self.view_of(&q).is_some();
                serde_json::json!({
                    "name": name,
                    "question": query::question(&q.text),
                    "parameters": query::parameters(&q.text),
                    "href": format!("/queries/{name}"),
                    "view": viewed,
                })
            })
            .collect();
        json_response(&serde_json::json!({ "queries": queries }))
    }

    /// The name of a library query's view, when it is the built-in query that views are
    /// written of (a user's file of the same name is not).
    fn view_of(&self, q: &query::NamedQuery) -> Option<String> {
        let name = q.name.trim_end_matches(".rq");
        index::viewed()
            .find(|v| v.name == name && v.text == q.text)
            .map(|v| v.name)
    }

    /// A page of a library query's answer, with the headers that say how many rows there
    /// are and where the next page is.
    fn library_page(
        &self,
        request: &mut Request<Body>,
        name: &str,
    ) -> Result<Response<Body>, Refusal> {
        let params = params(request.uri().query().unwrap_or("").as_bytes());
        let wanted = Wanted::of(request, &params);
        let paged = self.library_run(name, &params, wanted)?;
        let mut response = Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, paged.content_type)
            .header(header::VARY, "Accept");
        if let Some(total) = paged.total {
            response = response.header(TOTAL_ROWS, total);
        }
        if paged.more {
            let mut url = form_urlencoded::Serializer::new(String::new());
            for (k, v) in params.iter().filter(|(k, _)| k != "offset" && k != "limit") {
                url.append_pair(k, v);
            }
            url.append_pair("offset", &(paged.offset + paged.limit).to_string());
            url.append_pair("limit", &paged.limit.to_string());
            let link = format!("</queries/{name}?{}>; rel=\"next\"", url.finish());
            response = response.header(header::LINK, link);
        }
        response.body(Body::from(paged.body)).map_err(failed)
    }

    /// `limit` rows (100 unless given; at most the row cap) of a library query's answer from
    /// `offset`, in the query's own order, its parameters from `params`. A listing is read
    /// from the snapshot's view of it; a lookup (or a listing without a view) runs with LIMIT
    /// and OFFSET.
    fn library_run(
        &self,
        name: &str,
        params: &[(String, String)],
        wanted: Wanted,
    ) -> Result<Paged, Refusal> {
        let q = query::library(self.queries.as_deref())
            .map_err(failed)?
            .into_iter()
            .find(|q| q.name.trim_end_matches(".rq") == name)
            .ok_or_else(|| {
                Refusal::NotFound(format!("no library query {name:?}; /queries lists them"))
            })?;
        let declared = query::parameters(&q.text);
        let takes = || {
            declared
                .iter()
                .map(|p| p.name.as_str())
                .chain(["limit", "offset", "format"])
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (mut limit, mut offset, mut args) = (PAGE, 0, Vec::new());
        for (k, v) in params {
            match k.as_str() {
                "limit" => limit = number(k, v)?,
                "offset" => offset = number(k, v)?,
                "format" => {}
                k if declared.iter().any(|p| p.name == k) => args.push((k.to_owned(), v.clone())),
                k => {
                    return Err(Refusal::BadRequest(format!(
                        "{name} takes no parameter {k:?}; it takes: {}",
                        takes()
                    )))
                }
            }
        }
        if let Some(p) = query::missing(&declared, &args) {
            return Err(Refusal::BadRequest(format!(
                "{name} needs ?{}=…; it takes: {}",
                p.name,
                takes()
            )));
        }
        let limit = limit.clamp(1, self.limits.max_rows.max(1));
        let reader = self.reader();
        if let (Some(view), Some(dir), true) = (self.view_of(&q), reader.dir(), args.is_empty()) {
            if let Some(page) = index::page(dir, &view, offset, limit).map_err(failed)? {
                let format = wanted.choose(RESULTS)?;
                return Ok(Paged {
                    body: from_tsv(&page.tsv, format)?,
                    content_type: format.media_type(),
                    total: Some(page.total),
                    more: offset + page.rows < page.total,
                    offset,
                    limit,
                });
            }
        }
        let text = query::bind(&q, &args).map_err(|e| Refusal::BadRequest(e.to_string()))?;
        // One row more than the page, to know whether another page follows.
        let text = format!("{text}\nLIMIT {} OFFSET {offset}\n", limit + 1);
        let token = CancellationToken::new();
        let evaluator = SparqlEvaluator::new().with_cancellation_token(token.clone());
        let prepared =
            query::prepare(evaluator, name, &text).map_err(|e| Refusal::Failed(e.to_string()))?;
        let answer = self.timed(prepared, token, wanted, limit)?;
        Ok(Paged {
            body: answer.body,
            content_type: answer.content_type,
            total: None,
            more: answer.truncated,
            offset,
            limit,
        })
    }

    /// The label index of the snapshot `reader` reads, opened once per snapshot.
    fn labels(&self, reader: &Reader) -> Result<Arc<Labels>, Refusal> {
        let generation = reader.generation();
        let mut cache = self.labels.lock().unwrap_or_else(PoisonError::into_inner);
        let labels = match &*cache {
            Some((g, labels)) if *g == generation => labels.clone(),
            _ => {
                let labels = match reader.dir() {
                    Some(dir) => Labels::open(dir).map_err(failed)?.map(Arc::new),
                    None => None,
                };
                *cache = Some((generation, labels.clone()));
                labels
            }
        };
        labels.ok_or_else(|| {
            Refusal::Unavailable(
                "this store's last build wrote no label index (it predates them): \
                 run `hkg build` on it again"
                    .into(),
            )
        })
    }

    /// Names and aliases that begin with `q`, best first (see [`Labels::search`]), as JSON;
    /// `type` keeps one class, `limit` (20 unless given) bounds the list.
    fn search(&self, request: &Request<Body>) -> Result<Response<Body>, Refusal> {
        let params = params(request.uri().query().unwrap_or("").as_bytes());
        let q = first(&params, "q")
            .or_else(|| first(&params, "prefix"))
            .map(str::trim)
            .unwrap_or("");
        if q.is_empty() {
            return Err(Refusal::BadRequest(
                "give a name or its beginning: /search?q=房县".into(),
            ));
        }
        let limit = match first(&params, "limit") {
            Some(l) => number("limit", l)?,
            None => 20,
        }
        .clamp(1, 1000);
        let class = first(&params, "type");
        let labels = self.labels(&self.reader())?;
        let hits = labels.search(q, limit, &|e| {
            class.is_none_or(|c| e.class.eq_ignore_ascii_case(c))
        });
        // OpenRefine's suggest service reads `result`, with `id` and `name`.
        json_response(&serde_json::json!({ "query": q, "result": hits }))
    }

    /// The Reconciliation API: the manifest without queries, else the answer to each.
    fn reconcile(&self, request: &mut Request<Body>) -> Result<Response<Body>, Refusal> {
        let mut params = params(request.uri().query().unwrap_or("").as_bytes());
        if request.method() == Method::POST {
            params.extend(self::params(&body(request)?));
        }
        let callback = first(&params, "callback").map(str::to_owned);
        let batch = first(&params, "queries").map(str::to_owned);
        let single = first(&params, "query").map(str::to_owned);
        let answer = match (batch, single) {
            (None, None) => {
                let host = request
                    .headers()
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("127.0.0.1:7878");
                reconcile::manifest(&format!("http://{host}"))
            }
            (Some(batch), _) => {
                let queries: std::collections::BTreeMap<String, reconcile::Query> =
                    serde_json::from_str(&batch).map_err(|e| {
                        Refusal::BadRequest(format!(
                            "queries is not a JSON object of queries ({{\"q0\": {{\"query\": \"…\"}}}}): {e}"
                        ))
                    })?;
                let labels = self.labels(&self.reader())?;
                let answers: serde_json::Map<String, serde_json::Value> = queries
                    .iter()
                    .map(|(k, q)| (k.clone(), reconcile::answer(&labels, q)))
                    .collect();
                serde_json::Value::Object(answers)
            }
            (None, Some(single)) => {
                // Version 0.1: a name, or one query as JSON.
                let q =
                    serde_json::from_str::<reconcile::Query>(&single).unwrap_or(reconcile::Query {
                        query: single,
                        kind: None,
                        limit: None,
                        properties: Vec::new(),
                    });
                reconcile::answer(&*self.labels(&self.reader())?, &q)
            }
        };
        match callback {
            // JSONP, which older OpenRefine asked the manifest with.
            Some(cb)
                if cb
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.$".contains(c)) =>
            {
                Response::builder()
                    .status(StatusCode::OK)
                    .header(header::CONTENT_TYPE, "application/javascript")
                    .body(Body::from(format!("{cb}({answer})")))
                    .map_err(failed)
            }
            Some(_) => Err(Refusal::BadRequest(
                "callback is not a function name".into(),
            )),
            None => json_response(&answer),
        }
    }

    /// The Graph Store Protocol's GET: one named graph, or the default graph (the union).
    fn graph_store(&self, request: &mut Request<Body>) -> Result<Response<Body>, Refusal> {
        let params = params(request.uri().query().unwrap_or("").as_bytes());
        let graph =
            match (first(&params, "graph"), first(&params, "default")) {
                (Some(iri), None) => Some(NamedNode::new(iri).map_err(|e| {
                    Refusal::BadRequest(format!("graph {iri:?} is not an IRI: {e}"))
                })?),
                (None, Some(_)) => None,
                _ => {
                    return Err(Refusal::BadRequest(
                        "give one of ?graph=IRI and ?default".into(),
                    ))
                }
            };
        let format = Wanted::of(request, &params).choose(&graph_formats())?;
        let reader = self.reader();
        if let Some(g) = &graph {
            if !reader
                .inner()
                .contains_named_graph(g.as_ref())
                .map_err(failed)?
            {
                return Err(Refusal::NotFound(format!("no graph {g} in the store")));
            }
        }
        let ok = Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, format.media_type())
            .header(header::VARY, "Accept");
        if request.method() == Method::HEAD {
            return ok.body(Body::empty()).map_err(failed);
        }
        let (from, to) = std::io::pipe().map_err(failed)?;
        std::thread::Builder::new()
            .name("hkg serve graph".into())
            .spawn(move || {
                // A client that goes away closes the pipe, and the write fails: nothing to say.
                let mut to = std::io::BufWriter::new(to);
                let graph = graph.as_ref().map(NamedNode::as_ref);
                if export::write_graph(&reader, format, graph, &mut to).is_ok() {
                    let _ = to.flush();
                }
            })
            .map_err(failed)?;
        ok.body(Body::from_read(from)).map_err(failed)
    }
}

/// A page of a library query's answer, serialized.
struct Paged {
    body: Vec<u8>,
    content_type: &'static str,
    /// The rows of the whole answer, when a view tells.
    total: Option<usize>,
    /// Whether rows follow this page.
    more: bool,
    offset: usize,
    limit: usize,
}

/// A serialized answer.
struct Answer {
    body: Vec<u8>,
    content_type: &'static str,
    truncated: bool,
}

/// Runs a prepared query and serializes its first `max_rows` solutions or triples.
fn evaluate(
    reader: &Reader,
    prepared: PreparedSparqlQuery,
    wanted: &Wanted,
    max_rows: usize,
) -> Result<Answer, Refusal> {
    let results = prepared
        .on_store(reader.inner())
        .execute()
        .map_err(failed)?;
    let mut truncated = false;
    let (body, content_type) = match results {
        QueryResults::Solutions(solutions) => {
            let format = wanted.choose(RESULTS)?;
            let vars = solutions.variables().to_vec();
            let mut ser = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(Vec::new(), vars)
                .map_err(failed)?;
            let mut rows = 0;
            for s in solutions {
                let s = s.map_err(failed)?;
                if rows == max_rows {
                    truncated = true;
                    break;
                }
                ser.serialize(&s).map_err(failed)?;
                rows += 1;
            }
            let mut body = ser.finish().map_err(failed)?;
            let tabular = matches!(format, QueryResultsFormat::Csv | QueryResultsFormat::Tsv);
            if truncated && tabular {
                // Not part of the CSV and TSV formats: a reader that wants only rows can drop
                // lines that start with '#', which no CSV header or row of ours does.
                let end = if format == QueryResultsFormat::Csv {
                    "\r\n"
                } else {
                    "\n"
                };
                let _ = write!(body, "# truncated at {rows} rows{end}");
            }
            (body, format.media_type())
        }
        QueryResults::Boolean(b) => {
            let format = wanted.choose(RESULTS)?;
            let body = QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(Vec::new(), b)
                .map_err(failed)?;
            (body, format.media_type())
        }
        QueryResults::Graph(triples) => {
            let format = wanted.choose(&graph_formats())?;
            let mut ser = RdfSerializer::from_format(format);
            for (p, iri) in export::PREFIXES {
                ser = ser.with_prefix(*p, *iri).map_err(failed)?;
            }
            let mut w = ser.for_writer(Vec::new());
            for (rows, t) in triples.enumerate() {
                let t = t.map_err(failed)?;
                if rows == max_rows {
                    truncated = true;
                    break;
                }
                w.serialize_triple(&t).map_err(failed)?;
            }
            (w.finish().map_err(failed)?, format.media_type())
        }
    };
    Ok(Answer {
        body,
        content_type,
        truncated,
    })
}

/// The protocol's `default-graph-uri` and `named-graph-uri` (each may repeat): when either is
/// given, they are the dataset, replacing the union and the query's own FROM clauses.
fn set_dataset(
    prepared: &mut PreparedSparqlQuery,
    params: &[(String, String)],
) -> Result<(), Refusal> {
    let iris = |key: &str| -> Result<Vec<NamedNode>, Refusal> {
        params
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| {
                NamedNode::new(v)
                    .map_err(|e| Refusal::BadRequest(format!("{key} {v:?} is not an IRI: {e}")))
            })
            .collect()
    };
    let (default, named) = (iris("default-graph-uri")?, iris("named-graph-uri")?);
    if default.is_empty() && named.is_empty() {
        return Ok(());
    }
    let dataset = prepared.dataset_mut();
    dataset.set_default_graph(default.into_iter().map(GraphName::NamedNode).collect());
    dataset
        .set_available_named_graphs(named.into_iter().map(NamedOrBlankNode::NamedNode).collect());
    Ok(())
}

/// What a client asked the answer to be written in: a `format` parameter, which wins, and
/// the `Accept` header.
struct Wanted {
    format: Option<String>,
    accept: Option<String>,
}

impl Wanted {
    fn of(request: &Request<Body>, params: &[(String, String)]) -> Wanted {
        Wanted {
            format: first(params, "format").map(|f| f.trim().to_ascii_lowercase()),
            accept: request
                .headers()
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        }
    }

    /// The format, among `offered` (the first the default), that the client asked for.
    /// Media types are read by Oxigraph's own `from_media_type`, through [`MediaFormat`].
    fn choose<F: MediaFormat>(&self, offered: &[(&str, F)]) -> Result<F, Refusal> {
        let names = || {
            offered
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(name) = &self.format {
            if let Some((_, f)) = offered.iter().find(|(n, _)| *n == name.as_str()) {
                return Ok(*f);
            }
            let known = RESULTS.iter().map(|(n, _)| *n);
            if known
                .chain(graph_formats().map(|(n, _)| n))
                .any(|n| n == name.as_str())
            {
                return Err(Refusal::NotAcceptable(format!(
                    "format {name} does not fit this answer; use one of: {}",
                    names()
                )));
            }
            return Err(Refusal::BadRequest(format!(
                "unknown format {name:?}; one of: json, xml, csv, tsv (SELECT, ASK), \
                 turtle, ntriples, jsonld, rdfxml (CONSTRUCT, DESCRIBE, /store)"
            )));
        }
        let Some(accept) = self.accept.as_deref().filter(|a| !a.trim().is_empty()) else {
            return Ok(offered[0].1);
        };
        for range in media_ranges(accept) {
            let found = if range == "*/*" {
                Some(offered[0].1)
            } else if let Some(kind) = range.strip_suffix("/*") {
                offered
                    .iter()
                    .map(|(_, f)| *f)
                    .find(|f| f.media().split('/').next() == Some(kind))
            } else {
                F::parse(&range).and_then(|f| {
                    offered
                        .iter()
                        .map(|(_, o)| *o)
                        .find(|o| std::mem::discriminant(o) == std::mem::discriminant(&f))
                })
            };
            if let Some(f) = found {
                return Ok(f);
            }
        }
        Err(Refusal::NotAcceptable(format!(
            "no format of this answer fits Accept: {accept}; it comes as {} (or ?format={})",
            offered
                .iter()
                .map(|(_, f)| f.media())
                .collect::<Vec<_>>()
                .join(", "),
            names()
        )))
    }
}

/// A format with media types, read by Oxigraph.
trait MediaFormat: Copy {
    fn parse(media_type: &str) -> Option<Self>;
    fn media(self) -> &'static str;
}

impl MediaFormat for QueryResultsFormat {
    fn parse(media_type: &str) -> Option<Self> {
        Self::from_media_type(media_type)
    }
    fn media(self) -> &'static str {
        self.media_type()
    }
}

impl MediaFormat for RdfFormat {
    fn parse(media_type: &str) -> Option<Self> {
        Self::from_media_type(media_type)
    }
    fn media(self) -> &'static str {
        self.media_type()
    }
}

/// The media ranges of an Accept header, most wanted first (by q-value, then by order),
/// lower-cased, without parameters; those with q=0 are left out.
fn media_ranges(accept: &str) -> Vec<String> {
    let mut ranges: Vec<(f32, usize, String)> = Vec::new();
    for (i, item) in accept.split(',').enumerate() {
        let mut parts = item.split(';');
        let range = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        if range.is_empty() {
            continue;
        }
        let q = parts
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
            .map_or(1.0, |(_, v)| v.trim().parse::<f32>().unwrap_or(0.0));
        if q > 0.0 {
            ranges.push((q, i, range));
        }
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().map(|(_, _, r)| r).collect()
}

/// The answer to a CORS preflight: any origin may query, with the headers it asks for.
fn preflight(request: &Request<Body>) -> Response<Body> {
    let mut r = text(StatusCode::NO_CONTENT, String::new());
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, HEAD, OPTIONS"),
    );
    let asked = request
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("Accept, Content-Type"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked);
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    r
}

/// A parameter's value as a whole number, or 400.
fn number(key: &str, value: &str) -> Result<usize, Refusal> {
    value
        .parse::<usize>()
        .map_err(|_| Refusal::BadRequest(format!("{key}={value:?}: expected a whole number")))
}

fn json_response(value: &serde_json::Value) -> Result<Response<Body>, Refusal> {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(value.to_string()))
        .map_err(failed)
}

/// SPARQL TSV results (a view's page) in `format`: as they are, or parsed and written anew.
fn from_tsv(tsv: &[u8], format: QueryResultsFormat) -> Result<Vec<u8>, Refusal> {
    if format == QueryResultsFormat::Tsv {
        return Ok(tsv.to_vec());
    }
    let parsed = QueryResultsParser::from_format(QueryResultsFormat::Tsv)
        .for_slice(tsv)
        .map_err(failed)?;
    let SliceQueryResultsParserOutput::Solutions(solutions) = parsed else {
        return Err(Refusal::Failed("a view holds no solutions".into()));
    };
    let mut ser = QueryResultsSerializer::from_format(format)
        .serialize_solutions_to_writer(Vec::new(), solutions.variables().to_vec())
        .map_err(failed)?;
    for s in solutions {
        ser.serialize(&s.map_err(failed)?).map_err(failed)?;
    }
    ser.finish().map_err(failed)
}

fn text(status: StatusCode, message: String) -> Response<Body> {
    let mut r = Response::new(Body::from(message));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// A form or query string's pairs, decoded.
fn params(encoded: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(encoded).into_owned().collect()
}

fn first<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The media type of a request's body, lower-cased, without parameters.
fn content_type(request: &Request<Body>) -> String {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// A request's body, up to [`MAX_BODY`] bytes.
fn body(request: &mut Request<Body>) -> Result<Vec<u8>, Refusal> {
    let mut b = Vec::new();
    request
        .body_mut()
        .take(MAX_BODY + 1)
        .read_to_end(&mut b)
        .map_err(|e| Refusal::BadRequest(format!("cannot read the request body: {e}")))?;
    if b.len() as u64 > MAX_BODY {
        return Err(Refusal::TooLarge);
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_ranges_go_by_q_value_then_order() {
        assert_eq!(
            media_ranges("text/csv;q=0.5, application/sparql-results+xml, */*;q=0.1, text/tsv;q=0"),
            ["application/sparql-results+xml", "text/csv", "*/*"]
        );
        let wanted = |accept: &str, format: Option<&str>| Wanted {
            format: format.map(str::to_owned),
            accept: Some(accept.to_owned()),
        };
        let r = wanted("text/turtle;q=0.9, text/csv;q=0.8", None).choose(RESULTS);
        assert!(matches!(r, Ok(QueryResultsFormat::Csv)));
        let r = wanted("text/csv", Some("tsv")).choose(RESULTS);
        assert!(matches!(r, Ok(QueryResultsFormat::Tsv)));
        let r = wanted("text/turtle", None).choose(RESULTS);
        assert!(matches!(r, Err(Refusal::NotAcceptable(_))));
        let r = wanted("*/*", Some("turtle")).choose(RESULTS);
        assert!(matches!(r, Err(Refusal::NotAcceptable(_))));
        let r = wanted("*/*", Some("yaml")).choose(RESULTS);
        assert!(matches!(r, Err(Refusal::BadRequest(_))));
        let r = wanted("application/ld+json", None).choose(&graph_formats());
        assert!(matches!(r, Ok(RdfFormat::JsonLd { .. })));
    }
}
