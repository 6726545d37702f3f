//! `/anmelden/code`: the second step of a login for an account with a second factor. The
//! session is not logged in until a right code (or an unused recovery code) is given; wrong
//! ones count in the login's rate limits, and a code used once is refused as replayed.

use actix_session::Session;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use super::login::home_of;
use super::second_factor_check::{Checked, account_with_secrets, check};
use crate::app::{Actor, ExecuteError, stream_of};
use crate::domain::account::{Account, AccountCommand, AccountError, SecondFactorCommand};
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::rate_limit;
use crate::web::session::{Flash, flash, log_in, pending_login};
use crate::web::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CodeForm {
    pub code: String,
}

#[derive(Template)]
#[template(path = "accounts/login_code.html")]
struct CodePage {
    c: Chrome,
    errors: FieldErrors,
}

fn again(session: &Session) -> HttpResponse {
    flash(session, Flash::Problem, texts::second_factor::LOG_IN_AGAIN);
    see_other("/anmelden")
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
) -> Result<HttpResponse, WebError> {
    if pending_login(&session, state.clock.now()).is_none() {
        return Ok(see_other("/anmelden"));
    }
    page_with_status(
        StatusCode::OK,
        &CodePage {
            c,
            errors: FieldErrors::default(),
        },
    )
}

fn refused(c: Chrome, status: StatusCode, reason: &str) -> Result<HttpResponse, WebError> {
    let mut errors = FieldErrors::default();
    errors.add("code", reason);
    page_with_status(status, &CodePage { c, errors })
}

pub async fn post(
    c: Chrome,
    req: HttpRequest,
    state: Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<HttpResponse, WebError> {
    let now = state.clock.now();
    let Some(pending) = pending_login(&session, now) else {
        return Ok(again(&session));
    };
    let id = pending.account;
    let Some((email, role)) = state
        .models
        .accounts()
        .get(&id)
        .and_then(|a| Some((a.email.clone()?, a.role?)))
    else {
        return Ok(again(&session));
    };
    // The same limits as the password: per address and per client.
    if let Err(wait) = state
        .login_attempts
        .check(email.as_str(), &state.client(&req))
    {
        let mut errors = FieldErrors::default();
        errors.add("code", rate_limit::reason(&c, wait));
        return rate_limit::respond(&CodePage { c, errors }, wait);
    }
    let account = account_with_secrets(&state, id)?;
    let command = match check(&state, id, &account, &form.code, true).await? {
        Checked::Step(step) => SecondFactorCommand::AcceptCode { step, now },
        Checked::RecoveryCode(index) => SecondFactorCommand::UseRecoveryCode { index, now },
        Checked::Wrong => {
            let reason = c.text(texts::second_factor::WRONG_CODE_OR_RECOVERY);
            return refused(c, StatusCode::UNPROCESSABLE_ENTITY, reason);
        }
    };
    let by_recovery = matches!(command, SecondFactorCommand::UseRecoveryCode { .. });
    let actor = Actor::new(id.to_string(), role.as_str());
    match state
        .execute_retrying::<Account>(
            &stream_of::<Account>(&id),
            &actor,
            AccountCommand::SecondFactor(command),
        )
        .await
    {
        Ok(_) => {}
        Err(ExecuteError::Refused(
            refusal @ (AccountError::CodeReplayed | AccountError::RecoveryCodeUsed),
        )) => {
            let reason = c.say(refusals::account(&refusal));
            return refused(c, StatusCode::UNPROCESSABLE_ENTITY, &reason);
        }
        Err(ExecuteError::Conflict { .. }) => {
            let reason = c.text(texts::second_factor::TRY_AGAIN);
            return refused(c, StatusCode::CONFLICT, reason);
        }
        Err(other) => return Err(from_execute(other, refusals::account)),
    }
    log_in(&session, id, now).map_err(WebError::internal)?;
    if by_recovery {
        let left = state
            .models
            .accounts()
            .get(&id)
            .and_then(|a| a.second_factor.as_ref())
            .map_or(0, |f| f.unused_recovery_codes());
        flash(
            &session,
            Flash::Problem,
            texts::second_factor::recovery_codes_left(left),
        );
    }
    let target = if pending.next.is_empty() {
        home_of(role).to_owned()
    } else {
        pending.next
    };
    Ok(see_other(&target))
}
