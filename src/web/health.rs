//! `/health`: 200 while the event store is open and accepting appends, 503 otherwise.

use actix_web::{HttpResponse, web::Data};
use serde_json::json;

use crate::event_store::EventStore;

pub async fn get(store: Data<EventStore>) -> HttpResponse {
    let body = json!({
        "status": if store.is_healthy() { "ok" } else { "failing" },
        "events": store.committed_count(),
    });
    if store.is_healthy() {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
