//! `/jury`: per competition and stage (the current one first, then the stages before it, whose
//! work stays listed), the applications assigned to the logged-in juror with the state of the
//! juror's review, their own weighted score, a marker for a saved draft, how many are reviewed
//! and the stage's review deadline. `?sortierung=titel|stand|punkte` orders the tables.

use actix_web::web::{Data, Query};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;
use serde::Deserialize;

use crate::domain::account::Role;
use crate::domain::own_score::own_score;
use crate::domain::review::ReviewKey;
use crate::domain::setup::Hundredths;
use crate::texts::{self, labels};
use crate::time_display::berlin;
use crate::web::chrome::Chrome;
use crate::web::error::{WebError, page_with_status};
use crate::web::policy;
use crate::web::state::AppState;

/// How the tables are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    #[default]
    Title,
    /// What is still to do first: conflict check, open, draft, reopened, submitted.
    State,
    /// The juror's own weighted score, highest first; unscored last.
    Score,
}

impl Order {
    fn parse(text: Option<&str>) -> Self {
        match text {
            Some("stand") => Self::State,
            Some("punkte") => Self::Score,
            _ => Self::Title,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct DashboardQuery {
    pub sortierung: Option<String>,
}

/// Where the juror's review of one application stands, in the order of `Order::State`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Progress {
    CheckConflicts,
    Open,
    Draft,
    Reopened,
    Submitted,
}

pub struct Assignment {
    /// The application's page; only in the current stage, whose pages the juror may open.
    pub href: Option<String>,
    pub title: String,
    pub state: String,
    pub score: String,
    pub draft: bool,
    progress: Progress,
    weighted: Option<Hundredths>,
    documents: usize,
}

pub struct StagePanel {
    pub stage: String,
    pub current: bool,
    pub deadline: String,
    pub reviewed: usize,
    pub total: usize,
    /// Assigned applications of the current stage still without a conflict declaration.
    pub unchecked: usize,
    /// Documents of the assigned applications the juror may read (conflict cleared), which the
    /// ZIP of the stage holds.
    pub cleared_documents: usize,
    pub assignments: Vec<Assignment>,
}

pub struct Panel {
    pub competition: String,
    /// `/jury/{competition}`, the base of the competition's juror routes.
    pub base: String,
    pub stages: Vec<StagePanel>,
}

#[derive(Template)]
#[template(path = "jury/dashboard.html")]
struct JuryPage {
    c: Chrome,
    order: Order,
    panels: Vec<Panel>,
}

impl JuryPage {
    /// The `aria-sort` of a column header: only on the column the tables are ordered by.
    fn sorted(&self, column: &str) -> &'static str {
        let by = match self.order {
            Order::Title => "titel",
            Order::State => "stand",
            Order::Score => "punkte",
        };
        match (column == by, self.order) {
            (false, _) => "",
            (true, Order::Score) => r#" aria-sort="descending""#,
            (true, _) => r#" aria-sort="ascending""#,
        }
    }
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    query: Query<DashboardQuery>,
) -> Result<HttpResponse, WebError> {
    let user = policy::role(&c, Role::Juror)?.clone();
    let order = Order::parse(query.sortierung.as_deref());
    let panels = {
        let views = state.models.read();
        let mut panels = Vec::new();
        for (competition_id, jury) in views.juries.iter() {
            let Some(juror) = jury.seat_of(&user.email) else {
                continue;
            };
            let Some(competition) = views.competitions.get(competition_id) else {
                continue;
            };
            let Some(setup) = competition.state.setup.as_ref() else {
                continue;
            };
            let current = competition.state.stage;
            let mut stages = Vec::new();
            // The current stage first, then each earlier stage the juror worked on.
            for (index, stage) in setup.stages.iter().enumerate().take(current + 1).rev() {
                let is_current = index == current;
                let mut assignments = Vec::new();
                for application in jury.assigned_to(index, juror) {
                    if jury.is_conflicted(juror, application) {
                        continue;
                    }
                    let key = ReviewKey {
                        application,
                        stage: index,
                        juror,
                    };
                    let review = views.juries.reviews.get(&key);
                    let confirmed = jury.confirmed.contains(&(juror, application));
                    let progress = match review {
                        Some(r) if !r.awaits_juror() => Progress::Submitted,
                        Some(r) if r.reopened_at.is_some() => Progress::Reopened,
                        Some(_) => Progress::Draft,
                        None if !confirmed => Progress::CheckConflicts,
                        None => Progress::Open,
                    };
                    let own = review.map(|r| own_score(r, &stage.criteria));
                    let weighted = own.and_then(|o| o.weighted);
                    let state_of = views.applications.get(&application).map(|a| &a.state);
                    assignments.push(Assignment {
                        href: is_current
                            .then(|| format!("/jury/{competition_id}/antraege/{application}")),
                        title: state_of.map(|a| a.title.clone()).unwrap_or_default(),
                        documents: state_of.map_or(0, |a| a.documents.len()),
                        state: label(&c, progress),
                        score: weighted
                            .map(|w| labels::points(w, c.lang))
                            .unwrap_or_default(),
                        draft: own.is_some_and(|o| o.draft),
                        progress,
                        weighted,
                    });
                }
                if assignments.is_empty() && !is_current {
                    continue;
                }
                sort(&mut assignments, order);
                let unchecked = assignments
                    .iter()
                    .filter(|a| a.progress == Progress::CheckConflicts)
                    .count();
                stages.push(StagePanel {
                    stage: stage.title.clone(),
                    current: is_current,
                    deadline: berlin(stage.review_deadline, c.lang),
                    reviewed: assignments
                        .iter()
                        .filter(|a| a.progress == Progress::Submitted)
                        .count(),
                    total: assignments.len(),
                    unchecked: if is_current { unchecked } else { 0 },
                    cleared_documents: if is_current {
                        assignments
                            .iter()
                            .filter(|a| a.progress != Progress::CheckConflicts)
                            .map(|a| a.documents)
                            .sum()
                    } else {
                        0
                    },
                    assignments,
                });
            }
            panels.push(Panel {
                competition: setup.name.clone(),
                base: format!("/jury/{competition_id}"),
                stages,
            });
        }
        panels
    };
    page_with_status(StatusCode::OK, &JuryPage { c, order, panels })
}

fn label(c: &Chrome, progress: Progress) -> String {
    match progress {
        Progress::Submitted => c.text(texts::jury::PROGRESS_SUBMITTED).to_owned(),
        Progress::Reopened => c.text(texts::jury::PROGRESS_REOPENED).to_owned(),
        Progress::Draft => c.text(texts::jury::PROGRESS_DRAFT_SAVED).to_owned(),
        Progress::CheckConflicts => c.text(texts::jury::PROGRESS_CHECK_CONFLICTS).to_owned(),
        Progress::Open => c.text(texts::jury::PROGRESS_OPEN).to_owned(),
    }
}

fn sort(assignments: &mut [Assignment], order: Order) {
    assignments.sort_by(|a, b| {
        let by_title = a.title.cmp(&b.title);
        match order {
            Order::Title => by_title,
            Order::State => a.progress.cmp(&b.progress).then(by_title),
            // Highest first; `None` sorts below every score when reversed.
            Order::Score => b.weighted.cmp(&a.weighted).then(by_title),
        }
    });
}
