//! `hkg push`: the store's graphs to another triple store (see [`hkg::push`]).

use std::io::Write;
use std::process::ExitCode;

use hkg::push::{self, Auth};

use super::common::{open_existing, StoreArgs};

/// Push the store's graphs to a triple store server over the SPARQL 1.1 Graph Store HTTP
/// Protocol: one PUT ?graph=IRI per document graph and one for the identity graph, as
/// N-Triples, and a DELETE for each document removed since the last push.
///
/// Incremental: a state file in the store folder (hkg-push-state.json) records, per
/// endpoint, which version of each graph the server accepted, so a later push sends only
/// the graphs that changed. It records nothing the server did not accept, so a push that
/// was killed or refused is completed by the next one, and a PUT replaces its graph whole,
/// so nothing is duplicated. --full sends everything again.
///
/// Credentials come from HKG_PUSH_AUTH=user:password (Basic, or Digest when the server asks
/// for it), never from the command line, where the process list would show them.
/// Examples:
///   hkg push --endpoint http://127.0.0.1:7879/store                     # oxigraph serve
///   HKG_PUSH_AUTH=dba:dba hkg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth   # Virtuoso
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// The server's Graph Store endpoint; each graph is sent to it with ?graph=IRI.
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// Send every graph, whatever was pushed before.
    #[arg(long)]
    full: bool,
}

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let auth = match std::env::var("HKG_PUSH_AUTH") {
        Ok(v) => Some(
            Auth::parse(&v)
                .ok_or_else(|| anyhow::anyhow!("HKG_PUSH_AUTH must be user:password"))?,
        ),
        Err(_) => None,
    };
    let reader = open_existing(&args.store.store)?;
    let pushed = push::push(
        &reader,
        &args.store.store,
        &args.endpoint,
        auth,
        args.full,
        &mut |p| eprint!("\r{p}"),
    )?;
    eprintln!();
    writeln!(
        out,
        "pushed {} graphs ({:.1} MB), deleted {}, unchanged {} at {}",
        pushed.put,
        pushed.bytes as f64 / 1e6,
        pushed.deleted,
        pushed.unchanged,
        args.endpoint
    )?;
    Ok(ExitCode::SUCCESS)
}
