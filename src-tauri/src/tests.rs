//! The window's commands through Tauri's real IPC path (`tauri::test`, no display):
//! a 400-ticket print does not hold the application, so the gate keeps scanning.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use guichet_app::App;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{Listener, Manager, WebviewWindow, WebviewWindowBuilder};
use uuid::Uuid;

use crate::commands;
use crate::progress::Progress;

fn request(cmd: &str, body: serde_json::Value) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(body),
        headers: Default::default(),
        invoke_key: tauri::test::INVOKE_KEY.to_string(),
    }
}

fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    get_ipc_response(window, request(cmd, body)).map(|b| b.deserialize().unwrap())
}

struct Window {
    _dir: tempfile::TempDir,
    app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    session: Uuid,
    booking: Uuid,
    code: String,
}

/// The window's shell over `app`, with every command, and its main window.
fn shell(app: App) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let shell = mock_builder()
        .manage(commands::State::new(app))
        .manage(Arc::new(crate::inputs::Inputs::default()))
        .invoke_handler(commands::handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = WebviewWindowBuilder::new(&shell, "main", Default::default())
        .build()
        .unwrap();
    (shell, window)
}

/// A window on a data dir with one session and a booking of `tickets` tickets.
fn window(tickets: u32) -> Window {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::open(dir.path()).unwrap();
    let organizer = app.add_organizer("Jazz en Vallon").unwrap();
    let event = app.add_event("Concert").unwrap();
    app.add_ticket_product(
        event,
        "Plein tarif",
        "Concerts",
        organizer,
        "25".parse().unwrap(),
    )
    .unwrap();
    let starts = app.now() + chrono::Duration::minutes(30);
    let session = app.add_session(event, starts, tickets + 10).unwrap().id;
    let issued = app.issue_tickets(session, None, tickets, "Client").unwrap();
    let (shell, window) = shell(app);
    Window {
        _dir: dir,
        app: shell,
        window,
        session,
        booking: issued.booking,
        code: issued.codes[0].clone(),
    }
}

#[test]
fn shell_commands_answer_over_ipc_with_the_app_error_shape() {
    let w = window(1);
    let sessions = invoke(&w.window, "sessions", serde_json::json!({})).unwrap();
    assert_eq!(sessions[0]["id"], w.session.to_string());
    let refused = invoke(
        &w.window,
        "print_tickets",
        serde_json::json!({ "booking": Uuid::from_u128(7), "file": w._dir.path().join("x.pdf") }),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "input");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("aucune réservation de billets"),
        "{refused}"
    );
}

/// The gate's polling (inputs.rs) and the gate's commands take the application's
/// lock; a 400-ticket print used to hold it for its whole rendering (3.3 s in the
/// window). Now the print holds it only to read its pages: while it renders, a scan
/// through the IPC and a polling loop on the lock answer at once.
#[test]
fn shell_print_of_400_tickets_does_not_stall_the_gate() {
    let w = window(400);
    let (started, progress) = mpsc::channel::<Progress>();
    w.app.listen(crate::progress::EVENT, move |event| {
        let _ = started.send(serde_json::from_str(event.payload()).unwrap());
    });

    let printed = Arc::new(AtomicBool::new(false));
    let printer = {
        let (window, booking, printed) = (w.window.clone(), w.booking, Arc::clone(&printed));
        let file = w._dir.path().join("billets choisis.pdf");
        std::thread::spawn(move || {
            let began = Instant::now();
            let path = invoke(
                &window,
                "print_tickets",
                serde_json::json!({ "booking": booking, "file": file }),
            );
            printed.store(true, Ordering::SeqCst);
            (path, began.elapsed())
        })
    };
    // The pages are read: rendering starts.
    let first = progress.recv_timeout(Duration::from_secs(60)).unwrap();
    assert_eq!((first.done, first.total), (0, 400), "{first:?}");

    // The gate's polling thread: take the lock, as inputs.rs does, every 40 ms.
    let state = w.app.state::<commands::State>();
    let mut slowest_lock = Duration::ZERO;
    let mut polls = 0;
    let mut scan_latency = None;
    while !printed.load(Ordering::SeqCst) {
        let asked = Instant::now();
        drop(commands::lock(&state.app).unwrap());
        slowest_lock = slowest_lock.max(asked.elapsed());
        polls += 1;
        if scan_latency.is_none() {
            let asked = Instant::now();
            let scan = invoke(
                &w.window,
                "scan",
                serde_json::json!({ "session": w.session, "code": w.code, "source": "test" }),
            )
            .unwrap();
            assert_eq!(scan["verdict"], "admitted", "{scan}");
            scan_latency = Some((asked.elapsed(), printed.load(Ordering::SeqCst)));
        }
        std::thread::sleep(Duration::from_millis(40));
    }
    let (path, print_time) = printer.join().unwrap();
    let path = path.unwrap();
    assert!(
        path.as_str().unwrap().ends_with("billets choisis.pdf"),
        "{path}"
    );
    assert!(std::path::Path::new(path.as_str().unwrap()).exists());
    // Pages laid out, then the end: a bar that moves, steadily, up to 400 of 400.
    let mut steps = Vec::new();
    while let Ok(step) = progress.recv_timeout(Duration::from_secs(5)) {
        steps.push(step.done);
        if step.done == step.total {
            break;
        }
    }
    assert_eq!(steps.last(), Some(&400), "{steps:?}");
    assert!(
        steps.len() >= 10,
        "the bar moves during the batch: {steps:?}"
    );
    assert!(steps.windows(2).all(|w| w[0] < w[1]), "{steps:?}");

    let (scan_latency, print_over_by_then) = scan_latency.unwrap();
    eprintln!(
        "print of 400 tickets: {print_time:?}; during it, a scan answered in {scan_latency:?}, \
         {polls} polls of the lock waited at most {slowest_lock:?}"
    );
    assert!(
        !print_over_by_then,
        "the scan only answered once the print was over"
    );
    assert!(
        polls >= 3,
        "the print was too quick to measure anything ({print_time:?})"
    );
    assert!(
        scan_latency < Duration::from_millis(500),
        "{scan_latency:?}"
    );
    assert!(
        slowest_lock < Duration::from_millis(200),
        "{slowest_lock:?}"
    );
}

/// The sync commands answer from the local copy: a device not enrolled has no
/// enrolment and its operations wait; plain http to another machine is refused in
/// French before anything goes on the network; the inbox is empty.
#[test]
fn d4_sync_commands_answer_from_the_local_copy_and_refuse_plain_http() {
    let w = window(1);
    let status = invoke(&w.window, "sync_status", serde_json::json!({})).unwrap();
    assert_eq!(status["enrolment"], serde_json::Value::Null, "{status}");
    assert!(status["state"]["pending"].as_i64().unwrap() > 0, "{status}");
    assert_eq!(status["device_name"], "poste principal", "{status}");
    let refused = invoke(
        &w.window,
        "enroll",
        serde_json::json!({ "server": "http://192.0.2.10:8080", "code": "ABCD" }),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "input", "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .starts_with("adresse en clair refusée"),
        "{refused}"
    );
    let inbox = invoke(&w.window, "conflicts", serde_json::json!({})).unwrap();
    assert_eq!(inbox, serde_json::json!([]));
    let unknown = invoke(
        &w.window,
        "settle_conflict",
        serde_json::json!({ "conflict": Uuid::from_u128(9), "settle": { "how": "acknowledge" } }),
    )
    .unwrap_err();
    assert!(
        unknown["message"].as_str().unwrap().contains("inconnu"),
        "{unknown}"
    );
}

/// The festival is set up through the IPC as the window does it: a session typed as
/// a Paris date and time, a bad time refused in French, the seats edited.
#[test]
fn festival_setup_commands_take_paris_dates_and_refuse_in_french() {
    let w = window(1);
    let event = invoke(&w.window, "add_event", serde_json::json!({ "name": "Bal" })).unwrap();
    let session = invoke(
        &w.window,
        "add_session",
        serde_json::json!({ "event": event, "date": "2026-07-14", "time": "20:30", "capacity": 80 }),
    )
    .unwrap();
    assert_eq!(session["starts_at"], "2026-07-14T18:30:00Z", "{session}");
    assert_eq!(session["active"], true);
    let refused = invoke(
        &w.window,
        "add_session",
        serde_json::json!({ "event": event, "date": "2026-07-14", "time": "25h", "capacity": 80 }),
    )
    .unwrap_err();
    assert_eq!(refused["message"], "« 25h » : écrivez l'heure comme 20:30");
    let edited = invoke(
        &w.window,
        "edit_session",
        serde_json::json!({ "session": session["id"], "capacity": 120, "active": false }),
    )
    .unwrap();
    assert_eq!(
        (edited["capacity"].as_u64(), edited["active"].as_bool()),
        (Some(120), Some(false))
    );
    let organizers = invoke(&w.window, "organizers", serde_json::json!({})).unwrap();
    assert_eq!(organizers[0]["name"], "Jazz en Vallon");
}

#[test]
fn a10_a13_till_commands_sell_print_redeem_once_and_refuse_in_french_over_ipc() {
    let w = window(1);
    let product = invoke(
        &w.window,
        "add_product",
        serde_json::json!({ "name": "Canoë", "price": "25.00", "vatRate": 2000, "channels": ["till", "widget"] }),
    )
    .unwrap();
    assert_eq!(product["channels"], serde_json::json!(["till", "widget"]));
    let sold = invoke(
        &w.window,
        "sell_voucher",
        serde_json::json!({ "products": [product["id"]], "amount": "50.00", "method": "card" }),
    )
    .unwrap();
    let code = sold["code"].as_str().unwrap().to_owned();
    let file = w._dir.path().join("bon");
    let path = invoke(
        &w.window,
        "print_voucher",
        serde_json::json!({ "code": code, "file": file }),
    )
    .unwrap();
    assert_eq!(path, format!("{}.pdf", file.display()));
    assert!(std::fs::read(path.as_str().unwrap())
        .unwrap()
        .starts_with(b"%PDF-"));
    let suggested = invoke(
        &w.window,
        "suggested_voucher_file",
        serde_json::json!({ "code": code }),
    )
    .unwrap();
    assert!(suggested
        .as_str()
        .unwrap()
        .ends_with(&format!("bon-cadeau-{}.pdf", &code[26..])));

    let redeemed = invoke(
        &w.window,
        "redeem_voucher",
        serde_json::json!({ "code": code, "cart": "30.00" }),
    )
    .unwrap();
    assert_eq!(
        (&redeemed["redeemed"], &redeemed["forfeited"]),
        (&serde_json::json!("30.00"), &serde_json::json!("20.00"))
    );
    let again = invoke(
        &w.window,
        "redeem_voucher",
        serde_json::json!({ "code": code, "cart": "30.00" }),
    )
    .unwrap_err();
    assert_eq!(again["code"], "rule");
    assert_eq!(
        again["message"],
        "bon cadeau déjà utilisé : il ne paie qu'une fois"
    );
    let shown = invoke(&w.window, "voucher", serde_json::json!({ "code": code })).unwrap();
    assert_eq!(shown["status"], "used");
    let listed = invoke(&w.window, "vouchers", serde_json::json!({})).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let refused = invoke(
        &w.window,
        "remove_product",
        serde_json::json!({ "product": product["id"] }),
    )
    .unwrap_err();
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("a déjà été vendu : il ne peut pas être supprimé"),
        "{refused}"
    );
    let extended = invoke(
        &w.window,
        "extend_voucher",
        serde_json::json!({ "code": code, "until": "2099-01-01" }),
    )
    .unwrap_err();
    assert_eq!(extended["code"], "rule");
}

/// Comptabilité's export through the real IPC (rules A5, T7): an empty period is
/// refused in French and writes nothing; a sale's period is written as CSV (BOM, `;`)
/// and XLSX where the user chose, the extension added, with progress events that end
/// at their total; a relative path is refused.
#[test]
fn a5_the_window_exports_a_period_with_progress_and_refuses_an_empty_one() {
    let w = window(1);
    let state = w.app.state::<commands::State>();
    let product = {
        let mut app = state.app.lock().unwrap();
        app.add_product("Balade", "25".parse().unwrap(), 2000, &["till".to_owned()])
            .unwrap()
            .id
    };
    let (tell, progress) = mpsc::channel::<Progress>();
    w.app.listen(crate::progress::EVENT, move |event| {
        let _ = tell.send(serde_json::from_str(event.payload()).unwrap());
    });
    let today = state.app.lock().unwrap().today();
    let day = today.to_string();
    let out = w._dir.path().join("compta");
    std::fs::create_dir(&out).unwrap();
    let export = |kind: &str, format: &str, file: &std::path::Path| {
        invoke(
            &w.window,
            "export_period",
            serde_json::json!({ "kind": kind, "from": day, "to": day, "format": format, "file": file }),
        )
    };
    let empty = export("sales", "csv", &out.join("ventes")).unwrap_err();
    assert_eq!(empty["code"], "input");
    let words = empty["message"].as_str().unwrap();
    assert!(
        words.starts_with("aucune vente du ") && words.contains("choisissez une autre période"),
        "{words}"
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing written"
    );
    let forms = export("forms", "csv", &out.join("f")).unwrap_err();
    assert!(forms["message"]
        .as_str()
        .unwrap()
        .starts_with("aucune réponse aux formulaires"));

    invoke(
        &w.window,
        "open_till",
        serde_json::json!({ "float": "0.00" }),
    )
    .unwrap();
    invoke(
        &w.window,
        "sell",
        serde_json::json!({ "cart": { "lines": [{ "product": product, "quantity": 2, "activity_date": null }],
            "vouchers": [], "accept_forfeit": false,
            "payments": [{ "method": "cash", "amount": "50.00", "voucher_code": null, "printed_amount": null }] } }),
    )
    .unwrap();
    while progress.try_recv().is_ok() {}
    let done = export("sales", "csv", &out.join("ventes")).unwrap();
    assert_eq!(done["rows"], 1);
    let csv = std::fs::read(out.join("ventes.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}N° de vente;".as_bytes()));
    assert!(String::from_utf8(csv).unwrap().contains(";50,00;"));
    let events: Vec<Progress> = progress.try_iter().collect();
    assert!(!events.is_empty());
    let last = events.last().unwrap();
    assert_eq!(last.done, last.total, "the bar ends: {events:?}");
    let xlsx = export("sales", "xlsx", &out.join("ventes.xlsx")).unwrap();
    assert_eq!(xlsx["path"], out.join("ventes.xlsx").display().to_string());
    assert!(std::fs::read(out.join("ventes.xlsx"))
        .unwrap()
        .starts_with(b"PK"));
    let relative = export("sales", "csv", std::path::Path::new("ventes.csv")).unwrap_err();
    assert!(
        relative["message"]
            .as_str()
            .unwrap()
            .contains("écrivez le chemin complet"),
        "{relative}"
    );
}

/// E-mail through the IPC as the window does it (rule T6): the settings saved (plain
/// SMTP to this machine only, refused in French elsewhere), a booking's tickets queued
/// with their PDF, « Envoyer maintenant » with no server listening says why in French
/// and leaves the e-mail failed with the kind the window translates.
#[test]
fn t6_mail_commands_save_settings_queue_and_say_why_nothing_left() {
    let w = window(2);
    assert_eq!(
        invoke(&w.window, "mail_settings", serde_json::json!({})).unwrap(),
        serde_json::Value::Null
    );
    let far = invoke(
        &w.window,
        "set_mail_settings",
        serde_json::json!({ "input": { "host": "smtp.exemple.fr", "port": null, "security": "plain",
            "username": null, "from_address": "contact@gite.fr", "from_name": null },
            "password": null, "forgetPassword": false }),
    )
    .unwrap_err();
    assert_eq!(far["code"], "input");
    assert!(
        far["message"]
            .as_str()
            .unwrap()
            .contains("que vers cette machine"),
        "{far}"
    );
    // A port nobody listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let saved = invoke(
        &w.window,
        "set_mail_settings",
        serde_json::json!({ "input": { "host": "127.0.0.1", "port": port, "security": "plain",
            "username": null, "from_address": "contact@gite.fr", "from_name": "Gîte des Pins" },
            "password": null, "forgetPassword": false }),
    )
    .unwrap();
    assert_eq!(saved["from_name"], "Gîte des Pins");
    assert_eq!(saved["has_password"], false);
    {
        let state = w.app.state::<commands::State>();
        let mut app = state.app.lock().unwrap();
        app.queue_tickets_mail(w.booking, "client@exemple.fr", None, None)
            .unwrap();
    }
    let round = invoke(&w.window, "send_queued_mail", serde_json::json!({})).unwrap();
    assert_eq!(round["sent"], 0, "{round}");
    assert!(
        round["note"].as_str().unwrap().contains("injoignable"),
        "{round}"
    );
    let queue = invoke(&w.window, "mail_queue", serde_json::json!({})).unwrap();
    assert_eq!(queue[0]["state"], "failed", "{queue}");
    assert_eq!(queue[0]["error_kind"], "unreachable");
    assert_eq!(queue[0]["attachments"][0]["mime"], "application/pdf");
    let retried = invoke(
        &w.window,
        "retry_mail",
        serde_json::json!({ "id": queue[0]["id"] }),
    )
    .unwrap();
    assert_eq!(retried["state"], "waiting");
}

/// A window on a data dir with one unit, « Gîte des Lilas »; its id.
fn gite_window() -> (
    tempfile::TempDir,
    tauri::App<MockRuntime>,
    WebviewWindow<MockRuntime>,
    Uuid,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::open(dir.path()).unwrap();
    let unit = app.add_unit("Gîte des Lilas", 4).unwrap().id;
    let (shell, window) = shell(app);
    (dir, shell, window, unit)
}

/// B4 from the window: a channel's file imported, listed with its state, the unit's
/// feed written (our nights only, never the imported ones), the interval checked,
/// no subscription address before enrolment, and the source removed.
#[test]
fn b4_calendar_commands_import_list_export_and_remove_over_ipc() {
    let (dir, _shell, w, unit) = gite_window();
    let airbnb = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/ical/channels/airbnb.ics");
    let imported = invoke(
        &w,
        "import_calendar",
        serde_json::json!({ "unit": unit, "source": airbnb.display().to_string() }),
    )
    .unwrap();
    assert_eq!(imported["events"], 3);
    assert_eq!(imported["nights"].as_array().unwrap().len(), 5 + 2 + 7);
    let listed = invoke(&w, "calendars", serde_json::json!({ "unit": unit })).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["nights"], 14);
    assert_eq!(listed[0]["last_error"], serde_json::Value::Null);
    assert!(listed[0]["last_success"].is_string());

    let text = dir.path().join("liste.txt");
    std::fs::write(&text, "Liste des courses\npain\n").unwrap();
    let refused = invoke(
        &w,
        "import_calendar",
        serde_json::json!({ "unit": unit, "source": text.display().to_string() }),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "input");
    assert!(
        refused["message"].as_str().unwrap().starts_with(
            "ligne 1 : un calendrier commence par BEGIN:VCALENDAR — ce fichier n'est pas un calendrier iCalendar lisible"
        ),
        "{refused}"
    );

    let suggested = invoke(
        &w,
        "suggested_calendar_file",
        serde_json::json!({ "unit": unit }),
    )
    .unwrap();
    assert!(
        suggested
            .as_str()
            .unwrap()
            .ends_with("/calendrier-gîte-des-lilas.ics"),
        "{suggested}"
    );
    let out = dir.path().join("lilas.ics");
    let written = invoke(
        &w,
        "export_calendar",
        serde_json::json!({ "unit": unit, "file": out.display().to_string() }),
    )
    .unwrap();
    assert_eq!(written.as_str().unwrap(), out.display().to_string());
    let feed = std::fs::read_to_string(&out).unwrap();
    assert!(feed.starts_with("BEGIN:VCALENDAR"), "{feed}");
    assert!(
        !feed.contains("BEGIN:VEVENT"),
        "imported nights are never exported: {feed}"
    );

    let minutes = invoke(
        &w,
        "set_calendar_poll_minutes",
        serde_json::json!({ "minutes": 2 }),
    )
    .unwrap_err();
    assert_eq!(minutes["code"], "input");
    assert_eq!(
        invoke(
            &w,
            "set_calendar_poll_minutes",
            serde_json::json!({ "minutes": 30 })
        )
        .unwrap(),
        30
    );
    assert_eq!(
        invoke(&w, "calendar_poll_minutes", serde_json::json!({})).unwrap(),
        30
    );

    let url = invoke(&w, "calendar_feed_url", serde_json::json!({ "unit": unit })).unwrap_err();
    assert_eq!(url["code"], "rule");
    assert!(
        url["message"]
            .as_str()
            .unwrap()
            .contains("n'est inscrit auprès d'aucun serveur"),
        "{url}"
    );

    let source = listed[0]["id"].as_str().unwrap();
    invoke(
        &w,
        "remove_calendar",
        serde_json::json!({ "source": source }),
    )
    .unwrap();
    let after = invoke(&w, "calendars", serde_json::json!({ "unit": null })).unwrap();
    assert_eq!(after, serde_json::json!([]));
}

/// B4: an address that takes its time (here: a server that accepts and never answers
/// the TLS handshake) is read off the window's lock, with progress: meanwhile the
/// window lists its calendars at once; when the server hangs up, the import fails in
/// French and the bar goes away.
#[test]
fn b4_a_slow_calendar_address_does_not_hold_the_window() {
    let (_dir, shell, w, unit) = gite_window();
    let (tell, progress) = mpsc::channel::<Progress>();
    shell.listen(crate::progress::EVENT, move |event| {
        let _ = tell.send(serde_json::from_str(event.payload()).unwrap());
    });
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (accepted, connected) = mpsc::channel();
    let (hang_up, release) = mpsc::channel::<()>();
    let server = std::thread::spawn(move || {
        let (socket, _) = listener.accept().unwrap();
        accepted.send(()).unwrap();
        let _ = release.recv_timeout(Duration::from_secs(50));
        drop(socket);
    });
    let importer = {
        let w = w.clone();
        std::thread::spawn(move || {
            let began = Instant::now();
            let answer = invoke(
                &w,
                "import_calendar",
                serde_json::json!({ "unit": unit, "source": format!("https://127.0.0.1:{port}/airbnb.ics") }),
            );
            (answer, began.elapsed())
        })
    };
    let started = progress.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(
        (started.task, started.done, started.total),
        (crate::progress::ProgressTask::Calendar, 0, 1)
    );
    connected.recv_timeout(Duration::from_secs(10)).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let asked = Instant::now();
    let listed = invoke(&w, "calendars", serde_json::json!({ "unit": unit })).unwrap();
    let state = shell.state::<commands::State>();
    drop(commands::lock(&state.app).unwrap());
    let waited = asked.elapsed();
    assert_eq!(listed, serde_json::json!([]));
    assert!(
        waited < Duration::from_millis(500),
        "the window waited {waited:?}"
    );

    hang_up.send(()).unwrap();
    server.join().unwrap();
    let (answer, took) = importer.join().unwrap();
    let refused = answer.unwrap_err();
    assert_eq!(refused["code"], "offline", "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .starts_with("calendrier non importé : 127.0.0.1"),
        "{refused}"
    );
    assert!(took >= Duration::from_millis(300), "{took:?}");
    let over = progress.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!((over.done, over.total), (1, 1));
}
