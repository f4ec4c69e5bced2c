//! `hkg bench-corpus`: a synthetic corpus and its gold file, for benchmarks that need no
//! downloads.

use std::path::PathBuf;
use std::process::ExitCode;

use super::common::progress_bar;

/// Write a synthetic benchmark corpus: N fictional articles and their gold facts.
///
/// Articles go to DIR/000/b000000.txt, DIR/001/..., a thousand per folder, with
/// DIR/gold.tsv in the format of `hkg eval --gold`. The same N and --seed always give
/// the same bytes. Examples:
///   hkg bench-corpus 1000 /tmp/bench-1k
///   hkg bench-corpus 1000 /tmp/bench-1k-pages --as html
///   hkg build /tmp/bench-1k --store /tmp/s && hkg eval --store /tmp/s --gold /tmp/bench-1k/gold.tsv
#[derive(clap::Args)]
pub struct Args {
    /// Number of articles.
    n: usize,
    /// Output folder (created; existing articles of the same names are overwritten).
    dir: PathBuf,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the articles as text, as web pages (four template families in turn, each with
    /// its own menus, breadcrumbs and related-news lists), or as one gzipped WARC crawl of
    /// those pages (DIR/bench.warc.gz).
    #[arg(long = "as", value_enum, default_value_t = ShapeArg::Txt)]
    shape: ShapeArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ShapeArg {
    Txt,
    Html,
    Warc,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Args {
        n,
        dir,
        seed,
        shape,
    } = args;
    let shape = match shape {
        ShapeArg::Txt => hkg::synth::Shape::Txt,
        ShapeArg::Html => hkg::synth::Shape::Html,
        ShapeArg::Warc => hkg::synth::Shape::Warc,
    };
    let bar = progress_bar(
        n as u64,
        "{bar:40} {pos}/{len} articles {per_sec} eta {eta}",
    );
    let bytes = hkg::synth::write_corpus(&dir, n, seed, shape, &mut |done, _| {
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
