//! Use cases: sales at the till (rules A1, A3, A4, A6, A10, A11, O1, O7). A cart of
//! products and gift vouchers, paid by any mix of methods, the change computed; voided
//! the same day by a counter-entry; refunded as a negative payment, never for a past
//! activity; the till opened with a float and closed with a cash count.

use chrono::{DateTime, NaiveDate, Utc};
use guichet_core::order::{Line, Order, Payment, VatLine, VatRate};
use guichet_core::payment::PaymentMethod;
use guichet_core::sale::{self, SaleError};
use guichet_core::sync::op::{
    CashCounted, Channel, FormAnswer, SaleLineWire, SaleMade, SalePaymentWire, SaleRefunded,
    SaleVoided, TillOpened, VoucherDeactivated, VoucherSold,
};
use guichet_core::sync::wire::{Amount, Count, Day, Text};
use guichet_core::sync::Op;
use guichet_core::ticket_code::{CodeKind, TicketCode};
use guichet_core::voucher::VoucherStatus;
use guichet_core::Money;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::products::require_product;
use super::text;
use super::tickets::{self, CartTicket, SaleTickets, TicketLine};
use super::vouchers::{plan_redemption, Plan, SoldVoucher};
use crate::error::{AppError, AppResult};
use crate::journal::{self, Amounts, Kind};
use crate::operators::Permission;
use crate::store::read::{parse, parse_opt};
use crate::App;
use guichet_core::journal::money_text;
use serde_json::json;

/// A product in the cart.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct CartLine {
    /// The product.
    pub product: Uuid,
    /// How many.
    pub quantity: u32,
    /// The day of the activity, when it has one.
    #[ts(type = "string | null")]
    pub activity_date: Option<NaiveDate>,
    /// The answers to the product's booking form (T7).
    #[serde(default)]
    #[ts(optional)]
    pub answers: Option<Vec<LineAnswer>>,
}

/// The answer to a question of a product's booking form, on a sale line (T7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineAnswer {
    /// The question, as asked.
    pub question: String,
    /// The answer.
    pub answer: String,
}

/// A gift voucher sold in the cart, paid in full with the rest (A11).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct CartVoucher {
    /// The products it pays for (A12).
    pub products: Vec<Uuid>,
    /// Its amount.
    #[ts(type = "string")]
    pub amount: Money,
}

/// A payment handed over at the till.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct CartPayment {
    /// How.
    #[ts(type = "string")]
    pub method: PaymentMethod,
    /// How much (for a gift voucher, the voucher decides: leave it empty).
    #[ts(type = "string | null")]
    pub amount: Option<Money>,
    /// The gift voucher's code (scanned or typed).
    pub voucher_code: Option<String>,
    /// The amount printed on a voucher this till does not know yet.
    #[ts(type = "string | null")]
    pub printed_amount: Option<Money>,
}

/// A cart and how it is paid.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, TS)]
#[ts(export)]
pub struct Cart {
    /// The products.
    pub lines: Vec<CartLine>,
    /// The box office's tickets.
    #[serde(default)]
    pub tickets: Vec<CartTicket>,
    /// The gift vouchers sold.
    pub vouchers: Vec<CartVoucher>,
    /// The payments.
    pub payments: Vec<CartPayment>,
    /// The cashier confirmed that what a voucher leaves on a smaller cart is not given
    /// back.
    pub accept_forfeit: bool,
}

/// One line of a sale as shown and printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SaleLineView {
    /// As printed.
    pub label: String,
    /// The product (none for a voucher).
    pub product: Option<Uuid>,
    /// How many.
    pub quantity: u32,
    /// The price of one, VAT included.
    #[ts(type = "string")]
    pub unit_price: Money,
    /// The line's amount.
    #[ts(type = "string")]
    pub amount: Money,
    /// Its VAT rate in hundredths of a percent.
    pub vat_rate: u32,
    /// The day of the activity.
    #[ts(type = "string | null")]
    pub activity_date: Option<NaiveDate>,
    /// The answers to its booking form, in the form's order (T7).
    pub answers: Vec<LineAnswer>,
}

/// Money in or out of a sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SalePaymentView {
    /// `payment`, `refund`, `void`.
    pub kind: String,
    /// How.
    pub method: String,
    /// The method in French.
    pub method_label: String,
    /// How much (cash net of the change; negative for a refund or a void).
    #[ts(type = "string")]
    pub amount: Money,
    /// The gift voucher that paid.
    pub voucher_code: Option<String>,
    /// When.
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}

/// VAT of one rate, as printed on a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VatLineView {
    /// The rate in hundredths of a percent.
    pub rate: u32,
    /// « 20 % ».
    pub label: String,
    /// VAT included.
    #[ts(type = "string")]
    pub gross: Money,
    /// Without VAT.
    #[ts(type = "string")]
    pub net: Money,
    /// The VAT.
    #[ts(type = "string")]
    pub vat: Money,
}

impl From<&VatLine> for VatLineView {
    fn from(v: &VatLine) -> VatLineView {
        VatLineView {
            rate: v.rate.0,
            label: v.rate.french(),
            gross: v.gross,
            net: v.net,
            vat: v.vat,
        }
    }
}

/// A sale as the till, the receipt and the command line show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SaleView {
    /// Its id.
    pub id: Uuid,
    /// Its number on its till.
    pub number: u32,
    /// When.
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// Where it was sold: « Guichet » (A4).
    pub channel: String,
    /// Who sold it, when the till has operators.
    pub cashier: Option<String>,
    /// What was sold.
    pub lines: Vec<SaleLineView>,
    /// VAT per rate.
    pub vat: Vec<VatLineView>,
    /// What it came to.
    #[ts(type = "string")]
    pub total: Money,
    /// The change given back.
    #[ts(type = "string")]
    pub change: Money,
    /// Money in and out, oldest first.
    pub payments: Vec<SalePaymentView>,
    /// What the payments, refunds and void leave: the sale's net.
    #[ts(type = "string")]
    pub net: Money,
    /// The gift vouchers it sold.
    pub vouchers: Vec<SoldVoucher>,
    /// The tickets it sold, with their codes.
    pub tickets: Vec<SaleTickets>,
    /// When it was voided.
    #[ts(type = "string | null")]
    pub voided_at: Option<DateTime<Utc>>,
    /// Why.
    pub void_reason: Option<String>,
}

/// What a cart comes to before it is confirmed: the till shows it, the cashier confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CartQuote {
    /// Its lines, in the cart's order (products, then vouchers sold).
    pub lines: Vec<SaleLineView>,
    /// What it comes to.
    #[ts(type = "string")]
    pub total: Money,
    /// VAT per rate.
    pub vat: Vec<VatLineView>,
    /// What the payments given cover, vouchers included.
    #[ts(type = "string")]
    pub paid: Money,
    /// What remains to pay (zero or more).
    #[ts(type = "string")]
    pub due: Money,
    /// The change to give back in cash.
    #[ts(type = "string")]
    pub change: Money,
    /// Each gift voucher's redemption: what it pays, what it leaves and is not given back.
    pub redemptions: Vec<super::vouchers::RedeemedVoucher>,
}

/// The till's state on this device: open or not, and its cash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TillView {
    /// The opening in course.
    pub opening: Option<Uuid>,
    /// When it opened.
    #[ts(type = "string | null")]
    pub opened_at: Option<DateTime<Utc>>,
    /// The float.
    #[ts(type = "string")]
    pub float: Money,
    /// The cash the drawer should hold: the float and the cash taken, net of change and
    /// refunds.
    #[ts(type = "string")]
    pub expected: Money,
    /// At a count: what was counted.
    #[ts(type = "string | null")]
    pub counted: Option<Money>,
    /// Counted − expected.
    #[ts(type = "string | null")]
    pub difference: Option<Money>,
}

/// A cart worked out: its lines on the wire, its order, the vouchers it redeems.
struct Prepared {
    lines: Vec<SaleLineWire>,
    tickets: Vec<TicketLine>,
    order: Order,
    redemptions: Vec<Plan>,
    payments: Vec<SalePaymentWire>,
}

/// What a sale brings in, per method: what was handed over, cash net of the change.
fn takings(payments: &[SalePaymentWire], change: Money) -> AppResult<Amounts> {
    let mut amounts = Amounts::new();
    let mut change = change;
    for payment in payments {
        let mut amount = payment.amount.get();
        if payment.method == PaymentMethod::Cash && change > Money::ZERO {
            let back = change.min(amount);
            amount = amount.checked_sub(back)?;
            change = change.checked_sub(back)?;
        }
        amounts.add(payment.method, amount)?;
    }
    Ok(amounts)
}

/// The answers of a cart line checked against its product's form (T7): each question
/// the form asks, once; a required one answered. In the form's order.
fn answers(
    product: &str,
    form: &[super::products::ProductQuestion],
    given: &[LineAnswer],
) -> AppResult<Vec<FormAnswer>> {
    for answer in given {
        if !form.iter().any(|q| q.text == answer.question.trim()) {
            let asked: Vec<String> = form.iter().map(|q| format!("« {} »", q.text)).collect();
            return Err(AppError::input(if asked.is_empty() {
                format!(
                    "« {product} » n'a pas de formulaire : retirez la réponse à « {} »",
                    guichet_core::bounds::printable(answer.question.trim())
                )
            } else {
                format!(
                    "« {} » n'est pas une question de « {product} » : ses questions sont {}",
                    guichet_core::bounds::printable(answer.question.trim()),
                    asked.join(", ")
                )
            }));
        }
    }
    let mut answers = Vec::new();
    for question in form {
        let mut given_here = given
            .iter()
            .filter(|a| a.question.trim() == question.text)
            .map(|a| a.answer.trim())
            .filter(|a| !a.is_empty());
        let answer = given_here.next();
        if given_here.next().is_some() {
            return Err(AppError::input(format!(
                "« {} » a deux réponses pour « {product} » : gardez-en une",
                question.text
            )));
        }
        match answer {
            Some(answer) => answers.push(FormAnswer {
                question: text(&question.text)?,
                answer: Text::try_from(answer.to_owned()).map_err(|_| {
                    AppError::input(format!(
                        "la réponse à « {} » compte plus de 200 caractères : raccourcissez-la",
                        question.text
                    ))
                })?,
            }),
            None if question.required => {
                return Err(AppError::input(format!(
                    "« {product} » demande « {} » : la réponse est obligatoire, \
                     indiquez-la avant de vendre",
                    question.text
                )))
            }
            None => {}
        }
    }
    Ok(answers)
}

fn sale_error(e: SaleError) -> AppError {
    match e {
        SaleError::Money(m) => AppError::input(m),
        SaleError::Empty | SaleError::NotPositive(_) => AppError::input(e),
        other => AppError::rule(other),
    }
}

/// Works out `cart` at `today`: prices from the products, vouchers' redemptions.
/// `codes` holds each voucher payment's authentic code, in order; `new_vouchers` the ids
/// and codes of the vouchers the cart sells, `bookings` the ids of its tickets' bookings.
fn prepare(
    conn: &Connection,
    cart: &Cart,
    codes: &[String],
    new_vouchers: &[(Uuid, String)],
    bookings: &[Uuid],
    today: NaiveDate,
) -> AppResult<Prepared> {
    let mut lines = Vec::new();
    let mut order = Order::default();
    let forms = super::products::forms(conn)?;
    for line in &cart.lines {
        let product = require_product(conn, line.product)?;
        if !product.active || !product.channels.iter().any(|c| c == Channel::Till.code()) {
            return Err(AppError::rule(format!(
                "« {} » n'est pas proposé à la caisse : activez-le pour la caisse dans Produits",
                product.name
            )));
        }
        let quantity = Count::try_from(line.quantity).map_err(|_| {
            AppError::input(format!(
                "quantité {} pour « {} » : de 1 à 10 000",
                line.quantity, product.name
            ))
        })?;
        if let Some(day) = line.activity_date {
            guichet_core::bounds::check_date(day).map_err(AppError::input)?;
        }
        lines.push(SaleLineWire {
            product: Some(product.id),
            ticket_booking: None,
            voucher: None,
            label: text(&product.name)?,
            quantity,
            unit_price: Amount::try_from(product.price)?,
            vat: VatRate(product.vat_rate),
            activity_date: line.activity_date.map(Day::try_from).transpose()?,
            answers: answers(
                &product.name,
                forms.get(&product.id).map_or(&[][..], Vec::as_slice),
                line.answers.as_deref().unwrap_or_default(),
            )?,
        });
    }
    let mut tickets = Vec::new();
    for (ticket, booking) in cart.tickets.iter().zip(bookings) {
        let line = TicketLine::new(conn, ticket, *booking, today)?;
        lines.push(line.wire()?);
        tickets.push(line);
    }
    for (voucher, (id, _)) in cart.vouchers.iter().zip(new_vouchers) {
        if voucher.products.is_empty() {
            return Err(AppError::input(
                "un bon cadeau est lié à au moins un produit (règle A12) : choisissez-le",
            ));
        }
        for product in &voucher.products {
            require_product(conn, *product)?;
        }
        if voucher.amount <= Money::ZERO {
            return Err(AppError::input(
                "un bon cadeau vaut plus de 0,00 € : indiquez son montant",
            ));
        }
        lines.push(SaleLineWire {
            product: None,
            ticket_booking: None,
            voucher: Some(*id),
            label: text(&format!("Bon cadeau {}", voucher.amount.to_french()))?,
            quantity: Count::try_from(1)?,
            unit_price: Amount::try_from(voucher.amount)?,
            // A gift voucher bears VAT when it is used, not when it is sold.
            vat: VatRate(0),
            activity_date: None,
            answers: Vec::new(),
        });
    }
    for line in &lines {
        order.lines.push(Line {
            label: line.label.as_str().to_owned(),
            quantity: line.quantity.get(),
            unit_price: line.unit_price.get(),
            vat: line.vat,
        });
    }
    let total = order.totals().map_err(AppError::input)?.total;
    // Vouchers first: each pays its products' lines still unpaid by an earlier voucher.
    let mut redemptions = Vec::new();
    let mut payments = Vec::new();
    let mut taken = Money::ZERO;
    let mut voucher_codes = codes.iter();
    for payment in cart
        .payments
        .iter()
        .filter(|p| p.method == PaymentMethod::GiftVoucher)
    {
        let code = voucher_codes
            .next()
            .ok_or_else(|| AppError::input("scannez le bon cadeau ou tapez son code"))?;
        if !cart.vouchers.is_empty() {
            // A voucher sold in this cart is not paid with another one (A11).
            return Err(AppError::rule(
                "un bon cadeau ne se paie pas avec un autre bon cadeau : payez-le autrement",
            ));
        }
        let rest = total.checked_sub(taken)?;
        let eligible = |products: &[Uuid]| -> Money {
            lines
                .iter()
                .filter(|l| l.product.is_some_and(|p| products.contains(&p)))
                .try_fold(Money::ZERO, |sum, l| {
                    sum.checked_add(l.unit_price.get().checked_mul(l.quantity.get())?)
                })
                .unwrap_or(Money::ZERO)
                .checked_sub(taken)
                .unwrap_or(Money::ZERO)
                .max(Money::ZERO)
        };
        let plan = plan_redemption(
            conn,
            code,
            payment.printed_amount,
            Some(&eligible),
            Some(rest),
            today,
        )?;
        taken = taken.checked_add(plan.redeemed.redeemed)?;
        payments.push(SalePaymentWire {
            method: PaymentMethod::GiftVoucher,
            amount: Amount::try_from(plan.redeemed.redeemed)?,
            voucher_code: Some(text(code)?),
        });
        redemptions.push(plan);
    }
    for payment in cart
        .payments
        .iter()
        .filter(|p| p.method != PaymentMethod::GiftVoucher)
    {
        let amount = payment
            .amount
            .filter(|amount| *amount > Money::ZERO)
            .ok_or_else(|| {
                AppError::input(format!(
                    "indiquez le montant payé en {}, plus de 0,00 €",
                    payment.method.french()
                ))
            })?;
        payments.push(SalePaymentWire {
            method: payment.method,
            amount: Amount::try_from(amount)?,
            voucher_code: None,
        });
    }
    order.payments = payments
        .iter()
        .map(|p| Payment {
            method: p.method,
            amount: p.amount.get(),
        })
        .collect();
    Ok(Prepared {
        lines,
        tickets,
        order,
        redemptions,
        payments,
    })
}

/// The sale `id` as shown.
pub(crate) fn sale(conn: &Connection, id: Uuid) -> AppResult<Option<SaleView>> {
    let head = conn
        .prepare_cached(
            "SELECT number, at, cashier, change, voided_at, void_reason FROM sales WHERE id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                parse::<DateTime<Utc>>(r, 1)?,
                r.get::<_, Option<String>>(2)?,
                parse::<Money>(r, 3)?,
                parse_opt::<DateTime<Utc>>(r, 4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .optional()?;
    let Some((number, at, cashier, change, voided_at, void_reason)) = head else {
        return Ok(None);
    };
    let mut lines = Vec::new();
    let mut order = Order::default();
    let mut voucher_ids = Vec::new();
    let mut answers = line_answers(conn, id)?;
    {
        let mut statement = conn.prepare_cached(
            "SELECT label, product_id, quantity, unit_price, vat_rate, activity_date, voucher_id
             FROM sale_lines WHERE sale_id = ?1 ORDER BY n",
        )?;
        let rows = statement.query_map([id.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                parse_opt::<Uuid>(r, 1)?,
                r.get::<_, u32>(2)?,
                parse::<Money>(r, 3)?,
                r.get::<_, u32>(4)?,
                parse_opt::<NaiveDate>(r, 5)?,
                parse_opt::<Uuid>(r, 6)?,
            ))
        })?;
        for row in rows {
            let (label, product, quantity, unit_price, vat_rate, activity_date, voucher) = row?;
            order.lines.push(Line {
                label: label.clone(),
                quantity,
                unit_price,
                vat: VatRate(vat_rate),
            });
            voucher_ids.extend(voucher);
            lines.push(SaleLineView {
                label,
                product,
                quantity,
                unit_price,
                amount: unit_price.checked_mul(quantity)?,
                vat_rate,
                activity_date,
                answers: answers
                    .remove(&(u32::try_from(lines.len()).unwrap_or(u32::MAX) + 1))
                    .unwrap_or_default(),
            });
        }
    }
    let totals = order.totals().map_err(AppError::input)?;
    let mut payments = Vec::new();
    {
        let mut statement = conn.prepare_cached(
            "SELECT kind, method, amount, voucher_code, at FROM sale_payments
             WHERE sale_id = ?1 ORDER BY at, n",
        )?;
        let rows = statement.query_map([id.to_string()], |r| {
            let method: String = r.get(1)?;
            Ok(SalePaymentView {
                kind: r.get(0)?,
                method_label: PaymentMethod::from_code(&method)
                    .map_or_else(|| method.clone(), |m| m.french().to_owned()),
                method,
                amount: parse(r, 2)?,
                voucher_code: r.get(3)?,
                at: parse(r, 4)?,
            })
        })?;
        for row in rows {
            payments.push(row?);
        }
    }
    let net = payments
        .iter()
        .try_fold(Money::ZERO, |sum, p| sum.checked_add(p.amount))?;
    let mut vouchers = Vec::new();
    for voucher in voucher_ids {
        let sold = conn
            .query_row(
                "SELECT code, amount, valid_until FROM vouchers WHERE id = ?1",
                [voucher.to_string()],
                |r| Ok((r.get::<_, String>(0)?, parse(r, 1)?, parse(r, 2)?)),
            )
            .optional()?;
        if let Some((code, amount, valid_until)) = sold {
            vouchers.push(SoldVoucher {
                voucher,
                code,
                amount,
                valid_until,
            });
        }
    }
    Ok(Some(SaleView {
        id,
        number,
        at,
        channel: "Guichet".to_owned(),
        cashier,
        lines,
        vat: totals.vat.iter().map(VatLineView::from).collect(),
        total: totals.total,
        change,
        payments,
        net,
        vouchers,
        tickets: tickets::sold(conn, id)?,
        voided_at,
        void_reason,
    }))
}

/// The form answers of the sale `id`'s lines, by line number (from 1).
fn line_answers(
    conn: &Connection,
    id: Uuid,
) -> AppResult<std::collections::HashMap<u32, Vec<LineAnswer>>> {
    let mut statement = conn.prepare_cached(
        "SELECT line, question, answer FROM sale_line_answers WHERE sale_id = ?1 ORDER BY line, n",
    )?;
    let rows = statement.query_map([id.to_string()], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            LineAnswer {
                question: r.get(1)?,
                answer: r.get(2)?,
            },
        ))
    })?;
    let mut answers: std::collections::HashMap<u32, Vec<LineAnswer>> =
        std::collections::HashMap::new();
    for row in rows {
        let (line, answer) = row?;
        answers.entry(line).or_default().push(answer);
    }
    Ok(answers)
}

fn require_sale(conn: &Connection, id: Uuid) -> AppResult<SaleView> {
    sale(conn, id)?.ok_or_else(|| {
        AppError::input(format!(
            "aucune vente n'a l'identifiant {id} : voyez la liste avec « guichet till sales »"
        ))
    })
}

/// The Paris day of an instant.
fn paris_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&chrono_tz::Europe::Paris).date_naive()
}

/// The opening in course on this device: (id, float, opened at).
fn opening(conn: &Connection, device: Uuid) -> AppResult<Option<(Uuid, Money, DateTime<Utc>)>> {
    Ok(conn
        .query_row(
            "SELECT id, float, opened_at FROM till_openings
             WHERE device_id = ?1 AND counted IS NULL ORDER BY opened_at DESC LIMIT 1",
            [device.to_string()],
            |r| Ok((parse(r, 0)?, parse(r, 1)?, parse(r, 2)?)),
        )
        .optional()?)
}

/// The cash the drawer should hold: the float, and the cash in and out since opening.
fn expected_cash(
    conn: &Connection,
    device: Uuid,
    float: Money,
    since: DateTime<Utc>,
) -> AppResult<Money> {
    let mut statement = conn.prepare_cached(
        "SELECT amount FROM sale_payments WHERE method = 'cash' AND device_id = ?1 AND at >= ?2",
    )?;
    let rows = statement.query_map((device.to_string(), since.to_rfc3339()), |r| {
        parse::<Money>(r, 0)
    })?;
    let mut cash = float;
    for amount in rows {
        cash = cash.checked_add(amount?)?;
    }
    Ok(cash)
}

impl App {
    /// What `cart` comes to with the payments given so far, vouchers' redemptions
    /// included, without recording anything: the till shows it before the cashier
    /// confirms.
    pub fn quote_cart(&mut self, cart: &Cart) -> AppResult<CartQuote> {
        let codes = self.voucher_codes(cart)?;
        let fresh: Vec<(Uuid, String)> = cart
            .vouchers
            .iter()
            .map(|_| (Uuid::nil(), String::new()))
            .collect();
        let bookings = vec![Uuid::nil(); cart.tickets.len()];
        let prepared = prepare(
            self.store().conn(),
            cart,
            &codes,
            &fresh,
            &bookings,
            self.today(),
        )?;
        let totals = prepared.order.totals().map_err(AppError::input)?;
        let cash = prepared
            .payments
            .iter()
            .filter(|p| p.method == PaymentMethod::Cash)
            .try_fold(Money::ZERO, |sum, p| sum.checked_add(p.amount.get()))?;
        let over = Money::ZERO.checked_sub(totals.due)?.max(Money::ZERO);
        let lines = prepared
            .lines
            .iter()
            .map(|l| {
                Ok(SaleLineView {
                    label: l.label.as_str().to_owned(),
                    product: l.product,
                    quantity: l.quantity.get(),
                    unit_price: l.unit_price.get(),
                    amount: l.unit_price.get().checked_mul(l.quantity.get())?,
                    vat_rate: l.vat.0,
                    activity_date: l.activity_date.map(|d| d.get()),
                    answers: l
                        .answers
                        .iter()
                        .map(|a| LineAnswer {
                            question: a.question.as_str().to_owned(),
                            answer: a.answer.as_str().to_owned(),
                        })
                        .collect(),
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        Ok(CartQuote {
            lines,
            total: totals.total,
            vat: totals.vat.iter().map(VatLineView::from).collect(),
            paid: totals.paid,
            due: totals.due.max(Money::ZERO),
            change: over.min(cash),
            redemptions: prepared
                .redemptions
                .into_iter()
                .map(|p| p.redeemed)
                .collect(),
        })
    }

    /// Sells `cart` at the till: the sale, the vouchers it sells and redeems, in one
    /// transaction. A voucher that leaves part of itself on a smaller cart needs the
    /// cashier's confirmation (`accept_forfeit`) first.
    pub fn sell(&mut self, cart: &Cart) -> AppResult<SaleView> {
        self.require(Permission::Sell)?;
        let codes = self.voucher_codes(cart)?;
        let key = if cart.vouchers.is_empty() && cart.tickets.is_empty() {
            None
        } else {
            Some(self.keys()?.current()?.clone())
        };
        let serials = self.serials(u32::try_from(cart.vouchers.len()).unwrap_or(u32::MAX))?;
        let ticket_serials: Vec<Vec<_>> = cart
            .tickets
            .iter()
            .map(|t| self.serials(t.quantity.min(crate::box_office::MAX_TICKETS_PER_BOOKING)))
            .collect::<AppResult<_>>()?;
        let today = self.today();
        let stamp = self.redemption_stamp()?;
        let valid_until = self.voucher_valid_until()?;
        let id = self.write(|tx| {
            let fresh: Vec<(Uuid, String)> = serials
                .iter()
                .map(|serial| {
                    let code = key.as_ref().map_or_else(String::new, |key| {
                        TicketCode::issue(key, CodeKind::Voucher, Uuid::nil(), *serial).to_string()
                    });
                    (tx.new_id(), code)
                })
                .collect();
            let bookings: Vec<Uuid> = cart.tickets.iter().map(|_| tx.new_id()).collect();
            let mut prepared = prepare(tx.conn(), cart, &codes, &fresh, &bookings, today)?;
            let settlement = sale::settle(&prepared.order).map_err(sale_error)?;
            if !cart.accept_forfeit {
                for plan in &prepared.redemptions {
                    plan.refuse_forfeit()?;
                }
            }
            for plan in &prepared.redemptions {
                let redemption = tx.new_id();
                tx.commit_op(plan.op(redemption, &stamp)?)?;
                plan.journal(tx, redemption)?;
            }
            let method = prepared
                .payments
                .iter()
                .max_by_key(|p| p.amount.get())
                .map_or(PaymentMethod::Cash, |p| p.method);
            for (voucher, (id, code)) in cart.vouchers.iter().zip(&fresh) {
                let mut products = Vec::new();
                for product in &voucher.products {
                    if !products.contains(product) {
                        products.push(*product);
                    }
                }
                tx.commit_op(Op::VoucherSold(VoucherSold {
                    id: *id,
                    code: text(code)?,
                    amount: Amount::try_from(voucher.amount)?,
                    products,
                    valid_until: Day::try_from(valid_until)?,
                    method,
                    at: tx.now(),
                }))?;
                // Its money is in the sale's entry: this one records the voucher.
                journal::record(
                    tx,
                    Kind::VoucherSold,
                    *id,
                    Amounts::new(),
                    &json!({ "code": code.to_ascii_lowercase(), "amount": money_text(voucher.amount) }),
                )?;
            }
            if let Some(key) = &key {
                for (line, serials) in prepared.tickets.drain(..).zip(&ticket_serials) {
                    line.issue(tx, key, serials)?;
                }
            }
            let device = tx.device()?;
            let number: u32 = tx
                .conn()
                .prepare_cached("SELECT COALESCE(MAX(number), 0) + 1 FROM sales WHERE device_id = ?1")?
                .query_row([device.to_string()], |r| r.get(0))?;
            let id = tx.new_id();
            let body = json!({
                "sale": id.to_string(),
                "number": number,
                "total": money_text(settlement.total),
                "change": money_text(settlement.change),
                "lines": prepared.lines.iter().map(|l| json!({
                    "product": l.product.map(|p| p.to_string()),
                    "voucher": l.voucher.map(|v| v.to_string()),
                    "tickets": l.ticket_booking.map(|b| b.to_string()),
                    "quantity": l.quantity.get(),
                    "unit_price": money_text(l.unit_price.get()),
                    "vat": l.vat.0,
                })).collect::<Vec<_>>(),
            });
            let takings = takings(&prepared.payments, settlement.change)?;
            tx.commit_op(Op::SaleMade(SaleMade {
                id,
                number,
                lines: prepared.lines,
                payments: prepared.payments,
                change: Amount::try_from(settlement.change)?,
                at: tx.now(),
            }))?;
            journal::record(tx, Kind::Sale, id, takings, &body)?;
            Ok(id)
        })?;
        require_sale(self.store().conn(), id)
    }

    /// The authentic code of each voucher payment of `cart`, in order.
    fn voucher_codes(&mut self, cart: &Cart) -> AppResult<Vec<String>> {
        let mut codes = Vec::new();
        for payment in &cart.payments {
            if payment.method == PaymentMethod::GiftVoucher {
                let text = payment
                    .voucher_code
                    .as_deref()
                    .ok_or_else(|| AppError::input("scannez le bon cadeau ou tapez son code"))?;
                let code = self.authentic_voucher(text)?;
                if codes.contains(&code) {
                    return Err(AppError::rule(
                        "ce bon cadeau est déjà dans les paiements : il ne paie qu'une fois",
                    ));
                }
                codes.push(code);
            }
        }
        Ok(codes)
    }

    /// One sale.
    pub fn sale(&self, id: Uuid) -> AppResult<SaleView> {
        require_sale(self.store().conn(), id)
    }

    /// The sales of a day (Paris), newest first.
    pub fn sales(&self, day: NaiveDate) -> AppResult<Vec<SaleView>> {
        let conn = self.store().conn();
        let ids: Vec<Uuid> = {
            let mut statement = conn.prepare_cached("SELECT id, at FROM sales ORDER BY at DESC")?;
            let rows = statement.query_map([], |r| {
                Ok((parse::<Uuid>(r, 0)?, parse::<DateTime<Utc>>(r, 1)?))
            })?;
            let mut ids = Vec::new();
            for row in rows {
                let (id, at) = row?;
                if paris_day(at) == day {
                    ids.push(id);
                }
            }
            ids
        };
        ids.into_iter().map(|id| require_sale(conn, id)).collect()
    }

    /// Voids a sale of today by a counter-entry (never a deletion). A sale that sold a
    /// voucher is voided only while the voucher is unused (then A7 applies: no refund
    /// of a voucher in the tool).
    pub fn void_sale(&mut self, id: Uuid, reason: &str) -> AppResult<SaleView> {
        self.require(Permission::Sell)?;
        let reason = guichet_core::bounds::check_name(reason).map_err(|_| {
            AppError::input(
                "dites pourquoi la vente est annulée (par exemple « erreur de saisie »)",
            )
        })?;
        let today = self.today();
        self.write(|tx| {
            let sale = require_sale(tx.conn(), id)?;
            if sale.voided_at.is_some() {
                return Err(AppError::rule("cette vente est déjà annulée"));
            }
            if paris_day(sale.at) != today {
                return Err(AppError::rule(format!(
                    "cette vente date du {} : seule une vente du jour s'annule ; pour une vente \
                     passée, enregistrez un remboursement",
                    paris_day(sale.at).format("%d/%m/%Y")
                )));
            }
            if let Some(code) = sale.payments.iter().find_map(|p| p.voucher_code.clone()) {
                return Err(AppError::rule(format!(
                    "cette vente a été payée par le bon cadeau {code}, qui est utilisé : elle ne \
                     s'annule pas ; remboursez les autres paiements si besoin"
                )));
            }
            for voucher in &sale.vouchers {
                let state = super::vouchers::status(tx.conn(), &voucher.code, today)?;
                if state != Some(VoucherStatus::Valid) {
                    return Err(AppError::rule(format!(
                        "le bon cadeau {} vendu dans cette vente n'est plus valable : la vente ne \
                         s'annule plus ; un bon cadeau ne se rembourse pas dans Guichet (règle A7) \
                         — remboursez le client par un autre moyen, puis désactivez le bon",
                        voucher.code
                    )));
                }
            }
            tickets::void(tx, &sale.tickets)?;
            for voucher in &sale.vouchers {
                tx.commit_op(Op::VoucherDeactivated(VoucherDeactivated {
                    id: tx.new_id(),
                    code: text(&voucher.code)?,
                    reason: text("vente annulée")?,
                    at: tx.now(),
                }))?;
            }
            let void = tx.new_id();
            tx.commit_op(Op::SaleVoided(SaleVoided {
                id: void,
                sale: id,
                reason: text(reason)?,
                at: tx.now(),
            }))?;
            journal::record_counter(
                tx,
                id,
                Kind::SaleVoided,
                void,
                &json!({ "sale": id.to_string() }),
            )
        })?;
        require_sale(self.store().conn(), id)
    }

    /// Refunds `amount` of a sale by `method`, as a negative payment; never a past
    /// activity (A3, A6), never more than the sale's net, never a gift voucher sold (A7).
    pub fn refund_sale(
        &mut self,
        id: Uuid,
        amount: Money,
        method: PaymentMethod,
    ) -> AppResult<SaleView> {
        self.require(Permission::Sell)?;
        if amount <= Money::ZERO {
            return Err(AppError::input(
                "indiquez le montant rendu au client, positif (par exemple 25.00)",
            ));
        }
        if method == PaymentMethod::GiftVoucher {
            return Err(AppError::rule(
                "un remboursement ne se fait pas en bon cadeau : choisissez espèces, carte, chèque ou virement",
            ));
        }
        let today = self.today();
        self.write(|tx| {
            let sale = require_sale(tx.conn(), id)?;
            if sale.voided_at.is_some() {
                return Err(AppError::rule("cette vente est annulée : il n'y a plus rien à rembourser"));
            }
            if let Some(past) = sale
                .lines
                .iter()
                .find(|l| l.activity_date.is_some_and(|d| d < today))
            {
                return Err(AppError::rule(format!(
                    "« {} » a eu lieu le {} : une activité passée ne se rembourse pas (règles A3, A6)",
                    past.label,
                    past.activity_date.map_or_else(String::new, |d| d.format("%d/%m/%Y").to_string())
                )));
            }
            let vouchers = sale
                .lines
                .iter()
                .filter(|l| l.product.is_none())
                .try_fold(Money::ZERO, |sum, l| sum.checked_add(l.amount))?;
            let refundable = sale.net.checked_sub(vouchers)?;
            if amount > refundable {
                return Err(AppError::rule(format!(
                    "on ne rembourse pas plus que ce qui reste payé ({}){}",
                    refundable.max(Money::ZERO).to_french(),
                    if vouchers > Money::ZERO {
                        " ; un bon cadeau ne se rembourse pas dans Guichet (règle A7)"
                    } else {
                        ""
                    }
                )));
            }
            let refund = tx.new_id();
            tx.commit_op(Op::SaleRefunded(SaleRefunded {
                id: refund,
                sale: id,
                method,
                amount: Amount::try_from(amount)?,
                at: tx.now(),
            }))?;
            let back = Money::ZERO.checked_sub(amount)?;
            journal::record(
                tx,
                Kind::Payment,
                refund,
                Amounts::one(method, back),
                &json!({ "sale": id.to_string(), "amount": money_text(back), "method": method.code() }),
            )
        })?;
        require_sale(self.store().conn(), id)
    }

    /// Opens the till with `float` in the drawer.
    pub fn open_till(&mut self, float: Money) -> AppResult<TillView> {
        self.require(Permission::Sell)?;
        if float.is_negative() {
            return Err(AppError::input("un fond de caisse n'est jamais négatif"));
        }
        self.write(|tx| {
            let device = tx.device()?;
            if let Some((_, _, at)) = opening(tx.conn(), device)? {
                return Err(AppError::rule(format!(
                    "la caisse est déjà ouverte depuis le {} : comptez-la (clôture) avant de la rouvrir",
                    guichet_core::calendar::french_instant(at)
                )));
            }
            let opening = tx.new_id();
            tx.commit_op(Op::TillOpened(TillOpened {
                id: opening,
                float: Amount::try_from(float)?,
                at: tx.now(),
            }))?;
            journal::record(
                tx,
                Kind::FloatOpened,
                opening,
                Amounts::one(PaymentMethod::Cash, float),
                &json!({ "float": money_text(float) }),
            )
        })?;
        self.till()
    }

    /// Closes the till with the cash `counted` in the drawer: the difference with what
    /// it should hold is recorded.
    pub fn count_cash(&mut self, counted: Money) -> AppResult<TillView> {
        self.require(Permission::Sell)?;
        if counted.is_negative() {
            return Err(AppError::input("un montant compté n'est jamais négatif"));
        }
        let view = self.write(|tx| {
            let device = tx.device()?;
            let (id, float, since) = opening(tx.conn(), device)?.ok_or_else(|| {
                AppError::rule("la caisse n'est pas ouverte : ouvrez-la avec son fond de caisse")
            })?;
            let expected = expected_cash(tx.conn(), device, float, since)?;
            let count = tx.new_id();
            tx.commit_op(Op::CashCounted(CashCounted {
                id: count,
                opening: id,
                counted: Amount::try_from(counted)?,
                expected: Amount::try_from(expected)?,
                at: tx.now(),
            }))?;
            journal::record(
                tx,
                Kind::CashCounted,
                count,
                Amounts::one(PaymentMethod::Cash, counted),
                &json!({
                    "opening": id.to_string(),
                    "expected": money_text(expected),
                    "difference": money_text(counted.checked_sub(expected)?),
                }),
            )?;
            Ok(TillView {
                opening: Some(id),
                opened_at: Some(since),
                float,
                expected,
                counted: Some(counted),
                difference: Some(counted.checked_sub(expected)?),
            })
        })?;
        Ok(view)
    }

    /// The till on this device: open or closed, its float and the cash it should hold.
    pub fn till(&self) -> AppResult<TillView> {
        let conn = self.store().conn();
        let device = crate::store::device::device(conn)?.0;
        Ok(match opening(conn, device)? {
            Some((id, float, since)) => TillView {
                opening: Some(id),
                opened_at: Some(since),
                float,
                expected: expected_cash(conn, device, float, since)?,
                counted: None,
                difference: None,
            },
            None => TillView {
                opening: None,
                opened_at: None,
                float: Money::ZERO,
                expected: Money::ZERO,
                counted: None,
                difference: None,
            },
        })
    }
}
