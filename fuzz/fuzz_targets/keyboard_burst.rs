//! Any keystrokes with any timings: the burst detector and the layout repair never
//! panic, and every burst is made of characters that were typed.
#![no_main]

use guichet_devices::keyboard::{bursts, Key, Layout, Stroke, Timing};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut at = 0u64;
    let strokes: Vec<Stroke> = data
        .chunks(3)
        .map(|c| {
            at = at.saturating_add(u64::from(*c.get(1).unwrap_or(&0)));
            let key = match c[0] {
                0 => Key::Enter,
                1 => Key::Tab,
                2 => Key::Other,
                b => Key::Char(char::from_u32(u32::from(b) | (u32::from(*c.get(2).unwrap_or(&0)) << 8)).unwrap_or('?')),
            };
            Stroke { key, at_ms: at }
        })
        .collect();
    for burst in bursts(Timing::default(), &strokes) {
        assert!(burst.chars().count() >= Timing::default().min_len);
        for layout in [Layout::Qwerty, Layout::Azerty] {
            let _ = layout.repair(&burst);
        }
    }
});
