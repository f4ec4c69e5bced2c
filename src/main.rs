//! The `hkg` command line: parse, run, print `hkg: {err:#}`, exit with a code that says what
//! happened (0 ok, 1 some inputs failed, 2 error). Each command lives in its own module under
//! `cli/`, its arguments beside its body, so adding one is a new file and an arm here.

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cli::{
    bench_corpus, build, common, compact, eval, export, facts, link, push, query, rm, rules, serve,
    show, stats, validate,
};

/// hkg turns Chinese hospital news into an RDF knowledge graph.
///
/// Typical use:
///   hkg build corpus/sample          # read articles into ./hkg-store
///   hkg facts                        # print the facts, one TSV line each
///   hkg eval --gold corpus/sample/gold.tsv
#[derive(Parser)]
#[command(name = "hkg", version, about, long_about, verbatim_doc_comment)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build(build::Args),
    Rm(rm::Args),
    Compact(compact::Args),
    Stats(stats::Args),
    Facts(facts::Args),
    Eval(eval::Args),
    Query(query::Args),
    Export(export::Args),
    Show(show::Args),
    Validate(validate::Args),
    #[command(name = "bench-corpus")]
    BenchCorpus(bench_corpus::Args),
    Rules(rules::Args),
    Serve(serve::Args),
    Link(link::Args),
    Push(push::Args),
}

/// mimalloc, which with its `override` feature also serves RocksDB's C++ allocations: freed
/// memory goes back to the system instead of staying in glibc's per-thread arenas (a 10k build
/// peaks about 100 MB lower, BENCHMARKS 32). Oxigraph frees RocksDB's error strings with the
/// Rust allocator, so the two must be one and the same.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    #[cfg(unix)]
    return_freed_memory_at_once();
    let cli = Cli::parse();
    run(cli).unwrap_or_else(|e| common::failed(&e))
}

/// mimalloc holds a page it freed for a second (its purge delay, 1000 ms in the mimalloc this
/// links) before it gives the memory back, and a build frees in bursts: with the delay at 0 a
/// replacement of all 10k bench documents peaked at 363-415 MB instead of 507-525 MB, in about
/// the same time (BENCHMARKS 36). mimalloc also marks its arena for transparent huge pages,
/// and the kernel then fills whole 2 MB pages around the little a build still uses: 383 of
/// the 550 MB a 1k-of-100k replacement held were such pages (BENCHMARKS 38), so hkg turns
/// them off. Both settings are read from the environment when the process starts, before
/// `main`, and setting them through mimalloc's C API would take `unsafe`, so hkg runs itself
/// again, as the same process, with `MIMALLOC_PURGE_DELAY=0` and `MIMALLOC_ALLOW_THP=0`. A
/// value the user sets is kept; if the program cannot be run again it goes on as it is.
#[cfg(unix)]
fn return_freed_memory_at_once() {
    use std::os::unix::process::CommandExt;
    const SETTINGS: [(&str, &str); 2] =
        [("MIMALLOC_PURGE_DELAY", "0"), ("MIMALLOC_ALLOW_THP", "0")];
    let unset: Vec<_> = SETTINGS
        .iter()
        .filter(|(name, _)| std::env::var_os(name).is_none())
        .collect();
    if unset.is_empty() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let mut command = std::process::Command::new(exe);
    if let Some(arg0) = args.next() {
        command.arg0(arg0);
    }
    command.args(args);
    for (name, value) in unset {
        command.env(name, value);
    }
    // `exec` returns only when it failed; then this process goes on as it is.
    let _failed = command.exec();
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Build(args) => build::run(args, &mut out),
        Command::Rm(args) => rm::run(args),
        Command::Compact(args) => compact::run(args),
        Command::Stats(args) => stats::run(args, &mut out),
        Command::Facts(args) => facts::run(args, &mut out),
        Command::Eval(args) => eval::run(args, &mut out),
        Command::Query(args) => query::run(args, &mut out),
        Command::Export(args) => export::run(args, &mut out),
        Command::Show(args) => show::run(args, &mut out),
        Command::Validate(args) => validate::run(args, &mut out),
        Command::BenchCorpus(args) => bench_corpus::run(args),
        Command::Rules(args) => rules::run(args, &mut out),
        Command::Serve(args) => serve::run(args, &mut out),
        Command::Link(args) => link::run(args, &mut out),
        Command::Push(args) => push::run(args, &mut out),
    }
}
