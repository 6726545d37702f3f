//! An application's history, as its audit and status pages show it: read from its stream when a
//! page asks, not held in memory for every application.

use chrono::{DateTime, Utc};

use crate::app::stream_of;
use crate::domain::application::Application;
use crate::domain::ids::ApplicationId;
use crate::event_store::{Direction, EventStore, Position, ReadError, ReadFrom, StoreError};

/// One line of an application's history.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    pub position: Position,
    pub at: DateTime<Utc>,
    /// When it happened by the service's clock (the event's own `at`): the time the results
    /// from the competition's stream carry too, so the history can be ordered by one clock.
    pub occurred: DateTime<Utc>,
    pub event_type: String,
    /// The account id (or "system") that caused it.
    pub actor: String,
}

/// Every event of the application's stream, oldest first; none for an unknown application.
pub fn timeline(store: &EventStore, id: ApplicationId) -> Result<Vec<TimelineEntry>, StoreError> {
    let events = match store.read_stream(
        &stream_of::<Application>(&id),
        Direction::Forwards,
        ReadFrom::Start,
        usize::MAX,
    ) {
        Ok(events) => events,
        Err(ReadError::StreamNotFound(_) | ReadError::StreamDeleted(_)) => Vec::new(),
        Err(ReadError::Store(error)) => return Err(error),
    };
    Ok(events
        .into_iter()
        .map(|event| TimelineEntry {
            position: event.position,
            at: event.created,
            occurred: serde_json::from_value(event.data["at"].clone()).unwrap_or(event.created),
            actor: event.metadata["actor"]
                .as_str()
                .unwrap_or("system")
                .to_owned(),
            event_type: event.event_type,
        })
        .collect())
}
