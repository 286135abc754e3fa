//! The invariants after a run (issue 7, item 7): every operation applied exactly once;
//! every device equal to the others and to the server's log; at most one admission per
//! ticket, every other admission of it a `duplicate_scan` conflict; no two live
//! bookings overlapping; every outbox drained; each gift voucher's ledger exactly the
//! events the tills made, every use after the first a `voucher_overdraw`
//! ([`super::vouchers::check`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use guichet_sync::sql::{Database, Value};
use uuid::Uuid;

use super::scenario::RunReport;

fn fail(seed: u64, what: impl std::fmt::Display) -> String {
    format!("graine {seed} : {what}")
}

/// Rows of a query as text, for comparisons.
fn rows(conn: &rusqlite::Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare(sql)?;
    let columns = statement.column_count();
    let found = statement.query_map([], |row| {
        let mut line = Vec::with_capacity(columns);
        for i in 0..columns {
            line.push(match row.get_ref(i)? {
                rusqlite::types::ValueRef::Null => "∅".to_owned(),
                rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                other => format!("{other:?}"),
            });
        }
        Ok(line.join("|"))
    })?;
    found.collect()
}

/// What must be equal on every device of a provider.
const STATE: &[(&str, &str)] = &[
    ("units", "SELECT id, name, capacity, position FROM units ORDER BY id"),
    (
        "bookings",
        "SELECT id, unit_id, start, nights, guest_name, total FROM bookings WHERE status = 'confirmed' ORDER BY id",
    ),
    ("sessions", "SELECT id, capacity, admitted FROM sessions ORDER BY id"),
    ("ticket_bookings", "SELECT id, status, quantity FROM ticket_bookings ORDER BY id"),
    ("tickets", "SELECT id, booking_id, code, cancelled FROM tickets ORDER BY id"),
    ("scans", "SELECT id, code, verdict FROM scans ORDER BY id"),
    ("settings", "SELECT key, value FROM settings ORDER BY key"),
    ("conflicts", "SELECT id, kind, COALESCE(settled_how, '') FROM conflicts ORDER BY id"),
    ("products", "SELECT id, name, price, active FROM products ORDER BY id"),
    ("vouchers", "SELECT id, code, amount, valid_until FROM vouchers ORDER BY id"),
    (
        "voucher_events",
        "SELECT id, code, kind, amount, forfeited, unconfirmed, at FROM voucher_events ORDER BY id",
    ),
    ("sales", "SELECT id, number, device_id, total, change FROM sales ORDER BY id"),
    (
        "sale_payments",
        "SELECT id, sale_id, method, amount, COALESCE(voucher_code, '') FROM sale_payments ORDER BY id",
    ),
];

/// Checks every invariant; fills the report's counts.
pub fn all<D: Database>(
    server: &D,
    provider: Uuid,
    devices: &[PathBuf],
    vouchers: &super::vouchers::Vouchers,
    seed: u64,
    report: &mut RunReport,
) -> Result<(), String> {
    let p = Value::from(provider);
    let ops = server
        .transaction(&mut |sql| {
            Ok(sql.query(
                "SELECT id, seq, device, device_seq, status, conflict, envelope FROM ops WHERE provider = $1",
                std::slice::from_ref(&p),
            )?)
        })
        .map_err(|e| fail(seed, e))?;
    let head = ops
        .iter()
        .filter(|r| r.opt_int(1).ok().flatten().is_some())
        .count();
    report.operations = head as u64;

    // Exactly once: each device's numbers 1..n with no gap and no repeat on the server.
    let mut per_device: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut server_ids = BTreeSet::new();
    let mut admitting: BTreeMap<String, u64> = BTreeMap::new();
    let mut voucher_ops = Vec::new();
    let mut duplicates: BTreeMap<String, u64> = BTreeMap::new();
    for op in &ops {
        let text = |i| op.text(i).map_err(|e| fail(seed, e));
        per_device
            .entry(text(2)?)
            .or_default()
            .push(op.int(3).map_err(|e| fail(seed, e))?);
        if !server_ids.insert(text(0)?) {
            return Err(fail(seed, "une opération enregistrée deux fois"));
        }
        if let Some(conflict) = op.opt_text(5).map_err(|e| fail(seed, e))? {
            let fact: serde_json::Value =
                serde_json::from_str(&conflict).map_err(|e| fail(seed, e))?;
            let kind = fact["kind"].as_str().unwrap_or("?").to_owned();
            *report.conflicts.entry(kind.clone()).or_default() += 1;
            if kind == "duplicate_scan" {
                let key = format!("{}|{}", fact["code"], fact["session"]);
                *duplicates.entry(key).or_default() += 1;
            }
        }
        let envelope: serde_json::Value =
            serde_json::from_str(&text(6)?).map_err(|e| fail(seed, e))?;
        if envelope["op"]["kind"]
            .as_str()
            .is_some_and(|k| k.starts_with("voucher_"))
        {
            let conflict = match op.opt_text(5).map_err(|e| fail(seed, e))? {
                Some(c) => Some(serde_json::from_str(&c).map_err(|e| fail(seed, e))?),
                None => None,
            };
            voucher_ops.push((
                envelope.clone(),
                op.opt_int(1).map_err(|e| fail(seed, e))?,
                conflict,
            ));
        }
        let data = &envelope["op"]["data"];
        if envelope["op"]["kind"] == "ticket_scanned"
            && matches!(
                data["verdict"].as_str(),
                Some("admitted" | "unknown_genuine")
            )
        {
            let key = format!("{}|{}", data["code"], data["session"]);
            *admitting.entry(key).or_default() += 1;
        }
    }
    for (device, mut seqs) in per_device {
        seqs.sort_unstable();
        if seqs.iter().zip(1i64..).any(|(s, n)| *s != n) {
            return Err(fail(
                seed,
                format!("numérotation du poste {device} trouée ou doublée : {seqs:?}"),
            ));
        }
    }
    // Every other admission of a ticket, made elsewhere before the devices synced, is
    // a duplicate_scan conflict.
    for (ticket, count) in &admitting {
        let dup = duplicates.get(ticket).copied().unwrap_or(0);
        if dup != count - 1 {
            return Err(fail(
                seed,
                format!("billet {ticket} : {count} admissions, {dup} conflits duplicate_scan"),
            ));
        }
    }

    let mut first_state: Option<(usize, Vec<Vec<String>>)> = None;
    let mut all_made = BTreeSet::new();
    for (n, path) in devices.iter().enumerate() {
        let conn =
            rusqlite::Connection::open(path.join("guichet.db")).map_err(|e| fail(seed, e))?;
        let q = |sql: &str| rows(&conn, sql).map_err(|e| fail(seed, format!("poste {n} : {e}")));
        // Outbox drained.
        let pending = q("SELECT id FROM outbox_ops WHERE pushed_at IS NULL")?;
        if !pending.is_empty() {
            return Err(fail(
                seed,
                format!(
                    "poste {n} : {} opération(s) jamais envoyée(s)",
                    pending.len()
                ),
            ));
        }
        let made: BTreeSet<String> = q("SELECT id FROM outbox_ops")?.into_iter().collect();
        all_made.extend(made.iter().cloned());
        // Equal to the server: at its head, and holding every operation of its log.
        let cursor = q("SELECT cursor FROM sync_state")?;
        if cursor != [head.to_string()] {
            return Err(fail(
                seed,
                format!("poste {n} : curseur {cursor:?}, serveur {head}"),
            ));
        }
        let applied: BTreeSet<String> = q("SELECT id FROM applied_ops")?.into_iter().collect();
        let held: BTreeSet<&String> = applied.iter().chain(made.iter()).collect();
        // Rejected operations are listed to every device but applied by none.
        let logged: Vec<&String> = ops
            .iter()
            .filter(|r| r.opt_int(1).ok().flatten().is_some())
            .filter(|r| r.text(4).is_ok_and(|s| s != "rejected"))
            .filter_map(|r| match r.0.first() {
                Some(Value::Text(id)) => Some(id),
                _ => None,
            })
            .collect();
        if let Some(missing) = logged.iter().find(|id| !held.contains(*id)) {
            return Err(fail(
                seed,
                format!("poste {n} : l'opération {missing} du serveur manque"),
            ));
        }
        if let Some(extra) = applied.iter().find(|id| !server_ids.contains(*id)) {
            return Err(fail(
                seed,
                format!("poste {n} : opération {extra} appliquée, inconnue du serveur"),
            ));
        }
        // At most one admission per ticket and session.
        let twice = q(
            "SELECT code, session_id, COUNT(*) FROM scans WHERE verdict IN ('admitted', 'unknown_genuine')
             GROUP BY code, session_id HAVING COUNT(*) > 1",
        )?;
        if !twice.is_empty() {
            return Err(fail(
                seed,
                format!("poste {n} : billet admis deux fois : {twice:?}"),
            ));
        }
        // No two live bookings overlap.
        let overlaps = q(
            "SELECT a.id, b.id FROM bookings a JOIN bookings b ON a.unit_id = b.unit_id AND a.id < b.id
             WHERE a.status = 'confirmed' AND b.status = 'confirmed'
             AND a.start < date(b.start, '+' || b.nights || ' days')
             AND b.start < date(a.start, '+' || a.nights || ' days')",
        )?;
        if !overlaps.is_empty() {
            return Err(fail(
                seed,
                format!("poste {n} : réservations qui se chevauchent : {overlaps:?}"),
            ));
        }
        let state = STATE
            .iter()
            .map(|(_, sql)| q(sql))
            .collect::<Result<Vec<_>, _>>()?;
        match &first_state {
            None => first_state = Some((n, state)),
            Some((m, first)) => {
                for ((name, _), (a, b)) in STATE.iter().zip(first.iter().zip(&state)) {
                    if a != b {
                        let only_a: Vec<_> = a.iter().filter(|x| !b.contains(x)).collect();
                        let only_b: Vec<_> = b.iter().filter(|x| !a.contains(x)).collect();
                        return Err(fail(
                            seed,
                            format!(
                                "postes {m} et {n} diffèrent sur {name} : {only_a:?} / {only_b:?}"
                            ),
                        ));
                    }
                }
            }
        }
    }
    super::vouchers::check(vouchers, &voucher_ops, devices, seed, report)?;
    // Every operation made on any device reached the server, once.
    if all_made.len() != server_ids.len() || all_made.iter().any(|id| !server_ids.contains(id)) {
        return Err(fail(
            seed,
            format!(
                "{} opérations faites sur les postes, {} sur le serveur",
                all_made.len(),
                server_ids.len()
            ),
        ));
    }
    Ok(())
}
