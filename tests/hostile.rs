//! Hostile names: hospital, person, branch, honour and partner names holding `"`, `<>`, `\`,
//! `{}`, `|`, `^`, a backtick, a newline, `#`, `%`, a space and `"""`. Their IRIs are valid
//! and stable, every export format gives the names back, DOT escapes them and renders, the
//! curation and links files read them back, and a `--arg` value cannot change a query.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{hkg, ok, s};
use hkg::export::{self, ExportFormat};
use hkg::graph::{document_quads, Stamp};
use hkg::ingest::Given;
use hkg::store::KgStore;
use hkg::{Document, Evidence, Fact, Relation, Source};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;

/// Every character the issue names, in one run.
const HOSTILE: &str = "\"<>\\{}|^`\n#% \"\"\"";

fn name(stem: &str, suffix: &str) -> String {
    format!("{stem}{HOSTILE}{suffix}")
}

struct Names {
    hospital: String,
    person: String,
    branch: String,
    award: String,
    partner: String,
}

fn names() -> Names {
    Names {
        hospital: name("鹤汀市", "人民医院"),
        person: name("周", "明"),
        branch: name("内科", "党支部"),
        award: name("全国", "先进集体"),
        partner: name("鹤汀", "医科大学"),
    }
}

/// The fixture article: every name in a sentence of the register, as a document.
fn article(n: &Names) -> Document {
    let text = format!(
        "{h}召开年度工作会议。\n{h}党委书记{p}出席会议并讲话。\n{b}书记{p}介绍了支部工作。\n\
         近日，{h}荣获“{a}”称号。\n{h}与{u}签订合作协议。\n",
        h = n.hospital,
        p = n.person,
        b = n.branch,
        a = n.award,
        u = n.partner,
    );
    Document::from_text(
        "hostile #1 \"doc\"",
        Source::File(PathBuf::from("hostile.txt")),
        text,
        Given::default(),
    )
    .expect("a document")
}

/// The facts an extractor reading such names would give, each with a sentence's evidence.
fn facts(doc: &Document, n: &Names) -> Vec<Fact> {
    let s = doc.sentences[0];
    let evidence = Evidence {
        sentence: 0,
        start: s.start,
        end: s.end,
        extractor: "fixture",
    };
    let fact = |relation, args: &[&str]| Fact {
        relation,
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        evidence,
    };
    vec![
        fact(Relation::Hospital, &[&n.hospital]),
        fact(Relation::Person, &[&n.person]),
        fact(Relation::Role, &[&n.person, "党委书记", &n.hospital]),
        fact(Relation::Branch, &[&n.branch, &n.hospital]),
        fact(Relation::Award, &[&n.hospital, &n.award]),
        fact(Relation::Institution, &[&n.partner, "university"]),
        fact(Relation::Partner, &[&n.hospital, &n.partner]),
    ]
}

fn store_of_article() -> (KgStore, Names) {
    let n = names();
    let doc = article(&n);
    let quads = document_quads(&doc, &facts(&doc, &n), &Stamp { rules_hash: "test" });
    let kg = KgStore::memory().expect("store");
    kg.replace_document(&doc.id, &quads).expect("stored");
    (kg, n)
}

fn exported(kg: &KgStore, format: ExportFormat) -> Vec<u8> {
    let mut out = Vec::new();
    export::write_rdf(kg, format, None, &mut out).expect("exported");
    out
}

/// The string values of every literal, and every IRI, of a parsed export.
fn parsed(format: RdfFormat, bytes: &[u8]) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut literals, mut iris) = (BTreeSet::new(), BTreeSet::new());
    for q in RdfParser::from_format(format).for_slice(bytes) {
        let q = q.unwrap_or_else(|e| panic!("{format} does not parse: {e}"));
        if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = &q.subject {
            iris.insert(n.as_str().to_owned());
        }
        match &q.object {
            Term::Literal(l) => {
                literals.insert(l.value().to_owned());
            }
            Term::NamedNode(n) => {
                iris.insert(n.as_str().to_owned());
            }
            _ => {}
        }
    }
    (literals, iris)
}

#[test]
fn every_export_format_gives_the_names_back_under_valid_iris() {
    let (kg, n) = store_of_article();
    let wanted = [&n.hospital, &n.person, &n.branch, &n.award, &n.partner];
    let mut iris_of = Vec::new();
    for (format, rdf) in [
        (ExportFormat::NQuads, RdfFormat::NQuads),
        (ExportFormat::TriG, RdfFormat::TriG),
        (ExportFormat::Turtle, RdfFormat::Turtle),
        (ExportFormat::NTriples, RdfFormat::NTriples),
        (ExportFormat::RdfXml, RdfFormat::RdfXml),
        (
            ExportFormat::JsonLd,
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
    ] {
        let (literals, iris) = parsed(rdf, &exported(&kg, format));
        for w in wanted {
            assert!(literals.contains(w.as_str()), "{format:?} lost {w:?}");
        }
        // No raw delimiter reaches an IRI: each is escaped, and the parser accepted it.
        for iri in &iris {
            assert!(
                !iri.contains(['"', '<', '>', '\\', '{', '}', '|', '^', '`', '\n', ' ']),
                "{format:?}: {iri}"
            );
        }
        iris_of.push(iris);
    }
    assert!(
        iris_of.windows(2).all(|w| w[0] == w[1]),
        "formats disagree on IRIs"
    );
    // The entity IRIs are a function of the names: the same in another build.
    let (again, _) = store_of_article();
    assert_eq!(
        exported(&kg, ExportFormat::NQuads),
        exported(&again, ExportFormat::NQuads)
    );
    let hospital = hkg::graph::entity_iri(hkg::graph::EntityKind::Hospital, &n.hospital, None);
    assert!(iris_of[0].contains(hospital.as_str()), "{hospital}");
    assert!(hospital
        .as_str()
        .contains("%22%3C%3E%5C%7B%7D%7C%5E%60%0A%23%25%20"));
}

#[test]
fn dot_labels_escape_the_names_and_render() {
    let (kg, n) = store_of_article();
    let drawing = export::entity_graph(&kg).expect("drawing");
    let mut dot = Vec::new();
    export::write_dot(&drawing, &mut dot).expect("dot");
    let dot = String::from_utf8(dot).expect("utf-8");
    // Each label is the name with `"` and `\` escaped and the newline as \n, on one line.
    let escaped = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    };
    for w in [&n.hospital, &n.person, &n.branch, &n.award, &n.partner] {
        let label = format!("label=\"{}\"", escaped(w));
        assert!(dot.contains(&label), "{label} not in\n{dot}");
    }
    if std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_err()
    {
        eprintln!("skipped rendering: no graphviz here (CI installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("g.dot");
    std::fs::write(&file, &dot).expect("write");
    let out = std::process::Command::new("dot")
        .args(["-Tsvg", s(&file)])
        .output()
        .expect("dot runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8_lossy(&out.stdout);
    // The SVG carries the name's text, XML-escaped.
    assert!(svg.contains("鹤汀市&quot;&lt;&gt;\\{}|^`"), "{svg}");
}

#[test]
fn curation_and_link_files_read_hostile_names_back() {
    let n = names();
    let esc = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('\n', "\\n")
            .replace('#', "\\#")
    };
    let text = format!(
        "# a comment\nmerge\t{}\t{}  # merged by hand\nsplit\t{}\t{}\nreject\t{}\taward\n",
        esc(&n.hospital),
        esc(&n.partner),
        esc(&n.person),
        esc(&n.branch),
        esc(&n.award),
    );
    let c = hkg::resolve::Curation::parse(&text, "c.tsv").expect("parses");
    use hkg::resolve::Override;
    assert_eq!(
        c.overrides,
        vec![
            Override::Merge(n.hospital.clone(), n.partner.clone()),
            Override::Split(n.person.clone(), n.branch.clone()),
            Override::Reject(n.award.clone(), Relation::Award),
        ]
    );
    let links = format!(
        "name\tcode\tqid\tsource\n{}\t420000\tQ1\thttps://example.org/a#b\n",
        esc(&n.hospital)
    );
    let links = hkg::resolve::parse_links(&links, "l.tsv").expect("parses");
    assert_eq!(links[0].name, n.hospital);
    assert_eq!(links[0].source, "https://example.org/a#b");

    // Through the binary: the store records the overrides with the names as given.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("c.tsv");
    std::fs::write(&file, &text).expect("write");
    let store = dir.path().join("s");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/sample");
    ok(&[
        "build",
        "-q",
        s(&sample),
        "--store",
        s(&store),
        "--curation",
        s(&file),
    ]);
    let o = common::query(
        &store,
        "PREFIX hkg: <https://w3id.org/hkg/ontology#>
         SELECT ?a WHERE { ?o a hkg:Override ; hkg:arg1 ?a }",
    );
    let rows = String::from_utf8_lossy(&o.stdout);
    for w in [&n.hospital, &n.person, &n.award] {
        let cell = format!(
            "\"{}\"@zh",
            w.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        );
        assert!(rows.contains(&cell), "{cell} not in {rows}");
    }
}

/// `--arg` splices its value as an escaped literal. The payload closes the literal and adds
/// UNDEF, which matches every hospital when spliced raw; escaped, it is a name like any other.
#[test]
fn an_arg_value_cannot_change_the_query() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("s");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/sample");
    ok(&["build", "-q", s(&sample), "--store", s(&store)]);
    let payload = "无此医院\"@zh UNDEF \"无此医院";
    let run = |args: &[&str]| {
        let mut all = vec![
            "query",
            "hospital-leaders",
            "--store",
            s(&store),
            "--format",
            "tsv",
        ];
        all.extend_from_slice(args);
        ok(&all)
    };
    let every = run(&[]);
    assert!(every.lines().count() > 3, "{every}");
    // Spliced raw, where --arg puts it, the payload returns every row.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/hospital-leaders.rq"),
    )
    .expect("query");
    let raw = text.replacen(
        "GRAPH ?g {",
        &format!("GRAPH ?g {{\n  VALUES ?hospital_zh {{ \"{payload}\"@zh }}"),
        1,
    );
    assert_ne!(raw, text);
    let o = hkg(&["query", "--store", s(&store), "--format", "tsv", "-e", &raw]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        every,
        "the payload is live"
    );
    // Through --arg it is only a name: the rows of any other name no hospital has.
    let injected = run(&["--arg", &format!("hospital={payload}")]);
    let plain = run(&["--arg", "hospital=无此医院"]);
    assert_eq!(injected, plain);
    assert_eq!(injected.lines().count(), 1, "only the header: {injected}");
}
