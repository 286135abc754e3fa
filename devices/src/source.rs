//! The one trait every scanner input sits behind: something that, when polled,
//! yields the payloads it scanned since the last poll.

use serde::Serialize;
use ts_rs::TS;

/// Where a payload came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SourceKind {
    /// A scanner in keyboard mode.
    Keyboard,
    /// A USB scanner in HID POS mode (usage page 0x8C).
    HidPos,
    /// A USB scanner in serial (CDC) mode.
    Serial,
    /// A webcam.
    Webcam,
}

impl SourceKind {
    /// Its name in the scan journal.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Keyboard => "keyboard",
            SourceKind::HidPos => "hid",
            SourceKind::Serial => "serial",
            SourceKind::Webcam => "webcam",
        }
    }
}

/// The state of an input, for the gate's device list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeviceStatus {
    /// Which kind of input.
    pub kind: SourceKind,
    /// The device's name, when one is connected.
    pub device: Option<String>,
    /// Ready to scan.
    pub ready: bool,
    /// What to do when it is not, in French.
    pub message: String,
}

/// A scanner input.
pub trait ScanSource {
    /// What kind of input it is.
    fn kind(&self) -> SourceKind;
    /// Reads what was scanned since the last call (possibly nothing). A device that
    /// went away is reported in [`ScanSource::status`], not as a failure: it is
    /// looked for again at the next poll (hot-plug).
    fn poll(&mut self) -> Vec<String>;
    /// Its state now.
    fn status(&self) -> DeviceStatus;
}
