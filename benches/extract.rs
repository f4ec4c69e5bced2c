//! Per-core throughput of the text stages, and of jieba-rs segmentation over the same text.
//!
//! `cargo bench --bench extract` (single-threaded: the figures are per core). The text is
//! the synthetic corpus of `hkg bench-corpus` (seed 1, the first 300 articles), so the bench
//! runs anywhere without downloads. See BENCHMARKS.md for results.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use hkg::extract::extract;
use hkg::graph::{document_quads, Stamp};
use hkg::ingest::{Document, Encoding, Source};
use hkg::link::Gazetteer;
use hkg::rules::Rules;
use hkg::synth::{article, Atlas};

fn corpus() -> Vec<Document> {
    let atlas = Atlas::new(Gazetteer::builtin());
    (0..300)
        .map(|i| {
            let a = article(&atlas, 1, i);
            Document::from_bytes(&a.id, Source::Stdin, a.text.as_bytes(), Encoding::Utf8)
                .expect("synthetic text decodes")
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let rules = Rules::load(None).expect("built-in rules");
    let docs = corpus();
    let texts: Vec<String> = docs.iter().map(|d| d.text.clone()).collect();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let mut group = c.benchmark_group("per-core");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("ingest (decode, normalise, sentences)", |b| {
        b.iter(|| {
            for t in &texts {
                let d = Document::from_bytes("d", Source::Stdin, t.as_bytes(), Encoding::Auto)
                    .expect("decodes");
                std::hint::black_box(d);
            }
        })
    });
    group.bench_function("extract", |b| {
        b.iter(|| {
            for d in &docs {
                std::hint::black_box(extract(d, &rules));
            }
        })
    });
    let stamp = Stamp {
        rules_hash: "bench",
    };
    group.bench_function("extract + graph (quads)", |b| {
        b.iter(|| {
            for d in &docs {
                let facts = extract(d, &rules).facts;
                std::hint::black_box(document_quads(d, &facts, &stamp));
            }
        })
    });
    let jieba = jieba_rs::Jieba::new();
    group.bench_function("jieba-rs cut (HMM on)", |b| {
        b.iter(|| {
            for t in &texts {
                std::hint::black_box(jieba.cut(t, true));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
