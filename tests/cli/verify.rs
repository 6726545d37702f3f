use wettbewerb::event_store::keys;

use crate::support::{stress, succeeded, wettbewerb};

#[test]
fn verify_passes_on_a_healthy_log() {
    let data = tempfile::TempDir::new().unwrap();
    stress(data.path(), 3, 10);
    let report = succeeded(&wettbewerb(&["verify"], data.path()));
    assert!(report.starts_with("ok: 30 events in 3 streams"), "{report}");
}

#[test]
fn verify_names_a_missing_index_entry_and_a_missing_event() {
    let data = tempfile::TempDir::new().unwrap();
    stress(data.path(), 1, 10);
    {
        let db = sled::open(data.path().join("events")).unwrap();
        db.remove(keys::indexed(&keys::category_prefix("stress"), 4))
            .unwrap();
        db.remove(keys::event(7)).unwrap();
        db.flush().unwrap();
    }
    let output = wettbewerb(&["verify"], data.path());
    assert!(!output.status.success());
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("$ce-stress lacks position 4"), "{report}");
    assert!(report.contains("position 7 is missing"), "{report}");
}

#[test]
fn a_data_directory_in_use_by_another_process_is_named_as_such() {
    let data = tempfile::TempDir::new().unwrap();
    // This test process holds the store, as a running `serve` would.
    let options = wettbewerb::event_store::StoreOptions::new(data.path().join("events")).unwrap();
    let _held = wettbewerb::event_store::EventStore::open(options).unwrap();
    let output = wettbewerb(&["verify"], data.path());
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("is in use by another wettbewerb process"),
        "{stderr}"
    );
}
