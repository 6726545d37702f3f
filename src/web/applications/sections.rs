//! `POST /antraege/{id}/abschnitte`: the answers to the sections of the stage's form. A save
//! based on an older revision answers 409 with the person's text kept; a refused answer comes
//! back beside its section.

use std::collections::{BTreeMap, HashMap};

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};

use super::editor::EditorPage;
use super::form_lines::{gaps_of, lines, stage_form};
use super::{parse_id, parse_revision};
use crate::app::{ExecuteError, stream_of};
use crate::domain::application::{Application, ApplicationCommand, ApplicationError};
use crate::domain::ids::ApplicationId;
use crate::domain::stage_form::section_field;
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
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    let stage_form = {
        let views = state.models.read();
        policy::edit_application(&c, &views, id)?;
        let application = &views.applications.get(&id).ok_or(WebError::NotFound)?.state;
        let competition = application
            .competition_id
            .and_then(|k| views.competitions.get(&k))
            .map(|k| k.state.clone())
            .unwrap_or_default();
        stage_form(&competition, application)
    };
    // Only the stage's sections are read; a browser sends line breaks as CR LF, counted as one.
    let answers: BTreeMap<String, String> = stage_form
        .sections
        .iter()
        .filter_map(|s| {
            let text = form.get(&section_field(&s.key))?;
            Some((
                s.key.clone(),
                text.replace("\r\n", "\n").trim_end().to_owned(),
            ))
        })
        .collect();
    let command = ApplicationCommand::AnswerSections {
        answers: answers.clone(),
        form: stage_form,
        now: state.clock.now(),
    };
    let typed_revision = form.get("revision").cloned().unwrap_or_default();
    let seen = parse_revision(&typed_revision);
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
            flash(&session, Flash::Success, texts::stage_form::SECTIONS_SAVED);
            Ok(see_other(&format!("/antraege/{id}#abschnitte")))
        }
        Err(ExecuteError::Conflict { .. }) => again(
            c,
            &state,
            id,
            &answers,
            FieldErrors::default(),
            (StatusCode::CONFLICT, &typed_revision),
        ),
        Err(ExecuteError::Refused(refusal)) => {
            let mut errors = FieldErrors::default();
            let field = match &refusal {
                ApplicationError::AnswerTooLong { key, .. }
                | ApplicationError::NoSuchSection(key) => section_field(key),
                _ => "sections".to_owned(),
            };
            errors.add(&field, c.say(refusals::application(&refusal)));
            again(
                c,
                &state,
                id,
                &answers,
                errors,
                (StatusCode::UNPROCESSABLE_ENTITY, &typed_revision),
            )
        }
        Err(other) => Err(from_execute(other, refusals::application)),
    }
}

/// The editor with the answers as typed and the reasons beside them. After a conflict the
/// form is based on the current revision, so that saving again keeps these answers.
fn again(
    c: Chrome,
    state: &AppState,
    id: ApplicationId,
    answers: &BTreeMap<String, String>,
    errors: FieldErrors,
    (status, typed_revision): (StatusCode, &str),
) -> Result<HttpResponse, WebError> {
    let mut page = EditorPage::load(c, state, id)?;
    let (application, form) = {
        let views = state.models.read();
        let application = views
            .applications
            .get(&id)
            .map(|v| v.state.clone())
            .unwrap_or_default();
        let competition = application
            .competition_id
            .and_then(|k| views.competitions.get(&k))
            .map(|k| k.state.clone())
            .unwrap_or_default();
        let form = stage_form(&competition, &application);
        (application, form)
    };
    let mut typed = application.clone();
    typed.answers.extend(answers.clone());
    let (sections, _) = lines(&page.c, &application, &form, &typed.answers);
    page.sections = sections;
    if status == StatusCode::CONFLICT {
        page.sections_notice = Some(page.c.text(texts::stage_form::SECTIONS_CONFLICT).to_owned());
    } else {
        // The form keeps the revision it was made from, so a stale form still conflicts.
        typed_revision.clone_into(&mut page.sections_revision);
    }
    let (gaps, count) = gaps_of(&page.c, &typed, &form);
    page.form_gaps = gaps;
    page.form_gap_count = count;
    // A refusal of the whole form (locked, or a part not open for correction) stands above it.
    if let Some(reason) = errors.get("sections") {
        page.sections_notice = Some(reason);
    }
    page.section_errors = errors;
    page.respond(status)
}
