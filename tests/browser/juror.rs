//! The juror's main path in the browser: accept the invitation from the e-mail, pass the
//! conflict gate, score the assigned application per criterion, submit the review.

use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::setup::{Proposal, in_review, invite, submitted};
use crate::support::{PASSWORD, link_in};
use crate::world::World;

#[tokio::test]
async fn a_juror_accepts_the_invitation_confirms_no_conflict_and_submits_a_review() {
    let Some(world) = World::start("juror").await else {
        return;
    };
    let app = &world.app;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let application = submitted(
        app,
        competition,
        &Proposal {
            email: "anna@tu-dresden.de",
            title: "Sensorik-Netzwerk Lausitz",
            coordinator: "TU Dresden",
            land: "Sachsen",
            field: "Materials",
            requested: "2.500.000",
        },
    )
    .await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    invite(
        &staff,
        competition,
        "Dr. Jana Jury",
        "jana@uni-jena.de",
        "Universität Jena",
    )
    .await;

    let jana = world.browser("juror").await;
    let mail = app.mail_to("jana@uni-jena.de", "Jury").await;
    jana.visit(&link_in(&mail, "/jury/einladung")).await;
    jana.sees("Einladung in die Jury").await;
    jana.sees("jana@uni-jena.de").await;
    jana.fill("Einrichtung", "Friedrich-Schiller-Universität Jena")
        .await;
    jana.tick("Werkstoffe").await;
    // No application or consortium is named before the seat and its declaration are accepted.
    jana.does_not_see("Sensorik-Netzwerk Lausitz").await;
    jana.tick(wettbewerb::domain::jury::CONFIDENTIALITY_DE)
        .await;
    jana.fill("Passwort festlegen", PASSWORD).await;
    jana.fill("Passwort wiederholen", "vertippt").await;
    jana.press("Einladung annehmen").await;
    jana.sees("Bitte prüfen Sie die markierten Felder.").await;
    jana.fill("Passwort festlegen", PASSWORD).await;
    jana.fill("Passwort wiederholen", PASSWORD).await;
    jana.press("Einladung annehmen").await;
    jana.sees("Willkommen in der Jury.").await;
    jana.sees("Bekannte Befangenheiten").await;
    jana.sees("Sensorik-Netzwerk Lausitz").await;
    jana.follow("Keine bekannt – zur Übersicht").await;
    jana.sees("Ihnen sind in dieser Stufe keine Anträge zugeordnet.")
        .await;

    // The deadline passes and staff assign her; her session from before has expired.
    in_review(app, competition, &[&application]).await;
    jana.visit("/anmelden").await;
    jana.fill("E-Mail-Adresse", "jana@uni-jena.de").await;
    jana.fill("Passwort", PASSWORD).await;
    jana.press("Anmelden").await;
    jana.follow("Jury").await;
    jana.sees("0 von 1 bewertet").await;
    jana.audit_variant("with an assignment").await;
    // The page for several conflict checks names the application with its consortium.
    jana.follow("Befangenheit prüfen: 1 Antrag wartet auf Ihre Erklärung")
        .await;
    jana.sees("Regionale Sensorik GmbH").await;
    jana.follow("Zur Übersicht").await;
    jana.follow("Sensorik-Netzwerk Lausitz").await;

    // The gate: the consortium, but not the content, before confirming.
    jana.sees("Regionale Sensorik GmbH").await;
    jana.does_not_see("Ein Netzwerk aus Forschung und Unternehmen.")
        .await;
    jana.press("Ich bin nicht befangen").await;
    jana.sees("Ein Netzwerk aus Forschung und Unternehmen.")
        .await;
    jana.sees("Skizze.pdf").await;
    jana.audit_variant("scoring form").await;

    // Each score is offered with its words from the set-up (the EU scale's by default).
    for (criterion, score) in [
        "4 – sehr gut",
        "5 – hervorragend",
        "3 – gut",
        "4 – sehr gut",
    ]
    .iter()
    .enumerate()
    {
        let scope = format!(
            "(//form[contains(@action, '/bewertung')]//fieldset)[{}]",
            criterion + 1
        );
        jana.choose_in(&scope, "Punkte", score).await;
        jana.fill_in(
            &scope,
            "Begründung",
            &format!("Begründung {criterion}: Ziel und Umsetzung überzeugen."),
        )
        .await;
    }
    jana.fill("Gesamteinschätzung", "Ein überzeugendes Konsortium.")
        .await;
    // How sure she is: a radio group beside the comments.
    jana.tick("3 – vertraut").await;
    jana.press("Entwurf speichern").await;
    // Weights 30, 30, 20 and 20.
    jana.sees("Gewichtete Summe: 4,10").await;
    jana.press("Bewertung einreichen").await;
    jana.sees("Ihre Bewertung (eingereicht)").await;
    jana.sees("Noch keine weitere eingereicht.").await;
    jana.audit_variant("review submitted").await;

    jana.follow("Zur Übersicht").await;
    jana.sees("1 von 1 bewertet").await;
    jana.sees("4,10").await;
    jana.audit_variant("with a score").await;

    jana.close().await;
    world.finish();
}
