//! The juror's own pages: the overview with scores and past stages, confirming several
//! applications free of conflict at once, all documents as one ZIP, a PDF beside the form, and
//! the invitation's confidentiality declaration.

use std::io::{Cursor, Read};

use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::Clock;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::application::{Application, ApplicationCommand, DocumentRef};
use wettbewerb::domain::competition::{Candidate, Competition, CompetitionCommand, Outcome};
use wettbewerb::domain::ids::{ApplicationId, CompetitionId, JurorId};
use wettbewerb::domain::jury::{ApplicationFacts, Jury, JuryCommand};
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::applicant_flow::complete;
use crate::jury::{invite_and_accept, post_scores, review_revision, scores};
use crate::support::{PASSWORD, TestApp, User, link_in, spawn_app};

/// Two submitted applications in review, both assigned to Jana (who has confirmed nothing yet);
/// Bert's also carries a file that is not a PDF, stored before uploads were checked.
struct Panel {
    app: TestApp,
    competition: CompetitionId,
    staff: User,
    jana: User,
    /// Anna's "Sensorik-Netzwerk Lausitz" and Bert's "Meerestechnik Rostock".
    sensorik: ApplicationId,
    meer: ApplicationId,
}

impl Panel {
    fn page(&self, application: ApplicationId) -> String {
        format!("/jury/{}/antraege/{application}", self.competition)
    }
}

fn id_of(path: &str) -> ApplicationId {
    ApplicationId::parse(path.trim_start_matches("/antraege/")).unwrap()
}

async fn retitle(user: &User, application: &str, title: &str) {
    let revision = user.revision(application).await;
    let saved = user
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", title),
                ("summary", "Sensoren und Schiffe."),
                ("field", "Materials"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    crate::financing_support::fund(user, application, "2.000.000,00", "900.000,00").await;
}

async fn panel() -> Panel {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let anna = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let first = anna
        .create_application(competition, "Sensorik Lausitz", "TU Dresden", "Sachsen")
        .await;
    complete(&anna, &first).await;
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
    retitle(&bert, &second, "Meerestechnik Rostock").await;
    // A file that is no PDF, as an older version may have stored.
    let documents =
        wettbewerb::documents::DocumentStore::open(app.data.path()).expect("the document store");
    let bytes = b"<html><script>alert(1)</script></html>".to_vec();
    let sha256 = documents.save(&bytes).unwrap();
    execute::<Application>(
        &app.store,
        &stream_of::<Application>(&id_of(&second)),
        &Actor::system(),
        ApplicationCommand::AttachDocument {
            document: DocumentRef {
                sha256,
                file_name: "Anlage.html".into(),
                size: bytes.len() as u64,
            },
            now: Clock::now(&app.clock),
        },
    )
    .await
    .unwrap();
    app.settled().await;
    for (user, path) in [(&anna, &first), (&bert, &second)] {
        let sent = user.post(&format!("{path}/einreichen"), &[]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    }
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
    let (state, _) =
        wettbewerb::app::load::<Competition>(&app.store, &stream_of::<Competition>(&competition))
            .unwrap();
    app.clock
        .set(state.deadline.unwrap() + chrono::Duration::hours(1));
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
    let (jury, _) =
        wettbewerb::app::load::<Jury>(&app.store, &stream_of::<Jury>(&competition)).unwrap();
    let juror: JurorId = *jury.jurors.keys().next().unwrap();
    for application in [id_of(&first), id_of(&second)] {
        execute::<Jury>(
            &app.store,
            &stream_of::<Jury>(&competition),
            &Actor::system(),
            JuryCommand::Assign {
                stage: 0,
                juror_id: juror,
                application: ApplicationFacts {
                    id: application,
                    field: None,
                    organisations: vec![],
                },
                now,
            },
        )
        .await
        .unwrap();
    }
    app.settled().await;
    jana.log_in("jana@uni-jena.de", PASSWORD).await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    Panel {
        app,
        competition,
        staff,
        jana,
        sensorik: id_of(&first),
        meer: id_of(&second),
    }
}

async fn run(app: &TestApp, competition: CompetitionId, commands: Vec<CompetitionCommand>) {
    for command in commands {
        execute::<Competition>(
            &app.store,
            &stream_of::<Competition>(&competition),
            &Actor::new("staff", "staff"),
            command,
        )
        .await
        .unwrap();
    }
    app.settled().await;
}

/// The response itself, for its headers and bytes.
async fn raw_get(user: &User, path: &str) -> reqwest::Response {
    user.client
        .get(format!("{}{path}", user.address))
        .send()
        .await
        .unwrap()
}

/// The table row of the dashboard that names `title`.
fn row<'a>(page: &'a str, title: &str) -> &'a str {
    let start = page
        .find(&format!(">{title}<"))
        .unwrap_or_else(|| panic!("{title} is not on {page}"));
    let row_start = page[..start].rfind("<tr>").unwrap();
    let end = start + page[start..].find("</tr>").unwrap();
    &page[row_start..end]
}

/// The weighted total the scoring page shows.
fn weighted_on(page: &str) -> String {
    let marker = "Gewichtete Summe: <strong>";
    let start = page.find(marker).unwrap_or_else(|| panic!("{page}")) + marker.len();
    page[start..start + page[start..].find('<').unwrap()].to_owned()
}

#[tokio::test]
async fn several_applications_are_confirmed_free_of_conflict_on_one_page_each_recorded() {
    let p = panel().await;
    let check = format!("/jury/{}/unbefangen", p.competition);
    let dashboard = p.jana.get("/jury").await.body;
    assert!(
        dashboard.contains("Befangenheit prüfen: 2 Anträge warten auf Ihre Erklärung"),
        "{dashboard}"
    );
    let page = p.jana.get(&check).await;
    assert_eq!(page.status, StatusCode::OK);
    for named in [
        "Sensorik-Netzwerk Lausitz",
        "TU Dresden (Sachsen)",
        "Lausitzer Sensorik GmbH",
        "Meerestechnik Rostock",
        "Universität Rostock",
    ] {
        assert!(page.body.contains(named), "{named}: {}", page.body);
    }

    // Nothing ticked: the page comes back with the reason beside the list.
    let nothing = p.jana.post(&check, &[]).await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        nothing
            .body
            .contains(r#"id="antraege-error">Bitte wählen Sie mindestens einen Antrag."#),
        "{}",
        nothing.body
    );
    // An application that is not hers is refused, and the ticks stay.
    let foreign = format!("antrag_{}", ApplicationId::MAX);
    let sensorik = format!("antrag_{}", p.sensorik);
    let meer = format!("antrag_{}", p.meer);
    let refused = p
        .jana
        .post(
            &check,
            &[(sensorik.as_str(), "on"), (foreign.as_str(), "on")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("nicht zugeordnet"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains(&format!(r#"name="{sensorik}" value="on" checked"#)),
        "{}",
        refused.body
    );

    // Without the session's token nothing is recorded.
    let forged = p
        .jana
        .post_raw(&check, &[(sensorik.as_str(), "on"), (meer.as_str(), "on")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let confirmed = p
        .jana
        .post(&check, &[(sensorik.as_str(), "on"), (meer.as_str(), "on")])
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let dashboard = p.jana.get("/jury").await.body;
    assert!(
        dashboard.contains("Sie haben für 2 Anträge bestätigt, nicht befangen zu sein."),
        "{dashboard}"
    );
    // One event per application, each naming it.
    let events: Vec<ApplicationId> = p
        .app
        .store
        .read_stream(
            &stream_of::<Jury>(&p.competition),
            Direction::Forwards,
            ReadFrom::Start,
            usize::MAX,
        )
        .unwrap()
        .into_iter()
        .filter(|e| e.event_type == "NoConflictConfirmed")
        .map(|e| ApplicationId::parse(e.data["application_id"].as_str().unwrap()).unwrap())
        .collect();
    let mut expected = vec![p.sensorik, p.meer];
    expected.sort();
    let mut got = events;
    got.sort();
    assert_eq!(got, expected);
    // Both pages show the content now, and the check page has nothing left.
    assert!(
        p.jana
            .get(&p.page(p.meer))
            .await
            .body
            .contains("Sensoren und Schiffe.")
    );
    assert!(
        p.jana
            .get(&check)
            .await
            .body
            .contains("Für alle Ihnen zugeordneten Anträge dieser Stufe liegt Ihre Erklärung vor.")
    );
}

#[tokio::test]
async fn the_overview_shows_own_scores_drafts_sorting_and_the_stages_before() {
    let p = panel().await;
    for application in [p.sensorik, p.meer] {
        let confirmed = p
            .jana
            .post(&format!("{}/unbefangen", p.page(application)), &[])
            .await;
        assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    }
    // A complete draft of one, the other submitted low.
    let saved = post_scores(
        &p.jana,
        &format!("{}/bewertung", p.page(p.sensorik)),
        &scores(["5", "4", "5", "4", "5"], "Stark", "save", ""),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let revision = review_revision(&p.jana, &p.page(p.meer)).await;
    let submitted = post_scores(
        &p.jana,
        &format!("{}/bewertung", p.page(p.meer)),
        &scores(["1", "2", "1", "2", "1"], "Schwach", "submit", &revision),
    )
    .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let draft_total = weighted_on(&p.jana.get(&p.page(p.sensorik)).await.body);
    let final_total = weighted_on(&p.jana.get(&p.page(p.meer)).await.body);

    let dashboard = p.jana.get("/jury").await.body;
    assert!(dashboard.contains("1 von 2 bewertet"), "{dashboard}");
    let sensorik = row(&dashboard, "Sensorik-Netzwerk Lausitz");
    assert!(sensorik.contains("Entwurf gespeichert"), "{sensorik}");
    assert!(
        sensorik.contains(&format!(
            "{draft_total} <span class=\"hint\">(Entwurf)</span>"
        )),
        "the draft's score, the same as on the scoring page, marked: {sensorik}"
    );
    let meer = row(&dashboard, "Meerestechnik Rostock");
    assert!(meer.contains("eingereicht"), "{meer}");
    assert!(
        meer.contains(&final_total) && !meer.contains("(Entwurf)"),
        "{meer}"
    );

    // Sorting: by title by default, by score (highest first), by state (to do first).
    let position = |page: &str, title: &str| page.find(&format!(">{title}<")).unwrap();
    let before = |page: &str, a: &str, b: &str| position(page, a) < position(page, b);
    assert!(before(
        &dashboard,
        "Meerestechnik Rostock",
        "Sensorik-Netzwerk Lausitz"
    ));
    let by_score = p.jana.get("/jury?sortierung=punkte").await.body;
    assert!(before(
        &by_score,
        "Sensorik-Netzwerk Lausitz",
        "Meerestechnik Rostock"
    ));
    assert!(by_score.contains(r#"aria-sort="descending""#));
    let by_state = p.jana.get("/jury?sortierung=stand").await.body;
    assert!(before(
        &by_state,
        "Sensorik-Netzwerk Lausitz",
        "Meerestechnik Rostock"
    ));

    // The next stage opens: the concept stage's work stays listed, with its deadline.
    let now = Clock::now(&p.app.clock);
    run(
        &p.app,
        p.competition,
        vec![
            CompetitionCommand::Decide {
                candidate: Candidate {
                    requested_per_year: Default::default(),
                    application_id: p.sensorik,
                    in_review: true,
                    requested: Cents::million_euros(2),
                },
                outcome: Outcome::Shortlisted,
                now,
            },
            CompetitionCommand::FinaliseResults {
                entries: vec![p.sensorik, p.meer],
                now,
            },
            CompetitionCommand::ReleaseResults { now },
        ],
    )
    .await;
    let control = format!("/verwaltung/wettbewerbe/{}", p.competition);
    let opened = p
        .staff
        .confirm(&format!("{control}/schritt/stufe-oeffnen"), &[])
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let later = p.jana.get("/jury").await.body;
    assert!(later.contains("<h3>Umsetzungsphase</h3>"), "{later}");
    assert!(later.contains("0 von 0 bewertet"), "{later}");
    assert!(
        later.contains("<h3>Qualifizierungsphase (abgeschlossen)</h3>"),
        "{later}"
    );
    assert!(
        later.contains("1 von 2 bewertet"),
        "the concept stage's work: {later}"
    );
    let old = row(&later, "Meerestechnik Rostock");
    assert!(old.contains(&final_total), "{old}");
    assert!(
        !old.contains("href="),
        "an earlier stage's application is listed, not linked: {old}"
    );
    assert!(
        later.matches("Begutachtung bis").count() >= 2,
        "a deadline per stage: {later}"
    );
}

/// The ZIP's entry names and, per entry, its bytes.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a ZIP file");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().into_owned(), content)
        })
        .collect()
}

#[tokio::test]
async fn all_documents_of_the_stage_come_as_one_zip_without_a_conflicted_application() {
    let p = panel().await;
    let zip = format!("/jury/{}/unterlagen.zip", p.competition);
    // Nothing cleared yet: nothing to download, said so.
    let empty = p.jana.get(&zip).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("keine Unterlagen"), "{}", empty.body);

    assert!(!p.jana.get("/jury").await.body.contains("unterlagen.zip"));
    let confirmed = p
        .jana
        .post(&format!("{}/unbefangen", p.page(p.sensorik)), &[])
        .await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    assert!(
        p.jana.get("/jury").await.body.contains(&format!(
            r#"<a href="/jury/{}/unterlagen.zip" download>"#,
            p.competition
        )),
        "the overview offers the ZIP once a document is cleared"
    );
    let declared = p
        .jana
        .post(
            &format!("{}/befangen", p.page(p.meer)),
            &[("reason", "Ich berate die Universität Rostock.")],
        )
        .await;
    assert_eq!(declared.status, StatusCode::SEE_OTHER);

    let response = raw_get(&p.jana, &zip).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let bytes = response.bytes().await.unwrap();
    let got = entries(&bytes);
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    // The documents and the signed letter of the pledge.
    assert_eq!(
        names,
        [
            "Sensorik-Netzwerk Lausitz/Skizze.pdf",
            "Sensorik-Netzwerk Lausitz/Absichtserklaerung.pdf"
        ]
    );
    assert_eq!(got[0].1, crate::support::pdf("Skizze"));
    assert!(
        !names
            .iter()
            .any(|n| n.contains("Meerestechnik") || n.contains("Anlage")),
        "the conflicted application's files are absent"
    );
    // Other people get no ZIP.
    assert_eq!(p.staff.get(&zip).await.status, StatusCode::FORBIDDEN);
    let anonymous = p.app.visitor().get(&zip).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location.unwrap().starts_with("/anmelden"));
}

#[tokio::test]
async fn a_pdf_opens_inline_beside_the_form_and_anything_else_downloads_in_a_sandbox() {
    let p = panel().await;
    for application in [p.sensorik, p.meer] {
        let confirmed = p
            .jana
            .post(&format!("{}/unbefangen", p.page(application)), &[])
            .await;
        assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    }
    let page = raw_get(&p.jana, &p.page(p.sensorik)).await;
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("frame-src 'self'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    let body = page.text().await.unwrap();
    let marker = "<iframe name=\"dokument\" src=\"";
    let start = body.find(marker).unwrap_or_else(|| panic!("{body}")) + marker.len();
    let view = body[start..start + body[start..].find('"').unwrap()].to_owned();
    assert!(view.ends_with("/ansicht"), "{view}");
    let download = view.trim_end_matches("/ansicht").to_owned();
    assert!(
        body.contains(&format!(
            r#"<a href="{download}">herunterladen<span class="skip">"#
        )),
        "a plain download link beside the frame: {body}"
    );
    // The frame is no stop of the Tab key; keyboard users open the document on its own.
    assert!(
        body.contains(r#"tabindex="-1"></iframe>"#)
            && body.contains(&format!(
                r#"<a href="{view}" target="_blank">in eigenem Fenster<span class="skip">"#
            )),
        "{body}"
    );

    let inline = raw_get(&p.jana, &view).await;
    assert_eq!(inline.status(), StatusCode::OK);
    let header = |name: &str| inline.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "application/pdf");
    assert!(
        header("content-disposition").starts_with("inline"),
        "{}",
        header("content-disposition")
    );
    // Framed by the service only; no sandbox, under which Chromium refuses its PDF viewer.
    let policy = header("content-security-policy");
    assert_eq!(policy, "frame-ancestors 'self'");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("x-frame-options"), "SAMEORIGIN");

    // The file that is no PDF is sent to be saved, even when asked for inline.
    let other = p.jana.get(&p.page(p.meer)).await.body;
    let start = other.find("/dokumente/").unwrap();
    let shas: Vec<&str> = other[start..]
        .split("/dokumente/")
        .skip(1)
        .map(|s| &s[..64])
        .collect();
    let mut saw_attachment = false;
    for sha in shas {
        let response = raw_get(
            &p.jana,
            &format!("{}/dokumente/{sha}/ansicht", p.page(p.meer)),
        )
        .await;
        let disposition = response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        if disposition.contains("Anlage.html") {
            assert!(disposition.starts_with("attachment"), "{disposition}");
            assert_eq!(
                response.headers()["content-type"],
                "application/octet-stream"
            );
            let policy = response.headers()["content-security-policy"]
                .to_str()
                .unwrap();
            assert!(policy.contains("sandbox"), "{policy}");
            saw_attachment = true;
        }
    }
    assert!(saw_attachment, "{other}");

    // A juror not assigned to the application is refused.
    let karl = invite_and_accept(
        &p.app,
        &p.staff,
        p.competition,
        "Prof. Karl Kern",
        "karl@tu-ilmenau.de",
        "TU Ilmenau",
    )
    .await;
    assert_eq!(karl.get(&view).await.status, StatusCode::FORBIDDEN);
    assert_eq!(karl.get(&download).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_seat_needs_the_confidentiality_declaration_and_shows_no_consortium_before() {
    let app = spawn_app().await;
    let (competition, anna, application) = app.draft().await;
    complete(&anna, &application).await;
    let sent = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let invited = staff
        .post(
            &format!("/verwaltung/wettbewerbe/{competition}/jury"),
            &[
                ("name", "Olga Orth"),
                ("email", "olga@example.org"),
                ("organisation", "Hochschule Zittau"),
            ],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER);
    let link = link_in(
        &app.mail_to("olga@example.org", "Jury").await,
        "/jury/einladung",
    );
    let olga = app.visitor();
    let form = olga.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    for secret in [
        "Sensorik-Netzwerk Lausitz",
        "Lausitzer Sensorik GmbH",
        "TU Dresden",
    ] {
        assert!(!form.body.contains(secret), "{secret} before accepting");
    }
    assert!(
        form.body.contains("Ich behandle alle Anträge"),
        "{}",
        form.body
    );

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
        ("name", "Olga Orth"),
        ("organisation", "Hochschule Zittau"),
        ("expertise_Materials", "on"),
        ("password", PASSWORD),
        ("password_repeat", PASSWORD),
    ];
    let refused = olga.post("/jury/einladung", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(
            r#"id="vertraulichkeit-error">Bitte bestätigen Sie die Vertraulichkeitserklärung"#
        ),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"value="Hochschule Zittau""#),
        "kept"
    );
    assert!(
        refused
            .body
            .contains(r#"name="expertise_Materials" value="on" checked"#),
        "kept: {}",
        refused.body
    );
    assert!(!refused.body.contains("Lausitzer Sensorik GmbH"));
    // Nothing was written: no seat, no profile.
    let (jury, _) =
        wettbewerb::app::load::<Jury>(&app.store, &stream_of::<Jury>(&competition)).unwrap();
    assert!(jury.accepted.is_empty());
    assert!(jury.jurors.values().all(|j| j.expertise.is_empty()));

    fields.push(("vertraulichkeit", "on"));
    let accepted = olga.post("/jury/einladung", &fields).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert_eq!(
        accepted.location.as_deref(),
        Some(format!("/jury/{competition}/befangenheiten").as_str())
    );
    // The declaration is in the acceptance, with its text and time.
    let acceptance = app
        .store
        .read_stream(
            &stream_of::<Jury>(&competition),
            Direction::Forwards,
            ReadFrom::Start,
            usize::MAX,
        )
        .unwrap()
        .into_iter()
        .find(|e| e.event_type == "InvitationAccepted")
        .expect("accepted");
    let declaration = &acceptance.data["confidentiality"];
    assert_eq!(
        declaration["text"],
        wettbewerb::domain::jury::CONFIDENTIALITY_DE
    );
    assert_eq!(
        declaration["at"],
        serde_json::to_value(Clock::now(&app.clock)).unwrap()
    );
    // Only now the consortia.
    let known = olga
        .get(&format!("/jury/{competition}/befangenheiten"))
        .await;
    assert!(
        known.body.contains("Lausitzer Sensorik GmbH"),
        "{}",
        known.body
    );
}

#[tokio::test]
async fn the_list_of_all_applications_for_known_conflicts_closes_with_the_first_assignment() {
    // Jana is assigned both applications of the stage (see `panel`).
    let p = panel().await;
    let known = format!("/jury/{}/befangenheiten", p.competition);
    let page = p.jana.get(&known).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/jury"));
    let overview = p.jana.get("/jury").await.body;
    assert!(
        overview
            .contains("Eine Befangenheit erklären Sie nun auf der Seite des zugeordneten Antrags."),
        "{overview}"
    );
    // Nor can the list be posted to: nothing is declared.
    let conflict = format!("conflict_{}", p.sensorik);
    let posted = p
        .jana
        .post(
            &known,
            &[(conflict.as_str(), "on"), ("conflict_reason", "")],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    let (jury, _) =
        wettbewerb::app::load::<Jury>(&p.app.store, &stream_of::<Jury>(&p.competition)).unwrap();
    assert!(jury.conflicts.is_empty(), "{:?}", jury.conflicts);
}
