//! What the jury meeting's pages, minutes and the decision form say about recommendations.

use super::Text;
use super::refusals::text;
use crate::domain::account::Language;
use crate::domain::meeting::{DepartureError, MeetingError, Vote};
use crate::domain::recommendation::Recommendation;
use crate::number_display::money;

pub const OPENED: Text = Text::new("Die Jurysitzung ist eröffnet.", "The jury meeting is open.");
pub const ATTENDANCE_SAVED: Text =
    Text::new("Die Anwesenheit ist gespeichert.", "Attendance is saved.");
pub const AGENDA_SAVED: Text = Text::new(
    "Die Reihenfolge der Beratung ist gespeichert.",
    "The order of discussion is saved.",
);
pub const RECOMMENDATION_SAVED: Text = Text::new(
    "Die Empfehlung der Jury ist gespeichert.",
    "The jury's recommendation is saved.",
);
pub const CLOSED: Text = Text::new(
    "Die Jurysitzung ist geschlossen; das Protokoll steht.",
    "The jury meeting is closed; the minutes stand.",
);
pub const CHANGED: Text = Text::new(
    "Die Sitzung wurde inzwischen geändert. Bitte prüfen Sie den Stand; Ihre Eingaben stehen unten im Formular.",
    "The meeting was changed meanwhile. Please check where it stands; your input is kept in the form below.",
);
pub const NO_DATE: Text = Text::new(
    "Bitte geben Sie Datum und Uhrzeit der Sitzung an (TT.MM.JJJJ HH:MM).",
    "Please give the meeting's date and time (DD.MM.YYYY HH:MM).",
);
pub const NO_RECOMMENDATION: Text = Text::new(
    "Bitte wählen Sie die Empfehlung.",
    "Please choose the recommendation.",
);
pub const NOT_A_COUNT: Text = Text::new(
    "Bitte eine ganze Zahl von 0 bis 1000.",
    "Please a whole number from 0 to 1000.",
);
pub const NOT_AN_AMOUNT: Text = Text::new(
    "Bitte einen Betrag in Euro, z. B. 250.000.",
    "Please an amount in euros, e.g. 250,000.",
);

/// The recommendation's name, for pages, minutes and the CSV.
pub fn recommendation(recommendation: &Recommendation) -> Text<String> {
    match recommendation {
        Recommendation::NextStage => {
            Text::new("für die nächste Stufe", "for the next stage").owned()
        }
        Recommendation::Funding { amount } => Text {
            de: format!("zur Förderung mit {}", money(*amount, Language::De)),
            en: format!("for funding with {}", money(*amount, Language::En)),
        },
        Recommendation::Reserve => {
            Text::new("für die Nachrückliste", "for the reserve list").owned()
        }
        Recommendation::NotRecommended => Text::new("nicht empfohlen", "not recommended").owned(),
    }
}

/// Whether the present members suffice, with the figures.
pub fn quorum(present: usize, members: usize, needed: usize, percent: u32) -> Text<String> {
    if present >= needed {
        Text {
            de: format!(
                "Beschlussfähig: {present} von {members} Mitgliedern anwesend, nötig sind {needed} ({percent} %)."
            ),
            en: format!(
                "Quorum reached: {present} of {members} members present, {needed} needed ({percent} %)."
            ),
        }
    } else {
        Text {
            de: format!(
                "Nicht beschlussfähig: {present} von {members} Mitgliedern anwesend, nötig sind {needed} ({percent} %)."
            ),
            en: format!(
                "No quorum: {present} of {members} members present, {needed} needed ({percent} %)."
            ),
        }
    }
}

/// Why a step of the meeting was refused.
pub fn refusal(error: &MeetingError) -> Text<String> {
    use MeetingError as E;
    let (de, en) = match error {
        E::StageNotInReview => (
            "Eine Jurysitzung findet nur statt, solange die Stufe in der Begutachtung ist."
                .to_owned(),
            "A jury meeting is held only while the stage is in review.".to_owned(),
        ),
        E::AlreadyOpen => (
            "Die Sitzung ist bereits eröffnet.".to_owned(),
            "The meeting is open already.".to_owned(),
        ),
        E::NotOpen => (
            "Die Sitzung ist noch nicht eröffnet.".to_owned(),
            "The meeting is not open yet.".to_owned(),
        ),
        E::Closed => (
            "Die Sitzung ist geschlossen; das Protokoll ändert sich nicht mehr.".to_owned(),
            "The meeting is closed; the minutes no longer change.".to_owned(),
        ),
        E::NotAMember => (
            "Als anwesend kann nur ein Mitglied der Jury eingetragen werden.".to_owned(),
            "Only a member of the jury can be recorded as present.".to_owned(),
        ),
        E::NoQuorum { present, needed } => (
            format!("Nicht beschlussfähig: {present} Mitglieder anwesend, nötig sind {needed}."),
            format!("No quorum: {present} members present, {needed} needed."),
        ),
        E::NotInReview => (
            "Der Antrag ist in dieser Stufe nicht in der Begutachtung.".to_owned(),
            "The application is not in review in this stage.".to_owned(),
        ),
        E::AgendaTooLong { max } => (
            format!("Höchstens {max} Anträge je Sitzung."),
            format!("At most {max} applications per meeting."),
        ),
        E::VotesDoNotAddUp { given, voting } => (
            format!(
                "Ja, Nein und Enthaltungen ergeben {given}; abstimmen {voting} anwesende Mitglieder ohne Befangenheit."
            ),
            format!(
                "Yes, no and abstentions add up to {given}; {voting} members present without a conflict vote."
            ),
        ),
        E::NoAmount => (
            "Eine Empfehlung zur Förderung braucht einen Betrag über 0 €.".to_owned(),
            "A recommendation for funding needs an amount above 0 €.".to_owned(),
        ),
        E::AboveRequest { amount, requested } => (
            format!(
                "{} ist mehr als beantragt ({}).",
                money(*amount, Language::De),
                money(*requested, Language::De)
            ),
            format!(
                "{} is more than requested ({}).",
                money(*amount, Language::En),
                money(*requested, Language::En)
            ),
        ),
        E::FundingBeforeLastStage => (
            "Zur Förderung empfiehlt die Jury erst in der letzten Stufe.".to_owned(),
            "The jury recommends funding only in the last stage.".to_owned(),
        ),
        E::NoNextStage => (
            "Nach der letzten Stufe folgt keine weitere.".to_owned(),
            "No stage follows the last one.".to_owned(),
        ),
        E::BadNote(problem) => return text(problem),
    };
    Text { de, en }
}

/// Why a decision departing from the recommendation was refused.
pub fn departure(error: &DepartureError) -> Text<String> {
    match error {
        DepartureError::ReasonNeeded => Text::new(
            "Die Entscheidung weicht von der Empfehlung der Jury ab: bitte begründen Sie die Abweichung.",
            "The decision departs from the jury's recommendation: please give the reason for departing.",
        )
        .owned(),
        DepartureError::BadReason(problem) => text(problem),
    }
}

/// The vote of an item: `Ja 4, Nein 1, Enthaltungen 0`.
pub fn vote(vote: &Vote) -> Text<String> {
    Text {
        de: format!(
            "Ja {}, Nein {}, Enthaltungen {}",
            vote.yes, vote.no, vote.abstain
        ),
        en: format!(
            "yes {}, no {}, abstentions {}",
            vote.yes, vote.no, vote.abstain
        ),
    }
}
