//! What the circulars (Rundschreiben) say to staff: the groups, the placeholders, and why a
//! circular is refused.

use super::Text;
use crate::domain::circular::{CircularError, ConsortiumState, MAX_RECIPIENTS};

pub const SENT: Text = Text::new(
    "Das Rundschreiben ist gesendet; jede Nachricht steht im Postausgang.",
    "The circular is sent; each message is in the outbox.",
);
pub const SENT_BEFORE: Text = Text::new(
    "Dieses Rundschreiben war bereits gesendet; es wurde nicht noch einmal verschickt.",
    "This circular had been sent already; it was not sent again.",
);
pub const REFUSED: Text = Text::new(
    "Das Rundschreiben kann so nicht gesendet werden; die Gründe stehen bei den Feldern.",
    "The circular cannot be sent as it is; the reasons are given beside the fields.",
);
pub const NO_GROUP: Text = Text::new(
    "Bitte wählen Sie, an wen das Rundschreiben geht.",
    "Please choose whom the circular is for.",
);
pub const NO_STAGE: Text = Text::new(
    "Bitte wählen Sie eine Stufe des Wettbewerbs.",
    "Please choose a stage of the competition.",
);

/// The consortia's states as the compose form offers them, with their keys in the form.
pub fn consortium_state(state: ConsortiumState) -> (&'static str, Text) {
    match state {
        ConsortiumState::All => ("alle", Text::new("alle", "all")),
        ConsortiumState::Draft => ("entwurf", Text::new("Entwurf", "draft")),
        ConsortiumState::Submitted => ("eingereicht", Text::new("eingereicht", "submitted")),
        ConsortiumState::Withdrawn => ("zurueckgezogen", Text::new("zurückgezogen", "withdrawn")),
        ConsortiumState::FormallyRejected => (
            "formal-abgelehnt",
            Text::new("formal abgelehnt", "formally rejected"),
        ),
    }
}

/// What each placeholder is filled with, one line each, in the order of `PLACEHOLDERS`.
pub fn placeholder(name: &str) -> Text {
    match name {
        "anrede" => Text::new(
            "die Anrede mit dem Namen, etwa „Guten Tag, Jana Muster,“",
            "the salutation with the name, such as “Dear Jana Muster,”",
        ),
        "name" => Text::new(
            "der Name der Person (beim Konsortium der Inhaberin oder des Inhabers des Antrags)",
            "the person's name (for a consortium, the application's owner)",
        ),
        "titel" => Text::new(
            "beim Konsortium der Titel des Antrags; bei Jurymitgliedern die Titel ihrer offenen Bewertungen, je einer pro Zeile, sonst leer",
            "for a consortium the application's title; for jurors the titles of their open reviews, one per line, else empty",
        ),
        "wettbewerb" => Text::new("der Name des Wettbewerbs", "the competition's name"),
        "stufe" => Text::new("der Titel der Stufe", "the stage's title"),
        "frist" => Text::new(
            "beim Konsortium die Einreichungsfrist der Stufe, bei Jurymitgliedern ihre Bewertungsfrist (Berliner Zeit)",
            "for a consortium the stage's submission deadline, for jurors its review deadline (Berlin time)",
        ),
        "link" => Text::new(
            "wo die Person weitermacht: der Stand des Antrags oder die Seite der Jury",
            "where the person continues: the application's status or the jury's page",
        ),
        _ => Text::new("(unbekannt)", "(unknown)"),
    }
}

/// Why a circular was refused, for the field it concerns.
pub fn refusal(error: &CircularError) -> Text<String> {
    match error {
        CircularError::AlreadySent => SENT_BEFORE.owned(),
        CircularError::Subject(problem) | CircularError::Body(problem) => {
            super::placeholders::problem(problem)
        }
        CircularError::NoRecipients => Text::new(
            "In der gewählten Gruppe ist niemand; das Rundschreiben würde niemanden erreichen.",
            "Nobody is in the chosen group; the circular would reach no one.",
        )
        .owned(),
        CircularError::TooManyRecipients { given, .. } => Text {
            de: format!(
                "Ein Rundschreiben erreicht höchstens {MAX_RECIPIENTS} Personen; in der Gruppe sind {given}."
            ),
            en: format!(
                "A circular reaches at most {MAX_RECIPIENTS} people; the group has {given}."
            ),
        },
    }
}

/// A hidden field of the form that does not hold a circular's id: only a changed page sends it.
pub const BAD_FORM: Text = Text::new(
    "Das Formular ist unvollständig; bitte laden Sie die Seite neu.",
    "The form is incomplete; please reload the page.",
);

/// Whom a sent circular was for, as its list and its page name it. `stage` is the stage's
/// title, numbered from 1.
pub fn audience(audience: &crate::domain::circular::Audience, stage: &str) -> Text<String> {
    use crate::domain::circular::Audience as A;
    match audience {
        A::Consortia { state, .. } => {
            let state = consortium_state(*state).1;
            Text {
                de: format!("Konsortien der Stufe {stage} ({})", state.de),
                en: format!("Consortia of stage {stage} ({})", state.en),
            }
        }
        A::JurorsWithOpenReviews { .. } => Text {
            de: format!("Jurymitglieder mit offenen Bewertungen der Stufe {stage}"),
            en: format!("Jurors with open reviews of stage {stage}"),
        },
        A::Jurors => Text::new(
            "alle Jurymitglieder des Wettbewerbs",
            "all jurors of the competition",
        )
        .owned(),
    }
}
