//! The sync protocol's messages (HTTP + JSON), shared by the server and the devices.
//! Every request names [`PROTOCOL_VERSION`] in the [`PROTOCOL_HEADER`] header; a
//! server that no longer speaks it answers `426` with an [`ErrorBody`] telling the
//! device to upgrade (the device keeps its outbox).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::conflict::Fact;
use super::Envelope;

/// The protocol this build speaks.
pub const PROTOCOL_VERSION: u16 = 1;
/// The header that carries it.
pub const PROTOCOL_HEADER: &str = "guichet-protocol";
/// The most operations one push carries.
pub const MAX_PUSH: usize = 1000;
/// The most changes one pull page carries.
pub const MAX_PULL: u32 = 5000;

/// A ticket key as it travels (over TLS or loopback only; never logged: its `Debug`
/// hides the secret).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyWire {
    /// The key id carried in codes (0–1023; two keys may share one).
    pub id: u16,
    /// The secret, 64 hex digits.
    pub secret: String,
    /// When it was retired (a device was revoked): codes under it not known locally
    /// stay `unknown_genuine` for a grace period after this, then are forged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for KeyWire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyWire({}, retired: {:?})", self.id, self.retired_at)
    }
}

/// `POST /v1/enroll`: a one-time code for a device and, from a device that worked
/// before it enrolled, its own keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// The one-time code.
    pub code: String,
    /// The device's id.
    pub device: Uuid,
    /// Its name (shown in "already scanned on …").
    pub device_name: String,
    /// The keys it signed tickets with before.
    pub keys: Vec<KeyWire>,
}

/// The answer to an enrolment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollResponse {
    /// The provider.
    pub provider: Uuid,
    /// Its name.
    pub provider_name: String,
    /// The device, as enrolled.
    pub device: Uuid,
    /// The device's token (sent as `Authorization: Bearer …`; kept by the server as
    /// a hash only).
    pub token: String,
    /// The provider's keys, the device's own included.
    pub keys: Vec<KeyWire>,
    /// The invoice series this device numbers in (`A`, `B`…, B3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
}

/// One operation pushed: its envelope as JSON (decoded by the server one by one, so
/// that an unreadable one never blocks the rest), and `base`, the last server number
/// its device had pulled when it was made.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushItem {
    /// Pulled up to here when it was made.
    pub base: u64,
    /// The envelope.
    pub envelope: serde_json::Value,
}

/// `POST /v1/push`: operations in the device's order, and keys it made since.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// At most [`MAX_PUSH`].
    pub items: Vec<PushItem>,
    /// Keys made on the device (the server keeps the ones it lacks).
    pub keys: Vec<KeyWire>,
}

/// What became of one pushed operation. Asking again gives the same answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied (now or before) at server number `seq`.
    Applied {
        /// The operation.
        id: Uuid,
        /// Its server number.
        seq: u64,
    },
    /// Applied, with a conflict for a person.
    Conflict {
        /// The operation.
        id: Uuid,
        /// Its server number.
        seq: u64,
        /// What.
        conflict: Fact,
    },
    /// Not applied.
    Rejected {
        /// The operation, when it could be read.
        id: Option<Uuid>,
        /// Why.
        conflict: Fact,
    },
    /// A gap in the device's numbering: nothing of `device` from `from` on was taken;
    /// send again from there.
    Resend {
        /// The device.
        device: Uuid,
        /// The first number missing.
        from: u64,
    },
}

/// The answer to a push: one outcome per item, in order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushResponse {
    /// Outcomes.
    pub outcomes: Vec<Outcome>,
}

/// Where a change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Applied.
    Applied,
    /// Applied, with a conflict.
    Conflict,
    /// Rejected (listed so that every device shows the conflict; not applied).
    Rejected,
}

/// One change of the provider's log.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The server number (per provider, gap-free in commit order).
    pub seq: u64,
    /// The operation.
    pub envelope: Envelope,
    /// Applied or not.
    pub status: Status,
    /// The conflict, if any.
    pub conflict: Option<Fact>,
}

/// `GET /v1/pull?after=N&limit=L[&wait=MS]`: the changes after `after`, waiting up
/// to `wait` ms for one when there is none yet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PullQuery {
    /// Last number already applied.
    pub after: u64,
    /// Page size (at most [`MAX_PULL`]).
    pub limit: u32,
    /// Long poll, in ms (at most 30 000).
    pub wait: Option<u32>,
}

/// A page of changes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullResponse {
    /// In order.
    pub changes: Vec<Change>,
    /// The provider's last number now (for progress).
    pub head: u64,
    /// The provider's keys.
    pub keys: Vec<KeyWire>,
    /// The last number of the pulling device the server holds: a device that marked
    /// later ones as pushed sends them again (the server was restored from an older
    /// copy).
    pub device_seq: u64,
    /// The invoice series of the pulling device (given at its first sync when it
    /// enrolled before series existed, B3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
}

/// Every refusal: a stable code and a French sentence that says what to do.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    /// `upgrade`, `unauthorized`, `revoked`, `bad_request`, `enrollment`, `internal`.
    pub code: String,
    /// What went wrong and what to do.
    pub error: String,
}
