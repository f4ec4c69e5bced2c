//! The commands, one module each, holding its clap arguments beside its body: a command reads
//! top to bottom in one file, and adding one is a new module here and an arm in `main.rs`.

pub mod bench_corpus;
pub mod build;
pub mod common;
pub mod compact;
pub mod eval;
pub mod export;
pub mod facts;
pub mod link;
pub mod push;
pub mod query;
pub mod rm;
pub mod rules;
pub mod serve;
pub mod show;
pub mod stats;
pub mod validate;
