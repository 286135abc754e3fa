//! The real backends on a machine without scanners or cameras (as CI): each says what
//! to do, none fails or panics, and each is ready to find its device at the next poll.

use guichet_devices::hid_pos::{hidraw::Hidapi, HidPos};
use guichet_devices::serial::{port::UsbSerial, Serial};
use guichet_devices::source::{Polled, ScanSource};
use guichet_devices::webcam::{camera::Nokhwa, Webcam};

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
    check(&mut Polled::new(HidPos::new(Hidapi::default())));
    check(&mut Polled::new(Serial::new(UsbSerial::default())));
    check(&mut Polled::new(Webcam::new(Nokhwa::default())));
}
