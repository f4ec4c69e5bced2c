//! The library's one error type: every variant names the file, line or query that failed,
//! so a user running over thousands of articles can find the culprit from the message alone.

use std::path::{Path, PathBuf};

/// Errors of the hkg library. The binary adds context with `anyhow`; library code never prints.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The bytes are not text in any encoding hkg accepts.
    #[error("{path}: cannot decode as {encoding}: invalid byte sequence at byte {offset}")]
    Decode {
        path: PathBuf,
        encoding: &'static str,
        offset: usize,
    },
    /// The file decoded but holds no text.
    #[error("{path}: empty document")]
    Empty { path: PathBuf },
    /// A document is larger than `--max-doc-size`; it is not read.
    #[error("{at}: {size} bytes, over --max-doc-size ({limit} bytes); skipped (raise --max-doc-size to read it)")]
    TooBig {
        at: String,
        /// The size in bytes, or "more than N" when it was not read to the end.
        size: String,
        limit: u64,
    },
    /// A web page gave no article, or a JSON Lines line or WARC record is malformed; `at`
    /// names the file and the line or record.
    #[error("{at}: {message}")]
    Page { at: String, message: String },
    /// A rules or data file has a malformed line.
    #[error("{path}:{line}: {message}")]
    Rules {
        path: String,
        line: usize,
        message: String,
    },
    /// A SHACL shapes file is malformed or uses a constraint hkg cannot check.
    #[error("{path}: {message}")]
    Shapes { path: String, message: String },
    /// A gold file has a malformed line.
    #[error("{path}:{line}: {message}")]
    Gold {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// The embedded store failed.
    #[error("store {path}: {source}")]
    Store {
        path: String,
        source: oxigraph::store::StorageError,
    },
    /// A SPARQL query failed to parse or evaluate.
    #[error("query {name}: {message}")]
    Query { name: String, message: String },
    /// Writing output failed.
    #[error("cannot write {what}: {source}")]
    Write {
        what: String,
        source: std::io::Error,
    },
    /// Another process is writing the store.
    #[error("store {store} is being written by {holder}; wait for it or use another --store")]
    Locked { store: String, holder: String },
    /// No write of the store has finished yet, and the last one stopped part-way.
    #[error("store {store} has no finished build to read: {writer} stopped before it finished; run it again")]
    Unfinished { store: String, writer: String },
    /// A document or entity named by the user is not in the store.
    #[error("{what} not found: {name}")]
    NotFound { what: &'static str, name: String },
    /// hkg itself failed on this input (a bug): the document is skipped, the build goes on.
    #[error("{path}: internal error while extracting ({message}); the document was skipped, please report it")]
    Internal { path: String, message: String },
    /// A remote SPARQL endpoint could not be reached, refused a query, or answered with
    /// something that is not SPARQL results.
    #[error("endpoint {url}: {message}")]
    Endpoint { url: String, message: String },
    /// Invalid input that is not tied to a file (an IRI, a format name).
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// For `map_err` on any read of `path`, so each reader names its file the same way.
    pub fn read(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Read {
            path: path.to_owned(),
            source,
        }
    }

    /// For `map_err` on any write of `path`, the writers' twin of [`Error::read`].
    pub fn write(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
        move |source| Error::Write {
            what: path.display().to_string(),
            source,
        }
    }
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
