//! Human output of the command line, in French.

use guichet_app::box_office::views::{ScanView, SessionView, TicketBookingView, TicketProductView};
use guichet_app::planning::views::{
    BookingView, HoldView, PlanningView, QuoteView, SettingsView, TariffView, UnitView,
};
pub use guichet_core::bounds::printable;
use guichet_core::calendar::{french_date, french_instant};
use guichet_core::PricingMode;

fn mode(mode: PricingMode) -> &'static str {
    match mode {
        PricingMode::Priority => "priorité",
        PricingMode::Cheapest => "le moins cher",
    }
}

fn nights(n: u32) -> String {
    if n == 1 {
        "1 nuit".to_owned()
    } else {
        format!("{n} nuits")
    }
}

/// One tariff line.
pub fn tariff(t: &TariffView) -> String {
    format!(
        "{} · {} · {}",
        french_date(t.start),
        nights(t.nights),
        t.price.to_french()
    )
}

/// A quote.
pub fn quote(q: &QuoteView, from: chrono::NaiveDate, n: u32) -> String {
    let end = from + chrono::Days::new(u64::from(n));
    let head = format!(
        "Séjour du {} au {} ({}), mode {}",
        french_date(from),
        french_date(end),
        nights(n),
        mode(q.mode)
    );
    match (&q.total, &q.reason) {
        (Some(total), None) => {
            let parts: Vec<String> = q.parts.iter().map(|p| format!("  {}", tariff(p))).collect();
            format!("{head} : {}\n{}", total.to_french(), parts.join("\n"))
        }
        (_, reason) => format!(
            "{head} : non disponible — {}",
            reason.as_deref().unwrap_or("")
        ),
    }
}

/// A unit line.
pub fn unit(u: &UnitView) -> String {
    format!("{}  {} ({} pers.)", u.id, printable(&u.name), u.capacity)
}

/// A hold line.
pub fn hold(h: &HoldView) -> String {
    format!(
        "{}  {} · du {} au {} · {} · bloqué jusqu'au {}",
        h.id,
        printable(&h.guest),
        french_date(h.start),
        french_date(h.end),
        h.total.to_french(),
        french_instant(h.expires_at)
    )
}

/// A booking line.
pub fn booking(b: &BookingView) -> String {
    let status = match b.status {
        guichet_core::booking::BookingStatus::Confirmed => "confirmée",
        guichet_core::booking::BookingStatus::Cancelled => "annulée",
    };
    format!(
        "{}  {} · du {} au {} ({}) · {} · {status}",
        b.id,
        printable(&b.guest),
        french_date(b.start),
        french_date(b.end),
        nights(b.nights),
        b.total.to_french()
    )
}

/// The planning as a text grid: one line per unit, one character per night
/// (`█` booked, `▒` held, `·` free with a price, blank without tariff).
pub fn planning(p: &PlanningView) -> String {
    let width = p
        .rows
        .iter()
        .map(|r| printable(&r.unit.name).chars().count())
        .max()
        .unwrap_or(0);
    let mut out = match (p.days.first(), p.days.last()) {
        (Some(first), Some(last)) => format!(
            "Planning du {} au {}\n",
            french_date(*first),
            french_date(*last)
        ),
        _ => String::new(),
    };
    for row in &p.rows {
        let cells: String = row
            .cells
            .iter()
            .map(|c| match (&c.occupant, &c.price) {
                (Some(o), _) if o.kind == "booking" => '█',
                (Some(_), _) => '▒',
                (None, Some(_)) => '·',
                (None, None) => ' ',
            })
            .collect();
        out.push_str(&format!("{:width$}  {cells}\n", printable(&row.unit.name)));
    }
    out.push_str("█ réservé  ▒ bloqué (paiement en cours)  · libre");
    out
}

/// The settings.
pub fn settings(s: &SettingsView) -> String {
    let c = &s.conditions;
    format!(
        "Prestataire : {}\nMode de calcul des prix : {}\nValidité des bons cadeaux : {} mois\n\
         Contrats : {} % du prix en {}, solde dû {} jour{} avant l'arrivée\n{}{}",
        printable(&s.provider_name),
        mode(s.pricing_mode),
        s.voucher_validity_months,
        c.deposit_percent,
        c.deposit_kind,
        c.balance_days,
        if c.balance_days > 1 { "s" } else { "" },
        c.consequence,
        if c.extra_info.is_empty() {
            String::new()
        } else {
            format!(
                "\nInformations complémentaires : {}",
                printable(&c.extra_info)
            )
        }
    )
}

/// A session line with its counters.
pub fn session(s: &SessionView) -> String {
    format!(
        "{}  {} · {} · {} vendus · {} / {} entrées",
        s.id,
        printable(&s.event),
        guichet_app::box_office::local_instant(s.starts_at),
        s.sold,
        s.admitted,
        s.capacity
    )
}

/// A ticket product line.
pub fn ticket_product(p: &TicketProductView) -> String {
    format!(
        "{}  {} · {} · {} · {}",
        p.id,
        printable(&p.theme),
        printable(&p.organizer),
        printable(&p.name),
        p.price.to_french()
    )
}

/// A ticket booking with "Scanné" beside "Quantité" and its tickets (T3).
pub fn ticket_booking(b: &TicketBookingView) -> String {
    let status = if b.status == "cancelled" {
        " · annulée"
    } else {
        ""
    };
    let mut out = format!(
        "{}  {} · Quantité {} · Scanné {} · {}{status}",
        b.id,
        printable(&b.holder),
        b.quantity,
        b.scanned,
        b.total.to_french()
    );
    for t in &b.tickets {
        let state = match (&t.scanned_at, &t.scanned_on) {
            (Some(at), Some(on)) => format!(
                "contrôlé {} ({})",
                guichet_app::box_office::local_instant(*at),
                printable(on)
            ),
            _ => "non contrôlé".to_owned(),
        };
        out.push_str(&format!(
            "\n  billet {}  {}  {state}",
            t.number,
            printable(&t.code)
        ));
    }
    out
}

/// A scan verdict, big words first.
pub fn scan(s: &ScanView) -> String {
    format!(
        "{}\n{} / {} entrées",
        printable(&s.message),
        s.admitted,
        s.capacity
    )
}

/// A sync phase.
pub fn sync_phase(phase: &str) -> &'static str {
    if phase == "push" {
        "envoi"
    } else {
        "réception"
    }
}

/// One sync's outcome.
pub fn sync_report(r: &guichet_app::sync::SyncReport) -> String {
    let conflicts = match r.conflicts {
        0 => "aucun conflit à régler".to_owned(),
        1 => "1 conflit à régler (« guichet conflicts »)".to_owned(),
        n => format!("{n} conflits à régler (« guichet conflicts »)"),
    };
    format!(
        "Synchronisé : {} opération(s) envoyée(s), {} reçue(s) ; {conflicts}.",
        r.pushed, r.pulled
    )
}

/// A conflict of the inbox, on one line.
pub fn conflict(c: &guichet_app::store::sync::ConflictView) -> String {
    let state = match (&c.settled_at, c.settled_how.as_deref()) {
        (None, _) => "À RÉGLER".to_owned(),
        (Some(at), Some("booking_cancelled")) => {
            format!("réglé le {} (réservation annulée)", french_instant(*at))
        }
        (Some(at), _) => format!("réglé le {}", french_instant(*at)),
    };
    format!(
        "{}  [{}] {} — poste {}, {}",
        c.id,
        state,
        c.summary,
        c.device_name.as_deref().unwrap_or("inconnu ici"),
        french_instant(c.at)
    )
}

/// A conflict as `guichet conflicts --json` prints it: its facts (`kind` first) and
/// where, when and who.
pub fn conflict_json(c: &guichet_app::store::sync::ConflictView) -> serde_json::Value {
    let mut value = match &c.fact {
        serde_json::Value::Object(map) => map.clone(),
        _ => serde_json::Map::new(),
    };
    value.insert("id".into(), c.id.to_string().into());
    value.insert("summary".into(), c.summary.clone().into());
    value.insert("op_kind".into(), c.op_kind.clone().into());
    value.insert("device".into(), c.device.to_string().into());
    value.insert("device_name".into(), c.device_name.clone().into());
    value.insert("at".into(), c.at.to_rfc3339().into());
    value.insert("rejected".into(), c.rejected.into());
    value.insert(
        "settled_at".into(),
        c.settled_at.map(|t| t.to_rfc3339()).into(),
    );
    value.insert("settled_how".into(), c.settled_how.clone().into());
    if let Some(number) = &c.credit_note {
        value.insert("credit_note".into(), number.clone().into());
    }
    serde_json::Value::Object(value)
}

/// A booking's file, for the terminal: the booking, the party, payments and balance.
pub fn booking_file(f: &guichet_app::planning::booking_file::BookingFileView) -> String {
    let mut out = booking(&f.booking);
    let c = &f.customer;
    out.push_str(&format!(
        "\nDossier {} · client : {}",
        f.number,
        printable(
            &[
                c.title.as_str(),
                c.first_name.as_str(),
                c.last_name.as_str()
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
        )
    ));
    if !c.address.is_empty() {
        out.push_str(&format!(" · {}", printable(&c.address.replace('\n', ", "))));
    }
    out.push_str(&format!("\n{} · ", printable(&f.unit_name)));
    match (f.adults, f.children) {
        (Some(a), c) => out.push_str(&format!(
            "{a} adulte{} et {} enfant{}",
            if a > 1 { "s" } else { "" },
            c.unwrap_or(0),
            if c.unwrap_or(0) > 1 { "s" } else { "" }
        )),
        (None, _) => out.push_str("groupe non renseigné"),
    }
    for p in &f.payments {
        let method =
            guichet_core::payment::PaymentMethod::from_code(&p.method).map_or("?", |m| m.french());
        out.push_str(&format!(
            "\n  {} · {} · {method}",
            french_date(p.paid_on),
            p.amount.to_french()
        ));
    }
    out.push_str(&format!(
        "\nPayé : {} · reste dû : {}",
        f.paid.to_french(),
        f.balance.to_french()
    ));
    out
}

/// Amounts per method (`{"cash": "12.30"}`), in French: `espèces 12,30 €, carte bancaire 5,00 €`.
fn journal_amounts(amounts: &serde_json::Map<String, serde_json::Value>) -> String {
    if amounts.is_empty() {
        return "aucun montant".to_owned();
    }
    amounts
        .iter()
        .map(|(method, amount)| {
            let name = guichet_core::payment::PaymentMethod::from_code(method)
                .map_or(method.as_str(), |m| m.french());
            let amount = amount
                .as_str()
                .and_then(guichet_core::journal::parse_money)
                .map_or_else(String::new, guichet_core::Money::to_french);
            format!("{name} {amount}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `guichet journal verify`, in French.
pub fn journal_check(c: &guichet_app::journal::JournalCheck) -> String {
    let count = match c.entries {
        0 => "aucune entrée".to_owned(),
        1 => "1 entrée".to_owned(),
        n => format!("{n} entrées"),
    };
    let mut text = match &c.first_bad {
        Some(bad) => format!(
            "Journal de caisse ALTÉRÉ ({count}) : {} à l'entrée {}. Il a été modifié en dehors de Guichet : \
             gardez ce poste tel quel et restaurez une sauvegarde si besoin.",
            bad.reason, bad.seq
        ),
        None if c.certifiable => format!("Journal de caisse intègre ({count}), certifiable."),
        None => format!(
            "Journal de caisse intègre ({count}), mais non certifiable : {} entrée(s) écrite(s) avec l'horloge figée (GUICHET_NOW).",
            c.pinned
        ),
    };
    for b in &c.declared_breaks {
        text.push_str(&format!(
            "\nReprise d'une sauvegarde déclarée à l'entrée {} : le journal continue depuis l'entrée {} de la sauvegarde{}.",
            b.seq,
            b.backup_head.as_ref().map_or(0, |h| h.seq),
            b.pushed_head.as_ref().map_or_else(String::new, |h| format!(
                " (dernière clôture envoyée au serveur : entrée {})",
                h.seq
            ))
        ));
    }
    text
}

/// One entry of the till journal, in French.
pub fn journal_entry(e: &guichet_app::journal::EntryView) -> String {
    let kind =
        guichet_core::journal::Kind::from_code(&e.kind).map_or(e.kind.as_str(), |k| k.french());
    format!(
        "{:>6}  {}  {kind} — {}{}",
        e.seq,
        french_instant(e.at),
        journal_amounts(&e.amounts),
        if e.pinned { "  (horloge figée)" } else { "" }
    )
}

/// A closing, in French.
pub fn journal_closing(
    c: &guichet_app::journal::ClosingView,
    period: guichet_core::journal::Period,
) -> String {
    format!(
        "Caisse clôturée pour {} (entrée {} du journal) : {} encaissement(s), total {} ({}).\n\
         Grand total perpétuel : {}. Empreinte envoyée au serveur : {}.",
        period.french(),
        c.seq,
        c.entries,
        c.total.to_french(),
        journal_amounts(&c.totals),
        c.grand_total.to_french(),
        c.hash
    )
}
