//! `hkg serve`: the store as a read-only SPARQL endpoint (see [`hkg::serve`]).

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use oxhttp::{ListeningServer, Server};

use hkg::serve::{Endpoint, Limits};

use super::common::{open_existing, StoreArgs};

/// Serve the store over HTTP: web pages to explore it in a browser, and a read-only SPARQL
/// endpoint for SPARQL editors and notebooks.
///
/// Explorer at /: search names, open an entity (its names, place, posts over time and every
/// fact with its evidence sentence, the span marked), an article (its text with every fact
/// marked), a neighbourhood graph, and the query library with CSV downloads.
/// SPARQL 1.1 Protocol at /sparql: GET ?query=, POST a form (query=) or
/// application/sparql-query. SELECT and ASK answer in JSON, XML, CSV or TSV; CONSTRUCT
/// and DESCRIBE in Turtle, N-Triples, JSON-LD or RDF/XML; chosen by Accept, or by
/// ?format=json|xml|csv|tsv|turtle|ntriples|jsonld|rdfxml, which wins. The default graph
/// is the union of all documents and the identity graph, as for `hkg query`;
/// default-graph-uri and named-graph-uri choose others.
/// Graph Store Protocol, read side: GET /store?graph=IRI (a document's graph,
/// https://w3id.org/hkg/doc/ID, or the identity graph) and GET /store?default.
/// Library queries: GET /queries lists them (JSON, with their parameters); GET
/// /queries/NAME?PARAM=…&limit=100&offset=0 answers one a page at a time, in its order,
/// with X-HKG-Total-Rows (listings) and a Link rel="next" header while rows remain.
/// Name search: GET /search?q=PREFIX[&type=Hospital] (JSON: names and aliases that begin
/// so). Reconciliation (OpenRefine): /reconcile, the W3C Reconciliation API; add it in
/// OpenRefine as a standard service at http://127.0.0.1:7878/reconcile.
/// Updates and Graph Store writes are refused (403). A build into the store while it is
/// served is seen by the next request. The first line printed is the endpoint's address,
/// the second the explorer's.
/// Examples:
///   hkg serve                                   # http://127.0.0.1:7878/sparql
///   hkg serve --store kg --bind 127.0.0.1:0     # any free port; the line printed says which
///   curl http://127.0.0.1:7878/sparql --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' -H 'Accept: text/csv'
///   curl 'http://127.0.0.1:7878/sparql?format=turtle' --data-urlencode 'query=DESCRIBE <https://w3id.org/hkg/id/hospital/房县人民医院>'
///   curl 'http://127.0.0.1:7878/store?graph=https://w3id.org/hkg/doc/sample_02' -H 'Accept: text/turtle'
///   curl 'http://127.0.0.1:7878/queries/hospital-leaders?limit=20&offset=40&format=csv'
///   curl 'http://127.0.0.1:7878/search?q=宜春'
///   curl http://127.0.0.1:7878/reconcile --data-urlencode 'queries={"q0":{"query":"房县人民医院","type":"Hospital"}}'
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// The address to listen on. Loopback by default: anything else lets every machine that
    /// reaches it read the store (a warning says so). Port 0 takes any free port.
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR:PORT")]
    bind: SocketAddr,
    /// Seconds a query may run; one that runs longer is stopped and answered with 500.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    timeout: u64,
    /// The most rows (or triples) an answer carries; a longer one is cut there and says so
    /// in an X-HKG-Truncated header and, in CSV and TSV, a last line `# truncated at N rows`.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    max_rows: usize,
    /// A folder of your own .rq files, served at /queries beside the built-in ones (a file
    /// of a built-in's name replaces it).
    #[arg(long, value_name = "DIR")]
    queries: Option<std::path::PathBuf>,
}

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let Args {
        store,
        bind,
        timeout,
        max_rows,
        queries,
    } = args;
    let reader = open_existing(&store.store)?;
    let limits = Limits {
        timeout: Duration::from_secs(timeout.max(1)),
        max_rows,
    };
    let endpoint =
        Arc::new(Endpoint::new(store.store.clone(), reader, limits).with_queries(queries));
    if !bind.ip().is_loopback() {
        eprintln!(
            "hkg: warning: serving on {bind}, which is not a loopback address: whoever reaches it can read the whole store"
        );
    }
    let (server, addr) = listen(&endpoint, bind, limits)?;
    // One write: a reader that takes the first line and closes the pipe must not make the
    // second fail, and stop the server.
    out.write_all(
        format!(
            "listening on http://{addr}/sparql\nexplorer: http://{addr}/ (open it in a browser)\n"
        )
        .as_bytes(),
    )?;
    out.flush()?;
    server.join().context("the server stopped")?;
    Ok(ExitCode::SUCCESS)
}

/// Starts the server. oxhttp binds the address itself and does not say which port port 0
/// gave, so for port 0 a free port is asked of the system first and then bound, again with
/// another if something took it in between.
fn listen(
    endpoint: &Arc<Endpoint>,
    bind: SocketAddr,
    limits: Limits,
) -> anyhow::Result<(ListeningServer, SocketAddr)> {
    let cannot = || format!("cannot listen on {bind}");
    let mut tries = 0;
    loop {
        let addr = if bind.port() == 0 {
            TcpListener::bind(bind)
                .and_then(|l| l.local_addr())
                .with_context(cannot)?
        } else {
            bind
        };
        let e = Arc::clone(endpoint);
        let server = Server::new(move |request| e.handle(request))
            .bind(addr)
            // A client that stops reading or writing for this long is dropped.
            .with_global_timeout(limits.timeout + Duration::from_secs(60))
            .with_max_concurrent_connections(128)
            .spawn();
        match server {
            Ok(s) => return Ok((s, addr)),
            Err(e)
                if bind.port() == 0 && e.kind() == std::io::ErrorKind::AddrInUse && tries < 10 =>
            {
                tries += 1;
            }
            Err(e) => return Err(e).with_context(cannot),
        }
    }
}
