//! Any bytes as a picture: image decoding and the QR decoder chain never crash.
#![no_main]

use guichet_devices::qr::{decode, Frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(frame) = Frame::from_encoded(data) {
        let _ = decode(&frame);
    }
    // The same bytes as a raw grey frame of a few shapes.
    for width in [16u32, 64, 97] {
        let height = u32::try_from(data.len()).unwrap_or(0) / width;
        if let Ok(frame) = Frame::new(width, height, data[..(width * height) as usize].to_vec()) {
            let _ = decode(&frame);
        }
    }
});
