//! `guichet templates set|render|show`, from outside, on a real data dir (rule T6): an
//! unknown placeholder is named (exit 1) and nothing is saved; every placeholder is
//! filled, amounts with a narrow no-break space between thousands and a no-break space
//! before €; names split as cli.md says.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::paperwork::{book_week_at, gite, ok, pay, NOW};
use guichet_tests::DataDir;

fn book(data: &DataDir, unit: &str, from: &str, who: &[&str]) -> String {
    book_week_at(data, NOW, unit, from, who)
}

fn set(data: &DataDir, name: &str, text: &str) -> guichet_tests::Run {
    let file = data.scratch().join(format!("{name}.txt"));
    std::fs::write(&file, text).unwrap();
    data.run_at(
        &["templates", "set", name, "--file", file.to_str().unwrap()],
        Some(NOW),
    )
}

const EVERY: &str = "Objet : Réservation {Numero}\n\
    titre={ContactTitre}\nnom={ContactNom}\nprenom={ContactPrenom}\nadresse={ContactAdresse}\n\
    email={ContactEMail}\nprestataire={PrestataireIdentite}\nadresse_p={PrestataireAdresse}\n\
    email_p={PrestataireEMail}\nnumero={Numero}\npourcentage={PourcentageAcompte}\n\
    acompte={MontantAcompte}\nsolde={Solde}\ntotal={Total}\n";

#[test]
fn t6_an_unknown_placeholder_is_named_with_exit_1_and_nothing_is_saved() {
    let (data, _) = gite();
    let before = ok(&data, &["templates", "show", "confirmation"])["text"].clone();
    let run = set(
        &data,
        "confirmation",
        "Objet : Merci\n\nBonjour {Prenom} {ContactNom},",
    );
    assert_eq!(run.code, 1, "{} {}", run.stdout, run.stderr);
    let error = run.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(error.contains("« {Prenom} »"), "{error}");
    assert!(
        error.contains("« {ContactPrenom} »"),
        "the closest known one: {error}"
    );
    assert_eq!(
        ok(&data, &["templates", "show", "confirmation"])["text"],
        before,
        "nothing saved"
    );
    assert!(
        ok(&data, &["outbox"])
            .as_array()
            .unwrap()
            .iter()
            .all(|op| op["kind"] != "template_saved"),
        "no operation recorded"
    );
    // Without --json too, in French on standard error.
    let file = data.scratch().join("faux.txt");
    std::fs::write(&file, "{Soldes}").unwrap();
    let text = data.run_text(
        &[
            "templates",
            "set",
            "rappel_solde",
            "--file",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(text.code, 1);
    assert!(
        text.stderr.contains("« {Soldes} »") && text.stderr.contains("« {Solde} »"),
        "{}",
        text.stderr
    );
    // An unknown notification is bad input (exit 2), naming the known ones.
    let run = set(&data, "bienvenue", "Bonjour");
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("confirmation, rappel_solde, annulation, billets"),
        "{}",
        run.stdout
    );
}

#[test]
fn t6_every_placeholder_is_filled_with_french_amounts_to_the_byte() {
    let (data, unit) = gite();
    ok(
        &data,
        &[
            "settings",
            "--deposit-percent",
            "30",
            "--deposit-kind",
            "arrhes",
        ],
    );
    let booking = book(
        &data,
        &unit,
        "2026-07-04",
        &[
            "--name",
            "Marie Claire Dupont",
            "--title",
            "Mme",
            "--address",
            "12 rue des Lilas\n24200 Sarlat",
        ],
    );
    pay(&data, &booking, "330.00", "cheque");
    let saved = set(&data, "confirmation", EVERY);
    assert_eq!(saved.code, 0, "{}", saved.stdout);
    let outbox = ok(&data, &["outbox"]);
    assert!(
        outbox
            .as_array()
            .unwrap()
            .iter()
            .any(|op| op["kind"] == "template_saved"),
        "{outbox}"
    );

    let number = ok(&data, &["bookings", "show", &booking])["number"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(number.starts_with("R-") && number.len() == 10, "{number}");
    let rendered = ok(
        &data,
        &["templates", "render", "confirmation", "--booking", &booking],
    );
    assert_eq!(rendered["subject"], format!("Réservation {number}"));
    let expected = format!(
        "titre=Mme\nnom=Claire Dupont\nprenom=Marie\nadresse=12 rue des Lilas, 24200 Sarlat\n\
         email=marie@exemple.fr\nprestataire=Les Gîtes du Vallon\nadresse_p=\nemail_p=\n\
         numero={number}\npourcentage=30\u{a0}%\nacompte=330,00\u{a0}€\nsolde=770,00\u{a0}€\n\
         total=1\u{202f}100,00\u{a0}€\n"
    );
    assert_eq!(rendered["body"].as_str().unwrap(), expected);
    assert!(
        expected
            .as_bytes()
            .windows(3)
            .any(|w| w == [0xE2, 0x80, 0xAF]),
        "U+202F in UTF-8"
    );
    // The text form prints the same bytes, subject first.
    let text = data.run_text(
        &["templates", "render", "confirmation", "--booking", &booking],
        &[],
    );
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .contains(&format!("Objet : Réservation {number}\n\n{expected}")),
        "{:?}",
        text.stdout
    );
    // A refund lowers what was paid: the balance grows.
    pay(&data, &booking, "-30.00", "cheque");
    let rendered = ok(
        &data,
        &["templates", "render", "confirmation", "--booking", &booking],
    );
    assert!(
        rendered["body"]
            .as_str()
            .unwrap()
            .contains("solde=800,00\u{a0}€\n"),
        "{rendered}"
    );
}

#[test]
fn t6_a_notification_never_saved_renders_its_default_text() {
    let (data, unit) = gite();
    let booking = book(&data, &unit, "2026-07-04", &["--name", "Marie Dupont"]);
    let list = ok(&data, &["templates"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["confirmation", "rappel_solde", "annulation", "billets"]
    );
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["default"] == true));
    let rendered = ok(
        &data,
        &["templates", "render", "rappel_solde", "--booking", &booking],
    );
    let body = rendered["body"].as_str().unwrap();
    assert!(rendered["subject"]
        .as_str()
        .unwrap()
        .starts_with("Rappel : solde de votre réservation n° R-"));
    assert!(
        body.starts_with("Bonjour Marie Dupont,\n"),
        "no title, no double space: {body}"
    );
    assert!(
        body.contains("soit 1\u{202f}100,00\u{a0}€ sur un total de 1\u{202f}100,00\u{a0}€"),
        "nothing paid yet: {body}"
    );
    assert!(!body.contains('{'), "every placeholder filled: {body}");
    // A template without « Objet : » has no subject.
    assert_eq!(set(&data, "annulation", "Annulé : {Numero}").code, 0);
    let rendered = ok(
        &data,
        &["templates", "render", "annulation", "--booking", &booking],
    );
    assert_eq!(rendered["subject"], "");
    assert!(rendered["body"]
        .as_str()
        .unwrap()
        .starts_with("Annulé : R-"));
}

#[test]
fn names_are_split_at_the_first_space_unless_given_apart() {
    let (data, unit) = gite();
    set(&data, "confirmation", "[{ContactPrenom}|{ContactNom}]");
    for (from, who, expected) in [
        (
            "2026-07-04",
            vec!["--name", "Marie Claire Dupont"],
            "[Marie|Claire Dupont]",
        ),
        ("2026-07-11", vec!["--name", "Dupont"], "[|Dupont]"),
        (
            "2026-07-18",
            vec![
                "--name",
                "ignoré",
                "--first-name",
                "Marie Claire",
                "--last-name",
                "Dupont",
            ],
            "[Marie Claire|Dupont]",
        ),
        (
            "2026-07-25",
            vec!["--last-name", "de La Fontaine"],
            "[|de La Fontaine]",
        ),
    ] {
        let booking = book(&data, &unit, from, &who);
        let rendered = ok(
            &data,
            &["templates", "render", "confirmation", "--booking", &booking],
        );
        assert_eq!(rendered["body"], expected, "{who:?}");
    }
}

#[test]
fn t6_b2_templates_conditions_and_the_customer_reach_every_device() {
    let (_dir, server) = guichet_tests::sync_device::sqlite_server();
    let (_, a, b) = guichet_tests::sync_device::pair(&server);
    let unit = a.0.ok(&["units"])[0]["id"].as_str().unwrap().to_owned();
    let file = a.0.scratch().join("confirmation.txt");
    std::fs::write(
        &file,
        "Objet : Merci {ContactPrenom}\n\n{ContactTitre} {ContactNom}, {ContactAdresse}",
    )
    .unwrap();
    a.0.ok(&[
        "templates",
        "set",
        "confirmation",
        "--file",
        file.to_str().unwrap(),
    ]);
    a.0.ok(&[
        "settings",
        "--deposit-percent",
        "40",
        "--deposit-kind",
        "acompte",
        "--extra-info",
        "Taxe de séjour sur place.",
    ]);
    let booking = a.0.ok(&[
        "bookings",
        "create",
        "--unit",
        &unit,
        "--from",
        "2031-05-03",
        "--nights",
        "2",
        "--price",
        "300.00",
        "--name",
        "Marie Dupont",
        "--title",
        "Mme",
        "--address",
        "12 rue des Lilas\n24200 Sarlat",
        "--phone",
        "0612345678",
    ])["booking"]
        .as_str()
        .unwrap()
        .to_owned();
    a.sync();
    b.sync();
    let rendered =
        b.0.ok(&["templates", "render", "confirmation", "--booking", &booking]);
    assert_eq!(rendered["subject"], "Merci Marie");
    assert_eq!(
        rendered["body"],
        "Mme Dupont, 12 rue des Lilas, 24200 Sarlat"
    );
    let conditions = &b.0.ok(&["settings"])["conditions"];
    assert_eq!(
        (
            conditions["deposit_percent"].as_u64(),
            conditions["deposit_kind"].as_str()
        ),
        (Some(40), Some("acompte"))
    );
    assert_eq!(conditions["extra_info"], "Taxe de séjour sur place.");
    assert!(b.conflicts().is_empty(), "{:?}", b.conflicts());
}
