//! Staff check the letters of intent of an application in review; its money is shown to staff
//! and to the jurors cleared to read it, and `finanzierung.csv` adds up to `antraege.csv`.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::documents::DocumentStore;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::application::{Application, ApplicationCommand, DocumentRef};
use wettbewerb::domain::competition::{Competition, CompetitionCommand};
use wettbewerb::domain::financing::{
    PartnerPlan, PartnerSlot, PlanLine, Pledge, PledgeAmount, PledgeReview, PledgeSource,
    ProjectTerm,
};
use wettbewerb::domain::ids::{ApplicationId, CompetitionId, JurorId, PledgeId};
use wettbewerb::domain::jury::{ApplicationFacts, Jury, JuryCommand};
use wettbewerb::domain::money::Cents;

use crate::applicant_flow::complete;
use crate::jury::invite_and_accept;
use crate::support::{PASSWORD, TestApp, User, hidden_value, pdf, spawn_app};

fn application_id(path: &str) -> ApplicationId {
    ApplicationId::parse(path.trim_start_matches("/antraege/")).unwrap()
}

fn euros(euros: i64) -> Cents {
    Cents::euros(euros)
}

async fn run(app: &TestApp, application: &str, command: ApplicationCommand) {
    let id = application_id(application);
    execute::<Application>(
        &app.store,
        &stream_of::<Application>(&id),
        &Actor::new("applicant", "applicant"),
        command,
    )
    .await
    .unwrap();
}

/// A plan for the consortium `complete` builds (a university coordinating, an SME, a research
/// institute) from 2027 to 2029, within the federal rates: 3,540,000 € requested.
pub async fn plan_money(app: &TestApp, application: &str) {
    let now = wettbewerb::clock::Clock::now(&app.clock);
    run(
        app,
        application,
        ApplicationCommand::SetProjectTerm {
            term: ProjectTerm::new(2027, 1, 36).unwrap(),
            now,
        },
    )
    .await;
    let lines = [
        (PartnerSlot::Coordinator, (500_000, 600_000, 0)),
        (PartnerSlot::Partner(0), (400_000, 280_000, 120_000)),
        (PartnerSlot::Partner(1), (300_000, 300_000, 0)),
    ];
    for (slot, (costs, requested, own)) in lines {
        let line = PlanLine {
            costs: euros(costs),
            requested: euros(requested),
            own: euros(own),
        };
        let plan = PartnerPlan {
            years: (2027..=2029).map(|year| (year, line)).collect(),
        };
        run(
            app,
            application,
            ApplicationCommand::ChangePartnerPlan { slot, plan, now },
        )
        .await;
    }
}

/// A pledge with its signed letter stored as the upload stores documents.
pub async fn pledge(
    app: &TestApp,
    application: &str,
    organisation: &str,
    source: PledgeSource,
    amount: PledgeAmount,
) -> PledgeId {
    let bytes = pdf(organisation);
    let sha256 = DocumentStore::open(app.data.path())
        .unwrap()
        .save(&bytes)
        .unwrap();
    let id = PledgeId::from_uuid(uuid::Uuid::now_v7());
    let pledge = Pledge {
        id,
        organisation: organisation.into(),
        source,
        amount,
        letter: Some(DocumentRef {
            sha256,
            file_name: format!("Absichtserklärung {organisation}.pdf"),
            size: bytes.len() as u64,
        }),
        review: PledgeReview::Unchecked,
    };
    let now = wettbewerb::clock::Clock::now(&app.clock);
    run(
        app,
        application,
        ApplicationCommand::RecordPledge { pledge, now },
    )
    .await;
    id
}

struct Fixture {
    app: TestApp,
    competition: CompetitionId,
    application: String,
    staff: User,
    /// Assigned to the application.
    jana: User,
    /// On the jury, not assigned to it.
    karl: User,
    chemie: PledgeId,
    invest: PledgeId,
}

impl Fixture {
    fn money(&self) -> String {
        format!(
            "/verwaltung/wettbewerbe/{}/antraege/{}/finanzierung",
            self.competition,
            application_id(&self.application)
        )
    }

    fn juror_page(&self) -> String {
        format!(
            "/jury/{}/antraege/{}",
            self.competition,
            application_id(&self.application)
        )
    }
}

/// A submitted InnoRegio application with a plan and three pledges, in review, with Jana
/// assigned to it and Karl on the jury without it.
async fn in_review_with_money() -> Fixture {
    let app = spawn_app().await;
    let (competition, anna, application) = app.draft().await;
    complete(&anna, &application).await;
    plan_money(&app, &application).await;
    // The pledges here, not the one the consortium's form gave.
    let (state, _) = wettbewerb::app::load::<Application>(
        &app.store,
        &stream_of::<Application>(&application_id(&application)),
    )
    .unwrap();
    for held in state.pledges {
        let now = wettbewerb::clock::Clock::now(&app.clock);
        run(
            &app,
            &application,
            ApplicationCommand::RemovePledge { id: held.id, now },
        )
        .await;
    }
    let chemie = pledge(
        &app,
        &application,
        "Sachsen Chemie AG",
        PledgeSource::Private,
        PledgeAmount::Total(euros(1_000_000)),
    )
    .await;
    let invest = pledge(
        &app,
        &application,
        "Lausitz Invest GmbH",
        PledgeSource::Private,
        PledgeAmount::PerYear(BTreeMap::from([
            (2027, euros(200_000)),
            (2028, euros(300_000)),
        ])),
    )
    .await;
    pledge(
        &app,
        &application,
        "Freistaat Sachsen",
        PledgeSource::Land,
        PledgeAmount::Total(euros(750_000)),
    )
    .await;
    app.settled().await;
    let sent = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
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
    let (state, _) =
        wettbewerb::app::load::<Competition>(&app.store, &stream_of::<Competition>(&competition))
            .unwrap();
    app.clock
        .set(state.deadline.unwrap() + chrono::Duration::hours(1));
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
    let (jury, _) =
        wettbewerb::app::load::<Jury>(&app.store, &stream_of::<Jury>(&competition)).unwrap();
    let jana_id: JurorId = *jury
        .jurors
        .iter()
        .find(|(_, j)| j.name == "Dr. Jana Jury")
        .unwrap()
        .0;
    let assign = JuryCommand::Assign {
        stage: 0,
        juror_id: jana_id,
        application: ApplicationFacts {
            id: application_id(&application),
            field: None,
            organisations: vec!["TU Dresden".into()],
        },
        now,
    };
    execute::<Jury>(&app.store, &stream_of::<Jury>(&competition), &actor, assign)
        .await
        .unwrap();
    app.settled().await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    jana.log_in("jana@uni-jena.de", PASSWORD).await;
    karl.log_in("karl@tu-ilmenau.de", PASSWORD).await;
    Fixture {
        app,
        competition,
        application,
        staff,
        jana,
        karl,
        chemie,
        invest,
    }
}

#[tokio::test]
async fn staff_check_one_pledge_refuse_another_with_a_reason_and_the_cofinancing_drops() {
    let f = in_review_with_money().await;
    let page = f.staff.get(&f.money()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for shown in [
        "Sachsen Chemie AG",
        "Lausitz Invest GmbH",
        "Freistaat Sachsen",
        "01/2027 – 12/2029 (36 Monate)",
        "3.540.000,00 €",
        "100 % + 20 % Pauschale",
        "2027: 200.000,00 €",
        "noch nicht geprüft",
    ] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
    assert!(page.body.contains("1.500.000,00 €"), "private co-financing");
    assert!(page.body.contains("750.000,00 €"), "the Land's money");

    let revision = hidden_value(&page.body, "revision").unwrap();
    let checked = f
        .staff
        .post(
            &format!("{}/{}", f.money(), f.chemie),
            &[("result", "checked"), ("revision", &revision)],
        )
        .await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let page = f.staff.get(&f.money()).await.body;
    assert!(page.contains("Die Absichtserklärung ist als geprüft vermerkt."));

    // Not accepted without a reason: refused beside the field, the choice kept.
    let revision = hidden_value(&page, "revision").unwrap();
    let invest = format!("{}/{}", f.money(), f.invest);
    let refused = f
        .staff
        .post(
            &invest,
            &[
                ("result", "not-accepted"),
                ("reason", " "),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(&format!(
            r#"<p class="error" id="reason-{}-error">Bitte nennen Sie den Grund"#,
            f.invest
        )),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(&format!(
        r#"id="refused-{}" name="result" value="not-accepted" checked"#,
        f.invest
    )));

    // An older revision: 409, the reason typed is still in the form.
    let stale = f
        .staff
        .post(
            &invest,
            &[
                ("result", "not-accepted"),
                ("reason", "Ohne Unterschrift"),
                ("revision", "1"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("Der Antrag wurde inzwischen geändert."));
    assert!(stale.body.contains(r#"value="Ohne Unterschrift""#));

    let done = f
        .staff
        .post(
            &invest,
            &[
                ("result", "not-accepted"),
                ("reason", "Ohne Unterschrift"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = f.staff.get(&f.money()).await.body;
    assert!(
        page.contains("nicht anerkannt</span>: „Ohne Unterschrift“"),
        "{page}"
    );
    // Only the checked pledge of industry counts now.
    assert!(page.contains("<dd>1.000.000,00 €</dd>"), "{page}");
    assert!(!page.contains("<dd>1.500.000,00 €</dd>"));

    let logged = f
        .app
        .store
        .read_all(
            wettbewerb::event_store::Direction::Forwards,
            wettbewerb::event_store::ReadFrom::Start,
            1000,
        )
        .unwrap();
    let reviews: Vec<_> = logged
        .iter()
        .filter(|e| e.event_type == "PledgeReviewed")
        .collect();
    assert_eq!(reviews.len(), 2);
    assert_eq!(
        reviews[1].data["review"]["NotAccepted"]["reason"],
        "Ohne Unterschrift"
    );

    // The letter, from the document store.
    let letter = f
        .staff
        .get(&format!("{}/{}/schreiben", f.money(), f.chemie))
        .await;
    assert_eq!(letter.status, StatusCode::OK);
    assert_eq!(letter.body.as_bytes(), pdf("Sachsen Chemie AG"));
}

#[tokio::test]
async fn a_cleared_juror_sees_the_plan_and_downloads_a_letter_and_others_cannot() {
    let f = in_review_with_money().await;
    let letter = format!("{}/absichtserklaerungen/{}", f.juror_page(), f.chemie);

    // Before confirming no conflict: neither the money nor the letter.
    let gate = f.jana.get(&f.juror_page()).await.body;
    assert!(!gate.contains("Finanzierungsplan je Partner"));
    assert_eq!(f.jana.get(&letter).await.status, StatusCode::FORBIDDEN);

    let confirmed = f
        .jana
        .post(&format!("{}/unbefangen", f.juror_page()), &[])
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let page = f.jana.get(&f.juror_page()).await.body;
    for shown in [
        "Finanzierungsplan je Partner",
        "Lausitzer Sensorik GmbH (KMU, Sachsen; Förderquote 70 %)",
        "Sachsen Chemie AG",
        &letter,
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    let download = f.jana.get(&letter).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.as_bytes(), pdf("Sachsen Chemie AG"));

    // The letters travel in the bundle of the stage's documents.
    let zip = f
        .jana
        .client
        .get(format!(
            "{}/jury/{}/unterlagen.zip",
            f.jana.address, f.competition
        ))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let archive = zip::ZipArchive::new(std::io::Cursor::new(zip.to_vec())).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.ends_with("Absichtserklärung Sachsen Chemie AG.pdf")),
        "{names:?}"
    );

    // Karl is on the jury, not assigned to the application; staff and the consortium use
    // their own pages.
    assert_eq!(f.karl.get(&letter).await.status, StatusCode::FORBIDDEN);
    assert_eq!(f.staff.get(&letter).await.status, StatusCode::FORBIDDEN);
    let unknown = format!(
        "{}/absichtserklaerungen/{}",
        f.juror_page(),
        PledgeId::from_uuid(uuid::Uuid::now_v7())
    );
    assert_eq!(f.jana.get(&unknown).await.status, StatusCode::NOT_FOUND);
}

/// The cells of a CSV export in the comma format.
fn cells(csv_text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

fn cents(amount: &str) -> i64 {
    let (euros, cents) = amount.split_once('.').unwrap();
    euros.parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap()
}

#[tokio::test]
async fn the_financing_export_adds_up_to_the_applications_totals() {
    let f = in_review_with_money().await;
    // One pledge refused: it stays in the export and no longer counts.
    let page = f.staff.get(&f.money()).await.body;
    let revision = hidden_value(&page, "revision").unwrap();
    let refused = f
        .staff
        .post(
            &format!("{}/{}", f.money(), f.invest),
            &[
                ("result", "not-accepted"),
                ("reason", "Ohne Unterschrift"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);

    let k = format!("/verwaltung/wettbewerbe/{}/export", f.competition);
    let applications = cells(&f.staff.get(&format!("{k}/antraege.csv")).await.body);
    let financing = f.staff.get(&format!("{k}/finanzierung.csv")).await;
    assert_eq!(financing.status, StatusCode::OK);
    let rows = cells(&financing.body);
    let id = application_id(&f.application).to_string();
    let mine = |row: &&BTreeMap<String, String>| row["Antrag"] == id;
    let totals = applications.iter().find(mine).unwrap();
    let plan: Vec<_> = rows
        .iter()
        .filter(mine)
        .filter(|r| r["Zeile"] == "Plan")
        .collect();
    assert_eq!(plan.len(), 9, "three partners in three years");
    let requested: i64 = plan.iter().map(|r| cents(&r["Beantragt (EUR)"])).sum();
    assert_eq!(requested, cents(&totals["Beantragt (EUR)"]));
    assert_eq!(requested, 354_000_000);
    let pledges: Vec<_> = rows
        .iter()
        .filter(mine)
        .filter(|r| r["Zeile"] == "Absichtserklärung")
        .collect();
    assert_eq!(pledges.len(), 4, "one per year of the pledge per year");
    let private: i64 = pledges
        .iter()
        .filter(|r| r["Herkunft"] == "privat (Wirtschaft)" && r["Zählt"] == "ja")
        .map(|r| cents(&r["Zugesagt (EUR)"]))
        .sum();
    assert_eq!(private, cents(&totals["Kofinanzierung (EUR)"]));
    assert_eq!(private, 100_000_000);
    assert!(pledges.iter().any(|r| {
        r["Partner/Organisation"] == "Lausitz Invest GmbH"
            && r["Haushaltsjahr"] == "2028"
            && r["Prüfung"] == "nicht anerkannt"
            && r["Grund"] == "Ohne Unterschrift"
    }));

    // The semicolon format has the same rows, with decimal commas.
    let german = f
        .staff
        .get(&format!("{k}/finanzierung.csv?trennzeichen=semikolon"))
        .await
        .body;
    assert!(german.contains(";1000000,00;"), "{german}");
    assert_eq!(german.lines().count(), financing.body.lines().count());
}
