//! Use cases: scans that arrive as keystrokes (keyboard-mode scanners), and the
//! calibration that tells their layout and speed.

use guichet_core::ticket_code::TicketCode;
use guichet_devices::keyboard::{bursts, calibrate, Calibration, Layout, Stroke, Timing};
use uuid::Uuid;

use crate::box_office::views::ScanView;
use crate::error::{AppError, AppResult};
use crate::store::device::device_setting;
use crate::App;

const CALIBRATION: &str = "scanner_calibration";

/// The calibration code as an SVG QR, for the settings screen to show.
pub fn calibration_qr_svg() -> AppResult<String> {
    let code = qrcode::QrCode::new(guichet_devices::keyboard::CALIBRATION.as_bytes())
        .map_err(|e| AppError::input(format!("QR de calibration impossible ({e})")))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build())
}

impl App {
    /// The keyboard scanner's calibration (default: US QWERTY, default timing).
    pub fn scanner_calibration(&self) -> AppResult<Calibration> {
        Ok(device_setting(self.store.conn(), CALIBRATION)?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(Calibration {
                layout: Layout::Qwerty,
                timing: Timing::default(),
            }))
    }

    /// Learns the layout and speed from a scan of the calibration code, and keeps them.
    pub fn calibrate_scanner(&mut self, strokes: &[Stroke]) -> AppResult<Calibration> {
        let calibration = calibrate(strokes).map_err(AppError::input)?;
        let text =
            serde_json::to_string(&calibration).map_err(|e| AppError::input(e.to_string()))?;
        self.write(|tx| Ok(tx.set_device_setting(CALIBRATION, &text)?))?;
        Ok(calibration)
    }

    /// Keystrokes caught by the window: each scanner burst in them is repaired (see
    /// [`App::repaired`]) and scanned at `session`'s gate; what a person typed is left
    /// alone. Returns the verdicts, in order (none when it was typing).
    pub fn keyboard_scan(&mut self, session: Uuid, strokes: &[Stroke]) -> AppResult<Vec<ScanView>> {
        let calibration = self.scanner_calibration()?;
        bursts(calibration.timing, strokes)
            .iter()
            .map(|burst| {
                let code = self
                    .repaired(burst)?
                    .unwrap_or_else(|| calibration.layout.repair(burst));
                self.scan(session, &code, "keyboard")
            })
            .collect()
    }

    /// A line typed by a keyboard-mode scanner (the screenless gate's input): repaired
    /// (see [`App::repaired`]), then scanned.
    pub fn typed_scan(&mut self, session: Uuid, line: &str, source: &str) -> AppResult<ScanView> {
        let repaired = self.repaired(line)?;
        self.scan(session, repaired.as_deref().unwrap_or(line), source)
    }

    /// What a keyboard-mode scanner meant by `typed`: repaired with the calibrated
    /// layout or, when that does not read as a code (its check character), with the
    /// other layouts — a US-QWERTY scanner on a French AZERTY machine that was never
    /// calibrated — and Caps Lock undone. `None` when no layout reads a code.
    fn repaired(&self, typed: &str) -> AppResult<Option<String>> {
        let calibrated = self.scanner_calibration()?.layout;
        Ok([calibrated, Layout::Qwerty, Layout::Azerty]
            .into_iter()
            .map(|layout| layout.repair(typed.trim()))
            .find(|text| TicketCode::parse(text).is_ok()))
    }
}
