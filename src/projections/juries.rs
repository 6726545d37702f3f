//! Juries and reviews: each competition's jury (jurors, conflicts, assignments) and where every
//! review stands (its scores without the jurors' comments, see [`ReviewStanding`]); the pages
//! that show comments read the review's stream (`written_review.rs`). A deleted draft
//! competition takes its jury with it.

use std::collections::HashMap;

use crate::app::decode;
use crate::domain::aggregate::Aggregate;
use crate::domain::competition::{Competition, CompetitionEvent};
use crate::domain::consensus::{Consensus, ConsensusKey};
use crate::domain::ids::CompetitionId;
use crate::domain::jury::Jury;
use crate::domain::review::{Review, ReviewKey};
use crate::domain::review_standing::ReviewStanding;
use crate::event_store::RecordedEvent;

use super::projection::Projection;

#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Juries {
    by_competition: HashMap<CompetitionId, Jury>,
    pub reviews: HashMap<ReviewKey, ReviewStanding>,
    /// Where each application's consensus report per stage stands (without its texts), with
    /// its stream's revision (what the forms on it send back).
    pub consensus: HashMap<ConsensusKey, ConsensusView>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConsensusView {
    pub state: Consensus,
    pub revision: u64,
}

impl std::ops::Deref for Juries {
    type Target = HashMap<CompetitionId, Jury>;
    fn deref(&self) -> &Self::Target {
        &self.by_competition
    }
}

impl Projection for Juries {
    const NAME: &'static str = "juries";

    fn apply(&mut self, event: &RecordedEvent) {
        let category = event.stream.category();
        if category == Some(Consensus::CATEGORY) {
            match decode::<Consensus>(event) {
                Ok(decoded) => {
                    let view = self.consensus.entry(decoded.key()).or_default();
                    view.state.apply(&decoded);
                    // Where the report stands, without its texts (see `Consensus::standing`).
                    view.state = view.state.standing();
                    view.revision = event.revision;
                }
                Err(reason) => super::skipped(event, reason),
            }
            return;
        }
        if category == Some(Review::CATEGORY) {
            match decode::<Review>(event) {
                Ok(decoded) => self
                    .reviews
                    .entry(decoded.key())
                    .or_default()
                    .apply(&decoded),
                Err(reason) => super::skipped(event, reason),
            }
            return;
        }
        let Some(id) = super::stream_uuid(event).map(CompetitionId::from_uuid) else {
            return;
        };
        if category == Some(Jury::CATEGORY) {
            match decode::<Jury>(event) {
                Ok(decoded) => self.by_competition.entry(id).or_default().apply(&decoded),
                Err(reason) => super::skipped(event, reason),
            }
        } else if category == Some(Competition::CATEGORY)
            && let Ok(CompetitionEvent::CompetitionDeleted { .. }) = decode::<Competition>(event)
        {
            self.by_competition.remove(&id);
        }
    }
}
