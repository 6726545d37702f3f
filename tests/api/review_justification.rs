//! A submitted review justifies each score: a comment of the competition's least length per
//! criterion, and each score of the scale offered with its words.

use reqwest::StatusCode;
use wettbewerb::domain::account::Role;

use crate::jury::{in_review, post_scores};
use crate::staff_flow::form_fields;
use crate::support::spawn_app;

/// Every criterion (InnoRegio has four) scored `score` with `comment`, as the juror's form sends it.
fn uniform(score: &str, comment: &str, action: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = (0..4)
        .flat_map(|i| {
            [
                (format!("score_{i}"), score.to_owned()),
                (format!("comment_{i}"), comment.to_owned()),
            ]
        })
        .collect();
    fields.extend([
        ("overall".into(), String::new()),
        ("confidence".into(), "3".into()),
        ("action".into(), action.into()),
        ("revision".into(), String::new()),
        ("stage".into(), "0".into()),
    ]);
    fields
}

#[tokio::test]
async fn a_review_with_every_score_at_one_and_no_comments_is_refused_and_comes_back_filled_in() {
    let r = in_review().await;
    let confirmed = r.jana.post(&format!("{}/unbefangen", r.page()), &[]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let form = r.jana.get(&r.page()).await.body;
    assert!(
        form.contains(r#"<option value="0">0 – nicht erfüllt</option>"#)
            && form.contains(r#"<option value="5">5 – hervorragend</option>"#),
        "each score is offered with its words: {form}"
    );
    assert!(
        form.contains("Skala: 0 nicht erfüllt · 1 mangelhaft · 2 ausreichend · 3 gut · 4 sehr gut · 5 hervorragend"),
        "and the scale's words stand above the criteria: {form}"
    );
    assert!(
        form.contains("Zum Einreichen nötig: mindestens 30 Zeichen."),
        "the form says how long a comment must be: {form}"
    );
    let path = format!("{}/bewertung", r.page());

    let submitted = post_scores(&r.jana, &path, &uniform("1", "", "submit")).await;
    assert_eq!(submitted.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &submitted.body;
    assert!(
        body.contains(r#"id="comment_0-error">Bitte begründen Sie die Punktzahl mit mindestens 30 Zeichen; eingegeben sind 0.</p>"#)
            && body.contains(r#"id="comment_3-error">"#),
        "the reason stands beside each criterion's comment: {body}"
    );
    assert!(
        body.contains(r#"<option value="1" selected>1 – mangelhaft</option>"#),
        "the scores come back as given: {body}"
    );
    assert!(
        !body.contains("Ihre Bewertung (eingereicht)"),
        "nothing was submitted"
    );

    // A comment that is long enough on three criteria and one word on the fourth: only
    // the fourth is marked, and every comment comes back as typed.
    let mut fields = uniform("1", "Das Ziel ist nicht messbar beschrieben.", "submit");
    fields[7].1 = "schwach".into();
    let submitted = post_scores(&r.jana, &path, &fields).await;
    assert_eq!(submitted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        submitted.body.contains(r#"id="comment_3-error">Bitte begründen Sie die Punktzahl mit mindestens 30 Zeichen; eingegeben sind 7.</p>"#)
            && !submitted.body.contains(r#"id="comment_0-error""#),
        "{}",
        submitted.body
    );
    assert!(
        submitted
            .body
            .contains(">Das Ziel ist nicht messbar beschrieben.</textarea>")
            && submitted.body.contains(">schwach</textarea>"),
        "{}",
        submitted.body
    );

    // A draft may leave the comments empty.
    let saved = post_scores(&r.jana, &path, &uniform("1", "", "save")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // In English, the words and the reason are English.
    r.jana.post("/sprache/en", &[]).await;
    let revision = crate::jury::review_revision(&r.jana, &r.page()).await;
    let mut fields = uniform("4", "", "submit");
    fields.retain(|(k, _)| k != "revision");
    fields.push(("revision".into(), revision));
    let submitted = post_scores(&r.jana, &path, &fields).await;
    assert_eq!(submitted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        submitted
            .body
            .contains(r#"<option value="4" selected>4 – very good</option>"#)
            && submitted
                .body
                .contains("Please justify the score in at least 30 characters; 0 were entered."),
        "{}",
        submitted.body
    );
}

#[tokio::test]
async fn staff_set_the_least_length_of_a_comment_and_the_words_of_each_score_in_the_set_up() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let created = staff
        .post("/verwaltung/wettbewerbe", &[("preset", "bioregio")])
        .await;
    let editor = format!("{}/ausschreibung", created.location.unwrap());
    let form = staff.get(&editor).await.body;
    assert!(
        form.contains(r#"name="min_comment_chars" value="30""#)
            && form.contains(r#"name="anchor_de_3" value="gut""#)
            && form.contains(r#"name="anchor_en_3" value="good""#),
        "the preset starts with the defaults: {form}"
    );
    let mut fields = form_fields(&form);
    let set = |fields: &mut Vec<(String, String)>, name: &str, value: &str| {
        fields.retain(|(k, _)| k != name);
        fields.push((name.to_owned(), value.to_owned()));
    };
    let send = |fields: Vec<(String, String)>| {
        let staff = &staff;
        let editor = editor.clone();
        async move {
            let borrowed: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            staff.post(&editor, &borrowed).await
        }
    };

    set(&mut fields, "min_comment_chars", "10001");
    let refused = send(fields.clone()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Mindestlänge der Begründung: höchstens 10000 Zeichen, nicht 10001.")
            && refused.body.contains(r#"value="10001""#),
        "{}",
        refused.body
    );

    set(&mut fields, "min_comment_chars", "0");
    set(&mut fields, "anchor_de_3", "solide");
    set(&mut fields, "anchor_en_3", "sound");
    let saved = send(fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let form = staff.get(&editor).await.body;
    assert!(
        form.contains(r#"name="min_comment_chars" value="0""#)
            && form.contains(r#"name="anchor_de_3" value="solide""#)
            && form.contains(r#"name="anchor_en_3" value="sound""#),
        "{form}"
    );
}
