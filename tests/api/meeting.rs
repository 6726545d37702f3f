//! The jury meeting of BioRegio's one stage: staff open it, attendance below the quorum lets the
//! jury recommend nothing, at the quorum it recommends with votes (a conflicted member recorded
//! absent for that item); the minutes page and sitzung.csv say so; a decision departing from
//! the recommendation is refused without a reason (the form kept) and recorded with one, which
//! the audit page and the decisions export show.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::Clock;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::competition::{Competition, CompetitionCommand};
use wettbewerb::domain::email_address::EmailAddress;
use wettbewerb::domain::field::TechnologyField;
use wettbewerb::domain::ids::{ApplicationId, JurorId};
use wettbewerb::domain::jury::{Juror, Jury, JuryCommand};
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::applicant_flow::complete_with;
use crate::support::{PASSWORD, TestApp, User, hidden_value, spawn_app};

struct Meeting {
    app: TestApp,
    staff: User,
    control: String,
    applications: Vec<ApplicationId>,
    jurors: Vec<JurorId>,
}

fn juror(n: u128) -> JurorId {
    JurorId::from_uuid(uuid::Uuid::from_u128(900 + n))
}

/// BioRegio (one stage: funding) in review with two applications and a jury of three; the
/// third juror is conflicted with the first application. Quorum 67 %: all three are needed.
async fn in_review() -> Meeting {
    let app = spawn_app().await;
    let now = Clock::now(&app.clock);
    let mut setup = Preset::BioRegio.setup(now);
    setup.budget = Cents::million_euros(6);
    setup.budget_per_year.clear();
    setup.rules.max_requested = Some(Cents::million_euros(5));
    setup.quorum_percent = 67;
    let competition = app.open_setup(setup).await;
    let mut applications = Vec::new();
    for (email, name) in [("a@lmu.de", "Anna Adler"), ("b@uni-koeln.de", "Bert Berg")] {
        let user = app.applicant(email, name).await;
        let application = user
            .create_application(competition, name, "Universität", "Bayern")
            .await;
        complete_with(
            &user,
            &application,
            "Biotechnology",
            "2.500.000",
            "4.000.000",
        )
        .await;
        crate::support::fill_form(&user, &application).await;
        let sent = user.post(&format!("{application}/einreichen"), &[]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        applications
            .push(ApplicationId::parse(application.trim_start_matches("/antraege/")).unwrap());
    }
    let (state, _) =
        wettbewerb::app::load::<Competition>(&app.store, &stream_of::<Competition>(&competition))
            .unwrap();
    app.clock
        .set(state.deadline.unwrap() + chrono::Duration::hours(1));
    let now = Clock::now(&app.clock);
    let actor = Actor::new("staff", "staff");
    for command in [
        CompetitionCommand::CloseStage { now },
        CompetitionCommand::StartReview { now },
    ] {
        execute::<Competition>(
            &app.store,
            &stream_of::<Competition>(&competition),
            &actor,
            command,
        )
        .await
        .unwrap();
    }
    let jury = stream_of::<Jury>(&competition);
    for (n, name) in [(1, "Jana Jung"), (2, "Karl Kern"), (3, "Lena Lorenz")] {
        let command = JuryCommand::Appoint {
            competition_id: competition,
            juror_id: juror(n),
            juror: Juror {
                name: name.into(),
                email: EmailAddress::parse(&format!("juror{n}@gutachten.de")).unwrap(),
                organisation: format!("Institut {n}"),
                expertise: BTreeSet::from([TechnologyField::Biotechnology]),
            },
            now,
        };
        execute::<Jury>(&app.store, &jury, &actor, command)
            .await
            .unwrap();
    }
    let conflict = JuryCommand::DeclareConflict {
        juror_id: juror(3),
        application_id: applications[0],
        reason: "Frühere Zusammenarbeit".into(),
        now,
    };
    execute::<Jury>(&app.store, &jury, &actor, conflict)
        .await
        .unwrap();
    app.settled().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    Meeting {
        control: format!("/verwaltung/wettbewerbe/{competition}"),
        app,
        staff,
        applications,
        jurors: (1..=3).map(juror).collect(),
    }
}

async fn revision(m: &Meeting) -> String {
    let page = m.staff.get(&format!("{}/sitzung", m.control)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    hidden_value(&page.body, "revision").unwrap_or_default()
}

async fn attend(m: &Meeting, present: &[usize]) -> crate::support::Page {
    let revision = revision(m).await;
    let names: Vec<String> = present
        .iter()
        .map(|n| format!("anwesend_{}", m.jurors[*n]))
        .collect();
    let mut fields = vec![("revision", revision.as_str())];
    fields.extend(names.iter().map(|n| (n.as_str(), "on")));
    m.staff
        .post(&format!("{}/sitzung/anwesenheit", m.control), &fields)
        .await
}

async fn recommend(
    m: &Meeting,
    application: usize,
    fields: &[(&str, &str)],
) -> crate::support::Page {
    let revision = revision(m).await;
    let id = m.applications[application].to_string();
    let mut all = vec![("revision", revision.as_str()), ("antrag", id.as_str())];
    all.extend_from_slice(fields);
    m.staff
        .post(&format!("{}/sitzung/empfehlung", m.control), &all)
        .await
}

fn events_of(app: &TestApp, kind: &str) -> Vec<serde_json::Value> {
    app.store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.event_type == kind)
        .map(|e| e.data.clone())
        .collect()
}

const FUND: [(&str, &str); 5] = [
    ("empfehlung", "foerderung"),
    ("betrag", "2.500.000"),
    ("ja", "2"),
    ("nein", "0"),
    ("enthaltung", "0"),
];

#[tokio::test]
async fn the_jury_recommends_at_its_meeting_and_a_departing_decision_needs_a_reason() {
    let m = in_review().await;
    let page = m.staff.get(&format!("{}/sitzung", m.control)).await;
    assert!(page.body.contains("Sitzung eröffnen"), "{}", page.body);
    let opened = m
        .staff
        .post(
            &format!("{}/sitzung/eroeffnen", m.control),
            &[
                ("revision", ""),
                ("datum", "2026-12-10"),
                ("uhrzeit", "10:00"),
            ],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);

    // Two of three present: below the quorum, the page says so and nothing can be recommended.
    let below = attend(&m, &[0, 1]).await;
    assert_eq!(below.status, StatusCode::SEE_OTHER, "{}", below.body);
    let page = m.staff.get(&format!("{}/sitzung", m.control)).await;
    assert!(
        page.body
            .contains("Nicht beschlussfähig: 2 von 3 Mitgliedern anwesend, nötig sind 3 (67 %)."),
        "{}",
        page.body
    );
    let refused = recommend(&m, 1, &FUND).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Nicht beschlussfähig: 2 Mitglieder anwesend, nötig sind 3."),
        "{}",
        refused.body
    );
    assert!(events_of(&m.app, "RecommendationRecorded").is_empty());

    // All three present: the quorum is reached.
    assert_eq!(attend(&m, &[0, 1, 2]).await.status, StatusCode::SEE_OTHER);
    let page = m.staff.get(&format!("{}/sitzung", m.control)).await;
    assert!(
        page.body
            .contains("Beschlussfähig: 3 von 3 Mitgliedern anwesend, nötig sind 3 (67 %)."),
        "{}",
        page.body
    );
    // The conflicted member is named absent for the first application.
    assert!(
        page.body
            .contains("Befangen, für diesen Punkt abwesend: Lena Lorenz"),
        "{}",
        page.body
    );
    // Three votes where two vote is refused beside the votes, the input kept.
    let mut three = FUND;
    three[2] = ("ja", "3");
    let refused = recommend(&m, 0, &three).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Ja, Nein und Enthaltungen ergeben 3"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"value="2.500.000""#),
        "{}",
        refused.body
    );
    let first = [
        FUND.as_slice(),
        &[("notiz", "Überzeugendes Konzept, starke Partner.")],
    ]
    .concat();
    let recorded = recommend(&m, 0, &first).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let second = recommend(
        &m,
        1,
        &[
            ("empfehlung", "nachrueck"),
            ("ja", "2"),
            ("nein", "0"),
            ("enthaltung", "1"),
            ("notiz", "Solide, aber weniger ausgereift."),
        ],
    )
    .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    let events = events_of(&m.app, "RecommendationRecorded");
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[0]["absent"],
        serde_json::json!([m.jurors[2].to_string()])
    );

    // A stale form (the meeting moved since) comes back 409 with the input kept.
    let stale = m
        .staff
        .post(
            &format!("{}/sitzung/empfehlung", m.control),
            &[
                ("revision", "0"),
                ("antrag", &m.applications[1].to_string()),
                ("empfehlung", "nicht"),
                ("ja", "3"),
                ("nein", "0"),
                ("enthaltung", "0"),
                ("notiz", "Eingabe bleibt"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("Eingabe bleibt"), "{}", stale.body);

    // The minutes and the CSV.
    let minutes = m
        .staff
        .get(&format!("{}/sitzung/protokoll", m.control))
        .await;
    assert_eq!(minutes.status, StatusCode::OK);
    for text in [
        "Protokoll der Jurysitzung",
        "Jana Jung, Karl Kern, Lena Lorenz",
        "Beschlussfähig: 3 von 3",
        "zur Förderung mit 2.500.000,00 €",
        "für die Nachrückliste",
        "Überzeugendes Konzept, starke Partner.",
        "Lena Lorenz</td>",
    ] {
        assert!(minutes.body.contains(text), "{text}: {}", minutes.body);
    }
    let csv = m
        .staff
        .get(&format!("{}/export/sitzung.csv", m.control))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.contains("Platz,Antrag,Titel,Empfehlung"),
        "{}",
        csv.body
    );
    assert!(
        csv.body
            .contains("\"zur Förderung mit 2.500.000,00 €\",2500000.00,2,0,0,Lena Lorenz,"),
        "{}",
        csv.body
    );

    // The ranking shows the recommendation; not funding the first is refused without a reason.
    let ranking = m.staff.get(&format!("{}/rangliste", m.control)).await;
    assert!(
        ranking.body.contains(
            "Empfehlung der Jury: zur Förderung mit 2.500.000,00 € (Ja 2, Nein 0, Enthaltungen 0)"
        ),
        "{}",
        ranking.body
    );
    let first = m.applications[0].to_string();
    let refused = m
        .staff
        .post(
            &format!("{}/entscheiden", m.control),
            &[
                ("application", &first),
                ("outcome", "not_funded"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(&format!(
            r#"id="reason-{first}-error">Die Entscheidung weicht von der Empfehlung der Jury ab"#
        )),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains(r#"<option value="not_funded" selected>"#),
        "{}",
        refused.body
    );
    assert!(
        events_of(&m.app, "DecisionRecorded").is_empty(),
        "refused decisions record nothing"
    );
    let reason = "Der Partner aus Sachsen hat seine Kofinanzierung zurückgezogen.";
    let decided = m
        .staff
        .post(
            &format!("{}/entscheiden", m.control),
            &[
                ("application", &first),
                ("outcome", "not_funded"),
                ("reason", reason),
            ],
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    // Following the recommendation needs none.
    let followed = m
        .staff
        .post(
            &format!("{}/entscheiden", m.control),
            &[
                ("application", &m.applications[1].to_string()),
                ("outcome", "reserve"),
                ("place", "1"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(followed.status, StatusCode::SEE_OTHER, "{}", followed.body);
    let decisions = events_of(&m.app, "DecisionRecorded");
    assert_eq!(decisions[0]["reason"], reason);
    assert!(decisions[1]["reason"].is_null());

    let audit = m
        .staff
        .get(&format!(
            "/verwaltung/protokoll/wettbewerb/{}",
            m.control.trim_start_matches("/verwaltung/wettbewerbe/")
        ))
        .await;
    assert!(
        audit.body.contains(&format!(
            "abweichend von der Empfehlung der Jury, weil: {reason}"
        )),
        "{}",
        audit.body
    );
    assert!(
        audit.body.contains("Empfehlung der Jury für"),
        "{}",
        audit.body
    );
    let export = m
        .staff
        .get(&format!("{}/export/entscheidungen.csv", m.control))
        .await;
    assert!(
        export
            .body
            .contains("Abweichung von der Empfehlung der Jury (Begründung)"),
        "{}",
        export.body
    );
    assert!(export.body.contains(reason), "{}", export.body);
}
