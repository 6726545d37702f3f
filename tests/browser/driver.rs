//! Chromedriver on a free port, started by the test and killed when the test ends, and a
//! headless Chromium session on it.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use hyper_util::client::legacy::connect::HttpConnector;
use tempfile::TempDir;

use crate::smtp::free_port;
use crate::tools::Tools;

pub struct Driver {
    process: Child,
    pub url: String,
    /// Chromium's profile; a fresh one per test so no state leaks between tests.
    profile: TempDir,
}

impl Drop for Driver {
    /// Ends chromedriver and every browser it started, also when a failing test never closed
    /// its windows: they all share chromedriver's own process group.
    fn drop(&mut self) {
        let group = self.process.id() as libc::pid_t;
        // SAFETY: a plain kill(2) of the process group this test created.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
        let _ = self.process.wait();
        // The browsers die a moment later; until then they may still write into the profile,
        // which would keep its temporary directory from being removed.
        let started = Instant::now();
        // SAFETY: signal 0 only asks whether a process of the group is left.
        while unsafe { libc::kill(-group, 0) } == 0 && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Driver {
    pub async fn start(tools: &Tools) -> Driver {
        let port = free_port();
        let process = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", tools.chromedriver.display()));
        let driver = Driver {
            process,
            url: format!("http://127.0.0.1:{port}"),
            profile: TempDir::new().unwrap(),
        };
        // Ready once it answers its status request.
        let started = Instant::now();
        let http = reqwest::Client::new();
        while http
            .get(format!("{}/status", driver.url))
            .send()
            .await
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver does not answer on {}",
                driver.url
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        driver
    }

    /// A new headless browser window.
    pub async fn session(&self, tools: &Tools) -> fantoccini::Client {
        let profile = self
            .profile
            .path()
            .join(format!("{}", uuid::Uuid::new_v4()));
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            // Without these Chromium keeps trying to reach Google, which hangs on a closed network.
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            // No crash handler: it would run in a session of its own and outlive the test.
            "--disable-breakpad".to_owned(),
            "--window-size=1280,1024".to_owned(),
            // German first, as the service's users; the browser's language picks the page's.
            "--lang=de-DE".to_owned(),
            format!("--user-data-dir={}", profile.display()),
        ];
        let mut capabilities = Capabilities::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({
                "binary": tools.chromium,
                "args": args,
                "prefs": { "intl.accept_languages": "de-DE,de" },
            }),
        );
        fantoccini::ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("no browser session from {}: {e}", self.url))
    }
}
