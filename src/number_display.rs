//! Amounts and points as the reader writes them: `15.000.000,00 €` and `4,5` in German,
//! `€15,000,000.00` and `4.5` in English. Money and scores are integers (cents, hundredths),
//! so this is grouping digits, never rounding.

use crate::domain::account::Language;
use crate::domain::money::Cents;
use crate::domain::setup::Hundredths;

/// `1234567` → `1.234.567` with `.` as the separator.
fn grouped(digits: u64, separator: char) -> String {
    let digits = digits.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// `15.000.000,00 €` or `€15,000,000.00`.
pub fn money(amount: Cents, lang: Language) -> String {
    let sign = if amount.get() < 0 { "-" } else { "" };
    let abs = amount.get().unsigned_abs();
    let (euros, cents) = (abs / 100, abs % 100);
    match lang {
        Language::De => format!("{sign}{},{cents:02} €", grouped(euros, '.')),
        Language::En => format!("{sign}€{}.{cents:02}", grouped(euros, ',')),
    }
}

/// A count with its thousands grouped: `4.440` or `4,440`.
pub fn count(n: usize, lang: Language) -> String {
    let n = u64::try_from(n).unwrap_or(u64::MAX);
    match lang {
        Language::De => grouped(n, '.'),
        Language::En => grouped(n, ','),
    }
}

/// Points from hundredths with two decimals: `3,50` or `3.50`.
pub fn points(value: Hundredths, lang: Language) -> String {
    let mark = match lang {
        Language::De => ',',
        Language::En => '.',
    };
    format!("{}{mark}{:02}", value / 100, value % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_group_and_mark_decimals_in_the_readers_language() {
        let award = Cents::million_euros(15);
        assert_eq!(money(award, Language::De), "15.000.000,00 €");
        assert_eq!(money(award, Language::En), "€15,000,000.00");
        assert_eq!(money(Cents::new(5), Language::De), "0,05 €");
        assert_eq!(money(Cents::new(5), Language::En), "€0.05");
        assert_eq!(money(Cents::new(-123_456), Language::En), "-€1,234.56");
        assert_eq!(money(Cents::new(99_999), Language::De), "999,99 €");
    }

    #[test]
    fn counts_group_their_thousands_in_the_readers_language() {
        assert_eq!(count(444, Language::De), "444");
        assert_eq!(count(4440, Language::De), "4.440");
        assert_eq!(count(4440, Language::En), "4,440");
        assert_eq!(count(1_000_000, Language::En), "1,000,000");
    }

    #[test]
    fn points_have_a_decimal_comma_in_german_and_a_point_in_english() {
        assert_eq!(points(450, Language::De), "4,50");
        assert_eq!(points(450, Language::En), "4.50");
        assert_eq!(points(5, Language::En), "0.05");
    }
}
