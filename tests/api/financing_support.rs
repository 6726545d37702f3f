//! Filling in an application's money through the consortium's pages: the term, one line in
//! the coordinator's plan and a pledge with its signed letter.

use reqwest::StatusCode;
use wettbewerb::domain::money::Cents;

use crate::support::{User, pdf};

/// The pledges' ids on the application's financing page, in the order listed.
pub async fn pledge_ids(user: &User, application: &str) -> Vec<String> {
    let page = user.get(&format!("{application}/finanzierung")).await.body;
    let marker = "/absichtserklaerungen/";
    let mut ids: Vec<String> = page
        .match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = &page[at + marker.len()..];
            let id = rest.split('/').next()?;
            (id.len() == 36).then(|| id.to_owned())
        })
        .collect();
    ids.dedup();
    ids
}

/// The project runs 36 months from January 2027.
pub async fn term(user: &User, application: &str) {
    let revision = user.revision(application).await;
    let saved = user
        .post(
            &format!("{application}/finanzierung/laufzeit"),
            &[
                ("start_month", "1"),
                ("start_year", "2027"),
                ("months", "36"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

/// Saves one partner's grid (`slot` is `k` for the coordinator or the partner's index) with
/// `lines` of (year, costs, requested, own), amounts as typed.
pub async fn plan(user: &User, application: &str, slot: &str, lines: &[(i32, &str, &str, &str)]) {
    let saved = plan_form(user, application, slot, lines).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

/// Like `plan`, returning the answer.
pub async fn plan_form(
    user: &User,
    application: &str,
    slot: &str,
    lines: &[(i32, &str, &str, &str)],
) -> crate::support::Page {
    let revision = user.revision(application).await;
    let mut fields: Vec<(String, String)> = vec![("revision".into(), revision)];
    for (year, costs, requested, own) in lines {
        for (column, value) in [("costs", costs), ("requested", requested), ("own", own)] {
            fields.push((format!("plan-{slot}-{year}-{column}"), (*value).to_owned()));
        }
    }
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    user.post(
        &format!("{application}/finanzierung/partner/{slot}"),
        &fields,
    )
    .await
}

/// Records a pledge in total and uploads its letter; returns its id.
pub async fn pledge(user: &User, application: &str, organisation: &str, amount: &str) -> String {
    let before = pledge_ids(user, application).await;
    let revision = user.revision(application).await;
    let saved = user
        .post(
            &format!("{application}/absichtserklaerungen"),
            &[
                ("organisation", organisation),
                ("source", "private"),
                ("total", amount),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let id = pledge_ids(user, application)
        .await
        .into_iter()
        .find(|id| !before.contains(id))
        .expect("the new pledge is listed");
    let uploaded = user
        .upload(
            &format!("{application}/absichtserklaerungen/{id}/schreiben"),
            "Absichtserklaerung.pdf",
            pdf(organisation),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    id
}

/// The money of an application as one figure each, the way consortia used to type it: the
/// whole `requested` in the coordinator's 2027 line (at half its costs, which every kind's
/// rate allows) and one private pledge over `cofinancing`, replacing the pledges before.
pub async fn fund(user: &User, application: &str, requested: &str, cofinancing: &str) {
    let requested = Cents::parse_euros(requested).expect("an amount");
    let cofinancing = Cents::parse_euros(cofinancing).unwrap_or_default();
    if user
        .get(&format!("{application}/finanzierung"))
        .await
        .body
        .contains(r#"name="start_month" value="""#)
    {
        term(user, application).await;
    }
    let typed = |c: Cents| c.to_string().trim_end_matches(" €").to_owned();
    plan(
        user,
        application,
        "k",
        &[(
            2027,
            &typed(requested + requested),
            &typed(requested),
            &typed(requested),
        )],
    )
    .await;
    for id in pledge_ids(user, application).await {
        let revision = user.revision(application).await;
        let removed = user
            .post(
                &format!("{application}/absichtserklaerungen/{id}/entfernen"),
                &[("revision", &revision)],
            )
            .await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    }
    if cofinancing > Cents::ZERO {
        pledge(
            user,
            application,
            "Förderkreis Industrie GmbH",
            &typed(cofinancing),
        )
        .await;
    }
}
