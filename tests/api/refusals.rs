//! What is refused, with the reason where the person sees it, and nothing lost.

use chrono::Duration;
use reqwest::StatusCode;
use wettbewerb::domain::presets::Preset;

use crate::applicant_flow::complete;
use crate::support::{Options, PASSWORD, pdf, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_partner_outside_the_eligible_lander_stops_the_submission_with_the_reason_beside_the_partners()
 {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    complete(&anna, &application).await;
    let revision = anna.revision(&application).await;
    anna.post(
        &format!("{application}/partner"),
        &[
            ("name", "Bayerische Optik AG"),
            ("kind", "Company"),
            ("land", "Bayern"),
            ("revision", &revision),
        ],
    )
    .await;
    let refused = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Der Antrag wurde nicht eingereicht"),
        "{}",
        refused.body
    );
    let partners_section = &refused.body[refused.body.find(r#"id="konsortium""#).unwrap()..];
    assert!(
        partners_section.contains("Bayerische Optik AG") && partners_section.contains("Bayern"),
        "the failing rule names the partner and its Land beside the consortium"
    );
    assert!(
        app.mails()
            .iter()
            .all(|m| !m.subject.contains("Eingangsbestätigung"))
    );
}

#[tokio::test]
async fn a_submission_after_the_deadline_is_refused_with_the_deadline_shown() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    complete(&anna, &application).await;
    app.clock.advance(Duration::days(400));
    // A session lasts twelve hours; after the deadline Anna logs in again.
    anna.log_in("anna@tu-dresden.de", PASSWORD).await;
    let refused = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Die Einreichungsfrist ist am"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(" Uhr"),
        "the deadline is shown in Berlin time"
    );
}

#[tokio::test]
async fn pages_of_applications_need_a_login() {
    let app = spawn_app().await;
    let (_, _, application) = app.draft().await;
    let visitor = app.visitor();
    let page = visitor.get(&application).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        page.location
            .unwrap()
            .starts_with("/anmelden?weiter=%2Fantraege%2F")
    );
}

#[tokio::test]
async fn another_consortiums_application_is_forbidden_its_documents_too() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    complete(&anna, &application).await;
    let editor = anna.get(&application).await.body;
    let marker = "/dokumente/";
    let start = editor.find(marker).unwrap() + marker.len();
    let document = format!("{application}/dokumente/{}", &editor[start..start + 64]);

    let mallory = app.applicant("mallory@example.org", "Mallory").await;
    for path in [
        application.clone(),
        format!("{application}/status"),
        document,
    ] {
        assert_eq!(
            mallory.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let revision = anna.revision(&application).await;
    let write = mallory
        .post(
            &format!("{application}/angaben"),
            &[("title", "Übernommen"), ("revision", &revision)],
        )
        .await;
    assert_eq!(write.status, StatusCode::FORBIDDEN);
    assert!(write.body.contains("Kein Zugriff"));
    assert!(!anna.get(&application).await.body.contains("Übernommen"));
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    let revision = anna.revision(&application).await;
    let forged = anna
        .post_raw(
            &format!("{application}/angaben"),
            &[("title", "Gefälscht"), ("revision", &revision)],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.body.contains("Das Formular war abgelaufen"));
    let wrong = anna
        .post_raw(
            &format!("{application}/angaben"),
            &[
                ("csrf", &"0".repeat(64)),
                ("title", "Gefälscht"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert!(!anna.get(&application).await.body.contains("Gefälscht"));
}

#[tokio::test]
async fn oversized_and_non_pdf_uploads_are_refused_beside_the_upload_field() {
    let app = spawn_app_with(Options {
        upload_limit: 1024 * 1024,
        ..Options::default()
    })
    .await;
    let (_, anna, application) = app.draft().await;
    let mut big = pdf("gross");
    big.splice(10..10, std::iter::repeat_n(b' ', 2 * 1024 * 1024));
    let too_large = anna
        .upload(&format!("{application}/dokumente"), "gross.pdf", big)
        .await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        too_large.body.contains("größer als 1 MB"),
        "{}",
        too_large.body
    );
    assert!(too_large.body.contains(r#"id="document-error""#));

    let picture = b"\x89PNG\r\n\x1a\n....".to_vec();
    let not_pdf = anna
        .upload(&format!("{application}/dokumente"), "bild.pdf", picture)
        .await;
    assert_eq!(not_pdf.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(not_pdf.body.contains("kein PDF-Dokument"));

    let editor = anna.get(&application).await.body;
    assert!(
        editor.contains("Noch keine Unterlagen."),
        "nothing was attached"
    );
}

/// A body that ends its only boundary before any line break once panicked in the multipart
/// parser and dropped the connection.
#[tokio::test]
async fn a_malformed_multipart_body_is_a_bad_request_and_the_server_stays_up() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    // The session holds a CSRF token, as after any page a browser loaded.
    let _ = anna.csrf().await;
    let malformed = anna
        .client
        .post(format!("{}{application}/dokumente", app.address))
        .header("content-type", "multipart/form-data; boundary=x")
        .body("\n--x--\r\n")
        .send()
        .await
        .expect("an answer, not a dropped connection");
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let body = malformed.text().await.unwrap();
    assert!(
        body.contains("Das Formular konnte nicht gelesen werden."),
        "{body}"
    );

    let editor = anna.get(&application).await;
    assert_eq!(editor.status, StatusCode::OK);
    let upload = anna
        .upload(&format!("{application}/dokumente"), "konzept.pdf", pdf("k"))
        .await;
    assert_eq!(upload.status, StatusCode::SEE_OTHER, "{}", upload.body);
}

#[tokio::test]
async fn markup_typed_into_every_text_field_comes_back_escaped() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let evil = "<script>alert(1)</script>";
    let anna = app.applicant("anna@tu-dresden.de", evil).await;
    let application = anna
        .create_application(competition, evil, evil, "Sachsen")
        .await;
    let revision = anna.revision(&application).await;
    anna.post(
        &format!("{application}/angaben"),
        &[("title", evil), ("summary", evil), ("revision", &revision)],
    )
    .await;
    crate::financing_support::term(&anna, &application).await;
    let refused =
        crate::financing_support::plan_form(&anna, &application, "k", &[(2027, evil, evil, evil)])
            .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        !refused.body.contains("<script>") && refused.body.contains("&#60;script&#62;"),
        "a refused plan shows its input escaped: {}",
        refused.body
    );
    let revision = anna.revision(&application).await;
    anna.post(
        &format!("{application}/partner"),
        &[
            ("name", &format!("{evil} GmbH")),
            ("kind", "Sme"),
            ("land", "Sachsen"),
            ("revision", &revision),
        ],
    )
    .await;
    anna.upload(
        &format!("{application}/dokumente"),
        &format!("{evil}.pdf"),
        pdf("x"),
    )
    .await;
    anna.post(&format!("{application}/mitwirkende"), &[("email", evil)])
        .await;
    for path in [
        application.clone(),
        format!("{application}/status"),
        "/antraege".into(),
    ] {
        let body = anna.get(&path).await.body;
        assert!(
            !body.contains("<script>"),
            "{path} shows raw markup: {body}"
        );
        assert!(
            body.contains("&#60;script&#62;") || body.contains("&lt;script&gt;"),
            "{path}: {body}"
        );
    }
    // A refused form shows the input escaped too.
    let refused = anna
        .post(
            &format!("{application}/angaben"),
            &[("title", evil), ("field", evil), ("revision", "0")],
        )
        .await;
    assert!(!refused.body.contains("<script>"));
}

fn stored_documents(root: &std::path::Path) -> usize {
    let Ok(dirs) = std::fs::read_dir(root.join("documents")) else {
        return 0;
    };
    dirs.flatten()
        .filter_map(|d| std::fs::read_dir(d.path()).ok())
        .map(|files| files.count())
        .sum()
}

#[tokio::test]
async fn an_application_holds_twenty_documents_and_the_next_is_refused_beside_the_upload() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    let path = format!("{application}/dokumente");
    for n in 0..wettbewerb::domain::application::MAX_DOCUMENTS {
        let sent = anna
            .upload(
                &path,
                &format!("anlage-{n}.pdf"),
                pdf(&format!("Anlage {n}")),
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{n}: {}", sent.body);
    }
    let stored = stored_documents(app.data.path());
    assert_eq!(stored, 20);

    let refused = anna.upload(&path, "anlage-21.pdf", pdf("Anlage 21")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Ein Antrag kann höchstens 20 Dokumente haben."),
        "{}",
        refused.body
    );
    assert_eq!(
        stored_documents(app.data.path()),
        stored,
        "a refused upload leaves nothing on disk"
    );
    assert!(!anna.get(&application).await.body.contains("anlage-21.pdf"));
}

/// The refusal a staff member meets, once on the German page and once on the English one.
async fn in_both_languages(
    staff: &crate::support::User,
    path: &str,
    fields: &[(&str, &str)],
    german: &str,
    english: &str,
) {
    let refused = staff.post(path, fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
    assert!(
        refused.body.contains(german) && !refused.body.contains(english),
        "German: {}",
        refused.body
    );
    staff
        .post("/sprache/en", &[("weiter", "/verwaltung")])
        .await;
    let refused = staff.post(path, fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
    assert!(
        refused.body.contains(english) && !refused.body.contains(german),
        "English: {}",
        refused.body
    );
    staff
        .post("/sprache/de", &[("weiter", "/verwaltung")])
        .await;
}

#[tokio::test]
async fn refused_decisions_and_assignments_speak_the_language_of_the_page() {
    let review = crate::jury::in_review().await;
    let control = format!("/verwaltung/wettbewerbe/{}", review.competition);
    let id = review.application.trim_start_matches("/antraege/");

    // InnoRegio's first stage shortlists; funding is the second stage's decision.
    in_both_languages(
        &review.staff,
        &format!("{control}/entscheiden"),
        &[
            ("application", id),
            ("outcome", "funded"),
            ("amount", "1.000.000"),
        ],
        "Über die Förderung wird erst in der letzten Stufe entschieden",
        "Funding is decided in the last stage",
    )
    .await;

    // Two jurors cannot give each application five.
    in_both_languages(
        &review.staff,
        &format!("{control}/zuordnen"),
        &[("per_application", "5"), ("mode", "vorschau")],
        "Für 5 Jurymitglieder je Antrag braucht die Jury mindestens 5 Mitglieder; sie hat 2 Mitglieder.",
        "5 jurors per application need a jury of at least 5; it has 2 members.",
    )
    .await;

    // A third juror from the coordinator's university leaves the application two jurors
    // without a conflict: three per application cannot be met, and the refusal names it.
    crate::jury::invite_and_accept(
        &review.app,
        &review.staff,
        review.competition,
        "Dr. Dora Dresden",
        "dora@tu-dresden.de",
        "TU Dresden",
    )
    .await;
    for mode in ["vorschau", "anwenden"] {
        in_both_languages(
            &review.staff,
            &format!("{control}/zuordnen"),
            &[("per_application", "3"), ("mode", mode)],
            "1 Antrag hat weniger als 3 Jurymitglieder ohne Befangenheit: „Sensorik-Netzwerk Lausitz“.",
            "1 application has fewer than 3 jurors without a conflict of interest: “Sensorik-Netzwerk Lausitz”.",
        )
        .await;
    }
}
