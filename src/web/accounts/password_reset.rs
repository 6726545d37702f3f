//! `/passwort-vergessen` asks for a link; `/passwort-neu` sets a new password with it.

use actix_session::Session;
use actix_web::web::{Data, Query};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use super::verify::LinkQuery;
use crate::app::{Actor, load, stream_of};
use crate::domain::account::{Account, AccountCommand, AccountError};
use crate::domain::email_address::EmailAddress;
use crate::security::links::{self, Purpose};
use crate::security::password;
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::{FieldErrors, check_new_password};
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    c: Chrome,
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    c: Chrome,
    konto: String,
    n: String,
    t: String,
    errors: FieldErrors,
}

pub async fn get_forgot(c: Chrome) -> Result<HttpResponse, WebError> {
    page_with_status(StatusCode::OK, &ForgotPage { c })
}

#[derive(Debug, Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    pub email: String,
}

/// The same answer, in the same time, whether or not the address has an account: the link is
/// requested in the background. Requests are limited per address and per client.
pub async fn post_forgot(
    req: HttpRequest,
    state: Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<HttpResponse, WebError> {
    let client = state.client(&req);
    let email = EmailAddress::parse(&form.email).ok();
    if let Some(email) = email.filter(|_| state.mail_requests.allow(&form.email, &client)) {
        let state = state.clone();
        actix_web::rt::spawn(async move {
            let id = state
                .models
                .read()
                .account_by_email(&email)
                .and_then(|a| a.id);
            let Some(id) = id else { return };
            let command = AccountCommand::RequestPasswordReset {
                nonce: links::nonce(),
                now: state.clock.now(),
            };
            let stream = stream_of::<Account>(&id);
            if let Err(error) = state
                .execute_retrying::<Account>(&stream, &Actor::system(), command)
                .await
            {
                tracing::error!(%error, "a password reset could not be requested");
            }
        });
    }
    flash(&session, Flash::Success, texts::accounts::RESET_LINK_SENT);
    Ok(see_other("/anmelden"))
}

pub async fn get_reset(
    c: Chrome,
    state: Data<AppState>,
    query: Query<LinkQuery>,
) -> Result<HttpResponse, WebError> {
    let Some(id) = query.verified(&state, Purpose::PasswordReset) else {
        return Err(WebError::unprocessable(refusals::account(
            &AccountError::InvalidLink,
        )));
    };
    // A used or expired link gets the refusal the form would get, not a form that cannot work.
    let (account, _) = load::<Account>(&state.store, &stream_of::<Account>(&id))
        .map_err(|e| from_execute(e, refusals::account))?;
    if let Err(refusal) = account.check_reset_link(&query.n, state.clock.now()) {
        return Err(WebError::unprocessable(refusals::account(&refusal)));
    }
    page_with_status(
        StatusCode::OK,
        &ResetPage {
            c,
            konto: query.konto.clone(),
            n: query.n.clone(),
            t: query.t.clone(),
            errors: FieldErrors::default(),
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    pub konto: String,
    pub n: String,
    pub t: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_repeat: String,
}

pub async fn post_reset(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<HttpResponse, WebError> {
    let link = LinkQuery {
        konto: form.konto.clone(),
        n: form.n.clone(),
        t: form.t.clone(),
    };
    let Some(id) = link.verified(&state, Purpose::PasswordReset) else {
        return Err(WebError::unprocessable(refusals::account(
            &AccountError::InvalidLink,
        )));
    };
    let mut errors = FieldErrors::default();
    check_new_password(&c, &form.password, &form.password_repeat, &mut errors);
    if !errors.is_empty() {
        return page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetPage {
                c,
                konto: link.konto,
                n: link.n,
                t: link.t,
                errors,
            },
        );
    }
    let plain = form.password.clone();
    let hash = actix_web::web::block(move || password::hash(&plain))
        .await
        .map_err(WebError::internal)?;
    let command = AccountCommand::ResetPassword {
        nonce: link.n,
        password_hash: hash,
        now: state.clock.now(),
    };
    let actor = Actor::new(id.to_string(), "account");
    state
        .execute::<Account>(&stream_of::<Account>(&id), &actor, command)
        .await
        .map_err(|e| from_execute(e, refusals::account))?;
    flash(&session, Flash::Success, texts::accounts::PASSWORD_CHANGED);
    Ok(see_other("/anmelden"))
}
