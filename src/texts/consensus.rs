//! What the consensus report says to jurors, staff and consortia.

use super::Text;
use super::refusals::text;
use crate::domain::consensus::{Closing, Consensus, ConsensusError};

pub const RAPPORTEUR_NAMED: Text = Text::new(
    "Die Berichterstattung ist gespeichert.",
    "The rapporteur is saved.",
);
pub const PROPOSAL_TAKEN: Text = Text::new(
    "Der Vorschlag ist übernommen: alle vorgeschlagenen Berichterstatter/innen sind benannt.",
    "The proposal is taken: every proposed rapporteur is named.",
);
pub const DRAFT_SAVED: Text = Text::new(
    "Der Konsensentwurf ist gespeichert; die anderen Jurymitglieder können ihm nun zustimmen oder widersprechen.",
    "The consensus draft is saved; the other jurors can now agree or object.",
);
pub const AGREED: Text = Text::new(
    "Ihre Zustimmung ist gespeichert.",
    "Your agreement is saved.",
);
pub const OBJECTED: Text = Text::new(
    "Ihr Widerspruch ist gespeichert.",
    "Your objection is saved.",
);
pub const CLOSED: Text = Text::new("Der Konsens ist abgeschlossen.", "The consensus is closed.");
pub const CHANGED_MEANWHILE: Text = Text::new(
    "Der Konsensbericht wurde inzwischen geändert. Bitte prüfen Sie den Stand; Ihre Eingaben stehen unten im Formular.",
    "The consensus report was changed meanwhile. Please check where it stands; your input is kept in the form below.",
);
pub const SCORE_NOT_NUMBER: Text =
    Text::new("Eine Punktzahl ist keine Zahl.", "A score is not a number.");
pub const NO_JUROR_CHOSEN: Text = Text::new(
    "Bitte wählen Sie ein Jurymitglied.",
    "Please choose a juror.",
);
/// The summary where no consensus was closed for the stage.
pub const NO_WRITTEN_EVALUATION: Text = Text::new(
    "Für diese Stufe liegt keine schriftliche Bewertung der Jury vor.",
    "No written evaluation by the jury is available for this stage.",
);

/// Why a step of the consensus was refused.
pub fn refusal(error: &ConsensusError) -> Text<String> {
    use ConsensusError as E;
    let (de, en) = match error {
        E::NotEligible => (
            "Nur ein zugeordnetes, nicht befangenes Jurymitglied des Antrags kann das.",
            "Only an assigned juror of the application without a conflict of interest can do that.",
        ),
        E::AlreadyRapporteur => (
            "Dieses Jurymitglied ist bereits Berichterstatter/in.",
            "This juror is the rapporteur already.",
        ),
        E::NoRapporteur => (
            "Für diesen Antrag ist noch keine Berichterstattung benannt.",
            "No rapporteur is named for this application yet.",
        ),
        E::NotRapporteur => (
            "Nur die Berichterstatterin oder der Berichterstatter entwirft den Konsens.",
            "Only the rapporteur drafts the consensus.",
        ),
        E::OwnReviewMissing => (
            "Erst nach dem Einreichen Ihrer eigenen Bewertung.",
            "Only once your own review is submitted.",
        ),
        E::Closed => (
            "Der Konsens ist abgeschlossen und nicht mehr zu ändern.",
            "The consensus is closed and can no longer be changed.",
        ),
        E::Released => (
            "Die Ergebnisse dieser Stufe sind bekannt gegeben.",
            "The results of this stage are released.",
        ),
        E::WrongCriteria { .. } => (
            "Das Formular passt nicht zu den Kriterien der Stufe; bitte laden Sie die Seite neu.",
            "The form does not match the stage's criteria; please reload the page.",
        ),
        E::OutOfScale {
            criterion,
            min,
            max,
        } => {
            return Text {
                de: format!("{criterion}: Punkte von {min} bis {max}."),
                en: format!("{criterion}: scores from {min} to {max}."),
            };
        }
        E::Unscored(names) => {
            return Text {
                de: format!("Punktzahl fehlt: {}.", names.join(", ")),
                en: format!("Score missing: {}.", names.join(", ")),
            };
        }
        E::Uncommented(names) => {
            return Text {
                de: format!("Kommentar für das Konsortium fehlt: {}.", names.join(", ")),
                en: format!("Comment for the consortium missing: {}.", names.join(", ")),
            };
        }
        E::NoOverallComment => (
            "Bitte schreiben Sie eine Gesamteinschätzung.",
            "Please write an overall comment.",
        ),
        E::BadComment { problem, .. } | E::BadReason(problem) => return text(problem),
        E::NotDrafted => (
            "Es liegt noch kein Konsensentwurf vor.",
            "There is no consensus draft yet.",
        ),
        E::IsRapporteur => (
            "Die Berichterstattung stimmt dem eigenen Entwurf nicht zu.",
            "The rapporteur does not answer their own draft.",
        ),
        E::NoReason => (
            "Ein Widerspruch braucht eine Begründung.",
            "An objection needs a reason.",
        ),
    };
    Text::new(de, en).owned()
}

/// Where a consensus stands, in a word or three (pages, the export).
pub fn state(consensus: Option<&Consensus>) -> Text {
    let Some(consensus) = consensus else {
        return Text::new("keine Berichterstattung", "no rapporteur");
    };
    match (&consensus.closed, &consensus.draft, consensus.rapporteur) {
        (Some(closed), _, _) => closing(&closed.state),
        (None, Some(_), _) => Text::new("Entwurf zur Abstimmung", "draft under discussion"),
        (None, None, Some(_)) => Text::new("Berichterstattung benannt", "rapporteur named"),
        (None, None, None) => Text::new("keine Berichterstattung", "no rapporteur"),
    }
}

pub fn closing(state: &Closing) -> Text {
    match state {
        Closing::Agreed => Text::new("einvernehmlich abgeschlossen", "closed, agreed"),
        Closing::WithDissent { .. } => Text::new(
            "abgeschlossen mit abweichender Meinung",
            "closed with dissent",
        ),
    }
}

pub const ANSWER_AGREES: Text = Text::new("stimmt zu", "agrees");
pub const ANSWER_OBJECTS: Text = Text::new("widerspricht", "objects");
pub const ANSWER_DISSENT_SILENT: Text =
    Text::new("keine Antwort (abweichend)", "no answer (dissent)");
pub const ANSWER_PENDING: Text = Text::new("noch keine Antwort", "no answer yet");
pub const YOU_AGREED: Text = Text::new("Sie haben zugestimmt.", "You agreed.");
pub const YOU_OBJECTED: Text = Text::new("Sie haben widersprochen.", "You objected.");
