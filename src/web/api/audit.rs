//! `GET /api/v1/applications/{id}/audit`: the application's audit trail for staff: every event
//! of its stream, oldest first, with who caused it.

use actix_web::HttpResponse;
use actix_web::web::{Data, Path};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::problem::{ApiError, Problem};
use crate::domain::account::Role;
use crate::domain::ids::ApplicationId;
use crate::projections::timeline;
use crate::web::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryOut {
    /// The event's `$all` position.
    pub position: u64,
    /// The event's type, e.g. `ApplicationSubmitted`.
    pub event: String,
    /// When it happened by the service's clock.
    pub at: DateTime<Utc>,
    /// When the log recorded it.
    pub recorded_at: DateTime<Utc>,
    /// The account id that caused it, or `system`.
    pub actor: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditOut {
    pub application_id: Uuid,
    pub entries: Vec<AuditEntryOut>,
}

/// The application's audit trail, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/applications/{id}/audit",
    tag = "applications",
    params(("id" = Uuid, Path, description = "The application's id")),
    responses(
        (status = 200, description = "The audit trail", body = AuditOut),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a staff token that reads", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = ["read"]))
)]
pub async fn get(
    caller: Caller,
    state: Data<AppState>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.reads_as(Role::Staff)?;
    let id = ApplicationId::parse(&id).ok_or(ApiError::NotFound)?;
    let known = state
        .models
        .read()
        .applications
        .get(&id)
        .is_some_and(|view| view.state.id.is_some());
    if !known {
        return Err(ApiError::NotFound);
    }
    let store = state.store.clone();
    let entries = actix_web::web::block(move || timeline(&store, id))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(AuditOut {
        application_id: id.as_uuid(),
        entries: entries
            .into_iter()
            .map(|entry| AuditEntryOut {
                position: entry.position.0,
                event: entry.event_type,
                at: entry.occurred,
                recorded_at: entry.at,
                actor: entry.actor,
            })
            .collect(),
    }))
}
