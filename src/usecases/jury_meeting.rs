//! Staff run a stage's jury meeting: open it, record who is present, set the order of
//! discussion, record the jury's recommendation per application and close it. Whether the stage
//! is in review and the quorum come from the competition, the members and their conflicts from
//! the jury, what an application requested from its own stream, all as they are now; the
//! meeting's append is refused if any of them moved in between (then it is decided again). A
//! step taken on the meeting as a page showed it (`Seen::At`) is a conflict if the meeting
//! moved since, so that the page can keep the input (409).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::Context;
use crate::app::{Actor, ExecuteError, Executed, Facts, Seen, execute_deciding, stream_of};
use crate::domain::application::Application;
use crate::domain::competition::Competition;
use crate::domain::ids::{ApplicationId, JurorId};
use crate::domain::jury::Jury;
use crate::domain::meeting::{
    ItemContext, JuryMeeting, MeetingCommand, MeetingError, MeetingKey, StageContext, Vote,
};
use crate::domain::recommendation::Recommendation;

/// What staff do at the meeting.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Open {
        date: DateTime<Utc>,
    },
    Attendance {
        present: Vec<JurorId>,
    },
    Agenda {
        order: Vec<ApplicationId>,
    },
    Recommend {
        application: ApplicationId,
        recommendation: Recommendation,
        vote: Vote,
        note: String,
    },
    Close,
}

pub async fn act(
    context: Context<'_>,
    actor: &Actor,
    key: MeetingKey,
    step: Step,
    seen: Seen,
    now: DateTime<Utc>,
) -> Result<Executed<JuryMeeting>, ExecuteError<MeetingError>> {
    execute_deciding::<JuryMeeting>(
        context.store,
        context.facts,
        &stream_of::<JuryMeeting>(&key),
        seen,
        actor,
        |_, facts| command(facts, key, step.clone(), now),
    )
    .await
}

/// The decision: the meeting's command, with the stage and the application as they are now.
pub fn command(
    facts: &mut Facts<'_>,
    key: MeetingKey,
    step: Step,
    now: DateTime<Utc>,
) -> Result<MeetingCommand, ExecuteError<MeetingError>> {
    if step == Step::Close {
        return Ok(MeetingCommand::Close { now });
    }
    let round: Arc<Competition> = facts.load(&stream_of::<Competition>(&key.competition))?;
    let jury: Arc<Jury> = facts.load(&stream_of::<Jury>(&key.competition))?;
    let stage = StageContext::of(&round, &jury, key.stage);
    Ok(match step {
        Step::Open { date } => MeetingCommand::Open {
            key,
            date,
            stage,
            now,
        },
        Step::Attendance { present } => MeetingCommand::RecordAttendance {
            present,
            stage,
            now,
        },
        Step::Agenda { order } => MeetingCommand::SetAgenda { order, stage, now },
        Step::Recommend {
            application,
            recommendation,
            vote,
            note,
        } => {
            let submitted: Arc<Application> =
                facts.load(&stream_of::<Application>(&application))?;
            let candidate = submitted.as_candidate(application, &round);
            let item = ItemContext {
                application,
                in_review: candidate.in_review && round.stage == key.stage,
                requested: candidate.requested,
                conflicted: stage
                    .members
                    .iter()
                    .filter(|j| jury.is_conflicted(**j, application))
                    .copied()
                    .collect(),
            };
            MeetingCommand::Recommend {
                item,
                recommendation,
                vote,
                note,
                stage,
                now,
            }
        }
        Step::Close => MeetingCommand::Close { now },
    })
}
