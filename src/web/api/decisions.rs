//! `/api/v1/competitions/{id}/decisions`: the staff's decisions and awards in a competition,
//! and recording one with the same rules and refusals as the ranking page. A decision is part
//! of the competition's stream, so `If-Match` names the competition's revision (its `ETag`);
//! the answer carries the new one for the next decision.

use std::collections::BTreeMap;

use actix_web::web::{Data, Json, Path};
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::problem::{ApiError, Problem};
use super::{etag_response, if_match, snake};
use crate::app::{ExecuteError, stream_of};
use crate::domain::account::{Role, Scope};
use crate::domain::budget::PerYear;
use crate::domain::competition::{Competition, Outcome};
use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::domain::money::Cents;
use crate::texts::{self, refusals};
use crate::usecases::award_decision::{self, Step};
use crate::web::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionOut {
    pub application_id: Uuid,
    /// The stage (from 0) the decision is for.
    pub stage: usize,
    /// `shortlisted`, `not_shortlisted`, `funded`, `not_funded` or `reserve`.
    pub outcome: String,
    /// For an award: the amount in euro cents.
    pub amount_cents: Option<i64>,
    /// For an award with years: the amount per budget year in euro cents.
    pub years_cents: BTreeMap<String, i64>,
    /// For the reserve list: the place, 1 first.
    pub reserve_place: Option<u32>,
    /// Why the decision departs from the jury's recommendation, where it does.
    pub departure_reason: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Whether the consortium gave the award up.
    pub declined: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionsOut {
    pub competition_id: Uuid,
    /// The stages (from 0) whose results were released, with when.
    pub released: BTreeMap<String, DateTime<Utc>>,
    pub items: Vec<DecisionOut>,
    /// The competition's revision: what `If-Match` names for the next decision.
    pub revision: u64,
}

/// A decision as an integration sends it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionIn {
    /// `shortlisted`, `not_shortlisted`, `funded`, `not_funded`, `reserve`, or `move_up` (the
    /// first waiting on the reserve list moves up into an award given up).
    pub outcome: String,
    /// For `funded`: the award in euro cents; without it, the sum of `years_cents`.
    pub amount_cents: Option<i64>,
    /// For `funded`: the award per budget year in euro cents; without it, as the plan requests.
    pub years_cents: Option<BTreeMap<String, i64>>,
    /// For `reserve`: the place on the reserve list, from 1.
    pub reserve_place: Option<u32>,
    /// Why the decision departs from the jury's recommendation, where it does (then needed).
    #[serde(default)]
    pub reason: String,
}

fn decision_out(
    competition: &Competition,
    (stage, id): (usize, ApplicationId),
    outcome: &Outcome,
) -> DecisionOut {
    let key = (stage, id);
    let (amount, place) = match outcome {
        Outcome::Funded { amount } => (Some(amount.get()), None),
        Outcome::Reserve { rank } => (None, Some(*rank)),
        _ => (None, None),
    };
    let name = format!("{outcome:?}");
    DecisionOut {
        application_id: id.as_uuid(),
        stage,
        outcome: snake(name.split(' ').next().unwrap_or_default()),
        amount_cents: amount,
        years_cents: competition
            .award_years
            .get(&key)
            .map(|years| {
                years
                    .iter()
                    .map(|(year, cents)| (year.to_string(), cents.get()))
                    .collect()
            })
            .unwrap_or_default(),
        reserve_place: place,
        departure_reason: competition.departure_reasons.get(&key).cloned(),
        decided_at: competition.decided_at.get(&key).copied(),
        declined: competition.declined.contains_key(&id),
    }
}

/// Every decision recorded in the competition, by stage and application.
#[utoipa::path(
    get,
    path = "/api/v1/competitions/{id}/decisions",
    tag = "decisions",
    params(("id" = Uuid, Path, description = "The competition's id")),
    responses(
        (status = 200, description = "The decisions", body = DecisionsOut,
            headers(("ETag" = String, description = "The competition's revision, quoted"))),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a staff token that reads", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such competition", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = ["read"]))
)]
pub async fn list(
    caller: Caller,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.reads_as(Role::Staff)?;
    let id = CompetitionId::parse(&id).ok_or(ApiError::NotFound)?;
    let views = state.models.read();
    let view = views.competitions.get(&id).ok_or(ApiError::NotFound)?;
    let competition = &view.state;
    let body = DecisionsOut {
        competition_id: id.as_uuid(),
        released: competition
            .released_at
            .iter()
            .map(|(stage, at)| (stage.to_string(), *at))
            .collect(),
        items: competition
            .decisions
            .iter()
            .map(|(key, outcome)| decision_out(competition, *key, outcome))
            .collect(),
        revision: view.revision,
    };
    Ok(etag_response(view.revision, &body))
}

/// What the body asks for, or why it cannot be read.
fn step_of(body: &DecisionIn) -> Result<Step, ApiError> {
    let bad = |name: &str| ApiError::BadRequest(texts::api::bad_field(name));
    Ok(match body.outcome.as_str() {
        "shortlisted" => Step::Decide(Outcome::Shortlisted),
        "not_shortlisted" => Step::Decide(Outcome::NotShortlisted),
        "not_funded" => Step::Decide(Outcome::NotFunded),
        "reserve" => Step::Decide(Outcome::Reserve {
            rank: body
                .reserve_place
                .filter(|place| *place >= 1)
                .ok_or_else(|| bad("reserve_place"))?,
        }),
        "move_up" => Step::MoveUp,
        "funded" => {
            let years: Option<PerYear> = match &body.years_cents {
                None => None,
                Some(years) => Some(
                    years
                        .iter()
                        .map(|(year, cents)| {
                            let year = year
                                .trim()
                                .parse::<i32>()
                                .ok()
                                .filter(|y| crate::domain::budget::YEARS.contains(y));
                            match (year, *cents >= 0) {
                                (Some(year), true) => Ok((year, Cents::new(*cents))),
                                _ => Err(bad("years_cents")),
                            }
                        })
                        .collect::<Result<_, _>>()?,
                ),
            };
            let amount = match (body.amount_cents, &years) {
                (Some(cents), _) if cents >= 0 => Cents::new(cents),
                (None, Some(years)) => years.values().copied().sum(),
                _ => return Err(bad("amount_cents")),
            };
            Step::Award { amount, years }
        }
        _ => return Err(bad("outcome")),
    })
}

/// Records the staff's decision on an application, as the ranking page does: refused with the
/// same reasons (outside the budget, not in review, a departure without its reason, …).
#[utoipa::path(
    put,
    path = "/api/v1/competitions/{id}/decisions/{application}",
    tag = "decisions",
    params(
        ("id" = Uuid, Path, description = "The competition's id"),
        ("application" = Uuid, Path, description = "The application's id"),
        ("If-Match" = String, Header, description = "The competition's revision (`ETag`) the decision was made on, or `*`"),
    ),
    request_body = DecisionIn,
    responses(
        (status = 200, description = "Recorded; the competition's new revision is the `ETag`", body = DecisionOut,
            headers(("ETag" = String, description = "The competition's new revision, quoted"),
                    ("Wettbewerb-Position" = u64, description = "The log position the decision reached"))),
        (status = 400, description = "A body that is not a decision", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a staff token with `decide`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such competition, or the application is not one of it", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The competition changed since the revision named", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused by the programme's rules", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = ["decide"]))
)]
pub async fn put(
    caller: Caller,
    state: Data<AppState>,
    req: HttpRequest,
    path: Path<(String, String)>,
    body: Json<DecisionIn>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Decide)?;
    if caller.role != Role::Staff {
        return Err(ApiError::Forbidden(None));
    }
    let id = CompetitionId::parse(&path.0).ok_or(ApiError::NotFound)?;
    let application = ApplicationId::parse(&path.1).ok_or(ApiError::NotFound)?;
    let current = {
        let views = state.models.read();
        let view = views.competitions.get(&id).ok_or(ApiError::NotFound)?;
        let belongs = views
            .applications
            .get(&application)
            .is_some_and(|v| v.state.competition_id == Some(id));
        if !belongs {
            return Err(ApiError::NotFound);
        }
        view.revision
    };
    let seen = if_match(&req)?;
    let step = step_of(&body)?;
    let actor = caller.actor();
    let decided = award_decision::decide_at(
        state.usecases(),
        &actor,
        id,
        application,
        step,
        &body.reason,
        seen,
        state.clock.now(),
    );
    let stream = stream_of::<Competition>(&id);
    let executed = match state.settled(&stream, decided.await).await {
        Ok(executed) => executed,
        Err(ExecuteError::Conflict { .. }) => {
            let now = state
                .models
                .read()
                .competitions
                .get(&id)
                .map_or(current, |v| v.revision);
            return Err(ApiError::revision_out_of_date(seen, now));
        }
        Err(other) => return Err(ApiError::from_execute(other, refusals::competition)),
    };
    let competition = &executed.state;
    let key = (competition.stage, application);
    let outcome = competition
        .decisions
        .get(&key)
        .copied()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("the decision is not recorded")))?;
    let body = decision_out(competition, key, &outcome);
    Ok(etag_response(executed.revision.unwrap_or(current), &body))
}
