//! USB scanners in serial (CDC-ACM) mode: bytes on a virtual serial port, each
//! message ended by CR and/or LF. No keyboard layout involved.

use crate::source::{Input, SourceKind};

/// The longest message accepted; a longer run without an end is dropped.
const MAX_MESSAGE: usize = 4096;

/// Splits the serial byte stream into messages.
#[derive(Debug, Default)]
pub struct Framer {
    pending: Vec<u8>,
    overflow: bool,
}

impl Framer {
    /// Feeds bytes as they arrive (any chunking); returns the messages they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<String> {
        let mut messages = Vec::new();
        for &byte in bytes {
            if byte == b'\r' || byte == b'\n' {
                if !self.overflow && !self.pending.is_empty() {
                    messages.push(String::from_utf8_lossy(&self.pending).trim().to_owned());
                }
                self.pending.clear();
                self.overflow = false;
            } else if self.pending.len() < MAX_MESSAGE {
                self.pending.push(byte);
            } else {
                self.overflow = true;
            }
        }
        messages.retain(|m| !m.is_empty());
        messages
    }
}

/// Where serial bytes come from: the real port, or a recording.
pub trait ByteReader {
    /// The port's name, or why there is none.
    fn port(&mut self) -> Result<String, String>;
    /// The bytes waiting now.
    fn read(&mut self) -> Result<Vec<u8>, String>;
}

/// A serial scanner: bytes from `R`, framed into messages.
pub struct Serial<R: ByteReader> {
    reader: R,
    framer: Framer,
}

impl<R: ByteReader> Serial<R> {
    /// A scanner reading `reader`'s bytes.
    pub fn new(reader: R) -> Serial<R> {
        Serial {
            reader,
            framer: Framer::default(),
        }
    }
}

impl<R: ByteReader> Input for Serial<R> {
    const KIND: SourceKind = SourceKind::Serial;
    const READY: &'static str = "douchette série : prête";

    fn connect(&mut self) -> Result<String, String> {
        self.reader.port()
    }

    fn read(&mut self) -> Result<Vec<String>, String> {
        match self.reader.read() {
            Ok(bytes) => Ok(self.framer.push(&bytes)),
            Err(why) => {
                self.framer = Framer::default();
                Err(why)
            }
        }
    }
}

/// The variable naming the serial port to read instead of the first USB one (an
/// RS-232 adapter that is not seen as USB, a pseudo-terminal in tests).
pub const PORT_ENV: &str = "GUICHET_SERIAL_PORT";

/// The real backend: the first USB serial port (or the one [`PORT_ENV`] names),
/// opened at 9600 baud, found again after it is unplugged.
#[cfg(feature = "serial")]
pub mod port {
    use std::io::Read;
    use std::path::PathBuf;
    use std::time::Duration;

    use super::ByteReader;
    use crate::os::os_reason;

    /// Reads a USB serial port with the serialport crate.
    #[derive(Default)]
    pub struct UsbSerial {
        /// The port to open; the first USB serial port when none.
        path: Option<PathBuf>,
        open: Option<(String, Box<dyn serialport::SerialPort>)>,
    }

    /// A serial port error in French words (the crate's text is English).
    fn reason(error: &serialport::Error) -> &'static str {
        match error.kind() {
            serialport::ErrorKind::NoDevice => "introuvable",
            serialport::ErrorKind::InvalidInput => "réglage refusé par le port",
            serialport::ErrorKind::Io(kind) => os_reason(kind),
            _ => "erreur du système",
        }
    }

    impl UsbSerial {
        /// The port at `path` (found again at the same path after a replug).
        pub fn at(path: impl Into<PathBuf>) -> UsbSerial {
            UsbSerial {
                path: Some(path.into()),
                open: None,
            }
        }

        /// The port `GUICHET_SERIAL_PORT` names, else the first USB serial port.
        pub fn from_env() -> UsbSerial {
            std::env::var_os(super::PORT_ENV).map_or_else(UsbSerial::default, UsbSerial::at)
        }

        /// The port's name: the one configured, or the first USB serial port's.
        fn find(&self) -> Result<String, String> {
            if let Some(path) = &self.path {
                if !path.exists() {
                    return Err(format!(
                        "aucune douchette série sur {} : branchez-la (port choisi par {})",
                        path.display(),
                        super::PORT_ENV
                    ));
                }
                return Ok(path.display().to_string());
            }
            let ports = serialport::available_ports()
                .map_err(|e| format!("ports série illisibles ({})", reason(&e)))?;
            ports
                .into_iter()
                .find(|p| matches!(p.port_type, serialport::SerialPortType::UsbPort(_)))
                .map(|p| p.port_name)
                .ok_or_else(|| {
                    "aucune douchette série : branchez-la, ou configurez-la en mode USB série (CDC)"
                        .to_owned()
                })
        }
    }

    impl ByteReader for UsbSerial {
        fn port(&mut self) -> Result<String, String> {
            if let Some((name, _)) = &self.open {
                return Ok(name.clone());
            }
            let name = self.find()?;
            let port = serialport::new(&name, 9600)
                .timeout(Duration::from_millis(5))
                .open()
                .map_err(|e| {
                    format!(
                        "{name} : ouverture impossible ({}) — ajoutez l'utilisateur au groupe dialout (docs/scanners.md)",
                        reason(&e)
                    )
                })?;
            self.open = Some((name.clone(), port));
            Ok(name)
        }

        fn read(&mut self) -> Result<Vec<u8>, String> {
            let Some((_, port)) = &mut self.open else {
                return Ok(Vec::new());
            };
            let mut buffer = [0u8; 512];
            match port.read(&mut buffer) {
                Ok(n) => Ok(buffer[..n].to_vec()),
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => Ok(Vec::new()),
                Err(e) => {
                    self.open = None;
                    Err(format!(
                        "douchette série débranchée ({}) : rebranchez-la",
                        os_reason(e.kind())
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t5_serial_bytes_split_into_messages_whatever_the_chunking() {
        let stream = b"APKRVHESF4GG3N5BLL6CQBKSQQ2SSPEM\r\nAPKRVXYY5ZIIKL74TTCLCWSRY3FSQ6YK\r";
        for chunk in [1, 3, 7, stream.len()] {
            let mut framer = Framer::default();
            let messages: Vec<String> = stream.chunks(chunk).flat_map(|c| framer.push(c)).collect();
            assert_eq!(
                messages,
                [
                    "APKRVHESF4GG3N5BLL6CQBKSQQ2SSPEM",
                    "APKRVXYY5ZIIKL74TTCLCWSRY3FSQ6YK"
                ],
                "chunks of {chunk}"
            );
        }
    }

    #[test]
    fn t5_garbage_and_endless_lines_are_dropped() {
        let mut framer = Framer::default();
        assert!(framer.push(b"\r\n\n\r").is_empty());
        assert!(framer.push(&vec![b'A'; MAX_MESSAGE + 10]).is_empty());
        assert!(
            framer.push(b"\n").is_empty(),
            "an overlong line is not a message"
        );
        assert_eq!(framer.push(&[0xff, 0xfe, b'\n']), ["\u{fffd}\u{fffd}"]);
    }

    struct Recording(Vec<Result<Vec<u8>, String>>);

    impl ByteReader for Recording {
        fn port(&mut self) -> Result<String, String> {
            match self.0.first() {
                Some(Err(why)) => Err(why.clone()),
                _ => Ok("/dev/ttyACM0".to_owned()),
            }
        }

        fn read(&mut self) -> Result<Vec<u8>, String> {
            if self.0.is_empty() {
                Ok(Vec::new())
            } else {
                self.0.remove(0)
            }
        }
    }

    #[test]
    fn t5_a_missing_serial_scanner_says_what_to_do() {
        use crate::source::{Polled, ScanSource};
        let mut scanner = Polled::new(Serial::new(Recording(vec![Err(
            "aucune douchette série : branchez-la".to_owned(),
        )])));
        assert!(scanner.poll().is_empty());
        assert!(!scanner.status().ready && scanner.status().message.contains("branchez-la"));
        scanner.input_mut().reader.0.clear();
        scanner.input_mut().reader.0.push(Ok(b"CODE\r\n".to_vec()));
        let read: Vec<String> = (0..=crate::source::RETRY_AFTER_POLLS)
            .flat_map(|_| scanner.poll())
            .collect();
        assert_eq!(read, ["CODE"]);
        assert_eq!(scanner.status().device.as_deref(), Some("/dev/ttyACM0"));
    }
}
