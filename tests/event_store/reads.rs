//! Reading streams, `$all`, `$ce-` and `$et-` in both directions.

use serde_json::json;
use wettbewerb::event_store::{
    Direction::{Backwards, Forwards},
    ExpectedRevision as E, NewEvent, ReadError,
    ReadFrom::{At, End, Start},
};

use crate::support::{self, events, stream};

fn revisions(events: &[wettbewerb::event_store::RecordedEvent]) -> Vec<u64> {
    events.iter().map(|e| e.revision).collect()
}

fn positions(events: &[wettbewerb::event_store::RecordedEvent]) -> Vec<u64> {
    events.iter().map(|e| e.position.0).collect()
}

#[tokio::test]
async fn a_stream_reads_forwards_and_backwards_from_any_revision() {
    let t = support::open();
    let name = stream("order-7");
    t.store.append(&name, E::NoStream, events(5)).await.unwrap();

    let read = |direction, from, max| t.store.read_stream(&name, direction, from, max).unwrap();
    assert_eq!(revisions(&read(Forwards, Start, 10)), [0, 1, 2, 3, 4]);
    assert_eq!(revisions(&read(Forwards, At(2), 2)), [2, 3]);
    assert_eq!(revisions(&read(Forwards, At(9), 2)), Vec::<u64>::new());
    assert_eq!(revisions(&read(Backwards, End, 3)), [4, 3, 2]);
    assert_eq!(revisions(&read(Backwards, At(1), 10)), [1, 0]);
    let first = &read(Forwards, Start, 1)[0];
    assert_eq!(first.data, json!({ "n": 0 }));
    assert_eq!(first.event_type, "Something");
    assert_eq!(first.stream, name);
}

#[tokio::test]
async fn a_missing_stream_reads_as_not_found() {
    let t = support::open();
    let error = t
        .store
        .read_stream(&stream("nothing-here"), Forwards, Start, 10)
        .unwrap_err();
    assert!(matches!(error, ReadError::StreamNotFound(_)), "{error}");
}

#[tokio::test]
async fn all_reads_every_event_in_commit_order_both_ways() {
    let t = support::open();
    t.store
        .append(&stream("a-1"), E::Any, events(2))
        .await
        .unwrap();
    t.store
        .append(&stream("b-1"), E::Any, events(2))
        .await
        .unwrap();
    t.store
        .append(&stream("a-2"), E::Any, events(1))
        .await
        .unwrap();

    let all = t.store.read_all(Forwards, Start, 100).unwrap();
    assert_eq!(positions(&all), [0, 1, 2, 3, 4]);
    let streams: Vec<_> = all.iter().map(|e| e.stream.as_str()).collect();
    assert_eq!(streams, ["a-1", "a-1", "b-1", "b-1", "a-2"]);
    assert_eq!(
        positions(&t.store.read_all(Forwards, At(3), 100).unwrap()),
        [3, 4]
    );
    assert_eq!(
        positions(&t.store.read_all(Backwards, End, 2).unwrap()),
        [4, 3]
    );
    assert_eq!(
        positions(&t.store.read_all(Backwards, At(2), 100).unwrap()),
        [2, 1, 0]
    );
    assert_eq!(t.store.last_position().map(|p| p.0), Some(4));
}

#[tokio::test]
async fn category_and_event_type_views_come_from_their_indexes() {
    let t = support::open();
    t.store
        .append(&stream("application-1"), E::Any, events(2))
        .await
        .unwrap();
    t.store
        .append(
            &stream("juror-1"),
            E::Any,
            vec![NewEvent::new("JurorAppointed", json!({}))],
        )
        .await
        .unwrap();
    t.store
        .append(
            &stream("application-2"),
            E::Any,
            vec![NewEvent::new("JurorAppointed", json!({}))],
        )
        .await
        .unwrap();

    let applications = t
        .store
        .read_category("application", Forwards, Start, 10)
        .unwrap();
    assert_eq!(positions(&applications), [0, 1, 3]);
    let backwards = t
        .store
        .read_category("application", Backwards, End, 2)
        .unwrap();
    assert_eq!(positions(&backwards), [3, 1]);
    let from_two = t
        .store
        .read_category("application", Forwards, At(2), 10)
        .unwrap();
    assert_eq!(positions(&from_two), [3]);

    let appointed = t
        .store
        .read_event_type("JurorAppointed", Forwards, Start, 10)
        .unwrap();
    assert_eq!(positions(&appointed), [2, 3]);
    assert!(
        t.store
            .read_category("nobody", Forwards, Start, 10)
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn events_survive_closing_and_reopening_the_store() {
    let log = support::Log::new();
    {
        let store = log.open();
        store
            .append(&stream("keep-1"), E::NoStream, events(3))
            .await
            .unwrap();
    }
    let store = log.open();
    let read = store
        .read_stream(&stream("keep-1"), Forwards, Start, 10)
        .unwrap();
    assert_eq!(revisions(&read), [0, 1, 2]);
    let next = store
        .append(&stream("keep-1"), E::Exact(2), events(1))
        .await
        .unwrap();
    assert_eq!(next.position.0, 3);
}

/// On PostgreSQL an instance's replica may be lost, or belong to another log: opening the store
/// on such a directory gives the same reads as the log. On sled the directory is the log.
#[tokio::test]
async fn a_store_opened_on_a_new_or_foreign_replica_reads_the_whole_log() {
    let log = support::Log::new();
    if log.url.is_none() {
        return;
    }
    {
        let store = log.open();
        store
            .append(&stream("keep-1"), E::NoStream, events(3))
            .await
            .unwrap();
        store
            .append(&stream("other-1"), E::NoStream, events(2))
            .await
            .unwrap();
    }
    // A fresh directory: the replica is built from the log.
    let fresh = log.dir.path().join("fresh");
    let store = wettbewerb::event_store::EventStore::open(log.options_at(fresh)).unwrap();
    assert_eq!(store.committed_count(), 5);
    let read = store
        .read_stream(&stream("keep-1"), Forwards, Start, 10)
        .unwrap();
    assert_eq!(revisions(&read), [0, 1, 2]);
    assert_eq!(
        store
            .read_category("other", Forwards, Start, 10)
            .unwrap()
            .len(),
        2
    );
    drop(store);
    // A replica of another log in the same directory is discarded, not mixed in.
    let other = support::Log::new();
    let foreign = wettbewerb::event_store::EventStore::open(other.options_at(log.path())).unwrap();
    assert_eq!(foreign.committed_count(), 0);
    assert!(
        foreign
            .read_stream(&stream("keep-1"), Forwards, Start, 10)
            .is_err()
    );
}
