//! Any bytes from a HID POS or serial scanner: reassembly never panics and never
//! produces an empty message.
#![no_main]

use guichet_devices::hid_pos::ReportAssembler;
use guichet_devices::serial::Framer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut assembler = ReportAssembler::default();
    for report in data.chunks(64) {
        if let Some(message) = assembler.push(report) {
            assert!(!message.is_empty());
        }
    }
    let mut framer = Framer::default();
    for chunk in data.chunks(7) {
        assert!(framer.push(chunk).iter().all(|m| !m.is_empty()));
    }
});
