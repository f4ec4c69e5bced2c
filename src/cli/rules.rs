//! `hkg rules`: the built-in rule files, to copy into a `--rules` folder and edit.

use std::io::Write;
use std::process::ExitCode;

use anyhow::bail;

use hkg::Rules;

/// Print a built-in rule file (to copy into a --rules folder and edit).
#[derive(clap::Args)]
pub struct Args {
    /// A rule file name; omit to list them.
    name: Option<String>,
}

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let Args { name } = args;
    match name {
        None => {
            for n in Rules::file_names() {
                writeln!(out, "{n}")?;
            }
        }
        Some(n) => match Rules::builtin_text(&n) {
            Some(t) => write!(out, "{t}")?,
            None => bail!("no rule file {n} (run `hkg rules` for the list)"),
        },
    }
    Ok(ExitCode::SUCCESS)
}
