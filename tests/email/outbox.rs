use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::{Clock, ManualClock};
use wettbewerb::domain::application::{
    Application, ApplicationCommand as A, Details, DocumentRef, SubmissionWindow,
};
use wettbewerb::domain::competition::{Competition, CompetitionCommand as C};
use wettbewerb::domain::email_address::EmailAddress;
use wettbewerb::domain::field::TechnologyField;
use wettbewerb::domain::ids::{AccountId, ApplicationId, CompetitionId};
use wettbewerb::domain::land::Land;
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::partner::{Partner, PartnerKind};
use wettbewerb::domain::presets::Preset;
use wettbewerb::email::compose::Composer;
use wettbewerb::email::dispatcher::Dispatcher;
use wettbewerb::email::mailer::{Mailer, SmtpSecurity, SmtpSettings};
use wettbewerb::email::outbox::{Delivery, MAX_ATTEMPTS, Outbox};
use wettbewerb::event_store::{EventStore, StoreOptions};

use crate::smtp::{free_port, start_on};

pub(crate) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

pub(crate) struct World {
    _dir: tempfile::TempDir,
    pub(crate) store: EventStore,
    clock: ManualClock,
    pub(crate) dispatcher: Dispatcher,
    outbox: Arc<Outbox>,
}

pub(crate) fn world(smtp_port: u16) -> World {
    let mailer = Mailer::smtp(
        "wettbewerb <noreply@wettbewerb.example>".parse().unwrap(),
        &SmtpSettings {
            host: "127.0.0.1".into(),
            port: smtp_port,
            security: SmtpSecurity::None,
            credentials: None,
        },
    )
    .unwrap();
    world_with(tempfile::TempDir::new().unwrap(), mailer)
}

fn world_with(dir: tempfile::TempDir, mailer: Mailer) -> World {
    let clock = ManualClock::at(t0());
    let options = StoreOptions::new(dir.path().join("events"))
        .unwrap()
        .with_clock(Arc::new(clock.clone()));
    let store = EventStore::open(options).unwrap();
    let outbox = Arc::new(Outbox::open(&dir.path().join("outbox")).unwrap());
    let dispatcher = Dispatcher {
        store: store.clone(),
        outbox: outbox.clone(),
        mailer,
        composer: Composer::new(store.clone(), "wettbewerb.example", crate::test_links()),
        clock: Arc::new(clock.clone()) as Arc<dyn Clock>,
        deliveries: None,
    };
    World {
        _dir: dir,
        store,
        clock,
        dispatcher,
        outbox,
    }
}

async fn submit_application(w: &World) {
    submit_applications(&w.store, 1).await;
}

/// An InnoRegio competition open for submissions and `count` eligible applications, submitted.
pub async fn submit_applications(store: &EventStore, count: u128) {
    submit_applications_to(store, count, Preset::InnoRegio.setup(t0())).await
}

pub async fn submit_applications_to(
    store: &EventStore,
    count: u128,
    setup: wettbewerb::domain::setup::CompetitionSetup,
) {
    let actor = Actor::system();
    let competition_id = CompetitionId::from_uuid(uuid::Uuid::from_u128(1));
    let competition = stream_of::<Competition>(&competition_id);
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
        execute::<Competition>(store, &competition, &actor, command)
            .await
            .unwrap();
    }
    for n in 0..count {
        submit_one(
            store,
            &actor,
            competition_id,
            deadline,
            &setup.rules,
            n,
            true,
        )
        .await;
    }
}

/// Adds application `n` as a complete draft that is not submitted.
pub async fn add_draft(store: &EventStore, n: u128) {
    let rules = Preset::InnoRegio.setup(t0()).rules;
    let competition_id = CompetitionId::from_uuid(uuid::Uuid::from_u128(1));
    let deadline = Preset::InnoRegio.setup(t0()).stages[0].submission_deadline;
    submit_one(
        store,
        &Actor::system(),
        competition_id,
        deadline,
        &rules,
        n,
        false,
    )
    .await;
}

async fn submit_one(
    store: &EventStore,
    actor: &Actor,
    competition_id: CompetitionId,
    deadline: DateTime<Utc>,
    rules: &wettbewerb::domain::setup::EligibilityRules,
    n: u128,
    submit: bool,
) {
    let id = ApplicationId::from_uuid(uuid::Uuid::from_u128(100 + n));
    let stream = stream_of::<Application>(&id);
    let partner = |name: &str, kind, land| Partner {
        name: name.into(),
        kind,
        land,
    };
    let mut commands = vec![
        A::Create {
            application_id: id,
            competition_id,
            owner: AccountId::from_uuid(uuid::Uuid::from_u128(3)),
            coordinator: partner("Optonet e.V.", PartnerKind::Other, Land::Thueringen),
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
            partner: partner("Jenoptik AG", PartnerKind::Company, Land::Thueringen),
            now: t0(),
        },
        A::AddPartner {
            partner: partner(
                "Universität Jena",
                PartnerKind::University,
                Land::Thueringen,
            ),
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
    ];
    if submit {
        commands.push(A::Submit {
            window: SubmissionWindow {
                stage: 0,
                open: true,
                deadline,
                rules: rules.clone(),
                form: Default::default(),
            },
            now: t0(),
        });
    }
    for command in commands {
        execute::<Application>(store, &stream, actor, command)
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submission_produces_exactly_one_receipt_at_the_right_address() {
    let port = free_port();
    let server = start_on(port);
    let w = world(port);
    submit_application(&w).await;

    assert_eq!(w.dispatcher.catch_up().unwrap(), 1);
    assert_eq!(w.dispatcher.send_due().await.unwrap(), 1);
    // Reading the log again finds nothing new and sends nothing twice.
    assert_eq!(w.dispatcher.catch_up().unwrap(), 0);
    assert_eq!(w.dispatcher.send_due().await.unwrap(), 0);

    let received = server.readable();
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    assert!(mail.contains("To: koordination0@optonet.de"), "{mail}");
    assert!(
        mail.contains("Subject: =?utf-8?") || mail.contains("Subject: Eingangsbest"),
        "{mail}"
    );
    for expected in [
        "Photonik Jena",
        "Jenoptik AG",
        "Universit",
        "skizze.pdf",
        "InnoRegio",
    ] {
        assert!(
            mail.contains(expected),
            "the receipt lacks {expected}: {mail}"
        );
    }
    let entry = &w.outbox.entries().unwrap()[0];
    assert_eq!(entry.delivery, Delivery::Sent);
    assert_eq!(server.count(&entry.message.message_id), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_smtp_server_is_down_messages_stay_pending_and_are_delivered_once_it_is_back() {
    let port = free_port();
    let w = world(port);
    submit_application(&w).await;
    w.dispatcher.catch_up().unwrap();

    assert_eq!(w.dispatcher.send_due().await.unwrap(), 0);
    let entry = w.outbox.entries().unwrap().remove(0);
    assert_eq!(entry.delivery, Delivery::Pending);
    assert_eq!(entry.attempts, 1);
    assert!(entry.last_error.is_some());
    // Not due again until the back-off has passed.
    assert_eq!(w.dispatcher.send_due().await.unwrap(), 0);
    assert_eq!(w.outbox.entries().unwrap()[0].attempts, 1);

    let server = start_on(port);
    w.clock.advance(Duration::seconds(10));
    assert_eq!(w.dispatcher.send_due().await.unwrap(), 1);
    assert_eq!(server.count(&entry.message.message_id), 1);
    assert_eq!(w.outbox.entries().unwrap()[0].delivery, Delivery::Sent);
}

/// Without an SMTP server a message is sent once its file is durable: a file that cannot be
/// written leaves it pending, to be written on the next attempt.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_a_message_is_sent_only_once_its_file_is_written() {
    let dir = tempfile::TempDir::new().unwrap();
    let mail = dir.path().join("mail");
    let mailer = Mailer::files(
        "wettbewerb <noreply@wettbewerb.example>".parse().unwrap(),
        mail.clone(),
    )
    .unwrap();
    let w = world_with(dir, mailer);
    submit_application(&w).await;
    w.dispatcher.catch_up().unwrap();

    // The mail folder is not writable (it became a file; root ignores a folder's mode).
    std::fs::remove_dir(&mail).unwrap();
    std::fs::write(&mail, b"").unwrap();
    assert_eq!(w.dispatcher.send_due().await.unwrap(), 0);
    let entry = w.outbox.entries().unwrap().remove(0);
    assert_eq!(entry.delivery, Delivery::Pending);
    assert!(
        entry
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("file")),
        "{entry:?}"
    );

    std::fs::remove_file(&mail).unwrap();
    std::fs::create_dir(&mail).unwrap();
    w.clock.advance(Duration::seconds(10));
    assert_eq!(w.dispatcher.send_due().await.unwrap(), 1);
    assert_eq!(w.outbox.entries().unwrap()[0].delivery, Delivery::Sent);
    let files: Vec<_> = std::fs::read_dir(&mail)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        eml.contains(&format!("Message-ID: {}", entry.message.message_id)),
        "{eml}"
    );
    assert!(eml.contains("To: koordination0@optonet.de"), "{eml}");
    assert!(eml.trim_end().ends_with("--"), "the whole message: {eml}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_last_attempt_a_message_is_failed_until_staff_retry_it() {
    let port = free_port();
    let w = world(port);
    submit_application(&w).await;
    w.dispatcher.catch_up().unwrap();
    for _ in 0..MAX_ATTEMPTS {
        w.dispatcher.send_due().await.unwrap();
        w.clock.advance(Duration::hours(2));
    }
    let entry = w.outbox.entries().unwrap().remove(0);
    assert_eq!(entry.delivery, Delivery::Failed);
    assert_eq!(entry.attempts, MAX_ATTEMPTS);

    let server = start_on(port);
    assert_eq!(
        w.dispatcher.send_due().await.unwrap(),
        0,
        "a failed message is not retried by itself"
    );
    assert!(
        w.outbox
            .retry(&entry.message.message_id, w.clock.now())
            .unwrap()
    );
    assert_eq!(w.dispatcher.send_due().await.unwrap(), 1);
    assert_eq!(server.count(&entry.message.message_id), 1);
}

pub(crate) async fn run_competition(store: &EventStore, commands: Vec<C>) {
    let stream = stream_of::<Competition>(&CompetitionId::from_uuid(uuid::Uuid::from_u128(1)));
    for command in commands {
        execute::<Competition>(store, &stream, &Actor::system(), command)
            .await
            .unwrap();
    }
}

pub(crate) fn application(n: u128) -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(100 + n))
}

pub(crate) fn to(message: &str) -> String {
    message
        .lines()
        .find_map(|l| l.strip_prefix("To: "))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn releasing_a_stage_sends_each_applicant_their_result() {
    let port = free_port();
    let server = start_on(port);
    let w = world(port);
    submit_applications(&w.store, 3).await;
    let deadline = Preset::InnoRegio.setup(t0()).stages[0].submission_deadline;
    run_competition(
        &w.store,
        vec![
            C::CloseStage { now: deadline },
            C::StartReview { now: deadline },
            C::Decide {
                candidate: wettbewerb::domain::competition::Candidate {
                    requested_per_year: Default::default(),
                    application_id: application(0),
                    in_review: true,
                    requested: Cents::million_euros(10),
                },
                outcome: wettbewerb::domain::competition::Outcome::Shortlisted,
                now: deadline,
            },
            C::FinaliseResults {
                entries: (0..3).map(application).collect(),
                now: deadline,
            },
        ],
    )
    .await;
    w.dispatcher.catch_up().unwrap();
    w.dispatcher.send_due().await.unwrap();
    assert_eq!(
        server.messages().len(),
        3,
        "only the receipts before the release"
    );

    run_competition(&w.store, vec![C::ReleaseResults { now: deadline }]).await;
    w.dispatcher.catch_up().unwrap();
    assert_eq!(w.dispatcher.send_due().await.unwrap(), 3);
    let results: Vec<String> = server
        .readable()
        .into_iter()
        .filter(|m| m.contains("Ergebnis"))
        .collect();
    assert_eq!(results.len(), 3, "one result per applicant");
    let by_recipient = |n: u128| {
        results
            .iter()
            .find(|m| to(m) == format!("koordination{n}@optonet.de"))
            .cloned()
            .unwrap()
    };
    let shortlisted = by_recipient(0);
    assert!(
        shortlisted
            .contains("wurde ausgewählt: Sie sind zur nächsten Stufe „Umsetzungsphase“ eingeladen"),
        "{shortlisted}"
    );
    assert!(
        shortlisted.contains("Qualifizierungsphase"),
        "{shortlisted}"
    );
    for n in 1..3 {
        let mail = by_recipient(n);
        assert!(mail.contains("wurde nicht ausgewählt"), "{mail}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadline_extension_reaches_every_consortium_of_the_stage() {
    let port = free_port();
    let server = start_on(port);
    let w = world(port);
    submit_applications(&w.store, 2).await;
    let deadline = Preset::InnoRegio.setup(t0()).stages[0].submission_deadline;
    run_competition(
        &w.store,
        vec![C::ExtendDeadline {
            to: deadline + Duration::days(14),
            now: t0(),
        }],
    )
    .await;
    w.dispatcher.catch_up().unwrap();
    assert_eq!(w.dispatcher.send_due().await.unwrap(), 4);
    let notices: Vec<String> = server
        .readable()
        .into_iter()
        .filter(|m| m.contains("Frist verlängert"))
        .collect();
    let mut recipients: Vec<String> = notices.iter().map(|m| to(m)).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        ["koordination0@optonet.de", "koordination1@optonet.de"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starttls_refuses_a_server_that_cannot_encrypt_and_sends_nothing_in_clear() {
    let port = free_port();
    let server = start_on(port);
    let settings = SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::Starttls,
        credentials: Some(("wettbewerb".into(), "geheim".into())),
    };
    let mailer = Mailer::smtp(
        "wettbewerb <noreply@wettbewerb.example>".parse().unwrap(),
        &settings,
    )
    .unwrap();
    let message = wettbewerb::email::message::OutgoingMessage {
        message_id: "<starttls-test@wettbewerb.example>".into(),
        to: EmailAddress::parse("koordination@optonet.de").unwrap(),
        subject: "Test".into(),
        text: "Test".into(),
        html: "<p>Test</p>".into(),
    };
    assert!(mailer.send(&message).await.is_err());
    assert!(server.messages().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_competition_that_releases_scores_sends_them_with_the_result_and_others_do_not() {
    use wettbewerb::domain::ids::JurorId;
    use wettbewerb::domain::jury::{ApplicationFacts, Juror, Jury, JuryCommand};
    use wettbewerb::domain::review::{
        CriterionScore, Review, ReviewCommand, ReviewContext, ReviewKey, Scores,
    };

    let port = free_port();
    let server = start_on(port);
    let w = world(port);
    let mut setup = Preset::InnoRegio.setup(t0());
    setup.release_scores = true;
    let criteria = setup.stages[0].criteria.clone();
    submit_applications_to(&w.store, 2, setup).await;
    let deadline = Preset::InnoRegio.setup(t0()).stages[0].submission_deadline;
    run_competition(
        &w.store,
        vec![
            C::CloseStage { now: deadline },
            C::StartReview { now: deadline },
        ],
    )
    .await;
    let competition_id = CompetitionId::from_uuid(uuid::Uuid::from_u128(1));
    let jury = stream_of::<Jury>(&competition_id);
    for (n, score) in [(1u128, 4u8), (2, 2)] {
        let juror_id = JurorId::from_uuid(uuid::Uuid::from_u128(500 + n));
        let commands = [
            JuryCommand::Appoint {
                competition_id,
                juror_id,
                juror: Juror {
                    name: format!("Juror {n}"),
                    email: wettbewerb::domain::email_address::EmailAddress::parse(&format!(
                        "juror{n}@uni.de"
                    ))
                    .unwrap(),
                    organisation: format!("Universität {n}"),
                    expertise: Default::default(),
                },
                now: deadline,
            },
            JuryCommand::Assign {
                stage: 0,
                juror_id,
                application: ApplicationFacts {
                    id: application(0),
                    field: None,
                    organisations: vec![],
                },
                now: deadline,
            },
        ];
        for command in commands {
            execute::<Jury>(&w.store, &jury, &Actor::system(), command)
                .await
                .unwrap();
        }
        let key = ReviewKey {
            application: application(0),
            stage: 0,
            juror: juror_id,
        };
        let scores = Scores {
            criteria: criteria
                .iter()
                .map(|_| CriterionScore {
                    score: Some(score),
                    comment: "GEHEIMER KOMMENTAR, ausführlich begründet".into(),
                })
                .collect(),
            overall_comment: String::new(),
            confidence: Some(wettbewerb::domain::confidence::Confidence::Familiar),
        };
        let submit = ReviewCommand::Submit {
            key,
            scores,
            context: ReviewContext {
                criteria: criteria.clone(),
                open: true,
                assigned: true,
                conflicted: false,
                min_comment_chars: Preset::InnoRegio.setup(t0()).review.min_comment_chars,
            },
            now: deadline,
        };
        execute::<Review>(
            &w.store,
            &stream_of::<Review>(&key),
            &Actor::system(),
            submit,
        )
        .await
        .unwrap();
    }
    run_competition(
        &w.store,
        vec![
            C::Decide {
                candidate: wettbewerb::domain::competition::Candidate {
                    requested_per_year: Default::default(),
                    application_id: application(0),
                    in_review: true,
                    requested: Cents::million_euros(10),
                },
                outcome: wettbewerb::domain::competition::Outcome::Shortlisted,
                now: deadline,
            },
            C::FinaliseResults {
                entries: (0..2).map(application).collect(),
                now: deadline,
            },
            C::ReleaseResults { now: deadline },
        ],
    )
    .await;
    w.dispatcher.catch_up().unwrap();
    w.dispatcher.send_due().await.unwrap();
    let result = server
        .readable()
        .into_iter()
        .find(|m| m.contains("Ergebnis") && to(m) == "koordination0@optonet.de")
        .unwrap();
    assert!(
        result.contains("Mittlere Bewertung der Jury: 3,00"),
        "{result}"
    );
    assert!(
        result.contains(&format!("{}: 3,00", criteria[0].name)),
        "{result}"
    );
    assert!(
        !result.contains("GEHEIMER KOMMENTAR"),
        "comments stay with the jury"
    );
    let unreviewed = server
        .readable()
        .into_iter()
        .find(|m| m.contains("Ergebnis") && to(m) == "koordination1@optonet.de")
        .unwrap();
    assert!(
        !unreviewed.contains("Mittlere Bewertung"),
        "no reviews, no scores"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_receipt_names_the_deadline_as_it_stands_when_the_outbox_reads_its_event() {
    use wettbewerb::domain::account::Language;
    use wettbewerb::time_display::berlin;
    let port = free_port();
    let _server = start_on(port);
    let w = world(port);
    submit_applications(&w.store, 1).await;
    w.dispatcher.catch_up().unwrap();
    // The deadline moves after the first receipt was written: the outbox, which keeps the
    // competition folded between events, must read the move for the next receipt.
    let setup = Preset::InnoRegio.setup(t0());
    let deadline = setup.stages[0].submission_deadline;
    let extended = deadline + Duration::days(14);
    run_competition(
        &w.store,
        vec![C::ExtendDeadline {
            to: extended,
            now: t0(),
        }],
    )
    .await;
    let competition_id = CompetitionId::from_uuid(uuid::Uuid::from_u128(1));
    let actor = Actor::system();
    submit_one(
        &w.store,
        &actor,
        competition_id,
        extended,
        &setup.rules,
        1,
        true,
    )
    .await;
    w.dispatcher.catch_up().unwrap();

    let receipt_to = |address: &str| {
        w.outbox
            .entries()
            .unwrap()
            .into_iter()
            .find(|e| e.kind == "receipt" && e.message.to.as_str() == address)
            .unwrap_or_else(|| panic!("no receipt to {address}"))
            .message
            .text
    };
    let (before, after) = (
        berlin(deadline, Language::De),
        berlin(extended, Language::De),
    );
    let first = receipt_to("koordination0@optonet.de");
    assert!(
        first.contains(&before) && !first.contains(&after),
        "{first}"
    );
    let second = receipt_to("koordination1@optonet.de");
    assert!(
        second.contains(&after) && !second.contains(&before),
        "{second}"
    );
}
