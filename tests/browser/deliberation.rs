//! The jury deliberates in the browser: a juror whose review is submitted posts in the
//! application's discussion, the rapporteur drafts the consensus report per criterion, the other
//! juror agrees; each page checked for valid HTML and accessibility on the way.

use reqwest::StatusCode;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::setup::{Proposal, accept, in_review, invite, review, submitted};
use crate::staff::log_in;
use crate::support::PASSWORD;
use crate::world::World;

#[tokio::test]
async fn jurors_discuss_an_application_and_agree_on_the_rapporteurs_consensus() {
    let Some(world) = World::start("deliberation").await else {
        return;
    };
    let app = &world.app;
    let competition = app.open_competition(Preset::BioRegio).await;
    let proposal = Proposal {
        email: "a@lmu.de",
        title: "Biotech München",
        coordinator: "LMU München",
        land: "Bayern",
        field: "Biotechnology",
        requested: "20.000.000",
    };
    let application = submitted(app, competition, &proposal).await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let jurors = [
        ("Dr. Jana Jury", "jana@uni-jena.de", "Universität Jena"),
        ("Prof. Karl Kern", "karl@uni-kiel.de", "Universität Kiel"),
    ];
    for (name, email, org) in jurors {
        invite(&staff, competition, name, email, org).await;
        accept(app, name, email, org).await;
    }
    in_review(app, competition, &[application.as_str()]).await;
    for ((_, email, _), score) in jurors.iter().zip(["4", "3"]) {
        let juror = app.visitor();
        juror.log_in(email, PASSWORD).await;
        review(&juror, competition, &application, score).await;
    }
    // The clock moved past the deadline: staff log in again.
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    let named = staff
        .post(
            &format!("/verwaltung/wettbewerbe/{competition}/berichterstattung"),
            &[("action", "vorschlag")],
        )
        .await;
    assert_eq!(named.status, StatusCode::SEE_OTHER, "{}", named.body);
    assert_eq!(
        named.location.as_deref(),
        Some(format!("/verwaltung/wettbewerbe/{competition}/berichterstattung").as_str())
    );

    let page = format!(
        "/jury/{competition}/antraege/{}",
        application.trim_start_matches("/antraege/")
    );
    let jana = world.browser("juror").await;
    log_in(&jana, "jana@uni-jena.de").await;
    jana.visit(&format!("{page}/diskussion")).await;
    jana.fill(
        "Ihr Beitrag",
        "Die Finanzierung ist solide; beim Konzept sehe ich Lücken in der Verwertung.",
    )
    .await;
    jana.press("Beitrag veröffentlichen").await;
    jana.sees("Lücken in der Verwertung").await;
    jana.sees("Dr. Jana Jury").await;

    let karl = world.browser("juror").await;
    log_in(&karl, "karl@uni-kiel.de").await;
    // The balanced proposal named one of the two; the other answers the draft.
    jana.visit(&format!("{page}/konsens")).await;
    let (rapporteur, other) = if jana.text().await.contains("Konsens entwerfen") {
        (&jana, &karl)
    } else {
        (&karl, &jana)
    };
    rapporteur.visit(&format!("{page}/konsens")).await;
    let criteria = rapporteur
        .text()
        .await
        .matches("Mittel der Bewertungen")
        .count();
    assert!(
        criteria > 0,
        "a criterion to draft: {}",
        rapporteur.text().await
    );
    for n in 1..=criteria {
        let fieldset = format!("(//main//fieldset)[{n}]");
        rapporteur.choose_in(&fieldset, "Punkte", "3").await;
        rapporteur
            .fill_in(
                &fieldset,
                "Kommentar für das Konsortium",
                "Die Jury sieht ein tragfähiges Konzept mit Lücken in der Verwertung.",
            )
            .await;
    }
    rapporteur
        .fill(
            "Gesamteinschätzung",
            "Ein solides Konzept, dessen Verwertung noch geschärft werden sollte.",
        )
        .await;
    rapporteur.press("Entwurf zur Abstimmung stellen").await;
    rapporteur.sees("Entwurf überarbeiten").await;

    other.visit(&format!("{page}/konsens")).await;
    other.sees("Ein solides Konzept").await;
    other.press("Zustimmen").await;
    other.sees("stimmt zu").await;

    jana.close().await;
    karl.close().await;
    world.finish();
}
