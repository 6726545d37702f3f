//! Retention periods per competition: staff set them and read beforehand whose data they will
//! erase and when; the scheduler erases each person on the day their last period ends, as the
//! clock says.

use std::time::Duration;

use reqwest::StatusCode;
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::Clock;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::competition::{Competition, CompetitionCommand};
use wettbewerb::domain::ids::CompetitionId;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::jury::invite_and_accept;
use crate::support::{Options, PASSWORD, TestApp, spawn_app_with};

const PAGE: &str = "/verwaltung/datenschutz/loeschfristen";

async fn complete(app: &TestApp, competition: CompetitionId) {
    let (state, _) =
        wettbewerb::app::load::<Competition>(&app.store, &stream_of::<Competition>(&competition))
            .unwrap();
    app.clock
        .set(state.deadline.unwrap() + chrono::Duration::hours(1));
    let now = Clock::now(&app.clock);
    for command in [
        CompetitionCommand::CloseStage { now },
        CompetitionCommand::StartReview { now },
        CompetitionCommand::FinaliseResults {
            entries: Vec::new(),
            now,
        },
        CompetitionCommand::ReleaseResults { now },
        CompetitionCommand::Complete { now },
    ] {
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

/// Waits up to ten seconds for the scheduler to have recorded `count` erasures.
async fn erasures(app: &TestApp, count: usize) -> Vec<serde_json::Value> {
    for _ in 0..200 {
        let found = app
            .store
            .read_category("erasure", Direction::Forwards, ReadFrom::Start, 100)
            .unwrap();
        if found.len() >= count {
            app.settled().await;
            return found.into_iter().map(|e| e.data).collect();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no {count} erasures recorded");
}

#[tokio::test]
async fn the_scheduler_erases_each_person_when_their_period_ends_as_staff_were_shown() {
    let app = spawn_app_with(Options {
        retention_every: Duration::from_millis(100),
        ..Options::default()
    })
    .await;
    let competition = app.open_competition(Preset::BioRegio).await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let anna = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    anna.create_application(competition, "Sensorik Lausitz", "TU Dresden", "Sachsen")
        .await;
    invite_and_accept(
        &app,
        &staff,
        competition,
        "Prof. Karl Kern",
        "karl@tu-ilmenau.de",
        "TU Ilmenau",
    )
    .await;

    let running = staff.get(PAGE).await.body;
    assert!(running.contains("läuft noch"), "{running}");
    assert!(
        !running.contains("anna@tu-dresden.de"),
        "nobody is due while the competition runs: {running}"
    );

    complete(&app, competition).await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    let completed = Clock::now(&app.clock);
    let report = staff.get(PAGE).await.body;
    assert!(report.contains("abgeschlossen am"), "{report}");
    let years = |n: i32| {
        wettbewerb::time_display::berlin(
            completed
                .checked_add_months(chrono::Months::new(12 * n as u32))
                .unwrap(),
            wettbewerb::domain::account::Language::De,
        )
    };
    assert!(
        report.contains("anna@tu-dresden.de") && report.contains(&years(3)),
        "the default: three years for a consortium not funded: {report}"
    );
    assert!(report.contains("karl@tu-ilmenau.de") && report.contains(&years(5)));
    assert!(!report.contains("leitung@ptj.de"), "staff are never erased");

    let form = format!("{PAGE}/{competition}");
    let revision = crate::support::hidden_value(&report, "revision").unwrap_or_default();
    let refused = staff
        .post(
            &form,
            &[
                ("revision", revision.as_str()),
                ("nicht_gefoerdert", "1"),
                ("gefoerdert", "31"),
                ("jury", "2"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("von 0 bis 30 Jahren") && refused.body.contains(r#"value="31""#),
        "refused beside the field, the input kept: {}",
        refused.body
    );
    let set = staff
        .post(
            &form,
            &[
                ("revision", revision.as_str()),
                ("nicht_gefoerdert", "1"),
                ("gefoerdert", "10"),
                ("jury", "2"),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let stale = staff
        .post(
            &form,
            &[
                ("revision", revision.as_str()),
                ("nicht_gefoerdert", "2"),
                ("gefoerdert", "10"),
                ("jury", "2"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "a stale form: 409");
    assert!(stale.body.contains(r#"value="2""#));
    let report = staff.get(PAGE).await.body;
    assert!(
        report.contains(&years(1)) && report.contains(&years(2)),
        "{report}"
    );

    // A year and a day on, Anna's period has ended; Karl's has not.
    app.clock.set(completed + chrono::Duration::days(367));
    let first = erasures(&app, 1).await;
    assert_eq!(first[0]["ground"], "Retention");
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    // The pages follow once the read models are built again after the erasure.
    let mut report = staff.get(PAGE).await.body;
    for _ in 0..200 {
        if !report.contains("anna@tu-dresden.de") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        report = staff.get(PAGE).await.body;
    }
    assert!(!report.contains("anna@tu-dresden.de"), "{report}");
    assert!(report.contains("karl@tu-ilmenau.de"));
    let jury = staff
        .get(&format!("/verwaltung/wettbewerbe/{competition}/jury"))
        .await
        .body;
    assert!(jury.contains("Prof. Karl Kern"), "{jury}");
    let again = app.visitor();
    again.log_in("anna@tu-dresden.de", PASSWORD).await;
    assert_ne!(again.get("/antraege").await.status, StatusCode::OK);

    // Another year on, Karl's too.
    app.clock
        .set(completed + chrono::Duration::days(2 * 366 + 1));
    erasures(&app, 2).await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    let jury_page = format!("/verwaltung/wettbewerbe/{competition}/jury");
    let mut jury = staff.get(&jury_page).await.body;
    for _ in 0..200 {
        if !jury.contains("Prof. Karl Kern") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        jury = staff.get(&jury_page).await.body;
    }
    assert!(
        !jury.contains("Prof. Karl Kern") && jury.contains("gelöscht"),
        "{jury}"
    );
    assert_eq!(staff.get("/verwaltung").await.status, StatusCode::OK);
}
