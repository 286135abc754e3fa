//! A sale at the till — a cart of 5 lines, a split payment (card and cash with change),
//! its journal entry and its outbox operation, committed durably (`synchronous=FULL`)
//! — against a bare fsync'd SQLite insert measured in the same run on the same disk.
//! Criterion measures the mean; plain loops of 2,000 of each record every latency for
//! p50/p99 — taken in turn (a sale, an insert, a sale…), then one loop after the
//! other —, written to `target/criterion/sale-latency.json` for docs/benchmarks.md.
//!
//! `cargo bench -p guichet-app --bench sale`

#![allow(clippy::expect_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use guichet_app::till::sales::{Cart, CartLine, CartPayment};
use guichet_app::App;
use guichet_core::payment::PaymentMethod;

mod common;
use common::{alternating, bare, latencies};

struct Till {
    _dir: tempfile::TempDir,
    app: App,
    cart: Cart,
}

/// A till with 5 products (10, 12, 14, 16 and 18 €) and the cart of one of each, paid
/// 40 € by card and 50 € in cash (20 € back).
fn till() -> Till {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = App::open(dir.path()).expect("app");
    let mut lines = Vec::new();
    for (i, price) in ["10", "12", "14", "16", "18"].into_iter().enumerate() {
        let product = app
            .add_product(
                &format!("Activité {i}"),
                price.parse().expect("price"),
                2000,
                &["till".to_owned()],
            )
            .expect("product");
        lines.push(CartLine {
            product: product.id,
            quantity: 1,
            activity_date: None,
            answers: None,
        });
    }
    let pay = |method, amount: &str| CartPayment {
        method,
        amount: Some(amount.parse().expect("amount")),
        voucher_code: None,
        printed_amount: None,
    };
    let cart = Cart {
        lines,
        tickets: Vec::new(),
        vouchers: Vec::new(),
        payments: vec![
            pay(PaymentMethod::Card, "40"),
            pay(PaymentMethod::Cash, "50"),
        ],
        accept_forfeit: false,
    };
    Till {
        _dir: dir,
        app,
        cart,
    }
}

fn sales(c: &mut Criterion) {
    let mut t = till();
    let mut b = bare();
    let cart = t.cart.clone();
    // Warm-up: each write-ahead log grows to its checkpoint size once (1,000 pages:
    // about 60 sales, 1,000 bare inserts); until then every commit also extends the
    // file, which makes its fsync slower.
    for _ in 0..100 {
        t.app.sell(&cart).expect("sale");
    }
    b.warm();
    let ((sale_p50, sale_p99), (bare_p50, bare_p99)) = alternating(
        |_| {
            black_box(t.app.sell(&cart).expect("sale"));
        },
        |_| b.insert(),
    );
    // The same, one loop after the other (as the scan's bench measures).
    let (seq_sale_p50, seq_sale_p99) = latencies(|_| {
        black_box(t.app.sell(&cart).expect("sale"));
    });
    let (seq_bare_p50, seq_bare_p99) = latencies(|_| b.insert());
    let _ = std::fs::create_dir_all("../target/criterion");
    let _ = std::fs::write(
        "../target/criterion/sale-latency.json",
        format!(
            "{{\"sale_p50_us\": {sale_p50}, \"sale_p99_us\": {sale_p99}, \"bare_p50_us\": {bare_p50}, \"bare_p99_us\": {bare_p99}, \
             \"seq_sale_p50_us\": {seq_sale_p50}, \"seq_sale_p99_us\": {seq_sale_p99}, \"seq_bare_p50_us\": {seq_bare_p50}, \"seq_bare_p99_us\": {seq_bare_p99}}}"
        ),
    );
    let mut group = c.benchmark_group("sale_durable");
    group.sample_size(50);
    group.bench_function("sale_of_5_lines_split_payment", |bench| {
        bench.iter(|| t.app.sell(&cart).expect("sale"))
    });
    group.bench_function("baseline_bare_fsync_insert", |bench| {
        bench.iter(|| b.insert())
    });
    group.finish();
}

criterion_group!(benches, sales);
criterion_main!(benches);
