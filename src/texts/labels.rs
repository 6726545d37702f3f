//! How domain values are named on pages, in German and English.

use super::Text;
use crate::domain::account::Language;
use crate::domain::competition::Phase;
use crate::domain::money::Cents;
use crate::domain::setup::{Hundredths, StageKind};
use crate::domain::status::ApplicationStatus;

pub fn phase(phase: Phase) -> Text {
    Text::from(match phase {
        Phase::NotCreated | Phase::Drafted => ("In Vorbereitung", "In preparation"),
        Phase::Published => ("Angekündigt", "Announced"),
        Phase::StageOpen => ("Einreichung offen", "Open for submissions"),
        Phase::StageClosed => ("Einreichung geschlossen", "Submissions closed"),
        Phase::InReview => ("In Begutachtung", "In review"),
        Phase::ResultsDecided => (
            "Entschieden, noch nicht bekannt gegeben",
            "Decided, not yet released",
        ),
        Phase::ResultsReleased => ("Ergebnisse bekannt gegeben", "Results released"),
        Phase::Completed => ("Abgeschlossen", "Completed"),
    })
}

pub fn stage_kind(kind: StageKind) -> Text {
    Text::from(match kind {
        StageKind::Concept => ("Skizze", "Concept"),
        StageKind::FullProposal => ("Vollantrag", "Full proposal"),
    })
}

pub fn status(status: ApplicationStatus) -> Text<String> {
    use ApplicationStatus as S;
    Text::from(match status {
        S::Draft { .. } => ("Entwurf".into(), "Draft".into()),
        S::NotSubmitted { .. } => ("Nicht eingereicht".into(), "Not submitted".into()),
        S::Submitted { .. } => ("Eingereicht".into(), "Submitted".into()),
        S::Withdrawn { .. } => ("Zurückgezogen".into(), "Withdrawn".into()),
        S::FormallyRejected { .. } => ("Formal abgelehnt".into(), "Formally rejected".into()),
        S::InReview { .. } => ("In Begutachtung".into(), "In review".into()),
        S::Shortlisted { .. } => (
            "Ausgewählt für die nächste Stufe".into(),
            "Shortlisted for the next stage".into(),
        ),
        S::NotShortlisted { .. } => ("Nicht ausgewählt".into(), "Not shortlisted".into()),
        S::Funded { amount } => (
            format!("Zur Förderung ausgewählt ({amount})"),
            format!("Selected for funding ({})", money(amount, Language::En)),
        ),
        S::NotFunded => ("Nicht gefördert".into(), "Not funded".into()),
        S::Reserve { rank } => (
            format!("Nachrückliste, Platz {rank}"),
            format!("Reserve list, place {rank}"),
        ),
        S::Declined { amount } => (
            format!("Auf die Förderung verzichtet ({amount})"),
            format!("Funding declined ({})", money(amount, Language::En)),
        ),
    })
}

/// The status without its figures (amount, reserve place), for counting applications by status.
pub fn status_kind(status: ApplicationStatus) -> Text {
    use ApplicationStatus as S;
    Text::from(match status {
        S::Draft { .. } => ("Entwurf", "Draft"),
        S::NotSubmitted { .. } => ("Nicht eingereicht", "Not submitted"),
        S::Submitted { .. } => ("Eingereicht", "Submitted"),
        S::Withdrawn { .. } => ("Zurückgezogen", "Withdrawn"),
        S::FormallyRejected { .. } => ("Formal abgelehnt", "Formally rejected"),
        S::InReview { .. } => ("In Begutachtung", "In review"),
        S::Shortlisted { .. } => (
            "Ausgewählt für die nächste Stufe",
            "Shortlisted for the next stage",
        ),
        S::NotShortlisted { .. } => ("Nicht ausgewählt", "Not shortlisted"),
        S::Funded { .. } => ("Zur Förderung ausgewählt", "Selected for funding"),
        S::NotFunded => ("Nicht gefördert", "Not funded"),
        S::Reserve { .. } => ("Nachrückliste", "Reserve list"),
        S::Declined { .. } => ("Auf die Förderung verzichtet", "Funding declined"),
    })
}

/// `3,50` or `3.50` from 350 hundredths, in the page's language.
pub fn points(value: Hundredths, lang: Language) -> String {
    crate::number_display::points(value, lang)
}

/// `15.000.000,00 €` or `€15,000,000.00`, in the page's language.
pub fn money(amount: Cents, lang: Language) -> String {
    crate::number_display::money(amount, lang)
}

/// What a kind of message is, as the outbox page names it; a kind this list does not know
/// shows as it is stored.
pub fn message_kind(kind: &str) -> Text<&str> {
    Text::from(match kind {
        "receipt" => ("Eingangsbestätigung", "Receipt of submission"),
        "withdrawal" => ("Rücknahme", "Withdrawal"),
        "rejection" => ("Formale Ablehnung", "Formal rejection"),
        "result" => ("Ergebnis der Stufe", "Stage result"),
        "funding" => ("Förderempfehlung", "Funding result"),
        "moved-up" => ("Nachrücken zur Förderung", "Moved up into funding"),
        "extension" => ("Fristverlängerung", "Deadline extension"),
        "shortening" => ("Frist vorgezogen", "Deadline moved earlier"),
        "draft-reminder" => ("Erinnerung an den Entwurf", "Draft reminder"),
        "review-reminder" => ("Erinnerung an Bewertungen", "Review reminder"),
        "review-reopened" => ("Bewertung wieder geöffnet", "Review reopened"),
        "assignment" => ("Zuordnung zur Bewertung", "Review assignment"),
        "verification" => ("Bestätigung der Adresse", "Address verification"),
        "password-reset" => ("Passwort zurücksetzen", "Password reset"),
        "editor-invitation" => ("Einladung zur Mitarbeit", "Co-editor invitation"),
        "juror-invitation" => ("Einladung in die Jury", "Jury invitation"),
        "redress-receipt" => (
            "Eingang des Antrags auf Überprüfung",
            "Request for review received",
        ),
        "redress-notice" => ("Neuer Antrag auf Überprüfung", "New request for review"),
        "redress-answer" => (
            "Antwort auf den Antrag auf Überprüfung",
            "Answer to the request for review",
        ),
        "deficiency-request" => ("Nachforderung", "Request for corrections"),
        "deficiency-reminder" => ("Erinnerung an die Nachforderung", "Reminder of corrections"),
        "corrections-received" => ("Eingang der Korrekturen", "Corrections received"),
        other => (other, other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Cents;
    use crate::domain::status::ApplicationStatus as S;

    #[test]
    fn an_award_and_a_declined_one_are_named_with_the_amount_in_each_language() {
        let amount = Cents::euros(2_500_000);
        assert_eq!(
            status(S::Funded { amount }).into_pair(),
            (
                "Zur Förderung ausgewählt (2.500.000,00 €)".to_owned(),
                "Selected for funding (€2,500,000.00)".to_owned()
            )
        );
        assert_eq!(
            status(S::Declined { amount }).into_pair(),
            (
                "Auf die Förderung verzichtet (2.500.000,00 €)".to_owned(),
                "Funding declined (€2,500,000.00)".to_owned()
            )
        );
    }
}
