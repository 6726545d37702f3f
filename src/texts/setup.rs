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

pub fn date_incomplete(label: Text<&str>) -> Text<String> {
    Text {
        de: format!("{}: Datum und Uhrzeit sind unvollständig.", label.de),
        en: format!("{}: date and time are incomplete.", label.en),
    }
}
