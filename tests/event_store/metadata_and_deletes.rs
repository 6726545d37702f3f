//! `$maxCount`, `$maxAge`, `$tb`, soft delete and tombstones, with EventStoreDB's behaviour.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use wettbewerb::clock::ManualClock;
use wettbewerb::event_store::{
    AppendError, Direction::Forwards, ExpectedRevision as E, ReadError, ReadFrom::Start,
    StreamMetadata,
};

use crate::support::{self, events, stream};

fn revisions(events: Vec<wettbewerb::event_store::RecordedEvent>) -> Vec<u64> {
    events.iter().map(|e| e.revision).collect()
}

#[tokio::test]
async fn max_count_hides_all_but_the_newest_events() {
    let t = support::open();
    let name = stream("log-1");
    t.store.append(&name, E::NoStream, events(5)).await.unwrap();
    let metadata = StreamMetadata {
        max_count: Some(2),
        ..Default::default()
    };
    t.store
        .set_stream_metadata(&name, E::NoStream, &metadata)
        .await
        .unwrap();
    let read = t.store.read_stream(&name, Forwards, Start, 10).unwrap();
    assert_eq!(revisions(read), [3, 4]);
    assert_eq!(t.store.stream_metadata(&name).unwrap().max_count, Some(2));
    // $all still shows everything that was written, and the metadata event itself.
    assert_eq!(t.store.read_all(Forwards, Start, 100).unwrap().len(), 6);
}

#[tokio::test]
async fn max_age_hides_events_older_than_the_clock_allows() {
    let clock = ManualClock::at(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let t = support::open_with_clock(Arc::new(clock.clone()));
    let name = stream("session-1");
    t.store.append(&name, E::NoStream, events(2)).await.unwrap();
    clock.advance(Duration::hours(2));
    t.store.append(&name, E::Exact(1), events(1)).await.unwrap();
    let metadata = StreamMetadata {
        max_age: Some(3600),
        ..Default::default()
    };
    t.store
        .set_stream_metadata(&name, E::Any, &metadata)
        .await
        .unwrap();
    assert_eq!(
        revisions(t.store.read_stream(&name, Forwards, Start, 10).unwrap()),
        [2]
    );
    clock.advance(Duration::hours(2));
    assert!(
        t.store
            .read_stream(&name, Forwards, Start, 10)
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn truncate_before_hides_earlier_revisions() {
    let t = support::open();
    let name = stream("trunc-1");
    t.store.append(&name, E::NoStream, events(4)).await.unwrap();
    let metadata = StreamMetadata {
        truncate_before: Some(3),
        ..Default::default()
    };
    t.store
        .set_stream_metadata(&name, E::Any, &metadata)
        .await
        .unwrap();
    assert_eq!(
        revisions(t.store.read_stream(&name, Forwards, Start, 10).unwrap()),
        [3]
    );
}

#[tokio::test]
async fn a_soft_deleted_stream_reads_as_not_found_and_continues_its_revisions() {
    let t = support::open();
    let name = stream("draft-1");
    t.store.append(&name, E::NoStream, events(3)).await.unwrap();
    t.store.delete_stream(&name, E::Exact(2)).await.unwrap();
    let error = t.store.read_stream(&name, Forwards, Start, 10).unwrap_err();
    assert!(matches!(error, ReadError::StreamNotFound(_)), "{error}");

    let result = t.store.append(&name, E::NoStream, events(2)).await.unwrap();
    assert_eq!(result.next_expected, 4);
    // The old events stay hidden; the new ones continue from revision 3.
    assert_eq!(
        revisions(t.store.read_stream(&name, Forwards, Start, 10).unwrap()),
        [3, 4]
    );
    assert_eq!(t.store.read_all(Forwards, Start, 100).unwrap().len(), 6);
}

#[tokio::test]
async fn soft_deleting_a_missing_stream_says_so() {
    let t = support::open();
    let error = t
        .store
        .delete_stream(&stream("ghost-1"), E::Any)
        .await
        .unwrap_err();
    assert!(matches!(error, AppendError::StreamNotFound(_)), "{error}");
}

#[tokio::test]
async fn a_tombstoned_stream_reads_as_deleted_and_refuses_appends_for_ever() {
    let t = support::open();
    let name = stream("gone-1");
    t.store.append(&name, E::NoStream, events(2)).await.unwrap();
    t.store.tombstone_stream(&name, E::Exact(1)).await.unwrap();
    let error = t.store.read_stream(&name, Forwards, Start, 10).unwrap_err();
    assert!(matches!(error, ReadError::StreamDeleted(_)), "{error}");
    let error = t.store.append(&name, E::Any, events(1)).await.unwrap_err();
    assert!(matches!(error, AppendError::StreamDeleted(_)), "{error}");
    let error = t.store.delete_stream(&name, E::Any).await.unwrap_err();
    assert!(matches!(error, AppendError::StreamDeleted(_)), "{error}");
    let last = t
        .store
        .read_all(Forwards, Start, 100)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.event_type, "$streamDeleted");
}

#[tokio::test]
async fn a_tombstone_with_a_wrong_expected_version_is_refused() {
    let t = support::open();
    let name = stream("gone-2");
    t.store.append(&name, E::NoStream, events(2)).await.unwrap();
    let error = t
        .store
        .tombstone_stream(&name, E::Exact(0))
        .await
        .unwrap_err();
    assert!(
        matches!(error, AppendError::WrongExpectedVersion { .. }),
        "{error}"
    );
    assert_eq!(
        revisions(t.store.read_stream(&name, Forwards, Start, 10).unwrap()),
        [0, 1]
    );
}

#[tokio::test]
async fn a_recreated_streams_metadata_can_be_written_back_without_deleting_it_again() {
    let t = support::open();
    let name = stream("recreate-1");
    t.store.append(&name, E::NoStream, events(3)).await.unwrap();
    t.store.delete_stream(&name, E::Exact(2)).await.unwrap();
    t.store.append(&name, E::NoStream, events(1)).await.unwrap();

    let mut metadata = t.store.stream_metadata(&name).unwrap();
    assert_eq!(
        metadata.truncate_before,
        Some(3),
        "$tb moves to the first new revision"
    );
    metadata.max_count = Some(10);
    t.store
        .set_stream_metadata(&name, E::Any, &metadata)
        .await
        .unwrap();
    assert_eq!(
        revisions(t.store.read_stream(&name, Forwards, Start, 10).unwrap()),
        [3]
    );
}

#[tokio::test]
async fn retrying_a_no_stream_append_that_recreated_a_stream_writes_nothing() {
    let t = support::open();
    let name = stream("recreate-2");
    t.store.append(&name, E::NoStream, events(3)).await.unwrap();
    t.store.delete_stream(&name, E::Exact(2)).await.unwrap();
    let batch = events(2);
    let first = t
        .store
        .append(&name, E::NoStream, batch.clone())
        .await
        .unwrap();
    let before = t.store.committed_count();
    let retry = t.store.append(&name, E::NoStream, batch).await.unwrap();
    assert_eq!(retry.next_expected, first.next_expected);
    assert_eq!(t.store.committed_count(), before);
}

#[tokio::test]
async fn an_enormous_max_age_hides_nothing_and_never_panics() {
    let t = support::open();
    let name = stream("ancient-1");
    t.store.append(&name, E::NoStream, events(2)).await.unwrap();
    for max_age in [u64::MAX / 2, u64::MAX, 9_000_000_000_000] {
        let metadata = StreamMetadata {
            max_age: Some(max_age),
            ..Default::default()
        };
        t.store
            .set_stream_metadata(&name, E::Any, &metadata)
            .await
            .unwrap();
        assert_eq!(
            revisions(t.store.read_stream(&name, Forwards, Start, 10).unwrap()),
            [0, 1]
        );
    }
}
