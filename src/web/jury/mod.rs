//! Jury members: the invitation, the dashboard, the conflict-of-interest gate, the
//! application's content and documents, and sealed scoring.

pub mod application;
pub mod by_criterion;
pub mod conflict_check;
pub mod consensus;
pub mod dashboard;
pub mod discussion;
pub mod documents;
pub mod invitation;
pub mod known_conflicts;
pub mod scoring;

use crate::domain::ids::{ApplicationId, CompetitionId};
use crate::web::error::WebError;

pub fn parse_ids(
    competition: &str,
    application: &str,
) -> Result<(CompetitionId, ApplicationId), WebError> {
    Ok((
        CompetitionId::parse(competition).ok_or(WebError::NotFound)?,
        ApplicationId::parse(application).ok_or(WebError::NotFound)?,
    ))
}
