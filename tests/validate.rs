//! `hkg validate`: the build's own output conforms to ontology/shapes.ttl, each constraint the
//! shapes use catches a store broken on purpose (naming the node and the document), and a
//! shapes file with a constraint hkg cannot check is refused rather than passed.

use std::collections::BTreeSet;
use std::process::Command;

use hkg::graph::{document_quads, Stamp};
use hkg::ingest::{Document, Encoding, Source};
use hkg::store::KgStore;
use hkg::validate::{self, Component, Shapes, Violation};
use hkg::{extract, Rules};
use oxigraph::sparql::SparqlEvaluator;

mod common;

const ARTICLE: &str = "株洲市人民医院举行党建工作推进会\n\n\
本报讯 3月12日，株洲市人民医院召开党建工作推进会。医院党委书记周文涛出席会议并讲话。\n\
株洲市人民医院是一所三级甲等综合医院，位于株洲市。该院心内科党支部荣获“市级先进基层党组织”称号。\n\
当天，株洲市人民医院与江西省儿童医院签订医联体合作协议。\n";

const DOC: &str = "https://w3id.org/hkg/doc/zhuzhou";
const HOSPITAL: &str = "https://w3id.org/hkg/id/hospital/株洲市人民医院";

const PREFIXES: &str = "PREFIX hkg: <https://w3id.org/hkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
";

/// A store holding the fixture article, built as `hkg build` builds it.
fn store() -> KgStore {
    let rules = Rules::load(None).expect("rules");
    let doc = Document::from_bytes("zhuzhou", Source::Stdin, ARTICLE.as_bytes(), Encoding::Utf8)
        .expect("document");
    let facts = extract(&doc, &rules).facts;
    let kg = KgStore::memory().expect("store");
    let quads = document_quads(
        &doc,
        &facts,
        &Stamp {
            rules_hash: &rules.hash,
        },
    );
    kg.replace_document(&doc.id, &quads).expect("write");
    kg
}

fn violations(kg: &KgStore) -> Vec<Violation> {
    let mut out = Vec::new();
    let shapes = Shapes::builtin().expect("shapes");
    let n = validate::validate(kg, &shapes, &mut |v| out.push(v)).expect("validates");
    assert_eq!(n, out.len());
    out
}

fn update(kg: &KgStore, body: &str) {
    SparqlEvaluator::new()
        .parse_update(&format!("{PREFIXES}{body}"))
        .expect("update parses")
        .on_store(kg.inner())
        .execute()
        .expect("update runs");
}

/// One corruption per constraint component: the update that breaks it, and the focus node
/// the violation must name (a SPARQL-free way to know it: an IRI or an IRI prefix).
const BREAKS: &[(Component, &str, &str)] = &[
    (
        Component::MinCount,
        "DELETE WHERE { GRAPH ?g { ?d hkg:docId ?id } }",
        DOC,
    ),
    (
        Component::MaxCount,
        "INSERT { GRAPH ?g { ?h skos:prefLabel \"株洲一院\"@zh } }
         WHERE { GRAPH ?g { ?h a hkg:Hospital FILTER(CONTAINS(STR(?h), \"株洲市人民医院\")) } }",
        HOSPITAL,
    ),
    (
        Component::Datatype,
        "DELETE { GRAPH ?g { ?d dcterms:title ?t } } INSERT { GRAPH ?g { ?d dcterms:title \"no language\" } }
         WHERE { GRAPH ?g { ?d dcterms:title ?t } }",
        DOC,
    ),
    (
        Component::Class,
        "DELETE WHERE { GRAPH ?g { ?r a org:Role } }",
        "https://w3id.org/hkg/doc/zhuzhou#m-",
    ),
    (
        Component::NodeKind,
        "INSERT { GRAPH ?g { ?h hkg:partner \"江西省儿童医院\"@zh } }
         WHERE { GRAPH ?g { ?h a hkg:Hospital FILTER(CONTAINS(STR(?h), \"株洲市人民医院\")) } }",
        HOSPITAL,
    ),
    (
        Component::In,
        "DELETE { GRAPH ?g { ?h hkg:hospitalType ?t } } INSERT { GRAPH ?g { ?h hkg:hospitalType hkg:Spaceport } }
         WHERE { GRAPH ?g { ?h hkg:hospitalType ?t FILTER(CONTAINS(STR(?h), \"株洲市人民医院\")) } }",
        HOSPITAL,
    ),
    (
        Component::Or,
        "INSERT { GRAPH ?g { ?d dcterms:date \"3月12日\"@zh } } WHERE { GRAPH ?g { ?d a hkg:Document } }",
        DOC,
    ),
    (
        Component::Pattern,
        "DELETE { GRAPH ?g { ?d hkg:contentHash ?c } } INSERT { GRAPH ?g { ?d hkg:contentHash \"not-a-sha256\" } }
         WHERE { GRAPH ?g { ?d hkg:contentHash ?c } }",
        DOC,
    ),
    (
        Component::MinInclusive,
        "DELETE { GRAPH ?g { ?s hkg:start ?n } } INSERT { GRAPH ?g { ?s hkg:start -7 } }
         WHERE { GRAPH ?g { ?s a hkg:Sentence ; hkg:start ?n } }",
        "https://w3id.org/hkg/doc/zhuzhou#s",
    ),
    (
        Component::Closed,
        "INSERT { GRAPH ?g { ?h hkg:nickname \"一院\"@zh } }
         WHERE { GRAPH ?g { ?h a hkg:Hospital FILTER(CONTAINS(STR(?h), \"株洲市人民医院\")) } }",
        HOSPITAL,
    ),
];

#[test]
fn the_builds_own_graph_conforms() {
    let kg = store();
    let facts = kg.facts().expect("facts");
    assert!(facts.len() >= 8, "fixture extracts too little: {facts:?}");
    assert_eq!(violations(&kg), vec![]);
}

#[test]
fn each_constraint_catches_a_store_broken_on_purpose() {
    for (component, body, focus) in BREAKS {
        let kg = store();
        update(&kg, body);
        let found = violations(&kg);
        assert!(
            found.iter().any(|v| v.component == *component
                && v.focus.starts_with(focus)
                && v.document == "zhuzhou"),
            "{component:?} not reported on {focus} after {body}; got {found:#?}"
        );
    }
}

#[test]
fn every_constraint_the_shapes_use_has_a_breaking_test() {
    let used = Shapes::builtin().expect("shapes").components();
    let tested: BTreeSet<Component> = BREAKS.iter().map(|b| b.0).collect();
    let untested: Vec<_> = used.difference(&tested).collect();
    assert!(untested.is_empty(), "no breaking test for {untested:?}");
    // And the validator implements nothing the shapes do not exercise untested.
    assert_eq!(tested, Component::ALL.into_iter().collect());
}

#[test]
fn shapes_cover_every_class_the_build_types_a_node_with() {
    let kg = store();
    let (_, rows) = kg
        .select(
            "classes",
            "SELECT DISTINCT ?c WHERE { ?s a ?c FILTER(!STRSTARTS(STR(?c), \"https://schema.org/\")
               && ?c NOT IN (<http://www.w3.org/ns/prov#Entity>, <http://www.w3.org/ns/org#Organization>,
                             <http://www.w3.org/ns/org#OrganizationalUnit>)) }",
        )
        .expect("query");
    let targets: BTreeSet<String> = Shapes::builtin()
        .expect("shapes")
        .shapes
        .iter()
        .map(|s| s.target_class.as_str().to_owned())
        .collect();
    for r in rows {
        let c = r[0].as_ref().expect("class").to_string();
        let c = c.trim_matches(['<', '>']);
        assert!(targets.contains(c), "no shape targets {c}");
    }
}

#[test]
fn unsupported_shacl_is_refused_not_passed() {
    let head = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n";
    for (body, term) in [
        (
            "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:or ( [ sh:class ex:d ] ) ] .",
            "sh:or",
        ),
        (
            "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxLength 3 ] .",
            "sh:maxLength",
        ),
        (
            "ex:S sh:targetClass ex:C . ex:T sh:targetNode ex:n ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
            "sh:targetNode",
        ),
        (
            "ex:S sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
            "sh:path",
        ),
    ] {
        let err = Shapes::parse(&format!("{head}{body}"), "my-shapes.ttl")
            .expect_err("unsupported shapes must be refused");
        let msg = err.to_string();
        assert!(
            msg.contains("my-shapes.ttl") && msg.contains(term),
            "{term}: {msg}"
        );
    }
}

#[test]
fn hkg_validate_passes_the_sample_and_names_the_node_in_a_corrupted_store() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    let st = store.to_str().expect("utf-8");
    let bin = env!("CARGO_BIN_EXE_hkg");
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/sample");
    let built = Command::new(bin)
        .args(["build", "-q", "--store", st, sample])
        .status()
        .expect("build");
    assert!(built.success());
    let run = || {
        Command::new(bin)
            .args(["validate", "--store", st])
            .output()
            .expect("validate")
    };
    let clean = run();
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    assert!(String::from_utf8_lossy(&clean.stderr).contains("conforms"));

    {
        // A writer that corrupts the store, and publishes it for readers as a build would.
        let lock = hkg::snapshot::WriteLock::acquire(&store, "a test").expect("lock");
        let kg = KgStore::open(&store).expect("open");
        update(
            &kg,
            "INSERT { GRAPH ?g { ?h hkg:hospitalType hkg:GeneralHospital, hkg:TCMHospital } }
             WHERE { GRAPH ?g { ?h a hkg:Hospital } }",
        );
        kg.flush().expect("flush");
        hkg::pipeline::publish(&lock, kg, None, false).expect("publish");
    }
    let broken = run();
    assert_eq!(broken.status.code(), Some(1));
    let out = String::from_utf8(broken.stdout).expect("utf-8");
    let line = out
        .lines()
        .find(|l| l.contains("MaxCountConstraintComponent") && l.starts_with("sample_"))
        .expect("a maxCount violation in a document");
    let cols: Vec<&str> = line.split('\t').collect();
    assert!(cols[0].starts_with("sample_"), "document: {line}");
    assert!(
        cols[1].starts_with("https://w3id.org/hkg/id/hospital/"),
        "focus: {line}"
    );
    assert!(cols[3].ends_with("hospitalType"), "path: {line}");

    let limited = Command::new(bin)
        .args(["validate", "--store", st, "--limit", "2"])
        .output()
        .expect("validate");
    assert_eq!(String::from_utf8_lossy(&limited.stdout).lines().count(), 2);
}

#[test]
fn the_unseen_set_and_the_seeds_conform() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_hkg");
    for corpus in [
        Some(root.join("corpus/unseen")),
        common::shared("corpus/seeds"),
    ]
    .into_iter()
    .flatten()
    {
        let dir = tempfile::tempdir().expect("tmp");
        let st = dir.path().join("store");
        let st = st.to_str().expect("utf-8");
        let built = Command::new(bin)
            .args(["build", "-q", "--store", st])
            .arg(&corpus)
            .status()
            .expect("build");
        assert!(built.success());
        let v = Command::new(bin)
            .args(["validate", "--store", st])
            .output()
            .expect("validate");
        assert!(
            v.status.success(),
            "{}: {}",
            corpus.display(),
            String::from_utf8_lossy(&v.stdout)
        );
    }
}
