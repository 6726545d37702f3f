//! The event store's handle: open, append, read, delete, subscribe.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;

use serde::{Deserialize, Serialize};
use tokio::sync::{oneshot, watch};

use super::codec::FieldCodec;
use super::durability::DirectorySync;
use super::error::{AppendError, ReadError, StoreError};
use super::export::ExportedEvent;
use super::keys;
use super::metadata::StreamMetadata;
use super::migrations::Migrations;
use super::record::{StoredEvent, StreamHead};
use super::subscription::{Subscription, Target};
use super::types::{
    ActualRevision, AppendResult, Direction, EventId, ExpectedRevision, METADATA_TYPE, NewEvent,
    Position, ReadFrom, RecordedEvent, STREAM_DELETED_TYPE, StreamName,
};
use super::writer::{Command, PendingHeads, Writer};
use crate::clock::{Clock, SystemClock};

/// Layout of the keys in sled; a binary refuses a directory with a higher number.
pub const STORAGE_FORMAT: u64 = 1;

pub struct StoreOptions {
    pub path: PathBuf,
    pub migrations: Migrations,
    pub clock: Arc<dyn Clock>,
    /// sled's page cache; the OS page cache serves the rest.
    pub cache_bytes: u64,
    /// What seals fields on the way in and opens them on the way out; none: stored as given.
    pub codec: Option<Arc<dyn FieldCodec>>,
    /// A `postgres://` URL: the log lives in that database and `path` holds this instance's
    /// replica of it. None: the log is the sled store in `path`.
    pub upstream: Option<String>,
}

/// The log's own cache: what pages read from it are the newest events (the projector, the
/// outbox and the process managers follow them as they are written, while sled still holds
/// them) and single streams (a command's aggregate, a timeline), which the OS page cache serves
/// nearly as fast. A larger cache only held written pages longer: with 128 MB, every submission
/// in the load benchmark (bench/load.sh) kept about 3 KB more resident, with no faster pages.
const CACHE_BYTES: u64 = 16 * 1024 * 1024;

impl StoreOptions {
    /// The store in `path` with this binary's migrations and the system clock.
    pub fn new(path: impl Into<PathBuf>) -> Result<Self, StoreError> {
        Ok(Self {
            path: path.into(),
            migrations: Migrations::embedded()?,
            clock: Arc::new(SystemClock),
            cache_bytes: CACHE_BYTES,
            codec: None,
            upstream: None,
        })
    }

    /// The log on PostgreSQL at `url`, with this instance's replica in `path`.
    pub fn with_postgres(mut self, url: impl Into<String>) -> Self {
        self.upstream = Some(url.into());
        self
    }

    pub fn with_codec(mut self, codec: Arc<dyn FieldCodec>) -> Self {
        self.codec = Some(codec);
        self
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn with_migrations(mut self, migrations: Migrations) -> Self {
        self.migrations = migrations;
        self
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct FormatRecord {
    storage: u64,
    schema: u64,
}

/// A cheap, cloneable handle; the last one dropped stops the writer and closes sled.
#[derive(Clone)]
pub struct EventStore {
    inner: Arc<Inner>,
}

struct Inner {
    db: sled::Db,
    /// Shared with the follower of a PostgreSQL log, which wakes the writer through it.
    commands: Arc<Mutex<Option<mpsc::Sender<Command>>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    committed: Arc<watch::Sender<u64>>,
    failed: Arc<AtomicBool>,
    migrations: Migrations,
    codec: Option<Arc<dyn FieldCodec>>,
    clock: Arc<dyn Clock>,
    path: PathBuf,
    pending_heads: PendingHeads,
    /// Whether this store is a replica of a log on PostgreSQL.
    replica: bool,
}

impl Drop for Inner {
    fn drop(&mut self) {
        drop(self.commands.lock().map(|mut c| c.take()));
        if let Some(writer) = self.writer.lock().ok().and_then(|mut w| w.take()) {
            let _ = writer.join();
        }
    }
}

/// An append handed to the writer; await it with [`PendingAppend::wait`].
pub struct PendingAppend(oneshot::Receiver<Result<AppendResult, AppendError>>);

impl PendingAppend {
    /// An append refused before it reached the writer.
    fn failed(error: AppendError) -> Self {
        let (reply, receiver) = oneshot::channel();
        let _ = reply.send(Err(error));
        PendingAppend(receiver)
    }

    pub async fn wait(self) -> Result<AppendResult, AppendError> {
        self.0.await.unwrap_or(Err(StoreError::Closed.into()))
    }

    /// `wait` for a thread outside any async runtime.
    pub fn wait_blocking(self) -> Result<AppendResult, AppendError> {
        self.0
            .blocking_recv()
            .unwrap_or(Err(StoreError::Closed.into()))
    }
}

impl EventStore {
    pub fn open(options: StoreOptions) -> Result<Self, StoreError> {
        let path = options.path;
        crate::durable_file::create_dir_all(&path)?;
        let db = sled::Config::new()
            .path(&path)
            .cache_capacity(options.cache_bytes)
            // Every commit flushes and syncs itself; a timer would only add writes. A replica
            // of a PostgreSQL log is not synced: flushed now and then, it restarts from near
            // where it stopped and pulls the rest.
            .flush_every_ms(options.upstream.as_ref().map(|_| 1000))
            .open()
            .map_err(|source| open_error(&path, source))?;
        let mut sync = DirectorySync::new(&path);
        check_format(&db, &path, options.migrations.latest())?;
        db.flush()?;
        sync.sync()?;

        let next_position = match db.scan_prefix([keys::EVENT]).next_back() {
            Some(entry) => keys::trailing_number(&entry?.0).map_or(0, |p| p + 1),
            None => 0,
        };
        let committed = Arc::new(watch::Sender::new(next_position));
        let pending_heads = PendingHeads::default();
        let failed = Arc::new(AtomicBool::new(false));
        let mut writer = Writer {
            db: db.clone(),
            sync,
            clock: options.clock.clone(),
            schema_version: options.migrations.latest(),
            committed: committed.clone(),
            failed: failed.clone(),
            next_position,
            heads: Default::default(),
            pending_heads: pending_heads.clone(),
            upstream: None,
            catch_up_queued: Arc::new(AtomicBool::new(false)),
            behind: false,
        };
        let queued = writer.catch_up_queued.clone();
        let (commands, receiver) = mpsc::channel();
        let commands = Arc::new(Mutex::new(Some(commands)));
        // The writer connects to PostgreSQL on its own thread (the client must not run inside
        // an async runtime) and catches the replica up before the store is handed out.
        let (ready, prepared) = mpsc::sync_channel(1);
        let url = options.upstream.clone();
        let writer = std::thread::Builder::new()
            .name("event-store-writer".into())
            .spawn(move || {
                let outcome = writer.prepare(url.as_deref());
                let ok = outcome.is_ok();
                let _ = ready.send(outcome);
                if ok {
                    writer.run(receiver);
                }
            })?;
        match prepared.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                let _ = writer.join();
                return Err(e);
            }
            Err(_) => {
                let _ = writer.join();
                return Err(StoreError::Closed);
            }
        }
        let replica = options.upstream.is_some();
        if let Some(url) = options.upstream {
            let commands = commands.clone();
            std::thread::Builder::new()
                .name("event-store-follower".into())
                .spawn(move || super::postgres::follow(url, commands, queued))?;
        }
        Ok(Self {
            inner: Arc::new(Inner {
                db,
                commands,
                writer: Mutex::new(Some(writer)),
                committed,
                failed,
                migrations: options.migrations,
                codec: options.codec,
                clock: options.clock,
                path,
                pending_heads,
                replica,
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Whether the log is on PostgreSQL, shared with other instances, and this store its
    /// local replica.
    pub fn follows_upstream(&self) -> bool {
        self.inner.replica
    }

    /// False once a commit failed; the store then refuses appends until restarted.
    pub fn is_healthy(&self) -> bool {
        !self.inner.failed.load(Ordering::SeqCst)
    }

    /// How many events are durable; also the position the next event will get.
    pub fn committed_count(&self) -> u64 {
        *self.inner.committed.borrow()
    }

    pub fn last_position(&self) -> Option<Position> {
        self.committed_count().checked_sub(1).map(Position)
    }

    pub fn migrations(&self) -> &Migrations {
        &self.inner.migrations
    }

    pub(crate) fn db(&self) -> &sled::Db {
        &self.inner.db
    }

    /// Changes whenever events become readable: after a commit here, or events another
    /// instance wrote arriving in this replica.
    pub fn committed_receiver(&self) -> watch::Receiver<u64> {
        self.inner.committed.subscribe()
    }

    // ----- appending -----

    pub async fn append(
        &self,
        stream: &StreamName,
        expected: ExpectedRevision,
        events: Vec<NewEvent>,
    ) -> Result<AppendResult, AppendError> {
        self.submit_append(stream, expected, events).wait().await
    }

    /// Queues an append at once; appends queued one after another commit in that order.
    pub fn submit_append(
        &self,
        stream: &StreamName,
        expected: ExpectedRevision,
        events: Vec<NewEvent>,
    ) -> PendingAppend {
        self.submit_append_checked(stream, expected, events, Vec::new())
    }

    /// Appends only if, besides `stream` being at `expected`, every stream in `unchanged` (the
    /// streams the decision behind the events read) is still at the revision given for it,
    /// checked in the same commit; otherwise `AppendError::ReadStreamMoved` and nothing is
    /// written. disintegrate's decisions work so: what a decision read guards its append.
    pub async fn append_checked(
        &self,
        stream: &StreamName,
        expected: ExpectedRevision,
        events: Vec<NewEvent>,
        unchanged: Vec<(StreamName, ExpectedRevision)>,
    ) -> Result<AppendResult, AppendError> {
        self.submit_append_checked(stream, expected, events, unchanged)
            .wait()
            .await
    }

    /// Queues an [`EventStore::append_checked`] at once, in order like `submit_append`.
    pub fn submit_append_checked(
        &self,
        stream: &StreamName,
        expected: ExpectedRevision,
        events: Vec<NewEvent>,
        unchanged: Vec<(StreamName, ExpectedRevision)>,
    ) -> PendingAppend {
        let mut events = events;
        if let Err(e) = self.seal(stream, &mut events) {
            return PendingAppend::failed(e.into());
        }
        self.submit(|reply| Command::Append {
            stream: stream.clone(),
            expected,
            events,
            unchanged,
            created: None,
            reply,
        })
    }

    /// Queues an exported event for re-appending with its id, revision and time of writing.
    pub fn submit_import(&self, event: ExportedEvent) -> Result<PendingAppend, AppendError> {
        let stream =
            StreamName::parse(event.stream).map_err(|e| AppendError::Invalid(e.to_string()))?;
        let new = NewEvent {
            event_id: EventId::from_uuid(event.event_id),
            event_type: event.event_type,
            data: event.data,
            metadata: event.metadata,
        };
        let mut events = vec![new];
        self.seal(&stream, &mut events)?;
        Ok(self.submit(|reply| Command::Append {
            stream,
            expected: ExpectedRevision::before(event.revision),
            events,
            unchanged: Vec::new(),
            created: Some(event.created),
            reply,
        }))
    }

    /// Seals each event's fields with the codec, if the store has one, before the writer sees
    /// them: what reaches sled is already sealed.
    fn seal(&self, stream: &StreamName, events: &mut [NewEvent]) -> Result<(), StoreError> {
        if let Some(codec) = &self.inner.codec {
            for event in events {
                codec.seal(stream, event)?;
            }
        }
        Ok(())
    }

    /// The event as the codec opens it, then upcast to the current schema.
    fn readable(&self, event: &mut RecordedEvent) {
        if let Some(codec) = &self.inner.codec {
            codec.open(event);
        }
        self.inner.migrations.upcast(event);
    }

    /// Whether fields are sealed on the way in (the service's store always is).
    pub fn seals_fields(&self) -> bool {
        self.inner.codec.is_some()
    }

    fn submit(&self, command: impl FnOnce(super::writer::Reply) -> Command) -> PendingAppend {
        let (reply, receiver) = oneshot::channel();
        if let Ok(guard) = self.inner.commands.lock()
            && let Some(commands) = guard.as_ref()
        {
            // A send error drops the reply, which `wait` reports as Closed.
            let _ = commands.send(command(reply));
        }
        PendingAppend(receiver)
    }

    /// Soft delete: the stream reads as not found; a later append continues its revisions.
    pub async fn delete_stream(
        &self,
        stream: &StreamName,
        expected: ExpectedRevision,
    ) -> Result<AppendResult, AppendError> {
        self.submit(|reply| Command::SoftDelete {
            stream: stream.clone(),
            expected,
            reply,
        })
        .wait()
        .await
    }

    /// Hard delete: a tombstone; the stream reads as deleted and refuses appends for ever.
    pub async fn tombstone_stream(
        &self,
        stream: &StreamName,
        expected: ExpectedRevision,
    ) -> Result<AppendResult, AppendError> {
        let tombstone = NewEvent::new(STREAM_DELETED_TYPE, serde_json::json!({}));
        self.append(stream, expected, vec![tombstone]).await
    }

    /// Writes `$maxCount`, `$maxAge`, `$tb` and custom keys to the stream's metastream.
    pub async fn set_stream_metadata(
        &self,
        stream: &StreamName,
        expected: ExpectedRevision,
        metadata: &StreamMetadata,
    ) -> Result<AppendResult, AppendError> {
        let event = NewEvent::new(METADATA_TYPE, metadata.to_json());
        self.append(&stream.metastream(), expected, vec![event])
            .await
    }

    /// Where the stream stands as of the last durable commit, without reading its events.
    pub fn stream_revision(&self, stream: &StreamName) -> Result<ActualRevision, StoreError> {
        Ok(super::writer::actual_revision(
            &self.head_at_commit(stream)?.0,
        ))
    }

    pub fn stream_metadata(&self, stream: &StreamName) -> Result<StreamMetadata, StoreError> {
        Ok(self.head_at_commit(stream)?.0.metadata)
    }

    // ----- reading -----

    pub fn read_stream(
        &self,
        stream: &StreamName,
        direction: Direction,
        from: ReadFrom,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, ReadError> {
        let (head, committed) = self.head_at_commit(stream)?;
        if head.tombstoned {
            return Err(ReadError::StreamDeleted(stream.clone()));
        }
        let last = match head.last {
            Some(last) if !head.reads_as_deleted() => last,
            _ => return Err(ReadError::StreamNotFound(stream.clone())),
        };
        let first = head.first_visible();
        // An age beyond what a date can hold hides nothing.
        let oldest = head.metadata.max_age.and_then(|secs| {
            let age = chrono::Duration::try_seconds(i64::try_from(secs).ok()?)?;
            self.inner.clock.now().checked_sub_signed(age)
        });
        let prefix = keys::stream_prefix(stream.as_str());
        let entries: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> =
            match direction {
                Direction::Forwards => {
                    let start = match from {
                        ReadFrom::Start => first,
                        ReadFrom::End => return Ok(Vec::new()),
                        ReadFrom::At(r) => r.max(first),
                    };
                    if start > last {
                        return Ok(Vec::new());
                    }
                    let range = keys::indexed(&prefix, start)..=keys::indexed(&prefix, last);
                    Box::new(self.inner.db.range(range))
                }
                Direction::Backwards => {
                    let start = match from {
                        ReadFrom::Start => 0,
                        ReadFrom::End => last,
                        ReadFrom::At(r) => r.min(last),
                    };
                    if start < first {
                        return Ok(Vec::new());
                    }
                    let range = keys::indexed(&prefix, first)..=keys::indexed(&prefix, start);
                    Box::new(self.inner.db.range(range).rev())
                }
            };
        let mut events = Vec::new();
        for entry in entries {
            if events.len() >= max {
                break;
            }
            let (_, value) = entry.map_err(StoreError::from)?;
            let position = keys::number(&value).ok_or_else(|| corrupt("stream index", stream))?;
            if position >= committed {
                continue;
            }
            let event = self.event_at(position)?;
            if oldest.is_some_and(|oldest| event.created < oldest) {
                continue;
            }
            events.push(event);
        }
        Ok(events)
    }

    pub fn read_all(
        &self,
        direction: Direction,
        from: ReadFrom,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let mut events = self.read_all_raw(direction, from, max)?;
        for event in &mut events {
            self.readable(event);
        }
        Ok(events)
    }

    /// `$all` as written, without opening sealed fields or upcasting: what export writes.
    pub fn read_all_raw(
        &self,
        direction: Direction,
        from: ReadFrom,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let committed = self.committed_count();
        if committed == 0 {
            return Ok(Vec::new());
        }
        let range = match (direction, from) {
            (Direction::Forwards, ReadFrom::Start) => 0..committed,
            (Direction::Forwards, ReadFrom::At(p)) => p.min(committed)..committed,
            (Direction::Forwards, ReadFrom::End) => return Ok(Vec::new()),
            (Direction::Backwards, ReadFrom::End) => 0..committed,
            (Direction::Backwards, ReadFrom::At(p)) => 0..(p.saturating_add(1)).min(committed),
            (Direction::Backwards, ReadFrom::Start) => 0..1,
        };
        let keys = keys::event(range.start)..keys::event(range.end);
        let iter = self.inner.db.range(keys);
        let decode = |entry: sled::Result<(sled::IVec, sled::IVec)>| -> Result<_, StoreError> {
            let (key, value) = entry?;
            let position = keys::trailing_number(&key).unwrap_or_default();
            StoredEvent::decode(position, &value)
        };
        match direction {
            Direction::Forwards => iter.take(max).map(decode).collect(),
            Direction::Backwards => iter.rev().take(max).map(decode).collect(),
        }
    }

    /// `$ce-{category}`: every event of streams `{category}-…`, in `$all` order.
    pub fn read_category(
        &self,
        category: &str,
        direction: Direction,
        from: ReadFrom,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        self.read_index(&keys::category_prefix(category), direction, from, max)
    }

    /// `$et-{event_type}`: every event of one type, in `$all` order.
    pub fn read_event_type(
        &self,
        event_type: &str,
        direction: Direction,
        from: ReadFrom,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        self.read_index(&keys::event_type_prefix(event_type), direction, from, max)
    }

    fn read_index(
        &self,
        prefix: &[u8],
        direction: Direction,
        from: ReadFrom,
        max: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let committed = self.committed_count();
        let (start, end) = match (direction, from) {
            (Direction::Forwards, ReadFrom::Start) => (0, committed),
            (Direction::Forwards, ReadFrom::At(p)) => (p, committed),
            (Direction::Forwards, ReadFrom::End) => return Ok(Vec::new()),
            (Direction::Backwards, ReadFrom::End) => (0, committed),
            (Direction::Backwards, ReadFrom::At(p)) => (0, p.saturating_add(1).min(committed)),
            (Direction::Backwards, ReadFrom::Start) => (0, 1),
        };
        if start >= end {
            return Ok(Vec::new());
        }
        let iter = self
            .inner
            .db
            .range(keys::indexed(prefix, start)..keys::indexed(prefix, end));
        let position = |entry: sled::Result<(sled::IVec, sled::IVec)>| -> Result<u64, StoreError> {
            let (key, _) = entry?;
            keys::trailing_number(&key).ok_or_else(|| StoreError::Corrupt {
                key: String::from_utf8_lossy(&key).into_owned(),
                reason: "index key without a position".into(),
            })
        };
        let positions: Vec<u64> = match direction {
            Direction::Forwards => iter.take(max).map(position).collect::<Result<_, _>>()?,
            Direction::Backwards => iter
                .rev()
                .take(max)
                .map(position)
                .collect::<Result<_, _>>()?,
        };
        positions.into_iter().map(|p| self.event_at(p)).collect()
    }

    /// The event at a position, upcast to the current schema.
    pub fn event_at(&self, position: u64) -> Result<RecordedEvent, StoreError> {
        let bytes =
            self.inner
                .db
                .get(keys::event(position))?
                .ok_or_else(|| StoreError::Corrupt {
                    key: format!("event {position}"),
                    reason: "an index points to a missing event".into(),
                })?;
        let mut event = StoredEvent::decode(position, &bytes)?;
        self.readable(&mut event);
        Ok(event)
    }

    /// The stream's head as of the last durable commit, and the committed count it goes with.
    /// Both are read under the pending-heads lock, which the writer holds while it swaps in a
    /// commit's heads and publishes its position: a reader never pairs a new position with an
    /// old head, or a new head with an old position.
    fn head_at_commit(&self, stream: &StreamName) -> Result<(StreamHead, u64), StoreError> {
        let pending = self
            .inner
            .pending_heads
            .read()
            .unwrap_or_else(|p| p.into_inner());
        let committed = self.committed_count();
        if let Some(head) = pending.get(stream.as_str()) {
            return Ok((head.clone(), committed));
        }
        let head = match self.inner.db.get(keys::head(stream.as_str()))? {
            Some(bytes) => StreamHead::decode(stream.as_str(), &bytes)?,
            None => StreamHead::default(),
        };
        Ok((head, committed))
    }

    // ----- subscribing -----

    /// Everything after `checkpoint` (exclusive; `None` from the start), then live events.
    pub fn subscribe_to_all(&self, checkpoint: Option<Position>) -> Subscription {
        Subscription::new(self.clone(), Target::All, checkpoint.map_or(0, |p| p.0 + 1))
    }

    /// A stream's events after the revision `checkpoint` (exclusive), then live ones.
    pub fn subscribe_to_stream(
        &self,
        stream: &StreamName,
        checkpoint: Option<u64>,
    ) -> Subscription {
        Subscription::new(
            self.clone(),
            Target::Stream(stream.clone()),
            checkpoint.map_or(0, |r| r + 1),
        )
    }

    /// `$ce-{category}` after the position `checkpoint` (exclusive), then live events.
    pub fn subscribe_to_category(
        &self,
        category: &str,
        checkpoint: Option<Position>,
    ) -> Subscription {
        Subscription::new(
            self.clone(),
            Target::Category(category.to_owned()),
            checkpoint.map_or(0, |p| p.0 + 1),
        )
    }
}

/// sled 0.34 reports a directory held by another process only in the text of an I/O error.
pub(crate) fn open_error(path: &Path, source: sled::Error) -> StoreError {
    match &source {
        sled::Error::Io(e) if e.to_string().contains("could not acquire lock") => {
            StoreError::InUse {
                path: path.to_owned(),
            }
        }
        _ => StoreError::Open {
            path: path.to_owned(),
            source,
        },
    }
}

fn corrupt(what: &str, stream: &StreamName) -> StoreError {
    StoreError::Corrupt {
        key: format!("{what} of {stream}"),
        reason: "malformed entry".into(),
    }
}

pub(super) fn check_format(db: &sled::Db, path: &Path, schema: u64) -> Result<(), StoreError> {
    let found = match db.get(keys::FORMAT_KEY)? {
        Some(bytes) => Some(serde_json::from_slice::<FormatRecord>(&bytes).map_err(|e| {
            StoreError::Corrupt {
                key: "format".into(),
                reason: e.to_string(),
            }
        })?),
        None => None,
    };
    if let Some(found) = &found {
        if found.storage > STORAGE_FORMAT {
            return Err(StoreError::NewerFormat {
                path: path.to_owned(),
                what: "storage format",
                found: found.storage,
                supported: STORAGE_FORMAT,
            });
        }
        if found.schema > schema {
            return Err(StoreError::NewerFormat {
                path: path.to_owned(),
                what: "event schema version",
                found: found.schema,
                supported: schema,
            });
        }
        if found.schema == schema && found.storage == STORAGE_FORMAT {
            return Ok(());
        }
    }
    let record = FormatRecord {
        storage: STORAGE_FORMAT,
        schema,
    };
    db.insert(
        keys::FORMAT_KEY,
        serde_json::to_vec(&record).expect("format record serialises"),
    )?;
    Ok(())
}
