//! given / when / then for the competition aggregate.

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::domain::aggregate::Aggregate;
use crate::domain::aggregate::testing::given;
use crate::domain::competition::{
    Candidate, Competition, CompetitionCommand as C, CompetitionError as Err,
    CompetitionEvent as E, Outcome, Phase, ReminderKind, ReminderOrigin,
};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::money::Cents;
use crate::domain::presets::Preset;
use crate::domain::setup::CompetitionSetup;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn id() -> CompetitionId {
    CompetitionId::from_uuid(uuid::Uuid::from_u128(1))
}

fn app(n: u128) -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(100 + n))
}

fn setup(preset: Preset) -> CompetitionSetup {
    preset.setup(t0())
}

fn drafted(preset: Preset) -> Vec<E> {
    vec![E::CompetitionDrafted {
        competition_id: id(),
        setup: setup(preset),
        at: t0(),
    }]
}

fn deadline(preset: Preset, stage: usize) -> DateTime<Utc> {
    setup(preset).stages[stage].submission_deadline
}

/// The events up to the review of the first stage.
fn in_review(preset: Preset) -> Vec<E> {
    let mut events = drafted(preset);
    let d = deadline(preset, 0);
    events.extend([
        E::CompetitionPublished { at: t0() },
        E::StageOpened {
            stage: 0,
            deadline: d,
            at: t0(),
        },
        E::StageClosed { stage: 0, at: d },
        E::ReviewStarted { stage: 0, at: d },
    ]);
    events
}

fn candidate(n: u128, requested: Cents) -> Candidate {
    Candidate {
        requested_per_year: Default::default(),
        application_id: app(n),
        in_review: true,
        requested,
    }
}

fn decided(stage: usize, n: u128, outcome: Outcome) -> E {
    E::DecisionRecorded {
        years: Default::default(),
        stage,
        application_id: app(n),
        outcome,
        at: t0(),
        reason: None,
    }
}

#[test]
fn a_preset_drafts_a_competition() {
    let events = given::<Competition>(vec![])
        .when(C::Draft {
            competition_id: id(),
            setup: setup(Preset::BioRegio),
            now: t0(),
        })
        .unwrap();
    assert_eq!(events, drafted(Preset::BioRegio));
}

#[test]
fn an_incomplete_setup_is_drafted_but_its_publication_is_refused_with_every_reason() {
    let mut broken = setup(Preset::Spitzencluster);
    broken.name = " ".into();
    broken.stages[0].criteria[0].weight = 0;
    broken.stages[1].advancing = 0;
    let draft = given::<Competition>(vec![])
        .when(C::Draft {
            competition_id: id(),
            setup: broken,
            now: t0(),
        })
        .unwrap();
    let error = given::<Competition>(draft)
        .when(C::Publish { now: t0() })
        .unwrap_err();
    let Err::InvalidSetup(problems) = error else {
        panic!("{error}")
    };
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn drafting_twice_is_refused() {
    let error = given::<Competition>(drafted(Preset::BioRegio))
        .when(C::Draft {
            competition_id: id(),
            setup: setup(Preset::BioRegio),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::AlreadyExists);
}

#[test]
fn staff_adjust_a_preset_before_publishing_but_not_after() {
    let mut adjusted = setup(Preset::InnoRegio);
    adjusted.budget = Cents::million_euros(300);
    let events = given::<Competition>(drafted(Preset::InnoRegio))
        .when(C::ChangeSetup {
            setup: adjusted.clone(),
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        events,
        vec![E::CompetitionSetupChanged {
            setup: adjusted.clone(),
            at: t0()
        }]
    );

    let mut published = drafted(Preset::InnoRegio);
    published.push(E::CompetitionPublished { at: t0() });
    let error = given::<Competition>(published)
        .when(C::ChangeSetup {
            setup: adjusted,
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::AlreadyPublished);
}

#[test]
fn a_set_up_with_a_deadline_outside_2000_to_2100_is_not_even_drafted() {
    let far = Utc.with_ymd_and_hms(262_142, 1, 1, 9, 0, 0).unwrap();
    let mut typo = setup(Preset::InnoRegio);
    typo.stages[1].review_deadline = far;
    let error = given::<Competition>(drafted(Preset::InnoRegio))
        .when(C::ChangeSetup {
            setup: typo.clone(),
            now: t0(),
        })
        .unwrap_err();
    let Err::InvalidSetup(problems) = error else {
        panic!("{error:?}")
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    let said = crate::texts::setup_problems::problem(&problems[0]);
    assert_eq!(
        said.de,
        "Stufe 2, Ende der Begutachtung: Das Datum muss zwischen 2000 und 2100 liegen."
    );
    assert_eq!(
        said.en,
        "Stage 2, end of the review: the date must lie between 2000 and 2100."
    );

    typo.stages[1].review_deadline = setup(Preset::InnoRegio).stages[1].review_deadline;
    typo.stages[0].submission_deadline = Utc.with_ymd_and_hms(1999, 6, 1, 9, 0, 0).unwrap();
    let error = given::<Competition>(Vec::new())
        .when(C::Draft {
            competition_id: id(),
            setup: typo,
            now: t0(),
        })
        .unwrap_err();
    assert!(
        matches!(error, Err::InvalidSetup(ref p) if p.len() == 1),
        "{error:?}"
    );

    // The last hour of 2100 in Berlin is still in range, the first of 2101 is not.
    let mut edge = setup(Preset::BioRegio);
    edge.stages[0].review_deadline = Utc.with_ymd_and_hms(2100, 12, 31, 22, 30, 0).unwrap();
    assert_eq!(edge.date_problems(), Vec::new());
    edge.stages[0].review_deadline = Utc.with_ymd_and_hms(2100, 12, 31, 23, 30, 0).unwrap();
    assert_eq!(edge.date_problems().len(), 1);
}

#[test]
fn publishing_after_the_first_deadline_is_refused() {
    let late = deadline(Preset::BioRegio, 0) + Duration::days(1);
    let error = given::<Competition>(drafted(Preset::BioRegio))
        .when(C::Publish { now: late })
        .unwrap_err();
    assert!(matches!(error, Err::DeadlinePassed { .. }));
}

#[test]
fn a_published_competition_opens_its_first_stage_with_its_deadline() {
    let mut events = drafted(Preset::Spitzencluster);
    events.push(E::CompetitionPublished { at: t0() });
    let opened = given::<Competition>(events)
        .when(C::OpenNextStage { now: t0() })
        .unwrap();
    assert_eq!(
        opened,
        vec![E::StageOpened {
            stage: 0,
            deadline: deadline(Preset::Spitzencluster, 0),
            at: t0()
        }]
    );
}

#[test]
fn a_deadline_is_extended_only_before_it_passes_and_only_later() {
    let d = deadline(Preset::BioRegio, 0);
    let mut open = drafted(Preset::BioRegio);
    open.extend([
        E::CompetitionPublished { at: t0() },
        E::StageOpened {
            stage: 0,
            deadline: d,
            at: t0(),
        },
    ]);

    let later = d + Duration::days(7);
    let events = given::<Competition>(open.clone())
        .when(C::ExtendDeadline {
            to: later,
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        events,
        vec![E::SubmissionDeadlineExtended {
            stage: 0,
            from: d,
            to: later,
            at: t0()
        }]
    );

    let passed = given::<Competition>(open.clone())
        .when(C::ExtendDeadline { to: later, now: d })
        .unwrap_err();
    assert_eq!(passed, Err::DeadlinePassed { deadline: d });
    let earlier = given::<Competition>(open.clone())
        .when(C::ExtendDeadline {
            to: d - Duration::days(1),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(earlier, Err::DeadlineNotLater { current: d });
    let into_review = given::<Competition>(open)
        .when(C::ExtendDeadline {
            to: d + Duration::weeks(9),
            now: t0(),
        })
        .unwrap_err();
    assert!(matches!(into_review, Err::DeadlineAfterReview { .. }));
}

#[test]
fn a_stage_closes_at_its_deadline_and_not_before() {
    let d = deadline(Preset::BioRegio, 0);
    let mut open = drafted(Preset::BioRegio);
    open.extend([
        E::CompetitionPublished { at: t0() },
        E::StageOpened {
            stage: 0,
            deadline: d,
            at: t0(),
        },
    ]);
    let early = given::<Competition>(open.clone())
        .when(C::CloseStage {
            now: d - Duration::seconds(1),
        })
        .unwrap_err();
    assert_eq!(early, Err::DeadlineNotReached { deadline: d });
    let closed = given::<Competition>(open)
        .when(C::CloseStage { now: d })
        .unwrap();
    assert_eq!(closed, vec![E::StageClosed { stage: 0, at: d }]);
}

#[test]
fn a_shortlist_holds_at_most_the_stages_size() {
    // Spitzencluster shortlists 10 concepts.
    let mut events = in_review(Preset::Spitzencluster);
    events.extend((0..10).map(|n| decided(0, n, Outcome::Shortlisted)));
    let error = given::<Competition>(events.clone())
        .when(C::Decide {
            candidate: candidate(10, Cents::euros(1)),
            outcome: Outcome::Shortlisted,
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::TooMany { limit: 10 });
    // Changing the decision for one already shortlisted is fine.
    let again = given::<Competition>(events).when(C::Decide {
        candidate: candidate(3, Cents::euros(1)),
        outcome: Outcome::Shortlisted,
        now: t0(),
    });
    assert!(again.is_ok());
}

#[test]
fn funding_outcomes_belong_to_the_last_stage() {
    let error = given::<Competition>(in_review(Preset::Spitzencluster))
        .when(C::Decide {
            candidate: candidate(1, Cents::million_euros(10)),
            outcome: Outcome::Funded {
                amount: Cents::million_euros(10),
            },
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::OutcomeForOtherStage { last: true });
}

#[test]
fn an_award_stays_within_request_maximum_and_budget() {
    // BioRegio: one stage, 3 winners, max 25,564,594 € each; the budget cut to 60 M €.
    let mut smaller = setup(Preset::BioRegio);
    smaller.budget = Cents::million_euros(60);
    let mut events = in_review(Preset::BioRegio);
    events.insert(
        1,
        E::CompetitionSetupChanged {
            setup: smaller,
            at: t0(),
        },
    );
    let max = Cents::euros(25_564_594);
    let decide = |events: Vec<E>, n, requested, amount| {
        given::<Competition>(events).when(C::Decide {
            candidate: candidate(n, requested),
            outcome: Outcome::Funded { amount },
            now: t0(),
        })
    };
    assert_eq!(
        decide(events.clone(), 1, Cents::euros(1000), Cents::euros(2000)).unwrap_err(),
        Err::AwardAboveRequest {
            award: Cents::euros(2000),
            requested: Cents::euros(1000)
        }
    );
    assert_eq!(
        decide(
            events.clone(),
            1,
            Cents::million_euros(30),
            Cents::million_euros(30)
        )
        .unwrap_err(),
        Err::AwardAboveMaximum {
            award: Cents::million_euros(30),
            max
        }
    );
    assert_eq!(
        decide(events.clone(), 1, max, Cents::ZERO).unwrap_err(),
        Err::ZeroAward
    );

    let mut two_funded = events;
    two_funded.push(decided(0, 1, Outcome::Funded { amount: max }));
    two_funded.push(decided(0, 2, Outcome::Funded { amount: max }));
    let used = max + max;
    let budget = Cents::million_euros(60);
    let left = budget - used;
    let overrun = decide(two_funded.clone(), 3, max, left + Cents::new(1)).unwrap_err();
    assert_eq!(
        overrun,
        Err::BudgetExceeded {
            award: left + Cents::new(1),
            used,
            left,
            budget
        }
    );
    assert!(overrun.to_string().contains("60.000.000,00 €"), "{overrun}");
    assert!(decide(two_funded.clone(), 3, max, left).is_ok());
    // Lowering an existing award frees its budget.
    assert!(decide(two_funded.clone(), 2, max, Cents::euros(1)).is_ok());

    let mut three = two_funded;
    three.push(decided(
        0,
        3,
        Outcome::Funded {
            amount: Cents::euros(1),
        },
    ));
    assert_eq!(
        decide(three, 4, max, Cents::euros(1)).unwrap_err(),
        Err::TooMany { limit: 3 }
    );
}

#[test]
fn a_decision_needs_an_application_in_review() {
    let mut not_in_review = candidate(1, Cents::euros(10));
    not_in_review.in_review = false;
    let error = given::<Competition>(in_review(Preset::BioRegio))
        .when(C::Decide {
            candidate: not_in_review,
            outcome: Outcome::NotFunded,
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::NotInReview);
}

#[test]
fn reserve_places_are_unique() {
    let mut events = in_review(Preset::BioRegio);
    events.push(decided(0, 1, Outcome::Reserve { rank: 1 }));
    let error = given::<Competition>(events)
        .when(C::Decide {
            candidate: candidate(2, Cents::euros(1)),
            outcome: Outcome::Reserve { rank: 1 },
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::ReservePlaceTaken(1));
}

#[test]
fn finalising_records_the_undecided_as_not_going_on_then_results_release_together() {
    let mut events = in_review(Preset::Spitzencluster);
    events.push(decided(0, 1, Outcome::Shortlisted));
    let finalised = given::<Competition>(events.clone())
        .when(C::FinaliseResults {
            entries: vec![app(1), app(2)],
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        finalised,
        vec![
            decided(0, 2, Outcome::NotShortlisted),
            E::ResultsDecided { stage: 0, at: t0() }
        ]
    );
    events.extend(finalised);
    let released = given::<Competition>(events.clone())
        .when(C::ReleaseResults { now: t0() })
        .unwrap();
    assert_eq!(released, vec![E::ResultsReleased { stage: 0, at: t0() }]);
    events.extend(released);

    // Then the full-proposal stage opens; completing is only possible after the last stage.
    assert_eq!(
        given::<Competition>(events.clone())
            .when(C::Complete { now: t0() })
            .unwrap_err(),
        Err::WrongPhase(Phase::ResultsReleased)
    );
    let next = given::<Competition>(events)
        .when(C::OpenNextStage { now: t0() })
        .unwrap();
    assert!(matches!(next[0], E::StageOpened { stage: 1, .. }));
}

#[test]
fn deciding_outside_the_review_is_refused() {
    let error = given::<Competition>(drafted(Preset::BioRegio))
        .when(C::Decide {
            candidate: candidate(1, Cents::euros(1)),
            outcome: Outcome::NotFunded,
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::WrongPhase(Phase::Drafted));
    assert_eq!(
        given::<Competition>(vec![])
            .when(C::Publish { now: t0() })
            .unwrap_err(),
        Err::NotFound
    );
}

#[test]
fn the_last_stage_completes_the_competition() {
    let mut events = in_review(Preset::BioRegio);
    events.extend([
        E::ResultsDecided { stage: 0, at: t0() },
        E::ResultsReleased { stage: 0, at: t0() },
    ]);
    let done = given::<Competition>(events.clone())
        .when(C::Complete { now: t0() })
        .unwrap();
    assert_eq!(done, vec![E::CompetitionCompleted { at: t0() }]);
    assert_eq!(
        given::<Competition>(events)
            .when(C::OpenNextStage { now: t0() })
            .unwrap_err(),
        Err::NoFurtherStage
    );
}

#[test]
fn draft_reminders_fall_due_three_days_before_the_deadline_once_per_deadline() {
    let d = deadline(Preset::BioRegio, 0);
    let mut open = drafted(Preset::BioRegio);
    open.extend([
        E::CompetitionPublished { at: t0() },
        E::StageOpened {
            stage: 0,
            deadline: d,
            at: t0(),
        },
    ]);
    let early = given::<Competition>(open.clone()).when(C::RemindDrafts {
        now: d - Duration::days(4),
    });
    assert_eq!(early.unwrap_err(), Err::NoReminderDue);
    let now = d - Duration::days(2);
    let due = given::<Competition>(open.clone())
        .when(C::RemindDrafts { now })
        .unwrap();
    assert_eq!(
        due,
        vec![E::DraftRemindersDue {
            stage: 0,
            deadline: d,
            at: now,
            origin: ReminderOrigin::Scheduled,
        }]
    );

    let mut reminded = open;
    reminded.extend(due);
    assert_eq!(
        given::<Competition>(reminded.clone())
            .when(C::RemindDrafts { now })
            .unwrap_err(),
        Err::NoReminderDue
    );
    // An extended deadline gets its own reminder.
    let later = d + Duration::days(10);
    reminded.push(E::SubmissionDeadlineExtended {
        stage: 0,
        from: d,
        to: later,
        at: now,
    });
    let again = given::<Competition>(reminded)
        .when(C::RemindDrafts {
            now: later - Duration::days(1),
        })
        .unwrap();
    assert!(matches!(again[0], E::DraftRemindersDue { deadline, .. } if deadline == later));
}

#[test]
fn review_reminders_fall_due_before_the_review_deadline_while_reviewing() {
    let events = in_review(Preset::BioRegio);
    let review_deadline = setup(Preset::BioRegio).stages[0].review_deadline;
    let now = review_deadline - Duration::days(1);
    let due = given::<Competition>(events.clone())
        .when(C::RemindReviewers { now })
        .unwrap();
    assert_eq!(
        due,
        vec![E::ReviewRemindersDue {
            stage: 0,
            deadline: review_deadline,
            at: now,
            origin: ReminderOrigin::Scheduled,
        }]
    );
    assert_eq!(
        given::<Competition>(drafted(Preset::BioRegio))
            .when(C::RemindReviewers { now })
            .unwrap_err(),
        Err::NoReminderDue
    );
    let past = given::<Competition>(events).when(C::RemindReviewers {
        now: review_deadline,
    });
    assert_eq!(past.unwrap_err(), Err::NoReminderDue);
}

#[test]
fn staff_send_draft_reminders_while_the_stage_is_open_once_a_day_and_the_scheduled_one_follows() {
    let d = deadline(Preset::InnoRegio, 0);
    let mut open = drafted(Preset::InnoRegio);
    open.extend([
        E::CompetitionPublished { at: t0() },
        E::StageOpened {
            stage: 0,
            deadline: d,
            at: t0(),
        },
    ]);
    let early = d - Duration::days(20);
    let sent = given::<Competition>(open.clone())
        .when(C::SendReminders {
            kind: ReminderKind::Drafts,
            now: early,
        })
        .unwrap();
    assert_eq!(
        sent,
        vec![E::DraftRemindersDue {
            stage: 0,
            deadline: d,
            at: early,
            origin: ReminderOrigin::Requested,
        }]
    );
    let mut events = open;
    events.extend(sent);
    assert_eq!(
        given::<Competition>(events.clone())
            .when(C::SendReminders {
                kind: ReminderKind::Drafts,
                now: early + Duration::hours(23),
            })
            .unwrap_err(),
        Err::RemindedRecently {
            at: early,
            next: early + Duration::hours(24),
        }
    );
    assert!(
        given::<Competition>(events.clone())
            .when(C::SendReminders {
                kind: ReminderKind::Drafts,
                now: early + Duration::hours(24),
            })
            .is_ok()
    );
    assert!(
        given::<Competition>(events.clone())
            .when(C::RemindDrafts {
                now: d - Duration::days(1),
            })
            .is_ok(),
        "the scheduled reminder still goes out"
    );
    assert_eq!(
        given::<Competition>(events.clone())
            .when(C::SendReminders {
                kind: ReminderKind::Reviews,
                now: early,
            })
            .unwrap_err(),
        Err::RemindersNotPossible {
            kind: ReminderKind::Reviews
        },
        "no review reminders before the review"
    );
    assert_eq!(
        given::<Competition>(events)
            .when(C::SendReminders {
                kind: ReminderKind::Drafts,
                now: d,
            })
            .unwrap_err(),
        Err::RemindersNotPossible {
            kind: ReminderKind::Drafts
        },
        "none after the deadline"
    );
}

#[test]
fn staff_send_review_reminders_during_the_review() {
    let events = in_review(Preset::BioRegio);
    let review_deadline = setup(Preset::BioRegio).stages[0].review_deadline;
    let now = review_deadline - Duration::days(10);
    assert_eq!(
        given::<Competition>(events)
            .when(C::SendReminders {
                kind: ReminderKind::Reviews,
                now
            })
            .unwrap(),
        vec![E::ReviewRemindersDue {
            stage: 0,
            deadline: review_deadline,
            at: now,
            origin: ReminderOrigin::Requested,
        }]
    );
}

#[test]
fn even_a_draft_keeps_to_the_limits_of_texts_and_counts() {
    let mut large = setup(Preset::BioRegio);
    large.description = "x".repeat(crate::domain::text::MAX_TEXT_CHARS + 1);
    let refused = given::<Competition>(drafted(Preset::BioRegio))
        .when(C::ChangeSetup {
            setup: large.clone(),
            now: t0(),
        })
        .unwrap_err();
    let Err::OverLimits(problems) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(
        crate::texts::setup_problems::problem(&problems[0]).en,
        "Description: at most 10000 characters; 10001 were entered."
    );
    assert!(matches!(
        given::<Competition>(vec![])
            .when(C::Draft {
                competition_id: id(),
                setup: large,
                now: t0(),
            })
            .unwrap_err(),
        Err::OverLimits(_)
    ));
}

fn open_stage(preset: Preset) -> Vec<E> {
    let mut open = drafted(preset);
    open.extend([
        E::CompetitionPublished { at: t0() },
        E::StageOpened {
            stage: 0,
            deadline: deadline(preset, 0),
            at: t0(),
        },
    ]);
    open
}

#[test]
fn an_open_stage_s_deadlines_can_be_moved_earlier_while_they_stay_ahead() {
    let d = deadline(Preset::BioRegio, 0);
    let review = setup(Preset::BioRegio).stages[0].review_deadline;
    let open = open_stage(Preset::BioRegio);
    let sooner = d - Duration::days(7);
    let review_sooner = review - Duration::days(7);

    // Both deadlines earlier, both still ahead: recorded, and the stage reads them.
    let events = given::<Competition>(open.clone())
        .when(C::ShortenDeadlines {
            submission: Some(sooner),
            review: Some(review_sooner),
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        events,
        vec![E::DeadlinesShortened {
            stage: 0,
            submission: Some(crate::domain::competition::MovedDeadline {
                from: d,
                to: sooner
            }),
            review: Some(crate::domain::competition::MovedDeadline {
                from: review,
                to: review_sooner
            }),
            at: t0()
        }]
    );
    let mut shortened = open.clone();
    shortened.extend(events);
    let state = Competition::from_events(&shortened);
    assert_eq!(state.deadline, Some(sooner));
    assert_eq!(
        state.current_stage().unwrap().review_deadline,
        review_sooner
    );

    let when = |submission: Option<DateTime<Utc>>, review: Option<DateTime<Utc>>, now| {
        given::<Competition>(open.clone())
            .when(C::ShortenDeadlines {
                submission,
                review,
                now,
            })
            .unwrap_err()
    };
    // Not into the past, not later than before, not after the deadline passed.
    assert_eq!(
        when(Some(t0() - Duration::hours(1)), None, t0()),
        Err::DeadlineNotInFuture { now: t0() }
    );
    assert_eq!(
        when(Some(t0()), None, t0()),
        Err::DeadlineNotInFuture { now: t0() }
    );
    assert_eq!(
        when(Some(d + Duration::days(1)), None, t0()),
        Err::DeadlineNotEarlier { current: d }
    );
    assert_eq!(
        when(None, Some(review), t0()),
        Err::ReviewDeadlineNotEarlier { current: review }
    );
    assert_eq!(
        when(None, Some(d - Duration::days(1)), t0()),
        Err::ReviewBeforeSubmission { submission: d }
    );
    assert_eq!(when(None, None, t0()), Err::NoNewDeadline);
    assert_eq!(
        when(Some(sooner), None, d),
        Err::DeadlinePassed { deadline: d }
    );
    // Not once the stage is closed.
    let mut closed = open.clone();
    closed.push(E::StageClosed { stage: 0, at: d });
    let refused = given::<Competition>(closed)
        .when(C::ShortenDeadlines {
            submission: Some(sooner),
            review: None,
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(refused, Err::WrongPhase(Phase::StageClosed));
}

#[test]
fn only_a_draft_can_be_deleted_and_a_deleted_one_takes_no_command() {
    let by = crate::domain::ids::AccountId::from_uuid(uuid::Uuid::from_u128(9));
    let deleted = given::<Competition>(drafted(Preset::BioRegio))
        .when(C::Delete { by, now: t0() })
        .unwrap();
    assert_eq!(deleted, vec![E::CompetitionDeleted { by, at: t0() }]);

    let mut gone = drafted(Preset::BioRegio);
    gone.extend(deleted);
    let state = Competition::from_events(&gone);
    assert!(state.deleted);
    assert_eq!(state.phase, Phase::NotCreated);
    assert!(state.setup.is_none());
    let again = given::<Competition>(gone.clone())
        .when(C::Publish { now: t0() })
        .unwrap_err();
    assert_eq!(again, Err::NotFound);
    let redraft = given::<Competition>(gone)
        .when(C::Draft {
            competition_id: id(),
            setup: setup(Preset::BioRegio),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(redraft, Err::AlreadyExists);

    // Published (or further): no longer deletable.
    let mut published = drafted(Preset::BioRegio);
    published.push(E::CompetitionPublished { at: t0() });
    let refused = given::<Competition>(published)
        .when(C::Delete { by, now: t0() })
        .unwrap_err();
    assert_eq!(refused, Err::NotADraft);
    let refused = given::<Competition>(open_stage(Preset::BioRegio))
        .when(C::Delete { by, now: t0() })
        .unwrap_err();
    assert_eq!(refused, Err::NotADraft);
}

#[test]
fn a_reminder_is_recorded_with_the_flag_requested_and_old_records_read_as_before() {
    let recorded = |data: serde_json::Value| {
        serde_json::from_value::<E>(
            serde_json::json!({ "type": "DraftRemindersDue", "data": data }),
        )
        .unwrap()
    };
    let deadline = "2026-12-01T12:00:00Z";
    let at = "2026-11-28T12:00:00Z";
    let origin = |event: E| match event {
        E::DraftRemindersDue { origin, .. } => origin,
        other => panic!("{other:?}"),
    };
    // Before staff could ask for reminders, the field was not there.
    let old = serde_json::json!({ "stage": 0, "deadline": deadline, "at": at });
    assert_eq!(origin(recorded(old)), ReminderOrigin::Scheduled);
    let asked =
        serde_json::json!({ "stage": 0, "deadline": deadline, "at": at, "requested": true });
    let event = recorded(asked.clone());
    assert_eq!(origin(event.clone()), ReminderOrigin::Requested);
    assert_eq!(serde_json::to_value(&event).unwrap()["data"], asked);
    let scheduled =
        serde_json::json!({ "stage": 0, "deadline": deadline, "at": at, "requested": false });
    assert_eq!(
        serde_json::to_value(recorded(scheduled.clone())).unwrap()["data"],
        scheduled
    );
}

#[test]
fn the_review_is_open_in_the_current_stage_while_in_review_and_before_its_deadline() {
    let preset = Preset::InnoRegio;
    let review_deadline = setup(preset).stages[0].review_deadline;
    let before = review_deadline - Duration::minutes(1);
    let reviewing = given::<Competition>(in_review(preset));
    let state = reviewing.state();

    assert!(state.review_open(0, before));
    assert!(
        !state.review_open(0, review_deadline),
        "the deadline itself is too late"
    );
    assert!(!state.review_open(1, before), "a stage not reached yet");

    let still_open = given::<Competition>(open_stage(preset));
    assert!(
        !still_open.state().review_open(0, t0()),
        "submissions still open"
    );
    let mut decided = in_review(preset);
    decided.push(E::ResultsDecided {
        stage: 0,
        at: before,
    });
    assert!(!given::<Competition>(decided).state().review_open(0, before));
}

#[test]
fn what_can_be_funded_is_the_request_within_the_maximum_and_what_the_budget_has_left() {
    // BioRegio: one stage, max 25,564,594 € each; the budget cut to 60 M €.
    let mut smaller = setup(Preset::BioRegio);
    smaller.budget = Cents::million_euros(60);
    let mut events = in_review(Preset::BioRegio);
    events.insert(
        1,
        E::CompetitionSetupChanged {
            setup: smaller,
            at: t0(),
        },
    );
    let max = Cents::euros(25_564_594);
    let fundable = |events: &[E], n, requested| {
        given::<Competition>(events.to_vec())
            .state()
            .fundable(app(n), requested)
    };

    assert_eq!(fundable(&events, 1, Cents::euros(1000)), Cents::euros(1000));
    assert_eq!(fundable(&events, 1, Cents::million_euros(30)), max);

    let mut two_funded = events;
    two_funded.push(decided(0, 1, Outcome::Funded { amount: max }));
    two_funded.push(decided(0, 2, Outcome::Funded { amount: max }));
    let left = Cents::million_euros(60) - max - max;
    assert_eq!(fundable(&two_funded, 3, max), left);
    // An award being changed counts its own amount as left.
    assert_eq!(fundable(&two_funded, 2, max), max);
    // What it says can be funded, the decision accepts; a cent more, it refuses.
    let decide = |amount| {
        given::<Competition>(two_funded.clone()).when(C::Decide {
            candidate: candidate(3, max),
            outcome: Outcome::Funded { amount },
            now: t0(),
        })
    };
    assert!(decide(left).is_ok());
    assert!(matches!(
        decide(left + Cents::new(1)),
        Err(Err::BudgetExceeded { .. })
    ));

    let mut spent = two_funded;
    spent.push(decided(0, 3, Outcome::Funded { amount: left }));
    assert_eq!(fundable(&spent, 4, max), Cents::ZERO);
}

#[test]
fn a_decision_departing_from_the_jury_records_its_reason_and_is_refused_without_one() {
    use crate::domain::recommendation::{DepartureError, Recommendation};
    let justified = |outcome, reason: &str| C::Justified {
        decision: Box::new(C::Decide {
            candidate: candidate(1, Cents::euros(100_000)),
            outcome,
            now: t0(),
        }),
        recommended: Recommendation::NextStage,
        reason: reason.into(),
    };
    let refused = given::<Competition>(in_review(Preset::InnoRegio))
        .when(justified(Outcome::NotShortlisted, " "));
    assert_eq!(refused, Err(Err::Departure(DepartureError::ReasonNeeded)));
    let events = given::<Competition>(in_review(Preset::InnoRegio))
        .when(justified(Outcome::NotShortlisted, "Nicht förderfähig."))
        .unwrap();
    assert!(matches!(
        &events[..],
        [E::DecisionRecorded { reason: Some(r), .. }] if r == "Nicht förderfähig."
    ));
    // Following the recommendation records no reason.
    let events = given::<Competition>(in_review(Preset::InnoRegio))
        .when(justified(Outcome::Shortlisted, "egal"))
        .unwrap();
    assert!(matches!(
        &events[..],
        [E::DecisionRecorded { reason: None, .. }]
    ));
}
