//! The log on PostgreSQL: the durable, shared copy of `$all` that several instances append to.
//!
//! Each instance keeps its own sled store as a replica and reads only from it; PostgreSQL holds
//! the log every replica follows. An instance appends in one transaction that first takes a
//! transaction-scoped advisory lock, then pulls every event other instances wrote since its
//! replica's position, checks its own appends against the now complete replica (expected
//! revisions, idempotent ids, tombstones: the same code as the embedded store), inserts them at
//! the next positions and commits. Positions come from the replica, not from a sequence.
//!
//! Why no reader can skip an event: the lock serialises every appending transaction, and
//! PostgreSQL releases a transaction's locks only after its commit is visible to others. So the
//! transaction that wrote position n is visible before any transaction that writes n + 1 can
//! even start to append; a follower reading `position >= next` without the lock sees a gap-free
//! prefix. The race test in `tests/postgres` holds this against many writers and a subscriber.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use std::fmt::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, SimpleQueryMessage, SimpleQueryRow};
use postgres_protocol::escape::escape_literal;
use uuid::Uuid;

use super::error::StoreError;
use super::writer::Command;

/// The channel appends notify on commit; followers wake on it.
const CHANNEL: &str = "wettbewerb_log";
/// Held while the tables are created, so that two instances starting at once do not race.
const SCHEMA_LOCK: i64 = 0x7765_7474_6265_7765;
/// Events fetched per query while catching up.
pub const FETCH_PAGE: i64 = 2000;
/// How often a follower looks for new events when no notification arrived (a notification can
/// be lost with its connection).
const POLL: Duration = Duration::from_millis(500);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS wettbewerb_log (
    key text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO wettbewerb_log (key, value) VALUES ('log_id', gen_random_uuid()::text)
    ON CONFLICT (key) DO NOTHING;
INSERT INTO wettbewerb_log (key, value) VALUES ('storage_format', '1')
    ON CONFLICT (key) DO NOTHING;
CREATE TABLE IF NOT EXISTS wettbewerb_events (
    position bigint PRIMARY KEY,
    stream text NOT NULL,
    revision bigint NOT NULL,
    event_id uuid NOT NULL UNIQUE,
    event_type text NOT NULL,
    created timestamptz NOT NULL,
    record bytea NOT NULL,
    UNIQUE (stream, revision)
);
";

/// One event as it comes from PostgreSQL.
pub struct Fetched {
    pub position: u64,
    pub event_id: Uuid,
    pub record: Vec<u8>,
}

/// An event read as text (by a simple query): the record comes hex-encoded.
fn fetched_text(row: &SimpleQueryRow) -> Result<Fetched, StoreError> {
    let unreadable = |what: &str| StoreError::Upstream(format!("an event's {what} is unreadable"));
    let position = row
        .get(0)
        .and_then(|p| p.parse::<u64>().ok())
        .ok_or_else(|| unreadable("position"))?;
    let event_id = row
        .get(1)
        .and_then(|id| Uuid::parse_str(id).ok())
        .ok_or_else(|| unreadable("id"))?;
    let record = row
        .get(2)
        .and_then(|r| r.strip_prefix("\\x"))
        .and_then(|hex| hex::decode(hex).ok())
        .ok_or_else(|| unreadable("record"))?;
    Ok(Fetched {
        position,
        event_id,
        record,
    })
}

/// One event as it goes to PostgreSQL: the replica's record and the columns an operator queries.
pub struct Row {
    pub position: u64,
    pub stream: String,
    pub revision: u64,
    pub event_id: Uuid,
    pub event_type: String,
    pub created: DateTime<Utc>,
    pub record: Vec<u8>,
}

/// The connection the store's writer appends and pulls through.
pub struct Upstream {
    url: String,
    client: Option<Client>,
    log_id: Uuid,
    in_transaction: bool,
}

pub fn error(e: postgres::Error) -> StoreError {
    StoreError::Upstream(e.to_string())
}

fn connect(url: &str) -> Result<Client, StoreError> {
    let mut client = crate::cluster::connection::connect(url).map_err(error)?;
    // A frozen instance must not hold the log's lock: the server ends a transaction that
    // waits this long between statements (an append's transaction waits microseconds).
    client
        .batch_execute("SET idle_in_transaction_session_timeout = '10s'")
        .map_err(error)?;
    Ok(client)
}

fn position(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Upstream {
    /// Connects and creates the tables if this database has none yet.
    pub fn open(url: &str, schema: u64) -> Result<Self, StoreError> {
        let mut client = connect(url)?;
        client
            .execute("SELECT pg_advisory_lock($1)", &[&SCHEMA_LOCK])
            .map_err(error)?;
        let created = client.batch_execute(SCHEMA);
        client
            .execute("SELECT pg_advisory_unlock($1)", &[&SCHEMA_LOCK])
            .map_err(error)?;
        created.map_err(error)?;
        let format: String = client
            .query_one(
                "SELECT value FROM wettbewerb_log WHERE key = 'storage_format'",
                &[],
            )
            .map_err(error)?
            .get(0);
        if format != "1" {
            return Err(StoreError::Upstream(format!(
                "the database holds a log in storage format {format}; this binary knows 1"
            )));
        }
        check_schema(&mut client, schema)?;
        let log_id: String = client
            .query_one("SELECT value FROM wettbewerb_log WHERE key = 'log_id'", &[])
            .map_err(error)?
            .get(0);
        let log_id = Uuid::parse_str(&log_id)
            .map_err(|e| StoreError::Upstream(format!("malformed log id: {e}")))?;
        Ok(Self {
            url: url.to_owned(),
            client: Some(client),
            log_id,
            in_transaction: false,
        })
    }

    /// Identifies this log; a replica made from another database is discarded.
    pub fn log_id(&self) -> Uuid {
        self.log_id
    }

    /// The advisory lock of this log: appends to two logs in one database do not wait for
    /// each other.
    fn lock_key(&self) -> i64 {
        let bytes = self.log_id.as_bytes();
        i64::from_be_bytes(bytes[..8].try_into().unwrap_or_default())
    }

    /// The connection, reconnecting after a failure.
    fn client(&mut self) -> Result<&mut Client, StoreError> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            self.in_transaction = false;
            self.client = Some(connect(&self.url)?);
        }
        self.client
            .as_mut()
            .ok_or_else(|| StoreError::Upstream("no connection".into()))
    }

    /// Begins the appending transaction and, once no other instance is appending, reads up to
    /// `limit` events from `from` on: what other instances appended since this replica's
    /// position. One round trip, so that the lock is held for as few as possible.
    pub fn begin_and_fetch(&mut self, from: u64, limit: i64) -> Result<Vec<Fetched>, StoreError> {
        let key = self.lock_key();
        // Read committed: each statement of the string sees what committed before it began, so
        // the read after the lock sees every event appended before the lock was granted. The
        // numbers are this log's own (its key, positions), not anyone's input.
        let sql = format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock({key}); \
             SELECT position, event_id, record FROM wettbewerb_events \
             WHERE position >= {from} ORDER BY position LIMIT {limit}",
            from = position(from),
        );
        let fetched = self.client()?.simple_query(&sql);
        self.in_transaction = true;
        let fetched = fetched.map_err(error).and_then(|messages| {
            messages
                .iter()
                .filter_map(|message| match message {
                    // The lock's row has one column, the events' three.
                    SimpleQueryMessage::Row(row) if row.len() == 3 => Some(fetched_text(row)),
                    _ => None,
                })
                .collect::<Result<Vec<_>, _>>()
        });
        if fetched.is_err() {
            self.abandon();
        }
        fetched
    }

    /// Up to `limit` events from `from` on, in position order, with their ids.
    pub fn fetch(&mut self, from: u64, limit: i64) -> Result<Vec<Fetched>, StoreError> {
        let rows = self
            .client()?
            .query(
                "SELECT position, event_id, record FROM wettbewerb_events \
                 WHERE position >= $1 ORDER BY position LIMIT $2",
                &[&position(from), &limit],
            )
            .map_err(error)?;
        Ok(rows
            .into_iter()
            .map(|row| Fetched {
                position: row.get::<_, i64>(0) as u64,
                event_id: row.get(1),
                record: row.get(2),
            })
            .collect())
    }

    /// The id of the event at `at`, if the log reaches that far.
    pub fn event_id_at(&mut self, at: u64) -> Result<Option<Uuid>, StoreError> {
        let row = self
            .client()?
            .query_opt(
                "SELECT event_id FROM wettbewerb_events WHERE position = $1",
                &[&position(at)],
            )
            .map_err(error)?;
        Ok(row.map(|row| row.get(0)))
    }

    /// Inserts the rows and commits, waking every follower. Any failure leaves the outcome to
    /// the next pull: a commit whose answer was lost may still have happened.
    pub fn insert_and_commit(&mut self, rows: &[Row]) -> Result<(), StoreError> {
        let outcome = self.try_insert_and_commit(rows);
        if outcome.is_err() {
            self.abandon();
        }
        self.in_transaction = false;
        outcome
    }

    fn try_insert_and_commit(&mut self, rows: &[Row]) -> Result<(), StoreError> {
        let Some(last) = rows.last() else {
            return self.client()?.batch_execute("COMMIT").map_err(error);
        };
        // The rows, the notification and the commit in one round trip: a simple query of
        // literals, each string escaped (whatever `standard_conforming_strings` says), the
        // records hex-encoded.
        let mut sql = String::with_capacity(
            256 + rows
                .iter()
                .map(|r| 160 + r.stream.len() + 2 * r.record.len())
                .sum::<usize>(),
        );
        sql.push_str(
            "INSERT INTO wettbewerb_events \
             (position, stream, revision, event_id, event_type, created, record) VALUES ",
        );
        for (n, row) in rows.iter().enumerate() {
            if n > 0 {
                sql.push(',');
            }
            let _ = write!(
                sql,
                "({}, {}, {}, '{}', {}, '{}', decode('{}', 'hex'))",
                position(row.position),
                escape_literal(&row.stream),
                position(row.revision),
                row.event_id,
                escape_literal(&row.event_type),
                row.created.to_rfc3339_opts(SecondsFormat::Micros, true),
                hex::encode(&row.record),
            );
        }
        let _ = write!(
            sql,
            "; SELECT pg_notify('{CHANNEL}', '{}'); COMMIT",
            last.position + 1
        );
        self.client()?.batch_execute(&sql).map_err(error)
    }

    /// Ends the appending transaction without writing (every append in it was refused or
    /// replayed); releases the lock.
    pub fn finish_without_writing(&mut self) {
        if self.in_transaction {
            self.in_transaction = false;
            if let Some(client) = self.client.as_mut()
                && client.batch_execute("ROLLBACK").is_err()
            {
                self.client = None;
            }
        }
    }

    /// After a failure the connection's state is unknown: drop it; the next use reconnects
    /// (and PostgreSQL rolls back and releases the lock of a closed session).
    pub fn abandon(&mut self) {
        self.in_transaction = false;
        self.client = None;
    }
}

/// Refuses a log written by a binary with newer event schemas, as the embedded store does;
/// records this binary's schema version once it writes in it.
fn check_schema(client: &mut Client, schema: u64) -> Result<(), StoreError> {
    let found = client
        .query_opt(
            "SELECT value FROM wettbewerb_log WHERE key = 'schema_version'",
            &[],
        )
        .map_err(error)?
        .and_then(|row| row.get::<_, String>(0).parse::<u64>().ok())
        .unwrap_or(0);
    if found > schema {
        return Err(StoreError::NewerFormat {
            path: "the PostgreSQL log".into(),
            what: "event schema version",
            found,
            supported: schema,
        });
    }
    if found < schema {
        client
            .execute(
                "INSERT INTO wettbewerb_log (key, value) VALUES ('schema_version', $1) \
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                &[&schema.to_string()],
            )
            .map_err(error)?;
    }
    Ok(())
}

/// Wakes the writer whenever another instance committed, and every [`POLL`] in case a
/// notification was lost. Runs until the store closes (its command sender is gone).
pub fn follow(
    url: String,
    commands: Arc<Mutex<Option<mpsc::Sender<Command>>>>,
    queued: Arc<AtomicBool>,
) {
    let wake = || -> bool {
        let Ok(guard) = commands.lock() else {
            return false;
        };
        let Some(sender) = guard.as_ref() else {
            return false;
        };
        if !queued.swap(true, Ordering::SeqCst) && sender.send(Command::CatchUp).is_err() {
            return false;
        }
        true
    };
    let mut failures = 0u32;
    loop {
        let mut client = match connect(&url).and_then(|mut c| {
            c.batch_execute(&format!("LISTEN {CHANNEL}"))
                .map_err(error)
                .map(|()| c)
        }) {
            Ok(client) => {
                failures = 0;
                client
            }
            Err(e) => {
                failures += 1;
                if failures == 1 {
                    tracing::warn!(error = %e, "following the PostgreSQL log failed; retrying");
                }
                if !wake() {
                    return;
                }
                std::thread::sleep(POLL);
                continue;
            }
        };
        // Whatever was committed while this connection was being made.
        if !wake() {
            return;
        }
        loop {
            let mut notifications = client.notifications();
            let mut iter = notifications.timeout_iter(POLL);
            let woke = match iter.next() {
                Ok(_) => wake(),
                Err(_) => break,
            };
            if !woke {
                return;
            }
        }
    }
}
