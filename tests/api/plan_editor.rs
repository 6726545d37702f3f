//! A Spitzencluster concept's money through the consortium's pages: the term, one grid per
//! partner and budget year, the funding rates beside their cells, pledges with their letters,
//! a submission refused for the money and then accepted, and two people saving at once.

use reqwest::StatusCode;
use wettbewerb::domain::presets::Preset;

use crate::financing_support::{plan, pledge_ids};
use crate::support::{User, pdf, spawn_app};

const YEARS: [i32; 5] = [2027, 2028, 2029, 2030, 2031];

async fn every_year(user: &User, application: &str, slot: &str, line: (&str, &str, &str)) {
    let lines: Vec<(i32, &str, &str, &str)> =
        YEARS.iter().map(|y| (*y, line.0, line.1, line.2)).collect();
    plan(user, application, slot, &lines).await;
}

async fn consortium(user: &User, application: &str) {
    let revision = user.revision(application).await;
    let saved = user
        .post(
            &format!("{application}/angaben"),
            &[
                ("title", "Leistungselektronik Sachsen"),
                (
                    "summary",
                    "Ein Cluster für die Halbleiter der Energiewende.",
                ),
                ("field", "Microelectronics"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    for (name, kind) in [
        ("Infineon Technologies Dresden GmbH", "Company"),
        ("Lichtwerk Sensorik GmbH", "Sme"),
        ("Fraunhofer IPMS", "ResearchInstitute"),
    ] {
        let revision = user.revision(application).await;
        let added = user
            .post(
                &format!("{application}/partner"),
                &[
                    ("name", name),
                    ("kind", kind),
                    ("land", "Sachsen"),
                    ("revision", &revision),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let uploaded = user
        .upload(
            &format!("{application}/dokumente"),
            "Skizze.pdf",
            pdf("Skizze"),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
}

#[tokio::test]
async fn a_spitzencluster_concept_plans_its_money_per_partner_and_year_and_is_submitted_once_the_rules_hold()
 {
    let app = spawn_app().await;
    let competition = app.open_competition(Preset::Spitzencluster).await;
    let anna = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let application = anna
        .create_application(competition, "Leistungselektronik", "TU Dresden", "Sachsen")
        .await;
    consortium(&anna, &application).await;
    let money = format!("{application}/finanzierung");

    let empty = anna.get(&money).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(
        empty.body.contains("Speichern Sie zuerst die Laufzeit")
            && empty
                .body
                .contains("Bitte geben Sie Beginn und Laufzeit des Vorhabens an."),
        "{}",
        empty.body
    );
    let refused_term = anna
        .post(
            &format!("{application}/finanzierung/laufzeit"),
            &[
                ("start_month", "13"),
                ("start_year", "2027"),
                ("months", "60"),
                ("revision", &anna.revision(&application).await),
            ],
        )
        .await;
    assert_eq!(refused_term.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused_term.body.contains(
            r#"<p class="error" id="start_month-error">Der Startmonat muss zwischen 1 und 12 liegen.</p>"#
        ) && refused_term.body.contains(r#"name="months" value="60""#),
        "{}",
        refused_term.body
    );
    let revision = anna.revision(&application).await;
    let saved = anna
        .post(
            &format!("{application}/finanzierung/laufzeit"),
            &[
                ("start_month", "1"),
                ("start_year", "2027"),
                ("months", "60"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // The university at all its expenditure plus the 20 % lump sum; the company a cent above
    // half of its costs in 2027.
    every_year(&anna, &application, "k", ("2.000.000", "2.400.000", "")).await;
    plan(
        &anna,
        &application,
        "0",
        &[(2027, "3.000.000", "1.500.000,01", "1.500.000")],
    )
    .await;
    every_year(&anna, &application, "1", ("500.000", "350.000", "150.000")).await;
    every_year(&anna, &application, "2", ("1.500.000", "1.500.000", "")).await;
    let page = anna.get(&money).await.body;
    assert!(
        page.contains(
            r#"<p class="error" id="plan-0-2027-requested-error">Infineon Technologies Dresden GmbH beantragt 2027 1.500.000,01 €; bei einer Förderquote von 50 % sind höchstens 1.500.000,00 € möglich.</p>"#
        ),
        "the rate is reported beside its cell: {page}"
    );
    assert!(
        page.contains("Förderquote: bis 100 % der Ausgaben zuzüglich 20 % Projektpauschale."),
        "{page}"
    );

    // Submission is refused for the rate and for the co-financing nobody has pledged yet.
    let refused = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("höchstens 1.500.000,00 € möglich")
            && refused
                .body
                .contains("Die private Kofinanzierung von 0,00 € reicht nicht"),
        "{}",
        refused.body
    );

    // Two people at once: a grid saved from an older revision answers 409 and keeps the input.
    let stale = anna.revision(&application).await;
    every_year(
        &anna,
        &application,
        "0",
        ("3.000.000", "1.500.000", "1.500.000"),
    )
    .await;
    let mut fields = vec![("revision".to_owned(), stale)];
    fields.push(("plan-0-2027-costs".into(), "9.999.999".into()));
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let conflict = anna
        .post(&format!("{application}/finanzierung/partner/0"), &fields)
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert!(
        conflict
            .body
            .contains(r#"id="plan-0-2027-costs" value="9.999.999""#)
            && conflict
                .body
                .contains("Jemand anderes hat den Antrag inzwischen geändert."),
        "{}",
        conflict.body
    );

    // Pledges: one per year with its letter, one in total still without.
    let revision = anna.revision(&application).await;
    let mut per_year: Vec<(String, String)> = YEARS
        .iter()
        .map(|y| (format!("year-{y}"), "2.400.000".to_owned()))
        .collect();
    per_year.extend([
        ("organisation".into(), "GlobalFoundries Dresden".into()),
        ("source".into(), "private".into()),
        ("revision".into(), revision),
    ]);
    let fields: Vec<(&str, &str)> = per_year
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let pledged = anna
        .post(&format!("{application}/absichtserklaerungen"), &fields)
        .await;
    assert_eq!(pledged.status, StatusCode::SEE_OTHER, "{}", pledged.body);
    let first = pledge_ids(&anna, &application).await[0].clone();
    let uploaded = anna
        .upload(
            &format!("{application}/absichtserklaerungen/{first}/schreiben"),
            "Zusage GlobalFoundries.pdf",
            pdf("Zusage"),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let revision = anna.revision(&application).await;
    let both = anna
        .post(
            &format!("{application}/absichtserklaerungen"),
            &[
                ("organisation", "Robert Bosch GmbH"),
                ("source", "private"),
                ("total", "16.750.000"),
                ("year-2027", "1"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(both.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        both.body.contains("nicht beides") && both.body.contains(r#"value="Robert Bosch GmbH""#),
        "{}",
        both.body
    );
    let revision = anna.revision(&application).await;
    let bosch = anna
        .post(
            &format!("{application}/absichtserklaerungen"),
            &[
                ("organisation", "Robert Bosch GmbH"),
                ("source", "private"),
                ("total", "16.750.000"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(bosch.status, StatusCode::SEE_OTHER, "{}", bosch.body);
    let refused = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(
            "Zur Absichtserklärung von Robert Bosch GmbH fehlt das unterschriebene Schreiben (PDF)."
        ) && !refused.body.contains("reicht nicht"),
        "{}",
        refused.body
    );
    let second = pledge_ids(&anna, &application)
        .await
        .into_iter()
        .find(|id| *id != first)
        .unwrap();
    let not_pdf = anna
        .upload(
            &format!("{application}/absichtserklaerungen/{second}/schreiben"),
            "Zusage.pdf",
            b"kein PDF".to_vec(),
        )
        .await;
    assert_eq!(not_pdf.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let uploaded = anna
        .upload(
            &format!("{application}/absichtserklaerungen/{second}/schreiben"),
            "Zusage Bosch.pdf",
            pdf("Bosch"),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);

    // The totals follow from the plan and the pledges: 28,75 M € requested, as much pledged.
    let page = anna.get(&money).await.body;
    assert!(
        page.contains("<dt>Beantragte Förderung</dt><dd>28.750.000,00 €</dd>")
            && page.contains(
                "<dt>Private Kofinanzierung (zugesagt, anerkannt)</dt><dd>28.750.000,00 €</dd>"
            )
            && page.contains("<td>12.000.000,00 €</td>"),
        "{page}"
    );
    let letter = anna
        .get(&format!(
            "{application}/absichtserklaerungen/{second}/schreiben"
        ))
        .await;
    assert_eq!(letter.status, StatusCode::OK);
    assert!(letter.body.starts_with("%PDF"));

    let before: u64 = anna.revision(&application).await.parse().unwrap();
    let sent = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let submitted = (before + 1).to_string();
    // Submitted, the plan is shown and no longer offered to change.
    let page = anna.get(&money).await.body;
    assert!(
        !page.contains(r#"action="/antraege"#) && page.contains("2.400.000,00"),
        "{page}"
    );
    let refused = anna
        .post(
            &format!("{application}/finanzierung/partner/k"),
            &[("plan-k-2027-costs", "1"), ("revision", &submitted)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("eingereicht und gesperrt"),
        "{}",
        refused.body
    );
    // Someone else's consortium sees nothing of it.
    let mallory = app.applicant("mallory@example.org", "Mallory").await;
    assert_eq!(mallory.get(&money).await.status, StatusCode::FORBIDDEN);
}
