//! Use cases: the till's products — activities and items sold at the till and paid by
//! gift vouchers (rules A12, A13, A16).

use guichet_core::order::VatRate;
use std::collections::HashMap;

use guichet_core::sync::op::{Channel, FormQuestion, ProductAdded, ProductEdited, Removed};
use guichet_core::sync::wire::{Amount, Name, Text};
use guichet_core::sync::Op;
use guichet_core::Money;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::operators::Permission;
use crate::store::read::parse;
use crate::App;

/// The highest VAT rate accepted, in hundredths of a percent (100 %).
const MAX_VAT: u32 = 10_000;

/// A product as the till and the command line show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProductView {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Offered at all.
    pub active: bool,
    /// Its price, VAT included.
    #[ts(type = "string")]
    pub price: Money,
    /// Its VAT rate in hundredths of a percent (2000: 20 %).
    pub vat_rate: u32,
    /// Where it is offered: `till`, `widget`, `mini_site` (A16).
    pub channels: Vec<String>,
    /// Whether it was ever sold or paid for by a voucher (then it cannot be deleted, A13).
    pub sold: bool,
    /// Its booking form: the questions asked when it is sold, in order (T7).
    pub questions: Vec<ProductQuestion>,
}

/// A question of a product's booking form (T7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProductQuestion {
    /// As asked, « Taille ? ».
    pub text: String,
    /// The sale is refused without its answer.
    pub required: bool,
}

/// The most questions a booking form asks.
pub const MAX_QUESTIONS: usize = 20;

/// What a product edit changes (only the fields given).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ProductEdit {
    /// A new name.
    pub name: Option<String>,
    /// A new price.
    #[ts(type = "string | null")]
    pub price: Option<Money>,
    /// A new VAT rate.
    pub vat_rate: Option<u32>,
    /// Where it is offered now.
    pub channels: Option<Vec<String>>,
    /// Offered at all.
    pub active: Option<bool>,
    /// Its booking form, replacing the current one (empty: no form), T7.
    #[serde(default)]
    #[ts(optional)]
    pub questions: Option<Vec<ProductQuestion>>,
}

/// A booking form checked: texts given, each asked once, not too many.
fn questions(given: &[ProductQuestion]) -> AppResult<Vec<FormQuestion>> {
    if given.len() > MAX_QUESTIONS {
        return Err(AppError::input(format!(
            "un formulaire pose au plus {MAX_QUESTIONS} questions : regroupez-en"
        )));
    }
    let mut form: Vec<FormQuestion> = Vec::new();
    for question in given {
        let text = guichet_core::bounds::check_name(&question.text).map_err(|_| {
            AppError::input(
                "une question du formulaire est vide ou trop longue (200 caractères au plus) : \
                 écrivez-la, par exemple « Taille ? »",
            )
        })?;
        if form.iter().any(|q| q.text.as_str() == text) {
            return Err(AppError::input(format!(
                "la question « {text} » est posée deux fois : gardez-en une"
            )));
        }
        form.push(FormQuestion {
            text: Text::try_from(text.to_owned())?,
            required: question.required,
        });
    }
    Ok(form)
}

/// Every product's booking form, by product id.
pub(crate) fn forms(conn: &Connection) -> AppResult<HashMap<Uuid, Vec<ProductQuestion>>> {
    let mut statement = conn.prepare_cached(
        "SELECT product_id, text, required FROM product_questions ORDER BY product_id, n",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            parse::<Uuid>(r, 0)?,
            ProductQuestion {
                text: r.get(1)?,
                required: r.get(2)?,
            },
        ))
    })?;
    let mut forms: HashMap<Uuid, Vec<ProductQuestion>> = HashMap::new();
    for row in rows {
        let (product, question) = row?;
        forms.entry(product).or_default().push(question);
    }
    Ok(forms)
}

fn vat(rate: u32) -> AppResult<VatRate> {
    if rate > MAX_VAT {
        return Err(AppError::input(format!(
            "taux de TVA {} : un taux va de 0 à 100 % (20 % s'écrit 2000 centièmes)",
            VatRate(rate).french()
        )));
    }
    Ok(VatRate(rate))
}

fn price(price: Money) -> AppResult<Amount> {
    if price.is_negative() {
        return Err(AppError::input(
            "un prix n'est jamais négatif : écrivez 0.00 pour une activité gratuite",
        ));
    }
    Ok(Amount::try_from(price)?)
}

/// Channels from their codes; an unknown one is refused by name.
pub fn channels(codes: &[String]) -> AppResult<Vec<Channel>> {
    let mut channels = Vec::new();
    for code in codes {
        let channel = Channel::from_code(code.trim()).ok_or_else(|| {
            AppError::input(format!(
                "canal « {} » inconnu : till (caisse), widget ou mini_site",
                guichet_core::bounds::printable(code)
            ))
        })?;
        if !channels.contains(&channel) {
            channels.push(channel);
        }
    }
    Ok(channels)
}

fn name(text: &str) -> AppResult<Name> {
    let name = guichet_core::bounds::check_name(text).map_err(AppError::input)?;
    Ok(Name::try_from(name.to_owned())?)
}

/// The columns of a product as [`product_row`] reads them.
const PRODUCT_COLUMNS: &str = "p.id, p.name, p.active, p.price, p.vat_rate, p.channels,
         p.sold OR EXISTS (SELECT 1 FROM voucher_products vp WHERE vp.product_id = p.id)";

/// A product's row, its questions left empty.
fn product_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ProductView> {
    let channels: String = r.get(5)?;
    Ok(ProductView {
        id: parse(r, 0)?,
        name: r.get(1)?,
        active: r.get(2)?,
        price: parse(r, 3)?,
        vat_rate: r.get(4)?,
        channels: channels
            .split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect(),
        sold: r.get(6)?,
        questions: Vec::new(),
    })
}

/// The products, in the provider's order.
pub(crate) fn products(conn: &Connection) -> AppResult<Vec<ProductView>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p ORDER BY p.position, p.name"
    ))?;
    let rows = statement.query_map([], product_row)?;
    let mut products: Vec<ProductView> = rows.collect::<rusqlite::Result<_>>()?;
    let mut forms = forms(conn)?;
    for product in &mut products {
        product.questions = forms.remove(&product.id).unwrap_or_default();
    }
    Ok(products)
}

/// A product, or an error naming the id (one row read: a sale reads each of its lines').
pub(crate) fn require_product(conn: &Connection, id: Uuid) -> AppResult<ProductView> {
    let mut product = conn
        .prepare_cached(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.id = ?1"
        ))?
        .query_row([id.to_string()], product_row)
        .optional()?
        .ok_or_else(|| {
            AppError::input(format!(
                "aucun produit n'a l'identifiant {id} : voyez la liste avec « guichet products »"
            ))
        })?;
    let mut statement = conn.prepare_cached(
        "SELECT text, required FROM product_questions WHERE product_id = ?1 ORDER BY n",
    )?;
    let rows = statement.query_map([id.to_string()], |r| {
        Ok(ProductQuestion {
            text: r.get(0)?,
            required: r.get(1)?,
        })
    })?;
    product.questions = rows.collect::<rusqlite::Result<_>>()?;
    Ok(product)
}

impl App {
    /// The till's products, in the provider's order.
    pub fn products(&self) -> AppResult<Vec<ProductView>> {
        products(self.store().conn())
    }

    /// Adds a product at the end of the provider's order, offered on `channels` (none:
    /// sold only through vouchers, A12).
    pub fn add_product(
        &mut self,
        name_text: &str,
        price_amount: Money,
        vat_rate: u32,
        channel_codes: &[String],
    ) -> AppResult<ProductView> {
        self.require(Permission::EditProducts)?;
        let (name, price, vat, channels) = (
            name(name_text)?,
            price(price_amount)?,
            vat(vat_rate)?,
            channels(channel_codes)?,
        );
        let id = self.write(|tx| {
            let position: u32 = tx
                .conn()
                .query_row("SELECT COUNT(*) FROM products", [], |r| r.get(0))?;
            let id = tx.new_id();
            tx.commit_op(Op::ProductAdded(ProductAdded {
                id,
                name,
                price,
                vat,
                channels,
                position,
                questions: Vec::new(),
            }))?;
            Ok(id)
        })?;
        require_product(self.store().conn(), id)
    }

    /// Edits a product: only the fields given change; what was sold keeps its price.
    pub fn edit_product(&mut self, id: Uuid, edit: ProductEdit) -> AppResult<ProductView> {
        self.require(Permission::EditProducts)?;
        let op = ProductEdited {
            id,
            name: edit.name.as_deref().map(name).transpose()?,
            price: edit.price.map(price).transpose()?,
            vat: edit.vat_rate.map(vat).transpose()?,
            channels: edit.channels.as_deref().map(channels).transpose()?,
            active: edit.active,
            questions: edit.questions.as_deref().map(questions).transpose()?,
        };
        self.write(|tx| {
            require_product(tx.conn(), id)?;
            tx.commit_op(Op::ProductEdited(op))
        })?;
        require_product(self.store().conn(), id)
    }

    /// Deletes a product never sold; one that was is refused, with deactivation offered
    /// instead (A13: accounting traceability).
    pub fn remove_product(&mut self, id: Uuid) -> AppResult<()> {
        self.require(Permission::EditProducts)?;
        self.write(|tx| {
            let product = require_product(tx.conn(), id)?;
            if product.sold {
                return Err(AppError::rule(format!(
                    "« {} » a déjà été vendu : il ne peut pas être supprimé (traçabilité \
                     comptable) ; désactivez-le, il ne sera plus proposé",
                    product.name
                )));
            }
            tx.commit_op(Op::ProductRemoved(Removed { id }))
        })
    }
}
