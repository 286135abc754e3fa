//! `guichet vouchers pdf CODE --out FILE`: the printable gift voucher from the command
//! line (A12), read back with `pdftotext`; a used voucher no longer prints.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::DataDir;

#[test]
fn a12_vouchers_pdf_writes_the_printable_voucher_and_refuses_a_used_one_in_french() {
    let data = DataDir::demo();
    let product = data.ok(&["products"])[0]["id"].as_str().unwrap().to_owned();
    let sold = data.ok(&[
        "vouchers",
        "sell",
        "--product",
        &product,
        "--amount",
        "75.00",
        "--method",
        "cheque",
    ]);
    let code = sold["code"].as_str().unwrap();
    let out = data.scratch().join("bon.pdf");
    let written = data.ok(&["vouchers", "pdf", code, "--out", out.to_str().unwrap()]);
    assert_eq!(written["pdf"], out.display().to_string());
    let text = std::process::Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    for expected in ["Bon cadeau", "75,00 €", code, "Valable jusqu'au"] {
        assert!(
            text.contains(expected),
            "« {expected} » missing from:\n{text}"
        );
    }

    data.ok(&["vouchers", "redeem", code]);
    let refused = data.run_text(
        &["vouchers", "pdf", code, "--out", out.to_str().unwrap()],
        &[],
    );
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert!(
        refused
            .stderr
            .contains("ce bon cadeau est utilisé : il ne s'imprime plus"),
        "{}",
        refused.stderr
    );
}
