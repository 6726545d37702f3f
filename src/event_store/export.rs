//! The JSON-lines export format: one event per line in `$all` order, with the field names
//! EventStoreDB's own JSON uses, so the log can be replayed into KurrentDB.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::types::RecordedEvent;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedEvent {
    pub stream: String,
    pub revision: u64,
    pub position: u64,
    pub event_id: Uuid,
    pub event_type: String,
    pub data: Value,
    pub metadata: Value,
    pub created: DateTime<Utc>,
}

impl From<RecordedEvent> for ExportedEvent {
    fn from(event: RecordedEvent) -> Self {
        Self {
            stream: event.stream.into(),
            revision: event.revision,
            position: event.position.0,
            event_id: event.event_id.as_uuid(),
            event_type: event.event_type,
            data: event.data,
            metadata: event.metadata,
            created: event.created,
        }
    }
}
