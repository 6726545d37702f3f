//! `POST /antraege/{id}/angaben`: title, summary, field and the amounts. A save based on an
//! older revision answers 409 with the person's input kept beside the saved state.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};

use super::editor::{DetailsForm, EditorPage};
use super::{parse_id, parse_revision};
use crate::app::{ExecuteError, stream_of};
use crate::domain::application::{Application, ApplicationCommand, ApplicationError, Details};
use crate::domain::field::TechnologyField;
use crate::domain::money::Cents;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::refusals;
use crate::web::session::flash;
use crate::web::state::AppState;

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<DetailsForm>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::edit_application(&c, &state.models.read(), id)?;
    let mut errors = FieldErrors::default();
    let details = parse(&c, &form, &mut errors);
    let Some(details) = details.filter(|_| errors.is_empty()) else {
        return again(
            c,
            &state,
            id,
            form,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
            false,
        );
    };
    let command = ApplicationCommand::ChangeDetails {
        details,
        now: state.clock.now(),
    };
    let seen = parse_revision(&form.revision);
    match state
        .execute_at::<Application>(
            &stream_of::<Application>(&id),
            seen,
            &state.actor(&user),
            command,
        )
        .await
    {
        Ok(_) => {
            flash(
                &session,
                true,
                "Die Angaben sind gespeichert.",
                "The details are saved.",
            );
            Ok(see_other(&format!("/antraege/{id}#angaben")))
        }
        Err(ExecuteError::Conflict { .. }) => {
            again(c, &state, id, form, errors, StatusCode::CONFLICT, true)
        }
        Err(ExecuteError::Refused(refusal)) => {
            let (de, en) = refusals::application(&refusal);
            let field = match refusal {
                ApplicationError::BadText { field, .. } => field,
                _ => "title",
            };
            errors.add(field, if c.en() { en } else { de });
            again(
                c,
                &state,
                id,
                form,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
                false,
            )
        }
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}

fn parse(c: &Chrome, form: &DetailsForm, errors: &mut FieldErrors) -> Option<Details> {
    if form.title.trim().is_empty() {
        errors.add(
            "title",
            c.t("Bitte geben Sie einen Titel an.", "Please enter a title."),
        );
    }
    let field = if form.field.trim().is_empty() {
        None
    } else {
        let parsed = TechnologyField::from_key(form.field.trim());
        if parsed.is_none() {
            errors.add(
                "field",
                c.t(
                    "Bitte wählen Sie ein Technologiefeld.",
                    "Please choose a technology field.",
                ),
            );
        }
        parsed
    };
    let mut amount = |name: &str, text: &str| -> Cents {
        if text.trim().is_empty() {
            return Cents::ZERO;
        }
        match Cents::parse_euros(text) {
            Ok(cents) => cents,
            Err(de) => {
                let en = format!(
                    "“{}” is not an amount in euro (e.g. 1.250.000,00).",
                    text.trim()
                );
                errors.add(name, if c.en() { en } else { de });
                Cents::ZERO
            }
        }
    };
    let requested = amount("requested", &form.requested);
    let cofinancing = amount("cofinancing", &form.cofinancing);
    Some(Details {
        title: form.title.trim().to_owned(),
        summary: form.summary.trim().to_owned(),
        field,
        requested,
        cofinancing,
    })
}

/// The editor with the person's input and reasons. After a conflict it also shows the saved
/// state, and the form is based on the current revision so that saving again merges; after any
/// other refusal the form keeps the revision it was made from, so a stale form still conflicts.
fn again(
    c: Chrome,
    state: &AppState,
    id: crate::domain::ids::ApplicationId,
    mut form: DetailsForm,
    errors: FieldErrors,
    status: StatusCode,
    conflict: bool,
) -> Result<HttpResponse, WebError> {
    let mut page = EditorPage::load(c, state, id)?;
    if conflict {
        let saved = page.details.clone();
        form.revision = saved.revision.clone();
        page.conflict = Some(saved);
    }
    page.details = form;
    page.details_errors = errors;
    page.respond(status)
}
