//! The jury's recommendation beside staff's decision form on the ranking page, and the form as
//! sent when a decision departing from it comes back for its reason.

use std::collections::HashMap;

use crate::app::stream_of;
use crate::domain::ids::CompetitionId;
use crate::domain::meeting::{JuryMeeting, MeetingKey};
use crate::texts::meeting as words;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::state::AppState;

/// The meeting of a stage as its stream holds it now, with the stream's revision.
pub fn meeting(state: &AppState, key: MeetingKey) -> Result<(JuryMeeting, Option<u64>), WebError> {
    let (meeting, revision) = state
        .facts
        .current::<JuryMeeting>(&state.store, &stream_of::<JuryMeeting>(&key))
        .map_err(WebError::internal)?;
    Ok((JuryMeeting::clone(&meeting), revision))
}

/// Per application (its id) the jury's recommendation with the vote, as the form shows it.
pub fn per_application(
    c: &Chrome,
    state: &AppState,
    competition: CompetitionId,
    stage: usize,
) -> Result<HashMap<String, String>, WebError> {
    let (meeting, _) = meeting(state, MeetingKey { competition, stage })?;
    Ok(meeting
        .items
        .iter()
        .map(|(application, item)| {
            let text = c.say(words::recommendation(&item.recommendation));
            let vote = c.say(words::vote(&item.vote));
            (application.to_string(), format!("{text} ({vote})"))
        })
        .collect())
}

/// The decision form as sent, kept when it is refused or changed in between: the outcome
/// chosen, the reserve place and the reason for departing, with the reason's refusal.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    pub application: String,
    pub outcome: String,
    pub place: String,
    pub reason: String,
    pub reason_error: Option<String>,
}
