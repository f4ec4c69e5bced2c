//! hkg: a knowledge-graph builder for Chinese hospital news.
//!
//! The modules follow the data: [`ingest`] reads articles into [`Document`]s, [`extract`]
//! turns each into [`Fact`]s with evidence, [`graph`] maps facts to RDF quads, [`store`]
//! keeps one named graph per document in Oxigraph, [`eval`] scores facts against a gold file,
//! [`link`] holds the gazetteer of administrative divisions.

pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod fact;
pub mod graph;
pub mod ingest;
pub mod link;
pub mod pipeline;
pub mod query;
pub mod resolve;
pub mod rules;
pub mod store;
pub mod synth;
pub mod validate;

pub use error::{Error, Result};
pub use extract::{extract, Extraction};
pub use fact::{Evidence, Fact, Relation};
pub use ingest::{Document, Encoding, Source};
pub use rules::Rules;
