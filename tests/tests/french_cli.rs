//! The command line speaks French: its help (every command's `--help`, `-h` and
//! `guichet help …`), its usage errors and its messages, with no word of clap's
//! English and no operating system text; English only when asked (`--lang en`,
//! `GUICHET_LANG=en`), never because of the system's `LANG` (cli.md).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::{guichet, guichet_env, Run};

/// What clap or the system would print in English.
const ENGLISH: &[&str] = &[
    "Usage",
    "Options:",
    "Commands",
    "Arguments:",
    "Print help",
    "Print version",
    "Print this message",
    "[default",
    "[possible values",
    "Possible values",
    "[env:",
    "error:",
    "<COMMAND>",
    "For more information",
    "unexpected argument",
    "invalid value",
    "required",
    "os error",
    "No such file",
    "Permission denied",
    "invalid length",
    "invalid character",
    "ParseWeekdayError",
];

fn no_english(what: &str, text: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "{what}: {word:?} in:\n{text}");
    }
}

/// The subcommands listed under « Commandes : » in a help text.
fn listed_commands(help: &str) -> Vec<String> {
    let Some((_, after)) = help.split_once("Commandes :\n") else {
        return Vec::new();
    };
    after
        .lines()
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_command_s_help_is_french() {
    let top = guichet(&["help"]);
    assert_eq!(top.code, 0, "{}", top.stderr);
    assert!(
        top.stdout.contains("Utilisation : guichet"),
        "{}",
        top.stdout
    );
    assert!(top.stdout.contains("Commandes :"), "{}", top.stdout);
    assert!(top.stdout.contains("Affiche cette aide"), "{}", top.stdout);
    assert!(top.stdout.contains("Affiche la version"), "{}", top.stdout);
    no_english("guichet help", &top.stdout);
    // Walk the whole tree from what the help lists, as a user would.
    let mut todo: Vec<Vec<String>> = listed_commands(&top.stdout)
        .into_iter()
        .map(|name| vec![name])
        .collect();
    assert!(todo.len() > 20, "{todo:?}");
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        seen += 1;
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        for flag in ["--help", "-h"] {
            args.push(flag);
            let run = guichet(&args);
            args.pop();
            let what = format!("guichet {} {flag}", path.join(" "));
            assert_eq!(run.code, 0, "{what}: {}", run.stderr);
            assert!(
                run.stdout
                    .contains(&format!("Utilisation : guichet {}", path.join(" "))),
                "{what}:\n{}",
                run.stdout
            );
            assert!(run.stdout.contains("Options :"), "{what}:\n{}", run.stdout);
            assert!(run.stdout.contains("-h, --help"), "{what}:\n{}", run.stdout);
            no_english(&what, &run.stdout);
            if flag == "--help" {
                for sub in listed_commands(&run.stdout) {
                    let mut child = path.clone();
                    child.push(sub);
                    todo.push(child);
                }
            }
        }
        let mut help = vec!["help"];
        help.extend(path.iter().map(String::as_str));
        let run = guichet(&help);
        assert_eq!(run.code, 0, "guichet help {path:?}: {}", run.stderr);
        no_english(&format!("guichet help {path:?}"), &run.stdout);
    }
    assert!(seen > 45, "only {seen} commands walked");
}

#[test]
fn defaults_values_and_variables_are_said_in_french() {
    let run = guichet(&["quote", "--help"]);
    assert!(
        run.stdout
            .contains("(défaut : priority ; valeurs : priority, cheapest)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("--from <DATE>"), "{}", run.stdout);
    assert!(run.stdout.contains("--nights <NUITS>"), "{}", run.stdout);
    assert!(
        run.stdout.contains("variable GUICHET_DATA_DIR"),
        "{}",
        run.stdout
    );
}

/// Refused as bad input (exit 2), in French, with `words` and the help's place.
fn refused(args: &[&str], words: &[&str]) -> Run {
    let run = guichet(args);
    assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    assert!(
        run.stderr.starts_with("Erreur : "),
        "{args:?}: {}",
        run.stderr
    );
    for word in words {
        assert!(
            run.stderr.contains(word),
            "{args:?}: {word:?} not in {}",
            run.stderr
        );
    }
    no_english(&format!("{args:?}"), &run.stderr);
    run
}

#[test]
fn usage_errors_say_in_french_what_to_write() {
    let unit = "0190c6c2-5d7e-7000-8000-000000000001";
    // `quote` with a tariff file, then `extra`.
    let quote = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut args = vec!["quote", "--tariffs", "t.json"];
        args.extend_from_slice(extra);
        args
    };
    for (extra, words) in [
        (
            &["--from", "04/07/2026", "--nights", "2"][..],
            &[
                "--from :",
                "n'est pas une date",
                "écrivez-la AAAA-MM-JJ",
                "exemple : 2026-07-01",
                "Aide : « guichet quote --help »",
            ][..],
        ),
        (
            &["--from", "2026-07-04"],
            &["il manque --nights <NUITS>", "Utilisation : guichet quote"],
        ),
        (
            &["--from", "2026-07-04", "--nights", "2", "--mode", "cheap"],
            &[
                "--mode :",
                "« cheap » n'est pas une valeur possible",
                "priority, cheapest",
                "vouliez-vous dire « cheapest »",
            ],
        ),
        (
            &["--from", "2026-07-04", "--nights", "deux"],
            &["--nights :", "écrivez un entier positif (exemple : 7)"],
        ),
        (
            &["--from", "2026-07-04", "--nights", "-3"],
            &["« -3 »", "nombre positif", "--nights <NUITS>"],
        ),
    ] {
        refused(&quote(extra), words);
    }
    refused(
        &["quote", "--tariffs"],
        &["--tariffs :", "il manque sa valeur"],
    );
    refused(&["--frob"], &["option inconnue « --frob »"]);
    refused(
        &["quote", "--form", "x"],
        &["option inconnue « --form »", "vouliez-vous dire « --from »"],
    );
    refused(&["ventes"], &["commande inconnue « ventes »"]);
    refused(
        &["tickets", "isue"],
        &["commande inconnue « isue »", "vouliez-vous dire « issue »"],
    );
    refused(
        &["scan", "--session", "abc", "CODE"],
        &[
            "--session :",
            "n'est pas un identifiant",
            "Aide : « guichet scan --help »",
        ],
    );
    // `tariffs add` with a good unit and period, then `extra`.
    let tariffs_add = |extra: &[&'static str]| -> Vec<&str> {
        let mut args = vec![
            "tariffs",
            "add",
            "--unit",
            unit,
            "--from",
            "2026-07-01",
            "--until",
            "2026-08-01",
        ];
        args.extend_from_slice(extra);
        args
    };
    for (extra, words) in [
        (
            &["--price", "650", "--weekly", "saturday!"][..],
            &["--weekly :", "n'est pas un jour", "samedi"][..],
        ),
        (&["--price", "-650"], &["--price", "nombre positif"]),
        (
            &["--price", "6,50"],
            &["--price :", "n'est pas un montant", "1100.00"],
        ),
        (
            &["--price", "650", "--weekly", "sat", "--nights", "7"],
            &["--weekly ne va pas avec --nights", "gardez l'un des deux"],
        ),
    ] {
        refused(&tariffs_add(extra), words);
    }
    refused(
        &["units", "add", "--name", "Gîte", "--capacity", "beaucoup"],
        &["--capacity :", "n'est pas une quantité"],
    );
    refused(
        &["--lang", "de", "units"],
        &["--lang :", "écrivez fr (français) ou en (anglais)"],
    );
    // A missing command shows the help, then says what is missing.
    let run = guichet(&["tickets"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("il manque la commande après « guichet tickets »"),
        "{}",
        run.stderr
    );
    no_english("guichet tickets", &run.stderr);
    // `guichet help` of a command that does not exist.
    let run = guichet(&["help", "ventes"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("commande inconnue « ventes »"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_french_day_name_is_read_too() {
    let data = guichet_tests::DataDir::new();
    let unit = data.ok(&["units", "add", "--name", "Gîte", "--capacity", "4"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let added = data.run(&[
        "tariffs",
        "add",
        "--unit",
        &unit,
        "--from",
        "2026-07-04",
        "--until",
        "2026-07-18",
        "--price",
        "650.00",
        "--weekly",
        "samedi",
    ]);
    assert_eq!(added.code, 0, "{}", added.stderr);
    let quote = data.ok(&[
        "price",
        "--unit",
        &unit,
        "--from",
        "2026-07-04",
        "--nights",
        "7",
    ]);
    assert_eq!(quote["total"], "650.00", "{quote}");
}

#[test]
fn no_operating_system_text_leaks() {
    let missing = "/nonexistent/guichet/tarifs.json";
    let run = guichet(&[
        "quote",
        "--tariffs",
        missing,
        "--from",
        "2026-07-04",
        "--nights",
        "2",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("(introuvable)"), "{}", run.stderr);
    no_english("quote --tariffs missing", &run.stderr);
    let run = guichet(&["decode", "/nonexistent/photo.png"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("fichier illisible (introuvable)"),
        "{}",
        run.stdout
    );
    no_english("decode missing", &run.stdout);
    let run = guichet(&["decode", "--json", "/nonexistent/photo.png"]);
    assert!(run.stdout.contains("introuvable"), "{}", run.stdout);
    no_english("decode --json missing", &run.stdout);
    let dir = tempfile::tempdir().unwrap();
    let not_image = dir.path().join("texte.png");
    std::fs::write(&not_image, "bonjour").unwrap();
    let run = guichet(&["decode", not_image.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("ce n'est pas une image"),
        "{}",
        run.stdout
    );
    no_english("decode text", &run.stdout);
    let run = guichet(&["--data-dir", "/proc/guichet/nope", "units"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("Erreur : le dossier de données"),
        "{}",
        run.stderr
    );
    no_english("data dir in /proc", &run.stderr);
    let run = guichet_env(
        &[
            "--data-dir",
            dir.path().to_str().unwrap(),
            "backup",
            "/nonexistent/dir/sauvegarde.bin",
            "--passphrase-file",
            "/nonexistent/mdp",
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("(introuvable)"), "{}", run.stderr);
    no_english("backup passphrase file missing", &run.stderr);
}

#[test]
fn english_when_asked_and_only_then() {
    // The system's language does not change it (cli.md).
    let run = guichet_env(
        &["quote", "--help"],
        &[("LANG", "en_US.UTF-8"), ("LC_ALL", "en_US.UTF-8")],
    );
    assert!(
        run.stdout.contains("Utilisation : guichet quote"),
        "{}",
        run.stdout
    );
    for asked in [
        guichet(&["--lang", "en", "quote", "--help"]),
        guichet(&["quote", "--help", "--lang=en"]),
        guichet_env(&["quote", "--help"], &[("GUICHET_LANG", "en")]),
    ] {
        assert_eq!(asked.code, 0, "{}", asked.stderr);
        assert!(
            asked.stdout.contains("Usage: guichet quote"),
            "{}",
            asked.stdout
        );
        assert!(
            asked.stdout.contains("Price of a stay from a tariff file"),
            "{}",
            asked.stdout
        );
        assert!(
            asked.stdout.contains("Arrival date, YYYY-MM-DD"),
            "{}",
            asked.stdout
        );
        assert!(
            asked
                .stdout
                .contains("(default: priority; possible values: priority, cheapest)"),
            "{}",
            asked.stdout
        );
        assert!(!asked.stdout.contains("Date d'arrivée"), "{}", asked.stdout);
    }
    let run = guichet(&[
        "--lang",
        "en",
        "quote",
        "--tariffs",
        "t.json",
        "--from",
        "04/07/2026",
        "--nights",
        "2",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("Error: --from: '04/07/2026' is not a date: write it YYYY-MM-DD"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Help: 'guichet quote --help'"),
        "{}",
        run.stderr
    );
    let run = guichet(&["--lang", "en", "tickets", "isue"]);
    assert!(
        run.stderr
            .contains("unknown command 'isue'; did you mean 'issue'?"),
        "{}",
        run.stderr
    );
}
