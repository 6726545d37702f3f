//! `/verwaltung/wettbewerbe/{k}/antraege/{a}/antrag`: the application as the jury reads it, for
//! staff and read-only: beside each criterion of its stage the sections and documents scored
//! against it, as on the juror's page.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use crate::domain::account::Role;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::jury::by_criterion::{Parts, by_criterion};
use crate::web::jury::parse_ids;
use crate::web::policy;
use crate::web::state::AppState;

pub struct CriterionParts {
    pub name: String,
    pub description: String,
    pub weight: u32,
    pub parts: Parts,
}

#[derive(Template)]
#[template(path = "staff/application_form.html")]
struct ApplicationFormPage {
    c: Chrome,
    competition_id: String,
    application_id: String,
    competition: String,
    title: String,
    stage: String,
    summary: String,
    criteria: Vec<CriterionParts>,
    other_parts: Parts,
    doc_base: String,
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let (competition_id, application_id) = parse_ids(&path.0, &path.1)?;
    let page = {
        let views = state.models.read();
        let competition = &views
            .competitions
            .get(&competition_id)
            .ok_or(WebError::NotFound)?
            .state;
        let application = &views
            .applications
            .get(&application_id)
            .ok_or(WebError::NotFound)?
            .state;
        if application.competition_id != Some(competition_id) {
            return Err(WebError::NotFound);
        }
        let setup = competition.setup.as_ref().ok_or(WebError::NotFound)?;
        let stage = setup
            .stages
            .get(application.status.stage().unwrap_or(0))
            .ok_or(WebError::NotFound)?;
        let (per, other_parts) = by_criterion(stage, application);
        ApplicationFormPage {
            competition_id: competition_id.to_string(),
            application_id: application_id.to_string(),
            competition: setup.name.clone(),
            title: application.title.clone(),
            stage: stage.title.clone(),
            summary: application.summary.clone(),
            criteria: stage
                .criteria
                .iter()
                .zip(per)
                .map(|(k, parts)| CriterionParts {
                    name: k.name.clone(),
                    description: k.description.clone(),
                    weight: k.weight,
                    parts,
                })
                .collect(),
            other_parts,
            doc_base: format!("/antraege/{application_id}/dokumente"),
            c,
        }
    };
    page_with_status(StatusCode::OK, &page)
}
