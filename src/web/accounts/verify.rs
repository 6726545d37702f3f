//! `/konto/bestaetigen`: the link from the verification e-mail; `/konto/bestaetigung-senden`:
//! a new link.

use actix_web::HttpResponse;
use actix_web::web::{Data, Query};
use serde::Deserialize;

use crate::app::{Actor, ExecuteError, stream_of};
use crate::domain::account::{Account, AccountCommand, AccountError};
use crate::domain::email_address::EmailAddress;
use crate::domain::ids::AccountId;
use crate::security::links::{self, Purpose};
use crate::texts::{self, refusals};
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, see_other};
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

/// The query of a signed link: account, nonce, signature.
#[derive(Debug, Deserialize)]
pub struct LinkQuery {
    pub konto: String,
    pub n: String,
    pub t: String,
}

impl LinkQuery {
    /// The account the link is for, if its signature holds.
    pub fn verified(&self, state: &AppState, purpose: Purpose) -> Option<AccountId> {
        let account = AccountId::parse(&self.konto)?;
        state
            .links
            .verify(purpose, &self.konto, &self.n, &self.t)
            .then_some(account)
    }
}

pub async fn get(
    state: Data<AppState>,
    session: actix_session::Session,
    query: Query<LinkQuery>,
) -> Result<HttpResponse, WebError> {
    let Some(id) = query.verified(&state, Purpose::Verification) else {
        return Err(WebError::unprocessable(refusals::account(
            &AccountError::InvalidLink,
        )));
    };
    let command = AccountCommand::Verify {
        nonce: query.n.clone(),
        now: state.clock.now(),
    };
    let actor = Actor::new(id.to_string(), "applicant");
    match state
        .execute_retrying::<Account>(&stream_of::<Account>(&id), &actor, command)
        .await
    {
        Ok(_) => {
            flash(&session, Flash::Success, texts::accounts::ADDRESS_CONFIRMED);
            Ok(see_other("/anmelden"))
        }
        Err(ExecuteError::Conflict { .. }) => Err(WebError::Conflict),
        Err(other) => Err(from_execute(other, refusals::account)),
    }
}

#[derive(Debug, Deserialize)]
pub struct ResendForm {
    #[serde(default)]
    pub email: String,
}

/// Sends a new link if the address has an unverified account; says the same, in the same time,
/// either way, so the form does not reveal which addresses have accounts. Requests are limited
/// per address and per client.
pub async fn resend(
    req: actix_web::HttpRequest,
    state: Data<AppState>,
    session: actix_session::Session,
    CsrfForm(form): CsrfForm<ResendForm>,
) -> Result<HttpResponse, WebError> {
    let client = state.client(&req);
    let email = EmailAddress::parse(&form.email).ok();
    if let Some(email) = email.filter(|_| state.mail_requests.allow(&form.email, &client)) {
        let state = state.clone();
        actix_web::rt::spawn(async move {
            let account = state.models.read().account_by_email(&email).cloned();
            let Some(id) = account.filter(|a| !a.verified).and_then(|a| a.id) else {
                return;
            };
            let command = AccountCommand::RequestVerification {
                nonce: links::nonce(),
                now: state.clock.now(),
            };
            let actor = Actor::new(id.to_string(), "applicant");
            let stream = stream_of::<Account>(&id);
            if let Err(error) = state
                .execute_retrying::<Account>(&stream, &actor, command)
                .await
            {
                tracing::error!(%error, "a verification link could not be requested");
            }
        });
    }
    flash(
        &session,
        Flash::Success,
        texts::accounts::VERIFICATION_LINK_SENT,
    );
    Ok(see_other("/registrieren/danke"))
}
