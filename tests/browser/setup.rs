//! Preconditions set up over HTTP, as the API tests do: what other roles did before the role
//! under test takes over in the browser.

use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::domain::competition::{Competition, CompetitionCommand};
use wettbewerb::domain::ids::{ApplicationId, CompetitionId, JurorId};
use wettbewerb::domain::jury::{ApplicationFacts, Jury, JuryCommand};

use crate::support::{PASSWORD, TestApp, User, link_in, pdf};

/// What an applicant writes into an application.
pub struct Proposal<'a> {
    pub email: &'a str,
    pub title: &'a str,
    pub coordinator: &'a str,
    pub land: &'a str,
    pub field: &'a str,
    pub requested: &'a str,
}

/// A registered applicant's complete, submitted application; its path.
pub async fn submitted(app: &TestApp, competition: CompetitionId, p: &Proposal<'_>) -> String {
    let (user, application) = written(app, competition, p).await;
    // A round set up from a preset on the staff's pages carries the preset's form.
    crate::support::fill_form(&user, &application).await;
    let uploaded = user
        .upload(
            &format!("{application}/dokumente"),
            "Skizze.pdf",
            pdf("Skizze"),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let sent = user.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    application
}

/// A registered applicant's application with its details and partners, not submitted: the
/// applicant and its path.
pub async fn written(
    app: &TestApp,
    competition: CompetitionId,
    p: &Proposal<'_>,
) -> (User, String) {
    let user = app.applicant(p.email, "Koordination").await;
    let application = user
        .create_application(competition, p.title, p.coordinator, p.land)
        .await;
    let revision = user.revision(&application).await;
    let saved = user
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", p.title),
                ("summary", "Ein Netzwerk aus Forschung und Unternehmen."),
                ("field", p.field),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    crate::financing_support::fund(&user, &application, p.requested, p.requested).await;
    for (name, kind) in [
        ("Regionale Sensorik GmbH", "Sme"),
        ("Institut für Angewandte Forschung", "ResearchInstitute"),
    ] {
        let revision = user.revision(&application).await;
        let added = user
            .post(
                &format!("{application}/partner"),
                &[
                    ("name", name),
                    ("kind", kind),
                    ("land", p.land),
                    ("revision", &revision),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    (user, application)
}

/// Staff invite a juror on the web.
pub async fn invite(staff: &User, competition: CompetitionId, name: &str, email: &str, org: &str) {
    let invited = staff
        .post(
            &format!("/verwaltung/wettbewerbe/{competition}/jury"),
            &[("name", name), ("email", email), ("organisation", org)],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
}

/// The invited juror accepts through the link in the e-mail, setting a password.
pub async fn accept(app: &TestApp, name: &str, email: &str, org: &str) -> User {
    let mail = app.mail_to(email, "Jury").await;
    let link = link_in(&mail, "/jury/einladung");
    let query = link.split_once('?').unwrap().1.to_owned();
    let value = |key: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
            .unwrap()
            .to_owned()
    };
    let (einladung, n, t) = (value("einladung"), value("n"), value("t"));
    let juror = app.visitor();
    let accepted = juror
        .post(
            "/jury/einladung",
            &[
                ("einladung", einladung.as_str()),
                ("n", n.as_str()),
                ("t", t.as_str()),
                ("name", name),
                ("organisation", org),
                ("password", PASSWORD),
                ("password_repeat", PASSWORD),
                ("vertraulichkeit", "on"),
            ],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    juror
}

/// The submission deadline of the running stage.
pub fn deadline(app: &TestApp, competition: CompetitionId) -> chrono::DateTime<chrono::Utc> {
    let (state, _) =
        wettbewerb::app::load::<Competition>(&app.store, &stream_of::<Competition>(&competition))
            .unwrap();
    state.deadline.unwrap()
}

/// Past the deadline: the stage closed, the review begun, every juror on every application.
pub async fn in_review(app: &TestApp, competition: CompetitionId, applications: &[&str]) {
    app.clock
        .set(deadline(app, competition) + chrono::Duration::hours(1));
    let now = wettbewerb::clock::Clock::now(&app.clock);
    let staff = Actor::new("staff", "staff");
    for command in [
        CompetitionCommand::CloseStage { now },
        CompetitionCommand::StartReview { now },
    ] {
        execute::<Competition>(
            &app.store,
            &stream_of::<Competition>(&competition),
            &staff,
            command,
        )
        .await
        .unwrap();
    }
    let (jury, _) =
        wettbewerb::app::load::<Jury>(&app.store, &stream_of::<Jury>(&competition)).unwrap();
    let jurors: Vec<JurorId> = jury.jurors.keys().copied().collect();
    for application in applications {
        let id = ApplicationId::parse(application.trim_start_matches("/antraege/")).unwrap();
        for juror_id in &jurors {
            let assign = JuryCommand::Assign {
                stage: 0,
                juror_id: *juror_id,
                application: ApplicationFacts {
                    id,
                    field: None,
                    organisations: Vec::new(),
                },
                now,
            };
            execute::<Jury>(&app.store, &stream_of::<Jury>(&competition), &staff, assign)
                .await
                .unwrap();
        }
    }
    app.settled().await;
}

/// A juror confirms having no conflict and submits the same score for every criterion.
pub async fn review(juror: &User, competition: CompetitionId, application: &str, score: &str) {
    let page = format!(
        "/jury/{competition}/antraege/{}",
        application.trim_start_matches("/antraege/")
    );
    let confirmed = juror.post(&format!("{page}/unbefangen"), &[]).await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let mut fields: Vec<(String, String)> = (0..5)
        .flat_map(|i| {
            [
                (format!("score_{i}"), score.to_owned()),
                (
                    format!("comment_{i}"),
                    "Nachvollziehbar begründet: Stärken und Schwächen benannt.".into(),
                ),
            ]
        })
        .collect();
    fields.push(("confidence".into(), "3".into()));
    fields.push(("action".into(), "submit".into()));
    fields.push(("revision".into(), String::new()));
    fields.push(("stage".into(), "0".into()));
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sent = juror.post(&format!("{page}/bewertung"), &borrowed).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
}
