//! given / when / then for what finalising and releasing a stage leave behind.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::aggregate::testing::given;
use super::competition::{Competition, CompetitionEvent as E, Outcome};
use super::ids::{ApplicationId, CompetitionId, JurorId};
use super::presets::Preset;
use super::readiness::{AssignedReview, gaps, outcomes, undecided};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn app(n: u128) -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(100 + n))
}

fn juror(n: u128) -> JurorId {
    JurorId::from_uuid(uuid::Uuid::from_u128(900 + n))
}

/// The first stage of BioRegio in review, with `decisions` recorded.
fn in_review(decisions: &[(u128, Outcome)]) -> Competition {
    let setup = Preset::BioRegio.setup(t0());
    let deadline = setup.stages[0].submission_deadline;
    let mut events = vec![
        E::CompetitionDrafted {
            competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
            setup,
            at: t0(),
        },
        E::CompetitionPublished { at: t0() },
        E::StageOpened {
            stage: 0,
            deadline,
            at: t0(),
        },
        E::StageClosed {
            stage: 0,
            at: deadline,
        },
        E::ReviewStarted {
            stage: 0,
            at: deadline,
        },
    ];
    events.extend(decisions.iter().map(|(n, outcome)| E::DecisionRecorded {
        years: Default::default(),
        stage: 0,
        application_id: app(*n),
        outcome: *outcome,
        at: t0(),
        reason: None,
    }));
    given::<Competition>(events).state().clone()
}

fn review(j: u128, submitted: bool) -> AssignedReview {
    AssignedReview {
        juror: juror(j),
        submitted,
    }
}

#[test]
fn open_reviews_are_counted_with_the_jurors_who_owe_them() {
    let competition = in_review(&[]);
    let reviews = [
        review(1, false),
        review(1, false),
        review(1, true),
        review(2, false),
        review(3, true),
    ];
    let after = competition.current_stage().unwrap().review_deadline + Duration::minutes(1);
    let gaps = gaps(&competition, &reviews, after);
    assert_eq!(
        (
            gaps.open_reviews,
            gaps.assigned_reviews,
            gaps.jurors_with_open
        ),
        (3, 5, 2)
    );
    assert_eq!(gaps.review_deadline_ahead, None);
}

#[test]
fn places_left_and_a_review_deadline_ahead_are_gaps() {
    let competition = in_review(&[(1, Outcome::Shortlisted), (2, Outcome::NotShortlisted)]);
    let stage = competition.current_stage().unwrap().clone();
    let before = stage.review_deadline - Duration::minutes(22);
    let gaps = gaps(&competition, &[review(1, true)], before);
    assert_eq!(gaps.chosen, 1);
    assert_eq!(gaps.places, stage.advancing);
    assert_eq!(gaps.places_left(), stage.advancing as usize - 1);
    assert_eq!(gaps.review_deadline_ahead, Some(stage.review_deadline));
    assert!(!gaps.is_empty());
}

#[test]
fn every_place_chosen_every_review_in_and_the_deadline_past_leaves_no_gap() {
    let competition = in_review(&[]);
    let places = competition.current_stage().unwrap().advancing as u128;
    let decisions: Vec<(u128, Outcome)> = (0..places).map(|n| (n, Outcome::Shortlisted)).collect();
    let competition = in_review(&decisions);
    let after = competition.current_stage().unwrap().review_deadline;
    assert!(gaps(&competition, &[review(1, true)], after).is_empty());
}

#[test]
fn the_release_counts_one_mail_per_decision_by_outcome_and_finalising_counts_the_undecided() {
    let competition = in_review(&[
        (1, Outcome::Shortlisted),
        (2, Outcome::NotShortlisted),
        (3, Outcome::NotShortlisted),
    ]);
    let counts = outcomes(&competition, 0);
    assert_eq!((counts.shortlisted, counts.not_shortlisted), (1, 2));
    assert_eq!(counts.total(), 3);
    assert_eq!(
        undecided(&competition, &[app(1), app(2), app(4), app(5)]),
        2
    );
}
