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
    pub fn unprocessable(de: impl Into<String>, en: impl Into<String>) -> Self {
        WebError::Unprocessable {
            de: de.into(),
            en: en.into(),
        }
    }

    pub fn bad_request(de: impl Into<String>, en: impl Into<String>) -> Self {
        WebError::BadRequest {
            de: de.into(),
            en: en.into(),
        }
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
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::new(self.status_code());
        let detail = match self {
            WebError::Csrf => Some(Detail {
                de: "Das Formular war abgelaufen oder stammte nicht von dieser Seite. Bitte laden Sie die Seite neu und senden Sie es noch einmal.".into(),
                en: "The form had expired or did not come from this site. Please reload the page and send it again.".into(),
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
pub fn from_execute<E>(
    error: ExecuteError<E>,
    describe: impl Fn(&E) -> (String, String),
) -> WebError
where
    E: std::error::Error + Send + Sync + 'static,
{
    match error {
        ExecuteError::Refused(refusal) => {
            let (de, en) = describe(&refusal);
            WebError::Unprocessable { de, en }
        }
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
/// form shown again with its errors) pass through.
pub fn error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
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
    let home = || ("/".to_owned(), c.ts("Zur Startseite", "To the start page"));
    let (heading, text, (href, label)) = match status.as_u16() {
        400 => (
            c.ts("Die Anfrage war unvollständig", "The request was incomplete"),
            c.ts(
                "Ein Formularfeld fehlte oder hatte eine unerwartete Form. Bitte gehen Sie zurück und versuchen Sie es noch einmal.",
                "A form field was missing or malformed. Please go back and try again.",
            ),
            home(),
        ),
        403 => (
            c.ts("Kein Zugriff", "Access denied"),
            c.ts(
                "Diese Seite oder Aktion ist für Ihr Konto nicht freigegeben. Wenn Sie meinen, dass das ein Irrtum ist, wenden Sie sich an die Programmverwaltung.",
                "Your account may not open this page or do this. If you think this is a mistake, please contact the programme staff.",
            ),
            home(),
        ),
        404 => (
            c.ts("Seite nicht gefunden", "Page not found"),
            c.ts(
                "Unter dieser Adresse gibt es nichts. Vielleicht ist der Link veraltet oder unvollständig.",
                "There is nothing at this address. The link may be outdated or incomplete.",
            ),
            home(),
        ),
        405 => (
            c.ts("Nicht möglich", "Not possible"),
            c.ts(
                "Diese Adresse kann so nicht aufgerufen werden.",
                "This address cannot be used this way.",
            ),
            home(),
        ),
        409 => (
            c.ts("Inzwischen geändert", "Changed in the meantime"),
            c.ts(
                "Jemand anderes hat diese Angaben inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.",
                "Someone else changed this in the meantime. Please reload the page and check the current state.",
            ),
            home(),
        ),
        413 => (
            c.ts("Zu groß", "Too large"),
            c.ts(
                "Die gesendeten Daten sind zu groß. Bitte laden Sie eine kleinere Datei hoch.",
                "The data sent is too large. Please upload a smaller file.",
            ),
            home(),
        ),
        422 => (
            c.ts("Nicht möglich", "Not possible"),
            c.ts(
                "Die Aktion wurde nicht ausgeführt; es wurde nichts gespeichert.",
                "The action was not carried out; nothing was saved.",
            ),
            home(),
        ),
        429 => (
            c.ts("Zu viele Versuche", "Too many attempts"),
            c.ts(
                "Zum Schutz Ihres Kontos sind weitere Versuche erst in einer Minute möglich.",
                "To protect your account, please wait a minute before trying again.",
            ),
            ("/anmelden".to_owned(), c.ts("Zur Anmeldung", "To the login")),
        ),
        503 => (
            c.ts("Vorübergehend nicht verfügbar", "Temporarily unavailable"),
            c.ts(
                "Der Dienst kann gerade nichts speichern. Es ist nichts verloren gegangen; bitte versuchen Sie es später noch einmal.",
                "The service cannot save anything at the moment. Nothing was lost; please try again later.",
            ),
            home(),
        ),
        _ => (
            c.ts("Ein Fehler ist aufgetreten", "Something went wrong"),
            c.ts(
                "Auf unserer Seite ist ein Fehler aufgetreten; er wurde protokolliert. Bereits bestätigte Eingaben sind gespeichert. Bitte versuchen Sie es in einigen Minuten noch einmal.",
                "Something went wrong on our side and it was logged. Everything confirmed before is saved. Please try again in a few minutes.",
            ),
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
