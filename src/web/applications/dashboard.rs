//! `/antraege`: the applicant's applications with their status and next deadline, and the
//! competitions open for a new one.

use actix_web::web::Data;
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use crate::domain::account::Role;
use crate::domain::application::Status;
use crate::domain::status::{Viewer, status};
use crate::domain::steps::takes_new_applications;
use crate::texts::labels;
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::competitions::{Summary, is_public, summary};
use crate::web::error::{WebError, page_with_status};
use crate::web::policy;
use crate::web::state::AppState;

pub struct Row {
    pub id: String,
    pub title: String,
    pub competition: String,
    pub status: String,
    pub deadline: String,
}

#[derive(Template)]
#[template(path = "applications/dashboard.html")]
struct DashboardPage {
    c: Chrome,
    rows: Vec<Row>,
    open: Vec<Summary>,
}

pub async fn get(c: Chrome, state: Data<AppState>) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Applicant)?.clone();
    let now = state.clock.now();
    let page = {
        let views = state.models.read();
        let mut rows = Vec::new();
        for id in &views.applications_of(user.id) {
            let Some(view) = views.applications.get(id) else {
                continue;
            };
            let application = &view.state;
            let competition = application
                .competition_id
                .and_then(|k| views.competitions.get(&k))
                .map(|k| &k.state);
            let Some(competition) = competition else {
                continue;
            };
            let label = status(application, competition, Viewer::Applicant)
                .map(|s| c.say(labels::status(s)))
                .unwrap_or_default();
            let deadline = match application.status {
                Status::Draft { stage }
                | Status::Withdrawn { stage }
                | Status::Submitted { stage }
                    if competition.stage == stage =>
                {
                    competition
                        .submission_deadline(stage)
                        .filter(|d| *d > now)
                        .map(|t| berlin(t, c.lang))
                }
                _ => None,
            };
            rows.push(Row {
                id: id.to_string(),
                title: application.title.clone(),
                competition: competition
                    .setup
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                status: label,
                deadline: deadline.unwrap_or_else(|| "–".into()),
            });
        }
        rows.sort_by(|a, b| a.title.cmp(&b.title));
        let open = views
            .competitions
            .iter()
            // Only where a new application can be started (the domain's rule), not a later stage.
            .filter(|(_, k)| is_public(&k.state) && takes_new_applications(&k.state, now))
            .map(|(id, k)| summary(&c, *id, &k.state, now))
            .collect();
        DashboardPage { c, rows, open }
    };
    page_with_status(StatusCode::OK, &page)
}
