//! A request id for every request: the one a proxy in front sent in `X-Request-Id` if it is
//! sane and the proxy is one the settings trust (`trusted_proxies`), else a new one. Anybody
//! else could send the id of another person's request and have their lines mixed in with it. Everything the request logs runs in a `request{id=…}` span, so the
//! lines of its commands carry the id; the response returns it in `X-Request-Id`, and the
//! request log names it, so that an operator finds every line of one request, and a person who
//! quotes the header finds theirs.
//!
//! A small middleware rather than tracing-actix-web: that crate always makes its own id (it
//! does not take one a proxy sent), sets no response header, and its default span records the
//! query, which carries the tokens of signed links (see `request_log.rs`).

use std::net::IpAddr;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Data;
use tracing::Instrument;

use crate::config::TrustedProxies;
use crate::web::state::AppState;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The longest incoming id taken as it is (a W3C trace parent has 55 characters).
pub const MAX_LEN: usize = 128;

/// The incoming id if it is sane: 1 to [`MAX_LEN`] characters of letters, digits, `-`, `_`,
/// `.` and `:`, nothing that could break a log line or pass for another field in it.
pub fn sane(value: &HeaderValue) -> Option<&str> {
    let text = value.to_str().ok()?;
    let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
    (!text.is_empty() && text.len() <= MAX_LEN && text.chars().all(safe)).then_some(text)
}

/// The incoming id, if the request comes straight from a trusted proxy and the id is sane.
fn incoming<'a>(
    value: Option<&'a HeaderValue>,
    peer: Option<IpAddr>,
    trusted: &TrustedProxies,
) -> Option<&'a str> {
    peer.filter(|peer| trusted.contains(*peer))
        .and(value)
        .and_then(sane)
}

fn request_id(req: &ServiceRequest) -> String {
    let none = TrustedProxies::default();
    let state = req.app_data::<Data<AppState>>();
    let trusted = state.map_or(&none, |s| &s.trusted_proxies);
    let peer = req.peer_addr().map(|a| a.ip());
    incoming(req.headers().get(&HEADER), peer, trusted)
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = request_id(&req);
    let span = tracing::info_span!("request", id = %id);
    // The pages' errors are responses by now (`ErrorHandlers`); an error of a middleware
    // further in passes on without the header, as the request cannot be kept to answer it.
    let mut response = next.call(req).instrument(span).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(text: &str) -> Option<String> {
        sane(&HeaderValue::from_str(text).unwrap()).map(str::to_owned)
    }

    #[test]
    fn an_incoming_id_is_taken_only_when_short_and_plain() {
        assert_eq!(taken("abc-123_x.y:z").as_deref(), Some("abc-123_x.y:z"));
        let trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assert_eq!(taken(trace).as_deref(), Some(trace));
        assert_eq!(taken(&"a".repeat(MAX_LEN)).map(|t| t.len()), Some(MAX_LEN));
        assert_eq!(taken(&"a".repeat(MAX_LEN + 1)), None);
        for bad in ["", "a b", "a\"b", "id=1 status=200", "a\tb", "ä"] {
            let value = HeaderValue::from_bytes(bad.as_bytes()).unwrap();
            assert_eq!(sane(&value), None, "{bad:?}");
        }
    }

    #[test]
    fn an_incoming_id_is_taken_only_from_a_trusted_proxy() {
        let value = HeaderValue::from_static("abc-123");
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "198.51.100.7".parse().unwrap();
        let trusted = TrustedProxies::try_from("10.0.0.1".to_owned()).unwrap();
        assert_eq!(
            incoming(Some(&value), Some(proxy), &trusted),
            Some("abc-123")
        );
        assert_eq!(incoming(Some(&value), Some(client), &trusted), None);
        assert_eq!(incoming(None, Some(proxy), &trusted), None);
        assert_eq!(incoming(Some(&value), None, &trusted), None);
        let nobody = TrustedProxies::default();
        assert_eq!(incoming(Some(&value), Some(proxy), &nobody), None);
    }
}
