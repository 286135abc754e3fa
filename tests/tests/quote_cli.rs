//! `guichet quote`, stateless, checked from outside as cli.md fixes it (P1–P5).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::guichet;
use serde_json::{json, Value};

fn tariffs_file(dir: &tempfile::TempDir, tariffs: &Value) -> String {
    let path = dir.path().join("tarifs.json");
    std::fs::write(&path, tariffs.to_string()).unwrap();
    path.display().to_string()
}

fn quote(file: &str, from: &str, nights: &str, mode: Option<&str>) -> Value {
    let mut args = vec![
        "quote",
        "--tariffs",
        file,
        "--from",
        from,
        "--nights",
        nights,
        "--json",
    ];
    if let Some(mode) = mode {
        args.extend(["--mode", mode]);
    }
    let run = guichet(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

/// One- and two-night tariffs on every day of July.
fn ones_and_twos() -> Value {
    let mut tariffs = Vec::new();
    for day in 1..=30 {
        tariffs.push(json!({"start": format!("2026-07-{day:02}"), "nights": 1, "price": "100.00"}));
        tariffs.push(json!({"start": format!("2026-07-{day:02}"), "nights": 2, "price": 150}));
    }
    Value::Array(tariffs)
}

#[test]
fn p2_quote_follows_the_faq_example_in_priority_mode() {
    let dir = tempfile::tempdir().unwrap();
    let file = tariffs_file(&dir, &ones_and_twos());
    let answer = quote(&file, "2026-07-10", "4", None);
    assert_eq!(answer["available"], true);
    assert_eq!(answer["total"], "400.00");
    let parts = answer["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 4);
    assert_eq!(
        parts[0],
        json!({"start": "2026-07-10", "nights": 1, "price": "100.00"})
    );
    assert_eq!(parts[3]["start"], "2026-07-13");
}

#[test]
fn p3_quote_in_cheapest_mode_takes_the_cheapest_chain() {
    let dir = tempfile::tempdir().unwrap();
    let file = tariffs_file(&dir, &ones_and_twos());
    let answer = quote(&file, "2026-07-10", "5", Some("cheapest"));
    assert_eq!(answer["total"], "400.00");
    let lengths: Vec<u64> = answer["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["nights"].as_u64().unwrap())
        .collect();
    assert_eq!(
        lengths,
        [2, 2, 1],
        "ties: fewest tariffs, then longest first"
    );
}

#[test]
fn p4_quote_straddles_two_weekly_periods() {
    let dir = tempfile::tempdir().unwrap();
    let file = tariffs_file(
        &dir,
        &json!([{"start": "2026-07-04", "nights": 7, "price": "500"}, {"start": "2026-07-11", "nights": 7, "price": "600"}]),
    );
    let answer = quote(&file, "2026-07-04", "14", None);
    assert_eq!(
        answer,
        json!({"available": true, "total": "1100.00", "parts": [
        {"start": "2026-07-04", "nights": 7, "price": "500.00"},
        {"start": "2026-07-11", "nights": 7, "price": "600.00"}]})
    );
}

#[test]
fn p1_quote_of_an_uncovered_stay_is_unavailable_with_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let file = tariffs_file(
        &dir,
        &json!([{"start": "2026-07-04", "nights": 7, "price": "500"}]),
    );
    assert_eq!(
        quote(&file, "2026-07-05", "3", None),
        json!({"available": false})
    );
    assert_eq!(
        quote(&file, "2026-07-04", "6", Some("cheapest")),
        json!({"available": false})
    );
    let empty = tariffs_file(&dir, &json!([]));
    assert_eq!(
        quote(&empty, "2026-07-04", "1", None),
        json!({"available": false})
    );
}

#[test]
fn quote_prints_french_for_people() {
    let dir = tempfile::tempdir().unwrap();
    let file = tariffs_file(
        &dir,
        &json!([{"start": "2026-07-04", "nights": 7, "price": "500"}, {"start": "2026-07-11", "nights": 7, "price": "600"}]),
    );
    let run = guichet(&[
        "quote",
        "--tariffs",
        &file,
        "--from",
        "2026-07-04",
        "--nights",
        "14",
    ]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("04/07/2026") && run.stdout.contains("1 100,00 €"),
        "{}",
        run.stdout
    );
}

#[test]
fn quote_refuses_bad_input_with_exit_2_and_names_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let good = tariffs_file(
        &dir,
        &json!([{"start": "2026-07-04", "nights": 7, "price": "500"}]),
    );
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "--tariffs".into(),
                dir.path().join("absent.json").display().to_string(),
            ],
            "absent.json",
        ),
        (
            vec!["--tariffs".into(), write("broken.json", "[{\"start\": ")],
            "broken.json",
        ),
        (
            vec![
                "--tariffs".into(),
                write("obj.json", "{\"start\": \"2026-07-04\"}"),
            ],
            "liste de tarifs",
        ),
        (
            vec![
                "--tariffs".into(),
                write(
                    "zero.json",
                    r#"[{"start":"2026-07-04","nights":0,"price":"1"}]"#,
                ),
            ],
            "au moins une nuit",
        ),
        (
            vec![
                "--tariffs".into(),
                write(
                    "neg.json",
                    r#"[{"start":"2026-07-04","nights":1,"price":"-5"}]"#,
                ),
            ],
            "négatif",
        ),
        (
            vec![
                "--tariffs".into(),
                write(
                    "cents.json",
                    r#"[{"start":"2026-07-04","nights":1,"price":"5.555"}]"#,
                ),
            ],
            "décimales",
        ),
        (
            vec![
                "--tariffs".into(),
                write(
                    "date.json",
                    r#"[{"start":"04/07/2026","nights":1,"price":"5"}]"#,
                ),
            ],
            "ligne 1",
        ),
        (
            vec![
                "--tariffs".into(),
                write(
                    "dup.json",
                    r#"[{"start":"2026-07-04","nights":1,"price":"5"},{"start":"2026-07-04","nights":1,"price":"6"}]"#,
                ),
            ],
            "deux tarifs",
        ),
        (
            vec![
                "--tariffs".into(),
                write("bin.json", "\u{0}\u{1}\u{2}garbage"),
            ],
            "bin.json",
        ),
    ];
    for (mut args, expected) in cases {
        args.splice(0..0, ["quote".to_owned()]);
        args.extend(["--from", "2026-07-04", "--nights", "1"].map(str::to_owned));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = guichet(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
    for (args, expected) in [
        (vec!["--from", "2026-02-30", "--nights", "1"], "--from"),
        (
            vec!["--from", "2026-07-04", "--nights", "0"],
            "au moins une nuit",
        ),
        (vec!["--from", "2026-07-04", "--nights", "-3"], "--nights"),
        (
            vec!["--from", "2026-07-04", "--nights", "99999999999"],
            "--nights",
        ),
        (
            vec!["--from", "+262142-12-30", "--nights", "4000000000"],
            "AAAA-MM-JJ",
        ),
        (
            vec!["--from", "2026-07-04", "--nights", "1", "--mode", "cheap"],
            "--mode",
        ),
        (vec!["--from", "2026-07-04"], "--nights"),
    ] {
        let mut all = vec!["quote", "--tariffs", &good];
        all.extend(args.iter());
        let run = guichet(&all);
        assert_eq!(run.code, 2, "{all:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{all:?}: {}", run.stderr);
    }
}

#[test]
fn p5_quote_prices_a_stay_of_any_length() {
    let dir = tempfile::tempdir().unwrap();
    let first: chrono::NaiveDate = "2026-01-01".parse().unwrap();
    let tariffs: Vec<Value> = first
        .iter_days()
        .take(1000)
        .map(|day| json!({"start": day.to_string(), "nights": 1, "price": "10.01"}))
        .collect();
    let file = tariffs_file(&dir, &Value::Array(tariffs));
    for mode in ["priority", "cheapest"] {
        let answer = quote(&file, "2026-01-01", "1000", Some(mode));
        assert_eq!(answer["total"], "10010.00");
    }
}
