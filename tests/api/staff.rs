//! Staff pages: the overview and the outbox.

use reqwest::StatusCode;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::support::{Options, PASSWORD, spawn_app, spawn_app_with};

#[tokio::test]
async fn staff_see_sent_mail_in_the_outbox_and_applications_in_the_overview() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::BioRegio).await;
    let anna = app.applicant("anna@tu-muenchen.de", "Anna Schmidt").await;
    anna.create_application(competition, "BioRegio München", "TU München", "Bayern")
        .await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;

    let overview = staff.get("/verwaltung").await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(overview.body.contains("Entwurf: 1"), "{}", overview.body);

    let outbox = staff.get("/verwaltung/postausgang").await.body;
    assert!(outbox.contains("anna@tu-muenchen.de"));
    assert!(outbox.contains("Bitte bestätigen Sie Ihre E-Mail-Adresse"));
    assert!(outbox.contains("versandt"), "{outbox}");
}

#[tokio::test]
async fn while_the_mail_server_is_down_staff_see_the_message_waiting_with_the_error() {
    let app = spawn_app_with(Options {
        smtp_up: false,
        ..Options::default()
    })
    .await;
    let visitor = app.visitor();
    let registered = visitor
        .post(
            "/registrieren",
            &[
                ("name", "Anna"),
                ("email", "anna@tu-dresden.de"),
                ("password", PASSWORD),
                ("password_repeat", PASSWORD),
            ],
        )
        .await;
    assert_eq!(registered.status, StatusCode::SEE_OTHER);
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let mut page = String::new();
    for _ in 0..100 {
        page = staff.get("/verwaltung/postausgang").await.body;
        if page.contains("wartet") && page.contains("<td>1</td>") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(page.contains("anna@tu-dresden.de"), "{page}");
    assert!(page.contains("wartet"), "{page}");
    assert!(
        page.contains("<td>1</td>"),
        "one failed attempt is shown: {page}"
    );
}
