//! `GET /api/v1/outbox`: the outbox's state for staff monitoring: how far it has read the log,
//! and how many messages wait, went out, failed or were dropped with an erasure.

use actix_web::HttpResponse;
use actix_web::web::Data;
use serde::Serialize;
use utoipa::ToSchema;

use super::caller::Caller;
use super::problem::{ApiError, Problem};
use crate::domain::account::Role;
use crate::email::outbox::Delivery;
use crate::web::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxOut {
    /// Events of the log the outbox has read into messages.
    pub read: u64,
    /// Events in the log.
    pub logged: u64,
    pub pending: usize,
    pub sent: usize,
    /// Given up after every retry; staff can send them again on the outbox page.
    pub failed: usize,
    /// Not sent because their recipient's data was erased first.
    pub erased: usize,
}

/// The outbox's state.
#[utoipa::path(
    get,
    path = "/api/v1/outbox",
    tag = "outbox",
    responses(
        (status = 200, description = "The outbox's state", body = OutboxOut),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a staff token that reads", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = ["read"]))
)]
pub async fn get(caller: Caller, state: Data<AppState>) -> Result<HttpResponse, ApiError> {
    caller.reads_as(Role::Staff)?;
    let outbox = state.outbox.clone();
    let (read, entries) = actix_web::web::block(move || {
        Ok::<_, crate::event_store::StoreError>((outbox.checkpoint()?, outbox.entries()?))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    let count = |d: Delivery| entries.iter().filter(|e| e.delivery == d).count();
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(OutboxOut {
            read,
            logged: state.store.committed_count(),
            pending: count(Delivery::Pending),
            sent: count(Delivery::Sent),
            failed: count(Delivery::Failed),
            erased: count(Delivery::Erased),
        }))
}
