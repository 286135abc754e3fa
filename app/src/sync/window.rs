//! What the window's sync status reads in one call: where sync stands, this device's
//! enrolment (the token stays in its file), this device, and now on the application's
//! clock — so that "Synchronisé il y a 2 min" is measured on the same clock as the
//! instants it compares. Local reads only: never the network.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::AppResult;
use crate::store::sync::SyncState;
use crate::App;

/// The server this device is enrolled with, as Paramètres shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Enrolment {
    /// The server's address.
    pub server: String,
    /// The provider's name.
    pub provider_name: String,
}

/// The sync status of this device.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    /// The enrolment, once this device has one.
    pub enrolment: Option<Enrolment>,
    /// Where sync stands.
    pub state: SyncState,
    /// This device.
    pub device: Uuid,
    /// Its name (shown for the conflicts it made).
    pub device_name: String,
    /// Now, on the application's clock.
    pub now: DateTime<Utc>,
}

impl App {
    /// This device's sync status, from the local copy alone.
    pub fn sync_status(&self) -> AppResult<SyncStatus> {
        let (device, device_name) = crate::store::device::device(self.store.conn())?;
        Ok(SyncStatus {
            enrolment: self.credentials()?.map(|c| Enrolment {
                server: c.server,
                provider_name: c.provider_name,
            }),
            state: self.sync_state()?,
            device,
            device_name,
            now: self.now(),
        })
    }
}
