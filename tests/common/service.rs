//! The real service as a separate process, and a person using it over HTTP.

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use reqwest::StatusCode;

pub const BIN: &str = env!("CARGO_BIN_EXE_wettbewerb");

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `wettbewerb serve` on `port`, with extra settings as environment variables.
pub fn serve(data: &Path, port: u16, settings: &[(&str, String)]) -> Child {
    let mut command = Command::new(BIN);
    command
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(data)
        .env("RUST_LOG", "warn")
        // Staff and jurors log in with their password only here.
        .env("WETTBEWERB_SECOND_FACTOR", "optional");
    for (name, value) in settings {
        command.env(name, value);
    }
    command.spawn().expect("the service starts")
}

pub async fn wait_until_up(base: &str) {
    let start = Instant::now();
    while reqwest::get(format!("{base}/health")).await.is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the service did not start"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A logged-in browser: cookies and the session's CSRF token. Cookies do not depend on the
/// port, so the same person reaches every instance on 127.0.0.1 with one session.
pub struct Person {
    pub client: reqwest::Client,
    pub csrf: String,
}

fn csrf_of(page: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = page.find(marker).expect("a form with a CSRF token") + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

pub async fn log_in(base: &str, email: &str, password: &str) -> Person {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client.get(format!("{base}/anmelden")).send().await.unwrap();
    let token = csrf_of(&page.text().await.unwrap());
    let answer = client
        .post(format!("{base}/anmelden"))
        .form(&[
            ("csrf", token.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{email} logs in");
    let page = client.get(format!("{base}/anmelden")).send().await.unwrap();
    let csrf = csrf_of(&page.text().await.unwrap());
    Person { client, csrf }
}

impl Person {
    /// The status of a form post, or None when the connection broke (a killed instance).
    pub async fn post(&self, url: &str, fields: &[(String, String)]) -> Option<StatusCode> {
        let mut form = vec![("csrf".to_owned(), self.csrf.clone())];
        form.extend_from_slice(fields);
        let answer = self.client.post(url).form(&form).send().await.ok()?;
        Some(answer.status())
    }

    /// The page, or `None` once the instance is gone.
    pub async fn try_page(&self, url: &str) -> Option<String> {
        let answer = self.client.get(url).send().await.ok()?;
        answer.text().await.ok()
    }

    pub async fn page(&self, url: &str) -> String {
        self.try_page(url).await.unwrap()
    }
}
