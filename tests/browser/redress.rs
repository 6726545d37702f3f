//! A consortium not shortlisted asks for a review of the procedure in the browser, and staff
//! answer it: the form's notice, a refusal without grounds, the request, the staff's list and
//! answer, the consortium reading the answer; each page checked on the way.

use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::setup::{Proposal, accept, in_review, invite, review, submitted};
use crate::staff::{log_in, row};
use crate::support::PASSWORD;
use crate::world::World;

#[tokio::test]
async fn a_consortium_asks_for_a_review_of_the_procedure_and_staff_answer_it() {
    let Some(world) = World::start("redress").await else {
        return;
    };
    let app = &world.app;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let mut applications = Vec::new();
    for (email, title, coordinator, land) in [
        (
            "anna@tu-dresden.de",
            "Sensorik Lausitz",
            "TU Dresden",
            "Sachsen",
        ),
        (
            "bert@uni-rostock.de",
            "Meerestechnik Rostock",
            "Universität Rostock",
            "MecklenburgVorpommern",
        ),
    ] {
        let proposal = Proposal {
            email,
            title,
            coordinator,
            land,
            field: "Materials",
            requested: "2.500.000",
        };
        applications.push(submitted(app, competition, &proposal).await);
    }
    let http_staff = app.account(Role::Staff, "leitung@ptj.de").await;
    invite(
        &http_staff,
        competition,
        "Dr. Jana Jury",
        "jana@uni-jena.de",
        "Universität Jena",
    )
    .await;
    let jana = accept(app, "Dr. Jana Jury", "jana@uni-jena.de", "Universität Jena").await;
    let refs: Vec<&str> = applications.iter().map(String::as_str).collect();
    in_review(app, competition, &refs).await;
    jana.log_in("jana@uni-jena.de", PASSWORD).await;
    for (application, score) in applications.iter().zip(["5", "3"]) {
        review(&jana, competition, application, score).await;
    }

    let staff = world.browser("staff").await;
    log_in(&staff, "leitung@ptj.de").await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");
    staff.visit(&format!("{control}/rangliste")).await;
    for (title, outcome) in [
        ("Sensorik Lausitz", "auswählen"),
        ("Meerestechnik Rostock", "nicht auswählen"),
    ] {
        let row = row(title);
        staff
            .choose_in(&row, &format!("Ergebnis {title}"), outcome)
            .await;
        staff.press_in(&row, "Entscheiden").await;
    }
    staff.press("Entscheidungen abschließen").await;
    staff.press("Ja, Entscheidungen abschließen").await;
    staff.follow("Zur Steuerung").await;
    staff
        .press("Ergebnisse freigeben (E-Mails gehen raus)")
        .await;
    staff.press("Ja, 2 Ergebnismitteilungen senden").await;
    staff.sees("Ergebnisse bekannt gegeben").await;

    // The consortium not shortlisted reads its status and asks for a review.
    let bert = world.browser("applicant").await;
    log_in(&bert, "bert@uni-rostock.de").await;
    bert.visit(&format!("{}/status", applications[1])).await;
    bert.sees("Überprüfung des Verfahrens").await;
    bert.follow("Überprüfung beantragen").await;
    bert.sees("Überprüft wird nur das Verfahren, nicht die fachliche Bewertung.")
        .await;
    bert.fits_the_window().await;
    bert.fill(
        "Gründe (höchstens 10.000 Zeichen)",
        "Das Gutachten geht auf die Absichtserklärungen unserer Partner nicht ein.",
    )
    .await;
    bert.press("Überprüfung beantragen").await;
    bert.sees("Ihr Antrag auf Überprüfung ist eingegangen")
        .await;
    bert.sees("Die Programmverwaltung prüft Ihren Antrag.")
        .await;
    let receipt = app
        .mail_to("bert@uni-rostock.de", "Antrag auf Überprüfung eingegangen")
        .await;
    assert!(
        receipt.contains("Das Gutachten geht auf die Absichtserklärungen"),
        "{receipt}"
    );

    // Staff find it waiting and answer it.
    staff.visit(&control).await;
    staff.follow("Anträge auf Überprüfung (1 offen)").await;
    staff.sees("offen").await;
    staff.follow("Meerestechnik Rostock").await;
    staff.sees("nicht in die nächste Stufe").await;
    // Without an outcome the answer comes back with the reason kept.
    staff
        .fill(
            "Begründung (das Konsortium liest sie)",
            "Die Absichtserklärungen lagen der Jury vor und sind in die Bewertung eingegangen.",
        )
        .await;
    staff.press("Antwort senden").await;
    staff
        .sees("Bitte wählen Sie das Ergebnis der Überprüfung.")
        .await;
    staff
        .sees("Die Absichtserklärungen lagen der Jury vor")
        .await;
    staff
        .tick("Zurückweisen: das Verfahren wurde eingehalten")
        .await;
    staff.press("Antwort senden").await;
    staff.sees("Die Antwort ist gespeichert").await;
    staff.fits_the_window().await;
    let answer = app
        .mail_to(
            "bert@uni-rostock.de",
            "Antwort auf Ihren Antrag auf Überprüfung",
        )
        .await;
    assert!(answer.contains("Zurückgewiesen"), "{answer}");

    bert.visit(&format!("{}/status", applications[1])).await;
    bert.sees("zurückgewiesen").await;
    bert.follow("Antrag und Antwort ansehen").await;
    bert.sees("Die Absichtserklärungen lagen der Jury vor")
        .await;

    staff.close().await;
    bert.close().await;
    world.finish();
}
