//! A request for review of the procedure after the release: the consortium files it with its
//! grounds within the window, both sides are told by mail, staff answer with an outcome and a
//! reason, the consortium reads it on its status page and in its mail; every step in the log
//! and on the audit page. Before the release and after the window the form is closed.

use reqwest::StatusCode;
use wettbewerb::app::{load, stream_of};
use wettbewerb::domain::competition::Competition;
use wettbewerb::domain::redress::RedressWindow;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::reserve_list::{Round, decided, release};
use crate::support::{TestApp, hidden_value};

const GROUNDS: &str = "Ein Mitglied der Jury ist bei einem unserer Partner beschäftigt und hätte nicht bewerten dürfen.\nDas Gutachten zu Kriterium 2 geht auf unsere Unterlagen nicht ein.";

fn events_of(app: &TestApp, kind: &str) -> Vec<wettbewerb::event_store::RecordedEvent> {
    app.store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.event_type == kind)
        .collect()
}

/// The first stage's redress window, as the domain counts it from the release.
fn window(r: &Round) -> RedressWindow {
    let (competition, _) =
        load::<Competition>(&r.app.store, &stream_of::<Competition>(&r.competition)).unwrap();
    RedressWindow::of(&competition, 0).unwrap()
}

fn answer_path(r: &Round, application: &str) -> String {
    format!(
        "{}/widersprueche/{}/1",
        r.control,
        application.trim_start_matches("/antraege/")
    )
}

#[tokio::test]
async fn a_request_for_review_is_filed_in_the_window_answered_and_told_to_both_sides() {
    let r = decided().await;
    let (consortium, application) = (&r.consortia[3].0, r.consortia[3].1.clone());
    let form = format!("{application}/widerspruch");

    // Before the release: nothing offered, and a request is refused with the reason.
    let status = consortium.get(&format!("{application}/status")).await;
    assert!(
        !status.body.contains("Überprüfung beantragen"),
        "{}",
        status.body
    );
    let early = consortium.get(&form).await;
    assert_eq!(early.status, StatusCode::OK);
    assert!(early.body.contains("Sobald das Ergebnis"), "{}", early.body);
    let refused = consortium.post(&form, &[("gruende", GROUNDS)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("noch nicht bekannt gegeben"),
        "{}",
        refused.body
    );

    release(&r).await;
    let closes = window(&r).last_minute();
    let status = consortium.get(&format!("{application}/status")).await;
    assert!(
        status.body.contains("Überprüfung beantragen"),
        "{}",
        status.body
    );
    let page = consortium.get(&form).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Überprüft wird nur das Verfahren, nicht die fachliche Bewertung."),
        "{}",
        page.body
    );
    let shown_close =
        wettbewerb::time_display::berlin(closes, wettbewerb::domain::account::Language::De);
    assert!(
        page.body.contains(&shown_close),
        "{shown_close}: {}",
        page.body
    );

    // Grounds are required; too long ones come back in the form with the reason.
    let empty = consortium.post(&form, &[("gruende", "  ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains("Bitte nennen Sie die Gründe"),
        "{}",
        empty.body
    );
    assert!(
        empty.body.contains("aria-invalid=\"true\""),
        "{}",
        empty.body
    );
    let long = format!("Sehr lang {}", "x".repeat(10_000));
    let too_long = consortium.post(&form, &[("gruende", &long)]).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        too_long.body.contains("Höchstens 10000 Zeichen"),
        "{}",
        too_long.body
    );
    assert!(
        too_long.body.contains("Sehr lang xxxxxxxx"),
        "the input is kept"
    );
    assert!(events_of(&r.app, "RedressRequested").is_empty());

    let filed = consortium.post(&form, &[("gruende", GROUNDS)]).await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let page = consortium.get(&form).await;
    assert!(
        page.body
            .contains("Ein Mitglied der Jury ist bei einem unserer Partner"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Die Programmverwaltung prüft Ihren Antrag"),
        "{}",
        page.body
    );
    let requested = events_of(&r.app, "RedressRequested");
    assert_eq!(requested.len(), 1);
    assert_eq!(requested[0].data["grounds"], GROUNDS);
    assert_eq!(requested[0].metadata["role"], "applicant");
    // Once per stage.
    let again = consortium.post(&form, &[("gruende", "Noch etwas.")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.body.contains("bereits eine Überprüfung beantragt"),
        "{}",
        again.body
    );

    // Both sides are told.
    let receipt = r
        .app
        .mail_to("d@uni-jena.de", "Antrag auf Überprüfung eingegangen")
        .await;
    assert!(receipt.contains("Guten Tag, Dora Dorn,"), "{receipt}");
    assert!(
        receipt.contains("Das Gutachten zu Kriterium 2 geht"),
        "{receipt}"
    );
    assert!(
        receipt.contains("die fachliche Bewertung selbst wird nicht überprüft"),
        "{receipt}"
    );
    let notice = r
        .app
        .mail_to("wettbewerb@ptj.example", "Neuer Antrag auf Überprüfung")
        .await;
    assert!(notice.contains(&answer_path(&r, &application)), "{notice}");

    // Staff see it waiting, and answer.
    let control = r.staff.get(&r.control).await;
    assert!(
        control.body.contains("Anträge auf Überprüfung (1 offen)"),
        "{}",
        control.body
    );
    let list = r.staff.get(&format!("{}/widersprueche", r.control)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains(&answer_path(&r, &application)),
        "{}",
        list.body
    );
    assert!(
        list.body.contains("<strong>offen</strong>"),
        "{}",
        list.body
    );
    let answer = answer_path(&r, &application);
    let page = r.staff.get(&answer).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Nachrückliste, Platz 2"),
        "the result questioned: {}",
        page.body
    );
    assert!(
        page.body.contains("hätte nicht bewerten dürfen"),
        "{}",
        page.body
    );
    let revision = hidden_value(&page.body, "revision").unwrap();

    let reason = "Die Befangenheit war angezeigt; das Jurymitglied hat den Antrag nicht bewertet.";
    let no_outcome = r
        .staff
        .post(&answer, &[("begruendung", reason), ("revision", &revision)])
        .await;
    assert_eq!(no_outcome.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_outcome.body.contains("Bitte wählen Sie das Ergebnis"),
        "{}",
        no_outcome.body
    );
    assert!(no_outcome.body.contains(reason), "the reason is kept");
    let stale = r
        .staff
        .post(
            &answer,
            &[
                ("ergebnis", "zurueckgewiesen"),
                ("begruendung", reason),
                ("revision", "7"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.body.contains(reason),
        "the reason is kept: {}",
        stale.body
    );
    let answered = r
        .staff
        .post(
            &answer,
            &[
                ("ergebnis", "zurueckgewiesen"),
                ("begruendung", reason),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let twice = r
        .staff
        .post(
            &answer,
            &[
                ("ergebnis", "stattgegeben"),
                ("begruendung", reason),
                ("revision", &revision),
            ],
        )
        .await;
    assert_ne!(twice.status, StatusCode::SEE_OTHER, "an answer is final");
    let answered = events_of(&r.app, "RedressAnswered");
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0].data["outcome"], "Rejected");
    assert_eq!(answered[0].metadata["role"], "staff");

    let mail = r
        .app
        .mail_to("d@uni-jena.de", "Antwort auf Ihren Antrag auf Überprüfung")
        .await;
    assert!(mail.contains("Zurückgewiesen"), "{mail}");
    assert!(mail.contains(reason), "{mail}");
    assert!(
        mail.contains("Das Ergebnis der Stufe bleibt bestehen."),
        "{mail}"
    );
    let status = consortium.get(&format!("{application}/status")).await;
    assert!(
        status.body.contains("<strong>zurückgewiesen</strong>"),
        "{}",
        status.body
    );
    let page = consortium.get(&form).await;
    assert!(page.body.contains(reason), "{}", page.body);

    let audit = r
        .staff
        .get(&format!(
            "/verwaltung/protokoll/antrag/{}",
            application.trim_start_matches("/antraege/")
        ))
        .await;
    assert!(
        audit
            .body
            .contains("Überprüfung des Verfahrens beantragt (Stufe 1)."),
        "{}",
        audit.body
    );
    assert!(
        audit.body.contains("beantwortet: zurückgewiesen."),
        "{}",
        audit.body
    );
}

#[tokio::test]
async fn the_form_closes_when_the_window_ends() {
    let r = decided().await;
    release(&r).await;
    let (consortium, application) = (&r.consortia[2].0, r.consortia[2].1.clone());
    let form = format!("{application}/widerspruch");
    r.app.clock.set(window(&r).closes);
    for (user, email) in [(consortium, "c@tum.de")] {
        user.log_in(email, crate::support::PASSWORD).await;
    }
    let page = consortium.get(&form).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Die Frist für einen Antrag auf Überprüfung endete am"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("name=\"gruende\""),
        "no form after the window"
    );
    let late = consortium.post(&form, &[("gruende", GROUNDS)]).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("endete am"), "{}", late.body);
    let status = consortium.get(&format!("{application}/status")).await;
    assert!(
        !status.body.contains("Überprüfung beantragen"),
        "{}",
        status.body
    );
    assert!(events_of(&r.app, "RedressRequested").is_empty());
}

#[tokio::test]
async fn only_the_consortium_files_and_only_staff_read_and_answer() {
    let r = decided().await;
    release(&r).await;
    let (consortium, application) = (&r.consortia[3].0, r.consortia[3].1.clone());
    let filed = consortium
        .post(
            &format!("{application}/widerspruch"),
            &[("gruende", GROUNDS)],
        )
        .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER);
    let other = &r.consortia[0].0;
    let anonymous = r.app.visitor();
    let answer = answer_path(&r, &application);
    let form = format!("{application}/widerspruch");
    // The consortium's own form: another consortium and staff are refused.
    assert_eq!(other.get(&form).await.status, StatusCode::FORBIDDEN);
    assert_eq!(r.staff.get(&form).await.status, StatusCode::FORBIDDEN);
    let to_login = anonymous.get(&form).await;
    assert_eq!(to_login.status, StatusCode::SEE_OTHER);
    assert!(to_login.location.unwrap().starts_with("/anmelden"));
    // The staff's pages: consortia are refused, the grounds stay with staff.
    for path in [format!("{}/widersprueche", r.control), answer.clone()] {
        for user in [consortium, other] {
            let page = user.get(&path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "GET {path}");
        }
        let page = anonymous.get(&path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "GET {path}");
    }
    let forged = consortium
        .post(
            &answer,
            &[
                ("ergebnis", "stattgegeben"),
                ("begruendung", "Ja."),
                ("revision", "0"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(events_of(&r.app, "RedressAnswered").is_empty());
    // An application without a request has no answer page.
    let missing = r.staff.get(&answer_path(&r, &r.consortia[1].1)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_colleague_answering_first_keeps_the_second_answer_unsent_and_shown() {
    let r = decided().await;
    release(&r).await;
    let (consortium, application) = (&r.consortia[3].0, r.consortia[3].1.clone());
    let filed = consortium
        .post(
            &format!("{application}/widerspruch"),
            &[("gruende", GROUNDS), ("stufe", "1")],
        )
        .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let colleague = r
        .app
        .account(wettbewerb::domain::account::Role::Staff, "zweite@ptj.de")
        .await;
    colleague
        .log_in("zweite@ptj.de", crate::support::PASSWORD)
        .await;
    let answer = answer_path(&r, &application);
    let page = r.staff.get(&answer).await;
    let revision = hidden_value(&page.body, "revision").unwrap();
    let first = colleague
        .post(
            &answer,
            &[
                ("ergebnis", "zurueckgewiesen"),
                ("begruendung", "Eingehalten."),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let mine = "Das befangene Jurymitglied hat nicht bewertet; das Verfahren wurde eingehalten.";
    let second = r
        .staff
        .post(
            &answer,
            &[
                ("ergebnis", "stattgegeben"),
                ("begruendung", mine),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert!(
        second.body.contains("inzwischen beantwortet"),
        "{}",
        second.body
    );
    assert!(
        second.body.contains("Eingehalten."),
        "the colleague's answer: {}",
        second.body
    );
    assert!(
        second.body.contains(mine),
        "the reason typed is kept: {}",
        second.body
    );
    assert_eq!(events_of(&r.app, "RedressAnswered").len(), 1);
}

#[tokio::test]
async fn a_request_written_about_a_stage_is_not_filed_for_another() {
    let r = decided().await;
    release(&r).await;
    let (consortium, application) = (&r.consortia[3].0, r.consortia[3].1.clone());
    let other_stage = consortium
        .post(
            &format!("{application}/widerspruch"),
            &[("gruende", GROUNDS), ("stufe", "2")],
        )
        .await;
    assert_eq!(
        other_stage.status,
        StatusCode::CONFLICT,
        "{}",
        other_stage.body
    );
    assert!(
        other_stage.body.contains("weiteren Stufe"),
        "{}",
        other_stage.body
    );
    assert!(
        other_stage.body.contains("hätte nicht bewerten dürfen"),
        "the input is kept"
    );
    assert!(events_of(&r.app, "RedressRequested").is_empty());
}
