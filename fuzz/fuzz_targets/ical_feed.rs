//! Any bytes as an iCal feed (rule B4): reading never panics, a refusal names a line of
//! the input, and the nights a feed blocks stay inside the horizon.
#![no_main]

use guichet_core::ical::{blocked_nights, parse, HORIZON_DAYS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).expect("a date");
    match parse(data) {
        Ok(events) => {
            let nights = blocked_nights(&events, chrono_tz::Europe::Paris, today);
            let last = today + chrono::Days::new(HORIZON_DAYS);
            assert!(nights.iter().all(|n| *n >= today && *n <= last));
        }
        Err(e) => {
            let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
            assert!(e.line.is_none_or(|l| l >= 1 && l <= lines), "{e} ({lines} lines)");
        }
    }
});
