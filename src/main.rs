//! The `hkg` command line: parse, run, print `hkg: {err:#}`, exit with a code that says what
//! happened (0 ok, 1 some inputs failed, 2 error).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use hkg::eval;
use hkg::pipeline::{self, BuildOptions, Event, Outcome};
use hkg::store::KgStore;
use hkg::{Encoding, Relation, Rules};

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

#[derive(Args, Clone)]
struct StoreArgs {
    /// The store folder (an embedded Oxigraph/RocksDB database; created when missing).
    #[arg(long, global = true, default_value = "hkg-store", value_name = "DIR")]
    store: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles and write their facts into the store.
    ///
    /// PATH is a folder (read recursively for *.txt), a file, or - for standard input.
    /// Each document becomes one named graph, written in one transaction: a changed document
    /// replaces its old graph, an unchanged one (same text, same rules) is skipped.
    ///
    /// Exit code: 0 all inputs built or skipped, 1 some inputs failed (each is reported),
    /// 2 the build could not run.
    #[command(verbatim_doc_comment)]
    Build(BuildArgs),
    /// Remove documents from the store by id (the file name without .txt).
    Rm {
        #[command(flatten)]
        store: StoreArgs,
        /// Document ids.
        #[arg(required = true)]
        docs: Vec<String>,
    },
    /// Count documents, facts per relation and entities.
    Stats {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Print the stored facts in the gold TSV format (doc, relation, args).
    Facts {
        #[command(flatten)]
        store: StoreArgs,
        /// Only this document.
        #[arg(long)]
        doc: Option<String>,
    },
    /// Score the stored facts against a gold file: P/R/F1 per relation, strict and lenient.
    ///
    /// Documents absent from the gold file are not scored. The headline is the micro-F1 over
    /// hospital, person, role, branch, award and partner.
    Eval {
        #[command(flatten)]
        store: StoreArgs,
        /// Gold facts in the TSV format of GOLD.md.
        #[arg(long, value_name = "FILE")]
        gold: PathBuf,
        /// Also list every missed and every spurious fact (strict).
        #[arg(long)]
        errors: bool,
    },
    /// Print a built-in rule file (to copy into a --rules folder and edit).
    Rules {
        /// A rule file name; omit to list them.
        name: Option<String>,
    },
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Folders, .txt files, or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Build into a throw-away in-memory store instead of --store (use with --print-facts).
    #[arg(long)]
    memory: bool,
    /// Print the facts (TSV) after building.
    #[arg(long)]
    print_facts: bool,
    /// Text encoding of the inputs.
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    encoding: EncodingArg,
    /// Document id for standard input.
    #[arg(long, default_value = "stdin", value_name = "ID")]
    stdin_id: String,
    /// After building, remove stored documents that are not among the inputs.
    #[arg(long)]
    prune: bool,
    /// Rebuild documents even when unchanged.
    #[arg(long)]
    force: bool,
    /// A folder of rule files that replace the built-in ones of the same name
    /// (see `hkg rules`).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Do not show a progress bar.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    /// UTF-8 (BOM optional), UTF-16 with BOM, else GB18030.
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GB18030, which includes GBK and GB2312.
    #[value(alias = "gbk", alias = "gb2312")]
    Gb18030,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("hkg: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn open(store: &Path) -> anyhow::Result<KgStore> {
    KgStore::open(store).with_context(|| format!("cannot open the store at {}", store.display()))
}

fn open_existing(store: &Path) -> anyhow::Result<KgStore> {
    if !store.exists() {
        bail!(
            "no store at {} (build one with `hkg build PATH --store {}`)",
            store.display(),
            store.display()
        );
    }
    open(store)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Build(args) => build(args, &mut out),
        Command::Rm { store, docs } => {
            let kg = open_existing(&store.store)?;
            let mut missing = false;
            for d in docs {
                if kg.remove_document(&d)? {
                    eprintln!("removed {d}");
                } else {
                    eprintln!("hkg: {d}: no such document in {}", store.store.display());
                    missing = true;
                }
            }
            kg.flush()?;
            Ok(if missing {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Stats { store } => {
            let kg = open_existing(&store.store)?;
            let s = kg.stats()?;
            writeln!(out, "documents\t{}", s.documents)?;
            writeln!(out, "quads\t{}", s.quads)?;
            for r in Relation::ALL {
                writeln!(
                    out,
                    "facts.{}\t{}",
                    r,
                    s.per_relation.get(&r).copied().unwrap_or(0)
                )?;
            }
            for (class, n) in &s.entities {
                writeln!(out, "entities.{class}\t{n}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Facts { store, doc } => {
            let kg = open_existing(&store.store)?;
            print_facts(&kg, doc.as_deref(), &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            store,
            gold,
            errors,
        } => {
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
        Command::Rules { name } => {
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
    }
}

fn print_facts(kg: &KgStore, doc: Option<&str>, out: &mut impl Write) -> anyhow::Result<()> {
    for r in kg.facts()? {
        if doc.is_none_or(|d| d == r.doc) {
            writeln!(out, "{}", r.tsv())?;
        }
    }
    Ok(())
}

fn build(args: BuildArgs, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let rules = Rules::load(args.rules.as_deref()).context("cannot load the rules")?;
    let kg = if args.memory {
        KgStore::memory()?
    } else {
        open(&args.store.store)?
    };
    let opts = BuildOptions {
        inputs: args.paths,
        encoding: match args.encoding {
            EncodingArg::Auto => Encoding::Auto,
            EncodingArg::Utf8 => Encoding::Utf8,
            EncodingArg::Gb18030 => Encoding::Gb18030,
        },
        stdin_id: args.stdin_id,
        prune: args.prune,
        force: args.force,
        batch: 256,
    };
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    let bar = ProgressBar::hidden();
    let mut on_event = |e: Event<'_>| match e {
        Event::Started { total } => {
            if show_bar {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                bar.set_length(total as u64);
                bar.set_style(
                    ProgressStyle::with_template(
                        "{bar:40} {pos}/{len} documents {per_sec} eta {eta} {msg}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
            }
        }
        Event::Done(outcome) => {
            bar.inc(1);
            if let Outcome::Failed { error, .. } = outcome {
                bar.suspend(|| eprintln!("hkg: {error}"));
            }
        }
        Event::Pruned { id } => bar.suspend(|| eprintln!("pruned {id}")),
    };
    let summary = pipeline::build(&kg, &rules, &opts, &mut on_event)?;
    bar.finish_and_clear();
    eprintln!(
        "built {} skipped {} failed {}{} documents, {} facts, {:.1} MB in {:.2} s",
        summary.built,
        summary.skipped,
        summary.failed,
        if opts.prune {
            format!(" pruned {}", summary.pruned)
        } else {
            String::new()
        },
        summary.facts,
        summary.bytes as f64 / 1e6,
        summary.seconds
    );
    if args.print_facts {
        print_facts(&kg, None, out)?;
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
