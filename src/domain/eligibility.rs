//! The eligibility rules checked when an application is submitted. Every failing rule is
//! reported, each tied to the form field it concerns; `texts::explanations` says it to a person.

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
