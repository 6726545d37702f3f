//! Two-factor login (TOTP): the set-up with its recovery codes, the login's second step, the
//! limits and replays, the staff's reset, and staff and jurors made to set one up. The service
//! runs with `second_factor = "required"`; codes are computed from the key the page shows, as
//! an authenticator app computes them.

use chrono::Duration;
use reqwest::StatusCode;
use totp_rs::{Algorithm, Secret, TOTP};
use wettbewerb::app::{Actor, execute, stream_of};
use wettbewerb::clock::Clock;
use wettbewerb::config::SecondFactorPolicy;
use wettbewerb::domain::account::{
    Account, AccountCommand, Role, SecondFactorCommand, account_id_for,
};
use wettbewerb::domain::email_address::EmailAddress;
use wettbewerb::event_store::{Direction, ReadFrom, RecordedEvent};
use wettbewerb::security::secret::Secret as ServiceSecret;
use wettbewerb::security::totp::{SecondFactorKey, TotpSecret};
use wettbewerb::security::{password, recovery_codes};

use crate::support::{Options, PASSWORD, TestApp, User, spawn_app_with};

async fn required() -> TestApp {
    spawn_app_with(Options {
        second_factor: SecondFactorPolicy::Required,
        ..Options::default()
    })
    .await
}

/// The code an authenticator app shows now for this base32 key.
fn code(app: &TestApp, key: &str) -> String {
    let bytes = Secret::Encoded(key.to_owned()).to_bytes().unwrap();
    let totp = TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, None, String::new()).unwrap();
    totp.generate(u64::try_from(app.clock.now().timestamp()).unwrap())
}

/// A code of the same length that is not the right one.
fn wrong(right: &str) -> String {
    right
        .chars()
        .map(|d| char::from(b'0' + (d as u8 - b'0' + 1) % 10))
        .collect()
}

/// The key as the set-up page shows it, without the spaces between its groups.
fn key_on(page: &str) -> String {
    let marker = r#"<code id="secret">"#;
    let start = page.find(marker).expect("the key as text") + marker.len();
    let end = page[start..].find("</code>").unwrap();
    page[start..start + end].replace(' ', "")
}

fn recovery_codes_on(page: &str) -> Vec<String> {
    page.split("<li><code>")
        .skip(1)
        .map(|rest| rest.split("</code>").next().unwrap().to_owned())
        .collect()
}

fn events(app: &TestApp, email: &str, kind: &str) -> Vec<RecordedEvent> {
    let id = account_id_for(&EmailAddress::parse(email).unwrap());
    app.store
        .read_stream(
            &stream_of::<Account>(&id),
            Direction::Forwards,
            ReadFrom::Start,
            1000,
        )
        .unwrap()
        .into_iter()
        .filter(|e| e.event_type == kind)
        .collect()
}

/// An account as the command line (or an invitation) creates one; nobody logged in.
async fn registered(app: &TestApp, role: Role, email: &str) -> User {
    app.account_logged_out(role, email).await
}

/// An account with a second factor set up as the set-up page does it, without its attempts:
/// the key (base32) and the recovery codes.
async fn enrolled(app: &TestApp, role: Role, email: &str) -> (User, String, Vec<String>) {
    let user = registered(app, role, email).await;
    let id = account_id_for(&EmailAddress::parse(email).unwrap());
    let key = SecondFactorKey::new(&ServiceSecret::load_or_create(app.data.path()).unwrap());
    let secret = TotpSecret::generate();
    let codes = recovery_codes::generate();
    let command = SecondFactorCommand::Enroll {
        sealed_secret: key.seal(&secret, id),
        recovery_code_hashes: codes
            .iter()
            .map(|c| password::hash(&recovery_codes::normalise(c).unwrap()))
            .collect(),
        step: 0,
        now: app.clock.now(),
    };
    execute::<Account>(
        &app.store,
        &stream_of::<Account>(&id),
        &Actor::system(),
        AccountCommand::SecondFactor(command),
    )
    .await
    .unwrap();
    app.settled().await;
    (user, secret.base32(), codes)
}

/// Password first: the answer sends to the second step.
async fn password_step(user: &User, email: &str) {
    let answer = user
        .post("/anmelden", &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.location.as_deref(), Some("/anmelden/code"));
}

/// Sets up a second factor on the page as a person does: the key and the recovery codes.
async fn set_up_on_the_page(app: &TestApp, user: &User) -> (String, Vec<String>) {
    let page = user.get("/konto/zweiter-faktor").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let key = key_on(&page.body);
    let done = user
        .post("/konto/zweiter-faktor", &[("code", &code(app, &key))])
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    (key, recovery_codes_on(&done.body))
}

#[tokio::test]
async fn setting_up_refuses_a_wrong_code_takes_the_right_one_and_shows_the_recovery_codes_once() {
    let app = required().await;
    let anna = registered(&app, Role::Applicant, "anna@tu-dresden.de").await;
    anna.log_in("anna@tu-dresden.de", PASSWORD).await;
    assert_eq!(
        anna.get("/antraege").await.status,
        StatusCode::OK,
        "an applicant need not set one up"
    );

    let page = anna.get("/konto/zweiter-faktor").await;
    assert_eq!(page.status, StatusCode::OK);
    let key = key_on(&page.body);
    assert_eq!(key.len(), 32, "160 bits in base32");
    let unescaped = page.body.replace("&#38;", "&");
    assert!(
        unescaped.contains(&format!(
            r#"href="otpauth://totp/wettbewerb:anna%40tu-dresden.de?secret={key}&issuer=wettbewerb""#
        )),
        "{}",
        page.body
    );
    assert!(page.body.contains("<svg role=\"img\""), "the QR code");
    assert_eq!(
        key_on(&anna.get("/konto/zweiter-faktor").await.body),
        key,
        "a reload shows the same key"
    );

    let refused = anna
        .post(
            "/konto/zweiter-faktor",
            &[("code", &wrong(&code(&app, &key)))],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Der Code stimmt nicht"),
        "{}",
        refused.body
    );
    assert_eq!(key_on(&refused.body), key, "the same key to try again");
    assert!(events(&app, "anna@tu-dresden.de", "SecondFactorEnrolled").is_empty());

    let response = anna
        .client
        .post(format!("{}/konto/zweiter-faktor", anna.address))
        .form(&[
            ("csrf", anna.csrf().await.as_str()),
            ("code", &code(&app, &key)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let shown = response.text().await.unwrap();
    let codes = recovery_codes_on(&shown);
    assert_eq!(codes.len(), 10, "{shown}");
    assert!(codes.iter().all(|c| recovery_codes::normalise(c).is_some()));
    let enrolled = events(&app, "anna@tu-dresden.de", "SecondFactorEnrolled");
    assert_eq!(enrolled.len(), 1);
    assert_eq!(
        enrolled[0].data["recovery_code_hashes"]
            .as_array()
            .unwrap()
            .len(),
        10
    );

    let later = anna.get("/konto/zweiter-faktor").await;
    assert_eq!(later.status, StatusCode::OK);
    assert!(later.body.contains("eingerichtet seit"), "{}", later.body);
    assert!(
        later
            .body
            .contains("Unbenutzte Wiederherstellungscodes: 10")
    );
    let again = anna
        .post("/konto/zweiter-faktor", &[("code", &code(&app, &key))])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "sent again: no codes");
    for page in [&later.body, &again.body] {
        assert!(!page.contains(&codes[0]) && !page.contains(&key));
    }
}

#[tokio::test]
async fn a_login_asks_for_the_code_after_the_password_and_only_a_right_code_logs_in() {
    let app = required().await;
    let (anna, key, _) = enrolled(&app, Role::Applicant, "anna@tu-dresden.de").await;
    password_step(&anna, "anna@tu-dresden.de").await;
    let waiting = anna.get("/antraege").await;
    assert_eq!(waiting.status, StatusCode::SEE_OTHER, "not logged in yet");
    assert!(waiting.location.unwrap().starts_with("/anmelden"));
    let page = anna.get("/anmelden/code").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Code eingeben"));
    let before = anna.csrf().await;

    let refused = anna
        .post("/anmelden/code", &[("code", &wrong(&code(&app, &key)))])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Der Code stimmt nicht"),
        "{}",
        refused.body
    );
    assert_eq!(anna.get("/antraege").await.status, StatusCode::SEE_OTHER);

    let done = anna
        .post("/anmelden/code", &[("code", &code(&app, &key))])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/antraege"));
    assert_eq!(anna.get("/antraege").await.status, StatusCode::OK);
    assert_ne!(anna.csrf().await, before, "a new session after the code");
    assert_eq!(
        events(&app, "anna@tu-dresden.de", "SecondFactorCodeAccepted").len(),
        1
    );
}

#[tokio::test]
async fn a_code_used_once_is_refused_the_second_time_and_a_later_one_is_taken() {
    let app = required().await;
    let (anna, key, _) = enrolled(&app, Role::Applicant, "anna@tu-dresden.de").await;
    password_step(&anna, "anna@tu-dresden.de").await;
    let used = code(&app, &key);
    let done = anna.post("/anmelden/code", &[("code", &used)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    anna.post("/abmelden", &[]).await;

    password_step(&anna, "anna@tu-dresden.de").await;
    let replayed = anna.post("/anmelden/code", &[("code", &used)]).await;
    assert_eq!(replayed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        replayed
            .body
            .contains("Dieser Code wurde bereits verwendet"),
        "{}",
        replayed.body
    );
    assert_eq!(anna.get("/antraege").await.status, StatusCode::SEE_OTHER);

    app.clock.advance(Duration::seconds(30));
    let next = anna
        .post("/anmelden/code", &[("code", &code(&app, &key))])
        .await;
    assert_eq!(next.status, StatusCode::SEE_OTHER, "{}", next.body);
    assert_eq!(anna.get("/antraege").await.status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_codes_count_in_the_logins_rate_limit() {
    let app = required().await;
    let (anna, key, _) = enrolled(&app, Role::Applicant, "anna@tu-dresden.de").await;
    password_step(&anna, "anna@tu-dresden.de").await;
    let bad = wrong(&code(&app, &key));
    // The password was one attempt of five a minute for the address.
    for _ in 0..4 {
        let refused = anna.post("/anmelden/code", &[("code", &bad)]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let limited = anna
        .post("/anmelden/code", &[("code", &code(&app, &key))])
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        limited.body.contains("Zu viele Versuche"),
        "{}",
        limited.body
    );
    assert_eq!(
        anna.get("/antraege").await.status,
        StatusCode::SEE_OTHER,
        "even the right code waits"
    );
    // And a new password attempt for the address waits too.
    let password = anna
        .post(
            "/anmelden",
            &[("email", "anna@tu-dresden.de"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(password.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_recovery_code_logs_in_once_only() {
    let app = required().await;
    let (anna, _, codes) = enrolled(&app, Role::Applicant, "anna@tu-dresden.de").await;
    password_step(&anna, "anna@tu-dresden.de").await;
    // Typed in capitals, with a space instead of the hyphen.
    let typed = codes[3].to_uppercase().replace('-', " ");
    let done = anna.post("/anmelden/code", &[("code", &typed)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let home = anna.get("/antraege").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("Es bleiben 9 unbenutzte Codes"),
        "{}",
        home.body
    );
    let used = events(&app, "anna@tu-dresden.de", "RecoveryCodeUsed");
    assert_eq!(used.len(), 1);
    assert_eq!(used[0].data["index"], 3);
    anna.post("/abmelden", &[]).await;

    password_step(&anna, "anna@tu-dresden.de").await;
    let again = anna.post("/anmelden/code", &[("code", &codes[3])]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again
            .body
            .contains("Dieser Wiederherstellungscode wurde bereits verwendet"),
        "{}",
        again.body
    );
    let other = anna.post("/anmelden/code", &[("code", &codes[4])]).await;
    assert_eq!(other.status, StatusCode::SEE_OTHER, "{}", other.body);
}

#[tokio::test]
async fn staff_and_jurors_without_a_second_factor_reach_no_page_before_setting_one_up() {
    let app = required().await;
    let staff = registered(&app, Role::Staff, "leitung@ptj.de").await;
    let answer = staff
        .post(
            "/anmelden",
            &[("email", "leitung@ptj.de"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.location.as_deref(), Some("/konto/zweiter-faktor"));
    for path in [
        "/verwaltung",
        "/verwaltung/postausgang",
        "/verwaltung/wettbewerbe/neu",
        "/verwaltung/zweiter-faktor",
    ] {
        let page = staff.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(
            page.location.as_deref(),
            Some("/konto/zweiter-faktor"),
            "{path}"
        );
    }
    let form = staff
        .post("/verwaltung/wettbewerbe", &[("preset", "bioregio")])
        .await;
    assert_eq!(form.location.as_deref(), Some("/konto/zweiter-faktor"));
    let page = staff.get("/konto/zweiter-faktor").await;
    assert!(page.body.contains("vorgeschrieben"), "{}", page.body);

    set_up_on_the_page(&app, &staff).await;
    assert_eq!(staff.get("/verwaltung").await.status, StatusCode::OK);

    let juror = registered(&app, Role::Juror, "jurorin@uni.de").await;
    juror.log_in("jurorin@uni.de", PASSWORD).await;
    let jury = juror.get("/jury").await;
    assert_eq!(jury.location.as_deref(), Some("/konto/zweiter-faktor"));
}

#[tokio::test]
async fn staff_reset_a_second_factor_only_with_a_reason_and_the_person_sets_it_up_again() {
    let app = required().await;
    let staff = registered(&app, Role::Staff, "leitung@ptj.de").await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    set_up_on_the_page(&app, &staff).await;
    let (juror, _, _) = enrolled(&app, Role::Juror, "jurorin@uni.de").await;

    let page = staff.get("/verwaltung/zweiter-faktor").await;
    assert_eq!(page.status, StatusCode::OK);
    let refused = staff
        .post(
            "/verwaltung/zweiter-faktor",
            &[("email", "jurorin@uni.de"), ("reason", "  ")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(r#"id="reason-error""#),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Bitte geben Sie einen Grund"));
    assert!(refused.body.contains(r#"value="jurorin@uni.de""#), "kept");
    assert!(events(&app, "jurorin@uni.de", "SecondFactorReset").is_empty());

    let unknown = staff
        .post(
            "/verwaltung/zweiter-faktor",
            &[("email", "niemand@uni.de"), ("reason", "Telefon verloren")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains(r#"id="email-error""#));

    let done = staff
        .post(
            "/verwaltung/zweiter-faktor",
            &[
                ("email", "jurorin@uni.de"),
                ("reason", "Telefon verloren, Identität per Rückruf geprüft"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let confirmation = staff.get("/verwaltung/zweiter-faktor").await;
    assert!(
        confirmation
            .body
            .contains("Die Zwei-Faktor-Anmeldung von jurorin@uni.de ist zurückgesetzt")
    );
    let reset = events(&app, "jurorin@uni.de", "SecondFactorReset");
    assert_eq!(reset.len(), 1);
    assert_eq!(
        reset[0].data["reason"],
        "Telefon verloren, Identität per Rückruf geprüft"
    );
    let staff_id = account_id_for(&EmailAddress::parse("leitung@ptj.de").unwrap());
    assert_eq!(reset[0].data["by"], staff_id.to_string());

    // The juror logs in with the password alone and is sent to set up a new one.
    let answer = juror
        .post(
            "/anmelden",
            &[("email", "jurorin@uni.de"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(answer.location.as_deref(), Some("/konto/zweiter-faktor"));
    assert!(key_on(&juror.get("/konto/zweiter-faktor").await.body).len() == 32);
}

#[tokio::test]
async fn the_secret_and_the_recovery_codes_are_nowhere_in_the_data_directory_in_plain_text() {
    let app = required().await;
    let anna = registered(&app, Role::Applicant, "anna@tu-dresden.de").await;
    anna.log_in("anna@tu-dresden.de", PASSWORD).await;
    let (key, codes) = set_up_on_the_page(&app, &anna).await;
    assert_eq!(codes.len(), 10);
    let raw = Secret::Encoded(key.clone()).to_bytes().unwrap();
    let mut searched = Vec::new();
    let mut folders = vec![app.data.path().to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                searched.extend(std::fs::read(&path).unwrap());
            }
        }
    }
    let contains = |needle: &[u8]| searched.windows(needle.len()).any(|w| w == needle);
    assert!(
        contains(b"SecondFactorEnrolled"),
        "the set-up is in the log's files, so the search can find what is there"
    );
    assert!(!contains(key.as_bytes()), "the key in base32");
    assert!(!contains(key.to_lowercase().as_bytes()));
    assert!(!contains(&raw), "the key's bytes");
    assert!(!contains(hex::encode(&raw).as_bytes()), "the key in hex");
    for code in &codes {
        assert!(!contains(code.as_bytes()), "a recovery code");
        assert!(!contains(code.replace('-', "").as_bytes()));
    }
}

#[tokio::test]
async fn the_second_step_waits_five_minutes_for_its_code_then_the_password_is_asked_again() {
    let app = required().await;
    let (anna, key, _) = enrolled(&app, Role::Applicant, "anna@tu-dresden.de").await;
    password_step(&anna, "anna@tu-dresden.de").await;
    app.clock
        .advance(Duration::minutes(5) + Duration::seconds(1));
    let late = anna
        .post("/anmelden/code", &[("code", &code(&app, &key))])
        .await;
    assert_eq!(late.status, StatusCode::SEE_OTHER);
    assert_eq!(late.location.as_deref(), Some("/anmelden"));
    assert!(
        anna.get("/anmelden")
            .await
            .body
            .contains("Bitte melden Sie sich erneut an")
    );
    assert_eq!(anna.get("/antraege").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        anna.get("/anmelden/code").await.location.as_deref(),
        Some("/anmelden")
    );
    assert!(events(&app, "anna@tu-dresden.de", "SecondFactorCodeAccepted").is_empty());
}

#[tokio::test]
async fn a_juror_with_a_second_factor_who_accepts_an_invitation_gives_the_code_before_being_logged_in()
 {
    let app = required().await;
    let competition = app
        .open_competition(wettbewerb::domain::presets::Preset::InnoRegio)
        .await;
    let staff = registered(&app, Role::Staff, "leitung@ptj.de").await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    set_up_on_the_page(&app, &staff).await;
    let (_, key, _) = enrolled(&app, Role::Juror, "jurorin@uni.de").await;

    // The acceptance asks for the account's password, and takes the seat.
    let juror = crate::jury::invite_and_accept(
        &app,
        &staff,
        competition,
        "Jule Jurorin",
        "jurorin@uni.de",
        "Universität Erfurt",
    )
    .await;
    let jury = juror.get("/jury").await;
    assert_eq!(jury.status, StatusCode::SEE_OTHER, "not logged in yet");
    assert!(jury.location.unwrap().starts_with("/anmelden"));
    assert_eq!(juror.get("/anmelden/code").await.status, StatusCode::OK);
    let done = juror
        .post("/anmelden/code", &[("code", &code(&app, &key))])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/jury"));
    assert_eq!(juror.get("/jury").await.status, StatusCode::OK);
}
