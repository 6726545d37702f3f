//! `$all` is commit order on PostgreSQL: writers on several instances race while a subscriber
//! on another instance and a raw reader of the table follow the log. Neither may ever see an
//! event after a later one, and every acknowledged append is where its answer said.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::json;
use wettbewerb::event_store::{
    EventStore, ExpectedRevision, NewEvent, Position, StoreOptions, StreamName,
};

const INSTANCES: usize = 3;
const WRITERS_PER_INSTANCE: usize = 8;
const APPENDS_PER_WRITER: usize = 40;

fn instance(url: &str, dir: &tempfile::TempDir, n: usize) -> EventStore {
    let options = StoreOptions::new(dir.path().join(format!("replica-{n}")))
        .unwrap()
        .with_postgres(url);
    EventStore::open(options).unwrap()
}

/// Reads the table as any client would, without the store's lock, and checks that whatever is
/// visible from the next expected position on is a gap-free run.
fn raw_reader(url: String, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
        let mut next: i64 = 0;
        loop {
            let stopping = stop.load(Ordering::SeqCst);
            let rows = client
                .query(
                    "SELECT position FROM wettbewerb_events WHERE position >= $1 ORDER BY position",
                    &[&next],
                )
                .unwrap();
            for row in rows {
                let position: i64 = row.get(0);
                assert_eq!(
                    position, next,
                    "position {position} became visible while {next} was not"
                );
                next += 1;
            }
            if stopping {
                return next as u64;
            }
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_writers_on_several_instances_commit_in_position_order() {
    let Some(server) = super::postgres::server() else {
        return;
    };
    let url = super::postgres::fresh_log(&server);
    let dir = tempfile::TempDir::new().unwrap();
    let url_for_open = url.clone();
    let (writers, follower) = tokio::task::spawn_blocking(move || {
        let writers: Vec<EventStore> = (0..INSTANCES)
            .map(|n| instance(&url_for_open, &dir, n))
            .collect();
        let follower = instance(&url_for_open, &dir, INSTANCES);
        (writers, (follower, dir))
    })
    .await
    .unwrap();
    let (follower, _dir) = follower;

    let stop = Arc::new(AtomicBool::new(false));
    let reader = raw_reader(url.clone(), stop.clone());
    let mut subscription = follower.subscribe_to_all(None);
    let expected_total = INSTANCES * WRITERS_PER_INSTANCE * APPENDS_PER_WRITER;
    let subscriber = tokio::spawn(async move {
        let mut seen = Vec::with_capacity(expected_total);
        while seen.len() < expected_total {
            let event = tokio::time::timeout(Duration::from_secs(60), subscription.next())
                .await
                .expect("the subscriber stalled")
                .expect("the subscription failed");
            seen.push((event.position, event.event_id.as_uuid()));
        }
        seen
    });

    let mut tasks = Vec::new();
    for (n, store) in writers.iter().enumerate() {
        for w in 0..WRITERS_PER_INSTANCE {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                // Half the writers share streams across instances, so expected revisions race.
                let shared = StreamName::parse(format!("shared-{}", w % 2)).unwrap();
                let own = StreamName::parse(format!("own-{n}x{w}")).unwrap();
                let mut acknowledged = Vec::new();
                for i in 0..APPENDS_PER_WRITER {
                    let stream = if w % 2 == 0 { &shared } else { &own };
                    let event =
                        NewEvent::new("Raced", json!({ "instance": n, "writer": w, "i": i }));
                    let id = event.event_id.as_uuid();
                    let result = store
                        .append(stream, ExpectedRevision::Any, vec![event])
                        .await
                        .expect("an append on PostgreSQL");
                    acknowledged.push((result.position, id));
                }
                acknowledged
            }));
        }
    }
    let mut acknowledged: HashMap<Position, uuid::Uuid> = HashMap::new();
    for task in tasks {
        for (position, id) in task.await.unwrap() {
            assert!(
                acknowledged.insert(position, id).is_none(),
                "two appends were answered with position {position:?}"
            );
        }
    }
    assert_eq!(acknowledged.len(), expected_total);

    let seen = subscriber.await.unwrap();
    for (i, (position, id)) in seen.iter().enumerate() {
        assert_eq!(position.0, i as u64, "the subscriber skipped or reordered");
        assert_eq!(
            acknowledged.get(position),
            Some(id),
            "event at {position:?}"
        );
    }
    stop.store(true, Ordering::SeqCst);
    let visible = tokio::task::spawn_blocking(move || reader.join().unwrap())
        .await
        .unwrap();
    assert_eq!(visible, expected_total as u64);
    // Every instance's replica holds the same log.
    for store in &writers {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while store.committed_count() < expected_total as u64
            && std::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(store.committed_count(), expected_total as u64);
        let last = store
            .read_all(
                wettbewerb::event_store::Direction::Backwards,
                wettbewerb::event_store::ReadFrom::End,
                1,
            )
            .unwrap();
        assert_eq!(
            last[0].event_id.as_uuid(),
            acknowledged[&Position(expected_total as u64 - 1)]
        );
    }
}

/// The expected revision holds across instances: of two instances appending to one stream at
/// the same revision, exactly one succeeds, the other is told the stream moved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expected_revisions_hold_across_instances() {
    let Some(server) = super::postgres::server() else {
        return;
    };
    let url = super::postgres::fresh_log(&server);
    let dir = tempfile::TempDir::new().unwrap();
    let (a, b, _dir) = tokio::task::spawn_blocking(move || {
        (instance(&url, &dir, 0), instance(&url, &dir, 1), dir)
    })
    .await
    .unwrap();
    let stream = StreamName::parse("contested-1").unwrap();
    a.append(
        &stream,
        ExpectedRevision::NoStream,
        vec![NewEvent::new("First", json!({}))],
    )
    .await
    .unwrap();
    for round in 0..20u64 {
        let left = a.append(
            &stream,
            ExpectedRevision::Exact(round),
            vec![NewEvent::new("Left", json!({ "round": round }))],
        );
        let right = b.append(
            &stream,
            ExpectedRevision::Exact(round),
            vec![NewEvent::new("Right", json!({ "round": round }))],
        );
        let (left, right) = tokio::join!(left, right);
        assert!(
            left.is_ok() != right.is_ok(),
            "round {round}: exactly one append may win: {left:?} {right:?}"
        );
        let refused = left.err().or(right.err()).unwrap();
        assert!(
            matches!(
                refused,
                wettbewerb::event_store::AppendError::WrongExpectedVersion { .. }
            ),
            "{refused}"
        );
    }
    // The same event id appended through the other instance is a replay, not a second event.
    let event = NewEvent::new("Once", json!({}));
    let first = a
        .append(&stream, ExpectedRevision::Exact(20), vec![event.clone()])
        .await
        .unwrap();
    let again = b
        .append(&stream, ExpectedRevision::Exact(20), vec![event])
        .await
        .unwrap();
    assert_eq!(first, again);
}

/// A log that lost its last events (a restored backup, a failover to a standby that was behind)
/// is not written past: the instance whose replica holds more refuses to append, rather than
/// leave a gap or put other events at positions its replica already holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_that_lost_its_last_events_is_not_appended_to() {
    let Some(server) = super::postgres::server() else {
        return;
    };
    let url = super::postgres::fresh_log(&server);
    let dir = tempfile::TempDir::new().unwrap();
    let store = instance(&url, &dir, 0);
    let stream = StreamName::parse("kept-1").unwrap();
    for n in 0..3u64 {
        store
            .append(
                &stream,
                ExpectedRevision::Any,
                vec![NewEvent::new("Kept", json!({ "n": n }))],
            )
            .await
            .unwrap();
    }
    let lose = url.clone();
    tokio::task::spawn_blocking(move || {
        let mut client = ::postgres::Client::connect(&lose, ::postgres::NoTls).unwrap();
        client
            .execute("DELETE FROM wettbewerb_events WHERE position = 2", &[])
            .unwrap();
    })
    .await
    .unwrap();
    let refused = store
        .append(
            &stream,
            ExpectedRevision::Any,
            vec![NewEvent::new("After", json!({}))],
        )
        .await;
    assert!(refused.is_err(), "{refused:?}");
    assert!(
        !store.is_healthy(),
        "the instance reports that it must be restarted"
    );
    // A new instance on the log as it is now reads two events and appends at position 2.
    let fresh = instance(&url, &dir, 1);
    assert_eq!(fresh.committed_count(), 2);
    let next = fresh
        .append(
            &stream,
            ExpectedRevision::Any,
            vec![NewEvent::new("After", json!({}))],
        )
        .await
        .unwrap();
    assert_eq!(next.position, Position(2));
}
