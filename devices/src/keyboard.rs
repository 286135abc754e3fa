//! Keyboard-mode scanners ("douchettes" in keyboard emulation): they type the code
//! and press Enter (or Tab), a few milliseconds between keys, wherever the focus is.
//! A [`BurstDetector`] tells their bursts from a person typing, by speed; a
//! [`Layout`] repairs what the operating system's layout did to the characters
//! (a scanner set up for US QWERTY typing on a French AZERTY machine) and what Caps
//! Lock did; a calibration scan tells which layout is in use.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One key as the window received it, with its instant in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Stroke {
    /// What the key produced: a character, or the end of a message.
    pub key: Key,
    /// When, in milliseconds (any origin, increasing).
    #[ts(type = "number")]
    pub at_ms: u64,
}

/// A key's meaning for the detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", content = "char", rename_all = "snake_case")]
pub enum Key {
    /// A printable character.
    Char(char),
    /// Enter: scanners end a code with it.
    Enter,
    /// Tab: some scanners end a code with it.
    Tab,
    /// Anything else (Shift, arrows…): ignored.
    Other,
}

/// Timing of a scanner burst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Timing {
    /// The longest pause between two keys of one burst.
    #[ts(type = "number")]
    pub max_gap_ms: u64,
    /// The fewest characters a burst has (shorter ones are people).
    #[ts(type = "number")]
    pub min_len: usize,
}

impl Default for Timing {
    /// Scanners type a key every 2–15 ms; people, every 80 ms or more.
    fn default() -> Timing {
        Timing {
            max_gap_ms: 35,
            min_len: 8,
        }
    }
}

/// Tells scanner bursts from typing, one stroke at a time.
#[derive(Debug, Clone, Default)]
pub struct BurstDetector {
    timing: Timing,
    text: String,
    last_ms: Option<u64>,
}

impl BurstDetector {
    /// A detector with `timing`.
    pub fn new(timing: Timing) -> BurstDetector {
        BurstDetector {
            timing,
            ..BurstDetector::default()
        }
    }

    /// Feeds one stroke; returns the text of a burst when it ends with Enter or Tab.
    pub fn push(&mut self, stroke: Stroke) -> Option<String> {
        let gap_too_long = self
            .last_ms
            .is_some_and(|last| stroke.at_ms.saturating_sub(last) > self.timing.max_gap_ms);
        match stroke.key {
            Key::Char(c) => {
                if gap_too_long {
                    // A pause: whatever came before was typed by a person.
                    self.text.clear();
                }
                self.text.push(c);
                self.last_ms = Some(stroke.at_ms);
                None
            }
            Key::Enter | Key::Tab => {
                let burst = !gap_too_long && self.text.chars().count() >= self.timing.min_len;
                let text = std::mem::take(&mut self.text);
                self.last_ms = None;
                burst.then_some(text)
            }
            Key::Other => None,
        }
    }
}

/// Runs a whole recorded sequence through a detector; returns every burst.
pub fn bursts(timing: Timing, strokes: &[Stroke]) -> Vec<String> {
    let mut detector = BurstDetector::new(timing);
    strokes.iter().filter_map(|s| detector.push(*s)).collect()
}

/// The keyboard layout the operating system applies to the scanner's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// The layout the scanner was set up for (US QWERTY): nothing to repair.
    #[default]
    Qwerty,
    /// French AZERTY: A↔Q, Z↔W, M on the comma key, digits unshifted (é " ' ( - è…).
    Azerty,
}

/// What a US-QWERTY scanner's key gives on French AZERTY, as (typed, meant).
const AZERTY: &[(char, char)] = &[
    ('Q', 'A'),
    ('A', 'Q'),
    ('W', 'Z'),
    ('Z', 'W'),
    ('?', 'M'),
    (',', 'M'),
    (':', 'M'),
    ('&', '1'),
    ('é', '2'),
    ('"', '3'),
    ('\'', '4'),
    ('(', '5'),
    ('-', '6'),
    ('è', '7'),
    ('_', '8'),
    ('ç', '9'),
    ('à', '0'),
    ('É', '2'),
    ('È', '7'),
    ('Ç', '9'),
    ('À', '0'),
];

impl Layout {
    /// What a US-QWERTY scanner sending `code` makes the machine type under this
    /// layout, with Caps Lock on or off: the damage [`Layout::repair`] undoes.
    pub fn typed(self, code: &str, caps_lock: bool) -> String {
        code.chars()
            .map(|c| {
                let typed = match self {
                    Layout::Qwerty => c,
                    Layout::Azerty => AZERTY
                        .iter()
                        .find(|(_, meant)| *meant == c)
                        .map_or(c, |(t, _)| *t),
                };
                if caps_lock {
                    typed.to_lowercase().next().unwrap_or(typed)
                } else {
                    typed
                }
            })
            .collect()
    }

    /// Repairs `typed`: undoes the layout, then Caps Lock (codes are upper case).
    pub fn repair(self, typed: &str) -> String {
        typed
            .chars()
            .map(|c| {
                let upper = c.to_uppercase().next().unwrap_or(c);
                match self {
                    Layout::Qwerty => upper,
                    Layout::Azerty => AZERTY
                        .iter()
                        .find(|(t, _)| *t == upper || *t == c)
                        .map_or(upper, |(_, m)| *m),
                }
            })
            .collect()
    }
}

/// The text of the calibration code shown in the settings: every character a layout
/// or Caps Lock changes.
pub const CALIBRATION: &str = "GUICHETCALIBRAQWZM1234567890";

/// Why a calibration scan tells nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalibrationError {
    /// The scan was not the calibration code under any known layout.
    #[error("ce scan n'est pas le code de calibration (lu : « {0} ») : scannez le code affiché dans les paramètres")]
    NotCalibration(String),
}

/// What a calibration scan tells: the layout and the scanner's timing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Calibration {
    /// The layout to repair.
    pub layout: Layout,
    /// The timing to detect bursts with.
    pub timing: Timing,
}

/// Learns the layout and the timing from the strokes of a scan of [`CALIBRATION`].
pub fn calibrate(strokes: &[Stroke]) -> Result<Calibration, CalibrationError> {
    let chars: Vec<&Stroke> = strokes
        .iter()
        .filter(|s| matches!(s.key, Key::Char(_)))
        .collect();
    let typed: String = chars
        .iter()
        .filter_map(|s| {
            if let Key::Char(c) = s.key {
                Some(c)
            } else {
                None
            }
        })
        .collect();
    let layout = [Layout::Qwerty, Layout::Azerty]
        .into_iter()
        .find(|layout| layout.repair(&typed) == CALIBRATION)
        .ok_or_else(|| CalibrationError::NotCalibration(typed.clone()))?;
    let slowest = chars
        .windows(2)
        .map(|w| w[1].at_ms.saturating_sub(w[0].at_ms))
        .max()
        .unwrap_or(0);
    // Three times the slowest gap seen, within what still tells a scanner from a person.
    let max_gap_ms = (slowest * 3).clamp(15, 60);
    Ok(Calibration {
        layout,
        timing: Timing {
            max_gap_ms,
            min_len: 8,
        },
    })
}

/// A recording of `text` typed then Enter, `gap_ms` apart from `start_ms`: what a
/// keyboard-mode scanner (a few ms) or a person (a hundred or more) produces. For
/// tests and for replaying a scanner from the command line.
pub fn recorded(text: &str, start_ms: u64, gap_ms: u64) -> Vec<Stroke> {
    let mut at = start_ms;
    let mut strokes: Vec<Stroke> = text
        .chars()
        .map(|c| {
            at += gap_ms;
            Stroke {
                key: Key::Char(c),
                at_ms: at,
            }
        })
        .collect();
    strokes.push(Stroke {
        key: Key::Enter,
        at_ms: at + gap_ms,
    });
    strokes
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "AQZWM2345672BCDEFGHIJKLMNOPQRSTU";

    #[test]
    fn t5_a_scanner_burst_is_recognised_and_a_person_typing_is_not() {
        assert_eq!(bursts(Timing::default(), &recorded(CODE, 0, 4)), [CODE]);
        assert!(
            bursts(Timing::default(), &recorded(CODE, 0, 120)).is_empty(),
            "a person typing is not a scan"
        );
        assert!(
            bursts(Timing::default(), &recorded("ABC", 0, 3)).is_empty(),
            "too short to be a ticket"
        );
    }

    #[test]
    fn t5_a_burst_after_some_typing_is_cut_from_it() {
        let mut seq = recorded("bonjour", 0, 150);
        seq.pop(); // no Enter: the person is still typing
        seq.extend(recorded(CODE, 2_000, 5));
        assert_eq!(bursts(Timing::default(), &seq), [CODE]);
    }

    #[test]
    fn t5_a_burst_with_a_pause_in_it_is_not_the_whole_code() {
        let mut seq = recorded(&CODE[..10], 0, 4);
        seq.pop();
        seq.extend(recorded(&CODE[10..], 400, 4));
        // Only the part after the pause is fast: it comes out alone, and the code's
        // check character refuses such a fragment.
        assert_eq!(bursts(Timing::default(), &seq), [&CODE[10..]]);
    }

    #[test]
    fn t5_azerty_and_caps_lock_are_repaired() {
        for caps in [false, true] {
            let typed = Layout::Azerty.typed(CODE, caps);
            assert_ne!(typed, CODE);
            assert_eq!(
                Layout::Azerty.repair(&typed),
                CODE,
                "caps lock {caps}: {typed}"
            );
        }
        assert_eq!(
            Layout::Qwerty.repair(&Layout::Qwerty.typed(CODE, true)),
            CODE
        );
    }

    #[test]
    fn t5_a_calibration_scan_tells_the_layout_and_the_timing() {
        let azerty = calibrate(&recorded(&Layout::Azerty.typed(CALIBRATION, false), 0, 6)).unwrap();
        assert_eq!(
            (azerty.layout, azerty.timing.max_gap_ms),
            (Layout::Azerty, 18)
        );
        let qwerty = calibrate(&recorded(CALIBRATION, 0, 12)).unwrap();
        assert_eq!(
            (qwerty.layout, qwerty.timing.max_gap_ms),
            (Layout::Qwerty, 36)
        );
        assert!(calibrate(&recorded("PASLEBONCODE", 0, 5)).is_err());
    }
}
