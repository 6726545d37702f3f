//! Submitting and withdrawing, and the receipt page. The competition says whether its stage is
//! open and until when; the application checks its eligibility rules and the deadline.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::editor::EditorPage;
use super::parse_id;
use crate::app::{ExecuteError, Held, stream_of};
use crate::domain::application::{Application, ApplicationError};
use crate::texts::{self, refusals};
use crate::time_display::berlin;
use crate::usecases::application_submission;
use crate::web::chrome::Chrome;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

pub async fn submit(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    let held = {
        let views = state.models.read();
        policy::edit_application(&c, &views, id)?;
        views
            .applications
            .get(&id)
            .filter(|view| !view.skipped)
            .map(|view| Held {
                revision: view.revision,
                state: std::sync::Arc::new(view.state.clone()),
            })
    };
    let actor = state.actor(&user);
    let now = state.clock.now();
    let submitted = application_submission::submit(state.usecases(), &actor, id, held, now);
    match state
        .settled(&stream_of::<Application>(&id), submitted.await)
        .await
    {
        Ok(_) => {
            flash(
                &session,
                Flash::Success,
                texts::applicants::APPLICATION_SUBMITTED,
            );
            Ok(see_other(&format!("/antraege/{id}/eingang")))
        }
        Err(ExecuteError::Refused(refusal)) => refused_on_editor(c, &state, id, &refusal),
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}

pub async fn withdraw(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::edit_application(&c, &state.models.read(), id)?;
    let actor = state.actor(&user);
    let withdrawn =
        application_submission::withdraw(state.usecases(), &actor, id, state.clock.now());
    state
        .settled(&stream_of::<Application>(&id), withdrawn.await)
        .await
        .map_err(|e| from_execute(e, refusals::application))?;
    flash(
        &session,
        Flash::Success,
        texts::applicants::APPLICATION_WITHDRAWN,
    );
    Ok(see_other(&format!("/antraege/{id}")))
}

#[derive(Template)]
#[template(path = "applications/receipt.html")]
struct ReceiptPage {
    c: Chrome,
    id: String,
    title: String,
    competition: String,
    submitted_at: String,
    partners: Vec<String>,
    documents: Vec<String>,
}

pub async fn receipt(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let page = {
        let views = state.models.read();
        policy::application(&c, &views, id)?;
        let application = &views.applications.get(&id).ok_or(WebError::NotFound)?.state;
        let Some(at) = application.submitted_at else {
            return Err(WebError::NotFound);
        };
        let competition = application
            .competition_id
            .and_then(|k| views.competitions.get(&k))
            .and_then(|k| k.state.setup.as_ref())
            .map(|s| s.name.clone())
            .unwrap_or_default();
        ReceiptPage {
            id: id.to_string(),
            title: application.title.clone(),
            competition,
            submitted_at: berlin(at, c.lang),
            partners: application
                .all_partners()
                .map(|p| {
                    format!(
                        "{} ({}, {})",
                        p.name,
                        c.text(crate::texts::explanations::partner_kind(p.kind)),
                        p.land
                    )
                })
                .collect(),
            documents: application
                .documents
                .iter()
                .map(|d| {
                    format!(
                        "{} ({} KB)",
                        crate::file_name::clean(&d.file_name),
                        d.size.div_ceil(1024)
                    )
                })
                .collect(),
            c,
        }
    };
    page_with_status(StatusCode::OK, &page)
}

/// `POST /antraege/{id}/nachreichen`: the corrections of an open request handed in. A form
/// left incomplete by them, or a date that passed, comes back on the editor with the reason.
pub async fn hand_in(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::edit_application(&c, &state.models.read(), id)?;
    let actor = state.actor(&user);
    let handed = application_submission::hand_in_corrections(
        state.usecases(),
        &actor,
        id,
        state.clock.now(),
    );
    match state
        .settled(&stream_of::<Application>(&id), handed.await)
        .await
    {
        Ok(_) => {
            flash(
                &session,
                Flash::Success,
                texts::formal_check::CORRECTIONS_HANDED_IN,
            );
            Ok(see_other(&format!("/antraege/{id}/status")))
        }
        Err(ExecuteError::Refused(refusal)) => refused_on_editor(c, &state, id, &refusal),
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}

/// The editor again with why a submission or a hand-in was refused, above its button.
fn refused_on_editor(
    c: Chrome,
    state: &AppState,
    id: crate::domain::ids::ApplicationId,
    refusal: &ApplicationError,
) -> Result<HttpResponse, WebError> {
    let mut page = EditorPage::load(c, state, id)?;
    page.submit_attempted = true;
    let reason = match refusal {
        ApplicationError::Ineligible(_) => texts::applicants::NOT_SUBMITTED_INELIGIBLE.owned(),
        other => refusals::application(other),
    };
    page.submit_error = Some(page.c.say(reason));
    page.respond(StatusCode::UNPROCESSABLE_ENTITY)
}
