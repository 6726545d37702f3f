//! The formal check with one round of corrections in the browser: staff tick the checklist and
//! ask for a section by a date, the consortium reads the mail, corrects only that section on
//! its phone and hands it in, staff see what changed and close the check; the round's list
//! finds it by the check's state. Each page checked on the way.

use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::domain::account::Role;
use wettbewerb::domain::competition::{Competition, CompetitionCommand};
use wettbewerb::domain::presets::Preset;

use crate::setup::{Proposal, deadline, submitted};
use crate::staff::log_in;
use crate::world::World;

#[tokio::test]
async fn staff_ask_for_a_correction_and_the_consortium_hands_it_in() {
    let Some(world) = World::start("formal_check").await else {
        return;
    };
    let app = &world.app;
    let competition = app.open_competition_with_forms(Preset::InnoRegio).await;
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
    // The deadline passed and the stage is closed: the time of the formal check.
    app.clock
        .set(deadline(app, competition) + chrono::Duration::hours(1));
    let now = wettbewerb::clock::Clock::now(&app.clock);
    execute::<Competition>(
        &app.store,
        &stream_of::<Competition>(&competition),
        &Actor::new("staff", "staff"),
        CompetitionCommand::CloseStage { now },
    )
    .await
    .unwrap();
    app.settled().await;
    app.account(Role::Staff, "leitung@ptj.de").await;

    let staff = world.browser("staff").await;
    log_in(&staff, "leitung@ptj.de").await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");
    staff.visit(&control).await;
    staff.follow("ungeprüft: Sensorik Lausitz").await;
    staff.sees("Formalprüfung: Sensorik Lausitz").await;
    staff.fits_the_window().await;
    staff
        .tick("1. Fristgerecht und vollständig eingereicht")
        .await;
    staff
        .tick("2. Vorhabenbeschreibung vollständig und im vorgegebenen Umfang")
        .await;
    staff.press("Prüfpunkte speichern").await;
    staff.sees("Prüfpunkte gespeichert").await;
    staff.sees("in Prüfung").await;

    // A request without a part comes back with the letter kept; then with the section.
    let letter =
        "Im Abschnitt „Region“ fehlt die Abgrenzung der Landkreise. Bitte ergänzen Sie sie.";
    staff
        .fill(
            "Schreiben an das Konsortium: was fehlt oder falsch ist",
            letter,
        )
        .await;
    staff.press("Nachforderung senden").await;
    staff
        .sees("Bitte wählen Sie mindestens einen Teil des Antrags")
        .await;
    staff.tick("Antragstext „Region“").await;
    staff.press("Nachforderung senden").await;
    staff.sees("Nachforderung verschickt").await;
    staff.sees("Nachforderung offen").await;
    let mail = app
        .mail_to("anna@tu-dresden.de", "Nachforderung zu Ihrem Antrag")
        .await;
    assert!(mail.contains("Antragstext „Region“"), "{mail}");
    assert!(mail.contains("Abgrenzung der Landkreise"), "{mail}");

    // The consortium corrects the one section it may change, and hands it in.
    let anna = world.browser("applicant").await;
    log_in(&anna, "anna@tu-dresden.de").await;
    anna.visit(&applications[0]).await;
    anna.sees("Nachforderung der Programmverwaltung").await;
    anna.sees("Abgrenzung der Landkreise").await;
    anna.does_not_see("Angaben speichern").await;
    anna.does_not_see("Partner hinzufügen").await;
    anna.fits_the_window().await;
    anna.fill(
        "Region",
        "Die Region umfasst die Landkreise Bautzen und Görlitz sowie die Stadt Hoyerswerda.",
    )
    .await;
    anna.press("Antragstext speichern").await;
    anna.press("Korrekturen einreichen").await;
    anna.sees("Ihre Korrekturen sind eingereicht").await;
    anna.sees("Korrekturen eingereicht").await;
    anna.fits_the_window().await;
    let receipt = app
        .mail_to("anna@tu-dresden.de", "Korrekturen eingegangen")
        .await;
    assert!(receipt.contains("Sensorik Lausitz"), "{receipt}");

    // Staff see what changed, tick the rest and close the check.
    staff.visit(&control).await;
    staff.follow("nachgereicht: Sensorik Lausitz").await;
    staff.sees("Was sich geändert hat").await;
    staff.sees("Landkreise Bautzen und Görlitz").await;
    for point in [
        "3. Antragsberechtigung aller Partner gegeben",
        "4. Finanzierungsplan vollständig und plausibel",
        "5. Region abgegrenzt und beschrieben",
    ] {
        staff.tick(point).await;
    }
    staff.press("Prüfpunkte speichern").await;
    staff.press("Formal vollständig: Prüfung abschließen").await;
    staff.sees("Formalprüfung abgeschlossen").await;
    staff.fits_the_window().await;

    // The round's list finds it by the check's state.
    staff.visit(&control).await;
    staff.choose("Formale Prüfung", "formal vollständig").await;
    staff.press("Anzeigen").await;
    staff.sees("Treffer: 1 von 2").await;
    staff.sees("Sensorik Lausitz").await;
    staff.does_not_see("Meerestechnik Rostock").await;

    anna.visit(&format!("{}/status", applications[0])).await;
    anna.sees("Der Antrag ist formal vollständig").await;

    staff.close().await;
    anna.close().await;
    world.finish();
}
