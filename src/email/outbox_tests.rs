use chrono::TimeZone;

use super::*;
use crate::domain::email_address::EmailAddress;

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, minute, 0).unwrap()
}

fn entry(n: u64) -> OutboxEntry {
    let message = OutgoingMessage {
        message_id: format!("<{n}@wettbewerb.test>"),
        to: EmailAddress::parse(&format!("antrag{n}@beispiel.de")).unwrap(),
        subject: format!("Eingangsbestätigung {n}"),
        text: "Text".into(),
        html: "<p>Text</p>".into(),
    };
    OutboxEntry::new(message, "receipt", n, at(0))
}

fn ids(entries: &[OutboxEntry]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e.message.message_id.clone())
        .collect()
}

#[test]
fn due_follows_each_message_from_pending_to_sent_failed_and_retried() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(&dir.path().join("outbox")).unwrap();
    outbox
        .record(vec![entry(1), entry(2), entry(3)], 4)
        .unwrap();
    assert_eq!(
        ids(&outbox.due(at(0)).unwrap()),
        ids(&[entry(1), entry(2), entry(3)])
    );

    let mut sent = entry(1);
    sent.delivery = Delivery::Sent;
    outbox.update(&sent).unwrap();
    let mut waiting = entry(2);
    waiting.failed_attempt("server down".into(), at(0));
    outbox.update(&waiting).unwrap();
    assert_eq!(ids(&outbox.due(at(0)).unwrap()), ids(&[entry(3)]));
    assert_eq!(
        ids(&outbox.due(at(1)).unwrap()),
        ids(&[entry(2), entry(3)]),
        "the retry falls due after its back-off"
    );

    let mut failed = entry(3);
    failed.delivery = Delivery::Failed;
    outbox.update(&failed).unwrap();
    assert_eq!(ids(&outbox.due(at(1)).unwrap()), ids(&[entry(2)]));
    assert!(outbox.retry("<3@wettbewerb.test>", at(1)).unwrap());
    assert_eq!(ids(&outbox.due(at(1)).unwrap()), ids(&[entry(2), entry(3)]));
    assert_eq!(
        outbox.entries().unwrap().len(),
        3,
        "nothing is lost on the way"
    );
}

#[test]
fn an_outbox_written_before_the_pending_index_gets_it_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox");
    {
        // As the outbox wrote entries before the index: the entry alone, no marker.
        let db = DurableDb::open(&path).unwrap();
        let mut batch = sled::Batch::default();
        batch.insert(
            entry_key("<7@wettbewerb.test>"),
            serde_json::to_vec(&entry(7)).unwrap(),
        );
        db.commit(batch).unwrap();
    }
    let outbox = reopened(&path);
    assert_eq!(ids(&outbox.due(at(0)).unwrap()), ids(&[entry(7)]));
}

/// The outbox opened again in the same process: sled lets go of the directory's lock a moment
/// after its last handle is dropped, not at once.
fn reopened(path: &std::path::Path) -> Outbox {
    for _ in 0..300 {
        match Outbox::open(path) {
            Err(StoreError::InUse { .. }) => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            other => return other.unwrap(),
        }
    }
    panic!("{} stays in use", path.display())
}
