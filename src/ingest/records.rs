//! Files of many articles: JSON Lines from a scraper and WARC archives from a crawler.
//!
//! Both are read one record at a time, so a file larger than memory builds in a batch's
//! memory. A record that cannot be read is an error naming its line (JSON Lines) or its
//! record number (WARC), and reading goes on with the next one.
//!
//! * **JSON Lines**: one object per line with `text` or `html`, and optionally `id`, `url`,
//!   `title` and `date`. Without an `id`, the document id is [`short_hash`] of the `url`, or
//!   of the text when there is no `url`. Blank lines are skipped.
//! * **WARC** (`.warc`, `.warc.gz`): the `response` records of successful fetches that carry
//!   HTML. The document id is [`short_hash`] of WARC-Target-URI, so a page has the same id in
//!   every crawl and in a JSON Lines export that gives its `url`. WARC-Date stands in for the
//!   date when the page gives none.
//!
//! The WARC reader is our own: after a record whose length is wrong it finds the next
//! `WARC/` header line and goes on, which a reader that trusts every Content-Length cannot.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::{normalise_date, short_hash, Body, Format, Given, Input, Position, Source};
use crate::error::{Error, Result};

/// The records of one JSON Lines or WARC file.
pub struct Records {
    path: PathBuf,
    reader: Box<dyn BufRead + Send>,
    kind: Kind,
    /// The largest record read, in bytes (`--max-doc-size`).
    limit: u64,
    /// The last line (JSON Lines) or record (WARC) read, from 1.
    count: usize,
    done: bool,
    /// A WARC header read while finding the record after a broken one, for the next call.
    pending: Option<Result<Vec<(String, String)>>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Jsonl,
    Warc,
}

impl Records {
    /// Opens a file; a gzip stream (`.jsonl.gz`, `.warc.gz`) is decompressed as read.
    /// Records larger than `limit` bytes are refused without being held in memory.
    pub fn open(path: &Path, format: Format, limit: u64) -> Result<Records> {
        let file = std::fs::File::open(path).map_err(Error::read(path))?;
        let reader = BufReader::with_capacity(1 << 16, file);
        Records::from_reader(path.to_owned(), Box::new(reader), format, limit)
    }

    /// The records of a stream (standard input is named `-`).
    pub fn from_reader(
        path: PathBuf,
        mut reader: Box<dyn BufRead + Send>,
        format: Format,
        limit: u64,
    ) -> Result<Records> {
        let gzip = reader
            .fill_buf()
            .map_err(Error::read(&path))?
            .starts_with(&[0x1f, 0x8b]);
        if gzip {
            reader = Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::read::MultiGzDecoder::new(reader),
            ));
        }
        Ok(Records {
            path,
            reader,
            kind: if format == Format::Warc {
                Kind::Warc
            } else {
                Kind::Jsonl
            },
            limit,
            count: 0,
            done: false,
            pending: None,
        })
    }

    fn source(&self) -> Source {
        Source::Record {
            path: self.path.clone(),
            at: match self.kind {
                Kind::Jsonl => Position::Line(self.count),
                Kind::Warc => Position::Record(self.count),
            },
        }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::Page {
            at: self.source().display(),
            message: message.into(),
        }
    }

    /// The next line's article, None at the end, skipping blank lines.
    fn next_line(&mut self) -> Option<Result<Input>> {
        let mut line = Vec::new();
        loop {
            line.clear();
            match read_line_within(&mut self.reader, &mut line, self.limit) {
                Ok(Line::End) => return None,
                Ok(Line::Whole) => self.count += 1,
                Ok(Line::Over) => {
                    self.count += 1;
                    let at = self.source().display();
                    return Some(Err(super::too_big(&at, None, self.limit)));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.error(format!("cannot read: {e}"))));
                }
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                return Some(self.parse_line(&line));
            }
        }
    }

    fn parse_line(&self, line: &[u8]) -> Result<Input> {
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        let object: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(line)
            .map_err(|e| self.error(format!("not a JSON object: {e}")))?;
        let field = |name: &str| -> Result<Option<String>> {
            match object.get(name) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s.trim().to_owned())),
                Some(serde_json::Value::Number(n)) if name == "id" => Ok(Some(n.to_string())),
                Some(_) => Err(self.error(format!("field \"{name}\" is not a string"))),
            }
        };
        let url = field("url")?;
        let given = Given {
            url: url.clone(),
            title: field("title")?,
            date: field("date")?.as_deref().and_then(normalise_date),
            fallback_date: None,
        };
        // Without an id, the url's hash, else the article's own.
        let id_of = |article: &str| -> Result<String> {
            Ok(match field("id")? {
                Some(id) => id,
                None => short_hash(url.as_deref().unwrap_or(article)),
            })
        };
        let (id, body) = match (object.get("text"), field("html")?) {
            (Some(serde_json::Value::String(text)), _) if !text.trim().is_empty() => {
                (id_of(text)?, Body::Text(text.clone(), given))
            }
            (_, Some(html)) => (id_of(&html)?, Body::Html(html.into_bytes(), given)),
            _ => return Err(self.error("has neither \"text\" nor \"html\"")),
        };
        Ok(Input {
            id,
            source: self.source(),
            body,
        })
    }

    /// The next WARC record that is an HTML page, None at the end. Other records (requests,
    /// metadata, images, redirects) are passed over without a word.
    fn next_record(&mut self) -> Option<Result<Input>> {
        loop {
            let next = match self.pending.take() {
                Some(pending) => pending,
                None => self.read_header()?,
            };
            let headers = match next {
                Ok(h) => h,
                Err(e) => return Some(Err(e)),
            };
            let get = |name: &str| {
                headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.as_str())
            };
            let Some(length) = get("Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
                return Some(Err(
                    self.error("no valid Content-Length; skipped to the next record")
                ));
            };
            // Only responses are read into memory, and only up to a page's size: a crawl's
            // videos and archives are passed over as they stream by.
            let wanted = get("WARC-Type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
            let keep = wanted && length <= self.limit;
            let block = match self.read_block(length, keep) {
                Ok(block) => block,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            if wanted && !keep {
                let at = self.source().display();
                return Some(Err(super::too_big(&at, Some(length), self.limit)));
            }
            if !keep {
                continue;
            }
            let Some(uri) = get("WARC-Target-URI") else {
                return Some(Err(self.error("a response record without WARC-Target-URI")));
            };
            let uri = uri.trim_start_matches('<').trim_end_matches('>').to_owned();
            let page = match http_page(&block, self.limit) {
                Ok(Some(page)) => page,
                Ok(None) => continue,
                Err(message) => return Some(Err(self.error(message))),
            };
            let given = Given {
                url: Some(uri.clone()),
                title: None,
                date: None,
                fallback_date: get("WARC-Date").and_then(normalise_date),
            };
            return Some(Ok(Input {
                id: short_hash(&uri),
                source: self.source(),
                body: Body::Html(page, given),
            }));
        }
    }

    /// The next `length` bytes: kept, or streamed past; an error when the file ends first.
    fn read_block(&mut self, length: u64, keep: bool) -> Result<Vec<u8>> {
        let mut block = Vec::new();
        let mut take = (&mut self.reader).take(length);
        let read = if keep {
            block.reserve(length as usize);
            take.read_to_end(&mut block).map(|n| n as u64)
        } else {
            std::io::copy(&mut take, &mut std::io::sink())
        };
        match read {
            Ok(n) if n == length => Ok(block),
            Ok(n) => Err(self.error(format!("the file ends {n} bytes into a record of {length}"))),
            Err(e) => Err(self.error(format!("cannot read: {e}"))),
        }
    }

    /// A record's header fields, after its `WARC/` version line; None at the end of the file.
    /// Bytes before the version line (left by a record whose length was wrong) are skipped
    /// and reported once.
    fn read_header(&mut self) -> Option<Result<Vec<(String, String)>>> {
        let mut line = Vec::new();
        let mut skipped = 0usize;
        loop {
            line.clear();
            match self.reader.read_until(b'\n', &mut line) {
                Ok(0) => {
                    return (skipped > 0).then(|| {
                        Err(self.error(format!(
                            "{skipped} bytes after the last record are not a WARC record"
                        )))
                    });
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.error(format!("cannot read: {e}"))));
                }
            }
            if line.starts_with(b"WARC/") {
                break;
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                skipped += line.len();
            }
        }
        self.count += 1;
        if skipped > 0 {
            // The record before this one was broken: say so, then read this one next time.
            // Its header is read now and kept for the next call.
            let error = Error::Page {
                at: format!("{} record {}", self.path.display(), self.count - 1),
                message: format!(
                    "{skipped} bytes are not a WARC record (a wrong Content-Length before them?); skipped to record {}",
                    self.count
                ),
            };
            let headers = self.header_fields();
            self.pending = Some(headers);
            return Some(Err(error));
        }
        Some(self.header_fields())
    }

    fn header_fields(&mut self) -> Result<Vec<(String, String)>> {
        let mut fields = Vec::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            match self.reader.read_until(b'\n', &mut line) {
                Ok(0) => return Err(self.error("the file ends inside a record's header")),
                Ok(_) => {}
                Err(e) => return Err(self.error(format!("cannot read: {e}"))),
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                return Ok(fields);
            }
            if let Some((k, v)) = text.split_once(':') {
                fields.push((k.trim().to_owned(), v.trim().to_owned()));
            }
        }
    }
}

/// How a line read by [`read_line_within`] ended.
enum Line {
    /// At the end of the stream, nothing read.
    End,
    /// A line (with its newline, unless it is the last).
    Whole,
    /// A line longer than the limit: its first `limit` bytes were kept, the rest passed over.
    Over,
}

/// Reads one line into `line`, holding at most `limit` bytes of it, so one line of a
/// gigabyte does not take a gigabyte of memory.
fn read_line_within(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<Line> {
    let mut over = false;
    let mut any = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let used = chunk.len();
        let room = usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .saturating_sub(line.len());
        if chunk.len() - usize::from(done) > room {
            over = true;
        }
        if !over {
            line.extend_from_slice(chunk);
        }
        reader.consume(used);
        if done {
            break;
        }
    }
    Ok(match (any, over) {
        (false, _) => Line::End,
        (true, false) => Line::Whole,
        (true, true) => Line::Over,
    })
}

/// The HTML body of an HTTP response that succeeded and holds a page; None for anything else
/// (a redirect, an image, a stylesheet); Err when the response cannot be unpacked. An
/// encoded body unpacks to at most `limit` bytes, so a small compressed record cannot fill
/// memory.
fn http_page(block: &[u8], limit: u64) -> std::result::Result<Option<Vec<u8>>, String> {
    let Some(split) = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))
    else {
        return Err("the response has no end of its HTTP header".to_owned());
    };
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let code = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse::<u16>().ok());
    if !code.is_some_and(|c| (200..300).contains(&c)) {
        return Ok(None);
    }
    let header = |name: &str| {
        head.lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_ascii_lowercase())
    };
    let mut body = block[split.1..].to_vec();
    if header("Transfer-Encoding").is_some_and(|v| v.contains("chunked")) {
        body = dechunk(&body).ok_or("a chunked response body is malformed")?;
    }
    let unpack = |reader: &mut dyn Read, what: &str| {
        let mut out = Vec::new();
        let within = super::read_within(reader, &mut out, limit)
            .map_err(|e| format!("cannot {what} the response body: {e}"))?;
        if !within {
            return Err(format!(
                "the response body unpacks to more than {limit} bytes, over --max-doc-size; skipped"
            ));
        }
        Ok(out)
    };
    match header("Content-Encoding").as_deref() {
        None | Some("identity") | Some("") => {}
        Some("gzip") | Some("x-gzip") => {
            body = unpack(&mut flate2::read::MultiGzDecoder::new(&body[..]), "gunzip")?;
        }
        Some("deflate") => {
            body = unpack(&mut flate2::read::ZlibDecoder::new(&body[..]), "inflate")?;
        }
        Some(other) => return Err(format!("response body in an unsupported encoding: {other}")),
    }
    let html = match header("Content-Type") {
        Some(t) => t.contains("html"),
        None => super::html::looks_like_html(&body),
    };
    Ok(html.then_some(body))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The body of a `Transfer-Encoding: chunked` response.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let end = find(body, b"\r\n")?;
        let size = std::str::from_utf8(&body[..end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        body = &body[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?.strip_prefix(b"\r\n")?;
    }
}

impl Iterator for Records {
    type Item = Result<Input>;

    fn next(&mut self) -> Option<Result<Input>> {
        if self.done {
            return None;
        }
        match self.kind {
            Kind::Jsonl => self.next_line(),
            Kind::Warc => self.next_record(),
        }
    }
}
