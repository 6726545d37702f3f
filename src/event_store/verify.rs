//! `wettbewerb verify`: checks that positions, revisions, indexes and ids agree.

use std::collections::HashMap;

use super::error::StoreError;
use super::keys;
use super::record::{StoredEvent, StreamHead};
use super::store::EventStore;
use super::types::STREAM_DELETED_TYPE;
use super::writer::IdEntry;

/// Problems beyond this many are counted, not listed.
const MAX_LISTED: usize = 100;

#[derive(Debug, Default)]
pub struct VerifyReport {
    pub events: u64,
    pub streams: u64,
    pub problems: Vec<String>,
    pub unlisted_problems: u64,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    fn problem(&mut self, text: String) {
        if self.problems.len() < MAX_LISTED {
            self.problems.push(text);
        } else {
            self.unlisted_problems += 1;
        }
    }
}

struct StreamSeen {
    next_revision: u64,
    tombstoned: bool,
}

impl EventStore {
    /// Reads the whole log and its indexes; `progress` is told each event's position.
    pub fn verify(&self, mut progress: impl FnMut(u64)) -> Result<VerifyReport, StoreError> {
        let db = self.db();
        let mut report = VerifyReport::default();
        let mut streams: HashMap<String, StreamSeen> = HashMap::new();
        let mut categorised = 0u64;

        for entry in db.scan_prefix([keys::EVENT]) {
            let (key, value) = entry?;
            let Some(position) = keys::trailing_number(&key).filter(|_| key.len() == 9) else {
                report.problem(format!("malformed event key {key:?}"));
                continue;
            };
            if position != report.events {
                report.problem(format!(
                    "position {} is missing: the next event has position {position}",
                    report.events
                ));
            }
            report.events = position + 1;
            progress(position);
            let event = match StoredEvent::decode(position, &value) {
                Ok(event) => event,
                Err(e) => {
                    report.problem(e.to_string());
                    continue;
                }
            };
            let name = event.stream.as_str();
            let seen = streams.entry(name.to_owned()).or_insert(StreamSeen {
                next_revision: 0,
                tombstoned: false,
            });
            if seen.tombstoned {
                report.problem(format!(
                    "{name} has an event after its tombstone at position {position}"
                ));
            }
            if event.revision != seen.next_revision {
                report.problem(format!(
                    "{name}: revision {} at position {position}, expected {}",
                    event.revision, seen.next_revision
                ));
            }
            seen.next_revision = event.revision + 1;
            seen.tombstoned = event.event_type == STREAM_DELETED_TYPE;

            match db.get(keys::stream_entry(name, event.revision))? {
                Some(v) if keys::number(&v) == Some(position) => {}
                _ => report.problem(format!(
                    "{name}: the stream index does not point revision {} to position {position}",
                    event.revision
                )),
            }
            match db.get(keys::event_id(&event.event_id.as_uuid()))? {
                Some(v) => match IdEntry::decode(&v) {
                    Some(entry) if entry.position == position => {}
                    Some(entry) => report.problem(format!(
                        "event id {} is used twice: positions {} and {position}",
                        event.event_id, entry.position
                    )),
                    None => report.problem(format!("malformed id entry for {}", event.event_id)),
                },
                None => report.problem(format!(
                    "event id {} at position {position} is missing from the id index",
                    event.event_id
                )),
            }
            if let Some(category) = event.stream.category() {
                categorised += 1;
                let key = keys::indexed(&keys::category_prefix(category), position);
                if !db.contains_key(key)? {
                    report.problem(format!("$ce-{category} lacks position {position}"));
                }
            }
            let key = keys::indexed(&keys::event_type_prefix(&event.event_type), position);
            if !db.contains_key(key)? {
                report.problem(format!(
                    "$et-{} lacks position {position}",
                    event.event_type
                ));
            }
        }
        if report.events != self.committed_count() {
            report.problem(format!(
                "the log holds {} events but the store counts {}",
                report.events,
                self.committed_count()
            ));
        }
        self.verify_counts(&mut report, categorised)?;
        self.verify_heads(&mut report, &streams)?;
        report.streams = streams.len() as u64;
        Ok(report)
    }

    fn verify_counts(&self, report: &mut VerifyReport, categorised: u64) -> Result<(), StoreError> {
        let db = self.db();
        let expected = [
            (keys::STREAM, report.events, "stream index"),
            (keys::EVENT_ID, report.events, "id index"),
            (keys::EVENT_TYPE, report.events, "$et index"),
            (keys::CATEGORY, categorised, "$ce index"),
        ];
        for (prefix, events, name) in expected {
            let entries = db.scan_prefix([prefix]).count() as u64;
            if entries != events {
                report.problem(format!(
                    "the {name} has {entries} entries for {events} events"
                ));
            }
        }
        Ok(())
    }

    fn verify_heads(
        &self,
        report: &mut VerifyReport,
        streams: &HashMap<String, StreamSeen>,
    ) -> Result<(), StoreError> {
        let mut heads_with_events = 0;
        for entry in self.db().scan_prefix([keys::HEAD]) {
            let (key, value) = entry?;
            let name = String::from_utf8_lossy(&key[1..]).into_owned();
            let head = match StreamHead::decode(&name, &value) {
                Ok(head) => head,
                Err(e) => {
                    report.problem(e.to_string());
                    continue;
                }
            };
            let seen = streams.get(&name);
            if seen.is_some() {
                heads_with_events += 1;
            }
            let last_seen = seen.map(|s| s.next_revision - 1);
            if head.last != last_seen {
                report.problem(format!(
                    "{name}: the head says last revision {:?}, the log {:?}",
                    head.last, last_seen
                ));
            }
            if head.tombstoned != seen.is_some_and(|s| s.tombstoned) {
                report.problem(format!(
                    "{name}: the head and the log disagree on its tombstone"
                ));
            }
        }
        if heads_with_events != streams.len() {
            report.problem(format!(
                "{} streams have events but no head",
                streams.len() - heads_with_events
            ));
        }
        Ok(())
    }
}
