//! The formal check: a submitted application rejected with its reason.

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use serde::Deserialize;

use super::{again_or_back_saying, competition_id};
use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::application::{Application, ApplicationCommand};
use crate::domain::ids::ApplicationId;
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status};
use crate::web::policy;
use crate::web::staff::confirm;
use crate::web::state::AppState;

#[derive(Debug, Deserialize)]
pub struct RejectForm {
    pub application: String,
    #[serde(default)]
    pub reason: String,
    /// "1" once staff confirmed; without it the rejection only asks.
    #[serde(default)]
    pub bestaetigt: String,
}

/// The formal check: a submitted application rejected with its reason (the consortium is told
/// by e-mail).
pub async fn reject(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<RejectForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let application = ApplicationId::parse(&form.application).ok_or(WebError::NotFound)?;
    let progress = {
        let views = state.models.read();
        let belongs = views
            .applications
            .by_competition
            .get(&id)
            .is_some_and(|set| set.contains(&application));
        views
            .competitions
            .get(&id)
            .filter(|_| belongs)
            .map(|v| v.state.progress())
            .ok_or(WebError::NotFound)?
    };
    // Without a reason the rejection is refused beside the form, not confirmed.
    let reason = form.reason.trim();
    if !reason.is_empty() && !confirm::confirmed(&form.bestaetigt) {
        let page = confirm::reject(
            c,
            &state.models.read(),
            id,
            application,
            reason,
            state.clock.now(),
        )?;
        return page_with_status(StatusCode::OK, &page);
    }
    let command = ApplicationCommand::RejectFormally {
        reason: form.reason.trim().to_owned(),
        competition: progress,
        now: state.clock.now(),
    };
    let result = state
        .execute::<Application>(
            &stream_of::<Application>(&application),
            &state.actor(&user),
            command,
        )
        .await
        .map(|_| ())
        .map_err(|e| from_execute(e, refusals::application));
    again_or_back_saying(
        c,
        &state,
        &session,
        id,
        result,
        texts::staff::REJECTED_FORMALLY,
    )
}
