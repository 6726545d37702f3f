//! The consortium's details form after a refused value: only the wrong field is marked, in the
//! words of its label, and every other field comes back as typed.

use reqwest::StatusCode;

use crate::support::spawn_app;

#[tokio::test]
async fn a_refused_amount_in_the_plan_marks_only_its_cell_and_keeps_every_other_cell_as_typed() {
    let app = spawn_app().await;
    // A new application: nothing saved yet but its title.
    let (_, anna, application) = app.draft().await;
    crate::financing_support::term(&anna, &application).await;
    let refused = crate::financing_support::plan_form(
        &anna,
        &application,
        "k",
        &[
            (2027, "1.000.000", "38 Mio", "0"),
            (2028, "700.000", "700.000", ""),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &refused.body;
    assert!(
        body.contains(
            r#"<p class="error" id="plan-k-2027-requested-error">„38 Mio“ ist kein Betrag in Euro.</p>"#
        ) && body.contains(r#"name="plan-k-2027-requested" id="plan-k-2027-requested" value="38 Mio""#),
        "the amount is marked and kept: {body}"
    );
    for cell in [
        "plan-k-2027-costs",
        "plan-k-2028-costs",
        "plan-k-2028-requested",
    ] {
        assert!(
            !body.contains(&format!(r#"id="{cell}-error""#)),
            "{cell} is not marked: {body}"
        );
    }
    assert!(
        body.contains(r#"name="plan-k-2027-costs" id="plan-k-2027-costs" value="1.000.000""#)
            && body.contains(r#"name="plan-k-2028-costs" id="plan-k-2028-costs" value="700.000""#),
        "every other cell comes back as typed: {body}"
    );
    // Nothing was saved: the plan still requests nothing.
    let page = anna.get(&format!("{application}/finanzierung")).await.body;
    assert!(
        !page.contains("38 Mio")
            && page.contains(r#"name="plan-k-2028-costs" id="plan-k-2028-costs" value="""#),
        "{page}"
    );
    let revision = anna.revision(&application).await;

    // An empty summary is named in the words of its label, beside a refused title.
    let refused = anna
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", ""),
                ("summary", ""),
                ("field", "Materials"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Die Zusammenfassung fehlt."),
        "{}",
        refused.body
    );
}
