//! Use case: fill an empty data dir with a realistic demo provider.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use guichet_core::contact::Contact;
use guichet_core::{Money, Stay};

use crate::error::{AppError, AppResult};
use crate::planning::tariffs::TariffPlan;
use crate::planning::units::UnitOrder;
use crate::App;

/// What the demo created.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DemoSummary {
    /// Units created.
    pub units: usize,
    /// Tariffs written.
    pub tariffs: usize,
    /// Bookings made.
    pub bookings: usize,
    /// Holds started.
    pub holds: usize,
    /// Festival tickets sold.
    pub tickets: usize,
    /// Products of the till.
    pub products: usize,
    /// Gift vouchers sold.
    pub vouchers: usize,
}

/// The till's products: (name, price in cents, VAT in hundredths of a percent, channels).
const PRODUCTS: &[(&str, i64, u32, &[&str])] = &[
    ("Balade à poney (1 h)", 2_500, 2_000, &["till", "widget"]),
    (
        "Atelier poterie",
        3_500,
        2_000,
        &["till", "widget", "mini_site"],
    ),
    ("Location de vélo (journée)", 1_800, 2_000, &["till"]),
    ("Panier du terroir", 3_200, 550, &["till"]),
    // Sold only through gift vouchers (A12).
    ("Séjour découverte", 15_000, 1_000, &[]),
];

/// Gift vouchers sold: (product indexes, amount in cents, method).
const VOUCHERS: &[(&[usize], i64, guichet_core::payment::PaymentMethod)] = &[
    (&[0, 1], 5_000, guichet_core::payment::PaymentMethod::Cash),
    (&[4], 15_000, guichet_core::payment::PaymentMethod::Card),
    (&[2], 3_000, guichet_core::payment::PaymentMethod::Cheque),
];

/// (name, capacity, low-season night in cents, summer night in cents)
const UNITS: &[(&str, u32, i64, i64)] = &[
    ("Gîte du Meunier", 6, 9_500, 14_000),
    ("Chambre Lavande", 2, 6_500, 8_500),
    ("Roulotte des Prés", 2, 5_500, 7_500),
    ("Grand Gîte de la Source", 12, 22_000, 32_000),
    ("Emplacement 14 (camping)", 4, 2_200, 3_500),
];

/// (unit index, days from today, nights, guest, e-mail)
const BOOKINGS: &[(usize, u64, u32, &str, &str)] = &[
    (0, 2, 5, "Famille Martin", "martin.famille@exemple.fr"),
    (1, 0, 3, "Léa Bernard", "lea.bernard@exemple.fr"),
    (
        3,
        9,
        7,
        "Association Les Randonneurs",
        "contact@randonneurs.exemple.fr",
    ),
    (2, 14, 2, "Hugo Petit", "hugo.petit@exemple.fr"),
];

fn share(cents: i64, tenths: i64) -> Money {
    Money::from_cents(cents * tenths / 10)
}

impl App {
    /// Fills an empty data dir: five units, thirteen months of tariffs from this
    /// month (nightly prices, summer weeks from Saturday, weekend packages), a few
    /// bookings and one live hold; a festival with three sessions and tickets sold.
    /// Refused when the data dir already has units.
    pub fn load_demo(&mut self) -> AppResult<DemoSummary> {
        self.require(crate::operators::Permission::EditSettings)?;
        if !self.units(UnitOrder::BackOffice)?.is_empty() {
            return Err(AppError::rule(
                "ce dossier de données contient déjà des hébergements : la démo ne s'installe que dans un dossier vide (--data-dir)",
            ));
        }
        let today = self.now().date_naive();
        let season_start = month_start(today);
        let season_end = season_start + Months::new(13);
        self.set_provider_name("Les Gîtes du Vallon")?;
        let mut summary = DemoSummary {
            units: 0,
            tariffs: 0,
            bookings: 0,
            holds: 0,
            tickets: 0,
            products: 0,
            vouchers: 0,
        };
        let mut ids = Vec::new();
        for &(name, capacity, low, high) in UNITS {
            let unit = self.add_unit(name, capacity)?.id;
            ids.push(unit);
            summary.units += 1;
            let mut month = season_start;
            while month < season_end {
                let next = month + Months::new(1);
                let summer = matches!(month.month(), 7 | 8);
                let night = Money::from_cents(if summer { high } else { low });
                let cents = if summer { high } else { low };
                let plans = [
                    TariffPlan::EveryNight {
                        from: month,
                        until: next,
                        price: night,
                    },
                    TariffPlan::Package {
                        from: month,
                        until: next,
                        nights: 2,
                        weekday: Some(Weekday::Fri),
                        price: share(cents, 18),
                    },
                    TariffPlan::Weekly {
                        from: month,
                        until: next + Days::new(6),
                        weekday: Weekday::Sat,
                        price: share(cents, 60),
                    },
                ];
                for plan in &plans {
                    summary.tariffs += self.add_tariffs(unit, plan)?;
                }
                month = next;
            }
        }
        for &(unit, offset, nights, guest, email) in BOOKINGS {
            let stay = Stay::new(today + Days::new(offset), nights)?;
            self.book(
                ids[unit],
                stay,
                Contact::new(guest, Some(email), None)?,
                None,
                None,
            )?;
            summary.bookings += 1;
        }
        let held = Stay::new(today + Days::new(4), 2)?;
        let contact = Contact::new(
            "Camille Roux",
            Some("camille.roux@exemple.fr"),
            Some("06 12 34 56 78"),
        )?;
        self.hold(ids[4], held, contact)?;
        summary.holds += 1;
        summary.tickets = festival::create(self)?;
        let mut products = Vec::new();
        for &(name, cents, vat, channels) in PRODUCTS {
            let channels: Vec<String> = channels.iter().map(|c| (*c).to_owned()).collect();
            products.push(
                self.add_product(name, Money::from_cents(cents), vat, &channels)?
                    .id,
            );
            summary.products += 1;
        }
        for &(linked, cents, method) in VOUCHERS {
            let linked: Vec<_> = linked.iter().map(|i| products[*i]).collect();
            self.demo_voucher(&linked, Money::from_cents(cents), method)?;
            summary.vouchers += 1;
        }
        Ok(summary)
    }
}

/// The first day of the month of `date`.
pub fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The demo's box office: a summer festival with three sessions and tickets sold.
pub(crate) mod festival {
    use chrono::{Days, NaiveTime, TimeZone, Utc};
    use chrono_tz::Europe::Paris;

    use crate::error::AppResult;
    use crate::App;

    /// (holder, tickets) sold for the first session.
    const SOLD: &[(&str, u32)] = &[
        ("Famille Martin", 4),
        ("Léa Bernard", 2),
        ("Hugo Petit", 1),
        ("Camille Roux", 3),
    ];

    /// Creates the event, its organizers, ticket products and sessions; sells tickets.
    pub fn create(app: &mut App) -> AppResult<usize> {
        let town = app.add_organizer("Mairie de Vallon")?;
        let jazz = app.add_organizer("Association Jazz en Vallon")?;
        let event = app.add_event("Festival Lumières du Vallon")?;
        app.add_ticket_product(event, "Plein tarif", "Concerts", jazz, "25".parse()?)?;
        app.add_ticket_product(event, "Tarif réduit", "Concerts", jazz, "15".parse()?)?;
        app.add_ticket_product(event, "Visite nocturne", "Visites", town, "8".parse()?)?;
        let today = app.today();
        let mut sessions = Vec::new();
        for (offset, capacity) in [(0, 450), (1, 300), (7, 200)] {
            let day = today + Days::new(offset);
            let local = day.and_time(NaiveTime::from_hms_opt(20, 30, 0).unwrap_or_default());
            let starts_at = Paris
                .from_local_datetime(&local)
                .earliest()
                .map_or_else(|| app.now(), |t| t.with_timezone(&Utc));
            sessions.push(app.add_session(event, starts_at, capacity)?.id);
        }
        let mut sold = 0;
        for &(holder, quantity) in SOLD {
            app.issue_tickets(sessions[0], None, quantity, holder)?;
            sold += quantity as usize;
        }
        Ok(sold)
    }
}
