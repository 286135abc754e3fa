//! The receipt printer: the bytes a receipt becomes, read back by a decoder written
//! from the ESC/POS reference (tests/escpos_decoder), and jobs sent over the real TCP
//! transport to a fake printer listening on 127.0.0.1; USB without a device.

#![allow(clippy::unwrap_used)]

mod escpos_decoder;

use std::io::Read;
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use escpos_decoder::{decode, Command, Command::*, Justify};
use guichet_devices::printer::escpos::{Escpos, EURO};
use guichet_devices::printer::network::{NetworkPrinter, DEFAULT_PORT};
use guichet_devices::printer::{
    list_printers, DrawerPin, PaymentLine, Printer, PrinterError, Receipt, ReceiptLine, UsbPrinter,
    VatLine,
};

fn receipt() -> Receipt {
    Receipt {
        provider: "Château de Brézé".into(),
        address: vec!["2 rue du Château".into(), "49260 Brézé".into()],
        siret: Some("123 456 789 00012".into()),
        details: vec![
            "27/11/2026 14:05 — ticket 42".into(),
            "Caisse : Amélie".into(),
        ],
        lines: vec![
            ReceiptLine {
                label: "Visite guidée".into(),
                quantity: 2,
                unit_price: "12,50 €".into(),
                amount: "25,00 €".into(),
            },
            ReceiptLine {
                label: "Entrée enfant".into(),
                quantity: 1,
                unit_price: "30,00 €".into(),
                amount: "30,00 €".into(),
            },
            ReceiptLine {
                label: "Atelier cuisine : pâtisseries et viennoiseries à l’ancienne (2 h)".into(),
                quantity: 4,
                unit_price: "275,00 €".into(),
                amount: "1 100,00 €".into(),
            },
        ],
        vat: vec![VatLine {
            rate: "20 %".into(),
            net: "962,50 €".into(),
            vat: "192,50 €".into(),
            gross: "1 155,00 €".into(),
        }],
        total: "1 155,00 €".into(),
        payments: vec![PaymentLine {
            method: "Espèces".into(),
            amount: "1 160,00 €".into(),
        }],
        change: Some("5,00 €".into()),
        footer: vec!["Merci de votre visite !".into()],
        qr: Some("GV-7KQ2-M9XD".into()),
        open_drawer: true,
    }
}

fn text(line: &str) -> Command {
    Text(line.into())
}

/// What `receipt()` must print, command by command.
fn expected(pin: u8) -> Vec<Command> {
    let rule = "-".repeat(48);
    let lines = [
        "Visite guidée                            25,00 €",
        "Entrée enfant                            30,00 €",
        "Atelier cuisine : pâtisseries et      1 100,00 €",
        "TOTAL TTC                             1 155,00 €",
        "Espèces                               1 160,00 €",
        "Rendu                                     5,00 €",
        "         TVA          HT         TVA         TTC",
        "        20 %    962,50 €    192,50 €  1 155,00 €",
    ];
    for line in lines {
        assert_eq!(line.chars().count(), 48, "{line}");
    }
    vec![
        Init,
        CodePage(19),
        Align(Justify::Center),
        Bold(true),
        Size {
            width: 2,
            height: 2,
        },
        text("Château de Brézé"),
        Feed(1),
        Size {
            width: 1,
            height: 1,
        },
        Bold(false),
        text("2 rue du Château"),
        Feed(1),
        text("49260 Brézé"),
        Feed(1),
        text("SIRET 123 456 789 00012"),
        Feed(1),
        // The em dash has no place in PC858: it prints as a hyphen.
        text("27/11/2026 14:05 - ticket 42"),
        Feed(1),
        text("Caisse : Amélie"),
        Feed(1),
        Align(Justify::Left),
        text(&rule),
        Feed(1),
        text(lines[0]),
        Feed(1),
        text("  2 x 12,50 €"),
        Feed(1),
        text(lines[1]),
        Feed(1),
        text(lines[2]),
        Feed(1),
        // The rest of the label, the typographic apostrophe made plain.
        text("viennoiseries à l'ancienne (2 h)"),
        Feed(1),
        text("  4 x 275,00 €"),
        Feed(1),
        text(&rule),
        Feed(1),
        text(lines[6]),
        Feed(1),
        text(lines[7]),
        Feed(1),
        text(&rule),
        Feed(1),
        Bold(true),
        Size {
            width: 1,
            height: 2,
        },
        text(lines[3]),
        Feed(1),
        Size {
            width: 1,
            height: 1,
        },
        Bold(false),
        text(lines[4]),
        Feed(1),
        text(lines[5]),
        Feed(1),
        Feed(1),
        Align(Justify::Center),
        text("Merci de votre visite !"),
        Feed(1),
        Qr {
            data: "GV-7KQ2-M9XD".into(),
            module: 6,
            level: 'M',
        },
        Feed(1),
        Align(Justify::Left),
        DrawerKick {
            pin,
            on_ms: 50,
            off_ms: 500,
        },
        Cut {
            partial: false,
            feed: 0,
        },
    ]
}

#[test]
fn a_receipt_decodes_into_exactly_the_expected_commands() {
    let bytes = receipt().escpos(DrawerPin::Pin2).unwrap();
    let commands = decode(&bytes).unwrap();
    let expected = expected(2);
    for (index, (got, want)) in commands.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "command {index}");
    }
    assert_eq!(commands.len(), expected.len());
}

#[test]
fn the_euro_sign_is_byte_0xd5_of_pc858_selected_after_the_reset() {
    let bytes = receipt().escpos(DrawerPin::Pin2).unwrap();
    // ESC @ then ESC t 19 open the job.
    assert_eq!(bytes[..5], [0x1B, 0x40, 0x1B, 0x74, 19]);
    assert_eq!(EURO, 0xD5);
    let euros = bytes.iter().filter(|&&byte| byte == 0xD5).count();
    // 3 line amounts, 2 unit prices, 3 in the VAT table, total, payment, change.
    assert_eq!(euros, 11);
    // No byte of the job is UTF-8's € (E2 82 AC) or é (C3 A9).
    assert!(!bytes.windows(3).any(|w| w == [0xE2, 0x82, 0xAC]));
    assert!(!bytes.windows(2).any(|w| w == [0xC3, 0xA9]));
    let mut job = Escpos::new();
    job.text("12,50 € — é è à ç ô Œ 日");
    assert_eq!(
        decode(job.bytes()).unwrap(),
        [Init, CodePage(19), Text("12,50 € - é è à ç ô OE ?".into())]
    );
}

#[test]
fn the_drawer_kick_and_the_cut_end_the_job() {
    let bytes = receipt().escpos(DrawerPin::Pin5).unwrap();
    assert_eq!(
        bytes[bytes.len() - 9..],
        [0x1B, b'p', 1, 25, 250, 0x1D, b'V', 65, 0]
    );
    assert_eq!(decode(&bytes).unwrap(), expected(5));
    // Without cash, no kick: the job still ends with the cut.
    let card = Receipt {
        open_drawer: false,
        ..receipt()
    };
    let commands = decode(&card.escpos(DrawerPin::Pin2).unwrap()).unwrap();
    assert!(!commands
        .iter()
        .any(|command| matches!(command, DrawerKick { .. })));
    assert_eq!(
        commands.last(),
        Some(&Cut {
            partial: false,
            feed: 0
        })
    );
}

#[test]
fn a_minimal_receipt_prints_without_vat_table_footer_or_qr() {
    let bare = Receipt {
        provider: "Gîte".into(),
        total: "0,00 €".into(),
        ..Receipt::default()
    };
    let commands = decode(&bare.escpos(DrawerPin::Pin2).unwrap()).unwrap();
    assert!(commands.contains(&Text("Gîte".into())));
    assert!(!commands.iter().any(|command| matches!(command, Qr { .. })));
    assert_eq!(
        commands
            .iter()
            .filter(|c| **c == Text("-".repeat(48)))
            .count(),
        2
    );
}

#[test]
fn the_decoder_refuses_what_the_reference_does_not_define() {
    // An unknown ESC command, a bell, a truncated kick, an upper byte under page 0,
    // a GS ( k for a PDF417 (cn 48), a size of 9.
    for bytes in [
        &[0x1B, b'z'][..],
        &[0x07],
        &[0x1B, b'p', 0, 25],
        &[0x1B, b'@', 0x82],
        &[0x1D, b'(', b'k', 3, 0, 48, 67, 3],
        &[0x1D, b'!', 0x88],
        &[0x1D, b'V', 7],
    ] {
        assert!(decode(bytes).is_err(), "{bytes:?} decoded");
    }
    assert_eq!(
        decode(&[0x1B, b'p', 48, 10, 20, 0x1D, b'V', 1]).unwrap(),
        [
            DrawerKick {
                pin: 2,
                on_ms: 20,
                off_ms: 40
            },
            Cut {
                partial: true,
                feed: 0
            }
        ]
    );
}

/// A fake network printer on an ephemeral port of 127.0.0.1: the bytes of one job.
fn fake_printer() -> (String, thread::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let job = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        bytes
    });
    (address, job)
}

#[test]
fn a_receipt_sent_over_tcp_reaches_the_printer_whole() {
    let (address, job) = fake_printer();
    let printer = Printer::parse(&address).unwrap();
    printer.print(&receipt()).unwrap();
    let received = job.join().unwrap();
    assert_eq!(decode(&received).unwrap(), expected(2));
}

#[test]
fn the_drawer_opens_over_tcp_on_the_printer_pin() {
    let (address, job) = fake_printer();
    Printer::parse(&address).unwrap().open_drawer().unwrap();
    assert_eq!(
        decode(&job.join().unwrap()).unwrap(),
        [
            Init,
            CodePage(19),
            DrawerKick {
                pin: 2,
                on_ms: 50,
                off_ms: 500
            }
        ]
    );
    let (address, job) = fake_printer();
    let printer = Printer::parse(&address)
        .unwrap()
        .with_drawer_pin(DrawerPin::Pin5);
    printer.open_drawer().unwrap();
    assert!(matches!(
        decode(&job.join().unwrap()).unwrap().last(),
        Some(DrawerKick { pin: 5, .. })
    ));
}

#[test]
fn a_printer_that_hangs_up_mid_job_gives_a_french_error() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let printer_side = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut start = [0u8; 16];
        stream.read_exact(&mut start).unwrap();
        // More of the job is waiting: closing now drops it (the system resets the
        // connection), as a printer that fails mid-job does.
        let mut more = [0u8; 1];
        assert_eq!(stream.peek(&mut more).unwrap(), 1);
        drop(stream);
    });
    let error = Printer::parse(&address)
        .unwrap()
        .print(&receipt())
        .unwrap_err();
    printer_side.join().unwrap();
    assert_eq!(error, PrinterError::Interrupted(address.clone()));
    assert_eq!(
        error.to_string(),
        format!("l'imprimante à {address} a coupé la liaison pendant l'impression : vérifiez le papier et le capot, puis relancez l'impression")
    );
}

#[test]
fn a_printer_that_stops_taking_data_is_stalled_in_french() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let printer_side = thread::spawn(move || {
        // Accepts, then reads nothing (paper out) until the till has given up.
        let (_stream, _) = listener.accept().unwrap();
        finished.recv().unwrap();
    });
    let printer = NetworkPrinter::new(&address)
        .unwrap()
        .with_timeouts(Duration::from_secs(2), Duration::from_millis(300));
    // More than every socket buffer of the loopback holds.
    let error = printer.send(&vec![b'A'; 64 << 20]).unwrap_err();
    done.send(()).unwrap();
    printer_side.join().unwrap();
    assert_eq!(error, PrinterError::Stalled(address.clone()));
    assert!(error.to_string().starts_with(&format!(
        "l'imprimante à {address} ne reçoit plus (délai dépassé) : vérifiez le papier"
    )));
}

#[test]
fn no_printer_listening_is_unreachable_in_french() {
    // A port that was just free: nothing listens on it any more.
    let address = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().to_string()
    };
    let error = Printer::parse(&address).unwrap().open_drawer().unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("imprimante injoignable à {address} : vérifiez qu'elle est allumée et sur le même réseau")
    );
    assert_eq!(error.code(), "printer_unreachable");
}

#[test]
fn an_address_that_does_not_answer_is_unreachable_within_the_connect_timeout() {
    // TEST-NET-1 (RFC 5737): routed nowhere, so the connection times out, or fails at
    // once on a machine without a network.
    let printer = NetworkPrinter::new("192.0.2.1")
        .unwrap()
        .with_timeouts(Duration::from_millis(300), Duration::from_secs(1));
    let started = std::time::Instant::now();
    let error = printer.send(b"\x1b@").unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(error, PrinterError::Unreachable("192.0.2.1:9100".into()));
}

#[test]
fn a_network_printer_is_on_port_9100_unless_told() {
    assert_eq!(DEFAULT_PORT, 9100);
    assert_eq!(
        Printer::parse("192.168.1.50").unwrap().to_string(),
        "imprimante réseau 192.168.1.50:9100"
    );
    let unreachable = PrinterError::Unreachable("192.168.1.50:9100".into());
    assert_eq!(
        unreachable.to_string(),
        "imprimante injoignable à 192.168.1.50:9100 : vérifiez qu'elle est allumée et sur le même réseau"
    );
}

#[test]
fn without_a_usb_printer_nothing_panics_and_the_error_says_what_to_do() {
    // As in CI: no USB printer is plugged in (or USB is not usable at all).
    assert_eq!(list_printers(), []);
    let started = std::time::Instant::now();
    let error = UsbPrinter::first().send(b"\x1b@").unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        matches!(
            error,
            PrinterError::NoUsbPrinter | PrinterError::UsbUnavailable(_)
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains(" : "), "{error}");
    let error = Printer::parse("usb").unwrap().open_drawer().unwrap_err();
    assert!(
        matches!(
            error,
            PrinterError::NoUsbPrinter | PrinterError::UsbUnavailable(_)
        ),
        "{error:?}"
    );
}
