//! Accounts: verification, login refusals, rate limiting, password reset, language.

use reqwest::StatusCode;

use crate::support::{PASSWORD, link_in, spawn_app};

#[tokio::test]
async fn an_unverified_account_cannot_log_in_until_the_link_is_followed() {
    let app = spawn_app().await;
    let user = app.visitor();
    let fields = [
        ("name", "Anna Schmidt"),
        ("email", "anna@tu-dresden.de"),
        ("password", PASSWORD),
        ("password_repeat", PASSWORD),
        ("privacy_consent", "on"),
    ];
    assert_eq!(
        user.post("/registrieren", &fields).await.status,
        StatusCode::SEE_OTHER
    );
    let refused = user
        .post(
            "/anmelden",
            &[("email", "anna@tu-dresden.de"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("noch nicht bestätigt"));

    let again = user.post("/registrieren", &fields).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("bereits ein Konto"));
    assert!(
        again.body.contains(r#"value="Anna Schmidt""#),
        "the form comes back filled in"
    );
    assert!(
        !again.body.contains(PASSWORD),
        "but never with the password"
    );

    let mail = app.mail_to("anna@tu-dresden.de", "E-Mail-Adresse").await;
    assert!(
        mail.contains("Guten Tag, Anna Schmidt,")
            && mail.contains("http://127.0.0.1:8080/konto/bestaetigen")
            && mail.contains("Mit freundlichen Grüßen")
            && mail.contains("Ihr Team von wettbewerb"),
        "{mail}"
    );
    let verified = user.get(&link_in(&mail, "/konto/bestaetigen")).await;
    assert_eq!(verified.location.as_deref(), Some("/anmelden"));
    user.log_in("anna@tu-dresden.de", PASSWORD).await;
    assert!(user.get("/antraege").await.body.contains("Anna Schmidt"));
}

#[tokio::test]
async fn a_registration_with_bad_fields_comes_back_with_every_reason() {
    let app = spawn_app().await;
    let page = app
        .visitor()
        .post(
            "/registrieren",
            &[
                ("name", ""),
                ("email", "keine-adresse"),
                ("password", "kurz"),
                ("password_repeat", "kurz"),
                ("privacy_consent", "on"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for reason in [
        "Bitte geben Sie Ihren Namen an.",
        "gültige E-Mail-Adresse",
        "mindestens 10 Zeichen",
    ] {
        assert!(page.body.contains(reason), "{reason}");
    }
    assert!(page.body.contains(r#"value="keine-adresse""#));
}

#[tokio::test]
async fn a_forged_or_altered_verification_link_does_nothing() {
    let app = spawn_app().await;
    let user = app.visitor();
    user.post(
        "/registrieren",
        &[
            ("name", "Anna"),
            ("email", "anna@tu-dresden.de"),
            ("password", PASSWORD),
            ("password_repeat", PASSWORD),
            ("privacy_consent", "on"),
        ],
    )
    .await;
    let mail = app.mail_to("anna@tu-dresden.de", "E-Mail-Adresse").await;
    let link = link_in(&mail, "/konto/bestaetigen");
    let forged = format!("{}0", &link[..link.len() - 1]);
    let forged = if forged == link {
        format!("{}1", &link[..link.len() - 1])
    } else {
        forged
    };
    assert_eq!(
        user.get(&forged).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let refused = user
        .post(
            "/anmelden",
            &[("email", "anna@tu-dresden.de"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn wrong_passwords_get_one_answer_and_repeated_attempts_are_slowed_down() {
    let app = spawn_app().await;
    app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let stranger = app.visitor();
    let unknown = stranger
        .post(
            "/anmelden",
            &[
                ("email", "niemand@example.org"),
                ("password", "irgendetwas"),
            ],
        )
        .await;
    let wrong = stranger
        .post(
            "/anmelden",
            &[("email", "anna@tu-dresden.de"), ("password", "irgendetwas")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown
            .body
            .contains("E-Mail-Adresse oder Passwort stimmen nicht.")
    );
    assert!(
        wrong
            .body
            .contains("E-Mail-Adresse oder Passwort stimmen nicht.")
    );
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let page = stranger
            .post(
                "/anmelden",
                &[("email", "anna@tu-dresden.de"), ("password", "irgendetwas")],
            )
            .await;
        statuses.push(page.status);
    }
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // Even the right password waits now.
    let right = stranger
        .post(
            "/anmelden",
            &[("email", "anna@tu-dresden.de"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(right.body.contains("Zu viele Versuche"));
}

#[tokio::test]
async fn a_password_is_reset_through_the_link_in_the_email_once() {
    let app = spawn_app().await;
    let old_session = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    app.clock.advance(chrono::Duration::minutes(1));
    let user = app.visitor();
    let asked = user
        .post("/passwort-vergessen", &[("email", "anna@tu-dresden.de")])
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    // An unknown address gets the same answer and no mail.
    let unknown = user
        .post("/passwort-vergessen", &[("email", "niemand@example.org")])
        .await;
    assert_eq!(unknown.status, StatusCode::SEE_OTHER);

    let mail = app.mail_to("anna@tu-dresden.de", "Passwort").await;
    let link = link_in(&mail, "/passwort-neu");
    let form = user.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    let query = link.split_once('?').unwrap().1.to_owned();
    let params: Vec<(String, String)> = query
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect();
    let value = |key: &str| params.iter().find(|(k, _)| k == key).unwrap().1.clone();
    let (konto, n, t) = (value("konto"), value("n"), value("t"));
    let new_password = "ein-ganz-neues-passwort";
    let fields = [
        ("konto", konto.as_str()),
        ("n", n.as_str()),
        ("t", t.as_str()),
        ("password", new_password),
        ("password_repeat", new_password),
    ];
    let reset = user.post("/passwort-neu", &fields).await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.body);
    user.log_in("anna@tu-dresden.de", new_password).await;
    let again = app.visitor().post("/passwort-neu", &fields).await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the link works once"
    );
    assert!(!app.mails().iter().any(|m| m.to == "niemand@example.org"));
    let ended = old_session.get("/antraege").await;
    assert_eq!(
        ended.status,
        StatusCode::SEE_OTHER,
        "a reset ends the sessions begun before it"
    );
}

/// The form behind a reset link that can no longer work is not shown: the page says why, as
/// the refused form would.
#[tokio::test]
async fn a_used_or_expired_reset_link_shows_the_refusal_instead_of_the_form() {
    let app = spawn_app().await;
    let reset_link = |email: &'static str| {
        let app = &app;
        async move {
            app.applicant(email, "Anna Schmidt").await;
            let asked = app
                .visitor()
                .post("/passwort-vergessen", &[("email", email)])
                .await;
            assert_eq!(asked.status, StatusCode::SEE_OTHER);
            link_in(&app.mail_to(email, "Passwort").await, "/passwort-neu")
        }
    };
    let form_field = r#"name="password_repeat""#;

    let link = reset_link("anna@tu-dresden.de").await;
    let user = app.visitor();
    let form = user.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(form_field), "{}", form.body);
    let query = link.split_once('?').unwrap().1.to_owned();
    let mut fields: Vec<(&str, &str)> = query
        .split('&')
        .map(|kv| kv.split_once('=').unwrap())
        .collect();
    fields.extend([
        ("password", "ein-ganz-neues-passwort"),
        ("password_repeat", "ein-ganz-neues-passwort"),
    ]);
    let reset = user.post("/passwort-neu", &fields).await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.body);
    let used = user.get(&link).await;
    assert_eq!(used.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        used.body.contains("Dieser Link ist nicht (mehr) gültig."),
        "{}",
        used.body
    );
    assert!(!used.body.contains(form_field), "{}", used.body);

    let link = reset_link("bert@tu-dresden.de").await;
    app.clock.advance(chrono::Duration::minutes(61));
    let expired = app.visitor().get(&link).await;
    assert_eq!(expired.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        expired.body.contains("Dieser Link ist abgelaufen."),
        "{}",
        expired.body
    );
    assert!(!expired.body.contains(form_field), "{}", expired.body);
}

#[tokio::test]
async fn a_session_ends_twelve_hours_after_its_login() {
    let app = spawn_app().await;
    let anna = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    app.clock.advance(chrono::Duration::hours(11));
    assert_eq!(anna.get("/antraege").await.status, StatusCode::OK);
    app.clock.advance(chrono::Duration::hours(2));
    let page = anna.get("/antraege").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location.unwrap().starts_with("/anmelden"));
}

#[tokio::test]
async fn reset_links_are_limited_per_address() {
    let app = spawn_app().await;
    app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let user = app.visitor();
    for _ in 0..5 {
        let asked = user
            .post("/passwort-vergessen", &[("email", "anna@tu-dresden.de")])
            .await;
        assert_eq!(asked.status, StatusCode::SEE_OTHER);
    }
    let resets = || {
        app.mails()
            .iter()
            .filter(|m| m.subject.contains("Passwort zurücksetzen"))
            .count()
    };
    for _ in 0..300 {
        if resets() >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Give a fourth, if there were one, the time the first three took.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(
        resets(),
        3,
        "three per hour, however often the form is sent"
    );
}

#[tokio::test]
async fn the_language_switch_turns_pages_and_later_mail_english() {
    let app = spawn_app().await;
    let user = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let switched = user.post("/sprache/en", &[("weiter", "/antraege")]).await;
    assert_eq!(switched.location.as_deref(), Some("/antraege"));
    let page = user.get("/antraege").await.body;
    assert!(page.contains(r#"<html lang="en">"#));
    assert!(page.contains("My applications"));
    let away = user
        .post("/sprache/en", &[("weiter", "/\t/evil.example")])
        .await;
    assert_eq!(
        away.location.as_deref(),
        Some("/"),
        "only paths on this site"
    );
    assert_eq!(
        user.get("/sprache/en").await.status,
        StatusCode::METHOD_NOT_ALLOWED,
        "a link cannot change the account"
    );
    user.post("/abmelden", &[]).await;
    user.post("/passwort-vergessen", &[("email", "anna@tu-dresden.de")])
        .await;
    let mail = app
        .mail_to("anna@tu-dresden.de", "Reset your password")
        .await;
    assert!(mail.contains("choose a new password"));
}

/// The CSRF token of the first form on a page.
fn csrf_in(page: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = page.find(marker).expect("a form") + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn logging_out_ends_the_session_and_every_copy_of_its_cookie_but_no_other_login() {
    use reqwest::cookie::{CookieStore, Jar};
    use wettbewerb::domain::account::Role;

    let app = spawn_app().await;
    // One login in another browser, which must survive.
    let elsewhere = app.account(Role::Staff, "leitung@ptj.de").await;

    let jar = std::sync::Arc::new(Jar::default());
    let browser = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = |path: &str| format!("{}{path}", app.address);
    let form = browser.get(url("/anmelden")).send().await.unwrap();
    let csrf = csrf_in(&form.text().await.unwrap());
    let logged_in = browser
        .post(url("/anmelden"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "leitung@ptj.de"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(logged_in.status(), StatusCode::SEE_OTHER);

    // Someone copies the session cookie.
    let cookie = jar
        .cookies(&app.address.parse().unwrap())
        .expect("a session cookie");
    let copy = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let with_copy = || {
        copy.get(url("/verwaltung"))
            .header("cookie", cookie.clone())
    };
    assert_eq!(with_copy().send().await.unwrap().status(), StatusCode::OK);

    let page = browser.get(url("/verwaltung")).send().await.unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let logged_out = browser
        .post(url("/abmelden"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(logged_out.status(), StatusCode::SEE_OTHER);

    let after = with_copy().send().await.unwrap();
    assert_eq!(
        after.status(),
        StatusCode::SEE_OTHER,
        "the copied cookie leads to the login now"
    );
    assert!(
        after.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/anmelden"),
        "{:?}",
        after.headers()
    );
    assert_eq!(
        elsewhere.get("/verwaltung").await.status,
        StatusCode::OK,
        "the login in the other browser goes on"
    );
}
