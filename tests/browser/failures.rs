//! What a failing step leaves for whoever reads the failure: a screenshot and the page's HTML
//! under `target/browser-failures/<test>-<step>.png` and `.html`.

use std::path::PathBuf;

use fantoccini::Client;

/// Saves what the browser shows now; the paths of the screenshot and of the HTML.
pub async fn keep(client: &Client, test: &str, step: &str) -> (PathBuf, PathBuf) {
    let dir = dir();
    let _ = std::fs::create_dir_all(&dir);
    let png = dir.join(format!("{test}-{step}.png"));
    let html = dir.join(format!("{test}-{step}.html"));
    if let Ok(bytes) = client.screenshot().await {
        let _ = std::fs::write(&png, bytes);
    }
    // The page as it stands, with what was typed into it.
    if let Ok(source) = client.source().await {
        let _ = std::fs::write(&html, source);
    }
    (png, html)
}

/// Removes what an earlier run of this test left, so the directory shows the latest run.
pub fn forget(test: &str) {
    let Ok(entries) = std::fs::read_dir(dir()) else {
        return;
    };
    let prefix = format!("{test}-");
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `target/browser-failures`, in the target directory cargo builds into.
fn dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("browser-failures")
}
