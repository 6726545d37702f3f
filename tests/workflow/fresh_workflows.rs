//! The jury's assignment, finalising, withdrawing and giving up an award read what they decide
//! on fresh from the applications' and the competition's streams, and their appends are guarded
//! by them: a stream that moves between the reading and the writing (an application withdrawn,
//! a deadline shortened at the same moment) makes the decision run again on what is there now.
//! The use cases run against the real store, without the read models.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, Duration, Utc};
use wettbewerb::app::{
    Actor, ExecuteError, FactCache, Seen, execute, execute_deciding, execute_deciding_off_worker,
    load, stream_of,
};
use wettbewerb::domain::application::{Application, ApplicationCommand, ApplicationError, Status};
use wettbewerb::domain::competition::{
    Competition, CompetitionCommand as C, CompetitionEvent, Outcome,
};
use wettbewerb::domain::email_address::EmailAddress;
use wettbewerb::domain::field::TechnologyField;
use wettbewerb::domain::ids::{ApplicationId, CompetitionId, JurorId};
use wettbewerb::domain::jury::{Juror, Jury, JuryCommand as J, JuryError};
use wettbewerb::domain::land::Land;
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::partner::{Partner, PartnerKind};
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{EventStore, StoreOptions};
use wettbewerb::usecases::application_submission::{self, Step};
use wettbewerb::usecases::award_decision;
use wettbewerb::usecases::jury_assignment::{self, Automatic, ByHand, Hand};
use wettbewerb::usecases::{Context, KnownApplication};

use crate::fresh_facts::meanwhile;
use crate::processes::{application, submit, t0};

const FIRST: u128 = 301;
const SECOND: u128 = 302;
const JUROR_ORGANISATION: &str = "Fraunhofer IOF";

struct Round {
    store: EventStore,
    facts: FactCache,
    competition: CompetitionId,
    juror: JurorId,
    /// The stage's submission deadline.
    deadline: DateTime<Utc>,
    _dir: tempfile::TempDir,
}

/// Where the competition stands when the round is made.
#[derive(PartialEq)]
enum Standing {
    /// The first stage open, both applications submitted.
    Open,
    /// The first stage in review.
    InReview,
}

impl Round {
    async fn new(standing: Standing, stages: usize) -> Round {
        let dir = tempfile::TempDir::new().unwrap();
        let store =
            EventStore::open(StoreOptions::new(dir.path().join("events")).unwrap()).unwrap();
        let competition = CompetitionId::from_uuid(uuid::Uuid::from_u128(3));
        let mut setup = Preset::InnoRegio.setup(t0());
        setup.stages.truncate(stages);
        let deadline = setup.stages[0].submission_deadline;
        let round = Round {
            store,
            facts: FactCache::default(),
            competition,
            juror: JurorId::from_uuid(uuid::Uuid::from_u128(9)),
            deadline,
            _dir: dir,
        };
        round
            .competition_steps([
                C::Draft {
                    competition_id: competition,
                    setup: setup.clone(),
                    now: t0(),
                },
                C::Publish { now: t0() },
                C::OpenNextStage { now: t0() },
            ])
            .await;
        for n in [FIRST, SECOND] {
            submit(&round.store, competition, deadline, &setup.rules, n).await;
        }
        if standing == Standing::InReview {
            let now = round.in_review();
            round
                .competition_steps([C::CloseStage { now }, C::StartReview { now }])
                .await;
        }
        execute::<Jury>(
            &round.store,
            &stream_of::<Jury>(&competition),
            &staff(),
            J::Appoint {
                competition_id: competition,
                juror_id: round.juror,
                juror: Juror {
                    name: "Prof. Dr. Ada Muster".into(),
                    email: EmailAddress::parse("jury9@example.org").unwrap(),
                    organisation: JUROR_ORGANISATION.into(),
                    expertise: BTreeSet::from([TechnologyField::Photonics]),
                },
                now: t0(),
            },
        )
        .await
        .unwrap();
        round
    }

    fn context(&self) -> Context<'_> {
        Context {
            store: &self.store,
            facts: &self.facts,
        }
    }

    /// A time in the review of the first stage.
    fn in_review(&self) -> DateTime<Utc> {
        self.deadline + Duration::hours(1)
    }

    async fn competition_steps(&self, commands: impl IntoIterator<Item = C>) {
        for command in commands {
            execute::<Competition>(
                &self.store,
                &stream_of::<Competition>(&self.competition),
                &staff(),
                command,
            )
            .await
            .unwrap();
        }
    }

    fn jury(&self) -> Jury {
        load::<Jury>(&self.store, &stream_of::<Jury>(&self.competition))
            .unwrap()
            .0
    }

    fn round(&self) -> Competition {
        load::<Competition>(&self.store, &stream_of::<Competition>(&self.competition))
            .unwrap()
            .0
    }

    fn status(&self, n: u128) -> Status {
        load::<Application>(&self.store, &stream_of::<Application>(&application(n)))
            .unwrap()
            .0
            .status
    }

    fn automatic(&self) -> Automatic {
        Automatic {
            competition: self.competition,
            applications: unheld(&[FIRST, SECOND]),
            per_application: 1,
            now: self.in_review(),
        }
    }

    fn assigned(&self) -> Vec<ApplicationId> {
        self.jury()
            .assignments
            .iter()
            .map(|(_, application, _)| *application)
            .collect()
    }
}

/// Applications the caller holds no copy of: the decision reads their streams.
fn unheld(numbers: &[u128]) -> Vec<KnownApplication> {
    numbers
        .iter()
        .map(|n| KnownApplication::unheld(application(*n)))
        .collect()
}

fn staff() -> Actor {
    Actor::new("staff", "staff")
}

/// The application's own rule takes the deadline as its caller read it: here one still ahead,
/// so that the withdrawal stands in for any change that takes the application out of review.
fn withdrawn_meanwhile(store: &EventStore, n: u128, now: DateTime<Utc>) {
    meanwhile::<Application>(
        store,
        &stream_of::<Application>(&application(n)),
        vec![ApplicationCommand::Withdraw {
            deadline: now + Duration::hours(1),
            now,
        }],
    );
}

#[tokio::test]
async fn the_automatic_assignment_distributes_the_applications_in_review() {
    let round = Round::new(Standing::InReview, 2).await;
    let mut automatic = round.automatic();
    // One that does not exist (gone from the read model's index, say) is left out.
    automatic
        .applications
        .push(KnownApplication::unheld(application(399)));

    let assigned =
        jury_assignment::assign_automatically(round.context(), &staff(), automatic).await;

    assert!(assigned.is_ok(), "{assigned:?}");
    assert_eq!(round.assigned(), [application(FIRST), application(SECOND)]);
}

/// The caller's copies (a read model's) are taken as long as they are their streams' state: one
/// behind its stream (the application withdrawn after the copy was made) has the append refused
/// and the plan made again on the streams.
#[tokio::test]
async fn a_copy_of_an_application_behind_its_stream_has_the_assignment_planned_again_on_the_stream()
{
    let round = Round::new(Standing::InReview, 2).await;
    let copies: Vec<KnownApplication> = [FIRST, SECOND]
        .into_iter()
        .map(|n| {
            let stream = stream_of::<Application>(&application(n));
            let (state, revision) = load::<Application>(&round.store, &stream).unwrap();
            KnownApplication::held(application(n), revision.unwrap(), &state)
        })
        .collect();
    meanwhile::<Application>(
        &round.store,
        &stream_of::<Application>(&application(SECOND)),
        [ApplicationCommand::Withdraw {
            deadline: round.in_review() + Duration::hours(1),
            now: round.in_review(),
        }],
    );
    let automatic = Automatic {
        applications: copies,
        ..round.automatic()
    };

    let preview = jury_assignment::preview(round.context(), automatic.clone())
        .await
        .unwrap();
    assert_eq!(
        preview.1.len(),
        2,
        "the preview plans on the copies: both applications"
    );
    let assigned =
        jury_assignment::assign_automatically(round.context(), &staff(), automatic).await;

    assert!(assigned.is_ok(), "{assigned:?}");
    assert_eq!(round.status(SECOND), Status::Withdrawn { stage: 0 });
    assert_eq!(round.assigned(), [application(FIRST)]);
}

#[tokio::test]
async fn an_application_withdrawn_while_the_jury_is_assigned_automatically_is_not_assigned() {
    let round = Round::new(Standing::InReview, 2).await;
    let automatic = round.automatic();
    let decided = Arc::new(AtomicU32::new(0));
    let (store, now) = (round.store.clone(), round.in_review());

    let assigned = execute_deciding_off_worker::<Jury, _>(
        &round.store,
        &round.facts,
        &stream_of::<Jury>(&round.competition),
        Seen::Latest,
        &staff(),
        {
            let decided = decided.clone();
            move |_, facts| {
                let command = jury_assignment::automatic_command(facts, &automatic)?;
                if decided.fetch_add(1, Ordering::SeqCst) == 0 {
                    withdrawn_meanwhile(&store, SECOND, now);
                }
                Ok(command)
            }
        },
    )
    .await;

    assert!(assigned.is_ok(), "{assigned:?}");
    assert_eq!(decided.load(Ordering::SeqCst), 2);
    assert_eq!(round.status(SECOND), Status::Withdrawn { stage: 0 });
    assert_eq!(round.assigned(), [application(FIRST)]);
}

#[tokio::test]
async fn a_hand_assignment_whose_application_took_the_juror_s_organisation_on_in_between_is_refused()
 {
    let round = Round::new(Standing::Open, 2).await;
    let now = t0() + Duration::days(1);
    let by_hand = ByHand {
        competition: round.competition,
        juror: round.juror,
        application: application(FIRST),
        hand: Hand::Assign,
        now,
    };
    let decided = AtomicU32::new(0);

    let refused = execute_deciding::<Jury>(
        &round.store,
        &round.facts,
        &stream_of::<Jury>(&round.competition),
        Seen::Latest,
        &staff(),
        |_, facts| {
            let command = jury_assignment::hand_command(facts, &by_hand)?;
            if decided.fetch_add(1, Ordering::SeqCst) == 0 {
                // The consortium withdrew to add the juror's institute as a partner.
                meanwhile::<Application>(
                    &round.store,
                    &stream_of::<Application>(&application(FIRST)),
                    vec![
                        ApplicationCommand::Withdraw {
                            deadline: round.deadline,
                            now,
                        },
                        ApplicationCommand::AddPartner {
                            partner: Partner {
                                name: JUROR_ORGANISATION.into(),
                                kind: PartnerKind::ResearchInstitute,
                                land: Land::Thueringen,
                            },
                            now,
                        },
                    ],
                );
            }
            Ok(command)
        },
    )
    .await;

    assert!(
        matches!(refused, Err(ExecuteError::Refused(JuryError::Conflicted))),
        "{refused:?}"
    );
    assert_eq!(decided.load(Ordering::SeqCst), 2);
    assert!(round.assigned().is_empty());
}

#[tokio::test]
async fn a_hand_assignment_and_its_removal_act_in_the_current_stage() {
    let round = Round::new(Standing::InReview, 2).await;
    let by_hand = |hand| ByHand {
        competition: round.competition,
        juror: round.juror,
        application: application(FIRST),
        hand,
        now: round.in_review(),
    };

    jury_assignment::by_hand(round.context(), &staff(), by_hand(Hand::Assign))
        .await
        .unwrap();
    assert_eq!(round.assigned(), [application(FIRST)]);
    let announced = jury_assignment::announce(
        round.context(),
        &staff(),
        round.competition,
        round.in_review(),
    )
    .await
    .unwrap();
    assert_eq!(announced.events.len(), 1, "one notice to the juror");
    jury_assignment::by_hand(round.context(), &staff(), by_hand(Hand::Remove))
        .await
        .unwrap();
    assert!(round.assigned().is_empty());
}

#[tokio::test]
async fn finalising_leaves_out_an_application_withdrawn_in_between() {
    let round = Round::new(Standing::InReview, 2).await;
    let applications = unheld(&[FIRST, SECOND]);
    let now = round.in_review();
    let decided = AtomicU32::new(0);

    let finalised = execute_deciding::<Competition>(
        &round.store,
        &round.facts,
        &stream_of::<Competition>(&round.competition),
        Seen::Latest,
        &staff(),
        |competition, facts| {
            let command = award_decision::finalise_command(competition, facts, &applications, now)?;
            if decided.fetch_add(1, Ordering::SeqCst) == 0 {
                withdrawn_meanwhile(&round.store, SECOND, now);
            }
            Ok(command)
        },
    )
    .await;

    assert!(finalised.is_ok(), "{finalised:?}");
    assert_eq!(decided.load(Ordering::SeqCst), 2);
    let decisions = round.round().decisions;
    assert_eq!(
        decisions.get(&(0, application(FIRST))),
        Some(&Outcome::NotShortlisted)
    );
    assert_eq!(decisions.get(&(0, application(SECOND))), None);
}

#[tokio::test]
async fn finalising_as_confirmed_goes_on_after_a_reminder_and_stops_at_a_changed_decision() {
    let round = Round::new(Standing::InReview, 2).await;
    let applications = unheld(&[FIRST, SECOND]);
    let now = round.in_review();
    let shown = load::<Competition>(&round.store, &stream_of::<Competition>(&round.competition))
        .unwrap()
        .1;
    // Staff decide on one application after the confirmation page was shown.
    award_decision::decide(
        round.context(),
        &staff(),
        round.competition,
        application(FIRST),
        Outcome::Shortlisted,
        now,
    )
    .await
    .unwrap();

    let changed = award_decision::finalise(
        round.context(),
        &staff(),
        round.competition,
        applications.clone(),
        Seen::At(shown),
        now,
    )
    .await;
    assert!(
        matches!(changed, Err(ExecuteError::Conflict { .. })),
        "{changed:?}"
    );

    // Shown again; then only reminders went out.
    let shown = load::<Competition>(&round.store, &stream_of::<Competition>(&round.competition))
        .unwrap()
        .1;
    round
        .competition_steps([C::RemindReviewers {
            now: round.round().setup.unwrap().stages[0].review_deadline - Duration::days(2),
        }])
        .await;
    let finalised = award_decision::finalise(
        round.context(),
        &staff(),
        round.competition,
        applications,
        Seen::At(shown),
        now,
    )
    .await;
    assert!(finalised.is_ok(), "{finalised:?}");
    assert_eq!(
        round.round().decisions.get(&(0, application(SECOND))),
        Some(&Outcome::NotShortlisted)
    );
}

#[tokio::test]
async fn a_withdrawal_whose_deadline_was_shortened_in_between_is_refused_as_late() {
    let round = Round::new(Standing::Open, 2).await;
    let shortened_at = t0() + Duration::days(1);
    let shortened_to = shortened_at + Duration::hours(1);
    // The consortium's click, after the new deadline (it was read as the old one).
    let now = shortened_at + Duration::hours(2);
    let decided = AtomicU32::new(0);

    let refused = execute_deciding::<Application>(
        &round.store,
        &round.facts,
        &stream_of::<Application>(&application(FIRST)),
        Seen::Latest,
        &Actor::new("applicant", "applicant"),
        |submitted, facts| {
            let command = application_submission::command(submitted, facts, Step::Withdraw, now)?;
            if decided.fetch_add(1, Ordering::SeqCst) == 0 {
                meanwhile::<Competition>(
                    &round.store,
                    &stream_of::<Competition>(&round.competition),
                    vec![C::ShortenDeadlines {
                        submission: Some(shortened_to),
                        review: None,
                        now: shortened_at,
                    }],
                );
            }
            Ok(command)
        },
    )
    .await;

    assert!(
        matches!(
            refused,
            Err(ExecuteError::Refused(ApplicationError::Late { deadline })) if deadline == shortened_to
        ),
        "{refused:?}"
    );
    assert_eq!(decided.load(Ordering::SeqCst), 2);
    assert_eq!(round.status(FIRST), Status::Submitted { stage: 0 });
}

#[tokio::test]
async fn a_withdrawal_before_the_deadline_is_written() {
    let round = Round::new(Standing::Open, 2).await;

    let withdrawn = application_submission::withdraw(
        round.context(),
        &Actor::new("applicant", "applicant"),
        application(FIRST),
        t0() + Duration::days(1),
    )
    .await;

    assert!(withdrawn.is_ok(), "{withdrawn:?}");
    assert_eq!(round.status(FIRST), Status::Withdrawn { stage: 0 });
}

#[tokio::test]
async fn giving_up_an_award_is_decided_again_when_the_application_moved_in_between() {
    // One stage only: its decisions are the funding.
    let round = Round::new(Standing::InReview, 1).await;
    let now = round.in_review();
    award_decision::decide(
        round.context(),
        &staff(),
        round.competition,
        application(FIRST),
        Outcome::Funded {
            amount: Cents::million_euros(5),
        },
        now,
    )
    .await
    .unwrap();
    round
        .competition_steps([
            C::FinaliseResults {
                entries: Vec::new(),
                now,
            },
            C::ReleaseResults { now },
        ])
        .await;
    let decided = AtomicU32::new(0);

    let declined = execute_deciding::<Competition>(
        &round.store,
        &round.facts,
        &stream_of::<Competition>(&round.competition),
        Seen::Latest,
        &Actor::new("applicant", "applicant"),
        |competition, facts| {
            let command =
                award_decision::decline_command(competition, facts, application(FIRST), now)?;
            if decided.fetch_add(1, Ordering::SeqCst) == 0 {
                meanwhile::<Application>(
                    &round.store,
                    &stream_of::<Application>(&application(FIRST)),
                    vec![ApplicationCommand::InviteEditor {
                        email: EmailAddress::parse("kollegin@optonet.de").unwrap(),
                        now,
                    }],
                );
            }
            Ok(command)
        },
    )
    .await;

    assert!(declined.is_ok(), "{declined:?}");
    assert_eq!(decided.load(Ordering::SeqCst), 2);
    assert!(
        declined
            .unwrap()
            .events
            .iter()
            .any(|e| matches!(e, CompetitionEvent::AwardDeclined { .. }))
    );
    // Through the use case, a second time, it is refused: the award is given up already.
    let again = award_decision::decline(
        round.context(),
        &staff(),
        round.competition,
        application(FIRST),
        now,
    )
    .await;
    assert!(matches!(again, Err(ExecuteError::Refused(_))), "{again:?}");
}
