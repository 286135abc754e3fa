//! D3: a webcam scanner fed with recorded frames (real photographs of QR codes).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use guichet_devices::qr::Frame;
use guichet_devices::source::{Polled, ScanSource};
use guichet_devices::webcam::{FrameGrabber, Webcam};

/// Recorded frames: the same photo for a second at 30 frames a second, then another.
struct Recorded {
    frames: Vec<(Frame, u64)>,
}

impl FrameGrabber for Recorded {
    fn camera(&mut self) -> Result<String, String> {
        if self.frames.is_empty() {
            Err("webcam débranchée".to_owned())
        } else {
            Ok("Webcam enregistrée".to_owned())
        }
    }

    fn grab(&mut self) -> Result<Option<(Frame, u64)>, String> {
        Ok(Some(self.frames.remove(0)))
    }
}

#[test]
fn d3_recorded_webcam_frames_give_each_code_once() {
    let root = common::corpus::root();
    let first = Frame::open(&root.join("qrcode-1/1.webp")).unwrap();
    let second = Frame::open(&root.join("qrcode-5/01.webp")).unwrap();
    let expected = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let mut frames: Vec<(Frame, u64)> = (0..30).map(|i| (first.clone(), i * 33)).collect();
    frames.extend((30..40).map(|i| (second.clone(), i * 33)));
    let mut webcam = Polled::new(Webcam::new(Recorded { frames }));
    let mut read = Vec::new();
    for _ in 0..40 {
        read.extend(webcam.poll());
    }
    assert_eq!(
        read,
        [expected("qrcode-1/1.txt"), expected("qrcode-5/01.txt")]
    );
    assert!(webcam.status().ready);
    assert!(webcam.poll().is_empty());
    assert!(
        !webcam.status().ready,
        "an unplugged camera shows as not ready"
    );
}
