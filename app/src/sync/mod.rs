//! Sync with the provider's server (architecture.md, "Sync, in one paragraph"):
//! enrol with a one-time code, push the outbox in order, pull the changes after the
//! cursor and apply them once, take the provider's ticket keys. The store side is in
//! [`crate::store::sync`]; the network in [`client`]; the background threads in
//! [`worker`].

pub mod client;
pub mod credentials;
pub mod window;
pub mod worker;

use guichet_core::sync::protocol::{EnrollRequest, PushRequest, MAX_PUSH};
use guichet_core::ticket_code::TicketKey;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::store::sync::{push_items, sync_state, ConflictView, SyncState};
use crate::App;
use client::Client;
use credentials::Credentials;

/// How many changes one pull asks for.
pub const PULL_PAGE: u32 = 1000;

/// The most bytes of operations one push carries (the server takes up to 64 MiB; a
/// tariff file of 10,000 tariffs is one operation of about 1 MiB).
pub const PUSH_BYTES: usize = 16 << 20;

/// Keeps the first items that fit in `bytes` (always at least one).
fn fit(items: &mut Vec<guichet_core::sync::protocol::PushItem>, bytes: usize) {
    let mut total = 0;
    let keep = items
        .iter()
        .position(|item| {
            total += item.envelope.to_string().len();
            total > bytes
        })
        .unwrap_or(items.len())
        .max(1);
    items.truncate(keep);
}

/// What `guichet enroll --json` prints.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Enrolled {
    /// This device.
    pub device: Uuid,
    /// Its provider.
    pub provider: Uuid,
    /// The provider's name.
    pub provider_name: String,
}

/// What `guichet sync --json` prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncReport {
    /// Operations the server took (applied, with a conflict, or rejected).
    pub pushed: usize,
    /// Changes of other devices applied here.
    pub pulled: usize,
    /// Conflicts waiting for a person (the inbox's open ones).
    #[ts(type = "number")]
    pub conflicts: i64,
}

/// Progress of a long sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    /// `push` or `pull`.
    pub phase: &'static str,
    /// Done so far.
    #[ts(type = "number")]
    pub done: u64,
    /// Out of.
    #[ts(type = "number")]
    pub total: u64,
}

fn keys_from_wire(
    keys: &[guichet_core::sync::protocol::KeyWire],
) -> AppResult<Vec<(TicketKey, Option<chrono::DateTime<chrono::Utc>>)>> {
    keys.iter()
        .map(|k| {
            let secret = crate::box_office::keys::unhex(&k.secret)
                .ok_or_else(|| AppError::input("clé de billetterie du serveur illisible"))?;
            let key = TicketKey::new(k.id, secret)
                .ok_or_else(|| AppError::input("identifiant de clé du serveur hors limites"))?;
            Ok((key, k.retired_at))
        })
        .collect()
}

impl App {
    fn sync_dir(&self) -> AppResult<std::path::PathBuf> {
        self.data_dir
            .clone()
            .ok_or_else(|| AppError::input("la synchronisation demande un dossier de données"))
    }

    /// This device's enrolment, if any.
    pub fn credentials(&self) -> AppResult<Option<Credentials>> {
        Credentials::load(&self.sync_dir()?)
    }

    fn enrolled(&self) -> AppResult<Credentials> {
        self.credentials()?.ok_or_else(|| {
            AppError::rule(
                "ce poste n'est inscrit auprès d'aucun serveur de synchronisation : inscrivez-le \
                 avec « guichet enroll --server URL --code CODE » (le code vient de \
                 « guichet-sync enrollment-code »)",
            )
        })
    }

    /// Enrols this device with a one-time code: hands the server the keys it signed
    /// tickets with, takes the provider's keys and a device token. Everything this
    /// device recorded before goes with its next sync.
    pub fn enroll(&mut self, server: &str, code: &str) -> AppResult<Enrolled> {
        let dir = self.sync_dir()?;
        if let Some(existing) = Credentials::load(&dir)? {
            return Err(AppError::rule(format!(
                "ce poste est déjà inscrit auprès de {} (prestataire « {} ») : une seule \
                 inscription par poste",
                existing.server, existing.provider_name
            )));
        }
        let client = Client::new(server, None)?;
        let (device, device_name) = crate::store::device::device(self.store.conn())?;
        let keys = self.keys()?.to_wire();
        let answer = client.enroll(&EnrollRequest {
            code: code.trim().to_owned(),
            device,
            device_name,
            keys,
        })?;
        let received = keys_from_wire(&answer.keys)?;
        self.keys()?.add_received(&received)?;
        if let Some(series) = &answer.series {
            self.take_invoice_series(series)?;
        }
        Credentials {
            server: client::check_address(server)?,
            provider: answer.provider,
            provider_name: answer.provider_name.clone(),
            device: answer.device,
            token: answer.token,
        }
        .save(&dir)?;
        tracing::info!(%device, provider = %answer.provider, "poste inscrit");
        Ok(Enrolled {
            device: answer.device,
            provider: answer.provider,
            provider_name: answer.provider_name,
        })
    }

    pub(crate) fn client(&self) -> AppResult<Client> {
        let credentials = self.enrolled()?;
        if credentials.device != crate::store::device::device(self.store.conn())?.0 {
            return Err(AppError::rule(
                "ce poste a changé d'identité (copie restaurée) depuis son inscription : \
                 inscrivez-le à nouveau avec un nouveau code (« guichet enroll »)",
            ));
        }
        Client::new(&credentials.server, Some(credentials.token))
    }

    /// The heads of this device's till journal that the sync server holds: those of
    /// its `journal_closed` operations in the server's log, read from the start (A17:
    /// removing the last entries of a journal, and the closings that cited them, is
    /// found against the server). `None` when this device is not enrolled, or the
    /// server cannot be reached or refuses it (a restored copy not enrolled again):
    /// the journal is then checked against its own closings.
    pub(crate) fn server_journal_heads(
        &self,
    ) -> AppResult<Option<Vec<guichet_core::journal::Pushed>>> {
        if self.credentials()?.is_none() {
            return Ok(None);
        }
        let me = crate::store::device::device(self.store.conn())?.0;
        let without = |e: AppError| {
            tracing::info!("journal vérifié sans le serveur : {e}");
            Ok(None)
        };
        let client = match self.client() {
            Ok(client) => client,
            Err(e) => return without(e),
        };
        let mut heads = Vec::new();
        let mut after = 0;
        loop {
            let page = match client.pull(after, PULL_PAGE, 0) {
                Ok(page) => page,
                Err(e) => return without(e),
            };
            let last = page.changes.last().map_or(after, |c| c.seq);
            for change in &page.changes {
                if let (true, guichet_core::sync::Op::JournalClosed(c)) =
                    (change.envelope.device == me, &change.envelope.op)
                {
                    heads.push(guichet_core::journal::Pushed {
                        head: guichet_core::journal::Head {
                            seq: c.seq,
                            hash: c.hash.get(),
                        },
                        here: true,
                    });
                }
            }
            if last <= after || last >= page.head {
                return Ok(Some(heads));
            }
            after = last;
        }
    }

    /// Pushes every waiting operation, in order, without pulling. Returns how many
    /// the server took.
    pub fn push(&mut self, progress: &mut dyn FnMut(SyncProgress)) -> AppResult<usize> {
        let client = self.client()?;
        self.push_pending(&client, progress)
    }

    /// Pushes every waiting operation, in order, and records each outcome.
    fn push_pending(
        &mut self,
        client: &Client,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> AppResult<usize> {
        let total =
            u64::try_from(crate::store::sync::pending_count(self.store.conn())?).unwrap_or(0);
        let mut pushed = 0;
        let mut resends = 0;
        loop {
            // What was waiting when it started: operations made meanwhile (a gate that
            // keeps scanning) go with the next push, and this one ends.
            let mut items = push_items(self.store.conn(), MAX_PUSH)?;
            if items.is_empty() || (pushed as u64 >= total && resends == 0) {
                return Ok(pushed);
            }
            fit(&mut items, PUSH_BYTES);
            let keys = self.keys().map(|ring| ring.to_wire()).unwrap_or_default();
            let answer = client.push(&PushRequest {
                items: items.clone(),
                keys,
            })?;
            let now = self.now();
            let settled =
                self.store
                    .settle_push(self.ids.as_ref(), now, &items, &answer.outcomes)?;
            pushed += settled.pushed;
            progress(SyncProgress {
                phase: "push",
                done: pushed as u64,
                total,
            });
            if settled.resend {
                resends += 1;
            }
            if settled.pushed == 0 && (!settled.resend || resends > 3) {
                return Err(AppError::rule(
                    "le serveur n'accepte pas les opérations de ce poste (numérotation \
                     incohérente) : elles restent en attente ; contactez l'assistance",
                ));
            }
        }
    }

    /// Pulls and applies the changes after the cursor, page by page; the first page
    /// waits up to `wait_ms` for one. Returns the changes applied.
    fn pull_available(
        &mut self,
        client: &Client,
        wait_ms: u32,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> AppResult<usize> {
        let mut pulled = 0;
        let mut wait = wait_ms;
        loop {
            let cursor = self.store.sync_cursor()?;
            let page = client.pull(cursor, PULL_PAGE, wait)?;
            wait = 0;
            let received = keys_from_wire(&page.keys)?;
            if !received.is_empty() {
                self.keys()?.add_received(&received)?;
            }
            self.store.reconcile(page.head, page.device_seq)?;
            if let Some(series) = &page.series {
                self.take_invoice_series(series)?;
            }
            let now = self.now();
            let count = page.changes.len();
            let (applied, _) =
                self.store
                    .apply_changes(self.ids.as_ref(), now, &page.changes, page.head)?;
            pulled += applied;
            progress(SyncProgress {
                phase: "pull",
                done: self.store.sync_cursor()?,
                total: page.head,
            });
            // A page may stop short of `PULL_PAGE` because of its size (photos, PDFs):
            // the end is reached when nothing came or the head is.
            let now_at = self.store.sync_cursor()?;
            if count == 0 || now_at <= cursor || (count < PULL_PAGE as usize && now_at >= page.head)
            {
                return Ok(pulled);
            }
        }
    }

    /// One sync: push everything waiting, then pull everything new. A server that
    /// cannot be reached is an [`crate::error::ErrorCode::Offline`] error; nothing
    /// is lost and the attempt is recorded for the status bar.
    pub fn sync(&mut self, progress: &mut dyn FnMut(SyncProgress)) -> AppResult<SyncReport> {
        self.sync_with(0, progress)
    }

    /// [`App::sync`] whose pull waits up to `wait_ms` for a change (long poll).
    pub fn sync_with(
        &mut self,
        wait_ms: u32,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> AppResult<SyncReport> {
        let client = self.client()?;
        let result = (|| {
            let pushed = self.push_pending(&client, progress)?;
            let pulled = self.pull_available(&client, wait_ms, progress)?;
            Ok::<_, AppError>((pushed, pulled))
        })();
        let now = self.now();
        match result {
            Ok((pushed, pulled)) => {
                self.store.record_sync_attempt(now, None)?;
                Ok(SyncReport {
                    pushed,
                    pulled,
                    conflicts: sync_state(self.store.conn())?.open_conflicts,
                })
            }
            Err(e) => {
                self.store.record_sync_attempt(now, Some(&e))?;
                Err(e)
            }
        }
    }

    /// Where sync stands here.
    pub fn sync_state(&self) -> AppResult<SyncState> {
        sync_state(self.store.conn())
    }

    /// The conflicts inbox.
    pub fn conflicts(&self) -> AppResult<Vec<ConflictView>> {
        crate::store::sync::conflicts(self.store.conn())
    }

    /// Settles a conflict, on every device: acknowledged as it stands, or by
    /// cancelling `cancel_booking` (a booking of this provider) first.
    pub fn settle_conflict(&mut self, conflict: Uuid, settle: Settle) -> AppResult<ConflictView> {
        self.require(crate::operators::Permission::SettleConflicts)?;
        use guichet_core::sync::op::{ConflictSettled, Settlement};
        let known = self
            .conflicts()?
            .into_iter()
            .find(|c| c.id == conflict)
            .ok_or_else(|| AppError::input(format!("conflit {conflict} inconnu sur ce poste")))?;
        if known.settled_at.is_some() {
            return Err(AppError::rule("ce conflit est déjà réglé"));
        }
        let how = match settle {
            Settle::Acknowledge => Settlement::Acknowledged,
            Settle::CancelBooking { booking } => {
                self.cancel_booking(booking)?;
                Settlement::BookingCancelled
            }
            Settle::MoveBooking {
                booking,
                unit,
                from,
                nights,
                price,
            } => {
                self.move_booking(booking, unit, guichet_core::Stay::new(from, nights)?, price)?;
                Settlement::BookingMoved
            }
        };
        self.write(|tx| {
            tx.commit_op(guichet_core::sync::Op::ConflictSettled(ConflictSettled {
                conflict,
                how,
            }))
        })?;
        self.conflicts()?
            .into_iter()
            .find(|c| c.id == conflict)
            .ok_or_else(|| AppError::input(format!("conflit {conflict} inconnu sur ce poste")))
    }
}

/// How a person settles a conflict of the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "how", rename_all = "snake_case")]
#[ts(export)]
pub enum Settle {
    /// Seen, accepted as it stands.
    Acknowledge,
    /// By cancelling a booking.
    CancelBooking {
        /// The booking.
        booking: Uuid,
    },
    /// By moving a booking (the refused one, placed again) to other dates or another unit.
    MoveBooking {
        /// The booking.
        booking: Uuid,
        /// Its unit now.
        unit: Uuid,
        /// Its arrival now.
        from: chrono::NaiveDate,
        /// Its nights now.
        nights: u32,
        /// An agreed price (else the tariffs').
        #[ts(type = "string | null")]
        price: Option<guichet_core::Money>,
    },
}

#[cfg(test)]
mod tests {
    use guichet_core::sync::protocol::PushItem;

    fn item(size: usize) -> PushItem {
        PushItem {
            base: 0,
            envelope: serde_json::Value::String("x".repeat(size)),
        }
    }

    #[test]
    fn d4_a_push_never_exceeds_its_size_and_always_carries_one_operation() {
        let mut items: Vec<PushItem> = (0..10).map(|_| item(100)).collect();
        super::fit(&mut items, 350);
        assert_eq!(items.len(), 3);
        let mut huge = vec![item(1000), item(10)];
        super::fit(&mut huge, 350);
        assert_eq!(
            huge.len(),
            1,
            "one operation larger than the limit still goes"
        );
        let mut all: Vec<PushItem> = (0..5).map(|_| item(10)).collect();
        super::fit(&mut all, 350);
        assert_eq!(all.len(), 5);
    }
}
