//! D3/T5: the decoder on 137 real photographs of QR codes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::corpus::samples;
use guichet_devices::qr::{Decoder, Frame};

#[test]
fn d3_the_decoder_reads_at_least_as_many_as_zxing_cpp_and_never_invents_a_code() {
    let samples = samples();
    assert_eq!(samples.len(), 137);
    let mut exact = 0;
    let mut wrong = Vec::new();
    for sample in &samples {
        let frame = Frame::open(&sample.path).unwrap();
        let codes = Decoder::Guichet.decode(&frame);
        if codes.contains(&sample.expected) {
            exact += 1;
        }
        // A picture may hold two codes (a QR inside a QR): what is returned must
        // include the expected one, or be nothing at all.
        if !codes.is_empty() && !codes.contains(&sample.expected) {
            wrong.push((sample.path.clone(), codes));
        }
    }
    assert!(
        wrong.is_empty(),
        "codes that are not in the pictures: {wrong:?}"
    );
    assert!(exact >= 125, "{exact} of 137 decoded exactly");
}

#[test]
fn d3_no_picture_crashes_the_decoder() {
    let mut garbage: Vec<Vec<u8>> = vec![
        vec![],
        b"not an image".to_vec(),
        vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13],
    ];
    let png = std::fs::read(common::corpus::root().join("qrcode-6/1.png")).unwrap();
    garbage.extend((1..8).map(|k| png[..png.len() * k / 8].to_vec()));
    for bytes in garbage {
        assert!(Frame::from_encoded(&bytes).is_err());
    }
    for (width, height, fill) in [
        (1, 1, 0),
        (3, 1000, 255),
        (640, 480, 0),
        (640, 480, 255),
        (64, 64, 128),
    ] {
        let frame = Frame::new(width, height, vec![fill; (width * height) as usize]).unwrap();
        assert!(Decoder::Guichet.decode(&frame).is_empty());
    }
    let noise: Vec<u8> = (0u32..320 * 240)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(Decoder::Guichet
        .decode(&Frame::new(320, 240, noise).unwrap())
        .is_empty());
    assert!(Frame::new(10, 10, vec![0; 99]).is_err());
}
