//! Writes through the API as an integration makes them: a staff decision and the steps of a
//! formal check, with `If-Match` on the stream's revision, the page's refusals as problems, and
//! the token's account as the actor in the log.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::api_v1::{Answer, call, get, token, token_with};
use crate::jury::in_review;
use crate::support::TestApp;

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    if_match: Option<&str>,
    body: &str,
) -> Answer {
    let headers: Vec<(&str, &str)> = if_match.map(|m| ("if-match", m)).into_iter().collect();
    call(app, method, path, Some(token), &headers, Some(body)).await
}

fn recorded(app: &TestApp, event_type: &str) -> Vec<Value> {
    app.store
        .read_all(Direction::Forwards, ReadFrom::Start, usize::MAX)
        .unwrap()
        .into_iter()
        .filter(|e| e.event_type == event_type)
        .map(|e| e.metadata)
        .collect()
}

#[tokio::test]
async fn a_decision_needs_the_competitions_revision_and_is_refused_as_on_the_page() {
    let r = in_review().await;
    let app = &r.app;
    let id = r.application.trim_start_matches("/antraege/").to_owned();
    let reader = token(&r.staff).await;
    let decider = token_with(&r.staff, &[("scope_decide", "on")]).await;
    let path = format!("/api/v1/competitions/{}/decisions/{id}", r.competition);
    let shortlist = r#"{"outcome": "shortlisted"}"#;

    let read_only = send(app, Method::PUT, &path, &reader, Some("*"), shortlist).await;
    assert_eq!(
        read_only.status,
        StatusCode::FORBIDDEN,
        "{}",
        read_only.text
    );

    let competition = get(
        app,
        &format!("/api/v1/competitions/{}", r.competition),
        &reader,
    )
    .await;
    let etag = competition.headers["etag"].to_str().unwrap().to_owned();

    let without = send(app, Method::PUT, &path, &decider, None, shortlist).await;
    assert_eq!(without.status, StatusCode::PRECONDITION_REQUIRED);
    let stale = send(app, Method::PUT, &path, &decider, Some("\"1\""), shortlist).await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.text
    );
    assert_eq!(stale.body["type"], "/api/v1/problems/precondition-failed");
    assert!(
        recorded(app, "DecisionRecorded").is_empty(),
        "a stale decision was recorded"
    );

    // In the concept stage an award is not a decision staff can make: the page's refusal.
    let award = r#"{"outcome": "funded", "amount_cents": 100000000}"#;
    let refused = send(app, Method::PUT, &path, &decider, Some(&etag), award).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text
    );
    assert_eq!(refused.body["type"], "/api/v1/problems/refused");
    assert!(
        !refused.body["code"].as_str().unwrap().is_empty(),
        "{}",
        refused.text
    );
    assert!(!refused.body["detail"].as_str().unwrap().is_empty());

    let decided = send(app, Method::PUT, &path, &decider, Some(&etag), shortlist).await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    assert_eq!(decided.body["outcome"], "shortlisted");
    assert_eq!(decided.body["application_id"], id.as_str());
    let new_etag = decided.headers["etag"].to_str().unwrap().to_owned();
    assert_ne!(new_etag, etag);
    // The log names the token's account as the actor.
    let metadata = recorded(app, "DecisionRecorded");
    assert_eq!(metadata.len(), 1);
    assert_eq!(metadata[0]["role"], "staff", "{}", metadata[0]);
    let staff_id = wettbewerb::domain::account::account_id_for(
        &wettbewerb::domain::email_address::EmailAddress::parse("leitung@ptj.de").unwrap(),
    );
    assert_eq!(metadata[0]["actor"], staff_id.to_string().as_str());

    // The old revision is out of date now; the list shows the decision.
    let again = send(
        app,
        Method::PUT,
        &path,
        &decider,
        Some(&etag),
        r#"{"outcome": "not_shortlisted"}"#,
    )
    .await;
    assert_eq!(again.status, StatusCode::PRECONDITION_FAILED);
    let list = get(
        app,
        &format!("/api/v1/competitions/{}/decisions", r.competition),
        &reader,
    )
    .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.body["items"][0]["outcome"], "shortlisted");
    assert_eq!(list.headers["etag"].to_str().unwrap(), new_etag);
    // And the ranking page shows it, as if staff had decided there.
    let ranking = r
        .staff
        .get(&format!(
            "/verwaltung/wettbewerbe/{}/rangliste",
            r.competition
        ))
        .await
        .body;
    assert!(ranking.contains("ausgewählt"), "{ranking}");
}

#[tokio::test]
async fn bodies_that_are_not_a_decision_are_problems_and_large_ones_are_refused_unread() {
    let r = in_review().await;
    let app = &r.app;
    let id = r.application.trim_start_matches("/antraege/").to_owned();
    let decider = token_with(&r.staff, &[("scope_decide", "on")]).await;
    let path = format!("/api/v1/competitions/{}/decisions/{id}", r.competition);
    for (body, status) in [
        ("kein json", StatusCode::BAD_REQUEST),
        (r#"{"outcome": "vielleicht"}"#, StatusCode::BAD_REQUEST),
        (r#"{"outcome": "reserve"}"#, StatusCode::BAD_REQUEST),
        (
            r#"{"outcome": "shortlisted", "extra": 1}"#,
            StatusCode::BAD_REQUEST,
        ),
        (
            r#"{"outcome": "funded", "amount_cents": -5}"#,
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let answer = send(app, Method::PUT, &path, &decider, Some("*"), body).await;
        assert_eq!(answer.status, status, "{body}: {}", answer.text);
        assert_eq!(
            answer.headers["content-type"], "application/problem+json",
            "{body}"
        );
    }
    let huge = format!(
        r#"{{"outcome": "shortlisted", "reason": "{}"}}"#,
        "x".repeat(70_000)
    );
    let answer = send(app, Method::PUT, &path, &decider, Some("*"), &huge).await;
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        answer.text
    );
    assert_eq!(answer.body["type"], "/api/v1/problems/too-large");
    assert!(recorded(app, "DecisionRecorded").is_empty());
}

#[tokio::test]
async fn the_formal_check_goes_step_by_step_on_the_applications_revision() {
    let check = crate::formal_check::submitted().await;
    let app = &check.app;
    let (anna, _, application) = &check.consortia[0];
    let id = application.trim_start_matches("/antraege/").to_owned();
    let reader = token(&check.staff).await;
    let decider = token_with(&check.staff, &[("scope_decide", "on")]).await;
    let path = format!("/api/v1/applications/{id}/formal-check");
    let revision = |answer: &Answer| answer.headers["etag"].to_str().unwrap().to_owned();
    let points = wettbewerb::domain::presets::Preset::BioRegio
        .setup(wettbewerb::clock::Clock::now(&app.clock))
        .formal_checklist
        .len();
    assert!(points > 0, "BioRegio has a checklist");

    let etag = revision(&get(app, &format!("/api/v1/applications/{id}"), &reader).await);
    let early = send(
        app,
        Method::POST,
        &path,
        &decider,
        Some(&etag),
        r#"{"action": "complete"}"#,
    )
    .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.text
    );
    assert_eq!(early.body["code"], "ChecklistNotMet");

    // A deficiency request: the consortium is told by mail, as from the check page.
    let last_day = (wettbewerb::clock::Clock::now(&app.clock) + chrono::Duration::days(14))
        .date_naive()
        .to_string();
    let request = serde_json::json!({
        "action": "request_corrections",
        "parts": ["angaben"],
        "text": "Bitte ergänzen Sie die Zusammenfassung um die Verwertung.",
        "last_day": last_day,
    })
    .to_string();
    let requested = send(app, Method::POST, &path, &decider, Some(&etag), &request).await;
    assert_eq!(requested.status, StatusCode::OK, "{}", requested.text);
    assert_eq!(requested.body["state"], "deficient");
    assert_eq!(recorded(app, "CorrectionsRequested").len(), 1);
    let mail = app.mail_to("a@lmu.de", "Nachforderung").await;
    assert!(mail.contains("Verwertung"), "{mail}");

    let all_met = serde_json::json!({"action": "tick", "met": vec![true; points]}).to_string();
    let stale = send(app, Method::POST, &path, &decider, Some(&etag), &all_met).await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.text
    );
    let ticked = send(
        app,
        Method::POST,
        &path,
        &decider,
        Some(&revision(&requested)),
        &all_met,
    )
    .await;
    assert_eq!(ticked.status, StatusCode::OK, "{}", ticked.text);
    assert_eq!(
        ticked.body["ticks"],
        serde_json::json!(vec![Some(true); points])
    );

    // The applicant's token may not take a step of the check.
    let own = token(anna).await;
    let refused = send(
        app,
        Method::POST,
        &path,
        &own,
        Some("*"),
        r#"{"action": "complete"}"#,
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
