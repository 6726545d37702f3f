//! `POST /sprache/{de|en}`: switches the page language (a cookie) and, for a logged-in person,
//! the language of their e-mails too. A form with a CSRF token, since it changes the account.

use actix_session::Session;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::header};
use serde::Deserialize;

use crate::app::stream_of;
use crate::domain::account::{Account, AccountCommand, Language};
use crate::web::csrf::CsrfForm;
use crate::web::error::WebError;
use crate::web::forms::safe_next;
use crate::web::lang::LANG_COOKIE;
use crate::web::session::current_user;
use crate::web::state::AppState;

#[derive(Debug, Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    pub weiter: String,
}

pub async fn post(
    state: Data<AppState>,
    session: Session,
    code: Path<String>,
    CsrfForm(form): CsrfForm<SwitchForm>,
) -> Result<HttpResponse, WebError> {
    let language = Language::from_code(&code).ok_or(WebError::NotFound)?;
    if let Some(user) = current_user(&session, &state.models, state.clock.now()) {
        let command = AccountCommand::ChooseLanguage {
            language,
            now: state.clock.now(),
        };
        // The page language changes even if the preference cannot be stored now.
        if let Err(error) = state
            .execute_retrying::<Account>(
                &stream_of::<Account>(&user.id),
                &state.actor(&user),
                command,
            )
            .await
        {
            tracing::warn!(%error, "the language preference was not stored");
        }
    }
    let cookie = Cookie::build(LANG_COOKIE, language.code())
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .max_age(Duration::days(365))
        .finish();
    let target = safe_next(Some(&form.weiter)).unwrap_or_else(|| "/".into());
    Ok(HttpResponse::SeeOther()
        .cookie(cookie)
        .insert_header((header::LOCATION, target))
        .finish())
}
