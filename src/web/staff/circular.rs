//! `/verwaltung/wettbewerbe/{k}/rundschreiben/{id}`: one sent circular as it was written, whom
//! it was for, and each recipient with the state of their message in the outbox (paged: a
//! circular may reach thousands).

use std::collections::HashMap;

use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::circulars::{audience_label, path_of};
use crate::domain::account::Role;
use crate::domain::ids::{AccountId, CircularId, CompetitionId};
use crate::email::outbox::Delivery;
use crate::texts;
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::paging::{PageQuery, Pager};
use crate::web::policy;
use crate::web::state::AppState;

/// Recipients on one page.
pub const PAGE_SIZE: usize = 100;

pub struct Line {
    pub name: String,
    pub to: String,
    pub titel: String,
    pub state: String,
}

#[derive(Template)]
#[template(path = "staff/circular.html")]
struct SentPage {
    c: Chrome,
    list: String,
    competition: String,
    subject: String,
    body: String,
    audience: String,
    at: String,
    by: String,
    count: usize,
    lines: Vec<Line>,
    pager: Pager,
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    path: Path<(String, String)>,
    query: Query<PageQuery>,
) -> Result<HttpResponse, WebError> {
    policy::role(&c, Role::Staff)?;
    let k = CompetitionId::parse(&path.0).ok_or(WebError::NotFound)?;
    let id = CircularId::parse(&path.1).ok_or(WebError::NotFound)?;
    // Each recipient's message, by address: the messages the circular's event caused.
    let page = {
        let views = state.models.read();
        let competition = &views.competitions.get(&k).ok_or(WebError::NotFound)?.state;
        let view = views
            .competitions
            .circulars
            .get(&id)
            .filter(|v| v.sent.competition_id == k)
            .ok_or(WebError::NotFound)?;
        let sent = &view.sent;
        let delivered: HashMap<String, Delivery> = state
            .outbox
            .entries()
            .map_err(WebError::internal)?
            .into_iter()
            .filter(|e| e.position == view.position && e.kind == "circular")
            .map(|e| (e.message.to.to_string(), e.delivery))
            .collect();
        let href = format!("{}/{id}", path_of(k));
        let pager = Pager::new(&c, sent.recipients.len(), PAGE_SIZE, query.seite, |n| {
            format!("{href}?seite={n}")
        });
        let lines = sent
            .recipients
            .iter()
            .skip(pager.skip)
            .take(pager.take)
            .map(|r| {
                let to = r.email.to_string();
                let state = match delivered.get(&to) {
                    Some(Delivery::Sent) => texts::staff::MAIL_SENT,
                    Some(Delivery::Failed) => texts::staff::MAIL_FAILED,
                    Some(Delivery::Erased) => texts::staff::MAIL_ERASED,
                    // Not yet in the outbox counts as waiting: the outbox follows the log.
                    Some(Delivery::Pending) | None => texts::staff::MAIL_PENDING,
                };
                Line {
                    name: r.name.clone(),
                    titel: r.values.get("titel").cloned().unwrap_or_default(),
                    state: c.text(state).to_owned(),
                    to,
                }
            })
            .collect();
        let by = AccountId::parse(&view.by)
            .and_then(|a| views.accounts.get(&a))
            .map(|a| a.name.clone())
            .unwrap_or_else(|| view.by.clone());
        SentPage {
            list: path_of(k),
            competition: competition
                .setup
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            subject: sent.subject.clone(),
            body: sent.body.clone(),
            audience: c.say(audience_label(&sent.audience, competition)),
            at: berlin(sent.at, c.lang),
            by,
            count: sent.recipients.len(),
            lines,
            pager,
            c,
        }
    };
    page_with_status(StatusCode::OK, &page)
}
