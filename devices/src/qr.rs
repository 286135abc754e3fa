//! QR decoding for webcams, photos and the round trip of PDF tickets. Decoders were
//! measured on the same 137 real photographs (docs/benchmarks.md): zxing-cpp read
//! 125, rxing 119, rqrr 56 (and panicked on one). Guichet uses zxing-cpp with three
//! binarizers in turn, then rxing: 129. No input may crash the caller: Rust decoders
//! run under `catch_unwind`, and only codes whose error correction checked are returned.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// A grey (luma, 8 bits) picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height` bytes, row by row.
    pub luma: Vec<u8>,
}

/// Why a picture cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The file cannot be opened.
    #[error("{path} : fichier illisible ({reason})")]
    Io {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// Not an image format we read (PNG, JPEG, WebP).
    #[error("{path} : ce n'est pas une image PNG, JPEG ou WebP lisible ({reason})")]
    Format {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// Width × height does not match the bytes.
    #[error("image de {width}×{height} incohérente avec ses {len} octets")]
    Size {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
        /// Bytes given.
        len: usize,
    },
}

/// The largest picture accepted (a 50-megapixel photo).
const MAX_PIXELS: u64 = 50_000_000;

impl Frame {
    /// A frame from grey bytes.
    pub fn new(width: u32, height: u32, luma: Vec<u8>) -> Result<Frame, FrameError> {
        let expected = u64::from(width) * u64::from(height);
        if expected == 0 || expected > MAX_PIXELS || luma.len() as u64 != expected {
            return Err(FrameError::Size {
                width,
                height,
                len: luma.len(),
            });
        }
        Ok(Frame {
            width,
            height,
            luma,
        })
    }

    /// Decodes an image file (PNG, JPEG, WebP) to grey.
    pub fn open(path: &Path) -> Result<Frame, FrameError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| FrameError::Io {
            path: name.clone(),
            reason: crate::os::os_reason(e.kind()).to_owned(),
        })?;
        Frame::from_encoded(&bytes).map_err(|reason| FrameError::Format { path: name, reason })
    }

    /// Decodes an encoded image (PNG, JPEG, WebP) to grey.
    pub fn from_encoded(bytes: &[u8]) -> Result<Frame, String> {
        let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| crate::os::os_reason(e.kind()).to_owned())?;
        let mut limits = image::Limits::default();
        limits.max_alloc = Some(1 << 30);
        reader.limits(limits);
        let grey = catch_unwind(AssertUnwindSafe(|| {
            reader.decode().map(|image| image.to_luma8())
        }))
        .map_err(|_| "décodeur d'image interrompu".to_owned())?
        .map_err(|e| image_reason(&e).to_owned())?;
        let (width, height) = grey.dimensions();
        Frame::new(width, height, grey.into_raw()).map_err(|e| e.to_string())
    }
}

/// Why the image decoder refused a picture, in French (its own text is English).
fn image_reason(error: &image::ImageError) -> &'static str {
    use image::ImageError::*;
    match error {
        Unsupported(_) => "format d'image non pris en charge",
        Decoding(_) => "image abîmée ou tronquée",
        Limits(_) => "image trop grande",
        Parameter(_) | Encoding(_) => "image illisible",
        IoError(e) => crate::os::os_reason(e.kind()),
    }
}

/// The QR decoders that were measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    /// zxing-cpp (C++, bundled): the most robust on photographs.
    ZxingCpp,
    /// rxing, the Rust port of ZXing.
    Rxing,
    /// What Guichet uses: zxing-cpp with its local-average, global-histogram and
    /// fixed-threshold binarizers in turn, then rxing on what they all missed.
    Guichet,
}

impl Decoder {
    /// Every decoder, for the benchmark.
    pub const ALL: [Decoder; 3] = [Decoder::ZxingCpp, Decoder::Rxing, Decoder::Guichet];

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Decoder::ZxingCpp => "zxing-cpp",
            Decoder::Rxing => "rxing",
            Decoder::Guichet => "guichet (zxing-cpp × 3 binarizers, then rxing)",
        }
    }

    /// The texts of the QR codes in `frame` (empty when none is read). Never panics.
    pub fn decode(self, frame: &Frame) -> Vec<String> {
        match self {
            Decoder::ZxingCpp => zxing(frame),
            Decoder::Rxing => guarded(|| rxing(frame)),
            Decoder::Guichet => {
                let mut found = zxing(frame);
                for binarizer in [
                    zxingcpp::Binarizer::GlobalHistogram,
                    zxingcpp::Binarizer::FixedThreshold,
                ] {
                    if found.is_empty() {
                        found = zxing_with(frame, binarizer);
                    }
                }
                if found.is_empty() {
                    guarded(|| rxing(frame))
                } else {
                    found
                }
            }
        }
    }
}

/// Decodes with Guichet's decoder.
pub fn decode(frame: &Frame) -> Vec<String> {
    Decoder::Guichet.decode(frame)
}

/// Where a code sits in a frame: its corners, top-left, top-right, bottom-right,
/// bottom-left, as `[x, y]` pixels.
pub type Corners = [[i32; 2]; 4];

/// The codes zxing-cpp finds in `frame` with their corners (to mark them on the gate's
/// preview; the verdict still comes from [`decode`]).
pub fn locate(frame: &Frame) -> Vec<(String, Corners)> {
    zxing_found(frame, zxingcpp::Binarizer::LocalAverage)
        .into_iter()
        .map(|b| {
            let p = b.position();
            let xy = |q: zxingcpp::PointI| [q.x, q.y];
            (
                b.text(),
                [
                    xy(p.top_left),
                    xy(p.top_right),
                    xy(p.bottom_right),
                    xy(p.bottom_left),
                ],
            )
        })
        .collect()
}

fn guarded(decode: impl FnOnce() -> Vec<String>) -> Vec<String> {
    catch_unwind(AssertUnwindSafe(decode)).unwrap_or_default()
}

fn zxing(frame: &Frame) -> Vec<String> {
    zxing_with(frame, zxingcpp::Binarizer::LocalAverage)
}

fn zxing_with(frame: &Frame, binarizer: zxingcpp::Binarizer) -> Vec<String> {
    zxing_found(frame, binarizer)
        .into_iter()
        .map(|b| b.text())
        .collect()
}

/// The QR codes zxing-cpp reads in `frame` whose error correction checked.
fn zxing_found(frame: &Frame, binarizer: zxingcpp::Binarizer) -> Vec<zxingcpp::Barcode> {
    let Ok(view) = zxingcpp::ImageView::from_slice(
        &frame.luma,
        frame.width,
        frame.height,
        zxingcpp::ImageFormat::Lum,
    ) else {
        return Vec::new();
    };
    let reader = zxingcpp::read()
        .binarizer(binarizer)
        .formats([zxingcpp::BarcodeFormat::QRCode])
        .try_harder(true)
        .try_rotate(true)
        .try_invert(true)
        .try_downscale(true)
        .text_mode(zxingcpp::TextMode::Plain);
    reader
        .from(view)
        .map(|found| found.into_iter().filter(|b| b.is_valid()).collect())
        .unwrap_or_default()
}

fn rxing(frame: &Frame) -> Vec<String> {
    let mut hints = rxing::DecodeHints::default().with(rxing::DecodeHintValue::TryHarder(true));
    rxing::helpers::detect_in_luma_slice_with_hints(
        &frame.luma,
        frame.width,
        frame.height,
        Some(rxing::BarcodeFormat::QR_CODE),
        &mut hints,
    )
    .map(|result| vec![result.getText().to_owned()])
    .unwrap_or_default()
}
