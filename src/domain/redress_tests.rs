//! given / when / then for a request for review of the procedure: the window's edges, once per
//! stage, grounds and reasons required, one answer.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::aggregate::testing::given;
use super::competition::{Competition, Outcome};
use super::ids::ApplicationId;
use super::presets::Preset;
use super::redress::{
    RedressCommand as C, RedressContext, RedressError as Err, RedressEvent as E, RedressKey,
    RedressOutcome, RedressWindow,
};
use super::text::MAX_TEXT_CHARS;

fn released() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()
}

fn key() -> RedressKey {
    RedressKey {
        application: ApplicationId::from_uuid(uuid::Uuid::from_u128(7)),
        stage: 0,
    }
}

/// InnoRegio's first stage, the application not shortlisted, released at `released()`, with a
/// window of `days`.
fn competition(days: u32, released_stage: bool) -> Competition {
    let mut setup = Preset::InnoRegio.setup(released() - Duration::weeks(20));
    setup.redress_days = days;
    let mut competition = Competition {
        setup: Some(setup),
        ..Competition::default()
    };
    competition
        .decisions
        .insert((0, key().application), Outcome::NotShortlisted);
    if released_stage {
        competition.released_at.insert(0, released());
    }
    competition
}

fn request(context: RedressContext, now: DateTime<Utc>) -> C {
    C::Request {
        key: key(),
        grounds: "Ein Mitglied der Jury arbeitet bei einem unserer Partner.".into(),
        context,
        now,
    }
}

fn filed() -> E {
    E::RedressRequested {
        key: key(),
        grounds: "Gründe".into(),
        at: released() + Duration::days(3),
    }
}

#[test]
fn the_window_opens_with_the_release_and_closes_after_its_days() {
    // Released on 2 November at 11:00 Berlin time: 30 days end with 2 December, Berlin time.
    let window = RedressWindow::of(&competition(30, true), 0).unwrap();
    assert_eq!(window.opens, released());
    assert_eq!(
        window.closes,
        Utc.with_ymd_and_hms(2026, 12, 2, 23, 0, 0).unwrap()
    );
    assert_eq!(
        window.last_minute(),
        Utc.with_ymd_and_hms(2026, 12, 2, 22, 59, 0).unwrap()
    );
    assert!(!window.is_open(released() - Duration::seconds(1)));
    assert!(window.is_open(released()));
    assert!(window.is_open(window.closes - Duration::seconds(1)));
    assert!(!window.is_open(window.closes));
    assert_eq!(RedressWindow::of(&competition(30, false), 0), None);
}

#[test]
fn a_window_across_the_change_to_summer_time_ends_at_midnight_in_berlin() {
    let mut competition = competition(14, true);
    // 20 March 2027, 23:30 Berlin (CET): the day is not counted; 3 April is the last.
    let released = Utc.with_ymd_and_hms(2027, 3, 20, 22, 30, 0).unwrap();
    competition.released_at.insert(0, released);
    let window = RedressWindow::of(&competition, 0).unwrap();
    // Midnight after 3 April, in summer time (CEST, UTC+2).
    assert_eq!(
        window.closes,
        Utc.with_ymd_and_hms(2027, 4, 3, 22, 0, 0).unwrap()
    );
}

#[test]
fn a_request_in_the_window_is_recorded_with_its_grounds_trimmed() {
    let context = RedressContext::of(&competition(30, true), key());
    let now = context.window.unwrap().closes - Duration::seconds(1);
    let events = given::<super::redress::Redress>(vec![])
        .when(C::Request {
            key: key(),
            grounds: "  Das Gutachten zu Kriterium 2 fehlt.  ".into(),
            context,
            now,
        })
        .unwrap();
    assert_eq!(
        events,
        vec![E::RedressRequested {
            key: key(),
            grounds: "Das Gutachten zu Kriterium 2 fehlt.".into(),
            at: now,
        }]
    );
}

#[test]
fn a_request_at_the_closing_moment_or_before_the_release_is_refused() {
    let context = RedressContext::of(&competition(14, true), key());
    let window = context.window.unwrap();
    assert_eq!(
        given::<super::redress::Redress>(vec![]).when(request(context, window.closes)),
        Err(Err::WindowClosed(window))
    );
    let unreleased = RedressContext::of(&competition(14, false), key());
    assert_eq!(
        given::<super::redress::Redress>(vec![]).when(request(unreleased, released())),
        Err(Err::NotReleased)
    );
}

#[test]
fn only_an_application_with_a_result_in_the_stage_may_ask() {
    let mut other = competition(30, true);
    other.decisions.clear();
    let context = RedressContext::of(&other, key());
    assert_eq!(
        given::<super::redress::Redress>(vec![]).when(request(context, released())),
        Err(Err::NoResult)
    );
}

#[test]
fn a_stage_takes_one_request_with_grounds_of_limited_length() {
    let context = RedressContext::of(&competition(30, true), key());
    let now = released() + Duration::days(1);
    assert_eq!(
        given::<super::redress::Redress>(vec![filed()]).when(request(context, now)),
        Err(Err::AlreadyRequested)
    );
    let empty = C::Request {
        key: key(),
        grounds: " \n ".into(),
        context,
        now,
    };
    assert_eq!(
        given::<super::redress::Redress>(vec![]).when(empty),
        Err(Err::NoGrounds)
    );
    let long = C::Request {
        key: key(),
        grounds: "x".repeat(MAX_TEXT_CHARS + 1),
        context,
        now,
    };
    assert!(matches!(
        given::<super::redress::Redress>(vec![]).when(long),
        Err(Err::BadGrounds(_))
    ));
}

#[test]
fn staff_answer_a_filed_request_once_with_a_reason() {
    let answer = |reason: &str| C::Answer {
        key: key(),
        outcome: RedressOutcome::Upheld,
        reason: reason.into(),
        now: released() + Duration::days(40),
    };
    assert_eq!(
        given::<super::redress::Redress>(vec![]).when(answer("Begründet.")),
        Err(Err::NotRequested)
    );
    assert_eq!(
        given::<super::redress::Redress>(vec![filed()]).when(answer("  ")),
        Err(Err::NoReason)
    );
    // An answer may come after the window: the window limits filing, not answering.
    let answered = given::<super::redress::Redress>(vec![filed()])
        .when(answer(
            "Der Juror war befangen; die Begutachtung wird wiederholt.",
        ))
        .unwrap();
    assert!(matches!(
        &answered[..],
        [E::RedressAnswered {
            outcome: RedressOutcome::Upheld,
            ..
        }]
    ));
    let mut history = vec![filed()];
    history.extend(answered);
    let state = given::<super::redress::Redress>(history.clone());
    assert!(!state.state().is_open());
    assert_eq!(
        state.when(answer("Noch einmal.")),
        Err(Err::AlreadyAnswered)
    );
}

#[test]
fn a_set_up_gives_a_window_of_one_to_365_days() {
    use super::setup::SetupProblem;
    let mut setup = Preset::InnoRegio.setup(released());
    for (days, refused) in [(0, true), (1, false), (365, false), (366, true)] {
        setup.redress_days = days;
        let out_of_range = setup
            .over_limits()
            .contains(&SetupProblem::RedressWindowOutOfRange {
                max: 365,
                given: days,
            });
        assert_eq!(out_of_range, refused, "{days} days");
    }
}
