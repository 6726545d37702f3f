//! `/jury`: the applications assigned to the logged-in juror, by competition, with the review
//! deadline. A juror is recognised by the e-mail address staff appointed them with.

use actix_web::web::Data;
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::chrome::Chrome;
use super::error::{WebError, page_with_status};
use super::policy;
use super::state::AppState;
use crate::domain::account::Role;
use crate::time_display::berlin;

pub struct Assignment {
    pub competition: String,
    pub title: String,
    pub deadline: String,
}

#[derive(Template)]
#[template(path = "jury/dashboard.html")]
struct JuryPage {
    c: Chrome,
    assignments: Vec<Assignment>,
}

pub async fn get(c: Chrome, state: Data<AppState>) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Juror)?.clone();
    let assignments = {
        let views = state.models.read();
        let mut assignments = Vec::new();
        for (competition_id, jury) in &views.juries {
            let Some(competition) = views.competitions.get(competition_id) else {
                continue;
            };
            let stage = competition.state.stage;
            let setup = competition.state.setup.as_ref();
            let mine = jury
                .jurors
                .iter()
                .filter(|(_, j)| j.email.eq_ignore_ascii_case(user.email.as_str()));
            for (juror_id, _) in mine {
                for application in jury.assigned_to(stage, *juror_id) {
                    if jury.is_conflicted(*juror_id, application) {
                        continue;
                    }
                    assignments.push(Assignment {
                        competition: setup.map(|s| s.name.clone()).unwrap_or_default(),
                        title: views
                            .applications
                            .get(&application)
                            .map(|a| a.state.title.clone())
                            .unwrap_or_default(),
                        deadline: setup
                            .and_then(|s| s.stages.get(stage))
                            .map(|s| berlin(s.review_deadline))
                            .unwrap_or_default(),
                    });
                }
            }
        }
        assignments
    };
    page_with_status(StatusCode::OK, &JuryPage { c, assignments })
}
