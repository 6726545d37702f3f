//! Racing writers and catch-up subscribers on the real store.

use std::collections::HashSet;

use wettbewerb::event_store::{
    ActualRevision, AppendError, Direction::Forwards, ExpectedRevision as E, Position,
    ReadFrom::Start, RecordedEvent,
};

use crate::support::{self, event, events, stream};

const WRITERS: usize = 16;
const TARGET_EVENTS: u64 = 320;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_writers_racing_with_exact_revisions_win_each_revision_exactly_once() {
    let t = support::open();
    let name = stream("race-1");
    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let store = t.store.clone();
        let name = name.clone();
        tasks.push(tokio::spawn(async move {
            let mut expected = E::NoStream;
            let mut won = Vec::new();
            let mut lost = 0u32;
            loop {
                match store
                    .append(&name, expected, vec![event(writer as u64)])
                    .await
                {
                    Ok(result) => {
                        won.push(result.next_expected);
                        expected = E::Exact(result.next_expected);
                    }
                    Err(AppendError::WrongExpectedVersion {
                        actual,
                        expected: e,
                        ..
                    }) => {
                        lost += 1;
                        let ActualRevision::Revision(actual) = actual else {
                            panic!("the stream exists, yet the loser was told {actual}");
                        };
                        if let E::Exact(e) = e {
                            assert!(actual > e, "actual {actual} is not past expected {e}");
                        }
                        if actual + 1 >= TARGET_EVENTS {
                            return (won, lost);
                        }
                        expected = E::Exact(actual);
                    }
                    Err(other) => panic!("unexpected error: {other}"),
                }
                if won.last().is_some_and(|r| r + 1 >= TARGET_EVENTS) {
                    return (won, lost);
                }
            }
        }));
    }
    let mut winners = Vec::new();
    let mut losses = 0;
    for task in tasks {
        let (won, lost) = task.await.unwrap();
        winners.extend(won);
        losses += lost;
    }
    winners.sort();
    let expected: Vec<u64> = (0..winners.len() as u64).collect();
    assert_eq!(winners, expected, "every revision has exactly one winner");
    assert!(winners.len() as u64 >= TARGET_EVENTS);
    assert!(
        losses > 0,
        "16 writers on one stream should collide at least once"
    );

    let all = t.store.read_all(Forwards, Start, 10_000).unwrap();
    assert_eq!(all.len(), winners.len());
    assert_gap_free(&all);
    let revisions: Vec<u64> = all.iter().map(|e| e.revision).collect();
    assert_eq!(revisions, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_catch_up_subscriber_sees_exactly_the_final_all_while_writers_append() {
    let t = support::open();
    // History before the subscription starts.
    t.store
        .append(&stream("early-1"), E::Any, events(25))
        .await
        .unwrap();
    let mut all_subscription = t.store.subscribe_to_all(None);
    let mut category_subscription = t.store.subscribe_to_category("busy", None);

    let mut writers = Vec::new();
    for w in 0..8u64 {
        let store = t.store.clone();
        writers.push(tokio::spawn(async move {
            let name = stream(&format!("busy-{w}"));
            for round in 0..40u64 {
                let size = 1 + (w + round) % 3;
                store.append(&name, E::Any, events(size)).await.unwrap();
            }
        }));
    }
    let written: u64 = 25
        + (0..8u64)
            .map(|w| (0..40u64).map(|r| 1 + (w + r) % 3).sum::<u64>())
            .sum::<u64>();
    let busy = written - 25;

    let mut seen = Vec::new();
    while (seen.len() as u64) < written {
        seen.push(all_subscription.next().await.unwrap());
    }
    let mut seen_category = Vec::new();
    while (seen_category.len() as u64) < busy {
        seen_category.push(category_subscription.next().await.unwrap());
    }
    for writer in writers {
        writer.await.unwrap();
    }
    let final_all = t.store.read_all(Forwards, Start, 100_000).unwrap();
    assert_eq!(final_all.len() as u64, written);
    assert_eq!(
        ids(&seen),
        ids(&final_all),
        "the subscriber saw exactly $all, in order"
    );
    assert_gap_free(&seen);

    let final_category = t
        .store
        .read_category("busy", Forwards, Start, 100_000)
        .unwrap();
    assert_eq!(ids(&seen_category), ids(&final_category));

    // Nothing more arrives: the next event is one written after this point.
    let late = t
        .store
        .append(&stream("late-1"), E::Any, events(1))
        .await
        .unwrap();
    let next = all_subscription.next().await.unwrap();
    assert_eq!(next.position, late.position);
}

#[tokio::test]
async fn a_checkpoint_is_exclusive() {
    let t = support::open();
    t.store
        .append(&stream("c-1"), E::Any, events(5))
        .await
        .unwrap();
    let mut from_two = t.store.subscribe_to_all(Some(Position(2)));
    assert_eq!(from_two.next().await.unwrap().position, Position(3));

    let name = stream("c-1");
    let mut stream_sub = t.store.subscribe_to_stream(&name, Some(3));
    assert_eq!(stream_sub.next().await.unwrap().revision, 4);
    t.store.append(&name, E::Exact(4), events(1)).await.unwrap();
    assert_eq!(stream_sub.next().await.unwrap().revision, 5);
}

fn ids(events: &[RecordedEvent]) -> Vec<(u64, String)> {
    events
        .iter()
        .map(|e| (e.position.0, e.event_id.to_string()))
        .collect()
}

fn assert_gap_free(events: &[RecordedEvent]) {
    for (i, event) in events.iter().enumerate() {
        assert_eq!(event.position.0, i as u64, "gap or duplicate at {i}");
    }
    let unique: HashSet<_> = events.iter().map(|e| e.event_id).collect();
    assert_eq!(unique.len(), events.len(), "duplicate event ids");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn readers_never_see_a_stream_head_that_is_not_durable_yet() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use wettbewerb::event_store::{Direction::Backwards, ReadFrom::End, StreamMetadata};

    let t = support::open();
    let name = stream("window-1");
    t.store.append(&name, E::NoStream, events(1)).await.unwrap();
    let metadata = StreamMetadata {
        max_count: Some(1),
        ..Default::default()
    };
    t.store
        .set_stream_metadata(&name, E::NoStream, &metadata)
        .await
        .unwrap();

    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (store, name, done) = (t.store.clone(), name.clone(), done.clone());
        std::thread::spawn(move || {
            let (mut reads, mut empty) = (0u64, 0u64);
            while !done.load(Ordering::SeqCst) {
                let read = store.read_stream(&name, Backwards, End, 1).unwrap();
                reads += 1;
                if read.len() != 1 {
                    empty += 1;
                }
            }
            (reads, empty)
        })
    };
    for revision in 0..300u64 {
        t.store
            .append(&name, E::Exact(revision), events(1))
            .await
            .unwrap();
    }
    done.store(true, Ordering::SeqCst);
    let (reads, empty) = reader.join().unwrap();
    assert!(reads > 100, "the reader ran only {reads} times");
    assert_eq!(
        empty, 0,
        "{empty} of {reads} reads saw the newest event hidden by an uncommitted head"
    );
}

/// A subscriber that sees an event in `$all` must find it in its stream: read models and the
/// outbox read the stream right after the event arrives.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_event_seen_in_all_is_found_in_its_stream_while_new_streams_are_written() {
    let t = support::open();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let store = t.store.clone();
            tokio::spawn(async move {
                for i in 0..60 {
                    let name = stream(&format!("fresh-{w}x{i}"));
                    store
                        .append(&name, E::NoStream, vec![event(i)])
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    let mut subscription = t.store.subscribe_to_all(None);
    let mut missing = 0;
    for _ in 0..480 {
        let seen = subscription.next().await.unwrap();
        let found = t
            .store
            .read_stream(&seen.stream, Forwards, Start, 10)
            .map(|events| events.iter().any(|e| e.position == seen.position))
            .unwrap_or(false);
        if !found {
            missing += 1;
        }
    }
    for writer in writers {
        writer.await.unwrap();
    }
    assert_eq!(missing, 0, "events seen in $all but not in their stream");
}
