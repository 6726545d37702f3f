//! With several instances behind a load balancer, the page after a form may come from another
//! instance than the one that took the form. The session carries the log position the form's
//! instance had shown its read models (`at`); any instance waits until its own read models have
//! reached it before it answers, so a person always sees what they have just done. With one
//! instance on the embedded store, the form's own wait is enough and nothing is added.

use std::time::Duration;

use actix_session::SessionExt;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Data;

use crate::event_store::Position;
use crate::web::state::AppState;

const KEY: &str = "at";
/// The API's header of the log position a write reached, and a read waits for.
pub const POSITION_HEADER: &str = "wettbewerb-position";
/// Longest a page waits for its instance's replica; then it answers with what it has.
const MOST: Duration = Duration::from_secs(5);

pub async fn middleware(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let Some(state) = request
        .app_data::<Data<AppState>>()
        .filter(|state| state.store.follows_upstream())
        .cloned()
    else {
        return next.call(request).await;
    };
    if request.path().starts_with(crate::web::api::PREFIX) {
        return api(state, request, next).await;
    }
    let session = request.get_session();
    if let Ok(Some(at)) = session.get::<u64>(KEY)
        && state.models.applied().is_none_or(|applied| applied.0 < at)
    {
        let _ = tokio::time::timeout(MOST, state.models.caught_up_to(Position(at))).await;
    }
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let response = next.call(request).await?;
    if writes
        && let Some(applied) = state.models.applied()
        && session.get::<u64>(KEY).ok().flatten() != Some(applied.0)
    {
        let _ = session.insert(KEY, applied.0);
    }
    Ok(response)
}

/// The API carries no session: a program sends the position a write answered with (the
/// header [`POSITION_HEADER`]) with its next request, to any instance.
async fn api<B: MessageBody>(
    state: Data<AppState>,
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let asked = request
        .headers()
        .get(POSITION_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if let Some(at) = asked
        && state.models.applied().is_none_or(|applied| applied.0 < at)
    {
        let _ = tokio::time::timeout(MOST, state.models.caught_up_to(Position(at))).await;
    }
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let mut response = next.call(request).await?;
    if writes
        && let Some(applied) = state.models.applied()
        && let Ok(value) = HeaderValue::from_str(&applied.0.to_string())
    {
        response
            .headers_mut()
            .insert(HeaderName::from_static(POSITION_HEADER), value);
    }
    Ok(response)
}
