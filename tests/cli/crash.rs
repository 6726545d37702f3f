//! The kill loop: a child appends from concurrent writers and prints each acknowledged event;
//! the parent kills it with SIGKILL at random moments and checks that nothing acknowledged is
//! lost and that the log is consistent.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::Rng;
use wettbewerb::event_store::{Direction::Forwards, EventStore, ReadFrom::Start, StoreOptions};

use crate::support::{BIN, succeeded, wettbewerb};

const ROUNDS: usize = 24;

struct Ack {
    position: u64,
    stream: String,
    revision: u64,
    event_id: String,
}

fn parse(line: &str) -> Option<Ack> {
    let mut parts = line.split(' ');
    if parts.next()? != "ack" {
        return None;
    }
    let ack = Ack {
        position: parts.next()?.parse().ok()?,
        stream: parts.next()?.to_owned(),
        revision: parts.next()?.parse().ok()?,
        event_id: parts.next()?.to_owned(),
    };
    // A line cut by the kill has a short id; it was never fully acknowledged.
    (ack.event_id.len() == 36).then_some(ack)
}

#[test]
fn sigkill_at_random_moments_loses_no_acknowledged_event() {
    let data = tempfile::TempDir::new().unwrap();
    let mut rng = rand::rng();
    let mut acknowledged = Vec::new();
    for _ in 0..ROUNDS {
        let mut child = Command::new(BIN)
            .args(["stress-append", "--writers", "8", "--size", "300", "--data"])
            .arg(data.path())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| parse(&line))
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(20..400)));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let acks = reader.join().unwrap();
        acknowledged.extend(acks);
    }
    assert!(
        acknowledged.len() > ROUNDS,
        "the child should have acknowledged events in most rounds, got {}",
        acknowledged.len()
    );

    let store = EventStore::open(StoreOptions::new(data.path().join("events")).unwrap()).unwrap();
    let all = store.read_all(Forwards, Start, usize::MAX).unwrap();
    for ack in &acknowledged {
        let event = all
            .get(ack.position as usize)
            .unwrap_or_else(|| panic!("acknowledged position {} is lost", ack.position));
        assert_eq!(
            event.event_id.to_string(),
            ack.event_id,
            "position {}",
            ack.position
        );
        assert_eq!(event.stream.as_str(), ack.stream);
        assert_eq!(event.revision, ack.revision);
    }
    let mut ids = HashSet::new();
    let mut next_revision = std::collections::HashMap::new();
    for (i, event) in all.iter().enumerate() {
        assert_eq!(event.position.0, i as u64, "positions have a gap");
        assert!(
            ids.insert(event.event_id),
            "duplicate id {}",
            event.event_id
        );
        let next = next_revision.entry(event.stream.to_string()).or_insert(0);
        assert_eq!(
            event.revision, *next,
            "revisions of {} are not contiguous",
            event.stream
        );
        *next += 1;
    }
    drop(store);
    let report = succeeded(&wettbewerb(&["verify"], data.path()));
    assert!(report.starts_with("ok:"), "{report}");
}
