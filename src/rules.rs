//! The extraction rules: lexicons of the language (surnames, titles, organisation endings,
//! honour and cooperation phrasing) kept as plain files under `data/rules/`.
//!
//! The files are compiled into the binary so hkg works anywhere; `--rules DIR` replaces any
//! of them by a file of the same name in DIR, so a user extends the vocabulary without
//! recompiling. A digest of the rule texts (with hkg's version and the graph format) is stored
//! with every document, so changing the rules rebuilds what they affect and nothing else.

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::link::Gazetteer;

/// The rule files and their built-in text.
const BUILTIN: &[(&str, &str)] = &[
    ("surnames.txt", include_str!("../data/rules/surnames.txt")),
    ("titles.txt", include_str!("../data/rules/titles.txt")),
    (
        "title_modifiers.txt",
        include_str!("../data/rules/title_modifiers.txt"),
    ),
    (
        "former_markers.txt",
        include_str!("../data/rules/former_markers.txt"),
    ),
    (
        "dept_heads.txt",
        include_str!("../data/rules/dept_heads.txt"),
    ),
    (
        "dept_words.txt",
        include_str!("../data/rules/dept_words.txt"),
    ),
    (
        "joined_specialties.txt",
        include_str!("../data/rules/joined_specialties.txt"),
    ),
    (
        "person_cues.txt",
        include_str!("../data/rules/person_cues.txt"),
    ),
    (
        "speech_verbs.txt",
        include_str!("../data/rules/speech_verbs.txt"),
    ),
    (
        "name_stop_chars.txt",
        include_str!("../data/rules/name_stop_chars.txt"),
    ),
    (
        "name_stop_words.txt",
        include_str!("../data/rules/name_stop_words.txt"),
    ),
    (
        "org_suffixes.txt",
        include_str!("../data/rules/org_suffixes.txt"),
    ),
    (
        "org_openers.txt",
        include_str!("../data/rules/org_openers.txt"),
    ),
    (
        "body_stop_words.txt",
        include_str!("../data/rules/body_stop_words.txt"),
    ),
    (
        "award_triggers.txt",
        include_str!("../data/rules/award_triggers.txt"),
    ),
    (
        "award_heads.txt",
        include_str!("../data/rules/award_heads.txt"),
    ),
    (
        "not_award_heads.txt",
        include_str!("../data/rules/not_award_heads.txt"),
    ),
    (
        "partner_cues.txt",
        include_str!("../data/rules/partner_cues.txt"),
    ),
    (
        "one_sided_cues.txt",
        include_str!("../data/rules/one_sided_cues.txt"),
    ),
    (
        "generic_org_refs.txt",
        include_str!("../data/rules/generic_org_refs.txt"),
    ),
    (
        "generic_short_forms.txt",
        include_str!("../data/rules/generic_short_forms.txt"),
    ),
    (
        "abbreviations.txt",
        include_str!("../data/rules/abbreviations.txt"),
    ),
    (
        "generic_unit_words.txt",
        include_str!("../data/rules/generic_unit_words.txt"),
    ),
    (
        "not_place_words.txt",
        include_str!("../data/rules/not_place_words.txt"),
    ),
    (
        "not_place_names.txt",
        include_str!("../data/rules/not_place_names.txt"),
    ),
    (
        "generic_hospital_bodies.txt",
        include_str!("../data/rules/generic_hospital_bodies.txt"),
    ),
];

/// How a title relates to the organisation it is held at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleClass {
    /// A post inside the article's hospital unless another organisation is named with it.
    Internal,
    /// A professional rank (主任医师); like `Internal`.
    Rank,
    /// Only a role when an organisation is named right before it (记者, 局长).
    External,
    /// The head of a place's government (副县长, 镇长): held at the organisation or place named
    /// right before it, else at the nearest place of its level the text names before it.
    Place,
    /// A post at the publication (记者, 编辑): held at the organisation named right before it,
    /// else at the page's source (来源：X网).
    Byline,
    /// A trade (医生, 护士): a post only with a department in front (心血管内科医生), held like
    /// a rank; alone it only marks the name after it as a person's (医生A).
    Trade,
}

/// What an organisation ending makes of the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgClass {
    Hospital,
    University,
    Government,
    Association,
    Party,
    Media,
    School,
    Company,
    Other,
}

impl OrgClass {
    /// GOLD.md's institution kind (`hospital` for hospitals).
    pub fn as_str(self) -> &'static str {
        match self {
            OrgClass::Hospital => "hospital",
            OrgClass::University => "university",
            OrgClass::Government => "government",
            OrgClass::Association => "association",
            OrgClass::Party => "party",
            OrgClass::Media => "media",
            OrgClass::School => "school",
            OrgClass::Company => "company",
            OrgClass::Other => "other",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "hospital" => OrgClass::Hospital,
            "university" => OrgClass::University,
            "government" => OrgClass::Government,
            "association" => OrgClass::Association,
            "party" => OrgClass::Party,
            "media" => OrgClass::Media,
            "school" => OrgClass::School,
            "company" => OrgClass::Company,
            "other" => OrgClass::Other,
            _ => return None,
        })
    }
}

/// An organisation ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suffix {
    pub class: OrgClass,
    /// Names a sub-unit that keeps its parent's name (组织部, 分会).
    pub unit: bool,
}

/// Kinds of words that open an organisation name besides place names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenerKind {
    National,
    Party,
    /// 省, 市, 县 ...: a short form to complete from the document's place.
    Level,
}

/// An Aho-Corasick automaton with the list it was built from.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub words: Vec<String>,
    pub automaton: AhoCorasick,
    /// The words' first and last characters: a one-lookup test that rules out most positions
    /// before the words are compared one by one.
    first_chars: FxHashSet<char>,
    last_chars: FxHashSet<char>,
}

impl Lexicon {
    fn new(words: Vec<String>, kind: MatchKind) -> Result<Self> {
        // A DFA: several times faster than the default NFA on the searches that run over
        // every span a rule reads, for a few MB of memory built once per run.
        let automaton = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .match_kind(kind)
            .build(&words)
            .map_err(|e| Error::Invalid(format!("cannot build lexicon automaton: {e}")))?;
        let first_chars = words.iter().filter_map(|w| w.chars().next()).collect();
        let last_chars = words.iter().filter_map(|w| w.chars().next_back()).collect();
        Ok(Lexicon {
            words,
            automaton,
            first_chars,
            last_chars,
        })
    }

    /// Whether some word starts at the beginning of `s`.
    pub fn starts(&self, s: &str) -> bool {
        s.chars()
            .next()
            .is_some_and(|c| self.first_chars.contains(&c))
            && self.words.iter().any(|w| s.starts_with(w.as_str()))
    }

    /// Whether `s` contains any word of the lexicon.
    pub fn found_in(&self, s: &str) -> bool {
        self.automaton.is_match(s)
    }

    /// Whether `s` is one of the words.
    pub fn contains(&self, s: &str) -> bool {
        self.words.iter().any(|w| w == s)
    }

    /// The longest word that `s` begins with.
    pub fn longest_prefix_of<'a>(&self, s: &'a str) -> Option<&'a str> {
        if !s
            .chars()
            .next()
            .is_some_and(|c| self.first_chars.contains(&c))
        {
            return None;
        }
        self.words
            .iter()
            .filter(|w| s.starts_with(w.as_str()))
            .max_by_key(|w| w.len())
            .map(|w| &s[..w.len()])
    }

    /// The longest word that `s` ends with.
    pub fn longest_suffix_of<'a>(&self, s: &'a str) -> Option<&'a str> {
        if !s
            .chars()
            .next_back()
            .is_some_and(|c| self.last_chars.contains(&c))
        {
            return None;
        }
        self.words
            .iter()
            .filter(|w| s.ends_with(w.as_str()))
            .max_by_key(|w| w.len())
            .map(|w| &s[s.len() - w.len()..])
    }
}

/// A match of a scanned lexicon: start and end bytes, and the word's index in its lexicon.
pub type Hit = (usize, usize, usize);

/// The lexicons searched over every document's whole text, joined in one automaton: the text
/// is read once instead of once per lexicon, which was a fifth of extraction time
/// (BENCHMARKS 46).
#[derive(Debug, Clone)]
pub struct Scan {
    /// Every word of the scanned lexicons, in the order of [`ScanHits`]' fields.
    lexicon: Lexicon,
    /// Where each lexicon's words begin among the patterns, and where the last one's end.
    bounds: [usize; 6],
}

/// A document's matches of the scanned lexicons, each list in the automaton's order (by end,
/// the longest first at one end), as each lexicon's own overlapping search gives them.
#[derive(Debug, Default)]
pub struct ScanHits {
    pub titles: Vec<Hit>,
    pub suffixes: Vec<Hit>,
    pub openers: Vec<Hit>,
    pub county_shorts: Vec<Hit>,
    pub body_stops: Vec<Hit>,
}

impl Scan {
    fn new(lists: [&[String]; 5]) -> Result<Self> {
        let mut bounds = [0; 6];
        for (i, l) in lists.iter().enumerate() {
            bounds[i + 1] = bounds[i] + l.len();
        }
        let words = lists.iter().flat_map(|l| l.iter().cloned()).collect();
        let lexicon = Lexicon::new(words, MatchKind::Standard)?;
        Ok(Scan { lexicon, bounds })
    }

    /// Every match of every scanned lexicon in `t`, overlapping ones included.
    pub fn hits(&self, t: &str) -> ScanHits {
        let mut out = ScanHits::default();
        for m in self.lexicon.automaton.find_overlapping_iter(t) {
            let p = m.pattern().as_usize();
            let k = self.bounds[1..].iter().position(|&b| p < b).unwrap_or(4);
            let list = match k {
                0 => &mut out.titles,
                1 => &mut out.suffixes,
                2 => &mut out.openers,
                3 => &mut out.county_shorts,
                _ => &mut out.body_stops,
            };
            list.push((m.start(), m.end(), p - self.bounds[k]));
        }
        out
    }
}

/// All extraction rules, built once per run and shared by reference across threads.
#[derive(Debug, Clone)]
pub struct Rules {
    pub single_surnames: FxHashSet<char>,
    pub compound_surnames: FxHashSet<String>,
    pub titles: FxHashMap<String, TitleClass>,
    /// Titles, overlapping matches, so every title ending at a position can be found.
    pub title_lexicon: Lexicon,
    pub title_modifiers: Lexicon,
    pub former_markers: Lexicon,
    pub dept_heads: Lexicon,
    /// Specialties joined by 与 (呼吸与危重症), whose 与 does not end a department name.
    pub joined_specialties: Lexicon,
    /// Words of department names that hold a body stop word (对外合作, 联合党支部, 组织部).
    pub dept_words: Lexicon,
    pub person_cues: Lexicon,
    pub speech_verbs: Lexicon,
    pub name_stop_chars: FxHashSet<char>,
    pub name_stop_words: FxHashSet<String>,
    pub suffixes: FxHashMap<String, Suffix>,
    /// Organisation endings, overlapping matches.
    pub suffix_lexicon: Lexicon,
    pub openers: FxHashMap<String, OpenerKind>,
    /// Openers and gazetteer names, overlapping matches; values index `opener_values`.
    pub opener_lexicon: Lexicon,
    /// For each opener word: its kind, or the gazetteer places it names.
    pub opener_values: Vec<OpenerValue>,
    /// County short names (邵东 of 邵东市): too often ordinary words to open names anywhere,
    /// they open one where the document backs them (see `extract::orgs`); found by `scan`.
    /// Word `i` has value `opener_values[county_base + i]`.
    pub county_shorts: Vec<String>,
    pub county_base: usize,
    pub body_stop: Lexicon,
    pub body_stop_chars: FxHashSet<char>,
    /// Titles, endings, openers, county short names and body stop words in one automaton.
    pub scan: Scan,
    pub award_triggers: Lexicon,
    pub award_heads: Lexicon,
    /// Endings of memberships and grades that honour triggers also precede (成员单位).
    pub not_award_heads: Lexicon,
    pub partner_cues: Lexicon,
    pub one_sided_cues: Lexicon,
    pub generic_refs: FxHashSet<String>,
    pub generic_short_forms: FxHashSet<String>,
    pub generic_unit_words: Lexicon,
    /// Two-character words ending in 市, 县 or 区 that name no place (城市, 社区).
    pub not_place_words: FxHashSet<String>,
    /// Words before a level short form that name no place (希望 in 希望县医院).
    pub not_place_names: FxHashSet<String>,
    /// Bodies that make a placeless hospital ending a kind, not a name (人民医院).
    pub generic_bare_bodies: FxHashSet<String>,
    /// Short forms of organisation bodies and their full forms, longest short form first.
    pub abbreviations: Vec<(String, String)>,
    pub gazetteer: &'static Gazetteer,
    /// The learned name tagger, where the rules find no name; None with
    /// `hkg build --no-tagger` (rules only). Part of the documents' rules stamp.
    pub tagger: Option<&'static crate::extract::tagger::Lac>,
    /// Every rule file's name and text, in the built-in order, for [`Rules::digest`].
    rule_texts: Vec<(&'static str, String)>,
    /// Hex SHA-256 over hkg's version and every rule text: tells two rule sets apart.
    /// Documents are stamped with `graph::rules_stamp`, which adds the graph format.
    pub hash: String,
}

/// What an opener word is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenerValue {
    Word(OpenerKind),
    /// Gazetteer places with this official or short name.
    Place(Vec<usize>),
}

/// Hex SHA-256 over `versions`, then each rule file's name and text.
fn digest(versions: &[&str], rule_texts: &[(&str, String)]) -> String {
    let mut hasher = Sha256::new();
    for v in versions {
        hasher.update(v.as_bytes());
    }
    for (name, text) in rule_texts {
        hasher.update(name.as_bytes());
        hasher.update(text.as_bytes());
    }
    crate::ingest::hex(&hasher.finalize())
}

/// A rule file's lines without comments and blank lines.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.split('#').next().unwrap_or("").trim();
        (!l.is_empty()).then_some((i + 1, l))
    })
}

/// Whitespace-separated words of a list file.
fn words(text: &str) -> Vec<String> {
    lines(text)
        .flat_map(|(_, l)| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

impl Rules {
    /// Whether `c`, at byte `p` of `t`, ends a name body read leftwards from a title or a
    /// unit (医院与儿科: the body is 儿科). The 与 of a joined specialty (呼吸与危重症医学科)
    /// does not.
    pub fn stops_body_at(&self, t: &str, p: usize, c: char) -> bool {
        self.body_stop_chars.contains(&c) && !(c == '与' && self.joins_specialties(t, p))
    }

    /// Where a name body that runs from `start` to `end` begins once cut after its last body
    /// stop word (在, 被, 联合 ...). Words are tried in list order, each cutting after its last
    /// occurrence right of the cut so far; one automaton pass finds every occurrence, because
    /// a string search per word (200 of them) was a tenth of extraction time.
    pub fn after_body_stops(&self, t: &str, mut start: usize, end: usize) -> usize {
        let mut hits: Vec<(usize, usize, usize)> = self
            .body_stop
            .automaton
            .find_overlapping_iter(&t[start..end])
            .map(|m| (m.pattern().as_usize(), start + m.start(), start + m.end()))
            .collect();
        if hits.is_empty() {
            return start;
        }
        // Per word, its last occurrence first.
        hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut word = usize::MAX;
        for (w, s, e) in hits {
            if w != word {
                word = w;
                if s >= start {
                    start = e;
                }
            }
        }
        start
    }

    /// Whether the 与 or 和 at byte `p` of `t` lies inside a joined specialty (呼吸与危重症医学科,
    /// also written 呼吸和危重症医学科), where it does not end a department name as "and"
    /// elsewhere does.
    pub fn joins_specialties(&self, t: &str, p: usize) -> bool {
        let Some(joint @ ('与' | '和')) = t.get(p..).and_then(|r| r.chars().next()) else {
            return false;
        };
        let after = p + joint.len_utf8();
        self.joined_specialties.words.iter().any(|w| {
            w.split_once('与').is_some_and(|(before, rest)| {
                p >= before.len()
                    && t.get(p - before.len()..p) == Some(before)
                    && t[after..].starts_with(rest)
            })
        })
    }

    /// The built-in rules.
    pub fn builtin() -> Result<Self> {
        Self::load(None)
    }

    /// Built-in rules with files from `dir` replacing those of the same name.
    pub fn load(dir: Option<&Path>) -> Result<Self> {
        let mut texts: FxHashMap<&str, (String, String)> = FxHashMap::default();
        for (name, text) in BUILTIN {
            let mut origin = format!("data/rules/{name}");
            let mut text = (*text).to_owned();
            if let Some(dir) = dir {
                let p = dir.join(name);
                if p.exists() {
                    text = std::fs::read_to_string(&p).map_err(Error::read(&p))?;
                    origin = p.display().to_string();
                }
            }
            texts.insert(name, (origin, text));
        }
        if let Some(dir) = dir {
            let entries = std::fs::read_dir(dir).map_err(Error::read(dir))?;
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.ends_with(".txt") && !texts.contains_key(name.as_str()) {
                    return Err(Error::Rules {
                        path: e.path().display().to_string(),
                        line: 0,
                        message: format!(
                            "unknown rule file; expected one of {}",
                            BUILTIN.iter().map(|b| b.0).collect::<Vec<_>>().join(", ")
                        ),
                    });
                }
            }
        }
        let get = |name: &str| -> &(String, String) { &texts[name] };

        let rule_texts: Vec<(&'static str, String)> = BUILTIN
            .iter()
            .map(|(name, _)| (*name, get(name).1.clone()))
            .collect();
        let hash = digest(&[env!("CARGO_PKG_VERSION")], &rule_texts);

        let mut single_surnames = FxHashSet::default();
        let mut compound_surnames = FxHashSet::default();
        for w in words(&get("surnames.txt").1) {
            if w.chars().count() == 1 {
                single_surnames.extend(w.chars());
            } else {
                compound_surnames.insert(w);
            }
        }

        let (origin, text) = get("titles.txt");
        let mut titles = FxHashMap::default();
        for (line, l) in lines(text) {
            let mut f = l.split('\t').map(str::trim);
            let title = f.next().unwrap_or("");
            let class = match f.next() {
                Some("internal") => TitleClass::Internal,
                Some("rank") => TitleClass::Rank,
                Some("external") => TitleClass::External,
                Some("place") => TitleClass::Place,
                Some("byline") => TitleClass::Byline,
                Some("trade") => TitleClass::Trade,
                other => {
                    return Err(Error::Rules {
                        path: origin.clone(),
                        line,
                        message: format!(
                            "expected title<TAB>internal|rank|external|place|byline|trade, found {other:?}"
                        ),
                    })
                }
            };
            titles.insert(title.to_owned(), class);
        }
        let title_lexicon = Lexicon::new(titles.keys().cloned().collect(), MatchKind::Standard)?;

        let (origin, text) = get("org_suffixes.txt");
        let mut suffixes = FxHashMap::default();
        for (line, l) in lines(text) {
            let f: Vec<&str> = l.split('\t').map(str::trim).collect();
            let class = f.get(1).and_then(|c| OrgClass::parse(c));
            match (f.first(), class) {
                (Some(s), Some(class)) => {
                    suffixes.insert(
                        (*s).to_owned(),
                        Suffix {
                            class,
                            unit: f.get(2) == Some(&"unit"),
                        },
                    );
                }
                _ => {
                    return Err(Error::Rules {
                        path: origin.clone(),
                        line,
                        message: "expected suffix<TAB>class<TAB>unit|-".into(),
                    })
                }
            }
        }
        let suffix_lexicon = Lexicon::new(suffixes.keys().cloned().collect(), MatchKind::Standard)?;

        let (origin, text) = get("org_openers.txt");
        let mut openers = FxHashMap::default();
        for (line, l) in lines(text) {
            let f: Vec<&str> = l.split('\t').map(str::trim).collect();
            let kind = match f.get(1) {
                Some(&"national") => OpenerKind::National,
                Some(&"party") => OpenerKind::Party,
                Some(&"level") => OpenerKind::Level,
                _ => {
                    return Err(Error::Rules {
                        path: origin.clone(),
                        line,
                        message: "expected word<TAB>national|party|level".into(),
                    })
                }
            };
            openers.insert(f[0].to_owned(), kind);
        }
        let gazetteer = Gazetteer::builtin();
        let mut opener_map: FxHashMap<String, OpenerValue> = FxHashMap::default();
        for (w, k) in &openers {
            opener_map.insert(w.clone(), OpenerValue::Word(*k));
        }
        for (name, i) in gazetteer.search_names() {
            match opener_map
                .entry(name)
                .or_insert_with(|| OpenerValue::Place(Vec::new()))
            {
                OpenerValue::Place(v) => v.push(i),
                OpenerValue::Word(_) => {}
            }
        }
        let mut opener_words: Vec<(String, OpenerValue)> = opener_map.into_iter().collect();
        opener_words.sort_by(|a, b| a.0.cmp(&b.0));
        let (ow, mut ov): (Vec<String>, Vec<OpenerValue>) = opener_words.into_iter().unzip();
        let opener_lexicon = Lexicon::new(ow, MatchKind::Standard)?;
        // County short names, whose values follow the openers' in `opener_values`.
        let mut county_map: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, p) in gazetteer.places.iter().enumerate() {
            if let Some(short) = &p.short {
                if p.level == crate::link::Level::County
                    && !opener_lexicon.contains(short)
                    && !openers.contains_key(short)
                {
                    county_map.entry(short.clone()).or_default().push(i);
                }
            }
        }
        let mut county_words: Vec<(String, Vec<usize>)> = county_map.into_iter().collect();
        county_words.sort();
        let county_base = ov.len();
        let mut cw = Vec::with_capacity(county_words.len());
        for (w, places) in county_words {
            cw.push(w);
            ov.push(OpenerValue::Place(places));
        }
        let county_shorts = cw;

        let body_words = words(&get("body_stop_words.txt").1);
        let body_stop_chars = body_words
            .iter()
            .filter(|w| w.chars().count() == 1)
            .filter_map(|w| w.chars().next())
            .collect();
        // A speaker's verb (并指出X医院, 表示X医院) ends an organisation's reach as well.
        let body_stop = Lexicon::new(
            body_words
                .into_iter()
                .chain(words(&get("speech_verbs.txt").1))
                .filter(|w| w.chars().count() > 1)
                .collect(),
            MatchKind::Standard,
        )?;

        let (origin, text) = get("abbreviations.txt");
        let mut abbreviations = Vec::new();
        for (line, l) in lines(text) {
            match l.split_once('\t') {
                Some((short, full)) if !short.trim().is_empty() && !full.trim().is_empty() => {
                    abbreviations.push((short.trim().to_owned(), full.trim().to_owned()));
                }
                _ => {
                    return Err(Error::Rules {
                        path: origin.clone(),
                        line,
                        message: "expected short<TAB>full".into(),
                    })
                }
            }
        }
        abbreviations.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));

        let scan = Scan::new([
            &title_lexicon.words,
            &suffix_lexicon.words,
            &opener_lexicon.words,
            &county_shorts,
            &body_stop.words,
        ])?;
        let list = |name: &str| Lexicon::new(words(&get(name).1), MatchKind::LeftmostLongest);
        Ok(Rules {
            abbreviations,
            single_surnames,
            compound_surnames,
            titles,
            title_lexicon,
            title_modifiers: list("title_modifiers.txt")?,
            former_markers: list("former_markers.txt")?,
            dept_heads: list("dept_heads.txt")?,
            joined_specialties: list("joined_specialties.txt")?,
            dept_words: list("dept_words.txt")?,
            person_cues: list("person_cues.txt")?,
            speech_verbs: list("speech_verbs.txt")?,
            name_stop_chars: words(&get("name_stop_chars.txt").1)
                .iter()
                .flat_map(|w| w.chars().collect::<Vec<_>>())
                .collect(),
            name_stop_words: words(&get("name_stop_words.txt").1).into_iter().collect(),
            suffixes,
            suffix_lexicon,
            openers,
            opener_lexicon,
            opener_values: ov,
            county_shorts,
            county_base,
            body_stop,
            body_stop_chars,
            scan,
            award_triggers: list("award_triggers.txt")?,
            award_heads: list("award_heads.txt")?,
            not_award_heads: list("not_award_heads.txt")?,
            partner_cues: list("partner_cues.txt")?,
            one_sided_cues: list("one_sided_cues.txt")?,
            generic_refs: words(&get("generic_org_refs.txt").1).into_iter().collect(),
            generic_short_forms: words(&get("generic_short_forms.txt").1)
                .into_iter()
                .collect(),
            generic_unit_words: list("generic_unit_words.txt")?,
            not_place_words: words(&get("not_place_words.txt").1).into_iter().collect(),
            not_place_names: words(&get("not_place_names.txt").1).into_iter().collect(),
            generic_bare_bodies: words(&get("generic_hospital_bodies.txt").1)
                .into_iter()
                .collect(),
            gazetteer,
            tagger: Some(crate::extract::tagger::builtin()),
            rule_texts,
            hash,
        })
    }

    /// A stamp for what is built from these rules: hex SHA-256 over `versions` and every rule
    /// text. A stage that stores its output passes its own format version, so a change to
    /// either the rules or that format rebuilds the output, and the rules need not know the
    /// formats of the stages that use them.
    pub fn digest(&self, versions: &[&str]) -> String {
        digest(versions, &self.rule_texts)
    }

    /// Names of the rule files, for `--help` and errors.
    pub fn file_names() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|b| b.0)
    }

    /// The built-in text of a rule file.
    pub fn builtin_text(name: &str) -> Option<&'static str> {
        BUILTIN.iter().find(|b| b.0 == name).map(|b| b.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        let r = Rules::builtin().expect("rules");
        assert!(r.single_surnames.contains(&'王'));
        assert!(r.compound_surnames.contains("欧阳"));
        assert_eq!(r.titles.get("院长"), Some(&TitleClass::Internal));
        assert_eq!(
            r.suffixes.get("医院").map(|s| s.class),
            Some(OrgClass::Hospital)
        );
        assert!(r.suffixes.get("组织部").is_some_and(|s| s.unit));
    }

    #[test]
    fn override_dir_replaces_a_file_and_changes_the_hash() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("surnames.txt"), "# only one\n龚\n").expect("write");
        let r = Rules::load(Some(dir.path())).expect("rules");
        assert!(r.single_surnames.contains(&'龚'));
        assert!(!r.single_surnames.contains(&'王'));
        assert_ne!(r.hash, Rules::builtin().expect("rules").hash);
    }

    #[test]
    fn malformed_override_names_file_and_line() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("titles.txt"), "院长\tinternal\n主任\n").expect("write");
        let err = Rules::load(Some(dir.path())).expect_err("must fail");
        let msg = err.to_string();
        assert!(msg.contains("titles.txt:2"), "{msg}");
    }

    #[test]
    fn unknown_override_file_is_an_error() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("titels.txt"), "院长\n").expect("write");
        assert!(Rules::load(Some(dir.path())).is_err());
    }
}
