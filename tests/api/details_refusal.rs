//! The consortium's details form after a refused value: only the wrong field is marked, in the
//! words of its label, and every other field comes back as typed.

use reqwest::StatusCode;

use crate::support::spawn_app;

#[tokio::test]
async fn a_refused_amount_marks_only_the_amount_and_keeps_every_other_field_as_typed() {
    let app = spawn_app().await;
    // A new application: nothing saved yet but its title.
    let (_, anna, application) = app.draft().await;
    let revision = anna.revision(&application).await;
    let refused = anna
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", "Sensorik-Netzwerk Lausitz"),
                ("summary", "Sensoren für die Braunkohlefolgelandschaft."),
                ("field", "Materials"),
                ("requested", "38 Mio"),
                ("cofinancing", "1.000.000"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &refused.body;
    assert!(
        body.contains(
            r#"<p class="error" id="requested-error">„38 Mio“ ist kein Betrag in Euro.</p>"#
        ) && body.contains(r#"id="requested" name="requested" value="38 Mio""#),
        "the amount is marked and kept: {body}"
    );
    for field in ["title", "summary", "field", "cofinancing"] {
        assert!(
            !body.contains(&format!(r#"id="{field}-error""#)),
            "{field} is not marked: {body}"
        );
    }
    // The hints speak of what is typed, not of the empty state saved before.
    assert!(
        !body.contains("Die Zusammenfassung fehlt.")
            && !body.contains("Die Kurzbeschreibung fehlt.")
            && !body.contains("Bitte ein Technologiefeld wählen."),
        "a filled summary and a chosen field are not called missing: {body}"
    );
    assert!(
        body.contains(r#"value="Sensorik-Netzwerk Lausitz""#)
            && body.contains(">Sensoren für die Braunkohlefolgelandschaft.</textarea>")
            && body.contains(r#"<option value="Materials" selected>"#)
            && body.contains(r#"id="cofinancing" name="cofinancing" value="1.000.000""#),
        "every other field comes back as typed: {body}"
    );

    // An empty summary is named in the words of its label.
    let refused = anna
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", "Sensorik-Netzwerk Lausitz"),
                ("summary", ""),
                ("field", "Materials"),
                ("requested", "38 Mio"),
                ("cofinancing", ""),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Die Zusammenfassung fehlt."),
        "{}",
        refused.body
    );
}
