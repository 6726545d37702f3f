//! given / when / then for the reserve list: giving up an award and moving up after release.

use chrono::{DateTime, TimeZone, Utc};

use super::aggregate::Aggregate;
use super::aggregate::testing::given;
use super::competition::{
    Candidate, Competition, CompetitionCommand as C, CompetitionError as Err,
    CompetitionEvent as E, Outcome,
};
use super::ids::{ApplicationId, CompetitionId};
use super::money::Cents;
use super::presets::Preset;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn app(n: u128) -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(100 + n))
}

fn funded(n: u128, millions: i64) -> E {
    E::DecisionRecorded {
        years: Default::default(),
        stage: 0,
        application_id: app(n),
        outcome: Outcome::Funded {
            amount: Cents::million_euros(millions),
        },
        at: t0(),
        reason: None,
    }
}

fn reserve(n: u128, rank: u32) -> E {
    E::DecisionRecorded {
        years: Default::default(),
        stage: 0,
        application_id: app(n),
        outcome: Outcome::Reserve { rank },
        at: t0(),
        reason: None,
    }
}

/// BioRegio (one stage, three places) with a budget of 50 M€: 1 and 2 funded with 20 M€, 3 with
/// 10 M€, the budget spent; 4 and 5 on the reserve list, places 1 and 2. Results decided.
fn decided() -> Vec<E> {
    let mut setup = Preset::BioRegio.setup(t0());
    setup.budget = Cents::million_euros(50);
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
        funded(1, 20),
        funded(2, 20),
        funded(3, 10),
        reserve(4, 1),
        reserve(5, 2),
        E::ResultsDecided { stage: 0, at: d },
    ]
}

fn released() -> Vec<E> {
    let mut events = decided();
    events.push(E::ResultsReleased { stage: 0, at: t0() });
    events
}

fn declined(n: u128, millions: i64) -> E {
    E::AwardDeclined {
        stage: 0,
        application_id: app(n),
        amount: Cents::million_euros(millions),
        at: t0(),
    }
}

fn candidate(n: u128, millions: i64) -> Candidate {
    Candidate {
        requested_per_year: Default::default(),
        application_id: app(n),
        in_review: true,
        requested: Cents::million_euros(millions),
    }
}

#[test]
fn a_funded_consortium_gives_up_its_award_and_frees_it() {
    let events = given::<Competition>(released())
        .when(C::DeclineAward {
            application_id: app(3),
            now: t0(),
        })
        .unwrap();
    assert_eq!(events, vec![declined(3, 10)]);

    let mut history = released();
    history.extend(events);
    let competition = Competition::from_events(&history);
    assert_eq!(competition.awarded(), Cents::million_euros(40));
    assert_eq!(competition.budget_left(), Cents::million_euros(10));
}

#[test]
fn only_a_standing_award_can_be_given_up() {
    let on_reserve = given::<Competition>(released()).when(C::DeclineAward {
        application_id: app(4),
        now: t0(),
    });
    assert_eq!(on_reserve, Err(Err::NoAward));

    let mut history = released();
    history.push(declined(3, 10));
    let twice = given::<Competition>(history).when(C::DeclineAward {
        application_id: app(3),
        now: t0(),
    });
    assert_eq!(twice, Err(Err::AwardAlreadyDeclined));
}

#[test]
fn the_first_waiting_moves_up_into_a_freed_award_within_the_budget() {
    let mut history = released();
    history.push(declined(3, 10));
    let events = given::<Competition>(history.clone())
        .when(C::MoveUp {
            candidate: candidate(4, 10),
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        events,
        vec![E::MovedUpFromReserve {
            years: Default::default(),
            stage: 0,
            application_id: app(4),
            place: 1,
            amount: Cents::million_euros(10),
            at: t0(),
        }]
    );
    history.extend(events);
    let competition = Competition::from_events(&history);
    assert_eq!(
        competition.decisions.get(&(0, app(4))),
        Some(&Outcome::Funded {
            amount: Cents::million_euros(10)
        })
    );
    assert_eq!(competition.awarded(), Cents::million_euros(50));
    // Place 2 is now the first waiting.
    assert_eq!(competition.first_waiting(), Some((app(5), 2)));
}

#[test]
fn moving_up_beyond_what_is_left_of_the_budget_is_refused_with_the_figures() {
    let mut history = released();
    history.push(declined(3, 10));
    let refused = given::<Competition>(history).when(C::MoveUp {
        candidate: candidate(4, 15),
        now: t0(),
    });
    assert_eq!(
        refused,
        Err(Err::BudgetExceeded {
            award: Cents::million_euros(15),
            used: Cents::million_euros(40),
            left: Cents::million_euros(10),
            budget: Cents::million_euros(50),
        })
    );
}

#[test]
fn only_the_first_waiting_may_move_up() {
    let mut history = released();
    history.push(declined(3, 10));
    let refused = given::<Competition>(history).when(C::MoveUp {
        candidate: candidate(5, 5),
        now: t0(),
    });
    assert_eq!(refused, Err(Err::NotFirstOnReserve { first: 1 }));
}

#[test]
fn nobody_moves_up_while_every_place_is_taken() {
    let refused = given::<Competition>(released()).when(C::MoveUp {
        candidate: candidate(4, 1),
        now: t0(),
    });
    assert_eq!(refused, Err(Err::PlacesTaken { places: 3 }));
}

#[test]
fn the_reserve_list_is_closed_before_the_release_and_after_completion() {
    let before = given::<Competition>(decided()).when(C::MoveUp {
        candidate: candidate(4, 1),
        now: t0(),
    });
    assert_eq!(before, Err(Err::ReserveNotOpen));
    let decline_before = given::<Competition>(decided()).when(C::DeclineAward {
        application_id: app(3),
        now: t0(),
    });
    assert_eq!(decline_before, Err(Err::ReserveNotOpen));

    let mut completed = released();
    completed.extend([declined(3, 10), E::CompetitionCompleted { at: t0() }]);
    let after = given::<Competition>(completed).when(C::MoveUp {
        candidate: candidate(4, 10),
        now: t0(),
    });
    assert_eq!(after, Err(Err::ReserveNotOpen));
}

#[test]
fn a_shortlisting_stage_has_no_reserve_list() {
    let mut setup = Preset::InnoRegio.setup(t0());
    setup.budget = Cents::million_euros(50);
    let d = setup.stages[0].submission_deadline;
    let history = vec![
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
        E::ResultsDecided { stage: 0, at: d },
        E::ResultsReleased { stage: 0, at: d },
    ];
    let refused = given::<Competition>(history).when(C::MoveUp {
        candidate: candidate(4, 1),
        now: t0(),
    });
    assert_eq!(refused, Err(Err::ReserveNotOpen));
}
