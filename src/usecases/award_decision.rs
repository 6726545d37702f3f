//! Staff decide on an application (shortlist, fund, reserve list, not going on), or move the
//! first waiting up from the reserve list. Whether the application is in review in the
//! current stage, and what it requested, are read from its own stream as it is now, and the
//! competition's append is refused if that stream moved in between (an application withdrawn
//! at the same moment): the decision is then taken again on what is there now, and refused if
//! the application is no longer in review.

use chrono::{DateTime, Utc};

use super::Context;
use crate::app::{Actor, ExecuteError, Executed, Seen, execute_deciding, stream_of};
use crate::domain::application::Application;
use crate::domain::competition::{Competition, CompetitionCommand, CompetitionError, Outcome};
use crate::domain::ids::{ApplicationId, CompetitionId};

pub async fn decide(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    on_application(context, actor, competition, application, |candidate| {
        CompetitionCommand::Decide {
            candidate,
            outcome,
            now,
        }
    })
    .await
}

/// The first waiting on the reserve list moves up into an award given up.
pub async fn move_up(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    on_application(context, actor, competition, application, |candidate| {
        CompetitionCommand::MoveUp { candidate, now }
    })
    .await
}

/// A competition command about one application, built from the application as it is now.
async fn on_application(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    command: impl Fn(crate::domain::competition::Candidate) -> CompetitionCommand,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    execute_deciding::<Competition>(
        context.store,
        context.facts,
        &stream_of::<Competition>(&competition),
        // No form shows the competition's revision: a decision on another application in
        // between changes nothing this one relies on, beyond what the decision checks anew.
        Seen::Latest,
        actor,
        |round, facts| {
            let submitted: Application = facts.load(&stream_of::<Application>(&application))?;
            Ok(command(submitted.as_candidate(application, round)))
        },
    )
    .await
}
