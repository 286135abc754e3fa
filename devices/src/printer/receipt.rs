//! A till receipt and its layout on 48 columns. The receipt knows no money: amounts
//! arrive as the text to print (`12,50 €`, as the app's `Money::to_french` writes
//! them) and are right-aligned as they are; labels too long for their column wrap on
//! words.

use serde::{Deserialize, Serialize};

use super::escpos::{encode, Align, DrawerPin, Escpos, COLUMNS};
use super::PrinterError;

/// Columns of a line in double width.
const WIDE_COLUMNS: usize = COLUMNS / 2;

/// Columns of each of the four columns of the VAT table.
const VAT_COLUMN: usize = COLUMNS / 4;

/// A receipt, as the till prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The provider's name, printed large at the top.
    pub provider: String,
    /// The address, one entry a line.
    pub address: Vec<String>,
    /// The SIRET number, printed as `SIRET …`.
    pub siret: Option<String>,
    /// Lines under the header: date and time, receipt number, cashier…
    pub details: Vec<String>,
    /// What was sold.
    pub lines: Vec<ReceiptLine>,
    /// The VAT per rate.
    pub vat: Vec<VatLine>,
    /// The total including VAT.
    pub total: String,
    /// The payments, by method.
    pub payments: Vec<PaymentLine>,
    /// The change given back in cash, if any.
    pub change: Option<String>,
    /// Lines at the bottom (thanks, return policy…), centred.
    pub footer: Vec<String>,
    /// A QR code printed under the footer (a gift voucher's code).
    pub qr: Option<String>,
    /// Opens the cash drawer with the receipt (cash taken or given back).
    pub open_drawer: bool,
}

/// A line of the sale.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    /// The product.
    pub label: String,
    /// How many (negative on a counter-entry).
    pub quantity: i64,
    /// The unit price, formatted.
    pub unit_price: String,
    /// The line's amount, formatted.
    pub amount: String,
}

/// The VAT of one rate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatLine {
    /// The rate, formatted (`20 %`, `5,5 %`).
    pub rate: String,
    /// The amount without VAT.
    pub net: String,
    /// The VAT.
    pub vat: String,
    /// The amount with VAT.
    pub gross: String,
}

/// A payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    /// The method, as the receipt names it (`Espèces`, `Carte bancaire`…).
    pub method: String,
    /// The amount, formatted.
    pub amount: String,
}

impl Receipt {
    /// The receipt as an ESC/POS job: reset, PC858, the layout, the QR code, the
    /// drawer kick on `drawer` if the receipt opens the drawer, and the cut.
    pub fn escpos(&self, drawer: DrawerPin) -> Result<Vec<u8>, PrinterError> {
        let mut job = Escpos::new();
        job.align(Align::Center).bold(true).size(2, 2);
        for line in wrap(&encode(&self.provider), WIDE_COLUMNS) {
            job.encoded(&line).feed(1);
        }
        job.size(1, 1).bold(false);
        let siret = self.siret.iter().map(|siret| format!("SIRET {siret}"));
        for text in self.address.iter().cloned().chain(siret) {
            wrapped(&mut job, &text);
        }
        for text in &self.details {
            wrapped(&mut job, text);
        }
        job.align(Align::Left);
        rule(&mut job);
        for line in &self.lines {
            priced(&mut job, &encode(&line.label), &encode(&line.amount));
            if line.quantity != 1 {
                let each = format!("  {} x {}", line.quantity, line.unit_price);
                job.encoded(&encode(&each)).feed(1);
            }
        }
        rule(&mut job);
        if !self.vat.is_empty() {
            vat_row(&mut job, ["TVA", "HT", "TVA", "TTC"]);
            for rate in &self.vat {
                vat_row(&mut job, [&rate.rate, &rate.net, &rate.vat, &rate.gross]);
            }
            rule(&mut job);
        }
        job.bold(true).size(1, 2);
        priced(&mut job, b"TOTAL TTC", &encode(&self.total));
        job.size(1, 1).bold(false);
        for payment in &self.payments {
            priced(&mut job, &encode(&payment.method), &encode(&payment.amount));
        }
        if let Some(change) = &self.change {
            priced(&mut job, b"Rendu", &encode(change));
        }
        if !self.footer.is_empty() || self.qr.is_some() {
            job.feed(1).align(Align::Center);
        }
        for text in &self.footer {
            wrapped(&mut job, text);
        }
        if let Some(qr) = &self.qr {
            job.qr(qr)?;
            job.feed(1);
        }
        job.align(Align::Left);
        if self.open_drawer {
            job.drawer_kick(drawer);
        }
        job.cut();
        Ok(job.into_bytes())
    }
}

/// Text wrapped on 48 columns.
fn wrapped(job: &mut Escpos, text: &str) {
    for line in wrap(&encode(text), COLUMNS) {
        job.encoded(&line).feed(1);
    }
}

/// A line of dashes.
fn rule(job: &mut Escpos) {
    job.encoded(&[b'-'; COLUMNS]).feed(1);
}

/// A label and its amount right-aligned on the first line; the label wraps within
/// the columns the amount leaves.
fn priced(job: &mut Escpos, label: &[u8], amount: &[u8]) {
    let width = COLUMNS.saturating_sub(amount.len() + 1).max(1);
    let mut lines = wrap(label, width).into_iter();
    let first = lines.next().unwrap_or_default();
    let mut row = first.clone();
    row.resize(
        COLUMNS.saturating_sub(amount.len()).max(first.len() + 1),
        b' ',
    );
    row.extend_from_slice(amount);
    job.encoded(&row).feed(1);
    for line in lines {
        job.encoded(&line).feed(1);
    }
}

/// A row of the VAT table: four right-aligned columns of 12.
fn vat_row(job: &mut Escpos, cells: [&str; 4]) {
    let mut row = Vec::with_capacity(COLUMNS);
    for cell in cells {
        let cell = encode(cell);
        let cell = cell.get(..VAT_COLUMN - 1).unwrap_or(&cell);
        row.resize(row.len() + VAT_COLUMN - cell.len(), b' ');
        row.extend_from_slice(cell);
    }
    job.encoded(&row).feed(1);
}

/// Text cut into lines of at most `width` columns, on spaces; a word longer than a
/// line is cut where the line ends. Empty text is one empty line.
pub fn wrap(text: &[u8], width: usize) -> Vec<Vec<u8>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in text
        .split(|&byte| byte == b' ')
        .filter(|word| !word.is_empty())
    {
        let mut word = word;
        if !line.is_empty() && line.len() + 1 + word.len() <= width {
            line.push(b' ');
            line.extend_from_slice(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        while word.len() > width {
            let (head, tail) = word.split_at(width);
            lines.push(head.to_vec());
            word = tail;
        }
        line.extend_from_slice(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: Vec<Vec<u8>>) -> Vec<String> {
        lines
            .into_iter()
            .map(|line| String::from_utf8(line).unwrap())
            .collect()
    }

    #[test]
    fn long_labels_wrap_on_words_and_long_words_are_cut() {
        assert_eq!(
            texts(wrap(b"Visite guidee du chateau et de ses jardins", 20)),
            ["Visite guidee du", "chateau et de ses", "jardins"]
        );
        assert_eq!(
            texts(wrap(b"abcdefghij klm", 4)),
            ["abcd", "efgh", "ij", "klm"]
        );
        assert_eq!(texts(wrap(b"  deux   espaces ", 48)), ["deux espaces"]);
        assert_eq!(texts(wrap(b"", 48)), [""]);
    }

    #[test]
    fn every_wrapped_line_fits() {
        let text = "Le vieux marché aux poissons ; entrée plein tarif adulte, audioguide compris";
        for width in 1..60 {
            for line in wrap(&encode(text), width) {
                assert!(line.len() <= width, "{width}: {line:?}");
            }
        }
    }

    #[test]
    fn amounts_end_at_the_last_column() {
        let mut job = Escpos::default();
        let before = job.bytes().len();
        priced(&mut job, &encode("Entrée adulte"), &encode("1 100,00 €"));
        let row = &job.bytes()[before..];
        assert_eq!(row.len(), COLUMNS + 1, "{row:?}");
        assert!(row.starts_with(&encode("Entrée adulte ")));
        assert!(row[..COLUMNS].ends_with(&encode(" 1 100,00 €")));
        assert_eq!(row[COLUMNS], b'\n');
    }
}
