//! Use cases: gift vouchers (rules A7–A12). A voucher's state is the ledger of its
//! events (`voucher_events`), folded by [`guichet_core::voucher::state`]: a voucher
//! redeemed on two offline tills shows redeemed twice, never silently spent twice.

use chrono::{DateTime, NaiveDate, Utc};
use guichet_core::payment::PaymentMethod;
use guichet_core::sync::op::{VoucherDeactivated, VoucherExtended, VoucherRedeemed, VoucherSold};
use guichet_core::sync::wire::{Amount, Day};
use guichet_core::sync::Op;
use guichet_core::ticket_code::{CodeError, CodeKind, TicketCode};
use guichet_core::voucher::{self, RedeemError, VoucherEvent, VoucherState, VoucherStatus};
use guichet_core::Money;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::products::require_product;
use super::text;
use crate::error::{AppError, AppResult};
use crate::operators::Permission;
use crate::store::read::{parse, parse_opt};
use crate::App;

/// A voucher just sold, as `guichet vouchers sell` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SoldVoucher {
    /// Its id.
    pub voucher: Uuid,
    /// Its code (in its QR).
    pub code: String,
    /// Its amount.
    #[ts(type = "string")]
    pub amount: Money,
    /// Its last day.
    #[ts(type = "string")]
    pub valid_until: NaiveDate,
}

/// A redemption just made, as `guichet vouchers redeem` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RedeemedVoucher {
    /// The voucher's id (`null` when its sale is not known on this till yet).
    pub voucher: Option<Uuid>,
    /// Its code.
    pub code: String,
    /// What it paid.
    #[ts(type = "string")]
    pub redeemed: Money,
    /// What it held beyond that and is not given back.
    #[ts(type = "string")]
    pub forfeited: Money,
    /// What the customer still pays otherwise.
    #[ts(type = "string")]
    pub rest: Money,
    /// Taken on the amount printed on it, until sync confirms its sale.
    pub unconfirmed: bool,
}

/// One event of a voucher's ledger, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VoucherEventView {
    /// `sold`, `redeemed`, `deactivated`, `extended`.
    pub kind: String,
    /// When.
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// The amount sold or paid.
    #[ts(type = "string | null")]
    pub amount: Option<Money>,
    /// What a redemption left and did not give back.
    #[ts(type = "string | null")]
    pub forfeited: Option<Money>,
    /// A new last day.
    #[ts(type = "string | null")]
    pub valid_until: Option<NaiveDate>,
    /// Why it was deactivated.
    pub reason: Option<String>,
    /// The device's name, for a redemption.
    pub device_name: Option<String>,
    /// A redemption taken before its sale was known here.
    pub unconfirmed: bool,
}

/// A voucher as the till, the report and the command line show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VoucherView {
    /// Its id (`null` while its sale is not known on this device).
    pub id: Option<Uuid>,
    /// Its code.
    pub code: String,
    /// Its amount.
    #[ts(type = "string")]
    pub amount: Money,
    /// What is left on it (negative when redeemed twice).
    #[ts(type = "string")]
    pub balance: Money,
    /// What its redemptions paid.
    #[ts(type = "string")]
    pub redeemed: Money,
    /// Its last day.
    #[ts(type = "string | null")]
    pub valid_until: Option<NaiveDate>,
    /// Where it stands.
    #[ts(type = "string")]
    pub status: VoucherStatus,
    /// The same, in French.
    pub status_label: String,
    /// The products it pays for (A12).
    pub products: Vec<Uuid>,
    /// Their names.
    pub product_names: Vec<String>,
    /// How it was paid.
    pub method: Option<String>,
    /// When it was sold.
    #[ts(type = "string | null")]
    pub sold_at: Option<DateTime<Utc>>,
    /// Its ledger, oldest first.
    pub events: Vec<VoucherEventView>,
}

fn money_opt(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<Money>> {
    parse_opt(row, index)
}

/// The ledger of the voucher `code`, oldest first.
fn events(conn: &Connection, code: &str) -> AppResult<Vec<VoucherEventView>> {
    let mut statement = conn.prepare_cached(
        "SELECT kind, at, amount, forfeited, valid_until, reason, device_name, unconfirmed
         FROM voucher_events WHERE code = ?1 ORDER BY at, rowid",
    )?;
    let rows = statement.query_map([code], |r| {
        Ok(VoucherEventView {
            kind: r.get(0)?,
            at: parse(r, 1)?,
            amount: money_opt(r, 2)?,
            forfeited: money_opt(r, 3)?,
            valid_until: parse_opt(r, 4)?,
            reason: r.get(5)?,
            device_name: r.get(6)?,
            unconfirmed: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The core's events of a ledger (the redemption taken on a printed amount counts as
/// its sale until the sale itself is known).
fn ledger(events: &[VoucherEventView]) -> Vec<VoucherEvent> {
    events
        .iter()
        .filter_map(|e| match e.kind.as_str() {
            "sold" | "imported" => Some(VoucherEvent::Sold {
                amount: e.amount.unwrap_or(Money::ZERO),
                valid_until: e.valid_until.unwrap_or(NaiveDate::MIN),
            }),
            "redeemed" => Some(VoucherEvent::Redeemed {
                amount: e.amount.unwrap_or(Money::ZERO),
                forfeited: e.forfeited.unwrap_or(Money::ZERO),
            }),
            "deactivated" => Some(VoucherEvent::Deactivated),
            "extended" => e
                .valid_until
                .map(|valid_until| VoucherEvent::Extended { valid_until }),
            _ => None,
        })
        .collect()
}

/// The voucher `code` as of `today`, if this device knows anything of it.
fn view(conn: &Connection, code: &str, today: NaiveDate) -> AppResult<Option<VoucherView>> {
    let events = events(conn, code)?;
    if events.is_empty() {
        return Ok(None);
    }
    let state: VoucherState = voucher::state(&ledger(&events), today)?;
    let sale = conn
        .query_row(
            "SELECT id, method, sold_at FROM vouchers WHERE code = ?1",
            [code],
            |r| Ok((parse::<Uuid>(r, 0)?, r.get::<_, String>(1)?, parse(r, 2)?)),
        )
        .optional()?;
    let mut products = Vec::new();
    let mut product_names = Vec::new();
    if let Some((id, _, _)) = &sale {
        let mut statement = conn.prepare_cached(
            "SELECT vp.product_id, COALESCE(p.name, '(produit supprimé)') FROM voucher_products vp
             LEFT JOIN products p ON p.id = vp.product_id WHERE vp.voucher_id = ?1 ORDER BY p.position",
        )?;
        for row in statement.query_map([id.to_string()], |r| Ok((parse(r, 0)?, r.get(1)?)))? {
            let (product, name): (Uuid, String) = row?;
            products.push(product);
            product_names.push(name);
        }
    }
    Ok(Some(VoucherView {
        id: sale.as_ref().map(|(id, _, _)| *id),
        code: code.to_owned(),
        amount: state.amount,
        balance: state.balance,
        redeemed: state.redeemed,
        valid_until: state.valid_until,
        status: state.status,
        status_label: state.status.french().to_owned(),
        products,
        product_names,
        method: sale.as_ref().map(|(_, method, _)| method.clone()),
        sold_at: sale.map(|(_, _, at)| at),
        events,
    }))
}

/// Every code this device knows, newest first.
pub(crate) fn codes(conn: &Connection) -> AppResult<Vec<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT code FROM voucher_events GROUP BY code ORDER BY MIN(at) DESC, MIN(rowid) DESC",
    )?;
    let rows = statement.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl App {
    /// A voucher's code as typed: one taken over from the old tool (exact, once
    /// normalised), or one of ours (`V…`), well formed.
    pub(crate) fn known_code(&self, code_text: &str) -> AppResult<String> {
        match imported_code(self.store().conn(), code_text)? {
            Some(code) => Ok(code),
            None => Ok(voucher_code(code_text)?.to_string()),
        }
    }
}

/// An old tool's voucher code as the import keeps it: upper case, without spaces.
pub fn normalise_imported_code(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The code of a voucher this provider imported from its old tool, when `text` is one
/// (after [`normalise_imported_code`]); `None` for any other text.
pub(crate) fn imported_code(conn: &Connection, text: &str) -> AppResult<Option<String>> {
    let code = normalise_imported_code(text);
    if code.is_empty() || code.len() > 200 {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT code FROM vouchers WHERE code = ?1 AND method = ?2",
            (&code, crate::store::till::IMPORTED),
            |r| r.get(0),
        )
        .optional()?)
}

/// Reads a scanned or typed voucher code: a voucher's (`V…`), well formed.
fn voucher_code(text: &str) -> AppResult<TicketCode> {
    let code = TicketCode::parse(text).map_err(|_| {
        AppError::input(format!(
            "« {} » n'est pas un code de bon cadeau lisible : rescannez le QR du bon ou tapez \
             les 34 caractères de son code",
            guichet_core::bounds::printable(text.trim())
        ))
    })?;
    if code.kind() != CodeKind::Voucher {
        return Err(AppError::input(
            "ce code est celui d'un billet, pas d'un bon cadeau : il se contrôle à l'entrée",
        ));
    }
    Ok(code)
}

fn refusal(error: RedeemError) -> AppError {
    match error {
        RedeemError::Money(e) => AppError::input(e),
        other => AppError::rule(other),
    }
}

impl App {
    /// Sells a gift voucher of `amount` for `products` (one at least, A12), paid in full
    /// by `method` (A11); valid a year (A9).
    ///
    /// It is a sale of its own at the till (numbered, with its receipt, its cash in
    /// the drawer and its entry in the journal).
    pub fn sell_voucher(
        &mut self,
        products: &[Uuid],
        amount: Money,
        method: PaymentMethod,
    ) -> AppResult<SoldVoucher> {
        self.require(Permission::Sell)?;
        if method == PaymentMethod::GiftVoucher {
            return Err(AppError::rule(
                "un bon cadeau ne se paie pas avec un autre bon cadeau : choisissez un autre moyen de paiement",
            ));
        }
        let sale = self.sell(&super::sales::Cart {
            vouchers: vec![super::sales::CartVoucher {
                products: products.to_vec(),
                amount,
            }],
            payments: vec![super::sales::CartPayment {
                method,
                amount: Some(amount),
                voucher_code: None,
                printed_amount: None,
            }],
            ..super::sales::Cart::default()
        })?;
        sale.vouchers
            .into_iter()
            .next()
            .ok_or_else(|| AppError::rule("le bon cadeau n'a pas été enregistré : réessayez"))
    }

    /// The last day a voucher sold today can be used: today plus the provider's validity
    /// period (A9).
    pub(crate) fn voucher_valid_until(&self) -> AppResult<NaiveDate> {
        let months = crate::settings::voucher_validity(self.store().conn())?;
        voucher::valid_until(self.today(), months)
            .ok_or_else(|| AppError::input("date de validité hors du calendrier"))
    }

    /// A voucher of the demo: no money changed hands, so no sale and no entry in the
    /// till journal (whose entries are takings, A17).
    pub(crate) fn demo_voucher(
        &mut self,
        products: &[Uuid],
        amount: Money,
        method: PaymentMethod,
    ) -> AppResult<SoldVoucher> {
        if products.is_empty() {
            return Err(AppError::input(
                "un bon cadeau est lié à au moins un produit (règle A12) : choisissez-le",
            ));
        }
        if amount <= Money::ZERO {
            return Err(AppError::input(
                "un bon cadeau vaut plus de 0,00 € : indiquez son montant",
            ));
        }
        let wire_amount = Amount::try_from(amount)?;
        match method {
            PaymentMethod::GiftVoucher => {
                return Err(AppError::rule(
                    "un bon cadeau ne se paie pas avec un autre bon cadeau : choisissez un autre moyen de paiement",
                ))
            }
            PaymentMethod::AncvConnect
                if amount < Money::from_cents(guichet_core::sale::ANCV_CONNECT_MINIMUM_CENTS) =>
            {
                return Err(AppError::rule(format!(
                    "Chèque-Vacances Connect accepte les paiements de 20,00 € ou plus (règle O7), \
                     pas {} : choisissez un autre moyen",
                    amount.to_french()
                )))
            }
            _ => {}
        }
        let valid_until = self.voucher_valid_until()?;
        let key = self.keys()?.current()?.clone();
        let serial = self.serials(1)?.into_iter().next().unwrap_or_default();
        let code = TicketCode::issue(&key, CodeKind::Voucher, Uuid::nil(), serial).to_string();
        let mut linked = Vec::new();
        for product in products {
            if !linked.contains(product) {
                linked.push(*product);
            }
        }
        self.write(|tx| {
            for product in &linked {
                require_product(tx.conn(), *product)?;
            }
            let id = tx.new_id();
            tx.commit_op(Op::VoucherSold(VoucherSold {
                id,
                code: text(&code)?,
                amount: wire_amount,
                products: linked.clone(),
                valid_until: Day::try_from(valid_until)?,
                method,
                at: tx.now(),
            }))?;
            Ok(SoldVoucher {
                voucher: id,
                code: code.clone(),
                amount,
                valid_until,
            })
        })
    }

    /// Redeems the voucher `code` as a payment, once (A10): it pays up to its amount, or
    /// up to `cart` when given; what a smaller cart leaves is not given back. A genuine
    /// voucher this till does not know yet (sold elsewhere, not synced) is taken on the
    /// amount `printed` on it, flagged until sync confirms it.
    pub fn redeem_voucher(
        &mut self,
        code_text: &str,
        printed: Option<Money>,
        cart: Option<Money>,
    ) -> AppResult<RedeemedVoucher> {
        self.require(Permission::Sell)?;
        let code = self.authentic_voucher(code_text)?;
        let today = self.today();
        let stamp = self.redemption_stamp()?;
        self.write(|tx| {
            let plan = plan_redemption(tx.conn(), &code, printed, None, cart, today)?;
            let redemption = tx.new_id();
            tx.commit_op(plan.op(redemption, &stamp)?)?;
            plan.journal(tx, redemption)?;
            Ok(plan.redeemed)
        })
    }

    /// A voucher code read, checked to be a voucher's and issued by the provider.
    pub(crate) fn authentic_voucher(&mut self, code_text: &str) -> AppResult<String> {
        if let Some(code) = imported_code(self.store().conn(), code_text)? {
            return Ok(code);
        }
        let code = voucher_code(code_text)?;
        let keys = self.keys()?.keys();
        code.authenticate(&keys).map_err(|e| match e {
            CodeError::UnknownKey => AppError::rule(
                "ce bon cadeau est signé d'une clé que ce poste ne connaît pas : synchronisez \
                 le poste, sinon refusez le bon",
            ),
            _ => AppError::rule(
                "bon cadeau contrefait : ce code n'a pas été émis par le prestataire ; refusez-le",
            ),
        })?;
        Ok(code.to_string())
    }

    /// When and where a redemption is made (this device's name, for the inbox).
    pub(crate) fn redemption_stamp(&self) -> AppResult<(DateTime<Utc>, String)> {
        Ok((
            self.now(),
            crate::store::device::device(self.store().conn())?.1,
        ))
    }

    /// Deactivates a voucher by hand, with the reason (used outside the tool, refunded
    /// by other means: A7, A10).
    pub fn deactivate_voucher(&mut self, code_text: &str, reason: &str) -> AppResult<VoucherView> {
        self.require(Permission::ManageVouchers)?;
        let code = self.known_code(code_text)?;
        let reason = guichet_core::bounds::check_name(reason).map_err(|_| {
            AppError::input(
                "dites pourquoi le bon est désactivé (par exemple « remboursé par chèque le 02/12 »)",
            )
        })?;
        let today = self.today();
        self.write(|tx| {
            let known = require_voucher(tx.conn(), &code, today)?;
            match known.status {
                VoucherStatus::Deactivated => {
                    return Err(AppError::rule("ce bon cadeau est déjà désactivé"))
                }
                VoucherStatus::Used | VoucherStatus::Overdrawn => {
                    return Err(AppError::rule(
                        "ce bon cadeau a déjà été utilisé : il s'est désactivé de lui-même",
                    ))
                }
                _ => {}
            }
            let event = tx.new_id();
            tx.commit_op(Op::VoucherDeactivated(VoucherDeactivated {
                id: event,
                code: text(&code)?,
                reason: text(reason)?,
                at: tx.now(),
            }))?;
            crate::journal::record(
                tx,
                crate::journal::Kind::VoucherDeactivated,
                event,
                crate::journal::Amounts::new(),
                &serde_json::json!({ "code": code.to_ascii_lowercase() }),
            )
        })?;
        self.voucher(&code)
    }

    /// Extends a voucher's validity to `until` (A9).
    pub fn extend_voucher(&mut self, code_text: &str, until: NaiveDate) -> AppResult<VoucherView> {
        self.require(Permission::ManageVouchers)?;
        let code = self.known_code(code_text)?;
        guichet_core::bounds::check_date(until).map_err(AppError::input)?;
        let today = self.today();
        self.write(|tx| {
            let known = require_voucher(tx.conn(), &code, today)?;
            if matches!(
                known.status,
                VoucherStatus::Used | VoucherStatus::Overdrawn | VoucherStatus::Deactivated
            ) {
                return Err(AppError::rule(format!(
                    "ce bon cadeau est {} : prolonger sa validité ne le rendrait pas utilisable",
                    known.status.french()
                )));
            }
            if known.valid_until.is_some_and(|last| until <= last) || until < today {
                return Err(AppError::input(format!(
                    "la nouvelle date de fin doit suivre l'actuelle ({}) et aujourd'hui",
                    known
                        .valid_until
                        .map_or_else(String::new, |d| d.format("%d/%m/%Y").to_string())
                )));
            }
            let event = tx.new_id();
            tx.commit_op(Op::VoucherExtended(VoucherExtended {
                id: event,
                code: text(&code)?,
                valid_until: Day::try_from(until)?,
                at: tx.now(),
            }))?;
            crate::journal::record(
                tx,
                crate::journal::Kind::VoucherExtended,
                event,
                crate::journal::Amounts::new(),
                &serde_json::json!({ "code": code.to_ascii_lowercase(), "valid_until": until.to_string() }),
            )
        })?;
        self.voucher(&code)
    }

    /// One voucher, by its code.
    pub fn voucher(&self, code_text: &str) -> AppResult<VoucherView> {
        let code = self.known_code(code_text)?;
        require_voucher(self.store().conn(), &code, self.today())
    }

    /// Every voucher this device knows, newest first.
    pub fn vouchers(&self) -> AppResult<Vec<VoucherView>> {
        let conn = self.store().conn();
        let today = self.today();
        let mut views = Vec::new();
        for code in codes(conn)? {
            if let Some(view) = view(conn, &code, today)? {
                views.push(view);
            }
        }
        Ok(views)
    }
}

/// A redemption worked out, before it is recorded.
pub(crate) struct Plan {
    /// What the till shows and records.
    pub redeemed: RedeemedVoucher,
}

impl Plan {
    /// Its entry in the till journal (A17); the money is in the sale it pays, if any.
    pub(crate) fn journal(&self, tx: &crate::store::Tx<'_>, reference: Uuid) -> AppResult<()> {
        crate::journal::record(
            tx,
            crate::journal::Kind::VoucherRedeemed,
            reference,
            crate::journal::Amounts::one(PaymentMethod::GiftVoucher, self.redeemed.redeemed),
            &serde_json::json!({
                "code": self.redeemed.code.to_ascii_lowercase(),
                "amount": guichet_core::journal::money_text(self.redeemed.redeemed),
                "forfeited": guichet_core::journal::money_text(self.redeemed.forfeited),
                "unconfirmed": self.redeemed.unconfirmed,
            }),
        )
    }

    /// Refuses a redemption that leaves part of the voucher on itself, until the
    /// cashier confirms it with the customer.
    pub(crate) fn refuse_forfeit(&self) -> AppResult<()> {
        if self.redeemed.forfeited > Money::ZERO {
            return Err(AppError::rule(format!(
                "le bon cadeau paie {} ; les {} qui restent dessus ne sont pas rendus : \
                 confirmez avec le client, ou payez autrement",
                self.redeemed.redeemed.to_french(),
                self.redeemed.forfeited.to_french()
            )));
        }
        Ok(())
    }

    /// Its operation, stamped with when and where (`stamp`).
    pub(crate) fn op(&self, id: Uuid, stamp: &(DateTime<Utc>, String)) -> AppResult<Op> {
        Ok(Op::VoucherRedeemed(VoucherRedeemed {
            id,
            code: text(&self.redeemed.code)?,
            amount: Amount::try_from(self.redeemed.redeemed)?,
            forfeited: Amount::try_from(self.redeemed.forfeited)?,
            unconfirmed: self.redeemed.unconfirmed,
            at: stamp.0,
            device_name: text(&stamp.1)?,
        }))
    }
}

/// What a voucher linked to some products may pay of the cart.
pub(crate) type Eligible<'a> = dyn Fn(&[Uuid]) -> Money + 'a;

/// Works out the redemption of the authentic voucher `code` against a cart of `cart`
/// (its whole balance when `None`) of which `eligible` may be paid by it (A12: its
/// products' lines; the whole cart when `None`). A voucher whose sale is not known here
/// needs the amount `printed` on it.
pub(crate) fn plan_redemption(
    conn: &Connection,
    code: &str,
    printed: Option<Money>,
    eligible: Option<&Eligible<'_>>,
    cart: Option<Money>,
    today: NaiveDate,
) -> AppResult<Plan> {
    let known = view(conn, code, today)?;
    let sold = known.as_ref().is_some_and(|v| v.id.is_some());
    let mut events = known
        .as_ref()
        .map(|v| ledger(&v.events))
        .unwrap_or_default();
    match (sold, printed) {
        (false, None) => {
            return Err(AppError::input(
                "ce bon cadeau est authentique mais sa vente n'est pas encore connue de \
                 ce poste : tapez le montant imprimé sur le bon pour l'accepter (il sera \
                 vérifié à la synchronisation)",
            ))
        }
        (false, Some(amount)) => {
            if amount <= Money::ZERO {
                return Err(AppError::input(
                    "le montant imprimé sur le bon est supérieur à 0,00 € : recopiez-le",
                ));
            }
            Amount::try_from(amount)?;
            events.insert(
                0,
                VoucherEvent::Sold {
                    amount,
                    valid_until: today,
                },
            );
        }
        (true, Some(amount)) => {
            let known_amount = known.as_ref().map_or(Money::ZERO, |v| v.amount);
            if amount != known_amount {
                return Err(AppError::input(format!(
                    "ce bon est connu de ce poste ({}) : ne tapez pas de montant",
                    known_amount.to_french()
                )));
            }
        }
        (true, None) => {}
    }
    let state = voucher::state(&events, today)?;
    let cart = cart.unwrap_or(state.balance.max(Money::ZERO));
    let eligible = match (eligible, &known) {
        // A voucher whose products are unknown here pays for the whole cart.
        // One taken over from the old tool without its products pays for any line.
        (Some(f), Some(v)) if sold && !v.products.is_empty() => f(&v.products).min(cart),
        _ => cart,
    };
    let redemption = voucher::redeem(&state, eligible, cart).map_err(refusal)?;
    Ok(Plan {
        redeemed: RedeemedVoucher {
            voucher: known.and_then(|v| v.id),
            code: code.to_owned(),
            redeemed: redemption.pays,
            forfeited: redemption.forfeited,
            rest: redemption.rest,
            unconfirmed: !sold,
        },
    })
}

/// The status of the voucher `code`, if this device knows it.
pub(crate) fn status(
    conn: &Connection,
    code: &str,
    today: NaiveDate,
) -> AppResult<Option<VoucherStatus>> {
    Ok(view(conn, code, today)?.map(|v| v.status))
}

fn require_voucher(conn: &Connection, code: &str, today: NaiveDate) -> AppResult<VoucherView> {
    view(conn, code, today)?.ok_or_else(|| {
        AppError::input(
            "ce bon cadeau n'est pas connu de ce poste : synchronisez-le, ou vérifiez le code",
        )
    })
}
