//! Use case: the voucher report of a period (rule A8) — vouchers bought (their sales in
//! the period), vouchers used (their redemptions in the period: the payment method
//! used records them) and the difference, with the list of the vouchers concerned,
//! those redeemed twice flagged; exported as CSV and XLSX.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Paris;
use guichet_core::payment::PaymentMethod;
use guichet_core::voucher::{self, VoucherEvent, VoucherStatus};
use guichet_core::Money;
use serde::Serialize;
use ts_rs::TS;

use super::exports::period;
use crate::error::AppResult;
use crate::export::{self, Cell, ExportDone, ExportFormat, ExportProgress, Table};
use crate::App;

/// One voucher of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VoucherReportLine {
    /// Its code.
    pub code: String,
    /// Its amount.
    #[ts(type = "string")]
    pub amount: Money,
    /// The Paris day it was sold (none while its sale is not known here).
    #[ts(type = "string | null")]
    pub sold_on: Option<NaiveDate>,
    /// How it was paid, in French.
    pub method: Option<String>,
    /// The products it pays for.
    pub products: Vec<String>,
    /// The Paris days it was used (two: redeemed twice).
    #[ts(type = "Array<string>")]
    pub used_on: Vec<NaiveDate>,
    /// Where it was used (the tills' names).
    pub used_at: Vec<String>,
    /// Where it stands.
    #[ts(type = "string")]
    pub status: VoucherStatus,
    /// The same, in French.
    pub status_label: String,
    /// What is left on it (negative when redeemed twice).
    #[ts(type = "string")]
    pub balance: Money,
    /// Its last day.
    #[ts(type = "string | null")]
    pub valid_until: Option<NaiveDate>,
    /// Redeemed more than once (two offline tills): to settle by hand.
    pub overdrawn: bool,
    /// Sold in the period.
    pub bought_in_period: bool,
    /// Used in the period.
    pub used_in_period: bool,
}

/// The voucher report of a period (A8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VoucherReport {
    /// First day (Paris).
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// Last day (Paris), included.
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// Vouchers sold in the period.
    pub bought_count: u32,
    /// What they were sold for.
    #[ts(type = "string")]
    pub bought_total: Money,
    /// Redemptions in the period.
    pub used_count: u32,
    /// What they paid.
    #[ts(type = "string")]
    pub used_total: Money,
    /// Bought − used.
    #[ts(type = "string")]
    pub difference: Money,
    /// Vouchers sold in the period and not used since.
    pub unused_count: u32,
    /// The vouchers sold or used in the period, oldest sale first.
    pub vouchers: Vec<VoucherReportLine>,
    /// The codes of those redeemed more than once.
    pub overdrawn: Vec<String>,
}

/// A voucher's rows being folded.
#[derive(Default)]
struct Folding {
    events: Vec<VoucherEvent>,
    sold_at: Option<DateTime<Utc>>,
    used: Vec<(DateTime<Utc>, String)>,
    bought_in_period: bool,
    used_in_period: bool,
}

/// One row of `voucher_events`, its texts borrowed from SQLite.
struct Row<'a> {
    code: &'a str,
    kind: &'a str,
    at: DateTime<Utc>,
    amount: Option<Money>,
    forfeited: Option<Money>,
    valid_until: Option<NaiveDate>,
    device_name: Option<&'a str>,
}

/// A text column, borrowed (no copy: the report reads every ledger row).
fn borrowed<'a>(row: &'a rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<&'a str>> {
    Ok(row.get_ref(index)?.as_str_or_null()?)
}

/// A stored instant (RFC 3339, as the store writes it), read with the RFC 3339 parser
/// rather than the lenient one.
fn instant(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text = borrowed(row, index)?.unwrap_or_default();
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                index,
                rusqlite::types::Type::Text,
                Box::new(e),
            )
        })
}

/// Paris days of instants, remembered per UTC hour (the offset only changes on an hour).
#[derive(Default)]
struct ParisDays(HashMap<i64, NaiveDate>);

impl ParisDays {
    fn day(&mut self, at: DateTime<Utc>) -> NaiveDate {
        *self
            .0
            .entry(at.timestamp().div_euclid(3600))
            .or_insert_with(|| paris_day(at))
    }
}

/// A text column parsed with the type's `FromStr`.
fn read<T>(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<T>>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    borrowed(row, index)?
        .map(|text| {
            text.parse().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    index,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        })
        .transpose()
}

fn paris_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Paris).date_naive()
}

fn method_label(code: &str) -> String {
    PaymentMethod::from_code(code).map_or_else(|| code.to_owned(), |m| m.french().to_owned())
}

/// A voucher's sale as the report shows it: its payment method, its products
/// (position, name).
type Sold = (String, Vec<(i64, String)>);

/// The vouchers' sales and products, read in the order of their codes: `of` is asked
/// for codes in increasing order, and skips the vouchers it is not asked for.
struct Sales<'s> {
    rows: rusqlite::Rows<'s>,
    /// The row read and not yet taken: (code, method, product position, product name,
    /// whether there is a product).
    ahead: Option<(String, String, Option<i64>, String, bool)>,
}

impl Sales<'_> {
    fn next(&mut self) -> rusqlite::Result<()> {
        self.ahead = match self.rows.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            None => None,
        };
        Ok(())
    }

    /// The payment method and the products (position, name) of the voucher `code`,
    /// when its sale is known here; read (and dropped) without `keep`.
    fn of(&mut self, code: &str, keep: bool) -> rusqlite::Result<Option<Sold>> {
        if self.ahead.is_none() {
            self.next()?;
        }
        // Codes the ledger does not hold (a voucher row without events) are passed.
        while self.ahead.as_ref().is_some_and(|(c, ..)| c.as_str() < code) {
            self.next()?;
        }
        let mut found: Option<Sold> = None;
        while let Some((c, method, position, name, product)) = self.ahead.take() {
            if c != code {
                self.ahead = Some((c, method, position, name, product));
                break;
            }
            if keep {
                let (_, names) = found.get_or_insert_with(|| (method, Vec::new()));
                if product {
                    names.push((position.unwrap_or(i64::from(i32::MAX)), name));
                }
            } else if found.is_none() {
                found = Some((String::new(), Vec::new()));
            }
            self.next()?;
        }
        Ok(found.filter(|_| keep))
    }
}

/// The lines, given in the order of their codes, by the day they were sold (unknown
/// sales first), then by code: only the days and the positions are sorted, and each
/// line moved once.
fn by_sale_day(lines: Vec<VoucherReportLine>) -> Vec<VoucherReportLine> {
    let mut order: Vec<(Option<NaiveDate>, usize)> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| (line.sold_on, i))
        .collect();
    if order.windows(2).all(|w| w[0] <= w[1]) {
        return lines;
    }
    order.sort_unstable();
    let mut slots: Vec<Option<VoucherReportLine>> = lines.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(_, i)| slots.get_mut(i).and_then(Option::take))
        .collect()
}

impl App {
    /// The voucher report of the Paris days `from` to `to` (A8).
    pub fn voucher_report(&self, from: NaiveDate, to: NaiveDate) -> AppResult<VoucherReport> {
        self.voucher_report_with(from, to, &mut |_| {})
    }

    /// [`App::voucher_report`], telling `progress` as vouchers are folded.
    pub fn voucher_report_with(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> AppResult<VoucherReport> {
        let (start, end) = period(from, to)?;
        let conn = self.store().conn();
        let today = self.today();
        // One pass over every ledger in the order of its index; the vouchers concerned
        // (sold or used in the period) are picked as each ledger ends.
        let total: u32 = conn.query_row("SELECT COUNT(*) FROM vouchers", [], |r| r.get(0))?;
        // Each voucher's sale and products, in the ledger's order (by code), read
        // alongside it: no map of every voucher is built.
        let mut sold = conn.prepare_cached(
            "SELECT v.code, v.method, p.position, COALESCE(p.name, '(produit supprimé)'),
             vp.product_id IS NOT NULL
             FROM vouchers v
             LEFT JOIN voucher_products vp ON vp.voucher_id = v.id
             LEFT JOIN products p ON p.id = vp.product_id
             ORDER BY v.code",
        )?;
        let mut sales = Sales {
            rows: sold.query([])?,
            ahead: None,
        };
        let mut statement = conn.prepare_cached(
            "SELECT code, kind, at, amount, forfeited, valid_until, device_name
             FROM voucher_events ORDER BY code, at, rowid",
        )?;
        let mut rows = statement.query([])?;
        let mut days = ParisDays::default();
        let mut report = VoucherReport {
            from,
            to,
            bought_count: 0,
            bought_total: Money::ZERO,
            used_count: 0,
            used_total: Money::ZERO,
            difference: Money::ZERO,
            unused_count: 0,
            vouchers: Vec::new(),
            overdrawn: Vec::new(),
        };
        report
            .vouchers
            .reserve(usize::try_from(total).unwrap_or_default());
        let mut current: Option<(String, Folding)> = None;
        let mut done = 0u32;
        while let Some(r) = rows.next()? {
            let row = Row {
                code: borrowed(r, 0)?.unwrap_or_default(),
                kind: borrowed(r, 1)?.unwrap_or_default(),
                at: instant(r, 2)?,
                amount: read(r, 3)?,
                forfeited: read(r, 4)?,
                valid_until: read(r, 5)?,
                device_name: borrowed(r, 6)?,
            };
            if current.as_ref().is_some_and(|(code, _)| code != row.code) {
                if let Some((code, folding)) = current.take() {
                    Self::settle(&mut report, code, folding, &mut sales, &mut days, today)?;
                    done += 1;
                    if done.is_multiple_of(1000) {
                        progress(ExportProgress {
                            done,
                            total: total.max(done),
                        });
                    }
                }
            }
            let (_, folding) =
                current.get_or_insert_with(|| (row.code.to_owned(), Folding::default()));
            let within = row.at >= start && row.at < end;
            let amount = row.amount.unwrap_or(Money::ZERO);
            match row.kind {
                "sold" => {
                    folding.events.push(VoucherEvent::Sold {
                        amount,
                        valid_until: row.valid_until.unwrap_or(NaiveDate::MIN),
                    });
                    folding.sold_at = Some(row.at);
                    if within {
                        folding.bought_in_period = true;
                        report.bought_count += 1;
                        report.bought_total = report.bought_total.checked_add(amount)?;
                    }
                }
                "redeemed" => {
                    folding.events.push(VoucherEvent::Redeemed {
                        amount,
                        forfeited: row.forfeited.unwrap_or(Money::ZERO),
                    });
                    folding
                        .used
                        .push((row.at, row.device_name.unwrap_or_default().to_owned()));
                    if within {
                        folding.used_in_period = true;
                        report.used_count += 1;
                        report.used_total = report.used_total.checked_add(amount)?;
                    }
                }
                // Taken over from the old tool, where it was bought: its sale, counted
                // in no period's vouchers bought.
                "imported" => {
                    folding.events.push(VoucherEvent::Sold {
                        amount,
                        valid_until: row.valid_until.unwrap_or(NaiveDate::MIN),
                    });
                    folding.sold_at = Some(row.at);
                }
                "deactivated" => folding.events.push(VoucherEvent::Deactivated),
                "extended" => {
                    if let Some(valid_until) = row.valid_until {
                        folding.events.push(VoucherEvent::Extended { valid_until });
                    }
                }
                _ => {}
            }
        }
        if let Some((code, folding)) = current.take() {
            Self::settle(&mut report, code, folding, &mut sales, &mut days, today)?;
            done += 1;
        }
        progress(ExportProgress { done, total: done });
        report.difference = report.bought_total.checked_sub(report.used_total)?;
        report.vouchers = by_sale_day(std::mem::take(&mut report.vouchers));
        Ok(report)
    }

    /// Adds the voucher `code` folded to `report`.
    fn settle(
        report: &mut VoucherReport,
        code: String,
        folding: Folding,
        sales: &mut Sales<'_>,
        days: &mut ParisDays,
        today: NaiveDate,
    ) -> AppResult<()> {
        let concerned = folding.bought_in_period || folding.used_in_period;
        let sale = sales.of(&code, concerned)?;
        if !concerned {
            return Ok(());
        }
        let (method, mut names) = match sale {
            Some((method, names)) => (Some(method), names),
            None => (None, Vec::new()),
        };
        names.sort();
        let state = voucher::state(&folding.events, today)?;
        let overdrawn = state.status == VoucherStatus::Overdrawn;
        if folding.bought_in_period && state.redemptions == 0 {
            report.unused_count += 1;
        }
        if overdrawn {
            report.overdrawn.push(code.clone());
        }
        report.vouchers.push(VoucherReportLine {
            amount: state.amount,
            sold_on: folding.sold_at.map(|at| days.day(at)),
            method: method.as_deref().map(method_label),
            products: names.into_iter().map(|(_, name)| name).collect(),
            used_on: folding.used.iter().map(|(at, _)| days.day(*at)).collect(),
            used_at: folding.used.into_iter().map(|(_, name)| name).collect(),
            status: state.status,
            status_label: state.status.french().to_owned(),
            balance: state.balance,
            valid_until: state.valid_until,
            overdrawn,
            bought_in_period: folding.bought_in_period,
            used_in_period: folding.used_in_period,
            code,
        });
        Ok(())
    }

    /// Exports the voucher report of `from` to `to` to `path`: the list of vouchers as
    /// CSV (A5), or a workbook with the list (`BONS CADEAUX`) and the figures
    /// (`SYNTHÈSE`).
    pub fn export_voucher_report(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        format: ExportFormat,
        path: &Path,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> AppResult<ExportDone> {
        let report = self.voucher_report_with(from, to, progress)?;
        write_voucher_report(&report, format, path)
    }
}

/// Writes a voucher report already made (the window shows it, then saves it): its
/// list as CSV (A5), or a workbook with the list and the figures.
pub fn write_voucher_report(
    report: &VoucherReport,
    format: ExportFormat,
    path: &Path,
) -> AppResult<ExportDone> {
    export::write(&report_tables(report), format, path)
}

fn join_days(days: &[NaiveDate]) -> Cell {
    match days {
        [] => Cell::Empty,
        [day] => Cell::Date(*day),
        many => Cell::Text(
            many.iter()
                .map(|d| d.format("%d/%m/%Y").to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

/// The report's sheets: the list first (the CSV), then the figures.
fn report_tables(report: &VoucherReport) -> Vec<Table> {
    let headers = [
        "Code",
        "Montant",
        "Vendu le",
        "Paiement",
        "Produits",
        "Utilisé le",
        "Où",
        "Statut",
        "Solde",
        "Valable jusqu'au",
        "Utilisé deux fois",
    ];
    let list = Table {
        name: "BONS CADEAUX".to_owned(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows: report
            .vouchers
            .iter()
            .map(|v| {
                vec![
                    v.code.as_str().into(),
                    v.amount.into(),
                    v.sold_on.into(),
                    v.method.clone().map_or(Cell::Empty, Cell::Text),
                    v.products.join(", ").into(),
                    join_days(&v.used_on),
                    v.used_at.join(", ").into(),
                    v.status_label.as_str().into(),
                    v.balance.into(),
                    v.valid_until.into(),
                    if v.overdrawn { "OUI" } else { "non" }.into(),
                ]
            })
            .collect(),
    };
    let figures = Table {
        name: "SYNTHÈSE".to_owned(),
        headers: vec![
            format!(
                "Du {} au {}",
                report.from.format("%d/%m/%Y"),
                report.to.format("%d/%m/%Y")
            ),
            "Nombre".to_owned(),
            "Montant".to_owned(),
        ],
        rows: vec![
            vec![
                "Bons achetés".into(),
                report.bought_count.into(),
                report.bought_total.into(),
            ],
            vec![
                "Bons utilisés".into(),
                report.used_count.into(),
                report.used_total.into(),
            ],
            vec!["Différence".into(), Cell::Empty, report.difference.into()],
            vec![
                "Achetés et pas encore utilisés".into(),
                report.unused_count.into(),
                Cell::Empty,
            ],
            vec![
                "Utilisés deux fois (à régler)".into(),
                u32::try_from(report.overdrawn.len())
                    .unwrap_or(u32::MAX)
                    .into(),
                Cell::Empty,
            ],
        ],
    };
    vec![list, figures]
}
