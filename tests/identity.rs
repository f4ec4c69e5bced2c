//! Identity across documents (issue 5), on tests/fixtures/identity: one hospital under four
//! names, two people called 张伟 at two hospitals, places, curation, links, `hkg show`, and an
//! identity graph that does not depend on build order.

use std::path::{Path, PathBuf};

mod common;
use common::{hkg, ok};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/identity")
}

fn build(dir: &tempfile::TempDir, inputs: &[PathBuf], extra: &[&str]) -> String {
    let st = dir.path().join("store").to_str().expect("utf-8").to_owned();
    let mut args: Vec<String> = vec!["build".into(), "-q".into(), "--store".into(), st.clone()];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args.extend(inputs.iter().map(|p| p.to_str().expect("utf-8").to_owned()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&refs);
    st
}

/// The rows of a SPARQL query as TSV lines, the header dropped.
fn select(st: &str, sparql: &str) -> Vec<String> {
    ok(&["query", "--store", st, "--format", "tsv", "-e", sparql])
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

/// The identity graph's triples, as sorted N-Triples-like lines.
fn identity(st: &str) -> Vec<String> {
    select(
        st,
        "SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/hkg/identity> { ?s ?p ?o } } ORDER BY ?s ?p ?o",
    )
}

fn canonical(st: &str, iri: &str) -> String {
    select(
        st,
        &format!("SELECT ?c WHERE {{ GRAPH <https://w3id.org/hkg/identity> {{ <{iri}> <http://www.w3.org/2002/07/owl#sameAs> ?c FILTER(STRSTARTS(STR(?c), \"https://w3id.org/hkg/id/\")) }} }}"),
    )
    .into_iter()
    .next()
    .unwrap_or_else(|| format!("<{iri}>"))
}

/// Builds the fixtures with `flag FILE`, asserts hkg refuses to run (exit 2), returns stderr.
fn refused(st: &str, flag: &str, file: &Path) -> String {
    let o = hkg(&[
        "build",
        "-q",
        "--store",
        st,
        flag,
        file.to_str().expect("utf-8"),
        fixtures().to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ID: &str = "https://w3id.org/hkg/id/";

/// Rows of `hkg query hospitals-in-place --arg place=PLACE` (hospital, place, code) as CSV.
fn hospitals_in(st: &str, place: &str) -> Vec<String> {
    ok(&[
        "query",
        "hospitals-in-place",
        "--store",
        st,
        "--arg",
        &format!("place={place}"),
        "--format",
        "csv",
    ])
    .lines()
    .skip(1)
    .map(|l| l.trim_end_matches('\r').to_owned())
    .collect()
}

#[test]
fn one_hospital_under_four_names_is_one_iri_with_every_name() {
    let dir = tempfile::tempdir().expect("tmp");
    let st = build(&dir, &[fixtures()], &[]);
    let shown = ok(&["show", "--store", &st, "湖南省妇幼院"]);
    let first = shown.lines().next().expect("a name");
    assert_eq!(first, "湖南省妇幼保健院", "{shown}");
    for name in ["湖南省妇女儿童医院", "湖南省妇幼院", "省妇幼保健院"] {
        assert!(shown.contains(name), "{name} missing:\n{shown}");
    }
    // Every document's name for it points to the one IRI, and `hkg show` gathers them all.
    assert_eq!(
        canonical(&st, &format!("{ID}hospital/湖南省妇幼院")),
        format!("<{ID}hospital/湖南省妇幼保健院>")
    );
    for doc in ["[id1 ", "[id2 ", "[id3 "] {
        assert!(shown.contains(doc), "no fact from {doc}:\n{shown}");
    }
    assert!(shown.contains("place    湖南省 (430000)"), "{shown}");
    // Resolution never changes the facts as each document names them.
    let facts = ok(&["facts", "--store", &st]);
    assert!(facts.contains("id3\thospital\t湖南省妇幼院"));
}

#[test]
fn one_short_form_in_two_articles_about_two_counties_joins_nothing() {
    // id5 and id6 each call their own county's hospital 县妇幼院.
    let dir = tempfile::tempdir().expect("tmp");
    let st = build(&dir, &[fixtures()], &[]);
    let a = canonical(&st, &format!("{ID}hospital/桃源县妇幼保健院"));
    let b = canonical(&st, &format!("{ID}hospital/沅陵县妇幼保健院"));
    assert_ne!(a, b);
    let shown = ok(&["show", "--store", &st, "沅陵县妇幼保健院"]);
    assert!(
        shown.contains("县妇幼院") && !shown.contains("桃源"),
        "{shown}"
    );
}

#[test]
fn a_short_form_no_text_completes_is_one_hospital_per_article() {
    // Neither article names its city, so their 市中心医院 may be two hospitals: two IRIs, each
    // scoped to its article, and two 院长 of one name stay two people.
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::write(
        corpus.join("a.txt"),
        "市中心医院开展义诊\n本报讯 市中心医院院长王立新带队下乡义诊。\n",
    )
    .expect("write");
    std::fs::write(
        corpus.join("b.txt"),
        "市中心医院召开会议\n本报讯 市中心医院院长王立新主持会议。\n",
    )
    .expect("write");
    let st = build(&dir, &[corpus], &[]);
    let hospitals = select(
        &st,
        "SELECT ?e WHERE { GRAPH <https://w3id.org/hkg/identity> { ?e a <https://w3id.org/hkg/ontology#Hospital> ; <http://www.w3.org/2004/02/skos/core#prefLabel> \"市中心医院\"@zh } } ORDER BY ?e",
    );
    assert_eq!(
        hospitals,
        vec![
            format!("<{ID}hospital/市中心医院@a>"),
            format!("<{ID}hospital/市中心医院@b>"),
        ],
        "{hospitals:#?}"
    );
    let people = select(
        &st,
        "SELECT DISTINCT ?p WHERE { GRAPH ?g { ?p a <https://w3id.org/hkg/ontology#Person> ; <https://schema.org/name> \"王立新\"@zh } }",
    );
    assert_eq!(people.len(), 2, "{people:#?}");
}

#[test]
fn two_people_of_one_name_at_two_hospitals_stay_two() {
    let dir = tempfile::tempdir().expect("tmp");
    let st = build(&dir, &[fixtures()], &[]);
    let people = select(
        &st,
        "SELECT DISTINCT ?p WHERE { GRAPH <https://w3id.org/hkg/identity> { ?p a <https://w3id.org/hkg/ontology#Person> ; <https://schema.org/name> \"张伟\"@zh } } ORDER BY ?p",
    );
    assert_eq!(
        people,
        vec![
            format!("<{ID}person/张伟@岳阳市人民医院>"),
            format!("<{ID}person/张伟@常德市第一人民医院>"),
        ],
        "{people:#?}"
    );
    let o = hkg(&["show", "--store", &st, "张伟"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("names 2 entities"));
}

/// id1 and id2 report one partnership under two names of the provincial hospital, id3 another
/// under a third: the identity graph holds each once, between resolved hospitals, both ways.
#[test]
fn partnerships_are_joined_between_resolved_hospitals() {
    let dir = tempfile::tempdir().expect("tmp");
    let st = build(&dir, &[fixtures()], &[]);
    let pairs = select(
        &st,
        "SELECT ?x ?y WHERE { GRAPH <https://w3id.org/hkg/identity> { ?x <https://w3id.org/hkg/ontology#partner> ?y } } ORDER BY ?x ?y",
    );
    let edge = |a: &str, b: &str| format!("<{ID}hospital/{a}>\t<{ID}hospital/{b}>");
    assert_eq!(
        pairs,
        vec![
            edge("岳阳市人民医院", "湖南省妇幼保健院"),
            edge("常德市第一人民医院", "湖南省妇幼保健院"),
            edge("湖南省妇幼保健院", "岳阳市人民医院"),
            edge("湖南省妇幼保健院", "常德市第一人民医院"),
        ],
        "{pairs:#?}"
    );
}

/// Also the two ways identity gets its input: all at once into an empty store, it takes the
/// records from the build; one by one, it reads them back from the store.
#[test]
fn the_identity_graph_is_the_same_whatever_the_build_order() {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    docs.sort();
    let at_once = tempfile::tempdir().expect("tmp");
    let a = build(&at_once, &docs, &[]);
    let one_by_one = tempfile::tempdir().expect("tmp");
    let mut b = String::new();
    for d in docs.iter().rev() {
        b = build(&one_by_one, std::slice::from_ref(d), &[]);
    }
    let ia = identity(&a);
    assert!(ia.len() > 40, "identity graph too small: {ia:?}");
    assert_eq!(ia, identity(&b));
    // Removing a document recomputes it: the abbreviation's document is gone, so is its name.
    ok(&["rm", "--store", &b, "id3"]);
    assert!(!identity(&b).iter().any(|t| t.contains("湖南省妇幼院")));
}

#[test]
fn hospitals_are_found_by_province_through_the_place_hierarchy() {
    let dir = tempfile::tempdir().expect("tmp");
    let st = build(&dir, &[fixtures()], &[]);
    assert_eq!(
        hospitals_in(&st, "湖南省"),
        vec![
            "湖南省妇幼保健院,湖南省,430000",
            "岳阳市人民医院,岳阳市,430600",
            "常德市第一人民医院,常德市,430700",
            "桃源县妇幼保健院,桃源县,430725",
            "沅陵县妇幼保健院,沅陵县,431222",
        ]
    );
    // A city finds its counties' hospitals too, and nothing outside it.
    assert_eq!(
        hospitals_in(&st, "常德市"),
        vec![
            "常德市第一人民医院,常德市,430700",
            "桃源县妇幼保健院,桃源县,430725"
        ]
    );
    // Places carry their Wikidata link from the shipped gazetteer.
    let ids = identity(&st);
    assert!(ids
        .iter()
        .any(|t| t.starts_with(&format!("<{ID}place/430000>"))
            && t.contains("owl#sameAs")
            && t.contains("wikidata.org/entity/Q")));
}

#[test]
fn curation_merges_splits_and_rejects_and_is_remembered() {
    let dir = tempfile::tempdir().expect("tmp");
    let cur = dir.path().join("curation.tsv");
    std::fs::write(
        &cur,
        "# keep the abbreviation apart, join two hospitals the rules cannot, drop a person\n\
         split\t湖南省妇幼院\t湖南省妇幼保健院\n\
         merge\t岳阳市人民医院\t常德市第一人民医院\n\
         reject\t刘红梅\tperson\n",
    )
    .expect("write");
    let st = build(
        &dir,
        &[fixtures()],
        &["--curation", cur.to_str().expect("utf-8")],
    );
    let check = |st: &str| {
        assert_eq!(
            canonical(st, &format!("{ID}hospital/湖南省妇幼院")),
            format!("<{ID}hospital/湖南省妇幼院>"),
            "split not applied"
        );
        let a = canonical(st, &format!("{ID}hospital/岳阳市人民医院"));
        let b = canonical(st, &format!("{ID}hospital/常德市第一人民医院"));
        assert_eq!(a, b, "merge not applied");
        let facts = ok(&["facts", "--store", st]);
        assert!(!facts.contains("刘红梅"), "reject not applied:\n{facts}");
        let ids = identity(st);
        assert_eq!(
            ids.iter()
                .filter(|t| t.contains("ontology#Override"))
                .count(),
            3
        );
    };
    check(&st);
    // A later build without the flag applies the stored curation again.
    std::fs::write(
        dir.path().join("later.txt"),
        "岳阳市人民医院召开会议\n\n本报讯 岳阳市人民医院院长张伟主持会议。\n",
    )
    .expect("write");
    build(&dir, &[fixtures(), dir.path().join("later.txt")], &[]);
    check(&st);
    // A bad curation line is an error naming the file and line.
    std::fs::write(&cur, "merge\tonly-one\n").expect("write");
    assert!(refused(&st, "--curation", &cur).contains("curation.tsv:1"));
}

#[test]
fn a_user_link_table_links_institutions_to_wikidata() {
    let dir = tempfile::tempdir().expect("tmp");
    let links = dir.path().join("links.tsv");
    std::fs::write(
        &links,
        "name\tcode\tqid\tsource\n岳阳市人民医院\t\tQ424242\tmy own lookup, 2026-11-23\n",
    )
    .expect("write");
    let st = build(
        &dir,
        &[fixtures()],
        &["--links", links.to_str().expect("utf-8")],
    );
    let shown = ok(&["show", "--store", &st, "岳阳市人民医院"]);
    let linked = "same as  http://www.wikidata.org/entity/Q424242";
    assert!(shown.contains(linked), "{shown}");
    // Removing a document recomputes identity with the same table when rm is given it.
    ok(&[
        "rm",
        "--store",
        &st,
        "--links",
        links.to_str().expect("utf-8"),
        "id6",
    ]);
    let shown = ok(&["show", "--store", &st, "岳阳市人民医院"]);
    assert!(shown.contains(linked), "{shown}");
    // A link without its source is refused.
    std::fs::write(&links, "岳阳市人民医院\t\tQ424242\t\n").expect("write");
    assert!(refused(&st, "--links", &links).contains("links.tsv:1"));
}

/// A store written by an hkg older than identity records: its documents are left out of
/// resolution, and the build says so instead of resolving a smaller corpus in silence.
#[test]
fn documents_without_an_identity_record_are_counted_not_resolved() {
    use hkg::pipeline::{build, BuildOptions};
    use hkg::store::KgStore;
    use oxigraph::model::{NamedNodeRef, QuadRef};

    let kg = KgStore::memory().expect("store");
    let rules = hkg::rules::Rules::builtin().expect("rules");
    let opts = BuildOptions {
        inputs: vec![fixtures()],
        format: hkg::ingest::Format::Auto,
        encoding: hkg::ingest::Encoding::Auto,
        stdin_id: "stdin".into(),
        prune: false,
        force: false,
        batch: 64,
        max_doc_size: hkg::ingest::DEFAULT_MAX_DOC_SIZE,
        curation: None,
        links: Vec::new(),
        views: false,
    };
    let summary = build(&kg, &rules, &opts, &mut |_| {}).expect("built");
    assert_eq!(summary.identity.without_record, 0);
    let documents = kg.documents().expect("documents");
    let record = NamedNodeRef::new_unchecked("https://w3id.org/hkg/ontology#identityRecord");
    let old = kg
        .inner()
        .quads_for_pattern(None, Some(record), None, None)
        .next()
        .expect("a record")
        .expect("readable");
    kg.inner()
        .remove(QuadRef::from(&old))
        .expect("record removed");
    let stats = hkg::resolve::recompute(&kg, &rules, &Default::default(), &[]).expect("resolved");
    assert_eq!(stats.without_record, 1);
    assert_eq!(kg.documents().expect("documents").len(), documents.len());
}
