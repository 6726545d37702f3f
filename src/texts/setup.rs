//! The set-up form's names for its fields, and what it says when a value cannot be read.
//! (What the set-up itself lacks, `SetupProblem`, is said in `setup_problems`.)

use super::Text;
use crate::domain::email_address::InvalidEmail;
use crate::domain::money::AmountError;

pub const BUDGET: Text = Text::new("Budget", "Budget");
pub const MAX_REQUESTED: Text = Text::new("Höchstbetrag", "Maximum per application");
pub const MIN_PARTNERS: Text = Text::new("Mindestzahl Partner", "Minimum partners");
pub const MIN_SMES: Text = Text::new("Mindestzahl KMU", "Minimum SMEs");
pub const COFINANCING: Text = Text::new("Kofinanzierung", "Co-financing");
pub const CONTACT_EMAIL: Text = Text::new("Kontakt, E-Mail", "Contact, e-mail");
pub const REDRESS_DAYS: Text = Text::new("Widerspruchsfrist", "Redress window");
pub const QUORUM_PERCENT: Text = Text::new("Beschlussfähigkeit", "Quorum");
pub const MIN_COMMENT_CHARS: Text =
    Text::new("Mindestlänge der Begründung", "Least length of a comment");

/// Stage `n` (from 1), and its parts.
pub fn stage(n: usize) -> Text<String> {
    Text {
        de: format!("Stufe {n}"),
        en: format!("Stage {n}"),
    }
}

pub fn submission_deadline(n: usize) -> Text<String> {
    let stage = stage(n);
    Text {
        de: format!("{}, Einreichungsfrist", stage.de),
        en: format!("{}, submission deadline", stage.en),
    }
}

pub fn review_end(n: usize) -> Text<String> {
    let stage = stage(n);
    Text {
        de: format!("{}, Ende der Begutachtung", stage.de),
        en: format!("{}, end of the review", stage.en),
    }
}

pub fn pass_mark(n: usize) -> Text<String> {
    let stage = stage(n);
    Text {
        de: format!("{}, Mindestpunktzahl", stage.de),
        en: format!("{}, pass mark", stage.en),
    }
}

/// A criterion of stage `n`, by its name.
pub fn criterion(n: usize, name: &str) -> Text<String> {
    let stage = stage(n);
    Text {
        de: format!("{}, {name}", stage.de),
        en: format!("{}, {name}", stage.en),
    }
}

/// An amount that cannot be read, and why.
pub fn not_an_amount(label: Text<&str>, error: &AmountError) -> Text<String> {
    let reason = super::explanations::amount(error);
    Text {
        de: format!("{}: {}", label.de, reason.de),
        en: format!("{}: {}", label.en, reason.en),
    }
}

pub fn not_an_address(label: Text<&str>, error: &InvalidEmail) -> Text<String> {
    let reason = super::refusals::email(error);
    Text {
        de: format!("{}: {}", label.de, reason.de),
        en: format!("{}: {}", label.en, reason.en),
    }
}

pub fn not_a_whole_number(label: Text<&str>, text: &str) -> Text<String> {
    Text {
        de: format!("{}: „{text}“ ist keine passende ganze Zahl.", label.de),
        en: format!("{}: “{text}” is not a whole number in range.", label.en),
    }
}

/// A funding rate or lump sum over its maximum, beside its field.
pub fn percent_too_high(label: Text<&str>, given: u32) -> Text<String> {
    let max = crate::domain::financing::MAX_RATE_PERCENT;
    Text {
        de: format!("{}: {given} % ist zu hoch, höchstens {max} %.", label.de),
        en: format!("{}: {given} % is too high, at most {max} %.", label.en),
    }
}

/// The rate of a kind of partner, as the set-up form names it.
pub fn funding_rate(kind: Text<&str>) -> Text<String> {
    Text {
        de: format!("Förderquote {}", kind.de),
        en: format!("Funding rate, {}", kind.en),
    }
}

pub fn lump_sum(kind: Text<&str>) -> Text<String> {
    Text {
        de: format!("Projektpauschale {}", kind.de),
        en: format!("Lump sum, {}", kind.en),
    }
}

/// A budget year row with an amount but no year, or the other way round.
pub fn budget_year_incomplete(row: usize) -> Text<String> {
    Text {
        de: format!("Haushaltsjahr in Zeile {row}: bitte Jahr und Betrag angeben."),
        en: format!("Budget year in row {row}: please give the year and the amount."),
    }
}

/// The same budget year in two rows.
pub fn budget_year_twice(year: i32) -> Text<String> {
    Text {
        de: format!("Das Haushaltsjahr {year} steht zweimal in der Liste."),
        en: format!("The budget year {year} is listed twice."),
    }
}

pub fn budget_year(row: usize) -> Text<String> {
    Text {
        de: format!("Haushaltsjahr in Zeile {row}"),
        en: format!("Budget year in row {row}"),
    }
}

pub fn date_incomplete(label: Text<&str>) -> Text<String> {
    Text {
        de: format!("{}: Datum und Uhrzeit sind unvollständig.", label.de),
        en: format!("{}: date and time are incomplete.", label.en),
    }
}
