//! The single writer: it owns position assignment and commits every append waiting for it in one
//! atomic sled batch followed by one real sync (group commit). Because only this thread assigns
//! positions and commits, `$all` order is commit order and readers never see a gap.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::sync::{oneshot, watch};

use super::durability::DirectorySync;
use super::error::{AppendError, StoreError};
use super::keys;
use super::metadata::{SOFT_DELETE_MARKER, StreamMetadata};
use super::postgres::{FETCH_PAGE, Row, Upstream};
use super::record::{StoredEvent, StreamHead};
use super::types::{
    ActualRevision, AppendResult, EventId, ExpectedRevision, METADATA_TYPE, NewEvent, Position,
    SCHEMA_VERSION_KEY, STREAM_DELETED_TYPE, StreamName,
};
use crate::clock::Clock;

/// Pages of the PostgreSQL log pulled into the replica by one catch-up group.
const CATCH_UP_PAGES: usize = 8;
/// Most appends gathered into one commit; bounds the latency a huge queue could add.
const MAX_APPENDS_PER_COMMIT: usize = 4096;
/// Heads kept in memory; beyond this the cache starts over (heads are also on disk).
const MAX_CACHED_HEADS: usize = 200_000;
/// Keys per sled batch. sled 0.34's memory grows by gigabytes when single batches carry
/// thousands of keys (measured: 4,000 events per batch → 3 GB for 200k events, 100 per batch →
/// 250 MB), so a group is written as several batches, cut between appends, and synced once.
const MAX_KEYS_PER_BATCH: usize = 512;

pub type Reply = oneshot::Sender<Result<AppendResult, AppendError>>;

pub enum Command {
    Append {
        stream: StreamName,
        expected: ExpectedRevision,
        events: Vec<NewEvent>,
        /// Streams the decision behind the append read, each at the revision it was read at:
        /// the append is refused with `ReadStreamMoved` if any of them has moved since.
        unchanged: Vec<(StreamName, ExpectedRevision)>,
        /// Set by import to keep the original time of writing.
        created: Option<DateTime<Utc>>,
        reply: Reply,
    },
    SoftDelete {
        stream: StreamName,
        expected: ExpectedRevision,
        reply: Reply,
    },
    /// On PostgreSQL: another instance committed; pull its events into the replica.
    CatchUp,
}

pub struct Writer {
    pub db: sled::Db,
    pub sync: DirectorySync,
    pub clock: Arc<dyn Clock>,
    pub schema_version: u64,
    /// Number of durable events, i.e. the next position; readers see positions below it.
    pub committed: Arc<watch::Sender<u64>>,
    pub failed: Arc<AtomicBool>,
    pub next_position: u64,
    pub heads: HashMap<StreamName, StreamHead>,
    /// While a group is being made durable: the committed heads of the streams it changes.
    /// sled shows the new heads as soon as the batch is applied; readers prefer these.
    pub pending_heads: PendingHeads,
    /// The log on PostgreSQL, if the store runs on it; sled is then this instance's replica.
    pub upstream: Option<Upstream>,
    /// Set while a [`Command::CatchUp`] waits, so that followers do not queue one per wake.
    pub catch_up_queued: Arc<AtomicBool>,
    /// On PostgreSQL: the last catch-up stopped before the log's end.
    pub behind: bool,
}

pub type PendingHeads = Arc<std::sync::RwLock<HashMap<String, StreamHead>>>;

/// Everything one group commit will write, and what it owes its callers.
struct Staged {
    /// Full batches, then the one being filled; each append lies within one batch.
    batches: Vec<sled::Batch>,
    keys_in_batch: usize,
    heads: HashMap<StreamName, StreamHead>,
    ids: HashMap<EventId, IdEntry>,
    next_position: u64,
    replies: Vec<(Reply, AppendResult)>,
    /// Refused appends. Their answers wait until the group is durable: a refusal can be caused
    /// by an append staged earlier in the group, and a caller that reads again at once must
    /// find that append, or it decides on the same stale facts and is refused again.
    refusals: Vec<(Reply, AppendError)>,
    now: DateTime<Utc>,
    /// On PostgreSQL: this instance's new events, to insert before anything is applied here.
    rows: Vec<Row>,
    /// Whether staged events go to `rows`: not while other instances' events are staged.
    collect_rows: bool,
}

/// Where an event id lives: the value of the `i` index.
#[derive(Debug, Clone)]
pub struct IdEntry {
    pub position: u64,
    pub revision: u64,
    pub stream: String,
}

impl IdEntry {
    pub fn encode(&self) -> Vec<u8> {
        let mut value = Vec::with_capacity(16 + self.stream.len());
        value.extend_from_slice(&self.position.to_be_bytes());
        value.extend_from_slice(&self.revision.to_be_bytes());
        value.extend_from_slice(self.stream.as_bytes());
        value
    }

    pub fn decode(value: &[u8]) -> Option<Self> {
        Some(Self {
            position: keys::number(value)?,
            revision: keys::number(value.get(8..)?)?,
            stream: String::from_utf8(value.get(16..)?.to_vec()).ok()?,
        })
    }
}

impl Writer {
    /// On PostgreSQL: connects, discards a replica that is not a prefix of this log, and pulls
    /// the log until the replica holds all of it. On sled: nothing to do.
    pub fn prepare(&mut self, url: Option<&str>) -> Result<(), StoreError> {
        let Some(url) = url else {
            return Ok(());
        };
        let mut log = Upstream::open(url, self.schema_version)?;
        if self.next_position > 0 && self.db.get(keys::UPSTREAM_KEY)?.is_none() {
            // The directory holds a log of its own, not a replica: it is never discarded.
            return Err(StoreError::Upstream(
                "the data directory holds an embedded log; move it with `wettbewerb export` and \
                 `import` (see the README) and give this instance an empty directory"
                    .into(),
            ));
        }
        if !self.replica_matches(&mut log)? {
            tracing::info!("the local replica does not match the PostgreSQL log; rebuilding it");
            self.db.clear()?;
            self.heads.clear();
            self.next_position = 0;
            self.committed.send_replace(0);
            super::store::check_format(
                &self.db,
                std::path::Path::new("replica"),
                self.schema_version,
            )?;
        }
        self.db
            .insert(keys::UPSTREAM_KEY, log.log_id().to_string().as_bytes())?;
        self.upstream = Some(log);
        loop {
            let mut staged = self.staged();
            let Some(mut log) = self.upstream.take() else {
                return Ok(());
            };
            let pulled = self
                .pull(&mut log, &mut staged, false)
                .and_then(|complete| {
                    self.make_durable_upstream(&mut log, &mut staged)
                        .map(|()| complete)
                });
            self.upstream = Some(log);
            let complete = pulled?;
            self.publish(staged, Ok(()));
            if complete {
                return Ok(());
            }
        }
    }

    /// Whether the replica is this log's, and its last event the log's at that position.
    fn replica_matches(&mut self, log: &mut Upstream) -> Result<bool, StoreError> {
        let Some(last) = self.next_position.checked_sub(1) else {
            return Ok(true);
        };
        let ours = self.db.get(keys::UPSTREAM_KEY)?;
        if ours.as_deref() != Some(log.log_id().to_string().as_bytes()) {
            return Ok(false);
        }
        let Some(bytes) = self.db.get(keys::event(last))? else {
            return Ok(false);
        };
        let local = StoredEvent::decode(last, &bytes)?.event_id.as_uuid();
        Ok(log.event_id_at(last)? == Some(local))
    }

    pub fn run(mut self, commands: mpsc::Receiver<Command>) {
        while let Ok(first) = commands.recv() {
            let mut waiting = vec![first];
            while waiting.len() < MAX_APPENDS_PER_COMMIT {
                match commands.try_recv() {
                    Ok(command) => waiting.push(command),
                    Err(_) => break,
                }
            }
            self.commit_group(waiting);
            // A replica far behind catches up group after group, with what was queued meanwhile.
            while self.behind && !self.failed.load(Ordering::SeqCst) {
                let mut waiting = vec![Command::CatchUp];
                while let Ok(command) = commands.try_recv() {
                    waiting.push(command);
                }
                self.commit_group(waiting);
            }
        }
        // All handles are gone: leave sled's files complete for the next open. After a failed
        // commit, flushing could make appends that were reported as failed durable.
        if self.failed.load(Ordering::SeqCst) {
            return;
        }
        if let Err(e) = self.db.flush() {
            tracing::error!(error = %e, "final flush of the event store failed");
        }
    }

    fn commit_group(&mut self, commands: Vec<Command>) {
        if self.failed.load(Ordering::SeqCst) {
            for command in commands {
                if let Some(reply) = reply_of(command) {
                    let _ = reply.send(Err(StoreError::Closed.into()));
                }
            }
            return;
        }
        let mut staged = self.staged();
        let mut upstream = self.upstream.take();
        if let Some(log) = upstream.as_mut() {
            let appends = commands.iter().any(|c| !matches!(c, Command::CatchUp));
            self.catch_up_queued.store(false, Ordering::SeqCst);
            let pulled = self.pull(log, &mut staged, appends);
            self.behind = matches!(pulled, Ok(false));
            if let Err(e) = pulled {
                tracing::warn!(error = %e, "pulling the PostgreSQL log failed");
                log.abandon();
                self.upstream = upstream;
                for command in commands {
                    if let Some(reply) = reply_of(command) {
                        let _ = reply.send(Err(StoreError::Upstream(e.to_string()).into()));
                    }
                }
                return;
            }
        }
        self.stage_commands(&mut staged, commands);
        if staged.next_position == self.next_position {
            // Only refusals and idempotent replays: nothing to write.
            if let Some(log) = upstream.as_mut() {
                log.finish_without_writing();
            }
            self.upstream = upstream;
            for (reply, result) in staged.replies {
                let _ = reply.send(Ok(result));
            }
            answer_refusals(staged.refusals);
            return;
        }
        {
            let mut pending = self
                .pending_heads
                .write()
                .unwrap_or_else(|p| p.into_inner());
            for stream in staged.heads.keys() {
                let committed = self.heads.get(stream).cloned().unwrap_or_default();
                pending.insert(stream.as_str().to_owned(), committed);
            }
        }
        let durable = match upstream.as_mut() {
            Some(log) => self.make_durable_upstream(log, &mut staged),
            None => self.make_durable(std::mem::take(&mut staged.batches)),
        };
        self.upstream = upstream;
        self.publish(staged, durable);
    }

    fn staged(&self) -> Staged {
        Staged {
            batches: vec![sled::Batch::default()],
            keys_in_batch: 0,
            heads: HashMap::new(),
            ids: HashMap::new(),
            next_position: self.next_position,
            replies: Vec::new(),
            refusals: Vec::new(),
            now: self.clock.now(),
            rows: Vec::new(),
            collect_rows: self.upstream.is_some(),
        }
    }

    fn stage_commands(&mut self, staged: &mut Staged, commands: Vec<Command>) {
        for command in commands {
            match command {
                Command::Append {
                    stream,
                    expected,
                    events,
                    unchanged,
                    created,
                    reply,
                } => {
                    let outcome =
                        self.stage_append(staged, &stream, expected, (events, &unchanged), created);
                    settle(staged, reply, outcome);
                }
                Command::SoftDelete {
                    stream,
                    expected,
                    reply,
                } => {
                    let outcome = self.stage_soft_delete(staged, &stream, expected);
                    settle(staged, reply, outcome);
                }
                Command::CatchUp => {}
            }
        }
    }

    /// Makes what a durable group wrote visible, or reports why it was not written.
    fn publish(&mut self, staged: Staged, durable: Result<(), StoreError>) {
        match durable {
            Ok(()) => {
                // The new heads are durable now. They and the new position become visible
                // together, under the lock readers take to read both (see `head_at_commit`).
                {
                    let mut pending = self
                        .pending_heads
                        .write()
                        .unwrap_or_else(|p| p.into_inner());
                    for (stream, head) in &staged.heads {
                        pending.insert(stream.as_str().to_owned(), head.clone());
                    }
                    self.committed.send_replace(staged.next_position);
                }
                if self.heads.len() + staged.heads.len() > MAX_CACHED_HEADS {
                    self.heads.clear();
                }
                self.heads.extend(staged.heads);
                self.next_position = staged.next_position;
                // sled holds the same heads now; readers may take them from there.
                self.pending_heads
                    .write()
                    .unwrap_or_else(|p| p.into_inner())
                    .clear();
                for (reply, result) in staged.replies {
                    let _ = reply.send(Ok(result));
                }
                answer_refusals(staged.refusals);
            }
            Err(e) if self.upstream.is_some() => {
                // PostgreSQL keeps the log: whatever this commit left there, the next pull
                // brings into the replica. The callers learn that the outcome is unknown; an
                // append retried with the same ids is answered as a replay if it did commit.
                tracing::warn!(error = %e, "appending to the PostgreSQL log failed");
                self.pending_heads
                    .write()
                    .unwrap_or_else(|p| p.into_inner())
                    .clear();
                for (reply, _) in staged.replies {
                    let _ = reply.send(Err(StoreError::Upstream(e.to_string()).into()));
                }
                answer_refusals(staged.refusals);
            }
            Err(e) => {
                // After a failed sync the state of the file is unknown; retrying could
                // acknowledge lost writes. The store stops accepting appends instead.
                tracing::error!(error = %e, "event store commit failed; refusing further appends");
                self.failed.store(true, Ordering::SeqCst);
                for (reply, _) in staged.replies {
                    let _ = reply.send(Err(StoreError::Closed.into()));
                }
                answer_refusals(staged.refusals);
            }
        }
    }

    /// Brings the replica up to the PostgreSQL log before this group's appends are checked.
    /// With appends, under the log's lock: then nothing else is appended until this group
    /// commits, and its checks see every event any instance wrote. Without, at most
    /// [`CATCH_UP_PAGES`] pages, so that appends queued meanwhile do not wait long; returns
    /// whether the replica reached the log's end.
    fn pull(
        &mut self,
        log: &mut Upstream,
        staged: &mut Staged,
        appends: bool,
    ) -> Result<bool, StoreError> {
        let mut pages = 0;
        // The first page starts at the replica's last event: the log must still hold it there.
        // Positions come from the replica, so a log that lost its last events (a restore, a
        // failover to a standby that was behind) would otherwise get a gap, or other events at
        // positions this replica already holds.
        let mut anchor = staged.next_position.checked_sub(1);
        loop {
            let from = anchor.unwrap_or(staged.next_position);
            let rows = if appends && pages == 0 {
                log.begin_and_fetch(from, FETCH_PAGE)?
            } else {
                log.fetch(from, FETCH_PAGE)?
            };
            let complete = (rows.len() as i64) < FETCH_PAGE;
            let mut rows = rows.into_iter().peekable();
            if let Some(last) = anchor.take() {
                let local = self
                    .db
                    .get(keys::event(last))?
                    .map(|bytes| StoredEvent::decode(last, &bytes))
                    .transpose()?
                    .map(|event| event.event_id.as_uuid());
                let held = rows
                    .next_if(|row| row.position == last)
                    .map(|row| row.event_id);
                if held.is_none() || held != local {
                    self.failed.store(true, Ordering::SeqCst);
                    return Err(StoreError::Corrupt {
                        key: format!("event {last}"),
                        reason: "the PostgreSQL log no longer holds this replica's last event; \
                                 restart the instance to rebuild the replica"
                            .into(),
                    });
                }
            }
            for row in rows {
                if row.position != staged.next_position {
                    // Cannot happen while appends hold the lock; a follower stops at a gap.
                    return Err(StoreError::Corrupt {
                        key: format!("event {}", staged.next_position),
                        reason: format!("the PostgreSQL log continues at {}", row.position),
                    });
                }
                self.stage_foreign(staged, row.position, &row.record)?;
            }
            pages += 1;
            if complete {
                return Ok(true);
            }
            if !appends && pages >= CATCH_UP_PAGES {
                // The rest comes with the next group, which `run` starts at once.
                return Ok(false);
            }
        }
    }

    /// Stages an event another instance appended, through the same checks as a local append,
    /// so that heads, metadata and indexes come out as that instance wrote them.
    fn stage_foreign(
        &mut self,
        staged: &mut Staged,
        position: u64,
        record: &[u8],
    ) -> Result<(), StoreError> {
        let event = StoredEvent::decode(position, record)?;
        let new = NewEvent {
            event_id: event.event_id,
            event_type: event.event_type,
            data: event.data,
            metadata: event.metadata,
        };
        staged.collect_rows = false;
        let outcome = self.stage_append(
            staged,
            &event.stream,
            ExpectedRevision::before(event.revision),
            (vec![new], &[]),
            Some(event.created),
        );
        staged.collect_rows = true;
        match outcome {
            Ok(result)
                if result.position.0 == position
                    && result.next_expected == event.revision
                    && staged.next_position == position + 1 =>
            {
                staged.cut();
                Ok(())
            }
            Ok(_) => Err(StoreError::Corrupt {
                key: format!("event {position}"),
                reason: "the replica placed it elsewhere than the PostgreSQL log".into(),
            }),
            Err(e) => Err(StoreError::Corrupt {
                key: format!("event {position}"),
                reason: format!("the replica refused it: {e}"),
            }),
        }
    }

    /// On PostgreSQL: this group's events are inserted and committed there first; the replica
    /// takes them only once they are in the log. The replica is not synced: after a crash it
    /// is checked against the log, and caught up or rebuilt from it.
    fn make_durable_upstream(
        &mut self,
        log: &mut Upstream,
        staged: &mut Staged,
    ) -> Result<(), StoreError> {
        if staged.rows.is_empty() {
            log.finish_without_writing();
        } else {
            log.insert_and_commit(&staged.rows)?;
        }
        for batch in std::mem::take(&mut staged.batches) {
            if let Err(e) = self.db.apply_batch(batch) {
                // The log has the events, the replica only some: it cannot go on. A restart
                // checks it against the log and rebuilds it.
                tracing::error!(error = %e, "the replica could not take committed events; refusing further appends");
                self.failed.store(true, Ordering::SeqCst);
                return Err(e.into());
            }
        }
        Ok(())
    }

    fn make_durable(&mut self, batches: Vec<sled::Batch>) -> Result<(), StoreError> {
        for batch in batches {
            self.db.apply_batch(batch)?;
        }
        self.db.flush()?;
        self.sync.sync()?;
        Ok(())
    }

    /// The streams a decision read are still where it read them, counting the appends staged
    /// earlier in this group: of two decisions that each read the other's stream, the second
    /// to be staged is refused. Called after the target's own expectation held, so that a
    /// caller can tell "my stream moved" from "a stream I read moved", and before anything is
    /// staged, so that a refusal leaves nothing behind. A replayed append (its ids written
    /// already) succeeds before this, as it did when it was first written.
    fn check_unchanged(
        &mut self,
        staged: &Staged,
        target: &StreamName,
        unchanged: &[(StreamName, ExpectedRevision)],
    ) -> Result<(), AppendError> {
        for (stream, expected) in unchanged.iter().filter(|(s, _)| s != target) {
            let actual = actual_revision(&self.head(staged, stream)?);
            if !satisfies(*expected, actual) {
                return Err(AppendError::ReadStreamMoved {
                    stream: stream.clone(),
                    expected: *expected,
                    actual,
                });
            }
        }
        Ok(())
    }

    fn stage_append(
        &mut self,
        staged: &mut Staged,
        stream: &StreamName,
        expected: ExpectedRevision,
        (events, unchanged): (Vec<NewEvent>, &[(StreamName, ExpectedRevision)]),
        created: Option<DateTime<Utc>>,
    ) -> Result<AppendResult, AppendError> {
        check_batch(stream, &events)?;
        let mut head = self.head(staged, stream)?;

        let known: Vec<Option<IdEntry>> = events
            .iter()
            .map(|e| self.id_entry(staged, e.event_id))
            .collect::<Result<_, _>>()?;
        if known.iter().any(Option::is_some) {
            let recreated_at = head.soft_deleted_after.map(|r| r + 1);
            return replay_result(
                stream,
                expected,
                actual_revision(&head),
                recreated_at,
                &events,
                &known,
            );
        }
        if head.tombstoned {
            return Err(AppendError::StreamDeleted(stream.clone()));
        }
        let actual = actual_revision(&head);
        if !satisfies(expected, actual) {
            return Err(AppendError::WrongExpectedVersion {
                stream: stream.clone(),
                expected,
                actual,
            });
        }
        self.check_unchanged(staged, stream, unchanged)?;

        if head.reads_as_deleted() && head.metadata.is_soft_delete_marker() {
            // Recreating a soft-deleted stream: like EventStoreDB, `$tb` becomes the first new
            // revision, so metadata read and written back does not delete the stream again.
            head.metadata.truncate_before = head.last.map(|last| last + 1);
        }
        if let Some(described) = stream.described_stream() {
            // Load it now: after the first insert below, nothing may fail any more, so that a
            // refusal never leaves part of an append in the group.
            self.head(staged, &described)?;
        }
        let created = created.unwrap_or(staged.now);
        let mut revision = head.last.map_or(0, |last| last + 1);
        let mut position = staged.next_position;
        for event in events {
            position = staged.next_position;
            staged.next_position += 1;
            if event.event_type == STREAM_DELETED_TYPE {
                head.tombstoned = true;
            }
            if event.event_type == METADATA_TYPE
                && let Some(described) = stream.described_stream()
            {
                self.apply_metadata(staged, &described, &event.data)?;
            }
            self.stage_event(staged, stream, revision, position, event, created);
            revision += 1;
        }
        head.last = Some(revision - 1);
        staged.insert(keys::head(stream.as_str()), head.encode());
        staged.heads.insert(stream.clone(), head);
        Ok(AppendResult {
            next_expected: revision - 1,
            position: Position(position),
        })
    }

    fn stage_event(
        &self,
        staged: &mut Staged,
        stream: &StreamName,
        revision: u64,
        position: u64,
        event: NewEvent,
        created: DateTime<Utc>,
    ) {
        let mut metadata = match event.metadata {
            Value::Object(map) => map,
            _ => Default::default(),
        };
        metadata
            .entry(SCHEMA_VERSION_KEY)
            .or_insert(Value::from(self.schema_version));
        let record = StoredEvent {
            stream: stream.clone(),
            revision,
            event_id: event.event_id,
            event_type: event.event_type,
            data: event.data,
            metadata: Value::Object(metadata),
            created,
        };
        let name = stream.as_str();
        let encoded = record.encode();
        if staged.collect_rows {
            staged.rows.push(Row {
                position,
                stream: name.to_owned(),
                revision,
                event_id: record.event_id.as_uuid(),
                event_type: record.event_type.clone(),
                created,
                record: encoded.clone(),
            });
        }
        staged.insert(keys::event(position).to_vec(), encoded);
        staged.insert(
            keys::stream_entry(name, revision),
            position.to_be_bytes().to_vec(),
        );
        if let Some(category) = stream.category() {
            staged.insert(
                keys::indexed(&keys::category_prefix(category), position),
                Vec::new(),
            );
        }
        staged.insert(
            keys::indexed(&keys::event_type_prefix(&record.event_type), position),
            Vec::new(),
        );
        let entry = IdEntry {
            position,
            revision,
            stream: name.to_owned(),
        };
        staged.insert(
            keys::event_id(&record.event_id.as_uuid()).to_vec(),
            entry.encode(),
        );
        staged.ids.insert(record.event_id, entry);
    }

    /// A `$metadata` event changes what readers of the described stream see.
    fn apply_metadata(
        &mut self,
        staged: &mut Staged,
        described: &StreamName,
        data: &Value,
    ) -> Result<(), AppendError> {
        let metadata = StreamMetadata::from_json(data).map_err(AppendError::Invalid)?;
        let mut head = self.head(staged, described)?;
        if metadata.is_soft_delete_marker() && head.last.is_some() {
            head.soft_deleted_after = head.last;
        }
        head.metadata = metadata;
        staged.insert(keys::head(described.as_str()), head.encode());
        staged.heads.insert(described.clone(), head);
        Ok(())
    }

    fn stage_soft_delete(
        &mut self,
        staged: &mut Staged,
        stream: &StreamName,
        expected: ExpectedRevision,
    ) -> Result<AppendResult, AppendError> {
        let head = self.head(staged, stream)?;
        if head.tombstoned {
            return Err(AppendError::StreamDeleted(stream.clone()));
        }
        let actual = actual_revision(&head);
        if actual == ActualRevision::NoStream {
            return Err(AppendError::StreamNotFound(stream.clone()));
        }
        if !satisfies(expected, actual) {
            return Err(AppendError::WrongExpectedVersion {
                stream: stream.clone(),
                expected,
                actual,
            });
        }
        let mut metadata = head.metadata.clone();
        metadata.truncate_before = Some(SOFT_DELETE_MARKER);
        let marker = NewEvent::new(METADATA_TYPE, metadata.to_json());
        self.stage_append(
            staged,
            &stream.metastream(),
            ExpectedRevision::Any,
            (vec![marker], &[]),
            None,
        )
    }

    fn head(&mut self, staged: &Staged, stream: &StreamName) -> Result<StreamHead, StoreError> {
        if let Some(head) = staged.heads.get(stream) {
            return Ok(head.clone());
        }
        if let Some(head) = self.heads.get(stream) {
            return Ok(head.clone());
        }
        let head = match self.db.get(keys::head(stream.as_str()))? {
            Some(bytes) => StreamHead::decode(stream.as_str(), &bytes)?,
            None => StreamHead::default(),
        };
        self.heads.insert(stream.clone(), head.clone());
        Ok(head)
    }

    fn id_entry(&self, staged: &Staged, id: EventId) -> Result<Option<IdEntry>, StoreError> {
        if let Some(entry) = staged.ids.get(&id) {
            return Ok(Some(entry.clone()));
        }
        match self.db.get(keys::event_id(&id.as_uuid()))? {
            Some(bytes) => IdEntry::decode(&bytes)
                .map(Some)
                .ok_or(StoreError::Corrupt {
                    key: format!("event id {id}"),
                    reason: "malformed id index entry".into(),
                }),
            None => Ok(None),
        }
    }
}

impl Staged {
    fn insert(&mut self, key: Vec<u8>, value: Vec<u8>) {
        if let Some(batch) = self.batches.last_mut() {
            batch.insert(key, value);
            self.keys_in_batch += 1;
        }
    }

    /// Starts a new sled batch once the current one is full; called between appends only.
    fn cut(&mut self) {
        if self.keys_in_batch >= MAX_KEYS_PER_BATCH {
            self.batches.push(sled::Batch::default());
            self.keys_in_batch = 0;
        }
    }
}

fn settle(staged: &mut Staged, reply: Reply, outcome: Result<AppendResult, AppendError>) {
    match outcome {
        Ok(result) => {
            staged.replies.push((reply, result));
            staged.cut();
        }
        Err(e) => staged.refusals.push((reply, e)),
    }
}

fn answer_refusals(refusals: Vec<(Reply, AppendError)>) {
    for (reply, error) in refusals {
        let _ = reply.send(Err(error));
    }
}

fn reply_of(command: Command) -> Option<Reply> {
    match command {
        Command::Append { reply, .. } | Command::SoftDelete { reply, .. } => Some(reply),
        Command::CatchUp => None,
    }
}

pub fn actual_revision(head: &StreamHead) -> ActualRevision {
    match head.last {
        None => ActualRevision::NoStream,
        Some(last) if head.reads_as_deleted() => ActualRevision::SoftDeleted(last),
        Some(last) => ActualRevision::Revision(last),
    }
}

/// EventStoreDB's rules; a soft-deleted stream may be recreated with `NoStream` or continued
/// with its last revision.
pub fn satisfies(expected: ExpectedRevision, actual: ActualRevision) -> bool {
    use ActualRevision as A;
    use ExpectedRevision as E;
    match (expected, actual) {
        (E::Any, _) => true,
        (E::NoStream, A::NoStream | A::SoftDeleted(_)) => true,
        (E::StreamExists, A::Revision(_)) => true,
        (E::Exact(e), A::Revision(r) | A::SoftDeleted(r)) => e == r,
        _ => false,
    }
}

/// Some ids of the batch are already written: succeed without writing if the whole batch is
/// there right where `expected` says it goes, otherwise refuse.
fn replay_result(
    stream: &StreamName,
    expected: ExpectedRevision,
    actual: ActualRevision,
    recreated_at: Option<u64>,
    events: &[NewEvent],
    known: &[Option<IdEntry>],
) -> Result<AppendResult, AppendError> {
    for (event, entry) in events.iter().zip(known) {
        if let Some(entry) = entry
            && entry.stream != stream.as_str()
        {
            return Err(AppendError::DuplicateEventId {
                event_id: event.event_id,
                stream: StreamName::parse(entry.stream.clone()).unwrap_or_else(|_| stream.clone()),
            });
        }
    }
    let wrong = || AppendError::WrongExpectedVersion {
        stream: stream.clone(),
        expected,
        actual,
    };
    let entries: Vec<&IdEntry> = known.iter().flatten().collect();
    if entries.len() != events.len() {
        return Err(wrong());
    }
    let first = entries[0].revision;
    let consecutive = entries
        .iter()
        .enumerate()
        .all(|(i, e)| e.revision == first + i as u64);
    let in_place = match expected {
        ExpectedRevision::Any | ExpectedRevision::StreamExists => true,
        // `NoStream` on a soft-deleted stream writes right after the deletion.
        ExpectedRevision::NoStream => first == 0 || Some(first) == recreated_at,
        ExpectedRevision::Exact(e) => first == e + 1,
    };
    if !(consecutive && in_place) {
        return Err(wrong());
    }
    let last = entries[entries.len() - 1];
    Ok(AppendResult {
        next_expected: last.revision,
        position: Position(last.position),
    })
}

fn check_batch(stream: &StreamName, events: &[NewEvent]) -> Result<(), AppendError> {
    let invalid = |why: String| Err(AppendError::Invalid(why));
    if events.is_empty() {
        return invalid("an append needs at least one event".into());
    }
    let mut ids = std::collections::HashSet::new();
    for (i, event) in events.iter().enumerate() {
        let kind = &event.event_type;
        if kind.is_empty() || kind.len() > 256 || kind.chars().any(char::is_control) {
            return invalid(format!(
                "event type {kind:?} must be 1 to 256 printable characters"
            ));
        }
        if !ids.insert(event.event_id) {
            return invalid(format!(
                "event id {} appears twice in the batch",
                event.event_id
            ));
        }
        if !matches!(event.metadata, Value::Object(_) | Value::Null) {
            return invalid("event metadata must be a JSON object".into());
        }
        if kind == STREAM_DELETED_TYPE && i + 1 != events.len() {
            return invalid("a tombstone must be the last event of its batch".into());
        }
        if stream.is_metastream() {
            if kind != METADATA_TYPE {
                return invalid(format!("a metastream holds only {METADATA_TYPE} events"));
            }
            StreamMetadata::from_json(&event.data).map_err(AppendError::Invalid)?;
        }
    }
    Ok(())
}
