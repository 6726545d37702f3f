//! Circulars: staff write to the consortia of a stage chosen by the state of their
//! application, preview the message as its first recipient reads it with the number of
//! recipients, and send. Each consortium's message arrives once at the SMTP server with its
//! placeholders filled, also when the form is sent twice at once; a broken or unknown
//! placeholder is refused beside its field with the text kept.

use reqwest::StatusCode;
use wettbewerb::app::{load, stream_of};
use wettbewerb::domain::application::Application;
use wettbewerb::event_store::{Direction, ReadFrom};

use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::applicant_flow::complete;
use crate::reserve_list::decided;
use crate::support::{Page, TestApp, User, hidden_value, spawn_app};

const SUBJECT: &str = "Hinweis zur Jurysitzung: {{ titel }}";
const BODY: &str = "{{ anrede }}\n\nIhr Antrag „{{ titel }}“ im Wettbewerb {{ wettbewerb }} (Stufe {{ stufe }}) ist eingegangen; die Frist war {{ frist }}.\n\nIhr Stand: {{ link }}";

/// The compose form's fields for the submitted consortia of the first stage.
fn fields<'a>(
    id: &'a str,
    subject: &'a str,
    body: &'a str,
    action: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("gruppe", "konsortien"),
        ("stufe", "1"),
        ("stand", "eingereicht"),
        ("betreff", subject),
        ("text", body),
        ("aktion", action),
    ]
}

/// The application's title, as its consortium wrote it.
fn title_of(app: &TestApp, application: &str) -> String {
    let id = application.trim_start_matches("/antraege/");
    let (state, _) = load::<Application>(&app.store, &stream_of::<Application>(&id)).unwrap();
    state.title
}

/// The compose page and the new circular's id it carries.
pub async fn compose(staff: &User, control: &str) -> (Page, String) {
    let page = staff.get(&format!("{control}/rundschreiben")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let id = hidden_value(&page.body, "id").expect("the form carries the circular's id");
    (page, id)
}

/// Sends a circular to the submitted consortia of the first stage; the sent circular's page.
pub async fn send_to_submitted(staff: &User, control: &str) -> String {
    let (_, id) = compose(staff, control).await;
    let sent = staff
        .post(
            &format!("{control}/rundschreiben"),
            &fields(
                &id,
                "Hinweis",
                "{{ anrede }}\n\nBitte beachten Sie die Frist.",
                "senden",
            ),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    sent.location.unwrap()
}

#[tokio::test]
async fn a_circular_reaches_each_submitted_consortium_once_with_its_placeholders_filled() {
    let r = decided().await;
    let path = format!("{}/rundschreiben", r.control);

    let competition = r.staff.get(&r.control).await;
    assert!(competition.body.contains(&path), "{}", competition.body);
    let (page, id) = compose(&r.staff, &r.control).await;
    assert!(
        page.body
            .contains("Bisher wurde kein Rundschreiben gesendet."),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("{{ frist }}"),
        "the placeholders are explained: {}",
        page.body
    );

    // An unknown placeholder and a broken text: refused beside their fields, the input kept.
    let refused = r
        .staff
        .post(
            &path,
            &fields(&id, "Betrag {{ betrag }}", "{{ anrede ", "vorschau"),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"id="betreff-error""#),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Unbekannte Platzhalter: betrag."),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"id="text-error""#),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Zeile 1: die Vorlage ist fehlerhaft"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"value="Betrag {{ betrag }}""#),
        "{}",
        refused.body
    );
    assert_eq!(
        hidden_value(&refused.body, "id").as_deref(),
        Some(id.as_str())
    );

    // The preview: the first consortium's message and how many get it; nothing is sent.
    let preview = r
        .staff
        .post(&path, &fields(&id, SUBJECT, BODY, "vorschau"))
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview.body.contains("<strong>4</strong> Personen"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("a@lmu.de"), "{}", preview.body);
    let anna = title_of(&r.app, &r.consortia[0].1);
    assert!(
        preview.body.contains("Guten Tag, Anna Adler,"),
        "{}",
        preview.body
    );
    assert!(
        preview
            .body
            .contains(&format!("Hinweis zur Jurysitzung: {anna}")),
        "{}",
        preview.body
    );
    assert!(
        preview.body.contains("Mit freundlichen Grüßen"),
        "{}",
        preview.body
    );

    // Sent twice at once, as a double click does, and once more later: one circular.
    let form = fields(&id, SUBJECT, BODY, "senden");
    let (first, second) = tokio::join!(r.staff.post(&path, &form), r.staff.post(&path, &form));
    let shown = format!("{path}/{id}");
    for sent in [&first, &second] {
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        assert_eq!(sent.location.as_deref(), Some(shown.as_str()));
    }
    let again = r.staff.post(&path, &form).await;
    assert_eq!(again.location.as_deref(), Some(shown.as_str()));
    let written = r
        .app
        .store
        .read_all(Direction::Forwards, ReadFrom::Start, 100_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.event_type == "CircularSent")
        .count();
    assert_eq!(written, 1);

    for ((email, name), (_, application)) in [
        ("a@lmu.de", "Anna Adler"),
        ("b@uni-koeln.de", "Bert Berg"),
        ("c@tum.de", "Carla Conrad"),
        ("d@uni-jena.de", "Dora Dorn"),
    ]
    .into_iter()
    .zip(&r.consortia)
    {
        let title = title_of(&r.app, application);
        let mail = r.app.mail_to(email, "Hinweis zur Jurysitzung").await;
        assert!(
            mail.contains(&format!("Subject: Hinweis zur Jurysitzung: {title}")),
            "{mail}"
        );
        assert!(mail.contains(&format!("Guten Tag, {name},")), "{mail}");
        assert!(
            mail.contains(&format!("Ihr Antrag „{title}“ im Wettbewerb BioRegio")),
            "{mail}"
        );
        assert!(mail.contains("/status"), "{mail}");
        assert!(mail.contains("Uhr"), "the deadline is filled: {mail}");
        assert!(!mail.contains("{{"), "{mail}");
    }
    // Every message arrived once.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let circulars: Vec<_> = r
        .app
        .mails()
        .into_iter()
        .filter(|m| m.subject.starts_with("Hinweis zur Jurysitzung"))
        .collect();
    assert_eq!(
        circulars.len(),
        4,
        "{:?}",
        circulars.iter().map(|m| &m.to).collect::<Vec<_>>()
    );
    assert!(r.app.mail.message_ids().values().all(|n| *n == 1));

    // The list counts the recipients; the circular's page lists each with their message.
    let list = r.staff.get(&path).await;
    assert!(
        list.body.contains("Hinweis zur Jurysitzung: {{ titel }}"),
        "{}",
        list.body
    );
    assert!(
        list.body.contains("Konsortien der Stufe 1"),
        "{}",
        list.body
    );
    let sent = r.staff.get(&shown).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    for email in ["a@lmu.de", "b@uni-koeln.de", "c@tum.de", "d@uni-jena.de"] {
        assert!(sent.body.contains(email), "{}", sent.body);
    }
    let outbox = r.staff.get("/verwaltung/postausgang").await;
    assert!(outbox.body.contains("Rundschreiben"), "{}", outbox.body);
}

#[tokio::test]
async fn a_group_without_anyone_in_it_is_refused_and_nothing_is_sent() {
    let r = decided().await;
    let path = format!("{}/rundschreiben", r.control);
    let (_, id) = compose(&r.staff, &r.control).await;
    let mut form = fields(&id, "Hinweis", "Text", "senden");
    form[3] = ("stand", "zurueckgezogen");
    let refused = r.staff.post(&path, &form).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"id="gruppe-error""#),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("In der gewählten Gruppe ist niemand"),
        "{}",
        refused.body
    );
    let list = r.staff.get(&path).await;
    assert!(
        list.body
            .contains("Bisher wurde kein Rundschreiben gesendet."),
        "{}",
        list.body
    );
}

#[tokio::test]
async fn the_consortia_are_chosen_by_the_state_of_their_application() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let submitting = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let submitted = submitting
        .create_application(competition, "Photonik Dresden", "TU Dresden", "Sachsen")
        .await;
    complete(&submitting, &submitted).await;
    crate::pledge_review::plan_money(&app, &submitted).await;
    app.settled().await;
    let sent = submitting
        .post(&format!("{submitted}/einreichen"), &[])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let drafting = app.applicant("emil@uni-halle.de", "Emil Ernst").await;
    drafting
        .create_application(
            competition,
            "Chemie Halle",
            "Universität Halle",
            "SachsenAnhalt",
        )
        .await;
    let staff = app.account(Role::Staff, "staff@ptj.de").await;
    app.settled().await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");
    let path = format!("{control}/rundschreiben");

    let (_, id) = compose(&staff, &control).await;
    let mut form = fields(
        &id,
        "Frist {{ frist }}",
        "{{ anrede }}\n\n{{ titel }}",
        "vorschau",
    );
    form[3] = ("stand", "entwurf");
    let drafts = staff.post(&path, &form).await;
    assert_eq!(drafts.status, StatusCode::OK, "{}", drafts.body);
    assert!(
        drafts.body.contains("<strong>1</strong> Personen"),
        "{}",
        drafts.body
    );
    assert!(drafts.body.contains("emil@uni-halle.de"), "{}", drafts.body);
    assert!(drafts.body.contains("Chemie Halle"), "{}", drafts.body);
    form[6] = ("aktion", "senden");
    let sent = staff.post(&path, &form).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mail = app.mail_to("emil@uni-halle.de", "Frist ").await;
    assert!(mail.contains("Guten Tag, Emil Ernst,"), "{mail}");
    assert!(mail.contains("Chemie Halle"), "{mail}");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !app.mails()
            .iter()
            .any(|m| m.to == "anna@tu-dresden.de" && m.subject.starts_with("Frist ")),
        "the submitted consortium is not among the drafts"
    );
}

#[tokio::test]
async fn jurors_with_open_reviews_are_told_what_they_still_owe_and_the_others_are_not() {
    let r = crate::jury::in_review().await;
    crate::consensus::submit_review(&r, &r.karl, ["4", "4", "3", "4", "4"], "Solide").await;
    r.app.settled().await;
    let control = format!("/verwaltung/wettbewerbe/{}", r.competition);
    let path = format!("{control}/rundschreiben");
    let title = title_of(&r.app, &r.application);

    // Every juror of the competition: both.
    let (_, id) = compose(&r.staff, &control).await;
    let mut form = vec![
        ("id", id.as_str()),
        ("gruppe", "jury"),
        ("stufe", "1"),
        ("stand", "alle"),
        ("betreff", "Offene Bewertungen bis {{ frist }}"),
        (
            "text",
            "{{ anrede }}\n\nNoch offen:\n{{ titel }}\n\n{{ link }}",
        ),
        ("aktion", "vorschau"),
    ];
    let everyone = r.staff.post(&path, &form).await;
    assert_eq!(everyone.status, StatusCode::OK, "{}", everyone.body);
    assert!(
        everyone.body.contains("<strong>2</strong> Personen"),
        "{}",
        everyone.body
    );

    // Only those who still owe a review: Jana, with the title of the application.
    form[1] = ("gruppe", "jury-offen");
    form[6] = ("aktion", "senden");
    let sent = r.staff.post(&path, &form).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mail = r
        .app
        .mail_to("jana@uni-jena.de", "Offene Bewertungen bis")
        .await;
    assert!(mail.contains("Guten Tag, Dr. Jana Jury,"), "{mail}");
    assert!(
        mail.contains("Noch offen:") && mail.contains(&title),
        "{mail}"
    );
    assert!(mail.contains("/jury"), "{mail}");
    assert!(
        mail.contains("Uhr"),
        "the review deadline is filled: {mail}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !r.app
            .mails()
            .iter()
            .any(|m| m.to == "karl@tu-ilmenau.de" && m.subject.starts_with("Offene Bewertungen")),
        "Karl has submitted his review"
    );
    let page = r.staff.get(sent.location.as_deref().unwrap()).await;
    assert!(
        page.body
            .contains("Jurymitglieder mit offenen Bewertungen der Stufe 1"),
        "{}",
        page.body
    );
    assert!(page.body.contains("jana@uni-jena.de"), "{}", page.body);
    assert!(!page.body.contains("karl@tu-ilmenau.de"), "{}", page.body);
}
