//! `hkg export`: the store as RDF files or a GraphViz drawing.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::ValueEnum;

use hkg::export::{self, ExportFormat};
use hkg::fault::{self, Phase};

use super::common::{open_existing, StoreArgs};

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
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
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

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let Args {
        store,
        format,
        output,
        graph,
        focus,
        depth,
        svg,
    } = args;
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
        // RDF streams, to stdout or to the file.
        match output {
            Some(p) => write_file(&p, |mut w| {
                Ok(export::write_rdf(&kg, format, graph.as_deref(), &mut w)?)
            })?,
            None => {
                let mut w = std::io::BufWriter::new(&mut *out);
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
        Some(p) => write_file(&p, |w| Ok(w.write_all(&buf)?))?,
        None => out.write_all(&buf)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the file at `path` through a temporary file beside it, which takes its name once
/// complete: an export that fails or is killed leaves `path` as it was, never truncated.
fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".hkg-export-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    // A temporary file is private (0600); an export is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    let mut w = std::io::BufWriter::new(tmp);
    write(&mut w)?;
    let tmp = w.into_inner().map_err(|e| e.into_error())?;
    fault::point(Phase::Export);
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
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
