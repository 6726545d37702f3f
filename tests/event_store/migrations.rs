//! Event-schema migrations: an older log reads in today's schema; a newer store is refused.

use std::path::Path;

use serde_json::json;
use wettbewerb::event_store::{
    Direction::Forwards, EventStore, ExportedEvent, Migrations, ReadFrom::Start, StoreError,
};

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn fixture_migrations() -> Migrations {
    Migrations::from_dir(&fixtures().join("migrations")).unwrap()
}

async fn import_fixture_log(store: &EventStore) {
    let log = std::fs::read_to_string(fixtures().join("log-schema-1.jsonl")).unwrap();
    for line in log.lines() {
        let event: ExportedEvent = serde_json::from_str(line).unwrap();
        store.submit_import(event).unwrap().wait().await.unwrap();
    }
}

#[tokio::test]
async fn a_log_in_an_older_schema_reads_correctly_after_upcasting() {
    let log = super::support::Log::new();
    let options = log.options().with_migrations(fixture_migrations());
    let store = EventStore::open(options).unwrap();
    import_fixture_log(&store).await;

    let events = store.read_all(Forwards, Start, 10).unwrap();
    assert_eq!(events[0].event_type, "ApplicationSubmitted");
    assert_eq!(
        events[0].data,
        json!({ "title": "Photonik Jena", "submittedAt": "2026-02-01T09:00:00Z", "language": "de" })
    );
    assert_eq!(events[0].metadata["$schemaVersion"], 2);
    // Other event types keep their fields, even one with the renamed field's name.
    assert_eq!(events[1].event_type, "CompetitionPublished");
    assert_eq!(events[1].data, json!({ "sentAt": "unchanged" }));
    // A field that is there is not overwritten by the default.
    assert_eq!(events[2].data["language"], "en");
    // Category and type indexes upcast too.
    let by_category = store
        .read_category("application", Forwards, Start, 10)
        .unwrap();
    assert!(
        by_category
            .iter()
            .all(|e| e.event_type == "ApplicationSubmitted")
    );

    // The log itself is never rewritten: export shows what was written.
    let raw = store.read_all_raw(Forwards, Start, 10).unwrap();
    assert_eq!(raw[0].event_type, "ApplicationSent");
    assert_eq!(raw[0].data["legacyFlag"], true);
}

#[tokio::test]
async fn a_binary_refuses_a_store_written_in_a_newer_schema() {
    let log = super::support::Log::new();
    {
        let newer = log.options().with_migrations(fixture_migrations());
        EventStore::open(newer).unwrap();
    }
    // On PostgreSQL a new instance with an empty replica must refuse it as well.
    let fresh = log
        .dir
        .path()
        .join(if log.url.is_some() { "fresh" } else { "events" });
    let error = match EventStore::open(log.options_at(fresh)) {
        Err(error) => error,
        Ok(_) => panic!("a store in schema 2 opened with a binary that knows schema 1"),
    };
    assert!(
        matches!(
            error,
            StoreError::NewerFormat {
                found: 2,
                supported: 1,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("use a newer binary"), "{error}");
}

#[test]
fn the_embedded_migrations_are_numbered_without_gaps() {
    let embedded = Migrations::embedded().unwrap();
    assert!(embedded.latest() >= 1);
    for (i, migration) in embedded.list().iter().enumerate() {
        assert_eq!(migration.version, i as u64 + 1, "{}", migration.name);
    }
}

#[test]
fn migrations_with_a_gap_or_a_bad_step_are_refused() {
    let gap = Migrations::from_files([
        (
            "0001_a.json".to_string(),
            r#"{"description":"a","steps":[]}"#.to_string(),
        ),
        (
            "0003_c.json".to_string(),
            r#"{"description":"c","steps":[]}"#.to_string(),
        ),
    ]);
    assert!(
        gap.unwrap_err()
            .to_string()
            .contains("0003_c.json should be number 2")
    );
    let bad = Migrations::from_files([(
        "0001_a.json".to_string(),
        r#"{"description":"a","steps":[{"op":"explode"}]}"#.to_string(),
    )]);
    assert!(bad.is_err());
}
