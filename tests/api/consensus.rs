//! The consensus report through a review round: staff name a rapporteur, the rapporteur drafts
//! once their own review is in, one juror agrees and another objects with a reason, staff close
//! it with the dissent; the ranking shows and orders by it, `konsens.csv` carries it; after the
//! release the consortium reads the evaluation summary on its status page and in its result
//! mail, without any juror's name. A conflicted juror and the applicant never see it.

use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::Clock;
use wettbewerb::domain::competition::{Candidate, Competition, CompetitionCommand, Outcome};
use wettbewerb::domain::ids::{ApplicationId, JurorId};
use wettbewerb::domain::jury::{ApplicationFacts, Jury, JuryCommand};
use wettbewerb::domain::money::Cents;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::jury::{Review, in_review, invite_and_accept, post_scores, review_revision, scores};
use crate::support::{PASSWORD, User, hidden_value};

const OBJECTION: &str = "Die Verwertung ist zu hoch bewertet; der Plan nennt keine Abnehmer.";

fn events_of(r: &Review, kind: &str) -> Vec<wettbewerb::event_store::RecordedEvent> {
    r.app
        .store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.event_type == kind)
        .collect()
}

fn application_id(r: &Review) -> ApplicationId {
    ApplicationId::parse(r.application.trim_start_matches("/antraege/")).unwrap()
}

fn juror_id(r: &Review, email: &str) -> JurorId {
    let (jury, _) =
        wettbewerb::app::load::<Jury>(&r.app.store, &stream_of::<Jury>(&r.competition)).unwrap();
    jury.jurors
        .iter()
        .find(|(_, j)| j.email.as_str() == email)
        .map(|(id, _)| *id)
        .unwrap()
}

/// A third juror, Otto, and Lena, who declares a conflict; both assigned.
async fn two_more(r: &Review) -> (User, User) {
    let mut users = Vec::new();
    for (name, email) in [
        ("Dr. Otto Ober", "otto@uni-halle.de"),
        ("Dr. Lena Lang", "lena@uni-rostock.de"),
    ] {
        let user =
            invite_and_accept(&r.app, &r.staff, r.competition, name, email, "Universität").await;
        let assign = JuryCommand::Assign {
            stage: 0,
            juror_id: juror_id(r, email),
            application: ApplicationFacts {
                id: application_id(r),
                field: None,
                organisations: vec!["TU Dresden".into()],
            },
            now: Clock::now(&r.app.clock),
        };
        execute::<Jury>(
            &r.app.store,
            &stream_of::<Jury>(&r.competition),
            &Actor::new("staff", "staff"),
            assign,
        )
        .await
        .unwrap();
        user.log_in(email, PASSWORD).await;
        users.push(user);
    }
    r.app.settled().await;
    let lena = users.pop().unwrap();
    let otto = users.pop().unwrap();
    (otto, lena)
}

pub async fn submit_review(r: &Review, juror: &User, values: [&str; 5], comment: &str) {
    let confirmed = juror.post(&format!("{}/unbefangen", r.page()), &[]).await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let revision = review_revision(juror, &r.page()).await;
    let sent = post_scores(
        juror,
        &format!("{}/bewertung", r.page()),
        &scores(values, comment, "submit", &revision),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
}

fn draft_fields(comment: &str, overall: &str, revision: &str) -> Vec<(String, String)> {
    // InnoRegio's first stage has four criteria.
    let mut fields: Vec<(String, String)> = (0..4)
        .flat_map(|i| {
            [
                (format!("score_{i}"), "4".to_owned()),
                (format!("comment_{i}"), format!("{comment} {i}")),
            ]
        })
        .collect();
    fields.push(("overall".into(), overall.into()));
    fields.push(("action".into(), "draft".into()));
    fields.push(("revision".into(), revision.into()));
    fields
}

async fn decide_and_release(r: &Review) {
    let now = Clock::now(&r.app.clock);
    let id = application_id(r);
    for command in [
        CompetitionCommand::Decide {
            candidate: Candidate {
                requested_per_year: Default::default(),
                application_id: id,
                in_review: true,
                requested: Cents::euros(1_000_000),
            },
            outcome: Outcome::Shortlisted,
            now,
        },
        CompetitionCommand::FinaliseResults {
            entries: vec![id],
            now,
        },
        CompetitionCommand::ReleaseResults { now },
    ] {
        execute::<Competition>(
            &r.app.store,
            &stream_of::<Competition>(&r.competition),
            &Actor::new("staff", "staff"),
            command,
        )
        .await
        .unwrap();
    }
    r.app.settled().await;
}

#[tokio::test]
async fn a_consensus_is_drafted_answered_closed_with_dissent_and_read_by_the_consortium() {
    let r = in_review().await;
    let (otto, lena) = two_more(&r).await;
    let declared = lena
        .post(
            &format!("{}/befangen", r.page()),
            &[("reason", "Ich berate einen Partner des Konsortiums.")],
        )
        .await;
    assert_eq!(declared.status, StatusCode::SEE_OTHER, "{}", declared.body);
    let konsens = format!("{}/konsens", r.page());
    let staff_konsens = format!(
        "/verwaltung/wettbewerbe/{}/antraege/{}/konsens",
        r.competition,
        application_id(&r)
    );
    let rapporteurs = format!(
        "/verwaltung/wettbewerbe/{}/berichterstattung",
        r.competition
    );

    // The rapporteur page proposes one of the jurors free of conflict, never Lena.
    let page = r.staff.get(&rapporteurs).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Vorschlag übernehmen"), "{}", page.body);
    assert!(page.body.contains("Dr. Jana Jury"), "{}", page.body);
    assert!(!page.body.contains("Dr. Lena Lang"), "{}", page.body);
    let named = r
        .staff
        .post(
            &rapporteurs,
            &[
                ("action", "benennen"),
                ("application", &application_id(&r).to_string()),
                ("juror", &juror_id(&r, "jana@uni-jena.de").to_string()),
            ],
        )
        .await;
    assert_eq!(named.status, StatusCode::SEE_OTHER, "{}", named.body);
    assert_eq!(events_of(&r, "RapporteurNamed").len(), 1);

    // Jurors see the consensus only once their own review is submitted.
    let confirmed = r.jana.post(&format!("{}/unbefangen", r.page()), &[]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    assert_eq!(r.jana.get(&konsens).await.status, StatusCode::FORBIDDEN);
    let revision = review_revision(&r.jana, &r.page()).await;
    let sent = post_scores(
        &r.jana,
        &format!("{}/bewertung", r.page()),
        &scores(
            ["4", "3", "5", "4", "4"],
            "Einzelgutachten Jana",
            "submit",
            &revision,
        ),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    submit_review(
        &r,
        &r.karl,
        ["3", "3", "4", "4", "3"],
        "Einzelgutachten Karl",
    )
    .await;
    submit_review(&r, &otto, ["5", "4", "4", "3", "4"], "Einzelgutachten Otto").await;

    // The rapporteur drafts: a missing comment comes back with the input kept.
    let page = r.jana.get(&konsens).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Konsens entwerfen"), "{}", page.body);
    let revision = hidden_value(&page.body, "revision").unwrap_or_default();
    let mut missing = draft_fields("Für das Konsortium", "Überzeugend.", &revision);
    missing.retain(|(k, _)| k != "comment_2");
    let refused = post_scores(&r.jana, &konsens, &missing).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Kommentar für das Konsortium fehlt"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Für das Konsortium 1"),
        "the input is kept"
    );
    let drafted = post_scores(
        &r.jana,
        &konsens,
        &draft_fields(
            "Für das Konsortium",
            "Ein überzeugendes Netzwerk.",
            &revision,
        ),
    )
    .await;
    assert_eq!(drafted.status, StatusCode::SEE_OTHER, "{}", drafted.body);
    // A form from before the draft conflicts and keeps its input.
    let stale = post_scores(
        &r.jana,
        &konsens,
        &draft_fields("Veraltet", "Alt.", &revision),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("Veraltet 0"), "{}", stale.body);

    // Karl agrees; Otto objects, with a reason.
    let page = r.karl.get(&konsens).await;
    assert!(page.body.contains("Für das Konsortium 3"), "{}", page.body);
    let revision = hidden_value(&page.body, "revision").unwrap();
    let agreed = r
        .karl
        .post(&konsens, &[("action", "agree"), ("revision", &revision)])
        .await;
    assert_eq!(agreed.status, StatusCode::SEE_OTHER, "{}", agreed.body);
    let revision = hidden_value(&otto.get(&konsens).await.body, "revision").unwrap();
    let no_reason = otto
        .post(
            &konsens,
            &[
                ("action", "object"),
                ("reason", " "),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("braucht eine Begründung"));
    let objected = otto
        .post(
            &konsens,
            &[
                ("action", "object"),
                ("reason", OBJECTION),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(objected.status, StatusCode::SEE_OTHER, "{}", objected.body);

    // A conflicted juror and the applicant never see it.
    assert_eq!(lena.get(&konsens).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        lena.post(&konsens, &[("action", "agree")]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(r.anna.get(&konsens).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.anna.get(&staff_konsens).await.status,
        StatusCode::FORBIDDEN
    );

    // Staff see the answers and close: with dissent.
    let page = r.staff.get(&staff_konsens).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("stimmt zu"), "{}", page.body);
    assert!(
        page.body.contains("Der Plan nennt keine Abnehmer")
            || page.body.contains("der Plan nennt keine Abnehmer"),
        "{}",
        page.body
    );
    let revision = hidden_value(&page.body, "revision").unwrap();
    let closed = r
        .staff
        .post(&staff_konsens, &[("revision", &revision)])
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    let closing = events_of(&r, "ConsensusClosed");
    assert_eq!(closing.len(), 1);
    let dissent = &closing[0].data["state"]["WithDissent"]["dissent"];
    assert_eq!(dissent.as_array().unwrap().len(), 1, "{dissent}");
    assert_eq!(dissent[0]["reason"], OBJECTION);
    let page = r.staff.get(&staff_konsens).await;
    assert!(page.body.contains("abgeschlossen mit abweichender Meinung"));
    assert!(
        !page.body.contains("Konsens abschließen"),
        "closed is final"
    );

    // The ranking shows the consensus beside the mean, and orders by it.
    let ranking = format!("/verwaltung/wettbewerbe/{}/rangliste", r.competition);
    let page = r.staff.get(&ranking).await.body;
    assert!(page.contains("Konsens (Abstand zum Mittel)"), "{page}");
    assert!(page.contains("<strong>4,00</strong>"), "{page}");
    assert!(page.contains("Nach dem Konsens ordnen"), "{page}");
    let page = r
        .staff
        .get(&format!("{ranking}?ordnung=konsens"))
        .await
        .body;
    assert!(page.contains("Geordnet nach dem Konsenswert"), "{page}");

    // konsens.csv: per criterion the score, the comment, the rapporteur, the state.
    let csv = r
        .staff
        .get(&format!(
            "/verwaltung/wettbewerbe/{}/export/konsens.csv",
            r.competition
        ))
        .await
        .body;
    assert!(
        csv.contains("Kriterium,Konsenspunkte,Konsenskommentar"),
        "{csv}"
    );
    assert!(csv.contains("Für das Konsortium 3"), "{csv}");
    assert!(csv.contains("Dr. Jana Jury"), "{csv}");
    assert!(
        csv.contains("abgeschlossen mit abweichender Meinung"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 5, "a header and four criteria: {csv}");

    // Before the release the consortium sees nothing of it.
    let status = format!("{}/status", r.application);
    let before = r.anna.get(&status).await.body;
    assert!(!before.contains("Bewertungsbericht"), "{before}");

    decide_and_release(&r).await;
    let page = r.anna.get(&status).await.body;
    assert!(page.contains("Bewertungsbericht der Jury"), "{page}");
    assert!(page.contains("Für das Konsortium 0"), "{page}");
    assert!(page.contains("Ein überzeugendes Netzwerk."), "{page}");
    for hidden in [
        "Dr. Jana Jury",
        "Prof. Karl Kern",
        "Dr. Otto Ober",
        "Einzelgutachten",
        "Abnehmer",
    ] {
        assert!(!page.contains(hidden), "{hidden}: {page}");
    }
    // InnoRegio releases no scores: comments only.
    assert!(!page.contains("von 5 Punkten"), "{page}");

    let mail = r
        .app
        .mail_to("anna@tu-dresden.de", "Ergebnis der Stufe")
        .await;
    assert!(mail.contains("Bewertungsbericht der Jury"), "{mail}");
    assert!(mail.contains("Für das Konsortium 2"), "{mail}");
    assert!(mail.contains("Ein überzeugendes Netzwerk."), "{mail}");
    for hidden in ["Dr. Jana Jury", "Einzelgutachten", "Abnehmer"] {
        assert!(!mail.contains(hidden), "{hidden}: {mail}");
    }
}

#[tokio::test]
async fn taking_the_proposal_names_a_juror_free_of_conflict_and_keeps_a_named_one() {
    let r = in_review().await;
    let (_otto, lena) = two_more(&r).await;
    let declared = lena
        .post(
            &format!("{}/befangen", r.page()),
            &[("reason", "Ich berate einen Partner des Konsortiums.")],
        )
        .await;
    assert_eq!(declared.status, StatusCode::SEE_OTHER);
    let rapporteurs = format!(
        "/verwaltung/wettbewerbe/{}/berichterstattung",
        r.competition
    );
    let taken = r.staff.post(&rapporteurs, &[("action", "vorschlag")]).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    let named = events_of(&r, "RapporteurNamed");
    assert_eq!(named.len(), 1);
    let lena_id = juror_id(&r, "lena@uni-rostock.de").to_string();
    assert_ne!(named[0].data["juror"], lena_id.as_str());
    let page = r.staff.get(&rapporteurs).await.body;
    assert!(page.contains("Berichterstattung benannt"), "{page}");
    assert!(
        !page.contains("Vorschlag übernehmen"),
        "nothing left to propose: {page}"
    );
    // Taking it again names nobody twice.
    r.staff.post(&rapporteurs, &[("action", "vorschlag")]).await;
    assert_eq!(events_of(&r, "RapporteurNamed").len(), 1);
}
