//! Decisions across aggregates read their facts fresh from the log and are guarded by them: a
//! juror conflicted or removed after their page was shown is refused by the review itself, and
//! a decision whose application changed between reading and writing is taken again on what is
//! there now. The use cases run against the real store, without the read models, so nothing
//! but the log they read can stop them.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, Duration, Utc};
use wettbewerb::app::{
    Actor, ExecuteError, FactCache, Seen, encode, execute, execute_deciding, load, stream_of,
};
use wettbewerb::domain::aggregate::Aggregate;
use wettbewerb::domain::application::{Application, ApplicationCommand};
use wettbewerb::domain::competition::{
    Competition, CompetitionCommand as C, CompetitionError, Outcome,
};
use wettbewerb::domain::field::TechnologyField;
use wettbewerb::domain::ids::{CompetitionId, JurorId};
use wettbewerb::domain::jury::{ApplicationFacts, Juror, Jury, JuryCommand as J};
use wettbewerb::domain::presets::Preset;
use wettbewerb::domain::review::{CriterionScore, Review, ReviewError, ReviewKey, Scores};
use wettbewerb::event_store::{EventStore, ExpectedRevision, StoreOptions, StreamName};
use wettbewerb::usecases::Context;
use wettbewerb::usecases::award_decision::{self, Step};
use wettbewerb::usecases::review_scoring::{self, Scoring};

use crate::processes::{application, submit, t0};

const APPLICATION: u128 = 201;

struct Round {
    store: EventStore,
    facts: FactCache,
    competition: CompetitionId,
    juror: JurorId,
    /// In review: after the submission deadline, before the review deadline.
    now: DateTime<Utc>,
    criteria: usize,
    _dir: tempfile::TempDir,
}

impl Round {
    fn context(&self) -> Context<'_> {
        Context {
            store: &self.store,
            facts: &self.facts,
        }
    }

    fn key(&self) -> ReviewKey {
        ReviewKey {
            application: application(APPLICATION),
            stage: 0,
            juror: self.juror,
        }
    }

    fn draft(&self, seen: Seen) -> Scoring {
        Scoring {
            competition: self.competition,
            key: self.key(),
            scores: Scores {
                criteria: vec![CriterionScore::default(); self.criteria],
                overall_comment: String::new(),
                confidence: None,
            },
            submit: false,
            seen,
            now: self.now,
        }
    }

    async fn competition_step(&self, command: C) {
        execute::<Competition>(
            &self.store,
            &stream_of::<Competition>(&self.competition),
            &Actor::new("staff", "staff"),
            command,
        )
        .await
        .unwrap();
    }

    async fn jury(&self, command: J) {
        execute::<Jury>(
            &self.store,
            &stream_of::<Jury>(&self.competition),
            &Actor::new("staff", "staff"),
            command,
        )
        .await
        .unwrap();
    }

    fn review_written(&self) -> bool {
        load::<Review>(&self.store, &stream_of::<Review>(&self.key()))
            .unwrap()
            .1
            .is_some()
    }

    fn decisions(&self) -> usize {
        load::<Competition>(&self.store, &stream_of::<Competition>(&self.competition))
            .unwrap()
            .0
            .decisions
            .len()
    }
}

/// One application submitted and in review, one juror appointed and assigned to it.
async fn in_review() -> Round {
    let dir = tempfile::TempDir::new().unwrap();
    let store = EventStore::open(StoreOptions::new(dir.path().join("events")).unwrap()).unwrap();
    let competition = CompetitionId::from_uuid(uuid::Uuid::from_u128(2));
    let setup = Preset::InnoRegio.setup(t0());
    let deadline = setup.stages[0].submission_deadline;
    let now = deadline + Duration::hours(1);
    let round = Round {
        store,
        facts: FactCache::default(),
        competition,
        juror: JurorId::from_uuid(uuid::Uuid::from_u128(7)),
        now,
        criteria: setup.stages[0].criteria.len(),
        _dir: dir,
    };
    for command in [
        C::Draft {
            competition_id: competition,
            setup: setup.clone(),
            now: t0(),
        },
        C::Publish { now: t0() },
        C::OpenNextStage { now: t0() },
    ] {
        round.competition_step(command).await;
    }
    submit(
        &round.store,
        competition,
        deadline,
        &setup.rules,
        APPLICATION,
    )
    .await;
    for command in [C::CloseStage { now }, C::StartReview { now }] {
        round.competition_step(command).await;
    }
    round
        .jury(J::Appoint {
            competition_id: competition,
            juror_id: round.juror,
            juror: juror("jury7@example.org"),
            now: t0(),
        })
        .await;
    let (submitted, _) = load::<Application>(
        &round.store,
        &stream_of::<Application>(&application(APPLICATION)),
    )
    .unwrap();
    round
        .jury(J::Assign {
            stage: 0,
            juror_id: round.juror,
            application: ApplicationFacts::of(application(APPLICATION), &submitted),
            now,
        })
        .await;
    round
}

/// Someone else's commands on `stream`, written while a decision is being taken: called from
/// inside the decision, they are queued before the decision's append, so the writer commits
/// them first and the decision finds what it read moved.
pub(crate) fn meanwhile<A: Aggregate>(
    store: &EventStore,
    stream: &StreamName,
    commands: impl IntoIterator<Item = A::Command>,
) {
    let (mut state, revision) = load::<A>(store, stream).unwrap();
    let mut events = Vec::new();
    for command in commands {
        let decided = state.handle(command).unwrap();
        for event in &decided {
            state.apply(event);
        }
        events.extend(decided);
    }
    let _ = store.submit_append(
        stream,
        revision.map_or(ExpectedRevision::NoStream, ExpectedRevision::Exact),
        events
            .iter()
            .map(|e| encode::<A>(e, &Actor::system()))
            .collect(),
    );
}

fn juror(email: &str) -> Juror {
    Juror {
        name: "Prof. Dr. Ada Muster".into(),
        email: wettbewerb::domain::email_address::EmailAddress::parse(email).unwrap(),
        organisation: "Fraunhofer IOF".into(),
        expertise: BTreeSet::from([TechnologyField::Photonics]),
    }
}

#[tokio::test]
async fn an_assigned_juror_free_of_conflict_saves_their_review() {
    let round = in_review().await;

    let saved = review_scoring::score(
        round.context(),
        &Actor::new("juror", "juror"),
        round.draft(Seen::At(None)),
    )
    .await;

    assert!(saved.is_ok(), "{saved:?}");
    assert!(round.review_written());
}

#[tokio::test]
async fn a_juror_who_declared_a_conflict_after_the_page_was_shown_is_refused_by_the_review() {
    let round = in_review().await;
    // The page was shown; then the juror declared a conflict (in a second window, say).
    round
        .jury(J::DeclareConflict {
            juror_id: round.juror,
            application_id: application(APPLICATION),
            reason: "Ich habe an dem Antrag mitgeschrieben.".into(),
            now: round.now,
        })
        .await;

    let refused = review_scoring::score(
        round.context(),
        &Actor::new("juror", "juror"),
        round.draft(Seen::At(None)),
    )
    .await;

    assert!(
        matches!(refused, Err(ExecuteError::Refused(ReviewError::Conflicted))),
        "{refused:?}"
    );
    assert!(!round.review_written());
}

#[tokio::test]
async fn a_juror_removed_after_the_page_was_shown_is_refused_by_the_review() {
    let round = in_review().await;
    round
        .jury(J::Unassign {
            stage: 0,
            juror_id: round.juror,
            application_id: application(APPLICATION),
            now: round.now,
        })
        .await;

    let refused = review_scoring::score(
        round.context(),
        &Actor::new("juror", "juror"),
        round.draft(Seen::At(None)),
    )
    .await;

    assert!(
        matches!(
            refused,
            Err(ExecuteError::Refused(ReviewError::NotAssigned))
        ),
        "{refused:?}"
    );
    assert!(!round.review_written());
}

#[tokio::test]
async fn a_form_made_from_an_older_state_of_the_review_stays_a_conflict() {
    let round = in_review().await;
    let actor = Actor::new("juror", "juror");
    review_scoring::score(round.context(), &actor, round.draft(Seen::At(None)))
        .await
        .unwrap();

    // A second window's form, made before the first save.
    let again = review_scoring::score(round.context(), &actor, round.draft(Seen::At(None))).await;

    assert!(
        matches!(again, Err(ExecuteError::Conflict { .. })),
        "{again:?}"
    );
}

/// The jury changed between the review's decision and its append (another juror appointed):
/// the append is refused, the decision taken again on the new jury, and then written.
#[tokio::test]
async fn a_save_whose_jury_moved_in_between_is_decided_again_and_written() {
    let round = in_review().await;
    let scoring = round.draft(Seen::At(None));
    let decided = AtomicU32::new(0);
    let jurors_seen = std::sync::Mutex::new(Vec::new());
    let jury_stream = stream_of::<Jury>(&round.competition);

    let saved = execute_deciding::<Review>(
        &round.store,
        &round.facts,
        &stream_of::<Review>(&round.key()),
        scoring.seen,
        &Actor::new("juror", "juror"),
        |_, facts| {
            let command = review_scoring::command(facts, &scoring)?;
            let jury: std::sync::Arc<Jury> = facts.load(&jury_stream)?;
            jurors_seen.lock().unwrap().push(jury.jurors.len());
            if decided.fetch_add(1, Ordering::SeqCst) == 0 {
                let appoint = J::Appoint {
                    competition_id: round.competition,
                    juror_id: JurorId::from_uuid(uuid::Uuid::from_u128(8)),
                    juror: juror("jury8@example.org"),
                    now: round.now,
                };
                meanwhile::<Jury>(&round.store, &jury_stream, [appoint]);
            }
            Ok(command)
        },
    )
    .await;

    assert!(saved.is_ok(), "{saved:?}");
    // A refusal is answered only once the write that caused it is durable and visible, so the
    // decision is taken again exactly once, on the new jury.
    let seen = jurors_seen.into_inner().unwrap();
    assert_eq!(seen, vec![1, 2]);
    assert!(round.review_written());
}

/// The application was withdrawn between the award decision's read of it and its append: the
/// append is refused, the decision taken again on the withdrawn application, and refused.
#[tokio::test]
async fn a_decision_whose_application_was_withdrawn_in_between_is_taken_again_and_refused() {
    let round = in_review().await;
    let decided = AtomicU32::new(0);
    let application_stream = stream_of::<Application>(&application(APPLICATION));

    let outcome = execute_deciding::<Competition>(
        &round.store,
        &round.facts,
        &stream_of::<Competition>(&round.competition),
        Seen::Latest,
        &Actor::new("staff", "staff"),
        |competition, facts| {
            let step = Step::Decide(Outcome::Shortlisted);
            let command = award_decision::command(
                competition,
                facts,
                application(APPLICATION),
                step,
                round.now,
            )?;
            if decided.fetch_add(1, Ordering::SeqCst) == 0 {
                // The application's own rule takes the deadline as its caller read it.
                let withdraw = ApplicationCommand::Withdraw {
                    deadline: round.now + Duration::hours(1),
                    now: round.now,
                };
                meanwhile::<Application>(&round.store, &application_stream, [withdraw]);
            }
            Ok(command)
        },
    )
    .await;

    assert!(
        matches!(
            outcome,
            Err(ExecuteError::Refused(CompetitionError::NotInReview))
        ),
        "{outcome:?}"
    );
    assert_eq!(decided.load(Ordering::SeqCst), 2);
    assert_eq!(round.decisions(), 0);
}

#[tokio::test]
async fn a_decision_on_an_application_in_review_is_written() {
    let round = in_review().await;

    let decided = award_decision::decide(
        round.context(),
        &Actor::new("staff", "staff"),
        round.competition,
        application(APPLICATION),
        Outcome::Shortlisted,
        round.now,
    )
    .await;

    assert!(decided.is_ok(), "{decided:?}");
    assert_eq!(round.decisions(), 1);
}
