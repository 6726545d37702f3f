//! The page language: German unless the person chose English (a cookie, set by the switch in
//! the header) or the browser asks for English first.

use actix_web::HttpRequest;
use actix_web::http::header::ACCEPT_LANGUAGE;

use crate::domain::account::Language;

pub const LANG_COOKIE: &str = "lang";

pub fn language_of(req: &HttpRequest) -> Language {
    if let Some(chosen) = req
        .cookie(LANG_COOKIE)
        .and_then(|c| Language::from_code(c.value()))
    {
        return chosen;
    }
    let preferred = req
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|first| first.trim().to_ascii_lowercase());
    match preferred {
        Some(tag) if tag.starts_with("en") => Language::En,
        _ => Language::De,
    }
}
