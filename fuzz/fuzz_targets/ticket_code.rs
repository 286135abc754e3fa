//! Any text at the gate: parsing, authentication and the verdict never panic, and
//! nothing but a genuine code of the session is ever admitted.
#![no_main]

use guichet_core::scan::{decide, Lookup, Verdict};
use guichet_core::ticket_code::TicketKey;
use libfuzzer_sys::fuzz_target;
use uuid::Uuid;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let key = TicketKey::new(3, [42; 32]).expect("key id below 32");
    let decision = decide(&text, Uuid::from_u128(7), &[key], |_| Lookup::default());
    // Without the key, no fuzzer input can forge the 50-bit tag in practice: an
    // admission here would mean the authentication was skipped.
    assert_ne!(decision.verdict, Verdict::Admitted);
    assert!(decision.verdict != Verdict::UnknownGenuine, "forged code admitted: {text:?}");
});
