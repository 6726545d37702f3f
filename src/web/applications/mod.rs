//! The consortium's pages: dashboard, creating an application, the editor with its parts,
//! submission, withdrawal, receipt and status.

pub mod create;
pub mod dashboard;
pub mod decline;
pub mod details;
pub mod documents;
pub mod editor;
pub mod editors;
pub mod evaluation;
pub mod financing;
pub mod form_lines;
pub mod open_parts;
pub mod partners;
pub mod pledges;
pub mod redress;
pub mod sections;
pub mod status;
pub mod submission;

use crate::domain::ids::ApplicationId;
use crate::web::error::WebError;

/// The application id of a path, or 404.
pub fn parse_id(text: &str) -> Result<ApplicationId, WebError> {
    ApplicationId::parse(text).ok_or(WebError::NotFound)
}

/// The revision a form was made from; missing or garbled means "unknown", which conflicts.
pub fn parse_revision(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}
