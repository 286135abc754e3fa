//! The till's rows: products, and gift vouchers with their ledger of events.

use guichet_core::sync::op::{
    Channel, FormQuestion, ProductAdded, ProductEdited, VoucherDeactivated, VoucherExtended,
    VoucherImported, VoucherRedeemed, VoucherSold,
};

use super::Tx;

/// Channels as stored: their codes, comma-separated.
pub(crate) fn channels_text(channels: &[Channel]) -> String {
    channels
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(",")
}

impl Tx<'_> {
    pub(super) fn add_product(&self, p: &ProductAdded) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO products (id, name, price, vat_rate, channels, position, active, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7)",
            (
                p.id.to_string(),
                p.name.as_str(),
                p.price.get().to_string(),
                p.vat.0,
                channels_text(&p.channels),
                p.position,
                self.now().to_rfc3339(),
            ),
        )?;
        self.set_questions(p.id, &p.questions)
    }

    /// Replaces the booking form of `product` (T7).
    fn set_questions(
        &self,
        product: uuid::Uuid,
        questions: &[FormQuestion],
    ) -> rusqlite::Result<()> {
        self.tx.execute(
            "DELETE FROM product_questions WHERE product_id = ?1",
            [product.to_string()],
        )?;
        for (n, question) in (1u32..).zip(questions) {
            self.tx.execute(
                "INSERT INTO product_questions (product_id, n, text, required) VALUES (?1, ?2, ?3, ?4)",
                (product.to_string(), n, question.text.as_str(), question.required),
            )?;
        }
        Ok(())
    }

    pub(super) fn edit_product(&self, p: &ProductEdited) -> rusqlite::Result<()> {
        self.tx.execute(
            "UPDATE products SET name = COALESCE(?2, name), price = COALESCE(?3, price),
             vat_rate = COALESCE(?4, vat_rate), channels = COALESCE(?5, channels),
             active = COALESCE(?6, active) WHERE id = ?1",
            (
                p.id.to_string(),
                p.name.as_ref().map(|n| n.as_str()),
                p.price.map(|price| price.get().to_string()),
                p.vat.map(|v| v.0),
                p.channels.as_deref().map(channels_text),
                p.active,
            ),
        )?;
        match &p.questions {
            Some(questions) => self.set_questions(p.id, questions),
            None => Ok(()),
        }
    }

    pub(super) fn remove_product(&self, id: uuid::Uuid) -> rusqlite::Result<()> {
        self.tx
            .execute("DELETE FROM products WHERE id = ?1", [id.to_string()])?;
        self.set_questions(id, &[])
    }

    pub(super) fn sell_voucher(&self, v: &VoucherSold) -> rusqlite::Result<()> {
        self.insert_voucher(
            NewVoucher {
                id: v.id,
                code: v.code.as_str(),
                amount: v.amount.get().to_string(),
                valid_until: v.valid_until.get().to_string(),
                method: v.method.code(),
                at: v.at.to_rfc3339(),
                products: &v.products,
            },
            "sold",
        )
    }

    /// A voucher of the old tool: its sale row (method `imported`) and a ledger row
    /// `imported`, folded as its sale but counted in no period's vouchers bought (A8).
    /// Imported again (on another device, from the same file) it changes nothing.
    pub(super) fn import_voucher(&self, v: &VoucherImported) -> rusqlite::Result<()> {
        let known: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM vouchers WHERE code = ?1 OR id = ?2)",
            (v.code.as_str(), v.id.to_string()),
            |r| r.get(0),
        )?;
        if known {
            return Ok(());
        }
        self.insert_voucher(
            NewVoucher {
                id: v.id,
                code: v.code.as_str(),
                amount: v.amount.get().to_string(),
                valid_until: v.valid_until.get().to_string(),
                method: IMPORTED,
                at: v.at.to_rfc3339(),
                products: &v.products,
            },
            IMPORTED,
        )
    }

    fn insert_voucher(&self, v: NewVoucher<'_>, kind: &str) -> rusqlite::Result<()> {
        let author = self.author()?.to_string();
        self.tx.execute(
            "INSERT INTO vouchers (id, code, amount, valid_until, method, sold_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (
                v.id.to_string(),
                v.code,
                &v.amount,
                &v.valid_until,
                v.method,
                &v.at,
                &author,
            ),
        )?;
        for product in v.products {
            self.tx.execute(
                "INSERT OR IGNORE INTO voucher_products (voucher_id, product_id) VALUES (?1, ?2)",
                (v.id.to_string(), product.to_string()),
            )?;
        }
        self.voucher_event(VoucherRow {
            id: v.id,
            code: v.code,
            kind,
            amount: Some(v.amount),
            valid_until: Some(v.valid_until),
            at: v.at,
            ..VoucherRow::default()
        })
    }

    pub(super) fn redeem_voucher(&self, r: &VoucherRedeemed) -> rusqlite::Result<()> {
        self.voucher_event(VoucherRow {
            id: r.id,
            code: r.code.as_str(),
            kind: "redeemed",
            amount: Some(r.amount.get().to_string()),
            forfeited: Some(r.forfeited.get().to_string()),
            unconfirmed: r.unconfirmed,
            at: r.at.to_rfc3339(),
            device_name: Some(r.device_name.as_str()),
            ..VoucherRow::default()
        })
    }

    pub(super) fn deactivate_voucher(&self, d: &VoucherDeactivated) -> rusqlite::Result<()> {
        self.voucher_event(VoucherRow {
            id: d.id,
            code: d.code.as_str(),
            kind: "deactivated",
            reason: Some(d.reason.as_str()),
            at: d.at.to_rfc3339(),
            ..VoucherRow::default()
        })
    }

    pub(super) fn extend_voucher(&self, e: &VoucherExtended) -> rusqlite::Result<()> {
        self.voucher_event(VoucherRow {
            id: e.id,
            code: e.code.as_str(),
            kind: "extended",
            valid_until: Some(e.valid_until.get().to_string()),
            at: e.at.to_rfc3339(),
            ..VoucherRow::default()
        })
    }

    fn voucher_event(&self, row: VoucherRow<'_>) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO voucher_events (id, code, kind, amount, forfeited, valid_until, reason,
             unconfirmed, at, device_id, device_name)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            rusqlite::params![
                row.id.to_string(),
                row.code,
                row.kind,
                row.amount,
                row.forfeited,
                row.valid_until,
                row.reason,
                row.unconfirmed,
                row.at,
                self.author()?.to_string(),
                row.device_name,
            ],
        )?;
        Ok(())
    }
}

/// The method and ledger kind of a voucher taken over from the old tool.
pub(crate) const IMPORTED: &str = "imported";

/// A voucher's sale row.
struct NewVoucher<'a> {
    id: uuid::Uuid,
    code: &'a str,
    amount: String,
    valid_until: String,
    method: &'a str,
    at: String,
    products: &'a [uuid::Uuid],
}

/// One row of a voucher's ledger.
#[derive(Default)]
struct VoucherRow<'a> {
    id: uuid::Uuid,
    code: &'a str,
    kind: &'a str,
    amount: Option<String>,
    forfeited: Option<String>,
    valid_until: Option<String>,
    reason: Option<&'a str>,
    unconfirmed: bool,
    at: String,
    device_name: Option<&'a str>,
}
