//! Webcams: grey frames go through the QR decoder; a code read again within a few
//! seconds (the ticket is still in front of the camera) counts once.

use std::sync::{Arc, Mutex};

use crate::qr::{self, Corners, Frame};
use crate::source::{Input, SourceKind};

/// The widest preview sent to the window (pixels): small, beside the verdict.
pub const PREVIEW_WIDTH: u32 = 160;

/// What the gate shows of the camera: the last frame, shrunk, and where the code it
/// read sits in it, so that the volunteer can aim the ticket.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Preview {
    /// Width of the shrunk frame.
    pub width: u32,
    /// Height of the shrunk frame.
    pub height: u32,
    /// Its grey bytes, row by row.
    pub luma: Vec<u8>,
    /// The corners of each code read in this frame, in the shrunk frame's pixels.
    #[ts(type = "Array<[[number, number], [number, number], [number, number], [number, number]]>")]
    pub marks: Vec<Corners>,
}

impl Preview {
    /// `frame` shrunk to at most [`PREVIEW_WIDTH`] wide (nearest pixel), with the
    /// codes located in it marked.
    pub fn of(frame: &Frame, located: &[Corners]) -> Preview {
        let step = frame.width.div_ceil(PREVIEW_WIDTH).max(1);
        let (width, height) = (frame.width / step, frame.height / step);
        let mut luma = Vec::with_capacity((width * height) as usize);
        for y in 0..height {
            for x in 0..width {
                let i = ((y * step) * frame.width + x * step) as usize;
                luma.push(frame.luma.get(i).copied().unwrap_or(0));
            }
        }
        let scale = |v: i32| v / i32::try_from(step).unwrap_or(1);
        let marks = located
            .iter()
            .map(|corners| corners.map(|[x, y]| [scale(x), scale(y)]))
            .collect();
        Preview {
            width,
            height,
            luma,
            marks,
        }
    }
}

/// Where a webcam leaves its latest preview for the window to fetch.
pub type PreviewSink = Arc<Mutex<Option<Preview>>>;

/// How long the same code is ignored after it was read.
pub const REPEAT_WINDOW_MS: u64 = 3_000;

/// Forgets a code once it has been out of sight for [`REPEAT_WINDOW_MS`].
#[derive(Debug, Default)]
pub struct Dedupe {
    seen: Vec<(String, u64)>,
}

impl Dedupe {
    /// The codes of a frame taken at `at_ms` that were not read in the last window.
    pub fn fresh(&mut self, codes: Vec<String>, at_ms: u64) -> Vec<String> {
        self.seen
            .retain(|(_, last)| at_ms.saturating_sub(*last) < REPEAT_WINDOW_MS);
        let mut fresh = Vec::new();
        for code in codes {
            match self.seen.iter_mut().find(|(seen, _)| *seen == code) {
                // Still in front of the camera: push the window on.
                Some(entry) => entry.1 = at_ms,
                None => {
                    self.seen.push((code.clone(), at_ms));
                    fresh.push(code);
                }
            }
        }
        fresh
    }
}

/// Where frames come from: a camera, or recorded frames.
pub trait FrameGrabber {
    /// The camera's name, or why there is none.
    fn camera(&mut self) -> Result<String, String>;
    /// The next frame and its instant in milliseconds, if one is ready.
    fn grab(&mut self) -> Result<Option<(Frame, u64)>, String>;
}

/// A webcam: frames from `G`, decoded, each code counted once while it stays in view.
pub struct Webcam<G: FrameGrabber> {
    grabber: G,
    dedupe: Dedupe,
    preview: Option<PreviewSink>,
}

impl<G: FrameGrabber> Webcam<G> {
    /// A webcam reading `grabber`'s frames.
    pub fn new(grabber: G) -> Webcam<G> {
        Webcam {
            grabber,
            dedupe: Dedupe::default(),
            preview: None,
        }
    }

    /// A webcam that also leaves a [`Preview`] of each frame in `sink`.
    pub fn with_preview(grabber: G, sink: PreviewSink) -> Webcam<G> {
        Webcam {
            preview: Some(sink),
            ..Webcam::new(grabber)
        }
    }
}

impl<G: FrameGrabber> Input for Webcam<G> {
    const KIND: SourceKind = SourceKind::Webcam;
    const READY: &'static str = "webcam : prête, présentez le QR code";

    fn connect(&mut self) -> Result<String, String> {
        self.grabber.camera()
    }

    fn read(&mut self) -> Result<Vec<String>, String> {
        Ok(match self.grabber.grab()? {
            Some((frame, at_ms)) => {
                let codes = qr::decode(&frame);
                if let Some(sink) = &self.preview {
                    // Only a frame where a code was read is searched for its corners.
                    let located: Vec<Corners> = if codes.is_empty() {
                        Vec::new()
                    } else {
                        qr::locate(&frame).into_iter().map(|(_, c)| c).collect()
                    };
                    if let Ok(mut slot) = sink.lock() {
                        *slot = Some(Preview::of(&frame, &located));
                    }
                }
                self.dedupe.fresh(codes, at_ms)
            }
            None => Vec::new(),
        })
    }
}

/// The real backend: the first camera nokhwa finds, in grey, found again after it
/// is unplugged.
#[cfg(feature = "webcam")]
pub mod camera {
    use std::time::Instant;

    use nokhwa::pixel_format::LumaFormat;
    use nokhwa::utils::{ApiBackend, RequestedFormat, RequestedFormatType};

    use super::FrameGrabber;
    use crate::qr::Frame;

    /// Grabs grey frames with nokhwa.
    pub struct Nokhwa {
        open: Option<(String, nokhwa::Camera)>,
        started: Instant,
    }

    impl Default for Nokhwa {
        fn default() -> Nokhwa {
            Nokhwa {
                open: None,
                started: Instant::now(),
            }
        }
    }

    impl FrameGrabber for Nokhwa {
        fn camera(&mut self) -> Result<String, String> {
            if let Some((name, _)) = &self.open {
                return Ok(name.clone());
            }
            let cameras =
                nokhwa::query(ApiBackend::Auto).map_err(|e| format!("webcams illisibles ({e})"))?;
            let info = cameras
                .first()
                .ok_or("aucune webcam : branchez-en une, ou utilisez une douchette")?;
            let format =
                RequestedFormat::new::<LumaFormat>(RequestedFormatType::AbsoluteHighestFrameRate);
            let mut camera = nokhwa::Camera::new(info.index().clone(), format).map_err(|e| {
                format!(
                    "{} : ouverture impossible ({e}) — ajoutez l'utilisateur au groupe video",
                    info.human_name()
                )
            })?;
            camera
                .open_stream()
                .map_err(|e| format!("{} : flux vidéo indisponible ({e})", info.human_name()))?;
            self.open = Some((info.human_name(), camera));
            Ok(info.human_name())
        }

        fn grab(&mut self) -> Result<Option<(Frame, u64)>, String> {
            let Some((_, camera)) = &mut self.open else {
                return Ok(None);
            };
            let grabbed = camera
                .frame()
                .and_then(|buffer| buffer.decode_image::<LumaFormat>());
            match grabbed {
                Ok(image) => {
                    let (width, height) = image.dimensions();
                    let at_ms =
                        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
                    Ok(Frame::new(width, height, image.into_raw())
                        .ok()
                        .map(|frame| (frame, at_ms)))
                }
                Err(e) => {
                    self.open = None;
                    Err(format!("webcam débranchée ({e}) : rebranchez-la"))
                }
            }
        }
    }
}
