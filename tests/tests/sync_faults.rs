//! Sync under faults, the short version CI runs (rule D4): seeded scenarios over every
//! fault class, each checked for exactly-once application, convergence, one admission
//! per ticket, no overlapping bookings and drained outboxes. The long version is the
//! `soak` binary (CONTRIBUTING.md).

use guichet_tests::faults::{scenario, FaultClass};

/// Runs `runs` seeds of `class`; every failure is listed with its seed to replay it
/// (`cargo run -p guichet-tests --bin soak -- --fault CLASS --seed N`).
fn seeds(class: FaultClass, runs: u64) {
    let failures: Vec<String> = (0..runs)
        .filter_map(|seed| scenario::run(seed, class, 30).err())
        .collect();
    assert!(failures.is_empty(), "{}: {failures:#?}", class.name());
}

#[test]
fn d4_converges_without_faults() {
    seeds(FaultClass::None, 10);
}

#[test]
fn d4_converges_when_requests_and_responses_are_dropped() {
    seeds(FaultClass::Drop, 15);
}

#[test]
fn d4_converges_when_responses_are_late() {
    seeds(FaultClass::Delay, 10);
}

#[test]
fn d4_converges_when_requests_arrive_twice() {
    seeds(FaultClass::Duplicate, 15);
}

#[test]
fn d4_converges_when_concurrent_devices_overtake_each_other() {
    seeds(FaultClass::Reorder, 10);
}

#[test]
fn d4_converges_when_responses_are_cut_mid_body() {
    seeds(FaultClass::Cut, 15);
}

#[test]
fn d4_converges_across_server_restarts() {
    seeds(FaultClass::Restart, 10);
}

#[test]
fn d4_converges_under_every_fault_mixed() {
    seeds(FaultClass::All, 20);
}
