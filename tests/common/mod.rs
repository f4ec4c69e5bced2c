//! Helpers shared by the integration tests that run the real `hkg` binary.
#![allow(dead_code)] // each test crate uses its own subset

pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs hkg with `args`.
pub fn hkg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hkg"))
        .args(args)
        .output()
        .expect("runs hkg")
}

/// Runs hkg with `input` on its standard input.
pub fn hkg_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hkg"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs hkg");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("writes stdin");
    child.wait_with_output().expect("waits for hkg")
}

/// Runs hkg, asserts it succeeded, and returns its standard output.
pub fn ok(args: &[&str]) -> String {
    let o = hkg(args);
    assert!(
        o.status.success(),
        "hkg {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8 output")
}

/// A path under the sibling `../shared` folder (the seeds, the real reports, their gold), or
/// `None` when it is absent, so that a checkout without it still tests everything else. CI sets
/// `HKG_REQUIRE_SHARED=1`, and under it an absent path fails the test instead: a quality test
/// that silently skips holds nothing.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if p.exists() {
        return Some(p);
    }
    assert!(
        std::env::var_os("HKG_REQUIRE_SHARED").is_none_or(|v| v != "1"),
        "{} is absent and HKG_REQUIRE_SHARED=1",
        p.display()
    );
    eprintln!("skipped: {} not present", p.display());
    None
}

/// The strict core micro-F1 from `hkg eval`'s table.
pub fn core_f1(out: &str) -> f64 {
    f1_of(out, "core micro")
}

/// The strict F1 of one row of `hkg eval`'s table ("core micro", "award" ...).
pub fn f1_of(out: &str, label: &str) -> f64 {
    let row = out
        .lines()
        .find(|l| l.starts_with(label) && l[label.len()..].starts_with(' '))
        .unwrap_or_else(|| panic!("no {label} row in\n{out}"));
    row[label.len()..]
        .split_whitespace()
        .nth(5)
        .expect("F1")
        .parse()
        .expect("number")
}

/// Builds `corpus` into a fresh store and returns `hkg eval`'s table against `gold`.
pub fn eval_table(corpus: &Path, gold: &Path) -> String {
    eval_table_with(corpus, gold, &[])
}

/// [`eval_table`] with more `hkg build` arguments.
pub fn eval_table_with(corpus: &Path, gold: &Path, build_args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    let s = |p: &Path| p.to_str().expect("utf-8 path").to_owned();
    let (corpus, store_arg) = (s(corpus), s(&store));
    let mut args = vec!["build", corpus.as_str(), "--store", store_arg.as_str()];
    args.extend_from_slice(build_args);
    let built = hkg(&args);
    assert!(built.status.success());
    String::from_utf8_lossy(&hkg(&["eval", "--store", &s(&store), "--gold", &s(gold)]).stdout)
        .into_owned()
}

/// A path as the str a command line takes.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

/// The articles under `dir`, at any depth, sorted.
pub fn articles(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).expect("read corpus") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Runs a SPARQL query over the store with `hkg query`, results as TSV.
pub fn query(store: &Path, sparql: &str) -> Output {
    hkg(&[
        "query",
        "--store",
        s(store),
        "--format",
        "tsv",
        "-e",
        sparql,
    ])
}

/// The identity graph's triples through a query, sorted.
pub fn identity(store: &Path) -> String {
    let o = query(
        store,
        "SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/hkg/identity> { ?s ?p ?o } } ORDER BY ?s ?p ?o",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("utf-8 output")
}
