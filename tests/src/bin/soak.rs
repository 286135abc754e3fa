//! `soak`: runs the seeded sync scenarios under faults, many times, and prints what it
//! found (docs/reliability.md records a run).
//!
//! `cargo run --release -p guichet-tests --bin soak -- [--runs N] [--fault CLASS]
//! [--seed N] [--steps N]` — CLASS among none, drop, delay, duplicate, reorder, cut,
//! restart, all (default: every class, one after the other).

use std::process::ExitCode;

use guichet_tests::faults::{scenario, FaultClass};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let runs: u64 = value("--runs").and_then(|v| v.parse().ok()).unwrap_or(1000);
    let steps: u32 = value("--steps").and_then(|v| v.parse().ok()).unwrap_or(30);
    let first_seed: u64 = value("--seed").and_then(|v| v.parse().ok()).unwrap_or(0);
    let runs = if value("--seed").is_some() && value("--runs").is_none() {
        1
    } else {
        runs
    };
    let classes: Vec<FaultClass> = match value("--fault") {
        Some(name) => match FaultClass::from_name(&name) {
            Some(class) => vec![class],
            None => {
                eprintln!("soak : classe de panne inconnue « {name} »");
                return ExitCode::from(2);
            }
        },
        None => FaultClass::EVERY.to_vec(),
    };
    println!("| panne | exécutions | échecs | opérations | conflits | bons vendus | paiements par bon (sur montant imprimé) | requêtes | pannes injectées | synchros échouées puis reprises | durée |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut failed_any = false;
    for class in classes {
        let started = std::time::Instant::now();
        let (mut failures, mut ops, mut requests, mut faults, mut failed_syncs) =
            (Vec::new(), 0, 0, 0, 0);
        let (mut vouchers, mut redemptions, mut unconfirmed) = (0, 0, 0);
        let mut conflicts = std::collections::BTreeMap::<String, u64>::new();
        for seed in first_seed..first_seed + runs {
            match scenario::run(seed, class, steps) {
                Ok(report) => {
                    ops += report.operations;
                    requests += report.requests;
                    faults += report.faults;
                    failed_syncs += report.failed_syncs;
                    vouchers += report.vouchers;
                    redemptions += report.redemptions;
                    unconfirmed += report.unconfirmed;
                    for (kind, n) in report.conflicts {
                        *conflicts.entry(kind).or_default() += n;
                    }
                }
                Err(why) => failures.push(why),
            }
        }
        let conflicts = conflicts
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        println!(
            "| {} | {runs} | {} | {ops} | {conflicts} | {vouchers} | {redemptions} ({unconfirmed}) | {requests} | {faults} | {failed_syncs} | {:.0} s |",
            class.name(),
            failures.len(),
            started.elapsed().as_secs_f64()
        );
        for why in &failures {
            eprintln!("ÉCHEC {} : {why}", class.name());
        }
        failed_any |= !failures.is_empty();
    }
    if failed_any {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
