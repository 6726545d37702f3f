//! The read-only money of an application in German and English: pledge sources, staff's check
//! of a letter of intent, funding rates, and what the check's form answers.

use super::Text;
use crate::domain::financing::PledgeSource;

pub const MONTHS: Text = Text::new("Monate", "months");

pub const UNCHECKED: Text = Text::new("noch nicht geprüft", "not checked yet");
pub const CHECKED: Text = Text::new("geprüft", "checked");
pub const NOT_ACCEPTED: Text = Text::new("nicht anerkannt", "not accepted");

pub fn source(source: PledgeSource) -> Text {
    match source {
        PledgeSource::Private => Text::new("privat (Wirtschaft)", "private (industry)"),
        PledgeSource::Land => Text::new("Mittel des Landes", "the Land's money"),
    }
}

/// A funding rate: "50 %", or "100 % + 20 % Pauschale" with a lump sum.
pub fn rate(percent: u32, lump_sum_percent: u32) -> Text<String> {
    if lump_sum_percent > 0 {
        Text {
            de: format!("{percent} % + {lump_sum_percent} % Pauschale"),
            en: format!("{percent} % + {lump_sum_percent} % lump sum"),
        }
    } else {
        Text {
            de: format!("{percent} %"),
            en: format!("{percent} %"),
        }
    }
}

pub const PLEDGE_CHECKED: Text = Text::new(
    "Die Absichtserklärung ist als geprüft vermerkt.",
    "The letter of intent is marked as checked.",
);
pub const PLEDGE_NOT_ACCEPTED: Text = Text::new(
    "Die Absichtserklärung ist als nicht anerkannt vermerkt; sie zählt nicht zur Kofinanzierung.",
    "The letter of intent is marked as not accepted; it does not count towards the co-financing.",
);
pub const PLEDGE_CHANGED: Text = Text::new(
    "Der Antrag wurde inzwischen geändert. Bitte prüfen Sie die Absichtserklärung im aktuellen Stand und speichern Sie erneut; Ihre Eingabe steht noch im Formular.",
    "The application has changed meanwhile. Please check the letter of intent as it is now and save again; your input is still in the form.",
);
pub const REASON_REQUIRED: Text = Text::new(
    "Bitte nennen Sie den Grund, warum die Absichtserklärung nicht anerkannt wird.",
    "Please give the reason why the letter of intent is not accepted.",
);
pub const CHOOSE_A_RESULT: Text = Text::new(
    "Bitte wählen Sie ein Ergebnis der Prüfung.",
    "Please choose a result of the check.",
);
pub const NO_LETTER: Text = Text::new(
    "Zu dieser Absichtserklärung liegt kein Schreiben vor.",
    "There is no letter for this letter of intent.",
);
