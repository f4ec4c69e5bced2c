//! `hkg build`: articles into the store, with a progress bar and a summary of what was built.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use indicatif::ProgressBar;

use hkg::ingest::Format;
use hkg::pipeline::{self, BuildOptions, Event, Outcome};
use hkg::resolve::Curation;
use hkg::store::KgStore;
use hkg::Encoding;

use super::common::{done, print_facts, progress_bar, IdentityArgs, StoreArgs};

/// Read articles and write their facts into the store.
///
/// PATH is a folder (read recursively), a file, or - for standard input. hkg reads plain
/// text (.txt), saved web pages (.html, .htm, and .shtml/.asp/.aspx/.jsp/.php holding HTML:
/// their main text, title, date and address), JSON Lines (.jsonl, .jsonl.gz: one article per line, with
/// "text" or "html", and optionally "id", "url", "title", "date") and WARC crawls (.warc,
/// .warc.gz: the HTML responses). Each article becomes one named graph, written in one
/// transaction: a changed article replaces its old graph, an unchanged one (same text, same
/// rules) is skipped. A line or record that cannot be read is reported by its position and
/// the rest are built.
///
/// Examples:
///   hkg build corpus/sample
///   hkg build pages/ export.jsonl crawl.warc.gz
///   curl -s https://example.org/news/1.html | hkg build --format html --stdin-id news-1 -
///
/// Exit code: 0 all inputs built or skipped, 1 some inputs failed (each is reported),
/// 2 the build could not run.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// Folders, files, or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// How to read the inputs: auto goes by the file's extension, else by its content.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
    /// Build into a throw-away in-memory store instead of --store (use with --print-facts).
    #[arg(long)]
    memory: bool,
    /// Print the facts (TSV) after building.
    #[arg(long)]
    print_facts: bool,
    /// Text encoding of plain-text inputs (web pages declare their own).
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
    /// Replace changed documents inside the store even when most of them changed. By
    /// default such a build (after an upgrade of hkg, or with --force) writes a new store
    /// beside the old one and swaps it in, several times faster; it needs free disk space
    /// for a second copy of the store, and without it the build runs in place anyway.
    #[arg(long)]
    in_place: bool,
    /// Rules only: do not look for names with the learned name tagger (LAC, compiled in)
    /// around the titles and cues where the rules found none. The tagger adds names with
    /// rare surnames and their posts (core F1 0.913 against 0.899 on the dev reports) for
    /// about 1.4x the build time. The documents record the choice: give the flag on every
    /// build of such a store, or its documents are rebuilt with the tagger.
    #[arg(long)]
    no_tagger: bool,
    /// Do not write the ordered views of the library's listings into the published snapshot.
    /// `hkg serve` reads a page of a listing from its view (about a millisecond at 100,000
    /// articles); without one it runs the whole query for every page. Writing them took 12 s
    /// of a 10,000-article build and 270-288 s at 100,000 (BENCHMARKS.md 25); a build that
    /// changed nothing keeps the last ones.
    #[arg(long)]
    no_views: bool,
    #[command(flatten)]
    identity: IdentityArgs,
    /// A curation file of overrides (merge A B / split A B / reject STRING RELATION, tab
    /// separated). The store remembers it: later builds without the flag apply it again.
    #[arg(long, value_name = "FILE")]
    curation: Option<PathBuf>,
    /// Skip (and report) any document larger than SIZE: a file, standard input, a JSON
    /// Lines line or a WARC record. SIZE is bytes, or a number with k, M or G (powers of
    /// 1000) or KiB, MiB or GiB (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "20MB", value_parser = parse_size)]
    max_doc_size: u64,
    /// Do not show a progress bar.
    #[arg(long, short)]
    quiet: bool,
}

/// A size such as `20MB`, `512k`, `1GiB` or `1000000`, in bytes.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("{s:?} is not a size (try 20MB, 512k or 1000000)"))?;
    let scale: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => {
            return Err(format!(
                "{s:?}: unknown unit {unit:?} (use k, M, G, KiB, MiB or GiB)"
            ))
        }
    };
    let bytes = number * scale;
    if !(1.0..=u64::MAX as f64).contains(&bytes) {
        return Err(format!("{s:?}: a size must be at least one byte"));
    }
    Ok(bytes as u64)
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Auto,
    /// Plain text.
    Txt,
    /// A saved web page.
    Html,
    /// JSON Lines, one article per line.
    Jsonl,
    /// A WARC archive, plain or gzipped.
    Warc,
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

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let (mut rules, links) = args.identity.load()?;
    if args.no_tagger {
        rules.tagger = None;
    }
    let opts = BuildOptions {
        inputs: args.paths,
        format: match args.format {
            FormatArg::Auto => Format::Auto,
            FormatArg::Txt => Format::Txt,
            FormatArg::Html => Format::Html,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Warc => Format::Warc,
        },
        encoding: match args.encoding {
            EncodingArg::Auto => Encoding::Auto,
            EncodingArg::Utf8 => Encoding::Utf8,
            EncodingArg::Gb18030 => Encoding::Gb18030,
        },
        stdin_id: args.stdin_id,
        prune: args.prune,
        force: args.force,
        batch: 256,
        max_doc_size: args.max_doc_size,
        curation: match &args.curation {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read curation file {}", p.display()))?;
                Some(Curation::parse(&text, &p.display().to_string())?)
            }
            None => None,
        },
        links,
        views: !args.no_views,
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
        Event::Total { total } => bar.set_length(total as u64),
        Event::Done(outcome) => {
            bar.inc(1);
            if let Outcome::Failed { error, .. } = outcome {
                bar.suspend(|| eprintln!("hkg: {error}"));
            }
        }
        Event::Pruned { id } => bar.suspend(|| eprintln!("pruned {id}")),
    };
    let mut memory = None;
    let summary = if args.memory {
        let kg = KgStore::memory()?;
        let summary = pipeline::build(&kg, &rules, &opts, &mut on_event)?;
        memory = Some(kg);
        summary
    } else {
        let p = &args.store.store;
        let mut lock = super::common::write_lock(p, "hkg build")?;
        pipeline::build_at(&mut lock, &rules, &opts, args.in_place, &mut on_event)
            .with_context(|| format!("cannot build into the store at {}", p.display()))?
    };
    bar.finish_and_clear();
    let st = &summary.stage_seconds;
    eprintln!(
        "built {} skipped {} failed {}{} documents, {} facts, {:.1} MB in {:.2} s (extract {:.2}, store {:.2}, identity {:.2}, index {:.2})",
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
        st.identity,
        st.index
    );
    if opts.prune && summary.prune_withheld > 0 {
        eprintln!(
            "hkg: nothing pruned: {} JSON Lines lines or WARC records could not be read, and the stored documents they may hold are kept",
            summary.prune_withheld
        );
    }
    if summary.beside {
        eprintln!(
            "most stored documents had changed: the store was rebuilt beside itself and swapped in (--in-place to replace them inside it)"
        );
    }
    match &summary.index.written {
        _ if memory.is_some() => {}
        None => eprintln!("index: views and labels of the last build kept (nothing changed)"),
        Some(w) => eprintln!(
            "index: {} views ({} rows) and {} names of {} entities written in {:.2} s",
            w.views.len(),
            w.views.iter().map(|(_, n)| n).sum::<usize>(),
            w.labels,
            w.entities,
            summary.index.seconds
        ),
    }
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
        match memory {
            Some(kg) => print_facts(&kg, None, out)?,
            None => {
                let kg = super::common::open_existing(&args.store.store)?;
                print_facts(&kg, None, out)?
            }
        }
    }
    Ok(done(summary.failed > 0))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn reads_sizes_with_and_without_units() {
        assert_eq!(parse_size("20MB"), Ok(20_000_000));
        assert_eq!(parse_size("512k"), Ok(512_000));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("1.5M"), Ok(1_500_000));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("20 parsecs").is_err());
        assert!(parse_size("MB").is_err());
    }
}
