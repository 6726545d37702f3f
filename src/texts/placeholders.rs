//! Why a text with placeholders (a circular's subject or body, a mail text) is refused.

use super::Text;
use crate::email::placeholders::PlaceholderProblem;

/// Why a subject or body is refused, for the field it concerns.
pub fn problem(problem: &PlaceholderProblem) -> Text<String> {
    use PlaceholderProblem as P;
    match problem {
        P::Empty => Text::new("Bitte geben Sie einen Text ein.", "Please enter a text.").owned(),
        P::TooLong { max, given } => Text {
            de: format!("Der Text darf höchstens {max} Zeichen lang sein, nicht {given}."),
            en: format!("The text may be at most {max} characters long, not {given}."),
        },
        P::LineBreak => Text::new(
            "Der Betreff ist eine einzige Zeile.",
            "The subject is a single line.",
        )
        .owned(),
        P::Syntax { line, detail } => Text {
            de: format!(
                "Zeile {line}: die Vorlage ist fehlerhaft ({detail}). Platzhalter stehen in {{{{ … }}}}, Bedingungen in {{% if … %}} … {{% endif %}}."
            ),
            en: format!(
                "Line {line}: the template is broken ({detail}). Placeholders go in {{{{ … }}}}, conditions in {{% if … %}} … {{% endif %}}."
            ),
        },
        P::Unknown(names) => {
            let names = names.join(", ");
            Text {
                de: format!(
                    "Unbekannte Platzhalter: {names}. Angeboten werden nur die unten genannten."
                ),
                en: format!("Unknown placeholders: {names}. Only those listed below are offered."),
            }
        }
        P::Unfillable(detail) => Text {
            de: format!("Der Text lässt sich nicht füllen: {detail}."),
            en: format!("The text cannot be filled: {detail}."),
        },
    }
}
