//! `hkg show`: one entity across all the documents that name it, for a reader at a terminal.

use std::io::Write;
use std::process::ExitCode;

use hkg::resolve;

use super::common::{open_existing, StoreArgs};

/// Everything known about one entity: names, class, place, links, and every fact with its
/// evidence sentence, document and the document's date, across all the documents' names for
/// it. Facts are listed by date, so a change of post across articles reads in order.
///
/// ENTITY is a name, an alias or an IRI. Examples:
///   hkg show 房县人民医院
///   hkg show https://w3id.org/hkg/id/hospital/房县人民医院
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// A name, alias or IRI.
    entity: String,
}

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let Args { store, entity } = args;
    let kg = open_existing(&store.store)?;
    let d = resolve::describe(&kg, &entity)?;
    writeln!(out, "{}", d.names.first().map_or("", String::as_str))?;
    writeln!(out, "  iri      {}", d.iri)?;
    if d.names.len() > 1 {
        writeln!(out, "  also     {}", d.names[1..].join("; "))?;
    }
    writeln!(out, "  class    {}", d.classes.join(", "))?;
    for p in &d.places {
        writeln!(out, "  place    {p}")?;
    }
    for s in &d.same_as {
        writeln!(out, "  same as  {s}")?;
    }
    writeln!(out, "  facts    {}", d.facts.len())?;
    for f in &d.facts {
        writeln!(
            out,
            "    {:<12} {}\n      [{}{} {}-{}] {}",
            f.relation,
            f.args.join(" | "),
            f.date
                .as_deref()
                .map(|d| format!("{d} "))
                .unwrap_or_default(),
            f.doc,
            f.start,
            f.end,
            f.sentence
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
