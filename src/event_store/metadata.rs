//! Stream metadata, kept in `$${stream}` as `$metadata` events, as EventStoreDB does.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `$tb` value that EventStoreDB writes for a soft delete (`long.MaxValue`).
pub const SOFT_DELETE_MARKER: u64 = i64::MAX as u64;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StreamMetadata {
    /// Only the last N events of the stream can be read.
    #[serde(rename = "$maxCount", default, skip_serializing_if = "Option::is_none")]
    pub max_count: Option<u64>,
    /// Events older than this many seconds cannot be read.
    #[serde(rename = "$maxAge", default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u64>,
    /// Events before this revision cannot be read.
    #[serde(rename = "$tb", default, skip_serializing_if = "Option::is_none")]
    pub truncate_before: Option<u64>,
    /// Anything else the writer keeps with the stream.
    #[serde(flatten)]
    pub custom: Map<String, Value>,
}

impl StreamMetadata {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    pub fn is_soft_delete_marker(&self) -> bool {
        self.truncate_before == Some(SOFT_DELETE_MARKER)
    }

    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).expect("metadata always serialises")
    }

    pub fn from_json(value: &Value) -> Result<Self, String> {
        serde_json::from_value(value.clone()).map_err(|e| format!("invalid stream metadata: {e}"))
    }
}
