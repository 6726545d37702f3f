//! Two people saving the same draft.

use reqwest::StatusCode;

use crate::support::spawn_app;

#[tokio::test]
async fn the_second_of_two_saves_gets_409_with_its_input_kept_and_can_merge() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    anna.post(
        &format!("{application}/mitwirkende"),
        &[("email", "ben@sensorik.de")],
    )
    .await;
    let ben = app.applicant("ben@sensorik.de", "Ben Weber").await;

    // Both open the editor at the same revision.
    let seen_by_anna = anna.revision(&application).await;
    let seen_by_ben = ben.revision(&application).await;
    assert_eq!(seen_by_anna, seen_by_ben);

    let first = anna
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", "Sensorik Lausitz"),
                ("summary", "Annas Fassung"),
                ("revision", &seen_by_anna),
            ],
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let second = ben
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", "Sensorik Lausitz"),
                ("summary", "Bens Fassung"),
                ("revision", &seen_by_ben),
            ],
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(
        second
            .body
            .contains("Jemand anderes hat inzwischen gespeichert")
    );
    assert!(
        second.body.contains("Bens Fassung"),
        "Ben's input is kept in the form"
    );
    assert!(
        second.body.contains("Annas Fassung"),
        "the saved state is shown beside it"
    );
    assert!(
        !anna.get(&application).await.body.contains("Bens Fassung"),
        "nothing overwritten"
    );

    // Ben merges: the form now carries the current revision, so saving again goes through.
    let marker = r#"name="revision" value=""#;
    let start = second.body.find(marker).unwrap() + marker.len();
    let current = second.body[start..].split('"').next().unwrap().to_owned();
    let merged = ben
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", "Sensorik Lausitz"),
                ("summary", "Annas und Bens Fassung"),
                ("revision", &current),
            ],
        )
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    assert!(
        anna.get(&application)
            .await
            .body
            .contains("Annas und Bens Fassung")
    );
}

#[tokio::test]
async fn a_stale_form_refused_for_its_content_still_conflicts_after_it_is_corrected() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    anna.post(
        &format!("{application}/mitwirkende"),
        &[("email", "ben@sensorik.de")],
    )
    .await;
    let ben = app.applicant("ben@sensorik.de", "Ben Weber").await;
    let seen = ben.revision(&application).await;
    let saved = anna
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", "Sensorik Lausitz"),
                ("summary", "Annas Fassung"),
                ("revision", &seen),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let refused = ben
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", ""),
                ("summary", "Bens Fassung"),
                ("revision", &seen),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let marker = r#"name="revision" value=""#;
    let start = refused.body.find(marker).unwrap() + marker.len();
    let carried = refused.body[start..].split('"').next().unwrap().to_owned();
    assert_eq!(
        carried, seen,
        "the refused form keeps the revision it was made from"
    );
    let corrected = ben
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", "Sensorik Lausitz"),
                ("summary", "Bens Fassung"),
                ("revision", &carried),
            ],
        )
        .await;
    assert_eq!(
        corrected.status,
        StatusCode::CONFLICT,
        "Anna's text is not overwritten unseen"
    );
    assert!(anna.get(&application).await.body.contains("Annas Fassung"));
}
