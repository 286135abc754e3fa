//! The sync server in this process, on its SQLite files in a folder: started on a
//! free loopback port, stopped, started again on the same files (a restart).

use std::path::{Path, PathBuf};

use guichet_sync::http::{router, Shared};
use guichet_sync::secrets::ServerKey;
use guichet_sync::sqlite::Sqlite;

/// A running server.
pub struct InProcessServer {
    dir: PathBuf,
    runtime: tokio::runtime::Runtime,
    task: Option<tokio::task::JoinHandle<()>>,
    /// Its port (changes at each start).
    pub port: u16,
}

impl InProcessServer {
    /// Starts a server on `dir`.
    pub fn start(dir: &Path) -> InProcessServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let mut server = InProcessServer {
            dir: dir.to_owned(),
            runtime,
            task: None,
            port: 0,
        };
        server.up();
        server
    }

    fn up(&mut self) {
        let db = Sqlite::open(&self.dir).unwrap_or_else(|e| panic!("server db: {e}"));
        let key = ServerKey::load(None, Some(&self.dir)).unwrap_or_else(|e| panic!("key: {e}"));
        let app = router(Shared::new(db, key));
        let listener = self
            .runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap_or_else(|e| panic!("bind: {e}"));
        self.port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        self.task = Some(self.runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        }));
    }

    /// Stops it (connections cut) and starts it again on the same files.
    pub fn restart(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = self.runtime.block_on(task);
        }
        self.up();
    }

    /// The database, for the checks.
    pub fn database(&self) -> Sqlite {
        Sqlite::open(&self.dir).unwrap_or_else(|e| panic!("server db: {e}"))
    }

    /// Its key.
    pub fn key(&self) -> ServerKey {
        ServerKey::load(None, Some(&self.dir)).unwrap_or_else(|e| panic!("key: {e}"))
    }
}
