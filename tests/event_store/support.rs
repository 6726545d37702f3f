use std::sync::Arc;

use serde_json::json;
use tempfile::TempDir;
use wettbewerb::clock::Clock;
use wettbewerb::event_store::{EventStore, NewEvent, StoreOptions, StreamName};

pub struct TestStore {
    pub store: EventStore,
    #[allow(dead_code)] // keeps the directory alive as long as the store
    pub dir: TempDir,
}

pub fn open() -> TestStore {
    let dir = TempDir::new().expect("temp dir");
    let store = EventStore::open(StoreOptions::new(dir.path().join("events")).unwrap()).unwrap();
    TestStore { store, dir }
}

pub fn open_with_clock(clock: Arc<dyn Clock>) -> TestStore {
    let dir = TempDir::new().expect("temp dir");
    let options = StoreOptions::new(dir.path().join("events"))
        .unwrap()
        .with_clock(clock);
    TestStore {
        store: EventStore::open(options).unwrap(),
        dir,
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
