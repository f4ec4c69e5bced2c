//! hkg: a knowledge-graph builder for Chinese hospital news.
//!
//! The modules follow the data, in stages numbered as the modules' own docs number them. A
//! stage imports shared modules and earlier stages only, so each can be read, tested and
//! changed without the ones after it:
//!
//! 1. [`ingest`] reads articles into [`Document`]s;
//! 2. [`extract`] turns each into [`Fact`]s with evidence;
//! 3. [`eval`] scores facts against a gold file (its fact rows are what [`store`] reads back);
//! 4. [`graph`] maps a document's facts to RDF quads in the document's own named graph;
//! 5. [`store`] keeps one named graph per document in Oxigraph, and [`snapshot`] lets one
//!    process write it while others read the last finished build;
//! 6. [`resolve`] joins entities across documents in the identity graph;
//! 7. [`query`], [`validate`] and [`export`] read the store: SPARQL, SHACL checks, files;
//!    [`index`] writes what each published snapshot carries for paging and name lookup;
//!    [`serve`] answers SPARQL, Graph Store reads, library pages, search and reconciliation
//!    over HTTP.
//!
//! Shared by the stages, and importing none of them: [`error`]; [`fact`], the facts'
//! vocabulary; [`link`], the gazetteer of administrative divisions; [`rules`], the extraction
//! lexicons; [`scope`], names relative to their document; [`fault`], the kill tests'
//! fault points. [`pipeline`] runs stages 1, 2, 4, 5
//! and 6 for `hkg build`; [`synth`] writes benchmark corpora for stage 1.

pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod fact;
pub mod fault;
pub mod graph;
pub mod index;
pub mod ingest;
pub mod link;
pub mod pipeline;
pub mod push;
pub mod query;
pub mod resolve;
pub mod rules;
pub mod scope;
pub mod serve;
pub mod snapshot;
pub mod store;
pub mod synth;
pub mod validate;

pub use error::{Error, Result};
pub use extract::{extract, Extraction};
pub use fact::{Evidence, Fact, Relation};
pub use ingest::{Document, Encoding, Source};
pub use rules::Rules;
