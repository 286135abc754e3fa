//! `guichet mail …` (issue 10, rule T6) against a REAL SMTP server on loopback
//! (aiosmtpd, tests/smtp/server.py: STARTTLS with a private authority's certificate
//! trusted through GUICHET_CA_FILE, AUTH against the real system keychain), what it
//! received parsed with a MIME parser (mail-parser). E-mails wait in the local queue
//! while the server is down and leave once when it comes back; a booking's e-mail
//! waits until a real `guichet-sync` has applied the booking; a process killed with
//! SIGKILL in the middle of a sending loses nothing: the message leaves again with the
//! same Message-ID (at-least-once, as SMTP allows).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use guichet_tests::keyring::{assert_nowhere, KeyringSession};
use guichet_tests::sync_device::Device;
use guichet_tests::sync_server::{Backend, SyncServer};
use guichet_tests::{guichet_bin, workspace, DataDir, Run};
use mail_parser::MimeHeaders;
use serde_json::Value;

/// A real SMTP server (aiosmtpd) on loopback; killed when dropped.
struct SmtpServer {
    child: Child,
    out: PathBuf,
}

impl SmtpServer {
    fn start(port: u16, out: &Path, extra: &[&str]) -> SmtpServer {
        std::fs::create_dir_all(out).unwrap();
        let mut child = Command::new("python3")
            .arg(workspace().join("tests/smtp/server.py"))
            .args(["--port", &port.to_string(), "--out"])
            .arg(out)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/setup.sh installs it)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(
            line.starts_with("ready"),
            "the SMTP server did not start: {line:?} (pip install aiosmtpd)"
        );
        SmtpServer {
            child,
            out: out.to_owned(),
        }
    }

    /// The messages it accepted, as received, in order.
    fn received(&self) -> Vec<Vec<u8>> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        names.sort();
        names.iter().map(|p| std::fs::read(p).unwrap()).collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    guichet_tests::postgres::free_port()
}

fn parse(raw: &[u8]) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a MIME message")
}

fn queue(dir: &DataDir) -> Vec<Value> {
    dir.ok(&["mail", "queue"]).as_array().unwrap().clone()
}

/// `mail send` to Hélène with the subject, the body file and `extra`.
fn send_args<'a>(body: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "mail",
        "send",
        "--to",
        "helene.durand@exemple.fr",
        "--subject",
        SUBJECT,
        "--body-file",
        body.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args
}

fn plain_settings(dir: &DataDir, port: u16) {
    dir.ok(&[
        "mail",
        "settings",
        "--host",
        "127.0.0.1",
        "--port",
        &port.to_string(),
        "--security",
        "plain",
        "--from",
        "contact@gite-des-pins.fr",
        "--from-name",
        "Gîte des Pins",
    ]);
}

const SUBJECT: &str = "Votre séjour à l'Hôtel des Pins — confirmé";
const BODY: &str = "Bonjour Hélène,\n\nVotre réservation est confirmée : arrivée le 14/07/2027, \
                    départ le 21/07/2027.\nAcompte reçu : 1 100,00 €. À très bientôt !\n\n— L'équipe\n";
const PASSWORD: &str = "Mot-de-passe-SMTP-Été-2027";

#[test]
fn t6_starttls_with_a_trusted_authority_delivers_accents_and_attachment_intact_and_the_password_stays_in_the_keychain(
) {
    let session = KeyringSession::start();
    let root = tempfile::tempdir().unwrap();
    let certs = guichet_tests::tls::private_authority(root.path());
    let path = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    let (ca, cert, key) = (path(&certs.ca), path(&certs.cert), path(&certs.key));
    let port = free_port();
    let server = SmtpServer::start(
        port,
        &root.path().join("recu"),
        &[
            "--starttls",
            "--cert",
            &cert,
            "--key",
            &key,
            "--user",
            "gite",
            "--password",
            PASSWORD,
        ],
    );
    let dir = root.path().join("donnees");
    let env = [("GUICHET_CA_FILE", ca.as_str())];
    let run = |args: &[&str], stdin: Option<&str>| session.run_env(&dir, args, stdin, &env);
    let mut outputs: Vec<Run> = Vec::new();
    let ok = |r: Run, outputs: &mut Vec<Run>| -> Value {
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
        let v = r.json();
        outputs.push(r);
        v
    };

    // A wrong password first: a clear failure, in French, no retry by itself.
    let set = run(
        &[
            "--json",
            "mail",
            "settings",
            "--host",
            "localhost",
            "--port",
            &port.to_string(),
            "--security",
            "starttls",
            "--user",
            "gite",
            "--from",
            "contact@gite-des-pins.fr",
            "--from-name",
            "Gîte des Pins",
            "--password-file",
            "-",
        ],
        Some("pas-le-bon\n"),
    );
    let settings = ok(set, &mut outputs);
    assert_eq!(settings["has_password"], true);
    assert_eq!(settings["security"], "starttls");
    let body_file = root.path().join("message.txt");
    std::fs::write(&body_file, BODY).unwrap();
    let contract = root.path().join("contrat-Hélène.pdf");
    let pdf: Vec<u8> = (0..70_000u32).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&contract, &pdf).unwrap();
    let mut args = vec!["--json"];
    args.extend(send_args(
        &body_file,
        &["--attach", contract.to_str().unwrap()],
    ));
    let sent = run(&args, None);
    let mail = ok(sent, &mut outputs);
    assert_eq!(mail["state"], "failed", "{mail}");
    assert!(
        mail["error"]
            .as_str()
            .unwrap()
            .starts_with("mot de passe refusé par le serveur d'envoi localhost:"),
        "{mail}"
    );
    assert_eq!(
        mail["next_try_at"],
        Value::Null,
        "a refused password is not retried alone"
    );
    assert!(server.received().is_empty());

    // The right password: the settings change sends it again.
    ok(
        run(
            &["--json", "mail", "settings", "--password-file", "-"],
            Some(&format!("{PASSWORD}\n")),
        ),
        &mut outputs,
    );
    let round = ok(run(&["--json", "mail", "flush"], None), &mut outputs);
    assert_eq!(round["sent"], 1, "{round}");
    let listed = ok(run(&["--json", "mail", "queue"], None), &mut outputs);
    assert_eq!(listed[0]["state"], "sent");
    assert_eq!(listed[0]["attempts"], 2);
    assert!(listed[0]["sent_at"].is_string());

    let received = server.received();
    assert_eq!(received.len(), 1);
    let message = parse(&received[0]);
    assert_eq!(message.subject(), Some(SUBJECT));
    assert_eq!(message.body_text(0).unwrap().replace("\r\n", "\n"), BODY);
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Gîte des Pins"));
    assert_eq!(from.address(), Some("contact@gite-des-pins.fr"));
    assert_eq!(
        message.message_id().map(|m| format!("<{m}>")),
        listed[0]["message_id"].as_str().map(str::to_owned)
    );
    let attachment = message.attachment(0).unwrap();
    assert_eq!(attachment.attachment_name(), Some("contrat-Hélène.pdf"));
    assert_eq!(attachment.contents(), pdf.as_slice());

    // Untrusted certificate (no GUICHET_CA_FILE): refused, in French, nothing sent.
    let untrusted = session.run(
        &dir,
        &["--json", "mail", "test", "--to", "moi@exemple.fr"],
        None,
    );
    assert_eq!(untrusted.code, 1, "{}", untrusted.stdout);
    assert!(
        untrusted.stderr.contains("connexion sécurisée impossible"),
        "{}",
        untrusted.stderr
    );
    outputs.push(untrusted);
    assert_eq!(server.received().len(), 1);

    // The password is nowhere but in the keychain: database, WAL, logs, outputs.
    assert!(dir.join("logs").is_dir());
    assert_nowhere(&dir, &[PASSWORD, "pas-le-bon"]);
    for r in &outputs {
        assert!(!r.stdout.contains(PASSWORD) && !r.stderr.contains(PASSWORD));
    }
}

#[test]
fn t6_an_email_queued_while_the_server_is_down_waits_with_a_french_reason_and_leaves_once_when_it_comes_up(
) {
    let dir = DataDir::demo();
    let port = free_port();
    plain_settings(&dir, port);
    // A ticket booking's tickets, on a device never enrolled: no wait for a server.
    let session = dir.session();
    let booking = dir.ok(&["tickets", "list", "--session", &session])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mail = dir.ok(&["mail", "tickets", &booking, "--to", "client@exemple.fr"]);
    assert_eq!(mail["state"], "failed", "{mail}");
    assert_eq!(mail["attempts"], 1);
    assert!(
        mail["error"].as_str().unwrap().contains("injoignable")
            && mail["error"]
                .as_str()
                .unwrap()
                .contains("repartira tout seul"),
        "{mail}"
    );
    assert!(mail["next_try_at"].is_string());
    let people = dir.run_text(&["mail", "queue"], &[]);
    assert!(
        people.stdout.contains("échec (1 tentative)"),
        "{}",
        people.stdout
    );

    let out = dir.scratch().join("recu");
    let server = SmtpServer::start(port, &out, &[]);
    let round = dir.ok(&["mail", "flush"]);
    assert_eq!(round["sent"], 1, "{round}");
    assert_eq!(dir.ok(&["mail", "flush"])["sent"], 0);
    let listed = queue(&dir);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["state"], "sent");
    assert_eq!(listed[0]["error"], Value::Null);
    let received = server.received();
    assert_eq!(received.len(), 1, "sent once, never twice");
    let message = parse(&received[0]);
    assert!(message
        .subject()
        .unwrap()
        .starts_with("Vos billets — réservation "));
    let pdf = message.attachment(0).unwrap();
    assert!(pdf.contents().starts_with(b"%PDF"));
    assert!(pdf.attachment_name().unwrap().starts_with("billets-"));
}

#[test]
fn t6_a_bookings_email_waits_until_the_sync_server_has_applied_the_booking() {
    let root = tempfile::tempdir().unwrap();
    let sync = SyncServer::start(Backend::Sqlite(root.path().join("srv")), 0);
    let provider = sync.provider("Gîte des Pins");
    let device = Device::demo();
    let dir = &device.0;
    device.enroll(&sync, &provider);
    let port = free_port();
    let server = SmtpServer::start(port, &root.path().join("recu"), &[]);
    plain_settings(dir, port);
    let booking = dir.ok(&["bookings"])[0]["id"].as_str().unwrap().to_owned();
    let body = dir.scratch().join("corps.txt");
    std::fs::write(&body, BODY).unwrap();
    let mail = dir.ok(&send_args(&body, &["--booking", &booking]));
    assert_eq!(mail["state"], "waiting", "{mail}");
    assert!(mail["waiting_for"]
        .as_str()
        .unwrap()
        .contains("serveur de synchronisation"));
    assert_eq!(dir.ok(&["mail", "flush"])["sent"], 0);
    assert!(server.received().is_empty());
    // An e-mail about nothing in particular leaves at once, even on an enrolled device.
    let free = dir.ok(&[
        "mail",
        "send",
        "--to",
        "autre@exemple.fr",
        "--subject",
        "Question",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    assert_eq!(free["state"], "sent", "{free}");
    assert_eq!(server.received().len(), 1);

    device.sync();
    let round = dir.ok(&["mail", "flush"]);
    assert_eq!(round["sent"], 1, "{round}");
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert_eq!(parse(&received[1]).subject(), Some(SUBJECT));
}

#[test]
fn t6_a_sending_killed_with_sigkill_is_sent_again_with_the_same_message_id_and_never_lost() {
    let dir = DataDir::new();
    let port = free_port();
    plain_settings(&dir, port);
    let body = dir.scratch().join("corps.txt");
    std::fs::write(&body, BODY).unwrap();
    let mail = dir.ok(&send_args(&body, &["--queue-only"]));
    assert_eq!(mail["state"], "waiting");
    // The server stores the message, then waits 20 s before it answers "250".
    let server = SmtpServer::start(port, &dir.scratch().join("recu"), &["--pause-first", "20"]);
    let mut flush = Command::new(guichet_bin())
        .args(["--data-dir", &dir.path(), "--json", "mail", "flush"])
        .env_remove("GUICHET_NOW")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.received().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "nothing reached the server"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    flush.kill().unwrap();
    flush.wait().unwrap();
    let stuck = queue(&dir);
    assert_eq!(stuck[0]["state"], "sending", "{stuck:?}");

    let round = dir.ok(&["mail", "flush"]);
    assert_eq!(round["sent"], 1, "{round}");
    let listed = queue(&dir);
    assert_eq!(listed[0]["state"], "sent");
    assert_eq!(listed[0]["attempts"], 2);
    assert!(listed[0]["error"].is_null());
    assert_eq!(dir.ok(&["mail", "flush"])["sent"], 0);
    let received = server.received();
    assert_eq!(
        received.len(),
        2,
        "at-least-once: the interrupted copy and the new one"
    );
    let ids: Vec<String> = received
        .iter()
        .map(|raw| parse(raw).message_id().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids[0], ids[1],
        "the duplicate is recognisable by its Message-ID"
    );
    assert_eq!(
        format!("<{}>", ids[0]),
        listed[0]["message_id"].as_str().unwrap()
    );
}

#[test]
fn t6_settings_are_checked_in_french() {
    let dir = DataDir::new();
    let plain = dir.run(&[
        "mail",
        "settings",
        "--host",
        "smtp.exemple.fr",
        "--security",
        "plain",
        "--from",
        "a@exemple.fr",
    ]);
    assert_eq!(plain.code, 2);
    assert!(
        plain
            .stderr
            .contains("sans chiffrement n'est permis que vers cette machine"),
        "{}",
        plain.stderr
    );
    let bad = dir.run(&[
        "mail",
        "settings",
        "--host",
        "smtp.exemple.fr",
        "--from",
        "pas-une-adresse",
    ]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("adresse d'expédition « pas-une-adresse » invalide"),
        "{}",
        bad.stderr
    );
    let set = dir.ok(&[
        "mail",
        "settings",
        "--host",
        "smtp.exemple.fr",
        "--from",
        "a@exemple.fr",
    ]);
    assert_eq!(set["port"], 587);
    assert_eq!(set["security"], "starttls");
    let body = dir.scratch().join("corps.txt");
    std::fs::write(&body, "x").unwrap();
    let to = dir.run(&[
        "mail",
        "send",
        "--to",
        "personne",
        "--subject",
        "s",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    assert_eq!(to.code, 2);
    assert!(
        to.stderr
            .contains("adresse du destinataire « personne » invalide"),
        "{}",
        to.stderr
    );
}

#[test]
fn t6_b2_b3_a_confirmation_written_offline_leaves_rendered_with_its_contract_and_invoice_when_the_network_returns(
) {
    let root = tempfile::tempdir().unwrap();
    let (store, sync_port) = (root.path().join("srv"), free_port());
    let sync = SyncServer::start(Backend::Sqlite(store.clone()), sync_port);
    let provider = sync.provider("Gîte des Pins");
    let device = Device::demo();
    let dir = &device.0;
    device.enroll(&sync, &provider);
    // The network goes: neither the sync server nor the SMTP server can be reached.
    drop(sync);
    let smtp_port = free_port();
    plain_settings(dir, smtp_port);
    let template = dir.scratch().join("confirmation.txt");
    std::fs::write(
        &template,
        "Objet : Réservation n° {Numero} confirmée\n\nBonjour {ContactTitre} {ContactPrenom} {ContactNom},\n\
         Total : {Total}. Acompte demandé : {MontantAcompte} ({PourcentageAcompte}). Reste à payer : {Solde}.\n",
    )
    .unwrap();
    dir.ok(&[
        "templates",
        "set",
        "confirmation",
        "--file",
        template.to_str().unwrap(),
    ]);
    let unit = dir.ok(&["units"])[0]["id"].as_str().unwrap().to_owned();
    let booking = dir.ok(&[
        "bookings",
        "create",
        "--unit",
        &unit,
        "--from",
        "2027-10-02",
        "--nights",
        "3",
        "--name",
        "Hélène Moreau",
        "--title",
        "Mme",
        "--email",
        "helene@exemple.fr",
        "--price",
        "1100.00",
    ])["booking"]
        .as_str()
        .unwrap()
        .to_owned();
    // Invoiced offline too (B3): the e-mail carries the invoice as issued.
    let invoice = dir.ok(&["invoices", "issue", "--booking", &booking]);
    let number = invoice["number"].as_str().unwrap().to_owned();
    let issued = dir.scratch().join("facture-emise.pdf");
    dir.ok(&[
        "invoices",
        "pdf",
        invoice["invoice"].as_str().unwrap(),
        "--out",
        issued.to_str().unwrap(),
    ]);
    let mail = dir.ok(&["mail", "booking", &booking]);
    assert_eq!(mail["state"], "waiting", "{mail}");
    assert_eq!(mail["to"], "helene@exemple.fr");
    assert_eq!(
        dir.ok(&["mail", "flush"])["sent"],
        0,
        "offline: nothing leaves"
    );
    assert_eq!(dir.run(&["sync"]).code, 1, "the sync server is unreachable");

    // The network returns: the same server, then the SMTP server.
    let _sync = SyncServer::start(Backend::Sqlite(store), sync_port);
    let out = root.path().join("recu");
    let smtp = SmtpServer::start(smtp_port, &out, &[]);
    device.sync();
    assert_eq!(dir.ok(&["mail", "flush"])["sent"], 1);
    assert_eq!(dir.ok(&["mail", "flush"])["sent"], 0, "once, never twice");
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let message = parse(&received[0]);
    let subject = message.subject().unwrap();
    assert!(subject.starts_with("Réservation n° R-"), "{subject}");
    assert!(subject.ends_with(" confirmée"), "{subject}");
    let body = message.body_text(0).unwrap();
    assert!(body.contains("Bonjour Mme Hélène Moreau,"), "{body}");
    assert!(
        body.contains("Total : 1\u{202f}100,00\u{a0}€. Acompte demandé : 330,00\u{a0}€ (30\u{a0}%). Reste à payer : 1\u{202f}100,00\u{a0}€."),
        "{body}"
    );
    assert!(!body.contains('{'), "every placeholder filled: {body}");
    let contract = message.attachment(0).unwrap();
    assert!(contract
        .attachment_name()
        .unwrap()
        .starts_with("contrat-R-"));
    let pdf = dir.scratch().join("contrat-recu.pdf");
    std::fs::write(&pdf, contract.contents()).unwrap();
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (scripts/setup.sh installs it)");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Hélène Moreau"), "{text}");
    assert!(text.contains("1 100,00"), "{text}");
    let attached = message.attachment(1).unwrap();
    assert_eq!(
        attached.attachment_name(),
        Some(format!("facture-{number}.pdf").as_str())
    );
    assert_eq!(
        attached.contents(),
        std::fs::read(&issued).unwrap().as_slice()
    );
}

/// Every byte of the data dir's files, after folding each database's journal in.
fn data_bytes(dir: &DataDir) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "db") {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.busy_timeout(Duration::from_secs(10)).unwrap();
            let _: (i64, i64, i64) = conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .unwrap();
        }
    }
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            out.extend(std::fs::read(&path).unwrap());
        }
    }
    out
}

/// Anonymising a guest (GDPR) reaches this device's e-mail queue: the messages about
/// their booking or to their address, sent or not, keep their row and state but lose
/// the address, subject, body and attachments; one not sent yet never leaves (failed,
/// with the reason; « relancer » refuses it). A stranger's e-mail is untouched.
#[test]
fn gdpr_t6_anonymising_a_guest_blanks_their_emails_in_the_queue_sent_or_not() {
    const GUEST: &str = "Hélène Moreau";
    const TO: &str = "helene.moreau@exemple.fr";
    const SECRET: &str = "code du portail 4417";
    let root = tempfile::tempdir().unwrap();
    let dir = DataDir::new();
    let unit = dir.ok(&["units", "add", "--name", "Gîte des Pins", "--capacity", "4"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let booking = dir.ok(&[
        "bookings",
        "create",
        "--unit",
        &unit,
        "--from",
        "2027-10-02",
        "--nights",
        "3",
        "--name",
        GUEST,
        "--email",
        TO,
        "--price",
        "300.00",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let port = free_port();
    plain_settings(&dir, port);
    let body = dir.scratch().join("corps.txt");
    std::fs::write(&body, format!("Bonjour {GUEST},\nLe {SECRET}.\n")).unwrap();
    let mail = |extra: &[&str]| {
        let mut args = vec![
            "mail",
            "send",
            "--subject",
            "Votre séjour, Hélène Moreau",
            "--body-file",
            body.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        dir.ok(&args)["id"].as_str().unwrap().to_owned()
    };
    // One sent through a real SMTP server, then the server goes.
    let server = SmtpServer::start(port, &root.path().join("recu"), &[]);
    let sent = mail(&["--to", TO, "--booking", &booking]);
    assert_eq!(server.received().len(), 1);
    drop(server);
    // Waiting: about the booking, with the contract attached; and to their address.
    let contract = dir.ok(&["mail", "booking", &booking, "--queue-only"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let waiting = mail(&["--to", TO, "--queue-only"]);
    let other_body = dir.scratch().join("autre.txt");
    std::fs::write(&other_body, "Bonjour,\nÀ bientôt.\n").unwrap();
    let stranger = dir.ok(&[
        "mail",
        "send",
        "--to",
        "autre@exemple.fr",
        "--subject",
        "Question",
        "--body-file",
        other_body.to_str().unwrap(),
        "--queue-only",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = queue(&dir);
    assert!(before
        .iter()
        .any(|m| m["id"] == contract && !m["attachments"].as_array().unwrap().is_empty()));
    assert!(contains(&data_bytes(&dir), TO) && contains(&data_bytes(&dir), SECRET));

    dir.ok(&["guests", "anonymise", "--email", TO]);

    let after = queue(&dir);
    let row = |id: &str| after.iter().find(|m| m["id"] == id).unwrap().clone();
    for id in [&sent, &contract, &waiting] {
        let m = row(id);
        assert_eq!(m["to"], "anonyme@anonyme.invalid", "{m}");
        assert!(!m["subject"].as_str().unwrap().contains("Hélène"), "{m}");
        assert!(m["attachments"].as_array().unwrap().is_empty(), "{m}");
    }
    assert_eq!(row(&sent)["state"], "sent", "a sent e-mail stays sent");
    for id in [&contract, &waiting] {
        let m = row(id);
        assert_eq!(m["state"], "failed", "{m}");
        assert!(m["error"].as_str().unwrap().contains("anonymisé"), "{m}");
        assert_eq!(m["next_try_at"], Value::Null);
        let retry = dir.run(&["mail", "retry", id]);
        assert_eq!(retry.code, 1, "{}", retry.stdout);
        assert!(retry.stderr.contains("anonymisé"), "{}", retry.stderr);
    }
    let other = row(&stranger);
    assert_eq!(other["to"], "autre@exemple.fr");
    assert_eq!(other["state"], "waiting");
    assert_eq!(after.len(), before.len(), "every row kept");
    // The server back: only the stranger's e-mail leaves.
    let server = SmtpServer::start(port, &root.path().join("recu2"), &[]);
    assert_eq!(dir.ok(&["mail", "flush"])["sent"], 1);
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert!(!contains(&received[0], TO));
    // Nothing of their e-mails left in the files.
    let bytes = data_bytes(&dir);
    assert!(
        !contains(&bytes, TO),
        "the address is still in the data dir"
    );
    assert!(
        !contains(&bytes, SECRET),
        "the body is still in the data dir"
    );
    assert!(!contains(&bytes, "Votre séjour, Hélène"));
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}
