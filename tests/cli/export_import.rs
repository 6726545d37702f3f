use serde_json::Value;
use wettbewerb::event_store::{
    EventStore, ExpectedRevision as E, NewEvent, StoreOptions, StreamMetadata, StreamName,
};

use crate::support::{stress, succeeded, wettbewerb, wettbewerb_with_stdin};

/// A log with every kind of record: plain events, metadata, a soft delete with a later append,
/// and a tombstone.
async fn varied_log(data: &std::path::Path) {
    let store = EventStore::open(StoreOptions::new(data.join("events")).unwrap()).unwrap();
    let s = |n: &str| StreamName::parse(n).unwrap();
    let ev = |t: &str| {
        NewEvent::new(
            t,
            serde_json::json!({ "title": "Ölförderung <b>&</b> Söhne" }),
        )
    };
    store
        .append(
            &s("application-1"),
            E::NoStream,
            vec![ev("Drafted"), ev("Submitted")],
        )
        .await
        .unwrap();
    let metadata = StreamMetadata {
        max_count: Some(5),
        ..Default::default()
    };
    store
        .set_stream_metadata(&s("application-1"), E::NoStream, &metadata)
        .await
        .unwrap();
    store
        .append(&s("draft-1"), E::NoStream, vec![ev("Drafted")])
        .await
        .unwrap();
    store
        .delete_stream(&s("draft-1"), E::Exact(0))
        .await
        .unwrap();
    store
        .append(&s("draft-1"), E::NoStream, vec![ev("Drafted")])
        .await
        .unwrap();
    store
        .append(&s("gone-1"), E::NoStream, vec![ev("Drafted")])
        .await
        .unwrap();
    store
        .tombstone_stream(&s("gone-1"), E::Exact(0))
        .await
        .unwrap();
}

#[tokio::test]
async fn export_then_import_into_an_empty_store_then_export_gives_the_same_events() {
    let source = tempfile::TempDir::new().unwrap();
    varied_log(source.path()).await;
    // Enough events that pipelined import groups span several sled batches.
    stress(source.path(), 8, 200);
    let exported = succeeded(&wettbewerb(&["export"], source.path()));
    assert_eq!(exported.lines().count(), 8 + 1600);
    let first: Value = serde_json::from_str(exported.lines().next().unwrap()).unwrap();
    for field in [
        "stream",
        "revision",
        "position",
        "eventId",
        "eventType",
        "data",
        "metadata",
        "created",
    ] {
        assert!(first.get(field).is_some(), "the export lacks {field}");
    }

    let target = tempfile::TempDir::new().unwrap();
    let imported = wettbewerb_with_stdin(&["import"], target.path(), exported.as_bytes());
    succeeded(&imported);
    assert!(String::from_utf8_lossy(&imported.stderr).contains("1608 appended"));
    let again = succeeded(&wettbewerb(&["export"], target.path()));
    assert_eq!(again, exported);
    succeeded(&wettbewerb(&["verify"], target.path()));
}

#[tokio::test]
async fn importing_the_same_export_twice_changes_nothing() {
    let source = tempfile::TempDir::new().unwrap();
    varied_log(source.path()).await;
    let exported = succeeded(&wettbewerb(&["export"], source.path()));

    let target = tempfile::TempDir::new().unwrap();
    succeeded(&wettbewerb_with_stdin(
        &["import"],
        target.path(),
        exported.as_bytes(),
    ));
    let second = wettbewerb_with_stdin(&["import"], target.path(), exported.as_bytes());
    succeeded(&second);
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("0 appended, 8 already present"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(succeeded(&wettbewerb(&["export"], target.path())), exported);
}

#[test]
fn an_import_line_that_conflicts_with_the_log_is_named_and_stops_the_import() {
    let target = tempfile::TempDir::new().unwrap();
    let line = |id: &str| {
        format!(
            r#"{{"stream":"a-1","revision":0,"position":0,"eventId":"{id}","eventType":"X","data":{{}},"metadata":{{}},"created":"2026-01-01T00:00:00Z"}}"#
        )
    };
    let first = line("0194a1b2-0000-7000-8000-000000000001");
    let clash = line("0194a1b2-0000-7000-8000-000000000002");
    let output = wettbewerb_with_stdin(
        &["import"],
        target.path(),
        format!("{first}\n{clash}\n").as_bytes(),
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2 could not be imported"), "{stderr}");
    assert!(stderr.contains("wrong expected version"), "{stderr}");
}
