//! The real backends on a machine without scanners or cameras (as CI): each says what
//! to do, none fails or panics, and each is ready to find its device at the next poll.

use guichet_devices::hid_pos::{hidraw::Hidapi, HidPosScanner};
use guichet_devices::serial::{port::UsbSerial, SerialScanner};
use guichet_devices::source::ScanSource;
use guichet_devices::webcam::{camera::Nokhwa, WebcamScanner};

fn check(source: &mut dyn ScanSource) {
    for _ in 0..3 {
        // Nothing is plugged in here: nothing is read, and the status says why.
        assert!(source.poll().is_empty());
    }
    let status = source.status();
    assert_eq!(status.kind, source.kind());
    if !status.ready {
        assert!(
            !status.message.is_empty(),
            "{:?} gives no reason",
            status.kind
        );
    }
}

#[test]
fn t5_scanner_backends_without_hardware_say_what_to_do() {
    check(&mut HidPosScanner::new(Hidapi::default()));
    check(&mut SerialScanner::new(UsbSerial::default()));
    check(&mut WebcamScanner::new(Nokhwa::default()));
}
