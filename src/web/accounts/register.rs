//! `/registrieren`: a consortium member creates an applicant account and gets a verification
//! link by e-mail.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::app::{Actor, ExecuteError, stream_of};
use crate::domain::account::{Account, AccountCommand, AccountError, Role};
use crate::domain::email_address::EmailAddress;
use crate::domain::privacy::PrivacyConsent;
use crate::security::{links, password};
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::{FieldErrors, check_line, check_new_password};
use crate::web::rate_limit;
use crate::web::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    pub name: String,
    pub email: String,
    pub password: String,
    pub password_repeat: String,
    /// "on" when the box agreeing to the privacy notice is ticked.
    pub privacy_consent: String,
}

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage {
    c: Chrome,
    form: RegisterForm,
    errors: FieldErrors,
    /// Refused by the rate limit: when to try again.
    limited: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/registered.html")]
struct RegisteredPage {
    c: Chrome,
}

pub async fn get(c: Chrome) -> Result<HttpResponse, WebError> {
    page_with_status(
        StatusCode::OK,
        &RegisterPage {
            c,
            form: RegisterForm::default(),
            errors: FieldErrors::default(),
            limited: None,
        },
    )
}

pub async fn post(
    c: Chrome,
    req: HttpRequest,
    state: Data<AppState>,
    CsrfForm(form): CsrfForm<RegisterForm>,
) -> Result<HttpResponse, WebError> {
    if let Err(wait) = state.registrations.check(&form.email, &state.client(&req)) {
        return limited(c, form, wait);
    }
    let mut errors = FieldErrors::default();
    if form.name.trim().is_empty() {
        errors.add("name", c.text(texts::accounts::ENTER_NAME));
    }
    check_line(&c, "name", &form.name, &mut errors);
    let email = match EmailAddress::parse(&form.email) {
        Ok(email) => Some(email),
        Err(invalid) => {
            errors.add("email", c.say(refusals::email(&invalid)));
            None
        }
    };
    check_new_password(&c, &form.password, &form.password_repeat, &mut errors);
    // Checked here too so that every reason shows at once; the account decides it as well.
    let consent = (!form.privacy_consent.is_empty())
        .then(|| PrivacyConsent::to_current_notice(state.clock.now()));
    if consent.is_none() {
        errors.add(
            "privacy_consent",
            c.say(refusals::account(&AccountError::NoPrivacyConsent)),
        );
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return again(c, form, errors);
    };
    if let Err(wait) = state.registrations.check_overall() {
        return limited(c, form, wait);
    }
    let plain = form.password.clone();
    let hash = actix_web::web::block(move || password::hash(&plain))
        .await
        .map_err(WebError::internal)?;
    let command = AccountCommand::Register {
        email: email.clone(),
        name: form.name.clone(),
        role: Role::Applicant,
        password_hash: hash,
        language: c.lang,
        verification_nonce: Some(links::nonce()),
        privacy_consent: consent,
        now: state.clock.now(),
    };
    let id = state.models.read().account_id_of(&email);
    let actor = Actor::new(id.to_string(), "applicant");
    match state
        .execute::<Account>(&stream_of::<Account>(&id), &actor, command)
        .await
    {
        Ok(_) => Ok(see_other("/registrieren/danke")),
        Err(ExecuteError::Refused(AccountError::AlreadyRegistered))
        | Err(ExecuteError::Conflict { .. }) => {
            errors.add(
                "email",
                c.say(refusals::account(&AccountError::AlreadyRegistered)),
            );
            again(c, form, errors)
        }
        Err(other) => Err(from_execute(other, refusals::account)),
    }
}

/// The form as typed (without the passwords), and when to send it again.
fn limited(
    c: Chrome,
    mut form: RegisterForm,
    wait: crate::web::state::Wait,
) -> Result<HttpResponse, WebError> {
    form.password.clear();
    form.password_repeat.clear();
    let limited = Some(rate_limit::reason(&c, wait));
    rate_limit::respond(
        &RegisterPage {
            c,
            form,
            errors: FieldErrors::default(),
            limited,
        },
        wait,
    )
}

/// The form again with its reasons; the passwords are not sent back.
fn again(c: Chrome, mut form: RegisterForm, errors: FieldErrors) -> Result<HttpResponse, WebError> {
    form.password.clear();
    form.password_repeat.clear();
    page_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &RegisterPage {
            c,
            form,
            errors,
            limited: None,
        },
    )
}

pub async fn registered(c: Chrome) -> Result<HttpResponse, WebError> {
    page_with_status(StatusCode::OK, &RegisteredPage { c })
}
