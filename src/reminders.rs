//! Reminders are due at a time, not after an event. The scheduler records that they are due as
//! an event on the competition; the outbox turns that event into mail like any other, so every
//! reminder is traceable to its event and sent once per deadline. A request for corrections
//! in the formal check has its reminder recorded the same way, on the application.

use std::sync::Arc;
use std::time::Duration;

use tracing::Instrument;

use crate::app::{Actor, ExecuteError, execute, stream_of};
use crate::clock::Clock;
use crate::command_log::{self, logged};
use crate::domain::application::{Application, ApplicationCommand, ApplicationError};
use crate::domain::competition::{Competition, CompetitionCommand, CompetitionError};
use crate::domain::ids::CompetitionId;
use crate::event_store::{Direction, EventStore, ReadFrom, StoreError};

const INTERVAL: Duration = Duration::from_secs(60);

pub struct ReminderScheduler {
    pub store: EventStore,
    pub clock: Arc<dyn Clock>,
}

impl ReminderScheduler {
    /// Records every reminder that is due now; returns how many.
    pub async fn tick(&self) -> Result<usize, StoreError> {
        let drafted = self.store.read_event_type(
            "CompetitionDrafted",
            Direction::Forwards,
            ReadFrom::Start,
            usize::MAX,
        )?;
        let actor = Actor::new("reminder-scheduler", "system");
        let mut recorded = 0;
        for event in drafted {
            let Some(id) = event.data["competition_id"]
                .as_str()
                .and_then(CompetitionId::parse)
            else {
                continue;
            };
            let stream = stream_of::<Competition>(&id);
            let now = self.clock.now();
            for command in [
                CompetitionCommand::RemindDrafts { now },
                CompetitionCommand::RemindReviewers { now },
            ] {
                let executed = execute::<Competition>(&self.store, &stream, &actor, command).await;
                // Every competition is asked every minute, and "not due" is the usual answer:
                // logged, it would be two lines a minute for each competition.
                let executed = match executed {
                    Err(ExecuteError::Refused(CompetitionError::NoReminderDue)) => executed,
                    other => logged(&stream, other),
                };
                match executed {
                    Ok(_) => recorded += 1,
                    // Not due, or someone wrote meanwhile: the next tick looks again.
                    Err(ExecuteError::Refused(_) | ExecuteError::Conflict { .. }) => {}
                    Err(ExecuteError::Unreadable { reason, .. }) => {
                        tracing::error!(competition = %id, %reason, "competition unreadable; no reminders");
                    }
                    Err(ExecuteError::Store(e)) => return Err(e),
                }
            }
        }
        Ok(recorded + self.correction_reminders(&actor).await?)
    }

    /// The reminders of requests for corrections that are due: an application asked for
    /// corrections is asked whether its reminder is due (`formal_check.rs` says when).
    async fn correction_reminders(&self, actor: &Actor) -> Result<usize, StoreError> {
        let requested = self.store.read_event_type(
            "CorrectionsRequested",
            Direction::Forwards,
            ReadFrom::Start,
            usize::MAX,
        )?;
        let mut streams: Vec<_> = requested.into_iter().map(|e| e.stream).collect();
        streams.sort();
        streams.dedup();
        let mut recorded = 0;
        for stream in streams {
            let now = self.clock.now();
            let command = ApplicationCommand::RemindOfCorrections { now };
            let executed = execute::<Application>(&self.store, &stream, actor, command).await;
            let executed = match executed {
                Err(ExecuteError::Refused(ApplicationError::NoReminderDue)) => executed,
                other => logged(&stream, other),
            };
            match executed {
                Ok(_) => recorded += 1,
                Err(ExecuteError::Refused(_) | ExecuteError::Conflict { .. }) => {}
                Err(ExecuteError::Unreadable { reason, .. }) => {
                    tracing::error!(%stream, %reason, "application unreadable; no reminder");
                }
                Err(ExecuteError::Store(e)) => return Err(e),
            }
        }
        Ok(recorded)
    }

    pub async fn run(self) {
        loop {
            let ticked = self
                .tick()
                .instrument(command_log::process("reminders"))
                .await;
            if let Err(error) = ticked {
                tracing::error!(%error, "the reminder scheduler stopped");
                return;
            }
            tokio::time::sleep(INTERVAL).await;
        }
    }
}
