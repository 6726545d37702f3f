//! Sealed reviews stay independent: once a juror has submitted (and so sees the others), the
//! review is final; only staff reopen it, with a reason that is recorded and mailed; every
//! review event is on the application's audit page and in `bewertungen.csv`.

use reqwest::StatusCode;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::jury::{in_review, post_scores, review_revision, scores};
use crate::support::{TestApp, User};

fn event_types(app: &TestApp) -> Vec<String> {
    app.store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.stream.category() == Some("review"))
        .map(|e| e.event_type)
        .collect()
}

/// The revision of the review written last: what a form of that review would carry (a final
/// review shows no form, but a hand-made request can still name it).
fn last_review_revision(app: &TestApp) -> String {
    app.store
        .read_all(Direction::Backwards, ReadFrom::End, 10_000)
        .unwrap()
        .into_iter()
        .find(|e| e.stream.category() == Some("review"))
        .map(|e| e.revision.to_string())
        .unwrap()
}

async fn submit(juror: &User, page: &str, values: [&str; 5], comment: &str) -> StatusCode {
    juror.post(&format!("{page}/unbefangen"), &[]).await;
    let revision = review_revision(juror, page).await;
    post_scores(
        juror,
        &format!("{page}/bewertung"),
        &scores(values, comment, "submit", &revision),
    )
    .await
    .status
}

async fn post_owned(user: &User, path: &str, fields: Vec<(&str, String)>) -> crate::support::Page {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    user.post(path, &borrowed).await
}

async fn csv(staff: &User, competition: &str) -> String {
    let response = staff
        .client
        .get(format!(
            "{}/verwaltung/wettbewerbe/{competition}/export/bewertungen.csv?trennzeichen=semikolon",
            staff.address
        ))
        .send()
        .await
        .unwrap();
    let bytes = response.bytes().await.unwrap();
    String::from_utf8(bytes[3..].to_vec()).unwrap()
}

#[tokio::test]
async fn a_juror_who_has_seen_the_other_reviews_can_no_longer_change_their_own() {
    let r = in_review().await;
    let page = r.page();
    // Jana submits a placeholder to unseal Karl's review.
    assert_eq!(
        submit(&r.karl, &page, ["2", "2", "2", "2", "2"], "KARL").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        submit(&r.jana, &page, ["0", "0", "0", "0", "0"], "PLATZHALTER").await,
        StatusCode::SEE_OTHER
    );
    let seen = r.jana.get(&page).await.body;
    assert!(seen.contains("KARL 0"), "Jana sees Karl's review: {seen}");
    assert!(
        seen.contains("Die Bewertung ist abgeschlossen")
            && !seen.contains("Überarbeitung einreichen"),
        "no form for a final review: {seen}"
    );

    // Bringing her own into line with Karl's is refused, by saving and by submitting.
    let revision = last_review_revision(&r.app);
    for action in ["save", "submit"] {
        let changed = post_scores(
            &r.jana,
            &format!("{page}/bewertung"),
            &scores(["2", "2", "2", "2", "2"], "ANGEGLICHEN", action, &revision),
        )
        .await;
        assert_eq!(changed.status, StatusCode::UNPROCESSABLE_ENTITY, "{action}");
        assert!(
            changed.body.contains("eingereicht und damit abgeschlossen"),
            "{}",
            changed.body
        );
    }
    let types = event_types(&r.app);
    assert_eq!(types.iter().filter(|t| *t == "ReviewSubmitted").count(), 2);
    assert!(!types.iter().any(|t| t == "ReviewRevised"), "{types:?}");
    let reviews = format!(
        "/verwaltung/wettbewerbe/{}/antraege/{}/bewertungen",
        r.competition,
        r.application.trim_start_matches("/antraege/")
    );
    let staff_view = r.staff.get(&reviews).await.body;
    assert!(
        staff_view.contains("PLATZHALTER 0") && !staff_view.contains("ANGEGLICHEN"),
        "{staff_view}"
    );
}

#[tokio::test]
async fn staff_reopen_a_review_with_a_reason_the_juror_is_told_and_submits_one_revision() {
    let r = in_review().await;
    let page = r.page();
    let application = r.application.trim_start_matches("/antraege/").to_owned();
    assert_eq!(
        submit(&r.jana, &page, ["1", "1", "1", "1", "1"], "ERSTFASSUNG").await,
        StatusCode::SEE_OTHER
    );
    let reviews = format!(
        "/verwaltung/wettbewerbe/{}/antraege/{application}/bewertungen",
        r.competition
    );
    let ranking = r
        .staff
        .get(&format!(
            "/verwaltung/wettbewerbe/{}/rangliste",
            r.competition
        ))
        .await
        .body;
    assert!(
        ranking.contains(&format!("href=\"{reviews}\">1 Bewertung<")),
        "the ranking leads to the reviews: {ranking}"
    );
    let view = r.staff.get(&reviews).await.body;
    assert!(
        view.contains("Dr. Jana Jury")
            && view.contains("ERSTFASSUNG 3")
            && view.contains("eingereicht, abgeschlossen")
            && view.contains("Prof. Karl Kern")
            && view.contains("noch nicht begonnen"),
        "every juror's review with the comment per criterion: {view}"
    );
    // Nobody else may reopen, and not without a reason.
    let juror_id = {
        let marker = r#"name="juror" value=""#;
        let start = view.find(marker).unwrap() + marker.len();
        view[start..].split('"').next().unwrap().to_owned()
    };
    let revision = {
        let marker = r#"name="revision" value=""#;
        let start = view.find(marker).unwrap() + marker.len();
        view[start..].split('"').next().unwrap().to_owned()
    };
    let reopen = format!("{reviews}/wiedereroeffnen");
    let fields = |reason: &'static str| {
        vec![
            ("stage", "0".to_owned()),
            ("juror", juror_id.clone()),
            ("revision", revision.clone()),
            ("reason", reason.to_owned()),
        ]
    };
    for outsider in [&r.jana, &r.karl, &r.anna] {
        let refused = post_owned(outsider, &reopen, fields("Gefälligkeit")).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let empty = post_owned(&r.staff, &reopen, fields("   ")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty
            .body
            .contains("Bitte geben Sie an, warum die Bewertung wieder geöffnet wird.")
            && empty
                .body
                .contains(&format!("id=\"reason-0-{juror_id}-error\"")),
        "the reason beside the field: {}",
        empty.body
    );

    let done = post_owned(
        &r.staff,
        &reopen,
        fields("Die Punkte für Kriterium 2 und 3 sind vertauscht."),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let again = post_owned(&r.staff, &reopen, fields("noch einmal")).await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "the old revision conflicts"
    );

    let mail = r
        .app
        .mail_to("jana@uni-jena.de", "Ihre Bewertung wurde wieder geöffnet")
        .await;
    assert!(
        mail.contains("Guten Tag, Dr. Jana Jury,")
            && mail.contains("Ihr Team der Programmverwaltung im Wettbewerb")
            && mail.contains("Projektträger Jülich (PtJ)")
            && mail.contains("Die Punkte für Kriterium 2 und 3 sind vertauscht.")
            && mail.contains(&format!(
                "/jury/{}/antraege/{application}#bewertung",
                r.competition
            )),
        "{mail}"
    );

    // The juror sees why, saves a draft (the submitted version still counts) and submits.
    let form = r.jana.get(&page).await.body;
    assert!(
        form.contains("Die Punkte für Kriterium 2 und 3 sind vertauscht.")
            && form.contains("Überarbeitung einreichen"),
        "{form}"
    );
    let revision = review_revision(&r.jana, &page).await;
    let draft = post_scores(
        &r.jana,
        &format!("{page}/bewertung"),
        &scores(["1", "3", "", "1", "1"], "ZWISCHENSTAND", "save", &revision),
    )
    .await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
    let view = r.staff.get(&reviews).await.body;
    assert!(
        view.contains("ERSTFASSUNG 3")
            && !view.contains("ZWISCHENSTAND")
            && view.contains("wieder geöffnet, Überarbeitung ausstehend"),
        "{view}"
    );
    let revision = review_revision(&r.jana, &page).await;
    let revised = post_scores(
        &r.jana,
        &format!("{page}/bewertung"),
        &scores(["1", "3", "2", "1", "1"], "KORRIGIERT", "submit", &revision),
    )
    .await;
    assert_eq!(revised.status, StatusCode::SEE_OTHER, "{}", revised.body);
    let revision = last_review_revision(&r.app);
    let once_more = post_scores(
        &r.jana,
        &format!("{page}/bewertung"),
        &scores(["5", "5", "5", "5", "5"], "NOCHMAL", "submit", &revision),
    )
    .await;
    assert_eq!(
        once_more.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "final again after the revision"
    );

    // Every review event on the application's audit page, with who did it.
    let audit = r
        .staff
        .get(&format!("/verwaltung/protokoll/antrag/{application}"))
        .await
        .body;
    for event in [
        "ReviewSubmitted",
        "ReviewReopened",
        "ReviewDraftSaved",
        "ReviewRevised",
    ] {
        assert!(audit.contains(event), "{event} on the audit page: {audit}");
    }
    assert!(audit.contains("Die Punkte für Kriterium 2 und 3 sind vertauscht."));
    assert!(
        !audit.contains("ZWISCHENSTAND"),
        "a draft's content stays the juror's own: {audit}"
    );

    // The export: first submission and last change, the reopening, each comment.
    let exported = csv(&r.staff, &r.competition.to_string()).await;
    let header: Vec<&str> = exported.lines().next().unwrap().split(';').collect();
    let row: Vec<&str> = exported
        .lines()
        .find(|l| l.contains("Dr. Jana Jury"))
        .unwrap()
        .split(';')
        .collect();
    let cell = |name: &str| row[header.iter().position(|h| h.ends_with(name)).unwrap()];
    assert_eq!(cell("Wieder geöffnet"), "1", "{exported}");
    assert!(!cell("Eingereicht").is_empty());
    assert!(!cell("Zuletzt geändert").is_empty());
    assert!(exported.contains("KORRIGIERT 2"), "{exported}");
    assert!(
        !exported.contains("ERSTFASSUNG"),
        "the revision replaced it"
    );
}

#[tokio::test]
async fn a_review_is_reopened_only_while_the_review_runs() {
    let r = in_review().await;
    let page = r.page();
    assert_eq!(
        submit(&r.jana, &page, ["3", "3", "3", "3", "3"], "FERTIG").await,
        StatusCode::SEE_OTHER
    );
    let application = r.application.trim_start_matches("/antraege/").to_owned();
    let reviews = format!(
        "/verwaltung/wettbewerbe/{}/antraege/{application}/bewertungen",
        r.competition
    );
    let view = r.staff.get(&reviews).await.body;
    assert!(view.contains("Bewertung wieder öffnen"));
    let marker = r#"name="juror" value=""#;
    let start = view.find(marker).unwrap() + marker.len();
    let juror = view[start..].split('"').next().unwrap().to_owned();
    let revision = last_review_revision(&r.app);

    let deadline = {
        let (state, _) = wettbewerb::app::load::<wettbewerb::domain::competition::Competition>(
            &r.app.store,
            &wettbewerb::app::stream_of::<wettbewerb::domain::competition::Competition>(
                &r.competition,
            ),
        )
        .unwrap();
        state.setup.unwrap().stages[0].review_deadline
    };
    r.app.clock.set(deadline + chrono::Duration::minutes(1));
    r.staff
        .log_in("leitung@ptj.de", crate::support::PASSWORD)
        .await;
    let view = r.staff.get(&reviews).await.body;
    assert!(!view.contains("Bewertung wieder öffnen"), "{view}");
    let late = r
        .staff
        .post(
            &format!("{reviews}/wiedereroeffnen"),
            &[
                ("stage", "0"),
                ("juror", juror.as_str()),
                ("revision", revision.as_str()),
                ("reason", "zu spät"),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        late.body
            .contains("Die Begutachtung dieser Stufe ist vorbei"),
        "{}",
        late.body
    );
    assert!(!event_types(&r.app).iter().any(|t| t == "ReviewReopened"));
}
