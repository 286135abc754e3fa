//! `guichet products …` and `guichet vouchers …`: the till's products and gift vouchers.

use guichet_app::error::AppResult;
use guichet_app::till::products::{ProductEdit, ProductView};
use guichet_app::till::sales::{Cart, SaleView, TillView};
use guichet_app::till::vouchers::VoucherView;
use guichet_app::App;
use guichet_core::order::VatRate;
use guichet_core::sync::op::Channel;
use guichet_core::Money;
use serde_json::json;

use crate::args::{CartArgs, ProductsAction, TillAction, VouchersAction};
use crate::run::{lines, output, save_pdf, Output, Warning};

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
        ProductsAction::Photo { action } => crate::media::photos(app, action, false),
        ProductsAction::Attach {
            product,
            file,
            name,
        } => crate::media::attach(app, product, &file, name.as_deref()),
        ProductsAction::Attachments { product } => crate::media::attachments(app, product),
        ProductsAction::Detach { product, number } => crate::media::detach(app, product, number),
        ProductsAction::ExportAttachment {
            product,
            number,
            out,
        } => crate::media::export_attachment(app, product, number, &out),
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
            if redeemed.forfeited > Money::ZERO {
                text.push_str(&format!(
                    " ; {} restant sur le bon ne sont pas rendus",
                    redeemed.forfeited.to_french()
                ));
            }
            if redeemed.rest > Money::ZERO {
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
    }
}

fn cart(args: CartArgs) -> Cart {
    Cart {
        lines: args.lines,
        vouchers: args.vouchers,
        payments: args.payments,
        accept_forfeit: args.accept_loss,
    }
}

fn sale_text(sale: &SaleView) -> String {
    let mut text = format!(
        "Vente n° {} du {} — {}",
        sale.number,
        guichet_core::calendar::french_instant(sale.at),
        sale.total.to_french()
    );
    for line in &sale.lines {
        text.push_str(&format!(
            "\n  {} × {} — {}",
            line.quantity,
            line.label,
            line.amount.to_french()
        ));
    }
    for payment in &sale.payments {
        text.push_str(&format!(
            "\n  {} {} : {}",
            match payment.kind.as_str() {
                "refund" => "Remboursé",
                "void" => "Annulé",
                _ => "Payé",
            },
            payment.method_label,
            payment.amount.to_french()
        ));
    }
    if sale.change > Money::ZERO {
        text.push_str(&format!("\n  Monnaie rendue : {}", sale.change.to_french()));
    }
    for voucher in &sale.vouchers {
        text.push_str(&format!("\n  Bon cadeau vendu : {}", voucher.code));
    }
    if let Some(reason) = &sale.void_reason {
        text.push_str(&format!("\n  ANNULÉE : {reason}"));
    }
    text
}

fn till_text(till: &TillView) -> String {
    match (till.opened_at, till.counted, till.difference) {
        (Some(_), Some(counted), Some(difference)) => format!(
            "Caisse comptée : {} comptés pour {} attendus — écart {}.",
            counted.to_french(),
            till.expected.to_french(),
            difference.to_french()
        ),
        (Some(at), _, _) => format!(
            "Caisse ouverte depuis le {} — fond {} — espèces attendues {}.",
            guichet_core::calendar::french_instant(at),
            till.float.to_french(),
            till.expected.to_french()
        ),
        (None, _, _) => {
            "Caisse fermée : ouvrez-la avec « guichet till open --float MONTANT ».".to_owned()
        }
    }
}

/// `guichet till`.
pub fn till(app: &mut App, action: TillAction) -> AppResult<Output> {
    match action {
        TillAction::Status => {
            let till = app.till()?;
            output(&till, till_text(&till))
        }
        TillAction::Open { float } => {
            let till = app.open_till(float)?;
            output(&till, till_text(&till))
        }
        TillAction::Count { counted } => {
            let till = app.count_cash(counted)?;
            output(&till, till_text(&till))
        }
        TillAction::Quote { cart: args } => {
            let quote = app.quote_cart(&cart(args))?;
            let text = format!(
                "Total {} — payé {} — reste {} — monnaie {}",
                quote.total.to_french(),
                quote.paid.to_french(),
                quote.due.to_french(),
                quote.change.to_french()
            );
            output(&quote, text)
        }
        TillAction::Sell {
            cart: args,
            receipt,
            print,
        } => {
            if let Some(out) = &receipt {
                guichet_app::destination::check_writable(out)?;
            }
            let sale = app.sell(&cart(args))?;
            let mut text = sale_text(&sale);
            // The sale is stored: a failure from here on is a warning beside it.
            let mut warnings = Vec::new();
            if let Some(out) = receipt {
                match app.receipt_pdf(sale.id).and_then(|pdf| save_pdf(&pdf, &out)) {
                    Ok(path) => text.push_str(&format!("\nTicket de caisse : {path}")),
                    Err(e) => warnings.push(Warning {
                        step: "receipt".to_owned(),
                        message: format!(
                            "la vente est enregistrée, mais {} ; imprimez le ticket avec « guichet till receipt {} --out FICHIER »",
                            e.message, sale.id
                        ),
                    }),
                }
            }
            if print {
                match app.print_receipt(sale.id) {
                    Ok(()) => text.push_str("\nTicket imprimé."),
                    Err(e) => warnings.push(Warning {
                        step: "print".to_owned(),
                        message: format!(
                            "la vente est enregistrée, mais {} ; réimprimez avec « guichet till print {} »",
                            e.message, sale.id
                        ),
                    }),
                }
            }
            let mut out = output(&sale, text)?;
            out.warnings = warnings;
            Ok(out)
        }
        TillAction::Print { sale } => {
            app.print_receipt(sale)?;
            output(
                &serde_json::json!({ "printed": sale }),
                "Ticket imprimé.".to_owned(),
            )
        }
        TillAction::Drawer => {
            app.open_drawer()?;
            output(
                &serde_json::json!({ "drawer": "opened" }),
                "Tiroir ouvert.".to_owned(),
            )
        }
        TillAction::Printer { setting } => {
            let printer = match setting {
                Some(setting) if setting == "none" => app.set_receipt_printer("")?,
                Some(setting) => app.set_receipt_printer(&setting)?,
                None => app.receipt_printer()?,
            };
            let text = printer.as_ref().map_or_else(
                || "Pas d'imprimante de tickets : les tickets sont des PDF.".to_owned(),
                |p| format!("Imprimante de tickets : {p}"),
            );
            output(&serde_json::json!({ "printer": printer }), text)
        }
        TillAction::Receipt { sale, out } => {
            let path = save_pdf(&app.receipt_pdf(sale)?, &out)?;
            output(
                &serde_json::json!({ "sale": sale, "receipt": path }),
                format!("Ticket de caisse : {path}"),
            )
        }
        TillAction::Sales { day } => {
            let day = day.unwrap_or_else(|| app.today());
            let sales = app.sales(day)?;
            let text = lines(&sales, sale_text, "Aucune vente ce jour-là.");
            output(&sales, text)
        }
        TillAction::Show { sale } => {
            let sale = app.sale(sale)?;
            output(&sale, sale_text(&sale))
        }
        TillAction::Void { sale, reason } => {
            let sale = app.void_sale(sale, &reason)?;
            output(&sale, sale_text(&sale))
        }
        TillAction::Refund {
            sale,
            amount,
            method,
        } => {
            let sale = app.refund_sale(sale, amount, method.into())?;
            output(&sale, sale_text(&sale))
        }
    }
}
