//! The application form per stage in the browser: the editor's sections and document slots
//! (each gap beside its place, a PDF over its page limit refused beside its slot), and the
//! juror's page with the sections inside the criteria they are scored against; every page
//! checked for valid HTML and accessibility on the way.

use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::setup::{Proposal, accept, in_review, invite, written};
use crate::support::PASSWORD;
use crate::world::World;

/// A real PDF of `pages` pages on disk for the file picker.
fn pdf_file(dir: &std::path::Path, name: &str, pages: u32) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, wettbewerb::demo::pdf::pdf(name, pages)).unwrap();
    path
}

#[tokio::test]
async fn an_applicant_completes_the_stages_form_and_the_juror_reads_it_by_criterion() {
    let Some(world) = World::start("stage_form").await else {
        return;
    };
    let app = &world.app;
    let competition = app.open_competition_with_forms(Preset::InnoRegio).await;
    let (_, application) = written(
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

    let anna = world.browser("applicant").await;
    anna.visit("/anmelden").await;
    anna.fill("E-Mail-Adresse", "anna@tu-dresden.de").await;
    anna.fill("Passwort", PASSWORD).await;
    anna.press("Anmelden").await;
    anna.visit(&application).await;
    anna.sees("Antragstext").await;
    anna.audit_variant("with the stage's form").await;

    // Submitted too early: every missing section and document is named beside its place.
    anna.press("Antrag einreichen").await;
    anna.sees("Es fehlen noch Teile des Antragsformulars").await;
    anna.sees_in(
        "//p[@id='section-netzwerk-gap']",
        "Dieser Abschnitt fehlt noch.",
    )
    .await;
    anna.sees_in(
        "//p[@id='document-lebenslaeufe-gap']",
        "Dieses Dokument fehlt noch.",
    )
    .await;
    anna.audit_variant("form incomplete").await;

    for (section, text) in [
        ("Region", "Die Lausitz im Strukturwandel."),
        ("Innovationsidee", "Sensoren für Tagebauseen."),
        ("Netzwerk", "Zwölf Partner aus Cottbus und Görlitz."),
        ("Umsetzbarkeit", "Drei Arbeitspakete über vier Jahre."),
    ] {
        anna.fill(section, text).await;
    }
    anna.press("Antragstext speichern").await;
    anna.sees("Die Abschnitte sind gespeichert.").await;

    let files = tempfile::TempDir::new().unwrap();
    let description = "PDF hochladen: Vorhabenbeschreibung, höchstens 15 Seiten, PDF";
    anna.attach(description, &pdf_file(files.path(), "lang.pdf", 16))
        .await;
    anna.press("Hochladen: Vorhabenbeschreibung, höchstens 15 Seiten, PDF")
        .await;
    anna.sees("Höchstens 15 Seiten; dieses PDF hat 16.").await;
    anna.audit_variant("page limit refused").await;
    anna.attach(description, &pdf_file(files.path(), "beschreibung.pdf", 15))
        .await;
    anna.press("Hochladen: Vorhabenbeschreibung, höchstens 15 Seiten, PDF")
        .await;
    anna.sees("beschreibung.pdf").await;
    anna.attach(
        "PDF hochladen: Kurzlebensläufe der Projektleitungen",
        &pdf_file(files.path(), "briefe.pdf", 3),
    )
    .await;
    anna.press("Hochladen: Kurzlebensläufe der Projektleitungen")
        .await;
    anna.sees("briefe.pdf").await;
    anna.press("Antrag einreichen").await;
    anna.sees("Eingangsbestätigung").await;
    anna.close().await;

    // The juror reads each section inside the criterion it is scored against.
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    invite(
        &staff,
        competition,
        "Dr. Jana Jury",
        "jana@uni-jena.de",
        "Universität Jena",
    )
    .await;
    accept(app, "Dr. Jana Jury", "jana@uni-jena.de", "Universität Jena").await;
    in_review(app, competition, &[&application]).await;
    let jana = world.browser("juror").await;
    jana.visit("/anmelden").await;
    jana.fill("E-Mail-Adresse", "jana@uni-jena.de").await;
    jana.fill("Passwort", PASSWORD).await;
    jana.press("Anmelden").await;
    let id = application.trim_start_matches("/antraege/");
    jana.visit(&format!("/jury/{competition}/antraege/{id}"))
        .await;
    jana.press("Ich bin nicht befangen").await;
    jana.sees_in(
        "//fieldset[legend[starts-with(normalize-space(), 'Netzwerk')]]",
        "Zwölf Partner aus Cottbus und Görlitz.",
    )
    .await;
    jana.audit_variant("scoring beside the application form")
        .await;
    jana.close().await;

    // Staff read the same by criterion.
    let office = world.browser("staff").await;
    office.visit("/anmelden").await;
    office.fill("E-Mail-Adresse", "leitung@ptj.de").await;
    office.fill("Passwort", PASSWORD).await;
    office.press("Anmelden").await;
    office
        .visit(&format!(
            "/verwaltung/wettbewerbe/{competition}/antraege/{id}/antrag"
        ))
        .await;
    office.sees("Drei Arbeitspakete über vier Jahre.").await;
    office.close().await;
    world.finish();
}
