//! `hkg facts`: the stored facts in the gold file's format, for `diff` and for other tools.

use std::io::Write;
use std::process::ExitCode;

use super::common::{open_existing, print_facts, StoreArgs};

/// Print the stored facts in the gold TSV format (doc, relation, args).
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// Only this document.
    #[arg(long)]
    doc: Option<String>,
}

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let Args { store, doc } = args;
    let kg = open_existing(&store.store)?;
    print_facts(&kg, doc.as_deref(), out)?;
    Ok(ExitCode::SUCCESS)
}
