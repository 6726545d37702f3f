//! `/verwaltung/postausgang`: every message of the outbox, pending, sent or failed with its last
//! error; a failed message can be sent again. A round sends a message per applicant and juror,
//! so the list is paged and can be narrowed to one state.

use actix_session::Session;
use actix_web::web::{Data, Query};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::domain::account::Role;
use crate::email::outbox::Delivery;
use crate::texts;
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::csrf::CsrfForm;
use crate::web::error::{WebError, page_with_status, see_other};
use crate::web::paging::Pager;
use crate::web::policy;
use crate::web::session::{Flash, flash};
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

/// Messages on one page of the list.
pub const PAGE_SIZE: usize = 100;

/// One of the state filters above the list, as a link.
pub struct Filter {
    pub href: String,
    pub label: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "staff/outbox.html")]
struct OutboxPage {
    c: Chrome,
    lines: Vec<Line>,
    pending: usize,
    sent: usize,
    failed: usize,
    filters: Vec<Filter>,
    pager: Pager,
    /// While the outbox has not yet turned every event of the log into messages (after a
    /// restore, or on a new instance): how many it has read, of how many.
    reading: Option<(String, String)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// `wartend`, `versandt` or `fehlgeschlagen`; anything else shows every message.
    #[serde(default)]
    pub stand: String,
    #[serde(default)]
    pub seite: Option<usize>,
}

fn delivery_of(key: &str) -> Option<Delivery> {
    match key {
        "wartend" => Some(Delivery::Pending),
        "versandt" => Some(Delivery::Sent),
        "fehlgeschlagen" => Some(Delivery::Failed),
        _ => None,
    }
}

fn href(stand: &str, page: usize) -> String {
    let mut query = Vec::new();
    if !stand.is_empty() {
        query.push(format!("stand={stand}"));
    }
    if page > 1 {
        query.push(format!("seite={page}"));
    }
    if query.is_empty() {
        "/verwaltung/postausgang".to_owned()
    } else {
        format!("/verwaltung/postausgang?{}", query.join("&"))
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let only = delivery_of(&query.stand);
    let stand = if only.is_some() {
        query.stand.as_str()
    } else {
        ""
    };
    let read = state.outbox.checkpoint().map_err(WebError::internal)?;
    let logged = state.store.committed_count();
    let reading = (read < logged).then(|| {
        let count = |n: u64| crate::number_display::count(n as usize, c.lang);
        (count(read), count(logged))
    });
    let mut entries = state.outbox.entries().map_err(WebError::internal)?;
    // Failed first, then pending, then sent; newest first within each.
    entries.sort_by_key(|e| {
        let rank = match e.delivery {
            Delivery::Failed => 0,
            Delivery::Pending => 1,
            Delivery::Sent => 2,
            Delivery::Erased => 3,
        };
        (rank, std::cmp::Reverse(e.created))
    });
    let count = |d: Delivery| entries.iter().filter(|e| e.delivery == d).count();
    let (pending, sent, failed) = (
        count(Delivery::Pending),
        count(Delivery::Sent),
        count(Delivery::Failed),
    );
    let filters = [
        ("", c.text(texts::staff::FILTER_ALL).to_owned()),
        (
            "fehlgeschlagen",
            c.text(texts::staff::FILTER_FAILED).to_owned(),
        ),
        ("wartend", c.text(texts::staff::FILTER_PENDING).to_owned()),
        ("versandt", c.text(texts::staff::FILTER_SENT).to_owned()),
    ]
    .into_iter()
    .map(|(key, label)| Filter {
        href: href(key, 1),
        label,
        current: key == stand,
    })
    .collect();
    entries.retain(|e| only.is_none_or(|d| e.delivery == d));
    let pager = Pager::new(&c, entries.len(), PAGE_SIZE, query.seite, |n| {
        href(stand, n)
    });
    let lines = entries
        .into_iter()
        .skip(pager.skip)
        .take(pager.take)
        .map(|e| {
            let state = match e.delivery {
                Delivery::Pending => c.text(texts::staff::MAIL_PENDING).to_owned(),
                Delivery::Sent => c.text(texts::staff::MAIL_SENT).to_owned(),
                Delivery::Failed => c.text(texts::staff::MAIL_FAILED).to_owned(),
                Delivery::Erased => c.text(texts::staff::MAIL_ERASED).to_owned(),
            };
            Line {
                failed: e.delivery == Delivery::Failed,
                message_id: e.message.message_id.clone(),
                to: e.message.to.to_string(),
                subject: e.message.subject.clone(),
                kind: {
                    let (de, en) = crate::texts::labels::message_kind(&e.kind).into_pair();
                    c.ts(de, en)
                },
                state,
                attempts: e.attempts,
                created: berlin(e.created, c.lang),
                sent: e.sent.map(|t| berlin(t, c.lang)).unwrap_or_default(),
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
            filters,
            pager,
            reading,
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
        // The dispatcher's retry timing runs on real time, not the service clock.
        .retry(&form.message_id, chrono::Utc::now())
        .map_err(WebError::internal)?;
    if retried {
        flash(&session, Flash::Success, texts::staff::MESSAGE_SENT_AGAIN);
    } else {
        flash(&session, Flash::Problem, texts::staff::MESSAGE_NOT_FAILED);
    }
    Ok(see_other("/verwaltung/postausgang"))
}
