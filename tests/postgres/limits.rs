//! Rate limits hold across instances: the attempts one address may make are counted in the
//! database, so alternating between two instances gains an attacker nothing.

use reqwest::StatusCode;
use wettbewerb::demo::STAFF_EMAIL;

use super::service::{free_port, serve, wait_until_up};

async fn attempt(client: &reqwest::Client, base: &str) -> StatusCode {
    let page = client.get(format!("{base}/anmelden")).send().await.unwrap();
    let page = page.text().await.unwrap();
    let marker = r#"name="csrf" value=""#;
    let start = page.find(marker).unwrap() + marker.len();
    let csrf = &page[start..start + page[start..].find('"').unwrap()];
    client
        .post(format!("{base}/anmelden"))
        .form(&[
            ("csrf", csrf),
            ("email", STAFF_EMAIL),
            ("password", "falsch geraten"),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_attempts_are_counted_across_instances() {
    let Some(server) = super::postgres::server() else {
        return;
    };
    let url = super::postgres::fresh_log(&server);
    let (a_dir, b_dir) = (
        tempfile::TempDir::new().unwrap(),
        tempfile::TempDir::new().unwrap(),
    );
    let settings = vec![("WETTBEWERB_STORE", url)];
    let (a_port, b_port) = (free_port(), free_port());
    let (a, b) = (
        format!("http://127.0.0.1:{a_port}"),
        format!("http://127.0.0.1:{b_port}"),
    );
    let mut a_server = serve(a_dir.path(), a_port, &settings);
    wait_until_up(&a).await;
    let mut b_server = serve(b_dir.path(), b_port, &settings);
    wait_until_up(&b).await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // Five wrong passwords a minute per address, whichever instance takes them.
    for base in [&a, &b, &a, &b, &a] {
        assert_eq!(
            attempt(&client, base).await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    assert_eq!(attempt(&client, &b).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(attempt(&client, &a).await, StatusCode::TOO_MANY_REQUESTS);
    a_server.kill().unwrap();
    b_server.kill().unwrap();
    a_server.wait().unwrap();
    b_server.wait().unwrap();
}

#[test]
fn every_count_is_shared_including_those_that_sweep_old_windows() {
    use wettbewerb::cluster::attempts::SharedAttempts;
    use wettbewerb::cluster::database::SharedDatabase;
    let Some(server) = super::postgres::server() else {
        return;
    };
    let url = super::postgres::fresh_log(&server);
    // Two instances' views of the same counters; each one's first count also sweeps.
    let a = SharedAttempts::new(SharedDatabase::open(&url).unwrap());
    let b = SharedAttempts::new(SharedDatabase::open(&url).unwrap());
    let counts: Vec<i64> = [&a, &b, &a]
        .into_iter()
        .map(|side| side.count("logins", "203.0.113.7", 60).unwrap().0)
        .collect();
    assert_eq!(counts, [1, 2, 3]);
}
