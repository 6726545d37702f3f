//! The process managers after a crash: the log holds the first step of a workflow and not the
//! follow-ups (the service died in between); the service started on that data directory
//! completes the workflow, and reading the log again does nothing twice.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use wettbewerb::app::{Actor, execute, load, stream_of};
use wettbewerb::config::Settings;
use wettbewerb::domain::application::{
    Application, ApplicationCommand as A, Details, DocumentRef, Status, SubmissionWindow,
};
use wettbewerb::domain::competition::{Candidate, Competition, CompetitionCommand as C, Outcome};
use wettbewerb::domain::email_address::EmailAddress;
use wettbewerb::domain::field::TechnologyField;
use wettbewerb::domain::ids::{AccountId, ApplicationId, CompetitionId};
use wettbewerb::domain::land::Land;
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::partner::{Partner, PartnerKind};
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, EventStore, ReadFrom, StoreOptions};
use wettbewerb::processes::{Checkpoint, Runner};
use wettbewerb::startup::Application as Service;

pub(crate) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

const SHORTLISTED: u128 = 101;
const NOT_SHORTLISTED: u128 = 102;

pub(crate) fn application(n: u128) -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(n))
}

fn open_store(data: &std::path::Path) -> EventStore {
    let options = StoreOptions::new(wettbewerb::config::event_store_dir(data)).unwrap();
    EventStore::open(options).unwrap()
}

/// What the log holds when the service died right after staff opened the full-proposal stage:
/// one application shortlisted, one not, and the second stage's `StageOpened` as the last
/// event.
async fn stage_opened_before_a_crash(store: &EventStore) {
    let staff = Actor::new("staff", "staff");
    let competition_id = CompetitionId::from_uuid(uuid::Uuid::from_u128(1));
    let competition = stream_of::<Competition>(&competition_id);
    let setup = Preset::InnoRegio.setup(t0());
    let deadline = setup.stages[0].submission_deadline;
    for command in [
        C::Draft {
            competition_id,
            setup: setup.clone(),
            now: t0(),
        },
        C::Publish { now: t0() },
        C::OpenNextStage { now: t0() },
    ] {
        execute::<Competition>(store, &competition, &staff, command)
            .await
            .unwrap();
    }
    for n in [SHORTLISTED, NOT_SHORTLISTED] {
        submit(store, competition_id, deadline, &setup.rules, n).await;
    }
    let after = deadline + chrono::Duration::hours(1);
    let decide = |n, outcome| C::Decide {
        candidate: Candidate {
            application_id: application(n),
            in_review: true,
            requested: Cents::million_euros(10),
        },
        outcome,
        now: after,
    };
    for command in [
        C::CloseStage { now: after },
        C::StartReview { now: after },
        decide(SHORTLISTED, Outcome::Shortlisted),
        decide(NOT_SHORTLISTED, Outcome::NotShortlisted),
        C::FinaliseResults {
            entries: Vec::new(),
            now: after,
        },
        C::ReleaseResults { now: after },
        C::OpenNextStage { now: after },
    ] {
        execute::<Competition>(store, &competition, &staff, command)
            .await
            .unwrap();
    }
}

pub(crate) async fn submit(
    store: &EventStore,
    competition_id: CompetitionId,
    deadline: DateTime<Utc>,
    rules: &wettbewerb::domain::setup::EligibilityRules,
    n: u128,
) {
    let stream = stream_of::<Application>(&application(n));
    let partner = |name: &str, kind| Partner {
        name: name.into(),
        kind,
        land: Land::Thueringen,
    };
    let commands = vec![
        A::Create {
            application_id: application(n),
            competition_id,
            owner: AccountId::from_uuid(uuid::Uuid::from_u128(3)),
            coordinator: partner("Optonet e.V.", PartnerKind::Other),
            contact: EmailAddress::parse(&format!("koordination{n}@optonet.de")).unwrap(),
            title: format!("Photonik Jena {n}"),
            now: t0(),
        },
        A::ChangeDetails {
            details: Details {
                title: format!("Photonik Jena {n}"),
                summary: "Optische Technologien aus Thüringen".into(),
                field: Some(TechnologyField::Photonics),
                requested: Some(Cents::million_euros(10)),
                cofinancing: Some(Cents::million_euros(10)),
            },
            now: t0(),
        },
        A::AddPartner {
            partner: partner("Jenoptik AG", PartnerKind::Company),
            now: t0(),
        },
        A::AddPartner {
            partner: partner("Universität Jena", PartnerKind::University),
            now: t0(),
        },
        A::AttachDocument {
            document: DocumentRef {
                sha256: "ab".repeat(32),
                file_name: "skizze.pdf".into(),
                size: 204_800,
            },
            now: t0(),
        },
        A::Submit {
            window: SubmissionWindow {
                stage: 0,
                open: true,
                deadline,
                rules: rules.clone(),
                form: Default::default(),
            },
            now: t0(),
        },
    ];
    for command in commands {
        execute::<Application>(store, &stream, &Actor::system(), command)
            .await
            .unwrap();
    }
}

fn status(store: &EventStore, n: u128) -> Status {
    load::<Application>(store, &stream_of::<Application>(&application(n)))
        .unwrap()
        .0
        .status
}

fn started(store: &EventStore) -> usize {
    store
        .read_all(Direction::Forwards, ReadFrom::Start, usize::MAX)
        .unwrap()
        .iter()
        .filter(|e| e.event_type == "NextStageStarted")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stage_opened_just_before_a_crash_invites_the_shortlisted_after_the_restart() {
    let data = tempfile::TempDir::new().unwrap();
    {
        let store = open_store(data.path());
        stage_opened_before_a_crash(&store).await;
        assert_eq!(status(&store, SHORTLISTED), Status::Submitted { stage: 0 });
    }

    let settings = Settings {
        data: data.path().to_owned(),
        listen: "127.0.0.1:0".parse().unwrap(),
        ..Settings::default()
    };
    let service = Service::build(settings).await.unwrap();
    let store = service.store().clone();
    tokio::spawn(service.run_until_stopped());

    let waited = tokio::time::timeout(Duration::from_secs(20), async {
        while status(&store, SHORTLISTED) == (Status::Submitted { stage: 0 }) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(
        waited.is_ok(),
        "the shortlisted application was not invited"
    );
    assert_eq!(status(&store, SHORTLISTED), Status::Draft { stage: 1 });
    assert_eq!(
        status(&store, NOT_SHORTLISTED),
        Status::Submitted { stage: 0 }
    );
    assert_eq!(started(&store), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_the_log_again_from_the_start_invites_nobody_twice() {
    let data = tempfile::TempDir::new().unwrap();
    let store = open_store(data.path());
    stage_opened_before_a_crash(&store).await;
    for round in 0..2 {
        // A checkpoint lost (or never written) on each round: everything is read again.
        let checkpoint = Checkpoint::open(&data.path().join(format!("processes-{round}"))).unwrap();
        let (runner, _) = Runner::new(store.clone(), checkpoint).unwrap();
        runner.catch_up().await.unwrap();
        assert_eq!(started(&store), 1, "round {round}");
        assert_eq!(status(&store, SHORTLISTED), Status::Draft { stage: 1 });
    }
}

/// The follow-up commands of a process write the same line as a request's command, naming the
/// process where a request's line names the request id. Read from the real binary's log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_a_process_runs_has_a_log_line_that_names_the_process() {
    let data = tempfile::TempDir::new().unwrap();
    {
        let store = open_store(data.path());
        stage_opened_before_a_crash(&store).await;
    }
    let log = data.path().join("serve.log");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wettbewerb"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data.path())
        .current_dir(data.path())
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let line = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = text
            .lines()
            .find(|l| l.contains("command appended") && l.contains("NextStageStarted"))
        {
            break Some(line.to_owned());
        }
        if start.elapsed() > Duration::from_secs(30) {
            break None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let _ = child.kill();
    let _ = child.wait();
    let line = line.unwrap_or_else(|| {
        panic!(
            "no command line in\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        )
    });
    assert!(line.contains("process{name=\"next-stage\"}"), "{line}");
    assert!(
        line.contains(&format!("stream=application-{}", application(SHORTLISTED))),
        "{line}"
    );
    assert!(!line.contains("request{"), "{line}");
}
