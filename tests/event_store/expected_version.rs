//! Every expected-version and idempotency case, as a table.

use wettbewerb::event_store::{
    ActualRevision, AppendError, EventStore, ExpectedRevision as E, NewEvent, StreamName,
};

use crate::support::{self, event, events, stream};

/// The stream a case starts from.
#[derive(Debug, Clone, Copy)]
enum Start {
    Missing,
    /// Revisions 0, 1, 2.
    ThreeEvents,
    /// Three events, then soft-deleted.
    SoftDeleted,
    /// Three events, then a tombstone at revision 3.
    Tombstoned,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    /// Written; the stream's last revision afterwards.
    Written(u64),
    WrongVersion(ActualRevision),
    Deleted,
}

async fn prepare(store: &EventStore, name: &StreamName, start: Start) {
    if matches!(start, Start::Missing) {
        return;
    }
    store.append(name, E::NoStream, events(3)).await.unwrap();
    match start {
        Start::SoftDeleted => {
            store.delete_stream(name, E::Exact(2)).await.unwrap();
        }
        Start::Tombstoned => {
            store.tombstone_stream(name, E::Exact(2)).await.unwrap();
        }
        _ => {}
    }
}

fn outcome(result: Result<wettbewerb::event_store::AppendResult, AppendError>) -> Outcome {
    match result {
        Ok(r) => Outcome::Written(r.next_expected),
        Err(AppendError::WrongExpectedVersion { actual, .. }) => Outcome::WrongVersion(actual),
        Err(AppendError::StreamDeleted(_)) => Outcome::Deleted,
        Err(other) => panic!("unexpected error {other}"),
    }
}

#[tokio::test]
async fn every_expected_revision_against_every_stream_state() {
    use ActualRevision as A;
    use Outcome::*;
    let cases = [
        (Start::Missing, E::Any, Written(0)),
        (Start::Missing, E::NoStream, Written(0)),
        (Start::Missing, E::StreamExists, WrongVersion(A::NoStream)),
        (Start::Missing, E::Exact(0), WrongVersion(A::NoStream)),
        (Start::ThreeEvents, E::Any, Written(3)),
        (
            Start::ThreeEvents,
            E::NoStream,
            WrongVersion(A::Revision(2)),
        ),
        (Start::ThreeEvents, E::StreamExists, Written(3)),
        (Start::ThreeEvents, E::Exact(2), Written(3)),
        (
            Start::ThreeEvents,
            E::Exact(1),
            WrongVersion(A::Revision(2)),
        ),
        (
            Start::ThreeEvents,
            E::Exact(3),
            WrongVersion(A::Revision(2)),
        ),
        (Start::SoftDeleted, E::Any, Written(3)),
        (Start::SoftDeleted, E::NoStream, Written(3)),
        (Start::SoftDeleted, E::Exact(2), Written(3)),
        (
            Start::SoftDeleted,
            E::StreamExists,
            WrongVersion(A::SoftDeleted(2)),
        ),
        (
            Start::SoftDeleted,
            E::Exact(0),
            WrongVersion(A::SoftDeleted(2)),
        ),
        (Start::Tombstoned, E::Any, Deleted),
        (Start::Tombstoned, E::NoStream, Deleted),
        (Start::Tombstoned, E::Exact(3), Deleted),
    ];
    let t = support::open();
    for (i, (start, expected, want)) in cases.into_iter().enumerate() {
        let name = stream(&format!("case-{i}"));
        prepare(&t.store, &name, start).await;
        let got = outcome(t.store.append(&name, expected, vec![event(99)]).await);
        assert_eq!(got, want, "case {i}: {start:?} appending with {expected:?}");
    }
}

#[tokio::test]
async fn a_wrong_expected_version_names_both_revisions_and_writes_nothing() {
    let t = support::open();
    let name = stream("order-1");
    t.store.append(&name, E::NoStream, events(2)).await.unwrap();
    let before = t.store.committed_count();
    let error = t
        .store
        .append(&name, E::Exact(0), events(3))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "wrong expected version: expected revision 0, but the stream is at revision 1"
    );
    assert_eq!(t.store.committed_count(), before);
}

/// (stream before, expected on the retry, what the retry returns)
#[tokio::test]
async fn appending_the_same_batch_again_is_idempotent_exactly_where_it_was_written() {
    use Outcome::*;
    let t = support::open();
    // Each case: first append (expected), retry's expected, outcome of the retry.
    let cases = [
        (E::NoStream, E::NoStream, Written(1)),
        (E::NoStream, E::Any, Written(1)),
        (E::NoStream, E::StreamExists, Written(1)),
        (
            E::NoStream,
            E::Exact(0),
            WrongVersion(wettbewerb::event_store::ActualRevision::Revision(1)),
        ),
    ];
    for (i, (first, retry, want)) in cases.into_iter().enumerate() {
        let name = stream(&format!("idem-{i}"));
        let batch = events(2);
        t.store.append(&name, first, batch.clone()).await.unwrap();
        let before = t.store.committed_count();
        let got = outcome(t.store.append(&name, retry, batch).await);
        assert_eq!(got, want, "case {i}: retry with {retry:?}");
        assert_eq!(
            t.store.committed_count(),
            before,
            "case {i} wrote something"
        );
    }
}

#[tokio::test]
async fn a_retry_after_later_appends_still_succeeds_without_writing() {
    let t = support::open();
    let name = stream("idem-later");
    let batch = events(2);
    t.store
        .append(&name, E::NoStream, batch.clone())
        .await
        .unwrap();
    t.store.append(&name, E::Exact(1), events(3)).await.unwrap();
    let result = t.store.append(&name, E::NoStream, batch).await.unwrap();
    assert_eq!(result.next_expected, 1);
    assert_eq!(t.store.committed_count(), 5);
}

#[tokio::test]
async fn a_batch_of_which_only_some_ids_are_written_is_a_wrong_expected_version() {
    let t = support::open();
    let name = stream("idem-partial");
    let batch = events(2);
    t.store
        .append(&name, E::NoStream, batch.clone())
        .await
        .unwrap();
    let mut mixed = vec![batch[1].clone()];
    mixed.push(event(7));
    let error = t.store.append(&name, E::Exact(0), mixed).await.unwrap_err();
    assert!(
        matches!(error, AppendError::WrongExpectedVersion { .. }),
        "{error}"
    );
    assert_eq!(t.store.committed_count(), 2);
}

#[tokio::test]
async fn an_event_id_used_in_another_stream_is_refused() {
    let t = support::open();
    let shared = event(1);
    t.store
        .append(&stream("a-1"), E::Any, vec![shared.clone()])
        .await
        .unwrap();
    let error = t
        .store
        .append(&stream("b-1"), E::Any, vec![shared])
        .await
        .unwrap_err();
    assert!(
        matches!(error, AppendError::DuplicateEventId { .. }),
        "{error}"
    );
}

#[tokio::test]
async fn a_batch_is_all_or_nothing() {
    let t = support::open();
    let name = stream("batch-1");
    let mut batch = events(3);
    batch.push(NewEvent::new("", serde_json::json!({})));
    let error = t.store.append(&name, E::NoStream, batch).await.unwrap_err();
    assert!(matches!(error, AppendError::Invalid(_)), "{error}");
    assert_eq!(t.store.committed_count(), 0);
    assert!(
        t.store
            .read_stream(
                &name,
                wettbewerb::event_store::Direction::Forwards,
                wettbewerb::event_store::ReadFrom::Start,
                10
            )
            .is_err()
    );
}

#[test]
fn reserved_and_malformed_stream_names_are_refused() {
    for name in ["", "$all", "$ce-application", "$et-X", "a\0b", "$$", "$$$x"] {
        assert!(
            StreamName::parse(name).is_err(),
            "{name:?} should be refused"
        );
    }
    assert_eq!(stream("application-1").category(), Some("application"));
    assert_eq!(stream("$$application-1").category(), None);
    assert_eq!(stream("plain").category(), None);
}
