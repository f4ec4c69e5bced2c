//! What users collect from the web: saved pages, JSON Lines from a scraper and WARC crawls.
//! Each is built with the real binary, and what it gives is compared with the same articles
//! as plain text.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::{hkg, ok, query, s};

const DCTERMS: &str = "PREFIX dcterms: <http://purl.org/dc/terms/>";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html")
}

/// The facts a build prints, without the document column, as a set.
fn facts_of(printed: &str) -> BTreeSet<String> {
    printed
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once('\t').map_or(l, |(_, rest)| rest).to_owned())
        .collect()
}

fn memory_facts(paths: &[&Path], extra: &[&str]) -> BTreeSet<String> {
    let mut args = vec!["build", "--memory", "--print-facts", "-q"];
    args.extend_from_slice(extra);
    args.extend(paths.iter().map(|p| s(p)));
    facts_of(&ok(&args))
}

fn meta(name: &str, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(fixtures().join(format!("{name}.meta.txt"))).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")).map(str::to_owned))
}

/// Each fixture page (a GBK hospital page with a menu, breadcrumbs and a related-news list
/// that names other hospitals and leaders, a health-commission page, a WeChat article) gives
/// exactly the facts of its article saved as text: none from the furniture, none lost.
#[test]
fn a_page_gives_the_facts_of_its_article_and_none_from_its_furniture() {
    let tmp = tempfile::tempdir().expect("tmp");
    for name in ["hospital-gbk", "gov", "wechat", "gbk-httpequiv"] {
        let page = fixtures().join(format!("{name}.html"));
        let body =
            std::fs::read_to_string(fixtures().join(format!("{name}.body.txt"))).expect("body");
        let title = meta(name, "title").expect("title");
        let txt = tmp.path().join(format!("{name}.txt"));
        std::fs::write(&txt, format!("{title}\n{body}")).expect("write");
        let from_page = memory_facts(&[&page], &[]);
        let from_text = memory_facts(&[&txt], &[]);
        assert!(!from_text.is_empty(), "{name}: the article states facts");
        assert_eq!(from_page, from_text, "{name}: page and text differ");
    }
}

/// A page's title, date (a month alone as xsd:gYearMonth), address and main text are stored
/// on its document; evidence offsets slice the stored text; the store conforms to the shapes.
#[test]
fn a_page_keeps_its_title_date_address_and_text() {
    let tmp = tempfile::tempdir().expect("tmp");
    let pages = tmp.path().join("pages");
    std::fs::create_dir(&pages).expect("mkdir");
    for name in ["hospital-gbk", "gov", "wechat", "gbk-httpequiv"] {
        let file = format!("{name}.html");
        std::fs::copy(fixtures().join(&file), pages.join(&file)).expect("copy");
    }
    let store = tmp.path().join("store");
    ok(&["build", "-q", "--store", s(&store), s(&pages)]);
    let rows = String::from_utf8(
        query(
            &store,
            &format!(
                "{DCTERMS} SELECT ?id ?t ?d ?src (DATATYPE(?d) AS ?type) WHERE {{ GRAPH ?g {{
                   ?g <https://w3id.org/hkg/ontology#docId> ?id ; dcterms:title ?t ; dcterms:date ?d .
                   OPTIONAL {{ ?g dcterms:source ?src }} }} }} ORDER BY ?id"
            ),
        )
        .stdout,
    )
    .expect("utf-8");
    for name in ["hospital-gbk", "gov", "wechat", "gbk-httpequiv"] {
        let line = rows
            .lines()
            .find(|l| l.starts_with(&format!("\"{name}\"")))
            .unwrap_or_else(|| panic!("{name} not in {rows}"));
        let title = meta(name, "title").expect("title");
        assert!(line.contains(&title), "{line}");
        let date = meta(name, "date").expect("date");
        assert!(line.contains(&format!("\"{date}\"")), "{line}");
        let kind = if date.len() == 7 {
            "gYearMonth"
        } else {
            "date"
        };
        assert!(line.ends_with(&format!("XMLSchema#{kind}>")), "{line}");
        if let Some(url) = meta(name, "url") {
            assert!(line.contains(&format!("<{url}>")), "{line}");
        }
    }
    // Every fact's offsets slice its evidence out of the stored text.
    let spans = String::from_utf8(
        query(
            &store,
            "PREFIX hkg: <https://w3id.org/hkg/ontology#>
             SELECT ?content ?start ?end ?sentence WHERE { GRAPH ?g {
               ?g hkg:content ?content . ?f hkg:evidence ?s ; hkg:start ?start ; hkg:end ?end .
               ?s hkg:text ?sentence } }",
        )
        .stdout,
    )
    .expect("utf-8");
    let mut checked = 0;
    for row in spans.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let content = unquote(cols[0]);
        let number = |c: &str| -> usize {
            c.trim_matches('"')
                .split('"')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("offset")
        };
        let (start, end) = (number(cols[1]), number(cols[2]));
        let span: String = content.chars().skip(start).take(end - start).collect();
        assert!(!span.is_empty(), "{row}");
        assert!(
            unquote(cols[3]).contains(&span),
            "offsets {start}-{end} give {span:?}, not in the evidence: {row}"
        );
        checked += 1;
    }
    assert!(checked > 10, "{spans}");
    let v = hkg(&["validate", "--store", s(&store)]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}

/// A TSV literal's value: quotes and language tag or datatype stripped, escapes undone.
fn unquote(cell: &str) -> String {
    let inner = cell.strip_prefix('"').unwrap_or(cell);
    let end = inner.rfind('"').unwrap_or(inner.len());
    inner[..end]
        .replace("\\n", "\n")
        .replace("\\\"", "\"")
        .replace("\\\\", "\\")
}

/// The bench corpus as web pages of four template families gives the facts of the same
/// articles as text on every page (the issue asks for 99%).
#[test]
fn generated_pages_of_every_family_give_the_facts_of_their_text() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (txt, html) = (tmp.path().join("txt"), tmp.path().join("html"));
    ok(&["bench-corpus", "200", s(&txt), "--seed", "7"]);
    ok(&[
        "bench-corpus",
        "200",
        s(&html),
        "--seed",
        "7",
        "--as",
        "html",
    ]);
    let by_doc = |dir: &Path| -> std::collections::BTreeMap<String, BTreeSet<String>> {
        let mut out = std::collections::BTreeMap::<String, BTreeSet<String>>::new();
        for l in ok(&["build", "--memory", "--print-facts", "-q", s(dir)]).lines() {
            if let Some((doc, fact)) = l.split_once('\t') {
                out.entry(doc.to_owned())
                    .or_default()
                    .insert(fact.to_owned());
            }
        }
        out
    };
    let (from_txt, from_html) = (by_doc(&txt), by_doc(&html));
    assert_eq!(from_txt.len(), 200);
    let same = from_txt
        .iter()
        .filter(|(doc, facts)| from_html.get(*doc) == Some(facts))
        .count();
    assert!(
        same * 100 >= 99 * 200,
        "{same} of 200 pages give the text's facts"
    );
}

fn jsonl(dir: &Path, lines: &[&str]) -> PathBuf {
    let p = dir.join("export.jsonl");
    std::fs::write(&p, lines.join("\n") + "\n").expect("write");
    p
}

/// JSON Lines: `text` or `html` per line; a line without `id` gets a stable hash of its
/// `url` (or text); a bad line is reported by its number and the others are built.
#[test]
fn json_lines_are_built_line_by_line_and_bad_lines_named() {
    let tmp = tempfile::tempdir().expect("tmp");
    let page = std::fs::read(fixtures().join("wechat.html")).expect("page");
    let page = String::from_utf8(page).expect("utf-8 fixture");
    let html_line =
        serde_json::json!({"url": "https://mp.example.cn/s/abc", "html": page}).to_string();
    let file = jsonl(
        tmp.path(),
        &[
            r#"{"id": "n1", "url": "https://news.example.cn/1.html", "title": "青溪县人民医院召开大会", "date": "2023-03-08", "text": "3月6日，青溪县人民医院召开干部大会。医院党委书记周立群、院长郑国栋出席会议。"}"#,
            r#"{"url": "https://news.example.cn/2.html", "date": "2024年5月", "text": "5月，青溪县人民医院召开干部大会。党委书记周立群主持会议，院长冯德华讲话。"}"#,
            "",
            r#"{"text": "没有网址的稿件：丹霞县中医院院长孙海涛带队开展义诊活动。"}"#,
            "this line is not JSON",
            r#"{"url": "https://news.example.cn/5.html", "title": "no text"}"#,
            &html_line,
        ],
    );
    let store = tmp.path().join("store");
    let out = hkg(&["build", "-q", "--store", s(&store), s(&file)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("export.jsonl:5: not a JSON object"),
        "{stderr}"
    );
    assert!(
        stderr.contains("export.jsonl:6: has neither \"text\" nor \"html\""),
        "{stderr}"
    );
    assert!(stderr.contains("built 4 skipped 0 failed 2"), "{stderr}");
    let docs = ok(&["stats", "--store", s(&store)]);
    let ids = hkg::ingest::short_hash;
    let expected = [
        "n1".to_owned(),
        ids("https://news.example.cn/2.html"),
        ids("没有网址的稿件：丹霞县中医院院长孙海涛带队开展义诊活动。"),
        ids("https://mp.example.cn/s/abc"),
    ];
    let stored = String::from_utf8(
        query(
            &store,
            "SELECT ?id WHERE { GRAPH ?g { ?g <https://w3id.org/hkg/ontology#docId> ?id } } ORDER BY ?id",
        )
        .stdout,
    )
    .expect("utf-8");
    for id in &expected {
        assert!(
            stored.contains(&format!("\"{id}\"")),
            "{id} not in {stored} ({docs})"
        );
    }
    // Gzipped, by its name or by its content alone.
    for name in ["export.jsonl.gz", "export-dump"] {
        let gz = tmp.path().join(name);
        let mut e = flate2::write::GzEncoder::new(
            std::fs::File::create(&gz).expect("create"),
            flate2::Compression::fast(),
        );
        e.write_all(&std::fs::read(&file).expect("read"))
            .expect("gzip");
        e.finish().expect("gzip");
        let out = hkg(&["build", "--memory", "-q", s(&gz)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{name}:5: not a JSON object")),
            "{stderr}"
        );
        assert!(stderr.contains("built 4 skipped 0 failed 2"), "{stderr}");
    }
    // The same file again: every line is current.
    let again = hkg(&["build", "-q", "--store", s(&store), s(&file)]);
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("built 0 skipped 4 failed 2"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    // Dates: a day, and a month alone.
    let dates = String::from_utf8(
        query(
            &store,
            &format!(
                "{DCTERMS} SELECT ?d WHERE {{ GRAPH ?g {{ ?g dcterms:date ?d }} }} ORDER BY ?d"
            ),
        )
        .stdout,
    )
    .expect("utf-8");
    assert!(
        dates.contains("\"2023-03-08\"^^<http://www.w3.org/2001/XMLSchema#date>"),
        "{dates}"
    );
    assert!(
        dates.contains("\"2024-05\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>"),
        "{dates}"
    );
    // The page of the html line gives its own date.
    assert!(dates.contains("\"2024-06-05\""), "{dates}");

    // Posts as of their article's date: the later article's 院长 after it, the earlier one's
    // before it.
    let as_of = |date: &str| {
        ok(&[
            "query",
            "--store",
            s(&store),
            "post-holder-as-of",
            "--format",
            "tsv",
            "--arg",
            &format!("asof={date}"),
            "--arg",
            "title=院长",
            "--arg",
            "org=青溪县人民医院",
        ])
    };
    let before = as_of("2023-12-31");
    assert!(
        before.contains("郑国栋") && !before.contains("冯德华"),
        "{before}"
    );
    let after = as_of("2024-06-30");
    assert!(
        after.contains("冯德华") && !after.contains("郑国栋"),
        "{after}"
    );
    let posts = ok(&[
        "query",
        "--store",
        s(&store),
        "posts-by-date",
        "--arg",
        "org=青溪县人民医院",
    ]);
    let first = posts.find("2023-03-08").expect("dated post");
    let second = posts.find("2024-05").expect("month-dated post");
    assert!(first < second, "{posts}");
    let shown = ok(&["show", "--store", s(&store), "周立群"]);
    assert!(
        shown.contains("[2023-03-08 n1 ") && shown.contains("[2024-05 "),
        "{shown}"
    );
}

/// WARC: the HTML responses are built, other records passed over; the id is a hash of the
/// target URI and WARC-Date stands in for a date the page does not give; a record with a
/// wrong length is reported by its number and the records after it are still built, from a
/// plain or a gzipped file.
#[test]
fn a_warc_crawl_is_built_from_its_html_responses() {
    let tmp = tempfile::tempdir().expect("tmp");
    let page = |title: &str, body: &str| {
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\
             <div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/news\">新闻中心</a></div>\
             <h1>{title}</h1><div class=\"content\"><p>{body}</p></div></body></html>"
        )
    };
    let a = page(
        "丹霞县妇幼保健院开展义诊",
        "近日，丹霞县妇幼保健院党支部书记吴海燕带领医护人员走进社区，为居民开展义诊活动，受到群众欢迎。",
    );
    let b = page(
        "青溪县人民医院获评文明单位",
        "日前，青溪县人民医院被评为“省级文明单位”。院长冯德华表示，医院将继续提升服务水平，让群众就医更加便利。",
    );
    let record = hkg::synth::warc_record;
    let request = b"WARC/1.1\r\nWARC-Type: request\r\nWARC-Target-URI: https://a.example.cn/1.html\r\nContent-Length: 4\r\n\r\nGET \r\n\r\n".to_vec();
    let mut image = record("https://a.example.cn/logo.png", "2024-01-02", "PNG");
    let at = image
        .windows(9)
        .position(|w| w == b"text/html")
        .expect("content type");
    image.splice(at..at + 9, b"image/png".iter().copied());
    // A record whose WARC Content-Length is far too short.
    let mut broken = record("https://a.example.cn/broken.html", "2024-01-03", &a);
    let at = broken
        .windows(16)
        .position(|w| w == b"Content-Length: ")
        .expect("length");
    let end = at
        + broken[at..]
            .iter()
            .position(|&b| b == b'\r')
            .expect("line end");
    broken.splice(at + 16..end, b"10".iter().copied());
    let mut warc = Vec::new();
    warc.extend(&request);
    warc.extend(record("https://a.example.cn/1.html", "2024-02-29", &a));
    warc.extend(&image);
    warc.extend(record("https://b.example.cn/2.html", "2023-07-01", &b));
    let plain = tmp.path().join("crawl.warc");
    let mut broken_file = warc.clone();
    broken_file.extend(&broken);
    std::fs::write(&plain, &warc).expect("write");
    let gz = tmp.path().join("crawl2.warc.gz");
    {
        let mut e = flate2::write::GzEncoder::new(
            std::fs::File::create(&gz).expect("create"),
            flate2::Compression::fast(),
        );
        e.write_all(&warc).expect("gzip");
        e.finish().expect("gzip");
    }
    for file in [&plain, &gz] {
        let store = tmp.path().join(format!(
            "s-{}",
            file.file_name().expect("name").to_string_lossy()
        ));
        let out = hkg(&["build", "-q", "--store", s(&store), s(file)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.contains("built 2 skipped 0 failed 0"), "{stderr}");
        let rows = String::from_utf8(
            query(
                &store,
                &format!(
                    "{DCTERMS} SELECT ?id ?src ?d WHERE {{ GRAPH ?g {{ ?g <https://w3id.org/hkg/ontology#docId> ?id ;
                       dcterms:source ?src ; dcterms:date ?d }} }} ORDER BY ?id"
                ),
            )
            .stdout,
        )
        .expect("utf-8");
        for (uri, date) in [
            ("https://a.example.cn/1.html", "2024-02-29"),
            ("https://b.example.cn/2.html", "2023-07-01"),
        ] {
            let id = hkg::ingest::short_hash(uri);
            let line = rows
                .lines()
                .find(|l| l.contains(&id))
                .unwrap_or_else(|| panic!("{uri} not built: {rows}"));
            assert!(
                line.contains(&format!("<{uri}>")) && line.contains(date),
                "{line}"
            );
        }
        let facts = ok(&["facts", "--store", s(&store)]);
        assert!(
            facts.contains("吴海燕") && facts.contains("冯德华"),
            "{facts}"
        );
        assert!(!facts.contains("首页"), "{facts}");
    }
    // The broken record is named, and the reader finds the record after it.
    let bad = tmp.path().join("bad.warc");
    let mut bytes = broken_file;
    bytes.extend(record("https://c.example.cn/3.html", "2023-01-01", &b));
    std::fs::write(&bad, &bytes).expect("write");
    let out = hkg(&["build", "--memory", "-q", s(&bad)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("bad.warc record 5"), "{stderr}");
    assert!(stderr.contains("built 3 skipped 0 failed 2"), "{stderr}");
}

/// A page on standard input with --format html; a page saved as .asp is read as a page.
#[test]
fn format_is_given_or_found() {
    let page = std::fs::read(fixtures().join("hospital-gbk.html")).expect("page");
    let out = common::hkg_stdin(
        &[
            "build",
            "--memory",
            "--print-facts",
            "-q",
            "--format",
            "html",
            "-",
        ],
        &page,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_stdin = facts_of(&String::from_utf8(out.stdout).expect("utf-8"));
    let tmp = tempfile::tempdir().expect("tmp");
    let asp = tmp.path().join("news_detail.asp");
    std::fs::write(&asp, &page).expect("write");
    let from_asp = memory_facts(&[&asp], &[]);
    let from_file = memory_facts(&[&fixtures().join("hospital-gbk.html")], &[]);
    assert!(!from_file.is_empty());
    assert_eq!(from_stdin, from_file);
    assert_eq!(from_asp, from_file);
    // Read as text, the same bytes give the furniture's words too.
    let as_text = memory_facts(&[&asp], &["--format", "txt"]);
    assert_ne!(as_text, from_file);
}

/// `--prune` keeps every stored document when a line could not be read: the line may be the
/// one that holds a stored document, and its id is unknown.
#[test]
fn prune_keeps_what_an_unreadable_line_may_hold() {
    let tmp = tempfile::tempdir().expect("tmp");
    let good = [
        r#"{"id": "a", "text": "丹霞县中医院院长孙海涛带队开展义诊活动。"}"#,
        r#"{"id": "b", "text": "青溪县人民医院党委书记周立群主持会议。"}"#,
    ];
    let file = jsonl(tmp.path(), &good);
    let store = tmp.path().join("store");
    ok(&["build", "-q", "--store", s(&store), s(&file)]);
    jsonl(tmp.path(), &[good[0], r#"{"id": "b", "text": "truncated"#]);
    let out = hkg(&["build", "-q", "--prune", "--store", s(&store), s(&file)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("export.jsonl:2: not a JSON object"),
        "{stderr}"
    );
    assert!(
        stderr.contains("nothing pruned: 1 JSON Lines lines"),
        "{stderr}"
    );
    let facts = ok(&["facts", "--store", s(&store)]);
    assert!(facts.contains("b\trole\t周立群"), "{facts}");
    // Once the line reads again, a line that is gone is pruned.
    jsonl(tmp.path(), &[good[0]]);
    let out = hkg(&["build", "-q", "--prune", "--store", s(&store), s(&file)]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("pruned 1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
