//! E-mail addresses and file names as people enter them: refused when no mail could reach
//! them, one account for every way of writing one address, file names safe to download.

use reqwest::StatusCode;
use serde_json::json;
use wettbewerb::event_store::{ExpectedRevision, NewEvent, StreamName};

use crate::support::{PASSWORD, TestApp, User, pdf, spawn_app};

fn registration(email: &str) -> [(&'static str, &str); 5] {
    [
        ("name", "Anna Schmidt"),
        ("email", email),
        ("password", PASSWORD),
        ("password_repeat", PASSWORD),
        ("privacy_consent", "on"),
    ]
}

#[tokio::test]
async fn a_registration_with_an_address_no_mail_reaches_comes_back_with_the_reason() {
    let app = spawn_app().await;
    let user = app.visitor();
    let quoted = user
        .post("/registrieren", &registration("\"a b\"@uni-jena.de"))
        .await;
    assert_eq!(quoted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(quoted.body.contains("Anführungszeichen"), "{}", quoted.body);
    assert!(quoted.body.contains(r#"value="Anna Schmidt""#));
    assert!(
        quoted.body.contains(r#"value="&#34;a b&#34;@uni-jena.de""#),
        "the address comes back as entered: {}",
        quoted.body
    );

    user.post("/sprache/en", &[("weiter", "/registrieren")])
        .await;
    let literal = user
        .post("/registrieren", &registration("a@[127.0.0.1]"))
        .await;
    assert_eq!(literal.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        literal.body.contains("not an IP address"),
        "{}",
        literal.body
    );
    assert!(literal.body.contains(r#"value="a@[127.0.0.1]""#));

    let mixed = user
        .post("/registrieren", &registration("\u{430}nna@uni-jena.de"))
        .await;
    assert_eq!(mixed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mixed.body.contains("mixes letters"), "{}", mixed.body);
    assert!(app.mails().is_empty(), "nothing waits in the outbox");
}

#[tokio::test]
async fn another_spelling_of_a_registered_address_is_the_same_account() {
    let app = spawn_app().await;
    app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let user = app.visitor();
    for variant in ["ａｎｎａ@tu-dresden.de", "Anna@TU-Dresden.de"] {
        let again = user.post("/registrieren", &registration(variant)).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{variant}");
        assert!(again.body.contains("bereits ein Konto"), "{variant}");
    }

    let first = user
        .post("/registrieren", &registration("jörg@müller.de"))
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let punycode = user
        .post("/registrieren", &registration("jörg@xn--mller-kva.de"))
        .await;
    assert_eq!(punycode.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        punycode.body.contains("bereits ein Konto"),
        "{}",
        punycode.body
    );
}

/// An account "Anna Alt" as an older version wrote it: the address as entered, the id from
/// its lower-cased text.
async fn register_as_an_older_version(app: &TestApp, email: &str, password: &str) {
    let namespace = uuid::Uuid::from_u128(0x0b7c_52e1_93d4_4a8f_8e16_5f2a_c1d7_e390);
    let id = uuid::Uuid::new_v5(&namespace, email.to_lowercase().as_bytes());
    let registered = NewEvent::new(
        "AccountRegistered",
        json!({
            "account_id": id,
            "email": email,
            "name": "Anna Alt",
            "role": "Applicant",
            "password_hash": wettbewerb::security::password::hash(password),
            "language": "De",
            "verification_nonce": null,
            "at": "2026-01-05T09:00:00Z",
        }),
    );
    app.store
        .append(
            &StreamName::parse(format!("account-{id}")).unwrap(),
            ExpectedRevision::NoStream,
            vec![registered],
        )
        .await
        .unwrap();
    app.settled().await;
}

#[tokio::test]
async fn an_account_an_older_version_stored_under_the_punycode_form_is_found_by_either_form() {
    let app = spawn_app().await;
    register_as_an_older_version(&app, "Anna@xn--mller-kva.de", PASSWORD).await;

    for form in ["Anna@xn--mller-kva.de", "anna@müller.de"] {
        let user = app.visitor();
        user.log_in(form, PASSWORD).await;
        assert!(
            user.get("/antraege").await.body.contains("Anna Alt"),
            "{form}"
        );
    }
    let again = app
        .visitor()
        .post("/registrieren", &registration("anna@Müller.de"))
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("bereits ein Konto"), "{}", again.body);
}

#[tokio::test]
async fn an_older_spelling_in_the_log_neither_hides_the_canonical_account_nor_reaches_its_applications()
 {
    let app = spawn_app().await;
    // The canonical account, with an application of its own.
    let anna = app.applicant("anna@example.org", "Anna Neu").await;
    let competition = app
        .open_competition(wettbewerb::domain::presets::Preset::InnoRegio)
        .await;
    let application = anna
        .create_application(competition, "Neues Netzwerk", "TU Dresden", "Sachsen")
        .await;
    // An account an older version filed under a full-width spelling of the same address.
    register_as_an_older_version(&app, "ａｎｎａ@example.org", "altes-passwort-1").await;

    let user = app.visitor();
    user.log_in("anna@example.org", PASSWORD).await;
    let dashboard = user.get("/antraege").await.body;
    assert!(
        dashboard.contains("Anna Neu") && dashboard.contains("Neues Netzwerk"),
        "the canonical account is still reached: {dashboard}"
    );
    let old = app.visitor();
    let refused = old
        .post(
            "/anmelden",
            &[
                ("email", "ａｎｎａ@example.org"),
                ("password", "altes-passwort-1"),
            ],
        )
        .await;
    assert_ne!(
        refused.status,
        StatusCode::SEE_OTHER,
        "the older spelling's password opens nothing of the canonical account"
    );
    assert_ne!(old.get(&application).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_co_editor_is_removed_whatever_the_case_of_the_address() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    let invited = anna
        .post(
            &format!("{application}/mitwirkende"),
            &[("email", "Ben.Weber@Sensorik.de")],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    let ben = app.applicant("ben.weber@sensorik.de", "Ben Weber").await;
    assert_eq!(ben.get(&application).await.status, StatusCode::OK);

    let removed = anna
        .post(
            &format!("{application}/mitwirkende/entfernen"),
            &[("email", "BEN.WEBER@sensorik.de")],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert_eq!(ben.get(&application).await.status, StatusCode::FORBIDDEN);
    assert!(!ben.get("/antraege").await.body.contains("Sensorik Lausitz"));
}

#[tokio::test]
async fn a_download_keeps_the_extension_drops_bidi_controls_and_names_the_file_in_utf8() {
    let app = spawn_app().await;
    let (_, anna, application) = app.draft().await;
    // The right-to-left override would show the rest of the name reversed; the name is longer
    // than the 200 characters a name keeps.
    let name = format!("Übersicht\u{202E}{}.pdf", "Vorhaben ".repeat(30));
    let uploaded = anna
        .upload(&format!("{application}/dokumente"), &name, pdf("Lang"))
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let disposition = download_disposition(&anna, &application).await;

    assert!(
        disposition.contains("filename*=UTF-8''%C3%9Cbersicht"),
        "{disposition}"
    );
    assert!(
        disposition.contains(".pdf\"") && disposition.ends_with(".pdf"),
        "{disposition}"
    );
    assert!(
        disposition.contains("filename=\"Ubersicht"),
        "{disposition}"
    );
    assert!(
        !disposition.contains("%E2%80%AE"),
        "no bidi override: {disposition}"
    );
}

async fn download_disposition(user: &User, application: &str) -> String {
    let editor = user.get(application).await.body;
    let marker = "/dokumente/";
    let start = editor.find(marker).expect("a document is listed") + marker.len();
    let sha = &editor[start..start + 64];
    let download = user
        .client
        .get(format!("{}{application}/dokumente/{sha}", user.address))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned()
}

/// An older version checked a juror's address only for an `@`: such an appointment still
/// reads, the jury page shows the address as recorded, and the other jurors are unaffected.
#[tokio::test]
async fn a_juror_address_an_older_version_let_through_still_reads_on_the_jury_page() {
    let app = spawn_app().await;
    let competition = app
        .open_competition(wettbewerb::domain::presets::Preset::InnoRegio)
        .await;
    let staff = app
        .account(wettbewerb::domain::account::Role::Staff, "leitung@ptj.de")
        .await;
    let jury = format!("/verwaltung/wettbewerbe/{competition}/jury");
    let invited = staff
        .post(
            &jury,
            &[
                ("name", "Prof. Jana Neu"),
                ("email", "jana@uni-jena.de"),
                ("organisation", "Universität Jena"),
            ],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    let appointed = NewEvent::new(
        "JurorAppointed",
        json!({
            "competition_id": competition,
            "juror_id": uuid::Uuid::from_u128(0x51),
            "juror": {
                "name": "Dr. Otto Alt",
                "email": "otto.alt@",
                "organisation": "Altes Institut",
                "expertise": [],
            },
            "at": "2026-01-05T09:00:00Z",
        }),
    );
    app.store
        .append(
            &StreamName::parse(format!("jury-{competition}")).unwrap(),
            ExpectedRevision::Any,
            vec![appointed],
        )
        .await
        .unwrap();
    app.settled().await;

    let page = staff.get(&jury).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("otto.alt@"), "{}", page.body);
    assert!(page.body.contains("jana@uni-jena.de"), "{}", page.body);
}

/// An older version recorded a programme contact's address without any check: such a set-up
/// still reads, and the set-up form shows the address as recorded.
#[tokio::test]
async fn a_contact_address_an_older_version_let_through_still_reads_on_the_set_up_form() {
    let app = spawn_app().await;
    let staff = app
        .account(wettbewerb::domain::account::Role::Staff, "leitung@ptj.de")
        .await;
    let created = staff
        .post("/verwaltung/wettbewerbe", &[("preset", "bioregio")])
        .await;
    let control = created.location.expect("the new competition's control");
    let id =
        wettbewerb::domain::ids::CompetitionId::parse(control.rsplit('/').next().unwrap()).unwrap();
    let stream = wettbewerb::app::stream_of::<wettbewerb::domain::competition::Competition>(&id);
    let drafted = app
        .store
        .read_stream(
            &stream,
            wettbewerb::event_store::Direction::Forwards,
            wettbewerb::event_store::ReadFrom::Start,
            1,
        )
        .unwrap();
    let mut setup = drafted[0].data["setup"].clone();
    setup["contact"]["email"] = json!("poststelle (at) ptj.example");
    let changed = NewEvent::new(
        "CompetitionSetupChanged",
        json!({ "setup": setup, "at": "2026-01-05T09:00:00Z" }),
    );
    app.store
        .append(&stream, ExpectedRevision::Any, vec![changed])
        .await
        .unwrap();
    app.settled().await;

    let form = staff.get(&format!("{control}/ausschreibung")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains(r#"name="contact_email" value="poststelle (at) ptj.example""#),
        "{}",
        form.body
    );
}
