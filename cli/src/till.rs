//! `guichet products …` and `guichet vouchers …`: the till's products and gift vouchers.

use guichet_app::box_office::print::PrintTo;
use guichet_app::error::AppResult;
use guichet_app::till::products::{ProductEdit, ProductView};
use guichet_app::till::vouchers::VoucherView;
use guichet_app::App;
use guichet_core::order::VatRate;
use guichet_core::sync::op::Channel;
use serde_json::json;

use crate::args::{ProductsAction, VouchersAction};
use crate::run::{lines, output, Output};

/// `--channel` values: `none` alone means no channel (vouchers only).
fn channel_codes(given: Vec<String>) -> Vec<String> {
    given.into_iter().filter(|c| c != "none").collect()
}

fn product_line(p: &ProductView) -> String {
    format!(
        "{} — {} (TVA {}){}{} [{}]",
        p.name,
        p.price.to_french(),
        VatRate(p.vat_rate).french(),
        if p.channels.is_empty() {
            " — bons cadeaux seulement".to_owned()
        } else {
            let names: Vec<&str> = p
                .channels
                .iter()
                .filter_map(|c| Channel::from_code(c).map(Channel::french))
                .collect();
            format!(" — {}", names.join(", "))
        },
        if p.active { "" } else { " — désactivé" },
        p.id
    )
}

fn voucher_line(v: &VoucherView) -> String {
    format!(
        "{} — {} — {} — reste {}{}",
        v.code,
        v.amount.to_french(),
        v.status_label,
        v.balance.to_french(),
        v.valid_until
            .map(|d| format!(" — valable jusqu'au {}", d.format("%d/%m/%Y")))
            .unwrap_or_default()
    )
}

/// `guichet products`.
pub fn products(app: &mut App, action: Option<ProductsAction>) -> AppResult<Output> {
    match action.unwrap_or(ProductsAction::List) {
        ProductsAction::List => {
            let products = app.products()?;
            let text = lines(
                &products,
                product_line,
                "Aucun produit : ajoutez-en avec « guichet products add ».",
            );
            output(&products, text)
        }
        ProductsAction::Add {
            name,
            price,
            vat,
            channels,
        } => {
            let channels = if channels.is_empty() {
                vec!["till".to_owned()]
            } else {
                channel_codes(channels)
            };
            let product = app.add_product(&name, price, vat, &channels)?;
            let text = format!("Produit ajouté : {}", product_line(&product));
            output(&product, text)
        }
        ProductsAction::Edit {
            product,
            name,
            price,
            vat,
            channels,
            active,
        } => {
            let edit = ProductEdit {
                name,
                price,
                vat_rate: vat,
                channels: (!channels.is_empty()).then(|| channel_codes(channels)),
                active,
            };
            let product = app.edit_product(product, edit)?;
            let text = format!("Produit modifié : {}", product_line(&product));
            output(&product, text)
        }
        ProductsAction::Remove { product } => {
            app.remove_product(product)?;
            output(
                &json!({ "removed": product }),
                "Produit supprimé.".to_owned(),
            )
        }
    }
}

/// `guichet vouchers`.
pub fn vouchers(app: &mut App, action: Option<VouchersAction>) -> AppResult<Output> {
    match action.unwrap_or(VouchersAction::List) {
        VouchersAction::List => {
            let vouchers = app.vouchers()?;
            let text = lines(
                &vouchers,
                voucher_line,
                "Aucun bon cadeau : vendez-en avec « guichet vouchers sell ».",
            );
            output(&vouchers, text)
        }
        VouchersAction::Show { code } => {
            let voucher = app.voucher(&code)?;
            let mut text = voucher_line(&voucher);
            if !voucher.product_names.is_empty() {
                text.push_str(&format!(
                    "\nProduits : {}",
                    voucher.product_names.join(", ")
                ));
            }
            output(&voucher, text)
        }
        VouchersAction::Sell {
            products,
            amount,
            method,
        } => {
            let sold = app.sell_voucher(&products, amount, method.into())?;
            let text = format!(
                "Bon cadeau vendu : {} — {} — valable jusqu'au {}",
                sold.code,
                sold.amount.to_french(),
                sold.valid_until.format("%d/%m/%Y")
            );
            output(&sold, text)
        }
        VouchersAction::Redeem { code, amount, cart } => {
            let redeemed = app.redeem_voucher(&code, amount, cart)?;
            let mut text = format!("Bon cadeau encaissé : {}", redeemed.redeemed.to_french());
            if redeemed.forfeited > guichet_core::Money::ZERO {
                text.push_str(&format!(
                    " ; {} restant sur le bon ne sont pas rendus",
                    redeemed.forfeited.to_french()
                ));
            }
            if redeemed.rest > guichet_core::Money::ZERO {
                text.push_str(&format!(
                    " ; reste à payer autrement : {}",
                    redeemed.rest.to_french()
                ));
            }
            if redeemed.unconfirmed {
                text.push_str(
                    " ; accepté sur le montant imprimé, à confirmer par la synchronisation",
                );
            }
            output(&redeemed, text)
        }
        VouchersAction::Deactivate { code, reason } => {
            let voucher = app.deactivate_voucher(&code, &reason)?;
            let text = format!("Bon cadeau désactivé : {}", voucher_line(&voucher));
            output(&voucher, text)
        }
        VouchersAction::Extend { code, until } => {
            let voucher = app.extend_voucher(&code, until)?;
            let text = format!("Validité prolongée : {}", voucher_line(&voucher));
            output(&voucher, text)
        }
        VouchersAction::Pdf { code, out } => {
            let print = app.voucher_print(&code)?;
            let path = print.deliver(&PrintTo::File(out))?;
            let path = path.display().to_string();
            output(&json!({ "pdf": path }), format!("Bon cadeau PDF : {path}"))
        }
    }
}
