//! `POST /verwaltung/wettbewerbe/{id}/erinnern`: staff send reminders now, to consortia with
//! unsubmitted drafts while the stage is open, or to jurors with unfinished reviews during the
//! review. The scheduler sends its own three days before each deadline regardless.

use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::web::{Data, Path};
use serde::Deserialize;

use crate::app::stream_of;
use crate::domain::account::Role;
use crate::domain::competition::{Competition, CompetitionCommand, ReminderKind};
use crate::texts::{self, refusals};
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, from_execute, see_other};
use crate::web::policy;
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

use super::competition::{again_or_back, competition_id};

#[derive(Debug, Deserialize)]
pub struct ReminderForm {
    /// `antragsteller` or `jury`.
    pub an: String,
}

pub async fn send(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    id: Path<String>,
    CsrfForm(form): CsrfForm<ReminderForm>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Staff)?.clone();
    let id = competition_id(&id)?;
    let kind = match form.an.as_str() {
        "antragsteller" => ReminderKind::Drafts,
        "jury" => ReminderKind::Reviews,
        _ => {
            return Err(WebError::bad_request(texts::staff::UNKNOWN_RECIPIENTS));
        }
    };
    let command = CompetitionCommand::SendReminders {
        kind,
        now: state.clock.now(),
    };
    let result = state
        .execute::<Competition>(&stream_of::<Competition>(&id), &state.actor(&user), command)
        .await
        .map(|_| ())
        .map_err(|e| from_execute(e, refusals::competition));
    if result.is_ok() {
        match kind {
            ReminderKind::Reviews => flash(
                &session,
                Flash::Success,
                texts::staff::REVIEW_REMINDERS_SENT,
            ),
            ReminderKind::Drafts => {
                flash(&session, Flash::Success, texts::staff::DRAFT_REMINDERS_SENT)
            }
        }
        return Ok(see_other(&format!("/verwaltung/wettbewerbe/{id}")));
    }
    again_or_back(c, &state, &session, id, result)
}
