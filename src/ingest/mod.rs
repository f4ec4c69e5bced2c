//! Stage 1, ingest: files → [`Input`]s → [`Document`]s.
//!
//! Reads articles from folders (recursively), single files or standard input: plain text,
//! saved web pages (their main text, title, date and address, see [`html`]), and JSON Lines
//! and WARC files of many articles each (see [`records`]), streamed record by record. Text is
//! decoded from UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK, and normalised so
//! the extractors see one sentence where the print layout broke it in two:
//!
//! * CRLF and lone CR become LF; full-width ASCII and the ideographic space become ASCII;
//! * a paragraph that stops mid-sentence (`主任医` … `师罗某`) is joined with its continuation,
//!   stepping over photo captions and short caption lines that the layout dropped between them;
//! * headings (short lines, lines starting with `#`, numbered section titles) stay separate;
//! * Pinyin printed after a character (`書(shū)記`) is dropped, so the word reads whole.
//!
//! Every character of the normalised text keeps the offset of the character it came from in
//! the decoded original (a page's main text), which the graph stores with the document, so
//! evidence offsets can be checked without the file.

pub mod html;
pub mod records;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
    /// One article of a JSON Lines or WARC file (`-` for standard input).
    Record {
        path: PathBuf,
        at: Position,
    },
}

/// Where a record sits in its file, for messages a user can follow to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// A JSON Lines line, from 1.
    Line(usize),
    /// A WARC record, from 1 (every record counts, not only the articles).
    Record(usize),
}

impl Source {
    /// The path to show in messages (`-` for standard input).
    pub fn display(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "-".to_owned(),
            Source::Record {
                path,
                at: Position::Line(n),
            } => format!("{}:{n}", path.display()),
            Source::Record {
                path,
                at: Position::Record(n),
            } => format!("{} record {n}", path.display()),
        }
    }

    /// The path messages name: the file, `-`, or the file and the record's position.
    fn path(&self) -> PathBuf {
        match self {
            Source::File(p) => p.clone(),
            Source::Stdin => PathBuf::from("-"),
            Source::Record { .. } => PathBuf::from(self.display()),
        }
    }
}

/// Text encodings hkg decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Detect: UTF-8 (BOM optional), UTF-16 with BOM, else GB18030.
    Auto,
    Utf8,
    Gb18030,
}

/// What the article says about itself, when it says it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub headline: Option<String>,
    /// ISO date `YYYY-MM-DD`, or `YYYY-MM` when only the month is known.
    pub date: Option<String>,
    /// Publication named after 来源.
    pub source: Option<String>,
    /// The page's address (canonical URL, JSON Lines `url`, WARC-Target-URI).
    pub url: Option<String>,
    /// The byline line (□本报记者 … 通讯员 …).
    pub byline: Option<String>,
}

/// A sentence of the normalised text, as byte offsets on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// What the container or the page says about an article, beside its text: it wins over
/// what hkg reads from the text itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    pub url: Option<String>,
    pub title: Option<String>,
    /// As [`Metadata::date`]; see [`normalise_date`].
    pub date: Option<String>,
    /// A date to use only when neither the page nor its text gives one (WARC-Date: when the
    /// page was fetched, not written).
    pub fallback_date: Option<String>,
}

/// One decoded, normalised article.
#[derive(Debug, Clone)]
pub struct Document {
    /// File name without extension (or the record's id); the key of the document's graph.
    pub id: String,
    pub source: Source,
    /// The decoded text (a web page's main text) that evidence offsets count characters of.
    pub original: String,
    /// Normalised text the extractors read.
    pub text: String,
    /// SHA-256 of the decoded text and of what was given with it (see [`Given`]), hex; with
    /// the rules' hash it decides whether to rebuild.
    pub content_hash: String,
    pub meta: Metadata,
    pub sentences: Vec<Sentence>,
    /// For each byte offset of `text` that starts a char (and `text.len()`), the character
    /// offset in the decoded original.
    orig_offsets: Vec<u32>,
}

impl Document {
    /// Decodes and normalises raw bytes.
    pub fn from_bytes(id: &str, source: Source, bytes: &[u8], encoding: Encoding) -> Result<Self> {
        let original = decode(bytes, encoding, &source.path())?;
        Self::from_text(id, source, original, Given::default())
    }

    /// A document of decoded text and what came with it.
    pub fn from_text(id: &str, source: Source, original: String, given: Given) -> Result<Self> {
        if original.trim().is_empty() {
            return Err(Error::Empty {
                path: source.path(),
            });
        }
        let mut hash = Sha256::new();
        hash.update(original.as_bytes());
        // Plain text hashes as it always did, so its stored documents stay current.
        if given != Given::default() {
            for field in [&given.url, &given.title, &given.date, &given.fallback_date] {
                hash.update([0xff]);
                hash.update(field.as_deref().unwrap_or("").as_bytes());
            }
        }
        let content_hash = hex(&hash.finalize());
        let (text, orig_offsets) = normalise(&original);
        let mut meta = metadata(&text);
        if given.title.is_some() {
            meta.headline = given.title;
        }
        meta.date = given.date.or(meta.date).or(given.fallback_date);
        meta.url = given.url;
        let sentences = split_sentences(&text);
        Ok(Document {
            id: id.to_owned(),
            source,
            original,
            text,
            content_hash,
            meta,
            sentences,
            orig_offsets,
        })
    }

    /// Character offset in the decoded original of the normalised byte offset `byte`.
    pub fn original_offset(&self, byte: usize) -> usize {
        let mut b = byte.min(self.text.len());
        while !self.text.is_char_boundary(b) {
            b -= 1;
        }
        self.orig_offsets[b] as usize
    }

    /// The characters of the decoded original that the normalised bytes `start..end` came
    /// from, as a character range. Normalisation can move text (a caption stepped over joins
    /// the halves of a sentence around it), so the range runs from the first to the last
    /// character the span draws on, never backwards.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.original_offset(start);
        let end = end.min(self.text.len());
        if start >= end {
            return (from, from);
        }
        let (mut lo, mut hi) = (usize::MAX, 0);
        for (i, _) in self.text[start..end].char_indices() {
            let o = self.orig_offsets[start + i] as usize;
            lo = lo.min(o);
            hi = hi.max(o + 1);
        }
        (lo, hi.max(lo))
    }

    /// The sentence containing byte offset `byte`.
    pub fn sentence_at(&self, byte: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= byte);
        (i < self.sentences.len() && self.sentences[i].start <= byte).then_some(i)
    }

    /// Text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &str {
        let s = self.sentences[i];
        &self.text[s.start..s.end]
    }

    /// The document with its traditional characters folded to simplified ones, or `None` when
    /// it has none.
    ///
    /// The rules are written in simplified characters, so a page published in traditional ones
    /// (`黨委書記`) is read through this copy. A character is replaced only by one of the same
    /// UTF-8 length, so every byte offset, sentence and evidence span of the copy is the
    /// original's; the caller maps the names it finds back to the published script.
    pub fn simplified(&self) -> Option<Document> {
        // Most pages are simplified: a bit per char decides that without building a copy.
        if !self.text.chars().any(is_traditional) {
            return None;
        }
        let converted = fast2s::convert(&self.text);
        if converted == self.text {
            return None;
        }
        // fast2s converts char by char (one char out for each char in).
        let mut chars: Vec<char> = self
            .text
            .chars()
            .zip(converted.chars())
            .map(|(a, b)| if a.len_utf8() == b.len_utf8() { b } else { a })
            .collect();
        // Traditional text writes the particle 着 as 著, which fast2s keeps (著 is also the
        // simplified 著 of 著名); left so, 标志著青山街道 reads as a place name. On a page that
        // needed folding, 著 is the particle outside the words of the other 著.
        for i in 0..chars.len() {
            if chars[i] == '著'
                && !(i > 0 && "显卓编专论原名巨昭撰合译遗土".contains(chars[i - 1]))
                && !chars
                    .get(i + 1)
                    .is_some_and(|&c| "名作称述者录".contains(c))
            {
                chars[i] = '着';
            }
        }
        let text: String = chars.into_iter().collect();
        if text == self.text || text.len() != self.text.len() {
            return None;
        }
        Some(Document {
            id: self.id.clone(),
            source: self.source.clone(),
            original: self.original.clone(),
            meta: self.meta.clone(),
            text,
            content_hash: self.content_hash.clone(),
            sentences: self.sentences.clone(),
            orig_offsets: self.orig_offsets.clone(),
        })
    }
}

/// Whether fast2s changes `c` standing alone. The few chars it changes only beside a given
/// neighbour (藉 of 藉口) are not counted: a page has other traditional chars around them.
fn is_traditional(c: char) -> bool {
    // One bit per char of the Basic Multilingual Plane; fast2s converts no char outside it.
    static TRADITIONAL: LazyLock<Vec<u64>> = LazyLock::new(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        let all: String = ('\u{800}'..='\u{FFFF}').flat_map(|c| [c, ' ']).collect();
        for (a, b) in all.chars().zip(fast2s::convert(&all).chars()) {
            if a != b {
                bits[a as usize / 64] |= 1 << (a as usize % 64);
            }
        }
        bits
    });
    let i = c as usize;
    i < 0x10000 && TRADITIONAL[i / 64] & (1 << (i % 64)) != 0
}

/// Lower-case hex of `bytes`: how hkg writes every digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Decodes bytes to text; the error names the file and the first bad byte.
pub fn decode(bytes: &[u8], encoding: Encoding, path: &Path) -> Result<String> {
    let utf8 = |b: &[u8]| -> Result<String> {
        let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
        String::from_utf8(b.to_vec()).map_err(|e| Error::Decode {
            path: path.to_owned(),
            encoding: "UTF-8",
            offset: e.utf8_error().valid_up_to(),
        })
    };
    let gb = |b: &[u8]| -> Result<String> {
        let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
        let mut out = String::with_capacity(b.len() * 3 / 2 + 16);
        let (result, read) = decoder.decode_to_string_without_replacement(b, &mut out, true);
        match result {
            encoding_rs::DecoderResult::InputEmpty => Ok(out),
            encoding_rs::DecoderResult::Malformed(len, _) => Err(Error::Decode {
                path: path.to_owned(),
                encoding: "GB18030",
                offset: read.saturating_sub(len as usize),
            }),
            encoding_rs::DecoderResult::OutputFull => Err(Error::Decode {
                path: path.to_owned(),
                encoding: "GB18030",
                offset: read,
            }),
        }
    };
    match encoding {
        Encoding::Utf8 => utf8(bytes),
        Encoding::Gb18030 => gb(bytes),
        Encoding::Auto => {
            if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
                    if had_errors {
                        return Err(Error::Decode {
                            path: path.to_owned(),
                            encoding: enc.name(),
                            offset: bom_len,
                        });
                    }
                    return Ok(text.into_owned());
                }
            }
            match utf8(bytes) {
                Ok(s) => Ok(s),
                Err(utf8_err) => {
                    // GB18030 accepts almost any byte sequence; refuse text that decodes to
                    // control characters, which is what binary files turn into.
                    let s = gb(bytes).map_err(|_| utf8_err)?;
                    if s.chars()
                        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                    {
                        return Err(Error::Decode {
                            path: path.to_owned(),
                            encoding: "UTF-8 or GB18030",
                            offset: 0,
                        });
                    }
                    Ok(s)
                }
            }
        }
    }
}

/// Characters that end a sentence.
fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…')
}

/// Closing marks that belong to the sentence before them.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '】' | '》' | '"' | '\''
    )
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Maps full-width letters and digits and odd spaces to their plain forms.
fn fold_char(c: char) -> char {
    match c {
        // Letters and digits only: Chinese punctuation (，。（）) is kept as written.
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' => ' ',
        '\u{FEFF}' | '\u{200B}' => '\u{200B}',
        _ => c,
    }
}

/// The plain letter of a tone-marked Pinyin vowel (`ǚ` → `ü`).
fn untoned(c: char) -> Option<char> {
    ["āáǎàa", "ēéěèe", "īíǐìi", "ōóǒòo", "ūúǔùu", "ǖǘǚǜü"]
        .iter()
        .find(|v| v.chars().take(4).any(|t| t == c))
        .and_then(|v| v.chars().last())
}

/// Whether `s` (tone marks removed) reads as one Pinyin syllable: an initial, or none, and a
/// final. Looser than the real syllable table (it accepts a few combinations Mandarin lacks),
/// strict enough that abbreviations (`cm`, `kg`, `app`) fail.
fn is_pinyin_syllable(s: &str) -> bool {
    const INITIALS: [&str; 23] = [
        "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
        "r", "z", "c", "s", "y", "w",
    ];
    const FINALS: [&str; 37] = [
        "a", "o", "e", "i", "u", "ü", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong",
        "er", "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "ua", "uo", "uai", "ui",
        "uan", "un", "uang", "ueng", "üe", "ue", "üan", "ün",
    ];
    let rest = INITIALS.iter().find_map(|i| s.strip_prefix(i)).unwrap_or(s);
    FINALS.contains(&rest)
}

/// Char index ranges of the original text that are Pinyin ruby: `書(shū)` → drop `(shū)`.
///
/// Some pages in traditional characters print the reading after a character; the reading
/// splits words the rules look for (`黨委副書(shū)記`). A ruby is a bracket opened right after a
/// Han character holding 1–7 lowercase letters that read as one Pinyin syllable, closed at
/// once. A tone mark proves it; an unmarked syllable counts only on a page that has marked
/// ones, so that bracketed letters of ordinary text (`(ICU)`, `(a)`, `(cm)`) stay.
fn pinyin_ruby(original: &str) -> Vec<std::ops::Range<usize>> {
    if !original.contains(['(', '（']) {
        return Vec::new();
    }
    let chars: Vec<char> = original.chars().collect();
    // (range, tone-marked)
    let mut found: Vec<(std::ops::Range<usize>, bool)> = Vec::new();
    for (i, w) in chars.windows(2).enumerate() {
        if !(is_han(w[0]) && matches!(w[1], '(' | '（')) {
            continue;
        }
        let open = i + 1;
        let mut plain = String::new();
        let mut toned = false;
        let mut close = None;
        for (k, &c) in chars.iter().enumerate().skip(open + 1).take(8) {
            if matches!(c, ')' | '）') {
                close = Some(k);
                break;
            }
            if let Some(p) = untoned(c) {
                toned = true;
                plain.push(p);
            } else if c.is_ascii_lowercase() || c == 'ü' {
                plain.push(c);
            } else {
                break;
            }
        }
        if let Some(k) = close {
            if k > open + 1 && is_pinyin_syllable(&plain) {
                found.push((open..k + 1, toned));
            }
        }
    }
    if !found.iter().any(|f| f.1) {
        return Vec::new();
    }
    found.into_iter().map(|f| f.0).collect()
}

/// A line of the folded text with the original offset of each of its chars.
struct Line {
    chars: Vec<(char, u32)>,
    /// Blank lines before this line.
    blank_before: usize,
}

impl Line {
    fn len(&self) -> usize {
        self.chars.len()
    }
    fn first(&self) -> Option<char> {
        self.chars.first().map(|p| p.0)
    }
    fn last(&self) -> Option<char> {
        self.chars.last().map(|p| p.0)
    }
    fn starts_with(&self, s: &str) -> bool {
        let mut it = self.chars.iter().map(|p| p.0);
        s.chars().all(|c| it.next() == Some(c))
    }
    /// Ends a sentence or is a heading: the next line starts a new paragraph.
    fn is_closed(&self) -> bool {
        match self.last() {
            None => true,
            Some(c) => {
                is_terminal(c)
                    || is_closer(c) && self.chars.len() >= 2 && {
                        let prev = self.chars[self.chars.len() - 2].0;
                        is_terminal(prev)
                    }
            }
        }
    }
    /// A line the layout put between two halves of a sentence: a photo caption or a short
    /// label without sentence punctuation.
    fn is_caption(&self) -> bool {
        matches!(self.first(), Some('▲' | '■' | '●' | '△' | '◆'))
            || self.starts_with("图为")
            || self.starts_with("(图")
            || self.starts_with("图片")
            || self.starts_with("本版图片")
            || (self.len() <= 16 && !self.chars.iter().any(|p| is_terminal(p.0) || p.0 == '，'))
    }
    fn is_heading_like(&self) -> bool {
        static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"^(#|[0-9]+[ .、]|[一二三四五六七八九十]+、|\([一二三四五六七八九十0-9]+\)|——|--)",
            )
            .expect("static regex")
        });
        let s: String = self.chars.iter().map(|p| p.0).collect();
        NUMBERED.is_match(&s)
    }

    /// Whether the line opens with a label (编辑：, 来源:, 责任编辑：): page furniture or a
    /// byline, which no broken sentence continues with.
    fn is_labelled(&self) -> bool {
        let label = self.chars.iter().take_while(|p| is_han(p.0)).count();
        (1..=4).contains(&label) && matches!(self.chars.get(label).map(|p| p.0), Some(':' | '：'))
    }

    /// Whether the line ends in a name set off by a space with no comma before it (X卫健委
    /// 党组书记、主任 王某): a photo caption, which no sentence runs on from.
    fn ends_in_spaced_name(&self) -> bool {
        let Some(space) = self
            .chars
            .iter()
            .rposition(|p| p.0 == ' ' || p.0 == '\u{3000}')
        else {
            return false;
        };
        let name = &self.chars[space + 1..];
        (2..=4).contains(&name.len())
            && name.iter().all(|p| is_han(p.0))
            && !self.chars.iter().any(|p| matches!(p.0, '，' | ','))
    }

    /// See [`opens_a_column_entry`]: no sentence runs on from or into such a line.
    fn opens_a_column_entry(&self) -> bool {
        opens_a_column_entry(self.chars.iter().map(|p| p.0))
    }

    /// Whether the line opens with a dateline (X网讯, X日报讯, X社某地5月12日电, 本报讯): the
    /// first line of a report's text, which no headline or sentence above runs on into.
    fn opens_a_dateline(&self) -> bool {
        static DATED: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^\d{1,2}月\d{1,2}日[讯电]").expect("static regex"));
        let chars: String = self.chars.iter().take(32).map(|p| p.0).collect();
        let han_chars = chars.chars().take_while(|c| is_han(*c)).count();
        let han: usize = chars.chars().take(han_chars).map(char::len_utf8).sum();
        let end = if chars[..han].ends_with(['讯', '电']) && han_chars >= 3 {
            han
        } else {
            // X网某地7月3日讯: a date between the outlet and 讯.
            match DATED.find(&chars[han..]) {
                Some(m) if han > 0 => han + m.end(),
                _ => return false,
            }
        };
        han_chars <= 16
            && chars[end..].chars().next().is_none_or(|c| {
                matches!(c, ' ' | '\u{3000}' | '(' | '（' | ':' | '：' | '【' | '[')
            })
    }

    /// Whether the line names the page's source (2021-06-04 来源:X日报 under a headline): a
    /// header line, which neither runs on into the text below nor continues the text above.
    fn names_a_source(&self) -> bool {
        self.chars
            .windows(3)
            .any(|w| w[0].0 == '来' && w[1].0 == '源' && matches!(w[2].0, ':' | '：'))
    }
}

/// Normalises the decoded text; returns it with the original char offset of every byte
/// boundary.
fn normalise(original: &str) -> (String, Vec<u32>) {
    // Fold characters and split into trimmed lines, remembering blank runs.
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Vec<(char, u32)> = Vec::new();
    let mut blanks = 0usize;
    let ruby = pinyin_ruby(original);
    let mut ruby = ruby.iter().peekable();
    let mut chars = original.chars().enumerate().peekable();
    let flush = |current: &mut Vec<(char, u32)>, blanks: &mut usize, lines: &mut Vec<Line>| {
        let start = current.iter().position(|p| !p.0.is_whitespace());
        let end = current.iter().rposition(|p| !p.0.is_whitespace());
        match (start, end) {
            (Some(s), Some(e)) => {
                lines.push(Line {
                    chars: current[s..=e].to_vec(),
                    blank_before: *blanks,
                });
                *blanks = 0;
            }
            _ => *blanks += 1,
        }
        current.clear();
    };
    while let Some((i, c)) = chars.next() {
        while ruby.next_if(|r| r.end <= i).is_some() {}
        if ruby.peek().is_some_and(|r| r.contains(&i)) {
            continue;
        }
        match c {
            '\r' => {
                if matches!(chars.peek(), Some((_, '\n'))) {
                    continue;
                }
                flush(&mut current, &mut blanks, &mut lines);
            }
            '\n' | '\u{2028}' | '\u{2029}' => flush(&mut current, &mut blanks, &mut lines),
            _ => {
                let f = fold_char(c);
                if f != '\u{200B}' {
                    current.push((f, i as u32));
                }
            }
        }
    }
    flush(&mut current, &mut blanks, &mut lines);

    // Join lines broken inside a sentence, moving captions after the joined paragraph. Only
    // a layout that separates paragraphs by blank lines can break a sentence: where every line
    // is a paragraph, a line end is a paragraph end.
    let blank_layout = lines.iter().skip(1).filter(|l| l.blank_before > 0).count() * 2
        >= lines.len().saturating_sub(1);
    let mut paragraphs: Vec<Vec<(char, u32)>> = Vec::new();
    let mut used = vec![false; lines.len()];
    for i in 0..lines.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let mut para = lines[i].chars.clone();
        let mut captions: Vec<usize> = Vec::new();
        let mut last = i;
        loop {
            let line = &lines[last];
            let open = !line.is_closed()
                && (line.len() >= 20
                    || line.len() >= 8
                        && line.chars.iter().any(|p| matches!(p.0, '，' | ',' | '、')))
                && last > 0
                && blank_layout
                && !line.is_heading_like()
                && !line.names_a_source()
                && !line.ends_in_spaced_name()
                && !line.opens_a_column_entry()
                && !line.chars.iter().any(|p| p.0 == '□');
            if !open {
                break;
            }
            // Find the continuation within the next few lines, skipping captions.
            let mut next = None;
            let mut skipped = Vec::new();
            for j in last + 1..(last + 5).min(lines.len()) {
                if used[j] {
                    continue;
                }
                let l = &lines[j];
                if l.is_labelled()
                    || l.names_a_source()
                    || l.opens_a_dateline()
                    || l.opens_a_column_entry()
                {
                    break;
                }
                if l.blank_before == 0 && lines[last].blank_before > 0 && j == last + 1 {
                    // a single newline in a blank-separated layout is a soft wrap
                    next = Some(j);
                    break;
                }
                if l.is_caption() && j + 1 < lines.len() {
                    skipped.push(j);
                    continue;
                }
                if l.is_heading_like()
                    || !l.first().is_some_and(|c| {
                        is_han(c)
                            || matches!(c, '，' | ',' | '、' | '”' | '」' | ')' | '）')
                            || c.is_ascii_alphanumeric()
                    })
                {
                    break;
                }
                next = Some(j);
                break;
            }
            match next {
                Some(j) => {
                    para.extend_from_slice(&lines[j].chars);
                    used[j] = true;
                    for &k in &skipped {
                        used[k] = true;
                    }
                    captions.extend(skipped);
                    last = j;
                }
                None => break,
            }
        }
        paragraphs.push(para);
        for k in captions {
            paragraphs.push(lines[k].chars.clone());
        }
    }

    let end_offset = original.chars().count() as u32;
    let mut text = String::with_capacity(original.len());
    let mut offsets = Vec::with_capacity(original.len() + 1);
    for (pi, para) in paragraphs.iter().enumerate() {
        if pi > 0 {
            let next_orig = para.first().map_or(end_offset, |p| p.1);
            text.push('\n');
            offsets.push(next_orig.saturating_sub(1));
        }
        for &(c, o) in para {
            let before = text.len();
            text.push(c);
            for _ in before..text.len() {
                offsets.push(o);
            }
        }
    }
    offsets.push(end_offset);
    (text, offsets)
}

/// Whether a line (its characters) opens with a short name and a gap of two or more spaces
/// (王某  X医院护师, or 刘   炽  X医院 with the name padded): a row of a list set in columns.
/// Ingest keeps such rows apart; the honour lists read past one whose name they miss.
pub fn opens_a_column_entry(line: impl IntoIterator<Item = char>) -> bool {
    let mut han = 0;
    let mut gap = 0;
    for c in line {
        if matches!(c, ' ' | '\u{3000}' | '\t') {
            gap += 1;
        } else if gap >= 2 && han >= 2 {
            return han <= 4 && is_han(c);
        } else if is_han(c) && han < 4 {
            han += 1;
            gap = 0;
        } else {
            return false;
        }
    }
    false
}

/// Splits normalised text into sentences at sentence punctuation and line ends.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let mut end = None;
        if c == '\n' {
            end = Some(i);
        } else if is_terminal(c) {
            let mut e = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if is_closer(d) || is_terminal(d) {
                    e = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            end = Some(e);
        }
        if let Some(e) = end {
            push_sentence(text, start, e, &mut out);
            start = if c == '\n' { e + 1 } else { e };
        }
    }
    push_sentence(text, start, text.len(), &mut out);
    out
}

fn push_sentence(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    if start >= end {
        return;
    }
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Sentence {
            start: start + lead,
            end: end - trail,
        });
    }
}

fn metadata(text: &str) -> Metadata {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
            .expect("static regex")
    });
    static SOURCE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"来源\s*[:：]\s*([^\s　]+)").expect("static regex"));
    // The first eight lines that hold anything: a page's header may be padded with blank ones.
    let head: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(8)
        .collect();
    let clean = |l: &str| l.trim_start_matches('#').trim().to_owned();
    let headline = head
        .iter()
        .map(|l| clean(l))
        .find(|l| l.chars().count() > 4 && !l.contains('□'));
    let mut meta = Metadata {
        headline,
        ..Metadata::default()
    };
    for line in &head {
        if meta.date.is_none() {
            if let Some(c) = DATE.captures(line) {
                let m: u32 = c[2].parse().unwrap_or(0);
                let d: u32 = c[3].parse().unwrap_or(0);
                if (1..=12).contains(&m) && (1..=31).contains(&d) {
                    meta.date = Some(format!("{}-{m:02}-{d:02}", &c[1]));
                }
            }
        }
        if meta.source.is_none() {
            if let Some(c) = SOURCE.captures(line) {
                meta.source = Some(c[1].to_owned());
            }
        }
        if meta.byline.is_none() && (line.contains("记者") || line.contains("通讯员")) {
            meta.byline = Some(line.trim().to_owned());
        }
    }
    // Without a 来源 line, a dateline names the outlet: X网讯（记者A）, X日报记者 A.
    if meta.source.is_none() {
        meta.source = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(12)
            .find_map(|l| DATELINE.captures(l.trim_start()))
            .and_then(|c| {
                c.get(1)
                    .or(c.get(2))
                    .or(c.get(3))
                    .map(|m| m.as_str().to_owned())
            })
            // 本报讯, 本网讯: the outlet is unnamed.
            .filter(|s| !s.starts_with(['本', '我']));
    }
    meta
}

/// A dateline or byline that opens a line with the outlet's name: X网讯(记者A, X日报记者 A,
/// an outlet with the place it files from (X日报某地讯), any name before 讯 (X信息港讯 记者A),
/// and an outlet with the place and day it files from (X社某地5月12日电(记者A, X网某地7月3日讯).
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(\p{Han}{1,12}?(?:网|日报|晚报|报|新闻|客户端|电视台|融媒|社))(?:[\p{Han}--讯]{2,6}?讯|讯)?|(\p{Han}{2,12}?)讯|(\p{Han}{1,12}(?:网|报|社|新闻|客户端|电视台|融媒))\p{Han}{0,6}?\d{1,2}月\d{1,2}日[讯电])\s*[（(]?\s*(?:记者|通讯员|采访人员|記者|通訊員)",
    )
    .expect("static regex")
});

/// The shape of an input file: `--format`, or what [`Format::Auto`] finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// By the file's extension, else by its content (see [`sniff`]).
    Auto,
    Txt,
    Html,
    Jsonl,
    Warc,
}

impl Format {
    /// The format a file name says, or None when only the content can tell (`.asp`, `.php`
    /// and the like hold HTML or text, and a file may have no extension).
    pub fn of_name(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".warc") || name.ends_with(".warc.gz") {
            return Some(Format::Warc);
        }
        if name.ends_with(".jsonl.gz") || name.ends_with(".ndjson.gz") {
            return Some(Format::Jsonl);
        }
        match name.rsplit_once('.')?.1 {
            "txt" | "text" => Some(Format::Txt),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }

    /// Whether a folder walk reads a file of this name: the formats above and the pages of
    /// dynamic sites saved under their script's extension.
    fn walked(path: &Path) -> bool {
        Format::of_name(path).is_some()
            || path.extension().is_some_and(|e| {
                let e = e.to_string_lossy().to_ascii_lowercase();
                matches!(e.as_str(), "shtml" | "asp" | "aspx" | "jsp" | "php")
            })
    }

    /// Whether one file holds many articles.
    pub fn is_container(self) -> bool {
        matches!(self, Format::Jsonl | Format::Warc)
    }
}

/// The format of content whose name does not say: WARC, a web page, JSON Lines (a first line
/// that is a JSON object), else plain text; a gzip stream is JSON Lines when it unpacks to
/// them, else WARC.
pub fn sniff(head: &[u8]) -> Format {
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = &start[start.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    if head.starts_with(&[0x1f, 0x8b]) {
        // Gzipped: what the first bytes unpack to (a crawl, or a scraper's export).
        let mut unpacked = Vec::with_capacity(4096);
        let _ = flate2::read::MultiGzDecoder::new(head)
            .take(4096)
            .read_to_end(&mut unpacked);
        return match sniff(&unpacked) {
            Format::Jsonl => Format::Jsonl,
            _ => Format::Warc,
        };
    }
    if start.starts_with(b"WARC/") {
        Format::Warc
    } else if html::looks_like_html(head) {
        Format::Html
    } else if start.starts_with(b"{") {
        let line = start.split(|&b| b == b'\n').next().unwrap_or(start);
        // A first line longer than the head (a page in an "html" field) is cut: its opening
        // key tells.
        let cut = line.len() == start.len() && start.starts_with(b"{\"");
        if cut || serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line).is_ok()
        {
            Format::Jsonl
        } else {
            Format::Txt
        }
    } else {
        Format::Txt
    }
}

/// An id for a record that has none: the first 16 hex digits of the SHA-256 of its address,
/// or of its text, so the same page gets the same id in every build and every container.
pub fn short_hash(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes())[..8])
}

/// A date as hkg stores it, from the forms pages and scrapers write: `2023-05-12`,
/// `2023/5/12 10:31`, `2023.05.12`, `2023年5月12日`, ISO timestamps (`2023-05-12T02:31:00Z`),
/// `20230512`, and a year and month alone (`2023-05`, `2023年5月`), which gives `YYYY-MM`.
/// None for anything else, or an impossible month or day. Pages' dates are read by the same
/// parser (see [`html`]).
pub fn normalise_date(s: &str) -> Option<String> {
    html::parse_date_at_start(s, true)
}

/// The calendar date (year, month, day) of a count of days since 1970-01-01, by Howard
/// Hinnant's civil-from-days algorithm: no date crate for the two conversions hkg makes.
pub fn civil_date(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Lists the input files under the given paths (folders recursively, sorted, taking the
/// extensions [`Format::of_name`] knows and those of saved dynamic pages); `-` stands for
/// standard input. Unreadable folders and entries, and symbolic links that lead back into a
/// folder being walked, are returned as errors beside the files found; a folder reached
/// twice through links is walked once.
pub fn list_inputs(paths: &[PathBuf]) -> (Vec<Source>, Vec<Error>) {
    let mut walker = Walker::default();
    for p in paths {
        if p.as_os_str() == "-" {
            walker.out.push(Source::Stdin);
        } else if p.is_dir() {
            walker.walk(p);
        } else {
            walker.out.push(Source::File(p.clone()));
        }
    }
    (walker.out, walker.errors)
}

#[derive(Default)]
struct Walker {
    out: Vec<Source>,
    errors: Vec<Error>,
    /// Every folder walked, by its resolved path.
    seen: std::collections::HashSet<PathBuf>,
    /// The resolved paths of the folders being walked, outermost first.
    open: Vec<PathBuf>,
}

impl Walker {
    fn failed(&mut self, path: &Path, source: std::io::Error) {
        self.errors.push(Error::Read {
            path: path.to_owned(),
            source,
        });
    }

    fn walk(&mut self, dir: &Path) {
        let real = match std::fs::canonicalize(dir) {
            Ok(real) => real,
            Err(e) => return self.failed(dir, e),
        };
        if self.open.contains(&real) {
            let looped = format!(
                "a symbolic link back to {}, which is being read; not followed",
                real.display()
            );
            return self.failed(dir, std::io::Error::other(looped));
        }
        if !self.seen.insert(real.clone()) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => return self.failed(dir, e),
        };
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Ok(e) => paths.push(e.path()),
                Err(e) => self.failed(dir, e),
            }
        }
        paths.sort();
        self.open.push(real);
        for p in paths {
            if p.is_dir() {
                self.walk(&p);
            } else if Format::walked(&p) {
                self.out.push(Source::File(p));
            }
        }
        self.open.pop();
    }
}

/// The document id of a path: its file name without extension.
pub fn doc_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// One article to read: a file or standard input, read whole by [`Input::read`] on a worker
/// thread, or a record already read out of a JSON Lines or WARC file.
#[derive(Debug)]
pub struct Input {
    /// The document id (see [`doc_id`] and [`records`]).
    pub id: String,
    pub source: Source,
    body: Body,
}

#[derive(Debug)]
enum Body {
    /// A file to read, as text, as a web page, or (`Auto`) as its content says, if it is
    /// no larger than the limit.
    File(Format, u64),
    /// Standard input, already read.
    Stdin(Format, Vec<u8>),
    /// A record's text.
    Text(String, Given),
    /// A record's web page.
    Html(Vec<u8>, Given),
}

impl Input {
    /// Reads, decodes and normalises the article.
    pub fn read(&self, encoding: Encoding) -> Result<Document> {
        let path = self.source.path();
        match &self.body {
            Body::File(format, limit) => {
                // Read once: the content hash and the facts come from the same bytes, even
                // when the file changes while the build runs.
                let bytes = read_bounded(&path, *limit)?;
                self.decode(*format, &bytes, encoding, Given::default())
            }
            Body::Stdin(format, bytes) => self.decode(*format, bytes, encoding, Given::default()),
            Body::Text(text, given) => {
                Document::from_text(&self.id, self.source.clone(), text.clone(), given.clone())
            }
            Body::Html(bytes, given) => self.decode(Format::Html, bytes, encoding, given.clone()),
        }
    }

    fn decode(
        &self,
        format: Format,
        bytes: &[u8],
        encoding: Encoding,
        given: Given,
    ) -> Result<Document> {
        let format = match format {
            Format::Auto => sniff(&bytes[..bytes.len().min(4096)]),
            f => f,
        };
        if format != Format::Html {
            return Document::from_bytes(&self.id, self.source.clone(), bytes, encoding);
        }
        let page = html::read_html(bytes).map_err(|e| Error::Page {
            at: self.source.display(),
            message: e.to_string(),
        })?;
        // The user's fields win over the page's, and the page's own address over the one it
        // was fetched from; the crawl date only stands in for a date the page does not give.
        let given = Given {
            url: page.url.or(given.url),
            title: given.title.or(page.title),
            date: given.date.or(page.date),
            fallback_date: given.fallback_date,
        };
        // The headline goes first, as a report's text has it: it often states a fact (an
        // honour, a signing), and the text then reads as the same article saved as text does.
        let text = match &given.title {
            Some(title) if !page.text.starts_with(title.as_str()) => {
                format!("{title}\n{}", page.text)
            }
            _ => page.text,
        };
        Document::from_text(&self.id, self.source.clone(), text, given)
    }
}

/// The articles of the listed inputs, one at a time: the records of a JSON Lines or WARC file
/// are read as the build asks for them, so memory holds a batch, not the file. A record that
/// cannot be read comes as an error naming its line or record, and the next one follows.
pub struct Inputs {
    sources: std::vec::IntoIter<Source>,
    format: Format,
    limit: u64,
    stdin_id: String,
    records: Option<records::Records>,
    opened: usize,
    read: usize,
}

impl Inputs {
    pub fn new(sources: Vec<Source>, format: Format, stdin_id: &str) -> Inputs {
        Inputs {
            sources: sources.into_iter(),
            format,
            limit: DEFAULT_MAX_DOC_SIZE,
            stdin_id: stdin_id.to_owned(),
            records: None,
            opened: 0,
            read: 0,
        }
    }

    /// Refuses documents (files, standard input, records) larger than `bytes`, unread.
    pub fn max_doc_size(mut self, bytes: u64) -> Inputs {
        self.limit = bytes;
        self
    }

    /// How many JSON Lines and WARC files were opened so far.
    pub fn containers(&self) -> usize {
        self.opened
    }

    /// How many of their records (articles and errors) were read so far.
    pub fn records(&self) -> usize {
        self.read
    }

    fn open(&mut self, source: Source) -> Result<Option<Input>> {
        match source {
            Source::File(path) => {
                let format = format_of(&path, self.format)?;
                if format.is_container() {
                    self.records = Some(records::Records::open(&path, format, self.limit)?);
                    self.opened += 1;
                    return Ok(None);
                }
                Ok(Some(Input {
                    id: doc_id(&path),
                    source: Source::File(path),
                    body: Body::File(format, self.limit),
                }))
            }
            Source::Stdin => {
                let mut bytes = Vec::new();
                let head = std::io::stdin()
                    .take(4096)
                    .read_to_end(&mut bytes)
                    .map_err(Error::read(Path::new("-")))?;
                let format = match self.format {
                    Format::Auto => sniff(&bytes[..head]),
                    f => f,
                };
                // A JSON Lines or WARC stream is read as it goes, one record at a time.
                if format.is_container() {
                    let rest = std::io::Cursor::new(bytes).chain(std::io::stdin());
                    self.records = Some(records::Records::from_reader(
                        PathBuf::from("-"),
                        Box::new(std::io::BufReader::new(rest)),
                        format,
                        self.limit,
                    )?);
                    self.opened += 1;
                    return Ok(None);
                }
                let within = read_within(std::io::stdin(), &mut bytes, self.limit)
                    .map_err(Error::read(Path::new("-")))?;
                if !within {
                    return Err(too_big("-", None, self.limit));
                }
                Ok(Some(Input {
                    id: self.stdin_id.clone(),
                    source: Source::Stdin,
                    body: Body::Stdin(format, bytes),
                }))
            }
            Source::Record { .. } => Err(Error::Invalid(format!(
                "{}: a record is not a listed input",
                source.display()
            ))),
        }
    }
}

impl Iterator for Inputs {
    type Item = Result<Input>;

    fn next(&mut self) -> Option<Result<Input>> {
        loop {
            if let Some(records) = &mut self.records {
                match records.next() {
                    Some(item) => {
                        self.read += 1;
                        return Some(item);
                    }
                    None => self.records = None,
                }
            }
            let source = self.sources.next()?;
            match self.open(source) {
                Ok(Some(input)) => return Some(Ok(input)),
                Ok(None) => continue,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// How a file is read: as `--format` says, else as its name says, else as its first bytes do.
pub fn format_of(path: &Path, forced: Format) -> Result<Format> {
    Ok(match forced {
        Format::Auto => match Format::of_name(path) {
            Some(f) => f,
            None => sniff(&read_head(path)?),
        },
        f => f,
    })
}

/// The largest document read by default (20 MB): a 200 MB report would be some 17 million
/// quads in one graph, written in one transaction.
pub const DEFAULT_MAX_DOC_SIZE: u64 = 20_000_000;

/// The error for a document over the limit; `size` None when it was not read to its end.
pub(crate) fn too_big(at: &str, size: Option<u64>, limit: u64) -> Error {
    Error::TooBig {
        at: at.to_owned(),
        size: match size {
            Some(n) => n.to_string(),
            None => format!("more than {limit}"),
        },
        limit,
    }
}

/// Appends what `reader` holds to `buf` until `buf` holds `limit` bytes and one more: false
/// when there was more than `limit` in all, so that no reader of hkg's inputs (a file,
/// standard input after its sniffed head, an unpacked response) holds more than the limit.
pub(crate) fn read_within(
    reader: impl Read,
    buf: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<bool> {
    let room = limit.saturating_add(1).saturating_sub(buf.len() as u64);
    reader.take(room).read_to_end(buf)?;
    Ok(buf.len() as u64 <= limit)
}

/// A whole file, if it is no larger than `limit` (checked before reading, and again while
/// reading, for a file that grows).
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(Error::read(path))?;
    let at = path.display().to_string();
    let len = file.metadata().map_err(Error::read(path))?.len();
    if len > limit {
        return Err(too_big(&at, Some(len), limit));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    if !read_within(file, &mut bytes, limit).map_err(Error::read(path))? {
        return Err(too_big(&at, None, limit));
    }
    Ok(bytes)
}

/// The first 4 KB of a file, enough to tell its format.
fn read_head(path: &Path) -> Result<Vec<u8>> {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(Error::read(path))?;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::from_bytes("t", Source::Stdin, text.as_bytes(), Encoding::Auto).expect("decodes")
    }

    #[test]
    fn joins_a_word_broken_across_paragraphs() {
        let d = doc("标题行\n\n医院党委委员、纪委书记兼心内科主任医\n\n师王某某查房时说明了情况。");
        assert!(d.text.contains("心内科主任医师王某某"), "{}", d.text);
    }

    #[test]
    fn a_caption_ending_in_a_spaced_name_stays_a_line() {
        let d = doc(
            "标题行\n\n湘潭市卫健委党组书记、主任 柯雨桐\n\n会上，湘潭市中心医院被评为先进单位。",
        );
        assert!(d.text.contains("主任 柯雨桐\n会上"), "{}", d.text);
        // A sentence broken after a comma still joins.
        let d = doc("标题行\n\n会上，湘潭市中心医院党委书记、院长 柯雨桐\n\n作了工作报告。");
        assert!(d.text.contains("柯雨桐作了工作报告"), "{}", d.text);
    }

    #[test]
    fn steps_over_a_caption_dropped_into_a_sentence() {
        let d = doc("标题行\n\n在揭牌仪式上，南岭市人民医院被授予\n\n\n\n▲图为揭牌仪式现场。\n\n\n\n省级胸痛中心牌匾，成为全市首家。");
        assert!(d.text.contains("被授予省级胸痛中心牌匾"), "{}", d.text);
        assert!(d.text.contains("\n▲图为揭牌仪式现场。"), "{}", d.text);
        // The caption now follows the sentence it interrupted: a span across the join maps
        // to the original characters it draws on, first to last, never backwards.
        let chars = d.original.chars().count();
        let bounds: Vec<usize> = (0..=d.text.len())
            .filter(|&i| d.text.is_char_boundary(i))
            .collect();
        for (i, &start) in bounds.iter().enumerate() {
            for &end in &bounds[i..] {
                let (a, b) = d.original_range(start, end);
                assert!(a <= b && b <= chars, "{start}..{end} → {a}..{b}");
            }
        }
        let at = d.text.find("被授予省级").expect("joined");
        let (a, b) = d.original_range(at, at + "被授予省级".len());
        let span: String = d.original.chars().skip(a).take(b - a).collect();
        assert!(
            span.starts_with("被授予") && span.ends_with("省级"),
            "{span}"
        );
    }

    #[test]
    fn steps_over_a_short_label_between_halves() {
        let d = doc("标题行\n\n医院持续推进党建与业务同频共振，形成党建和业务\n\n\n\n服务群众\n\n同向发力的工作格局。");
        assert!(d.text.contains("党建和业务同向发力"), "{}", d.text);
    }

    #[test]
    fn headings_without_full_stop_stay_separate() {
        let d = doc("# 党建引领\n\n## 筑牢发展根基\n\n1月，某某医院开展活动。");
        assert_eq!(
            d.text,
            "# 党建引领\n## 筑牢发展根基\n1月，某某医院开展活动。"
        );
        let d = doc("标题行\n\n1 以政治建设为统领，坚持全面从严治党\n\n市妇幼保健院严格落实规则。");
        assert!(d.text.contains("治党\n市妇幼"), "{}", d.text);
    }

    #[test]
    fn folds_full_width_ascii_and_crlf() {
        let d = doc("标题\r\n\r\nＡＢＣＤ一级中心，１２月");
        assert_eq!(d.text, "标题\nABCD一级中心，12月");
    }

    #[test]
    fn offsets_point_into_the_original() {
        let original = "标题\r\n\r\nＡＢＣＤ一级中心";
        let d = doc(original);
        let b = d.text.find("一级").expect("present");
        let o = d.original_offset(b);
        let orig: Vec<char> = original.chars().collect();
        assert_eq!(orig[o], '一');
    }

    #[test]
    fn drops_pinyin_ruby_and_keeps_offsets() {
        let original = "青山縣醫院黨委書(shū)記王明華、院長（zhǎng）李國強(de)出席。";
        let d = doc(original);
        assert_eq!(d.text, "青山縣醫院黨委書記王明華、院長李國強出席。");
        let orig: Vec<char> = original.chars().collect();
        let b = d.text.find("記王").expect("present");
        assert_eq!(orig[d.original_offset(b)], '記');
        let b = d.text.find("李").expect("present");
        assert_eq!(orig[d.original_offset(b)], '李');
    }

    #[test]
    fn keeps_ordinary_brackets() {
        // Without a tone-marked reading on the page, a bare syllable is ordinary text.
        for text in [
            "重症医学科(ICU)收治患者。",
            "南岭市人民医院(南岭医院)挂牌。",
            "方案(a)与方案(b)。",
            "长度(cm)和重量（kg）。",
            "第三人民医院(xx医院)。",
        ] {
            assert_eq!(doc(text).text, text);
        }
        // On a page with ruby, a bracket that is no syllable stays too.
        let d = doc("書(shū)記查看重症醫學科(icu)和(cm)。");
        assert_eq!(d.text, "書記查看重症醫學科(icu)和(cm)。");
    }

    #[test]
    fn folds_traditional_characters_in_a_copy() {
        let d = doc("青山縣人民醫院黨委書記王明華說，標志著醫院顯著進步。");
        let s = d.simplified().expect("has traditional characters");
        assert_eq!(
            s.text,
            "青山县人民医院党委书记王明华说，标志着医院显著进步。"
        );
        assert_eq!(s.sentences, d.sentences);
        assert_eq!(s.text.len(), d.text.len());
        assert!(doc("青山县人民医院党委书记王明华说。")
            .simplified()
            .is_none());
        assert!(is_traditional('書') && is_traditional('於') && is_traditional('乾'));
        assert!(!is_traditional('书') && !is_traditional('著') && !is_traditional('a'));
    }

    #[test]
    fn decodes_gb18030_and_utf8_bom() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("南岭市人民医院院长张某说。");
        let d = Document::from_bytes("g", Source::Stdin, &gbk, Encoding::Auto).expect("gbk");
        assert_eq!(d.text, "南岭市人民医院院长张某说。");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("医院".as_bytes());
        let d = Document::from_bytes("u", Source::Stdin, &bom, Encoding::Auto).expect("bom");
        assert_eq!(d.text, "医院");
    }

    #[test]
    fn rejects_binary_and_empty_input() {
        let err = Document::from_bytes(
            "b",
            Source::Stdin,
            &[0u8, 1, 2, 0xff, 0xfe, 3],
            Encoding::Auto,
        );
        assert!(err.is_err());
        let err = Document::from_bytes("e", Source::Stdin, b"  \n ", Encoding::Auto);
        assert!(matches!(err, Err(Error::Empty { .. })));
    }

    #[test]
    fn splits_sentences_keeping_closing_quotes() {
        let s = split_sentences("他说：“好。”然后走了。\n标题");
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn a_dateline_names_the_outlet_when_no_source_line_does() {
        let d = doc("标题\n桐江网讯(记者王某某 通讯员李某)12月2日，正文。");
        assert_eq!(d.meta.source.as_deref(), Some("桐江网"));
        let d = doc("标题\n云岭日报新闻记者 王某某 通讯员 李某\n正文。");
        assert_eq!(d.meta.source.as_deref(), Some("云岭日报新闻"));
        let d = doc("标题\n云岭信息港讯（记者 王某某）正文。");
        assert_eq!(d.meta.source.as_deref(), Some("云岭信息港"));
        let d = doc("标题\n本报讯（记者王某某）正文。");
        assert_eq!(d.meta.source, None);
    }

    #[test]
    fn a_source_line_runs_into_no_paragraph() {
        let d = doc("南岭新闻网\n  \n  \n\n南岭新增三家达标医院\n\n2021-06-04 08:54:27  来源:南岭日报\n  \n本报讯 近日，桐江县人民医院获评先进单位。");
        assert_eq!(d.meta.source.as_deref(), Some("南岭日报"));
        assert!(d.text.contains("来源:南岭日报\n本报讯"), "{}", d.text);
    }

    #[test]
    fn reads_metadata() {
        let d =
            doc("以党建推动发展\n\n(2024年07月02日) 来源:南岭日报\n□南岭日报社记者 王某某\n正文。");
        assert_eq!(d.meta.headline.as_deref(), Some("以党建推动发展"));
        assert_eq!(d.meta.date.as_deref(), Some("2024-07-02"));
        assert_eq!(d.meta.source.as_deref(), Some("南岭日报"));
        assert!(d
            .meta
            .byline
            .as_deref()
            .is_some_and(|b| b.contains("王某某")));
    }
}
