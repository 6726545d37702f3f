//! Snapshot plus the rest of the log gives exactly the state of a full replay; a snapshot that is
//! torn, damaged, from another build, or taken against another log is discarded and the
//! projection rebuilt from the log.

use super::*;
use crate::projections::test_log::demo_log;
use crate::projections::{Accounts, ReadModels, catch_up};

fn full_replay(store: &EventStore) -> ReadModels {
    let models = ReadModels::default();
    catch_up(store, &models).unwrap();
    models
}

/// Read models that have folded the log up to and including `last` only.
fn replayed_to(store: &EventStore, last: u64) -> ReadModels {
    let models = ReadModels::default();
    let events = store
        .read_all(Direction::Forwards, ReadFrom::Start, (last + 1) as usize)
        .unwrap();
    models.apply(&events);
    models
}

/// A fresh start from the snapshots: how many were trusted, how many events it replayed.
fn start(store: &EventStore, snapshots: &Snapshots) -> (ReadModels, usize, usize) {
    let models = ReadModels::default();
    let restored = models.restore(snapshots, store).unwrap();
    let replayed = catch_up(store, &models).unwrap();
    (models, restored, replayed)
}

const PROJECTIONS: usize = 5;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_and_the_rest_of_the_log_give_the_state_of_a_full_replay() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_log(dir.path()).await;
    let total = store.last_position().unwrap().0 + 1;
    let full = full_replay(&store);
    let snapshots = Snapshots::open(&dir.path().join("snapshots")).unwrap();
    for last in [0, total / 3, total / 2, total - 2, total - 1] {
        replayed_to(&store, last).save(&snapshots, &store).unwrap();
        let (models, restored, replayed) = start(&store, &snapshots);
        assert_eq!(restored, PROJECTIONS, "after event {last}");
        assert_eq!(
            replayed as u64,
            total - 1 - last,
            "only the rest is replayed"
        );
        assert!(models.same_as(&full), "snapshot at {last} plus the rest");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projections_at_different_positions_each_replay_from_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_log(dir.path()).await;
    let total = store.last_position().unwrap().0 + 1;
    let full = full_replay(&store);
    let snapshots = Snapshots::open(&dir.path().join("snapshots")).unwrap();
    replayed_to(&store, total / 2)
        .save(&snapshots, &store)
        .unwrap();
    // The accounts' snapshot is newer than the others' (written later, before a crash).
    let accounts = replayed_to(&store, total - 10);
    snapshots.save(&accounts.accounts, &store).unwrap();
    let (models, restored, _) = start(&store, &snapshots);
    assert_eq!(restored, PROJECTIONS);
    assert!(models.same_as(&full));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_torn_or_damaged_while_being_written_is_discarded_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_log(dir.path()).await;
    let total = store.last_position().unwrap().0 + 1;
    let full = full_replay(&store);
    let snapshots = Snapshots::open(&dir.path().join("snapshots")).unwrap();
    replayed_to(&store, total / 2)
        .save(&snapshots, &store)
        .unwrap();
    let good = snapshots.get_raw(Accounts::NAME).unwrap().unwrap();

    let torn = good[..good.len() / 2].to_vec();
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0xff;
    let garbage = b"\x07not a snapshot at all".to_vec();
    for (what, value, reason) in [
        ("torn", torn, "checksum"),
        ("flipped", flipped, "checksum"),
        ("garbage", garbage, ""),
        ("empty", Vec::new(), "decode"),
    ] {
        snapshots.put_raw(Accounts::NAME, &value).unwrap();
        assert!(
            trusted::<Accounts>(&value, &store)
                .unwrap_err()
                .to_string()
                .contains(reason),
            "{what}"
        );
        let (models, restored, replayed) = start(&store, &snapshots);
        assert_eq!(
            restored,
            PROJECTIONS - 1,
            "{what}: the accounts' is not trusted"
        );
        assert_eq!(
            replayed as u64, total,
            "{what}: the accounts replay the whole log"
        );
        assert!(models.same_as(&full), "{what}");
        assert_eq!(
            snapshots.get_raw(Accounts::NAME).unwrap(),
            None,
            "{what}: it is dropped"
        );
        // The others are still trusted at the next start.
        snapshots.put_raw(Accounts::NAME, &good).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_from_an_older_binary_or_against_another_log_is_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_log(dir.path()).await;
    let total = store.last_position().unwrap().0 + 1;
    let full = full_replay(&store);
    let snapshots = Snapshots::open(&dir.path().join("snapshots")).unwrap();
    let half = replayed_to(&store, total / 2);
    let positioned = half.accounts.positioned().clone();
    let event_at = |p: u64| {
        store
            .read_all(Direction::Forwards, ReadFrom::At(p), 1)
            .unwrap()[0]
            .event_id
    };
    let envelope = |schema: &str, position: u64, event_id: EventId| {
        let state = postcard::to_stdvec(&positioned.state).unwrap();
        let envelope = Envelope {
            schema: schema.to_owned(),
            position,
            event_id,
            checksum: crc32fast::hash(&state),
        };
        seal(&envelope, &state).unwrap()
    };
    let middle = total / 2;
    let cases = [
        (
            "an older binary",
            envelope("0.1.0-00000000000000ff", middle, event_at(middle)),
            Distrust::OtherSchema("0.1.0-00000000000000ff".into()),
        ),
        (
            "ahead of the log",
            envelope(SCHEMA, total + 5, event_at(middle)),
            Distrust::AheadOfLog(total + 5),
        ),
        (
            "another log",
            envelope(SCHEMA, middle, EventId::new()),
            Distrust::OtherLog(middle),
        ),
    ];
    for (what, value, reason) in cases {
        assert_eq!(
            trusted::<Accounts>(&value, &store).unwrap_err(),
            reason,
            "{what}"
        );
        snapshots.put_raw(Accounts::NAME, &value).unwrap();
        let (models, restored, _) = start(&store, &snapshots);
        assert_eq!(restored, 0, "{what}: nothing else was written");
        assert!(models.same_as(&full), "{what}");
    }
    // The same envelope with this build's schema at the right event is trusted.
    let value = envelope(SCHEMA, middle, event_at(middle));
    assert_eq!(trusted::<Accounts>(&value, &store).unwrap(), positioned);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_cut_off_by_a_crash_leaves_the_snapshot_before_it_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_log(dir.path()).await;
    let total = store.last_position().unwrap().0 + 1;
    let full = full_replay(&store);
    let snapshots = Snapshots::open(&dir.path().join("snapshots")).unwrap();
    replayed_to(&store, total / 2)
        .save(&snapshots, &store)
        .unwrap();
    // A crash while the next one was written leaves its temporary file, cut off, beside it.
    let next = replayed_to(&store, total - 1);
    let newer = encode(&next.accounts.positioned(), EventId::new())
        .unwrap()
        .unwrap();
    let temporary = dir
        .path()
        .join("snapshots")
        .join(format!(".{}.snapshot.0.tmp", Accounts::NAME));
    std::fs::write(&temporary, &newer[..newer.len() / 2]).unwrap();

    let (models, restored, replayed) = start(&store, &snapshots);
    assert_eq!(
        restored, PROJECTIONS,
        "every snapshot before the crash is used"
    );
    assert_eq!(replayed as u64, total - 1 - total / 2);
    assert!(models.same_as(&full));

    // A start removes what the cut-off write left, and only that.
    snapshots.remove_leftovers();
    assert!(!temporary.exists());
    assert!(snapshots.get_raw(Accounts::NAME).unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_that_cannot_be_read_costs_a_replay_not_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_log(dir.path()).await;
    let total = store.last_position().unwrap().0 + 1;
    let full = full_replay(&store);
    let snapshots = Snapshots::open(&dir.path().join("snapshots")).unwrap();
    replayed_to(&store, total / 2)
        .save(&snapshots, &store)
        .unwrap();
    // A folder where the accounts' file should be cannot be read as one (as a file another
    // user owns cannot, which a test running as root cannot make).
    let path = dir
        .path()
        .join("snapshots")
        .join(format!("{}.snapshot", Accounts::NAME));
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();

    let (models, restored, replayed) = start(&store, &snapshots);
    assert_eq!(restored, PROJECTIONS - 1);
    assert_eq!(replayed as u64, total, "the accounts replay the whole log");
    assert!(models.same_as(&full));
}

#[test]
fn an_older_builds_snapshot_database_is_removed_when_the_snapshots_open() {
    let dir = tempfile::tempdir().unwrap();
    let older = dir.path().join("projections");
    {
        let db = sled::open(&older).unwrap();
        db.insert("accounts", vec![0u8; 1024]).unwrap();
        db.flush().unwrap();
    }
    assert!(older.join("conf").is_file());
    Snapshots::open(&dir.path().join("snapshots")).unwrap();
    assert!(!older.exists(), "it is only ever a copy of the log");
}

/// The juries' projection keeps where each review stands, not what its juror wrote: no comment
/// of any review is in its snapshot, while the review's stream (what the pages read) has them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_juries_snapshot_holds_no_comment_a_juror_wrote() {
    use crate::projections::{Juries, written_review};
    let dir = tempfile::tempdir().unwrap();
    let store = demo_log(dir.path()).await;
    let models = full_replay(&store);
    let snapshots = Snapshots::open(&dir.path().join("snapshots")).unwrap();
    models.save(&snapshots, &store).unwrap();
    let snapshot = snapshots.get_raw(Juries::NAME).unwrap().unwrap();
    let keys: Vec<_> = models.juries.read().reviews.keys().copied().collect();
    let mut comments = 0;
    for key in keys {
        let written = written_review(&store, key).unwrap().unwrap().state;
        let scores = written.revision_draft.iter().chain([&written.scores]);
        for scores in scores {
            let texts = scores.criteria.iter().map(|c| &c.comment);
            for text in texts.chain([&scores.overall_comment]) {
                if text.is_empty() {
                    continue;
                }
                comments += 1;
                assert!(
                    !snapshot
                        .windows(text.len())
                        .any(|window| window == text.as_bytes()),
                    "review-{key}: {text}"
                );
            }
        }
    }
    assert!(
        comments > 100,
        "the demo's jurors wrote comments ({comments})"
    );
}
