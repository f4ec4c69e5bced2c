//! `hkg push` against two independent triple stores on loopback: Oxigraph's server (PyPI
//! `oxigraph`) and Virtuoso (Debian's `virtuoso-opensource-7-bin`, Digest authentication),
//! both installed by `.ci/run` and started here. A counting proxy in front of each counts
//! the requests the server accepted. Without the servers the tests skip, unless `CI` is set,
//! when they fail.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod common;
use common::server::{free_port, read_request, wait_for};
use common::{hkg, ok, s};

const HKG: &str = "https://w3id.org/hkg/ontology#";

/// A server process, killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether `program` runs; a skip where it does not, unless `CI` is set.
fn installed(program: &str, args: &[&str], install: &str) -> bool {
    let ok = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and {program} is missing: .ci/run installs it ({install})"
        );
        eprintln!("skipped: {program} is not installed ({install})");
    }
    ok
}

/// A triple store to push to: its Graph Store endpoint, its query endpoint, credentials.
struct Target {
    _server: Running,
    graph_store: String,
    query: String,
    auth: Option<&'static str>,
}

fn oxigraph(dir: &Path) -> Option<Target> {
    if !installed("oxigraph", &["--version"], "pip install oxigraph==0.5.13") {
        return None;
    }
    let port = free_port();
    let child = Command::new("oxigraph")
        .args([
            "serve",
            "--location",
            s(&dir.join("oxigraph")),
            "--union-default-graph",
            "--bind",
        ])
        .arg(format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts oxigraph serve");
    let server = Running(child);
    wait_for(port);
    Some(Target {
        _server: server,
        graph_store: format!("http://127.0.0.1:{port}/store"),
        query: format!("http://127.0.0.1:{port}/query"),
        auth: None,
    })
}

fn virtuoso(dir: &Path) -> Option<Target> {
    if !Path::new("/usr/bin/virtuoso-t").exists()
        && !installed(
            "virtuoso-t",
            &["-?"],
            "apt-get install virtuoso-opensource-7-bin",
        )
    {
        return None;
    }
    let db = dir.join("virtuoso");
    std::fs::create_dir_all(&db).expect("a database folder");
    let (sql, http) = (free_port(), free_port());
    let d = db.display();
    let ini = format!(
        "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\n\
         TransactionFile = {d}/virtuoso.trx\nxa_persistent_file = {d}/virtuoso.pxa\n\
         [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\nTransactionFile = {d}/virtuoso-temp.trx\n\
         [Parameters]\nServerPort = 127.0.0.1:{sql}\nDirsAllowed = ., {d}\nNumberOfBuffers = 10000\n\
         MaxDirtyBuffers = 6000\n[HTTPServer]\nServerPort = 127.0.0.1:{http}\nServerThreads = 4\n\
         [SPARQL]\nResultSetMaxRows = 1000000\nMaxQueryExecutionTime = 60\n"
    );
    std::fs::write(db.join("virtuoso.ini"), ini).expect("writes the ini");
    let child = Command::new("virtuoso-t")
        .args(["+foreground", "+configfile", "virtuoso.ini"])
        .current_dir(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts virtuoso-t");
    let server = Running(child);
    wait_for(http);
    Some(Target {
        _server: server,
        graph_store: format!("http://127.0.0.1:{http}/sparql-graph-crud-auth"),
        query: format!("http://127.0.0.1:{http}/sparql"),
        // The account a new Virtuoso database has.
        auth: Some("dba:dba"),
    })
}

/// Requests the server answered with 2xx, as (method, graph), counted by a proxy.
type Counted = Arc<Mutex<Vec<(String, String)>>>;

/// A proxy to `upstream` (host:port) that counts accepted PUTs and DELETEs; its address.
fn counting_proxy(upstream: String, counted: Counted) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut client) = conn else { continue };
            let (head, body) = read_request(&mut client);
            if head.is_empty() {
                continue;
            }
            let request_line = head.lines().next().unwrap_or("").to_owned();
            let mut up = TcpStream::connect(&upstream).expect("upstream");
            let _ = up.set_read_timeout(Some(Duration::from_secs(120)));
            let _ = up.write_all(close(&head).as_bytes());
            let _ = up.write_all(&body);
            let mut answer = Vec::new();
            let _ = up.read_to_end(&mut answer);
            let text = String::from_utf8_lossy(&answer);
            let status: u16 = text
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let mut parts = request_line.split_whitespace();
            let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            if (200..300).contains(&status) && (method == "PUT" || method == "DELETE") {
                let graph = target
                    .split_once('?')
                    .map(|(_, q)| q)
                    .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "graph"))
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default();
                counted
                    .lock()
                    .expect("lock")
                    .push((method.to_owned(), graph));
            }
            // The answer's head says the connection closes, so the client does not reuse it.
            let split = answer
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map_or(answer.len(), |i| i + 4);
            let head = String::from_utf8_lossy(&answer[..split]).into_owned();
            let _ = client.write_all(close(&head).as_bytes());
            let _ = client.write_all(&answer[split..]);
        }
    });
    format!("127.0.0.1:{}", addr.port())
}

/// A message head with `Connection: close` in place of any Connection header.
fn close(head: &str) -> String {
    let mut lines: Vec<&str> = head
        .trim_end()
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    lines.push("Connection: close");
    format!("{}\r\n\r\n", lines.join("\r\n"))
}

/// The rows of a SELECT's JSON results as sets of their values.
fn rows_of(json: &str) -> BTreeSet<Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let vars: Vec<String> = v["head"]["vars"]
        .as_array()
        .expect("vars")
        .iter()
        .map(|x| x.as_str().unwrap_or("").to_owned())
        .collect();
    v["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| {
            vars.iter()
                .map(|k| b[k]["value"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .collect()
}

/// The questions asked of both sides: the partners question, and facts per relation.
fn questions() -> Vec<String> {
    let partners = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("queries/partners-of-provincial-childrens-hospitals.rq"),
    )
    .expect("the library query");
    vec![
        partners,
        format!("SELECT ?rel (COUNT(?f) AS ?n) WHERE {{ GRAPH ?g {{ ?f <{HKG}relation> ?rel }} }} GROUP BY ?rel"),
    ]
}

/// The server's answers equal `hkg query`'s, as sets.
fn same_answers(target: &Target, store: &Path, dir: &Path) {
    for (i, q) in questions().iter().enumerate() {
        let file = dir.join(format!("q{i}.rq"));
        std::fs::write(&file, q).expect("writes the query");
        let local = rows_of(&ok(&[
            "query",
            s(&file),
            "--store",
            s(store),
            "--format",
            "json",
        ]));
        let remote = ureq::post(&target.query)
            .header("Accept", "application/sparql-results+json")
            .send_form([("query", q.as_str())])
            .expect("the server answers")
            .into_body()
            .read_to_string()
            .expect("a body");
        assert!(!local.is_empty(), "the question has answers: {q}");
        assert_eq!(rows_of(&remote), local, "{q}");
    }
}

fn push(
    target: &Target,
    proxy: &str,
    store: &Path,
    extra: &[&str],
    fault: Option<&str>,
) -> std::process::Output {
    let path = target
        .graph_store
        .split_once("127.0.0.1:")
        .map(|(_, r)| r)
        .unwrap_or("");
    let path = &path[path.find('/').unwrap_or(path.len())..];
    let mut c = Command::new(env!("CARGO_BIN_EXE_hkg"));
    c.args([
        "push",
        "--endpoint",
        &format!("http://{proxy}{path}"),
        "--store",
        s(store),
    ])
    .args(extra)
    .env_remove("HKG_FAULT")
    .env_remove("HKG_PUSH_AUTH");
    if let Some(a) = target.auth {
        c.env("HKG_PUSH_AUTH", a);
    }
    if let Some(f) = fault {
        c.env("HKG_FAULT", f);
    }
    c.output().expect("runs hkg push")
}

/// Push, change one document and remove another, push again, kill a push and finish it.
fn push_cycle(target: Target, dir: &Path) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/sample");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("input");
    for a in common::articles(&sample) {
        std::fs::copy(&a, input.join(a.file_name().expect("name"))).expect("copies");
    }
    let store = dir.join("store");
    ok(&["build", s(&input), "--store", s(&store)]);
    let upstream = target
        .query
        .trim_start_matches("http://")
        .split('/')
        .next()
        .expect("host")
        .to_owned();
    let counted: Counted = Arc::default();
    let proxy = counting_proxy(upstream, counted.clone());

    // 1. A first push sends every graph: five documents and the identity graph.
    let o = push(&target, &proxy, &store, &[], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let puts = counted.lock().expect("lock").drain(..).collect::<Vec<_>>();
    assert_eq!(puts.len(), 6, "{puts:?}");
    same_answers(&target, &store, dir);

    // 2. One document changed, one removed: one document graph, the identity graph and one
    // DELETE.
    let mut text = std::fs::read_to_string(input.join("sample_02.txt")).expect("reads");
    text.push_str("\n房县人民医院副院长王志强参加了活动。\n");
    std::fs::write(input.join("sample_02.txt"), text).expect("writes");
    std::fs::remove_file(input.join("sample_03.txt")).expect("removes");
    ok(&["build", s(&input), "--store", s(&store), "--prune"]);
    let o = push(&target, &proxy, &store, &[], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut sent = counted.lock().expect("lock").drain(..).collect::<Vec<_>>();
    sent.sort();
    assert_eq!(
        sent,
        [
            (
                "DELETE".to_owned(),
                "https://w3id.org/hkg/doc/sample_03".to_owned()
            ),
            (
                "PUT".to_owned(),
                "https://w3id.org/hkg/doc/sample_02".to_owned()
            ),
            ("PUT".to_owned(), "https://w3id.org/hkg/identity".to_owned()),
        ]
    );
    same_answers(&target, &store, dir);
    // Nothing changed: nothing is sent.
    let o = push(&target, &proxy, &store, &[], None);
    assert!(o.status.success());
    assert!(counted.lock().expect("lock").is_empty());

    // 3. With the state gone (a first push, as far as hkg knows), a push killed after its
    // second graph, then run again: the second run sends what the first had not recorded,
    // and the result equals a clean push.
    std::fs::remove_file(store.join("hkg-push-state.json")).expect("the state file");
    let o = push(&target, &proxy, &store, &[], Some("push:2"));
    assert!(!o.status.success(), "the push was killed");
    assert_eq!(counted.lock().expect("lock").drain(..).count(), 2);
    let o = push(&target, &proxy, &store, &[], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rest = counted.lock().expect("lock").drain(..).count();
    assert!(
        (3..=5).contains(&rest),
        "four documents and the identity graph, less those recorded: {rest}"
    );
    same_answers(&target, &store, dir);
}

#[test]
fn push_to_oxigraph_server_is_incremental_and_survives_a_kill() {
    let dir = tempfile::tempdir().expect("tmp");
    let Some(target) = oxigraph(dir.path()) else {
        return;
    };
    push_cycle(target, dir.path());
}

#[test]
fn push_to_virtuoso_with_digest_authentication_is_incremental_and_survives_a_kill() {
    let dir = tempfile::tempdir().expect("tmp");
    let Some(target) = virtuoso(dir.path()) else {
        return;
    };
    push_cycle(target, dir.path());
}

#[test]
fn an_unreachable_endpoint_and_a_wrong_password_are_named_and_nothing_is_recorded() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/sample/sample_01.txt");
    ok(&["build", s(&sample), "--store", s(&store)]);
    let down = format!("http://127.0.0.1:{}/store", free_port());
    let o = hkg(&["push", "--endpoint", &down, "--store", s(&store)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(&down) && err.contains("cannot reach"), "{err}");
    let state: PathBuf = store.join("hkg-push-state.json");
    let recorded = std::fs::read_to_string(&state).unwrap_or_default();
    assert!(!recorded.contains("sample_01"), "{recorded}");

    let Some(target) = virtuoso(dir.path()) else {
        return;
    };
    let o = Command::new(env!("CARGO_BIN_EXE_hkg"))
        .args([
            "push",
            "--endpoint",
            &target.graph_store,
            "--store",
            s(&store),
        ])
        .env("HKG_PUSH_AUTH", "dba:wrong")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("authentication failed"), "{err}");
    let recorded = std::fs::read_to_string(&state).unwrap_or_default();
    assert!(!recorded.contains("sample_01"), "{recorded}");
}
