//! USB scanners in HID POS mode (usage page 0x8C, "Bar Code Scanner"): whole
//! messages, no keyboard layout involved. Each input report carries a piece of the
//! scanned data; a flag says whether more follows.
//!
//! Report 0x02 (HID POS Usage Tables, as Honeywell, Zebra and Datalogic send it):
//!
//! | byte | content |
//! |---|---|
//! | 0 | report id `0x02` |
//! | 1 | number of data bytes in this report (≤ 56) |
//! | 2–4 | AIM symbology identifier (`]Q1` for QR) |
//! | 5–60 | data |
//! | 63, bit 0 | more data follows in the next report |
//!
//! On Linux the scanner appears as `/dev/hidraw*`; a user must be allowed to read
//! it. The udev rule (docs/scanners.md):
//! `SUBSYSTEM=="hidraw", ATTRS{idVendor}=="0c2e", MODE="0660", GROUP="plugdev"`.

use crate::source::{Input, SourceKind};

/// The HID usage page of barcode scanners.
pub const USAGE_PAGE_BARCODE_SCANNER: u16 = 0x8C;
const REPORT_ID: u8 = 0x02;
const DATA_START: usize = 5;
const MAX_DATA: usize = 56;
const MORE_FLAG_BYTE: usize = 63;
/// The longest message accepted; longer ones are dropped as garbage.
const MAX_MESSAGE: usize = 4096;

/// Assembles scanned messages from HID POS input reports.
#[derive(Debug, Default)]
pub struct ReportAssembler {
    data: Vec<u8>,
}

impl ReportAssembler {
    /// Feeds one input report; returns the message it completes, if any. Reports of
    /// another id, too short, or announcing more bytes than they hold are ignored.
    pub fn push(&mut self, report: &[u8]) -> Option<String> {
        let (&id, &len) = (report.first()?, report.get(1)?);
        let len = usize::from(len);
        if id != REPORT_ID || len > MAX_DATA || report.len() < DATA_START + len {
            return None;
        }
        self.data
            .extend_from_slice(&report[DATA_START..DATA_START + len]);
        if self.data.len() > MAX_MESSAGE {
            self.data.clear();
            return None;
        }
        let more = report
            .get(MORE_FLAG_BYTE)
            .is_some_and(|flags| flags & 1 == 1);
        if more {
            return None;
        }
        let message = String::from_utf8_lossy(&std::mem::take(&mut self.data))
            .trim_end_matches(['\r', '\n', '\0'])
            .to_owned();
        (!message.is_empty()).then_some(message)
    }
}

/// Where HID reports come from: the real `hidapi` backend, or a recording.
pub trait ReportReader {
    /// The connected scanner's name, or why there is none.
    fn device(&mut self) -> Result<String, String>;
    /// The reports waiting now (none when idle).
    fn read(&mut self) -> Result<Vec<Vec<u8>>, String>;
}

/// A HID POS scanner: reports from `R`, reassembled into messages.
pub struct HidPos<R: ReportReader> {
    reader: R,
    assembler: ReportAssembler,
}

impl<R: ReportReader> HidPos<R> {
    /// A scanner reading `reader`'s reports.
    pub fn new(reader: R) -> HidPos<R> {
        HidPos {
            reader,
            assembler: ReportAssembler::default(),
        }
    }
}

impl<R: ReportReader> Input for HidPos<R> {
    const KIND: SourceKind = SourceKind::HidPos;
    const READY: &'static str = "douchette USB (HID POS) : prête";

    fn connect(&mut self) -> Result<String, String> {
        self.reader.device()
    }

    fn read(&mut self) -> Result<Vec<String>, String> {
        match self.reader.read() {
            Ok(reports) => Ok(reports
                .iter()
                .filter_map(|r| self.assembler.push(r))
                .collect()),
            Err(why) => {
                self.assembler = ReportAssembler::default();
                Err(why)
            }
        }
    }
}

/// The real backend: the first HID device on usage page 0x8C, found again after
/// it is unplugged.
#[cfg(feature = "hid")]
pub mod hidraw {
    use super::{ReportReader, USAGE_PAGE_BARCODE_SCANNER};

    /// Reads reports with hidapi.
    #[derive(Default)]
    pub struct Hidapi {
        api: Option<hidapi::HidApi>,
        open: Option<(String, hidapi::HidDevice)>,
    }

    impl ReportReader for Hidapi {
        fn device(&mut self) -> Result<String, String> {
            if let Some((name, _)) = &self.open {
                return Ok(name.clone());
            }
            let api = match &mut self.api {
                Some(api) => {
                    api.refresh_devices()
                        .map_err(|e| format!("USB illisible ({e})"))?;
                    api
                }
                None => self
                    .api
                    .insert(hidapi::HidApi::new().map_err(|e| format!("USB inaccessible ({e})"))?),
            };
            let info = api
                .device_list()
                .find(|d| d.usage_page() == USAGE_PAGE_BARCODE_SCANNER)
                .ok_or("aucune douchette USB en mode HID POS : branchez-la, ou configurez-la en HID POS")?;
            let name = info
                .product_string()
                .unwrap_or("douchette HID POS")
                .to_owned();
            let device = info.open_device(api).map_err(|e| {
                format!("{name} : accès refusé ({e}) — installez la règle udev de docs/scanners.md puis rebranchez la douchette")
            })?;
            device.set_blocking_mode(false).map_err(|e| e.to_string())?;
            self.open = Some((name.clone(), device));
            Ok(name)
        }

        fn read(&mut self) -> Result<Vec<Vec<u8>>, String> {
            let Some((_, device)) = &self.open else {
                return Ok(Vec::new());
            };
            let mut reports = Vec::new();
            let mut buffer = [0u8; 64];
            loop {
                match device.read(&mut buffer) {
                    Ok(0) => return Ok(reports),
                    Ok(n) => reports.push(buffer[..n].to_vec()),
                    Err(e) => {
                        self.open = None;
                        return Err(format!("douchette débranchée ({e}) : rebranchez-la"));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reports a scanner sends for `text`: what the recordings are made of.
    fn reports_for(text: &str) -> Vec<[u8; 64]> {
        let chunks: Vec<&[u8]> = text.as_bytes().chunks(MAX_DATA).collect();
        chunks
            .iter()
            .enumerate()
            .map(|(i, chunk)| {
                let mut report = [0u8; 64];
                report[0] = REPORT_ID;
                report[1] = u8::try_from(chunk.len()).unwrap_or(0);
                report[2..5].copy_from_slice(b"]Q1");
                report[DATA_START..DATA_START + chunk.len()].copy_from_slice(chunk);
                report[MORE_FLAG_BYTE] = u8::from(i + 1 < chunks.len());
                report
            })
            .collect()
    }

    #[test]
    fn t5_hid_pos_reports_assemble_into_whole_messages() {
        let code = "APKRVHESF4GG3N5BLL6CQBKSQQ2SSPEM";
        let mut assembler = ReportAssembler::default();
        let messages: Vec<String> = reports_for(code)
            .iter()
            .filter_map(|r| assembler.push(r))
            .collect();
        assert_eq!(messages, [code]);
        let long = "X".repeat(130);
        let reports = reports_for(&long);
        assert_eq!(reports.len(), 3);
        let messages: Vec<String> = reports.iter().filter_map(|r| assembler.push(r)).collect();
        assert_eq!(messages, [long]);
    }

    #[test]
    fn t5_malformed_reports_are_ignored() {
        let mut assembler = ReportAssembler::default();
        assert_eq!(assembler.push(&[]), None);
        assert_eq!(assembler.push(&[0x01, 3, b'a', b'b', b'c']), None);
        assert_eq!(assembler.push(&[0x02, 60, 0, 0, 0, 1, 2]), None);
        assert_eq!(assembler.push(&[0x02, 200]), None);
        let mut good = reports_for("ABCDEFGH")[0];
        good[1] = 4;
        assert_eq!(assembler.push(&good), Some("ABCD".to_owned()));
    }

    /// A recording: the device appears, sends a code, disappears, comes back.
    struct Recording {
        steps: Vec<Result<Vec<Vec<u8>>, String>>,
    }

    impl ReportReader for Recording {
        fn device(&mut self) -> Result<String, String> {
            match self.steps.first() {
                Some(Err(why)) => Err(why.clone()),
                _ => Ok("Honeywell 1950g".to_owned()),
            }
        }

        fn read(&mut self) -> Result<Vec<Vec<u8>>, String> {
            if self.steps.is_empty() {
                Ok(Vec::new())
            } else {
                self.steps.remove(0)
            }
        }
    }

    #[test]
    fn t5_a_hid_scanner_unplugged_and_plugged_again_keeps_working() {
        use crate::source::{Polled, ScanSource};
        let report = |code: &str| {
            reports_for(code)
                .iter()
                .map(|r| r.to_vec())
                .collect::<Vec<_>>()
        };
        let mut scanner = Polled::new(HidPos::new(Recording {
            steps: vec![
                Ok(report("CODE1AAAAAA")),
                Err("douchette débranchée : rebranchez-la".to_owned()),
                Ok(report("CODE2BBBBBB")),
            ],
        }));
        assert_eq!(scanner.poll(), ["CODE1AAAAAA"]);
        assert!(scanner.status().ready);
        assert!(scanner.poll().is_empty());
        assert!(!scanner.status().ready);
        assert!(scanner.status().message.contains("rebranchez"));
        assert!(
            scanner.input_mut().reader.steps.remove(0).is_err(),
            "the unplugged step"
        );
        // Plugged back: found again at the next look-up, about a second later.
        let read: Vec<String> = (0..=crate::source::RETRY_AFTER_POLLS)
            .flat_map(|_| scanner.poll())
            .collect();
        assert_eq!(read, ["CODE2BBBBBB"]);
        assert_eq!(scanner.status().device.as_deref(), Some("Honeywell 1950g"));
    }
}
