//! Times as the people of these German programmes read them: in Europe/Berlin, whatever the
//! server's zone, with summer time.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;

/// `22.11.2026, 10:00 Uhr`
pub fn berlin(time: DateTime<Utc>) -> String {
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
            berlin(Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()),
            "22.11.2026, 10:00 Uhr"
        );
        assert_eq!(
            berlin(Utc.with_ymd_and_hms(2026, 7, 1, 22, 30, 0).unwrap()),
            "02.07.2026, 00:30 Uhr"
        );
    }
}
