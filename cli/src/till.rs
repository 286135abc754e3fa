//! `guichet products …` and `guichet vouchers …`: the till's products and gift vouchers.

use std::path::PathBuf;

use guichet_app::box_office::print::PrintTo;
use guichet_app::error::{AppError, AppResult};
use guichet_app::export::{ExportDone, ExportFormat};
use guichet_app::till::products::{ProductEdit, ProductQuestion, ProductView};
use guichet_app::till::report::VoucherReport;
use guichet_app::till::sales::{Cart, LineAnswer, SaleView, TillView};
use guichet_app::till::vouchers::VoucherView;
use guichet_app::App;
use guichet_core::order::VatRate;
use guichet_core::sync::op::Channel;
use guichet_core::Money;
use serde_json::json;

use crate::args::{CartArgs, ExportFiles, ProductsAction, TillAction, VouchersAction};
use crate::run::{lines, output, save_pdf, Output, Warning};

/// `--channel` values: `none` alone means no channel (vouchers only).
fn channel_codes(given: Vec<String>) -> Vec<String> {
    given.into_iter().filter(|c| c != "none").collect()
}

fn product_line(p: &ProductView) -> String {
    let form: Vec<String> = p
        .questions
        .iter()
        .map(|q| {
            if q.required {
                format!("{} (obligatoire)", q.text)
            } else {
                q.text.clone()
            }
        })
        .collect();
    format!(
        "{} — {} (TVA {}){}{}{} [{}]",
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
        if form.is_empty() {
            String::new()
        } else {
            format!(" — formulaire : {}", form.join(", "))
        },
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

/// `--question … --optional … --no-questions`: the new booking form, if any.
fn form(
    questions: Vec<String>,
    optional: &[String],
    clear: bool,
) -> AppResult<Option<Vec<ProductQuestion>>> {
    if let Some(unknown) = optional.iter().find(|o| !questions.contains(o)) {
        return Err(AppError::input(format!(
            "--optional « {unknown} » ne nomme aucune des questions données par --question"
        )));
    }
    if clear {
        return Ok(Some(Vec::new()));
    }
    Ok((!questions.is_empty()).then(|| {
        questions
            .into_iter()
            .map(|text| ProductQuestion {
                required: !optional.contains(&text),
                text,
            })
            .collect()
    }))
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
            questions,
            optional,
            no_questions,
        } => {
            let edit = ProductEdit {
                name,
                price,
                vat_rate: vat,
                channels: (!channels.is_empty()).then(|| channel_codes(channels)),
                active,
                questions: form(questions, &optional, no_questions)?,
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
        VouchersAction::Pdf { code, out } => {
            let print = app.voucher_print(&code)?;
            let path = print.deliver(&PrintTo::File(out))?;
            let path = path.display().to_string();
            output(&json!({ "pdf": path }), format!("Bon cadeau PDF : {path}"))
        }
        VouchersAction::Report { period, csv, xlsx } => {
            let report = app.voucher_report(period.from, period.to)?;
            let done = export_to(csv, xlsx, |format, path| {
                app.export_voucher_report(period.from, period.to, format, path, &mut |_| {})
            })?;
            let text = report_text(&report) + &written(&done);
            let mut value = serde_json::to_value(&report).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("files".to_owned(), json!(done));
            }
            output(&value, text)
        }
    }
}

/// `--answer [LIGNE:]QUESTION=RÉPONSE`, given to the line that asks the question (the
/// `LIGNE`-th `--line` when given: needed only when several lines ask it).
fn answer_lines(app: &App, cart: &mut Cart, answers: &[String]) -> AppResult<()> {
    if answers.is_empty() {
        return Ok(());
    }
    let products = app.products()?;
    let form = |line: &guichet_app::till::sales::CartLine| -> Vec<String> {
        products
            .iter()
            .find(|p| p.id == line.product)
            .map(|p| p.questions.iter().map(|q| q.text.clone()).collect())
            .unwrap_or_default()
    };
    for given in answers {
        let numbered = given
            .split_once(':')
            .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest)));
        let (lines, text): (Vec<usize>, &str) = match numbered {
            Some((n, rest)) => {
                if n == 0 || n > cart.lines.len() {
                    return Err(AppError::input(format!(
                        "--answer « {given} » : il n'y a pas de ligne {n} (le panier a {} --line)",
                        cart.lines.len()
                    )));
                }
                (vec![n - 1], rest)
            }
            None => ((0..cart.lines.len()).collect(), given.as_str()),
        };
        // The question is the longest one of a line's form that the text starts with.
        let mut found: Vec<(usize, String)> = Vec::new();
        for index in lines {
            let question = form(&cart.lines[index])
                .into_iter()
                .filter(|q| text.starts_with(&format!("{q}=")))
                .max_by_key(String::len);
            if let Some(question) = question {
                found.push((index, question));
            }
        }
        let (index, question) = match found.as_slice() {
            [one] => one.clone(),
            [] => {
                return Err(AppError::input(format!(
                    "--answer « {given} » ne répond à aucune question des produits du panier : \
                     écrivez QUESTION=RÉPONSE avec la question telle que « guichet products » \
                     l'affiche"
                )))
            }
            [(_, question), ..] => {
                return Err(AppError::input(format!(
                    "plusieurs lignes posent « {question} » : précisez la ligne, par exemple \
                     --answer \"2:{question}=…\" pour la deuxième --line"
                )))
            }
        };
        let answer = text[question.len() + 1..].to_owned();
        cart.lines[index]
            .answers
            .get_or_insert_with(Vec::new)
            .push(LineAnswer { question, answer });
    }
    Ok(())
}

fn cart(app: &App, args: CartArgs) -> AppResult<Cart> {
    let mut cart = Cart {
        lines: args.lines,
        tickets: args.tickets,
        vouchers: args.vouchers,
        payments: args.payments,
        accept_forfeit: args.accept_loss,
    };
    answer_lines(app, &mut cart, &args.answers)?;
    Ok(cart)
}

/// Writes an export to each file asked for.
fn export_to(
    csv: Option<PathBuf>,
    xlsx: Option<PathBuf>,
    mut write: impl FnMut(ExportFormat, &std::path::Path) -> AppResult<ExportDone>,
) -> AppResult<Vec<ExportDone>> {
    let mut done = Vec::new();
    for (format, path) in [(ExportFormat::Csv, csv), (ExportFormat::Xlsx, xlsx)] {
        if let Some(path) = path {
            done.push(write(format, &path)?);
        }
    }
    Ok(done)
}

fn written(done: &[ExportDone]) -> String {
    done.iter()
        .map(|d| {
            format!(
                "\nÉcrit : {} ({})",
                d.path,
                guichet_core::calendar::plural(d.rows, "ligne", "lignes")
            )
        })
        .collect()
}

fn report_text(report: &VoucherReport) -> String {
    let mut text = format!(
        "Bons cadeaux du {} au {}\n  Achetés : {} — {}\n  Utilisés : {} — {}\n  Différence : {}\n  Achetés et pas encore utilisés : {}",
        report.from.format("%d/%m/%Y"),
        report.to.format("%d/%m/%Y"),
        report.bought_count,
        report.bought_total.to_french(),
        report.used_count,
        report.used_total.to_french(),
        report.difference.to_french(),
        report.unused_count
    );
    for voucher in &report.vouchers {
        text.push_str(&format!(
            "\n  {} — {} — {} — reste {}{}",
            voucher.code,
            voucher.amount.to_french(),
            voucher.status_label,
            voucher.balance.to_french(),
            if voucher.overdrawn {
                " — UTILISÉ DEUX FOIS : à régler dans les conflits"
            } else {
                ""
            }
        ));
    }
    text
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
        for answer in &line.answers {
            text.push_str(&format!("\n      {} {}", answer.question, answer.answer));
        }
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
    for tickets in &sale.tickets {
        text.push_str(&format!(
            "\n  Billets : {} (imprimez-les avec « guichet tickets pdf {} --out FICHIER »)",
            tickets.codes.join(" "),
            tickets.booking
        ));
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
            let cart = cart(app, args)?;
            let quote = app.quote_cart(&cart)?;
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
            let cart = cart(app, args)?;
            let sale = app.sell(&cart)?;
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
        TillAction::Export {
            period,
            files: ExportFiles { csv, xlsx },
        } => {
            let done = export_to(csv, xlsx, |format, path| {
                app.export_sales(period.from, period.to, format, path, &mut |_| {})
            })?;
            let text = format!(
                "Ventes du {} au {} exportées.{}",
                period.from.format("%d/%m/%Y"),
                period.to.format("%d/%m/%Y"),
                written(&done)
            );
            output(&done, text)
        }
    }
}
