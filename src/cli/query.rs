//! `hkg query`: SPARQL over the store, from a file, the library or the command line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::ValueEnum;

use hkg::query;

use super::common::{open_existing, StoreArgs};

/// Run a SPARQL query over all documents (the union of their graphs).
///
/// QUERY is a .rq file, or the name of a library query (`hkg query --list`), or use -e.
/// Examples:
///   hkg query --list
///   hkg query hospital-leaders
///   hkg query evidence-for-entity --arg name=房县人民医院 --format json
///   hkg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// A .rq file or a library query name.
    #[arg(value_name = "QUERY", required_unless_present_any = ["expr", "list"])]
    query: Option<String>,
    /// The query text itself.
    #[arg(
        short = 'e',
        long = "expr",
        value_name = "SPARQL",
        conflicts_with = "query"
    )]
    expr: Option<String>,
    /// table for a terminal; csv, tsv, json, xml are the standard SPARQL results formats.
    #[arg(long, value_enum, default_value_t = QueryFormatArg::Table)]
    format: QueryFormatArg,
    /// Bind a variable of the query to a plain string: --arg name=房县人民医院. The value
    /// is bound before the query runs; a query that uses ?name_zh gets the value tagged
    /// @zh there instead (as labels are), for index lookups.
    #[arg(long = "arg", value_name = "VAR=VALUE")]
    args: Vec<String>,
    /// List the library queries with the question each answers.
    #[arg(long)]
    list: bool,
    /// A folder of .rq files that add to or replace the built-in library.
    #[arg(long, value_name = "DIR")]
    queries: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum QueryFormatArg {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let Args {
        store,
        query,
        expr,
        format,
        args,
        list,
        queries,
    } = args;
    if list {
        for (name, question) in query::list(queries.as_deref())? {
            writeln!(out, "{:<48} {question}", name.trim_end_matches(".rq"))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let q = match (expr, query) {
        (Some(text), _) => query::NamedQuery {
            name: "-e".into(),
            text,
        },
        (None, Some(spec)) => query::resolve(&spec, queries.as_deref())?,
        (None, None) => bail!("give a QUERY, -e SPARQL or --list"),
    };
    let mut bindings = Vec::new();
    for a in args {
        let Some((k, v)) = a.split_once('=') else {
            bail!("--arg {a}: expected VAR=VALUE");
        };
        bindings.push((k.trim_start_matches('?').to_owned(), v.to_owned()));
    }
    let kg = open_existing(&store.store)?;
    let format = match format {
        QueryFormatArg::Table => query::Format::Table,
        QueryFormatArg::Csv => query::Format::Csv,
        QueryFormatArg::Tsv => query::Format::Tsv,
        QueryFormatArg::Json => query::Format::Json,
        QueryFormatArg::Xml => query::Format::Xml,
    };
    query::run(&kg, &q, &bindings, format, out)?;
    Ok(ExitCode::SUCCESS)
}
