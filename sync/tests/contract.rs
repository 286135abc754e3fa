//! The server's contract (rule D4), one story run against both databases: embedded
//! SQLite and a real PostgreSQL started for the test (initdb/pg_ctl on a free port).
//! Accounts, push (exactly once, in order, gaps, reused ids, bad operations that block
//! nothing), the conflict rules, pull (pages, provider scope), and keys sealed at rest.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, Utc};
use guichet_core::sync::conflict::Fact;
use guichet_core::sync::protocol::{EnrollRequest, KeyWire, Outcome, PushItem, Status};
use guichet_sync::accounts;
use guichet_sync::log::{pull, push};
use guichet_sync::secrets::ServerKey;
use guichet_sync::sql::{Database, Value};
use serde_json::json;
use uuid::Uuid;

fn t0() -> DateTime<Utc> {
    "2026-11-27T10:00:00Z".parse().unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A device pushing numbered operations.
struct Dev {
    id: Uuid,
    seq: u64,
}

impl Dev {
    fn new(n: u128) -> Dev {
        Dev {
            id: id(0xD000 + n),
            seq: 0,
        }
    }

    fn op(&mut self, base: u64, op: serde_json::Value) -> PushItem {
        self.seq += 1;
        PushItem {
            base,
            envelope: json!({
                "v": 1,
                "id": Uuid::from_u128((self.id.as_u128() << 32) + u128::from(self.seq)),
                "seq": self.seq,
                "device": self.id,
                "at": "2026-11-27T10:00:00Z",
                "op": op,
            }),
        }
    }
}

fn unit(n: u128) -> serde_json::Value {
    json!({"kind": "unit_added", "data": {"id": id(n), "name": format!("Gîte {n}"), "capacity": 4, "position": 0}})
}

fn booking(n: u128, unit: u128, start: &str, nights: u32) -> serde_json::Value {
    json!({"kind": "booking_made", "data": {"id": id(n), "unit": id(unit), "start": start, "nights": nights,
        "guest": {"name": format!("Client {n}"), "email": null, "phone": "0601020304"}, "total": "300.00", "hold": null}})
}

fn scan(n: u128, code: &str, session: u128, device_name: &str) -> serde_json::Value {
    json!({"kind": "ticket_scanned", "data": {"id": id(n), "session": id(session), "device_name": device_name,
        "at": "2026-11-27T19:00:00Z", "input": code, "source": "keyboard", "code": code, "ticket": null, "verdict": "admitted"}})
}

fn settings(name: &str) -> serde_json::Value {
    json!({"kind": "settings_edited", "data": {"provider_name": name}})
}

fn applied_seq(o: &Outcome) -> u64 {
    match o {
        Outcome::Applied { seq, .. } | Outcome::Conflict { seq, .. } => *seq,
        other => panic!("not applied: {other:?}"),
    }
}

fn story<D: Database>(db: &D, key: &ServerKey) {
    let now = t0();
    // Providers and enrolment.
    let provider = accounts::add_provider(db, key, "Festival du Vallon", now).unwrap();
    let other = accounts::add_provider(db, key, "Camping des Dunes", now).unwrap();
    assert!(accounts::add_provider(db, key, "  ", now).is_err());
    let code = accounts::enrollment_code(db, provider, now).unwrap();
    assert_eq!(code.len(), 19, "{code}");
    let laptop_key = KeyWire {
        id: 0,
        secret: "ab".repeat(32),
        retired_at: None,
    };
    let request = |code: &str, device: Uuid| EnrollRequest {
        code: code.to_owned(),
        device,
        device_name: "caisse 1".into(),
        keys: vec![laptop_key.clone()],
    };
    let enrolled = accounts::enroll(db, key, &request(&code.to_lowercase(), id(1)), now).unwrap();
    assert_eq!(enrolled.provider, provider);
    assert_eq!(
        enrolled.keys.len(),
        2,
        "the provider's key and the laptop's"
    );
    assert!(enrolled.keys.contains(&laptop_key));
    // One-time: a second use is refused, so is an unknown or expired code.
    let again = accounts::enroll(db, key, &request(&code, id(2)), now).unwrap_err();
    assert!(again.to_string().contains("déjà servi"), "{again}");
    assert!(accounts::enroll(db, key, &request("AAAA-BBBB-CCCC-DDDD", id(2)), now).is_err());
    let late = accounts::enrollment_code(db, provider, now).unwrap();
    let expired =
        accounts::enroll(db, key, &request(&late, id(2)), now + Duration::hours(25)).unwrap_err();
    assert!(expired.to_string().contains("expiré"), "{expired}");
    // The same device cannot enrol twice.
    let twice = accounts::enrollment_code(db, provider, now).unwrap();
    assert!(accounts::enroll(db, key, &request(&twice, id(1)), now).is_err());
    assert_eq!(
        accounts::authenticate(db, &enrolled.token)
            .unwrap()
            .provider,
        provider
    );
    assert!(accounts::authenticate(db, "gst_nope").is_err());
    // Keys are sealed at rest, tokens kept as hashes: no secret in clear in the database.
    let stored = db
        .transaction(&mut |sql| Ok(sql.query("SELECT sealed FROM provider_keys", &[])?))
        .unwrap();
    for row in &stored {
        assert!(!row.text(0).unwrap().contains(&"ab".repeat(32)));
    }
    let tokens = db
        .transaction(&mut |sql| Ok(sql.query("SELECT token_hash FROM devices", &[])?))
        .unwrap();
    assert!(tokens.iter().all(|r| r.text(0).unwrap() != enrolled.token));

    // Push: in order, exactly once.
    let mut a = Dev::new(1);
    let mut b = Dev::new(2);
    let first = vec![
        a.op(0, unit(100)),
        a.op(0, booking(200, 100, "2027-03-06", 7)),
    ];
    let outcomes = push(db, provider, &first, now).unwrap();
    assert_eq!(outcomes.iter().map(applied_seq).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(
        push(db, provider, &first, now).unwrap(),
        outcomes,
        "asking again gives the same answers"
    );
    // A reused id with another payload is reported, and changes nothing.
    let mut reused = first[0].clone();
    reused.envelope["op"] = unit(101);
    let refused = push(db, provider, &[reused], now).unwrap();
    assert!(
        matches!(&refused[0], Outcome::Rejected { conflict: Fact::Refused { reason }, .. } if reason.contains("déjà utilisé"))
    );
    // A gap asks for a resend and takes nothing of that device after it.
    let skipped = a.op(0, unit(102));
    let after_gap = a.op(0, unit(103));
    let gap = push(db, provider, std::slice::from_ref(&after_gap), now).unwrap();
    assert_eq!(
        gap,
        [Outcome::Resend {
            device: a.id,
            from: 3
        }]
    );
    // An unreadable operation is refused by name and blocks nothing after it.
    let mut bad = b.op(0, unit(104));
    bad.envelope["op"] =
        json!({"kind": "unit_added", "data": {"id": id(104), "name": "", "capacity": 0}});
    let mut newer = b.op(0, unit(105));
    newer.envelope["v"] = json!(99);
    let fine = b.op(0, unit(106));
    let mixed = push(db, provider, &[skipped, after_gap, bad, newer, fine], now).unwrap();
    assert_eq!(applied_seq(&mixed[0]), 3);
    assert_eq!(applied_seq(&mixed[1]), 4);
    assert!(matches!(&mixed[2], Outcome::Rejected { .. }));
    assert!(
        matches!(&mixed[3], Outcome::Rejected { conflict: Fact::Refused { reason }, .. } if reason.contains("mis à jour"))
    );
    assert_eq!(applied_seq(&mixed[4]), 5);

    // Conflict rules.
    // A booking overlapping a live one: rejected, shown, never applied.
    let overlap = push(
        db,
        provider,
        &[b.op(0, booking(201, 100, "2027-03-10", 2))],
        now,
    )
    .unwrap();
    assert!(
        matches!(&overlap[0], Outcome::Rejected { conflict: Fact::BookingOverlap { other, .. }, .. } if *other == id(200))
    );
    // Cancelled, the nights are free again.
    let cancel = json!({"kind": "booking_cancelled", "data": {"id": id(200)}});
    push(db, provider, &[a.op(5, cancel)], now).unwrap();
    let rebooked = push(
        db,
        provider,
        &[b.op(6, booking(202, 100, "2027-03-10", 2))],
        now,
    )
    .unwrap();
    assert!(
        matches!(rebooked[0], Outcome::Applied { .. }),
        "{rebooked:?}"
    );
    // A ticket admitted on two devices: the first in server order counts.
    let code = "TAAU33LFAUUIPTTD3AP2ZUATXPYUP5NKLX";
    let first_scan = push(
        db,
        provider,
        &[a.op(0, scan(300, code, 50, "entrée nord"))],
        now,
    )
    .unwrap();
    assert!(matches!(first_scan[0], Outcome::Applied { .. }));
    let second = push(
        db,
        provider,
        &[b.op(0, scan(301, code, 50, "entrée sud"))],
        now,
    )
    .unwrap();
    assert!(
        matches!(&second[0], Outcome::Conflict { conflict: Fact::DuplicateScan { first_device_name, .. }, .. } if first_device_name == "entrée nord")
    );
    // Sold beyond capacity by two offline box offices: valid, and by how many.
    let session = json!({"kind": "session_added", "data": {"id": id(51), "event": id(40), "starts_at": "2026-12-01T19:00:00Z", "capacity": 3}});
    let sale = |n: u128, quantity: u32| {
        json!({"kind": "ticket_booking_made", "data": {"id": id(n), "session": id(51), "product": id(41),
        "quantity": quantity, "holder": "X", "total": "10.00", "replaces": null, "moved": [], "tickets": []}})
    };
    push(
        db,
        provider,
        &[a.op(0, session), a.op(0, sale(400, 2))],
        now,
    )
    .unwrap();
    let over = push(db, provider, &[b.op(0, sale(401, 2))], now).unwrap();
    assert!(
        matches!(
            &over[0],
            Outcome::Conflict {
                conflict: Fact::Oversold {
                    capacity: 3,
                    sold: 4,
                    ..
                },
                ..
            }
        ),
        "{over:?}"
    );
    // Two edits of one field: merged by server order, the replaced value kept.
    let head = pull(db, provider, 0, 1000).unwrap().1;
    push(db, provider, &[a.op(head, settings("Festival A"))], now).unwrap();
    let clash = push(db, provider, &[b.op(head, settings("Festival B"))], now).unwrap();
    assert!(
        matches!(&clash[0], Outcome::Conflict { conflict: Fact::EditClash { fields, .. }, .. } if fields[0].lost == json!("Festival A"))
    );
    // An edit made after seeing the other is no clash.
    let seen = pull(db, provider, 0, 1000).unwrap().1;
    let calm = push(db, provider, &[a.op(seen, settings("Festival C"))], now).unwrap();
    assert!(matches!(calm[0], Outcome::Applied { .. }));

    // Pull: gap-free numbers, pages, conflicts and rejections listed, provider scope.
    let (all, head) = pull(db, provider, 0, 1000).unwrap();
    assert_eq!(all.len() as u64, head);
    assert!(all.iter().zip(1u64..).all(|(c, n)| c.seq == n));
    assert!(all
        .iter()
        .any(|c| c.status == Status::Rejected
            && matches!(c.conflict, Some(Fact::BookingOverlap { .. }))));
    let (page, _) = pull(db, provider, 3, 2).unwrap();
    assert_eq!(page.iter().map(|c| c.seq).collect::<Vec<_>>(), [4, 5]);
    assert!(
        pull(db, other, 0, 1000).unwrap().0.is_empty(),
        "another provider sees nothing"
    );
    let mut c = Dev::new(3);
    let theirs = push(db, other, &[c.op(0, unit(900))], now).unwrap();
    assert_eq!(applied_seq(&theirs[0]), 1, "numbers are per provider");
    assert_eq!(pull(db, provider, 0, 1000).unwrap().1, head);

    // Revocation: the token stops, the keys are retired, a new one is made.
    let new_key = accounts::revoke(db, key, provider, id(1), now).unwrap();
    assert_eq!(
        accounts::authenticate(db, &enrolled.token)
            .unwrap_err()
            .to_string(),
        guichet_sync::Error::Revoked.to_string()
    );
    let keys = db
        .transaction(&mut |sql| accounts::keys(sql, key, provider))
        .unwrap();
    assert_eq!(keys.iter().filter(|k| k.retired_at.is_none()).count(), 1);
    assert!(keys
        .iter()
        .any(|k| k.id == new_key && k.retired_at.is_none()));
    assert!(
        accounts::revoke(db, key, other, id(1), now).is_err(),
        "scoped by provider"
    );
    // A server key that did not seal them cannot open them.
    let stranger = ServerKey::load(Some(&write_key("cd")), None).unwrap();
    assert!(db
        .transaction(&mut |sql| accounts::keys(sql, &stranger, provider))
        .is_err());
}

fn write_key(byte: &str) -> std::path::PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let path = dir.join("server.key");
    std::fs::write(&path, byte.repeat(32)).unwrap();
    path
}

/// Concurrent pushers (one device each) and a reader pulling after its last number:
/// the reader sees every change once, in gap-free order, never skipping one.
fn concurrent_pushers<D: Database>(db: &D, key: &ServerKey) {
    let provider = accounts::add_provider(db, key, "Concurrence", t0()).unwrap();
    const PUSHERS: u128 = 6;
    const BATCHES: u64 = 20;
    const PER_BATCH: u64 = 10;
    let done = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for p in 0..PUSHERS {
            let done = &done;
            scope.spawn(move || {
                let mut dev = Dev::new(100 + p);
                for batch in 0..BATCHES {
                    let items: Vec<PushItem> = (0..PER_BATCH)
                        .map(|i| {
                            dev.op(
                                0,
                                unit(10_000 * (p + 1) + u128::from(batch * PER_BATCH + i)),
                            )
                        })
                        .collect();
                    let outcomes = push(db, provider, &items, t0()).unwrap();
                    assert!(outcomes
                        .iter()
                        .all(|o| matches!(o, Outcome::Applied { .. })));
                }
                done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            });
        }
        let mut cursor = 0u64;
        let mut seen = std::collections::HashSet::new();
        loop {
            let finished = done.load(std::sync::atomic::Ordering::SeqCst) == PUSHERS as usize;
            let (changes, _) = pull(db, provider, cursor, 37).unwrap();
            for change in &changes {
                assert_eq!(change.seq, cursor + 1, "a change skipped");
                cursor = change.seq;
                assert!(seen.insert(change.envelope.id), "a change seen twice");
            }
            if finished && changes.is_empty() {
                break;
            }
        }
        assert_eq!(seen.len() as u64, PUSHERS as u64 * BATCHES * PER_BATCH);
    });
    let heads = db
        .transaction(&mut |sql| {
            Ok(sql.query(
                "SELECT head FROM providers WHERE id = $1",
                &[Value::from(provider)],
            )?)
        })
        .unwrap();
    assert_eq!(
        heads[0].int(0).unwrap() as u64,
        PUSHERS as u64 * BATCHES * PER_BATCH
    );
}

fn sqlite() -> (tempfile::TempDir, guichet_sync::sqlite::Sqlite, ServerKey) {
    let dir = tempfile::tempdir().unwrap();
    let db = guichet_sync::sqlite::Sqlite::open(dir.path()).unwrap();
    let key = ServerKey::load(None, Some(dir.path())).unwrap();
    (dir, db, key)
}

fn postgres(
    pg: &guichet_tests::postgres::Postgres,
    name: &str,
) -> (guichet_sync::postgres::Postgres, ServerKey) {
    let db = guichet_sync::postgres::Postgres::open(&pg.database(name)).unwrap();
    (db, ServerKey::load(Some(&write_key("5e")), None).unwrap())
}

#[test]
fn d4_the_contract_holds_on_sqlite() {
    let (_dir, db, key) = sqlite();
    story(&db, &key);
}

#[test]
fn d4_concurrent_pushers_never_make_a_reader_skip_on_sqlite() {
    let (_dir, db, key) = sqlite();
    concurrent_pushers(&db, &key);
}

#[test]
fn d4_the_contract_holds_on_postgresql_and_concurrent_pushers_never_make_a_reader_skip() {
    let pg = guichet_tests::postgres::Postgres::start();
    let (db, key) = postgres(&pg, "contract");
    story(&db, &key);
    let (db, key) = postgres(&pg, "concurrency");
    concurrent_pushers(&db, &key);
    // Migrating again is a no-op: several servers open one database.
    let url = format!("postgres://postgres@127.0.0.1:{}/contract", pg.port());
    assert!(guichet_sync::postgres::Postgres::open(&url).is_ok());
}

#[test]
fn d4_the_server_key_file_is_created_readable_by_its_owner_only() {
    let (dir, _db, key) = sqlite();
    let again = ServerKey::load(None, Some(dir.path())).unwrap();
    let provider = Uuid::from_u128(9);
    let sealed = key.seal(provider, 0, b"secret").unwrap();
    assert_eq!(again.open(provider, 0, &sealed).unwrap(), b"secret");
    assert!(
        again.open(provider, 1, &sealed).is_err(),
        "bound to its key id"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("server.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0);
    }
    let needs_key = ServerKey::load(None, None).unwrap_err();
    assert!(needs_key.to_string().contains("--key-file"));
}

/// The festival's edits (issue 8): two devices renaming one organizer clash on that
/// field only, edits of different fields merge, and a session's seats edited on one
/// device are the seats an offline box office's sales are counted against.
fn sale(n: u128, quantity: u32) -> serde_json::Value {
    json!({"kind": "ticket_booking_made", "data": {"id": id(n), "session": id(3), "product": id(4),
        "quantity": quantity, "holder": "Client", "total": "10.00", "replaces": null, "moved": [], "tickets": []}})
}

#[test]
fn d4_festival_edits_merge_field_by_field_and_a_resized_session_counts_its_new_seats() {
    let dir = tempfile::tempdir().unwrap();
    let db = guichet_sync::sqlite::Sqlite::open(dir.path()).unwrap();
    let key = ServerKey::load(None, Some(dir.path())).unwrap();
    let provider = accounts::add_provider(&db, &key, "Festival du Vallon", t0()).unwrap();
    let (mut a, mut b) = (
        Dev {
            id: id(0xA),
            seq: 0,
        },
        Dev {
            id: id(0xB),
            seq: 0,
        },
    );
    let now = t0();
    let setup = [
        json!({"kind": "organizer_added", "data": {"id": id(1), "name": "Jazz", "rank": 0}}),
        json!({"kind": "event_added", "data": {"id": id(2), "name": "Festival"}}),
        json!({"kind": "session_added", "data": {"id": id(3), "event": id(2), "starts_at": "2026-07-14T18:30:00Z", "capacity": 5}}),
        json!({"kind": "ticket_product_added", "data": {"id": id(4), "event": id(2), "name": "Plein", "theme": "Concerts",
            "organizer": id(1), "position": 0, "price": "5.00"}}),
    ];
    let items: Vec<PushItem> = setup.into_iter().map(|op| a.op(0, op)).collect();
    push(&db, provider, &items, now).unwrap();
    let head = pull(&db, provider, 0, 1000).unwrap().1;

    // Both devices rename the organizer without seeing each other: a clash on `name`.
    let rename =
        |name: &str| json!({"kind": "organizer_edited", "data": {"id": id(1), "name": name}});
    push(&db, provider, &[a.op(head, rename("Jazz en Vallon"))], now).unwrap();
    let clash = push(&db, provider, &[b.op(head, rename("Jazz au Vallon"))], now).unwrap();
    match &clash[0] {
        Outcome::Conflict {
            conflict: Fact::EditClash { record, fields },
            ..
        } => {
            assert_eq!(record, &format!("organizer:{}", id(1)));
            assert_eq!(fields.len(), 1);
            assert_eq!(fields[0].field, "name");
            assert_eq!(fields[0].lost, json!("Jazz en Vallon"));
        }
        other => panic!("expected an edit clash, got {other:?}"),
    }
    // One device changes the price, the other deactivates: different fields merge.
    let price = json!({"kind": "ticket_product_edited", "data": {"id": id(4), "price": "6.00"}});
    let off = json!({"kind": "ticket_product_edited", "data": {"id": id(4), "active": false}});
    let head = pull(&db, provider, 0, 1000).unwrap().1;
    assert!(matches!(
        push(&db, provider, &[a.op(head, price)], now).unwrap()[0],
        Outcome::Applied { .. }
    ));
    assert!(matches!(
        push(&db, provider, &[b.op(head, off)], now).unwrap()[0],
        Outcome::Applied { .. }
    ));

    // The session grows from 5 to 8 seats on one device; the other device's offline
    // sales are counted against 8: 7 sold is no oversale, 9 is one of 1 past 8.
    let head = pull(&db, provider, 0, 1000).unwrap().1;
    let grow = json!({"kind": "session_edited", "data": {"id": id(3), "capacity": 8}});
    assert!(matches!(
        push(&db, provider, &[a.op(head, grow)], now).unwrap()[0],
        Outcome::Applied { .. }
    ));
    assert!(matches!(
        push(&db, provider, &[b.op(head, sale(10, 7))], now).unwrap()[0],
        Outcome::Applied { .. }
    ));
    let over = push(&db, provider, &[b.op(head, sale(11, 2))], now).unwrap();
    assert!(
        matches!(
            &over[0],
            Outcome::Conflict {
                conflict: Fact::Oversold {
                    capacity: 8,
                    sold: 9,
                    ..
                },
                ..
            }
        ),
        "{over:?}"
    );
}
