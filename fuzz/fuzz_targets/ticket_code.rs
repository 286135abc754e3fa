//! Any text at the gate: parsing, authentication and the verdict never panic, and
//! nothing but a genuine code of the session is ever admitted.
#![no_main]

use guichet_core::scan::{decide, Gate, Lookup, Verdict};
use guichet_core::ticket_code::TicketKey;
use libfuzzer_sys::fuzz_target;
use uuid::Uuid;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let key = TicketKey::new(3, [42; 32]).expect("key id below 1024");
    let gate = Gate {
        session: Uuid::from_u128(7),
        event: Uuid::from_u128(8),
        device: Uuid::from_u128(9),
        now: chrono::DateTime::UNIX_EPOCH,
    };
    let decision = decide(&text, &gate, Some(&[key]), |_| {
        Ok::<_, std::convert::Infallible>(Lookup::default())
    })
    .expect("an infallible look-up with keys always gives a verdict");
    // Without the key, no fuzzer input can forge the 50-bit tag in practice: an
    // admission here would mean the authentication was skipped.
    assert_ne!(decision.verdict, Verdict::Admitted);
    assert!(decision.verdict != Verdict::UnknownGenuine, "forged code admitted: {text:?}");
});
