//! The consensus report: staff name a rapporteur and close; the rapporteur drafts; the other
//! jurors answer. Who the application's jurors are and whether each one's review is submitted
//! are read from the jury and the reviews as they are now, and the append is refused if any of
//! them moved in between (then it is decided again). The consensus stream itself must still be
//! at the revision the page showed (`seen`), so that a concurrent change gives a conflict and
//! the form keeps its input.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::Context;
use crate::app::{Actor, ExecuteError, Executed, Facts, Seen, execute_deciding, stream_of};
use crate::domain::competition::Competition;
use crate::domain::consensus::{
    Consensus, ConsensusCommand, ConsensusContext, ConsensusError, ConsensusKey, eligible_jurors,
};
use crate::domain::ids::{CompetitionId, JurorId};
use crate::domain::jury::Jury;
use crate::domain::review::{CriterionScore, Review, ReviewKey};

/// What is asked of the consensus.
#[derive(Debug, Clone)]
pub enum Step {
    Name(JurorId),
    Draft {
        juror: JurorId,
        criteria: Vec<CriterionScore>,
        overall_comment: String,
    },
    Agree(JurorId),
    Object {
        juror: JurorId,
        reason: String,
    },
    Close,
}

pub async fn run(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    key: ConsensusKey,
    step: Step,
    seen: Seen,
    now: DateTime<Utc>,
) -> Result<Executed<Consensus>, ExecuteError<ConsensusError>> {
    execute_deciding::<Consensus>(
        context.store,
        context.facts,
        &stream_of::<Consensus>(&key),
        seen,
        actor,
        |_, facts| {
            let context = read_context(facts, competition, key)?;
            Ok(command(key, step.clone(), context, now))
        },
    )
    .await
}

/// The competition, the jury and the reviews of the application's eligible jurors.
fn read_context(
    facts: &mut Facts<'_>,
    competition: CompetitionId,
    key: ConsensusKey,
) -> Result<ConsensusContext, ExecuteError<ConsensusError>> {
    let round: Arc<Competition> = facts.load(&stream_of::<Competition>(&competition))?;
    let jury: Arc<Jury> = facts.load(&stream_of::<Jury>(&competition))?;
    let mut submitted = BTreeSet::new();
    for juror in eligible_jurors(&jury, key) {
        let review: Arc<Review> = facts.load(&stream_of::<Review>(&ReviewKey {
            application: key.application,
            stage: key.stage,
            juror,
        }))?;
        if review.submitted_at.is_some() {
            submitted.insert(juror);
        }
    }
    Ok(ConsensusContext::of(&round, &jury, key, |j| {
        submitted.contains(&j)
    }))
}

fn command(
    key: ConsensusKey,
    step: Step,
    context: ConsensusContext,
    now: DateTime<Utc>,
) -> ConsensusCommand {
    match step {
        Step::Name(juror) => ConsensusCommand::Name {
            key,
            juror,
            context,
            now,
        },
        Step::Draft {
            juror,
            criteria,
            overall_comment,
        } => ConsensusCommand::Draft {
            key,
            juror,
            criteria,
            overall_comment,
            context,
            now,
        },
        Step::Agree(juror) => ConsensusCommand::Agree {
            key,
            juror,
            context,
            now,
        },
        Step::Object { juror, reason } => ConsensusCommand::Object {
            key,
            juror,
            reason,
            context,
            now,
        },
        Step::Close => ConsensusCommand::Close { key, context, now },
    }
}
