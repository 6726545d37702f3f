//! Competitions: each one's state and revision, and the circulars staff sent to their people.
//! A deleted draft leaves every list and page; its events stay in the log.

use std::collections::BTreeMap;

use crate::app::decode;
use crate::domain::aggregate::Aggregate;
use crate::domain::circular::{Circular, Sent};
use crate::domain::competition::Competition;
use crate::domain::ids::{CircularId, CompetitionId};
use crate::event_store::RecordedEvent;

use super::projection::Projection;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompetitionView {
    pub state: Competition,
    pub revision: u64,
}

#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Competitions {
    by_id: BTreeMap<CompetitionId, CompetitionView>,
    /// The circulars sent, with who sent them and where they are in the log (their messages
    /// in the outbox carry that position).
    #[serde(default)]
    pub circulars: BTreeMap<CircularId, CircularView>,
    /// Each competition's circulars in the order they were sent.
    #[serde(default)]
    pub circulars_of: BTreeMap<CompetitionId, Vec<CircularId>>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CircularView {
    pub sent: Sent,
    /// The account id of the sender, as the event's metadata names them.
    pub by: String,
    pub position: u64,
}

impl std::ops::Deref for Competitions {
    type Target = BTreeMap<CompetitionId, CompetitionView>;
    fn deref(&self) -> &Self::Target {
        &self.by_id
    }
}

impl Projection for Competitions {
    const NAME: &'static str = "competitions";

    fn apply(&mut self, event: &RecordedEvent) {
        if event.stream.category() == Some(Circular::CATEGORY) {
            return self.apply_circular(event);
        }
        if event.stream.category() != Some(Competition::CATEGORY) {
            return;
        }
        let Some(id) = super::stream_uuid(event).map(CompetitionId::from_uuid) else {
            return;
        };
        let decoded = match decode::<Competition>(event) {
            Ok(decoded) => decoded,
            Err(reason) => return super::skipped(event, reason),
        };
        let view = self.by_id.entry(id).or_default();
        view.state.apply(&decoded);
        view.revision = event.revision;
        if view.state.deleted {
            self.by_id.remove(&id);
        }
    }
}

impl Competitions {
    fn apply_circular(&mut self, event: &RecordedEvent) {
        let mut circular = Circular::default();
        match decode::<Circular>(event) {
            Ok(decoded) => circular.apply(&decoded),
            Err(reason) => return super::skipped(event, reason),
        }
        let Some(sent) = circular.sent else { return };
        let id = sent.id;
        self.circulars_of
            .entry(sent.competition_id)
            .or_default()
            .push(id);
        self.circulars.insert(
            id,
            CircularView {
                sent,
                by: event.metadata["actor"]
                    .as_str()
                    .unwrap_or("system")
                    .to_owned(),
                position: event.position.0,
            },
        );
    }
}
