//! A form refused by a rate limit: 429 with the form as it was typed, a sentence that says when
//! to try again, and `Retry-After`.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use askama::Template;

use super::chrome::Chrome;
use super::error::{WebError, page_with_status};
use super::state::Wait;

/// The reason shown on the refused form, in the person's language.
pub fn reason(c: &Chrome, wait: Wait) -> String {
    c.say(crate::texts::common::too_many_attempts(wait))
}

pub fn respond(page: &impl Template, wait: Wait) -> Result<HttpResponse, WebError> {
    let mut response = page_with_status(StatusCode::TOO_MANY_REQUESTS, page)?;
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(wait.seconds().max(1)));
    Ok(response)
}
