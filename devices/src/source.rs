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

/// Polls skipped after a device was found missing before looking for it again
/// (about a second at the window's 40 ms poll): enumerating USB devices, serial
/// ports or cameras is too costly to repeat on every poll.
pub const RETRY_AFTER_POLLS: u32 = 25;

/// An [`Input`] polled as a [`ScanSource`]: it keeps the input's status and looks
/// for a missing device again every [`RETRY_AFTER_POLLS`] polls (hot-plug).
pub struct Polled<I: Input> {
    input: I,
    status: DeviceStatus,
    wait: u32,
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
        Polled {
            input,
            status,
            wait: 0,
        }
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
        if self.wait > 0 {
            self.wait -= 1;
            return Vec::new();
        }
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
                self.wait = RETRY_AFTER_POLLS;
                Vec::new()
            }
        }
    }

    fn status(&self) -> DeviceStatus {
        self.status.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A device that is missing until `plugged_at` looks, counting the look-ups.
    struct Flaky {
        looks: u32,
        plugged_at: u32,
    }

    impl Input for Flaky {
        const KIND: SourceKind = SourceKind::Serial;
        const READY: &'static str = "prête";

        fn connect(&mut self) -> Result<String, String> {
            self.looks += 1;
            if self.looks >= self.plugged_at {
                Ok("ttyACM0".to_owned())
            } else {
                Err("branchez-la".to_owned())
            }
        }

        fn read(&mut self) -> Result<Vec<String>, String> {
            Ok(vec!["CODE".to_owned()])
        }
    }

    #[test]
    fn t5_a_missing_device_is_looked_for_again_about_once_a_second_not_every_poll() {
        let mut source = Polled::new(Flaky {
            looks: 0,
            plugged_at: 3,
        });
        let polls = 3 * (RETRY_AFTER_POLLS + 1);
        let read: Vec<String> = (0..polls).flat_map(|_| source.poll()).collect();
        // Two failed look-ups, then found at the third: every poll after that reads.
        assert_eq!(source.input_mut().looks, 3 + RETRY_AFTER_POLLS);
        assert_eq!(read.len() as u32, polls - 2 * (RETRY_AFTER_POLLS + 1));
        assert!(source.status().ready);
    }
}
