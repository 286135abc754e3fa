//! What the benches of the till and the gate share: the baseline (one row inserted and
//! committed with the store's pragmas, on the same disk, in the same run) and the
//! latencies of 2,000 runs of an action.

use std::time::{Duration, Instant};

use rusqlite::Connection;

/// The baseline: one row inserted and committed, WAL and synchronous=FULL like the store.
pub struct Bare {
    _dir: tempfile::TempDir,
    conn: Connection,
    n: i64,
}

/// A fresh baseline table.
pub fn bare() -> Bare {
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = Connection::open(dir.path().join("bare.db")).expect("db");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "FULL")
        .expect("sync");
    conn.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL, at TEXT NOT NULL)",
        [],
    )
    .expect("table");
    Bare {
        _dir: dir,
        conn,
        n: 0,
    }
}

impl Bare {
    /// Grows the write-ahead log to its checkpoint size (1,000 pages) once: until then
    /// every commit also extends the file, and its fsync is slower — a baseline measured
    /// on a fresh file flatters what it is compared with.
    pub fn warm(&mut self) {
        for _ in 0..1_100 {
            self.insert();
        }
    }

    pub fn insert(&mut self) {
        self.n += 1;
        self.conn
            .execute("INSERT INTO t (id, code, at) VALUES (?1, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '2026-07-14T18:00:00Z')", [self.n])
            .expect("insert");
    }
}

/// The `p`-th percentile in microseconds.
fn percentile(sorted: &[Duration], p: usize) -> u128 {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)].as_micros()
}

/// p50 and p99, in microseconds, of 2,000 runs of `each`.
#[allow(dead_code)]
pub fn latencies(mut each: impl FnMut(usize)) -> (u128, u128) {
    let mut all: Vec<Duration> = (0..2_000)
        .map(|i| {
            let start = Instant::now();
            each(i);
            start.elapsed()
        })
        .collect();
    all.sort();
    (percentile(&all, 50), percentile(&all, 99))
}

/// p50 and p99, in microseconds, of 2,000 runs of `a` and 2,000 of `b`, taken in
/// turn (a, b, a, b…): on a shared machine the disk's fsync time drifts by several
/// times within a minute, and two loops run one after the other would each see a
/// different disk.
#[allow(dead_code)]
pub fn alternating(
    mut a: impl FnMut(usize),
    mut b: impl FnMut(usize),
) -> ((u128, u128), (u128, u128)) {
    let mut times_a = Vec::with_capacity(2_000);
    let mut times_b = Vec::with_capacity(2_000);
    for i in 0..2_000 {
        let start = Instant::now();
        a(i);
        times_a.push(start.elapsed());
        let start = Instant::now();
        b(i);
        times_b.push(start.elapsed());
    }
    times_a.sort();
    times_b.sort();
    (
        (percentile(&times_a, 50), percentile(&times_a, 99)),
        (percentile(&times_b, 50), percentile(&times_b, 99)),
    )
}
