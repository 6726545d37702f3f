//! The eligibility rules checked when an application is submitted. Every failing rule is
//! reported, each tied to the form field it concerns; `texts::explanations` says it to a person.

use serde::{Deserialize, Serialize};

use super::application::Application;
use super::field::TechnologyField;
use super::financing::{PartnerSlot, PlanColumn, PledgeAmount};
use super::ids::PledgeId;
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
    /// The project's start and duration are missing.
    MissingTerm,
    /// A partner requests more in a year than its kind's funding rate allows on its costs.
    RateExceeded {
        slot: PartnerSlot,
        partner: String,
        year: i32,
        requested: Cents,
        max: Cents,
        percent: u32,
        lump_sum_percent: u32,
    },
    /// Funding and own contribution do not cover a year's costs.
    CostsNotCovered {
        slot: PartnerSlot,
        partner: String,
        year: i32,
        costs: Cents,
        covered: Cents,
    },
    /// A line lies outside the project's term (after the term was shortened).
    YearOutsideTerm {
        slot: PartnerSlot,
        partner: String,
        year: i32,
    },
    /// A pledge per year names a year outside the term.
    PledgeOutsideTerm {
        pledge: PledgeId,
        organisation: String,
        year: i32,
    },
    /// A pledge has no signed letter.
    PledgeWithoutLetter {
        pledge: PledgeId,
        organisation: String,
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
            Self::CofinancingTooLow { .. }
            | Self::PledgeOutsideTerm { .. }
            | Self::PledgeWithoutLetter { .. } => "cofinancing",
            Self::MissingTerm => "term",
            Self::RateExceeded { .. }
            | Self::CostsNotCovered { .. }
            | Self::YearOutsideTerm { .. } => "plan",

            Self::PartnerOutsideRegion { .. }
            | Self::TooFewPartners { .. }
            | Self::TooFewSmes { .. }
            | Self::MissingPartnerKind { .. } => "partners",
        }
    }
}

impl Ineligibility {
    /// The plan cell or pledge beside which the reason is shown on the financing page, if it
    /// concerns one: `plan-k-2027-requested`, `pledge-<id>`.
    pub fn cell(&self) -> Option<String> {
        match self {
            Self::RateExceeded { slot, year, .. } => {
                Some(slot.field_name(*year, PlanColumn::Requested))
            }
            Self::CostsNotCovered { slot, year, .. } => {
                Some(slot.field_name(*year, PlanColumn::Own))
            }
            Self::YearOutsideTerm { slot, year, .. } => {
                Some(slot.field_name(*year, PlanColumn::Costs))
            }
            Self::PledgeOutsideTerm { pledge, .. } | Self::PledgeWithoutLetter { pledge, .. } => {
                Some(format!("pledge-{pledge}"))
            }
            _ => None,
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
    failures.extend(check_plan(application, rules));
    failures.extend(check_pledges(application));
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
        let needed = cofinancing_needed(requested, percent);
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

/// The private co-financing `requested` federal funding needs at `percent`: requested ×
/// percent ÷ 100, rounded up to the cent, in 128 bits so that no amount overflows.
pub fn cofinancing_needed(requested: Cents, percent: u32) -> Cents {
    let needed = (i128::from(requested.get()) * i128::from(percent) + 99) / 100;
    Cents::new(i64::try_from(needed).unwrap_or(i64::MAX))
}

/// The rules of the financing plan, per partner and year: the kind's funding rate, costs
/// covered, and every line within the project's term.
fn check_plan(application: &Application, rules: &EligibilityRules) -> Vec<Ineligibility> {
    let plan = &application.plan;
    let mut failures = Vec::new();
    if plan.unattributed.is_some() && !plan.has_lines() {
        // An application from before plans: its typed totals stand until a plan is written.
        return failures;
    }
    let Some(term) = plan.term else {
        failures.push(Ineligibility::MissingTerm);
        return failures;
    };
    for ((slot, partner_plan), partner) in plan.slots().zip(application.all_partners()) {
        let rate = rules.funding_rates.of(partner.kind);
        for (year, line) in &partner_plan.years {
            let name = || partner.name.clone();
            if !term.contains_year(*year) {
                failures.push(Ineligibility::YearOutsideTerm {
                    slot,
                    partner: name(),
                    year: *year,
                });
            }
            if let Some(rate) = rate {
                let max = rate.most_requested(line.costs);
                if line.requested > max {
                    failures.push(Ineligibility::RateExceeded {
                        slot,
                        partner: name(),
                        year: *year,
                        requested: line.requested,
                        max,
                        percent: rate.max_percent,
                        lump_sum_percent: rate.lump_sum_percent,
                    });
                }
            }
            let covered = line.requested + line.own;
            if covered < line.costs {
                failures.push(Ineligibility::CostsNotCovered {
                    slot,
                    partner: name(),
                    year: *year,
                    costs: line.costs,
                    covered,
                });
            }
        }
    }
    failures
}

/// Every pledge that counts needs its signed letter, and a pledge per year lies within the
/// term.
fn check_pledges(application: &Application) -> Vec<Ineligibility> {
    let term = application.plan.term;
    let mut failures = Vec::new();
    for pledge in application.pledges.iter().filter(|p| p.counts()) {
        if pledge.letter.is_none() {
            failures.push(Ineligibility::PledgeWithoutLetter {
                pledge: pledge.id,
                organisation: pledge.organisation.clone(),
            });
        }
        if let PledgeAmount::PerYear(years) = &pledge.amount {
            for year in years.keys() {
                if !term.is_some_and(|t| t.contains_year(*year)) {
                    failures.push(Ineligibility::PledgeOutsideTerm {
                        pledge: pledge.id,
                        organisation: pledge.organisation.clone(),
                        year: *year,
                    });
                }
            }
        }
    }
    failures
}
