//! The staff's main path in the browser: set up a round from a preset, publish it, open the
//! stage, invite the jury, close, assign, rank, decide (shortlist; fund with an amount, reserve,
//! not fund) and release the results.

use wettbewerb::domain::account::Role;
use wettbewerb::domain::ids::CompetitionId;
use wettbewerb::domain::presets::Preset;

use crate::browser::Browser;
use crate::setup::{Proposal, accept, deadline, in_review, invite, review, submitted};
use crate::support::PASSWORD;
use crate::world::World;

/// Logs in on the login page.
pub async fn log_in(browser: &Browser, email: &str) {
    browser.visit("/anmelden").await;
    browser.fill("E-Mail-Adresse", email).await;
    browser.fill("Passwort", PASSWORD).await;
    browser.press("Anmelden").await;
}

/// The rows of the application with this title: its scores, and beneath them its decision
/// controls.
pub fn row(title: &str) -> String {
    format!("//tbody[.//a[normalize-space()='{title}']]")
}

/// Three BioRegio consortia in Bayern asking for 20 million each.
fn proposals() -> [Proposal<'static>; 3] {
    let proposal = |email, title, coordinator| Proposal {
        email,
        title,
        coordinator,
        land: "Bayern",
        field: "Biotechnology",
        requested: "20.000.000",
    };
    [
        proposal("a@lmu.de", "Biotech München", "LMU München"),
        proposal("b@tum.de", "Proteine Garching", "TU München"),
        proposal(
            "c@uni-wuerzburg.de",
            "Zellen Würzburg",
            "Universität Würzburg",
        ),
    ]
}

#[tokio::test]
async fn staff_set_up_a_round_fund_one_application_keep_one_in_reserve_and_release_the_results() {
    let Some(world) = World::start("staff").await else {
        return;
    };
    let app = &world.app;
    app.account(Role::Staff, "leitung@ptj.de").await;
    let staff = world.browser("staff").await;
    log_in(&staff, "leitung@ptj.de").await;

    staff.follow("Verwaltung").await;
    staff.follow("Neuer Wettbewerb").await;
    staff.choose("Vorlage", "BioRegio").await;
    staff.fill("Name (optional)", "BioRegio 2027").await;
    staff.press("Anlegen").await;
    staff.sees("In Vorbereitung").await;
    let control = staff.path().await;
    let competition = CompetitionId::parse(control.rsplit('/').next().unwrap()).unwrap();

    // A budget that is no amount comes back with the reason.
    staff.follow("Ausschreibung bearbeiten").await;
    staff.fill("Budget in Euro", "viel Geld").await;
    staff.press("Ausschreibung speichern").await;
    staff.sees("viel Geld").await;
    staff.fill("Budget in Euro", "50.000.000").await;
    // A lower total than the preset's budget years add up to is refused with the reason; this
    // round counts only its total.
    staff.press("Ausschreibung speichern").await;
    staff
        .sees("Haushaltsjahre ergeben zusammen mehr als das Gesamtbudget.")
        .await;
    for row in 1..=5 {
        staff.fill(&format!("Haushaltsjahr, Zeile {row}"), "").await;
        staff
            .fill(&format!("Betrag in Euro, Zeile {row}"), "")
            .await;
    }
    staff.press("Ausschreibung speichern").await;
    staff.press("Veröffentlichen").await;
    staff.sees("Angekündigt").await;
    staff.press("Stufe öffnen").await;
    staff.sees("Einreichung offen").await;

    let mut applications = Vec::new();
    for proposal in &proposals() {
        applications.push(submitted(app, competition, proposal).await);
    }
    staff.visit(&control).await;
    staff.sees("Proteine Garching").await;
    staff.audit_variant("open, with applications").await;

    staff.follow("Jury").await;
    staff.fill("Name", "Dr. Jana Jury").await;
    staff.fill("E-Mail-Adresse", "jana@uni-jena.de").await;
    staff.fill("Einrichtung", "Universität Jena").await;
    staff.press("Einladen").await;
    staff.sees("Dr. Jana Jury").await;
    staff.audit_variant("with a juror").await;
    let jana = accept(app, "Dr. Jana Jury", "jana@uni-jena.de", "Universität Jena").await;

    // After the deadline staff log in again (a session lasts twelve hours).
    app.clock
        .set(deadline(app, competition) + chrono::Duration::hours(1));
    log_in(&staff, "leitung@ptj.de").await;
    staff.visit(&control).await;
    staff.press("Einreichung schließen").await;
    staff.sees("Einreichung geschlossen").await;
    staff.press("Begutachtung beginnen").await;
    staff.sees("In Begutachtung").await;
    staff.fill("Jurymitglieder je Antrag", "1").await;
    staff.press("Vorschau").await;
    staff.sees("Vorschau: 1 Jurymitglieder je Antrag").await;
    staff.press("Zuordnung anwenden").await;
    staff.sees("Dr. Jana Jury").await;
    staff.audit_variant("in review, assigned").await;
    // The list with its amounts, filters and hand-assignment controls fits a laptop screen.
    staff.fits_the_window().await;

    jana.log_in("jana@uni-jena.de", PASSWORD).await;
    for (application, score) in applications.iter().zip(["5", "4", "2"]) {
        review(&jana, competition, application, score).await;
    }

    staff.follow("Rangliste und Entscheidungen").await;
    staff.sees("5,00").await;
    let text = staff.text().await;
    let (first, second) = (text.find("Biotech München"), text.find("Proteine Garching"));
    assert!(first < second, "ranked by score: {text}");

    let decisions = [
        ("Biotech München", "fördern", "20.000.000", ""),
        ("Proteine Garching", "Nachrückliste", "", "1"),
        ("Zellen Würzburg", "nicht fördern", "", ""),
    ];
    for (title, outcome, amount, place) in decisions {
        let row = row(title);
        staff
            .choose_in(&row, &format!("Ergebnis {title}"), outcome)
            .await;
        if !amount.is_empty() {
            staff
                .fill_in(&row, &format!("Betrag in Euro {title}"), amount)
                .await;
        }
        if !place.is_empty() {
            staff.fill_in(&row, &format!("Platz {title}"), place).await;
        }
        staff.press_in(&row, "Entscheiden").await;
    }
    staff
        .sees_in(&row("Biotech München"), "gefördert: 20.000.000,00 €")
        .await;
    staff
        .sees_in(&row("Proteine Garching"), "Nachrückliste, Platz 1")
        .await;
    staff
        .sees_in(&row("Zellen Würzburg"), "nicht gefördert")
        .await;
    // Of the 50 million, 30 are left.
    staff.sees("30.000.000,00 €").await;
    staff.press("Entscheidungen abschließen").await;
    staff.sees("Entscheidungen abschließen?").await;
    staff.press("Ja, Entscheidungen abschließen").await;
    staff
        .sees("Die Entscheidungen der Stufe sind abgeschlossen: 1 gefördert, 1 auf der Nachrückliste, 1 nicht gefördert.")
        .await;
    staff.follow("Zur Steuerung").await;
    staff
        .press("Ergebnisse freigeben (E-Mails gehen raus)")
        .await;
    staff.sees("3 Ergebnismitteilungen gehen per E-Mail").await;
    staff.press("Ja, 3 Ergebnismitteilungen senden").await;
    staff
        .sees("3 Ergebnismitteilungen sind im Postausgang.")
        .await;
    staff.sees("Ergebnisse bekannt gegeben").await;
    staff.audit_variant("released").await;

    let funded = app
        .mail_to("a@lmu.de", "Zur Förderung ausgewählt, vorbehaltlich")
        .await;
    assert!(
        funded.contains("wurde zur Förderung mit bis zu 20.000.000,00 € ausgewählt, vorbehaltlich"),
        "{funded}"
    );
    let reserve = app.mail_to("b@tum.de", "Nachrückliste, Platz 1").await;
    assert!(reserve.contains("Platz 1 der Nachrückliste"), "{reserve}");
    let not = app
        .mail_to("c@uni-wuerzburg.de", "Nicht zur Förderung ausgewählt")
        .await;
    assert!(
        not.contains("wurde nicht zur Förderung ausgewählt"),
        "{not}"
    );

    // The pages staff use to follow a round.
    staff.follow("Auswertung").await;
    staff.sees("Bayern").await;
    staff.visit(&control).await;
    staff.follow("Protokoll").await;
    staff.sees("ResultsReleased").await;
    staff.visit(&control).await;
    staff.follow("Protokoll Biotech München").await;
    staff.sees("ApplicationSubmitted").await;
    staff.visit(&control).await;
    staff.follow("Biotech München").await;
    staff.follow("Verlauf und Ergebnis").await;
    staff.sees("Zur Förderung ausgewählt").await;
    staff.follow("Verwaltung").await;
    staff.sees("BioRegio 2027").await;
    staff.follow("Postausgang").await;
    staff.sees("Nachrückliste, Platz 1: ").await;

    staff.close().await;
    world.finish();
}

#[tokio::test]
async fn staff_shortlist_in_the_first_stage_and_release_the_results() {
    let Some(world) = World::start("shortlist").await else {
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
    staff.follow("Verwaltung").await;
    staff.follow("InnoRegio").await;
    staff.sees("In Begutachtung").await;
    staff.follow("Rangliste und Entscheidungen").await;
    staff.sees("Auszuwählen").await;
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
    staff
        .sees_in(&row("Sensorik Lausitz"), "ausgewählt\nempfohlen")
        .await;
    staff
        .sees_in(&row("Meerestechnik Rostock"), "nicht ausgewählt")
        .await;
    staff.press("Entscheidungen abschließen").await;
    staff.press("Ja, Entscheidungen abschließen").await;
    staff.follow("Zur Steuerung").await;
    staff
        .press("Ergebnisse freigeben (E-Mails gehen raus)")
        .await;
    staff.press("Ja, 2 Ergebnismitteilungen senden").await;
    staff
        .sees("2 Ergebnismitteilungen sind im Postausgang.")
        .await;
    staff.sees("Ergebnisse bekannt gegeben").await;
    staff.sees("Nächste Stufe öffnen").await;

    let shortlisted = app.mail_to("anna@tu-dresden.de", "Ergebnis").await;
    assert!(shortlisted.contains("wurde ausgewählt"), "{shortlisted}");
    let not = app.mail_to("bert@uni-rostock.de", "Ergebnis").await;
    assert!(not.contains("nicht ausgewählt"), "{not}");

    staff.close().await;
    world.finish();
}

#[tokio::test]
async fn the_ranking_with_five_criteria_and_its_decision_controls_fits_a_laptop_screen() {
    let Some(world) = World::start("ranking-width").await else {
        return;
    };
    let app = &world.app;
    let competition = app.open_competition(Preset::Spitzencluster).await;
    let mut applications = Vec::new();
    for (email, title, coordinator) in [
        (
            "a@tu-dresden.de",
            "Biotechnologie-Region Frankfurt am Main",
            "TU Dresden",
        ),
        (
            "b@uni-rostock.de",
            "Halbleiter-Region Freiburg im Breisgau",
            "Universität Rostock",
        ),
    ] {
        let proposal = Proposal {
            email,
            title,
            coordinator,
            land: "Sachsen",
            field: "Materials",
            requested: "20.000.000",
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
    for (application, score) in applications.iter().zip(["5", "2"]) {
        review(&jana, competition, application, score).await;
    }

    // The window is 1,280 px wide (see driver.rs).
    let staff = world.browser("staff").await;
    log_in(&staff, "leitung@ptj.de").await;
    staff
        .visit(&format!("/verwaltung/wettbewerbe/{competition}/rangliste"))
        .await;
    staff.sees("Kooperation und Clustermanagement").await;
    staff
        .sees_in(
            &row("Halbleiter-Region Freiburg im Breisgau"),
            "Mindestwerte nicht erreicht",
        )
        .await;
    staff
        .sees_in(
            &row("Biotechnologie-Region Frankfurt am Main"),
            "Entscheiden",
        )
        .await;
    staff.fits_the_window().await;
}
