//! What the round offers depends on where it stands: the formal check ends when the jury's
//! review begins.

use reqwest::StatusCode;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::jury::in_review;
use crate::support::TestApp;

fn event_types(app: &TestApp) -> Vec<String> {
    app.store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .map(|e| e.event_type)
        .collect()
}

#[tokio::test]
async fn a_formal_rejection_is_refused_once_the_review_has_begun_and_the_button_is_gone() {
    let r = in_review().await;
    let control = format!("/verwaltung/wettbewerbe/{}", r.competition);
    let page = r.staff.get(&control).await.body;
    assert!(page.contains("Sensorik-Netzwerk Lausitz"), "{page}");
    assert!(!page.contains("Formal ablehnen"), "{page}");
    assert!(
        page.contains("Zuordnen"),
        "jurors are still assigned by hand: {page}"
    );

    let before = event_types(&r.app).len();
    let id = r.application.trim_start_matches("/antraege/");
    let refused = r
        .staff
        .post(
            &format!("{control}/ablehnen"),
            &[("application", id), ("reason", "Unterschrift fehlt")],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(
            "Die Begutachtung dieser Stufe hat begonnen; die formale Prüfung ist vorbei."
        ),
        "{}",
        refused.body
    );
    let types = event_types(&r.app);
    assert_eq!(types.len(), before, "nothing written: {types:?}");
    assert!(!types.iter().any(|t| t == "ApplicationFormallyRejected"));
    // The outbox has had time to send anything the refusal might have caused.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !r.app
            .mails()
            .iter()
            .any(|m| m.subject.contains("formal abgelehnt")),
        "no mail to the consortium"
    );

    r.staff.post("/sprache/en", &[]).await;
    let refused = r
        .staff
        .post(
            &format!("{control}/ablehnen"),
            &[("application", id), ("reason", "Signature missing")],
        )
        .await;
    assert!(
        refused
            .body
            .contains("The jury&#39;s review of this stage has begun; the formal check is over."),
        "{}",
        refused.body
    );
}
