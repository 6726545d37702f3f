//! `/impressum`: who provides the service, as the operator configured it (`imprint_name`,
//! `imprint_address`, `imprint_contact`); a setting that is missing is named as missing.

use actix_web::web::Data;
use actix_web::{HttpResponse, http::StatusCode};
use askama::Template;

use super::chrome::Chrome;
use super::error::{WebError, page_with_status};
use super::operator::Operator;
use super::state::AppState;

#[derive(Template)]
#[template(path = "pages/imprint.html")]
struct ImprintPage {
    c: Chrome,
    operator: Operator,
}

pub async fn get(c: Chrome, state: Data<AppState>) -> Result<HttpResponse, WebError> {
    page_with_status(
        StatusCode::OK,
        &ImprintPage {
            c,
            operator: state.operator.clone(),
        },
    )
}
