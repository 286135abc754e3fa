//! Scanner inputs for the box office. The crate arrives with the box-office work
//! (issue 3): keyboard-wedge burst detection, HID POS and serial scanners, webcams.
