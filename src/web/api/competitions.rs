//! `/api/v1/competitions`: the competitions with their set-up, phase and stages. Published ones
//! for every token that reads; staff see drafts too, as on the pages.

use std::collections::BTreeMap;

use actix_web::HttpResponse;
use actix_web::web::{Data, Path, Query};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::paging::{ListQuery, Page};
use super::problem::{ApiError, Problem};
use super::{etag_response, snake};
use crate::domain::account::{Role, Scope};
use crate::domain::competition::Competition;
use crate::domain::ids::CompetitionId;
use crate::domain::setup::Stage;
use crate::projections::CompetitionView;
use crate::web::competitions::is_public;
use crate::web::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct CompetitionOut {
    pub id: Uuid,
    pub name: String,
    pub programme: String,
    pub description: String,
    /// `drafted`, `published`, `stage_open`, `stage_closed`, `in_review`, `results_decided`,
    /// `results_released` or `completed`.
    pub phase: String,
    /// The index (from 0) of the stage the competition is in.
    pub current_stage: usize,
    /// The current stage's deadline for submissions, with every extension.
    pub deadline: Option<DateTime<Utc>>,
    /// The round's budget in euro cents.
    pub budget_cents: i64,
    /// The budget per budget year in euro cents, by year.
    pub budget_per_year_cents: BTreeMap<String, i64>,
    pub stages: Vec<StageOut>,
    /// The stream's revision: the `ETag`, and what `If-Match` names for a decision.
    pub revision: u64,
    /// The `$all` position of the competition's last change.
    pub position: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StageOut {
    pub index: usize,
    /// `concept` or `full_proposal`.
    pub kind: String,
    pub title: String,
    pub submission_deadline: DateTime<Utc>,
    pub review_deadline: DateTime<Utc>,
    /// The shortlist's size, or in the last stage the number of winners.
    pub advancing: u32,
    pub criteria: Vec<CriterionOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionOut {
    pub name: String,
    pub weight: u32,
    pub scale_min: u8,
    pub scale_max: u8,
    pub pass_mark: Option<u8>,
}

/// A page of competitions.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompetitionPage {
    pub items: Vec<CompetitionOut>,
    /// Pass as `after` for the next page, or later for what changed since.
    pub next: u64,
    /// Whether more changes follow `next` now.
    pub more: bool,
}

fn stage_out(index: usize, stage: &Stage) -> StageOut {
    StageOut {
        index,
        kind: snake(&format!("{:?}", stage.kind)),
        title: stage.title.clone(),
        submission_deadline: stage.submission_deadline,
        review_deadline: stage.review_deadline,
        advancing: stage.advancing,
        criteria: stage
            .criteria
            .iter()
            .map(|c| CriterionOut {
                name: c.name.clone(),
                weight: c.weight,
                scale_min: c.scale_min,
                scale_max: c.scale_max,
                pass_mark: c.pass_mark,
            })
            .collect(),
    }
}

pub fn competition_out(id: CompetitionId, view: &CompetitionView) -> Option<CompetitionOut> {
    let competition = &view.state;
    let setup = competition.setup.as_ref()?;
    Some(CompetitionOut {
        id: id.as_uuid(),
        name: setup.name.clone(),
        programme: setup.programme.clone(),
        description: setup.description.clone(),
        phase: snake(&format!("{:?}", competition.phase)),
        current_stage: competition.stage,
        deadline: competition.deadline,
        budget_cents: setup.budget.get(),
        budget_per_year_cents: setup
            .budget_per_year
            .iter()
            .map(|(year, cents)| (year.to_string(), cents.get()))
            .collect(),
        stages: setup
            .stages
            .iter()
            .enumerate()
            .map(|(index, stage)| stage_out(index, stage))
            .collect(),
        revision: view.revision,
        position: view.position,
    })
}

/// Whether the caller may see the competition: published, or the caller is staff.
pub fn visible(caller: &Caller, competition: &Competition) -> bool {
    is_public(competition) || caller.role == Role::Staff
}

/// The competitions the token's account may see, by their last change.
#[utoipa::path(
    get,
    path = "/api/v1/competitions",
    tag = "competitions",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of competitions", body = CompetitionPage),
        (status = 400, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = ["read"]))
)]
pub async fn list(
    caller: Caller,
    state: Data<AppState>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Read)?;
    let query = query.into_inner().checked()?;
    let views = state.models.read();
    let mut shown: Vec<(CompetitionId, &CompetitionView)> = views
        .competitions
        .iter()
        .filter(|(_, view)| view.position >= query.from && visible(&caller, &view.state))
        .map(|(id, view)| (*id, view))
        .collect();
    shown.sort_by_key(|(_, view)| view.position);
    let page = Page::of(shown, query, |(_, view)| view.position);
    let body = CompetitionPage {
        next: page.next,
        more: page.more,
        items: page
            .items
            .into_iter()
            .filter_map(|(id, view)| competition_out(id, view))
            .collect(),
    };
    Ok(HttpResponse::Ok().json(body))
}

/// One competition; its `ETag` is the stream's revision.
#[utoipa::path(
    get,
    path = "/api/v1/competitions/{id}",
    tag = "competitions",
    params(("id" = Uuid, Path, description = "The competition's id")),
    responses(
        (status = 200, description = "The competition", body = CompetitionOut,
            headers(("ETag" = String, description = "The stream's revision, quoted"))),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such competition, or not visible to the token's account", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = ["read"]))
)]
pub async fn show(
    caller: Caller,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Read)?;
    let id = CompetitionId::parse(&id).ok_or(ApiError::NotFound)?;
    let views = state.models.read();
    let view = views
        .competitions
        .get(&id)
        .filter(|view| visible(&caller, &view.state))
        .ok_or(ApiError::NotFound)?;
    let body = competition_out(id, view).ok_or(ApiError::NotFound)?;
    Ok(etag_response(view.revision, &body))
}
