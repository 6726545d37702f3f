//! Money is integer euro cents; never floating point.

use std::fmt;
use std::ops::{Add, Sub};

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(i64);

/// Why a typed amount is not one; each carries the text as it was typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("no amount was given")]
    Empty,
    #[error("{0:?} is not an amount in euro")]
    NotAnAmount(String),
    #[error("{0:?} has more than two decimal places")]
    TooManyDecimals(String),
    #[error("{0:?} is too large")]
    TooLarge(String),
}

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub const fn new(cents: i64) -> Self {
        Self(cents)
    }

    pub const fn euros(euros: i64) -> Self {
        Self(euros * 100)
    }

    pub const fn million_euros(millions: i64) -> Self {
        Self(millions * 100_000_000)
    }

    pub fn get(self) -> i64 {
        self.0
    }

    /// Parses German or plain amounts in euro: "1.234.567,89", "1234567.89", "40 000 000".
    pub fn parse_euros(text: &str) -> Result<Self, AmountError> {
        let cleaned: String = text
            .trim()
            .trim_end_matches('€')
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
            .collect();
        if cleaned.is_empty() {
            return Err(AmountError::Empty);
        }
        // The last ',' is the decimal mark in German notation; '.' groups thousands.
        let normalised = if cleaned.contains(',') {
            cleaned.replace('.', "").replacen(',', ".", 1)
        } else if cleaned.matches('.').count() > 1
            || cleaned
                .split_once('.')
                .is_some_and(|(_, after)| after.len() == 3)
        {
            // "1.000.000" and "700.000" group thousands: no amount has three decimals.
            cleaned.replace('.', "")
        } else {
            cleaned
        };
        let (whole, fraction) = normalised.split_once('.').unwrap_or((&normalised, ""));
        if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) {
            return Err(AmountError::NotAnAmount(text.to_owned()));
        }
        if fraction.len() > 2 || !fraction.chars().all(|c| c.is_ascii_digit()) {
            return Err(AmountError::TooManyDecimals(text.to_owned()));
        }
        let euros: i64 = whole
            .parse()
            .map_err(|_| AmountError::TooLarge(text.to_owned()))?;
        let cents: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
        euros
            .checked_mul(100)
            .and_then(|c| c.checked_add(cents))
            .map(Self)
            .ok_or_else(|| AmountError::TooLarge(text.to_owned()))
    }

    /// This amount as a share of `whole` in tenths of a percent, rounded half up: co-financing
    /// of 500.000 € on 1.000.000 € requested is 500 (50,0 %). `None` when `whole` is not more
    /// than zero. Computed in 128 bits, so no amount overflows it.
    pub fn per_mille_of(self, whole: Cents) -> Option<i64> {
        if whole.0 <= 0 {
            return None;
        }
        let (part, whole) = (i128::from(self.0), i128::from(whole.0));
        let rounded = (part * 2000 + whole).div_euclid(2 * whole);
        i64::try_from(rounded).ok()
    }

    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, other: Cents) -> Cents {
        Cents(self.0.saturating_add(other.0))
    }
}

impl Sub for Cents {
    type Output = Cents;
    fn sub(self, other: Cents) -> Cents {
        Cents(self.0.saturating_sub(other.0))
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, Add::add)
    }
}

/// German notation, `1.234.567,89 €`, as forms and exports write it; pages and mails use
/// `crate::number_display::money` in the reader's language.
impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::number_display::money(
            *self,
            super::account::Language::De,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_and_plain_amounts_parse_to_the_same_cents() {
        assert_eq!(
            Cents::parse_euros("1.234.567,89").unwrap(),
            Cents::new(123_456_789)
        );
        assert_eq!(
            Cents::parse_euros("1234567.89").unwrap(),
            Cents::new(123_456_789)
        );
        assert_eq!(
            Cents::parse_euros("40 000 000 €").unwrap(),
            Cents::million_euros(40)
        );
        assert_eq!(Cents::parse_euros("0,5").unwrap(), Cents::new(50));
        assert_eq!(
            Cents::parse_euros("700.000").unwrap(),
            Cents::euros(700_000)
        );
        assert_eq!(Cents::parse_euros("700.5").unwrap(), Cents::new(70_050));
        assert!(Cents::parse_euros("12,345").is_err());
        assert!(Cents::parse_euros("zwölf").is_err());
        assert!(Cents::parse_euros("-5").is_err());
        assert!(Cents::parse_euros("").is_err());
    }

    #[test]
    fn a_share_is_counted_in_tenths_of_a_percent_and_rounded_half_up() {
        let requested = Cents::million_euros(3);
        assert_eq!(Cents::million_euros(1).per_mille_of(requested), Some(333));
        assert_eq!(Cents::million_euros(2).per_mille_of(requested), Some(667));
        assert_eq!(Cents::new(1).per_mille_of(Cents::new(2000)), Some(1));
        assert_eq!(Cents::new(1).per_mille_of(Cents::new(2001)), Some(0));
        assert_eq!(Cents::ZERO.per_mille_of(requested), Some(0));
        assert_eq!(Cents::million_euros(6).per_mille_of(requested), Some(2000));
        assert_eq!(
            Cents::new(i64::MAX).per_mille_of(Cents::new(i64::MAX)),
            Some(1000)
        );
        assert_eq!(Cents::euros(5).per_mille_of(Cents::ZERO), None);
    }

    #[test]
    fn amounts_display_in_german_notation() {
        assert_eq!(Cents::million_euros(40).to_string(), "40.000.000,00 €");
        assert_eq!(Cents::new(123_456_789).to_string(), "1.234.567,89 €");
        assert_eq!(Cents::new(5).to_string(), "0,05 €");
    }
}
