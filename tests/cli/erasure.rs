//! `wettbewerb erase`, `export --with-keys` and `import`: a person erased on the command line
//! leaves no byte of their address or name in the data directory or an export, the log still
//! verifies, and a backup made before the erasure, restored with its keys and followed by the
//! log's later events (the erasure among them), keeps the person erased.

use std::path::Path;

use crate::support::{succeeded, wettbewerb, wettbewerb_with_stdin};

const JUROR: &str = "jury0@demo.wettbewerb.test";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn files_holding(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if contains(&std::fs::read(&path).unwrap(), needle) {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

/// The juror's name as the dry run lists it.
fn names_in(dry_run: &str) -> Vec<String> {
    dry_run
        .lines()
        .find_map(|l| l.trim().strip_prefix("names: "))
        .map(|names| names.split("; ").map(str::to_owned).collect())
        .unwrap_or_default()
}

#[test]
fn an_erasure_survives_a_restore_of_an_older_backup_with_keys() {
    let live = tempfile::TempDir::new().unwrap();
    succeeded(&wettbewerb(
        &["demo", "--preset", "innoregio", "--scale", "1"],
        live.path(),
    ));
    let backup = succeeded(&wettbewerb(&["export", "--with-keys"], live.path()));
    assert!(backup.starts_with(r#"{"personal_keys":"#));
    assert!(
        !contains(backup.as_bytes(), JUROR),
        "an export holds personal data sealed, keys or not"
    );

    let dry = succeeded(&wettbewerb(
        &["erase", "--email", JUROR, "--dry-run"],
        live.path(),
    ));
    assert!(dry.contains("ReviewSubmitted"), "{dry}");
    assert!(
        dry.contains("2 with a key"),
        "the account and the juror's seat: {dry}"
    );
    let names = names_in(&dry);
    assert!(!names.is_empty(), "{dry}");
    let refused = wettbewerb(&["erase", "--email", JUROR], live.path());
    assert!(!refused.status.success(), "an erasure needs a reason");

    succeeded(&wettbewerb(
        &[
            "erase",
            "--email",
            JUROR,
            "--reason",
            "Antrag vom 1.12.2026",
        ],
        live.path(),
    ));
    for needle in names.iter().map(String::as_str).chain([JUROR]) {
        assert_eq!(
            files_holding(live.path(), needle),
            Vec::<String>::new(),
            "{needle}"
        );
    }
    succeeded(&wettbewerb(&["verify"], live.path()));
    let later = succeeded(&wettbewerb(&["export", "--with-keys"], live.path()));
    let again = succeeded(&wettbewerb(
        &["erase", "--email", JUROR, "--dry-run"],
        live.path(),
    ));
    assert!(again.contains("0 with a key"), "{again}");

    // Restored from the older backup, the juror is readable again ...
    let restored = tempfile::TempDir::new().unwrap();
    succeeded(&wettbewerb_with_stdin(
        &["import"],
        restored.path(),
        backup.as_bytes(),
    ));
    let readable = succeeded(&wettbewerb(
        &["erase", "--email", JUROR, "--dry-run"],
        restored.path(),
    ));
    assert!(readable.contains("2 with a key"), "{readable}");
    // ... until the log's later events, the erasure among them, are imported too.
    let replayed = wettbewerb_with_stdin(&["import"], restored.path(), later.as_bytes());
    succeeded(&replayed);
    assert!(
        String::from_utf8_lossy(&replayed.stderr).contains("2 keys deleted"),
        "{}",
        String::from_utf8_lossy(&replayed.stderr)
    );
    let erased = succeeded(&wettbewerb(
        &["erase", "--email", JUROR, "--dry-run"],
        restored.path(),
    ));
    assert!(erased.contains("0 with a key"), "{erased}");
    succeeded(&wettbewerb(&["verify"], restored.path()));
    for needle in names.iter().map(String::as_str).chain([JUROR]) {
        assert_eq!(files_holding(restored.path(), needle), Vec::<String>::new());
    }
}

#[test]
fn an_export_without_keys_restores_nobody_s_personal_data() {
    let live = tempfile::TempDir::new().unwrap();
    succeeded(&wettbewerb(
        &["demo", "--preset", "innoregio", "--scale", "1"],
        live.path(),
    ));
    let export = succeeded(&wettbewerb(&["export"], live.path()));
    let restored = tempfile::TempDir::new().unwrap();
    succeeded(&wettbewerb_with_stdin(
        &["import"],
        restored.path(),
        export.as_bytes(),
    ));
    let dry = succeeded(&wettbewerb(
        &["erase", "--email", JUROR, "--dry-run"],
        restored.path(),
    ));
    assert!(dry.contains("0 with a key"), "{dry}");
    succeeded(&wettbewerb(&["verify"], restored.path()));
}
