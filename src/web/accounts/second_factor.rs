//! `/konto/zweiter-faktor`: setting up a second factor (a new secret as text, as an otpauth
//! URI and as a QR code; confirmed with a first code; then the recovery codes, shown once),
//! and removing it with a current code. Staff and jurors who must have one are sent here.

use actix_session::Session;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::login::home_of;
use super::second_factor_check::{Checked, account_with_secrets, check};
use crate::app::{ExecuteError, stream_of};
use crate::domain::account::{Account, AccountCommand, AccountError, SecondFactorCommand};
use crate::security::totp::TotpSecret;
use crate::security::{password, recovery_codes};
use crate::texts::{self, refusals};
use crate::time_display;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{
    SECOND_FACTOR_SET_UP, WebError, from_execute, page_with_status, see_other,
};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::rate_limit;
use crate::web::session::{
    CurrentUser, Flash, flash, forget_second_factor_candidate, keep_second_factor_candidate,
    second_factor_candidate,
};
use crate::web::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CodeForm {
    pub code: String,
}

/// A secret waiting for its first code, as the page shows it.
struct Candidate {
    /// Base32 in groups of four, as an app's form is typed.
    grouped: String,
    uri: String,
    qr: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/second_factor.html")]
struct SecondFactorPage {
    c: Chrome,
    /// Set up since; `None` while setting up.
    since: Option<String>,
    recovery_codes_left: usize,
    candidate: Option<Candidate>,
    /// Staff or a juror who reaches nothing else before this is done.
    required: bool,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "accounts/recovery_codes.html")]
struct RecoveryCodesPage {
    c: Chrome,
    codes: Vec<String>,
    next: &'static str,
}

fn candidate_of(state: &AppState, session: &Session, user: &CurrentUser) -> Option<TotpSecret> {
    let sealed = second_factor_candidate(session)?;
    state.second_factor_key.open(&sealed, user.id).ok()
}

fn shown(c: &Chrome, secret: &TotpSecret, user: &CurrentUser) -> Candidate {
    let base32 = secret.base32();
    let grouped = base32
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let uri = secret.otpauth_uri(user.email.as_str());
    let qr = crate::web::qr::svg(&uri, c.text(texts::second_factor::QR_LABEL));
    Candidate { grouped, uri, qr }
}

fn since(c: &Chrome, at: DateTime<Utc>) -> String {
    time_display::berlin(at, c.lang)
}

/// The page as it is for this person now: the state of their second factor, or a set-up with
/// the secret kept in the session (a new one where there is none).
fn page(
    c: Chrome,
    state: &AppState,
    session: &Session,
    errors: FieldErrors,
) -> Result<SecondFactorPage, WebError> {
    let user = policy::user_setting_up(&c)?.clone();
    let factor = state
        .models
        .accounts()
        .get(&user.id)
        .and_then(|a| a.second_factor.clone());
    if let Some(factor) = factor {
        return Ok(SecondFactorPage {
            since: Some(since(&c, factor.enrolled_at)),
            recovery_codes_left: factor.unused_recovery_codes(),
            candidate: None,
            required: false,
            errors,
            c,
        });
    }
    let secret = match candidate_of(state, session, &user) {
        Some(secret) => secret,
        None => {
            let secret = TotpSecret::generate();
            keep_second_factor_candidate(session, &state.second_factor_key.seal(&secret, user.id))
                .map_err(WebError::internal)?;
            secret
        }
    };
    Ok(SecondFactorPage {
        since: None,
        recovery_codes_left: 0,
        candidate: Some(shown(&c, &secret, &user)),
        required: user.must_set_up_second_factor,
        errors,
        c,
    })
}

fn with_error(
    c: Chrome,
    state: &AppState,
    session: &Session,
    status: StatusCode,
    reason: String,
) -> Result<HttpResponse, WebError> {
    let mut errors = FieldErrors::default();
    errors.add("code", reason);
    page_with_status(status, &page(c, state, session, errors)?)
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
) -> Result<HttpResponse, WebError> {
    page_with_status(
        StatusCode::OK,
        &page(c, &state, &session, FieldErrors::default())?,
    )
}

/// The first code confirms the set-up; the answer shows the recovery codes, once.
pub async fn post(
    c: Chrome,
    req: HttpRequest,
    state: Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::user_setting_up(&c)?.clone();
    if user.has_second_factor {
        // Sent again (a reload): the codes were shown already and are not shown again.
        return Ok(see_other(SECOND_FACTOR_SET_UP));
    }
    if let Err(wait) = state
        .login_attempts
        .check(user.email.as_str(), &state.client(&req))
    {
        let mut errors = FieldErrors::default();
        errors.add("code", rate_limit::reason(&c, wait));
        return rate_limit::respond(&page(c, &state, &session, errors)?, wait);
    }
    let now = state.clock.now();
    let Some(secret) = candidate_of(&state, &session, &user) else {
        flash(&session, Flash::Problem, texts::second_factor::START_AGAIN);
        return Ok(see_other(SECOND_FACTOR_SET_UP));
    };
    let Some(step) = secret.matching_step(&form.code, now) else {
        let reason = c.text(texts::second_factor::WRONG_CODE).to_owned();
        return with_error(
            c,
            &state,
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            reason,
        );
    };
    let codes = recovery_codes::generate();
    let plain = codes.clone();
    let hashes = actix_web::web::block(move || {
        plain
            .iter()
            .filter_map(|code| recovery_codes::normalise(code))
            .map(|code| password::hash(&code))
            .collect::<Vec<_>>()
    })
    .await
    .map_err(WebError::internal)?;
    let command = SecondFactorCommand::Enroll {
        sealed_secret: state.second_factor_key.seal(&secret, user.id),
        recovery_code_hashes: hashes,
        step,
        now,
    };
    match state
        .execute_retrying::<Account>(
            &stream_of::<Account>(&user.id),
            &state.actor(&user),
            AccountCommand::SecondFactor(command),
        )
        .await
    {
        Ok(_) => {}
        Err(ExecuteError::Refused(AccountError::SecondFactorSetUpAlready)) => {
            return Ok(see_other(SECOND_FACTOR_SET_UP));
        }
        Err(ExecuteError::Refused(refusal @ AccountError::CodeReplayed)) => {
            let reason = c.say(refusals::account(&refusal));
            return with_error(
                c,
                &state,
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                reason,
            );
        }
        Err(other) => return Err(from_execute(other, refusals::account)),
    }
    forget_second_factor_candidate(&session);
    let mut response = page_with_status(
        StatusCode::OK,
        &RecoveryCodesPage {
            next: home_of(user.role),
            codes,
            c,
        },
    )?;
    // Shown once: no copy in any cache.
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Removing the second factor takes a current code of the app.
pub async fn remove(
    c: Chrome,
    req: HttpRequest,
    state: Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::user_setting_up(&c)?.clone();
    if !user.has_second_factor {
        return Ok(see_other(SECOND_FACTOR_SET_UP));
    }
    if let Err(wait) = state
        .login_attempts
        .check(user.email.as_str(), &state.client(&req))
    {
        let mut errors = FieldErrors::default();
        errors.add("code", rate_limit::reason(&c, wait));
        return rate_limit::respond(&page(c, &state, &session, errors)?, wait);
    }
    let account = account_with_secrets(&state, user.id)?;
    let Checked::Step(step) = check(&state, user.id, &account, &form.code, false).await? else {
        let reason = c.text(texts::second_factor::WRONG_CODE).to_owned();
        return with_error(
            c,
            &state,
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            reason,
        );
    };
    let command = SecondFactorCommand::Remove {
        step,
        now: state.clock.now(),
    };
    match state
        .execute_retrying::<Account>(
            &stream_of::<Account>(&user.id),
            &state.actor(&user),
            AccountCommand::SecondFactor(command),
        )
        .await
    {
        Ok(_) => {}
        Err(ExecuteError::Refused(refusal @ AccountError::CodeReplayed)) => {
            let reason = c.say(refusals::account(&refusal));
            return with_error(
                c,
                &state,
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                reason,
            );
        }
        Err(other) => return Err(from_execute(other, refusals::account)),
    }
    flash(&session, Flash::Success, texts::second_factor::REMOVED);
    Ok(see_other(SECOND_FACTOR_SET_UP))
}
