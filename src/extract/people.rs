//! People and their roles.
//!
//! A personal name is a surname from the lexicon and one or two given characters. A name is
//! only taken where the language marks it as one: after a title or a stack of titles
//! (党委副书记、院长X), after a person word (专家X), in a byline (记者 X 通讯员 Y), before a
//! speech verb (X说), alone on a line (an author's signature), in a list closed by a count
//! (A、B、C等5位专家), or right after an organisation (X医院的A、B). On real pages names are
//! as often marked by what follows them (X同志, X院长, X等12名), stand in bare lists of three
//! or more (A、B、C), follow a byline head with a colon (作者：A B) or close the article in
//! brackets (（A B）); these count where what precedes the name opens one (punctuation, a
//! joining word such as 由 or 与, an organisation, a title). Anonymised forms (李某) never
//! count.
//!
//! A title stack is read backwards from the name: titles split on 、 and 兼, each with its
//! department or branch in front (乳腺科主任), 原/前 marking a former role. The organisation is
//! the one named right before the stack, else the article's subject hospital (posts), else none
//! (记者 without a paper).

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};

use super::orgs::{Opener, Orgs};
use super::tagger::Lac;
use super::text::{self, is_han};
use super::Facts;
use crate::fact::Relation;
use crate::ingest::Document;
use crate::rules::{Lexicon, OpenerValue, OrgClass, Rules, ScanHits, TitleClass};

/// Words that often follow a name and start with a character a given name can have.
const FOLLOWERS: &[&str] = &[
    "代表", "带领", "主持", "出席", "一行", "同志", "获得", "荣获", "正在", "正是", "正式", "陪同",
    "介绍", "表示", "指出", "共同", "一同", "亲自", "分别", "简要", "详细", "先后", "围绕", "结合",
    "报道", "应邀", "受邀", "率队", "带队", "致辞", "讲话", "宣读", "走访", "看望", "慰问", "参加",
    "来到", "前往", "莅临", "传达", "作了", "首先",
];

/// References to the report's university (校党委书记), which no department name begins with.
const UNIVERSITY_REFS: &[&str] = &["我校", "该校", "学校", "校"];

/// Honour verbs whose subject receives the honour (A荣获X), unlike 授予 or 命名.
const RECEIVES: &[&str] = &["荣获", "获评", "被评为", "被授予", "入选", "被表彰为"];

/// Person words that make the person staff of the article's hospital (护士A, 医生B).
const STAFF: &[&str] = &["护士", "医生", "护师"];

/// An organisation's party bodies, which may stand between it and a name whose party title
/// follows the name (X医院党委A书记: A is the hospital's 党委书记).
const PARTY_BODIES: &[&str] = &["党委", "党组", "纪委", "党总支"];

/// Verbs that join a name to the post it holds (刘某任X医院党委书记, 王某是内科主任).
const HOLDS: &[&str] = &[
    "担任", "兼任", "出任", "挂职", "挂任", "现任", "任", "是", "为",
];

/// Of [`HOLDS`], the verbs that still join a name to a post across a comma
/// (A，挂职X县中医医院院长): an appointment, never a copula.
const HOLDS_AFTER_A_COMMA: &[&str] = &["担任", "挂职", "挂任", "现任"];

/// Common words whose last character is also a surname (聘任, 关于): that character is no
/// name's first.
const WORDS_ENDING_IN_A_SURNAME: &[&str] = &[
    "聘任",
    "担任",
    "兼任",
    "出任",
    "继任",
    "新任",
    "现任",
    "时任",
    "曾任",
    "历任",
    "调任",
    "委任",
    "升任",
    "改任",
    "留任",
    "连任",
    "信任",
    "责任",
    "主任",
    "位于",
    "对于",
    "由于",
    "关于",
    "属于",
    "等于",
    "面向",
    "走向",
    "方向",
    "导向",
    "指向",
    "转向",
    "部门",
    "专门",
    "热门",
    "社区",
    "城区",
    "院区",
    "地区",
    "辖区",
    "园区",
    "新区",
    "市区",
    "片区",
    "校区",
    "山区",
    "病区",
    "同志任",
];

/// Characters after which a name may begin mid-sentence: prepositions, conjunctions and
/// verbs that take a person (由X主持, 与X签约, 任命X为).
const JOINERS: &[char] = &[
    '的', '和', '与', '及', '由', '对', '为', '在', '向', '被', '让', '请', '经', '派', '邀', '从',
    '同', '跟', '给', '将', '把', '是', '任', '、', '并', '予', '有', '了',
];

/// Verbs that take a person as object (聘任X, 选举X, 授予X).
const TAKES_PERSON: &[&str] = &[
    "聘任", "聘请", "任命", "选举", "推荐", "授予", "表彰", "宣布", "同意", "决定", "邀请", "欢迎",
    "选出", "提名", "陪同", "看望", "慰问", "会见", "接见", "感谢", "推选", "增补",
];

/// Last characters of department and unit words, which no given name ends with (党办, 院办).
const UNIT_ENDS: &[char] = &[
    '科', '部', '室', '办', '处', '组', '队', '院', '区', '站', '所', '局', '委', '会', '厅', '司',
    '馆', '校', '村', '镇', '乡', '县', '市', '省', '支', '体', '府',
];

/// Words after the last name of a list that make two names enough to be a list (A、B两位同志).
const COUNTED_CLOSERS: &[&str] = &["等", "同志", "两位", "二位"];

/// Other words that may follow the last name of a longer list (A、B、C三位, A、B、C获).
const LIST_CLOSERS: &[&str] = &["三位", "四位", "五位", "获", "被", "分别", "任", "担任"];

/// Words that close a byline's name with no space before them (记者A报道, 通讯员B摄).
const SIGN_OFFS: &[&str] = &["摄影报道", "报道", "报导", "摄影", "摄"];

/// Endings of an office that signs a report before its people's names (（党院办 A）).
const OFFICE_ENDS: &[&str] = &["办", "办公室", "宣传部", "宣传科", "党支部", "支部", "中心"];

/// Byline words that head a list of names, with or without a colon (作者：X Y, 编辑 Z).
const BYLINE_HEADS: &[&str] = &[
    "记者",
    // What some sites write for 记者.
    "采访人员",
    "通讯员",
    "作者",
    "编辑",
    "责任编辑",
    "责编",
    "撰稿",
    "撰文",
    "摄影",
    "审核",
    "审稿",
    "核稿",
    "校对",
    "供稿",
    "图文",
    "文/图",
    "文图",
    // 一审, 二审, 三 审, 编审, 终审: the reviewers a page signs with.
    "审",
    "监制",
    "制作",
    // 编 辑：A, as some pages space a two-character head.
    "编 辑",
    // 联系人：A, the person a notice names to call.
    "联系人",
    // The same heads on pages in traditional characters.
    "記者",
    "通訊員",
    "編輯",
    "責任編輯",
    "責編",
    "審稿",
    "審核",
    "攝影",
    "製作",
    "編 輯",
    "聯繫人",
    "聯系人",
    // 文 | A 图 | B, 文/A: the writer and the photographer.
    "文|",
    "文 |",
    "文｜",
    "文/",
    "图|",
    "图 |",
    "图｜",
    "图/",
];

/// A name found in the text.
#[derive(Debug, Clone)]
pub struct PersonMention {
    pub start: usize,
    pub end: usize,
    pub name: String,
}

#[derive(Debug, Clone)]
struct RoleFact {
    person: String,
    title: String,
    org: String,
    former: bool,
    start: usize,
    end: usize,
}

/// People of a document with their roles and affiliations.
#[derive(Debug, Clone, Default)]
pub struct People {
    pub mentions: Vec<PersonMention>,
    roles: Vec<RoleFact>,
    affiliations: Vec<(String, String, usize, usize)>,
}

struct Ctx<'a> {
    t: &'a str,
    rules: &'a Rules,
    orgs: &'a Orgs,
    /// Title starts by end offset.
    titles: FxHashMap<usize, Vec<usize>>,
    /// Title starts.
    title_starts: FxHashSet<usize>,
    /// The publication the page names as its source (来源：X网), for its bylines.
    source: Option<String>,
}

/// Endings of a publication's name (X网, X日报, X新闻, X社): a page source that ends so is the
/// outlet its reporters and editors work for; one that does not (院办, 原创) is not.
const OUTLET_ENDS: &[&str] = &[
    "网",
    "报",
    "新闻",
    "电视台",
    "广播电台",
    "客户端",
    "社",
    "融媒",
    "融媒体中心",
    "在线",
];

/// A hospital's group, whose posts a stack lists among the hospital's own.
const HOSPITAL_GROUPS: &[&str] = &["医疗集团", "医共体", "医联体", "集团"];

/// The page's source when it names a publication or an organisation the text names.
fn outlet(doc: &Document, orgs: &Orgs) -> Option<String> {
    let Some(source) = doc.meta.source.as_deref() else {
        return dateline_outlet(doc, orgs);
    };
    let source = source.trim_end_matches(|c: char| !is_han(c));
    let named = orgs.mentions.iter().any(|m| m.canonical == source);
    // X讯 opens a report with the name of the outlet that runs it, whatever its ending.
    let dateline = doc.text.contains(&format!("{source}讯"));
    (text::chars(source) >= 2
        && (named || dateline || OUTLET_ENDS.iter().any(|e| source.ends_with(e))))
    .then(|| source.to_owned())
}

/// With no source line, the paper whose dateline opens the report (云岭日报6月3日讯, 株洲新闻网
/// 讯): the outlet its reporters write for.
fn dateline_outlet(doc: &Document, orgs: &Orgs) -> Option<String> {
    static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d{4}年)?(?:\d{1,2}月\d{1,2}日)?讯").expect("static regex")
    });
    orgs.mentions
        .iter()
        .find(|m| m.class == OrgClass::Media && DATELINE.is_match(&doc.text[m.end..]))
        .map(|m| m.canonical.clone())
}

/// Finds the people of a document.
pub fn find(doc: &Document, rules: &Rules, orgs: &Orgs, hits: &ScanHits) -> People {
    let t = doc.text.as_str();
    let mut titles: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    let mut title_starts = FxHashSet::default();
    for &(s, e, _) in &hits.titles {
        // X镇党委书记: the organisation's name takes 党委, and the title is 书记.
        // 湖南省长沙市第九医院: a title wholly inside a name is part of it (省长).
        if orgs
            .mentions
            .iter()
            .any(|o| o.start < s && s < o.end && (o.end < e || e < o.end))
        {
            continue;
        }
        titles.entry(e).or_default().push(s);
        title_starts.insert(s);
    }
    let cx = Ctx {
        t,
        rules,
        orgs,
        titles,
        title_starts,
        source: outlet(doc, orgs),
    };
    let mut people = People::default();

    // After titles.
    let mut ends: Vec<usize> = cx.titles.keys().copied().collect();
    ends.sort_unstable();
    for e in ends {
        // 蔡某院长向王某书记介绍: a title after its holder's name ends the phrase; the
        // preposition after it opens no name.
        let apposed = matches!(
            text::next(t, e),
            Some('向' | '对' | '为' | '给' | '与' | '和' | '同' | '跟')
        ) && cx.titles[&e]
            .iter()
            .any(|&s| cx.name_ending_at(s).is_some());
        if apposed {
            continue;
        }
        if let Some(end) = cx.pick(e) {
            people.add_with_roles(&cx, e, end);
        } else {
            people.add_aside_roles(&cx, e);
            people.add_spaced_roles(&cx, e);
        }
    }
    // After person words (专家X) and after organisations (X医院的A、B).
    for m in rules.person_cues.automaton.find_iter(t) {
        if let Some(end) = cx.pick(m.end()) {
            people.push(t, m.end(), end);
            // 护士A、医生B: staff of the hospital the article is about.
            let staff = STAFF
                .contains(&&t[m.start()..m.end()])
                .then(|| orgs.subject(m.start()))
                .flatten();
            if let Some(org) = staff {
                people.affiliations.push((
                    t[m.end()..end].to_owned(),
                    org.to_owned(),
                    m.end(),
                    end,
                ));
            }
            people.follow_list(&cx, end, staff);
        }
    }
    for m in &orgs.mentions {
        people.after_org(&cx, m.end, m.canonical.as_str(), true);
    }
    for r in &rules.generic_refs {
        if r.chars().count() < 2 {
            continue;
        }
        for (i, _) in t.match_indices(r.as_str()) {
            if let Some(subject) = orgs.subject(i + r.len()) {
                people.after_org(&cx, i + r.len(), subject, false);
            }
        }
    }
    // Before speech verbs, and before the verbs of receiving an honour (A、B获评X).
    let received = rules
        .award_triggers
        .automaton
        .find_iter(t)
        .filter(|m| RECEIVES.contains(&&t[m.start()..m.end()]));
    let org_ends: FxHashSet<usize> = orgs.mentions.iter().map(|m| m.end).collect();
    for (m, honour) in rules
        .speech_verbs
        .automaton
        .find_iter(t)
        .map(|m| (m, false))
        .chain(received.map(|m| (m, true)))
    {
        // A、B共2名医生荣获: the names stand before the count.
        let v = if honour {
            super::relations::recipients_start(t, text::sentence_start(t, m.start()), m.start())
        } else {
            m.start()
        };
        for n in [3, 2, 4] {
            let p = text::back(t, v, n);
            // After a title, a department (急诊科A荣获), the speaker's or the honour's
            // recipient's unit (X医院A介绍, X卫生院A荣获) or no Han character.
            let strong = cx.titles.contains_key(&p)
                || text::prev(t, p).is_none_or(|(_, c)| !is_han(c))
                || cx.word_ending_at(&cx.rules.dept_heads, p).is_some()
                || org_ends.contains(&p);
            if text::chars(&t[p..v]) != n || !strong {
                continue;
            }
            if cx.name_ends(p).contains(&v) {
                people.push(t, p, v);
                break;
            }
        }
    }
    // Bylines and signatures.
    let mut line_start = 0;
    for line in t.split('\n') {
        let trimmed = line.trim();
        let n = text::chars(trimmed);
        if (2..=4).contains(&n)
            && cx
                .name_ends(line_start)
                .contains(&(line_start + trimmed.len()))
            && line == trimmed
        {
            people.push(t, line_start, line_start + trimmed.len());
        }
        if BYLINE_HEADS.iter().any(|h| line.contains(h)) {
            people.byline(&cx, line_start, line_start + line.len());
        }
        // X卫生院 A (B): a line of a notice's list, a unit and then its people, and nothing
        // else.
        let at = line_start + (line.len() - line.trim_start().len());
        if let Some(m) = orgs.mentions.iter().find(|m| m.start == at) {
            let (names, end) = cx.names_after(m.end, &[' ', '\u{3000}']);
            if (1..=3).contains(&names.len()) && end == line_start + line.trim_end().len() {
                for (a, b) in names {
                    people.push(t, a, b);
                }
            }
        }
        line_start += line.len() + 1;
    }
    // (A报道), (记者A报道), (A 报道): the reporter signing the report.
    for (v, _) in t.match_indices("报道") {
        let v = t[..v].trim_end_matches([' ', '\u{3000}']).len();
        for n in [2, 3] {
            let p = text::back(t, v, n);
            let opened = t[..p]
                .trim_end_matches([' ', '\u{3000}'])
                .ends_with(['（', '(', '讯'])
                || cx.titles.contains_key(&p);
            if text::chars(&t[p..v]) == n && opened && cx.name_ends(p).contains(&v) {
                people.push(t, p, v);
                break;
            }
        }
    }
    // 来源：X卫生局 A、B, （来源：X医院 A B）: the people of the source that sent the report.
    for m in &orgs.mentions {
        if !t[..m.start]
            .trim_end_matches([':', '：', ' ', '\u{3000}'])
            .ends_with("来源")
        {
            continue;
        }
        for (a, b) in cx.names_after(m.end, &[' ', '\u{3000}', '、']).0 {
            people.push(t, a, b);
        }
    }
    // (A/文 B/审核 C/图): each credit's name stands before its slash.
    static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\p{Han}{2,4}[ \u{3000}]*/[ \u{3000}]*(?:文图|文|图编发|图|审核|审稿|核稿|责编|编辑|摄影|摄|校对|编发)")
            .expect("static regex")
    });
    for m in CREDIT.find_iter(t) {
        let end = m.start()
            + t[m.start()..m.end()]
                .find(['/', ' ', '\u{3000}'])
                .unwrap_or(0);
        for n in [2, 3, 4] {
            let p = text::back(t, end, n);
            let apart = text::prev(t, p).is_none_or(|(_, c)| !is_han(c));
            if p >= m.start() && apart && cx.name_ends(p).contains(&end) {
                people.push(t, p, end);
                break;
            }
        }
    }
    // Names the words after them mark: X同志, X院长, X等5位专家.
    let followed = people.marked_by_follower(&cx);
    // Lists of bare names (A、B、C、D), of names after their departments (针灸科A、心内科B)
    // and signatures in brackets ((A B)).
    people.bare_lists(&cx);
    // Lists closed by a count (A、B、C等5位专家).
    people.counted_lists(&cx);
    // Names that open a clause and hold a post (刘某任X医院党委书记), list lines.
    people.name_first(&cx);
    // Where the rules found no name at a title or cue, the learned tagger looks.
    if let Some(lac) = rules.tagger {
        people.tagged(&cx, lac);
    }
    // Once a name is known, its other occurrences are mentions too.
    let names: FxHashSet<String> = people.mentions.iter().map(|m| m.name.clone()).collect();
    // Every occurrence of every known name, found once.
    let spans: Vec<(usize, usize)> = names
        .iter()
        .flat_map(|o| t.match_indices(o.as_str()).map(|(j, _)| (j, j + o.len())))
        .collect();
    for n in &names {
        for (i, _) in t.match_indices(n.as_str()) {
            let inside_org = orgs
                .mentions
                .iter()
                .any(|m| m.start < i + n.len() && i < m.end);
            // inside an occurrence of a longer known name (王芳 in 王芳华)
            let longer = spans
                .iter()
                .any(|&(j, k)| k - j > n.len() && j <= i && i + n.len() <= k);
            if !inside_org && !longer {
                people.push(t, i, i + n.len());
            }
        }
    }
    // 龙某是内科三党支部书记 / 王某为骨科学科带头人: posts after any known name.
    let known: Vec<(usize, usize)> = people.mentions.iter().map(|m| (m.start, m.end)).collect();
    for &(s, e) in &known {
        let verb_at = cx.list_verb_at(&known, e);
        let held = cx.held_after(s, e, verb_at);
        people.roles.extend(held);
    }
    // 李某书记 after 李某任X医院党委书记 or 县卫健委主任李某: the post is known already.
    for r in followed {
        let known = |k: &RoleFact| k.person == r.person && k.title.ends_with(r.title.as_str());
        // 卫计委主任A … A主任主持: A came in under a post no organisation could be found for,
        // and A主任 is that post again, not one at the article's hospital.
        let unplaced = !people.roles.iter().any(|k| k.person == r.person)
            && t.match_indices(r.person.as_str())
                .any(|(i, _)| cx.titles.contains_key(&i) && cx.unnamed_body_before(cx.chain(i).1));
        if !people.roles.iter().any(known) && !unplaced {
            people.roles.push(r);
        }
    }
    people.dismissals(&cx);
    people.elected(&cx);
    people
}

impl<'a> Ctx<'a> {
    /// The whole names that follow `from`, each after a run of `gaps` (X卫生院 A B, 来源：X局
    /// A、B), up to the first that is none; and where that run of names ends.
    fn names_after(&self, from: usize, gaps: &[char]) -> (Vec<(usize, usize)>, usize) {
        let t = self.t;
        let mut names = Vec::new();
        let mut end = from;
        loop {
            let p = end + t[end..].len() - t[end..].trim_start_matches(gaps).len();
            if p == end {
                break;
            }
            let run_end = t[p..].find(|c: char| !is_han(c)).map_or(t.len(), |i| p + i);
            if !(2..=4).contains(&text::chars(&t[p..run_end])) || !self.is_whole_name(p, run_end) {
                break;
            }
            names.push((p, run_end));
            end = run_end;
        }
        (names, end)
    }

    /// Possible ends of a name starting at `p` (two to four chars), shortest first.
    fn name_ends(&self, p: usize) -> Vec<usize> {
        let t = self.t;
        let rest = &t[p..];
        // The longest compound surname (欧阳) the candidate starts with, looked up by its
        // first two to four characters.
        let sur = rest
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .skip(1)
            .take(3)
            .filter(|&k| self.rules.compound_surnames.contains(&rest[..k]))
            .last()
            .or_else(|| {
                rest.chars()
                    .next()
                    .filter(|c| self.rules.single_surnames.contains(c))
                    .map(char::len_utf8)
            });
        let Some(sur) = sur else { return Vec::new() };
        // (左五), 右二: a photo caption's place in a row, not a name.
        if rest.starts_with(['左', '右'])
            && text::next(t, p + sur).is_some_and(|c| "一二三四五六七八九十".contains(c))
        {
            return Vec::new();
        }
        // 湖南省长沙市, 我市长安区: a candidate that begins inside a place written with its
        // level word is the place's tail, after a title's last character (省长, 市长).
        let spans = &self.orgs.opener_spans;
        let in_place = spans[..spans.partition_point(|s| s.0 < p)]
            .iter()
            .rev()
            .take(4)
            .any(|&(s, e, value)| {
                s < p
                    && p < e
                    && matches!(
                        self.rules.opener_values[value],
                        crate::rules::OpenerValue::Place(_)
                    )
                    && text::next(t, e).is_some_and(|c| "省市县区州镇乡".contains(c))
            });
        // 办公室: a candidate that begins inside an organisation's name.
        let mentions = &self.orgs.mentions;
        let in_org = mentions[..mentions.partition_point(|m| m.start < p)]
            .last()
            .is_some_and(|m| p < m.end);
        if in_place || in_org {
            return Vec::new();
        }
        // 1位护理院长, 三名医生: a measure word after a number is no surname.
        if rest.starts_with(['位', '名'])
            && text::prev(t, p).is_some_and(|(_, c)| {
                c.is_ascii_digit() || "一二两三四五六七八九十百千几多".contains(c)
            })
        {
            return Vec::new();
        }
        // 任 of 聘任 and 于 of 关于 end a word: no name starts there.
        if WORDS_ENDING_IN_A_SURNAME
            .iter()
            .any(|w| t[..p + sur].ends_with(w) && w.len() > sur)
        {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut pos = p + sur;
        for _ in 0..2 {
            let Some(c) = text::next(t, pos) else { break };
            // X先领列席: 领 ends a three-character name when no word it begins (领导, 领衔,
            // 领取) follows.
            let ends_name = matches!(c, '领' | '領')
                && pos > p + sur
                && text::next(t, pos + c.len_utf8()).is_none_or(|n| {
                    !is_han(n)
                        || !"导導衔銜取队隊奖獎到着著头頭域航略悟会會袖证證军軍先办辦".contains(n)
                });
            if !is_han(c) || c == '某' || self.rules.name_stop_chars.contains(&c) && !ends_name {
                break;
            }
            // 王荣 is a name, 王荣获 a name and a verb: an honour verb ends the name.
            if self.rules.award_triggers.starts(&t[pos..]) {
                break;
            }
            if pos > p + sur && (self.title_starts.contains(&pos)) {
                break;
            }
            pos += c.len_utf8();
            out.push(pos);
        }
        // Ordinary words that look like names, and names that run into a title (王主任).
        let first_two = &rest[..rest.char_indices().nth(2).map_or(rest.len(), |(i, _)| i)];
        if self.rules.name_stop_words.contains(first_two) || self.title_starts.contains(&(p + sur))
        {
            return Vec::new();
        }
        let last = out.last().copied().unwrap_or(p);
        let starts = &self.orgs.mention_starts;
        if starts[starts.partition_point(|&s| s < p)..]
            .first()
            .is_some_and(|&s| s < last)
        {
            return Vec::new();
        }
        // A place name starting inside the candidate (常驻房县): not a name. A given name
        // that is a place's short name (柯文山, 王长春) ends with the candidate, and no level
        // word follows it; a preposition that is also a surname (于长沙, 向株洲) still reads
        // as the preposition.
        let mut probe_end = (last + 9).min(t.len());
        while !t.is_char_boundary(probe_end) {
            probe_end -= 1;
        }
        let given_name_ok = !t[p..].starts_with(['于', '向'])
            && text::next(t, last).is_none_or(|c| !"省市县区州盟旗镇乡村".contains(c));
        let spans = &self.orgs.opener_spans;
        let inside = spans[spans.partition_point(|s| s.0 <= p)..]
            .iter()
            .take_while(|s| s.0 < last)
            .any(|&(_, end, value)| {
                end <= probe_end
                    && !(end == last && given_name_ok)
                    && matches!(
                        self.rules.opener_values[value],
                        crate::rules::OpenerValue::Place(_)
                    )
            });
        if inside {
            return Vec::new();
        }
        out
    }

    /// Whether a name may begin at `p`, judged by what stands before it: the start of the text,
    /// a non-Han character, a joining word, a verb that takes a person, an organisation, a
    /// pronoun-like reference or a title.
    fn opens_name(&self, p: usize) -> bool {
        let t = self.t;
        let Some((_, c)) = text::prev(t, p) else {
            return true;
        };
        !is_han(c)
            || JOINERS.contains(&c)
            || TAKES_PERSON.iter().any(|v| t[..p].ends_with(v))
            || self.orgs.ending_at(p).is_some()
            || self.titles.contains_key(&p)
            || self
                .rules
                .generic_refs
                .iter()
                .any(|r| t[..p].ends_with(r.as_str()))
            || self.word_ending_at(&self.rules.dept_heads, p).is_some()
            || self.party_body_before(p).is_some()
    }

    /// Where the party body of an organisation starts when one ends at `p` right after the
    /// organisation's name (X医院党委 before A书记).
    fn party_body_before(&self, p: usize) -> Option<usize> {
        let body = PARTY_BODIES.iter().find(|b| self.t[..p].ends_with(**b))?;
        let at = p - body.len();
        self.orgs.ending_at(at).is_some().then_some(at)
    }

    /// A name of two to four characters that ends exactly at `v` and opens as
    /// [`Ctx::opens_name`] allows: its start. Three characters are tried first, but a
    /// three-character candidate whose first character is a joining word (由王某) gives way to
    /// the two after it.
    fn name_ending_at(&self, v: usize) -> Option<usize> {
        let t = self.t;
        let fits = |n: usize| {
            let p = text::back(t, v, n);
            (text::chars(&t[p..v]) == n && self.opens_name(p) && self.is_whole_name(p, v))
                .then_some(p)
        };
        match fits(3) {
            Some(p) if JOINERS.contains(&t[p..].chars().next().unwrap_or(' ')) => {
                // X医院任某某院长: right after a body and before no title, 任 is the surname.
                let first = t[p..].chars().next().unwrap_or(' ');
                let surname = self.rules.single_surnames.contains(&first)
                    && self.orgs.ending_at(p).is_some()
                    && !self.title_starts.contains(&(p + first.len_utf8()));
                if surname {
                    Some(p)
                } else {
                    fits(2).or(Some(p))
                }
            }
            Some(p) => Some(p),
            None => fits(2).or_else(|| fits(4)),
        }
    }

    /// The end of a two-character name padded with spaces to the width of three (刘 炽, or
    /// 刘   炽 in ASCII spaces) in a list: a surname, one to three spaces, a character, then a
    /// list mark or the line's end.
    fn padded_name(&self, p: usize) -> Option<usize> {
        self.padded_name_closed_by(p, |n| matches!(n, '、' | '，' | '\n'))
    }

    /// [`Self::padded_name`] on a line of a notice (林 勤 X医院): closed by the gap before
    /// the entry's unit.
    fn padded_entry_name(&self, p: usize) -> Option<usize> {
        self.padded_name_closed_by(p, |n| matches!(n, ' ' | '\t' | '\u{3000}'))
    }

    /// A padded name at `p` whose next character `closer` accepts.
    fn padded_name_closed_by(&self, p: usize, closer: impl Fn(char) -> bool) -> Option<usize> {
        let t = self.t;
        let mut chars = t[p..].char_indices();
        let (_, surname) = chars.next()?;
        if !self.rules.single_surnames.contains(&surname) {
            return None;
        }
        let mut spaces = 0;
        for (k, c) in chars {
            match c {
                ' ' | '\u{3000}' if spaces < 3 => spaces += 1,
                _ if spaces > 0 && is_han(c) && !self.rules.name_stop_chars.contains(&c) => {
                    let e = p + k + c.len_utf8();
                    let closed = text::next(t, e).is_none_or(&closer);
                    return closed.then_some(e);
                }
                _ => return None,
            }
        }
        None
    }

    /// Whether `p..e` reads as a whole name by itself: a surname and given characters, not a
    /// place (江西) and not ending like a unit word (党办).
    fn is_whole_name(&self, p: usize, e: usize) -> bool {
        self.name_ends(p).contains(&e)
            && !self.is_place_at(p)
            && text::prev(self.t, e).is_some_and(|(_, c)| !UNIT_ENDS.contains(&c))
    }

    /// Whether a gazetteer place or opener word starts at `p` (江西, 中国): not a name.
    fn is_place_at(&self, p: usize) -> bool {
        let t = self.t;
        let mut end = (p + 12).min(t.len());
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        let spans = &self.orgs.opener_spans;
        spans[spans.partition_point(|s| s.0 < p)..]
            .iter()
            .take_while(|s| s.0 == p)
            .any(|&(_, e, _)| e <= end && text::chars(&t[p..e]) >= 2)
    }

    /// The most likely end of a name starting at `p`: three chars unless only two fit.
    fn pick(&self, p: usize) -> Option<usize> {
        if let Some(e) = self.dotted_name(p) {
            return Some(e);
        }
        let ends = self.name_ends(p);
        let last = ends.last().copied()?;
        // 赵琳代表, 王芳表示: a shorter name that a verb continues.
        // 谭某正带领: a shorter name the document also uses alone (谭某说) wins too.
        let alone = |e: usize| {
            let name = &self.t[p..e];
            self.t.match_indices(name).any(|(i, _)| {
                let rest = &self.t[i + name.len()..];
                rest.starts_with(|c: char| !is_han(c))
                    || self
                        .rules
                        .speech_verbs
                        .words
                        .iter()
                        .any(|w| rest.starts_with(w.as_str()))
            })
        };
        let shorter = ends[..ends.len() - 1].iter().rev().copied().find(|&e| {
            let rest = &self.t[e..];
            FOLLOWERS.iter().any(|w| rest.starts_with(w))
                || self
                    .rules
                    .speech_verbs
                    .words
                    .iter()
                    .any(|w| w.chars().count() > 1 && rest.starts_with(w.as_str()))
                || alone(e)
        });
        Some(shorter.unwrap_or(last))
    }

    /// The end of a transliterated name starting at `p` whose parts a middle dot joins
    /// (Uyghur, Tibetan and foreign names: 阿不都·热合曼): two to eight characters, the dot,
    /// then characters up to a non-Han one, a title, or a word that follows names (代表, 一行).
    fn dotted_name(&self, p: usize) -> Option<usize> {
        let t = self.t;
        // The first part and its dot lie within nine characters.
        let first = t[p..].char_indices().take(9).find(|&(_, c)| !is_han(c))?.0;
        if !(2..=8).contains(&text::chars(&t[p..p + first])) {
            return None;
        }
        let dot = text::next(t, p + first).filter(|c| matches!(c, '·' | '•' | '・'))?;
        let from = p + first + dot.len_utf8();
        let mut end = from;
        while let Some(c) = text::next(t, end) {
            let rest = &t[end..];
            if !is_han(c)
                || end > from
                    && (self.title_starts.contains(&end)
                        || FOLLOWERS.iter().any(|w| rest.starts_with(w))
                        || self.rules.speech_verbs.starts(rest))
                || text::chars(&t[from..end]) == 8
            {
                break;
            }
            end += c.len_utf8();
        }
        (text::chars(&t[from..end]) >= 2).then_some(end)
    }

    /// The word of `lex` that ends at `pos`, if any; returns its start.
    fn word_ending_at(&self, lex: &Lexicon, pos: usize) -> Option<usize> {
        lex.longest_suffix_of(&self.t[..pos]).map(|w| pos - w.len())
    }

    /// Where an organisation ends a few characters before a title that starts at `s`, when the
    /// characters between can only be a unit of it (省卫健委机关党委副书记: 机关
    /// is a unit of the 卫健委, whatever its ending).
    fn unit_after_org(&self, s: usize) -> Option<usize> {
        let t = self.t;
        if self.orgs.ending_at(s).is_some() {
            return None;
        }
        let window = text::back(t, s, 6);
        let mut q = s;
        while q > window {
            let (p, c) = text::prev(t, q)?;
            if !is_han(c) || self.rules.stops_body_at(t, p, c) || self.titles.contains_key(&q) {
                return None;
            }
            q = p;
            if let Some(o) = self.orgs.ending_at(q) {
                let unit = &t[q..s];
                let clean = o.class != OrgClass::Hospital
                    && text::chars(unit) >= 2
                    && self.rules.after_body_stops(t, q, s) == q;
                return clean.then_some(q);
            }
        }
        None
    }

    /// A department or branch in front of a title that starts at `s`: its start, and whether a
    /// former marker stands before it.
    fn dept_prefix(&self, s: usize) -> (usize, bool) {
        let t = self.t;
        let window = text::back(t, s, 16);
        let inside_words: Vec<(usize, usize)> = self
            .rules
            .dept_words
            .automaton
            .find_iter(&t[window..s])
            .map(|m| (window + m.start(), window + m.end()))
            .collect();
        let mut left = s;
        while left > window {
            let Some((p, c)) = text::prev(t, left) else {
                break;
            };
            // B超室, CT室: a department may hold Latin capitals.
            if !is_han(c) && !c.is_ascii_uppercase()
                || c == '兼'
                || c == '和' && !self.rules.joins_specialties(t, p)
                || self.rules.stops_body_at(t, p, c)
                    && !inside_words.iter().any(|&(a, b)| a <= p && left <= b)
                || self.titles.contains_key(&left) && left != s
            {
                break;
            }
            if self.orgs.ending_at(left).is_some() && left != s {
                break;
            }
            left = p;
        }
        // Cut at the last organisation ending inside, a pronoun-like reference, a former marker.
        let mut start = left;
        for m in &self.orgs.mentions {
            if m.end > start && m.end <= s {
                start = m.end;
            }
        }
        start = self.after_stops_outside_dept_words(start, s);
        let mut former = false;
        // 时任普外科主任: the walk stopped at 时, inside a former marker that runs on into what
        // it kept.
        if start == left && left < s {
            let from = text::back(t, left, 1);
            if let Some(f) = self
                .rules
                .former_markers
                .words
                .iter()
                .find(|f| t[from..s].starts_with(f.as_str()) && from + f.len() > left)
            {
                start = from + f.len();
                former = true;
            }
        }
        // 其中感染科主任: the walk stopped at 其, inside a stop word (其中) that runs on into
        // what it kept; the department starts after that word.
        if start == left && left < s {
            let from = text::back(t, left, 1);
            let straddles = self
                .rules
                .body_stop
                .automaton
                .find_overlapping_iter(&t[from..s])
                .filter(|m| m.start() == 0 && from + m.end() > left && from + m.end() < s)
                .map(|m| from + m.end())
                .max();
            if let Some(cut) = straddles {
                start = cut;
            }
        }
        // A department's name holds 医院 only at its start (医院感染管理科): one further in ends
        // a hospital's name the readers missed (儿童医院新生儿科).
        if let Some(i) = t[start..s].rfind("医院").filter(|&i| i > 0) {
            start += i + "医院".len();
        }
        loop {
            let seg = &t[start..s];
            if let Some(r) = self
                .rules
                .generic_refs
                .iter()
                .map(String::as_str)
                .chain(UNIVERSITY_REFS.iter().copied())
                .filter(|r| seg.starts_with(r))
                .max_by_key(|r| r.len())
            {
                // 院办主任: the reference and one character are the department's whole name.
                if text::chars(&seg[r.len()..]) == 1 {
                    break;
                }
                start += r.len();
                continue;
            }
            if let Some(f) = self
                .rules
                .former_markers
                .words
                .iter()
                .find(|f| seg.starts_with(f.as_str()))
            {
                start += f.len();
                former = true;
                continue;
            }
            break;
        }
        // 中心党委副书记 at a 医学中心, 社区卫生服务中心党支部书记 at X社区卫生服务中心: the
        // hospital speaking of itself by its ending, as 院 does.
        if let Some(h) = self.orgs.subject(s) {
            let own = t[start..s]
                .char_indices()
                .map(|(i, c)| start + i + c.len_utf8())
                .rev()
                .find(|&e| super::orgs::is_own_ending(self.rules, h, &t[start..e]));
            match own {
                Some(e) if e == s => return (s, former),
                Some(e) => start = e,
                None => {}
            }
        }
        let seg = &t[start..s];
        let Some(head) = self.rules.dept_heads.longest_suffix_of(seg) else {
            return (s, false);
        };
        // One character left before a unit word of two or more (区 of 院区党总支) is the
        // tail of a word cut off, not a department: the unit word alone is the prefix.
        // A direction or 中/新 is a whole word there (北院区, 中药房).
        let rest = &seg[..seg.len() - head.len()];
        let qualifier = rest.chars().all(|c| "东西南北中新".contains(c));
        if text::chars(rest) == 1 && text::chars(head) >= 2 && !qualifier {
            start += rest.len();
        }
        (start, former)
    }

    /// Where a department prefix running from `left` to `s` begins once cut after its body stop
    /// words, except those inside a department word: a cut that falls inside 对外合作 or
    /// 联合党支部 moves back to the word's start, and the text before the word is cut again.
    fn after_stops_outside_dept_words(&self, left: usize, s: usize) -> usize {
        let t = self.t;
        let mut start = self.rules.after_body_stops(t, left, s);
        while let Some(m) = self
            .rules
            .dept_words
            .automaton
            .find_iter(&t[left..s])
            .find(|m| left + m.start() < start && start <= left + m.end())
        {
            start = self.rules.after_body_stops(t, left, left + m.start());
        }
        start
    }

    /// Reads the title stack that ends at `cursor`: (title, former, class) and where it starts.
    fn chain(&self, mut cursor: usize) -> (Vec<(String, bool, TitleClass)>, usize) {
        let t = self.t;
        let mut out = Vec::new();
        while let Some(ts) = self
            .titles
            .get(&cursor)
            .and_then(|v| v.iter().min().copied())
        {
            let class = self
                .rules
                .titles
                .get(&t[ts..cursor])
                .copied()
                .unwrap_or(TitleClass::Internal);
            let mut s = ts;
            if let Some(ms) = self.word_ending_at(&self.rules.title_modifiers, s) {
                s = ms;
            }
            let (mut ps, mut former) = self.dept_prefix(s);
            // 医生A, 青年医生A: a trade is a post only after a department (心内科医生A).
            if class == TitleClass::Trade
                && (ps == s || self.word_ending_at(&self.rules.dept_heads, s).is_none())
            {
                break;
            }
            if let Some(q) = self.unit_after_org(ps) {
                ps = q;
            }
            // 院长、医疗集团副理事长A: a post in the group the hospital leads, listed with the
            // hospital's own posts and held, like them, at the hospital named before.
            if let Some(w) = HOSPITAL_GROUPS.iter().find(|w| {
                t[..ps].ends_with(**w)
                    && text::prev(t, ps - w.len()).is_some_and(|(_, c)| c == '、')
            }) {
                ps -= w.len();
            }
            let title = t[ps..cursor].to_owned();
            s = ps;
            if let Some(fs) = self.word_ending_at(&self.rules.former_markers, s) {
                former = true;
                s = fs;
            }
            out.push((title, former, class));
            cursor = s;
            match text::prev(t, cursor) {
                Some((p, '、' | '兼')) => cursor = p,
                _ => break,
            }
        }
        // 党总支书记A、专职副书记B: a title with no unit of its own, after a listed name whose
        // title has one and the same head word, is held in that unit too.
        if let Some((title, _, _)) = out.last_mut() {
            let unit = t[cursor..]
                .starts_with('、')
                .then(|| self.listed_unit(cursor, title))
                .flatten();
            if let Some(unit) = unit {
                title.insert_str(0, unit);
            }
        }
        (out, cursor)
    }

    /// The unit in front of the title of the listed name that ends at `name_end`, when `title`
    /// (which has no unit) shares that title's head word: 书记 and 专职副书记, 主任 and 副主任.
    fn listed_unit(&self, name_end: usize, title: &str) -> Option<&'a str> {
        let t = self.t;
        let word = self
            .rules
            .title_modifiers
            .words
            .iter()
            .find_map(|m| title.strip_prefix(m.as_str()))
            .unwrap_or(title);
        self.rules.titles.get(word)?;
        (2..=4).find_map(|n| {
            let q = text::back(t, name_end, n);
            if text::chars(&t[q..name_end]) != n || !self.name_ends(q).contains(&name_end) {
                return None;
            }
            let ts = self.titles.get(&q)?.iter().min().copied()?;
            let word = &t[ts..q];
            let head = &word[text::back(word, word.len(), 2)..];
            if !title.ends_with(head) {
                return None;
            }
            let s = self
                .word_ending_at(&self.rules.title_modifiers, ts)
                .unwrap_or(ts);
            let (ps, former) = self.dept_prefix(s);
            let unit = &t[ps..s];
            (!former && !unit.is_empty()).then_some(unit)
        })
    }

    /// The roles a title stack gives `person`: each title at the organisation named for the
    /// whole stack, else the one before `org_at`. Every reader of a stack goes through here.
    fn stack_roles(
        &self,
        person: &str,
        titles: Vec<(String, bool, TitleClass)>,
        named: Option<&str>,
        org_at: usize,
        (start, end): (usize, usize),
    ) -> Vec<RoleFact> {
        titles
            .into_iter()
            .filter(|(title, _, _)| !title.is_empty())
            .filter_map(|(title, former, class)| {
                // 市委副书记、市长A: a place head serves the place's government, not the
                // party committee the stack names.
                let named = named.filter(|n| class != TitleClass::Place || n.ends_with("政府"));
                let org = named
                    .map(str::to_owned)
                    .or_else(|| self.org_before(org_at, &title, class))?;
                Some(RoleFact {
                    person: person.to_owned(),
                    title,
                    org,
                    former,
                    start,
                    end,
                })
            })
            .collect()
    }

    /// Posts a name holds through a verb right after it: `NAME任[ORG]TITLE、TITLE` up to the
    /// end of the clause.
    fn held_after(&self, ns: usize, end: usize, verb_at: usize) -> Vec<RoleFact> {
        let t = self.t;
        let mut verb_at = verb_at;
        if let Some(rest) = t[verb_at..]
            .strip_prefix('，')
            .or_else(|| t[verb_at..].strip_prefix(','))
        {
            if HOLDS_AFTER_A_COMMA.iter().any(|v| rest.starts_with(v)) {
                verb_at = t.len() - rest.len();
            }
        }
        let Some(verb) = HOLDS.iter().find(|v| t[verb_at..].starts_with(**v)) else {
            return Vec::new();
        };
        let mut q = verb_at + verb.len();
        // 是该院神经外科主任: the pronoun-like reference stands for the subject hospital.
        if let Some(r) = self
            .rules
            .generic_refs
            .iter()
            .filter(|r| r.chars().count() > 1 && t[q..].starts_with(r.as_str()))
            .max_by_key(|r| r.len())
        {
            q += r.len();
        }
        let named = self.orgs.starting_at(q).map(|o| {
            q = o.end;
            o.canonical.clone()
        });
        // The clause ends at the first character that is neither Han nor a list mark.
        let stop = t[q..]
            .char_indices()
            .find(|&(_, c)| !is_han(c) && c != '、' && c != '兼')
            .map_or(t.len(), |(i, _)| q + i);
        let stop = stop.min(text::forward(t, q, 30));
        // The longest stack that starts right after the verb (or its organisation) and ends
        // the clause, a list item (、) or the word 职务.
        let mut best = None;
        for (&e, _) in self.titles.iter().filter(|(&e, _)| e > q && e <= stop) {
            let closes = e == stop || t[e..].starts_with('、') || t[e..].starts_with("职务");
            if !closes || best.as_ref().is_some_and(|(b, _, _)| *b >= e) {
                continue;
            }
            let (titles, cursor) = self.chain(e);
            if cursor == q {
                best = Some((e, titles, cursor));
            }
        }
        let Some((e, titles, _)) = best else {
            return Vec::new();
        };
        self.stack_roles(&t[ns..end], titles, named.as_deref(), ns, (ns, e))
    }

    /// Where the verb of a clause opened by the name ending at `end` stands, past 同志 and the
    /// rest of a list of known names the name opens: `A同志、B同志分别担任`, `A、B两位同志为`.
    fn list_verb_at(&self, known: &[(usize, usize)], mut end: usize) -> usize {
        static FILLER: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?:[两二三四五六七八九十]位)?(?:同志)?(?:分别|均)?")
                .expect("static regex")
        });
        let t = self.t;
        loop {
            end += FILLER.find(&t[end..]).map_or(0, |m| m.end());
            let next = (text::next(t, end) == Some('、'))
                .then(|| known.iter().find(|&&(s, _)| s == end + '、'.len_utf8()))
                .flatten();
            match next {
                Some(&(_, e)) => end = e,
                None => return end,
            }
        }
    }

    /// Posts at other organisations that end right at a 、, a comma or 兼 before the
    /// organisation a stack starting at `cursor` names, with no name between them: in
    /// `省卫健委党组成员、副主任，省医保局局长A` and `X市人大常委会副主任、X大学党委书记A`, A
    /// holds every one, each at the organisation named before its own stack.
    fn earlier_posts(&self, person: &str, mut cursor: usize, end: usize) -> Vec<RoleFact> {
        let t = self.t;
        let mut out = Vec::new();
        loop {
            // X市政协副主席、Y县县长A: a place head's stack names its place, not a body.
            let named = match self.orgs.ending_at(cursor) {
                Some(m) => m.start,
                None => match self.places_start(cursor) {
                    s if s < cursor => s,
                    _ => break,
                },
            };
            let Some((p, '、' | '，' | ',' | '兼')) = text::prev(t, named) else {
                break;
            };
            if !self.titles.contains_key(&p) {
                break;
            }
            let (titles, start) = self.chain(p);
            let Some(org) = self.orgs.ending_at(start) else {
                // 副市长、县委书记A: posts that open the clause with no body named, each at the
                // body its title serves (the city's government), as when they stand alone.
                let opens = text::prev(t, start).is_none_or(|(_, c)| {
                    matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '\n' | ' ')
                });
                if opens {
                    out.extend(self.stack_roles(person, titles, None, start, (start, end)));
                }
                break;
            };
            out.extend(self.stack_roles(person, titles, Some(&org.canonical), start, (start, end)));
            cursor = start;
        }
        out
    }

    /// The organisation a stack starting at `cursor` belongs to.
    fn org_before(&self, cursor: usize, title: &str, class: TitleClass) -> Option<String> {
        // X中心(Y中心)党委书记: the body's second name in brackets stands between it and the post.
        let named_at = self
            .t
            .get(..cursor)
            .and_then(|head| head.strip_suffix(')').or_else(|| head.strip_suffix('）')))
            .and_then(|head| head.rfind(['(', '（']))
            .filter(|&open| text::chars(&self.t[open..cursor]) <= 20)
            .filter(|&open| self.orgs.ending_at(open).is_some())
            .unwrap_or(cursor);
        if let Some(m) = self.orgs.ending_at(named_at) {
            // 护理学院院长 in a report on one university: that university's college.
            if super::orgs::is_bare_college(m) {
                if let Some(u) = super::orgs::sole_university(&self.orgs.mentions) {
                    return Some(format!("{u}{}", m.canonical));
                }
            }
            // 市委副书记、市长A: a place head serves the government, not the party committee.
            if !(class == TitleClass::Place && m.class == OrgClass::Party) {
                return Some(m.canonical.clone());
            }
        }
        // 卫生院院长A after the report has named X镇中心卫生院: the hospital of that kind it
        // named last, not the report's own (a bare 医院 is the report's own).
        if matches!(class, TitleClass::Internal | TitleClass::Rank) {
            let kind = self
                .rules
                .suffix_lexicon
                .longest_suffix_of(&self.t[..cursor])
                .filter(|w| text::chars(w) >= 3)
                .filter(|w| {
                    self.rules
                        .suffixes
                        .get(*w)
                        .is_some_and(|s| s.class == OrgClass::Hospital && !s.unit)
                });
            if let Some(kind) = kind {
                if let Some(m) = self.orgs.mentions.iter().rev().find(|m| {
                    m.end <= cursor - kind.len()
                        && m.class == OrgClass::Hospital
                        && m.canonical.ends_with(kind)
                }) {
                    return Some(m.canonical.clone());
                }
            }
        }
        // 我院党委书记A: the report's own hospital, however often it names another.
        if matches!(class, TitleClass::Internal | TitleClass::Rank)
            && (self.t[..cursor].ends_with("我院") || self.t[..cursor].ends_with("本院"))
        {
            if let Some(own) = self.orgs.own_hospital() {
                return Some(own.to_owned());
            }
        }
        // 我校医学院院长: a college of the one university the report names.
        if let Some(college) = self.own_college(cursor) {
            return Some(college);
        }
        // 校党委书记, 校长 with no university named: the one university the report names.
        if self.t[..cursor].ends_with('校') || title.ends_with("校长") {
            if let Some(u) = super::orgs::sole_university(&self.orgs.mentions) {
                return Some(u.to_owned());
            }
        }
        match class {
            // 党委组织部部长, 医院宣传部部长: a post in the party office of the hospital itself.
            TitleClass::External if self.own_party_office(cursor, title) => {
                self.orgs.subject(cursor).map(str::to_owned)
            }
            TitleClass::External => None,
            TitleClass::Byline => self.source.clone(),
            TitleClass::Place => self
                .place_before(cursor, title)
                .map(|place| self.government_of(place)),
            // 、卫计委主任A, X市卫生健康系统主任A: a body the reader cannot name holds the post,
            // not the article's hospital, so there is no role.
            _ if self.unnamed_body_before(cursor) => None,
            _ => self
                .team_hospital(cursor)
                .or_else(|| self.orgs.subject(cursor))
                .map(str::to_owned),
        }
    }

    /// The hospital whose team the sentence before `cursor` is about (X医院专家团由A带队，成员有
    /// 副主任B、C): its members' posts are held there, not at the hospital they visit. The
    /// team is named right after its hospital, and no other hospital comes between.
    fn team_hospital(&self, cursor: usize) -> Option<&'a str> {
        const TEAMS: &[&str] = &[
            "专家团",
            "专家组",
            "医疗队",
            "医疗团队",
            "帮扶团队",
            "帮扶队",
            "援青专家",
            "援疆专家",
            "援藏专家",
            "西部援青专家",
        ];
        let sentence = text::sentence_start(self.t, cursor);
        let mut hospitals =
            self.orgs.mentions.iter().filter(|m| {
                m.class == OrgClass::Hospital && m.start >= sentence && m.end <= cursor
            });
        let last = hospitals.next_back()?;
        TEAMS
            .iter()
            .any(|w| self.t[last.end..cursor].starts_with(w))
            .then_some(last.canonical.as_str())
    }

    /// Whether a body the reader cannot name stands right before `cursor`: a government
    /// body's ending alone (卫健委, 卫计委, 医保局) opening its item, after punctuation or at a
    /// line's start, or a sector (X市卫生健康系统, 卫健系统).
    fn unnamed_body_before(&self, cursor: usize) -> bool {
        let head = &self.t[..cursor];
        fn before_level(h: &str) -> Option<&str> {
            h.strip_suffix(['县', '市', '省', '区', '州'])
        }
        // 县委副书记A where no county is named: a committee or government, never the hospital.
        let level_body = ["委", "纪委", "政府", "人大", "政协"]
            .iter()
            .any(|b| head.strip_suffix(b).and_then(before_level).is_some());
        // 、县纪委书记A: the level word alone opens a post that names its own body.
        let level_alone = before_level(head)
            .is_some_and(|h| text::prev(h, h.len()).is_none_or(|(_, c)| !is_han(c)));
        level_body
            || level_alone
            || head.ends_with("系统")
            || self
                .rules
                .suffix_lexicon
                .longest_suffix_of(head)
                .is_some_and(|w| {
                    let i = head.len() - w.len();
                    self.rules
                        .suffixes
                        .get(w)
                        .is_some_and(|x| x.class == OrgClass::Government)
                        && text::prev(head, i).is_none_or(|(_, c)| !is_han(c))
                })
    }

    /// The college named right before `cursor` after a reference to the report's university
    /// (我校医学院, 校公共卫生学院), with that university's name in front.
    fn own_college(&self, cursor: usize) -> Option<String> {
        let head = &self.t[..cursor];
        if !head.ends_with("学院") {
            return None;
        }
        // Back to the reference, or to the punctuation that opens the item (、医学院院长).
        let opened = head
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_han(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let college = UNIVERSITY_REFS
            .iter()
            .filter_map(|r| head.rfind(r).map(|at| at + r.len()))
            .chain([opened])
            .filter(|&at| at >= opened)
            .map(|at| &head[at..])
            .find(|c| (3..=8).contains(&text::chars(c)))?;
        let university = super::orgs::sole_university(&self.orgs.mentions)?;
        Some(format!("{university}{college}"))
    }

    /// Whether an outside title (部长) with a department in front is held in an office of the
    /// hospital's own party committee: the department follows 党委 or a reference to the
    /// hospital itself (医院, 院).
    fn own_party_office(&self, cursor: usize, title: &str) -> bool {
        let Some(bare) = self.rules.title_lexicon.longest_suffix_of(title) else {
            return false;
        };
        if bare.len() == title.len() {
            return false;
        }
        title.starts_with("党委")
            || self
                .rules
                .generic_refs
                .iter()
                .any(|r| self.t[..cursor].ends_with(r.as_str()))
    }

    /// The government of `place` as the document names it (X市人民政府, X县政府), else the
    /// place itself.
    fn government_of(&self, place: String) -> String {
        self.orgs
            .mentions
            .iter()
            .map(|m| m.canonical.as_str())
            .find(|c| {
                c.strip_suffix("人民政府")
                    .or_else(|| c.strip_suffix("政府"))
                    // 攸县县政府: a one-character county keeps its level word there.
                    .map(|p| {
                        p.strip_suffix("县县")
                            .map_or(p, |n| &p[..n.len() + '县'.len_utf8()])
                    })
                    .is_some_and(|p| p.ends_with(place.as_str()))
            })
            .map_or(place, str::to_owned)
    }

    /// The leftmost start of a chain of places written together that ends at `end`
    /// (望城区乔口镇), or `end` itself when no place ends there.
    fn places_start(&self, mut end: usize) -> usize {
        let is_place = |v: usize| matches!(self.rules.opener_values[v], OpenerValue::Place(_));
        while let Some(s) = self
            .orgs
            .opener_spans
            .iter()
            .filter(|&&(s, e, v)| e == end && s < e && is_place(v))
            .map(|&(s, _, _)| s)
            .min()
        {
            end = s;
        }
        end
    }

    /// The place whose government a place head (`title`: 副县长, 镇长) serves: the place written
    /// right before `cursor` (祁东县副县长, 望城区乔口镇镇长), chain of places included, else
    /// the nearest place of the title's level named before it in the sentence (隆回县委……副县长A),
    /// else the document's own city or county when it names only one, else a township inside
    /// the name of a body the sentence names (X镇党委副书记、镇长A).
    fn place_before(&self, cursor: usize, title: &str) -> Option<String> {
        let t = self.t;
        let level = title.chars().rev().nth(1)?;
        let is_place = |v: usize| matches!(self.rules.opener_values[v], OpenerValue::Place(_));
        if t[..cursor].ends_with(level) {
            let mut start = self.places_start(cursor);
            // A township the gazetteer lacks: two characters and 镇 or 乡, after its county.
            if start == cursor && matches!(level, '镇' | '乡') {
                let body = text::back(t, cursor - level.len_utf8(), 2);
                if text::chars(&t[body..cursor]) == 3 && t[body..cursor].chars().all(is_han) {
                    start = self.places_start(body);
                }
            }
            if start < cursor {
                return Some(t[start..cursor].to_owned());
            }
        }
        // 茶陵县长A: the place's own level word is the title's first character.
        if title.starts_with(level) {
            let whole = cursor + level.len_utf8();
            if let Some(&(s, _, _)) = self
                .orgs
                .opener_spans
                .iter()
                .filter(|&&(s, e, v)| e == whole && s < cursor && is_place(v))
                .min_by_key(|&&(s, _, _)| s)
            {
                return Some(t[self.places_start(s)..whole].to_owned());
            }
        }
        let sentence = text::sentence_start(t, cursor);
        let listed = self
            .orgs
            .opener_spans
            .iter()
            .filter(|&&(s, e, v)| {
                s >= sentence && e <= cursor && is_place(v) && t[..e].ends_with(level)
            })
            // The last place named, and of two ending together the longer (伊宁县, not 宁县).
            .max_by_key(|&&(s, e, _)| (e, std::cmp::Reverse(s)));
        if let Some(&(s, e, _)) = listed {
            return Some(t[self.places_start(s)..e].to_owned());
        }
        // 副市长A at a sentence's start: the document's own city (or county), as for 市委,
        // when it names no other place of that level.
        let g = self.rules.gazetteer;
        let of_level = self
            .orgs
            .places
            .direct
            .keys()
            .filter(|&&p| g.places[p].name.ends_with(level))
            .count();
        let own = match level {
            '市' => self.orgs.places.city(g),
            '县' | '区' => self.orgs.places.county,
            '州' => self.orgs.places.prefecture,
            _ => None,
        };
        if let Some(place) = own.filter(|&p| g.places[p].name.ends_with(level) && of_level == 1) {
            let name = &g.places[place].name;
            // 副州长A in a report on 黔东南苗族侗族自治州: 黔东南州, as its government calls itself.
            return Some(crate::link::prefecture_short_name(name).unwrap_or_else(|| name.clone()));
        }
        // A township the gazetteer lacks, as a body of it names it (X镇党委副书记兼镇长A,
        // Y区X镇党委副书记、镇长B): two or three characters and the level word inside the
        // body's name, after the county when it names one.
        if !matches!(level, '镇' | '乡') {
            return None;
        }
        self.orgs
            .mentions
            .iter()
            .filter(|m| m.start >= sentence && m.end <= cursor)
            .filter_map(|m| {
                let name = match &m.opener {
                    Opener::Township(name) if name.ends_with(level) => name.as_str(),
                    _ => m.canonical.as_str(),
                };
                let at = name.rfind(level)?;
                let body = name[..at]
                    .rsplit(['区', '县', '市', '旗'])
                    .next()
                    .unwrap_or("");
                let town = &name[at - body.len()..at + level.len_utf8()];
                ((3..=4).contains(&text::chars(town)) && town.chars().all(is_han))
                    .then_some((m.end, town))
            })
            .max_by_key(|&(e, _)| e)
            .map(|(_, town)| town.to_owned())
    }
}

impl People {
    fn push(&mut self, t: &str, start: usize, end: usize) {
        if self
            .mentions
            .iter()
            .any(|m| m.start == start && m.end == end)
        {
            return;
        }
        self.mentions.push(PersonMention {
            start,
            end,
            name: unpadded(&t[start..end]),
        });
    }

    /// A name at `ns..end` after a title stack ending at `ns`.
    fn add_with_roles(&mut self, cx: &Ctx<'_>, ns: usize, end: usize) {
        self.add_with_roles_at(cx, ns, end, ns);
    }

    /// `院长（X委会主委）A`: an aside in brackets between a title stack and a name. The name
    /// holds the posts before the brackets and those the aside names.
    fn add_aside_roles(&mut self, cx: &Ctx<'_>, title_end: usize) {
        let t = cx.t;
        let Some(open) = text::next(t, title_end).filter(|&c| c == '（' || c == '(') else {
            return;
        };
        let inner = title_end + open.len_utf8();
        let Some(len) = t[inner..text::forward(t, inner, 24)].find(['）', ')']) else {
            return;
        };
        let close = inner + len;
        let ns = close + t[close..].chars().next().map_or(1, char::len_utf8);
        let Some(end) = cx.pick(ns) else { return };
        self.add_with_roles_at(cx, ns, end, title_end);
        if cx.titles.contains_key(&close) {
            self.add_with_roles_at(cx, ns, end, close);
        }
    }

    /// `党委书记 A、副院长 B`: a space between a title stack and a name, as some sites set
    /// them. The name must close there (a list mark, a pause, a space or the line's end), so
    /// that a title before a spaced phrase does not take its first characters as a name.
    fn add_spaced_roles(&mut self, cx: &Ctx<'_>, title_end: usize) {
        let t = cx.t;
        let Some(space) = text::next(t, title_end).filter(|&c| c == ' ' || c == '\u{3000}') else {
            return;
        };
        let ns = title_end + space.len_utf8();
        let Some(end) = cx.pick(ns) else { return };
        let closed = text::next(t, end).is_none_or(|c| {
            matches!(
                c,
                '、' | '，' | ',' | '。' | ' ' | '\u{3000}' | '\n' | '等' | '）' | ')'
            )
        });
        if closed {
            self.add_with_roles_at(cx, ns, end, title_end);
        }
    }

    /// [`Self::add_with_roles`] for a name at `ns..end` whose title stack ends at `stack_end`.
    fn add_with_roles_at(&mut self, cx: &Ctx<'_>, ns: usize, end: usize, stack_end: usize) {
        let t = cx.t;
        self.push(t, ns, end);
        let (titles, cursor) = cx.chain(stack_end);
        let roles = match self.carried_org(cx, cursor) {
            Some((org, hospital)) => titles
                .into_iter()
                .flat_map(|title| {
                    // 院长 is held at a hospital: it does not carry over from a 卫健委; nor
                    // does a hospital carry over to a place head (副县长) or an outside post.
                    // 、科研所所长A: an outside post's word with the hospital's own office in
                    // front is a post of that office, and the hospital carries over to it.
                    let own_office = || {
                        cx.rules
                            .title_lexicon
                            .longest_suffix_of(&title.0)
                            .and_then(|w| title.0.strip_suffix(w))
                            .is_some_and(|office| {
                                ["所", "处", "科", "室", "办", "中心"]
                                    .iter()
                                    .any(|h| office.ends_with(h))
                            })
                    };
                    let fits = match title.2 {
                        TitleClass::Place => false,
                        TitleClass::External => !hospital || own_office(),
                        TitleClass::Byline => !hospital,
                        _ => hospital || !title.0.contains('院'),
                    };
                    let named = fits.then_some(org.as_str());
                    cx.stack_roles(&t[ns..end], vec![title], named, cursor, (cursor, end))
                })
                .collect(),
            None => cx.stack_roles(&t[ns..end], titles, None, cursor, (cursor, end)),
        };
        // 区委常委A、B、C and 副院长A、B等: a bare list after the name shares its posts. A
        // post one person heads a body with is not shared past 等 (院长A、B、C等院领导: the
        // others' posts go unsaid); a deputy's or a member's is.
        let listed = self.follow_list(cx, end, None);
        let closed_by_deng = listed
            .last()
            .is_some_and(|&(_, e)| text::next(t, e) == Some('等'));
        let held_by_many = |title: &str| {
            ["副", "助理", "常委", "委员", "成员"]
                .iter()
                .any(|w| title.contains(w))
        };
        for (p, e) in listed {
            for r in roles
                .iter()
                .filter(|r| !closed_by_deng || held_by_many(&r.title))
            {
                self.roles.push(RoleFact {
                    person: t[p..e].to_owned(),
                    start: p,
                    end: e,
                    ..r.clone()
                });
            }
        }
        self.roles.extend(roles);
        self.roles
            .extend(cx.earlier_posts(&t[ns..end], cursor, end));
    }

    /// The organisation a stack that names none shares with the list item before it:
    /// in `县卫健委主任A、副主任B` and `市委组织部副部长A，干部科科长B`, B holds the post at the
    /// organisation A's post is at. Returns it and whether it is a hospital.
    fn carried_org(&self, cx: &Ctx<'_>, cursor: usize) -> Option<(String, bool)> {
        if cx.orgs.ending_at(cursor).is_some() {
            return None;
        }
        // A stack's reading stops at the 、 before it, or just after a comma; 院 or 该院 may
        // stand between (…市妇幼保健院院长A，院党委书记B): then only a hospital carries over.
        let referred = ["该院", "医院", "院"]
            .iter()
            .find(|r| cx.t[..cursor].ends_with(**r))
            .map_or(0, |r| r.len());
        let at = cursor - referred;
        let sep = if referred == 0 && text::next(cx.t, at) == Some('、') {
            at
        } else {
            match text::prev(cx.t, at)? {
                (p, '，' | ',') => p,
                (p, '、') if referred > 0 => p,
                _ => return None,
            }
        };
        let is_hospital = |org: &str| {
            cx.orgs
                .mentions
                .iter()
                .any(|m| m.canonical == org && m.class == OrgClass::Hospital)
        };
        // The item before may hold posts at several bodies (X市政协副主席、市妇幼保健院院长A):
        // 院 refers to the hospital among them.
        let mut ending = self.roles.iter().rev().filter(|r| r.end == sep);
        let before = if referred > 0 {
            ending.find(|r| is_hospital(&r.org))?
        } else {
            ending.next()?
        };
        let hospital = is_hospital(&before.org);
        (referred == 0 || hospital).then(|| (before.org.clone(), hospital))
    }

    /// A name that opens a clause is only taken with a post: through a verb
    /// (`刘某任X医院党委书记`), or on a list line of a notice (`王某 X医院骨科主任`).
    fn name_first(&mut self, cx: &Ctx<'_>) {
        let t = cx.t;
        let mut starts = vec![0];
        for (i, c) in t.char_indices() {
            if matches!(c, '\n' | '，' | ',' | '。' | '；' | ';' | '：' | ':') {
                starts.push(i + c.len_utf8());
            }
        }
        for p in starts {
            for e in cx.name_ends(p).into_iter().rev() {
                let held = cx.held_after(p, e, cx.list_verb_at(&[], e));
                if !held.is_empty() {
                    self.push(t, p, e);
                    self.roles.extend(held);
                    break;
                }
                if self.list_line(cx, p, e) {
                    break;
                }
            }
            if let Some(e) = cx.padded_entry_name(p) {
                self.list_line(cx, p, e);
            }
        }
    }

    /// `王某（女） X医院骨科主任` alone on a line: the name, a gap, then the post.
    fn list_line(&mut self, cx: &Ctx<'_>, p: usize, e: usize) -> bool {
        let t = cx.t;
        // An entry runs to the end of its line or clause (张某 X医院院长、主任医师，李某 …).
        let line_end = t[p..]
            .find(['\n', '，', ',', '；', ';', '。'])
            .map_or(t.len(), |i| p + i);
        let mut q = e;
        for mark in ["（女）", "（男）", "(女)", "(男)"] {
            if t[q..].starts_with(mark) {
                q += mark.len();
            }
        }
        let gap = t[q..line_end]
            .chars()
            .take_while(|c| matches!(c, ' ' | '\t' | '\u{3000}'))
            .map(char::len_utf8)
            .sum::<usize>();
        let rest = t[q + gap..line_end].trim_end();
        if gap == 0 || rest.is_empty() || text::chars(rest) > 40 {
            return false;
        }
        let end = q + gap + rest.len();
        let person = &unpadded(&t[p..e]);
        if cx.titles.contains_key(&end) {
            let (titles, cursor) = cx.chain(end);
            if cursor < q + gap {
                return false;
            }
            self.push(t, p, e);
            let roles = cx.stack_roles(person, titles, None, cursor, (p, end));
            self.roles.extend(roles);
            return true;
        }
        if let Some(o) = cx.orgs.starting_at(q + gap).filter(|o| o.end == end) {
            self.push(t, p, e);
            self.affiliations
                .push((person.to_owned(), o.canonical.clone(), p, end));
            return true;
        }
        false
    }

    /// `免去其X医院院长职务`: former posts of the person named last before it.
    fn dismissals(&mut self, cx: &Ctx<'_>) {
        let t = cx.t;
        for (i, _) in t.match_indices("免去") {
            let mut q = i + "免去".len();
            let person = if t[q..].starts_with('其') {
                q += '其'.len_utf8();
                self.mentions
                    .iter()
                    .filter(|m| m.end <= i)
                    .max_by_key(|m| m.start)
                    .map(|m| m.name.clone())
            } else {
                self.mentions.iter().find(|m| m.start == q).map(|m| {
                    q = m.end;
                    m.name.clone()
                })
            };
            let Some(person) = person else { continue };
            let named = cx.orgs.starting_at(q).map(|o| {
                q = o.end;
                o.canonical.clone()
            });
            let Some(e) = t[q..]
                .find("职务")
                .map(|j| q + j)
                .filter(|&e| e <= q + 30 * 3)
            else {
                continue;
            };
            if !cx.titles.contains_key(&e) {
                continue;
            }
            let (titles, cursor) = cx.chain(e);
            if cursor < q {
                continue;
            }
            let roles = cx.stack_roles(&person, titles, named.as_deref(), cursor, (i, e));
            self.roles
                .extend(roles.into_iter().map(|r| RoleFact { former: true, ..r }));
        }
    }

    /// Posts in a society or alliance taken after the names, by election or appointment:
    /// `A当选理事长`, `A、X医院B主任等9人当选副理事长`, `C院长等30人担任理事`. Each is held at
    /// the society or alliance the sentence names before the verb.
    fn elected(&mut self, cx: &Ctx<'_>) {
        const VERBS: &[&str] = &["当选为", "当选", "担任", "出任"];
        const SOCIETY_POSTS: &[&str] = &["理事", "会长", "秘书长", "主任委员", "主委"];
        static COUNT: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"等[\d一二两三四五六七八九十百]+[人位名](?:专家|同志)?$")
                .expect("static regex")
        });
        let t = cx.t;
        let mut found = Vec::new();
        for verb in VERBS {
            for (v, _) in t.match_indices(verb) {
                if VERBS
                    .iter()
                    .any(|w| w.len() > verb.len() && t[v..].starts_with(w))
                {
                    continue;
                }
                let sentence = text::sentence_start(t, v);
                let society = cx
                    .orgs
                    .within(sentence, v)
                    .filter(|m| {
                        m.class == OrgClass::Association
                            || ["联盟", "联合体"].iter().any(|w| m.canonical.ends_with(w))
                    })
                    .last();
                let Some(society) = society else { continue };
                // The post: a title right after the verb that closes the clause.
                let q = v + verb.len();
                let post = cx
                    .titles
                    .iter()
                    .filter(|(_, starts)| starts.contains(&q))
                    .map(|(&e, _)| e)
                    .filter(|&e| {
                        t[e..].starts_with(['，', ',', '。', '；', ';', '、']) || e == t.len()
                    })
                    .max();
                let Some(e) = post else { continue };
                let title = &t[q..e];
                if !SOCIETY_POSTS.iter().any(|w| title.contains(w)) {
                    continue;
                }
                // The names before the verb, each perhaps with its post after it (B主任) or
                // its body before it (X医院B).
                let mut end = COUNT.find(&t[..v]).map_or(v, |c| c.start());
                loop {
                    if let Some(ts) = cx.titles.get(&end).and_then(|s| s.iter().min().copied()) {
                        end = ts;
                    }
                    let Some(m) = self.mentions.iter().find(|m| m.end == end) else {
                        break;
                    };
                    found.push(RoleFact {
                        person: m.name.clone(),
                        title: title.to_owned(),
                        org: society.canonical.clone(),
                        former: false,
                        start: m.start,
                        end: e,
                    });
                    let before = cx.orgs.ending_at(m.start).map_or(m.start, |o| o.start);
                    match text::prev(t, before) {
                        Some((p, '、')) => end = p,
                        _ => break,
                    }
                }
            }
        }
        self.roles.extend(found);
    }

    /// Names that follow `end` in a 、-separated list: each is added, and their spans are
    /// returned for the caller to give them what the list's first name holds.
    fn follow_list(
        &mut self,
        cx: &Ctx<'_>,
        mut end: usize,
        org: Option<&str>,
    ) -> Vec<(usize, usize)> {
        let t = cx.t;
        let mut listed = Vec::new();
        while text::next(t, end) == Some('、') {
            let p = end + '、'.len_utf8();
            if cx.title_starts.contains(&p) {
                break;
            }
            let ends = cx.name_ends(p);
            // Prefer an end followed by a list mark, a count or punctuation.
            let fit = ends.iter().rev().copied().find(|&e| {
                FOLLOWERS.iter().any(|w| t[e..].starts_with(w))
                    || t[e..].starts_with("参加")
                    || text::next(t, e).is_none_or(|c| {
                        !is_han(c)
                            || matches!(
                                c,
                                '、' | '等'
                                    | '两'
                                    | '二'
                                    | '三'
                                    | '四'
                                    | '五'
                                    | '六'
                                    | '七'
                                    | '八'
                                    | '九'
                                    | '十'
                                    | '同'
                                    | '专'
                                    | '及'
                                    | '和'
                            )
                    })
            });
            let Some(e) = fit else { break };
            self.push(t, p, e);
            if let Some(o) = org {
                self.affiliations
                    .push((t[p..e].to_owned(), o.to_owned(), p, e));
            }
            listed.push((p, e));
            end = e;
        }
        listed
    }

    /// Names right after an organisation: `X医院的A、B`, `X大学A团队`, `X医院新生儿专家A`.
    fn after_org(&mut self, cx: &Ctx<'_>, org_end: usize, org: &str, strict: bool) {
        let t = cx.t;
        let mut p = org_end;
        if t[p..].starts_with('的') {
            p += '的'.len_utf8();
        }
        // An optional descriptor ending in a person word.
        let mut described = false;
        let window: String = t[p..].chars().take(12).collect();
        if let Some(m) = cx.rules.person_cues.automaton.find(&window) {
            let pre = &window[..m.start()];
            if pre.chars().all(is_han)
                && !cx.rules.body_stop.found_in(pre)
                && !pre.chars().any(|c| cx.rules.body_stop_chars.contains(&c))
            {
                p += m.end();
                described = true;
            }
        }
        if cx.titles.contains_key(&p) {
            return;
        }
        let Some(end) = cx.pick(p) else { return };
        let after_ok = text::next(t, end)
            .is_none_or(|c| !is_han(c) || matches!(c, '、' | '等' | '两' | '团' | '同'));
        if !described
            && (strict && !after_ok
                || !strict && text::next(t, end) != Some('、') && !t[end..].starts_with("两位"))
        {
            return;
        }
        if !described && !after_ok {
            return;
        }
        self.push(t, p, end);
        self.affiliations
            .push((t[p..end].to_owned(), org.to_owned(), p, end));
        self.follow_list(cx, end, Some(org));
    }

    /// Names in a byline line: `□本报记者 X 通讯员 Y Z`.
    fn byline(&mut self, cx: &Ctx<'_>, start: usize, end: usize) {
        let t = cx.t;
        let mut title_ends: Vec<usize> = cx
            .titles
            .keys()
            .copied()
            .filter(|&e| e > start && e <= end)
            .collect();
        for h in BYLINE_HEADS {
            title_ends.extend(
                t[start..end]
                    .match_indices(h)
                    .map(|(i, _)| start + i)
                    // 审 heads a name as a reviewer's round (一审, 三 审, 终审), not in 审计.
                    .filter(|&i| {
                        *h != "审"
                            || t[start..i]
                                .trim_end_matches([' ', '\u{3000}'])
                                .ends_with(['一', '二', '三', '终', '编', '初', '复'])
                    })
                    .map(|i| i + h.len()),
            );
        }
        title_ends.sort_unstable();
        title_ends.dedup();
        // The paper a post of this line is held at (云岭日报记者A 责任编辑B): the others' too.
        let mut line_outlet: Option<String> = None;
        for te in title_ends {
            let mut p = te;
            loop {
                while let Some(c @ (' ' | ':' | '：' | '\u{3000}' | '|' | '｜' | '/')) =
                    text::next(t, p)
                {
                    p += c.len_utf8();
                }
                let run_end = t[p..end].find(|c: char| !is_han(c)).map_or(end, |i| p + i);
                // 记者A报道, 记者A摄: the name runs into the word that ends the byline.
                let tok_end = std::iter::once(run_end)
                    .chain(
                        SIGN_OFFS
                            .iter()
                            .filter(|w| t[p..run_end].ends_with(**w))
                            .map(|w| run_end - w.len()),
                    )
                    .find(|&e| e > p && cx.name_ends(p).contains(&e));
                let Some(tok_end) = tok_end else {
                    break;
                };
                self.push(t, p, tok_end);
                // A byline's posts (记者 of a paper) only count with the paper named.
                let (mut titles, cursor) = cx.chain(te);
                titles.retain(|x| matches!(x.2, TitleClass::External | TitleClass::Byline));
                let name = &t[p..tok_end];
                let mut roles =
                    cx.stack_roles(name, titles.clone(), None, cursor, (cursor, tok_end));
                let posts: Vec<_> = titles
                    .into_iter()
                    .filter(|x| x.2 == TitleClass::Byline)
                    .collect();
                if roles.is_empty() {
                    if let Some(outlet) = &line_outlet {
                        roles = cx.stack_roles(
                            name,
                            posts.clone(),
                            Some(outlet),
                            cursor,
                            (cursor, tok_end),
                        );
                    }
                }
                if line_outlet.is_none() {
                    line_outlet = roles
                        .iter()
                        .find(|r| posts.iter().any(|x| x.0 == r.title))
                        .map(|r| r.org.clone());
                }
                self.roles.extend(roles);
                p = run_end;
                if !matches!(text::next(t, p), Some(' ' | '\u{3000}')) {
                    break;
                }
            }
        }
    }

    /// Names the learned tagger finds in windows around the titles and person cues where
    /// the rules found none: a name right after a title takes its roles as the rules' names
    /// do; any other name in the window is a mention.
    fn tagged(&mut self, cx: &Ctx<'_>, lac: &Lac) {
        let t = cx.t;
        let named_from: FxHashSet<usize> = self.mentions.iter().map(|m| m.start).collect();
        let named_to: FxHashSet<usize> = self.mentions.iter().map(|m| m.end).collect();
        let mut sites: Vec<(usize, usize)> = Vec::new();
        for (&e, starts) in &cx.titles {
            let s = starts.iter().copied().min().unwrap_or(e);
            let after = e + t[e..].len() - t[e..].trim_start_matches([' ', '\u{3000}']).len();
            if !named_from.contains(&after) && !named_to.contains(&s) {
                sites.push((s, e));
            }
        }
        for m in cx.rules.person_cues.automaton.find_iter(t) {
            if !named_from.contains(&m.end()) {
                sites.push((m.start(), m.end()));
            }
        }
        let windows: Vec<(usize, usize)> = sites
            .iter()
            .map(|&(s, e)| (window_edge(t, s, true), window_edge(t, e, false)))
            .collect();
        self.tag_windows(cx, lac, windows);
        // A known name, the rules' or the tagger's, that opens a list (A、B、C) whose next
        // name is unknown: the whole list.
        let named_from: FxHashSet<usize> = self.mentions.iter().map(|m| m.start).collect();
        let lists: Vec<(usize, usize)> = self
            .mentions
            .iter()
            .filter(|m| {
                t[m.end..].starts_with('、') && !named_from.contains(&(m.end + '、'.len_utf8()))
            })
            .map(|m| (window_edge(t, m.start, true), list_end(t, m.end)))
            .collect();
        self.tag_windows(cx, lac, lists);
        self.extend_cut_names(cx, lac);
    }

    /// 副院长罗新来、 and 党委书记张国科及: a two-character name the rules stopped before a
    /// character that seldom ends a name, where a list mark or a pause follows that character.
    /// The tagger decides: the name takes the character when it tags the three as one name.
    fn extend_cut_names(&mut self, cx: &Ctx<'_>, lac: &Lac) {
        let t = cx.t;
        let cut: Vec<(usize, usize, usize)> = self
            .mentions
            .iter()
            .filter(|m| text::chars(&m.name) == 2 && m.end - m.start == m.name.len())
            .filter_map(|m| {
                let c = text::next(t, m.end).filter(|c| cx.rules.name_stop_chars.contains(c))?;
                let longer = m.end + c.len_utf8();
                let pause = text::next(t, longer).is_none_or(|d| {
                    matches!(
                        d,
                        '、' | '，' | ',' | '。' | '；' | '及' | '和' | '等' | '）' | ')'
                    ) || d == ' '
                });
                pause.then_some((m.start, m.end, longer))
            })
            .collect();
        for (s, e, longer) in cut {
            let (a, b) = (window_edge(t, s, true), window_edge(t, longer, false));
            let offsets = char_offsets(t, a, b);
            let whole = lac.analyze(&t[a..b]).into_iter().any(|w| {
                w.label == "PER"
                    && offsets.get(w.start) == Some(&s)
                    && offsets.get(w.end) == Some(&longer)
            });
            if !whole {
                continue;
            }
            let (old, new) = (t[s..e].to_owned(), t[s..longer].to_owned());
            for m in self
                .mentions
                .iter_mut()
                .filter(|m| m.start == s && m.end == e)
            {
                m.end = longer;
                m.name.clone_from(&new);
            }
            for r in self
                .roles
                .iter_mut()
                .filter(|r| r.end == e && r.person == old)
            {
                r.end = longer;
                r.person.clone_from(&new);
            }
            for a in self
                .affiliations
                .iter_mut()
                .filter(|a| a.3 == e && a.0 == old)
            {
                a.3 = longer;
                a.0.clone_from(&new);
            }
        }
    }

    /// Tags the windows (merged where they overlap) and takes the names in them that the
    /// rules do not have (see [`People::tagged`]).
    fn tag_windows(&mut self, cx: &Ctx<'_>, lac: &Lac, mut windows: Vec<(usize, usize)>) {
        let t = cx.t;
        windows.retain(|(a, b)| a < b);
        windows.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (a, b) in windows {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        for (a, b) in merged {
            let window = &t[a..b];
            let offsets = char_offsets(t, a, b);
            for w in lac.analyze(window) {
                if w.label != "PER" || !(2..=4).contains(&(w.end - w.start)) {
                    continue;
                }
                let (ws, we) = (offsets[w.start], offsets[w.end]);
                let name = &t[ws..we];
                // A name cut by the window's edge is not whole.
                let cut = (w.start == 0 && text::prev(t, a).is_some_and(|(_, c)| is_han(c)))
                    || (w.end == offsets.len() - 1 && text::next(t, b).is_some_and(is_han));
                // 刘院长, 张博士: a surname and a title, not a name.
                let titled = cx.titles.contains_key(&we)
                    || cx
                        .rules
                        .person_cues
                        .automaton
                        .find_iter(name)
                        .any(|m| m.end() == name.len());
                let surname = name
                    .chars()
                    .next()
                    .is_some_and(|c| cx.rules.single_surnames.contains(&c))
                    || cx
                        .rules
                        .compound_surnames
                        .iter()
                        .any(|c| name.starts_with(c.as_str()));
                let after_title = cx
                    .titles
                    .contains_key(&t[..ws].trim_end_matches([' ', '\u{3000}']).len());
                // A rare surname is taken only right after a title (局长袭某) or in a list.
                let listed = text::prev(t, ws).is_some_and(|(_, c)| c == '、');
                if cut
                    || titled
                    || !(surname || after_title || listed)
                    || !name.chars().all(is_han)
                    || name.ends_with('某')
                    // 纪工委, 党总支: a unit word, as the rules' names never end.
                    || name.ends_with(UNIT_ENDS)
                    // “白求恩奖章”, 南丁格尔奖: a name an honour is named after, no person here.
                    || ["奖", "精神"].iter().any(|w| t[we..].starts_with(w))
                {
                    continue;
                }
                // Where the rules have a name, theirs stands (马国庆 of 马国庆常这样说).
                let inside_org = cx.orgs.mentions.iter().any(|m| m.start < we && ws < m.end);
                let named = self.mentions.iter().any(|m| {
                    (m.start < we && ws < m.end)
                        || name.contains(m.name.as_str())
                        || m.name.contains(name)
                });
                if inside_org || named {
                    continue;
                }
                if after_title {
                    self.add_with_roles(cx, ws, we);
                } else {
                    self.push(t, ws, we);
                }
            }
        }
    }

    /// Names that the word after them marks as names: `X同志`, a title (`张某院长`), a count
    /// (`X等12名同志`). A title after the name is a post at the organisation right before the
    /// name, else, for posts inside a hospital, at the article's subject hospital. Posts with no
    /// organisation named are returned, since another reader may know them in full.
    fn marked_by_follower(&mut self, cx: &Ctx<'_>) -> Vec<RoleFact> {
        let mut followed = Vec::new();
        static COUNT: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^等(?:\d+|[一二三四五六七八九十两百]+)[名位人个]").expect("static regex")
        });
        let t = cx.t;
        for (v, _) in t.match_indices("同志") {
            if let Some(p) = cx.name_ending_at(v) {
                self.push(t, p, v);
            }
        }
        for (v, _) in t.match_indices('等') {
            if COUNT.is_match(&t[v..]) {
                if let Some(p) = cx.name_ending_at(v) {
                    self.push(t, p, v);
                }
            }
        }
        // The longest title starting at each position.
        let mut longest: FxHashMap<usize, usize> = FxHashMap::default();
        for (&e, ss) in &cx.titles {
            for &s in ss {
                let cur = longest.entry(s).or_insert(e);
                *cur = (*cur).max(e);
            }
        }
        let mut starts: Vec<(usize, usize)> = longest.into_iter().collect();
        starts.sort_unstable();
        // X医院A院长、B书记: the organisation named before the first of a list of such items,
        // as (the end of the item, the organisation).
        let mut listed: Option<(usize, String)> = None;
        for (ts, te) in starts {
            let Some(p) = cx.name_ending_at(ts) else {
                continue;
            };
            // 院长张某 and 记者 张某 are read from the title before the name.
            let after = te + t[te..].len() - t[te..].trim_start_matches([' ', '\u{3000}']).len();
            if cx.titles.contains_key(&p) || cx.pick(after).is_some() {
                continue;
            }
            let title = &t[ts..te];
            let class = cx
                .rules
                .titles
                .get(title)
                .copied()
                .unwrap_or(TitleClass::Internal);
            // 柯雨桐医生, 金牌护士: a trade after a name is how one addresses its holder, and
            // after a word of praise no name at all.
            if class == TitleClass::Trade {
                continue;
            }
            let person = &t[p..ts];
            self.push(t, p, ts);
            // X医院新生儿科李某副主任医师: the department before the name is part of the post.
            // 医务处A处长, X学院教务处B副处长: an office's head is held at the body the office
            // belongs to, as a department's is.
            let mut dept = match class {
                TitleClass::Internal | TitleClass::Rank | TitleClass::External => {
                    cx.dept_prefix(p).0
                }
                TitleClass::Place | TitleClass::Byline | TitleClass::Trade => p,
            };
            // 柯雨桐教授 is how one addresses a scholar, no post at the body the report is
            // about; X医院柯雨桐教授 and X医院心内科柯雨桐教授 name where the post is.
            if dept == p && cx.orgs.ending_at(p).is_none() && matches!(title, "教授" | "副教授")
            {
                continue;
            }
            // X医院党委A书记: the party body is the front of the title.
            if dept == p && title.ends_with("书记") {
                if let Some(b) = cx.party_body_before(p) {
                    dept = b;
                }
            }
            let carried = listed
                .take()
                .filter(|(end, _)| {
                    t[..dept]
                        .strip_suffix('、')
                        .is_some_and(|h| h.len() == *end)
                })
                .map(|(_, org)| org)
                .filter(|_| class != TitleClass::Place);
            let named = carried.is_some() || cx.orgs.ending_at(dept).is_some();
            if let Some(org) = carried.or_else(|| cx.org_before(dept, title, class)) {
                if named {
                    listed = Some((te, org.clone()));
                }
                let role = RoleFact {
                    person: person.to_owned(),
                    title: format!("{}{title}", &t[dept..p]),
                    org,
                    former: false,
                    start: dept,
                    end: te,
                };
                // Without an organisation named, the post may be one known from elsewhere:
                // kept until every other reader has run.
                if named {
                    self.roles.push(role);
                } else {
                    followed.push(role);
                }
            }
        }
        followed
    }

    /// 由针灸科A、心内科B和妇产科C义诊: a list whose items each name a department, then a
    /// person of it, from its first name at `p` (a department head ends there). Two such
    /// items in a row make their names people; a department alone (内科、外科) names nobody.
    fn dept_list_from(cx: &Ctx<'_>, p: usize) -> Option<Vec<(usize, usize)>> {
        let t = cx.t;
        let separator = |e: usize| match text::next(t, e) {
            Some(c @ ('、' | '和' | '及')) => Some(e + c.len_utf8()),
            _ => None,
        };
        let closed = |e: usize| {
            separator(e).is_some()
                || text::next(t, e)
                    .is_none_or(|c| !is_han(c) || cx.rules.name_stop_chars.contains(&c))
                || COUNTED_CLOSERS
                    .iter()
                    .chain(LIST_CLOSERS)
                    .any(|w| t[e..].starts_with(w))
        };
        // The name after the department head ending at `h`.
        let item = |h: usize| {
            cx.name_ends(h)
                .into_iter()
                .rev()
                .find(|&e| closed(e) && cx.is_whole_name(h, e))
        };
        // The item that opens at `from`: up to eight characters of a department, its head,
        // then the name.
        let item_at = |from: usize| {
            let reach = text::forward(t, from, 10);
            cx.rules
                .dept_heads
                .automaton
                .find_iter(&t[from..reach])
                .map(|m| from + m.end())
                .take_while(|&h| t[from..h].chars().all(is_han))
                .find_map(|h| item(h).map(|e| (h, e)))
        };
        let q = cx
            .name_ends(p)
            .into_iter()
            .find(|&e| text::next(t, e) == Some('、') && cx.is_whole_name(p, e))?;
        let mut items = vec![(p, q)];
        let mut at = q + '、'.len_utf8();
        while let Some((h, e)) = item_at(at) {
            items.push((h, e));
            match separator(e) {
                Some(n) => at = n,
                None => break,
            }
        }
        (items.len() >= 2).then_some(items)
    }

    /// Bare lists of names: three or more items joined by 、 (A、B、C), or two closed by a count
    /// (A、B两位同志), each item a whole name; names listed after their departments (see
    /// `dept_list_from`); and a signature of names in brackets closing a line (（A B）).
    fn bare_lists(&mut self, cx: &Ctx<'_>) {
        let t = cx.t;
        let whole = |p: usize, e: usize| cx.is_whole_name(p, e);
        let compound_heads: FxHashSet<char> = cx
            .rules
            .compound_surnames
            .iter()
            .filter_map(|s| s.chars().next())
            .collect();
        // Items are runs of Han characters between separators.
        let mut i = 0;
        while i < t.len() {
            let Some(c) = text::next(t, i) else { break };
            // Cheap tests first: this runs at every character.
            let surname = cx.rules.single_surnames.contains(&c) || compound_heads.contains(&c);
            // A list's first item is at most four characters, then its 、.
            let listed = || t[i..].chars().take(5).any(|c| c == '、');
            if !surname || text::prev(t, i).is_some_and(|(_, c)| c == '、') || !listed() {
                i += c.len_utf8();
                continue;
            }
            if cx.word_ending_at(&cx.rules.dept_heads, i).is_some() {
                if let Some(items) = Self::dept_list_from(cx, i) {
                    for &(a, b) in &items {
                        self.push(t, a, b);
                    }
                    i = items.last().map_or(i + c.len_utf8(), |&(_, e)| e);
                    continue;
                }
            }
            if !cx.opens_name(i) {
                i += c.len_utf8();
                continue;
            }
            let mut items = Vec::new();
            let mut p = i;
            loop {
                // Items are at most four characters: look no further than five.
                let run_end = t[p..]
                    .char_indices()
                    .take(6)
                    .find(|&(_, c)| !is_han(c))
                    .map_or_else(|| text::forward(t, p, 5), |(k, _)| p + k);
                if let Some(e) = cx.padded_name(p) {
                    items.push((p, e));
                    match text::next(t, e) {
                        Some('、') => {
                            p = e + '、'.len_utf8();
                            continue;
                        }
                        _ => break,
                    }
                }
                let separated = text::next(t, run_end) == Some('、');
                if separated && (2..=4).contains(&text::chars(&t[p..run_end])) && whole(p, run_end)
                {
                    items.push((p, run_end));
                    p = run_end + '、'.len_utf8();
                    continue;
                }
                // The last item: a name, then a closing word or punctuation.
                let last = cx.name_ends(p).into_iter().rev().find(|&e| {
                    (e == run_end
                        || COUNTED_CLOSERS
                            .iter()
                            .chain(LIST_CLOSERS)
                            .any(|w| t[e..].starts_with(w)))
                        && whole(p, e)
                });
                if let Some(e) = last {
                    items.push((p, e));
                }
                break;
            }
            let counted = items
                .last()
                .is_some_and(|&(_, e)| COUNTED_CLOSERS.iter().any(|w| t[e..].starts_with(w)));
            if items.len() >= 3 || items.len() == 2 && counted {
                for &(a, b) in &items {
                    self.push(t, a, b);
                }
            }
            i = items
                .last()
                .map_or(i + c.len_utf8(), |&(_, e)| e.max(i + c.len_utf8()));
        }
        // （A B C） at the end of a line, or right after a dateline (X网某地5月2日电（A B）).
        for (open, _) in t.match_indices(['(', '（']) {
            let line_start = t[..open].rfind('\n').map_or(0, |i| i + 1);
            let dateline =
                t[..open].ends_with(['讯', '电']) && text::chars(&t[line_start..open]) <= 24;
            let inner_start = open + text::next(t, open).map_or(1, char::len_utf8);
            // A signature is short: look for its close within six names' reach, so that text
            // full of unclosed brackets is not searched to its end from each of them.
            let reach = text::forward(t, inner_start, 30);
            let Some(close) = t[inner_start..reach]
                .find([')', '）'])
                .map(|k| inner_start + k)
            else {
                continue;
            };
            let after = &t[close + text::next(t, close).map_or(1, char::len_utf8)..];
            if !dateline
                && !after
                    .trim_start_matches([' ', '\u{3000}'])
                    .starts_with('\n')
                && !after.trim().is_empty()
            {
                continue;
            }
            let inner = &t[inner_start..close];
            let mut tokens: Vec<(usize, usize)> = Vec::new();
            let mut start = None;
            for (k, c) in inner.char_indices() {
                if matches!(c, ' ' | '\u{3000}' | '、') {
                    if let Some(s0) = start.take() {
                        tokens.push((inner_start + s0, inner_start + k));
                    }
                } else if start.is_none() {
                    start = Some(k);
                }
            }
            if let Some(s0) = start {
                tokens.push((inner_start + s0, close));
            }
            // （X融媒体中心 A B）, （党院办 A）: the outlet or the office, then its people.
            if tokens.len() >= 2
                && (cx
                    .orgs
                    .mentions
                    .iter()
                    .any(|m| m.start == tokens[0].0 && m.end == tokens[0].1)
                    || OFFICE_ENDS.iter().any(|w| t[..tokens[0].1].ends_with(w)))
            {
                tokens.remove(0);
            }
            // （A 通讯员 B）, （A B 通讯员C）, （A 山东报导）: credit words stand between the
            // names or before one, and a sign-off (with its place) closes them.
            let credited = tokens.iter().any(|&(a, b)| {
                let w = &t[a..b];
                BYLINE_HEADS.iter().any(|h| w.starts_with(h))
                    || SIGN_OFFS.iter().any(|o| w.ends_with(o))
            });
            if credited {
                tokens = tokens
                    .into_iter()
                    .filter_map(|(a, b)| {
                        let w = &t[a..b];
                        if SIGN_OFFS.iter().any(|o| w.ends_with(o)) {
                            return None;
                        }
                        let head = BYLINE_HEADS
                            .iter()
                            .filter(|h| w.starts_with(**h))
                            .map(|h| h.len())
                            .max()
                            .unwrap_or(0);
                        let a = a + head;
                        let a = a + t[a..b].len() - t[a..b].trim_start_matches([':', '：']).len();
                        (a < b).then_some((a, b))
                    })
                    .collect();
            }
            if !tokens.is_empty()
                && tokens.len() <= 6
                && tokens
                    .iter()
                    .all(|&(a, b)| (2..=4).contains(&text::chars(&t[a..b])) && whole(a, b))
            {
                for (a, b) in tokens {
                    self.push(t, a, b);
                }
            }
        }
    }

    /// `A、B、C等5位专家`: every name in a list that closes with a count.
    fn counted_lists(&mut self, cx: &Ctx<'_>) {
        let t = cx.t;
        let known: Vec<(usize, usize)> = self.mentions.iter().map(|m| (m.start, m.end)).collect();
        for (s, e) in known {
            // walk back over a list ending at this name
            let mut items = vec![(s, e)];
            let mut cur = s;
            while let Some((p, '、')) = text::prev(t, cur) {
                let mut found = None;
                for n in [3, 2, 4] {
                    let q = text::back(t, p, n);
                    if cx.name_ends(q).contains(&p) {
                        found = Some(q);
                        break;
                    }
                }
                match found {
                    Some(q) => {
                        items.push((q, p));
                        cur = q;
                    }
                    None => break,
                }
            }
            if items.len() > 1 {
                for (a, b) in items {
                    self.push(t, a, b);
                }
            }
        }
    }

    /// Writes person, role, former_role and affiliation facts.
    pub fn emit(&self, out: &mut Facts<'_>) {
        for m in &self.mentions {
            out.add(Relation::Person, &[&m.name], m.start, m.end, "person");
        }
        let with_role: FxHashSet<(&str, &str)> = self
            .roles
            .iter()
            .map(|r| (r.person.as_str(), r.org.as_str()))
            .collect();
        for r in &self.roles {
            let rel = if r.former {
                Relation::FormerRole
            } else {
                Relation::Role
            };
            out.add(
                rel,
                &[&r.person, &r.title, &r.org],
                r.start,
                r.end,
                "title-stack",
            );
        }
        for (p, o, s, e) in &self.affiliations {
            if !with_role.contains(&(p.as_str(), o.as_str())) {
                out.add(Relation::Affiliation, &[p, o], *s, *e, "org-person");
            }
        }
    }

    /// Where the title stack before the name ending at `name_end` starts, if it has one
    /// (院长陈某: the start of 院长), to read a list of titled names back (A、院长B).
    pub fn titled_from(&self, name_end: usize) -> Option<usize> {
        self.roles
            .iter()
            .filter(|r| r.end == name_end && !r.former)
            .map(|r| r.start)
            .min()
    }

    /// Known names and where each occurs, for recipients of honours.
    pub fn names(&self) -> FxHashSet<&str> {
        self.mentions.iter().map(|m| m.name.as_str()).collect()
    }
}

/// A name as written without the spaces that pad a two-character one to line up with
/// three-character ones (刘 炽, 刘   炽).
fn unpadded(name: &str) -> String {
    name.replace([' ', '\u{3000}'], "")
}

/// The byte offset in `t` of each character of the window `a..b`, and `b` last: the
/// tagger's words are counted in characters of the window.
fn char_offsets(t: &str, a: usize, b: usize) -> Vec<usize> {
    t[a..b]
        .char_indices()
        .map(|(i, _)| a + i)
        .chain(std::iter::once(b))
        .collect()
}

/// Characters the tagger sees on each side of a title or cue.
const TAG_CONTEXT: usize = 6;

/// The edge of a tagger window: up to [`TAG_CONTEXT`] characters before `at` (`back`) or
/// after it, stopping at the end of a sentence or line.
fn window_edge(t: &str, at: usize, back: bool) -> usize {
    let stop = |c: char| matches!(c, '。' | '！' | '？' | '\n' | '；');
    let mut edge = at;
    if back {
        for (i, c) in t[..at].char_indices().rev().take(TAG_CONTEXT) {
            if stop(c) {
                break;
            }
            edge = i;
        }
    } else {
        for (i, c) in t[at..].char_indices().take(TAG_CONTEXT) {
            if stop(c) {
                break;
            }
            edge = at + i + c.len_utf8();
        }
    }
    edge
}

/// The end of a list of names that goes on at `at` (、B、C): its last name, at most 40
/// characters on.
fn list_end(t: &str, at: usize) -> usize {
    let mut end = at;
    for (i, c) in t[at..].char_indices().take(40) {
        if !(is_han(c) || c == '、') {
            break;
        }
        end = at + i + c.len_utf8();
    }
    end
}
