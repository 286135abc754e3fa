//! The indicative ("from") price advertised online (rule P6).

use crate::money::Money;

/// A variant of the offer (room only, half board…) priced per age bracket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    name: String,
    brackets: Vec<(String, Money)>,
}

/// Why a formula cannot exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormulaError {
    /// No age bracket priced.
    #[error("la formule « {0} » doit avoir au moins une tranche d'âge avec un prix")]
    NoBracket(String),
}

impl Formula {
    /// A formula with at least one `(age bracket, price)`.
    pub fn new(name: &str, brackets: Vec<(String, Money)>) -> Result<Formula, FormulaError> {
        if brackets.is_empty() {
            return Err(FormulaError::NoBracket(name.to_owned()));
        }
        Ok(Formula {
            name: name.to_owned(),
            brackets,
        })
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its price at its most expensive age bracket.
    fn dearest_bracket(&self) -> Money {
        self.brackets
            .iter()
            .map(|(_, price)| *price)
            .max()
            .unwrap_or(Money::ZERO)
    }
}

/// P6: the cheapest formula, priced at its most expensive age bracket; `None` for a
/// product without formulas.
pub fn indicative_price(formulas: &[Formula]) -> Option<Money> {
    formulas.iter().map(Formula::dearest_bracket).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formula(name: &str, prices: &[(&str, &str)]) -> Formula {
        let brackets = prices
            .iter()
            .map(|(b, p)| ((*b).to_owned(), p.parse().unwrap()))
            .collect();
        Formula::new(name, brackets).unwrap()
    }

    #[test]
    fn p6_indicative_price_is_the_cheapest_formula_at_its_dearest_bracket() {
        let formulas = [
            formula("Demi-pension", &[("Adulte", "95"), ("Enfant", "60")]),
            formula(
                "Chambre seule",
                &[("Adulte", "70"), ("Enfant", "75"), ("Bébé", "0")],
            ),
            formula("Pension complète", &[("Adulte", "120"), ("Enfant", "80")]),
        ];
        assert_eq!(indicative_price(&formulas), Some("75".parse().unwrap()));
        assert_eq!(indicative_price(&[]), None);
        assert!(Formula::new("Vide", vec![]).is_err());
    }
}
