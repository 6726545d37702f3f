//! What the consortium is told about its documents: a submission without any gets a warning,
//! and the same file uploaded again under another name is refused with the name it has.

use reqwest::StatusCode;

use crate::applicant_flow::complete;
use crate::support::{pdf, spawn_app};

const NO_DOCUMENTS: &str = "Noch keine Unterlagen: Ihr Antrag hat kein Dokument.";

fn first_document(editor: &str) -> String {
    let marker = "/dokumente/";
    let start = editor.find(marker).unwrap() + marker.len();
    editor[start..start + 64].to_owned()
}

#[tokio::test]
async fn an_application_without_any_document_is_warned_before_submission_and_may_still_be_submitted()
 {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    complete(&anna, &application).await;
    let editor = anna.get(&application).await.body;
    assert!(
        !editor.contains(NO_DOCUMENTS),
        "no warning with a document: {editor}"
    );
    let removed = anna
        .post(
            &format!(
                "{application}/dokumente/{}/entfernen",
                first_document(&editor)
            ),
            &[],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);

    let editor = anna.get(&application).await.body;
    assert!(
        editor.contains(NO_DOCUMENTS) && editor.contains("Sie können ihn trotzdem einreichen"),
        "the submission section warns: {editor}"
    );
    let submitted = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "a warning, not a refusal: {}",
        submitted.body
    );
}

#[tokio::test]
async fn the_same_file_uploaded_again_under_another_name_is_refused_with_the_name_it_has() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    // `complete` uploads pdf("Skizze") as Skizze.pdf.
    complete(&anna, &application).await;
    let again = anna
        .upload(
            &format!("{application}/dokumente"),
            "Skizze-endgültig.pdf",
            pdf("Skizze"),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.body.contains(
            r#"<p class="error" id="document-error">Diese Datei ist schon als „Skizze.pdf“ hochgeladen.</p>"#
        ),
        "the reason is beside the upload field: {}",
        again.body
    );
    let editor = anna.get(&application).await.body;
    assert_eq!(
        editor.matches("Skizze.pdf</a>").count(),
        1,
        "one document: {editor}"
    );
    assert!(!editor.contains("Skizze-endgültig.pdf"), "{editor}");

    // In English, too.
    anna.post("/sprache/en", &[]).await;
    let again = anna
        .upload(
            &format!("{application}/dokumente"),
            "Concept.pdf",
            pdf("Skizze"),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again
            .body
            .contains("This file is uploaded already as “Skizze.pdf”."),
        "{}",
        again.body
    );
}
