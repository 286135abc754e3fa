//! Photos and PDF attachments (rules A14, A15, P10) on a real store: real pictures made
//! here with the `image` crate, read back by decoding what was kept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Cursor;
use std::sync::Arc;

use common::{app_in, at};
use guichet_app::clock::ManualClock;
use guichet_app::media::{MediaView, Owner};
use guichet_app::App;
use image::{DynamicImage, ImageEncoder, ImageFormat, RgbImage, RgbaImage};
use uuid::Uuid;

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
    product: Uuid,
    unit: Uuid,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-07-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    let product = app
        .add_product(
            "Balade à poney",
            "25.00".parse().unwrap(),
            2000,
            &["till".into()],
        )
        .unwrap()
        .id;
    let unit = app.add_unit("Gîte des Lilas", 4).unwrap().id;
    Fixture {
        _dir: dir,
        app,
        product,
        unit,
    }
}

/// A photograph-like picture: smooth gradients with some texture, so that JPEG and
/// PNG sizes are those of real photos, not of a flat colour.
fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let texture = ((x * 7 + y * 13) ^ (x * y)) % 32;
        image::Rgb([
            u8::try_from((x * 255 / width + texture) % 256).unwrap(),
            u8::try_from((y * 255 / height + texture) % 256).unwrap(),
            u8::try_from(((x + y) * 127 / (width + height) + texture * 2) % 256).unwrap(),
        ])
    })
}

/// Noise, which no codec compresses.
fn noise(width: u32, height: u32) -> RgbaImage {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    RgbaImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        image::Rgba(state.to_le_bytes()[..4].try_into().unwrap())
    })
}

fn encode(picture: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95)
        .encode_image(&picture(width, height))
        .unwrap();
    out
}

fn png(width: u32, height: u32) -> Vec<u8> {
    encode(
        &DynamicImage::ImageRgb8(picture(width, height)),
        ImageFormat::Png,
    )
}

/// A tiny PDF, complete.
fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// Decodes what was kept: its format and size, checked against its view.
fn kept(app: &App, view: &MediaView) -> (ImageFormat, u32, u32, Vec<u8>) {
    let file = app.media_file(view.id).unwrap();
    assert_eq!(
        file.view.sha256,
        guichet_core::media::sha256_hex(&file.bytes)
    );
    assert_eq!(file.view.size as usize, file.bytes.len());
    let format = image::guess_format(&file.bytes).unwrap();
    let decoded = image::load_from_memory_with_format(&file.bytes, format).unwrap();
    assert_eq!(
        (Some(decoded.width()), Some(decoded.height())),
        (view.width, view.height),
        "the view tells the kept size"
    );
    (format, decoded.width(), decoded.height(), file.bytes)
}

fn refused(result: Result<MediaView, guichet_app::error::AppError>) -> String {
    let error = result.expect_err("refused");
    assert!(
        !error.message.contains("Error") && !error.message.contains("error"),
        "{}",
        error.message
    );
    error.message
}

#[test]
fn a15_a_3000x2000_jpeg_is_scaled_down_to_fit_1000x1000_and_kept_under_2_mb() {
    let mut f = fixture();
    let source = jpeg(3000, 2000);
    let view = f
        .app
        .add_photo(Owner::Product(f.product), "/home/anne/poney.jpeg", &source)
        .unwrap();
    let (format, width, height, bytes) = kept(&f.app, &view);
    assert_eq!(format, ImageFormat::Jpeg);
    assert_eq!((width, height), (1000, 667), "aspect ratio kept");
    assert!(bytes.len() < 2_000_000, "{} bytes", bytes.len());
    assert_eq!(
        (
            view.name.as_str(),
            view.format.as_str(),
            view.mime.as_str(),
            view.number
        ),
        ("poney.jpg", "jpeg", "image/jpeg", 1)
    );
}

#[test]
fn a15_a_1200x3000_png_is_scaled_down_and_stays_png() {
    let mut f = fixture();
    let view = f
        .app
        .add_photo(Owner::Product(f.product), "affiche.png", &png(1200, 3000))
        .unwrap();
    let (format, width, height, bytes) = kept(&f.app, &view);
    assert_eq!(format, ImageFormat::Png);
    assert_eq!((width, height), (400, 1000));
    assert!(bytes.len() < 2_000_000);
    assert_eq!(view.name, "affiche.png");
}

#[test]
fn a15_a_tiny_png_keeps_its_size_and_its_format() {
    let mut f = fixture();
    let view = f
        .app
        .add_photo(Owner::Product(f.product), "logo.png", &png(16, 12))
        .unwrap();
    let (format, width, height, _) = kept(&f.app, &view);
    assert_eq!((format, width, height), (ImageFormat::Png, 16, 12));
}

#[test]
fn a15_a_png_too_heavy_once_scaled_becomes_a_jpeg_under_2_mb() {
    let mut f = fixture();
    // 1000×1000 of noise with transparency: about 4 MB as a PNG, whatever the encoder.
    let source = encode(
        &DynamicImage::ImageRgba8(noise(1000, 1000)),
        ImageFormat::Png,
    );
    assert!(source.len() > 2_000_000);
    let view = f
        .app
        .add_photo(Owner::Product(f.product), "bruit.png", &source)
        .unwrap();
    let (format, width, height, bytes) = kept(&f.app, &view);
    assert_eq!((format, width, height), (ImageFormat::Jpeg, 1000, 1000));
    assert!(bytes.len() < 2_000_000, "{} bytes", bytes.len());
    assert_eq!(view.name, "bruit.jpg", "named after what it now is");
}

/// A raw EXIF block (TIFF, little-endian): orientation `orientation`, and a GPS block
/// (latitude 45° N).
fn exif(orientation: u16) -> Vec<u8> {
    let mut e = b"II*\0\x08\0\0\0".to_vec();
    // IFD0 at 8: two entries, then the next-IFD offset (none).
    e.extend([2, 0]);
    e.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0]);
    e.extend(orientation.to_le_bytes());
    e.extend([0, 0]);
    // GPS IFD pointer (tag 0x8825, LONG) → offset 38.
    e.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]);
    e.extend([0, 0, 0, 0]);
    // GPS IFD at 38: GPSLatitudeRef "N".
    e.extend([1, 0]);
    e.extend([0x01, 0x00, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    e.extend([0, 0, 0, 0]);
    e
}

#[test]
fn a15_the_exif_orientation_is_applied_and_no_metadata_is_kept() {
    let mut f = fixture();
    let mut source = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut source, 90);
    encoder.set_exif_metadata(exif(6)).unwrap();
    encoder.encode_image(&picture(1500, 1000)).unwrap();
    assert!(source.windows(6).any(|w| w == b"Exif\0\0"));
    // The camera held it upright: 1500×1000 stored, to be turned a quarter clockwise.
    let view = f
        .app
        .add_photo(Owner::Product(f.product), "debout.jpg", &source)
        .unwrap();
    let (_, width, height, bytes) = kept(&f.app, &view);
    assert_eq!((width, height), (667, 1000), "turned upright, then scaled");
    assert!(!bytes.windows(4).any(|w| w == b"Exif"), "no EXIF left");
    assert!(
        !bytes.windows(4).any(|w| w == b"II*\0"),
        "no GPS block left"
    );
}

#[test]
fn a15_a_pdf_named_jpg_is_refused_naming_what_it_is() {
    let mut f = fixture();
    let message = refused(
        f.app
            .add_photo(Owner::Product(f.product), "photo.jpg", &pdf()),
    );
    assert!(
        message.contains("ce fichier est un PDF : une photo doit être une image JPEG ou PNG"),
        "{message}"
    );
    assert!(f.app.photos(Owner::Product(f.product)).unwrap().is_empty());
}

/// The smallest GIF: one pixel.
const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";

#[test]
fn a15_gif_webp_and_bmp_are_refused_naming_their_format() {
    let mut f = fixture();
    let small = DynamicImage::ImageRgb8(picture(40, 30));
    let webp = {
        let mut out = Vec::new();
        image::codecs::webp::WebPEncoder::new_lossless(&mut out)
            .encode(small.as_bytes(), 40, 30, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    };
    let bmp = encode(&small, ImageFormat::Bmp);
    for (bytes, name, named) in [
        (GIF.to_vec(), "anim.jpg", "une image GIF"),
        (webp, "photo.png", "une image WebP"),
        (bmp, "scan.jpeg", "une image BMP"),
    ] {
        let message = refused(f.app.add_photo(Owner::Product(f.product), name, &bytes));
        assert!(
            message.starts_with(&format!(
                "ce fichier est {named} : une photo doit être une image JPEG ou PNG"
            )),
            "{message}"
        );
    }
}

#[test]
fn a15_random_bytes_an_empty_file_and_truncated_images_are_refused() {
    let mut f = fixture();
    let owner = Owner::Product(f.product);
    let mut state = 7u32;
    let random: Vec<u8> = (0..5000)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            state.to_be_bytes()[0]
        })
        .collect();
    let message = refused(f.app.add_photo(owner, "x.jpg", &random));
    assert!(message.contains("format inconnu"), "{message}");
    assert!(refused(f.app.add_photo(owner, "x.jpg", &[])).contains("vide"));

    let whole = jpeg(800, 600);
    let message = refused(
        f.app
            .add_photo(owner, "x.jpg", &whole[..whole.len() * 6 / 10]),
    );
    assert!(message.contains("illisible ou abîmé"), "{message}");
    // A JPEG that claims to be one but whose data is garbage after its header.
    let mut garbled = whole[..200].to_vec();
    garbled.extend(std::iter::repeat_n(0xAB, 2000));
    garbled.extend([0xFF, 0xD9]);
    assert!(refused(f.app.add_photo(owner, "x.jpg", &garbled)).contains("illisible"));

    let whole = png(300, 200);
    let message = refused(f.app.add_photo(owner, "x.png", &whole[..whole.len() / 2]));
    assert!(
        message.contains("une image PNG mais il est illisible"),
        "{message}"
    );
    assert!(f.app.photos(owner).unwrap().is_empty(), "nothing kept");
}

#[test]
fn p10_an_accommodation_photo_is_scaled_down_to_fit_1024x768() {
    let mut f = fixture();
    let owner = Owner::Unit(f.unit);
    let wide = f
        .app
        .add_photo(owner, "salon.jpg", &jpeg(3000, 2000))
        .unwrap();
    let (format, width, height, _) = kept(&f.app, &wide);
    assert_eq!((format, width, height), (ImageFormat::Jpeg, 1024, 683));
    let tall = f
        .app
        .add_photo(owner, "escalier.png", &png(1200, 3000))
        .unwrap();
    let (format, width, height, _) = kept(&f.app, &tall);
    assert_eq!((format, width, height), (ImageFormat::Png, 307, 768));
    let message = refused(f.app.add_photo(owner, "plan.pdf", &pdf()));
    assert!(message.contains("ce fichier est un PDF"), "{message}");
    assert_eq!(f.app.photos(owner).unwrap().len(), 2);
    assert!(
        f.app.photos(Owner::Product(f.product)).unwrap().is_empty(),
        "a unit's photos are its own"
    );
}

#[test]
fn a15_p10_photos_are_ordered_numbered_removable_and_exported_as_kept() {
    let mut f = fixture();
    let owner = Owner::Product(f.product);
    let names = ["un.png", "deux.png", "trois.png"];
    for (i, name) in names.iter().enumerate() {
        f.app
            .add_photo(owner, name, &png(20 + u32::try_from(i).unwrap(), 10))
            .unwrap();
    }
    let listed = f.app.photos(owner).unwrap();
    let order: Vec<(u32, &str)> = listed.iter().map(|p| (p.number, p.name.as_str())).collect();
    assert_eq!(order, [(1, "un.png"), (2, "deux.png"), (3, "trois.png")]);

    let removed = f.app.remove_photo(owner, 2).unwrap();
    assert_eq!(removed.name, "deux.png");
    let order: Vec<(u32, String)> = f
        .app
        .photos(owner)
        .unwrap()
        .into_iter()
        .map(|p| (p.number, p.name))
        .collect();
    assert_eq!(order, [(1, "un.png".into()), (2, "trois.png".into())]);
    let message = f.app.remove_photo(owner, 3).unwrap_err().message;
    assert!(message.contains("il y en a 2 photos"), "{message}");

    // The last first: the order is the provider's.
    f.app.add_photo(owner, "quatre.png", &png(30, 10)).unwrap();
    let moved = f.app.move_photo(owner, 3, 1).unwrap();
    let order: Vec<(u32, &str)> = moved.iter().map(|p| (p.number, p.name.as_str())).collect();
    assert_eq!(order, [(1, "quatre.png"), (2, "un.png"), (3, "trois.png")]);
    let message = f.app.move_photo(owner, 1, 4).unwrap_err().message;
    assert!(
        message.contains("choisissez une place de 1 à 3"),
        "{message}"
    );
    f.app.remove_photo(owner, 1).unwrap();

    let exported = f.app.photo_file(owner, 2).unwrap();
    assert_eq!(exported.view.name, "trois.png");
    let decoded = image::load_from_memory(&exported.bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (22, 10));
    assert!(exported
        .data_url()
        .starts_with("data:image/png;base64,iVBOR"));

    // A product deleted (never sold) takes its photos with it.
    let id = exported.view.id;
    f.app.remove_product(f.product).unwrap();
    assert!(f.app.media_file(id).is_err());
}

#[test]
fn a15_a_photo_of_a_product_that_does_not_exist_is_refused() {
    let mut f = fixture();
    let message = refused(
        f.app
            .add_photo(Owner::Product(Uuid::nil()), "a.png", &png(4, 4)),
    );
    assert!(message.contains("aucun produit"), "{message}");
    let message = refused(f.app.add_photo(Owner::Unit(f.product), "a.png", &png(4, 4)));
    assert!(message.contains("aucun hébergement"), "{message}");
}

#[test]
fn a14_a_pdf_attachment_is_kept_byte_identical_and_listed_under_its_product() {
    let mut f = fixture();
    let source = pdf();
    let view = f
        .app
        .add_product_attachment(f.product, "Plan d'accès.pdf", &source)
        .unwrap();
    assert_eq!(
        (
            view.kind.as_str(),
            view.format.as_str(),
            view.name.as_str(),
            view.width
        ),
        ("attachment", "pdf", "Plan d'accès.pdf", None)
    );
    f.app
        .add_product_attachment(f.product, "tarifs", &source)
        .unwrap();
    let listed = f.app.product_attachments(f.product).unwrap();
    let names: Vec<&str> = listed.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Plan d'accès.pdf", "tarifs.pdf"]);
    assert_eq!(f.app.attachment_file(f.product, 1).unwrap().bytes, source);
    assert!(
        f.app.photos(Owner::Product(f.product)).unwrap().is_empty(),
        "an attachment is not a photo"
    );
    f.app.remove_product_attachment(f.product, 1).unwrap();
    let left = f.app.product_attachments(f.product).unwrap();
    assert_eq!(
        (left.len(), left[0].number, left[0].name.as_str()),
        (1, 1, "tarifs.pdf")
    );
}

#[test]
fn a14_an_attachment_that_is_not_a_pdf_is_refused_in_french() {
    let mut f = fixture();
    let message = refused(
        f.app
            .add_product_attachment(f.product, "menu.pdf", &jpeg(40, 30)),
    );
    assert!(
        message.starts_with("ce fichier est une image JPEG : une pièce jointe doit être un PDF"),
        "{message}"
    );
    let message = refused(
        f.app
            .add_product_attachment(f.product, "x.pdf", b"PK\x03\x04docx"),
    );
    assert!(
        message.contains("une archive ZIP ou un document Office"),
        "{message}"
    );
    let whole = pdf();
    let message = refused(
        f.app
            .add_product_attachment(f.product, "x.pdf", &whole[..30]),
    );
    assert!(message.contains("incomplet"), "{message}");
    let mut heavy = b"%PDF-1.4\n".to_vec();
    heavy.resize(5_200_000, b' ');
    heavy.extend(b"\n%%EOF\n");
    let message = refused(f.app.add_product_attachment(f.product, "x.pdf", &heavy));
    assert!(
        message.contains("ce PDF pèse 5,2 Mo : une pièce jointe pèse au plus 5 Mo"),
        "{message}"
    );
    assert!(f.app.product_attachments(f.product).unwrap().is_empty());
}

#[test]
fn a15_photos_survive_a_restart_of_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-07-01T10:00:00Z")));
    let source = png(30, 20);
    let (product, sha) = {
        let mut app = app_in(dir.path(), &clock);
        let product = app
            .add_product("Vélo", "10.00".parse().unwrap(), 2000, &[])
            .unwrap()
            .id;
        let view = app
            .add_photo(Owner::Product(product), "v.png", &source)
            .unwrap();
        (product, view.sha256)
    };
    let app = app_in(dir.path(), &clock);
    let photos = app.photos(Owner::Product(product)).unwrap();
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0].sha256, sha);
}
