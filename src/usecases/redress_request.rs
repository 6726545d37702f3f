//! A consortium asks for a review of the procedure after a stage's result; staff answer. Whether
//! the window is open and the application had a result in the stage are read from the
//! competition as it is now, and the request's append is refused if the competition moved in
//! between (then it is decided again).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::Context;
use crate::app::{Actor, ExecuteError, Executed, Seen, execute_deciding, stream_of};
use crate::domain::competition::Competition;
use crate::domain::ids::CompetitionId;
use crate::domain::redress::{
    Redress, RedressCommand, RedressContext, RedressError, RedressKey, RedressOutcome,
};

pub async fn request(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    key: RedressKey,
    grounds: String,
    now: DateTime<Utc>,
) -> Result<Executed<Redress>, ExecuteError<RedressError>> {
    execute_deciding::<Redress>(
        context.store,
        context.facts,
        &stream_of::<Redress>(&key),
        Seen::Latest,
        actor,
        |_, facts| {
            let round: Arc<Competition> = facts.load(&stream_of::<Competition>(&competition))?;
            Ok(RedressCommand::Request {
                key,
                grounds: grounds.clone(),
                context: RedressContext::of(&round, key),
                now,
            })
        },
    )
    .await
}

/// Staff's answer, on the request as their page showed it (`seen`).
pub async fn answer(
    context: Context<'_>,
    actor: &Actor,
    key: RedressKey,
    outcome: RedressOutcome,
    reason: String,
    seen: Seen,
    now: DateTime<Utc>,
) -> Result<Executed<Redress>, ExecuteError<RedressError>> {
    execute_deciding::<Redress>(
        context.store,
        context.facts,
        &stream_of::<Redress>(&key),
        seen,
        actor,
        |_, _| {
            Ok(RedressCommand::Answer {
                key,
                outcome,
                reason: reason.clone(),
                now,
            })
        },
    )
    .await
}
