//! Branches, honours, partnerships and accreditation grades.
//!
//! * Branches: a unit name before 党支部/支部/党总支/团支部, after its hospital or a
//!   pronoun-like reference; a hospital's lone 院党支部 is named after the hospital.
//! * Honours: the phrase after a trigger (荣获, 获评, 被授予 ...), split into runs of quoted
//!   or listed names, stripped of 称号 and counts; unquoted phrases must end like an honour
//!   (先进集体, 示范点, 中心 ...). The recipient is the subject of the clause the trigger
//!   stands in: a branch, a person, an organisation, else the article's subject hospital.
//! * Partners: a sentence with a cooperation cue joins its hospital with the other
//!   organisations in it, except those after one-sided cues (对标, 学习借鉴), granters and
//!   employers of named people; an agreement title in 《》 joins the parties named before its
//!   cue.
//! * Grades: 三级甲等 and 三甲, not where the sentence speaks of striving for one.

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashSet;

use super::orgs::{OrgMention, Orgs};
use super::people::{People, PersonMention};
use super::text::{self, is_han};
use super::Facts;
use crate::fact::Relation;
use crate::ingest::Document;
use crate::rules::{OrgClass, Rules};

/// A branch mention.
#[derive(Debug, Clone)]
struct Branch {
    start: usize,
    end: usize,
    name: String,
    hospital: String,
    /// The branch of another body the hospital works with (桂花村党总支, X社区党支部), not
    /// the hospital's own.
    foreign: bool,
}

pub fn extract(doc: &Document, rules: &Rules, orgs: &Orgs, people: &People, out: &mut Facts<'_>) {
    let branches = branches(doc, rules, orgs);
    for b in &branches {
        if b.foreign {
            // 与桂花村党总支开展共建, 内科党支部与桂花村党总支: the two work together.
            let head = &doc.text[..b.start];
            let paired = ["与", "和", "同"].iter().any(|c| {
                head.strip_suffix(c)
                    .is_some_and(|h| ["支部", "党总支", "党委"].iter().any(|u| h.ends_with(u)))
            });
            let in_partnership = paired
                || doc.sentence_at(b.start).is_some_and(|si| {
                    let s = doc.sentences[si];
                    rules.partner_cues.found_in(&doc.text[s.start..s.end])
                });
            out.add(
                Relation::Institution,
                &[&b.name, OrgClass::Party.as_str()],
                b.start,
                b.end,
                "branch",
            );
            if in_partnership {
                out.add(
                    Relation::Partner,
                    &[&b.hospital, &b.name],
                    b.start,
                    b.end,
                    "branch-partner",
                );
            }
            continue;
        }
        out.add(
            Relation::Branch,
            &[&b.name, &b.hospital],
            b.start,
            b.end,
            "branch",
        );
        let surface = &doc.text[b.start..b.end];
        // (医技第一 of 医技第一、第二党支部 names the branch only with the unit after the list.)
        let unit_ended = ["支部", "党总支", "团委"]
            .iter()
            .any(|u| surface.ends_with(u));
        if surface != b.name
            && unit_ended
            && !rules.generic_refs.contains(surface)
            && text::chars(surface) > 3
        {
            out.add(
                Relation::Alias,
                &[&b.name, surface],
                b.start,
                b.end,
                "branch",
            );
        }
    }
    awards(doc, rules, orgs, people, &branches, out);
    honour_lists(doc, rules, orgs, people, &branches, out);
    counted_honours(doc, rules, orgs, people, &branches, out);
    partners(doc, rules, orgs, people, out);
    co_built(orgs, out);
    levels(doc, orgs, out);
}

/// A hospital named for another hospital and the place it serves (松涛儿童医院湘乡医院,
/// X大学附属第一医院湘潭医院) is built and run with it: they are partners wherever the text
/// names it, with or without a word of cooperation in the sentence. X医院Y分院 and X医院Y院区
/// are units of X医院 and stay out, as does a hospital named for a university (see
/// `own_clinical_hospital`).
fn co_built(orgs: &Orgs, out: &mut Facts<'_>) {
    let hospitals = || {
        orgs.mentions
            .iter()
            .filter(|m| m.class == OrgClass::Hospital)
    };
    // Every name each hospital goes by in the text.
    let mut names: Vec<(&str, FxHashSet<&str>)> = Vec::new();
    for m in hospitals() {
        let i = match names.iter().position(|(c, _)| *c == m.canonical) {
            Some(i) => i,
            None => {
                names.push((&m.canonical, FxHashSet::default()));
                names.len() - 1
            }
        };
        names[i]
            .1
            .extend([m.canonical.as_str(), &m.full, &m.surface]);
    }
    for b in hospitals() {
        for (a, known_as) in &names {
            let served = |n: &&str| {
                text::chars(n) >= 4
                    && b.canonical.strip_prefix(*n).is_some_and(|rest| {
                        text::chars(rest) >= 3
                            && rest.ends_with("医院")
                            && !rest.starts_with('第')
                            && !rest.contains("附属")
                    })
            };
            if *a != b.canonical && known_as.iter().any(served) {
                out.add(
                    Relation::Partner,
                    &[a, &b.canonical],
                    b.start,
                    b.end,
                    "co-built",
                );
            }
        }
    }
}

/// Endings of a branch's name that make it the branch of a village, a town, a park or an
/// office, not of a hospital (桂花村党总支, 科创园党支部).
const FOREIGN_ENDINGS: &[&str] = &["村", "镇", "乡", "园", "局", "厂", "所"];
/// Words inside a branch's name that make it another body's (X社区党委, X街道党工委党支部,
/// X学院教师党支部, X公司党支部).
const FOREIGN_WORDS: &[&str] = &[
    "社区",
    "居委",
    "街道",
    "公司",
    "学院",
    "学校",
    "中学",
    "小学",
    "大学",
    "教师",
    "园区",
    "银行",
    "法院",
    "检察院",
    "村委",
];

/// An ordinal that names a branch (第二, 第十四).
static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第[一二三四五六七八九十百\d]+$").expect("static regex"));

/// One item of a list of branch ordinals: a department's name, if any, and the ordinal.
struct OrdinalItem<'t> {
    head: &'t str,
    ordinal: &'t str,
}

/// The items of `医技第一、第三、` before the ordinal at `at`, in text order, with where each
/// starts.
fn ordinals_before(t: &str, mut at: usize) -> Vec<(usize, OrdinalItem<'_>)> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([\p{Han}]{0,10}?)(第[一二三四五六七八九十百\d]+)$").expect("static regex")
    });
    let mut items = Vec::new();
    while let Some(sep) = t[..at].strip_suffix('、').map(str::len) {
        let Some(c) = ITEM.captures(&t[text::back(t, sep, 14)..sep]) else {
            break;
        };
        let whole = c.get(0).map_or("", |m| m.as_str());
        let start = sep - whole.len();
        let head = c.get(1).map_or("", |m| m.as_str());
        // The head stops at the list's start: 院 or a hospital's name before it is no part.
        let head = head.rsplit(['院', '的', '和', '与']).next().unwrap_or("");
        let ordinal = c.get(2).map_or("", |m| m.as_str());
        let item_start = sep - head.len() - ordinal.len();
        items.push((item_start, OrdinalItem { head, ordinal }));
        at = start.max(item_start);
        if !head.is_empty() {
            break;
        }
    }
    items.reverse();
    items
}

fn branches(doc: &Document, rules: &Rules, orgs: &Orgs) -> Vec<Branch> {
    static UNIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("党总支|党支部|团支部|支部|团委").expect("static regex"));
    let t = doc.text.as_str();
    let mut out = Vec::new();
    for m in UNIT.find_iter(t) {
        let (bs, be) = (m.start(), m.end());
        // quoted honours (“五星级党支部”, “六好”党支部)
        if matches!(text::next(t, be), Some('”'))
            || matches!(text::prev(t, bs), Some((_, '”' | '“')))
        {
            continue;
        }
        let window = text::back(t, bs, 12);
        let mut left = bs;
        while left > window {
            let Some((p, c)) = text::prev(t, left) else {
                break;
            };
            if !is_han(c) && !c.is_ascii_alphanumeric()
                || rules.stops_body_at(t, p, c)
                || c == '和'
                // 主题党日活动暨行政党支部换届: 暨 joins two events (but begins 暨南).
                || c == '暨' && !t[left..].starts_with('南')
                || t[..left].ends_with("支部")
            {
                break;
            }
            if orgs.ending_at(left).is_some() {
                break;
            }
            left = p;
        }
        let mut start = left;
        let owner_mention = orgs.ending_at(start);
        // A unit of a 卫健委 or a 社区党委 is not a hospital's branch.
        if owner_mention.is_some_and(|o| o.class != OrgClass::Hospital) {
            continue;
        }
        let mut owner = owner_mention.map(|o| o.canonical.clone());
        // 联合 before the unit names a joint branch (护理部医务部联合党支部), not a stop.
        let joint = t[..bs].ends_with("联合");
        // A stop word may end past the character the scan stopped at (带领内科三支部).
        let from = text::back(t, start, 3).max(window);
        start = if joint {
            rules.after_body_stops(t, from, bs - "联合".len())
        } else {
            rules.after_body_stops(t, from, bs)
        }
        .max(start);
        let mut generic_owner = false;
        let mut ours = false;
        // After the hospital's name, 医院 begins a department (X医院医院感染管理科).
        if let Some(r) = rules
            .generic_refs
            .iter()
            .filter(|r| t[start..bs].starts_with(r.as_str()))
            .filter(|_| owner.is_none() || start != left)
            .max_by_key(|r| r.len())
        {
            start += r.len();
            generic_owner = true;
            // (我)院: the scan stops before 我, a word of its own elsewhere.
            ours = ["我院", "本院", "我中心", "本中心"]
                .iter()
                .any(|w| t[..start].ends_with(w));
        }
        let prefix = &t[start..bs];
        let numbered = prefix
            .chars()
            .last()
            .is_some_and(|c| "一二三四五六七八九十".contains(c) || c.is_ascii_digit());
        let unit = &t[bs..be];
        if unit == "支部" && (!numbered || text::chars(prefix) < 3) {
            continue;
        }
        // 团委 only as the hospital's own (X医院团委, 院团委), never 共青团X县委.
        if unit == "团委" && !prefix.is_empty() {
            continue;
        }
        if text::chars(prefix) == 1 {
            continue;
        }
        // 联合党支部 alone is any joint branch; with its departments named it is one.
        let own = prefix
            .strip_suffix("联合")
            .filter(|d| joint && !d.is_empty());
        // 行政1支部, 医技4党支部: a department's number of one or two figures ends it; other
        // figures (dates, counts) are no part of a branch's name.
        static NUMBERED_DEPT: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^\p{Han}{1,8}\d{1,2}$").expect("static regex"));
        if prefix.chars().any(|c| c.is_ascii_digit()) && !NUMBERED_DEPT.is_match(prefix)
            || rules.generic_unit_words.found_in(own.unwrap_or(prefix))
        {
            continue;
        }
        // 我院A党支部、B党支部与X卫生院党支部: the report's own hospital's, and the branches
        // listed after one share its hospital.
        let listed_after = match text::prev(t, start) {
            Some((p, '、')) => out.last().filter(|b: &&Branch| b.end == p),
            _ => None,
        };
        let hospital = owner
            .take()
            .or_else(|| {
                ours.then(|| orgs.own_hospital())
                    .flatten()
                    .map(str::to_owned)
            })
            .or_else(|| listed_after.map(|b| b.hospital.clone()))
            .or_else(|| orgs.subject(bs).map(str::to_owned));
        let Some(hospital) = hospital else { continue };
        // 社区卫生服务中心党支部 in a report on X社区卫生服务中心: its own, named by its ending.
        if !prefix.is_empty() && super::orgs::is_own_ending(rules, &hospital, prefix) {
            out.push(Branch {
                start,
                end: be,
                name: format!("{hospital}{unit}"),
                hospital,
                foreign: false,
            });
            continue;
        }
        if prefix.is_empty() {
            // 院党支部 / X医院党总支 / X医院团委: the hospital's own unit, named after it.
            let named = orgs.ending_at(bs).is_some() || generic_owner;
            if named && matches!(unit, "党支部" | "党总支" | "团支部" | "团委") {
                out.push(Branch {
                    start: if generic_owner {
                        start - text::prev(t, start).map_or(0, |p| start - p.0)
                    } else {
                        bs
                    },
                    end: be,
                    name: format!("{hospital}{unit}"),
                    hospital,
                    foreign: false,
                });
            }
            continue;
        }
        // 医技第一、第二党支部: the ordinals listed before share the unit, and the department
        // named with the first is the later ones' too (as in 医技第一党支部、第二党支部).
        let mut name = t[start..be].to_owned();
        let mut earlier = Vec::new();
        if ORDINAL.is_match(prefix) {
            earlier = ordinals_before(t, start);
            let head = earlier.first().map(|(_, item)| item.head).or_else(|| {
                let (p, _) = text::prev(t, start).filter(|&(_, c)| c == '、')?;
                let last = out.last().filter(|b| b.end == p)?;
                let numbered = last.name.strip_suffix(unit)?;
                Some(&numbered[..numbered.rfind('第')?])
            });
            if let Some(head) = head {
                name = format!("{head}{name}");
            }
        }
        let foreign = FOREIGN_ENDINGS.iter().any(|w| prefix.ends_with(w))
            || FOREIGN_WORDS.iter().any(|w| name.contains(w));
        for (at, item) in earlier {
            out.push(Branch {
                start: at,
                end: at + item.head.len() + item.ordinal.len(),
                name: format!("{}{}{unit}", item.head, item.ordinal),
                hospital: hospital.clone(),
                foreign,
            });
        }
        out.push(Branch {
            start,
            end: be,
            name,
            hospital,
            foreign,
        });
    }
    // 感染管理科党支部, read with 医院 taken for the hospital, after 医院感染管理科党支部 of the
    // same hospital: the name in full.
    let full: Vec<Option<String>> = out
        .iter()
        .map(|b| {
            out.iter()
                .filter(|o| o.hospital == b.hospital)
                .find(|o| {
                    o.name
                        .strip_suffix(b.name.as_str())
                        .is_some_and(|r| rules.generic_refs.contains(r))
                })
                .map(|o| o.name.clone())
        })
        .collect();
    for (b, f) in out.iter_mut().zip(full) {
        if let Some(f) = f {
            b.name = f;
        }
    }
    // Surface of lone branches for aliases: widen to the pronoun-like reference, unless the
    // 院 ends a name (X二院党支部).
    for b in &mut out {
        if !t[b.start..b.end].ends_with("党支部")
            || orgs.ending_at(b.end - "党支部".len()).is_some()
        {
            continue;
        }
        for r in ["医院", "院"] {
            if t[..b.end - "党支部".len()].ends_with(r) && t[b.start..b.end] != b.name {
                b.start = b.end - "党支部".len() - r.len();
                break;
            }
        }
    }
    out
}

/// A subject: what a clause is about.
#[derive(Debug, Clone)]
enum Subject {
    Names(Vec<String>),
    /// A generic reference (我院, 医院): the article's subject hospital.
    Generic,
    None,
}

fn awards(
    doc: &Document,
    rules: &Rules,
    orgs: &Orgs,
    people: &People,
    branches: &[Branch],
    out: &mut Facts<'_>,
) {
    static LEVEL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("[一二三]级[甲乙丙特]等").expect("static regex"));
    static YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([12]\d{3}(-\d{4})?(年度?)?|连续\S{1,2}年|\d+年|多次|先后|还|也|了|为|成功|又|颁发|颁|本届|认证为|认定为)+")
            .expect("static regex")
    });
    static FIRST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^.{0,8}?首家").expect("static regex"));
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(\d+[个项家]|[两二三四五六七八九十]项|[（(][^）)]*[）)]|牌匾|荣誉称号|称号|殊荣|荣誉|奖牌)+$")
            .expect("static regex")
    });
    // 李某等80名同志, X医院等60个单位: a count closing the recipients named before it.
    static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:等[\d一二两三四五六七八九十百千]+[个名位家人](?:单位|同志|集体|个人)?|同志)$",
        )
        .expect("static regex")
    });
    static PEOPLE_COUNTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[\d一二两三四五六七八九十百千]+[位名]“").expect("static regex")
    });
    // 1个省级“青年文明号”, 1名省级“优秀团干部”: the count of honours a body won, or of its
    // unnamed members who won one.
    static COUNT_OF_HONOURS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[\d一二两三四五六七八九十]+[个项]").expect("static regex"));
    static COUNT_OF_MEMBERS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[\d一二两三四五六七八九十]+[名位人]").expect("static regex")
    });
    static COUNT_OF_RECIPIENTS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[\d一二两三四五六七八九十百千]+[位名个家]").expect("static regex")
    });
    static SERIES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^第[一二三四五六七八九十\d]+[届批]").expect("static regex"));
    // 荣获X并授Y: the recipient gets both.
    const AND_GIVEN: &[&str] = &["并被授予", "并被评为", "并授予", "并授", "并获"];
    // Verbs that start a further award clause inside a list (A荣获X、B荣获Y).
    const NEXT_TRIGGER: &[&str] = &["荣获", "获评", "被评为", "评为", "被授予", "获得", "喜获"];
    let t = doc.text.as_str();
    let names = people.names();
    for m in rules.award_triggers.automaton.find_iter(t) {
        let (ts, te) = (m.start(), m.end());
        let Some(si) = doc.sentence_at(ts) else {
            continue;
        };
        let sent = doc.sentences[si];
        let line_start = t[..ts].rfind('\n').map_or(0, |i| i + 1);
        if t[line_start..].starts_with(['▲', '■', '●', '△']) {
            continue;
        }
        // 获嘉县人民医院: a trigger's characters inside a name are no verb.
        if orgs.covers(ts) {
            continue;
        }
        // 获得感, 获奖党支部 (prize-winning): no honour follows.
        if t[te..].starts_with('感') || t[te..].starts_with(['得', '奖']) && &t[ts..te] == "获"
        {
            continue;
        }
        // Skip a granter named right after the trigger (获评江西省卫健委“…”).
        let mut p = te;
        // 授予A“X”称号: the recipient stands between the verb and the honour.
        let mut given_to = None;
        if &t[ts..te] == "授予" {
            let quote = t[te..sent.end]
                .find('“')
                .map(|i| te + i)
                .filter(|&q| text::chars(&t[te..q]) <= 90);
            if let Some(q) = quote {
                let end = COUNTED.find(&t[te..q]).map_or(q, |c| te + c.start());
                given_to = recipients_ending_at(t, orgs, people, branches, te, end);
                if given_to.is_some() {
                    p = q;
                }
            }
            // 授予A医院、B医院X称号 (unquoted): the hospitals listed right after the verb, and
            // the honour after them up to 称号.
            if given_to.is_none() {
                let mut listed = Vec::new();
                let mut at = te;
                while let Some(o) = orgs
                    .starting_at(at)
                    .filter(|o| o.class == OrgClass::Hospital)
                {
                    listed.push(o.canonical.clone());
                    at = o.end;
                    match text::next(t, at) {
                        Some(c @ ('、' | '和' | '及')) => at += c.len_utf8(),
                        _ => break,
                    }
                }
                let entitled = t[at..sent.end]
                    .find("称号")
                    .is_some_and(|i| !t[at..at + i].contains(['，', ',', '。', '；']));
                if !listed.is_empty() && entitled && at > te && !t[..at].ends_with('、') {
                    given_to = Some(listed);
                    p = at;
                }
            }
        }
        if let Some(o) = orgs.starting_at(p) {
            if matches!(text::next(t, o.end), Some('“' | '"')) {
                p = o.end;
            }
        }
        // Read the items.
        let clause_end = t[p..sent.end]
            .char_indices()
            .find(|(_, c)| {
                matches!(
                    c,
                    '，' | ',' | '。' | '；' | ';' | '!' | '！' | '？' | ':' | '：'
                )
            })
            .map_or(sent.end, |(i, _)| p + i);
        let phrase = &t[p..clause_end];
        let mut items: Vec<(String, bool)> = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut depth = 0i32;
        let mut chars = phrase.char_indices().peekable();
        // Where recipients named after the honour start (获评“X”的护士A、医生B).
        let mut tail_at = None;
        while let Some((i, c)) = chars.next() {
            if depth <= 0 && i > 0 {
                let rest = &phrase[i..];
                // X并授Y, X并被授予Y: a second honour for the same recipient.
                if let Some(k) = AND_GIVEN.iter().find(|k| rest.starts_with(**k)) {
                    items.push((std::mem::take(&mut cur), quoted));
                    quoted = false;
                    for _ in 0..k.chars().count() - 1 {
                        chars.next();
                    }
                    continue;
                }
                // 、功能科荣获Y: the words before a further trigger are its recipients.
                if NEXT_TRIGGER.iter().any(|k| rest.starts_with(k)) {
                    cur.clear();
                    break;
                }
            }
            // 获评“X”的A, 荣获X荣誉称号的A: the recipients follow the honour; an unquoted one
            // closes with 称号 before them.
            if depth <= 0 {
                let rest = &phrase[i..];
                let closers: &[&str] = if quoted {
                    &["称号的", "荣誉称号的", "的"]
                } else {
                    &["荣誉称号的", "称号的"]
                };
                if let Some(k) = closers.iter().find(|k| rest.starts_with(**k)) {
                    tail_at = Some(p + i + k.len());
                    break;
                }
            }
            match c {
                '“' | '「' | '‘' => {
                    if depth == 0 && c == '“' && cur.ends_with('”') {
                        // ”“ between two quoted names
                    }
                    depth += 1;
                    quoted = true;
                    cur.push(c);
                }
                // “X"等称号: a straight quote closes a curly one some pages open.
                '”' | '」' | '’' | '"' if c != '"' || depth > 0 => {
                    depth -= 1;
                    cur.push(c);
                    if depth <= 0 && chars.peek().map(|x| x.1) == Some('“') {
                        items.push((std::mem::take(&mut cur), quoted));
                        quoted = false;
                        depth = 0;
                    }
                }
                '、' if depth <= 0 => {
                    items.push((std::mem::take(&mut cur), quoted));
                    quoted = false;
                }
                // “A”和“B”两项殊荣: two honours.
                '和' | '及'
                    if depth <= 0 && quoted && {
                        // “A”和第三届“B”: the next honour may name its series first.
                        let next = &phrase[i + c.len_utf8()..];
                        let next = SERIES.find(next).map_or(next, |m| &next[m.end()..]);
                        next.starts_with('“')
                    } =>
                {
                    items.push((std::mem::take(&mut cur), quoted));
                    quoted = false;
                }
                '等' if depth <= 0 => break,
                _ => cur.push(c),
            }
        }
        if !cur.is_empty() {
            items.push((cur, quoted));
        }
        // 获批X中心和Y中心: two honours when each side ends as one does.
        let items: Vec<(String, bool)> = items
            .into_iter()
            .flat_map(|(raw, quoted)| {
                let parts: Vec<&str> = raw.split(['和', '及']).collect();
                let each_an_honour = !quoted
                    && parts.len() == 2
                    && parts
                        .iter()
                        .all(|p| rules.award_heads.longest_suffix_of(p.trim()).is_some());
                if each_an_honour {
                    parts.iter().map(|p| (p.to_string(), false)).collect()
                } else {
                    vec![(raw, quoted)]
                }
            })
            .collect();
        // In a run with quoted honours, an unquoted item is an honour too, even when it reads
        // like a name (“A”“B”、X省示范医院等称号).
        let in_quoted_run = items.iter().any(|i| i.1);
        let mut accepted = Vec::new();
        for (raw, quoted) in items {
            let mut s = raw.trim().to_owned();
            if COUNT_OF_MEMBERS.is_match(&s) {
                continue;
            }
            // (授予293个团组织X称号 counts recipients, read below.)
            if !s.contains("称号") {
                s = COUNT_OF_HONOURS.replace(&s, "").into_owned();
            }
            // 获得省直级“X”之后又一殊荣, “X”认定, “X”是实至名归: a clause that runs on past the
            // closing quote with a word of time, count, procedure or judgement is no part of the
            // honour (“X”示范岗 is).
            if let Some(q) = s.rfind('”').filter(|_| quoted) {
                const RUNS_ON: &[&str] = &[
                    "之后",
                    "以后",
                    "以来",
                    "之际",
                    "后",
                    "一系列",
                    "多项",
                    "多个",
                    "认定",
                    "关系",
                    "此",
                    "是",
                    "表示",
                    "表彰",
                ];
                if RUNS_ON
                    .iter()
                    .any(|w| s[q + '”'.len_utf8()..].starts_with(w))
                {
                    s.truncate(q + '”'.len_utf8());
                }
            }
            if let Some(inner) = s
                .find('《')
                .and_then(|a| s[a..].find('》').map(|b| s[a + 3..a + b].to_owned()))
            {
                s = inner;
            }
            s = text::unquote(&s);
            // 获国医大师称号: what 称号 closes is an honour's name, whatever its last word.
            let title_at = s.find("称号").or_else(|| s.find("称谓"));
            let entitled = title_at.is_some();
            // X称号8月17日: an unclosed quote runs on past the honour.
            if let Some(k) = title_at.filter(|&k| k > 0) {
                s.truncate(k);
                s = s
                    .trim_end_matches("荣誉")
                    .trim_end_matches("光荣")
                    .to_owned();
            }
            s = YEAR.replace(&s, "").into_owned();
            s = FIRST.replace(&s, "").into_owned();
            s = TAIL.replace(&s, "").into_owned();
            // 获评十佳青年医师称号 after a headline that quotes “2024衡阳十佳青年医师”: the
            // honour by the fuller name the report quotes.
            if !quoted && text::chars(&s) >= 4 {
                if let Some(full) = fuller_quoted(t, &s) {
                    s = YEAR.replace(&full, "").into_owned();
                }
            }
            let n = text::chars(&s);
            // 获此国字号招牌: a word pointing back at an honour, not its name.
            let pointer = s.starts_with(['此', '这', '该', '其']);
            if !(3..=40).contains(&n) || LEVEL.is_match(&s) || s.contains('的') || pointer {
                continue;
            }
            if !s
                .chars()
                .all(|c| is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '-' | '·'))
            {
                continue;
            }
            // 授予12名专家X荣誉称号, 为10名“X”颁奖: a count of recipients names no one the
            // honour could go to.
            let people_counted = quoted && PEOPLE_COUNTED.is_match(raw.trim());
            if people_counted || entitled && COUNT_OF_RECIPIENTS.is_match(&s) {
                continue;
            }
            if !quoted && !entitled && rules.award_heads.longest_suffix_of(&s).is_none() {
                continue;
            }
            if rules.not_award_heads.longest_suffix_of(&s).is_some() {
                continue;
            }
            // 入选建设名单, 表彰名单: a list, unless it names what its entries are (X县医院名单).
            if s.ends_with("名单") && n <= 6 {
                continue;
            }
            if !in_quoted_run && orgs.mentions.iter().any(|o| o.surface == s) {
                continue;
            }
            accepted.push(s);
        }
        if accepted.is_empty() {
            continue;
        }
        // The recipient.
        let after_branch = {
            let mut q = clause_end;
            let rest = &t[q..sent.end];
            if rest.starts_with("称号的") {
                q += "称号的".len();
            }
            branches.iter().find(|b| b.start == q)
        };
        let after_branch = after_branch.or_else(|| {
            let tail_start = t[te..sent.end]
                .find("称号的")
                .map(|i| te + i + "称号的".len());
            tail_start.and_then(|q| branches.iter().find(|b| b.start == q))
        });
        let named_after = tail_at.map(|q| recipients_at(t, rules, orgs, people, branches, q));
        let named_before = people_ending_at(
            t,
            orgs,
            people,
            sent.start,
            recipients_start(t, sent.start, ts),
        );
        // A评为X、B评为Y: after a list item with its own trigger, the item before this one;
        // a long item that names none hkg knows (某校教师A) gives nobody, never A, the
        // sentence's subject; a short one (检验科) is the subject's department.
        let listed_before = || {
            let from = t[sent.start..ts]
                .rfind('、')
                .map(|i| sent.start + i + '、'.len_utf8())?;
            let own_trigger = rules
                .award_triggers
                .automaton
                .find_iter(&t[sent.start..from])
                .map(|m| sent.start + m.start())
                .any(|at| !orgs.covers(at));
            if !own_trigger || t[from..ts].contains(['，', ',']) {
                return None;
            }
            let end = recipients_start(t, from, ts);
            match recipients_ending_at(t, orgs, people, branches, from, end) {
                Some(v) => Some(v),
                None if text::chars(&t[from..end]) > 6 => Some(Vec::new()),
                None => None,
            }
        };
        let recipients: Vec<String> = if let Some(v) = given_to {
            v
        } else if let Some(v) = named_after.filter(|v| !v.is_empty()) {
            v
        } else if let Some(b) = after_branch {
            vec![b.name.clone()]
        } else if let Some(v) = named_before {
            v
        } else if let Some(v) = listed_before() {
            v
        } else {
            match subject(doc, rules, orgs, &names, branches, sent.start, ts) {
                Subject::Names(v) => v,
                found => match biography_subject(t, people, sent.start)
                    .filter(|_| matches!(found, Subject::None))
                    .or_else(|| orgs.subject(ts))
                {
                    Some(s) => vec![s.to_owned()],
                    None => continue,
                },
            }
        };
        if recipients.is_empty() {
            continue;
        }
        for r in &recipients {
            // 被评为江苏省X社区卫生服务中心 read with the honour taken for its own recipient.
            for a in accepted.iter().filter(|a| *a != r) {
                out.add(Relation::Award, &[r, a], ts, clause_end, "award");
            }
        }
    }
    // The honour that runs back from `at` to a pause, a 的 or an organisation's name: where
    // it starts, its name, and whether it was quoted.
    let honour_before = |at: usize| {
        let from = t[..at]
            .char_indices()
            .rev()
            .take(24)
            .take_while(|&(i, c)| {
                (is_han(c) || matches!(c, '“' | '”' | '"'))
                    && c != '的'
                    && orgs.ending_at(i + c.len_utf8()).is_none()
            })
            .last()
            .map_or(at, |(i, _)| i);
        let quoted = t[from..at].contains('“');
        let honour = YEAR.replace(&text::unquote(&t[from..at]), "").into_owned();
        (from, honour, quoted)
    };
    // The people named right after a holder's word, in the order of the text.
    let mut in_order: Vec<&PersonMention> = people.mentions.iter().collect();
    in_order.sort_by_key(|p| p.start);
    for first in in_order {
        let before = &t[..first.start];
        // 白求恩奖章获得者A, 全国“五一劳动奖章”获得者A: the honour, then its holder.
        if let Some(at) = before.strip_suffix("获得者").map(str::len) {
            let (from, honour, quoted) = honour_before(at);
            let n = text::chars(&honour);
            let named = quoted || rules.award_heads.longest_suffix_of(&honour).is_some();
            if (3..=20).contains(&n)
                && named
                && rules.not_award_heads.longest_suffix_of(&honour).is_none()
            {
                out.add(
                    Relation::Award,
                    &[&first.name, &honour],
                    from,
                    first.end,
                    "award",
                );
            }
            continue;
        }
        // 优秀医师代表A、B作发言: the people who speak for an honour's holders hold it. The
        // honour opens with a word of praise (优秀, 先进 ...) or is quoted, so that no body
        // (医院代表A) reads as one.
        let Some(at) = before.strip_suffix("代表").map(str::len) else {
            continue;
        };
        let mut holders: Vec<&PersonMention> = Vec::new();
        let mut end = first.start;
        while let Some(p) = people.mentions.iter().find(|p| p.start == end) {
            holders.push(p);
            end = p.end;
            if text::next(t, end) != Some('、') {
                break;
            }
            end += '、'.len_utf8();
        }
        let (from, honour, quoted) = honour_before(at);
        let praised = ["优秀", "先进", "最美", "十佳", "杰出", "模范", "劳模"]
            .iter()
            .any(|w| honour.starts_with(w));
        let named = quoted && rules.award_heads.longest_suffix_of(&honour).is_some();
        if (3..=12).contains(&text::chars(&honour))
            && (praised || named)
            && rules.not_award_heads.longest_suffix_of(&honour).is_none()
        {
            for p in holders {
                out.add(Relation::Award, &[&p.name, &honour], from, p.end, "award");
            }
        }
    }
}

/// Where the recipients named right before an award trigger end: before `被`, `同志` and a
/// count of people (A、B、C三位同志被表彰为).
pub(super) fn recipients_start(t: &str, floor: usize, ts: usize) -> usize {
    static CLOSER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:[等共]?[两二三四五六七八九十\d]+[位名](?:医务工作者|医务人员|医护人员|医生|护士|职工|干部)?)?(?:同志)?(?:等)?(?:同时|分别|均|也|都|一同|一并|双双|共同|先后|相继|多次|再次|曾|还|又)?被?$")
            .expect("static regex")
    });
    CLOSER.find(&t[floor..ts]).map_or(ts, |m| floor + m.start())
}

/// Who a phrase ending at `end` (and starting no earlier than `from`) names: a list of
/// people, else a branch, else an organisation.
fn recipients_ending_at(
    t: &str,
    orgs: &Orgs,
    people: &People,
    branches: &[Branch],
    from: usize,
    end: usize,
) -> Option<Vec<String>> {
    people_ending_at(t, orgs, people, from, end)
        .or_else(|| {
            let b = branches.iter().find(|b| b.end == end && b.start >= from);
            b.map(|b| vec![b.name.clone()])
        })
        .or_else(|| {
            let o = orgs.ending_at(end).filter(|o| o.start >= from);
            o.map(|o| vec![o.canonical.clone()])
        })
        .or_else(|| units_of_departments_ending_at(t, orgs, from, end))
}

/// The organisations of a list of their departments ending at `end` (授予A医院骨科、B医院妇产科
/// “X”称号): a department's honour is written for its hospital. Each item is an organisation
/// and a department's name after it; the items are joined by 、 or 和.
fn units_of_departments_ending_at(
    t: &str,
    orgs: &Orgs,
    from: usize,
    mut end: usize,
) -> Option<Vec<String>> {
    let mut out = Vec::new();
    while let Some(o) = orgs
        .mentions
        .iter()
        .filter(|o| o.start >= from && o.end < end && o.end + 30 >= end)
        .max_by_key(|o| o.end)
    {
        if !names_a_department(&t[o.end..end]) {
            break;
        }
        out.push(o.canonical.clone());
        match text::prev(t, o.start) {
            Some((p, '、' | '和')) if p > from => end = p,
            _ => break,
        }
    }
    out.reverse();
    (!out.is_empty()).then_some(out)
}

/// [`names_ending_at`], or the names before an honorific that ends at `end` (A教授荣获X),
/// the honorific starting no earlier than `from`.
fn people_ending_at(
    t: &str,
    orgs: &Orgs,
    people: &People,
    from: usize,
    end: usize,
) -> Option<Vec<String>> {
    const HONORIFICS: &[&str] = &["教授", "同志", "医生", "院士", "博士", "专家", "老师"];
    names_ending_at(t, orgs, people, end).or_else(|| {
        let h = HONORIFICS.iter().find(|h| t[from..end].ends_with(**h))?;
        names_ending_at(t, orgs, people, end - h.len())
    })
}

/// The people whose names form a list (joined by 、 or 和) ending at `end`, in text order.
/// A name may come with its titles and organisation (X医院院长A、Y医院主任医师B).
fn names_ending_at(t: &str, orgs: &Orgs, people: &People, mut end: usize) -> Option<Vec<String>> {
    // Where the titles written before a name begin, if any.
    let titled = |m: &PersonMention| people.titled_from(m.end).filter(|&ts| ts < m.start);
    let mut out = Vec::new();
    while let Some(m) = people.mentions.iter().find(|m| m.end == end) {
        out.push(m.name.clone());
        let mut s = m.start;
        let own_titles = titled(m);
        let mut own_unit = false;
        if let Some(ts) = own_titles {
            s = ts;
            if let Some(o) = orgs.ending_at(s) {
                s = o.start;
            }
        } else if let Some(u) = unit_before(t, orgs, s) {
            s = u;
            own_unit = true;
        }
        match text::prev(t, s) {
            Some((p, '、' | '和')) => end = p,
            // X医院A、B，Y医院C共11名医生获…: items of unit and names, listed by commas.
            Some((p, '，' | ','))
                if own_unit
                    && people.mentions.iter().any(|o| {
                        o.end == p
                            && (unit_before(t, orgs, o.start).is_some() || {
                                // the item's later name (X医院A、B): its first has the unit
                                text::prev(t, o.start).is_some_and(|(q, c)| {
                                    c == '、'
                                        && people.mentions.iter().any(|f| {
                                            f.end == q && unit_before(t, orgs, f.start).is_some()
                                        })
                                })
                            })
                    }) =>
            {
                end = p;
            }
            // X医院主任医师A，Y医院教授B获…: titled names, each with its own 、, listed by commas.
            Some((p, '，' | ','))
                if own_titles.is_some()
                    && people
                        .mentions
                        .iter()
                        .any(|o| o.end == p && titled(o).is_some()) =>
            {
                end = p;
            }
            _ => break,
        }
    }
    out.reverse();
    (!out.is_empty()).then_some(out)
}

/// Where the unit written right before a name starts (X医院A, X医院心血管科医生A): an
/// organisation, then at most a department and a word of the trade, nothing else.
fn unit_before(t: &str, orgs: &Orgs, name_start: usize) -> Option<usize> {
    const TRADES: &[&str] = &[
        "医生", "医师", "护士", "护师", "药师", "技师", "教授", "专家",
    ];
    let head = &t[..name_start];
    let head = TRADES
        .iter()
        .find_map(|w| head.strip_suffix(w))
        .unwrap_or(head);
    let o = orgs
        .mentions
        .iter()
        .filter(|o| o.end <= head.len() && o.end + 30 >= head.len())
        .max_by_key(|o| o.end)?;
    let between = &head[o.end..];
    (between.is_empty() || names_a_department(between)).then_some(o.start)
}

/// Whether `s`, written right after an organisation, is one of its departments (骨科,
/// 重症监护中心): at most ten Han characters ending as a department does.
fn names_a_department(s: &str) -> bool {
    text::chars(s) <= 10
        && s.chars().all(is_han)
        && ["科", "室", "部", "中心", "病区"]
            .iter()
            .any(|d| s.ends_with(d))
}

/// The honour a heading names short (二、优秀护士) as the notice names it in full, quoted, with
/// its series (第二届“X市优秀护士”): the first quoted name that ends with `short`.
fn fuller_quoted(t: &str, short: &str) -> Option<String> {
    static SERIES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"第[一二三四五六七八九十\d]+届$").expect("static regex"));
    t.match_indices('“').find_map(|(q, _)| {
        let inner_start = q + '“'.len_utf8();
        let inner = &t[inner_start..inner_start + t[inner_start..].find('”')?];
        if inner == short || !inner.ends_with(short) || text::chars(inner) > 24 {
            return None;
        }
        let series = SERIES.find(&t[..q]).map_or("", |m| m.as_str());
        Some(format!("{series}{inner}"))
    })
}

/// Notices that list honourees under a heading naming the honour:
///
/// ```text
/// 一、先进基层党组织（3个）
/// X医院内科第一党支部
/// 二、优秀共产党员（4名）
/// 王某 X医院骨科主任
/// ```
///
/// Each item line that opens with a branch, a person or an organisation receives the honour.
fn honour_lists(
    doc: &Document,
    rules: &Rules,
    orgs: &Orgs,
    people: &People,
    branches: &[Branch],
    out: &mut Facts<'_>,
) {
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])\s*(?:拟表彰|拟推荐|拟授予)?(.{2,24}?)(?:拟表彰|名单|名單)?(?:[（(]\d+[个名人家项位][）)])?\s*$")
            .expect("static regex")
    });
    // “最美医生”名单, 2023年某市优秀护士名单: the honour heads the list of its recipients.
    static NAMED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[12]\d{3}年度?)?(“[^”]{2,24}”|[^“”，,。、：:\s]{2,24}?)(?:获奖|獲獎)?(?:名单|名單)[:：]?$")
            .expect("static regex")
    });
    // “从医三十年”纪念章获得者: a line naming the honour and its recipients.
    static RECIPIENTS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(“[^”]{2,24}”.{0,8}?|.{2,24}?)(?:获得者|获奖者|受表彰者)(?:名单)?[:：]?$")
            .expect("static regex")
    });
    let t = doc.text.as_str();
    let mut honour: Option<String> = None;
    let mut line_start = 0;
    for line in t.split('\n') {
        let ls = line_start;
        line_start += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(c) = HEADING
            .captures(trimmed)
            .or_else(|| NAMED_HEADING.captures(trimmed))
            .or_else(|| RECIPIENTS_HEADING.captures(trimmed))
        {
            let name = text::unquote(c.get(1).map_or("", |m| m.as_str()).trim());
            honour = (rules.award_heads.longest_suffix_of(&name).is_some()
                && !name.contains(['，', '。', '的']))
            .then(|| fuller_quoted(t, &name).unwrap_or(name));
            continue;
        }
        let Some(h) = &honour else { continue };
        let at = ls + (line.len() - line.trim_start().len());
        // A line of names (A、B、C): each receives the honour.
        let listed: Vec<&str> = people
            .mentions
            .iter()
            .filter(|m| m.start >= at && m.end <= ls + line.len())
            .map(|m| m.name.as_str())
            .collect();
        let is_list = listed.len() >= 2
            && trimmed
                .split(['、', '，', ','])
                .filter(|item| !item.trim().is_empty())
                .count()
                == listed.len();
        if !is_list && (trimmed.contains('。') || text::chars(trimmed) > 40) {
            honour = None;
            continue;
        }
        // X卫生院 A: the unit, then the person honoured.
        let line_end = ls + line.trim_end().len();
        let person_of_unit = orgs.starting_at(at).and_then(|o| {
            people
                .mentions
                .iter()
                .find(|m| m.end == line_end && t[o.end..m.start].trim().is_empty())
        });
        let recipient = branches
            .iter()
            .find(|b| b.start == at || orgs.ending_at(b.start).is_some_and(|o| o.start == at))
            .map(|b| b.name.clone())
            .or_else(|| person_of_unit.map(|m| m.name.clone()))
            .or_else(|| {
                people
                    .mentions
                    .iter()
                    .find(|m| m.start == at)
                    .map(|m| m.name.clone())
            })
            .or_else(|| orgs.starting_at(at).map(|o| o.canonical.clone()));
        match recipient {
            _ if is_list => {
                for r in listed {
                    out.add(Relation::Award, &[r, h], at, ls + line.len(), "award-list");
                }
            }
            Some(r) => out.add(Relation::Award, &[&r, h], at, ls + line.len(), "award-list"),
            // 林 勤 X医院 read as no one: a short entry line the reader missed, or an entry set
            // in columns (从   异  X医院护师), not the list's end.
            None if text::chars(trimmed) <= 20 && !trimmed.contains(['，', ',', '：', ':'])
                || crate::ingest::opens_a_column_entry(trimmed.chars()) => {}
            None => honour = None,
        }
    }
}

/// Honours given to counted groups in a commendation (对内科第一党支部等3个先锋号、李某等20位
/// 标兵予以表彰): the first of each group, `R等N个H`, receives H.
fn counted_honours(
    doc: &Document,
    rules: &Rules,
    orgs: &Orgs,
    people: &People,
    branches: &[Branch],
    out: &mut Facts<'_>,
) {
    static GROUP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"等[\d一二两三四五六七八九十百千]+[个位名家项]([^，,、。；;：:及和“”]{3,20})")
            .expect("static regex")
    });
    let t = doc.text.as_str();
    for s in &doc.sentences {
        let sent = &t[s.start..s.end];
        if !["表彰", "授予", "命名"].iter().any(|w| sent.contains(w)) {
            continue;
        }
        for c in GROUP.captures_iter(sent) {
            let (Some(all), Some(h)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let honour = h
                .as_str()
                .trim_end_matches("进行了表彰")
                .trim_end_matches("进行表彰")
                .trim_end_matches("称号")
                .trim_end_matches("荣誉");
            if rules.award_heads.longest_suffix_of(honour).is_none()
                || rules.not_award_heads.longest_suffix_of(honour).is_some()
            {
                continue;
            }
            let end = s.start + all.start();
            let recipients = recipients_ending_at(t, orgs, people, branches, s.start, end);
            for r in recipients.into_iter().flatten() {
                out.add(
                    Relation::Award,
                    &[&r, honour],
                    end,
                    s.start + all.end(),
                    "award",
                );
            }
        }
    }
}

/// Recipients named right after an honour (`的急诊科团支部`, `的护士A、医生B`, `的X医院`).
fn recipients_at(
    t: &str,
    rules: &Rules,
    orgs: &Orgs,
    people: &People,
    branches: &[Branch],
    q: usize,
) -> Vec<String> {
    if let Some(b) = branches.iter().find(|b| b.start == q) {
        return vec![b.name.clone()];
    }
    if let Some(o) = orgs.starting_at(q) {
        return match branches.iter().find(|b| b.start == o.end) {
            Some(b) => vec![b.name.clone()],
            None => vec![o.canonical.clone()],
        };
    }
    let mut out = Vec::new();
    let mut cur = q;
    loop {
        // an optional word for the person's occupation or title (护士, 主治医师)
        let cue = rules
            .person_cues
            .words
            .iter()
            .chain(rules.title_lexicon.words.iter())
            .filter(|w| t[cur..].starts_with(w.as_str()))
            .map(String::len)
            .max()
            .unwrap_or(0);
        let at = cur + cue;
        let Some(m) = people.mentions.iter().find(|m| m.start == at) else {
            break;
        };
        out.push(m.name.clone());
        cur = m.end;
        match text::next(t, cur) {
            Some('、' | '和') => cur += '、'.len_utf8(),
            _ => break,
        }
    }
    out
}

/// The subject of the last clause before `pos` in the sentence starting at `sent_start`.
fn subject(
    doc: &Document,
    rules: &Rules,
    orgs: &Orgs,
    names: &FxHashSet<&str>,
    branches: &[Branch],
    sent_start: usize,
    pos: usize,
) -> Subject {
    static TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{4}年)?(\d{1,2}月)?(\d{1,2}日)?(至\d{1,2}月)?(今年|去年|近年来|目前|此外|同时|其中|另外)?[，,]?").expect("static regex")
    });
    static COUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[\d一二两三四五六七八九十百千]+[个名人家位](?:单位|同志|集体|个人)?被?$")
            .expect("static regex")
    });
    let t = doc.text.as_str();
    let mut starts = vec![sent_start];
    for (i, c) in t[sent_start..pos].char_indices() {
        if matches!(c, '，' | ',' | '；' | ';') {
            starts.push(sent_start + i + c.len_utf8());
        }
    }
    let mut found = Subject::None;
    for s in starts {
        let mut p = s;
        while matches!(text::next(t, p), Some('“' | '"' | ' ')) {
            p += text::next(t, p).map_or(1, char::len_utf8);
        }
        if let Some(m) = TIME.find(&t[p..pos]) {
            p += m.end();
        }
        if p >= pos {
            continue;
        }
        // 12人被授予, 全市共有5个单位被授予: only counted, nobody named.
        if t[p..].starts_with(|c: char| c.is_ascii_digit()) && t[p..pos].contains('个')
            || COUNT.is_match(&t[p..pos])
        {
            return Subject::Names(Vec::new());
        }
        // 他/她: the person named last before the clause.
        if matches!(text::next(t, p), Some('他' | '她')) {
            if let Some(m) = names_before(t, names, p) {
                found = Subject::Names(vec![m]);
                continue;
            }
        }
        if let Some(b) = branches.iter().find(|b| {
            b.start == p
                || (b.start > p
                    && b.start < pos
                    && orgs.ending_at(b.start).is_some_and(|o| o.start == p))
        }) {
            found = Subject::Names(vec![b.name.clone()]);
            continue;
        }
        if let Some(o) = orgs.starting_at(p) {
            // X新闻网讯, a site's name heading the page: the outlet, not the one honoured.
            if o.class == OrgClass::Media {
                continue;
            }
            if let Some(b) = branches.iter().find(|b| b.start == o.end) {
                found = Subject::Names(vec![b.name.clone()]);
            } else {
                found = Subject::Names(org_list(t, orgs, o, recipients_start(t, p, pos)));
            }
            continue;
        }
        let mut q = p;
        if let Some(r) = rules
            .generic_refs
            .iter()
            .filter(|r| t[p..].starts_with(r.as_str()))
            .max_by_key(|r| r.len())
        {
            q = p + r.len();
            if let Some(b) = branches.iter().find(|b| b.start <= q && b.end > q) {
                found = Subject::Names(vec![b.name.clone()]);
                continue;
            }
            // 院理事长A教授荣获: the hospital's post, then its holder.
            if let Some(w) = rules.title_lexicon.longest_prefix_of(&t[q..]) {
                q += w.len();
            }
        }
        // a list of known names
        let mut list = Vec::new();
        let mut cur = q;
        while let Some(n) = names
            .iter()
            .filter(|n| t[cur..].starts_with(**n))
            .max_by_key(|n| n.len())
        {
            list.push((*n).to_owned());
            cur += n.len();
            if text::next(t, cur) == Some('、') {
                cur += '、'.len_utf8();
            } else {
                break;
            }
        }
        if !list.is_empty() {
            found = Subject::Names(list);
            continue;
        }
        if q > p {
            found = Subject::Generic;
        }
    }
    found
}

/// 柯雨桐，主任医师，…。先后荣获X: a paragraph that opens with a person's name and a pause is
/// that person's biography, and a clause in it that names no subject is about them.
fn biography_subject<'a>(t: &str, people: &'a People, sent_start: usize) -> Option<&'a str> {
    let line = t[..sent_start].rfind('\n').map_or(0, |i| i + 1);
    let opens = line + (t[line..].len() - t[line..].trim_start().len());
    let p = people.mentions.iter().find(|p| p.start == opens)?;
    matches!(text::next(t, p.end), Some('，' | ',')).then_some(p.name.as_str())
}

/// The organisations listed from `first` on (A医院、B医院和C医院) when the list runs up to
/// `end`, where the verb's recipients end; else `first` alone, the clause's subject. An item
/// may name a department after its organisation (A医院妇产科、B医院产科): a department's
/// honour is its organisation's.
fn org_list(t: &str, orgs: &Orgs, first: &OrgMention, end: usize) -> Vec<String> {
    let mut listed = vec![first.canonical.clone()];
    let mut at = first.end;
    // (An honour's verb inside the name, 获 of 获嘉县: the name alone.)
    if at > end {
        return listed;
    }
    loop {
        // The department after the organisation, up to the item's end.
        let item_end = t[at..end].find(['、', '和', '及']).map_or(end, |i| at + i);
        let dept = &t[at..item_end];
        // (A医院被B委、C政府授予: no department; the granters are named after 被.)
        if text::chars(dept) > 14
            || !dept.chars().all(is_han)
            || dept.contains(['被', '由', '向', '经'])
            || orgs.within(at, item_end).next().is_some()
        {
            break;
        }
        at = item_end;
        let Some(c @ ('、' | '和' | '及')) = text::next(t, at) else {
            break;
        };
        let Some(o) = orgs.starting_at(at + c.len_utf8()) else {
            break;
        };
        listed.push(o.canonical.clone());
        at = o.end;
    }
    if at == end {
        listed
    } else {
        listed.truncate(1);
        listed
    }
}

/// The known name that occurs last before `pos`.
fn names_before(t: &str, names: &FxHashSet<&str>, pos: usize) -> Option<String> {
    names
        .iter()
        .filter_map(|n| t[..pos].rfind(*n).map(|i| (i, *n)))
        .max()
        .map(|(_, n)| n.to_owned())
}

fn partners(doc: &Document, rules: &Rules, orgs: &Orgs, people: &People, out: &mut Facts<'_>) {
    static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new("各[^，。；]{0,10}(单位|医院|医疗机构|地|部门)[^，。；]{0,6}(要|应|须)")
            .expect("static regex")
    });
    let t = doc.text.as_str();
    let lead = lead_unit(t, orgs);
    for (si, s) in doc.sentences.iter().enumerate() {
        let sent = &t[s.start..s.end];
        let has_cue = rules.partner_cues.found_in(sent);
        let motion = ["到", "来到", "赴", "走进", "深入"]
            .iter()
            .any(|w| sent.contains(w))
            && sent.contains("开展");
        if !has_cue && !motion {
            continue;
        }
        let _ = si;
        // Agreement titles: parties before the cue inside 《》.
        let mut agreement_spans = Vec::new();
        let mut from = 0;
        while let Some(a) = sent[from..].find('《') {
            let a = from + a;
            let Some(b) = sent[a..].find('》').map(|b| a + b) else {
                break;
            };
            agreement_spans.push((s.start + a, s.start + b));
            from = b;
        }
        for &(a, b) in &agreement_spans {
            let inner = &t[a..b];
            let cue = rules
                .partner_cues
                .automaton
                .find(inner)
                .map(|m| a + m.start())
                .or_else(|| inner.find('“').map(|i| a + i));
            let Some(cue) = cue else { continue };
            let parties: Vec<&str> = orgs.within(a, cue).map(|m| m.canonical.as_str()).collect();
            for i in 0..parties.len() {
                for j in i + 1..parties.len() {
                    out.add(
                        Relation::Partner,
                        &[parties[i], parties[j]],
                        a,
                        b,
                        "partner-agreement",
                    );
                }
            }
        }
        if !has_cue && !motion {
            continue;
        }
        // 各建设单位要加强与X的合作: an instruction to many, not a partnership.
        if DIRECTIVE.is_match(sent) {
            continue;
        }
        let in_agreement = |p: usize| agreement_spans.iter().any(|&(a, b)| p >= a && p < b);
        let one_sided_from = rules
            .one_sided_cues
            .automaton
            .find(sent)
            .map(|m| s.start + m.start());
        let mut anchor: Option<&OrgMention> = None;
        let mut first_party: Option<&str> = None;
        let mut others: Vec<&OrgMention> = Vec::new();
        for m in orgs.within(s.start, s.end) {
            if in_agreement(m.start) {
                continue;
            }
            // an organisation followed by a person is that person's employer, unless its
            // people lead the visit or the work (X医院副院长A、B率专家团队赴Y医院, X医院专家A
            // 教授带领团队和Y医院合作, 在X医院专家A的帮扶下): then it is a party
            let near_people: Vec<&PersonMention> = people
                .mentions
                .iter()
                .filter(|p| {
                    p.start >= m.end
                        && p.start <= m.end + 25 * 3
                        && t[m.end..p.start].chars().all(|c| is_han(c) || c == '、')
                        // X医院与Y医院合作签约暨A教授工作站揭牌: a cue between the two ends
                        // the organisation's phrase; the person named after it is not its staff.
                        && !rules.partner_cues.found_in(&t[m.end..p.start])
                })
                .collect();
            let follows_person = near_people.iter().any(|p| !t[p.end..].starts_with("团队"));
            // (the verb may follow further names of the list: A、B率)
            let leads = || {
                near_people.iter().any(|p| {
                    let run: String = t[p.end..]
                        .chars()
                        .take_while(|&c| is_han(c) || c == '、')
                        .take(12)
                        .collect();
                    const LEADS: [&str; 4] = ["率", "带领", "带队", "一行"];
                    // (right after the name, or after a title: A教授带领, A主任率)
                    let leads_within_a_title = run
                        .char_indices()
                        .take(3)
                        .any(|(i, _)| LEADS[..3].iter().any(|w| run[i..].starts_with(w)));
                    leads_within_a_title
                        || run.starts_with("一行")
                        || run.starts_with('、') && LEADS.iter().any(|w| run.contains(w))
                        || ["的帮扶下", "的指导下", "的帮助下", "的支持下"]
                            .iter()
                            .any(|w| run.contains(w))
                })
            };
            if follows_person && !((motion || has_cue) && leads()) {
                continue;
            }
            // 来源：X日报: the page's source, not a party.
            let source = ["来源", "稿源", "转自", "转载自", "供稿"].iter().any(|w| {
                t[..m.start]
                    .trim_end_matches([':', '：', ' ', '\u{3000}'])
                    .ends_with(w)
            });
            if source
                || t[..m.start].ends_with('被')
                || t[m.end..].starts_with("授予")
                || t[m.end..].starts_with("评为")
            {
                continue;
            }
            // 按照县卫健局部署: the body that directs the work, not a partner.
            let directs = ["按照", "根据", "遵照", "在"]
                .iter()
                .any(|w| t[..m.start].ends_with(w))
                && ["部署", "要求", "安排", "指导", "统一部署"]
                    .iter()
                    .any(|w| t[m.end..].starts_with(w));
            // The alliance itself is the vehicle; its members are the partners.
            let alliance = ["联盟", "医共体", "医联体"]
                .iter()
                .any(|w| m.canonical.ends_with(w));
            // A government body or party committee is a partner by agreement (签约, 共建,
            // 结对帮扶), not by issuing a notice with others (联合发布) or guiding the work.
            let by_agreement = [
                "签约", "签订", "签署", "协议", "共建", "结对", "帮扶", "托管",
            ]
            .iter()
            .any(|w| sent.contains(w));
            // A society (学会, 协会) likewise: co-hosting a congress or a ranking with it
            // (联合主办, 联合组织初评) makes it no partner of the hospitals that attend; nor
            // does a paper that reports the event (湖南日报记者, 据柳州日报).
            let authority = matches!(
                m.class,
                OrgClass::Government | OrgClass::Party | OrgClass::Association | OrgClass::Media
            );
            // 医院联合市妇联、区教育局开展: bodies listed right after 联合 run it with the
            // hospital.
            let joined_by_hospital = t[s.start..m.start].rfind("联合").is_some_and(|j| {
                let between = &t[s.start + j + "联合".len()..m.start];
                text::chars(between) <= 30 && between.chars().all(|c| is_han(c) || c == '、')
            });
            // X街道党工委联合Y医院党委召开, X社区与Y医院联合开展: a body that runs the event
            // together with a hospital named right after it.
            let hospital_at = |p: usize| {
                orgs.starting_at(p)
                    .is_some_and(|o| o.class == OrgClass::Hospital)
            };
            let joins_hospital = ["联合", "与", "和", "同"].iter().any(|w| {
                t[m.end..].starts_with(w)
                    && hospital_at(m.end + w.len())
                    && (*w == "联合" || t[m.end..s.end].contains("联合"))
            });
            let joined_by_hospital = joined_by_hospital || joins_hospital;
            if directs
                || alliance
                || authority && !by_agreement && !joined_by_hospital
                || authority && by_agreement && !joined_by_hospital && !signs(t, orgs, m)
            {
                continue;
            }
            if one_sided_from.is_some_and(|o| o < m.start && !t[o..m.start].contains('。')) {
                continue;
            }
            let before_cue = {
                let head = &t[s.start..m.start];
                !rules.partner_cues.found_in(head) && !head.contains('与') && !head.contains('同')
            };
            if anchor.is_none() && m.class == OrgClass::Hospital && before_cue {
                anchor = Some(m);
                continue;
            }
            // 协会与X卫健委签订…，同时与Y医院签订: the body that opens the sentence with 与
            // is the party the others sign with, not the article's hospital.
            if anchor.is_none()
                && first_party.is_none()
                && before_cue
                && others.is_empty()
                && (t[m.end..].starts_with('与') || t[m.end..].starts_with('同'))
            {
                first_party = Some(m.canonical.as_str());
                continue;
            }
            others.push(m);
        }
        // The article's own hospital when the sentence speaks of it as 医院/该院.
        let subject = orgs.subject(s.start);
        // 来自A、B等成员单位: a list of an alliance's members partners its lead unit, which
        // the sentence need not name; the first member is no anchor.
        let members = ["成员单位", "联盟单位", "成员医院", "加盟单位", "理事单位"]
            .iter()
            .any(|w| sent.contains(w));
        let anchor = match (lead, anchor) {
            (Some(l), a)
                if members
                    && a.is_none_or(|a| a.canonical != l)
                    && !others.iter().any(|o| o.canonical == l) =>
            {
                others.splice(0..0, a);
                Some(l)
            }
            (_, Some(a)) => Some(a.canonical.as_str()),
            (_, None) if first_party.is_some() => {
                // A partnership is a hospital's: the body pairs with the hospitals only.
                others.retain(|o| o.class == OrgClass::Hospital);
                first_party
            }
            (_, None) => subject,
        };
        let Some(anchor) = anchor else { continue };
        if motion && !has_cue {
            // 到X开展: only organisations after the motion verb.
            let verb = ["来到", "走进", "深入", "赴", "到"]
                .iter()
                .filter_map(|w| sent.find(w).map(|i| s.start + i))
                .min();
            others.retain(|o| verb.is_some_and(|v| o.start > v));
        }
        for m in others {
            let (o, st, en) = (m.canonical.as_str(), m.start, m.end);
            // X卫健委、X妇幼保健院与Y医院签约: a body listed with the anchor signs beside it.
            if matches!(m.class, OrgClass::Government | OrgClass::Party) {
                let (a, b) = list_around(t, orgs, m);
                if orgs.within(a, b).any(|x| x.canonical == anchor) {
                    continue;
                }
            }
            // X医院Y分院 is a unit of X医院, not its partner.
            let (short, long) = if o.len() < anchor.len() {
                (o, anchor)
            } else {
                (anchor, o)
            };
            let unit =
                long.starts_with(short) && ["院区", "分中心"].iter().any(|u| long.ends_with(u));
            if !unit {
                // The hospital first, as in every other partner fact.
                let pair = if Some(anchor) == first_party {
                    [o, anchor]
                } else {
                    [anchor, o]
                };
                out.add(Relation::Partner, &pair, st, en, "partner-cue");
            }
        }
    }
}

/// Whether a body of government or party is a party to the agreement its sentence reports:
/// a connector joins it to the others (与X人民政府签订, X卫健委、Y医院与Z医院签约), over a list
/// of names it stands in. A body that hosts the signing (在X人民政府会议中心), attends it or
/// speaks for itself there (X卫健委副主任A出席, 代表X卫健委致辞) is none.
fn signs(t: &str, orgs: &Orgs, m: &OrgMention) -> bool {
    let (before, after) = list_around(t, orgs, m);
    ["与", "同", "和", "及", "联合"]
        .iter()
        .any(|c| t[..before].ends_with(c))
        || ["与", "同", "和"].iter().any(|c| t[after..].starts_with(c))
}

/// The span of the list of names joined by 、 that `m` stands in (itself alone if none).
fn list_around(t: &str, orgs: &Orgs, m: &OrgMention) -> (usize, usize) {
    let mut before = m.start;
    while let Some(prev) = t[..before]
        .strip_suffix('、')
        .and_then(|head| orgs.ending_at(head.len()))
    {
        before = prev.start;
    }
    let mut after = m.end;
    while let Some(next) = t[after..]
        .strip_prefix('、')
        .and_then(|_| orgs.starting_at(after + '、'.len_utf8()))
    {
        after = next.end;
    }
    (before, after)
}

/// The organisation that leads an alliance the document reports: 由X牵头, X作为牵头单位,
/// 牵头单位为X, X为盟主单位.
fn lead_unit<'a>(t: &str, orgs: &'a Orgs) -> Option<&'a str> {
    const AFTER: [&str; 6] = [
        "牵头",
        "作为牵头",
        "为牵头",
        "作为盟主",
        "为盟主",
        "担任牵头",
    ];
    const BEFORE: [&str; 4] = ["牵头单位为", "牵头单位是", "牵头医院为", "盟主单位为"];
    orgs.mentions
        .iter()
        .find(|m| {
            AFTER.iter().any(|w| t[m.end..].starts_with(w))
                || BEFORE
                    .iter()
                    .any(|w| t[..m.start].trim_end_matches(['：', ':']).ends_with(w))
        })
        .map(|m| m.canonical.as_str())
}

fn levels(doc: &Document, orgs: &Orgs, out: &mut Facts<'_>) {
    static GRADE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new("([一二三])级([甲乙丙])等|([一二三])([甲乙])(?:医院|等|综合|专科|妇幼|中医)")
            .expect("static regex")
    });
    static STRIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new("创建|争创|建设成为|冲刺|迈进|创三|复评|评审").expect("static regex")
    });
    let t = doc.text.as_str();
    for c in GRADE.captures_iter(t) {
        let Some(m) = c.get(0) else { continue };
        let Some(si) = doc.sentence_at(m.start()) else {
            continue;
        };
        let s = doc.sentences[si];
        let grade = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
            (Some(a), Some(b), _, _) => format!("{}级{}等", a.as_str(), b.as_str()),
            (_, _, Some(a), Some(b)) => format!("{}级{}等", a.as_str(), b.as_str()),
            _ => continue,
        };
        // 通过三级甲等医院评审 reports a result; 争创三级甲等 an aim.
        let passed = t[..m.start()].ends_with("通过") || t[..m.start()].ends_with("晋升为");
        if !passed && STRIVE.is_match(&t[s.start..s.end]) && !t[s.start..m.start()].contains("获批")
        {
            continue;
        }
        let nearest = orgs
            .within(s.start, s.end)
            .filter(|o| o.class == OrgClass::Hospital)
            .min_by_key(|o| {
                if o.start > m.start() {
                    o.start - m.start()
                } else {
                    m.start() - o.end
                }
            });
        let hospital = nearest
            .map(|o| o.canonical.as_str())
            .or_else(|| orgs.subject(m.start()));
        if let Some(h) = hospital {
            out.add(Relation::Level, &[h, &grade], m.start(), m.end(), "level");
        }
    }
}
