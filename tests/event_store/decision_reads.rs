//! An append guarded by the streams its decision read: refused, with nothing written, when one
//! of them moved; accepted when none did.

use wettbewerb::event_store::{
    ActualRevision, AppendError, Direction::Forwards, ExpectedRevision as E, ReadError,
    ReadFrom::Start,
};

use crate::support::{self, event, events, stream};

#[tokio::test]
async fn an_append_whose_read_stream_moved_is_refused_and_writes_nothing() {
    let t = support::open();
    let (target, read) = (stream("decision-1"), stream("fact-1"));
    t.store.append(&read, E::NoStream, events(2)).await.unwrap();
    // Read at revision 1, then someone else appends to it.
    t.store
        .append(&read, E::Exact(1), vec![event(9)])
        .await
        .unwrap();

    let refused = t
        .store
        .append_checked(
            &target,
            E::NoStream,
            vec![event(1)],
            vec![(read.clone(), E::Exact(1))],
        )
        .await;

    match refused {
        Err(AppendError::ReadStreamMoved {
            stream,
            expected,
            actual,
        }) => {
            assert_eq!(stream, read);
            assert_eq!(expected, E::Exact(1));
            assert_eq!(actual, ActualRevision::Revision(2));
        }
        other => panic!("expected ReadStreamMoved, got {other:?}"),
    }
    assert!(matches!(
        t.store.read_stream(&target, Forwards, Start, 10),
        Err(ReadError::StreamNotFound(_))
    ));
    assert_eq!(t.store.committed_count(), 3);
}

#[tokio::test]
async fn an_append_whose_read_streams_are_unchanged_is_written() {
    let t = support::open();
    let target = stream("decision-2");
    let (a, b, missing) = (stream("fact-a"), stream("fact-b"), stream("fact-none"));
    t.store.append(&a, E::NoStream, events(3)).await.unwrap();
    t.store.append(&b, E::NoStream, events(1)).await.unwrap();
    t.store
        .append(&target, E::NoStream, events(1))
        .await
        .unwrap();

    let written = t
        .store
        .append_checked(
            &target,
            E::Exact(0),
            vec![event(7)],
            // A stream read as absent is guarded too: it must still be absent.
            vec![(a, E::Exact(2)), (b, E::Exact(0)), (missing, E::NoStream)],
        )
        .await
        .unwrap();

    assert_eq!(written.next_expected, 1);
    let read = t.store.read_stream(&target, Forwards, Start, 10).unwrap();
    assert_eq!(read.len(), 2);
}

#[tokio::test]
async fn a_read_stream_created_since_it_was_read_as_absent_counts_as_moved() {
    let t = support::open();
    let (target, read) = (stream("decision-3"), stream("fact-3"));
    t.store.append(&read, E::NoStream, events(1)).await.unwrap();

    let refused = t
        .store
        .append_checked(
            &target,
            E::NoStream,
            vec![event(1)],
            vec![(read, E::NoStream)],
        )
        .await;

    assert!(matches!(refused, Err(AppendError::ReadStreamMoved { .. })));
    assert_eq!(t.store.committed_count(), 1);
}

#[tokio::test]
async fn the_targets_own_conflict_is_told_apart_from_a_moved_read_stream() {
    let t = support::open();
    let (target, read) = (stream("decision-4"), stream("fact-4"));
    t.store
        .append(&target, E::NoStream, events(2))
        .await
        .unwrap();
    t.store.append(&read, E::NoStream, events(2)).await.unwrap();

    // Both moved: the caller hears about its own stream.
    let refused = t
        .store
        .append_checked(
            &target,
            E::Exact(0),
            vec![event(1)],
            vec![(read, E::Exact(0))],
        )
        .await;

    assert!(matches!(
        refused,
        Err(AppendError::WrongExpectedVersion { .. })
    ));
}

/// Two decisions, each appending to the stream the other read, both at the revisions they saw:
/// whether they land in one commit or in two, exactly one is written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_decisions_that_read_each_others_streams_exactly_one_wins() {
    for round in 0..20 {
        let t = support::open();
        let (x, y) = (
            stream(&format!("left-{round}")),
            stream(&format!("right-{round}")),
        );
        t.store.append(&x, E::NoStream, events(1)).await.unwrap();
        t.store.append(&y, E::NoStream, events(1)).await.unwrap();

        let first = t.store.submit_append_checked(
            &x,
            E::Exact(0),
            vec![event(1)],
            vec![(y.clone(), E::Exact(0))],
        );
        let second = t.store.submit_append_checked(
            &y,
            E::Exact(0),
            vec![event(2)],
            vec![(x.clone(), E::Exact(0))],
        );
        let (first, second) = (first.wait().await, second.wait().await);

        assert!(first.is_ok(), "the first queued decision is written");
        assert!(matches!(
            second,
            Err(AppendError::ReadStreamMoved { ref stream, .. }) if *stream == x
        ));
        assert_eq!(
            t.store.read_stream(&x, Forwards, Start, 10).unwrap().len(),
            2
        );
        assert_eq!(
            t.store.read_stream(&y, Forwards, Start, 10).unwrap().len(),
            1
        );
    }
}

/// The same race from separate tasks: whoever commits first wins, the other is told its read
/// moved; never both.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_decisions_on_each_others_streams_never_both_win() {
    for round in 0..20 {
        let t = support::open();
        let (x, y) = (
            stream(&format!("left-{round}")),
            stream(&format!("right-{round}")),
        );
        t.store.append(&x, E::NoStream, events(1)).await.unwrap();
        t.store.append(&y, E::NoStream, events(1)).await.unwrap();
        let decide = |target: wettbewerb::event_store::StreamName, read| {
            let store = t.store.clone();
            tokio::spawn(async move {
                store
                    .append_checked(
                        &target,
                        E::Exact(0),
                        vec![event(1)],
                        vec![(read, E::Exact(0))],
                    )
                    .await
            })
        };
        let left = decide(x.clone(), y.clone());
        let right = decide(y.clone(), x.clone());
        let outcomes = [left.await.unwrap(), right.await.unwrap()];

        let won = outcomes.iter().filter(|o| o.is_ok()).count();
        let moved = outcomes
            .iter()
            .filter(|o| matches!(o, Err(AppendError::ReadStreamMoved { .. })))
            .count();
        assert_eq!((won, moved), (1, 1), "round {round}: {outcomes:?}");
        let written = t.store.read_stream(&x, Forwards, Start, 10).unwrap().len()
            + t.store.read_stream(&y, Forwards, Start, 10).unwrap().len();
        assert_eq!(written, 3);
    }
}
