//! The W3C Entity Reconciliation API (version 0.2, what OpenRefine speaks) over the label
//! index: a column of names in, for each the entities it may mean, scored, and `match` set
//! where exactly one agrees.
//!
//! Scores order how a name was found: the entity's preferred name (100), one of its aliases
//! (90), a longer name that begins with it (at most 60, less the more it adds). A place
//! given as a property (a name, such as 湖北省, or a GB/T 2260 code, such as 420000) that the
//! entity does not lie in costs 40. A candidate agrees when its whole name or alias is the
//! query, its class is the type asked for (if any), and it lies in the place asked for (if
//! any); `match` is true only when exactly one candidate agrees, so two hospitals of one
//! name in two places stay for the analyst to choose between, unless a place decides.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::index::{Entity, Labels, Match};

/// The classes an entity may be reconciled as, with the names OpenRefine shows.
pub const TYPES: [(&str, &str); 5] = [
    ("Hospital", "Hospital (医院)"),
    (
        "Institution",
        "Institution (机构: universities, commissions, societies)",
    ),
    ("Person", "Person (人员)"),
    ("Branch", "Party or league branch (党支部)"),
    ("Place", "Administrative division (行政区划)"),
];

/// The property that places a name.
pub const PLACE: &str = "place";

/// The service manifest.
pub fn manifest(base: &str) -> Value {
    json!({
        "versions": ["0.2"],
        "name": "hkg: hospitals, institutions and people of Chinese hospital news",
        "identifierSpace": "https://w3id.org/hkg/id/",
        "schemaSpace": "https://w3id.org/hkg/ontology#",
        "defaultTypes": TYPES.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>(),
        "view": { "url": "{{id}}" },
        "batchSize": 50,
        "suggest": {
            "entity": { "service_url": base, "service_path": "/search" }
        },
        "documentation": "Give a name (query), optionally a type (Hospital, Institution, Person, Branch, Place) and a property place: a division's name or its GB/T 2260 code, such as 湖北省 or 420000."
    })
}

/// One query of a batch.
#[derive(Debug, Deserialize)]
pub struct Query {
    pub query: String,
    #[serde(default, rename = "type")]
    pub kind: Option<TypeSpec>,
    #[serde(default)]
    pub limit: Option<usize>,
    #[serde(default)]
    pub properties: Vec<Property>,
}

/// A type: an id, a list of ids, or an object with one.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum TypeSpec {
    One(String),
    Many(Vec<String>),
}

/// A property constraint: `pid` and its value `v` (a string, a number, or an object with an
/// id or a name, as OpenRefine sends a reconciled cell).
#[derive(Debug, Deserialize)]
pub struct Property {
    pub pid: String,
    pub v: Value,
}

/// Reads a class from a type id: `Hospital`, or the ontology's IRI for it.
fn class_of(id: &str) -> Option<&'static str> {
    let local = id.rsplit(['#', '/']).next().unwrap_or(id);
    TYPES
        .iter()
        .map(|(t, _)| *t)
        .find(|t| t.eq_ignore_ascii_case(local))
}

/// A property value as text.
fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o.get("id").or_else(|| o.get("name")).and_then(value_text),
        Value::Array(a) => a.first().and_then(value_text),
        _ => None,
    }
}

/// The GB/T 2260 codes a place value names: itself, when it is a code; else every division
/// of that name (one name may be several divisions, such as a county and a district).
fn place_codes(labels: &Labels, v: &str) -> Vec<String> {
    if v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit()) {
        return vec![v.to_owned()];
    }
    labels
        .search(v, 50, &|e| e.class == "Place" && !e.code.is_empty())
        .into_iter()
        .filter(|h| h.how != Match::Prefix)
        .map(|h| h.entity.code)
        .collect()
}

/// Whether the division with code `code` lies within (or is) the division `within`:
/// GB/T 2260 codes are two digits each of province, city and county, zeros where a level
/// is not named.
pub fn lies_within(code: &str, within: &str) -> bool {
    if code.len() != 6 || within.len() != 6 {
        return false;
    }
    let significant = within.trim_end_matches("00");
    let significant = if significant.len() % 2 == 1 {
        &within[..significant.len() + 1]
    } else {
        significant
    };
    code.starts_with(significant)
}

/// Answers one query.
pub fn answer(labels: &Labels, q: &Query) -> Value {
    let name = q.query.trim();
    if name.is_empty() {
        return json!({ "result": [] });
    }
    let limit = q.limit.unwrap_or(5).clamp(1, 100);
    let classes: Vec<&str> = match &q.kind {
        Some(TypeSpec::One(t)) => class_of(t).into_iter().collect(),
        Some(TypeSpec::Many(ts)) => ts.iter().filter_map(|t| class_of(t)).collect(),
        None => Vec::new(),
    };
    let places: Option<Vec<String>> = q
        .properties
        .iter()
        .find(|p| p.pid.eq_ignore_ascii_case(PLACE) || p.pid == "P131")
        .and_then(|p| value_text(&p.v))
        .filter(|v| !v.is_empty())
        .map(|v| place_codes(labels, &v));
    let mut scored: Vec<(f64, bool, Entity, Match)> = labels
        .search(name, 200, &|e| {
            classes.is_empty() || classes.contains(&e.class.as_str())
        })
        .into_iter()
        .map(|h| {
            let mut score = match h.how {
                Match::Exact => 100.0,
                Match::Alias => 90.0,
                Match::Prefix => {
                    60.0 * name.chars().count() as f64 / h.label.chars().count().max(1) as f64
                }
            };
            let placed = match &places {
                None => true,
                Some(codes) => codes.iter().any(|c| lies_within(&h.entity.code, c)),
            };
            if !placed {
                score -= 40.0;
            }
            let agrees = h.how != Match::Prefix && placed;
            (score, agrees, h.entity, h.how)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.iri.cmp(&b.2.iri)));
    let agreeing = scored.iter().filter(|c| c.1).count();
    let result: Vec<Value> = scored
        .into_iter()
        .take(limit)
        .map(|(score, agrees, e, how)| {
            let description = [e.place.as_str(), e.code.as_str(), e.of.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            json!({
                "id": e.iri,
                "name": e.name,
                "type": [{ "id": e.class, "name": e.class }],
                "score": (score * 10.0).round() / 10.0,
                "match": agrees && agreeing == 1,
                "description": description,
                "matched_by": how,
                "place": e.place,
                "code": e.code,
            })
        })
        .collect();
    json!({ "result": result })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lie_within_their_province_and_city_only() {
        assert!(lies_within("420325", "420000"));
        assert!(lies_within("420325", "420300"));
        assert!(lies_within("420325", "420325"));
        assert!(!lies_within("420325", "430000"));
        assert!(!lies_within("420325", "420100"));
        assert!(!lies_within("", "420000"));
        // A municipality's districts: 110105 lies in 110000.
        assert!(lies_within("110105", "110000"));
    }

    #[test]
    fn types_are_read_from_ids_and_iris() {
        assert_eq!(class_of("Hospital"), Some("Hospital"));
        assert_eq!(
            class_of("https://w3id.org/hkg/ontology#Person"),
            Some("Person")
        );
        assert_eq!(class_of("hospital"), Some("Hospital"));
        assert_eq!(class_of("Q16917"), None);
    }
}
