//! Staff write a circular to the submitted consortia of a stage in the browser: the link from
//! the competition, a refused placeholder beside its field, the preview with the number of
//! recipients, the send, the circular's page; each consortium's mail arrives with its
//! placeholders filled.

use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::setup::{Proposal, submitted};
use crate::staff::log_in;
use crate::world::World;

#[tokio::test]
async fn staff_send_a_circular_to_the_consortia_of_a_stage_and_their_mail_arrives() {
    let Some(world) = World::start("circulars").await else {
        return;
    };
    let app = &world.app;
    let competition = app.open_competition(Preset::InnoRegio).await;
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
        submitted(app, competition, &proposal).await;
    }
    app.account(Role::Staff, "leitung@ptj.de").await;

    let staff = world.browser("staff").await;
    log_in(&staff, "leitung@ptj.de").await;
    staff
        .visit(&format!("/verwaltung/wettbewerbe/{competition}"))
        .await;
    staff.follow("Rundschreiben").await;
    staff
        .sees("Bisher wurde kein Rundschreiben gesendet.")
        .await;
    staff.fits_the_window().await;

    // An unknown placeholder comes back beside its field, with the text kept.
    staff.fill("Betreff", "Eingang von {{ titel }}").await;
    staff
        .fill(
            "Text der Nachricht",
            "{{ anrede }}\n\nIhr Antrag „{{ titel }}“ liegt der Jury vor. Betrag: {{ betrag }}",
        )
        .await;
    staff.press("Vorschau").await;
    staff.sees("Unbekannte Platzhalter: betrag.").await;
    staff
        .fill(
            "Text der Nachricht",
            "{{ anrede }}\n\nIhr Antrag „{{ titel }}“ liegt der Jury vor; die Frist endete am {{ frist }}.\n\n{{ link }}",
        )
        .await;
    staff.press("Vorschau").await;
    staff.sees("2 Personen erhalten dieses Rundschreiben").await;
    staff
        .sees("Ihr Antrag „Meerestechnik Rostock“ liegt der Jury vor")
        .await;
    staff.fits_the_window().await;
    staff.press("Senden").await;
    staff.sees("Das Rundschreiben ist gesendet").await;
    staff.sees("anna@tu-dresden.de").await;
    staff.sees("bert@uni-rostock.de").await;
    staff.fits_the_window().await;

    for (email, title) in [
        ("anna@tu-dresden.de", "Sensorik Lausitz"),
        ("bert@uni-rostock.de", "Meerestechnik Rostock"),
    ] {
        let mail = app.mail_to(email, &format!("Eingang von {title}")).await;
        assert!(
            mail.contains(&format!("Ihr Antrag „{title}“ liegt der Jury vor")),
            "{mail}"
        );
        assert!(!mail.contains("{{"), "{mail}");
    }
    staff.follow("Alle Rundschreiben").await;
    staff.sees("Eingang von {{ titel }}").await;

    staff.close().await;
    world.finish();
}
