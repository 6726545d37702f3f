//! `/verwaltung/datenschutz/loeschung`: staff erase a person's data at their request. The page
//! first shows what the erasure takes (the dry run); its form then erases, records the event,
//! and builds the read models again so that every page shows the person as "gelöscht" at once.

use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::web::{Data, Query};
use askama::Template;
use serde::Deserialize;

use crate::domain::account::Role;
use crate::domain::email_address::EmailAddress;
use crate::domain::erasure::{Ground, MAX_REASON_CHARS};
use crate::texts::staff as words;
use crate::usecases::personal_data_erasure::{EraseError, Scope, erase, scope_of};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, page_with_status, see_other};
use crate::web::forms::FieldErrors;
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

const PAGE: &str = "/verwaltung/datenschutz/loeschung";

struct ScopeView {
    nothing: bool,
    persons: usize,
    names: String,
    event_count: usize,
    mail_files: usize,
    events: Vec<(String, usize)>,
}

#[derive(Template)]
#[template(path = "staff/erasure.html")]
struct ErasurePage {
    c: Chrome,
    typed_email: String,
    typed_reason: String,
    max_reason: usize,
    errors: FieldErrors,
    scope: Option<ScopeView>,
    refused: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Lookup {
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub grund: String,
}

fn view(scope: &Scope) -> ScopeView {
    ScopeView {
        nothing: scope.is_empty(),
        persons: scope.persons.len(),
        names: scope.names.join(", "),
        event_count: scope.event_count(),
        mail_files: scope.outside.mail_files,
        events: scope.events.iter().map(|(k, v)| (k.clone(), *v)).collect(),
    }
}

/// The dry run for `typed`, or why the address is refused.
async fn look_up(
    state: &Data<AppState>,
    typed: &str,
) -> Result<Result<(EmailAddress, Scope), ()>, WebError> {
    let Ok(address) = EmailAddress::parse(typed) else {
        return Ok(Err(()));
    };
    let state = state.clone();
    let found = address.clone();
    let scope = actix_web::web::block(move || {
        scope_of(
            &state.store,
            &state.personal,
            &state.models,
            &state.data,
            &found,
        )
    })
    .await
    .map_err(WebError::internal)?
    .map_err(WebError::internal)?;
    Ok(Ok((address, scope)))
}

fn own_account(c: &Chrome, address: &EmailAddress) -> Option<String> {
    c.user
        .as_ref()
        .filter(|u| u.email == *address)
        .map(|_| c.text(words::ERASE_OWN_ACCOUNT).to_owned())
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    query: Query<Lookup>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let mut errors = FieldErrors::default();
    let typed = query.email.trim().to_owned();
    let mut scope = None;
    let mut refused = None;
    let mut status = StatusCode::OK;
    if !typed.is_empty() {
        match look_up(&state, &typed).await? {
            Ok((address, found)) => {
                refused = own_account(&c, &address);
                scope = Some(view(&found));
            }
            Err(()) => {
                errors.add("email", c.text(words::ERASE_BAD_ADDRESS));
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
        }
    }
    page_with_status(
        status,
        &ErasurePage {
            typed_email: typed,
            typed_reason: String::new(),
            max_reason: MAX_REASON_CHARS,
            errors,
            scope,
            refused,
            c,
        },
    )
}

pub async fn post(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<EraseForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let typed = form.email.trim().to_owned();
    let mut errors = FieldErrors::default();
    let Ok((address, scope)) = look_up(&state, &typed).await? else {
        errors.add("email", c.text(words::ERASE_BAD_ADDRESS));
        return refused_page(c, typed, form.grund, errors, None, None);
    };
    if let Some(refused) = own_account(&c, &address) {
        return refused_page(
            c,
            typed,
            form.grund,
            errors,
            Some(view(&scope)),
            Some(refused),
        );
    }
    let reason = form.grund.trim();
    if reason.is_empty() {
        errors.add("grund", c.text(words::ERASE_NO_REASON));
    } else if reason.chars().count() > MAX_REASON_CHARS {
        errors.add("grund", c.text(words::ERASE_LONG_REASON));
    }
    if !errors.is_empty() {
        return refused_page(c, typed, form.grund, errors, Some(view(&scope)), None);
    }
    if scope.is_empty() {
        flash(&session, Flash::Success, words::NOTHING_TO_ERASE);
        return Ok(see_other(PAGE));
    }
    let now = state.clock.now();
    let erased = erase(
        &state.store,
        &state.personal,
        &state.data,
        &address,
        &scope,
        Ground::Request,
        reason.to_owned(),
        &state.actor(&user),
        now,
    )
    .await;
    match erased {
        Ok(_) => {}
        Err(EraseError::Refused(e)) => {
            errors.add(
                "grund",
                c.say(crate::texts::Text {
                    de: format!("Die Löschung wurde abgelehnt: {e}"),
                    en: format!("The erasure was refused: {e}"),
                }),
            );
            return refused_page(c, typed, form.grund, errors, Some(view(&scope)), None);
        }
        Err(e) => return Err(WebError::internal(e)),
    }
    forget_in_memory(&state).await?;
    flash(&session, Flash::Success, words::ERASED);
    Ok(see_other(PAGE))
}

/// What the running service holds of the erased person goes too (`AppState::forget_erased`).
async fn forget_in_memory(state: &Data<AppState>) -> Result<(), WebError> {
    let rebuilding = state.clone();
    actix_web::web::block(move || rebuilding.forget_erased())
        .await
        .map_err(WebError::internal)?
        .map_err(WebError::internal)
}

fn refused_page(
    c: Chrome,
    typed_email: String,
    typed_reason: String,
    errors: FieldErrors,
    scope: Option<ScopeView>,
    refused: Option<String>,
) -> Result<HttpResponse, WebError> {
    page_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &ErasurePage {
            typed_email,
            typed_reason,
            max_reason: MAX_REASON_CHARS,
            errors,
            scope,
            refused,
            c,
        },
    )
}
