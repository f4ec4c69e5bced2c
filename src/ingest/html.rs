//! Ingest stage for saved web pages: HTML bytes → the article's text, title, date and URL.
//!
//! Hospital and health-commission sites wrap a few paragraphs of news in a great deal of
//! furniture: menus, breadcrumbs, "related news" lists, share buttons, copyright footers. Much of
//! that furniture names hospitals and leaders too (a related headline "某某医院院长带队义诊"), so
//! any of it left in the text turns into false facts downstream. The article is therefore found
//! structurally, not by regexes over tags: the readability algorithm (`dom_smoothie`) picks the
//! content block, our own scorer over the same DOM (CJK text and full-width punctuation against
//! link text) takes over when readability fails or finds too little, and a line filter then
//! drops the furniture that both tend to keep inside the article block (the info line under the
//! heading, 字号/打印 tools, 上一篇/下一篇, share and QR-code lines).
//!
//! Pages are decoded by the usual precedence (BOM, declared charset, UTF-8, GB18030) because
//! older Chinese sites are still GBK, often declared as `gb2312`.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

use dom_query::{Document, LocalName, NodeData, NodeId, NodeRef};
use dom_smoothie::{Config, ParsePolicy, Readability};
use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
use regex::Regex;

/// The article a saved web page holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Main text: one paragraph per line ('\n' between blocks), furniture removed.
    pub text: String,
    /// The article's heading, so a document can be listed by what it reports.
    pub title: Option<String>,
    /// "YYYY-MM-DD", or "YYYY-MM" when the page gives only a year and month.
    pub date: Option<String>,
    /// Canonical URL (<link rel=canonical>, else og:url) when the page gives one.
    pub url: Option<String>,
}

/// Why a page gave no article. Display gives a one-line reason (the caller adds the file name).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HtmlError {
    /// The bytes are not text in the declared or any guessed encoding; holds the reason.
    Undecodable(String),
    /// The page decoded but holds no article text (a menu, a redirect stub, an empty shell).
    NoText,
}

impl fmt::Display for HtmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HtmlError::Undecodable(reason) => write!(f, "cannot decode page: {reason}"),
            HtmlError::NoText => write!(f, "no article text found in page"),
        }
    }
}

impl std::error::Error for HtmlError {}

/// Reads a saved web page into its article, so that hkg can build from crawled sites as well
/// as from plain-text reports.
pub fn read_html(bytes: &[u8]) -> Result<Page, HtmlError> {
    let html = decode_html(bytes)?;
    let doc = Document::from(html.as_str());
    let metas = collect_metas(&doc);
    let title = find_title(&doc, &metas);
    let url = find_url(&doc, &metas);
    let date = find_date(&doc, &metas, &html);

    let ours_doc = doc.clone();
    let by_readability = readability_lines(doc)
        .map(|lines| clean_lines(lines, title.as_deref()))
        .unwrap_or_default();
    let lines = if text_chars(&by_readability) >= TRUSTED_READABILITY_CHARS {
        by_readability
    } else {
        // Readability wants several comma-rich paragraphs; a short notice or a one-sentence
        // report loses to a sidebar or a comment box there, so our title-anchored scorer
        // decides.
        let ours = clean_lines(
            fallback_lines(&ours_doc, title.as_deref()),
            title.as_deref(),
        );
        if ours.is_empty() {
            by_readability
        } else {
            ours
        }
    };
    let text = lines
        .into_iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join("\n");
    if text.chars().filter(|c| !c.is_whitespace()).count() < MIN_TEXT_CHARS {
        return Err(HtmlError::NoText);
    }
    Ok(Page {
        text,
        title,
        date,
        url,
    })
}

/// From this many characters of text on, readability's answer is taken; below, the article is
/// short enough that readability's comma counting cannot tell it from furniture.
const TRUSTED_READABILITY_CHARS: usize = 200;
/// Below this many characters there is no article (a menu item or two is not one).
const MIN_TEXT_CHARS: usize = 6;

/// Whether bytes look like HTML (for --format auto on .asp/.php/.jsp/.shtml/.aspx files and unknown extensions): a doctype, <html, <head, <body, <meta, <div, <p near the start, after BOM/whitespace.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = match Encoding::for_bom(bytes) {
        Some((enc, bom)) if enc != UTF_8 => {
            let end = bytes.len().min(bom + 2048);
            let (text, _) = enc.decode_without_bom_handling(&bytes[bom..end]);
            text.as_bytes().to_vec()
        }
        Some((_, bom)) => bytes[bom..bytes.len().min(bom + 1024)].to_vec(),
        None => bytes[..bytes.len().min(1024)].to_vec(),
    };
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    if head.first() != Some(&b'<') {
        return false;
    }
    const MARKERS: &[&[u8]] = &[
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<div",
        b"<p>",
        b"<p ",
        b"<title",
    ];
    MARKERS.iter().any(|m| find_bytes(&head, m).is_some())
}

/// Decodes the HTML bytes: BOM first (UTF-8, UTF-16LE/BE), then <meta charset=...> or <meta http-equiv="Content-Type" content="text/html; charset=gb2312"> within the first ~2 KB (scan bytes as ASCII, case-insensitive), else UTF-8 if valid, else GB18030. gb2312/gbk/x-gbk/gb18030 all decode as GB18030 (encoding_rs::Encoding::for_label handles labels).
pub fn decode_html(bytes: &[u8]) -> Result<String, HtmlError> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return decode_strict(enc, &bytes[bom..]).ok_or_else(|| {
            HtmlError::Undecodable(format!(
                "invalid {} despite its byte order mark",
                enc.name()
            ))
        });
    }
    if let Some(declared) = declared_encoding(bytes) {
        if let Some(text) = decode_strict(declared, bytes) {
            return Ok(text);
        }
        // Sites migrate to UTF-8 and keep the old gb2312 header; believe the bytes then.
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Ok(text.to_owned());
        }
        // A stray broken character in an otherwise declared page should not lose the page.
        let (text, _) = declared.decode_without_bom_handling(bytes);
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        if bad * 100 <= text.chars().count() {
            return Ok(text.into_owned());
        }
        return Err(HtmlError::Undecodable(format!(
            "declared {} but {bad} byte sequences are invalid",
            declared.name()
        )));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    decode_strict(GB18030, bytes)
        .ok_or_else(|| HtmlError::Undecodable("neither UTF-8 nor GB18030".to_owned()))
}

/// Decodes without replacement characters, or not at all.
fn decode_strict(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// The encoding a `<meta>` (or an XML declaration) names in the first 2 KB, with the GBK
/// family widened to GB18030 and a BOM-less UTF-16 label read as UTF-8, as browsers do.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(2048)].to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find_bytes(&head[from..], b"<meta").or_else(|| {
        // Only the XML declaration is looked at besides <meta>.
        (from == 0).then(|| find_bytes(&head, b"<?xml")).flatten()
    }) {
        let start = from + at;
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |p| start + p);
        let tag = &head[start..end];
        for key in [&b"charset"[..], b"encoding"] {
            if let Some(label) = attr_label(tag, key) {
                if let Some(enc) = Encoding::for_label(label) {
                    return Some(widen(enc));
                }
            }
        }
        if end >= head.len() || from == end + 1 {
            break;
        }
        from = end + 1;
    }
    None
}

/// The label after `key` `=` in a tag, without quotes.
fn attr_label<'a>(tag: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let at = find_bytes(tag, key)?;
    let rest = &tag[at + key.len()..];
    let rest = trim_ascii_start(rest);
    let rest = rest.strip_prefix(b"=")?;
    let rest = trim_ascii_start(rest);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn trim_ascii_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn widen(enc: &'static Encoding) -> &'static Encoding {
    if enc == GBK {
        GB18030
    } else if enc == UTF_16LE || enc == UTF_16BE {
        UTF_8
    } else {
        enc
    }
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// Text rendering: DOM → lines

/// One rendered block of text, with how much of it sits inside links (menus and lists of
/// headlines are nearly all link text, article paragraphs nearly none).
#[derive(Debug, Clone, Default)]
struct Line {
    text: String,
    chars: usize,
    link_chars: usize,
}

/// Elements that end a line before and after them.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "tr"
            | "section"
            | "article"
            | "ul"
            | "ol"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "blockquote"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "main"
            | "dl"
            | "dt"
            | "dd"
            | "figure"
            | "figcaption"
            | "center"
            | "pre"
            | "form"
            | "hr"
            | "address"
            | "fieldset"
            | "details"
            | "summary"
            | "body"
            | "html"
    )
}

/// Elements whose content is never article text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "canvas"
            | "select"
            | "option"
            | "button"
            | "textarea"
            | "input"
            | "map"
            | "audio"
            | "video"
    )
}

/// Whether a character is a CJK ideograph or full-width punctuation, between which a line
/// break in the HTML source is no word space.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{2FFFF}')
}

#[derive(Default)]
struct Renderer {
    lines: Vec<Line>,
    cur: Line,
    /// Whitespace seen since the last character: none, spaces, or spaces with a line break.
    pending: Option<bool>,
}

impl Renderer {
    fn push_text(&mut self, s: &str, in_link: bool) {
        for c in s.chars() {
            if c.is_whitespace() {
                let newline = c == '\n' || c == '\r';
                self.pending = Some(self.pending.unwrap_or(false) || newline);
                continue;
            }
            if let Some(newline) = self.pending.take() {
                let joins_cjk = newline && self.cur.text.chars().last().is_some_and(is_cjk);
                if !(self.cur.text.is_empty() || joins_cjk && is_cjk(c)) {
                    self.cur.text.push(' ');
                }
            }
            self.cur.text.push(c);
            self.cur.chars += 1;
            if in_link {
                self.cur.link_chars += 1;
            }
        }
    }

    fn space(&mut self) {
        if self.pending.is_none() {
            self.pending = Some(false);
        }
    }

    fn flush(&mut self) {
        self.pending = None;
        if self.cur.chars > 0 {
            self.lines.push(std::mem::take(&mut self.cur));
        } else {
            self.cur = Line::default();
        }
    }
}

enum Kind {
    Text(String),
    Element { name: LocalName, hidden: bool },
    Other,
}

fn kind(node: &NodeRef) -> Kind {
    node.query(|n| match &n.data {
        NodeData::Text { contents } => Kind::Text(contents.to_string()),
        NodeData::Element(el) => {
            let hidden = el.attrs.iter().any(|a| {
                let name: &str = &a.name.local;
                name == "hidden"
                    || (name == "style" && {
                        let v: String = a.value.chars().filter(|c| !c.is_whitespace()).collect();
                        v.to_ascii_lowercase().contains("display:none")
                    })
            });
            Kind::Element {
                name: el.name.local.clone(),
                hidden,
            }
        }
        _ => Kind::Other,
    })
    .unwrap_or(Kind::Other)
}

/// Renders a subtree into lines, iteratively so that deeply nested pages cannot overflow the
/// stack.
fn render(root: &NodeRef) -> Vec<Line> {
    render_limited(root, usize::MAX)
}

/// Renders at most about `limit` lines.
fn render_limited(root: &NodeRef, limit: usize) -> Vec<Line> {
    enum Step<'a> {
        Enter(NodeRef<'a>, bool),
        Leave(bool),
    }
    let mut r = Renderer::default();
    let mut stack = vec![Step::Enter(*root, false)];
    while let Some(step) = stack.pop() {
        if r.lines.len() >= limit {
            break;
        }
        match step {
            Step::Leave(block) => {
                if block {
                    r.flush();
                }
            }
            Step::Enter(node, in_link) => match kind(&node) {
                Kind::Text(t) => r.push_text(&t, in_link),
                Kind::Element { name, hidden } => {
                    if hidden || is_skipped(&name) {
                        continue;
                    }
                    let block = is_block(&name);
                    if block {
                        r.flush();
                    } else if matches!(&*name, "td" | "th" | "img") {
                        r.space();
                    }
                    let in_link = in_link || &*name == "a";
                    stack.push(Step::Leave(block));
                    push_children(&node, in_link, &mut stack, Step::Enter);
                }
                Kind::Other => {
                    if node.is_document() || node.is_fragment() {
                        push_children(&node, in_link, &mut stack, Step::Enter);
                    }
                }
            },
        }
    }
    r.flush();
    r.lines
}

fn push_children<'a, S>(
    node: &NodeRef<'a>,
    in_link: bool,
    stack: &mut Vec<S>,
    make: impl Fn(NodeRef<'a>, bool) -> S,
) {
    let at = stack.len();
    let mut child = node.first_child();
    while let Some(c) = child {
        child = c.next_sibling();
        stack.push(make(c, in_link));
    }
    stack[at..].reverse();
}

// ---------------------------------------------------------------------------------------------
// Main text: readability, our scorer, the line filter

fn readability_lines(doc: Document) -> Option<Vec<Line>> {
    let cfg = Config {
        // Chinese packs a paragraph into ~100 characters where English needs 500; with the
        // default threshold every Chinese page would run all four readability passes.
        char_threshold: 150,
        disable_json_ld: true,
        ..Config::default()
    };
    let mut readability = Readability::with_document(doc, None, Some(cfg)).ok()?;
    // One strict pass: the relaxed retries would return the longest attempt, furniture and all.
    let article = readability.parse_with_policy(ParsePolicy::Strict).ok()?;
    let content = Document::fragment(article.content);
    Some(render(&content.root()))
}

/// Text statistics of one element, for our own scorer.
#[derive(Default, Clone, Copy)]
struct Stats {
    chars: usize,
    link_chars: usize,
    cjk: usize,
    /// Sentence ends: 。！？
    stops: usize,
    /// Pauses: ，、；：
    pauses: usize,
}

fn stats_of_lines(lines: &[Line]) -> Stats {
    let mut s = Stats::default();
    for l in lines {
        s.chars += l.chars;
        s.link_chars += l.link_chars;
        for c in l.text.chars() {
            if is_cjk(c) {
                s.cjk += 1;
            }
            match c {
                '。' | '！' | '？' => s.stops += 1,
                '，' | '、' | '；' | '：' => s.pauses += 1,
                _ => {}
            }
        }
    }
    s
}

fn text_chars(lines: &[Line]) -> usize {
    lines.iter().map(|l| l.chars).sum()
}

/// Class and id words of page furniture (English, as CMS templates name their blocks).
const NEGATIVE_CLASSES: &[&str] = &[
    "comment",
    "footer",
    "sidebar",
    "related",
    "share",
    "nav",
    "menu",
    "copyright",
    "recommend",
    "rank",
    "crumb",
    "position",
    "location",
    "toolbar",
    "qr_code",
    "qrcode",
    "banner",
    "links",
    "hot",
    "tool",
];
/// Class and id words of article containers.
const POSITIVE_CLASSES: &[&str] = &[
    "content",
    "article",
    "detail",
    "text",
    "zoom",
    "trs_editor",
    "js_content",
    "rich_media",
    "main",
    "body",
    "entry",
    "post",
    "news",
];

fn class_words(node: &NodeRef) -> String {
    let mut words = String::new();
    for attr in ["class", "id"] {
        if let Some(v) = node.attr(attr) {
            words.push_str(&v.to_ascii_lowercase());
            words.push(' ');
        }
    }
    words
}

/// How much a container's class, id and tag, and those of its ancestors, say it is furniture
/// (0.2) or article (1.5).
fn class_weight(node: &NodeRef) -> f32 {
    let mut ancestor = Some(*node);
    let mut first = true;
    let mut weight = 1.0;
    while let Some(a) = ancestor {
        let Some(name) = a.element_ref().map(|e| e.name.local.to_string()) else {
            break;
        };
        if name == "body" {
            break;
        }
        let words = class_words(&a);
        if matches!(name.as_str(), "aside" | "nav" | "footer" | "header")
            || NEGATIVE_CLASSES.iter().any(|w| words.contains(w))
        {
            return 0.2;
        }
        if first && (name == "article" || POSITIVE_CLASSES.iter().any(|w| words.contains(w))) {
            weight = 1.5;
        }
        first = false;
        ancestor = a.parent();
    }
    weight
}

/// Our own content finder, in readability's manner but for Chinese pages: each paragraph-like
/// block scores by its sentence punctuation and length, the score flows to its parent and
/// grandparent, and a container's total is discounted for link text and furniture class names
/// and raised when it sits right below the title heading. The last is what finds a
/// one-sentence report that readability, counting commas, cannot tell from a sidebar.
fn fallback_lines(doc: &Document, title: Option<&str>) -> Vec<Line> {
    let Some(body) = doc.body() else {
        return render(&doc.root());
    };
    let title = title.map(squash).filter(|t| !t.is_empty());
    let mut position: HashMap<NodeId, usize> = HashMap::new();
    let mut title_node: Option<NodeRef> = None;
    let mut scores: HashMap<NodeId, f32> = HashMap::new();
    let mut order: Vec<NodeId> = Vec::new();
    let has_block = nodes_with_block_descendants(&body);
    for (index, node) in body.descendants_it().enumerate() {
        position.insert(node.id, index);
        let Kind::Element { name, hidden } = kind(&node) else {
            continue;
        };
        if hidden || is_skipped(&name) {
            continue;
        }
        let heading_like = matches!(&*name, "h1" | "h2" | "h3")
            || (matches!(&*name, "div" | "p" | "td" | "span" | "strong")
                && ["title", "tit", "bt"]
                    .iter()
                    .any(|w| class_words(&node).contains(w)));
        if title_node.is_none() && heading_like {
            if let Some(t) = &title {
                if squash(&node.text()) == *t {
                    title_node = Some(node);
                }
            }
        }
        if !is_paragraph_like(&node, &name, &has_block) {
            continue;
        }
        let s = stats_of_lines(&render(&node));
        if s.chars < 4 || s.link_chars * 2 > s.chars || s.cjk * 2 < s.chars {
            continue;
        }
        if s.stops == 0 && s.chars < 40 {
            continue;
        }
        let score = 2.0 * s.stops as f32 + s.pauses as f32 + (s.chars / 60).min(3) as f32;
        let mut ancestor = node.parent();
        for divider in [1.0, 2.0, 3.0] {
            let Some(a) = ancestor else { break };
            if !a.is_element() {
                break;
            }
            let entry = scores.entry(a.id).or_insert_with(|| {
                order.push(a.id);
                0.0
            });
            *entry += score / divider;
            ancestor = a.parent();
        }
    }
    let title_ancestors: Vec<NodeId> = title_node
        .map(|t| t.ancestors(Some(4)).iter().map(|a| a.id).collect())
        .unwrap_or_default();
    let title_at = title_node.and_then(|t| position.get(&t.id).copied());
    let proximity = |node: &NodeRef| -> f32 {
        let (Some(title_at), Some(at)) = (title_at, position.get(&node.id).copied()) else {
            return 1.0;
        };
        let contains_title = title_ancestors.contains(&node.id);
        if !contains_title && at < title_at {
            return 1.0;
        }
        let mut level = None;
        let mut a = Some(*node);
        let mut steps = 0;
        while let (Some(n), true) = (a, steps < 8) {
            if let Some(k) = title_ancestors.iter().position(|id| *id == n.id) {
                level = Some(k);
                break;
            }
            a = n.parent();
            steps += 1;
        }
        match level {
            Some(0) => 4.0,
            Some(1) => 2.0,
            Some(2) => 1.5,
            Some(_) => 1.2,
            None => 1.0,
        }
    };
    let mut best: Option<(f32, NodeId)> = None;
    for id in order {
        let raw = scores.get(&id).copied().unwrap_or(0.0);
        let node = NodeRef::new(id, &doc.tree);
        let weighted = raw * class_weight(&node) * proximity(&node);
        if best.as_ref().is_some_and(|(b, _)| weighted <= *b) {
            continue;
        }
        let s = stats_of_lines(&render(&node));
        let density = if s.chars == 0 {
            1.0
        } else {
            s.link_chars as f32 / s.chars as f32
        };
        let score = weighted * (1.0 - density);
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, id));
        }
    }
    best.map(|(_, id)| render(&NodeRef::new(id, &doc.tree)))
        .unwrap_or_default()
}

/// A paragraph, or a div/section/td that holds only inline content (how many CMSs and WeChat
/// write paragraphs).
fn is_paragraph_like(node: &NodeRef, name: &str, has_block: &HashSet<NodeId>) -> bool {
    match name {
        "p" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "blockquote" | "li" => true,
        "div" | "section" | "td" | "span" | "font" => {
            let parent_inline = node
                .parent()
                .and_then(|p| {
                    p.element_ref()
                        .map(|e| !is_block(&e.name.local) && &*e.name.local != "td")
                })
                .unwrap_or(false);
            !parent_inline && !has_block.contains(&node.id)
        }
        _ => false,
    }
}

/// The elements that contain a block element, found in one pass (asking each `div` for its
/// descendants would be quadratic on deeply nested layouts).
fn nodes_with_block_descendants(root: &NodeRef) -> HashSet<NodeId> {
    let mut marked = HashSet::new();
    for node in root.descendants_it() {
        let is_block_el = node
            .element_ref()
            .is_some_and(|e| is_block(&e.name.local) && &*e.name.local != "br");
        if !is_block_el {
            continue;
        }
        let mut ancestor = node.parent();
        while let Some(a) = ancestor {
            if !marked.insert(a.id) {
                break;
            }
            ancestor = a.parent();
        }
    }
    marked
}

static FURNITURE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)\s*[:：]?",
        r"^(当前位置|您的位置|你的位置|您现在的位置|当前所在位置|所在位置|位置)\s*[:：]",
        r"首页\s*(>|»|＞|→|/|>>|›)",
        r"版权所有|(?i:copyright)|©|ICP备|ICP证|备案号|网站标识码|公网安备|技术支持\s*[:：]|主办单位\s*[:：]|承办单位\s*[:：]",
        r"^分享(到|至)?\s*[:：]",
        r"字号\s*[:：]?\s*[\[【(（]?\s*大\s*[|/]?\s*中\s*[|/]?\s*小",
        r"打印本页|关闭窗口|打印此页|收藏本页|【\s*打印\s*】|【\s*关闭\s*】|\[\s*打印\s*\]|\[\s*关闭\s*\]|返回顶部",
        r"长按(识别)?(图中)?二维码|扫描二维码|扫码关注|微信扫一扫|点击上方.{0,8}关注|预览时标签不可点|喜欢此内容的人还喜欢|继续滑动看下一个|轻触阅读原文|^.{0,10}关注(该|本|我们的)?公众号.{0,6}$",
        r"^(网友评论|发表评论|我要评论|评论区|全部评论|最新评论|热门评论|请登录后|已有\s*\d+\s*条评论|共\s*\d+\s*条评论|验证码)",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("furniture patterns are valid regexes"))
    .collect()
});

/// Headings of the lists of other articles that follow the article: everything from one on is
/// furniture.
static TRAILING_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[【\[]?(相关新闻|相关阅读|相关文章|相关链接|相关报道|相关信息|推荐阅读|推荐文章|延伸阅读|热点排行|热门文章|热门新闻|点击排行|阅读排行|往期回顾|往期推荐|往期精彩|猜你喜欢|最新文章|最新动态|更多新闻|精彩推荐)[】\]]?\s*[:：]?$",
    )
    .expect("trailing-section pattern is a valid regex")
});

/// The 发布时间/来源/浏览次数 line under an article heading.
static INFO_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(发布时间|发布日期|发表时间|发稿时间|更新时间|时间|日期|来源|信息来源|文章来源|作者|编辑|责任编辑|浏览次数|浏览量|点击数|点击量|点击率|阅读次数|阅读量|访问量|访问次数)\s*[:：]",
    )
    .expect("info-label pattern is a valid regex")
});

/// Words that alone make up share bars, tool bars and reading counters.
const TOOL_WORDS: &[&str] = &[
    "阅读原文",
    "QQ空间",
    "朋友圈",
    "分享到",
    "分享",
    "在看",
    "点赞",
    "收藏",
    "转发",
    "评论",
    "举报",
    "阅读",
    "微信",
    "微博",
    "打印",
    "关闭",
    "字号",
    "返回",
    "QQ",
    "赞",
    "大",
    "中",
    "小",
];

fn is_tool_line(text: &str) -> bool {
    let mut rest = text.to_owned();
    for w in TOOL_WORDS {
        rest = rest.replace(w, "");
    }
    rest.chars().all(|c| {
        c.is_whitespace()
            || c.is_ascii_digit()
            || c.is_ascii_punctuation()
            || "：【】（）|·".contains(c)
            || c == '+'
            || c == 'w'
            || c == 'W'
            || c == '万'
    }) && text.chars().count() < 40
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Drops furniture lines from a content block's lines.
fn clean_lines(lines: Vec<Line>, title: Option<&str>) -> Vec<Line> {
    let title = title.map(squash);
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        if TRAILING_SECTION.is_match(text) {
            break;
        }
        if line.link_chars * 2 > line.chars
            || FURNITURE.iter().any(|r| r.is_match(text))
            || is_tool_line(text)
        {
            continue;
        }
        let labels = INFO_LABEL.find_iter(text).count();
        let starts_with_label = INFO_LABEL.find(text).is_some_and(|m| m.start() == 0);
        let near_top = out.len() < 3;
        if text.chars().count() < 120 && (labels >= 2 || (starts_with_label && near_top)) {
            continue;
        }
        // The dateline under a heading ("原创 某某医院 2024-06-05 18:20").
        if near_top
            && text.chars().count() < 50
            && FULL_DATE.is_match(text)
            && !text.contains(['。', '，'])
        {
            continue;
        }
        // The heading is the title, not text; a body that restates it later keeps that line.
        if near_top && title.as_deref().is_some_and(|t| squash(text) == t) {
            continue;
        }
        out.push(Line {
            text: text.to_owned(),
            ..line
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Metadata: title, URL, date

/// `<meta>` keys (name, property, itemprop or http-equiv, lower-cased) and contents, in page
/// order.
fn collect_metas(doc: &Document) -> Vec<(String, String)> {
    let mut metas = Vec::new();
    for node in doc.select("meta").nodes() {
        let Some(content) = node.attr("content") else {
            continue;
        };
        for key in ["name", "property", "itemprop", "http-equiv"] {
            if let Some(k) = node.attr(key) {
                metas.push((k.trim().to_ascii_lowercase(), content.trim().to_owned()));
            }
        }
    }
    metas
}

fn meta<'a>(metas: &'a [(String, String)], key: &str) -> Option<&'a str> {
    metas
        .iter()
        .find(|(k, v)| k == key && !v.is_empty())
        .map(|(_, v)| v.as_str())
}

/// Separators between an article title and the site name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" - ", " – ", " — ", "_", "|", "｜", " -- ", "－"];

/// `<title>` split into the article part and the site name, when a separator is there.
fn split_title(full: &str) -> (String, Option<String>) {
    let full = full.trim();
    let cut = TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| full.find(sep).map(|at| (at, sep.len())))
        .min_by_key(|(at, _)| *at);
    match cut {
        Some((at, len)) if at > 0 => {
            let head = full[..at].trim().to_owned();
            let tail = full[at + len..].trim();
            let site = tail
                .rsplit(|c| "_|｜".contains(c))
                .next()
                .map(|s| s.trim().trim_start_matches("- ").to_owned());
            (head, site.filter(|s| !s.is_empty()))
        }
        _ => (full.to_owned(), None),
    }
}

fn find_title(doc: &Document, metas: &[(String, String)]) -> Option<String> {
    let page_title = doc
        .select("title")
        .nodes()
        .first()
        .map(|n| squash_spaces(&n.text()))
        .filter(|t| !t.is_empty());
    let (cut, site) = page_title
        .as_deref()
        .map(split_title)
        .map_or((None, None), |(c, s)| (Some(c), s));
    let site_name = meta(metas, "og:site_name")
        .or_else(|| meta(metas, "sitename"))
        .map(str::to_owned)
        .or(site);
    let is_site_name = |t: &str| site_name.as_deref().is_some_and(|s| squash(s) == squash(t));
    for h1 in doc.select("h1").nodes() {
        let lines = render(h1);
        let text = squash_spaces(
            &lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        let chars = text.chars().count();
        let links: usize = lines.iter().map(|l| l.link_chars).sum();
        if chars >= 4 && links * 2 <= chars && !is_site_name(&text) {
            return Some(text);
        }
    }
    if let Some(t) = meta(metas, "og:title").or_else(|| meta(metas, "articletitle")) {
        return Some(squash_spaces(t));
    }
    cut.filter(|t| !t.is_empty())
}

fn squash_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn find_url(doc: &Document, metas: &[(String, String)]) -> Option<String> {
    let canonical = doc
        .select("link")
        .nodes()
        .iter()
        .filter(|n| {
            n.attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("canonical"))
            })
        })
        .filter_map(|n| n.attr("href").map(|h| h.trim().to_owned()))
        .find(|h| is_absolute_http(h));
    canonical.or_else(|| {
        meta(metas, "og:url")
            .filter(|u| is_absolute_http(u))
            .map(str::to_owned)
    })
}

fn is_absolute_http(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && url.len() > "https://".len()
        && !url.chars().any(char::is_whitespace)
}

/// Meta keys that carry the publication date, best first.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "og:release_date",
    "publishdate",
    "pubdate",
    "publish_date",
    "publishtime",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.created",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
];

fn find_date(doc: &Document, metas: &[(String, String)], html: &str) -> Option<String> {
    for key in DATE_METAS {
        for (k, v) in metas {
            if k == key {
                if let Some(d) = parse_date_at_start(v, true) {
                    return Some(d);
                }
            }
        }
    }
    for node in doc.select("time").nodes() {
        if let Some(d) = node
            .attr("datetime")
            .and_then(|v| parse_date_at_start(&v, true))
        {
            return Some(d);
        }
    }
    for node in doc.select("#publish_time").nodes() {
        if let Some(d) = parse_date_at_start(node.text().trim(), false) {
            return Some(d);
        }
    }
    if let Some(d) = WECHAT_CT
        .captures(html)
        .and_then(|c| c[1].parse::<i64>().ok())
        .map(date_from_unix_beijing)
    {
        return Some(d);
    }
    let body = doc.body()?;
    date_from_lines(&render_limited(&body, DATE_RENDER_LINES))
}

/// WeChat's `var ct = "1683858660"`: publication time in Unix seconds.
static WECHAT_CT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"var\s+ct\s*=\s*["']?(\d{9,11})["']?"#).expect("ct pattern is a valid regex")
});

/// A full date: 2023-05-12, 2023/5/12, 2023.05.12, 2023年5月12日.
static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^\d])((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|([-/.])(\d{1,2})([-/.])(\d{1,2}))(?:[^\d]|$)",
    )
    .expect("date pattern is a valid regex")
});

/// A year and month: 2023-05, 2023年5月.
static YEAR_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月|[-/.](\d{1,2}))(?:[^\d]|$)")
        .expect("year-month pattern is a valid regex")
});

/// A date label and what follows it.
static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:发布|发稿|发表|更新|上传|公布|成文)?(?:时间|日期)\s*[:：]|发布于)\s*")
        .expect("date-label pattern is a valid regex")
});

/// The date a string starts with (after whitespace); year-month only when `allow_month`.
pub(super) fn parse_date_at_start(s: &str, allow_month: bool) -> Option<String> {
    let s = s.trim_start();
    if let Some(c) = FULL_DATE.captures(s) {
        let whole = c.get(0).map_or(0, |m| m.start());
        if whole == 0 {
            if let Some(d) = date_from_captures(&c) {
                return Some(d);
            }
        }
    }
    // Compact 20230512, as some CMSs write in meta tags.
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 8 {
        if let Some(d) = ymd(&digits[..4], &digits[4..6], &digits[6..8]) {
            return Some(d);
        }
    }
    if allow_month {
        let c = YEAR_MONTH.captures(s)?;
        let month = c.get(2).or_else(|| c.get(3))?.as_str();
        return ym(&c[1], month);
    }
    None
}

fn date_from_captures(c: &regex::Captures) -> Option<String> {
    let year = c.get(1)?.as_str();
    if let (Some(m), Some(d)) = (c.get(2), c.get(3)) {
        return ymd(year, m.as_str(), d.as_str());
    }
    if c.get(4)?.as_str() != c.get(6)?.as_str() {
        return None;
    }
    ymd(year, c.get(5)?.as_str(), c.get(7)?.as_str())
}

fn ymd(y: &str, m: &str, d: &str) -> Option<String> {
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=super::days_in_month(y, m)).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn ym(y: &str, m: &str) -> Option<String> {
    let (y, m): (u32, u32) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"))
}

/// How many lines of a page are rendered for the date search (menus included).
const DATE_RENDER_LINES: usize = 300;

/// How many non-menu lines from the top of a page are searched for a visible date.
const DATE_SCAN_LINES: usize = 30;

/// The date shown near the top of the page: a labelled one (发布时间：…) first, else the first
/// full date not in a "today is" banner.
fn date_from_lines(lines: &[Line]) -> Option<String> {
    let top: Vec<&str> = lines
        .iter()
        .filter(|l| l.link_chars * 2 <= l.chars)
        .take(DATE_SCAN_LINES)
        .map(|l| l.text.as_str())
        .collect();
    for text in &top {
        for m in DATE_LABEL.find_iter(text) {
            if let Some(d) = parse_date_at_start(&text[m.end()..], true) {
                return Some(d);
            }
        }
    }
    for text in &top {
        if text.contains("今天是") || text.contains("今日") || text.contains("星期") {
            continue;
        }
        let mut from = 0;
        while let Some(c) = FULL_DATE.captures_at(text, from) {
            if let Some(d) = date_from_captures(&c) {
                return Some(d);
            }
            from = c.get(1).map_or(text.len(), |m| m.end());
        }
    }
    None
}

/// The Beijing-time (UTC+8) calendar date of a Unix timestamp.
fn date_from_unix_beijing(secs: i64) -> String {
    let (y, m, d) = super::civil_date((secs + 8 * 3600).div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            (
                &include_bytes!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/fixtures/html/",
                    $name,
                    ".html"
                ))[..],
                include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/fixtures/html/",
                    $name,
                    ".body.txt"
                )),
                include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/fixtures/html/",
                    $name,
                    ".meta.txt"
                )),
            )
        };
    }

    /// Whitespace inside a line removed, empty lines dropped: what the fixtures compare.
    pub(crate) fn normalise_ws(s: &str) -> String {
        s.lines()
            .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn meta_value(meta: &str, key: &str) -> Option<String> {
        meta.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_owned)
    }

    fn check_fixture((html, body, meta): (&[u8], &str, &str)) {
        let page = read_html(html).expect("fixture holds an article");
        assert_eq!(normalise_ws(&page.text), normalise_ws(body));
        assert_eq!(page.title, meta_value(meta, "title"), "title");
        assert_eq!(page.date, meta_value(meta, "date"), "date");
        assert_eq!(page.url, meta_value(meta, "url"), "url");
        for furniture in [
            "上一篇",
            "下一篇",
            "相关新闻",
            "相关链接",
            "首页 >",
            "首页>",
            "版权所有",
            "字号",
            "分享",
            "打印",
            "关闭窗口",
            "浏览次数",
            "发布时间",
            "二维码",
            "阅读原文",
            "在看",
        ] {
            assert!(
                !page.text.contains(furniture),
                "{furniture:?} left in text:\n{}",
                page.text
            );
        }
    }

    #[test]
    fn hospital_page_in_gbk() {
        check_fixture(fixture!("hospital-gbk"));
    }

    #[test]
    fn government_page_with_year_month_date() {
        check_fixture(fixture!("gov"));
    }

    #[test]
    fn wechat_article() {
        check_fixture(fixture!("wechat"));
    }

    #[test]
    fn gb2312_by_http_equiv_with_pubdate_and_canonical() {
        check_fixture(fixture!("gbk-httpequiv"));
    }

    #[test]
    fn related_headlines_do_not_leak() {
        let (html, _, _) = fixture!("hospital-gbk");
        let page = read_html(html).expect("fixture holds an article");
        for leak in ["张某军", "刘某平", "五星级党支部", "走访慰问"] {
            assert!(!page.text.contains(leak), "{leak} leaked");
        }
    }

    const ARTICLE: &str = "<p>青山县人民医院党委书记王某明出席会议并讲话，强调要加强党建工作。</p>";

    #[test]
    fn decodes_utf8_with_bom() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(ARTICLE.as_bytes());
        assert_eq!(decode_html(&bytes).expect("decodes"), ARTICLE);
    }

    #[test]
    fn decodes_utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in ARTICLE.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_html(&bytes).expect("decodes"), ARTICLE);
        assert!(looks_like_html(&bytes));
    }

    #[test]
    fn decodes_utf16be_with_bom() {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in ARTICLE.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode_html(&bytes).expect("decodes"), ARTICLE);
    }

    fn gbk(s: &str) -> Vec<u8> {
        let (bytes, _, errors) = GBK.encode(s);
        assert!(!errors, "test text is GBK");
        bytes.into_owned()
    }

    #[test]
    fn decodes_meta_charset() {
        let html =
            format!("<html><head><META CHARSET=\"GBK\"></head><body>{ARTICLE}</body></html>");
        assert_eq!(decode_html(&gbk(&html)).expect("decodes"), html);
        let html =
            format!("<html><head><meta charset='gb18030' /></head><body>{ARTICLE}</body></html>");
        assert_eq!(decode_html(&gbk(&html)).expect("decodes"), html);
    }

    #[test]
    fn decodes_http_equiv() {
        let html = format!(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>{ARTICLE}</body></html>"
        );
        assert_eq!(decode_html(&gbk(&html)).expect("decodes"), html);
    }

    #[test]
    fn undeclared_utf8_and_gbk() {
        let html = format!("<html><body>{ARTICLE}</body></html>");
        assert_eq!(decode_html(html.as_bytes()).expect("utf-8"), html);
        assert_eq!(decode_html(&gbk(&html)).expect("gb18030"), html);
    }

    #[test]
    fn declared_gbk_that_is_really_utf8() {
        let html = format!("<html><head><meta charset=gb2312></head><body>{ARTICLE}</body></html>");
        assert_eq!(decode_html(html.as_bytes()).expect("utf-8"), html);
    }

    #[test]
    fn undecodable_utf16_reports_a_reason() {
        let err = decode_html(&[0xFF, 0xFE, 0x00, 0xD8, 0x41]).expect_err("lone surrogate");
        assert!(matches!(err, HtmlError::Undecodable(_)));
        assert!(err.to_string().starts_with("cannot decode page"));
    }

    fn date_of(html: &str) -> Option<String> {
        let doc = Document::from(html);
        find_date(&doc, &collect_metas(&doc), html)
    }

    #[test]
    fn dates() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "<meta property=\"article:published_time\" content=\"2024-03-18T10:00:00+08:00\">",
                Some("2024-03-18"),
            ),
            (
                "<meta name=\"PubDate\" content=\"2022-09-30 08:00\">",
                Some("2022-09-30"),
            ),
            (
                "<meta name=\"DC.Date.Created\" content=\"2021-5-6\">",
                Some("2021-05-06"),
            ),
            (
                "<meta name=\"publishdate\" content=\"2023-05\">",
                Some("2023-05"),
            ),
            (
                "<body><time datetime=\"2020-02-29\">昨天</time></body>",
                Some("2020-02-29"),
            ),
            (
                "<body><p>发布时间：2023-05-12 来源：院办</p></body>",
                Some("2023-05-12"),
            ),
            (
                "<body><p>发布日期：2023年5月12日</p></body>",
                Some("2023-05-12"),
            ),
            (
                "<body><p>时间：2023/05/12 10:31</p></body>",
                Some("2023-05-12"),
            ),
            (
                "<body><p>某某医院 2023年5月12日</p></body>",
                Some("2023-05-12"),
            ),
            ("<body><p>2023.05.12</p></body>", Some("2023-05-12")),
            ("<body><p>2023-5-12</p></body>", Some("2023-05-12")),
            ("<body><p>发布时间：2023年11月</p></body>", Some("2023-11")),
            ("<body><p>发布时间：2023-11</p></body>", Some("2023-11")),
            ("<body><p>2023年5月以来，医院开展义诊。</p></body>", None),
            ("<body><p>发布时间：2023-13-40</p></body>", None),
            (
                "<body><p>2023-13-40</p><p>2023-02-03</p></body>",
                Some("2023-02-03"),
            ),
            (
                "<body><p>今天是2024年1月1日 星期一</p><p>发布时间：2023年12月30日</p></body>",
                Some("2023-12-30"),
            ),
            (
                "<body><p>会议于2023年3月1日召开。</p><p>日期：2023-03-02</p></body>",
                Some("2023-03-02"),
            ),
            (
                "<body><em id=\"publish_time\">2024-06-05 18:20</em></body>",
                Some("2024-06-05"),
            ),
            (
                "<script>var ct = \"1717582800\";</script>",
                Some("2024-06-05"),
            ),
            ("<body><p>第20231215号</p></body>", None),
        ];
        for (html, want) in cases {
            assert_eq!(date_of(html).as_deref(), *want, "{html}");
        }
    }

    #[test]
    fn unix_time_in_beijing() {
        assert_eq!(date_from_unix_beijing(0), "1970-01-01");
        // 2023-05-11 23:00 UTC is already 12 May in Beijing.
        assert_eq!(date_from_unix_beijing(1_683_846_000), "2023-05-12");
        assert_eq!(date_from_unix_beijing(951_782_400), "2000-02-29");
    }

    #[test]
    fn titles() {
        let title_of = |html: &str| {
            let doc = Document::from(html);
            find_title(&doc, &collect_metas(&doc))
        };
        assert_eq!(
            title_of("<title>院长带队义诊 - 南岭市人民医院</title>").as_deref(),
            Some("院长带队义诊")
        );
        assert_eq!(
            title_of("<title>院长带队义诊_南岭市卫生健康委员会</title>").as_deref(),
            Some("院长带队义诊")
        );
        assert_eq!(
            title_of("<title>院长带队义诊|南岭市人民医院</title>").as_deref(),
            Some("院长带队义诊")
        );
        assert_eq!(
            title_of("<title>义诊 - 南岭市人民医院</title><body><h1><a href=\"/\">南岭市人民医院</a></h1><h1>院长带队义诊活动</h1></body>").as_deref(),
            Some("院长带队义诊活动")
        );
        assert_eq!(
            title_of("<meta property=\"og:title\" content=\"党支部获评先进\"><title>x</title>")
                .as_deref(),
            Some("党支部获评先进")
        );
    }

    #[test]
    fn canonical_url_must_be_absolute_http() {
        let url_of = |html: &str| {
            let doc = Document::from(html);
            find_url(&doc, &collect_metas(&doc))
        };
        assert_eq!(
            url_of("<link rel=\"canonical\" href=\"/news/1.html\">"),
            None
        );
        assert_eq!(
            url_of("<link rel=\"canonical\" href=\"/n/1.html\"><meta property=\"og:url\" content=\"https://a.example.cn/n/1.html\">").as_deref(),
            Some("https://a.example.cn/n/1.html")
        );
        assert_eq!(
            url_of("<link rel=\"Canonical\" href=\"http://a.example.cn/2.html\">").as_deref(),
            Some("http://a.example.cn/2.html")
        );
        assert_eq!(
            url_of("<meta property=\"og:url\" content=\"javascript:void(0)\">"),
            None
        );
    }

    #[test]
    fn looks_like_html_cases() {
        assert!(looks_like_html(b"<!DOCTYPE html><html>"));
        assert!(looks_like_html(b"\xEF\xBB\xBF\n  <html lang=\"zh\">"));
        assert!(looks_like_html(b"<HEAD><META charset=gbk>"));
        assert!(looks_like_html(b"<div class=\"x\">text</div>"));
        assert!(looks_like_html(b"<p>text</p>"));
        assert!(looks_like_html(b"<!-- saved page -->\n<html>"));
        assert!(!looks_like_html("青山县人民医院召开党委会。<p>".as_bytes()));
        assert!(!looks_like_html(b"plain text <html>"));
        assert!(!looks_like_html(b""));
        assert!(!looks_like_html(b"<?xml version=\"1.0\"?><rdf:RDF>"));
    }

    #[test]
    fn a_menu_is_no_article() {
        let err = read_html("<html><body><ul><li><a>首页</a></li></ul></body></html>".as_bytes())
            .expect_err("no text");
        assert_eq!(err, HtmlError::NoText);
        assert_eq!(read_html(b"").expect_err("empty"), HtmlError::NoText);
    }

    #[test]
    fn one_sentence_article_beside_a_sidebar() {
        let html = "<html><head><title>义诊 - 青山县人民医院</title></head><body>\
            <div class=\"side\"><p>地址：青山县人民路88号</p><p>电话：0731-5550001</p></div>\
            <div class=\"hot\"><h3>热点排行</h3><ul><li><a href=\"/1\">南岭市中医院院长张某军带队义诊，受到群众欢迎。</a></li></ul></div>\
            <h1>青山县人民医院开展义诊</h1><div class=\"info\">发布时间：2024-01-05</div>\
            <div class=\"content\"><p>义诊活动受到群众欢迎。</p></div></body></html>";
        let page = read_html(html.as_bytes()).expect("article");
        assert_eq!(page.text, "义诊活动受到群众欢迎。");
        assert_eq!(page.title.as_deref(), Some("青山县人民医院开展义诊"));
        assert_eq!(page.date.as_deref(), Some("2024-01-05"));
    }

    #[test]
    fn entities_and_line_breaks() {
        let html = "<html><body><h1>标题标题</h1><div class=\"content\"><p>&nbsp;&nbsp;院长&amp;书记出席\n会议，并讲话。<br>第二行内容，继续。</p>\
            <p>A &lt;b&gt; test，共有  三个   空格。</p></div></body></html>";
        let page = read_html(html.as_bytes()).expect("article");
        assert_eq!(
            page.text,
            "院长&书记出席会议，并讲话。\n第二行内容，继续。\nA <b> test，共有 三个 空格。"
        );
    }
}
