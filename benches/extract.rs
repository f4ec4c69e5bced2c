//! Per-core throughput of the text stages, and of jieba-rs segmentation over the same text.
//!
//! `cargo bench --bench extract` (single-threaded: the figures are per core). The text is
//! the synthetic corpus of `hkg bench-corpus` (seed 1, the first 300 articles), so the bench
//! runs anywhere without downloads; the HTML group reads the same articles as pages of the
//! four template families (`hkg bench-corpus --as html`). See BENCHMARKS.md for results.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use hkg::extract::extract;
use hkg::graph::{document_quads, Stamp};
use hkg::ingest::{html, Document, Encoding, Given, Source};
use hkg::link::Gazetteer;
use hkg::rules::Rules;
use hkg::synth::{article, article_page, Atlas};

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
    // `hkg build --no-tagger`: the rules alone, the path issue 18's per-core target is about.
    let mut rules_only = Rules::load(None).expect("built-in rules");
    rules_only.tagger = None;
    group.bench_function("extract, rules only", |b| {
        b.iter(|| {
            for d in &docs {
                std::hint::black_box(extract(d, &rules_only));
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

    // The same articles as web pages of the four template families: ingest per page byte.
    let atlas = Atlas::new(Gazetteer::builtin());
    let pages: Vec<String> = (0..300)
        .map(|i| article_page(&article(&atlas, 1, i as u64), i, 1))
        .collect();
    let page_bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    let mut group = c.benchmark_group("per-core html");
    group.throughput(Throughput::Bytes(page_bytes));
    group.sample_size(10);
    group.bench_function(
        "ingest html (decode, main text, normalise, sentences)",
        |b| {
            b.iter(|| {
                for p in &pages {
                    let page = html::read_html(p.as_bytes()).expect("a page");
                    let d = Document::from_text("d", Source::Stdin, page.text, Given::default())
                        .expect("text");
                    std::hint::black_box(d);
                }
            })
        },
    );
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
