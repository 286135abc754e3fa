//! Gift vouchers in the fault runs (issue 9, item 10; rules A10, D4): vouchers sold on
//! one till and synced, then redeemed as payments of till sales on several tills —
//! some offline at the same time — under the faults. The scenario records every
//! event a till accepted; after the run, on every device and on the server, each
//! voucher's ledger must be exactly those events (none lost, none applied twice), its
//! balance the sum of its ledger, and every use after the first in server order
//! exactly one `voucher_overdraw` conflict (a voucher used once: none).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use guichet_app::error::ErrorCode;
use guichet_app::till::sales::{Cart, CartLine, CartPayment};
use guichet_app::App;
use guichet_core::payment::PaymentMethod;
use guichet_core::Money;
use uuid::Uuid;

use super::rng::Rng;
use super::scenario::RunReport;

fn fail(seed: u64, what: impl std::fmt::Display) -> String {
    format!("graine {seed} : {what}")
}

fn money(text: &str) -> Money {
    text.parse().unwrap_or(Money::ZERO)
}

/// One redemption a till accepted.
#[derive(Debug, Clone)]
pub struct Redemption {
    /// Its event (the `voucher_redeemed` operation's `id`).
    pub id: Uuid,
    /// What it paid.
    pub paid: Money,
    /// What it left on the voucher, not given back.
    pub forfeited: Money,
    /// Taken on the printed amount, its sale not yet known on that till.
    pub unconfirmed: bool,
}

/// One voucher, as the scenario saw it sold and redeemed.
#[derive(Debug, Clone)]
pub struct Voucher {
    /// Its code.
    pub code: String,
    /// Its amount.
    pub amount: Money,
    /// Its sale (the `voucher_sold` event's id).
    pub sold: Uuid,
    /// Every redemption a till accepted, in the order they were made.
    pub redemptions: Vec<Redemption>,
}

/// The vouchers of a run.
#[derive(Debug, Clone)]
pub struct Vouchers {
    product: Uuid,
    /// Every voucher sold.
    pub sold: Vec<Voucher>,
}

const AMOUNTS: [&str; 4] = ["20.00", "30.00", "50.00", "80.00"];

impl Vouchers {
    /// The product vouchers pay for (30 € at the till), added on `app`.
    pub fn setup(app: &mut App, seed: u64) -> Result<Vouchers, String> {
        let product = app
            .add_product("Balade à poney", money("30.00"), 2000, &["till".to_owned()])
            .map_err(|e| fail(seed, e))?
            .id;
        Ok(Vouchers {
            product,
            sold: Vec::new(),
        })
    }

    /// Sells a voucher at `app` (paid by card): kept when the till accepted it.
    pub fn sell(&mut self, app: &mut App, rng: &mut Rng, seed: u64) -> Result<(), String> {
        let amount = rng.pick::<&str>(&AMOUNTS);
        let amount = money(amount);
        match app.sell_voucher(&[self.product], amount, PaymentMethod::Card) {
            Ok(sold) => {
                self.sold.push(Voucher {
                    code: sold.code,
                    amount,
                    sold: sold.voucher,
                    redemptions: Vec::new(),
                });
                Ok(())
            }
            Err(e) if e.code == ErrorCode::Storage => Err(fail(seed, e)),
            Err(_) => Ok(()),
        }
    }

    /// A sale of 1 to 3 rides at `app` (its data dir `dir`), paid by one of the run's
    /// vouchers and, for the rest, by card. A till that does not know the voucher yet
    /// takes it on its printed amount; one that knows it used refuses it (A10).
    pub fn redeem(
        &mut self,
        app: &mut App,
        dir: &Path,
        rng: &mut Rng,
        seed: u64,
    ) -> Result<(), String> {
        if self.sold.is_empty() {
            return Ok(());
        }
        let v = rng.below(self.sold.len() as u64) as usize;
        let (code, amount) = (self.sold[v].code.clone(), self.sold[v].amount);
        let known = app.voucher(&code).is_ok_and(|view| view.id.is_some());
        let mut cart = Cart {
            lines: vec![CartLine {
                product: self.product,
                quantity: 1 + rng.below(3) as u32,
                activity_date: None,
                answers: None,
            }],
            tickets: Vec::new(),
            vouchers: Vec::new(),
            payments: vec![CartPayment {
                method: PaymentMethod::GiftVoucher,
                amount: None,
                voucher_code: Some(code.clone()),
                printed_amount: (!known).then_some(amount),
            }],
            accept_forfeit: true,
        };
        let quote = match app.quote_cart(&cart) {
            Ok(quote) => quote,
            Err(e) if e.code == ErrorCode::Storage => return Err(fail(seed, e)),
            // Refused here (used already, as this till knows): part of the game.
            Err(_) => return Ok(()),
        };
        if quote.due > Money::ZERO {
            cart.payments.push(CartPayment {
                method: PaymentMethod::Card,
                amount: Some(quote.due),
                voucher_code: None,
                printed_amount: None,
            });
        }
        let sale = match app.sell(&cart) {
            Ok(sale) => sale,
            Err(e) if e.code == ErrorCode::Storage => return Err(fail(seed, e)),
            Err(e) => return Err(fail(seed, format!("vente refusée après son devis : {e}"))),
        };
        let paid = sale
            .payments
            .iter()
            .filter(|p| p.voucher_code.as_deref() == Some(code.as_str()))
            .map(|p| p.amount)
            .collect::<Vec<_>>();
        // The redemption just recorded: the one event of this voucher on this till
        // that the scenario has not seen yet.
        let seen: BTreeSet<Uuid> = self.sold[v].redemptions.iter().map(|r| r.id).collect();
        let conn = rusqlite::Connection::open(dir.join("guichet.db")).map_err(|e| fail(seed, e))?;
        let mut statement = conn
            .prepare(
                "SELECT id, amount, forfeited, unconfirmed FROM voucher_events
                 WHERE code = ?1 AND kind = 'redeemed'",
            )
            .map_err(|e| fail(seed, e))?;
        let fresh = statement
            .query_map([&code], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                ))
            })
            .and_then(Iterator::collect::<rusqlite::Result<Vec<_>>>)
            .map_err(|e| fail(seed, e))?
            .into_iter()
            .filter_map(|(id, a, f, u)| {
                let id: Uuid = id.parse().ok()?;
                (!seen.contains(&id)).then(|| Redemption {
                    id,
                    paid: money(&a),
                    forfeited: money(&f),
                    unconfirmed: u,
                })
            })
            .collect::<Vec<_>>();
        match (fresh.as_slice(), paid.as_slice()) {
            ([one], [p]) if one.paid == *p => {
                self.sold[v].redemptions.push(one.clone());
                Ok(())
            }
            _ => Err(fail(
                seed,
                format!(
                    "bon {code} : la vente paie {paid:?}, le registre du poste a {} nouvel(s) événement(s)",
                    fresh.len()
                ),
            )),
        }
    }
}

/// One voucher operation on the server: its event id, its order, its conflict.
struct Logged {
    id: Uuid,
    seq: Option<i64>,
    kind: String,
    amount: Option<String>,
    forfeited: Option<String>,
    conflict: Option<serde_json::Value>,
}

/// The voucher operations of the server's log, by code (`ops`: envelope, seq, conflict).
fn logged(
    ops: &[(serde_json::Value, Option<i64>, Option<serde_json::Value>)],
) -> BTreeMap<String, Vec<Logged>> {
    let mut by_code: BTreeMap<String, Vec<Logged>> = BTreeMap::new();
    for (envelope, seq, conflict) in ops {
        let kind = envelope["op"]["kind"].as_str().unwrap_or_default();
        if !kind.starts_with("voucher_") {
            continue;
        }
        let data = &envelope["op"]["data"];
        let text = |name: &str| data[name].as_str().map(str::to_owned);
        by_code
            .entry(text("code").unwrap_or_default())
            .or_default()
            .push(Logged {
                id: text("id")
                    .and_then(|id| id.parse().ok())
                    .unwrap_or_default(),
                seq: *seq,
                kind: kind.to_owned(),
                amount: text("amount"),
                forfeited: text("forfeited"),
                conflict: conflict.clone(),
            });
    }
    by_code
}

/// Checks the vouchers on the server (`ops`) and on every device (`devices`); fills
/// the report's voucher counts.
pub fn check(
    vouchers: &Vouchers,
    ops: &[(serde_json::Value, Option<i64>, Option<serde_json::Value>)],
    devices: &[std::path::PathBuf],
    seed: u64,
    report: &mut RunReport,
) -> Result<(), String> {
    let mut server = logged(ops);
    // The overdraws each device must list: the redemptions after the first, by code.
    let mut overdraws: BTreeMap<String, BTreeSet<Uuid>> = BTreeMap::new();
    for voucher in &vouchers.sold {
        let code = &voucher.code;
        let why = |what: String| fail(seed, format!("bon {code} : {what}"));
        report.vouchers += 1;
        report.redemptions += voucher.redemptions.len() as u64;
        report.unconfirmed += voucher.redemptions.iter().filter(|r| r.unconfirmed).count() as u64;
        let on_server = server.remove(code).unwrap_or_default();
        // The ledger on the server: its sale and each redemption, once.
        let sold: Vec<&Logged> = on_server
            .iter()
            .filter(|l| l.kind == "voucher_sold")
            .collect();
        if sold.len() != 1 || sold[0].id != voucher.sold {
            return Err(why(format!("{} vente(s) sur le serveur", sold.len())));
        }
        let mut redeemed: Vec<&Logged> = on_server
            .iter()
            .filter(|l| l.kind == "voucher_redeemed")
            .collect();
        let ids: BTreeSet<Uuid> = redeemed.iter().map(|l| l.id).collect();
        let made: BTreeSet<Uuid> = voucher.redemptions.iter().map(|r| r.id).collect();
        if ids != made || redeemed.len() != made.len() || on_server.len() != 1 + made.len() {
            return Err(why(format!(
                "le serveur a {} événement(s) de paiement, les postes en ont fait {}",
                redeemed.len(),
                made.len()
            )));
        }
        for r in &voucher.redemptions {
            let logged = redeemed.iter().find(|l| l.id == r.id);
            let same = logged.is_some_and(|l| {
                l.amount.as_deref().map(money) == Some(r.paid)
                    && l.forfeited.as_deref().map(money) == Some(r.forfeited)
            });
            if !same {
                return Err(why(format!("paiement {} changé sur le serveur", r.id)));
            }
        }
        // In server order, the first use counts; each later one is one overdraw.
        redeemed.sort_by_key(|l| l.seq.unwrap_or(i64::MAX));
        let mut later = BTreeSet::new();
        for (n, l) in redeemed.iter().enumerate() {
            let kind = l.conflict.as_ref().map(|c| c["kind"].clone());
            let expected = (n > 0).then(|| serde_json::Value::from("voucher_overdraw"));
            if kind != expected {
                return Err(why(format!(
                    "paiement n° {} dans l'ordre du serveur : conflit {kind:?}",
                    n + 1
                )));
            }
            if n > 0 {
                let fact = l.conflict.as_ref().map(|c| (&c["code"], &c["redemption"]));
                if fact
                    != Some((
                        &serde_json::Value::from(code.as_str()),
                        &serde_json::Value::from(l.id.to_string()),
                    ))
                {
                    return Err(why(format!("conflit mal décrit : {:?}", l.conflict)));
                }
                later.insert(l.id);
            }
        }
        report.overdraws += later.len() as u64;
        overdraws.insert(code.clone(), later);
    }
    if let Some((code, _)) = server.into_iter().next() {
        return Err(fail(
            seed,
            format!("bon {code} sur le serveur, jamais vendu"),
        ));
    }

    for (n, path) in devices.iter().enumerate() {
        let app = App::open(path).map_err(|e| fail(seed, format!("poste {n} : {e}")))?;
        let conn =
            rusqlite::Connection::open(path.join("guichet.db")).map_err(|e| fail(seed, e))?;
        // The inbox: exactly the overdraws the server found, each once.
        let mut listed: BTreeMap<String, Vec<Uuid>> = BTreeMap::new();
        for conflict in app.conflicts().map_err(|e| fail(seed, e))? {
            if conflict.kind == "voucher_overdraw" {
                let code = conflict.fact["code"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                let redemption = conflict.fact["redemption"]
                    .as_str()
                    .and_then(|id| id.parse().ok())
                    .unwrap_or_default();
                if !conflict.summary.contains("déjà utilisé") {
                    return Err(fail(seed, format!("poste {n} : « {} »", conflict.summary)));
                }
                listed.entry(code).or_default().push(redemption);
            }
        }
        for voucher in &vouchers.sold {
            let code = &voucher.code;
            let why = |what: String| fail(seed, format!("poste {n}, bon {code} : {what}"));
            let mut inbox = listed.remove(code).unwrap_or_default();
            inbox.sort_unstable();
            let expected: Vec<Uuid> = overdraws
                .get(code)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            if inbox != expected {
                return Err(why(format!(
                    "{} conflit(s) voucher_overdraw listé(s), {} attendu(s)",
                    inbox.len(),
                    expected.len()
                )));
            }
            // The ledger here: exactly the events made, none twice.
            let mut statement = conn
                .prepare("SELECT id, kind, amount, forfeited FROM voucher_events WHERE code = ?1")
                .map_err(|e| fail(seed, e))?;
            let rows = statement
                .query_map([code], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                })
                .and_then(Iterator::collect::<rusqlite::Result<Vec<_>>>)
                .map_err(|e| fail(seed, e))?;
            let mut want: Vec<(String, String, Option<Money>, Option<Money>)> = voucher
                .redemptions
                .iter()
                .map(|r| {
                    (
                        r.id.to_string(),
                        "redeemed".to_owned(),
                        Some(r.paid),
                        Some(r.forfeited),
                    )
                })
                .chain([(
                    voucher.sold.to_string(),
                    "sold".to_owned(),
                    Some(voucher.amount),
                    None,
                )])
                .collect();
            let mut have: Vec<(String, String, Option<Money>, Option<Money>)> = rows
                .into_iter()
                .map(|(id, kind, a, f)| {
                    (id, kind, a.as_deref().map(money), f.as_deref().map(money))
                })
                .collect();
            want.sort();
            have.sort();
            if have != want {
                return Err(why(format!("registre {have:?}, attendu {want:?}")));
            }
            // Its state is its ledger.
            let paid = voucher
                .redemptions
                .iter()
                .try_fold(Money::ZERO, |sum, r| sum.checked_add(r.paid))
                .map_err(|e| why(e.to_string()))?;
            let left = voucher
                .redemptions
                .iter()
                .try_fold(voucher.amount, |sum, r| {
                    sum.checked_sub(r.paid)?.checked_sub(r.forfeited)
                })
                .map_err(|e| why(e.to_string()))?;
            let view = app.voucher(code).map_err(|e| why(e.to_string()))?;
            let status = match voucher.redemptions.len() {
                0 => "valid",
                1 => "used",
                _ => "overdrawn",
            };
            let shown = serde_json::to_value(view.status).unwrap_or_default();
            if (view.balance, view.redeemed, view.amount) != (left, paid, voucher.amount)
                || shown != status
            {
                return Err(why(format!(
                    "solde {} (attendu {left}), payé {} (attendu {paid}), état {shown} (attendu {status})",
                    view.balance, view.redeemed
                )));
            }
            // Each redemption paid one sale, here too.
            let payments: i64 = conn
                .query_row(
                    "SELECT COUNT(*) FROM sale_payments WHERE voucher_code = ?1 AND method = 'gift_voucher'",
                    [code],
                    |r| r.get(0),
                )
                .map_err(|e| fail(seed, e))?;
            if payments != voucher.redemptions.len() as i64 {
                return Err(why(format!(
                    "{payments} paiement(s) de vente, {} utilisation(s)",
                    voucher.redemptions.len()
                )));
            }
        }
        if let Some((code, ids)) = listed.into_iter().next() {
            return Err(fail(
                seed,
                format!(
                    "poste {n} : {} conflit(s) sur le bon inconnu {code}",
                    ids.len()
                ),
            ));
        }
    }
    Ok(())
}
