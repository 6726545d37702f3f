//! Request ids, seen as an operator sees them: the real binary runs as a child process with
//! its own log on stderr (the in-process service of the other tests shares one log setup with
//! every test), a request sends or leaves out `X-Request-Id`, and the response and the log
//! lines, the command's and the request's, name the same id. An id is taken only from a trusted
//! proxy: the tests' requests come from 127.0.0.1, which is one when the settings say so.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::redirect::Policy;
use tempfile::TempDir;

use crate::support::{PASSWORD, User};

const BIN: &str = env!("CARGO_BIN_EXE_wettbewerb");

/// The address the tests' requests come from.
const LOCAL: &str = "127.0.0.1";

/// `wettbewerb serve` on a free port with a staff account, trusting these proxies (a list as
/// `WETTBEWERB_TRUSTED_PROXIES` takes it; `None`: the setting left out); killed when dropped.
struct Served {
    child: Child,
    user: User,
    log: PathBuf,
    _data: TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn serve(trusted_proxies: Option<&str>) -> Served {
    let data = TempDir::new().unwrap();
    let created = Command::new(BIN)
        .args([
            "admin",
            "create-staff",
            "--email",
            "leitung@ptj.de",
            "--data",
        ])
        .arg(data.path())
        .current_dir(data.path())
        .env("WETTBEWERB_STAFF_PASSWORD", PASSWORD)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(created.status.success(), "{created:?}");
    let port = crate::smtp::free_port();
    let log = data.path().join("serve.log");
    let mut command = Command::new(BIN);
    command
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(data.path())
        .current_dir(data.path())
        .env("RUST_LOG", "info")
        .env_remove("WETTBEWERB_TRUSTED_PROXIES")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap());
    if let Some(list) = trusted_proxies {
        command.env("WETTBEWERB_TRUSTED_PROXIES", list);
    }
    let child = command.spawn().unwrap();
    let address = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    while reqwest::get(format!("{address}/health")).await.is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "not started: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap();
    Served {
        child,
        user: User { address, client },
        log,
        _data: data,
    }
}

/// The first line of the log with all these parts, waited for a little: the request's line is
/// written when its body has been sent.
async fn line_with(log: &Path, parts: &[&str]) -> String {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(log).unwrap();
        if let Some(line) = text.lines().find(|l| parts.iter().all(|p| l.contains(p))) {
            return line.to_owned();
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "no line with {parts:?} in\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn id_of(response: &reqwest::Response) -> String {
    response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_commands_log_line_carries_the_request_id_the_response_returns() {
    let served = serve(Some(LOCAL)).await;
    let staff = &served.user;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    let token = staff.csrf().await;
    let logout = staff
        .client
        .post(format!("{}/abmelden", staff.address))
        .header("x-request-id", "abmelden-7f3a")
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::SEE_OTHER);
    assert_eq!(id_of(&logout), "abmelden-7f3a");
    let command = line_with(&served.log, &["abmelden-7f3a", "command appended"]).await;
    assert!(command.contains("request{id=abmelden-7f3a}"), "{command}");
    assert!(command.contains("types=SessionEnded"), "{command}");
    let request = line_with(&served.log, &["POST /abmelden", "id=abmelden-7f3a"]).await;
    assert!(request.contains(" 303 "), "{request}");
}

#[tokio::test]
async fn without_a_sane_incoming_id_each_request_gets_a_new_one() {
    let served = serve(Some(LOCAL)).await;
    let get = |id: Option<String>| {
        let mut request = served
            .user
            .client
            .get(format!("{}/health", served.user.address));
        if let Some(id) = id {
            request = request.header("x-request-id", id);
        }
        request.send()
    };
    let plain = get(None).await.unwrap();
    let made = id_of(&plain);
    assert!(uuid::Uuid::parse_str(&made).is_ok(), "{made}");
    line_with(&served.log, &["GET /health", &format!("id={made}")]).await;
    for insane in ["a b", "id=1 status=200", &"a".repeat(129)] {
        let answer = get(Some(insane.to_owned())).await.unwrap();
        let given = id_of(&answer);
        assert!(
            uuid::Uuid::parse_str(&given).is_ok(),
            "{insane:?} got {given}"
        );
        assert_ne!(given, made);
    }
}

/// A client that is not a trusted proxy could otherwise give its request the id of somebody
/// else's: without the setting, or with other proxies in it, the id it sends is replaced.
#[tokio::test]
async fn an_id_sent_by_a_client_that_is_no_trusted_proxy_is_replaced_by_a_new_one() {
    for trusted in [None, Some("10.0.0.1, 192.168.0.0/24")] {
        let served = serve(trusted).await;
        let staff = &served.user;
        staff.log_in("leitung@ptj.de", PASSWORD).await;
        let token = staff.csrf().await;
        let logout = staff
            .client
            .post(format!("{}/abmelden", staff.address))
            .header("x-request-id", "abmelden-7f3a")
            .form(&[("csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(logout.status(), StatusCode::SEE_OTHER);
        let given = id_of(&logout);
        assert!(
            uuid::Uuid::parse_str(&given).is_ok(),
            "{trusted:?}: {given}"
        );
        let command = line_with(&served.log, &["command appended", "types=SessionEnded"]).await;
        assert!(
            command.contains(&format!("request{{id={given}}}")),
            "{trusted:?}: {command}"
        );
        let log = std::fs::read_to_string(&served.log).unwrap();
        assert!(!log.contains("abmelden-7f3a"), "{trusted:?}: {log}");
    }
}
