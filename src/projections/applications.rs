//! Applications: each one's state and revision, who may work on it, and the indexes the lists and
//! rankings read (per competition, and per stage the ones submitted in it). An application's
//! history is not kept here: `timeline.rs` reads it from its stream when a page asks.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use crate::app::decode;
use crate::domain::account::account_id_for;
use crate::domain::aggregate::Aggregate;
use crate::domain::application::{Application, ApplicationEvent, Status};
use crate::domain::ids::{AccountId, ApplicationId, CompetitionId};
use crate::domain::redress::Redress;
use crate::event_store::RecordedEvent;

use super::projection::Projection;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ApplicationView {
    pub state: Application,
    /// The stream's last revision; forms carry it back to detect concurrent edits.
    pub revision: u64,
    /// An event of the stream could not be decoded and was skipped: `state` is not the
    /// stream's state at `revision`, so a decision must not take it for that (it reads the
    /// stream, which refuses to fold past the event).
    pub skipped: bool,
    /// The `$all` position of the stream's last event: where the API's lists of changes
    /// (`after=`) find it.
    pub position: u64,
}

#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Applications {
    by_id: HashMap<ApplicationId, ApplicationView>,
    /// Every application by the position of its last change, oldest first: a list of changes
    /// since a position is a range of it.
    by_change: BTreeMap<u64, ApplicationId>,
    /// The applications an account owns or was invited to edit (invitations under the id of
    /// the invited address).
    pub(super) by_member: HashMap<AccountId, BTreeSet<ApplicationId>>,
    pub by_competition: HashMap<CompetitionId, BTreeSet<ApplicationId>>,
    /// The applications submitted in a stage and not withdrawn or rejected, with the time they
    /// were submitted: what the stage's ranking works on, without walking every application of
    /// the competition. An application invited to the next stage stays in the stage it came
    /// from, so a past stage's ranking keeps every application it had.
    pub submitted: HashMap<(CompetitionId, usize), BTreeMap<ApplicationId, DateTime<Utc>>>,
    /// Each application's requests for review of the procedure, by stage.
    pub redress: HashMap<ApplicationId, BTreeMap<usize, RedressView>>,
}

/// A request for review with its stream's revision, which the staff's answer form carries.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RedressView {
    pub state: Redress,
    pub revision: u64,
}

impl std::ops::Deref for Applications {
    type Target = HashMap<ApplicationId, ApplicationView>;
    fn deref(&self) -> &Self::Target {
        &self.by_id
    }
}

impl Projection for Applications {
    const NAME: &'static str = "applications";

    fn apply(&mut self, event: &RecordedEvent) {
        if event.stream.category() == Some(Redress::CATEGORY) {
            match decode::<Redress>(event) {
                Ok(decoded) => {
                    let key = decoded.key();
                    let view = self
                        .redress
                        .entry(key.application)
                        .or_default()
                        .entry(key.stage)
                        .or_default();
                    view.state.apply(&decoded);
                    view.revision = event.revision;
                }
                Err(reason) => super::skipped(event, reason),
            }
            return;
        }
        if event.stream.category() != Some(Application::CATEGORY) {
            return;
        }
        let Some(id) = super::stream_uuid(event).map(ApplicationId::from_uuid) else {
            return;
        };
        match decode::<Application>(event) {
            Ok(decoded) => {
                self.apply_application(id, event.revision, &decoded);
                self.changed(id, event.position.0);
            }
            Err(reason) => {
                self.by_id.entry(id).or_default().skipped = true;
                super::skipped(event, reason)
            }
        }
    }
}

impl Applications {
    fn changed(&mut self, id: ApplicationId, position: u64) {
        let view = self.by_id.entry(id).or_default();
        // Position 0 is a real one (the log's first event), so the index is asked, not the
        // view's default.
        if self.by_change.get(&view.position) == Some(&id) {
            self.by_change.remove(&view.position);
        }
        view.position = position;
        self.by_change.insert(position, id);
    }

    /// The applications whose last change is at `position` or later, the earliest first.
    pub fn changed_from(
        &self,
        position: u64,
    ) -> impl Iterator<Item = (&ApplicationId, &ApplicationView)> + '_ {
        self.by_change
            .range(position..)
            .filter_map(|(_, id)| self.by_id.get_key_value(id))
    }

    fn apply_application(&mut self, id: ApplicationId, revision: u64, decoded: &ApplicationEvent) {
        let view = self.by_id.entry(id).or_default();
        let submitted = &mut self.submitted;
        let submitted_in = |state: &Application| match (state.competition_id, &state.status) {
            (Some(competition), Status::Submitted { stage }) => Some((competition, *stage)),
            _ => None,
        };
        let before = submitted_in(&view.state);
        view.state.apply(decoded);
        let after = submitted_in(&view.state);
        if before != after {
            let moved_on = |stage: usize| matches!(view.state.status, Status::Draft { stage: next } if next > stage);
            if let Some(key) = before
                && !moved_on(key.1)
                && let Some(set) = submitted.get_mut(&key)
            {
                set.remove(&id);
            }
            if let Some(key) = after {
                let at = view.state.submitted_at.unwrap_or_default();
                submitted.entry(key).or_default().insert(id, at);
            }
        }
        view.revision = revision;
        match decoded {
            ApplicationEvent::ApplicationCreated {
                owner,
                competition_id,
                ..
            } => {
                self.by_member.entry(*owner).or_default().insert(id);
                self.by_competition
                    .entry(*competition_id)
                    .or_default()
                    .insert(id);
            }
            ApplicationEvent::EditorInvited { email, .. } => {
                self.by_member
                    .entry(account_id_for(email))
                    .or_default()
                    .insert(id);
            }
            ApplicationEvent::EditorRemoved { email, .. } => {
                if let Some(set) = self.by_member.get_mut(&account_id_for(email)) {
                    set.remove(&id);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_store::{Direction, ReadFrom};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_application_with_an_event_that_does_not_decode_is_marked_as_not_its_streams_state()
    {
        let dir = tempfile::tempdir().unwrap();
        let store = super::super::test_log::demo_log(dir.path()).await;
        let events = store
            .read_all(Direction::Forwards, ReadFrom::Start, usize::MAX)
            .unwrap();
        let stream = events
            .iter()
            .find(|e| e.stream.category() == Some(Application::CATEGORY))
            .unwrap()
            .stream
            .clone();
        let id = ApplicationId::from_uuid(uuid::Uuid::parse_str(stream.id().unwrap()).unwrap());

        let mut whole = Applications::default();
        let mut damaged = Applications::default();
        for event in &events {
            whole.apply(event);
            let mut event = event.clone();
            if event.stream == stream && event.revision == 1 {
                event.event_type = "NoSuchApplicationEvent".into();
            }
            damaged.apply(&event);
        }
        assert!(!whole[&id].skipped);
        assert!(damaged[&id].skipped, "the copy is not the stream's state");
        assert_eq!(damaged[&id].revision, whole[&id].revision);
        let others_intact = whole
            .keys()
            .filter(|other| **other != id)
            .all(|other| !damaged[other].skipped);
        assert!(others_intact);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_application_is_listed_once_by_its_last_change_even_one_begun_at_position_0() {
        let dir = tempfile::tempdir().unwrap();
        let store = super::super::test_log::demo_log(dir.path()).await;
        let mut events = store
            .read_all(Direction::Forwards, ReadFrom::Start, usize::MAX)
            .unwrap();
        // The first application's stream as if it began the log.
        let first = events
            .iter()
            .position(|e| e.stream.category() == Some(Application::CATEGORY))
            .unwrap();
        let stream = events[first].stream.clone();
        events[first].position = crate::event_store::Position(0);
        events.retain(|e| e.position.0 != 0 || e.stream == stream);

        let mut applications = Applications::default();
        for event in &events {
            applications.apply(event);
        }
        let listed: Vec<ApplicationId> = applications.changed_from(0).map(|(id, _)| *id).collect();
        let unique: BTreeSet<ApplicationId> = listed.iter().copied().collect();
        assert_eq!(listed.len(), unique.len(), "an application is listed twice");
        assert_eq!(unique.len(), applications.len());
        let last = |id: &ApplicationId| applications[id].position;
        assert!(listed.windows(2).all(|w| last(&w[0]) < last(&w[1])));
    }
}
