//! Photos and PDF attachments across devices (rules A14, A15, P10, D4): the real
//! `guichet-sync` server and two real `guichet` devices, each on its own data dir, over
//! loopback. What one device adds reaches the other byte for byte.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use guichet_tests::sync_device::{pair, sqlite_server, Device};
use image::ImageEncoder;
use serde_json::Value;

fn first_id(device: &Device, args: &[&str]) -> String {
    device.0.ok(args)[0]["id"].as_str().unwrap().to_owned()
}

/// A photograph-like JPEG, `seed` making each one different.
fn jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        let t = ((x * 7 + y * 13 + seed) ^ (x * y)) % 64;
        image::Rgb([
            u8::try_from((x * 255 / width + t) % 256).unwrap(),
            u8::try_from((y * 255 / height + t) % 256).unwrap(),
            u8::try_from((seed * 40 + t * 3) % 256).unwrap(),
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95)
        .encode_image(&picture)
        .unwrap();
    out
}

/// Noise, which no codec compresses.
fn noise_png(side: u32, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let picture = image::RgbImage::from_fn(side, side, |_, _| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        image::Rgb(state.to_le_bytes()[..3].try_into().unwrap())
    });
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&picture, side, side, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Exports the `n`th photo (or attachment) and returns its bytes.
fn exported(device: &Device, args: &[&str], name: &str) -> Vec<u8> {
    let out = device.0.scratch().join(name);
    let out_text = out.display().to_string();
    let mut all = args.to_vec();
    all.extend(["--out", out_text.as_str()]);
    device.0.ok(&all);
    std::fs::read(out).unwrap()
}

fn sha(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| m["sha256"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a14_a15_p10_d4_a_photo_and_a_pdf_added_on_one_device_reach_the_other_byte_identical() {
    let (_dir, _server) = sqlite_server();
    let (_, a, b) = pair(&_server);
    let product = first_id(&a, &["products"]);
    let unit = first_id(&a, &["units"]);
    let scratch = a.0.scratch().to_owned();

    let photo = put(&scratch, "poney.jpg", &jpeg(3000, 2000, 1));
    let added = a.0.ok(&[
        "products",
        "photo",
        "add",
        &product,
        photo.to_str().unwrap(),
    ]);
    assert_eq!(
        (added["width"].as_u64(), added["height"].as_u64()),
        (Some(1000), Some(667))
    );
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    let pdf_path = put(&scratch, "plan.pdf", pdf);
    a.0.ok(&[
        "products",
        "attach",
        &product,
        pdf_path.to_str().unwrap(),
        "--name",
        "Plan d'accès",
    ]);
    let room = put(&scratch, "chambre.jpg", &jpeg(2000, 3000, 2));
    let room_added =
        a.0.ok(&["units", "photo", "add", &unit, room.to_str().unwrap()]);
    assert_eq!(
        (room_added["width"].as_u64(), room_added["height"].as_u64()),
        (Some(512), Some(768)),
        "P10: fits 1024×768"
    );

    // A second photo, put first.
    let thumb = put(&scratch, "vignette.jpg", &jpeg(60, 40, 3));
    a.0.ok(&[
        "products",
        "photo",
        "add",
        &product,
        thumb.to_str().unwrap(),
    ]);
    a.0.ok(&["products", "photo", "move", &product, "2", "--to", "1"]);

    a.sync();
    b.sync();
    assert_eq!(a.outbox_len(), 0);

    let photos_a = a.0.ok(&["products", "photo", "list", &product]);
    let photos_b = b.0.ok(&["products", "photo", "list", &product]);
    assert_eq!(sha(&photos_b), sha(&photos_a));
    let names: Vec<&str> = photos_b
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["vignette.jpg", "poney.jpg"], "the order made on A");
    let on_a = exported(&a, &["products", "photo", "export", &product, "2"], "a.jpg");
    let on_b = exported(&b, &["products", "photo", "export", &product, "2"], "b.jpg");
    assert_eq!(on_a, on_b, "byte-identical");
    let decoded = image::load_from_memory(&on_b).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1000, 667));

    let attachments = b.0.ok(&["products", "attachments", &product]);
    assert_eq!(attachments[0]["name"], "Plan d'accès.pdf");
    let pdf_b = exported(
        &b,
        &["products", "export-attachment", &product, "1"],
        "b.pdf",
    );
    assert_eq!(pdf_b, pdf, "the PDF as it was given");

    let rooms_a = a.0.ok(&["units", "photo", "list", &unit]);
    let rooms_b = b.0.ok(&["units", "photo", "list", &unit]);
    assert_eq!(sha(&rooms_b), sha(&rooms_a));
    assert_eq!(
        exported(&a, &["units", "photo", "export", &unit, "1"], "ra.jpg"),
        exported(&b, &["units", "photo", "export", &unit, "1"], "rb.jpg")
    );

    // Removed on B, gone on A too.
    b.0.ok(&["products", "photo", "remove", &product, "1"]);
    b.0.ok(&["products", "detach", &product, "1"]);
    b.sync();
    a.sync();
    let left = a.0.ok(&["products", "photo", "list", &product]);
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["name"], "poney.jpg");
    assert_eq!(
        a.0.ok(&["products", "attachments", &product]),
        Value::Array(vec![])
    );
    assert_eq!(
        a.0.ok(&["units", "photo", "list", &unit])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a15_d4_photos_heavier_than_a_push_and_a_pull_page_all_arrive_in_one_sync() {
    let (_dir, server) = sqlite_server();
    let (_, a, b) = pair(&server);
    let product = first_id(&a, &["products"]);
    // Seven photos of nearly 2 MB (800×800 of noise, kept as PNG): about 17 MiB of
    // operations in base64, over the 16 MiB of a push and of a pull page.
    let mut total = 0;
    for seed in 0..7 {
        let path = put(
            a.0.scratch(),
            &format!("bruit{seed}.png"),
            &noise_png(800, seed),
        );
        let added =
            a.0.ok(&["products", "photo", "add", &product, path.to_str().unwrap()]);
        assert_eq!(added["format"], "png", "{added}");
        total += added["size"].as_u64().unwrap();
    }
    assert!(total / 3 * 4 > 16 << 20, "{total} bytes");
    a.sync();
    assert_eq!(a.outbox_len(), 0);
    b.sync();
    let on_a = a.0.ok(&["products", "photo", "list", &product]);
    let on_b = b.0.ok(&["products", "photo", "list", &product]);
    assert_eq!(sha(&on_b).len(), 7);
    assert_eq!(sha(&on_b), sha(&on_a));
}
