//! What the round offers depends on where it stands: the formal check ends when the jury's
//! review begins; a step is offered when the competition would take it, and otherwise the page
//! says why not yet.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::Clock;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::competition::{Candidate, Competition, CompetitionCommand, Outcome};
use wettbewerb::domain::ids::{ApplicationId, CompetitionId};
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ReadFrom};
use wettbewerb::time_display::berlin;

use crate::applicant_flow::complete;
use crate::jury::in_review;
use crate::support::{PASSWORD, TestApp, spawn_app};

fn event_types(app: &TestApp) -> Vec<String> {
    app.store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .map(|e| e.event_type)
        .collect()
}

#[tokio::test]
async fn a_formal_rejection_is_refused_once_the_review_has_begun_and_the_button_is_gone() {
    let r = in_review().await;
    let control = format!("/verwaltung/wettbewerbe/{}", r.competition);
    let page = r.staff.get(&control).await.body;
    assert!(page.contains("Sensorik-Netzwerk Lausitz"), "{page}");
    assert!(!page.contains("Formal ablehnen"), "{page}");
    assert!(
        page.contains("In Begutachtung"),
        "the application is listed in review: {page}"
    );

    let before = event_types(&r.app).len();
    let id = r.application.trim_start_matches("/antraege/");
    let refused = r
        .staff
        .post(
            &format!("{control}/ablehnen"),
            &[("application", id), ("reason", "Unterschrift fehlt")],
        )
        .await;
    assert!(
        refused.body.contains(
            "Die Begutachtung dieser Stufe hat begonnen; die formale Prüfung ist vorbei."
        ) && !refused.body.contains("Ja, "),
        "the confirmation page says why and offers no confirmation: {}",
        refused.body
    );
    let refused = r
        .staff
        .post(
            &format!("{control}/ablehnen"),
            &[
                ("application", id),
                ("reason", "Unterschrift fehlt"),
                ("bestaetigt", "1"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(
            "Die Begutachtung dieser Stufe hat begonnen; die formale Prüfung ist vorbei."
        ),
        "{}",
        refused.body
    );
    let types = event_types(&r.app);
    assert_eq!(types.len(), before, "nothing written: {types:?}");
    assert!(!types.iter().any(|t| t == "ApplicationFormallyRejected"));
    // The outbox has had time to send anything the refusal might have caused.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !r.app
            .mails()
            .iter()
            .any(|m| m.subject.contains("formal abgelehnt")),
        "no mail to the consortium"
    );

    r.staff.post("/sprache/en", &[]).await;
    let refused = r
        .staff
        .post(
            &format!("{control}/ablehnen"),
            &[("application", id), ("reason", "Signature missing")],
        )
        .await;
    assert!(
        refused
            .body
            .contains("The jury&#39;s review of this stage has begun; the formal check is over."),
        "{}",
        refused.body
    );
}

trait DeadlineMails {
    /// The recipients of every deadline extension received so far.
    fn deadline_mails(&self) -> Vec<String>;
}

impl DeadlineMails for TestApp {
    fn deadline_mails(&self) -> Vec<String> {
        self.mails()
            .into_iter()
            .filter(|m| m.subject.contains("Frist verlängert"))
            .map(|m| m.to)
            .collect()
    }
}

/// Runs these commands on the competition at the clock's time, as staff.
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

fn deadline(app: &TestApp, competition: CompetitionId) -> DateTime<Utc> {
    let (state, _) =
        wettbewerb::app::load::<Competition>(&app.store, &stream_of::<Competition>(&competition))
            .unwrap();
    state.deadline.unwrap()
}

/// Past the deadline, the stage's review and its results released.
async fn through_the_stage(app: &TestApp, competition: CompetitionId) {
    app.clock
        .set(deadline(app, competition) + chrono::Duration::hours(1));
    let now = Clock::now(&app.clock);
    run(
        app,
        competition,
        vec![
            CompetitionCommand::CloseStage { now },
            CompetitionCommand::StartReview { now },
            CompetitionCommand::FinaliseResults {
                entries: Vec::new(),
                now,
            },
            CompetitionCommand::ReleaseResults { now },
        ],
    )
    .await;
}

#[tokio::test]
async fn closing_is_offered_only_from_the_deadline_and_before_it_the_page_says_from_when() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");
    let end = deadline(&app, competition);
    let page = staff.get(&control).await.body;
    assert!(!page.contains("/schritt/schliessen"), "{page}");
    assert!(page.contains(&format!("{control}/frist")), "{page}");
    assert!(page.contains(r#"value="antragsteller""#), "{page}");
    assert!(
        page.contains(&format!(
            "Einreichung schließen: möglich ab {} (Fristende)",
            berlin(end, wettbewerb::domain::account::Language::De)
        )),
        "{page}"
    );
    staff.post("/sprache/en", &[]).await;
    let page = staff.get(&control).await.body;
    assert!(
        page.contains(&format!(
            "Close submissions: possible from {} (Berlin time, the deadline)",
            berlin(end, wettbewerb::domain::account::Language::En)
        )),
        "{page}"
    );

    app.clock.set(end);
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    let page = staff.get(&control).await.body;
    assert!(page.contains("/schritt/schliessen"), "{page}");
    assert!(!page.contains("possible from"), "{page}");
    // Past the deadline neither an extension nor a reminder to consortia is possible.
    assert!(!page.contains(&format!("{control}/frist")), "{page}");
    assert!(!page.contains(r#"value="antragsteller""#), "{page}");
    assert!(
        page.contains(&format!(
            "Extend the deadline: The submission deadline passed on {} (Berlin time).",
            berlin(end, wettbewerb::domain::account::Language::En)
        )),
        "{page}"
    );
    assert!(
        page.contains(
            "Reminders of drafts can be sent only while the stage is open and before its deadline."
        ),
        "{page}"
    );
}

#[tokio::test]
async fn a_completed_competition_says_so_to_staff_and_on_its_public_page() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::BioRegio).await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let public = format!("/wettbewerbe/{competition}");
    assert!(app.visitor().get(&public).await.body.contains("– läuft"));
    through_the_stage(&app, competition).await;
    let now = Clock::now(&app.clock);
    run(
        &app,
        competition,
        vec![CompetitionCommand::Complete { now }],
    )
    .await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;

    let page = staff
        .get(&format!("/verwaltung/wettbewerbe/{competition}"))
        .await
        .body;
    assert!(
        page.contains("Keiner: der Wettbewerb ist abgeschlossen."),
        "{page}"
    );
    assert!(!page.contains("Gerade keiner"), "{page}");
    let page = app.visitor().get(&public).await.body;
    assert!(page.contains("– abgeschlossen"), "{page}");
    assert!(!page.contains("– läuft"), "{page}");
}

#[tokio::test]
async fn a_full_proposal_stage_offers_no_new_application_and_says_whom_it_is_open_to() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::Spitzencluster).await;
    let anna = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let public = format!("/wettbewerbe/{competition}");
    let start = format!("/wettbewerbe/{competition}/antrag");
    assert!(anna.get(&public).await.body.contains("Antrag anlegen"));
    assert!(anna.get("/antraege").await.body.contains(&start));
    through_the_stage(&app, competition).await;
    let now = Clock::now(&app.clock);
    run(
        &app,
        competition,
        vec![CompetitionCommand::OpenNextStage { now }],
    )
    .await;
    anna.log_in("anna@tu-dresden.de", PASSWORD).await;

    let page = anna.get(&public).await.body;
    assert!(page.contains("Einreichung offen"), "{page}");
    assert!(!page.contains("Antrag anlegen"), "{page}");
    let dashboard = anna.get("/antraege").await.body;
    assert!(!dashboard.contains(&start), "{dashboard}");
    assert!(
        page.contains("Diese Stufe steht nur den Konsortien offen, die aus der vorigen Stufe ausgewählt wurden; neue Anträge sind nicht mehr möglich."),
        "{page}"
    );
}

#[tokio::test]
async fn a_submitted_application_past_its_deadline_says_why_nothing_can_be_done() {
    let r = in_review().await;
    let page = r.anna.get(&r.application).await.body;
    let section = &page[page.find("id=\"einreichung\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains("Eingereicht. Die Einreichungsfrist ist vorbei: der Antrag lässt sich nicht mehr ändern oder zurückziehen."),
        "{section}"
    );
}

#[tokio::test]
async fn a_deadline_extension_in_the_full_proposal_stage_reaches_only_the_consortia_invited_into_it()
 {
    let app = spawn_app().await;
    let (competition, anna, first) = app.draft().await;
    complete(&anna, &first).await;
    let sent = anna.post(&format!("{first}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
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
    let sent = bert.post(&format!("{second}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;

    // The concept stage: Anna's consortium is invited to the full proposal, Bert's is not.
    let id = |path: &str| ApplicationId::parse(path.trim_start_matches("/antraege/")).unwrap();
    app.clock
        .set(deadline(&app, competition) + chrono::Duration::hours(1));
    let now = Clock::now(&app.clock);
    run(
        &app,
        competition,
        vec![
            CompetitionCommand::CloseStage { now },
            CompetitionCommand::StartReview { now },
            CompetitionCommand::Decide {
                candidate: Candidate {
                    requested_per_year: Default::default(),
                    application_id: id(&first),
                    in_review: true,
                    requested: Cents::million_euros(2),
                },
                outcome: Outcome::Shortlisted,
                now,
            },
            CompetitionCommand::FinaliseResults {
                entries: vec![id(&first), id(&second)],
                now,
            },
            CompetitionCommand::ReleaseResults { now },
        ],
    )
    .await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");
    let opened = staff
        .confirm(&format!("{control}/schritt/stufe-oeffnen"), &[])
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);

    // The round's list of the full-proposal stage has only the application in it; the concept
    // stage's list says where the other stopped.
    let page = staff.get(&control).await.body;
    let concepts = staff.get(&format!("{control}?stufe=1")).await.body;
    let row = |page: &str, path: &str| {
        let start = page.find(&format!("href=\"{path}\"")).unwrap();
        page[start..start + page[start..].find("</tr>").unwrap()].to_owned()
    };
    assert!(
        row(&concepts, &second).contains("Nicht ausgewählt"),
        "{concepts}"
    );
    assert!(!page.contains(&format!("href=\"{second}\"")), "{page}");
    assert!(row(&page, &first).contains("Entwurf"), "{page}");

    let later = deadline(&app, competition) + chrono::Duration::days(1);
    let date = later
        .with_timezone(&chrono_tz::Europe::Berlin)
        .format("%Y-%m-%d")
        .to_string();
    let before = app.deadline_mails().len();
    let extended = staff
        .post(
            &format!("{control}/frist"),
            &[("date", date.as_str()), ("time", "23:59")],
        )
        .await;
    assert_eq!(extended.status, StatusCode::SEE_OTHER, "{}", extended.body);
    app.mail_to("anna@tu-dresden.de", "Frist verlängert").await;
    // Anything else the same event caused would be in the same delivery.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let extension: Vec<String> = app.deadline_mails().into_iter().skip(before).collect();
    assert_eq!(
        extension,
        ["anna@tu-dresden.de"],
        "one consortium is in the stage"
    );
}
