//! What the paperwork tests (`contract_cli`, `templates_cli`, `invoices_cli`) start from: a provider
//! with one gîte, on a pinned day.

use serde_json::Value;

use crate::DataDir;

/// The day the paperwork tests run on.
pub const NOW: &str = "2026-03-01T10:00:00Z";

/// `guichet --json ARGS…` on `data` at [`NOW`], which must succeed; its JSON.
pub fn ok(data: &DataDir, args: &[&str]) -> Value {
    data.ok_at(args, NOW)
}

/// A data dir of « Les Gîtes du Vallon » with one gîte for 4 priced 100 € a night in
/// July and August; the gîte's id.
pub fn gite() -> (DataDir, String) {
    let data = DataDir::new();
    ok(
        &data,
        &[
            "units",
            "add",
            "--name",
            "Gîte des Lilas",
            "--capacity",
            "4",
        ],
    );
    let unit = ok(&data, &["units"])[0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no unit"))
        .to_owned();
    ok(
        &data,
        &[
            "tariffs",
            "add",
            "--unit",
            &unit,
            "--from",
            "2026-07-01",
            "--until",
            "2026-08-31",
            "--price",
            "100.00",
        ],
    );
    ok(
        &data,
        &["settings", "--provider-name", "Les Gîtes du Vallon"],
    );
    (data, unit)
}

/// A week's booking of `unit` from `from` at `now` (7 nights, 1 100 €, the customer's
/// e-mail marie@exemple.fr) named by `who` (`--name …` or `--first-name … --last-name …`);
/// its id.
pub fn book_week_at(data: &DataDir, now: &str, unit: &str, from: &str, who: &[&str]) -> String {
    let mut args = vec![
        "bookings",
        "create",
        "--unit",
        unit,
        "--from",
        from,
        "--nights",
        "7",
        "--price",
        "1100.00",
        "--email",
        "marie@exemple.fr",
    ];
    args.extend_from_slice(who);
    data.ok_at(&args, now)["booking"]
        .as_str()
        .unwrap_or_else(|| panic!("no booking id"))
        .to_owned()
}

/// `guichet bookings pay BOOKING --amount AMOUNT --method METHOD --date 2026-03-01`
/// (a refund: a negative amount); the booking file.
pub fn pay(data: &DataDir, booking: &str, amount: &str, method: &str) -> Value {
    ok(
        data,
        &[
            "bookings",
            "pay",
            booking,
            "--amount",
            amount,
            "--method",
            method,
            "--date",
            "2026-03-01",
        ],
    )
}
