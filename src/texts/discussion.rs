//! What the juror's confidence and the jurors' discussion say to jurors and staff.

use super::Text;
use super::refusals::text;
use crate::domain::confidence::Confidence;
use crate::domain::discussion::DiscussionError;
use crate::domain::ranking::Weighting;

/// A confidence's words, as the scoring form offers it and the staff's pages show it.
pub fn confidence(confidence: Confidence) -> Text {
    match confidence {
        Confidence::OutsideField => Text::new("fachfremd", "outside my field"),
        Confidence::Basic => Text::new("Grundkenntnisse", "basic knowledge"),
        Confidence::Familiar => Text::new("vertraut", "familiar"),
        Confidence::Expert => Text::new("ausgewiesene Expertise", "recognised expertise"),
    }
}

/// A review's confidence on the staff's pages: "4 – ausgewiesene Expertise", or that the review
/// predates the question.
pub fn confidence_shown(confidence: Option<Confidence>) -> Text<String> {
    match confidence {
        Some(c) => {
            let words = self::confidence(c);
            Text {
                de: format!("{} – {}", c.value(), words.de),
                en: format!("{} – {}", c.value(), words.en),
            }
        }
        None => NO_CONFIDENCE.owned(),
    }
}

pub const NO_CONFIDENCE: Text = Text::new("nicht angegeben", "not given");

pub const CONFIDENCE_NOT_ON_SCALE: Text = Text::new(
    "Bitte wählen Sie eine der vier Stufen der Vertrautheit.",
    "Please choose one of the four levels of familiarity.",
);

/// Which weighting the ranking shows.
pub fn weighting(weighting: Weighting) -> Text {
    match weighting {
        Weighting::Equal => Text::new(
            "Jede Bewertung zählt gleich.",
            "Every review counts the same.",
        ),
        Weighting::Confidence => Text::new(
            "Gewichtet nach Vertrautheit: jede Bewertung zählt mit der Vertrautheit ihres Jurymitglieds (1 bis 4); Bewertungen ohne Angabe (ältere) zählen mit 1.",
            "Weighted by confidence: each review counts with its juror's confidence (1 to 4); reviews without one (older ones) count with 1.",
        ),
    }
}

pub const STAFF_AUTHOR: Text = Text::new("Programmverwaltung", "Programme staff");

pub const POSTED: Text = Text::new("Ihr Beitrag ist veröffentlicht.", "Your post is published.");

/// Why a post was refused, or the thread not shown.
pub fn refusal(error: &DiscussionError) -> Text<String> {
    use DiscussionError as E;
    let (de, en) = match error {
        E::NotAParticipant => (
            "An der Diskussion nehmen nur die Jurymitglieder des Antrags und die Programmverwaltung teil.",
            "Only the application's jurors and the programme staff take part in its discussion.",
        ),
        E::NotAssigned => (
            "Dieser Antrag ist Ihnen nicht zugeordnet.",
            "This application is not assigned to you.",
        ),
        E::Conflicted => (
            "Für diesen Antrag besteht eine Befangenheit.",
            "There is a conflict of interest with this application.",
        ),
        E::ReviewNotSubmitted => (
            "Die Diskussion öffnet sich Ihnen, sobald Ihre eigene Bewertung eingereicht ist.",
            "The discussion opens to you once your own review is submitted.",
        ),
        E::NoText => ("Bitte schreiben Sie einen Beitrag.", "Please write a post."),
        E::BadText(problem) => return text(problem),
        E::Full { max } => {
            return Text {
                de: format!("Die Diskussion hat die Höchstzahl von {max} Beiträgen erreicht."),
                en: format!("The discussion has reached its most posts, {max}."),
            };
        }
    };
    Text::new(de, en).owned()
}
