//! Setting up a festival from the window: organizers, events, sessions and ticket
//! products are listed, edited and deactivated (kept with their history, no longer
//! offered for sale). An edit names only the fields that change, so that two edits
//! of different fields made on two devices merge (rule D4).

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use guichet_core::event::{sort_for_display_by, TicketProduct};
use guichet_core::sync::op::{NamedEdited, SessionEdited, TicketProductEdited};
use guichet_core::sync::wire::{Amount, Seats, Text};
use guichet_core::sync::Op;
use guichet_core::Money;
use uuid::Uuid;

use super::views::{EventView, OrganizerView, SessionView, TicketProductView};
use super::{require_session, required_name, session_view, store};
use crate::error::{AppError, AppResult};
use crate::store::Tx;
use crate::App;

/// What an edit of a ticket product changes (`None`: unchanged).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductEdit {
    /// A new name.
    pub name: Option<String>,
    /// A new theme (T2; may be empty).
    pub theme: Option<String>,
    /// Another organizer.
    pub organizer: Option<Uuid>,
    /// A new price for the tickets sold from now on.
    pub price: Option<Money>,
    /// Offered for sale or not.
    pub active: Option<bool>,
}

/// The instant a session starts, from its date and time in the provider's zone
/// (Europe/Paris). A time the clocks skip (the spring change) is refused in French.
pub fn paris_start(date: NaiveDate, time: NaiveTime) -> AppResult<DateTime<Utc>> {
    Paris
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| {
            AppError::input(format!(
                "{} à {} n'existe pas (changement d'heure) : choisissez une autre heure",
                date.format("%d/%m/%Y"),
                time.format("%H:%M")
            ))
        })
}

fn organizer_view((o, active): (guichet_core::event::Organizer, bool)) -> OrganizerView {
    OrganizerView {
        id: o.id,
        name: o.name,
        rank: o.rank,
        active,
    }
}

fn event_view(e: store::EventRow) -> EventView {
    EventView {
        id: e.id,
        name: e.name,
        active: e.active,
    }
}

fn unknown(what: &str, id: Uuid) -> AppError {
    AppError::input(format!(
        "{what} introuvable ({id}) : il a peut-être été supprimé sur un autre poste ; rouvrez l'écran Festival"
    ))
}

/// The value of a field when it differs from the current one.
fn changed<T: PartialEq>(new: Option<T>, current: &T) -> Option<T> {
    new.filter(|value| value != current)
}

fn require_event(tx: &Tx<'_>, id: Uuid) -> AppResult<store::EventRow> {
    store::event(tx.conn(), id)?.ok_or_else(|| unknown("événement", id))
}

fn require_product(tx: &Tx<'_>, id: Uuid) -> AppResult<(Uuid, TicketProduct)> {
    store::ticket_products(tx.conn(), None)?
        .into_iter()
        .find(|(_, p)| p.id == id)
        .ok_or_else(|| unknown("billet", id))
}

impl App {
    /// Every organizer, in creation order (T2).
    pub fn organizers(&self) -> AppResult<Vec<OrganizerView>> {
        Ok(store::organizers(self.store.conn())?
            .into_iter()
            .map(organizer_view)
            .collect())
    }

    /// Every event, in creation order.
    pub fn events(&self) -> AppResult<Vec<EventView>> {
        Ok(store::events(self.store.conn())?
            .into_iter()
            .map(event_view)
            .collect())
    }

    /// Renames, deactivates or reactivates an organizer.
    pub fn edit_organizer(
        &mut self,
        id: Uuid,
        name: Option<&str>,
        active: Option<bool>,
    ) -> AppResult<OrganizerView> {
        self.require(crate::operators::Permission::EditEvents)?;
        let name = name
            .map(|n| required_name(n, "indiquez le nom de l'organisateur"))
            .transpose()?;
        self.write(|tx| {
            let (current, was_active) = store::organizers(tx.conn())?
                .into_iter()
                .find(|(o, _)| o.id == id)
                .ok_or_else(|| unknown("organisateur", id))?;
            let edit = NamedEdited {
                id,
                name: name.filter(|n| n.as_str() != current.name),
                active: changed(active, &was_active),
            };
            if edit.name.is_some() || edit.active.is_some() {
                tx.commit_op(Op::OrganizerEdited(edit))?;
            }
            store::organizers(tx.conn())?
                .into_iter()
                .find(|(o, _)| o.id == id)
                .map(organizer_view)
                .ok_or_else(|| unknown("organisateur", id))
        })
    }

    /// Renames, deactivates or reactivates an event (a deactivated event's sessions
    /// are no longer sold; their tickets stay valid at the gate).
    pub fn edit_event(
        &mut self,
        id: Uuid,
        name: Option<&str>,
        active: Option<bool>,
    ) -> AppResult<EventView> {
        self.require(crate::operators::Permission::EditEvents)?;
        let name = name
            .map(|n| required_name(n, "indiquez le nom de l'événement"))
            .transpose()?;
        self.write(|tx| {
            let current = require_event(tx, id)?;
            let edit = NamedEdited {
                id,
                name: name.filter(|n| n.as_str() != current.name),
                active: changed(active, &current.active),
            };
            if edit.name.is_some() || edit.active.is_some() {
                tx.commit_op(Op::EventEdited(edit))?;
            }
            Ok(event_view(require_event(tx, id)?))
        })
    }

    /// Moves, resizes, deactivates or reactivates a session. Its seats cannot go
    /// below the tickets already sold.
    pub fn edit_session(
        &mut self,
        id: Uuid,
        starts_at: Option<DateTime<Utc>>,
        capacity: Option<u32>,
        active: Option<bool>,
    ) -> AppResult<SessionView> {
        self.require(crate::operators::Permission::EditEvents)?;
        if capacity == Some(0) {
            return Err(AppError::input(
                "une séance accueille au moins une personne : indiquez une jauge de 1 ou plus",
            ));
        }
        self.write(|tx| {
            let (_, current) = require_session(tx, id)?;
            let (_, was_active, _) = store::session_flags(tx.conn(), id)?;
            let capacity = changed(capacity, &current.capacity);
            if let Some(seats) = capacity {
                let sold = store::sold(tx.conn(), id)?;
                if seats < sold {
                    return Err(AppError::rule(format!(
                        "{sold} billets sont déjà vendus pour cette séance : sa jauge ne peut pas descendre sous {sold}"
                    )));
                }
            }
            let edit = SessionEdited {
                id,
                starts_at: changed(starts_at, &current.starts_at),
                capacity: capacity.map(Seats::try_from).transpose()?,
                active: changed(active, &was_active),
            };
            if edit.starts_at.is_some() || edit.capacity.is_some() || edit.active.is_some() {
                tx.commit_op(Op::SessionEdited(edit))?;
            }
            let (_, session) = require_session(tx, id)?;
            session_view(tx.conn(), session)
        })
    }

    /// Edits a ticket product; tickets already sold keep their price.
    pub fn edit_ticket_product(
        &mut self,
        id: Uuid,
        edit: ProductEdit,
    ) -> AppResult<TicketProductView> {
        self.require(crate::operators::Permission::EditEvents)?;
        if edit.price.is_some_and(Money::is_negative) {
            return Err(AppError::input(
                "un billet a un prix positif ou nul : corrigez le prix",
            ));
        }
        let name = edit
            .name
            .as_deref()
            .map(|n| required_name(n, "indiquez le nom du billet"))
            .transpose()?;
        let theme = edit
            .theme
            .as_deref()
            .map(|t| {
                let theme = guichet_core::bounds::check_name(t).map_err(AppError::input)?;
                Ok::<_, AppError>(Text::try_from(theme.to_owned())?)
            })
            .transpose()?;
        self.write(|tx| {
            let (event, current) = require_product(tx, id)?;
            let (was_active, _) = store::product_flags(tx.conn(), id)?.unwrap_or((true, true));
            if let Some(organizer) = edit.organizer {
                store::organizer(tx.conn(), organizer)?
                    .ok_or_else(|| unknown("organisateur", organizer))?;
            }
            let theme = theme.filter(|t| t.as_str() != current.theme);
            let organizer = changed(edit.organizer, &current.organizer.id);
            // Into another group (theme, organizer): last of that group.
            let position = if theme.is_some() || organizer.is_some() {
                let last = store::ticket_products(tx.conn(), Some(event))?
                    .iter()
                    .map(|(_, p)| p.position)
                    .max()
                    .unwrap_or(0);
                Some(last.saturating_add(1))
            } else {
                None
            };
            let op = TicketProductEdited {
                id,
                name: name.filter(|n| n.as_str() != current.name),
                theme,
                organizer,
                position,
                price: changed(edit.price, &current.price)
                    .map(Amount::try_from)
                    .transpose()?,
                active: changed(edit.active, &was_active),
            };
            if op != empty_edit(id) {
                tx.commit_op(Op::TicketProductEdited(op))?;
            }
            let (_, product) = require_product(tx, id)?;
            super::product_view(tx.conn(), event, product)
        })
    }

    /// Moves a ticket product one place earlier (or later) in its organizer's list
    /// within its theme (T2's "tickets' own order"); returns the event's products in
    /// display order.
    pub fn move_ticket_product(
        &mut self,
        id: Uuid,
        earlier: bool,
    ) -> AppResult<Vec<TicketProductView>> {
        self.require(crate::operators::Permission::EditEvents)?;
        let event = self.write(|tx| {
            let (event, product) = require_product(tx, id)?;
            let mut siblings: Vec<(Uuid, TicketProduct)> =
                store::ticket_products(tx.conn(), Some(event))?
                    .into_iter()
                    .filter(|(_, p)| {
                        p.theme == product.theme && p.organizer.id == product.organizer.id
                    })
                    .collect();
            sort_for_display_by(&mut siblings, |(_, p)| p);
            let index = siblings
                .iter()
                .position(|(_, p)| p.id == id)
                .ok_or_else(|| unknown("billet", id))?;
            let other = if earlier {
                index.checked_sub(1)
            } else {
                Some(index + 1).filter(|i| *i < siblings.len())
            };
            let Some(other) = other else {
                return Ok(event);
            };
            siblings.swap(index, other);
            // Renumber the list 0, 1, 2…: only the positions that change are sent.
            for (position, (_, p)) in (0u32..).zip(&siblings) {
                if p.position != position {
                    tx.commit_op(Op::TicketProductEdited(TicketProductEdited {
                        position: Some(position),
                        ..empty_edit(p.id)
                    }))?;
                }
            }
            Ok(event)
        })?;
        self.ticket_products(Some(event))
    }

    /// Adds a session starting at `date` `time` in the provider's zone.
    pub fn add_session_local(
        &mut self,
        event: Uuid,
        date: NaiveDate,
        time: NaiveTime,
        capacity: u32,
    ) -> AppResult<SessionView> {
        self.require(crate::operators::Permission::EditEvents)?;
        let starts_at = paris_start(date, time)?;
        self.add_session(event, starts_at, capacity)
    }
}

/// An edit of product `id` that changes nothing.
fn empty_edit(id: Uuid) -> TicketProductEdited {
    TicketProductEdited {
        id,
        name: None,
        theme: None,
        organizer: None,
        position: None,
        price: None,
        active: None,
    }
}
