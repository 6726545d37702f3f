//! given / when / then for the jurors' discussion: who may take part, the text, the cap, and a
//! form sent twice.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::aggregate::testing::given;
use super::discussion::{
    Author, Discussion, DiscussionCommand as C, DiscussionError as Err, DiscussionEvent as E,
    DiscussionKey, MAX_POSTS, Participant, may_take_part,
};
use super::ids::{AccountId, ApplicationId, JurorId};
use super::text::MAX_TEXT_CHARS;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
}

fn key() -> DiscussionKey {
    DiscussionKey {
        application: ApplicationId::from_uuid(uuid::Uuid::from_u128(1)),
        stage: 0,
    }
}

fn juror_id() -> JurorId {
    JurorId::from_uuid(uuid::Uuid::from_u128(2))
}

fn juror(assigned: bool, conflicted: bool, reviewed: bool) -> Participant {
    Participant::Juror {
        juror: juror_id(),
        assigned,
        conflicted,
        reviewed,
    }
}

fn staff() -> Participant {
    Participant::Staff {
        account: AccountId::from_uuid(uuid::Uuid::from_u128(3)),
        name: "Petra Programm".into(),
    }
}

fn post(participant: Participant, id: u128, text: &str) -> C {
    C::Post {
        key: key(),
        post: uuid::Uuid::from_u128(id),
        participant,
        text: text.into(),
        now: t0(),
    }
}

fn posted(id: u128) -> E {
    E::DiscussionPosted {
        key: key(),
        post: uuid::Uuid::from_u128(id),
        author: Author::Juror { juror: juror_id() },
        text: format!("Beitrag {id}"),
        at: t0() + Duration::minutes(id as i64),
    }
}

#[test]
fn a_juror_whose_review_is_submitted_posts_with_their_name_as_author() {
    let events = given::<Discussion>(vec![])
        .when(post(
            juror(true, false, true),
            10,
            "  Die Umsetzung sehe ich kritischer.  ",
        ))
        .unwrap();
    assert_eq!(
        events,
        vec![E::DiscussionPosted {
            key: key(),
            post: uuid::Uuid::from_u128(10),
            author: Author::Juror { juror: juror_id() },
            text: "Die Umsetzung sehe ich kritischer.".into(),
            at: t0(),
        }]
    );
}

#[test]
fn a_juror_before_submitting_their_own_review_neither_reads_nor_posts() {
    assert_eq!(
        may_take_part(&juror(true, false, false)),
        Err(Err::ReviewNotSubmitted)
    );
    assert_eq!(
        given::<Discussion>(vec![]).when(post(juror(true, false, false), 1, "Früh")),
        Err(Err::ReviewNotSubmitted)
    );
}

#[test]
fn a_conflicted_juror_never_takes_part_even_with_a_submitted_review() {
    assert_eq!(
        may_take_part(&juror(true, true, true)),
        Err(Err::Conflicted)
    );
    assert_eq!(
        given::<Discussion>(vec![]).when(post(juror(true, true, true), 1, "Befangen")),
        Err(Err::Conflicted)
    );
}

#[test]
fn a_juror_not_assigned_to_the_application_does_not_take_part() {
    assert_eq!(
        given::<Discussion>(vec![]).when(post(juror(false, false, true), 1, "Fremd")),
        Err(Err::NotAssigned)
    );
}

#[test]
fn staff_read_and_post_and_anyone_else_does_neither() {
    assert_eq!(may_take_part(&staff()), Ok(()));
    let events = given::<Discussion>(vec![posted(1)])
        .when(post(staff(), 2, "Bitte gehen Sie auf Kriterium 2 ein."))
        .unwrap();
    assert!(matches!(
        &events[0],
        E::DiscussionPosted { author: Author::Staff { name, .. }, .. } if name == "Petra Programm"
    ));
    assert_eq!(
        may_take_part(&Participant::Other),
        Err(Err::NotAParticipant)
    );
    assert_eq!(
        given::<Discussion>(vec![]).when(post(Participant::Other, 3, "Konsortium")),
        Err(Err::NotAParticipant)
    );
}

#[test]
fn a_post_needs_a_text_of_at_most_the_longest_length() {
    assert_eq!(
        given::<Discussion>(vec![]).when(post(staff(), 1, "   \n ")),
        Err(Err::NoText)
    );
    assert!(matches!(
        given::<Discussion>(vec![]).when(post(staff(), 1, &"x".repeat(MAX_TEXT_CHARS + 1))),
        Err(Err::BadText(_))
    ));
    assert!(
        given::<Discussion>(vec![])
            .when(post(staff(), 1, &"x".repeat(MAX_TEXT_CHARS)))
            .is_ok()
    );
}

#[test]
fn a_thread_takes_at_most_its_most_posts() {
    let full: Vec<E> = (0..MAX_POSTS as u128).map(posted).collect();
    assert_eq!(
        given::<Discussion>(full).when(post(staff(), 9_999, "Noch einer")),
        Err(Err::Full { max: MAX_POSTS })
    );
    let almost: Vec<E> = (0..MAX_POSTS as u128 - 1).map(posted).collect();
    assert!(
        given::<Discussion>(almost)
            .when(post(staff(), 9_999, "Der letzte"))
            .is_ok()
    );
}

#[test]
fn a_form_sent_twice_posts_once() {
    let thread = given::<Discussion>(vec![posted(7)]);
    assert_eq!(thread.state().posts.len(), 1);
    assert_eq!(
        thread.when(post(juror(true, false, true), 7, "Beitrag 7")),
        Ok(vec![])
    );
}

#[test]
fn a_juror_takes_part_by_the_jury_and_their_own_review_as_they_stand() {
    use super::jury::{ConflictSource, Jury};
    use super::review::Review;
    let mut jury = Jury::default();
    jury.assignments.insert((0, key().application, juror_id()));
    let submitted = Review {
        submitted_at: Some(t0()),
        ..Review::default()
    };
    let draft = Review::default();
    let of = |jury: &Jury, own: Option<&Review>| {
        may_take_part(&Participant::juror(jury, key(), juror_id(), own))
    };
    assert_eq!(of(&jury, Some(&submitted)), Ok(()));
    assert_eq!(of(&jury, Some(&draft)), Err(Err::ReviewNotSubmitted));
    assert_eq!(of(&jury, None), Err(Err::ReviewNotSubmitted));
    // Assigned in another stage only: not this thread.
    let other_stage = DiscussionKey { stage: 1, ..key() };
    assert_eq!(
        may_take_part(&Participant::juror(
            &jury,
            other_stage,
            juror_id(),
            Some(&submitted)
        )),
        Err(Err::NotAssigned)
    );
    jury.conflicts
        .insert((juror_id(), key().application), ConflictSource::Declared);
    assert_eq!(of(&jury, Some(&submitted)), Err(Err::Conflicted));
}
