//! One status on every page: a two-stage competition run to completion, and each application's
//! state read from the staff's round list, the staff's and the consortium's application page,
//! the consortium's dashboard and history, and the export. The result joins the consortium's
//! history once released, the staff's as soon as decided. A finalist who never submits its full
//! proposal ends "Nicht eingereicht". Opening the next stage and finalising ask first, and act
//! only on what was confirmed.

use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::Clock;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::competition::{
    Candidate, Competition, CompetitionCommand, Outcome, ReminderKind,
};
use wettbewerb::domain::ids::{ApplicationId, CompetitionId};
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::presets::Preset;

use crate::applicant_flow::complete;
use crate::reserve_list::row;
use crate::support::{PASSWORD, TestApp, User, spawn_app};

async fn run(app: &TestApp, competition: CompetitionId, commands: Vec<CompetitionCommand>) {
    let actor = Actor::new("staff", "staff");
    for command in commands {
        execute::<Competition>(
            &app.store,
            &stream_of::<Competition>(&competition),
            &actor,
            command,
        )
        .await
        .unwrap();
    }
    app.settled().await;
}

fn id(path: &str) -> ApplicationId {
    ApplicationId::parse(path.trim_start_matches("/antraege/")).unwrap()
}

fn competition_state(app: &TestApp, competition: CompetitionId) -> Competition {
    wettbewerb::app::load::<Competition>(&app.store, &stream_of::<Competition>(&competition))
        .unwrap()
        .0
}

/// Moves the clock past the current stage's deadline; the sessions that ended start again.
async fn past_the_deadline(app: &TestApp, competition: CompetitionId, people: &[(&User, &str)]) {
    let deadline = competition_state(app, competition).deadline.unwrap();
    app.clock.set(deadline + chrono::Duration::hours(1));
    for (user, email) in people {
        user.log_in(email, PASSWORD).await;
    }
}

fn candidate(path: &str) -> Candidate {
    Candidate {
        requested_per_year: Default::default(),
        application_id: id(path),
        in_review: true,
        requested: Cents::euros(2_500_000),
    }
}

/// The state an application page names ("Stand" beside the facts, or on the history page).
fn state_on(page: &str) -> String {
    for marker in ["Stand</dt><dd>", "Stand:</strong> "] {
        if let Some(start) = page.find(marker) {
            let start = start + marker.len();
            let end = page[start..].find('<').unwrap();
            return page[start..start + end].trim().to_owned();
        }
    }
    panic!("no state on {page}")
}

#[tokio::test]
async fn every_page_names_the_same_status_and_the_history_has_the_result() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");
    // Funded, not shortlisted, reserve, never submits the full proposal, not funded.
    let emails = [
        "anna@tu-dresden.de",
        "bert@uni-rostock.de",
        "carla@uni-jena.de",
        "dora@uni-halle.de",
        "emil@uni-potsdam.de",
    ];
    let mut consortia: Vec<(User, String)> = Vec::new();
    for (n, email) in emails.iter().enumerate() {
        let user = app.applicant(email, &format!("Koordination {n}")).await;
        let application = user
            .create_application(competition, "Antrag", "Universität", "Sachsen")
            .await;
        complete(&user, &application).await;
        let sent = user.post(&format!("{application}/einreichen"), &[]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        consortia.push((user, application));
    }
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let mut people: Vec<(&User, &str)> = consortia
        .iter()
        .map(|(u, _)| u)
        .zip(emails.iter().copied())
        .collect();
    people.push((&staff, "leitung@ptj.de"));
    let [anna, bert, carla, dora, emil] = [0, 1, 2, 3, 4].map(|n| &consortia[n]);

    // The concept stage: all but Bert go on.
    past_the_deadline(&app, competition, &people).await;
    let now = Clock::now(&app.clock);
    let mut commands = vec![
        CompetitionCommand::CloseStage { now },
        CompetitionCommand::StartReview { now },
    ];
    for (_, application) in [anna, carla, dora, emil] {
        commands.push(CompetitionCommand::Decide {
            candidate: candidate(application),
            outcome: Outcome::Shortlisted,
            now,
        });
    }
    commands.extend([
        CompetitionCommand::FinaliseResults {
            entries: consortia.iter().map(|(_, a)| id(a)).collect(),
            now,
        },
        CompetitionCommand::ReleaseResults { now },
    ]);
    run(&app, competition, commands).await;

    // Opening the next stage asks first: how many move on, and who is told.
    let control_page = staff.get(&control).await.body;
    assert!(
        control_page.contains(&format!(
            "<form method=\"get\" action=\"{control}/schritt/stufe-oeffnen\""
        )),
        "{control_page}"
    );
    let unconfirmed = staff
        .post(&format!("{control}/schritt/stufe-oeffnen"), &[])
        .await;
    assert_eq!(unconfirmed.status, StatusCode::OK);
    assert!(
        unconfirmed
            .body
            .contains("4 ausgewählte Anträge gehen in die Stufe „Umsetzungsphase“ über")
            && unconfirmed
                .body
                .contains("Nicht ausgewählte Anträge (1) nehmen nicht mehr teil.")
            && unconfirmed.body.contains("Es gehen keine E-Mails hinaus")
            && unconfirmed.body.contains("Ja, Stufe für 4 Anträge öffnen"),
        "{}",
        unconfirmed.body
    );
    assert_eq!(
        competition_state(&app, competition).stage,
        0,
        "an unconfirmed opening writes nothing"
    );
    let opened = staff
        .confirm(&format!("{control}/schritt/stufe-oeffnen"), &[])
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);

    // The full proposals: Dora's consortium never submits.
    for (user, application) in [anna, carla, emil] {
        let sent = user.post(&format!("{application}/einreichen"), &[]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    }
    past_the_deadline(&app, competition, &people).await;
    let now = Clock::now(&app.clock);
    run(
        &app,
        competition,
        vec![
            CompetitionCommand::CloseStage { now },
            CompetitionCommand::StartReview { now },
            CompetitionCommand::Decide {
                candidate: candidate(&anna.1),
                outcome: Outcome::Funded {
                    amount: Cents::euros(2_500_000),
                },
                now,
            },
        ],
    )
    .await;

    // Dora's draft is final once the stage closed: it says so and offers nothing to edit.
    let (dora_user, dora_path) = dora;
    let editor = dora_user.get(dora_path).await.body;
    assert_eq!(state_on(&editor), "Nicht eingereicht");
    assert!(
        editor.contains(
            "Der Antrag wurde bis zum Ende der Einreichung dieser Stufe nicht eingereicht."
        ) && !editor.contains(&format!("action=\"{dora_path}/angaben\""))
            && !editor.contains(&format!("action=\"{dora_path}/partner\""))
            && !editor.contains(&format!("action=\"{dora_path}/einreichen\"")),
        "{editor}"
    );

    // Nor does a change sent anyway go through.
    // (The editor has no form left to read the revision from; the refusal comes first.)
    let revision = "99".to_owned();
    let refused = dora_user
        .post(
            &format!("{dora_path}/angaben"),
            &[("title", "Zu spät"), ("revision", revision.as_str())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("lässt sich nicht mehr ändern"),
        "{}",
        refused.body
    );
    assert!(!dora_user.get(dora_path).await.body.contains("Zu spät"));

    // Finalising asks first; a decision taken meanwhile brings the page back with the new
    // counts instead of finalising what was not confirmed.
    let finalise = format!("{control}/abschliessen-entscheidungen");
    let shown = staff.get(&finalise).await.body;
    assert!(
        shown.contains("Die 2 Anträge ohne Entscheidung werden als „nicht gefördert“ festgehalten"),
        "{shown}"
    );
    let seen = crate::support::hidden_value(&shown, "revision").unwrap();
    let reserve = staff
        .post(
            &format!("{control}/entscheiden"),
            &[
                ("application", carla.1.trim_start_matches("/antraege/")),
                ("outcome", "reserve"),
                ("place", "1"),
            ],
        )
        .await;
    assert_eq!(reserve.status, StatusCode::SEE_OTHER, "{}", reserve.body);
    let stale = staff
        .post(
            &finalise,
            &[("bestaetigt", "1"), ("revision", seen.as_str())],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(
        stale
            .body
            .contains("Seit Sie diese Seite geöffnet haben, hat sich der Stand geändert")
            && stale.body.contains(
                "Der eine Antrag ohne Entscheidung wird als „nicht gefördert“ festgehalten"
            )
            && stale
                .body
                .contains("Bisher entschieden: 1 gefördert, 1 auf der Nachrückliste."),
        "{}",
        stale.body
    );
    assert_eq!(
        competition_state(&app, competition).phase,
        wettbewerb::domain::competition::Phase::InReview,
        "nothing was finalised"
    );
    let finalised = staff.confirm(&finalise, &[]).await;
    assert_eq!(
        finalised.status,
        StatusCode::SEE_OTHER,
        "{}",
        finalised.body
    );

    // Decided, not released: staff see the result in the history, the consortium does not.
    let (anna_user, anna_path) = anna;
    let history = format!("{anna_path}/status");
    let result = "Ergebnis: Zur Förderung ausgewählt (2.500.000,00 €)";
    let staff_history = staff.get(&history).await.body;
    assert!(staff_history.contains(result), "{staff_history}");
    let own_history = anna_user.get(&history).await.body;
    assert!(!own_history.contains(result), "{own_history}");
    assert!(
        !own_history.contains("Zur Förderung ausgewählt"),
        "{own_history}"
    );
    assert_eq!(state_on(&own_history), "In Begutachtung");

    // A release confirmed on an older state is refused too, and nothing goes out.
    let stale = staff
        .post(
            &format!("{control}/schritt/freigeben"),
            &[("bestaetigt", "1"), ("revision", "0")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(
        stale.body.contains("Ja, 3 Ergebnismitteilungen senden"),
        "{}",
        stale.body
    );
    assert_eq!(
        competition_state(&app, competition).phase,
        wettbewerb::domain::competition::Phase::ResultsDecided
    );
    let released = staff
        .confirm(&format!("{control}/schritt/freigeben"), &[])
        .await;
    assert_eq!(released.status, StatusCode::SEE_OTHER, "{}", released.body);
    let own_history = anna_user.get(&history).await.body;
    assert!(own_history.contains(result), "{own_history}");
    assert!(
        own_history.contains("Ergebnis: Ausgewählt für die nächste Stufe"),
        "the concept stage's result is there too: {own_history}"
    );
    let completed = staff
        .confirm(&format!("{control}/schritt/abschliessen"), &[])
        .await;
    assert_eq!(
        completed.status,
        StatusCode::SEE_OTHER,
        "{}",
        completed.body
    );

    // Completed: every page names the same state for the same application.
    // The round's list shows one stage: the full proposals, then the concepts of the first.
    let list = format!(
        "{}{}",
        staff.get(&control).await.body,
        staff.get(&format!("{control}?stufe=1")).await.body
    );
    let export = staff
        .get(&format!("{control}/export/antraege.csv"))
        .await
        .body;
    for ((user, path), expected) in [anna, bert, carla, dora, emil].into_iter().zip([
        "Zur Förderung ausgewählt (2.500.000,00 €)",
        "Nicht ausgewählt",
        "Nachrückliste, Platz 1",
        "Nicht eingereicht",
        "Nicht gefördert",
    ]) {
        assert!(row(&list, path).contains(expected), "{path}: {list}");
        let dashboard = user.get("/antraege").await.body;
        assert!(row(&dashboard, path).contains(expected), "{dashboard}");
        for page in [
            user.get(path).await.body,
            user.get(&format!("{path}/status")).await.body,
            staff.get(path).await.body,
            staff.get(&format!("{path}/status")).await.body,
        ] {
            assert_eq!(state_on(&page), expected, "{path}");
        }
        let line = export
            .lines()
            .rfind(|l| l.contains(path.trim_start_matches("/antraege/")))
            .unwrap();
        assert!(line.contains(expected), "{line}");
    }
}

#[tokio::test]
async fn a_reminder_sent_while_staff_read_a_confirmation_does_not_stop_the_confirmed_step() {
    let r = crate::jury::in_review().await;
    let finalise = format!(
        "/verwaltung/wettbewerbe/{}/abschliessen-entscheidungen",
        r.competition
    );
    let shown = r.staff.get(&finalise).await.body;
    let seen = crate::support::hidden_value(&shown, "revision").unwrap();
    // Meanwhile the jurors are reminded of their open reviews, as the scheduler does.
    let now = Clock::now(&r.app.clock);
    execute::<Competition>(
        &r.app.store,
        &stream_of::<Competition>(&r.competition),
        &Actor::new("staff", "staff"),
        CompetitionCommand::SendReminders {
            kind: ReminderKind::Reviews,
            now,
        },
    )
    .await
    .unwrap();
    r.app.settled().await;
    // A reminder changes nothing the page showed: the confirmed step goes through.
    let finalised = r
        .staff
        .post(
            &finalise,
            &[("bestaetigt", "1"), ("revision", seen.as_str())],
        )
        .await;
    assert_eq!(
        finalised.status,
        StatusCode::SEE_OTHER,
        "{}",
        finalised.body
    );
    let ranking = r
        .staff
        .get(&format!(
            "/verwaltung/wettbewerbe/{}/rangliste",
            r.competition
        ))
        .await
        .body;
    assert!(
        ranking.contains("Die Entscheidungen der Stufe sind abgeschlossen"),
        "{ranking}"
    );
}
