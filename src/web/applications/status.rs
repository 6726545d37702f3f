//! `/antraege/{id}/status`: the application's history from its events and, once released, its
//! result.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::parse_id;
use crate::domain::account::Role;
use crate::domain::ids::AccountId;
use crate::domain::status::{ApplicationStatus, ResultNews, Viewer, results_history, status};
use crate::projections::Views;
use crate::texts::{self, labels};
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::policy;
use crate::web::state::AppState;

pub struct Line {
    /// For ordering the application's own events and the results together.
    pub when: chrono::DateTime<chrono::Utc>,
    pub at: String,
    pub what: String,
    pub who: String,
}

#[derive(Template)]
#[template(path = "applications/status.html")]
struct StatusPage {
    c: Chrome,
    id: String,
    title: String,
    status: String,
    rejection: Option<String>,
    lines: Vec<Line>,
    /// The owner may give up the award now (see `decline.rs`).
    may_decline: bool,
    /// The consortium's request for review of the procedure (see `redress.rs`).
    redress: Option<super::redress::StatusNote>,
    /// The jury's evaluation summary per released stage (see `evaluation.rs`).
    summaries: Vec<super::evaluation::StageSummary>,
    /// Where the formal check stands, once staff asked for something or closed it.
    formal_check: Option<String>,
    /// An open request for corrections: the consortium continues on the application's page.
    correcting: bool,
}

pub fn actor_name(c: &Chrome, views: &Views, actor: &str) -> String {
    let account = AccountId::parse(actor).and_then(|id| views.accounts.get(&id));
    match account {
        Some(account) if account.role == Some(Role::Staff) => {
            c.text(texts::applicants::BY_PROGRAMME_STAFF).to_owned()
        }
        Some(account) => account.name.clone(),
        None => c.text(texts::applicants::BY_SYSTEM).to_owned(),
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = parse_id(&id)?;
    // The history is read from the application's stream; nobody sees it before the check below.
    let timeline = crate::projections::timeline(&state.store, id).map_err(WebError::internal)?;
    let page = {
        let views = state.models.read();
        let access = policy::application(&c, &views, id)?;
        let view = views.applications.get(&id).ok_or(WebError::NotFound)?;
        let competition = view
            .state
            .competition_id
            .and_then(|k| views.competitions.get(&k))
            .map(|k| k.state.clone())
            .unwrap_or_default();
        let viewer = match access {
            policy::Access::Read => Viewer::Staff,
            policy::Access::Edit => Viewer::Applicant,
        };
        let current = status(&view.state, &competition, viewer);
        let may_decline = viewer == Viewer::Applicant
            && view.state.owner == c.user.as_ref().map(|u| u.id)
            && matches!(current, Some(ApplicationStatus::Funded { .. }))
            && competition.reserve_open();
        let redress = (viewer == Viewer::Applicant)
            .then(|| super::redress::status_note(&c, &views, &competition, id, state.clock.now()))
            .flatten();
        let summaries = super::evaluation::summaries(&c, &state.store, &competition, id);
        let now = state.clock.now();
        let formal_check = view.state.status.stage().and_then(|stage| {
            let check = crate::domain::formal_check::CheckState::of(&view.state, stage, now)?;
            let due = view
                .state
                .formal_checks
                .get(&stage)
                .and_then(|c| c.last_round())
                .map(|r| berlin(crate::domain::formal_check::last_minute(r.due), c.lang))
                .unwrap_or_default();
            texts::formal_check::for_consortium(check, &due).map(|t| c.say(t))
        });
        let correcting = view.state.open_correction(now).is_some();
        let status = current
            .map(|s| c.say(labels::status(s)))
            .unwrap_or_default();
        let mut lines: Vec<Line> = timeline
            .iter()
            .map(|entry| Line {
                when: entry.occurred,
                at: berlin(entry.occurred, c.lang),
                what: c
                    .text(texts::applicants::event(&entry.event_type))
                    .to_owned(),
                who: actor_name(&c, &views, &entry.actor),
            })
            .collect();
        // The results live in the competition's stream; the consortium sees them once released.
        for result in results_history(&view.state, &competition, viewer) {
            let (what, who) = result_line(&c, result.news);
            lines.push(Line {
                when: result.at,
                at: berlin(result.at, c.lang),
                what,
                who,
            });
        }
        // Oldest first, stable for events of the same moment, then the newest on top.
        lines.sort_by_key(|line| line.when);
        lines.reverse();
        StatusPage {
            id: id.to_string(),
            title: view.state.title.clone(),
            status,
            rejection: view.state.rejection_reason.clone(),
            lines,
            may_decline,
            redress,
            summaries,
            formal_check,
            correcting,
            c,
        }
    };
    page_with_status(StatusCode::OK, &page)
}

/// A result in the history: what happened, and who did it.
fn result_line(c: &Chrome, news: ResultNews) -> (String, String) {
    let staff = c.text(texts::applicants::BY_PROGRAMME_STAFF).to_owned();
    match news {
        ResultNews::Decided(result) => (
            c.say(texts::applicants::result(labels::status(result))),
            staff,
        ),
        ResultNews::MovedUp { amount } => (c.say(texts::applicants::moved_up(amount)), staff),
        ResultNews::Declined { amount } => (
            c.say(texts::applicants::declined(amount)),
            c.text(texts::applicants::BY_CONSORTIUM).to_owned(),
        ),
    }
}
