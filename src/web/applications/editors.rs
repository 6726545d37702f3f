//! Co-editors: the owner invites people of the consortium by e-mail; they register or log in
//! with that address and find the application on their dashboard.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use serde::Deserialize;

use super::editor::EditorPage;
use super::parse_id;
use crate::app::ExecuteError;
use crate::domain::application::ApplicationCommand;
use crate::domain::email_address::EmailAddress;
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::rate_limit;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

#[derive(Debug, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    pub email: String,
}

pub async fn invite(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::own_application(&c, &state.models.read(), id)?;
    let mut errors = FieldErrors::default();
    let refusal = match EmailAddress::parse(&form.email) {
        Err(invalid) => Some(c.say(refusals::email(&invalid))),
        Ok(email) => {
            // Each invitation is a mail: limited per invitee and per application, so that
            // removing and inviting again cannot send without end.
            if let Err(wait) = state
                .editor_invitations
                .check(email.as_str(), &id.to_string())
            {
                errors.add("email", rate_limit::reason(&c, wait));
                let mut page = EditorPage::load(c, &state, id)?;
                page.invite_email = form.email;
                page.invite_errors = errors;
                return rate_limit::respond(&page, wait);
            }
            let command = ApplicationCommand::InviteEditor {
                email,
                now: state.clock.now(),
            };
            match state.on_application(id, &user, command).await {
                Ok(_) => None,
                Err(ExecuteError::Refused(refusal)) => Some(c.say(refusals::application(&refusal))),
                Err(other) => return Err(from_execute(other, refusals::application)),
            }
        }
    };
    if let Some(reason) = refusal {
        errors.add("email", reason);
        let mut page = EditorPage::load(c, &state, id)?;
        page.invite_email = form.email;
        page.invite_errors = errors;
        return page.respond(StatusCode::UNPROCESSABLE_ENTITY);
    }
    flash(&session, Flash::Success, texts::applicants::INVITATION_SENT);
    Ok(see_other(&format!("/antraege/{id}#mitwirkende")))
}

pub async fn remove(
    c: Chrome,
    state: Data<AppState>,
    session: actix_session::Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    let user = policy::user(&c)?.clone();
    policy::own_application(&c, &state.models.read(), id)?;
    // The address comes from the page, which shows it as stored, perhaps by an older version.
    let email = EmailAddress::from_stored(&form.email).map_err(|_| WebError::NotFound)?;
    let command = ApplicationCommand::RemoveEditor {
        email,
        now: state.clock.now(),
    };
    state
        .on_application(id, &user, command)
        .await
        .map_err(|e| from_execute(e, refusals::application))?;
    flash(&session, Flash::Success, texts::applicants::PERSON_REMOVED);
    Ok(see_other(&format!("/antraege/{id}#mitwirkende")))
}
