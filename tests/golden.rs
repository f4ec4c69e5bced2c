//! Golden files: the Turtle and DOT exports of a fixture article, checked in under
//! tests/golden/. Turtle is compared as a graph (no blank nodes, so as a set of triples);
//! DOT byte for byte. After an intended change, regenerate them with
//! `HKG_BLESS=1 cargo test --release --test golden` and review the diff.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Runs hkg with `stdin` on its standard input (closed at once when None), asserts it
/// succeeded, and returns its standard output.
fn hkg(args: &[&str], stdin: Option<&[u8]>) -> Vec<u8> {
    let out = common::hkg_stdin(args, stdin.unwrap_or_default());
    assert!(
        out.status.success(),
        "hkg {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The triples of a Turtle text, without the rules hash and the identity graph's inputs hash
/// (both change with every rule edit and say nothing about the graph's shape).
fn graph(turtle: &[u8]) -> BTreeSet<String> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_reader(turtle)
        .map(|q| q.expect("parses").to_string())
        .filter(|t| !t.contains("ontology#rulesHash") && !t.contains("ontology#inputsHash"))
        .collect()
}

fn check(name: &str, actual: &[u8], same: impl Fn(&[u8], &[u8]) -> bool) {
    let path = golden(name);
    if std::env::var_os("HKG_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read(&path).expect("golden file (HKG_BLESS=1 writes it)");
    assert!(
        same(&expected, actual),
        "{} differs from the export; if the change is intended, rerun with HKG_BLESS=1 \
         and review the diff.\nexport:\n{}",
        path.display(),
        String::from_utf8_lossy(actual)
    );
}

#[test]
fn turtle_and_dot_exports_match_their_golden_files() {
    let dir = tempfile::tempdir().expect("tmp");
    let st = dir.path().join("store");
    let st = st.to_str().expect("utf-8");
    let text = std::fs::read(golden("zhuzhou.txt")).expect("fixture");
    hkg(
        &["build", "-q", "--store", st, "--stdin-id", "zhuzhou", "-"],
        Some(&text),
    );
    let ttl = hkg(&["export", "--store", st, "--format", "turtle"], None);
    check("zhuzhou.ttl", &ttl, |a, b| graph(a) == graph(b));
    let dot = hkg(&["export", "--store", st, "--format", "dot"], None);
    check("zhuzhou.dot", &dot, |a, b| a == b);
}
