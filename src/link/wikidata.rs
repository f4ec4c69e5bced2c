//! Proposing Wikidata IDs for the resolved hospitals and institutions of the identity graph,
//! by asking a SPARQL endpoint in Wikidata's shape (`wd:`/`wdt:`, P31/P279 for classes, P131
//! for location, `rdfs:label`/`skos:altLabel` in Chinese) which items carry their names.
//!
//! A candidate must carry one of the entity's names as a label or alias, be an instance of a
//! class the types table maps the entity's kind to (through P31/P279*), and lie where the
//! entity lies: its P131 chain, read against the gazetteer's Wikidata IDs, must reach the
//! entity's place or be reached from it (a county hospital in another county of the same
//! province does not agree). One agreeing candidate is a link; several, or candidates that
//! all lie elsewhere, go to a review file for a person to settle.
//!
//! The client is a polite one, as public query services ask: one query at a time, names
//! batched with VALUES, a descriptive User-Agent, a timeout, `Retry-After` honoured on 429,
//! and backing off on 5xx.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::graph::{HKG, SKOS};
use crate::link::Gazetteer;
use crate::resolve::IDENTITY;
use crate::store::KgStore;

/// Wikidata's entity namespace: `wd:`.
pub const WD: &str = "http://www.wikidata.org/entity/";
/// The built-in types table.
pub const BUILTIN_TYPES: &str = include_str!("../../data/wikidata-types.tsv");
/// Language tags a Chinese label may carry on Wikidata.
const LANGS: [&str; 3] = ["zh", "zh-hans", "zh-cn"];

/// Which Wikidata classes fit each kind of hkg organisation.
#[derive(Debug, Clone, Default)]
pub struct Types {
    /// hkg kind (`Hospital`, or an `hkg:organisationType` such as `University`) → class IDs.
    by_kind: BTreeMap<String, Vec<String>>,
}

impl Types {
    /// Reads a types table: kind, Wikidata class ID, label, where the ID was seen in use.
    pub fn parse(text: &str, path: &str) -> Result<Types> {
        let mut t = Types::default();
        for (i, line) in text.lines().enumerate() {
            let f = crate::resolve::fields(line);
            if f.is_empty() || f[0] == "kind" {
                continue;
            }
            if f.len() != 4 || !crate::resolve::is_qid(&f[1]) || f[3].is_empty() {
                return Err(Error::Rules {
                    path: path.to_owned(),
                    line: i + 1,
                    message: "expected kind<TAB>Q-id<TAB>label<TAB>source (every class ID cites where it was found in use)".into(),
                });
            }
            t.by_kind
                .entry(f[0].clone())
                .or_default()
                .push(f[1].clone());
        }
        Ok(t)
    }

    /// The built-in table, or the user's file.
    pub fn load(path: Option<&std::path::Path>) -> Result<Types> {
        match path {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(Error::read(p))?;
                Types::parse(&text, &p.display().to_string())
            }
            None => Types::parse(BUILTIN_TYPES, "data/wikidata-types.tsv"),
        }
    }

    fn classes(&self, kind: &str) -> &[String] {
        self.by_kind.get(kind).map_or(&[], Vec::as_slice)
    }

    fn all(&self) -> BTreeSet<&str> {
        self.by_kind
            .values()
            .flatten()
            .map(String::as_str)
            .collect()
    }
}

/// A resolved organisation without a link, as the identity graph has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub iri: String,
    /// Its preferred name: the links table's `name`.
    pub name: String,
    /// Other names it is known by (aliases that stand alone, not 县妇幼院).
    pub aliases: Vec<String>,
    /// `Hospital`, or its `hkg:organisationType`.
    pub kind: String,
    /// Its gazetteer place's GB/T 2260 code, when it has one: the links table's `code`.
    pub code: Option<String>,
}

/// An item a name found, with the class it fits and where it lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub qid: String,
    pub label: String,
    /// The entity's name the item carries, and whether as its label (else an alias).
    pub name: String,
    pub as_label: bool,
    pub classes: BTreeSet<String>,
    /// The items of its P131 chain.
    pub located: BTreeSet<String>,
}

/// What becomes of one entity.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// One candidate agrees on name, type and place.
    Link {
        qid: String,
        score: u32,
        candidates: usize,
    },
    /// Left for a person: why, and every candidate.
    Review { reason: String },
    /// No item carries its names with a fitting type.
    Nothing,
}

/// Where a candidate lies against the entity's place: the deepest gazetteer division its
/// P131 chain reaches, and whether that agrees.
fn place_agrees(
    g: &Gazetteer,
    by_qid: &HashMap<&str, usize>,
    entity: Option<usize>,
    c: &Candidate,
) -> bool {
    let Some(p) = entity else {
        return true;
    };
    let deepest = c
        .located
        .iter()
        .filter_map(|q| q.strip_prefix(WD).and_then(|q| by_qid.get(q)))
        .copied()
        .max_by_key(|&i| depth(g, i));
    match deepest {
        Some(d) => g.within(d, p) || g.within(p, d),
        None => false,
    }
}

fn depth(g: &Gazetteer, mut i: usize) -> usize {
    let mut n = 0;
    while let Some(p) = g.places[i].parent {
        i = p;
        n += 1;
    }
    n
}

/// The candidates that fit `entity`'s kind, and what to do with them.
pub fn decide(g: &Gazetteer, types: &Types, entity: &Entity, candidates: &[Candidate]) -> Decision {
    let fitting: BTreeSet<&str> = types
        .classes(&entity.kind)
        .iter()
        .map(String::as_str)
        .collect();
    let typed: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| {
            c.classes
                .iter()
                .any(|k| k.strip_prefix(WD).is_some_and(|k| fitting.contains(k)))
        })
        .collect();
    // One item found by several names counts once.
    let mut seen = BTreeSet::new();
    let typed: Vec<&Candidate> = typed.into_iter().filter(|c| seen.insert(&c.qid)).collect();
    if typed.is_empty() {
        return Decision::Nothing;
    }
    let by_qid: HashMap<&str, usize> = g
        .places
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.qid.as_deref().map(|q| (q, i)))
        .collect();
    let place = entity
        .code
        .as_deref()
        .and_then(|c| g.places.iter().position(|p| p.code == c));
    let agreeing: Vec<&&Candidate> = typed
        .iter()
        .filter(|c| place_agrees(g, &by_qid, place, c))
        .collect();
    let list = || {
        typed
            .iter()
            .map(|c| {
                let place: Vec<String> = c
                    .located
                    .iter()
                    .filter_map(|q| q.strip_prefix(WD).and_then(|q| by_qid.get(q)))
                    .map(|&i| g.places[i].name.clone())
                    .collect();
                format!(
                    "{} {} ({})",
                    c.qid.trim_start_matches(WD),
                    c.label,
                    if place.is_empty() {
                        "no known place".to_owned()
                    } else {
                        place.join(" < ")
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    match agreeing.as_slice() {
        [one] => Decision::Link {
            qid: one.qid.trim_start_matches(WD).to_owned(),
            score: if one.as_label && one.name == entity.name {
                100
            } else {
                90
            },
            candidates: typed.len(),
        },
        [] => Decision::Review {
            reason: format!(
                "no candidate lies in {}: {}",
                place.map_or("its place", |p| g.places[p].name.as_str()),
                list()
            ),
        },
        several => Decision::Review {
            reason: format!(
                "{} candidates agree on name, type and place: {}",
                several.len(),
                list()
            ),
        },
    }
}

/// The resolved hospitals and institutions of the store that have no Wikidata link yet.
pub fn unlinked(kg: &KgStore) -> Result<Vec<Entity>> {
    let g = Gazetteer::builtin();
    let q = format!(
        "PREFIX hkg: <{HKG}> PREFIX skos: <{SKOS}>
         SELECT ?e ?name ?kind ?code ?alt WHERE {{ GRAPH <{IDENTITY}> {{
           {{ ?e a hkg:Hospital BIND(\"Hospital\" AS ?kind) }}
           UNION {{ ?e a hkg:Institution ; hkg:organisationType ?type
                    BIND(STRAFTER(STR(?type), \"#\") AS ?kind) }}
           ?e skos:prefLabel ?name .
           FILTER NOT EXISTS {{ ?e <http://www.w3.org/2002/07/owl#sameAs> ?q
                               FILTER(STRSTARTS(STR(?q), \"{WD}\")) }}
           OPTIONAL {{ ?e hkg:place/hkg:divisionCode ?code }}
           OPTIONAL {{ ?e skos:altLabel ?alt }} }} }} ORDER BY ?e"
    );
    let mut out: Vec<Entity> = Vec::new();
    let text = |t: &Option<oxigraph::model::Term>| crate::resolve::text(t);
    kg.select_each("link: entities", &q, &mut |r| {
        let iri = text(&r[0]);
        if out.last().is_none_or(|e| e.iri != iri) {
            out.push(Entity {
                iri,
                name: text(&r[1]),
                aliases: Vec::new(),
                kind: text(&r[2]),
                code: r[3].as_ref().map(|_| text(&r[3])),
            });
        }
        let e = out.last_mut().expect("just pushed");
        if r[4].is_some() {
            let alt = text(&r[4]);
            // Only names that stand alone: not 县妇幼院, which names a hospital in its article.
            if alt != e.name && alt.chars().count() >= 4 && !crate::scope::relative(g, &alt) {
                e.aliases.push(alt);
            }
        }
    })?;
    out.retain(|e| e.kind != "OtherOrganisation");
    Ok(out)
}

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct Client {
    pub endpoint: String,
    pub user_agent: String,
    pub timeout: Duration,
    /// The most attempts per query (429 and 5xx answers, and failed connections, are tried
    /// again).
    pub attempts: u32,
    /// The first wait after a 5xx or a failed connection; each next wait doubles.
    pub backoff: Duration,
}

/// What asking cost: requests sent, and answers that asked to wait.
#[derive(Debug, Clone, Copy, Default)]
pub struct Asked {
    pub requests: usize,
    pub throttled: usize,
    pub retried: usize,
}

impl Client {
    /// Runs one SELECT query, POSTed as a form, and returns its rows (variable → value).
    fn select(
        &self,
        agent: &ureq::Agent,
        query: &str,
        asked: &mut Asked,
    ) -> Result<Vec<HashMap<String, String>>> {
        let fail = |message: String| Error::Endpoint {
            url: self.endpoint.clone(),
            message,
        };
        let mut wait = self.backoff;
        // A connection that fails is tried three times in all: an endpoint that is down
        // should say so in seconds.
        let mut unreachable = 0;
        for attempt in 1..=self.attempts.max(1) {
            asked.requests += 1;
            let last = attempt == self.attempts.max(1);
            let sent = agent
                .post(&self.endpoint)
                .header("User-Agent", &self.user_agent)
                .header("Accept", "application/sparql-results+json")
                .send_form([("query", query)]);
            let response = match sent {
                Ok(r) => r,
                Err(e) => {
                    unreachable += 1;
                    if last || unreachable == 3 {
                        return Err(fail(format!(
                            "cannot reach it: {e} (tried {unreachable} times)"
                        )));
                    }
                    asked.retried += 1;
                    std::thread::sleep(wait);
                    wait *= 2;
                    continue;
                }
            };
            let status = response.status().as_u16();
            if status == 429 && !last {
                asked.throttled += 1;
                // Retry-After in seconds (an HTTP date is read as the default).
                let after = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(5)
                    .min(300);
                std::thread::sleep(Duration::from_secs(after));
                continue;
            }
            if status >= 500 && !last {
                asked.retried += 1;
                std::thread::sleep(wait);
                wait *= 2;
                continue;
            }
            let body = response
                .into_body()
                .with_config()
                .limit(256 << 20)
                .read_to_string()
                .map_err(|e| fail(format!("the answer could not be read: {e}")))?;
            if status != 200 {
                let first: String = body.chars().take(300).collect();
                return Err(fail(format!("answered {status}: {}", first.trim())));
            }
            return rows(&body)
                .map_err(|e| fail(format!("the answer is not SPARQL JSON results: {e}")));
        }
        Err(fail(format!(
            "still refused after {} attempts",
            self.attempts
        )))
    }
}

fn rows(body: &str) -> std::result::Result<Vec<HashMap<String, String>>, String> {
    let v: serde_json::Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let bindings = v
        .pointer("/results/bindings")
        .and_then(|b| b.as_array())
        .ok_or("no results.bindings")?;
    Ok(bindings
        .iter()
        .filter_map(|b| b.as_object())
        .map(|b| {
            b.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.get("value")?.as_str()?.to_owned())))
                .collect()
        })
        .collect())
}

/// A SPARQL string literal.
fn literal(s: &str, lang: &str) -> String {
    format!("{}@{lang}", oxigraph::model::Literal::new_simple_literal(s))
}

/// The candidates of each name of `entities`: one query for the names, one for where the
/// items found lie.
fn candidates(
    client: &Client,
    agent: &ureq::Agent,
    types: &Types,
    entities: &[&Entity],
    asked: &mut Asked,
) -> Result<HashMap<String, Vec<Candidate>>> {
    let names: BTreeSet<&str> = entities
        .iter()
        .flat_map(|e| std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str)))
        .collect();
    let values: String = names
        .iter()
        .flat_map(|n| LANGS.iter().map(move |l| literal(n, l)))
        .collect::<Vec<_>>()
        .join(" ");
    let classes: String = types
        .all()
        .iter()
        .map(|q| format!("wd:{q}"))
        .collect::<Vec<_>>()
        .join(" ");
    let q = format!(
        "PREFIX wd: <{WD}> PREFIX wdt: <http://www.wikidata.org/prop/direct/>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <{SKOS}>
         SELECT DISTINCT ?name ?item ?how ?class WHERE {{
           VALUES ?name {{ {values} }}
           {{ ?item rdfs:label ?name BIND(\"label\" AS ?how) }}
           UNION {{ ?item skos:altLabel ?name BIND(\"alias\" AS ?how) }}
           ?item wdt:P31/wdt:P279* ?class .
           VALUES ?class {{ {classes} }}
         }}"
    );
    let found = client.select(agent, &q, asked)?;
    let mut items: BTreeMap<String, Vec<(String, bool, String)>> = BTreeMap::new();
    for r in &found {
        let (Some(name), Some(item), Some(how), Some(class)) =
            (r.get("name"), r.get("item"), r.get("how"), r.get("class"))
        else {
            continue;
        };
        items
            .entry(item.clone())
            .or_default()
            .push((name.clone(), how == "label", class.clone()));
    }
    if items.is_empty() {
        return Ok(HashMap::new());
    }
    let values: String = items
        .keys()
        .map(|i| format!("<{i}>"))
        .collect::<Vec<_>>()
        .join(" ");
    let q = format!(
        "PREFIX wdt: <http://www.wikidata.org/prop/direct/>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT ?item ?label ?place WHERE {{
           VALUES ?item {{ {values} }}
           OPTIONAL {{ ?item rdfs:label ?label FILTER(LANG(?label) IN (\"zh\", \"zh-hans\", \"zh-cn\")) }}
           OPTIONAL {{ ?item wdt:P131+ ?place }}
         }}"
    );
    let mut labels: HashMap<String, String> = HashMap::new();
    let mut located: HashMap<String, BTreeSet<String>> = HashMap::new();
    for r in client.select(agent, &q, asked)? {
        let Some(item) = r.get("item") else { continue };
        if let Some(l) = r.get("label") {
            labels.entry(item.clone()).or_insert_with(|| l.clone());
        }
        let set = located.entry(item.clone()).or_default();
        if let Some(p) = r.get("place") {
            set.insert(p.clone());
        }
    }
    let mut by_name: HashMap<String, Vec<Candidate>> = HashMap::new();
    for (item, found) in items {
        let mut per_name: BTreeMap<&str, Candidate> = BTreeMap::new();
        for (name, as_label, class) in &found {
            let c = per_name.entry(name).or_insert_with(|| Candidate {
                qid: item.clone(),
                label: labels.get(&item).cloned().unwrap_or_default(),
                name: name.clone(),
                as_label: *as_label,
                classes: BTreeSet::new(),
                located: located.get(&item).cloned().unwrap_or_default(),
            });
            c.as_label |= as_label;
            c.classes.insert(class.clone());
        }
        for (name, c) in per_name {
            by_name.entry(name.to_owned()).or_default().push(c);
        }
    }
    Ok(by_name)
}

/// One entity's outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub entity: Entity,
    pub decision: Decision,
}

/// Asks the endpoint about every entity, `batch` at a time, and decides each; `progress`
/// hears after each batch how many entities are done.
pub fn run(
    client: &Client,
    types: &Types,
    entities: Vec<Entity>,
    batch: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<Outcome>, Asked)> {
    let g = Gazetteer::builtin();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(client.timeout))
        .build()
        .into();
    let mut asked = Asked::default();
    let mut out = Vec::with_capacity(entities.len());
    let total = entities.len();
    for chunk in entities.chunks(batch.max(1)) {
        let asking: Vec<&Entity> = chunk
            .iter()
            .filter(|e| !types.classes(&e.kind).is_empty())
            .collect();
        let found = if asking.is_empty() {
            HashMap::new()
        } else {
            candidates(client, &agent, types, &asking, &mut asked)?
        };
        for e in chunk {
            let mine: Vec<Candidate> = std::iter::once(&e.name)
                .chain(&e.aliases)
                .flat_map(|n| found.get(n).into_iter().flatten().cloned())
                .collect();
            out.push(Outcome {
                decision: decide(g, types, e, &mine),
                entity: e.clone(),
            });
        }
        progress(out.len(), total);
    }
    Ok((out, asked))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types() -> Types {
        Types::parse(
            "kind\tqid\tlabel\tsource\nHospital\tQ1\thospital\ttest\nUniversity\tQ2\tuniversity\ttest\n",
            "t.tsv",
        )
        .expect("types")
    }

    fn candidate(qid: &str, class: &str, places: &[&str]) -> Candidate {
        Candidate {
            qid: format!("{WD}{qid}"),
            label: "某县人民医院".into(),
            name: "某县人民医院".into(),
            as_label: true,
            classes: [format!("{WD}{class}")].into(),
            located: places.iter().map(|p| format!("{WD}{p}")).collect(),
        }
    }

    #[test]
    fn place_type_and_uniqueness_decide_a_link() {
        let g = Gazetteer::builtin();
        // 桃源县 (430725, Q1338527) in 常德市 (Q416544); 沅陵县 (Q1199396) in 怀化市; 湖南省 Q45761.
        let e = Entity {
            iri: "x".into(),
            name: "某县人民医院".into(),
            aliases: vec![],
            kind: "Hospital".into(),
            code: Some("430725".into()),
        };
        let here = candidate("Q10", "Q1", &["Q1338527", "Q416544", "Q45761"]);
        let there = candidate("Q11", "Q1", &["Q1199396", "Q416922", "Q45761"]);
        let school = candidate("Q12", "Q2", &["Q1338527"]);
        let province = candidate("Q13", "Q1", &["Q45761"]);
        let t = types();
        assert!(matches!(
            decide(g, &t, &e, &[here.clone(), there.clone(), school.clone()]),
            Decision::Link { ref qid, score: 100, candidates: 2 } if qid == "Q10"
        ));
        assert!(matches!(
            decide(g, &t, &e, std::slice::from_ref(&there)),
            Decision::Review { .. }
        ));
        assert_eq!(decide(g, &t, &e, &[school]), Decision::Nothing);
        // Located only at the province: it reaches an ancestor of the county, so it agrees,
        // and with the county's own candidate there are two.
        assert!(matches!(
            decide(g, &t, &e, &[here, province]),
            Decision::Review { .. }
        ));
        // An entity without a place agrees with any place.
        let nowhere = Entity { code: None, ..e };
        assert!(matches!(
            decide(g, &t, &nowhere, &[there]),
            Decision::Link { .. }
        ));
    }

    #[test]
    fn every_class_id_cites_where_it_was_found() {
        let t = Types::parse(BUILTIN_TYPES, "data/wikidata-types.tsv")
            .expect("the built-in table reads");
        assert!(!t.classes("Hospital").is_empty());
        assert!(Types::parse("Hospital\tQ16917\thospital\t\n", "t.tsv").is_err());
        assert!(Types::parse("Hospital\t16917\thospital\tx\n", "t.tsv").is_err());
    }
}
