//! `/api/v1`: the JSON API for other systems, with an API token of an account
//! (`Authorization: Bearer wb_…`, made on `/konto/api-schluessel`).
//!
//! Each resource's handlers carry their OpenAPI description (`utoipa::path`); [`ApiDoc`] puts
//! them together, and `/api/v1/openapi.json` serves it. Errors are problem details
//! (`problem.rs`), lists are paged by the log position (`paging.rs`), and a resource's `ETag` is
//! its stream's revision.

pub mod applications;
pub mod audit;
pub mod caller;
pub mod competitions;
pub mod decisions;
pub mod formal_check;
pub mod outbox;
pub mod paging;
pub mod problem;

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::{self, get, post, put};
use actix_web::{HttpRequest, HttpResponse, error::JsonPayloadError};
use serde::Serialize;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use problem::ApiError;

/// The largest JSON body a call may send.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The path every API route begins with.
pub const PREFIX: &str = "/api/";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "wettbewerb API",
        description = "Competitions, applications, decisions and formal checks of funding competitions, for other systems. Every call needs an API token of an account (`Authorization: Bearer wb_…`); a token reads and writes only what its account may, within its scopes. Errors are problem details (RFC 9457) in the language `Accept-Language` asks for (German unless English comes first). Lists are paged by the log position: `after` is `next` of the page before.",
    ),
    paths(
        competitions::list,
        competitions::show,
        applications::list,
        applications::show,
        audit::get,
        decisions::list,
        decisions::put,
        formal_check::post,
        outbox::get,
    ),
    components(schemas(problem::Problem)),
    modifiers(&BearerToken),
    tags(
        (name = "competitions", description = "Set-up, phase and stages"),
        (name = "applications", description = "Applications with their consortium and financing plan"),
        (name = "decisions", description = "The staff's decisions and awards"),
        (name = "formal check", description = "The formal check of submitted applications"),
        (name = "outbox", description = "The mail leaving the service"),
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The description of the API, OpenAPI 3.1.
pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(ApiDoc::openapi())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .app_data(json_config())
            .route("/openapi.json", get().to(openapi))
            .route("/competitions", get().to(competitions::list))
            .route("/competitions/{id}", get().to(competitions::show))
            .route("/applications", get().to(applications::list))
            .route("/applications/{id}", get().to(applications::show))
            .route("/applications/{id}/audit", get().to(audit::get))
            .route("/outbox", get().to(outbox::get))
            .route(
                "/applications/{id}/formal-check",
                post().to(formal_check::post),
            )
            .route("/competitions/{id}/decisions", get().to(decisions::list))
            .route(
                "/competitions/{id}/decisions/{application}",
                put().to(decisions::put),
            ),
    );
}

/// JSON bodies: at most [`MAX_BODY_BYTES`], and a body that is not JSON of the route's shape is
/// a problem like every other.
fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(MAX_BODY_BYTES)
        .error_handler(|error, _| {
            match error {
                JsonPayloadError::Overflow { .. }
                | JsonPayloadError::OverflowKnownLength { .. } => ApiError::TooLarge,
                JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
                _ => ApiError::BadRequest(crate::texts::api::NOT_JSON.owned()),
            }
            .into()
        })
}

/// `Foo`, `FooBar` and `FullProposal` as `foo`, `foo_bar` and `full_proposal`: the API's names
/// of the domain's values.
pub fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The revision `If-Match` names: `"12"` (also `W/"12"` or `12`) is `Some(12)`, `*` is `None`
/// (whatever the revision is now). A change without it is refused (428): it would overwrite what
/// the caller has not seen.
pub fn if_match(req: &HttpRequest) -> Result<Option<u64>, ApiError> {
    let value = req
        .headers()
        .get(header::IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?;
    let bad = || ApiError::BadRequest(crate::texts::api::bad_field("If-Match"));
    let text = value.to_str().map_err(|_| bad())?.trim();
    if text == "*" {
        return Ok(None);
    }
    let bare = text.trim_start_matches("W/").trim_matches('"');
    bare.parse().map(Some).map_err(|_| bad())
}

/// A resource as JSON with its stream's revision as the `ETag`.
pub fn etag_response(revision: u64, body: &impl Serialize) -> HttpResponse {
    let mut response = HttpResponse::Ok().json(body);
    if let Ok(value) = HeaderValue::from_str(&format!("\"{revision}\"")) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_names_become_snake_case() {
        assert_eq!(snake("FullProposal"), "full_proposal");
        assert_eq!(snake("Sme"), "sme");
        assert_eq!(snake("BadenWuerttemberg"), "baden_wuerttemberg");
    }
}
