//! The server key: it seals the providers' ticket keys at rest (XChaCha20-Poly1305,
//! bound to the provider and key id), so the database never holds them in clear. It
//! comes from `--key-file`, else `GUICHET_SYNC_KEY`, else a file created readable by
//! its owner only in the data folder. Tokens and enrolment codes are kept as SHA-256
//! hashes only.

use std::io::Write;
use std::path::Path;

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The key file's name in a data folder.
pub const KEY_FILE: &str = "server.key";
/// The environment variable that may carry the key (64 hex digits).
pub const KEY_ENV: &str = "GUICHET_SYNC_KEY";

/// The key that seals secrets at rest. Its `Debug` shows nothing.
#[derive(Clone)]
pub struct ServerKey([u8; 32]);

impl ServerKey {
    /// A tag of `message` under this key (HMAC-SHA256), for secrets the server gives
    /// out and recognises without storing them (a unit's iCal feed address).
    pub fn tag(&self, message: &[u8]) -> [u8; 32] {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(message);
        mac.finalize().into_bytes().into()
    }
}

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey(…)")
    }
}

pub use guichet_core::hex::{decode as unhex, encode as hex};

/// `n` random bytes: the server's only reading of the system's randomness.
#[allow(clippy::disallowed_methods)]
pub fn random<const N: usize>() -> crate::Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::Error::Setup(format!("pas d'aléa du système : {e}")))?;
    Ok(bytes)
}

/// SHA-256 in hex (tokens, codes, payloads).
pub fn digest(text: &[u8]) -> String {
    hex(&Sha256::digest(text))
}

impl ServerKey {
    /// The key from `file`, else the environment, else `dir`'s key file (created
    /// when missing, when `dir` is given).
    pub fn load(file: Option<&Path>, dir: Option<&Path>) -> crate::Result<ServerKey> {
        if let Some(file) = file {
            let text = std::fs::read_to_string(file).map_err(|e| {
                crate::Error::Setup(format!(
                    "la clé du serveur {} est illisible ({e})",
                    file.display()
                ))
            })?;
            return ServerKey::parse(text.trim(), &file.display().to_string());
        }
        if let Ok(text) = std::env::var(KEY_ENV) {
            return ServerKey::parse(text.trim(), KEY_ENV);
        }
        let Some(dir) = dir else {
            return Err(crate::Error::Setup(format!(
                "avec --database, donnez la clé qui chiffre les secrets des prestataires : \
                 --key-file FICHIER ou {KEY_ENV} (64 chiffres hexadécimaux, la même pour \
                 chaque instance)"
            )));
        };
        let path = dir.join(KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => ServerKey::parse(text.trim(), &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = random::<32>()?;
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                std::fs::create_dir_all(dir)
                    .and_then(|()| options.open(&path))
                    .and_then(|mut f| {
                        f.write_all(hex(&key).as_bytes())?;
                        f.sync_all()
                    })
                    .map_err(|e| {
                        crate::Error::Setup(format!(
                            "la clé du serveur {} ne peut pas être créée ({e})",
                            path.display()
                        ))
                    })?;
                Ok(ServerKey(key))
            }
            Err(e) => Err(crate::Error::Setup(format!(
                "la clé du serveur {} est illisible ({e})",
                path.display()
            ))),
        }
    }

    fn parse(text: &str, from: &str) -> crate::Result<ServerKey> {
        unhex(text)
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .map(ServerKey)
            .ok_or_else(|| {
                crate::Error::Setup(format!(
                    "la clé du serveur ({from}) doit faire 64 chiffres hexadécimaux"
                ))
            })
    }

    fn aad(provider: Uuid, key_id: u16) -> Vec<u8> {
        format!("guichet ticket key {provider} {key_id}").into_bytes()
    }

    /// Seals a ticket key's secret for `provider`.
    pub fn seal(&self, provider: Uuid, key_id: u16, secret: &[u8]) -> crate::Result<String> {
        let nonce = random::<24>()?;
        let aad = ServerKey::aad(provider, key_id);
        let sealed = XChaCha20Poly1305::new((&self.0).into())
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: secret,
                    aad: &aad,
                },
            )
            .map_err(|_| crate::Error::Setup("chiffrement impossible".to_owned()))?;
        Ok(hex(&nonce) + &hex(&sealed))
    }

    /// Opens a sealed secret; a wrong server key says so.
    pub fn open(&self, provider: Uuid, key_id: u16, sealed: &str) -> crate::Result<Vec<u8>> {
        let bytes = unhex(sealed).filter(|b| b.len() > 24).ok_or_else(|| {
            crate::Error::Setup("clé de billetterie scellée illisible dans la base".to_owned())
        })?;
        let (nonce, body) = bytes.split_at(24);
        let aad = ServerKey::aad(provider, key_id);
        let nonce = <[u8; 24]>::try_from(nonce)
            .map_err(|_| crate::Error::Setup("nonce illisible".to_owned()))?;
        XChaCha20Poly1305::new((&self.0).into())
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: body,
                    aad: &aad,
                },
            )
            .map_err(|_| {
                crate::Error::Setup(
                    "les clés de billetterie ne s'ouvrent pas avec cette clé du serveur : \
                     ce n'est pas celle qui les a chiffrées (--key-file / GUICHET_SYNC_KEY)"
                        .to_owned(),
                )
            })
    }
}
