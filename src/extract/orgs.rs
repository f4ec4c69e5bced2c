//! Organisation mentions: find, complete, cluster, name.
//!
//! A name is found from its ending (医院, 妇幼保健院, 卫健委, 大学 ...) by reaching left over
//! the characters that can belong to a name, up to the leftmost opener: a place from the
//! gazetteer (抚州市, 江西), a national word (中国, 国家), a township (X乡), or a bare level
//! word (市, 县, 省) that marks a short form. Sub-unit endings (组织部, 分会, 分院) keep the
//! organisation right before them; `X大学附属Y医院` keeps the university.
//!
//! Short forms are completed from the document alone, in this order: the list they stand in
//! (`赣州市委、市政府` → 赣州市政府), a full name in the document that the short form
//! abbreviates (市妇儿院 ⊂ 吉安市妇女儿童医院, as a subsequence), the place the document is
//! about. Names in brackets after a name are aliases. Each cluster of names is one entity,
//! named by its fullest form.

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};

use super::text::{self, is_han};
use super::Facts;
use crate::fact::Relation;
use crate::ingest::Document;
use crate::link::Level;
use crate::rules::{Hit, OpenerKind, OpenerValue, OrgClass, Rules, ScanHits};

/// How a name begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opener {
    /// A gazetteer place; `written` is the text of it in the name.
    Place {
        place: usize,
        written: String,
    },
    /// A bare level word (市, 县 ...): a short form.
    Level(String),
    National,
    /// A place not in the gazetteer: a township or town (X乡, X镇, X街道), or a city, county or
    /// district (青川市) whose name the gazetteer lacks.
    Township(String),
    /// No opener: a plain name (复旦大学) or, with an empty body, a bare ending.
    Bare,
}

/// One organisation mention.
#[derive(Debug, Clone)]
pub struct OrgMention {
    pub start: usize,
    pub end: usize,
    pub surface: String,
    pub class: OrgClass,
    pub opener: Opener,
    /// The name after completing a short form.
    pub full: String,
    /// The entity's name in this document.
    pub canonical: String,
    /// Place for `located` (hospitals).
    pub place: Option<String>,
    /// Byte offset where the ending starts.
    suffix_start: usize,
    bracket_outer: bool,
    /// A sub-unit or affiliated unit that carries its parent's name.
    unit: bool,
}

/// The places a document is about.
#[derive(Debug, Clone, Default)]
pub struct DocPlaces {
    pub province: Option<usize>,
    pub prefecture: Option<usize>,
    pub county: Option<usize>,
    /// Provinces the text names outright.
    pub named_provinces: Vec<usize>,
    /// How often each place is named itself (not through a place inside it).
    pub direct: FxHashMap<usize, usize>,
}

impl DocPlaces {
    /// Whether `province` is the only province the text names itself, and names at least twice,
    /// if only by its short name (健康湖北, 湖北支点建设): then a bare 省 is that province.
    fn sole_province(&self, g: &crate::link::Gazetteer, province: usize) -> bool {
        let mut provinces = self
            .direct
            .keys()
            .filter(|&&p| g.places[p].level == Level::Province);
        self.direct.get(&province).copied().unwrap_or(0) >= 2
            && provinces.next() == Some(&province)
            && provinces.next().is_none()
    }

    /// The city a bare 市 stands for: the county-level city when the document names it more
    /// often than its prefecture (an article about 瑞金市), else the prefecture.
    pub(crate) fn city(&self, g: &crate::link::Gazetteer) -> Option<usize> {
        let named = |p: Option<usize>| p.map_or(0, |p| self.direct.get(&p).copied().unwrap_or(0));
        if let Some(c) = self.county.filter(|&c| g.places[c].name.ends_with('市')) {
            if named(Some(c)) > named(self.prefecture) {
                return Some(c);
            }
        }
        self.prefecture
            .or(self.province.filter(|&x| g.places[x].name.ends_with('市')))
    }
}

/// All organisation mentions of a document, resolved.
#[derive(Debug, Clone)]
pub struct Orgs {
    pub mentions: Vec<OrgMention>,
    /// Every opener match of the text as (start, end, opener index), by start: where place
    /// names begin, for the name readers.
    pub(crate) opener_spans: Vec<(usize, usize, usize)>,
    /// Mention starts, sorted, for range tests.
    pub(crate) mention_starts: Vec<usize>,
    /// Aliases: (canonical, other name, byte offset of the other name).
    aliases: Vec<(String, String, usize, usize)>,
    /// Hospital canonical names by mention count, for the subject hospital.
    counts: FxHashMap<String, usize>,
    /// Hospitals named second in a pair (A与B, 我院和B), by mention start, with the first
    /// party: its canonical name, or None for the report's own hospital (我院, 本院).
    second_parties: FxHashMap<usize, Option<String>>,
    /// Byte offset where the first line (the headline) ends.
    headline_end: usize,
    pub places: DocPlaces,
}

const MAX_NAME_CHARS: usize = 20;

struct OpenerHit {
    start: usize,
    end: usize,
    value: usize,
}

/// Adds the county short names the document backs to its opener spans: a county's short name
/// (赫山, 邵东) right after the name of a place that holds it (益阳赫山妇幼保健院), or anywhere in a
/// document that names the county in full (邵东市 …… 邵东二医院). Elsewhere they are too
/// often ordinary words (东方, 新华) to open a name.
fn backed_county_shorts(
    t: &str,
    rules: &Rules,
    shorts: &[Hit],
    spans: &mut Vec<(usize, usize, usize)>,
) {
    let places_of = |v: usize| match &rules.opener_values[v] {
        OpenerValue::Place(ps) => ps.as_slice(),
        OpenerValue::Word(_) => &[],
    };
    let gazetteer = rules.gazetteer;
    let named: FxHashSet<usize> = spans
        .iter()
        .flat_map(|&(s, e, v)| {
            places_of(v)
                .iter()
                .copied()
                .filter(move |&i| gazetteer.places[i].name == t[s..e])
        })
        .collect();
    // Prefectures the document names, by their full or short name (株洲 …… 醴陵卫健局).
    let prefectures: FxHashSet<usize> = spans
        .iter()
        .flat_map(|&(_, _, v)| places_of(v).iter().copied())
        .filter(|&i| gazetteer.places[i].level == Level::Prefecture)
        .collect();
    let mut added = Vec::new();
    for &(ms, me, i) in shorts {
        let v = rules.county_base + i;
        // 松涛儿童医院湘乡妇儿医院, 松医一附院醴陵医院: a hospital's campus in the county,
        // named after it.
        let campus = t[..ms].ends_with('院') && {
            let after = &t[me..];
            let run = after
                .chars()
                .take_while(|&c| is_han(c))
                .take(6)
                .collect::<String>();
            run.find("医院")
                .is_some_and(|i| text::chars(&run[..i]) <= 4)
        };
        let backed = campus
            || places_of(v).iter().any(|&i| {
                named.contains(&i)
                    || gazetteer.places[i]
                        .parent
                        .is_some_and(|p| prefectures.contains(&p))
                    || spans.iter().any(|&(_, e, w)| {
                        e == ms
                            && places_of(w)
                                .iter()
                                .any(|&q| q != i && gazetteer.within(i, q))
                    })
            });
        if backed {
            added.push((ms, me, v));
        }
    }
    if !added.is_empty() {
        spans.extend(added);
        // In the automaton's order, by end: the readers of the spans rely on it.
        spans.sort_by_key(|&(_, e, _)| e);
    }
}

/// Finds and resolves the organisation mentions of a document.
pub fn find(doc: &Document, rules: &Rules, hits: &ScanHits) -> Orgs {
    let t = doc.text.as_str();
    // Every opener in the text, in order of start, for the name readers' place tests too.
    let mut opener_spans = hits.openers.clone();
    backed_county_shorts(t, rules, &hits.county_shorts, &mut opener_spans);
    let openers: Vec<OpenerHit> = opener_spans
        .iter()
        .map(|&(start, end, value)| OpenerHit { start, end, value })
        // 松山区域医学影像中心: a 区 that begins the word 区域 (region) ends no place name.
        .filter(|m| !(t[..m.end].ends_with('区') && t[m.end..].starts_with('域')))
        // 代理县长: a one-character place (理县) whose level word begins a head's title (县长)
        // is the end of another word and the title.
        .filter(|m| {
            !(text::chars(&t[m.start..m.end]) == 2
                && t[..m.end].ends_with(['县', '市', '区', '州'])
                && t[m.end..].starts_with('长'))
        })
        // 副主任A和县政府副县长B: a conjunction before a level word reads as a one-character
        // place (和县) only after the place it lies in (马鞍山市和县).
        .filter(|m| {
            !(text::chars(&t[m.start..m.end]) == 2
                && t[m.start..].starts_with(['和', '与', '及'])
                && text::prev(t, m.start)
                    .is_some_and(|(_, c)| is_han(c) && !"省市州盟".contains(c)))
        })
        // 城市医疗集团, 社区: a level word that ends an ordinary word opens no name, nor one
        // that ends a county's short name (通州松涛医院, where 通州 is 通州区).
        .filter(|m| {
            text::chars(&t[m.start..m.end]) != 1
                || text::prev(t, m.start).is_none_or(|(p, _)| {
                    !rules.not_place_words.contains(&t[p..m.end])
                        && rules.gazetteer.by_short(&t[p..m.end]).is_empty()
                })
        })
        .collect();
    let blocked = blocked_bytes(t, rules, hits, &openers);
    let places = doc_places(t, rules, &openers);

    // Longest ending per end position.
    let mut ends: FxHashMap<usize, (usize, String)> = FxHashMap::default();
    for &(ms, me, i) in &hits.suffixes {
        let w = &rules.suffix_lexicon.words[i];
        let e = ends.entry(me).or_insert((ms, w.clone()));
        if ms < e.0 {
            *e = (ms, w.clone());
        }
    }
    let mut cands: Vec<(usize, usize, String)> =
        ends.into_iter().map(|(e, (s, w))| (s, e, w)).collect();
    cands.sort_by_key(|c| (c.1, c.0));

    let mut mentions: Vec<OrgMention> = Vec::new();
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    for (ss, se, word) in cands {
        // 大学生, 学院派: an ending followed by a char that continues the word.
        if matches!(text::next(t, se), Some('生' | '派' | '长' | '士')) && !word.ends_with("院")
            || word.ends_with("学院") && text::next(t, se) == Some('长')
            // 政府办公室: the office's full name, not 政府办 and a word after it.
            || word.ends_with('办') && text::next(t, se) == Some('公')
            // X医院协会, 市医院管理局, X医院发展中心: a body of hospitals, not a hospital.
            || word.ends_with("医院")
                && ["协会", "学会", "管理局", "管理中心", "发展中心"]
                    .iter()
                    .any(|w| t[se..].starts_with(w))
        {
            continue;
        }
        let Some(suffix) = rules.suffixes.get(&word).copied() else {
            continue;
        };
        // Reach left over name characters.
        let window = text::back(t, ss, MAX_NAME_CHARS);
        let mut left = ss;
        while left > window {
            let Some((p, c)) = text::prev(t, left) else {
                break;
            };
            // A middle dot joins two names of one hospital (X妇幼保健院·儿童医院); any other
            // (a person's name, 阿不都·热合曼) ends the reach.
            let joins_names = c == '·' && mentions.iter().rev().any(|m| m.end == p);
            if blocked[p] || !(is_han(c) || c.is_ascii_alphabetic() || joins_names) {
                break;
            }
            left = p;
        }
        let prior = mentions
            .iter()
            .rev()
            .find(|m| m.end <= ss && m.end >= left && m.end > window)
            .map(|m| (m.start, m.end, m.opener.clone(), m.class));
        let mut start;
        let opener;
        let mut attached = false;
        // A university's hospital named after it (X大学Y医院, X大学第一附属医院), reached
        // over name characters only.
        let university_hospital = suffix.class == OrgClass::Hospital
            && prior.as_ref().is_some_and(|p| {
                left <= p.1 && text::chars(&t[p.1..ss]) <= 10 && p.3 == OrgClass::University
            });
        // A hospital's campus in another place, named after it (X医院安徽医院), and a
        // university's college (X大学Y医学院).
        let campus = suffix.class == OrgClass::Hospital
            && prior.as_ref().is_some_and(|p| {
                p.3 == OrgClass::Hospital
                    && openers.iter().any(|o| {
                        o.start == p.1
                            && o.end <= ss
                            // The kind of the campus may stand between (醴陵妇儿医院)
                            // after a place's short name; after a full one (湘潭市儿童医院)
                            // a hospital of its own begins.
                            && (o.end == ss
                                || text::chars(&t[o.end..ss]) <= 4
                                    && !t[p.1..ss].contains(['省', '市', '县', '区', '州']))
                            && t[o.end..ss].chars().all(is_han)
                            && matches!(rules.opener_values[o.value], OpenerValue::Place(_))
                    })
            });
        // One hospital under two names joined by a middle dot (X妇幼保健院·儿童医院).
        let joined = suffix.class == OrgClass::Hospital
            && prior.as_ref().is_some_and(|p| {
                p.1 <= ss
                    && t[p.1..ss]
                        .strip_prefix(['·', '・', '•'])
                        .is_some_and(|rest| text::chars(rest) <= 6 && rest.chars().all(is_han))
                    && p.3 == OrgClass::Hospital
            });
        let college = suffix.class == OrgClass::University
            && word.ends_with("学院")
            && prior.as_ref().is_some_and(|p| {
                p.3 == OrgClass::University && p.1 < ss && text::chars(&t[p.1..ss]) <= 4
            });
        // X医院纪委书记: the title names the hospital's own commission (纪委书记 at X医院).
        if word == "纪委"
            && prior
                .as_ref()
                .is_some_and(|p| p.1 == ss && p.3 == OrgClass::Hospital)
            && rules.title_lexicon.starts(&t[ss..])
        {
            continue;
        }
        // X委办公室主任: the office's head is a post of the organisation (办公室主任 at X委), as
        // a department's head is; an office named for its own task (X领导小组办公室) is a body.
        if word == "办公室"
            && prior.as_ref().is_some_and(|p| p.1 == ss)
            && ["主任", "副主任", "常务副主任"]
                .iter()
                .any(|w| t[se..].starts_with(w))
        {
            continue;
        }
        // X医学中心医院: a centre's hospital is one name, not a centre and a bare 医院.
        let centre_hospital = word == "医院"
            && prior.as_ref().is_some_and(|p| {
                p.1 == ss && p.3 == OrgClass::Hospital && t[p.0..p.1].ends_with("中心")
            });
        // X煤业公司总医院, X集团职工医院: a company's own hospital is one name.
        let company_hospital = suffix.class == OrgClass::Hospital
            && prior.as_ref().is_some_and(|p| {
                p.3 == OrgClass::Company
                    && p.1 <= ss
                    && ["", "总", "职工", "職工", "中心"].contains(&&t[p.1..ss])
            });
        // The party committee of an organisation (中共X委员会委员会).
        let party_committee = word == "委员会"
            && prior
                .as_ref()
                .is_some_and(|p| p.1 == ss && t[p.0..].starts_with("中共"));
        if suffix.unit
            || university_hospital
            || campus
            || joined
            || college
            || party_committee
            || centre_hospital
            || company_hospital
            || affiliated(&t[left..ss])
            || prior
                .as_ref()
                .is_some_and(|p| t[p.1..ss].starts_with("附属"))
        {
            // Sub-unit or affiliated unit: keep the organisation before it.
            match prior {
                Some((ps, pe, po, _)) if t[pe..ss].chars().count() <= 10 => {
                    start = ps;
                    opener = po;
                    attached = true;
                }
                // 附属X医院 (or 第一附属医院) with no university before it: the short form of
                // a university hospital, kept if the document names it in full or names one
                // university (see `confirm_bare`).
                _ if suffix.class == OrgClass::Hospital && affiliated(&t[left..ss]) => {
                    if (3..=8).contains(&text::chars(&t[left..ss])) {
                        pending.push((left, se, ss));
                    }
                    continue;
                }
                _ => continue,
            }
        } else {
            if let Some((_, pe, _, _)) = prior {
                left = left.max(pe);
            }
            // X中心和株洲市Y医院, A和区人民医院: a name opened by a place or a level word after
            // a conjunction begins there.
            if let Some(after) = t[left..ss]
                .char_indices()
                .rev()
                .filter(|&(_, c)| matches!(c, '和' | '与' | '及' | '、'))
                .map(|(i, c)| left + i + c.len_utf8())
                .find(|&a| {
                    // 民和县医院: no conjunction inside a place's name.
                    let conj = a - '和'.len_utf8();
                    !openers[..openers.partition_point(|o| o.start <= conj)]
                        .iter()
                        .any(|o| conj < o.end)
                        && openers.iter().any(|o| {
                            o.start == a
                                && o.end <= ss
                                && matches!(
                                    rules.opener_values[o.value],
                                    OpenerValue::Place(_) | OpenerValue::Word(OpenerKind::Level)
                                )
                        })
                })
            {
                left = after;
            }
            // 中共X医院(委员会) is the hospital's party organisation, 中共X管理中心党组 the
            // centre's, 农工党X医院总支 a democratic party's unit in the hospital: the body's
            // name begins after the party's.
            let party_of_hospital = |s: usize| {
                if suffix.class == OrgClass::Party {
                    return None;
                }
                if t[s..ss].starts_with("中国共产党") {
                    return Some(s + "中国共产党".len());
                }
                openers[openers.partition_point(|o| o.start < s)..]
                    .iter()
                    .take_while(|o| o.start == s)
                    .find(|o| {
                        o.end < ss
                            && matches!(
                                rules.opener_values[o.value],
                                OpenerValue::Word(OpenerKind::Party)
                            )
                    })
                    .map(|o| o.end)
            };
            let found =
                best_opener(t, rules, &openers, left, ss).and_then(
                    |(s, o)| match party_of_hospital(s) {
                        Some(after) => best_opener(t, rules, &openers, after, ss),
                        None => Some((s, o)),
                    },
                );
            match found {
                Some((s, o)) => {
                    start = s;
                    opener = o;
                }
                None => {
                    start = left;
                    opener = Bare;
                }
            }
        }
        use Opener::Bare;
        let body = &t[body_start(t, start, &opener).min(ss)..ss];
        let body_chars = text::chars(body);
        // 省属大医院, 和大医院一样: 大医院 after a function word is "the big hospitals", no name.
        if word == "医院"
            && body.ends_with('大')
            && body
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| "和属的与及等跟同像到去各些".contains(c))
        {
            continue;
        }
        match &opener {
            _ if attached => {}
            Opener::Level(_) if body.starts_with('级') => continue,
            // X市属医院, 省直医院: the hospitals a government runs, no one hospital.
            Opener::Place { .. } | Opener::Level(_)
                if matches!(body, "属" | "屬" | "直" | "直属" | "直屬") =>
            {
                continue
            }
            // 区县医院, 市县医院: the hospitals of several levels, no one hospital.
            Opener::Level(_)
                if body_chars == 1 && body.chars().all(|c| "省市县区乡镇".contains(c)) =>
            {
                continue
            }
            Opener::National if body.is_empty() && rules.generic_short_forms.contains(&word) => {
                continue
            }
            // 全国肿瘤医院第39位, 中国医院发展指数榜单: the country's hospitals of a kind, or
            // all of them, and no one hospital.
            Opener::National
                if suffix.class == OrgClass::Hospital
                    && (t[start..].starts_with("全国") || matches!(body, "中国" | "国家")) =>
            {
                continue
            }
            // 国家儿童医学中心, 国家区域医疗中心: a designation the state grants, not a name.
            Opener::National
                if t[start..].starts_with("国家")
                    && word.ends_with("中心")
                    && suffix.class == OrgClass::Hospital =>
            {
                continue
            }
            Opener::Bare if suffix.class == OrgClass::Hospital && body_chars > 0 => {
                // Kept only if the document backs it (see `confirm_bare`).
                if (2..=8).contains(&body_chars) && body.chars().all(is_han) {
                    pending.push((start, se, ss));
                }
                continue;
            }
            // “湘中儿科专科联盟”: a name in quotes is a proper name whatever its ending.
            Opener::Bare
                if matches!(
                    suffix.class,
                    OrgClass::Other | OrgClass::Government | OrgClass::Party
                ) && body_chars > 0
                    && !(suffix.class == OrgClass::Other
                        && (2..=8).contains(&body_chars)
                        && matches!(text::prev(t, start), Some((_, '“')))
                        && text::next(t, se) == Some('”'))
                    // 五一村党支部, 江南社区党委: a village's or a community's party unit
                    // is named by the village alone.
                    && !(suffix.class == OrgClass::Party
                        && (word.starts_with('村') || word.starts_with("社区"))
                        && (2..=4).contains(&body_chars)
                        && body.chars().all(is_han)
                        && !body.starts_with(['该', '本', '全', '各', '每', '我', '其'])) =>
            {
                continue
            }
            Opener::Bare => {
                let quoted = matches!(text::prev(t, start), Some((_, '“' | '"')))
                    && matches!(text::next(t, se), Some('”' | '"'));
                let max = if suffix.class == OrgClass::Hospital {
                    4
                } else {
                    6
                };
                if quoted && suffix.class != OrgClass::Other
                    || body_chars > max
                    || body_chars == 1
                    || body.chars().any(|c| c.is_ascii_digit())
                {
                    continue;
                }
                // 会上，卫健委主任A: a body's ending alone may stand for the one full body of
                // that ending the document names (kept only if resolving completes it).
                let lone_body = suffix.class == OrgClass::Government
                    && text::chars(&word) >= 3
                    && !word.ends_with("政府");
                if body_chars == 0 && !is_list_item(t, start) && !lone_body {
                    continue;
                }
            }
            _ => {}
        }
        start = start.min(ss);
        let surface = t[start..se].to_owned();
        if rules.generic_refs.contains(&surface) {
            continue;
        }
        // X大学教学医院: a standing a university grants a hospital (成为X大学教学医院), not a
        // hospital's name.
        if suffix.class == OrgClass::Hospital && surface.ends_with("教学医院") {
            continue;
        }
        mentions.push(OrgMention {
            start,
            end: se,
            full: surface.clone(),
            canonical: surface.clone(),
            surface,
            class: if party_committee {
                OrgClass::Party
            } else {
                suffix.class
            },
            opener,
            place: None,
            suffix_start: ss,
            bracket_outer: false,
            unit: attached && !centre_hospital && !company_hospital,
        });
    }

    confirm_bare(t, rules, &blocked, &pending, &mut mentions);
    abbreviated_university_hospitals(t, rules, &openers, &mut mentions);
    numbered_hospitals_of_places(t, rules, &openers, &mut mentions);
    numbered_short_forms(t, &mut mentions);
    level_short_forms(t, &mut mentions);
    military_hospitals(t, &mut mentions);
    // Drop mentions inside longer ones.
    mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut kept: Vec<OrgMention> = Vec::new();
    for m in mentions {
        if kept.iter().any(|k| k.start <= m.start && m.end <= k.end) {
            continue;
        }
        kept.push(m);
    }
    let mut orgs = Orgs {
        opener_spans,
        mention_starts: Vec::new(),
        mentions: kept,
        aliases: Vec::new(),
        counts: FxHashMap::default(),
        second_parties: FxHashMap::default(),
        headline_end: t.find('\n').unwrap_or(t.len()),
        places,
    };
    orgs.resolve(doc, rules);
    orgs.mention_starts = orgs.mentions.iter().map(|m| m.start).collect();
    orgs.mention_starts.sort_unstable();
    orgs
}

/// Whether a hospital name's body is a university's affiliation: 附属X, or an ordinal
/// before it (第一附属医院, as a report that names its university calls that hospital).
fn affiliated(body: &str) -> bool {
    body.starts_with("附属")
        || body
            .strip_prefix('第')
            .and_then(|b| b.strip_prefix(|c: char| "一二三四五六七八九十".contains(c)))
            .is_some_and(|b| b == "附属")
}

impl OrgMention {
    /// A hospital's campus or branch named after it (X医院醴陵医院, X附院Y分院).
    fn is_campus(&self) -> bool {
        let head = self
            .surface
            .get(..self.suffix_start.saturating_sub(self.start))
            .unwrap_or_default();
        self.unit
            && self.class == OrgClass::Hospital
            && (head.contains("医院") || head.contains("附院"))
    }
}

/// The university a document names, when it names exactly one (colleges of it not counted):
/// the one its 附属X医院 and its 校长 belong to.
pub(crate) fn sole_university(mentions: &[OrgMention]) -> Option<&str> {
    // A university hospital's name begins with its university's (X大学附属Y医院).
    let mut universities = mentions.iter().filter_map(|m| match m.class {
        OrgClass::University if !m.unit && !is_bare_college(m) => Some(m.canonical.as_str()),
        OrgClass::Hospital => m
            .canonical
            .find("大学")
            .map(|i| &m.canonical[..i + "大学".len()]),
        _ => None,
    });
    let first = universities.next()?;
    universities.all(|u| u == first).then_some(first)
}

/// Whether `word` is `hospital` naming itself by its ending (中心 of a 医学中心, 社区卫生服务中心
/// of X社区卫生服务中心), as 院 does: in front of a title or a branch it names no department.
pub(crate) fn is_own_ending(rules: &Rules, hospital: &str, word: &str) -> bool {
    hospital.ends_with(word)
        && (word == "中心"
            || rules
                .suffixes
                .get(word)
                .is_some_and(|x| x.class == OrgClass::Hospital))
}

/// A college named without its university (护理学院, 公共卫生学院): in a report that names
/// one university, one of its colleges.
pub(crate) fn is_bare_college(m: &OrgMention) -> bool {
    m.class == OrgClass::University
        && matches!(m.opener, Opener::Bare)
        && m.canonical.ends_with("学院")
        && !m.canonical.contains("大学")
}

/// Hospital names without a place (湘雅医院, 重医附属儿童医院) are too easily ordinary words
/// (人民医院, 综合医院) to take on their ending alone. One is kept when it abbreviates a
/// placed name in the same document, or when it is a short proper name right after a word
/// that introduces a partner or destination (与湘雅医院, 赴协和医院).
fn confirm_bare(
    t: &str,
    rules: &Rules,
    blocked: &[bool],
    pending: &[(usize, usize, usize)],
    mentions: &mut Vec<OrgMention>,
) {
    // 附属X医院 in a report that names one university: that university's hospital.
    let university = sole_university(mentions).map(str::to_owned);
    let mut add = Vec::new();
    for &(start, end, ss) in pending {
        let surface = &t[start..end];
        let body = &t[start..ss];
        if mentions.iter().any(|m| m.start <= start && end <= m.end) {
            continue;
        }
        let abbreviated = !rules.generic_bare_bodies.contains(body)
            && mentions.iter().any(|m| {
                m.class == OrgClass::Hospital
                    && (!matches!(m.opener, Opener::Bare)
                        && (abbreviates(surface, &m.surface) || m.surface.ends_with(surface))
                        || university_hospital_tail(&m.surface, surface))
            });
        // After a word that introduces a partner, venue or destination (在X医院举行), or at the
        // start of a clause with a post or a titled name after it (、X医院王教授)…
        let titled = || {
            let after = &t[end..];
            rules.title_lexicon.starts(after)
                || after.starts_with("党委")
                || after
                    .char_indices()
                    .skip(2)
                    .take(2)
                    .any(|(i, _)| rules.title_lexicon.starts(&after[i..]))
                    && after
                        .chars()
                        .next()
                        .is_some_and(|c| rules.single_surnames.contains(&c))
        };
        // …or one that opens a clause and holds an event (】X医院召开, ，X医院举行).
        let acts = || {
            [
                "召开",
                "举行",
                "举办",
                "开展",
                "庆祝",
                "荣获",
                "获评",
                "被授予",
                "被评为",
                "获",
                "喜获",
                "被",
                "入选",
                "牵头",
            ]
            .iter()
            .any(|v| t[end..].starts_with(v))
        };
        // Two characters, or two and an ordinal (云岭二医院: the second of that name).
        let short_body = match text::chars(body) {
            2 => true,
            3 => body
                .chars()
                .last()
                .is_some_and(|c| "一二三四五六七八九".contains(c)),
            _ => false,
        };
        // 、X医院 right after a hospital the reader has: the next item of a list of hospitals
        // (授予A医院、仁济医院、B医院…).
        let listed = || {
            start >= '、'.len_utf8()
                && t[..start].ends_with('、')
                && mentions
                    .iter()
                    .chain(add.iter())
                    .any(|m| m.end == start - '、'.len_utf8() && m.class == OrgClass::Hospital)
        };
        // …or one whose party unit follows (，X医院医技第一党支部).
        let branch_after = || {
            let head: String = t[end..].chars().take(12).collect();
            ["党支部", "党总支", "党委"].iter().any(|u| {
                head.find(u).is_some_and(|i| {
                    head[..i]
                        .chars()
                        .all(|c| is_han(c) && c != '与' && c != '和' || c == '、')
                })
            })
        };
        // A notice's entry line, a name and then its unit (王某  X中心卫生院).
        let entry = || {
            let ls = t[..start].rfind('\n').map_or(0, |i| i + 1);
            let le = t[end..].find('\n').map_or(t.len(), |i| end + i);
            let name = t[ls..start].trim_end();
            t[end..le].trim().is_empty()
                && name.len() < start - ls
                && (2..=5).contains(&text::chars(name))
                && name
                    .chars()
                    .all(|c| is_han(c) || c == ' ' || c == '\u{3000}')
        };
        let introduced = short_body
            && match text::prev(t, start) {
                Some((_, '与' | '同' | '和' | '赴' | '及' | '在' | '到' | '至')) => true,
                Some((_, '、')) if listed() => true,
                // 我校X医院: a university's own hospital.
                Some((_, '校')) if t[..start].ends_with("我校") => true,
                Some((_, c)) => !is_han(c) && (titled() || acts() || entry() || branch_after()),
                None => titled() || acts() || branch_after(),
            }
            && !blocked[start..ss].iter().any(|&b| b)
            && !rules.generic_unit_words.found_in(body)
            && !rules.opener_lexicon.found_in(body)
            && !rules.generic_bare_bodies.contains(body);
        // 中日友好医院: a proper name wherever it stands.
        let friendship = text::chars(body) == 4
            && friendship_start(t, text::forward(t, start, 2)) == Some(start);
        let of_university = university
            .as_ref()
            .filter(|_| !abbreviated && affiliated(body))
            .map(|u| format!("{u}{surface}"));
        if abbreviated || introduced || friendship || of_university.is_some() {
            let class = rules.suffixes[&t[ss..end]].class;
            add.push(OrgMention {
                start,
                end,
                surface: surface.to_owned(),
                class,
                opener: Opener::Bare,
                full: of_university.unwrap_or_else(|| surface.to_owned()),
                canonical: surface.to_owned(),
                place: None,
                suffix_start: ss,
                bracket_outer: false,
                unit: false,
            });
        }
    }
    mentions.extend(add);
}

/// University hospitals by their usual abbreviation: the university's short name (浙大, 川医大,
/// 西安交大), then the hospital's number (一院, 一附院, 附一院) or 儿院. No ending of the
/// suffix lexicon catches these, and they are how many reports name their own hospital. A
/// place's name before 医大 is the university's short name whole (株洲医大二院, not 洲医大二院).
fn abbreviated_university_hospitals(
    t: &str,
    rules: &Rules,
    openers: &[OpenerHit],
    mentions: &mut Vec<OrgMention>,
) {
    static ABBREVIATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:\p{Han}{1,2}交|\p{Han}医|\p{Han})大(?:[一二三四五六七八九]附?院|附[一二三四五六七八九]院|儿院)",
        )
        .expect("static regex")
    });
    for m in ABBREVIATED.find_iter(t) {
        let (mut start, end) = (m.start(), m.end());
        let first = text::next(t, start).map_or(0, char::len_utf8);
        if t[start + first..].starts_with("医大") {
            let place = openers.iter().filter(|o| {
                o.end == start + first
                    && o.start < start
                    && matches!(rules.opener_values[o.value], OpenerValue::Place(_))
            });
            start = place.map(|o| o.start).min().unwrap_or(start);
        }
        push_short_hospital(t, start, end, Opener::Bare, mentions);
    }
}

/// A place's numbered hospital by its short name (杭州一院, 温州鹿城三院): places from the
/// gazetteer, then a number and 院.
fn numbered_hospitals_of_places(
    t: &str,
    rules: &Rules,
    openers: &[OpenerHit],
    mentions: &mut Vec<OrgMention>,
) {
    let place_ending_at = |e: usize| {
        openers
            .iter()
            .filter(|o| {
                o.end == e
                    && text::chars(&t[o.start..o.end]) >= 2
                    && matches!(rules.opener_values[o.value], OpenerValue::Place(_))
            })
            .map(|o| o.start)
            .min()
    };
    for (i, _) in t.match_indices('院') {
        let Some((n, digit)) = text::prev(t, i) else {
            continue;
        };
        if !"一二三四五六七八九".contains(digit) {
            continue;
        }
        let Some(mut start) = place_ending_at(n) else {
            continue;
        };
        // 温州鹿城三院: a district's hospital after its city.
        while let Some(s) = place_ending_at(start) {
            start = s;
        }
        let opener = best_opener(t, rules, openers, start, n)
            .filter(|&(s, _)| s == start)
            .map_or(Opener::Bare, |(_, o)| o);
        push_short_hospital(t, start, i + '院'.len_utf8(), opener, mentions);
    }
}

/// Short forms of a numbered hospital the document names in full (松医二院, 松涛三院, 松医附一院,
/// 松涛医大一附院, 附二医院 for 松涛医科大学附属第二医院 or X大学第二医院): an abbreviation of the name
/// before 第 (its first character and others in order, or its last characters), then the
/// same number with 院, 医院, 附院 or 附(属) before it. Without a name in front, only a form
/// with 附 is taken. The short form is the full name's, so its roles and partners are.
fn numbered_short_forms(t: &str, mentions: &mut Vec<OrgMention>) {
    const DIGITS: &str = "一二三四五六七八九";
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"附属?[一二三四五六七八九]医?院|[一二三四五六七八九](?:附|医)?院")
            .expect("static regex")
    });
    // (head before 第, its number) of each numbered hospital named in full.
    let mut numbered: Vec<(String, char, String)> = Vec::new();
    for m in mentions.iter().filter(|m| m.class == OrgClass::Hospital) {
        let Some(at) = m.full.find('第') else {
            continue;
        };
        let Some(digit) = m.full[at + '第'.len_utf8()..].chars().next() else {
            continue;
        };
        let head = m.full[..at].trim_end_matches("附属");
        let rest = &m.full[at + '第'.len_utf8() + digit.len_utf8()..];
        if !DIGITS.contains(digit)
            || text::chars(head) < 2
            || !["医院", "人民医院", "附属医院", "临床医院"].contains(&rest)
        {
            continue;
        }
        if !numbered.iter().any(|(h, d, _)| h == head && *d == digit) {
            numbered.push((head.to_owned(), digit, m.full.clone()));
        }
    }
    if numbered.is_empty() {
        return;
    }
    for tail in TAIL.find_iter(t) {
        let (ts, end) = (tail.start(), tail.end());
        if begins_word_after(t, end) {
            continue;
        }
        let digit = tail.as_str().chars().find(|c| DIGITS.contains(*c));
        let with_fu = tail.as_str().contains('附');
        // The longest run of up to 4 characters before the tail that abbreviates a head.
        let mut found = None;
        for k in (0..=4).rev() {
            let mut start = ts;
            for _ in 0..k {
                match text::prev(t, start) {
                    Some((p, c)) if is_han(c) => start = p,
                    _ => break,
                }
            }
            let prefix = &t[start..ts];
            if text::chars(prefix) != k || (k == 0 && !with_fu) {
                continue;
            }
            let fits = |head: &str| {
                k == 0
                    || head.ends_with(prefix)
                    || head.chars().next() == prefix.chars().next() && in_order(prefix, head)
            };
            let mut heads = numbered
                .iter()
                .filter(|(h, d, _)| Some(*d) == digit && fits(h));
            if let (Some(one), None) = (heads.next(), heads.next()) {
                found = Some((start, one.2.clone()));
                break;
            }
        }
        let Some((start, full)) = found else {
            continue;
        };
        // Inside a longer name (the full name itself, X一院分院): not a short form here.
        if mentions
            .iter()
            .any(|o| o.start < end && start < o.end && !(start <= o.start && o.end <= end))
        {
            continue;
        }
        mentions.retain(|o| !(start <= o.start && o.end <= end));
        let surface = t[start..end].to_owned();
        mentions.push(OrgMention {
            start,
            end,
            full,
            canonical: surface.clone(),
            surface,
            class: OrgClass::Hospital,
            opener: Opener::Bare,
            place: None,
            suffix_start: end - "院".len(),
            bracket_outer: false,
            unit: false,
        });
    }
}

/// 县医院, 市医院, 区医院 standing alone: the short form of the one county's (city's,
/// district's) hospital the report names in full, X县人民医院 or X县医院. With two such
/// hospitals, or none, it is left unread.
fn level_short_forms(t: &str, mentions: &mut Vec<OrgMention>) {
    for level in ['县', '市', '区'] {
        let mut full: Option<&str> = None;
        let mut several = false;
        for m in mentions
            .iter()
            .filter(|m| m.class == OrgClass::Hospital && !m.unit)
        {
            let Some(place) = m
                .full
                .strip_suffix("人民医院")
                .or_else(|| m.full.strip_suffix("医院"))
            else {
                continue;
            };
            if !place.ends_with(level) || !(2..=6).contains(&text::chars(place)) {
                continue;
            }
            match full {
                Some(f) if f != m.full => several = true,
                _ => full = Some(&m.full),
            }
        }
        let Some(full) = full.filter(|_| !several).map(str::to_owned) else {
            continue;
        };
        let short = format!("{level}医院");
        for (start, _) in t.match_indices(short.as_str()) {
            let end = start + short.len();
            // Inside a longer name (X县医院, 县医院管理局) or a word before it.
            if text::prev(t, start).is_some_and(|(_, c)| is_han(c) && !"及和与、在到赴".contains(c))
                || t[end..].starts_with(['管', '协', '学'])
            {
                continue;
            }
            // Read as a level word and a bare ending, which no place completes (医院 is too
            // generic for that): read again as the one such hospital's short form.
            mentions.retain(|o| {
                !(o.start == start && o.end == end && matches!(o.opener, Opener::Level(_)))
            });
            if let Some(m) = push_short_hospital(t, start, end, Opener::Bare, mentions) {
                m.full = full.clone();
            }
        }
    }
}

/// The army's hospitals, named by a three-figure number (八〇二医院, 解放军第九八〇医院),
/// a name no place or ending opens: the unit's name before it is part of it.
fn military_hospitals(t: &str, mentions: &mut Vec<OrgMention>) {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:(?:中国人民)?解放军)?(?:联勤保障部队)?第?(?:[一二三四五六七八九〇零]{3}|[0-9]{3})医院")
            .expect("static regex")
    });
    for m in NUMBERED.find_iter(t) {
        let figure_before = text::prev(t, m.start())
            .is_some_and(|(_, c)| c.is_ascii_digit() || "一二三四五六七八九〇零十百".contains(c));
        if figure_before || begins_word_after(t, m.end()) {
            continue;
        }
        mentions.retain(|o| !(m.start() <= o.start && o.end <= m.end()));
        push_short_hospital(t, m.start(), m.end(), Opener::Bare, mentions);
    }
}

/// Adds the hospital short name `start..end` that ends in 院, unless the 院 begins another
/// word (院区, 院长) or a mention already covers part of it; the mention added, for a caller
/// that knows the name in full.
fn push_short_hospital<'m>(
    t: &str,
    start: usize,
    end: usize,
    opener: Opener,
    mentions: &'m mut Vec<OrgMention>,
) -> Option<&'m mut OrgMention> {
    if begins_word_after(t, end) || mentions.iter().any(|o| o.start < end && start < o.end) {
        return None;
    }
    let surface = t[start..end].to_owned();
    mentions.push(OrgMention {
        start,
        end,
        full: surface.clone(),
        canonical: surface.clone(),
        surface,
        class: OrgClass::Hospital,
        opener,
        place: None,
        suffix_start: end - "院".len(),
        bracket_outer: false,
        unit: false,
    });
    mentions.last_mut()
}

/// Whether the bare ending at `start` stands in a list after another name (、妇幼保健院).
fn is_list_item(t: &str, start: usize) -> bool {
    matches!(text::prev(t, start), Some((_, '、' | '和' | '及' | '与')))
}

/// Where a friendship hospital's name (中日友好医院, 中法友谊医院) begins, given the byte
/// offset of its 友: China's 中, one country's character, then 友好 or 友谊.
fn friendship_start(t: &str, you: usize) -> Option<usize> {
    if !(t[you..].starts_with("友好") || t[you..].starts_with("友谊")) {
        return None;
    }
    let (country, c) = text::prev(t, you)?;
    let (zhong, z) = text::prev(t, country)?;
    (z == '中' && is_han(c) && c != '中').then_some(zhong)
}

/// Where the body of a name begins (after its opener).
fn body_start(t: &str, start: usize, opener: &Opener) -> usize {
    match opener {
        Opener::Place { written, .. } | Opener::Township(written) | Opener::Level(written) => {
            (start + written.len()).min(t.len())
        }
        Opener::National | Opener::Bare => start,
    }
}

/// Marks bytes where a name cannot reach: stop words and stop characters outside openers.
fn blocked_bytes(t: &str, rules: &Rules, hits: &ScanHits, openers: &[OpenerHit]) -> Vec<bool> {
    let mut blocked = vec![false; t.len() + 1];
    for (i, c) in t.char_indices() {
        if rules.body_stop_chars.contains(&c) {
            blocked[i] = true;
        }
    }
    for &(ms, me, _) in &hits.body_stops {
        for b in &mut blocked[ms..me] {
            *b = true;
        }
    }
    for &(ss, se, i) in &hits.suffixes {
        let word = &rules.suffix_lexicon.words[i];
        // 有限公司, 研究所: an ending of three or more characters is a word of the name, whatever
        // stop characters it holds (有, 所); the stop words it holds still stop (专科联盟).
        if text::chars(word) >= 3 {
            for (k, c) in t[ss..se].char_indices() {
                if rules.body_stop_chars.contains(&c) {
                    for b in &mut blocked[ss + k..ss + k + c.len_utf8()] {
                        *b = false;
                    }
                }
            }
        }
        // X城市建设有限公司, X投资集团: a company's name holds words of its trade that stop names
        // in prose.
        if rules
            .suffixes
            .get(word)
            .is_some_and(|x| x.class == OrgClass::Company)
        {
            // (the stop words in the automaton's order, by end)
            let stops = &hits.body_stops;
            let first = stops.partition_point(|h| h.1 < ss);
            for &(ms, _, _) in stops[first..].iter().take_while(|h| h.1 == ss) {
                for b in &mut blocked[ms..ss] {
                    *b = false;
                }
            }
        }
    }
    // 金家铺镇, 王家湾乡: 家 inside a township's name, not the measure word of 6家乡镇卫生院;
    // 那良镇, 那桐镇: 那 opening one (places in the south-west begin so), not the pronoun.
    for (i, c) in t.match_indices(['家', '那']) {
        let named = c == "那"
            || text::prev(t, i).is_some_and(|(p, c)| {
                is_han(c) && !blocked[p] && !"一二两三四五六七八九十百千几多各每数".contains(c)
            });
        let town = t[i + c.len()..]
            .chars()
            .take(3)
            .position(|c| c == '乡' || c == '镇')
            .is_some_and(|k| k >= 1);
        if named && town {
            blocked[i] = false;
        }
    }
    // 中日友好医院, 中法友谊医院: the country's character after 中 (日 of a date elsewhere).
    for (i, _) in t.match_indices('友') {
        if let Some(from) = friendship_start(t, i) {
            for b in &mut blocked[from..i] {
                *b = false;
            }
        }
    }
    for o in openers {
        if matches!(rules.opener_values[o.value], OpenerValue::Place(_))
            || matches!(
                rules.opener_values[o.value],
                OpenerValue::Word(OpenerKind::National | OpenerKind::Party)
            )
        {
            for b in &mut blocked[o.start..o.end] {
                *b = false;
            }
        }
        // 国际 stops a name in prose (建成国际一流医院), but right after a place it is the
        // name's own word (X市国际医学中心医院, X国际妇幼保健院).
        if matches!(rules.opener_values[o.value], OpenerValue::Place(_))
            && t[o.end..].starts_with(INTERNATIONAL)
        {
            for b in &mut blocked[o.end..o.end + INTERNATIONAL.len()] {
                *b = false;
            }
        }
    }
    blocked
}

/// A body stop word that a place's own institution may carry right after the place.
const INTERNATIONAL: &str = "国际";

/// Function words that may stand right before a township's name (即X镇, 赴X乡) and seldom
/// begin one (unlike 下, 和, 向, 于: 下马峪乡, 和平镇, 向阳乡, 于家湾镇).
const BEFORE_A_TOWNSHIP: &[char] = &[
    '即', '在', '到', '与', '及', '对', '从', '把', '被', '给', '赴', '至',
];

/// The leftmost opener in `left..ss`, or a township.
fn best_opener(
    t: &str,
    rules: &Rules,
    openers: &[OpenerHit],
    left: usize,
    ss: usize,
) -> Option<(usize, Opener)> {
    let first = openers.partition_point(|o| o.start < left);
    let mut best: Option<(usize, usize, &OpenerHit)> = None;
    for o in &openers[first..] {
        // The opener may share its last char with the ending (抚州市 + 市委); a bare level word
        // may be the ending's first char (市委 of 市委组织部: the document's city's committee).
        let shares_last_char = text::prev(t, o.end)
            .is_some_and(|(p, last)| p == ss && text::next(t, ss) == Some(last));
        let level_of_ending = o.start == ss
            && shares_last_char
            && matches!(
                rules.opener_values[o.value],
                OpenerValue::Word(OpenerKind::Level)
            );
        if o.start > ss {
            break;
        }
        if o.start == ss && !level_of_ending {
            continue;
        }
        let fits = o.end <= ss || shares_last_char;
        if !fits {
            continue;
        }
        let better = match best {
            None => true,
            Some((bs, be, _)) => o.start < bs || (o.start == bs && o.end > be && o.end <= ss),
        };
        if better {
            best = Some((o.start, o.end, o));
        }
    }
    // A township (X乡, X镇) before the ending, when no opener lies left of it.
    let township = {
        let mut found = None;
        // The ending may begin with the township's marker (镇党委, 街道党委).
        let scan_end = ["镇", "乡", "街道"]
            .iter()
            .find(|m| t[ss..].starts_with(**m))
            .map_or(ss, |m| ss + m.len());
        for (i, c) in t[left..scan_end].char_indices() {
            let marker = if c == '乡' || c == '镇' {
                c.len_utf8()
            } else if t[left + i..scan_end].starts_with("街道") {
                "街道".len()
            } else {
                continue;
            };
            // 丰镇市, 固镇县: a 镇 inside a listed place's name marks no township.
            let at = left + i;
            if openers[first..].iter().any(|o| {
                o.start <= at
                    && at + marker < o.end
                    && matches!(rules.opener_values[o.value], OpenerValue::Place(_))
            }) {
                continue;
            }
            {
                // two to four chars before 乡/镇, from the left edge of the name when it is near
                let s = (2..=4)
                    .rev()
                    .map(|n| text::back(t, at, n))
                    .find(|&s| s >= left && text::chars(&t[s..at]) >= 2)
                    .unwrap_or(at);
                // 即南河镇: a function word before a township's name is no part of it.
                let s = match text::next(t, s) {
                    Some(c) if text::chars(&t[s..at]) >= 3 && BEFORE_A_TOWNSHIP.contains(&c) => {
                        s + c.len_utf8()
                    }
                    _ => s,
                };
                // A镇和B镇中心卫生院: the name begins after the conjunction or the township
                // before it.
                let s = t[s..at]
                    .char_indices()
                    .filter(|&(_, c)| matches!(c, '和' | '与' | '及' | '、' | '乡' | '镇'))
                    .map(|(k, c)| s + k + c.len_utf8())
                    .rfind(|&k| text::chars(&t[k..at]) >= 2)
                    .unwrap_or(s);
                if s < at && t[s..at].chars().all(is_han) {
                    found = Some((s, t[s..at + marker].to_owned()));
                }
            }
        }
        found
    };
    // A chain of places (省 市 县) names the most specific one, and the name as written
    // starts at the first (九江市修水县妇幼保健院).
    let mut chain_start = None;
    if let Some((bs, be, o)) = best {
        chain_start = Some(bs);
        let mut cur = (bs, be, o);
        loop {
            let next = openers[first..]
                .iter()
                .filter(|x| {
                    x.start == cur.1
                        && x.end <= ss
                        && matches!(rules.opener_values[x.value], OpenerValue::Place(_))
                        && matches!(rules.opener_values[cur.2.value], OpenerValue::Place(_))
                })
                .max_by_key(|x| x.end);
            match next {
                Some(n) => cur = (n.start, n.end, n),
                None => break,
            }
        }
        best = Some(cur);
    }
    // A city, county or district missing from the gazetteer (青川市中心医院): the two or three
    // characters that begin the name and the level word after them. Only after punctuation or
    // a one-character word (在, 与), since a longer stop word leaves the noun it governed
    // (提升工作县医院名单). A level word that ends an ordinary word (城市, 社区) is no opener
    // at all (see `find`).
    let unlisted = best.and_then(|(bs, be, o)| {
        let level = &t[bs..be];
        let before = &t[left..bs];
        let ok = matches!(
            rules.opener_values[o.value],
            OpenerValue::Word(OpenerKind::Level)
        ) && matches!(level, "市" | "县" | "区")
            && (2..=3).contains(&text::chars(before))
            && before.chars().all(is_han)
            && !rules.not_place_names.contains(before)
            && !rules
                .not_place_names
                .contains(&before[text::back(before, before.len(), 2)..])
            && text::prev(t, left)
                .is_none_or(|(_, c)| !is_han(c) || rules.body_stop_chars.contains(&c));
        ok.then(|| (left, t[left..be].to_owned()))
    });
    if let Some((s, name)) = unlisted {
        return Some((s, Opener::Township(name)));
    }
    match (best, township) {
        (Some((s, _, o)), tw) if tw.as_ref().is_none_or(|tw| s <= tw.0) => {
            let s = chain_start.unwrap_or(s).min(s);
            // The places as written, the whole chain (the body begins after it).
            let written = if o.end > ss {
                &t[s..o.end]
            } else {
                &t[s..o.end.min(ss.max(o.start))]
            };
            let opener = match &rules.opener_values[o.value] {
                OpenerValue::Word(OpenerKind::Level) => Opener::Level(written.to_owned()),
                OpenerValue::Word(_) => Opener::National,
                OpenerValue::Place(ps) => Opener::Place {
                    place: ps[0],
                    written: written.to_owned(),
                },
            };
            Some((s, opener))
        }
        (_, Some((s, name))) => Some((s, Opener::Township(name))),
        _ => None,
    }
}

/// Learns the province, prefecture and county a document is about from the places it names.
fn doc_places(t: &str, rules: &Rules, openers: &[OpenerHit]) -> DocPlaces {
    let g = rules.gazetteer;
    let mut score: FxHashMap<usize, usize> = FxHashMap::default();
    let mut named_provinces = Vec::new();
    let mut direct: FxHashMap<usize, usize> = FxHashMap::default();
    for o in openers {
        let OpenerValue::Place(ps) = &rules.opener_values[o.value] else {
            continue;
        };
        // A place name followed by more name chars may be part of a longer word; skip names
        // that are ambiguous.
        if ps.len() != 1 {
            continue;
        }
        let p = ps[0];
        let written = &t[o.start..o.end];
        if g.places[p].level == Level::Province && written == g.places[p].name {
            named_provinces.push(p);
        }
        *direct.entry(p).or_default() += 1;
        let mut cur = Some(p);
        while let Some(c) = cur {
            *score.entry(c).or_default() += 1;
            cur = g.places[c].parent;
        }
    }
    let best = |level: Level, within: Option<usize>| {
        score
            .iter()
            .filter(|(p, _)| g.places[**p].level == level)
            .filter(|(p, _)| within.is_none_or(|w| g.within(**p, w)))
            .max_by_key(|(p, s)| (**s, std::cmp::Reverse(g.places[**p].code.clone())))
            .map(|(p, _)| *p)
    };
    let province = best(Level::Province, None);
    // Province-level municipalities have counties directly under them.
    let prefecture = best(Level::Prefecture, province);
    let county = best(Level::County, prefecture.or(province));
    named_provinces.sort();
    named_provinces.dedup();
    DocPlaces {
        province,
        prefecture,
        county,
        named_provinces,
        direct,
    }
}

/// Whether `short` abbreviates `long`: same first and last char, chars in order; or a
/// clipped ending (卫生健康委 for 卫生健康委员会, X医学中心 for X医学中心医院).
fn abbreviates(short: &str, long: &str) -> bool {
    if short == long || short.is_empty() || text::chars(short) >= text::chars(long) {
        return false;
    }
    if text::chars(short) >= 4 && long.starts_with(short) && long.ends_with("委员会") {
        return true;
    }
    // X医学中心 for X医学中心医院: the centre's name for its hospital.
    if short.ends_with("中心") && long.strip_suffix("医院") == Some(short) {
        return true;
    }
    // 二院 for 第二医院 and 第二人民医院, 一附院 for 第一附属医院: a numbered hospital by its number.
    if let Some(numbered) = long.strip_prefix('第') {
        if short.starts_with(|c: char| "一二三四五六七八九十".contains(c)) {
            return abbreviates(short, numbered);
        }
    }
    if short.chars().next() != long.chars().next() || short.chars().last() != long.chars().last() {
        return false;
    }
    // 市中医院 is a TCM hospital, not short for 市中心医院.
    if short.contains("中医") && !long.contains("中医") {
        return false;
    }
    in_order(short, long)
}

/// Whether every character of `short` appears in `long`, in the same order.
fn in_order(short: &str, long: &str) -> bool {
    let mut it = long.chars();
    short.chars().all(|c| it.any(|d| d == c))
}

/// Whether the 院 ending at `end` begins another word (院区, 院长, 院士, 院系, 院校) rather
/// than ending a hospital's short name.
fn begins_word_after(t: &str, end: usize) -> bool {
    matches!(text::next(t, end), Some('区' | '长' | '士' | '系' | '校'))
}

/// Whether `short` is what follows 附属 in a university hospital's name (松涛医院 of
/// X大学附属松涛医院): the name such reports use after giving the full one once.
fn university_hospital_tail(full: &str, short: &str) -> bool {
    full.rsplit_once("附属")
        .is_some_and(|(_, tail)| tail == short && text::chars(short) >= 4)
}

/// Whether a level word fits a place (市 → a prefecture or a municipality).
fn level_fits(level: &str, name: &str, l: Level) -> bool {
    match level {
        "市" => name.ends_with('市'),
        "县" => name.ends_with('县'),
        "区" => name.ends_with('区') && l == Level::County,
        "省" => name.ends_with('省'),
        "自治区" => name.ends_with("自治区"),
        "州" | "自治州" => name.ends_with('州') && l == Level::Prefecture,
        "自治县" => name.ends_with("自治县"),
        _ => false,
    }
}

/// A short form's full name: the place's name, then the body (`rest`, what follows the
/// level word). A county named by one character keeps its level word before its committees
/// and its government, as they call themselves (攸县 + 县委 → 攸县县委, 攸县县政府); a
/// longer name drops it (茶陵县委).
fn completed(place: &str, rest: &str) -> String {
    let one_char = place
        .strip_suffix('县')
        .is_some_and(|n| text::chars(n) == 1);
    let body = ["委", "纪委", "政府"].iter().any(|b| rest.starts_with(b));
    if one_char && body && !rest.starts_with("人民政府") {
        format!("{place}县{rest}")
    } else {
        format!("{place}{rest}")
    }
}

impl Orgs {
    #[expect(
        clippy::needless_range_loop,
        reason = "the index addresses mentions, earlier mentions and the drop flags together"
    )]
    fn resolve(&mut self, doc: &Document, rules: &Rules) {
        let t = doc.text.as_str();
        let g = rules.gazetteer;
        let n = self.mentions.len();
        // 1. Complete short forms.
        let mut drop = vec![false; n];
        for i in 0..n {
            let m = &self.mentions[i];
            let (level, rest) = match &m.opener {
                Opener::Level(l) => (Some(l.clone()), m.surface[l.len()..].to_owned()),
                Opener::Bare if m.suffix_start == m.start => (None, m.surface.clone()),
                _ => continue,
            };
            let fits = |p: usize| {
                level
                    .as_deref()
                    .is_none_or(|l| level_fits(l, &g.places[p].name, g.places[p].level))
            };
            // (a) the list it stands in
            let mut full = None;
            if let Some((sep, _)) = text::prev(t, m.start) {
                if is_list_item(t, m.start) {
                    if let Some(prev) = self.mentions[..i].iter().rev().find(|p| p.end == sep) {
                        if let Opener::Place { place, .. } = prev.opener {
                            if fits(place) {
                                full = Some(completed(&g.places[place].name, &rest));
                            }
                        }
                    }
                }
            }
            // (a') the body named before it in the sentence, in a list of officials
            // (益阳市卫健委主任A，市委组织部副部长B): the same place.
            if full.is_none() && level.is_some() && m.class != OrgClass::Hospital {
                let sentence = text::sentence_start(t, m.start);
                // The nearest one that names its place: a short form between (省卫健委副主任A，
                // 省发改委副主任B) takes the same place.
                // A university, school, company or paper carries its city's name without
                // being that city's body (西安X大学副校长A…市委常委B: not 西安's 市委).
                let before = self.mentions[..i].iter().rev().find(|p| {
                    p.start >= sentence
                        && !matches!(
                            p.class,
                            OrgClass::Hospital
                                | OrgClass::University
                                | OrgClass::School
                                | OrgClass::Company
                                | OrgClass::Media
                        )
                        && !p.unit
                        && matches!(p.opener, Opener::Place { .. })
                });
                if let Some(Opener::Place { place, .. }) = before.map(|p| &p.opener) {
                    if fits(*place) {
                        full = Some(completed(&g.places[*place].name, &rest));
                    }
                }
            }
            // (b) a full name it abbreviates; a bare body's name too (卫计委 for the
            // X市卫生计生委 the document names), though never a bare hospital ending
            let bare_body = level.is_none() && m.class != OrgClass::Hospital;
            if full.is_none() && (level.is_some() || bare_body) {
                let mut best: Option<(usize, &OrgMention)> = None;
                for o in &self.mentions {
                    let Opener::Place { place, written } = &o.opener else {
                        continue;
                    };
                    if o.class != m.class {
                        continue;
                    }
                    if !fits(*place) {
                        continue;
                    }
                    let o_rest = &o.surface[written.len().min(o.surface.len())..];
                    // 市政府 is the 市人民政府 the document names.
                    let government = rest == "政府" && o_rest == "人民政府";
                    if o_rest == rest || abbreviates(&rest, o_rest) || government {
                        let count = self
                            .mentions
                            .iter()
                            .filter(|x| x.surface == o.surface)
                            .count();
                        if best.is_none_or(|(c, _)| count > c) {
                            best = Some((count, o));
                        }
                    }
                }
                // A bare ending stands for a body only when the document names one such.
                let one = |o: &OrgMention| {
                    level.is_some()
                        || self.mentions.iter().all(|x| {
                            x.surface == o.surface
                                || !matches!(x.opener, Opener::Place { .. })
                                || x.class != o.class
                                || !x.surface.ends_with(rest.as_str())
                        })
                };
                if let Some((_, o)) = best.filter(|(_, o)| one(o)) {
                    full = Some(o.surface.clone());
                }
            }
            // (c) the place the document is about
            let generic = rules.generic_short_forms.contains(&rest);
            // 省委, 市委组织部: the level word is the ending's first char; kept only if completed.
            let committee = rules.generic_short_forms.iter().any(|g| {
                let l = level.as_deref().unwrap_or("");
                g.starts_with(l) && m.surface.starts_with(g.as_str())
            });
            // 市政府: the government of the document's own city, like its 市委.
            let government = matches!(rest.as_str(), "政府" | "人民政府");
            if full.is_none() {
                if generic && !government || level.is_none() {
                    drop[i] = true;
                    continue;
                }
                let l = level.as_deref().unwrap_or("");
                let p = &self.places;
                let place = match l {
                    "市" => p.city(g),
                    "县" | "区" | "自治县" => p.county.filter(|&x| fits(x)),
                    "州" | "自治州" => p.prefecture.filter(|&x| fits(x)),
                    "省" | "自治区" => p
                        .province
                        .filter(|x| p.named_provinces.contains(x) || p.sole_province(g, *x))
                        .filter(|x| fits(*x)),
                    _ => None,
                };
                if let Some(place) = place.filter(|&x| fits(x)) {
                    // 州卫生局 in a report on 湘西土家族苗族自治州: 湘西州卫生局, as such bodies call
                    // themselves and as reports name them (黔东南州政府, 甘孜州委).
                    let official = &g.places[place].name;
                    let name = (l == "州")
                        .then(|| crate::link::prefecture_short_name(official))
                        .flatten()
                        .unwrap_or_else(|| official.clone());
                    full = Some(completed(&name, &rest));
                } else if committee || government {
                    drop[i] = true;
                    continue;
                }
            }
            if let Some(mut f) = full {
                // 市委市政府 after X市: the X市人民政府 the document names, if it does.
                if let Some(place) = f.strip_suffix("政府").filter(|p| !p.ends_with("人民")) {
                    let official = format!("{place}人民政府");
                    if self.mentions.iter().any(|o| o.surface == official) {
                        f = official;
                    }
                }
                self.mentions[i].full = f;
            }
        }
        let mut i = 0;
        self.mentions.retain(|_| {
            i += 1;
            !drop[i - 1]
        });

        // 2. Cluster names.
        let mut uf = UnionFind::default();
        for m in &self.mentions {
            uf.union(&m.surface, &m.full);
        }
        // Bracket aliases.
        let mut extra: Vec<(String, String, usize, usize)> = Vec::new();
        for k in 0..self.mentions.len() {
            let m = &self.mentions[k];
            let Some(open) = text::next(t, m.end).filter(|c| matches!(c, '(' | '（')) else {
                continue;
            };
            let inner_start = m.end + open.len_utf8();
            let Some(close) = t[inner_start..].find([')', '）']).map(|x| inner_start + x) else {
                continue;
            };
            if text::chars(&t[inner_start..close]) > 60 {
                continue;
            }
            let mut any = false;
            // X医院（Y医院联盟医院）: a name that runs on into more words in the bracket says
            // what the outer one is to it (a member, a partner), not another name for it.
            for o in &self.mentions {
                if o.start >= inner_start
                    && o.end <= close
                    && text::next(t, o.end).is_none_or(|c| !is_han(c))
                {
                    uf.union(&m.full, &o.full);
                    any = true;
                }
            }
            let inner = &t[inner_start..close];
            if !any
                && inner.len() >= 2
                && inner
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '-' || c == '&')
            {
                extra.push((m.full.clone(), inner.to_owned(), inner_start, close));
                any = true;
            }
            if any {
                self.mentions[k].bracket_outer = true;
            }
        }
        // Abbreviations with the same place (泰和县妇幼院 ⊂ 泰和县妇幼保健院), and one body with
        // its place written two ways (江西赣州市云岭医院, 赣州市云岭医院, 赣州云岭医院): the same
        // place, and the same name after it.
        for a in 0..self.mentions.len() {
            for b in 0..self.mentions.len() {
                let (x, y) = (&self.mentions[a], &self.mentions[b]);
                let (
                    Opener::Place {
                        place: pa,
                        written: wa,
                    },
                    Opener::Place {
                        place: pb,
                        written: wb,
                    },
                ) = (&x.opener, &y.opener)
                else {
                    continue;
                };
                if pa != pb || x.unit || y.unit {
                    continue;
                }
                let same = if wa == wb {
                    abbreviates(&x.full[wa.len()..], &y.full[wb.len()..])
                } else {
                    let rest = x.full.strip_prefix(wa.as_str());
                    let other = y.full.strip_prefix(wb.as_str());
                    x.class == y.class
                        && rest.is_some_and(|r| !r.is_empty())
                        && (rest == other
                            || rest.zip(other).is_some_and(|(r, o)| abbreviates(r, o)))
                };
                if same {
                    uf.union(&x.full, &y.full);
                }
            }
        }
        // A short form of the rules' table for a full one of the same name (X县卫健局 and
        // X县卫生健康局, X卫计委 and its full name), however each came by its place.
        let whole: FxHashMap<&str, OrgClass> = self
            .mentions
            .iter()
            .filter(|m| !m.unit)
            .map(|m| (m.full.as_str(), m.class))
            .collect();
        let mut expanded = Vec::new();
        for x in self.mentions.iter().filter(|m| !m.unit) {
            for (short, full) in &rules.abbreviations {
                let Some(head) = x.full.strip_suffix(short.as_str()) else {
                    continue;
                };
                let long = format!("{head}{full}");
                if whole.get(long.as_str()) == Some(&x.class) {
                    expanded.push((x.full.clone(), long));
                }
            }
        }
        for (x, y) in &expanded {
            uf.union(x, y);
        }
        // Placeless names that abbreviate a placed one (重医附属儿童医院, 太和医院).
        for a in 0..self.mentions.len() {
            let x = &self.mentions[a];
            // A name already completed (松医二院 → its full name) needs no guess.
            if !matches!(x.opener, Opener::Bare) || x.suffix_start == x.start || x.full != x.surface
            {
                continue;
            }
            // A unit named after its parent (X医院醴陵医院) is abbreviated by its own ending;
            // the parent's short form (松医一附院) is the parent's.
            if let Some(y) = self.mentions.iter().find(|y| {
                y.class == x.class
                    && (!matches!(y.opener, Opener::Bare)
                        && (abbreviates(&x.surface, &y.full) && !y.is_campus()
                            || y.full.ends_with(&x.surface))
                        || university_hospital_tail(&y.full, &x.surface))
            }) {
                uf.union(&y.full, &x.full);
            }
        }
        // A name that reads as placed but ends a longer one the text names under an
        // institution (广安门医院 of X科学院广安门医院: 广安 is no place there) is its short form.
        for x in &self.mentions {
            if !matches!(x.opener, Opener::Place { .. })
                || x.class != OrgClass::Hospital
                || text::chars(&x.surface) < 4
            {
                continue;
            }
            if let Some(y) = self.mentions.iter().find(|y| {
                y.class == x.class
                    && matches!(y.opener, Opener::Bare | Opener::National)
                    && y.surface.len() > x.surface.len()
                    && y.surface.ends_with(&x.surface)
            }) {
                uf.union(&y.full, &x.full);
            }
        }
        // 3. Canonical name per cluster: a hospital's own name before its group's
        // (县医疗集团(县人民医院)), bracket outer, completed or placed, longest, first.
        let is_group = |name: &str| {
            ["集团", "医共体", "医联体", "联盟"]
                .iter()
                .any(|g| name.ends_with(g))
        };
        type Key = (bool, bool, bool, usize, std::cmp::Reverse<usize>, String);
        let mut best: FxHashMap<String, Key> = FxHashMap::default();
        for m in &self.mentions {
            for name in [&m.surface, &m.full] {
                let placed =
                    name != &m.surface || !matches!(m.opener, Opener::Level(_) | Opener::Bare);
                let key = (
                    !is_group(name),
                    m.bracket_outer && name == &m.full,
                    placed,
                    text::chars(name),
                    std::cmp::Reverse(m.start),
                    name.clone(),
                );
                let root = uf.find(name);
                let e = best.entry(root).or_insert_with(|| key.clone());
                if key > *e {
                    *e = key;
                }
            }
        }
        for m in &mut self.mentions {
            m.canonical = best[&uf.find(&m.full)].5.clone();
        }
        for m in &self.mentions {
            for name in [&m.surface, &m.full] {
                let bare = m.suffix_start == m.start && name == &m.surface;
                // A short form completed by its place (省卫计委 → X省卫计委) is the canonical
                // name's alias only as the text writes it.
                let written = || name == &m.surface || t.contains(name.as_str());
                if name != &m.canonical && !rules.generic_refs.contains(name) && !bare && written()
                {
                    self.aliases
                        .push((m.canonical.clone(), name.clone(), m.start, m.end));
                }
            }
        }
        for (outer, alias, s, e) in extra {
            let canonical = best[&uf.find(&outer)].5.clone();
            self.aliases.push((canonical, alias, s, e));
        }
        // 4. Places of hospitals and subject counts.
        // Salience: mentions, more for those that open a clause or stand in the headline.
        let headline_end = self.headline_end;
        for m in &mut self.mentions {
            if m.class == OrgClass::Hospital {
                let opens_clause =
                    text::prev(t, m.start).is_none_or(|(_, c)| !is_han(c) && c != '“');
                let weight =
                    1 + 3 * usize::from(opens_clause) + 3 * usize::from(m.start < headline_end);
                *self.counts.entry(m.canonical.clone()).or_default() += weight;
            }
        }
        for m in &self.mentions {
            if m.class != OrgClass::Hospital {
                continue;
            }
            let Some(conj) = ["与", "和", "同", "在", "赴", "到"]
                .iter()
                .find(|c| t[..m.start].ends_with(**c))
            else {
                continue;
            };
            let at = m.start - conj.len();
            let own = t[..at].ends_with("我院") || t[..at].ends_with("本院");
            // 我院在X医院举行: X is where our hospital goes, as in 我院与X医院 it is the other party.
            if !own && !["与", "和", "同"].contains(conj) {
                continue;
            }
            let first = if own {
                Some(None)
            } else {
                self.ending_at(at)
                    .filter(|o| o.class == OrgClass::Hospital)
                    .map(|o| Some(o.canonical.clone()))
            };
            if let Some(first) = first {
                self.second_parties.insert(m.start, first);
            }
        }
        let mut placed: FxHashMap<String, String> = FxHashMap::default();
        for m in &self.mentions {
            if m.class != OrgClass::Hospital || m.full != m.canonical {
                continue;
            }
            let place = match &m.opener {
                Opener::Township(tw) => Some(tw.clone()),
                Opener::Place { place, written } => {
                    let rest = &m.canonical[written.len().min(m.canonical.len())..];
                    // 白山镇卫生院: a place's short name that a 镇 or 乡 follows names a town.
                    let town = rest
                        .chars()
                        .next()
                        .filter(|&c| (c == '镇' || c == '乡') && written != &g.places[*place].name)
                        .map(|c| format!("{written}{c}"));
                    Some(
                        town.or_else(|| township_in(rest))
                            .unwrap_or_else(|| g.places[*place].name.clone()),
                    )
                }
                _ => None,
            };
            if let Some(p) = place {
                placed.entry(m.canonical.clone()).or_insert(p);
            }
        }
        // Completed short forms are placed by their completion.
        for m in &self.mentions {
            if m.class == OrgClass::Hospital && !placed.contains_key(&m.canonical) {
                if let Some(p) = self.place_prefix(&m.canonical, rules) {
                    placed.insert(m.canonical.clone(), p);
                }
            }
        }
        for m in &mut self.mentions {
            m.place = placed.get(&m.canonical).cloned();
        }
    }

    /// The gazetteer place a name starts with, by official name.
    fn place_prefix(&self, name: &str, rules: &Rules) -> Option<String> {
        let g = rules.gazetteer;
        let mut best: Option<&str> = None;
        for (i, _) in name.char_indices().skip(2).take(8) {
            let prefix = &name[..i];
            if let Some(&p) = g.by_name(prefix).first() {
                best = Some(&g.places[p].name);
            }
        }
        best.map(str::to_owned)
    }

    /// The mention that ends exactly at `pos`.
    pub fn ending_at(&self, pos: usize) -> Option<&OrgMention> {
        self.mentions.iter().find(|m| m.end == pos)
    }

    /// Whether a mention's name holds the byte at `pos` (获 of 获嘉县人民医院).
    pub fn covers(&self, pos: usize) -> bool {
        self.mentions.iter().any(|m| m.start <= pos && pos < m.end)
    }

    /// The mention that starts exactly at `pos`.
    pub fn starting_at(&self, pos: usize) -> Option<&OrgMention> {
        self.mentions.iter().find(|m| m.start == pos)
    }

    /// Mentions inside `start..end`.
    pub fn within(&self, start: usize, end: usize) -> impl Iterator<Item = &OrgMention> {
        self.mentions
            .iter()
            .filter(move |m| m.start >= start && m.end <= end)
    }

    /// The article's subject hospital at `pos`: the latest mention before `pos` of a hospital
    /// the article names often, else the one it names most. A hospital named second in a
    /// pair (A与B签订协议。医院院长X, 我院与B召开座谈会，院党委书记X) gives way to the first:
    /// a report names its own hospital first. Where the first is the unnamed 我院 (我院与B,
    /// 我院在B举行) and no other hospital is named often, there is no subject to name.
    pub fn subject(&self, pos: usize) -> Option<&str> {
        let most = self.most_named(None)?;
        let threshold = most.1.min(6);
        let latest = self
            .mentions
            .iter()
            .rev()
            .filter(|m| m.start < pos && m.class == OrgClass::Hospital)
            .find(|m| {
                self.counts
                    .get(&m.canonical)
                    .is_some_and(|&c| c >= threshold)
            });
        let Some(m) = latest else {
            return Some(most.0);
        };
        match self.second_parties.get(&m.start) {
            Some(Some(first)) => Some(first.as_str()),
            Some(None) => self.most_named(Some(&m.canonical)).map(|(n, _)| n),
            None => Some(m.canonical.as_str()),
        }
    }

    /// The hospital that publishes the report, the one its 我院 is: the first its headline
    /// names, else the one it names most often.
    pub fn own_hospital(&self) -> Option<&str> {
        if let Some(m) = self
            .mentions
            .iter()
            .find(|m| m.class == OrgClass::Hospital && m.end <= self.headline_end)
        {
            return Some(&m.canonical);
        }
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        for m in self
            .mentions
            .iter()
            .filter(|m| m.class == OrgClass::Hospital)
        {
            *counts.entry(&m.canonical).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by_key(|&(name, c)| (c, std::cmp::Reverse(self.first_pos(name))))
            .map(|(n, _)| n)
    }

    /// The hospital the article names most, other than `except`, with its salience count;
    /// of two named as often, the one named first.
    fn most_named(&self, except: Option<&str>) -> Option<(&str, usize)> {
        self.counts
            .iter()
            .filter(|(name, _)| Some(name.as_str()) != except)
            .max_by_key(|(name, c)| (**c, std::cmp::Reverse(self.first_pos(name))))
            .map(|(n, c)| (n.as_str(), *c))
    }

    fn first_pos(&self, name: &str) -> usize {
        self.mentions
            .iter()
            .find(|m| m.canonical == name)
            .map_or(usize::MAX, |m| m.start)
    }

    /// Writes hospital, institution, alias and located facts.
    pub fn emit(&self, out: &mut Facts<'_>) {
        for m in &self.mentions {
            match m.class {
                OrgClass::Hospital => {
                    out.add(Relation::Hospital, &[&m.canonical], m.start, m.end, "org");
                    if let Some(p) = &m.place {
                        out.add(
                            Relation::Located,
                            &[&m.canonical, p],
                            m.start,
                            m.end,
                            "org-place",
                        );
                    }
                }
                class => out.add(
                    Relation::Institution,
                    &[&m.canonical, class.as_str()],
                    m.start,
                    m.end,
                    "org",
                ),
            }
        }
        for (canonical, alias, s, e) in &self.aliases {
            out.add(Relation::Alias, &[canonical, alias], *s, *e, "org-alias");
        }
    }
}

/// A township, town or urban subdistrict the name carries (X乡, X镇, X街道).
fn township_in(name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let k = chars
        .iter()
        .position(|&c| c == '乡' || c == '镇' || c == '街')?;
    let marker = match chars[k] {
        '街' if chars.get(k + 1) == Some(&'道') => 2,
        '街' => return None,
        _ => 1,
    };
    ((2..=4).contains(&k) && chars[..k].iter().all(|&c| is_han(c)))
        .then(|| chars[..k + marker].iter().collect())
}

/// Union-find over names.
#[derive(Default)]
struct UnionFind {
    parent: FxHashMap<String, String>,
}

impl UnionFind {
    fn find(&mut self, x: &str) -> String {
        let p = self.parent.get(x).cloned();
        match p {
            None => {
                self.parent.insert(x.to_owned(), x.to_owned());
                x.to_owned()
            }
            Some(p) if p == x => p,
            Some(p) => {
                let r = self.find(&p);
                self.parent.insert(x.to_owned(), r.clone());
                r
            }
        }
    }

    fn union(&mut self, a: &str, b: &str) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent.insert(rb, ra);
        }
    }
}
