//! `hkg link` against a real SPARQL server on loopback: PyPI's `oxigraph` (which `.ci/run`
//! installs) serving a fixture dataset in Wikidata's shape, and a stub that answers 429 once.
//! Without `oxigraph` on PATH the tests skip, unless `CI` is set, when they fail.

use std::collections::BTreeSet;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

mod common;
use common::server::{free_port, read_request, wait_for};
use common::{hkg, ok, s};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `oxigraph serve-read-only` over the fixture, killed when dropped.
struct Oxigraph {
    child: Child,
    /// `http://127.0.0.1:PORT/query`
    query: String,
}

impl Drop for Oxigraph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fixture served, or None (a skip) where `oxigraph` is not installed and `CI` is unset.
fn oxigraph(dir: &Path) -> Option<Oxigraph> {
    let installed = Command::new("oxigraph")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and `oxigraph` is missing: .ci/run installs it with pip"
        );
        eprintln!("skipped: no `oxigraph` on PATH (pip install oxigraph==0.5.13)");
        return None;
    }
    let location = dir.join("wikidata");
    let items = fixtures().join("wikidata/items.ttl");
    let loaded = Command::new("oxigraph")
        .args(["load", "--location", s(&location), "--file", s(&items)])
        .output()
        .expect("runs oxigraph load");
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let port = free_port();
    let child = Command::new("oxigraph")
        .args(["serve-read-only", "--location", s(&location), "--bind"])
        .arg(format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts oxigraph serve-read-only");
    let server = Oxigraph {
        child,
        query: format!("http://127.0.0.1:{port}/query"),
    };
    wait_for(port);
    Some(server)
}

/// A store of the identity fixtures: 湖南省妇幼保健院, 岳阳市人民医院, 常德市第一人民医院,
/// 桃源县妇幼保健院, 沅陵县妇幼保健院 and 湖南省卫生健康委员会, each placed by its articles.
fn store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    ok(&[
        "build",
        s(&fixtures().join("identity")),
        "--store",
        s(&store),
    ]);
    store
}

/// Runs `hkg link` against `endpoint`; the output files' rows without comments or header.
fn link(
    store: &Path,
    endpoint: &str,
    dir: &Path,
) -> (std::process::Output, Vec<String>, Vec<String>) {
    let (links, review) = (dir.join("links.tsv"), dir.join("review.tsv"));
    let types = fixtures().join("wikidata/types.tsv");
    let o = hkg(&[
        "link",
        "--endpoint",
        endpoint,
        "--store",
        s(store),
        "-o",
        s(&links),
        "--review",
        s(&review),
        "--types",
        s(&types),
        "--timeout",
        "20",
    ]);
    let rows = |p: &Path| -> Vec<String> {
        std::fs::read_to_string(p)
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("name\t"))
            .map(str::to_owned)
            .collect()
    };
    let (l, r) = (rows(&links), rows(&review));
    (o, l, r)
}

/// (name, code, qid, score, candidates) of each link row.
fn linked(rows: &[String]) -> BTreeSet<(String, String, String, String, String)> {
    rows.iter()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 6, "{l}");
            assert!(
                f[3].contains("hkg link"),
                "the source names the endpoint and hkg: {l}"
            );
            (
                f[0].into(),
                f[1].into(),
                f[2].into(),
                f[4].into(),
                f[5].into(),
            )
        })
        .collect()
}

fn intended() -> BTreeSet<(String, String, String, String, String)> {
    [
        // exact
        ("湖南省妇幼保健院", "430000", "Q900001", "100", "1"),
        // through an alias (zh-cn), an instance of a subclass of hospital
        ("岳阳市人民医院", "430600", "Q900002", "90", "1"),
        // two of the name in two counties: the one in 桃源县
        ("桃源县妇幼保健院", "430725", "Q900003", "100", "2"),
        // an institution kind
        ("湖南省卫生健康委员会", "430000", "Q900008", "100", "1"),
    ]
    .into_iter()
    .map(|(a, b, c, d, e)| (a.into(), b.into(), c.into(), d.into(), e.into()))
    .collect()
}

#[test]
fn link_proposes_exactly_what_the_fixture_intends_and_the_build_puts_it_on_the_entities() {
    let dir = tempfile::tempdir().expect("tmp");
    let Some(server) = oxigraph(dir.path()) else {
        return;
    };
    let store = store(dir.path());
    let (o, links, review) = link(&store, &server.query, dir.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert_eq!(linked(&links), intended(), "{err}");
    // The ambiguous pair is left for review with both candidates; the non-hospital named
    // like 沅陵县妇幼保健院 is no candidate at all.
    assert_eq!(review.len(), 1, "{review:?}");
    assert!(
        review[0].starts_with("常德市第一人民医院\t430700\t")
            && review[0].contains("Q900006")
            && review[0].contains("Q900007"),
        "{review:?}"
    );
    assert!(!links.iter().chain(&review).any(|l| l.contains("Q900005")));

    // Two runs against the same data give the same rows.
    let (_, again, again_review) = link(&store, &server.query, dir.path());
    assert_eq!((again, again_review), (links.clone(), review));

    // A build with the links file puts owl:sameAs on the right resolved entities, and
    // `hkg show` displays it.
    ok(&[
        "build",
        s(&fixtures().join("identity")),
        "--store",
        s(&store),
        "--links",
        s(&dir.path().join("links.tsv")),
    ]);
    let shown = ok(&["show", "湖南省妇幼保健院", "--store", s(&store)]);
    assert!(
        shown.contains("same as  http://www.wikidata.org/entity/Q900001"),
        "{shown}"
    );
    let shown = ok(&["show", "桃源县妇幼保健院", "--store", s(&store)]);
    assert!(shown.contains("entity/Q900003"), "{shown}");
    let shown = ok(&["show", "沅陵县妇幼保健院", "--store", s(&store)]);
    assert!(!shown.contains("wikidata"), "{shown}");
    // The explorer's entity page links it.
    let served = common::server::Server::start(&store, &[]);
    let name = form_urlencoded::byte_serialize("湖南省妇幼保健院".as_bytes()).collect::<String>();
    let page = served.get_path(&format!("/entity?name={name}"), None).ok();
    assert!(
        page.body
            .contains("href=\"http://www.wikidata.org/entity/Q900001\""),
        "{}",
        page.body
    );
    drop(served);
    // Linked entities are not asked about again.
    let (o, links, _) = link(&store, &server.query, dir.path());
    assert!(o.status.success());
    assert!(links.is_empty(), "{links:?}");
}

/// A stub endpoint: the first request gets 429 with Retry-After: 1, the others are passed
/// to `upstream`. Returns its query URL.
fn throttling_stub(upstream: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}/query", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for (n, conn) in listener.incoming().enumerate() {
            let Ok(mut conn) = conn else { continue };
            let body = String::from_utf8_lossy(&read_request(&mut conn).1).into_owned();
            if n == 0 {
                let _ = conn.write_all(
                    b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                continue;
            }
            let query: String = form_urlencoded::parse(body.as_bytes())
                .find(|(k, _)| k == "query")
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default();
            let answer = ureq::post(&upstream)
                .header("Accept", "application/sparql-results+json")
                .send_form([("query", query.as_str())])
                .expect("upstream answers")
                .into_body()
                .read_to_string()
                .expect("a body");
            let _ = write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    url
}

#[test]
fn a_429_is_waited_out_and_an_unreachable_endpoint_is_named() {
    let dir = tempfile::tempdir().expect("tmp");
    let Some(server) = oxigraph(dir.path()) else {
        return;
    };
    let store = store(dir.path());
    let stub = throttling_stub(server.query.clone());
    let (o, links, _) = link(&store, &stub, dir.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("1 answers asked to wait"), "{err}");
    assert_eq!(linked(&links), intended(), "{err}");

    // Nothing listens on this port.
    let down = format!("http://127.0.0.1:{}/query", free_port());
    let (o, _, _) = link(&store, &down, dir.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an error, as hkg's other errors: {err}"
    );
    assert!(
        err.contains(&down) && err.contains("cannot reach"),
        "the error names the endpoint and says it cannot be reached: {err}"
    );
}
