//! A consortium submits its application, or withdraws it before the deadline. Whether the stage
//! is open, until when, and under which eligibility rules are read from the competition's
//! stream as it is now, and the application's append is refused if the competition moved in
//! between (its deadline shortened or the stage closed at the same moment): the command is
//! then decided again on what is there now. Corrections asked for in the formal check are
//! handed in the same way.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::Context;
use crate::app::{
    Actor, ExecuteError, Executed, Facts, Held, Seen, execute_deciding_from, stream_of,
};
use crate::domain::application::{
    Application, ApplicationCommand, ApplicationError, SubmissionWindow,
};
use crate::domain::competition::Competition;
use crate::domain::ids::ApplicationId;

/// What the consortium does with its application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Submit,
    Withdraw,
    /// Hands in the corrections a request asked for (`formal_check.rs`).
    HandInCorrections,
}

/// The submission, decided on `held` (the read model's copy of the application) where one is
/// given, and on the stream as it is when that copy is behind it.
pub async fn submit(
    context: Context<'_>,
    actor: &Actor,
    application: ApplicationId,
    held: Option<Held<Application>>,
    now: DateTime<Utc>,
) -> Result<Executed<Application>, ExecuteError<ApplicationError>> {
    run(context, actor, application, Step::Submit, held, now).await
}

/// The corrections of an open request handed in, checked against the stage's form and rules
/// as the competition has them now.
pub async fn hand_in_corrections(
    context: Context<'_>,
    actor: &Actor,
    application: ApplicationId,
    now: DateTime<Utc>,
) -> Result<Executed<Application>, ExecuteError<ApplicationError>> {
    run(
        context,
        actor,
        application,
        Step::HandInCorrections,
        None,
        now,
    )
    .await
}

pub async fn withdraw(
    context: Context<'_>,
    actor: &Actor,
    application: ApplicationId,
    now: DateTime<Utc>,
) -> Result<Executed<Application>, ExecuteError<ApplicationError>> {
    run(context, actor, application, Step::Withdraw, None, now).await
}

async fn run(
    context: Context<'_>,
    actor: &Actor,
    application: ApplicationId,
    step: Step,
    held: Option<Held<Application>>,
    now: DateTime<Utc>,
) -> Result<Executed<Application>, ExecuteError<ApplicationError>> {
    execute_deciding_from::<Application>(
        context.store,
        context.facts,
        &stream_of::<Application>(&application),
        held,
        // No form carries the application's revision for these buttons.
        Seen::Latest,
        actor,
        |application, facts| command(application, facts, step, now),
    )
    .await
}

/// The decision: the application's command, with the competition as it is now.
pub fn command(
    application: &Application,
    facts: &mut Facts<'_>,
    step: Step,
    now: DateTime<Utc>,
) -> Result<ApplicationCommand, ExecuteError<ApplicationError>> {
    let (Some(competition), Some(stage)) = (application.competition_id, application.status.stage())
    else {
        return Err(ExecuteError::Refused(ApplicationError::NotFound));
    };
    let round: Arc<Competition> = facts.load(&stream_of::<Competition>(&competition))?;
    let window = SubmissionWindow::of(&round, stage)
        .ok_or(ExecuteError::Refused(ApplicationError::NotFound))?;
    Ok(match step {
        Step::Submit => ApplicationCommand::Submit { window, now },
        Step::Withdraw => ApplicationCommand::Withdraw {
            deadline: window.deadline,
            now,
        },
        Step::HandInCorrections => ApplicationCommand::SubmitCorrections {
            rules: window.rules,
            form: window.form,
            now,
        },
    })
}
