//! The eligibility rules checked when an application is submitted. Every failing rule is
//! reported, each tied to the form field it concerns, in German and English.

use serde::{Deserialize, Serialize};

use super::application::Application;
use super::field::TechnologyField;
use super::land::Land;
use super::money::Cents;
use super::partner::{Partner, PartnerKind};
use super::setup::EligibilityRules;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ineligibility {
    MissingTitle,
    MissingSummary,
    MissingField,
    NothingRequested,
    PartnerOutsideRegion {
        partner: String,
        land: Land,
        eligible: Vec<Land>,
    },
    TooFewPartners {
        have: u32,
        need: u32,
    },
    TooFewSmes {
        have: u32,
        need: u32,
    },
    MissingPartnerKind {
        requirement: String,
    },
    RequestAboveMaximum {
        requested: Cents,
        max: Cents,
    },
    CofinancingTooLow {
        private: Cents,
        needed: Cents,
        percent: u32,
    },
    FieldNotOpen {
        field: TechnologyField,
        open: Vec<TechnologyField>,
    },
}

/// An amount in an English message: `€15,000,000.00`.
fn en(amount: Cents) -> String {
    crate::number_display::money(amount, super::account::Language::En)
}

impl Ineligibility {
    /// The form field beside which the reason is shown.
    pub fn field(&self) -> &'static str {
        match self {
            Self::MissingTitle => "title",
            Self::MissingSummary => "summary",
            Self::MissingField | Self::FieldNotOpen { .. } => "field",
            Self::NothingRequested | Self::RequestAboveMaximum { .. } => "requested",
            Self::CofinancingTooLow { .. } => "cofinancing",
            Self::PartnerOutsideRegion { .. }
            | Self::TooFewPartners { .. }
            | Self::TooFewSmes { .. }
            | Self::MissingPartnerKind { .. } => "partners",
        }
    }

    pub fn message_de(&self) -> String {
        match self {
            Self::MissingTitle => "Der Titel fehlt.".into(),
            Self::MissingSummary => "Die Zusammenfassung fehlt.".into(),
            Self::MissingField => "Bitte ein Technologiefeld wählen.".into(),
            Self::NothingRequested => "Bitte die beantragte Förderung angeben.".into(),
            Self::PartnerOutsideRegion {
                partner,
                land,
                eligible,
            } => format!(
                "{partner} hat den Sitz in {land}; teilnahmeberechtigt sind nur {}.",
                join(eligible.iter().map(|l| l.name()))
            ),
            Self::TooFewPartners { have, need } => {
                format!("Das Konsortium braucht mindestens {need} Partner, es hat {have}.")
            }
            Self::TooFewSmes { have, need } => {
                format!("Mindestens {need} Partner müssen KMU sein, es sind {have}.")
            }
            Self::MissingPartnerKind { requirement } => {
                format!("Zum Konsortium muss {requirement} gehören.")
            }
            Self::RequestAboveMaximum { requested, max } => {
                format!("Beantragt sind {requested}; je Antrag sind höchstens {max} möglich.")
            }
            Self::CofinancingTooLow {
                private,
                needed,
                percent,
            } => format!(
                "Die private Kofinanzierung von {private} reicht nicht: verlangt sind {percent} % \
                 der beantragten Förderung, also mindestens {needed}."
            ),
            Self::FieldNotOpen { field, open } => format!(
                "{field} ist in diesem Wettbewerb nicht vorgesehen; offen sind {}.",
                join(open.iter().map(|f| f.name_de()))
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Self::MissingTitle => "The title is missing.".into(),
            Self::MissingSummary => "The summary is missing.".into(),
            Self::MissingField => "Please choose a technology field.".into(),
            Self::NothingRequested => "Please state the federal funding requested.".into(),
            Self::PartnerOutsideRegion { partner, land, .. } => {
                format!("{partner} is based in {land}, which is not eligible.")
            }
            Self::TooFewPartners { have, need } => {
                format!("The consortium needs at least {need} partners; it has {have}.")
            }
            Self::TooFewSmes { have, need } => {
                format!("At least {need} partners must be SMEs; {have} are.")
            }
            Self::MissingPartnerKind { requirement } => {
                format!("The consortium must include {requirement}.")
            }
            Self::RequestAboveMaximum { requested, max } => {
                format!(
                    "{} requested; at most {} per application.",
                    en(*requested),
                    en(*max)
                )
            }
            Self::CofinancingTooLow {
                private,
                needed,
                percent,
            } => format!(
                "Private co-financing of {} is too low: {percent} % of the request, at least {}, is required.",
                en(*private),
                en(*needed)
            ),
            Self::FieldNotOpen { field, .. } => {
                format!("{field} is not open in this competition.")
            }
        }
    }
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// Every rule the application fails; empty if it may be submitted.
pub fn check(application: &Application, rules: &EligibilityRules) -> Vec<Ineligibility> {
    let mut failures = Vec::new();
    if application.title.trim().is_empty() {
        failures.push(Ineligibility::MissingTitle);
    }
    if application.summary.trim().is_empty() {
        failures.push(Ineligibility::MissingSummary);
    }
    let partners: Vec<&Partner> = application.all_partners().collect();
    for partner in &partners {
        if !rules.lands.contains(&partner.land) {
            failures.push(Ineligibility::PartnerOutsideRegion {
                partner: partner.name.clone(),
                land: partner.land,
                eligible: rules.lands.iter().copied().collect(),
            });
        }
    }
    let have = partners.len() as u32;
    if have < rules.min_partners {
        failures.push(Ineligibility::TooFewPartners {
            have,
            need: rules.min_partners,
        });
    }
    let smes = partners
        .iter()
        .filter(|p| p.kind == PartnerKind::Sme)
        .count() as u32;
    if smes < rules.min_smes {
        failures.push(Ineligibility::TooFewSmes {
            have: smes,
            need: rules.min_smes,
        });
    }
    for requirement in &rules.required_kinds {
        if !partners.iter().any(|p| requirement.kinds.contains(&p.kind)) {
            failures.push(Ineligibility::MissingPartnerKind {
                requirement: requirement.label.clone(),
            });
        }
    }
    failures.extend(check_money(application, rules));
    match (application.field, &rules.technology_fields) {
        (None, _) => failures.push(Ineligibility::MissingField),
        (Some(field), Some(open)) if !open.contains(&field) => {
            failures.push(Ineligibility::FieldNotOpen {
                field,
                open: open.iter().copied().collect(),
            })
        }
        _ => {}
    }
    failures
}

fn check_money(application: &Application, rules: &EligibilityRules) -> Vec<Ineligibility> {
    let mut failures = Vec::new();
    let requested = application.requested;
    if requested <= Cents::ZERO {
        failures.push(Ineligibility::NothingRequested);
    }
    if let Some(max) = rules.max_requested.filter(|max| requested > *max) {
        failures.push(Ineligibility::RequestAboveMaximum { requested, max });
    }
    if let Some(percent) = rules.min_cofinancing_percent {
        // private / federal >= percent / 100, in integers; rounded up to the cent.
        // In i128, so that no amount a form accepts can overflow.
        let needed = (i128::from(requested.get()) * i128::from(percent) + 99) / 100;
        let needed = Cents::new(i64::try_from(needed).unwrap_or(i64::MAX));
        if application.cofinancing < needed {
            failures.push(Ineligibility::CofinancingTooLow {
                private: application.cofinancing,
                needed,
                percent,
            });
        }
    }
    failures
}
