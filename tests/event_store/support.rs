use std::path::PathBuf;
use std::sync::Arc;

use serde_json::json;
use tempfile::TempDir;
use wettbewerb::clock::Clock;
use wettbewerb::event_store::{EventStore, NewEvent, StoreOptions, StreamName};

#[path = "../common/postgres.rs"]
mod postgres;

/// A log on the engine under test: sled by default, PostgreSQL (with a sled replica in the
/// directory) when `WETTBEWERB_TEST_STORE=postgres`. `.ci/run` runs this suite on both.
pub struct Log {
    pub dir: TempDir,
    pub url: Option<String>,
}

impl Log {
    pub fn new() -> Self {
        let url = match std::env::var("WETTBEWERB_TEST_STORE").as_deref() {
            Ok("postgres") => Some(postgres::fresh_log(
                &postgres::server().expect("WETTBEWERB_TEST_STORE=postgres needs a server"),
            )),
            _ => None,
        };
        Self {
            dir: TempDir::new().expect("temp dir"),
            url,
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("events")
    }

    pub fn options(&self) -> StoreOptions {
        self.options_at(self.path())
    }

    /// The same log with its replica in `path` (on sled: the log itself is there).
    pub fn options_at(&self, path: PathBuf) -> StoreOptions {
        let options = StoreOptions::new(path).unwrap();
        match &self.url {
            Some(url) => options.with_postgres(url.clone()),
            None => options,
        }
    }

    pub fn open(&self) -> EventStore {
        EventStore::open(self.options()).unwrap()
    }
}

pub struct TestStore {
    pub store: EventStore,
    #[allow(dead_code)] // keeps the directory alive as long as the store
    pub log: Log,
}

pub fn open() -> TestStore {
    let log = Log::new();
    TestStore {
        store: log.open(),
        log,
    }
}

pub fn open_with_clock(clock: Arc<dyn Clock>) -> TestStore {
    let log = Log::new();
    TestStore {
        store: EventStore::open(log.options().with_clock(clock)).unwrap(),
        log,
    }
}

pub fn stream(name: &str) -> StreamName {
    StreamName::parse(name).unwrap()
}

pub fn event(n: u64) -> NewEvent {
    NewEvent::new("Something", json!({ "n": n }))
}

pub fn events(count: u64) -> Vec<NewEvent> {
    (0..count).map(event).collect()
}
