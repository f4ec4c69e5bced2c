//! `hkg stats`: what the store holds, counted.

use std::io::Write;
use std::process::ExitCode;

use hkg::Relation;

use super::common::{open_existing, StoreArgs};

/// Count documents, facts per relation and entities.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
}

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let Args { store } = args;
    let kg = open_existing(&store.store)?;
    let s = kg.stats()?;
    writeln!(out, "documents\t{}", s.documents)?;
    writeln!(out, "quads\t{}", s.quads)?;
    for r in Relation::ALL {
        writeln!(
            out,
            "facts.{}\t{}",
            r,
            s.per_relation.get(&r).copied().unwrap_or(0)
        )?;
    }
    for (class, n) in &s.entities {
        writeln!(out, "entities.{class}\t{n}")?;
    }
    Ok(ExitCode::SUCCESS)
}
