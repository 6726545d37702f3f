//! A competition run by staff on the web: set-up from a preset or from scratch, publication, the
//! stage, the formal check, a deadline extension, the jury, automatic assignment with a preview,
//! ranking, decisions within the budget, release, the second stage to the funding decision.

use reqwest::StatusCode;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::applicant_flow::{complete, complete_with};
use crate::jury::invite_and_accept;
use crate::support::{PASSWORD, User, spawn_app};

async fn step(staff: &User, competition: &str, action: &str) {
    let page = staff
        .confirm(&format!("{competition}/schritt/{action}"), &[])
        .await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "{action}: {}",
        page.body
    );
}

/// The juror confirms having no conflict and submits the same score and comment on each of
/// the stage's criteria.
async fn review(
    juror: &User,
    page: &str,
    criteria: usize,
    score: &str,
    comment: &str,
    stage: &str,
) {
    juror.post(&format!("{page}/unbefangen"), &[]).await;
    let mut fields: Vec<(String, String)> = (0..criteria)
        .flat_map(|i| {
            [
                (format!("score_{i}"), score.to_owned()),
                (
                    format!("comment_{i}"),
                    format!("{comment}{}", crate::jury::JUSTIFICATION),
                ),
            ]
        })
        .collect();
    fields.extend([
        ("confidence".into(), "3".into()),
        ("action".into(), "submit".into()),
        ("revision".into(), String::new()),
        ("stage".into(), stage.to_owned()),
    ]);
    let sent = send(juror, &format!("{page}/bewertung"), &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
}

/// What every message of the competition reads like as a letter: the salutation by the
/// person's name (set off by commas), a link into the service under its public address, the
/// signature and the programme contact the InnoRegio preset brings.
fn reads_as_a_letter(mail: &str, name: &str, path: &str) {
    assert!(mail.contains(&format!("Guten Tag, {name},")), "{mail}");
    assert!(
        mail.contains(&format!("http://127.0.0.1:8080{path}")),
        "{path} in {mail}"
    );
    assert!(mail.contains("Mit freundlichen Grüßen"), "{mail}");
    assert!(
        mail.contains("Ihr Team der Programmverwaltung im Wettbewerb „InnoRegio 2026“"),
        "{mail}"
    );
    assert!(
        mail.contains("Projektträger Jülich (PtJ)")
            && mail.contains("Zimmerstraße 26–27, 10969 Berlin")
            && mail.contains("Telefon: +49 30 20199-0")
            && mail.contains("E-Mail: wettbewerb@ptj.example"),
        "{mail}"
    );
}

/// Submits after filling the stage's application form, which the presets carry.
async fn submit(user: &User, application: &str) {
    crate::support::fill_form(user, application).await;
    let sent = user.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
}

#[tokio::test]
async fn staff_run_an_innoregio_competition_through_both_stages_to_the_funding_decision() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let created = staff
        .post(
            "/verwaltung/wettbewerbe",
            &[("preset", "innoregio"), ("name", "InnoRegio 2026")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let control = created.location.unwrap();
    let competition_id = control.rsplit('/').next().unwrap().to_owned();
    assert!(staff.get(&control).await.body.contains("In Vorbereitung"));
    assert_eq!(
        app.visitor()
            .get(&format!("/wettbewerbe/{competition_id}"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "not public before publication"
    );
    step(&staff, &control, "veroeffentlichen").await;
    step(&staff, &control, "stufe-oeffnen").await;
    assert!(app.visitor().get("/").await.body.contains("InnoRegio 2026"));

    let competition = wettbewerb::domain::ids::CompetitionId::parse(&competition_id).unwrap();
    let anna = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let first = anna
        .create_application(competition, "Sensorik Lausitz", "TU Dresden", "Sachsen")
        .await;
    complete(&anna, &first).await;
    submit(&anna, &first).await;
    let bert = app.applicant("bert@uni-rostock.de", "Bert Berg").await;
    let second = bert
        .create_application(
            competition,
            "Meerestechnik Rostock",
            "Universität Rostock",
            "MecklenburgVorpommern",
        )
        .await;
    complete(&bert, &second).await;
    submit(&bert, &second).await;
    let carla = app.applicant("carla@uni-halle.de", "Carla Christ").await;
    let third = carla
        .create_application(
            competition,
            "Chemiepark Halle",
            "Universität Halle",
            "SachsenAnhalt",
        )
        .await;
    complete(&carla, &third).await;
    submit(&carla, &third).await;

    // The formal check, with its reason in the consortium's mail.
    let third_id = third.trim_start_matches("/antraege/").to_owned();
    let asked = staff
        .post(
            &format!("{control}/ablehnen"),
            &[
                ("application", third_id.as_str()),
                ("reason", "Unterschrift fehlt"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert!(
        asked.body.contains("Antrag formal ablehnen?")
            && asked
                .body
                .contains("“ wird formal abgelehnt und scheidet aus dem Wettbewerb aus.")
            && asked.body.contains("„Unterschrift fehlt“")
            && asked.body.contains("Ja, formal ablehnen"),
        "the rejection asks first: {}",
        asked.body
    );
    let (unrejected, _) = wettbewerb::app::load::<wettbewerb::domain::application::Application>(
        &app.store,
        &wettbewerb::app::stream_of::<wettbewerb::domain::application::Application>(
            &wettbewerb::domain::ids::ApplicationId::parse(&third_id).unwrap(),
        ),
    )
    .unwrap();
    assert!(
        matches!(
            unrejected.status,
            wettbewerb::domain::application::Status::Submitted { .. }
        ),
        "an unconfirmed rejection writes nothing"
    );
    let rejected = staff
        .post(
            &format!("{control}/ablehnen"),
            &[
                ("application", third_id.as_str()),
                ("reason", "Unterschrift fehlt"),
                ("bestaetigt", "1"),
            ],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.body);
    assert!(
        staff.get(&control).await.body.contains(
            "Der Antrag ist formal abgelehnt; das Konsortium erhält die Begründung per E-Mail."
        ),
        "the feedback says what was done"
    );
    let rejection = app.mail_to("carla@uni-halle.de", "formal abgelehnt").await;
    assert!(rejection.contains("Unterschrift fehlt"), "{rejection}");
    reads_as_a_letter(&rejection, "Carla Christ", &format!("{third}/status"));
    let receipt = app
        .mail_to("anna@tu-dresden.de", "Eingangsbestätigung")
        .await;
    reads_as_a_letter(&receipt, "Anna Schmidt", &format!("{first}/status"));
    assert!(
        receipt.contains(
            "Ihr Antrag „Sensorik-Netzwerk Lausitz“ im Wettbewerb „InnoRegio 2026“ ist am"
        ),
        "{receipt}"
    );

    // A deadline extension in Berlin time reaches the consortia.
    let (state, _) = wettbewerb::app::load::<wettbewerb::domain::competition::Competition>(
        &app.store,
        &wettbewerb::app::stream_of::<wettbewerb::domain::competition::Competition>(&competition),
    )
    .unwrap();
    let later = state.deadline.unwrap() + chrono::Duration::days(7);
    let local = later.with_timezone(&chrono_tz::Europe::Berlin);
    let date = local.format("%Y-%m-%d").to_string();
    let extended = staff
        .post(
            &format!("{control}/frist"),
            &[("date", date.as_str()), ("time", "12:00")],
        )
        .await;
    assert_eq!(extended.status, StatusCode::SEE_OTHER, "{}", extended.body);
    assert!(
        staff
            .get(&control)
            .await
            .body
            .contains(&wettbewerb::time_display::berlin(
                local
                    .date_naive()
                    .and_hms_opt(12, 0, 0)
                    .unwrap()
                    .and_local_timezone(chrono_tz::Europe::Berlin)
                    .unwrap()
                    .with_timezone(&chrono::Utc),
                wettbewerb::domain::account::Language::De
            ))
    );
    let extension = app.mail_to("bert@uni-rostock.de", "Frist").await;
    reads_as_a_letter(&extension, "Bert Berg", &second);
    assert!(
        extension.contains(
            "die Einreichungsfrist der Stufe „Qualifizierungsphase“ im Wettbewerb „InnoRegio 2026“"
        ),
        "{extension}"
    );

    let jana = invite_and_accept(
        &app,
        &staff,
        competition,
        "Dr. Jana Jury",
        "jana@uni-jena.de",
        "Universität Jena",
    )
    .await;
    let karl = invite_and_accept(
        &app,
        &staff,
        competition,
        "Prof. Karl Kern",
        "karl@tu-ilmenau.de",
        "TU Ilmenau",
    )
    .await;

    // After the deadline: close, review, assign.
    app.clock.set(later + chrono::Duration::days(1));
    for (user, email) in [
        (&staff, "leitung@ptj.de"),
        (&jana, "jana@uni-jena.de"),
        (&karl, "karl@tu-ilmenau.de"),
    ] {
        user.log_in(email, PASSWORD).await;
    }
    step(&staff, &control, "schliessen").await;
    step(&staff, &control, "begutachtung").await;
    let preview = staff
        .post(
            &format!("{control}/zuordnen"),
            &[("per_application", "2"), ("mode", "vorschau")],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        preview
            .body
            .contains("Vorschau: 2 Jurymitglieder je Antrag"),
        "{}",
        preview.body
    );
    assert!(
        preview.body.contains("<td>Dr. Jana Jury</td><td>2</td>"),
        "{}",
        preview.body
    );
    assert!(
        jana.get("/jury").await.body.contains("0 von 0 bewertet"),
        "a preview writes nothing"
    );
    let applied = staff
        .post(
            &format!("{control}/zuordnen"),
            &[("per_application", "2"), ("mode", "anwenden")],
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    assert!(jana.get("/jury").await.body.contains("0 von 2 bewertet"));
    let assigned = app
        .mail_to("jana@uni-jena.de", "2 Anträge zur Bewertung")
        .await;
    reads_as_a_letter(&assigned, "Dr. Jana Jury", "/jury");
    assert!(
        assigned.contains("Ihnen wurden diese Anträge der Stufe „Qualifizierungsphase“ im Wettbewerb „InnoRegio 2026“ zur Bewertung zugewiesen"),
        "{assigned}"
    );

    // By hand: take Jana off the first application and put her back.
    let (jury, _) = wettbewerb::app::load::<wettbewerb::domain::jury::Jury>(
        &app.store,
        &wettbewerb::app::stream_of::<wettbewerb::domain::jury::Jury>(&competition),
    )
    .unwrap();
    let jana_id = jury
        .jurors
        .iter()
        .find(|(_, j)| j.email.as_str() == "jana@uni-jena.de")
        .map(|(id, _)| id.to_string())
        .unwrap();
    let first_id = first.trim_start_matches("/antraege/").to_owned();
    for (action, expected) in [
        ("entfernen", "0 von 1 bewertet"),
        ("zuordnen", "0 von 2 bewertet"),
    ] {
        let done = staff
            .post(
                &format!("{control}/zuordnung"),
                &[
                    ("application", first_id.as_str()),
                    ("juror", jana_id.as_str()),
                    ("action", action),
                ],
            )
            .await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{action}: {}",
            done.body
        );
        assert!(jana.get("/jury").await.body.contains(expected), "{action}");
    }
    // A hand assignment is told when staff announce the new ones.
    let announced = staff
        .post(&format!("{control}/zuordnungen-mitteilen"), &[])
        .await;
    assert_eq!(
        announced.status,
        StatusCode::SEE_OTHER,
        "{}",
        announced.body
    );
    // Put back by hand, one application: the subject and text in the singular.
    let one = app
        .mail_to("jana@uni-jena.de", "1 Antrag zur Bewertung")
        .await;
    assert!(
        one.contains("Ihnen wurde dieser Antrag der Stufe „Qualifizierungsphase“")
            && one.contains("Bitte reichen Sie Ihre Bewertung bis"),
        "{one}"
    );
    reads_as_a_letter(&one, "Dr. Jana Jury", "/jury");
    println!("{receipt}\n=====\n{extension}\n=====\n{one}");

    // Finalising now asks first and names the four open reviews of two jurors.
    let asked = staff
        .post(&format!("{control}/abschliessen-entscheidungen"), &[])
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert!(
        asked
            .body
            .contains("Noch 4 von 4 Bewertungen sind offen, bei 2 Jurymitgliedern.")
            && asked.body.contains(
                "Die 2 Anträge ohne Entscheidung werden als „nicht ausgewählt“ festgehalten"
            )
            && asked
                .body
                .contains("Die Begutachtungsfrist ist noch nicht abgelaufen")
            && asked.body.contains("Ja, Entscheidungen abschließen"),
        "{}",
        asked.body
    );
    let shown = staff
        .get(&format!("{control}/abschliessen-entscheidungen"))
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("Noch 4 von 4 Bewertungen sind offen"));
    assert!(
        staff.get(&control).await.body.contains("In Begutachtung"),
        "an unconfirmed finalising writes nothing"
    );
    // A step the state does not allow yet is not offered on its confirmation page.
    let early = staff.get(&format!("{control}/schritt/freigeben")).await;
    assert_eq!(early.status, StatusCode::OK);
    assert!(
        early
            .body
            .contains("Im Stand „In Begutachtung“ ist das nicht möglich.")
            && !early.body.contains("Ergebnismitteilungen senden"),
        "{}",
        early.body
    );

    // Both jurors review both applications; Karl is the stricter one.
    for (juror, score) in [(&jana, "5"), (&karl, "3")] {
        for application in [&first, &second] {
            let page = format!(
                "/jury/{competition}/antraege/{}",
                application.trim_start_matches("/antraege/")
            );
            let better = if application == &first {
                score.to_owned()
            } else {
                (score.parse::<u8>().unwrap() - 1).to_string()
            };
            review(juror, &page, 5, &better, "ok", "0").await;
        }
    }

    let ranking = staff.get(&format!("{control}/rangliste")).await.body;
    let first_row = ranking.find(first.as_str()).unwrap();
    let second_row = ranking.find(second.as_str()).unwrap();
    assert!(first_row < second_row, "ranked by score");
    assert!(
        ranking.contains("<strong>4,00</strong>") && ranking.contains("<strong>3,00</strong>"),
        "{ranking}"
    );
    assert!(
        ranking.contains("Prof. Karl Kern")
            && ranking.contains("-1,00")
            && ranking.contains("+1,00"),
        "leniency is visible: {ranking}"
    );
    assert!(
        !ranking.contains("Chemiepark Halle"),
        "a formally rejected application is not ranked"
    );

    let decided = staff
        .post(
            &format!("{control}/entscheiden"),
            &[
                ("application", first_id.as_str()),
                ("outcome", "shortlisted"),
            ],
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let finalised = staff
        .confirm(&format!("{control}/abschliessen-entscheidungen"), &[])
        .await;
    assert_eq!(
        finalised.status,
        StatusCode::SEE_OTHER,
        "{}",
        finalised.body
    );
    assert!(
        staff
            .get(&format!("{control}/rangliste"))
            .await
            .body
            .contains(
                "Die Entscheidungen der Stufe sind abgeschlossen: 1 ausgewählt, 1 nicht ausgewählt."
            ),
        "the feedback says what was decided"
    );
    // Releasing asks first: how many mails to whom, and the places and the deadline left.
    let asked = staff
        .post(&format!("{control}/schritt/freigeben"), &[])
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert!(
        asked.body.contains(
            "2 Ergebnismitteilungen gehen per E-Mail an die Koordinationen der Anträge: 1 ausgewählt, 1 nicht ausgewählt."
        ) && asked.body.contains("Ja, 2 Ergebnismitteilungen senden")
            && asked.body.contains("1 von 25 Plätzen sind vergeben; 24 bleiben frei.")
            && asked.body.contains("Die Begutachtungsfrist ist noch nicht abgelaufen")
            && !asked.body.contains("Bewertungen sind offen"),
        "{}",
        asked.body
    );
    let shown = staff.get(&format!("{control}/schritt/freigeben")).await;
    assert!(shown.body.contains("Ja, 2 Ergebnismitteilungen senden"));
    let (undecided, _) = wettbewerb::app::load::<wettbewerb::domain::competition::Competition>(
        &app.store,
        &wettbewerb::app::stream_of::<wettbewerb::domain::competition::Competition>(&competition),
    )
    .unwrap();
    assert_eq!(
        undecided.phase,
        wettbewerb::domain::competition::Phase::ResultsDecided,
        "an unconfirmed release writes nothing"
    );
    step(&staff, &control, "freigeben").await;
    assert!(
        staff
            .get(&control)
            .await
            .body
            .contains("2 Ergebnismitteilungen sind im Postausgang."),
        "the feedback counts the mails"
    );
    let shortlisted = app.mail_to("anna@tu-dresden.de", "Ergebnis").await;
    assert!(shortlisted.contains("wurde ausgewählt"));
    assert!(
        shortlisted.contains("Subject: Ergebnis der Stufe „Qualifizierungsphase“: "),
        "{shortlisted}"
    );
    reads_as_a_letter(&shortlisted, "Anna Schmidt", &format!("{first}/status"));
    // The shortlist says by when the full proposal is due.
    let (state, _) = wettbewerb::app::load::<wettbewerb::domain::competition::Competition>(
        &app.store,
        &wettbewerb::app::stream_of::<wettbewerb::domain::competition::Competition>(&competition),
    )
    .unwrap();
    let full = &state.setup.unwrap().stages[1];
    assert!(
        shortlisted.contains(&format!(
            "Sie sind zur nächsten Stufe „{}“ eingeladen. Bitte reichen Sie den Antrag dieser Stufe bis {} (Berliner Zeit) ein",
            full.title,
            wettbewerb::time_display::berlin(
                full.submission_deadline,
                wettbewerb::domain::account::Language::De,
            )
        )),
        "{shortlisted}"
    );
    let not = app.mail_to("bert@uni-rostock.de", "Ergebnis").await;
    assert!(not.contains("nicht ausgewählt"));
    reads_as_a_letter(&not, "Bert Berg", &format!("{second}/status"));
    println!("{shortlisted}\n=====\n{not}\n=====\n{rejection}");
    // The CSV exports, as Excel opens them.
    let csv = |file: &str, semicolon: bool| {
        let staff = &staff;
        let control = control.clone();
        let file = file.to_owned();
        async move {
            let query = if semicolon {
                "?trennzeichen=semikolon"
            } else {
                ""
            };
            let response = staff
                .client
                .get(format!("{}{control}/export/{file}{query}", staff.address))
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.headers()["content-type"],
                "text/csv; charset=utf-8"
            );
            let bytes = response.bytes().await.unwrap().to_vec();
            assert!(
                bytes.starts_with(b"\xEF\xBB\xBF"),
                "UTF-8 with a byte-order mark"
            );
            String::from_utf8(bytes[3..].to_vec()).unwrap()
        }
    };
    let applications = csv("antraege.csv", true).await;
    let lines: Vec<&str> = applications.lines().collect();
    assert_eq!(
        lines.len(),
        4,
        "a header and three applications: {applications}"
    );
    assert!(lines[0].starts_with("Antrag;Titel;Stufe;Koordination;Land"));
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.contains(";Qualifizierungsphase;")),
        "{applications}"
    );
    assert!(
        applications.contains(";2500000,00;1000000,00;"),
        "{applications}"
    );
    assert!(applications.contains("Formal abgelehnt"));
    assert!(
        csv("antraege.csv", false)
            .await
            .contains(",2500000.00,1000000.00,")
    );
    let reviews = csv("bewertungen.csv", true).await;
    assert_eq!(
        reviews.lines().count(),
        5,
        "four submitted reviews: {reviews}"
    );
    assert!(
        reviews.contains("Dr. Jana Jury") && reviews.contains(";5,00;"),
        "{reviews}"
    );
    let decisions = csv("entscheidungen.csv", true).await;
    assert!(
        decisions.contains(&format!("{first_id};")) && decisions.contains("ausgewählt"),
        "{decisions}"
    );
    assert!(decisions.contains("nicht ausgewählt"));

    // The dashboard draws its charts on the server.
    let dashboard = staff.get(&format!("{control}/auswertung")).await.body;
    assert!(dashboard.contains("<svg role=\"img\""), "{dashboard}");
    for figure in [
        ">Sachsen<",
        ">Mecklenburg-Vorpommern<",
        ">Sachsen-Anhalt<",
        ">Dr. Jana Jury<",
        ">2 / 2<",
        ">Formal abgelehnt<",
    ] {
        assert!(dashboard.contains(figure), "{figure} in {dashboard}");
    }

    // Every decision traceable to its events.
    let audit = staff
        .get(&format!("/verwaltung/protokoll/antrag/{first_id}"))
        .await
        .body;
    assert!(
        audit.contains("ApplicationSubmitted") && audit.contains("Anna Schmidt"),
        "{audit}"
    );
    let audit = staff
        .get(&format!(
            "/verwaltung/protokoll/wettbewerb/{competition_id}"
        ))
        .await
        .body;
    for event in [
        "CompetitionPublished",
        "SubmissionDeadlineExtended",
        "JurorAssigned",
        "DecisionRecorded",
        "ResultsReleased",
    ] {
        assert!(audit.contains(event), "{event} in the audit log");
    }
    anna.log_in("anna@tu-dresden.de", PASSWORD).await;
    assert_eq!(
        anna.get(&format!("/verwaltung/protokoll/antrag/{first_id}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // The next stage: the shortlisted consortium writes its full proposal, the other does not.
    step(&staff, &control, "stufe-oeffnen").await;
    for (user, email) in [
        (&anna, "anna@tu-dresden.de"),
        (&bert, "bert@uni-rostock.de"),
    ] {
        user.log_in(email, PASSWORD).await;
    }
    // The first stage's ranking stays readable, with its scores and decisions, but no controls.
    let past = staff.get(&format!("{control}/rangliste?stufe=1")).await;
    assert_eq!(past.status, StatusCode::OK);
    let past = past.body;
    assert!(
        past.contains(first.as_str()) && past.contains(second.as_str()),
        "both applications of the first stage: {past}"
    );
    assert!(
        past.contains("<strong>4,00</strong>")
            && past.contains("<strong>3,00</strong>")
            && past.contains("<strong>ausgewählt</strong>")
            && past.contains("<strong>nicht ausgewählt</strong>")
            && past.contains("Prof. Karl Kern"),
        "scores, decisions and leniency of the first stage: {past}"
    );
    assert!(
        !past.contains("/entscheiden\"") && !past.contains("abschliessen-entscheidungen"),
        "a past stage is read-only: {past}"
    );
    let current = staff.get(&format!("{control}/rangliste")).await.body;
    assert!(
        current.contains("rangliste?stufe=1\"")
            && current.contains("rangliste?stufe=2\" aria-current=\"page\""),
        "the current stage's ranking links to the first: {current}"
    );
    assert_eq!(
        staff
            .get(&format!("{control}/rangliste?stufe=3"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "a stage that has not started has no ranking"
    );
    let editor = anna.get(&first).await.body;
    assert!(
        editor.contains("Umsetzungsphase") && editor.contains("Antrag einreichen"),
        "{editor}"
    );
    assert!(
        !bert.get(&second).await.body.contains("Antrag einreichen"),
        "the application that was not shortlisted stays closed"
    );

    let results = app
        .mails()
        .iter()
        .filter(|m| m.subject.contains("Ergebnis"))
        .count();
    assert_eq!(results, 2, "one result per applicant in review");

    // Stage 2, the full proposal, to the funding decision, with other figures than the concept.
    let revision = anna.revision(&first).await;
    let saved = anna
        .post(
            &format!("{first}/angaben"),
            &[
                ("title", "Sensorik-Netzwerk Lausitz"),
                ("summary", "Der Vollantrag."),
                ("field", "Materials"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    crate::financing_support::fund(&anna, &first, "2.200.000,00", "1.100.000").await;
    submit(&anna, &first).await;
    // A row per application and stage: the concept's figures stay beside the proposal's.
    let applications = csv("antraege.csv", true).await;
    let rows: Vec<&str> = applications
        .lines()
        .filter(|l| l.starts_with(&format!("{first_id};")))
        .collect();
    assert_eq!(rows.len(), 2, "{applications}");
    assert!(
        rows[0].contains(";Qualifizierungsphase;")
            && rows[0].contains(";2500000,00;1000000,00;Ausgewählt für die nächste Stufe;"),
        "{applications}"
    );
    assert!(
        rows[1].contains(";Umsetzungsphase;")
            && rows[1].contains(";2200000,00;1100000,00;Eingereicht;"),
        "{applications}"
    );
    assert_eq!(applications.lines().count(), 5, "{applications}");
    assert!(anna.get(&first).await.body.contains("Eingereicht"));
    let (state, _) = wettbewerb::app::load::<wettbewerb::domain::competition::Competition>(
        &app.store,
        &wettbewerb::app::stream_of::<wettbewerb::domain::competition::Competition>(&competition),
    )
    .unwrap();
    assert_eq!(state.stage, 1);
    app.clock
        .set(state.deadline.unwrap() + chrono::Duration::days(1));
    for (user, email) in [
        (&staff, "leitung@ptj.de"),
        (&jana, "jana@uni-jena.de"),
        (&karl, "karl@tu-ilmenau.de"),
        (&anna, "anna@tu-dresden.de"),
    ] {
        user.log_in(email, PASSWORD).await;
    }
    step(&staff, &control, "schliessen").await;
    step(&staff, &control, "begutachtung").await;
    let applied = staff
        .post(
            &format!("{control}/zuordnen"),
            &[("per_application", "2"), ("mode", "anwenden")],
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    for (juror, score) in [(&jana, "5"), (&karl, "4")] {
        assert!(juror.get("/jury").await.body.contains("0 von 1 bewertet"));
        let page = format!("/jury/{competition}/antraege/{first_id}");
        review(juror, &page, 4, score, "überzeugend", "1").await;
    }
    // Both stages score criteria of the same names: each stage has its own columns, with the
    // comment beside each score.
    let reviews = csv("bewertungen.csv", true).await;
    let header: Vec<&str> = reviews.lines().next().unwrap().split(';').collect();
    assert_eq!(
        header
            .iter()
            .filter(|h| h.ends_with("Netzwerk: Punkte"))
            .count(),
        2,
        "one set of columns per stage: {reviews}"
    );
    let column = |stage: &str, suffix: &str| {
        header
            .iter()
            .position(|h| h.starts_with(stage) && h.ends_with(suffix))
            .unwrap_or_else(|| panic!("{stage} {suffix} in {reviews}"))
    };
    let row: Vec<&str> = reviews
        .lines()
        .skip(1)
        .find(|l| l.contains(";Umsetzungsphase;") && l.contains("Dr. Jana Jury"))
        .unwrap_or_else(|| panic!("Jana's full-proposal review in {reviews}"))
        .split(';')
        .collect();
    assert_eq!(row[column("Stufe 2", "Netzwerk: Punkte")], "5");
    assert_eq!(
        row[column("Stufe 2", "Netzwerk: Begründung")],
        format!("überzeugend{}", crate::jury::JUSTIFICATION)
    );
    assert_eq!(row[column("Stufe 1", "Netzwerk: Punkte")], "");
    assert_eq!(row.len(), header.len());
    let ranking = staff.get(&format!("{control}/rangliste")).await.body;
    assert!(
        ranking.contains("Umsetzungsphase") && ranking.contains("<strong>4,50</strong>"),
        "{ranking}"
    );
    assert!(
        !ranking.contains(second.as_str()),
        "only the shortlisted application is ranked in the second stage"
    );
    let funded = staff
        .post(
            &format!("{control}/entscheiden"),
            &[
                ("application", first_id.as_str()),
                ("outcome", "funded"),
                ("amount", "2.000.000"),
            ],
        )
        .await;
    assert_eq!(funded.status, StatusCode::SEE_OTHER, "{}", funded.body);
    let ranking = staff.get(&format!("{control}/rangliste")).await.body;
    assert!(
        ranking.contains("2.000.000,00 €") && ranking.contains("253.000.000,00 €"),
        "budget used and left: {ranking}"
    );
    // The audit pages tell each event as a sentence with euro amounts and names; the raw data,
    // in cents and internal names, only inside each event's details element.
    let audit = staff
        .get(&format!("/verwaltung/protokoll/antrag/{first_id}"))
        .await
        .body;
    let told = outside_details(&audit);
    assert!(
        told.contains("Finanzierungsplan der Koordination gespeichert: Kosten 5.000.000,00 €, beantragt 2.500.000,00 €")
            && told.contains("Absichtserklärung von Förderkreis Industrie GmbH über 1.000.000,00 € mit Schreiben gespeichert."),
        "{told}"
    );
    assert!(told.contains("In Stufe 1 eingereicht."), "{told}");
    assert!(
        told.contains("Partner hinzugefügt: Lausitzer Sensorik GmbH (KMU, Sachsen)."),
        "{told}"
    );
    assert!(
        !told.contains("250000000") && !told.contains("\"requested\""),
        "{told}"
    );
    assert!(
        audit.contains("250000000"),
        "the raw data stays behind details"
    );
    let audit = staff
        .get(&format!(
            "/verwaltung/protokoll/wettbewerb/{competition_id}"
        ))
        .await
        .body;
    let told = outside_details(&audit);
    assert!(
        told.contains("Budget 255.000.000,00 €")
            && told.contains(": gefördert mit 2.000.000,00 €."),
        "{told}"
    );
    assert!(
        !told.contains("25500000000") && !told.contains("MecklenburgVorpommern"),
        "{told}"
    );
    let finalised = staff
        .confirm(&format!("{control}/abschliessen-entscheidungen"), &[])
        .await;
    assert_eq!(
        finalised.status,
        StatusCode::SEE_OTHER,
        "{}",
        finalised.body
    );
    step(&staff, &control, "freigeben").await;
    let decision = app
        .mail_to(
            "anna@tu-dresden.de",
            "Zur Förderung ausgewählt, vorbehaltlich des Zuwendungsbescheids",
        )
        .await;
    // The jury recommends; the grant notice awards: no binding promise in the mail.
    assert!(
        decision.contains(
            "wurde zur Förderung mit bis zu 2.000.000,00 € ausgewählt, vorbehaltlich des förmlichen Förderantrags und des Zuwendungsbescheids."
        ),
        "{decision}"
    );
    assert!(!decision.contains("wird mit"), "{decision}");
    reads_as_a_letter(&decision, "Anna Schmidt", &format!("{first}/status"));
    println!("{decision}");
    step(&staff, &control, "abschliessen").await;
    let completed = staff.get(&control).await.body;
    assert!(completed.contains("Abgeschlossen"));
    assert!(completed.contains("Der Wettbewerb ist abgeschlossen."));
    let past = staff
        .get(&format!("{control}/rangliste?stufe=1"))
        .await
        .body;
    assert!(
        past.contains(second.as_str()) && past.contains("<strong>3,00</strong>"),
        "the first stage's ranking outlasts the competition: {past}"
    );
    assert!(
        anna.get("/antraege")
            .await
            .body
            .contains("Zur Förderung ausgewählt (2.000.000,00 €)"),
        "the consortium sees the funding"
    );
    let decisions = app
        .mails()
        .iter()
        .filter(|m| {
            [
                "Zur Förderung ausgewählt",
                "Nachrückliste",
                "Nicht zur Förderung",
            ]
            .iter()
            .any(|s| m.subject.starts_with(s))
        })
        .count();
    assert_eq!(
        decisions, 1,
        "bert left after the first stage and gets no second result"
    );
}

#[tokio::test]
async fn a_funding_decision_that_would_overrun_the_budget_is_refused_with_the_figures() {
    let app = spawn_app().await;
    let now = wettbewerb::clock::Clock::now(&app.clock);
    let mut setup = Preset::BioRegio.setup(now);
    setup.budget = wettbewerb::domain::money::Cents::million_euros(30);
    // Only the total counts here; the years have their own tests (`budget_years.rs`).
    setup.budget_per_year.clear();
    let competition = app.open_setup(setup).await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let mut ids = Vec::new();
    for (email, coordinator) in [
        ("a@lmu.de", "LMU München"),
        ("b@uni-koeln.de", "Universität zu Köln"),
    ] {
        let user = app.applicant(email, "Koordination").await;
        let application = user
            .create_application(competition, coordinator, coordinator, "Bayern")
            .await;
        complete_with(
            &user,
            &application,
            "Biotechnology",
            "20.000.000",
            "20.000.000",
        )
        .await;
        submit(&user, &application).await;
        ids.push(application.trim_start_matches("/antraege/").to_owned());
    }
    let control = format!("/verwaltung/wettbewerbe/{competition}");
    let (state, _) = wettbewerb::app::load::<wettbewerb::domain::competition::Competition>(
        &app.store,
        &wettbewerb::app::stream_of::<wettbewerb::domain::competition::Competition>(&competition),
    )
    .unwrap();
    app.clock
        .set(state.deadline.unwrap() + chrono::Duration::hours(1));
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    step(&staff, &control, "schliessen").await;
    step(&staff, &control, "begutachtung").await;
    let fund = |id: &str| {
        vec![
            ("application", id.to_owned()),
            ("outcome", "funded".to_owned()),
            ("amount", "20.000.000".to_owned()),
        ]
    };
    let first: Vec<(&str, String)> = fund(&ids[0]);
    let first: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        staff
            .post(&format!("{control}/entscheiden"), &first)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let page = staff.get(&format!("{control}/rangliste")).await.body;
    assert!(
        page.contains("20.000.000,00 €") && page.contains("10.000.000,00 €"),
        "used and left are shown: {page}"
    );
    // Counted by status, not by amount.
    let overview = staff.get("/verwaltung").await.body;
    assert!(
        overview.contains("Zur Förderung ausgewählt: 1"),
        "{overview}"
    );
    let second: Vec<(&str, String)> = fund(&ids[1]);
    let second: Vec<(&str, &str)> = second.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = staff.post(&format!("{control}/entscheiden"), &second).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("würde das Budget überschreiten: 20.000.000,00 € von 30.000.000,00 € sind vergeben, 10.000.000,00 € sind frei"),
        "{}",
        refused.body
    );
}

/// The fields a browser would send for this form: inputs with their values, checked boxes,
/// and textareas.
pub fn form_fields(page: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for tag in page.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let attr = |name: &str| {
            let marker = format!("{name}=\"");
            tag.find(&marker).map(|s| {
                let rest = &tag[s + marker.len()..];
                rest[..rest.find('"').unwrap_or(0)].to_owned()
            })
        };
        let (Some(name), value) = (attr("name"), attr("value").unwrap_or_default()) else {
            continue;
        };
        if attr("type").as_deref() == Some("checkbox") && !tag.contains(" checked") {
            continue;
        }
        if name != "csrf" {
            fields.push((name, value.replace("&#38;", "&").replace("&amp;", "&")));
        }
    }
    for part in page.split("<select").skip(1) {
        let name_start = part.find("name=\"").unwrap() + 6;
        let name = part[name_start..].split('"').next().unwrap().to_owned();
        let options = &part[..part.find("</select>").unwrap()];
        let chosen = options
            .split("<option")
            .skip(1)
            .find(|o| o[..o.find('>').unwrap()].contains(" selected"))
            .or_else(|| options.split("<option").nth(1))
            .unwrap();
        let value_start = chosen.find("value=\"").unwrap() + 7;
        let value = chosen[value_start..].split('"').next().unwrap().to_owned();
        fields.push((name, value));
    }
    for part in page.split("<textarea").skip(1) {
        let name_start = part.find("name=\"").unwrap() + 6;
        let name = part[name_start..].split('"').next().unwrap().to_owned();
        let body_start = part.find('>').unwrap() + 1;
        let body = part[body_start..part.find("</textarea>").unwrap()].to_owned();
        fields.push((name, body));
    }
    fields
}

/// The programme contact's address ends every message: one no mail could reach is refused
/// beside the field, with the form as typed, and nothing is saved.
#[tokio::test]
async fn a_contact_address_no_mail_reaches_comes_back_beside_the_field() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let created = staff
        .post("/verwaltung/wettbewerbe", &[("preset", "bioregio")])
        .await;
    let editor = format!("{}/ausschreibung", created.location.unwrap());
    let mut fields = form_fields(&staff.get(&editor).await.body);
    fields.retain(|(k, _)| k != "contact_email" && k != "contact_phone");
    fields.push(("contact_email".into(), "poststelle (at) ptj.example".into()));
    fields.push(("contact_phone".into(), "+49 30 1234-5".into()));
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refused = staff.post(&editor, &borrowed).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(
            r#"<p class="error" id="contact_email-error">Kontakt, E-Mail: Bitte geben Sie eine gültige E-Mail-Adresse an"#
        ),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains(r#"name="contact_email" value="poststelle (at) ptj.example""#)
            && refused.body.contains(r#"value="+49 30 1234-5""#),
        "the form comes back as typed: {}",
        refused.body
    );
    let unchanged = staff.get(&editor).await.body;
    assert!(
        unchanged.contains(r#"name="contact_email" value="wettbewerb@ptj.example""#)
            && !unchanged.contains("+49 30 1234-5"),
        "nothing was saved: {unchanged}"
    );
}

#[tokio::test]
async fn staff_edit_the_set_up_until_publication_and_bad_values_come_back_with_reasons() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let created = staff
        .post("/verwaltung/wettbewerbe", &[("preset", "bioregio")])
        .await;
    let control = created.location.unwrap();
    let editor = format!("{control}/ausschreibung");
    let form = staff.get(&editor).await;
    assert_eq!(form.status, StatusCode::OK);
    let mut fields = form_fields(&form.body);
    let set = |fields: &mut Vec<(String, String)>, name: &str, value: &str| {
        fields.retain(|(k, _)| k != name);
        fields.push((name.to_owned(), value.to_owned()));
    };
    set(&mut fields, "budget", "viel Geld");
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refused = staff.post(&editor, &borrowed).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Budget:") && refused.body.contains("viel Geld"),
        "{}",
        refused.body
    );

    // The programme contact every message ends with: the preset's Projektträger to start
    // from, one line each.
    assert!(
        form.body
            .contains(r#"name="contact_name" value="Projektträger Jülich (PtJ)""#),
        "{}",
        form.body
    );
    set(&mut fields, "budget", "80.000.000");
    set(&mut fields, "contact_address", &"A".repeat(301));
    let refused = send(&staff, &editor, &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Kontakt, Anschrift: höchstens 300 Zeichen; eingegeben sind 301."),
        "{}",
        refused.body
    );
    set(
        &mut fields,
        "contact_name",
        "VDI/VDE Innovation + Technik GmbH",
    );
    set(&mut fields, "contact_address", "Steinplatz 1, 10623 Berlin");
    set(&mut fields, "contact_phone", "+49 30 310078-0");
    set(&mut fields, "contact_email", "bioregio@vdivde-it.example");
    set(&mut fields, "name", "BioRegio 2027");
    set(&mut fields, "criterion_name_0_4", "Nachhaltigkeit");
    set(&mut fields, "criterion_weight_0_4", "10");
    set(&mut fields, "criterion_pass_0_4", "2");
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = staff.post(&editor, &borrowed).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let again = staff.get(&editor).await.body;
    assert!(
        again.contains(r#"value="VDI/VDE Innovation + Technik GmbH""#)
            && again.contains(r#"value="Steinplatz 1, 10623 Berlin""#)
            && again.contains(r#"value="+49 30 310078-0""#)
            && again.contains(r#"value="bioregio@vdivde-it.example""#),
        "{again}"
    );
    step(&staff, &control, "veroeffentlichen").await;
    let id = control.rsplit('/').next().unwrap();
    let public = app.visitor().get(&format!("/wettbewerbe/{id}")).await.body;
    assert!(
        public.contains("BioRegio 2027")
            && public.contains("80.000.000,00 €")
            && public.contains("Nachhaltigkeit"),
        "{public}"
    );
    let late = staff.get(&editor).await;
    assert_eq!(
        late.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not after publication"
    );
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_owned(), value.to_owned()));
}

fn unset(fields: &mut Vec<(String, String)>, name: &str) {
    fields.retain(|(k, _)| k != name);
}

async fn send(user: &User, path: &str, fields: &[(String, String)]) -> crate::support::Page {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    user.post(path, &borrowed).await
}

#[tokio::test]
async fn staff_build_a_two_stage_competition_from_scratch_and_publish_it_when_complete() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let new_page = staff.get("/verwaltung/wettbewerbe/neu").await.body;
    assert!(new_page.contains("Ohne Vorlage"), "{new_page}");
    let created = staff
        .post(
            "/verwaltung/wettbewerbe",
            &[
                ("preset", "leer"),
                ("name", "Zukunftscluster Mitteldeutschland"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let editor = created.location.unwrap();
    assert!(editor.ends_with("/ausschreibung"), "{editor}");
    let control = editor.trim_end_matches("/ausschreibung").to_owned();
    let form = staff.get(&editor).await.body;
    for missing in [
        "Vor der Veröffentlichung zu klären",
        "Das Budget muss größer als null sein.",
        "Mindestens ein Land muss zugelassen sein.",
        "Stufe 1 braucht mindestens ein Kriterium.",
    ] {
        assert!(form.contains(missing), "{missing} in {form}");
    }
    let refused = staff
        .post(&format!("{control}/schritt/veroeffentlichen"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Die Ausschreibung ist unvollständig: Das Budget muss größer als null sein."),
        "{}",
        refused.body
    );

    // Rules and the first stage.
    let mut fields = form_fields(&form);
    set(&mut fields, "budget", "30.000.000");
    set(&mut fields, "max_requested", "5.000.000");
    set(&mut fields, "min_partners", "3");
    set(&mut fields, "land_Sachsen", "on");
    set(&mut fields, "land_Thueringen", "on");
    for field in wettbewerb::domain::field::TechnologyField::ALL {
        if !matches!(
            field,
            wettbewerb::domain::field::TechnologyField::Microelectronics
                | wettbewerb::domain::field::TechnologyField::Photonics
        ) {
            unset(&mut fields, &format!("field_{}", field.key()));
        }
    }
    set(&mut fields, "requirement_label_0", "mindestens ein KMU");
    set(&mut fields, "requirement_0_Sme", "on");
    set(&mut fields, "title_0", "Clusterskizze");
    set(&mut fields, "advancing_0", "4");
    set(&mut fields, "pass_mark_0", "3,00");
    set(&mut fields, "criterion_name_0_0", "Exzellenz");
    set(&mut fields, "criterion_weight_0_0", "60");
    set(&mut fields, "criterion_pass_0_0", "3");
    set(&mut fields, "criterion_name_0_1", "Wirkung in der Region");
    set(&mut fields, "criterion_weight_0_1", "40");
    set(&mut fields, "aktion", "stufe_hinzufuegen");
    let added = send(&staff, &editor, &fields).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(
        added.body.contains("noch nicht gespeichert"),
        "{}",
        added.body
    );
    let mut fields = form_fields(&added.body);
    assert!(
        fields.contains(&("criterion_name_1_1".into(), "Wirkung in der Region".into())),
        "the new stage starts with the criteria of the one before"
    );
    assert!(fields.contains(&("stage_kind_1".into(), "vollantrag".into())));
    assert!(
        fields.contains(&("budget".into(), "30.000.000".into())),
        "typed values stay"
    );

    // A third stage added and removed again.
    set(&mut fields, "aktion", "stufe_hinzufuegen");
    let three = send(&staff, &editor, &fields).await.body;
    assert!(three.contains("title_2"));
    let mut fields = form_fields(&three);
    set(&mut fields, "aktion", "stufe_entfernen_2");
    let two = send(&staff, &editor, &fields).await.body;
    assert!(!two.contains("title_2") && two.contains("title_1"), "{two}");

    let mut fields = form_fields(&two);
    set(&mut fields, "title_1", "Clusterstrategie");
    set(&mut fields, "advancing_1", "2");
    set(&mut fields, "aktion", "speichern");
    let saved = send(&staff, &editor, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some(control.as_str()));
    assert!(
        staff
            .get(&control)
            .await
            .body
            .contains("Die Ausschreibung ist gespeichert und kann veröffentlicht werden.")
    );
    step(&staff, &control, "veroeffentlichen").await;

    // What was published, as the log holds it.
    let id =
        wettbewerb::domain::ids::CompetitionId::parse(control.rsplit('/').next().unwrap()).unwrap();
    let (competition, _) = wettbewerb::app::load::<wettbewerb::domain::competition::Competition>(
        &app.store,
        &wettbewerb::app::stream_of::<wettbewerb::domain::competition::Competition>(&id),
    )
    .unwrap();
    let setup = competition.setup.unwrap();
    assert_eq!(setup.name, "Zukunftscluster Mitteldeutschland");
    assert_eq!(
        setup.budget,
        wettbewerb::domain::money::Cents::euros(30_000_000)
    );
    assert_eq!(setup.rules.lands.len(), 2);
    assert_eq!(
        setup.rules.technology_fields.as_ref().map(|f| f.len()),
        Some(2)
    );
    assert_eq!(setup.rules.required_kinds.len(), 1);
    assert_eq!(
        setup.rules.required_kinds[0].kinds,
        vec![wettbewerb::domain::partner::PartnerKind::Sme]
    );
    assert_eq!(setup.stages.len(), 2);
    assert_eq!(setup.stages[1].title, "Clusterstrategie");
    assert_eq!(
        setup.stages[1].kind,
        wettbewerb::domain::setup::StageKind::FullProposal
    );
    assert_eq!(setup.stages[0].criteria.len(), 2);
    assert_eq!(setup.stages[0].overall_pass_mark, Some(300));
    assert!(setup.stages[1].submission_deadline > setup.stages[0].review_deadline);
}

/// A year no competition has (262142 once made adding a stage overflow the date arithmetic and
/// drop the connection) is refused beside its field, with the form as typed.
#[tokio::test]
async fn a_deadline_outside_2000_to_2100_is_refused_beside_its_date_and_the_form_stays() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let created = staff
        .post("/verwaltung/wettbewerbe", &[("preset", "innoregio")])
        .await;
    let control = created.location.unwrap();
    let editor = format!("{control}/ausschreibung");
    let mut fields = form_fields(&staff.get(&editor).await.body);
    set(&mut fields, "review_date_1", "+262142-12-01");
    set(&mut fields, "name", "InnoRegio 2027");

    for action in ["stufe_hinzufuegen", "speichern"] {
        set(&mut fields, "aktion", action);
        let refused = send(&staff, &editor, &fields).await;
        let expected = if action == "speichern" {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        assert_eq!(refused.status, expected, "{action}: {}", refused.body);
        assert!(
            refused.body.contains(
                r#"<p class="error" id="review_date_1-error">Stufe 2, Ende der Begutachtung: Das Datum muss zwischen 2000 und 2100 liegen.</p>"#
            ),
            "{action}: {}",
            refused.body
        );
        assert!(
            refused
                .body
                .contains(r#"aria-describedby="review_date_1-error""#),
            "{}",
            refused.body
        );
        let shown = form_fields(&refused.body);
        assert!(shown.contains(&("review_date_1".into(), "+262142-12-01".into())));
        assert!(shown.contains(&("name".into(), "InnoRegio 2027".into())));
    }
    set(&mut fields, "review_date_1", "1999-12-31");
    set(&mut fields, "aktion", "speichern");
    staff.post("/sprache/en", &[("weiter", "/")]).await;
    let english = send(&staff, &editor, &fields).await;
    assert_eq!(english.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        english
            .body
            .contains("Stage 2, end of the review: the date must lie between 2000 and 2100."),
        "{}",
        english.body
    );

    // Nothing was saved, and the service still answers.
    let page = staff.get(&editor).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("262142") && !page.body.contains("InnoRegio 2027"));
}

#[tokio::test]
async fn a_draft_without_stages_is_saved_and_every_staff_page_of_it_still_answers() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let created = staff
        .post("/verwaltung/wettbewerbe", &[("preset", "leer")])
        .await;
    let editor = created.location.unwrap();
    let control = editor.trim_end_matches("/ausschreibung").to_owned();
    let mut fields = form_fields(&staff.get(&editor).await.body);
    set(&mut fields, "aktion", "stufe_entfernen_0");
    let removed = send(&staff, &editor, &fields).await;
    assert_eq!(removed.status, StatusCode::OK);
    let mut fields = form_fields(&removed.body);
    set(&mut fields, "aktion", "speichern");
    let saved = send(&staff, &editor, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some(editor.as_str()));
    let form = staff.get(&editor).await.body;
    assert!(
        form.contains("Der Wettbewerb braucht mindestens eine Stufe."),
        "{form}"
    );
    let id = control.rsplit('/').next().unwrap();
    for page in [
        control.clone(),
        format!("{control}/rangliste"),
        format!("{control}/auswertung"),
        format!("{control}/jury"),
        format!("{control}/export/antraege.csv"),
        format!("/verwaltung/protokoll/wettbewerb/{id}"),
        "/verwaltung".to_owned(),
    ] {
        let answer = staff.get(&page).await;
        let explained = answer.status == StatusCode::UNPROCESSABLE_ENTITY
            && answer.body.contains("noch keine Stufe");
        assert!(
            answer.status == StatusCode::OK || explained,
            "{page}: {} {}",
            answer.status,
            answer.body
        );
    }
}

/// A page without its `<details>` elements: what shows before anything is opened.
fn outside_details(page: &str) -> String {
    let mut shown = String::new();
    let mut rest = page;
    while let Some(start) = rest.find("<details>") {
        shown.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</details>")
            .map_or("", |end| &rest[start + end + "</details>".len()..]);
    }
    shown.push_str(rest);
    shown
}
