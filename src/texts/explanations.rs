//! What the domain's typed reasons and kinds mean for a person: why an application is not
//! eligible, why an upload is refused, and the names of technology fields and partner kinds.

use super::Text;
use crate::documents::UploadProblem;
use crate::domain::account::Language;
use crate::domain::eligibility::Ineligibility;
use crate::domain::field::TechnologyField;
use crate::domain::money::{AmountError, Cents};
use crate::domain::partner::PartnerKind;

/// An amount in an English message: `€15,000,000.00`.
fn en(amount: Cents) -> String {
    crate::number_display::money(amount, Language::En)
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// Why an application may not be submitted, for the form field the reason belongs to.
pub fn ineligibility(reason: &Ineligibility) -> Text<String> {
    use Ineligibility as I;
    if let Some(text) = super::financing::ineligibility(reason) {
        return text;
    }
    match reason {
        I::MissingTitle => Text::new("Der Titel fehlt.", "The title is missing.").owned(),
        I::MissingSummary => {
            Text::new("Die Zusammenfassung fehlt.", "The summary is missing.").owned()
        }
        I::MissingField => Text::new(
            "Bitte ein Technologiefeld wählen.",
            "Please choose a technology field.",
        )
        .owned(),
        I::NothingRequested => Text::new(
            "Bitte die beantragte Förderung angeben.",
            "Please state the federal funding requested.",
        )
        .owned(),
        I::PartnerOutsideRegion {
            partner,
            land,
            eligible,
        } => Text {
            de: format!(
                "{partner} hat den Sitz in {land}; teilnahmeberechtigt sind nur {}.",
                join(eligible.iter().map(|l| l.name()))
            ),
            en: format!("{partner} is based in {land}, which is not eligible."),
        },
        I::TooFewPartners { have, need } => Text {
            de: format!("Das Konsortium braucht mindestens {need} Partner, es hat {have}."),
            en: format!("The consortium needs at least {need} partners; it has {have}."),
        },
        I::TooFewSmes { have, need } => Text {
            de: format!("Mindestens {need} Partner müssen KMU sein, es sind {have}."),
            en: format!("At least {need} partners must be SMEs; {have} are."),
        },
        I::MissingPartnerKind { requirement } => Text {
            de: format!("Zum Konsortium muss {requirement} gehören."),
            en: format!("The consortium must include {requirement}."),
        },
        I::RequestAboveMaximum { requested, max } => Text {
            de: format!("Beantragt sind {requested}; je Antrag sind höchstens {max} möglich."),
            en: format!(
                "{} requested; at most {} per application.",
                en(*requested),
                en(*max)
            ),
        },
        I::CofinancingTooLow {
            private,
            needed,
            percent,
        } => Text {
            de: format!(
                "Die private Kofinanzierung von {private} reicht nicht: verlangt sind {percent} % \
                 der beantragten Förderung, also mindestens {needed}."
            ),
            en: format!(
                "Private co-financing of {} is too low: {percent} % of the request, at least {}, is required.",
                en(*private),
                en(*needed)
            ),
        },
        I::FieldNotOpen { field, open } => Text {
            de: format!(
                "{} ist in diesem Wettbewerb nicht vorgesehen; offen sind {}.",
                self::field(*field).de,
                join(open.iter().map(|f| self::field(*f).de))
            ),
            en: format!(
                "{} is not open in this competition; open are {}.",
                self::field(*field).en,
                join(open.iter().map(|f| self::field(*f).en))
            ),
        },
        I::MissingTerm
        | I::RateExceeded { .. }
        | I::CostsNotCovered { .. }
        | I::YearOutsideTerm { .. }
        | I::PledgeOutsideTerm { .. }
        | I::PledgeWithoutLetter { .. } => {
            unreachable!("the financing texts say these")
        }
    }
}

/// Why a typed amount is refused.
pub fn amount(error: &AmountError) -> Text<String> {
    match error {
        AmountError::Empty => Text {
            de: "Bitte einen Betrag in Euro angeben.".to_owned(),
            en: "Please enter an amount in euro.".to_owned(),
        },
        AmountError::NotAnAmount(text) => Text {
            de: format!("„{text}“ ist kein Betrag in Euro."),
            en: format!("“{text}” is not an amount in euro."),
        },
        AmountError::TooManyDecimals(text) => Text {
            de: format!("„{text}“ hat mehr als zwei Nachkommastellen."),
            en: format!("“{text}” has more than two decimal places."),
        },
        AmountError::TooLarge(text) => Text {
            de: format!("„{text}“ ist zu groß."),
            en: format!("“{text}” is too large."),
        },
    }
}

/// Why an uploaded file is refused.
pub fn upload(problem: &UploadProblem) -> Text<String> {
    match problem {
        UploadProblem::TooLarge { limit } => Text {
            de: format!(
                "Die Datei ist größer als {} MB. Bitte verkleinern Sie sie oder teilen Sie sie auf.",
                limit / (1024 * 1024)
            ),
            en: format!(
                "The file is larger than {} MB. Please make it smaller or split it.",
                limit / (1024 * 1024)
            ),
        },
        UploadProblem::NotPdf => Text::new(
            "Die Datei ist kein PDF-Dokument. Bitte laden Sie Unterlagen als PDF hoch.",
            "The file is not a PDF document. Please upload PDF files.",
        )
        .owned(),
        UploadProblem::Empty => {
            Text::new("Bitte wählen Sie eine Datei aus.", "Please choose a file.").owned()
        }
    }
}

/// A technology field's name.
pub fn field(field: TechnologyField) -> Text {
    use TechnologyField as F;
    match field {
        F::Biotechnology => Text::new("Biotechnologie", "Biotechnology"),
        F::MedicalTechnology => Text::new("Medizintechnik", "Medical technology"),
        F::InformationTechnology => Text::new(
            "Informations- und Kommunikationstechnik",
            "Information and communication technology",
        ),
        F::Photonics => Text::new(
            "Optische Technologien und Photonik",
            "Optical technologies and photonics",
        ),
        F::Microelectronics => Text::new("Mikroelektronik", "Microelectronics"),
        F::Energy => Text::new("Energie", "Energy"),
        F::Mobility => Text::new("Mobilität", "Mobility"),
        F::Materials => Text::new("Werkstoffe", "Materials"),
        F::Production => Text::new("Produktionstechnik", "Production technology"),
        F::Environment => Text::new("Umwelt", "Environment"),
        F::Aerospace => Text::new("Luft- und Raumfahrt", "Aerospace"),
        F::Chemistry => Text::new("Chemie", "Chemistry"),
        F::Logistics => Text::new("Logistik", "Logistics"),
        F::Other => Text::new("Sonstiges", "Other"),
    }
}

/// A kind of partner organisation's name.
pub fn partner_kind(kind: PartnerKind) -> Text {
    match kind {
        PartnerKind::Company => Text::new("Unternehmen", "Company"),
        PartnerKind::Sme => Text::new("KMU", "SME"),
        PartnerKind::University => Text::new("Hochschule", "University"),
        PartnerKind::ResearchInstitute => Text::new("Forschungseinrichtung", "Research institute"),
        PartnerKind::Other => Text::new("Sonstige Einrichtung", "Other organisation"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_english_page_explains_a_closed_field_and_an_unreadable_amount_in_english() {
        let closed = ineligibility(&Ineligibility::FieldNotOpen {
            field: TechnologyField::Photonics,
            open: vec![TechnologyField::Energy, TechnologyField::Mobility],
        });
        assert_eq!(
            closed.en,
            "Optical technologies and photonics is not open in this competition; open are Energy, Mobility."
        );
        assert!(closed.de.starts_with(
            "Optische Technologien und Photonik ist in diesem Wettbewerb nicht vorgesehen"
        ));

        let garbled = amount(&AmountError::NotAnAmount("zwölf".into()));
        assert_eq!(garbled.en, "“zwölf” is not an amount in euro.");
        assert_eq!(garbled.de, "„zwölf“ ist kein Betrag in Euro.");
        let precise = amount(&AmountError::TooManyDecimals("1,005".into()));
        assert_eq!(precise.en, "“1,005” has more than two decimal places.");
    }
}
