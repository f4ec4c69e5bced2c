//! Tests of `hkg query` (every library query on the bundled sample corpus, with the rows it
//! must return) and `hkg export` (deterministic RDF, graphs kept or merged, DOT).

use std::path::{Path, PathBuf};
use std::process::Command;

use oxigraph::io::{RdfFormat, RdfParser};

mod common;
use common::{hkg, ok};

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/sample")
}

/// Builds the sample corpus into a fresh store; returns the temp dir and the store path.
fn sample_store(inputs: &[PathBuf]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store").to_str().expect("utf-8").to_owned();
    let mut args = vec![
        "build".to_owned(),
        "-q".into(),
        "--store".into(),
        store.clone(),
    ];
    args.extend(inputs.iter().map(|p| p.to_str().expect("utf-8").to_owned()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&refs);
    (dir, store)
}

/// CSV rows of a library query (header dropped).
fn rows(store: &str, query: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["query", query, "--store", store, "--format", "csv"];
    args.extend_from_slice(extra);
    ok(&args)
        .lines()
        .skip(1)
        .map(|l| l.trim_end_matches('\r').to_owned())
        .collect()
}

#[test]
fn every_library_query_answers_its_question_on_the_sample() {
    let (_d, st) = sample_store(&[sample_dir()]);
    let leaders = rows(&st, "hospital-leaders", &[]);
    for r in [
        "房县人民医院,纪委书记,邱建国,sample_02",
        "宜春市妇幼保健院,院长,黄建明,sample_01",
        "湘潭县中医医院,院长,赵国庆,sample_03",
    ] {
        assert!(leaders.iter().any(|l| l == r), "{r} not in {leaders:#?}");
    }
    assert!(!leaders.iter().any(|l| l.contains("心内科主任,")));

    let dual = rows(&st, "dual-leaders", &[]);
    assert!(dual.contains(&"彭丽华,儿科党支部书记,儿科主任,宜春市妇幼保健院".to_owned()));
    assert!(dual.iter().all(|l| !l.starts_with("黄建明")), "{dual:#?}");

    let awards = rows(&st, "awards-by-recipient", &[]);
    assert!(awards.contains(&"宜春市妇幼保健院,全国巾帼文明岗,sample_01".to_owned()));
    assert!(awards.contains(&"儿科党支部,先进基层党组织,sample_01".to_owned()));

    let branches = rows(&st, "branches-per-hospital", &[]);
    assert!(branches.contains(&"宜春市妇幼保健院,1,儿科党支部".to_owned()));

    let evidence = rows(&st, "evidence-for-entity", &["--arg", "name=房县人民医院"]);
    assert!(evidence.iter().any(|l| l
        .starts_with("sample_02,partner,房县人民医院,十堰市太和医院")
        && l.contains("合作共建")));

    // The product brief's question: 江西省儿童医院 is provincial; 洛阳市儿童医院 (prefecture)
    // and every 妇幼保健院 are not children's hospitals of a province.
    let partners = rows(&st, "partners-of-provincial-childrens-hospitals", &[]);
    assert_eq!(partners, vec!["宜春市妇幼保健院,江西省儿童医院".to_owned()]);
}

/// Each listing narrows to one entity with `--arg`: the lookup gives exactly the listing's
/// rows for it (the form that answers fast on a large store).
#[test]
fn listings_narrow_to_one_entity_with_arg() {
    let (_d, st) = sample_store(&[sample_dir()]);
    let cases = [
        ("hospital-leaders", "hospital", 0),
        ("dual-leaders", "organisation", 3),
        ("awards-by-recipient", "recipient", 0),
        ("branches-per-hospital", "hospital", 0),
        ("partners-of-provincial-childrens-hospitals", "hospital", 0),
    ];
    for (query, var, column) in cases {
        let all = rows(&st, query, &[]);
        // One the listing names, one it does not for every query (房县人民医院 has no
        // provincial children's hospital partner).
        for (name, named) in [("宜春市妇幼保健院", true), ("房县人民医院", false)] {
            let expected: Vec<String> = all
                .iter()
                .filter(|l| l.split(',').nth(column) == Some(name))
                .cloned()
                .collect();
            if named {
                assert!(
                    !expected.is_empty(),
                    "{query}: no row for {name} in {all:#?}"
                );
            }
            let arg = format!("{var}={name}");
            assert_eq!(
                rows(&st, query, &["--arg", &arg]),
                expected,
                "{query} {name}"
            );
        }
    }
}

#[test]
fn query_lists_formats_and_errors() {
    let (_d, st) = sample_store(&[sample_dir()]);
    let list = ok(&["query", "--list"]);
    for q in [
        "hospital-leaders",
        "dual-leaders",
        "awards-by-recipient",
        "branches-per-hospital",
        "evidence-for-entity",
        "partners-of-provincial-childrens-hospitals",
    ] {
        assert!(list.contains(q), "{q} missing from --list:\n{list}");
    }
    let count =
        "SELECT (COUNT(DISTINCT ?h) AS ?n) WHERE { ?h a <https://w3id.org/hkg/ontology#Hospital> }";
    let json = ok(&["query", "-e", count, "--store", &st, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("SPARQL JSON results");
    assert_eq!(v["results"]["bindings"][0]["n"]["value"], "8");
    let xml = ok(&["query", "-e", count, "--store", &st, "--format", "xml"]);
    assert!(xml.contains("<sparql") && xml.contains(">8<"));
    let tsv = ok(&["query", "-e", count, "--store", &st, "--format", "tsv"]);
    assert_eq!(tsv.lines().next(), Some("?n"));
    let table = ok(&["query", "-e", count, "--store", &st]);
    assert!(table.contains("(1 rows)"));

    let bad = hkg(&["query", "-e", "SELEC nothing", "--store", &st]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("query -e"));
    let missing = hkg(&["query", "no-such-query", "--store", &st]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-query"));
    // A required parameter left out is named, not answered with an empty or whole-store list.
    let unbound = hkg(&["query", "evidence-for-entity", "--store", &st]);
    assert_eq!(unbound.status.code(), Some(2));
    let err = String::from_utf8_lossy(&unbound.stderr);
    assert!(err.contains("needs a value for name (--arg name="), "{err}");
}

fn sample_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(sample_dir())
        .expect("sample dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

#[test]
fn exports_are_the_same_bytes_whatever_the_build_order() {
    let files = sample_files();
    let mut reversed = files.clone();
    reversed.reverse();
    let (_a, st_a) = sample_store(&files);
    let (_b, st_b) = sample_store(&reversed);
    for f in [
        "turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld", "dot",
    ] {
        let a = ok(&["export", "--store", &st_a, "--format", f]);
        let b = ok(&["export", "--store", &st_b, "--format", f]);
        assert!(!a.is_empty(), "{f} export is empty");
        assert_eq!(a, b, "{f} export differs between build orders");
        assert!(!a.contains("_:"), "{f} export has blank nodes");
    }
}

fn parse(text: &str, format: RdfFormat) -> std::collections::BTreeSet<String> {
    RdfParser::from_format(format)
        .for_reader(text.as_bytes())
        .map(|q| {
            let q = q.expect("parses");
            format!("{} {} {}", q.subject, q.predicate, q.object)
        })
        .collect()
}

#[test]
fn merged_formats_hold_the_same_graph_and_quads_keep_documents() {
    let (_d, st) = sample_store(&[sample_dir()]);
    let nt = parse(
        &ok(&["export", "--store", &st, "--format", "ntriples"]),
        RdfFormat::NTriples,
    );
    let ttl = parse(
        &ok(&["export", "--store", &st, "--format", "turtle"]),
        RdfFormat::Turtle,
    );
    let xml = parse(
        &ok(&["export", "--store", &st, "--format", "rdfxml"]),
        RdfFormat::RdfXml,
    );
    assert_eq!(nt, ttl, "Turtle and N-Triples differ as graphs");
    assert_eq!(nt, xml, "RDF/XML and N-Triples differ as graphs");
    let nq = ok(&[
        "export",
        "--store",
        &st,
        "--format",
        "nquads",
        "--graph",
        "sample_02",
    ]);
    assert!(nq
        .lines()
        .all(|l| l.ends_with("<https://w3id.org/hkg/doc/sample_02> .")));
    assert!(nq.contains("十堰市太和医院"));
    // The whole store keeps the identity graph: resolved entities, their places and links.
    let all = ok(&["export", "--store", &st, "--format", "nquads"]);
    let identity = "<https://w3id.org/hkg/identity> .";
    assert!(all.lines().any(|l| l.starts_with(
        "<https://w3id.org/hkg/id/hospital/房县人民医院> <https://w3id.org/hkg/ontology#place> <"
    ) && l.ends_with(identity)));
    assert!(nt
        .iter()
        .any(|t| t.contains("http://www.wikidata.org/entity/Q")));
    let out = tempfile::tempdir().expect("tmp");
    let ttl_path = out.path().join("g.ttl");
    ok(&[
        "export",
        "--store",
        &st,
        "-o",
        ttl_path.to_str().expect("utf-8"),
    ]);
    let written = std::fs::read_to_string(&ttl_path).expect("written");
    assert_eq!(parse(&written, RdfFormat::Turtle), nt, "-o g.ttl is Turtle");
    let gone = hkg(&[
        "export", "--store", &st, "--format", "nquads", "--graph", "nope",
    ]);
    assert_eq!(gone.status.code(), Some(2));
}

#[test]
fn dot_export_focuses_on_a_neighbourhood() {
    let (_d, st) = sample_store(&[sample_dir()]);
    let all = ok(&["export", "--store", &st, "--format", "dot"]);
    let near = ok(&[
        "export",
        "--store",
        &st,
        "--format",
        "dot",
        "--focus",
        "房县人民医院",
        "--depth",
        "1",
    ]);
    assert!(all.starts_with("graph hkg {") && all.trim_end().ends_with('}'));
    assert!(near.contains("label=\"十堰市太和医院\"") && near.contains("label=\"合作\""));
    assert!(
        !near.contains("宜春市妇幼保健院"),
        "depth 1 reaches too far"
    );
    assert!(all.contains("宜春市妇幼保健院"));
    let lost = hkg(&[
        "export",
        "--store",
        &st,
        "--format",
        "dot",
        "--focus",
        "无此医院",
    ]);
    assert_eq!(lost.status.code(), Some(2));
    // With Graphviz installed, the drawing renders.
    if Command::new("dot").arg("-V").output().is_ok() {
        let svg = ok(&["export", "--store", &st, "--format", "dot", "--svg"]);
        assert!(svg.contains("<svg"));
    }
}
