//! `/wettbewerbe/{id}/ergebnisse`: the public results of a competition, as ministries publish
//! them: per released stage the consortia shortlisted (an earlier stage) or selected for funding
//! (the last stage), with title, coordinating organisation, Land and the amount awarded. Before
//! a stage's release nothing of it is shown, and never anything about consortia not selected,
//! scores, jurors or people. Read from the read models alone.

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::chrome::Chrome;
use super::competitions::is_public;
use super::error::{WebError, page_with_status};
use super::state::AppState;
use crate::domain::competition::{Competition, Outcome};
use crate::domain::money::Cents;
use crate::projections::Views;
use crate::texts::labels;
use crate::time_display::berlin;

pub struct Selected {
    pub title: String,
    pub organisation: String,
    pub land: String,
    /// The amount awarded; empty for a shortlist.
    pub amount: String,
}

pub struct ReleasedStage {
    pub title: String,
    pub released: String,
    /// Selected for funding (the last stage), or shortlisted for the next.
    pub funding: bool,
    pub selected: Vec<Selected>,
    /// The sum awarded in the stage; empty for a shortlist.
    pub total: String,
}

#[derive(Template)]
#[template(path = "competitions/results.html")]
struct ResultsPage {
    c: Chrome,
    id: String,
    name: String,
    stages: Vec<ReleasedStage>,
}

/// Whether any stage's results are out: the public page links to them then.
pub fn any_released(competition: &Competition) -> bool {
    !competition.released_at.is_empty()
}

/// The released stages, each with whom it selected, by Land and then title.
pub fn released_stages(c: &Chrome, views: &Views, competition: &Competition) -> Vec<ReleasedStage> {
    let Some(setup) = competition.setup.as_ref() else {
        return Vec::new();
    };
    competition
        .released_at
        .iter()
        .map(|(&stage, &at)| {
            let funding = stage + 1 == setup.stages.len();
            let mut total = Cents::ZERO;
            let mut selected: Vec<(String, Selected)> = competition
                .decisions_in(stage)
                .filter(|(id, _)| !competition.declined.contains_key(id))
                .filter_map(|(id, outcome)| {
                    let amount = match outcome {
                        Outcome::Funded { amount } => Some(amount),
                        Outcome::Shortlisted => None,
                        _ => return None,
                    };
                    let application = &views.applications.get(&id)?.state;
                    let coordinator = application.coordinator.as_ref();
                    total = total + amount.unwrap_or(Cents::ZERO);
                    let land = coordinator
                        .map(|p| p.land.name().to_owned())
                        .unwrap_or_default();
                    Some((
                        land.clone(),
                        Selected {
                            title: application.title.clone(),
                            organisation: coordinator.map(|p| p.name.clone()).unwrap_or_default(),
                            land,
                            amount: amount.map(|a| labels::money(a, c.lang)).unwrap_or_default(),
                        },
                    ))
                })
                .collect();
            selected.sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.title.cmp(&y.title)));
            ReleasedStage {
                title: setup
                    .stages
                    .get(stage)
                    .map(|s| s.title.clone())
                    .unwrap_or_default(),
                released: berlin(at, c.lang),
                funding,
                selected: selected.into_iter().map(|(_, s)| s).collect(),
                total: if funding {
                    labels::money(total, c.lang)
                } else {
                    String::new()
                },
            }
        })
        .collect()
}

pub async fn get(
    c: Chrome,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = crate::domain::ids::CompetitionId::parse(&id).ok_or(WebError::NotFound)?;
    let page = {
        let views = state.models.read();
        let competition = views
            .competitions
            .get(&id)
            .map(|v| &v.state)
            .filter(|k| is_public(k))
            .ok_or(WebError::NotFound)?;
        let name = competition
            .setup
            .as_ref()
            .map(|s| s.name.clone())
            .ok_or(WebError::NotFound)?;
        ResultsPage {
            id: id.to_string(),
            name,
            stages: released_stages(&c, &views, competition),
            c,
        }
    };
    page_with_status(StatusCode::OK, &page)
}
