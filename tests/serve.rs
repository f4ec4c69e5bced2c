//! Tests of `hkg serve`: the real binary on a free port over a store built from the sample
//! corpus, asked over HTTP as a SPARQL editor or a script would ask it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::server::{Reply, Server};
use common::{ok, s};

const DOC: &str = "https://w3id.org/hkg/doc/";
const HKG: &str = "https://w3id.org/hkg/ontology#";

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/sample")
}

/// The four sample articles.
const ALL: [&str; 4] = [
    "sample_01.txt",
    "sample_02.txt",
    "sample_03.txt",
    "sample_04.txt",
];

/// A store built from the sample articles named (`sample_01.txt` ...).
fn store_of(dir: &Path, articles: &[&str]) -> PathBuf {
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("input folder");
    for a in articles {
        std::fs::copy(sample().join(a), input.join(a)).expect("copies an article");
    }
    let store = dir.join("store");
    ok(&["build", s(&input), "--store", s(&store)]);
    store
}

/// The hospitals the sample names, one per row, sorted: a query with known answers.
const HOSPITALS: &str = "SELECT DISTINCT ?name WHERE { ?h a <https://w3id.org/hkg/ontology#Hospital> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name";

#[test]
fn select_and_ask_in_every_results_format_by_accept_and_by_format() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = store_of(dir.path(), &ALL);
    let server = Server::start(&store, &[]);

    // No Accept: JSON. The answer is the union of the documents, as `hkg query` has it.
    let r = server.get(HOSPITALS, None, &[]).ok();
    assert!(r
        .content_type()
        .starts_with("application/sparql-results+json"));
    let json: serde_json::Value = serde_json::from_str(&r.body).expect("JSON results");
    let names: Vec<&str> = json["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .filter_map(|b| b["name"]["value"].as_str())
        .collect();
    assert!(names.contains(&"房县人民医院"), "{names:?}");
    assert!(names.contains(&"洛阳市儿童医院"), "{names:?}");
    let cli = ok(&[
        "query",
        "-e",
        HOSPITALS,
        "--store",
        s(&store),
        "--format",
        "csv",
    ]);
    let r = server.get(HOSPITALS, Some("text/csv"), &[]).ok();
    assert!(
        r.content_type().starts_with("text/csv"),
        "{}",
        r.content_type()
    );
    assert_eq!(r.body, cli, "the endpoint answers as `hkg query` does");
    assert!(r.header("x-hkg-truncated").is_none());

    for (accept, media, marker) in [
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<sparql",
        ),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            "?name\n",
        ),
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            "\"bindings\"",
        ),
        // q-values: the best one this answer can take wins.
        (
            "text/turtle;q=1, text/csv;q=0.5, application/sparql-results+xml;q=0.4",
            "text/csv",
            "name\r\n",
        ),
        ("text/*", "text/csv", "name\r\n"),
        ("*/*", "application/sparql-results+json", "\"head\""),
    ] {
        let r = server.get(HOSPITALS, Some(accept), &[]).ok();
        assert!(
            r.content_type().starts_with(media),
            "{accept}: {}",
            r.content_type()
        );
        assert!(r.body.contains(marker), "{accept}: {}", r.body);
        assert!(r.body.contains("房县人民医院"), "{accept}: {}", r.body);
    }
    // `format` wins over Accept.
    for (format, media) in [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ] {
        let r = server
            .get(
                HOSPITALS,
                Some("application/sparql-results+xml"),
                &[("format", format)],
            )
            .ok();
        assert!(
            r.content_type().starts_with(media),
            "{format}: {}",
            r.content_type()
        );
    }
    // Nothing fits: 406; an unknown format name: 400.
    let r = server.get(HOSPITALS, Some("text/turtle"), &[]);
    assert_eq!(r.status, 406, "{}", r.body);
    let r = server.get(HOSPITALS, None, &[("format", "turtle")]);
    assert_eq!(r.status, 406, "{}", r.body);
    let r = server.get(HOSPITALS, None, &[("format", "yaml")]);
    assert_eq!(r.status, 400, "{}", r.body);

    let ask = "ASK { ?h <http://www.w3.org/2000/01/rdf-schema#label> \"房县人民医院\"@zh }";
    let r = server.get(ask, None, &[]).ok();
    assert!(r.body.contains("\"boolean\":true"), "{}", r.body);
    let r = server.get(ask, None, &[("format", "xml")]).ok();
    assert!(r.body.contains("<boolean>true</boolean>"), "{}", r.body);
    let r = server
        .get("ASK { <http://e/no> ?p ?o }", Some("text/csv"), &[])
        .ok();
    assert_eq!(r.body.trim(), "false");

    // A bad query: 400 with the parser's message.
    let r = server.get("SELECT ?x WHERE { ?x ", None, &[]);
    assert_eq!(r.status, 400);
    assert!(r.content_type().starts_with("text/plain"));
    assert!(r.body.contains("error"), "{}", r.body);
    let r = server.get_path("/sparql", None);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("no query"), "{}", r.body);
}

#[test]
fn construct_and_describe_in_turtle_ntriples_and_json_ld() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = store_of(dir.path(), &["sample_02.txt"]);
    let server = Server::start(&store, &[]);
    let construct = "CONSTRUCT { ?h <http://www.w3.org/2000/01/rdf-schema#label> ?n } WHERE { ?h a <https://w3id.org/hkg/ontology#Hospital> ; <http://www.w3.org/2000/01/rdf-schema#label> ?n }";
    let r = server.get(construct, None, &[]).ok();
    assert!(
        r.content_type().starts_with("text/turtle"),
        "{}",
        r.content_type()
    );
    assert!(r.body.contains("房县人民医院"), "{}", r.body);
    for (accept, media) in [
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("text/turtle", "text/turtle"),
    ] {
        let r = server.get(construct, Some(accept), &[]).ok();
        assert!(
            r.content_type().starts_with(media),
            "{accept}: {}",
            r.content_type()
        );
        assert!(r.body.contains("房县人民医院"), "{accept}: {}", r.body);
    }
    let r = server
        .get(construct, Some("application/n-triples"), &[])
        .ok();
    assert!(
        r.body.lines().all(|l| l.ends_with(" .")),
        "one triple a line: {}",
        r.body
    );
    let r = server.get(construct, None, &[("format", "jsonld")]).ok();
    let json: serde_json::Value = serde_json::from_str(&r.body).expect("JSON-LD is JSON");
    assert!(json.to_string().contains("房县人民医院"), "{json}");
    let r = server
        .get(construct, Some("text/turtle"), &[("format", "ntriples")])
        .ok();
    assert!(r.content_type().starts_with("application/n-triples"));
    // A results format for a graph: 406.
    let r = server.get(construct, Some("text/csv"), &[]);
    assert_eq!(r.status, 406, "{}", r.body);

    let describe = "DESCRIBE <https://w3id.org/hkg/id/hospital/房县人民医院>";
    let r = server
        .get(describe, Some("application/n-triples"), &[])
        .ok();
    assert!(
        r.body.contains(&format!("<{HKG}Hospital>")) || r.body.contains("Hospital>"),
        "{}",
        r.body
    );
}

#[test]
fn post_as_a_form_and_as_a_query_body_and_the_dataset_parameters() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = store_of(dir.path(), &["sample_01.txt", "sample_02.txt"]);
    let server = Server::start(&store, &[]);
    let graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g";

    let r = Reply::of(
        server
            .agent
            .post(server.url("/sparql"))
            .header("Accept", "text/csv")
            .send_form([("query", graphs)])
            .expect("POST form"),
    )
    .ok();
    assert!(r.body.contains(&format!("{DOC}sample_01")), "{}", r.body);
    assert!(r.body.contains(&format!("{DOC}sample_02")), "{}", r.body);
    let by_form = r.body;

    let r = Reply::of(
        server
            .agent
            .post(server.url("/sparql"))
            .header("Content-Type", "application/sparql-query")
            .header("Accept", "text/csv")
            .send(graphs)
            .expect("POST query"),
    )
    .ok();
    assert_eq!(r.body, by_form);

    // default-graph-uri: one document's graph is the default graph.
    let count =
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d <https://w3id.org/hkg/ontology#content> ?c }";
    let n = |r: Reply| r.ok().body.lines().nth(1).unwrap_or("").trim().to_owned();
    assert_eq!(n(server.get(count, Some("text/csv"), &[])), "2");
    let one = format!("{DOC}sample_01");
    let two = format!("{DOC}sample_02");
    assert_eq!(
        n(server.get(count, Some("text/csv"), &[("default-graph-uri", &one)])),
        "1"
    );
    assert_eq!(
        n(server.get(
            count,
            Some("text/csv"),
            &[("default-graph-uri", &one), ("default-graph-uri", &two)]
        )),
        "2"
    );
    // named-graph-uri: only those graphs are named.
    let r = server
        .get(graphs, Some("text/csv"), &[("named-graph-uri", &two)])
        .ok();
    assert_eq!(r.body.trim(), format!("g\r\n{two}"));
    // A form POST carries them too.
    let r = Reply::of(
        server
            .agent
            .post(server.url("/sparql"))
            .header("Accept", "text/csv")
            .send_form([("query", count), ("default-graph-uri", one.as_str())])
            .expect("POST form"),
    );
    assert_eq!(n(r), "1");
}

#[test]
fn updates_and_graph_store_writes_are_refused_with_403() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = store_of(dir.path(), &["sample_01.txt"]);
    let server = Server::start(&store, &[]);
    let update = "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }";
    let refused = |r: Reply| {
        assert_eq!(r.status, 403, "{}", r.body);
        assert!(r.body.contains("read-only"), "{}", r.body);
        assert!(r.content_type().starts_with("text/plain"));
    };
    refused(Reply::of(
        server
            .agent
            .post(server.url("/sparql"))
            .send_form([("update", update)])
            .expect("POST"),
    ));
    refused(Reply::of(
        server
            .agent
            .post(server.url("/sparql"))
            .header("Content-Type", "application/sparql-update")
            .send(update)
            .expect("POST"),
    ));
    refused(Reply::of(
        server
            .agent
            .get(server.url("/sparql"))
            .query("update", update)
            .call()
            .expect("GET"),
    ));
    let g = format!("{DOC}sample_01");
    refused(Reply::of(
        server
            .agent
            .put(server.url("/store"))
            .query("graph", &g)
            .header("Content-Type", "application/n-triples")
            .send("<http://e/s> <http://e/p> <http://e/o> .\n")
            .expect("PUT"),
    ));
    refused(Reply::of(
        server
            .agent
            .post(server.url("/store"))
            .query("default", "")
            .header("Content-Type", "application/n-triples")
            .send("<http://e/s> <http://e/p> <http://e/o> .\n")
            .expect("POST"),
    ));
    refused(Reply::of(
        server
            .agent
            .delete(server.url("/store"))
            .query("graph", &g)
            .call()
            .expect("DELETE"),
    ));
    // Nothing changed.
    let r = server
        .get("ASK { <http://e/s> ?p ?o }", Some("text/csv"), &[])
        .ok();
    assert_eq!(r.body.trim(), "false");
}

#[test]
fn a_query_past_the_timeout_is_answered_with_500_and_the_server_goes_on() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = store_of(dir.path(), &["sample_01.txt", "sample_02.txt"]);
    let server = Server::start(&store, &["--timeout", "1"]);
    // A cross product of every triple with itself four times over: days of work, and it
    // never yields a row before the count is done.
    let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    let started = Instant::now();
    let r = server.get(slow, None, &[]);
    let took = started.elapsed();
    assert_eq!(r.status, 500, "{}", r.body);
    assert!(r.body.contains("time limit"), "{}", r.body);
    assert!(took < Duration::from_secs(10), "answered after {took:?}");
    // Oxigraph checks the cancellation token at each read of the store, so a cross product it
    // joins in memory may go on in the background (README, Serve); the client has its answer
    // and the server answers others meanwhile.
    server.get("ASK { ?s ?p ?o }", None, &[]).ok();
}

#[test]
fn answers_stop_at_the_row_cap_and_say_so() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = store_of(dir.path(), &["sample_02.txt"]);
    let server = Server::start(&store, &["--max-rows", "2"]);
    let many = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }";
    let r = server.get(many, Some("text/csv"), &[]).ok();
    assert_eq!(r.header("x-hkg-truncated"), Some("true"));
    assert_eq!(r.header("x-hkg-max-rows"), Some("2"));
    let lines: Vec<&str> = r.body.lines().collect();
    assert_eq!(lines.len(), 4, "a header, 2 rows, the comment: {}", r.body);
    assert_eq!(lines[3], "# truncated at 2 rows");
    let r = server.get(many, None, &[("format", "tsv")]).ok();
    assert!(r.body.ends_with("# truncated at 2 rows\n"), "{}", r.body);
    let r = server.get(many, None, &[]).ok();
    let json: serde_json::Value = serde_json::from_str(&r.body).expect("JSON stays JSON");
    assert_eq!(
        json["results"]["bindings"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(r.header("x-hkg-truncated"), Some("true"));
    // CONSTRUCT stops at the cap too.
    let r = server
        .get(
            "CONSTRUCT WHERE { ?s ?p ?o }",
            Some("application/n-triples"),
            &[],
        )
        .ok();
    assert_eq!(r.body.lines().count(), 2, "{}", r.body);
    assert_eq!(r.header("x-hkg-truncated"), Some("true"));
    // An answer within the cap is not marked.
    let r = server
        .get(
            "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2",
            Some("text/csv"),
            &[],
        )
        .ok();
    assert!(r.header("x-hkg-truncated").is_none());
    assert!(!r.body.contains('#'), "{}", r.body);
}

#[test]
fn graph_store_reads_a_document_graph_and_the_default_graph() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = store_of(dir.path(), &["sample_01.txt", "sample_02.txt"]);
    let server = Server::start(&store, &["--max-rows", "2"]);
    let g = format!("{DOC}sample_02");
    let doc = Reply::of(
        server
            .agent
            .get(server.url("/store"))
            .query("graph", &g)
            .header("Accept", "application/n-triples")
            .call()
            .expect("GET /store"),
    )
    .ok();
    assert!(doc.content_type().starts_with("application/n-triples"));
    // The whole graph, not cut at the row cap: what `hkg export --graph` writes.
    let export = ok(&[
        "export",
        "--store",
        s(&store),
        "--format",
        "ntriples",
        "--graph",
        "sample_02",
    ]);
    assert_eq!(doc.body, export);
    assert!(doc.body.contains("房县人民医院"));
    assert!(!doc.body.contains("sample_01"), "only sample_02's graph");

    let all = Reply::of(
        server
            .agent
            .get(server.url("/store"))
            .query("default", "")
            .header("Accept", "application/n-triples")
            .call()
            .expect("GET /store?default"),
    )
    .ok();
    let export = ok(&["export", "--store", s(&store), "--format", "ntriples"]);
    assert_eq!(
        all.body, export,
        "the default graph is the union, as exported"
    );
    let r = server.get_path("/store?default&format=turtle", None).ok();
    assert!(r.content_type().starts_with("text/turtle"));
    assert!(
        r.body.contains("@prefix hkg:"),
        "{}",
        &r.body[..200.min(r.body.len())]
    );

    let r = Reply::of(
        server
            .agent
            .get(server.url("/store"))
            .query("graph", format!("{DOC}no_such_document"))
            .call()
            .expect("GET /store"),
    );
    assert_eq!(r.status, 404, "{}", r.body);
    let r = server.get_path("/store", None);
    assert_eq!(r.status, 400, "{}", r.body);
}

#[test]
fn cors_headers_and_preflight_let_an_editor_on_another_origin_query() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = store_of(dir.path(), &["sample_01.txt"]);
    let server = Server::start(&store, &[]);
    let r = server.get("ASK { ?s ?p ?o }", None, &[]).ok();
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let r = server.get("SELECT", None, &[]);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("*"),
        "errors too"
    );
    let r = Reply::of(
        server
            .agent
            .options(server.url("/sparql"))
            .header("Origin", "https://yasgui.example")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .call()
            .expect("OPTIONS"),
    );
    assert!(r.status == 204 || r.status == 200, "{}", r.status);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    // No Access-Control-Allow-Methods: oxhttp leaves that header out of every answer, and
    // browsers need none for GET and POST, the CORS-safelisted methods the protocol uses.
    assert!(r
        .header("access-control-allow-headers")
        .is_some_and(|h| h.to_ascii_lowercase().contains("content-type")));
}

#[test]
fn a_build_into_the_served_store_is_seen_without_a_restart() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = store_of(dir.path(), &["sample_01.txt"]);
    let server = Server::start(&store, &[]);
    let ask = format!("ASK {{ GRAPH <{DOC}sample_04> {{ ?s ?p ?o }} }}");
    assert_eq!(
        server.get(&ask, Some("text/csv"), &[]).ok().body.trim(),
        "false"
    );
    let g = format!("{DOC}sample_04");
    let gsp = |server: &Server| {
        Reply::of(
            server
                .agent
                .get(server.url("/store"))
                .query("graph", &g)
                .call()
                .expect("GET /store"),
        )
        .status
    };
    assert_eq!(gsp(&server), 404);

    // The build takes the write lock while the server reads: the server must not hold it.
    let more = dir.path().join("more");
    std::fs::create_dir_all(&more).expect("folder");
    std::fs::copy(sample().join("sample_04.txt"), more.join("sample_04.txt")).expect("copy");
    ok(&["build", s(&more), "--store", s(&store)]);

    assert_eq!(
        server.get(&ask, Some("text/csv"), &[]).ok().body.trim(),
        "true"
    );
    assert_eq!(gsp(&server), 200);
    let r = server
        .get(
            "SELECT DISTINCT ?n WHERE { ?h <http://www.w3.org/2000/01/rdf-schema#label> ?n FILTER(?n = \"洛阳市儿童医院\"@zh) }",
            Some("text/csv"),
            &[],
        )
        .ok();
    assert!(r.body.contains("洛阳市儿童医院"), "{}", r.body);
    // The new snapshot's label index and views, too.
    let found = server.get_path(&search_path("洛阳市儿童"), None).ok();
    assert!(found.body.contains("洛阳市儿童医院"), "{}", found.body);
    let posts = server
        .get_path("/queries/posts-by-date?format=tsv&limit=1000", None)
        .ok();
    assert!(posts.body.contains("sample_04"), "{}", posts.body);
    // And a second build after it, too.
    ok(&["rm", "sample_04", "--store", s(&store)]);
    assert_eq!(
        server.get(&ask, Some("text/csv"), &[]).ok().body.trim(),
        "false"
    );
}

#[test]
fn a_missing_store_is_named_and_a_non_loopback_bind_is_warned_about() {
    let dir = tempfile::tempdir().expect("tmp");
    let missing = dir.path().join("nowhere");
    let o = common::hkg(&["serve", "--store", s(&missing), "--bind", "127.0.0.1:0"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no store at") && err.contains("nowhere"),
        "{err}"
    );

    let store = store_of(dir.path(), &["sample_01.txt"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_hkg"))
        .args(["serve", "--store", s(&store), "--bind", "0.0.0.0:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut line = String::new();
    BufReader::new(child.stderr.take().expect("stderr"))
        .read_line(&mut line)
        .expect("a warning");
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.contains("warning") && line.contains("loopback"),
        "{line}"
    );
}

/// `/search?q=…`, the name percent-encoded.
fn search_path(q: &str) -> String {
    let q: String = form_urlencoded_pair("q", q);
    format!("/search?{q}")
}

/// `key=value`, percent-encoded as a query string has it.
fn form_urlencoded_pair(key: &str, value: &str) -> String {
    let mut out = format!("{key}=");
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The data rows of a TSV answer (header and `#` lines left out).
fn tsv_rows(body: &str) -> Vec<String> {
    body.lines()
        .skip(1)
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads every page of `path` (a library query with its parameters) `limit` rows at a
/// time by following Link rel="next", and returns the rows and the pages' total header.
fn all_pages(server: &Server, path: &str, limit: usize) -> (Vec<String>, Option<String>) {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut next = Some(format!("{path}{sep}format=tsv&limit={limit}"));
    let (mut rows, mut total, mut pages) = (Vec::new(), None, 0);
    while let Some(p) = next.take() {
        let r = server.get_path(&p, None).ok();
        assert!(r.content_type().starts_with("text/tab-separated-values"));
        let page = tsv_rows(&r.body);
        assert!(page.len() <= limit, "{p}: {} rows", page.len());
        total = r.header("x-hkg-total-rows").map(str::to_owned);
        next = r.header("link").map(|l| {
            let l = l.trim_start_matches('<');
            l[..l.find('>').expect("<url>")].to_owned()
        });
        if next.is_some() {
            assert_eq!(page.len(), limit, "{p}: a page before the last is full");
        }
        rows.extend(page);
        pages += 1;
        assert!(pages < 1000, "paging does not end");
    }
    (rows, total)
}

#[test]
fn library_pages_keep_the_query_order_and_cover_every_row() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = store_of(dir.path(), &ALL);
    let server = Server::start(&store, &[]);
    let list = server.get_path("/queries", None).ok();
    let list: serde_json::Value = serde_json::from_str(&list.body).expect("JSON");
    let queries = list["queries"].as_array().expect("queries");
    let evidence = queries
        .iter()
        .find(|q| q["name"] == "evidence-for-entity")
        .expect("evidence-for-entity is listed");
    assert_eq!(evidence["parameters"][0]["name"], "name");
    assert_eq!(evidence["parameters"][0]["required"], true);
    let leaders = queries
        .iter()
        .find(|q| q["name"] == "hospital-leaders")
        .expect("hospital-leaders is listed");
    assert_eq!(leaders["view"], true);
    assert!(leaders["question"]
        .as_str()
        .is_some_and(|q| q.contains("who leads each hospital")));

    let cli = |args: &[&str]| {
        let mut a = vec!["query"];
        a.extend_from_slice(args);
        a.extend(["--store", s(&store), "--format", "tsv"]);
        tsv_rows(&ok(&a))
    };
    // Listings, from their views: every row once, in the query's order, whatever the page size.
    for q in ["hospital-leaders", "awards-by-recipient", "posts-by-date"] {
        let whole = cli(&[q]);
        assert!(whole.len() > 5, "{q}: {whole:?}");
        for limit in [1, 4, 100] {
            let (rows, total) = all_pages(&server, &format!("/queries/{q}"), limit);
            assert_eq!(rows, whole, "{q} in pages of {limit}");
            assert_eq!(total, Some(whole.len().to_string()), "{q}");
        }
    }
    // A lookup, run a page at a time.
    let whole = cli(&["posts-by-date", "--arg", "org=房县人民医院"]);
    assert!(whole.len() > 2, "{whole:?}");
    let path = format!(
        "/queries/posts-by-date?{}",
        form_urlencoded_pair("org", "房县人民医院")
    );
    let (rows, total) = all_pages(&server, &path, 2);
    assert_eq!(rows, whole);
    assert_eq!(
        total, None,
        "a lookup's total is not known before its last page"
    );
    // A page in JSON is the same rows.
    let r = server
        .get_path("/queries/hospital-leaders?limit=3&offset=2", None)
        .ok();
    let json: serde_json::Value = serde_json::from_str(&r.body).expect("JSON results");
    let bindings = json["results"]["bindings"].as_array().expect("bindings");
    assert_eq!(bindings.len(), 3);
    let hospitals = cli(&["hospital-leaders"]);
    assert!(hospitals[2].starts_with(&format!(
        "\"{}\"@zh",
        bindings[0]["hospital"]["value"].as_str().expect("hospital")
    )));
    // Beyond the end: no rows, and no next page.
    let r = server
        .get_path("/queries/hospital-leaders?offset=100000&format=tsv", None)
        .ok();
    assert!(tsv_rows(&r.body).is_empty() && r.header("link").is_none());

    // Parameters are checked.
    let r = server.get_path("/queries/evidence-for-entity", None);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("needs ?name="), "{}", r.body);
    let r = server.get_path("/queries/hospital-leaders?hopsital=x", None);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("takes: hospital"), "{}", r.body);
    assert_eq!(server.get_path("/queries/nothing-such", None).status, 404);
    assert_eq!(
        server
            .get_path("/queries/hospital-leaders?limit=x", None)
            .status,
        400
    );

    // A store built without views pages the same, by running the query.
    drop(server);
    let bare = dir.path().join("bare");
    ok(&[
        "build",
        s(&dir.path().join("input")),
        "--store",
        s(&bare),
        "--no-views",
    ]);
    let server = Server::start(&bare, &[]);
    let (rows, _) = all_pages(&server, "/queries/hospital-leaders", 4);
    assert_eq!(rows, hospitals);
}

/// A store of the identity fixtures: two county hospitals that their articles both call
/// 县妇幼院, in two counties; two people named 张伟 at hospitals of two cities.
fn identity_store(dir: &Path) -> PathBuf {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/identity");
    let store = dir.join("store");
    ok(&["build", s(&fixtures), "--store", s(&store)]);
    store
}

#[test]
fn search_finds_names_and_aliases_by_their_beginning_best_first() {
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&identity_store(dir.path()), &[]);
    let search = |q: &str, more: &str| -> serde_json::Value {
        let r = server
            .get_path(&format!("{}{more}", search_path(q)), None)
            .ok();
        assert!(r.content_type().starts_with("application/json"));
        serde_json::from_str::<serde_json::Value>(&r.body).expect("JSON")["result"].clone()
    };
    let hits = search("湖南省妇幼保健院", "");
    assert_eq!(hits[0]["name"], "湖南省妇幼保健院");
    assert_eq!(hits[0]["match"], "exact");
    assert_eq!(hits[0]["class"], "Hospital");
    assert_eq!(hits[0]["code"], "430000");
    // An alias (the name in brackets), whole and by its beginning.
    let hits = search("湖南省妇女儿童医院", "");
    assert_eq!(hits[0]["name"], "湖南省妇幼保健院");
    assert_eq!(hits[0]["match"], "alias");
    let hits = search("湖南省妇", "");
    assert!(hits
        .as_array()
        .expect("hits")
        .iter()
        .all(|h| h["match"] == "prefix"));
    assert!(hits
        .as_array()
        .expect("hits")
        .iter()
        .any(|h| h["name"] == "湖南省妇幼保健院"));
    // Places and people are names too; type keeps one class.
    let hits = search("张伟", "&type=Person");
    let places: Vec<&str> = hits
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["place"].as_str().expect("place"))
        .collect();
    assert_eq!(places.len(), 2, "{hits}");
    assert!(
        places.contains(&"常德市") && places.contains(&"岳阳市"),
        "{places:?}"
    );
    assert!(search("不存在的医院", "")
        .as_array()
        .expect("hits")
        .is_empty());
    assert_eq!(server.get_path("/search?q=", None).status, 400);
}

#[test]
fn reconcile_answers_openrefine_batches_with_ordered_scores_and_unique_matches() {
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&identity_store(dir.path()), &[]);
    let manifest = server.get_path("/reconcile", None).ok();
    let manifest: serde_json::Value = serde_json::from_str(&manifest.body).expect("JSON");
    assert_eq!(manifest["versions"][0], "0.2");
    assert!(manifest["defaultTypes"]
        .as_array()
        .expect("types")
        .iter()
        .any(|t| t["id"] == "Hospital"));
    assert_eq!(manifest["identifierSpace"], "https://w3id.org/hkg/id/");

    // Shaped as OpenRefine sends a batch: a form field `queries` holding a JSON object.
    let batch = serde_json::json!({
        "q0": {"query": "桃源县妇幼保健院", "type": "Hospital", "limit": 3},
        "q1": {"query": "县妇幼院", "type": "Hospital"},
        "q2": {"query": "县妇幼院", "type": "Hospital",
               "properties": [{"pid": "place", "v": "431222"}]},
        "q3": {"query": "县妇幼院", "type": "Hospital",
               "properties": [{"pid": "place", "v": "沅陵县"}]},
        "q4": {"query": "县妇幼院", "type": "Hospital",
               "properties": [{"pid": "place", "v": "湖南省"}]},
        "q5": {"query": "张伟", "type": "Person"},
        "q6": {"query": "张伟", "type": "Person",
               "properties": [{"pid": "place", "v": "岳阳市"}]},
        "q7": {"query": "湖南省妇女儿童医院", "type": "Hospital"},
        "q8": {"query": "不存在的医院", "type": "Hospital"},
        "q9": {"query": "桃源县妇幼", "type": "Hospital"},
        "q10": {"query": "桃源县妇幼保健院", "type": "Hospital",
                "properties": [{"pid": "place", "v": "岳阳市"}]},
    });
    let r = Reply::of(
        server
            .agent
            .post(server.url("/reconcile"))
            .send_form([("queries", batch.to_string())])
            .expect("POST /reconcile"),
    )
    .ok();
    let a: serde_json::Value = serde_json::from_str(&r.body).expect("JSON");
    let result = |q: &str| a[q]["result"].as_array().expect("result").clone();
    let matched = |q: &str| -> Vec<String> {
        result(q)
            .iter()
            .filter(|c| c["match"] == true)
            .map(|c| c["id"].as_str().expect("id").to_owned())
            .collect()
    };
    let hospital = |name: &str| format!("https://w3id.org/hkg/id/hospital/{name}");

    // An exact name: one candidate, matched, with its place's code.
    assert_eq!(matched("q0"), [hospital("桃源县妇幼保健院")]);
    assert_eq!(result("q0")[0]["score"], 100.0);
    assert!(result("q0")[0]["description"]
        .as_str()
        .is_some_and(|d| d.contains("430725")));
    // Two hospitals of one name in two counties: both offered, neither matched ...
    assert_eq!(result("q1").len(), 2);
    assert!(matched("q1").is_empty());
    // ... until a place decides, by code or by name; a province holding both does not.
    assert_eq!(matched("q2"), [hospital("沅陵县妇幼保健院")]);
    assert_eq!(matched("q3"), [hospital("沅陵县妇幼保健院")]);
    assert!(matched("q4").is_empty());
    assert_eq!(result("q4").len(), 2);
    // An ambiguous person's name, and the same name told apart by place.
    assert_eq!(result("q5").len(), 2);
    assert!(matched("q5").is_empty());
    assert_eq!(
        matched("q6"),
        ["https://w3id.org/hkg/id/person/张伟@岳阳市人民医院"]
    );
    let q6 = result("q6");
    assert!(q6[0]["score"].as_f64() > q6[1]["score"].as_f64());
    // Scores are ordered: exact name > alias > prefix.
    assert_eq!(matched("q7"), [hospital("湖南省妇幼保健院")]);
    let alias = result("q7")[0]["score"].as_f64().expect("score");
    let prefix = result("q9")[0]["score"].as_f64().expect("score");
    assert!(100.0 > alias && alias > prefix, "{alias} {prefix}");
    assert!(matched("q9").is_empty(), "a prefix is never a match");
    // An unknown name: no candidates. A place that disagrees: offered, lower, unmatched.
    assert!(result("q8").is_empty());
    assert!(matched("q10").is_empty());
    assert!(result("q10")[0]["score"].as_f64() < Some(100.0));

    // GET works as POST does, and a single query (version 0.1) too.
    let single = Reply::of(
        server
            .agent
            .get(server.url("/reconcile"))
            .query("query", "岳阳市人民医院")
            .call()
            .expect("GET"),
    )
    .ok();
    let single: serde_json::Value = serde_json::from_str(&single.body).expect("JSON");
    assert_eq!(single["result"][0]["id"], hospital("岳阳市人民医院"));
    assert_eq!(single["result"][0]["match"], true);
    let bad = server.get_path("/reconcile?queries=%7Bnot", None);
    assert_eq!(bad.status, 400);
}

/// A store's newest snapshot.
fn newest_snapshot(store: &Path) -> PathBuf {
    let snapshots = store.join("hkg-snapshots");
    std::fs::read_dir(&snapshots)
        .expect("snapshots")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().parse::<u64>().is_ok())
        })
        .max()
        .expect("a snapshot")
}

/// The index files of a store's newest snapshot.
fn index_files(store: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(newest_snapshot(store))
        .expect("snapshot")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("hkg-") && n != "hkg.readers" && n != "hkg-identity.nt")
        .collect();
    files.sort();
    files
}

#[test]
fn each_build_publishes_its_indexes_and_one_that_changed_nothing_keeps_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).expect("input");
    std::fs::copy(sample().join("sample_01.txt"), input.join("sample_01.txt")).expect("copy");
    let store = dir.path().join("store");
    let build = |extra: &[&str]| {
        let mut args = vec!["build", s(&input), "--store", s(&store)];
        args.extend_from_slice(extra);
        let o = common::hkg(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let err = build(&["--no-views"]);
    assert!(err.contains("index: 0 views"), "{err}");
    assert_eq!(index_files(&store), ["hkg-entities.tsv", "hkg-labels.fst"]);
    // The indexes are written from the snapshot, which carries the identity graph's copy
    // the labels are read from.
    let copy = |dir: &Path| std::fs::read(dir.join("hkg-identity.nt")).expect("identity copy");
    assert_eq!(copy(&newest_snapshot(&store)), copy(&store));
    // Nothing changed, but views are asked for now: written.
    let err = build(&[]);
    assert!(
        err.contains("views (") && !err.contains("index: 0 views"),
        "{err}"
    );
    let with_views = index_files(&store);
    assert!(with_views.contains(&"hkg-view-hospital-leaders.tsv".to_owned()));
    assert!(with_views.contains(&"hkg-view-hospital-leaders.idx".to_owned()));
    assert!(!with_views.iter().any(|f| f.contains("evidence-for-entity")));
    // Nothing changed: kept, not written again.
    let err = build(&[]);
    assert!(
        err.contains("index: views and labels of the last build kept"),
        "{err}"
    );
    assert_eq!(index_files(&store), with_views);
    // A removal rewrites them, keeping the choice of views.
    std::fs::copy(sample().join("sample_02.txt"), input.join("sample_02.txt")).expect("copy");
    build(&[]);
    ok(&["rm", "sample_02", "--store", s(&store)]);
    assert_eq!(index_files(&store), with_views);
}
