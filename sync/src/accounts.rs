//! Providers, enrolment codes, devices and their tokens, and the providers' ticket
//! keys (sealed by the [`ServerKey`]). Every query names its provider.

use chrono::{DateTime, Duration, Utc};
use guichet_core::sync::protocol::{EnrollRequest, EnrollResponse, KeyWire};
use serde::Serialize;
use uuid::Uuid;

use crate::secrets::{digest, hex, random, unhex, ServerKey};
use crate::sql::{Database, DbError, Sql, Value};

/// How long an enrolment code stays valid.
pub const CODE_LIFETIME: Duration = Duration::hours(24);
/// The most key ids (10 bits).
const MAX_KEY_ID: i64 = 1023;

/// An authenticated device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Device {
    /// The device.
    pub id: Uuid,
    /// Its provider.
    pub provider: Uuid,
}

/// A device as an admin sees it.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceView {
    /// The device.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// When it enrolled.
    pub enrolled_at: String,
    /// When it was revoked.
    pub revoked_at: Option<String>,
}

/// Creates a provider and its first ticket key; returns its id.
pub fn add_provider<D: Database>(
    db: &D,
    key: &ServerKey,
    name: &str,
    now: DateTime<Utc>,
) -> crate::Result<Uuid> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(crate::Error::BadRequest(
            "le nom du prestataire doit faire de 1 à 200 caractères".to_owned(),
        ));
    }
    let id = crate::clock::new_id();
    let secret = random::<32>()?;
    db.transaction(&mut |sql| {
        sql.exec(
            "INSERT INTO providers (id, name, created_at) VALUES ($1, $2, $3)",
            &[id.into(), name.into(), now.to_rfc3339().into()],
        )?;
        store_key(sql, key, id, 0, &secret, None, now)?;
        Ok(())
    })?;
    Ok(id)
}

fn store_key(
    sql: &mut dyn Sql,
    key: &ServerKey,
    provider: Uuid,
    key_id: u16,
    secret: &[u8],
    retired_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> crate::Result<bool> {
    let fingerprint = digest(&[provider.as_bytes().as_slice(), secret].concat());
    let changed = sql.exec(
        "INSERT INTO provider_keys (provider, fingerprint, key_id, sealed, retired_at, added_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (provider, fingerprint) DO NOTHING",
        &[
            provider.into(),
            fingerprint.into(),
            Value::Int(i64::from(key_id)),
            key.seal(provider, key_id, secret)?.into(),
            retired_at.map(|t| t.to_rfc3339()).into(),
            now.to_rfc3339().into(),
        ],
    )?;
    Ok(changed > 0)
}

/// Keeps the keys a device made that the provider lacks; returns how many were new.
pub fn merge_keys(
    sql: &mut dyn Sql,
    key: &ServerKey,
    provider: Uuid,
    keys: &[KeyWire],
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    let mut added = 0;
    for k in keys {
        let secret = unhex(&k.secret).filter(|s| s.len() == 32).ok_or_else(|| {
            crate::Error::BadRequest(format!("clé de billetterie {} illisible", k.id))
        })?;
        if k.id > 1023 {
            return Err(crate::Error::BadRequest(format!(
                "identifiant de clé {} hors limites",
                k.id
            )));
        }
        if store_key(sql, key, provider, k.id, &secret, k.retired_at, now)? {
            added += 1;
        }
    }
    Ok(added)
}

/// The provider's keys, opened.
pub fn keys(sql: &mut dyn Sql, key: &ServerKey, provider: Uuid) -> crate::Result<Vec<KeyWire>> {
    let rows = sql.query(
        "SELECT key_id, sealed, retired_at FROM provider_keys WHERE provider = $1 ORDER BY added_at, key_id",
        &[provider.into()],
    )?;
    rows.iter()
        .map(|r| {
            let id = u16::try_from(r.int(0)?).map_err(|e| DbError::Shape(e.to_string()))?;
            Ok(KeyWire {
                id,
                secret: hex(&key.open(provider, id, &r.text(1)?)?),
                retired_at: r
                    .opt_text(2)?
                    .map(|t| {
                        t.parse()
                            .map_err(|e: chrono::ParseError| DbError::Shape(e.to_string()))
                    })
                    .transpose()?,
            })
        })
        .collect()
}

/// A one-time enrolment code for `provider`, valid [`CODE_LIFETIME`]: 16 letters and
/// digits in groups of four (80 random bits), kept as a hash only.
pub fn enrollment_code<D: Database>(
    db: &D,
    provider: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes = random::<16>()?;
    let letters: String = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    let code = letters
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-");
    db.transaction(&mut |sql| {
        let known = sql
            .query_opt("SELECT id FROM providers WHERE id = $1", &[provider.into()])?
            .is_some();
        if !known {
            return Err(crate::Error::BadRequest(format!(
                "prestataire {provider} inconnu de ce serveur : créez-le avec « guichet-sync provider add »"
            )));
        }
        sql.exec(
            "INSERT INTO enrollment_codes (code_hash, provider, expires_at) VALUES ($1, $2, $3)",
            &[
                digest(normalise_code(&code).as_bytes()).into(),
                provider.into(),
                (now + CODE_LIFETIME).to_rfc3339().into(),
            ],
        )?;
        Ok(())
    })?;
    Ok(code)
}

/// A code as typed: case, spaces and dashes do not matter.
fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Enrols a device with a one-time code: gives it a token and the provider's keys,
/// after keeping the keys it brings.
pub fn enroll<D: Database>(
    db: &D,
    key: &ServerKey,
    request: &EnrollRequest,
    now: DateTime<Utc>,
) -> crate::Result<EnrollResponse> {
    let token = format!("gst_{}", hex(&random::<32>()?));
    let name = request.device_name.trim();
    let name = if name.is_empty() { "poste" } else { name };
    db.transaction(&mut |sql| {
        let hash = digest(normalise_code(&request.code).as_bytes());
        let row = sql
            .query_opt(
                "SELECT c.provider, c.expires_at, c.used_at, p.name FROM enrollment_codes c
                 JOIN providers p ON p.id = c.provider WHERE c.code_hash = $1",
                &[hash.clone().into()],
            )?
            .ok_or_else(|| {
                crate::Error::Enrollment(
                    "code d'inscription inconnu : vérifiez-le, ou demandez-en un nouveau \
                     (« guichet-sync enrollment-code »)"
                        .to_owned(),
                )
            })?;
        let provider: Uuid = row.parse(0)?;
        let expires: DateTime<Utc> = row.parse(1)?;
        if row.opt_text(2)?.is_some() {
            return Err(crate::Error::Enrollment(
                "ce code d'inscription a déjà servi (il ne sert qu'une fois) : demandez-en un nouveau"
                    .to_owned(),
            ));
        }
        if now >= expires {
            return Err(crate::Error::Enrollment(format!(
                "ce code d'inscription a expiré le {} (UTC) : demandez-en un nouveau",
                expires.format("%d/%m/%Y à %H:%M")
            )));
        }
        if let Some(other) = sql.query_opt(
            "SELECT provider, revoked_at FROM devices WHERE id = $1",
            &[request.device.into()],
        )? {
            let why = if other.opt_text(1)?.is_some() {
                "a été révoqué"
            } else {
                "est déjà inscrit"
            };
            return Err(crate::Error::Enrollment(format!(
                "ce poste ({}) {why} : une copie restaurée reçoit une nouvelle identité \
                 (« guichet restore ») avant de s'inscrire",
                request.device
            )));
        }
        sql.exec(
            "UPDATE enrollment_codes SET used_at = $2, used_by = $3 WHERE code_hash = $1",
            &[hash.into(), now.to_rfc3339().into(), request.device.into()],
        )?;
        sql.exec(
            "INSERT INTO devices (id, provider, name, token_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5)",
            &[
                request.device.into(),
                provider.into(),
                name.into(),
                digest(token.as_bytes()).into(),
                now.to_rfc3339().into(),
            ],
        )?;
        merge_keys(sql, key, provider, &request.keys, now)?;
        Ok(EnrollResponse {
            provider,
            provider_name: row.text(3)?,
            device: request.device,
            token: token.clone(),
            keys: keys(sql, key, provider)?,
            series: Some(invoice_series(sql, provider, request.device, now)?),
        })
    })
}

/// The invoice series of `device` (B3): the one it was given, or the provider's next
/// letter (`A`, `B`, … `Z`, `AA`…), given now and never again.
pub fn invoice_series(
    sql: &mut dyn Sql,
    provider: Uuid,
    device: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<String> {
    if let Some(row) = sql.query_opt(
        "SELECT letter FROM invoice_series WHERE provider = $1 AND device = $2",
        &[provider.into(), device.into()],
    )? {
        return Ok(row.text(0)?);
    }
    let given = sql
        .query_opt(
            "SELECT COUNT(*) FROM invoice_series WHERE provider = $1",
            &[provider.into()],
        )?
        .map(|r| r.int(0))
        .transpose()?
        .unwrap_or(0);
    let letter =
        guichet_core::invoice::Series::letter(u32::try_from(given).unwrap_or(u32::MAX)).to_string();
    sql.exec(
        "INSERT INTO invoice_series (provider, letter, device, allocated_at) VALUES ($1, $2, $3, $4)",
        &[
            provider.into(),
            letter.clone().into(),
            device.into(),
            now.to_rfc3339().into(),
        ],
    )?;
    Ok(letter)
}

/// The device a bearer token names; revoked devices are refused.
pub fn authenticate<D: Database>(db: &D, token: &str) -> crate::Result<Device> {
    let row = db.transaction(&mut |sql| {
        Ok(sql.query_opt(
            "SELECT id, provider, revoked_at FROM devices WHERE token_hash = $1",
            &[digest(token.as_bytes()).into()],
        )?)
    })?;
    let row = row.ok_or(crate::Error::Unauthorized)?;
    if row.opt_text(2)?.is_some() {
        return Err(crate::Error::Revoked);
    }
    Ok(Device {
        id: row.parse(0)?,
        provider: row.parse(1)?,
    })
}

/// The devices of a provider.
pub fn devices<D: Database>(db: &D, provider: Uuid) -> crate::Result<Vec<DeviceView>> {
    db.transaction(&mut |sql| {
        let rows = sql.query(
            "SELECT id, name, enrolled_at, revoked_at FROM devices WHERE provider = $1 ORDER BY enrolled_at",
            &[provider.into()],
        )?;
        rows.iter()
            .map(|r| {
                Ok(DeviceView {
                    id: r.parse(0)?,
                    name: r.text(1)?,
                    enrolled_at: r.text(2)?,
                    revoked_at: r.opt_text(3)?,
                })
            })
            .collect()
    })
}

/// Revokes a device of `provider`: its token stops working, and the provider's keys
/// are retired and a new one made (a device that can verify can also mint). Codes
/// under a retired key stay `unknown_genuine` on devices for the grace period, then
/// are forged. Returns the new key's id.
pub fn revoke<D: Database>(
    db: &D,
    key: &ServerKey,
    provider: Uuid,
    device: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<u16> {
    let secret = random::<32>()?;
    db.transaction(&mut |sql| {
        let changed = sql.exec(
            "UPDATE devices SET revoked_at = $3 WHERE id = $1 AND provider = $2 AND revoked_at IS NULL",
            &[device.into(), provider.into(), now.to_rfc3339().into()],
        )?;
        if changed == 0 {
            return Err(crate::Error::BadRequest(format!(
                "aucun poste actif {device} chez ce prestataire"
            )));
        }
        sql.exec(
            "UPDATE provider_keys SET retired_at = $2 WHERE provider = $1 AND retired_at IS NULL",
            &[provider.into(), now.to_rfc3339().into()],
        )?;
        let next = sql
            .query_opt(
                "SELECT COALESCE(MAX(key_id), -1) + 1 FROM provider_keys WHERE provider = $1",
                &[provider.into()],
            )?
            .map(|r| r.int(0))
            .transpose()?
            .unwrap_or(0);
        let id = u16::try_from(next.min(MAX_KEY_ID)).unwrap_or(0);
        store_key(sql, key, provider, id, &secret, None, now)?;
        Ok(id)
    })
}
