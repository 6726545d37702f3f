//! What the request for review of the procedure (redress) says to consortia and staff.

use super::Text;
use super::refusals::text;
use crate::domain::account::Language;
use crate::domain::redress::{RedressError, RedressOutcome};
use crate::time_display::berlin;

pub const REQUEST_FILED: Text = Text::new(
    "Ihr Antrag auf Überprüfung ist eingegangen. Sie erhalten eine Bestätigung per E-Mail und die Antwort auf dieser Seite und per E-Mail.",
    "Your request for review was received. You get a confirmation by e-mail, and the answer on this page and by e-mail.",
);
pub const ANSWER_RECORDED: Text = Text::new(
    "Die Antwort ist gespeichert; das Konsortium wird per E-Mail benachrichtigt.",
    "The answer is saved; the consortium is told by e-mail.",
);
pub const ANSWER_CHANGED: Text = Text::new(
    "Der Antrag auf Überprüfung wurde inzwischen beantwortet; die Antwort steht unten, Ihre nicht gesendete Begründung darunter.",
    "The request for review was answered meanwhile; the answer is below, and beneath it your reason, not sent.",
);
pub const STAGE_CHANGED: Text = Text::new(
    "Inzwischen wurde das Ergebnis einer weiteren Stufe bekannt gegeben; bitte prüfen Sie, auf welche Stufe sich Ihre Gründe beziehen. Ihre Eingaben stehen unten.",
    "Meanwhile the result of a further stage was released; please check which stage your grounds concern. Your input is kept below.",
);
pub const NO_OUTCOME: Text = Text::new(
    "Bitte wählen Sie das Ergebnis der Überprüfung.",
    "Please choose the outcome of the review.",
);

/// Why a request or an answer was refused.
pub fn refusal(error: &RedressError) -> Text<String> {
    use RedressError as E;
    let (de, en) = match error {
        E::NoResult => (
            "Für diesen Antrag wurde in dieser Stufe kein Ergebnis bekannt gegeben; eine Überprüfung kann nicht beantragt werden.",
            "No result was released for this application in this stage; a review cannot be requested.",
        ),
        E::NotReleased => (
            "Die Ergebnisse dieser Stufe sind noch nicht bekannt gegeben.",
            "The results of this stage are not released yet.",
        ),
        E::WindowClosed(window) => {
            let last = window.last_minute();
            return Text {
                de: format!(
                    "Die Frist für einen Antrag auf Überprüfung endete am {}.",
                    berlin(last, Language::De)
                ),
                en: format!(
                    "The period for a request for review ended on {}.",
                    berlin(last, Language::En)
                ),
            };
        }
        E::AlreadyRequested => (
            "Für diese Stufe wurde bereits eine Überprüfung beantragt.",
            "A review of this stage was requested already.",
        ),
        E::NoGrounds => (
            "Bitte nennen Sie die Gründe, aus denen das Verfahren überprüft werden soll.",
            "Please state the grounds on which the procedure should be reviewed.",
        ),
        E::BadGrounds(problem) | E::BadReason(problem) => return text(problem),
        E::NotRequested => (
            "Für diesen Antrag wurde keine Überprüfung beantragt.",
            "No review was requested for this application.",
        ),
        E::AlreadyAnswered => (
            "Dieser Antrag auf Überprüfung ist bereits beantwortet.",
            "This request for review is answered already.",
        ),
        E::NoReason => (
            "Bitte begründen Sie die Antwort; das Konsortium liest sie.",
            "Please give the reason for the answer; the consortium reads it.",
        ),
    };
    Text::new(de, en).owned()
}

pub fn outcome(outcome: RedressOutcome) -> Text {
    match outcome {
        RedressOutcome::Rejected => Text::new(
            "Zurückgewiesen: das Verfahren wurde eingehalten, das Ergebnis bleibt bestehen",
            "Rejected: the procedure was followed, the result stands",
        ),
        RedressOutcome::Upheld => Text::new(
            "Stattgegeben: das Verfahren war fehlerhaft; wie es weitergeht, steht in der Begründung",
            "Upheld: the procedure was at fault; the reason says how it proceeds",
        ),
    }
}

/// The state of a request, for lists.
pub fn state(answered: Option<RedressOutcome>) -> Text {
    match answered {
        None => Text::new("offen", "open"),
        Some(RedressOutcome::Rejected) => Text::new("zurückgewiesen", "rejected"),
        Some(RedressOutcome::Upheld) => Text::new("stattgegeben", "upheld"),
    }
}

/// The result a request questions, as staff read it beside the grounds.
pub fn result(outcome: &crate::domain::competition::Outcome) -> Text<String> {
    use crate::domain::competition::Outcome as O;
    use crate::number_display::money;
    match outcome {
        O::Shortlisted => Text::new("in die nächste Stufe", "on to the next stage").owned(),
        O::NotShortlisted => Text::new("nicht in die nächste Stufe", "not shortlisted").owned(),
        O::Funded { amount } => Text {
            de: format!("gefördert mit {}", money(*amount, Language::De)),
            en: format!("funded with {}", money(*amount, Language::En)),
        },
        O::NotFunded => Text::new("nicht gefördert", "not funded").owned(),
        O::Reserve { rank } => Text {
            de: format!("Nachrückliste, Platz {rank}"),
            en: format!("reserve list, place {rank}"),
        },
    }
}
