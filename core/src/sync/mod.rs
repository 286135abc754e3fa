//! Sync operations (architecture.md, "Sync, in one paragraph"): every local write
//! leaves one [`Op`], a typed intent, in a versioned [`Envelope`]. The wire form is
//! explicit and pinned by golden files (`core/tests/golden/ops/`); a decoded operation
//! is valid by construction ([`wire`]).

pub mod conflict;
pub mod op;
pub mod protocol;
pub mod wire;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use op::Op;

/// The version of the envelope and its operations this build writes and reads.
pub const OP_VERSION: u16 = 1;

/// An operation as it travels: who made it, in which order, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// The version of this envelope's format ([`OP_VERSION`]).
    pub v: u16,
    /// The operation's id (UUIDv7): applied once, kept forever.
    pub id: Uuid,
    /// Gap-free sequence number on its device, from 1.
    pub seq: u64,
    /// The device that made it.
    pub device: Uuid,
    /// When, on that device's clock (for display; server order decides).
    pub at: DateTime<Utc>,
    /// The operator who made it on that device (its name), when the device has
    /// operators; absent in envelopes made before operators existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<wire::Name>,
    /// What was done.
    pub op: Op,
}

/// Why an envelope cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// Written by a newer Guichet.
    #[error("opération au format {0}, plus récent que ce Guichet ({OP_VERSION}) : mettez Guichet à jour")]
    TooNew(u16),
    /// Not a valid operation.
    #[error("opération illisible : {0}")]
    Invalid(String),
}

impl Envelope {
    /// Decodes an envelope, refusing a newer version by name before its payload.
    pub fn decode(json: &str) -> Result<Envelope, EnvelopeError> {
        #[derive(Deserialize)]
        struct Version {
            v: u16,
        }
        let version: Version =
            serde_json::from_str(json).map_err(|e| EnvelopeError::Invalid(e.to_string()))?;
        if version.v > OP_VERSION {
            return Err(EnvelopeError::TooNew(version.v));
        }
        serde_json::from_str(json).map_err(|e| EnvelopeError::Invalid(e.to_string()))
    }
}
