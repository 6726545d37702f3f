//! Dates, times and amounts in the person's language: on pages and in mails.

use reqwest::StatusCode;
use wettbewerb::app::{load, stream_of};
use wettbewerb::domain::account::Language;
use wettbewerb::domain::competition::Competition;
use wettbewerb::time_display::berlin;

use crate::applicant_flow::complete;
use crate::support::spawn_app;

#[tokio::test]
async fn an_english_page_and_mail_write_dates_and_amounts_in_english_and_a_german_one_in_german() {
    let app = spawn_app().await;
    let (competition, anna, application) = app.draft().await;
    let (state, _) =
        load::<Competition>(&app.store, &stream_of::<Competition>(&competition)).unwrap();
    let deadline = state.deadline.unwrap();

    // A visitor reads German.
    let german = app
        .visitor()
        .get(&format!("/wettbewerbe/{competition}"))
        .await
        .body;
    assert!(
        german.contains("255.000.000,00 €")
            && german.contains(&berlin(deadline, Language::De))
            && berlin(deadline, Language::De).ends_with(" Uhr"),
        "{german}"
    );

    // Anna chooses English: pages and her mail follow.
    let switched = anna.post("/sprache/en", &[]).await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    let public = anna.get(&format!("/wettbewerbe/{competition}")).await.body;
    let english_deadline = berlin(deadline, Language::En);
    assert!(
        public.contains("€255,000,000.00")
            && public.contains("€15,000,000.00")
            && public.contains(&english_deadline)
            && !public.contains(" Uhr")
            && !public.contains(",00 €"),
        "the budget, the maximum and the dates in English: {public}"
    );
    let editor = anna.get(&application).await.body;
    assert!(
        editor.contains(&english_deadline) && !editor.contains(" Uhr"),
        "{editor}"
    );

    complete(&anna, &application).await;
    let submitted = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let now = wettbewerb::clock::Clock::now(&app.clock);
    let receipt = anna.get(&format!("{application}/eingang")).await.body;
    assert!(
        receipt.contains(&berlin(now, Language::En)) && !receipt.contains(" Uhr"),
        "{receipt}"
    );
    let mail = app
        .mail_to("anna@tu-dresden.de", "Receipt of your application")
        .await;
    assert!(
        // The mail dates the receipt by the event's record in the log.
        mail.contains(&format!(
            "was received on {}",
            berlin(chrono::Utc::now(), Language::En)
                .split(',')
                .next()
                .unwrap()
        )) && mail.contains(&english_deadline)
            && !mail.contains(" Uhr"),
        "the mail in the recipient's language: {mail}"
    );
}
