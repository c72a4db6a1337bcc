//! Time of each stage of the pipeline: parse, model, emission (every output) and end to end
//! (everything `generate` does but writing files), on spec/ and on Twilio's full Flex v1 spec
//! (read from ../shared/specs/).
//!
//! `cargo bench -p twilio-codegen --bench pipeline`; see docs/performance.md for the goals
//! and recorded figures.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use twilio_codegen::{load, model, Generator, Settings, SpecInput};

/// The allocator the `twilio-codegen` binary uses, so the figures are those of a real run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn stages(c: &mut Criterion, name: &str, file: &str, text: &str) {
    let generator = Generator::new(Settings::default());
    let spec = load::parse(file, text).expect("parses");
    let api = model::build(&spec).expect("builds");
    let mut group = c.benchmark_group(name);
    group.bench_function("parse", |b| {
        b.iter(|| load::parse(file, black_box(text)).expect("parses"))
    });
    group.bench_function("model", |b| {
        b.iter(|| model::build(black_box(&spec)).expect("builds"))
    });
    let input = [SpecInput::new(file, text)];
    group.bench_function("emit", |b| {
        b.iter(|| {
            generator
                .emit(&input, std::slice::from_ref(black_box(&api)))
                .expect("emits")
        })
    });
    group.bench_function("end_to_end", |b| {
        b.iter(|| {
            generator
                .generate(&[SpecInput::new(file, black_box(text))])
                .expect("generates")
        })
    });
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    stages(
        c,
        "flexflow",
        "twilio_flex_v1.yaml",
        &read("spec/twilio_flex_v1.yaml"),
    );
    stages(
        c,
        "full_flex_v1",
        "twilio_flex_v1.yaml",
        &read("../shared/specs/twilio_flex_v1.yaml"),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = pipeline
}
criterion_main!(benches);
