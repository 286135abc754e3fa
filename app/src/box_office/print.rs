//! Printing a booking's tickets in two steps, so that a window never holds the
//! application while a PDF renders: [`App::ticket_print`] reads what the pages say
//! (quick, needs the application), then [`TicketPrint::render_and_save`] lays them
//! out and writes the file (slow for hundreds of tickets, needs nothing shared).

use std::path::PathBuf;

use guichet_core::ticket_booking::TicketBookingStatus;
use uuid::Uuid;

use crate::box_office::pdf::TicketPage;
use crate::box_office::store;
use crate::box_office::{booking_reference, local_instant};
use crate::error::{AppError, AppResult};
use crate::App;

/// Everything needed to print a booking's tickets, read from the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketPrint {
    /// The PDF's title, "Billets 1A2B3C4D".
    pub title: String,
    /// One page per ticket.
    pub pages: Vec<TicketPage>,
    /// Where the PDF goes: `billets/billets-<booking number>.pdf` in the data dir.
    pub path: PathBuf,
}

impl App {
    /// The title and pages of a booking's tickets (T4), without rendering them.
    pub fn ticket_pages(&self, booking: Uuid) -> AppResult<(String, Vec<TicketPage>)> {
        let conn = self.store.conn();
        let found = store::ticket_booking(conn, booking)?.ok_or_else(|| {
            AppError::input(format!(
                "aucune réservation de billets n'a l'identifiant {booking}"
            ))
        })?;
        if found.status == TicketBookingStatus::Cancelled {
            return Err(AppError::rule(
                "cette réservation est annulée : ses billets ne sont plus valables",
            ));
        }
        let (event, session) = store::session(conn, found.session)?
            .ok_or_else(|| AppError::input("la séance de cette réservation est introuvable"))?;
        let product = store::ticket_products(conn, Some(event))?
            .into_iter()
            .find(|(_, p)| p.id == found.product)
            .map(|(_, p)| p)
            .ok_or_else(|| AppError::input("le billet de cette réservation est introuvable"))?;
        let provider = crate::settings::load(conn)?.provider_name;
        let reference = booking_reference(booking);
        let pages = store::tickets_of(conn, booking)?
            .into_iter()
            .map(|row| TicketPage {
                provider: provider.clone(),
                event: session.event.clone(),
                session: format!(
                    "Séance du {}",
                    local_instant(session.starts_at).replace(' ', " à ")
                ),
                product: format!("{} — {}", product.name, product.price.to_french()),
                holder: found.holder.clone(),
                booking: reference.clone(),
                number: row.number,
                count: found.quantity,
                code: row.code,
            })
            .collect();
        Ok((format!("Billets {reference}"), pages))
    }

    /// What printing a booking's tickets needs: its pages and the file to write.
    pub fn ticket_print(&self, booking: Uuid) -> AppResult<TicketPrint> {
        let (title, pages) = self.ticket_pages(booking)?;
        let path = self
            .data_dir
            .clone()
            .unwrap_or_else(std::env::temp_dir)
            .join("billets")
            .join(format!("billets-{}.pdf", booking_reference(booking)));
        Ok(TicketPrint { title, pages, path })
    }
}

impl TicketPrint {
    /// Renders the PDF ([`super::pdf::render`]) and writes it; returns its path.
    pub fn render_and_save(&self) -> AppResult<PathBuf> {
        let pdf = crate::box_office::pdf::render(&self.title, &self.pages)?;
        let written = match self.path.parent() {
            Some(folder) => std::fs::create_dir_all(folder),
            None => Ok(()),
        }
        .and_then(|()| std::fs::write(&self.path, pdf));
        written.map_err(|e| {
            AppError::input(format!(
                "{} : le PDF ne peut pas être écrit ({}) ; vérifiez la place sur le disque et les droits du dossier de données",
                self.path.display(), crate::error::os_reason(&e)
            ))
        })?;
        Ok(self.path.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t4_ticket_print_reads_the_pages_then_renders_them_without_the_app() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = App::open(dir.path()).unwrap();
        app.load_demo().unwrap();
        let session = app.sessions().unwrap()[0].id;
        let booking = app
            .issue_tickets(session, None, 3, "Client Essai")
            .unwrap()
            .booking;

        let print = app.ticket_print(booking).unwrap();
        assert_eq!(
            print.title,
            format!("Billets {}", booking_reference(booking))
        );
        let numbers: Vec<u32> = print.pages.iter().map(|p| p.number).collect();
        assert_eq!(numbers, vec![1, 2, 3]);
        drop(app);
        let path = print.render_and_save().unwrap();
        assert!(path.starts_with(dir.path().join("billets")), "{path:?}");
        let text = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        assert_eq!(
            text.matches("Détenteur : Client Essai").count(),
            3,
            "{text}"
        );
        assert!(text.contains("Billet 3 / 3"), "{text}");
    }

    #[test]
    fn t4_ticket_print_refuses_an_unknown_booking() {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(dir.path()).unwrap();
        let error = app.ticket_print(Uuid::from_u128(7)).unwrap_err();
        assert_eq!(error.code, crate::error::ErrorCode::Input);
    }
}
