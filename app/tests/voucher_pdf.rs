//! The printable gift voucher on a real data dir: read back with `pdftotext`, its QR
//! decoded from a rendering of the page (A9–A12).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;
use std::sync::Arc;

use common::{app_in, at};
use guichet_app::box_office::print::PrintTo;
use guichet_app::clock::ManualClock;
use guichet_app::error::ErrorCode;
use guichet_app::settings::Identity;
use guichet_core::payment::PaymentMethod;
use guichet_core::Money;

/// A 1 × 1 PNG.
const PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// `pdfimages -list`: a header of two lines, then a line per image (and mask).
fn pdf_images(pdf: &std::path::Path) -> String {
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfimages (poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a12_the_voucher_pdf_says_its_amount_date_products_and_code_and_its_qr_gives_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-11-27T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    app.set_provider_name("Les Canoës du Vallon").unwrap();
    app.set_identity(&Identity {
        logo: PNG.to_owned(),
        ..Identity::default()
    })
    .unwrap();
    let canoe = app
        .add_product("Descente en canoë", "25".parse().unwrap(), 2000, &[])
        .unwrap()
        .id;
    let bike = app
        .add_product("Vélo électrique", "30".parse().unwrap(), 2000, &[])
        .unwrap()
        .id;
    let sold = app
        .sell_voucher(&[canoe, bike], "50".parse().unwrap(), PaymentMethod::Card)
        .unwrap();

    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("bon.pdf");
    std::fs::write(&pdf, app.voucher_pdf(&sold.code).unwrap()).unwrap();
    let text = pdf_text(&pdf);
    for expected in [
        "Les Canoës du Vallon",
        "Bon cadeau",
        "50,00 €",
        "Valable jusqu'au 27/11/2027",
        "Valable pour : Descente en canoë, Vélo",
        // The list wraps at the page's width.
        "\nélectrique",
        "Utilisable une seule fois",
        "Ni remboursé ni rendu en espèces",
        &sold.code,
    ] {
        assert!(
            text.contains(expected),
            "« {expected} » missing from:\n{text}"
        );
    }
    // The logo is on the page.
    let images = pdf_images(&pdf);
    let pictures = |list: &str| {
        list.lines()
            .filter(|l| l.split_whitespace().nth(2) == Some("image"))
            .count()
    };
    assert_eq!(pictures(&images), 1, "one image:\n{images}");

    // Rendered at 150 dpi, the page's QR gives back the code (and only it).
    let status = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(out.path().join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let frame = guichet_devices::qr::Frame::open(&out.path().join("page.png")).unwrap();
    assert_eq!(guichet_devices::qr::decode(&frame), vec![sold.code.clone()]);

    // Printed to a file the user chose, the same page.
    let chosen = out.path().join("choisi.pdf");
    let print = app.voucher_print(&sold.code).unwrap();
    assert_eq!(
        print.deliver(&PrintTo::File(chosen.clone())).unwrap(),
        chosen
    );
    assert!(pdf_text(&chosen).contains(&sold.code));

    // A used voucher no longer prints.
    app.redeem_voucher(&sold.code, None, Some(Money::from_cents(1_000)))
        .unwrap();
    let refused = app.voucher_pdf(&sold.code).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Rule);
    assert!(refused.message.contains("utilisé"), "{}", refused.message);
}

#[test]
fn a12_a_voucher_prints_without_a_logo_and_an_unknown_code_is_refused_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-02-28T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    let product = app
        .add_product(
            "Atelier poterie",
            "40".parse().unwrap(),
            550,
            &["till".into()],
        )
        .unwrap()
        .id;
    let sold = app
        .sell_voucher(&[product], "1234.5".parse().unwrap(), PaymentMethod::Cash)
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("bon.pdf");
    std::fs::write(&pdf, app.voucher_pdf(&sold.code).unwrap()).unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("1 234,50 €"), "{text}");
    assert!(text.contains("Valable jusqu'au 28/02/2027"), "{text}");
    assert!(text.contains("Valable pour : Atelier poterie"), "{text}");
    let images = pdf_images(&pdf);
    assert_eq!(images.lines().count(), 2, "no image:\n{images}");

    let refused = app.voucher_pdf("pas un code").unwrap_err();
    assert_eq!(refused.code, ErrorCode::Input);
    assert!(
        refused.message.contains("bon cadeau"),
        "{}",
        refused.message
    );
}
