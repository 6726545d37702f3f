//! Competitions: each one's state and revision, the circulars staff sent to their people,
//! and its own mail texts (`mailtexts-{id}`). A deleted draft leaves every list and page; its
//! events stay in the log.

use std::collections::BTreeMap;

use crate::app::decode;
use crate::domain::aggregate::Aggregate;
use crate::domain::circular::{Circular, Sent};
use crate::domain::competition::Competition;
use crate::domain::ids::{CircularId, CompetitionId};
use crate::domain::mail_texts::MailTexts;
use crate::event_store::RecordedEvent;

use super::projection::Projection;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompetitionView {
    pub state: Competition,
    pub revision: u64,
    /// The `$all` position of the stream's last event (the API's lists of changes).
    pub position: u64,
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
    mail_texts: BTreeMap<CompetitionId, MailTextsView>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CircularView {
    pub sent: Sent,
    /// The account id of the sender, as the event's metadata names them.
    pub by: String,
    pub position: u64,
}

/// A competition's own mail texts and the revision of their stream.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MailTextsView {
    pub state: MailTexts,
    pub revision: u64,
}

impl Competitions {
    /// The competition's own mail texts; `None` while it has never had one.
    pub fn mail_texts(&self, id: &CompetitionId) -> Option<&MailTextsView> {
        self.mail_texts.get(id)
    }
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
        if event.stream.category() == Some(MailTexts::CATEGORY) {
            return self.apply_mail_text(event);
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
        view.position = event.position.0;
        if view.state.deleted {
            self.by_id.remove(&id);
            self.mail_texts.remove(&id);
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

    fn apply_mail_text(&mut self, event: &RecordedEvent) {
        let Some(id) = super::stream_uuid(event).map(CompetitionId::from_uuid) else {
            return;
        };
        let decoded = match decode::<MailTexts>(event) {
            Ok(decoded) => decoded,
            Err(reason) => return super::skipped(event, reason),
        };
        let view = self.mail_texts.entry(id).or_default();
        view.state.apply(&decoded);
        view.revision = event.revision;
    }
}
