//! A person downloads what the service holds about them (GDPR Art. 15) from their account page:
//! their account, every personal field of theirs in the log, the mail sent to them, and nothing
//! of anybody else.

use reqwest::StatusCode;

use crate::support::spawn_app;

#[tokio::test]
async fn an_applicant_downloads_their_data_and_nobody_else_s() {
    let app = spawn_app().await;
    let (competition, anna, _application) = app.draft().await;
    let ben = app.applicant("ben@sensorik.de", "Ben Weber").await;
    let bens = ben
        .create_application(
            competition,
            "Messtechnik Spree",
            "BTU Cottbus",
            "Brandenburg",
        )
        .await;
    let invited = ben
        .post(
            &format!("{bens}/mitwirkende"),
            &[("email", "anna@tu-dresden.de")],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER);
    app.mail_to("anna@tu-dresden.de", "Einladung").await;

    let page = anna.get("/konto").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("/konto/meine-daten.json"),
        "{}",
        page.body
    );
    assert!(page.body.contains("anna@tu-dresden.de"));

    let download = anna.get("/konto/meine-daten.json").await;
    assert_eq!(download.status, StatusCode::OK, "{}", download.body);
    let data: serde_json::Value = serde_json::from_str(&download.body).unwrap();
    assert_eq!(data["konto"]["name"], "Anna Schmidt");
    assert_eq!(data["konto"]["email"], "anna@tu-dresden.de");
    let records = data["eintraege"].as_array().unwrap();
    let kinds: Vec<&str> = records.iter().filter_map(|r| r["art"].as_str()).collect();
    assert!(kinds.contains(&"AccountRegistered"), "{kinds:?}");
    assert!(
        kinds.contains(&"ApplicationCreated"),
        "her own application: {kinds:?}"
    );
    assert!(
        kinds.contains(&"EditorInvited"),
        "her invitation to Ben's: {kinds:?}"
    );
    let mails = data["nachrichten"].as_array().unwrap();
    assert!(
        mails.iter().any(|m| m["betreff"]
            .as_str()
            .is_some_and(|s| s.contains("Einladung"))),
        "{mails:?}"
    );
    assert!(!download.body.contains("Ben Weber") && !download.body.contains("ben@sensorik.de"));

    let stranger = app.visitor().get("/konto/meine-daten.json").await;
    assert_ne!(stranger.status, StatusCode::OK);
    // A few downloads an hour: reading the whole log for one person is work.
    let mut last = StatusCode::OK;
    for _ in 0..5 {
        last = anna.get("/konto/meine-daten.json").await.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}
