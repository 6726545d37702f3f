//! `/verwaltung/zweiter-faktor`: staff reset the second factor of a person who lost the device
//! and the recovery codes. A reason is required; the account's stream records it with who
//! reset. The person sets up a new one at the next login.

use actix_session::Session;
use actix_web::web::Data;
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::{ExecuteError, stream_of};
use crate::domain::account::{Account, AccountCommand, AccountError, Role, SecondFactorCommand};
use crate::domain::email_address::EmailAddress;
use crate::domain::second_factor::MAX_REASON_CHARS;
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

const PATH: &str = "/verwaltung/zweiter-faktor";

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    pub email: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "staff/second_factor_reset.html")]
struct ResetPage {
    c: Chrome,
    email: String,
    reason: String,
    max_reason: usize,
    errors: FieldErrors,
}

pub async fn get(c: Chrome) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    page_with_status(
        StatusCode::OK,
        &ResetPage {
            c,
            email: String::new(),
            reason: String::new(),
            max_reason: MAX_REASON_CHARS,
            errors: FieldErrors::default(),
        },
    )
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<HttpResponse, WebError> {
    let staff = policy::role(&c, Role::Staff)?.clone();
    let refuse = |c: Chrome, status: StatusCode, field: &str, reason: String| {
        let mut errors = FieldErrors::default();
        errors.add(field, reason);
        page_with_status(
            status,
            &ResetPage {
                c,
                email: form.email.clone(),
                reason: form.reason.clone(),
                max_reason: MAX_REASON_CHARS,
                errors,
            },
        )
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let account = EmailAddress::parse(form.email.trim())
        .ok()
        .and_then(|email| {
            let accounts = state.models.accounts();
            let id = accounts.account_id_of(&email);
            accounts.get(&id).map(|a| (id, a.email.clone()))
        });
    let Some((id, Some(email))) = account else {
        let reason = c.text(texts::second_factor::NO_SUCH_ACCOUNT).to_owned();
        return refuse(c, unprocessable, "email", reason);
    };
    if id == staff.id {
        let reason = c.text(texts::second_factor::NOT_YOUR_OWN).to_owned();
        return refuse(c, unprocessable, "email", reason);
    }
    let command = SecondFactorCommand::Reset {
        by: staff.id,
        reason: form.reason.clone(),
        now: state.clock.now(),
    };
    match state
        .execute_retrying::<Account>(
            &stream_of::<Account>(&id),
            &state.actor(&staff),
            AccountCommand::SecondFactor(command),
        )
        .await
    {
        Ok(_) => {}
        Err(ExecuteError::Refused(
            refusal @ (AccountError::NoResetReason | AccountError::BadResetReason(_)),
        )) => {
            let reason = c.say(refusals::account(&refusal));
            return refuse(c, unprocessable, "reason", reason);
        }
        Err(ExecuteError::Refused(refusal @ AccountError::NoSecondFactor)) => {
            let reason = c.say(refusals::account(&refusal));
            return refuse(c, unprocessable, "email", reason);
        }
        Err(other) => return Err(from_execute(other, refusals::account)),
    }
    flash(
        &session,
        Flash::Success,
        texts::second_factor::reset_done(email.as_str()),
    );
    Ok(see_other(PATH))
}
