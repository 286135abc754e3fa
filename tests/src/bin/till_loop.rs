//! `till_loop DATA_DIR SEED`: sells at the till of `DATA_DIR` in a loop until it is
//! killed, for the kill -9 test (`tests/tests/till_kill.rs`). In turn: a gift voucher
//! sold, a cart paid by it (the rest by card), a cart paid in cash. Each one is printed
//! on its own line once recorded (`sale ID`, `voucher CODE AMOUNT`), so that the test
//! knows what was acknowledged before the kill.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use guichet_app::till::sales::{Cart, CartLine, CartPayment};
use guichet_app::App;
use guichet_core::payment::PaymentMethod;
use guichet_core::Money;
use guichet_tests::faults::rng::Rng;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(seed)) = (args.first(), args.get(1).and_then(|s| s.parse().ok())) else {
        eprintln!("till_loop DOSSIER_DE_DONNÉES GRAINE");
        return ExitCode::from(2);
    };
    match run(Path::new(dir), seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("till_loop : {why}");
            ExitCode::FAILURE
        }
    }
}

fn line(product: uuid::Uuid, quantity: u32) -> CartLine {
    CartLine {
        product,
        quantity,
        activity_date: None,
        answers: None,
    }
}

fn pay(method: PaymentMethod, amount: Money) -> CartPayment {
    CartPayment {
        method,
        amount: Some(amount),
        voucher_code: None,
        printed_amount: None,
    }
}

fn run(dir: &Path, seed: u64) -> Result<(), String> {
    let mut app = App::open(dir).map_err(|e| e.to_string())?;
    let products: Vec<(uuid::Uuid, Money)> = app
        .products()
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|p| p.active && p.channels.iter().any(|c| c == "till"))
        .map(|p| (p.id, p.price))
        .collect();
    if products.is_empty() {
        return Err("aucun produit à la caisse".to_owned());
    }
    let mut rng = Rng::new(seed);
    let mut out = std::io::stdout().lock();
    let mut last: Option<(String, uuid::Uuid)> = None;
    for n in 0u64.. {
        let (product, price) = *rng.pick(&products);
        let quantity = 1 + rng.below(3) as u32;
        let total = price.checked_mul(quantity).map_err(|e| e.to_string())?;
        match (n % 3, last.take()) {
            (0, _) => {
                let amount = Money::from_cents(2000 + 1000 * rng.below(6) as i64);
                let sold = app
                    .sell_voucher(&[product], amount, PaymentMethod::Card)
                    .map_err(|e| e.to_string())?;
                writeln!(out, "voucher {} {amount}", sold.code).map_err(|e| e.to_string())?;
                last = Some((sold.code, product));
            }
            (1, Some((code, paid_product))) => {
                let mut cart = Cart {
                    lines: vec![line(paid_product, quantity)],
                    tickets: Vec::new(),
                    vouchers: Vec::new(),
                    payments: vec![CartPayment {
                        method: PaymentMethod::GiftVoucher,
                        amount: None,
                        voucher_code: Some(code),
                        printed_amount: None,
                    }],
                    accept_forfeit: true,
                };
                let due = app.quote_cart(&cart).map_err(|e| e.to_string())?.due;
                if due > Money::ZERO {
                    cart.payments.push(pay(PaymentMethod::Card, due));
                }
                let sale = app.sell(&cart).map_err(|e| e.to_string())?;
                writeln!(out, "sale {}", sale.id).map_err(|e| e.to_string())?;
            }
            _ => {
                let cash = total
                    .checked_add(Money::from_cents(500))
                    .map_err(|e| e.to_string())?;
                let sale = app
                    .sell(&Cart {
                        lines: vec![line(product, quantity)],
                        tickets: Vec::new(),
                        vouchers: Vec::new(),
                        payments: vec![pay(PaymentMethod::Cash, cash)],
                        accept_forfeit: false,
                    })
                    .map_err(|e| e.to_string())?;
                writeln!(out, "sale {}", sale.id).map_err(|e| e.to_string())?;
            }
        }
        out.flush().map_err(|e| e.to_string())?;
    }
    Ok(())
}
