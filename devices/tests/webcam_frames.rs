//! D3: a webcam scanner fed with recorded frames (real photographs of QR codes).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use guichet_devices::qr::Frame;
use guichet_devices::source::{Polled, ScanSource};
use guichet_devices::webcam::{FrameGrabber, PreviewSink, Webcam, PREVIEW_WIDTH};

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

/// The gate's preview of a recorded camera: each frame shrunk to the preview's width,
/// and the code it read marked where it sits (the marks fall on the dark modules).
#[test]
fn d3_a_webcam_preview_shows_the_frame_small_and_marks_the_code_it_read() {
    let root = common::corpus::root();
    let photo = Frame::open(&root.join("qrcode-1/1.webp")).unwrap();
    let blank = Frame::new(640, 480, vec![200; 640 * 480]).unwrap();
    let sink = PreviewSink::default();
    let frames = vec![(blank, 0), (photo.clone(), 33)];
    let mut webcam = Polled::new(Webcam::with_preview(Recorded { frames }, sink.clone()));

    assert!(webcam.poll().is_empty());
    let empty = sink.lock().unwrap().clone().unwrap();
    assert_eq!((empty.width, empty.height), (160, 120));
    assert!(empty.marks.is_empty(), "no code, no mark");
    assert!(empty.luma.iter().all(|&p| p == 200));

    assert_eq!(webcam.poll().len(), 1);
    let seen = sink.lock().unwrap().clone().unwrap();
    assert!(seen.width <= PREVIEW_WIDTH);
    assert_eq!(seen.luma.len(), (seen.width * seen.height) as usize);
    assert_eq!(seen.marks.len(), 1, "the code read is marked");
    let [tl, _, br, _] = seen.marks[0];
    let (w, h) = (
        i32::try_from(seen.width).unwrap(),
        i32::try_from(seen.height).unwrap(),
    );
    let xs = seen.marks[0].map(|[x, _]| x);
    let ys = seen.marks[0].map(|[_, y]| y);
    let side = (xs.iter().max().unwrap() - xs.iter().min().unwrap())
        .min(ys.iter().max().unwrap() - ys.iter().min().unwrap());
    assert!(
        side >= 10,
        "a code is a square, not a point: {:?}",
        seen.marks
    );
    for [x, y] in seen.marks[0] {
        assert!(
            (0..=w).contains(&x) && (0..=h).contains(&y),
            "{:?} outside {w}×{h}",
            seen.marks
        );
    }
    // Inside the marked square, the picture holds the code's dark modules.
    let (cx, cy) = ((tl[0] + br[0]) / 2, (tl[1] + br[1]) / 2);
    let dark = (cy - 5..cy + 5)
        .flat_map(|y| (cx - 5..cx + 5).map(move |x| (x, y)))
        .filter(|&(x, y)| seen.luma[(y * w + x) as usize] < 100)
        .count();
    assert!(dark > 10, "{dark} dark pixels at the mark's centre");
}
