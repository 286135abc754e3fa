//! The till's sales as rows: a sale, its lines and payments, its refunds and void, the
//! till's openings and cash counts.

use guichet_core::sync::op::{CashCounted, SaleMade, SaleRefunded, SaleVoided, TillOpened};
use guichet_core::Money;
use uuid::Uuid;

use super::Tx;

impl Tx<'_> {
    pub(super) fn make_sale(&self, s: &SaleMade) -> crate::error::AppResult<()> {
        let author = self.author()?.to_string();
        let mut total = Money::ZERO;
        for line in &s.lines {
            total = total.checked_add(line.unit_price.get().checked_mul(line.quantity.get())?)?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO sales (id, number, device_id, cashier, at, total, change)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute((
                s.id.to_string(),
                s.number,
                &author,
                self.made_by.as_deref(),
                s.at.to_rfc3339(),
                total.to_string(),
                s.change.get().to_string(),
            ))?;
        for (n, line) in (1u32..).zip(&s.lines) {
            self.tx
                .prepare_cached(
                    "INSERT INTO sale_lines (sale_id, n, product_id, voucher_id, label, quantity,
                 unit_price, vat_rate, activity_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(rusqlite::params![
                    s.id.to_string(),
                    n,
                    line.product.map(|p| p.to_string()),
                    line.voucher.map(|v| v.to_string()),
                    line.label.as_str(),
                    line.quantity.get(),
                    line.unit_price.get().to_string(),
                    line.vat.0,
                    line.activity_date.map(|d| d.get().to_string()),
                ])?;
            for (k, answer) in (1u32..).zip(&line.answers) {
                self.tx
                    .prepare_cached(
                        "INSERT INTO sale_line_answers (sale_id, line, n, question, answer)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute((
                        s.id.to_string(),
                        n,
                        k,
                        answer.question.as_str(),
                        answer.answer.as_str(),
                    ))?;
            }
        }
        for (n, line) in (1u32..).zip(&s.lines) {
            if let Some(product) = line.product {
                // A13: sold once, never deleted (the page is written at the first sale only).
                self.tx
                    .prepare_cached("UPDATE products SET sold = 1 WHERE id = ?1 AND sold = 0")?
                    .execute([product.to_string()])?;
            }
            if let Some(booking) = line.ticket_booking {
                self.tx
                    .prepare_cached(
                        "INSERT INTO sale_tickets (sale_id, line, booking_id) VALUES (?1, ?2, ?3)",
                    )?
                    .execute((s.id.to_string(), n, booking.to_string()))?;
            }
        }
        // Cash is kept net of the change given back: what stays in the drawer.
        let mut change = s.change.get();
        for (n, payment) in (1u32..).zip(&s.payments) {
            let mut amount = payment.amount.get();
            if payment.method == guichet_core::payment::PaymentMethod::Cash && change > Money::ZERO
            {
                let back = change.min(amount);
                amount = amount.checked_sub(back)?;
                change = change.checked_sub(back)?;
            }
            self.sale_payment(SalePaymentRow {
                id: format!("{}:{n}", s.id),
                sale: s.id,
                kind: "payment",
                method: payment.method.code(),
                amount,
                voucher_code: payment.voucher_code.as_ref().map(|c| c.as_str()),
                at: s.at.to_rfc3339(),
                device: &author,
            })?;
        }
        Ok(())
    }

    pub(super) fn void_sale(&self, v: &SaleVoided) -> crate::error::AppResult<()> {
        let author = self.author()?.to_string();
        self.tx.execute(
            "UPDATE sales SET voided_at = ?2, void_reason = ?3 WHERE id = ?1 AND voided_at IS NULL",
            (v.sale.to_string(), v.at.to_rfc3339(), v.reason.as_str()),
        )?;
        // The counter-entries: every payment and refund of the sale, negated.
        let rows: Vec<(String, String, String)> = {
            let mut statement = self.tx.prepare(
                "SELECT id, method, amount FROM sale_payments WHERE sale_id = ?1 AND kind <> 'void'",
            )?;
            let rows = statement.query_map([v.sale.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (id, method, amount) in rows {
            let amount: Money = amount
                .parse()
                .map_err(|_| crate::error::AppError::input("montant illisible dans la base"))?;
            self.sale_payment(SalePaymentRow {
                id: format!("{id}:void"),
                sale: v.sale,
                kind: "void",
                method: &method,
                amount: Money::ZERO.checked_sub(amount)?,
                voucher_code: None,
                at: v.at.to_rfc3339(),
                device: &author,
            })?;
        }
        Ok(())
    }

    pub(super) fn refund_sale(&self, r: &SaleRefunded) -> crate::error::AppResult<()> {
        let author = self.author()?.to_string();
        self.sale_payment(SalePaymentRow {
            id: r.id.to_string(),
            sale: r.sale,
            kind: "refund",
            method: r.method.code(),
            amount: Money::ZERO.checked_sub(r.amount.get())?,
            voucher_code: None,
            at: r.at.to_rfc3339(),
            device: &author,
        })
    }

    pub(super) fn open_till(&self, o: &TillOpened) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO till_openings (id, device_id, float, opened_at) VALUES (?1, ?2, ?3, ?4)",
            (
                o.id.to_string(),
                self.author()?.to_string(),
                o.float.get().to_string(),
                o.at.to_rfc3339(),
            ),
        )?;
        Ok(())
    }

    pub(super) fn count_cash(&self, c: &CashCounted) -> rusqlite::Result<()> {
        self.tx.execute(
            "UPDATE till_openings SET counted = ?2, expected = ?3, counted_at = ?4 WHERE id = ?1",
            (
                c.opening.to_string(),
                c.counted.get().to_string(),
                c.expected.get().to_string(),
                c.at.to_rfc3339(),
            ),
        )?;
        Ok(())
    }

    fn sale_payment(&self, row: SalePaymentRow<'_>) -> crate::error::AppResult<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO sale_payments (id, sale_id, n, kind, method, amount, voucher_code, at,
             device_id)
             VALUES (?1, ?2, (SELECT COALESCE(MAX(n), 0) + 1 FROM sale_payments WHERE sale_id = ?2),
             ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(rusqlite::params![
                row.id,
                row.sale.to_string(),
                row.kind,
                row.method,
                row.amount.to_string(),
                row.voucher_code,
                row.at,
                row.device,
            ])?;
        Ok(())
    }
}

/// Money in or out of a sale.
struct SalePaymentRow<'a> {
    id: String,
    sale: Uuid,
    kind: &'a str,
    method: &'a str,
    amount: Money,
    voucher_code: Option<&'a str>,
    at: String,
    device: &'a str,
}
