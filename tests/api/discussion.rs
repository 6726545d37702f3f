//! The juror's confidence on a review, the ranking weighted by it, and the jurors' discussion of
//! an application: who reads and posts, and what the log keeps of each post.

use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::domain::discussion::{Discussion, DiscussionKey};
use wettbewerb::domain::ids::{ApplicationId, JurorId};
use wettbewerb::domain::jury::{ApplicationFacts, Jury, JuryCommand};
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::applicant_flow::complete;
use crate::jury::{Review, in_review, post_scores, review_of, scores};
use crate::support::{User, hidden_value, spawn_app};

fn application_id(r: &Review) -> ApplicationId {
    ApplicationId::parse(r.application.trim_start_matches("/antraege/")).unwrap()
}

fn juror_thread(r: &Review) -> String {
    format!("{}/diskussion", r.page())
}

fn staff_thread(r: &Review) -> String {
    format!(
        "/verwaltung/wettbewerbe/{}/antraege/{}/diskussion",
        r.competition,
        application_id(r)
    )
}

/// The juror confirms having no conflict and submits the same score on every criterion with
/// this confidence.
async fn submit(juror: &User, page: &str, score: &str, confidence: &str) {
    let confirmed = juror.post(&format!("{page}/unbefangen"), &[]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let mut fields = scores([score; 5], "Begründung", "submit", "");
    for (name, value) in &mut fields {
        if name == "confidence" {
            *value = confidence.to_owned();
        }
    }
    let sent = post_scores(juror, &format!("{page}/bewertung"), &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
}

/// Posts `text` in the thread at `path` with the form's own post id; returns the id.
async fn post(user: &User, path: &str, text: &str) -> (String, StatusCode) {
    let page = user.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let id = hidden_value(&page.body, "post").expect("the thread has a form");
    let sent = user.post(path, &[("post", &id), ("text", text)]).await;
    (id, sent.status)
}

#[tokio::test]
async fn a_juror_with_a_submitted_review_posts_and_reads_the_other_jurors_posts() {
    let r = in_review().await;
    // Karl has not submitted: the thread stays closed to him, and the page says when it opens.
    let closed = r.karl.get(&juror_thread(&r)).await;
    assert_eq!(closed.status, StatusCode::FORBIDDEN);
    assert!(
        closed
            .body
            .contains("sobald Ihre eigene Bewertung eingereicht ist"),
        "{}",
        closed.body
    );

    submit(&r.jana, &r.page(), "4", "4").await;
    let application = r.jana.get(&r.page()).await.body;
    assert!(application.contains(&format!(r#"href="{}""#, juror_thread(&r))));
    let (id, status) = post(
        &r.jana,
        &juror_thread(&r),
        "Die Umsetzung halte ich für <b>gut</b> belegt.",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // The same form sent again posts nothing more.
    let again = r
        .jana
        .post(
            &juror_thread(&r),
            &[
                ("post", &id),
                ("text", "Die Umsetzung halte ich für <b>gut</b> belegt."),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let karl_posts = r
        .karl
        .post(
            &juror_thread(&r),
            &[
                ("post", "00000000-0000-0000-0000-000000000001"),
                ("text", "Früh"),
            ],
        )
        .await;
    assert_eq!(
        karl_posts.status,
        StatusCode::FORBIDDEN,
        "not before his review"
    );

    submit(&r.karl, &r.page(), "2", "2").await;
    // Beside the other reviews, how sure their jurors are.
    let unsealed = r.karl.get(&r.page()).await.body;
    assert!(
        unsealed.contains("Vertrautheit: 4 – ausgewiesene Expertise"),
        "{unsealed}"
    );
    let thread = r.karl.get(&juror_thread(&r)).await;
    assert_eq!(thread.status, StatusCode::OK);
    assert!(thread.body.contains("Dr. Jana Jury"), "{}", thread.body);
    assert!(
        thread
            .body
            .contains("Die Umsetzung halte ich für &#60;b&#62;gut&#60;/b&#62; belegt."),
        "the text is escaped: {}",
        thread.body
    );
    assert!(thread.body.contains("Beiträge (1)"), "posted once");
    let (_, status) = post(&r.karl, &juror_thread(&r), "Mir fehlt die Verwertung.").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let seen = r.jana.get(&juror_thread(&r)).await.body;
    assert!(seen.contains("Prof. Karl Kern") && seen.contains("Mir fehlt die Verwertung."));

    // An empty post comes back with the reason beside the field.
    let page = r.jana.get(&juror_thread(&r)).await.body;
    let id = hidden_value(&page, "post").unwrap();
    let empty = r
        .jana
        .post(&juror_thread(&r), &[("post", &id), ("text", "  ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains(r#"id="text-error""#) && empty.body.contains("Bitte schreiben Sie"),
        "{}",
        empty.body
    );

    // In the log: two posts, each with its author.
    let key = DiscussionKey {
        application: application_id(&r),
        stage: 0,
    };
    let events = r
        .app
        .store
        .read_stream(
            &stream_of::<Discussion>(&key),
            Direction::Forwards,
            ReadFrom::Start,
            usize::MAX,
        )
        .unwrap();
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|e| e.event_type == "DiscussionPosted"));
    assert_eq!(events[0].data["author"]["kind"], "Juror");
    assert_eq!(events[0].metadata["role"], "juror");
    let audit = r
        .staff
        .get(&format!(
            "/verwaltung/protokoll/antrag/{}",
            application_id(&r)
        ))
        .await
        .body;
    assert!(
        audit.contains("Dr. Jana Jury schrieb in der Diskussion der Jury (Stufe 1"),
        "{audit}"
    );
    assert!(
        audit.contains("gewichtet 4,00 Punkte, Vertrautheit 4."),
        "{audit}"
    );
}

#[tokio::test]
async fn staff_read_and_post_and_the_consortium_never_sees_the_discussion() {
    let r = in_review().await;
    let (_, status) = post(
        &r.staff,
        &staff_thread(&r),
        "Bitte begründen Sie Abweichungen am Kriterium.",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let thread = r.staff.get(&staff_thread(&r)).await.body;
    assert!(thread.contains("Programmverwaltung"), "{thread}");
    assert!(thread.contains("Bitte begründen Sie Abweichungen am Kriterium."));
    let reviews = r
        .staff
        .get(&format!(
            "/verwaltung/wettbewerbe/{}/antraege/{}/bewertungen",
            r.competition,
            application_id(&r)
        ))
        .await
        .body;
    assert!(reviews.contains(&format!(r#"href="{}""#, staff_thread(&r))));

    submit(&r.jana, &r.page(), "4", "3").await;
    let seen = r.jana.get(&juror_thread(&r)).await.body;
    assert!(seen.contains("Bitte begründen Sie Abweichungen am Kriterium."));

    for path in [juror_thread(&r), staff_thread(&r)] {
        assert_eq!(r.anna.get(&path).await.status, StatusCode::FORBIDDEN);
        let sent = r
            .anna
            .post(&path, &[("post", ""), ("text", "Wir auch")])
            .await;
        assert_eq!(sent.status, StatusCode::FORBIDDEN, "POST {path}");
    }
    let status = r.anna.get(&format!("{}/status", r.application)).await.body;
    assert!(!status.contains("Abweichungen am Kriterium"));
}

#[tokio::test]
async fn a_conflicted_juror_never_sees_the_discussion() {
    let r = in_review().await;
    submit(&r.jana, &r.page(), "4", "3").await;
    let (_, status) = post(&r.jana, &juror_thread(&r), "Nur für die Jury.").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let declared = r
        .karl
        .post(
            &format!("{}/befangen", r.page()),
            &[("reason", "Ich habe mit dem Koordinator publiziert.")],
        )
        .await;
    assert_eq!(declared.status, StatusCode::SEE_OTHER, "{}", declared.body);
    let page = r.karl.get(&juror_thread(&r)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(!page.body.contains("Nur für die Jury."));
    let sent = r
        .karl
        .post(&juror_thread(&r), &[("post", ""), ("text", "Trotzdem")])
        .await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_review_submitted_without_confidence_is_refused_beside_the_field_and_kept() {
    let r = in_review().await;
    r.jana.post(&format!("{}/unbefangen", r.page()), &[]).await;
    let form = r.jana.get(&r.page()).await.body;
    assert!(form.contains("<legend>Ihre Vertrautheit mit dem Fachgebiet des Antrags</legend>"));
    assert!(form.contains(
        r#"<label for="confidence_4" class="inline">4 – ausgewiesene Expertise</label>"#
    ));
    let mut fields = scores(["4"; 5], "Ohne Angabe", "submit", "");
    fields.retain(|(name, _)| name != "confidence");
    let refused = post_scores(&r.jana, &format!("{}/bewertung", r.page()), &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains(r#"<p class="error" id="confidence-error">"#)
            && refused.body.contains("Vertrautheit mit dem Fachgebiet"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Ohne Angabe 0"), "the input is kept");

    // Off the scale: refused the same way; a draft may leave it open.
    fields.push(("confidence".into(), "7".into()));
    let off = post_scores(&r.jana, &format!("{}/bewertung", r.page()), &fields).await;
    assert_eq!(off.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(off.body.contains(r#"id="confidence-error""#));
    let mut draft = scores(["4"; 5], "Entwurf", "save", "");
    draft.retain(|(name, _)| name != "confidence");
    let saved = post_scores(&r.jana, &format!("{}/bewertung", r.page()), &draft).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let submitted = post_scores(
        &r.jana,
        &format!("{}/bewertung", r.page()),
        &scores(
            ["4"; 5],
            "Mit Angabe",
            "submit",
            &crate::jury::review_revision(&r.jana, &r.page()).await,
        ),
    )
    .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let reviews = r
        .staff
        .get(&format!(
            "/verwaltung/wettbewerbe/{}/antraege/{}/bewertungen",
            r.competition,
            application_id(&r)
        ))
        .await
        .body;
    assert!(reviews.contains("<dd>3 – vertraut</dd>"), "{reviews}");
    let export = r
        .staff
        .get(&format!(
            "/verwaltung/wettbewerbe/{}/export/bewertungen.csv?trennzeichen=semikolon",
            r.competition
        ))
        .await
        .body;
    let header: Vec<&str> = export.lines().next().unwrap().split(';').collect();
    let column = header.iter().position(|h| *h == "Vertrautheit").unwrap();
    let row: Vec<&str> = export.lines().nth(1).unwrap().split(';').collect();
    assert_eq!(row[column], "3", "{export}");
}

#[tokio::test]
async fn the_ranking_shows_confidence_and_weighting_by_it_changes_the_order() {
    let app = spawn_app().await;
    let (competition, anna, first) = app.draft().await;
    complete(&anna, &first).await;
    let second = anna
        .create_application(competition, "Zweiter Antrag", "TU Dresden", "Sachsen")
        .await;
    complete(&anna, &second).await;
    for application in [&first, &second] {
        let sent = anna.post(&format!("{application}/einreichen"), &[]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    }
    let r = review_of(app, competition, anna, first).await;
    // Both jurors on the second application too.
    let second_id = ApplicationId::parse(second.trim_start_matches("/antraege/")).unwrap();
    let (jury, _) =
        wettbewerb::app::load::<Jury>(&r.app.store, &stream_of::<Jury>(&competition)).unwrap();
    let jurors: Vec<JurorId> = jury.jurors.keys().copied().collect();
    let now = wettbewerb::clock::Clock::now(&r.app.clock);
    for juror_id in jurors {
        let assign = JuryCommand::Assign {
            stage: 0,
            juror_id,
            application: ApplicationFacts {
                id: second_id,
                field: None,
                organisations: vec!["TU Dresden".into()],
            },
            now,
        };
        execute::<Jury>(
            &r.app.store,
            &stream_of::<Jury>(&competition),
            &Actor::new("staff", "staff"),
            assign,
        )
        .await
        .unwrap();
    }
    r.app.settled().await;
    let second_page = format!("/jury/{competition}/antraege/{second_id}");
    // The first: an expert gives 5, a juror outside the field 1 (3.00, weighted 4.20). The
    // second: both give 4 (4.00 either way).
    submit(&r.jana, &r.page(), "5", "4").await;
    submit(&r.karl, &r.page(), "1", "1").await;
    submit(&r.jana, &second_page, "4", "2").await;
    submit(&r.karl, &second_page, "4", "3").await;
    r.app.settled().await;

    let ranking = format!("/verwaltung/wettbewerbe/{competition}/rangliste");
    let first_id = application_id(&r);
    let order = |body: &str| {
        let first = body
            .find(&format!(r#"href="/antraege/{first_id}""#))
            .unwrap();
        let second = body
            .find(&format!(r#"href="/antraege/{second_id}""#))
            .unwrap();
        first < second
    };
    let plain = r.staff.get(&ranking).await.body;
    assert!(!order(&plain), "unweighted, the second leads: {plain}");
    assert!(plain.contains("Jede Bewertung zählt gleich."));
    assert!(
        plain.contains("Vertrautheit 4 · 1") || plain.contains("Vertrautheit 1 · 4"),
        "{plain}"
    );
    let weighted = r
        .staff
        .get(&format!("{ranking}?stufe=1&gewichtung=konfidenz"))
        .await
        .body;
    assert!(order(&weighted), "weighted, the first leads: {weighted}");
    assert!(weighted.contains("Gewichtet nach Vertrautheit"));
    assert!(weighted.contains("4,20"), "{weighted}");
    // And the plain ranking is still the plain one: the weighting is part of what is cached.
    assert!(!order(&r.staff.get(&ranking).await.body));
}

#[tokio::test]
async fn two_jurors_posting_at_the_same_moment_both_post() {
    let r = in_review().await;
    submit(&r.jana, &r.page(), "4", "3").await;
    submit(&r.karl, &r.page(), "3", "2").await;
    let path = juror_thread(&r);
    let jana_id = hidden_value(&r.jana.get(&path).await.body, "post").unwrap();
    let karl_id = hidden_value(&r.karl.get(&path).await.body, "post").unwrap();
    let jana_form = [("post", jana_id.as_str()), ("text", "Zuerst gedacht.")];
    let karl_form = [("post", karl_id.as_str()), ("text", "Gleichzeitig.")];
    let (a, b) = tokio::join!(
        r.jana.post(&path, &jana_form),
        r.karl.post(&path, &karl_form)
    );
    assert_eq!(
        (a.status, b.status),
        (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER)
    );
    let thread = r.jana.get(&path).await.body;
    assert!(thread.contains("Beiträge (2)"), "{thread}");
    assert!(thread.contains("Zuerst gedacht.") && thread.contains("Gleichzeitig."));
}
