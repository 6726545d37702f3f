//! A stage opened after the first: every application shortlisted in the stage before starts
//! its proposal for the new one. A command that already happened (the application is in the
//! new stage already, or was withdrawn since) is left alone, so running this again after a
//! crash changes nothing.

use crate::app::{Actor, ExecuteError, decode, execute, load, stream_of};
use crate::command_log::logged;
use crate::domain::application::{Application, ApplicationCommand, Status};
use crate::domain::competition::{Competition, CompetitionEvent, Outcome};
use crate::domain::ids::ApplicationId;
use crate::event_store::{EventStore, RecordedEvent, StoreError};

/// How often a concurrent write to an application is met by trying again.
const ATTEMPTS: usize = 5;

/// Reacts to one event of the log; says whether it is one this process acts on.
pub async fn on_event(store: &EventStore, event: &RecordedEvent) -> Result<bool, StoreError> {
    if event.event_type != "StageOpened" || !event.stream.as_str().starts_with("competition-") {
        return Ok(false);
    }
    let Ok(CompetitionEvent::StageOpened { stage, at, .. }) = decode::<Competition>(event) else {
        return Ok(false);
    };
    if stage == 0 {
        return Ok(false);
    }
    let competition = match load::<Competition>(store, &event.stream) {
        Ok((competition, _)) => competition,
        Err(ExecuteError::Store(e)) => return Err(e),
        Err(error) => {
            tracing::error!(stream = %event.stream, %error, "the competition cannot be read");
            return Ok(true);
        }
    };
    let shortlisted: Vec<ApplicationId> = competition
        .decisions_in(stage - 1)
        .filter(|(_, outcome)| *outcome == Outcome::Shortlisted)
        .map(|(application, _)| application)
        .collect();
    // On behalf of whoever opened the stage, as when the request did this itself.
    let actor = Actor::new(
        event.metadata["actor"].as_str().unwrap_or("system"),
        event.metadata["role"].as_str().unwrap_or("system"),
    );
    for application in shortlisted {
        start(store, &actor, application, stage, at).await?;
    }
    Ok(true)
}

async fn start(
    store: &EventStore,
    actor: &Actor,
    application: ApplicationId,
    stage: usize,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), StoreError> {
    let stream = stream_of::<Application>(&application);
    for _ in 0..ATTEMPTS {
        match load::<Application>(store, &stream) {
            Ok((state, _)) if waiting_for(&state, stage) => {}
            // Started already, or withdrawn since: nothing to do.
            Ok(_) => return Ok(()),
            Err(ExecuteError::Store(e)) => return Err(e),
            Err(error) => {
                tracing::error!(%stream, %error, "the application cannot be read");
                return Ok(());
            }
        }
        let command = ApplicationCommand::StartNextStage { stage, now };
        match logged(
            &stream,
            execute::<Application>(store, &stream, actor, command).await,
        ) {
            Ok(_) => return Ok(()),
            Err(ExecuteError::Conflict { .. }) => continue,
            Err(ExecuteError::Store(e)) => return Err(e),
            Err(error) => {
                tracing::warn!(%stream, %error, "the next stage was not started");
                return Ok(());
            }
        }
    }
    tracing::warn!(%stream, "the next stage was not started: the application kept changing");
    Ok(())
}

/// Whether the application handed in the stage before and waits for this one.
fn waiting_for(application: &Application, stage: usize) -> bool {
    matches!(application.status, Status::Submitted { stage: previous } if previous + 1 == stage)
}
