//! given / when / then for reviews, and the ranking computed from them.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::aggregate::Aggregate;
use super::aggregate::testing::given;
use super::ids::{ApplicationId, JurorId};
use super::ranking::{Entry, SubmittedReview, rank};
use super::review::{
    CriterionScore, Review, ReviewCommand as C, ReviewContext, ReviewError as Err,
    ReviewEvent as E, ReviewKey, Scores, weighted_score,
};
use super::review_standing::ReviewStanding;
use super::setup::Criterion;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn criterion(name: &str, weight: u32) -> Criterion {
    Criterion {
        name: name.into(),
        description: String::new(),
        weight,
        scale_min: 0,
        scale_max: 5,
        pass_mark: Some(3),
    }
}

fn criteria() -> Vec<Criterion> {
    vec![criterion("Innovation", 60), criterion("Umsetzung", 40)]
}

fn context() -> ReviewContext {
    ReviewContext {
        criteria: criteria(),
        open: true,
        assigned: true,
        conflicted: false,
        min_comment_chars: 30,
    }
}

fn key() -> ReviewKey {
    ReviewKey {
        application: ApplicationId::from_uuid(uuid::Uuid::from_u128(1)),
        stage: 0,
        juror: JurorId::from_uuid(uuid::Uuid::from_u128(2)),
    }
}

fn scores(values: &[Option<u8>]) -> Scores {
    Scores {
        criteria: values
            .iter()
            .map(|s| CriterionScore {
                score: *s,
                comment: JUSTIFIED.into(),
            })
            .collect(),
        overall_comment: "Gesamturteil".into(),
        confidence: Some(super::confidence::Confidence::Familiar),
    }
}

/// A comment long enough for the competition's least length of 30 characters.
const JUSTIFIED: &str = "Begründet mit Blick auf den Antrag.";

#[test]
fn a_submitted_review_justifies_every_score_while_a_draft_may_leave_comments_short() {
    // Given a competition asking for 30 characters per criterion, and a review with every
    // score at 1, one comment empty and one a single word,
    let mut unjustified = scores(&[Some(1), Some(1)]);
    unjustified.criteria[0].comment = String::new();
    unjustified.criteria[1].comment = "   schwach   ".into();
    // when the juror saves it as a draft, then it is saved;
    assert!(
        given::<Review>(vec![])
            .when(C::Save {
                key: key(),
                scores: unjustified.clone(),
                context: context(),
                now: t0(),
            })
            .is_ok()
    );
    // when the juror submits it, then both criteria are named as unjustified.
    let refused = given::<Review>(vec![]).when(C::Submit {
        key: key(),
        scores: unjustified.clone(),
        context: context(),
        now: t0(),
    });
    assert_eq!(
        refused,
        Err(Err::Unjustified {
            min: 30,
            criteria: vec!["Innovation".into(), "Umsetzung".into()],
        })
    );
    // Given one comment of exactly 30 characters (spaces around it not counted) and one of
    // 29, then only the shorter is named.
    let mut nearly = scores(&[Some(1), Some(1)]);
    nearly.criteria[0].comment = format!("  {}  ", "ä".repeat(30));
    nearly.criteria[1].comment = "ä".repeat(29);
    assert_eq!(
        given::<Review>(vec![]).when(C::Submit {
            key: key(),
            scores: nearly,
            context: context(),
            now: t0(),
        }),
        Err(Err::Unjustified {
            min: 30,
            criteria: vec!["Umsetzung".into()],
        })
    );
    // Given a competition that turned the rule off (0), then the same review is submitted.
    let mut off = context();
    off.min_comment_chars = 0;
    assert!(
        given::<Review>(vec![])
            .when(C::Submit {
                key: key(),
                scores: unjustified,
                context: off,
                now: t0(),
            })
            .is_ok()
    );
}

#[test]
fn a_draft_may_be_incomplete_but_not_outside_the_scale() {
    let saved = given::<Review>(vec![])
        .when(C::Save {
            key: key(),
            scores: scores(&[Some(4), None]),
            context: context(),
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        saved,
        vec![E::ReviewDraftSaved {
            key: key(),
            scores: scores(&[Some(4), None]),
            at: t0()
        }]
    );
    let error = given::<Review>(vec![])
        .when(C::Save {
            key: key(),
            scores: scores(&[Some(6), None]),
            context: context(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(
        error,
        Err::OutOfScale {
            criterion: "Innovation".into(),
            min: 0,
            max: 5
        }
    );
}

#[test]
fn submitting_needs_every_score_and_records_the_weighted_total() {
    let error = given::<Review>(vec![])
        .when(C::Submit {
            key: key(),
            scores: scores(&[Some(4), None]),
            context: context(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::Incomplete(vec!["Umsetzung".into()]));
    let submitted = given::<Review>(vec![])
        .when(C::Submit {
            key: key(),
            scores: scores(&[Some(4), Some(3)]),
            context: context(),
            now: t0(),
        })
        .unwrap();
    // (4·60 + 3·40) / 100 = 3.60
    assert_eq!(
        submitted,
        vec![E::ReviewSubmitted {
            key: key(),
            scores: scores(&[Some(4), Some(3)]),
            weighted: 360,
            at: t0()
        }]
    );
}

fn submitted() -> Vec<E> {
    vec![E::ReviewSubmitted {
        key: key(),
        scores: scores(&[Some(4), Some(3)]),
        weighted: 360,
        at: t0(),
    }]
}

fn reopen(reason: &str, open: bool) -> C {
    C::Reopen {
        key: key(),
        reason: reason.into(),
        open,
        now: t0() + Duration::hours(1),
    }
}

#[test]
fn a_submitted_review_is_final_for_its_juror() {
    let save = given::<Review>(submitted()).when(C::Save {
        key: key(),
        scores: scores(&[Some(5), Some(3)]),
        context: context(),
        now: t0(),
    });
    assert_eq!(save.unwrap_err(), Err::Final);
    let submit = given::<Review>(submitted()).when(C::Submit {
        key: key(),
        scores: scores(&[Some(5), Some(3)]),
        context: context(),
        now: t0(),
    });
    assert_eq!(submit.unwrap_err(), Err::Final);
}

#[test]
fn staff_reopen_a_submitted_review_only_with_a_reason_and_while_the_review_runs() {
    assert_eq!(
        given::<Review>(submitted()).when(reopen("Punkte vertauscht", true)),
        Ok(vec![E::ReviewReopened {
            key: key(),
            reason: "Punkte vertauscht".into(),
            at: t0() + Duration::hours(1),
        }])
    );
    assert_eq!(
        given::<Review>(submitted()).when(reopen("  ", true)),
        Err(Err::NoReason)
    );
    assert_eq!(
        given::<Review>(submitted()).when(reopen(&"x".repeat(10_001), true)),
        Err(Err::BadReason(super::text::TextError::TooLong {
            max: 10_000,
            given: 10_001
        }))
    );
    assert_eq!(
        given::<Review>(submitted()).when(reopen("Grund", false)),
        Err(Err::TooLateToReopen)
    );
    assert_eq!(
        given::<Review>(vec![]).when(reopen("Grund", true)),
        Err(Err::NotSubmitted)
    );
    let mut reopened = submitted();
    reopened.extend(
        given::<Review>(submitted())
            .when(reopen("Grund", true))
            .unwrap(),
    );
    assert_eq!(
        given::<Review>(reopened).when(reopen("noch einmal", true)),
        Err(Err::AlreadyReopened)
    );
}

#[test]
fn a_reopened_review_counts_as_submitted_until_the_juror_submits_the_revision() {
    let mut events = submitted();
    events.push(E::ReviewReopened {
        key: key(),
        reason: "Grund".into(),
        at: t0() + Duration::hours(1),
    });
    let draft = given::<Review>(events.clone())
        .when(C::Save {
            key: key(),
            scores: scores(&[Some(1), None]),
            context: context(),
            now: t0() + Duration::hours(2),
        })
        .unwrap();
    events.extend(draft);
    let review = given::<Review>(events.clone());
    let state = review.state();
    assert!(state.awaits_juror());
    assert_eq!(state.weighted, Some(360));
    assert_eq!(state.scores, scores(&[Some(4), Some(3)]));
    assert_eq!(state.form_scores(), &scores(&[Some(1), None]));

    let revised = review
        .when(C::Submit {
            key: key(),
            scores: scores(&[Some(5), Some(3)]),
            context: context(),
            now: t0() + Duration::hours(3),
        })
        .unwrap();
    assert_eq!(
        revised,
        vec![E::ReviewRevised {
            key: key(),
            scores: scores(&[Some(5), Some(3)]),
            weighted: 420,
            at: t0() + Duration::hours(3),
        }]
    );
    events.extend(revised);
    let after = given::<Review>(events);
    let state = after.state();
    assert!(!state.awaits_juror());
    assert_eq!(state.submitted_at, Some(t0()));
    assert_eq!(state.changed_at, Some(t0() + Duration::hours(3)));
    assert_eq!(state.reopenings, 1);
    // Final again: a further change needs a further reopening.
    let again = after.when(C::Save {
        key: key(),
        scores: scores(&[Some(2), Some(3)]),
        context: context(),
        now: t0() + Duration::hours(4),
    });
    assert_eq!(again.unwrap_err(), Err::Final);
}

#[test]
fn only_an_assigned_juror_without_conflict_reviews() {
    let mut conflicted = context();
    conflicted.conflicted = true;
    let error = given::<Review>(vec![])
        .when(C::Save {
            key: key(),
            scores: scores(&[None, None]),
            context: conflicted,
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::Conflicted);
    let mut unassigned = context();
    unassigned.assigned = false;
    let error = given::<Review>(vec![])
        .when(C::Save {
            key: key(),
            scores: scores(&[None, None]),
            context: unassigned,
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::NotAssigned);
}

#[test]
fn weighted_scores_round_half_up_in_hundredths() {
    let c = vec![criterion("a", 1), criterion("b", 2)];
    // (3 + 2·4) / 3 = 3.666… → 3.67
    assert_eq!(weighted_score(&c, &[3, 4]), 367);
}

fn app(n: u128) -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(100 + n))
}

fn juror(n: u128) -> JurorId {
    JurorId::from_uuid(uuid::Uuid::from_u128(n))
}

fn review(a: u128, j: u128, scores: &[u8]) -> SubmittedReview {
    SubmittedReview {
        application: app(a),
        juror: juror(j),
        scores: scores.to_vec(),
        confidence: None,
    }
}

fn entries(n: u128) -> Vec<Entry> {
    (1..=n)
        .map(|a| Entry {
            application: app(a),
            submitted_at: t0() + Duration::minutes(a as i64),
        })
        .collect()
}

#[test]
fn ranking_orders_by_mean_weighted_score_and_checks_pass_marks() {
    let reviews = vec![
        review(1, 1, &[4, 4]),
        review(1, 2, &[4, 3]),
        review(2, 1, &[5, 5]),
        review(2, 2, &[2, 5]), // Innovation mean 3.5, passes
        review(3, 1, &[2, 5]),
        review(3, 2, &[2, 5]), // Innovation mean 2: fails its pass mark
    ];
    let ranking = rank(&criteria(), Some(300), &entries(4), &reviews);
    let order: Vec<ApplicationId> = ranking.applications.iter().map(|r| r.application).collect();
    assert_eq!(order, [app(2), app(1), app(3), app(4)]);
    let by = |a| {
        ranking
            .applications
            .iter()
            .find(|r| r.application == app(a))
            .unwrap()
    };
    // (4·60 + 4·40 = 400, 4·60 + 3·40 = 360) / 2 = 3.80
    assert_eq!(by(1).score, Some(380));
    assert!(by(1).passes);
    assert!(!by(3).passes);
    assert_eq!(by(4).score, None);
    assert!(!by(4).passes);
    assert_eq!(by(4).rank, 4);
}

#[test]
fn ties_break_on_the_heaviest_criterion_then_on_the_earlier_submission() {
    // All weigh out at 3.80; 2 and 3 are stronger on Innovation (weight 60) than 1,
    // and tie fully with each other, so the earlier submission (2) goes first.
    let reviews = vec![
        review(1, 1, &[3, 5]),
        review(2, 1, &[5, 2]),
        review(3, 1, &[5, 2]),
    ];
    let ranking = rank(&criteria(), None, &entries(3), &reviews);
    assert!(ranking.applications.iter().all(|r| r.score == Some(380)));
    let order: Vec<ApplicationId> = ranking.applications.iter().map(|r| r.application).collect();
    assert_eq!(order, [app(2), app(3), app(1)]);
}

#[test]
fn strong_disagreement_between_jurors_is_flagged() {
    let reviews = vec![
        review(1, 1, &[5, 5]),
        review(1, 2, &[2, 3]),
        review(2, 1, &[4, 4]),
        review(2, 2, &[4, 3]),
    ];
    let ranking = rank(&criteria(), None, &entries(2), &reviews);
    let by = |a| {
        ranking
            .applications
            .iter()
            .find(|r| r.application == app(a))
            .unwrap()
    };
    assert_eq!(by(1).spread, 500 - 240);
    assert!(by(1).disagreement);
    assert!(!by(2).disagreement);
}

#[test]
fn the_normalised_ranking_exposes_a_harsh_juror() {
    // Juror 1 is harsh and reviews applications 1 and 2; juror 2 is lenient and reviews 3 and 4.
    // Within each juror, 1 beats 2 and 3 beats 4 by the same margin.
    let reviews = vec![
        review(1, 1, &[3, 3]),
        review(2, 1, &[1, 1]),
        review(3, 2, &[5, 5]),
        review(4, 2, &[4, 4]),
    ];
    let ranking = rank(&criteria(), None, &entries(4), &reviews);
    let by = |a| {
        ranking
            .applications
            .iter()
            .find(|r| r.application == app(a))
            .unwrap()
    };
    // Raw: the harsh juror's best application ranks below both of the lenient juror's.
    assert_eq!(by(1).rank, 3);
    // Normalised: each juror's best application is on top.
    assert!(by(1).normalised_rank <= 2, "{:?}", by(1));
    assert!(by(3).normalised_rank <= 2);
    let harsh = ranking.jurors.iter().find(|j| j.juror == juror(1)).unwrap();
    let lenient = ranking.jurors.iter().find(|j| j.juror == juror(2)).unwrap();
    assert!(harsh.offset < 0 && lenient.offset > 0);
}

#[test]
fn other_reviews_stay_sealed_until_ones_own_is_submitted() {
    use super::review::may_see_other_reviews;
    let draft = given::<Review>(vec![E::ReviewDraftSaved {
        key: key(),
        scores: scores(&[Some(4), None]),
        at: t0(),
    }]);
    assert!(!may_see_other_reviews(None, false));
    assert!(!may_see_other_reviews(Some(draft.state()), false));
    let submitted = given::<Review>(vec![E::ReviewSubmitted {
        key: key(),
        scores: scores(&[Some(4), Some(3)]),
        weighted: 360,
        at: t0(),
    }]);
    assert!(may_see_other_reviews(Some(submitted.state()), false));
    assert!(!may_see_other_reviews(Some(submitted.state()), true));
}

/// The jury of `key()`'s competition: the juror appointed and assigned to the application.
fn jury_with_the_juror_assigned() -> Vec<super::jury::JuryEvent> {
    use super::email_address::EmailAddress;
    use super::jury::{AssignedBy, Juror, JuryEvent};
    vec![
        JuryEvent::JurorAppointed {
            competition_id: super::ids::CompetitionId::from_uuid(uuid::Uuid::from_u128(7)),
            juror_id: key().juror,
            juror: Juror {
                name: "Dr. Erika Muster".into(),
                email: EmailAddress::parse("muster@example.org").unwrap(),
                organisation: "TU Dresden".into(),
                expertise: Default::default(),
            },
            at: t0(),
        },
        JuryEvent::JurorAssigned {
            stage: 0,
            juror_id: key().juror,
            application_id: key().application,
            at: t0(),
            by: AssignedBy::Hand,
        },
    ]
}

#[test]
fn the_review_s_context_comes_from_the_competition_and_the_jury_as_they_are() {
    use super::competition::Competition;
    use super::jury::{Jury, JuryEvent};
    let preset = super::presets::Preset::InnoRegio;
    let setup = preset.setup(t0());
    let competition = Competition {
        setup: Some(setup.clone()),
        phase: super::competition::Phase::InReview,
        stage: 0,
        ..Default::default()
    };
    let now = setup.stages[0].review_deadline - Duration::hours(1);
    let jury = given::<Jury>(jury_with_the_juror_assigned());

    let context = ReviewContext::of(&competition, jury.state(), key(), now);
    assert_eq!(context.criteria, setup.stages[0].criteria);
    assert_eq!(context.min_comment_chars, setup.review.min_comment_chars);
    assert!(context.open && context.assigned && !context.conflicted);

    let late = setup.stages[0].review_deadline;
    assert!(!ReviewContext::of(&competition, jury.state(), key(), late).open);

    let mut conflicted = jury_with_the_juror_assigned();
    conflicted.push(JuryEvent::ConflictDeclared {
        juror_id: key().juror,
        application_id: key().application,
        reason: "Mitautorin".into(),
        at: t0(),
    });
    let conflicted = given::<Jury>(conflicted);
    let context = ReviewContext::of(&competition, conflicted.state(), key(), now);
    assert!(context.conflicted);
    // The review refuses it on its own.
    let save = C::Save {
        key: key(),
        scores: scores(&[Some(3), None]),
        context: ReviewContext {
            criteria: criteria(),
            ..context
        },
        now,
    };
    assert_eq!(
        given::<Review>(vec![]).when(save).unwrap_err(),
        Err::Conflicted
    );

    let unassigned = ReviewContext::of(&competition, &Jury::default(), key(), now);
    assert!(!unassigned.assigned);
}

#[test]
fn the_ranking_counts_a_review_once_submitted_with_every_score() {
    use super::jury::Jury;
    use super::ranking::submitted_reviews;
    let jury = given::<Jury>(jury_with_the_juror_assigned());
    let draft = given::<Review>(vec![E::ReviewDraftSaved {
        key: key(),
        scores: scores(&[Some(3), Some(4)]),
        at: t0(),
    }]);
    assert!(SubmittedReview::of(&ReviewStanding::of(draft.state())).is_none());

    let submitted = given::<Review>(vec![E::ReviewSubmitted {
        key: key(),
        scores: scores(&[Some(3), Some(4)]),
        weighted: 340,
        at: t0(),
    }]);
    let counted = SubmittedReview::of(&ReviewStanding::of(submitted.state())).unwrap();
    assert_eq!(
        (counted.application, counted.juror),
        (key().application, key().juror)
    );
    assert_eq!(counted.scores, [3, 4]);

    let found = submitted_reviews(jury.state(), 0, [key().application], |k| {
        Ok::<_, ()>((k == key()).then(|| ReviewStanding::of(submitted.state())))
    })
    .unwrap();
    assert_eq!(found.len(), 1);
    let none = submitted_reviews(jury.state(), 1, [key().application], |_| {
        Ok::<_, ()>(Some(ReviewStanding::of(submitted.state())))
    })
    .unwrap();
    assert!(none.is_empty(), "no juror is assigned in stage 1");
}

#[test]
fn a_submitted_review_says_how_sure_its_juror_is_while_a_draft_may_leave_it_open() {
    let mut unsure = scores(&[Some(4), Some(3)]);
    unsure.confidence = None;
    assert!(
        given::<Review>(vec![])
            .when(C::Save {
                key: key(),
                scores: unsure.clone(),
                context: context(),
                now: t0(),
            })
            .is_ok()
    );
    assert_eq!(
        given::<Review>(vec![]).when(C::Submit {
            key: key(),
            scores: unsure,
            context: context(),
            now: t0(),
        }),
        Err(Err::NoConfidence)
    );
    let submitted = given::<Review>(vec![])
        .when(C::Submit {
            key: key(),
            scores: scores(&[Some(4), Some(3)]),
            context: context(),
            now: t0(),
        })
        .unwrap();
    let standing = ReviewStanding::of(&Review::from_events(&submitted));
    assert_eq!(
        standing.confidence,
        Some(super::confidence::Confidence::Familiar)
    );
}

#[test]
fn a_review_event_from_before_confidence_was_asked_still_reads() {
    let old = serde_json::json!({
        "type": "ReviewSubmitted",
        "data": {
            "key": key(),
            "scores": {"criteria": [{"score": 4, "comment": "gut"}], "overall_comment": ""},
            "weighted": 400,
            "at": t0(),
        }
    });
    let event: E = serde_json::from_value(old).unwrap();
    let review = Review::from_events([&event]);
    assert_eq!(review.scores.confidence, None);
}

fn confident(a: u128, j: u128, scores: &[u8], confidence: Option<u8>) -> SubmittedReview {
    SubmittedReview {
        confidence: confidence.and_then(super::confidence::Confidence::parse),
        ..review(a, j, scores)
    }
}

#[test]
fn weighting_by_confidence_lets_the_surer_juror_count_more() {
    use super::ranking::{Weighting, rank_weighted};
    // Application 1: an expert (4) gives 5, a juror outside the field (1) gives 1: plain mean
    // 3.00, weighted (5·4 + 1·1) / 5 = 4.20. Application 2: both jurors give 4, so 4.00 either way.
    let reviews = vec![
        confident(1, 1, &[5, 5], Some(4)),
        confident(1, 2, &[1, 1], Some(1)),
        confident(2, 1, &[4, 4], Some(2)),
        confident(2, 2, &[4, 4], Some(3)),
    ];
    let plain = rank_weighted(&criteria(), None, &entries(2), &reviews, Weighting::Equal);
    let weighted = rank_weighted(
        &criteria(),
        None,
        &entries(2),
        &reviews,
        Weighting::Confidence,
    );
    let order = |r: &super::ranking::Ranking| -> Vec<ApplicationId> {
        r.applications.iter().map(|x| x.application).collect()
    };
    assert_eq!(order(&plain), [app(2), app(1)]);
    assert_eq!(plain.applications[1].score, Some(300));
    assert_eq!(order(&weighted), [app(1), app(2)]);
    assert_eq!(weighted.applications[0].score, Some(420));
    assert_eq!(weighted.applications[0].criterion_means, [420, 420]);
    assert_eq!(weighted.applications[1].score, Some(400));
}

#[test]
fn a_review_without_confidence_counts_with_weight_one_when_weighting() {
    use super::ranking::{Weighting, rank_weighted};
    // An older review (no confidence) gives 1, an expert (4) gives 5: (1·1 + 5·4) / 5 = 4.20.
    let reviews = vec![
        confident(1, 1, &[1, 1], None),
        confident(1, 2, &[5, 5], Some(4)),
    ];
    let weighted = rank_weighted(
        &criteria(),
        None,
        &entries(1),
        &reviews,
        Weighting::Confidence,
    );
    assert_eq!(weighted.applications[0].score, Some(420));
    assert_eq!(
        rank(&criteria(), None, &entries(1), &reviews).applications[0].score,
        Some(300)
    );
}
