//! Staff word a competition's messages themselves: the editor starts from the built-in text,
//! previews it filled with an example, refuses a text with an unknown placeholder or a broken
//! template with the reason beside the field (the text kept), saves it as an event with its
//! actor, answers a stale form with 409, and goes back to the built-in text.

use reqwest::StatusCode;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::support::{TestApp, hidden_value, spawn_app};

fn events_of(app: &TestApp, kind: &str) -> Vec<wettbewerb::event_store::RecordedEvent> {
    app.store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.event_type == kind)
        .collect()
}

#[tokio::test]
async fn staff_adjust_a_mail_text_see_it_refused_when_broken_and_restore_the_default() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let list = format!("/verwaltung/wettbewerbe/{competition}/mailtexte");
    let editor = format!("{list}/rejection/de");

    let control = staff
        .get(&format!("/verwaltung/wettbewerbe/{competition}"))
        .await;
    assert!(
        control.body.contains(&format!("href=\"{list}\"")),
        "{}",
        control.body
    );
    let overview = staff.get(&list).await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(
        overview.body.contains("Formale Ablehnung"),
        "{}",
        overview.body
    );
    assert!(overview.body.contains("Standardtext"), "{}", overview.body);
    assert!(!overview.body.contains("Eigener Text"), "{}", overview.body);

    // The editor starts from the built-in wording, with the placeholders in it, and previews it.
    let page = staff.get(&editor).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Antrag formal abgelehnt: {{ titel }}"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Begründung: {{ grund }}"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("die Begründung der Ablehnung"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Guten Tag, Erika Mustermann,"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("Standardtext wiederherstellen"),
        "{}",
        page.body
    );
    let revision = hidden_value(&page.body, "revision").unwrap_or_default();

    // An unknown placeholder in the subject, a broken template in the body: both reasons, the
    // text kept, nothing written.
    let broken_body = "{{ anrede }}\n\n{% if grund %}Begründung: {{ grund }}";
    let refused = staff
        .post(
            &editor,
            &[
                ("betreff", "Ablehnung über {{ betrag }}"),
                ("text", broken_body),
                ("revision", &revision),
                ("aktion", "speichern"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Unbekannte Platzhalter: betrag"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("id=\"betreff-error\""),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("id=\"text-error\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Zeile 3"), "{}", refused.body);
    assert!(
        refused.body.contains("Ablehnung über {{ betrag }}"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("{% if grund %}Begründung"),
        "{}",
        refused.body
    );
    assert!(events_of(&app, "MailTextChanged").is_empty());

    // A preview fills the typed text with the example, and writes nothing.
    let text = "{{ anrede }}\n\nIhr Antrag „{{ titel }}“ ist abgelehnt: {{ grund }}\n\n{{ link }}";
    let preview = staff
        .post(
            &editor,
            &[
                ("betreff", "Ablehnung: {{ titel }}"),
                ("text", text),
                ("revision", &revision),
                ("aktion", "vorschau"),
            ],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        preview.body.contains(
            "ist abgelehnt: Die Absichtserklärungen der Partner sind nicht unterschrieben."
        ),
        "{}",
        preview.body
    );
    assert!(events_of(&app, "MailTextChanged").is_empty());

    let saved = staff
        .post(
            &editor,
            &[
                ("betreff", "Ablehnung: {{ titel }}"),
                ("text", text),
                ("revision", &revision),
                ("aktion", "speichern"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let changed = events_of(&app, "MailTextChanged");
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].metadata["role"], "staff");
    assert_eq!(changed[0].data["kind"], "rejection");
    assert_eq!(changed[0].data["subject"], "Ablehnung: {{ titel }}");
    let page = staff.get(&editor).await;
    assert!(
        page.body.contains("Der Text ist gespeichert"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Standardtext wiederherstellen"),
        "{}",
        page.body
    );
    let overview = staff.get(&list).await;
    assert!(overview.body.contains("Eigener Text"), "{}", overview.body);

    // The form as it was before the save is stale now: 409, the input kept.
    let stale = staff
        .post(
            &editor,
            &[
                ("betreff", "Noch einmal: {{ titel }}"),
                ("text", "{{ anrede }}"),
                ("revision", &revision),
                ("aktion", "speichern"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.body.contains("Noch einmal: {{ titel }}"),
        "{}",
        stale.body
    );
    assert!(
        stale
            .body
            .contains("inzwischen von jemand anderem geändert"),
        "{}",
        stale.body
    );

    let current = hidden_value(&page.body, "revision").unwrap();
    let reset = staff
        .post(&format!("{editor}/standard"), &[("revision", &current)])
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.body);
    assert_eq!(events_of(&app, "MailTextReset").len(), 1);
    let page = staff.get(&editor).await;
    assert!(
        page.body.contains("Antrag formal abgelehnt: {{ titel }}"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Der Standardtext gilt wieder."),
        "{}",
        page.body
    );
    let overview = staff.get(&list).await;
    assert!(!overview.body.contains("Eigener Text"), "{}", overview.body);

    // The competition's audit log names both steps.
    let audit = staff
        .get(&format!("/verwaltung/protokoll/wettbewerb/{competition}"))
        .await;
    assert!(
        audit
            .body
            .contains("Eigener Mailtext gespeichert: Formale Ablehnung (Deutsch)"),
        "{}",
        audit.body
    );
    assert!(
        audit
            .body
            .contains("Standardtext wiederhergestellt: Formale Ablehnung (Deutsch)."),
        "{}",
        audit.body
    );

    // A kind or language the competition cannot word is not found.
    assert_eq!(
        staff.get(&format!("{list}/verification/de")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        staff.get(&format!("{list}/rejection/fr")).await.status,
        StatusCode::NOT_FOUND
    );
}
