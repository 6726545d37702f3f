//! Two `serve` processes on one PostgreSQL log, as behind a load balancer: what one takes, the
//! other shows at once; one is killed with SIGKILL while a consortium submits through both;
//! every acknowledged submission is in the log, `verify` passes, the survivor sends what the
//! dead one left, and each message reaches the real SMTP server once (but for the one that
//! may have been in flight at the kill: the documented at-least-once window).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use wettbewerb::demo::{DEMO_PASSWORD, OPEN_ROUND_EMAIL, STAFF_EMAIL};

use super::service::{free_port, log_in, serve, wait_until_up};
use super::smtp;

fn run(args: &[&str]) -> String {
    let output = std::process::Command::new(super::service::BIN)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn drafts_of(dashboard: &str) -> Vec<String> {
    let mut ids: Vec<String> = dashboard
        .split("href=\"/antraege/")
        .skip(1)
        .filter_map(|rest| rest.get(..36))
        .filter(|id| uuid::Uuid::parse_str(id).is_ok())
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// "0 wartend, 123 versandt, 0 fehlgeschlagen" from the staff's outbox page.
fn outbox_counts(page: &str) -> Option<(u64, u64)> {
    let at = page.find(" wartend, ")?;
    let from = page[..at].rfind('>').map_or(0, |p| p + 1);
    let pending = page[from..at].trim().parse().ok()?;
    let rest = &page[at + " wartend, ".len()..];
    let sent = rest[..rest.find(' ')?].parse().ok()?;
    Some((pending, sent))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_serve_one_log_and_one_takes_over_when_the_other_is_killed() {
    let Some(server) = super::postgres::server() else {
        return;
    };
    let url = super::postgres::fresh_log(&server);
    let (a_dir, b_dir) = (
        tempfile::TempDir::new().unwrap(),
        tempfile::TempDir::new().unwrap(),
    );
    let a_data = a_dir.path().to_str().unwrap().to_owned();
    run(&[
        "demo",
        "--preset",
        "bioregio",
        "--scale",
        "1",
        "--open-drafts",
        "120",
        "--store",
        &url,
        "--data",
        &a_data,
    ]);

    let smtp_port = smtp::free_port();
    let received = smtp::start_on(smtp_port);
    let settings = vec![
        ("WETTBEWERB_STORE", url.clone()),
        ("WETTBEWERB_SMTP_HOST", "127.0.0.1".to_owned()),
        ("WETTBEWERB_SMTP_PORT", smtp_port.to_string()),
        ("WETTBEWERB_SMTP_SECURITY", "none".to_owned()),
    ];
    let (a_port, b_port) = (free_port(), free_port());
    let (a, b) = (
        format!("http://127.0.0.1:{a_port}"),
        format!("http://127.0.0.1:{b_port}"),
    );
    let mut a_server = serve(a_dir.path(), a_port, &settings);
    let mut b_server = serve(b_dir.path(), b_port, &settings);
    wait_until_up(&a).await;
    wait_until_up(&b).await;

    // One session for both instances: logged in on A, the pages come from B.
    let applicant = Arc::new(log_in(&a, OPEN_ROUND_EMAIL, DEMO_PASSWORD).await);
    let drafts = drafts_of(&applicant.page(&format!("{b}/antraege")).await);
    assert!(drafts.len() >= 120, "{} drafts", drafts.len());
    // What A acknowledges, B shows on the very next request.
    let first = &drafts[0];
    let status = applicant
        .post(&format!("{a}/antraege/{first}/einreichen"), &[])
        .await;
    assert_eq!(status, Some(StatusCode::SEE_OTHER));
    let page = applicant.page(&format!("{b}/antraege/{first}")).await;
    assert!(
        page.contains("Eingereicht"),
        "B shows the submission A took"
    );

    // Two tabs submit the rest, one through each instance; when A is gone, the load balancer
    // sends A's tab to B.
    let submitted = Arc::new(Mutex::new(vec![first.clone()]));
    let through_a = Arc::new(Mutex::new(0usize));
    let mut tabs = Vec::new();
    for half in 0..2 {
        let mine: Vec<String> = drafts[1..].iter().skip(half).step_by(2).cloned().collect();
        let (applicant, submitted, through_a) =
            (applicant.clone(), submitted.clone(), through_a.clone());
        let (a, b) = (a.clone(), b.clone());
        tabs.push(tokio::spawn(async move {
            let mut base = if half == 0 { a.clone() } else { b.clone() };
            for id in mine {
                let answer = loop {
                    match applicant
                        .post(&format!("{base}/antraege/{id}/einreichen"), &[])
                        .await
                    {
                        Some(status) => break status,
                        // The connection broke: A was killed. The same form goes to B again.
                        None if base == a => base = b.clone(),
                        None => panic!("B stopped answering"),
                    }
                };
                match answer {
                    StatusCode::SEE_OTHER => {
                        submitted.lock().unwrap().push(id);
                        if base == a {
                            *through_a.lock().unwrap() += 1;
                        }
                    }
                    // Sent again after the kill, though A had taken it: already submitted.
                    other if base == b && other.is_client_error() => {
                        let page = applicant.page(&format!("{b}/antraege/{id}")).await;
                        assert!(page.contains("Eingereicht"), "{id}: {other}");
                        submitted.lock().unwrap().push(id);
                    }
                    other => panic!("submitting {id} through {base}: {other}"),
                }
            }
        }));
    }
    let start = Instant::now();
    while *through_a.lock().unwrap() < 20 || submitted.lock().unwrap().len() < 40 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no progress under load"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mails_at_kill = received.messages().len();
    a_server.kill().unwrap();
    a_server.wait().unwrap();
    let acknowledged_at_kill = submitted.lock().unwrap().len();
    for tab in tabs {
        tab.await.unwrap();
    }
    let submitted = submitted.lock().unwrap().clone();
    assert_eq!(
        submitted.len(),
        drafts.len(),
        "every draft was submitted through one or the other"
    );
    assert!(
        acknowledged_at_kill < submitted.len(),
        "the kill came mid-load"
    );

    // B shows every acknowledged submission.
    for id in &submitted {
        let page = applicant.page(&format!("{b}/antraege/{id}")).await;
        assert!(
            page.contains("Eingereicht"),
            "submission {id} was acknowledged"
        );
    }
    // B sends what is left, A's unfinished claims included once they expire.
    let staff = log_in(&b, STAFF_EMAIL, DEMO_PASSWORD).await;
    let start = Instant::now();
    let sent = loop {
        let page = staff.page(&format!("{b}/verwaltung/postausgang")).await;
        if let Some((0, sent)) = outbox_counts(&page)
            && received.message_ids().len() as u64 >= sent
        {
            break sent;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the outbox did not drain: {:?}",
            outbox_counts(&page)
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let ids = received.message_ids();
    assert_eq!(
        ids.len() as u64,
        sent,
        "every message B counts as sent arrived"
    );
    assert!(
        received.messages().len() > mails_at_kill,
        "B sent after A was killed"
    );
    let twice: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    // A sends one message at a time: at most the one in flight at the kill goes out again.
    assert!(twice.len() <= 1, "sent more than once: {twice:?}");
    assert!(twice.iter().all(|(_, n)| **n == 2), "{twice:?}");
    eprintln!(
        "submitted {} ({} through A, {} acknowledged when A was killed); {} messages sent, {} arrived, {} twice",
        submitted.len(),
        through_a.lock().unwrap(),
        acknowledged_at_kill,
        sent,
        received.messages().len(),
        twice.len()
    );

    b_server.kill().unwrap();
    b_server.wait().unwrap();
    // The log is whole: a new replica made from it verifies.
    let fresh = tempfile::TempDir::new().unwrap();
    let verified = run(&[
        "verify",
        "--store",
        &url,
        "--data",
        fresh.path().to_str().unwrap(),
    ]);
    assert!(verified.starts_with("ok:"), "{verified}");
}
