//! Forms with a CSRF token: `CsrfForm<T>` reads a url-encoded form and refuses it (403) unless
//! its `csrf` field equals the session's token. Every POST handler takes one, or checks the
//! token of its multipart form with [`check`].

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::error::WebError;
use super::session::csrf_matches;
use crate::texts;

/// Url-encoded forms are small; documents come as multipart with their own limit.
const FORM_LIMIT: usize = 256 * 1024;

pub struct CsrfForm<T>(pub T);

#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    csrf: String,
}

/// An empty form: a button that only carries the token.
#[derive(Debug, Deserialize)]
pub struct NoFields {}

pub fn check(req: &HttpRequest, submitted: &str) -> Result<(), WebError> {
    if csrf_matches(&req.get_session(), submitted) {
        Ok(())
    } else {
        Err(WebError::Csrf)
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = WebError;
    type Future = LocalBoxFuture<'static, Result<Self, WebError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = Bytes::from_request(&req, payload);
        Box::pin(async move {
            let body = body
                .await
                .map_err(|_| WebError::bad_request(texts::common::FORM_COULD_NOT_READ))?;
            if body.len() > FORM_LIMIT {
                return Err(WebError::bad_request(texts::common::FORM_TOO_LARGE));
            }
            let token: Token = serde_urlencoded::from_bytes(&body).unwrap_or(Token {
                csrf: String::new(),
            });
            check(&req, &token.csrf)?;
            let fields = serde_urlencoded::from_bytes(&body).map_err(|e| {
                tracing::debug!(error = %e, "a form did not parse");
                WebError::bad_request(texts::common::FORM_FIELD_MALFORMED)
            })?;
            Ok(CsrfForm(fields))
        })
    }
}
