//! The next steps of a round as the competition itself would take or refuse them: the page
//! offers a step only when its command would be accepted now, and says why the others are not
//! possible yet. Each step is decided by running its command against the state, so the page and
//! the rule cannot drift apart.

use chrono::{DateTime, Utc};

use super::aggregate::Aggregate;
use super::competition::{Competition, CompetitionCommand, CompetitionError, Phase, ReminderKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Publish,
    /// The first stage, or the next one after the results were released.
    OpenStage,
    Close,
    StartReview,
    Release,
    Complete,
}

impl StepKind {
    pub fn command(self, now: DateTime<Utc>) -> CompetitionCommand {
        match self {
            StepKind::Publish => CompetitionCommand::Publish { now },
            StepKind::OpenStage => CompetitionCommand::OpenNextStage { now },
            StepKind::Close => CompetitionCommand::CloseStage { now },
            StepKind::StartReview => CompetitionCommand::StartReview { now },
            StepKind::Release => CompetitionCommand::ReleaseResults { now },
            StepKind::Complete => CompetitionCommand::Complete { now },
        }
    }
}

/// A step of the round with the competition's answer to it at that moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    /// `Err` says why it is not possible now.
    pub possible: Result<(), CompetitionError>,
}

/// What the round is waiting for when it offers no step of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// Staff decide on the ranking and finalise the results there.
    Decisions,
    /// Nothing follows: the competition is completed.
    Nothing,
}

/// The step the phase leads to next (at most one), with whether it is possible at `now`.
pub fn next_steps(competition: &Competition, now: DateTime<Utc>) -> Vec<Step> {
    let kind = match competition.phase {
        Phase::Drafted => StepKind::Publish,
        Phase::Published => StepKind::OpenStage,
        Phase::StageOpen => StepKind::Close,
        Phase::StageClosed => StepKind::StartReview,
        Phase::ResultsDecided => StepKind::Release,
        Phase::ResultsReleased if competition.is_last_stage() => StepKind::Complete,
        Phase::ResultsReleased => StepKind::OpenStage,
        Phase::NotCreated | Phase::InReview | Phase::Completed => return Vec::new(),
    };
    let possible = competition.handle(kind.command(now)).map(|_| ());
    vec![Step { kind, possible }]
}

/// The reminders staff could ask for in this phase, each with the competition's answer at
/// `now`.
pub fn reminders(
    competition: &Competition,
    now: DateTime<Utc>,
) -> Vec<(ReminderKind, Result<(), CompetitionError>)> {
    let kind = match competition.phase {
        Phase::StageOpen => ReminderKind::Drafts,
        Phase::InReview => ReminderKind::Reviews,
        _ => return Vec::new(),
    };
    let answer = competition
        .handle(CompetitionCommand::SendReminders { kind, now })
        .map(|_| ());
    vec![(kind, answer)]
}

/// Why no step is offered, for the phases that have none.
pub fn waiting(competition: &Competition) -> Option<Waiting> {
    match competition.phase {
        Phase::InReview => Some(Waiting::Decisions),
        Phase::Completed => Some(Waiting::Nothing),
        _ => None,
    }
}

/// Whether consortia may start a new application now: only for the first stage, while it is
/// announced or open. Later stages belong to the applications shortlisted into them.
pub fn takes_new_applications(competition: &Competition, now: DateTime<Utc>) -> bool {
    competition.phase == Phase::Published
        || (competition.stage == 0 && competition.accepts_submissions(now))
}

/// Where one stage of the competition stands, as the public page names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageState {
    Upcoming,
    Current,
    Over,
}

pub fn stage_state(competition: &Competition, stage: usize) -> StageState {
    if !competition.opened_any_stage || stage > competition.stage {
        StageState::Upcoming
    } else if stage < competition.stage || competition.phase == Phase::Completed {
        StageState::Over
    } else {
        StageState::Current
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::domain::aggregate::testing::given;
    use crate::domain::competition::CompetitionEvent as E;
    use crate::domain::ids::CompetitionId;
    use crate::domain::presets::Preset;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
    }

    fn open() -> (Vec<E>, DateTime<Utc>) {
        let setup = Preset::Spitzencluster.setup(t0());
        let deadline = setup.stages[0].submission_deadline;
        let events = vec![
            E::CompetitionDrafted {
                competition_id: CompetitionId::from_uuid(uuid::Uuid::from_u128(1)),
                setup,
                at: t0(),
            },
            E::CompetitionPublished { at: t0() },
            E::StageOpened {
                stage: 0,
                deadline,
                at: t0(),
            },
        ];
        (events, deadline)
    }

    #[test]
    fn closing_is_offered_as_possible_only_from_the_deadline_on() {
        let (events, deadline) = open();
        let state = given::<Competition>(events);
        let before = next_steps(state.state(), deadline - Duration::minutes(1));
        assert_eq!(
            before,
            vec![Step {
                kind: StepKind::Close,
                possible: Err(CompetitionError::DeadlineNotReached { deadline }),
            }]
        );
        let at = next_steps(state.state(), deadline);
        assert_eq!(at[0].possible, Ok(()));
        assert_eq!(
            state.state().extendable(deadline - Duration::minutes(1)),
            Ok(deadline)
        );
        assert_eq!(
            state.state().extendable(deadline),
            Err(CompetitionError::DeadlinePassed { deadline })
        );
        assert_eq!(
            reminders(state.state(), deadline),
            vec![(
                ReminderKind::Drafts,
                Err(CompetitionError::RemindersNotPossible {
                    kind: ReminderKind::Drafts
                })
            )]
        );
    }

    #[test]
    fn a_completed_competition_has_no_step_and_says_so() {
        let (mut events, deadline) = open();
        let after = deadline + Duration::hours(1);
        events.extend([
            E::StageClosed {
                stage: 0,
                at: after,
            },
            E::ReviewStarted {
                stage: 0,
                at: after,
            },
        ]);
        let in_review = given::<Competition>(events.clone());
        assert!(next_steps(in_review.state(), after).is_empty());
        assert_eq!(waiting(in_review.state()), Some(Waiting::Decisions));
        events.extend([
            E::ResultsDecided {
                stage: 0,
                at: after,
            },
            E::ResultsReleased {
                stage: 0,
                at: after,
            },
            E::StageOpened {
                stage: 1,
                deadline: after + Duration::days(200),
                at: after,
            },
            E::StageClosed {
                stage: 1,
                at: after,
            },
            E::ReviewStarted {
                stage: 1,
                at: after,
            },
            E::ResultsDecided {
                stage: 1,
                at: after,
            },
            E::ResultsReleased {
                stage: 1,
                at: after,
            },
        ]);
        let released = given::<Competition>(events.clone());
        assert_eq!(
            next_steps(released.state(), after)[0].kind,
            StepKind::Complete
        );
        events.push(E::CompetitionCompleted { at: after });
        assert_eq!(stage_state(released.state(), 0), StageState::Over);
        assert_eq!(stage_state(released.state(), 1), StageState::Current);
        let completed = given::<Competition>(events);
        assert_eq!(stage_state(completed.state(), 1), StageState::Over);
        assert!(next_steps(completed.state(), after).is_empty());
        assert_eq!(waiting(completed.state()), Some(Waiting::Nothing));
    }

    #[test]
    fn new_applications_are_taken_only_for_the_first_stage() {
        let (mut events, deadline) = open();
        let state = given::<Competition>(events.clone());
        assert_eq!(stage_state(state.state(), 0), StageState::Current);
        assert_eq!(stage_state(state.state(), 1), StageState::Upcoming);
        assert!(takes_new_applications(state.state(), t0()));
        assert!(!takes_new_applications(state.state(), deadline));
        let after = deadline + Duration::hours(1);
        events.extend([
            E::StageClosed {
                stage: 0,
                at: after,
            },
            E::ReviewStarted {
                stage: 0,
                at: after,
            },
            E::ResultsDecided {
                stage: 0,
                at: after,
            },
            E::ResultsReleased {
                stage: 0,
                at: after,
            },
            E::StageOpened {
                stage: 1,
                deadline: after + Duration::days(200),
                at: after,
            },
        ]);
        let full_proposal = given::<Competition>(events);
        assert!(full_proposal.state().accepts_submissions(after));
        assert!(!takes_new_applications(full_proposal.state(), after));
    }
}
