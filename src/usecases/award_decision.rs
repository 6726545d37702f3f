//! Staff decide on an application (shortlist, fund, reserve list, not going on), or move the
//! first waiting up from the reserve list. Whether the application is in review in the
//! current stage, and what it requested, are read from its own stream as it is now, and the
//! competition's append is refused if that stream moved in between (an application withdrawn
//! at the same moment): the decision is then taken again on what is there now, and refused if
//! the application is no longer in review.
//!
//! Finalising the stage reads every application of the competition the same way: those in
//! review without a decision are recorded as not going on, and one withdrawn or formally
//! rejected at the same moment is not. A consortium giving up its award is written to the
//! competition its application's own stream names.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Context, KnownApplication, load_applications};
use crate::app::{
    Actor, ExecuteError, Executed, Facts, MAX_ATTEMPTS, Seen, back_off, execute_deciding,
    execute_deciding_off_worker, still_as_confirmed, stream_of,
};
use crate::domain::application::Application;
use crate::domain::budget::PerYear;
use crate::domain::competition::{
    Competition, CompetitionCommand, CompetitionError, CompetitionEvent, Outcome,
};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::meeting::{JuryMeeting, MeetingKey};
use crate::domain::money::Cents;
use crate::event_store::{ActualRevision, StreamName};

/// What staff do about the application.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Decide(Outcome),
    /// An award with its amounts per budget year as staff set them (`None`: as the plan
    /// requests them).
    Award {
        amount: Cents,
        years: Option<PerYear>,
    },
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
    let step = Step::Decide(outcome);
    run(context, actor, competition, application, step, "", now).await
}

/// A decision with the reason staff give for departing from the jury's recommendation (only
/// recorded, and only needed, where it departs).
pub async fn decide_with_reason(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    step: Step,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    run(context, actor, competition, application, step, reason, now).await
}

/// An award with its amounts per budget year.
pub async fn award(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    amount: Cents,
    years: Option<PerYear>,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    let step = Step::Award { amount, years };
    run(context, actor, competition, application, step, "", now).await
}

pub async fn move_up(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    run(
        context,
        actor,
        competition,
        application,
        Step::MoveUp,
        "",
        now,
    )
    .await
}

async fn run(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    step: Step,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    // No form shows the competition's revision: a decision on another application in
    // between changes nothing this one relies on, beyond what the decision checks anew.
    let seen = None;
    decide_at(
        context,
        actor,
        competition,
        application,
        step,
        reason,
        seen,
        now,
    )
    .await
}

/// Like [`decide_with_reason`], only while the competition's stream is at `seen` (an API call's
/// `If-Match`; `None` for `*`): anything recorded on the competition in between is a conflict.
#[allow(clippy::too_many_arguments)]
pub async fn decide_at(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    step: Step,
    reason: &str,
    seen: Option<u64>,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    let seen = seen.map_or(Seen::Latest, |seen| Seen::At(Some(seen)));
    execute_deciding::<Competition>(
        context.store,
        context.facts,
        &stream_of::<Competition>(&competition),
        seen,
        actor,
        |round, facts| {
            let decision = command(round, facts, application, step.clone(), now)?;
            justified(round, facts, application, decision, reason)
        },
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
        Step::Award { amount, years } => CompetitionCommand::Award {
            candidate,
            amount,
            years,
            now,
        },
        Step::MoveUp => CompetitionCommand::MoveUp { candidate, now },
    })
}

/// The decision with the jury's recommendation for the application in the current stage, if
/// its meeting recorded one: the read of the meeting guards the append like every other.
fn justified(
    round: &Competition,
    facts: &mut Facts<'_>,
    application: ApplicationId,
    decision: CompetitionCommand,
    reason: &str,
) -> Result<CompetitionCommand, ExecuteError<CompetitionError>> {
    if matches!(decision, CompetitionCommand::MoveUp { .. }) {
        return Ok(decision);
    }
    let Some(competition) = round.id else {
        return Ok(decision);
    };
    let key = MeetingKey {
        competition,
        stage: round.stage,
    };
    let meeting: Arc<JuryMeeting> = facts.load(&stream_of::<JuryMeeting>(&key))?;
    Ok(match meeting.recommendation(application) {
        Some(recommended) => CompetitionCommand::Justified {
            decision: Box::new(decision),
            recommended: *recommended,
            reason: reason.to_owned(),
        },
        None => decision,
    })
}

/// Ends deciding in the current stage: every application of `applications` (the
/// competition's) in review in it without a decision is recorded as not going on. `confirmed`
/// is the competition's revision the confirmation page showed (`Seen::At`): events since that
/// leave every decision as it was (a reminder sent) let it go on, any other is a conflict.
/// Reading every application takes a while: on the blocking pool.
pub async fn finalise(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    applications: Vec<KnownApplication>,
    confirmed: Seen,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    let stream = stream_of::<Competition>(&competition);
    let mut attempt = 0;
    loop {
        attempt += 1;
        // The decision is taken on the competition as it is now, if that is still what was
        // confirmed; if it moves before the append, it is checked again.
        let seen = match confirmed {
            Seen::Latest => Seen::Latest,
            Seen::At(seen) => {
                let now = revision(context, &stream)?;
                still_as_confirmed::<Competition>(
                    context.store,
                    &stream,
                    seen,
                    now,
                    CompetitionEvent::leaves_outcomes_as_they_were,
                )?;
                Seen::At(now)
            }
        };
        let applications = applications.clone();
        let finalised = execute_deciding_off_worker::<Competition, _>(
            context.store,
            context.facts,
            &stream,
            seen,
            actor,
            move |round, facts| finalise_command(round, facts, &applications, now),
        )
        .await;
        match finalised {
            Err(ExecuteError::Conflict { .. })
                if seen != Seen::Latest && attempt < MAX_ATTEMPTS =>
            {
                back_off(attempt).await
            }
            other => return other,
        }
    }
}

fn revision(
    context: Context<'_>,
    stream: &StreamName,
) -> Result<Option<u64>, ExecuteError<CompetitionError>> {
    Ok(match context.store.stream_revision(stream)? {
        ActualRevision::Revision(revision) => Some(revision),
        ActualRevision::NoStream | ActualRevision::SoftDeleted(_) => None,
    })
}

/// The decision: finalising, with the applications in review as they are now.
pub fn finalise_command(
    round: &Competition,
    facts: &mut Facts<'_>,
    applications: &[KnownApplication],
    now: DateTime<Utc>,
) -> Result<CompetitionCommand, ExecuteError<CompetitionError>> {
    let read = load_applications(facts, applications)?;
    let entries = Application::in_review(round, read.iter().map(|(id, a)| (*id, &**a)))
        .map(|(id, _)| id)
        .collect();
    Ok(CompetitionCommand::FinaliseResults { entries, now })
}

/// The consortium gives up the award of its application in `competition` (the one its
/// application belongs to).
pub async fn decline(
    context: Context<'_>,
    actor: &Actor,
    competition: CompetitionId,
    application: ApplicationId,
    now: DateTime<Utc>,
) -> Result<Executed<Competition>, ExecuteError<CompetitionError>> {
    execute_deciding::<Competition>(
        context.store,
        context.facts,
        &stream_of::<Competition>(&competition),
        Seen::Latest,
        actor,
        |round, facts| decline_command(round, facts, application, now),
    )
    .await
}

/// The decision: giving up the award, if the application's own stream, as it is now, places
/// it in this competition (an award of another competition is none of its business).
pub fn decline_command(
    round: &Competition,
    facts: &mut Facts<'_>,
    application: ApplicationId,
    now: DateTime<Utc>,
) -> Result<CompetitionCommand, ExecuteError<CompetitionError>> {
    let submitted: Arc<Application> = facts.load(&stream_of::<Application>(&application))?;
    if submitted.competition_id.is_none() || submitted.competition_id != round.id {
        return Err(ExecuteError::Refused(CompetitionError::NoAward));
    }
    Ok(CompetitionCommand::DeclineAward {
        application_id: application,
        now,
    })
}
