//! `POST /api/v1/applications/{id}/formal-check`: a step of the formal check of a submitted
//! application (ticking the checklist, a deficiency request, closing the check), the same
//! commands with the same refusals as the staff's check page, on the application's revision
//! named in `If-Match`.

use actix_web::web::{Data, Json, Path};
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::problem::{ApiError, Problem};
use super::{etag_response, if_match, snake};
use crate::app::{ExecuteError, stream_of};
use crate::domain::account::{Role, Scope};
use crate::domain::application::{Application, ApplicationCommand, Status};
use crate::domain::formal_check::{CheckState, Correctable, due_after};
use crate::domain::ids::ApplicationId;
use crate::texts::{self, refusals};
use crate::web::staff::formal_check_page::{checklist, stage_form};
use crate::web::state::AppState;

/// One step of the check.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum FormalCheckIn {
    /// The checklist's points, in the competition's order: met or not. Every point is given;
    /// one left out is not met.
    Tick { met: Vec<bool> },
    /// A deficiency request (Nachforderung): what is missing, in the keys of the check page
    /// (`angaben`, `abschnitt:KEY`, `dokument:KEY`, `anlagen`, `partner`, `laufzeit`,
    /// `plan:k`, `plan:N`, `zusagen`), why, and the last day to answer (Berlin time).
    RequestCorrections {
        parts: Vec<String>,
        text: String,
        last_day: NaiveDate,
    },
    /// Closes the check: every point met.
    Complete,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FormalCheckOut {
    /// `unchecked`, `in_check`, `deficient`, `lapsed`, `corrected`, `complete` or `rejected`.
    pub state: String,
    /// The stage (from 0) the check is of.
    pub stage: usize,
    /// The checklist's points, in the competition's order: met or not (`null`: not ticked).
    pub ticks: Vec<Option<bool>>,
    /// The application's revision: what `If-Match` names for the next step.
    pub revision: u64,
}

pub fn check_out(
    application: &Application,
    points: usize,
    revision: u64,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<FormalCheckOut> {
    let stage = match application.status {
        Status::Submitted { stage } | Status::FormallyRejected { stage } => stage,
        _ => return None,
    };
    let state = CheckState::of(application, stage, now)?;
    let check = application.formal_checks.get(&stage);
    Some(FormalCheckOut {
        state: snake(&format!("{state:?}")),
        stage,
        ticks: (0..points)
            .map(|i| check.and_then(|c| c.ticks.get(&i).copied()))
            .collect(),
        revision,
    })
}

/// A step of the formal check, as the staff's check page takes it.
#[utoipa::path(
    post,
    path = "/api/v1/applications/{id}/formal-check",
    tag = "formal check",
    params(
        ("id" = uuid::Uuid, Path, description = "The application's id"),
        ("If-Match" = String, Header, description = "The application's revision (`ETag`) the step was decided on, or `*`"),
    ),
    request_body = FormalCheckIn,
    responses(
        (status = 200, description = "Recorded; the application's new revision is the `ETag`", body = FormalCheckOut,
            headers(("ETag" = String, description = "The application's new revision, quoted"),
                    ("Wettbewerb-Position" = u64, description = "The log position the step reached"))),
        (status = 400, description = "A body that is not a step", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a staff token with `decide`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application, or not submitted", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The application changed since the revision named", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused by the programme's rules", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = ["decide"]))
)]
pub async fn post(
    caller: Caller,
    state: Data<AppState>,
    req: HttpRequest,
    id: Path<String>,
    body: Json<FormalCheckIn>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Decide)?;
    if caller.role != Role::Staff {
        return Err(ApiError::Forbidden(None));
    }
    let id = ApplicationId::parse(&id).ok_or(ApiError::NotFound)?;
    let now = state.clock.now();
    let (progress, form, points) = {
        let views = state.models.read();
        let application = &views.applications.get(&id).ok_or(ApiError::NotFound)?.state;
        let stage = match application.status {
            Status::Submitted { stage } | Status::FormallyRejected { stage } => stage,
            _ => return Err(ApiError::NotFound),
        };
        let competition = application
            .competition_id
            .and_then(|k| views.competitions.get(&k))
            .ok_or(ApiError::NotFound)?;
        (
            competition.state.progress(),
            stage_form(&competition.state, stage),
            checklist(&competition.state).len(),
        )
    };
    let seen = if_match(&req)?;
    let command = match body.into_inner() {
        FormalCheckIn::Tick { met } => ApplicationCommand::TickChecklist {
            ticks: (0..points)
                .map(|i| (i, met.get(i).copied().unwrap_or(false)))
                .collect(),
            checklist: points,
            competition: progress,
            now,
        },
        FormalCheckIn::RequestCorrections {
            parts,
            text,
            last_day,
        } => ApplicationCommand::RequestCorrections {
            items: parts
                .iter()
                .map(|key| {
                    Correctable::parse(key).unwrap_or_else(|| Correctable::Section(key.to_owned()))
                })
                .collect(),
            text: text.replace("\r\n", "\n").trim().to_owned(),
            due: due_after(last_day)
                .ok_or_else(|| ApiError::BadRequest(texts::api::bad_field("last_day")))?,
            form,
            competition: progress,
            now,
        },
        FormalCheckIn::Complete => ApplicationCommand::CompleteFormalCheck {
            checklist: points,
            competition: progress,
            now,
        },
    };
    let stream = stream_of::<Application>(&id);
    let actor = caller.actor();
    let executed = match seen {
        Some(seen) => {
            state
                .execute_at::<Application>(&stream, Some(seen), &actor, command)
                .await
        }
        None => {
            state
                .execute_retrying::<Application>(&stream, &actor, command)
                .await
        }
    };
    let executed = match executed {
        Ok(executed) => executed,
        Err(ExecuteError::Conflict { .. }) => {
            let current = state
                .models
                .read()
                .applications
                .get(&id)
                .map_or(0, |v| v.revision);
            return Err(ApiError::revision_out_of_date(seen, current));
        }
        Err(other) => return Err(ApiError::from_execute(other, refusals::application)),
    };
    let revision = executed.revision.unwrap_or_default();
    let body = check_out(&executed.state, points, revision, now)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("the application has no check")))?;
    Ok(etag_response(revision, &body))
}
