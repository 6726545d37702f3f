//! The jury meeting in the browser: staff open it, record who is present (the quorum shown
//! before and after), record the jury's recommendation with its vote per application, close
//! it and print the minutes; then a decision that departs from the recommendation asks for a
//! reason. Each page checked for valid HTML and accessibility on the way.

use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::setup::{Proposal, accept, in_review, invite, review, submitted};
use crate::staff::{log_in, row};
use crate::support::PASSWORD;
use crate::world::World;

/// The agenda item of the application with this title.
fn item(title: &str) -> String {
    format!("//section[.//h3[contains(., '{title}')]]")
}

#[tokio::test]
async fn staff_hold_the_jury_meeting_record_recommendations_and_print_the_minutes() {
    let Some(world) = World::start("meeting").await else {
        return;
    };
    let app = &world.app;
    let competition = app.open_competition(Preset::BioRegio).await;
    let mut applications = Vec::new();
    for (email, title, coordinator) in [
        ("a@lmu.de", "Biotech München", "LMU München"),
        ("b@tum.de", "Proteine Garching", "TU München"),
    ] {
        let proposal = Proposal {
            email,
            title,
            coordinator,
            land: "Bayern",
            field: "Biotechnology",
            requested: "20.000.000",
        };
        applications.push(submitted(app, competition, &proposal).await);
    }
    let http_staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let mut jurors = Vec::new();
    for (name, email, org) in [
        ("Dr. Jana Jury", "jana@uni-jena.de", "Universität Jena"),
        ("Prof. Karl Kern", "karl@uni-kiel.de", "Universität Kiel"),
    ] {
        invite(&http_staff, competition, name, email, org).await;
        jurors.push((accept(app, name, email, org).await, email));
    }
    let refs: Vec<&str> = applications.iter().map(String::as_str).collect();
    in_review(app, competition, &refs).await;
    for (juror, email) in &jurors {
        juror.log_in(email, PASSWORD).await;
        for (application, score) in applications.iter().zip(["5", "3"]) {
            review(juror, competition, application, score).await;
        }
    }

    let staff = world.browser("staff").await;
    log_in(&staff, "leitung@ptj.de").await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");
    staff.visit(&control).await;
    staff.follow("Jurysitzung").await;
    staff.press("Sitzung eröffnen").await;
    staff.sees("Anwesenheit").await;
    // Nobody recorded present yet: the meeting cannot recommend.
    staff.sees("Nicht beschlussfähig").await;
    staff.tick("Dr. Jana Jury").await;
    staff.tick("Prof. Karl Kern").await;
    staff.press("Anwesenheit speichern").await;
    staff.sees("Beschlussfähig: 2 von 2").await;
    staff.does_not_see("Nicht beschlussfähig").await;

    // The best application first, as the ranking orders them.
    let text = staff.text().await;
    assert!(
        text.find("1. Biotech München") < text.find("2. Proteine Garching"),
        "{text}"
    );
    let first = item("Biotech München");
    staff.tick_in(&first, "zur Förderung").await;
    staff
        .fill_in(&first, "Betrag in Euro (bei Förderung)", "20.000.000")
        .await;
    // Votes that do not add up to the members present come back with the input kept.
    staff.fill_in(&first, "Ja", "1").await;
    staff.fill_in(&first, "Nein", "0").await;
    staff.fill_in(&first, "Enthaltungen", "0").await;
    staff
        .fill_in(&first, "Notiz für das Protokoll", "Überzeugendes Konzept.")
        .await;
    staff
        .press_in(&first, "Empfehlung speichern Biotech München")
        .await;
    staff.sees("Ja, Nein und Enthaltungen ergeben 1").await;
    let first = item("Biotech München");
    staff.fill_in(&first, "Ja", "2").await;
    staff
        .press_in(&first, "Empfehlung speichern Biotech München")
        .await;
    staff
        .sees_in(&item("Biotech München"), "zur Förderung")
        .await;

    let second = item("Proteine Garching");
    staff.tick_in(&second, "nicht empfohlen").await;
    staff.fill_in(&second, "Ja", "2").await;
    staff.fill_in(&second, "Nein", "0").await;
    staff.fill_in(&second, "Enthaltungen", "0").await;
    staff
        .press_in(&second, "Empfehlung speichern Proteine Garching")
        .await;
    staff
        .sees_in(&item("Proteine Garching"), "nicht empfohlen")
        .await;
    staff.fits_the_window().await;
    staff.press("Sitzung schließen").await;
    staff.sees("geschlossen").await;

    staff.follow("Protokoll").await;
    staff.sees("Dr. Jana Jury").await;
    staff.sees("Überzeugendes Konzept.").await;
    staff.fits_the_window().await;

    // Staff decide: a reserve place for what the jury did not recommend needs a reason.
    staff.visit(&format!("{control}/rangliste")).await;
    staff
        .sees_in(&row("Proteine Garching"), "Empfehlung der Jury")
        .await;
    let decided = row("Proteine Garching");
    staff
        .choose_in(&decided, "Ergebnis Proteine Garching", "Nachrückliste")
        .await;
    staff
        .fill_in(&decided, "Platz Proteine Garching", "1")
        .await;
    staff.press_in(&decided, "Entscheiden").await;
    staff
        .sees_in(
            &row("Proteine Garching"),
            "bitte begründen Sie die Abweichung",
        )
        .await;
    staff
        .fill_in(
            &row("Proteine Garching"),
            "Begründung, wenn die Entscheidung von der Empfehlung der Jury abweicht Proteine Garching",
            "Die Region bleibt für frei werdende Mittel im Gespräch.",
        )
        .await;
    staff
        .press_in(&row("Proteine Garching"), "Entscheiden")
        .await;
    staff
        .sees_in(&row("Proteine Garching"), "Nachrückliste, Platz 1")
        .await;

    staff.close().await;
    world.finish();
}
