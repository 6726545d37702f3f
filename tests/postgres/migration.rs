//! Moving a log between the engines: `export --with-keys` from one and `import` into the other
//! give identical exports both ways, and the service on the imported log lets people log in as
//! before (their account ids come from the imported pseudonym key). An embedded log is never
//! taken for a replica and discarded.

use std::io::Write;
use std::process::{Command, Stdio};

use wettbewerb::demo::{DEMO_PASSWORD, STAFF_EMAIL};

use super::service::{BIN, free_port, log_in, serve, wait_until_up};

fn wettbewerb(args: &[&str], stdin: Option<&[u8]>) -> Vec<u8> {
    let mut child = Command::new(BIN)
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn path(dir: &tempfile::TempDir) -> String {
    dir.path().to_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_and_import_between_sled_and_postgres_give_identical_exports() {
    let Some(server) = super::postgres::server() else {
        return;
    };
    let url = super::postgres::fresh_log(&server);
    let (sled_dir, pg_dir, back_dir) = (
        tempfile::TempDir::new().unwrap(),
        tempfile::TempDir::new().unwrap(),
        tempfile::TempDir::new().unwrap(),
    );
    wettbewerb(
        &[
            "demo",
            "--preset",
            "bioregio",
            "--scale",
            "1",
            "--open-drafts",
            "0",
            "--data",
            &path(&sled_dir),
        ],
        None,
    );
    let from_sled = wettbewerb(&["export", "--with-keys", "--data", &path(&sled_dir)], None);
    wettbewerb(
        &["import", "--store", &url, "--data", &path(&pg_dir)],
        Some(&from_sled),
    );
    let from_postgres = wettbewerb(
        &[
            "export",
            "--with-keys",
            "--store",
            &url,
            "--data",
            &path(&pg_dir),
        ],
        None,
    );
    assert!(
        from_sled.len() > 100_000,
        "a real log: {} bytes",
        from_sled.len()
    );
    assert!(
        from_sled == from_postgres,
        "sled and PostgreSQL export the same log"
    );
    // And back into a new embedded store.
    wettbewerb(
        &["import", "--data", &path(&back_dir)],
        Some(&from_postgres),
    );
    let back = wettbewerb(&["export", "--with-keys", "--data", &path(&back_dir)], None);
    assert!(back == from_sled, "the round trip gives the same export");

    // A new instance on the imported log: the demo's staff log in as on the embedded store.
    let fresh = tempfile::TempDir::new().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut instance = serve(fresh.path(), port, &[("WETTBEWERB_STORE", url.clone())]);
    wait_until_up(&base).await;
    let staff = log_in(&base, STAFF_EMAIL, DEMO_PASSWORD).await;
    let page = staff.page(&format!("{base}/verwaltung")).await;
    assert!(page.contains("Programmverwaltung"), "{page}");
    instance.kill().unwrap();
    instance.wait().unwrap();
}

#[test]
fn an_embedded_log_is_refused_as_a_replica_and_kept() {
    let Some(server) = super::postgres::server() else {
        return;
    };
    let url = super::postgres::fresh_log(&server);
    let data = tempfile::TempDir::new().unwrap();
    wettbewerb(
        &[
            "demo",
            "--preset",
            "bioregio",
            "--scale",
            "1",
            "--open-drafts",
            "0",
            "--data",
            &path(&data),
        ],
        None,
    );
    let before = wettbewerb(&["export", "--with-keys", "--data", &path(&data)], None);
    let refused = Command::new(BIN)
        .args(["verify", "--store", &url, "--data", &path(&data)])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("belongs to another log"), "{message}");
    let after = wettbewerb(&["export", "--with-keys", "--data", &path(&data)], None);
    assert!(
        before == after,
        "the embedded log and its keys are untouched"
    );
}
