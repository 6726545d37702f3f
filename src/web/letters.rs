//! A pledge's signed letter sent to staff or a juror: a download, never a page of the service.

use actix_web::HttpResponse;
use actix_web::http::header;

use crate::web::applications::documents::attachment;

/// A letter as a download, sent as stored (a PDF is compressed already), in a sandbox so that
/// nothing in it can act with the service's origin.
pub fn letter_response(file_name: &str, bytes: Vec<u8>) -> HttpResponse {
    let pdf = crate::documents::check_pdf(&bytes).is_ok();
    HttpResponse::Ok()
        .content_type(if pdf {
            "application/pdf"
        } else {
            "application/octet-stream"
        })
        .insert_header(header::ContentEncoding::Identity)
        .insert_header((header::CONTENT_DISPOSITION, attachment(file_name)))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox; frame-ancestors 'none'",
        ))
        .body(bytes)
}
