//! `/wettbewerbe/{id}/antrag`: a new application with its title and coordinating organisation.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use super::editor::{Choice, kind_choices, land_choices};
use super::partners::parse_partner;
use crate::app::{ExecuteError, stream_of};
use crate::domain::account::Role;
use crate::domain::application::{Application, ApplicationCommand, ApplicationError};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::steps::takes_new_applications;
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CreateForm {
    pub title: String,
    pub name: String,
    pub kind: String,
    pub land: String,
}

#[derive(Template)]
#[template(path = "applications/create.html")]
struct CreatePage {
    c: Chrome,
    competition_id: String,
    competition: String,
    form: CreateForm,
    errors: FieldErrors,
    kinds: Vec<Choice>,
    lands: Vec<Choice>,
}

/// New applications are taken while the first stage is announced or open (the domain's rule).
fn competition_name(state: &AppState, id: CompetitionId) -> Result<String, WebError> {
    let views = state.models.read();
    let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
    if !takes_new_applications(competition, state.clock.now()) {
        return Err(WebError::unprocessable(
            texts::applicants::NO_NEW_APPLICATIONS,
        ));
    }
    Ok(competition
        .setup
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default())
}

fn page(
    c: Chrome,
    id: CompetitionId,
    competition: String,
    form: CreateForm,
    errors: FieldErrors,
) -> CreatePage {
    CreatePage {
        competition_id: id.to_string(),
        competition,
        form,
        errors,
        kinds: kind_choices(&c),
        lands: land_choices(),
        c,
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Applicant)?;
    let id = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    let name = competition_name(&state, id)?;
    page_with_status(
        StatusCode::OK,
        &page(c, id, name, CreateForm::default(), FieldErrors::default()),
    )
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Applicant)?.clone();
    let competition_id = CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    let name = competition_name(&state, competition_id)?;
    let mut errors = FieldErrors::default();
    if form.title.trim().is_empty() {
        errors.add("title", c.text(texts::applicants::ENTER_TITLE));
    }
    let partner_form = super::editor::PartnerForm {
        name: form.name.clone(),
        kind: form.kind.clone(),
        land: form.land.clone(),
        revision: String::new(),
    };
    let coordinator = parse_partner(&c, &partner_form, &mut errors);
    let Some(coordinator) = coordinator.filter(|_| errors.is_empty()) else {
        return page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(c, competition_id, name, form, errors),
        );
    };
    let application_id = ApplicationId::from_uuid(uuid::Uuid::now_v7());
    let command = ApplicationCommand::Create {
        application_id,
        competition_id,
        owner: user.id,
        coordinator,
        contact: user.email.clone(),
        title: form.title.trim().to_owned(),
        now: state.clock.now(),
    };
    match state
        .execute::<Application>(
            &stream_of::<Application>(&application_id),
            &state.actor(&user),
            command,
        )
        .await
    {
        Ok(_) => {}
        Err(ExecuteError::Refused(refusal)) => {
            let (de, en) = refusals::application(&refusal).into_pair();
            let field = match refusal {
                ApplicationError::BadText { field, .. } => field,
                ApplicationError::NoTitle => "title",
                _ => "name",
            };
            errors.add(field, if c.en() { en } else { de });
            return page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(c, competition_id, name, form, errors),
            );
        }
        Err(other) => return Err(from_execute(other, refusals::application)),
    }
    flash(
        &session,
        Flash::Success,
        texts::applicants::APPLICATION_CREATED,
    );
    Ok(see_other(&format!("/antraege/{application_id}")))
}
