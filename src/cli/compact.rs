//! `hkg compact`: a store's indexes sorted into RocksDB's levels, for stores whose last full
//! build came before builds compacted (see `KgStore::compact`).

use std::process::ExitCode;
use std::time::Instant;

use super::common::{done, open_for_writing, StoreArgs};

/// Compact a store, so that lookups and queries stop paying for unsorted files.
///
/// `hkg build` compacts after it has loaded most of the store. A store last built fully by
/// an older hkg, or grown by many small builds, can be compacted with this command; it takes
/// about as long as the store step of a full build, and readers keep answering meanwhile
/// from the last snapshot.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (lock, kg) = open_for_writing(&args.store.store, "hkg compact")?;
    let started = Instant::now();
    kg.compact()?;
    hkg::pipeline::publish(&lock, &kg, None, true)?;
    eprintln!(
        "compacted {} in {:.1} s",
        args.store.store.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(done(false))
}
