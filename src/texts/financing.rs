//! The financing plan and the letters of intent in German and English: why a term or a plan
//! is refused, and why the plan breaks a programme's rule.

use super::Text;
use crate::domain::account::Language;
use crate::domain::eligibility::Ineligibility;
use crate::domain::financing::TermError;
use crate::domain::money::Cents;

fn en(amount: Cents) -> String {
    crate::number_display::money(amount, Language::En)
}

pub fn term_problem(problem: TermError) -> Text {
    match problem {
        TermError::Year => Text::new(
            "Das Startjahr muss zwischen 2000 und 2100 liegen.",
            "The start year must lie between 2000 and 2100.",
        ),
        TermError::Month => Text::new(
            "Der Startmonat muss zwischen 1 und 12 liegen.",
            "The start month must be 1 to 12.",
        ),
        TermError::Months => Text::new(
            "Die Laufzeit muss 1 bis 120 Monate betragen.",
            "The duration must be 1 to 120 months.",
        ),
    }
}

/// The reasons of the plan and the pledges; `None` for the other rules.
pub fn ineligibility(reason: &Ineligibility) -> Option<Text<String>> {
    use Ineligibility as I;
    Some(match reason {
        I::MissingTerm => Text::new(
            "Bitte geben Sie Beginn und Laufzeit des Vorhabens an.",
            "Please state the project's start and duration.",
        )
        .owned(),
        I::RateExceeded {
            partner,
            year,
            requested,
            max,
            percent,
            lump_sum_percent,
            ..
        } => {
            let (rate_de, rate_en) = if *lump_sum_percent > 0 {
                (
                    format!("{percent} % zuzüglich {lump_sum_percent} % Pauschale"),
                    format!("{percent} % plus a {lump_sum_percent} % lump sum"),
                )
            } else {
                (format!("{percent} %"), format!("{percent} %"))
            };
            Text {
                de: format!(
                    "{partner} beantragt {year} {requested}; bei einer Förderquote von {rate_de} sind höchstens {max} möglich."
                ),
                en: format!(
                    "{partner} requests {} in {year}; at a funding rate of {rate_en}, at most {} is possible.",
                    en(*requested),
                    en(*max)
                ),
            }
        }
        I::CostsNotCovered {
            partner,
            year,
            costs,
            covered,
            ..
        } => Text {
            de: format!(
                "{partner}: Förderung und Eigenanteil {year} ergeben {covered}, die Kosten betragen {costs}."
            ),
            en: format!(
                "{partner}: funding and own contribution in {year} come to {}; the costs are {}.",
                en(*covered),
                en(*costs)
            ),
        },
        I::YearOutsideTerm { partner, year, .. } => Text {
            de: format!(
                "{partner} hat Beträge für {year}; das Jahr liegt nicht mehr in der Laufzeit."
            ),
            en: format!("{partner} has figures for {year}, which is no longer within the term."),
        },
        I::PledgeOutsideTerm {
            organisation, year, ..
        } => Text {
            de: format!(
                "Die Absichtserklärung von {organisation} nennt {year}; das Jahr liegt nicht in der Laufzeit."
            ),
            en: format!(
                "The letter of intent of {organisation} names {year}, which is not within the term."
            ),
        },
        I::PledgeWithoutLetter { organisation, .. } => Text {
            de: format!(
                "Zur Absichtserklärung von {organisation} fehlt das unterschriebene Schreiben (PDF)."
            ),
            en: format!("The signed letter (PDF) of {organisation}'s letter of intent is missing."),
        },
        _ => return None,
    })
}
