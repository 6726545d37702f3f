//! `/jury`: per competition, the applications assigned to the logged-in juror in the open
//! stage, how many are reviewed, and the review deadline.

use actix_web::web::Data;
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::juror_of;
use crate::domain::account::Role;
use crate::domain::review::ReviewKey;
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::policy;
use crate::web::state::AppState;

pub struct Assignment {
    pub href: String,
    pub title: String,
    pub state: String,
}

pub struct Panel {
    pub competition: String,
    pub stage: String,
    pub deadline: String,
    pub reviewed: usize,
    pub total: usize,
    pub assignments: Vec<Assignment>,
}

#[derive(Template)]
#[template(path = "jury/dashboard.html")]
struct JuryPage {
    c: Chrome,
    panels: Vec<Panel>,
}

pub async fn get(c: Chrome, state: Data<AppState>) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Juror)?.clone();
    let panels = {
        let views = state.models.read();
        let mut panels = Vec::new();
        for (competition_id, jury) in &views.juries {
            let Some(juror) = juror_of(jury, &user.email) else {
                continue;
            };
            let Some(competition) = views.competitions.get(competition_id) else {
                continue;
            };
            let stage = competition.state.stage;
            let setup = competition.state.setup.as_ref();
            let mut assignments = Vec::new();
            let mut reviewed = 0;
            for application in jury.assigned_to(stage, juror) {
                if jury.is_conflicted(juror, application) {
                    continue;
                }
                let key = ReviewKey {
                    application,
                    stage,
                    juror,
                };
                let review = views.reviews.get(&key).map(|r| &r.state);
                let submitted = review.is_some_and(|r| !r.awaits_juror());
                if submitted {
                    reviewed += 1;
                }
                let label = if submitted {
                    c.ts("eingereicht", "submitted")
                } else if review.is_some_and(|r| r.reopened.is_some()) {
                    c.ts("zur Überarbeitung geöffnet", "reopened for revision")
                } else if review.is_some() {
                    c.ts("Entwurf gespeichert", "draft saved")
                } else if !jury.confirmed.contains(&(juror, application)) {
                    c.ts("Befangenheit prüfen", "check for conflicts")
                } else {
                    c.ts("offen", "open")
                };
                assignments.push(Assignment {
                    href: format!("/jury/{competition_id}/antraege/{application}"),
                    title: views
                        .applications
                        .get(&application)
                        .map(|a| a.state.title.clone())
                        .unwrap_or_default(),
                    state: label,
                });
            }
            assignments.sort_by(|a, b| a.title.cmp(&b.title));
            panels.push(Panel {
                competition: setup.map(|s| s.name.clone()).unwrap_or_default(),
                stage: setup
                    .and_then(|s| s.stages.get(stage))
                    .map(|s| s.title.clone())
                    .unwrap_or_default(),
                deadline: setup
                    .and_then(|s| s.stages.get(stage))
                    .map(|s| berlin(s.review_deadline, c.lang))
                    .unwrap_or_default(),
                reviewed,
                total: assignments.len(),
                assignments,
            });
        }
        panels
    };
    page_with_status(StatusCode::OK, &JuryPage { c, panels })
}
