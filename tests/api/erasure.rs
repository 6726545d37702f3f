//! Erasure of a person's data at their request (GDPR Art. 17): staff erase an applicant who
//! applied, co-edited another consortium's application and received mail, and a juror who
//! reviewed; afterwards no byte of their names, addresses or texts is anywhere in the data
//! directory or in an export, the pages show "gelöscht", the log verifies, and their sessions
//! are over.

use reqwest::StatusCode;
use wettbewerb::event_store::{Direction, ExportedEvent, ReadFrom};

use crate::applicant_flow::complete;
use crate::jury::{post_scores, review_of, review_revision, scores};
use crate::support::{PASSWORD, TestApp, User, spawn_app};

/// Every byte string of `needles` found in a file under `dir` (ASCII case ignored).
fn found_in_files(dir: &std::path::Path, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walkdir(dir) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        for needle in needles {
            if contains(&bytes, needle.as_bytes()) {
                found.push(format!("{needle} in {}", entry.display()));
            }
        }
    }
    found
}

fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn export(app: &TestApp) -> String {
    let mut lines = String::new();
    let mut next = 0;
    loop {
        let page = app
            .store
            .read_all_raw(Direction::Forwards, ReadFrom::At(next), 1000)
            .unwrap();
        let Some(last) = page.last() else { break };
        next = last.position.0 + 1;
        for event in page {
            lines.push_str(&serde_json::to_string(&ExportedEvent::from(event)).unwrap());
            lines.push('\n');
        }
    }
    lines
}

async fn erase(app: &TestApp, staff: &User, email: &str) {
    let preview = staff
        .get(&format!("/verwaltung/datenschutz/loeschung?email={email}"))
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview.body.contains("Ereignisse mit ihren Daten"),
        "{}",
        preview.body
    );
    let without_reason = staff
        .post(
            "/verwaltung/datenschutz/loeschung",
            &[("email", email), ("grund", " ")],
        )
        .await;
    assert_eq!(without_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        without_reason.body.contains(r#"id="grund-error""#)
            && without_reason
                .body
                .contains(&format!(r#"name="email" value="{email}""#)),
        "the reason is asked for beside its field and the address kept: {}",
        without_reason.body
    );
    let erased = staff
        .post(
            "/verwaltung/datenschutz/loeschung",
            &[
                ("email", email),
                ("grund", "Antrag vom 22.11.2026, Az. DS-7"),
            ],
        )
        .await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER, "{}", erased.body);
    app.settled().await;
}

#[tokio::test]
async fn an_erased_applicant_and_juror_leave_no_byte_of_their_data_and_read_as_geloescht() {
    let app = spawn_app().await;
    let (competition, anna, application) = app.draft().await;
    complete(&anna, &application).await;
    // Anna co-edits Ben's application too.
    let ben = app.applicant("ben@sensorik.de", "Ben Weber").await;
    let bens = ben
        .create_application(
            competition,
            "Messtechnik Spree",
            "BTU Cottbus",
            "Brandenburg",
        )
        .await;
    let invited = ben
        .post(
            &format!("{bens}/mitwirkende"),
            &[("email", "anna@tu-dresden.de")],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    app.mail_to("anna@tu-dresden.de", "Einladung").await;
    let sent = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    app.mail_to("anna@tu-dresden.de", "Eingang").await;

    let r = review_of(app, competition, anna, application).await;
    let confirmed = r.jana.post(&format!("{}/unbefangen", r.page()), &[]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let revision = review_revision(&r.jana, &r.page()).await;
    let submitted = post_scores(
        &r.jana,
        &format!("{}/bewertung", r.page()),
        &scores(
            ["4", "3", "5", "4", "4"],
            "Janas Urteil",
            "submit",
            &revision,
        ),
    )
    .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    r.app.settled().await;

    let k = r.competition;
    let jury_page = format!("/verwaltung/wettbewerbe/{k}/jury");
    let reviews_csv = format!("/verwaltung/wettbewerbe/{k}/export/bewertungen.csv");
    assert!(r.staff.get(&jury_page).await.body.contains("Dr. Jana Jury"));
    assert!(
        r.staff
            .get(&reviews_csv)
            .await
            .body
            .contains("Janas Urteil")
    );
    let bens_audit = format!(
        "/verwaltung/protokoll/antrag/{}",
        bens.trim_start_matches("/antraege/")
    );
    assert!(
        r.staff
            .get(&bens_audit)
            .await
            .body
            .contains("anna@tu-dresden.de zur Mitarbeit eingeladen."),
        "staff see whom Ben invited"
    );
    let secrets = [
        "anna@tu-dresden.de",
        "Anna Schmidt",
        "jana@uni-jena.de",
        "Dr. Jana Jury",
        "Janas Urteil",
        "Universität Jena",
    ];
    assert!(
        found_in_files(r.app.data.path(), &secrets)
            .iter()
            .all(|f| f.contains("snapshot")),
        "before the erasure only the read models' snapshots hold them in the clear"
    );

    erase(&r.app, &r.staff, "anna@tu-dresden.de").await;
    erase(&r.app, &r.staff, "jana@uni-jena.de").await;

    // Pages and exports show them as erased.
    let jury = r.staff.get(&jury_page).await.body;
    assert!(
        !jury.contains("Dr. Jana Jury") && jury.contains("gelöscht"),
        "{jury}"
    );
    let csv = r.staff.get(&reviews_csv).await.body;
    assert!(
        !csv.contains("Janas Urteil") && csv.contains("gelöscht"),
        "{csv}"
    );
    let audit = r.staff.get(&bens_audit).await.body;
    assert!(
        !audit.contains("anna@tu-dresden.de")
            && audit.contains("gelöscht zur Mitarbeit eingeladen."),
        "{audit}"
    );
    let outbox = r.staff.get("/verwaltung/postausgang").await.body;
    assert!(!outbox.contains("anna@tu-dresden.de") && outbox.contains("gelöscht"));
    // Their sessions are over and their addresses log in no more.
    assert_ne!(r.anna.get("/antraege").await.status, StatusCode::OK);
    assert_ne!(r.jana.get("/jury").await.status, StatusCode::OK);
    let again = r.app.visitor();
    again.log_in("anna@tu-dresden.de", PASSWORD).await;
    assert_ne!(again.get("/antraege").await.status, StatusCode::OK);
    // Nobody else is touched.
    assert!(
        r.staff
            .get(&jury_page)
            .await
            .body
            .contains("Prof. Karl Kern")
    );
    ben.log_in("ben@sensorik.de", PASSWORD).await;
    assert!(
        ben.get("/antraege")
            .await
            .body
            .contains("Messtechnik Spree")
    );

    // No byte of them in the data directory or in an export; the log still verifies.
    assert_eq!(
        found_in_files(r.app.data.path(), &secrets),
        Vec::<String>::new()
    );
    let exported = export(&r.app);
    for secret in secrets {
        assert!(
            !contains(exported.as_bytes(), secret.as_bytes()),
            "{secret}"
        );
    }
    assert!(r.app.store.verify(|_| {}).unwrap().is_ok());

    // Each erasure is an event naming who erased and why, and nothing of the erased data.
    let erasures = r
        .app
        .store
        .read_category("erasure", Direction::Forwards, ReadFrom::Start, 10)
        .unwrap();
    assert_eq!(erasures.len(), 2);
    assert_eq!(erasures[0].event_type, "PersonalDataErased");
    assert_eq!(
        erasures[0].data["reason"],
        "Antrag vom 22.11.2026, Az. DS-7"
    );
    assert_eq!(erasures[0].metadata["role"], "staff");
    let audit = r
        .staff
        .get(&format!(
            "/verwaltung/protokoll/antrag/{}",
            r.application.trim_start_matches("/antraege/")
        ))
        .await;
    assert!(!audit.body.contains("Anna Schmidt"), "{}", audit.body);
}

#[tokio::test]
async fn staff_cannot_erase_their_own_account_and_a_bad_address_is_refused_beside_the_field() {
    let app = spawn_app().await;
    let staff = app
        .account(wettbewerb::domain::account::Role::Staff, "leitung@ptj.de")
        .await;
    let own = staff
        .get("/verwaltung/datenschutz/loeschung?email=leitung@ptj.de")
        .await;
    assert!(own.body.contains("Ihr eigenes Konto"), "{}", own.body);
    let refused = staff
        .post(
            "/verwaltung/datenschutz/loeschung",
            &[("email", "leitung@ptj.de"), ("grund", "Test")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(staff.get("/verwaltung").await.status == StatusCode::OK);
    let bad = staff
        .get("/verwaltung/datenschutz/loeschung?email=kein-at")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains(r#"id="email-error""#), "{}", bad.body);
}
