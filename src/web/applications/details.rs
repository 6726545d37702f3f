//! `POST /antraege/{id}/angaben`: title, summary and field; the money is in the financing
//! plan. A save based on an
//! older revision answers 409 with the person's input kept beside the saved state.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};

use super::editor::{DetailsForm, EditorPage};
use super::{parse_id, parse_revision};
use crate::app::{ExecuteError, stream_of};
use crate::domain::application::{Application, ApplicationCommand, ApplicationError, Details};
use crate::domain::field::TechnologyField;
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
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
    if !errors.is_empty() {
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
        details: details.clone(),
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
            flash(&session, Flash::Success, texts::applicants::DETAILS_SAVED);
            Ok(see_other(&format!("/antraege/{id}#angaben")))
        }
        Err(ExecuteError::Conflict { .. }) => {
            again(c, &state, id, form, errors, StatusCode::CONFLICT, true)
        }
        Err(ExecuteError::Refused(refusal)) => {
            let (de, en) = refusals::application(&refusal).into_pair();
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

fn parse(c: &Chrome, form: &DetailsForm, errors: &mut FieldErrors) -> Details {
    if form.title.trim().is_empty() {
        errors.add("title", c.text(texts::applicants::ENTER_TITLE));
    }
    let field = if form.field.trim().is_empty() {
        None
    } else {
        let parsed = TechnologyField::from_key(form.field.trim());
        if parsed.is_none() {
            errors.add("field", c.text(texts::applicants::CHOOSE_TECHNOLOGY_FIELD));
        }
        parsed
    };
    Details::new(
        form.title.trim().to_owned(),
        form.summary.trim().to_owned(),
        field,
    )
}

/// The eligibility rules missed with the details as typed, so that a hint beside a field speaks
/// of what the person sees in it, not of the state saved before ("Die Zusammenfassung fehlt."
/// beside a filled summary). A field whose value was refused keeps its saved value and shows
/// only its refusal.
fn eligibility_as_typed(
    c: &Chrome,
    state: &AppState,
    id: crate::domain::ids::ApplicationId,
    form: &DetailsForm,
    errors: &FieldErrors,
) -> (FieldErrors, usize) {
    let views = state.models.read();
    let Some(view) = views.applications.get(&id) else {
        return (FieldErrors::default(), 0);
    };
    let mut typed = view.state.clone();
    let details = parse(c, form, &mut FieldErrors::default());
    let fine = |field: &str| errors.get(field).is_none();
    if fine("title") {
        typed.title = details.title;
    }
    typed.summary = details.summary;
    if fine("field") {
        typed.field = details.field;
    }
    let competition = typed
        .competition_id
        .and_then(|k| views.competitions.get(&k))
        .map(|k| k.state.clone())
        .unwrap_or_default();
    let (all, _) = super::editor::eligibility_of(c, &competition, &typed);
    let mut shown = FieldErrors::default();
    let mut count = 0;
    for (field, messages) in all.all() {
        if fine(field) {
            for message in messages {
                shown.add(field, message.clone());
                count += 1;
            }
        }
    }
    (shown, count)
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
    if !conflict {
        let (eligibility, count) = eligibility_as_typed(&page.c, state, id, &form, &errors);
        page.eligibility = eligibility;
        page.eligibility_count = count;
    }
    if conflict {
        let saved = page.details.clone();
        form.revision = saved.revision.clone();
        page.conflict = Some(saved);
    }
    page.details = form;
    page.details_errors = errors;
    page.respond(status)
}
