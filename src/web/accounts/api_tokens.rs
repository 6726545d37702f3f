//! `/konto/api-schluessel`: a person's API tokens for `/api/v1`: the list (name, first
//! characters, scopes, until when), a new one (shown once), revoking one.

use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::web::{Data, Path};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::app::{ExecuteError, stream_of};
use crate::domain::account::{Account, AccountCommand, AccountError, ApiTokenCommand, Scope};
use crate::domain::api_token::{LIFETIMES_DAYS, MAX_NAME_CHARS};
use crate::domain::ids::ApiTokenId;
use crate::security::api_token;
use crate::texts::{self, refusals};
use crate::time_display;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{CurrentUser, Flash, flash};
use crate::web::state::AppState;

const HERE: &str = "/konto/api-schluessel";

/// A token as the list shows it.
struct Row {
    id: ApiTokenId,
    name: String,
    hint: String,
    scopes: String,
    issued: String,
    until: String,
    in_force: bool,
    /// "revoked on …" or "expired"; empty while in force.
    ended: String,
}

#[derive(Template)]
#[template(path = "accounts/api_tokens.html")]
struct TokensPage {
    c: Chrome,
    rows: Vec<Row>,
    /// Whether this account may hold the `decide` scope.
    may_decide: bool,
    form: TokenForm,
    lifetimes: [i64; 3],
    max_name: usize,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "accounts/api_token_issued.html")]
struct IssuedPage {
    c: Chrome,
    name: String,
    token: String,
    until: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub scope_read: Option<String>,
    #[serde(default)]
    pub scope_decide: Option<String>,
    #[serde(default)]
    pub lifetime: String,
}

impl TokenForm {
    /// The form as a new token starts: reading only, for the longest lifetime.
    fn fresh() -> Self {
        TokenForm {
            scope_read: Some("on".into()),
            ..TokenForm::default()
        }
    }

    fn scopes(&self) -> Vec<Scope> {
        let mut scopes = Vec::new();
        if self.scope_read.is_some() {
            scopes.push(Scope::Read);
        }
        if self.scope_decide.is_some() {
            scopes.push(Scope::Decide);
        }
        scopes
    }

    /// The lifetime chosen; the longest when none is (a program that posts the form).
    fn lifetime_days(&self) -> i64 {
        match self.lifetime.trim() {
            "" => LIFETIMES_DAYS[LIFETIMES_DAYS.len() - 1],
            days => days.parse().unwrap_or(0),
        }
    }

    /// The lifetime chosen, the longest when none is.
    pub fn chosen(&self, days: &i64) -> bool {
        let chosen = self.lifetime_days();
        if LIFETIMES_DAYS.contains(&chosen) {
            chosen == *days
        } else {
            *days == LIFETIMES_DAYS[LIFETIMES_DAYS.len() - 1]
        }
    }
}

fn rows(c: &Chrome, state: &AppState, user: &CurrentUser) -> Vec<Row> {
    let now = state.clock.now();
    let accounts = state.models.accounts();
    let Some(account) = accounts.get(&user.id) else {
        return Vec::new();
    };
    let mut rows: Vec<Row> = account
        .api_tokens
        .iter()
        .map(|token| Row {
            id: token.id,
            name: token.name.clone(),
            hint: token.hint.clone(),
            scopes: token
                .scopes
                .iter()
                .map(|scope| c.text(texts::api::scope(*scope)))
                .collect::<Vec<_>>()
                .join(", "),
            issued: time_display::berlin(token.issued_at, c.lang),
            until: time_display::berlin(token.expires_at, c.lang),
            in_force: token.in_force(now),
            ended: match token.revoked_at {
                Some(at) => format!(
                    "{} {}",
                    c.text(texts::api::REVOKED_ON),
                    time_display::berlin(at, c.lang)
                ),
                None if !token.in_force(now) => c.text(texts::api::EXPIRED).to_owned(),
                None => String::new(),
            },
        })
        .collect();
    // Those in force first, the newest first.
    rows.reverse();
    rows.sort_by_key(|row| !row.in_force);
    rows
}

fn page(
    c: Chrome,
    state: &AppState,
    user: &CurrentUser,
    form: TokenForm,
    errors: FieldErrors,
) -> TokensPage {
    TokensPage {
        rows: rows(&c, state, user),
        may_decide: Scope::Decide.open_to(user.role),
        form,
        lifetimes: LIFETIMES_DAYS,
        max_name: MAX_NAME_CHARS,
        errors,
        c,
    }
}

pub async fn get(c: Chrome, state: Data<AppState>) -> Result<HttpResponse, WebError> {
    let user = policy::user(&c)?.clone();
    let page = page(c, &state, &user, TokenForm::fresh(), FieldErrors::default());
    page_with_status(StatusCode::OK, &page)
}

/// Which field a refusal belongs beside.
fn field_of(error: &AccountError) -> Option<&'static str> {
    match error {
        AccountError::NoTokenName | AccountError::BadTokenName(_) => Some("name"),
        AccountError::NoTokenScope | AccountError::ScopeNotForRole(_) => Some("scopes"),
        AccountError::BadTokenLifetime => Some("lifetime"),
        AccountError::TooManyTokens => Some("name"),
        _ => None,
    }
}

/// A new token: the answer shows it once, and never a copy in a cache.
pub async fn create(
    c: Chrome,
    state: Data<AppState>,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::user(&c)?.clone();
    let now = state.clock.now();
    let new = api_token::generate();
    let command = ApiTokenCommand::Issue {
        id: ApiTokenId::from_uuid(Uuid::new_v4()),
        name: form.name.clone(),
        scopes: form.scopes(),
        hash: new.hash,
        hint: new.hint,
        lifetime_days: form.lifetime_days(),
        now,
    };
    let executed = state
        .execute_retrying::<Account>(
            &stream_of::<Account>(&user.id),
            &state.actor(&user),
            AccountCommand::ApiToken(command),
        )
        .await;
    match executed {
        Ok(_) => {}
        Err(ExecuteError::Refused(refusal)) if field_of(&refusal).is_some() => {
            let mut errors = FieldErrors::default();
            let field = field_of(&refusal).unwrap_or("name");
            errors.add(field, c.say(refusals::account(&refusal)));
            let page = page(c, &state, &user, form, errors);
            return page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
        Err(other) => return Err(from_execute(other, refusals::account)),
    }
    let until = time_display::berlin(now + chrono::Duration::days(form.lifetime_days()), c.lang);
    let mut response = page_with_status(
        StatusCode::OK,
        &IssuedPage {
            name: form.name.trim().to_owned(),
            token: new.token,
            until,
            c,
        },
    )?;
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct RevokeForm {}

pub async fn revoke(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(_): CsrfForm<RevokeForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::user(&c)?.clone();
    let id = ApiTokenId::parse(&id).ok_or(WebError::NotFound)?;
    let command = ApiTokenCommand::Revoke {
        id,
        now: state.clock.now(),
    };
    match state
        .execute_retrying::<Account>(
            &stream_of::<Account>(&user.id),
            &state.actor(&user),
            AccountCommand::ApiToken(command),
        )
        .await
    {
        Ok(_) => {}
        // Another person's token is not found in this account: the same answer as none.
        Err(ExecuteError::Refused(AccountError::NoSuchToken)) => return Err(WebError::NotFound),
        Err(other) => return Err(from_execute(other, refusals::account)),
    }
    flash(&session, Flash::Success, texts::api::REVOKED);
    Ok(see_other(HERE))
}
