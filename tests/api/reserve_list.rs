//! The reserve list after the last stage's release: a funded consortium gives up its award, the
//! award is freed in "Vergeben", and staff move up the first waiting within the budget and the
//! places, with its mail. Refused before the release, for a later place, beyond the budget.

use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::Clock;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::competition::{Candidate, Competition, CompetitionCommand, Outcome};
use wettbewerb::domain::ids::{ApplicationId, CompetitionId};
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::applicant_flow::complete_with;
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

pub struct Round {
    pub app: TestApp,
    pub competition: CompetitionId,
    pub control: String,
    pub staff: User,
    /// (consortium, application path), in the order: funded, funded, reserve 1, reserve 2.
    pub consortia: Vec<(User, String)>,
}

/// BioRegio with a budget of 6 M€ and two places: two applications funded with 2.5 M€ each, a
/// third (2.5 M€ requested) on place 1 of the reserve list, a fourth (4 M€) on place 2. The
/// results are decided, not yet released.
pub async fn decided() -> Round {
    let app = spawn_app().await;
    let now = Clock::now(&app.clock);
    let mut setup = Preset::BioRegio.setup(now);
    setup.budget = Cents::million_euros(6);
    // Only the total counts here; the years have their own tests (`budget_years.rs`).
    setup.budget_per_year.clear();
    setup.stages[0].advancing = 2;
    setup.rules.max_requested = Some(Cents::million_euros(5));
    let competition = app.open_setup(setup).await;
    let mut consortia = Vec::new();
    for (email, name, requested) in [
        ("a@lmu.de", "Anna Adler", "2.500.000"),
        ("b@uni-koeln.de", "Bert Berg", "2.500.000"),
        ("c@tum.de", "Carla Conrad", "2.500.000"),
        ("d@uni-jena.de", "Dora Dorn", "4.000.000"),
    ] {
        let user = app.applicant(email, name).await;
        let application = user
            .create_application(competition, name, "Universität", "Bayern")
            .await;
        complete_with(&user, &application, "Biotechnology", requested, "4.000.000").await;
        crate::support::fill_form(&user, &application).await;
        let sent = user.post(&format!("{application}/einreichen"), &[]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        consortia.push((user, application));
    }
    let (state, _) =
        wettbewerb::app::load::<Competition>(&app.store, &stream_of::<Competition>(&competition))
            .unwrap();
    app.clock
        .set(state.deadline.unwrap() + chrono::Duration::hours(1));
    let now = Clock::now(&app.clock);
    let decide = |n: usize, requested: i64, outcome: Outcome| CompetitionCommand::Decide {
        candidate: Candidate {
            requested_per_year: Default::default(),
            application_id: id(&consortia[n].1),
            in_review: true,
            requested: Cents::euros(requested),
        },
        outcome,
        now,
    };
    let funded = Outcome::Funded {
        amount: Cents::euros(2_500_000),
    };
    run(
        &app,
        competition,
        vec![
            CompetitionCommand::CloseStage { now },
            CompetitionCommand::StartReview { now },
            decide(0, 2_500_000, funded),
            decide(1, 2_500_000, funded),
            decide(2, 2_500_000, Outcome::Reserve { rank: 1 }),
            decide(3, 4_000_000, Outcome::Reserve { rank: 2 }),
            CompetitionCommand::FinaliseResults {
                entries: consortia.iter().map(|(_, a)| id(a)).collect(),
                now,
            },
        ],
    )
    .await;
    // The sessions of the consortia ended while the clock moved past the deadline.
    for ((user, _), email) in
        consortia
            .iter()
            .zip(["a@lmu.de", "b@uni-koeln.de", "c@tum.de", "d@uni-jena.de"])
    {
        user.log_in(email, PASSWORD).await;
    }
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    Round {
        control: format!("/verwaltung/wettbewerbe/{competition}"),
        app,
        competition,
        staff,
        consortia,
    }
}

pub async fn release(r: &Round) {
    let now = Clock::now(&r.app.clock);
    run(
        &r.app,
        r.competition,
        vec![CompetitionCommand::ReleaseResults { now }],
    )
    .await;
}

async fn move_up(r: &Round, application: &str) -> crate::support::Page {
    let application = application.trim_start_matches("/antraege/");
    r.staff
        .post(
            &format!("{}/nachruecken", r.control),
            &[("application", application), ("bestaetigt", "1")],
        )
        .await
}

async fn decline(user: &User, application: &str) {
    let asked = user.get(&format!("{application}/verzichten")).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert!(
        asked
            .body
            .contains("Ihr Konsortium verzichtet auf die Förderung mit bis zu 2.500.000,00 €"),
        "{}",
        asked.body
    );
    let declined = user
        .post(&format!("{application}/verzichten"), &[("bestaetigt", "1")])
        .await;
    assert_eq!(declined.status, StatusCode::SEE_OTHER, "{}", declined.body);
}

fn facts(ranking: &str) -> (String, String) {
    let value = |label: &str| {
        let start = ranking.find(&format!("<dt>{label}</dt><dd>")).unwrap() + label.len() + 13;
        ranking[start..start + ranking[start..].find("</dd>").unwrap()].to_owned()
    };
    (value("Vergeben"), value("Frei"))
}

/// The table row of a page that links to `path`.
pub fn row(page: &str, path: &str) -> String {
    let start = page
        .find(&format!("href=\"{path}\""))
        .unwrap_or_else(|| panic!("no row for {path}: {page}"));
    let start = page[..start].rfind("<tr").unwrap_or(start);
    page[start..start + page[start..].find("</tr>").unwrap()].to_owned()
}

fn events_of(app: &TestApp, kind: &str) -> Vec<wettbewerb::event_store::RecordedEvent> {
    app.store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.event_type == kind)
        .collect()
}

#[tokio::test]
async fn nobody_moves_up_before_the_release() {
    let r = decided().await;
    let refused = move_up(&r, &r.consortia[2].1).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(
            "Die Nachrückliste gilt erst, wenn die Ergebnisse der letzten Stufe bekannt gegeben sind"
        ),
        "{}",
        refused.body
    );
    let ranking = r.staff.get(&format!("{}/rangliste", r.control)).await.body;
    assert!(!ranking.contains("/nachruecken"), "{ranking}");
    // Nor can a consortium give up an award that is not yet released.
    let (anna, first) = &r.consortia[0];
    let early = anna
        .post(&format!("{first}/verzichten"), &[("bestaetigt", "1")])
        .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );
    assert!(events_of(&r.app, "AwardDeclined").is_empty());
    assert!(events_of(&r.app, "MovedUpFromReserve").is_empty());
}

#[tokio::test]
async fn a_declined_award_is_freed_and_the_first_on_the_reserve_list_moves_up_with_its_mail() {
    let r = decided().await;
    release(&r).await;
    let ranking_path = format!("{}/rangliste", r.control);

    // Both places are taken: the first waiting cannot move up yet, and the page says why.
    let ranking = r.staff.get(&ranking_path).await.body;
    assert_eq!(
        facts(&ranking),
        ("5.000.000,00 €".to_owned(), "1.000.000,00 €".to_owned())
    );
    assert!(ranking.contains("id=\"nachrueckliste\""), "{ranking}");
    assert!(!ranking.contains("/nachruecken\""), "{ranking}");
    assert!(
        ranking.contains("Alle 2 Plätze sind vergeben; nachgerückt wird erst, wenn ein gefördertes Konsortium auf seine Förderung verzichtet."),
        "{ranking}"
    );

    // Anna's consortium gives up its award: "Vergeben" no longer counts it.
    let (anna, first) = &r.consortia[0];
    let status = anna.get(&format!("{first}/status")).await.body;
    assert!(
        status.contains("Auf die Förderung verzichten …"),
        "{status}"
    );
    decline(anna, first).await;
    let ranking = r.staff.get(&ranking_path).await.body;
    assert_eq!(
        facts(&ranking),
        ("2.500.000,00 €".to_owned(), "3.500.000,00 €".to_owned())
    );
    assert!(
        ranking.contains("auf die Förderung von 2.500.000,00 € verzichtet"),
        "{ranking}"
    );
    let status = anna.get(&format!("{first}/status")).await.body;
    assert!(
        status.contains("Stand:</strong> Auf die Förderung verzichtet (2.500.000,00 €)")
            && status.contains("Auf die Förderung mit bis zu 2.500.000,00 € verzichtet"),
        "{status}"
    );
    let declined = events_of(&r.app, "AwardDeclined");
    assert_eq!(declined.len(), 1);
    assert_eq!(declined[0].data["amount"], 250_000_000);

    // Only place 1 is offered, and place 2 is refused.
    let (carla, third) = &r.consortia[2];
    let (_, fourth) = &r.consortia[3];
    let third_id = third.trim_start_matches("/antraege/");
    let fourth_id = fourth.trim_start_matches("/antraege/");
    assert!(
        ranking.contains(&format!(
            "name=\"application\" value=\"{third_id}\">\n      <button type=\"submit\">Nachrücken"
        )),
        "{ranking}"
    );
    assert!(
        !ranking.contains(&format!(
            "name=\"application\" value=\"{fourth_id}\">\n      <button type=\"submit\">Nachrücken"
        )),
        "{ranking}"
    );
    let refused = move_up(&r, fourth).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Zuerst rückt Platz 1 der Nachrückliste nach."),
        "{}",
        refused.body
    );

    // Moving up asks first, then records who did it and for how much, and tells the consortium.
    let asked = r
        .staff
        .post(
            &format!("{}/nachruecken", r.control),
            &[("application", third_id)],
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(
        asked.body.contains("Ja, nachrücken lassen")
            && asked
                .body
                .contains("wird zur Förderung mit bis zu 2.500.000,00 € ausgewählt"),
        "{}",
        asked.body
    );
    assert!(events_of(&r.app, "MovedUpFromReserve").is_empty());
    let moved = move_up(&r, third).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let events = events_of(&r.app, "MovedUpFromReserve");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].data["amount"], 250_000_000);
    assert_eq!(events[0].data["place"], 1);
    let staff_id = wettbewerb::domain::account::account_id_for(
        &wettbewerb::domain::email_address::EmailAddress::parse("leitung@ptj.de").unwrap(),
    );
    assert_eq!(events[0].metadata["actor"], staff_id.to_string().as_str());
    let mail = r
        .app
        .mail_to(
            "c@tum.de",
            "Von der Nachrückliste zur Förderung ausgewählt, vorbehaltlich des Zuwendungsbescheids",
        )
        .await;
    assert!(
        mail.contains("Guten Tag, Carla Conrad,")
            && mail.contains("stand auf Platz 1 der Nachrückliste und ist nachgerückt")
            && mail.contains("zur Förderung mit bis zu 2.500.000,00 € ausgewählt, vorbehaltlich des förmlichen Förderantrags und des Zuwendungsbescheids")
            && mail.contains(&format!("{third}/status"))
            && mail.contains("Mit freundlichen Grüßen"),
        "{mail}"
    );

    // Funded everywhere: the consortium's pages and the staff's.
    let funded = "Zur Förderung ausgewählt (2.500.000,00 €)";
    for page in [
        carla.get("/antraege").await.body,
        carla.get(third).await.body,
        carla.get(&format!("{third}/status")).await.body,
        r.staff.get(third).await.body,
    ] {
        assert!(page.contains(funded), "{page}");
    }
    let list = r.staff.get(&r.control).await.body;
    assert!(row(&list, third).contains(funded), "{list}");
    assert!(
        row(&list, first).contains("Auf die Förderung verzichtet (2.500.000,00 €)"),
        "{list}"
    );
    let status = carla.get(&format!("{third}/status")).await.body;
    assert!(
        status.contains(
            "Von der Nachrückliste nachgerückt: zur Förderung mit bis zu 2.500.000,00 € ausgewählt"
        ) && status.contains("Ergebnis: Nachrückliste, Platz 1"),
        "{status}"
    );
    let ranking = r.staff.get(&ranking_path).await.body;
    assert_eq!(
        facts(&ranking),
        ("5.000.000,00 €".to_owned(), "1.000.000,00 €".to_owned())
    );
    let decisions = r
        .staff
        .get(&format!("{}/export/entscheidungen.csv", r.control))
        .await
        .body;
    let line = |path: &str| {
        decisions
            .lines()
            .find(|l| l.contains(path.trim_start_matches("/antraege/")))
            .unwrap()
            .to_owned()
    };
    assert!(
        line(first).contains("gefördert, darauf verzichtet"),
        "{decisions}"
    );
    assert!(
        line(third).contains("gefördert, nachgerückt"),
        "{decisions}"
    );

    let decisions = r
        .staff
        .get(&format!("{}/export/entscheidungen.csv", r.control))
        .await
        .body;
    let line = |path: &str| {
        decisions
            .lines()
            .find(|l| l.contains(path.trim_start_matches("/antraege/")))
            .unwrap()
            .to_owned()
    };
    assert!(
        line(first).contains("gefördert, darauf verzichtet"),
        "{decisions}"
    );
    assert!(
        line(third).contains("gefördert, nachgerückt"),
        "{decisions}"
    );
    // Bert's consortium gives up too: place 2 asks 4 M€ and 3.5 M€ are left.
    let (bert, second) = &r.consortia[1];
    decline(bert, second).await;
    let ranking = r.staff.get(&ranking_path).await.body;
    let beyond = "Die Förderung 4.000.000,00 € würde das Budget überschreiten: 2.500.000,00 € von 6.000.000,00 € sind vergeben, 3.500.000,00 € sind frei.";
    assert!(ranking.contains(beyond), "{ranking}");
    assert!(!ranking.contains("/nachruecken\""), "{ranking}");
    let refused = move_up(&r, fourth).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(beyond), "{}", refused.body);
    assert_eq!(events_of(&r.app, "MovedUpFromReserve").len(), 1);
}
