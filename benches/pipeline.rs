//! Per-stage and end-to-end throughput of the grading pipeline over the
//! labelled samples (`samples/train` and `samples/test`), in bytes of answer
//! text, or over the answers of a folder named by `BENCH_CORPUS` (a corpus
//! from `examples/gen_corpus.rs`). The rubric is compiled once, outside every
//! measured loop. The `startup` group measures what start-up pays before the
//! first answer: parsing the embedded lexicon and compiling the default rubric.
//!
//! ```text
//! cargo bench --bench pipeline
//! BENCH_CORPUS=corpus cargo bench --bench pipeline
//! ```

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use rubricate::text::{Document, Format};

/// Every answer to measure, as (name, text), in a stable order.
fn samples() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let dirs = match std::env::var_os("BENCH_CORPUS") {
        Some(dir) => vec![Path::new(&dir).to_path_buf()],
        None => vec![root.join("train"), root.join("test")],
    };
    let mut out = Vec::new();
    for dir in dirs {
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("answers directory")
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).expect("sample is UTF-8");
            out.push((p.display().to_string(), text));
        }
    }
    assert!(!out.is_empty(), "no samples found");
    out
}

fn pipeline(c: &mut Criterion) {
    let rubric = rubricate::rubric::load("policy-impact").expect("default rubric");
    let answers = samples();
    let bytes: u64 = answers.iter().map(|(_, t)| t.len() as u64).sum();
    let formats: Vec<Format> = answers.iter().map(|(n, _)| Format::from_name(n)).collect();

    let docs: Vec<Document<'_>> = answers
        .iter()
        .zip(&formats)
        .map(|((_, t), f)| Document::new(t, *f))
        .collect();
    let detections: Vec<_> = docs
        .iter()
        .map(|d| rubricate::detect::detect(d, &rubric))
        .collect();
    let reports: Vec<_> = answers
        .iter()
        .map(|(n, t)| rubricate::grade_text(n, t, &rubric))
        .collect();

    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes));

    group.bench_function("document", |b| {
        b.iter(|| {
            for ((_, text), format) in answers.iter().zip(&formats) {
                black_box(Document::new(black_box(text), *format));
            }
        })
    });
    group.bench_function("detect", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(rubricate::detect::detect(black_box(doc), &rubric));
            }
        })
    });
    group.bench_function("structure_and_score", |b| {
        b.iter(|| {
            for (doc, det) in docs.iter().zip(&detections) {
                let structure = rubricate::structure::analyse(doc, det, &rubric.lexicon);
                black_box(rubricate::score::score(doc, det, &structure, &rubric));
            }
        })
    });
    group.bench_function("render_jsonl", |b| {
        b.iter(|| {
            for report in &reports {
                black_box(rubricate::report::json::render_line(black_box(report)));
            }
        })
    });
    group.bench_function("grade_text", |b| {
        b.iter(|| {
            for (name, text) in &answers {
                black_box(rubricate::grade_text(name, black_box(text), &rubric));
            }
        })
    });
    group.finish();
}

/// The pieces of start-up that come before grading: the lexicon parsed from
/// its embedded TOML, and the default rubric compiled with it (term sets
/// flattened and indexed, patterns parsed (each compiles when an answer first
/// calls for it), digest taken).
fn startup(c: &mut Criterion) {
    use rubricate::rubric;
    let (id, text) = rubric::BUNDLED
        .iter()
        .find(|(id, _)| *id == rubric::DEFAULT_RUBRIC)
        .expect("the default rubric is bundled");
    let file = format!("embedded:{id}.toml");
    let mut group = c.benchmark_group("startup");
    group.sample_size(30);
    group.bench_function("lexicon_parse", |b| {
        b.iter(|| black_box(rubric::parse_lexicon()))
    });
    group.bench_function("rubric_compile", |b| {
        b.iter(|| black_box(rubric::from_toml(&file, text).expect("the default rubric compiles")))
    });
    group.finish();
}

criterion_group!(benches, pipeline, startup);
criterion_main!(benches);
