//! The JSON API under `/api/v1` as another system meets it: a token made on the account page,
//! shown once and kept only as a hash; lists paged by the log position; problems in German or
//! English; the OpenAPI description that matches what the routes answer.

use reqwest::StatusCode;
use serde_json::Value;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::support::{TestApp, User, spawn_app};

/// A token made on the account page with these form fields (`scope_read`, `scope_decide`,
/// `lifetime`), as its owner copies it from the page that shows it once.
pub async fn token_with(user: &User, fields: &[(&str, &str)]) -> String {
    let mut all = vec![("name", "Berichtswesen BMBF")];
    all.extend_from_slice(fields);
    let page = user.post("/konto/api-schluessel", &all).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let marker = r#"<code id="token" class="break">"#;
    let start = page.body.find(marker).expect("the token is shown") + marker.len();
    page.body[start..].split('<').next().unwrap().to_owned()
}

/// A token that reads.
pub async fn token(user: &User) -> String {
    token_with(user, &[("scope_read", "on")]).await
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

/// A call as a program makes it: no cookies, the token in `Authorization`.
pub async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Answer {
    let client = reqwest::Client::new();
    let mut request = client.request(method, format!("{}{path}", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    Answer {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

pub async fn get(app: &TestApp, path: &str, token: &str) -> Answer {
    call(app, reqwest::Method::GET, path, Some(token), &[], None).await
}

fn content_type(answer: &Answer) -> &str {
    answer
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_token_is_shown_once_stored_as_a_hash_reads_as_its_account_and_ends_when_revoked() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let staff = app.account(Role::Staff, "staff@ptj.de").await;
    let token = token_with(&staff, &[("scope_read", "on"), ("lifetime", "90")]).await;
    assert!(token.starts_with("wb_"), "{token}");

    // The list names it by its first characters, never whole.
    let list = staff.get("/konto/api-schluessel").await.body;
    assert!(list.contains("Berichtswesen BMBF"), "{list}");
    assert!(list.contains(&token[..8]), "{list}");
    assert!(!list.contains(&token), "the list shows the whole token");
    // The log holds its hash, never the token itself.
    let events = app
        .store
        .read_all(Direction::Forwards, ReadFrom::Start, usize::MAX)
        .unwrap();
    let issued = events
        .iter()
        .find(|e| e.event_type == "ApiTokenIssued")
        .expect("the token's event");
    assert_eq!(
        issued.data["hash"].as_str().unwrap(),
        wettbewerb::security::api_token::hash(&token)
    );
    assert!(
        events.iter().all(|e| !e.data.to_string().contains(&token)),
        "the token is in the log"
    );

    let answer = get(&app, "/api/v1/competitions", &token).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let items = answer.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], competition.to_string());
    assert_eq!(items[0]["phase"], "stage_open");
    assert_eq!(items[0]["stages"][0]["kind"], "concept");
    assert!(
        answer.headers.get("set-cookie").is_none(),
        "an API answer starts a session"
    );

    let one = get(&app, &format!("/api/v1/competitions/{competition}"), &token).await;
    assert_eq!(one.status, StatusCode::OK);
    let revision = one.body["revision"].as_u64().unwrap();
    assert_eq!(one.headers["etag"], format!("\"{revision}\"").as_str());

    // Revoked on the account page: refused from the next call.
    let body = staff.get("/konto/api-schluessel").await.body;
    let marker = "/konto/api-schluessel/";
    let start = body.find(&format!(r#"action="{marker}"#)).unwrap() + 8 + marker.len();
    let id = &body[start..start + 36];
    let revoked = staff
        .post(&format!("/konto/api-schluessel/{id}/widerrufen"), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let refused = get(&app, "/api/v1/competitions", &token).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(content_type(&refused), "application/problem+json");
    assert!(
        staff
            .get("/konto/api-schluessel")
            .await
            .body
            .contains("widerrufen am")
    );
}

#[tokio::test]
async fn problems_are_json_in_the_language_asked_for_never_a_page_or_a_redirect() {
    let app = spawn_app().await;
    let anonymous = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/applications",
        None,
        &[],
        None,
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(content_type(&anonymous), "application/problem+json");
    assert_eq!(
        anonymous.headers["www-authenticate"],
        r#"Bearer realm="wettbewerb""#
    );
    assert_eq!(anonymous.body["status"], 401);
    assert_eq!(anonymous.body["type"], "/api/v1/problems/unauthorized");
    assert_eq!(anonymous.body["title"], "Anmeldung erforderlich");
    assert_eq!(anonymous.body["instance"], "/api/v1/applications");

    let english = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/applications",
        Some("wb_not-a-token-of-anybody"),
        &[("accept-language", "en-GB,en;q=0.8")],
        None,
    )
    .await;
    assert_eq!(english.status, StatusCode::UNAUTHORIZED);
    assert_eq!(english.body["title"], "Authentication required");
    assert_eq!(english.headers["content-language"], "en");

    let staff = app.account(Role::Staff, "staff@ptj.de").await;
    let token = token(&staff).await;
    let unknown = get(&app, "/api/v1/nichts-hier", &token).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(content_type(&unknown), "application/problem+json");
    assert_eq!(unknown.body["type"], "/api/v1/problems/not-found");

    for (query, reason) in [
        ("limit=0", "„limit“ muss eine Zahl von 1 bis 500 sein."),
        ("limit=501", "„limit“ muss eine Zahl von 1 bis 500 sein."),
        ("after=gestern", "„after“ muss eine Position"),
        ("state=genehmigt", "Der Filter „state“"),
        ("competition=42", "Der Filter „competition“"),
    ] {
        let bad = get(&app, &format!("/api/v1/applications?{query}"), &token).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            bad.body["detail"].as_str().unwrap().starts_with(reason),
            "{query}: {}",
            bad.text
        );
    }
}

#[tokio::test]
async fn an_applicant_token_reads_its_consortium_with_the_plan_and_nothing_else() {
    let app = spawn_app().await;
    let (competition, anna, application) = app.draft().await;
    let bob = app.applicant("bob@fh-zittau.de", "Bob Meier").await;
    let other = bob
        .create_application(competition, "Wasser Zittau", "FH Zittau", "Sachsen")
        .await;
    crate::applicant_flow::complete(&anna, &application).await;
    crate::pledge_review::plan_money(&app, &application).await;
    app.settled().await;
    let id = application.rsplit('/').next().unwrap();
    let other_id = other.rsplit('/').next().unwrap();

    // An applicant may not hold a token that decides: the form says so beside the field.
    let refused = anna
        .post(
            "/konto/api-schluessel",
            &[("name", "x"), ("scope_decide", "on"), ("lifetime", "30")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(r#"id="scopes-error""#),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r#"value="x""#), "the name is lost");

    let token = token(&anna).await;
    let list = get(&app, "/api/v1/applications", &token).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let ids: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id]);

    let own = get(&app, &format!("/api/v1/applications/{id}"), &token).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.body["title"], "Sensorik-Netzwerk Lausitz");
    assert_eq!(own.body["state"], "draft");
    assert_eq!(own.body["consortium"][0]["name"], "TU Dresden");
    assert_eq!(own.body["consortium"][0]["kind"], "university");
    assert_eq!(own.body["consortium"][0]["coordinator"], true);
    let requested = own.body["requested_cents"].as_i64().unwrap();
    assert!(requested > 0, "{}", own.text);
    let per_year: i64 = own.body["plan"]["years"]
        .as_object()
        .unwrap()
        .values()
        .map(|line| line["requested_cents"].as_i64().unwrap())
        .sum();
    assert_eq!(
        per_year, requested,
        "the plan's years add up to the request"
    );
    assert_eq!(
        own.headers["etag"],
        format!("\"{}\"", own.body["revision"]).as_str()
    );

    let foreign = get(&app, &format!("/api/v1/applications/{other_id}"), &token).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn lists_page_by_the_log_position_and_a_change_comes_again_after_the_last_page() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let anna = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let mut created = Vec::new();
    for title in ["Eins", "Zwei", "Drei"] {
        let path = anna
            .create_application(competition, title, "TU Dresden", "Sachsen")
            .await;
        created.push(path.rsplit('/').next().unwrap().to_owned());
    }
    let staff = app.account(Role::Staff, "staff@ptj.de").await;
    let token = token(&staff).await;
    let query = format!("/api/v1/applications?competition={competition}&limit=2");

    let first = get(&app, &query, &token).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let titles = |answer: &Answer| -> Vec<String> {
        answer.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(titles(&first), ["Eins", "Zwei"]);
    assert_eq!(first.body["more"], true);
    let next = first.body["next"].as_u64().unwrap();
    let second = get(&app, &format!("{query}&after={next}"), &token).await;
    assert_eq!(titles(&second), ["Drei"]);
    assert_eq!(second.body["more"], false);
    let last = second.body["next"].as_u64().unwrap();
    assert_eq!(
        get(&app, &format!("{query}&after={last}"), &token)
            .await
            .body["items"],
        serde_json::json!([])
    );

    // The first one changes: it comes again after the last page, once.
    let editor = format!("/antraege/{}", created[0]);
    let revision = anna.revision(&editor).await;
    let changed = anna
        .post(
            &format!("{editor}/angaben"),
            &[
                ("revision", revision.as_str()),
                ("title", "Eins, neu"),
                ("summary", "Sensorik für die Lausitz"),
                ("field", "Materials"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let since = get(&app, &format!("{query}&after={last}"), &token).await;
    assert_eq!(titles(&since), ["Eins, neu"]);
    let submitted = get(
        &app,
        &format!("/api/v1/applications?competition={competition}&state=submitted"),
        &token,
    )
    .await;
    assert_eq!(submitted.body["items"], serde_json::json!([]));
    let drafts = get(&app, "/api/v1/applications?state=draft&stage=0", &token).await;
    assert_eq!(drafts.body["items"].as_array().unwrap().len(), 3);
}

/// Every object schema of the description as closed: an answer with a field the description
/// does not name fails too.
fn closed(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(closed);
        }
        Value::Array(items) => items.iter_mut().for_each(closed),
        _ => {}
    }
}

/// Checks an answer against what the description says of its route, method and status.
pub fn check_against(doc: &Value, path: &str, method: &str, answer: &Answer) {
    let status = answer.status.as_u16().to_string();
    let described = &doc["paths"][path][method]["responses"][&status];
    assert!(
        described.is_object(),
        "{method} {path} answered {status}, which the description does not name: {}",
        answer.text
    );
    let (media, content) = described["content"]
        .as_object()
        .and_then(|c| c.iter().next())
        .unwrap_or_else(|| panic!("{method} {path} {status} has no content"));
    let answered = content_type(answer);
    assert_eq!(answered, media, "{method} {path} {status}");
    let mut schema = content["schema"].clone();
    schema["components"] = doc["components"].clone();
    closed(&mut schema);
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&answer.body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status} does not match its description: {errors:?}\n{}",
        answer.text
    );
}

#[tokio::test]
async fn the_openapi_description_names_every_route_and_each_live_answer_matches_it() {
    let app = spawn_app().await;
    let (competition, anna, application) = app.draft().await;
    crate::applicant_flow::complete(&anna, &application).await;
    crate::pledge_review::plan_money(&app, &application).await;
    app.settled().await;
    let id = application.rsplit('/').next().unwrap().to_owned();
    let staff = app.account(Role::Staff, "staff@ptj.de").await;
    let token = token(&staff).await;

    let described = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/openapi.json",
        None,
        &[],
        None,
    )
    .await;
    assert_eq!(described.status, StatusCode::OK);
    let doc = described.body;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{doc}");
    assert_eq!(
        doc["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    let mut paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/api/v1/applications",
            "/api/v1/applications/{id}",
            "/api/v1/applications/{id}/audit",
            "/api/v1/applications/{id}/formal-check",
            "/api/v1/competitions",
            "/api/v1/competitions/{id}",
            "/api/v1/competitions/{id}/decisions",
            "/api/v1/competitions/{id}/decisions/{application}",
            "/api/v1/outbox",
        ]
    );

    let decider = token_with(&staff, &[("scope_decide", "on")]).await;
    let nobody = "00000000-0000-0000-0000-000000000000";
    let decision = format!("/api/v1/competitions/{competition}/decisions/{id}");
    let check = format!("/api/v1/applications/{id}/formal-check");
    let shortlist = Some(r#"{"outcome": "shortlisted"}"#);
    let any = [("if-match", "*")];
    type Call<'a> = (
        &'a str,
        &'a str,
        String,
        Option<&'a str>,
        &'a [(&'a str, &'a str)],
        Option<&'a str>,
    );
    let calls: Vec<Call> = vec![
        (
            "/api/v1/competitions",
            "get",
            "/api/v1/competitions?limit=5".into(),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/competitions",
            "get",
            "/api/v1/competitions?limit=x".into(),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/competitions",
            "get",
            "/api/v1/competitions".into(),
            None,
            &[],
            None,
        ),
        (
            "/api/v1/competitions/{id}",
            "get",
            format!("/api/v1/competitions/{competition}"),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/competitions/{id}",
            "get",
            format!("/api/v1/competitions/{nobody}"),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/competitions/{id}/decisions",
            "get",
            format!("/api/v1/competitions/{competition}/decisions"),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/competitions/{id}/decisions",
            "get",
            format!("/api/v1/competitions/{competition}/decisions"),
            Some(&decider),
            &[],
            None,
        ),
        (
            "/api/v1/competitions/{id}/decisions/{application}",
            "put",
            decision.clone(),
            Some(&decider),
            &[],
            shortlist,
        ),
        (
            "/api/v1/competitions/{id}/decisions/{application}",
            "put",
            decision.clone(),
            Some(&decider),
            &any,
            shortlist,
        ),
        (
            "/api/v1/competitions/{id}/decisions/{application}",
            "put",
            decision.clone(),
            Some(&decider),
            &[("if-match", "\"0\"")],
            shortlist,
        ),
        (
            "/api/v1/competitions/{id}/decisions/{application}",
            "put",
            decision.clone(),
            Some(&decider),
            &any,
            Some("{}"),
        ),
        (
            "/api/v1/competitions/{id}/decisions/{application}",
            "put",
            decision,
            Some(&token),
            &any,
            shortlist,
        ),
        (
            "/api/v1/applications",
            "get",
            "/api/v1/applications".into(),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/applications",
            "get",
            "/api/v1/applications?stage=x".into(),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/applications/{id}",
            "get",
            format!("/api/v1/applications/{id}"),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/applications/{id}",
            "get",
            format!("/api/v1/applications/{nobody}"),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/applications/{id}/audit",
            "get",
            format!("/api/v1/applications/{id}/audit"),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/applications/{id}/audit",
            "get",
            format!("/api/v1/applications/{nobody}/audit"),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/applications/{id}/audit",
            "get",
            format!("/api/v1/applications/{id}/audit"),
            Some(&decider),
            &[],
            None,
        ),
        (
            "/api/v1/outbox",
            "get",
            "/api/v1/outbox".into(),
            Some(&token),
            &[],
            None,
        ),
        (
            "/api/v1/outbox",
            "get",
            "/api/v1/outbox".into(),
            None,
            &[],
            None,
        ),
        (
            "/api/v1/outbox",
            "get",
            "/api/v1/outbox".into(),
            Some(&decider),
            &[],
            None,
        ),
        // A draft has no formal check.
        (
            "/api/v1/applications/{id}/formal-check",
            "post",
            check,
            Some(&decider),
            &any,
            Some(r#"{"action": "complete"}"#),
        ),
    ];
    for (route, method, path, token, headers, body) in &calls {
        let verb = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let answer = call(&app, verb, path, *token, headers, *body).await;
        check_against(&doc, route, method, &answer);
    }
    for route in paths {
        assert!(
            calls.iter().any(|(called, ..)| *called == route),
            "{route} is described but not called here"
        );
    }
}

#[tokio::test]
async fn staff_read_an_applications_audit_trail_and_the_outboxs_state() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    crate::applicant_flow::complete(&anna, &application).await;
    let id = application.rsplit('/').next().unwrap().to_owned();
    let staff = app.account(Role::Staff, "staff@ptj.de").await;
    let staff_token = token(&staff).await;

    let audit = get(
        &app,
        &format!("/api/v1/applications/{id}/audit"),
        &staff_token,
    )
    .await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    let entries = audit.body["entries"].as_array().unwrap();
    assert_eq!(entries[0]["event"], "ApplicationCreated");
    let anna_id = wettbewerb::domain::account::account_id_for(
        &wettbewerb::domain::email_address::EmailAddress::parse("anna@tu-dresden.de").unwrap(),
    );
    assert_eq!(entries[0]["actor"], anna_id.to_string().as_str());
    let positions: Vec<u64> = entries
        .iter()
        .map(|e| e["position"].as_u64().unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(entries.len() > 3, "{}", audit.text);

    // Anna's verification mail went out; the outbox says so.
    let outbox = get(&app, "/api/v1/outbox", &staff_token).await;
    assert_eq!(outbox.status, StatusCode::OK, "{}", outbox.text);
    assert!(
        outbox.body["sent"].as_u64().unwrap() >= 1,
        "{}",
        outbox.text
    );
    assert_eq!(outbox.body["failed"], 0);
    let own = token(&anna).await;
    let refused = get(&app, "/api/v1/outbox", &own).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
