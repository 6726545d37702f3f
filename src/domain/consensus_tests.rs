//! given / when / then for the consensus report: who may be rapporteur, draft and answer; what a
//! draft needs; how closing records the dissent; the balanced rapporteur proposal.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeZone, Utc};

use super::aggregate::Aggregate;
use super::aggregate::testing::given;
use super::consensus::{
    Closing, Consensus, ConsensusCommand as C, ConsensusContext, ConsensusError as Err,
    ConsensusEvent as E, ConsensusKey, CriterionConsensus, Dissent, RapporteurSlot,
    propose_rapporteurs,
};
use super::ids::{ApplicationId, JurorId};
use super::review::CriterionScore;
use super::setup::Criterion;
use super::text::MAX_TEXT_CHARS;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()
}

fn key() -> ConsensusKey {
    ConsensusKey {
        application: ApplicationId::from_uuid(uuid::Uuid::from_u128(7)),
        stage: 0,
    }
}

fn juror(n: u128) -> JurorId {
    JurorId::from_uuid(uuid::Uuid::from_u128(n))
}

fn criterion(name: &str, weight: u32) -> Criterion {
    Criterion {
        name: name.into(),
        description: String::new(),
        weight,
        scale_min: 1,
        scale_max: 5,
        pass_mark: None,
    }
}

/// Jurors 1, 2 and 3 assigned and free of conflict, all three reviews submitted.
fn context() -> ConsensusContext {
    let jurors: BTreeSet<JurorId> = [juror(1), juror(2), juror(3)].into();
    ConsensusContext {
        criteria: vec![criterion("Innovation", 2), criterion("Umsetzung", 1)],
        submitted: jurors.clone(),
        jurors,
        released: false,
    }
}

fn named() -> E {
    E::RapporteurNamed {
        key: key(),
        juror: juror(1),
        at: now(),
    }
}

fn drafted() -> E {
    E::ConsensusDrafted {
        key: key(),
        criteria: vec![
            CriterionConsensus {
                score: 4,
                comment: "Neu".into(),
            },
            CriterionConsensus {
                score: 3,
                comment: "Machbar".into(),
            },
        ],
        overall_comment: "Gut".into(),
        weighted: 367,
        at: now(),
    }
}

fn scores(values: &[Option<u8>], comment: &str) -> Vec<CriterionScore> {
    values
        .iter()
        .map(|score| CriterionScore {
            score: *score,
            comment: comment.into(),
        })
        .collect()
}

fn draft(juror_: JurorId, criteria: Vec<CriterionScore>, overall: &str) -> C {
    C::Draft {
        key: key(),
        juror: juror_,
        criteria,
        overall_comment: overall.into(),
        context: context(),
        now: now(),
    }
}

fn agree(n: u128) -> C {
    C::Agree {
        key: key(),
        juror: juror(n),
        context: context(),
        now: now(),
    }
}

fn close() -> C {
    C::Close {
        key: key(),
        context: context(),
        now: now(),
    }
}

#[test]
fn the_rapporteur_is_an_assigned_juror_free_of_conflict() {
    let name = |n, context| C::Name {
        key: key(),
        juror: juror(n),
        context,
        now: now(),
    };
    assert_eq!(
        given::<Consensus>(vec![]).when(name(1, context())),
        Ok(vec![named()])
    );
    // Juror 4 is not assigned; a conflicted juror is not among the context's jurors either.
    assert_eq!(
        given::<Consensus>(vec![]).when(name(4, context())),
        Err(Err::NotEligible)
    );
    assert_eq!(
        given::<Consensus>(vec![named()]).when(name(1, context())),
        Err(Err::AlreadyRapporteur)
    );
    // Renamed before closing: the new rapporteur takes over.
    let renamed = given::<Consensus>(vec![named(), drafted()]).when(name(2, context()));
    assert!(renamed.is_ok());
}

#[test]
fn only_the_rapporteur_drafts_after_their_own_review() {
    let full = scores(&[Some(4), Some(3)], "Begründung");
    assert_eq!(
        given::<Consensus>(vec![]).when(draft(juror(1), full.clone(), "Gut")),
        Err(Err::NoRapporteur)
    );
    assert_eq!(
        given::<Consensus>(vec![named()]).when(draft(juror(2), full.clone(), "Gut")),
        Err(Err::NotRapporteur)
    );
    let mut unsubmitted = context();
    unsubmitted.submitted.remove(&juror(1));
    assert_eq!(
        given::<Consensus>(vec![named()]).when(C::Draft {
            key: key(),
            juror: juror(1),
            criteria: full.clone(),
            overall_comment: "Gut".into(),
            context: unsubmitted,
            now: now(),
        }),
        Err(Err::OwnReviewMissing)
    );
    let events = given::<Consensus>(vec![named()])
        .when(draft(juror(1), full, " Gut "))
        .unwrap();
    // (4·2 + 3·1) / 3 = 3.67, the review's own weighting.
    assert!(matches!(
        &events[..],
        [E::ConsensusDrafted { weighted: 367, overall_comment, .. }] if overall_comment == "Gut"
    ));
}

#[test]
fn a_draft_scores_and_comments_every_criterion_within_its_scale() {
    let state = || given::<Consensus>(vec![named()]);
    assert_eq!(
        state().when(draft(juror(1), scores(&[Some(6), Some(3)], "x"), "Gut")),
        Err(Err::OutOfScale {
            criterion: "Innovation".into(),
            min: 1,
            max: 5
        })
    );
    assert_eq!(
        state().when(draft(juror(1), scores(&[Some(4), None], "x"), "Gut")),
        Err(Err::Unscored(vec!["Umsetzung".into()]))
    );
    assert_eq!(
        state().when(draft(juror(1), scores(&[Some(4), Some(3)], "  "), "Gut")),
        Err(Err::Uncommented(vec![
            "Innovation".into(),
            "Umsetzung".into()
        ]))
    );
    assert_eq!(
        state().when(draft(juror(1), scores(&[Some(4), Some(3)], "x"), "")),
        Err(Err::NoOverallComment)
    );
    assert_eq!(
        state().when(draft(juror(1), scores(&[Some(4)], "x"), "Gut")),
        Err(Err::WrongCriteria {
            got: 1,
            expected: 2
        })
    );
    let long = "a".repeat(MAX_TEXT_CHARS + 1);
    assert!(matches!(
        state().when(draft(juror(1), scores(&[Some(4), Some(3)], &long), "Gut")),
        Err(Err::BadComment {
            criterion: Some(_),
            ..
        })
    ));
    assert!(matches!(
        state().when(draft(juror(1), scores(&[Some(4), Some(3)], "x"), &long)),
        Err(Err::BadComment {
            criterion: None,
            ..
        })
    ));
}

#[test]
fn only_the_other_jurors_answer_a_draft_and_an_objection_needs_a_reason() {
    assert_eq!(
        given::<Consensus>(vec![named()]).when(agree(2)),
        Err(Err::NotDrafted)
    );
    let state = || given::<Consensus>(vec![named(), drafted()]);
    assert_eq!(state().when(agree(1)), Err(Err::IsRapporteur));
    assert_eq!(state().when(agree(4)), Err(Err::NotEligible));
    let mut unsubmitted = context();
    unsubmitted.submitted.remove(&juror(2));
    assert_eq!(
        state().when(C::Agree {
            key: key(),
            juror: juror(2),
            context: unsubmitted,
            now: now()
        }),
        Err(Err::OwnReviewMissing)
    );
    assert!(state().when(agree(2)).is_ok());
    let object = |reason: &str| C::Object {
        key: key(),
        juror: juror(3),
        reason: reason.into(),
        context: context(),
        now: now(),
    };
    assert_eq!(state().when(object("  ")), Err(Err::NoReason));
    assert!(matches!(
        state().when(object(&"a".repeat(MAX_TEXT_CHARS + 1))),
        Err(Err::BadReason(_))
    ));
    assert!(matches!(
        &state().when(object(" Zu hoch ")).unwrap()[..],
        [E::ConsensusObjected { reason, .. }] if reason == "Zu hoch"
    ));
}

#[test]
fn a_new_draft_clears_the_answers() {
    let agreed = E::ConsensusAgreed {
        key: key(),
        juror: juror(2),
        at: now(),
    };
    let state = given::<Consensus>(vec![named(), drafted(), agreed.clone()]);
    assert_eq!(state.state().answers.len(), 1);
    let state = given::<Consensus>(vec![named(), drafted(), agreed, drafted()]);
    assert!(state.state().answers.is_empty());
}

#[test]
fn closing_is_agreed_only_when_every_other_juror_agreed() {
    assert_eq!(
        given::<Consensus>(vec![named()]).when(close()),
        Err(Err::NotDrafted)
    );
    let agreed = |n| E::ConsensusAgreed {
        key: key(),
        juror: juror(n),
        at: now(),
    };
    assert!(matches!(
        &given::<Consensus>(vec![named(), drafted(), agreed(2), agreed(3)])
            .when(close())
            .unwrap()[..],
        [E::ConsensusClosed {
            state: Closing::Agreed,
            ..
        }]
    ));
    let objected = E::ConsensusObjected {
        key: key(),
        juror: juror(2),
        reason: "Zu hoch".into(),
        at: now(),
    };
    let events = given::<Consensus>(vec![named(), drafted(), objected])
        .when(close())
        .unwrap();
    let [E::ConsensusClosed { state, .. }] = &events[..] else {
        panic!("{events:?}");
    };
    assert_eq!(
        *state,
        Closing::WithDissent {
            dissent: vec![
                Dissent {
                    juror: juror(2),
                    reason: Some("Zu hoch".into())
                },
                Dissent {
                    juror: juror(3),
                    reason: None
                },
            ]
        }
    );
}

#[test]
fn nothing_changes_after_closing_or_after_the_release() {
    let closed = E::ConsensusClosed {
        key: key(),
        state: Closing::Agreed,
        at: now(),
    };
    let state = || given::<Consensus>(vec![named(), drafted(), closed.clone()]);
    assert_eq!(state().when(close()), Err(Err::Closed));
    assert_eq!(state().when(agree(2)), Err(Err::Closed));
    assert_eq!(
        state().when(draft(juror(1), scores(&[Some(4), Some(3)], "x"), "Gut")),
        Err(Err::Closed)
    );
    let mut released = context();
    released.released = true;
    assert_eq!(
        given::<Consensus>(vec![named(), drafted()]).when(C::Close {
            key: key(),
            context: released,
            now: now()
        }),
        Err(Err::Released)
    );
}

fn application(n: u128) -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(100 + n))
}

/// The number of rapporteurships of the busiest and the idlest juror.
fn spread(proposed: &std::collections::BTreeMap<ApplicationId, JurorId>, jurors: &[u128]) -> usize {
    let counts: Vec<usize> = jurors
        .iter()
        .map(|j| proposed.values().filter(|p| **p == juror(*j)).count())
        .collect();
    counts.iter().max().unwrap() - counts.iter().min().unwrap()
}

#[test]
fn the_proposal_spreads_rapporteurships_evenly_and_skips_the_conflicted() {
    // Ten applications, five jurors, three jurors each in turn.
    let slots: Vec<RapporteurSlot> = (0..10u128)
        .map(|a| RapporteurSlot {
            application: application(a),
            jurors: (0..3u128).map(|k| juror(1 + (a + k) % 5)).collect(),
            named: None,
        })
        .collect();
    let proposed = propose_rapporteurs(&slots);
    assert_eq!(proposed.len(), 10);
    for slot in &slots {
        assert!(slot.jurors.contains(&proposed[&slot.application]));
    }
    assert!(spread(&proposed, &[1, 2, 3, 4, 5]) <= 1);
    // Juror 1 is conflicted with every application (so not among its jurors): never proposed.
    let without_one: Vec<RapporteurSlot> = slots
        .iter()
        .map(|s| RapporteurSlot {
            jurors: s
                .jurors
                .iter()
                .copied()
                .filter(|j| *j != juror(1))
                .collect(),
            ..s.clone()
        })
        .collect();
    let proposed = propose_rapporteurs(&without_one);
    assert!(proposed.values().all(|j| *j != juror(1)));
    assert!(spread(&proposed, &[2, 3, 4, 5]) <= 1);
    // A rapporteur named already stays and counts.
    let mut kept = slots.clone();
    kept[0].named = Some(juror(3));
    let proposed = propose_rapporteurs(&kept);
    assert_eq!(proposed[&application(0)], juror(3));
    assert!(spread(&proposed, &[1, 2, 3, 4, 5]) <= 1);
}

#[test]
fn the_standing_keeps_scores_and_answers_without_what_the_jurors_wrote() {
    let objected = E::ConsensusObjected {
        key: key(),
        juror: juror(2),
        reason: "Zu hoch".into(),
        at: now(),
    };
    let events = vec![named(), drafted(), objected];
    let closed = given::<Consensus>(events.clone()).when(close()).unwrap();
    let mut full = Consensus::from_events(&events);
    full.apply(&closed[0]);
    let standing = full.standing();
    let draft = standing.draft.as_ref().unwrap();
    assert_eq!(draft.weighted, 367);
    assert!(
        draft
            .criteria
            .iter()
            .all(|c| c.comment.is_empty() && c.score > 0)
    );
    assert!(draft.overall_comment.is_empty());
    assert_eq!(
        standing.answers.get(&juror(2)),
        Some(&super::consensus::Answer::Objected(String::new()))
    );
    let text = format!("{standing:?}");
    assert!(!text.contains("Zu hoch") && !text.contains("Neu") && !text.contains("Gut"));
}
