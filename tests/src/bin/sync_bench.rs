//! `sync-bench`: the sync benchmarks of issue 7, each printed as one JSON line
//! (`scripts/bench-sync.sh` runs them beside atuin's in the same run and writes
//! docs/benchmarks.md). The server is the real `guichet-sync` process
//! (`GUICHET_SYNC_BIN`); devices are real applications on their own data dirs.
//!
//! `sync-bench push N` — a backlog of N operations pushed, then pulled and applied by a
//! second device. `sync-bench throughput [postgres://…]` — 8 devices pushing at once.
//! `sync-bench latency` — a change on one online device seen on another (long poll).
//! `sync-bench fanout N` — N devices holding a long poll on one server; one change.
//! `sync-bench scan-during-pull N` — gate scans while a pull applies N changes.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Timings and rates are measurements, not money: floats are fine here.
#![allow(clippy::float_arithmetic)]

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use guichet_app::sync::client::Client;
use guichet_app::App;
use guichet_core::sync::protocol::{EnrollRequest, PushItem, PushRequest};
use guichet_sync::sql::Database;
use guichet_tests::sync_server::{admin, Backend, SyncServer};
use serde_json::json;
use uuid::Uuid;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A device enrolled with `server` on its own data dir.
fn device(root: &Path, name: &str, server: &SyncServer, provider: &str) -> App {
    let mut app = App::open(&root.join(name)).unwrap();
    let code = server.code(provider);
    app.enroll(&server.url, &code).unwrap();
    app
}

/// A festival session on `app` (its id).
fn session(app: &mut App) -> Uuid {
    let organizer = app.add_organizer("Bench").unwrap();
    let event = app.add_event("Bench").unwrap();
    app.add_ticket_product(event, "Billet", "", organizer, "10".parse().unwrap())
        .unwrap();
    let starts = "2027-07-14T19:00:00Z".parse().unwrap();
    app.add_session(event, starts, 1_000_000).unwrap().id
}

/// `n` operations recorded at the gate (unreadable input: one `ticket_scanned` each).
fn backlog(app: &mut App, session: Uuid, n: usize) {
    for i in 0..n {
        app.scan(session, &format!("x{i}"), "bench").unwrap();
    }
}

fn sqlite_server(root: &Path) -> SyncServer {
    SyncServer::start(Backend::Sqlite(root.join("serveur")), 0)
}

fn push_and_pull(n: usize) {
    let root = tempfile::tempdir().unwrap();
    let server = sqlite_server(root.path());
    let provider = server.provider("Bench");
    let mut a = App::open(&root.path().join("a")).unwrap();
    let s = session(&mut a);
    backlog(&mut a, s, n);
    let code = server.code(&provider);
    a.enroll(&server.url, &code).unwrap();
    let total = a.sync_state().unwrap().pending;
    let t = Instant::now();
    let pushed = a.push(&mut |_| {}).unwrap();
    let push = t.elapsed();
    assert_eq!(pushed as i64, total);
    let mut b = device(root.path(), "b", &server, &provider);
    let t = Instant::now();
    let report = b.sync(&mut |_| {}).unwrap();
    let pull = t.elapsed();
    assert_eq!(report.pulled as i64, total);
    println!(
        "{}",
        json!({"bench": "push_pull", "operations": total, "push_s": push.as_secs_f64(),
               "push_per_s": total as f64 / push.as_secs_f64(), "pull_s": pull.as_secs_f64(),
               "pull_per_s": total as f64 / pull.as_secs_f64(), "push_batch": 1000, "pull_page": 1000})
    );
}

fn item(device: Uuid, seq: u64) -> PushItem {
    PushItem {
        base: 0,
        envelope: json!({
            "v": 1, "id": Uuid::from_u128((device.as_u128() << 24) + u128::from(seq)), "seq": seq,
            "device": device, "at": "2027-07-14T19:00:00Z",
            "op": {"kind": "ticket_scanned", "data": {"id": Uuid::from_u128((device.as_u128() << 24) + u128::from(seq) + (1 << 23)),
                "session": Uuid::from_u128(7), "device_name": "bench", "at": "2027-07-14T19:00:00Z",
                "input": format!("x{seq}"), "source": "bench", "code": null, "ticket": null, "verdict": "unreadable"}},
        }),
    }
}

fn throughput(database: Option<String>) {
    let root = tempfile::tempdir().unwrap();
    let key = root.path().join("server.key");
    std::fs::write(&key, "42".repeat(32)).unwrap();
    let backend = match &database {
        Some(url) => Backend::Postgres(url.clone(), key),
        None => Backend::Sqlite(root.path().join("serveur")),
    };
    let server = SyncServer::start(backend.clone(), 0);
    let provider = admin(&backend, &["provider", "add", "Bench"])["provider"]
        .as_str()
        .unwrap()
        .to_owned();
    const DEVICES: u64 = 8;
    const PUSHES: u64 = 10;
    const BATCH: u64 = 1000;
    let clients: Vec<(Uuid, Client)> = (0..DEVICES)
        .map(|n| {
            let id = Uuid::from_u128(0xBE00 + u128::from(n));
            let code = server.code(&provider);
            let enrolled = Client::new(&server.url, None)
                .unwrap()
                .enroll(&EnrollRequest {
                    code,
                    device: id,
                    device_name: format!("poste {n}"),
                    keys: vec![],
                })
                .unwrap();
            (id, Client::new(&server.url, Some(enrolled.token)).unwrap())
        })
        .collect();
    let t = Instant::now();
    std::thread::scope(|scope| {
        for (id, client) in &clients {
            scope.spawn(move || {
                for p in 0..PUSHES {
                    let items = (1..=BATCH).map(|i| item(*id, p * BATCH + i)).collect();
                    let answer = client
                        .push(&PushRequest {
                            items,
                            keys: vec![],
                        })
                        .unwrap();
                    assert_eq!(answer.outcomes.len() as u64, BATCH);
                }
            });
        }
    });
    let elapsed = t.elapsed();
    let total = DEVICES * PUSHES * BATCH;
    println!(
        "{}",
        json!({"bench": "throughput", "database": if database.is_some() {"postgresql"} else {"sqlite"},
               "operations": total, "devices": DEVICES, "batch": BATCH, "seconds": elapsed.as_secs_f64(),
               "per_s": total as f64 / elapsed.as_secs_f64()})
    );
}

fn latency(samples: usize) {
    let root = tempfile::tempdir().unwrap();
    let server = sqlite_server(root.path());
    let provider = server.provider("Bench");
    let mut b = device(root.path(), "b", &server, &provider);
    let s = session(&mut b);
    b.sync(&mut |_| {}).unwrap();
    let mut a = device(root.path(), "a", &server, &provider);
    a.sync(&mut |_| {}).unwrap();
    drop(a);
    let watcher = guichet_app::sync::worker::SyncWorker::start(root.path().join("a"), |_| {});
    let pusher = guichet_app::sync::worker::SyncWorker::start(root.path().join("b"), |_| {});
    let reader = rusqlite::Connection::open(root.path().join("a/guichet.db")).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let mut seen = Vec::with_capacity(samples);
    for i in 0..samples {
        let t = Instant::now();
        let scan = b.scan(s, &format!("latence-{i}"), "bench").unwrap();
        pusher.nudge();
        loop {
            let there: bool = reader
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM scans WHERE id = ?1)",
                    [scan.scan.to_string()],
                    |r| r.get(0),
                )
                .unwrap();
            if there {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(10), "change never seen");
            std::thread::sleep(Duration::from_micros(500));
        }
        seen.push(millis(t.elapsed()));
        std::thread::sleep(Duration::from_millis(20));
    }
    drop((watcher, pusher));
    seen.sort_by(f64::total_cmp);
    println!(
        "{}",
        json!({"bench": "latency", "samples": samples, "p50_ms": percentile(&seen, 50.0),
               "p99_ms": percentile(&seen, 99.0), "max_ms": percentile(&seen, 100.0),
               "how": "one scan on B (local write, worker nudged, push of 1), A's long poll wakes, A pulls and applies; measured until the row is in A's database"})
    );
}

fn fanout(devices: usize) {
    let root = tempfile::tempdir().unwrap();
    let server = sqlite_server(root.path());
    let provider: Uuid = server.provider("Bench").parse().unwrap();
    let db = guichet_sync::sqlite::Sqlite::open(&root.path().join("serveur")).unwrap();
    let key =
        guichet_sync::secrets::ServerKey::load(None, Some(&root.path().join("serveur"))).unwrap();
    let now = guichet_sync::clock::now();
    let tokens: Vec<String> = (0..devices)
        .map(|n| {
            let code = guichet_sync::accounts::enrollment_code(&db, provider, now).unwrap();
            let request = EnrollRequest {
                code,
                device: Uuid::from_u128(0xF000_0000 + n as u128),
                device_name: format!("poste {n}"),
                keys: vec![],
            };
            guichet_sync::accounts::enroll(&db, &key, &request, now)
                .unwrap()
                .token
        })
        .collect();
    let head = db
        .transaction(&mut |sql| Ok(sql.query("SELECT head FROM providers", &[])?))
        .unwrap()[0]
        .int(0)
        .unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let port = server.port;
    let started = Arc::new(std::sync::Mutex::new(None::<Instant>));
    let connected = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let handles: Vec<_> = tokens
        .into_iter()
        .map(|token| {
            let (started, connected) = (started.clone(), connected.clone());
            runtime.spawn(async move {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
                let request = format!(
                    "GET /v1/pull?after={head}&limit=10&wait=30000 HTTP/1.1\r\nhost: localhost\r\nguichet-protocol: 1\r\nauthorization: Bearer {token}\r\nconnection: close\r\n\r\n"
                );
                stream.write_all(request.as_bytes()).await.unwrap();
                connected.fetch_add(1, Ordering::SeqCst);
                let mut answer = Vec::new();
                stream.read_to_end(&mut answer).await.unwrap();
                let at = started.lock().unwrap().map(|t| t.elapsed());
                assert!(answer.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer[..answer.len().min(200)]));
                at
            })
        })
        .collect();
    while connected.load(Ordering::SeqCst) < devices {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(1500));
    let rss = std::fs::read_to_string(format!("/proc/{}/status", server.pid()))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS"))
        .map(|l| {
            l.split_whitespace()
                .nth(1)
                .unwrap_or("0")
                .parse::<u64>()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    let mut pusher = device(root.path(), "p", &server, &provider.to_string());
    let s = session(&mut pusher);
    backlog(&mut pusher, s, 1);
    *started.lock().unwrap() = Some(Instant::now());
    pusher.push(&mut |_| {}).unwrap();
    let mut delivered: Vec<f64> = runtime
        .block_on(async { futures_join(handles).await })
        .into_iter()
        .map(|d| millis(d.unwrap_or_default()))
        .collect();
    delivered.sort_by(f64::total_cmp);
    println!(
        "{}",
        json!({"bench": "fanout", "devices": devices, "server_rss_mib": rss as f64 / 1024.0,
               "p50_ms": percentile(&delivered, 50.0), "p99_ms": percentile(&delivered, 99.0),
               "max_ms": percentile(&delivered, 100.0),
               "how": "every device holds a long poll (one HTTP connection each) on one server process; one push of 6 operations wakes them all"})
    );
}

async fn futures_join(
    handles: Vec<tokio::task::JoinHandle<Option<Duration>>>,
) -> Vec<Option<Duration>> {
    let mut out = Vec::with_capacity(handles.len());
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}

fn scan_during_pull(n: usize) {
    let root = tempfile::tempdir().unwrap();
    let server = sqlite_server(root.path());
    let provider = server.provider("Bench");
    let mut gate = device(root.path(), "gate", &server, &provider);
    let s = session(&mut gate);
    let codes = gate.issue_tickets(s, None, 500, "Bench").unwrap().codes;
    gate.sync(&mut |_| {}).unwrap();
    let mut producer = device(root.path(), "producer", &server, &provider);
    producer.sync(&mut |_| {}).unwrap();
    backlog(&mut producer, s, n);
    producer.push(&mut |_| {}).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let dir = root.path().join("gate");
    let puller = std::thread::spawn(move || {
        let mut app = App::open(&dir).unwrap();
        let t = Instant::now();
        let report = app.sync(&mut |_| {}).unwrap();
        flag.store(true, Ordering::SeqCst);
        (report.pulled, t.elapsed())
    });
    let mut latencies = Vec::new();
    let mut i = 0;
    while !done.load(Ordering::SeqCst) {
        let t = Instant::now();
        gate.scan(s, &codes[i % codes.len()], "bench").unwrap();
        latencies.push(millis(t.elapsed()));
        i += 1;
    }
    let (pulled, took) = puller.join().unwrap();
    latencies.sort_by(f64::total_cmp);
    println!(
        "{}",
        json!({"bench": "scan_during_pull", "pulled": pulled, "pull_s": took.as_secs_f64(), "scans": latencies.len(),
               "p50_ms": percentile(&latencies, 50.0), "p99_ms": percentile(&latencies, 99.0),
               "max_ms": percentile(&latencies, 100.0),
               "changes_per_transaction": guichet_app::store::sync::CHANGES_PER_TRANSACTION})
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number =
        |i: usize, default: usize| args.get(i).and_then(|v| v.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("push") => push_and_pull(number(1, 10_000)),
        Some("throughput") => throughput(args.get(1).cloned()),
        Some("latency") => latency(number(1, 200)),
        Some("fanout") => fanout(number(1, 2000)),
        Some("scan-during-pull") => scan_during_pull(number(1, 20_000)),
        _ => {
            eprintln!("usage : sync-bench push N | throughput [postgres://…] | latency [N] | fanout [N] | scan-during-pull [N]");
            std::process::exit(2);
        }
    }
}
