//! The main path of each role with the keyboard alone: Tab to move, Enter to follow a link or
//! press a button, typing into the field that has the focus. Every element the focus reaches on
//! the way must show that it has it (`keys.rs`).

use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::browser::Browser;
use crate::keys::Focused;
use crate::setup::{Proposal, accept, in_review, invite, submitted, written};
use crate::support::{PASSWORD, TestApp};
use crate::world::World;

fn link(text: &str) -> impl Fn(&Focused) -> bool + '_ {
    move |f: &Focused| f.tag == "a" && f.text == text
}

fn button(text: &str) -> impl Fn(&Focused) -> bool + '_ {
    move |f: &Focused| f.tag == "button" && f.text == text
}

/// A PDF of one page that a viewer opens (the other tests' PDFs are only a header): the
/// browser's viewer shows it in the document frame instead of an error dialog that would take
/// the focus.
fn readable_pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 24 Tf 72 760 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

/// A submitted application whose concept is a readable PDF; its path.
async fn submitted_readable(
    app: &TestApp,
    competition: wettbewerb::domain::ids::CompetitionId,
    proposal: &Proposal<'_>,
) -> String {
    let (user, application) = written(app, competition, proposal).await;
    crate::support::fill_form(&user, &application).await;
    let uploaded = user
        .upload(
            &format!("{application}/dokumente"),
            "Skizze.pdf",
            readable_pdf("Skizze"),
        )
        .await;
    assert_eq!(
        uploaded.status,
        reqwest::StatusCode::SEE_OTHER,
        "{}",
        uploaded.body
    );
    let sent = user.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(sent.status, reqwest::StatusCode::SEE_OTHER, "{}", sent.body);
    application
}

/// Logs in on the login page, from its top, with Tab, typing and Enter.
async fn log_in(browser: &Browser, email: &str) {
    browser.visit("/anmelden").await;
    browser
        .tab_to("the e-mail field", |f| f.id == "email")
        .await;
    browser.type_keys(email).await;
    browser
        .tab_to("the password field", |f| f.id == "password")
        .await;
    browser.type_keys(PASSWORD).await;
    browser
        .tab_to("the login button", |f| {
            f.tag == "button" && f.text == "Anmelden" && f.action == "/anmelden"
        })
        .await;
    browser.enter().await;
}

#[tokio::test]
async fn an_applicant_logs_in_opens_an_application_and_saves_a_field_with_the_keyboard() {
    let Some(world) = World::start("keyboard-applicant").await else {
        return;
    };
    let (_, _, application) = world.app.draft().await;
    let anna = world.browser("applicant").await;
    log_in(&anna, "anna@tu-dresden.de").await;
    anna.tab_to("Meine Anträge", link("Meine Anträge")).await;
    anna.enter().await;
    anna.sees("Sensorik Lausitz").await;
    let opened = anna
        .tab_to("the application", link("Sensorik Lausitz"))
        .await;
    assert_eq!(opened.href, application);
    anna.enter().await;
    assert_eq!(anna.path().await, application);
    // The focus selects the field's text, so typing replaces it.
    anna.tab_to("the title", |f| f.id == "title").await;
    anna.type_keys("Sensorik-Netzwerk Lausitz").await;
    anna.tab_to("the details' save button", button("Angaben speichern"))
        .await;
    anna.enter().await;
    anna.sees("Die Angaben sind gespeichert.").await;
    let title = anna
        .client()
        .execute("return document.getElementById('title').value", vec![])
        .await
        .unwrap();
    assert_eq!(title, "Sensorik-Netzwerk Lausitz");
    anna.close().await;
    world.finish();
}

#[tokio::test]
async fn a_juror_logs_in_opens_an_assignment_and_reaches_the_score_form_with_the_keyboard() {
    let Some(world) = World::start("keyboard-juror").await else {
        return;
    };
    let app = &world.app;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let application = submitted_readable(
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
    accept(app, "Dr. Jana Jury", "jana@uni-jena.de", "Universität Jena").await;
    in_review(app, competition, &[&application]).await;

    let jana = world.browser("juror").await;
    log_in(&jana, "jana@uni-jena.de").await;
    jana.tab_to("the jury's overview", link("Jury")).await;
    jana.enter().await;
    jana.tab_to("the assignment", link("Sensorik-Netzwerk Lausitz"))
        .await;
    jana.enter().await;
    jana.tab_to(
        "the declaration of no conflict",
        button("Ich bin nicht befangen"),
    )
    .await;
    jana.enter().await;
    jana.sees("Ein Netzwerk aus Forschung und Unternehmen.")
        .await;
    let score = jana
        .tab_to("the first score", |f| {
            f.tag == "select" && f.action.ends_with("/bewertung")
        })
        .await;
    assert_eq!(score.label, "Punkte", "{score:?}");
    jana.close().await;
    world.finish();
}

#[tokio::test]
async fn staff_log_in_and_reach_the_round_list_and_an_application_with_the_keyboard() {
    let Some(world) = World::start("keyboard-staff").await else {
        return;
    };
    let app = &world.app;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let application = submitted(
        app,
        competition,
        &Proposal {
            email: "anna@tu-dresden.de",
            title: "Sensorik Lausitz",
            coordinator: "TU Dresden",
            land: "Sachsen",
            field: "Materials",
            requested: "2.500.000",
        },
    )
    .await;
    app.account(Role::Staff, "leitung@ptj.de").await;

    let staff = world.browser("staff").await;
    log_in(&staff, "leitung@ptj.de").await;
    staff.tab_to("the administration", link("Verwaltung")).await;
    staff.enter().await;
    let round = format!("/verwaltung/wettbewerbe/{competition}");
    staff
        .tab_to("the round", |f| f.tag == "a" && f.href == round)
        .await;
    staff.enter().await;
    assert_eq!(staff.path().await, round);
    staff.sees("Einreichung offen").await;
    staff
        .tab_to("the application", |f| {
            f.tag == "a" && f.href == application && f.text == "Sensorik Lausitz"
        })
        .await;
    staff.enter().await;
    assert_eq!(staff.path().await, application);
    staff.sees("Sensorik Lausitz").await;
    staff.close().await;
    world.finish();
}
