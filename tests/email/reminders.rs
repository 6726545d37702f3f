//! Reminders: recorded as events by the scheduler when due, sent by the outbox once.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::{Clock, ManualClock};
use wettbewerb::domain::competition::{Competition, CompetitionCommand as C};
use wettbewerb::domain::field::TechnologyField;
use wettbewerb::domain::ids::{ApplicationId, CompetitionId, JurorId};
use wettbewerb::domain::jury::{ApplicationFacts, Juror, Jury, JuryCommand as J};
use wettbewerb::domain::presets::Preset;
use wettbewerb::domain::review::{
    CriterionScore, Review, ReviewCommand, ReviewContext, ReviewKey, Scores,
};
use wettbewerb::email::compose::Composer;
use wettbewerb::email::dispatcher::Dispatcher;
use wettbewerb::email::mailer::Mailer;
use wettbewerb::email::outbox::Outbox;
use wettbewerb::event_store::{EventStore, StoreOptions};
use wettbewerb::reminders::ReminderScheduler;

use crate::outbox::{add_draft, submit_applications};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    store: EventStore,
    clock: ManualClock,
    scheduler: ReminderScheduler,
    dispatcher: Dispatcher,
    mailbox: wettbewerb::email::mailer::MemoryMailbox,
}

fn world() -> World {
    let dir = tempfile::TempDir::new().unwrap();
    let clock = ManualClock::at(t0());
    let clock_arc: Arc<dyn Clock> = Arc::new(clock.clone());
    let options = StoreOptions::new(dir.path().join("events"))
        .unwrap()
        .with_clock(clock_arc.clone());
    let store = EventStore::open(options).unwrap();
    let (mailer, mailbox) =
        Mailer::memory("wettbewerb <noreply@wettbewerb.example>".parse().unwrap());
    let dispatcher = Dispatcher {
        store: store.clone(),
        outbox: Arc::new(Outbox::open(&dir.path().join("outbox")).unwrap()),
        mailer,
        composer: Composer::new(store.clone(), "wettbewerb.example", crate::test_links()),
        clock: clock_arc.clone(),
        deliveries: None,
    };
    let scheduler = ReminderScheduler {
        store: store.clone(),
        clock: clock_arc,
    };
    World {
        _dir: dir,
        store,
        clock,
        scheduler,
        dispatcher,
        mailbox,
    }
}

fn competition() -> CompetitionId {
    CompetitionId::from_uuid(uuid::Uuid::from_u128(1))
}

fn application(n: u128) -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(100 + n))
}

async fn deliver(w: &World) -> Vec<wettbewerb::email::message::OutgoingMessage> {
    w.dispatcher.catch_up().unwrap();
    w.dispatcher.send_due().await.unwrap();
    w.mailbox.messages()
}

#[tokio::test]
async fn unfinished_drafts_are_reminded_three_days_before_the_deadline_once() {
    let w = world();
    submit_applications(&w.store, 1).await;
    add_draft(&w.store, 1).await;
    let deadline = Preset::InnoRegio.setup(t0()).stages[0].submission_deadline;

    w.clock.set(deadline - Duration::days(4));
    assert_eq!(w.scheduler.tick().await.unwrap(), 0, "not due yet");
    w.clock.set(deadline - Duration::days(2));
    assert_eq!(w.scheduler.tick().await.unwrap(), 1);
    assert_eq!(w.scheduler.tick().await.unwrap(), 0, "once per deadline");

    let reminders: Vec<_> = deliver(&w)
        .await
        .into_iter()
        .filter(|m| m.subject.starts_with("Erinnerung"))
        .collect();
    assert_eq!(reminders.len(), 1, "only the unsubmitted draft");
    assert_eq!(reminders[0].to.as_str(), "koordination1@optonet.de");
    assert!(
        reminders[0].text.contains("Photonik Jena 1"),
        "{}",
        reminders[0].text
    );
    assert!(reminders[0].text.contains("noch nicht eingereicht"));
    // What to do by when, where, and whom to ask.
    let text = &reminders[0].text;
    assert!(
        text.contains("Die Frist der Stufe „Qualifizierungsphase“ endet am")
            && text.contains("Bitte reichen Sie ihn vorher ein:")
            && text.contains(&format!(
                "http://wettbewerb.test/antraege/{}",
                application(1)
            ))
            && text.contains("Mit freundlichen Grüßen")
            && text.contains("Projektträger Jülich (PtJ)"),
        "{text}"
    );
}

#[tokio::test]
async fn jurors_with_unfinished_reviews_get_one_reminder_listing_them() {
    let w = world();
    submit_applications(&w.store, 2).await;
    let setup = Preset::InnoRegio.setup(t0());
    let stage = &setup.stages[0];
    let actor = Actor::system();
    let competition_stream = stream_of::<Competition>(&competition());
    for command in [
        C::CloseStage {
            now: stage.submission_deadline,
        },
        C::StartReview {
            now: stage.submission_deadline,
        },
    ] {
        execute::<Competition>(&w.store, &competition_stream, &actor, command)
            .await
            .unwrap();
    }
    let jury_stream = stream_of::<Jury>(&competition());
    let juror = |n: u128| JurorId::from_uuid(uuid::Uuid::from_u128(n));
    for (n, name) in [(1, "Dr. Anna Berg"), (2, "Prof. Jan Roth")] {
        let appointed = Juror {
            name: name.into(),
            email: wettbewerb::domain::email_address::EmailAddress::parse(&format!(
                "juror{n}@gutachten.de"
            ))
            .unwrap(),
            organisation: format!("Institut {n}"),
            expertise: BTreeSet::from([TechnologyField::Photonics]),
        };
        let command = J::Appoint {
            competition_id: competition(),
            juror_id: juror(n),
            juror: appointed,
            now: t0(),
        };
        execute::<Jury>(&w.store, &jury_stream, &actor, command)
            .await
            .unwrap();
    }
    let facts = |n: u128| ApplicationFacts {
        id: application(n),
        field: Some(TechnologyField::Photonics),
        organisations: vec![],
    };
    for (j, a) in [(1, 0), (1, 1), (2, 0)] {
        let command = J::Assign {
            stage: 0,
            juror_id: juror(j),
            application: facts(a),
            now: t0(),
        };
        execute::<Jury>(&w.store, &jury_stream, &actor, command)
            .await
            .unwrap();
    }
    // Juror 2 has submitted their one review.
    let key = ReviewKey {
        application: application(0),
        stage: 0,
        juror: juror(2),
    };
    let scores = Scores {
        criteria: stage
            .criteria
            .iter()
            .map(|_| CriterionScore {
                score: Some(4),
                comment: "gut, mit Blick auf Ziel und Umsetzung begründet".into(),
            })
            .collect(),
        overall_comment: "überzeugend".into(),
        confidence: Some(wettbewerb::domain::confidence::Confidence::Familiar),
    };
    let context = ReviewContext {
        criteria: stage.criteria.clone(),
        open: true,
        assigned: true,
        conflicted: false,
        min_comment_chars: setup.review.min_comment_chars,
    };
    let submit = ReviewCommand::Submit {
        key,
        scores,
        context,
        now: stage.submission_deadline,
    };
    execute::<Review>(&w.store, &stream_of::<Review>(&key), &actor, submit)
        .await
        .unwrap();

    w.clock.set(stage.review_deadline - Duration::days(1));
    assert_eq!(w.scheduler.tick().await.unwrap(), 1);
    let reminders: Vec<_> = deliver(&w)
        .await
        .into_iter()
        .filter(|m| m.subject.starts_with("Erinnerung"))
        .collect();
    assert_eq!(reminders.len(), 1, "juror 2 is done");
    let reminder = &reminders[0];
    assert_eq!(reminder.to.as_str(), "juror1@gutachten.de");
    assert!(
        reminder.subject.contains("2 Bewertungen"),
        "{}",
        reminder.subject
    );
    assert!(reminder.text.contains("Guten Tag, Dr. Anna Berg,"));
    assert!(
        reminder.text.contains("- Photonik Jena 0") && reminder.text.contains("- Photonik Jena 1"),
        "{}",
        reminder.text
    );
    assert!(
        reminder
            .text
            .contains("Für diese Anträge steht Ihre abgeschlossene Bewertung noch aus")
            && reminder.text.contains("http://wettbewerb.test/jury")
            && reminder
                .text
                .contains("Ihr Team der Programmverwaltung im Wettbewerb")
            && reminder.text.contains("Telefon: +49 30 20199-0"),
        "{}",
        reminder.text
    );
    assert!(
        reminder
            .html
            .contains(r#"<a href="http://wettbewerb.test/jury">"#)
    );
}

#[tokio::test]
async fn an_automatic_assignment_sends_each_juror_one_notice_listing_their_applications() {
    let w = world();
    submit_applications(&w.store, 4).await;
    let actor = Actor::system();
    let jury_stream = stream_of::<Jury>(&competition());
    for n in 1..=2u128 {
        let juror = Juror {
            name: format!("Gutachterin {n}"),
            email: wettbewerb::domain::email_address::EmailAddress::parse(&format!(
                "juror{n}@gutachten.de"
            ))
            .unwrap(),
            organisation: format!("Institut {n}"),
            expertise: BTreeSet::from([TechnologyField::Photonics]),
        };
        let juror_id = JurorId::from_uuid(uuid::Uuid::from_u128(n));
        let command = J::Appoint {
            competition_id: competition(),
            juror_id,
            juror,
            now: t0(),
        };
        execute::<Jury>(&w.store, &jury_stream, &actor, command)
            .await
            .unwrap();
    }
    let applications = (0..4)
        .map(|n| ApplicationFacts {
            id: application(n),
            field: Some(TechnologyField::Photonics),
            organisations: vec![],
        })
        .collect();
    // Later than the appointments, so the run is only the assignments.
    w.clock.advance(Duration::minutes(1));
    let command = J::AssignAutomatically {
        stage: 0,
        applications,
        per_application: 1,
        now: w.clock.now(),
    };
    let executed = execute::<Jury>(&w.store, &jury_stream, &actor, command)
        .await
        .unwrap();
    assert_eq!(executed.events.len(), 4);

    let notices: Vec<_> = deliver(&w)
        .await
        .into_iter()
        .filter(|m| m.subject.contains("Anträge zur Bewertung"))
        .collect();
    assert_eq!(
        notices.len(),
        2,
        "one notice per juror, not one per application"
    );
    for notice in &notices {
        assert!(
            notice.subject.starts_with("2 Anträge"),
            "{}",
            notice.subject
        );
        assert_eq!(
            notice.text.matches("- Photonik Jena").count(),
            2,
            "{}",
            notice.text
        );
        assert!(notice.text.contains("Interessenkonflikt"));
    }
    let mut recipients: Vec<&str> = notices.iter().map(|m| m.to.as_str()).collect();
    recipients.sort();
    assert_eq!(recipients, ["juror1@gutachten.de", "juror2@gutachten.de"]);
}
