//! The service is killed with SIGKILL while it dispatches and started again: every message
//! arrives, none twice.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use wettbewerb::event_store::{EventStore, StoreOptions};

use crate::outbox::submit_applications;
use crate::smtp::{free_port, start_holding};

const APPLICATIONS: u128 = 5;

fn serve(data: &std::path::Path, smtp_port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_wettbewerb"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .env("WETTBEWERB_SMTP_HOST", "127.0.0.1")
        .env("WETTBEWERB_SMTP_PORT", smtp_port.to_string())
        .env("WETTBEWERB_SMTP_SECURITY", "none")
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("the service starts")
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_killed_mid_dispatch_delivers_every_message_once_after_restart() {
    let data = tempfile::TempDir::new().unwrap();
    {
        let store =
            EventStore::open(StoreOptions::new(data.path().join("events")).unwrap()).unwrap();
        submit_applications(&store, APPLICATIONS).await;
    }
    let port = free_port();
    // The third message's transaction is held open at MAIL FROM.
    let server = start_holding(port, 3);

    let mut first = serve(data.path(), port);
    wait_for("two messages and the third in flight", || {
        server.holding() && server.messages().len() == 2
    });
    first.kill().unwrap();
    first.wait().unwrap();
    server.open_gate();

    let mut second = serve(data.path(), port);
    wait_for("every receipt", || {
        server.message_ids().len() == APPLICATIONS as usize
    });
    // Give a duplicate the chance to arrive before looking.
    std::thread::sleep(Duration::from_millis(500));
    second.kill().unwrap();
    second.wait().unwrap();

    let ids = server.message_ids();
    assert_eq!(ids.len(), APPLICATIONS as usize, "{ids:?}");
    assert!(
        ids.values().all(|&n| n == 1),
        "a Message-ID arrived twice: {ids:?}"
    );
    assert_eq!(server.messages().len(), APPLICATIONS as usize);
}
