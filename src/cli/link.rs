//! `hkg link`: propose Wikidata IDs for the store's hospitals and institutions (see
//! [`hkg::link::wikidata`]).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use hkg::link::wikidata::{self, Client, Decision, Types};

use super::common::{open_existing, StoreArgs};

/// Propose Wikidata IDs for the resolved hospitals and institutions that have none, by asking
/// a SPARQL endpoint in Wikidata's shape which items carry their names.
///
/// A candidate carries one of the entity's names as a Chinese label or alias (zh, zh-hans,
/// zh-cn), is an instance (P31/P279*) of a class the types table maps the entity's kind to,
/// and lies where the entity lies: its P131 chain reaches the entity's place, or the place
/// reaches it. One such candidate is written to the links file; several, or only candidates
/// that lie elsewhere, go to the review file with every candidate and the reason. Build with
/// the links file to put owl:sameAs on the entities: `hkg build ... --links links.tsv`.
///
/// It is a polite client: one query at a time, names batched with VALUES, a User-Agent that
/// names hkg (add your contact with --contact, as Wikidata's policy asks), a timeout, 429
/// answers waited out as Retry-After says, 5xx answers and failed connections tried again
/// after a doubling pause.
/// Examples:
///   hkg link --endpoint https://query.wikidata.org/sparql --contact you@example.org
///   hkg link --endpoint http://127.0.0.1:7879/query -o links.tsv --review review.tsv  # a local copy
///   hkg build articles/ --links links.tsv
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    store: StoreArgs,
    /// The SPARQL endpoint's query URL (queries are POSTed as a form).
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// The links file written: name, code, qid, source, score, candidates.
    #[arg(short, long, default_value = "links.tsv", value_name = "FILE")]
    output: PathBuf,
    /// The review file written: the entities left unlinked, with their candidates and why.
    #[arg(long, default_value = "links-review.tsv", value_name = "FILE")]
    review: PathBuf,
    /// A types table (kind, Wikidata class ID, label, source) replacing the built-in one
    /// (data/wikidata-types.tsv).
    #[arg(long, value_name = "FILE")]
    types: Option<PathBuf>,
    /// Print what would be linked and reviewed; write no file.
    #[arg(long)]
    dry_run: bool,
    /// An e-mail address or URL for the User-Agent, so that the service can reach you.
    #[arg(long, value_name = "CONTACT")]
    contact: Option<String>,
    /// Seconds one query may take.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    timeout: u64,
    /// Entities asked about per query.
    #[arg(long, default_value_t = 40, value_name = "N")]
    batch: usize,
}

pub fn run(args: Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let types = Types::load(args.types.as_deref())?;
    let reader = open_existing(&args.store.store)?;
    let entities = wikidata::unlinked(&reader)?;
    drop(reader);
    let version = env!("CARGO_PKG_VERSION");
    let user_agent = match &args.contact {
        Some(c) => format!("hkg/{version} (https://w3id.org/hkg; {c})"),
        None => format!("hkg/{version} (https://w3id.org/hkg)"),
    };
    let client = Client {
        endpoint: args.endpoint.clone(),
        user_agent,
        timeout: Duration::from_secs(args.timeout.max(1)),
        attempts: 5,
        backoff: Duration::from_secs(1),
    };
    eprintln!(
        "hkg link: asking {} about {} hospitals and institutions without a link",
        args.endpoint,
        entities.len()
    );
    let (outcomes, asked) =
        wikidata::run(&client, &types, entities, args.batch, &mut |done, total| {
            eprint!("\r{done}/{total} entities");
        })?;
    eprintln!();
    let source = format!("{} (hkg link {version})", args.endpoint);
    let date = today();
    let mut links = format!(
        "# Proposed by `hkg link` from {} on {date}. Build with: hkg build ... --links FILE\nname\tcode\tqid\tsource\tscore\tcandidates\n",
        args.endpoint
    );
    let mut review = format!(
        "# Left for review by `hkg link` from {} on {date}: settle each with a line in the links file, or leave it.\nname\tcode\tiri\treason\n",
        args.endpoint
    );
    let (mut linked, mut reviewed) = (0, 0);
    let esc = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
            .replace('#', "\\#")
    };
    for o in &outcomes {
        let e = &o.entity;
        let code = e.code.as_deref().unwrap_or("");
        match &o.decision {
            Decision::Link {
                qid,
                score,
                candidates,
            } => {
                linked += 1;
                links.push_str(&format!(
                    "{}\t{code}\t{qid}\t{}\t{score}\t{candidates}\n",
                    esc(&e.name),
                    esc(&source)
                ));
            }
            Decision::Review { reason } => {
                reviewed += 1;
                review.push_str(&format!(
                    "{}\t{code}\t{}\t{}\n",
                    esc(&e.name),
                    e.iri,
                    esc(reason)
                ));
            }
            Decision::Nothing => {}
        }
    }
    if args.dry_run {
        out.write_all(links.as_bytes())?;
        out.write_all(review.as_bytes())?;
    } else {
        std::fs::write(&args.output, &links)
            .with_context(|| format!("cannot write {}", args.output.display()))?;
        std::fs::write(&args.review, &review)
            .with_context(|| format!("cannot write {}", args.review.display()))?;
    }
    eprintln!(
        "linked {linked}, for review {reviewed}, no candidate {} ({} requests, {} answers asked to wait, {} tried again){}",
        outcomes.len() - linked - reviewed,
        asked.requests,
        asked.throttled,
        asked.retried,
        if args.dry_run {
            String::new()
        } else {
            format!(": {} and {}", args.output.display(), args.review.display())
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Today's date (UTC), for the files' header comments.
fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let (y, m, d) = hkg::ingest::civil_date(days);
    format!("{y:04}-{m:02}-{d:02}")
}
