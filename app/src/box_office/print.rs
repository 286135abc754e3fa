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

/// Where a booking's tickets go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintTo {
    /// A CUPS printer, through `lp` (the PDF is kept in the data dir's `billets/`).
    Printer(String),
    /// A PDF file the user chose.
    File(PathBuf),
}

/// The printers CUPS knows on this machine (`lpstat -e`), the default one first;
/// empty where there is no CUPS (then the tickets are saved as a PDF).
pub fn printers() -> Vec<String> {
    let run = |args: &[&str]| {
        std::process::Command::new("lpstat")
            .args(args)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let mut names: Vec<String> = run(&["-e"])
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    // "system default destination: NAME" (or its translation): the last word.
    let default = run(&["-d"])
        .and_then(|text| text.split_whitespace().last().map(str::to_owned))
        .filter(|name| names.contains(name));
    if let Some(default) = default {
        names.retain(|n| *n != default);
        names.insert(0, default);
    }
    names
}

/// A PDF path the user chose: absolute, in a folder that exists, ending in `.pdf`.
pub fn chosen_pdf_path(path: &str) -> AppResult<PathBuf> {
    crate::destination::chosen_path(path, "pdf", "/home/festival/billets.pdf")
}

impl TicketPrint {
    /// Renders the PDF and sends it where `to` says; returns the PDF's path.
    pub fn deliver(self, to: &PrintTo) -> AppResult<PathBuf> {
        self.deliver_with_progress(to, &|_| {})
    }

    /// [`TicketPrint::deliver`], calling `laid_out(n)` as pages are laid out.
    pub fn deliver_with_progress(
        mut self,
        to: &PrintTo,
        laid_out: &dyn Fn(u32),
    ) -> AppResult<PathBuf> {
        if let PrintTo::File(path) = to {
            self.path.clone_from(path);
        }
        let path = self.render_and_save_with(laid_out)?;
        if let PrintTo::Printer(printer) = to {
            send_to_printer(printer, &self.title, &path)?;
        }
        Ok(path)
    }

    /// Renders the PDF ([`super::pdf::render`]) and writes it; returns its path.
    pub fn render_and_save(&self) -> AppResult<PathBuf> {
        self.render_and_save_with(&|_| {})
    }

    fn render_and_save_with(&self, laid_out: &dyn Fn(u32)) -> AppResult<PathBuf> {
        let pdf = crate::box_office::pdf::render_with_progress(&self.title, &self.pages, laid_out)?;
        save_pdf(&self.path, &pdf)?;
        Ok(self.path.clone())
    }
}

/// Writes `pdf` at `path`, its folder made if need be.
pub(crate) fn save_pdf(path: &std::path::Path, pdf: &[u8]) -> AppResult<()> {
    let written = match path.parent() {
        Some(folder) => std::fs::create_dir_all(folder),
        None => Ok(()),
    }
    .and_then(|()| std::fs::write(path, pdf));
    written.map_err(|e| {
        AppError::input(format!(
            "{} : le PDF ne peut pas être écrit ({}) ; vérifiez la place sur le disque et les droits du dossier",
            path.display(), crate::error::os_reason(&e)
        ))
    })
}

/// Writes `pdf` where `to` says: at the file chosen, or at `kept` then sent to the
/// printer (titled `title`); returns the PDF's path.
pub(crate) fn deliver_pdf(
    pdf: &[u8],
    title: &str,
    kept: &std::path::Path,
    to: &PrintTo,
) -> AppResult<PathBuf> {
    let path = match to {
        PrintTo::File(path) => path.clone(),
        PrintTo::Printer(_) => kept.to_owned(),
    };
    save_pdf(&path, pdf)?;
    if let PrintTo::Printer(printer) = to {
        send_to_printer(printer, title, &path)?;
    }
    Ok(path)
}

/// `lp -d PRINTER -t TITLE FILE`: refused in French when CUPS refuses.
fn send_to_printer(printer: &str, title: &str, path: &std::path::Path) -> AppResult<()> {
    let output = std::process::Command::new("lp")
        .arg("-d")
        .arg(printer)
        .arg("-t")
        .arg(title)
        .arg("--")
        .arg(path)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|_| {
            AppError::rule(format!(
                "l'impression n'est pas disponible sur ce poste (CUPS absent) : le PDF est enregistré dans {} ; ouvrez-le pour l'imprimer",
                path.display()
            ))
        })?;
    if output.status.success() {
        tracing::info!("PDF envoyé à l'imprimante");
        Ok(())
    } else {
        Err(AppError::rule(format!(
            "l'imprimante « {printer} » a refusé le travail : vérifiez qu'elle est allumée et acceptée dans les réglages d'impression ; le PDF est enregistré dans {}",
            path.display()
        )))
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
    fn t4_tickets_are_saved_where_the_user_chose_and_a_bad_place_is_refused_in_french() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = App::open(dir.path()).unwrap();
        app.load_demo().unwrap();
        let session = app.sessions().unwrap()[0].id;
        let booking = app
            .issue_tickets(session, None, 2, "Client Choisi")
            .unwrap()
            .booking;
        let out = tempfile::tempdir().unwrap();
        let chosen = chosen_pdf_path(&format!("{}/mes billets", out.path().display())).unwrap();
        assert_eq!(
            chosen,
            out.path().join("mes billets.pdf"),
            "the .pdf is added"
        );
        let path = app
            .ticket_print(booking)
            .unwrap()
            .deliver(&PrintTo::File(chosen.clone()))
            .unwrap();
        assert_eq!(path, chosen);
        assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF"));
        let relative = chosen_pdf_path("billets.pdf").unwrap_err();
        assert!(
            relative.message.contains("chemin complet"),
            "{}",
            relative.message
        );
        let missing = chosen_pdf_path("/nulle/part/billets.pdf").unwrap_err();
        assert_eq!(
            missing.message,
            "le dossier /nulle/part n'existe pas : choisissez un dossier existant"
        );
        assert!(chosen_pdf_path("  ").is_err());
    }

    #[test]
    fn t4_ticket_print_refuses_an_unknown_booking() {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(dir.path()).unwrap();
        let error = app.ticket_print(Uuid::from_u128(7)).unwrap_err();
        assert_eq!(error.code, crate::error::ErrorCode::Input);
    }
}
