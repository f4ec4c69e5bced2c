//! Stage 2, extract: [`Document`] → [`Extraction`] (facts with evidence).
//!
//! Extraction runs in passes over one document, each a general mechanism of the language:
//!
//! 1. [`orgs`]: organisation names from a place or national opener plus a body plus an ending
//!    (`抚州市` + `妇幼保健` + `院`), short forms completed from the document's own context,
//!    bracket aliases, the article's subject hospital;
//! 2. [`people`]: personal names after titles, in bylines, before speech verbs, before the
//!    words that mark a name (同志, a title, 等N名), in lists; title stacks split into roles with
//!    their organisation;
//! 3. [`relations`]: party branches, honours, partnerships, accreditation grades and places.
//!
//! Nothing here knows any particular hospital or person: all vocabulary comes from [`Rules`].
//! A document's facts depend only on the document and the rules, which is what lets the store
//! keep one named graph per document.

mod orgs;
mod people;
mod relations;
pub mod tagger;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::fact::{Evidence, Fact, Relation};
use crate::ingest::Document;
use crate::rules::Rules;

pub use orgs::OrgMention;

/// The facts of one document.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub facts: Vec<Fact>,
}

/// Extracts every fact of `doc`.
///
/// A page in traditional characters is read through its simplified copy (the rules are written
/// in simplified characters), and the names found are given back in the script the page uses.
pub fn extract(doc: &Document, rules: &Rules) -> Extraction {
    let Some(folded) = doc.simplified() else {
        return extract_simplified(doc, rules);
    };
    let mut extraction = extract_simplified(&folded, rules);
    let script = Script::new(&doc.text, &folded.text);
    let mut seen: FxHashSet<(Relation, Vec<String>)> = FxHashSet::default();
    extraction.facts.retain_mut(|f| {
        for a in &mut f.args {
            *a = script.published(a);
        }
        seen.insert((f.relation, f.args.clone()))
    });
    extraction
}

/// Maps names read in a document's simplified copy back to the characters the page prints.
struct Script<'d> {
    published: &'d str,
    folded: &'d str,
    /// Folded char → the original char it stands for most often in the document, for the
    /// folded chars that some original char was changed into.
    chars: FxHashMap<char, char>,
}

impl<'d> Script<'d> {
    fn new(published: &'d str, folded: &'d str) -> Self {
        let mut votes: FxHashMap<char, Vec<(char, usize)>> = FxHashMap::default();
        for (o, f) in published.chars().zip(folded.chars()) {
            if o != f {
                votes.entry(f).or_default();
            }
        }
        // Every occurrence votes, unchanged ones too: a folded char that is mostly written as
        // itself (于 beside a rare 於) stays itself.
        for (o, f) in published.chars().zip(folded.chars()) {
            if let Some(v) = votes.get_mut(&f) {
                match v.iter_mut().find(|(c, _)| *c == o) {
                    Some((_, n)) => *n += 1,
                    None => v.push((o, 1)),
                }
            }
        }
        let chars = votes
            .into_iter()
            .filter_map(|(f, v)| {
                // The first char seen wins a tie.
                let best = v.iter().fold(None::<(char, usize)>, |b, &(c, n)| match b {
                    Some((_, m)) if m >= n => b,
                    _ => Some((c, n)),
                })?;
                (best.0 != f).then_some((f, best.0))
            })
            .collect();
        Script {
            published,
            folded,
            chars,
        }
    }

    /// A name as the page prints it: where the copy has it verbatim, the same bytes of the
    /// page (the offsets are shared); a name composed from parts (a place completed from
    /// context) char by char.
    fn published(&self, name: &str) -> String {
        // The copy changes no char's length, so the same range is a whole span of the page.
        if let Some(page) = self
            .folded
            .find(name)
            .and_then(|at| self.published.get(at..at + name.len()))
        {
            return page.to_owned();
        }
        name.chars()
            .map(|c| self.chars.get(&c).copied().unwrap_or(c))
            .collect()
    }
}

fn extract_simplified(doc: &Document, rules: &Rules) -> Extraction {
    let mut out = Facts::new(doc);
    let hits = rules.scan.hits(&doc.text);
    let orgs = orgs::find(doc, rules, &hits);
    orgs.emit(&mut out);
    let people = people::find(doc, rules, &orgs, &hits);
    people.emit(&mut out);
    relations::extract(doc, rules, &orgs, &people, &mut out);
    // The same honour written shorter in the headline (省级重点专科 for the body's
    // 河南省省级重点专科) is one fact: keep the fullest form. Two forms in the body may be two
    // honours (全县卫生系统先进单位 one year, 先进单位 another).
    let awards: Vec<(String, String)> = out
        .facts
        .iter()
        .filter(|f| f.relation == Relation::Award)
        .map(|f| (f.args[0].clone(), f.args[1].clone()))
        .collect();
    out.facts.retain(|f| {
        f.relation != Relation::Award
            || f.evidence.sentence > 0
            || !awards.iter().any(|(r, a)| {
                *r == f.args[0] && a.len() > f.args[1].len() && a.ends_with(f.args[1].as_str())
            })
    });
    // A name given as an honour (浙江省示范医院 in a run of honours) is not an organisation.
    let honours: FxHashSet<String> = out
        .facts
        .iter()
        .filter(|f| f.relation == Relation::Award)
        .map(|f| f.args[1].clone())
        .collect();
    out.facts.retain(|f| {
        !matches!(
            f.relation,
            Relation::Hospital
                | Relation::Institution
                | Relation::Located
                | Relation::Alias
                | Relation::Partner
        ) || !f.args.iter().any(|a| honours.contains(a))
    });
    // X大学附属第一医院 is the university's own clinical hospital, not its partner, unless the
    // text also calls it by a place's hospital's name (温州市Y医院, whose co-built name it is).
    let placed = |a: &String| !a.contains("大学") && a.contains(['省', '市', '县', '区']);
    let renamed: FxHashSet<String> = out
        .facts
        .iter()
        .filter(|f| f.relation == Relation::Alias && f.args.iter().any(placed))
        .flat_map(|f| f.args.iter().cloned())
        .collect();
    out.facts.retain(|f| {
        f.relation != Relation::Partner
            || !f
                .args
                .iter()
                .any(|a| !renamed.contains(a) && own_clinical_hospital(a, &f.args))
    });
    Extraction { facts: out.facts }
}

/// What a university's own clinical hospital is named for, if anything (附属儿童医院).
const CLINICAL_KINDS: &[&str] = &[
    "",
    "儿童",
    "儿科",
    "口腔",
    "妇产",
    "肿瘤",
    "眼科",
    "中医",
    "精神",
    "胸科",
    "妇儿",
    "康复",
    "中西医结合",
];

/// Whether `hospital` is the clinical hospital of the other party of `pair`, a university
/// named in its own name with nothing but a number and a kind after 附属 (X大学附属第一医院,
/// X大学第三附属医院, X大学附属儿童医院): part of the university, not its partner. A hospital
/// that carries the university's name for a place it serves (X大学附属Y医院) may be one.
fn own_clinical_hospital(hospital: &str, pair: &[String]) -> bool {
    pair.iter().any(|university| {
        let Some(rest) = hospital.strip_prefix(university.as_str()) else {
            return false;
        };
        let unattached = rest.replacen("附属", "", 1);
        let kind = unattached
            .strip_prefix('第')
            .map_or(unattached.as_str(), |r| {
                r.trim_start_matches(|c| "一二三四五六七八九十".contains(c))
            });
        university.ends_with("大学")
            && unattached.len() < rest.len()
            && kind
                .strip_suffix("医院")
                .is_some_and(|k| CLINICAL_KINDS.contains(&k))
    })
}

/// Collects facts once per document, keeping the first evidence of each.
pub(crate) struct Facts<'d> {
    doc: &'d Document,
    seen: FxHashSet<(Relation, Vec<String>)>,
    facts: Vec<Fact>,
}

impl<'d> Facts<'d> {
    fn new(doc: &'d Document) -> Self {
        Facts {
            doc,
            seen: FxHashSet::default(),
            facts: Vec::new(),
        }
    }

    /// Adds a fact whose evidence is the byte range `start..end` of the normalised text.
    pub(crate) fn add(
        &mut self,
        relation: Relation,
        args: &[&str],
        start: usize,
        end: usize,
        extractor: &'static str,
    ) {
        if args.iter().any(|a| a.trim().is_empty()) {
            return;
        }
        let mut key: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        if relation == Relation::Partner {
            if key[0] == key[1] {
                return;
            }
            key.sort();
        }
        if relation == Relation::Alias && key[0] == key[1] {
            return;
        }
        if !self.seen.insert((relation, key)) {
            return;
        }
        let sentence = self.doc.sentence_at(start).unwrap_or(0);
        self.facts.push(Fact {
            relation,
            args: args.iter().map(|s| (*s).to_owned()).collect(),
            evidence: Evidence {
                sentence,
                start,
                end,
                extractor,
            },
        });
    }
}

/// Character-level helpers over the normalised text, all on byte offsets.
pub(crate) mod text {
    /// The char ending at byte `pos`, with its start.
    pub fn prev(s: &str, pos: usize) -> Option<(usize, char)> {
        s[..pos].char_indices().next_back()
    }

    /// The char starting at byte `pos`.
    pub fn next(s: &str, pos: usize) -> Option<char> {
        s.get(pos..).and_then(|t| t.chars().next())
    }

    /// Byte offset `n` chars before `pos` (or 0).
    pub fn back(s: &str, pos: usize, n: usize) -> usize {
        s[..pos]
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(i, _)| i)
    }

    /// Byte offset `n` chars after `pos` (or the end).
    pub fn forward(s: &str, pos: usize, n: usize) -> usize {
        s[pos..]
            .char_indices()
            .nth(n)
            .map_or(s.len(), |(i, _)| pos + i)
    }

    /// Where the stretch of text ending at `pos` began after its last 。！？ or line break:
    /// the readers' own bound for "the same sentence", independent of how the document was
    /// split into evidence sentences.
    pub fn sentence_start(s: &str, pos: usize) -> usize {
        s[..pos]
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '\n'))
            .map_or(0, |(i, c)| i + c.len_utf8())
    }

    pub fn is_han(c: char) -> bool {
        matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
    }

    pub fn chars(s: &str) -> usize {
        s.chars().count()
    }

    /// Strips quotation and book-title marks.
    pub fn unquote(s: &str) -> String {
        s.chars()
            .filter(|c| {
                !matches!(
                    c,
                    '“' | '”' | '‘' | '’' | '"' | '\'' | '「' | '」' | '《' | '》'
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
