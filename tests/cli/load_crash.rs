//! The real service killed with SIGKILL while consortia submit and jurors score: every request
//! that was answered with success is in the log after the restart, `wettbewerb verify` passes,
//! and what the restarted service shows and mails equals a fresh replay of the log.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, load, stream_of};
use wettbewerb::demo::{DEMO_PASSWORD, OPEN_ROUND_EMAIL, Options};
use wettbewerb::domain::account::account_id_for;
use wettbewerb::domain::application::{
    Application, ApplicationCommand as A, Details, SubmissionWindow,
};
use wettbewerb::domain::competition::{Competition, CompetitionCommand as C};
use wettbewerb::domain::email_address::EmailAddress;
use wettbewerb::domain::field::TechnologyField;
use wettbewerb::domain::ids::{ApplicationId, CompetitionId, JurorId};
use wettbewerb::domain::jury::{ApplicationFacts, Juror, Jury, JuryCommand as J};
use wettbewerb::domain::land::Land;
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::partner::{Partner, PartnerKind};
use wettbewerb::domain::presets::Preset;
use wettbewerb::domain::review::{Review, ReviewKey};
use wettbewerb::email::compose::{Composer, MailLinks};
use wettbewerb::email::dispatcher::Dispatcher;
use wettbewerb::email::outbox::Outbox;
use wettbewerb::event_store::{EventStore, StoreOptions};

use crate::support::{BIN, succeeded, wettbewerb};

const JURORS: usize = 3;
const IN_REVIEW: usize = 24;

/// A round open for submissions (the demo's open round, drafts of one applicant) and a round
/// in review whose jurors are assigned but have scored nothing.
struct World {
    reviewing: CompetitionId,
    jurors: Vec<(String, JurorId)>,
    criteria: usize,
}

async fn prepare(data: &Path) -> World {
    let store = EventStore::open(StoreOptions::new(data.join("events")).unwrap()).unwrap();
    let options = Options {
        preset: Preset::BioRegio,
        scale: 1,
        seed: 3,
        open_drafts: 400,
    };
    wettbewerb::demo::fill(&store, options, &|_| {})
        .await
        .unwrap();

    // BioRegio opened 13 weeks ago: the deadline passed a week ago, the review runs 7 more.
    let t0 = Utc::now() - chrono::Duration::weeks(13);
    let setup = Preset::BioRegio.setup(t0);
    let deadline = setup.stages[0].submission_deadline;
    let reviewing = CompetitionId::from_uuid(uuid::Uuid::now_v7());
    let staff = Actor::new("staff", "staff");
    let competition = stream_of::<Competition>(&reviewing);
    for command in [
        C::Draft {
            competition_id: reviewing,
            setup: setup.clone(),
            now: t0,
        },
        C::Publish { now: t0 },
        C::OpenNextStage { now: t0 },
    ] {
        execute::<Competition>(&store, &competition, &staff, command)
            .await
            .unwrap();
    }
    let jury = stream_of::<Jury>(&reviewing);
    let mut jurors = Vec::new();
    for n in 0..JURORS {
        // The demo's juror accounts, seated in this round too.
        let email = format!("jury{n}@demo.wettbewerb.test");
        let juror_id = JurorId::from_uuid(uuid::Uuid::now_v7());
        let juror = Juror {
            name: format!("Jurorin {n}"),
            email: EmailAddress::parse(&email).unwrap(),
            organisation: format!("Universität {n}"),
            expertise: BTreeSet::from([TechnologyField::Biotechnology]),
        };
        for command in [
            J::Appoint {
                competition_id: reviewing,
                juror_id,
                juror,
                now: t0,
            },
            J::Invite {
                juror_id,
                nonce: format!("nonce-{n}"),
                now: t0,
            },
            J::AcceptInvitation {
                juror_id,
                nonce: format!("nonce-{n}"),
                confidentiality: Some(wettbewerb::domain::jury::CONFIDENTIALITY_DE.into()),
                now: t0,
            },
        ] {
            execute::<Jury>(&store, &jury, &staff, command)
                .await
                .unwrap();
        }
        jurors.push((email, juror_id));
    }
    let owner = account_id_for(&EmailAddress::parse(OPEN_ROUND_EMAIL).unwrap());
    let applicant = Actor::new(owner.to_string(), "applicant");
    let mut facts = Vec::new();
    for n in 0..IN_REVIEW {
        let id = ApplicationId::from_uuid(uuid::Uuid::now_v7());
        let partner = |name: String, kind| Partner {
            name,
            kind,
            land: Land::Bayern,
        };
        let at = t0 + chrono::Duration::days(1);
        let commands = [
            A::Create {
                application_id: id,
                competition_id: reviewing,
                owner,
                coordinator: partner(
                    format!("Universität Regensburg {n}"),
                    PartnerKind::University,
                ),
                contact: EmailAddress::parse(OPEN_ROUND_EMAIL).unwrap(),
                title: format!("BioRegion Regensburg {n}"),
                now: at,
            },
            A::ChangeDetails {
                details: Details {
                    title: format!("BioRegion Regensburg {n}"),
                    summary: "Biotechnologie in der Oberpfalz".into(),
                    field: Some(TechnologyField::Biotechnology),
                    requested: Some(Cents::million_euros(5)),
                    cofinancing: Some(Cents::million_euros(6)),
                },
                now: at,
            },
            A::AddPartner {
                partner: partner(format!("Geneart Regensburg {n} GmbH"), PartnerKind::Sme),
                now: at,
            },
            A::AddPartner {
                partner: partner(
                    format!("Fraunhofer-Projektgruppe {n}"),
                    PartnerKind::ResearchInstitute,
                ),
                now: at,
            },
            A::Submit {
                window: SubmissionWindow {
                    stage: 0,
                    open: true,
                    deadline,
                    rules: setup.rules.clone(),
                    form: Default::default(),
                },
                now: at,
            },
        ];
        for command in commands {
            execute::<Application>(&store, &stream_of::<Application>(&id), &applicant, command)
                .await
                .unwrap();
        }
        facts.push(ApplicationFacts {
            id,
            field: Some(TechnologyField::Biotechnology),
            organisations: vec![format!("Universität Regensburg {n}")],
        });
    }
    for command in [
        C::CloseStage { now: deadline },
        C::StartReview { now: deadline },
    ] {
        execute::<Competition>(&store, &competition, &staff, command)
            .await
            .unwrap();
    }
    let assign = J::AssignAutomatically {
        stage: 0,
        applications: facts,
        per_application: 2,
        now: deadline,
    };
    execute::<Jury>(&store, &jury, &staff, assign)
        .await
        .unwrap();
    World {
        reviewing,
        jurors,
        criteria: setup.stages[0].criteria.len(),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(data: &Path, port: u16) -> Child {
    Command::new(BIN)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(data)
        .env("RUST_LOG", "warn")
        // Staff and jurors log in with their password only here.
        .env("WETTBEWERB_SECOND_FACTOR", "optional")
        .spawn()
        .expect("the service starts")
}

async fn wait_until_up(base: &str) {
    let start = Instant::now();
    while reqwest::get(format!("{base}/health")).await.is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the service did not start"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A logged-in browser: cookies and the session's CSRF token.
struct Person {
    client: reqwest::Client,
    base: String,
    csrf: String,
}

async fn log_in(base: &str, email: &str) -> Person {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let csrf = |page: String| {
        let marker = r#"name="csrf" value=""#;
        let start = page.find(marker).expect("a form with a CSRF token") + marker.len();
        page[start..start + page[start..].find('"').unwrap()].to_owned()
    };
    let page = client.get(format!("{base}/anmelden")).send().await.unwrap();
    let token = csrf(page.text().await.unwrap());
    let answer = client
        .post(format!("{base}/anmelden"))
        .form(&[
            ("csrf", token.as_str()),
            ("email", email),
            ("password", DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{email} logs in");
    let page = client.get(format!("{base}/anmelden")).send().await.unwrap();
    let csrf = csrf(page.text().await.unwrap());
    Person {
        client,
        base: base.to_owned(),
        csrf,
    }
}

impl Person {
    /// The status of a form post, or None when the connection broke (the kill).
    async fn post(&self, path: &str, fields: &[(String, String)]) -> Option<StatusCode> {
        let mut form = vec![("csrf".to_owned(), self.csrf.clone())];
        form.extend_from_slice(fields);
        let answer = self
            .client
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .ok()?;
        Some(answer.status())
    }

    async fn page(&self, path: &str) -> String {
        self.try_page(path).await.unwrap()
    }

    /// The page, or `None` once the service is gone (the test kills it under load).
    async fn try_page(&self, path: &str) -> Option<String> {
        let answer = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .ok()?;
        answer.text().await.ok()
    }
}

fn drafts_of(dashboard: &str) -> Vec<String> {
    let mut ids: Vec<String> = dashboard
        .split("href=\"/antraege/")
        .skip(1)
        .filter_map(|rest| rest.get(..36))
        .filter(|id| ApplicationId::parse(id).is_some())
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The message ids the outbox holds.
fn outbox_ids(outbox: &Outbox) -> BTreeSet<String> {
    outbox
        .entries()
        .unwrap()
        .into_iter()
        .map(|e| e.message.message_id)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_load_loses_no_acknowledged_submission_or_review() {
    let data = tempfile::TempDir::new().unwrap();
    let world = prepare(data.path()).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = serve(data.path(), port);
    wait_until_up(&base).await;

    let applicant = Arc::new(log_in(&base, OPEN_ROUND_EMAIL).await);
    let drafts = drafts_of(&applicant.page("/antraege").await);
    assert!(drafts.len() >= 400, "{} drafts", drafts.len());
    let submitted = Arc::new(Mutex::new(Vec::<String>::new()));
    let reviewed = Arc::new(Mutex::new(Vec::<ReviewKey>::new()));
    let mut clients = Vec::new();
    // Two consortium tabs submitting drafts.
    for half in 0..2 {
        let (applicant, submitted) = (applicant.clone(), submitted.clone());
        let mine: Vec<String> = drafts.iter().skip(half).step_by(2).cloned().collect();
        clients.push(tokio::spawn(async move {
            for id in mine {
                match applicant
                    .post(&format!("/antraege/{id}/einreichen"), &[])
                    .await
                {
                    Some(StatusCode::SEE_OTHER) => submitted.lock().unwrap().push(id),
                    Some(other) => panic!("submitting {id}: {other}"),
                    None => return,
                }
            }
        }));
    }
    // Each juror confirms the conflict gate and scores every assigned application.
    for (email, juror) in world.jurors.clone() {
        let person = log_in(&base, &email).await;
        let reviewed = reviewed.clone();
        let competition = world.reviewing;
        let criteria = world.criteria;
        clients.push(tokio::spawn(async move {
            // The kill may come before a juror's first page, as before any of its writes.
            let Some(dashboard) = person.try_page("/jury").await else {
                return;
            };
            let assigned: Vec<String> = dashboard
                .split(&format!("href=\"/jury/{competition}/antraege/"))
                .skip(1)
                .filter_map(|rest| rest.get(..36).map(str::to_owned))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            assert!(!assigned.is_empty(), "{email} has assignments: {dashboard}");
            for application in assigned {
                let page = format!("/jury/{competition}/antraege/{application}");
                match person.post(&format!("{page}/unbefangen"), &[]).await {
                    Some(s) if s.is_redirection() => {}
                    Some(other) => panic!("{email} confirming: {other}"),
                    None => return,
                }
                let mut fields: Vec<(String, String)> = (0..criteria)
                    .flat_map(|i| {
                        [
                            (format!("score_{i}"), "4".to_owned()),
                            (
                                format!("comment_{i}"),
                                "solide, mit Blick auf Ziel und Plan begründet".to_owned(),
                            ),
                        ]
                    })
                    .collect();
                fields.extend([
                    ("confidence".to_owned(), "3".to_owned()),
                    ("action".to_owned(), "submit".to_owned()),
                    ("revision".to_owned(), String::new()),
                    ("stage".to_owned(), "0".to_owned()),
                ]);
                match person.post(&format!("{page}/bewertung"), &fields).await {
                    Some(StatusCode::SEE_OTHER) => reviewed.lock().unwrap().push(ReviewKey {
                        application: ApplicationId::parse(&application).unwrap(),
                        stage: 0,
                        juror,
                    }),
                    Some(other) => panic!("{email} scoring: {other}"),
                    None => return,
                }
            }
        }));
    }
    // Kill once both kinds of write have been acknowledged, mid-stream.
    let start = Instant::now();
    while submitted.lock().unwrap().len() < 40 || reviewed.lock().unwrap().len() < 6 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no progress under load"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    for client in clients {
        client.await.unwrap();
    }
    let submitted = submitted.lock().unwrap().clone();
    let reviewed = reviewed.lock().unwrap().clone();
    assert!(
        submitted.len() < drafts.len(),
        "the kill came while submissions were still going on"
    );

    // After the restart the service shows every acknowledged write.
    let mut server = serve(data.path(), port);
    wait_until_up(&base).await;
    let applicant = log_in(&base, OPEN_ROUND_EMAIL).await;
    for id in &submitted {
        let page = applicant.page(&format!("/antraege/{id}")).await;
        assert!(
            page.contains("Eingereicht"),
            "submission {id} was acknowledged"
        );
    }
    // Let the outbox follow the log to its end before stopping: its counts stop moving.
    let staff = log_in(&base, wettbewerb::demo::STAFF_EMAIL).await;
    let mut last = String::new();
    let mut steady = 0;
    while steady < 3 {
        let page = staff.page("/verwaltung/postausgang").await;
        // "0 wartend, 123 versandt, 0 fehlgeschlagen."
        let counts = page
            .find(" wartend, ")
            .map(|at| {
                let from = page[..at].rfind('>').map_or(0, |p| p + 1);
                let to = at + page[at..].find('.').unwrap_or(0);
                page[from..to].to_owned()
            })
            .unwrap_or_default();
        steady = if counts.starts_with("0 wartend") && counts == last {
            steady + 1
        } else {
            0
        };
        last = counts;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let mut pages = Vec::new();
    for (email, _) in &world.jurors {
        pages.push(log_in(&base, email).await.page("/jury").await);
    }
    server.kill().unwrap();
    server.wait().unwrap();

    let verified = succeeded(&wettbewerb(&["verify"], data.path()));
    assert!(verified.starts_with("ok:"), "{verified}");

    // The log holds every acknowledged review; each juror's dashboard shows what the log does.
    // The service sealed the log's personal data on its first start; read it as the service does.
    let codec = wettbewerb::personal::codec(data.path()).unwrap();
    let store = EventStore::open(
        StoreOptions::new(data.path().join("events"))
            .unwrap()
            .with_codec(codec.clone()),
    )
    .unwrap();
    for key in &reviewed {
        let (review, _) = load::<Review>(&store, &stream_of::<Review>(key)).unwrap();
        assert!(
            review.submitted_at.is_some(),
            "review {key} was acknowledged"
        );
    }
    let (jury, _) = load::<Jury>(&store, &stream_of::<Jury>(&world.reviewing)).unwrap();
    for ((_, juror), page) in world.jurors.iter().zip(&pages) {
        let assigned: Vec<ApplicationId> = jury.assigned_to(0, *juror).collect();
        let done = assigned
            .iter()
            .filter(|application| {
                let key = ReviewKey {
                    application: **application,
                    stage: 0,
                    juror: *juror,
                };
                load::<Review>(&store, &stream_of::<Review>(&key))
                    .unwrap()
                    .0
                    .submitted_at
                    .is_some()
            })
            .count();
        let shown = format!("{done} von {} bewertet", assigned.len());
        assert!(page.contains(&shown), "{shown} in {page}");
    }

    // The outbox the killed service kept equals one built afresh from the whole log.
    let kept =
        outbox_ids(&Outbox::open_sealed(&data.path().join("outbox"), codec.clone()).unwrap());
    let fresh_dir = tempfile::TempDir::new().unwrap();
    let fresh =
        Arc::new(Outbox::open_sealed(&fresh_dir.path().join("outbox"), codec.clone()).unwrap());
    let secret = wettbewerb::security::secret::Secret::load_or_create(data.path()).unwrap();
    let dispatcher = Dispatcher {
        store: store.clone(),
        outbox: fresh.clone(),
        mailer: wettbewerb::email::mailer::Mailer::memory(
            "wettbewerb <noreply@wettbewerb.localhost>".parse().unwrap(),
        )
        .0,
        composer: Composer::new(
            store.clone(),
            "wettbewerb.localhost",
            MailLinks {
                base_url: "http://127.0.0.1:8080".into(),
                signer: wettbewerb::security::links::LinkSigner::new(&secret),
            },
        ),
        clock: Arc::new(wettbewerb::clock::SystemClock),
        deliveries: None,
    };
    dispatcher.catch_up().unwrap();
    assert_eq!(
        kept,
        outbox_ids(&fresh),
        "the kept outbox equals a fresh replay"
    );
    let receipts = fresh
        .entries()
        .unwrap()
        .iter()
        .filter(|e| e.kind == "receipt")
        .count();
    assert!(
        receipts >= submitted.len(),
        "a receipt per acknowledged submission"
    );
}
