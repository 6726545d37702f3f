//! Running a competition from the staff's side; here the way back to the round page after a form.

use actix_session::Session;
use actix_web::{HttpResponse, http::StatusCode};
use serde::Deserialize;

use super::round_list::ListQuery;
use crate::domain::ids::CompetitionId;
use crate::texts::{self, Text};
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status, see_other};
use crate::web::session::{Flash, flash};
use crate::web::state::AppState;

mod assignment;
mod control;
mod create;
mod deadlines;
mod delete;
mod formal_check;
mod steps;

pub use assignment::{announce, assign, assign_by_hand};
pub use control::get;
pub use create::{create, new};
pub use deadlines::{extend, shorten};
pub use delete::{confirm_delete, delete};
pub use formal_check::reject;
pub use steps::{confirm_step, step};

use control::ControlPage;

pub(super) fn competition_id(text: &str) -> Result<CompetitionId, WebError> {
    CompetitionId::parse(text).ok_or(WebError::NotFound)
}

#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    /// "1" once staff confirmed an irreversible step; without it the step only asks.
    #[serde(default)]
    pub bestaetigt: String,
    /// The competition's revision the confirmation page showed.
    #[serde(default)]
    pub revision: String,
}

/// Back to the control page after a step, or the page with the reason it was refused.
pub(super) fn again_or_back(
    c: Chrome,
    state: &AppState,
    session: &Session,
    id: CompetitionId,
    result: Result<(), WebError>,
) -> Result<HttpResponse, WebError> {
    again_or_back_saying(c, state, session, id, result, texts::staff::DONE)
}

/// Back to the control page with feedback that says what was done, or the page with the reason
/// it was refused.
pub(super) fn again_or_back_saying(
    c: Chrome,
    state: &AppState,
    session: &Session,
    id: CompetitionId,
    result: Result<(), WebError>,
    done: Text<&str>,
) -> Result<HttpResponse, WebError> {
    let back = Back {
        list: ListQuery::default(),
        anchor: "",
    };
    back_to(c, state, session, id, result, done, &back)
}

/// Where a form returns to on the control page: the list as it was (stage, search, filters,
/// page) and the place on the page.
pub(super) struct Back<'a> {
    pub(super) list: ListQuery,
    /// `#…` or empty.
    pub(super) anchor: &'a str,
}

impl Back<'_> {
    pub(super) fn url(&self, id: CompetitionId) -> String {
        let query = serde_urlencoded::to_string(&self.list).unwrap_or_default();
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        format!("/verwaltung/wettbewerbe/{id}{query}{}", self.anchor)
    }
}

/// After a form: on success to `back` with the feedback, on a refusal the page (as `back`
/// shows it) with the reason.
pub(super) fn back_to(
    c: Chrome,
    state: &AppState,
    session: &Session,
    id: CompetitionId,
    result: Result<(), WebError>,
    done: Text<&str>,
    back: &Back,
) -> Result<HttpResponse, WebError> {
    match result {
        Ok(()) => {
            flash(session, Flash::Success, done);
            Ok(see_other(&back.url(id)))
        }
        Err(error) => back_refused(c, state, id, error, back),
    }
}

/// Back to the control page with the reason a form was refused.
pub(super) fn back_refused(
    c: Chrome,
    state: &AppState,
    id: CompetitionId,
    error: WebError,
    back: &Back,
) -> Result<HttpResponse, WebError> {
    match error {
        WebError::Unprocessable { de, en } => {
            let mut page =
                ControlPage::build(c, &state.models.read(), id, &back.list, state.clock.now())?;
            page.notice = Some(if page.c.en() { en } else { de });
            page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        other => Err(other),
    }
}
