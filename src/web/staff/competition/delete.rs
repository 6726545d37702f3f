//! Deleting a draft that was never published, once confirmed.

use actix_session::Session;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};

use super::{ConfirmForm, again_or_back, competition_id};
use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::competition::{Competition, CompetitionCommand};
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, page_with_status, see_other};
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::staff::confirm;
use crate::web::state::AppState;

/// The confirmation page before deleting a draft.
pub async fn confirm_delete(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let id = competition_id(&id)?;
    let page = confirm::delete(c, &state.models.read(), id)?;
    page_with_status(StatusCode::OK, &page)
}

/// Deletes a draft competition once confirmed; the event names who did it.
pub async fn delete(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    if !confirm::confirmed(&form.bestaetigt) {
        let page = confirm::delete(c, &state.models.read(), id)?;
        return page_with_status(StatusCode::OK, &page);
    }
    let name = {
        let views = state.models.read();
        let competition = &views.competitions.get(&id).ok_or(WebError::NotFound)?.state;
        competition
            .setup
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let command = CompetitionCommand::Delete {
        by: user.id,
        now: state.clock.now(),
    };
    let result = state
        .execute::<Competition>(&stream_of::<Competition>(&id), &state.actor(&user), command)
        .await
        .map(|_| ())
        .map_err(|e| from_execute(e, refusals::competition));
    match result {
        Ok(()) => {
            flash(&session, Flash::Success, texts::staff::draft_deleted(&name));
            Ok(see_other("/verwaltung"))
        }
        Err(e) => again_or_back(c, &state, &session, id, Err(e)),
    }
}
