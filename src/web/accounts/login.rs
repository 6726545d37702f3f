//! `/anmelden` and `/abmelden`. Failed logins say the same for an unknown address and a wrong
//! password, and attempts are rate-limited per address and per client. An account with a second
//! factor goes on to `/anmelden/code` (`login_code`) before it is logged in.

use actix_session::Session;
use actix_web::web::{Data, Query};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::{Actor, ExecuteError, stream_of};
use crate::config::SecondFactorPolicy;
use crate::domain::account::{Account, AccountCommand, Role};
use crate::domain::email_address::EmailAddress;
use crate::domain::second_factor::required_for;
use crate::projections::password_hash_of;
use crate::security::password;
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::error::{
    SECOND_FACTOR_SET_UP, WebError, from_execute, page_with_status, see_other,
};
use crate::web::forms::{FieldErrors, safe_next};
use crate::web::rate_limit;
use crate::web::session::{Flash, begin_second_step, flash, log_in, log_out, login_of};
use crate::web::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    pub weiter: String,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    pub weiter: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    c: Chrome,
    email: String,
    weiter: String,
    errors: FieldErrors,
    unverified: bool,
}

pub async fn get(c: Chrome, query: Query<NextQuery>) -> Result<HttpResponse, WebError> {
    page_with_status(
        StatusCode::OK,
        &LoginPage {
            c,
            email: String::new(),
            weiter: safe_next(query.weiter.as_deref()).unwrap_or_default(),
            errors: FieldErrors::default(),
            unverified: false,
        },
    )
}

/// Where a person lands after logging in, unless they came from somewhere.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::Applicant => "/antraege",
        Role::Juror => "/jury",
        Role::Staff => "/verwaltung",
    }
}

pub async fn post(
    c: Chrome,
    req: HttpRequest,
    state: Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, WebError> {
    let client = state.client(&req);
    if let Err(wait) = state.login_attempts.check(&form.email, &client) {
        let mut errors = FieldErrors::default();
        errors.add("password", rate_limit::reason(&c, wait));
        let weiter = safe_next(Some(&form.weiter)).unwrap_or_default();
        return rate_limit::respond(
            &LoginPage {
                c,
                email: form.email,
                weiter,
                errors,
                unverified: false,
            },
            wait,
        );
    }
    let account = EmailAddress::parse(&form.email)
        .ok()
        .and_then(|email| state.models.read().account_by_email(&email).cloned());
    let plain = form.password.clone();
    // The read models keep no password hashes: the account's own stream has it.
    let hash = match account.as_ref().and_then(|a| a.id) {
        Some(id) => password_hash_of(&state.store, id).map_err(WebError::internal)?,
        None => None,
    };
    let matches = actix_web::web::block(move || match hash {
        Some(hash) => password::verify(&plain, &hash),
        None => {
            password::verify_nothing(&plain);
            false
        }
    })
    .await
    .map_err(WebError::internal)?;
    let weiter = safe_next(Some(&form.weiter)).unwrap_or_default();
    let (Some(account), true) = (account, matches) else {
        let mut errors = FieldErrors::default();
        errors.add("password", c.text(texts::accounts::WRONG_LOGIN));
        return page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &LoginPage {
                c,
                email: form.email,
                weiter,
                errors,
                unverified: false,
            },
        );
    };
    if !account.verified {
        return page_with_status(
            StatusCode::FORBIDDEN,
            &LoginPage {
                c,
                email: form.email,
                weiter,
                errors: FieldErrors::default(),
                unverified: true,
            },
        );
    }
    let (Some(id), Some(role)) = (account.id, account.role) else {
        return Err(WebError::internal(anyhow::anyhow!(
            "an account without id or role"
        )));
    };
    if account.has_second_factor() {
        // Not logged in yet: the code comes first.
        begin_second_step(&session, id, state.clock.now(), weiter).map_err(WebError::internal)?;
        return Ok(see_other("/anmelden/code"));
    }
    log_in(&session, id, state.clock.now()).map_err(WebError::internal)?;
    if state.second_factor == SecondFactorPolicy::Required && required_for(role) {
        // The set-up page says why it comes first.
        return Ok(see_other(SECOND_FACTOR_SET_UP));
    }
    let target = if weiter.is_empty() {
        home_of(role).to_owned()
    } else {
        weiter
    };
    Ok(see_other(&target))
}

pub async fn logout(
    state: Data<AppState>,
    session: Session,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, WebError> {
    // Recorded on the account, so that a copy of this session's cookie stops working too.
    if let Some((account, sid, logged_in_at)) = login_of(&session) {
        let command = AccountCommand::EndSession {
            session: sid,
            logged_in_at,
            now: state.clock.now(),
        };
        let actor = Actor::new(account.to_string(), "account");
        match state
            .execute_retrying::<Account>(&stream_of::<Account>(&account), &actor, command)
            .await
        {
            Ok(_) | Err(ExecuteError::Refused(_)) => {}
            Err(other) => return Err(from_execute(other, refusals::account)),
        }
    }
    log_out(&session);
    flash(&session, Flash::Success, texts::accounts::LOGGED_OUT);
    Ok(see_other("/"))
}
