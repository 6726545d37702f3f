//! The financing plan and the letters of intent in German and English: why a term or a plan
//! is refused, and why the plan breaks a programme's rule.

use super::Text;
use crate::domain::account::Language;
use crate::domain::eligibility::Ineligibility;
use crate::domain::financing::{FundingRate, PlanColumn, PledgeReview, PledgeSource, TermError};
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

pub const REQUESTED: Text = Text::new("Beantragte Förderung", "Federal funding requested");
pub const COSTS: Text = Text::new(
    "Zuwendungsfähige Kosten bzw. Ausgaben",
    "Eligible costs or expenditure",
);
pub const OWN: Text = Text::new("Eigenanteil der Partner", "Partners' own contribution");
pub const COFINANCING: Text = Text::new(
    "Private Kofinanzierung (zugesagt, anerkannt)",
    "Private co-financing (pledged, accepted)",
);
pub const LAND_MONEY: Text = Text::new("Mittel des Landes (zugesagt)", "Land funds (pledged)");
pub const NO_RATE: Text = Text::new(
    "Für diese Art von Einrichtung gilt keine Förderquote.",
    "No funding rate applies to this kind of organisation.",
);
pub const ENTER_NUMBER: Text = Text::new(
    "Bitte eine ganze Zahl eingeben.",
    "Please enter a whole number.",
);
pub const TERM_SAVED: Text = Text::new("Die Laufzeit ist gespeichert.", "The term is saved.");
pub const PLAN_SAVED: Text = Text::new(
    "Der Finanzierungsplan ist gespeichert.",
    "The financing plan is saved.",
);
pub const CHANGED_MEANWHILE: Text = Text::new(
    "Jemand anderes hat den Antrag inzwischen geändert. Ihre Eingaben sind erhalten; prüfen Sie den gespeicherten Stand und speichern Sie erneut.",
    "Someone else changed the application in the meantime. Your input is kept; check the saved state and save again.",
);
pub const CHANGED_NOTHING_REMOVED: Text = Text::new(
    "Jemand anderes hat den Antrag inzwischen geändert; es wurde nichts entfernt. Bitte prüfen Sie die Liste.",
    "Someone else changed the application in the meantime; nothing was removed. Please check the list.",
);
pub const TOTAL_OR_YEARS: Text = Text::new(
    "Bitte entweder einen Gesamtbetrag oder Beträge je Jahr angeben, nicht beides.",
    "Please enter either a total or amounts per year, not both.",
);
pub const ENTER_PLEDGE_AMOUNT: Text = Text::new(
    "Bitte den zugesagten Betrag angeben, insgesamt oder je Jahr.",
    "Please enter the amount pledged, in total or per year.",
);
pub const CHOOSE_SOURCE: Text = Text::new(
    "Bitte wählen Sie, woher das Geld kommt.",
    "Please choose where the money comes from.",
);
pub const PLEDGE_SAVED: Text = Text::new(
    "Die Absichtserklärung ist gespeichert. Bitte laden Sie das unterschriebene Schreiben hoch.",
    "The letter of intent is saved. Please upload the signed letter.",
);
pub const PLEDGE_REMOVED: Text = Text::new(
    "Die Absichtserklärung ist entfernt.",
    "The letter of intent is removed.",
);
pub const LETTER_UPLOADED: Text =
    Text::new("Das Schreiben ist hochgeladen.", "The letter is uploaded.");

pub fn column(column: PlanColumn) -> Text {
    match column {
        PlanColumn::Costs => Text::new("Kosten/Ausgaben", "Costs/expenditure"),
        PlanColumn::Requested => Text::new("Beantragt", "Requested"),
        PlanColumn::Own => Text::new("Eigenanteil", "Own contribution"),
    }
}

pub fn source(source: PledgeSource) -> Text {
    match source {
        PledgeSource::Private => Text::new("Privat (Wirtschaft)", "Private (industry)"),
        PledgeSource::Land => Text::new("Land", "Land"),
    }
}

pub fn review(review: &PledgeReview) -> Text<String> {
    match review {
        PledgeReview::Unchecked => Text::new("noch nicht geprüft", "not checked yet").owned(),
        PledgeReview::Checked => Text::new("geprüft", "checked").owned(),
        PledgeReview::NotAccepted { reason } => Text {
            de: format!("nicht anerkannt: {reason}"),
            en: format!("not accepted: {reason}"),
        },
    }
}

pub fn coordinator(name: &str) -> Text<String> {
    Text {
        de: format!("Koordination: {name}"),
        en: format!("Coordinator: {name}"),
    }
}

pub fn needed(percent: u32) -> Text<String> {
    Text {
        de: format!("Verlangte private Kofinanzierung ({percent} % der Förderung)"),
        en: format!("Private co-financing required ({percent} % of the funding)"),
    }
}

pub fn rate(rate: FundingRate) -> Text<String> {
    if rate.lump_sum_percent > 0 {
        Text {
            de: format!(
                "Förderquote: bis {} % der Ausgaben zuzüglich {} % Projektpauschale.",
                rate.max_percent, rate.lump_sum_percent
            ),
            en: format!(
                "Funding rate: up to {} % of the expenditure plus a {} % lump sum.",
                rate.max_percent, rate.lump_sum_percent
            ),
        }
    } else {
        Text {
            de: format!("Förderquote: bis {} % der Kosten.", rate.max_percent),
            en: format!("Funding rate: up to {} % of the costs.", rate.max_percent),
        }
    }
}
