//! The `hkg` command line: parse, run, print `hkg: {err:#}`, exit with a code that says what
//! happened (0 ok, 1 some inputs failed, 2 error).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use hkg::eval;
use hkg::export::{self, ExportFormat};
use hkg::pipeline::{self, BuildOptions, Event, Outcome};
use hkg::query;
use hkg::resolve::{self, Curation};
use hkg::store::KgStore;
use hkg::validate::{self, Shapes};
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
    ///
    /// The identity graph is then recomputed from the documents left. Give the --rules and
    /// --links your builds use, so that it comes out as a build would make it.
    Rm {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        identity: IdentityArgs,
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
    /// Run a SPARQL query over all documents (the union of their graphs).
    ///
    /// QUERY is a .rq file, or the name of a library query (`hkg query --list`), or use -e.
    /// Examples:
    ///   hkg query --list
    ///   hkg query hospital-leaders
    ///   hkg query evidence-for-entity --arg name=房县人民医院 --format json
    ///   hkg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    #[command(verbatim_doc_comment)]
    Query {
        #[command(flatten)]
        store: StoreArgs,
        /// A .rq file or a library query name.
        #[arg(value_name = "QUERY", required_unless_present_any = ["expr", "list"])]
        query: Option<String>,
        /// The query text itself.
        #[arg(
            short = 'e',
            long = "expr",
            value_name = "SPARQL",
            conflicts_with = "query"
        )]
        expr: Option<String>,
        /// table for a terminal; csv, tsv, json, xml are the standard SPARQL results formats.
        #[arg(long, value_enum, default_value_t = QueryFormatArg::Table)]
        format: QueryFormatArg,
        /// Bind a variable of the query to a plain string: --arg name=房县人民医院. The value
        /// is bound before the query runs; a query that uses ?name_zh gets the value tagged
        /// @zh there instead (as labels are), for index lookups.
        #[arg(long = "arg", value_name = "VAR=VALUE")]
        args: Vec<String>,
        /// List the library queries with the question each answers.
        #[arg(long)]
        list: bool,
        /// A folder of .rq files that add to or replace the built-in library.
        #[arg(long, value_name = "DIR")]
        queries: Option<PathBuf>,
    },
    /// Write the graph as RDF (turtle, ntriples, nquads, trig, rdfxml, jsonld) or GraphViz DOT.
    ///
    /// Turtle, N-Triples, RDF/XML and JSON-LD merge the documents' graphs and the identity
    /// graph (resolved entities, places, links); N-Quads and TriG keep one named graph per
    /// document, and the identity graph as its own. Output is sorted and has no blank nodes,
    /// so the same corpus gives the same bytes. The format is guessed from -o's extension
    /// when not given.
    /// Examples:
    ///   hkg export -o graph.ttl
    ///   hkg export --format nquads --graph sample_01
    ///   hkg export --format dot --focus 房县人民医院 --depth 2 --svg -o fang.svg
    #[command(verbatim_doc_comment)]
    Export {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long, value_enum)]
        format: Option<ExportFormatArg>,
        /// Output file (standard output when absent).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only this document's graph.
        #[arg(long, value_name = "DOC")]
        graph: Option<String>,
        /// DOT: only the neighbourhood of this entity (its name or IRI).
        #[arg(long, value_name = "ENTITY")]
        focus: Option<String>,
        /// DOT: how many steps from --focus to keep.
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// DOT: render to SVG with Graphviz's `dot` (must be installed).
        #[arg(long)]
        svg: bool,
    },
    /// Everything known about one entity: names, class, place, links, and every fact with its
    /// evidence sentence and document, across all the documents' names for it.
    ///
    /// ENTITY is a name, an alias or an IRI. Examples:
    ///   hkg show 房县人民医院
    ///   hkg show https://w3id.org/hkg/id/hospital/房县人民医院
    #[command(verbatim_doc_comment)]
    Show {
        #[command(flatten)]
        store: StoreArgs,
        /// A name, alias or IRI.
        entity: String,
    },
    /// Check the store against the SHACL shapes (ontology/shapes.ttl, built in).
    ///
    /// Each named graph is checked on its own; every violation is printed as one TSV line:
    /// document, focus node, constraint, property, value, message.
    /// Exit code: 0 the store conforms, 1 it has violations, 2 the check could not run
    /// (for example, the shapes use a SHACL constraint hkg does not implement).
    /// Examples:
    ///   hkg validate
    ///   hkg validate --shapes my-shapes.ttl --limit 20
    #[command(verbatim_doc_comment)]
    Validate {
        #[command(flatten)]
        store: StoreArgs,
        /// A Turtle file of SHACL shapes to use instead of the built-in ones.
        #[arg(long, value_name = "FILE")]
        shapes: Option<PathBuf>,
        /// Print at most this many violations (all are counted).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Write a synthetic benchmark corpus: N fictional articles and their gold facts.
    ///
    /// Articles go to DIR/000/b000000.txt, DIR/001/..., a thousand per folder, with
    /// DIR/gold.tsv in the format of `hkg eval --gold`. The same N and --seed always give
    /// the same bytes. Examples:
    ///   hkg bench-corpus 1000 /tmp/bench-1k
    ///   hkg build /tmp/bench-1k --store /tmp/s && hkg eval --store /tmp/s --gold /tmp/bench-1k/gold.tsv
    #[command(name = "bench-corpus")]
    BenchCorpus {
        /// Number of articles.
        n: usize,
        /// Output folder (created; existing articles of the same names are overwritten).
        dir: PathBuf,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
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
    #[command(flatten)]
    identity: IdentityArgs,
    /// A curation file of overrides (merge A B / split A B / reject STRING RELATION, tab
    /// separated). The store remembers it: later builds without the flag apply it again.
    #[arg(long, value_name = "FILE")]
    curation: Option<PathBuf>,
    /// Do not show a progress bar.
    #[arg(long, short)]
    quiet: bool,
}

/// What the identity graph is computed with besides the documents and the stored curation;
/// `rm` takes them too, because removing a document recomputes that graph.
#[derive(Args)]
struct IdentityArgs {
    /// A folder of rule files that replace the built-in ones of the same name
    /// (see `hkg rules`).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// A link table (name, code, Wikidata Q-id, source) adding to the built-in data/links.tsv.
    #[arg(long, value_name = "FILE")]
    links: Option<PathBuf>,
}

impl IdentityArgs {
    fn load(&self) -> anyhow::Result<(Rules, Vec<resolve::Link>)> {
        let rules = Rules::load(self.rules.as_deref()).context("cannot load the rules")?;
        Ok((rules, resolve::load_links(self.links.as_deref())?))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum QueryFormatArg {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormatArg {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
    Dot,
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
        Command::Rm {
            store,
            identity,
            docs,
        } => {
            let (rules, links) = identity.load()?;
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
            let curation = resolve::stored_curation(&kg)?.unwrap_or_default();
            resolve::recompute(&kg, &rules, &curation, &links)?;
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
        Command::Query {
            store,
            query,
            expr,
            format,
            args,
            list,
            queries,
        } => {
            if list {
                for (name, question) in query::list(queries.as_deref())? {
                    writeln!(out, "{:<48} {question}", name.trim_end_matches(".rq"))?;
                }
                return Ok(ExitCode::SUCCESS);
            }
            let q = match (expr, query) {
                (Some(text), _) => query::NamedQuery {
                    name: "-e".into(),
                    text,
                },
                (None, Some(spec)) => query::resolve(&spec, queries.as_deref())?,
                (None, None) => bail!("give a QUERY, -e SPARQL or --list"),
            };
            let mut bindings = Vec::new();
            for a in args {
                let Some((k, v)) = a.split_once('=') else {
                    bail!("--arg {a}: expected VAR=VALUE");
                };
                bindings.push((k.trim_start_matches('?').to_owned(), v.to_owned()));
            }
            let kg = open_existing(&store.store)?;
            let format = match format {
                QueryFormatArg::Table => query::Format::Table,
                QueryFormatArg::Csv => query::Format::Csv,
                QueryFormatArg::Tsv => query::Format::Tsv,
                QueryFormatArg::Json => query::Format::Json,
                QueryFormatArg::Xml => query::Format::Xml,
            };
            query::run(&kg, &q, &bindings, format, &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            store,
            format,
            output,
            graph,
            focus,
            depth,
            svg,
        } => {
            let format = match format {
                Some(f) => match f {
                    ExportFormatArg::Turtle => ExportFormat::Turtle,
                    ExportFormatArg::Ntriples => ExportFormat::NTriples,
                    ExportFormatArg::Nquads => ExportFormat::NQuads,
                    ExportFormatArg::Trig => ExportFormat::TriG,
                    ExportFormatArg::Rdfxml => ExportFormat::RdfXml,
                    ExportFormatArg::Jsonld => ExportFormat::JsonLd,
                    ExportFormatArg::Dot => ExportFormat::Dot,
                },
                None => match &output {
                    Some(_) if svg => ExportFormat::Dot,
                    Some(p) => ExportFormat::from_path(p).with_context(|| {
                        format!("cannot tell the format from {} (use --format)", p.display())
                    })?,
                    None if svg => ExportFormat::Dot,
                    None => ExportFormat::Turtle,
                },
            };
            if format != ExportFormat::Dot && (focus.is_some() || svg) {
                bail!("--focus and --svg apply to --format dot");
            }
            let kg = open_existing(&store.store)?;
            if format != ExportFormat::Dot {
                // RDF streams: to stdout, or to a temporary file beside the output that takes
                // its name once complete, so a failed export leaves no truncated file.
                match output {
                    Some(p) => {
                        let dir = p
                            .parent()
                            .filter(|d| !d.as_os_str().is_empty())
                            .unwrap_or(std::path::Path::new("."));
                        let tmp = tempfile::NamedTempFile::new_in(dir)
                            .with_context(|| format!("cannot write in {}", dir.display()))?;
                        // A temporary file is private (0600); an export is an ordinary file.
                        #[cfg(unix)]
                        {
                            use std::os::unix::fs::PermissionsExt;
                            tmp.as_file()
                                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
                        }
                        let mut w = std::io::BufWriter::new(tmp);
                        export::write_rdf(&kg, format, graph.as_deref(), &mut w)?;
                        w.into_inner()
                            .map_err(|e| e.into_error())
                            .and_then(|t| t.persist(&p).map_err(|e| e.error))
                            .with_context(|| format!("cannot write {}", p.display()))?;
                    }
                    None => {
                        let mut w = std::io::BufWriter::new(&mut out);
                        export::write_rdf(&kg, format, graph.as_deref(), &mut w)?;
                        w.flush()?;
                    }
                }
                return Ok(ExitCode::SUCCESS);
            }
            let mut buf: Vec<u8> = Vec::new();
            let mut g = export::entity_graph(&kg)?;
            if let Some(f) = &focus {
                g = export::neighbourhood(&g, f, depth)?;
            }
            export::write_dot(&g, &mut buf)?;
            if svg {
                buf = render_svg(&buf)?;
            }
            match output {
                Some(p) => std::fs::write(&p, &buf)
                    .with_context(|| format!("cannot write {}", p.display()))?,
                None => out.write_all(&buf)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { store, entity } => {
            let kg = open_existing(&store.store)?;
            let d = resolve::describe(&kg, &entity)?;
            writeln!(out, "{}", d.names.first().map_or("", String::as_str))?;
            writeln!(out, "  iri      {}", d.iri)?;
            if d.names.len() > 1 {
                writeln!(out, "  also     {}", d.names[1..].join("; "))?;
            }
            writeln!(out, "  class    {}", d.classes.join(", "))?;
            for p in &d.places {
                writeln!(out, "  place    {p}")?;
            }
            for s in &d.same_as {
                writeln!(out, "  same as  {s}")?;
            }
            writeln!(out, "  facts    {}", d.facts.len())?;
            for f in &d.facts {
                writeln!(
                    out,
                    "    {:<12} {}\n      [{} {}-{}] {}",
                    f.relation,
                    f.args.join(" | "),
                    f.doc,
                    f.start,
                    f.end,
                    f.sentence
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate {
            store,
            shapes,
            limit,
        } => {
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
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("{n} violation{}", if n == 1 { "" } else { "s" });
                Ok(ExitCode::from(1))
            }
        }
        Command::BenchCorpus { n, dir, seed } => {
            let bar = progress_bar(
                n as u64,
                "{bar:40} {pos}/{len} articles {per_sec} eta {eta}",
            );
            let bytes = hkg::synth::write_corpus(&dir, n, seed, &mut |done, _| {
                bar.set_position(done as u64)
            })?;
            bar.finish_and_clear();
            eprintln!(
                "wrote {n} articles ({:.1} MB) and gold.tsv to {}",
                bytes as f64 / 1e6,
                dir.display()
            );
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

/// Runs Graphviz's `dot -Tsvg` over DOT text.
fn render_svg(dot: &[u8]) -> anyhow::Result<Vec<u8>> {
    use std::process::{Command as Proc, Stdio};
    let mut child = Proc::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("--svg needs Graphviz's `dot` on the PATH (Debian: apt-get install graphviz)")?;
    child
        .stdin
        .take()
        .context("dot's standard input")?
        .write_all(dot)?;
    let done = child.wait_with_output()?;
    if !done.status.success() {
        bail!("dot -Tsvg failed with {}", done.status);
    }
    Ok(done.stdout)
}

/// A progress bar on standard error when it is a terminal, else a hidden one.
fn progress_bar(total: u64, template: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    ProgressBar::new(total).with_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    )
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
    let (rules, links) = args.identity.load()?;
    let kg = if args.memory {
        KgStore::memory()?
    } else {
        let p = &args.store.store;
        KgStore::open_for_build(p)
            .with_context(|| format!("cannot open the store at {}", p.display()))?
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
        curation: match &args.curation {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read curation file {}", p.display()))?;
                Some(Curation::parse(&text, &p.display().to_string())?)
            }
            None => None,
        },
        links,
    };
    let mut bar = ProgressBar::hidden();
    let mut on_event = |e: Event<'_>| match e {
        Event::Started { total } => {
            if !args.quiet {
                bar = progress_bar(
                    total as u64,
                    "{bar:40} {pos}/{len} documents {per_sec} eta {eta} {msg}",
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
    let st = &summary.stage_seconds;
    eprintln!(
        "built {} skipped {} failed {}{} documents, {} facts, {:.1} MB in {:.2} s (extract {:.2}, store {:.2}, identity {:.2})",
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
        summary.seconds,
        st.extract,
        st.store,
        st.identity
    );
    let id = &summary.identity;
    let counts = |m: &std::collections::BTreeMap<&str, usize>| {
        m.iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if id.unchanged {
        eprintln!("identity: unchanged (no document changed)");
    } else {
        eprintln!(
            "identity: {} across documents -> {} after resolution",
            counts(&id.before),
            counts(&id.after)
        );
    }
    if id.without_record > 0 {
        eprintln!(
            "hkg: warning: {} stored documents were written by an older hkg and are left out of identity resolution; build them again",
            id.without_record
        );
    }
    if args.print_facts {
        print_facts(&kg, None, out)?;
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
