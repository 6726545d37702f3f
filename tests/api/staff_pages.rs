//! The staff's pages of a round as staff use them: the list of one stage searched, filtered and
//! sorted with co-financing and totals; hand assignments told once per juror; the assignment
//! form keeping its number; deadlines moved earlier; a draft deleted.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, load, stream_of};
use wettbewerb::clock::Clock;
use wettbewerb::domain::account::{Role, account_id_for};
use wettbewerb::domain::competition::{Candidate, Competition, CompetitionCommand, Outcome};
use wettbewerb::domain::email_address::EmailAddress;
use wettbewerb::domain::ids::{ApplicationId, CompetitionId};
use wettbewerb::domain::jury::Jury;
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::applicant_flow::complete_with;
use crate::jury::invite_and_accept;
use crate::support::{PASSWORD, TestApp, User, spawn_app};

/// An application by a new applicant, with its own title, field and amounts; submitted if
/// asked. Returns the applicant and the application's path.
async fn application(
    app: &TestApp,
    competition: CompetitionId,
    (email, name): (&str, &str),
    (title, coordinator, land): (&str, &str, &str),
    (field, requested, cofinancing): (&str, &str, &str),
    submit: bool,
) -> (User, String) {
    let user = app.applicant(email, name).await;
    let path = user
        .create_application(competition, title, coordinator, land)
        .await;
    complete_with(&user, &path, field, requested, cofinancing).await;
    // `complete_with` gives every application the same title; this one keeps its own.
    let revision = user.revision(&path).await;
    let saved = user
        .post(
            &format!("{path}/angaben"),
            &[
                ("title", title),
                ("summary", "Ein Netzwerk für die Region."),
                ("field", field),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    if submit {
        // Each a minute after the one before, so that the order of submission is clear.
        app.clock
            .set(Clock::now(&app.clock) + chrono::Duration::minutes(1));
        let sent = user.post(&format!("{path}/einreichen"), &[]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    }
    (user, path)
}

fn id_of(path: &str) -> ApplicationId {
    ApplicationId::parse(path.trim_start_matches("/antraege/")).unwrap()
}

/// Three applications: Sensorik (Sachsen, 2,5 M requested, 1 M co-financing, submitted first),
/// Meerestechnik (Mecklenburg-Vorpommern, energy, 4 M and 3 M, submitted second) and Photonik
/// (Thüringen, 1 M and 0,25 M, a draft).
async fn three_applications(app: &TestApp, competition: CompetitionId) -> [String; 3] {
    let (_, sensorik) = application(
        app,
        competition,
        ("anna@tu-dresden.de", "Anna Schmidt"),
        ("Sensorik Lausitz", "TU Dresden", "Sachsen"),
        ("Materials", "2.500.000,00", "1.000.000"),
        true,
    )
    .await;
    let (_, meer) = application(
        app,
        competition,
        ("bert@uni-rostock.de", "Bert Berg"),
        (
            "Meerestechnik Rostock",
            "Universität Rostock",
            "MecklenburgVorpommern",
        ),
        ("Energy", "4.000.000,00", "3.000.000"),
        true,
    )
    .await;
    let (_, photonik) = application(
        app,
        competition,
        ("clara@uni-jena.de", "Clara Licht"),
        ("Photonik Jena", "Universität Jena", "Thueringen"),
        ("Photonics", "1.000.000,00", "250.000,00"),
        false,
    )
    .await;
    [sensorik, meer, photonik]
}

/// The titles of the list's rows, in their order.
fn listed(page: &str) -> Vec<String> {
    let table = &page[page.find("<table class=\"applications\"").unwrap_or(0)..];
    let table = &table[..table.find("</table>").unwrap_or(table.len())];
    table
        .split("<tr id=\"antrag-")
        .skip(1)
        .filter_map(|row| {
            let start = row.find("<a href=\"/antraege/")?;
            let text = &row[start..];
            let text = &text[text.find('>')? + 1..];
            Some(text[..text.find("</a>")?].to_owned())
        })
        .collect()
}

fn deadline(app: &TestApp, competition: CompetitionId) -> DateTime<Utc> {
    let (state, _) =
        load::<Competition>(&app.store, &stream_of::<Competition>(&competition)).unwrap();
    state.deadline.unwrap()
}

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

fn berlin_date(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono_tz::Europe::Berlin)
        .format("%Y-%m-%d")
        .to_string()
}

#[tokio::test]
async fn the_round_s_list_is_searched_filtered_and_sorted_and_adds_up_the_co_financing() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let [_, meer, photonik] = three_applications(&app, competition).await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");

    // Everything, by title, with the amounts, the ratio and the totals.
    let page = staff.get(&control).await;
    assert_eq!(page.status, StatusCode::OK);
    let all = page.body;
    assert_eq!(
        listed(&all),
        ["Meerestechnik Rostock", "Photonik Jena", "Sensorik Lausitz"]
    );
    assert!(all.contains("Treffer: <strong>3</strong> von 3"), "{all}");
    assert!(
        all.contains("3.000.000,00 €<br><span class=\"hint\">75,0 %</span>"),
        "{all}"
    );
    assert!(
        all.contains("1.000.000,00 €<br><span class=\"hint\">40,0 %</span>"),
        "{all}"
    );
    // 7,5 M requested and 4,25 M co-financing in all: 56,7 %.
    assert!(
        all.contains("<td class=\"amount\">7.500.000,00 €</td>"),
        "{all}"
    );
    assert!(
        all.contains("4.250.000,00 €<br><span class=\"hint\">56,7 %</span>"),
        "{all}"
    );
    // The states offered are the ones the stage has.
    assert!(
        all.contains("<option value=\"Eingereicht\">Eingereicht</option>"),
        "{all}"
    );
    assert!(
        all.contains("<option value=\"Entwurf\">Entwurf</option>"),
        "{all}"
    );
    assert!(!all.contains("<option value=\"Nicht gefördert\">"), "{all}");

    // Sorted by the amount, or by the submission with the draft last.
    let by_amount = staff
        .get(&format!("{control}?sortierung=betrag"))
        .await
        .body;
    assert_eq!(
        listed(&by_amount),
        ["Meerestechnik Rostock", "Sensorik Lausitz", "Photonik Jena"]
    );
    assert!(
        by_amount.contains("<option value=\"betrag\" selected>"),
        "{by_amount}"
    );
    let by_date = staff
        .get(&format!("{control}?sortierung=eingereicht"))
        .await
        .body;
    assert_eq!(
        listed(&by_date),
        ["Sensorik Lausitz", "Meerestechnik Rostock", "Photonik Jena"]
    );

    // A search by coordinator, by partner, by title; a filter by state, Land and field.
    for (query, expected) in [
        ("suche=rostock", vec!["Meerestechnik Rostock"]),
        (
            "suche=Keramische",
            vec!["Meerestechnik Rostock", "Photonik Jena", "Sensorik Lausitz"],
        ),
        ("suche=PHOTONIK", vec!["Photonik Jena"]),
        ("stand=Entwurf", vec!["Photonik Jena"]),
        (
            "stand=Eingereicht&sortierung=betrag",
            vec!["Meerestechnik Rostock", "Sensorik Lausitz"],
        ),
        ("land=Sachsen", vec!["Sensorik Lausitz"]),
        ("feld=Energy", vec!["Meerestechnik Rostock"]),
        ("land=Sachsen&feld=Energy", vec![]),
        // What a GET form sends when nothing is chosen.
        (
            "stufe=1&suche=&stand=&land=&feld=&sortierung=titel",
            vec!["Meerestechnik Rostock", "Photonik Jena", "Sensorik Lausitz"],
        ),
    ] {
        let page = staff.get(&format!("{control}?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        assert_eq!(listed(&page.body), expected, "{query}");
        assert!(
            page.body.contains(&format!(
                "Treffer: <strong>{}</strong> von 3",
                expected.len()
            )),
            "{query}: {}",
            page.body
        );
    }
    // The totals are those of the matches only.
    let rostock = staff.get(&format!("{control}?suche=rostock")).await.body;
    assert!(
        rostock.contains("<td class=\"amount\">4.000.000,00 €</td>"),
        "{rostock}"
    );
    assert!(
        rostock.contains("value=\"rostock\""),
        "the search stays in its field"
    );
    let none = staff
        .get(&format!("{control}?land=Sachsen&feld=Energy"))
        .await
        .body;
    assert!(
        none.contains("Kein Antrag passt zu Suche und Filtern."),
        "{none}"
    );
    let _ = (meer, photonik);
}

#[tokio::test]
async fn each_stage_has_its_own_list_and_a_deadline_moved_earlier_reaches_only_its_consortia() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let [sensorik, meer, photonik] = three_applications(&app, competition).await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");

    // The concept stage: Sensorik goes on, Meerestechnik does not, Photonik never submitted.
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
                    application_id: id_of(&sensorik),
                    in_review: true,
                    requested: Cents::million_euros(2),
                },
                outcome: Outcome::Shortlisted,
                now,
            },
            CompetitionCommand::FinaliseResults {
                entries: vec![id_of(&sensorik), id_of(&meer)],
                now,
            },
            CompetitionCommand::ReleaseResults { now },
        ],
    )
    .await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    let opened = staff
        .confirm(&format!("{control}/schritt/stufe-oeffnen"), &[])
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);

    // The current stage lists only the full proposal in it; the first stage keeps its three.
    let current = staff.get(&control).await.body;
    assert_eq!(listed(&current), ["Sensorik Lausitz"], "{current}");
    assert!(
        current.contains("Treffer: <strong>1</strong> von 1"),
        "{current}"
    );
    assert!(
        current.contains(&format!("href=\"{control}?stufe=1#antraege\"")),
        "{current}"
    );
    let first = staff.get(&format!("{control}?stufe=1")).await.body;
    assert_eq!(
        listed(&first),
        ["Meerestechnik Rostock", "Photonik Jena", "Sensorik Lausitz"]
    );
    let row = |page: &str, path: &str| {
        let start = page.find(&format!("href=\"{path}\"")).unwrap();
        page[start..start + page[start..].find("</tr>").unwrap()].to_owned()
    };
    assert!(row(&first, &sensorik).contains("Ausgewählt für die nächste Stufe"));
    assert!(row(&first, &meer).contains("Nicht ausgewählt"));
    assert!(row(&current, &sensorik).contains("Entwurf"));
    let _ = photonik;

    // Moving the full proposal's deadline earlier: refused into the past or later than before.
    let current_deadline = deadline(&app, competition);
    let refused = staff
        .post(
            &format!("{control}/frist-vorziehen"),
            &[
                (
                    "date",
                    berlin_date(current_deadline + chrono::Duration::days(2)).as_str(),
                ),
                ("time", "12:00"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Die neue Frist muss vor der bisherigen liegen"),
        "{}",
        refused.body
    );
    let past = staff
        .post(
            &format!("{control}/frist-vorziehen"),
            &[
                (
                    "date",
                    berlin_date(Clock::now(&app.clock) - chrono::Duration::days(1)).as_str(),
                ),
                ("time", "12:00"),
            ],
        )
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        past.body
            .contains("Eine neue Frist muss in der Zukunft liegen"),
        "{}",
        past.body
    );
    let half_filled = staff
        .post(
            &format!("{control}/frist-vorziehen"),
            &[("date", "2026-12-01"), ("time", "")],
        )
        .await;
    assert_eq!(half_filled.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        half_filled.body.contains("Datum und Uhrzeit"),
        "{}",
        half_filled.body
    );

    // Earlier and still ahead: recorded, and only the consortium in the stage is told.
    let sooner = Clock::now(&app.clock) + chrono::Duration::days(3);
    let moved = staff
        .post(
            &format!("{control}/frist-vorziehen"),
            &[("date", berlin_date(sooner).as_str()), ("time", "12:00")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    assert!(deadline(&app, competition) < current_deadline);
    let mail = app.mail_to("anna@tu-dresden.de", "Frist vorgezogen").await;
    assert!(mail.contains("vorgezogen"), "{mail}");
    assert!(mail.contains("Sensorik Lausitz"), "{mail}");
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let told: Vec<String> = app
        .mails()
        .into_iter()
        .filter(|m| m.subject.contains("Frist vorgezogen"))
        .map(|m| m.to)
        .collect();
    assert_eq!(told, ["anna@tu-dresden.de"]);
    let types: Vec<String> = app
        .store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .map(|e| e.event_type)
        .collect();
    assert!(types.iter().any(|t| t == "DeadlinesShortened"));
}

#[tokio::test]
async fn three_hand_assignments_reach_the_juror_in_one_mail_and_the_page_keeps_its_place() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let mut paths = Vec::new();
    for (email, name, title, coordinator) in [
        (
            "anna@tu-dresden.de",
            "Anna Schmidt",
            "Sensorik Lausitz",
            "TU Dresden",
        ),
        (
            "bert@tu-chemnitz.de",
            "Bert Berg",
            "Textil Chemnitz",
            "TU Chemnitz",
        ),
        (
            "cora@uni-leipzig.de",
            "Cora Kern",
            "Medizin Leipzig",
            "Universität Leipzig",
        ),
    ] {
        let (_, path) = application(
            &app,
            competition,
            (email, name),
            (title, coordinator, "Sachsen"),
            ("Materials", "2.000.000,00", "500.000,00"),
            true,
        )
        .await;
        paths.push(path);
    }
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");
    for (name, email, organisation) in [
        ("Dr. Jana Jury", "jana@uni-jena.de", "Universität Jena"),
        ("Prof. Karl Kern", "karl@tu-ilmenau.de", "TU Ilmenau"),
    ] {
        invite_and_accept(&app, &staff, competition, name, email, organisation).await;
    }
    app.clock
        .set(deadline(&app, competition) + chrono::Duration::hours(1));
    let now = Clock::now(&app.clock);
    run(
        &app,
        competition,
        vec![
            CompetitionCommand::CloseStage { now },
            CompetitionCommand::StartReview { now },
        ],
    )
    .await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    let (jury, _) = load::<Jury>(&app.store, &stream_of::<Jury>(&competition)).unwrap();
    let jana = jury
        .jurors
        .iter()
        .find(|(_, j)| j.email.as_str() == "jana@uni-jena.de")
        .map(|(id, _)| id.to_string())
        .unwrap();

    // Three hand assignments from a searched list: each returns to its row of the same list.
    let list = "suche=fraunhofer&sortierung=betrag";
    for path in &paths {
        let application = path.trim_start_matches("/antraege/");
        let done = staff
            .post(
                &format!("{control}/zuordnung"),
                &[
                    ("application", application),
                    ("juror", jana.as_str()),
                    ("action", "zuordnen"),
                    ("liste", list),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(
            done.location.as_deref(),
            Some(format!("{control}?{list}#antrag-{application}").as_str())
        );
    }
    let page = staff.get(&format!("{control}?{list}")).await.body;
    assert!(page.contains("Zuordnungen mitteilen (3 neu)"), "{page}");
    // A juror on an application is no longer offered for it; the other one still is.
    assert!(
        !page.contains(&format!("<option value=\"{jana}\">")),
        "{page}"
    );
    assert_eq!(
        page.matches("Prof. Karl Kern (TU Ilmenau)</option>")
            .count(),
        3
    );
    // The rows carry their anchors and their forms the list to come back to.
    assert!(page.contains(&format!("id=\"antrag-{}\"", id_of(&paths[0]))));
    assert!(
        page.contains(&format!(
            "name=\"liste\" value=\"{}\"",
            list.replace('&', "&#38;")
        )),
        "{page}"
    );
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let notices = |app: &TestApp| -> Vec<crate::support::Mail> {
        app.mails()
            .into_iter()
            .filter(|m| m.to == "jana@uni-jena.de" && m.subject.contains("zur Bewertung"))
            .collect()
    };
    assert!(
        notices(&app).is_empty(),
        "nobody is told before staff announce it"
    );

    let announced = staff
        .post(&format!("{control}/zuordnungen-mitteilen"), &[])
        .await;
    assert_eq!(
        announced.status,
        StatusCode::SEE_OTHER,
        "{}",
        announced.body
    );
    let mail = app
        .mail_to("jana@uni-jena.de", "3 Anträge zur Bewertung")
        .await;
    for title in ["Sensorik Lausitz", "Textil Chemnitz", "Medizin Leipzig"] {
        assert!(mail.contains(title), "{title}: {mail}");
    }
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(notices(&app).len(), 1, "one mail for the three");
    let after = staff.get(&control).await.body;
    assert!(!after.contains("Zuordnungen mitteilen ("), "{after}");
    assert!(
        after.contains("Eine Mitteilung über neue Zuordnungen ist im Postausgang."),
        "{after}"
    );

    // The automatic assignment with 2 per application: the form keeps the 2.
    let applied = staff
        .post(
            &format!("{control}/zuordnen"),
            &[("per_application", "2"), ("mode", "anwenden")],
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let back = applied.location.unwrap();
    assert_eq!(back, format!("{control}?je_antrag=2"));
    let field = "id=\"per_application\" name=\"per_application\" value=\"2\"";
    assert!(staff.get(&back).await.body.contains(field));
    // Coming back later, the page offers the number the stage's assignments have.
    assert!(staff.get(&control).await.body.contains(field));
    // A refused number comes back as typed.
    let refused = staff
        .post(
            &format!("{control}/zuordnen"),
            &[("per_application", "9"), ("mode", "vorschau")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("name=\"per_application\" value=\"9\""),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn a_draft_competition_is_deleted_after_confirmation_and_is_gone_everywhere() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let created = staff
        .post(
            "/verwaltung/wettbewerbe",
            &[("preset", "bioregio"), ("name", "Probelauf 2027")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let control = created.location.unwrap();
    let id = control
        .trim_start_matches("/verwaltung/wettbewerbe/")
        .to_owned();
    assert!(
        staff
            .get("/verwaltung")
            .await
            .body
            .contains("Probelauf 2027")
    );
    assert!(
        staff
            .get(&control)
            .await
            .body
            .contains(&format!("{control}/loeschen"))
    );

    // A juror invited while it is being set up.
    let invited = staff
        .post(
            &format!("{control}/jury"),
            &[
                ("name", "Dr. Jana Jury"),
                ("email", "jana@uni-jena.de"),
                ("organisation", "Universität Jena"),
            ],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    let mail = app.mail_to("jana@uni-jena.de", "Jury").await;
    let link = crate::support::link_in(&mail, "/jury/einladung");

    // The confirmation page says what happens; a POST without the confirmation only asks.
    let asked = staff.get(&format!("{control}/loeschen")).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("Entwurf löschen?"), "{}", asked.body);
    assert!(asked.body.contains("Ja, Entwurf löschen"), "{}", asked.body);
    let unconfirmed = staff.post(&format!("{control}/loeschen"), &[]).await;
    assert_eq!(unconfirmed.status, StatusCode::OK);
    assert!(staff.get(&control).await.status == StatusCode::OK);

    let deleted = staff
        .post(&format!("{control}/loeschen"), &[("bestaetigt", "1")])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    assert_eq!(deleted.location.as_deref(), Some("/verwaltung"));
    let overview = staff.get("/verwaltung").await.body;
    assert!(
        overview.contains("Der Entwurf „Probelauf 2027“ ist gelöscht."),
        "{overview}"
    );
    assert!(
        !staff
            .get("/verwaltung")
            .await
            .body
            .contains("Probelauf 2027")
    );
    for path in [
        control.clone(),
        format!("{control}/ausschreibung"),
        format!("{control}/rangliste"),
        format!("{control}/loeschen"),
        format!("/wettbewerbe/{id}"),
    ] {
        assert_eq!(
            staff.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // Its invitation lapses, and nobody is invited into it any more (a page opened before).
    let lapsed = app.visitor().get(&link).await;
    assert_eq!(
        lapsed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        lapsed.body
    );
    let late = staff
        .post(
            &format!("{control}/jury"),
            &[
                ("name", "Prof. Karl Kern"),
                ("email", "karl@tu-ilmenau.de"),
                ("organisation", "TU Ilmenau"),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::NOT_FOUND);
    // The log keeps the draft and says who deleted it.
    let events = app
        .store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap();
    let staff_id = account_id_for(&EmailAddress::parse("leitung@ptj.de").unwrap()).to_string();
    let deletion = events
        .iter()
        .find(|e| e.event_type == "CompetitionDeleted")
        .expect("the deletion is an event");
    assert_eq!(deletion.data["by"].as_str(), Some(staff_id.as_str()));
    assert!(events.iter().any(|e| e.event_type == "CompetitionDrafted"));

    // An open competition is no draft: the page says so and offers nothing.
    let open = app.open_competition(Preset::InnoRegio).await;
    let open_control = format!("/verwaltung/wettbewerbe/{open}");
    assert!(!staff.get(&open_control).await.body.contains("/loeschen"));
    let page = staff.get(&format!("{open_control}/loeschen")).await.body;
    assert!(
        page.contains("Nur ein Entwurf, der nie veröffentlicht wurde, lässt sich löschen."),
        "{page}"
    );
    assert!(!page.contains("Ja, Entwurf löschen"), "{page}");
    let refused = staff
        .post(&format!("{open_control}/loeschen"), &[("bestaetigt", "1")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(staff.get(&open_control).await.status, StatusCode::OK);
}
