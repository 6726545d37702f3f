//! What one account can store and send: text lengths, partners per application, and the rate
//! limits on registration, co-editor invitations and the juror invitation's password check,
//! per client also behind a reverse proxy.

use std::time::Duration;

use reqwest::StatusCode;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::support::{Options, PASSWORD, TestApp, User, link_in, spawn_app, spawn_app_with};

async fn add_partner(anna: &User, application: &str, name: &str) -> crate::support::Page {
    let revision = anna.revision(application).await;
    anna.post(
        &format!("{application}/partner"),
        &[
            ("name", name),
            ("kind", "Sme"),
            ("land", "Sachsen"),
            ("revision", &revision),
        ],
    )
    .await
}

#[tokio::test]
async fn the_101st_partner_is_refused_beside_the_field_with_the_limit_named_and_the_input_kept() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    for i in 1..=100 {
        let added = add_partner(&anna, &application, &format!("Partner Nummer {i}")).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{i}: {}", added.body);
    }
    let refused = add_partner(&anna, &application, "Einhundertundeins GmbH").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Ein Konsortium hat höchstens 100 Partner neben dem Koordinator."),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"value="Einhundertundeins GmbH""#),
        "the input is kept"
    );
    assert!(
        !anna
            .get(&application)
            .await
            .body
            .contains("Partner Nummer 101")
    );
}

#[tokio::test]
async fn a_301_character_title_and_names_with_a_line_break_are_refused_beside_their_fields() {
    let app = spawn_app().await;
    let (competition, anna, application) = app.draft().await;
    let title = "T".repeat(301);
    let revision = anna.revision(&application).await;
    let refused = anna
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", title.as_str()),
                ("summary", "Zeile eins\nZeile zwei"),
                ("revision", revision.as_str()),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(
            r#"<p class="error" id="title-error">Höchstens 300 Zeichen; eingegeben sind 301.</p>"#
        ),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(&title), "the input is kept");
    let summary = "S".repeat(10_001);
    let refused = anna
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", "Sensorik"),
                ("summary", summary.as_str()),
                ("revision", revision.as_str()),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains(r#"id="summary-error">Höchstens 10000 Zeichen"#),
        "{}",
        refused.body
    );

    let refused = add_partner(&anna, &application, "Müller\r\nGmbH").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains(r#"id="name-error">Bitte in einer Zeile, ohne Zeilenumbruch."#),
        "{}",
        refused.body
    );

    let created = anna
        .post(
            &format!("/wettbewerbe/{competition}/antrag"),
            &[
                ("title", "Zweiter Antrag"),
                ("name", &"N".repeat(301)),
                ("kind", "University"),
                ("land", "Sachsen"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        created
            .body
            .contains(r#"id="name-error">Höchstens 300 Zeichen; eingegeben sind 301."#),
        "{}",
        created.body
    );

    let registered = app
        .visitor()
        .post(
            "/registrieren",
            &[
                ("name", "Eva\nBcc: alle@example.org"),
                ("email", "eva@example.org"),
                ("password", PASSWORD),
                ("password_repeat", PASSWORD),
                ("privacy_consent", "on"),
            ],
        )
        .await;
    assert_eq!(registered.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        registered
            .body
            .contains(r#"id="name-error">Bitte in einer Zeile, ohne Zeilenumbruch."#),
        "{}",
        registered.body
    );
}

/// A registration that the form refuses (the passwords differ): cheap, and counted all the
/// same, as every attempt is.
async fn register(user: &User, email: &str) -> crate::support::Page {
    user.post(
        "/registrieren",
        &[
            ("name", "Lena Lang"),
            ("email", email),
            ("password", PASSWORD),
            ("password_repeat", "etwas-anderes-1"),
            ("privacy_consent", "on"),
        ],
    )
    .await
}

#[tokio::test]
async fn registration_is_limited_per_client_and_a_spoofed_forwarded_header_does_not_escape() {
    let app = spawn_app().await;
    for i in 0..10 {
        // Without trusted proxies the header is anybody's to write.
        let user = app.visitor_forwarded_for(&format!("198.51.100.{i}"));
        let page = register(&user, &format!("lena{i}@example.org")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{i}");
    }
    let user = app.visitor_forwarded_for("203.0.113.77");
    let refused = register(&user, "lena-elf@example.org").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused
            .body
            .contains("Zu viele Versuche. Bitte senden Sie das Formular in "),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r#"value="lena-elf@example.org""#));
    assert!(refused.body.contains(r#"value="Lena Lang""#));
}

#[tokio::test]
async fn behind_a_trusted_proxy_forwarded_clients_have_separate_limits_and_all_share_one() {
    let app = spawn_app_with(Options {
        trusted_proxies: "127.0.0.1",
        ..Options::default()
    })
    .await;
    let first = app.visitor_forwarded_for("198.51.100.1");
    for i in 0..10 {
        let page = register(&first, &format!("a{i}@example.org")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{i}");
    }
    assert_eq!(
        register(&first, "a10@example.org").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let second = app.visitor_forwarded_for("198.51.100.2");
    assert_eq!(
        register(&second, "b0@example.org").await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "another client behind the proxy has a limit of its own"
    );
    // A client behind the proxy cannot pose as others with a header the proxy does not write:
    // the proxy appends X-Forwarded-For and passes a client's own Forwarded on untouched.
    for i in 0..3 {
        let forged = app.visitor_with_headers(&[
            ("x-forwarded-for", "198.51.100.1"),
            ("forwarded", &format!("for=192.0.2.{i}")),
        ]);
        assert_eq!(
            register(&forged, &format!("f{i}@example.org")).await.status,
            StatusCode::TOO_MANY_REQUESTS,
            "a forged Forwarded header escapes no limit"
        );
    }
}

#[tokio::test]
async fn refused_attempts_from_many_clients_do_not_close_registration_for_everybody() {
    let app = spawn_app_with(Options {
        trusted_proxies: "127.0.0.1",
        registrations_per_hour: 3,
        ..Options::default()
    })
    .await;
    for i in 0..20 {
        let client = app.visitor_forwarded_for(&format!("192.0.2.{i}"));
        assert_eq!(
            register(&client, &format!("c{i}@example.org")).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    // Accepted registrations count against the limit for the whole service.
    let mut statuses = Vec::new();
    for i in 0..4 {
        let client = app.visitor_forwarded_for(&format!("198.51.100.{i}"));
        let page = client
            .post(
                "/registrieren",
                &[
                    ("name", "Lena Lang"),
                    ("email", &format!("neu{i}@example.org")),
                    ("password", PASSWORD),
                    ("password_repeat", PASSWORD),
                    ("privacy_consent", "on"),
                ],
            )
            .await;
        statuses.push(page.status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::SEE_OTHER,
            StatusCode::SEE_OTHER,
            StatusCode::SEE_OTHER,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

async fn count_invitations(app: &TestApp, to: &str) -> usize {
    app.mails()
        .iter()
        .filter(|m| m.to == to && m.subject.contains("Einladung zur Mitarbeit"))
        .count()
}

#[tokio::test]
async fn removing_and_inviting_a_co_editor_again_does_not_send_mail_without_end() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let invited = anna
            .post(
                &format!("{application}/mitwirkende"),
                &[("email", "ben@sensorik.de")],
            )
            .await;
        statuses.push(invited.status);
        if invited.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(
                invited.body.contains("Zu viele Versuche"),
                "{}",
                invited.body
            );
            assert!(invited.body.contains(r#"value="ben@sensorik.de""#));
            continue;
        }
        let removed = anna
            .post(
                &format!("{application}/mitwirkende/entfernen"),
                &[("email", "ben@sensorik.de")],
            )
            .await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::SEE_OTHER,
            StatusCode::SEE_OTHER,
            StatusCode::SEE_OTHER,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS,
        ]
    );
    // Every invitation that was accepted arrives; then nothing more comes.
    for _ in 0..200 {
        if count_invitations(&app, "ben@sensorik.de").await >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(count_invitations(&app, "ben@sensorik.de").await, 3);
}

#[tokio::test]
async fn the_invitation_pages_password_check_is_limited_like_a_login() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::BioRegio).await;
    // Jana is a juror of another competition already: the invitation asks for her password.
    app.account(Role::Juror, "jana@uni-jena.de").await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let invited = staff
        .post(
            &format!("/verwaltung/wettbewerbe/{competition}/jury"),
            &[
                ("name", "Dr. Jana Jury"),
                ("email", "jana@uni-jena.de"),
                ("organisation", "Universität Jena"),
            ],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    let link = link_in(
        &app.mail_to("jana@uni-jena.de", "Jury").await,
        "/jury/einladung",
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
    let guesser = app.visitor();
    let attempt = |password: &'static str| {
        let fields = [
            ("einladung", einladung.clone()),
            ("n", n.clone()),
            ("t", t.clone()),
            ("name", "Dr. Jana Jury".to_owned()),
            ("organisation", "Institut für Geratenes".to_owned()),
            ("password", password.to_owned()),
        ];
        let guesser = &guesser;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            guesser.post("/jury/einladung", &fields).await
        }
    };
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(attempt("falsch-geraten-1").await.status);
    }
    assert_eq!(statuses[0], StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // Even the right password waits now, and the form keeps what was typed.
    let right = attempt(PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(right.body.contains("Zu viele Versuche"), "{}", right.body);
    assert!(right.body.contains(r#"value="Institut für Geratenes""#));
    // It is the login's limit: logging in with the address waits too.
    let login = app
        .visitor()
        .post(
            "/anmelden",
            &[("email", "jana@uni-jena.de"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(login.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        login.body.contains(r#"value="jana@uni-jena.de""#)
            && login.body.contains("Bitte senden Sie das Formular in "),
        "the login form comes back with the address and when to try again: {}",
        login.body
    );
}

#[tokio::test]
async fn a_review_comment_and_a_conflict_reason_over_the_maximum_are_refused_with_the_input_kept() {
    let r = crate::jury::in_review().await;
    let long = "k".repeat(10_001);
    let declared = r
        .karl
        .post(
            &format!("{}/befangen", r.page()),
            &[("reason", long.as_str())],
        )
        .await;
    assert_eq!(declared.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        declared
            .body
            .contains(r#"id="reason-error">Höchstens 10000 Zeichen; eingegeben sind 10001."#),
        "{}",
        declared.body
    );

    let confirmed = r.jana.post(&format!("{}/unbefangen", r.page()), &[]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let mut fields: Vec<(String, String)> = (0..5)
        .flat_map(|i| {
            [
                (format!("score_{i}"), "4".to_owned()),
                (format!("comment_{i}"), format!("begründet {i}")),
            ]
        })
        .collect();
    fields[1].1 = long.clone();
    fields.extend([
        ("overall".to_owned(), "gesamt".to_owned()),
        ("action".to_owned(), "save".to_owned()),
        ("stage".to_owned(), "0".to_owned()),
    ]);
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = r
        .jana
        .post(&format!("{}/bewertung", r.page()), &borrowed)
        .await;
    assert_eq!(saved.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        saved.body.contains(
            r#"id="comment_0-error">Begründung zu Regionale Verankerung: Höchstens 10000 Zeichen; eingegeben sind 10001."#
        ),
        "{}",
        saved.body
    );
    assert!(saved.body.contains(&long), "the input is kept");
}

#[tokio::test]
async fn a_juror_invited_with_a_name_over_two_lines_is_refused_beside_the_field() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::BioRegio).await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let invited = staff
        .post(
            &format!("/verwaltung/wettbewerbe/{competition}/jury"),
            &[
                ("name", "Dr. Jana Jury\r\nBcc: alle@example.org"),
                ("email", "jana@uni-jena.de"),
                ("organisation", &"U".repeat(301)),
            ],
        )
        .await;
    assert_eq!(invited.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        invited
            .body
            .contains(r#"id="name-error">Bitte in einer Zeile, ohne Zeilenumbruch."#),
        "{}",
        invited.body
    );
    assert!(
        invited
            .body
            .contains(r#"id="organisation-error">Höchstens 300 Zeichen; eingegeben sind 301."#),
        "{}",
        invited.body
    );
}

#[tokio::test]
async fn a_set_up_with_a_name_over_300_characters_is_not_saved_and_says_so() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let created = staff
        .post("/verwaltung/wettbewerbe", &[("preset", "bioregio")])
        .await;
    let editor = format!("{}/ausschreibung", created.location.unwrap());
    let mut fields = crate::staff_flow::form_fields(&staff.get(&editor).await.body);
    let long = "B".repeat(301);
    fields.retain(|(k, _)| k != "name");
    fields.push(("name".into(), long.clone()));
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refused = staff.post(&editor, &borrowed).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Name: höchstens 300 Zeichen; eingegeben sind 301."),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(&long), "the input is kept");
    assert!(
        !staff.get(&editor).await.body.contains(&long),
        "nothing saved"
    );
}

#[tokio::test]
async fn a_new_competition_named_over_two_lines_comes_back_with_the_reason_beside_the_name() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let refused = staff
        .post(
            "/verwaltung/wettbewerbe",
            &[("preset", "innoregio"), ("name", "InnoRegio\n2027")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains(r#"id="name-error">Bitte in einer Zeile, ohne Zeilenumbruch."#),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r#"value="innoregio" selected"#));
    assert!(
        refused.body.contains("InnoRegio\n2027"),
        "the input is kept"
    );
}
