//! `hkg rm`: documents out of the store, and the identity graph recomputed without them.

use std::process::ExitCode;

use hkg::fault::{self, Phase};
use hkg::resolve;

use super::common::{done, open_for_writing, IdentityArgs, StoreArgs};

/// Remove documents from the store by id (the file name without .txt).
///
/// The identity graph is then recomputed from the documents left. Give the --rules and
/// --links your builds use, so that it comes out as a build would make it.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    identity: IdentityArgs,
    /// Document ids.
    #[arg(required = true)]
    docs: Vec<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Args {
        store,
        identity,
        docs,
    } = args;
    let (rules, links) = identity.load()?;
    let (lock, kg) = open_for_writing(&store.store, "hkg rm")?;
    let mut missing = false;
    // Killed between a removal and the recompute, rm leaves identity to the next write.
    resolve::mark_stale(&kg)?;
    for d in docs {
        if kg.remove_document(&d)? {
            fault::point(Phase::Rm);
            eprintln!("removed {d}");
        } else {
            eprintln!("hkg: {d}: no such document in {}", store.store.display());
            missing = true;
        }
    }
    let curation = resolve::stored_curation(&kg)?.unwrap_or_default();
    resolve::recompute(&kg, &rules, &curation, &links)?;
    kg.flush()?;
    hkg::pipeline::publish(&lock, kg, None, false)?;
    Ok(done(missing))
}
