//! `guichet payouts import|reconcile`: the payment service's transactions imported,
//! a payout statement matched to them (rule O3), from outside, on a real data dir.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::DataDir;
use serde_json::json;

const EXPORT: &str = "\u{feff}Référence;Date;Montant;Client\r\n\
    T1;21/11/2026 09:12;100,00;Durand\r\n\
    T2;27/11/2026 18:40;25,00;Martin\r\n\
    T3;28/11/2026;19,75;Petit\r\n\
    T4;29/11/2026;50,00;Roux\r\n";

const STATEMENT: &str = "payout;date_virement;transaction;date_transaction;montant;frais;net\n\
    PAYOUT-2026120200001;02/12/2026;T1;21/11/2026;100,00;2,00;98,00\n\
    PAYOUT-2026120200001;02/12/2026;T2;27/11/2026;25,00;0,70;24,30\n\
    PAYOUT-2026120900001;09/12/2026;T3;28/11/2026;19,75;0,56;19,19\n\
    PAYOUT-2026120900001;09/12/2026;T9;30/11/2026;10,00;0,38;9,62\n";

fn write(data: &DataDir, name: &str, text: &str) -> String {
    let path = data.scratch().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn o3_import_then_reconcile_lists_every_payout_with_its_differences() {
    let data = DataDir::new();
    let export = write(&data, "operations.csv", EXPORT);
    let import = data.ok(&["payouts", "import", &export]);
    assert_eq!(
        import,
        json!({"file": export, "read": 4, "added": 4, "updated": 0, "unchanged": 0})
    );
    let statement = write(&data, "virements.csv", STATEMENT);
    let run = data.run(&["payouts", "reconcile", &statement]);
    assert_eq!(
        run.code, 0,
        "differences are listed, not an error: {}",
        run.stderr
    );
    let report = run.json();
    assert_eq!(report["matched"], false);
    let payouts = report["payouts"].as_array().unwrap();
    assert_eq!(payouts.len(), 2);
    let first = &payouts[0];
    assert_eq!(first["reference"], "PAYOUT-2026120200001");
    assert_eq!(first["date"], "2026-12-02");
    assert_eq!(first["expected_date"], "2026-12-02");
    assert_eq!(first["expected_net"], "122.35");
    assert_eq!(first["paid_net"], "122.30");
    assert_eq!(first["difference"], "-0.05");
    assert_eq!(first["transactions"][0]["matched"], true);
    assert_eq!(first["transactions"][0]["expected_net"], "98.00");
    assert_eq!(
        first["differences"],
        json!([{
            "kind": "fee_differs",
            "line": 3,
            "transaction": "T2",
            "expected": "0.65",
            "actual": "0.70",
            "message": "ligne 3 : frais de 0,70 € sur la transaction T2 au lieu de 0,65 € (1,8 % + 0,20 €, règle O5)"
        }])
    );
    let second = &payouts[1];
    assert_eq!(second["differences"][0]["kind"], "unknown_transaction");
    assert_eq!(second["differences"][0]["line"], 5);
    assert_eq!(second["transactions"][1]["known"], false);
    // T4 (29/11) was due on 09/12 and is in no payout.
    assert_eq!(report["not_paid_out"][0]["transaction"], "T4");
    assert_eq!(
        report["not_paid_out"][0]["expected_payout_date"],
        "2026-12-09"
    );
    assert_eq!(report["not_paid_out"][0]["expected_net"], "48.90");
    assert_eq!(report["difference_count"], 3);

    // For people, in French.
    let text = data.run_text(&["payouts", "reconcile", &statement], &[]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .contains("PAYOUT-2026120200001 du 02/12/2026 — 2 transactions — net versé 122,30 €, attendu 122,35 €, écart -0,05 €"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("3 écarts à vérifier."),
        "{}",
        text.stdout
    );

    // The same export again changes nothing; a corrected amount is updated.
    let again = data.ok(&["payouts", "import", &export]);
    assert_eq!(
        (again["added"].clone(), again["unchanged"].clone()),
        (json!(0), json!(4))
    );
    let fixed = write(
        &data,
        "correction.csv",
        "transaction,date,montant\nT2,2026-11-27,\"26,00\"\n",
    );
    assert_eq!(data.ok(&["payouts", "import", &fixed])["updated"], 1);
}

#[test]
fn o3_a_statement_that_matches_says_so() {
    let data = DataDir::new();
    let export = write(&data, "operations.csv", EXPORT);
    data.ok(&["payouts", "import", &export]);
    let statement = write(
        &data,
        "virements.csv",
        "Payout,Date virement,Transaction,Date transaction,Montant,Frais,Net\n\
         PAYOUT-1,2026-12-02,T1,2026-11-21,100.00,2.00,98.00\n\
         PAYOUT-1,2026-12-02,T2,2026-11-27,25.00,0.65,24.35\n\
         PAYOUT-2,2026-12-09,T3,2026-11-28,19.75,0.56,19.19\n\
         PAYOUT-2,2026-12-09,T4,2026-11-29,50.00,1.10,48.90\n",
    );
    let report = data.ok(&["payouts", "reconcile", &statement]);
    assert_eq!(report["matched"], true, "{report:#}");
    assert_eq!(report["difference_count"], 0);
    assert_eq!(report["payouts"][1]["paid_net"], "68.09");
    let text = data.run_text(&["payouts", "reconcile", &statement], &[]);
    assert!(text.stdout.ends_with("Tout concorde.\n"), "{}", text.stdout);
}

#[test]
fn o3_a_malformed_or_unreadable_file_is_refused_with_exit_2_and_nothing_stored() {
    let data = DataDir::new();
    let bad = write(
        &data,
        "operations.csv",
        "transaction;date;montant\nT1;21/11/2026;100,00\nT2;21/11/2026;12,345\n",
    );
    let run = data.run(&["payouts", "import", &bad]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("ligne 3, colonne « montant » : « 12,345 » n'est pas un montant"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("rien n'a été enregistré"),
        "{}",
        run.stderr
    );
    let good = write(&data, "vide.csv", "transaction;date;montant\n");
    assert_eq!(data.ok(&["payouts", "import", &good])["read"], 0);
    let db = rusqlite::Connection::open(data.file("guichet.db")).unwrap();
    let count: i64 = db
        .query_row("SELECT COUNT(*) FROM online_transactions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0, "a malformed export stored something");

    let missing = data.scratch().join("absent.csv").display().to_string();
    let run = data.run(&["payouts", "reconcile", &missing]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("introuvable"), "{}", run.stderr);
    let latin1 = data.scratch().join("latin1.csv");
    std::fs::write(
        &latin1,
        b"payout;date_virement;transaction;date_transaction;montant;frais;net\nPAYOUT-1;02/12/2026;R\xe9f;21/11/2026;1,00;0,22;0,78\n",
    )
    .unwrap();
    let run = data.run(&["payouts", "reconcile", &latin1.display().to_string()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("ligne 2 : le fichier n'est pas en UTF-8"),
        "{}",
        run.stderr
    );
}
