//! A private certificate authority for the TLS tests (sync over HTTPS, SMTP with
//! STARTTLS): made with the `openssl` command, a certificate for `localhost` and
//! 127.0.0.1 signed by it. A test helper: a failure is a failed test.

use std::path::Path;
use std::process::Command;

/// The files of a private authority, as paths.
#[derive(Debug, Clone)]
pub struct Authority {
    /// The authority's certificate (PEM): what a client is told to trust.
    pub ca: String,
    /// The server's certificate (PEM), signed by the authority.
    pub cert: String,
    /// The server's private key (PEM).
    pub key: String,
}

/// Makes an authority and a server certificate for localhost in `dir`.
pub fn private_authority(dir: &Path) -> Authority {
    let file = |name: &str| dir.join(name).display().to_string();
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap_or_else(|e| panic!("ext.cnf: {e}"));
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
        let made = Command::new("openssl")
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("openssl (scripts/setup.sh installs it): {e}"));
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
    }
    Authority {
        ca: file("ca.pem"),
        cert: file("cert.pem"),
        key: file("key.pem"),
    }
}
