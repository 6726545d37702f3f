//! given / when / then for a circular: sent once, its texts checked against the placeholders it
//! offers, every address once, and the number of recipients bounded.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::aggregate::testing::given;

fn person(email: &str) -> Recipient {
    Recipient {
        email: EmailAddress::parse(email).unwrap(),
        language: Language::De,
        name: "Jana Muster".into(),
        values: BTreeMap::new(),
    }
}

fn send(subject: &str, body: &str, recipients: Vec<Recipient>) -> CircularCommand {
    CircularCommand::Send {
        id: CircularId::from_uuid(uuid::Uuid::from_u128(1)),
        competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(2)),
        audience: Audience::Consortia {
            stage: 0,
            state: ConsortiumState::Submitted,
        },
        subject: subject.into(),
        body: body.into(),
        recipients,
        now: Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap(),
    }
}

#[test]
fn a_circular_is_sent_once_to_every_address_once() {
    let events = given::<Circular>(vec![])
        .when(send(
            "Frist für {{ titel }}",
            "{{ anrede }}\n\nbis {{ frist }}.",
            vec![
                person("a@example.org"),
                person("b@example.org"),
                person("A@example.org"),
            ],
        ))
        .unwrap();
    let [CircularEvent::CircularSent { recipients, .. }] = events.as_slice() else {
        panic!("{events:?}");
    };
    let addresses: Vec<String> = recipients.iter().map(|r| r.email.to_string()).collect();
    assert_eq!(addresses, ["a@example.org", "b@example.org"]);
    assert_eq!(
        given::<Circular>(events).when(send("x", "y", vec![person("c@example.org")])),
        Err(CircularError::AlreadySent)
    );
}

#[test]
fn an_unknown_placeholder_or_a_broken_text_is_refused_with_the_field_it_is_in() {
    assert_eq!(
        given::<Circular>(vec![]).when(send("{{ betrag }}", "Text", vec![person("a@example.org")])),
        Err(CircularError::Subject(PlaceholderProblem::Unknown(vec![
            "betrag".into()
        ])))
    );
    assert!(matches!(
        given::<Circular>(vec![]).when(send("Betreff", "{{ titel", vec![person("a@example.org")])),
        Err(CircularError::Body(PlaceholderProblem::Syntax { .. }))
    ));
}

#[test]
fn nobody_or_too_many_recipients_are_refused() {
    assert_eq!(
        given::<Circular>(vec![]).when(send("Betreff", "Text", vec![])),
        Err(CircularError::NoRecipients)
    );
    let many = (0..=MAX_RECIPIENTS)
        .map(|i| person(&format!("p{i}@example.org")))
        .collect();
    assert_eq!(
        given::<Circular>(vec![]).when(send("Betreff", "Text", many)),
        Err(CircularError::TooManyRecipients {
            max: MAX_RECIPIENTS,
            given: MAX_RECIPIENTS + 1
        })
    );
}

#[test]
fn the_consortia_of_a_stage_are_chosen_by_the_state_of_their_application() {
    let submitted = Status::Submitted { stage: 1 };
    assert!(ConsortiumState::Submitted.admits(submitted, 1));
    assert!(ConsortiumState::All.admits(submitted, 1));
    assert!(!ConsortiumState::All.admits(submitted, 0));
    assert!(!ConsortiumState::Draft.admits(submitted, 1));
    assert!(ConsortiumState::FormallyRejected.admits(Status::FormallyRejected { stage: 0 }, 0));
    assert!(!ConsortiumState::All.admits(Status::NotCreated, 0));
}
