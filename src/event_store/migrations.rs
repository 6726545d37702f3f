//! Declarative event-schema migrations (migrations/*.json), applied as upcasters on read.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::error::StoreError;
use super::types::{RecordedEvent, SCHEMA_VERSION_KEY};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[serde(deny_unknown_fields)]
pub enum Step {
    RenameEventType {
        from: String,
        to: String,
    },
    RenameField {
        event_type: String,
        from: String,
        to: String,
    },
    AddField {
        event_type: String,
        field: String,
        default: Value,
    },
    RemoveField {
        event_type: String,
        field: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MigrationFile {
    description: String,
    steps: Vec<Step>,
}

#[derive(Debug, Clone)]
pub struct Migration {
    pub version: u64,
    pub name: String,
    pub description: String,
    pub steps: Vec<Step>,
}

/// The ordered migrations a binary knows; the last one's number is its schema version.
#[derive(Debug, Clone, Default)]
pub struct Migrations {
    list: Vec<Migration>,
}

impl Migrations {
    /// The migrations compiled into this binary from migrations/.
    pub fn embedded() -> Result<Self, StoreError> {
        Self::from_files(
            embedded::EMBEDDED
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string())),
        )
    }

    pub fn from_dir(dir: &Path) -> Result<Self, StoreError> {
        let fail = |e: std::io::Error| StoreError::Migrations(format!("{}: {e}", dir.display()));
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(fail)? {
            let path = entry.map_err(fail)?.path();
            if path.extension().is_some_and(|ext| ext == "json") {
                let text = std::fs::read_to_string(&path).map_err(fail)?;
                let name = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                files.push((name, text));
            }
        }
        Self::from_files(files)
    }

    pub fn from_files(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, StoreError> {
        let mut list = Vec::new();
        for (name, text) in files {
            let version = name
                .split('_')
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .ok_or_else(|| {
                    StoreError::Migrations(format!("{name}: the name must start with its number"))
                })?;
            let file: MigrationFile = serde_json::from_str(&text)
                .map_err(|e| StoreError::Migrations(format!("{name}: {e}")))?;
            list.push(Migration {
                version,
                name,
                description: file.description,
                steps: file.steps,
            });
        }
        list.sort_by_key(|m| m.version);
        for (i, migration) in list.iter().enumerate() {
            if migration.version != i as u64 + 1 {
                return Err(StoreError::Migrations(format!(
                    "{} should be number {}: numbers start at 1 and have no gaps",
                    migration.name,
                    i + 1
                )));
            }
        }
        Ok(Self { list })
    }

    /// The schema version new events are written in.
    pub fn latest(&self) -> u64 {
        self.list.len() as u64
    }

    pub fn list(&self) -> &[Migration] {
        &self.list
    }

    /// Brings an event written in an older schema to the latest one.
    pub fn upcast(&self, event: &mut RecordedEvent) {
        let written_in = event
            .metadata
            .get(SCHEMA_VERSION_KEY)
            .and_then(Value::as_u64)
            .unwrap_or(0);
        if written_in >= self.latest() {
            return;
        }
        for migration in &self.list[written_in as usize..] {
            for step in &migration.steps {
                apply(step, event);
            }
        }
        if let Value::Object(metadata) = &mut event.metadata {
            metadata.insert(SCHEMA_VERSION_KEY.into(), Value::from(self.latest()));
        }
    }
}

fn apply(step: &Step, event: &mut RecordedEvent) {
    match step {
        Step::RenameEventType { from, to } if event.event_type == *from => {
            event.event_type = to.clone();
        }
        Step::RenameField {
            event_type,
            from,
            to,
        } if event.event_type == *event_type => {
            if let Some(fields) = event.data.as_object_mut()
                && let Some(value) = fields.remove(from)
            {
                fields.insert(to.clone(), value);
            }
        }
        Step::AddField {
            event_type,
            field,
            default,
        } if event.event_type == *event_type => {
            if let Some(fields) = event.data.as_object_mut() {
                fields
                    .entry(field.clone())
                    .or_insert_with(|| default.clone());
            }
        }
        Step::RemoveField { event_type, field } if event.event_type == *event_type => {
            if let Some(fields) = event.data.as_object_mut() {
                fields.remove(field);
            }
        }
        _ => {}
    }
}
