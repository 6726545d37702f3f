//! Times as the people of these German programmes read them: in Europe/Berlin, whatever the
//! server's zone, with summer time, and written in the reader's language.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Berlin;

use crate::domain::account::Language;

const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `1. Dezember 2026, 09:25 Uhr` or `1 December 2026, 09:25`.
pub fn berlin(time: DateTime<Utc>, lang: Language) -> String {
    let local = time.with_timezone(&Berlin);
    let clock = local.format("%H:%M");
    let month = local.month0() as usize;
    match lang {
        Language::De => format!(
            "{}. {} {}, {clock} Uhr",
            local.day(),
            MONTHS_DE[month],
            local.year()
        ),
        Language::En => format!(
            "{} {} {}, {clock}",
            local.day(),
            MONTHS_EN[month],
            local.year()
        ),
    }
}

/// `22.11.2026, 10:00 Uhr`: for the CSV exports, which spreadsheets read, the same in every
/// language.
pub fn berlin_numeric(time: DateTime<Utc>) -> String {
    time.with_timezone(&Berlin)
        .format("%d.%m.%Y, %H:%M Uhr")
        .to_string()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn winter_and_summer_time_are_shown_in_berlin() {
        assert_eq!(
            berlin(
                Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap(),
                Language::De
            ),
            "22. November 2026, 10:00 Uhr"
        );
        assert_eq!(
            berlin(
                Utc.with_ymd_and_hms(2026, 7, 1, 22, 30, 0).unwrap(),
                Language::De
            ),
            "2. Juli 2026, 00:30 Uhr"
        );
    }

    #[test]
    fn a_time_reads_in_german_or_english() {
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 8, 25, 0).unwrap();
        assert_eq!(berlin(at, Language::De), "1. Dezember 2026, 09:25 Uhr");
        assert_eq!(berlin(at, Language::En), "1 December 2026, 09:25");
        let march = Utc.with_ymd_and_hms(2027, 3, 9, 23, 0, 0).unwrap();
        assert_eq!(berlin(march, Language::De), "10. März 2027, 00:00 Uhr");
    }
}
