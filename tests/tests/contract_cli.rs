//! `guichet contracts pdf` and the customer of a booking file, from outside, on a real
//! data dir; the PDF read back with `pdftotext` (rules B2, P9; cli.md "Names").

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::paperwork::{gite, ok, pay, NOW};
use guichet_tests::{pdf_text, DataDir};

/// Books the week from 4 July for Mme Marie Claire Dupont; the booking's id.
fn book(data: &DataDir, unit: &str) -> String {
    let made = ok(
        data,
        &[
            "bookings",
            "create",
            "--unit",
            unit,
            "--from",
            "2026-07-04",
            "--nights",
            "7",
            "--name",
            "Marie Claire Dupont",
            "--title",
            "Mme",
            "--address",
            "12 rue des Lilas\n24200 Sarlat-la-Canéda",
            "--email",
            "marie@exemple.fr",
            "--adults",
            "2",
            "--children",
            "1",
            "--price",
            "1100.00",
        ],
    );
    made["booking"]
        .as_str()
        .expect("cli.md: {\"booking\": ID, …}")
        .to_owned()
}

fn contract_pdf(data: &DataDir, booking: &str, name: &str) -> String {
    let out = data.scratch().join(name);
    let done = ok(
        data,
        &[
            "contracts",
            "pdf",
            "--booking",
            booking,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(done["booking"], booking);
    let text = pdf_text(&out);
    // Columns of `-layout` are spaces: one space between words is enough to compare.
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn b2_p9_the_contract_shows_the_deposit_paid_the_balance_due_and_its_date() {
    let (data, unit) = gite();
    let terms = data.scratch().join("cgv.txt");
    std::fs::write(
        &terms,
        "Article 1 : le séjour commence à 16 h.\n\nArticle 2 : animaux admis.",
    )
    .unwrap();
    let settings = ok(
        &data,
        &[
            "settings",
            "--deposit-percent",
            "30",
            "--deposit-kind",
            "arrhes",
            "--balance-days",
            "30",
            "--terms-file",
            terms.to_str().unwrap(),
            "--extra-info",
            "Taxe de séjour : 0,88 € par adulte et par nuit, à régler sur place.",
        ],
    );
    assert_eq!(settings["conditions"]["deposit_percent"], 30);
    assert_eq!(settings["conditions"]["deposit_kind"], "arrhes");
    let booking = book(&data, &unit);
    pay(&data, &booking, "330.00", "cheque");

    let contract = ok(&data, &["contracts", "show", "--booking", &booking]);
    assert_eq!(contract["total"], "1100.00");
    assert_eq!(contract["deposit"], "330.00");
    assert_eq!(contract["paid"], "330.00");
    assert_eq!(contract["balance"], "770.00");
    assert_eq!(
        contract["balance_due"], "2026-06-04",
        "30 days before 4 July"
    );

    let text = contract_pdf(&data, &booking, "contrat.pdf");
    for wanted in [
        "Contrat de location",
        "Les Gîtes du Vallon",
        "Mme Marie Claire Dupont",
        "12 rue des Lilas",
        "24200 Sarlat-la-Canéda",
        "marie@exemple.fr",
        "Gîte des Lilas",
        "04/07/2026",
        "11/07/2026",
        "7 nuits",
        "2 adultes, 1 enfant",
        "Prix du séjour 1 100,00 €",
        "Arrhes demandées : 30 % du prix 330,00 €",
        "01/03/2026 — paiement par chèque 330,00 €",
        "Total payé 330,00 €",
        "Solde restant dû au 04/06/2026 770,00 €",
        // The legal consequence of arrhes, written out.
        "si le client annule, il perd les arrhes versées",
        "il rembourse au client le double des arrhes",
        "Conditions générales de vente",
        "Article 2 : animaux admis.",
        // P9: the tourist tax in the additional information, never a price line.
        "Informations complémentaires",
        "Taxe de séjour : 0,88 € par adulte et par nuit, à régler sur place.",
    ] {
        assert!(text.contains(wanted), "« {wanted} » missing from:\n{text}");
    }
}

#[test]
fn b2_an_acompte_binds_both_sides_and_a_booking_with_no_payment_owes_everything() {
    let (data, unit) = gite();
    ok(
        &data,
        &[
            "settings",
            "--deposit-percent",
            "25",
            "--deposit-kind",
            "acompte",
            "--balance-days",
            "10",
        ],
    );
    let booking = book(&data, &unit);
    let text = contract_pdf(&data, &booking, "acompte.pdf");
    for wanted in [
        "Acompte demandé : 25 % du prix 275,00 €",
        "Aucun paiement reçu à ce jour.",
        "Solde restant dû au 24/06/2026 1 100,00 €",
        "engagement ferme",
        "Le client ne peut pas se désister",
        "la totalité du prix du séjour reste due",
    ] {
        assert!(text.contains(wanted), "« {wanted} » missing from:\n{text}");
    }
    assert!(!text.contains("double des arrhes"), "{text}");
    assert!(
        !text.contains("Informations complémentaires"),
        "none given: {text}"
    );
}

#[test]
fn b2_a_refund_is_a_negative_payment_on_the_contract() {
    let (data, unit) = gite();
    let booking = book(&data, &unit);
    pay(&data, &booking, "500.00", "transfer");
    pay(&data, &booking, "-100.00", "transfer");
    let contract = ok(&data, &["contracts", "show", "--booking", &booking]);
    assert_eq!(contract["paid"], "400.00");
    assert_eq!(contract["balance"], "700.00");
    let text = contract_pdf(&data, &booking, "rembourse.pdf");
    for wanted in [
        "paiement par virement 500,00 €",
        "remboursement par virement -100,00 €",
        "Total payé 400,00 €",
    ] {
        assert!(text.contains(wanted), "« {wanted} » missing from:\n{text}");
    }
    assert!(
        text.contains("Solde restant dû au 04/06/2026 700,00 €"),
        "{text}"
    );
    assert!(
        text.contains("Arrhes demandées : 30 % du prix 330,00 €"),
        "defaults: {text}"
    );
}

#[test]
fn b2_conditions_are_checked_and_a_contract_of_no_booking_is_refused() {
    let (data, _) = gite();
    for bad in [
        vec!["settings", "--deposit-percent", "150"],
        vec!["settings", "--balance-days", "400"],
        vec!["settings", "--deposit-kind", "caution"],
    ] {
        let run = data.run_at(&bad, Some(NOW));
        assert_eq!(run.code, 2, "{bad:?}: {} {}", run.stdout, run.stderr);
    }
    assert_eq!(
        ok(&data, &["settings"])["conditions"]["deposit_percent"],
        30,
        "nothing changed"
    );
    let out = data.scratch().join("rien.pdf");
    let run = data.run_at(
        &[
            "contracts",
            "pdf",
            "--booking",
            "01a21e4f-74d9-7663-859f-1ebcdb5d898e",
            "--out",
            out.to_str().unwrap(),
        ],
        Some(NOW),
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains("n'existe pas"), "{}", run.stdout);
    assert!(!out.exists());
}

#[test]
fn names_the_customer_is_split_or_given_apart_and_edited_in_the_booking_file() {
    let (data, unit) = gite();
    let booking = book(&data, &unit);
    let file = ok(&data, &["bookings", "show", &booking]);
    let c = &file["customer"];
    assert_eq!(
        (c["first_name"].as_str(), c["last_name"].as_str()),
        (Some("Marie"), Some("Claire Dupont"))
    );
    assert_eq!(c["title"], "Mme");
    assert_eq!(c["address"], "12 rue des Lilas\n24200 Sarlat-la-Canéda");

    // The edit path (booking_edited): the parts given apart, the rest kept.
    let edited = ok(
        &data,
        &[
            "bookings",
            "edit",
            &booking,
            "--first-name",
            "Marie Claire",
            "--last-name",
            "Dupont",
            "--title",
            "Mme et M.",
        ],
    );
    let c = &edited["customer"];
    assert_eq!(
        (c["first_name"].as_str(), c["last_name"].as_str()),
        (Some("Marie Claire"), Some("Dupont"))
    );
    assert_eq!(c["title"], "Mme et M.");
    assert_eq!(
        c["address"], "12 rue des Lilas\n24200 Sarlat-la-Canéda",
        "kept"
    );
    assert_eq!(c["email"], "marie@exemple.fr", "kept");
    assert_eq!(edited["adults"], 2);
    assert_eq!(edited["booking"]["guest"], "Marie Claire Dupont");
    let history = edited["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["kind"], "edited");

    // Given apart on creation; --name is then not needed.
    let apart = ok(
        &data,
        &[
            "bookings",
            "create",
            "--unit",
            &unit,
            "--from",
            "2026-08-01",
            "--nights",
            "2",
            "--first-name",
            "Jean",
            "--last-name",
            "de La Fontaine",
            "--phone",
            "06 12 34 56 78",
        ],
    );
    let file = ok(
        &data,
        &["bookings", "show", apart["booking"].as_str().unwrap()],
    );
    assert_eq!(file["customer"]["first_name"], "Jean");
    assert_eq!(file["customer"]["last_name"], "de La Fontaine");
    assert_eq!(file["booking"]["guest"], "Jean de La Fontaine");

    // A hold shares its guest with the booking it becomes.
    let hold = ok(
        &data,
        &[
            "holds",
            "create",
            "--unit",
            &unit,
            "--from",
            "2026-08-10",
            "--nights",
            "3",
            "--name",
            "Paul Martin",
            "--title",
            "M.",
            "--address",
            "3 place du Marché",
            "--email",
            "paul@exemple.fr",
        ],
    );
    let hold_id = hold["id"].as_str().unwrap();
    let booked = ok(&data, &["bookings", "confirm", "--hold", hold_id]);
    let file = ok(
        &data,
        &["bookings", "show", booked["booking"].as_str().unwrap()],
    );
    assert_eq!(file["customer"]["title"], "M.");
    assert_eq!(file["customer"]["address"], "3 place du Marché");

    // Neither e-mail nor phone: refused (exit 2), nothing booked.
    let before = ok(&data, &["bookings"]).as_array().unwrap().len();
    let run = data.run_at(
        &[
            "bookings",
            "create",
            "--unit",
            &unit,
            "--from",
            "2026-08-20",
            "--nights",
            "2",
            "--name",
            "Sans Contact",
        ],
        Some(NOW),
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("e-mail ou un téléphone"),
        "{}",
        run.stdout
    );
    assert_eq!(ok(&data, &["bookings"]).as_array().unwrap().len(), before);
}
