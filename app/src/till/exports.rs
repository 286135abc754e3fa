//! Use case: the sales of a period as files for the accountant (rules A5, T7) — a CSV
//! for French-locale spreadsheets and an XLSX workbook with the sheets `VENTES` (one row
//! per sale) and `PRODUITS` (one row per sale line, its form answers in `FORMULAIRES`).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use guichet_core::order::VatRate;
use guichet_core::payment::PaymentMethod;
use guichet_core::Money;
use uuid::Uuid;

use super::sales::SaleView;
use crate::error::{AppError, AppResult};
use crate::export::{self, Cell, ExportDone, ExportFormat, ExportProgress, Table};
use crate::store::read::parse;
use crate::App;

/// The first instant of the Paris day `day`, in UTC.
pub(crate) fn paris_midnight(day: NaiveDate) -> AppResult<DateTime<Utc>> {
    Paris
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| AppError::input("jour hors du calendrier"))
}

/// The instants of the Paris days `from` to `to` (both included): `[start, end)`.
pub(crate) fn period(from: NaiveDate, to: NaiveDate) -> AppResult<(DateTime<Utc>, DateTime<Utc>)> {
    for day in [from, to] {
        guichet_core::bounds::check_date(day).map_err(AppError::input)?;
    }
    if to < from {
        return Err(AppError::input(format!(
            "la période finit le {} avant de commencer le {} : inversez les dates",
            to.format("%d/%m/%Y"),
            from.format("%d/%m/%Y")
        )));
    }
    let next = to
        .succ_opt()
        .ok_or_else(|| AppError::input("jour hors du calendrier"))?;
    Ok((paris_midnight(from)?, paris_midnight(next)?))
}

/// The form answers of a line in one cell: « Taille ? : M », one per line (T7).
fn forms_cell(answers: &[super::sales::LineAnswer]) -> Cell {
    if answers.is_empty() {
        return Cell::Empty;
    }
    Cell::Text(
        answers
            .iter()
            .map(|a| format!("{} : {}", a.question, a.answer))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// « Espèces » from « espèces ».
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

/// The sheets `VENTES` and `PRODUITS` of `sales` (each with the name of its till).
fn sales_tables(sales: &[(SaleView, String)]) -> AppResult<Vec<Table>> {
    let rates: BTreeSet<u32> = sales
        .iter()
        .flat_map(|(s, _)| s.vat.iter().map(|v| v.rate))
        .collect();
    let methods: Vec<PaymentMethod> = PaymentMethod::ALL.to_vec();
    let mut headers = strings(&[
        "N° de vente",
        "Date",
        "Heure",
        "Caisse",
        "Caissier",
        "Canal",
        "Total TTC",
    ]);
    headers.extend(
        rates
            .iter()
            .map(|r| format!("TVA {}", VatRate(*r).french())),
    );
    headers.extend(methods.iter().map(|m| capitalized(m.french())));
    headers.extend(strings(&[
        "Remboursé",
        "Monnaie rendue",
        "Annulée",
        "Motif d'annulation",
    ]));
    let mut ventes = Table {
        name: "VENTES".to_owned(),
        headers,
        rows: Vec::new(),
    };
    let mut produits = Table {
        name: "PRODUITS".to_owned(),
        headers: strings(&[
            "N° de vente",
            "Caisse",
            "Date",
            "Produit",
            "Quantité",
            "Prix unitaire TTC",
            "Montant TTC",
            "Taux de TVA",
            "Date de l'activité",
            "FORMULAIRES",
        ]),
        rows: Vec::new(),
    };
    for (sale, till) in sales {
        let at = sale.at.with_timezone(&Paris);
        let mut row: Vec<Cell> = vec![
            sale.number.into(),
            Cell::Date(at.date_naive()),
            Cell::Time(at.time()),
            till.as_str().into(),
            sale.cashier.clone().map_or(Cell::Empty, Cell::Text),
            sale.channel.as_str().into(),
            sale.total.into(),
        ];
        for rate in &rates {
            row.push(
                sale.vat
                    .iter()
                    .find(|v| v.rate == *rate)
                    .map_or(Cell::Empty, |v| Cell::Money(v.vat)),
            );
        }
        for method in &methods {
            let paid = sale
                .payments
                .iter()
                .filter(|p| p.kind == "payment" && p.method == method.code())
                .try_fold(Money::ZERO, |sum, p| sum.checked_add(p.amount))?;
            row.push(if paid == Money::ZERO {
                Cell::Empty
            } else {
                Cell::Money(paid)
            });
        }
        let refunded = sale
            .payments
            .iter()
            .filter(|p| p.kind == "refund")
            .try_fold(Money::ZERO, |sum, p| sum.checked_add(p.amount))?;
        row.push(refunded.into());
        row.push(sale.change.into());
        row.push(
            if sale.voided_at.is_some() {
                "oui"
            } else {
                "non"
            }
            .into(),
        );
        row.push(sale.void_reason.clone().map_or(Cell::Empty, Cell::Text));
        ventes.rows.push(row);
        for line in &sale.lines {
            produits.rows.push(vec![
                sale.number.into(),
                till.as_str().into(),
                Cell::Date(at.date_naive()),
                line.label.as_str().into(),
                line.quantity.into(),
                line.unit_price.into(),
                line.amount.into(),
                VatRate(line.vat_rate).french().into(),
                line.activity_date.into(),
                forms_cell(&line.answers),
            ]);
        }
    }
    Ok(vec![ventes, produits])
}

/// The form answers of `sales`, one row per answer (the questions per product, the
/// answers per sale line).
fn forms_table(sales: &[(SaleView, String)]) -> Table {
    let mut table = Table {
        name: "FORMULAIRES".to_owned(),
        headers: strings(&[
            "N° de vente",
            "Caisse",
            "Date",
            "Produit",
            "Date de l'activité",
            "Question",
            "Réponse",
            "Annulée",
        ]),
        rows: Vec::new(),
    };
    for (sale, till) in sales {
        let day = sale.at.with_timezone(&Paris).date_naive();
        for line in &sale.lines {
            for answer in &line.answers {
                table.rows.push(vec![
                    sale.number.into(),
                    till.as_str().into(),
                    Cell::Date(day),
                    line.label.as_str().into(),
                    line.activity_date.into(),
                    answer.question.as_str().into(),
                    answer.answer.as_str().into(),
                    if sale.voided_at.is_some() {
                        "oui"
                    } else {
                        "non"
                    }
                    .into(),
                ]);
            }
        }
    }
    table
}

/// Nothing to export in the period: said with the period and what to do, and no file
/// is written (an empty file would look like a lost day).
pub fn nothing_to_export(what: &str, from: NaiveDate, to: NaiveDate) -> AppError {
    AppError::input(format!(
        "{what} du {} au {} : choisissez une autre période ; aucun fichier n'a été écrit",
        from.format("%d/%m/%Y"),
        to.format("%d/%m/%Y")
    ))
}

impl App {
    /// How many sales the Paris days `from` to `to` hold.
    pub fn count_sales(&self, from: NaiveDate, to: NaiveDate) -> AppResult<u32> {
        let (start, end) = period(from, to)?;
        Ok(self.store().conn().query_row(
            "SELECT COUNT(*) FROM sales WHERE at >= ?1 AND at < ?2",
            (start.to_rfc3339(), end.to_rfc3339()),
            |r| r.get(0),
        )?)
    }

    /// Exports the answers to the booking forms of the sales of the Paris days `from`
    /// to `to`: one row per answer, with its sale, product and question; a period
    /// without any answer is refused and writes nothing.
    pub fn export_form_answers(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        format: ExportFormat,
        path: &Path,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> AppResult<ExportDone> {
        let sales = self.sales_between(from, to, progress)?;
        let table = forms_table(&sales);
        if table.rows.is_empty() {
            return Err(nothing_to_export(
                "aucune réponse aux formulaires dans les ventes",
                from,
                to,
            ));
        }
        export::write(&[table], format, path)
    }

    /// The sales of the Paris days `from` to `to`, oldest first, each with the name of
    /// its till; `progress` is told as they are read.
    pub fn sales_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> AppResult<Vec<(SaleView, String)>> {
        let (start, end) = period(from, to)?;
        let conn = self.store().conn();
        let (here, here_name) = crate::store::device::device(conn)?;
        let ids: Vec<(Uuid, Option<String>, DateTime<Utc>)> = {
            let mut statement = conn.prepare_cached(
                "SELECT id, device_id, at FROM sales WHERE at >= ?1 AND at < ?2
                 ORDER BY at, number",
            )?;
            let rows = statement.query_map((start.to_rfc3339(), end.to_rfc3339()), |r| {
                Ok((parse(r, 0)?, r.get(1)?, parse(r, 2)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let total = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        let mut names: HashMap<Option<String>, String> = HashMap::new();
        let mut sales = Vec::new();
        for (done, (id, device, at)) in (1u32..).zip(ids) {
            if at < start || at >= end {
                continue;
            }
            let till = names
                .entry(device.clone())
                .or_insert_with(|| match &device {
                    Some(d) if *d == here.to_string() => here_name.clone(),
                    Some(d) => format!("poste {}", d.get(..8).unwrap_or(d)),
                    None => here_name.clone(),
                })
                .clone();
            sales.push((self.sale(id)?, till));
            if done.is_multiple_of(100) || done == total {
                progress(ExportProgress { done, total });
            }
        }
        Ok(sales)
    }

    /// Exports the sales of the Paris days `from` to `to` to `path`: a CSV of the sales
    /// (A5), or a workbook with the sheets `VENTES` and `PRODUITS` (T7).
    pub fn export_sales(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        format: ExportFormat,
        path: &Path,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> AppResult<ExportDone> {
        let sales = self.sales_between(from, to, progress)?;
        export::write(&sales_tables(&sales)?, format, path)
    }
}
