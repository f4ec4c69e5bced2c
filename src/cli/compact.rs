//! `hkg compact`: a store's indexes sorted into RocksDB's levels, for stores whose last full
//! build came before builds compacted (see `KgStore::compact`).

use std::process::ExitCode;
use std::time::Instant;

use super::common::{done, open_for_writing, StoreArgs};

/// Compact a store, so that lookups and queries stop paying for unsorted files.
///
/// `hkg build` compacts after it has loaded most of a store that holds more table files than
/// a build keeps open (64). A store last built in full by an older hkg, or grown by many
/// small builds, can be compacted with this command: 262 s at a 79 MB peak for 100,000
/// bench articles. Readers keep answering from the last snapshot meanwhile.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (lock, kg) = open_for_writing(&args.store.store, "hkg compact")?;
    let started = Instant::now();
    kg.compact()?;
    hkg::pipeline::publish(&lock, kg, None, true)?;
    eprintln!(
        "compacted {} in {:.1} s",
        args.store.store.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(done(false))
}
