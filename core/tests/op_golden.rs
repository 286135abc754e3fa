//! The wire form of every sync operation, pinned by a golden file each
//! (`core/tests/golden/ops/<kind>.json`): renaming a field is a visible change of the
//! protocol, not a silent one. `GUICHET_BLESS=1 cargo test -p guichet-core --test
//! op_golden` rewrites the files after a deliberate change (then bump `OP_VERSION`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use guichet_core::scan::Verdict;
use guichet_core::sync::op::*;
use guichet_core::sync::{Envelope, EnvelopeError, Op, OP_VERSION};
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn json<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap()
}

/// One of each variant, with every optional field given once.
fn samples() -> Vec<Op> {
    let guest: guichet_core::sync::wire::Guest =
        json(r#"{"name": "Marie Dupont", "email": "marie@exemple.fr", "phone": null}"#);
    vec![
        Op::UnitAdded(UnitAdded {
            id: id(1),
            name: json("\"Gîte des Lilas\""),
            capacity: json("4"),
            position: 0,
        }),
        Op::TariffsSet(json(
            r#"{"unit": "00000000-0000-0000-0000-000000000001", "tariffs": [{"start": "2026-07-04", "nights": 7, "price": "650.00"}]}"#,
        )),
        Op::TariffPlanApplied(TariffPlanApplied {
            unit: id(1),
            plan: json(
                r#"{"plan": "weekly", "from": "2026-06-27", "until": "2026-09-05", "weekday": "sat", "price": "650.00"}"#,
            ),
        }),
        Op::TariffsRemoved(TariffsRemoved {
            unit: id(1),
            from: json("\"2026-08-01\""),
            until: json("\"2026-08-08\""),
        }),
        Op::HoldPlaced(HoldPlaced {
            id: id(2),
            unit: id(1),
            start: json("\"2026-07-04\""),
            nights: json("7"),
            guest: guest.clone(),
            total: json("\"650.00\""),
            expires_at: "2026-06-01T11:00:00Z".parse().unwrap(),
        }),
        Op::HoldExtended(HoldExtended {
            id: id(2),
            expires_at: "2026-06-01T11:20:00Z".parse().unwrap(),
        }),
        Op::HoldReleased(HoldReleased {
            id: id(2),
            reason: ReleaseReason::Expired,
        }),
        Op::BookingMade(BookingMade {
            id: id(3),
            unit: id(1),
            start: json("\"2026-07-04\""),
            nights: json("7"),
            guest,
            total: json("\"650.00\""),
            hold: Some(id(2)),
            // Absent, as in operations made before the party was recorded: the golden
            // file of that time still reads the same.
            adults: None,
            children: None,
        }),
        Op::BookingCancelled(Cancelled { id: id(3) }),
        Op::SettingsEdited(SettingsEdited {
            provider_name: Some(json("\"Les Gîtes du Vallon\"")),
            pricing_mode: Some(PricingModeWire::Cheapest),
            ..SettingsEdited::default()
        }),
        Op::OrganizerAdded(OrganizerAdded {
            id: id(4),
            name: json("\"Jazz en Vallon\""),
            rank: 0,
        }),
        Op::EventAdded(EventAdded {
            id: id(5),
            name: json("\"Festival Lumières du Vallon\""),
        }),
        Op::SessionAdded(SessionAdded {
            id: id(6),
            event: id(5),
            starts_at: "2026-07-14T18:00:00Z".parse().unwrap(),
            capacity: json("450"),
        }),
        Op::TicketProductAdded(TicketProductAdded {
            id: id(7),
            event: id(5),
            name: json("\"Plein tarif\""),
            theme: json("\"Concerts\""),
            organizer: id(4),
            position: 0,
            price: json("\"25.00\""),
        }),
        Op::TicketBookingMade(TicketBookingMade {
            id: id(8),
            session: id(6),
            product: id(7),
            quantity: json("2"),
            holder: json("\"Hugo Martin\""),
            total: json("\"50.00\""),
            replaces: Some(id(9)),
            moved: vec![id(10)],
            tickets: vec![TicketWire {
                id: id(11),
                number: json("2"),
                code: json("\"TAABQ5WUAAAAAAAAAAAAAAAAAAAAAAAAAA\""),
                kind: TicketKindWire::Ticket,
            }],
        }),
        Op::TicketBookingCancelled(Cancelled { id: id(9) }),
        Op::TicketScanned(TicketScanned {
            id: id(12),
            session: id(6),
            device_name: json("\"entrée nord\""),
            at: "2026-07-14T18:02:00Z".parse().unwrap(),
            input: json("\"taabq5wu\""),
            source: json("\"keyboard\""),
            code: None,
            ticket: None,
            verdict: Verdict::Unreadable,
        }),
        Op::ConflictSettled(ConflictSettled {
            conflict: id(1012),
            how: Settlement::Acknowledged,
        }),
        Op::UnitEdited(UnitEdited {
            id: id(1),
            name: Some(json("\"Le Moulin\"")),
            capacity: Some(json("5")),
            position: Some(2),
            active: Some(false),
        }),
        Op::UnitRemoved(Removed { id: id(1) }),
        Op::BookingMoved(BookingMoved {
            id: id(3),
            unit: id(1),
            start: json("\"2026-07-11\""),
            nights: json("7"),
            total: json("\"650.00\""),
            guest: json("\"Marie Dupont\""),
        }),
        Op::BookingEdited(BookingEdited {
            id: id(3),
            guest: Some(json(
                r#"{"name": "Marie Durand", "email": null, "phone": "0601020304"}"#,
            )),
            adults: Some(2),
            children: Some(1),
        }),
        Op::PaymentRecorded(PaymentRecorded {
            id: id(13),
            booking: id(3),
            amount: json("\"-50.00\""),
            method: guichet_core::payment::PaymentMethod::AncvPaper,
            paid_on: json("\"2026-06-02\""),
        }),
        Op::OrganizerEdited(NamedEdited {
            id: id(4),
            name: Some(json("\"Jazz au Vallon\"")),
            active: Some(false),
        }),
        Op::EventEdited(NamedEdited {
            id: id(5),
            name: Some(json("\"Lumières du Vallon\"")),
            active: Some(true),
        }),
        Op::SessionEdited(SessionEdited {
            id: id(6),
            starts_at: Some("2026-07-14T18:30:00Z".parse().unwrap()),
            capacity: Some(json("500")),
            active: Some(false),
        }),
        Op::TicketProductEdited(TicketProductEdited {
            id: id(7),
            name: Some(json("\"Tarif réduit\"")),
            theme: Some(json("\"Concerts\"")),
            organizer: Some(id(4)),
            position: Some(1),
            price: Some(json("\"18.50\"")),
            active: Some(true),
        }),
        Op::ProductAdded(ProductAdded {
            id: id(20),
            name: json("\"Balade à poney (1 h)\""),
            price: json("\"25.00\""),
            vat: guichet_core::order::VatRate(2000),
            channels: vec![Channel::Till, Channel::Widget],
            position: 0,
            // Absent, as in operations made before booking forms (T7).
            questions: Vec::new(),
        }),
        Op::ProductEdited(ProductEdited {
            id: id(20),
            name: Some(json("\"Balade à poney (2 h)\"")),
            price: Some(json("\"40.00\"")),
            vat: Some(guichet_core::order::VatRate(550)),
            channels: Some(vec![Channel::MiniSite]),
            active: Some(false),
            questions: None,
        }),
        Op::ProductRemoved(Removed { id: id(20) }),
        Op::VoucherSold(VoucherSold {
            id: id(21),
            code: json("\"VAAAAAAZGQ5Y7OS5O7SQ7IMH53ZXTIXIBA\""),
            amount: json("\"50.00\""),
            products: vec![id(20)],
            valid_until: json("\"2027-11-27\""),
            method: guichet_core::payment::PaymentMethod::Cash,
            at: "2026-11-27T10:00:00Z".parse().unwrap(),
        }),
        Op::VoucherRedeemed(VoucherRedeemed {
            id: id(22),
            code: json("\"VAAAAAAZGQ5Y7OS5O7SQ7IMH53ZXTIXIBA\""),
            amount: json("\"30.00\""),
            forfeited: json("\"20.00\""),
            unconfirmed: true,
            at: "2026-12-01T15:00:00Z".parse().unwrap(),
            device_name: json("\"Caisse 1\""),
        }),
        Op::VoucherDeactivated(VoucherDeactivated {
            id: id(23),
            code: json("\"VAAAAAAZGQ5Y7OS5O7SQ7IMH53ZXTIXIBA\""),
            reason: json("\"Remboursé par chèque\""),
            at: "2026-12-02T09:00:00Z".parse().unwrap(),
        }),
        Op::VoucherExtended(VoucherExtended {
            id: id(24),
            code: json("\"VAAAAAAZGQ5Y7OS5O7SQ7IMH53ZXTIXIBA\""),
            valid_until: json("\"2028-06-30\""),
            at: "2026-12-03T09:00:00Z".parse().unwrap(),
        }),
        Op::JournalClosed(JournalClosed {
            id: id(14),
            period: ClosingPeriod::Day,
            from: json("\"2026-07-01\""),
            seq: 42,
            hash: json("\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""),
            totals: vec![
                MethodTotal {
                    method: guichet_core::payment::PaymentMethod::Cash,
                    amount: json("\"1250.50\""),
                },
                MethodTotal {
                    method: guichet_core::payment::PaymentMethod::Card,
                    amount: json("\"-20.00\""),
                },
            ],
            grand_total: json("\"1234567.89\""),
        }),
        Op::MediaAdded(media_sample()),
        Op::MediaRemoved(Removed { id: id(25) }),
        Op::MediaReordered(MediaReordered {
            owner: id(20),
            kind: MediaKind::Photo,
            order: vec![id(27), id(26)],
        }),
        Op::VoucherImported(VoucherImported {
            id: id(28),
            code: json("\"KDO-2026-0042\""),
            amount: json("\"35.50\""),
            products: vec![id(15)],
            valid_until: json("\"2027-03-31\""),
            at: "2026-12-04T09:00:00Z".parse().unwrap(),
        }),
        Op::GuestAnonymised(GuestAnonymised {
            bookings: vec![id(3)],
            holds: vec![id(2)],
            ticket_bookings: vec![id(8)],
            customers: vec![id(30)],
            why: AnonymisedWhy::Request,
            at: "2026-12-05T09:00:00Z".parse().unwrap(),
        }),
        Op::TemplateSaved(TemplateSaved {
            name: json("\"confirmation\""),
            text: json(r#""Objet : Réservation n° {Numero}\n\nBonjour {ContactPrenom},\n""#),
        }),
        invoice_sample(),
        Op::BookingDeleted(Cancelled { id: id(3) }),
        Op::CalendarImported(CalendarImported {
            source: id(28),
            unit: id(2),
            location: json(
                "\"https://www.airbnb.fr/calendar/ical/12345678.ics?s=0123456789abcdef\"",
            ),
            nights: vec![
                json("\"2026-07-04\""),
                json("\"2026-07-05\""),
                json("\"2026-07-06\""),
            ],
        }),
        Op::CalendarRemoved(Removed { id: id(28) }),
        Op::CustomerSaved(CustomerSaved {
            id: id(30),
            guest: json(
                r#"{"name": "Marie Dupont", "email": "marie@exemple.fr", "phone": "06 12 34 56 78", "title": "Mme", "first_name": "Marie", "last_name": "Dupont", "address": "12 rue des Lilas\n24200 Sarlat-la-Canéda"}"#,
            ),
        }),
    ]
}

/// An invoice as issued: its snapshot, the PDF (here the first bytes of one) and its hash.
fn invoice_sample() -> Op {
    let pdf = b"%PDF-1.3\n".to_vec();
    Op::InvoiceIssued(Box::new(InvoiceIssued {
        id: id(30),
        cites: None,
        snapshot: json(
            r#"{"kind": "invoice", "number": "F2026-A-000001", "issued_on": "2026-06-01", "cites": null,
                "booking": "00000000-0000-0000-0000-000000000003",
                "provider": {"name": "Les Gîtes du Vallon", "street": "12 chemin des Lilas", "postcode": "24200",
                  "town": "Sarlat-la-Canéda", "country": "France", "siret": "73282932000074", "vat_number": "",
                  "email": "", "phone": ""},
                "customer": {"name": "Marie Dupont", "address": "", "email": "marie@exemple.fr", "phone": ""},
                "regime": "franchise",
                "lines": [{"label": "Séjour — Gîte des Lilas", "detail": "du 04/07/2026 au 11/07/2026, 7 nuits",
                  "quantity": 1, "unit_price": "650.00", "vat": 1000}],
                "total": "650.00", "vat": []}"#,
        ),
        sha256: json(&format!("\"{}\"", guichet_core::media::sha256_hex(&pdf))),
        pdf: guichet_core::sync::wire::Blob::new(pdf).unwrap(),
    }))
}

/// A product photo: the first bytes of a PNG (the wire checks the magic number and the
/// fingerprint, not the picture).
fn media_sample() -> MediaAdded {
    let bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    MediaAdded {
        id: id(25),
        owner: id(20),
        owner_kind: MediaOwner::Product,
        kind: MediaKind::Photo,
        name: json("\"poney.png\""),
        format: MediaFormat::Png,
        width: Some(1000),
        height: Some(667),
        position: 0,
        sha256: json(&format!("\"{}\"", guichet_core::media::sha256_hex(&bytes))),
        bytes: guichet_core::sync::wire::Blob::new(bytes).unwrap(),
    }
}

fn golden(kind: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/ops/{kind}.json"))
}

#[test]
fn d4_every_operation_has_a_pinned_wire_form_that_reads_back() {
    let samples = samples();
    let mut kinds: Vec<&str> = samples.iter().map(Op::kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(kinds.len(), 46, "one sample per variant");
    for (seq, op) in (1u64..).zip(samples) {
        let envelope = Envelope {
            v: OP_VERSION,
            id: id(1000 + u128::from(seq)),
            seq,
            device: id(99),
            at: "2026-06-01T10:00:00Z".parse().unwrap(),
            by: None,
            op,
        };
        let text = serde_json::to_string_pretty(&envelope).unwrap() + "\n";
        let path = golden(envelope.op.kind());
        if std::env::var_os("GUICHET_BLESS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let pinned = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (GUICHET_BLESS=1 writes it)", path.display()));
        assert_eq!(
            text,
            pinned,
            "the wire form of {} changed",
            envelope.op.kind()
        );
        assert_eq!(Envelope::decode(&pinned).unwrap(), envelope);
        let value: serde_json::Value = serde_json::from_str(&pinned).unwrap();
        assert_eq!(value["op"]["kind"], envelope.op.kind());
    }
}

#[test]
fn d4_a_pulled_operation_cannot_build_an_invalid_value() {
    let valid = std::fs::read_to_string(golden("unit_added")).unwrap();
    for (from, to) in [
        ("\"Gîte des Lilas\"", "\"\""),
        ("\"capacity\": 4", "\"capacity\": 0"),
        ("\"position\": 0", "\"position\": -1"),
        ("\"kind\": \"unit_added\"", "\"kind\": \"unit_deleted\""),
        ("\"position\": 0", "\"position\": 0, \"colour\": \"red\""),
    ] {
        assert!(valid.contains(from), "{from}");
        let broken = valid.replace(from, to);
        assert!(
            matches!(Envelope::decode(&broken), Err(EnvelopeError::Invalid(_))),
            "{to} was accepted"
        );
    }
    let scan = std::fs::read_to_string(golden("ticket_scanned")).unwrap();
    let forged_verdict = scan.replace("\"unreadable\"", "\"vip\"");
    assert!(Envelope::decode(&forged_verdict).is_err());
    let stay = std::fs::read_to_string(golden("hold_placed")).unwrap();
    assert!(Envelope::decode(&stay.replace("\"nights\": 7", "\"nights\": 90000000")).is_err());
    assert!(Envelope::decode(&stay.replace("2026-07-04", "0026-07-04")).is_err());
    assert!(Envelope::decode(&stay.replace("\"650.00\"", "\"1e9\"")).is_err());
}

#[test]
fn d4_a_newer_envelope_is_refused_by_name() {
    let valid = std::fs::read_to_string(golden("event_added")).unwrap();
    let newer = valid.replace(&format!("\"v\": {OP_VERSION}"), "\"v\": 99");
    assert_eq!(Envelope::decode(&newer), Err(EnvelopeError::TooNew(99)));
}

/// Checks `envelope` against its golden file `name` (written with GUICHET_BLESS=1).
fn pinned(name: &str, envelope: &Envelope) -> String {
    let text = serde_json::to_string_pretty(envelope).unwrap() + "\n";
    let path = golden(name);
    if std::env::var_os("GUICHET_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let pinned = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (GUICHET_BLESS=1 writes it)", path.display()));
    assert_eq!(text, pinned, "the wire form of {name} changed");
    assert_eq!(&Envelope::decode(&pinned).unwrap(), envelope);
    pinned
}

#[test]
fn an_envelope_names_the_operator_who_made_it_and_one_without_still_reads() {
    let hold = std::fs::read_to_string(golden("hold_placed")).unwrap();
    let old = Envelope::decode(&hold).unwrap();
    assert_eq!(
        old.by, None,
        "an envelope made before operators reads, without `by`"
    );
    assert!(!hold.contains("\"by\""));
    let envelope = Envelope {
        by: Some(json("\"Anne Martin\"")),
        ..old
    };
    let text = pinned("hold_placed.by", &envelope);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["by"], "Anne Martin");
    assert_eq!(value["v"], OP_VERSION);
    assert!(Envelope::decode(&text.replace("\"Anne Martin\"", "\"\"")).is_err());
}

#[test]
fn a_settings_edit_carries_the_providers_identity_and_an_old_one_still_reads() {
    let old = std::fs::read_to_string(golden("settings_edited")).unwrap();
    let old = Envelope::decode(&old).unwrap();
    let Op::SettingsEdited(edit) = &old.op else {
        panic!("{:?}", old.op)
    };
    assert!(edit.identity().is_empty(), "made before identities: none");
    let envelope = Envelope {
        op: Op::SettingsEdited(SettingsEdited {
            provider_name: None,
            pricing_mode: None,
            street: Some(json("\"12 chemin des Lilas\"")),
            postcode: Some(json("\"24200\"")),
            town: Some(json("\"Sarlat-la-Canéda\"")),
            country: Some(json("\"France\"")),
            siret: Some(json("\"73282932000074\"")),
            vat_number: Some(json("\"FR44732829320\"")),
            email: Some(json("\"contact@gites-du-vallon.fr\"")),
            phone: Some(json("\"\"")),
            logo: Some(json("\"data:image/png;base64,iVBORw0KGgo=\"")),
            voucher_validity_months: None,
            ..SettingsEdited::default()
        }),
        ..old
    };
    let text = pinned("settings_edited.identity", &envelope);
    assert!(Envelope::decode(&text.replace("image/png", "image/gif")).is_err());
}

#[test]
fn a9_the_vouchers_validity_is_a_setting_and_older_edits_leave_it_alone() {
    let old = std::fs::read_to_string(golden("settings_edited.identity")).unwrap();
    let old = Envelope::decode(&old).unwrap();
    let Op::SettingsEdited(edit) = &old.op else {
        panic!("{:?}", old.op)
    };
    assert_eq!(edit.voucher_validity_months, None);
    let envelope = Envelope {
        op: Op::SettingsEdited(SettingsEdited {
            voucher_validity_months: Some(18),
            ..SettingsEdited::default()
        }),
        ..old
    };
    let text = pinned("settings_edited.voucher_validity", &envelope);
    assert!(text.contains("\"voucher_validity_months\": 18"), "{text}");
    let Op::SettingsEdited(edit) = Envelope::decode(&text).unwrap().op else {
        panic!()
    };
    assert_eq!(
        edit.values(),
        vec![("voucher_validity_months", serde_json::Value::from(18))]
    );
}

#[test]
fn gdpr_the_guests_retention_is_a_setting_and_older_edits_leave_it_alone() {
    let old = std::fs::read_to_string(golden("settings_edited.voucher_validity")).unwrap();
    let old = Envelope::decode(&old).unwrap();
    let Op::SettingsEdited(edit) = &old.op else {
        panic!("{:?}", old.op)
    };
    assert_eq!(edit.guest_retention_months, None);
    let envelope = Envelope {
        op: Op::SettingsEdited(SettingsEdited {
            guest_retention_months: Some(36),
            ..SettingsEdited::default()
        }),
        ..old
    };
    let text = pinned("settings_edited.guest_retention", &envelope);
    assert!(text.contains("\"guest_retention_months\": 36"), "{text}");
    let Op::SettingsEdited(edit) = Envelope::decode(&text).unwrap().op else {
        panic!()
    };
    assert_eq!(
        edit.values(),
        vec![("guest_retention_months", serde_json::Value::from(36))]
    );
}

#[test]
fn t7_booking_forms_ride_on_products_and_sale_lines_and_old_operations_still_read() {
    let envelope = |seq: u64, op: Op| Envelope {
        v: OP_VERSION,
        id: id(2000 + u128::from(seq)),
        seq,
        device: id(99),
        at: "2026-06-01T10:00:00Z".parse().unwrap(),
        by: None,
        op,
    };
    let questions = vec![
        FormQuestion {
            text: json("\"Taille ?\""),
            required: true,
        },
        FormQuestion {
            text: json("\"Allergies ?\""),
            required: false,
        },
    ];
    // An old product, without a form, reads with none.
    let old = Envelope::decode(&std::fs::read_to_string(golden("product_added")).unwrap()).unwrap();
    let Op::ProductAdded(mut added) = old.op else {
        panic!("not a product_added")
    };
    assert!(added.questions.is_empty());
    added.questions = questions.clone();
    let text = pinned(
        "product_added.questions",
        &envelope(1, Op::ProductAdded(added)),
    );
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["op"]["data"]["questions"][0]["text"], "Taille ?");
    assert_eq!(value["op"]["data"]["questions"][0]["required"], true);
    assert!(value["op"]["data"]["questions"][1]
        .get("required")
        .is_none());
    let old =
        Envelope::decode(&std::fs::read_to_string(golden("product_edited")).unwrap()).unwrap();
    let Op::ProductEdited(mut edited) = old.op else {
        panic!("not a product_edited")
    };
    assert_eq!(edited.questions, None);
    edited.questions = Some(questions);
    pinned(
        "product_edited.questions",
        &envelope(2, Op::ProductEdited(edited)),
    );
    let line = |answers: Vec<FormAnswer>| SaleLineWire {
        product: Some(id(20)),
        ticket_booking: None,
        voucher: None,
        label: json("\"Balade à poney (1 h)\""),
        quantity: json("2"),
        unit_price: json("\"25.00\""),
        vat: guichet_core::order::VatRate(2000),
        activity_date: Some(json("\"2026-12-05\"")),
        answers,
    };
    let sale = |answers: Vec<FormAnswer>| {
        Op::SaleMade(SaleMade {
            id: id(30),
            number: 1,
            lines: vec![line(answers)],
            payments: vec![SalePaymentWire {
                method: guichet_core::payment::PaymentMethod::Cash,
                amount: json("\"50.00\""),
                voucher_code: None,
            }],
            change: json("\"0.00\""),
            at: "2026-11-27T10:00:00Z".parse().unwrap(),
        })
    };
    let without = serde_json::to_string(&envelope(3, sale(Vec::new()))).unwrap();
    assert!(!without.contains("answers"), "{without}");
    let text = pinned(
        "sale_made.answers",
        &envelope(
            3,
            sale(vec![FormAnswer {
                question: json("\"Taille ?\""),
                answer: json("\"M; \\\"grand\\\"\""),
            }]),
        ),
    );
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        value["op"]["data"]["lines"][0]["answers"][0]["answer"],
        "M; \"grand\""
    );
    // A question longer than any text is refused when pulled.
    let long = format!("\"{}\"", "x".repeat(201));
    assert!(Envelope::decode(&text.replace("\"Taille ?\"", &long)).is_err());
    // A4, T4: tickets sold at the till name the booking made with the sale; a sale
    // made before tickets were sold at the till reads without one.
    assert!(!without.contains("ticket_booking"), "{without}");
    let Op::SaleMade(mut tickets) = sale(Vec::new()) else {
        panic!()
    };
    tickets.lines[0].product = None;
    tickets.lines[0].ticket_booking = Some(id(40));
    tickets.lines[0].vat = guichet_core::order::VatRate(550);
    let text = pinned("sale_made.tickets", &envelope(4, Op::SaleMade(tickets)));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        value["op"]["data"]["lines"][0]["ticket_booking"],
        id(40).to_string()
    );
}

#[test]
fn a14_a15_p10_a_pulled_media_added_is_checked_against_its_bytes() {
    let valid = std::fs::read_to_string(golden("media_added")).unwrap();
    assert!(Envelope::decode(&valid).is_ok());
    let sample = media_sample();
    let b64: String = sample.bytes.clone().into();
    // Other bytes than those fingerprinted (a PDF in place of the PNG).
    let pdf = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.7 tampered")
    };
    for (from, to) in [
        (b64.as_str(), pdf.as_str()),
        ("\"format\": \"png\"", "\"format\": \"jpeg\""),
        ("\"format\": \"png\"", "\"format\": \"gif\""),
        ("\"width\": 1000", "\"width\": 1001"),
        ("\"owner_kind\": \"product\"", "\"owner_kind\": \"place\""),
        ("\"kind\": \"photo\"", "\"kind\": \"attachment\""),
        (sample.sha256.as_str(), &"0".repeat(64)),
        (b64.as_str(), "not base64!"),
        (b64.as_str(), ""),
    ] {
        assert!(valid.contains(from), "{from}");
        let broken = valid.replace(from, to);
        assert!(Envelope::decode(&broken).is_err(), "{to} was accepted");
    }
    // A unit photo may be 1024 wide (P10), a product photo not (A15).
    let unit = valid
        .replace("\"owner_kind\": \"product\"", "\"owner_kind\": \"unit\"")
        .replace("\"width\": 1000", "\"width\": 1024");
    assert!(Envelope::decode(&unit).is_ok());
    let tall = unit.replace("\"height\": 667", "\"height\": 769");
    assert!(Envelope::decode(&tall).is_err());
    // An attachment is a PDF of a product, its bytes within 5 MB.
    let pdf_bytes = b"%PDF-1.4\n%%EOF\n".to_vec();
    let attachment = MediaAdded {
        kind: MediaKind::Attachment,
        format: MediaFormat::Pdf,
        width: None,
        height: None,
        sha256: json(&format!(
            "\"{}\"",
            guichet_core::media::sha256_hex(&pdf_bytes)
        )),
        bytes: guichet_core::sync::wire::Blob::new(pdf_bytes).unwrap(),
        ..sample
    };
    assert!(attachment.check().is_ok());
    let on_unit = MediaAdded {
        owner_kind: MediaOwner::Unit,
        ..attachment
    };
    assert!(on_unit.check().is_err());
    assert!(guichet_core::sync::wire::Blob::new(vec![0; 5_000_001]).is_err());
    assert!(guichet_core::sync::wire::Blob::new(Vec::new()).is_err());
}

#[test]
fn b2_a_settings_edit_carries_the_contract_conditions_and_older_edits_leave_them_alone() {
    let old = std::fs::read_to_string(golden("settings_edited.identity")).unwrap();
    let old = Envelope::decode(&old).unwrap();
    let Op::SettingsEdited(edit) = &old.op else {
        panic!("{:?}", old.op)
    };
    assert!(edit.conditions().is_empty(), "made before conditions: none");
    let envelope = Envelope {
        op: Op::SettingsEdited(SettingsEdited {
            deposit_percent: Some(25),
            deposit_kind: Some(guichet_core::contract::DepositKind::Acompte),
            balance_days: Some(30),
            terms: Some(json(r#""Annulation : voir ci-dessous.\nArticle 2 : …""#)),
            extra_info: Some(json(
                r#""Taxe de séjour : 0,88 € par adulte et par nuit, à régler sur place.""#,
            )),
            ..SettingsEdited::default()
        }),
        ..old
    };
    let text = pinned("settings_edited.conditions", &envelope);
    assert!(text.contains("\"deposit_kind\": \"acompte\""), "{text}");
    assert!(Envelope::decode(&text.replace("\"acompte\"", "\"caution\"")).is_err());
    assert!(
        Envelope::decode(&text.replace("\"deposit_percent\": 25", "\"deposit_percent\": 300"))
            .is_err()
    );
}

#[test]
fn names_a_guest_carries_title_names_and_address_and_an_old_guest_still_reads() {
    let old = std::fs::read_to_string(golden("booking_edited")).unwrap();
    let old = Envelope::decode(&old).unwrap();
    let Op::BookingEdited(edit) = &old.op else {
        panic!("{:?}", old.op)
    };
    let guest = edit.guest.as_ref().unwrap().contact();
    assert_eq!(
        (guest.first_name().as_str(), guest.last_name().as_str()),
        ("Marie", "Durand")
    );
    assert_eq!((guest.title(), guest.address()), (None, None));
    let guest: guichet_core::sync::wire::Guest = json(
        r#"{"name": "Marie Claire Durand", "email": "marie@exemple.fr", "phone": null,
            "title": "Mme", "first_name": "Marie Claire", "last_name": "Durand",
            "address": "12 rue des Lilas\n24200 Sarlat-la-Canéda"}"#,
    );
    let envelope = Envelope {
        op: Op::BookingEdited(BookingEdited {
            guest: Some(guest),
            ..edit.clone()
        }),
        ..old
    };
    let text = pinned("booking_edited.details", &envelope);
    assert!(text.contains("\"first_name\": \"Marie Claire\""), "{text}");
    // A name that does not match its parts is refused.
    assert!(Envelope::decode(&text.replace("\"Marie Claire Durand\"", "\"Jean Durand\"")).is_err());
    // An older reader ignores the new fields: the GuestWire has no deny_unknown_fields.
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let old_shape = serde_json::json!({"name": value["op"]["data"]["guest"]["name"], "email": "marie@exemple.fr", "phone": null});
    assert!(serde_json::from_value::<guichet_core::sync::wire::Guest>(old_shape).is_ok());
}
