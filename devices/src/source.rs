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

/// A device-specific input: how to find its device and read payloads from it.
/// [`Polled`] turns one into a [`ScanSource`].
pub trait Input {
    /// Which kind of input.
    const KIND: SourceKind;
    /// What its status says when it is ready, in French.
    const READY: &'static str;
    /// The connected device's name, or why there is none (looked for at every poll).
    fn connect(&mut self) -> Result<String, String>;
    /// The payloads that arrived since the last read, or why the device went away.
    fn read(&mut self) -> Result<Vec<String>, String>;
}

/// An [`Input`] polled as a [`ScanSource`]: it keeps the input's status and looks
/// for a missing device again at every poll (hot-plug).
pub struct Polled<I: Input> {
    input: I,
    status: DeviceStatus,
}

impl<I: Input> Polled<I> {
    /// Polls `input`.
    pub fn new(input: I) -> Polled<I> {
        let status = DeviceStatus {
            kind: I::KIND,
            device: None,
            ready: false,
            message: "recherche du lecteur…".to_owned(),
        };
        Polled { input, status }
    }

    /// The input itself.
    pub fn input_mut(&mut self) -> &mut I {
        &mut self.input
    }
}

impl<I: Input> ScanSource for Polled<I> {
    fn kind(&self) -> SourceKind {
        I::KIND
    }

    fn poll(&mut self) -> Vec<String> {
        let read = self.input.connect().and_then(|device| {
            self.status.device = Some(device);
            self.input.read()
        });
        match read {
            Ok(payloads) => {
                self.status.ready = true;
                I::READY.clone_into(&mut self.status.message);
                payloads
            }
            Err(why) => {
                self.status = DeviceStatus {
                    kind: I::KIND,
                    device: None,
                    ready: false,
                    message: why,
                };
                Vec::new()
            }
        }
    }

    fn status(&self) -> DeviceStatus {
        self.status.clone()
    }
}
