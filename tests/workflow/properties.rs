//! Random commands through `execute`: the state folded from the log equals the state the
//! service reports, and a refused command writes no event.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use wettbewerb::app::{Actor, ExecuteError, execute, load, stream_of};
use wettbewerb::domain::aggregate::Aggregate;
use wettbewerb::domain::application::{Application, ApplicationCommand, Details, SubmissionWindow};
use wettbewerb::domain::competition::{Candidate, Competition, CompetitionCommand, Outcome};
use wettbewerb::domain::field::TechnologyField;
use wettbewerb::domain::ids::{AccountId, ApplicationId, CompetitionId};
use wettbewerb::domain::land::Land;
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::partner::{Partner, PartnerKind};
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{EventStore, StoreOptions};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn application_id(n: u8) -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(u128::from(n) + 100))
}

#[derive(Debug, Clone)]
enum CompetitionStep {
    Draft(Preset),
    ChangeBudget(u16),
    Publish,
    Open,
    Extend(u16),
    Close,
    StartReview,
    Decide {
        app: u8,
        outcome: u8,
        millions: u8,
    },
    Finalise,
    Release,
    Complete,
    /// Lets time pass, in days.
    Wait(u16),
}

fn competition_step() -> impl Strategy<Value = CompetitionStep> {
    use CompetitionStep as S;
    prop_oneof![
        (0usize..3).prop_map(|i| S::Draft(Preset::ALL[i])),
        (0u16..400).prop_map(S::ChangeBudget),
        Just(S::Publish),
        Just(S::Open),
        (0u16..120).prop_map(S::Extend),
        Just(S::Close),
        Just(S::StartReview),
        (0u8..6, 0u8..5, 0u8..60).prop_map(|(app, outcome, millions)| S::Decide {
            app,
            outcome,
            millions
        }),
        Just(S::Finalise),
        Just(S::Release),
        Just(S::Complete),
        (0u16..200).prop_map(S::Wait),
    ]
}

fn competition_command(
    step: &CompetitionStep,
    state: &Competition,
    now: DateTime<Utc>,
) -> Option<CompetitionCommand> {
    use CompetitionCommand as C;
    use CompetitionStep as S;
    Some(match step {
        S::Draft(preset) => C::Draft {
            competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
            setup: preset.setup(t0()),
            now,
        },
        S::ChangeBudget(millions) => {
            let mut setup = state
                .setup
                .clone()
                .unwrap_or_else(|| Preset::BioRegio.setup(t0()));
            setup.budget = Cents::million_euros(i64::from(*millions));
            C::ChangeSetup { setup, now }
        }
        S::Publish => C::Publish { now },
        S::Open => C::OpenNextStage { now },
        S::Extend(days) => C::ExtendDeadline {
            to: state.deadline.unwrap_or(now) + Duration::days(i64::from(*days)),
            now,
        },
        S::Close => C::CloseStage { now },
        S::StartReview => C::StartReview { now },
        S::Decide {
            app,
            outcome,
            millions,
        } => C::Decide {
            candidate: Candidate {
                application_id: application_id(*app),
                in_review: *app != 5,
                requested: Cents::million_euros(30),
            },
            outcome: match outcome {
                0 => Outcome::Shortlisted,
                1 => Outcome::NotShortlisted,
                2 => Outcome::Funded {
                    amount: Cents::million_euros(i64::from(*millions)),
                },
                3 => Outcome::NotFunded,
                _ => Outcome::Reserve {
                    rank: u32::from(*millions % 3) + 1,
                },
            },
            now,
        },
        S::Finalise => C::FinaliseResults {
            entries: (0..5).map(application_id).collect(),
            now,
        },
        S::Release => C::ReleaseResults { now },
        S::Complete => C::Complete { now },
        S::Wait(_) => return None,
    })
}

/// Runs one command and checks both properties; returns the state afterwards.
async fn step<A: Aggregate>(store: &EventStore, id: &str, command: A::Command) -> A {
    let stream = stream_of::<A>(&id);
    let before = store.committed_count();
    match execute::<A>(store, &stream, &Actor::system(), command).await {
        Ok(executed) => {
            let (folded, revision) = load::<A>(store, &stream).unwrap();
            assert_eq!(
                format!("{folded:?}"),
                format!("{:?}", executed.state),
                "folded state differs"
            );
            assert_eq!(revision, executed.revision);
            assert_eq!(
                store.committed_count(),
                before + executed.events.len() as u64
            );
            folded
        }
        Err(ExecuteError::Refused(_)) => {
            assert_eq!(
                store.committed_count(),
                before,
                "a refused command wrote events"
            );
            load::<A>(store, &stream).unwrap().0
        }
        Err(other) => panic!("the store failed: {other}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn competition_state_from_the_log_equals_the_reported_state(steps in proptest::collection::vec(competition_step(), 1..40)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let dir = tempfile::TempDir::new().unwrap();
        let store = EventStore::open(StoreOptions::new(dir.path().join("events")).unwrap()).unwrap();
        runtime.block_on(async {
            let mut now = t0();
            let mut state = Competition::default();
            for s in &steps {
                if let CompetitionStep::Wait(days) = s {
                    now += Duration::days(i64::from(*days));
                }
                if let Some(command) = competition_command(s, &state, now) {
                    state = step::<Competition>(&store, "c1", command).await;
                }
            }
        });
    }

    #[test]
    fn application_state_from_the_log_equals_the_reported_state(
        steps in proptest::collection::vec((0u8..9, 0u8..4, 0u32..40), 1..30)
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let dir = tempfile::TempDir::new().unwrap();
        let store = EventStore::open(StoreOptions::new(dir.path().join("events")).unwrap()).unwrap();
        let setup = Preset::InnoRegio.setup(t0());
        let lands = [Land::Sachsen, Land::Thueringen, Land::Bayern, Land::Brandenburg];
        let kinds = [PartnerKind::Company, PartnerKind::Sme, PartnerKind::University, PartnerKind::ResearchInstitute];
        runtime.block_on(async {
            let mut now = t0();
            for (kind, pick, amount) in steps {
                use ApplicationCommand as C;
                now += Duration::days(i64::from(amount % 7));
                let partner = Partner {
                    name: format!("Partner {pick} {}", amount % 3),
                    kind: kinds[pick as usize],
                    land: lands[pick as usize],
                };
                let command = match kind {
                    0 => C::Create {
                        application_id: application_id(1),
                        competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
                        owner: AccountId::from_uuid(uuid::Uuid::from_u128(3)),
                        coordinator: Partner { name: "Koordination e.V.".into(), kind: PartnerKind::Other, land: Land::Sachsen },
                        contact: wettbewerb::domain::email_address::EmailAddress::parse("k@koordination.de").unwrap(),
                        title: "Region".into(),
                        now,
                    },
                    1 => C::ChangeDetails {
                        details: Details {
                            title: "Region".into(),
                            summary: if amount % 2 == 0 { "Konzept".into() } else { String::new() },
                            field: Some(TechnologyField::ALL[amount as usize % 14]),
                            requested: Some(Cents::million_euros(i64::from(amount))),
                            cofinancing: Some(Cents::million_euros(i64::from(amount / 2))),
                        },
                        now,
                    },
                    2 => C::AddPartner { partner, now },
                    3 => C::RemovePartner { index: pick as usize, now },
                    4 | 5 => C::Submit {
                        window: SubmissionWindow {
                            stage: 0,
                            open: true,
                            deadline: setup.stages[0].submission_deadline,
                            rules: setup.rules.clone(),
                            form: Default::default(),
                        },
                        now,
                    },
                    6 => C::Withdraw { deadline: setup.stages[0].submission_deadline, now },
                    7 => C::RejectFormally {
                        reason: if pick == 0 { String::new() } else { "Frist".into() },
                        competition: wettbewerb::domain::competition::Progress {
                            stage: 0,
                            phase: wettbewerb::domain::competition::Phase::StageOpen,
                        },
                        now,
                    },
                    _ => C::ChangePartner { index: pick as usize, partner, now },
                };
                step::<Application>(&store, "a1", command).await;
            }
        });
    }
}
