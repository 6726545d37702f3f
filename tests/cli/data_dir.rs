//! The real service on a data directory as an operator runs it (no SMTP server, so mail goes
//! to files): what it writes there is readable by its own user only, and its log holds no
//! token from a signed link.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use wettbewerb::demo::{DEMO_PASSWORD, OPEN_ROUND_EMAIL};

use crate::support::{BIN, succeeded, wettbewerb};

const TOKEN: &str = "geheimes-zeichen-aus-dem-link";

fn csrf_of(page: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = page.find(marker).expect("a form with a CSRF token") + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

fn everything_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            everything_under(&path, found);
        }
        found.push(path);
    }
}

#[tokio::test]
async fn the_data_directory_is_private_and_the_log_keeps_no_link_tokens() {
    let root = tempfile::TempDir::new().unwrap();
    let data = root.path().join("data");
    succeeded(&wettbewerb(
        &[
            "demo",
            "--preset",
            "bioregio",
            "--scale",
            "1",
            "--open-drafts",
            "1",
        ],
        &data,
    ));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = root.path().join("serve.log");
    let mut service = Command::new(BIN)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(&data)
        .current_dir(root.path())
        .env("RUST_LOG", "info")
        .env_remove("WETTBEWERB_SMTP_HOST")
        .env_remove("WETTBEWERB_SESSION_SECRET")
        .env_remove("WETTBEWERB_CONFIG")
        .stderr(Stdio::from(std::fs::File::create(&log).unwrap()))
        .spawn()
        .expect("the service starts");
    let base = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    while reqwest::get(format!("{base}/health")).await.is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "no start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // An applicant uploads a document, so the document store is written too.
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = client.get(format!("{base}/anmelden")).send().await.unwrap();
    let token = csrf_of(&login.text().await.unwrap());
    let answer = client
        .post(format!("{base}/anmelden"))
        .form(&[
            ("csrf", token.as_str()),
            ("email", OPEN_ROUND_EMAIL),
            ("password", DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let dashboard = client.get(format!("{base}/antraege")).send().await.unwrap();
    let dashboard = dashboard.text().await.unwrap();
    let id = dashboard
        .split("href=\"/antraege/")
        .nth(1)
        .and_then(|rest| rest.get(..36))
        .expect("a draft on the dashboard")
        .to_owned();
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_of(&dashboard))
        .part(
            "document",
            reqwest::multipart::Part::bytes(b"%PDF-1.4\nSkizze\n%%EOF\n".to_vec())
                .file_name("skizze.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let upload = client
        .post(format!("{base}/antraege/{id}/dokumente"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), StatusCode::SEE_OTHER);

    // A signed link as it arrives by mail (forged here: the log line is what matters).
    let link = reqwest::get(format!(
        "{base}/passwort-neu?konto=01a2311e-d9e2-7407-a83d-4c3767f3bed6&n=einmal&t={TOKEN}"
    ))
    .await
    .unwrap();
    assert_eq!(link.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The demo's events become mail files.
    let mail = data.join("mail");
    let start = Instant::now();
    // A mail file appears under a hidden temporary name first and is renamed when complete:
    // only a finished `.eml` counts.
    let finished = |dir: &std::path::Path| {
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "eml"))
        })
    };
    while !finished(&mail) {
        assert!(start.elapsed() < Duration::from_secs(60), "no mail written");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    service.kill().unwrap();
    service.wait().unwrap();

    let log = std::fs::read_to_string(&log).unwrap();
    assert!(log.contains("GET /passwort-neu?… HTTP/1.1 422"), "{log}");
    assert!(!log.contains(TOKEN), "{log}");

    let mut found = vec![data.clone()];
    everything_under(&data, &mut found);
    for expected in ["secret.key", "events", "outbox", "mail", "documents"] {
        assert!(
            found.contains(&data.join(expected)),
            "{expected}: {found:?}"
        );
    }
    assert!(
        found
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "eml"))
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with(data.join("documents")) && p.is_file())
    );
    use std::os::unix::fs::PermissionsExt;
    let readable: Vec<_> = found
        .iter()
        .map(|p| {
            (
                p,
                std::fs::metadata(p).unwrap().permissions().mode() & 0o777,
            )
        })
        .filter(|(_, mode)| mode & 0o077 != 0)
        .collect();
    assert!(
        readable.is_empty(),
        "others may read: {:#?}",
        readable
            .iter()
            .map(|(p, mode)| format!("{:o} {}", mode, p.display()))
            .collect::<Vec<_>>()
    );
}
