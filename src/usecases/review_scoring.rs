//! A juror saves or submits a review. Whether the review is open (the competition), and whether
//! the juror is assigned and free of conflict (the jury), are read from those two streams as
//! they are now, and the review's append is refused if either moved in between: then the
//! save is decided again on what is there now. The juror's own review stream must still be at
//! the revision their form was made from; otherwise a conflict, so that the page can keep
//! their input (409). Staff reopening a submitted review read the competition the same way.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::Context;
use crate::app::{Actor, ExecuteError, Executed, Facts, Seen, execute_deciding, stream_of};
use crate::domain::competition::Competition;
use crate::domain::ids::CompetitionId;
use crate::domain::jury::Jury;
use crate::domain::review::{Review, ReviewCommand, ReviewContext, ReviewError, ReviewKey, Scores};

/// What the juror sent.
#[derive(Debug, Clone)]
pub struct Scoring {
    pub competition: CompetitionId,
    pub key: ReviewKey,
    pub scores: Scores,
    /// Submit (final), or save as a draft.
    pub submit: bool,
    /// The review's revision the form was made from (`Seen::At`), or `Seen::Latest`.
    pub seen: Seen,
    pub now: DateTime<Utc>,
}

pub async fn score(
    context: Context<'_>,
    actor: &Actor,
    scoring: Scoring,
) -> Result<Executed<Review>, ExecuteError<ReviewError>> {
    execute_deciding::<Review>(
        context.store,
        context.facts,
        &stream_of::<Review>(&scoring.key),
        scoring.seen,
        actor,
        |_, facts| command(facts, &scoring),
    )
    .await
}

/// The decision: the review's command, with its context read from the competition and the
/// jury as they are now.
pub fn command(
    facts: &mut Facts<'_>,
    scoring: &Scoring,
) -> Result<ReviewCommand, ExecuteError<ReviewError>> {
    let Scoring {
        competition,
        key,
        ref scores,
        submit,
        now,
        ..
    } = *scoring;
    let round: Arc<Competition> = facts.load(&stream_of::<Competition>(&competition))?;
    let jury: Arc<Jury> = facts.load(&stream_of::<Jury>(&competition))?;
    let context = ReviewContext::of(&round, &jury, key, now);
    let scores = scores.clone();
    Ok(if submit {
        ReviewCommand::Submit {
            key,
            scores,
            context,
            now,
        }
    } else {
        ReviewCommand::Save {
            key,
            scores,
            context,
            now,
        }
    })
}

/// Staff give a submitted review back to its juror: whether the juror can still revise it (the
/// stage still in review) is read from the competition as it is now. `seen` is the review's
/// revision the staff page showed.
pub async fn reopen(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    key: ReviewKey,
    reason: String,
    seen: Seen,
    now: DateTime<Utc>,
) -> Result<Executed<Review>, ExecuteError<ReviewError>> {
    execute_deciding::<Review>(
        context.store,
        context.facts,
        &stream_of::<Review>(&key),
        seen,
        actor,
        |_, facts| {
            let round: Arc<Competition> = facts.load(&stream_of::<Competition>(&competition))?;
            Ok(ReviewCommand::Reopen {
                key,
                reason: reason.clone(),
                open: round.review_open(key.stage, now),
                now,
            })
        },
    )
    .await
}
