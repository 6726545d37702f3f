//! Staff decide on an application (shortlist, fund, reserve list, not going on), or move the
//! first waiting up from the reserve list. Whether the application is in review in the
//! current stage, and what it requested, are read from its own stream as it is now, and the
//! competition's append is refused if that stream moved in between (an application withdrawn
//! at the same moment): the decision is then taken again on what is there now, and refused if
//! the application is no longer in review.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::Context;
use crate::app::{Actor, ExecuteError, Executed, Facts, Seen, execute_deciding, stream_of};
use crate::domain::application::Application;
use crate::domain::competition::{Competition, CompetitionCommand, CompetitionError, Outcome};
use crate::domain::ids::{ApplicationId, CompetitionId};

/// What staff do about the application.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    Decide(Outcome),
    /// The first waiting on the reserve list moves up into an award given up.
    MoveUp,
}

pub async fn decide(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    run(
        context,
        actor,
        competition,
        application,
        Step::Decide(outcome),
        now,
    )
    .await
}

pub async fn move_up(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    run(context, actor, competition, application, Step::MoveUp, now).await
}

async fn run(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    step: Step,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    execute_deciding::<Competition>(
        context.store,
        context.facts,
        &stream_of::<Competition>(&competition),
        // No form shows the competition's revision: a decision on another application in
        // between changes nothing this one relies on, beyond what the decision checks anew.
        Seen::Latest,
        actor,
        |round, facts| command(round, facts, application, step, now),
    )
    .await
}

/// The decision: the competition's command, with the application as it is now.
pub fn command(
    round: &Competition,
    facts: &mut Facts<'_>,
    application: ApplicationId,
    step: Step,
    now: DateTime<Utc>,
) -> Result<CompetitionCommand, ExecuteError<CompetitionError>> {
    let submitted: Arc<Application> = facts.load(&stream_of::<Application>(&application))?;
    let candidate = submitted.as_candidate(application, round);
    Ok(match step {
        Step::Decide(outcome) => CompetitionCommand::Decide {
            candidate,
            outcome,
            now,
        },
        Step::MoveUp => CompetitionCommand::MoveUp { candidate, now },
    })
}
