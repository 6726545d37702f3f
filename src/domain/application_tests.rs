//! given / when / then for the application aggregate and its eligibility rules.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::aggregate::Aggregate;
use super::aggregate::testing::given;
use super::application::{
    Application, ApplicationCommand as C, ApplicationError as Err, ApplicationEvent as E, Details,
    SubmissionWindow,
};
use super::competition::{Phase, Progress};
use super::eligibility::Ineligibility;
use super::field::TechnologyField;
use super::ids::{AccountId, ApplicationId, CompetitionId};
use super::land::Land;
use super::money::Cents;
use super::partner::{Partner, PartnerKind};
use super::presets::Preset;

pub(super) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn partner(name: &str, kind: PartnerKind, land: Land) -> Partner {
    Partner {
        name: name.into(),
        kind,
        land,
    }
}

pub(super) fn window(preset: Preset) -> SubmissionWindow {
    let setup = preset.setup(t0());
    SubmissionWindow {
        stage: 0,
        open: true,
        deadline: setup.stages[0].submission_deadline,
        rules: setup.rules,
        form: Default::default(),
    }
}

fn created() -> E {
    E::ApplicationCreated {
        application_id: ApplicationId::from_uuid(uuid::Uuid::from_u128(1)),
        competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(2)),
        owner: AccountId::from_uuid(uuid::Uuid::from_u128(3)),
        coordinator: partner("Optonet e.V.", PartnerKind::Other, Land::Thueringen),
        contact: crate::domain::email_address::EmailAddress::parse("koordination@optonet.de")
            .unwrap(),
        title: "Photonik Jena".into(),
        at: t0(),
    }
}

/// An InnoRegio application that meets every rule.
fn eligible_draft() -> Vec<E> {
    vec![
        created(),
        E::DetailsChanged {
            details: Details {
                title: "Photonik Jena".into(),
                summary: "Optische Technologien aus Thüringen".into(),
                field: Some(TechnologyField::Photonics),
                requested: Some(Cents::million_euros(10)),
                cofinancing: Some(Cents::million_euros(10)),
            },
            at: t0(),
        },
        E::PartnerAdded {
            partner: partner("Jenoptik AG", PartnerKind::Company, Land::Thueringen),
            at: t0(),
        },
        E::PartnerAdded {
            partner: partner(
                "Friedrich-Schiller-Universität Jena",
                PartnerKind::University,
                Land::Thueringen,
            ),
            at: t0(),
        },
        E::PartnerAdded {
            partner: partner("Lichtwerk GmbH", PartnerKind::Sme, Land::Sachsen),
            at: t0(),
        },
    ]
}

pub(super) fn submitted() -> Vec<E> {
    let mut events = eligible_draft();
    events.push(E::ApplicationSubmitted { stage: 0, at: t0() });
    events
}

#[test]
fn an_eligible_application_is_submitted_before_the_deadline() {
    let events = given::<Application>(eligible_draft())
        .when(C::Submit {
            window: window(Preset::InnoRegio),
            now: t0(),
        })
        .unwrap();
    assert_eq!(events, vec![E::ApplicationSubmitted { stage: 0, at: t0() }]);
}

#[test]
fn submitting_reports_every_failing_rule_and_writes_nothing() {
    let mut events = eligible_draft();
    events.push(E::DetailsChanged {
        details: Details {
            title: "Bayerische Photonik".into(),
            summary: String::new(),
            field: Some(TechnologyField::Photonics),
            requested: Some(Cents::million_euros(20)),
            cofinancing: Some(Cents::ZERO),
        },
        at: t0(),
    });
    events.push(E::PartnerAdded {
        partner: partner("Isar Optik GmbH", PartnerKind::Sme, Land::Bayern),
        at: t0(),
    });
    // InnoRegio: East German Länder only, at most 15 M € per application.
    let error = given::<Application>(events)
        .when(C::Submit {
            window: window(Preset::InnoRegio),
            now: t0(),
        })
        .unwrap_err();
    let Err::Ineligible(failures) = error else {
        panic!("{error}")
    };
    assert_eq!(failures.len(), 3, "{failures:?}");
    assert_eq!(failures[0], Ineligibility::MissingSummary);
    assert!(
        matches!(&failures[1], Ineligibility::PartnerOutsideRegion { partner, land: Land::Bayern, .. } if partner == "Isar Optik GmbH")
    );
    assert!(matches!(
        failures[2],
        Ineligibility::RequestAboveMaximum { .. }
    ));
    assert_eq!(failures[1].field(), "partners");
    assert!(
        crate::texts::explanations::ineligibility(&failures[1])
            .de
            .contains("Isar Optik GmbH hat den Sitz in Bayern"),
        "{}",
        crate::texts::explanations::ineligibility(&failures[1]).de
    );
}

#[test]
fn co_financing_partner_kinds_and_field_are_checked() {
    // BioRegio: biotechnology only, co-financing at least 1:1, one SME, a company and a research body.
    let mut events = vec![created()];
    events.push(E::DetailsChanged {
        details: Details {
            title: "Bio".into(),
            summary: "Konzept".into(),
            field: Some(TechnologyField::Photonics),
            requested: Some(Cents::million_euros(10)),
            cofinancing: Some(Cents::million_euros(5)),
        },
        at: t0(),
    });
    let error = given::<Application>(events)
        .when(C::Submit {
            window: window(Preset::BioRegio),
            now: t0(),
        })
        .unwrap_err();
    let Err::Ineligible(failures) = error else {
        panic!("{error}")
    };
    let fields: Vec<&str> = failures.iter().map(Ineligibility::field).collect();
    assert_eq!(
        fields,
        [
            "partners",
            "partners",
            "partners",
            "partners",
            "cofinancing",
            "field"
        ],
        "{failures:?}"
    );
    assert!(failures.contains(&Ineligibility::TooFewPartners { have: 1, need: 3 }));
    assert!(failures.contains(&Ineligibility::CofinancingTooLow {
        private: Cents::million_euros(5),
        needed: Cents::million_euros(10),
        percent: 100
    }));
    assert!(failures.iter().any(|f| {
        crate::texts::explanations::ineligibility(f)
            .de
            .contains("mindestens ein Unternehmen")
    }));
}

#[test]
fn a_late_submission_is_refused_with_the_deadline() {
    let w = window(Preset::InnoRegio);
    let deadline = w.deadline;
    let error = given::<Application>(eligible_draft())
        .when(C::Submit {
            window: w,
            now: deadline,
        })
        .unwrap_err();
    assert_eq!(error, Err::Late { deadline });
}

#[test]
fn a_submission_to_a_closed_stage_is_refused() {
    let mut w = window(Preset::InnoRegio);
    w.open = false;
    let error = given::<Application>(eligible_draft())
        .when(C::Submit {
            window: w,
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::StageNotOpen);
}

#[test]
fn a_submitted_application_is_locked() {
    let error = given::<Application>(submitted())
        .when(C::AddPartner {
            partner: partner("Neu GmbH", PartnerKind::Sme, Land::Sachsen),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::Locked);
    let again = given::<Application>(submitted())
        .when(C::Submit {
            window: window(Preset::InnoRegio),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(again, Err::Locked);
}

#[test]
fn withdrawing_before_the_deadline_unlocks_and_allows_submitting_again() {
    let deadline = window(Preset::InnoRegio).deadline;
    let withdrawn = given::<Application>(submitted())
        .when(C::Withdraw {
            deadline,
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        withdrawn,
        vec![E::ApplicationWithdrawn { stage: 0, at: t0() }]
    );
    let mut events = submitted();
    events.extend(withdrawn);
    let edit = given::<Application>(events.clone()).when(C::AddPartner {
        partner: partner("Neu GmbH", PartnerKind::Sme, Land::Sachsen),
        now: t0(),
    });
    assert!(edit.is_ok());
    let again = given::<Application>(events)
        .when(C::Submit {
            window: window(Preset::InnoRegio),
            now: t0() + Duration::days(1),
        })
        .unwrap();
    assert!(matches!(again[0], E::ApplicationSubmitted { stage: 0, .. }));
}

#[test]
fn withdrawing_after_the_deadline_is_refused() {
    let deadline = window(Preset::InnoRegio).deadline;
    let error = given::<Application>(submitted())
        .when(C::Withdraw {
            deadline,
            now: deadline + Duration::hours(1),
        })
        .unwrap_err();
    assert_eq!(error, Err::Late { deadline });
}

#[test]
fn a_partner_is_not_added_twice_under_another_spelling() {
    let error = given::<Application>(eligible_draft())
        .when(C::AddPartner {
            partner: partner("JENOPTIK GmbH", PartnerKind::Company, Land::Thueringen),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::DuplicatePartner("JENOPTIK GmbH".into()));
    let coordinator_again = given::<Application>(eligible_draft())
        .when(C::AddPartner {
            partner: partner("OptoNet", PartnerKind::Other, Land::Thueringen),
            now: t0(),
        })
        .unwrap_err();
    assert!(matches!(coordinator_again, Err::DuplicatePartner(_)));
}

#[test]
fn partners_are_changed_and_removed_by_their_place() {
    let given_draft = given::<Application>(eligible_draft());
    let removed = given_draft
        .when(C::RemovePartner {
            index: 1,
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        removed,
        vec![E::PartnerRemoved {
            index: 1,
            name: "Friedrich-Schiller-Universität Jena".into(),
            at: t0()
        }]
    );
    let missing = given::<Application>(eligible_draft())
        .when(C::RemovePartner {
            index: 9,
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(missing, Err::NoSuchPartner(9));
    let mut events = eligible_draft();
    events.extend(removed);
    let state = given::<Application>(events);
    let names: Vec<&str> = state
        .state()
        .partners
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["Jenoptik AG", "Lichtwerk GmbH"]);
}

#[test]
fn staff_reject_formally_only_with_a_reason() {
    let no_reason = given::<Application>(submitted())
        .when(C::RejectFormally {
            reason: "  ".into(),
            competition: open(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(no_reason, Err::NoReason);
    let rejected = given::<Application>(submitted())
        .when(C::RejectFormally {
            reason: "Unterschrift fehlt".into(),
            competition: open(),
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        rejected,
        vec![E::ApplicationFormallyRejected {
            stage: 0,
            reason: "Unterschrift fehlt".into(),
            at: t0()
        }]
    );
    let draft = given::<Application>(eligible_draft())
        .when(C::RejectFormally {
            reason: "x".into(),
            competition: open(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(draft, Err::NotSubmitted);
}

/// The competition with its first stage open for submissions.
pub(super) fn open() -> Progress {
    Progress {
        stage: 0,
        phase: Phase::StageOpen,
    }
}

#[test]
fn the_formal_check_is_possible_until_the_review_of_the_stage_begins() {
    for phase in [Phase::StageOpen, Phase::StageClosed] {
        let before = given::<Application>(submitted()).when(C::RejectFormally {
            reason: "Unterschrift fehlt".into(),
            competition: Progress { stage: 0, phase },
            now: t0(),
        });
        assert!(before.is_ok(), "{phase:?}: {before:?}");
    }
    for progress in [
        Progress {
            stage: 0,
            phase: Phase::InReview,
        },
        Progress {
            stage: 0,
            phase: Phase::ResultsDecided,
        },
        Progress {
            stage: 0,
            phase: Phase::ResultsReleased,
        },
        Progress {
            stage: 0,
            phase: Phase::Completed,
        },
        // The application stayed in stage 0 while the competition went on.
        Progress {
            stage: 1,
            phase: Phase::StageOpen,
        },
    ] {
        let after = given::<Application>(submitted())
            .when(C::RejectFormally {
                reason: "Unterschrift fehlt".into(),
                competition: progress,
                now: t0(),
            })
            .unwrap_err();
        assert_eq!(after, Err::ReviewStarted, "{progress:?}");
    }
}

#[test]
fn documents_are_attached_once_and_removed() {
    let doc = super::application::DocumentRef {
        sha256: "ab".repeat(32),
        file_name: "skizze.pdf".into(),
        size: 1024,
    };
    let mut events = eligible_draft();
    events.push(E::DocumentAttached {
        document: doc.clone(),
        at: t0(),
    });
    assert_eq!(
        given::<Application>(events.clone())
            .when(C::AttachDocument {
                document: doc.clone(),
                now: t0()
            })
            .unwrap_err(),
        Err::DuplicateDocument {
            file_name: doc.file_name.clone()
        }
    );
    assert!(
        given::<Application>(events)
            .when(C::RemoveDocument {
                sha256: doc.sha256,
                now: t0()
            })
            .is_ok()
    );
}

#[test]
fn an_invited_application_starts_the_next_stage_as_a_draft() {
    let started = given::<Application>(submitted())
        .when(C::StartNextStage {
            stage: 1,
            now: t0(),
        })
        .unwrap();
    assert_eq!(started, vec![E::NextStageStarted { stage: 1, at: t0() }]);
    assert_eq!(
        given::<Application>(submitted())
            .when(C::StartNextStage {
                stage: 2,
                now: t0()
            })
            .unwrap_err(),
        Err::WrongStage
    );
    let mut events = submitted();
    events.extend(started);
    let mut w = window(Preset::InnoRegio);
    w.stage = 1;
    w.deadline = t0() + Duration::weeks(60);
    assert!(
        given::<Application>(events.clone())
            .when(C::Submit {
                window: w,
                now: t0()
            })
            .is_ok()
    );
    // A first-stage window no longer fits.
    assert_eq!(
        given::<Application>(events)
            .when(C::Submit {
                window: window(Preset::InnoRegio),
                now: t0()
            })
            .unwrap_err(),
        Err::WrongStage
    );
}

#[test]
fn the_largest_amounts_do_not_overflow_the_cofinancing_rule() {
    let mut rules = Preset::Spitzencluster.setup(t0()).rules;
    rules.max_requested = None;
    rules.min_cofinancing_percent = Some(100);
    let application = Application {
        requested: Cents::new(i64::MAX),
        cofinancing: Cents::ZERO,
        ..Application::default()
    };
    let failures = application.ineligibilities(&rules);
    assert!(
        failures
            .iter()
            .any(|f| matches!(f, Ineligibility::CofinancingTooLow { .. })),
        "{failures:?}"
    );
}

#[test]
fn documents_together_may_not_exceed_the_quota() {
    use super::application::{DocumentRef, MAX_DOCUMENT_BYTES};
    let doc = |n: u8, size: u64| DocumentRef {
        sha256: format!("{n:02x}").repeat(32),
        file_name: format!("anlage-{n}.pdf"),
        size,
    };
    let mut events = eligible_draft();
    events.push(E::DocumentAttached {
        document: doc(1, MAX_DOCUMENT_BYTES - 10),
        at: t0(),
    });
    assert_eq!(
        given::<Application>(events.clone())
            .when(C::AttachDocument {
                document: doc(2, 11),
                now: t0()
            })
            .unwrap_err(),
        Err::DocumentsTooLarge {
            limit: MAX_DOCUMENT_BYTES
        }
    );
    assert!(
        given::<Application>(events)
            .when(C::AttachDocument {
                document: doc(2, 10),
                now: t0()
            })
            .is_ok(),
        "exactly the quota fits"
    );
}

#[test]
fn the_hundred_and_first_partner_is_refused_with_the_limit() {
    let mut events = vec![created()];
    for i in 0..super::application::MAX_PARTNERS {
        events.push(E::PartnerAdded {
            partner: partner(&format!("Partner {i}"), PartnerKind::Sme, Land::Sachsen),
            at: t0(),
        });
    }
    let refused = given::<Application>(events)
        .when(C::AddPartner {
            partner: partner("Einer zu viel", PartnerKind::Sme, Land::Sachsen),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(refused, Err::TooManyPartners { limit: 100 });
}

#[test]
fn a_title_of_301_characters_and_a_name_with_a_line_break_are_refused_by_field() {
    use super::text::TextError;
    let long = "T".repeat(301);
    let refused = given::<Application>(vec![created()])
        .when(C::ChangeDetails {
            details: Details {
                title: long,
                summary: String::new(),
                field: None,
                requested: Some(Cents::ZERO),
                cofinancing: Some(Cents::ZERO),
            },
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(
        refused,
        Err::BadText {
            field: "title",
            problem: TextError::TooLong {
                max: 300,
                given: 301
            }
        }
    );
    let refused = given::<Application>(vec![created()])
        .when(C::AddPartner {
            partner: partner("Müller\nGmbH", PartnerKind::Sme, Land::Sachsen),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(
        refused,
        Err::BadText {
            field: "name",
            problem: TextError::LineBreak
        }
    );
}

#[test]
fn a_summary_may_have_lines_but_not_more_than_its_maximum() {
    let details = |summary: String| C::ChangeDetails {
        details: Details {
            title: "Photonik".into(),
            summary,
            field: None,
            requested: Some(Cents::ZERO),
            cofinancing: Some(Cents::ZERO),
        },
        now: t0(),
    };
    assert!(
        given::<Application>(vec![created()])
            .when(details("Zeile 1\nZeile 2".into()))
            .is_ok()
    );
    let refused = given::<Application>(vec![created()])
        .when(details("x".repeat(super::text::MAX_TEXT_CHARS + 1)))
        .unwrap_err();
    assert!(matches!(
        refused,
        Err::BadText {
            field: "summary",
            ..
        }
    ));
}

#[test]
fn the_twenty_first_co_editor_is_refused_with_the_limit() {
    let mut events = vec![created()];
    for i in 0..super::application::MAX_EDITORS {
        events.push(E::EditorInvited {
            email: crate::domain::email_address::EmailAddress::parse(&format!("p{i}@optonet.de"))
                .unwrap(),
            at: t0(),
        });
    }
    let refused = given::<Application>(events)
        .when(C::InviteEditor {
            email: crate::domain::email_address::EmailAddress::parse("noch@optonet.de").unwrap(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(refused, Err::TooManyEditors { limit: 20 });
}

#[test]
fn a_co_editor_is_one_person_however_the_address_is_written() {
    use crate::domain::email_address::EmailAddress;
    // As an older version stored it: the local part as entered.
    let invited: E = serde_json::from_value(serde_json::json!({
        "type": "EditorInvited",
        "data": { "email": "Ben.Weber@sensorik.de", "at": t0() },
    }))
    .unwrap();
    let history = vec![created(), invited];
    let email = |text: &str| EmailAddress::parse(text).unwrap();

    let removed = given::<Application>(history.clone()).when(C::RemoveEditor {
        email: email("BEN.WEBER@Sensorik.de"),
        now: t0(),
    });
    assert_eq!(
        removed,
        Ok(vec![E::EditorRemoved {
            email: email("ben.weber@sensorik.de"),
            at: t0(),
        }])
    );
    let again = given::<Application>(history).when(C::InviteEditor {
        email: email("ｂｅｎ.weber@sensorik.de"),
        now: t0(),
    });
    assert!(matches!(again, Err(Err::AlreadyEditor(_))), "{again:?}");
}

#[test]
fn each_stage_keeps_the_figures_the_application_was_submitted_with() {
    let mut history = submitted();
    history.push(E::NextStageStarted { stage: 1, at: t0() });
    history.push(E::DetailsChanged {
        details: Details {
            title: "Photonik Jena".into(),
            summary: "Der Vollantrag".into(),
            field: Some(TechnologyField::Photonics),
            requested: Some(Cents::million_euros(8)),
            cofinancing: Some(Cents::million_euros(9)),
        },
        at: t0(),
    });
    history.push(E::ApplicationSubmitted { stage: 1, at: t0() });
    let mut application = Application::default();
    for event in &history {
        application.apply(event);
    }
    assert_eq!(application.requested, Cents::million_euros(8));
    assert_eq!(
        application.submissions[&0].requested,
        Cents::million_euros(10),
        "the concept's figures stay with the first stage"
    );
    assert_eq!(application.submissions[&0].all_partners().count(), 4);
    assert_eq!(
        application.submissions[&1].cofinancing,
        Cents::million_euros(9)
    );

    // A withdrawn submission no longer stands.
    application.apply(&E::ApplicationWithdrawn { stage: 1, at: t0() });
    assert!(!application.submissions.contains_key(&1));
    assert!(application.submissions.contains_key(&0));
}

#[test]
fn an_application_takes_part_only_in_the_stage_it_is_written_or_submitted_for() {
    let concept = given::<Application>(submitted());
    assert!(concept.state().takes_part_in(0));
    assert!(
        !concept.state().takes_part_in(1),
        "not invited into the full proposal"
    );
    let mut events = submitted();
    events.push(E::NextStageStarted { stage: 1, at: t0() });
    let invited = given::<Application>(events);
    assert!(invited.state().takes_part_in(1));
    assert!(!invited.state().takes_part_in(0));
    let mut events = submitted();
    events.push(E::ApplicationFormallyRejected {
        stage: 0,
        reason: "Unterschrift fehlt".into(),
        at: t0(),
    });
    assert!(!given::<Application>(events).state().takes_part_in(0));
}

/// A competition of id 2 in review in `stage`.
fn competition_in_review(stage: usize) -> super::competition::Competition {
    super::competition::Competition {
        id: Some(CompetitionId::from_uuid(uuid::Uuid::from_u128(2))),
        phase: Phase::InReview,
        stage,
        ..Default::default()
    }
}

#[test]
fn a_decision_sees_the_application_in_review_only_while_submitted_to_the_current_stage() {
    let id = ApplicationId::from_uuid(uuid::Uuid::from_u128(1));
    let in_review = given::<Application>(submitted());

    let candidate = in_review
        .state()
        .as_candidate(id, &competition_in_review(0));
    assert!(candidate.in_review);
    assert_eq!(candidate.requested, Cents::million_euros(10));
    assert!(
        !in_review
            .state()
            .as_candidate(id, &competition_in_review(1))
            .in_review
    );
    let other = super::competition::Competition {
        id: Some(CompetitionId::from_uuid(uuid::Uuid::from_u128(9))),
        ..competition_in_review(0)
    };
    assert!(!in_review.state().as_candidate(id, &other).in_review);

    let mut withdrawn = submitted();
    withdrawn.push(E::ApplicationWithdrawn { stage: 0, at: t0() });
    let withdrawn = given::<Application>(withdrawn);
    assert!(
        !withdrawn
            .state()
            .as_candidate(id, &competition_in_review(0))
            .in_review
    );
}

#[test]
fn of_a_competition_s_applications_only_those_submitted_to_its_current_stage_are_in_review() {
    let id = |n: u128| ApplicationId::from_uuid(uuid::Uuid::from_u128(n));
    let submitted = given::<Application>(submitted());
    let mut withdrawn = self::submitted();
    withdrawn.push(E::ApplicationWithdrawn { stage: 0, at: t0() });
    let withdrawn = given::<Application>(withdrawn);
    let draft = given::<Application>(eligible_draft());
    let applications = [
        (id(1), submitted.state()),
        (id(2), withdrawn.state()),
        (id(3), draft.state()),
    ];

    let in_review = |stage| {
        Application::in_review(&competition_in_review(stage), applications)
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
    };

    assert_eq!(in_review(0), [id(1)]);
    assert_eq!(in_review(1), [], "submitted to the concept stage only");
}

#[test]
fn the_assignment_knows_an_application_by_its_field_and_every_organisation() {
    let id = ApplicationId::from_uuid(uuid::Uuid::from_u128(1));
    let facts = super::jury::ApplicationFacts::of(id, given::<Application>(submitted()).state());

    assert_eq!(facts.id, id);
    assert_eq!(facts.field, Some(TechnologyField::Photonics));
    assert_eq!(
        facts.organisations,
        [
            "Optonet e.V.",
            "Jenoptik AG",
            "Friedrich-Schiller-Universität Jena",
            "Lichtwerk GmbH"
        ]
    );
}

#[test]
fn the_window_of_the_open_stage_has_its_moved_deadline_and_another_stage_the_set_up_s() {
    let setup = Preset::InnoRegio.setup(t0());
    let moved = setup.stages[0].submission_deadline - Duration::days(3);
    let competition = super::competition::Competition {
        id: Some(CompetitionId::from_uuid(uuid::Uuid::from_u128(2))),
        phase: Phase::StageOpen,
        stage: 0,
        deadline: Some(moved),
        setup: Some(setup.clone()),
        ..Default::default()
    };

    let open = SubmissionWindow::of(&competition, 0).unwrap();
    assert!(open.open);
    assert_eq!(open.deadline, moved);
    assert_eq!(open.rules, setup.rules);
    let later = SubmissionWindow::of(&competition, 1).unwrap();
    assert!(!later.open);
    assert_eq!(later.deadline, setup.stages[1].submission_deadline);

    let in_review = super::competition::Competition {
        phase: Phase::InReview,
        ..competition
    };
    assert!(!SubmissionWindow::of(&in_review, 0).unwrap().open);
    assert_eq!(
        in_review.submission_deadline(0),
        Some(setup.stages[0].submission_deadline),
        "out of the open stage, the set-up's deadline"
    );
    let no_setup = super::competition::Competition::default();
    assert_eq!(SubmissionWindow::of(&no_setup, 0), None);
}

#[test]
fn an_application_s_stage_is_the_one_its_status_names() {
    use super::application::Status;
    assert_eq!(Status::NotCreated.stage(), None);
    assert_eq!(Status::Draft { stage: 1 }.stage(), Some(1));
    assert_eq!(Status::Submitted { stage: 0 }.stage(), Some(0));
    assert_eq!(Status::Withdrawn { stage: 2 }.stage(), Some(2));
    assert_eq!(Status::FormallyRejected { stage: 1 }.stage(), Some(1));
}
