//! Stage 7, query: SPARQL over the union of all document graphs, with a library of named
//! questions in `queries/` (compiled in; a user's folder overrides or adds files).
//!
//! Results go out in the standard SPARQL results formats (JSON, XML, CSV, TSV) so other tools
//! read them, or as an aligned table for a terminal.

use std::io::Write;
use std::path::Path;

use oxigraph::model::{Literal, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{PreparedSparqlQuery, QueryResults, SparqlEvaluator, Variable};

use crate::error::{Error, Result};
use crate::store::KgStore;

/// The built-in query library: (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "awards-by-recipient.rq",
        include_str!("../queries/awards-by-recipient.rq"),
    ),
    (
        "branches-per-hospital.rq",
        include_str!("../queries/branches-per-hospital.rq"),
    ),
    (
        "dual-leaders.rq",
        include_str!("../queries/dual-leaders.rq"),
    ),
    (
        "evidence-for-entity.rq",
        include_str!("../queries/evidence-for-entity.rq"),
    ),
    (
        "hospital-leaders.rq",
        include_str!("../queries/hospital-leaders.rq"),
    ),
    (
        "hospitals-in-place.rq",
        include_str!("../queries/hospitals-in-place.rq"),
    ),
    (
        "post-holder-as-of.rq",
        include_str!("../queries/post-holder-as-of.rq"),
    ),
    (
        "posts-by-date.rq",
        include_str!("../queries/posts-by-date.rq"),
    ),
    (
        "partners-of-provincial-childrens-hospitals.rq",
        include_str!("../queries/partners-of-provincial-childrens-hospitals.rq"),
    ),
];

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

/// A query to run: its name (for messages) and text.
#[derive(Debug, Clone)]
pub struct NamedQuery {
    pub name: String,
    pub text: String,
}

/// Finds a query: a path to an `.rq` file, else a name (with or without `.rq`) in the user's
/// folder, else in the built-in library.
pub fn resolve(spec: &str, dir: Option<&Path>) -> Result<NamedQuery> {
    let path = Path::new(spec);
    let file = if spec.ends_with(".rq") {
        spec.to_owned()
    } else {
        format!("{spec}.rq")
    };
    let read = |p: &Path| std::fs::read_to_string(p).map_err(Error::read(p));
    if path.is_file() {
        return Ok(NamedQuery {
            name: spec.to_owned(),
            text: read(path)?,
        });
    }
    if let Some(d) = dir {
        let p = d.join(&file);
        if p.is_file() {
            return Ok(NamedQuery {
                name: file,
                text: read(&p)?,
            });
        }
    }
    BUILTIN
        .iter()
        .find(|(n, _)| *n == file)
        .map(|(n, t)| NamedQuery {
            name: (*n).to_owned(),
            text: (*t).to_owned(),
        })
        .ok_or(Error::NotFound {
            what: "query file or library query (see `hkg query --list`)",
            name: spec.to_owned(),
        })
}

/// Every library query by file name: the built-in ones, then the user's folder, which wins
/// on equal names.
pub fn library(dir: Option<&Path>) -> Result<Vec<NamedQuery>> {
    let mut all: std::collections::BTreeMap<String, String> = BUILTIN
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    if let Some(d) = dir {
        let entries = std::fs::read_dir(d).map_err(Error::read(d))?;
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "rq") {
                let text = std::fs::read_to_string(&p).map_err(Error::read(&p))?;
                all.insert(e.file_name().to_string_lossy().into_owned(), text);
            }
        }
    }
    Ok(all
        .into_iter()
        .map(|(name, text)| NamedQuery { name, text })
        .collect())
}

/// Every library query (see [`library`]) with the question its opening comment states.
pub fn list(dir: Option<&Path>) -> Result<Vec<(String, String)>> {
    Ok(library(dir)?
        .into_iter()
        .map(|q| {
            let question = question(&q.text);
            (q.name, question)
        })
        .collect())
}

/// The lines of a query's opening comment, without their `#`.
fn opening_comment(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .take_while(|l| l.trim_start().starts_with('#'))
        .map(|l| l.trim_start().trim_start_matches('#').trim())
}

/// The question a query's opening comment states (its first comment paragraph, one line,
/// up to its `Parameters:` line).
pub fn question(text: &str) -> String {
    opening_comment(text)
        .take_while(|l| !l.starts_with(PARAMETERS))
        .collect::<Vec<_>>()
        .join(" ")
        .trim_start_matches("Question:")
        .trim()
        .to_owned()
}

const PARAMETERS: &str = "Parameters:";

/// A value a library query takes: `--arg NAME=…` on the command line, `?NAME=…` at
/// `/queries/NAME` of `hkg serve`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Parameter {
    pub name: String,
    /// A query that needs it answers a different question without it, or none (a date to
    /// look back from, the one entity asked about); an optional one narrows a listing.
    pub required: bool,
}

/// The parameters a query declares on the `# Parameters: asof (required), org, title` line
/// of its opening comment; a query without such a line (a user's own) takes every `--arg
/// NAME=` its opening comment mentions, none of them required.
pub fn parameters(text: &str) -> Vec<Parameter> {
    if let Some(line) = opening_comment(text).find_map(|l| l.strip_prefix(PARAMETERS)) {
        return line
            .split(',')
            .filter_map(|p| {
                let name = p.split_whitespace().next()?;
                Some(Parameter {
                    name: name.to_owned(),
                    required: p.contains("(required)"),
                })
            })
            .collect();
    }
    let mut found: Vec<Parameter> = Vec::new();
    for line in opening_comment(text) {
        for part in line.split("--arg ").skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty()
                && part[name.len()..].starts_with('=')
                && !found.iter().any(|p| p.name == name)
            {
                found.push(Parameter {
                    name,
                    required: false,
                });
            }
        }
    }
    found
}

/// The first required parameter of `declared` that `args` (name, value) leave out.
pub fn missing<'a>(declared: &'a [Parameter], args: &[(String, String)]) -> Option<&'a Parameter> {
    declared
        .iter()
        .find(|p| p.required && !args.iter().any(|(k, _)| *k == p.name))
}

/// Parses a query with `evaluator` (which may carry a cancellation token) and sets its
/// default graph to the union of the store's graphs (the document graphs and the identity
/// graph), as every query of hkg's has it. A query that names its own dataset (`FROM`,
/// `FROM NAMED`) keeps it. `name` names the query in errors.
pub fn prepare(evaluator: SparqlEvaluator, name: &str, text: &str) -> Result<PreparedSparqlQuery> {
    let mut prepared = evaluator.parse_query(text).map_err(|e| Error::Query {
        name: name.to_owned(),
        message: e.to_string(),
    })?;
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    Ok(prepared)
}

/// The text of `q` with `args` (variable, value) bound: each a VALUES clause placed where the
/// engine binds it before it scans anything (see `binding_brace`; a trailing VALUES is joined
/// after the whole query has run: seconds instead of milliseconds on a large store), its
/// value an escaped literal.
pub fn bind(q: &NamedQuery, args: &[(String, String)]) -> Result<String> {
    let qerr = |m: String| Error::Query {
        name: q.name.clone(),
        message: m,
    };
    if let Some(p) = missing(&parameters(&q.text), args) {
        return Err(qerr(format!(
            "needs a value for {0} (--arg {0}=…; ?{0}=… at /queries of hkg serve)",
            p.name
        )));
    }
    let mut text = q.text.clone();
    let mut clauses: Vec<(Option<usize>, String)> = Vec::new();
    for (var, value) in args {
        let v = Variable::new(var).map_err(|e| qerr(format!("--arg {var}: {e}")))?;
        // ?VAR_zh, where the query has it: the value tagged @zh, as labels and fact
        // arguments are, so that the store finds it through its index instead of comparing
        // every string. ?VAR itself is then left free for the query to bind.
        let tagged = format!("{v}_zh");
        let (var, value) = if text.contains(&tagged) {
            let value = Literal::new_language_tagged_literal_unchecked(value, "zh");
            (tagged, value)
        } else {
            (v.to_string(), Literal::new_simple_literal(value))
        };
        clauses.push((
            binding_brace(&text, &var),
            format!("VALUES {var} {{ {value} }}"),
        ));
    }
    // Last insertion first, so earlier offsets stay valid.
    clauses.sort_by_key(|c| std::cmp::Reverse(c.0));
    for (brace, clause) in clauses {
        match brace {
            Some(b) => text.insert_str(b, &format!("\n  {clause}\n")),
            None => text.push_str(&format!("\n{clause}\n")),
        }
    }
    Ok(text)
}

/// Runs `q` over the union of the store's graphs, binding `args` (variable, value) as plain
/// literals (see [`bind`]), and writes the results to `out`.
pub fn run(
    kg: &KgStore,
    q: &NamedQuery,
    args: &[(String, String)],
    format: Format,
    out: &mut impl Write,
) -> Result<()> {
    let qerr = |m: String| Error::Query {
        name: q.name.clone(),
        message: m,
    };
    let text = bind(q, args)?;
    let results = prepare(SparqlEvaluator::new(), &q.name, &text)?
        .on_store(kg.inner())
        .execute()
        .map_err(|e| qerr(e.to_string()))?;
    let werr = |e: std::io::Error| Error::Write {
        what: "query results".into(),
        source: e,
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let vars: Vec<Variable> = solutions.variables().to_vec();
            if format != Format::Table {
                // Streamed: a listing of the whole corpus is never held in memory.
                let mut ser = QueryResultsSerializer::from_format(results_format(format))
                    .serialize_solutions_to_writer(&mut *out, vars.clone())
                    .map_err(werr)?;
                for s in solutions {
                    ser.serialize(&s.map_err(|e| qerr(e.to_string()))?)
                        .map_err(werr)?;
                }
                ser.finish().map_err(werr)?;
                return Ok(());
            }
            // An aligned table needs every row to size its columns.
            let mut rows = Vec::new();
            for s in solutions {
                rows.push(s.map_err(|e| qerr(e.to_string()))?);
            }
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vars.iter()
                        .map(|v| r.get(v).map(show).unwrap_or_default())
                        .collect()
                })
                .collect();
            let header: Vec<String> = vars.iter().map(|v| v.as_str().to_owned()).collect();
            write_table(&header, &table, out).map_err(werr)?;
        }
        QueryResults::Boolean(b) => {
            if format == Format::Table {
                writeln!(out, "{b}").map_err(werr)?;
            } else {
                QueryResultsSerializer::from_format(results_format(format))
                    .serialize_boolean_to_writer(&mut *out, b)
                    .map_err(werr)?;
            }
        }
        QueryResults::Graph(triples) => {
            // CONSTRUCT and DESCRIBE: N-Triples, one line per triple.
            for t in triples {
                let t = t.map_err(|e| qerr(e.to_string()))?;
                writeln!(out, "{t} .").map_err(werr)?;
            }
        }
    }
    Ok(())
}

fn results_format(f: Format) -> QueryResultsFormat {
    match f {
        Format::Csv => QueryResultsFormat::Csv,
        Format::Tsv => QueryResultsFormat::Tsv,
        Format::Xml => QueryResultsFormat::Xml,
        Format::Json | Format::Table => QueryResultsFormat::Json,
    }
}

/// A term as a reader wants it in a table: literals by their text, IRIs in full.
fn show(t: &Term) -> String {
    match t {
        Term::Literal(l) => l.value().to_owned(),
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}

/// Display width: CJK characters take two columns on a terminal.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if matches!(c, '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}')
            {
                2
            } else {
                1
            }
        })
        .sum()
}

fn write_table(
    header: &[String],
    rows: &[Vec<String>],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c).min(60));
        }
    }
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(width(c));
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(pad + 2));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(header, out)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&rule, out)?;
    for r in rows {
        line(r, out)?;
    }
    writeln!(out, "({} rows)", rows.len())
}

/// Where a VALUES clause binding `var` goes: just after the `{` of the innermost
/// `GRAPH … { }` group (reached from the WHERE group through GRAPH groups alone) in which the
/// variable first occurs, else just after the WHERE group's `{`. Oxigraph plans a GRAPH group
/// before joining what lies outside it, so a value bound outside reached the index only after
/// the group had been read whole: 48 s instead of 0.04 s for one hospital at 100,000
/// documents. Inside a GRAPH group the clause means the same, as it does not depend on the
/// graph.
fn binding_brace(text: &str, var: &str) -> Option<usize> {
    static GRAPH: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\bGRAPH\s+(\?\w+|<[^>]*>)\s*$").expect("static regex")
    });
    let start = where_brace(text)?;
    // Open groups: (byte after the brace, whether it and every group around it is a GRAPH).
    let mut open: Vec<(usize, bool)> = vec![(start, true)];
    let b = text.as_bytes();
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'#' => {
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
                continue;
            }
            b'"' | b'\'' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'<' if text[i + 1..].starts_with(|c: char| c.is_alphabetic()) => {
                i = text[i..].find('>').map_or(b.len(), |n| i + n);
            }
            b'{' => {
                let graph = open.last().is_some_and(|o| o.1) && GRAPH.is_match(&text[start..i]);
                open.push((i + 1, graph));
            }
            b'}' => {
                open.pop();
                if open.is_empty() {
                    return Some(start);
                }
            }
            b'?' if text[i..].starts_with(var)
                && !text[i + var.len()..]
                    .starts_with(|c: char| c.is_alphanumeric() || c == '_') =>
            {
                let inner = open.iter().rev().find(|o| o.1).map_or(start, |o| o.0);
                return Some(inner);
            }
            _ => {}
        }
        i += 1;
    }
    Some(start)
}

/// The byte just after the `{` that opens the outer WHERE group, outside comments.
fn where_brace(text: &str) -> Option<usize> {
    static WHERE: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)\bWHERE\s*\{").expect("static regex"));
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        if let Some(m) = WHERE.find(code) {
            return Some(offset + m.end());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::binding_brace;

    #[test]
    fn a_binding_goes_into_the_graph_group_that_first_uses_it() {
        let q = "SELECT * WHERE { # {?x}\n  GRAPH ?g { ?a <http://e/p#q> \"{?x}\" . ?a ?p ?x }\n}";
        let at = binding_brace(q, "?x").expect("a WHERE group");
        assert_eq!(&q[..at], "SELECT * WHERE { # {?x}\n  GRAPH ?g {");
        // Not into an OPTIONAL group, whose binding would mean something else.
        let q = "SELECT * WHERE { GRAPH ?g { ?a ?p ?b OPTIONAL { ?a ?q ?x } } }";
        let at = binding_brace(q, "?x").expect("a WHERE group");
        assert_eq!(&q[..at], "SELECT * WHERE { GRAPH ?g {");
        let q = "SELECT * WHERE { OPTIONAL { ?a ?q ?x } }";
        assert_eq!(binding_brace(q, "?x"), Some("SELECT * WHERE {".len()));
        // ?xy is another variable.
        let q = "SELECT * WHERE { GRAPH <http://g> { ?xy ?p ?o } ?s ?p ?x }";
        assert_eq!(binding_brace(q, "?x"), Some("SELECT * WHERE {".len()));
    }
}
