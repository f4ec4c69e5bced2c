//! `hkg validate`: the store checked against SHACL shapes, one TSV line per violation.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use hkg::validate::{self, Shapes};

use super::common::{done, open_existing, StoreArgs};

/// Check the store against the SHACL shapes (ontology/shapes.ttl, built in).
///
/// Each named graph is checked on its own; every violation is printed as one TSV line:
/// document, focus node, constraint, property, value, message.
/// Exit code: 0 the store conforms, 1 it has violations, 2 the check could not run
/// (for example, the shapes use a SHACL constraint hkg does not implement).
/// Examples:
///   hkg validate
///   hkg validate --shapes my-shapes.ttl --limit 20
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// A Turtle file of SHACL shapes to use instead of the built-in ones.
    #[arg(long, value_name = "FILE")]
    shapes: Option<PathBuf>,
    /// Print at most this many violations (all are counted).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let Args {
        store,
        shapes,
        limit,
    } = args;
    let shapes = match &shapes {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read shapes file {}", p.display()))?;
            Shapes::parse(&text, &p.display().to_string())?
        }
        None => Shapes::builtin()?,
    };
    let kg = open_existing(&store.store)?;
    let mut printed = 0usize;
    let mut write_err = None;
    let n = validate::validate(&kg, &shapes, &mut |v| {
        if limit.is_some_and(|l| printed >= l) || write_err.is_some() {
            return;
        }
        printed += 1;
        let r = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            v.document,
            v.focus,
            v.component.name(),
            v.path.as_deref().unwrap_or(""),
            v.value.as_deref().unwrap_or(""),
            v.message
        );
        if let Err(e) = r {
            write_err = Some(e);
        }
    })?;
    if let Some(e) = write_err {
        return Err(e.into());
    }
    if n == 0 {
        eprintln!(
            "conforms: {} documents checked against {} shapes",
            kg.documents()?.len(),
            shapes.shapes.len()
        );
    } else {
        eprintln!("{n} violation{}", if n == 1 { "" } else { "s" });
    }
    Ok(done(n > 0))
}
