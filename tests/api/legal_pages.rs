//! The Impressum shows the provider as configured, and says plainly what is not configured.

use reqwest::StatusCode;

use crate::support::{Options, spawn_app, spawn_app_with};

#[tokio::test]
async fn the_impressum_names_the_configured_provider_in_both_languages() {
    let app = spawn_app_with(Options {
        imprint_name: "Projektträger Jülich, Forschungszentrum Jülich GmbH",
        imprint_address: "Zimmerstraße 26–27; 10969 Berlin",
        imprint_contact: "Telefon 030 20199-0, ptj@fz-juelich.example",
        ..Options::default()
    })
    .await;
    let page = app.visitor().get("/impressum").await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "<h1>Impressum</h1>",
        "<p>Projektträger Jülich, Forschungszentrum Jülich GmbH</p>",
        "<address>Zimmerstraße 26–27<br>10969 Berlin</address>",
        "<p>Telefon 030 20199-0, ptj@fz-juelich.example</p>",
        r#"<a href="/barrierefreiheit">Erklärung zur Barrierefreiheit</a>"#,
    ] {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }
    assert!(!page.body.contains("nicht eingerichtet"), "{}", page.body);
    let english = app
        .visitor_with_headers(&[("accept-language", "en")])
        .get("/impressum")
        .await
        .body;
    assert!(
        english.contains("<h1>Legal notice</h1>") && english.contains("<h2>Provider</h2>"),
        "{english}"
    );
}

#[tokio::test]
async fn without_settings_the_impressum_says_which_are_not_configured() {
    let app = spawn_app_with(Options {
        imprint_name: "Projektträger Jülich",
        ..Options::default()
    })
    .await;
    let page = app.visitor().get("/impressum").await.body;
    assert!(
        page.contains("<p>Projektträger Jülich</p>")
            && page.contains("Nicht eingerichtet (Einstellung imprint_address).")
            && page.contains("Nicht eingerichtet (Einstellung imprint_contact).")
            && !page.contains("Einstellung imprint_name)"),
        "{page}"
    );
    let empty = spawn_app().await.visitor().get("/impressum").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(
        empty
            .body
            .contains("Die Angaben zum Anbieter sind noch nicht eingerichtet.")
            && empty
                .body
                .contains("Nicht eingerichtet (Einstellung imprint_name)."),
        "{}",
        empty.body
    );
}
