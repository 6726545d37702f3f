//! given / when / then for the financing plan, the funding rates and the pledges, with the
//! federal rates of the presets and amounts at every boundary, in cents.

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::domain::aggregate::Aggregate;
use crate::domain::aggregate::testing::given;
use crate::domain::application::{
    Application, ApplicationCommand as C, ApplicationError as Err, ApplicationEvent as E, Details,
    DocumentRef,
};
use crate::domain::eligibility::{Ineligibility as I, check};
use crate::domain::email_address::EmailAddress;
use crate::domain::field::TechnologyField;
use crate::domain::ids::{AccountId, ApplicationId, CompetitionId, PledgeId};
use crate::domain::land::Land;
use crate::domain::money::Cents;
use crate::domain::partner::{Partner, PartnerKind};
use crate::domain::presets::Preset;
use crate::domain::setup::EligibilityRules;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn rules() -> EligibilityRules {
    Preset::Spitzencluster.setup(t0()).rules
}

fn partner(name: &str, kind: PartnerKind) -> Partner {
    Partner {
        name: name.into(),
        kind,
        land: Land::Sachsen,
    }
}

/// A consortium coordinated by `coordinator`, with a company and an SME, its term 2027 to
/// 2029 (36 months from January).
fn draft(coordinator: PartnerKind) -> Vec<E> {
    vec![
        E::ApplicationCreated {
            application_id: ApplicationId::from_uuid(uuid::Uuid::from_u128(1)),
            competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(2)),
            owner: AccountId::from_uuid(uuid::Uuid::from_u128(3)),
            coordinator: partner("TU Dresden", coordinator),
            contact: EmailAddress::parse("cluster@tu-dresden.de").unwrap(),
            title: "Silicon Saxony".into(),
            at: t0(),
        },
        E::DetailsChanged {
            details: Details::new(
                "Silicon Saxony".into(),
                "Mikroelektronik".into(),
                Some(TechnologyField::Microelectronics),
            ),
            at: t0(),
        },
        E::PartnerAdded {
            partner: partner("Infineon AG", PartnerKind::Company),
            at: t0(),
        },
        E::PartnerAdded {
            partner: partner("Lichtwerk GmbH", PartnerKind::Sme),
            at: t0(),
        },
        E::ProjectTermSet {
            term: ProjectTerm::new(2027, 1, 36).unwrap(),
            at: t0(),
        },
    ]
}

fn line(costs: i64, requested: i64, own: i64) -> PlanLine {
    PlanLine {
        costs: Cents::new(costs),
        requested: Cents::new(requested),
        own: Cents::new(own),
    }
}

fn plan(years: &[(i32, PlanLine)]) -> PartnerPlan {
    PartnerPlan {
        years: years.iter().copied().collect(),
    }
}

fn with_plan(mut events: Vec<E>, slot: PartnerSlot, partner_plan: PartnerPlan) -> Vec<E> {
    events.push(E::PartnerPlanChanged {
        slot,
        plan: partner_plan,
        at: t0(),
    });
    events
}

fn failures(events: &[E]) -> Vec<I> {
    check(&Application::from_events(events), &rules())
}

fn plan_failures(events: &[E]) -> Vec<I> {
    failures(events)
        .into_iter()
        .filter(|f| {
            matches!(
                f,
                I::RateExceeded { .. } | I::CostsNotCovered { .. } | I::YearOutsideTerm { .. }
            )
        })
        .collect()
}

#[test]
fn a_company_may_request_half_of_its_costs_and_not_a_cent_more() {
    let company = PartnerSlot::Partner(0);
    let at_rate = with_plan(
        draft(PartnerKind::University),
        company,
        plan(&[(2027, line(1_000_001, 500_000, 500_001))]),
    );
    assert_eq!(plan_failures(&at_rate), vec![]);

    let above = with_plan(
        draft(PartnerKind::University),
        company,
        plan(&[(2027, line(1_000_001, 500_001, 500_000))]),
    );
    assert_eq!(
        plan_failures(&above),
        vec![I::RateExceeded {
            slot: company,
            partner: "Infineon AG".into(),
            year: 2027,
            requested: Cents::new(500_001),
            // 50 % of 10.000,01 € is 5.000,005 €: rounded down, so the half cent is refused.
            max: Cents::new(500_000),
            percent: 50,
            lump_sum_percent: 0,
        }]
    );
}

#[test]
fn an_sme_may_request_seventy_percent_where_a_company_may_request_fifty() {
    let seventy = line(10_000_000, 7_000_000, 3_000_000);
    let sme = with_plan(
        draft(PartnerKind::University),
        PartnerSlot::Partner(1),
        plan(&[(2028, seventy)]),
    );
    assert_eq!(plan_failures(&sme), vec![]);
    let company = with_plan(
        draft(PartnerKind::University),
        PartnerSlot::Partner(0),
        plan(&[(2028, seventy)]),
    );
    assert!(matches!(
        plan_failures(&company)[..],
        [I::RateExceeded { max, percent: 50, .. }] if max == Cents::new(5_000_000)
    ));
}

#[test]
fn a_university_may_request_all_its_expenditure_plus_the_lump_sum() {
    let coordinator = PartnerSlot::Coordinator;
    let with_lump_sum = with_plan(
        draft(PartnerKind::University),
        coordinator,
        plan(&[(2027, line(10_000_000, 12_000_000, 0))]),
    );
    assert_eq!(plan_failures(&with_lump_sum), vec![]);
    let above = with_plan(
        draft(PartnerKind::University),
        coordinator,
        plan(&[(2027, line(10_000_000, 12_000_001, 0))]),
    );
    assert!(matches!(
        &plan_failures(&above)[..],
        [I::RateExceeded { max, percent: 100, lump_sum_percent: 20, .. }]
            if *max == Cents::new(12_000_000)
    ));
    // A research institute has no lump sum: all of its expenditure, no more.
    let institute = with_plan(
        draft(PartnerKind::ResearchInstitute),
        coordinator,
        plan(&[(2027, line(10_000_000, 10_000_001, 0))]),
    );
    assert!(matches!(
        &plan_failures(&institute)[..],
        [I::RateExceeded { max, .. }] if *max == Cents::new(10_000_000)
    ));
}

#[test]
fn funding_and_own_contribution_must_cover_each_years_costs() {
    let company = PartnerSlot::Partner(0);
    let short = with_plan(
        draft(PartnerKind::University),
        company,
        plan(&[
            (2027, line(1_000_000, 500_000, 500_000)),
            (2028, line(1_000_000, 500_000, 499_999)),
        ]),
    );
    assert_eq!(
        plan_failures(&short),
        vec![I::CostsNotCovered {
            slot: company,
            partner: "Infineon AG".into(),
            year: 2028,
            costs: Cents::new(1_000_000),
            covered: Cents::new(999_999),
        }]
    );
    let reason = &plan_failures(&short)[0];
    assert_eq!(reason.field(), "plan");
    assert_eq!(reason.cell().unwrap(), "plan-0-2028-own");
}

#[test]
fn a_shortened_term_leaves_its_last_year_outside_and_that_is_reported() {
    let mut events = with_plan(
        draft(PartnerKind::University),
        PartnerSlot::Coordinator,
        plan(&[
            (2027, line(1_000_000, 1_000_000, 0)),
            (2029, line(1_000_000, 1_000_000, 0)),
        ]),
    );
    events.push(E::ProjectTermSet {
        term: ProjectTerm::new(2027, 1, 24).unwrap(),
        at: t0(),
    });
    assert_eq!(
        plan_failures(&events),
        vec![I::YearOutsideTerm {
            slot: PartnerSlot::Coordinator,
            partner: "TU Dresden".into(),
            year: 2029,
        }]
    );
    // New lines outside the term are refused when saved.
    let refused = given::<Application>(events).when(C::ChangePartnerPlan {
        slot: PartnerSlot::Coordinator,
        plan: plan(&[(2029, line(1, 1, 0))]),
        now: t0(),
    });
    assert_eq!(refused, Err(Err::YearOutsideTerm { year: 2029 }));
}

#[test]
fn a_term_counts_the_budget_years_it_touches() {
    assert_eq!(
        ProjectTerm::new(2027, 7, 36).unwrap().years(),
        vec![2027, 2028, 2029, 2030]
    );
    assert_eq!(ProjectTerm::new(2027, 1, 12).unwrap().years(), vec![2027]);
    assert_eq!(ProjectTerm::new(2027, 12, 2).unwrap().end(), (2028, 1));
    assert_eq!(ProjectTerm::new(2027, 13, 2), Err(TermError::Month));
    assert_eq!(ProjectTerm::new(2027, 1, 121), Err(TermError::Months));
    assert_eq!(ProjectTerm::new(2027, 1, 0), Err(TermError::Months));
}

fn pledge(n: u128, source: PledgeSource, amount: PledgeAmount, letter: bool) -> Pledge {
    Pledge {
        id: PledgeId::from_uuid(uuid::Uuid::from_u128(n)),
        organisation: format!("Industriepartner {n} GmbH"),
        source,
        amount,
        letter: letter.then(|| DocumentRef {
            sha256: format!("{n:064}"),
            file_name: "zusage.pdf".into(),
            size: 1000,
        }),
        review: PledgeReview::Unchecked,
    }
}

/// A plan requesting 1.000.000,00 € in 2027, with `pledges` recorded.
fn pledged(pledges: Vec<Pledge>) -> Vec<E> {
    let mut events = with_plan(
        draft(PartnerKind::University),
        PartnerSlot::Coordinator,
        plan(&[(2027, line(100_000_000, 100_000_000, 0))]),
    );
    for pledge in pledges {
        events.push(E::PledgeRecorded { pledge, at: t0() });
    }
    events
}

fn cofinancing_failures(events: &[E]) -> Vec<I> {
    failures(events)
        .into_iter()
        .filter(|f| f.field() == "cofinancing")
        .collect()
}

#[test]
fn private_money_pledged_equal_to_the_federal_money_meets_the_rule_and_a_cent_less_does_not() {
    let per_year = PledgeAmount::PerYear([(2027, Cents::new(60_000_000))].into());
    let enough = pledged(vec![
        pledge(1, PledgeSource::Private, per_year.clone(), true),
        pledge(
            2,
            PledgeSource::Private,
            PledgeAmount::Total(Cents::new(40_000_000)),
            true,
        ),
    ]);
    let application = Application::from_events(&enough);
    assert_eq!(application.requested, Cents::new(100_000_000));
    assert_eq!(application.cofinancing, Cents::new(100_000_000));
    assert_eq!(cofinancing_failures(&enough), vec![]);

    let short = pledged(vec![
        pledge(1, PledgeSource::Private, per_year, true),
        pledge(
            2,
            PledgeSource::Private,
            PledgeAmount::Total(Cents::new(39_999_999)),
            true,
        ),
        // The Land's money is shown beside the private money, but does not count for it.
        pledge(
            3,
            PledgeSource::Land,
            PledgeAmount::Total(Cents::new(50_000_000)),
            true,
        ),
    ]);
    assert_eq!(
        Application::from_events(&short).land_money,
        Cents::new(50_000_000)
    );
    assert_eq!(
        cofinancing_failures(&short),
        vec![I::CofinancingTooLow {
            private: Cents::new(99_999_999),
            needed: Cents::new(100_000_000),
            percent: 100,
        }]
    );
}

#[test]
fn a_pledge_staff_do_not_accept_no_longer_counts_and_a_changed_pledge_is_checked_again() {
    let id = PledgeId::from_uuid(uuid::Uuid::from_u128(1));
    let mut events = pledged(vec![pledge(
        1,
        PledgeSource::Private,
        PledgeAmount::Total(Cents::new(100_000_000)),
        true,
    )]);
    assert_eq!(cofinancing_failures(&events), vec![]);
    let refused = given::<Application>(events.clone()).when(C::ReviewPledge {
        id,
        review: PledgeReview::NotAccepted { reason: " ".into() },
        now: t0(),
    });
    assert_eq!(refused, Err(Err::NoReason));
    events.push(E::PledgeReviewed {
        id,
        review: PledgeReview::NotAccepted {
            reason: "Nicht unterschrieben".into(),
        },
        at: t0(),
    });
    assert_eq!(Application::from_events(&events).cofinancing, Cents::ZERO);
    assert!(matches!(
        cofinancing_failures(&events)[..],
        [I::CofinancingTooLow { private, .. }] if private == Cents::ZERO
    ));
    let changed = given::<Application>(events)
        .when(C::RecordPledge {
            pledge: pledge(
                1,
                PledgeSource::Private,
                PledgeAmount::Total(Cents::new(100_000_000)),
                true,
            ),
            now: t0(),
        })
        .unwrap();
    assert!(matches!(
        &changed[..],
        [E::PledgeRecorded { pledge, .. }] if pledge.review == PledgeReview::Unchecked
    ));
}

#[test]
fn a_pledge_refused_after_submission_no_longer_counts_in_the_submitted_version_either() {
    let id = PledgeId::from_uuid(uuid::Uuid::from_u128(1));
    let mut events = pledged(vec![pledge(
        1,
        PledgeSource::Private,
        PledgeAmount::Total(Cents::new(100_000_000)),
        true,
    )]);
    events.push(E::ApplicationSubmitted { stage: 0, at: t0() });
    assert_eq!(
        Application::from_events(&events).submissions[&0].cofinancing,
        Cents::new(100_000_000)
    );
    events.push(E::PledgeReviewed {
        id,
        review: PledgeReview::NotAccepted {
            reason: "Nicht unterschrieben".into(),
        },
        at: t0(),
    });
    let application = Application::from_events(&events);
    assert_eq!(application.cofinancing, Cents::ZERO);
    assert_eq!(application.submissions[&0].cofinancing, Cents::ZERO);
    assert!(!application.submissions[&0].pledges[0].counts());
}

#[test]
fn a_pledge_needs_its_letter_and_its_years_within_the_term() {
    let outside = PledgeAmount::PerYear([(2031, Cents::new(100_000_000))].into());
    let refused = given::<Application>(pledged(vec![])).when(C::RecordPledge {
        pledge: pledge(1, PledgeSource::Private, outside, true),
        now: t0(),
    });
    assert_eq!(refused, Err(Err::YearOutsideTerm { year: 2031 }));
    let nothing = given::<Application>(pledged(vec![])).when(C::RecordPledge {
        pledge: pledge(
            1,
            PledgeSource::Private,
            PledgeAmount::Total(Cents::ZERO),
            true,
        ),
        now: t0(),
    });
    assert_eq!(nothing, Err(Err::EmptyPledge));

    let without_letter = pledged(vec![pledge(
        1,
        PledgeSource::Private,
        PledgeAmount::Total(Cents::new(100_000_000)),
        false,
    )]);
    assert_eq!(
        cofinancing_failures(&without_letter),
        vec![I::PledgeWithoutLetter {
            pledge: PledgeId::from_uuid(uuid::Uuid::from_u128(1)),
            organisation: "Industriepartner 1 GmbH".into(),
        }]
    );
}

#[test]
fn totals_typed_before_plans_stand_until_the_first_line_and_then_the_plan_counts() {
    let mut events = draft(PartnerKind::University);
    events.insert(
        1,
        E::DetailsChanged {
            details: Details {
                requested: Some(Cents::million_euros(2)),
                cofinancing: Some(Cents::million_euros(2)),
                ..Details::new("Alt".into(), "Alt".into(), Some(TechnologyField::Photonics))
            },
            at: t0(),
        },
    );
    let typed = Application::from_events(&events);
    assert_eq!(typed.requested, Cents::million_euros(2));
    assert_eq!(typed.cofinancing, Cents::million_euros(2));
    assert_eq!(cofinancing_failures(&events), vec![]);
    // An event of the old shape, with the totals as plain numbers, still reads.
    let old: E = serde_json::from_str(
        r#"{"type":"DetailsChanged","data":{"details":{"title":"T","summary":"S","field":null,
        "requested":150000000,"cofinancing":10},"at":"2026-11-22T09:00:00Z"}}"#,
    )
    .unwrap();
    let read = Application::from_events(&[old]);
    assert_eq!(
        read.requested,
        Cents::million_euros(1) + Cents::euros(500_000)
    );

    let events = with_plan(
        events,
        PartnerSlot::Coordinator,
        plan(&[(2027, line(1_000, 1_000, 0))]),
    );
    let planned = Application::from_events(&events);
    assert_eq!(planned.requested, Cents::new(1_000));
    assert_eq!(planned.cofinancing, Cents::ZERO);
    assert_eq!(planned.plan.unattributed, None);
}

#[test]
fn plans_and_pledges_per_year_read_back_from_the_logs_json() {
    let events = pledged(vec![pledge(
        1,
        PledgeSource::Private,
        PledgeAmount::PerYear([(2027, Cents::new(5))].into()),
        true,
    )]);
    for event in &events {
        let value = serde_json::to_value(event).unwrap();
        let read: E = serde_json::from_value(value).unwrap();
        assert_eq!(&read, event);
    }
}

#[test]
fn a_removed_partner_takes_its_plan_with_it() {
    let mut events = with_plan(
        draft(PartnerKind::University),
        PartnerSlot::Partner(1),
        plan(&[(2027, line(1_000, 700, 300))]),
    );
    events = with_plan(
        events,
        PartnerSlot::Partner(0),
        plan(&[(2027, line(10, 5, 5))]),
    );
    events.push(E::PartnerRemoved {
        index: 0,
        name: "Infineon AG".into(),
        at: t0(),
    });
    let application = Application::from_events(&events);
    assert_eq!(application.plan.partners.len(), 1);
    assert_eq!(
        application.plan.partners[0].line(2027),
        line(1_000, 700, 300)
    );
    assert_eq!(application.requested, Cents::new(700));
}

#[test]
fn a_cell_over_a_billion_euro_and_a_plan_without_term_are_refused() {
    let mut no_term = draft(PartnerKind::University);
    no_term.pop();
    let refused = given::<Application>(no_term).when(C::ChangePartnerPlan {
        slot: PartnerSlot::Coordinator,
        plan: plan(&[(2027, line(1, 1, 0))]),
        now: t0(),
    });
    assert_eq!(refused, Err(Err::NoTerm));
    let huge = given::<Application>(draft(PartnerKind::University)).when(C::ChangePartnerPlan {
        slot: PartnerSlot::Coordinator,
        plan: plan(&[(2027, line(MAX_CELL.get() + 1, 1, 0))]),
        now: t0(),
    });
    assert_eq!(huge, Err(Err::AmountTooLarge { limit: MAX_CELL }));
}

#[test]
fn the_full_proposal_starts_from_the_concepts_plan_and_pledges_and_the_concept_keeps_its_figures() {
    let mut events = pledged(vec![pledge(
        1,
        PledgeSource::Private,
        PledgeAmount::Total(Cents::new(100_000_000)),
        true,
    )]);
    events.push(E::ApplicationSubmitted { stage: 0, at: t0() });
    events.push(E::NextStageStarted { stage: 1, at: t0() });
    let proposal = Application::from_events(&events);
    assert_eq!(proposal.requested, Cents::new(100_000_000));
    assert_eq!(proposal.pledges.len(), 1);
    // The consortium extends the plan for the full proposal; the concept's figures stay.
    let extended = with_plan(
        events,
        PartnerSlot::Coordinator,
        plan(&[
            (2027, line(100_000_000, 100_000_000, 0)),
            (2028, line(50_000_000, 50_000_000, 0)),
        ]),
    );
    let proposal = Application::from_events(&extended);
    assert_eq!(proposal.requested, Cents::new(150_000_000));
    assert_eq!(proposal.submissions[&0].requested, Cents::new(100_000_000));
    assert_eq!(
        proposal.submissions[&0].plan.coordinator.line(2028),
        PlanLine::default()
    );
}
