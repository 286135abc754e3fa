//! Stay pricing: priority mode (P2, the old tools' order) and cheapest mode (P3),
//! each night priced by its own tariff (P4), any length that tariffs cover (P5).
//!
//! Tariffs are indexed by start day in a [`TariffGrid`]; pricing a stay of N nights
//! is a shortest path over the N + 1 night boundaries, in integer cents, so it is
//! exact and linear in the number of tariffs that start inside the stay.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::stay::Stay;
use crate::tariff::{Tariff, TariffError};

/// How a stay is priced when several chains of tariffs cover it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PricingMode {
    /// P2: exact-length tariff, else consecutive one-night tariffs, else the
    /// cheapest other chain. The default, as in the tools our users come from.
    #[default]
    Priority,
    /// P3: the cheapest chain of all, always.
    Cheapest,
}

/// A mode name that is neither `priority` nor `cheapest`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("mode de calcul « {0} » inconnu : choisissez priority ou cheapest")]
pub struct UnknownPricingMode(pub String);

impl FromStr for PricingMode {
    type Err = UnknownPricingMode;

    fn from_str(text: &str) -> Result<PricingMode, UnknownPricingMode> {
        match text {
            "priority" => Ok(PricingMode::Priority),
            "cheapest" => Ok(PricingMode::Cheapest),
            other => Err(UnknownPricingMode(other.to_owned())),
        }
    }
}

impl fmt::Display for PricingMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PricingMode::Priority => "priority",
            PricingMode::Cheapest => "cheapest",
        })
    }
}

/// The price of a stay and the chain of tariffs that makes it, in stay order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// Sum of the parts' prices.
    pub total: Money,
    /// The tariffs used, consecutive, covering exactly the stay's nights.
    pub parts: Vec<Tariff>,
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    nights: u32,
    cents: i64,
    tariff: usize,
}

/// One unit's tariffs indexed by start day, ready to price any stay.
#[derive(Debug, Clone, Default)]
pub struct TariffGrid {
    tariffs: Vec<Tariff>,
    first_day: Option<NaiveDate>,
    /// `edges[offsets[d]..offsets[d + 1]]` start on `first_day + d`, longest first.
    offsets: Vec<u32>,
    edges: Vec<Edge>,
}

impl TariffGrid {
    /// Indexes `tariffs`. Two tariffs for the same start and length are refused:
    /// the price of a stay would depend on which one is read first.
    pub fn new(tariffs: Vec<Tariff>) -> Result<TariffGrid, TariffError> {
        let mut order: Vec<usize> = (0..tariffs.len()).collect();
        order.sort_by_key(|&i| (tariffs[i].start(), std::cmp::Reverse(tariffs[i].nights())));
        for pair in order.windows(2) {
            let (a, b) = (&tariffs[pair[0]], &tariffs[pair[1]]);
            if a.start() == b.start() && a.nights() == b.nights() {
                return Err(TariffError::Duplicate {
                    start: a.start(),
                    nights: a.nights(),
                    first: a.price(),
                    second: b.price(),
                });
            }
        }
        let (Some(&first), Some(&last)) = (order.first(), order.last()) else {
            return Ok(TariffGrid::default());
        };
        let first_day = tariffs[first].start();
        let span = (tariffs[last].start() - first_day).num_days();
        let span = usize::try_from(span).unwrap_or(0) + 1;
        let mut offsets = Vec::with_capacity(span + 1);
        let mut edges = Vec::with_capacity(tariffs.len());
        let mut next = order.iter().peekable();
        for day in first_day.iter_days().take(span) {
            offsets.push(edges.len() as u32);
            while let Some(&&i) = next.peek() {
                if tariffs[i].start() != day {
                    break;
                }
                edges.push(Edge {
                    nights: tariffs[i].nights(),
                    cents: tariffs[i].price_cents(),
                    tariff: i,
                });
                next.next();
            }
        }
        offsets.push(edges.len() as u32);
        Ok(TariffGrid {
            tariffs,
            first_day: Some(first_day),
            offsets,
            edges,
        })
    }

    /// The tariffs, as given.
    pub fn tariffs(&self) -> &[Tariff] {
        &self.tariffs
    }

    /// The lengths (in nights) of the tariffs starting on `date`, shortest first.
    pub fn lengths_from(&self, date: NaiveDate) -> Vec<u32> {
        let mut lengths: Vec<u32> = self
            .day_index(date)
            .map(|d| self.edges_on(d).iter().map(|e| e.nights).collect())
            .unwrap_or_default();
        lengths.sort_unstable();
        lengths
    }

    /// Tariffs starting on `day`, longest first.
    fn edges_on(&self, day: i64) -> &[Edge] {
        if day < 0 || day as usize + 1 >= self.offsets.len() {
            return &[];
        }
        let d = day as usize;
        &self.edges[self.offsets[d] as usize..self.offsets[d + 1] as usize]
    }

    fn day_index(&self, date: NaiveDate) -> Option<i64> {
        self.first_day.map(|first| (date - first).num_days())
    }

    /// Prices `stay` in `mode`; `None` when no chain of tariffs covers exactly its nights
    /// (the unit is not bookable for that stay, P1).
    pub fn quote(&self, stay: Stay, mode: PricingMode) -> Option<Quote> {
        let day0 = self.day_index(stay.start())?;
        let nights = stay.nights();
        if mode == PricingMode::Priority {
            if let Some(exact) = self.edges_on(day0).iter().find(|e| e.nights == nights) {
                return Some(self.quote_of(&[exact.tariff]));
            }
            if let Some(chain) = self.one_night_chain(day0, nights) {
                return Some(self.quote_of(&chain));
            }
        }
        self.cheapest_chain(day0, nights)
            .map(|chain| self.quote_of(&chain))
    }

    /// P2 step 2: one one-night tariff for each night, if every night has one.
    fn one_night_chain(&self, day0: i64, nights: u32) -> Option<Vec<usize>> {
        (0..i64::from(nights))
            .map(|i| {
                self.edges_on(day0 + i)
                    .iter()
                    .find(|e| e.nights == 1)
                    .map(|e| e.tariff)
            })
            .collect()
    }

    /// P3: the chain of minimum total; ties go to fewer tariffs, then to the chain
    /// whose tariffs are longest earliest. Backward shortest path over the nights:
    /// `best[i]` is the best chain covering nights `i..nights`.
    fn cheapest_chain(&self, day0: i64, nights: u32) -> Option<Vec<usize>> {
        const NONE: (i128, u32) = (i128::MAX, u32::MAX);
        let n = nights as usize;
        let mut best = vec![NONE; n + 1];
        let mut choice = vec![usize::MAX; n + 1];
        best[n] = (0, 0);
        for i in (0..n).rev() {
            for (k, edge) in self.edges_on(day0 + i as i64).iter().enumerate() {
                let j = i + edge.nights as usize;
                if j > n || best[j] == NONE {
                    continue;
                }
                let candidate = (best[j].0 + i128::from(edge.cents), best[j].1 + 1);
                // Edges come longest first, so a strict `<` keeps the longest on ties.
                if candidate < best[i] {
                    best[i] = candidate;
                    choice[i] = k;
                }
            }
        }
        if best[0] == NONE {
            return None;
        }
        let mut chain = Vec::with_capacity(best[0].1 as usize);
        let mut i = 0;
        while i < n {
            let edge = self.edges_on(day0 + i as i64)[choice[i]];
            chain.push(edge.tariff);
            i += edge.nights as usize;
        }
        Some(chain)
    }

    /// The old tools' step 3: tries every chain of tariffs that covers the stay and
    /// keeps the cheapest (same tie rules as [`PricingMode::Cheapest`]). Exponential:
    /// kept only as the reference that the shortest path is tested and benchmarked
    /// against.
    pub fn cheapest_by_enumeration(&self, stay: Stay) -> Option<Quote> {
        let day0 = self.day_index(stay.start())?;
        let mut search = Enumeration {
            grid: self,
            day0,
            nights: stay.nights(),
            path: Vec::new(),
            best: None,
        };
        search.walk(0, 0);
        search.best.map(|(_, chain)| self.quote_of(&chain))
    }

    fn quote_of(&self, chain: &[usize]) -> Quote {
        let parts: Vec<Tariff> = chain.iter().map(|&i| self.tariffs[i]).collect();
        Quote {
            total: parts.iter().map(Tariff::price).sum(),
            parts,
        }
    }
}

/// Depth-first walk over every chain, longest tariffs first, so that the first
/// chain met among equals is the one the tie rule prefers.
struct Enumeration<'a> {
    grid: &'a TariffGrid,
    day0: i64,
    nights: u32,
    path: Vec<usize>,
    best: Option<((i128, usize), Vec<usize>)>,
}

impl Enumeration<'_> {
    fn walk(&mut self, night: u32, total: i128) {
        if night == self.nights {
            let key = (total, self.path.len());
            if self.best.as_ref().is_none_or(|(best, _)| key < *best) {
                self.best = Some((key, self.path.clone()));
            }
            return;
        }
        for edge in self.grid.edges_on(self.day0 + i64::from(night)) {
            if night + edge.nights <= self.nights {
                self.path.push(edge.tariff);
                self.walk(night + edge.nights, total + i128::from(edge.cents));
                self.path.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests;
