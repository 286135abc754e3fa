//! The receipt of a sale, as an 80 mm PDF for tills without a thermal printer: the
//! provider's identity, the lines, VAT per rate, the payments, the change, the vouchers
//! sold, and « Guichet » as where it was sold (A4).

use guichet_core::Money;
use uuid::Uuid;

use super::sales::SaleView;
use crate::box_office::pdf::{line, render_lines, PrintLine};
use crate::error::{AppError, AppResult};
use crate::planning::views::SettingsView;
use crate::App;
use guichet_devices::printer::{PaymentLine, Printer, Receipt, ReceiptLine, VatLine};

/// An 80 mm roll, in points.
const WIDTH_PT: i32 = 227;
/// Where the text starts, and where amounts start.
const LEFT: i32 = 10;
const AMOUNTS: i32 = 160;
/// Characters of a label on one line before it wraps.
const LABEL_CHARS: usize = 30;

fn plain(text: impl Into<String>) -> PrintLine {
    line(8, false, vec![(LEFT, text.into())])
}

/// A code (34 characters) fits the roll in a smaller size.
fn small(text: impl Into<String>) -> PrintLine {
    line(6, false, vec![(LEFT + 6, text.into())])
}

fn amount(label: impl Into<String>, money: Money, bold: bool) -> PrintLine {
    let size = if bold { 10 } else { 8 };
    line(
        size,
        bold,
        vec![(LEFT, label.into()), (AMOUNTS, money.to_french())],
    )
}

/// The provider's address as printed: the street, then postcode and town (lines left
/// empty are left out).
pub(crate) fn address(identity: &crate::settings::Identity) -> Vec<String> {
    [
        identity.street.clone(),
        format!("{} {}", identity.postcode, identity.town)
            .trim()
            .to_owned(),
    ]
    .into_iter()
    .filter(|l| !l.is_empty())
    .collect()
}

/// `text` cut at spaces into lines of at most `width` characters.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(last) if last.chars().count() + 1 + word.chars().count() <= width => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// The lines of the receipt of `sale` by the provider of `settings`.
fn receipt_lines(sale: &SaleView, settings: &SettingsView) -> Vec<PrintLine> {
    let identity = &settings.identity;
    let mut lines = vec![line(11, true, vec![(LEFT, settings.provider_name.clone())])];
    lines.extend(address(identity).into_iter().map(plain));
    if !identity.siret.is_empty() {
        lines.push(plain(format!("SIRET {}", identity.siret)));
    }
    if !identity.vat_number.is_empty() {
        lines.push(plain(format!(
            "TVA intracommunautaire {}",
            identity.vat_number
        )));
    }
    lines.push(plain(""));
    lines.push(line(
        9,
        true,
        vec![(LEFT, format!("Ticket n° {} — Guichet", sale.number))],
    ));
    lines.push(plain(format!(
        "{}{}",
        guichet_core::calendar::french_instant(sale.at),
        sale.cashier
            .as_ref()
            .map(|c| format!(" — vendeur : {c}"))
            .unwrap_or_default()
    )));
    if !settings.device_name.is_empty() {
        lines.push(plain(format!("Caisse : {}", settings.device_name)));
    }
    lines.push(plain(""));
    for sold in &sale.lines {
        let label = format!("{} × {}", sold.quantity, sold.label);
        let mut wrapped = wrap(&label, LABEL_CHARS).into_iter();
        lines.push(amount(
            wrapped.next().unwrap_or_default(),
            sold.amount,
            false,
        ));
        lines.extend(wrapped.map(|rest| plain(format!("   {rest}"))));
        if let Some(day) = sold.activity_date {
            lines.push(plain(format!("   le {}", day.format("%d/%m/%Y"))));
        }
    }
    lines.push(plain(""));
    lines.push(amount("TOTAL TTC", sale.total, true));
    for vat in &sale.vat {
        lines.push(plain(format!(
            "TVA {} : {} HT, {} de TVA",
            vat.label,
            vat.net.to_french(),
            vat.vat.to_french()
        )));
    }
    lines.push(plain(""));
    for payment in &sale.payments {
        let what = match payment.kind.as_str() {
            "refund" => format!("Remboursé ({})", payment.method_label),
            "void" => format!("Annulé ({})", payment.method_label),
            _ => format!("Payé ({})", payment.method_label),
        };
        lines.push(amount(what, shown(sale, payment), false));
        if let Some(code) = &payment.voucher_code {
            lines.push(small(format!("bon {code}")));
        }
    }
    if sale.change > Money::ZERO {
        lines.push(amount("Monnaie rendue", sale.change, true));
    }
    for voucher in &sale.vouchers {
        lines.push(plain(""));
        lines.push(plain(format!(
            "Bon cadeau {} valable jusqu'au {}",
            voucher.amount.to_french(),
            voucher.valid_until.format("%d/%m/%Y")
        )));
        lines.push(small(voucher.code.clone()));
    }
    if let (Some(at), Some(reason)) = (sale.voided_at, &sale.void_reason) {
        lines.push(plain(""));
        lines.push(line(
            10,
            true,
            vec![(
                LEFT,
                format!("ANNULÉE le {}", guichet_core::calendar::french_instant(at)),
            )],
        ));
        lines.extend(wrap(reason, LABEL_CHARS + 10).into_iter().map(plain));
    }
    lines.push(plain(""));
    lines.push(plain("Merci de votre visite !"));
    lines
}

/// The device setting naming the receipt printer (`192.168.1.50`, `usb`, `usb:04b8:0202`).
const PRINTER: &str = "receipt_printer";

/// What a payment line shows: cash as handed over (it is stored net of the change).
fn shown(sale: &SaleView, payment: &super::sales::SalePaymentView) -> Money {
    if payment.kind == "payment" && payment.method == "cash" {
        payment
            .amount
            .checked_add(sale.change)
            .unwrap_or(payment.amount)
    } else {
        payment.amount
    }
}

/// The receipt of `sale` for a thermal printer; it opens the drawer when cash moved.
fn thermal(sale: &SaleView, settings: &SettingsView) -> Receipt {
    let identity = &settings.identity;
    let address = address(identity);
    let mut details = vec![
        format!("Ticket n° {} — Guichet", sale.number),
        guichet_core::calendar::french_instant(sale.at),
    ];
    details.extend(sale.cashier.as_ref().map(|c| format!("Vendeur : {c}")));
    let mut footer: Vec<String> = sale
        .vouchers
        .iter()
        .map(|v| {
            format!(
                "Bon cadeau {} valable jusqu'au {}",
                v.amount.to_french(),
                v.valid_until.format("%d/%m/%Y")
            )
        })
        .collect();
    if let Some(reason) = &sale.void_reason {
        footer.push(format!("ANNULÉE : {reason}"));
    }
    footer.push("Merci de votre visite !".to_owned());
    Receipt {
        provider: settings.provider_name.clone(),
        address,
        siret: (!identity.siret.is_empty()).then(|| identity.siret.clone()),
        details,
        lines: sale
            .lines
            .iter()
            .map(|l| ReceiptLine {
                label: l.label.clone(),
                quantity: i64::from(l.quantity),
                unit_price: l.unit_price.to_french(),
                amount: l.amount.to_french(),
            })
            .collect(),
        vat: sale
            .vat
            .iter()
            .map(|v| VatLine {
                rate: v.label.clone(),
                net: v.net.to_french(),
                vat: v.vat.to_french(),
                gross: v.gross.to_french(),
            })
            .collect(),
        total: sale.total.to_french(),
        payments: sale
            .payments
            .iter()
            .map(|p| PaymentLine {
                method: p.method_label.clone(),
                amount: shown(sale, p).to_french(),
            })
            .collect(),
        change: (sale.change > Money::ZERO).then(|| sale.change.to_french()),
        footer,
        qr: sale.vouchers.first().map(|v| v.code.clone()),
        open_drawer: sale.payments.iter().any(|p| p.method == "cash"),
    }
}

impl App {
    /// Sets this till's receipt printer: an address on the network (`192.168.1.50`,
    /// port 9100 by default), `usb` (the first USB receipt printer) or `usb:VVVV:PPPP`;
    /// empty: none (receipts are PDFs).
    pub fn set_receipt_printer(&mut self, setting: &str) -> AppResult<Option<String>> {
        self.require(crate::operators::Permission::EditSettings)?;
        let setting = setting.trim();
        if !setting.is_empty() {
            Printer::parse(setting).map_err(|e| AppError::input(e.to_string()))?;
        }
        self.write(|tx| Ok(tx.set_device_setting(PRINTER, setting)?))?;
        self.receipt_printer()
    }

    /// This till's receipt printer, if it has one.
    pub fn receipt_printer(&self) -> AppResult<Option<String>> {
        Ok(
            crate::store::device::device_setting(self.store().conn(), PRINTER)?
                .filter(|s| !s.is_empty()),
        )
    }

    fn printer(&self) -> AppResult<Printer> {
        let setting = self.receipt_printer()?.ok_or_else(|| {
            AppError::rule(
                "aucune imprimante de tickets sur ce poste : indiquez-la dans Paramètres \
                 (« guichet till printer 192.168.1.50 » ou « usb »), ou imprimez le ticket en PDF",
            )
        })?;
        Printer::parse(&setting).map_err(|e| AppError::input(e.to_string()))
    }

    /// Prints the receipt of the sale `id` on this till's printer (and opens the cash
    /// drawer when cash moved).
    pub fn print_receipt(&self, id: Uuid) -> AppResult<()> {
        let receipt = thermal(&self.sale(id)?, &self.settings()?);
        self.printer()?
            .print(&receipt)
            .map_err(|e| AppError::rule(e.to_string()))
    }

    /// Opens the cash drawer through the receipt printer.
    pub fn open_drawer(&self) -> AppResult<()> {
        self.require(crate::operators::Permission::Sell)?;
        self.printer()?
            .open_drawer()
            .map_err(|e| AppError::rule(e.to_string()))
    }

    /// The receipt of the sale `id`, as an 80 mm PDF.
    pub fn receipt_pdf(&self, id: Uuid) -> AppResult<Vec<u8>> {
        let sale = self.sale(id)?;
        let settings = self.settings()?;
        render_lines(
            &format!("Ticket n° {}", sale.number),
            WIDTH_PT,
            &receipt_lines(&sale, &settings),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_wrap_at_spaces() {
        assert_eq!(
            wrap(
                "2 × Balade à poney dans la forêt domaniale de Saint-Germain",
                30
            ),
            [
                "2 × Balade à poney dans la",
                "forêt domaniale de",
                "Saint-Germain"
            ]
        );
        assert_eq!(wrap("", 30), Vec::<String>::new());
    }
}
