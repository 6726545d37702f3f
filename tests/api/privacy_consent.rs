//! Registration asks for consent to the privacy notice, and records it with the account.

use reqwest::StatusCode;
use wettbewerb::domain::privacy::PRIVACY_NOTICE_VERSION;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::support::{Options, PASSWORD, spawn_app, spawn_app_with};

#[tokio::test]
async fn registration_without_consent_is_refused_filled_in_and_with_it_the_consent_is_recorded() {
    let app = spawn_app().await;
    let user = app.visitor();
    let form = user.get("/registrieren").await.body;
    assert!(
        form.contains(r#"<a href="/datenschutz">Datenschutzhinweise</a>"#)
            && form.contains(r#"name="privacy_consent""#),
        "{form}"
    );
    let notice = user.get("/datenschutz").await;
    assert_eq!(notice.status, StatusCode::OK);
    assert!(
        notice.body.contains("Was gespeichert wird")
            && notice.body.contains(PRIVACY_NOTICE_VERSION),
        "{}",
        notice.body
    );

    let refused = user
        .post(
            "/registrieren",
            &[
                ("name", "Anna Schmidt"),
                ("email", "anna@tu-dresden.de"),
                ("password", PASSWORD),
                ("password_repeat", PASSWORD),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(r#"<p class="error" id="privacy_consent-error">Bitte stimmen Sie den Datenschutzhinweisen zu; ohne Zustimmung können wir kein Konto anlegen.</p>"#)
            && refused.body.contains(r#"value="Anna Schmidt""#)
            && refused.body.contains(r#"value="anna@tu-dresden.de""#),
        "the reason beside the box, the form as typed: {}",
        refused.body
    );
    assert!(app.mails().is_empty(), "no account, no mail");

    let registered = user
        .post(
            "/registrieren",
            &[
                ("name", "Anna Schmidt"),
                ("email", "anna@tu-dresden.de"),
                ("password", PASSWORD),
                ("password_repeat", PASSWORD),
                ("privacy_consent", "on"),
            ],
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    let now = wettbewerb::clock::Clock::now(&app.clock);
    let events = app
        .store
        .read_all(Direction::Forwards, ReadFrom::Start, 1000)
        .unwrap();
    let registration = events
        .iter()
        .find(|e| e.event_type == "AccountRegistered")
        .expect("the account is registered");
    let consent = &registration.data["privacy_consent"];
    assert_eq!(consent["version"], PRIVACY_NOTICE_VERSION, "{consent}");
    assert_eq!(
        consent["at"]
            .as_str()
            .map(|at| at.parse::<chrono::DateTime<chrono::Utc>>().unwrap()),
        Some(now),
        "{consent}"
    );
}

#[tokio::test]
async fn the_privacy_notice_names_whom_the_operator_set_as_responsible() {
    let app = spawn_app_with(Options {
        privacy_controller: "Projektträger Jülich, Zimmerstraße 26–27, 10969 Berlin, datenschutz@ptj.example",
        ..Options::default()
    })
    .await;
    let notice = app.visitor().get("/datenschutz").await.body;
    assert!(
        notice.contains("<dt>Verantwortlich für die Verarbeitung</dt>\n  <dd>Projektträger Jülich, Zimmerstraße 26–27, 10969 Berlin, datenschutz@ptj.example</dd>"),
        "{notice}"
    );
    assert!(
        notice.contains("nicht eingerichtet (Einstellung privacy_officer)"),
        "{notice}"
    );
    let unnamed = spawn_app().await.visitor().get("/datenschutz").await.body;
    assert!(
        unnamed.contains("nicht eingerichtet (Einstellung privacy_controller)")
            && !unnamed.contains("Projektträger Jülich"),
        "{unnamed}"
    );
}
