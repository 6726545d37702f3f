//! How events and stream heads are encoded in sled.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::StoreError;
use super::metadata::StreamMetadata;
use super::types::{EventId, Position, RecordedEvent, StreamName};

/// The stored form of an event; the position is its key. Short names keep records small.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredEvent {
    #[serde(rename = "s")]
    pub stream: StreamName,
    #[serde(rename = "r")]
    pub revision: u64,
    #[serde(rename = "i")]
    pub event_id: EventId,
    #[serde(rename = "t")]
    pub event_type: String,
    #[serde(rename = "d")]
    pub data: Value,
    #[serde(rename = "m")]
    pub metadata: Value,
    #[serde(rename = "c", with = "chrono::serde::ts_microseconds")]
    pub created: DateTime<Utc>,
}

impl StoredEvent {
    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a JSON value always serialises")
    }

    pub fn decode(position: u64, bytes: &[u8]) -> Result<RecordedEvent, StoreError> {
        let stored: StoredEvent =
            serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
                key: format!("event {position}"),
                reason: e.to_string(),
            })?;
        Ok(RecordedEvent {
            stream: stored.stream,
            revision: stored.revision,
            position: Position(position),
            event_id: stored.event_id,
            event_type: stored.event_type,
            data: stored.data,
            metadata: stored.metadata,
            created: stored.created,
        })
    }
}

/// What the store knows about a stream without reading its events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StreamHead {
    /// Last revision written; `None` while the stream has no events (it may have metadata).
    pub last: Option<u64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tombstoned: bool,
    /// Set by a soft delete: the last revision at the moment of deletion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_deleted_after: Option<u64>,
    #[serde(default, skip_serializing_if = "StreamMetadata::is_empty")]
    pub metadata: StreamMetadata,
}

impl StreamHead {
    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a stream head always serialises")
    }

    pub fn decode(stream: &str, bytes: &[u8]) -> Result<Self, StoreError> {
        serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
            key: format!("head of {stream}"),
            reason: e.to_string(),
        })
    }

    /// Soft-deleted and nothing appended since.
    pub fn reads_as_deleted(&self) -> bool {
        self.soft_deleted_after.is_some() && self.soft_deleted_after == self.last
    }

    /// The first revision a reader may see, after `$tb`, soft delete and `$maxCount`.
    pub fn first_visible(&self) -> u64 {
        let last = match self.last {
            Some(last) => last,
            None => return 0,
        };
        let mut first = self.metadata.truncate_before.unwrap_or(0);
        if self.metadata.is_soft_delete_marker() {
            first = 0;
        }
        if let Some(after) = self.soft_deleted_after {
            first = first.max(after + 1);
        }
        if let Some(max_count) = self.metadata.max_count {
            first = first.max((last + 1).saturating_sub(max_count));
        }
        first
    }
}
