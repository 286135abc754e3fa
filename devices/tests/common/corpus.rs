//! The QR corpus (`devices/tests/corpus/qr`, real photographs from zxing-cpp's test
//! samples): each image with its expected text. Shared by the tests and the benchmark.

// Each test crate and the benchmark use a part of it.
#![allow(clippy::expect_used, clippy::panic, dead_code)]

use std::path::{Path, PathBuf};

/// One picture and the text its QR code holds.
pub struct Sample {
    /// The image file.
    pub path: PathBuf,
    /// The expected text.
    pub expected: String,
}

/// The corpus folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/qr/zxing-cpp")
}

/// Every image of the corpus with its expected text, sorted by path.
pub fn samples() -> Vec<Sample> {
    let mut samples = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root())
        .expect("corpus folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    folders.sort();
    for folder in folders {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("corpus subfolder")
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for path in files {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            if !matches!(ext, "png" | "jpg" | "webp") {
                continue;
            }
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            let base = stem.trim_end_matches('!');
            let expected = std::fs::read_to_string(folder.join(format!("{stem}.txt")))
                .or_else(|_| std::fs::read_to_string(folder.join(format!("{base}.txt"))))
                .unwrap_or_else(|_| panic!("no expected text for {}", path.display()));
            samples.push(Sample { path, expected });
        }
    }
    samples
}
