//! given / when / then for a stage's application form: its sections answered, its documents
//! filed into their slots, submission refused with every gap, and the answers carried into the
//! next stage.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::aggregate::testing::given;
use super::application::{
    Application, ApplicationCommand as C, ApplicationError as Err, ApplicationEvent as E, Details,
    DocumentRef, SubmissionWindow,
};
use super::field::TechnologyField;
use super::ids::{AccountId, ApplicationId, CompetitionId};
use super::land::Land;
use super::money::Cents;
use super::partner::{Partner, PartnerKind};
use super::presets::Preset;
use super::stage_form::{
    FormGap, FormProblem, MAX_ANSWER_CHARS, RequiredDocument, Section, StageForm, key_from_title,
    problems,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn partner(name: &str, kind: PartnerKind, land: Land) -> Partner {
    Partner {
        name: name.into(),
        kind,
        land,
    }
}

/// InnoRegio's concept form: four sections, a description of at most 15 pages and the letters.
fn form() -> StageForm {
    Preset::InnoRegio.setup(t0()).stages[0].form()
}

fn window(form: StageForm) -> SubmissionWindow {
    let setup = Preset::InnoRegio.setup(t0());
    SubmissionWindow {
        stage: 0,
        open: true,
        deadline: setup.stages[0].submission_deadline,
        rules: setup.rules,
        form,
    }
}

fn document(sha: char, name: &str) -> DocumentRef {
    DocumentRef {
        sha256: sha.to_string().repeat(64),
        file_name: name.into(),
        size: 2048,
    }
}

/// An InnoRegio application that meets every eligibility rule, with nothing of its form.
fn eligible_draft() -> Vec<E> {
    vec![
        E::ApplicationCreated {
            application_id: ApplicationId::from_uuid(uuid::Uuid::from_u128(1)),
            competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(2)),
            owner: AccountId::from_uuid(uuid::Uuid::from_u128(3)),
            coordinator: partner("Optonet e.V.", PartnerKind::Other, Land::Thueringen),
            contact: crate::domain::email_address::EmailAddress::parse("k@optonet.de").unwrap(),
            title: "Photonik Jena".into(),
            at: t0(),
        },
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
                "Universität Jena",
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

fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The draft with every section answered and both documents filed.
fn complete_draft() -> Vec<E> {
    let mut events = eligible_draft();
    events.push(E::SectionsAnswered {
        answers: answers(&[
            ("region", "Ostthüringen"),
            ("idee", "Licht für die Medizin"),
            ("netzwerk", "Zwölf Partner"),
            ("umsetzbarkeit", "Drei Arbeitspakete"),
        ]),
        at: t0(),
    });
    for (sha, slot) in [('a', "vorhabenbeschreibung"), ('b', "lebenslaeufe")] {
        events.push(E::DocumentAttached {
            document: document(sha, &format!("{slot}.pdf")),
            at: t0(),
        });
        events.push(E::DocumentFiled {
            slot: slot.into(),
            sha256: sha.to_string().repeat(64),
            at: t0(),
        });
    }
    events
}

#[test]
fn submission_is_refused_with_every_missing_section_and_document_named() {
    // Given an eligible draft with one section answered and one over its length
    let mut events = eligible_draft();
    events.push(E::SectionsAnswered {
        answers: answers(&[("region", "Ostthüringen"), ("idee", &"x".repeat(4_001))]),
        at: t0(),
    });
    // When it is submitted
    let error = given::<Application>(events)
        .when(C::Submit {
            window: window(form()),
            now: t0(),
        })
        .unwrap_err();
    // Then every gap is named, each with its section or slot
    let Err::Incomplete(gaps) = error else {
        panic!("{error}")
    };
    assert_eq!(
        gaps,
        vec![
            FormGap::SectionTooLong {
                key: "idee".into(),
                max: 4_000,
                given: 4_001
            },
            FormGap::MissingSection {
                key: "netzwerk".into()
            },
            FormGap::MissingSection {
                key: "umsetzbarkeit".into()
            },
            FormGap::MissingDocument {
                key: "vorhabenbeschreibung".into()
            },
            FormGap::MissingDocument {
                key: "lebenslaeufe".into()
            },
        ]
    );
    assert_eq!(gaps[1].field(), "section-netzwerk");
    assert_eq!(gaps[3].field(), "document-vorhabenbeschreibung");
}

#[test]
fn a_complete_form_is_submitted_and_a_stage_without_form_asks_for_nothing() {
    let events = given::<Application>(complete_draft())
        .when(C::Submit {
            window: window(form()),
            now: t0(),
        })
        .unwrap();
    assert_eq!(events, vec![E::ApplicationSubmitted { stage: 0, at: t0() }]);
    // A competition recorded before stages had forms requires nothing of them.
    let events = given::<Application>(eligible_draft())
        .when(C::Submit {
            window: window(StageForm::default()),
            now: t0(),
        })
        .unwrap();
    assert_eq!(events.len(), 1);
}

#[test]
fn sections_are_saved_only_when_changed_and_only_for_the_stages_own_sections() {
    let draft = given::<Application>(complete_draft());
    // Given the saved answers, when the same are sent with one changed, only that one is saved
    let events = draft
        .when(C::AnswerSections {
            answers: answers(&[("region", "Ostthüringen"), ("idee", "Licht für Augen")]),
            form: form(),
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        events,
        vec![E::SectionsAnswered {
            answers: answers(&[("idee", "Licht für Augen")]),
            at: t0()
        }]
    );
    // A section the stage does not have is refused
    let error = given::<Application>(complete_draft())
        .when(C::AnswerSections {
            answers: answers(&[("werbung", "Kaufen Sie!")]),
            form: form(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(error, Err::NoSuchSection("werbung".into()));
    // A draft may run over a section's length, but not without bound
    let error = given::<Application>(complete_draft())
        .when(C::AnswerSections {
            answers: answers(&[("idee", &"x".repeat(MAX_ANSWER_CHARS + 1))]),
            form: form(),
            now: t0(),
        })
        .unwrap_err();
    assert!(matches!(error, Err::AnswerTooLong { .. }), "{error}");
}

#[test]
fn an_emptied_section_is_missing_again() {
    let mut events = complete_draft();
    events.push(E::SectionsAnswered {
        answers: answers(&[("netzwerk", "  ")]),
        at: t0(),
    });
    let gaps = given::<Application>(events).state().form_gaps(&form());
    assert_eq!(
        gaps,
        vec![FormGap::MissingSection {
            key: "netzwerk".into()
        }]
    );
}

#[test]
fn a_document_over_its_slots_page_limit_is_refused_and_one_within_replaces_the_old() {
    let slot = form().slot("vorhabenbeschreibung").cloned().unwrap();
    // Given a complete draft, when a description of 16 pages is filed, then it is refused
    let error = given::<Application>(complete_draft())
        .when(C::FileDocument {
            document: document('c', "lang.pdf"),
            slot: slot.clone(),
            pages: 16,
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(
        error,
        Err::TooManyPages {
            limit: 15,
            pages: 16
        }
    );
    // When one of 15 pages is filed, it replaces the description the slot held
    let events = given::<Application>(complete_draft())
        .when(C::FileDocument {
            document: document('c', "kurz.pdf"),
            slot,
            pages: 15,
            now: t0(),
        })
        .unwrap();
    assert_eq!(
        events,
        vec![
            E::DocumentRemoved {
                sha256: "a".repeat(64),
                at: t0()
            },
            E::DocumentAttached {
                document: document('c', "kurz.pdf"),
                at: t0()
            },
            E::DocumentFiled {
                slot: "vorhabenbeschreibung".into(),
                sha256: "c".repeat(64),
                at: t0()
            },
        ]
    );
}

#[test]
fn a_removed_document_leaves_its_slot_empty() {
    let mut events = complete_draft();
    events.push(E::DocumentRemoved {
        sha256: "b".repeat(64),
        at: t0(),
    });
    let state = given::<Application>(events);
    assert_eq!(
        state.state().form_gaps(&form()),
        vec![FormGap::MissingDocument {
            key: "lebenslaeufe".into()
        }]
    );
}

#[test]
fn the_full_proposal_starts_from_the_concepts_answers_of_the_same_sections() {
    // Given a submitted concept that goes on to the full proposal
    let mut events = complete_draft();
    events.push(E::ApplicationSubmitted { stage: 0, at: t0() });
    events.push(E::NextStageStarted {
        stage: 1,
        at: t0() + Duration::weeks(30),
    });
    let full = Preset::InnoRegio.setup(t0()).stages[1].form();
    let state = given::<Application>(events);
    // Then the sections of the same keys keep the concept's text, and only the documents the
    // full proposal asks for anew are missing
    assert_eq!(state.state().answers["region"], "Ostthüringen");
    assert_eq!(
        state.state().form_gaps(&full),
        vec![FormGap::MissingDocument {
            key: "innovationskonzept".into()
        }]
    );
}

#[test]
fn a_forms_problems_name_the_row_and_every_preset_has_none() {
    let section = |key: &str, title: &str, max_chars| Section {
        key: key.into(),
        title: title.into(),
        guidance: String::new(),
        max_chars,
        criterion: Some(0),
    };
    let found = problems(
        &[
            section("region", "Region", 1000),
            section("region", "Region again", 0),
            section("Bad Key", "", 10),
        ],
        &[RequiredDocument {
            key: "skizze".into(),
            title: "Skizze".into(),
            page_limit: Some(0),
            criterion: Some(9),
        }],
        4,
    );
    assert_eq!(
        found,
        vec![
            FormProblem::KeyTwice {
                key: "region".into()
            },
            FormProblem::SectionLength {
                key: "region".into(),
                max: 30_000
            },
            FormProblem::SectionWithoutTitle { section: 3 },
            FormProblem::InvalidKey {
                key: "Bad Key".into()
            },
            FormProblem::NoSuchCriterion {
                key: "skizze".into()
            },
            FormProblem::PageLimit {
                key: "skizze".into(),
                max: 500
            },
        ]
    );
    for preset in Preset::ALL {
        for stage in preset.setup(t0()).stages {
            assert!(!stage.sections.is_empty(), "{preset:?}");
            assert_eq!(
                problems(&stage.sections, &stage.documents, stage.criteria.len()),
                vec![]
            );
        }
    }
    assert_eq!(
        key_from_title("Stärken und Veränderung!"),
        "staerken-und-veraenderung"
    );
}

#[test]
fn a_set_up_recorded_before_stages_had_forms_reads_with_none() {
    let mut recorded = serde_json::to_value(Preset::InnoRegio.setup(t0())).unwrap();
    for stage in recorded["stages"].as_array_mut().unwrap() {
        let stage = stage.as_object_mut().unwrap();
        stage.remove("sections");
        stage.remove("documents");
    }
    let read: super::setup::CompetitionSetup = serde_json::from_value(recorded).unwrap();
    assert!(read.stages.iter().all(|s| s.form() == StageForm::default()));
}
