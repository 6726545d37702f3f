//! `/verwaltung/postausgang`: every message of the outbox, pending, sent or failed with its last
//! error; a failed message can be sent again.

use actix_session::Session;
use actix_web::web::Data;
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::domain::account::Role;
use crate::email::outbox::Delivery;
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, page_with_status, see_other};
use crate::web::policy;
use crate::web::session::flash;
use crate::web::state::AppState;

pub struct Line {
    pub message_id: String,
    pub to: String,
    pub subject: String,
    pub kind: String,
    pub state: String,
    pub failed: bool,
    pub attempts: u32,
    pub created: String,
    pub sent: String,
    pub last_error: String,
}

#[derive(Template)]
#[template(path = "staff/outbox.html")]
struct OutboxPage {
    c: Chrome,
    lines: Vec<Line>,
    pending: usize,
    sent: usize,
    failed: usize,
}

pub async fn get(c: Chrome, state: Data<AppState>) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let mut entries = state.outbox.entries().map_err(WebError::internal)?;
    // Failed first, then pending, then sent; newest first within each.
    entries.sort_by_key(|e| {
        let rank = match e.delivery {
            Delivery::Failed => 0,
            Delivery::Pending => 1,
            Delivery::Sent => 2,
        };
        (rank, std::cmp::Reverse(e.created))
    });
    let count = |d: Delivery| entries.iter().filter(|e| e.delivery == d).count();
    let (pending, sent, failed) = (
        count(Delivery::Pending),
        count(Delivery::Sent),
        count(Delivery::Failed),
    );
    let lines = entries
        .into_iter()
        .map(|e| {
            let state = match e.delivery {
                Delivery::Pending => c.ts("wartet", "pending"),
                Delivery::Sent => c.ts("versandt", "sent"),
                Delivery::Failed => c.ts("fehlgeschlagen", "failed"),
            };
            Line {
                failed: e.delivery == Delivery::Failed,
                message_id: e.message.message_id.clone(),
                to: e.message.to.to_string(),
                subject: e.message.subject.clone(),
                kind: e.kind.clone(),
                state,
                attempts: e.attempts,
                created: berlin(e.created),
                sent: e.sent.map(berlin).unwrap_or_default(),
                last_error: e.last_error.clone().unwrap_or_default(),
            }
        })
        .collect();
    page_with_status(
        StatusCode::OK,
        &OutboxPage {
            c,
            lines,
            pending,
            sent,
            failed,
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct RetryForm {
    pub message_id: String,
}

pub async fn retry(
    c: Chrome,
    state: Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<RetryForm>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let retried = state
        .outbox
        .retry(&form.message_id, chrono::Utc::now())
        .map_err(WebError::internal)?;
    if retried {
        flash(
            &session,
            true,
            "Die Nachricht wird erneut versandt.",
            "The message is sent again.",
        );
    } else {
        flash(
            &session,
            false,
            "Diese Nachricht ist nicht fehlgeschlagen; es gibt nichts zu wiederholen.",
            "This message has not failed; there is nothing to retry.",
        );
    }
    Ok(see_other("/verwaltung/postausgang"))
}
