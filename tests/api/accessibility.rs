//! The accessibility statement and its feedback channel: the statement in both languages, a
//! refused message kept as typed, an accepted one as an event of its own stream and a mail to
//! the accessibility contact, the rate limit, and the staff's list.

use reqwest::StatusCode;
use wettbewerb::domain::account::Role;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::support::{Options, TestApp, spawn_app, spawn_app_with};

const CONTACT: &str = "barrierefreiheit@ptj.example";

async fn with_contact() -> TestApp {
    spawn_app_with(Options {
        accessibility_contact: CONTACT,
        ..Options::default()
    })
    .await
}

fn feedback_events(app: &TestApp) -> Vec<wettbewerb::event_store::RecordedEvent> {
    app.store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.event_type == "AccessibilityFeedbackReceived")
        .collect()
}

#[tokio::test]
async fn the_statement_says_how_far_the_service_conforms_and_where_to_turn_in_both_languages() {
    let app = with_contact().await;
    let german = app.visitor().get("/barrierefreiheit").await;
    assert_eq!(german.status, StatusCode::OK);
    for text in [
        "<h1>Erklärung zur Barrierefreiheit</h1>",
        "<strong>teilweise vereinbar</strong>",
        "WCAG) 2.1 in der Stufe AA",
        "EN 301 549",
        "am 3. Dezember 2026 erstellt",
        "Selbstbewertung",
        "axe-core",
        "Nu HTML Checker",
        "Tastaturtests",
        "Hochgeladene PDF-Dokumente:",
        "Schlichtungsstelle BGG",
        "§ 16 BGG",
        "Mauerstraße 53<br>10117 Berlin",
        r#"<a href="https://www.schlichtungsstelle-bgg.de">"#,
        r#"<a href="mailto:info@schlichtungsstelle-bgg.de">"#,
        r#"<a href="mailto:barrierefreiheit@ptj.example">barrierefreiheit@ptj.example</a>"#,
        r#"<form method="post" action="/barrierefreiheit""#,
        r#"name="csrf""#,
        r#"<label for="message">Ihre Nachricht</label>"#,
    ] {
        assert!(german.body.contains(text), "{text}: {}", german.body);
    }
    assert!(
        !german.body.contains("nicht eingerichtet"),
        "{}",
        german.body
    );

    let english = app
        .visitor_with_headers(&[("accept-language", "en-GB,en")])
        .get("/barrierefreiheit")
        .await;
    assert_eq!(english.status, StatusCode::OK);
    for text in [
        r#"<html lang="en">"#,
        "<h1>Accessibility statement</h1>",
        "<strong>partially compliant</strong>",
        "prepared on 3 December 2026",
        "self-assessment",
        "Uploaded PDF documents:",
        "Conciliation procedure",
        "Mauerstraße 53<br>10117 Berlin",
        r#"<label for="message">Your message</label>"#,
    ] {
        assert!(english.body.contains(text), "{text}: {}", english.body);
    }

    // Every page's foot links to it, the Impressum and the privacy notice.
    let start = app.visitor().get("/").await.body;
    for link in [
        r#"<a href="/impressum""#,
        r#"<a href="/datenschutz""#,
        r#"<a href="/barrierefreiheit""#,
    ] {
        assert!(start.contains(link), "{link}: {start}");
    }
}

#[tokio::test]
async fn without_a_contact_the_statement_says_so_and_feedback_is_kept_but_not_mailed() {
    let app = spawn_app().await;
    let visitor = app.visitor();
    let page = visitor.get("/barrierefreiheit").await.body;
    assert!(
        page.contains("Eine E-Mail-Adresse für Barrierefreiheit ist nicht eingerichtet"),
        "{page}"
    );
    let sent = visitor
        .post(
            "/barrierefreiheit",
            &[("message", "Die Tabelle der Partner ist schwer zu lesen.")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(feedback_events(&app).len(), 1);
    // The outbox has caught up with the event (the list of mail kinds holds none for it).
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        app.mails().is_empty(),
        "no contact, no mail: {:?}",
        app.mails().iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_message_that_is_empty_or_too_long_comes_back_as_typed_with_the_reason_beside_it() {
    let app = with_contact().await;
    let visitor = app.visitor();
    let empty = visitor
        .post(
            "/barrierefreiheit",
            &[
                ("name", "Petra Leser"),
                ("email", "petra@example.org"),
                ("message", "   "),
            ],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in [
        r#"value="Petra Leser""#,
        r#"value="petra@example.org""#,
        r#"<p class="error" id="message-error">Bitte beschreiben Sie, worum es geht.</p>"#,
        r#"aria-invalid="true" aria-describedby="message-hint message-error""#,
    ] {
        assert!(empty.body.contains(text), "{text}: {}", empty.body);
    }

    let long = "Kontrast ".repeat(556); // 5,004 characters
    let too_long = visitor
        .post(
            "/barrierefreiheit",
            &[("name", "Petra Leser"), ("message", &long)],
        )
        .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        too_long.body.contains(
            r#"<p class="error" id="message-error">Höchstens 5.000 Zeichen; eingegeben sind 5.004.</p>"#
        ) && too_long.body.contains(&long),
        "{}",
        too_long.body
    );

    let bad_address = visitor
        .post(
            "/barrierefreiheit",
            &[("email", "petra-at-example"), ("message", "Hallo")],
        )
        .await;
    assert_eq!(bad_address.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_address.body.contains(r#"id="email-error""#)
            && bad_address.body.contains(r#"value="petra-at-example""#)
            && bad_address.body.contains(">Hallo</textarea>"),
        "{}",
        bad_address.body
    );

    // Without the form's token the message is refused before it is read.
    let forged = visitor
        .post_raw("/barrierefreiheit", &[("message", "Hallo")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(
        feedback_events(&app).is_empty(),
        "nothing refused is written"
    );
}

#[tokio::test]
async fn accepted_feedback_is_an_event_of_its_own_stream_and_a_mail_to_the_contact() {
    let app = with_contact().await;
    let visitor = app.visitor();
    let message =
        "Auf der Bewertungsseite sehe ich nicht, welches Feld den Fokus hat.\nBitte prüfen.";
    let sent = visitor
        .post(
            "/barrierefreiheit",
            &[
                ("name", " Petra Leser "),
                ("email", "Petra@Example.org"),
                ("message", message),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.location.as_deref(), Some("/barrierefreiheit"));
    let thanks = visitor.get("/barrierefreiheit").await.body;
    assert!(
        thanks.contains("Vielen Dank, Ihre Rückmeldung ist eingegangen. Wir antworten Ihnen an die angegebene Adresse."),
        "{thanks}"
    );

    let events = feedback_events(&app);
    let [event] = events.as_slice() else {
        panic!("one event: {events:?}");
    };
    assert!(
        event.stream.to_string().starts_with("feedback-"),
        "{}",
        event.stream
    );
    assert_eq!(event.revision, 0);
    assert_eq!(event.data["name"], "Petra Leser");
    assert_eq!(event.data["email"], "petra@example.org");
    assert_eq!(event.data["message"], message);
    assert_eq!(event.data["language"], "De");

    let mail = app
        .mail_to(CONTACT, "Rückmeldung zur Barrierefreiheit")
        .await;
    for text in [
        "Subject: Rückmeldung zur Barrierefreiheit – Petra Leser",
        "22. November 2026, 10:00 Uhr",
        "Von: Petra Leser",
        "E-Mail: petra@example.org",
        "Auf der Bewertungsseite sehe ich nicht, welches Feld den Fokus hat.",
        "/verwaltung/rueckmeldungen",
    ] {
        assert!(mail.contains(text), "{text}: {mail}");
    }

    // In English, without a name or an address, the mail says that no answer is possible.
    let english = app.visitor_with_headers(&[("accept-language", "en")]);
    let sent = english
        .post(
            "/barrierefreiheit",
            &[("message", "The <b>contrast</b> is too low.")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let mail = app.mail_to(CONTACT, "Feedback on accessibility").await;
    assert!(
        mail.contains("From: no name given")
            && mail.contains("no address given, so no answer is possible")
            && mail.contains("The <b>contrast</b> is too low.")
            && mail.contains("The &#60;b&#62;contrast&#60;/b&#62; is too low."),
        "plain in the text part, escaped in the HTML part: {mail}"
    );
    assert_eq!(feedback_events(&app).len(), 2);
}

#[tokio::test]
async fn feedback_is_limited_per_client_like_registration() {
    let app = with_contact().await;
    let visitor = app.visitor();
    for n in 0..10 {
        let sent = visitor
            .post(
                "/barrierefreiheit",
                &[("message", &format!("Rückmeldung {n}"))],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "message {n}");
    }
    let refused = visitor
        .post(
            "/barrierefreiheit",
            &[("name", "Petra Leser"), ("message", "Noch eine")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused.body.contains("Zu viele Versuche")
            && refused.body.contains(r#"value="Petra Leser""#)
            && refused.body.contains(">Noch eine</textarea>"),
        "{}",
        refused.body
    );
    assert_eq!(feedback_events(&app).len(), 10);
}

#[tokio::test]
async fn staff_read_every_feedback_newest_first_and_nobody_else_does() {
    let app = with_contact().await;
    let visitor = app.visitor();
    for (name, message) in [
        ("Petra Leser", "Erste Rückmeldung zum Kontrast"),
        ("", "Zweite Rückmeldung ohne Namen"),
    ] {
        let sent = visitor
            .post("/barrierefreiheit", &[("name", name), ("message", message)])
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER);
        app.clock.advance(chrono::Duration::minutes(5));
    }
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let list = staff.get("/verwaltung/rueckmeldungen").await;
    assert_eq!(list.status, StatusCode::OK);
    let first = list.body.find("Erste Rückmeldung zum Kontrast").unwrap();
    let second = list.body.find("Zweite Rückmeldung ohne Namen").unwrap();
    assert!(second < first, "newest first: {}", list.body);
    for text in [
        "<dd>Petra Leser</dd>",
        "<dd>ohne Namen</dd>",
        "22. November 2026, 10:05 Uhr",
        "Jede Rückmeldung geht auch per E-Mail an barrierefreiheit@ptj.example.",
    ] {
        assert!(list.body.contains(text), "{text}: {}", list.body);
    }
    let overview = staff.get("/verwaltung").await.body;
    assert!(
        overview.contains(r#"<a href="/verwaltung/rueckmeldungen">"#),
        "{overview}"
    );

    let applicant = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    assert_eq!(
        applicant.get("/verwaltung/rueckmeldungen").await.status,
        StatusCode::FORBIDDEN
    );
    let anonymous = app.visitor().get("/verwaltung/rueckmeldungen").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
}
