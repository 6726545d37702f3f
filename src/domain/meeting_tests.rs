//! given / when / then for the jury meeting: the quorum's edges, conflicted members absent and
//! never counted, votes adding up, amounts and stages of a recommendation, a closed meeting; and
//! the rule that a decision departing from the recommendation needs a reason.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeZone, Utc};

use super::aggregate::testing::given;
use super::competition::Outcome;
use super::ids::{ApplicationId, CompetitionId, JurorId};
use super::meeting::{
    ItemContext, JuryMeeting, MeetingCommand as C, MeetingError as Err, MeetingEvent as E,
    MeetingKey, StageContext, Vote, departure_reason, quorum,
};
use super::money::Cents;
use super::recommendation::{DepartureError, Recommendation as R};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()
}

fn juror(n: u128) -> JurorId {
    JurorId::from_uuid(uuid::Uuid::from_u128(n))
}

fn application() -> ApplicationId {
    ApplicationId::from_uuid(uuid::Uuid::from_u128(100))
}

/// A jury of six at 67 percent: five must be present (4.02 rounded up).
fn stage(last: bool) -> StageContext {
    StageContext {
        in_review: true,
        last_stage: last,
        members: (1..=6).map(juror).collect(),
        quorum_percent: 67,
    }
}

fn item(conflicted: &[u128]) -> ItemContext {
    ItemContext {
        application: application(),
        in_review: true,
        requested: Cents::euros(500_000),
        conflicted: conflicted.iter().map(|n| juror(*n)).collect(),
    }
}

fn opened() -> E {
    E::MeetingOpened {
        key: MeetingKey {
            competition: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
            stage: 0,
        },
        date: now(),
        at: now(),
    }
}

fn present(n: &[u128]) -> E {
    E::AttendanceRecorded {
        present: n.iter().map(|n| juror(*n)).collect(),
        at: now(),
    }
}

fn recommend(item: ItemContext, r: R, vote: (u32, u32, u32), last: bool) -> C {
    C::Recommend {
        item,
        recommendation: r,
        vote: Vote {
            yes: vote.0,
            no: vote.1,
            abstain: vote.2,
        },
        note: "  Überzeugendes Konzept.  ".into(),
        stage: stage(last),
        now: now(),
    }
}

#[test]
fn the_quorum_is_the_share_rounded_up() {
    assert_eq!(quorum(6, 67), 5);
    assert_eq!(quorum(3, 67), 3);
    assert_eq!(quorum(9, 67), 7);
    assert_eq!(quorum(10, 50), 5);
    assert_eq!(quorum(6, 1), 1);
    assert_eq!(quorum(6, 100), 6);
}

#[test]
fn exactly_the_quorum_may_recommend() {
    let events = given::<JuryMeeting>(vec![opened(), present(&[1, 2, 3, 4, 5])])
        .when(recommend(item(&[]), R::NextStage, (4, 1, 0), false))
        .unwrap();
    assert!(matches!(
        &events[0],
        E::RecommendationRecorded { yes: 4, no: 1, note, .. } if note == "Überzeugendes Konzept."
    ));
}

#[test]
fn one_below_the_quorum_may_not() {
    let refused = given::<JuryMeeting>(vec![opened(), present(&[1, 2, 3, 4])]).when(recommend(
        item(&[]),
        R::NextStage,
        (4, 0, 0),
        false,
    ));
    assert_eq!(
        refused,
        Err(Err::NoQuorum {
            present: 4,
            needed: 5
        })
    );
}

#[test]
fn attendance_below_the_quorum_is_recorded_but_recommends_nothing() {
    let events = given::<JuryMeeting>(vec![opened()])
        .when(C::RecordAttendance {
            present: vec![juror(1)],
            stage: stage(false),
            now: now(),
        })
        .unwrap();
    assert_eq!(events, vec![present(&[1])]);
}

#[test]
fn only_members_are_present() {
    let refused = given::<JuryMeeting>(vec![opened()]).when(C::RecordAttendance {
        present: vec![juror(1), juror(99)],
        stage: stage(false),
        now: now(),
    });
    assert_eq!(refused, Err(Err::NotAMember));
}

#[test]
fn conflicted_members_are_absent_for_the_item_and_never_vote() {
    let events = given::<JuryMeeting>(vec![opened(), present(&[1, 2, 3, 4, 5])])
        .when(recommend(item(&[2, 6]), R::NextStage, (3, 0, 1), false))
        .unwrap();
    match &events[0] {
        E::RecommendationRecorded { absent, .. } => assert_eq!(absent, &vec![juror(2)]),
        other => panic!("{other:?}"),
    }
    // Counting the conflicted member's vote is refused.
    let refused = given::<JuryMeeting>(vec![opened(), present(&[1, 2, 3, 4, 5])]).when(recommend(
        item(&[2]),
        R::NextStage,
        (5, 0, 0),
        false,
    ));
    assert_eq!(
        refused,
        Err(Err::VotesDoNotAddUp {
            given: 5,
            voting: 4
        })
    );
}

#[test]
fn a_conflicted_member_still_counts_towards_the_quorum() {
    // Five present of six is the quorum; one of them is conflicted and four vote.
    assert!(
        given::<JuryMeeting>(vec![opened(), present(&[1, 2, 3, 4, 5])])
            .when(recommend(item(&[1]), R::Reserve, (2, 1, 1), false))
            .is_ok()
    );
}

#[test]
fn the_votes_must_add_up_to_those_voting() {
    let refused = given::<JuryMeeting>(vec![opened(), present(&[1, 2, 3, 4, 5])]).when(recommend(
        item(&[]),
        R::NextStage,
        (3, 1, 0),
        false,
    ));
    assert_eq!(
        refused,
        Err(Err::VotesDoNotAddUp {
            given: 4,
            voting: 5
        })
    );
}

#[test]
fn funding_needs_an_amount_within_the_request_in_the_last_stage() {
    let meeting = || given::<JuryMeeting>(vec![opened(), present(&[1, 2, 3, 4, 5])]);
    let fund = |euros| R::Funding {
        amount: Cents::euros(euros),
    };
    assert_eq!(
        meeting().when(recommend(item(&[]), fund(0), (5, 0, 0), true)),
        Err(Err::NoAmount)
    );
    assert!(matches!(
        meeting().when(recommend(item(&[]), fund(500_001), (5, 0, 0), true)),
        Err(Err::AboveRequest { .. })
    ));
    assert!(
        meeting()
            .when(recommend(item(&[]), fund(500_000), (5, 0, 0), true))
            .is_ok()
    );
    assert_eq!(
        meeting().when(recommend(item(&[]), fund(100), (5, 0, 0), false)),
        Err(Err::FundingBeforeLastStage)
    );
    assert_eq!(
        meeting().when(recommend(item(&[]), R::NextStage, (5, 0, 0), true)),
        Err(Err::NoNextStage)
    );
}

#[test]
fn the_note_is_limited() {
    let mut command = recommend(item(&[]), R::Reserve, (5, 0, 0), false);
    if let C::Recommend { note, .. } = &mut command {
        *note = "x".repeat(super::text::MAX_TEXT_CHARS + 1);
    }
    let refused = given::<JuryMeeting>(vec![opened(), present(&[1, 2, 3, 4, 5])]).when(command);
    assert!(matches!(refused, Err(Err::BadNote(_))));
}

#[test]
fn only_while_the_stage_is_in_review() {
    let mut closed_stage = stage(false);
    closed_stage.in_review = false;
    let refused = given::<JuryMeeting>(vec![]).when(C::Open {
        key: MeetingKey {
            competition: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
            stage: 0,
        },
        date: now(),
        stage: closed_stage.clone(),
        now: now(),
    });
    assert_eq!(refused, Err(Err::StageNotInReview));
    let mut command = recommend(item(&[]), R::Reserve, (5, 0, 0), false);
    if let C::Recommend { stage, .. } = &mut command {
        *stage = closed_stage;
    }
    assert_eq!(
        given::<JuryMeeting>(vec![opened(), present(&[1, 2, 3, 4, 5])]).when(command),
        Err(Err::StageNotInReview)
    );
}

#[test]
fn a_recommendation_can_be_recorded_again_until_the_meeting_closes() {
    let first = given::<JuryMeeting>(vec![opened(), present(&[1, 2, 3, 4, 5])])
        .when(recommend(item(&[]), R::Reserve, (5, 0, 0), false))
        .unwrap();
    let mut history = vec![opened(), present(&[1, 2, 3, 4, 5])];
    history.extend(first);
    let again = given::<JuryMeeting>(history.clone())
        .when(recommend(item(&[]), R::NextStage, (3, 2, 0), false))
        .unwrap();
    history.extend(again);
    let meeting = given::<JuryMeeting>(history.clone());
    assert_eq!(
        meeting.state().recommendation(application()),
        Some(&R::NextStage)
    );
    history.push(E::MeetingClosed { at: now() });
    let closed = || given::<JuryMeeting>(history.clone());
    assert_eq!(
        closed().when(recommend(item(&[]), R::Reserve, (5, 0, 0), false)),
        Err(Err::Closed)
    );
    assert_eq!(
        closed().when(C::RecordAttendance {
            present: vec![],
            stage: stage(false),
            now: now()
        }),
        Err(Err::Closed)
    );
    assert_eq!(closed().when(C::Close { now: now() }), Err(Err::Closed));
}

#[test]
fn the_agenda_keeps_each_application_once() {
    let a = application();
    let b = ApplicationId::from_uuid(uuid::Uuid::from_u128(101));
    let events = given::<JuryMeeting>(vec![opened()])
        .when(C::SetAgenda {
            order: vec![b, a, b],
            stage: stage(false),
            now: now(),
        })
        .unwrap();
    assert_eq!(
        events,
        vec![E::AgendaSet {
            order: vec![b, a],
            at: now()
        }]
    );
}

#[test]
fn a_departing_decision_needs_a_reason() {
    let funding = R::Funding {
        amount: Cents::euros(400_000),
    };
    let not_funded = Outcome::NotFunded;
    assert_eq!(
        departure_reason(Some(&funding), &not_funded, "  "),
        Err(DepartureError::ReasonNeeded)
    );
    assert_eq!(
        departure_reason(Some(&funding), &not_funded, " Budget erschöpft. "),
        Ok(Some("Budget erschöpft.".into()))
    );
    // A different amount departs too.
    let less = Outcome::Funded {
        amount: Cents::euros(300_000),
    };
    assert_eq!(
        departure_reason(Some(&funding), &less, ""),
        Err(DepartureError::ReasonNeeded)
    );
    // Reserve against not funded departs; reserve list against reserve does not.
    assert_eq!(
        departure_reason(Some(&R::Reserve), &not_funded, ""),
        Err(DepartureError::ReasonNeeded)
    );
    assert_eq!(
        departure_reason(Some(&R::Reserve), &Outcome::Reserve { rank: 2 }, ""),
        Ok(None)
    );
}

#[test]
fn a_decision_following_the_recommendation_or_without_one_needs_none() {
    let funding = R::Funding {
        amount: Cents::euros(400_000),
    };
    let same = Outcome::Funded {
        amount: Cents::euros(400_000),
    };
    assert_eq!(departure_reason(Some(&funding), &same, "egal"), Ok(None));
    assert_eq!(
        departure_reason(Some(&R::NextStage), &Outcome::Shortlisted, ""),
        Ok(None)
    );
    assert_eq!(
        departure_reason(Some(&R::NotRecommended), &Outcome::NotShortlisted, ""),
        Ok(None)
    );
    assert_eq!(
        departure_reason(Some(&R::NotRecommended), &Outcome::Shortlisted, ""),
        Err(DepartureError::ReasonNeeded)
    );
    assert_eq!(departure_reason(None, &Outcome::NotFunded, ""), Ok(None));
}

#[test]
fn members_who_left_the_jury_do_not_count_towards_the_quorum() {
    let mut smaller = stage(false);
    smaller.members = BTreeSet::from([juror(1), juror(2), juror(3)]);
    // Three members at two thirds need all three (ceil of 2.01); 1 and 2 are still members.
    let mut command = recommend(item(&[]), R::Reserve, (2, 0, 0), false);
    if let C::Recommend { stage, .. } = &mut command {
        *stage = smaller;
    }
    let refused = given::<JuryMeeting>(vec![opened(), present(&[1, 2, 5, 6])]).when(command);
    assert_eq!(
        refused,
        Err(Err::NoQuorum {
            present: 2,
            needed: 3
        })
    );
}
