//! A competition's own wording of a message goes out instead of the built-in one, filled per
//! consortium and signed like every message; a text with an unknown placeholder or a broken
//! template is refused and never reaches anyone.

use wettbewerb::app::{Actor, ExecuteError, execute, stream_of};
use wettbewerb::domain::account::Language;
use wettbewerb::domain::competition::{Candidate, CompetitionCommand as C, Outcome};
use wettbewerb::domain::ids::CompetitionId;
use wettbewerb::domain::mail_texts::{MailTextCommand, MailTextError, MailTexts};
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::presets::Preset;
use wettbewerb::email::mail_kinds::kind;
use wettbewerb::email::placeholders::PlaceholderProblem;

use crate::outbox::{application, run_competition, submit_applications, t0, to, world};
use crate::smtp::{free_port, start_on};

fn change(kind_name: &str, subject: &str, body: &str) -> MailTextCommand {
    MailTextCommand::Change {
        competition: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
        kind: kind_name.into(),
        language: Language::De,
        subject: subject.into(),
        body: body.into(),
        offered: kind(kind_name).unwrap().offered(),
        now: t0(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_result_text_arrives_filled_and_a_broken_one_is_refused() {
    let port = free_port();
    let server = start_on(port);
    let w = world(port);
    submit_applications(&w.store, 2).await;
    let texts = stream_of::<MailTexts>(&CompetitionId::from_uuid(uuid::Uuid::from_u128(1)));
    let staff = Actor::new("staff".to_owned(), "staff");

    // Refused: a placeholder the result does not offer, and a template that does not close.
    let unknown = execute::<MailTexts>(
        &w.store,
        &texts,
        &staff,
        change(
            "result-shortlisted",
            "Ergebnis",
            "Sie erhalten {{ betrag }}.",
        ),
    )
    .await;
    assert!(
        matches!(
            &unknown,
            Err(ExecuteError::Refused(MailTextError::Refused { subject: None, body: Some(PlaceholderProblem::Unknown(names)) })) if names == &["betrag".to_owned()]
        ),
        "{unknown:?}"
    );
    let broken = execute::<MailTexts>(
        &w.store,
        &texts,
        &staff,
        change(
            "result-shortlisted",
            "Ergebnis {{ titel",
            "{% if titel %}Text",
        ),
    )
    .await;
    assert!(
        matches!(
            &broken,
            Err(ExecuteError::Refused(MailTextError::Refused {
                subject: Some(PlaceholderProblem::Syntax { .. }),
                body: Some(PlaceholderProblem::Syntax { .. })
            }))
        ),
        "{broken:?}"
    );

    execute::<MailTexts>(
        &w.store,
        &texts,
        &staff,
        change(
            "result-shortlisted",
            "Eingeladen: {{ titel }}",
            "{{ anrede }}\n\nherzlichen Glückwunsch: „{{ titel }}“ kommt in die {{ naechste_stufe }}.\n\n{% if naechste_frist %}Einreichung bis {{ naechste_frist }}.{% endif %}\n\n{{ link }}\n",
        ),
    )
    .await
    .unwrap();

    let deadline = Preset::InnoRegio.setup(t0()).stages[0].submission_deadline;
    let decide = |n: u128, outcome| C::Decide {
        candidate: Candidate {
            requested_per_year: Default::default(),
            application_id: application(n),
            in_review: true,
            requested: Cents::million_euros(10),
        },
        outcome,
        now: deadline,
    };
    run_competition(
        &w.store,
        vec![
            C::CloseStage { now: deadline },
            C::StartReview { now: deadline },
            decide(0, Outcome::Shortlisted),
            decide(1, Outcome::NotShortlisted),
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

    let received = server.readable();
    let shortlisted = received
        .iter()
        .find(|m| to(m) == "koordination0@optonet.de" && m.contains("Subject: Eingeladen"))
        .unwrap_or_else(|| panic!("no result in the own words: {received:?}"));
    assert!(
        shortlisted.contains("Subject: Eingeladen: Photonik Jena 0"),
        "{shortlisted}"
    );
    for expected in [
        "herzlichen Glückwunsch: „Photonik Jena 0“ kommt in die Umsetzungsphase.",
        "Einreichung bis ",
        "http://wettbewerb.test/antraege/",
        // The signoff every message ends with.
        "Mit freundlichen Grüßen",
        // The HTML part: the filled text, escaped, in paragraphs, the address as a link.
        "<p>herzlichen Glückwunsch: „Photonik Jena 0“ kommt in die Umsetzungsphase.</p>",
        "<a href=\"http://wettbewerb.test/antraege/",
    ] {
        assert!(
            shortlisted.contains(expected),
            "lacks {expected}: {shortlisted}"
        );
    }
    assert!(
        !shortlisted.contains("Sie sind zur nächsten Stufe"),
        "the built-in wording went out: {shortlisted}"
    );
    assert!(!shortlisted.contains("{{"), "{shortlisted}");
    // The other branch of the result keeps its built-in text.
    let not_shortlisted = received
        .iter()
        .find(|m| to(m) == "koordination1@optonet.de" && m.contains("Ergebnis der Stufe"))
        .unwrap_or_else(|| panic!("no result for the other: {received:?}"));
    assert!(
        not_shortlisted.contains("wurde nicht ausgewählt"),
        "{not_shortlisted}"
    );
}
