//! Payouts of the online payment service to the provider's bank: their schedule
//! (rule O4).

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The day the payout order for a payment received on `paid_on` is made: payout orders
/// run every Wednesday and cover the payments of the 7 days ending on the Friday before
/// it (Saturday to Friday), so it is the Wednesday after the Friday on or after
/// `paid_on` (rule O4). `None` only past the calendar's end.
pub fn payout_date(paid_on: NaiveDate) -> Option<NaiveDate> {
    let to_friday =
        (Weekday::Fri.num_days_from_monday() + 7 - paid_on.weekday().num_days_from_monday()) % 7;
    paid_on.checked_add_days(Days::new(u64::from(to_friday) + 5))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn o4_payments_from_saturday_to_friday_are_paid_out_the_next_wednesday() {
        // Saturday 21/11/2026 … Friday 27/11/2026 → Wednesday 02/12/2026.
        for day in 21..=27 {
            let paid = NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
            assert_eq!(payout_date(paid), Some(d("2026-12-02")), "{paid}");
        }
        // The next Saturday starts the next period.
        assert_eq!(payout_date(d("2026-11-28")), Some(d("2026-12-09")));
        // A Wednesday's own payments wait for the Wednesday after next Friday.
        assert_eq!(payout_date(d("2026-12-02")), Some(d("2026-12-09")));
        // Across a year's end.
        assert_eq!(payout_date(d("2026-12-31")), Some(d("2027-01-06")));
    }

    proptest! {
        #[test]
        fn o4_a_payout_is_a_wednesday_five_to_eleven_days_later(days in 0u64..36_500) {
            let paid = d("2000-01-01") + Days::new(days);
            let payout = payout_date(paid).unwrap();
            prop_assert_eq!(payout.weekday(), Weekday::Wed);
            let wait = (payout - paid).num_days();
            prop_assert!((5..=11).contains(&wait));
        }
    }
}
