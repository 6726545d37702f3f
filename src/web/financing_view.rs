//! The money of one application, read only: the financing plan per partner and budget year
//! with its totals, each partner's funding rate, the letters of intent with staff's check,
//! and the co-financing that counts against what the competition's rule needs.
//!
//! Staff, jurors and the consortium (for a submitted version) see the same tables
//! (`templates/financing/view.html`); each page says where a pledge's letter is downloaded.

use crate::domain::account::Language;
use crate::domain::eligibility::cofinancing_needed;
use crate::domain::financing::{
    FinancingPlan, FundingRate, PlanLine, Pledge, PledgeAmount, PledgeReview, PledgeTotals,
};
use crate::domain::ids::PledgeId;
use crate::domain::money::Cents;
use crate::domain::partner::Partner;
use crate::domain::setup::EligibilityRules;
use crate::number_display::money;
use crate::texts::explanations::partner_kind;
use crate::texts::financing_view as words;

/// One line's three figures, formatted.
pub struct Cells {
    pub costs: String,
    pub requested: String,
    pub own: String,
}

impl Cells {
    fn of(line: PlanLine, lang: Language) -> Self {
        Self {
            costs: money(line.costs, lang),
            requested: money(line.requested, lang),
            own: money(line.own, lang),
        }
    }
}

pub struct PartnerMoney {
    pub name: String,
    pub kind: String,
    pub land: String,
    /// The kind's funding rate, "50 %" or "100 % + 20 % Pauschale"; empty when not limited.
    pub rate: String,
    /// One per shown year, in order.
    pub years: Vec<(i32, Cells)>,
    pub total: Cells,
}

pub struct PledgeRow {
    pub id: String,
    pub organisation: String,
    pub source: String,
    /// The pledged amount in total.
    pub amount: String,
    /// Per budget year, for a pledge per year; empty for a pledge in total.
    pub years: Vec<(i32, String)>,
    /// Where its letter is downloaded, and the letter's name.
    pub letter: Option<(String, String)>,
    pub review: String,
    pub reason: String,
    /// `unchecked`, `checked` or `not-accepted`: the state's key in forms.
    pub state: &'static str,
    pub counts: bool,
}

/// The page's money section.
pub struct FinancingView {
    /// "01/2027 – 12/2031 (60 Monate)"; empty without a term.
    pub term: String,
    pub years: Vec<i32>,
    pub partners: Vec<PartnerMoney>,
    pub per_year: Vec<(i32, Cells)>,
    pub total: Cells,
    /// An application from before plans: only its typed totals.
    pub typed_only: bool,
    pub requested: String,
    pub pledges: Vec<PledgeRow>,
    /// The private co-financing in letters not refused.
    pub counting: String,
    pub land_money: String,
    /// What the competition's rule needs, with its percent; `None` without a rule.
    pub needed: Option<(String, u32)>,
    pub enough: bool,
}

fn rate_text(rate: FundingRate, lang: Language) -> String {
    let words = words::rate(rate.max_percent, rate.lump_sum_percent);
    match lang {
        Language::De => words.de,
        Language::En => words.en,
    }
}

impl FinancingView {
    /// The view of `plan` and `pledges` with the consortium `partners` (the coordinator first,
    /// as the plan's slots are); `letter_href` names where a pledge's letter is downloaded.
    pub fn build<'a>(
        plan: &FinancingPlan,
        pledges: &[Pledge],
        partners: impl IntoIterator<Item = &'a Partner>,
        rules: &EligibilityRules,
        lang: Language,
        letter_href: impl Fn(PledgeId) -> String,
    ) -> Self {
        let say = |text: crate::texts::Text| match lang {
            Language::De => text.de.to_owned(),
            Language::En => text.en.to_owned(),
        };
        let years = plan.shown_years();
        let partners: Vec<PartnerMoney> = plan
            .slots()
            .zip(partners)
            .map(|((_, partner_plan), partner)| PartnerMoney {
                name: partner.name.clone(),
                kind: say(partner_kind(partner.kind)),
                land: partner.land.name().to_owned(),
                rate: rules
                    .funding_rates
                    .of(partner.kind)
                    .map(|r| rate_text(r, lang))
                    .unwrap_or_default(),
                years: years
                    .iter()
                    .map(|y| (*y, Cells::of(partner_plan.line(*y), lang)))
                    .collect(),
                total: Cells::of(partner_plan.total(), lang),
            })
            .collect();
        let per_year_lines = plan.per_year();
        let per_year = years
            .iter()
            .map(|y| {
                let line = per_year_lines.get(y).copied().unwrap_or_default();
                (*y, Cells::of(line, lang))
            })
            .collect();
        let requested = plan.requested();
        let totals = PledgeTotals::of(pledges);
        let typed_only = plan.unattributed.is_some() && !plan.has_lines() && pledges.is_empty();
        let counting = match plan.unattributed {
            Some(typed) if typed_only => typed.cofinancing,
            _ => totals.private,
        };
        let needed = rules
            .min_cofinancing_percent
            .map(|percent| (cofinancing_needed(requested, percent), percent));
        Self {
            term: plan
                .term
                .map(|t| {
                    let (end_year, end_month) = t.end();
                    let months = say(words::MONTHS);
                    format!(
                        "{:02}/{} – {end_month:02}/{end_year} ({} {months})",
                        t.start_month, t.start_year, t.months
                    )
                })
                .unwrap_or_default(),
            years,
            partners,
            per_year,
            total: Cells::of(plan.total(), lang),
            typed_only,
            requested: money(requested, lang),
            pledges: pledges
                .iter()
                .map(|p| pledge_row(p, lang, &letter_href))
                .collect(),
            counting: money(counting, lang),
            land_money: money(totals.land, lang),
            enough: needed.is_none_or(|(n, _)| counting >= n),
            needed: needed.map(|(n, percent)| (money(n, lang), percent)),
        }
    }
}

fn pledge_row(pledge: &Pledge, lang: Language, href: &impl Fn(PledgeId) -> String) -> PledgeRow {
    let say = |text: crate::texts::Text| match lang {
        Language::De => text.de.to_owned(),
        Language::En => text.en.to_owned(),
    };
    let (review, reason, state) = match &pledge.review {
        PledgeReview::Unchecked => (say(words::UNCHECKED), String::new(), "unchecked"),
        PledgeReview::Checked => (say(words::CHECKED), String::new(), "checked"),
        PledgeReview::NotAccepted { reason } => {
            (say(words::NOT_ACCEPTED), reason.clone(), "not-accepted")
        }
    };
    PledgeRow {
        id: pledge.id.to_string(),
        organisation: pledge.organisation.clone(),
        source: say(words::source(pledge.source)),
        amount: money(pledge.amount.total(), lang),
        years: match &pledge.amount {
            PledgeAmount::Total(_) => Vec::new(),
            PledgeAmount::PerYear(years) => years
                .iter()
                .filter(|(_, amount)| **amount > Cents::ZERO)
                .map(|(year, amount)| (*year, money(*amount, lang)))
                .collect(),
        },
        letter: pledge.letter.as_ref().map(|l| {
            (
                href(pledge.id),
                crate::file_name::clean(&l.file_name).to_string(),
            )
        }),
        review,
        reason,
        state,
        counts: pledge.counts(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::financing::{PartnerPlan, PartnerSlot, PledgeSource, ProjectTerm};
    use crate::domain::land::Land;
    use crate::domain::partner::PartnerKind;
    use crate::domain::presets::federal_rates;

    fn line(costs: i64, requested: i64, own: i64) -> PlanLine {
        PlanLine {
            costs: Cents::euros(costs),
            requested: Cents::euros(requested),
            own: Cents::euros(own),
        }
    }

    #[test]
    fn totals_per_partner_per_year_and_overall_and_refused_pledges_do_not_count() {
        let mut plan = FinancingPlan {
            term: Some(ProjectTerm::new(2027, 7, 24).unwrap()),
            ..Default::default()
        };
        plan.set(
            PartnerSlot::Coordinator,
            PartnerPlan {
                years: BTreeMap::from([(2027, line(100, 120, 0)), (2028, line(200, 240, 0))]),
            },
        );
        plan.set(
            PartnerSlot::Partner(0),
            PartnerPlan {
                years: BTreeMap::from([(2028, line(1000, 500, 500))]),
            },
        );
        let partners = [
            Partner {
                name: "TU Dresden".into(),
                kind: PartnerKind::University,
                land: Land::Sachsen,
            },
            Partner {
                name: "Muster AG".into(),
                kind: PartnerKind::Company,
                land: Land::Sachsen,
            },
        ];
        let pledge = |organisation: &str, euros: i64, review| Pledge {
            id: PledgeId::from_uuid(uuid::Uuid::now_v7()),
            organisation: organisation.into(),
            source: PledgeSource::Private,
            amount: PledgeAmount::Total(Cents::euros(euros)),
            letter: None,
            review,
        };
        let pledges = [
            pledge("Muster AG", 700, PledgeReview::Checked),
            pledge(
                "Zweifel GmbH",
                300,
                PledgeReview::NotAccepted {
                    reason: "Nicht unterschrieben".into(),
                },
            ),
        ];
        let mut rules = crate::domain::presets::blank("x", chrono::Utc::now()).rules;
        rules.funding_rates = federal_rates();
        rules.min_cofinancing_percent = Some(100);
        let view = FinancingView::build(&plan, &pledges, &partners, &rules, Language::De, |id| {
            format!("/x/{id}")
        });
        assert_eq!(view.years, vec![2027, 2028, 2029]);
        assert_eq!(view.partners[0].total.requested, "360,00 €");
        assert_eq!(view.partners[0].rate, "100 % + 20 % Pauschale");
        assert_eq!(view.partners[1].years[0].1.costs, "0,00 €");
        assert_eq!(view.per_year[1].1.requested, "740,00 €");
        assert_eq!(view.total.costs, "1.300,00 €");
        assert_eq!(view.counting, "700,00 €");
        assert_eq!(view.needed, Some(("860,00 €".to_owned(), 100)));
        assert!(!view.enough);
        assert!(!view.pledges[1].counts);
        assert_eq!(view.pledges[1].reason, "Nicht unterschrieben");
        assert_eq!(view.term, "07/2027 – 06/2029 (24 Monate)");
    }
}
