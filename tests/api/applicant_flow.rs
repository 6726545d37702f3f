//! The applicant's whole path: register, verify, create, fill in, upload, submit, receipt.

use reqwest::StatusCode;
use wettbewerb::domain::presets::Preset;

use crate::support::{PASSWORD, User, pdf, spawn_app};

/// Details, two more partners and a document: everything InnoRegio asks for.
pub async fn complete(user: &User, application: &str) {
    complete_with(user, application, "Materials", "2.500.000,00", "1.000.000").await
}

/// Like `complete`, with another field and other amounts.
pub async fn complete_with(
    user: &User,
    application: &str,
    field: &str,
    requested: &str,
    cofinancing: &str,
) {
    let revision = user.revision(application).await;
    let saved = user
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", "Sensorik-Netzwerk Lausitz"),
                ("summary", "Sensoren für die Braunkohlefolgelandschaft."),
                ("field", field),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    crate::financing_support::fund(user, application, requested, cofinancing).await;
    for (name, kind) in [
        ("Lausitzer Sensorik GmbH", "Sme"),
        (
            "Fraunhofer-Institut für Keramische Technologien",
            "ResearchInstitute",
        ),
    ] {
        let revision = user.revision(application).await;
        let added = user
            .post(
                &format!("{application}/partner"),
                &[
                    ("name", name),
                    ("kind", kind),
                    ("land", "Sachsen"),
                    ("revision", &revision),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let uploaded = user
        .upload(
            &format!("{application}/dokumente"),
            "Skizze.pdf",
            pdf("Skizze"),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
}

#[tokio::test]
async fn an_applicant_registers_verifies_builds_a_consortium_submits_and_gets_a_receipt() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let anna = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;

    let dashboard = anna.get("/antraege").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("Sie haben noch keinen Antrag."));

    let application = anna
        .create_application(competition, "Sensorik Lausitz", "TU Dresden", "Sachsen")
        .await;
    let editor = anna.get(&application).await;
    assert!(
        editor.body.contains("Noch nicht erfüllt"),
        "{}",
        editor.body
    );

    complete(&anna, &application).await;
    let editor = anna.get(&application).await.body;
    assert!(
        editor.contains("Alle Voraussetzungen des Wettbewerbs sind erfüllt"),
        "{editor}"
    );
    assert!(editor.contains("Skizze.pdf"));
    assert!(editor.contains("Lausitzer Sensorik GmbH"));

    // The document lives content-addressed under the data directory, not in the log.
    let sha = sha256_of_first_document(&editor);
    let stored = app.data.path().join("documents").join(&sha[..2]).join(&sha);
    assert_eq!(std::fs::read(&stored).unwrap(), pdf("Skizze"));
    let logged = app
        .store
        .read_all(
            wettbewerb::event_store::Direction::Forwards,
            wettbewerb::event_store::ReadFrom::Start,
            1000,
        )
        .unwrap();
    let attached = logged
        .iter()
        .find(|e| e.event_type == "DocumentAttached")
        .unwrap();
    assert_eq!(attached.data["document"]["sha256"], sha.as_str());
    assert!(!attached.data.to_string().contains("%PDF"));

    let download = anna
        .client
        .get(format!(
            "{}{application}/dokumente/{}",
            anna.address,
            sha256_of_first_document(&editor)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf("Skizze"));

    // Change a partner, add and remove another.
    let revision = anna.revision(&application).await;
    let changed = anna
        .post(
            &format!("{application}/partner/0"),
            &[
                ("name", "Lausitzer Sensorik GmbH & Co. KG Cottbus"),
                ("kind", "Sme"),
                ("land", "Brandenburg"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let revision = anna.revision(&application).await;
    anna.post(
        &format!("{application}/partner"),
        &[
            ("name", "Kurzzeit AG"),
            ("kind", "Company"),
            ("land", "Sachsen"),
            ("revision", &revision),
        ],
    )
    .await;
    let revision = anna.revision(&application).await;
    let removed = anna
        .post(
            &format!("{application}/partner/2/entfernen"),
            &[("revision", &revision)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let editor = anna.get(&application).await.body;
    assert!(
        editor.contains("Lausitzer Sensorik GmbH &amp; Co. KG Cottbus")
            || editor.contains("Lausitzer Sensorik GmbH &#38; Co. KG Cottbus"),
        "{editor}"
    );
    assert!(editor.contains("Brandenburg"));
    assert!(!editor.contains("Kurzzeit AG"));

    let submitted = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    assert_eq!(
        submitted.location.as_deref(),
        Some(format!("{application}/eingang").as_str())
    );
    let receipt = anna.get(&format!("{application}/eingang")).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(receipt.body.contains("Eingangsbestätigung"));
    assert!(
        receipt.body.contains("22. November 2026"),
        "the time is shown in Berlin time"
    );

    let mail = app
        .mail_to("anna@tu-dresden.de", "Eingangsbestätigung")
        .await;
    assert!(mail.contains("Sensorik-Netzwerk Lausitz"));
    assert!(mail.contains("Lausitzer Sensorik GmbH & Co. KG Cottbus"));
    assert!(mail.contains("Skizze.pdf"));
    let receipts = app
        .mails()
        .iter()
        .filter(|m| m.subject.contains("Eingangsbestätigung"))
        .count();
    assert_eq!(receipts, 1, "exactly one receipt");

    let dashboard = anna.get("/antraege").await.body;
    assert!(dashboard.contains("Eingereicht"), "{dashboard}");

    // Withdraw and submit again before the deadline.
    let withdrawn = anna
        .post(&format!("{application}/zurueckziehen"), &[])
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::SEE_OTHER,
        "{}",
        withdrawn.body
    );
    assert!(anna.get(&application).await.body.contains("Zurückgezogen"));
    // The withdrawal says what to do by when, and links to the editor to do it.
    let withdrawal = app.mail_to("anna@tu-dresden.de", "zurückgezogen").await;
    assert!(
        withdrawal.contains("Guten Tag, Anna Schmidt,")
            && withdrawal.contains("Bis zur Frist am")
            && withdrawal.contains(&format!(r#"href="http://127.0.0.1:8080{application}""#))
            && withdrawal.contains("Ihr Team der Programmverwaltung im Wettbewerb")
            && withdrawal.contains("Projektträger Jülich (PtJ)"),
        "{withdrawal}"
    );
    let again = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);

    let status = anna.get(&format!("{application}/status")).await.body;
    for step in [
        "Antrag angelegt",
        "Partner hinzugefügt",
        "Dokument hochgeladen",
        "Eingereicht",
        "Zurückgezogen",
    ] {
        assert!(status.contains(step), "{step} is in the timeline: {status}");
    }
    assert!(status.contains("Anna Schmidt"), "who did it is shown");
}

fn sha256_of_first_document(editor: &str) -> String {
    let marker = "/dokumente/";
    let start = editor.find(marker).unwrap() + marker.len();
    editor[start..start + 64].to_owned()
}

#[tokio::test]
async fn the_coordinator_invites_a_co_editor_who_then_sees_the_application() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    let invited = anna
        .post(
            &format!("{application}/mitwirkende"),
            &[("email", "ben@sensorik.de")],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    let mail = app.mail_to("ben@sensorik.de", "Einladung").await;
    assert!(mail.contains("Anna Schmidt"));
    assert!(mail.contains("Sensorik Lausitz"));
    // Ben has no account yet, so no name to greet him by; signed by the programme.
    assert!(
        mail.contains("<p>Guten Tag,</p>")
            && mail.contains("http://127.0.0.1:8080/anmelden")
            && mail.contains("Ihr Team der Programmverwaltung im Wettbewerb")
            && mail.contains("Telefon: +49 30 20199-0"),
        "{mail}"
    );

    let ben = app.applicant("ben@sensorik.de", "Ben Weber").await;
    let dashboard = ben.get("/antraege").await.body;
    assert!(dashboard.contains("Sensorik Lausitz"), "{dashboard}");
    assert_eq!(ben.get(&application).await.status, StatusCode::OK);
    // Only the owner invites.
    let by_ben = ben
        .post(
            &format!("{application}/mitwirkende"),
            &[("email", "carla@sensorik.de")],
        )
        .await;
    assert_eq!(by_ben.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_competition_page_shows_rules_criteria_budget_and_the_deadline_in_berlin_time() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let page = app
        .visitor()
        .get(&format!("/wettbewerbe/{competition}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let setup = Preset::InnoRegio.setup(wettbewerb::clock::Clock::now(&app.clock));
    let deadline = wettbewerb::time_display::berlin(
        setup.stages[0].submission_deadline,
        wettbewerb::domain::account::Language::De,
    );
    assert!(page.body.contains(&deadline), "{deadline} in {}", page.body);
    assert!(page.body.contains(&setup.budget.to_string()));
    assert!(page.body.contains(&setup.stages[0].criteria[0].name));
    assert!(
        page.body.contains("Sachsen-Anhalt"),
        "the eligible Länder are listed"
    );
    assert!(page.body.contains("Einreichung offen"));
    let list = app.visitor().get("/").await.body;
    assert!(list.contains(&setup.name) && list.contains(&deadline));
}

#[tokio::test]
async fn the_status_page_shows_a_decision_only_once_staff_release_it() {
    use wettbewerb::app::{Actor, execute, stream_of};
    use wettbewerb::domain::competition::{
        Candidate, Competition, CompetitionCommand as C, Outcome,
    };
    use wettbewerb::domain::ids::ApplicationId;
    use wettbewerb::domain::money::Cents;

    let app = spawn_app().await;
    let (competition, anna, application) = app.draft().await;
    complete(&anna, &application).await;
    assert_eq!(
        anna.post(&format!("{application}/einreichen"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let dashboard = anna.get("/antraege").await.body;
    assert!(
        !dashboard.contains("<td>–</td>"),
        "the next deadline is shown: {dashboard}"
    );

    let id = ApplicationId::parse(application.trim_start_matches("/antraege/")).unwrap();
    let stream = stream_of::<Competition>(&competition);
    let staff = Actor::new("staff", "staff");
    let run = |command| execute::<Competition>(&app.store, &stream, &staff, command);
    app.clock.advance(chrono::Duration::days(400));
    // A session lasts twelve hours; after the deadline Anna logs in again.
    anna.log_in("anna@tu-dresden.de", PASSWORD).await;
    let now = wettbewerb::clock::Clock::now(&app.clock);
    run(C::CloseStage { now }).await.unwrap();
    run(C::StartReview { now }).await.unwrap();
    let candidate = Candidate {
        application_id: id,
        in_review: true,
        requested: Cents::euros(2_500_000),
    };
    run(C::Decide {
        candidate,
        outcome: Outcome::Shortlisted,
        now,
    })
    .await
    .unwrap();
    run(C::FinaliseResults {
        entries: vec![id],
        now,
    })
    .await
    .unwrap();
    let before = anna.get(&format!("{application}/status")).await.body;
    assert!(before.contains("In Begutachtung"), "{before}");
    assert!(!before.contains("Ausgewählt"), "not before the release");

    run(C::ReleaseResults { now }).await.unwrap();
    app.settled().await;
    let after = anna.get(&format!("{application}/status")).await.body;
    assert!(
        after.contains("Ausgewählt für die nächste Stufe"),
        "{after}"
    );
}
