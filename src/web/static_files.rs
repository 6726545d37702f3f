//! The one stylesheet, compiled into the binary.

use actix_web::HttpResponse;
use actix_web::http::header;

pub async fn style() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(include_str!("../../static/style.css"))
}
