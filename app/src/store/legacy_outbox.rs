//! The outbox of the first releases (`kind` + the serde form of a domain struct)
//! converted into typed operations, once, when a database reaches version 5. Nothing
//! had been pushed then (there was no sync server), so the rows are numbered afresh.
//! What belonged to the device alone (its name, its scanner calibration) is dropped
//! from the outbox: it now lives in device-local tables. A row that cannot be
//! converted is kept as it was (version 0) and reported as unreadable: it never
//! blocks the others.

use std::collections::HashSet;

use guichet_core::sync::Op;
use rusqlite::Transaction;
use serde_json::{json, Value};

/// One row of the first outbox.
struct Legacy {
    id: String,
    kind: String,
    payload: String,
    created_at: String,
}

/// What a legacy row becomes.
enum Converted {
    Op(Box<Op>),
    /// Device-local, or already stated by another operation.
    Dropped,
    Unreadable,
}

/// Converts every version-0 row of the outbox.
pub(super) fn upgrade(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let rows: Vec<Legacy> = {
        let mut statement = tx.prepare(
            "SELECT id, kind, payload, created_at FROM outbox_ops WHERE v = 0 ORDER BY seq",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(Legacy {
                id: r.get(0)?,
                kind: r.get(1)?,
                payload: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if rows.is_empty() {
        return Ok(());
    }
    let device: Option<String> = tx.query_row("SELECT id FROM device", [], |r| r.get(0))?;
    tx.execute("DELETE FROM outbox_ops WHERE v = 0", [])?;
    let mut seen = HashSet::new();
    let mut seq = 0i64;
    for row in rows {
        let (v, kind, payload) = match convert(&row, &mut seen) {
            Converted::Op(op) => match serde_json::to_string(&op) {
                Ok(payload) => (1, op.kind().to_owned(), payload),
                Err(_) => (0, row.kind.clone(), row.payload.clone()),
            },
            Converted::Dropped => continue,
            Converted::Unreadable => (0, row.kind.clone(), row.payload.clone()),
        };
        seq += 1;
        tx.execute(
            "INSERT INTO outbox_ops (device_id, seq, id, v, kind, payload, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (&device, seq, &row.id, v, kind, payload, &row.created_at),
        )?;
    }
    Ok(())
}

fn convert(row: &Legacy, seen: &mut HashSet<String>) -> Converted {
    let Ok(p) = serde_json::from_str::<Value>(&row.payload) else {
        return Converted::Unreadable;
    };
    let first = |id: &Value, seen: &mut HashSet<String>| seen.insert(id.to_string());
    let op = match row.kind.as_str() {
        "unit_saved" if first(&p["id"], seen) => json!({"kind": "unit_added", "data": {
            "id": p["id"], "name": p["name"], "capacity": p["capacity"], "position": p["position"]}}),
        "unit_saved" => return Converted::Dropped,
        "tariffs_set" => {
            json!({"kind": "tariffs_set", "data": {"unit": p["unit"], "tariffs": p["tariffs"]}})
        }
        "tariffs_removed" => json!({"kind": "tariffs_removed", "data": {
            "unit": p["unit"], "from": p["from"], "until": p["until"]}}),
        "hold_saved" => match p["state"].as_str() {
            Some("active") if first(&p["id"], seen) => json!({"kind": "hold_placed", "data": {
                "id": p["id"], "unit": p["unit"], "start": p["stay"]["start"],
                "nights": p["stay"]["nights"], "guest": p["contact"], "total": p["total"],
                "expires_at": p["expires_at"]}}),
            Some("active") => json!({"kind": "hold_extended", "data": {
                "id": p["id"], "expires_at": p["expires_at"]}}),
            Some("released") => json!({"kind": "hold_released", "data": {
                "id": p["id"], "reason": "released"}}),
            // Booked: the booking's own operation says so.
            Some("booked") => return Converted::Dropped,
            _ => return Converted::Unreadable,
        },
        "booking_saved" => {
            let b = &p["booking"];
            match b["status"].as_str() {
                Some("confirmed") => json!({"kind": "booking_made", "data": {
                    "id": b["id"], "unit": b["unit"], "start": b["stay"]["start"],
                    "nights": b["stay"]["nights"], "guest": b["guest"], "total": b["total"],
                    "hold": p["hold"]}}),
                Some("cancelled") => json!({"kind": "booking_cancelled", "data": {"id": b["id"]}}),
                _ => return Converted::Unreadable,
            }
        }
        "setting_set" => match p["key"].as_str() {
            Some("provider_name") => {
                json!({"kind": "settings_edited", "data": {"provider_name": p["value"]}})
            }
            Some("pricing_mode") => {
                json!({"kind": "settings_edited", "data": {"pricing_mode": p["value"]}})
            }
            Some("scanner_calibration") => return Converted::Dropped,
            _ => return Converted::Unreadable,
        },
        "device_renamed" => return Converted::Dropped,
        "organizer_saved" => json!({"kind": "organizer_added", "data": {
            "id": p["id"], "name": p["name"], "rank": p["rank"]}}),
        "event_saved" => json!({"kind": "event_added", "data": {"id": p["id"], "name": p["name"]}}),
        "session_saved" => json!({"kind": "session_added", "data": {
            "id": p["session"]["id"], "event": p["event"], "starts_at": p["session"]["starts_at"],
            "capacity": p["session"]["capacity"]}}),
        "ticket_product_saved" => {
            let product = &p["product"];
            json!({"kind": "ticket_product_added", "data": {
                "id": product["id"], "event": p["event"], "name": product["name"],
                "theme": product["theme"], "organizer": product["organizer"]["id"],
                "position": product["position"], "price": product["price"]}})
        }
        "ticket_booking_saved" => {
            let b = &p["booking"];
            match b["status"].as_str() {
                Some("confirmed") => {
                    let ids = p["tickets"].as_array().cloned().unwrap_or_default();
                    let codes = p["codes"].as_array().cloned().unwrap_or_default();
                    let tickets: Vec<Value> = (1..)
                        .zip(ids.iter().zip(&codes))
                        .map(|(n, (id, code))| json!({"id": id, "number": n, "code": code, "kind": "ticket"}))
                        .collect();
                    json!({"kind": "ticket_booking_made", "data": {
                        "id": b["id"], "session": b["session"], "product": b["product"],
                        "quantity": b["quantity"], "holder": b["holder"], "total": b["total"],
                        "replaces": b["replaces"], "moved": [], "tickets": tickets}})
                }
                Some("cancelled") => {
                    json!({"kind": "ticket_booking_cancelled", "data": {"id": b["id"]}})
                }
                _ => return Converted::Unreadable,
            }
        }
        "scan_recorded" => {
            let clip = |v: &Value| v.as_str().map(|s| s.chars().take(200).collect::<String>());
            json!({"kind": "ticket_scanned", "data": {
                "id": p["id"], "session": p["session"], "device_name": clip(&p["device_name"]),
                "at": p["at"], "input": clip(&p["input"]), "source": clip(&p["source"]),
                "code": p["code"], "ticket": p["ticket"], "verdict": p["verdict"]}})
        }
        _ => return Converted::Unreadable,
    };
    match serde_json::from_value::<Op>(op) {
        Ok(op) => Converted::Op(Box::new(op)),
        Err(_) => Converted::Unreadable,
    }
}
