//! `/verwaltung/rueckmeldungen`: the feedback on accessibility sent with the statement's form,
//! newest first, read from the log's `$ce-feedback` when the page is asked for (feedback is
//! rare; no read model holds it).

use actix_web::web::{Data, Query};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use crate::app::decode;
use crate::domain::accessibility_feedback::{AccessibilityFeedback, FeedbackEvent};
use crate::domain::account::Role;
use crate::domain::aggregate::Aggregate;
use crate::event_store::{Direction, ReadFrom};
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::paging::{PageQuery, Pager};
use crate::web::policy;
use crate::web::state::AppState;

/// Messages on one page of the list.
pub const PAGE_SIZE: usize = 50;
/// The most messages listed: the newest ones, so that the page costs a bounded read.
pub const MAX_LISTED: usize = 2_000;

pub struct Line {
    pub at: String,
    pub name: String,
    pub email: String,
    pub language: &'static str,
    pub message: String,
}

#[derive(Template)]
#[template(path = "staff/feedback.html")]
struct FeedbackPage {
    c: Chrome,
    lines: Vec<Line>,
    pager: Pager,
    /// More were received than are listed.
    capped: bool,
    /// Where the messages are mailed, if anywhere.
    contact: Option<String>,
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    query: Query<PageQuery>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let events = state
        .store
        .read_category(
            AccessibilityFeedback::CATEGORY,
            Direction::Backwards,
            ReadFrom::End,
            MAX_LISTED + 1,
        )
        .map_err(WebError::internal)?;
    let capped = events.len() > MAX_LISTED;
    let received: Vec<FeedbackEvent> = events
        .iter()
        .take(MAX_LISTED)
        .filter_map(|event| match decode::<AccessibilityFeedback>(event) {
            Ok(decoded) => Some(decoded),
            Err(error) => {
                tracing::error!(position = event.position.0, %error, "feedback that does not decode");
                None
            }
        })
        .collect();
    let pager = Pager::new(&c, received.len(), PAGE_SIZE, query.seite, |n| {
        if n > 1 {
            format!("/verwaltung/rueckmeldungen?seite={n}")
        } else {
            "/verwaltung/rueckmeldungen".to_owned()
        }
    });
    let lines = received
        .into_iter()
        .skip(pager.skip)
        .take(pager.take)
        .map(|event| {
            let FeedbackEvent::AccessibilityFeedbackReceived {
                name,
                email,
                message,
                language,
                at,
                ..
            } = event;
            Line {
                at: berlin(at, c.lang),
                name,
                email: email.map(|e| e.to_string()).unwrap_or_default(),
                language: language.code(),
                message,
            }
        })
        .collect();
    let contact = state
        .operator
        .accessibility_contact
        .as_ref()
        .map(ToString::to_string);
    page_with_status(
        StatusCode::OK,
        &FeedbackPage {
            c,
            lines,
            pager,
            capped,
            contact,
        },
    )
}
