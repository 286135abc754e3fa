//! A photo as it is kept (A15, P10): told JPEG or PNG from its bytes, decoded for real,
//! turned upright (EXIF orientation), scaled down to fit its box keeping its aspect
//! ratio, and always re-encoded, so that no metadata survives (no EXIF, no GPS, no
//! comment). A PNG stays PNG when it weighs under 2 MB once re-encoded, else it becomes
//! a JPEG (its transparency over white); a JPEG stays JPEG at the best quality of 90,
//! 85, 80, 70, 60, 50 that weighs under 2 MB.

use std::io::Cursor;

use guichet_core::media::{self, Format, MAX_PHOTO_BYTES};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use crate::error::{AppError, AppResult};

/// The heaviest file read as a photo before it is scaled down (a 50-megapixel camera
/// JPEG weighs about 25 MB).
pub const MAX_SOURCE_BYTES: usize = 60_000_000;

/// The widest or tallest picture read (a panorama of 20,000 pixels).
const MAX_SOURCE_SIDE: u32 = 20_000;

/// JPEG qualities tried, best first.
const QUALITIES: [u8; 6] = [90, 85, 80, 70, 60, 50];

/// A photo ready to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// The encoded bytes (no metadata).
    pub bytes: Vec<u8>,
    /// JPEG or PNG.
    pub format: Format,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The refusal of a file that is not a JPEG or PNG photo, naming what it is.
pub fn not_a_photo(found: Format) -> AppError {
    AppError::input(format!(
        "ce fichier est {} : une photo doit être une image JPEG ou PNG ; \
         enregistrez-la dans l'un de ces formats depuis votre logiciel photo",
        found.french()
    ))
}

fn unreadable(found: Format) -> AppError {
    AppError::input(format!(
        "ce fichier se présente comme {} mais il est illisible ou abîmé (incomplet ?) : \
         enregistrez la photo à nouveau depuis votre logiciel photo",
        found.french()
    ))
}

/// Whether a JPEG ends: an end-of-image marker after its last scan (a truncated file
/// has none; a thumbnail's own markers come before the main scan).
fn jpeg_complete(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    last_scan.is_some_and(|at| bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]))
}

/// Makes the photo kept from the file `bytes`, to fit `bounds` (width, height).
pub fn prepare(bytes: &[u8], bounds: (u32, u32)) -> AppResult<Photo> {
    if bytes.is_empty() {
        return Err(AppError::input(
            "ce fichier est vide : choisissez une photo JPEG ou PNG",
        ));
    }
    let found = Format::sniff(bytes);
    let image_format = match found {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        other => return Err(not_a_photo(other)),
    };
    if bytes.len() > MAX_SOURCE_BYTES {
        return Err(AppError::input(format!(
            "cette photo pèse {} Mo : au-delà de {} Mo, réduisez-la d'abord avec votre \
             logiciel photo",
            bytes.len() / 1_000_000,
            MAX_SOURCE_BYTES / 1_000_000
        )));
    }
    if found == Format::Jpeg && !jpeg_complete(bytes) {
        return Err(unreadable(found));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_SIDE);
    limits.max_image_height = Some(MAX_SOURCE_SIDE);
    reader.limits(limits);
    let too_big = || {
        AppError::input(format!(
            "cette photo dépasse {MAX_SOURCE_SIDE} pixels de côté : réduisez-la d'abord \
             avec votre logiciel photo"
        ))
    };
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_big(),
        _ => unreadable(found),
    })?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => too_big(),
        _ => unreadable(found),
    })?;
    picture.apply_orientation(orientation);
    let (width, height) = media::fit((picture.width(), picture.height()), bounds);
    if (width, height) != (picture.width(), picture.height()) {
        picture = picture.resize_exact(width, height, image::imageops::FilterType::Lanczos3);
    }
    if found == Format::Png {
        let png = encode_png(&picture)?;
        if png.len() < MAX_PHOTO_BYTES {
            return Ok(Photo {
                bytes: png,
                format: Format::Png,
                width,
                height,
            });
        }
    }
    let jpeg = encode_jpeg(&picture)?;
    Ok(Photo {
        bytes: jpeg,
        format: Format::Jpeg,
        width,
        height,
    })
}

fn encoding_failed(error: &image::ImageError) -> AppError {
    tracing::error!(%error, "photo non réencodée");
    AppError::input(
        "cette photo n'a pas pu être réencodée : enregistrez-la en JPEG depuis votre \
         logiciel photo et réessayez",
    )
}

fn encode_png(picture: &DynamicImage) -> AppResult<Vec<u8>> {
    let mut out = Vec::new();
    // 16-bit pictures are kept in 8 bits: a photo on a web page needs no more.
    let picture = match picture {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => picture.clone(),
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    };
    picture
        .write_with_encoder(PngEncoder::new(&mut out))
        .map_err(|e| encoding_failed(&e))?;
    Ok(out)
}

/// The picture without transparency: over white.
fn flattened(picture: &DynamicImage) -> DynamicImage {
    if !picture.color().has_alpha() {
        return match picture {
            DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => picture.clone(),
            other if !other.color().has_color() => DynamicImage::ImageLuma8(other.to_luma8()),
            other => DynamicImage::ImageRgb8(other.to_rgb8()),
        };
    }
    let rgba = picture.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (out, pixel) in rgb.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = pixel.0;
        let over_white = |c: u8| {
            let (c, a) = (u32::from(c), u32::from(a));
            u8::try_from((c * a + 255 * (255 - a) + 127) / 255).unwrap_or(u8::MAX)
        };
        out.0 = [over_white(r), over_white(g), over_white(b)];
    }
    DynamicImage::ImageRgb8(rgb)
}

fn encode_jpeg(picture: &DynamicImage) -> AppResult<Vec<u8>> {
    let picture = flattened(picture);
    for quality in QUALITIES {
        let mut out = Vec::new();
        picture
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality))
            .map_err(|e| encoding_failed(&e))?;
        if out.len() < MAX_PHOTO_BYTES {
            return Ok(out);
        }
    }
    Err(AppError::input(
        "cette photo reste au-delà de 2 Mo même réduite : choisissez une photo moins \
         détaillée",
    ))
}
