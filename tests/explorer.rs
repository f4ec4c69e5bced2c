//! The explorer's pages in a real browser: headless Chromium loads them from `hkg serve`
//! over a store of the sample articles and of one article whose names carry markup, and the
//! tests read the DOM it rendered. `.ci/run` installs Debian's chromium; without it the
//! browser tests skip, unless `CI` is set, when they fail.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::server::Server;
use common::{ok, s};
use hkg::graph::{document_quads, Stamp};
use hkg::ingest::Given;
use hkg::store::KgStore;
use hkg::{Document, Evidence, Fact, Relation, Source};

/// Names whose markup would have an effect if a page let it run: each sets the page's title,
/// which the tests read back from the rendered DOM.
struct Hostile {
    hospital: String,
    person: String,
    award: String,
    branch: String,
    title: String,
}

fn hostile() -> Hostile {
    Hostile {
        hospital: "鹤汀市</title><script>document.title='pwned-script'</script>人民医院".into(),
        person: "周<img src=x onerror=\"document.title='pwned-img'\">明".into(),
        award: "全国\" autofocus onfocus=\"document.title='pwned-attr'\" x=\"先进集体".into(),
        branch: "内科' autofocus onfocus='document.title=`pwned-quote`' x='党支部".into(),
        title: "</title><script>document.title='pwned-headline'</script>鹤汀市人民医院新闻".into(),
    }
}

/// The hostile article, and the facts an extractor reading such names would give, each
/// with the sentence that holds it.
fn hostile_graph(n: &Hostile) -> (Document, Vec<oxigraph::model::Quad>) {
    let text = format!(
        "{h}召开年度工作会议。\n{h}党委书记{p}出席会议并讲话。\n{b}书记{p}介绍了支部工作。\n\
         近日，{h}荣获“{a}”称号。\n",
        h = n.hospital,
        p = n.person,
        b = n.branch,
        a = n.award,
    );
    let given = Given {
        title: Some(n.title.clone()),
        date: Some("2026-03-01".into()),
        ..Given::default()
    };
    let doc = Document::from_text(
        "hostile",
        Source::File(PathBuf::from("hostile.txt")),
        text,
        given,
    )
    .expect("a document");
    let at = |name: &str| {
        let start = doc.text.find(name).unwrap_or(0);
        Evidence {
            sentence: doc.sentence_at(start).unwrap_or(0),
            start,
            end: start + name.len().min(doc.text.len() - start),
            extractor: "fixture",
        }
    };
    let fact = |relation, args: &[&str]| Fact {
        relation,
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        evidence: at(args[args.len() - 1]),
    };
    let facts = vec![
        fact(Relation::Hospital, &[&n.hospital]),
        fact(Relation::Person, &[&n.person]),
        fact(Relation::Role, &[&n.person, "党委书记", &n.hospital]),
        fact(Relation::Branch, &[&n.branch, &n.hospital]),
        fact(Relation::Award, &[&n.hospital, &n.award]),
    ];
    let quads = document_quads(&doc, &facts, &Stamp { rules_hash: "test" });
    (doc, quads)
}

/// A store of the sample articles and the hostile one, built and published by
/// `hkg build` (the hostile article's graph is written first, as an extractor would write
/// it, and resolved with the others).
fn store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    {
        let kg = KgStore::open(&store).expect("a store");
        let (doc, quads) = hostile_graph(&hostile());
        kg.replace_document(&doc.id, &quads).expect("stored");
    }
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("input folder");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/sample");
    for a in common::articles(&sample) {
        std::fs::copy(&a, input.join(a.file_name().expect("a name"))).expect("copies an article");
    }
    ok(&["build", s(&input), "--store", s(&store)]);
    store
}

/// Headless Chromium, or None (a skip) where it is not installed and `CI` is not set.
fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and Chromium is missing: .ci/run installs Debian's chromium"
        );
        eprintln!("skipped: no Chromium on PATH (apt-get install chromium)");
    }
    found
}

/// A browser run: headless, no network beyond the page, a fresh profile each time.
fn browser(chromium: &Path, args: &[&str]) -> String {
    let profile = tempfile::tempdir().expect("a profile folder");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("runs chromium");
    assert!(
        out.status.success(),
        "chromium {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the DOM is UTF-8")
}

/// The DOM of `url` after the page loaded and any script ran.
fn dom(chromium: &Path, url: &str) -> String {
    let dom = browser(chromium, &["--dump-dom", url]);
    assert!(dom.contains("</html>"), "no page at {url}: {dom}");
    dom
}

/// Text as the DOM serializer writes it in an element's content.
fn as_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// The first link of `dom` to a path that begins `prefix`, as an address.
fn link(dom: &str, prefix: &str) -> String {
    let at = dom
        .find(&format!("href=\"{prefix}"))
        .unwrap_or_else(|| panic!("no link to {prefix} in {dom}"));
    let rest = &dom[at + "href=\"".len()..];
    rest[..rest.find('"').expect("a closing quote")].replace("&amp;", "&")
}

/// One SPARQL row of the served store, as TSV cells without their quotes and tags.
fn sparql_row(server: &Server, q: &str) -> Vec<String> {
    let body = server
        .get(q, Some("text/tab-separated-values"), &[])
        .ok()
        .body;
    let line = body
        .lines()
        .nth(1)
        .unwrap_or_else(|| panic!("no row for {q}"));
    line.split('\t')
        .map(|c| {
            let c = c.strip_prefix('"').unwrap_or(c);
            let end = c.rfind('"').unwrap_or(c.len());
            c[..end].replace("\\n", "\n").replace("\\\"", "\"")
        })
        .collect()
}

const HKG: &str = "https://w3id.org/hkg/ontology#";

#[test]
fn a_reader_finds_a_hospital_its_evidence_its_article_and_its_neighbourhood() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&store(dir.path()), &[]);

    // 1. Search, as the home page's box does.
    let found = dom(
        &chromium,
        &server.url("/find?q=%E5%AE%9C%E6%98%A5%E5%B8%82%E5%A6%87%E5%B9%BC"),
    );
    assert!(found.contains("宜春市妇幼保健院"), "{found}");
    let entity_url = server.url(&link(&found, "/entity?iri="));

    // 2. Its page: the evidence sentence, and the span the store records marked in it.
    let page = dom(&chromium, &entity_url);
    assert!(page.contains("<h1>宜春市妇幼保健院</h1>"), "{page}");
    let row = sparql_row(
        &server,
        &format!(
            "SELECT ?content ?start ?end ?ss ?se WHERE {{ GRAPH <https://w3id.org/hkg/doc/sample_01> {{
               ?f <{HKG}relation> \"role\" ; <{HKG}arg3> \"宜春市妇幼保健院\"@zh ; <{HKG}start> ?start ;
                  <{HKG}end> ?end ; <{HKG}evidence> ?s . ?s <{HKG}start> ?ss ; <{HKG}end> ?se .
               <https://w3id.org/hkg/doc/sample_01> <{HKG}content> ?content }} }} ORDER BY ?start LIMIT 1"
        ),
    );
    let content: Vec<char> = row[0].chars().collect();
    let n = |i: usize| row[i].parse::<usize>().expect("an offset");
    let cut = |a: usize, b: usize| content[a..b].iter().collect::<String>();
    let (span, before, after) = (cut(n(1), n(2)), cut(n(3), n(1)), cut(n(2), n(4)));
    let marked = format!(
        "{}<mark>{}</mark>{}",
        as_text(&before),
        as_text(&span),
        as_text(&after)
    );
    assert!(
        page.contains(&marked),
        "the evidence {marked:?} with its span marked is on the page: {page}"
    );
    // Posts over time: the two articles' dates in order, the later one's new 院长 after.
    let posts = &page[page.find("Posts over time").expect("posts over time")..];
    let posts = &posts[..posts.find("</table>").expect("a table")];
    let (earlier, later) = (posts.find("2024-03-12"), posts.find("2025-09-08"));
    assert!(
        earlier.is_some() && later.is_some() && earlier < later,
        "posts in date order: {posts}"
    );
    assert!(posts.contains("林志远"), "{posts}");
    assert!(page.contains("Partners"), "{page}");
    assert!(page.contains("江西省儿童医院"), "a partner, linked: {page}");

    // 3. The article: its title, its text with every fact's span marked, the facts beside.
    let doc_url = server.url(&link(&page, "/doc?id="));
    let doc = dom(&chromium, &doc_url);
    let facts = sparql_row(
        &server,
        &format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <https://w3id.org/hkg/doc/sample_01> {{ ?f a <{HKG}Fact> }} }}"
        ),
    );
    let listed = doc.matches("<li id=\"fact-").count();
    assert_eq!(
        listed.to_string(),
        facts[0].split("^^").next().unwrap_or("").trim_matches('"'),
        "every fact of the article is listed beside it"
    );
    assert!(
        doc.contains(&format!("id=\"span-{}-{}\"", n(1), n(2))),
        "the span is marked where it starts in the article: {doc}"
    );
    assert!(doc.matches("<mark").count() >= 10, "{doc}");

    // 4. The neighbourhood graph: the hospital, its partner, each a link to its page.
    let graph = dom(&chromium, &server.url(&link(&page, "/graph?iri=")));
    assert!(graph.contains("<svg"), "{graph}");
    assert!(graph.contains("江西省儿童医院"), "{graph}");
    assert!(
        graph.matches("<a href=\"/entity?iri=").count() >= 3,
        "{graph}"
    );

    // Screenshots for the README, of the pages a reader sees.
    let shots = screenshots();
    for (name, url) in [("entity", &entity_url), ("document", &doc_url)] {
        let file = shots.join(format!("{name}.png"));
        browser(
            &chromium,
            &[
                "--window-size=1200,1400",
                &format!("--screenshot={}", file.display()),
                url,
            ],
        );
        assert!(
            std::fs::metadata(&file).is_ok_and(|m| m.len() > 10_000),
            "a screenshot at {}",
            file.display()
        );
    }
}

/// `target/screenshots`, beside the test binary's own target folder.
fn screenshots() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary");
    // target/release/deps/explorer-HASH
    let target = exe
        .ancestors()
        .nth(3)
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf);
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("a screenshots folder");
    dir
}

#[test]
fn names_that_carry_markup_are_shown_as_text_and_never_run() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&store(dir.path()), &[]);
    let n = hostile();
    let found = dom(&chromium, &server.url("/find?q=%E9%B9%A4%E6%B1%80"));
    let hospital = server.url(&link(&found, "/entity?iri="));
    let page = dom(&chromium, &hospital);
    let person = server.url(&link(
        &page[page.find("Posts").unwrap_or(0)..],
        "/entity?iri=",
    ));
    let pages = [
        ("search", found.clone()),
        ("hospital", page.clone()),
        ("person", dom(&chromium, &person)),
        ("document", dom(&chromium, &server.url("/doc?id=hostile"))),
        (
            "graph",
            dom(&chromium, &server.url(&link(&page, "/graph?iri="))),
        ),
        (
            "query",
            dom(
                &chromium,
                &server.url(&format!(
                    "/query/evidence-for-entity?name={}",
                    form_urlencoded::byte_serialize(n.hospital.as_bytes()).collect::<String>()
                )),
            ),
        ),
    ];
    for (what, dom) in &pages {
        let d = dom_query::Document::from(dom.as_str());
        let t = d.select("head > title").text().to_string();
        assert!(
            !t.starts_with("pwned") && t.ends_with("· hkg"),
            "the {what} page's title was changed to {t:?}"
        );
        let injected = d.select("script, img, [onerror], [onfocus], [autofocus]");
        assert_eq!(
            injected.length(),
            0,
            "markup from a name became elements or attributes on the {what} page: {}",
            injected.html()
        );
        assert!(
            dom.contains(&as_text("鹤汀市</title><script>")),
            "the hospital's name is text on the {what} page: {dom}"
        );
    }
    let all: String = pages.iter().map(|(_, d)| d.as_str()).collect();
    for name in [&n.hospital, &n.person, &n.award, &n.branch] {
        assert!(all.contains(&as_text(name)), "{name} shown as text");
    }
    let (_, document) = &pages[3];
    let heading = dom_query::Document::from(document.as_str())
        .select("h1")
        .text()
        .to_string();
    assert_eq!(
        heading, n.title,
        "the headline is the document page's heading, as text"
    );
    let heading = dom_query::Document::from(pages[1].1.as_str())
        .select("h1")
        .text()
        .to_string();
    assert_eq!(
        heading, n.hospital,
        "the hospital's name is its page's heading, as text"
    );
}

#[test]
fn static_files_refuse_paths_out_of_their_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&store(dir.path()), &[]);
    let css = server.get_path("/static/hkg.css", None).ok();
    assert!(css.content_type().starts_with("text/css"));
    // Raw requests, so that no client tidies the dots away first.
    for path in [
        "/static/../Cargo.toml",
        "/static/..%2f..%2fCargo.toml",
        "/static/%2e%2e/src/main.rs",
        "/static/hkg.css/../../Cargo.toml",
        "/static//etc/passwd",
    ] {
        let reply = raw_get(&server.base, path);
        assert!(reply.starts_with("HTTP/1.1 404"), "{path}: {reply}");
        assert!(
            !reply.contains("[package]") && !reply.contains("root:"),
            "{path}: {reply}"
        );
    }
}

/// A GET of `path` exactly as written, and the whole reply.
fn raw_get(base: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut c = std::net::TcpStream::connect(addr).expect("connects");
    write!(
        c,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut reply = String::new();
    c.read_to_string(&mut reply).expect("reads");
    reply
}

#[test]
fn pages_answer_without_a_browser_and_bad_requests_get_an_html_page() {
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&store(dir.path()), &[]);
    let home = server.get_path("/", Some("text/html")).ok();
    assert!(home.content_type().starts_with("text/html"));
    assert!(
        home.header("content-security-policy")
            .is_some_and(|p| p.contains("default-src 'none'")),
        "pages forbid scripts"
    );
    assert!(
        home.body.contains("Hospitals"),
        "counts per class: {}",
        home.body
    );
    // The query page runs a library query a page at a time and offers it as CSV.
    let page = server
        .get_path("/query/hospital-leaders?limit=2", None)
        .ok();
    assert!(page.body.contains("<table"), "{}", page.body);
    assert!(page.body.contains("rel=\"next\""), "{}", page.body);
    assert!(page.body.contains("format=csv"), "{}", page.body);
    // The free form: a table, and a parse error shown beside the form.
    let q = "SELECT ?name WHERE { ?h a <https://w3id.org/hkg/ontology#Hospital> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name";
    let r = server
        .agent
        .get(server.url("/query"))
        .query("sparql", q)
        .call()
        .expect("GET /query");
    let body = r.into_body().read_to_string().expect("body");
    assert!(body.contains("宜春市妇幼保健院"), "{body}");
    let r = server
        .agent
        .get(server.url("/query"))
        .query("sparql", "SELEC nothing")
        .call()
        .expect("GET /query");
    assert_eq!(r.status().as_u16(), 400);
    let body = r.into_body().read_to_string().expect("body");
    assert!(
        body.contains("<textarea") && body.contains("class=\"error\""),
        "{body}"
    );
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    for (path, status) in [
        (
            "/entity?iri=https%3A%2F%2Fw3id.org%2Fhkg%2Fid%2Fhospital%2Fnone",
            404,
        ),
        ("/entity", 400),
        ("/doc?id=none", 404),
        ("/graph?iri=x&depth=3", 400),
        // Not IRIs: never written into a query.
        ("/entity?iri=https%3A%2F%2Fx%3E%20%7D%20%7D", 400),
        ("/graph?iri=https%3A%2F%2Fx%3E%20%7D", 400),
        ("/query/none", 404),
    ] {
        let r = server.get_path(path, None);
        assert_eq!(r.status, status, "{path}: {}", r.body);
        assert!(r.content_type().starts_with("text/html"), "{path}");
    }
    let dot = server
        .get_path(
            &format!(
                "/graph?iri={}&format=dot",
                enc("https://w3id.org/hkg/id/hospital/宜春市妇幼保健院")
            ),
            None,
        )
        .ok();
    assert!(dot.body.starts_with("graph hkg {"), "{}", dot.body);
}

#[test]
fn a_name_that_several_entities_share_lists_them_and_one_that_one_has_opens_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/identity");
    let store = dir.path().join("store");
    ok(&["build", s(&fixtures), "--store", s(&store)]);
    let server = Server::start(&store, &[]);
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    // Two people named 张伟, at hospitals of two cities.
    let page = server
        .get_path(&format!("/entity?name={}", enc("张伟")), None)
        .ok();
    assert!(
        page.body.contains("2 entities are named so"),
        "{}",
        page.body
    );
    assert_eq!(page.body.matches("<a href=\"/entity?iri=").count(), 2);
    let one = server
        .get_path(&link(&page.body, "/entity?iri="), None)
        .ok();
    assert!(one.body.contains("<h1>张伟</h1>"), "{}", one.body);
    // A name only one entity has opens its page.
    let page = server
        .get_path(&format!("/entity?name={}", enc("陈立群")), None)
        .ok();
    assert!(page.body.contains("<h1>陈立群</h1>"), "{}", page.body);
}
