//! Scanner inputs for the box office: every way a code reaches the gate — keyboard-
//! mode scanners, HID POS and serial scanners, webcams — and the QR decoder; and the
//! till's receipt printer and cash drawer (feature `printer`).

pub mod hid_pos;
pub mod keyboard;
pub mod os;
#[cfg(feature = "printer")]
pub mod printer;
#[cfg(feature = "qr")]
pub mod qr;
pub mod serial;
pub mod source;
#[cfg(feature = "qr")]
pub mod webcam;
