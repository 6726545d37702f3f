//! The one error type of the web layer, and the error pages.
//!
//! Handlers return [`WebError`]; its status is decided here, in one place. A domain refusal
//! becomes 4xx with a reason a person understands; an infrastructure failure becomes 500 and
//! its cause chain is logged. Every error response without a page of its own (including
//! actix's own 404 and 413) gets one from [`error_page`], in the person's language.

use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::chrome::{Chrome, urlencode};
use crate::app::ExecuteError;
use crate::texts::{self, Text};

/// Where staff and jurors without a required second factor are sent.
pub const SECOND_FACTOR_SET_UP: &str = "/konto/zweiter-faktor";

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("the page needs a logged-in user")]
    LoginRequired,
    #[error("the user may not do this")]
    Forbidden,
    #[error("no such page")]
    NotFound,
    #[error("the form's CSRF token is missing or wrong")]
    Csrf,
    #[error("bad request: {en}")]
    BadRequest { de: String, en: String },
    #[error("changed by someone else")]
    Conflict,
    #[error("refused: {en}")]
    Unprocessable { de: String, en: String },
    #[error("too many attempts")]
    TooManyAttempts,
    #[error("a second factor must be set up first")]
    SecondFactorSetUpFirst,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The reason shown on the error page, carried from the handler to the page renderer.
#[derive(Debug, Clone)]
struct Detail {
    de: String,
    en: String,
}

impl WebError {
    /// A refusal (422) with its reason, a text of `crate::texts`.
    pub fn unprocessable(reason: impl Into<Text<String>>) -> Self {
        let Text { de, en } = reason.into();
        WebError::Unprocessable { de, en }
    }

    /// A request that cannot be read (400), with its reason.
    pub fn bad_request(reason: impl Into<Text<String>>) -> Self {
        let Text { de, en } = reason.into();
        WebError::BadRequest { de, en }
    }

    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        WebError::Internal(error.into())
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::LoginRequired => StatusCode::UNAUTHORIZED,
            WebError::Forbidden | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            WebError::Conflict => StatusCode::CONFLICT,
            WebError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            WebError::SecondFactorSetUpFirst => StatusCode::SEE_OTHER,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let WebError::SecondFactorSetUpFirst = self {
            return see_other(SECOND_FACTOR_SET_UP);
        }
        let mut response = HttpResponse::new(self.status_code());
        let detail = match self {
            WebError::Csrf => Some(Detail {
                de: crate::texts::common::FORM_EXPIRED.de.into(),
                en: crate::texts::common::FORM_EXPIRED.en.into(),
            }),
            WebError::BadRequest { de, en } | WebError::Unprocessable { de, en } => Some(Detail {
                de: de.clone(),
                en: en.clone(),
            }),
            WebError::Internal(error) => {
                tracing::error!(error = ?error, "request failed");
                None
            }
            _ => None,
        };
        if let Some(detail) = detail {
            response.extensions_mut().insert(detail);
        }
        response
    }
}

/// A refused command becomes 422 with its reason; a concurrent write 409; the store's failure
/// 500.
pub fn from_execute<E>(error: ExecuteError<E>, describe: impl Fn(&E) -> Text<String>) -> WebError
where
    E: std::error::Error + Send + Sync + 'static,
{
    match error {
        ExecuteError::Refused(refusal) => WebError::unprocessable(describe(&refusal)),
        ExecuteError::Conflict { .. } => WebError::Conflict,
        other => WebError::Internal(anyhow::Error::new(other)),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    status: u16,
    heading: String,
    text: String,
    detail: Option<String>,
    next_href: String,
    next_label: String,
}

/// Renders the page for an error response that has none; responses that already carry HTML (a
/// form shown again with its errors) pass through. Under `/api/` every error is a problem
/// (`api::problem`), never a page.
pub fn error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    if res.request().path().starts_with(super::api::PREFIX) {
        return super::api::problem::render(res);
    }
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let (req, response) = res.into_parts();
    if status == StatusCode::UNAUTHORIZED {
        let here = req
            .uri()
            .path_and_query()
            .map_or("/".to_owned(), |p| p.as_str().to_owned());
        let target = if req.method() == actix_web::http::Method::GET {
            format!("/anmelden?weiter={}", urlencode(&here))
        } else {
            "/anmelden".to_owned()
        };
        let redirect = HttpResponse::SeeOther()
            .insert_header((header::LOCATION, target))
            .finish();
        return Ok(ErrorHandlerResponse::Response(
            ServiceResponse::new(req, redirect).map_into_right_body(),
        ));
    }
    let detail = response.extensions().get::<Detail>().cloned();
    let c = Chrome::of(&req);
    let (heading, text, next_href, next_label) = explain(&c, status);
    let page = ErrorPage {
        detail: detail.map(|d| if c.en() { d.en } else { d.de }),
        status: status.as_u16(),
        heading,
        text,
        next_href,
        next_label,
        c,
    };
    let body = page.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "the error page could not be rendered");
        format!("Fehler {status}")
    });
    let mut new = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body);
    if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
        new.headers_mut().insert(header::RETRY_AFTER, retry.clone());
    }
    if status == StatusCode::TOO_MANY_REQUESTS && !new.headers().contains_key(header::RETRY_AFTER) {
        new.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, new).map_into_right_body(),
    ))
}

type Explanation = (String, String, String, String);

fn explain(c: &Chrome, status: StatusCode) -> Explanation {
    let home = || {
        (
            "/".to_owned(),
            c.text(texts::common::TO_START_PAGE).to_owned(),
        )
    };
    let (heading, text, (href, label)) = match status.as_u16() {
        400 => (
            c.text(texts::common::ERROR_400).to_owned(),
            c.text(texts::common::ERROR_400_TEXT).to_owned(),
            home(),
        ),
        403 => (
            c.text(texts::common::ERROR_403).to_owned(),
            c.text(texts::common::ERROR_403_TEXT).to_owned(),
            home(),
        ),
        404 => (
            c.text(texts::common::ERROR_404).to_owned(),
            c.text(texts::common::ERROR_404_TEXT).to_owned(),
            home(),
        ),
        405 => (
            c.text(texts::common::NOT_POSSIBLE).to_owned(),
            c.text(texts::common::ERROR_405_TEXT).to_owned(),
            home(),
        ),
        409 => (
            c.text(texts::common::ERROR_409).to_owned(),
            c.text(texts::common::ERROR_409_TEXT).to_owned(),
            home(),
        ),
        413 => (
            c.text(texts::common::ERROR_413).to_owned(),
            c.text(texts::common::ERROR_413_TEXT).to_owned(),
            home(),
        ),
        422 => (
            c.text(texts::common::NOT_POSSIBLE).to_owned(),
            c.text(texts::common::ERROR_422_TEXT).to_owned(),
            home(),
        ),
        429 => (
            c.text(texts::common::ERROR_429).to_owned(),
            c.text(texts::common::ERROR_429_TEXT).to_owned(),
            (
                "/anmelden".to_owned(),
                c.text(texts::common::TO_LOGIN).to_owned(),
            ),
        ),
        503 => (
            c.text(texts::common::ERROR_503).to_owned(),
            c.text(texts::common::ERROR_503_TEXT).to_owned(),
            home(),
        ),
        _ => (
            c.text(texts::common::ERROR_500).to_owned(),
            c.text(texts::common::ERROR_500_TEXT).to_owned(),
            home(),
        ),
    };
    (heading, text, href, label)
}

/// Renders a page with a status of its own (a form shown again with 409 or 422).
pub fn page_with_status(
    status: StatusCode,
    page: &impl Template,
) -> Result<HttpResponse, WebError> {
    let body = page.render().map_err(WebError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// 303 See Other: the answer to every successful POST.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}
