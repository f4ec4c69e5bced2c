//! `hkg eval`: the stored facts scored against a gold file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use hkg::eval;

use super::common::{open_existing, StoreArgs};

/// Score the stored facts against a gold file: P/R/F1 per relation, strict and lenient.
///
/// Documents absent from the gold file are not scored. The headline is the micro-F1 over
/// hospital, person, role, branch, award and partner.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// Gold facts in the TSV format of GOLD.md.
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Also list every missed and every spurious fact (strict).
    #[arg(long)]
    errors: bool,
}

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let Args {
        store,
        gold,
        errors,
    } = args;
    let kg = open_existing(&store.store)?;
    let text = std::fs::read_to_string(&gold)
        .with_context(|| format!("cannot read gold file {}", gold.display()))?;
    let gold_rows = eval::parse_gold(&text, &gold)?;
    let report = eval::score(&gold_rows, &kg.facts()?);
    write!(out, "{}", eval::table(&report))?;
    if errors {
        writeln!(out, "\n# missed (in gold, not extracted)")?;
        for r in &report.strict.missed {
            writeln!(out, "-\t{}", r.tsv())?;
        }
        writeln!(out, "\n# spurious (extracted, not in gold)")?;
        for r in &report.strict.spurious {
            writeln!(out, "+\t{}", r.tsv())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
