//! Every QR decoder considered, on the same 137 photographs in the same run: how
//! many each reads exactly, how many it gets wrong, and its time per image.
//! `cargo bench -p guichet-devices --bench qr` writes the rates to
//! `target/criterion/qr-rates.json`; `scripts/bench-report.py` puts both in
//! docs/benchmarks.md.

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::panic::{catch_unwind, AssertUnwindSafe};

use criterion::{criterion_group, criterion_main, Criterion};
use guichet_devices::qr::{Decoder, Frame};

/// rqrr, measured here only: it read the fewest and panicked on one photograph.
fn rqrr(frame: &Frame) -> Vec<String> {
    let (width, height) = (frame.width as usize, frame.height as usize);
    catch_unwind(AssertUnwindSafe(|| {
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
            frame.luma[y * width + x]
        });
        prepared
            .detect_grids()
            .iter()
            .filter_map(|g| g.decode().ok().map(|(_, text)| text))
            .collect()
    }))
    .unwrap_or_default()
}

type Candidate = (&'static str, Box<dyn Fn(&Frame) -> Vec<String>>);

fn candidates() -> Vec<Candidate> {
    let mut all: Vec<Candidate> = Decoder::ALL
        .iter()
        .map(|&d| {
            (
                d.name(),
                Box::new(move |f: &Frame| d.decode(f)) as Box<dyn Fn(&Frame) -> Vec<String>>,
            )
        })
        .collect();
    all.push(("rqrr", Box::new(rqrr)));
    all
}

fn decoders(c: &mut Criterion) {
    std::panic::set_hook(Box::new(|_| {}));
    let samples: Vec<(Frame, String)> = corpus::samples()
        .into_iter()
        .filter_map(|s| Frame::open(&s.path).ok().map(|f| (f, s.expected)))
        .collect();
    let mut rates = Vec::new();
    for (name, decode) in candidates() {
        let (mut exact, mut wrong) = (0, 0);
        for (frame, expected) in &samples {
            let codes = decode(frame);
            if codes.contains(expected) {
                exact += 1;
            } else if !codes.is_empty() {
                wrong += 1;
            }
        }
        rates.push(format!(
            "{{\"decoder\": \"{name}\", \"exact\": {exact}, \"wrong\": {wrong}, \"images\": {}}}",
            samples.len()
        ));
    }
    let _ = std::fs::create_dir_all("../target/criterion");
    let _ = std::fs::write(
        "../target/criterion/qr-rates.json",
        format!("[{}]", rates.join(",")),
    );
    let mut group = c.benchmark_group("qr_corpus_137");
    group.sample_size(10);
    for (name, decode) in candidates() {
        group.bench_function(name, |b| {
            b.iter(|| {
                samples
                    .iter()
                    .map(|(frame, _)| decode(black_box(frame)).len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, decoders);
criterion_main!(benches);
