//! Scanner inputs for the box office: every way a code reaches the gate — keyboard-
//! mode scanners, HID POS and serial scanners, webcams — and the QR decoder.

pub mod keyboard;
pub mod qr;
