//! given / when / then for the jury aggregate.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeZone, Utc};

use super::aggregate::Aggregate;
use super::aggregate::testing::given;
use super::email_address::EmailAddress;
use super::field::TechnologyField;
use super::ids::{ApplicationId, CompetitionId, JurorId};
use super::jury::{
    ApplicationFacts, AssignedBy, CONFIDENTIALITY_DE, ConfidentialityDeclaration, Juror, Jury,
    JuryCommand as C, JuryError as Err, JuryEvent as E, MAX_CONFIRMATIONS_AT_ONCE,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn juror_id(n: u128) -> JurorId {
    JurorId::from_uuid(uuid::Uuid::from_u128(n))
}

fn app_id(n: u128) -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(1000 + n))
}

fn juror(organisation: &str) -> Juror {
    Juror {
        name: "Dr. Erika Muster".into(),
        email: EmailAddress::parse("muster@example.org").unwrap(),
        organisation: organisation.into(),
        expertise: BTreeSet::from([TechnologyField::Photonics]),
    }
}

fn appointed(n: u128, organisation: &str) -> E {
    E::JurorAppointed {
        competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(7)),
        juror_id: juror_id(n),
        juror: juror(organisation),
        at: t0(),
    }
}

fn facts(n: u128, organisations: &[&str]) -> ApplicationFacts {
    ApplicationFacts {
        id: app_id(n),
        field: Some(TechnologyField::Photonics),
        organisations: organisations.iter().map(|s| s.to_string()).collect(),
    }
}

fn assigned(stage: usize, juror: u128, app: u128) -> E {
    E::JurorAssigned {
        stage,
        juror_id: juror_id(juror),
        application_id: app_id(app),
        at: t0(),
        by: AssignedBy::Run,
    }
}

#[test]
fn a_juror_from_a_partner_organisation_is_detected_and_cannot_be_assigned() {
    let jury = vec![appointed(1, "Jenoptik AG"), appointed(2, "TU Dresden")];
    let app = facts(1, &["Optonet e.V.", "JENOPTIK GmbH"]);
    let error = given::<Jury>(jury.clone())
        .when(C::Assign {
            stage: 0,
            juror_id: juror_id(1),
            application: app.clone(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::Conflicted);

    let detected = given::<Jury>(jury)
        .when(C::DetectConflicts {
            applications: vec![app],
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        detected,
        vec![E::ConflictDetected {
            juror_id: juror_id(1),
            application_id: app_id(1),
            organisation: "JENOPTIK GmbH".into(),
            at: t0()
        }]
    );
}

#[test]
fn declaring_a_conflict_removes_the_assignment() {
    let events = vec![appointed(1, "Uni Jena"), assigned(0, 1, 1)];
    let declared = given::<Jury>(events)
        .when(C::DeclareConflict {
            juror_id: juror_id(1),
            application_id: app_id(1),
            reason: "Früherer Arbeitgeber".into(),
            now: t0(),
        })
        .unwrap();
    assert_eq!(declared.len(), 2);
    assert!(matches!(declared[1], E::AssignmentRemoved { stage: 0, .. }));
}

#[test]
fn a_conflict_needs_a_reason_and_a_known_juror() {
    let events = vec![appointed(1, "Uni Jena")];
    let no_reason = given::<Jury>(events.clone())
        .when(C::DeclareConflict {
            juror_id: juror_id(1),
            application_id: app_id(1),
            reason: " ".into(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(no_reason, Err::NoReason);
    let unknown = given::<Jury>(events)
        .when(C::DeclareConflict {
            juror_id: juror_id(9),
            application_id: app_id(1),
            reason: "x".into(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(unknown, Err::UnknownJuror);
}

#[test]
fn a_declared_conflict_refuses_a_later_assignment() {
    let events = vec![
        appointed(1, "Uni Jena"),
        E::ConflictDeclared {
            juror_id: juror_id(1),
            application_id: app_id(1),
            reason: "Mitautor".into(),
            at: t0(),
        },
    ];
    let error = given::<Jury>(events)
        .when(C::Assign {
            stage: 0,
            juror_id: juror_id(1),
            application: facts(1, &["Andere GmbH"]),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::Conflicted);
}

#[test]
fn confirming_no_conflict_needs_an_assignment() {
    let events = vec![appointed(1, "Uni Jena")];
    let error = given::<Jury>(events.clone())
        .when(C::ConfirmNoConflict {
            juror_id: juror_id(1),
            application_id: app_id(1),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::NotAssigned);
    let mut with = events;
    with.push(assigned(0, 1, 1));
    let ok = given::<Jury>(with)
        .when(C::ConfirmNoConflict {
            juror_id: juror_id(1),
            application_id: app_id(1),
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        ok,
        vec![E::NoConflictConfirmed {
            juror_id: juror_id(1),
            application_id: app_id(1),
            at: t0()
        }]
    );
}

#[test]
fn automatic_assignment_skips_conflicts_and_balances_loads() {
    let jury: Vec<E> = (1..=4)
        .map(|n| appointed(n, &format!("Institut {n}")))
        .collect();
    let apps: Vec<ApplicationFacts> = (1..=6)
        .map(|n| facts(n, &["Institut 1", "Firma GmbH"]))
        .collect();
    let events = given::<Jury>(jury.clone())
        .when(C::AssignAutomatically {
            stage: 0,
            applications: apps,
            per_application: 2,
            now: t0(),
        })
        .unwrap();
    let detected = events
        .iter()
        .filter(|e| matches!(e, E::ConflictDetected { .. }))
        .count();
    assert_eq!(
        detected, 6,
        "juror 1 works at a partner of every application"
    );
    let mut all = jury;
    all.extend(events);
    let state = given::<Jury>(all);
    let jury = state.state();
    assert_eq!(jury.assigned_to(0, juror_id(1)).count(), 0);
    for n in 2..=4 {
        assert_eq!(jury.assigned_to(0, juror_id(n)).count(), 4, "juror {n}");
    }
}

#[test]
fn automatic_assignment_refuses_when_too_few_jurors_are_free() {
    let jury = vec![appointed(1, "A"), appointed(2, "B")];
    let error = given::<Jury>(jury)
        .when(C::AssignAutomatically {
            stage: 0,
            applications: vec![facts(1, &["A"])],
            per_application: 2,
            now: t0(),
        })
        .unwrap_err();
    assert!(matches!(error, Err::Assignment(_)), "{error}");
}

#[test]
fn only_the_latest_invitation_is_accepted_once_and_within_thirty_days() {
    let invited = |nonce: &str| E::JurorInvited {
        juror_id: juror_id(1),
        nonce: nonce.into(),
        at: t0(),
    };
    let history = vec![appointed(1, "TU Ilmenau"), invited("a"), invited("b")];
    let accept = |nonce: &str, days: i64| C::AcceptInvitation {
        juror_id: juror_id(1),
        nonce: nonce.into(),
        confidentiality: Some(CONFIDENTIALITY_DE.into()),
        now: t0() + chrono::Duration::days(days),
    };
    assert_eq!(
        given::<Jury>(history.clone()).when(accept("a", 1)),
        Err(Err::InvalidInvitation)
    );
    assert_eq!(
        given::<Jury>(history.clone()).when(accept("b", 31)),
        Err(Err::InvalidInvitation)
    );
    let events = given::<Jury>(history.clone()).when(accept("b", 1)).unwrap();
    let mut accepted = history;
    accepted.extend(events);
    assert_eq!(
        given::<Jury>(accepted.clone()).when(accept("b", 1)),
        Err(Err::AlreadyAccepted)
    );
    let resend = C::Invite {
        juror_id: juror_id(1),
        nonce: "c".into(),
        now: t0(),
    };
    assert_eq!(
        given::<Jury>(accepted).when(resend),
        Err(Err::AlreadyAccepted)
    );
}

#[test]
fn the_same_address_cannot_get_a_second_seat() {
    let mut again = juror("TU Ilmenau");
    again.email = EmailAddress::parse("MUSTER@example.org").unwrap();
    let result = given::<Jury>(vec![appointed(1, "TU Ilmenau")]).when(C::Appoint {
        competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(7)),
        juror_id: juror_id(2),
        juror: again,
        now: t0(),
    });
    assert_eq!(result, Err(Err::AlreadyAppointed));
}

fn accepted(n: u128) -> E {
    E::InvitationAccepted {
        juror_id: juror_id(n),
        at: t0(),
        confidentiality: None,
    }
}

#[test]
fn a_person_holds_the_one_accepted_seat_of_their_address_and_two_seats_count_as_none() {
    let email = EmailAddress::parse("Muster@Example.org").unwrap();
    let invited = given::<Jury>(vec![appointed(1, "TU Ilmenau")]);
    assert_eq!(invited.state().seat_of(&email), None, "not accepted yet");
    let seated = given::<Jury>(vec![appointed(1, "TU Ilmenau"), accepted(1)]);
    assert_eq!(seated.state().seat_of(&email), Some(juror_id(1)));
    // A log from before one seat per address was the rule.
    let twice = given::<Jury>(vec![
        appointed(1, "TU Ilmenau"),
        appointed(2, "TU Dresden"),
        accepted(1),
        accepted(2),
    ]);
    assert_eq!(twice.state().seat_of(&email), None);
}

#[test]
fn a_juror_profile_over_its_lengths_and_a_reason_over_its_maximum_are_refused_by_field() {
    use super::text::{MAX_TEXT_CHARS, TextError};
    let refused = given::<Jury>(vec![appointed(1, "TU Ilmenau")])
        .when(C::UpdateProfile {
            juror_id: juror_id(1),
            juror: juror(&"U".repeat(301)),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(
        refused,
        Err::BadText {
            field: "organisation",
            problem: TextError::TooLong {
                max: 300,
                given: 301
            }
        }
    );
    let mut two_lines = juror("TU Ilmenau");
    two_lines.name = "Erika\nMuster".into();
    assert!(matches!(
        given::<Jury>(vec![])
            .when(C::Appoint {
                competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(7)),
                juror_id: juror_id(2),
                juror: two_lines,
                now: t0(),
            })
            .unwrap_err(),
        Err::BadText {
            field: "name",
            problem: TextError::LineBreak
        }
    ));
    assert!(matches!(
        given::<Jury>(vec![appointed(1, "TU Ilmenau")])
            .when(C::DeclareConflict {
                juror_id: juror_id(1),
                application_id: app_id(1),
                reason: "x".repeat(MAX_TEXT_CHARS + 1),
                now: t0(),
            })
            .unwrap_err(),
        Err::BadText {
            field: "reason",
            ..
        }
    ));
}

fn assign_by_hand(juror: u128, app: u128) -> C {
    C::Assign {
        stage: 0,
        juror_id: juror_id(juror),
        application: facts(app, &["Optonet e.V."]),
        now: t0(),
    }
}

#[test]
fn hand_assignments_wait_and_are_announced_in_one_notice_per_juror() {
    // Given a jury of two and four hand assignments, one of them taken back again
    let mut events = vec![appointed(1, "Uni Jena"), appointed(2, "TU Dresden")];
    for (juror, app) in [(1, 1), (1, 2), (1, 3), (2, 1)] {
        let jury = given::<Jury>(events.clone());
        events.extend(jury.when(assign_by_hand(juror, app)).unwrap());
    }
    events.push(E::AssignmentRemoved {
        stage: 0,
        juror_id: juror_id(2),
        application_id: app_id(1),
        at: t0(),
    });
    assert!(events.iter().all(|e| !matches!(
        e,
        E::JurorAssigned {
            by: AssignedBy::Run,
            ..
        }
    )));

    // When staff announce them
    let announced = given::<Jury>(events.clone())
        .when(C::AnnounceAssignments {
            stage: 0,
            now: t0(),
        })
        .unwrap();

    // Then the first juror gets one notice of all three and the second none
    assert_eq!(
        announced,
        vec![E::AssignmentsAnnounced {
            stage: 0,
            juror_id: juror_id(1),
            applications: vec![app_id(1), app_id(2), app_id(3)],
            at: t0(),
        }]
    );
    // and there is nothing left to announce.
    events.extend(announced);
    let again = given::<Jury>(events)
        .when(C::AnnounceAssignments {
            stage: 0,
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(again, Err::NothingToAnnounce);
}

#[test]
fn the_usual_panel_size_is_what_most_applications_have() {
    let mut events = vec![appointed(1, "A"), appointed(2, "B"), appointed(3, "C")];
    assert_eq!(
        given::<Jury>(events.clone()).state().usual_panel_size(0),
        None
    );
    // Two jurors each on applications 1 to 3, and a third added by hand to application 1.
    for app in 1..=3 {
        events.push(assigned(0, 1, app));
        events.push(assigned(0, 2, app));
    }
    events.push(assigned(0, 3, 1));
    let jury = given::<Jury>(events).state().clone();
    assert_eq!(jury.usual_panel_size(0), Some(2));
    assert_eq!(jury.usual_panel_size(1), None);
}

#[test]
fn the_seat_is_accepted_only_with_the_confidentiality_declaration_which_is_recorded() {
    // Given an invited juror
    let history = vec![
        appointed(1, "TU Ilmenau"),
        E::JurorInvited {
            juror_id: juror_id(1),
            nonce: "n".into(),
            at: t0(),
        },
    ];
    let accept = |confidentiality: Option<&str>| C::AcceptInvitation {
        juror_id: juror_id(1),
        nonce: "n".into(),
        confidentiality: confidentiality.map(str::to_owned),
        now: t0() + chrono::Duration::hours(2),
    };
    // When they accept without the declaration, then the seat is refused
    assert_eq!(
        given::<Jury>(history.clone()).when(accept(None)),
        Err(Err::ConfidentialityNotDeclared)
    );
    assert_eq!(
        given::<Jury>(history.clone()).when(accept(Some(" "))),
        Err(Err::ConfidentialityNotDeclared)
    );
    // When they accept with a text other than the declaration, then the seat is refused too
    assert_eq!(
        given::<Jury>(history.clone()).when(accept(Some("x"))),
        Err(Err::ConfidentialityNotDeclared)
    );
    // When they accept with it, then its text and time are in the acceptance
    assert_eq!(
        given::<Jury>(history).when(accept(Some(CONFIDENTIALITY_DE))),
        Ok(vec![E::InvitationAccepted {
            juror_id: juror_id(1),
            at: t0() + chrono::Duration::hours(2),
            confidentiality: Some(ConfidentialityDeclaration {
                text: CONFIDENTIALITY_DE.into(),
                at: t0() + chrono::Duration::hours(2),
            }),
        }])
    );
}

#[test]
fn several_applications_are_confirmed_at_once_one_event_each_and_only_the_assigned_ones() {
    // Given a juror assigned to applications 1 and 2, conflicted with 3 and confirmed on none
    let history = vec![
        appointed(1, "TU Ilmenau"),
        assigned(0, 1, 1),
        assigned(0, 1, 2),
        E::ConflictDeclared {
            juror_id: juror_id(1),
            application_id: app_id(3),
            reason: "Mitantragsteller".into(),
            at: t0(),
        },
    ];
    let confirm = |apps: Vec<u128>| C::ConfirmNoConflicts {
        juror_id: juror_id(1),
        application_ids: apps.into_iter().map(app_id).collect(),
        now: t0(),
    };
    // Then both are confirmed, one event each, and a doubled one counts once
    assert_eq!(
        given::<Jury>(history.clone()).when(confirm(vec![2, 1, 2])),
        Ok(vec![
            E::NoConflictConfirmed {
                juror_id: juror_id(1),
                application_id: app_id(1),
                at: t0(),
            },
            E::NoConflictConfirmed {
                juror_id: juror_id(1),
                application_id: app_id(2),
                at: t0(),
            },
        ])
    );
    // A conflicted or unassigned one refuses the whole form, and so do none and too many
    assert_eq!(
        given::<Jury>(history.clone()).when(confirm(vec![1, 3])),
        Err(Err::Conflicted)
    );
    assert_eq!(
        given::<Jury>(history.clone()).when(confirm(vec![1, 4])),
        Err(Err::NotAssigned)
    );
    assert_eq!(
        given::<Jury>(history.clone()).when(confirm(vec![])),
        Err(Err::NothingChosen)
    );
    let too_many = (0..=MAX_CONFIRMATIONS_AT_ONCE as u128).collect();
    assert_eq!(
        given::<Jury>(history).when(confirm(too_many)),
        Err(Err::TooManyAtOnce {
            max: MAX_CONFIRMATIONS_AT_ONCE
        })
    );
}

#[test]
fn a_conflict_declared_twice_keeps_the_first_reason() {
    // Given a juror who declared a conflict with an application
    let history = vec![
        appointed(1, "TU Ilmenau"),
        E::ConflictDeclared {
            juror_id: juror_id(1),
            application_id: app_id(1),
            reason: "eigene Hochschule".into(),
            at: t0(),
        },
    ];
    // When the declaration comes again (a double click, a form sent again)
    let again = C::DeclareConflict {
        juror_id: juror_id(1),
        application_id: app_id(1),
        reason: "vor der Zuordnung als bekannt erklärt".into(),
        now: t0() + chrono::Duration::minutes(1),
    };
    // Then nothing is recorded, and the first reason stands
    assert_eq!(given::<Jury>(history).when(again), Ok(Vec::new()));
}

#[test]
fn known_conflicts_are_named_from_the_whole_list_only_before_the_first_assignment() {
    let before = Jury::from_events(&[appointed(1, "TU Ilmenau")]);
    assert!(before.names_known_conflicts(0, juror_id(1)));
    let after = Jury::from_events(&[appointed(1, "TU Ilmenau"), assigned(0, 1, 1)]);
    assert!(!after.names_known_conflicts(0, juror_id(1)));
    // A new stage starts without assignments: the list is offered again.
    assert!(after.names_known_conflicts(1, juror_id(1)));
}

#[test]
fn a_juror_address_is_recorded_as_text_and_one_an_older_version_let_through_still_decodes() {
    let recorded = serde_json::to_value(appointed(1, "TU Ilmenau")).unwrap();
    assert_eq!(
        recorded["data"]["juror"]["email"],
        serde_json::json!("muster@example.org")
    );
    // Once checked only for an `@`: the event decodes, with the text as it was recorded.
    let mut older = recorded.clone();
    older["data"]["juror"]["email"] = serde_json::json!("muster@");
    let E::JurorAppointed { juror, .. } = serde_json::from_value::<E>(older).unwrap() else {
        panic!("a juror's appointment");
    };
    assert_eq!(juror.email.as_str(), "muster@");
    assert!(!juror.email.is_address());
    let jury = given::<Jury>(vec![E::JurorAppointed {
        competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(7)),
        juror_id: juror_id(1),
        juror,
        at: t0(),
    }]);
    assert_eq!(jury.state().jurors.len(), 1);
}

#[test]
fn an_assignment_is_recorded_with_the_flag_by_hand_left_out_for_a_run() {
    let run = serde_json::to_value(assigned(0, 1, 1)).unwrap();
    assert!(run["data"].get("by_hand").is_none(), "{run}");
    let mut by_hand = run.clone();
    by_hand["data"]["by_hand"] = serde_json::json!(true);
    let E::JurorAssigned { by, .. } = serde_json::from_value::<E>(by_hand.clone()).unwrap() else {
        panic!("an assignment");
    };
    assert_eq!(by, AssignedBy::Hand);
    let E::JurorAssigned { by, .. } = serde_json::from_value::<E>(run).unwrap() else {
        panic!("an assignment");
    };
    assert_eq!(by, AssignedBy::Run);
    let again = E::JurorAssigned {
        stage: 0,
        juror_id: juror_id(1),
        application_id: app_id(1),
        at: t0(),
        by: AssignedBy::Hand,
    };
    assert_eq!(serde_json::to_value(again).unwrap(), by_hand);
}

#[test]
fn the_automatic_assignment_distributes_the_applications_in_review_in_the_current_stage() {
    use crate::domain::application::{Application, Status};
    use crate::domain::competition::{Competition, Phase};
    let competition_id = CompetitionId::from_uuid(uuid::Uuid::from_u128(7));
    let competition = Competition {
        id: Some(competition_id),
        phase: Phase::InReview,
        stage: 1,
        ..Default::default()
    };
    let with = |status| Application {
        competition_id: Some(competition_id),
        status,
        field: Some(TechnologyField::Photonics),
        ..Default::default()
    };
    let applications = [
        with(Status::Submitted { stage: 1 }),
        with(Status::Submitted { stage: 0 }),
        with(Status::Withdrawn { stage: 1 }),
        with(Status::Draft { stage: 1 }),
    ];

    let facts = ApplicationFacts::in_review(
        &competition,
        applications
            .iter()
            .enumerate()
            .map(|(n, a)| (app_id(n as u128), a)),
    );

    assert_eq!(facts.len(), 1);
    assert_eq!(facts[0].id, app_id(0));
    assert_eq!(facts[0].field, Some(TechnologyField::Photonics));
}

#[test]
fn a_juror_s_applications_are_those_assigned_in_the_stage_and_not_removed() {
    let mut jury = Jury::default();
    for event in [
        appointed(1, "Uni Jena"),
        appointed(2, "TU Dresden"),
        assigned(0, 1, 3),
        assigned(0, 1, 1),
        assigned(0, 2, 1),
        assigned(1, 1, 2),
        E::AssignmentRemoved {
            stage: 0,
            juror_id: juror_id(1),
            application_id: app_id(3),
            at: t0(),
        },
    ] {
        jury.apply(&event);
    }
    let of = |stage, juror| jury.assigned_to(stage, juror_id(juror)).collect::<Vec<_>>();
    assert_eq!(of(0, 1), vec![app_id(1)]);
    assert_eq!(of(0, 2), vec![app_id(1)]);
    assert_eq!(of(1, 1), vec![app_id(2)]);
    assert_eq!(of(1, 2), Vec::<ApplicationId>::new());
    assert!(jury.is_assigned(0, juror_id(2), app_id(1)));
    assert!(!jury.names_known_conflicts(0, juror_id(1)));
    assert!(jury.names_known_conflicts(1, juror_id(2)));
}
