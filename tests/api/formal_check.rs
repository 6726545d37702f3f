//! The formal check with a request for corrections (Nachforderung): staff tick the checklist
//! and ask for named parts by a date; the consortium is told by mail and can change exactly
//! those parts (any other change is refused); it hands the corrections in; staff see what
//! changed and close the check. A request that lapses is reminded first, then listed for a
//! rejection whose reason is written out for staff, and rejected only when staff send it.

use std::sync::Arc;

use chrono::Duration;
use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::Clock;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::competition::{Competition, CompetitionCommand};
use wettbewerb::domain::ids::CompetitionId;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ReadFrom};
use wettbewerb::reminders::ReminderScheduler;

use crate::applicant_flow::complete_with;
use crate::support::{PASSWORD, TestApp, User, spawn_app};

const LETTER: &str = "Im Abschnitt „Wissenschaftliche Basis“ fehlen die Publikationen der letzten fünf Jahre. Bitte ergänzen Sie sie.";

pub struct Check {
    pub app: TestApp,
    pub competition: CompetitionId,
    pub staff: User,
    /// (consortium, its e-mail address, application path)
    pub consortia: Vec<(User, &'static str, String)>,
}

impl Check {
    fn page(&self, application: &str) -> String {
        format!(
            "/verwaltung/wettbewerbe/{}/antraege/{}/formalpruefung",
            self.competition,
            application.trim_start_matches("/antraege/")
        )
    }

    fn list(&self, filter: &str) -> String {
        format!(
            "/verwaltung/wettbewerbe/{}?pruefung={filter}",
            self.competition
        )
    }

    fn events(&self, kind: &str) -> usize {
        self.app
            .store
            .read_all(Direction::Forwards, ReadFrom::Start, 100_000)
            .unwrap()
            .into_iter()
            .filter(|e| e.event_type == kind)
            .count()
    }

    /// The last day of the period, `days` ahead, as the date field sends it.
    fn day(&self, days: i64) -> String {
        (Clock::now(&self.app.clock) + Duration::days(days))
            .with_timezone(&chrono_tz::Europe::Berlin)
            .format("%Y-%m-%d")
            .to_string()
    }

    async fn request(&self, application: &str, parts: &[&str], days: i64) -> crate::support::Page {
        let day = self.day(days);
        let names: Vec<String> = parts.iter().map(|p| format!("teil-{p}")).collect();
        let mut fields: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "1")).collect();
        fields.push(("text", LETTER));
        fields.push(("frist", &day));
        self.staff
            .post(
                &format!("{}/nachforderung", self.page(application)),
                &fields,
            )
            .await
    }

    async fn log_in_again(&self) {
        for (user, email, _) in &self.consortia {
            user.log_in(email, PASSWORD).await;
        }
        self.staff.log_in("pruefung@ptj.de", PASSWORD).await;
    }
}

/// BioRegio with its application form: two consortia submitted, the deadline passed, the
/// stage closed and the jury's review not begun: the time of the formal check.
pub async fn submitted() -> Check {
    let app = spawn_app().await;
    let competition = app.open_competition_with_forms(Preset::BioRegio).await;
    let mut consortia = Vec::new();
    for (email, name) in [("a@lmu.de", "Anna Adler"), ("b@tum.de", "Bert Berg")] {
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
        consortia.push((user, email, application));
    }
    let stream = stream_of::<Competition>(&competition);
    let (state, _) = wettbewerb::app::load::<Competition>(&app.store, &stream).unwrap();
    app.clock.set(state.deadline.unwrap() + Duration::hours(1));
    let now = Clock::now(&app.clock);
    execute::<Competition>(
        &app.store,
        &stream,
        &Actor::new("staff", "staff"),
        CompetitionCommand::CloseStage { now },
    )
    .await
    .unwrap();
    app.settled().await;
    let staff = app.account(Role::Staff, "pruefung@ptj.de").await;
    let check = Check {
        app,
        competition,
        staff,
        consortia,
    };
    check.log_in_again().await;
    check
}

#[tokio::test]
async fn a_request_opens_only_the_named_parts_and_the_answer_shows_what_changed() {
    let k = submitted().await;
    let (consortium, email, application) = &k.consortia[0];
    let other = &k.consortia[1].2;
    let page = k.page(application);

    // The checklist of the preset, ticked in part: the list shows the application in check.
    let check = k.staff.get(&page).await;
    assert_eq!(check.status, StatusCode::OK);
    assert!(
        check.body.contains("Absichtserklärungen unterschrieben"),
        "{}",
        check.body
    );
    let ticked = k
        .staff
        .post(
            &format!("{page}/pruefpunkte"),
            &[("punkt-0", "1"), ("punkt-1", "1")],
        )
        .await;
    assert_eq!(ticked.status, StatusCode::SEE_OTHER, "{}", ticked.body);
    let in_check = k.staff.get(&k.list("in-pruefung")).await.body;
    assert!(in_check.contains(application.as_str()), "{in_check}");
    assert!(!in_check.contains(other.as_str()), "{in_check}");

    // A request without a part is refused beside the field, with the letter kept.
    let day = k.day(14);
    let refused = k
        .staff
        .post(
            &format!("{page}/nachforderung"),
            &[("text", LETTER), ("frist", &day)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("mindestens einen Teil"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("fehlen die Publikationen"),
        "the letter is kept"
    );
    assert_eq!(k.events("CorrectionsRequested"), 0);

    let sent = k.request(application, &["abschnitt:forschung"], 14).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mail = k.app.mail_to(email, "Nachforderung zu Ihrem Antrag").await;
    assert!(
        mail.contains("Antragstext „Wissenschaftliche Basis“"),
        "{mail}"
    );
    assert!(mail.contains("fehlen die Publikationen"), "{mail}");
    assert!(
        mail.contains(application.as_str()),
        "the link to the application: {mail}"
    );
    // While the consortium may still change it, the jury's review cannot begin.
    let review = k
        .staff
        .post(
            &format!(
                "/verwaltung/wettbewerbe/{}/schritt/begutachtung",
                k.competition
            ),
            &[],
        )
        .await;
    assert_eq!(
        review.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        review.body
    );
    assert!(
        review
            .body
            .contains("1 Nachforderung(en) sind unbeantwortet"),
        "{}",
        review.body
    );
    let deficient = k.staff.get(&k.list("nachforderung")).await.body;
    assert!(deficient.contains(application.as_str()), "{deficient}");
    assert!(!deficient.contains(other.as_str()), "{deficient}");

    // The editor opens the named section only.
    let editor = consortium.get(application).await.body;
    assert!(
        editor.contains("Nachforderung der Programmverwaltung"),
        "{editor}"
    );
    assert!(editor.contains(r#"id="section-forschung""#), "{editor}");
    assert!(!editor.contains(r#"id="section-unternehmen""#), "{editor}");
    assert!(
        !editor.contains(&format!(r#"action="{application}/angaben""#)),
        "the details form is not offered: {editor}"
    );
    let revision = consortium.revision(application).await;
    let elsewhere = consortium
        .post(
            &format!("{application}/abschnitte"),
            &[
                ("revision", &revision),
                ("section-unternehmen", "Eine ganz andere Umsetzung."),
            ],
        )
        .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        elsewhere.body
    );
    assert!(
        elsewhere.body.contains("nur die Teile"),
        "{}",
        elsewhere.body
    );
    let details = consortium
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", "Ein neuer Titel"),
                ("summary", "x"),
                ("field", "Biotechnology"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(
        details.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        details.body
    );
    let corrected = consortium
        .post(
            &format!("{application}/abschnitte"),
            &[
                ("revision", &revision),
                (
                    "section-forschung",
                    "Ausgeführt, wie der Aufruf es verlangt.\nPublikationen 2021–2026: 42 Beiträge.",
                ),
            ],
        )
        .await;
    assert_eq!(
        corrected.status,
        StatusCode::SEE_OTHER,
        "{}",
        corrected.body
    );

    let handed = consortium
        .post(&format!("{application}/nachreichen"), &[])
        .await;
    assert_eq!(handed.status, StatusCode::SEE_OTHER, "{}", handed.body);
    let receipt = k.app.mail_to(email, "Korrekturen eingegangen").await;
    assert!(receipt.contains("wieder gesperrt"), "{receipt}");
    // Locked again: the editor has no form left, so the revision is the stream's.
    let id =
        wettbewerb::domain::ids::ApplicationId::parse(application.trim_start_matches("/antraege/"))
            .unwrap();
    let (_, now_at) = wettbewerb::app::load::<wettbewerb::domain::application::Application>(
        &k.app.store,
        &stream_of::<wettbewerb::domain::application::Application>(&id),
    )
    .unwrap();
    let locked = consortium
        .post(
            &format!("{application}/abschnitte"),
            &[
                ("revision", &now_at.unwrap().to_string()),
                ("section-forschung", "Noch einmal geändert."),
            ],
        )
        .await;
    assert_eq!(locked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(locked.body.contains("gesperrt"), "{}", locked.body);

    // Staff see the lines added, and close the check once every point is met.
    let answered = k.staff.get(&page).await.body;
    assert!(answered.contains("Was sich geändert hat"), "{answered}");
    assert!(
        answered.contains(
            "<ins><span class=\"skip\">neu: </span>Publikationen 2021–2026: 42 Beiträge.</ins>"
        ),
        "{answered}"
    );
    assert!(
        k.staff
            .get(&k.list("nachgereicht"))
            .await
            .body
            .contains(application.as_str())
    );
    let unmet = k.staff.post(&format!("{page}/abschliessen"), &[]).await;
    assert_eq!(unmet.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unmet.body.contains("offen: 3, 4, 5"), "{}", unmet.body);
    let all: Vec<String> = (0..6).map(|i| format!("punkt-{i}")).collect();
    let fields: Vec<(&str, &str)> = all.iter().map(|n| (n.as_str(), "1")).collect();
    let ticked = k.staff.post(&format!("{page}/pruefpunkte"), &fields).await;
    assert_eq!(ticked.status, StatusCode::SEE_OTHER);
    let done = k.staff.post(&format!("{page}/abschliessen"), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(k.events("FormalCheckCompleted"), 1);
    assert!(
        k.staff
            .get(&k.list("vollstaendig"))
            .await
            .body
            .contains(application.as_str())
    );

    // The consortium's status page and the audit page tell the story.
    let status = consortium.get(&format!("{application}/status")).await.body;
    assert!(status.contains("formal vollständig"), "{status}");
    assert!(
        status.contains("Nachforderung der Programmverwaltung"),
        "{status}"
    );
    let audit = k
        .staff
        .get(&format!(
            "/verwaltung/protokoll/antrag/{}",
            application.trim_start_matches("/antraege/")
        ))
        .await
        .body;
    assert!(audit.contains("Nachforderung 1 in Stufe 1"), "{audit}");
    assert!(audit.contains("Nachforderung 1 beantwortet"), "{audit}");
    assert!(
        audit.contains("Formalprüfung Stufe 1 abgeschlossen"),
        "{audit}"
    );
}

#[tokio::test]
async fn a_lapsed_request_is_reminded_then_listed_for_a_rejection_staff_send() {
    let k = submitted().await;
    let (consortium, email, application) = &k.consortia[0];
    let sent = k
        .request(application, &["abschnitt:forschung", "angaben"], 10)
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    k.app.mail_to(email, "Nachforderung zu Ihrem Antrag").await;
    let scheduler = ReminderScheduler {
        store: k.app.store.clone(),
        clock: Arc::new(k.app.clock.clone()),
    };

    // Not yet due a week ahead; due three days before the date, and recorded once.
    k.app.clock.advance(Duration::days(5));
    scheduler.tick().await.unwrap();
    assert_eq!(k.events("CorrectionReminderDue"), 0);
    k.app.clock.advance(Duration::days(3));
    scheduler.tick().await.unwrap();
    scheduler.tick().await.unwrap();
    assert_eq!(k.events("CorrectionReminderDue"), 1);
    let reminder = k.app.mail_to(email, "Erinnerung: Nachreichung bis").await;
    assert!(reminder.contains("Angaben zum Vorhaben"), "{reminder}");
    k.log_in_again().await;
    let revision = consortium.revision(application).await;

    // After the date: locked, listed for rejection, the reason written out.
    k.app.clock.advance(Duration::days(4));
    k.log_in_again().await;
    let late = consortium
        .post(
            &format!("{application}/abschnitte"),
            &[("revision", &revision), ("section-forschung", "Zu spät.")],
        )
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("abgelaufen"), "{}", late.body);
    let lapsed = k.staff.get(&k.list("frist-verstrichen")).await.body;
    assert!(lapsed.contains(application.as_str()), "{lapsed}");
    assert!(!lapsed.contains(k.consortia[1].2.as_str()), "{lapsed}");
    let page = k.staff.get(&k.page(application)).await.body;
    assert!(
        page.contains("Frist verstrichen: formale Ablehnung"),
        "{page}"
    );
    assert!(page.contains("nicht eingegangen"), "{page}");
    // Nothing is rejected by the service itself, and what was saved but never handed in is
    // not passed as complete.
    assert_eq!(k.events("ApplicationFormallyRejected"), 0);
    let complete = k
        .staff
        .post(&format!("{}/abschliessen", k.page(application)), &[])
        .await;
    assert_eq!(complete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        complete.body.contains("unbeantwortet verstrichen"),
        "{}",
        complete.body
    );

    let reason = "Die nachgeforderten Unterlagen sind nicht eingegangen.";
    let rejected = k
        .staff
        .post(
            &format!("/verwaltung/wettbewerbe/{}/ablehnen", k.competition),
            &[
                ("application", application.trim_start_matches("/antraege/")),
                ("reason", reason),
                ("bestaetigt", "1"),
            ],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.body);
    let mail = k.app.mail_to(email, "Antrag formal abgelehnt").await;
    assert!(mail.contains(reason), "{mail}");
    assert!(
        k.staff
            .get(&k.list("abgelehnt"))
            .await
            .body
            .contains(application.as_str())
    );
}
