//! One log line per request: method, path, version, status, time and the request id (see
//! `request_id.rs`; this line is written when the response is sent, outside the request's
//! span, so it names the id itself).
//!
//! The query is left out: signed links (password reset, address verification, juror
//! invitation) carry their tokens there, and whoever reads the log must not be able to use
//! them. A `?…` after the path shows that a query was sent.

use actix_web::dev::ServiceRequest;
use actix_web::middleware::Logger;

pub fn logger() -> Logger {
    Logger::new("%{request}xi %s %Dms id=%{x-request-id}o")
        .custom_request_replace("request", request_line)
}

fn request_line(req: &ServiceRequest) -> String {
    let query = if req.query_string().is_empty() {
        ""
    } else {
        "?…"
    };
    format!("{} {}{query} {:?}", req.method(), req.path(), req.version())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn the_line_names_method_and_path_but_no_query_value() {
        let req = TestRequest::get()
            .uri("/passwort-neu?konto=a&n=b&t=geheimes-zeichen")
            .to_srv_request();
        assert_eq!(request_line(&req), "GET /passwort-neu?… HTTP/1.1");
        let plain = TestRequest::get().uri("/health").to_srv_request();
        assert_eq!(request_line(&plain), "GET /health HTTP/1.1");
    }
}
