//! Accepting a jury invitation writes two things: the juror's account and the acceptance of the
//! seat. The account comes first, so that neither a failure nor a crash between the two spends
//! the link without an account to log in to.

use reqwest::StatusCode;
use serde_json::json;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::domain::account::{Account, AccountCommand, Language, Role, account_id_for};
use wettbewerb::domain::email_address::EmailAddress;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ExpectedRevision, NewEvent, ReadFrom};

use crate::support::{PASSWORD, TestApp, User, link_in, spawn_app};

const EMAIL: &str = "jana@uni-jena.de";

/// Staff invite Jana; returns the link from her mail and the acceptance form's fields.
async fn invited(app: &TestApp) -> (String, Vec<(&'static str, String)>) {
    let competition = app.open_competition(Preset::BioRegio).await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let invited = staff
        .post(
            &format!("/verwaltung/wettbewerbe/{competition}/jury"),
            &[
                ("name", "Dr. Jana Jury"),
                ("email", EMAIL),
                ("organisation", "Universität Jena"),
            ],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    let link = link_in(&app.mail_to(EMAIL, "Jury").await, "/jury/einladung");
    let query = link.split_once('?').unwrap().1.to_owned();
    let value = |key: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
            .unwrap()
            .to_owned()
    };
    let fields = vec![
        ("einladung", value("einladung")),
        ("n", value("n")),
        ("t", value("t")),
        ("name", "Dr. Jana Jury".to_owned()),
        ("organisation", "Universität Jena".to_owned()),
        ("password", PASSWORD.to_owned()),
        ("password_repeat", PASSWORD.to_owned()),
        ("vertraulichkeit", "on".to_owned()),
    ];
    (link, fields)
}

async fn accept(juror: &User, fields: &[(&'static str, String)]) -> crate::support::Page {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    juror.post("/jury/einladung", &fields).await
}

fn accepted_in_log(app: &TestApp) -> bool {
    app.store
        .read_all(Direction::Forwards, ReadFrom::Start, usize::MAX)
        .unwrap()
        .iter()
        .any(|e| e.event_type == "InvitationAccepted")
}

#[tokio::test]
async fn an_account_that_cannot_be_written_leaves_the_invitation_link_usable() {
    let app = spawn_app().await;
    let (link, fields) = invited(&app).await;
    // The account's stream holds an event no version of the service can read: writing the
    // account fails when the juror accepts.
    let address = EmailAddress::parse(EMAIL).unwrap();
    app.store
        .append(
            &stream_of::<Account>(&account_id_for(&address)),
            ExpectedRevision::NoStream,
            vec![NewEvent::new("NoSuchAccountEvent", json!({}))],
        )
        .await
        .unwrap();
    app.settled().await;

    let juror = app.visitor();
    assert_eq!(juror.get(&link).await.status, StatusCode::OK);
    let failed = accept(&juror, &fields).await;
    assert_ne!(failed.status, StatusCode::SEE_OTHER, "{}", failed.body);

    // Nothing of the seat was accepted: the link still shows the form instead of the login.
    assert!(!accepted_in_log(&app));
    let again = app.visitor().get(&link).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert!(again.body.contains("vertraulichkeit"), "{}", again.body);
}

#[tokio::test]
async fn a_crash_after_the_account_was_written_lets_the_link_finish_the_acceptance() {
    let app = spawn_app().await;
    let (link, fields) = invited(&app).await;
    // What the log holds when the service died right after the first of the two steps.
    let address = EmailAddress::parse(EMAIL).unwrap();
    let now = wettbewerb::clock::Clock::now(&app.clock);
    execute::<Account>(
        &app.store,
        &stream_of::<Account>(&account_id_for(&address)),
        &Actor::new(account_id_for(&address).to_string(), "juror"),
        AccountCommand::Register {
            email: address.clone(),
            name: "Dr. Jana Jury".into(),
            role: Role::Juror,
            password_hash: wettbewerb::security::password::hash(PASSWORD),
            language: Language::De,
            verification_nonce: None,
            privacy_consent: None,
            now,
        },
    )
    .await
    .unwrap();
    app.settled().await;
    assert!(!accepted_in_log(&app));

    // Followed again, the link asks for the password just chosen and completes the acceptance.
    let juror = app.visitor();
    let form = juror.get(&link).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Ihr Passwort"), "{}", form.body);
    let accepted = accept(&juror, &fields).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert!(accepted_in_log(&app));
    let dashboard = juror.get("/jury").await;
    assert_eq!(dashboard.status, StatusCode::OK, "{}", dashboard.body);
    assert!(
        dashboard.body.contains("Dr. Jana Jury"),
        "{}",
        dashboard.body
    );
}
