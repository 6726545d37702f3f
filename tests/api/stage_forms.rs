//! The application form per stage: staff define its sections and documents, the consortium
//! cannot submit until every one is there (each gap named beside its place), a PDF over its
//! slot's page limit is refused, and the juror reads each section beside its criterion.

use reqwest::StatusCode;
use wettbewerb::demo::pdf::pdf;
use wettbewerb::domain::account::Role;
use wettbewerb::domain::presets::Preset;
use wettbewerb::event_store::{Direction, ReadFrom};

use crate::applicant_flow::complete;
use crate::jury::review_of;
use crate::support::{TestApp, spawn_app};

fn event_types(app: &TestApp) -> Vec<String> {
    app.store
        .read_all(Direction::Forwards, ReadFrom::Start, 10_000)
        .unwrap()
        .into_iter()
        .map(|e| e.event_type)
        .collect()
}

/// The text of the paragraph with this id on a page, if there is one.
fn paragraph(page: &str, id: &str) -> Option<String> {
    let start = page.find(&format!(r#"id="{id}">"#))?;
    let text = &page[start..];
    let text = &text[text.find('>')? + 1..];
    Some(text[..text.find("</p>")?].to_owned())
}

#[tokio::test]
async fn staff_define_a_stages_form_on_the_set_up_page() {
    let app = spawn_app().await;
    let staff = app.account(Role::Staff, "leitung@ptj.de").await;
    let created = staff
        .post("/verwaltung/wettbewerbe", &[("preset", "bioregio")])
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let setup = format!("{}/ausschreibung", created.location.unwrap());
    let form = staff.get(&setup).await.body;
    // The preset's sections and documents are rows of the form, with empty rows to add more.
    assert!(
        form.contains(r#"value="Wissenschaftliche Basis""#),
        "{form}"
    );
    assert!(
        form.contains(r#"name="document_title_0_1" value="Kurzlebensläufe der Projektleitungen""#)
    );
    assert!(form.contains(r#"name="section_title_0_4" value="""#));

    // Staff add a section and a document with a page limit, and give one a bad length.
    let mut fields = crate::staff_flow::form_fields(&form);
    let mut set = |name: &str, value: &str| {
        fields.retain(|(k, _)| k != name);
        fields.push((name.to_owned(), value.to_owned()));
    };
    set("section_title_0_4", "Ethik und Recht");
    set("section_guidance_0_4", "Welche Fragen stellen sich?");
    set("section_max_0_4", "zweitausend");
    set("section_criterion_0_4", "2");
    set("document_title_0_2", "Lebensläufe der Leitung");
    set("document_pages_0_2", "6");
    let fields_ref: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refused = staff.post(&setup, &fields_ref).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("„zweitausend“ ist keine passende ganze Zahl"),
        "{}",
        refused.body
    );
    // The typed rows come back as typed.
    assert!(refused.body.contains(r#"value="Ethik und Recht""#));

    fields.retain(|(k, _)| k != "section_max_0_4");
    fields.push(("section_max_0_4".into(), "2000".into()));
    let fields_ref: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = staff.post(&setup, &fields_ref).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let form = staff.get(&setup).await.body;
    assert!(
        form.contains(r#"name="section_key_0_4" value="ethik-und-recht""#),
        "{form}"
    );
    assert!(form.contains(r#"name="document_pages_0_2" value="6""#));
    assert!(event_types(&app).contains(&"CompetitionSetupChanged".to_owned()));
}

#[tokio::test]
async fn submission_waits_for_every_section_and_document_and_the_juror_reads_them_by_criterion() {
    let app = spawn_app().await;
    let competition = app.open_competition_with_forms(Preset::InnoRegio).await;
    let anna = app.applicant("anna@tu-dresden.de", "Anna Schmidt").await;
    let application = anna
        .create_application(competition, "Sensorik Lausitz", "TU Dresden", "Sachsen")
        .await;
    complete(&anna, &application).await;

    // Given an eligible application with nothing of the form, submitting is refused and each
    // gap is named beside its section or slot.
    let before = event_types(&app).len();
    let refused = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = &refused.body;
    assert!(
        page.contains("Es fehlen noch Teile des Antragsformulars"),
        "{page}"
    );
    for key in ["region", "idee", "netzwerk", "umsetzbarkeit"] {
        assert_eq!(
            paragraph(page, &format!("section-{key}-gap")).as_deref(),
            Some("Dieser Abschnitt fehlt noch."),
            "{key}: {page}"
        );
    }
    for key in ["vorhabenbeschreibung", "lebenslaeufe"] {
        assert_eq!(
            paragraph(page, &format!("document-{key}-gap")).as_deref(),
            Some("Dieses Dokument fehlt noch."),
            "{key}"
        );
    }
    assert!(page.contains(r#"class="error" id="section-region-gap""#));
    assert_eq!(event_types(&app).len(), before, "nothing was written");

    // The consortium writes three sections, one beyond its length.
    let revision = anna.revision(&application).await;
    let long = "L".repeat(4_001);
    let saved = anna
        .post(
            &format!("{application}/abschnitte"),
            &[
                ("revision", &revision),
                ("section-region", "Die Lausitz im Strukturwandel."),
                ("section-idee", "Sensoren für Tagebauseen."),
                ("section-netzwerk", &long),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(event_types(&app).contains(&"SectionsAnswered".to_owned()));
    // A form from before that save conflicts, and the text typed into it is kept.
    let stale = anna
        .post(
            &format!("{application}/abschnitte"),
            &[
                ("revision", &revision),
                ("section-umsetzbarkeit", "Drei Arbeitspakete."),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("Drei Arbeitspakete."), "{}", stale.body);

    // A description of 16 pages is refused beside its slot; one of 15 pages is taken.
    let slot_upload = |slot: &'static str, name: &'static str, bytes: Vec<u8>| {
        let anna = &anna;
        let application = &application;
        async move {
            let token = anna.csrf().await;
            let form = reqwest::multipart::Form::new()
                .text("csrf", token)
                .text("slot", slot)
                .part(
                    "document",
                    reqwest::multipart::Part::bytes(bytes)
                        .file_name(name)
                        .mime_str("application/pdf")
                        .unwrap(),
                );
            anna.multipart(&format!("{application}/dokumente"), form)
                .await
        }
    };
    let too_long = slot_upload(
        "vorhabenbeschreibung",
        "lang.pdf",
        pdf("Vorhabenbeschreibung", 16),
    )
    .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        paragraph(&too_long.body, "document-vorhabenbeschreibung-error").as_deref(),
        Some("Höchstens 15 Seiten; dieses PDF hat 16."),
        "{}",
        too_long.body
    );
    assert!(!event_types(&app).contains(&"DocumentFiled".to_owned()));
    let fits = slot_upload(
        "vorhabenbeschreibung",
        "beschreibung.pdf",
        pdf("Vorhabenbeschreibung", 15),
    )
    .await;
    assert_eq!(fits.status, StatusCode::SEE_OTHER, "{}", fits.body);
    assert!(event_types(&app).contains(&"DocumentFiled".to_owned()));

    // Still refused: one section is missing, one too long, the letters are not there.
    let refused = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = &refused.body;
    assert_eq!(
        paragraph(page, "section-netzwerk-gap").as_deref(),
        Some("Höchstens 4000 Zeichen; dieser Abschnitt hat 4001."),
    );
    assert!(paragraph(page, "section-umsetzbarkeit-gap").is_some());
    assert!(paragraph(page, "section-region-gap").is_none(), "{page}");
    assert!(paragraph(page, "document-vorhabenbeschreibung-gap").is_none());
    assert!(paragraph(page, "document-lebenslaeufe-gap").is_some());
    assert!(page.contains("beschreibung.pdf"));

    // Completed, it is submitted.
    let revision = anna.revision(&application).await;
    let saved = anna
        .post(
            &format!("{application}/abschnitte"),
            &[
                ("revision", &revision),
                ("section-region", "Die Lausitz im Strukturwandel."),
                ("section-idee", "Sensoren für Tagebauseen."),
                ("section-netzwerk", "Zwölf Partner aus Cottbus und Görlitz."),
                (
                    "section-umsetzbarkeit",
                    "Drei Arbeitspakete über vier Jahre.",
                ),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let letters = slot_upload("lebenslaeufe", "briefe.pdf", pdf("Lebenslaeufe", 3)).await;
    assert_eq!(letters.status, StatusCode::SEE_OTHER, "{}", letters.body);
    let sent = anna.post(&format!("{application}/einreichen"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    // The juror reads each section inside the criterion it is scored against.
    let r = review_of(app, competition, anna, application).await;
    let confirmed = r.jana.post(&format!("{}/unbefangen", r.page()), &[]).await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let page = r.jana.get(&r.page()).await.body;
    let fieldset = |criterion: &str| {
        let start = page
            .find(&format!("<legend>{criterion} ("))
            .unwrap_or_else(|| panic!("{criterion}: {page}"));
        let rest = &page[start..];
        rest[..rest.find("</fieldset>").unwrap()].to_owned()
    };
    let network = fieldset("Netzwerk");
    assert!(
        network.contains("Zwölf Partner aus Cottbus und Görlitz."),
        "{network}"
    );
    assert!(
        network.contains(r#"name="score_2""#),
        "scored on the same place"
    );
    assert!(!network.contains("Drei Arbeitspakete"), "{network}");
    assert!(fieldset("Umsetzbarkeit").contains("Drei Arbeitspakete über vier Jahre."));
    // The documents scored against no criterion are listed with the application.
    assert!(
        page.contains("Vorhabenbeschreibung, höchstens 15 Seiten, PDF"),
        "{page}"
    );
    assert!(page.contains("beschreibung.pdf"));

    // Staff read the same, by criterion, with nothing to change.
    let id = r.application.trim_start_matches("/antraege/");
    let staff_view = r
        .staff
        .get(&format!(
            "/verwaltung/wettbewerbe/{}/antraege/{id}/antrag",
            r.competition
        ))
        .await;
    assert_eq!(staff_view.status, StatusCode::OK);
    let body = &staff_view.body;
    let network = &body[body.find("Netzwerk (").unwrap()..];
    assert!(network.contains("Zwölf Partner aus Cottbus und Görlitz."));
    assert!(
        !body.contains("<textarea") && !body.contains(r#"action="/antraege"#),
        "read-only: {body}"
    );
}
