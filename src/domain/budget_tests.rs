//! given / when / then for the budget per budget year: awards within each year's budget and
//! the total, and the reserve list keeping the years' sums.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};

use super::aggregate::Aggregate;
use super::aggregate::testing::given;
use super::budget::PerYear;
use super::competition::{
    Candidate, Competition, CompetitionCommand as C, CompetitionError as Err,
    CompetitionEvent as E, Outcome,
};
use super::ids::{ApplicationId, CompetitionId};
use super::money::Cents;
use super::presets::Preset;
use super::setup::SetupProblem;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn app(n: u128) -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(100 + n))
}

fn m(millions: i64) -> Cents {
    Cents::million_euros(millions)
}

fn years(pairs: &[(i32, Cents)]) -> PerYear {
    pairs.iter().copied().collect()
}

/// BioRegio (one stage, three winners, at most 25.56 M€ each) with 30 M€ in total: 15 M€ in
/// 2027 and 15 M€ in 2028. In review.
fn in_review() -> Vec<E> {
    let mut setup = Preset::BioRegio.setup(t0());
    setup.budget = m(30);
    setup.budget_per_year = years(&[(2027, m(15)), (2028, m(15))]);
    let d = setup.stages[0].submission_deadline;
    vec![
        E::CompetitionDrafted {
            competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
            setup,
            at: t0(),
        },
        E::CompetitionPublished { at: t0() },
        E::StageOpened {
            stage: 0,
            deadline: d,
            at: t0(),
        },
        E::StageClosed { stage: 0, at: d },
        E::ReviewStarted { stage: 0, at: d },
    ]
}

fn candidate(n: u128, per_year: PerYear) -> Candidate {
    Candidate {
        application_id: app(n),
        in_review: true,
        requested: per_year.values().copied().sum(),
        requested_per_year: per_year,
    }
}

fn award(n: u128, per_year: PerYear) -> C {
    C::Award {
        amount: per_year.values().copied().sum(),
        candidate: candidate(n, per_year.clone()),
        years: Some(per_year),
        now: t0(),
    }
}

fn funded(n: u128, per_year: PerYear) -> E {
    E::DecisionRecorded {
        stage: 0,
        application_id: app(n),
        outcome: Outcome::Funded {
            amount: per_year.values().copied().sum(),
        },
        at: t0(),
        years: per_year,
        reason: None,
    }
}

/// Application 1 funded with 10 M€ in 2027 and 5 M€ in 2028: 5 M€ and 10 M€ are left.
fn one_funded() -> Vec<E> {
    let mut events = in_review();
    events.push(funded(1, years(&[(2027, m(10)), (2028, m(5))])));
    events
}

#[test]
fn an_award_taking_exactly_what_a_year_has_left_is_accepted() {
    let wanted = years(&[(2027, m(5)), (2028, m(10))]);
    let events = given::<Competition>(one_funded())
        .when(award(2, wanted.clone()))
        .unwrap();
    assert_eq!(events, vec![funded(2, wanted)]);
}

#[test]
fn one_cent_over_a_years_budget_is_refused_with_the_figures() {
    let wanted = years(&[(2027, m(5) + Cents::new(1)), (2028, m(1))]);
    let error = given::<Competition>(one_funded())
        .when(award(2, wanted))
        .unwrap_err();
    assert_eq!(
        error,
        Err::BudgetYearExceeded {
            year: 2027,
            award: m(5) + Cents::new(1),
            awarded: m(10),
            left: m(5),
            budget: m(15),
        }
    );
}

#[test]
fn the_total_is_still_checked_beside_the_years() {
    // An award without a plan commits nothing per year, but 25 M€ of the total.
    let mut events = in_review();
    events.push(E::DecisionRecorded {
        stage: 0,
        application_id: app(1),
        outcome: Outcome::Funded { amount: m(25) },
        at: t0(),
        years: PerYear::new(),
        reason: None,
    });
    let error = given::<Competition>(events)
        .when(award(2, years(&[(2027, m(6))])))
        .unwrap_err();
    assert_eq!(
        error,
        Err::BudgetExceeded {
            award: m(6),
            used: m(25),
            left: m(5),
            budget: m(30),
        }
    );
}

#[test]
fn a_year_the_budget_does_not_have_is_refused() {
    let error = given::<Competition>(in_review())
        .when(award(1, years(&[(2027, m(1)), (2029, m(1))])))
        .unwrap_err();
    assert_eq!(error, Err::YearOutsideBudget { year: 2029 });
}

#[test]
fn years_that_do_not_add_up_to_the_award_are_refused() {
    let error = given::<Competition>(in_review())
        .when(C::Award {
            candidate: candidate(1, years(&[(2027, m(4))])),
            amount: m(3),
            years: Some(years(&[(2027, m(2))])),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(
        error,
        Err::YearsDoNotAddUp {
            sum: m(2),
            award: m(3)
        }
    );
}

#[test]
fn an_award_without_years_given_commits_what_the_plan_requests_per_year() {
    let plan = years(&[(2027, m(3)), (2028, m(4))]);
    let events = given::<Competition>(in_review())
        .when(C::Decide {
            candidate: candidate(1, plan.clone()),
            outcome: Outcome::Funded { amount: m(7) },
            now: t0(),
        })
        .unwrap();
    assert_eq!(events, vec![funded(1, plan)]);
}

#[test]
fn an_award_below_the_request_without_years_cuts_each_year_in_proportion() {
    let plan = years(&[(2027, m(3)), (2028, m(6))]);
    let events = given::<Competition>(in_review())
        .when(C::Decide {
            candidate: candidate(1, plan),
            outcome: Outcome::Funded {
                amount: Cents::new(100),
            },
            now: t0(),
        })
        .unwrap();
    // 100 cents over 3:6 is 33 and 66, the cent left to the first year.
    assert_eq!(
        events,
        vec![funded(
            1,
            years(&[(2027, Cents::new(34)), (2028, Cents::new(66))])
        )]
    );
}

#[test]
fn changing_an_award_frees_its_own_years_first() {
    // Application 1 raised to the whole of 2027: its earlier 10 M€ there do not count twice.
    let events = given::<Competition>(one_funded())
        .when(award(1, years(&[(2027, m(15))])))
        .unwrap();
    let mut history = one_funded();
    history.extend(events);
    let competition = Competition::from_events(&history);
    assert_eq!(competition.awarded_per_year(), years(&[(2027, m(15))]));
}

#[test]
fn a_declined_award_frees_its_years_for_the_one_moving_up() {
    let mut history = one_funded();
    history.push(E::DecisionRecorded {
        stage: 0,
        application_id: app(2),
        outcome: Outcome::Reserve { rank: 1 },
        at: t0(),
        years: PerYear::new(),
        reason: None,
    });
    let d = Preset::BioRegio.setup(t0()).stages[0].submission_deadline;
    history.extend([
        funded(3, years(&[(2027, m(5)), (2028, m(10))])),
        E::ResultsDecided { stage: 0, at: d },
        E::ResultsReleased { stage: 0, at: d },
    ]);
    // Both years are spent: moving up is refused for 2027.
    let wanted = years(&[(2027, m(8)), (2028, m(2))]);
    let refused = given::<Competition>(history.clone())
        .when(C::MoveUp {
            candidate: candidate(2, wanted.clone()),
            now: t0(),
        })
        .unwrap_err();
    assert!(
        matches!(
            refused,
            Err::BudgetExceeded { .. } | Err::PlacesTaken { .. }
        ),
        "{refused:?}"
    );
    history.push(E::AwardDeclined {
        stage: 0,
        application_id: app(1),
        amount: m(15),
        at: t0(),
    });
    let events = given::<Competition>(history.clone())
        .when(C::MoveUp {
            candidate: candidate(2, wanted.clone()),
            now: t0(),
        })
        .unwrap();
    history.extend(events);
    let competition = Competition::from_events(&history);
    assert_eq!(
        competition.awarded_per_year(),
        years(&[(2027, m(13)), (2028, m(12))])
    );
}

#[test]
fn moving_up_beyond_a_years_budget_is_refused_with_the_figures() {
    let mut history = one_funded();
    history.extend([
        E::DecisionRecorded {
            stage: 0,
            application_id: app(2),
            outcome: Outcome::Reserve { rank: 1 },
            at: t0(),
            years: PerYear::new(),
            reason: None,
        },
        E::ResultsDecided { stage: 0, at: t0() },
        E::ResultsReleased { stage: 0, at: t0() },
    ]);
    let error = given::<Competition>(history)
        .when(C::MoveUp {
            candidate: candidate(2, years(&[(2028, m(10) + Cents::new(1))])),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(
        error,
        Err::BudgetYearExceeded {
            year: 2028,
            award: m(10) + Cents::new(1),
            awarded: m(5),
            left: m(10),
            budget: m(15),
        }
    );
}

#[test]
fn a_decision_recorded_before_years_reads_without_them() {
    let old = serde_json::json!({
        "type": "DecisionRecorded",
        "data": {
            "stage": 0,
            "application_id": app(1),
            "outcome": {"Funded": {"amount": 100}},
            "at": t0(),
        }
    });
    let event: E = serde_json::from_value(old).unwrap();
    let E::DecisionRecorded { years, .. } = event else {
        panic!("{event:?}")
    };
    assert_eq!(years, BTreeMap::new());
}

#[test]
fn budget_years_read_back_from_the_logs_json() {
    let mut events = one_funded();
    events.push(E::MovedUpFromReserve {
        stage: 0,
        application_id: app(2),
        place: 1,
        amount: m(1),
        at: t0(),
        years: years(&[(2028, m(1))]),
    });
    for event in &events {
        let value = serde_json::to_value(event).unwrap();
        let read: E = serde_json::from_value(value).unwrap();
        assert_eq!(&read, event);
    }
}

#[test]
fn a_set_up_names_its_budget_years_within_range_and_the_total() {
    let mut setup = Preset::Spitzencluster.setup(t0());
    assert_eq!(setup.budget_per_year.len(), 5);
    assert_eq!(
        setup.budget_per_year.values().copied().sum::<Cents>(),
        setup.budget
    );
    assert!(setup.problems().is_empty(), "{:?}", setup.problems());
    setup.budget_per_year.insert(1999, m(1));
    setup.budget_per_year.insert(2040, Cents::ZERO);
    let problems = setup.problems();
    assert!(problems.contains(&SetupProblem::BudgetYearOutOfRange(1999)));
    assert!(problems.contains(&SetupProblem::NoBudgetInYear(2040)));
    assert!(problems.contains(&SetupProblem::BudgetYearsOverTotal));
}
