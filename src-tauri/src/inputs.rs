//! The gate's hardware inputs in the window: HID POS and serial scanners and the
//! webcam, polled on their own thread while a gate is open; each payload goes
//! through the same `App::scan` use case as everything else, and its verdict is
//! emitted to the window as a `scan` event (and pushed by the background sync). The
//! webcam's picture goes to the window too, small, as `webcam-frame` events (five a
//! second at most), with the code it read marked.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use guichet_devices::hid_pos::{hidraw::Hidapi, HidPos};
use guichet_devices::serial::{port::UsbSerial, Serial};
use guichet_devices::source::{DeviceStatus, Polled, ScanSource};
use guichet_devices::webcam::{camera::Nokhwa, PreviewSink, Webcam};
use tauri::{AppHandle, Emitter, Manager};
use uuid::Uuid;

use crate::commands::{with_app, State};

/// What the polling thread shares with the commands.
#[derive(Default)]
pub struct Inputs {
    /// The session whose gate is open, if any.
    pub session: Mutex<Option<Uuid>>,
    /// The inputs' latest states.
    pub statuses: Mutex<Vec<DeviceStatus>>,
}

/// Starts the polling thread.
pub fn spawn(handle: AppHandle, inputs: Arc<Inputs>) {
    thread::spawn(move || {
        let preview = PreviewSink::default();
        let mut sources: Vec<Box<dyn ScanSource>> = vec![
            Box::new(Polled::new(HidPos::new(Hidapi::default()))),
            Box::new(Polled::new(Serial::new(UsbSerial::from_env()))),
            Box::new(Polled::new(Webcam::with_preview(
                Nokhwa::default(),
                preview.clone(),
            ))),
        ];
        let mut last_frame = Instant::now();
        loop {
            let session = inputs.session.lock().ok().and_then(|s| *s);
            let Some(session) = session else {
                thread::sleep(Duration::from_millis(250));
                continue;
            };
            for source in &mut sources {
                for payload in source.poll() {
                    let state = handle.state::<State>();
                    let verdict = with_app(&state.app, &state.sync, |app| {
                        app.scan(session, &payload, source.kind().name())
                    });
                    let _ = match verdict {
                        Ok(view) => handle.emit("scan", view),
                        Err(error) => handle.emit("scan-error", error.message),
                    };
                }
            }
            if last_frame.elapsed() >= Duration::from_millis(200) {
                if let Some(frame) = preview.lock().ok().and_then(|mut p| p.take()) {
                    last_frame = Instant::now();
                    let _ = handle.emit("webcam-frame", frame);
                }
            }
            if let Ok(mut statuses) = inputs.statuses.lock() {
                *statuses = sources.iter().map(|s| s.status()).collect();
            }
            thread::sleep(Duration::from_millis(40));
        }
    });
}
