//! Who calls the API: the account of the `Authorization: Bearer` token, with the token's
//! scopes. Only a token is read, never the session cookie: a browser sends a cookie to any
//! site's request, a token only when a program puts it there, so the API needs no CSRF token.
//!
//! A token is refused (401) when it is unknown, expired or revoked, and when its person was
//! erased; a staff or juror token while that account must first set up a second factor the
//! service requires (403), since its owner could not log in to the pages either.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest};

use super::problem::ApiError;
use crate::app::Actor;
use crate::config::SecondFactorPolicy;
use crate::domain::account::{Role, Scope};
use crate::domain::ids::AccountId;
use crate::domain::second_factor::required_for;
use crate::security::api_token;
use crate::texts;
use crate::web::state::AppState;

#[derive(Debug, Clone)]
pub struct Caller {
    pub account: AccountId,
    pub role: Role,
    scopes: Vec<Scope>,
}

impl Caller {
    /// The token's scopes include `scope`, or a 403 that names it.
    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(Some(texts::api::scope_missing(scope))))
        }
    }

    /// Reading, and the token's account has this role.
    pub fn reads_as(&self, role: Role) -> Result<(), ApiError> {
        self.require(Scope::Read)?;
        if self.role == role {
            Ok(())
        } else {
            Err(ApiError::Forbidden(None))
        }
    }

    /// The actor the log names for what the call writes: the token's account.
    pub fn actor(&self) -> Actor {
        Actor::new(self.account.to_string(), self.role.as_str())
    }
}

fn identify(req: &HttpRequest) -> Result<Caller, ApiError> {
    let state = req
        .app_data::<Data<AppState>>()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no application state")))?;
    let token = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(api_token::from_authorization)
        .ok_or(ApiError::Unauthorized)?;
    let hash = api_token::hash(token);
    let now = state.clock.now();
    let accounts = state.models.accounts();
    let (account, token) = accounts.token_holder(&hash).ok_or(ApiError::Unauthorized)?;
    if !token.in_force(now) {
        return Err(ApiError::Unauthorized);
    }
    let (Some(id), Some(role), Some(email)) = (account.id, account.role, account.email.as_ref())
    else {
        return Err(ApiError::Unauthorized);
    };
    // An erased person's tokens end with the erasure, as their sessions do.
    if email.is_erased() {
        return Err(ApiError::Unauthorized);
    }
    if state.second_factor == SecondFactorPolicy::Required
        && required_for(role)
        && !account.has_second_factor()
    {
        return Err(ApiError::Forbidden(Some(
            texts::api::SECOND_FACTOR_FIRST.owned(),
        )));
    }
    Ok(Caller {
        account: id,
        role,
        scopes: token.scopes.clone(),
    })
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(identify(req))
    }
}
