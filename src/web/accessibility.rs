//! `/barrierefreiheit`: the accessibility statement (Erklärung zur Barrierefreiheit) as BITV 2.0
//! asks for it, with its feedback form. A message sent there is recorded as an event of its own
//! stream, listed for staff, and mailed to the accessibility contact by the outbox.

use actix_session::Session;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use super::chrome::Chrome;
use super::csrf::CsrfForm;
use super::error::{WebError, from_execute, page_with_status, see_other};
use super::forms::FieldErrors;
use super::rate_limit;
use super::session::{Flash, flash};
use super::state::{AppState, Wait};
use crate::app::{Actor, ExecuteError, stream_of};
use crate::domain::accessibility_feedback::{
    AccessibilityFeedback, FeedbackCommand, FeedbackError, MAX_MESSAGE_CHARS, check_message,
    check_name,
};
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::FeedbackId;
use crate::texts::{self, refusals};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedbackForm {
    pub name: String,
    pub email: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "pages/accessibility.html")]
struct StatementPage {
    c: Chrome,
    form: FeedbackForm,
    errors: FieldErrors,
    /// Refused by the rate limit: when to try again.
    limited: Option<String>,
    /// Where feedback is mailed, if configured.
    contact: Option<String>,
    max_message: usize,
    /// Where the service is reached, which the statement is about.
    base_url: String,
}

fn page(
    c: Chrome,
    state: &AppState,
    form: FeedbackForm,
    errors: FieldErrors,
    limited: Option<String>,
) -> StatementPage {
    StatementPage {
        c,
        form,
        errors,
        limited,
        contact: state
            .operator
            .accessibility_contact
            .as_ref()
            .map(ToString::to_string),
        max_message: MAX_MESSAGE_CHARS,
        base_url: state.public_base_url.clone(),
    }
}

pub async fn get(c: Chrome, state: Data<AppState>) -> Result<HttpResponse, WebError> {
    let statement = page(
        c,
        &state,
        FeedbackForm::default(),
        FieldErrors::default(),
        None,
    );
    page_with_status(StatusCode::OK, &statement)
}

pub async fn post(
    c: Chrome,
    req: HttpRequest,
    session: Session,
    state: Data<AppState>,
    CsrfForm(form): CsrfForm<FeedbackForm>,
) -> Result<HttpResponse, WebError> {
    if let Err(wait) = state.feedback.check(&form.email, &state.client(&req)) {
        return limited(c, &state, form, wait);
    }
    let mut errors = FieldErrors::default();
    if let Err(problem) = check_name(form.name.trim()) {
        errors.add("name", c.say(texts::accessibility::feedback(&problem)));
    }
    let email = match form.email.trim() {
        "" => None,
        typed => match EmailAddress::parse(typed) {
            Ok(email) => Some(email),
            Err(invalid) => {
                errors.add("email", c.say(refusals::email(&invalid)));
                None
            }
        },
    };
    if let Err(problem) = check_message(&form.message) {
        errors.add("message", c.say(texts::accessibility::feedback(&problem)));
    }
    if !errors.is_empty() {
        return again(c, &state, form, errors);
    }
    if let Err(wait) = state.feedback.check_overall() {
        return limited(c, &state, form, wait);
    }
    let id = FeedbackId::from_uuid(uuid::Uuid::now_v7());
    let answered = email.is_some();
    let command = FeedbackCommand::Give {
        id,
        name: form.name.clone(),
        email,
        message: form.message.clone(),
        language: c.lang,
        now: state.clock.now(),
    };
    let actor = match &c.user {
        Some(user) => state.actor(user),
        None => Actor::new("anonymous", "visitor"),
    };
    match state
        .execute::<AccessibilityFeedback>(&stream_of::<AccessibilityFeedback>(&id), &actor, command)
        .await
    {
        Ok(_) => {
            let thanks = if answered {
                texts::accessibility::FEEDBACK_RECEIVED_WITH_ADDRESS
            } else {
                texts::accessibility::FEEDBACK_RECEIVED
            };
            flash(&session, Flash::Success, thanks);
            Ok(see_other("/barrierefreiheit"))
        }
        Err(ExecuteError::Refused(problem)) => {
            let field = match problem {
                FeedbackError::Name(_) => "name",
                _ => "message",
            };
            errors.add(field, c.say(texts::accessibility::feedback(&problem)));
            again(c, &state, form, errors)
        }
        Err(other) => Err(from_execute(other, texts::accessibility::feedback)),
    }
}

fn again(
    c: Chrome,
    state: &AppState,
    form: FeedbackForm,
    errors: FieldErrors,
) -> Result<HttpResponse, WebError> {
    page_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &page(c, state, form, errors, None),
    )
}

fn limited(
    c: Chrome,
    state: &AppState,
    form: FeedbackForm,
    wait: Wait,
) -> Result<HttpResponse, WebError> {
    let reason = Some(rate_limit::reason(&c, wait));
    rate_limit::respond(&page(c, state, form, FieldErrors::default(), reason), wait)
}
