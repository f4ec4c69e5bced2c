//! What several commands share: the store and identity arguments, opening a store with an
//! error that says how to make one, the progress bar, fact printing and the exit codes, so
//! every command words and signals these alike.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use hkg::resolve;
use hkg::snapshot::{self, Reader, WriteLock};
use hkg::store::KgStore;
use hkg::Rules;

/// Exit code of a command that did its work but not all of it (some inputs failed, the store
/// has violations), so scripts can tell it from success and from an error.
const PARTIAL: u8 = 1;
/// Exit code of a command that could not run.
const ERROR: u8 = 2;

/// `--store`, defined once so that every command that reads or writes a store names, defaults
/// and documents it alike.
#[derive(Args, Clone)]
pub struct StoreArgs {
    /// The store folder (an embedded Oxigraph/RocksDB database; created when missing).
    #[arg(long, global = true, default_value = "hkg-store", value_name = "DIR")]
    pub store: PathBuf,
}

/// What the identity graph is computed with besides the documents and the stored curation;
/// `rm` takes them too, because removing a document recomputes that graph.
#[derive(Args)]
pub struct IdentityArgs {
    /// A folder of rule files that replace the built-in ones of the same name
    /// (see `hkg rules`).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// A link table (name, code, Wikidata Q-id, source) adding to the built-in data/links.tsv.
    #[arg(long, value_name = "FILE")]
    links: Option<PathBuf>,
}

impl IdentityArgs {
    /// Loads the rules and links before the store is touched, so a bad rule or link file
    /// stops the command with nothing changed.
    pub fn load(&self) -> anyhow::Result<(Rules, Vec<resolve::Link>)> {
        let rules = Rules::load(self.rules.as_deref()).context("cannot load the rules")?;
        Ok((rules, resolve::load_links(self.links.as_deref())?))
    }
}

/// The exit code of a command that did its work, failing on some of it when `partial`.
pub fn done(partial: bool) -> ExitCode {
    if partial {
        ExitCode::from(PARTIAL)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reports an error that stopped a command and gives its exit code. A closed standard output
/// (`hkg facts | head`) is how a reader says it has enough, not an error.
pub fn failed(e: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(e) {
        return ExitCode::SUCCESS;
    }
    eprintln!("hkg: {e:#}");
    ExitCode::from(ERROR)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Opens a store a command reads, from its last finished build (see [`hkg::snapshot`]), so
/// that it answers while a build runs: a missing one is a mistyped path or a store not yet
/// built, and the error says how to build one rather than creating it empty.
pub fn open_existing(store: &Path) -> anyhow::Result<Reader> {
    must_exist(store)?;
    snapshot::open(store).with_context(|| format!("cannot open the store at {}", store.display()))
}

/// A store a command reads or changes must exist: a missing one is a mistyped path or a store
/// not yet built, and the error says how to build one rather than creating it empty.
fn must_exist(store: &Path) -> anyhow::Result<()> {
    if !store.exists() {
        bail!(
            "no store at {} (build one with `hkg build PATH --store {}`)",
            store.display(),
            store.display()
        );
    }
    Ok(())
}

/// Takes a store's write lock for `command` (named in the message another writer gets), and
/// warns when the last writer was stopped before it finished.
pub fn write_lock(store: &Path, command: &str) -> anyhow::Result<WriteLock> {
    let lock = WriteLock::acquire(store, command)?;
    if let Some(last) = lock.taken_over() {
        eprintln!(
            "hkg: warning: the last writer of {}, {last}, stopped without finishing; every document it touched is whole or absent, and `{command}` takes over",
            store.display()
        );
    }
    Ok(lock)
}

/// Takes an existing store's write lock and opens it for writing (see [`write_lock`]).
pub fn open_for_writing(store: &Path, command: &str) -> anyhow::Result<(WriteLock, KgStore)> {
    must_exist(store)?;
    let lock = write_lock(store, command)?;
    let kg = KgStore::open_for_build(store)
        .with_context(|| format!("cannot open the store at {}", store.display()))?;
    Ok((lock, kg))
}

/// A progress bar on standard error when it is a terminal, else a hidden one.
pub fn progress_bar(total: u64, template: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    ProgressBar::new(total).with_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    )
}

/// The stored facts in the gold TSV format: `hkg facts` and `hkg build --print-facts` print
/// the same bytes.
pub fn print_facts(kg: &KgStore, doc: Option<&str>, out: &mut impl Write) -> anyhow::Result<()> {
    for r in kg.facts()? {
        if doc.is_none_or(|d| d == r.doc) {
            writeln!(out, "{}", r.tsv())?;
        }
    }
    Ok(())
}
