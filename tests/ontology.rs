//! The ontology declares every hkg term the build emits, each with Chinese and English labels
//! and comments.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Term, Triple};

const HKG: &str = "https://w3id.org/hkg/ontology#";

fn triples(text: &str, format: RdfFormat) -> Vec<Triple> {
    RdfParser::from_format(format)
        .for_reader(text.as_bytes())
        .map(|q| q.expect("parses").into())
        .collect()
}

#[test]
fn every_emitted_hkg_term_is_declared_with_labels_and_comments_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let onto = std::fs::read_to_string(root.join("ontology/hkg.ttl")).expect("ontology");
    let onto = triples(&onto, RdfFormat::Turtle);
    // term -> set of "predicate@lang" it carries
    let mut described: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in &onto {
        if let Term::Literal(l) = &t.object {
            let p = t
                .predicate
                .as_str()
                .rsplit(['#', '/'])
                .next()
                .unwrap_or("")
                .to_owned();
            described
                .entry(t.subject.to_string())
                .or_default()
                .insert(format!("{p}@{}", l.language().unwrap_or("")));
        }
    }

    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    let bin = env!("CARGO_BIN_EXE_hkg");
    let corpus = root.join("corpus");
    let st = store.to_str().expect("utf-8");
    for c in ["sample", "unseen"] {
        let ok = Command::new(bin)
            .args(["build", "-q", "--store", st])
            .arg(corpus.join(c))
            .status()
            .expect("build");
        assert!(ok.success());
    }
    let out = Command::new(bin)
        .args(["export", "--store", st, "--format", "ntriples"])
        .output()
        .expect("export");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut used = BTreeSet::new();
    for t in triples(&text, RdfFormat::NTriples) {
        if t.predicate.as_str().starts_with(HKG) {
            used.insert(t.predicate.to_string());
        }
        if let Term::NamedNode(n) = &t.object {
            if n.as_str().starts_with(HKG) {
                used.insert(n.to_string());
            }
        }
    }
    assert!(used.len() > 20, "too few terms used: {used:?}");
    for term in used {
        let d = described.get(&term);
        for need in ["label@zh", "label@en", "comment@zh", "comment@en"] {
            assert!(
                d.is_some_and(|d| d.contains(need)),
                "{term} lacks rdfs:{need} in ontology/hkg.ttl"
            );
        }
    }
}
