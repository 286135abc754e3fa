//! Photos and PDF attachments (rules A14, A15, P10): what a file is, told from its
//! bytes (magic numbers), never from its name; the limits every device and the
//! server agree on.

use sha2::{Digest, Sha256};

/// The largest photo kept, in bytes: "under 2 MB" (A15), 2,000,000 bytes exactly
/// excluded.
pub const MAX_PHOTO_BYTES: usize = 2_000_000;

/// The largest PDF attachment, in bytes (5 MB: a brochure, a map, a price list).
pub const MAX_ATTACHMENT_BYTES: usize = 5_000_000;

/// The box a product photo is scaled down to fit (A15).
pub const PRODUCT_PHOTO_BOX: (u32, u32) = (1000, 1000);

/// The box an accommodation photo is scaled down to fit (P10).
pub const UNIT_PHOTO_BOX: (u32, u32) = (1024, 768);

/// A file format, as its first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// PDF (`%PDF-`).
    Pdf,
    /// GIF (`GIF87a`, `GIF89a`).
    Gif,
    /// WebP (`RIFF….WEBP`).
    Webp,
    /// BMP (`BM`).
    Bmp,
    /// TIFF (`II*\0`, `MM\0*`).
    Tiff,
    /// HEIC/HEIF/AVIF (an ISO box `ftyp` with an image brand).
    Heic,
    /// SVG (XML text starting `<svg` or `<?xml`).
    Svg,
    /// Windows icon.
    Ico,
    /// ZIP (and what is built on it: Word, OpenDocument…).
    Zip,
    /// Anything else.
    Unknown,
}

impl Format {
    /// The format `bytes` start with.
    pub fn sniff(bytes: &[u8]) -> Format {
        let starts = |magic: &[u8]| bytes.starts_with(magic);
        if starts(&[0xFF, 0xD8, 0xFF]) {
            Format::Jpeg
        } else if starts(b"\x89PNG\r\n\x1a\n") {
            Format::Png
        } else if starts(b"%PDF-") {
            Format::Pdf
        } else if starts(b"GIF87a") || starts(b"GIF89a") {
            Format::Gif
        } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Format::Webp
        } else if starts(b"BM") && bytes.len() >= 26 {
            Format::Bmp
        } else if starts(b"II*\0") || starts(b"MM\0*") {
            Format::Tiff
        } else if bytes.get(4..8) == Some(b"ftyp")
            && matches!(
                bytes.get(8..12),
                Some(b"heic" | b"heix" | b"mif1" | b"msf1" | b"heif" | b"avif" | b"hevc")
            )
        {
            Format::Heic
        } else if starts(&[0, 0, 1, 0]) && bytes.len() >= 22 {
            Format::Ico
        } else if starts(b"PK\x03\x04") {
            Format::Zip
        } else if svg(bytes) {
            Format::Svg
        } else {
            Format::Unknown
        }
    }

    /// How a French sentence names it: "ce fichier est {une image GIF}".
    pub fn french(self) -> &'static str {
        match self {
            Format::Jpeg => "une image JPEG",
            Format::Png => "une image PNG",
            Format::Pdf => "un PDF",
            Format::Gif => "une image GIF",
            Format::Webp => "une image WebP",
            Format::Bmp => "une image BMP",
            Format::Tiff => "une image TIFF",
            Format::Heic => "une image HEIC/AVIF (format des iPhone)",
            Format::Svg => "un dessin SVG",
            Format::Ico => "une icône ICO",
            Format::Zip => "une archive ZIP ou un document Office",
            Format::Unknown => "d'un format inconnu",
        }
    }

    /// Its MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Pdf => "application/pdf",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
            Format::Bmp => "image/bmp",
            Format::Tiff => "image/tiff",
            Format::Heic => "image/heic",
            Format::Svg => "image/svg+xml",
            Format::Ico => "image/x-icon",
            Format::Zip => "application/zip",
            Format::Unknown => "application/octet-stream",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Gif => "gif",
            Format::Webp => "webp",
            Format::Bmp => "bmp",
            Format::Tiff => "tif",
            Format::Heic => "heic",
            Format::Svg => "svg",
            Format::Ico => "ico",
            Format::Zip => "zip",
            Format::Unknown => "bin",
        }
    }
}

fn svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<svg") || (text.starts_with("<?xml") && text.contains("<svg"))
}

/// The SHA-256 of `bytes`, in lowercase hex: a media's fingerprint, carried with it so
/// that every device checks it received the very bytes that were added.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::hex::encode(&Sha256::digest(bytes))
}

/// The largest size, width by height, that fits in `bounds` keeping the aspect ratio
/// of `size` (never enlarged; at least 1×1). Integer arithmetic, rounded to nearest.
pub fn fit(size: (u32, u32), bounds: (u32, u32)) -> (u32, u32) {
    let (w, h) = (u64::from(size.0.max(1)), u64::from(size.1.max(1)));
    let (bw, bh) = (u64::from(bounds.0.max(1)), u64::from(bounds.1.max(1)));
    if w <= bw && h <= bh {
        return (size.0.max(1), size.1.max(1));
    }
    // Scale by the tighter side: w/bw vs h/bh, compared without division.
    let (nw, nh) = if w * bh >= h * bw {
        (bw, (h * bw + w / 2) / w)
    } else {
        ((w * bh + h / 2) / h, bh)
    };
    let clamp = |v: u64| u32::try_from(v.max(1)).unwrap_or(u32::MAX);
    (clamp(nw), clamp(nh))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a15_formats_are_told_from_their_bytes() {
        assert_eq!(Format::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Format::Jpeg);
        assert_eq!(Format::sniff(b"\x89PNG\r\n\x1a\n...."), Format::Png);
        assert_eq!(Format::sniff(b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(Format::sniff(b"GIF89a\x01\x00"), Format::Gif);
        assert_eq!(Format::sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Format::Webp);
        assert_eq!(Format::sniff(b"RIFF\x10\0\0\0WAVEfmt "), Format::Unknown);
        assert_eq!(Format::sniff(b"\0\0\0\x18ftypheic\0\0"), Format::Heic);
        assert_eq!(Format::sniff(b"<?xml version=\"1.0\"?><svg>"), Format::Svg);
        assert_eq!(Format::sniff(b"PK\x03\x04"), Format::Zip);
        assert_eq!(Format::sniff(b""), Format::Unknown);
        assert_eq!(Format::sniff(b"%PD"), Format::Unknown);
    }

    #[test]
    fn a15_p10_a_size_fits_its_box_keeping_its_aspect_ratio() {
        assert_eq!(fit((3000, 2000), (1000, 1000)), (1000, 667));
        assert_eq!(fit((1200, 3000), (1000, 1000)), (400, 1000));
        assert_eq!(fit((1200, 3000), (1024, 768)), (307, 768));
        assert_eq!(fit((4000, 3000), (1024, 768)), (1024, 768));
        assert_eq!(fit((2000, 1000), (1024, 768)), (1024, 512));
        assert_eq!(fit((16, 16), (1000, 1000)), (16, 16), "never enlarged");
        assert_eq!(fit((100_000, 1), (1000, 1000)), (1000, 1));
    }

    #[test]
    fn a15_the_fingerprint_is_sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
