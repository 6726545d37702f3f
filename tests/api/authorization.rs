//! Every route with every role: who gets the page, who gets 403, who is sent to log in.

use reqwest::StatusCode;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::financing::{PledgeAmount, PledgeSource};
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::presets::Preset;

use crate::applicant_flow::complete;
use crate::support::{Page, User, pdf, spawn_app};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// 200 for a page; for a form, anything but a refusal of the person (it may still be
    /// refused for its content).
    Allowed,
    Forbidden,
    Login,
}

use Expect::{Allowed as A, Forbidden as F, Login as L};

/// A form's path, its fields, and what each person gets.
type Form<'a> = (String, Vec<(&'a str, &'a str)>, [Expect; 5]);

fn outcome(page: &Page, get: bool) -> Expect {
    let to_login = page.status == StatusCode::SEE_OTHER
        && page
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("/anmelden"));
    if to_login {
        Expect::Login
    } else if page.status == StatusCode::FORBIDDEN {
        Expect::Forbidden
    } else if !get || page.status == StatusCode::OK {
        Expect::Allowed
    } else {
        panic!("unexpected {}: {}", page.status, page.body)
    }
}

#[tokio::test]
async fn every_route_admits_exactly_the_roles_it_should() {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::InnoRegio).await;
    let owner = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let submitted = owner
        .create_application(competition, "Eingereicht", "TU Dresden", "Sachsen")
        .await;
    complete(&owner, &submitted).await;
    crate::pledge_review::plan_money(&app, &submitted).await;
    app.settled().await;
    let sent = owner.post(&format!("{submitted}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let draft = owner
        .create_application(competition, "Entwurf", "TU Dresden", "Sachsen")
        .await;
    complete(&owner, &draft).await;
    let editor = owner.get(&draft).await.body;
    let start = editor.find("/dokumente/").unwrap() + "/dokumente/".len();
    let sha = editor[start..start + 64].to_owned();
    let pledge = crate::financing_support::pledge_ids(&owner, &draft).await[0].clone();
    let letter_pledge = crate::pledge_review::pledge(
        &app,
        &draft,
        "Sachsen Chemie AG",
        PledgeSource::Private,
        PledgeAmount::Total(Cents::euros(100_000)),
    )
    .await;
    app.settled().await;
    let money = format!(
        "/verwaltung/wettbewerbe/{competition}/antraege/{}/finanzierung",
        draft.trim_start_matches("/antraege/")
    );

    let formal = format!(
        "/verwaltung/wettbewerbe/{competition}/antraege/{}/formalpruefung",
        submitted.trim_start_matches("/antraege/")
    );

    let other = app.applicant("mallory@example.org", "Mallory").await;
    let staff = app.account(Role::Staff, "staff@ptj.de").await;
    // A juror with a seat on the competition's jury, assigned to nothing.
    let juror = crate::jury::invite_and_accept(
        &app,
        &staff,
        competition,
        "Jule Jurorin",
        "jurorin@uni.de",
        "Universität Erfurt",
    )
    .await;
    // A circular to the submitted consortium, for its page.
    let circular = crate::circulars::send_to_submitted(
        &staff,
        &format!("/verwaltung/wettbewerbe/{competition}"),
    )
    .await;
    let anonymous = app.visitor();
    let people: [(&str, &User); 5] = [
        ("anonymous", &anonymous),
        ("other applicant", &other),
        ("juror", &juror),
        ("staff", &staff),
        ("owner", &owner),
    ];

    let c = format!("/wettbewerbe/{competition}");
    // (path, anonymous, other applicant, juror, staff, owner)
    let k0 = format!("/verwaltung/wettbewerbe/{competition}");
    let pages: Vec<(String, [Expect; 5])> = vec![
        ("/".into(), [A, A, A, A, A]),
        (c.clone(), [A, A, A, A, A]),
        ("/anmelden".into(), [A, A, A, A, A]),
        ("/registrieren".into(), [A, A, A, A, A]),
        ("/datenschutz".into(), [A, A, A, A, A]),
        ("/impressum".into(), [A, A, A, A, A]),
        ("/barrierefreiheit".into(), [A, A, A, A, A]),
        ("/verwaltung/rueckmeldungen".into(), [L, F, F, A, F]),
        ("/passwort-vergessen".into(), [A, A, A, A, A]),
        // The second factor: one's own on the account page, a reset for staff only; the
        // login's second step without a password first sends everyone to log in.
        ("/konto/zweiter-faktor".into(), [L, A, A, A, A]),
        ("/konto/api-schluessel".into(), [L, A, A, A, A]),
        ("/verwaltung/zweiter-faktor".into(), [L, F, F, A, F]),
        ("/anmelden/code".into(), [L, L, L, L, L]),
        ("/antraege".into(), [L, A, F, F, A]),
        ("/jury".into(), [L, F, A, F, F]),
        ("/verwaltung".into(), [L, F, F, A, F]),
        ("/verwaltung/postausgang".into(), [L, F, F, A, F]),
        ("/verwaltung/datenschutz/loeschung".into(), [L, F, F, A, F]),
        (
            "/verwaltung/datenschutz/loeschfristen".into(),
            [L, F, F, A, F],
        ),
        (
            "/verwaltung/datenschutz/loeschung?email=nobody@example.org".into(),
            [L, F, F, A, F],
        ),
        ("/konto".into(), [L, A, A, A, A]),
        ("/konto/meine-daten.json".into(), [L, A, A, A, A]),
        ("/verwaltung/wettbewerbe/neu".into(), [L, F, F, A, F]),
        (
            format!("/verwaltung/wettbewerbe/{competition}"),
            [L, F, F, A, F],
        ),
        (
            format!("/verwaltung/wettbewerbe/{competition}/rangliste"),
            [L, F, F, A, F],
        ),
        (format!("{k0}/rangliste?stufe=1"), [L, F, F, A, F]),
        (
            format!(
                "{k0}?stufe=1&suche=Eingereicht&stand=Eingereicht&land=Sachsen&feld=Energy&sortierung=betrag&seite=1"
            ),
            [L, F, F, A, F],
        ),
        // Deleting asks first; an open competition's page says why it cannot be deleted.
        (format!("{k0}/loeschen"), [L, F, F, A, F]),
        // The confirmation pages of the irreversible steps.
        (format!("{k0}/schritt/freigeben"), [L, F, F, A, F]),
        (format!("{k0}/schritt/abschliessen"), [L, F, F, A, F]),
        (format!("{k0}/abschliessen-entscheidungen"), [L, F, F, A, F]),
        (format!("{k0}/schritt/stufe-oeffnen"), [L, F, F, A, F]),
        // Giving up an award: the owner only (the page says why when there is none).
        (format!("{submitted}/verzichten"), [L, F, F, F, A]),
        // Asking for a review of the procedure: the consortium only (the page says when).
        (format!("{submitted}/widerspruch"), [L, F, F, F, A]),
        (format!("{k0}/widersprueche"), [L, F, F, A, F]),
        // Circulars: staff only; their list, the compose form and a sent one's page.
        (format!("{k0}/rundschreiben"), [L, F, F, A, F]),
        (circular.clone(), [L, F, F, A, F]),
        // The competition's own mail texts: staff only.
        (format!("{k0}/mailtexte"), [L, F, F, A, F]),
        (format!("{k0}/mailtexte/rejection/de"), [L, F, F, A, F]),
        (format!("{k0}/mailtexte/funding-funded/en"), [L, F, F, A, F]),
        // The public results: everyone (before the release a page saying so).
        (format!("{c}/ergebnisse"), [A, A, A, A, A]),
        // The formal check of a submitted application: staff only.
        (formal.clone(), [L, F, F, A, F]),
        // The jury meeting, its minutes and their CSV: staff only; an applicant and a juror
        // (conflicted or not) never see them.
        (format!("{k0}/sitzung"), [L, F, F, A, F]),
        (format!("{k0}/sitzung/protokoll"), [L, F, F, A, F]),
        (format!("{k0}/sitzung/protokoll?stufe=1"), [L, F, F, A, F]),
        (format!("{k0}/export/sitzung.csv"), [L, F, F, A, F]),
        // The consensus: staff only; an applicant never sees it, nor a juror not on it.
        (format!("{k0}/berichterstattung"), [L, F, F, A, F]),
        (format!("{k0}/export/konsens.csv"), [L, F, F, A, F]),
        (
            format!(
                "{k0}/antraege/{}/konsens",
                submitted.trim_start_matches("/antraege/")
            ),
            [L, F, F, A, F],
        ),
        (
            format!(
                "/jury/{competition}/antraege/{}/konsens",
                submitted.trim_start_matches("/antraege/")
            ),
            [L, F, F, F, F],
        ),
        (
            format!("/verwaltung/wettbewerbe/{competition}/jury"),
            [L, F, F, A, F],
        ),
        (format!("{k0}/export/antraege.csv"), [L, F, F, A, F]),
        (format!("{k0}/export/bewertungen.csv"), [L, F, F, A, F]),
        (format!("{k0}/export/entscheidungen.csv"), [L, F, F, A, F]),
        (format!("{k0}/auswertung"), [L, F, F, A, F]),
        (
            format!("/verwaltung/protokoll/wettbewerb/{competition}"),
            [L, F, F, A, F],
        ),
        (
            format!(
                "/verwaltung/protokoll/antrag/{}",
                submitted.trim_start_matches("/antraege/")
            ),
            [L, F, F, A, F],
        ),
        (
            format!(
                "{k0}/antraege/{}/bewertungen",
                submitted.trim_start_matches("/antraege/")
            ),
            [L, F, F, A, F],
        ),
        // The jurors' discussion: never the consortium, nor a juror not assigned to it.
        (
            format!(
                "/jury/{competition}/antraege/{}/diskussion",
                submitted.trim_start_matches("/antraege/")
            ),
            [L, F, F, F, F],
        ),
        (
            format!(
                "{k0}/antraege/{}/diskussion",
                submitted.trim_start_matches("/antraege/")
            ),
            [L, F, F, A, F],
        ),
        // The application as the jury reads it, by criterion: staff only.
        (
            format!(
                "{k0}/antraege/{}/antrag",
                submitted.trim_start_matches("/antraege/")
            ),
            [L, F, F, A, F],
        ),
        // An application's money and a pledge's letter: staff's pages.
        (money.clone(), [L, F, F, A, F]),
        (
            format!("{money}/{letter_pledge}/schreiben"),
            [L, F, F, A, F],
        ),
        (format!("{c}/antrag"), [L, A, F, F, A]),
        (submitted.clone(), [L, F, F, A, A]),
        (format!("{submitted}/status"), [L, F, F, A, A]),
        (format!("{submitted}/eingang"), [L, F, F, A, A]),
        (format!("{draft}/dokumente/{sha}"), [L, F, F, A, A]),
        (format!("{submitted}/finanzierung"), [L, F, F, A, A]),
        (format!("{draft}/finanzierung"), [L, F, F, A, A]),
        (
            format!("{draft}/absichtserklaerungen/{pledge}/schreiben"),
            [L, F, F, A, A],
        ),
        // The juror's pages of a competition: only for its jurors.
        (format!("/jury/{competition}/unbefangen"), [L, F, A, F, F]),
        (
            format!("/jury/{competition}/befangenheiten"),
            [L, F, A, F, F],
        ),
        // A document of an application the juror is not assigned to.
        (
            format!(
                "/jury/{competition}/antraege/{}/dokumente/{sha}",
                draft.trim_start_matches("/antraege/")
            ),
            [L, F, F, F, F],
        ),
        (
            format!(
                "/jury/{competition}/antraege/{}/dokumente/{sha}/ansicht",
                draft.trim_start_matches("/antraege/")
            ),
            [L, F, F, F, F],
        ),
        // A pledge's letter of an application the juror is not assigned to.
        (
            format!(
                "/jury/{competition}/antraege/{}/absichtserklaerungen/{letter_pledge}",
                draft.trim_start_matches("/antraege/")
            ),
            [L, F, F, F, F],
        ),
    ];
    for (path, expected) in &pages {
        for ((who, user), expect) in people.iter().zip(expected) {
            let page = user.get(path).await;
            assert_eq!(outcome(&page, true), *expect, "GET {path} as {who}");
        }
    }
    // All documents of the stage: the juror is let in (and told that nothing is cleared yet).
    let zip = format!("/jury/{competition}/unterlagen.zip");
    for ((who, user), expect) in people.iter().zip([L, F, A, F, F]) {
        let page = user.get(&zip).await;
        let got = match page.status {
            StatusCode::UNPROCESSABLE_ENTITY => A,
            _ => outcome(&page, true),
        };
        assert_eq!(got, expect, "GET {zip} as {who}");
    }

    let forms: Vec<Form> = vec![
        // Feedback on accessibility: open to everybody, logged in or not.
        (
            "/barrierefreiheit".into(),
            vec![("message", "Der Fokus ist schwer zu sehen.")],
            [A, A, A, A, A],
        ),
        (
            format!("/verwaltung/datenschutz/loeschfristen/{competition}"),
            vec![
                ("nicht_gefoerdert", "3"),
                ("gefoerdert", "10"),
                ("jury", "5"),
            ],
            [L, F, F, A, F],
        ),
        (
            "/verwaltung/datenschutz/loeschung".into(),
            vec![("email", "nobody@example.org"), ("grund", "Test")],
            [L, F, F, A, F],
        ),
        (
            "/konto/zweiter-faktor".into(),
            vec![("code", "000000")],
            [L, A, A, A, A],
        ),
        (
            "/konto/zweiter-faktor/entfernen".into(),
            vec![("code", "000000")],
            [L, A, A, A, A],
        ),
        (
            "/konto/api-schluessel".into(),
            vec![
                ("name", "Berichtswesen"),
                ("scope_read", "on"),
                ("lifetime", "30"),
            ],
            [L, A, A, A, A],
        ),
        // Nobody's token: every logged-in person learns only that there is none.
        (
            "/konto/api-schluessel/00000000-0000-0000-0000-000000000000/widerrufen".into(),
            vec![],
            [L, A, A, A, A],
        ),
        (
            "/anmelden/code".into(),
            vec![("code", "000000")],
            [L, L, L, L, L],
        ),
        (
            "/verwaltung/zweiter-faktor".into(),
            vec![
                ("email", "mallory@example.org"),
                ("reason", "Telefon verloren"),
            ],
            [L, F, F, A, F],
        ),
        (
            format!("{c}/antrag"),
            vec![
                ("title", "Neu"),
                ("name", "X"),
                ("kind", "Sme"),
                ("land", "Sachsen"),
            ],
            [L, A, F, F, A],
        ),
        (
            format!("{draft}/angaben"),
            vec![("title", "Neu"), ("revision", "0")],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/koordination"),
            vec![
                ("name", "TU"),
                ("kind", "University"),
                ("land", "Sachsen"),
                ("revision", "0"),
            ],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/partner"),
            vec![
                ("name", "Y"),
                ("kind", "Sme"),
                ("land", "Sachsen"),
                ("revision", "0"),
            ],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/partner/0"),
            vec![
                ("name", "Z"),
                ("kind", "Sme"),
                ("land", "Sachsen"),
                ("revision", "0"),
            ],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/partner/0/entfernen"),
            vec![("revision", "0")],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/dokumente/{sha}/entfernen"),
            vec![],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/mitwirkende"),
            vec![("email", "neu@sensorik.de")],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/mitwirkende/entfernen"),
            vec![("email", "neu@sensorik.de")],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/abschnitte"),
            vec![("section-region", "Lausitz")],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/finanzierung/laufzeit"),
            vec![
                ("start_month", "1"),
                ("start_year", "2027"),
                ("months", "36"),
                ("revision", "0"),
            ],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/finanzierung/partner/k"),
            vec![("plan-k-2027-costs", "100"), ("revision", "0")],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/absichtserklaerungen"),
            vec![
                ("organisation", "Neu GmbH"),
                ("source", "private"),
                ("total", "100"),
                ("revision", "0"),
            ],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/absichtserklaerungen/{pledge}/schreiben"),
            vec![],
            [L, F, F, F, A],
        ),
        (
            format!("{draft}/absichtserklaerungen/{pledge}/entfernen"),
            vec![("revision", "0")],
            [L, F, F, F, A],
        ),
        // Staff's check of a pledge (an old revision: 409, still not a refusal of staff).
        (
            format!("{money}/{letter_pledge}"),
            vec![("result", "checked"), ("revision", "0")],
            [L, F, F, A, F],
        ),
        // A mail text: previewed (changes nothing) and reset (none to reset: 409 for staff).
        (
            format!("{k0}/mailtexte/rejection/de"),
            vec![
                ("betreff", "Ablehnung: {{ titel }}"),
                ("text", "{{ anrede }}"),
                ("aktion", "vorschau"),
            ],
            [L, F, F, A, F],
        ),
        (
            format!("{k0}/mailtexte/rejection/de/standard"),
            vec![("revision", "")],
            [L, F, F, A, F],
        ),
        (format!("{draft}/einreichen"), vec![], [L, F, F, F, A]),
        // Handing in corrections: the consortium (none are asked for: refused for content).
        (format!("{submitted}/nachreichen"), vec![], [L, F, F, F, A]),
        (
            format!("{formal}/pruefpunkte"),
            vec![("punkt-0", "1")],
            [L, F, F, A, F],
        ),
        (
            format!("{formal}/nachforderung"),
            vec![
                ("teil-angaben", "1"),
                ("text", "Bitte ergänzen."),
                ("frist", "2026-12-20"),
            ],
            [L, F, F, A, F],
        ),
        (format!("{formal}/abschliessen"), vec![], [L, F, F, A, F]),
        (format!("{submitted}/verzichten"), vec![], [L, F, F, F, A]),
        (
            format!("{submitted}/widerspruch"),
            vec![("gruende", "Ein Jurymitglied war befangen.")],
            [L, F, F, F, A],
        ),
        (
            format!("{submitted}/zurueckziehen"),
            vec![],
            [L, F, F, F, A],
        ),
        (
            format!(
                "/jury/{competition}/antraege/{}/diskussion",
                submitted.trim_start_matches("/antraege/")
            ),
            vec![("post", ""), ("text", "Ein Beitrag")],
            [L, F, F, F, F],
        ),
        (
            format!(
                "{k0}/antraege/{}/diskussion",
                submitted.trim_start_matches("/antraege/")
            ),
            vec![("post", ""), ("text", "Ein Beitrag")],
            [L, F, F, A, F],
        ),
        (
            format!("/jury/{competition}/unbefangen"),
            vec![],
            [L, F, A, F, F],
        ),
        (
            format!("/jury/{competition}/befangenheiten"),
            vec![],
            [L, F, A, F, F],
        ),
        (
            format!(
                "/jury/{competition}/antraege/{}/konsens",
                submitted.trim_start_matches("/antraege/")
            ),
            vec![("action", "agree"), ("revision", "")],
            [L, F, F, F, F],
        ),
    ];
    let k = format!("/verwaltung/wettbewerbe/{competition}");
    let draft_id = draft.trim_start_matches("/antraege/").to_owned();
    // Staff's forms last: they change the competition the forms above need.
    let staff_forms: Vec<Form> = vec![
        // The jury meeting's forms (the stage is not in review here: refused for that, not
        // for the person).
        (
            format!("{k}/sitzung/eroeffnen"),
            vec![
                ("datum", "2099-01-01"),
                ("uhrzeit", "10:00"),
                ("revision", ""),
            ],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/sitzung/anwesenheit"),
            vec![("revision", "")],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/sitzung/reihenfolge"),
            vec![("revision", "")],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/sitzung/empfehlung"),
            vec![
                ("antrag", draft_id.as_str()),
                ("empfehlung", "nicht"),
                ("ja", "0"),
                ("nein", "0"),
                ("enthaltung", "0"),
                ("revision", ""),
            ],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/sitzung/schliessen"),
            vec![("revision", "")],
            [L, F, F, A, F],
        ),
        // Rapporteurs (nobody is assigned here: nothing to name, yet not refused) and closing
        // a consensus (none drafted: refused for its content, not for the person).
        (
            format!("{k}/berichterstattung"),
            vec![("action", "vorschlag")],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/antraege/{draft_id}/konsens"),
            vec![("revision", "")],
            [L, F, F, A, F],
        ),
        // A circular's preview (its id a new one each time: nothing is sent).
        (
            format!("{k}/rundschreiben"),
            vec![
                ("id", "3f2c7a1e-0c4b-4c59-9a8e-2b7d4e5f6a71"),
                ("gruppe", "konsortien"),
                ("stufe", "1"),
                ("stand", "alle"),
                ("betreff", "Hinweis"),
                ("text", "{{ anrede }}"),
                ("aktion", "vorschau"),
            ],
            [L, F, F, A, F],
        ),
        // The answer to a request for review (none filed here: not found, yet not refused).
        (
            format!("{k}/widersprueche/{draft_id}/1"),
            vec![
                ("ergebnis", "zurueckgewiesen"),
                ("begruendung", "Das Verfahren wurde eingehalten."),
                ("revision", "0"),
            ],
            [L, F, F, A, F],
        ),
        (
            "/verwaltung/wettbewerbe".into(),
            vec![("preset", "bioregio")],
            [L, F, F, A, F],
        ),
        (format!("{k}/schritt/schliessen"), vec![], [L, F, F, A, F]),
        (
            format!("{k}/frist"),
            vec![("date", "2099-01-01"), ("time", "12:00")],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/frist-vorziehen"),
            vec![("date", "2099-01-01"), ("time", "12:00")],
            [L, F, F, A, F],
        ),
        (format!("{k}/loeschen"), vec![], [L, F, F, A, F]),
        (
            format!("{k}/zuordnungen-mitteilen"),
            vec![],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/erinnern"),
            vec![("an", "jury")],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/ablehnen"),
            vec![("application", draft_id.as_str()), ("reason", "x")],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/zuordnen"),
            vec![("per_application", "2"), ("mode", "vorschau")],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/entscheiden"),
            vec![
                ("application", draft_id.as_str()),
                ("outcome", "shortlisted"),
            ],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/abschliessen-entscheidungen"),
            vec![],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/nachruecken"),
            vec![("application", draft_id.as_str())],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/jury"),
            vec![("name", "N"), ("email", "n@uni.de"), ("organisation", "U")],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/zuordnung"),
            vec![
                ("application", draft_id.as_str()),
                ("juror", "00000000-0000-0000-0000-000000000000"),
            ],
            [L, F, F, A, F],
        ),
        (
            format!("{k}/antraege/{draft_id}/bewertungen/wiedereroeffnen"),
            vec![
                ("stage", "0"),
                ("juror", "00000000-0000-0000-0000-000000000000"),
                ("reason", "x"),
            ],
            [L, F, F, A, F],
        ),
        // Published already: staff are refused with the reason, others never get that far.
        (
            format!("{k}/ausschreibung"),
            vec![("name", "x")],
            [L, F, F, A, F],
        ),
    ];
    for (path, fields, expected) in forms.iter().chain(&staff_forms) {
        for ((who, user), expect) in people.iter().zip(expected) {
            let page = user.post(path, fields).await;
            assert_eq!(
                outcome(&page, false),
                *expect,
                "POST {path} as {who}: {}",
                page.status
            );
        }
    }
    for ((who, user), expect) in people.iter().zip([L, F, F, F, A]) {
        let page = user
            .upload(&format!("{draft}/dokumente"), "b.pdf", pdf("b"))
            .await;
        assert_eq!(outcome(&page, false), expect, "upload as {who}");
    }
}

/// Every API route with every kind of token: (none, unknown, owner, other applicant, juror,
/// staff reading, staff with `decide` only). The routes are the ones the OpenAPI description
/// names, so a route described there and missing here fails.
#[tokio::test]
async fn every_api_route_admits_exactly_the_tokens_it_should() {
    use crate::api_v1::{call, token, token_with};
    let app = spawn_app().await;
    let (competition, owner, application) = app.draft().await;
    let id = application.rsplit('/').next().unwrap().to_owned();
    let other = app.applicant("mallory@example.org", "Mallory").await;
    let juror = app.account(Role::Juror, "jury@uni-jena.de").await;
    let staff = app.account(Role::Staff, "staff@ptj.de").await;
    let tokens: [(&str, Option<String>); 7] = [
        ("no token", None),
        (
            "unknown token",
            Some("wb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into()),
        ),
        ("owner", Some(token(&owner).await)),
        ("other applicant", Some(token(&other).await)),
        ("juror", Some(token(&juror).await)),
        ("staff", Some(token(&staff).await)),
        (
            "staff, decide only",
            Some(token_with(&staff, &[("scope_decide", "on")]).await),
        ),
    ];
    // (route, method, path called, body, statuses in the order of `tokens`; 0: anything but
    // 401 and 403, a refusal of the content included)
    let decision = format!("/api/v1/competitions/{competition}/decisions/{id}");
    let check = format!("/api/v1/applications/{id}/formal-check");
    type Row<'a> = (&'a str, reqwest::Method, String, Option<&'a str>, [u16; 7]);
    let get = reqwest::Method::GET;
    let routes: Vec<Row> = vec![
        (
            "/api/v1/openapi.json",
            get.clone(),
            "/api/v1/openapi.json".into(),
            None,
            [200; 7],
        ),
        (
            "/api/v1/competitions",
            get.clone(),
            "/api/v1/competitions".into(),
            None,
            [401, 401, 200, 200, 200, 200, 403],
        ),
        (
            "/api/v1/competitions/{id}",
            get.clone(),
            format!("/api/v1/competitions/{competition}"),
            None,
            [401, 401, 200, 200, 200, 200, 403],
        ),
        (
            "/api/v1/competitions/{id}/decisions",
            get.clone(),
            format!("/api/v1/competitions/{competition}/decisions"),
            None,
            [401, 401, 403, 403, 403, 200, 403],
        ),
        (
            "/api/v1/competitions/{id}/decisions/{application}",
            reqwest::Method::PUT,
            decision,
            Some(r#"{"outcome": "shortlisted"}"#),
            [401, 401, 403, 403, 403, 403, 0],
        ),
        (
            "/api/v1/applications",
            get.clone(),
            "/api/v1/applications".into(),
            None,
            [401, 401, 200, 200, 403, 200, 403],
        ),
        (
            "/api/v1/applications/{id}",
            get.clone(),
            format!("/api/v1/applications/{id}"),
            None,
            [401, 401, 200, 404, 404, 200, 403],
        ),
        (
            "/api/v1/applications/{id}/audit",
            get.clone(),
            format!("/api/v1/applications/{id}/audit"),
            None,
            [401, 401, 403, 403, 403, 200, 403],
        ),
        (
            "/api/v1/outbox",
            get.clone(),
            "/api/v1/outbox".into(),
            None,
            [401, 401, 403, 403, 403, 200, 403],
        ),
        (
            "/api/v1/applications/{id}/formal-check",
            reqwest::Method::POST,
            check,
            Some(r#"{"action": "complete"}"#),
            [401, 401, 403, 403, 403, 403, 0],
        ),
    ];
    let doc = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/openapi.json",
        None,
        &[],
        None,
    )
    .await
    .body;
    for described in doc["paths"].as_object().unwrap().keys() {
        assert!(
            routes.iter().any(|(route, ..)| route == described),
            "{described} is not in the matrix"
        );
    }
    for (_, method, path, body, expected) in &routes {
        for ((who, token), expect) in tokens.iter().zip(expected) {
            let headers = [("if-match", "*")];
            let answer = call(
                &app,
                method.clone(),
                path,
                token.as_deref(),
                &headers,
                *body,
            )
            .await;
            let status = answer.status.as_u16();
            let admitted = *expect == 0 && status != 401 && status != 403;
            assert!(
                admitted || status == *expect,
                "{method} {path} with {who}: {status} {}",
                answer.text
            );
        }
    }
}
