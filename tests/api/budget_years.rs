//! The budget per budget year: staff set the years in the set-up form (and the funding rates,
//! refused beside their field when out of range); an award per year that overruns one year's
//! budget is refused with the figures beside the year and the input kept, and accepted once
//! adjusted; the ranking page shows requested, awarded, budget and left per year.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use wettbewerb::app::{load, stream_of};
use wettbewerb::clock::Clock;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::competition::{Competition, Outcome};
use wettbewerb::domain::ids::CompetitionId;
use wettbewerb::domain::money::Cents;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::applicant_flow::complete_with;
use crate::financing_support::plan;
use crate::staff_flow::form_fields;
use crate::support::{PASSWORD, TestApp, User, spawn_app};

fn m(millions: i64) -> Cents {
    Cents::million_euros(millions)
}

/// Staff's set-up form of a new BioRegio draft: its address and the fields a browser sends.
async fn set_up_form(staff: &User) -> (String, Vec<(String, String)>) {
    let created = staff
        .post("/verwaltung/wettbewerbe", &[("preset", "bioregio")])
        .await;
    let editor = format!("{}/ausschreibung", created.location.unwrap());
    let fields = form_fields(&staff.get(&editor).await.body);
    (editor, fields)
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let field = fields
        .iter_mut()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("the form has {name}"));
    field.1 = value.to_owned();
}

async fn post(staff: &User, path: &str, fields: &[(String, String)]) -> crate::support::Page {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    staff.post(path, &fields).await
}

#[tokio::test]
async fn staff_set_the_budget_per_year_in_the_set_up_form() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let (editor, mut fields) = set_up_form(&staff).await;
    // The preset spreads its budget over five years; staff keep two, and one more row.
    assert!(
        fields.iter().any(|(k, _)| k == "budget_year_7"),
        "a few empty rows"
    );
    for (k, v) in fields.iter_mut() {
        if k.starts_with("budget_year") {
            v.clear();
        }
    }
    set(&mut fields, "budget", "30.000.000");
    set(&mut fields, "budget_year_0", "2027");
    set(&mut fields, "budget_year_amount_0", "10.000.000");
    set(&mut fields, "budget_year_5", "2028");
    set(&mut fields, "budget_year_amount_5", "20.000.000");
    let saved = post(&staff, &editor, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let page = staff.get(&editor).await.body;
    assert!(
        page.contains(r#"name="budget_year_0" value="2027""#),
        "{page}"
    );
    assert!(
        page.contains(r#"name="budget_year_amount_1" value="20.000.000,00""#),
        "{page}"
    );
    let id = editor.split('/').nth(3).unwrap();
    let competition = CompetitionId::parse(id).unwrap();
    let (state, _) =
        load::<Competition>(&app.store, &stream_of::<Competition>(&competition)).unwrap();
    assert_eq!(
        state.budget_per_year(),
        BTreeMap::from([(2027, m(10)), (2028, m(20))])
    );
}

#[tokio::test]
async fn a_funding_rate_over_100_percent_is_refused_beside_its_field_and_the_form_kept() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let (editor, mut fields) = set_up_form(&staff).await;
    set(&mut fields, "rate_Sme", "101");
    set(&mut fields, "lump_sum_University", "20");
    let refused = post(&staff, &editor, &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(
            r#"id="rate_Sme-error">Förderquote KMU: 101 % ist zu hoch, höchstens 100 %."#
        ),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"name="rate_Sme" value="101""#)
            && refused
                .body
                .contains(r#"aria-describedby="rate_Sme-error""#),
        "the value is kept and tied to its reason"
    );
}

struct Round {
    app: TestApp,
    competition: CompetitionId,
    staff: User,
    application: String,
}

/// BioRegio with 30 M€: 10 M€ in 2027 and 20 M€ in 2028. One application plans 12 M€ in 2027
/// and 3 M€ in 2028; in review.
async fn in_review() -> Round {
    let app = spawn_app().await;
    let now = Clock::now(&app.clock);
    let mut setup = Preset::BioRegio.setup(now);
    setup.budget = m(30);
    setup.budget_per_year = BTreeMap::from([(2027, m(10)), (2028, m(20))]);
    let competition = app.open_setup(setup).await;
    let user = app.applicant("a@lmu.de", "Anna Adler").await;
    let application = user
        .create_application(competition, "LMU München", "LMU München", "Bayern")
        .await;
    complete_with(
        &user,
        &application,
        "Biotechnology",
        "12.000.000",
        "20.000.000",
    )
    .await;
    plan(
        &user,
        &application,
        "k",
        &[
            (2027, "24.000.000", "12.000.000", "12.000.000"),
            (2028, "6.000.000", "3.000.000", "3.000.000"),
        ],
    )
    .await;
    crate::support::fill_form(&user, &application).await;
    let sent = user.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let (state, _) =
        load::<Competition>(&app.store, &stream_of::<Competition>(&competition)).unwrap();
    app.clock
        .set(state.deadline.unwrap() + chrono::Duration::hours(1));
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    staff.log_in("leitung@ptj.de", PASSWORD).await;
    let control = format!("/verwaltung/wettbewerbe/{competition}");
    for action in ["schliessen", "begutachtung"] {
        let page = staff
            .confirm(&format!("{control}/schritt/{action}"), &[])
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{action}: {}",
            page.body
        );
    }
    Round {
        app,
        competition,
        staff,
        application: application.trim_start_matches("/antraege/").to_owned(),
    }
}

#[tokio::test]
async fn an_award_overrunning_one_years_budget_is_refused_with_the_figures_and_accepted_when_adjusted()
 {
    let r = in_review().await;
    let control = format!("/verwaltung/wettbewerbe/{}", r.competition);
    let ranking = r.staff.get(&format!("{control}/rangliste")).await.body;
    // The award's years are prefilled with what the plan requests.
    let prefilled = format!(
        r#"id="year_2027-{}" name="year_2027" inputmode="decimal" size="12" value="12.000.000,00""#,
        r.application
    );
    assert!(ranking.contains(&prefilled), "{ranking}");

    let award = |y2027: &str, y2028: &str| {
        vec![
            ("application", r.application.clone()),
            ("outcome", "funded".to_owned()),
            ("amount", String::new()),
            ("year_2027", y2027.to_owned()),
            ("year_2028", y2028.to_owned()),
        ]
    };
    let as_sent = |fields: &[(&str, String)]| -> Vec<(String, String)> {
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    };
    let refused = post(
        &r.staff,
        &format!("{control}/entscheiden"),
        &as_sent(&award("12.000.000,00", "3.000.000,00")),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reason = "Die Förderung 12.000.000,00 € im Haushaltsjahr 2027 würde dessen Budget überschreiten: 0,00 € von 10.000.000,00 € sind vergeben, 10.000.000,00 € sind frei.";
    let beside = format!(r#"id="year_2027-{}-error">{reason}"#, r.application);
    assert!(refused.body.contains(&beside), "{}", refused.body);
    assert!(
        refused
            .body
            .contains(r#"name="year_2028" inputmode="decimal" size="12" value="3.000.000,00""#),
        "the input is kept"
    );

    let accepted = post(
        &r.staff,
        &format!("{control}/entscheiden"),
        &as_sent(&award("10.000.000", "5.000.000")),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    r.app.settled().await;

    let (state, _) =
        load::<Competition>(&r.app.store, &stream_of::<Competition>(&r.competition)).unwrap();
    let recorded = (
        state
            .decisions_in(state.stage)
            .next()
            .map(|(_, o)| o)
            .unwrap(),
        state.awarded_per_year(),
    );
    let decided = r
        .app
        .store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.event_type == "DecisionRecorded")
        .count();
    assert_eq!(decided, 1, "the refused award wrote nothing");
    assert_eq!(
        recorded,
        (
            Outcome::Funded { amount: m(15) },
            BTreeMap::from([(2027, m(10)), (2028, m(5))])
        )
    );

    let ranking = r.staff.get(&format!("{control}/rangliste")).await.body;
    let row_2027 = "<tr><th scope=\"row\">2027</th><td class=\"number\">12.000.000,00 €</td><td class=\"number\">10.000.000,00 €</td><td class=\"number\">10.000.000,00 €</td><td class=\"number\">0,00 €</td></tr>";
    let row_2028 = "<tr><th scope=\"row\">2028</th><td class=\"number\">3.000.000,00 €</td><td class=\"number\">5.000.000,00 €</td><td class=\"number\">20.000.000,00 €</td><td class=\"number\">15.000.000,00 €</td></tr>";
    assert!(
        ranking.contains(row_2027) && ranking.contains(row_2028),
        "{ranking}"
    );

    // The dashboard's tables give the figures its charts draw.
    let dashboard = r.staff.get(&format!("{control}/auswertung")).await.body;
    for row in [
        "<tr><th scope=\"row\">2027</th><td class=\"number\">10.000.000,00 €</td></tr>",
        "<tr><th scope=\"row\">2028</th><td class=\"number\">5.000.000,00 €</td></tr>",
        "<tr><th scope=\"row\">Bayern</th><td class=\"number\">15.000.000,00 €</td></tr>",
        // The pledge in total, which has no year.
        "<tr><th scope=\"row\">ohne Jahresangabe</th><td class=\"number\">20.000.000,00 €</td></tr>",
        "<tr><th scope=\"row\">Bayern</th><td class=\"number\">20.000.000,00 €</td></tr>",
    ] {
        assert!(dashboard.contains(row), "{row}: {dashboard}");
    }
    assert!(
        dashboard
            .contains("<title id=\"svg-foerderung-jahr-title\">Förderung je Haushaltsjahr</title>")
    );
}
