//! The API's errors as problem details (RFC 9457, `application/problem+json`), with their
//! titles and reasons in the language the caller asks for (`Accept-Language`, German first).
//!
//! A handler returns [`ApiError`]; its response carries the problem in both languages as an
//! extension, and [`render`] (called by the error-page handler for every error under `/api/`)
//! writes it in the caller's language. Errors that no handler made (actix's 404 and 405, a body
//! over the limit) get a problem by their status there, so no answer under `/api/` is HTML.

use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::ExecuteError;
use crate::texts::{self, Text, api as words};
use crate::web::lang::language_of;

/// Where the problem types live; `type` is this and the kind's slug.
const TYPE_BASE: &str = "/api/v1/problems/";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no valid API token")]
    Unauthorized,
    #[error("the token's account or scope may not do this")]
    Forbidden(Option<Text<String>>),
    #[error("not found")]
    NotFound,
    #[error("bad request: {}", .0.en)]
    BadRequest(Text<String>),
    #[error("refused: {}", .reason.en)]
    Refused {
        /// The domain's name of the refusal (`NotInReview`, `OverBudget`, …), for programs.
        code: String,
        reason: Text<String>,
    },
    #[error("changed concurrently")]
    Conflict,
    #[error("If-Match does not match")]
    PreconditionFailed(Text<String>),
    #[error("If-Match is missing")]
    PreconditionRequired,
    #[error("body too large")]
    TooLarge,
    #[error("body is not JSON")]
    UnsupportedMediaType,
    #[error("too many requests")]
    TooManyRequests { retry_after: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(error.into())
    }

    /// A refused command becomes 422 with its reason and the refusal's name; a concurrent
    /// write 409; the store's failure 500.
    pub fn from_execute<E>(error: ExecuteError<E>, describe: impl Fn(&E) -> Text<String>) -> Self
    where
        E: std::error::Error + std::fmt::Debug + Send + Sync + 'static,
    {
        match error {
            ExecuteError::Refused(refusal) => ApiError::Refused {
                code: refusal_code(&refusal),
                reason: describe(&refusal),
            },
            ExecuteError::Conflict { .. } => ApiError::Conflict,
            other => ApiError::Internal(anyhow::Error::new(other)),
        }
    }

    /// 412: `If-Match` named `seen` (`None`: `*`), and the stream is at `current` now.
    pub fn revision_out_of_date(seen: Option<u64>, current: u64) -> Self {
        let sent = seen.map_or("*".to_owned(), |seen| format!("\"{seen}\""));
        ApiError::PreconditionFailed(words::revision_mismatch(&sent, current))
    }

    fn kind(&self) -> (&'static str, Text) {
        match self {
            ApiError::Unauthorized => ("unauthorized", words::UNAUTHORIZED),
            ApiError::Forbidden(_) => ("forbidden", words::FORBIDDEN),
            ApiError::NotFound => ("not-found", words::NOT_FOUND),
            ApiError::BadRequest(_) => ("bad-request", words::BAD_REQUEST),
            ApiError::Refused { .. } => ("refused", words::REFUSED),
            ApiError::Conflict => ("conflict", words::CONFLICT),
            ApiError::PreconditionFailed(_) => ("precondition-failed", words::PRECONDITION_FAILED),
            ApiError::PreconditionRequired => {
                ("precondition-required", words::PRECONDITION_REQUIRED)
            }
            ApiError::TooLarge => ("too-large", words::TOO_LARGE),
            ApiError::UnsupportedMediaType => {
                ("unsupported-media-type", words::UNSUPPORTED_MEDIA_TYPE)
            }
            ApiError::TooManyRequests { .. } => ("too-many-requests", words::TOO_MANY_REQUESTS),
            ApiError::Internal(_) => ("internal", words::INTERNAL),
        }
    }

    fn detail(&self) -> Text<String> {
        match self {
            ApiError::Unauthorized => words::UNAUTHORIZED_DETAIL.owned(),
            ApiError::Forbidden(reason) => reason
                .clone()
                .unwrap_or_else(|| words::FORBIDDEN_DETAIL.owned()),
            ApiError::NotFound => words::NOT_FOUND_DETAIL.owned(),
            ApiError::BadRequest(reason)
            | ApiError::PreconditionFailed(reason)
            | ApiError::Refused { reason, .. } => reason.clone(),
            ApiError::Conflict => words::CONFLICT_DETAIL.owned(),
            ApiError::PreconditionRequired => words::PRECONDITION_REQUIRED_DETAIL.owned(),
            ApiError::TooLarge => words::TOO_LARGE_DETAIL.owned(),
            ApiError::UnsupportedMediaType => words::UNSUPPORTED_MEDIA_TYPE_DETAIL.owned(),
            ApiError::TooManyRequests { .. } => words::TOO_MANY_REQUESTS_DETAIL.owned(),
            ApiError::Internal(_) => words::INTERNAL_DETAIL.owned(),
        }
    }
}

/// The variant's name of a domain refusal: `BadName(TooLong { … })` is `BadName`.
fn refusal_code(refusal: &impl std::fmt::Debug) -> String {
    let debug = format!("{refusal:?}");
    debug
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The problem in both languages, until [`render`] knows which one the caller reads.
#[derive(Debug, Clone)]
struct Pending {
    slug: &'static str,
    title: Text,
    detail: Text<String>,
    code: Option<String>,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Conflict => StatusCode::CONFLICT,
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(error) = self {
            tracing::error!(error = ?error, "API request failed");
        }
        let mut response = HttpResponse::new(self.status_code());
        if let ApiError::TooManyRequests { retry_after } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        let (slug, title) = self.kind();
        response.extensions_mut().insert(Pending {
            slug,
            title,
            detail: self.detail(),
            code: match self {
                ApiError::Refused { code, .. } => Some(code.clone()),
                _ => None,
            },
        });
        response
    }
}

/// A problem as the caller reads it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem, e.g. `/api/v1/problems/refused`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The path of the request.
    pub instance: String,
    /// For a refusal: the domain's name of it, stable across languages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// What a status means when no handler said more: actix's own 404, 405 and 413.
fn pending_for(status: StatusCode) -> Pending {
    let error = match status {
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized,
        StatusCode::FORBIDDEN => ApiError::Forbidden(None),
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => ApiError::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
        StatusCode::TOO_MANY_REQUESTS => ApiError::TooManyRequests { retry_after: 60 },
        status if status.is_client_error() => ApiError::BadRequest(texts::api::NOT_JSON.owned()),
        _ => ApiError::Internal(anyhow::anyhow!("{status}")),
    };
    let (slug, title) = error.kind();
    Pending {
        slug,
        title,
        detail: error.detail(),
        code: None,
    }
}

/// Writes the problem of an error response under `/api/` in the caller's language.
pub fn render<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let status = res.status();
    let (req, response) = res.into_parts();
    let pending = response
        .extensions()
        .get::<Pending>()
        .cloned()
        .unwrap_or_else(|| pending_for(status));
    let lang = language_of(&req);
    let problem = Problem {
        kind: format!("{TYPE_BASE}{}", pending.slug),
        title: pending.title.get(lang).to_owned(),
        status: status.as_u16(),
        detail: pending.detail.into_lang(lang),
        instance: req.path().to_owned(),
        code: pending.code,
    };
    let mut new = HttpResponse::build(status)
        .content_type("application/problem+json")
        .insert_header((header::CONTENT_LANGUAGE, lang.code()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(problem);
    // `json` set its own type; a problem is `application/problem+json`.
    new.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    for name in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(value) = response.headers().get(&name) {
            new.headers_mut().insert(name, value.clone());
        }
    }
    if status == StatusCode::UNAUTHORIZED {
        new.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(r#"Bearer realm="wettbewerb""#),
        );
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, new).map_into_right_body(),
    ))
}
