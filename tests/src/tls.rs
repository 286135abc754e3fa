//! Certificates for HTTPS tests: a private authority made with the `openssl` command,
//! and a certificate for `localhost` / 127.0.0.1 signed by it.

use std::path::{Path, PathBuf};

/// The files [`private_authority`] writes.
pub struct Certs {
    /// The authority's certificate (what a client is told to trust).
    pub ca: PathBuf,
    /// The server's certificate.
    pub cert: PathBuf,
    /// The server's private key.
    pub key: PathBuf,
}

/// Makes a private authority and a server certificate for localhost in `dir`.
#[allow(clippy::expect_used, clippy::unwrap_used)]
pub fn private_authority(dir: &Path) -> Certs {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let ca = dir.join("ca.pem");
    let file = |name: &str| dir.join(name).display().to_string();
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    // A private authority, and the server's certificate signed by it.
    for args in [
        vec![
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=Autorité de test",
            "-keyout",
            &file("ca.key"),
            "-out",
            &file("ca.pem"),
        ],
        vec![
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            &file("key.pem"),
            "-out",
            &file("leaf.csr"),
        ],
        vec![
            "x509",
            "-req",
            "-in",
            &file("leaf.csr"),
            "-CA",
            &file("ca.pem"),
            "-CAkey",
            &file("ca.key"),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            &file("ext.cnf"),
            "-out",
            &file("cert.pem"),
        ],
    ] {
        let made = std::process::Command::new("openssl")
            .args(&args)
            .output()
            .expect("openssl (scripts/setup.sh installs it)");
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
    }
    Certs { ca, cert, key }
}

/// A small HTTPS server (certificate of [`private_authority`]) that serves one body at
/// `/feed.ics` (a channel's iCal feed), which the test may change; any other path is 404.
pub struct FeedServer {
    /// `https://localhost:PORT/feed.ics`.
    pub url: String,
    body: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    handle: axum_server::Handle<std::net::SocketAddr>,
}

impl FeedServer {
    /// Starts serving `body` with `certs`.
    #[allow(clippy::expect_used, clippy::unwrap_used)]
    pub fn start(certs: &Certs, body: &[u8]) -> FeedServer {
        use axum::routing::get;
        let _ = rustls::crypto::ring::default_provider().install_default();
        let shared = std::sync::Arc::new(std::sync::Mutex::new(body.to_vec()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let handle = axum_server::Handle::new();
        let (cert, key, served, h) = (
            certs.cert.clone(),
            certs.key.clone(),
            shared.clone(),
            handle.clone(),
        );
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&cert, &key)
                    .await
                    .unwrap();
                let app = axum::Router::new().route(
                    "/feed.ics",
                    get(move || {
                        let body = served.lock().unwrap().clone();
                        async move { ([("content-type", "text/calendar; charset=utf-8")], body) }
                    }),
                );
                axum_server::from_tcp_rustls(listener, config)
                    .unwrap()
                    .handle(h)
                    .serve(app.into_make_service())
                    .await
                    .unwrap();
            });
        });
        FeedServer {
            url: format!("https://localhost:{port}/feed.ics"),
            body: shared,
            handle,
        }
    }

    /// Serves `body` from now on.
    #[allow(clippy::unwrap_used)]
    pub fn set(&self, body: &[u8]) {
        *self.body.lock().unwrap() = body.to_vec();
    }
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        self.handle.shutdown();
    }
}
