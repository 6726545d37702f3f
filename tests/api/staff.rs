//! Staff pages: the overview and the outbox.

use reqwest::StatusCode;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;

use crate::support::{Options, PASSWORD, spawn_app, spawn_app_with};

#[tokio::test]
async fn staff_see_sent_mail_in_the_outbox_and_applications_in_the_overview() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::BioRegio).await;
    let anna = app.applicant("anna@tu-muenchen.de", "Anna Schmidt").await;
    anna.create_application(competition, "BioRegio München", "TU München", "Bayern")
        .await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;

    let overview = staff.get("/verwaltung").await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(overview.body.contains("Entwurf: 1"), "{}", overview.body);

    let outbox = staff.get("/verwaltung/postausgang").await.body;
    assert!(outbox.contains("anna@tu-muenchen.de"));
    assert!(outbox.contains("Bitte bestätigen Sie Ihre E-Mail-Adresse"));
    assert!(outbox.contains("versandt"), "{outbox}");
    assert!(
        outbox.contains(r#"<span class="hint">Bestätigung der Adresse</span>"#)
            && !outbox.contains(r#"<span class="hint">verification</span>"#),
        "the kind of message in words: {outbox}"
    );
}

#[tokio::test]
async fn while_the_mail_server_is_down_staff_see_the_message_waiting_with_the_error() {
    let app = spawn_app_with(Options {
        smtp_up: false,
        ..Options::default()
    })
    .await;
    let visitor = app.visitor();
    let registered = visitor
        .post(
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
    assert_eq!(registered.status, StatusCode::SEE_OTHER);
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let mut page = String::new();
    for _ in 0..100 {
        page = staff.get("/verwaltung/postausgang").await.body;
        if page.contains("wartet") && page.contains("<td>1</td>") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(page.contains("anna@tu-dresden.de"), "{page}");
    assert!(page.contains("wartet"), "{page}");
    assert!(
        page.contains("<td>1</td>"),
        "one failed attempt is shown: {page}"
    );
}

#[tokio::test]
async fn the_outbox_is_paged_and_can_be_narrowed_to_one_state() {
    use wettbewerb::app::{Actor, execute, stream_of};
    use wettbewerb::domain::account::{Account, AccountCommand, Language, account_id_for};
    use wettbewerb::domain::email_address::EmailAddress;

    let app = spawn_app().await;
    // 105 registrations, each with a verification message, written as the sign-up form does.
    let hash = wettbewerb::security::password::hash(PASSWORD);
    for n in 0..105 {
        let email = EmailAddress::parse(&format!("antrag{n:03}@beispiel.de")).unwrap();
        let command = AccountCommand::Register {
            email: email.clone(),
            name: format!("Antrag {n}"),
            role: Role::Applicant,
            password_hash: hash.clone(),
            language: Language::De,
            verification_nonce: Some(format!("nonce-{n}")),
            privacy_consent: Some(
                wettbewerb::domain::privacy::PrivacyConsent::to_current_notice(
                    wettbewerb::clock::Clock::now(&app.clock),
                ),
            ),
            now: wettbewerb::clock::Clock::now(&app.clock),
        };
        let stream = stream_of::<Account>(&account_id_for(&email));
        execute::<Account>(&app.store, &stream, &Actor::system(), command)
            .await
            .unwrap();
    }
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let mut first = String::new();
    for _ in 0..300 {
        first = staff.get("/verwaltung/postausgang").await.body;
        if first.contains("0 wartend, 105 versandt") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(first.contains("0 wartend, 105 versandt"), "{first}");
    assert!(first.contains("1–100 von 105"), "{first}");
    assert_eq!(first.matches("@beispiel.de</td>").count(), 100);
    assert!(first.contains(r#"href="/verwaltung/postausgang?seite=2" rel="next""#));

    let second = staff.get("/verwaltung/postausgang?seite=2").await.body;
    assert!(second.contains("101–105 von 105"), "{second}");
    assert_eq!(second.matches("@beispiel.de</td>").count(), 5);
    assert!(second.contains(r#"href="/verwaltung/postausgang" rel="prev""#));

    let failed = staff
        .get("/verwaltung/postausgang?stand=fehlgeschlagen")
        .await
        .body;
    assert!(failed.contains("Keine Nachrichten."), "{failed}");
    let sent = staff
        .get("/verwaltung/postausgang?stand=versandt&seite=9")
        .await
        .body;
    assert!(
        sent.contains("101–105 von 105"),
        "a page past the end shows the last one: {sent}"
    );
}

#[tokio::test]
async fn staff_remind_consortia_of_their_drafts_once_a_day() {
    let app = spawn_app().await;
    let (competition, _anna, _application) = app.draft().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");
    let page = staff.get(&control).await.body;
    assert!(
        page.contains("Erinnerung an nicht eingereichte Anträge senden"),
        "{page}"
    );
    assert!(!page.contains("Erinnerung an ausstehende Bewertungen senden"));

    let sent = staff
        .post(&format!("{control}/erinnern"), &[("an", "antragsteller")])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert!(
        staff
            .get(&control)
            .await
            .body
            .contains("Die Erinnerungen an nicht eingereichte Anträge werden versandt.")
    );
    let reminder = app.mail_to("anna@tu-dresden.de", "Erinnerung").await;
    assert!(reminder.contains("Sensorik Lausitz"), "{reminder}");

    let again = staff
        .post(&format!("{control}/erinnern"), &[("an", "antragsteller")])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.body.contains("Diese Erinnerungen wurden am 22. November 2026, 10:00 Uhr versandt; die nächsten sind ab 23. November 2026, 10:00 Uhr möglich."),
        "{}",
        again.body
    );
    let jury = staff
        .post(&format!("{control}/erinnern"), &[("an", "jury")])
        .await;
    assert_eq!(jury.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(jury.body.contains("nur während der Begutachtung"));

    app.clock.advance(chrono::Duration::hours(24));
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    let next_day = staff
        .post(&format!("{control}/erinnern"), &[("an", "antragsteller")])
        .await;
    assert_eq!(next_day.status, StatusCode::SEE_OTHER, "{}", next_day.body);
    for _ in 0..300 {
        if app
            .mails()
            .iter()
            .filter(|m| m.subject.contains("Erinnerung"))
            .count()
            == 2
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let reminders = app
        .mails()
        .iter()
        .filter(|m| m.subject.contains("Erinnerung"))
        .count();
    assert_eq!(reminders, 2, "one reminder per request");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_innoregio_round_is_listed_and_audited_a_page_at_a_time() {
    let app = spawn_app().await;
    let options = wettbewerb::demo::Options {
        preset: Preset::InnoRegio,
        scale: 1,
        seed: 5,
        open_drafts: 0,
    };
    let report = wettbewerb::demo::fill(&app.store, options, &|_| {})
        .await
        .unwrap();
    app.settled().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let control = format!("/verwaltung/wettbewerbe/{}", report.competition);

    // The concept stage has every application; its pages keep the stage and the order.
    let first = staff
        .get(&format!("{control}?stufe=1&sortierung=betrag"))
        .await
        .body;
    assert!(first.contains("1–100 von 444"), "{first}");
    assert_eq!(first.matches("<a href=\"/antraege/").count(), 100);
    assert!(first.contains(&format!(
        "href=\"{control}?stufe=1&#38;sortierung=betrag&#38;seite=2#antraege\" rel=\"next\""
    )));
    let last = staff
        .get(&format!("{control}?stufe=1&sortierung=betrag&seite=5"))
        .await
        .body;
    assert!(last.contains("401–444 von 444"), "{last}");
    assert_eq!(last.matches("<a href=\"/antraege/").count(), 44);
    assert!(!last.contains("rel=\"next\""));

    let audit = format!("/verwaltung/protokoll/wettbewerb/{}", report.competition);
    let page = staff.get(&audit).await.body;
    let caption = page
        .split("<caption>")
        .nth(1)
        .and_then(|c| c.split("</caption>").next())
        .unwrap()
        .to_owned();
    // The count groups its thousands ("1.979 Ereignisse").
    let shown = caption.split(' ').next().unwrap().to_owned();
    let total: usize = shown.replace('.', "").parse().unwrap();
    let in_log = |stream: wettbewerb::event_store::StreamName| {
        app.store
            .read_stream(
                &stream,
                wettbewerb::event_store::Direction::Forwards,
                wettbewerb::event_store::ReadFrom::Start,
                usize::MAX,
            )
            .unwrap()
            .len()
    };
    let expected = in_log(wettbewerb::app::stream_of::<
        wettbewerb::domain::competition::Competition,
    >(&report.competition))
        + in_log(wettbewerb::app::stream_of::<wettbewerb::domain::jury::Jury>(&report.competition))
        // Each stage's jury meeting belongs to the round's record too.
        + (0..2)
            .map(|stage| {
                in_log(wettbewerb::app::stream_of::<
                    wettbewerb::domain::meeting::JuryMeeting,
                >(&wettbewerb::domain::meeting::MeetingKey {
                    competition: report.competition,
                    stage,
                }))
            })
            .sum::<usize>();
    assert_eq!(total, expected, "every event of the round: {caption}");
    assert!(
        caption.ends_with(&format!("1–200 von {shown}")),
        "{caption}"
    );
    assert_eq!(page.matches("<pre class=\"wrap\">").count(), 200);
    let second = staff.get(&format!("{audit}?seite=2")).await.body;
    assert!(second.contains(&format!("201–400 von {shown}")));
    assert!(second.contains(&format!("href=\"{audit}\" rel=\"prev\"")));
}
