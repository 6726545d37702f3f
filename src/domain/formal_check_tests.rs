//! given / when / then for the formal check: its states, the request for corrections and the
//! restricted reopening it makes, the answer, the lapse and the reminder.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::aggregate::Aggregate;
use super::aggregate::testing::given;
use super::application::{
    Application, ApplicationCommand as C, ApplicationError as Err, ApplicationEvent as E, Details,
};
use super::application_tests::{open, submitted, t0, window};
use super::competition::{Phase, Progress};
use super::financing::PartnerSlot;
use super::formal_check::{CheckState, Correctable};
use super::presets::Preset;
use super::stage_form::{Section, StageForm};

fn form() -> StageForm {
    let section = |key: &str, title: &str| Section {
        key: key.into(),
        title: title.into(),
        guidance: String::new(),
        max_chars: 2_000,
        criterion: None,
    };
    StageForm {
        sections: vec![section("idee", "Idee"), section("region", "Region")],
        documents: Vec::new(),
    }
}

/// Submitted after the deadline's close, with both sections written.
fn submitted_with_sections() -> Vec<E> {
    let mut events = submitted();
    let at = events.len() - 1;
    events.insert(
        at,
        E::SectionsAnswered {
            answers: BTreeMap::from([
                ("idee".to_owned(), "Licht aus Jena".to_owned()),
                ("region".to_owned(), "Thüringen".to_owned()),
            ]),
            at: t0(),
        },
    );
    events
}

fn closed() -> Progress {
    Progress {
        stage: 0,
        phase: Phase::StageClosed,
    }
}

fn due() -> DateTime<Utc> {
    t0() + Duration::days(14)
}

fn requested(items: Vec<Correctable>) -> E {
    E::CorrectionsRequested {
        stage: 0,
        round: 1,
        items,
        text: "Bitte die Region genauer abgrenzen.".into(),
        due: due(),
        at: t0(),
    }
}

fn request(items: Vec<Correctable>) -> C {
    C::RequestCorrections {
        items,
        text: "Bitte die Region genauer abgrenzen.".into(),
        due: due(),
        form: form(),
        competition: closed(),
        now: t0(),
    }
}

fn state(events: &[E], now: DateTime<Utc>) -> Option<CheckState> {
    let mut application = Application::default();
    for e in events {
        application.apply(e);
    }
    CheckState::of(&application, 0, now)
}

fn answer(key: &str, text: &str, now: DateTime<Utc>) -> C {
    C::AnswerSections {
        answers: BTreeMap::from([(key.to_owned(), text.to_owned())]),
        form: form(),
        now,
    }
}

#[test]
fn the_check_goes_from_unchecked_through_ticks_to_complete() {
    let events = submitted_with_sections();
    assert_eq!(state(&events, t0()), Some(CheckState::Unchecked));
    let ticked = given::<Application>(events.clone())
        .when(C::TickChecklist {
            ticks: BTreeMap::from([(0, true), (1, false)]),
            checklist: 2,
            competition: closed(),
            now: t0(),
        })
        .unwrap();
    // An item not met that was never ticked is no change.
    assert_eq!(
        ticked,
        vec![E::FormalCheckTicked {
            stage: 0,
            ticks: vec![(0, true)],
            at: t0()
        }]
    );
    let mut events = events;
    events.extend(ticked);
    assert_eq!(state(&events, t0()), Some(CheckState::InCheck));
    let unmet = given::<Application>(events.clone())
        .when(C::CompleteFormalCheck {
            checklist: 2,
            competition: closed(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(unmet, Err::ChecklistNotMet(vec![1]));
    events.push(E::FormalCheckTicked {
        stage: 0,
        ticks: vec![(1, true)],
        at: t0(),
    });
    let done = given::<Application>(events.clone())
        .when(C::CompleteFormalCheck {
            checklist: 2,
            competition: closed(),
            now: t0(),
        })
        .unwrap();
    events.extend(done);
    assert_eq!(state(&events, t0()), Some(CheckState::Complete));
    let again = given::<Application>(events)
        .when(C::TickChecklist {
            ticks: BTreeMap::from([(0, false)]),
            checklist: 2,
            competition: closed(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(again, Err::CheckComplete);
}

#[test]
fn a_tick_beyond_the_checklist_is_refused() {
    let refused = given::<Application>(submitted_with_sections())
        .when(C::TickChecklist {
            ticks: BTreeMap::from([(5, true)]),
            checklist: 2,
            competition: closed(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(refused, Err::NoSuchChecklistItem(5));
}

#[test]
fn a_request_names_existing_parts_a_text_and_a_date_within_range() {
    let app = || given::<Application>(submitted_with_sections());
    assert_eq!(app().when(request(vec![])).unwrap_err(), Err::NothingNamed);
    assert_eq!(
        app()
            .when(request(vec![Correctable::Section("budget".into())]))
            .unwrap_err(),
        Err::NoSuchPart("abschnitt:budget".into())
    );
    assert_eq!(
        app()
            .when(request(vec![Correctable::Plan(PartnerSlot::Partner(7))]))
            .unwrap_err(),
        Err::NoSuchPart("plan:7".into())
    );
    for days in [0, 91] {
        let C::RequestCorrections {
            items, text, form, ..
        } = request(vec![Correctable::Details])
        else {
            unreachable!()
        };
        let refused = app()
            .when(C::RequestCorrections {
                items,
                text,
                due: t0() + Duration::days(days),
                form,
                competition: closed(),
                now: t0(),
            })
            .unwrap_err();
        assert_eq!(refused, Err::DueOutOfRange { days: 90 }, "{days} days");
    }
    let events = app()
        .when(request(vec![
            Correctable::Section("region".into()),
            Correctable::Details,
            Correctable::Details,
        ]))
        .unwrap();
    // Named once each, in the editor's order.
    assert_eq!(
        events,
        vec![requested(vec![
            Correctable::Details,
            Correctable::Section("region".into())
        ])]
    );
}

#[test]
fn no_request_once_the_jury_review_began_and_none_for_a_draft() {
    let C::RequestCorrections {
        items, text, form, ..
    } = request(vec![Correctable::Details])
    else {
        unreachable!()
    };
    let refused = given::<Application>(submitted_with_sections())
        .when(C::RequestCorrections {
            items: items.clone(),
            text: text.clone(),
            due: due(),
            form: form.clone(),
            competition: Progress {
                stage: 0,
                phase: Phase::InReview,
            },
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(refused, Err::ReviewStarted);
    let mut draft = submitted_with_sections();
    draft.pop();
    let refused = given::<Application>(draft)
        .when(C::RequestCorrections {
            items,
            text,
            due: due(),
            form,
            competition: open(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(refused, Err::NotSubmitted);
}

#[test]
fn only_the_named_parts_open_and_only_until_the_date() {
    let mut events = submitted_with_sections();
    events.push(requested(vec![Correctable::Section("region".into())]));
    assert_eq!(state(&events, t0()), Some(CheckState::Deficient));
    let later = t0() + Duration::days(1);
    let app = || given::<Application>(events.clone());
    // The named section can be changed.
    let changed = app()
        .when(answer(
            "region",
            "Thüringen, Landkreis Saale-Holzland",
            later,
        ))
        .unwrap();
    assert_eq!(changed.len(), 1);
    // Another section, the details, the partners and a plan stay locked.
    assert_eq!(
        app()
            .when(answer("idee", "Eine andere Idee", later))
            .unwrap_err(),
        Err::NotOpenForCorrection
    );
    let details = app()
        .when(C::ChangeDetails {
            details: Details::new("Neuer Titel".into(), "x".into(), None),
            now: later,
        })
        .unwrap_err();
    assert_eq!(details, Err::NotOpenForCorrection);
    let partner = app()
        .when(C::RemovePartner {
            index: 0,
            now: later,
        })
        .unwrap_err();
    assert_eq!(partner, Err::NotOpenForCorrection);
    // Both sections sent, only the named one changed: saved.
    let both = app()
        .when(C::AnswerSections {
            answers: BTreeMap::from([
                ("idee".to_owned(), "Licht aus Jena".to_owned()),
                ("region".to_owned(), "Saale-Holzland".to_owned()),
            ]),
            form: form(),
            now: later,
        })
        .unwrap();
    assert_eq!(both.len(), 1);
    // At the date the part is locked again.
    let lapsed = app().when(answer("region", "zu spät", due())).unwrap_err();
    assert_eq!(lapsed, Err::CorrectionLapsed { due: due() });
    assert_eq!(state(&events, due()), Some(CheckState::Lapsed));
}

#[test]
fn handing_in_locks_again_and_shows_what_changed() {
    let mut events = submitted_with_sections();
    events.push(requested(vec![
        Correctable::Section("region".into()),
        Correctable::Section("idee".into()),
    ]));
    let later = t0() + Duration::days(2);
    events.push(E::SectionsAnswered {
        answers: BTreeMap::from([("region".to_owned(), "Saale-Holzland".to_owned())]),
        at: later,
    });
    let handed = given::<Application>(events.clone())
        .when(C::SubmitCorrections {
            rules: window(Preset::InnoRegio).rules,
            form: form(),
            now: later,
        })
        .unwrap();
    assert_eq!(
        handed,
        vec![E::CorrectionsSubmitted {
            stage: 0,
            round: 1,
            at: later
        }]
    );
    events.extend(handed);
    assert_eq!(state(&events, later), Some(CheckState::Corrected));
    let mut application = Application::default();
    for e in &events {
        application.apply(e);
    }
    let round = application.formal_checks[&0].last_round().unwrap().clone();
    let changes: Vec<_> = round.changes().map(|(item, ..)| item.clone()).collect();
    // The section not touched is not a change.
    assert_eq!(changes, vec![Correctable::Section("region".into())]);
    let locked = given::<Application>(events.clone())
        .when(answer("region", "noch einmal", later))
        .unwrap_err();
    assert_eq!(locked, Err::Locked);
    // The check can now be closed (no checklist here), and the application stays submitted.
    let done = given::<Application>(events)
        .when(C::CompleteFormalCheck {
            checklist: 0,
            competition: closed(),
            now: later,
        })
        .unwrap();
    assert_eq!(
        done,
        vec![E::FormalCheckCompleted {
            stage: 0,
            at: later
        }]
    );
}

#[test]
fn corrections_that_leave_the_form_incomplete_are_not_handed_in() {
    let mut events = submitted_with_sections();
    events.push(requested(vec![Correctable::Section("region".into())]));
    events.push(E::SectionsAnswered {
        answers: BTreeMap::from([("region".to_owned(), String::new())]),
        at: t0(),
    });
    let refused = given::<Application>(events)
        .when(C::SubmitCorrections {
            rules: window(Preset::InnoRegio).rules,
            form: form(),
            now: t0() + Duration::hours(1),
        })
        .unwrap_err();
    assert!(matches!(refused, Err::Incomplete(_)), "{refused:?}");
}

#[test]
fn a_lapsed_request_can_no_longer_be_answered_but_asked_again() {
    let mut events = submitted_with_sections();
    events.push(requested(vec![Correctable::Section("region".into())]));
    let refused = given::<Application>(events.clone())
        .when(C::SubmitCorrections {
            rules: window(Preset::InnoRegio).rules,
            form: form(),
            now: due(),
        })
        .unwrap_err();
    assert_eq!(refused, Err::CorrectionLapsed { due: due() });
    // While it is open, no second request.
    let open_still = given::<Application>(events.clone())
        .when(request(vec![Correctable::Details]))
        .unwrap_err();
    assert_eq!(open_still, Err::CorrectionsAskedAlready);
    let after = due() + Duration::hours(1);
    let second = given::<Application>(events)
        .when(C::RequestCorrections {
            items: vec![Correctable::Details],
            text: "Letzte Gelegenheit.".into(),
            due: after + Duration::days(7),
            form: form(),
            competition: closed(),
            now: after,
        })
        .unwrap();
    assert!(
        matches!(&second[..], [E::CorrectionsRequested { round: 2, .. }]),
        "{second:?}"
    );
}

#[test]
fn the_reminder_is_due_three_days_before_the_date_once() {
    let mut events = submitted_with_sections();
    events.push(requested(vec![Correctable::Details]));
    let early = due() - Duration::days(4);
    assert_eq!(
        given::<Application>(events.clone())
            .when(C::RemindOfCorrections { now: early })
            .unwrap_err(),
        Err::NoReminderDue
    );
    let time = due() - Duration::days(3);
    let reminder = given::<Application>(events.clone())
        .when(C::RemindOfCorrections { now: time })
        .unwrap();
    assert_eq!(
        reminder,
        vec![E::CorrectionReminderDue {
            stage: 0,
            round: 1,
            at: time
        }]
    );
    events.extend(reminder);
    assert_eq!(
        given::<Application>(events)
            .when(C::RemindOfCorrections { now: time })
            .unwrap_err(),
        Err::NoReminderDue
    );
}

#[test]
fn a_rejected_application_reads_as_rejected() {
    let mut events = submitted_with_sections();
    events.push(requested(vec![Correctable::Details]));
    events.push(E::ApplicationFormallyRejected {
        stage: 0,
        reason: "Nachforderung nicht beantwortet".into(),
        at: due(),
    });
    assert_eq!(state(&events, due()), Some(CheckState::Rejected));
}

#[test]
fn a_part_key_reads_back_as_the_part() {
    for part in [
        Correctable::Details,
        Correctable::Section("region".into()),
        Correctable::Document("vorhabenbeschreibung".into()),
        Correctable::Attachments,
        Correctable::Partners,
        Correctable::Term,
        Correctable::Plan(PartnerSlot::Coordinator),
        Correctable::Plan(PartnerSlot::Partner(3)),
        Correctable::Pledges,
    ] {
        assert_eq!(Correctable::parse(&part.key()), Some(part));
    }
    assert_eq!(Correctable::parse("plan:x"), None);
    assert_eq!(Correctable::parse("abschnitt:"), None);
}

#[test]
fn no_check_while_the_stage_still_takes_submissions() {
    let refused = given::<Application>(submitted_with_sections())
        .when(C::TickChecklist {
            ticks: BTreeMap::from([(0, true)]),
            checklist: 2,
            competition: open(),
            now: t0(),
        })
        .unwrap_err();
    assert_eq!(refused, Err::SubmissionStillOpen);
}

#[test]
fn a_lapsed_request_is_not_closed_as_complete() {
    let mut events = submitted_with_sections();
    events.push(requested(vec![Correctable::Section("region".into())]));
    let refused = given::<Application>(events)
        .when(C::CompleteFormalCheck {
            checklist: 0,
            competition: closed(),
            now: due(),
        })
        .unwrap_err();
    assert_eq!(refused, Err::CorrectionsUnanswered);
}

#[test]
fn a_partner_goes_during_corrections_only_when_no_plan_named_moves() {
    let mut events = submitted_with_sections();
    events.push(requested(vec![
        Correctable::Partners,
        Correctable::Plan(PartnerSlot::Partner(1)),
    ]));
    let refused = given::<Application>(events.clone())
        .when(C::RemovePartner {
            index: 0,
            now: t0() + Duration::hours(1),
        })
        .unwrap_err();
    assert_eq!(refused, Err::NotOpenForCorrection);
    events.pop();
    events.push(requested(vec![Correctable::Partners]));
    let removed = given::<Application>(events)
        .when(C::RemovePartner {
            index: 0,
            now: t0() + Duration::hours(1),
        })
        .unwrap();
    assert_eq!(removed.len(), 1);
}
