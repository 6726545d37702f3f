//! `/datenschutz`: the privacy notice applicants agree to when they register. Its version is
//! `domain::privacy::PRIVACY_NOTICE_VERSION`, recorded with each consent.

use actix_web::web::Data;
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::chrome::Chrome;
use super::error::{WebError, page_with_status};
use super::state::AppState;
use crate::domain::privacy::PRIVACY_NOTICE_VERSION;

#[derive(Template)]
#[template(path = "pages/privacy.html")]
struct PrivacyPage {
    c: Chrome,
    version: &'static str,
    /// Who is responsible for the data, as the operator set it; empty: not configured.
    controller: String,
    /// The privacy officer; empty: not configured.
    officer: String,
}

pub async fn get(c: Chrome, state: Data<AppState>) -> Result<HttpResponse, WebError> {
    page_with_status(
        StatusCode::OK,
        &PrivacyPage {
            c,
            version: PRIVACY_NOTICE_VERSION,
            controller: state.operator.privacy_controller.clone(),
            officer: state.operator.privacy_officer.clone(),
        },
    )
}
