//! A fault-injecting HTTP/1.1 proxy on loopback: it reads each request whole, then,
//! by its seeded plan, forwards it as is, drops it (before or after the server saw
//! it), delays the response, sends it twice, holds it so that others overtake it, or
//! cuts the response in the middle of its body.

use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::rng::Rng;
use super::FaultClass;

/// How many faults of each kind were injected.
#[derive(Debug, Default)]
pub struct Injected {
    /// Requests seen.
    pub requests: AtomicU64,
    /// Faults injected.
    pub faults: AtomicU64,
}

/// What to do with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Pass,
    DropBefore,
    DropAfter,
    Delay(u64),
    Twice,
    Hold(u64),
    Cut,
}

struct Plan {
    class: FaultClass,
    rng: Rng,
    percent: u64,
}

impl Plan {
    fn next(&mut self) -> Action {
        if !self.rng.chance(self.percent) {
            return Action::Pass;
        }
        let class = match self.class {
            FaultClass::All => *self.rng.pick(&[
                FaultClass::Drop,
                FaultClass::Delay,
                FaultClass::Duplicate,
                FaultClass::Reorder,
                FaultClass::Cut,
            ]),
            other => other,
        };
        match class {
            FaultClass::Drop if self.rng.chance(50) => Action::DropBefore,
            FaultClass::Drop => Action::DropAfter,
            FaultClass::Delay => Action::Delay(20 + self.rng.below(180)),
            FaultClass::Duplicate => Action::Twice,
            FaultClass::Reorder => Action::Hold(self.rng.below(300)),
            FaultClass::Cut => Action::Cut,
            FaultClass::None | FaultClass::Restart | FaultClass::All => Action::Pass,
        }
    }
}

/// The proxy; stops with its runtime when dropped.
pub struct Proxy {
    /// Where devices connect.
    pub port: u16,
    upstream: Arc<AtomicU16>,
    plan: Arc<Mutex<Plan>>,
    /// What it did.
    pub injected: Arc<Injected>,
    _runtime: tokio::runtime::Runtime,
}

impl Proxy {
    /// A proxy in front of `upstream` (a port on loopback), injecting `class` faults
    /// into `percent` of requests, seeded by `seed`.
    pub fn start(upstream: u16, class: FaultClass, percent: u64, seed: u64) -> Proxy {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        let upstream = Arc::new(AtomicU16::new(upstream));
        let plan = Arc::new(Mutex::new(Plan {
            class,
            rng: Rng::new(seed),
            percent,
        }));
        let injected = Arc::new(Injected::default());
        let (up, pl, inj) = (upstream.clone(), plan.clone(), injected.clone());
        runtime.spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (up, pl, inj) = (up.clone(), pl.clone(), inj.clone());
                tokio::spawn(async move {
                    let _ = serve(client, up, pl, inj).await;
                });
            }
        });
        Proxy {
            port,
            upstream,
            plan,
            injected,
            _runtime: runtime,
        }
    }

    /// Points it at another server port (after a restart).
    pub fn retarget(&self, upstream: u16) {
        self.upstream.store(upstream, Ordering::SeqCst);
    }

    /// Turns faults on or off (the healing rounds run without).
    pub fn set_percent(&self, percent: u64) {
        if let Ok(mut plan) = self.plan.lock() {
            plan.percent = percent;
        }
    }

    /// Its URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// Reads one HTTP message (head and a `content-length` body); `None` at the end.
async fn read_message(stream: &mut TcpStream) -> std::io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        if let Some(end) = find(&data, b"\r\n\r\n") {
            let length = content_length(&data[..end]);
            while data.len() < end + 4 + length {
                let n = stream.read(&mut buffer).await?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                data.extend_from_slice(&buffer[..n]);
            }
            return Ok(Some(data));
        }
        let n = stream.read(&mut buffer).await?;
        if n == 0 {
            return Ok(None);
        }
        data.extend_from_slice(&buffer[..n]);
    }
}

fn find(data: &[u8], needle: &[u8]) -> Option<usize> {
    data.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

async fn forward(port: u16, request: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut upstream = TcpStream::connect(("127.0.0.1", port)).await?;
    upstream.write_all(request).await?;
    read_message(&mut upstream)
        .await?
        .ok_or_else(|| std::io::ErrorKind::UnexpectedEof.into())
}

async fn serve(
    mut client: TcpStream,
    upstream: Arc<AtomicU16>,
    plan: Arc<Mutex<Plan>>,
    injected: Arc<Injected>,
) -> std::io::Result<()> {
    while let Some(request) = read_message(&mut client).await? {
        injected.requests.fetch_add(1, Ordering::Relaxed);
        let action = plan.lock().map(|mut p| p.next()).unwrap_or(Action::Pass);
        if action != Action::Pass {
            injected.faults.fetch_add(1, Ordering::Relaxed);
        }
        let port = upstream.load(Ordering::SeqCst);
        let response = match action {
            Action::DropBefore => return Ok(()),
            Action::Hold(ms) => {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                forward(port, &request).await?
            }
            Action::Twice => {
                let _ = forward(port, &request).await;
                forward(port, &request).await?
            }
            _ => forward(port, &request).await?,
        };
        match action {
            Action::DropAfter => return Ok(()),
            Action::Delay(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
            Action::Cut => {
                let head = find(&response, b"\r\n\r\n").map_or(0, |e| e + 4);
                let cut = head + (response.len() - head) / 2;
                client.write_all(&response[..cut]).await?;
                return Ok(());
            }
            _ => {}
        }
        client.write_all(&response).await?;
    }
    Ok(())
}
