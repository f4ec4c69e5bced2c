//! Link, shared by the stages: external datasets. The gazetteer of China's administrative
//! divisions (GB/T 2260 codes with Wikidata IDs), shipped as `data/divisions.tsv` (derived
//! from `shared/data/divisions.tsv`; sources and licences in `data/NOTICE.md`).
//!
//! Extraction uses it to recognise the place that opens an organisation's name
//! (`抚州市妇幼保健院`), to learn which city or county an article is about, and to complete
//! short forms (`市妇幼保健院`) from that place; the graph uses its codes and Wikidata IDs.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Result};

/// The built-in division table.
pub const DIVISIONS_TSV: &str = include_str!("../../data/divisions.tsv");

/// Administrative level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Province,
    Prefecture,
    County,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
        }
    }

    /// The level's concept in the ontology's hkg:AdminLevels scheme (a province-level
    /// municipality is provincial).
    pub fn concept(self) -> &'static str {
        match self {
            Level::Province => "ProvincialLevel",
            Level::Prefecture => "PrefecturalLevel",
            Level::County => "CountyLevel",
        }
    }
}

/// One administrative division.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Six-digit GB/T 2260 code.
    pub code: String,
    /// Official name (`抚州市`, `章贡区`).
    pub name: String,
    /// Name without its administrative suffix (`抚州`, `章贡`), when at least two characters.
    pub short: Option<String>,
    pub level: Level,
    /// Index of the parent division.
    pub parent: Option<usize>,
    /// Wikidata item ID.
    pub qid: Option<String>,
}

/// The gazetteer: all divisions with name indexes.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    pub places: Vec<Place>,
    by_name: HashMap<String, Vec<usize>>,
    by_short: HashMap<String, Vec<usize>>,
}

/// Strips the administrative suffix of a division name, keeping at least two characters.
pub fn short_name(name: &str) -> Option<String> {
    static AUTONOMOUS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\p{Han}{2,}?)(?:各族|\p{Han}{1,3}族)+自治[州县旗]$").expect("static regex")
    });
    static REGION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\p{Han}{2,}?)(?:壮族|回族|维吾尔)?(?:自治区|特别行政区)$")
            .expect("static regex")
    });
    if let Some(c) = AUTONOMOUS.captures(name).or_else(|| REGION.captures(name)) {
        return Some(c[1].to_owned());
    }
    for suffix in ["林区", "地区", "新区", "省", "市", "县", "区", "盟", "旗"] {
        if let Some(s) = name.strip_suffix(suffix) {
            if s.chars().count() >= 2 {
                return Some(s.to_owned());
            }
            return None;
        }
    }
    None
}

/// An autonomous prefecture as its own bodies and the reports name it (湘西州 for
/// 湘西土家族苗族自治州); None for any other division.
pub fn prefecture_short_name(name: &str) -> Option<String> {
    name.strip_suffix("自治州")
        .and_then(|_| short_name(name))
        .map(|short| format!("{short}州"))
}

impl Gazetteer {
    /// Parses a division table (`code name level parent qid`, tab-separated, one header line).
    pub fn parse(tsv: &str, origin: &str) -> Result<Self> {
        let mut rows = Vec::new();
        for (i, line) in tsv.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let bad = |message: &str| Error::Rules {
                path: origin.to_owned(),
                line: i + 1,
                message: message.to_owned(),
            };
            if f.len() < 4 {
                return Err(bad("expected code, name, level, parent, qid"));
            }
            let level = match f[2] {
                "province" => Level::Province,
                "prefecture" => Level::Prefecture,
                "county" => Level::County,
                other => return Err(bad(&format!("unknown level {other}"))),
            };
            rows.push((f[0], f[1], level, f[3], f.get(4).copied().unwrap_or("")));
        }
        let index: HashMap<&str, usize> = rows.iter().enumerate().map(|(i, r)| (r.0, i)).collect();
        let mut places = Vec::with_capacity(rows.len());
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_short: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (code, name, level, parent, qid)) in rows.iter().enumerate() {
            let short = short_name(name);
            by_name.entry((*name).to_owned()).or_default().push(i);
            if let Some(s) = &short {
                by_short.entry(s.clone()).or_default().push(i);
            }
            places.push(Place {
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                short,
                level: *level,
                parent: index.get(parent).copied(),
                qid: (!qid.is_empty()).then(|| (*qid).to_owned()),
            });
        }
        Ok(Gazetteer {
            places,
            by_name,
            by_short,
        })
    }

    /// The built-in gazetteer.
    pub fn builtin() -> &'static Gazetteer {
        static G: LazyLock<Gazetteer> = LazyLock::new(|| {
            Gazetteer::parse(DIVISIONS_TSV, "data/divisions.tsv").expect("built-in table parses")
        });
        &G
    }

    /// Divisions whose official name is `name`.
    pub fn by_name(&self, name: &str) -> &[usize] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// Divisions whose short name is `short`.
    pub fn by_short(&self, short: &str) -> &[usize] {
        self.by_short.get(short).map_or(&[], Vec::as_slice)
    }

    /// Names to look for in text: every official name, and the short names of provinces and
    /// prefectures (county short names collide with ordinary words too often).
    pub fn search_names(&self) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for (i, p) in self.places.iter().enumerate() {
            out.push((p.name.clone(), i));
            if let Some(s) = &p.short {
                if p.level != Level::County {
                    out.push((s.clone(), i));
                }
                // 城步自治县 for 城步苗族自治县: an autonomous division by its short name
                // and its kind, as its own bodies and the reports name it.
                if let Some(kind) = ["自治县", "自治州", "自治旗"]
                    .iter()
                    .find(|k| p.name.ends_with(**k))
                {
                    let form = format!("{s}{kind}");
                    if form != p.name {
                        out.push((form, i));
                    }
                }
            }
        }
        out
    }

    /// Whether `a` is `b` or lies inside it.
    pub fn within(&self, mut a: usize, b: usize) -> bool {
        loop {
            if a == b {
                return true;
            }
            match self.places[a].parent {
                Some(p) => a = p,
                None => return false,
            }
        }
    }

    /// The ancestor of `i` at `level` (itself if it is at that level).
    pub fn ancestor(&self, mut i: usize, level: Level) -> Option<usize> {
        loop {
            let p = &self.places[i];
            if p.level == level {
                return Some(i);
            }
            i = p.parent?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_drop_the_administrative_suffix() {
        for (name, short) in [
            ("江苏省", Some("江苏")),
            ("苏州市", Some("苏州")),
            ("宁夏回族自治区", Some("宁夏")),
            ("长阳土家族自治县", Some("长阳")),
            ("湘西土家族苗族自治州", Some("湘西")),
            ("海淀区", Some("海淀")),
            ("和平区", Some("和平")),
            ("城区", None),
        ] {
            assert_eq!(short_name(name).as_deref(), short, "{name}");
        }
    }

    #[test]
    fn builtin_table_links_children_to_parents() {
        let g = Gazetteer::builtin();
        let county = g.by_name("玄武区")[0];
        let province = g.by_name("江苏省")[0];
        assert!(g.within(county, province));
        assert_eq!(
            g.places[g.ancestor(county, Level::Prefecture).unwrap_or(0)].name,
            "南京市"
        );
        assert!(g.places.len() > 3000);
    }

    #[test]
    fn malformed_rows_name_the_line() {
        let err = Gazetteer::parse(
            "code\tname\tlevel\tparent\tqid\n1\tX\tplanet\t\t\n",
            "t.tsv",
        );
        assert!(matches!(err, Err(Error::Rules { line: 2, .. })));
    }
}

pub mod wikidata;
