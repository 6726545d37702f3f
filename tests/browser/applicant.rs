//! The applicant's main path in the browser: find the competition, register, confirm the
//! address, reset the password, log in, start an application, fill it in, add partners, upload the sketch, submit,
//! read the receipt and the status.

use wettbewerb::domain::presets::Preset;

use crate::support::{PASSWORD, link_in};
use crate::world::World;

const NEW_PASSWORD: &str = "neues-pferd-batterie-2";

/// A PDF on disk for the file picker.
pub fn pdf_file(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, crate::support::pdf(name)).unwrap();
    path
}

#[tokio::test]
async fn an_applicant_registers_fills_in_an_application_and_submits_it() {
    let Some(world) = World::start("applicant").await else {
        return;
    };
    let competition = world.app.open_competition(Preset::InnoRegio).await;
    let anna = world.browser("applicant").await;

    anna.visit("/").await;
    anna.sees("Förderwettbewerbe").await;
    anna.follow("InnoRegio").await;
    anna.sees("Einreichung offen").await;
    anna.sees("Sachsen-Anhalt").await;
    // An address that leads nowhere gets the error page.
    anna.visit(&format!("/wettbewerbe/{}", uuid::Uuid::new_v4()))
        .await;
    anna.sees("Fehler 404").await;

    anna.follow("Registrieren").await;
    anna.fill("Name", "Anna Schmidt").await;
    anna.fill("E-Mail-Adresse", "anna@tu-dresden.de").await;
    anna.fill("Passwort", PASSWORD).await;
    anna.fill("Passwort wiederholen", "ein-anderes-passwort")
        .await;
    anna.press("Konto anlegen").await;
    anna.sees("Bitte prüfen Sie die markierten Felder.").await;
    anna.fill("Passwort", PASSWORD).await;
    anna.fill("Passwort wiederholen", PASSWORD).await;
    anna.tick("Ich habe die Datenschutzhinweise gelesen und bin mit der dort beschriebenen Verarbeitung meiner Daten einverstanden.")
        .await;
    anna.press("Konto anlegen").await;
    anna.sees("Fast geschafft").await;

    let mail = world
        .app
        .mail_to("anna@tu-dresden.de", "E-Mail-Adresse")
        .await;
    anna.visit(&link_in(&mail, "/konto/bestaetigen")).await;
    // She has forgotten the password already and sets a new one through the mailed link.
    anna.follow("Passwort vergessen?").await;
    anna.fill("E-Mail-Adresse", "anna@tu-dresden.de").await;
    anna.press("Link senden").await;
    anna.sees("haben wir einen Link zum Zurücksetzen geschickt")
        .await;
    anna.audit_variant("with a message").await;
    let mail = world
        .app
        .mail_to("anna@tu-dresden.de", "Passwort zurücksetzen")
        .await;
    anna.visit(&link_in(&mail, "/passwort-neu")).await;
    anna.sees("Neues Passwort festlegen").await;
    anna.fill("Neues Passwort", NEW_PASSWORD).await;
    anna.fill("Passwort wiederholen", NEW_PASSWORD).await;
    anna.press("Passwort speichern").await;
    anna.sees("Ihr Passwort ist geändert.").await;
    anna.fill("E-Mail-Adresse", "anna@tu-dresden.de").await;
    anna.fill("Passwort", PASSWORD).await;
    anna.press("Anmelden").await;
    anna.sees("E-Mail-Adresse oder Passwort stimmen nicht.")
        .await;
    anna.fill("Passwort", NEW_PASSWORD).await;
    anna.press("Anmelden").await;
    // Not a page for applicants.
    anna.visit("/verwaltung").await;
    anna.sees("Fehler 403").await;
    anna.follow("Meine Anträge").await;
    anna.sees("Sie haben noch keinen Antrag.").await;

    anna.visit(&format!("/wettbewerbe/{competition}")).await;
    anna.follow("Antrag anlegen").await;
    anna.fill("Titel des Vorhabens", "Sensorik Lausitz").await;
    anna.fill("Name der Einrichtung", "TU Dresden").await;
    anna.choose("Art", "Hochschule").await;
    anna.choose("Land (Sitz)", "Sachsen").await;
    anna.press("Antrag anlegen").await;
    anna.sees("Noch nicht erfüllt").await;

    anna.fill("Titel", "Sensorik-Netzwerk Lausitz").await;
    anna.fill(
        "Zusammenfassung",
        "Sensoren für die Braunkohlefolgelandschaft.",
    )
    .await;
    anna.choose("Technologiefeld", "Werkstoffe").await;
    anna.press("Angaben speichern").await;

    let add_partner = "//h3[normalize-space()='Partner hinzufügen']/following-sibling::form[1]";
    for (name, kind) in [
        ("Lausitzer Sensorik GmbH", "KMU"),
        (
            "Fraunhofer-Institut für Keramische Technologien",
            "Forschungseinrichtung",
        ),
    ] {
        anna.fill_in(add_partner, "Name der Einrichtung", name)
            .await;
        anna.choose_in(add_partner, "Art", kind).await;
        anna.choose_in(add_partner, "Land (Sitz)", "Sachsen").await;
        anna.press_in(add_partner, "Partner hinzufügen").await;
        anna.sees(name).await;
    }
    // The same partner twice is refused, with the reason beside the field.
    anna.fill_in(
        add_partner,
        "Name der Einrichtung",
        "Lausitzer Sensorik GmbH",
    )
    .await;
    anna.press_in(add_partner, "Partner hinzufügen").await;
    anna.sees_in(
        add_partner,
        "„Lausitzer Sensorik GmbH“ ist bereits Partner des Konsortiums.",
    )
    .await;

    let files = tempfile::TempDir::new().unwrap();
    anna.attach(
        "PDF-Dokument hochladen",
        &pdf_file(files.path(), "Skizze.pdf"),
    )
    .await;
    anna.press("Hochladen").await;
    anna.sees("Skizze.pdf").await;

    // The money: the term, one partner's plan per year, a pledge with its signed letter.
    anna.follow("Finanzierungsplan und Absichtserklärungen bearbeiten")
        .await;
    anna.sees("Speichern Sie zuerst die Laufzeit").await;
    anna.fill("Beginn (Monat)", "1").await;
    anna.fill("Beginn (Jahr)", "2027").await;
    anna.fill("Laufzeit in Monaten", "24").await;
    anna.press("Laufzeit speichern").await;
    anna.sees("Die Laufzeit ist gespeichert.").await;
    // An amount that is no amount comes back with the reason beside its cell, the input kept.
    anna.fill("Kosten/Ausgaben 2027, TU Dresden", "1.250.000")
        .await;
    anna.fill("Beantragt 2027, TU Dresden", "zweieinhalb Millionen")
        .await;
    anna.press("Plan speichern: Koordination: TU Dresden").await;
    anna.sees("„zweieinhalb Millionen“ ist kein Betrag in Euro.")
        .await;
    anna.sees("Kosten/Ausgaben 2027, TU Dresden").await;
    anna.fill("Beantragt 2027, TU Dresden", "1.500.000").await;
    anna.fill("Kosten/Ausgaben 2028, TU Dresden", "1.000.000")
        .await;
    anna.fill("Beantragt 2028, TU Dresden", "1.000.000").await;
    anna.press("Plan speichern: Koordination: TU Dresden").await;
    anna.sees("Der Finanzierungsplan ist gespeichert.").await;
    anna.sees("2.500.000,00 €").await;
    anna.fill("Zusagende Einrichtung", "Vattenfall Europe AG")
        .await;
    anna.fill("Zusage 2027 (€)", "600.000").await;
    anna.fill("Zusage 2028 (€)", "400.000").await;
    anna.press("Absichtserklärung speichern").await;
    anna.sees("Bitte laden Sie das unterschriebene Schreiben hoch.")
        .await;
    anna.attach(
        "Unterschriebenes Schreiben hochladen (PDF)",
        &pdf_file(files.path(), "Zusage-Vattenfall.pdf"),
    )
    .await;
    anna.press("Hochladen").await;
    anna.sees("Zusage-Vattenfall.pdf").await;
    anna.sees("1.000.000,00 €").await;
    anna.follow("Zurück zum Antrag").await;
    anna.sees("Alle Voraussetzungen des Wettbewerbs sind erfüllt")
        .await;

    anna.press("Antrag einreichen").await;
    anna.sees("Eingangsbestätigung").await;
    anna.sees("Sensorik-Netzwerk Lausitz").await;
    anna.sees("22. November 2026").await;
    anna.sees("Fraunhofer-Institut für Keramische Technologien")
        .await;
    let receipt = world
        .app
        .mail_to("anna@tu-dresden.de", "Eingangsbestätigung")
        .await;
    assert!(receipt.contains("Skizze.pdf"), "{receipt}");
    // The same page in English, and back.
    anna.press_in("//header", "English").await;
    anna.sees("Receipt of submission").await;
    anna.audit_variant("English").await;
    anna.press_in("//header", "Deutsch").await;
    anna.sees("Eingangsbestätigung").await;

    anna.follow("Zu meinen Anträgen").await;
    anna.sees("Eingereicht").await;
    anna.audit_variant("with an application").await;
    anna.follow("Sensorik-Netzwerk Lausitz").await;
    anna.audit_variant("submitted").await;
    anna.follow("Verlauf und Ergebnis").await;
    anna.sees("Dokument hochgeladen").await;
    anna.sees("Eingereicht").await;

    anna.close().await;
    world.finish();
}
