//! Jury members: the invitation, the dashboard, the conflict-of-interest gate, the
//! application's content and documents, and sealed scoring.

pub mod application;
pub mod conflict_check;
pub mod dashboard;
pub mod documents;
pub mod invitation;
pub mod known_conflicts;
pub mod scoring;

use crate::domain::ids::{ApplicationId, CompetitionId, JurorId};
use crate::domain::jury::{Jury, same_address};
use crate::email::address::EmailAddress;
use crate::projections::Views;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::policy;

/// The logged-in juror's seat on one competition's jury.
/// Exactly one accepted seat per address; should there ever be two (the log predates the rule),
/// neither counts, so a conflict declared on one seat cannot be escaped through the other.
pub fn juror_of(jury: &Jury, email: &EmailAddress) -> Option<JurorId> {
    let mut seats = jury
        .jurors
        .iter()
        .filter(|(id, j)| same_address(&j.email, email.as_str()) && jury.accepted.contains(id))
        .map(|(id, _)| *id);
    match (seats.next(), seats.next()) {
        (Some(seat), None) => Some(seat),
        _ => None,
    }
}

/// Where a juror stands with an application they may see.
#[derive(Debug, Clone, Copy)]
pub struct Seat {
    pub juror: JurorId,
    pub stage: usize,
    /// The juror confirmed having no conflict; only then is the content shown.
    pub confirmed: bool,
}

/// The juror's seat for an application: assigned in the competition's current stage and not
/// conflicted; 403 otherwise, including for every conflicted juror on every route.
pub fn seat(
    c: &Chrome,
    views: &Views,
    competition: CompetitionId,
    application: ApplicationId,
) -> Result<Seat, WebError> {
    policy::juror_seat(c, views, competition, application, |jury, email| {
        juror_of(jury, email)
    })
}

/// The logged-in juror's seat on the competition's jury, and the competition's current stage.
pub fn seat_on(
    c: &Chrome,
    views: &Views,
    competition: CompetitionId,
) -> Result<(JurorId, usize), WebError> {
    policy::juror_on(c, views, competition, juror_of)
}

pub fn parse_ids(
    competition: &str,
    application: &str,
) -> Result<(CompetitionId, ApplicationId), WebError> {
    Ok((
        CompetitionId::parse(competition).ok_or(WebError::NotFound)?,
        ApplicationId::parse(application).ok_or(WebError::NotFound)?,
    ))
}
