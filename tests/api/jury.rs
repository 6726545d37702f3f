//! Jury members on the web: invitation, the conflict gate, sealed scoring, authorization.

use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::domain::account::Role;
use wettbewerb::domain::competition::{Competition, CompetitionCommand};
use wettbewerb::domain::ids::{ApplicationId, CompetitionId, JurorId};
use wettbewerb::domain::jury::{ApplicationFacts, Jury, JuryCommand};

use crate::applicant_flow::complete;
use crate::support::{PASSWORD, TestApp, User, link_in, spawn_app};

pub struct Review {
    pub app: TestApp,
    pub competition: CompetitionId,
    pub anna: User,
    pub application: String,
    pub staff: User,
    pub jana: User,
    pub karl: User,
}

impl Review {
    pub fn page(&self) -> String {
        let id = self.application.trim_start_matches("/antraege/");
        format!("/jury/{}/antraege/{id}", self.competition)
    }
}

/// Staff invite a juror on the web; the juror accepts through the link in the e-mail.
pub async fn invite_and_accept(
    app: &TestApp,
    staff: &User,
    competition: CompetitionId,
    name: &str,
    email: &str,
    organisation: &str,
) -> User {
    invite_and_accept_with(app, staff, competition, name, email, organisation, &[]).await
}

/// Like `invite_and_accept`, with more fields in the acceptance form.
pub async fn invite_and_accept_with(
    app: &TestApp,
    staff: &User,
    competition: CompetitionId,
    name: &str,
    email: &str,
    organisation: &str,
    extra: &[(&str, &str)],
) -> User {
    let invited = staff
        .post(
            &format!("/verwaltung/wettbewerbe/{competition}/jury"),
            &[
                ("name", name),
                ("email", email),
                ("organisation", organisation),
            ],
        )
        .await;
    assert_eq!(
        invited.location.as_deref(),
        Some(format!("/verwaltung/wettbewerbe/{competition}/jury").as_str()),
        "{}",
        invited.body
    );
    let mail = app.mail_to(email, "Jury").await;
    let link = link_in(&mail, "/jury/einladung");
    let juror = app.visitor();
    let form = juror.get(&link).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let query = link.split_once('?').unwrap().1.to_owned();
    let value = |key: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
            .unwrap()
            .to_owned()
    };
    let (einladung, n, t) = (value("einladung"), value("n"), value("t"));
    let mut fields = vec![
        ("einladung", einladung.as_str()),
        ("n", n.as_str()),
        ("t", t.as_str()),
        ("name", name),
        ("organisation", organisation),
        ("expertise_Materials", "on"),
        ("password", PASSWORD),
        ("password_repeat", PASSWORD),
        ("vertraulichkeit", "on"),
    ];
    fields.extend_from_slice(extra);
    let accepted = juror.post("/jury/einladung", &fields).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    juror
}

/// A submitted InnoRegio application in review, with two jurors assigned to it.
pub async fn in_review() -> Review {
    let app = spawn_app().await;
    let (competition, anna, application) = app.draft().await;
    complete(&anna, &application).await;
    let sent = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    review_of(app, competition, anna, application).await
}

/// Anna's submitted application in review, with two jurors assigned to it.
pub async fn review_of(
    app: TestApp,
    competition: CompetitionId,
    anna: User,
    application: String,
) -> Review {
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
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

    // Past the submission deadline, before the review deadline.
    let (state, _) =
        wettbewerb::app::load::<Competition>(&app.store, &stream_of::<Competition>(&competition))
            .unwrap();
    let deadline = state.deadline.unwrap();
    app.clock.set(deadline + chrono::Duration::hours(1));
    let now = wettbewerb::clock::Clock::now(&app.clock);
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
    let id = ApplicationId::parse(application.trim_start_matches("/antraege/")).unwrap();
    let (jury, _) =
        wettbewerb::app::load::<Jury>(&app.store, &stream_of::<Jury>(&competition)).unwrap();
    let jurors: Vec<JurorId> = jury.jurors.keys().copied().collect();
    for juror_id in jurors {
        let assign = JuryCommand::Assign {
            stage: 0,
            juror_id,
            application: ApplicationFacts {
                id,
                field: None,
                organisations: vec!["TU Dresden".into()],
            },
            now,
        };
        execute::<Jury>(&app.store, &stream_of::<Jury>(&competition), &actor, assign)
            .await
            .unwrap();
    }
    app.settled().await;
    // Everybody's session began before the deadline.
    anna.log_in("anna@tu-dresden.de", PASSWORD).await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    jana.log_in("jana@uni-jena.de", PASSWORD).await;
    karl.log_in("karl@tu-ilmenau.de", PASSWORD).await;
    Review {
        app,
        competition,
        anna,
        application,
        staff,
        jana,
        karl,
    }
}

/// What follows each criterion's comment in the tests, so that every score is justified at
/// the competition's least length (30 characters by default).
pub const JUSTIFICATION: &str = " – begründet mit Blick auf Ziel, Plan und Konsortium.";

pub fn scores(
    values: [&str; 5],
    comment: &str,
    action: &str,
    revision: &str,
) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = values
        .iter()
        .enumerate()
        .flat_map(|(i, v)| {
            [
                (format!("score_{i}"), v.to_string()),
                (
                    format!("comment_{i}"),
                    format!("{comment} {i}{JUSTIFICATION}"),
                ),
            ]
        })
        .collect();
    fields.push(("overall".into(), format!("{comment} gesamt")));
    fields.push(("confidence".into(), "3".into()));
    fields.push(("action".into(), action.into()));
    fields.push(("revision".into(), revision.into()));
    fields.push(("stage".into(), "0".into()));
    fields
}

pub async fn post_scores(
    user: &User,
    path: &str,
    fields: &[(String, String)],
) -> crate::support::Page {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    user.post(path, &borrowed).await
}

/// The revision the review form carries now.
pub async fn review_revision(user: &User, page: &str) -> String {
    let body = user.get(page).await.body;
    let marker = r#"name="revision" value=""#;
    let start = body.find(marker).map(|s| s + marker.len());
    start
        .map(|s| body[s..].split('"').next().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_juror_confirms_no_conflict_then_scores_saves_and_submits() {
    let r = in_review().await;
    let dashboard = r.jana.get("/jury").await.body;
    assert!(dashboard.contains("0 von 1 bewertet"), "{dashboard}");
    assert!(dashboard.contains("Sensorik-Netzwerk Lausitz"));

    let gate = r.jana.get(&r.page()).await.body;
    assert!(gate.contains("Ich bin nicht befangen"));
    assert!(
        gate.contains("Lausitzer Sensorik GmbH"),
        "the consortium is shown to judge conflicts"
    );
    assert!(
        !gate.contains("Braunkohlefolgelandschaft"),
        "the content only after confirming"
    );
    let editor = r.anna.get(&r.application).await.body;
    let start = editor.find("/dokumente/").unwrap() + "/dokumente/".len();
    let document = format!("{}/dokumente/{}", r.page(), &editor[start..start + 64]);
    assert_eq!(
        r.jana.get(&document).await.status,
        StatusCode::FORBIDDEN,
        "no documents before confirming"
    );

    let confirmed = r.jana.post(&format!("{}/unbefangen", r.page()), &[]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let page = r.jana.get(&r.page()).await.body;
    assert!(page.contains("Braunkohlefolgelandschaft"));
    assert!(
        page.contains("Plausibler Arbeits- und Finanzierungsplan – Mindestwert: 3</p>"),
        "each criterion shows its description and pass mark: {page}"
    );
    assert_eq!(r.jana.get(&document).await.status, StatusCode::OK);

    let draft = post_scores(
        &r.jana,
        &format!("{}/bewertung", r.page()),
        &scores(["4", "", "", "", ""], "Entwurf", "save", ""),
    )
    .await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
    let revision = review_revision(&r.jana, &r.page()).await;
    let incomplete = post_scores(
        &r.jana,
        &format!("{}/bewertung", r.page()),
        &scores(["4", "", "", "", ""], "Unvollständig", "submit", &revision),
    )
    .await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        incomplete.body.contains("Zum Einreichen fehlen Punkte"),
        "{}",
        incomplete.body
    );
    assert!(
        incomplete.body.contains("Unvollständig 0"),
        "the input is kept"
    );

    let complete = post_scores(
        &r.jana,
        &format!("{}/bewertung", r.page()),
        &scores(["4", "3", "5", "4", "4"], "Gut", "submit", &revision),
    )
    .await;
    assert_eq!(complete.status, StatusCode::SEE_OTHER, "{}", complete.body);
    let page = r.jana.get(&r.page()).await.body;
    assert!(page.contains("Gewichtete Summe"));
    assert!(page.contains("(eingereicht)"));
    assert!(r.jana.get("/jury").await.body.contains("1 von 1 bewertet"));
}

#[tokio::test]
async fn two_jurors_score_at_the_same_time_and_see_each_other_only_after_their_own_submission() {
    let r = in_review().await;
    // Both confirm at once: the jury's stream is shared, and neither confirmation may be lost.
    let confirm = format!("{}/unbefangen", r.page());
    let (a, b) = tokio::join!(r.jana.post(&confirm, &[]), r.karl.post(&confirm, &[]));
    assert_eq!(
        (a.status, b.status),
        (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER)
    );
    let path = format!("{}/bewertung", r.page());
    let jana_draft = scores(["4", "4", "4", "4", "4"], "GEHEIM-JANA", "save", "");
    let karl_draft = scores(["2", "2", "2", "2", "2"], "GEHEIM-KARL", "save", "");
    let (a, b) = tokio::join!(
        post_scores(&r.jana, &path, &jana_draft),
        post_scores(&r.karl, &path, &karl_draft)
    );
    assert_eq!(
        (a.status, b.status),
        (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER)
    );

    let revision = review_revision(&r.jana, &r.page()).await;
    let submitted = post_scores(
        &r.jana,
        &path,
        &scores(
            ["4", "4", "4", "4", "4"],
            "GEHEIM-JANA",
            "submit",
            &revision,
        ),
    )
    .await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    // Karl has not submitted: Jana's review stays sealed for him, and his draft for her.
    let karl_page = r.karl.get(&r.page()).await.body;
    assert!(!karl_page.contains("GEHEIM-JANA"), "{karl_page}");
    let jana_page = r.jana.get(&r.page()).await.body;
    assert!(
        !jana_page.contains("GEHEIM-KARL"),
        "a draft is never shown to others"
    );
    for path in [
        "/jury".to_owned(),
        r.application.clone(),
        format!("{}/status", r.application),
        "/antraege".into(),
    ] {
        for user in [&r.karl, &r.anna] {
            let body = user.get(&path).await.body;
            assert!(
                !body.contains("GEHEIM-JANA"),
                "{path} leaks a sealed review"
            );
        }
    }

    let revision = review_revision(&r.karl, &r.page()).await;
    let karl_submits = post_scores(
        &r.karl,
        &path,
        &scores(
            ["2", "2", "2", "2", "2"],
            "GEHEIM-KARL",
            "submit",
            &revision,
        ),
    )
    .await;
    assert_eq!(karl_submits.status, StatusCode::SEE_OTHER);
    assert!(
        r.karl.get(&r.page()).await.body.contains("GEHEIM-JANA 0"),
        "after his own submission Karl sees Jana's review"
    );
    assert!(r.jana.get(&r.page()).await.body.contains("GEHEIM-KARL 0"));
}

/// The read model keeps no comment: the form reads what the juror saved from the review itself.
#[tokio::test]
async fn a_juror_s_saved_draft_comes_back_in_the_form_with_its_comments() {
    let r = in_review().await;
    let confirmed = r.jana.post(&format!("{}/unbefangen", r.page()), &[]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let path = format!("{}/bewertung", r.page());
    let draft = scores(["4", "3", "", "2", "5"], "GESPEICHERT", "save", "");
    assert_eq!(
        post_scores(&r.jana, &path, &draft).await.status,
        StatusCode::SEE_OTHER
    );
    let form = r.jana.get(&r.page()).await.body;
    assert!(
        form.contains(&format!("GESPEICHERT 1{JUSTIFICATION}"))
            && form.contains("GESPEICHERT gesamt"),
        "{form}"
    );
}

#[tokio::test]
async fn a_conflicted_juror_gets_403_on_every_route_of_the_application_and_staff_see_the_conflict()
{
    let r = in_review().await;
    let editor = r.anna.get(&r.application).await.body;
    let start = editor.find("/dokumente/").unwrap() + "/dokumente/".len();
    let sha = editor[start..start + 64].to_owned();
    let declared = r
        .jana
        .post(
            &format!("{}/befangen", r.page()),
            &[("reason", "Mein Institut kooperiert mit der TU Dresden")],
        )
        .await;
    assert_eq!(declared.status, StatusCode::SEE_OTHER, "{}", declared.body);
    assert!(r.jana.get("/jury").await.body.contains("0 von 0 bewertet"));
    assert_eq!(r.jana.get(&r.page()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.jana
            .get(&format!("{}/dokumente/{sha}", r.page()))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        r.jana
            .get(&format!("{}/dokumente/{sha}", r.application))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    for action in ["unbefangen", "befangen", "bewertung"] {
        let page = r
            .jana
            .post(
                &format!("{}/{action}", r.page()),
                &[("reason", "x"), ("action", "save")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{action}");
    }
    let staff_page = r
        .staff
        .get(&format!("/verwaltung/wettbewerbe/{}/jury", r.competition))
        .await
        .body;
    assert!(
        staff_page.contains("Dr. Jana Jury")
            && staff_page.contains("erklärt: „Mein Institut kooperiert mit der TU Dresden“"),
        "staff see the conflict with its reason: {staff_page}"
    );
}

#[tokio::test]
async fn a_review_submitted_after_the_review_closed_is_refused_and_the_input_is_kept() {
    let r = in_review().await;
    r.jana.post(&format!("{}/unbefangen", r.page()), &[]).await;
    r.app.clock.advance(chrono::Duration::days(400));
    r.jana.log_in("jana@uni-jena.de", PASSWORD).await;
    let late = post_scores(
        &r.jana,
        &format!("{}/bewertung", r.page()),
        &scores(["4", "4", "4", "4", "4"], "Zu spät", "submit", ""),
    )
    .await;
    assert_eq!(
        late.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        late.body
    );
    assert!(late.body.contains("Die Begutachtung ist geschlossen"));
    assert!(late.body.contains("Zu spät 0"), "the juror's input is kept");
}

#[tokio::test]
async fn every_jury_route_admits_only_the_assigned_juror_without_a_conflict() {
    let r = in_review().await;
    let outsider = crate::jury::invite_and_accept(
        &r.app,
        &r.staff,
        r.competition,
        "Olga Außen",
        "olga@example.org",
        "Außen GmbH",
    )
    .await;
    r.jana.post(&format!("{}/unbefangen", r.page()), &[]).await;
    let editor = r.anna.get(&r.application).await.body;
    let start = editor.find("/dokumente/").unwrap() + "/dokumente/".len();
    let document = format!("{}/dokumente/{}", r.page(), &editor[start..start + 64]);
    let anonymous = r.app.visitor();
    let people: [(&str, &User); 5] = [
        ("anonymous", &anonymous),
        ("applicant", &r.anna),
        ("unassigned juror", &outsider),
        ("staff", &r.staff),
        ("assigned juror", &r.jana),
    ];
    let gets = [
        (r.page(), ["login", "403", "403", "403", "200"]),
        (document, ["login", "403", "403", "403", "200"]),
        ("/jury".into(), ["login", "403", "200", "403", "200"]),
    ];
    for (path, expected) in &gets {
        for ((who, user), expect) in people.iter().zip(expected) {
            let page = user.get(path).await;
            let got = match page.status {
                StatusCode::SEE_OTHER
                    if page
                        .location
                        .as_deref()
                        .is_some_and(|l| l.starts_with("/anmelden")) =>
                {
                    "login"
                }
                StatusCode::FORBIDDEN => "403",
                StatusCode::OK => "200",
                other => panic!("{other} for {who} on {path}"),
            };
            assert_eq!(got, *expect, "GET {path} as {who}");
        }
    }
    for action in ["unbefangen", "befangen", "bewertung"] {
        for (who, user) in people.iter().take(4) {
            let page = user
                .post(&format!("{}/{action}", r.page()), &[("reason", "x")])
                .await;
            let refused = page.status == StatusCode::FORBIDDEN
                || (page.status == StatusCode::SEE_OTHER
                    && page
                        .location
                        .as_deref()
                        .is_some_and(|l| l.starts_with("/anmelden")));
            assert!(refused, "POST {action} as {who}: {}", page.status);
        }
    }
    let staff_page = format!("/verwaltung/wettbewerbe/{}/jury", r.competition);
    for (who, user) in people.iter().take(3).chain(std::iter::once(&people[4])) {
        let status = user.get(&staff_page).await.status;
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::SEE_OTHER,
            "{who}: {status}"
        );
    }
    assert_eq!(r.staff.get(&staff_page).await.status, StatusCode::OK);
}

#[tokio::test]
async fn conflicts_stated_after_accepting_reach_staff_and_the_link_then_leads_to_login_or_jury() {
    let app = spawn_app().await;
    let (competition, anna, application) = app.draft().await;
    complete(&anna, &application).await;
    let sent = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let id = application.trim_start_matches("/antraege/").to_owned();
    let olga = invite_and_accept(
        &app,
        &staff,
        competition,
        "Olga Orth",
        "olga@tu-dresden.de",
        "Hochschule Zittau",
    )
    .await;
    // After the seat is accepted, the competition's applications are named with their
    // consortia, and the known conflicts are declared there.
    let known = format!("/jury/{competition}/befangenheiten");
    let page = olga.get(&known).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("Sensorik-Netzwerk Lausitz (TU Dresden, Lausitzer Sensorik GmbH"),
        "{}",
        page.body
    );
    // Among hundreds, the juror searches for their own organisation.
    let found = olga
        .get(&format!("{known}?suche=lausitzer+sensorik"))
        .await
        .body;
    assert!(found.contains("Sensorik-Netzwerk Lausitz"), "{found}");
    assert!(found.contains("Treffer: 1 von 1"), "{found}");
    let none = olga.get(&format!("{known}?suche=Rostock")).await.body;
    assert!(!none.contains("Sensorik-Netzwerk Lausitz ("), "{none}");
    assert!(none.contains("Treffer: 0 von 1"), "{none}");
    let conflict = format!("conflict_{id}");
    let declared = olga
        .post(
            &known,
            &[
                (conflict.as_str(), "on"),
                ("conflict_reason", "eigene Hochschule"),
            ],
        )
        .await;
    assert_eq!(declared.status, StatusCode::SEE_OTHER, "{}", declared.body);
    assert!(
        olga.get("/jury")
            .await
            .body
            .contains("Ihre Befangenheit ist für einen Antrag erklärt")
    );
    // The same form sent again (a double click) records nothing: the first reason stands.
    olga.post(
        &known,
        &[
            (conflict.as_str(), "on"),
            ("conflict_reason", "zweiter Grund"),
        ],
    )
    .await;
    let page = staff
        .get(&format!("/verwaltung/wettbewerbe/{competition}/jury"))
        .await
        .body;
    assert!(
        page.contains("Olga Orth") && page.contains("angenommen"),
        "{page}"
    );
    assert!(
        page.contains("Sensorik-Netzwerk Lausitz") && page.contains("eigene Hochschule"),
        "{page}"
    );
    assert!(!page.contains("zweiter Grund"), "{page}");
    // The audit log says the seat came with the confidentiality declaration.
    let audit = staff
        .get(&format!("/verwaltung/protokoll/wettbewerb/{competition}"))
        .await
        .body;
    assert!(
        audit.contains("Olga Orth nahm die Einladung an und gab die Vertraulichkeitserklärung ab."),
        "{audit}"
    );
    // The link followed again: to the login when logged out, to the jury pages when logged in.
    let mail = app.mail_to("olga@tu-dresden.de", "Jury").await;
    let link = link_in(&mail, "/jury/einladung");
    let again = app.visitor().get(&link).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert_eq!(again.location.as_deref(), Some("/anmelden"));
    let again = olga.get(&link).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert_eq!(again.location.as_deref(), Some("/jury"));
    // A link whose signature does not hold is still refused.
    let forged = app.visitor().get(&format!("{link}x")).await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_organisation_given_when_accepting_reveals_a_conflict_and_an_old_link_expires() {
    let app = spawn_app().await;
    let (competition, anna, application) = app.draft().await;
    complete(&anna, &application).await;
    assert_eq!(
        anna.post(&format!("{application}/einreichen"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    for (name, email) in [
        ("Paul Platz", "paul@example.org"),
        ("Vera Spät", "vera@example.org"),
    ] {
        let invited = staff
            .post(
                &format!("/verwaltung/wettbewerbe/{competition}/jury"),
                &[
                    ("name", name),
                    ("email", email),
                    ("organisation", "Platzhalter"),
                ],
            )
            .await;
        assert_eq!(invited.status, StatusCode::SEE_OTHER);
    }
    // Paul is assigned before he accepts, as staff may do.
    let (jury, _) =
        wettbewerb::app::load::<Jury>(&app.store, &stream_of::<Jury>(&competition)).unwrap();
    let paul = *jury
        .jurors
        .iter()
        .find(|(_, j)| j.email.as_str() == "paul@example.org")
        .unwrap()
        .0;
    let id = ApplicationId::parse(application.trim_start_matches("/antraege/")).unwrap();
    let now = wettbewerb::clock::Clock::now(&app.clock);
    let assign = JuryCommand::Assign {
        stage: 0,
        juror_id: paul,
        application: ApplicationFacts {
            id,
            field: None,
            organisations: vec![],
        },
        now,
    };
    execute::<Jury>(
        &app.store,
        &stream_of::<Jury>(&competition),
        &Actor::system(),
        assign,
    )
    .await
    .unwrap();
    app.settled().await;

    let mail = app.mail_to("paul@example.org", "Jury").await;
    let link = link_in(&mail, "/jury/einladung");
    let query = link.split_once('?').unwrap().1.to_owned();
    let value = |key: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
            .unwrap()
            .to_owned()
    };
    let paul_browser = app.visitor();
    let (einladung, n, t) = (value("einladung"), value("n"), value("t"));
    let accepted = paul_browser
        .post(
            "/jury/einladung",
            &[
                ("einladung", einladung.as_str()),
                ("n", n.as_str()),
                ("t", t.as_str()),
                ("name", "Paul Platz"),
                ("organisation", "TU Dresden"),
                ("password", PASSWORD),
                ("password_repeat", PASSWORD),
                ("vertraulichkeit", "on"),
            ],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let page = format!("/jury/{competition}/antraege/{id}");
    assert_eq!(
        paul_browser.get(&page).await.status,
        StatusCode::FORBIDDEN,
        "his own university's application"
    );
    let staff_page = staff
        .get(&format!("/verwaltung/wettbewerbe/{competition}/jury"))
        .await
        .body;
    assert!(
        staff_page.contains("erkannt (eigene Einrichtung)"),
        "{staff_page}"
    );

    // Vera waits too long.
    let mail = app.mail_to("vera@example.org", "Jury").await;
    app.clock.advance(chrono::Duration::days(31));
    let late = app.visitor().get(&link_in(&mail, "/jury/einladung")).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("nicht (mehr) gültig"));
}

#[tokio::test]
async fn an_unverified_registration_of_the_address_does_not_block_the_juror_invitation() {
    let app = spawn_app().await;
    let competition = app
        .open_competition(wettbewerb::domain::presets::Preset::BioRegio)
        .await;
    // Someone registers the juror's address and never follows the verification link.
    let squatter = app.visitor();
    let registered = squatter
        .post(
            "/registrieren",
            &[
                ("name", "Jemand"),
                ("email", "jana@uni-jena.de"),
                ("password", "ein-anderes-passwort"),
                ("password_repeat", "ein-anderes-passwort"),
                ("privacy_consent", "on"),
            ],
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;

    let jana = invite_and_accept(
        &app,
        &staff,
        competition,
        "Dr. Jana Jury",
        "jana@uni-jena.de",
        "Universität Jena",
    )
    .await;
    let dashboard = jana.get("/jury").await;
    assert_eq!(dashboard.status, StatusCode::OK, "{}", dashboard.body);
    assert!(
        dashboard.body.contains("Dr. Jana Jury"),
        "{}",
        dashboard.body
    );

    // The account is the juror's now: her password logs in, the unverified one's does not.
    let again = app.visitor();
    again.log_in("jana@uni-jena.de", PASSWORD).await;
    assert_eq!(again.get("/jury").await.status, StatusCode::OK);
    let refused = app
        .visitor()
        .post(
            "/anmelden",
            &[
                ("email", "jana@uni-jena.de"),
                ("password", "ein-anderes-passwort"),
            ],
        )
        .await;
    assert_ne!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);
}
